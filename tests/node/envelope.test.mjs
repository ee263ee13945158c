// The built module's contract: the envelope, refusals with code and path, the fast path.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadModule } from './module_loader.mjs';

let nelm;
before(async () => {
  nelm = await loadModule();
});

const call = (request) =>
  JSON.parse(nelm.calculate(typeof request === 'string' ? request : JSON.stringify(request)));

const tiny = { time: [1, 2, 2, 3, 4], event: [1, 1, 0, 1, 0] };

test('version reports the module and contract versions', () => {
  const version = JSON.parse(nelm.version());
  assert.match(version.version, /^\d+\.\d+\.\d+$/);
  assert.equal(version.api_version, 2);
  // One version number: CMake's project version, which package.json must repeat.
  const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url)));
  assert.equal(version.version, packageJson.version);
});

test('a valid request gets ok, result and warnings', () => {
  const response = call({ op: 'kaplan_meier', data: tiny });
  assert.equal(response.ok, true);
  assert.deepEqual(response.warnings, []);
  const table = response.result.curves[0].table;
  assert.deepEqual(table.time, [1, 2, 3, 4]);
  assert.deepEqual(table.n_risk, [5, 4, 2, 1]);
  // S(1) = 4/5, S(2) = 4/5 * 3/4 = 3/5, S(3) = 3/5 * 1/2 = 3/10.
  assert.ok(Math.abs(table.surv[0] - 0.8) < 1e-15);
  assert.ok(Math.abs(table.surv[1] - 0.6) < 1e-15);
  assert.ok(Math.abs(table.surv[2] - 0.3) < 1e-15);
});

test('malformed JSON is refused with invalid_json', () => {
  const response = call('{"op": "kaplan_meier", ');
  assert.equal(response.ok, false);
  assert.equal(response.error.code, 'invalid_json');
});

test('an unknown op is refused at /op', () => {
  const response = call({ op: 'kaplan_meyer', data: tiny });
  assert.deepEqual([response.error.code, response.error.path], ['unknown_op', '/op']);
});

test('an invalid field is refused with its JSON pointer', () => {
  const response = call({ op: 'kaplan_meier', data: { time: [1, -2, 3], event: [1, 1, 0] } });
  assert.deepEqual([response.error.code, response.error.path], ['invalid_time', '/data/time/1']);
});

test('an empty cohort is refused', () => {
  const response = call({ op: 'kaplan_meier', data: { time: [], event: [] } });
  assert.deepEqual([response.error.code, response.error.path], ['empty_data', '/data/time']);
});

test('missing values are dropped with a counting warning', () => {
  const response = call({ op: 'kaplan_meier', data: { time: [1, null, 3], event: [1, 1, 0] } });
  assert.equal(response.ok, true);
  assert.equal(response.warnings[0].code, 'missing_values');
  assert.match(response.warnings[0].message, /^1 of 3 rows/);
});

test('the typed-array fast path gives the same curve as JSON arrays', () => {
  nelm.putColumn('t', new Float64Array(tiny.time));
  nelm.putColumn('e', new Float64Array(tiny.event));
  const fast = call({
    op: 'kaplan_meier',
    data: { time: { column: 't' }, event: { column: 'e' } },
  });
  const slow = call({ op: 'kaplan_meier', data: tiny });
  nelm.clearColumns();
  assert.deepEqual(fast, slow);
  const gone = call({
    op: 'kaplan_meier',
    data: { time: { column: 't' }, event: { column: 'e' } },
  });
  assert.deepEqual([gone.error.code, gone.error.path], ['unknown_column', '/data/time/column']);
});

test('the warm-up answers its eleven requests and leaves the stored columns as they were', () => {
  nelm.putColumn('time', new Float64Array(tiny.time));
  nelm.putColumn('event', new Float64Array(tiny.event));
  const request = {
    op: 'kaplan_meier',
    data: { time: { column: 'time' }, event: { column: 'event' } },
  };
  const before = call(request);
  assert.deepEqual(JSON.parse(nelm.warmUp(1000)), { ok: true, requests: 11 });
  // The caller's 5-row "time" is back (the warm-up used 1,000 rows under the same name).
  assert.deepEqual(call(request), before);
  nelm.clearColumns();
  const refused = JSON.parse(nelm.warmUp(50));
  assert.deepEqual([refused.ok, refused.error.code], [false, 'invalid_value']);
});
