// Issue 16 point 5: the page's path at 10^6 rows, one call. For Kaplan-Meier (log-log), log-rank
// (3 groups) and Cox (Efron, 5 covariates, with the concordance): R survival, then the WASM module
// in a FRESH node process per run (columns handed over with putColumn, not timed; ONE calculate()
// timed, with JSON.parse of its response), and, with --chromium, in a fresh Chromium page per run.
// Agreement with R is checked before any time is printed. SYNTHETIC data (bench/generate.mjs).
//   node bench/first-call.mjs [--n 1000000] [--runs 3] [--chromium]
//                             [--module bench/results/wasm/nelm_core.js[,OTHER/nelm_core.js]]
//                             [--warm-up ROWS]
// --warm-up: each run is made twice, as a cold first call and as the first call after the page's
// warm-up (module.warmUp(ROWS) and 1 s idle, not timed; its own time is reported beside).
// Several modules (comma-separated) are run in turn, process by process, for a before/after.
// Needs R with survival (bench/run.sh installs it) and the built module (bench/run.sh copies it to
// bench/results/wasm). Not part of any test: see docs/performance.md, "Issue 16.5".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '..', '..');
const option = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? process.argv[index + 1] : fallback;
};
const n = Number(option('n', '1000000'));
const runs = Number(option('runs', '3'));
const modules = option('module', join('bench', 'results', 'wasm', 'nelm_core.js')).split(',');
const chromium = process.argv.includes('--chromium');
const warmUpRows = Number(option('warm-up', '0'));
const warmUps = warmUpRows > 0 ? [0, warmUpRows] : [0];
const OPS = ['km', 'logrank', 'cox_efron'];
const SEED = 20240601;
const csv = join('bench', 'results', 'data', `synthetic-n${n}-seed${SEED}.csv`);
const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

function run(command, args, input) {
  const child = spawnSync(command, args, {
    cwd: root,
    input,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env: { ...process.env, R_LIBS_USER: '' },
  });
  if (child.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${child.stderr}`);
  return child.stdout
    .trim()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line));
}

mkdirSync(join(root, 'bench', 'results', 'data'), { recursive: true });
if (!existsSync(join(root, csv))) run('node', ['bench/generate.mjs', String(n), String(SEED), csv]);

const records = [];
for (const op of OPS) {
  // R: `runs` timed fits in one process, no warm-up (as bench/run.mjs does at 10^6).
  const [r] = run('Rscript', ['bench/contenders/r_survival.R', csv, op, String(runs), '0']);
  records.push({ ...r, load: loadAverage() });
  for (let k = 0; k < runs; k++) {
    for (const module of modules) {
      for (const rows of warmUps) {
        const load = loadAverage();
        const [w] = run('node', [
          '--no-experimental-fetch',
          'bench/contenders/wasm_node.mjs',
          module,
          csv,
          op,
          'compute',
          '1',
          '0',
          String(rows),
        ]);
        if (rows) w.contender = 'wasm-node, warmed up';
        records.push({ ...w, module, load });
      }
    }
  }
  for (const module of chromium ? modules : []) {
    const jobs = Array.from({ length: runs }, () =>
      warmUps.map((rows) => ({
        csv,
        op,
        mode: 'compute',
        runs: 1,
        warmup: 0,
        fresh: true,
        warmUpRows: rows,
      })),
    ).flat();
    for (const record of run(
      'node',
      ['bench/contenders/wasm_chromium.mjs', module],
      JSON.stringify(jobs),
    )) {
      records.push({ ...record, module, load: loadAverage() });
    }
  }
}

// Agreement: every module result against R's, before any time is shown (as bench/run.mjs).
const TOLERANCE = 1e-6;
const close = (a, b) =>
  a === b ||
  (a !== null &&
    b !== null &&
    Math.abs(a - b) <= TOLERANCE * Math.max(Math.abs(a), Math.abs(b), 1e-3));
const failures = [];
for (const record of records.filter((r) => r.contender !== 'R')) {
  const reference = records.find((r) => r.contender === 'R' && r.op === record.op);
  for (const [field, value] of Object.entries(record.check)) {
    const expected = [reference.check[field]].flat();
    [value].flat().forEach((v, i) => {
      if (!close(v, expected[i]))
        failures.push(`${record.op} ${field}[${i}] = ${v}, R ${expected[i]}`);
    });
  }
}
if (failures.length) {
  console.error('AGREEMENT CHECK FAILED; no timings reported.');
  failures.forEach((line) => console.error(`  ${line}`));
  process.exit(1);
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const list = (values) => values.map((v) => v.toFixed(0)).join(', ');
const lines = [
  `Issue 16.5, n = ${n}, SYNTHETIC data; ${new Date().toISOString()}; ` +
    `one calculate() per fresh module (median of ${runs} processes; each value in brackets)`,
  '',
  '| op | contender (module) | wall ms | CPU ms (all threads) | CPU ms (module thread) | load | ratio R/module, wall | ratio, CPU (R CPU / module thread CPU) |',
  '|---|---|---:|---:|---:|---|---:|---:|',
];
for (const op of OPS) {
  const r = records.find((x) => x.contender === 'R' && x.op === op);
  const rWall = median(r.times_ms),
    rCpu = median(r.cpu_ms);
  lines.push(
    `| ${op} | R | ${rWall.toFixed(0)} (${list(r.times_ms)}) | ${rCpu.toFixed(0)} (${list(r.cpu_ms)}) | | ${r.load} | | |`,
  );
  const contenders = [
    'wasm-node',
    'wasm-node, warmed up',
    'wasm-chromium',
    'wasm-chromium, warmed up',
  ];
  for (const [contender, module] of contenders.flatMap((c) => modules.map((m) => [c, m]))) {
    const mine = records.filter(
      (x) => x.contender === contender && x.op === op && x.module === module,
    );
    if (!mine.length) continue;
    const wall = mine.map((x) => x.times_ms[0]);
    const cpu = mine.filter((x) => x.cpu_ms).map((x) => x.cpu_ms[0]);
    const main = mine.filter((x) => x.main_thread_ms).map((x) => x.main_thread_ms[0]);
    const warm = mine.filter((x) => x.warm_up_ms).map((x) => x.warm_up_ms);
    const label = warm.length ? `${contender}: warmUp ${list(warm)} ms before` : contender;
    lines.push(
      `| ${op} | ${label} (${module}) | ${median(wall).toFixed(1)} (${list(wall)}) | ` +
        `${cpu.length ? `${median(cpu).toFixed(0)} (${list(cpu)})` : ''} | ` +
        `${main.length ? `${median(main).toFixed(0)} (${list(main)})` : ''} | ${mine.map((x) => x.load.split(' ')[0]).join(', ')} | ` +
        `${(rWall / median(wall)).toFixed(1)} | ${main.length ? (rCpu / median(main)).toFixed(1) : ''} |`,
    );
  }
}
writeFileSync(join(root, 'bench', 'results', 'first-call.json'), JSON.stringify(records, null, 1));
writeFileSync(join(root, 'bench', 'results', 'first-call.md'), lines.join('\n') + '\n');
console.log(lines.join('\n'));
