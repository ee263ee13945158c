// What the clinician reads on the After surgery view with the personalised model (issue 12): the
// published whole-cohort numbers first and exactly as published, the modelled estimate second with
// a model range (never "95% CI"), S4's figure beside the cure probability with the disagreement
// named, the resection caveat next to the input and on the estimates; screenshots of the profiles.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, startServers, ensureResultsDirectory, repositoryRoot } from './support.mjs';

// The published numbers from their one transcription.
const evidence = JSON.parse(readFileSync(join(repositoryRoot, 'models', 'evidence.json'), 'utf8'));
const cureEvidence = JSON.parse(
  readFileSync(join(repositoryRoot, 'models', 'cure-regression-evidence.json'), 'utf8'),
);
const percentValue = (value) => Number(`${value}e-2`);

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

async function openProfile(inputs) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  const fragment = new URLSearchParams({ view: 'after-surgery', ...inputs }).toString();
  await page.goto(`${servers.siteOrigin}/index.html#${fragment}`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
  await page.waitForSelector('.personalised-modelled .estimate-cards .card', { timeout: 20000 });
  return { page, context, problems };
}

const text = (page, selector) =>
  page.locator(selector).evaluateAll((nodes) => nodes.map((node) => node.textContent).join(' '));

test('all unknown: the published S1 numbers come first, exactly, then the modelled estimate as a model range', async () => {
  const { page, context, problems } = await openProfile({});
  const published = await page
    .locator('.published-headline .estimate-cards .card')
    .evaluateAll((cards) =>
      cards.map((card) => [
        Number(card.dataset.time),
        Number(card.querySelector('.card-value').dataset.value),
        card.className,
      ]),
    );
  const points = evidence.dfs.points.filter((point) => point.quantity === 'survival');
  assert.deepEqual(
    published.map(([time, value]) => [time, value]),
    points.map((point) => [point.time, percentValue(point.value)]),
  );
  assert.ok(published.every(([, , className]) => className.includes('tag-published')));
  const median = evidence.dfs.points.find((point) => point.quantity === 'median');
  assert.match(await text(page, '.published-median'), new RegExp(`${median.value} years`));
  // Published before modelled in the reading order.
  const order = await page
    .locator('.personalised-estimates > section')
    .evaluateAll((nodes) => nodes.map((node) => node.className));
  assert.deepEqual(order, ['published-headline', 'personalised-modelled']);
  const modelled = await text(page, '.personalised-modelled');
  assert.match(modelled, /model range/);
  assert.doesNotMatch(modelled, /95% CI/);
  assert.match(modelled, /Modelled/);
  // The cure probability stands beside S4's published 44% with its definition.
  const whole = cureEvidence.cure_profiles.whole_cohort.value;
  assert.match(await text(page, '.cure-published'), new RegExp(`${whole}%.*S4`));
  assert.match(modelled, /never comes back/);
  // The chart and the table say model range too.
  assert.match(await text(page, '.chart-table'), /model range/);
  // "95% CI" only where a published point says none was published.
  assert.doesNotMatch(await text(page, '.results .chart-table tbody'), /95% CI(?! published)/);
  await page.screenshot({
    path: join(ensureResultsDirectory(), 'personalised-all-unknown.png'),
    fullPage: true,
  });
  assert.deepEqual(problems, []);
  await context.close();
});

test("S4's best profile: the published 95% stands beside the model, and the disagreement is named", async () => {
  const { page, context, problems } = await openProfile({
    grade: 'well',
    primary: 'non_pancreatic',
    liver_involvement: 'under_50',
  });
  const profile = await text(page, '.cure-profile');
  assert.match(profile, /S4 published 95% cured/);
  assert.match(profile, /The sources disagree/);
  assert.equal(await page.locator('.cure-profile.sources-disagree').count(), 1);
  assert.equal(
    await page.locator('.results .warnings li[data-code="cure_profile_disagrees"]').count(),
    1,
  );
  await page.screenshot({
    path: join(ensureResultsDirectory(), 'personalised-s4-best.png'),
    fullPage: true,
  });
  assert.deepEqual(problems, []);
  await context.close();
});

test('resection is a choice: its caveat sits next to the input and on the estimates it changes', async () => {
  const surgeon = { primary: 'pancreatic', grade: 'moderate', lymph_nodes: 'positive' };
  const before = await openProfile(surgeon);
  assert.match(
    await text(before.page, 'select[name="resection"] ~ .choice-note'),
    /confounded by indication/,
  );
  assert.equal(
    await before.page.locator('.choice-caveat').count(),
    0,
    'no choice caveat while resection is unknown',
  );
  await before.page.screenshot({
    path: join(ensureResultsDirectory(), 'personalised-pancreatic-moderate-node-positive.png'),
    fullPage: true,
  });
  await before.context.close();
  const { page, context, problems } = await openProfile({
    ...surgeon,
    resection: 'parenchymal_sparing',
  });
  assert.match(
    await text(page, '.choice-caveat'),
    /depends on this choice.*confounded by indication/,
  );
  const modelled = await text(page, '.personalised-modelled');
  assert.doesNotMatch(modelled, /what if/i);
  assert.doesNotMatch(modelled, /95% CI/);
  await page.screenshot({
    path: join(ensureResultsDirectory(), 'personalised-parenchymal-sparing.png'),
    fullPage: true,
  });
  assert.deepEqual(problems, []);
  await context.close();
});

test('poor differentiation never reads better than moderate', async () => {
  const fiveYear = async (grade) => {
    const { page, context } = await openProfile({ grade, primary: 'pancreatic' });
    const value = await page
      .locator('.personalised-modelled .estimate-cards .card[data-time="5"] .card-value')
      .getAttribute('data-value');
    await context.close();
    return Number(value);
  };
  assert.ok((await fiveYear('poor')) <= (await fiveYear('moderate')));
});
