// @ts-check
// Text of the Your cohort report's numbers: formatting only (the core computed every number).
// "not estimable" past the last follow-up carries the core's reason; a median never reached says
// so; the interval type is named wherever an interval is shown.
import { confTypes, tieMethods } from '../../cohort/report-options.js';

// An estimate of exactly 0 (every patient had the event, or none yet at time 0) is "0%", not a
// rounded "0.0%".
const percentText = (value) => (value === 0 ? '0%' : `${(100 * value).toFixed(1)}%`);

// "62.3% (95% CI 55.1 to 68.7%)", the reason where the core gave no estimate, "" for no row.
export function estimateText(row) {
  if (!row) return '';
  if (row.estimable === false) return row.reason ?? 'not estimable';
  if (row.value === null || row.value === undefined) return 'not estimable';
  const interval =
    row.lower === null || row.lower === undefined || row.upper === null || row.upper === undefined
      ? ''
      : ` (95% CI ${(100 * row.lower).toFixed(1)} to ${(100 * row.upper).toFixed(1)}%)`;
  return `${percentText(row.value)}${interval}`;
}

export const yearsText = (value) =>
  value === null || value === undefined ? 'not reached' : `${Number(value).toFixed(1)} years`;

// "3.1 years (95% CI 2.6 to 3.8)"; an end never reached (the curve stays above 50%) says so.
export function medianText(median) {
  if (!median || median.estimate === null) return 'not reached';
  const upper = median.upper === null ? 'not reached' : Number(median.upper).toFixed(1);
  const lower = median.lower === null ? 'not reached' : Number(median.lower).toFixed(1);
  return `${Number(median.estimate).toFixed(1)} years (95% CI ${lower} to ${upper})`;
}

export const pValueText = (p) =>
  p === null || p === undefined ? 'not estimable' : p < 0.001 ? '< 0.001' : p.toFixed(3);

export const numberText = (value, digits = 2) =>
  value === null || value === undefined ? 'not estimable' : Number(value).toFixed(digits);

export const intervalName = (confType) =>
  `pointwise 95% confidence intervals, ${confTypes[confType] ?? confType} transform`;

export const tieName = (ties) => tieMethods[ties] ?? ties;

export function logRankText(test) {
  if (!test) return null;
  const p =
    test.p === null || test.p === undefined
      ? 'not estimable'
      : test.p < 0.001
        ? '< 0.001'
        : `= ${test.p.toFixed(3)}`;
  return `Log-rank test: chi-square ${test.chisq.toFixed(2)} on ${test.df} df, p ${p}`;
}

export const yearLabel = (time) => `${time} year${time === 1 ? '' : 's'}`;
