// The page's benchmark (issue 6): size of the built site and of the single file (raw and gzip),
// time from navigation to the first estimate on screen, and input-change-to-updated-chart
// latency, in headless Chromium against the site served on 127.0.0.1 by scripts/serve.mjs.
// Needs scripts/build.sh to have run (bench/run.sh does). Writes bench/results/page.json.
//   node bench/page.mjs [--loads 10] [--changes 60]
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { launchBrowser } from '../tests/browser/support.mjs';

const root = resolve(fileURLToPath(import.meta.url), '..', '..');
const site = join(root, 'build', 'site');
const singleFile = join(root, 'build', 'single-file', 'nelm-calculator.html');
const option = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`);
  return Number(index > 0 ? process.argv[index + 1] : fallback);
};
const LOADS = option('loads', 10);
const CHANGES = option('changes', 60);
const BUDGET = { first_estimate_ms: 300, input_p95_ms: 16, single_file_gzip_kb: 400 };

function files(directory) {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    return entry.isDirectory() ? files(path) : [path];
  });
}
const gzipBytes = (buffer) => gzipSync(buffer, { level: 9 }).length;
const kb = (bytes) => +(bytes / 1024).toFixed(1);
const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
};

if (!existsSync(join(site, 'index.html')) || !existsSync(singleFile)) {
  console.error('page benchmark: build/site or the single file is missing; run scripts/build.sh');
  process.exit(1);
}
const siteFiles = files(site);
const sizes = {
  site_files: siteFiles.length,
  site_raw_kb: kb(siteFiles.reduce((sum, path) => sum + statSync(path).size, 0)),
  site_gzip_kb: kb(siteFiles.reduce((sum, path) => sum + gzipBytes(readFileSync(path)), 0)),
  single_file_raw_kb: kb(statSync(singleFile).size),
  single_file_gzip_kb: kb(gzipBytes(readFileSync(singleFile))),
};

// Serve the site as scripts/serve.sh does (its CSP headers), on a free port.
const port = 19000 + Math.floor(Math.random() * 1000);
const server = spawn('node', [join(root, 'scripts', 'serve.mjs'), site, String(port)], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
await new Promise((done) => server.stdout.once('data', done));
const url = `http://127.0.0.1:${port}/index.html#view=after-surgery`;

// Records, in page time (ms since navigation start), when an estimate value first appears.
const firstEstimateProbe = () => {
  window.__firstEstimate = null;
  new MutationObserver((_, observer) => {
    if (window.__firstEstimate === null && document.querySelector('.estimate-cards .card-value')) {
      window.__firstEstimate = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true, attributes: true });
};

// Self time per function (JS, or the wasm function index) from a CPU profile, largest first.
function topFunctions(profile, count = 10) {
  const interval =
    (profile.endTime - profile.startTime) / 1000 / Math.max(1, profile.samples.length);
  const selfTime = new Map();
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  for (const id of profile.samples) {
    const frame = byId.get(id).callFrame;
    const name = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop()}`.trim();
    selfTime.set(name, (selfTime.get(name) ?? 0) + interval);
  }
  const total = [...selfTime.values()].reduce((sum, value) => sum + value, 0);
  return [...selfTime.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, ms]) => ({ name, ms: +ms.toFixed(1), share: +(ms / total).toFixed(3) }));
}

// Input changes: move the "disease-free for" slider, then wait for the chart to change and for the
// next frame to be painted (rAF, then a task after it). Each change starts just after a frame, so
// it waits for the next one: this measure cannot go below one frame interval (16.7 ms at 60 Hz).
const changeThenNextFrame = async (changes) => {
  const slider = document.querySelector('.field-years input[type="range"]');
  if (!slider) return null;
  const times = [];
  for (let change = 0; change < changes; change++) {
    const target = document.querySelector('.estimate-cards') ?? document.body;
    const chart = document.querySelector('svg') ?? document.body;
    const mutated = new Promise((done) => {
      const observer = new MutationObserver(() => {
        observer.disconnect();
        done();
      });
      observer.observe(chart.isConnected ? document.body : target, {
        childList: true,
        subtree: true,
        attributes: true,
        characterData: true,
      });
    });
    const start = performance.now();
    slider.value = String(change % 2 ? 1 : 2);
    slider.dispatchEvent(new Event('input', { bubbles: true }));
    await mutated;
    await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
    times.push(performance.now() - start);
  }
  return times;
};

// The same changes made at the start of a frame, as Chromium dispatches a slider drag (input
// aligned to animation frames), timed until that frame is rendered (a task after its rAF): the
// page's own work per change (handler, style, layout, paint), without waiting for a frame.
const changeAtFrameStart = async (changes) => {
  const slider = document.querySelector('.field-years input[type="range"]');
  if (!slider) return null;
  const times = [];
  for (let change = 0; change < changes; change++) {
    await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
    times.push(
      await new Promise((done) =>
        requestAnimationFrame(() => {
          const start = performance.now();
          slider.value = String(change % 2 ? 1 : 2);
          slider.dispatchEvent(new Event('input', { bubbles: true }));
          setTimeout(() => done(performance.now() - start), 0);
        }),
      ),
    );
  }
  return times;
};

// The browser tests' launch (Debian's Chromium, background services off).
const browser = await launchBrowser();
const latency = { first_estimate_ms: [], input_change_ms: [] };
try {
  // Cold loads: a fresh context (empty cache) each time.
  for (let load = 0; load < LOADS; load++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(firstEstimateProbe);
    await page.goto(url);
    await page.waitForFunction(() => window.__firstEstimate !== null, null, { timeout: 20000 });
    latency.first_estimate_ms.push(await page.evaluate(() => window.__firstEstimate));
    // Where the load's time goes: the module's wasm and script arrive, DOMContentLoaded.
    latency.load_phases = latency.load_phases ?? [];
    latency.load_phases.push(
      await page.evaluate(() => {
        const end = (suffix) =>
          performance.getEntriesByType('resource').find((entry) => entry.name.endsWith(suffix))
            ?.responseEnd ?? null;
        const navigation = performance.getEntriesByType('navigation')[0];
        return {
          dom_content_loaded_ms: navigation.domContentLoadedEventEnd,
          wasm_received_ms: end('.wasm'),
          first_estimate_ms: window.__firstEstimate,
        };
      }),
    );
    if (load < LOADS - 1) await context.close();
    else {
      // Input changes on the last page (changeThenNextFrame, then changeAtFrameStart).
      // Chromium's sampling profiler runs during the first; its top functions go to page.json.
      const profiler = await context.newCDPSession(page);
      await profiler.send('Profiler.enable');
      await profiler.send('Profiler.setSamplingInterval', { interval: 100 });
      await profiler.send('Profiler.start');
      latency.input_change_ms = await page.evaluate(changeThenNextFrame, CHANGES);
      const { profile } = await profiler.send('Profiler.stop');
      latency.input_profile = topFunctions(profile);
      latency.input_aligned_ms = await page.evaluate(changeAtFrameStart, CHANGES);
      await context.close();
      // The first measure's floor: the same loop on a page whose handler changes one text node.
      const floor = await browser.newPage();
      await floor.setContent(
        '<div class="field-years"><input type="range" min="0" max="2" step="0.5"></div><p>0</p>',
      );
      await floor.evaluate(() => {
        const slider = document.querySelector('input');
        slider.addEventListener('input', () => {
          document.querySelector('p').textContent = slider.value;
        });
      });
      latency.input_floor_ms = await floor.evaluate(changeThenNextFrame, CHANGES);
      await floor.close();
    }
  }
} finally {
  await browser.close();
  server.kill();
}

const summary = {
  ...sizes,
  first_estimate_median_ms: +quantile(latency.first_estimate_ms, 0.5).toFixed(1),
  first_estimate_p95_ms: +quantile(latency.first_estimate_ms, 0.95).toFixed(1),
  loads: LOADS,
  input_change_median_ms: latency.input_change_ms
    ? +quantile(latency.input_change_ms, 0.5).toFixed(1)
    : null,
  input_change_p95_ms: latency.input_change_ms
    ? +quantile(latency.input_change_ms, 0.95).toFixed(1)
    : null,
  changes: latency.input_change_ms ? latency.input_change_ms.length : 0,
  input_aligned_median_ms: latency.input_aligned_ms
    ? +quantile(latency.input_aligned_ms, 0.5).toFixed(1)
    : null,
  input_aligned_p95_ms: latency.input_aligned_ms
    ? +quantile(latency.input_aligned_ms, 0.95).toFixed(1)
    : null,
  input_floor_median_ms: +quantile(latency.input_floor_ms, 0.5).toFixed(1),
  input_floor_p95_ms: +quantile(latency.input_floor_ms, 0.95).toFixed(1),
};
const targets = [
  {
    target: `first estimate on screen within ${BUDGET.first_estimate_ms} ms (median of ${LOADS} cold loads)`,
    value: summary.first_estimate_median_ms,
    met: summary.first_estimate_median_ms <= BUDGET.first_estimate_ms,
  },
  // Checked on the frame-aligned measure: the other one starts just after a frame and so always
  // waits up to one frame interval for the display, which no page can shorten (docs/performance.md).
  {
    target: `input change (at frame start, as a slider drag) to updated chart rendered within ${BUDGET.input_p95_ms} ms at p95`,
    value: summary.input_aligned_p95_ms,
    met:
      summary.input_aligned_p95_ms !== null && summary.input_aligned_p95_ms <= BUDGET.input_p95_ms,
  },
  {
    target: `single file under ${BUDGET.single_file_gzip_kb} KB gzipped`,
    value: summary.single_file_gzip_kb,
    met: summary.single_file_gzip_kb < BUDGET.single_file_gzip_kb,
  },
];
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(
  join(root, 'bench', 'results', 'page.json'),
  JSON.stringify({ summary, latency, targets }, null, 1),
);
console.log(
  `Site: ${sizes.site_files} files, ${sizes.site_raw_kb} KB raw, ${sizes.site_gzip_kb} KB gzip (per file, summed)`,
);
console.log(
  `Single file: ${sizes.single_file_raw_kb} KB raw, ${sizes.single_file_gzip_kb} KB gzip`,
);
console.log(
  `First estimate after navigation: median ${summary.first_estimate_median_ms} ms, p95 ${summary.first_estimate_p95_ms} ms (${LOADS} cold loads)`,
);
console.log(
  `Input change to updated chart: median ${summary.input_change_median_ms} ms, p95 ${summary.input_change_p95_ms} ms (${summary.changes} changes)`,
);
console.log(
  `  floor of that measure (a page changing one text node): median ${summary.input_floor_median_ms} ms, p95 ${summary.input_floor_p95_ms} ms`,
);
console.log(
  `  change at the start of a frame to that frame rendered: median ${summary.input_aligned_median_ms} ms, p95 ${summary.input_aligned_p95_ms} ms`,
);
const phases = latency.load_phases ?? [];
const phase = (key) =>
  quantile(
    phases.map((p) => p[key]).filter((v) => v !== null),
    0.5,
  )?.toFixed(1);
console.log(
  `Load phases (median): DOMContentLoaded ${phase('dom_content_loaded_ms')} ms, ` +
    `wasm received ${phase('wasm_received_ms')} ms, first estimate ${phase('first_estimate_ms')} ms`,
);
if (latency.input_profile) {
  console.log('Top functions by self time during the input changes (Chromium profiler):');
  for (const entry of latency.input_profile.slice(0, 6)) {
    console.log(`  ${(100 * entry.share).toFixed(1)}%  ${entry.ms} ms  ${entry.name}`);
  }
}
console.log('| target | value | met |\n|---|---:|---|');
for (const target of targets)
  console.log(`| ${target.target} | ${target.value} | ${target.met ? 'yes' : 'NO'} |`);
