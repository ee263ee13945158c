// The seed's analysis of a prepared cohort (prepare.js) and the report a survival researcher
// expects, as requests to the survival core. Every survival number comes from the core
// (kaplan_meier, log_rank, cumulative_incidence, cox); these files only build requests, count
// categories and pick values out of the responses. Each section says how many patients it used
// and why the others were left out. The sections: report-survival.js (Kaplan-Meier),
// report-incidence.js (sites, cumulative incidence), and the Cox model here. Used by the worker
// and by scripts/cohort-report.mjs (pipeline.js) and by the tests.
import { reportOptions, reportTimes, maxGroups } from './report-options.js';
import { followUpSection, survivalSection, byGroupSection, osAfterRecurrenceSection } from './report-survival.js';
import { sitesSection, cumulativeIncidenceSection } from './report-incidence.js';

// The report's sections in order; each adds its part to the report. calculate(request) ->
// { result, warnings } or throws (an error with .code/.path for refusals). options: the
// mapping's "report" object (report-options.js), defaults where absent.
export function analyseCohort(cohort, calculate, { covariates = [...cohort.covariates.keys()], options = reportOptions({}), mapped = {} } = {}) {
  const report = { warnings: [], options };
  const times = reportTimes(options);
  const context = { cohort, calculate, report, n: cohort.dfsTime.length, times, confType: options.conf_type, mapped,
    note: (section, warnings) => { for (const warning of warnings ?? []) report.warnings.push({ section, ...warning }); } };
  summarySection(context);
  report.times = { landmarks: times.landmarks, risk_table: times.riskTimes, axis_end: times.axisEnd };
  if (context.n === 0) return report;
  context.hasOs = cohort.osTime.every((value) => value !== null) && cohort.osEvent.every((value) => value !== null);
  const run = (key, section) => { report[key] = guarded(section); };
  const followUp = guarded(() => followUpSection(context));
  if (followUp?.error) report.summary.follow_up_error = followUp.error;
  run('dfs', () => survivalSection(context, 'dfs'));
  if (context.hasOs) run('os', () => survivalSection(context, 'os'));
  else report.os = { empty: 'Overall survival needs the date of death (or vital status) or the OS time and event: map them to see it.' };
  sitesSection(context);
  run('cumulative_incidence', () => cumulativeIncidenceSection(context));
  report.by_group = options.group_by.map((column) => ({ column, ...guarded(() => byGroupSection(context, column, maxGroups)) }));
  if (context.hasOs) for (const key of ['os_by_site', 'os_by_treatment']) run(key, () => osAfterRecurrenceSection(context, key));
  if (covariates.length > 0) report.cox = coxSection(context, covariates, options);
  return report;
}

// A section the core refuses says why in words (no raw exception reaches the page).
function guarded(section) {
  try {
    return section();
  } catch (error) {
    return { error: describe(error) };
  }
}

function summarySection({ cohort, report, n }) {
  const recurred = cohort.recurred.reduce((sum, value) => sum + value, 0);
  report.summary = { n, recurred, recurred_percent: n ? (100 * recurred) / n : null, excluded: cohort.excluded ?? 0 };
}

// Cox model of DFS on the covariates the user picked (categorical ones as indicators against the
// declared reference level, else the most frequent; numeric ones as they are), on the patients
// with every covariate (and the stratum, if any) recorded; the tie method and strata as chosen.
function coxSection({ cohort, calculate, note }, covariates, options) {
  const data = coxData(cohort, covariates, options.strata);
  const request = { op: 'cox', data: { time: data.time, event: data.event, covariates: data.design.columns,
    ...(options.strata ? { strata: data.strata } : {}) }, ties: options.ties, ph_test: 'km' };
  const used = { ...data.used, file_rows: data.fileRows };
  try {
    if (data.used.n === 0) throw new Error('no patient has every covariate recorded');
    const { result, warnings } = calculate(request);
    note('cox', warnings);
    const terms = Object.fromEntries(result.terms.map((term) => [term, Object.fromEntries(
      ['coef', 'se', 'z', 'p', 'hr', 'hr_lower', 'hr_upper', 'infinite'].map((key) => [key, result[key][term]]))]));
    return { request, terms, coding: data.design.coding, used, n: result.n, nevent: result.nevent, ties: result.ties,
      strata: options.strata, concordance: result.concordance, ph_test: result.ph_test, lr_test: result.lr_test,
      wald_test: result.wald_test, score_test: result.score_test, loglik: result.loglik, loglik_null: result.loglik_null };
  } catch (error) {
    return { error: describe(error, data.design.coding), coding: data.design.coding, used, ties: options.ties, strata: options.strata };
  }
}

// A refusal in words: what the core said, with its code and where (a term of the design named
// as the covariate and level it stands for).
function describe(error, coding = []) {
  if (!error?.code) return `${error?.message ?? error}.`.replace(/\.\.$/, '.');
  const term = /^\/data\/covariates\/(.+)$/.exec(error.path ?? '')?.[1];
  const coded = coding.find((row) => row.term === term);
  const where = coded ? ` (covariate ${coded.covariate}${coded.kind === 'indicator' ? `, level ${coded.level} against ${coded.reference}` : ''})` : '';
  return `The survival core could not compute this: ${error.message}${where} [${error.code}${error.path ? ` at ${error.path}` : ''}]`;
}

// The rows with every covariate (and the stratum) recorded, and how many each column's missing
// values left out (a row missing two covariates counts under both).
export function completeCases(cohort, names, strata = null) {
  const rows = [];
  const columns = new Map(names.map((name) => [name, cohort.covariates.get(name)]));
  if (strata) columns.set(strata, cohort.groups.get(strata));
  const missing = new Map([...columns.keys()].map((name) => [name, 0]));
  for (let i = 0; i < cohort.dfsTime.length; i += 1) {
    let complete = true;
    for (const [name, values] of columns) {
      if (values[i] === null) {
        missing.set(name, missing.get(name) + 1);
        complete = false;
      }
    }
    if (complete) rows.push(i);
  }
  return { rows, used: { n: rows.length, left_out: [...missing].filter(([, count]) => count > 0)
    .map(([column, count]) => ({ reason: `${column} missing`, column, rows: count })) } };
}

// The Cox model's data: DFS and the design on the complete cases, with what was left out.
export function coxData(cohort, names, strata = null) {
  const { rows, used } = completeCases(cohort, names, strata);
  const pick = (values) => rows.map((i) => values[i]);
  const values = new Map(names.map((name) => [name, pick(cohort.covariates.get(name))]));
  return { rows, used, time: pick(cohort.dfsTime), event: pick(cohort.dfsEvent), fileRows: pick(cohort.row),
    strata: strata ? pick(cohort.groups.get(strata)) : null,
    design: designMatrix(values, cohort.covariateTypes, cohort.references, names) };
}

// values: Map covariate -> complete values; types: Map covariate -> 'number' | 'category';
// references: Map covariate -> the declared reference level or null (then the most frequent).
// Columns are keyed in a prototype-free object: a covariate may be called "__proto__".
export function designMatrix(values, types, references, names) {
  const columns = Object.create(null);
  const coding = [];
  for (const name of names) {
    const column = values.get(name);
    if (types.get(name) === 'number') {
      columns[name] = column;
      coding.push({ covariate: name, term: name, kind: 'numeric' });
      continue;
    }
    const frequency = new Map();
    for (const value of column) frequency.set(value, (frequency.get(value) ?? 0) + 1);
    const levels = [...frequency.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([level]) => level);
    const declared = references?.get(name);
    const reference = declared !== null && declared !== undefined && frequency.has(declared) ? declared : levels[0];
    for (const level of levels.filter((value) => value !== reference)) {
      const term = `${name}=${level}`;
      columns[term] = column.map((value) => (value === level ? 1 : 0));
      coding.push({ covariate: name, term, kind: 'indicator', level, reference });
    }
  }
  return { columns, coding };
}
