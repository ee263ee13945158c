// Reading a cohort file (web/src/cohort/): values by type, the table as read, the columns' types
// and the mapping the page preselects and checks. Pure functions, no module needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseDate,
  parseNumber,
  parseIndicator,
  parseSite,
  isMissing,
} from '../../web/src/cohort/values.js';
import {
  readTable,
  decodeBytes,
  maxColumns,
  CohortFileError,
} from '../../web/src/cohort/read-table.js';
import { describeColumns } from '../../web/src/cohort/column-types.js';
import {
  defaultMapping,
  checkMapping,
  parseMappingFile,
  mappingFileText,
} from '../../web/src/cohort/mapping-file.js';
import { readFile, fixture, readMapping } from './cohort_fixtures.mjs';

test('dates: formats, leap years, impossible dates', () => {
  assert.equal(parseDate('1970-01-01', 'YYYY-MM-DD'), 0);
  assert.equal(parseDate('2000-03-01', 'YYYY-MM-DD') - parseDate('2000-02-28', 'YYYY-MM-DD'), 2); // leap
  assert.equal(parseDate('1900-03-01', 'YYYY-MM-DD') - parseDate('1900-02-28', 'YYYY-MM-DD'), 1); // not leap
  assert.equal(parseDate('31/12/2010', 'DD/MM/YYYY'), parseDate('2010-12-31', 'YYYY-MM-DD'));
  assert.equal(parseDate('12/31/2010', 'MM/DD/YYYY'), parseDate('2010-12-31', 'YYYY-MM-DD'));
  assert.equal(parseDate('31.12.2010', 'DD.MM.YYYY'), parseDate('2010-12-31', 'YYYY-MM-DD'));
  assert.equal(parseDate('2010-02-30', 'YYYY-MM-DD'), null);
  assert.equal(parseDate('2011-02-29', 'YYYY-MM-DD'), null);
  assert.equal(parseDate('1989-13-01', 'YYYY-MM-DD'), null);
  assert.equal(parseDate('31/12/2010', 'MM/DD/YYYY'), null);
  assert.equal(parseDate('yesterday', 'YYYY-MM-DD'), null);
  // Across a daylight-saving change the difference is still whole days (UTC arithmetic).
  assert.equal(parseDate('2020-03-30', 'YYYY-MM-DD') - parseDate('2020-03-28', 'YYYY-MM-DD'), 2);
});

test('numbers honour the decimal separator and never read the other mark as a silent thousands separator', () => {
  assert.equal(parseNumber('7,5', ','), 7.5);
  assert.equal(parseNumber('-2,6', ','), -2.6);
  assert.equal(parseNumber('1.234,5', ','), 1234.5);
  assert.equal(parseNumber('1,234.5', '.'), 1234.5);
  assert.equal(parseNumber('2.6', ','), null, '2.6 with decimal comma is not 26');
  assert.equal(parseNumber('7,5', '.'), null);
  assert.equal(parseNumber('1.234', ','), null, 'ambiguous: no decimal part after the grouping');
  assert.equal(parseNumber(' 12 '), 12);
  assert.equal(parseNumber('1e-3'), 0.001);
  assert.equal(parseNumber('abc'), null);
  assert.equal(parseNumber('unknown'), null);
  assert.equal(parseNumber(''), null);
  assert.equal(parseIndicator('Dead'), 1);
  assert.equal(parseIndicator('alive'), 0);
  assert.equal(parseIndicator(''), null);
  assert.equal(parseIndicator('maybe'), null);
  assert.equal(parseSite('Intrahepatic'), 'intrahepatic');
  assert.equal(parseSite(''), '');
  assert.equal(parseSite('lung'), null);
  for (const word of ['', ' ', 'NA', 'n/a', 'NULL', '.']) assert.equal(isMissing(word), true, word);
  assert.equal(
    isMissing('unknown'),
    false,
    '"unknown" in a number column is a problem, not a silent gap',
  );
});

test('the table as read: BOM, CRLF, quoted delimiters and newlines, blank rows counted, header trimmed and made unique', () => {
  const bytes = new TextEncoder().encode(
    '\ufeffid; age ;age;\r\n1;"7,5";x;"a;\r\nb"\r\n;;;\r\n\r\n2;8;y;z\r\n\r\n',
  );
  const { text, encoding } = decodeBytes(bytes);
  assert.equal(encoding, 'UTF-8');
  const table = readTable(text);
  assert.equal(table.delimiter, ';');
  assert.deepEqual(table.header, ['id', 'age', 'age (column 3)', 'column 4']);
  assert.deepEqual(table.rows, [
    ['1', '7,5', 'x', 'a;\r\nb'],
    ['2', '8', 'y', 'z'],
  ]);
  assert.deepEqual(
    table.rowNumbers,
    [2, 5],
    'rows are numbered as a spreadsheet shows them, blank rows included',
  );
  assert.equal(table.blankRows, 3);
  assert.equal(table.problems[0].kind, 'duplicate_column');
  assert.equal(table.problems[0].row, 1);
});

test('a file that is not UTF-8 is read as Windows-1252 and says so', () => {
  const bytes = Uint8Array.from([
    ...new TextEncoder().encode('id,Tumorgr'),
    0xf6,
    0xdf,
    0x65,
    0x0a,
    0x31,
    0x2c,
    0x32,
    0x0a,
  ]);
  const { text, encoding, note } = decodeBytes(bytes);
  assert.equal(encoding, 'Windows-1252');
  assert.match(note, /not UTF-8/);
  assert.deepEqual(readTable(text).header, ['id', 'Tumorgröße']);
});

test('refusals before any form: too wide, empty, one column', () => {
  const wide = `${Array.from({ length: maxColumns + 1 }, (_, i) => `c${i}`).join(',')}\n1,2\n`;
  assert.throws(
    () => readTable(wide),
    (error) =>
      error instanceof CohortFileError &&
      /2,001 columns; this page reads files with at most 2,000 columns/.test(error.message),
  );
  assert.doesNotThrow(() =>
    readTable(`${Array.from({ length: maxColumns }, (_, i) => `c${i}`).join(',')}\n1,2\n`),
  );
  assert.throws(() => readTable(''), /The file is empty/);
  assert.throws(
    () => readTable('a;b;c\n1;2;3\n', { delimiter: ',' }),
    /Only one column was found with the delimiter comma/,
  );
});

test('column types: suggested by most values; impossible dates do not hide the format; decimal commas detected', () => {
  const header = ['id', 'surgery', 'recurrence', 'age', 'grade', 'empty'];
  const rows = [
    ['1', '03.04.2010', 'yes', '2,6', 'G1', ''],
    ['2', '25.06.2011', 'no', 'unknown', 'G2', ''],
    ['3', '31.02.2012', 'no', '4,1', 'G2', ''],
    ['4', '', 'yes', '5', 'G3', ''],
  ];
  const { decimal, columns } = describeColumns(header, rows, ',');
  assert.equal(decimal, ',', 'values written 2,6 and none 2.6');
  assert.equal(columns.get('surgery').suggested, 'date');
  assert.deepEqual(
    columns.get('surgery').dateFormats,
    ['DD.MM.YYYY'],
    '31.02.2012 is no date at all and says nothing about the format',
  );
  assert.equal(columns.get('recurrence').suggested, 'category');
  assert.equal(columns.get('recurrence').dates, 0);
  assert.equal(
    columns.get('age').suggested,
    'number',
    '"unknown" does not turn a number column into text',
  );
  assert.equal(columns.get('age').numbers[','], 3);
  assert.equal(columns.get('grade').suggested, 'category');
  assert.equal(columns.get('empty').suggested, null);
});

test('the preselected mapping: the yes/no recurrence column is the flag, never the recurrence date', () => {
  const file = readFile(fixture('rotterdam-clean.csv'));
  const mapping = defaultMapping({
    header: file.table.header,
    columns: file.columns,
    decimal: file.decimal,
    delimiter: file.table.delimiter,
  });
  assert.equal(mapping.roles.recurrence_date, 'date_of_recurrence');
  assert.equal(mapping.roles.recurrence_flag, 'recurrence');
  assert.equal(mapping.roles.patient_id, 'patient_id');
  assert.equal(mapping.date_format, 'YYYY-MM-DD');
  assert.deepEqual(mapping.covariates, [], 'no covariate is ticked for the user');
  const european = readFile(fixture('rotterdam-european.csv'));
  const suggested = defaultMapping({
    header: european.table.header,
    columns: european.columns,
    decimal: european.decimal,
    delimiter: european.table.delimiter,
  });
  assert.equal(suggested.decimal_separator, ',');
  assert.equal(suggested.date_format, 'DD.MM.YYYY');
  assert.equal(european.columns.get('age_decades').suggested, 'number');
  assert.ok(european.table.header.includes('Tumorgröße'));
  // The yes/no column cannot be given a date role.
  const { errors } = checkMapping(
    { ...mapping, roles: { ...mapping.roles, recurrence_date: 'recurrence' } },
    file.table.header,
    file.columns,
  );
  assert.deepEqual(
    errors.map((e) => e.path),
    ['/roles/recurrence_date'],
  );
  assert.match(
    errors[0].message,
    /column "recurrence" has type category; Date of recurrence \(empty: none\) needs a date column/,
  );
});

test('the mapping check: missing columns and roles are errors with paths; a column in two roles or a role and a covariate is said', () => {
  const file = readFile(fixture('rotterdam-clean.csv'));
  const mapping = readMapping('rotterdam-clean.mapping.json');
  assert.deepEqual(checkMapping(mapping, file.table.header, file.columns), {
    errors: [],
    notes: [],
  });
  const both = {
    ...mapping,
    roles: { ...mapping.roles, treatment: 'hormonal_therapy' },
    covariates: [...mapping.covariates, { column: 'hormonal_therapy' }],
  };
  assert.deepEqual(checkMapping(both, file.table.header, file.columns).notes, [
    '"hormonal_therapy" is both Treatment of recurrence and a covariate of the Cox model: it is used as both.',
  ]);
  const twice = { ...mapping, roles: { ...mapping.roles, death_date: 'date_of_last_follow_up' } };
  assert.deepEqual(checkMapping(twice, file.table.header, file.columns).notes, [
    '"date_of_last_follow_up" fills two roles: Date of last follow-up and Date of death (empty: alive).',
  ]);
  const broken = {
    ...mapping,
    date_format: '',
    roles: { ...mapping.roles, surgery_date: 'op_date', last_follow_up_date: undefined },
    covariates: [{ column: 'date_of_death' }, { column: 'bmi' }],
  };
  assert.deepEqual(
    checkMapping(broken, file.table.header, file.columns).errors.map(
      (e) => `${e.path}: ${e.message}`,
    ),
    [
      '/roles/surgery_date: column "op_date" (Date of liver surgery) is not in the file',
      '/roles/last_follow_up_date: choose the column for Date of last follow-up',
      '/date_format: choose the date format',
      '/covariates/0: covariate "date_of_death" is a date; give it type number or category, or leave it out',
      '/covariates/1: covariate column "bmi" is not in the file',
    ],
  );
});

test('a saved mapping file reads back as the same mapping; a foreign or newer file is refused with what is wrong', () => {
  const mapping = readMapping('rotterdam-european.mapping.json');
  assert.deepEqual(parseMappingFile(mappingFileText(mapping)), mapping);
  assert.throws(
    () => parseMappingFile('{"format": "nelm-prediction-model"}'),
    /not a cohort mapping file: "format" must be "nelm-cohort-mapping" \(at \/format\)/,
  );
  assert.throws(
    () => parseMappingFile(JSON.stringify({ ...mapping, format_version: 2 })),
    /format_version 2 is not 1, the version this page reads \(at \/format_version\)/,
  );
  assert.throws(() => parseMappingFile('{'), /The mapping file is not JSON/);
});

test('column summaries travel to the page packed and come back the same', async () => {
  const { packColumns, unpackColumns } = await import('../../web/src/cohort/column-types.js');
  const file = readFile(fixture('rotterdam-european.csv'));
  assert.deepEqual(unpackColumns(structuredClone(packColumns(file.columns))), file.columns);
});
