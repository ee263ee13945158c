// @ts-check
// The survival core as the cohort pipeline calls it, through the one door (engine.js, an Engine
// from loadEngine): calculate(request) -> { result, warnings }, refusals thrown as NelmError.
// Requests with many rows hand their numeric columns to the module as Float64Arrays (putColumn /
// {"column": name}, docs/api.md) instead of JSON text, numeric group, strata and category labels
// too; text labels stay JSON. Used by the worker and by scripts/cohort-report.mjs.

const fastPathRows = 2000;
const numeric = (values) =>
  Array.isArray(values) && values.every((value) => value === null || typeof value === 'number');

function withColumns(engine, request) {
  const data = request.data;
  if (!data || !Array.isArray(data.time) || data.time.length < fastPathRows) return request;
  let count = 0;
  const put = (values) => {
    const name = `c${count}`;
    count += 1;
    const array = new Float64Array(values.length);
    for (let i = 0; i < values.length; i += 1) array[i] = values[i] === null ? NaN : values[i];
    engine.putColumn(name, array);
    return { column: name };
  };
  const columns = { ...data };
  for (const key of ['time', 'event', 'weight', 'entry', 'group', 'strata']) {
    if (numeric(data[key])) columns[key] = put(data[key]);
  }
  if (data.covariates) {
    // Object.create(null) and own keys: a covariate may be called "__proto__".
    columns.covariates = Object.create(null);
    for (const name of Object.keys(data.covariates)) {
      const values = data.covariates[name];
      columns.covariates[name] = numeric(values) ? put(values) : values;
    }
  }
  return { ...request, data: columns };
}

// engine: an Engine (engine.js loadEngine).
/**
 * @param {import('../engine.js').Engine} engine
 * @returns {import('../../../docs/api').Calculate}
 */
export function coreCalculator(engine) {
  return (request) => {
    try {
      return engine.calculate(withColumns(engine, request));
    } finally {
      engine.clearColumns();
    }
  };
}

export const coreVersion = (engine) => engine.version;

// A member of a response that the request asked for (times -> at_times, plot -> plot, robust ->
// robust): the contract marks it optional, the request makes it present. A type assertion only.
/**
 * @template T
 * @param {T | null | undefined} member
 * @returns {T}
 */
export const asked = (member) => /** @type {T} */ (member);
