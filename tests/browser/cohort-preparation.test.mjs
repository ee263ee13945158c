// Your cohort's data preparation in Debian's Chromium behind nginx with the strict CSP: the three
// hospital-style exports of survival::rotterdam (tests/fixtures/cohort) through the file chooser,
// with their mapping loaded from its file, give R's numbers on the rows R kept and exactly the
// command's numbers (one code path); regression tests for the data-preparation defects of issue 13
// and for wide files (issue 14 point 2). Screenshots at 390 and 1366 px in test-results/browser/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, startServers, ensureResultsDirectory, repositoryRoot } from './support.mjs';
import { fixture, demoFile, rotterdamReference } from '../node/cohort_fixtures.mjs';

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

async function choose(page, path) {
  await page.setInputFiles('#view input[type="file"]:not([data-load-mapping])', path);
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

async function loadMapping(page, path) {
  await page.setInputFiles('#view input[data-load-mapping]', path);
  await page.waitForFunction(() =>
    /Mapping loaded/.test(document.querySelector('#view .cohort-status').textContent),
  );
}

const value = async (page, key) => {
  const text = await page.locator(`#view [data-key="${key}"]`).first().getAttribute('data-value');
  return text === 'null' ? null : Number(text);
};

const downloadText = async (page, selector) => {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return { name: file.suggestedFilename(), text: readFileSync(await file.path(), 'utf8') };
};

const command = (csv, mapping) =>
  JSON.parse(
    spawnSync(
      process.execPath,
      ['--no-warnings', join(repositoryRoot, 'scripts', 'cohort-report.mjs'), csv, mapping],
      { encoding: 'utf8', maxBuffer: 1 << 26 },
    ).stdout,
  );

const noSidewaysScroll = (page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
const sizeTerm = { clean: 'tumour_size', european: 'Tumorgröße', messy: 'tumour_size' };
const termOf = (name, size) =>
  ({
    age_decades: 'age_decades',
    grade: 'grade',
    'factor(size)>50': `${size}=>50`,
    'factor(size)20-50': `${size}=20-50`,
  })[name];

for (const name of ['clean', 'european', 'messy']) {
  test(`the ${name} export in the page: mapping loaded from its file, R's numbers and the command's, no sideways scroll at 390 or 1366 px`, async () => {
    const { page, context, problems } = await openCohort(1366);
    const csv = fixture(`rotterdam-${name}.csv`);
    assert.equal(await choose(page, csv), 'parsed');
    assert.ok(await noSidewaysScroll(page), 'the preview scrolls in its own box, not the page');
    // The yes/no recurrence column is never offered as the recurrence date, nor typed as a date.
    assert.equal(
      await page
        .locator('#view select[data-role="recurrence_date"] option[value="recurrence"]')
        .count(),
      0,
    );
    assert.equal(
      await page.locator('#view select[data-role="recurrence_date"]').inputValue(),
      'date_of_recurrence',
    );
    assert.equal(
      await page
        .locator('#view select[data-column-type="recurrence"] option[value="date"]')
        .getAttribute('disabled'),
      '',
    );
    if (name === 'european') {
      assert.equal(await page.locator('#view select[data-role="decimal"]').inputValue(), ',');
      assert.equal(
        await page.locator('#view select[data-role="dateFormat"]').inputValue(),
        'DD.MM.YYYY',
      );
    }
    await loadMapping(page, fixture(`rotterdam-${name}.mapping.json`));
    assert.equal(
      await page.locator(`#view input[data-covariate="${sizeTerm[name]}"]`).isChecked(),
      true,
    );
    assert.equal(
      await page.locator(`#view select[data-reference-for="${sizeTerm[name]}"]`).inputValue(),
      '<=20',
    );
    assert.equal(await analyse(page), 'report');

    const reference = rotterdamReference[name];
    const cli = command(csv, fixture(`rotterdam-${name}.mapping.json`));
    assert.equal(await value(page, 'summary-n'), reference.n);
    assert.equal(await value(page, 'summary-excluded'), cli.rows.excluded);
    for (const [k, time] of reference.dfs.time.entries()) {
      const shown = await value(page, `dfs-${time}y`);
      assert.ok(
        Math.abs(shown - reference.dfs.surv[k]) <= 1e-12 * reference.dfs.surv[k],
        `DFS ${time} y: ${shown} vs R ${reference.dfs.surv[k]}`,
      );
      assert.equal(
        shown,
        cli.report.dfs.landmarks.find((row) => row.time === time).surv,
        'the page and the command give the same double',
      );
    }
    for (const [k, term] of reference.cox.terms.entries()) {
      const hr = await value(page, `cox-hr-${termOf(term, sizeTerm[name])}`);
      assert.ok(
        Math.abs(Math.log(hr) - reference.cox.coef[k]) <=
          1e-6 * Math.max(1e-2, Math.abs(reference.cox.coef[k])),
        `${term}: log HR ${Math.log(hr)} vs R ${reference.cox.coef[k]}`,
      );
    }
    assert.equal(
      await page.locator('#view [data-used="cox"]').getAttribute('data-n'),
      String(reference.cox.n),
    );
    const results = ensureResultsDirectory();
    await page.screenshot({ path: join(results, `cohort-${name}-1366.png`), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    assert.ok(
      await noSidewaysScroll(page),
      `no sideways scroll at 390 px: ${await page.evaluate(() => document.documentElement.scrollWidth)} px`,
    );
    await page.screenshot({ path: join(results, `cohort-${name}-390.png`), fullPage: true });
    assert.deepEqual(problems, []);
    await context.close();
  });
}

// The messy export with formulas for patient ids: problems by row and patient id; every export
// neutralises formula cells; the European style writes semicolons and decimal commas.
function hostileMessy() {
  const formulas = {
    RT0047: '=1+1',
    RT0056: '@SUM(1+1)',
    RT0004: '+1+1',
    RT0014: "-2+3+cmd|' /C calc'!A0",
  };
  const text = readFileSync(fixture('rotterdam-messy.csv'), 'utf8').replace(
    /,(RT0047|RT0056|RT0004|RT0014),/g,
    (m, id) => `,${formulas[id]},`,
  );
  const path = join(mkdtempSync(join(tmpdir(), 'nelm-hostile-csv-')), 'messy-formulas.csv');
  writeFileSync(path, text);
  return path;
}

test('the messy export: each problem by row, patient id, column and value; exclusions by reason; safe CSV exports of problems, analysis data and tables', async () => {
  const { page, context, problems } = await openCohort();
  assert.equal(await choose(page, hostileMessy()), 'parsed');
  await loadMapping(page, fixture('rotterdam-messy.mapping.json'));
  assert.equal(await analyse(page), 'report');
  const expected = Object.fromEntries(
    Object.entries({
      missing_value: 2,
      not_a_date: 2,
      duplicate_patient: 2,
      conflicting_patient: 2,
      recurrence_without_date: 1,
      recurrence_date_but_flag_no: 1,
    }),
  );
  for (const [kind, rows] of Object.entries(expected)) {
    assert.equal(
      await page
        .locator(`#view .exclusion-reasons li[data-kind="${kind}"]`)
        .getAttribute('data-rows'),
      String(rows),
      kind,
    );
  }
  const listed = await page.locator('#view .cohort-problems .problems').innerText();
  assert.match(listed, /6\s+=1\+1\s+date_of_surgery\s+missing date\s+row left out/);
  assert.match(
    listed,
    /9\s+@SUM\(1\+1\)\s+age_decades\s+unknown\s+"unknown" is not a number \(decimal separator "\."\): missing wherever age_decades is used\s+value treated as missing/,
  );
  assert.match(listed, /196\s+RT1344\s+recurrence\s+yes\s+recurrence "yes" but no recurrence date/);
  assert.match(listed, /63\s+RT0378\s+patient_id\s+RT0378\s+an exact copy of row 53/);
  assert.match(
    listed,
    /54\s+RT0407\s+patient_id\s+RT0407\s+patient id RT0407 is also on row 73 with different values/,
  );

  const problemsCsv = await downloadText(page, '#view .export-problems');
  assert.equal(problemsCsv.name, 'cohort-problems.csv');
  assert.match(problemsCsv.text, /^row,patient_id,column,value,problem,reason,effect\r\n/);
  assert.match(
    problemsCsv.text,
    /\r\n6,'=1\+1,date_of_surgery,,missing_value,missing date,row left out of every analysis\r\n/,
  );
  assert.match(problemsCsv.text, /\r\n9,'@SUM\(1\+1\),age_decades,unknown,not_a_number,/);
  const data = await downloadText(page, '#view .export-analysis-data');
  const lines = data.text.split('\r\n');
  assert.equal(
    lines[0],
    'file_row,patient_id,dfs_years,dfs_event,recurred,os_years,os_event,recurrence_site,recurrence_treatment,competing_cause,age_decades,tumour_size,grade,hormonal_therapy',
  );
  assert.equal(lines.length - 2, 393, 'one row per patient analysed');
  // Row 2: surgery 1985-01-24, alive at the last follow-up 1992-04-01, no recurrence.
  const years = (Date.UTC(1992, 3, 1) - Date.UTC(1985, 0, 24)) / 86400000 / 365.25;
  assert.equal(lines[1], `2,'+1+1,${years},0,0,${years},0,,,0,7,20-50,3,no`);
  assert.match(data.text, /\r\n3,'-2\+3\+cmd\|' \/C calc'!A0,/);
  for (const line of [...lines, ...problemsCsv.text.split('\r\n')]) {
    for (const cell of line.split(','))
      assert.doesNotMatch(cell, /^[=+@\t\r]|^-(?![\d.])/, `an unneutralised cell: ${cell}`);
  }
  // The European style: semicolons and decimal commas, for the data and the report's tables.
  await page.selectOption('#view select[data-role="csvStyle"]', 'european');
  const european = await downloadText(page, '#view .export-analysis-data');
  assert.equal(
    european.text.split('\r\n')[1],
    `2;'+1+1;${String(years).replace('.', ',')};0;0;${String(years).replace('.', ',')};0;;;0;7;20-50;3;no`,
  );
  const table = await downloadText(page, '#view [data-table="survival-landmarks"] + .export-csv');
  assert.match(
    table.text,
    /^Time since the liver surgery;DFS, your cohort \(95% CI\);OS, your cohort \(95% CI\);DFS, seed \(published, Spolverato et al\. 2017\)\r\n/,
  );
  assert.match(table.text, /\r\n5 years;56\.5% \(95% CI 51\.4 to 61\.3%\);/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a covariate that also fills a role is used and said; a column called __proto__ is offered and analysed', async () => {
  const { page, context, problems } = await openCohort();
  assert.equal(await choose(page, fixture('rotterdam-clean.csv')), 'parsed');
  await page.selectOption('#view select[data-role="treatment"]', 'hormonal_therapy');
  await page.check('#view input[data-covariate="hormonal_therapy"]');
  await page.check('#view input[data-covariate="age"]');
  const note =
    '"hormonal_therapy" is both Treatment of recurrence and a covariate of the Cox model: it is used as both.';
  assert.match(
    await page.locator('#view .mapping-messages').innerText(),
    new RegExp(note.replace(/[.()]/g, '\\$&')),
  );
  assert.equal(await analyse(page), 'report');
  assert.ok(
    Number.isFinite(await value(page, 'cox-hr-hormonal_therapy=yes')),
    'the covariate is in the Cox model',
  );
  assert.ok(Number.isFinite(await value(page, 'cox-hr-age')), 'and the other covariate beside it');
  assert.ok(
    (await page.locator('#view .mapping-note').allInnerTexts()).includes(note),
    'the report says so too',
  );

  const lines = readFileSync(demoFile, 'utf8').split('\n');
  const path = join(mkdtempSync(join(tmpdir(), 'nelm-proto-')), 'proto.csv');
  writeFileSync(
    path,
    [lines[0].replace('primary_site', '__proto__'), ...lines.slice(1)].join('\n'),
  );
  assert.equal(await choose(page, path), 'parsed');
  await page.check('#view input[data-covariate="__proto__"]');
  assert.equal(await analyse(page), 'report');
  const terms = await page
    .locator('#view [data-key^="cox-hr-__proto__="]')
    .evaluateAll((cells) => cells.map((c) => Number(c.dataset.value)));
  assert.ok(terms.length >= 1 && terms.every(Number.isFinite), `__proto__ terms: ${terms}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the mapping saved as a file and loaded again gives the same form and the same numbers', async () => {
  const first = await openCohort();
  assert.equal(await choose(first.page, fixture('rotterdam-european.csv')), 'parsed');
  await first.page.check('#view input[data-covariate="age_decades"]');
  await first.page.check('#view input[data-covariate="Tumorgröße"]');
  await first.page.selectOption('#view select[data-reference-for="Tumorgröße"]', '>50');
  await first.page.selectOption('#view select[data-column-type="grade"]', 'category');
  const saved = await downloadText(first.page, '#view .save-mapping');
  const mapping = JSON.parse(saved.text);
  assert.equal(saved.name, 'cohort-mapping.json');
  assert.equal(mapping.format, 'nelm-cohort-mapping');
  assert.equal(mapping.format_version, 1);
  assert.equal(mapping.decimal_separator, ',');
  assert.equal(mapping.date_format, 'DD.MM.YYYY');
  assert.deepEqual(mapping.covariates, [
    { column: 'age_decades' },
    { column: 'Tumorgröße', reference: '>50' },
  ]);
  assert.equal(mapping.roles.recurrence_flag, 'recurrence');
  assert.equal(await analyse(first.page), 'report');
  const hr = await value(first.page, 'cox-hr-Tumorgröße=<=20');
  await first.context.close();

  const second = await openCohort();
  assert.equal(await choose(second.page, fixture('rotterdam-european.csv')), 'parsed');
  const path = join(mkdtempSync(join(tmpdir(), 'nelm-mapping-')), 'cohort-mapping.json');
  writeFileSync(path, saved.text);
  await loadMapping(second.page, path);
  assert.equal(
    await second.page.locator('#view select[data-reference-for="Tumorgröße"]').inputValue(),
    '>50',
  );
  assert.equal(
    await second.page.locator('#view input[data-covariate="age_decades"]').isChecked(),
    true,
  );
  assert.equal(await analyse(second.page), 'report');
  assert.equal(await value(second.page, 'cox-hr-Tumorgröße=<=20'), hr);
  assert.deepEqual([...first.problems, ...second.problems], []);
  await second.context.close();
});

// Wide files: the demo cohort with numeric columns added up to the given width.
function wideFile(columns) {
  const lines = readFileSync(demoFile, 'utf8').trim().split('\n');
  const extra = columns - lines[0].split(',').length;
  const path = join(mkdtempSync(join(tmpdir(), 'nelm-wide-')), `wide-${columns}.csv`);
  writeFileSync(
    path,
    `${lines.map((line, r) => `${line},${Array.from({ length: extra }, (_, k) => (r === 0 ? `lab_${k + 1}` : String((r * 7 + k * 13) % 97))).join(',')}`).join('\n')}\n`,
  );
  return path;
}

test('wide files: over 2,000 columns refused before any form; 2,000 columns mapped with searchable fields and no main-thread task over 100 ms', async () => {
  const { page, context, problems } = await openCohort();
  assert.equal(await choose(page, wideFile(2001)), 'failed');
  assert.match(
    await page.locator('#view .cohort-alert').innerText(),
    /The file has 2,001 columns; this page reads files with at most 2,000 columns/,
  );
  assert.equal(await page.locator('#view .cohort-mapping *').count(), 0, 'no form was built');

  // Every main-thread task over 50 ms, with the step it happened in.
  await page.evaluate(() => {
    window.__longest = 0;
    window.__tasks = [];
    window.__step = 'reading';
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        window.__longest = Math.max(window.__longest, entry.duration);
        window.__tasks.push(`${window.__step} ${entry.duration.toFixed(0)} ms`);
      }
    }).observe({ entryTypes: ['longtask'] });
  });
  const step = (name) =>
    page.evaluate((text) => {
      window.__step = text;
    }, name);
  assert.equal(await choose(page, wideFile(2000)), 'parsed');
  assert.match(
    await page.locator('#view .cohort-status').innerText(),
    /Read 322 data rows and 2,000 columns/,
  );
  assert.ok((await page.locator('#view option').count()) < 300, 'no option per column per control');
  assert.ok(await noSidewaysScroll(page));
  // A role and a covariate found by typing; the searchable list fills when first focused.
  await step('searching a covariate');
  const patient = page.locator('#view input[data-role="patient_id"]');
  assert.equal(await patient.inputValue(), 'patient_id');
  assert.equal(await patient.getAttribute('role'), 'combobox');
  await page.fill('#view input[data-covariate-search]', 'LAB_150');
  assert.deepEqual(await page.locator('#view .covariates [role="option"]').allInnerTexts(), [
    'lab_150',
    'lab_1500',
    'lab_1501',
    'lab_1502',
    'lab_1503',
    'lab_1504',
    'lab_1505',
    'lab_1506',
    'lab_1507',
    'lab_1508',
    'lab_1509',
  ]);
  await page.press('#view input[data-covariate-search]', 'ArrowDown');
  await page.press('#view input[data-covariate-search]', 'ArrowDown');
  await page.press('#view input[data-covariate-search]', 'Enter');
  assert.equal(await page.locator('#view input[data-covariate-search]').inputValue(), 'lab_1500');
  await page.click('#view .covariates button:has-text("Add as a covariate")');
  assert.match(await page.locator('#view .chosen-covariates').innerText(), /lab_1500/);
  await step('typing a role');
  const flag = page.locator('#view input[data-role="recurrence_flag"]');
  await flag.fill('no_such_column');
  await flag.press('Tab');
  assert.match(
    await page
      .locator('#view .picker-note')
      .allInnerTexts()
      .then((notes) => notes.join(' ')),
    /"no_such_column" is not a column of the file that fits this role/,
  );
  await flag.fill('');
  await flag.press('Tab');
  const longest = await page.evaluate(() => window.__longest);
  const tasks = await page.evaluate(() => window.__tasks.join(', ') || 'none over 50 ms');
  assert.ok(
    longest < 100,
    `a main-thread task of ${longest.toFixed(0)} ms while reading and mapping: ${tasks}`,
  );
  // The instrument works: a deliberate 150 ms task is seen.
  await page.evaluate(() =>
    setTimeout(() => {
      const start = performance.now();
      while (performance.now() - start < 150);
    }, 0),
  );
  await page.waitForFunction(() => window.__longest >= 150, null, { timeout: 5000 });
  assert.equal(await analyse(page), 'report');
  assert.ok(Number.isFinite(await value(page, 'cox-hr-lab_1500')));
  console.log(
    `2,000 columns: longest main-thread task while reading and mapping ${longest.toFixed(0)} ms (${tasks})`,
  );
  assert.deepEqual(problems, []);
  await context.close();
});
