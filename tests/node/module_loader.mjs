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

// The same deep comparison the page's self-test uses (one definition, in web/src/compare.js).
export { firstDifference } from '../../web/src/compare.js';
