// The seed's analysis of a cohort, as a list of requests to the survival core. Every survival
// number comes from the core (kaplan_meier, log_rank, cumulative_incidence, cox); this file only
// builds requests, counts categories and picks values out of the responses. Used by the worker
// and by the node tests (which run the same requests through the module and the CLI).

export const landmarkYears = [1, 5, 10];
export const riskTableYears = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

// calculate(request) -> { result, warnings } or throws (an error with .code/.path for refusals).
export function analyseCohort(cohort, calculate, { covariates = [] } = {}) {
  const report = { warnings: [] };
  const note = (section, warnings) => {
    for (const warning of warnings ?? []) report.warnings.push({ section, ...warning });
  };
  const n = cohort.dfsTime.length;
  const recurred = cohort.recurred.reduce((sum, value) => sum + value, 0);
  report.summary = { n, recurred, recurred_percent: n ? (100 * recurred) / n : null,
    excluded: cohort.excluded ?? 0 };
  if (n === 0) return report;

  const hasOs = cohort.osTime.every((value) => value !== null) && cohort.osEvent.every((value) => value !== null);
  // Median follow-up by reverse Kaplan-Meier: the OS (or DFS) censoring indicator flipped.
  {
    const time = hasOs ? cohort.osTime : cohort.dfsTime;
    const event = (hasOs ? cohort.osEvent : cohort.dfsEvent).map((value) => 1 - value);
    const { result, warnings } = calculate({ op: 'kaplan_meier', data: { time, event } });
    note('follow_up', warnings);
    report.summary.median_follow_up = result.curves[0].median;
    report.summary.follow_up_basis = hasOs ? 'overall survival' : 'disease-free survival';
  }

  // DFS: the curve, the band, numbers at risk, median, 1/5/10 years.
  {
    const request = { op: 'kaplan_meier', data: { time: cohort.dfsTime, event: cohort.dfsEvent },
      times: [...new Set([...riskTableYears, ...landmarkYears])].sort((a, b) => a - b) };
    const { result, warnings } = calculate(request);
    note('dfs', warnings);
    const curve = result.curves[0];
    report.dfs = { request, curve: curveOf(curve), median: curve.median,
      landmarks: pickTimes(curve.at_times, landmarkYears),
      at_risk: pickTimes(curve.at_times, riskTableYears).map(({ time, n_risk }) => ({ time, n_risk })) };
  }

  // Site of recurrence among the recurrences.
  const counts = (values) => {
    const map = new Map();
    values.forEach((value, i) => {
      if (!cohort.recurred[i]) return;
      map.set(value, (map.get(value) ?? 0) + 1);
    });
    return [...map.entries()].map(([level, count]) => ({ level, count }))
      .sort((a, b) => b.count - a.count);
  };
  const siteCounts = counts(cohort.site);
  const knownSites = siteCounts.filter((row) => row.level !== 'not recorded')
    .reduce((sum, row) => sum + row.count, 0);
  report.sites = siteCounts.map((row) => ({ ...row, percent_of_recurrences: (100 * row.count) / recurred,
    percent_of_known: row.level === 'not recorded' || !knownSites ? null : (100 * row.count) / knownSites }));
  report.treatments = counts(cohort.treatment);

  // Cumulative incidence: intrahepatic-only vs extrahepatic recurrence, death as competing risk.
  {
    const request = { op: 'cumulative_incidence', data: { time: cohort.dfsTime, event: cohort.cause } };
    try {
      const { result, warnings } = calculate(request);
      note('cumulative_incidence', warnings);
      const curve = result.curves[0];
      const names = { 1: 'intrahepatic only', 2: 'extrahepatic (only or with intrahepatic)',
        3: 'recurrence, site not recorded', 4: 'death without recurrence' };
      report.cumulative_incidence = { request, time: curve.time, causes: curve.causes.map((cause) => ({
        cause: cause.cause, label: names[cause.cause] ?? `cause ${cause.cause}`,
        n_event: cohort.cause.filter((code) => code === cause.cause).length,
        incidence: cause.incidence, lower: cause.lower, upper: cause.upper,
        landmarks: landmarkYears.map((year) => stepAt(curve.time, cause, year)) })) };
    } catch (error) {
      report.cumulative_incidence = { error: describe(error) };
    }
  }

  // OS (from the surgery) by site and by treatment of recurrence, among the recurrences.
  if (hasOs) {
    for (const [key, values] of [['os_by_site', cohort.site], ['os_by_treatment', cohort.treatment]]) {
      const rows = values.map((value, i) => i).filter((i) => cohort.recurred[i] && values[i] !== 'not recorded');
      const data = { time: rows.map((i) => cohort.osTime[i]), event: rows.map((i) => cohort.osEvent[i]),
        group: rows.map((i) => values[i]) };
      const section = { n: rows.length };
      try {
        const km = calculate({ op: 'kaplan_meier', data, times: riskTableYears });
        note(key, km.warnings);
        section.curves = km.result.curves.map((curve) => ({ group: curve.group, n: curve.n,
          events: curve.events, curve: curveOf(curve),
          os10: pickTimes(curve.at_times, [10])[0],
          at_risk: pickTimes(curve.at_times, riskTableYears).map(({ time, n_risk }) => ({ time, n_risk })) }));
        if (section.curves.length > 1) {
          const test = calculate({ op: 'log_rank', data });
          note(key, test.warnings);
          section.log_rank = { chisq: test.result.chisq, df: test.result.df, p: test.result.p };
        }
      } catch (error) {
        section.error = describe(error);
      }
      report[key] = section;
    }
  }

  // Cox model of DFS on the covariates the user picked (categorical ones as indicators against
  // the most frequent level; numeric ones as they are).
  if (covariates.length > 0) {
    const design = designMatrix(cohort, covariates);
    const request = { op: 'cox', data: { time: cohort.dfsTime, event: cohort.dfsEvent,
      covariates: design.columns }, ph_test: 'km' };
    try {
      const { result, warnings } = calculate(request);
      note('cox', warnings);
      const terms = Object.fromEntries(result.terms.map((term) => [term, Object.fromEntries(
        ['coef', 'se', 'z', 'p', 'hr', 'hr_lower', 'hr_upper', 'infinite'].map((key) => [key, result[key][term]]))]));
      report.cox = { request, terms, coding: design.coding, n: result.n, nevent: result.nevent,
        concordance: result.concordance, ph_test: result.ph_test, lr_test: result.lr_test };
    } catch (error) {
      report.cox = { error: describe(error), coding: design.coding };
    }
  }
  return report;
}

function describe(error) {
  return `${error.code ? `${error.code}: ` : ''}${error.message ?? error}${error.path ? ` (at ${error.path})` : ''}`;
}

function curveOf(curve) {
  const t = curve.table;
  return { time: t.time, surv: t.surv, lower: t.lower, upper: t.upper, n_censor: t.n_censor };
}

// at_times may come as rows or as columns; return rows for the requested times.
function pickTimes(atTimes, times) {
  if (!atTimes) return [];
  const rows = Array.isArray(atTimes) ? atTimes
    : atTimes.time.map((time, i) => Object.fromEntries(Object.keys(atTimes).map((key) => [key, atTimes[key][i]])));
  return times.map((time) => rows.find((row) => row.time === time) ?? { time, surv: null });
}

// The step function's value at a time (the last event time not after it): a lookup, no arithmetic.
function stepAt(times, cause, year) {
  let k = -1;
  for (let i = 0; i < times.length && times[i] <= year; i += 1) k = i;
  if (k < 0) return { time: year, incidence: 0, lower: null, upper: null };
  if (year > times[times.length - 1]) return { time: year, incidence: null, lower: null, upper: null };
  return { time: year, incidence: cause.incidence[k], lower: cause.lower[k], upper: cause.upper[k] };
}

export function designMatrix(cohort, names) {
  const columns = {};
  const coding = [];
  for (const name of names) {
    const values = cohort.covariates[name];
    const numeric = values.every((value) => value === '' || /^[+-]?(\d+\.?\d*|\.\d+)$/.test(value));
    if (numeric) {
      columns[name] = values.map((value) => (value === '' ? null : Number(value)));
      coding.push({ covariate: name, term: name, kind: 'numeric' });
      continue;
    }
    const frequency = new Map();
    for (const value of values) if (value !== '') frequency.set(value, (frequency.get(value) ?? 0) + 1);
    const levels = [...frequency.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([level]) => level);
    const reference = levels[0];
    for (const level of levels.slice(1)) {
      const term = `${name}=${level}`;
      columns[term] = values.map((value) => (value === '' ? null : value === level ? 1 : 0));
      coding.push({ covariate: name, term, kind: 'indicator', level, reference });
    }
  }
  return { columns, coding };
}
