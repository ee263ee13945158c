// @ts-check
// The one place where the core's codes become words: a title for every warning code and a
// clinician-facing sentence for every error code of docs/errors.md (tests/node/codes.test.mjs
// checks both directions), the warning list shown next to what it qualifies (never a tooltip),
// and describeError() for every refusal the page shows.
import { el } from '../dom.js';
import { NelmError } from '../engine.js';

/** @typedef {import('../../../docs/api').Warning} Warning */

/** @type {Record<string, string>} */
export const warningTitles = {
  missing_values: 'Rows left out',
  infinite_coefficient: 'Infinite coefficient',
  prediction_unreliable: 'No predicted curve',
  no_data_at_horizon: 'Nobody followed to this time',
  calibration_slope_not_estimable: 'No calibration slope at this time',
  weighted_test_unavailable: 'No weighted Gray test',
  cluster_ignored: 'Cluster column ignored',
  not_converged: 'Did not converge',
  no_events: 'No events',
  no_comparison: 'No comparison possible',
  singular_variance: 'Singular variance',
  ph_test_singular: 'Proportional-hazards test not computable for some terms',
  more_parameters_than_points: 'More parameters than points',
  exact_fit: 'Exact fit',
  cure_fraction_at_boundary: 'Cure fraction at its limit',
  beyond_follow_up: 'Beyond the follow-up',
  input_unknown: 'Input unknown',
  outside_development_range: 'Outside the development range',
  extrapolation_beyond_max_time: 'Extrapolation',
  approximate_personalisation: 'Approximate personalisation',
  cure_not_personalised: 'No personalised cure probability',
  averaged_over_mix: "Averaged over the cohort's mix",
  confounded_comparison: 'Not a treatment effect',
  cure_profile_disagrees: 'The sources disagree',
  separate_groups: 'Separate groups',
  time_origin_assumed: 'Time origin assumed',
  events_unreachable: 'Events unreachable',
  prior_dominated: 'Set mostly by an assumption',
  direction_constrained: 'Held at no effect',
};

/** @type {Record<string, string>} */
export const errorTexts = {
  invalid_json: 'The request to the survival engine was not readable.',
  invalid_request: 'The request to the survival engine was not readable.',
  missing_field: 'A required input is missing.',
  unknown_field: 'The survival engine does not know one of the inputs.',
  duplicate_key: 'The request gives the same field twice.',
  unknown_op: 'This version of the survival engine cannot do this calculation.',
  invalid_type: 'An input has the wrong form (for example text where a number belongs).',
  invalid_value: 'An input is outside the range the calculation accepts.',
  invalid_time: 'A follow-up time is negative or missing.',
  invalid_event: 'An event code is not one the calculation accepts.',
  invalid_weight: 'A case weight is negative or out of range.',
  entry_after_exit: 'An entry time is not before its exit time.',
  start_after_stop: "A row's start time is not before its stop time.",
  length_mismatch: 'Two columns have different lengths.',
  empty_data: 'There are no complete rows to analyse.',
  unknown_column: 'A column handed to the survival engine is missing.',
  single_group: 'A comparison needs at least two groups.',
  unsupported_option: 'The calculation cannot honour one of the options.',
  too_large: 'The calculation is too large for this browser.',
  internal_error: 'The survival engine hit a defect. Please report it with the inputs.',
  checksum_mismatch: 'The model file was changed after it was built, or is damaged.',
  max_time_beyond_support:
    'The model file asks for estimates beyond the time its data reach. Ask its maker to rebuild it.',
  unsupported_model_format: 'The model file is of a format this calculator does not read.',
  invalid_cure_model: 'The personalised model file is not consistent.',
  invalid_profile: 'A patient input has a value the model does not have.',
  invalid_target: 'A published number handed to the model fit is not usable.',
  unidentified_parameter: 'The published evidence cannot determine a part of the model.',
  evidence_fit_failed: 'The model could not be fitted to the published evidence.',
  unknown_model_handle: 'The model is no longer loaded in the survival engine; reload the page.',
  no_events: 'There are no events, so the model cannot be fitted.',
  no_observations: 'There are no rows (or no weight) to analyse.',
  constant_covariate: 'A covariate has one value only, so its effect cannot be estimated.',
  collinear_covariates: 'A covariate is a combination of the others.',
  model_not_exportable:
    'This Cox model cannot be written as a model file (an infinite coefficient, no convergence, or too few events).',
  unsupported: 'The survival engine does not implement this combination of options.',
  zero_length_interval: 'An entry and exit time differ only by rounding.',
  conditioning_time_unreached: 'The curve has reached 0 before the conditioning time.',
  non_positive_time: 'A time of 0 or less cannot be used in this model.',
  singular_information: 'The model cannot be identified from these data.',
  fit_out_of_range: 'A fitted quantity is beyond the range the data can identify.',
  too_few_points: 'There are too few published points for this fit.',
  invalid_landmark: 'The published points are not consistent with a curve.',
  invalid_cohort: 'The published cohort numbers are not consistent.',
  conditioning_survival_zero: 'The curve is 0 at the conditioning time.',
  covariance_size_mismatch: "The model's covariance does not match its parameters.",
  delayed_entry_not_supported: 'This model does not accept delayed entry.',
  invalid_condition_time: 'The conditioning time is negative or missing.',
  invalid_confidence_level: 'The confidence level must lie between 0 and 1.',
  invalid_event_code: 'An event code is out of range.',
  invalid_group: 'A group label is out of range.',
  invalid_horizon: 'A horizon is negative or missing.',
  invalid_input: 'Two inputs of the calculation do not match in size.',
  invalid_probability: 'A probability must lie between 0 and 1.',
  invalid_restriction_time: 'The restriction time is negative.',
  invalid_rho: "The test's rho must be 0 or more.",
  landmark_fit_failed: 'No curve could be fitted through the published points.',
  no_survivors_at_condition_time: 'Nobody is still at risk at the conditioning time.',
  not_a_cure_model: 'A cure probability needs a cure model.',
  profile_size_mismatch: 'The profile needs one value per covariate.',
  unknown_stratum: 'No row belongs to the requested stratum.',
};

/** @param {string} code */
export function warningTitle(code) {
  return warningTitles[code] ?? 'Caveat';
}

// "<sentence> (<the core's message> at <path>)": what happened, in words, what to fix and where
// (for a model file the path names the member). No code: the code goes to supportDetails(),
// shown only inside a details element.
/** @param {unknown} error */
export function describeError(error) {
  if (error instanceof NelmError) {
    return (
      `${errorTexts[error.code] ?? 'The survival engine refused the request.'} ` +
      `(${error.message}${error.path ? ` at ${error.path}` : ''})`
    );
  }
  return `The result could not be shown: ${error instanceof Error ? error.message : String(error)}`;
}

// For support: the code, the JSON path and the core's message, exactly.
/** @param {unknown} error */
export function supportDetails(error) {
  if (error instanceof NelmError) {
    return `${error.code}${error.path ? ` at ${error.path}` : ''}: ${error.message}`;
  }
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

// A refusal on a clinician's screen: the plain sentence, with the engine's code and path one
// click away for support.
/** @param {unknown} error */
export function errorNotice(error) {
  const plain =
    error instanceof NelmError
      ? (errorTexts[error.code] ?? 'The survival engine refused the request.')
      : 'The result could not be shown.';
  return el(
    'div',
    { className: 'error-notice', role: 'alert' },
    el('p', { className: 'error', text: `${plain} No estimate is shown.` }),
    el(
      'details',
      { className: 'support-details' },
      el('summary', { text: 'Details for support' }),
      el('p', { className: 'support-text', text: supportDetails(error) }),
    ),
  );
}

// The first sentence of a caveat stands where it applies; the rest is one click away.
/** @param {string} message */
function splitMessage(message) {
  const match = /^(.+?\.)\s+(?=[A-Z(])/.exec(message);
  return match && match[1].length >= 24
    ? [match[1], message.slice(match[0].length)]
    : [message, ''];
}

/** @param {string} title @param {string} message @param {string} code */
function caveatItem(title, message, code) {
  const [first, rest] = splitMessage(message);
  const head = [el('strong', { text: `${title}: ` }), first];
  return el(
    'li',
    { 'data-code': code },
    rest
      ? el(
          'details',
          { className: 'caveat-more' },
          el('summary', {}, head),
          el('p', { text: rest }),
        )
      : head,
  );
}

/**
 * The caveats next to what they qualify, short: each code's title and first sentence, the rest
 * one click away; the inputs left unknown as one line (their labels), each message behind it.
 * @param {Warning[]} warnings
 * @param {string} [label]
 * @param {Record<string, string>} [inputLabels] input name -> label, for input_unknown
 */
export function warningList(warnings, label = 'Caveats for these numbers', inputLabels = {}) {
  if (!warnings || warnings.length === 0) return null;
  const unknown = warnings.filter((warning) => warning.code === 'input_unknown');
  const others = warnings.filter((warning) => warning.code !== 'input_unknown');
  const items = others.map((warning) =>
    caveatItem(warningTitle(warning.code), warning.message, warning.code),
  );
  if (unknown.length) {
    const names = unknown.map(
      (warning) => inputLabels[warning.subject ?? ''] ?? warning.subject ?? '',
    );
    items.unshift(
      el(
        'li',
        { 'data-code': 'input_unknown' },
        el(
          'details',
          { className: 'caveat-more' },
          el(
            'summary',
            {},
            el('strong', { text: `${unknown.length === 1 ? 'Input' : 'Inputs'} left unknown: ` }),
            `${names.join(', ')}.`,
          ),
          el(
            'ul',
            {},
            unknown.map((warning) => el('li', { text: warning.message })),
          ),
        ),
      ),
    );
  }
  return el(
    'div',
    { className: 'warnings', role: 'note', 'aria-label': label },
    el('p', { className: 'warnings-title', text: label }),
    el('ul', {}, items),
  );
}
