// @ts-check
// The recurrence parts of the Your cohort report: site and treatment of recurrence counted among
// the recurrences, and the cumulative incidence (Aalen-Johansen, from the core's
// cumulative_incidence) of every competing event after the surgery: intrahepatic-only
// recurrence, extrahepatic recurrence, recurrence with the site not recorded, and death without
// recurrence. The core gives the curves at the report's times (none past the last observed
// time) and thinned for the figure; this file counts categories and picks values.
import { notEstimableReason, plotPoints } from './report-survival.js';
import { asked } from './core-calculate.js';

/** @typedef {import('./analysis.js').Context} Context */

// The causes as prepare.js codes them (0 = censored).
export const causeNames = {
  1: 'intrahepatic-only recurrence',
  2: 'extrahepatic recurrence (only or with intrahepatic)',
  3: 'recurrence, site not recorded',
  4: 'death without recurrence',
};

/** @param {Context} context */
export function sitesSection({ cohort, report }) {
  const recurred = cohort.recurred.reduce((sum, value) => sum + value, 0);
  const counts = (values) => {
    const map = new Map();
    values.forEach((value, i) => {
      if (cohort.recurred[i]) map.set(value, (map.get(value) ?? 0) + 1);
    });
    return [...map.entries()]
      .map(([level, count]) => ({ level, count }))
      .sort((a, b) => b.count - a.count);
  };
  const siteCounts = counts(cohort.site);
  const knownSites = siteCounts
    .filter((row) => row.level !== 'not recorded')
    .reduce((sum, row) => sum + row.count, 0);
  report.sites = siteCounts.map((row) => ({
    ...row,
    percent_of_recurrences: (100 * row.count) / recurred,
    percent_of_known:
      row.level === 'not recorded' || !knownSites ? null : (100 * row.count) / knownSites,
  }));
  report.treatments = counts(cohort.treatment);
}

// One cause of the core's at_times as rows, each with the reason where there is no estimate.
/**
 * @param {NonNullable<import('../../../docs/api').CumulativeIncidenceCurve['at_times']>} atTimes
 * @param {number} index @param {number} lastTime @param {number[]} times
 */
export function causeRows(atTimes, index, lastTime, times) {
  const cause = atTimes.causes[index];
  return times.map((time) => {
    const i = atTimes.time.indexOf(time);
    return {
      time,
      incidence: cause.incidence[i],
      lower: cause.lower[i],
      upper: cause.upper[i],
      std_err: cause.std_err[i],
      estimable: atTimes.estimable[i],
      ...(atTimes.estimable[i] ? {} : { reason: notEstimableReason(time, lastTime) }),
    };
  });
}

// Every cause with at least one event is shown (figure and table alike); the others are named.
/** @param {Context} context */
export function cumulativeIncidenceSection({ cohort, calculate, note, n, times, confType }) {
  const counts = new Map();
  for (const code of cohort.cause) if (code > 0) counts.set(code, (counts.get(code) ?? 0) + 1);
  /** @type {import('../../../docs/api').CumulativeIncidenceRequest & { op: 'cumulative_incidence' }} */
  const request = {
    op: 'cumulative_incidence',
    data: { time: cohort.dfsTime, event: cohort.cause },
    conf_type: confType,
    times: times.times,
    table: false,
    plot: { points: plotPoints, to: times.axisEnd },
  };
  const { result, warnings } = calculate(request);
  note('cumulative_incidence', warnings);
  const curve = result.curves[0];
  const at = asked(curve.at_times);
  const plot = asked(curve.plot);
  const causes = curve.causes.map((cause, index) => ({
    cause: cause.cause,
    label: causeNames[cause.cause] ?? `cause ${cause.cause}`,
    n_event: counts.get(cause.cause) ?? 0,
    landmarks: causeRows(at, index, curve.last_time, times.landmarks),
    at_times: causeRows(at, index, curve.last_time, times.times),
    plot: {
      incidence: plot.causes[index].incidence,
      lower: plot.causes[index].lower,
      upper: plot.causes[index].upper,
    },
  }));
  return {
    request,
    conf_type: result.conf_type,
    used: { n, left_out: [] },
    last_time: curve.last_time,
    at_risk: times.riskTimes.map((time) => ({ time, n_risk: at.n_risk[at.time.indexOf(time)] })),
    plot: { time: plot.time, n_censor: plot.n_censor },
    causes: causes.filter((cause) => cause.n_event > 0),
    not_observed: Object.entries(causeNames)
      .map(([code, label]) => ({ cause: Number(code), label }))
      .filter((cause) => !counts.has(cause.cause)),
  };
}
