// @ts-check
// The core's predict op by model handle (docs/models.md, docs/api.d.ts PredictResult): the one
// place where the page's inputs (text in the URL fragment) become the typed profile the core
// reads, each value in its input's declared type. The response is used as it is, by its names.

/** @typedef {import('../../docs/api').LoadedModel} LoadedModel */
/** @typedef {import('../../docs/api').ModelInput} ModelInput */
/** @typedef {import('../../docs/api').ProfileValue} ProfileValue */
/** @typedef {import('../../docs/api').Warning} Warning */
/** @typedef {import('./engine.js').Engine} Engine */

/**
 * The value of one input from its text: "unknown" when empty; a number input's text as a JSON
 * number. Text that is not a number is passed on as it is, so the core refuses it with the
 * input's path (invalid_type at /profile/<name>) instead of the page guessing.
 * @param {ModelInput} input
 * @param {string | undefined} text
 * @returns {ProfileValue}
 */
export function profileValue(input, text) {
  if (text === undefined || text === '' || text === 'unknown') return 'unknown';
  if (input.type !== 'number') return text;
  const number = Number(text);
  return Number.isFinite(number) ? number : text;
}

/**
 * The profile of the given inputs for a loaded model (inputs it does not name are unknown).
 * @param {LoadedModel} loaded
 * @param {Record<string, string>} inputs
 * @param {(input: ModelInput) => boolean} [given] which inputs come from the form
 */
export function profileFor(loaded, inputs, given = () => true) {
  /** @type {Record<string, ProfileValue>} */
  const profile = {};
  for (const input of loaded.inputs) {
    profile[input.name] = given(input) ? profileValue(input, inputs[input.name]) : 'unknown';
  }
  return profile;
}

/**
 * One predict call on the default grid (t0 to the model's max_time).
 * @param {Engine} engine
 * @param {LoadedModel} loaded
 * @param {Record<string, ProfileValue>} profile
 * @param {number} [conditionTime]
 */
export function predict(engine, loaded, profile, conditionTime = 0) {
  /** @type {import('../../docs/api').PredictRequest} */
  const request = { op: 'predict', model_handle: loaded.handle, profile };
  if (conditionTime > 0) request.condition_time = conditionTime;
  return engine.calculate(request);
}

/**
 * Warnings that name an input (subject) go next to that input's groups; the rest apply to all.
 * @param {Warning[]} warnings
 * @param {string} [subject]
 */
export function warningsFor(warnings, subject) {
  return warnings.filter((warning) =>
    subject === undefined ? !warning.subject : warning.subject === subject,
  );
}

/**
 * The largest slider value below max_time in steps of `step` (t0 must stay below max_time).
 * @param {number} maxTime
 * @param {number} step
 */
export function largestConditionTime(maxTime, step) {
  return Math.max(0, Math.ceil(maxTime / step - 1) * step);
}
