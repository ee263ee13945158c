// Loads the built WebAssembly module (the single-file build, so node never fetches a file path)
// and the native CLI for side-by-side comparison.
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const modulePath = join(repositoryRoot, 'build', 'wasm', 'wasm', 'nelm_core_single.js');
const cliPath = join(repositoryRoot, 'build', 'native-debug', 'wasm', 'nelm-calc');

export async function loadModule() {
  if (!existsSync(modulePath)) {
    throw new Error(`${modulePath} is missing: build the wasm preset first (scripts/test.sh does)`);
  }
  const require = createRequire(import.meta.url);
  const createNelmModule = require(modulePath);
  return createNelmModule();
}

// The native CLI's response to the same request text.
export function nativeCalculate(requestText) {
  if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: build native-debug first`);
  try {
    return execFileSync(cliPath, ['-'], { input: requestText, encoding: 'utf8' });
  } catch (error) {
    if (error.status === 1) return error.stdout; // a refusal is still a response
    throw error;
  }
}

// Deep comparison with a relative tolerance on numbers (wasm and glibc libm may differ in the
// last bits); returns a description of the first difference or null.
export function firstDifference(actual, expected, tolerance = 1e-9, path = '') {
  if (typeof expected === 'number' && typeof actual === 'number') {
    const scale = Math.max(Math.abs(expected), 1e-300);
    const ok = actual === expected || Math.abs(actual - expected) <= tolerance * scale ||
      Math.abs(actual - expected) <= 1e-14;
    return ok ? null : `${path}: ${actual} vs ${expected}`;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return `${path}: length differs`;
    for (let i = 0; i < expected.length; i += 1) {
      const difference = firstDifference(actual[i], expected[i], tolerance, `${path}/${i}`);
      if (difference) return difference;
    }
    return null;
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object') return `${path}: not an object`;
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    for (const key of keys) {
      const difference = firstDifference(actual[key], expected[key], tolerance, `${path}/${key}`);
      if (difference) return difference;
    }
    return null;
  }
  return actual === expected ? null : `${path}: ${JSON.stringify(actual)} vs ${JSON.stringify(expected)}`;
}
