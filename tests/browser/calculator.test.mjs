// The calculator in Debian's Chromium: the built site behind nginx with a strict CSP, the page in
// an iframe on another origin driven by postMessage, the single file over file://, the share link,
// and screenshots of every view at desktop and phone width (the print layouts, axe-core, widths,
// wording and keyboard: clinic.test.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  launchBrowser,
  startServers,
  recordRequests,
  foreignRequests,
  singleFile,
  loadCore,
  ensureResultsDirectory,
  repositoryRoot,
} from './support.mjs';

const views = ['after-surgery', 'at-recurrence', 'evidence', 'cohort', 'about'];
const widths = { desktop: { width: 1366, height: 900 }, phone: { width: 390, height: 844 } };
const exampleCount = readdirSync(join(repositoryRoot, 'docs', 'examples')).filter((name) =>
  name.endsWith('.response.json'),
).length;

let browser;
let servers;
let core;
before(async () => {
  servers = startServers();
  browser = await launchBrowser();
  core = await loadCore();
});
after(async () => {
  await browser?.close();
  servers?.stop();
});

// A page that records its requests and fails the test on a CSP violation or a script error.
async function openPage(url, { viewport = widths.desktop, bypassCSP = false } = {}) {
  const context = await browser.newContext({ viewport, bypassCSP });
  const page = await context.newPage();
  const requests = recordRequests(page);
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
  return { page, context, requests, problems };
}

const siteUrl = (fragment) => `${servers.siteOrigin}/index.html#${fragment}`;

// The model files the site was built with (scripts/build.sh honours NELM_MODELS_DIR too), by the
// role each declares (docs/models.md).
function shippedModel(role) {
  const directory = process.env.NELM_MODELS_DIR
    ? resolve(process.env.NELM_MODELS_DIR)
    : join(repositoryRoot, 'public', 'models');
  if (!existsSync(directory)) return null;
  for (const name of readdirSync(directory)
    .filter((file) => file.endsWith('.json'))
    .sort()) {
    const model = JSON.parse(readFileSync(join(directory, name), 'utf8'));
    if (model.role === role) return model;
  }
  return null;
}

test('the served site runs under a strict CSP and its self-test passes', async () => {
  const { page, context, requests, problems } = await openPage(siteUrl('view=evidence'));
  const status = page.locator('.self-test-status');
  assert.equal(await status.getAttribute('data-total'), String(exampleCount));
  assert.equal(await status.getAttribute('data-passed'), String(exampleCount));
  assert.deepEqual(problems, []);
  assert.deepEqual(foreignRequests(requests, [servers.siteOrigin]), []);
  assert.ok(
    requests.some((url) => url.endsWith('/nelm_core.wasm')),
    'the wasm file was fetched',
  );
  await context.close();
});

// With the personalised model installed the view answers with it (beneath the published numbers).
test("after-surgery estimates equal the core's predict for the same inputs", async (t) => {
  const personalised = shippedModel('after_surgery_personalised');
  const model = personalised ?? shippedModel('after_surgery');
  if (!model) {
    t.skip('no model with role "after_surgery" in the models the site was built with');
    return;
  }
  const { page, context, requests, problems } = await openPage(siteUrl('view=after-surgery'));
  const profile = {};
  for (const select of await page.locator('.inputs select').all()) {
    const options = await select.locator('option').evaluateAll((list) => list.map((o) => o.value));
    const value = options[options.length - 1];
    await select.selectOption(value);
    profile[await select.getAttribute('name')] = value;
  }
  await page.locator('input[name="t0"]').fill('2');
  await page.locator('input[name="t0"]').press('Enter');
  await page.locator('input[name="t0"]').blur();
  const request = { op: 'predict', model, profile, condition_time: 2 };
  const response = JSON.parse(core.calculate(JSON.stringify(request)));
  assert.equal(response.ok, true, JSON.stringify(response.error));
  const cards = personalised
    ? '.personalised-modelled .estimate-cards .card'
    : '.estimate-cards .card';
  const shown = await page
    .locator(cards)
    .evaluateAll((cards) =>
      cards.map((card) => [
        Number(card.dataset.time),
        Number(card.querySelector('.card-value').dataset.value),
      ]),
    );
  assert.equal(shown.length, 3, 'cards at 3, 5 and 10 years for a patient disease-free at 2 years');
  const estimates = response.result.predictions[0].estimates;
  for (const [time, value] of shown) {
    const expected = estimates.find((item) => item.time === time);
    assert.ok(expected, `the core has an estimate at ${time}`);
    assert.equal(value, expected.estimate);
  }
  assert.deepEqual(problems, []);
  assert.deepEqual(foreignRequests(requests, [servers.siteOrigin]), []);
  await context.close();
});

test('embedded on another origin, the page answers postMessage from that origin only', async () => {
  const context = await browser.newContext({ viewport: widths.desktop });
  const page = await context.newPage();
  const requests = recordRequests(page);
  await page.goto(`${servers.hostOrigin}/host.html`);
  const frame = page.frameLocator('#calculator');
  await frame.locator('body[data-ready="true"]').waitFor({ timeout: 20000 });
  const reply = await page.evaluate(
    (siteOrigin) =>
      new Promise((resolve, reject) => {
        window.addEventListener('message', (event) => {
          if (event.origin === siteOrigin && event.data?.type === 'nelm:results')
            resolve(event.data);
        });
        setTimeout(() => reject(new Error('no reply')), 10000);
        document
          .getElementById('calculator')
          .contentWindow.postMessage(
            { type: 'nelm:set-inputs', requestId: 7, view: 'evidence', inputs: {} },
            siteOrigin,
          );
      }),
    servers.siteOrigin,
  );
  assert.equal(reply.requestId, 7);
  assert.equal(reply.view, 'evidence');
  await frame.locator('h2', { hasText: 'Evidence' }).waitFor();
  assert.deepEqual(foreignRequests(requests, [servers.siteOrigin, servers.hostOrigin]), []);
  await context.close();

  // The site's own origin is not a configured embedding origin: its messages are ignored.
  const other = await openPage(`${servers.siteOrigin}/index.html#view=cohort`);
  const ignored = await other.page.evaluate(
    () =>
      new Promise((resolve) => {
        const frame = document.createElement('iframe');
        frame.src = 'index.html#view=cohort';
        frame.addEventListener('load', () => {
          window.addEventListener('message', (event) => {
            if (event.data?.type === 'nelm:results') resolve('answered');
          });
          setTimeout(() => {
            frame.contentWindow.postMessage(
              { type: 'nelm:set-inputs', view: 'evidence', inputs: {} },
              '*',
            );
            setTimeout(() => resolve(frame.contentDocument.querySelector('h2')?.textContent), 1500);
          }, 1500);
        });
        document.body.append(frame);
      }),
  );
  assert.equal(ignored, 'Your cohort');
  await other.context.close();
});

test('the single file opens over file:// and makes no network request', async () => {
  const { page, context, requests, problems } = await openPage(
    `file://${singleFile}#view=evidence`,
  );
  const status = page.locator('.self-test-status');
  assert.equal(await status.getAttribute('data-passed'), String(exampleCount));
  assert.deepEqual(problems, []);
  assert.deepEqual(
    requests.filter((url) => !url.startsWith('data:')).map((url) => url.split('#')[0]),
    [`file://${singleFile}`],
    'the one file itself, nothing else',
  );
  await context.close();
});

test('the single file in a browser without DecompressionStream says why it cannot start', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(() => {
    delete globalThis.DecompressionStream;
  });
  const requests = recordRequests(page);
  await page.goto(`file://${singleFile}`);
  await page.waitForSelector('body[data-ready="error"]', { timeout: 20000 });
  assert.match(
    await page.locator('[role="alert"]').innerText(),
    /could not be loaded: this browser cannot unpack the single-file calculator .*Firefox 113/,
  );
  assert.deepEqual(
    requests.filter((url) => !url.startsWith('data:')).map((url) => url.split('#')[0]),
    [`file://${singleFile}`],
  );
  await context.close();
});

test('the share link restores the same view and inputs', async () => {
  const { page, context } = await openPage(siteUrl('view=after-surgery'));
  const years = page.locator('input[name="t0"]');
  if ((await years.count()) === 0) {
    // No DFS model: the link still carries the view.
    await page.getByRole('button', { name: 'Evidence' }).click();
  } else {
    await years.fill('3.5');
    await years.blur();
  }
  const link = await page.locator('#share-link').inputValue();
  assert.match(link, /#view=/);
  const restored = await openPage(link);
  assert.equal(await restored.page.locator('#share-link').inputValue(), link);
  if ((await years.count()) > 0) {
    assert.equal(await restored.page.locator('input[name="t0"]').inputValue(), '3.5');
  }
  await page.locator('.print-details summary').click();
  await page.locator('#print-patient').fill('MRN 12345');
  assert.doesNotMatch(await page.locator('#share-link').inputValue(), /12345/);
  await restored.context.close();
  await context.close();
});

test('screenshots of every view at desktop and phone width', async () => {
  const directory = ensureResultsDirectory();
  for (const [size, viewport] of Object.entries(widths)) {
    for (const view of views) {
      const { page, context, problems } = await openPage(siteUrl(`view=${view}`), { viewport });
      await page.screenshot({ path: join(directory, `${view}-${size}.png`), fullPage: true });
      assert.deepEqual(problems, [], `${view} at ${size}`);
      await context.close();
    }
  }
});
