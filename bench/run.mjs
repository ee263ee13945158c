// The benchmark harness (started by bench/run.sh): generates the SYNTHETIC cohorts, runs every
// contender on every op and size, checks that all of them agree with R before any time is shown,
// then writes bench/results/results.json and results.md and prints the table.
//   node bench/run.mjs [--sizes 10000,100000,1000000] [--runs 5]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpus, totalmem } from 'node:os';

const root = resolve(fileURLToPath(import.meta.url), '..', '..');
const results = join(root, 'bench', 'results');
const option = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? process.argv[index + 1] : fallback;
};
const sizes = option('sizes', '10000,100000,1000000').split(',').map(Number);
const baseRuns = Number(option('runs', '5'));
const SEED = 20240601;
const OPS = ['km', 'logrank', 'cox_efron', 'cox_breslow'];
const nativeDriver = join(root, 'build', 'bench', 'bench_driver');
const wasmModule = join(results, 'wasm', 'nelm_core.js'); // a private copy (build/wasm is shared)

// Slow contenders get fewer runs at the largest size (said in the table).
function runsFor(contender, op, n) {
  if (n < 1e6)
    return contender === 'statsmodels' && op.startsWith('cox') && n >= 1e5 ? 3 : baseRuns;
  if (contender === 'statsmodels') return op.startsWith('cox') ? 1 : 3;
  if (contender === 'R') return 3;
  return baseRuns;
}
// One untimed warm-up run per job (JIT tier-up, lazy loading, first-touch page faults), except
// for R and statsmodels at the largest size, where one run takes seconds and start-up is noise.
const warmupFor = (contender, n) => (n >= 1e6 && ['R', 'statsmodels'].includes(contender) ? 0 : 1);

function run(command, args, input) {
  const child = spawnSync(command, args, {
    cwd: root,
    input,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env: { ...process.env, R_LIBS_USER: '' },
  });
  if (child.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${child.status}):\n${child.stderr}`);
  }
  return child.stdout
    .trim()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line));
}

const csvOf = (n) => join('bench', 'results', 'data', `synthetic-n${n}-seed${SEED}.csv`);
mkdirSync(join(results, 'data'), { recursive: true });
for (const n of sizes) {
  if (!existsSync(join(root, csvOf(n))))
    run('node', ['bench/generate.mjs', String(n), String(SEED), csvOf(n)]);
}

const records = [];
const log = (record) => {
  records.push(record);
  process.stderr.write(
    `  ${record.contender} ${record.op} ${record.mode} n=${record.n}: ` +
      `${record.times_ms.length} run(s) done\n`,
  );
};
for (const n of sizes) {
  const csv = csvOf(n);
  process.stderr.write(`== n = ${n}\n`);
  const chromiumJobs = [];
  for (const op of OPS) {
    log(
      ...run('Rscript', [
        'bench/contenders/r_survival.R',
        csv,
        op,
        String(runsFor('R', op, n)),
        String(warmupFor('R', n)),
      ]),
    );
    log(
      ...run('/usr/bin/python3', [
        'bench/contenders/statsmodels_bench.py',
        csv,
        op,
        String(runsFor('statsmodels', op, n)),
        String(warmupFor('statsmodels', n)),
      ]),
    );
    for (const mode of ['compute', 'e2e']) {
      log(...run(nativeDriver, [csv, op, mode, String(runsFor('native', op, n)), '1']));
      log(
        ...run('node', [
          '--no-experimental-fetch',
          'bench/contenders/wasm_node.mjs',
          wasmModule,
          csv,
          op,
          mode,
          String(runsFor('wasm', op, n)),
          '1',
        ]),
      );
      chromiumJobs.push({ csv, op, mode, runs: runsFor('wasm', op, n), warmup: 1 });
    }
  }
  run(
    'node',
    ['bench/contenders/wasm_chromium.mjs', wasmModule],
    JSON.stringify(chromiumJobs),
  ).forEach(log);
}

// ---- Agreement: every result against R's, before any time is reported.
const TOLERANCE = 1e-6; // relative, with an absolute floor for values near 0
const close = (a, b) =>
  a === b ||
  (a !== null &&
    b !== null &&
    Math.abs(a - b) <= TOLERANCE * Math.max(Math.abs(a), Math.abs(b), 1e-3));
const failures = [];
const agreement = [];
for (const record of records) {
  if (record.contender === 'R') continue;
  const reference = records.find(
    (r) => r.contender === 'R' && r.op === record.op && r.n === record.n,
  );
  let worst = 0;
  for (const [field, value] of Object.entries(record.check)) {
    if (!(field in reference.check)) continue;
    const values = [value].flat();
    const expected = [reference.check[field]].flat();
    values.forEach((v, i) => {
      const e = expected[i];
      if (!close(v, e))
        failures.push(
          `${record.contender} ${record.op} ${record.mode} n=${record.n}: ${field}[${i}] = ${v}, R ${e}`,
        );
      else if (v !== null && e !== null)
        worst = Math.max(worst, Math.abs(v - e) / Math.max(Math.abs(e), 1e-3));
    });
  }
  agreement.push({
    contender: record.contender,
    op: record.op,
    mode: record.mode,
    n: record.n,
    fields: Object.keys(record.check).filter((field) => field in reference.check),
    max_relative_difference: worst,
  });
}
if (failures.length) {
  console.error(
    'AGREEMENT CHECK FAILED: the contenders do not compute the same results; no timings reported.',
  );
  failures.forEach((line) => console.error(`  ${line}`));
  process.exit(1);
}
const worstBy = (filter) =>
  Math.max(...agreement.filter(filter).map((a) => a.max_relative_difference));

// ---- Figures.
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const timeOf = (contender, op, mode, n) => {
  const record = records.find(
    (r) => r.contender === contender && r.op === op && r.mode === mode && r.n === n,
  );
  return record ? median(record.times_ms) : NaN;
};
const rows = [];
const contenders = [
  ['native', 'compute'],
  ['wasm-node', 'compute'],
  ['wasm-chromium', 'compute'],
  ['R', 'compute'],
  ['statsmodels', 'compute'],
  ['native', 'e2e'],
  ['wasm-node', 'e2e'],
  ['wasm-chromium', 'e2e'],
];
for (const op of OPS) {
  for (const [contender, mode] of contenders) {
    const row = { op, contender, mode, median_ms: {}, runs: {}, ratio_to_r: {}, growth: {} };
    for (const n of sizes) {
      const record = records.find(
        (r) => r.contender === contender && r.op === op && r.mode === mode && r.n === n,
      );
      row.median_ms[n] = median(record.times_ms);
      row.runs[n] = record.times_ms.length;
      row.ratio_to_r[n] = timeOf('R', op, 'compute', n) / row.median_ms[n];
    }
    for (let k = 1; k < sizes.length; k++) {
      row.growth[`${sizes[k - 1]}-${sizes[k]}`] =
        Math.log(row.median_ms[sizes[k]] / row.median_ms[sizes[k - 1]]) /
        Math.log(sizes[k] / sizes[k - 1]);
    }
    rows.push(row);
  }
}

// ---- Targets of issue 6 (compute only, at the largest size).
const largest = Math.max(...sizes);
const previous = sizes.filter((n) => n < largest).pop();
const nLogNExponent = previous
  ? 1 + Math.log10(Math.log(largest) / Math.log(previous)) / Math.log10(largest / previous)
  : NaN;
const targets = [];
for (const op of OPS) {
  for (const [contender, factor] of [
    ['native', 20],
    ['wasm-chromium', 10],
  ]) {
    const ratio = rows.find((r) => r.op === op && r.contender === contender && r.mode === 'compute')
      .ratio_to_r[largest];
    targets.push({
      target: `${contender} >= ${factor}x faster than R, ${op}, n=${largest}`,
      value: ratio,
      met: ratio >= factor,
    });
  }
}
for (const row of rows.filter(
  (r) => r.mode === 'compute' && !['R', 'statsmodels'].includes(r.contender),
)) {
  const exponent = row.growth[`${previous}-${largest}`];
  // n log n between the two sizes, plus 0.1 for timing noise on a shared machine.
  targets.push({
    target: `${row.contender} ${row.op} grows no worse than n log n (exponent <= ${(nLogNExponent + 0.1).toFixed(2)})`,
    value: exponent,
    met: exponent <= nLogNExponent + 0.1,
  });
}

const format = (ms) =>
  ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
const lines = [];
lines.push(
  `Synthetic data (bench/generate.mjs, seed ${SEED}); median of runs (runs in brackets, after ` +
    `one untimed warm-up run except R and statsmodels at the largest n); ` +
    `ratio = R's compute time / this time; growth = slope of log time vs log n.`,
);
lines.push('');
lines.push(
  `| op | contender | mode | ${sizes.map((n) => `n=${n.toExponential(0)}`).join(' | ')} | ratio to R at ${largest.toExponential(0)} | growth ${previous ?? ''}->${largest} |`,
);
lines.push(`|---|---|---|${sizes.map(() => '---:').join('|')}|---:|---:|`);
for (const row of rows) {
  lines.push(
    `| ${row.op} | ${row.contender} | ${row.mode} | ${sizes.map((n) => `${format(row.median_ms[n])} (${row.runs[n]})`).join(' | ')} | ` +
      `${row.ratio_to_r[largest].toFixed(1)} | ${previous ? row.growth[`${previous}-${largest}`].toFixed(2) : ''} |`,
  );
}
lines.push('');
lines.push(
  `Agreement with R (relative tolerance ${TOLERANCE}): all ${agreement.length} results agree; ` +
    `largest relative difference: native ${worstBy((a) => a.contender === 'native').toExponential(1)}, ` +
    `WASM ${worstBy((a) => a.contender.startsWith('wasm')).toExponential(1)}, ` +
    `statsmodels ${worstBy((a) => a.contender === 'statsmodels').toExponential(1)}.`,
);
lines.push('');
lines.push('| target | value | met |');
lines.push('|---|---:|---|');
for (const target of targets)
  lines.push(`| ${target.target} | ${target.value.toFixed(2)} | ${target.met ? 'yes' : 'NO'} |`);

const machine = {
  nproc: cpus().length,
  cpu: cpus()[0]?.model,
  memory_gib: +(totalmem() / 2 ** 30).toFixed(1),
  load_average: spawnSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).stdout.trim(),
  date: new Date().toISOString(),
};
const versions = Object.fromEntries(
  records.filter((r) => r.version).map((r) => [r.contender, r.version]),
);
writeFileSync(
  join(results, 'results.json'),
  JSON.stringify(
    { machine, versions, seed: SEED, sizes, records, agreement, rows, targets },
    null,
    1,
  ),
);
writeFileSync(join(results, 'results.md'), lines.join('\n') + '\n');
console.log(
  `Machine: ${machine.nproc} cores, ${machine.cpu}, ${machine.memory_gib} GiB; load ${machine.load_average}`,
);
console.log(lines.join('\n'));
