// Every example request of docs/api.md gives the same response from the WASM module as from the
// native CLI (numbers to 1e-9 relative: the two libms may differ in the last bits).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadModule, nativeCalculate, firstDifference, repositoryRoot } from './module_loader.mjs';

const examplesDirectory = join(repositoryRoot, 'docs', 'examples');
const requests = readdirSync(examplesDirectory).filter((name) => name.endsWith('.request.json'));

let nelm;
before(async () => {
  nelm = await loadModule();
});

test('there is at least one example per op', () => {
  const ops = new Set(
    requests.map((name) => JSON.parse(readFileSync(join(examplesDirectory, name), 'utf8')).op),
  );
  for (const op of [
    'kaplan_meier',
    'log_rank',
    'cox',
    'parametric',
    'cumulative_incidence',
    'fine_gray',
    'fit_landmarks',
    'calibrate',
    'export_model',
  ]) {
    assert.ok(ops.has(op), `no example request for ${op}`);
  }
});

for (const name of requests) {
  test(`wasm equals native for ${name}`, () => {
    const requestText = readFileSync(join(examplesDirectory, name), 'utf8');
    const wasm = JSON.parse(nelm.calculate(requestText));
    const native = JSON.parse(nativeCalculate(requestText));
    assert.equal(wasm.ok, native.ok);
    // An exported model's checksum hashes every digit of its numbers, which the two libms may
    // set differently in the last bit: each must be its own model's checksum, then it is left
    // out of the 1e-9 comparison.
    if (wasm.result?.model?.checksum && wasm.result.model.format) {
      // a model file, not predict's identity
      const engines = [
        [(text) => nelm.calculate(text), wasm],
        [nativeCalculate, native],
      ];
      for (const [engine, response] of engines) {
        const validation = JSON.parse(
          engine(JSON.stringify({ op: 'validate_model', model: response.result.model })),
        );
        assert.equal(validation.ok, true, JSON.stringify(validation).slice(0, 300));
        delete response.result.checksum;
        delete response.result.model.checksum;
      }
    }
    assert.equal(firstDifference(wasm, native), null);
  });
}
