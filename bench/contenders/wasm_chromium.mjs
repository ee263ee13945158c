// Benchmark contender: the WASM module in headless Chromium (Debian's, via playwright-core).
// Serves the repository over 127.0.0.1 (an ephemeral port), opens bench/contenders/browser.html
// and runs the jobs read as JSON from stdin ([{csv, op, mode, runs, warmup, fresh, warmUpRows}], paths relative
// to the repository; fresh: in a new page, a new module), printing one JSON line per job.
//   node bench/contenders/wasm_chromium.mjs MODULE.js < jobs.json
import { createServer } from 'node:http';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from '../../tests/browser/support.mjs';

const root = resolve(fileURLToPath(import.meta.url), '..', '..', '..');
const modulePath = relative(root, resolve(process.argv[2]));
const jobs = JSON.parse(readFileSync(0, 'utf8'));
const types = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.csv': 'text/csv',
};

const server = createServer((request, response) => {
  const path = join(root, decodeURIComponent(new URL(request.url, 'http://x').pathname));
  if (!path.startsWith(root + '/') || !statSync(path, { throwIfNoEntry: false })?.isFile()) {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, { 'Content-Type': types[extname(path)] ?? 'application/octet-stream' });
  createReadStream(path).pipe(response);
});
await new Promise((done) => server.listen(0, '127.0.0.1', done));
const origin = `http://127.0.0.1:${server.address().port}`;

// The browser tests' launch (Debian's Chromium, background services off).
const browser = await launchBrowser();
try {
  const openPage = async () => {
    const opened = await browser.newPage();
    opened.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    await opened.goto(`${origin}/bench/contenders/browser.html?module=/${modulePath}`);
    await opened.evaluate(() => window.benchReady);
    return opened;
  };
  let page = await openPage();
  const version = browser.version();
  for (const job of jobs) {
    // fresh: a new page (a new module instance) for this job: the page's first call.
    if (job.fresh) {
      await page.close();
      page = await openPage();
    }
    const result = await page.evaluate(
      ({ csv, op, mode, runs, warmup, warmUpRows }) =>
        window.runJob(csv, op, mode, runs, warmup, warmUpRows ?? 0),
      { ...job, csv: `/${job.csv}` },
    );
    console.log(
      JSON.stringify({
        contender: job.warmUpRows ? 'wasm-chromium, warmed up' : 'wasm-chromium',
        op: job.op,
        mode: job.mode,
        ...result,
        version: `Chromium ${version}`,
      }),
    );
  }
} finally {
  await browser.close();
  server.close();
}
