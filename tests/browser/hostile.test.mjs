// Hostile input in the browser (issue 7), beyond what calculator.test.mjs and cohort.test.mjs
// already check (CSP violations, other-origin requests, an unlisted embedding parent, a hostile
// CSV header in the preview): markup and script in a cohort file's category labels, column
// headers and file name through the whole report and its exports, with CSP bypassed so that the
// page's own rendering is what is tested; malformed postMessage traffic from the configured host;
// and the CSP itself, served and in the single file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, startServers, singleFile, repositoryRoot } from './support.mjs';

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

function watch(page) {
  const problems = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // Chromium's own favicon fetch for a page without one (the test's host page) is no finding.
    if (
      /status of 404/.test(message.text()) &&
      /\/favicon\.ico$/.test(message.location().url ?? '')
    )
      return;
    problems.push(`${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return problems;
}

// The demo cohort with markup in headers and labels (no commas or quotes, so the CSV stays plain).
const payload = {
  primaryHeader: 'javascript:window.__pwned=13//<b>primary</b>',
  siteHeader: '<script>window.__pwned=12</script>recurrence_site',
  labels: {
    pancreas: '<img src=x onerror=window.__pwned=21>',
    small_bowel: '<script>window.__pwned=22</script>',
    extrahepatic: '<a href=javascript:window.__pwned=23>extrahepatic</a>',
    intra_arterial: '<svg onload=window.__pwned=24>',
    chemotherapy: '<iframe src=javascript:window.__pwned=25>',
  },
  fileName: '<img src=x onerror=window.__pwned=31>.csv',
};

function hostileCohort() {
  const lines = readFileSync(join(repositoryRoot, 'public', 'data', 'demo-cohort.csv'), 'utf8')
    .trim()
    .split('\n');
  const header = lines[0]
    .split(',')
    .map((name) =>
      name === 'primary_site'
        ? payload.primaryHeader
        : name === 'recurrence_site'
          ? payload.siteHeader
          : name,
    );
  const rows = lines.slice(1).map((line) =>
    line
      .split(',')
      .map((cell) => payload.labels[cell] ?? cell)
      .join(','),
  );
  const path = join(mkdtempSync(join(tmpdir(), 'nelm-hostile-')), payload.fileName);
  writeFileSync(path, [header.join(','), ...rows].join('\n') + '\n');
  return path;
}

test('a hostile cohort file: markup in labels, headers and file name is rendered as text everywhere, nothing runs', async () => {
  // bypassCSP: the CSP would block inline handlers anyway; without it, text rendering is what
  // stands between the file and the page.
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
    bypassCSP: true,
  });
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(`${servers.siteOrigin}/index.html#view=cohort`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
  // Every element the page adds from now on, and every status text it shows.
  await page.evaluate(() => {
    window.__created = [];
    window.__statuses = [];
    const suspicious = (node) =>
      ['IMG', 'SCRIPT', 'B', 'IFRAME', 'OBJECT', 'EMBED'].includes(node.tagName?.toUpperCase()) ||
      (node.tagName?.toUpperCase() === 'A' &&
        /^\s*javascript:/i.test(node.getAttribute('href') ?? '')) ||
      [...(node.attributes ?? [])].some((attribute) => /^on/i.test(attribute.name));
    new MutationObserver((records) => {
      for (const record of records) {
        for (const node of record.addedNodes) {
          if (node.nodeType !== 1) continue;
          for (const element of [node, ...node.querySelectorAll('*')]) {
            if (suspicious(element)) window.__created.push(element.outerHTML.slice(0, 200));
          }
        }
        if (
          record.target.closest?.('.cohort-status') ||
          record.target.parentElement?.closest?.('.cohort-status')
        ) {
          window.__statuses.push(document.querySelector('#view .cohort-status').textContent);
        }
      }
    }).observe(document.body, {
      childList: true,
      subtree: true,
      characterData: true,
      attributes: true,
    });
  });

  await page.setInputFiles('#view input[type="file"]', hostileCohort());
  await page.waitForSelector('#view[data-state="parsed"]', { timeout: 30000 });
  assert.equal(
    await page.evaluate((head) => {
      const box = [...document.querySelectorAll('#view input[data-covariate]')].find(
        (input) => input.dataset.covariate === head,
      );
      box?.click();
      return box?.checked;
    }, payload.primaryHeader),
    true,
    'the hostile header is offered as a covariate, by its literal name',
  );
  await page.click('#view .analyse-button');
  await page.waitForSelector('#view[data-state="report"]', { timeout: 60000 });

  // The strings are there, as text.
  const text = await page.locator('#view').innerText();
  for (const expected of [
    payload.siteHeader,
    payload.primaryHeader,
    payload.labels.extrahepatic,
    payload.labels.intra_arterial,
  ]) {
    assert.ok(text.includes(expected), `shown as text: ${expected}`);
  }
  const statuses = await page.evaluate(() => window.__statuses.join('\n'));
  assert.ok(
    statuses.includes(`Reading ${payload.fileName}`),
    `the file name shown as text; statuses:\n${statuses}`,
  );

  // Exports made from the hostile labels: the SVG figures carry them as escaped text only.
  for (const index of [0, 1, 2, 3]) {
    const button = page.locator('#view .export-svg').nth(index);
    if ((await button.count()) === 0) break;
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    const svg = readFileSync(await download.path(), 'utf8');
    assert.doesNotMatch(
      svg,
      /<(img|script|b|a|iframe)[\s>]|<svg[^>]*\sonload|\son(error|load)=/i,
      `SVG export ${index}`,
    );
  }
  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('#view .export-csv').first().click(),
  ]);
  assert.ok(readFileSync(await csv.path(), 'utf8').length > 0);

  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'no script from the file ran');
  assert.deepEqual(
    await page.evaluate(() => window.__created),
    [],
    'no element from the file was created',
  );
  assert.equal(await page.locator('img, script:not([src]), iframe, b').count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('postMessage: malformed messages, even from the configured host, are ignored without errors or replies', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = watch(page);
  const missing = [];
  page.on('response', (response) => {
    if (response.status() >= 400) missing.push(response.url());
  });
  await page.goto(`${servers.hostOrigin}/host.html`);
  const frameLocator = page.frameLocator('#calculator');
  await frameLocator.locator('body[data-ready="true"]').waitFor({ timeout: 20000 });
  const outcome = await page.evaluate(async (siteOrigin) => {
    const target = document.getElementById('calculator').contentWindow;
    const replies = [];
    window.addEventListener('message', (event) => {
      if (event.origin === siteOrigin) replies.push(event.data);
    });
    const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
    // A valid message first, so that the page knows its host and would answer anything it accepts.
    target.postMessage(
      { type: 'nelm:set-inputs', requestId: 1, view: 'evidence', inputs: {} },
      siteOrigin,
    );
    await wait(1000);
    const first = replies.splice(0).map((reply) => reply.requestId);
    const huge = 'x'.repeat(4 * 1048576);
    const malformed = [
      null,
      undefined,
      0,
      42,
      true,
      'nelm:set-inputs',
      huge,
      [],
      ['nelm:set-inputs'],
      { type: 42 },
      { type: null },
      { type: ['nelm:set-inputs'] },
      { type: 'NELM:SET-INPUTS' },
      { type: 'nelm:set-inputs ' },
      { type: huge },
      { type: 'nelm:results', view: 'cohort' },
      { type: 'nelm:ready' },
      { noType: true, view: 'cohort' },
      new ArrayBuffer(1 << 20),
      new Date(0),
      { type: { toString: null } },
      Object.assign(Object.create(null), { type: 'other' }),
    ];
    for (const message of malformed) target.postMessage(message, siteOrigin);
    await wait(1500);
    return { first, afterMalformed: replies.splice(0).length };
  }, servers.siteOrigin);
  assert.deepEqual(outcome.first, [1], 'the valid message was answered');
  assert.equal(outcome.afterMalformed, 0, 'no reply to a malformed message');
  const frame = page.frames().find((item) => item.url().startsWith(servers.siteOrigin));
  assert.match(frame.url(), /#view=evidence$/, 'the malformed messages changed nothing');

  // The listener survived the malformed traffic: its host is still answered.
  const later = await page.evaluate(async (siteOrigin) => {
    const replies = [];
    window.addEventListener('message', (event) => {
      if (event.origin === siteOrigin) replies.push(event.data);
    });
    document
      .getElementById('calculator')
      .contentWindow.postMessage(
        { type: 'nelm:set-inputs', requestId: 9, view: 'cohort', inputs: {} },
        siteOrigin,
      );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    return replies.map((reply) => reply.requestId);
  }, servers.siteOrigin);
  assert.deepEqual(later, [9], 'the page still answers its host after the malformed messages');
  // The test's host page has no favicon; that 404 is the host's, not the calculator's.
  assert.deepEqual(
    missing.filter((url) => url !== `${servers.hostOrigin}/favicon.ico`),
    [],
  );
  assert.deepEqual(problems, [], 'no error on the console');
  await context.close();
});

function directives(policy) {
  return Object.fromEntries(
    policy
      .split(';')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => {
        const [name, ...values] = part.split(/\s+/);
        return [name, values];
      }),
  );
}

// Sources that would let injected markup or strings run: 'wasm-unsafe-eval' (compiling
// WebAssembly) is the one 'unsafe' keyword allowed.
const unsafeSources = (parsed) =>
  Object.entries(parsed).flatMap(([name, values]) =>
    values
      .filter((value) =>
        ["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", '*', 'http:', 'https:'].includes(
          value.toLowerCase(),
        ),
      )
      .map((value) => `${name} ${value}`),
  );

test('the CSP: no unsafe-inline or unsafe-eval, served or in the single file', async () => {
  for (const path of ['/index.html', '/', '/nelm_core.js']) {
    const response = await fetch(`${servers.siteOrigin}${path}`);
    const policy = response.headers.get('content-security-policy');
    assert.ok(policy, `${path} is served with a CSP`);
    const parsed = directives(policy);
    assert.deepEqual(unsafeSources(parsed), [], `${path}: ${policy}`);
    assert.deepEqual(parsed['script-src'], ["'self'", "'wasm-unsafe-eval'"]);
    assert.deepEqual(parsed['object-src'], ["'none'"]);
    assert.ok(parsed['frame-ancestors'], 'framing is restricted');
  }
  const html = readFileSync(singleFile, 'utf8');
  const metas = [
    ...html.matchAll(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/gi),
  ].map((m) => m[1]);
  assert.equal(metas.length, 1, 'one meta CSP in the single file');
  const policy = metas[0];
  const parsed = directives(policy);
  assert.deepEqual(unsafeSources(parsed), [], policy);
  assert.deepEqual(parsed['default-src'], ["'none'"]);
  for (const source of parsed['script-src'])
    assert.match(source, /^'(sha256-[A-Za-z0-9+/=]+|wasm-unsafe-eval)'$/);
  // The cohort worker starts from a Blob of the page's own inline code: blob: workers only.
  assert.deepEqual(parsed['worker-src'], ['blob:']);
  // The meta CSP comes before any script, or it would not govern it.
  assert.ok(
    html.indexOf(metas[0]) < html.search(/<script/i),
    'the meta CSP precedes the first script',
  );
  // No inline event handler or javascript: URL in the built markup.
  for (const file of [singleFile, join(repositoryRoot, 'build', 'site', 'index.html')]) {
    const markup = readFileSync(file, 'utf8')
      .replace(/<script[\s\S]*?<\/script>/gi, '')
      .replace(/<style[\s\S]*?<\/style>/gi, '');
    assert.doesNotMatch(markup, /\son[a-z]+\s*=|javascript:/i, file);
  }
});
