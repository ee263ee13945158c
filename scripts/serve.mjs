// A static file server for the built site on localhost only, with the MIME types and the security
// headers of the documented deployment (docs/deploy.md; tests/node/serve.test.mjs compares them).
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';

const [root = 'build/site', port = '8080'] = process.argv.slice(2);
const siteRoot = resolve(root);
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};
const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
].join('; ');
const securityHeaders = {
  'Content-Security-Policy': contentSecurityPolicy,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

// The file a URL path names, or null when it is malformed or lies outside the site folder. The
// path is decoded first (so %2f and %2e%2e are seen as what they are), then resolved, and the
// result must be the root or inside it: a prefix test alone would let /..%2fsite-private through.
function fileFor(urlPath, rootFolder = siteRoot) {
  let path;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return null; // malformed escape (%E0%A4%A)
  }
  if (path.includes('\0')) return null;
  const file = resolve(join(rootFolder, path.endsWith('/') ? `${path}index.html` : path));
  const inside = relative(rootFolder, file);
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
    return null;
  }
  return file;
}

async function answer(request, response) {
  const pathname = request.url.startsWith('/') ? request.url.split(/[?#]/)[0] : null;
  const file = pathname === null ? null : fileFor(pathname);
  if (!file) {
    response.writeHead(400, { ...securityHeaders, 'Content-Type': 'text/plain' }).end('bad path');
    return;
  }
  try {
    const body = await readFile(file);
    response.writeHead(200, {
      ...securityHeaders,
      'Content-Type': types[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': 'no-cache',
    });
    response.end(body);
  } catch {
    response.writeHead(404, { ...securityHeaders, 'Content-Type': 'text/plain' }).end('not found');
  }
}

createServer((request, response) => {
  answer(request, response).catch(() => response.destroy());
}).listen(Number(port), '127.0.0.1', () => {
  console.log(`NELM Outcomes Calculator: http://localhost:${port}/  (Ctrl-C to stop)`);
});
