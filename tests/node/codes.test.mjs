// The codes of docs/errors.md, web/src/components/warnings.js and the C++ sources agree: every
// error and warning code the page can show has its words in warnings.js and nothing else does,
// and every code the core or the boundary can emit is written down in docs/errors.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryRoot } from './module_loader.mjs';
import { warningTitles, errorTexts } from '../../web/src/components/warnings.js';

// The backticked codes in the first column of every "| code |" table, split at "## Warnings".
function documentedCodes() {
  const lines = readFileSync(join(repositoryRoot, 'docs', 'errors.md'), 'utf8').split('\n');
  const codes = { errors: new Set(), warnings: new Set() };
  let kind = 'errors';
  let inTable = false;
  for (const line of lines) {
    if (line.startsWith('## ')) kind = line.startsWith('## Warnings') ? 'warnings' : 'errors';
    if (/^\| code \|/.test(line)) inTable = true;
    else if (!line.startsWith('|')) inTable = false;
    else if (inTable && !/^\|[-| ]+\|$/.test(line)) {
      for (const [, code] of line.split('|')[1].matchAll(/`([a-z_]+)`/g)) codes[kind].add(code);
    }
  }
  return codes;
}

function sourceFiles(directory) {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(cpp|h)$/.test(name) ? [path] : [];
  });
}

// Codes the C++ can emit: refusals (ApiError, CoreError, refuse_model) and warnings
// (push_back({"code", ...}) into a Warnings list).
function emittedCodes() {
  const errors = new Set();
  const warnings = new Set();
  for (const file of [
    ...sourceFiles(join(repositoryRoot, 'core')),
    ...sourceFiles(join(repositoryRoot, 'wasm')),
  ]) {
    const text = readFileSync(file, 'utf8');
    for (const [, code] of text.matchAll(/(?:ApiError|CoreError|refuse_model)\(\s*"([a-z_]+)"/g))
      errors.add(code);
    for (const [, code] of text.matchAll(/warnings\.push_back\(\s*\{\s*"([a-z_]+)"/g))
      warnings.add(code);
  }
  return { errors, warnings };
}

const sorted = (set) => [...set].sort();

test('warnings.js has words for exactly the codes of docs/errors.md', () => {
  const documented = documentedCodes();
  assert.ok(documented.errors.size > 30 && documented.warnings.size > 15, 'the tables were read');
  assert.deepEqual(sorted(new Set(Object.keys(errorTexts))), sorted(documented.errors));
  assert.deepEqual(sorted(new Set(Object.keys(warningTitles))), sorted(documented.warnings));
});

test('every code the C++ can emit is documented in docs/errors.md', () => {
  const documented = documentedCodes();
  const emitted = emittedCodes();
  assert.ok(
    emitted.errors.has('unknown_model_handle') && emitted.warnings.has('averaged_over_mix'),
    'the sources were read',
  );
  assert.deepEqual(
    sorted(emitted.errors).filter((code) => !documented.errors.has(code)),
    [],
  );
  assert.deepEqual(
    sorted(emitted.warnings).filter((code) => !documented.warnings.has(code)),
    [],
  );
});
