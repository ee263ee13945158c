// Benchmark contender: the WASM module under node. Prints one JSON line for bench/run.mjs.
//   node --no-experimental-fetch bench/contenders/wasm_node.mjs MODULE.js DATA.csv OP MODE RUNS [WARMUP]
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { runBench } from './wasm_bench.mjs';

const [, , modulePath, csvPath, op, mode, runs, warmup = '0'] = process.argv;
const createNelmModule = createRequire(import.meta.url)(resolve(modulePath));
const module = await createNelmModule();
const result = runBench(
  module,
  readFileSync(csvPath, 'utf8'),
  op,
  mode,
  Number(runs),
  Number(warmup),
);
console.log(
  JSON.stringify({
    contender: 'wasm-node',
    op,
    mode,
    ...result,
    version: `node ${process.version}`,
  }),
);
