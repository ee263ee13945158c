// No modelled value is ever labelled a 95% CI (issue 12 point 4): every predict response of every
// shipped model (public/models), for every profile (each input at each level and unknown) and
// several conditioning times, through the built WebAssembly module.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadModule, repositoryRoot } from './module_loader.mjs';

let nelm;
before(async () => {
  nelm = await loadModule();
});

const call = (request) => JSON.parse(nelm.calculate(JSON.stringify(request)));
const modelsDirectory = join(repositoryRoot, 'public', 'models');
const shippedModels = readdirSync(modelsDirectory)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => ({ name, model: JSON.parse(readFileSync(join(modelsDirectory, name), 'utf8')) }));

// Every combination of each input's values (its levels and "unknown"; a number input at its
// range's ends and unknown).
function profiles(inputs) {
  let all = [{}];
  for (const input of inputs) {
    const values =
      input.type === 'number'
        ? [input.range.minimum, input.range.maximum, 'unknown']
        : [...input.levels.map((level) => level.value), 'unknown'];
    all = all.flatMap((profile) => values.map((value) => ({ ...profile, [input.name]: value })));
  }
  return all;
}

// The JSON pointers of numbers whose interval is mislabelled: an object with a "status" must
// carry interval_type; a modelled one is model_range or none, never published_95_ci; a published
// one is published_95_ci exactly when the source printed both limits, else none.
function mislabelled(value, at = '', found = []) {
  if (Array.isArray(value)) {
    value.forEach((item, i) => mislabelled(item, `${at}/${i}`, found));
  } else if (value && typeof value === 'object') {
    if ('status' in value) {
      const type = value.interval_type;
      const printed =
        value.lower !== null &&
        value.lower !== undefined &&
        value.upper !== null &&
        value.upper !== undefined;
      const right =
        value.status === 'published'
          ? type === (printed ? 'published_95_ci' : 'none')
          : type === 'model_range' || type === 'none';
      if (!right) found.push(`${at} (status ${value.status}, interval_type ${type})`);
    }
    for (const [key, item] of Object.entries(value)) mislabelled(item, `${at}/${key}`, found);
  }
  return found;
}

test('the check finds a modelled value called a 95% CI and a missing interval type', () => {
  assert.deepEqual(
    mislabelled({
      estimates: [{ status: 'modelled', lower: 0.1, upper: 0.2, interval_type: 'published_95_ci' }],
    }),
    ['/estimates/0 (status modelled, interval_type published_95_ci)'],
  );
  assert.deepEqual(mislabelled({ curve: { status: 'modelled', lower: [] } }), [
    '/curve (status modelled, interval_type undefined)',
  ]);
  assert.deepEqual(
    mislabelled({
      status: 'published',
      lower: null,
      upper: null,
      interval_type: 'published_95_ci',
    }),
    [' (status published, interval_type published_95_ci)'],
  );
});

test('every predict response of every shipped model labels its intervals by their kind', () => {
  assert.ok(shippedModels.length >= 2, 'both shipped models are read');
  const kinds = new Set();
  for (const { name, model } of shippedModels) {
    const loaded = call({ op: 'load_model', model });
    assert.equal(loaded.ok, true, `${name}: ${JSON.stringify(loaded.error)}`);
    const { handle, inputs, outcome } = loaded.result;
    let responses = 0;
    for (const profile of profiles(inputs)) {
      for (const conditionTime of [0, 2, outcome.max_time / 2]) {
        const request = { op: 'predict', model_handle: handle, profile };
        if (conditionTime > 0) request.condition_time = conditionTime;
        const response = call(request);
        assert.equal(
          response.ok,
          true,
          `${name} ${JSON.stringify(request)}: ${JSON.stringify(response.error)}`,
        );
        const found = mislabelled(response.result, '/result');
        assert.deepEqual(found, [], `${name} ${JSON.stringify(request)}`);
        JSON.stringify(response.result, (key, value) => {
          if (key === 'interval_type') kinds.add(value);
          return value;
        });
        responses += 1;
      }
    }
    assert.ok(responses >= 3 * inputs.length, `${name}: ${responses} responses checked`);
  }
  // The shipped evidence has all three kinds: S1's printed CIs by group, the models' ranges and
  // numbers without an interval (the DFS points and the medians).
  assert.deepEqual([...kinds].sort(), ['model_range', 'none', 'published_95_ci']);
});
