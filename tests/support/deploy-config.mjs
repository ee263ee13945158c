// Reads the server configurations out of docs/deploy.md, so that the tests serve the site with
// exactly what the documentation tells a hospital to install (the two cannot drift apart).
// A configuration is the fenced block right after a marker comment `<!-- deploy-config: NAME -->`.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const deployDocument = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'docs',
  'deploy.md',
);

export function deployConfiguration(name, text = readFileSync(deployDocument, 'utf8')) {
  const marker = `<!-- deploy-config: ${name} -->`;
  const at = text.indexOf(marker);
  if (at < 0) throw new Error(`docs/deploy.md has no "${marker}"`);
  if (text.indexOf(marker, at + 1) >= 0) throw new Error(`docs/deploy.md has "${marker}" twice`);
  const block = text.slice(at + marker.length).match(/^\s*```[a-z]*\n([\s\S]*?)\n```/);
  if (!block) throw new Error(`no fenced block right after "${marker}" in docs/deploy.md`);
  return block[1];
}

// Replaces `from` by `to` in a configuration, failing when `from` does not occur exactly once: a
// test must never silently serve something other than the documented configuration.
export function substituteOnce(configuration, from, to) {
  const count = configuration.split(from).length - 1;
  if (count !== 1) {
    throw new Error(
      `docs/deploy.md changed: expected "${from}" once in the configuration, found ${count}`,
    );
  }
  return configuration.replace(from, () => to);
}

// The headers an nginx snippet of `add_header NAME "VALUE" always;` lines sets, by lower-case name.
export function nginxHeaders(snippet) {
  const headers = {};
  for (const line of snippet.split('\n')) {
    const match = line.match(/^\s*add_header\s+([A-Za-z-]+)\s+"([^"]*)"\s+always;\s*(#.*)?$/);
    if (match) headers[match[1].toLowerCase()] = match[2];
    else if (/\badd_header\b/.test(line)) throw new Error(`cannot read the header line: ${line}`);
  }
  return headers;
}
