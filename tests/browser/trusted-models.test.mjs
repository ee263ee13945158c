// The site's list of approved models (issue 14, item 13; config/site-config.json
// "trusted_models", docs/deploy.md): the page is rebuilt with a site configuration that approves
// the DFS model only, and then says plainly, on screen and in print, that the recurrence model and
// an institution's model file are not on the list, while the approved model carries no such
// notice. The shipped build (no list) marks nothing: the clinic tests check that page's text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, extname } from 'node:path';
import {
  launchBrowser,
  repositoryRoot,
  ensureResultsDirectory,
  nativeCalculate,
} from './support.mjs';

const models = join(repositoryRoot, 'public', 'models');
const checksumOf = (file) => JSON.parse(readFileSync(join(models, file), 'utf8')).checksum;
const approvedFiles = ['dfs-after-surgery.json', 'dfs-personalised.json'].filter((file) =>
  existsSync(join(models, file)),
);
const origin = 'http://trust.test';
const types = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.csv': 'text/csv',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

let browser;
let site;
before(async () => {
  const work = mkdtempSync(join(tmpdir(), 'nelm-trusted-'));
  const config = JSON.parse(
    readFileSync(join(repositoryRoot, 'config', 'site-config.json'), 'utf8'),
  );
  config.deployment.institution = 'Example Hospital';
  // Both models that can answer After surgery are approved (the personalised one answers when
  // it is shipped); the model after recurrence is left off the list.
  config.trusted_models = approvedFiles.map((file) => ({
    checksum: checksumOf(file),
    model: `${file}, approved by Surgical IT`,
  }));
  writeFileSync(join(work, 'site-config.json'), JSON.stringify(config));
  // The same build as scripts/build.sh, into a folder of its own, with this configuration.
  execFileSync(
    'npx',
    [
      '--no-install',
      'vite',
      'build',
      '--config',
      'web/vite.config.mjs',
      '--outDir',
      join(work, 'bundle'),
    ],
    {
      cwd: repositoryRoot,
      env: { ...process.env, NELM_SITE_CONFIG: join(work, 'site-config.json') },
      stdio: 'pipe',
    },
  );
  site = join(work, 'site');
  cpSync(join(repositoryRoot, 'public'), site, { recursive: true });
  cpSync(join(work, 'bundle'), site, { recursive: true });
  for (const name of ['nelm_core.js', 'nelm_core.wasm'])
    cpSync(join(repositoryRoot, 'build', 'wasm', 'wasm', name), join(site, name));
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

async function open(fragment) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  await context.route(`${origin}/**`, (route) => {
    const path = join(site, decodeURIComponent(new URL(route.request().url()).pathname));
    if (!path.startsWith(site) || !existsSync(path))
      return route.fulfill({ status: 404, body: '' });
    return route.fulfill({
      status: 200,
      body: readFileSync(path),
      contentType: types[extname(path)] ?? 'application/octet-stream',
    });
  });
  const page = await context.newPage();
  await page.goto(`${origin}/index.html#${fragment}`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
  return { page, context };
}

const unverified =
  /Unverified model: .* is not on Example Hospital's list of approved models\. Check with the team that deployed this calculator before using its numbers\./;

test("a model not on the site's list is marked unverified where it is used, on screen and in print", async () => {
  const directory = ensureResultsDirectory();
  let { page, context } = await open('view=after-surgery');
  await page.waitForSelector('#view .estimate-cards .card');
  assert.equal(
    await page.locator('#view .unverified-model').count(),
    0,
    'the approved DFS models carry no notice',
  );
  await context.close();

  ({ page, context } = await open('view=at-recurrence'));
  await page.waitForSelector('#view .model-line');
  const notice = page.locator('#view .unverified-model');
  assert.equal(await notice.count(), 1);
  assert.ok(await notice.isVisible());
  assert.match(await notice.innerText(), unverified);
  await page.screenshot({ path: join(directory, 'trusted-models-at-recurrence.png') });
  await page.emulateMedia({ media: 'print' });
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  assert.match(
    await page.locator('#print-footer .unverified-model').innerText(),
    unverified,
    'the printout says it too',
  );
  await context.close();

  ({ page, context } = await open('view=evidence'));
  await page.locator('#view details').evaluateAll((sections) =>
    sections.forEach((section) => {
      section.open = true;
    }),
  );
  const evidence = await page.locator('#view').innerText();
  assert.match(evidence, /Approved for this site\s+on Example Hospital's list of approved models/);
  assert.match(
    evidence,
    /Approved for this site\s+UNVERIFIED: not on Example Hospital's list of approved models/,
  );
  await context.close();

  ({ page, context } = await open('view=about'));
  const about = await page.locator('#view').innerText();
  assert.match(
    about,
    new RegExp(
      `lists the model files it has approved \\(${approvedFiles.length} in all, by checksum\\)`,
    ),
  );
  assert.match(about, /Disease-free survival .*: on Example Hospital's list of approved models/);
  await context.close();
});

test("an institution's model file that the site has not approved is marked unverified", async () => {
  const model = JSON.parse(
    readFileSync(
      join(
        repositoryRoot,
        'tests',
        'browser',
        'fixtures',
        'models',
        'institution-age-fixture.json',
      ),
      'utf8',
    ),
  );
  model.checksum = nativeCalculate({ op: 'model_checksum', model }).result.checksum;
  const file = join(mkdtempSync(join(tmpdir(), 'nelm-trusted-model-')), 'institution-age.json');
  writeFileSync(file, JSON.stringify(model));
  const { page, context } = await open('view=after-surgery');
  await page.click('#view details.advanced > summary');
  await page.getByLabel("Use your institution's model file…").setInputFiles(file);
  await page.waitForSelector('#view .results .institution-label');
  assert.match(await page.locator('#view .results .unverified-model').innerText(), unverified);
  await context.close();
});
