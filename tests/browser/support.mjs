// Shared set-up for the browser tests: Debian's Chromium through playwright-core, an nginx
// serving the built site with the strict CSP an intranet server would send, a host page on a
// second origin for the iframe test, and a request log per page.
import { chromium } from 'playwright-core';
import { execFileSync, spawnSync, spawn } from 'node:child_process';
import {
  mkdtempSync,
  writeFileSync,
  mkdirSync,
  cpSync,
  existsSync,
  readFileSync,
  chmodSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

export const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const siteDirectory = join(repositoryRoot, 'build', 'site');
export const singleFile = join(repositoryRoot, 'build', 'single-file', 'nelm-calculator.html');
export const resultsDirectory = join(repositoryRoot, 'test-results', 'browser');

export const sitePolicy = (frameAncestors) =>
  [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${frameAncestors}`,
  ].join('; ');

const chromiumArguments = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-extensions',
  '--metrics-recording-only',
  '--no-default-browser-check',
  '--disable-features=Translate,OptimizationHints,MediaRouter',
];

export async function launchBrowser() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: chromiumArguments,
  });
}

// Every request a page (and its frames) makes, for the "no other origin" checks.
export function recordRequests(page) {
  const urls = [];
  page.on('request', (request) => urls.push(request.url()));
  return urls;
}

export function foreignRequests(urls, allowedOrigins) {
  return urls.filter((url) => {
    if (url.startsWith('data:') || url.startsWith('blob:')) return false;
    if (url.startsWith('file://')) return !allowedOrigins.includes('file://');
    return !allowedOrigins.includes(new URL(url).origin);
  });
}

function freePort(start) {
  return start + Math.floor(Math.random() * 2000);
}

// nginx serving a copy of the built site (with the embed origin configured as docs/deploy.md
// says) on one port and a host page on another; returns their origins and a stop function.
export function startServers() {
  const work = mkdtempSync(join(tmpdir(), 'nelm-browser-'));
  chmodSync(work, 0o755); // nginx's workers run as www-data
  const site = join(work, 'site');
  const host = join(work, 'host');
  cpSync(siteDirectory, site, { recursive: true });
  mkdirSync(host);
  const sitePort = freePort(18000);
  const hostPort = sitePort + 3000;
  const siteOrigin = `http://127.0.0.1:${sitePort}`;
  const hostOrigin = `http://127.0.0.1:${hostPort}`;
  const index = join(site, 'index.html');
  writeFileSync(
    index,
    readFileSync(index, 'utf8').replace(
      '<meta name="nelm-embed-origins" content="">',
      `<meta name="nelm-embed-origins" content="${hostOrigin}">`,
    ),
  );
  writeFileSync(join(host, 'host.html'), hostPage(siteOrigin));
  const configuration = nginxConfiguration({ work, site, host, sitePort, hostPort, hostOrigin });
  writeFileSync(join(work, 'nginx.conf'), configuration);
  const started = spawnSync('/usr/sbin/nginx', ['-c', join(work, 'nginx.conf'), '-p', work], {
    encoding: 'utf8',
  });
  if (started.status !== 0) throw new Error(`nginx did not start: ${started.stderr}`);
  const stop = () =>
    spawnSync('/usr/sbin/nginx', ['-c', join(work, 'nginx.conf'), '-p', work, '-s', 'stop']);
  return { siteOrigin, hostOrigin, stop, work };
}

function nginxConfiguration({ work, site, host, sitePort, hostPort, hostOrigin }) {
  return `daemon on;
worker_processes 1;
pid ${work}/nginx.pid;
error_log ${work}/error.log warn;
events { worker_connections 64; }
http {
  include /etc/nginx/mime.types;
  types { application/wasm wasm; }
  access_log ${work}/access.log;
  client_body_temp_path ${work}/body; proxy_temp_path ${work}/proxy;
  fastcgi_temp_path ${work}/fastcgi; uwsgi_temp_path ${work}/uwsgi; scgi_temp_path ${work}/scgi;
  server {
    listen 127.0.0.1:${sitePort};
    root ${site};
    add_header Content-Security-Policy "${sitePolicy(`'self' ${hostOrigin}`)}" always;
    add_header X-Content-Type-Options nosniff always;
    add_header Referrer-Policy no-referrer always;
    location /assets/ { add_header Cache-Control "public, max-age=31536000, immutable" always;
      add_header Content-Security-Policy "${sitePolicy(`'self' ${hostOrigin}`)}" always; }
  }
  server {
    listen 127.0.0.1:${hostPort};
    root ${host};
    add_header Content-Security-Policy "default-src 'self'; script-src 'self'; frame-src http://127.0.0.1:${sitePort}" always;
  }
}
`;
}

// The host page for the embedding test: an intranet page on another origin embedding the
// calculator; the test drives postMessage from it.
function hostPage(siteOrigin) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title></head>
<body><h1>Intranet host page</h1>
<iframe id="calculator" title="NELM calculator" width="1000" height="900"
  src="${siteOrigin}/index.html#view=after-surgery"></iframe>
</body></html>`;
}

// The WASM module under node, for comparing the page's numbers with the core's.
export async function loadCore() {
  const require = createRequire(import.meta.url);
  const modulePath = join(repositoryRoot, 'build', 'wasm', 'wasm', 'nelm_core_single.js');
  if (!existsSync(modulePath)) throw new Error(`${modulePath} is missing: run scripts/build.sh`);
  return require(modulePath)();
}

export function ensureResultsDirectory() {
  mkdirSync(resultsDirectory, { recursive: true });
  return resultsDirectory;
}

export { spawn };

// The native CLI and its answer to a request, to check the page's numbers against the core.
export const nativeCli = join(repositoryRoot, 'build', 'native-debug', 'wasm', 'nelm-calc');
export function nativeCalculate(request) {
  let output;
  try {
    output = execFileSync(nativeCli, ['-'], {
      input: JSON.stringify(request),
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });
  } catch (error) {
    output = error.stdout; // a refusal exits 1 and is still a response
  }
  const response = JSON.parse(output);
  if (!response.ok) throw Object.assign(new Error(response.error.message), response.error);
  return { result: response.result, warnings: response.warnings ?? [] };
}
