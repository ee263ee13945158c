// What the page writes into addresses and what a flood of messages costs: the share link carries
// only the view, the models' inputs and t0 (never the page's query string or unknown fragment
// keys); input changes add no History entry and leave no profile in the browser's History
// database; 2,000 valid postMessages from the configured host are coalesced (last one wins).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { launchBrowser, startServers, chromiumArguments } from './support.mjs';

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

async function ready(page, url) {
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
}

// The after-surgery view's selects with their options, and the t0 field.
async function selects(page) {
  const found = [];
  for (const select of await page.locator('#view .inputs select').all()) {
    found.push({
      name: await select.getAttribute('name'),
      options: await select.locator('option').evaluateAll((list) => list.map((o) => o.value)),
    });
  }
  return found;
}

// Several input changes, as a clinician entering two profiles would make.
async function changeInputs(page, t0Values) {
  for (const { name, options } of await selects(page)) {
    for (const value of options.slice(-2))
      await page.selectOption(`#view select[name="${name}"]`, value);
  }
  const t0 = page.locator('#view input[name="t0"]');
  for (const value of t0Values) {
    await t0.fill(value);
    await t0.press('Enter');
  }
  await page.getByRole('button', { name: 'At recurrence' }).click();
  await page.getByRole('button', { name: 'After surgery' }).click();
  await page.waitForTimeout(600); // the address is rewritten when the page is idle (<= 200 ms)
}

test('the share link carries only the view, the model inputs and t0', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const probe = await context.newPage();
  await ready(probe, `${servers.siteOrigin}/index.html#view=after-surgery`);
  const [first] = await selects(probe);
  await probe.close();
  assert.ok(first, 'the after-surgery view has a select input');
  const level = first.options[first.options.length - 1];
  await ready(
    page,
    `${servers.siteOrigin}/index.html?mrn=PATIENT-12345#view=after-surgery` +
      `&name=John%20Doe&dob=1950-01-01&${first.name}=${level}&t0=2&__proto__=x&constructor=y`,
  );
  const link = await page.locator('#share-link').inputValue();
  const url = new URL(link);
  assert.equal(url.search, '', 'no query string in the link');
  assert.equal(`${url.origin}${url.pathname}`, `${servers.siteOrigin}/index.html`);
  assert.deepEqual(
    [...new URLSearchParams(url.hash.slice(1)).keys()].sort(),
    [first.name, 't0', 'view'].sort(),
  );
  assert.doesNotMatch(link, /mrn|PATIENT|John|dob|1950|proto|constructor/);
  assert.equal(new URLSearchParams(url.hash.slice(1)).get(first.name), level);
  // The page shows the link's inputs and keeps the opened link in the address (a reload keeps
  // it) until an input changes; then the address holds the view only, the link the new inputs.
  assert.equal(await page.locator(`#view select[name="${first.name}"]`).inputValue(), level);
  await page.waitForTimeout(600);
  assert.match(await page.evaluate(() => location.hash), /t0=2/);
  await page.locator('#view input[name="t0"]').fill('3.5');
  await page.locator('#view input[name="t0"]').press('Enter');
  assert.match(await page.locator('#share-link').inputValue(), /t0=3\.5/);
  await page.waitForTimeout(600);
  assert.equal(await page.evaluate(() => location.hash), '#view=after-surgery');
  await context.close();
});

test('input changes add no History entry and keep no inputs in the address', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await ready(page, `${servers.siteOrigin}/index.html#view=after-surgery`);
  const cdp = await context.newCDPSession(page);
  const before = await cdp.send('Page.getNavigationHistory');
  const lengthBefore = await page.evaluate(() => history.length);
  await changeInputs(page, ['1', '2.5', '4', '6.25']);
  const navigation = await cdp.send('Page.getNavigationHistory');
  assert.equal(await page.evaluate(() => history.length), lengthBefore, 'history.length unchanged');
  assert.equal(navigation.entries.length, before.entries.length, 'no navigation entry per change');
  for (const entry of navigation.entries) {
    assert.doesNotMatch(
      entry.url,
      /t0=|=high|=low|=yes|=no/,
      `an entry holds inputs: ${entry.url}`,
    );
  }
  assert.equal(
    await page.evaluate(() => location.hash),
    '#view=after-surgery',
    'only the view in the address',
  );
  assert.match(
    await page.locator('#share-link').inputValue(),
    /t0=6\.25/,
    'the link has the inputs',
  );
  await context.close();
});

test("the browser's History database keeps no profile entered on the page", async () => {
  const profile = mkdtempSync(join(tmpdir(), 'nelm-history-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: chromiumArguments,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await ready(page, `${servers.siteOrigin}/index.html#view=after-surgery`);
  const entered = await selects(page);
  await changeInputs(page, ['7.25', '8.75']);
  await context.close(); // writes the History database
  const databaseFile = join(profile, 'Default', 'History');
  assert.ok(existsSync(databaseFile), 'Chromium kept a History database');
  const database = readFileSync(databaseFile).toString('latin1');
  rmSync(profile, { recursive: true, force: true });
  // The visit itself is recorded (so the test can see what the database holds) ...
  assert.ok(
    database.includes('index.html#view=after-surgery'),
    'the visit is in the History database',
  );
  // ... but no entered value: neither t0 nor any select's chosen level.
  assert.doesNotMatch(database, /t0=7\.25|t0=8\.75/);
  for (const { name, options } of entered) {
    for (const value of options.slice(-2)) {
      assert.ok(
        !database.includes(`${name}=${value}`),
        `${name}=${value} is in the History database`,
      );
    }
  }
});

test('2,000 valid messages from the host are coalesced: the frame stays responsive, the last wins', async (t) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${servers.hostOrigin}/host.html`);
  const frame = page.frames().find((item) => item !== page.mainFrame());
  await frame.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
  // Inside the calculator's frame: the longest gap between two animation frames during the flood.
  await frame.evaluate(() => {
    window.nelmGaps = { longest: 0, running: true };
    let last = performance.now();
    const tick = (now) => {
      window.nelmGaps.longest = Math.max(window.nelmGaps.longest, now - last);
      last = now;
      if (window.nelmGaps.running) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const outcome = await page.evaluate(async (siteOrigin) => {
    const target = document.getElementById('calculator').contentWindow;
    // The cost of one message on this machine now (median of three), to bound the flood by it.
    const single = [];
    for (let id = -3; id < 0; id += 1) {
      const started = performance.now();
      await new Promise((resolve) => {
        const listener = (event) => {
          if (event.data?.requestId !== id) return;
          window.removeEventListener('message', listener);
          resolve();
        };
        window.addEventListener('message', listener);
        target.postMessage(
          {
            type: 'nelm:set-inputs',
            requestId: id,
            view: 'after-surgery',
            inputs: { t0: String(-id) },
          },
          siteOrigin,
        );
      });
      single.push(performance.now() - started);
    }
    const oneMessage = single.sort((a, b) => a - b)[1];
    const replies = [];
    const started = performance.now();
    const last = new Promise((resolve) => {
      window.addEventListener('message', (event) => {
        if (event.origin !== siteOrigin || event.data?.type !== 'nelm:results') return;
        replies.push(event.data);
        if (event.data.requestId === 2000) resolve(performance.now() - started);
      });
    });
    for (let id = 1; id <= 2000; id += 1) {
      target.postMessage(
        {
          type: 'nelm:set-inputs',
          requestId: id,
          view: 'after-surgery',
          inputs: { t0: String(id % 9) },
        },
        siteOrigin,
      );
    }
    const elapsed = await Promise.race([
      last,
      new Promise((resolve) => setTimeout(() => resolve(null), 30000)),
    ]);
    return {
      elapsed,
      oneMessage,
      replies: replies.map((reply) => ({ id: reply.requestId, t0: reply.condition_time })),
    };
  }, servers.siteOrigin);
  const longestGap = await frame.evaluate(() => {
    window.nelmGaps.running = false;
    return window.nelmGaps.longest;
  });
  t.diagnostic(
    `one message ${Math.round(outcome.oneMessage)} ms; 2,000: last reply after ` +
      `${Math.round(outcome.elapsed ?? -1)} ms, ${outcome.replies.length} replies, longest gap between ` +
      `animation frames ${Math.round(longestGap)} ms`,
  );
  // Bounds in units of one message's cost on this machine now, so that a loaded machine does not
  // fail the test: one render per message (the defect) costs 2,000 of them.
  const allowed = Math.max(1000, 20 * outcome.oneMessage);
  assert.ok(outcome.elapsed !== null, 'the last message was answered');
  assert.ok(
    outcome.elapsed < allowed,
    `answered within ${Math.round(allowed)} ms (took ${Math.round(outcome.elapsed)} ms)`,
  );
  const allowedGap = Math.max(500, 5 * outcome.oneMessage);
  assert.ok(
    longestGap < allowedGap,
    `the frame was never blocked for ${Math.round(allowedGap)} ms or more ` +
      `(longest gap ${Math.round(longestGap)} ms)`,
  );
  assert.ok(
    outcome.replies.length < 100,
    `${outcome.replies.length} replies: the messages were coalesced`,
  );
  const final = outcome.replies[outcome.replies.length - 1];
  assert.equal(final.id, 2000, 'the last message wins');
  assert.equal(final.t0, 2000 % 9);
  assert.equal(await frame.locator('input[name="t0"]').inputValue(), String(2000 % 9));
  await context.close();
});
