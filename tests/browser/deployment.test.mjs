// The documented deployment (docs/deploy.md) is the tested one: nginx runs the configuration read
// out of that file; every file type and error answer carries every security header docs/security.md
// relies on; another origin cannot frame the page, the configured host can; the IIS web.config is
// well-formed and sends the same headers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { launchBrowser, startServers } from './support.mjs';
import { deployConfiguration, nginxHeaders } from '../support/deploy-config.mjs';

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

// What docs/security.md promises, independently of what the configuration says: the test fails if
// the documented snippet ever drops or weakens one of these.
function assertPromisedHeaders(headers, where, frameAncestors = ["'self'"]) {
  const policy = headers.get('content-security-policy');
  assert.ok(policy, `${where}: a Content-Security-Policy`);
  const directives = Object.fromEntries(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .map(([name, ...values]) => [name, values]),
  );
  assert.deepEqual(directives['frame-ancestors'], frameAncestors, `${where}: frame-ancestors`);
  assert.deepEqual(
    directives['script-src'],
    ["'self'", "'wasm-unsafe-eval'"],
    `${where}: script-src`,
  );
  assert.deepEqual(directives['default-src'], ["'self'"], `${where}: default-src`);
  assert.deepEqual(directives['object-src'], ["'none'"], `${where}: object-src`);
  assert.deepEqual(directives['base-uri'], ["'none'"], `${where}: base-uri`);
  assert.equal(headers.get('x-content-type-options'), 'nosniff', `${where}: nosniff`);
  assert.equal(headers.get('referrer-policy'), 'no-referrer', `${where}: Referrer-Policy`);
}

function filesUnder(folder) {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const expectedTypes = {
  html: /^text\/html/,
  js: /javascript/,
  css: /^text\/css/,
  wasm: /^application\/wasm$/,
  json: /^application\/json/,
  csv: /^text\/csv/,
  svg: /^image\/svg\+xml$/,
  png: /^image\/png$/,
  txt: /^text\/plain/,
};

test('nginx as documented: every file type and error answer carries every security header', async () => {
  const documented = nginxHeaders(deployConfiguration('nginx-headers'));
  // Files a hospital might add beside the build (a logo, a note, a file of no known type).
  const site = servers.defaultSite;
  writeFileSync(join(site, 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(site, 'assets', 'icon.png'), Buffer.from('89504e470d0a1a0a', 'hex'));
  writeFileSync(join(site, 'readme.txt'), 'note');
  writeFileSync(join(site, 'data.unknownext'), 'x');
  const files = filesUnder(site).map((path) => `/${relative(site, path)}`);
  for (const extension of ['html', 'js', 'css', 'wasm', 'json', 'csv', 'svg', 'png']) {
    assert.ok(
      files.some((path) => path.endsWith(`.${extension}`)),
      `the site has a .${extension} file`,
    );
  }
  const paths = [...files, '/', '/missing.html', '/assets/missing.js', '/models/'];
  for (const path of paths) {
    const response = await fetch(`${servers.defaultOrigin}${path}`, { redirect: 'manual' });
    const where = `${path} (${response.status})`;
    for (const [name, value] of Object.entries(documented)) {
      assert.equal(response.headers.get(name), value, `${where}: ${name}`);
    }
    assertPromisedHeaders(response.headers, where);
    const cache = response.headers.get('cache-control');
    assert.equal(
      cache,
      path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      `${where}: Cache-Control`,
    );
    const extension = path.match(/\.([a-z]+)$/)?.[1];
    if (response.status === 200 && expectedTypes[extension]) {
      assert.match(
        response.headers.get('content-type'),
        expectedTypes[extension],
        `${where}: type`,
      );
    }
    await response.arrayBuffer();
  }
  // The copy configured for embedding differs in frame-ancestors only.
  for (const path of ['/index.html', '/assets/', '/nelm_core.wasm']) {
    const response = await fetch(`${servers.siteOrigin}${path}`);
    assertPromisedHeaders(response.headers, `embedding site ${path}`, [
      "'self'",
      servers.hostOrigin,
    ]);
    await response.arrayBuffer();
  }
});

// Opens `url` (a host page with an iframe of the calculator) and says whether the calculator
// started inside it (within `wait` ms), and what the console said.
async function frameOutcome(url, wait) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const messages = [];
  page.on('console', (message) => messages.push(message.text()));
  await page.goto(url);
  const frame = page.frames().find((item) => item !== page.mainFrame());
  const ready = await frame.waitForSelector('body[data-ready="true"]', { timeout: wait }).then(
    () => 'true',
    () => null,
  );
  const frameUrl = frame.url();
  await context.close();
  return { frameUrl, ready, messages };
}

test('framing: refused from another origin, allowed from the configured host only', async () => {
  const allowed = await frameOutcome(`${servers.hostOrigin}/host.html`, 20000);
  assert.equal(allowed.ready, 'true', 'the configured host frames the calculator');

  const unconfigured = await frameOutcome(`${servers.hostOrigin}/host-default.html`, 4000);
  assert.equal(unconfigured.ready, null, 'the documented default refuses a foreign host');
  assert.ok(
    unconfigured.messages.some((text) => /frame-ancestors/.test(text)),
    unconfigured.messages.join('\n'),
  );

  const stranger = await frameOutcome(`${servers.strangerOrigin}/host.html`, 4000);
  assert.equal(stranger.ready, null, 'an origin not configured cannot frame the configured site');
  assert.ok(
    stranger.messages.some((text) => /frame-ancestors/.test(text)),
    stranger.messages.join('\n'),
  );
});

test('IIS web.config: well-formed XML with the same headers as the nginx snippet', async () => {
  const documented = nginxHeaders(deployConfiguration('nginx-headers'));
  const text = deployConfiguration('iis-web-config');
  const context = await browser.newContext();
  const page = await context.newPage();
  const parsed = await page.evaluate((xml) => {
    const doc = new DOMParser().parseFromString(xml, 'application/xml');
    const error = doc.getElementsByTagName('parsererror')[0];
    if (error) return { error: error.textContent };
    const all = (selector, root = doc) => [...root.querySelectorAll(selector)];
    const root = doc.querySelector(':root > system\\.webServer');
    return {
      rootName: doc.documentElement.nodeName,
      headers: all(':root > system\\.webServer > httpProtocol > customHeaders > add').map(
        (item) => [item.getAttribute('name'), item.getAttribute('value')],
      ),
      removedHeaders: all('customHeaders > remove, customHeaders > clear').length,
      mime: all('staticContent > mimeMap', root).map((item) => [
        item.getAttribute('fileExtension'),
        item.getAttribute('mimeType'),
      ]),
      rootCache: root
        .querySelector('staticContent > clientCache')
        ?.getAttribute('cacheControlMode'),
      locations: all(':root > location').map((location) => ({
        path: location.getAttribute('path'),
        cache: [...location.querySelectorAll('clientCache')].map((item) => ({
          mode: item.getAttribute('cacheControlMode'),
          maxAge: item.getAttribute('cacheControlMaxAge'),
          custom: item.getAttribute('cacheControlCustom'),
        })),
        headers: location.querySelectorAll('customHeaders').length,
      })),
    };
  }, text);
  await context.close();
  assert.equal(parsed.error, undefined, `web.config is not well-formed: ${parsed.error}`);
  assert.equal(parsed.rootName, 'configuration');
  const iisHeaders = Object.fromEntries(
    parsed.headers.map(([name, value]) => [name.toLowerCase(), value]),
  );
  assert.equal(parsed.headers.length, Object.keys(iisHeaders).length, 'no header listed twice');
  assert.deepEqual(iisHeaders, documented, 'the same security headers as nginx');
  assertPromisedHeaders(new Headers(parsed.headers), 'web.config');
  assert.equal(parsed.removedHeaders, 0);
  assert.deepEqual(Object.fromEntries(parsed.mime)['.wasm'], 'application/wasm');
  assert.equal(parsed.rootCache, 'DisableCache', 'no-cache outside assets');
  assert.deepEqual(parsed.locations, [
    {
      path: 'assets',
      headers: 0,
      cache: [{ mode: 'UseMaxAge', maxAge: '365.00:00:00', custom: 'public, immutable' }],
    },
  ]);
});
