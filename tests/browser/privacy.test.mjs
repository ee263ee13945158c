// Privacy (issue 7): every view and feature in turn, on the nginx-served site and on the single
// file over file://, with every request recorded (page, frames, workers, data: URLs). Afterwards:
// no request beyond the page's own origin (none but the file itself for the single file), nothing
// in localStorage, sessionStorage, IndexedDB, Cache Storage or cookies, and no URL that ever
// carried a patient input in its query string (inputs belong after '#', which is never sent).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launchBrowser, startServers, singleFile } from './support.mjs';

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

// A context whose every request (including those of dedicated workers) and every URL the page
// showed are recorded.
async function openRecorded(url) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const requests = [];
  const visited = [];
  const problems = [];
  context.on('request', (request) => requests.push(request.url()));
  page.on('worker', (worker) => {
    requests.push(`worker ${worker.url()}`);
  });
  page.on('framenavigated', (frame) => visited.push(frame.url()));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
  const look = async () => visited.push(await page.evaluate(() => location.href));
  return { context, page, requests, visited, problems, look };
}

const clickView = (page, view) => page.click(`[data-view="${view}"]`);

// Every select gets its last option, every number field a value; returns what was entered.
async function fillEverything(page) {
  const entered = {};
  for (const select of await page.locator('#view .inputs select').all()) {
    const options = await select.locator('option').evaluateAll((list) => list.map((o) => o.value));
    const value = options[options.length - 1];
    await select.selectOption(value);
    entered[await select.getAttribute('name')] = value;
  }
  const t0 = page.locator('#view input[name="t0"]');
  if ((await t0.count()) > 0) {
    await t0.fill('2.75');
    await t0.press('Enter');
    await t0.blur();
    entered.t0 = '2.75';
  }
  return entered;
}

// The calculator's own features, common to the site and the single file.
async function exerciseCalculator(session) {
  const { page, look } = session;
  const entered = {};
  await clickView(page, 'after-surgery');
  Object.assign(entered, await fillEverything(page));
  assert.ok(
    (await page.locator('#view .estimate-cards .card').count()) > 0,
    'after surgery shows estimates',
  );
  await look();
  await clickView(page, 'at-recurrence');
  Object.assign(entered, await fillEverything(page));
  await look();
  await clickView(page, 'evidence');
  await page.waitForSelector('.self-test-status[data-passed]', { state: 'attached' });
  assert.equal(
    await page.locator('.self-test-status').getAttribute('data-passed'),
    await page.locator('.self-test-status').getAttribute('data-total'),
    'the self-test passes',
  );
  await look();
  // A patient identifier typed for the printout, the share link, its copy button and print.
  await page.locator('.print-details summary').click();
  await page.fill('#print-patient', 'MRN-PRIVACY-98765');
  await page.fill('#print-birth', '1950-01-31');
  await page.fill('#print-clinician', 'Dr Privacy');
  await clickView(page, 'after-surgery');
  const link = await page.locator('#share-link').inputValue();
  assert.ok(link.includes('#'), 'the share link carries its state in the fragment');
  assert.doesNotMatch(link, /98765|1950|Privacy/, 'the printout details are not in the share link');
  await page.click('#copy-link');
  await page.waitForFunction(() => document.getElementById('copy-status').textContent !== '');
  await page.evaluate(() => {
    window.print = () => {
      window.__printed = true;
    };
  });
  await page.click('#print-button');
  assert.equal(await page.evaluate(() => window.__printed), true, 'the print button prints');
  await page.emulateMedia({ media: 'print' });
  await page.pdf({ format: 'A4' });
  await page.emulateMedia({ media: 'screen' });
  await page.goto(link);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
  assert.equal(
    await page.locator('#share-link').inputValue(),
    link,
    'the share link restores the view',
  );
  await look();
  return { entered, link };
}

async function storageAfterwards(context, page) {
  const inPage = await page.evaluate(async () => ({
    localStorage: Object.keys(localStorage),
    sessionStorage: Object.keys(sessionStorage),
    indexedDB: indexedDB.databases ? (await indexedDB.databases()).map((db) => db.name) : [],
    caches: globalThis.caches ? await caches.keys() : [],
    serviceWorkers:
      location.protocol === 'file:' ? 0 : (await navigator.serviceWorker.getRegistrations()).length,
    cookie: document.cookie,
  }));
  return { ...inPage, cookies: (await context.cookies()).map((cookie) => cookie.name) };
}

const emptyStorage = {
  localStorage: [],
  sessionStorage: [],
  indexedDB: [],
  caches: [],
  serviceWorkers: 0,
  cookie: '',
  cookies: [],
};

// No URL may have a query string: patient inputs only ever after '#'.
function urlsWithQuery(urls) {
  return urls
    .map((url) => url.replace(/^worker /, ''))
    .filter((url) => {
      if (url.startsWith('data:') || url.startsWith('blob:') || url === 'about:blank') return false;
      return new URL(url).search !== '';
    });
}

test('the served site: every view and feature, no request beyond its own files, nothing stored, no inputs in a query string', async () => {
  const session = await openRecorded(`${servers.siteOrigin}/index.html#view=after-surgery`);
  const { context, page, requests, visited, problems, look } = session;
  const { entered } = await exerciseCalculator(session);

  // Your cohort: the demo CSV, the report, calibration and every export.
  await clickView(page, 'cohort');
  await page.click('#view .demo-button');
  await page.waitForSelector('#view[data-state="parsed"]', { timeout: 30000 });
  await page.check('#view input[data-covariate="primary_site"]');
  await page.click('#view .analyse-button');
  await page.waitForSelector('#view[data-state="report"]', { timeout: 60000 });
  const downloads = [];
  for (const selector of [
    '#view .export-csv',
    '#view .export-svg',
    '#view .export-png',
    '#view .export-model',
  ]) {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator(selector).first().click(),
    ]);
    downloads.push(download.suggestedFilename());
  }
  assert.equal(downloads.length, 4);
  await page.click('#view .calibrate-button');
  await page.waitForSelector('#view [data-key="cal-slope-1"]', { timeout: 30000 });
  await look();
  if (process.env.NELM_PRIVACY_VERBOSE) console.log(requests.join('\n'));

  const own = servers.siteOrigin;
  const foreign = requests.filter((entry) => {
    const url = entry.replace(/^worker /, '');
    if (url.startsWith('data:') || url.startsWith('blob:')) return false;
    return new URL(url).origin !== own;
  });
  assert.deepEqual(foreign, [], `requests beyond ${own}; all requests:\n${requests.join('\n')}`);
  assert.ok(
    requests.some((url) => url.startsWith('worker ')),
    'the cohort worker was seen (its requests are recorded)',
  );
  assert.deepEqual(await storageAfterwards(context, page), emptyStorage);
  assert.deepEqual(
    urlsWithQuery([...visited, ...requests]),
    [],
    `URLs with a query string:\n${[...visited, ...requests].join('\n')}`,
  );
  // The inputs were in the fragment, and the identifier typed for the printout never in any URL.
  assert.ok(
    visited.some((url) => url.includes('t0=2.75')),
    `t0 in a fragment; visited:\n${visited.join('\n')}`,
  );
  assert.ok(Object.keys(entered).length > 2, 'inputs were entered');
  assert.deepEqual(
    [...visited, ...requests].filter((url) => url.includes('98765')),
    [],
  );
  // The server's log agrees: nothing but plain paths were asked for.
  const log = readFileSync(`${servers.work}/access.log`, 'utf8');
  assert.doesNotMatch(log, /"GET [^" ]*\?/, 'no request with a query string reached the server');
  assert.doesNotMatch(log, /98765|t0=/, 'no input reached the server');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the single file over file://: every view and feature, no request but the file itself, nothing stored', async () => {
  const session = await openRecorded(`file://${singleFile}#view=after-surgery`);
  const { context, page, requests, visited, problems, look } = session;
  await exerciseCalculator(session);
  // Your cohort works from disk too (issue 15 point 7): the worker starts from a Blob of the
  // page's own inline code (the single file's CSP allows blob: workers only) and the SYNTHETIC
  // demo cohort rides in the page; a chosen file is read in the worker. No request is made.
  await clickView(page, 'cohort');
  await page.click('#view .demo-button');
  await page.waitForSelector('#view[data-state="parsed"]', { timeout: 30000 });
  await page.check('#view input[data-covariate="primary_site"]');
  await page.click('#view .analyse-button');
  await page.waitForSelector('#view[data-state="report"]', { timeout: 60000 });
  assert.equal(
    await page.locator('#view [data-key="summary-n"]').getAttribute('data-value'),
    '322',
  );
  const [problemsCsv] = await Promise.all([
    page.waitForEvent('download'),
    page.click('#view .export-analysis-data'),
  ]);
  assert.equal(problemsCsv.suggestedFilename(), 'cohort-analysis-data.csv');
  await page.setInputFiles(
    '#view input[type="file"]',
    fileURLToPath(new URL('../fixtures/cohort/rotterdam-european.csv', import.meta.url)),
  );
  await page.waitForSelector('#view[data-state="parsed"]', { timeout: 30000 });
  await page.click('#view .analyse-button');
  await page.waitForSelector('#view[data-state="report"]', { timeout: 60000 });
  assert.equal(
    await page.locator('#view [data-key="summary-n"]').getAttribute('data-value'),
    '400',
  );
  assert.ok(
    requests.some((url) => /^worker blob:null\//.test(url)),
    'the cohort worker ran from a Blob',
  );
  await look();

  const others = requests.filter(
    (url) => !/^(worker )?(data|blob):/.test(url) && url.split('#')[0] !== `file://${singleFile}`,
  );
  assert.deepEqual(
    others,
    [],
    `requests other than the file itself; all requests:\n${requests.join('\n')}`,
  );
  assert.deepEqual(await storageAfterwards(context, page), { ...emptyStorage, caches: [] });
  assert.deepEqual(urlsWithQuery([...visited, ...requests]), []);
  assert.deepEqual(problems, []);
  await context.close();
});
