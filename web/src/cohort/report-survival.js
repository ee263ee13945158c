// @ts-check
// The Kaplan-Meier parts of the Your cohort report: median follow-up (reverse Kaplan-Meier), DFS and
// OS over all patients, DFS and OS by any category column with the log-rank test, and OS by site
// and by treatment of recurrence among the recurrences (the seed's analysis). Every number comes
// from the core's kaplan_meier and log_rank; the core says where there is no estimate (past the
// last observed time) and thins the curves for the figures. This file builds requests, picks
// rows out of responses and counts rows.

import { asked } from './core-calculate.js';

/** @typedef {import('./analysis.js').Context} Context */
/** @typedef {import('../../../docs/api').SurvivalDataInput} SurvivalDataInput */

// Points of the figures' time axis: more than the pixels of the widest figure, also at twice its
// size in the PNG export, so the thinned curve draws exactly as the full one (plot_rows.h).
export const plotPoints = 1200;

// The request for curves of time/event (optionally by group) at the report's times, without the
// full table (one row per distinct time: 10^6 rows on a large file), with the thinned curve.
// The report shows the median only: one quantile instead of the default three (each reads every
// row of the curve and of both bands).
/**
 * @param {SurvivalDataInput} data
 * @param {{ times: Context['times'], axisEnd: number, confType: Context['confType'] }} options
 * @returns {import('../../../docs/api').KaplanMeierRequest & { op: 'kaplan_meier' }}
 */
export function kaplanMeierRequest(data, { times, axisEnd, confType }) {
  return {
    op: 'kaplan_meier',
    data,
    conf_type: confType,
    times: times.times,
    quantiles: [0.5],
    table: false,
    plot: { points: plotPoints, to: axisEnd },
  };
}

// "not estimable: no patient followed 10 years" for a time past a curve's last observed time.
export function notEstimableReason(time, lastTime) {
  return `not estimable: no patient followed ${time} year${time === 1 ? '' : 's'} (the longest follow-up is ${lastTime.toFixed(1)} years)`;
}

// The core's at_times columns as rows, each with the reason where there is no estimate.
export function atTimeRows(atTimes, lastTime) {
  return atTimes.time.map((time, i) => ({
    time,
    n_risk: atTimes.n_risk[i],
    surv: atTimes.surv[i],
    std_err: atTimes.std_err[i],
    lower: atTimes.lower[i],
    upper: atTimes.upper[i],
    estimable: atTimes.estimable[i],
    ...(atTimes.estimable[i] ? {} : { reason: notEstimableReason(time, lastTime) }),
  }));
}

const pick = (rows, times) => times.map((time) => rows.find((row) => row.time === time));

// One curve of a kaplan_meier response as the report keeps it.
export function curveSummary(curve, times) {
  const rows = atTimeRows(curve.at_times, curve.last_time);
  return {
    group: curve.group,
    n: curve.n,
    events: curve.events,
    last_time: curve.last_time,
    median: curve.median,
    landmarks: pick(rows, times.landmarks),
    at_risk: pick(rows, times.riskTimes).map(({ time, n_risk }) => ({ time, n_risk })),
    at_times: rows,
    plot: curve.plot,
  };
}

// Median follow-up by reverse Kaplan-Meier: the OS (or DFS) censoring indicator flipped.
/** @param {Context} context */
export function followUpSection({ cohort, calculate, report, note, hasOs, confType }) {
  const time = hasOs ? cohort.osTime : cohort.dfsTime;
  // With OS mapped every patient has an OS event (hasOs): no null here.
  const event = (hasOs ? cohort.osEvent : cohort.dfsEvent).map(
    (value) => 1 - /** @type {number} */ (value),
  );
  const { result, warnings } = calculate({
    op: 'kaplan_meier',
    data: { time, event },
    conf_type: confType,
    quantiles: [0.5],
    table: false,
  });
  note('follow_up', warnings);
  report.summary.median_follow_up = result.curves[0].median;
  report.summary.follow_up_basis = hasOs ? 'overall survival' : 'disease-free survival';
  report.summary.longest_follow_up = result.curves[0].last_time;
  return {};
}

// DFS or OS over every patient: curve, median, landmarks, numbers at risk.
/** @param {Context} context @param {'dfs' | 'os'} outcome */
export function survivalSection({ cohort, calculate, note, n, times, confType }, outcome) {
  const data =
    outcome === 'dfs'
      ? { time: cohort.dfsTime, event: cohort.dfsEvent }
      : { time: cohort.osTime, event: cohort.osEvent };
  const request = kaplanMeierRequest(data, { times, axisEnd: times.axisEnd, confType });
  const { result, warnings } = calculate(request);
  note(outcome, warnings);
  return {
    request,
    conf_type: result.conf_type,
    used: { n, left_out: [] },
    ...curveSummary(result.curves[0], times),
  };
}

/** @param {Context['calculate']} calculate @param {SurvivalDataInput} data @param {Context['note']} note @param {string} key */
function logRank(calculate, data, note, key) {
  const test = calculate({ op: 'log_rank', data });
  note(key, test.warnings);
  return {
    chisq: test.result.chisq,
    df: test.result.df,
    p: test.result.p,
    observed: test.result.observed,
    expected: test.result.expected,
  };
}

// Text labels travel as numeric codes 1..k, numbered in the order the core sorts labels (numbers
// numerically, else by text), so that a large cohort's groups take the module's typed-array path
// instead of a JSON array of a million strings; the curves get their labels back.
export function groupCodes(values) {
  const levels = [...new Set(values)];
  const numeric = levels.every((level) => typeof level === 'number');
  if (numeric) return { codes: values, labelOf: (code) => code };
  levels.sort((a, b) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
  const code = new Map(levels.map((level, k) => [level, k + 1]));
  return { codes: values.map((value) => code.get(value)), labelOf: (k) => levels[k - 1] };
}

// Curves by group and the log-rank test on the given rows (indices into the cohort).
// A warning about one group names it by its code: give it its label back.
/** @param {import('../../../docs/api').Warning[]} warnings @param {(code: any) => any} labelOf */
export const relabelled = (warnings, labelOf) =>
  warnings.map((warning) =>
    warning.subject
      ? {
          ...warning,
          subject: String(labelOf(warning.subject)),
          message: warning.message.replace(
            `(group ${warning.subject})`,
            `(group ${labelOf(warning.subject)})`,
          ),
        }
      : warning,
  );

/**
 * @param {Context} context @param {number[]} rows @param {any[]} labels @param {'dfs' | 'os'} outcome
 * @param {string} key @param {Context['times']} [times]
 */
function groupCurves(context, rows, labels, outcome, key, times = context.times) {
  const { cohort, calculate, note, confType } = context;
  const [timeColumn, eventColumn] =
    outcome === 'dfs' ? [cohort.dfsTime, cohort.dfsEvent] : [cohort.osTime, cohort.osEvent];
  const { codes, labelOf } = groupCodes(rows.map((i) => labels[i]));
  const data = {
    time: rows.map((i) => timeColumn[i]),
    event: rows.map((i) => eventColumn[i]),
    group: codes,
  };
  const km = calculate(kaplanMeierRequest(data, { times, axisEnd: times.axisEnd, confType }));
  note(key, relabelled(km.warnings, labelOf));
  const curves = km.result.curves.map((curve) => ({
    ...curveSummary(curve, times),
    group: labelOf(curve.group),
  }));
  return {
    outcome,
    conf_type: km.result.conf_type,
    curves,
    log_rank: curves.length > 1 ? logRank(calculate, data, note, key) : null,
  };
}

export const groupRows = (labels) => labels.map((value, i) => i).filter((i) => labels[i] !== null);

const levelsOf = (values) => new Set(values.filter((value) => value !== null)).size;

// DFS and OS by one category column, over every patient with the column recorded.
/** @param {Context} context @param {string} column @param {number} maxGroups */
export function byGroupSection(context, column, maxGroups) {
  const { cohort, n, hasOs } = context;
  const labels = asked(cohort.groups.get(column));
  const rows = groupRows(labels);
  const section = {
    column,
    n: rows.length,
    used: {
      n: rows.length,
      left_out: [{ reason: `${column} not recorded`, column, rows: n - rows.length }],
    },
  };
  const levels = levelsOf(labels);
  if (rows.length === 0) return { ...section, empty: `No patient has ${column} recorded.` };
  if (levels < 2)
    return {
      ...section,
      empty: `Every patient with ${column} recorded has the same value: there are no groups to compare.`,
    };
  if (levels > maxGroups)
    return {
      ...section,
      empty: `${column} has ${levels} different values; curves by group are drawn for at most ${maxGroups}. Group the values in the file first.`,
    };
  section.dfs = groupCurves(context, rows, labels, 'dfs', `by_${column}`);
  if (hasOs) section.os = groupCurves(context, rows, labels, 'os', `by_${column}`);
  return section;
}

// OS (from the surgery) by site or by treatment of recurrence, among the recurrences with the
// category recorded (the seed's analysis).
/** @param {Context} context @param {'os_by_site' | 'os_by_treatment'} key */
export function osAfterRecurrenceSection(context, key) {
  const { cohort, n } = context;
  const what = key === 'os_by_site' ? 'site' : 'treatment';
  const values = key === 'os_by_site' ? cohort.site : cohort.treatment;
  const rows = values
    .map((value, i) => i)
    .filter((i) => cohort.recurred[i] && values[i] !== 'not recorded');
  const recurred = cohort.recurred.reduce((sum, value) => sum + value, 0);
  const section = {
    n: rows.length,
    used: {
      n: rows.length,
      left_out: [
        { reason: 'no recurrence', rows: n - recurred },
        { reason: `${what} of recurrence not recorded`, rows: recurred - rows.length },
      ],
    },
  };
  if (recurred === 0) return { ...section, empty: 'No patient has a recurrence.' };
  if (rows.length === 0) {
    return {
      ...section,
      empty: context.mapped[what]
        ? `No recurrence has its ${what} recorded.`
        : `The ${what} of recurrence is not mapped to a column: map it to compare overall survival by ${what}.`,
    };
  }
  // The seed reports OS at 10 years: asked for whatever the landmarks.
  const times = {
    ...context.times,
    times: [...new Set([...context.times.times, 10])].sort((a, b) => a - b),
  };
  const groups = groupCurves(context, rows, values, 'os', key, times);
  return {
    ...section,
    ...groups,
    curves: groups.curves.map((curve) => ({
      ...curve,
      os10: curve.at_times.find((row) => row.time === 10),
    })),
  };
}
