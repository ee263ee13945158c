// The WASM contender's timing loop, shared by node (wasm_node.mjs) and headless Chromium
// (browser.html): the same module, the same requests, the same clock (performance.now()).
//   compute: the columns are already in the module's memory (putColumn, not timed); the timed
//            part is calculate() on a request that refers to them, and JSON.parse of the result.
//            The log-rank group's numeric labels take the same path. With warmup 0 and runs 1 in a
//            fresh module this is the page's first call (bench/first-call.mjs).
//   e2e:     CSV text -> Float64Array columns -> putColumn -> calculate() -> JSON.parse: what the
//            page's cohort worker does with a large file (web/src/cohort/worker.js).
export const CHECK_TIMES = [100, 500, 1000, 2000]; // days; also in bench/run.mjs
const COVARIATES = ['x1', 'x2', 'x3', 'x4', 'x5'];

export function parseCsv(text) {
  const lines = text.split('\n');
  const header = lines[0].split(',');
  const rows = lines.length - (lines[lines.length - 1] === '' ? 2 : 1);
  const columns = Object.fromEntries(header.map((name) => [name, new Float64Array(rows)]));
  const targets = header.map((name) => columns[name]);
  for (let i = 0; i < rows; i++) {
    const fields = lines[i + 1].split(',');
    for (let k = 0; k < targets.length; k++) targets[k][i] = Number(fields[k]);
  }
  return columns;
}

function requestFor(op, data) {
  const request = {
    op: op === 'km' ? 'kaplan_meier' : op === 'logrank' ? 'log_rank' : 'cox',
    data,
  };
  if (op === 'km') Object.assign(request, { conf_type: 'log-log', times: CHECK_TIMES });
  if (op === 'cox_efron') request.ties = 'efron';
  if (op === 'cox_breslow') request.ties = 'breslow';
  return request;
}

function dataFor(op, column) {
  const data = { time: column('time'), event: column('event') };
  if (op === 'logrank') data.group = column('group');
  if (op.startsWith('cox')) {
    data.covariates = Object.fromEntries(COVARIATES.map((name) => [name, column(name)]));
  }
  return data;
}

export function checkFromResponse(response, op) {
  if (!response.ok) throw new Error(`calculate refused: ${JSON.stringify(response.error)}`);
  const result = response.result;
  if (op === 'km') {
    const curve = result.curves[0];
    return {
      surv: curve.at_times.surv,
      lower: curve.at_times.lower,
      upper: curve.at_times.upper,
      median: curve.median.estimate,
    };
  }
  if (op === 'logrank') {
    return { chisq: result.chisq, observed: result.observed, expected: result.expected };
  }
  return {
    coef: COVARIATES.map((name) => result.coef[name]),
    se: COVARIATES.map((name) => result.se[name]),
    loglik: result.loglik,
    concordance: result.concordance.concordance,
  };
}

// The page's warm-up (docs/api.md, "Warm-up"): module.warmUp(rows), then `settleMs` idle, as
// the page's worker has while the columns are mapped (V8 compiles on a background thread).
// Returns the milliseconds warmUp() took; throws if it was refused.
export async function warmUpModule(module, rows, settleMs = 1000) {
  const start = performance.now();
  const answer = JSON.parse(module.warmUp(rows));
  const took = performance.now() - start;
  if (!answer.ok) throw new Error(`warmUp refused: ${JSON.stringify(answer.error)}`);
  await new Promise((done) => setTimeout(done, settleMs));
  return took;
}

// Runs one op `warmup` times untimed, then `runs` times; returns {times_ms, check, n}, and
// cpu_ms / main_thread_ms per timed run when `clocks` has cpu() / mainThread() (node only:
// milliseconds of CPU of the whole process, or of the thread that runs the module).
export function runBench(module, csvText, op, mode, runs, warmup = 0, clocks = {}) {
  const times = [];
  const cpu = [];
  const mainThread = [];
  let check;
  let n;
  if (mode === 'compute') {
    const columns = parseCsv(csvText);
    n = columns.time.length;
    module.clearColumns();
    for (const name of ['time', 'event', 'group', ...COVARIATES])
      module.putColumn(name, columns[name]);
    const text = JSON.stringify(
      requestFor(
        op,
        dataFor(op, (name) => ({ column: name })),
      ),
    );
    for (let run = 0; run < warmup + runs; run++) {
      const cpuStart = clocks.cpu?.();
      const mainStart = clocks.mainThread?.();
      const start = performance.now();
      check = checkFromResponse(JSON.parse(module.calculate(text)), op);
      if (run < warmup) continue;
      times.push(performance.now() - start);
      if (clocks.cpu) cpu.push(clocks.cpu() - cpuStart);
      if (clocks.mainThread) mainThread.push(clocks.mainThread() - mainStart);
    }
    module.clearColumns();
  } else {
    for (let run = 0; run < warmup + runs; run++) {
      const start = performance.now();
      const columns = parseCsv(csvText);
      const text = JSON.stringify(
        requestFor(
          op,
          dataFor(op, (name) => {
            module.putColumn(name, columns[name]);
            return { column: name };
          }),
        ),
      );
      check = checkFromResponse(JSON.parse(module.calculate(text)), op);
      module.clearColumns();
      if (run >= warmup) times.push(performance.now() - start);
      n = columns.time.length;
    }
  }
  const result = { times_ms: times, check, n };
  if (cpu.length) result.cpu_ms = cpu;
  if (mainThread.length) result.main_thread_ms = mainThread;
  return result;
}
