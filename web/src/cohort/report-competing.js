// @ts-check
// The competing-risks comparisons of the Your cohort report, as requests to the survival core: the
// cumulative incidence of every competing event by a category column with Gray's test per cause
// (cumulative_incidence with a group: cmprsk's cuminc), and the Fine-Gray model of recurrence with
// death without recurrence as the competing event (fine_gray: R's finegray() + weighted coxph) on
// the Cox table's covariates. This file builds requests, recodes the causes and picks values.
import { causeNames, causeRows } from './report-incidence.js';
import { coxRequest } from './analysis.js';
import { asked } from './core-calculate.js';
import { relabelled } from './report-survival.js';

// Fine-Gray's event of interest is any recurrence (causes 1-3 of prepare.js); death without
// recurrence (cause 4) competes; 0 stays censored.
export const fineGrayCause = 'recurrence (any site, site not recorded included)';
export const fineGrayCompeting = 'death without recurrence';
// Fine and Gray's data set (R's finegray()) has a row per patient and censoring time after each
// competing event: about n^2 / 50 rows for continuous times (1.9 million at 10,000 patients,
// 195 million at 100,000), so larger cohorts are not fitted in the page.
export const fineGrayMaxPatients = 10000;
/** @typedef {import('./analysis.js').Context} Context */
/** @param {number} cause */
const fineGrayEvent = (cause) => (cause === 0 ? 0 : cause === 4 ? 2 : 1);

// The cumulative incidence of each cause by group (groups as the Kaplan-Meier comparison codes
// them: codes 1..k, labelOf(code) their labels) on the given rows, with Gray's test per cause.
/**
 * @param {Context} context @param {number[]} rows
 * @param {{ codes: any[], labelOf: (code: any) => any }} groups @param {string} key
 */
export function incidenceByGroup(
  { cohort, calculate, note, times, confType },
  rows,
  { codes, labelOf },
  key,
) {
  /** @type {import('../../../docs/api').CumulativeIncidenceRequest & { op: 'cumulative_incidence' }} */
  const request = {
    op: 'cumulative_incidence',
    data: {
      time: rows.map((i) => cohort.dfsTime[i]),
      event: rows.map((i) => cohort.cause[i]),
      group: codes,
    },
    conf_type: confType,
    times: times.landmarks,
    table: false,
  };
  const { result, warnings } = calculate(request);
  note(key, relabelled(warnings, labelOf));
  const events = new Map();
  rows.forEach((i, k) => {
    const cause = cohort.cause[i];
    if (cause > 0)
      events.set(`${codes[k]} ${cause}`, (events.get(`${codes[k]} ${cause}`) ?? 0) + 1);
  });
  const observed = new Set(rows.map((i) => cohort.cause[i]).filter((cause) => cause > 0));
  const causes = [...observed].sort((a, b) => a - b);
  const curves = result.curves.map((curve) => ({
    group: labelOf(curve.group),
    last_time: curve.last_time,
    causes: causes.map((cause) => ({
      cause,
      label: causeNames[cause],
      n_event: events.get(`${curve.group} ${cause}`) ?? 0,
      landmarks: causeRows(
        asked(curve.at_times),
        asked(curve.at_times).causes.findIndex((entry) => entry.cause === cause),
        curve.last_time,
        times.landmarks,
      ),
    })),
  }));
  const gray = result.gray_test;
  return {
    conf_type: result.conf_type,
    curves,
    gray_test: gray && {
      rho: gray.rho,
      tests: gray.tests
        .filter((test) => observed.has(test.cause))
        .map((test) => ({
          cause: test.cause,
          label: causeNames[test.cause],
          statistic: test.statistic,
          df: test.df,
          p: test.p,
        })),
    },
  };
}

const termKeys = ['coef', 'se', 'z', 'p', 'hr', 'hr_lower', 'hr_upper', 'infinite'];
const robustKeys = ['se', 'z', 'p', 'hr_lower', 'hr_upper'];

// The Fine-Gray model of recurrence on the covariates of the Cox table, over the patients with
// every covariate recorded (the core leaves the others out and counts them by column). The
// standard errors are the robust (sandwich) ones clustered by patient: R's coxph(... +
// cluster(id)) on the finegray() data, the variance Fine and Gray proposed.
/** @param {Context} context @param {string[]} covariates @param {import('./analysis.js').ReportOptions} options */
export function fineGraySection({ cohort, calculate, note, n }, covariates, options) {
  const named = {
    cause: fineGrayCause,
    competing: fineGrayCompeting,
    ties: options.ties,
    stratified_cox: options.strata,
  };
  if (n > fineGrayMaxPatients) {
    return {
      ...named,
      empty: `The Fine-Gray model is fitted for cohorts of up to ${fineGrayMaxPatients.toLocaleString('en')} patients: its data set grows with the patients times the censoring times after each competing event (this cohort has ${n.toLocaleString('en')} patients). Fit it in R on the exported analysis data (survival's finegray and coxph).`,
    };
  }
  const { data, categorical } = coxRequest(cohort, covariates, {
    ties: options.ties,
    phTest: null,
  });
  /** @type {import('../../../docs/api').FineGrayRequest & { op: 'fine_gray' }} */
  const request = {
    op: 'fine_gray',
    data: { time: data.time, event: cohort.cause.map(fineGrayEvent), covariates: data.covariates },
    categorical,
    cause: 1,
    ties: options.ties,
  };
  const { result, warnings } = calculate(request);
  note('fine_gray', warnings);
  const robust = asked(result.robust);
  const pick = (source, keys, term) =>
    Object.fromEntries(keys.map((key) => [key, source[key][term]]));
  const terms = Object.fromEntries(
    result.terms.map((term) => [
      term,
      { ...pick(result, termKeys, term), robust: pick(robust, robustKeys, term) },
    ]),
  );
  const leftOut = Object.entries(result.missing?.by_column ?? {})
    .filter(([, count]) => count > 0)
    .map(([column, count]) => ({ reason: `${column} missing`, column, rows: count }));
  return {
    request,
    ...named,
    variance: 'robust, clustered by patient',
    terms,
    covariates: result.covariates,
    n: result.n,
    nevent: result.nevent,
    n_competing: result.n_competing,
    finegray_rows: result.finegray_rows,
    used: { n: result.n, left_out: leftOut },
    lr_test: result.lr_test,
    robust_wald_test: robust.wald_test,
    robust_score_test: robust.robust_score_test,
    converged: result.converged,
  };
}
