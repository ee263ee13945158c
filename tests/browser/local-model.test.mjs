// An institution's model file in the After surgery view (issue 5, section 3), in Debian's Chromium
// behind nginx with the strict CSP: the local Cox model of the SYNTHETIC demo cohort (built by the
// survival core's export_model from the cohort view's own request, natively) loaded through the file chooser predicts as the
// native core's predict for the same model and profile; it is labelled as the institution's model;
// nothing is stored unless "Keep this model in this browser" is ticked; a broken file is refused
// with the core's message and path and nothing else changes. Screenshot in test-results/browser/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
import { demoMapping, preparedCohort } from '../node/cohort_fixtures.mjs';
import { exportModelRequest } from '../../web/src/cohort/analysis.js';

const demoFile = join(repositoryRoot, 'public', 'data', 'demo-cohort.csv');
const cli = nativeCli;
const fixtureDirectory = join(repositoryRoot, 'tests', 'browser', 'fixtures', 'models');

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

function demoModel() {
  const cohort = preparedCohort(demoFile, demoMapping(['primary_site', 'node_status']));
  return nativeCalculate(
    exportModelRequest(cohort, ['primary_site', 'node_status'], { synthetic: true }),
  ).result.model;
}

async function openPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  const requests = recordRequests(page);
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(`${servers.siteOrigin}/index.html#view=after-surgery`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
  return { page, context, requests, problems };
}

// The synthetic fixture with a numeric input (age) and a 5-year limit, signed by the core and
// written to a file the page's chooser can load.
function ageFixture() {
  const model = JSON.parse(
    readFileSync(join(fixtureDirectory, 'institution-age-fixture.json'), 'utf8'),
  );
  model.checksum = nativeCalculate({ op: 'model_checksum', model }).result.checksum;
  const file = join(mkdtempSync(join(tmpdir(), 'nelm-age-model-')), 'institution-age.json');
  writeFileSync(file, JSON.stringify(model));
  return { model, file };
}

// The institution's model lives in the Advanced section (issue 15): open it as a user would.
async function openAdvanced(page) {
  if (!(await page.locator('#view details.advanced').evaluate((details) => details.open))) {
    await page.click('#view details.advanced > summary');
  }
}

async function loadInstitutionModel(page, file) {
  await openAdvanced(page);
  await page.getByLabel("Use your institution's model file…").setInputFiles(file);
  await page.waitForSelector('#view .results .institution-label');
}

const shownCards = (page) =>
  page
    .locator('#view .estimate-cards .card')
    .evaluateAll((cards) =>
      cards.map((card) => [
        Number(card.dataset.time),
        Number(card.querySelector('.card-value').dataset.value),
      ]),
    );

const stored = (page) =>
  page.evaluate(() => JSON.stringify(Object.fromEntries(Object.entries(localStorage))));

test('an institution model file: predicts as the core, labelled, stored only when asked, broken files refused', async (t) => {
  if (!existsSync(cli)) {
    t.skip(`${cli} is missing: build native-debug first`);
    return;
  }
  const model = demoModel();
  const directory = mkdtempSync(join(tmpdir(), 'nelm-local-model-'));
  const modelFile = join(directory, 'institution-model.json');
  writeFileSync(modelFile, JSON.stringify(model, null, 1));
  const broken = structuredClone(model);
  broken.effects[0].log_hr += 0.5; // the checksum no longer matches
  const brokenFile = join(directory, 'broken-model.json');
  writeFileSync(brokenFile, JSON.stringify(broken));
  const expectedRefusal = (() => {
    try {
      nativeCalculate({ op: 'validate_model', model: broken });
    } catch (error) {
      return error;
    }
    return null;
  })();
  assert.ok(expectedRefusal, 'the core refuses the broken model');

  const { page, context, requests, problems } = await openPage();
  await openAdvanced(page);
  const publishedCards = await page
    .locator('.estimate-cards .card-value')
    .evaluateAll((cards) => cards.map((c) => c.dataset.value));

  // Load through the labelled file chooser (the box is unticked by default).
  const chooser = page.getByLabel("Use your institution's model file…");
  assert.equal(await page.getByLabel('Keep this model in this browser').isChecked(), false);
  assert.doesNotMatch(
    await page.locator('#view .institution-model').innerText(),
    /null|undefined/,
    'no absent part of the chooser is printed as text',
  );
  await chooser.setInputFiles(modelFile);
  await page.waitForSelector('#view .results .institution-label');
  const label =
    `Your institution's model: ${model.title} (version ${model.version}, checksum ${model.checksum.slice(0, 19)}…), ` +
    `fitted on ${model.population.development.n} patients — not the published evidence`;
  assert.equal(await page.locator('#view .results .institution-label').innerText(), label);
  assert.equal(
    await page.locator('#view .institution-model .institution-label').innerText(),
    label,
  );
  assert.equal(
    await page.getByLabel(label).isChecked(),
    true,
    'the model chooser names the institution model',
  );
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  assert.match(
    await page.locator('#print-footer').textContent(),
    new RegExp(`Model: ${label.replace(/[()[\].*+?^$|\\]/g, '\\$&')}`),
  );
  assert.equal(await stored(page), '{}', 'nothing stored without the box ticked');

  // The form fields are the model's inputs; choose a non-reference level of each.
  const names = await page
    .locator('#view .inputs select')
    .evaluateAll((list) => list.map((s) => s.name));
  assert.deepEqual(
    names,
    model.inputs.map((input) => input.name),
  );
  const profile = {};
  for (const input of model.inputs) {
    const value = input.levels[input.levels.length - 1].value;
    await page.selectOption(`#view .inputs select[name="${input.name}"]`, value);
    profile[input.name] = value;
  }
  const shown = await page
    .locator('#view .estimate-cards .card')
    .evaluateAll((cards) =>
      cards.map((card) => [
        Number(card.dataset.time),
        Number(card.querySelector('.card-value').dataset.value),
      ]),
    );
  const expected = nativeCalculate({ op: 'predict', model, profile }).result.predictions[0]
    .estimates;
  assert.ok(shown.length >= 3, `cards shown: ${JSON.stringify(shown)}`);
  for (const [time, value] of shown) {
    const row = expected.find((item) => item.time === time);
    assert.ok(row, `the core has an estimate at ${time}`);
    assert.ok(
      Math.abs(value - row.estimate) <= 1e-12,
      `DFS at ${time} y: page ${value} vs core ${row.estimate}`,
    );
  }
  assert.ok(
    !(await page.locator('#share-link').inputValue()).includes('checksum'),
    'the share link carries no model',
  );
  await page.screenshot({
    path: join(ensureResultsDirectory(), 'institution-model.png'),
    fullPage: true,
  });
  assert.equal(await stored(page), '{}', 'patient inputs are never stored');

  // A broken file: the core's message and path, nothing else changes.
  await chooser.setInputFiles(brokenFile);
  const alert = page.locator('#view .institution-error');
  await alert.waitFor();
  const alertText = await alert.innerText();
  assert.ok(alertText.includes(expectedRefusal.message), alertText);
  if (expectedRefusal.path) assert.ok(alertText.includes(expectedRefusal.path), alertText);
  assert.equal(await page.locator('#view .results .institution-label').innerText(), label);
  const after = await page
    .locator('#view .estimate-cards .card-value')
    .evaluateAll((cards) => cards.map((c) => Number(c.dataset.value)));
  assert.deepEqual(
    after,
    shown.map(([, value]) => value),
  );

  // Reload without ticking: forgotten.
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await page.locator('#view .institution-label').count(), 0);
  assert.deepEqual(
    await page
      .locator('#view .estimate-cards .card-value')
      .evaluateAll((cards) => cards.map((c) => c.dataset.value)),
    publishedCards,
  );

  // Ticked: the model text only, kept across a reload; "Forget it" removes it.
  await openAdvanced(page);
  await page.getByLabel('Keep this model in this browser').check();
  await page.getByLabel("Use your institution's model file…").setInputFiles(modelFile);
  await page.waitForSelector('#view .results .institution-label');
  const kept = JSON.parse(await stored(page));
  assert.deepEqual(Object.keys(kept), ['nelm.institution-model']);
  assert.deepEqual(JSON.parse(kept['nelm.institution-model']), model);
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(
    await page.locator('#view .institution-model .institution-label').innerText(),
    label,
  );
  assert.equal(await page.getByLabel('Keep this model in this browser').isChecked(), true);
  await page.click('#view .institution-forget');
  assert.equal(await stored(page), '{}');
  assert.equal(await page.locator('#view .institution-label').count(), 0);

  // A file over 2 MB is refused before reading.
  const large = join(directory, 'large.json');
  writeFileSync(large, `{"padding":"${'x'.repeat(2 * 1024 * 1024 + 10)}"}`);
  await page.getByLabel("Use your institution's model file…").setInputFiles(large);
  assert.match(await page.locator('#view .institution-error').innerText(), /at most 2 MB/);

  assert.deepEqual(problems, []);
  assert.deepEqual(foreignRequests(requests, [servers.siteOrigin]), []);
  await context.close();
});

// Regression (issue 11): the page sent a number input's value as text ("70"), which the core
// refuses (invalid_type at /profile/age), so a model with a numeric covariate could not be used.
test('a numeric input travels as a number: the page predicts as the core for age 70', async (t) => {
  if (!existsSync(cli)) {
    t.skip(`${cli} is missing: build native-debug first`);
    return;
  }
  const { model, file } = ageFixture();
  const { page, context, problems } = await openPage();
  await loadInstitutionModel(page, file);
  const age = page.locator('#view .inputs input[name="age"]');
  assert.equal(await age.getAttribute('type'), 'number');
  await age.fill('70');
  await age.press('Enter');
  await age.blur();
  await page.selectOption('#view .inputs select[name="primary_site"]', 'pancreas');
  assert.equal(
    await page.locator('#view .results .error').count(),
    0,
    await page.locator('#view .results').innerText(),
  );
  const expected = nativeCalculate({
    op: 'predict',
    model,
    profile: { age: 70, primary_site: 'pancreas' },
  }).result;
  // 0.03 (70 - 62) + log 2 (1 - 0.4): the number reached the core as a number.
  assert.ok(Math.abs(expected.linear_predictor.value - (0.03 * 8 + Math.log(2) * 0.6)) < 1e-12);
  const shown = await shownCards(page);
  assert.deepEqual(
    shown.map(([time]) => time),
    expected.predictions[0].estimates.map((item) => item.time),
  );
  for (const [time, value] of shown) {
    const row = expected.predictions[0].estimates.find((item) => item.time === time);
    assert.ok(
      Math.abs(value - row.estimate) <= 1e-12,
      `DFS at ${time} y: page ${value} vs core ${row.estimate}`,
    );
  }
  // Outside the development range: the core's caveat is shown, the number is still used.
  await age.fill('90');
  await age.press('Enter');
  await page.waitForSelector('#view .warnings li[data-code="outside_development_range"]');
  assert.deepEqual(problems, []);
  await context.close();
});

// Regression (issue 11): the years slider (max 9.5) and the 0-10 year grid were fixed, so a model
// whose max_time is 5 warned on every call and took disease-free times it cannot support.
test("the model's max_time bounds the years slider, the curve, the chart and the text", async (t) => {
  if (!existsSync(cli)) {
    t.skip(`${cli} is missing: build native-debug first`);
    return;
  }
  const { file } = ageFixture();
  const { page, context, problems } = await openPage();
  await loadInstitutionModel(page, file);
  const years = page.locator('#view input[name="t0"]');
  assert.equal(await page.locator('#view input[type="range"]').getAttribute('max'), '4.5');
  assert.match(
    await page.locator('#view .field-years .hint').innerText(),
    /nothing from 5 years on/,
  );
  assert.deepEqual(
    (await shownCards(page)).map(([time]) => time),
    [1, 3, 5],
  );
  assert.equal(
    await page.locator('#view .warnings li[data-code="extrapolation_beyond_max_time"]').count(),
    0,
    "no extrapolation warning: the page asks for nothing beyond the model's limit",
  );
  const ticks = await page
    .locator('#view .curve-chart .axis')
    .first()
    .locator('.tick text')
    .allTextContents();
  assert.equal(ticks[ticks.length - 1], '5', `the time axis ends at max_time: ${ticks.join(' ')}`);
  await years.fill('9'); // beyond the limit: kept as typed, and the page says why (issue 15)
  await years.press('Enter');
  await years.blur();
  assert.equal(await years.inputValue(), '9');
  assert.match(
    await page.locator('#view .field-years .field-problem').innerText(),
    /9 years is at or beyond the model's limit of 5 years/,
  );
  assert.deepEqual(await shownCards(page), []);
  await years.fill('4.5');
  await years.press('Enter');
  await years.blur();
  assert.deepEqual(
    (await shownCards(page)).map(([time]) => time),
    [5],
  );
  assert.equal(await page.locator('#view .results .error').count(), 0);
  const tableYears = await page
    .locator('#view figure.chart .chart-table tbody')
    .first()
    .locator('th')
    .allTextContents();
  assert.deepEqual(
    tableYears,
    ['5'],
    'the curve table: whole years from t0 = 4.5 to max_time only',
  );
  assert.deepEqual(problems, []);
  await context.close();
});
