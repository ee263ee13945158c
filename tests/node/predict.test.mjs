// predict and validate_model through the built WebAssembly module, on the shipped model files:
// the same numbers as published, the same refusals as natively.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadModule, repositoryRoot } from './module_loader.mjs';

let nelm;
before(async () => {
  nelm = await loadModule();
});

const call = (request) => JSON.parse(nelm.calculate(JSON.stringify(request)));
const readJson = (path) => JSON.parse(readFileSync(join(repositoryRoot, path), 'utf8'));
const dfs = () => readJson('public/models/dfs-after-surgery.json');
const recurrence = () => readJson('public/models/outcome-after-recurrence.json');
const evidence = readJson('models/evidence.json');
const percent = (value) => Number(`${value}e-2`);

test('the shipped models validate in the module with their checksum', () => {
  for (const model of [dfs(), recurrence()]) {
    const response = call({ op: 'validate_model', model });
    assert.equal(response.ok, true);
    assert.equal(response.result.computed_checksum, model.checksum);
  }
});

test('DFS: published anchors exactly, the fitted curve within 1 percentage point', () => {
  const response = call({ op: 'predict', model: dfs(), times: [1, 3.1, 5, 10] });
  assert.equal(response.ok, true);
  const [prediction] = response.result.predictions;
  evidence.dfs.points.forEach((point, i) => {
    const median = point.quantity === 'median';
    assert.equal(prediction.anchors[i].estimate, median ? point.value : percent(point.value));
    assert.equal(prediction.anchors[i].status, 'published');
    const published = median ? 0.5 : percent(point.value);
    assert.ok(Math.abs(prediction.curve.surv[i] - published) < 0.01, point.label);
  });
  assert.equal(prediction.curve.status, 'modelled');
  assert.ok(prediction.cure.fraction.estimate > 0 && prediction.cure.fraction.estimate < 0.321);
});

test('DFS conditional on 3 disease-free years gives P(cure) = pi / S(3)', () => {
  const model = dfs();
  const s3 = call({ op: 'predict', model, times: [3] }).result.predictions[0].curve.surv[0];
  const response = call({ op: 'predict', model, condition_time: 3 });
  const cure = response.result.predictions[0].cure.given_condition;
  assert.ok(Math.abs(cure.estimate - model.baseline.parameters.cure_fraction / s3) < 1e-12);
});

test('recurrence: the published 10-year OS and CI, no curve where no survivors were seen', () => {
  const response = call({ op: 'predict', model: recurrence(), times: [10] });
  assert.equal(response.ok, true);
  evidence.recurrence.groups.forEach((group, i) => {
    const prediction = response.result.predictions[i];
    assert.equal(prediction.anchors[0].estimate, percent(group.os10));
    if (group.os10 === 0) {
      assert.equal(prediction.curve, null);
      assert.match(prediction.statement, /No 10-year survivors/);
    } else {
      assert.ok(Math.abs(prediction.curve.surv[0] - percent(group.os10)) < 1e-12);
      assert.ok(Math.abs(prediction.curve.lower[0] - percent(group.lower)) < 1e-12);
    }
  });
  const codes = response.warnings.map((warning) => warning.code);
  assert.ok(codes.includes('confounded_comparison'));
  assert.ok(codes.includes('time_origin_assumed'));
});

test('a changed model is refused with checksum_mismatch at /model/checksum', () => {
  const model = dfs();
  model.effects[0].hr = 2.2;
  model.effects[0].log_hr = Math.log(2.2);
  const response = call({ op: 'predict', model });
  assert.deepEqual(
    [response.error.code, response.error.path],
    ['checksum_mismatch', '/model/checksum'],
  );
});

test('an unknown profile level is refused with its path', () => {
  const response = call({ op: 'predict', model: recurrence(), profile: { site: 'lung' } });
  assert.deepEqual([response.error.code, response.error.path], ['invalid_value', '/profile/site']);
});

test('load_model keeps a model in the module: predict by its handle gives the same response', () => {
  const model = dfs();
  const loaded = call({ op: 'load_model', model });
  assert.equal(loaded.ok, true);
  assert.equal(loaded.result.handle, model.checksum);
  assert.equal(loaded.result.role, 'after_surgery');
  assert.equal(loaded.result.outcome.max_time, 10);
  const profile = { primary: 'pancreatic', lymph_nodes: 'positive' };
  const byHandle = call({
    op: 'predict',
    model_handle: loaded.result.handle,
    profile,
    condition_time: 2,
  });
  assert.deepEqual(byHandle, call({ op: 'predict', model, profile, condition_time: 2 }));
  const unknown = call({ op: 'predict', model_handle: 'sha256:0123' });
  assert.deepEqual(
    [unknown.error.code, unknown.error.path],
    ['unknown_model_handle', '/model_handle'],
  );
});

test('the recurrence model says which input is the site and which the treatment', () => {
  const { result } = call({ op: 'load_model', model: recurrence() });
  assert.equal(result.role, 'at_recurrence');
  assert.deepEqual(
    result.inputs.map((input) => [input.name, input.role]),
    [
      ['site', 'recurrence_site'],
      ['treatment', 'recurrence_treatment'],
    ],
  );
});
