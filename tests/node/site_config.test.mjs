// The site configuration (config/site-config.json, docs/deploy.md "Site configuration"): the
// shipped file is valid, and a file that does not fit is refused at build time with the member
// to fix, so a deployment never ships a setting the page silently ignores.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readSiteConfig, checkSiteConfig } from '../../web/tools/site-config.mjs';
import { repositoryRoot } from './module_loader.mjs';

const shipped = () =>
  JSON.parse(JSON.stringify(readSiteConfig(join(repositoryRoot, 'config', 'site-config.json'))));
const file = (deployment) => ({ format: 'nelm-site-config', format_version: 1, deployment });

test('the shipped configuration is valid and states the regulatory status', () => {
  const { deployment } = shipped();
  assert.match(deployment.regulatory_status, /not a CE- or UKCA-marked medical device/);
  assert.equal(deployment.contact, null);
  assert.equal(deployment.last_reviewed, null);
});

test("a hospital's settings are read; every unknown or malformed member is refused by name", () => {
  const settings = {
    institution: 'Example Hospital',
    regulatory_status: 'Registered as ...',
    maintainer: 'Surgical IT',
    contact: 'nelm-calculator@example.org',
    last_reviewed: '2026-11-30',
    local_note: null,
  };
  assert.deepEqual(checkSiteConfig(file(settings)).deployment, settings);
  assert.throws(
    () => checkSiteConfig({ ...file(settings), trusted: [] }),
    /"trusted" is not a member/,
  );
  assert.throws(
    () => checkSiteConfig(file({ ...settings, contatc: 'x' })),
    /"deployment.contatc" is not a member/,
  );
  assert.throws(
    () => checkSiteConfig(file({ ...settings, last_reviewed: '30/11/2026' })),
    /last_reviewed" must be null or a date written YYYY-MM-DD/,
  );
  assert.throws(
    () => checkSiteConfig(file({ ...settings, contact: 42 })),
    /"deployment.contact" must be null or a text/,
  );
  assert.throws(
    () => checkSiteConfig(file({ ...settings, regulatory_status: null })),
    /regulatory_status" must be set/,
  );
  assert.throws(
    () => checkSiteConfig({ ...file(settings), format_version: 2 }),
    /"format_version" must be 1/,
  );
});

// Issue 14, item 13: a hospital lists the model files it has approved, by the checksum the core
// computes; a malformed or duplicated entry stops the build with its index.
test('the trusted-model list: null keeps none; entries are checksums the core writes, each once', () => {
  const settings = shipped().deployment;
  assert.equal(shipped().trusted_models, null, 'the shipped file keeps no list');
  const dfs = `sha256:${'0123456789abcdef'.repeat(4)}`;
  const listed = checkSiteConfig({
    ...file(settings),
    trusted_models: [{ checksum: dfs, model: 'DFS model 1.1.1, approved 2026-11-30' }],
  });
  assert.deepEqual(listed.trusted_models, [
    { checksum: dfs, model: 'DFS model 1.1.1, approved 2026-11-30' },
  ]);
  assert.deepEqual(
    checkSiteConfig({ ...file(settings), trusted_models: [] }).trusted_models,
    [],
    'an empty list approves nothing',
  );
  const refused = (trusted_models) => () => checkSiteConfig({ ...file(settings), trusted_models });
  assert.throws(refused({ checksum: dfs }), /"trusted_models" must be null or a list/);
  assert.throws(refused([dfs]), /"trusted_models\[0\]" must be an object/);
  assert.throws(
    refused([{ checksum: dfs.toUpperCase().replace('SHA256', 'sha256') }]),
    /"trusted_models\[0\].checksum" must be "sha256:" followed by 64 lower-case hex digits/,
  );
  assert.throws(refused([{ checksum: dfs.slice(0, -1) }]), /trusted_models\[0\].checksum/);
  assert.throws(
    refused([{ checksum: dfs }, { checksum: dfs }]),
    /"trusted_models\[1\].checksum" is listed twice/,
  );
  assert.throws(
    refused([{ checksum: dfs, approved: true }]),
    /"trusted_models\[0\].approved" is not a member/,
  );
});
