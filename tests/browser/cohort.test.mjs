// "Your cohort" (issue 5) in Debian's Chromium behind nginx with the strict CSP: the SYNTHETIC
// demo cohort imported through the file chooser gives the numbers the native core gives for the
// same requests; hospital-style exports parse; bad files give clear messages, no crash, and
// nothing in them runs. Screenshots in test-results/browser/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  launchBrowser,
  startServers,
  recordRequests,
  foreignRequests,
  ensureResultsDirectory,
  repositoryRoot,
  nativeCalculate,
  nativeCli,
} from './support.mjs';
import { calibrationRequest, suggestLevel } from '../../web/src/cohort/calibration-request.js';
import { demoMapping, analysePath, preparedCohort } from '../node/cohort_fixtures.mjs';

const fixtures = join(repositoryRoot, 'tests', 'browser', 'fixtures', 'cohort');
const demoFile = join(repositoryRoot, 'public', 'data', 'demo-cohort.csv');
const cli = nativeCli;

let browser;
let servers;
before(async () => {
  servers = startServers();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  servers?.stop();
});

async function openCohort() {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const requests = recordRequests(page);
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(`${servers.siteOrigin}/index.html#view=cohort`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
  return { page, context, requests, problems };
}

async function chooseFile(page, path, delimiter = '') {
  await page.selectOption('#view select[id^="cohort-delimiter"]', delimiter);
  await page.setInputFiles('#view input[type="file"]', path);
  await page.waitForSelector('#view[data-state="parsed"], #view[data-state="failed"]', {
    timeout: 30000,
  });
  return page.locator('#view').getAttribute('data-state');
}

async function analyse(page) {
  await page.click('#view .analyse-button');
  await page.waitForSelector('#view[data-state="report"], #view[data-state="failed"]', {
    timeout: 60000,
  });
  return page.locator('#view').getAttribute('data-state');
}

const value = async (page, key) => {
  const text = await page.locator(`#view [data-key="${key}"]`).first().getAttribute('data-value');
  return text === 'null' ? null : Number(text);
};

function close(actual, expected, label) {
  if (expected === null || expected === undefined) {
    assert.ok(actual === null || Number.isNaN(actual), `${label}: ${actual} vs null`);
    return;
  }
  assert.ok(
    Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)),
    `${label}: page ${actual} vs core ${expected}`,
  );
}

test('the SYNTHETIC demo cohort through the file chooser: the report equals the native core on the same data', async (t) => {
  if (!existsSync(cli)) {
    t.skip(`${cli} is missing: build native-debug first`);
    return;
  }
  const { page, context, requests, problems } = await openCohort();
  assert.equal(await chooseFile(page, demoFile), 'parsed');
  assert.ok(
    await page.locator('#view .synthetic-label').isVisible(),
    'the SYNTHETIC label is shown',
  );
  assert.equal(
    await page.locator('#view select[data-role="dateFormat"]').inputValue(),
    'YYYY-MM-DD',
  );
  await page.check('#view input[data-covariate="primary_site"]');
  await page.check('#view input[data-covariate="node_status"]');
  assert.equal(await analyse(page), 'report');

  // The same rows, mapping and requests through the native CLI.
  const { report } = analysePath(
    demoFile,
    demoMapping(['primary_site', 'node_status']),
    nativeCalculate,
  );

  close(await value(page, 'summary-n'), report.summary.n, 'N');
  close(await value(page, 'summary-recurred'), report.summary.recurred, 'recurred');
  close(
    await value(page, 'summary-follow-up'),
    report.summary.median_follow_up.estimate,
    'median follow-up',
  );
  close(await value(page, 'dfs-median'), report.dfs.median.estimate, 'DFS median');
  for (const landmark of report.dfs.landmarks)
    close(await value(page, `dfs-${landmark.time}y`), landmark.surv, `DFS ${landmark.time} y`);
  for (const c of report.cumulative_incidence.causes) {
    for (const l of c.landmarks)
      close(
        await value(page, `cif-${c.cause}-${l.time}y`),
        l.incidence,
        `CIF ${c.cause} ${l.time} y`,
      );
  }
  for (const key of ['os_by_site', 'os_by_treatment']) {
    for (const curve of report[key].curves)
      close(await value(page, `${key}-${curve.group}`), curve.os10.surv, `${key} ${curve.group}`);
    close(await value(page, `${key}-logrank`), report[key].log_rank.p, `${key} log-rank p`);
  }
  for (const [term, row] of Object.entries(report.cox.terms))
    close(await value(page, `cox-hr-${term}`), row.hr, `HR ${term}`);
  close(await value(page, 'cox-concordance'), report.cox.concordance.concordance, 'concordance');
  // The seed's published numbers sit beside the cohort's.
  assert.match(await page.locator('#view [data-table="survival-landmarks"]').innerText(), /40\.4%/);
  assert.match(await page.locator('#view [data-table="os_by_site"]').innerText(), /42\.5%/);

  // Exports: a CSV table and an SVG figure, made in the page.
  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    page.click('#view [data-table="survival-landmarks"] + .export-csv'),
  ]);
  const csvText = readFileSync(await csv.path(), 'utf8');
  assert.match(
    csvText,
    /^Time since the liver surgery,"DFS, your cohort \(95% CI\)","OS, your cohort \(95% CI\)","DFS, seed \(published, Spolverato et al\. 2017\)"\r\n/,
  );
  const [svg] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('#view .export-svg').first().click(),
  ]);
  assert.match(
    readFileSync(await svg.path(), 'utf8'),
    /^<svg[^>]+xmlns="http:\/\/www.w3.org\/2000\/svg"/,
  );
  const [png] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('#view .export-png').first().click(),
  ]);
  const pngBytes = readFileSync(await png.path());
  assert.equal(pngBytes.subarray(1, 4).toString('latin1'), 'PNG');
  const figureWidth = Number(
    (await page.locator('#view figure.cohort-figure svg').first().getAttribute('viewBox')).split(
      ' ',
    )[2],
  );
  assert.equal(pngBytes.readUInt32BE(16), 2 * figureWidth, 'PNG at twice the figure width');
  await png.saveAs(join(ensureResultsDirectory(), 'cohort-dfs-export.png'));

  // The local Cox model as a model file written by the core (export_model): the calculator's
  // reader accepts it, and its predict equals the core's Cox prediction for the same profile at
  // 1, 3 and 5 years (the pooled baseline keeps those times exact: docs/api.md, export_model).
  const [modelDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.click('#view .export-model'),
  ]);
  const model = JSON.parse(readFileSync(await modelDownload.path(), 'utf8'));
  assert.equal(model.kind, 'institution_cox');
  assert.equal(model.role, 'after_surgery');
  assert.equal(model.synthetic, true);
  assert.match(model.title, /^SYNTHETIC demo: /);
  assert.equal(nativeCalculate({ op: 'validate_model', model }).result.valid, true);
  assert.equal(nativeCalculate({ op: 'load_model', model }).result.handle, model.checksum);
  const profile = Object.fromEntries(
    model.inputs.map((input) => [input.name, input.levels[input.levels.length - 1].value]),
  );
  const predicted = nativeCalculate({ op: 'predict', model, profile, times: [1, 3, 5] }).result
    .predictions[0].estimates;
  const { ph_test: _unused, ...coxFit } = report.cox.request;
  // The file calls a level recorded as "unknown" in the data "recorded_unknown" (the format
  // reserves "unknown"); the cox op takes the data's own label.
  const dataProfile = Object.fromEntries(
    Object.entries(profile).map(([name, level]) => [
      name,
      level === 'recorded_unknown' ? 'unknown' : level,
    ]),
  );
  const fitted = nativeCalculate({ ...coxFit, profile: dataProfile, times: [1, 3, 5] }).result
    .prediction.curves[0].landmarks;
  for (const [i, time] of [1, 3, 5].entries()) {
    close(
      predicted.find((row) => row.time === time).estimate,
      fitted.surv[i],
      `local model DFS at ${time} y`,
    );
  }
  // The file is meant to be shared: its baseline lists no patient's event time (issue 14 point 5).
  const eventTimes = new Set(
    report.cox.request.data.time.filter((_, i) => report.cox.request.data.event[i] === 1),
  );
  assert.deepEqual(
    model.baseline.time.filter((time) => eventTimes.has(time)),
    [],
    'no event time in the baseline',
  );

  // Calibration of the shipped DFS model, with the mapping the page suggests (columns by name,
  // levels by synonyms), against the same requests through the native core.
  await page.click('#view .calibrate-button');
  await page.waitForSelector('#view [data-key="cal-slope-1"]', { timeout: 30000 });
  const shipped = JSON.parse(
    readFileSync(join(repositoryRoot, 'public', 'models', 'dfs-after-surgery.json'), 'utf8'),
  );
  const calibrationColumns = {
    primary: 'primary_site',
    grade: 'grade',
    lymph_nodes: 'node_status',
    resection: 'resection_extent',
  };
  const full = preparedCohort(demoFile, demoMapping(Object.values(calibrationColumns)));
  const calibrationMapping = Object.fromEntries(
    shipped.inputs.map((input) => [
      input.name,
      {
        column: calibrationColumns[input.name],
        levels: Object.fromEntries(
          [...new Set(full.covariates.get(calibrationColumns[input.name]))].map((v) => [
            v,
            suggestLevel(input, v),
          ]),
        ),
      },
    ]),
  );
  const { request } = calibrationRequest(
    full,
    { inputs: shipped.inputs, model: { model: shipped } },
    calibrationMapping,
    nativeCalculate,
  );
  const calibration = nativeCalculate(request).result;
  const labels = { 1: 'lower risk', 2: 'middle risk', 3: 'higher risk' };
  for (const [k, year] of [1, 3, 5].entries()) {
    const at = calibration.at_times[k];
    close(await value(page, `cal-slope-${year}`), at.slope.coef, `calibration slope ${year} y`);
    close(await value(page, `cal-c-${year}`), at.concordance.concordance, `concordance ${year} y`);
    for (const [label, group] of [
      ...at.groups.map((g) => [labels[g.group], g]),
      ['whole cohort', at.overall],
    ]) {
      close(
        await value(page, `cal-pred-${label}-${year}`),
        group.predicted,
        `predicted ${label} ${year} y`,
      );
      close(
        await value(page, `cal-obs-${label}-${year}`),
        group.observed.surv,
        `observed ${label} ${year} y`,
      );
    }
  }
  await page
    .locator('#view .cohort-calibration')
    .screenshot({ path: join(ensureResultsDirectory(), 'cohort-calibration.png') });
  console.log(
    `calibration of the shipped DFS model on the demo cohort at 5 y: slope ${calibration.at_times[2].slope.coef.toFixed(3)}, C ${calibration.at_times[2].concordance.concordance.toFixed(3)}`,
  );

  await page.screenshot({
    path: join(ensureResultsDirectory(), 'cohort-report.png'),
    fullPage: true,
  });
  assert.deepEqual(problems, []);
  assert.deepEqual(foreignRequests(requests, [servers.siteOrigin]), []);
  await context.close();
});

test('a hospital export: BOM, semicolons, decimal commas, a quoted field with ; and a newline, CRLF, blank trailing lines', async () => {
  const { page, context, problems } = await openCohort();
  assert.equal(await chooseFile(page, join(fixtures, 'hospital-export.csv')), 'parsed');
  assert.match(
    await page.locator('#view .cohort-status').innerText(),
    /Read 5 data rows and 4 columns \(delimiter: semicolon; UTF-8\)/,
  );
  assert.equal(await page.locator('#view .preview-table th').first().innerText(), 'id');
  assert.equal(await page.locator('#view select[data-role="decimal"]').inputValue(), ',');
  await page.check('#view input[value="durations"]');
  assert.equal(await analyse(page), 'report');
  assert.equal(await value(page, 'summary-n'), 5);
  assert.equal(await value(page, 'summary-excluded'), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('bad files give clear messages, no crash, and nothing in them runs', async () => {
  const { page, context, problems } = await openCohort();
  const alert = () => page.locator('#view .cohort-alert').innerText();

  assert.equal(await chooseFile(page, join(fixtures, 'empty.csv')), 'failed');
  assert.match(await alert(), /The file is empty/);

  assert.equal(await chooseFile(page, join(fixtures, 'semicolon.csv'), ','), 'failed');
  assert.match(await alert(), /Only one column was found/);

  assert.equal(await chooseFile(page, join(fixtures, 'text-in-numeric.csv')), 'parsed');
  await page.check('#view input[value="durations"]');
  await page.selectOption('#view select[data-role="decimal"]', '.');
  assert.equal(await analyse(page), 'report');
  assert.match(
    await page.locator('#view .exclusions').innerText(),
    /8 rows read; 5 analysed; 3 left out of every analysis/,
  );
  const listed = await page.locator('#view .problems').innerText();
  assert.match(
    listed,
    /3\s+2\s+dfs_months\s+abc\s+"abc" is not a number \(decimal separator "\."\)\s+row left out/,
  );
  assert.match(listed, /4\s+3\s+dfs_months\s+-5\s+negative time/);
  assert.match(listed, /5\s+4\s+dfs_months\s+7,5\s+"7,5" is not a number/);
  assert.equal(await value(page, 'summary-n'), 5);

  assert.equal(await chooseFile(page, join(fixtures, 'reversed-dates.csv')), 'parsed');
  assert.equal(await analyse(page), 'report');
  assert.match(
    await page.locator('#view .problems').innerText(),
    /2\s+1\s+date_of_recurrence\s+2009-01-01\s+recurrence date before the surgery date\s+row left out/,
  );
  assert.equal(await value(page, 'summary-excluded'), 1);

  assert.equal(await chooseFile(page, join(fixtures, 'html-header.csv')), 'parsed');
  const headings = await page.locator('#view .preview-table th').allInnerTexts();
  assert.deepEqual(headings, [
    'id',
    '<img src=x onerror="window.__pwned=1">',
    '<script>window.__pwned=2</script>',
    'date_of_last_follow_up',
  ]);
  assert.equal(await page.locator('#view img, #view script').count(), 0);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  await page.screenshot({
    path: join(ensureResultsDirectory(), 'cohort-html-header.png'),
    fullPage: true,
  });
  assert.deepEqual(problems, []);
  await context.close();
});

test('a 100,000-row file imports and analyses in the worker without freezing the page', async () => {
  const { makeDemoCohort, generatingValues } = await import('../../scripts/make-demo-cohort.mjs');
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const path = join(mkdtempSync(join(tmpdir(), 'nelm-cohort-')), 'large-synthetic.csv');
  writeFileSync(path, makeDemoCohort({ ...generatingValues, n: 100000, seed: 11 }));
  const { page, context, problems } = await openCohort();
  // The longest gap between timer ticks on the main thread while the worker parses and computes.
  await page.evaluate(() => {
    window.__gap = 0;
    let last = performance.now();
    window.__ticker = setInterval(() => {
      const now = performance.now();
      window.__gap = Math.max(window.__gap, now - last);
      last = now;
    }, 20);
  });
  const started = Date.now();
  assert.equal(await chooseFile(page, path), 'parsed');
  await page.check('#view input[data-covariate="primary_site"]');
  assert.equal(await analyse(page), 'report');
  const seconds = (Date.now() - started) / 1000;
  const gap = await page.evaluate(() => {
    clearInterval(window.__ticker);
    return window.__gap;
  });
  assert.equal(await value(page, 'summary-n'), 100000);
  // The worker sent these rows as typed arrays (putColumn); the native core on JSON agrees.
  const cohort = preparedCohort(path, demoMapping());
  const km = nativeCalculate({
    op: 'kaplan_meier',
    data: { time: cohort.dfsTime, event: cohort.dfsEvent },
    times: [1, 5, 10],
  }).result.curves[0];
  for (const [k, year] of [1, 5, 10].entries())
    close(await value(page, `dfs-${year}y`), km.at_times.surv[k], `100,000 rows: DFS ${year} y`);
  close(await value(page, 'dfs-median'), km.median.estimate, '100,000 rows: DFS median');
  // Every section ran through the fast path (a refusal would show as text instead of a value).
  for (const key of [
    'cif-1-5y',
    'cif-4-5y',
    'os_by_site-logrank',
    'os_by_treatment-logrank',
    'cox-concordance',
  ]) {
    assert.ok(Number.isFinite(await value(page, key)), `100,000 rows: ${key}`);
  }
  assert.equal(await page.locator('#view .cohort-report .error').count(), 0);
  assert.ok(gap < 500, `the main thread was blocked for ${gap.toFixed(0)} ms`);
  console.log(
    `100,000 rows: ${seconds.toFixed(1)} s from file choice to report; longest main-thread gap ${gap.toFixed(0)} ms`,
  );
  assert.deepEqual(problems, []);
  await context.close();
});

test('cancel stops the worker and leaves the page usable', async () => {
  const { makeDemoCohort, generatingValues } = await import('../../scripts/make-demo-cohort.mjs');
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const path = join(mkdtempSync(join(tmpdir(), 'nelm-cohort-')), 'cancel-synthetic.csv');
  writeFileSync(path, makeDemoCohort({ ...generatingValues, n: 200000, seed: 12 }));
  const { page, context, problems } = await openCohort();
  await page.setInputFiles('#view input[type="file"]', path);
  await page.click('#view .cohort-progress button');
  assert.equal(await page.locator('#view .cohort-status').innerText(), 'Cancelled.');
  assert.equal(await chooseFile(page, demoFile), 'parsed');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a 50 MB file reads and analyses with progress and a clear status', async () => {
  const { makeDemoCohort, generatingValues } = await import('../../scripts/make-demo-cohort.mjs');
  const { mkdtempSync, writeFileSync, statSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const path = join(mkdtempSync(join(tmpdir(), 'nelm-cohort-')), 'fifty-mb-synthetic.csv');
  writeFileSync(path, makeDemoCohort({ ...generatingValues, n: 370000, seed: 14 }));
  assert.ok(statSync(path).size > 50e6, 'the file is over 50 MB');
  const { page, context, problems } = await openCohort();
  assert.equal(await chooseFile(page, path), 'parsed');
  assert.match(
    await page.locator('#view .cohort-status').innerText(),
    /Read 370,000 data rows and 13 columns/,
  );
  assert.equal(await analyse(page), 'report');
  assert.equal(await value(page, 'summary-n'), 370000);
  assert.deepEqual(problems, []);
  await context.close();
});
