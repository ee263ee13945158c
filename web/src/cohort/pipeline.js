// The Your cohort pipeline from the file's bytes to the report, one code path for the page's worker
// and for `node scripts/cohort-report.mjs DATA.csv MAPPING.json`: read, describe the columns,
// check the mapping, prepare the rows, run the analyses through the core.
import { decodeBytes, readTable } from './read-table.js';
import { describeColumns } from './column-types.js';
import { checkMapping, resolveTypes, withTypes } from './mapping-file.js';
import { prepareCohort } from './prepare.js';
import { analyseCohort } from './analysis.js';
import { reportOptions } from './report-options.js';

// bytes: Uint8Array of the file; delimiter: '' to detect. Returns { table, columns, decimal,
// encoding, encodingNote }.
export function readCohortFile(bytes, { delimiter = '', onProgress } = {}) {
  const decoded = decodeBytes(bytes);
  const table = readTable(decoded.text, { delimiter, onProgress });
  const { decimal, columns } = describeColumns(table.header, table.rows, table.delimiter);
  return {
    table,
    columns,
    decimal,
    encoding: decoded.encoding,
    encodingNote: decoded.note ?? null,
  };
}

// The mapping with the type of every mapped column written out (the one the analysis used).
export const resolvedMapping = (file, mapping) =>
  withTypes(mapping, resolveTypes(mapping, file.columns));

// file: readCohortFile's result; calculate: core-calculate.js. Returns { ok: false, errors, notes }
// when the mapping does not fit the file, else { ok: true, mapping, notes, cohort, report }.
export function analyseFile(file, mapping, calculate) {
  const prepared = prepareFile(file, mapping);
  if (!prepared.ok) return prepared;
  return { ...prepared, report: reportOf(file, prepared, calculate) };
}

// The mapping checked and the rows prepared: { ok: false, errors, notes }, or { ok: true, mapping
// (with its column types), notes, cohort, options (the report's), mapped }.
export function prepareFile(file, mapping) {
  const { errors, notes } = checkMapping(mapping, file.table.header, file.columns);
  if (errors.length) return { ok: false, errors, notes };
  const used = resolvedMapping(file, mapping);
  const cohort = prepareCohort(file.table, used, file.columns);
  const mapped = { site: Boolean(used.roles.site), treatment: Boolean(used.roles.treatment) };
  return { ok: true, mapping: used, notes, cohort, options: reportOptions(used), mapped };
}

// The report of a prepared file (prepareFile), or its part (analysis.js analyseCohort) with the
// file's row counts in its summary.
export function reportOf(file, { cohort, options, mapped }, calculate, part = 'all') {
  const report = analyseCohort(cohort, calculate, { options, mapped, part });
  report.summary.rows_read = file.table.rows.length;
  report.summary.blank_rows = file.table.blankRows;
  report.summary.exclusions = cohort.exclusions;
  return report;
}

// What a second worker needs to compute the part 'by_group' of a prepared cohort's report: the
// columns those sections read (times, events, site, treatment, cause, the group-by columns),
// without the patients' ids, row numbers, covariates or problems.
export function partnerRows(cohort, options) {
  return {
    ...cohort,
    row: [],
    patientId: [],
    covariates: new Map(),
    covariateTypes: new Map(),
    references: new Map(),
    problems: [],
    groups: new Map(options.group_by.map((column) => [column, cohort.groups.get(column)])),
  };
}
