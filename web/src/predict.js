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
 * The value of one input from its text, as the model accepts it: "unknown" when empty; a level
 * of a categorical input; a number input's text as a JSON number. A value the model does not
 * accept (a hand-edited link: grade=G2, age=abc) is treated as unknown, and `problem` says so
 * in plain words for the form (the link's other values still apply).
 * @param {ModelInput} input
 * @param {string | undefined} text
 * @returns {{ value: ProfileValue, problem: string }}
 */
export function acceptedValue(input, text) {
  if (text === undefined || text === '' || text === 'unknown')
    return { value: 'unknown', problem: '' };
  if (input.type === 'number') {
    const number = Number(text);
    if (text.trim() !== '' && Number.isFinite(number)) return { value: number, problem: '' };
    return {
      value: 'unknown',
      problem: `“${text}” is not a number, so ${input.label} is treated as unknown.`,
    };
  }
  if (input.levels.some((level) => level.value === text)) return { value: text, problem: '' };
  const accepted = input.levels.map((level) => level.label).join(', ');
  return {
    value: 'unknown',
    problem:
      `The link gave “${text}” for ${input.label}, which this model ` +
      `does not accept (it accepts: ${accepted}). It is treated as unknown: choose a value.`,
  };
}

/**
 * The value of one input from its text (see acceptedValue).
 * @param {ModelInput} input
 * @param {string | undefined} text
 * @returns {ProfileValue}
 */
export function profileValue(input, text) {
  return acceptedValue(input, text).value;
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
 * Whether any input of a profile is known (then the numbers are about "patients with the
 * characteristics entered", else about the whole published cohort).
 * @param {Record<string, ProfileValue>} profile
 */
export function anyKnown(profile) {
  return Object.values(profile).some((value) => value !== 'unknown');
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
