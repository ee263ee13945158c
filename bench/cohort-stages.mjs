// Where the Your cohort pipeline spends its time, stage by stage, in node on the benchmark's
// SYNTHETIC file (scripts/make-large-cohort.mjs): the page's worker runs the same modules
// (web/src/cohort/pipeline.js) and the same WebAssembly module (build/site). Not a test: no time
// is asserted. Needs scripts/build.sh.
//   node bench/cohort-stages.mjs [--rows 1000000] [--report OUT.json] [--site DIR]
// --report writes the report (without its requests) as JSON, to compare two versions' numbers.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { largeCohortCsv, largeCohortMapping } from '../scripts/make-large-cohort.mjs';
import { decodeBytes, readTable } from '../web/src/cohort/read-table.js';
import { describeColumns } from '../web/src/cohort/column-types.js';
import { checkMapping, resolveTypes, withTypes } from '../web/src/cohort/mapping-file.js';
import { prepareCohort } from '../web/src/cohort/prepare.js';
import { analyseCohort } from '../web/src/cohort/analysis.js';
import { reportOptions } from '../web/src/cohort/report-options.js';
import { coreCalculator } from '../web/src/cohort/core-calculate.js';
import { loadEngine } from '../web/src/engine.js';

const root = resolve(fileURLToPath(import.meta.url), '..', '..');
const option = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? process.argv[index + 1] : fallback;
};
// --site: the module of another build of the site (default build/site), to compare two versions.
const site = resolve(option('site', join(root, 'build', 'site')));
const rows = Number(option('rows', 1000000));
const reportPath = option('report', null);
if (!existsSync(join(site, 'nelm_core.js'))) {
  console.error('cohort stages: build/site is missing; run scripts/build.sh');
  process.exit(1);
}
const engine = await loadEngine(createRequire(import.meta.url)(join(site, 'nelm_core.js')), {
  wasmBinary: readFileSync(join(site, 'nelm_core.wasm')),
});
const bytes = new TextEncoder().encode(largeCohortCsv(rows));
const stages = [];
const timed = (name, work) => {
  const start = performance.now();
  const value = work();
  stages.push([name, performance.now() - start]);
  return value;
};

const load = loadavg()[0];
const { text } = timed('decode the bytes (TextDecoder)', () => decodeBytes(bytes));
const table = timed('split into rows and cells (Papa Parse)', () =>
  readTable(text, { delimiter: ',' }),
);
const { columns } = timed('column types', () =>
  describeColumns(table.header, table.rows, table.delimiter),
);
const mapping = largeCohortMapping;
timed('mapping check', () => checkMapping(mapping, table.header, columns));
const used = withTypes(mapping, resolveTypes(mapping, columns));
const cohort = timed('prepare the rows (prepare.js)', () => prepareCohort(table, used, columns));
const calculate = coreCalculator(engine);
const byOp = new Map();
const timedCalculate = (request) => {
  const start = performance.now();
  try {
    return calculate(request);
  } finally {
    byOp.set(request.op, (byOp.get(request.op) ?? 0) + performance.now() - start);
  }
};
const report = timed('the analyses (analysis.js, through the core)', () =>
  analyseCohort(cohort, timedCalculate, {
    options: reportOptions(used),
    mapped: { site: true, treatment: false },
  }),
);

console.log(`${rows} rows, load average ${load.toFixed(1)} before the run`);
for (const [name, ms] of stages) console.log(`${name}: ${(ms / 1000).toFixed(2)} s`);
for (const [op, ms] of byOp) console.log(`  - ${op} (all calls): ${(ms / 1000).toFixed(2)} s`);
if (reportPath) {
  for (const key of ['dfs', 'os', 'cumulative_incidence', 'cox'])
    if (report[key]) delete report[key].request;
  const plain = (key, value) => (ArrayBuffer.isView(value) ? [...value] : value);
  writeFileSync(
    reportPath,
    `${JSON.stringify({ report, problems: cohort.problems, exclusions: cohort.exclusions }, plain)}\n`,
  );
}
