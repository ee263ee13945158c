// scripts/serve.mjs (the quick-start server): serves only files inside the site folder, whatever
// the encoding of the path, survives malformed paths, and sends the documented security headers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repositoryRoot } from './module_loader.mjs';
import { deployConfiguration, nginxHeaders } from '../support/deploy-config.mjs';

let server;
let port;
let work;

// A raw GET: node's http client sends the path exactly as given (no normalisation of .. or %2f).
function get(path) {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, path, method: 'GET' }, (response) => {
      let body = '';
      response.on('data', (chunk) => {
        body += chunk;
      });
      response.on('end', () =>
        resolve({ status: response.statusCode, headers: response.headers, body }),
      );
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'nelm-serve-'));
  // The site folder and a sibling whose name starts with the site's: the prefix trap.
  mkdirSync(join(work, 'site', 'assets'), { recursive: true });
  mkdirSync(join(work, 'site-private'));
  writeFileSync(join(work, 'site', 'index.html'), '<!doctype html><title>site</title>');
  writeFileSync(join(work, 'site', 'assets', 'page.js'), 'export {};');
  writeFileSync(join(work, 'site-private', 'secret.txt'), 'SECRET');
  writeFileSync(join(work, 'secret.txt'), 'SECRET');
  port = 20000 + Math.floor(Math.random() * 20000);
  server = spawn(
    process.execPath,
    [join(repositoryRoot, 'scripts', 'serve.mjs'), join(work, 'site'), String(port)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise((resolve, reject) => {
    server.stdout.once('data', resolve);
    server.once('exit', (code) => reject(new Error(`serve.mjs exited with ${code}`)));
  });
});

after(() => {
  server?.kill();
  rmSync(work, { recursive: true, force: true });
});

test('files inside the site are served', async () => {
  for (const path of [
    '/',
    '/index.html',
    '/assets/page.js',
    '/assets/../index.html',
    '/index.html?x=1',
  ]) {
    const response = await get(path);
    assert.equal(response.status, 200, path);
  }
  assert.equal((await get('/missing.html')).status, 404);
});

test('no path reaches a sibling folder or the parent, however it is encoded', async () => {
  const escapes = [
    '/..%2fsite-private%2fsecret.txt',
    '/../site-private/secret.txt',
    '/%2e%2e/site-private/secret.txt',
    '/%2e%2e%2fsecret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/..%5csite-private%5csecret.txt',
    '/%2e%2e',
    '/..',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    `/${'..%2f'.repeat(20)}etc%2fpasswd`,
  ];
  for (const path of escapes) {
    const response = await get(path);
    assert.ok([400, 404].includes(response.status), `${path} answered ${response.status}`);
    assert.doesNotMatch(response.body, /SECRET|root:/, path);
  }
});

test('malformed paths are refused and the server keeps running', async () => {
  for (const path of ['/%E0%A4%A', '/%', '/index.html%00.png', '/%00']) {
    assert.equal((await get(path)).status, 400, path);
  }
  assert.equal((await get('/index.html')).status, 200, 'still serving');
});

test('every answer carries the security headers of the documented nginx configuration', async () => {
  const documented = nginxHeaders(deployConfiguration('nginx-headers'));
  assert.ok(
    Object.keys(documented).length >= 3,
    'the documented snippet sets the security headers',
  );
  for (const path of ['/index.html', '/assets/page.js', '/missing.html', '/%E0%A4%A']) {
    const { headers } = await get(path);
    for (const [name, value] of Object.entries(documented)) {
      assert.equal(headers[name], value, `${path}: ${name}`);
    }
  }
});
