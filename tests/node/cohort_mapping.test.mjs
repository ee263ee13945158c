// Date arithmetic and column mapping of the "Your cohort" import (web/src/cohort/mapping.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDate, detectDateFormats, parseNumber, parseIndicator, parseSite, deriveCohort,
  daysPerYear } from '../../web/src/cohort/mapping.js';

test('dates: formats, leap years, impossible dates', () => {
  assert.equal(parseDate('1970-01-01', 'YYYY-MM-DD'), 0);
  assert.equal(parseDate('2000-03-01', 'YYYY-MM-DD') - parseDate('2000-02-28', 'YYYY-MM-DD'), 2); // leap
  assert.equal(parseDate('1900-03-01', 'YYYY-MM-DD') - parseDate('1900-02-28', 'YYYY-MM-DD'), 1); // not leap
  assert.equal(parseDate('31/12/2010', 'DD/MM/YYYY'), parseDate('2010-12-31', 'YYYY-MM-DD'));
  assert.equal(parseDate('12/31/2010', 'MM/DD/YYYY'), parseDate('2010-12-31', 'YYYY-MM-DD'));
  assert.equal(parseDate('31.12.2010', 'DD.MM.YYYY'), parseDate('2010-12-31', 'YYYY-MM-DD'));
  assert.equal(parseDate('2010-02-30', 'YYYY-MM-DD'), null);
  assert.equal(parseDate('2011-02-29', 'YYYY-MM-DD'), null);
  assert.equal(parseDate('31/12/2010', 'MM/DD/YYYY'), null);
  assert.equal(parseDate('yesterday', 'YYYY-MM-DD'), null);
  // Across a daylight-saving change the difference is still whole days (UTC arithmetic).
  assert.equal(parseDate('2020-03-30', 'YYYY-MM-DD') - parseDate('2020-03-28', 'YYYY-MM-DD'), 2);
});

test('date formats are detected only when one fits every value', () => {
  assert.deepEqual(detectDateFormats(['2010-01-05', '', '2011-12-31']), ['YYYY-MM-DD']);
  assert.deepEqual(detectDateFormats(['03/04/2010', '05/06/2011']), ['DD/MM/YYYY', 'MM/DD/YYYY']);
  assert.deepEqual(detectDateFormats(['03/04/2010', '25/06/2011']), ['DD/MM/YYYY']);
  assert.deepEqual(detectDateFormats(['2010-01-05', 'n/a']), []);
  assert.equal(detectDateFormats(['', ' ']), null);
});

test('numbers, indicators and sites as hospitals write them', () => {
  assert.equal(parseNumber('7,5', ','), 7.5);
  assert.equal(parseNumber('1.234,5', ','), 1234.5);
  assert.equal(parseNumber('7,5', '.'), null);
  assert.equal(parseNumber(' 12 '), 12);
  assert.equal(parseNumber('abc'), null);
  assert.equal(parseNumber(''), null);
  assert.equal(parseIndicator('Dead'), 1);
  assert.equal(parseIndicator('alive'), 0);
  assert.equal(parseIndicator('maybe'), null);
  assert.equal(parseSite('Intrahepatic'), 'intrahepatic');
  assert.equal(parseSite(''), '');
  assert.equal(parseSite('lung'), null);
});

const header = ['id', 'surgery', 'recurrence', 'last', 'death', 'vital', 'site'];
const mapping = { mode: 'dates', dateFormat: 'YYYY-MM-DD', columns: { surgery: 'surgery',
  recurrence: 'recurrence', lastFollowUp: 'last', death: 'death', vitalStatus: 'vital', site: 'site' } };

test('dates to DFS and OS in years, competing-risk codes, and problems by row and column', () => {
  const rows = [
    ['1', '2010-01-01', '2011-01-01', '2013-01-01', '2013-01-01', 'dead', 'intrahepatic'],
    ['2', '2010-01-01', '', '2015-01-01', '', 'alive', ''],
    ['3', '2010-01-01', '', '2012-01-01', '2012-01-01', 'dead', ''],
    ['4', '2010-01-01', '2009-01-01', '2015-01-01', '', 'alive', 'both'],
    ['5', '2010-01-01', '2011-01-01', '2015-01-01', '', 'alive', 'lung'],
    ['6', '01/01/2010', '', '2015-01-01', '', 'alive', ''],
    ['7', '2010-01-01', '2012-01-01', '2011-06-01', '2011-06-01', 'dead', 'both'],
    ['8', '2010-01-01', '2011-01-01', '2015-01-01', '', 'alive', 'extrahepatic'],
  ];
  const cohort = deriveCohort(header, rows, mapping);
  assert.equal(cohort.included, 4);
  assert.equal(cohort.excluded, 4);
  assert.deepEqual(cohort.row, [2, 3, 4, 9]);
  assert.deepEqual(cohort.dfsTime, [365 / daysPerYear, 1826 / daysPerYear, 730 / daysPerYear, 365 / daysPerYear]);
  assert.deepEqual(cohort.dfsEvent, [1, 0, 1, 1]);
  assert.deepEqual(cohort.osTime, [1096 / daysPerYear, 1826 / daysPerYear, 730 / daysPerYear, 1826 / daysPerYear]);
  assert.deepEqual(cohort.osEvent, [1, 0, 1, 0]);
  assert.deepEqual(cohort.cause, [1, 0, 4, 2]);
  assert.deepEqual(cohort.problems, [
    { row: 5, column: 'recurrence', reason: 'recurrence date before the surgery date' },
    { row: 6, column: 'site', reason: '"lung" is not a known recurrence site (intrahepatic, extrahepatic, both, or empty)' },
    { row: 7, column: 'surgery', reason: '"01/01/2010" is not a date in the format YYYY-MM-DD' },
    { row: 8, column: 'death', reason: 'death date before the recurrence date' },
    { row: 8, column: 'recurrence', reason: 'recurrence date after the last follow-up' },
  ]);
});

test('durations with a unit and decimal commas', () => {
  const cohort = deriveCohort(['t', 'e', 'ot', 'oe'], [['12', '1', '24', '1'], ['6,5', '0', '6,5', '0'], ['-1', '1', '3', '0']],
    { mode: 'durations', unit: 'months', decimal: ',', columns: { dfsTime: 't', dfsEvent: 'e', osTime: 'ot', osEvent: 'oe' } });
  assert.deepEqual(cohort.dfsTime, [1, 6.5 / 12]);
  assert.deepEqual(cohort.osTime, [2, 6.5 / 12]);
  assert.deepEqual(cohort.problems, [{ row: 4, column: 't', reason: 'negative time' }]);
  assert.throws(() => deriveCohort(['a'], [], { mode: 'durations', columns: { dfsTime: 'x', dfsEvent: 'a' } }), /column "x" is not in the file/);
});
