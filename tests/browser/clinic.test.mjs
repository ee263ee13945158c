// The page as a clinic uses it (issue 15), in Debian's Chromium against the served site: no
// sideways scroll at 360, 390 and 1366 px in any view and state; no internal code or file name in
// the visible text; no modelled number called a 95% CI; the time origin on every chart; axe-core
// with no violation of any impact; the keyboard path through every view; links that never
// disagree with the form; the clinic printout on one A4 or Letter page (At recurrence at most two,
// no card split) with the typed header, the link as text and as a QR code that decodes to it, and
// the patient sheet. Screenshots of every state and both printouts go to test-results/browser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import {
  launchBrowser,
  startServers,
  loadCore,
  ensureResultsDirectory,
  repositoryRoot,
  internalWords,
  fileWordsOf,
} from './support.mjs';

const require = createRequire(import.meta.url);
const { PNG } = require('pngjs');
const jsQR = require('jsqr');

const widths = [360, 390, 1366];
const states = [
  { name: 'after-surgery', fragment: 'view=after-surgery' },
  {
    name: 'after-surgery-profile',
    fragment:
      'view=after-surgery&primary=pancreatic&grade=moderate&lymph_nodes=positive&resection=parenchymal_sparing&t0=2',
  },
  {
    name: 'after-surgery-bad-link',
    fragment: 'view=after-surgery&grade=G2&primary=pancreatic&t0=-3',
  },
  { name: 'at-recurrence', fragment: 'view=at-recurrence' },
  { name: 'at-recurrence-site', fragment: 'view=at-recurrence&site=extrahepatic_only' },
  { name: 'evidence', fragment: 'view=evidence' },
  { name: 'cohort', fragment: 'view=cohort' },
  { name: 'cohort-report', fragment: 'view=cohort', cohortDemo: true },
  { name: 'about', fragment: 'view=about' },
];

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

const dfsModel = () =>
  JSON.parse(
    readFileSync(join(repositoryRoot, 'public', 'models', 'dfs-after-surgery.json'), 'utf8'),
  );
const personalisedPath = join(repositoryRoot, 'public', 'models', 'dfs-personalised.json');
const shippedPersonalised = () =>
  existsSync(personalisedPath) ? JSON.parse(readFileSync(personalisedPath, 'utf8')) : null;

async function open(fragment, { width = 1366, height = 900, bypassCSP = false } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, bypassCSP });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(`${servers.siteOrigin}/index.html#${fragment}`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
  return { page, context, problems };
}

// A state: its view, the SYNTHETIC demo cohort analysed where asked, every details element open.
async function openState(state, options) {
  const opened = await open(state.fragment, options);
  const { page } = opened;
  if (state.cohortDemo) {
    await page.click('#view .demo-button');
    await page.waitForSelector('#view[data-state="parsed"], #view[data-state="failed"]', {
      timeout: 30000,
    });
    await page.click('#view .analyse-button');
    await page.waitForSelector('#view[data-state="report"], #view[data-state="failed"]', {
      timeout: 60000,
    });
    assert.equal(await page.locator('#view').getAttribute('data-state'), 'report');
  }
  await page.evaluate(() => {
    for (const details of document.querySelectorAll('details')) details.open = true;
  });
  return opened;
}

test('no view or state scrolls sideways at 360, 390 or 1366 px; wide tables scroll in their own box', async () => {
  const directory = ensureResultsDirectory();
  const findings = [];
  for (const width of widths) {
    for (const state of states) {
      const { page, context, problems } = await openState(state, {
        width,
        height: width < 800 ? 844 : 900,
      });
      const overflow = await page.evaluate(() => {
        const root = document.documentElement;
        const wide = [...document.querySelectorAll('body *')]
          .filter((node) => {
            const box = node.getBoundingClientRect();
            return (
              box.width > 0 &&
              box.right > root.clientWidth + 1 &&
              !node.closest('.table-scroll, .column-matches')
            );
          })
          .slice(0, 3)
          .map(
            (node) => `${node.tagName.toLowerCase()}.${node.className.baseVal ?? node.className}`,
          );
        return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide };
      });
      if (overflow.scrollWidth > overflow.clientWidth) {
        findings.push(
          `${state.name} at ${width}px: ${overflow.scrollWidth} > ${overflow.clientWidth} (${overflow.wide.join(', ')})`,
        );
      }
      if (width !== 360)
        await page.screenshot({
          path: join(directory, `clinic-${state.name}-${width}.png`),
          fullPage: true,
        });
      assert.deepEqual(problems, [], `${state.name} at ${width}px`);
      await context.close();
    }
  }
  assert.deepEqual(findings, []);
});

test('results first: headline numbers without scrolling on a desktop, right after the inputs on a phone', async () => {
  const desktop = await open('view=after-surgery', { width: 1366, height: 900 });
  const card = await desktop.page.locator('#view .estimate-cards .card').first().boundingBox();
  const form = await desktop.page.locator('#view form.inputs').boundingBox();
  assert.ok(card.y + card.height <= 900, `the first card ends at ${card.y + card.height} px`);
  assert.ok(card.x > form.x + form.width, 'the results sit beside the form');
  assert.equal(
    await desktop.page.locator('#view details.advanced').evaluate((details) => details.open),
    false,
    'the institution model chooser waits in the Advanced section',
  );
  const chooser = await desktop.page.locator('#view details.advanced').boundingBox();
  assert.ok(chooser.y > card.y, 'the Advanced section comes after the numbers');
  await desktop.context.close();

  const phone = await open('view=after-surgery', { width: 390, height: 844 });
  const { page } = phone;
  const formBox = await page.locator('#view form.inputs').boundingBox();
  const first = await page.locator('#view .estimate-cards .card').first().boundingBox();
  assert.ok(
    first.y - (formBox.y + formBox.height) < 844,
    'the headline is on the first screen after the inputs',
  );
  // While an input changes, the compact summary stays on screen with the headline number.
  await page.locator('#view select[name="resection"]').scrollIntoViewIfNeeded();
  await page.locator('#view select[name="resection"]').selectOption('major');
  const bar = await page.locator('#view .summary-bar').boundingBox();
  assert.ok(bar.y >= 0 && bar.y + bar.height <= 844, `the summary is in view (${bar.y})`);
  assert.match(
    await page.locator('#view .summary-bar').innerText(),
    /^DFS 5 years after the liver surgery: \d+% \(model range \d+% to \d+%\)$/,
  );
  // A choice is never a lever: said beside the input, and a caveat on the estimates it changes.
  assert.match(
    await page.locator('#view select[name="resection"] ~ .choice-note').innerText(),
    /confounded by indication/,
  );
  assert.equal(
    await page.locator('#view .warnings li[data-code="confounded_comparison"]').count(),
    1,
  );
  // The "If unknown" hint goes once a value is chosen.
  assert.equal(await page.locator('#view select[name="resection"] ~ .hint').isVisible(), false);
  assert.equal(await page.locator('#view select[name="grade"] ~ .hint').isVisible(), true);
  await phone.context.close();
});

async function visibleText(page) {
  return page.evaluate(() => document.body.innerText);
}

// The Your cohort states show the demo file's own column names and values (date_of_surgery,
// small_bowel): taken out of the text before the check; anything else in snake_case is caught.
const withoutFileWords = fileWordsOf(
  readFileSync(join(repositoryRoot, 'public', 'data', 'demo-cohort.csv'), 'utf8'),
);

for (const state of states) {
  test(`no internal code or file name in the visible text: ${state.name}`, async () => {
    const { page, context } = await openState(state);
    const lines = (await visibleText(page))
      .split('\n')
      .map((line) => (state.name.startsWith('cohort') ? withoutFileWords(line) : line));
    const found = lines.filter((line) => internalWords.some((pattern) => pattern.test(line)));
    assert.deepEqual(found, []);
    await context.close();
  });
}

test('no modelled number is called a 95% CI, on screen and in its table, chart and sentences', async () => {
  const { page, context } = await openState(states[1]);
  const modelled = await page
    .locator(
      '#view .card.tag-modelled, #view .sentences li, #view .legend-line, ' +
        '#view .icons figcaption, #view .chart-table tbody tr, #view .summary-bar',
    )
    .allTextContents();
  assert.ok(modelled.length > 10);
  for (const text of modelled) assert.doesNotMatch(text, /95% CI/, text);
  assert.ok(
    modelled.filter((text) => /model range/.test(text)).length >= 8,
    'the modelled ranges are named',
  );
  // The whole After surgery view but its definitions: S1 printed no CI, so no "95% CI" at all.
  const outsideDefinitions = await page.evaluate(() => {
    const copy = document.getElementById('view').cloneNode(true);
    copy.querySelectorAll('.definitions').forEach((node) => node.remove());
    return copy.textContent;
  });
  assert.doesNotMatch(outsideDefinitions, /95% CI/);
  await page.locator('#view .curve-chart').focus();
  await page.keyboard.press('End');
  assert.match(await page.locator('#view .readout').innerText(), /model range/);
  await context.close();

  const recurrence = await openState(states[3]);
  const published = await recurrence.page.locator('#view .group-cards .card').allTextContents();
  assert.ok(
    published.filter((text) => /95% CI \d/.test(text)).length >= 5,
    'the published CIs are named 95% CI',
  );
  const shapes = await recurrence.page.locator('#view .legend-line').allTextContents();
  for (const text of shapes) assert.match(text, /modelled shape; shaded: model range/);
  await recurrence.page.locator('#view .curve-chart').first().focus();
  await recurrence.page.keyboard.press('Home');
  await recurrence.page.keyboard.press('ArrowRight');
  assert.match(
    await recurrence.page.locator('#view .readout').first().innerText(),
    /model range.*\(modelled shape\)/,
  );
  await recurrence.context.close();
});

test('every chart names the time origin and has a text alternative with its key numbers', async () => {
  for (const state of [states[0], states[1], states[3]]) {
    const { page, context } = await openState(state);
    const charts = await page.locator('#view svg.curve-chart').evaluateAll((svgs) =>
      svgs.map((svg) => ({
        axis: [...svg.querySelectorAll('.axis-label')].map((label) => label.textContent),
        described: (svg.getAttribute('aria-describedby') ?? '')
          .split(' ')
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join(' '),
      })),
    );
    assert.ok(charts.length > 0, state.name);
    for (const chart of charts) {
      const origin = state.name.startsWith('at-')
        ? 'Years since the liver surgery (assumed: the source does not say)'
        : 'Years since the liver surgery';
      assert.ok(chart.axis.includes(origin), `${state.name}: ${chart.axis}`);
      assert.match(
        chart.described,
        /\d+(\.\d)?% .*\d+(\.\d)?%/,
        `${state.name}: ${chart.described}`,
      );
    }
    const cards = await page
      .locator('#view .card .card-time, #view .card .card-ci')
      .allTextContents();
    assert.ok(
      cards.some((text) => /after the liver surgery/.test(text)),
      `${state.name}: cards name the origin`,
    );
    await context.close();
  }
});

test('axe-core finds no violation of any impact in any view and state, at 390 and 1366 px', async () => {
  const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const findings = [];
  for (const width of [390, 1366]) {
    for (const state of states) {
      // bypassCSP only so that the test can inject axe; the page itself runs under CSP elsewhere.
      const { page, context } = await openState(state, { width, bypassCSP: true });
      await page.evaluate(axeSource);
      const result = await page.evaluate(() =>
        globalThis.axe.run(document, { resultTypes: ['violations'] }),
      );
      for (const violation of result.violations) {
        findings.push(
          `${state.name} (${width}px): ${violation.impact} ${violation.id}: ${violation.help} ` +
            violation.nodes
              .slice(0, 3)
              .map((node) => node.target.join(' '))
              .join(', '),
        );
      }
      await context.close();
    }
  }
  assert.deepEqual(findings, []);
});

// The elements Tab reaches, in order, as short names.
async function tabPath(page, presses) {
  await page.locator('body').focus();
  const path = [];
  for (let i = 0; i < presses; i += 1) {
    await page.keyboard.press('Tab');
    path.push(
      await page.evaluate(() => {
        const node = document.activeElement;
        if (!node || node === document.body) return 'body';
        const name = node.getAttribute('name') ?? node.id ?? '';
        const text = (node.getAttribute('aria-label') ?? node.textContent ?? '')
          .trim()
          .slice(0, 30);
        return `${node.tagName.toLowerCase()}${name ? `#${name}` : ''}${node.classList.length ? `.${[...node.classList].join('.')}` : ''}:${text}`;
      }),
    );
  }
  return path;
}

test('the keyboard path through every view reaches the tabs, the inputs, the chart, the details and print', async () => {
  const expected = {
    'after-surgery': [
      /button:After surgery/,
      /select#primary/,
      /select#grade/,
      /select#lymph_nodes/,
      /select#resection/,
      /input#t0/,
      /svg.*curve-chart/,
      /summary:Show the chart as a table/,
      /summary:Advanced/,
      /input#share-link/,
      /button#print-button/,
      /button#print-patient-button/,
    ],
    'at-recurrence': [
      /button:At recurrence/,
      /select#site/,
      /summary:.*S1/,
      /svg.*curve-chart/,
      /summary:Show these groups as a table/,
      /button#print-button/,
    ],
    evidence: [
      /button:Evidence/,
      /summary:Sources/,
      /summary:Published numbers/,
      /summary:Self-test/,
      /button#print-button/,
    ],
    cohort: [/button:Your cohort/, /button.*demo-button/, /button#print-button/],
    about: [/button:About/, /input#share-link/, /button#print-button/],
  };
  for (const [view, steps] of Object.entries(expected)) {
    const { page, context } = await open(`view=${view}`);
    const path = await tabPath(page, 60);
    let at = 0;
    for (const step of steps) {
      const found = path.findIndex((entry, i) => i >= at && step.test(entry));
      assert.ok(
        found >= 0,
        `${view}: ${step} not reached in order after ${path[at - 1] ?? 'the start'}:\n${path.join('\n')}`,
      );
      at = found + 1;
    }
    // Every tab button works from the keyboard.
    await page.locator('[data-view="about"]').focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('#view h2:text("About this calculator")');
    await context.close();
  }
});

test('a link value the model does not accept is shown as such; the others apply; a bad time says why', async () => {
  const { page, context } = await open(states[2].fragment);
  const grade = page.locator('#view select[name="grade"]');
  assert.match(
    await grade.locator('option:checked').innerText(),
    /“G2” \(from the link: not accepted\)/,
  );
  assert.equal(await grade.getAttribute('aria-invalid'), 'true');
  assert.match(
    await page.locator('#view .field-problem:not([hidden])').first().innerText(),
    /The link gave “G2” for Tumour grade( \(differentiation\))?, which this model does not accept .* treated as unknown/,
  );
  assert.equal(
    await page.locator('#view select[name="primary"]').inputValue(),
    'pancreatic',
    "the link's other value applies",
  );
  assert.match(
    await page.locator('#view .results').innerText(),
    /No estimate is shown: -3 is before the surgery/,
  );
  assert.equal(
    await page.locator('#view input[name="t0"]').inputValue(),
    '-3',
    'the typed time is kept, not changed',
  );
  // A time at the model's limit, and one typed beyond it: said why, never a raw code.
  for (const typed of ['10', '12']) {
    await page.locator('#view input[name="t0"]').fill(typed);
    await page.locator('#view input[name="t0"]').press('Enter');
    const text = await page.locator('#view').innerText();
    assert.match(text, new RegExp(`${typed} years is at or beyond the model's limit of 10 years`));
    assert.doesNotMatch(text, /condition_time|invalid_value|\/profile/);
    assert.equal(await page.locator('#view input[name="t0"]').inputValue(), typed);
  }
  // A valid time: the estimates are the core's for grade unknown and the primary from the link.
  await page.locator('#view input[name="t0"]').fill('1.5');
  await page.locator('#view input[name="t0"]').press('Enter');
  await page.waitForSelector('#view .estimate-cards .card');
  // With the personalised model shipped the view answers with it, beneath the published cards.
  const personalisedModel = shippedPersonalised();
  const cards = personalisedModel
    ? '#view .personalised-modelled .estimate-cards .card .card-value'
    : '#view .estimate-cards .card .card-value';
  const shown = await page
    .locator(cards)
    .evaluateAll((nodes) => nodes.map((card) => Number(card.dataset.value)));
  const response = JSON.parse(
    core.calculate(
      JSON.stringify({
        op: 'predict',
        model: personalisedModel ?? dfsModel(),
        profile: { primary: 'pancreatic', grade: 'unknown' },
        condition_time: 1.5,
      }),
    ),
  );
  assert.deepEqual(
    shown,
    response.result.predictions[0].estimates.map((item) => item.estimate),
  );
  // Choosing a value removes the refused one and its message.
  await grade.selectOption('well');
  assert.equal(await grade.locator('option.refused').count(), 0);
  assert.equal(await grade.getAttribute('aria-invalid'), null);
  await context.close();
});

// Pages of a PDF (Chromium writes one /Type /Page object per page).
const pageCount = (pdf) => (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;

async function printAs(page, kind) {
  await page.evaluate((which) => {
    document.body.dataset.print = which;
    window.dispatchEvent(new Event('beforeprint'));
  }, kind);
  await page.emulateMedia({ media: 'print' });
}

test('the clinic printout: one page for After surgery, at most two for At recurrence, no card split', async () => {
  const directory = ensureResultsDirectory();
  for (const state of [states[0], states[1], states[3], states[4]]) {
    const { page, context } = await open(state.fragment);
    await page.locator('.print-details summary').click();
    await page.fill('#print-patient', 'Test Patient 001');
    await page.fill('#print-birth', '1950-01-31');
    await page.fill('#print-clinician', 'Dr Example');
    await printAs(page, 'clinic');
    const header = await page.locator('#print-header').innerText();
    assert.match(
      header,
      /Patient\s+Test Patient 001\s+Date of birth\s+1950-01-31\s+Clinician\s+Dr Example\s+Date\s+\d{4}-\d{2}-\d{2}/,
    );
    const footer = await page.locator('#print-footer').innerText();
    assert.equal((footer.match(/checksum sha256:/g) ?? []).length, 1, 'the checksum once');
    assert.equal((footer.match(/version \d/g) ?? []).length, 1, 'the model version once');
    const body = await page.locator('body').innerText();
    assert.equal((body.match(/Spolverato G/g) ?? []).length, 1, 'the full citation once');
    assert.equal(
      (body.match(/Survival core|survival core/g) ?? []).length,
      1,
      'the core version once',
    );
    // The link's fragment (the test server's port, 19501, would match "1950" in the whole URL).
    const sharedFragment = new URL(await page.locator('#share-link').inputValue()).hash;
    assert.doesNotMatch(decodeURIComponent(sharedFragment), /Test Patient|1950|Example/);
    // The personalised view prints its numbers and ranges without the curve (one A4 page); every
    // other view prints its curve with the published markers' legend.
    const personalised = (await page.locator('#view .personalised-estimates').count()) > 0;
    if (!personalised)
      assert.equal(
        await page.locator('#view .chart').first().isVisible(),
        true,
        'the curve is printed',
      );
    for (const shown of [
      '.print-header',
      '.print-footer',
      '.print-inputs',
      '.definitions',
      ...(personalised ? ['.personalised-modelled .estimate-cards'] : ['.legend-marker']),
    ]) {
      if (await page.locator(shown).count())
        assert.equal(await page.locator(shown).first().isVisible(), true, shown);
    }
    for (const hidden of ['nav', '.tools', '.inputs', '.advanced']) {
      if (await page.locator(hidden).count())
        assert.equal(await page.locator(hidden).first().isVisible(), false, hidden);
    }
    const avoid = await page
      .locator('#view .card, #view .group-section, #view .chart')
      .evaluateAll((nodes) => nodes.map((node) => getComputedStyle(node).breakInside));
    assert.ok(
      avoid.every((value) => value === 'avoid'),
      `cards, sections and charts are not split: ${avoid}`,
    );
    for (const format of ['A4', 'Letter']) {
      const pdf = await page.pdf({ format, printBackground: true });
      const limit = state.name.startsWith('at-') ? 2 : 1;
      assert.ok(pageCount(pdf) <= limit, `${state.name} on ${format}: ${pageCount(pdf)} pages`);
      writeFileSync(join(directory, `print-${state.name}-${format}.pdf`), pdf);
    }
    await context.close();
  }
});

test('the printed QR code decodes to the share link, which reopens the same result', async () => {
  const { page, context } = await open(states[1].fragment);
  const link = await page.locator('#share-link').inputValue();
  await printAs(page, 'clinic');
  assert.equal(await page.locator('#print-footer .print-link-text').innerText(), link);
  // Drawn larger than on paper (24 mm) so the screenshot has several pixels a module.
  await page.locator('#print-footer svg.qr-code').evaluate((svg) => {
    svg.style.width = '400px';
    svg.style.height = '400px';
  });
  const image = PNG.sync.read(await page.locator('#print-footer svg.qr-code').screenshot());
  const decoded = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
  assert.ok(decoded, 'the QR code is readable');
  assert.equal(decoded.data, link);
  await context.close();
  const reopened = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const again = await reopened.newPage();
  await again.goto(decoded.data);
  await again.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
  assert.equal(await again.locator('#view select[name="primary"]').inputValue(), 'pancreatic');
  assert.equal(await again.locator('#view input[name="t0"]').inputValue(), '2');
  await reopened.close();
});

test('the patient sheet: one page, an icon array of 100 and short plain sentences, and nothing else', async () => {
  const directory = ensureResultsDirectory();
  const { page, context } = await open(states[1].fragment);
  await page.locator('.print-details summary').click();
  await page.fill('#print-patient', 'Test Patient 001');
  await printAs(page, 'patient');
  assert.equal(await page.locator('#patient-sheet .icon-array .person').count(), 100);
  for (const hidden of ['main', '.page-header', '.print-footer']) {
    assert.equal(await page.locator(hidden).isVisible(), false, hidden);
  }
  const text = await page.locator('#patient-sheet').innerText();
  assert.match(
    text,
    /Think of 100 people whose tumour is like yours\.\s+By 5 years after the operation, about \d+ of them would be alive and free of the tumour\./,
  );
  assert.match(text, /They cannot tell what will happen to you\./);
  assert.doesNotMatch(text, /\b(DFS|CI|NELM|model range|recurrence|cohort)\b/);
  for (const sentence of text.split(/(?<=\.)\s+|\n+/)) {
    assert.ok(sentence.split(/\s+/).length <= 20, `a short sentence: ${sentence}`);
  }
  assert.match(await page.locator('#print-header').innerText(), /Test Patient 001/);
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  assert.equal(pageCount(pdf), 1);
  writeFileSync(join(directory, 'print-patient-sheet-A4.pdf'), pdf);
  await page.screenshot({ path: join(directory, 'print-patient-sheet.png'), fullPage: true });
  await context.close();
});

test('About names the regulatory status, maintainer, contact and last-reviewed date from the site configuration', async () => {
  const config = JSON.parse(
    readFileSync(
      join(repositoryRoot, process.env.NELM_SITE_CONFIG ?? 'config/site-config.json'),
      'utf8',
    ),
  );
  const { page, context } = await open('view=about');
  const text = await page.locator('#view').innerText();
  assert.ok(
    text.includes(config.deployment.regulatory_status),
    'the regulatory status as configured',
  );
  assert.match(text, /Maintained by/);
  assert.match(
    text,
    config.deployment.contact ? new RegExp(config.deployment.contact) : /No contact has been set/,
  );
  assert.match(
    text,
    config.deployment.last_reviewed
      ? new RegExp(config.deployment.last_reviewed)
      : /Not yet reviewed/,
  );
  assert.match(text, /How to cite/);
  assert.match(text, /Licences/);
  assert.ok(existsSync(join(repositoryRoot, 'docs', 'deploy.md')));
  await context.close();
});
