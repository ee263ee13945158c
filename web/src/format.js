// @ts-check
// Formatting only: numbers from the core turned into text, and the names of interval types and
// time origins. No statistics here.

/** @typedef {import('../../docs/api').Outcome} Outcome */
/** @typedef {import('../../docs/api').IntervalType} IntervalType */

/**
 * A probability as a percentage. An exact 0 (a published "0%": nobody observed) prints as the
 * paper prints it, never "0.0%"; so does an exact 1. A value that is not 0 or 1 but rounds to it
 * says so ("below 0.1%", "above 99.9%"), so a model range's bound never reads as impossible.
 * @param {number | null | undefined} value
 * @param {number} [digits]
 */
export function percent(value, digits = 0) {
  if (value === null || value === undefined || Number.isNaN(value)) return 'not estimable';
  if (value === 0 || value === 1) return `${100 * value}%`;
  const text = (100 * value).toFixed(digits);
  const step = (10 ** -digits).toFixed(digits);
  if (Number(text) === 0) return `below ${step}%`;
  if (Number(text) === 100) return `above ${(100 - Number(step)).toFixed(digits)}%`;
  return `${text}%`;
}

/**
 * What an interval is called: "95% CI" only for one printed in a source, "model range" for one a
 * model built (its coverage is unknown), nothing for none.
 * @param {IntervalType | string | undefined} type
 */
export function intervalName(type) {
  if (type === 'published_95_ci') return '95% CI';
  if (type === 'model_range') return 'model range';
  return '';
}

/**
 * An estimate's interval in words: "95% CI 24.9% to 59.0%", "model range 35% to 45%", or what is
 * missing ("no CI published" for a published number without one).
 * @param {{ lower?: number | null, upper?: number | null, interval_type?: string, status?: string }} item
 * @param {number} [digits]
 */
export function intervalText({ lower, upper, interval_type: type, status }, digits = 0) {
  const name = intervalName(type);
  if (!name || lower === null || lower === undefined || upper === null || upper === undefined) {
    return status === 'published' ? 'no CI published' : 'no range';
  }
  return `${name} ${percent(lower, digits)} to ${percent(upper, digits)}`;
}

/**
 * An observed curve's CI (Your cohort's Kaplan-Meier and calibration tables): "95% CI a to b".
 * Only for intervals the core computed from data as CIs; a model's number uses intervalText.
 * @param {number | null | undefined} lower @param {number | null | undefined} upper
 * @param {number} [digits]
 */
export function interval(lower, upper, digits = 0) {
  return intervalText(
    { lower, upper, interval_type: 'published_95_ci', status: 'published' },
    digits,
  );
}

/**
 * The interval of an observed Kaplan-Meier curve as the core computed it: "95% CI, log-log".
 * @param {number} confLevel
 * @param {string} confType
 */
export function confidenceName(confLevel, confType) {
  return `${Number((100 * confLevel).toFixed(1))}% CI, ${confType}`;
}

// "out of 100" counts for the icon array and sentences: a display rounding of the core's value.
/** @param {number | null | undefined} value */
export function perHundred(value) {
  return value === null || value === undefined ? null : Math.round(100 * value);
}

/** @param {number} value */
export function years(value) {
  if (value === 1) return '1 year';
  return `${Number.isInteger(value) ? value : value.toFixed(1)} years`;
}

/**
 * A count with its noun: "1 patient", "19 patients".
 * @param {number} count @param {string} singular @param {string} [plural]
 */
export function plural(count, singular, plural = `${singular}s`) {
  return `${count} ${count === 1 ? singular : plural}`;
}

/**
 * How the page names a model's time origin. Both roles are timed from the liver surgery
 * (docs/models.md); where the source does not say so, the model declares it assumed.
 * @param {Pick<Outcome, 'time_origin_stated' | 'time_unit'>} outcome
 */
export function timeOrigin(outcome) {
  const assumed = outcome.time_origin_stated === false;
  const note = assumed ? ' (assumed: the source does not say)' : '';
  const unit = outcome.time_unit || 'years';
  return {
    assumed,
    // "5 years after the liver surgery (assumed: ...)": for cards, sentences and tables.
    after: (/** @type {number} */ time) => `${years(time)} after the liver surgery${note}`,
    // The time axis and the table column.
    axis: `${unit.charAt(0).toUpperCase()}${unit.slice(1)} since the liver surgery${note}`,
    since: `since the liver surgery${note}`,
  };
}

/** @param {string} tag */
export function tagLabel(tag) {
  if (tag === 'observed') return 'Observed in your cohort';
  return tag === 'published' ? 'Published' : 'Modelled';
}
