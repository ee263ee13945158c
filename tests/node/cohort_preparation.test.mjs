// Data preparation of Your cohort (web/src/cohort/prepare.js and its exports): times in years,
// every problem by row, patient id, column, value and reason, excluded rows counted by reason,
// duplicates, the recurrence flag, covariates as coded, and the safe CSV exports. Regression
// tests for the defects of issue 13 (data preparation) and issue 14 point 10 (__proto__).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeColumns } from '../../web/src/cohort/column-types.js';
import { prepareCohort } from '../../web/src/cohort/prepare.js';
import { resolveTypes, withTypes } from '../../web/src/cohort/mapping-file.js';
import { daysPerYear } from '../../web/src/cohort/values.js';
import { coxRequest } from '../../web/src/cohort/analysis.js';
import { loadModule } from './module_loader.mjs';
import { Engine } from '../../web/src/engine.js';
import { coreCalculator } from '../../web/src/cohort/core-calculate.js';
import { toCsv, neutralise } from '../../web/src/cohort/csv-export.js';
import { problemsCsv, analysisDataCsv } from '../../web/src/cohort/exports.js';
import { preparedCohort, fixture, readMapping, rotterdamReference } from './cohort_fixtures.mjs';

const base = {
  format: 'nelm-cohort-mapping',
  format_version: 1,
  delimiter: ',',
  decimal_separator: '.',
  date_format: 'YYYY-MM-DD',
  time_unit: 'months',
  column_types: [],
  covariates: [],
};
function prepare(header, rows, mapping) {
  const { columns } = describeColumns(header, rows);
  const full = { ...base, ...mapping };
  const table = { header, rows, rowNumbers: rows.map((row, i) => i + 2) };
  return prepareCohort(table, withTypes(full, resolveTypes(full, columns)), columns);
}
const brief = (problems) =>
  problems.map((p) => `${p.row} ${p.patient_id} ${p.column} ${p.kind} ${p.effect}`);

test('dates to DFS and OS in years, competing-risk causes, and problems by row, patient id, column and value', () => {
  const header = ['id', 'surgery', 'recurrence', 'last', 'death', 'vital', 'site'];
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
  const cohort = prepare(header, rows, {
    mode: 'dates',
    roles: {
      patient_id: 'id',
      surgery_date: 'surgery',
      recurrence_date: 'recurrence',
      last_follow_up_date: 'last',
      death_date: 'death',
      vital_status: 'vital',
      site: 'site',
    },
  });
  assert.equal(cohort.included, 4);
  assert.equal(cohort.excluded, 4);
  assert.deepEqual(cohort.row, [2, 3, 4, 9]);
  assert.deepEqual(cohort.patientId, ['1', '2', '3', '8']);
  assert.deepEqual(cohort.dfsTime, [
    365 / daysPerYear,
    1826 / daysPerYear,
    730 / daysPerYear,
    365 / daysPerYear,
  ]);
  assert.deepEqual(cohort.dfsEvent, [1, 0, 1, 1]);
  assert.deepEqual(cohort.osTime, [
    1096 / daysPerYear,
    1826 / daysPerYear,
    730 / daysPerYear,
    1826 / daysPerYear,
  ]);
  assert.deepEqual(cohort.osEvent, [1, 0, 1, 0]);
  assert.deepEqual(cohort.cause, [1, 0, 4, 2]);
  assert.deepEqual(
    cohort.problems.map(({ row, patient_id, column, value, reason }) => ({
      row,
      patient_id,
      column,
      value,
      reason,
    })),
    [
      {
        row: 5,
        patient_id: '4',
        column: 'recurrence',
        value: '2009-01-01',
        reason: 'recurrence date before the surgery date',
      },
      {
        row: 6,
        patient_id: '5',
        column: 'site',
        value: 'lung',
        reason:
          '"lung" is not a known recurrence site (intrahepatic, extrahepatic, both, or empty)',
      },
      {
        row: 7,
        patient_id: '6',
        column: 'surgery',
        value: '01/01/2010',
        reason: '"01/01/2010" is not a date in the format YYYY-MM-DD',
      },
      {
        row: 8,
        patient_id: '7',
        column: 'death',
        value: '2011-06-01',
        reason: 'death date before the recurrence date',
      },
      {
        row: 8,
        patient_id: '7',
        column: 'recurrence',
        value: '2012-01-01',
        reason: 'recurrence date after the last follow-up',
      },
    ],
  );
  assert.deepEqual(
    cohort.exclusions.map(({ kind, rows: n }) => [kind, n]),
    [
      ['date_order', 2],
      ['unknown_site', 1],
      ['not_a_date', 1],
    ],
  );
});

test('durations with a unit; a decimal comma in every number column; recurrence without a DFS event', () => {
  const cohort = prepare(
    ['t', 'e', 'r', 'ot', 'oe', 'age'],
    [
      ['12', '1', '1', '24', '1', '60,5'],
      ['6,5', '0', '0', '6,5', '0', '70'],
      ['-1', '1', '1', '3', '0', '1'],
      ['5', '0', '1', '5', '0', '2'],
      ['12', '1', '0', '10', '1', '3'],
    ],
    {
      mode: 'durations',
      decimal_separator: ',',
      roles: { dfs_time: 't', dfs_event: 'e', recurred: 'r', os_time: 'ot', os_event: 'oe' },
      covariates: [{ column: 'age' }],
      column_types: [{ column: 'age', type: 'number' }],
    },
  );
  assert.deepEqual(cohort.dfsTime, [1, 6.5 / 12]);
  assert.deepEqual(cohort.osTime, [2, 6.5 / 12]);
  assert.deepEqual(cohort.covariates.get('age'), [60.5, 70]);
  assert.deepEqual(brief(cohort.problems), [
    '4  t negative_time excluded',
    '5  r recurrence_without_event excluded',
    '6  ot os_shorter_than_dfs excluded',
  ]);
});

test('the recurrence flag in dates mode: "yes" without a date and a date with "no" are problems, not silent non-recurrences', () => {
  const cohort = prepare(
    ['id', 'op', 'recurred', 'recurrence', 'last'],
    [
      ['A', '2010-01-01', 'yes', '2011-01-01', '2012-01-01'],
      ['B', '2010-01-01', 'yes', '', '2012-01-01'],
      ['C', '2010-01-01', 'no', '2011-01-01', '2012-01-01'],
      ['D', '2010-01-01', '', '', '2012-01-01'],
      ['E', '2010-01-01', 'maybe', '', '2012-01-01'],
    ],
    {
      mode: 'dates',
      roles: {
        patient_id: 'id',
        surgery_date: 'op',
        recurrence_flag: 'recurred',
        recurrence_date: 'recurrence',
        last_follow_up_date: 'last',
      },
    },
  );
  assert.deepEqual(cohort.patientId, ['A', 'D']);
  assert.deepEqual(cohort.recurred, [1, 0]);
  assert.deepEqual(brief(cohort.problems), [
    '3 B recurred recurrence_without_date excluded',
    '4 C recurred recurrence_date_but_flag_no excluded',
    '6 E recurred not_an_indicator excluded',
  ]);
});

test('duplicated patient ids: an exact copy is left out and the first kept; conflicting rows are all left out', () => {
  const cohort = prepare(
    ['id', 't', 'e'],
    [
      ['P1', '10', '1'],
      ['P2', '20', '0'],
      ['P1', '10', '1'],
      ['P3', '5', '1'],
      ['P2', '21', '0'],
      ['', '3', '1'],
    ],
    { mode: 'durations', roles: { patient_id: 'id', dfs_time: 't', dfs_event: 'e' } },
  );
  assert.deepEqual(cohort.patientId, ['P1', 'P3', '']);
  assert.deepEqual(
    cohort.problems.map((p) => `${p.row} ${p.kind} ${p.reason}`),
    [
      '3 conflicting_patient patient id P2 is also on row 6 with different values; all are left out',
      '4 duplicate_patient an exact copy of row 2 (patient id P1); the first is kept',
      '6 conflicting_patient patient id P2 is also on row 3 with different values; all are left out',
      '7 missing_patient_id no patient id',
    ],
  );
  assert.equal(cohort.problems.at(-1).effect, 'listed');
});

test('"unknown" in a number covariate is a listed problem with row and patient id; the column stays a number and only the Cox model leaves the row out', async () => {
  const mapping = readMapping('rotterdam-messy.mapping.json');
  const cohort = preparedCohort(fixture('rotterdam-messy.csv'), mapping);
  assert.equal(cohort.covariateTypes.get('age_decades'), 'number');
  assert.ok(
    cohort.covariates
      .get('age_decades')
      .every((value) => value === null || typeof value === 'number'),
  );
  const expected = rotterdamReference.messy.expected_problems.filter(
    (p) => p.column === 'age_decades',
  );
  assert.deepEqual(
    cohort.problems
      .filter((p) => p.column === 'age_decades')
      .map((p) => [p.row, p.patient_id, p.value, p.effect]),
    expected.map((p) => [p.row, p.patient_id, 'unknown', 'value_missing']),
  );
  // The core leaves out the incomplete rows and says which column's missing values did it.
  const calculate = coreCalculator(new Engine(await loadModule()));
  const { result } = calculate(coxRequest(cohort, ['age_decades', 'tumour_size', 'grade']));
  assert.equal(result.n, 390);
  assert.deepEqual(result.missing, { rows: 3, by_column: { age_decades: 3 } });
});

test('the messy export: every planted defect is found at its row with its patient id, and the rows kept are those R kept', () => {
  const cohort = preparedCohort(fixture('rotterdam-messy.csv'), {
    ...readMapping('rotterdam-messy.mapping.json'),
    covariates: [{ column: 'age' }, { column: 'age_decades' }, { column: 'nodes' }],
  });
  const found = cohort.problems
    .map((p) => `${p.row} ${p.patient_id} ${p.column} ${p.kind} ${p.effect}`)
    .sort();
  const planted = rotterdamReference.messy.expected_problems
    .map((p) => `${p.row} ${p.patient_id} ${p.column} ${p.kind} ${p.effect}`)
    .sort();
  assert.deepEqual(found, planted);
  assert.deepEqual([...cohort.patientId].sort(), [...rotterdamReference.messy.patient_ids].sort());
  assert.equal(cohort.read, 403);
  assert.equal(cohort.excluded, 10);
  assert.deepEqual(Object.fromEntries(cohort.exclusions.map((e) => [e.kind, e.rows])), {
    missing_value: 2,
    not_a_date: 2,
    duplicate_patient: 2,
    conflicting_patient: 2,
    recurrence_without_date: 1,
    recurrence_date_but_flag_no: 1,
  });
});

test('a column called __proto__ is kept as a covariate, in the design and in the exports (issue 14 point 10)', () => {
  const cohort = prepare(
    ['t', 'e', '__proto__', 'constructor'],
    [
      ['1', '1', 'a', '1'],
      ['2', '0', 'b', '2'],
      ['3', '1', 'a', '3'],
      ['4', '0', 'b', '5'],
    ],
    {
      mode: 'durations',
      roles: { dfs_time: 't', dfs_event: 'e' },
      covariates: [{ column: '__proto__' }, { column: 'constructor' }],
    },
  );
  assert.deepEqual(cohort.covariates.get('__proto__'), ['a', 'b', 'a', 'b']);
  const request = coxRequest(cohort, ['__proto__', 'constructor']);
  assert.deepEqual(Object.keys(request.data.covariates), ['__proto__', 'constructor']);
  assert.match(
    JSON.stringify(request),
    /"covariates":\{"__proto__":\["a","b","a","b"\],"constructor":\[1,2,3,5\]\}/,
  );
  assert.match(JSON.stringify(request), /"categorical":\{"__proto__":\{\}\}/);
  assert.match(
    analysisDataCsv(cohort, 'international').split('\r\n')[0],
    /,__proto__,constructor$/,
  );
});

test('CSV exports neutralise formulas (numbers excepted) and write a European style on request', () => {
  for (const [text, expected] of [
    ['=1+1', "'=1+1"],
    ['+1+1', "'+1+1"],
    ['@SUM(1+1)', "'@SUM(1+1)"],
    ['-2+3+cmd|x', "'-2+3+cmd|x"],
    ['\tTAB', "'\tTAB"],
    ['\rCR', "'\rCR"],
    ['-1.5', '-1.5'],
    ['+3', '+3'],
    ['=HYPERLINK("x")', '\'=HYPERLINK("x")'],
    ['plain', 'plain'],
  ]) {
    assert.equal(neutralise(text), expected, JSON.stringify(text));
  }
  assert.equal(
    toCsv([
      ['a', 'b'],
      ['=1+1', -1.5],
      ['x;y', 'q"r'],
    ]),
    'a,b\r\n\'=1+1,-1.5\r\nx;y,"q""r"\r\n',
  );
  assert.equal(
    toCsv(
      [
        ['a', 'b'],
        ['=1+1', -1.5],
        ['x;y', 2],
      ],
      'european',
    ),
    'a;b\r\n\'=1+1;-1,5\r\n"x;y";2\r\n',
  );
  const cohort = prepare(
    ['id', 't', 'e', 'x'],
    [
      ['=1+1', '1.5', '1', '@SUM(1+1)'],
      ['+1+1', '2', '0', '3'],
    ],
    {
      mode: 'durations',
      time_unit: 'years',
      roles: { patient_id: 'id', dfs_time: 't', dfs_event: 'e' },
      covariates: [{ column: 'x' }],
      column_types: [{ column: 'x', type: 'number' }],
    },
  );
  const csv = analysisDataCsv(cohort, 'european').split('\r\n');
  assert.equal(
    csv[0],
    'file_row;patient_id;dfs_years;dfs_event;recurred;os_years;os_event;recurrence_site;recurrence_treatment;competing_cause;x',
  );
  assert.equal(csv[1], "2;'=1+1;1,5;1;1;;;not recorded;not recorded;3;");
  assert.equal(csv[2], "3;'+1+1;2;0;0;;;;;0;3");
  assert.match(
    problemsCsv(cohort.problems, 'international'),
    /^row,patient_id,column,value,problem,reason,effect\r\n2,'=1\+1,x,'@SUM\(1\+1\),not_a_number,/,
  );
});
