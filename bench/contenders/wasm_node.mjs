// Benchmark contender: the WASM module under node. Prints one JSON line for bench/run.mjs.
//   node --no-experimental-fetch bench/contenders/wasm_node.mjs MODULE.js DATA.csv OP MODE RUNS [WARMUP]
//        [WARM_UP_ROWS]  (module.warmUp(WARM_UP_ROWS) and 1 s idle first, as the page's worker)
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { runBench, warmUpModule } from './wasm_bench.mjs';

const [, , modulePath, csvPath, op, mode, runs, warmup = '0', warmUpRows = '0'] = process.argv;
const createNelmModule = createRequire(import.meta.url)(resolve(modulePath));
const module = await createNelmModule();
const warmUpMs = Number(warmUpRows) > 0 ? await warmUpModule(module, Number(warmUpRows)) : null;
// CPU clocks: the whole process (V8 compiles in background threads), and the thread that runs the
// module (Linux: its schedstat, in nanoseconds), which is what a quiet core's wall clock would be.
const schedstat = `/proc/${process.pid}/task/${process.pid}/schedstat`;
const clocks = {
  cpu: () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  },
  mainThread: existsSync(schedstat)
    ? () => Number(readFileSync(schedstat, 'utf8').split(' ')[0]) / 1e6
    : undefined,
};
const result = runBench(
  module,
  readFileSync(csvPath, 'utf8'),
  op,
  mode,
  Number(runs),
  Number(warmup),
  clocks,
);
console.log(
  JSON.stringify({
    contender: 'wasm-node',
    op,
    mode,
    ...result,
    ...(warmUpMs === null ? {} : { warm_up_ms: warmUpMs, warm_up_rows: Number(warmUpRows) }),
    version: `node ${process.version}`,
  }),
);
