// @ts-check
// Formatting only: numbers from the core turned into text. No statistics here.

export function percent(value, digits = 0) {
  if (value === null || value === undefined || Number.isNaN(value)) return 'not estimable';
  return `${(100 * value).toFixed(digits)}%`;
}

export function interval(lower, upper, digits = 0) {
  if (lower === null || lower === undefined || upper === null || upper === undefined) {
    return 'no 95% CI published';
  }
  return `95% CI ${percent(lower, digits)} to ${percent(upper, digits)}`;
}

// "out of 100" counts for the icon array and sentences: a display rounding of the core's value.
export function perHundred(value) {
  return value === null || value === undefined ? null : Math.round(100 * value);
}

export function years(value) {
  if (value === 1) return '1 year';
  return `${Number.isInteger(value) ? value : value.toFixed(1)} years`;
}

export function tagLabel(tag) {
  if (tag === 'observed') return 'Observed in your cohort';
  return tag === 'published' ? 'Published' : 'Modelled';
}
