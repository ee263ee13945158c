// Rows of a cohort file -> the columns the analyses need (DFS and OS in years, events, recurrence
// site and treatment, competing-risk causes, covariates as coded), with every problem listed by
// row, patient id, column, value and reason, and every excluded row counted by reason. Data
// preparation only: times are differences of dates or durations converted to years; every
// survival quantity comes from the WebAssembly core. The same code runs in the worker and node.
import {
  parseDate,
  parseNumber,
  parseIndicator,
  parseSite,
  isMissing,
  daysPerYear,
  unitsPerYear,
} from './values.js';
import { resolveTypes } from './mapping-file.js';
import { findDuplicates } from './duplicates.js';
import { reportOptions } from './report-options.js';

// Problems kept for the list and its CSV; beyond this they are counted (a file where every row
// has a problem in every column would otherwise hold millions of them).
export const problemLimit = 100000;

// What each kind of problem means, for the count of excluded rows by reason.
export const problemKinds = {
  missing_value: 'a required value is missing',
  not_a_date: 'not a date in the chosen format',
  not_a_number: 'text in a number column',
  not_an_indicator: 'not a yes/no value',
  negative_time: 'a negative time',
  date_order: 'dates in an impossible order',
  recurrence_without_date: 'recurrence "yes" without a recurrence date',
  recurrence_date_but_flag_no: 'a recurrence date with recurrence "no"',
  recurrence_without_event: 'a recurrence without a DFS event',
  vital_status_conflict: 'alive, with a date of death',
  os_shorter_than_dfs: 'OS time shorter than DFS time',
  unknown_site: 'a recurrence site this page does not know',
  site_without_recurrence: 'a recurrence site without a recurrence',
  wrong_field_count: 'a row with more or fewer values than the header',
  duplicate_patient: 'the same patient twice (exact copy)',
  conflicting_patient: 'the same patient id with different values',
  missing_patient_id: 'no patient id',
};

// Reads the role and covariate columns of one row at a time (made once per file, reset per row,
// so that a million rows do not make a million sets of closures). fail() records a problem that
// leaves the row out; listProblem() any problem.
class RowReader {
  constructor(table, mapping, columns) {
    const types = resolveTypes(mapping, columns);
    const position = (name) => (name ? table.header.indexOf(name) : -1);
    this.index = Object.create(null);
    for (const [role, name] of Object.entries(mapping.roles)) this.index[role] = position(name);
    for (const role of ['recurred', 'os_time', 'os_event', 'patient_id', 'site', 'treatment'])
      this.index[role] ??= -1;
    this.covariates = mapping.covariates.map((covariate) => ({
      column: covariate.column,
      columnIndex: position(covariate.column),
      type: types.get(covariate.column),
      reference: covariate.reference ?? null,
    }));
    // The report's group-by and strata columns, read as labels (null where missing).
    const options = reportOptions(mapping);
    // A group column that is also a covariate is read once, as the covariate (covariateIndex).
    this.groups = [...new Set([...options.group_by, options.strata].filter(Boolean))].map(
      (column) => ({
        column,
        columnIndex: position(column),
        type: types.get(column),
        covariateIndex: this.covariates.findIndex((c) => c.column === column),
      }),
    );
    Object.assign(this, {
      mapping,
      types,
      width: table.header.length,
      perYear: unitsPerYear[mapping.time_unit],
    });
    this.problems = [];
    this.covariateValues = new Array(this.covariates.length).fill(null);
    this.groupValues = new Array(this.groups.length).fill(null);
  }

  // The problems list is emptied, not replaced, per row: the caller copies the problems out first.
  start(cells, row) {
    this.cells = cells;
    this.row = row;
    this.patientId =
      this.index.patient_id >= 0 ? String(cells[this.index.patient_id] ?? '').trim() : '';
    this.problems.length = 0;
    this.excluded = 0;
  }

  listProblem(column, kind, value, reason, effect) {
    this.problems.push({
      row: this.row,
      patient_id: this.patientId,
      column: column ?? '',
      value,
      kind,
      reason,
      effect,
    });
    if (effect === 'excluded') this.excluded += 1;
  }

  fail(role, kind, reason) {
    this.listProblem(this.mapping.roles[role], kind, this.text(role), reason, 'excluded');
  }

  text(role) {
    return this.index[role] < 0 ? '' : String(this.cells[this.index[role]] ?? '').trim();
  }

  present(role) {
    return this.index[role] >= 0 && !isMissing(this.cells[this.index[role]]);
  }

  date(role, required) {
    if (!this.present(role)) {
      if (required) this.fail(role, 'missing_value', 'missing date');
      return null;
    }
    const value = parseDate(this.text(role), this.mapping.date_format);
    if (value === null)
      this.fail(
        role,
        'not_a_date',
        `"${this.text(role)}" is not a date in the format ${this.mapping.date_format}`,
      );
    return value;
  }

  number(role, required) {
    if (!this.present(role)) {
      if (required) this.fail(role, 'missing_value', 'missing time');
      return null;
    }
    const value = parseNumber(this.text(role), this.mapping.decimal_separator);
    if (value === null)
      this.fail(
        role,
        'not_a_number',
        `"${this.text(role)}" is not a number (decimal separator "${this.mapping.decimal_separator}")`,
      );
    else if (value < 0) this.fail(role, 'negative_time', 'negative time');
    return value;
  }

  // 1/0; null when the column is not mapped or the cell is empty (and not required).
  indicator(role, required) {
    if (!this.present(role)) {
      if (required) this.fail(role, 'missing_value', 'missing yes/no value');
      return null;
    }
    const raw = this.text(role);
    const value =
      this.types.get(this.mapping.roles[role]) === 'number'
        ? parseNumber(raw, this.mapping.decimal_separator)
        : parseIndicator(raw);
    if (value !== 0 && value !== 1) {
      this.fail(
        role,
        'not_an_indicator',
        `"${raw}" is not a yes/no value (1/0, yes/no, dead/alive)`,
      );
      return null;
    }
    return value;
  }

  // A group label: the number (a numeric column) or the trimmed text; null where missing or, in a
  // number column, not a number (listed, as for a covariate).
  group({ column, columnIndex, type }) {
    const raw = String(this.cells[columnIndex] ?? '').trim();
    if (isMissing(raw)) return null;
    if (type !== 'number') return raw;
    const value = parseNumber(raw, this.mapping.decimal_separator);
    if (value === null)
      this.listProblem(
        column,
        'not_a_number',
        raw,
        `"${raw}" is not a number (decimal separator "${this.mapping.decimal_separator}"): missing wherever ${column} is used`,
        'value_missing',
      );
    return value;
  }

  // Covariates as coded: numbers under the decimal separator, categories as their trimmed text,
  // missing as null. A value that does not fit its column's type is missing where the column is
  // used (the Cox model leaves the row out) and listed; it never changes the column's type.
  covariate({ column, columnIndex, type }) {
    const raw = String(this.cells[columnIndex] ?? '').trim();
    if (isMissing(raw)) return null;
    if (type !== 'number') return raw;
    const value = parseNumber(raw, this.mapping.decimal_separator);
    if (value === null)
      this.listProblem(
        column,
        'not_a_number',
        raw,
        `"${raw}" is not a number (decimal separator "${this.mapping.decimal_separator}"): missing wherever ${column} is used`,
        'value_missing',
      );
    return value;
  }
}

function readDates(read) {
  const surgery = read.date('surgery_date', true);
  const recurrence = read.date('recurrence_date', false);
  const flag = read.indicator('recurrence_flag', false);
  const last = read.date('last_follow_up_date', true);
  const death = read.date('death_date', false);
  const vital = read.indicator('vital_status', false);
  if (flag === 1 && recurrence === null && !read.present('recurrence_date'))
    read.fail(
      'recurrence_flag',
      'recurrence_without_date',
      'recurrence "yes" but no recurrence date: the DFS time is unknown',
    );
  if (flag === 0 && recurrence !== null)
    read.fail(
      'recurrence_flag',
      'recurrence_date_but_flag_no',
      'a recurrence date but recurrence "no"',
    );
  if (vital === 0 && death !== null)
    read.fail('vital_status', 'vital_status_conflict', 'alive but a date of death is given');
  const dead = vital ?? (death !== null ? 1 : 0);
  if (read.excluded > 0) return null;
  if (recurrence !== null && recurrence < surgery)
    read.fail('recurrence_date', 'date_order', 'recurrence date before the surgery date');
  if (last < surgery)
    read.fail('last_follow_up_date', 'date_order', 'last follow-up date before the surgery date');
  if (death !== null && death < surgery)
    read.fail('death_date', 'date_order', 'death date before the surgery date');
  if (death !== null && recurrence !== null && death < recurrence)
    read.fail('death_date', 'date_order', 'death date before the recurrence date');
  if (recurrence !== null && recurrence > Math.max(last, death ?? last))
    read.fail('recurrence_date', 'date_order', 'recurrence date after the last follow-up');
  if (read.excluded > 0) return null;
  const end = dead && death !== null ? death : last;
  return {
    recurred: recurrence !== null ? 1 : 0,
    dfsTime: ((recurrence ?? end) - surgery) / daysPerYear,
    dfsEvent: recurrence !== null || dead ? 1 : 0,
    osTime: (end - surgery) / daysPerYear,
    osEvent: dead,
  };
}

function readDurations(read) {
  const { index, perYear } = read;
  const dfsTime = read.number('dfs_time', true);
  const dfsEvent = read.indicator('dfs_event', true);
  const recurred = index.recurred >= 0 ? read.indicator('recurred', true) : dfsEvent;
  const osTime = index.os_time >= 0 ? read.number('os_time', true) : null;
  const osEvent = index.os_event >= 0 ? read.indicator('os_event', true) : null;
  if (read.excluded > 0) return null;
  if (recurred === 1 && dfsEvent === 0)
    read.fail('recurred', 'recurrence_without_event', 'recurred but the DFS event is 0');
  if (osTime !== null && osTime < dfsTime)
    read.fail('os_time', 'os_shorter_than_dfs', 'OS time shorter than DFS time');
  if (read.excluded > 0) return null;
  return {
    recurred,
    dfsTime: dfsTime / perYear,
    dfsEvent,
    osTime: osTime === null ? null : osTime / perYear,
    osEvent,
  };
}

function readSite(read, recurred) {
  if (!read.present('site')) return '';
  const site = parseSite(read.text('site'));
  if (site === null)
    read.fail(
      'site',
      'unknown_site',
      `"${read.text('site')}" is not a known recurrence site (intrahepatic, extrahepatic, both, or empty)`,
    );
  else if (site !== '' && !recurred)
    read.fail('site', 'site_without_recurrence', 'a recurrence site but no recurrence');
  return site;
}

// One row: its values (null when it is left out); its problems stay in the reader.
function readRow(read, cells, row, duplicate) {
  read.start(cells, row);
  if (cells.length !== read.width)
    read.listProblem(
      '',
      'wrong_field_count',
      '',
      `${cells.length} values, but the header has ${read.width} columns`,
      'excluded',
    );
  if (read.index.patient_id >= 0 && isMissing(read.patientId))
    read.listProblem(
      read.mapping.roles.patient_id,
      'missing_patient_id',
      '',
      'no patient id',
      'listed',
    );
  const times = read.excluded
    ? null
    : read.mapping.mode === 'dates'
      ? readDates(read)
      : readDurations(read);
  const site = times ? readSite(read, times.recurred) : '';
  const treatment =
    times && times.recurred && read.present('treatment') ? read.text('treatment') : '';
  // Into the reader's own lists (addPatient copies the values out before the next row).
  const { covariateValues: covariates, groupValues: groups } = read;
  for (let k = 0; k < read.covariates.length; k += 1)
    covariates[k] = read.covariate(read.covariates[k]);
  // A column that is also a covariate already listed its problems.
  for (let k = 0; k < read.groups.length; k += 1) {
    const group = read.groups[k];
    groups[k] = group.covariateIndex >= 0 ? covariates[group.covariateIndex] : read.group(group);
  }
  if (duplicate)
    read.listProblem(
      read.mapping.roles.patient_id,
      duplicate.kind,
      read.patientId,
      duplicate.reason,
      'excluded',
    );
  if (read.excluded) return null;
  times.site = site;
  times.treatment = treatment;
  times.covariates = covariates;
  times.groups = groups;
  return times;
}

// Competing risks after surgery: 1 intrahepatic-only recurrence, 2 extrahepatic (only or both),
// 3 recurrence with the site not recorded, 4 death without recurrence, 0 censored.
const causeOf = ({ recurred, site, dfsEvent }) =>
  recurred
    ? site === 'intrahepatic'
      ? 1
      : site === 'extrahepatic' || site === 'both'
        ? 2
        : 3
    : dfsEvent
      ? 4
      : 0;

function emptyCohort(read) {
  return {
    row: [],
    patientId: [],
    dfsTime: [],
    dfsEvent: [],
    recurred: [],
    osTime: [],
    osEvent: [],
    site: [],
    treatment: [],
    cause: [],
    covariates: new Map(read.covariates.map((c) => [c.column, []])),
    groups: new Map(read.groups.map((g) => [g.column, []])),
    covariateTypes: new Map(read.covariates.map((c) => [c.column, c.type])),
    references: new Map(read.covariates.map((c) => [c.column, c.reference])),
  };
}

function addPatient(out, read, v, row, covariateColumns, groupColumns) {
  out.row.push(row);
  out.patientId.push(read.patientId);
  out.dfsTime.push(v.dfsTime);
  out.dfsEvent.push(v.dfsEvent);
  out.recurred.push(v.recurred);
  out.osTime.push(v.osTime);
  out.osEvent.push(v.osEvent);
  out.site.push(v.recurred ? v.site || 'not recorded' : '');
  out.treatment.push(v.recurred ? v.treatment || 'not recorded' : '');
  out.cause.push(causeOf(v));
  for (let k = 0; k < covariateColumns.length; k += 1) covariateColumns[k].push(v.covariates[k]);
  for (let k = 0; k < groupColumns.length; k += 1) groupColumns[k].push(v.groups[k]);
}

// table: { header, rows, rowNumbers } (read-table.js); mapping: mapping-file.js, already checked;
// columns: column-types.js's summaries. Returns the cohort's columns (included rows only), the
// problems (the first problemLimit; problemCount counts all), the excluded rows counted once by
// their first reason, and the numbers of rows read, included and excluded.
export function prepareCohort(table, mapping, columns) {
  const read = new RowReader(table, mapping, columns);
  const duplicates =
    read.index.patient_id >= 0
      ? findDuplicates(table.rows, table.rowNumbers, read.index.patient_id)
      : new Map();
  const out = emptyCohort(read);
  const covariateColumns = read.covariates.map((c) => out.covariates.get(c.column));
  const groupColumns = read.groups.map((g) => out.groups.get(g.column));
  const problems = [];
  const counts = new Map();
  let problemCount = 0;
  table.rows.forEach((cells, r) => {
    const values = readRow(read, cells, table.rowNumbers[r], duplicates.get(r));
    if (values) addPatient(out, read, values, table.rowNumbers[r], covariateColumns, groupColumns);
    else {
      const first = read.problems.find((problem) => problem.effect === 'excluded');
      counts.set(first.kind, (counts.get(first.kind) ?? 0) + 1);
    }
    problemCount += read.problems.length;
    for (const problem of read.problems) if (problems.length < problemLimit) problems.push(problem);
  });
  const exclusions = [...counts]
    .map(([kind, rows]) => ({ kind, label: problemKinds[kind] ?? kind, rows }))
    .sort((a, b) => b.rows - a.rows);
  return {
    ...out,
    problems,
    problemCount,
    exclusions,
    read: table.rows.length,
    included: out.row.length,
    excluded: table.rows.length - out.row.length,
  };
}
