// The seed's analysis of a prepared cohort (prepare.js), as a list of requests to the survival
// core. Every survival number comes from the core (kaplan_meier, log_rank, cumulative_incidence,
// cox); this file only builds requests, counts categories and picks values out of the responses.
// Each section says how many patients it used and why the others were left out. Used by the
// worker and by scripts/cohort-report.mjs (pipeline.js) and by the tests.

export const landmarkYears = [1, 5, 10];
export const riskTableYears = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

// The report's sections in order; each adds its part to the report. calculate(request) ->
// { result, warnings } or throws (an error with .code/.path for refusals).
export function analyseCohort(
  cohort,
  calculate,
  { covariates = [...cohort.covariates.keys()] } = {},
) {
  const report = { warnings: [] };
  const context = {
    cohort,
    calculate,
    report,
    n: cohort.dfsTime.length,
    note: (section, warnings) => {
      for (const warning of warnings ?? []) report.warnings.push({ section, ...warning });
    },
  };
  summarySection(context);
  if (context.n === 0) return report;
  context.hasOs =
    cohort.osTime.every((value) => value !== null) &&
    cohort.osEvent.every((value) => value !== null);
  followUpSection(context);
  dfsSection(context);
  sitesSection(context);
  cumulativeIncidenceSection(context);
  if (context.hasOs)
    for (const key of ['os_by_site', 'os_by_treatment']) report[key] = osSection(context, key);
  if (covariates.length > 0) report.cox = coxSection(context, covariates);
  return report;
}

function summarySection({ cohort, report, n }) {
  const recurred = cohort.recurred.reduce((sum, value) => sum + value, 0);
  report.summary = {
    n,
    recurred,
    recurred_percent: n ? (100 * recurred) / n : null,
    excluded: cohort.excluded ?? 0,
  };
}

// Median follow-up by reverse Kaplan-Meier: the OS (or DFS) censoring indicator flipped.
function followUpSection({ cohort, calculate, report, note, hasOs }) {
  const time = hasOs ? cohort.osTime : cohort.dfsTime;
  const event = (hasOs ? cohort.osEvent : cohort.dfsEvent).map((value) => 1 - value);
  const { result, warnings } = calculate({ op: 'kaplan_meier', data: { time, event } });
  note('follow_up', warnings);
  report.summary.median_follow_up = result.curves[0].median;
  report.summary.follow_up_basis = hasOs ? 'overall survival' : 'disease-free survival';
}

// DFS: the curve, the band, numbers at risk, median, 1/5/10 years.
function dfsSection({ cohort, calculate, report, note, n }) {
  const request = {
    op: 'kaplan_meier',
    data: { time: cohort.dfsTime, event: cohort.dfsEvent },
    times: [...new Set([...riskTableYears, ...landmarkYears])].sort((a, b) => a - b),
  };
  const { result, warnings } = calculate(request);
  note('dfs', warnings);
  const curve = result.curves[0];
  report.dfs = {
    request,
    used: { n, left_out: [] },
    curve: curveOf(curve),
    median: curve.median,
    landmarks: pickTimes(curve.at_times, landmarkYears),
    at_risk: pickTimes(curve.at_times, riskTableYears).map(({ time, n_risk }) => ({
      time,
      n_risk,
    })),
  };
}

// Site and treatment of recurrence among the recurrences: counts of the recorded labels.
function sitesSection({ cohort, report }) {
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

// Cumulative incidence: intrahepatic-only vs extrahepatic recurrence, death as competing risk.
const causeNames = {
  1: 'intrahepatic only',
  2: 'extrahepatic (only or with intrahepatic)',
  3: 'recurrence, site not recorded',
  4: 'death without recurrence',
};
function cumulativeIncidenceSection({ cohort, calculate, report, note, n }) {
  const request = {
    op: 'cumulative_incidence',
    data: { time: cohort.dfsTime, event: cohort.cause },
  };
  try {
    const { result, warnings } = calculate(request);
    note('cumulative_incidence', warnings);
    const curve = result.curves[0];
    report.cumulative_incidence = {
      request,
      used: { n, left_out: [] },
      time: curve.time,
      causes: curve.causes.map((cause) => ({
        cause: cause.cause,
        label: causeNames[cause.cause] ?? `cause ${cause.cause}`,
        n_event: cohort.cause.filter((code) => code === cause.cause).length,
        incidence: cause.incidence,
        lower: cause.lower,
        upper: cause.upper,
        landmarks: landmarkYears.map((year) => stepAt(curve.time, cause, year)),
      })),
    };
  } catch (error) {
    report.cumulative_incidence = { error: describe(error) };
  }
}

// OS (from the surgery) by site or by treatment of recurrence, among the recurrences with the
// category recorded; says how many patients it used and why the others were left out.
function osSection({ cohort, calculate, note, n }, key) {
  const values = key === 'os_by_site' ? cohort.site : cohort.treatment;
  const rows = values
    .map((value, i) => i)
    .filter((i) => cohort.recurred[i] && values[i] !== 'not recorded');
  const recurred = cohort.recurred.reduce((sum, value) => sum + value, 0);
  const data = {
    time: rows.map((i) => cohort.osTime[i]),
    event: rows.map((i) => cohort.osEvent[i]),
    group: rows.map((i) => values[i]),
  };
  const section = {
    n: rows.length,
    used: {
      n: rows.length,
      left_out: [
        { reason: 'no recurrence', rows: n - recurred },
        {
          reason: `${key === 'os_by_site' ? 'site' : 'treatment'} not recorded`,
          rows: recurred - rows.length,
        },
      ],
    },
  };
  try {
    if (rows.length === 0)
      throw new Error(
        `no patient has a recurrence with the ${key === 'os_by_site' ? 'site' : 'treatment'} recorded`,
      );
    const km = calculate({ op: 'kaplan_meier', data, times: riskTableYears });
    note(key, km.warnings);
    section.curves = km.result.curves.map((curve) => ({
      group: curve.group,
      n: curve.n,
      events: curve.events,
      curve: curveOf(curve),
      os10: pickTimes(curve.at_times, [10])[0],
      at_risk: pickTimes(curve.at_times, riskTableYears).map(({ time, n_risk }) => ({
        time,
        n_risk,
      })),
    }));
    if (section.curves.length > 1) {
      const test = calculate({ op: 'log_rank', data });
      note(key, test.warnings);
      section.log_rank = { chisq: test.result.chisq, df: test.result.df, p: test.result.p };
    }
  } catch (error) {
    section.error = describe(error);
  }
  return section;
}

// Cox model of DFS on the covariates the user picked (categorical ones as indicators against the
// declared reference level, else the most frequent; numeric ones as they are), on the patients
// with every covariate recorded.
function coxSection({ cohort, calculate, note }, covariates) {
  const data = coxData(cohort, covariates);
  const request = {
    op: 'cox',
    data: { time: data.time, event: data.event, covariates: data.design.columns },
    ph_test: 'km',
  };
  const used = { ...data.used, file_rows: data.fileRows };
  try {
    if (data.used.n === 0) throw new Error('no patient has every covariate recorded');
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
      coding: data.design.coding,
      used,
      n: result.n,
      nevent: result.nevent,
      concordance: result.concordance,
      ph_test: result.ph_test,
      lr_test: result.lr_test,
    };
  } catch (error) {
    return { error: describe(error), coding: data.design.coding, used };
  }
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
  const rows = Array.isArray(atTimes)
    ? atTimes
    : atTimes.time.map((time, i) =>
        Object.fromEntries(Object.keys(atTimes).map((key) => [key, atTimes[key][i]])),
      );
  return times.map((time) => rows.find((row) => row.time === time) ?? { time, surv: null });
}

// The step function's value at a time (the last event time not after it): a lookup, no arithmetic.
function stepAt(times, cause, year) {
  let k = -1;
  for (let i = 0; i < times.length && times[i] <= year; i += 1) k = i;
  if (k < 0) return { time: year, incidence: 0, lower: null, upper: null };
  if (year > times[times.length - 1])
    return { time: year, incidence: null, lower: null, upper: null };
  return {
    time: year,
    incidence: cause.incidence[k],
    lower: cause.lower[k],
    upper: cause.upper[k],
  };
}

// The rows with every covariate recorded, and how many each covariate's missing values left out
// (a row missing two covariates counts under both).
export function completeCases(cohort, names) {
  const rows = [];
  const missing = new Map(names.map((name) => [name, 0]));
  for (let i = 0; i < cohort.dfsTime.length; i += 1) {
    let complete = true;
    for (const name of names) {
      if (cohort.covariates.get(name)[i] === null) {
        missing.set(name, missing.get(name) + 1);
        complete = false;
      }
    }
    if (complete) rows.push(i);
  }
  return {
    rows,
    used: {
      n: rows.length,
      left_out: [...missing]
        .filter(([, count]) => count > 0)
        .map(([column, count]) => ({ reason: `${column} missing`, column, rows: count })),
    },
  };
}

// The Cox model's data: DFS and the design on the complete cases, with what was left out.
export function coxData(cohort, names) {
  const { rows, used } = completeCases(cohort, names);
  const pick = (values) => rows.map((i) => values[i]);
  const values = new Map(names.map((name) => [name, pick(cohort.covariates.get(name))]));
  return {
    rows,
    used,
    time: pick(cohort.dfsTime),
    event: pick(cohort.dfsEvent),
    fileRows: pick(cohort.row),
    design: designMatrix(values, cohort.covariateTypes, cohort.references, names),
  };
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
    const levels = [...frequency.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .map(([level]) => level);
    const declared = references?.get(name);
    const reference =
      declared !== null && declared !== undefined && frequency.has(declared) ? declared : levels[0];
    for (const level of levels.filter((value) => value !== reference)) {
      const term = `${name}=${level}`;
      columns[term] = column.map((value) => (value === level ? 1 : 0));
      coding.push({ covariate: name, term, kind: 'indicator', level, reference });
    }
  }
  return { columns, coding };
}
