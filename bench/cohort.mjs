// The Your cohort benchmark (issue 13 point 9, issue 14 point 3): a SYNTHETIC file with continuous
// times (scripts/make-large-cohort.mjs: every time distinct, the hardest case for the figures) from
// choosing it to the full report on the page, in headless Chromium against the site served on
// 127.0.0.1 by scripts/serve.mjs, and the longest main-thread task on the way. Not a test: no
// time is asserted. Needs scripts/build.sh. Writes bench/results/cohort.json.
//   node bench/cohort.mjs [--sizes 100000,1000000] [--runs 3] [--site DIR] [--mapping-pause MS]
// --site serves another build of the site (default build/site), to time two versions in turn.
// --mapping-pause waits MS ms after the mapping is loaded before asking for the report, as a user
// checking the columns would (default 0: the report asked for at once, the worst case for the
// worker's warm-up, which then runs first). The pause is not counted in the total.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, statSync } from 'node:fs';
import { loadavg, cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from '../tests/browser/support.mjs';
import { largeCohortCsv, largeCohortMapping } from '../scripts/make-large-cohort.mjs';

const root = resolve(fileURLToPath(import.meta.url), '..', '..');
const option = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? process.argv[index + 1] : fallback;
};
const site = resolve(option('site', join(root, 'build', 'site')));
const sizes = option('sizes', '100000,1000000').split(',').map(Number);
const runs = Number(option('runs', 3));
const mappingPause = Number(option('mapping-pause', 0));
if (!existsSync(join(site, 'index.html'))) {
  console.error('cohort benchmark: build/site is missing; run scripts/build.sh');
  process.exit(1);
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

// In page time: when the view's state changes, and every long task (with the state it fell in).
const probe = () => {
  window.__states = [];
  window.__tasks = [];
  const view = document.querySelector('#view');
  new MutationObserver(() => window.__states.push([view.dataset.state, performance.now()])).observe(
    view,
    { attributes: true, attributeFilter: ['data-state'] },
  );
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      window.__tasks.push([entry.duration, view.dataset.state]);
  }).observe({ entryTypes: ['longtask'] });
};

async function once(browser, origin, csv, mapping) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${origin}/index.html#view=cohort`);
  await page.waitForSelector('body[data-ready="true"]');
  await page.evaluate(probe);
  const chosen = await page.evaluate(() => performance.now());
  await page.setInputFiles('#view input[type="file"]:not([data-load-mapping])', csv);
  await page.waitForSelector('#view[data-state="parsed"]', { timeout: 600000 });
  await page.setInputFiles('#view input[data-load-mapping]', mapping);
  await page.waitForFunction(() =>
    /Mapping loaded/.test(document.querySelector('#view .cohort-status').textContent),
  );
  if (mappingPause > 0) await new Promise((done) => setTimeout(done, mappingPause));
  const clicked = await page.evaluate(() => performance.now());
  await page.click('#view .analyse-button');
  await page.waitForSelector('#view[data-state="report"]', { timeout: 600000 });
  const { states, tasks } = await page.evaluate(() => ({
    states: window.__states,
    tasks: window.__tasks,
  }));
  await context.close();
  const at = (state, after = 0) =>
    states.find(([name, time]) => name === state && time >= after)[1];
  const parsed = at('parsed', chosen);
  const analysed = at('rendering', clicked);
  const shown = at('report', clicked);
  // The user's own time (loading the mapping file) is not counted.
  return {
    reading_ms: parsed - chosen,
    analysis_ms: analysed - clicked,
    rendering_ms: shown - analysed,
    total_ms: parsed - chosen + shown - clicked,
    longest_task_ms: Math.max(0, ...tasks.map(([duration]) => duration)),
    long_tasks: tasks.map(([duration, state]) => `${duration.toFixed(0)} ms (${state})`),
  };
}

const port = 19500 + Math.floor(Math.random() * 400);
const server = spawn('node', [join(root, 'scripts', 'serve.mjs'), site, String(port)], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
await new Promise((done) => server.stdout.once('data', done));
// The browser tests' launch (Debian's Chromium, background services off).
const browser = await launchBrowser();
const directory = join(tmpdir(), `nelm-cohort-bench-${process.pid}`);
mkdirSync(directory, { recursive: true });
const mapping = join(directory, 'mapping.json');
writeFileSync(mapping, JSON.stringify(largeCohortMapping));
const results = [];
try {
  for (const rows of sizes) {
    const csv = join(directory, `synthetic-${rows}.csv`);
    writeFileSync(csv, largeCohortCsv(rows));
    const measured = [];
    for (let run = 0; run < runs; run += 1) {
      const load = loadavg()[0];
      const result = await once(browser, `http://127.0.0.1:${port}`, csv, mapping);
      measured.push({ ...result, load_before: +load.toFixed(1) });
      console.log(
        `${rows} rows, run ${run + 1}: ${(result.total_ms / 1000).toFixed(2)} s (reading ${(result.reading_ms / 1000).toFixed(2)} s, analysis ${(result.analysis_ms / 1000).toFixed(2)} s, rendering ${(result.rendering_ms / 1000).toFixed(2)} s); longest main-thread task ${result.longest_task_ms.toFixed(0)} ms; load ${load.toFixed(1)}`,
      );
    }
    results.push({
      rows,
      file_mb: +(statSync(csv).size / 1048576).toFixed(1),
      runs: measured,
      median_total_ms: median(measured.map((m) => m.total_ms)),
      median_longest_task_ms: median(measured.map((m) => m.longest_task_ms)),
    });
  }
} finally {
  await browser.close();
  server.kill();
}
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(
  join(root, 'bench', 'results', 'cohort.json'),
  `${JSON.stringify(
    {
      cpus: cpus().length,
      cpu: cpus()[0]?.model,
      chromium: browser.version(),
      taken: new Date().toISOString(),
      mapping_pause_ms: mappingPause,
      results,
    },
    null,
    2,
  )}\n`,
);
for (const r of results)
  console.log(
    `${r.rows} rows (${r.file_mb} MB): median ${(r.median_total_ms / 1000).toFixed(2)} s to the full report; median longest main-thread task ${r.median_longest_task_ms.toFixed(0)} ms`,
  );
