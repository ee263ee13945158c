// Assembles the single-file calculator: the built site's index.html with its stylesheet, the page
// bundle and the WASM module (nelm_core_single.js, the wasm inlined as base64) all inlined, and a
// Content-Security-Policy meta tag that allows exactly these inline blocks by their sha256 hash.
// Usage: node web/tools/single-file.mjs <site dir> <nelm_core_single.js> <output.html>
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';

const [siteDirectory, modulePath, outputPath] = process.argv.slice(2);
if (!outputPath) {
  console.error('usage: single-file.mjs <site dir> <nelm_core_single.js> <output.html>');
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

replaceOnce(/<script src="\.\/nelm_core\.js"><\/script>/, () => {
  const text = safeScript(readFileSync(modulePath, 'utf8'));
  scriptHashes.push(hash(text));
  return `<script>${text}</script>`;
});
replaceOnce(/<script type="module" crossorigin src="\.\/(assets\/[^"]+\.js)"><\/script>/, (match) => {
  const text = safeScript(readFileSync(join(siteDirectory, match[1]), 'utf8'));
  scriptHashes.push(hash(text));
  return `<script type="module">${text}</script>`;
});
replaceOnce(/<link rel="stylesheet" crossorigin href="\.\/(assets\/[^"]+\.css)">/, (match) => {
  const text = readFileSync(join(siteDirectory, match[1]), 'utf8').replace(/<\/(style)/gi, '<\\/$1');
  styleHashes.push(hash(text));
  return `<style>${text}</style>`;
});
if (/<(script|link)[^>]+(src|href)="\.?\/?(assets|nelm)/.test(html)) {
  throw new Error('single-file: a reference to a separate file is left');
}

const policy = [
  "default-src 'none'", `script-src ${scriptHashes.join(' ')} 'wasm-unsafe-eval'`,
  // connect-src data: lets Emscripten's loader fetch its own inlined wasm (a data: URI, no network).
  `style-src ${styleHashes.join(' ')}`, "img-src data:", "connect-src data:", "base-uri 'none'", "form-action 'none'",
].join('; ');
html = html.replace('<meta charset="utf-8">',
  `<meta charset="utf-8">\n  <meta http-equiv="Content-Security-Policy" content="${policy}">`);

mkdirSync(dirname(outputPath), { recursive: true });
writeFileSync(outputPath, html);
console.log(`Single file written to ${outputPath} (${(html.length / 1024).toFixed(0)} KiB)`);
