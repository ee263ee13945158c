// Assembles the single-file calculator: the built site's index.html with its stylesheet, the page
// bundle and the WASM module all inlined, and a Content-Security-Policy meta tag that allows exactly
// these inline blocks by their sha256 hash.
// The module is the site's own nelm_core.js and nelm_core.wasm. The wasm travels gzip-compressed
// and base64-encoded inside a small inline loader, which inflates it with the browser's
// DecompressionStream and hands the bytes to createNelmModule as `wasmBinary`: about 3/4 of the
// size of Emscripten's -sSINGLE_FILE base64 of the raw wasm once the page itself is gzipped, and a
// third of it uncompressed. Nothing is fetched, so no connect-src is needed. Your cohort's worker
// and demo cohort ride along as data blocks; the worker starts from a Blob (worker-src blob:).
// Usage: node web/tools/single-file.mjs <site dir> <output.html>
import { readFileSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { gzipSync, constants } from 'node:zlib';
import { dirname, join } from 'node:path';

const [siteDirectory, outputPath] = process.argv.slice(2);
if (!outputPath) {
  console.error('usage: single-file.mjs <site dir> <output.html>');
  process.exit(2);
}

const hash = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
// Inline script text must not close its own element early.
const safeScript = (text) => text.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');

let html = readFileSync(join(siteDirectory, 'index.html'), 'utf8');
const scriptHashes = [];
const styleHashes = [];

function replaceOnce(pattern, build) {
  const match = html.match(pattern);
  if (!match) throw new Error(`single-file: ${pattern} not found in index.html`);
  html = html.replace(match[0], () => build(match));
}

// The wasm, gzip-compressed, then base64 (its characters need no escaping in a script). The
// loader wraps the factory nelm_core.js defines: every createNelmModule() call gets the inflated
// bytes as wasmBinary, so Emscripten's loader never fetches nelm_core.wasm.
const wasmGzipBase64 = gzipSync(readFileSync(join(siteDirectory, 'nelm_core.wasm')), {
  level: constants.Z_BEST_COMPRESSION,
}).toString('base64');
const wasmLoader = `(() => {
  'use strict';
  const createModule = globalThis.createNelmModule;
  const wasmGzipBase64 = '${wasmGzipBase64}';
  let wasmBinary = null;
  async function inflate() {
    if (typeof DecompressionStream !== 'function') {
      throw new Error('this browser cannot unpack the single-file calculator (it needs Chrome or Edge 80, '
        + 'Firefox 113, Safari 16.4 or later). Use a newer browser, or the calculator served as a site.');
    }
    const text = atob(wasmGzipBase64);
    const gzip = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i += 1) gzip[i] = text.charCodeAt(i);
    const stream = new Blob([gzip]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }
  globalThis.createNelmModule = async (options = {}) => {
    wasmBinary ??= inflate();
    return createModule({ ...options, wasmBinary: await wasmBinary });
  };
})();
`;
replaceOnce(/<script src="\.\/nelm_core\.js"><\/script>/, () => {
  const text = safeScript(readFileSync(join(siteDirectory, 'nelm_core.js'), 'utf8'));
  scriptHashes.push(hash(text), hash(wasmLoader));
  // The ids let the Your cohort view copy both into its worker's Blob (see below).
  return `<script id="nelm-core">${text}</script>\n  <script id="nelm-wasm-loader">${wasmLoader}</script>`;
});
replaceOnce(
  /<script type="module" crossorigin src="\.\/(assets\/[^"]+\.js)"><\/script>/,
  (match) => {
    const text = safeScript(readFileSync(join(siteDirectory, match[1]), 'utf8'));
    scriptHashes.push(hash(text));
    return `<script type="module">${text}</script>`;
  },
);
replaceOnce(/<link rel="stylesheet" crossorigin href="\.\/(assets\/[^"]+\.css)">/, (match) => {
  const text = readFileSync(join(siteDirectory, match[1]), 'utf8').replace(
    /<\/(style)/gi,
    '<\\/$1',
  );
  styleHashes.push(hash(text));
  return `<style>${text}</style>`;
});
// Your cohort's worker cannot be fetched from file://: its code rides along as a data block (a
// script of a type browsers do not run) and the view starts it from a Blob made of the module,
// the loader and this code (web/src/views/cohort/single-file.js); the CSP allows blob: workers
// only. The SYNTHETIC demo cohort rides along the same way, since nothing can be fetched.
const workers = readdirSync(join(siteDirectory, 'assets')).filter((name) =>
  /^worker-.*\.js$/.test(name),
);
if (workers.length !== 1)
  throw new Error(`single-file: expected one worker bundle in assets/, found ${workers.length}`);
const demo = readFileSync(join(siteDirectory, 'data', 'demo-cohort.csv'), 'utf8');
if (/<\//.test(demo))
  throw new Error('single-file: the demo cohort contains "</", which would end its data block');
replaceOnce(
  /<\/head>/,
  () => `  <script type="text/plain" id="nelm-cohort-worker">${safeScript(readFileSync(join(siteDirectory, 'assets', workers[0]), 'utf8'))}</script>
  <script type="text/csv" id="nelm-demo-cohort">${demo}</script>
</head>`,
);
if (/<(script|link)[^>]+(src|href)="\.?\/?(assets|nelm)/.test(html)) {
  throw new Error('single-file: a reference to a separate file is left');
}

const policy = [
  "default-src 'none'",
  `script-src ${scriptHashes.join(' ')} 'wasm-unsafe-eval'`,
  `style-src ${styleHashes.join(' ')}`,
  'img-src data:',
  'worker-src blob:',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
html = html.replace(
  '<meta charset="utf-8">',
  `<meta charset="utf-8">\n  <meta http-equiv="Content-Security-Policy" content="${policy}">`,
);

mkdirSync(dirname(outputPath), { recursive: true });
writeFileSync(outputPath, html);
console.log(`Single file written to ${outputPath} (${(html.length / 1024).toFixed(0)} KiB)`);
