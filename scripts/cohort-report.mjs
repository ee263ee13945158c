// The Your cohort analysis from the command line, by the page's own pipeline (web/src/cohort/, the
// same modules the page's worker runs) and the page's own WebAssembly module (build/site):
//   node scripts/cohort-report.mjs DATA.csv MAPPING.json > report.json
// MAPPING.json is a mapping saved by the page ("Save the mapping", format in docs/cohort.md).
// Prints one JSON object: the report with unrounded numbers, every problem, the rows used.
// Exit status: 0 report printed; 1 the mapping does not fit the file, or no row is left (the
// problems are printed); 2 usage, or a file that cannot be read.
import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCohortFile, analyseFile } from '../web/src/cohort/pipeline.js';
import { parseMappingFile } from '../web/src/cohort/mapping-file.js';
import { coreCalculator, coreVersion } from '../web/src/cohort/core-calculate.js';
import { loadEngine } from '../web/src/engine.js';

const site = join(dirname(fileURLToPath(import.meta.url)), '..', 'build', 'site');

function finish(status, output) {
  process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
  process.exitCode = status;
}

async function loadCore() {
  const script = join(site, 'nelm_core.js');
  if (!existsSync(script)) throw new Error(`${script} is missing: run scripts/build.sh first`);
  const createNelmModule = createRequire(import.meta.url)(script);
  return loadEngine(createNelmModule, { wasmBinary: readFileSync(join(site, 'nelm_core.wasm')) });
}

// Everything the report says, without the requests (they repeat every row's data).
function withoutRequests(report) {
  const copy = { ...report };
  for (const key of ['dfs', 'os', 'cumulative_incidence', 'cox'])
    if (copy[key]) copy[key] = { ...copy[key], request: undefined };
  return copy;
}

async function main([dataPath, mappingPath]) {
  if (!dataPath || !mappingPath) {
    process.stderr.write('usage: node scripts/cohort-report.mjs DATA.csv MAPPING.json\n');
    process.exitCode = 2;
    return;
  }
  let mapping;
  let file;
  try {
    mapping = parseMappingFile(readFileSync(mappingPath, 'utf8'));
    file = readCohortFile(new Uint8Array(readFileSync(dataPath)), {
      delimiter: mapping.delimiter ?? '',
    });
  } catch (error) {
    finish(2, { ok: false, errors: [{ path: '', message: error.message }] });
    return;
  }
  const engine = await loadCore();
  const analysis = analyseFile(file, mapping, coreCalculator(engine));
  const read = {
    path: dataPath,
    encoding: file.encoding,
    encoding_note: file.encodingNote,
    delimiter: file.table.delimiter,
    rows_read: file.table.rows.length,
    blank_rows: file.table.blankRows,
  };
  const problems = [...file.table.problems, ...(analysis.cohort?.problems ?? [])];
  if (!analysis.ok) {
    finish(1, {
      ok: false,
      engine: coreVersion(engine),
      file: read,
      errors: analysis.errors,
      notes: analysis.notes,
      problems,
    });
    return;
  }
  const { cohort } = analysis;
  const output = {
    ok: cohort.included > 0,
    engine: coreVersion(engine),
    file: read,
    mapping: analysis.mapping,
    notes: analysis.notes,
    rows: {
      included: cohort.included,
      excluded: cohort.excluded,
      exclusions: cohort.exclusions,
      used: cohort.row,
    },
    problems,
    report: withoutRequests(analysis.report),
  };
  if (cohort.included === 0)
    output.errors = [
      { path: '', message: 'No row is left to analyse: every row has a problem (see "problems").' },
    ];
  finish(cohort.included > 0 ? 0 : 1, output);
}

await main(process.argv.slice(2));
