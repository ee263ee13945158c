// The Your cohort report in Debian's Chromium behind nginx with the strict CSP (issue 13 points 4
// and 5, issue 14 point 3): on the three rotterdam exports every number the page shows equals R
// (tests/fixtures/cohort/rotterdam-reference.json, each with its R call) and the command's
// double; regression tests for the report defects of issue 13, each failing on the code before
// this branch; figures exported with their title, legend, test and numbers at risk; "show as a
// table" filled for every figure; 400,000 continuous-time rows without a main-thread task over
// 100 ms. Screenshots at 390 and 1366 px in test-results/browser/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import {
  launchBrowser,
  startServers,
  ensureResultsDirectory,
  repositoryRoot,
  internalWords,
  fileWordsOf,
} from './support.mjs';
import {
  fixture,
  rotterdamReference,
  readMapping,
  preparedCohort,
} from '../node/cohort_fixtures.mjs';
import { largeCohortCsv, largeCohortMapping } from '../../scripts/make-large-cohort.mjs';
import { fineGrayR, grayR, bySizeR, termOf } from '../node/rotterdam_competing_reference.mjs';

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

async function openCohort(width = 1366) {
  const context = await browser.newContext({
    viewport: { width, height: 900 },
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(`${servers.siteOrigin}/index.html#view=cohort`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
  return { page, context, problems };
}

const temporary = (name, text) => {
  const path = join(mkdtempSync(join(tmpdir(), 'nelm-report-')), name);
  writeFileSync(path, text);
  return path;
};

async function chooseAndAnalyse(page, csv, mapping, timeout = 60000) {
  await page.setInputFiles('#view input[type="file"]:not([data-load-mapping])', csv);
  await page.waitForSelector('#view[data-state="parsed"], #view[data-state="failed"]', { timeout });
  const mappingPath =
    typeof mapping === 'string' ? mapping : temporary('mapping.json', JSON.stringify(mapping));
  await page.setInputFiles('#view input[data-load-mapping]', mappingPath);
  await page.waitForFunction(() =>
    /Mapping loaded/.test(document.querySelector('#view .cohort-status').textContent),
  );
  await page.click('#view .analyse-button');
  await page.waitForSelector('#view[data-state="report"], #view[data-state="failed"]', { timeout });
  return page.locator('#view').getAttribute('data-state');
}

const value = async (page, key) => {
  const cell = page.locator(`#view [data-key="${key}"]`).first();
  assert.equal(await cell.count(), 1, `the page shows ${key}`);
  const text = await cell.getAttribute('data-value');
  return text === 'null' ? null : Number(text);
};
const text = (page, key) => page.locator(`#view [data-key="${key}"]`).first().textContent();
const download = async (page, locator) => {
  const [file] = await Promise.all([page.waitForEvent('download'), locator.click()]);
  return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) };
};
const command = (csv, mapping) =>
  JSON.parse(
    spawnSync(
      process.execPath,
      [
        '--no-warnings',
        join(repositoryRoot, 'scripts', 'cohort-report.mjs'),
        csv,
        typeof mapping === 'string' ? mapping : temporary('mapping.json', JSON.stringify(mapping)),
      ],
      { encoding: 'utf8', maxBuffer: 1 << 28 },
    ).stdout,
  );
const noSidewaysScroll = (page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

function near(actual, expected, relative, label) {
  assert.ok(
    Math.abs(actual - expected) <= relative * Math.max(Math.abs(expected), 1e-2),
    `${label}: page ${actual} vs R ${expected}`,
  );
}
const sizeOf = { clean: 'tumour_size', european: 'Tumorgröße', messy: 'tumour_size' };
const safeKey = (label) => String(label).replace(/[^A-Za-z0-9_.<>=-]+/g, '_');

for (const name of ['clean', 'european', 'messy']) {
  test(`the ${name} export: every number of the report equals R and the command; no sideways scroll at 360, 390 and 1366 px`, async () => {
    const { page, context, problems } = await openCohort(1366);
    const csv = fixture(`rotterdam-${name}.csv`);
    const mapping = fixture(`rotterdam-${name}.mapping.json`);
    assert.equal(await chooseAndAnalyse(page, csv, mapping), 'report');
    const r = rotterdamReference[name].report;
    const cli = command(csv, mapping).report;
    const same = async (key, expected, relative, label, fromCommand) => {
      const shown = await value(page, key);
      near(shown, expected, relative, label);
      if (fromCommand !== undefined)
        assert.equal(shown, fromCommand, `${label}: the page and the command give the same double`);
    };
    // summary(survfit(...), times = c(1, 3, 5, 10), extend = FALSE): DFS and OS, log-log.
    for (const [k, time] of r.landmarks.entries()) {
      await same(
        `dfs-${time}y`,
        r.dfs.log_log.surv[k],
        1e-12,
        `DFS ${time} y`,
        cli.dfs.landmarks[k].surv,
      );
      await same(`os-${time}y`, r.os.surv[k], 1e-12, `OS ${time} y`, cli.os.landmarks[k].surv);
      // The figure's table gives the same numbers (it was empty for every cohort curve).
      await same(
        `dfs-curve-table-0-${time}`,
        r.dfs.log_log.surv[k],
        1e-12,
        `DFS figure table ${time} y`,
      );
      await same(`os-curve-table-0-${time}`, r.os.surv[k], 1e-12, `OS figure table ${time} y`);
    }
    assert.equal(await value(page, 'dfs-median'), r.dfs.median.estimate);
    assert.equal(await value(page, 'os-median'), r.os.median.estimate);
    // survdiff and survfit by tumour size and by hormonal therapy, DFS and OS, over all patients.
    for (const [column, key] of [
      [sizeOf[name], 'by_size'],
      ['hormonal_therapy', 'by_hormonal_therapy'],
    ]) {
      for (const outcome of ['dfs', 'os']) {
        const prefix = `group-${safeKey(column)}-${outcome}`;
        await same(`${prefix}-logrank`, r[key][outcome].p, 1e-9, `${column} ${outcome} log-rank p`);
        for (const curve of r[key][outcome].curves) {
          for (const [k, time] of curve.time.entries()) {
            await same(
              `${prefix}-${safeKey(curve.group)}-${time}y`,
              curve.surv[k],
              1e-12,
              `${column}=${curve.group} ${outcome} ${time} y`,
            );
          }
        }
      }
    }
    // Cumulative incidence: recurrence (site not recorded) and death without recurrence.
    for (const [k, time] of r.cumulative_incidence.time.entries()) {
      await same(
        `cif-3-${time}y`,
        r.cumulative_incidence.recurrence.incidence[k],
        1e-12,
        `recurrence incidence ${time} y`,
      );
      await same(
        `cif-4-${time}y`,
        r.cumulative_incidence.death.incidence[k],
        1e-12,
        `death incidence ${time} y`,
      );
      await same(
        `cumulative-incidence-table-0-${time}`,
        r.cumulative_incidence.recurrence.incidence[k],
        1e-12,
        `recurrence figure table ${time} y`,
      );
    }
    // The Cox model's tests and the tie method.
    await same(
      'cox-lr-statistic',
      r.cox_tests.lr.statistic,
      1e-6,
      'Cox likelihood-ratio statistic',
      cli.cox.lr_test.statistic,
    );
    await same('cox-lr-p', r.cox_tests.lr.p, 1e-5, 'Cox likelihood-ratio p');
    await same('cox-wald-statistic', r.cox_tests.wald.statistic, 1e-6, 'Cox Wald statistic');
    await same('cox-score-statistic', r.cox_tests.score.statistic, 1e-6, 'Cox score statistic');
    assert.match(
      await text(page, 'cox-ties'),
      /Tied event times: Efron \(R's default\) approximation/,
    );
    // The hazard ratios as displayed, from the core's categorical Cox (the page sends the labels
    // and the declared reference "<=20", R's first level): exp(coef) of
    // coxph(Surv(dfs_days / 365.25, dfs_event) ~ age_decades + factor(size) + grade, ties = 'efron').
    const termOf = {
      age_decades: 'age_decades',
      grade: 'grade',
      'factor(size)>50': `${sizeOf[name]}=>50`,
      'factor(size)20-50': `${sizeOf[name]}=20-50`,
    };
    for (const [k, term] of rotterdamReference[name].cox.terms.entries()) {
      await same(
        `cox-hr-${termOf[term]}`,
        Math.exp(rotterdamReference[name].cox.coef[k]),
        1e-6,
        `HR ${term}`,
        cli.cox.terms[termOf[term]].hr,
      );
    }
    assert.match(
      await page.locator('#view [data-table="cox-model"]').innerText(),
      new RegExp(`${sizeOf[name]}: >50 vs <=20`),
    );

    const results = ensureResultsDirectory();
    await page.screenshot({
      path: join(results, `cohort-report-${name}-1366.png`),
      fullPage: true,
    });
    assert.ok(await noSidewaysScroll(page), 'no sideways scroll at 1366 px');
    for (const width of [390, 360]) {
      await page.setViewportSize({ width, height: 844 });
      assert.ok(
        await noSidewaysScroll(page),
        `no sideways scroll at ${width} px: ${await page.evaluate(() => document.documentElement.scrollWidth)} px`,
      );
    }
    assert.deepEqual(problems, []);
    await context.close();
    // Drawn for a phone from the start (the figures take the report's width when drawn).
    const phone = await openCohort(390);
    assert.equal(await chooseAndAnalyse(phone.page, csv, mapping), 'report');
    assert.ok(await noSidewaysScroll(phone.page), 'no sideways scroll at 390 px');
    await phone.page.screenshot({
      path: join(results, `cohort-report-${name}-390.png`),
      fullPage: true,
    });
    assert.deepEqual(phone.problems, []);
    await phone.context.close();
  });
}

// A cohort nobody was followed 10 years in: rotterdam's clean export as durations, administratively
// censored at 8 years (the seed's DFS is published at 1, 5 and 10 years).
function censoredAtEightYears() {
  const cohort = preparedCohort(
    fixture('rotterdam-clean.csv'),
    readMapping('rotterdam-clean.mapping.json'),
  );
  const lines = ['patient_id,dfs_years,dfs_event,recurred,os_years,os_event,tumour_size'];
  cohort.dfsTime.forEach((time, i) => {
    const dfs = Math.min(time, 8);
    const os = Math.min(cohort.osTime[i], 8);
    const recurred = cohort.recurred[i] && time <= 8 ? 1 : 0;
    lines.push(
      `${cohort.patientId[i]},${dfs},${time <= 8 ? cohort.dfsEvent[i] : 0},${recurred},${os},${cohort.osTime[i] <= 8 ? cohort.osEvent[i] : 0},${cohort.covariates.get('tumour_size')[i]}`,
    );
  });
  return temporary('censored-at-8-years.csv', `${lines.join('\n')}\n`);
}
const eightYearMapping = {
  format: 'nelm-cohort-mapping',
  format_version: 1,
  delimiter: ',',
  decimal_separator: '.',
  mode: 'durations',
  date_format: '',
  time_unit: 'years',
  roles: {
    patient_id: 'patient_id',
    dfs_time: 'dfs_years',
    dfs_event: 'dfs_event',
    recurred: 'recurred',
    os_time: 'os_years',
    os_event: 'os_event',
  },
  column_types: [{ column: 'tumour_size', type: 'category' }],
  covariates: [],
  report: {
    landmarks: [1, 5, 10],
    conf_type: 'log-log',
    group_by: ['tumour_size'],
    strata: null,
    ties: 'efron',
  },
};

test('regression: no estimate where nobody was followed (10-year DFS beside the published 32.1% with no patient followed 10 years)', async () => {
  const { page, context, problems } = await openCohort();
  assert.equal(await chooseAndAnalyse(page, censoredAtEightYears(), eightYearMapping), 'report');
  const notEstimable =
    /^not estimable: no patient followed 10 years \(the longest follow-up is 8\.0 years\)$/;
  for (const key of [
    'dfs-10y',
    'os-10y',
    'dfs-curve-table-0-10',
    'cif-3-10y',
    'cif-4-10y',
    'group-tumour_size-dfs-<=20-10y',
    'group-tumour_size-os->50-10y',
  ]) {
    assert.equal(await value(page, key), null, `${key} has no number`);
    assert.match(await text(page, key), notEstimable, key);
  }
  assert.ok(Number.isFinite(await value(page, 'dfs-5y')), 'the 5-year DFS stands');
  // The seed's 10-year DFS is not set beside a cohort that has no estimate, nor drawn on its curve.
  const row = await page
    .locator('#view [data-table="survival-landmarks"] tr:has(th:text-is("10 years"))')
    .innerText();
  assert.match(row, /32\.1% \(not compared: no estimate in your cohort\)/);
  const diamonds = await page
    .locator('#view svg[data-figure="dfs-curve"] .fig-published rect')
    .count();
  assert.equal(diamonds, 2, 'the published 1- and 5-year points only');
  assert.deepEqual(problems, []);
  await context.close();
});

test('regression: the cumulative-incidence figure shows the events its table counts ("site not recorded" was drawn flat at 0%)', async () => {
  const { page, context, problems } = await openCohort();
  assert.equal(
    await chooseAndAnalyse(
      page,
      fixture('rotterdam-clean.csv'),
      fixture('rotterdam-clean.mapping.json'),
    ),
    'report',
  );
  const figure = page.locator('#view figure[data-figure-key="cumulative-incidence"]');
  const legend = await figure.locator('.fig-legend').textContent();
  assert.match(legend, /recurrence, site not recorded \(198 events\)/);
  assert.match(legend, /death without recurrence \(18 events\)/);
  assert.doesNotMatch(
    legend,
    /intrahepatic-only|extrahepatic recurrence/,
    'no curve for causes never observed',
  );
  assert.equal(await figure.locator('.fig-series').count(), 2);
  // The figure's own table and the incidence table give the same 5-year number (0.405, as R).
  assert.equal(await value(page, 'cumulative-incidence-table-0-5'), await value(page, 'cif-3-5y'));
  near(
    await value(page, 'cif-3-5y'),
    rotterdamReference.clean.report.cumulative_incidence.recurrence.incidence[2],
    1e-12,
    'recurrence at 5 y',
  );
  assert.match(
    await page.locator('#view .cohort-report').innerText(),
    /Not observed \(no event, so no curve\): intrahepatic-only recurrence; extrahepatic recurrence/,
  );
  assert.deepEqual(problems, []);
  await context.close();
});

test('regression: the interval type and the tie method are stated and can be chosen; empty sections say why in words', async () => {
  const { page, context, problems } = await openCohort();
  const mapping = readMapping('rotterdam-clean.mapping.json');
  await page.setInputFiles(
    '#view input[type="file"]:not([data-load-mapping])',
    fixture('rotterdam-clean.csv'),
  );
  await page.waitForSelector('#view[data-state="parsed"]');
  await page.setInputFiles(
    '#view input[data-load-mapping]',
    temporary('mapping.json', JSON.stringify(mapping)),
  );
  await page.waitForFunction(() =>
    /Mapping loaded/.test(document.querySelector('#view .cohort-status').textContent),
  );
  assert.equal(await page.locator('#view select[data-conf-type]').inputValue(), 'log-log');
  await page.selectOption('#view select[data-conf-type]', 'plain');
  await page.selectOption('#view select[data-ties]', 'breslow');
  await page.fill('#view input[data-landmarks]', '2, 7.5');
  await page.press('#view input[data-landmarks]', 'Tab');
  await page.click('#view .analyse-button');
  await page.waitForSelector('#view[data-state="report"]', { timeout: 60000 });
  const caption = await page.locator('#view [data-table="survival-landmarks"] caption').innerText();
  assert.match(caption, /pointwise 95% confidence intervals, plain transform/);
  assert.match(await page.locator('#view .report-basis').innerText(), /plain transform/);
  assert.match(
    await page.locator('#view [data-table="cox-model"] caption').innerText(),
    /ties: Breslow/,
  );
  assert.ok(Number.isFinite(await value(page, 'dfs-7.5y')), 'a landmark the user chose');
  // R: coxph(..., ties = 'breslow') on the same rows.
  const { coef } = rotterdamReference.clean.report.cox_breslow;
  near(Math.log(await value(page, 'cox-hr-age_decades')), coef[0], 1e-6, 'Breslow age_decades');
  // Without a site or treatment column the seed's comparisons say what is missing, in words.
  const report = await page.locator('#view .cohort-report').innerText();
  assert.match(
    report,
    /The site of recurrence is not mapped to a column: map it to compare overall survival by site\./,
  );
  assert.match(
    report,
    /The treatment of recurrence is not mapped to a column: map it to compare overall survival by treatment\./,
  );
  assert.doesNotMatch(
    report,
    /\b(empty_data|no_observations|single_group|invalid_[a-z]+)\b/,
    'no engine code on its own',
  );
  assert.deepEqual(problems, []);
  await context.close();
});

test('regression: exported SVG and PNG figures carry the title, legend, test and numbers at risk', async () => {
  const { page, context, problems } = await openCohort();
  assert.equal(
    await chooseAndAnalyse(
      page,
      fixture('rotterdam-clean.csv'),
      fixture('rotterdam-clean.mapping.json'),
    ),
    'report',
  );
  const figure = (key) => page.locator(`#view figure[data-figure-key="${key}"]`);
  const dfsSvg = (
    await download(
      page,
      figure('dfs-curve').locator(
        'xpath=following-sibling::p[1]//button[contains(@class, "export-svg")]',
      ),
    )
  ).bytes.toString('utf8');
  assert.match(dfsSvg, /^<svg[^>]+xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  for (const expected of [
    'Disease-free survival after the liver surgery (your cohort, Kaplan-Meier)',
    'Your cohort (n = 400, 216 events)',
    "Seed's published estimate (Spolverato et al. 2017)",
    'Number at risk',
    'Years since the liver surgery',
    'log-log transform',
  ]) {
    assert.ok(
      dfsSvg.includes(expected.replace(/'/g, '&apos;')) || dfsSvg.includes(expected),
      `the SVG holds "${expected}"`,
    );
  }
  assert.ok(
    (dfsSvg.match(/<text[^>]*>400<\/text>/g) ?? []).length >= 1,
    'the number at risk at 0 years',
  );
  const groupKey = 'group-tumour_size-dfs';
  const groupSvg = (
    await download(
      page,
      figure(groupKey).locator(
        'xpath=following-sibling::p[1]//button[contains(@class, "export-svg")]',
      ),
    )
  ).bytes.toString('utf8');
  assert.match(groupSvg, /Log-rank test: chi-square 36\.57 on 2 df, p &lt; 0\.001/);
  for (const level of ['&lt;=20 (n = 175', '20-50 (n = 178', '&gt;50 (n = 47'])
    assert.ok(groupSvg.includes(level), `legend ${level}`);
  const png = (
    await download(
      page,
      figure(groupKey).locator(
        'xpath=following-sibling::p[1]//button[contains(@class, "export-png")]',
      ),
    )
  ).bytes;
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  const [width, height] = (await figure(groupKey).locator('svg').getAttribute('viewBox'))
    .split(' ')
    .slice(2)
    .map(Number);
  assert.equal(png.readUInt32BE(16), 2 * width, 'PNG at twice the figure width');
  assert.equal(
    png.readUInt32BE(20),
    2 * height,
    'PNG at twice the figure height: the risk table and legend are in it',
  );
  writeFileSync(join(ensureResultsDirectory(), 'cohort-report-group-figure.png'), png);
  // Every figure has its table, with a number in it.
  const figures = await page.locator('#view figure.cohort-figure').count();
  assert.ok(figures >= 7, `${figures} figures`);
  for (let i = 0; i < figures; i += 1) {
    const rows = await page
      .locator('#view figure.cohort-figure')
      .nth(i)
      .locator('table[data-figure-table] tbody tr')
      .count();
    const numbers = await page
      .locator('#view figure.cohort-figure')
      .nth(i)
      .locator('td[data-value]:not([data-value="null"])')
      .count();
    assert.ok(
      rows >= 4 && numbers >= 4,
      `figure ${i}: ${rows} rows, ${numbers} numbers in its table`,
    );
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('400,000 continuous-time rows: the report renders without a main-thread task over 100 ms, curves from bounded points', async () => {
  const rows = 400000;
  const csv = temporary('large-continuous-synthetic.csv', largeCohortCsv(rows));
  const { page, context, problems } = await openCohort();
  await page.evaluate(() => {
    window.__longest = 0;
    window.__tasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        window.__longest = Math.max(window.__longest, entry.duration);
        window.__tasks.push(
          `${entry.duration.toFixed(0)} ms at ${document.querySelector('#view')?.dataset.state}`,
        );
      }
    }).observe({ entryTypes: ['longtask'] });
  });
  const started = Date.now();
  assert.equal(await chooseAndAnalyse(page, csv, largeCohortMapping, 600000), 'report');
  const seconds = (Date.now() - started) / 1000;
  const longest = await page.evaluate(() => window.__longest);
  const tasks = await page.evaluate(() => window.__tasks.join(', ') || 'none over 50 ms');
  assert.equal(await value(page, 'summary-n'), rows);
  for (const key of ['dfs-5y', 'os-5y', 'cif-1-5y', 'group-arm-dfs-logrank', 'cox-lr-p'])
    assert.ok(Number.isFinite(await value(page, key)), key);
  // Each curve is drawn from at most a few points per pixel column, not from 400,000 rows.
  const points = await page.evaluate(() =>
    Math.max(
      ...[...document.querySelectorAll('#view .fig-line')].map(
        (path) => (path.getAttribute('d').match(/[LHV]/g) ?? []).length,
      ),
    ),
  );
  assert.ok(points < 12000, `the longest curve has ${points} segments`);
  // The promise is about the page's work; on a machine loaded far beyond its cores a task's wall
  // time also counts the time the thread waited for a core (the load is printed to tell).
  assert.ok(
    longest < 100,
    `a main-thread task of ${longest.toFixed(0)} ms: ${tasks} (load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(', ')} on this machine)`,
  );
  // The instrument works: a deliberate 150 ms task is seen.
  await page.evaluate(() =>
    setTimeout(() => {
      const start = performance.now();
      while (performance.now() - start < 150);
    }, 0),
  );
  await page.waitForFunction(() => window.__longest >= 150, null, { timeout: 5000 });
  console.log(
    `400,000 continuous rows: ${seconds.toFixed(1)} s from file choice to the full report; longest main-thread task ${longest.toFixed(0)} ms (${tasks}); longest curve ${points} segments`,
  );
  assert.deepEqual(problems, []);
  await context.close();
});

// Gray's test and the Fine-Gray model as the page displays them, against R on the clean export's
// 400 rows (the numbers and their R calls: tests/node/rotterdam_competing_reference.mjs, e.g.
// cuminc(b$dfs, code, b$tumour_size)$Tests and coxph(Surv(fgstart, fgstop, fgstatus) ~
// age_decades + size + grade + cluster(id), weight = fgwt, data = finegray(Surv(dfs, ev) ~ .,
// data = b, etype = "recurrence"))), and the same doubles as the command's JSON.
test("Gray's test per cause and the Fine-Gray table as displayed equal R and the command", async () => {
  const { page, context, problems } = await openCohort();
  const csv = fixture('rotterdam-clean.csv');
  const mapping = fixture('rotterdam-clean.mapping.json');
  assert.equal(await chooseAndAnalyse(page, csv, mapping), 'report');
  const cli = command(csv, mapping).report;
  for (const [column, key] of [
    ['tumour_size', 'tumour_size'],
    ['hormonal_therapy', 'hormonal_therapy'],
  ]) {
    const fromCommand = cli.by_group.find((section) => section.column === column)
      .cumulative_incidence.gray_test.tests;
    for (const cause of [3, 4]) {
      const shown = await value(page, `group-${column}-cif-gray-${cause}`);
      near(shown, grayR[key][cause][1], 1e-8, `${column} Gray p, cause ${cause}`);
      assert.equal(
        shown,
        fromCommand.find((entry) => entry.cause === cause).p,
        'the page and the command give the same double',
      );
    }
  }
  assert.match(
    await text(page, 'group-tumour_size-cif-gray-3'),
    /^Gray's test, recurrence, site not recorded: chi-square 27\.62 on 2 df, p < 0\.001\.$/,
  );
  assert.match(
    await text(page, 'group-hormonal_therapy-cif-gray-4'),
    /^Gray's test, death without recurrence: chi-square 0\.16 on 1 df, p = 0\.688\.$/,
  );
  for (const [group, want] of Object.entries(bySizeR)) {
    for (const [k, time] of [1, 3, 5, 10].entries()) {
      near(
        await value(page, `group-tumour_size-cif-${safeKey(group)}-3-${time}y`),
        want.recurrence[k],
        1e-12,
        `${group} recurrence ${time} y`,
      );
      near(
        await value(page, `group-tumour_size-cif-${safeKey(group)}-4-${time}y`),
        want.death[k],
        1e-12,
        `${group} death ${time} y`,
      );
    }
  }
  const fineGray = page.locator('#view [data-table="fine-gray"]');
  const caption = await fineGray.locator('caption').innerText();
  assert.match(
    caption,
    /^Fine-Gray model of recurrence \(any site, site not recorded included\) \(400 patients, 198 recurrences, 18 competing events: death without recurrence; ties: Efron/,
  );
  for (const [k, term] of fineGrayR.terms.entries()) {
    const name = termOf(term, 'tumour_size');
    near(
      await value(page, `fine-gray-hr-${name}`),
      Math.exp(fineGrayR.coef[k]),
      1e-6,
      `sHR ${term}`,
    );
    near(
      await value(page, `fine-gray-se-${name}`),
      fineGrayR.robust_se[k],
      1e-6,
      `robust SE ${term}`,
    );
    near(await value(page, `fine-gray-p-${name}`), fineGrayR.p[k], 1e-5, `p ${term}`);
    assert.equal(
      await value(page, `fine-gray-hr-${name}`),
      cli.fine_gray.terms[name].hr,
      'the page and the command give the same double',
    );
    // The interval as printed: R's summary(fc)$conf.int to two decimals.
    const interval = `(${fineGrayR.lower[k].toFixed(2)} to ${fineGrayR.upper[k].toFixed(2)})`;
    assert.ok(
      (await text(page, `fine-gray-hr-${name}`)).endsWith(interval),
      `${term}: ${await text(page, `fine-gray-hr-${name}`)} ends with ${interval}`,
    );
  }
  assert.match(
    await fineGray.innerText(),
    /tumour_size: >50 vs <=20\t2\.62 \(1\.68 to 4\.08\)\t0\.962 \(0\.226\)\t< 0\.001/,
  );
  const section = await page.locator('#view .cohort-report').innerText();
  assert.match(
    section,
    /A subdistribution hazard ratio above 1 means a higher cumulative incidence of recurrence over time among patients with that characteristic .*it describes an association in these patients, not the effect of choosing a treatment or an operation\./,
  );
  assert.match(section, /robust \(sandwich\) variance clustered by patient/);
  near(
    await value(page, 'fine-gray-wald'),
    cli.fine_gray.robust_wald_test.p,
    1e-12,
    'robust Wald p',
  );
  assert.deepEqual(problems, []);
  await context.close();
});

// Printed (Chromium's print to PDF): the controls, preview and mapping left out; the rows used,
// the exclusions and the report's notes kept; no figure cut across pages (each figure's title and
// its numbers-at-risk heading on one page of the PDF, read back with poppler's pdftotext).
test('the printed report: no controls, the rows used kept, no figure cut across pages, tables whole', async () => {
  const { page, context, problems } = await openCohort();
  assert.equal(
    await chooseAndAnalyse(
      page,
      fixture('rotterdam-clean.csv'),
      fixture('rotterdam-clean.mapping.json'),
    ),
    'report',
  );
  await page.emulateMedia({ media: 'print' });
  for (const hidden of [
    '.cohort-view-controls',
    '.cohort-preview',
    '.cohort-mapping',
    '.data-exports',
    '.export-csv',
    '.export-svg',
    '.export-model',
    '.calibrate-button',
    '.calibration-section select',
    'nav',
    '.tools',
  ]) {
    const visible = await page
      .locator(hidden)
      .evaluateAll((nodes) => nodes.filter((node) => node.checkVisibility()).length);
    assert.equal(visible, 0, `${hidden} is not printed`);
  }
  const used = await page
    .locator('#view .used-rows')
    .evaluateAll((nodes) => nodes.map((node) => node.checkVisibility()));
  assert.ok(
    used.length >= 8 && used.every(Boolean),
    `every "Used n patients" line is printed (${used.length})`,
  );
  for (const shown of ['.cohort-status', '.exclusions', '.report-basis', '.fine-gray-meaning']) {
    assert.equal(
      await page.locator(`#view ${shown}`).first().isVisible(),
      true,
      `${shown} is printed`,
    );
  }
  assert.match(await page.locator('#view .cohort-status').innerText(), /Analysed 400 patients/);
  const figures = await page.locator('#view figure.cohort-figure').evaluateAll((nodes) =>
    nodes.map((node) => ({
      avoid: getComputedStyle(node).breakInside,
      height: node.getBoundingClientRect().height,
      title: node.querySelector('.fig-title')?.textContent ?? '',
    })),
  );
  assert.ok(figures.length >= 7);
  // A4 less the 10 mm margins: 277 mm = 1047 CSS px; a taller figure could not be kept whole.
  for (const figure of figures)
    assert.ok(
      figure.avoid === 'avoid' && figure.height < 1047,
      `${figure.title}: ${figure.avoid}, ${figure.height} px`,
    );
  const overflow = await page
    .locator('#view .cohort-report table')
    .evaluateAll(
      (tables) =>
        tables.filter((table) => table.scrollWidth > table.parentElement.clientWidth + 1).length,
    );
  assert.equal(overflow, 0, 'no printed table is wider than the page (nothing scrolls on paper)');
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  const results = ensureResultsDirectory();
  const pdfPath = join(results, 'cohort-report-print-A4.pdf');
  writeFileSync(pdfPath, pdf);
  const pages = spawnSync('pdftotext', ['-layout', pdfPath, '-'], {
    encoding: 'utf8',
  }).stdout.split('\f');
  assert.ok(pages.length > 3, `${pages.length} pages`);
  for (const figure of figures) {
    const first = pages.findIndex((pageText) => pageText.includes(figure.title.slice(0, 40)));
    assert.ok(first >= 0, `"${figure.title}" is in the PDF`);
    assert.match(
      pages[first].slice(pages[first].indexOf(figure.title.slice(0, 40))),
      /Number at risk/,
      `"${figure.title}": its numbers at risk on the same page`,
    );
  }
  assert.deepEqual(problems, []);
  await context.close();

  // The demo cohort is SYNTHETIC: the label and the report's heading say so on paper too.
  const demo = await openCohort();
  await demo.page.click('#view .demo-button');
  await demo.page.waitForSelector('#view[data-state="parsed"]', { timeout: 30000 });
  await demo.page.click('#view .analyse-button');
  await demo.page.waitForSelector('#view[data-state="report"]', { timeout: 60000 });
  await demo.page.emulateMedia({ media: 'print' });
  assert.equal(await demo.page.locator('#view .synthetic-label').isVisible(), true);
  assert.match(
    await demo.page.locator('#view .cohort-report h3').first().innerText(),
    /SYNTHETIC demo data/,
  );
  writeFileSync(
    join(results, 'cohort-report-demo-print-A4.pdf'),
    await demo.page.pdf({ format: 'A4', printBackground: true }),
  );
  assert.deepEqual(demo.problems, []);
  await demo.context.close();
});

// Issue 13 point 2 on a report with every section (problems, caveats, Gray's test, Fine-Gray):
// no internal code, op or file name in the visible text, every details element open, the file's
// own column names and values aside; a refusal's code and JSON path only under "Details for
// support" (a Cox model on a covariate that is constant among the rows used is refused).
test('the messy export\'s full report and a refused section show no internal name outside "Details for support"', async () => {
  const { page, context, problems } = await openCohort();
  const csv = fixture('rotterdam-messy.csv');
  assert.equal(
    await chooseAndAnalyse(page, csv, fixture('rotterdam-messy.mapping.json')),
    'report',
  );
  const withoutFileWords = fileWordsOf(readFileSync(csv, 'utf8'));
  const visible = async () => {
    await page.evaluate(() => {
      for (const details of document.querySelectorAll('#view details')) details.open = true;
    });
    return (await page.locator('#view').innerText()).split('\n').map(withoutFileWords);
  };
  assert.deepEqual(
    (await visible()).filter((line) => internalWords.some((pattern) => pattern.test(line))),
    [],
  );
  assert.ok(
    (await page.locator('#view .cohort-report').innerText()).includes(
      'Caveats from the survival core',
    ),
    'the caveats are among the lines checked',
  );
  await context.close();

  const refused = await openCohort();
  const mapping = {
    ...readMapping('rotterdam-clean.mapping.json'),
    covariates: [{ column: 'age_decades' }, { column: 'data_origin' }],
  };
  assert.equal(
    await chooseAndAnalyse(refused.page, fixture('rotterdam-clean.csv'), mapping),
    'report',
  );
  const notice = refused.page.locator('#view .section-error').first();
  assert.match(
    await notice.locator('p.error').innerText(),
    /^The survival core could not compute this: /,
  );
  assert.doesNotMatch(await notice.locator('p.error').innerText(), /constant_covariate|\/data\//);
  await notice.locator('details.support-details summary').click();
  assert.match(
    await notice.locator('.support-text').innerText(),
    /^constant_covariate at \/data\/covariates\/data_origin: /,
  );
  assert.deepEqual([...problems, ...refused.problems], []);
  await refused.context.close();
});
