// Shared set-up for the browser tests: Debian's Chromium through playwright-core, nginx serving
// the built site with the configuration docs/deploy.md documents (read out of that file), host
// pages on other origins for the iframe tests, and a request log per page.
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
import { deployConfiguration, substituteOnce } from '../support/deploy-config.mjs';

export const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const siteDirectory = join(repositoryRoot, 'build', 'site');
export const singleFile = join(repositoryRoot, 'build', 'single-file', 'nelm-calculator.html');
export const resultsDirectory = join(repositoryRoot, 'test-results', 'browser');

export const chromiumArguments = [
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

const documentedSnippetPath = '/etc/nginx/snippets/nelm-calculator-headers.conf';

// The documented nginx site (docs/deploy.md, "nginx") for a test: only the listen line (plain
// HTTP on loopback), the certificate lines, root and the snippet's path change.
function documentedServer({ port, root, snippet }) {
  let server = deployConfiguration('nginx-server');
  server = substituteOnce(server, 'listen 443 ssl;', `listen 127.0.0.1:${port};`);
  server = substituteOnce(server, 'ssl_certificate /etc/ssl/certs/calc.example.org.pem;\n', '');
  server = substituteOnce(
    server,
    'ssl_certificate_key /etc/ssl/private/calc.example.org.key;\n',
    '',
  );
  server = substituteOnce(server, 'root /srv/nelm-calculator;', `root ${root};`);
  return server.replaceAll(`include ${documentedSnippetPath};`, `include ${snippet};`);
}

// The documented snippet with the host origins added to frame-ancestors, as "Embedding" says.
function embeddingSnippet(hostOrigin) {
  return substituteOnce(
    deployConfiguration('nginx-headers'),
    "frame-ancestors 'self'\"",
    `frame-ancestors 'self' ${hostOrigin}"`,
  );
}

// Two copies of the built site behind the documented nginx configuration: `siteOrigin` configured
// for embedding by `hostOrigin` (docs/deploy.md, "Embedding": the meta tag and frame-ancestors),
// `defaultOrigin` exactly as documented; the host page on `hostOrigin` and the same host pages on
// `strangerOrigin`, an origin nobody configured. Returns the origins and a stop function.
export function startServers() {
  const work = mkdtempSync(join(tmpdir(), 'nelm-browser-'));
  chmodSync(work, 0o755); // nginx's workers run as www-data
  const site = join(work, 'site');
  const defaultSite = join(work, 'site-default');
  const host = join(work, 'host');
  cpSync(siteDirectory, site, { recursive: true });
  cpSync(siteDirectory, defaultSite, { recursive: true });
  mkdirSync(host);
  const sitePort = freePort(18000);
  const ports = {
    site: sitePort,
    defaultSite: sitePort + 1,
    host: sitePort + 3000,
    stranger: sitePort + 3001,
  };
  const origin = (port) => `http://127.0.0.1:${port}`;
  const siteOrigin = origin(ports.site);
  const defaultOrigin = origin(ports.defaultSite);
  const hostOrigin = origin(ports.host);
  const strangerOrigin = origin(ports.stranger);
  const index = join(site, 'index.html');
  writeFileSync(
    index,
    substituteOnce(
      readFileSync(index, 'utf8'),
      '<meta name="nelm-embed-origins" content="">',
      `<meta name="nelm-embed-origins" content="${hostOrigin}">`,
    ),
  );
  writeFileSync(join(host, 'host.html'), hostPage(siteOrigin));
  writeFileSync(join(host, 'host-default.html'), hostPage(defaultOrigin));
  writeFileSync(join(work, 'headers-embedding.conf'), embeddingSnippet(hostOrigin));
  writeFileSync(join(work, 'headers-default.conf'), deployConfiguration('nginx-headers'));
  const configuration = nginxConfiguration({
    work,
    host,
    ports,
    servers: [
      documentedServer({
        port: ports.site,
        root: site,
        snippet: join(work, 'headers-embedding.conf'),
      }),
      documentedServer({
        port: ports.defaultSite,
        root: defaultSite,
        snippet: join(work, 'headers-default.conf'),
      }),
    ],
  });
  writeFileSync(join(work, 'nginx.conf'), configuration);
  const started = spawnSync('/usr/sbin/nginx', ['-c', join(work, 'nginx.conf'), '-p', work], {
    encoding: 'utf8',
  });
  if (started.status !== 0) throw new Error(`nginx did not start: ${started.stderr}`);
  const stop = () =>
    spawnSync('/usr/sbin/nginx', ['-c', join(work, 'nginx.conf'), '-p', work, '-s', 'stop']);
  return { siteOrigin, defaultOrigin, hostOrigin, strangerOrigin, stop, work, defaultSite };
}

// The test's own nginx frame (process, logs, temporary folders) around the documented sites, and
// the host pages' server (not part of the deployment: it only plays the intranet page).
function nginxConfiguration({ work, host, ports, servers }) {
  const hostServer = (port) => `  server {
    listen 127.0.0.1:${port};
    root ${host};
    add_header Content-Security-Policy "default-src 'self'; script-src 'self'; frame-src http://127.0.0.1:${ports.site} http://127.0.0.1:${ports.defaultSite}" always;
  }`;
  return `daemon on;
worker_processes 1;
pid ${work}/nginx.pid;
error_log ${work}/error.log warn;
events { worker_connections 64; }
http {
  access_log ${work}/access.log;
  client_body_temp_path ${work}/body; proxy_temp_path ${work}/proxy;
  fastcgi_temp_path ${work}/fastcgi; uwsgi_temp_path ${work}/uwsgi; scgi_temp_path ${work}/scgi;
${servers.join('\n')}
${hostServer(ports.host)}
${hostServer(ports.stranger)}
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

// Words that must not reach a clinician's screen: snake_case codes, file names, paths and the
// internal words the issues found on screen (tests/browser/clinic.test.mjs, cohort-report.test.mjs).
export const internalWords = [
  /\b[a-z]+_[a-z0-9_]+\b/,
  /\b[\w-]+\.(json|md|mjs|js|cpp|csv|tsv)\b/,
  /\bdocs\//,
  /\bscripts\//,
  /cox\.zph/,
  /\bthe seed\b/i,
  /\bcentred\b/i,
  /\bnull\b/,
  /\bundefined\b/,
  /\bNaN\b/,
  /\b0\.0%/,
];

// A cohort file's own column names and values with an underscore (date_of_surgery, small_bowel):
// the user's data, shown verbatim, not the page's words; withoutFileWords(line) takes them out.
export function fileWordsOf(csvText) {
  const words = [...new Set(csvText.split(/[\r\n,;\t]+/).filter((word) => /_/.test(word)))].sort(
    (a, b) => b.length - a.length,
  );
  return (line) => words.reduce((text, word) => text.split(word).join(''), line);
}
