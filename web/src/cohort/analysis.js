// @ts-check
// The seed's analysis of a prepared cohort (prepare.js) and the report a survival researcher
// expects, as requests to the survival core. Every survival number comes from the core
// (kaplan_meier, log_rank, cumulative_incidence, cox); these files only build requests, count
// categories and pick values out of the responses. Each section says how many patients it used
// and why the others were left out. The sections: report-survival.js (Kaplan-Meier),
// report-incidence.js (sites, cumulative incidence), and the Cox model here. Used by the worker
// and by scripts/cohort-report.mjs (pipeline.js) and by the tests.
import { reportOptions, reportTimes, maxGroups } from './report-options.js';
import {
  followUpSection,
  survivalSection,
  byGroupSection,
  osAfterRecurrenceSection,
  groupCodes,
  groupRows,
} from './report-survival.js';
import { sitesSection, cumulativeIncidenceSection } from './report-incidence.js';
import { incidenceByGroup, fineGraySection } from './report-competing.js';
import { asked } from './core-calculate.js';

/**
 * @typedef {import('../../../docs/api').Calculate} Calculate
 * @typedef {import('../../../docs/api').Warning} Warning
 * @typedef {(number | string | null)[]} Values
 * @typedef {{ row: number[], patientId: string[], dfsTime: number[], dfsEvent: number[], recurred: number[],
 *   osTime: (number | null)[], osEvent: (number | null)[], site: string[], treatment: string[], cause: number[],
 *   covariates: Map<string, Values>, groups: Map<string, Values>, covariateTypes: Map<string, string>,
 *   references?: Map<string, string | null | undefined>, excluded?: number, exclusions?: object[] }} Cohort
 *   The prepared cohort (prepare.js): one entry per patient analysed.
 * @typedef {ReturnType<typeof reportOptions>} ReportOptions
 * @typedef {{ warnings: (Warning & { section: string })[], options: ReportOptions, [section: string]: any }} Report
 * @typedef {{ cohort: Cohort, calculate: Calculate, report: Report, n: number,
 *   times: ReturnType<typeof reportTimes>, confType: import('../../../docs/api').ConfType,
 *   mapped: { site?: boolean, treatment?: boolean }, hasOs: boolean,
 *   note: (section: string, warnings: Warning[] | undefined) => void }} Context
 */

// The report's sections in order; each adds its part to the report. calculate(request) ->
// { result, warnings } or throws (an error with .code/.path for refusals). options: the
// mapping's "report" object (report-options.js), defaults where absent. part: 'all', or one of
// two halves that need nothing from each other, so that two workers can compute a large cohort's
// report side by side (worker.js): 'by_group' (the curves by category column and OS after
// recurrence by site and treatment) and 'rest' (everything else); mergeReportParts joins them
// into the report 'all' gives.
/**
 * @param {Cohort} cohort @param {Calculate} calculate
 * @param {{ covariates?: string[], options?: ReportOptions, mapped?: Context['mapped'],
 *   part?: 'all' | 'rest' | 'by_group' }} [options]
 */
export function analyseCohort(
  cohort,
  calculate,
  {
    covariates = [...cohort.covariates.keys()],
    options = reportOptions({}),
    mapped = {},
    part = 'all',
  } = {},
) {
  /** @type {Report} */
  const report = { warnings: [], options };
  const times = reportTimes(options);
  /** @type {Context} */
  const context = {
    cohort,
    calculate,
    report,
    n: cohort.dfsTime.length,
    times,
    confType: options.conf_type,
    mapped,
    hasOs: false,
    note: (section, warnings) => {
      for (const warning of warnings ?? []) report.warnings.push({ section, ...warning });
    },
  };
  summarySection(context);
  report.times = {
    landmarks: times.landmarks,
    risk_table: times.riskTimes,
    axis_end: times.axisEnd,
  };
  if (context.n === 0) return report;
  context.hasOs =
    cohort.osTime.every((value) => value !== null) &&
    cohort.osEvent.every((value) => value !== null);
  const run = (key, section) => {
    report[key] = guarded(section);
  };
  if (part !== 'by_group') {
    const followUp = guarded(() => followUpSection(context));
    if (followUp?.error) report.summary.follow_up_error = followUp.error;
    run('dfs', () => survivalSection(context, 'dfs'));
    if (context.hasOs) run('os', () => survivalSection(context, 'os'));
    else
      report.os = {
        empty:
          'Overall survival needs the date of death (or vital status) or the OS time and event: map them to see it.',
      };
    sitesSection(context);
    run('cumulative_incidence', () => cumulativeIncidenceSection(context));
  }
  if (part !== 'rest') {
    report.by_group = options.group_by.map((column) => groupSection(context, column));
    if (context.hasOs)
      for (const key of recurrenceKeys) run(key, () => osAfterRecurrenceSection(context, key));
  }
  if (part !== 'by_group' && covariates.length > 0) {
    report.cox = coxSection(context, covariates, options);
    report.fine_gray = guarded(() => fineGraySection(context, covariates, options));
  }
  return report;
}

// The sections of part 'by_group', in the report's order.
const recurrenceKeys = /** @type {const} */ (['os_by_site', 'os_by_treatment']);
const byGroupKeys = ['by_group', ...recurrenceKeys];

// The report of part 'all' from the two parts of the same cohort and options: the sections of
// 'by_group' and its warnings where 'all' puts them (after the cumulative incidence, before the
// Cox model and Fine-Gray).
/** @param {Report} rest @param {Report} byGroup @returns {Report} */
export function mergeReportParts(rest, byGroup) {
  const last = new Set(['cox', 'fine_gray']);
  /** @type {Report} */
  const merged = { ...rest };
  for (const key of byGroupKeys) if (key in byGroup) merged[key] = byGroup[key];
  merged.warnings = [
    ...rest.warnings.filter((warning) => !last.has(warning.section)),
    ...byGroup.warnings,
    ...rest.warnings.filter((warning) => last.has(warning.section)),
  ];
  return merged;
}

// DFS and OS by a category column (Kaplan-Meier, log-rank) and the cumulative incidence of each
// competing event by it (Gray's test), over the patients with the column recorded.
/** @param {Context} context @param {string} column */
function groupSection(context, column) {
  const section = { column, ...guarded(() => byGroupSection(context, column, maxGroups)) };
  if (section.error || section.empty) return section;
  const labels = asked(context.cohort.groups.get(column));
  const rows = groupRows(labels);
  section.cumulative_incidence = guarded(() =>
    incidenceByGroup(context, rows, groupCodes(rows.map((i) => labels[i])), `by_${column}`),
  );
  return section;
}

// A section the core refuses says why in words (no raw exception reaches the page); the core's
// code and JSON path travel apart, for the page's "Details for support".
function guarded(section) {
  try {
    return section();
  } catch (error) {
    return refusal(error);
  }
}

/** @param {Context} context */
function summarySection({ cohort, report, n }) {
  const recurred = cohort.recurred.reduce((sum, value) => sum + value, 0);
  report.summary = {
    n,
    recurred,
    recurred_percent: n ? (100 * recurred) / n : null,
    excluded: cohort.excluded ?? 0,
  };
}

// Cox model of DFS on the covariates the user picked, on the patients with every covariate (and
// the stratum, if any) recorded; the tie method and strata as chosen. The core expands each
// category column into indicators against its reference level (declared, else the most frequent
// among the rows used) and leaves out the incomplete rows (docs/api.md, cox).
/** @param {Context} context @param {string[]} covariates @param {ReportOptions} options */
function coxSection({ cohort, calculate, note }, covariates, options) {
  const request = coxRequest(cohort, covariates, { strata: options.strata, ties: options.ties });
  try {
    const { result, warnings } = calculate(request);
    note('cox', warnings);
    const terms = Object.fromEntries(
      result.terms.map((term) => [
        term,
        Object.fromEntries(
          ['coef', 'se', 'z', 'p', 'hr', 'hr_lower', 'hr_upper', 'infinite'].map((key) => [
            key,
            result[key][term],
          ]),
        ),
      ]),
    );
    return {
      request,
      terms,
      covariates: result.covariates,
      used: usedRows(result, options.strata),
      n: result.n,
      nevent: result.nevent,
      ties: result.ties,
      strata: options.strata,
      concordance: result.concordance,
      ph_test: result.ph_test,
      lr_test: result.lr_test,
      wald_test: result.wald_test,
      score_test: result.score_test,
      loglik: result.loglik,
      loglik_null: result.loglik_null,
    };
  } catch (error) {
    return { request, ...refusal(error), ties: options.ties, strata: options.strata };
  }
}

// The request for a Cox model of DFS (the report's, and export_model's with the same data): the
// columns as prepared (numbers, or category labels with null for missing), each category column
// declared with its reference level when the mapping names one.
/**
 * @param {Cohort} cohort @param {string[]} covariates
 * @param {{ strata?: string | null, ties?: 'efron' | 'breslow', phTest?: 'km' | 'identity' | null }} [options]
 * @returns {import('../../../docs/api').CoxRequest & { op: 'cox' }}
 */
export function coxRequest(
  cohort,
  covariates,
  { strata = null, ties = 'efron', phTest = 'km' } = {},
) {
  // Object.create(null): a covariate may be called "__proto__".
  const columns = Object.create(null);
  const categorical = Object.create(null);
  for (const name of covariates) {
    columns[name] = cohort.covariates.get(name);
    if (cohort.covariateTypes.get(name) !== 'number') {
      const reference = cohort.references?.get(name);
      categorical[name] = reference === null || reference === undefined ? {} : { reference };
    }
  }
  return {
    op: 'cox',
    data: {
      time: cohort.dfsTime,
      event: cohort.dfsEvent,
      covariates: columns,
      ...(strata ? { strata: cohort.groups.get(strata) } : {}),
    },
    categorical,
    ties,
    ...(phTest ? { ph_test: phTest } : {}),
  };
}

// The core's count of the rows it left out, in the report's words.
function usedRows(result, strata) {
  const byColumn = Object.entries(result.missing?.by_column ?? {});
  return {
    n: result.n,
    left_out: byColumn
      .filter(([, count]) => count > 0)
      .map(([column, count]) => {
        const name = column === 'strata' && strata ? strata : column;
        return { reason: `${name} missing`, column: name, rows: count };
      }),
  };
}

// A refusal in words: what the core said (its message names the column and level); the code and
// where, separately, for support.
function refusal(error) {
  const message = `${error?.message ?? error}`;
  if (!error?.code) return { error: `${message}.`.replace(/\.\.$/, '.') };
  return {
    error: `The survival core could not compute this: ${message}.`.replace(/\.\.$/, '.'),
    support: `${error.code}${error.path ? ` at ${error.path}` : ''}: ${message}`,
  };
}

// The request for the institution model file (export_model: the core fits the same Cox model of
// DFS without strata, pools the baseline, writes, checksums and validates the file).
/**
 * @param {Cohort} cohort @param {string[]} covariates
 * @param {{ synthetic: boolean, date?: string, ties?: 'efron' | 'breslow' }} options
 */
export function exportModelRequest(cohort, covariates, { synthetic, date = '', ties = 'efron' }) {
  const { data, categorical } = coxRequest(cohort, covariates, { ties, phTest: null });
  return {
    op: 'export_model',
    data: { time: data.time, event: data.event, covariates: data.covariates },
    categorical,
    ties,
    metadata: {
      synthetic,
      ...(date ? { date } : {}),
      definition: 'Alive without recurrence; death without recurrence counts as an event.',
      population:
        'The patients of the cohort file analysed in the Your cohort view (rows with problems excluded) with every covariate recorded.',
    },
  };
}
