// @ts-check
// Deep comparison of two responses with a relative tolerance on numbers (the browser's and the
// native libm may differ in the last bits): the description of the first difference, or null.
export function firstDifference(actual, expected, tolerance = 1e-9, path = '') {
  if (typeof expected === 'number' && typeof actual === 'number') {
    const scale = Math.max(Math.abs(expected), 1e-300);
    const ok =
      actual === expected ||
      Math.abs(actual - expected) <= tolerance * scale ||
      Math.abs(actual - expected) <= 1e-14;
    return ok ? null : `${path}: ${actual} vs ${expected}`;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length)
      return `${path}: length differs`;
    for (let i = 0; i < expected.length; i += 1) {
      const difference = firstDifference(actual[i], expected[i], tolerance, `${path}/${i}`);
      if (difference) return difference;
    }
    return null;
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object') return `${path}: not an object`;
    for (const key of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
      const difference = firstDifference(actual[key], expected[key], tolerance, `${path}/${key}`);
      if (difference) return difference;
    }
    return null;
  }
  return actual === expected
    ? null
    : `${path}: ${JSON.stringify(actual)} vs ${JSON.stringify(expected)}`;
}
