// The WebAssembly module inside its documented limits (docs/errors.md, "Size limits"): it never
// aborts or throws. Driven to its 2 GB memory limit it answers too_large and keeps working; the
// largest requests the limits allow are answered; those beyond them are refused before the work.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadModule } from './module_loader.mjs';

let nelm;
before(async () => {
  nelm = await loadModule();
});

const call = (request) =>
  JSON.parse(nelm.calculate(typeof request === 'string' ? request : JSON.stringify(request)));
const small = { op: 'kaplan_meier', data: { time: [1, 2, 3, 4, 5], event: [1, 0, 1, 1, 0] } };

// Distinct full-precision times (what a date difference in seconds, or a simulation, gives).
function distinctTimes(n) {
  const times = new Float64Array(n);
  for (let i = 0; i < n; i += 1) times[i] = (i + 1) * 0.000123456789 + Math.sin(i) * 1e-5;
  return times;
}

function timed(request) {
  const started = performance.now();
  const text = nelm.calculate(JSON.stringify(request));
  return { text, seconds: (performance.now() - started) / 1000 };
}

test('driven to its memory limit the module answers too_large, then works as before', (t) => {
  const expected = nelm.calculate(JSON.stringify(small));
  const column = new Float64Array(2_000_000).fill(1);
  let answer = null;
  let stored = 0;
  for (; stored < 400; stored += 1) {
    answer = JSON.parse(nelm.putColumn(`filler${stored}`, column));
    if (!answer.ok) break;
  }
  t.diagnostic(`${stored} columns of 16 MB stored before the memory ran out`);
  assert.equal(answer.ok, false, 'the memory ran out');
  assert.equal(answer.error.code, 'too_large');
  assert.ok(stored * 16e6 > 1.5e9, 'about 2 GB were used');
  // A request needing memory while it is full: refused, not aborted.
  const refused = call({
    op: 'kaplan_meier',
    data: { time: { column: 'filler0' }, event: { column: 'filler1' } },
  });
  assert.equal(refused.ok, false);
  assert.equal(refused.error.code, 'too_large');
  nelm.clearColumns();
  assert.equal(nelm.calculate(JSON.stringify(small)), expected, 'the same answer as before');
  const again = call({ op: 'kaplan_meier', data: { time: { column: 'nothing' }, event: [1] } });
  assert.equal(again.error.code, 'unknown_column');
});

test('a column longer than the row limit is refused before it is copied', () => {
  const answer = JSON.parse(nelm.putColumn('long', new Float64Array(2_000_001)));
  assert.equal(answer.ok, false);
  assert.equal(answer.error.code, 'too_large');
  assert.equal(
    call({ op: 'kaplan_meier', data: { time: { column: 'long' }, event: [1] } }).error.code,
    'unknown_column',
    'nothing was stored',
  );
});

test('the largest Kaplan-Meier the limits allow is answered: 2,000,000 distinct times', (t) => {
  const n = 2_000_000;
  assert.equal(JSON.parse(nelm.putColumn('t', distinctTimes(n))).ok, true);
  assert.equal(
    JSON.parse(
      nelm.putColumn(
        'e',
        new Float64Array(n).map((_, i) => (i % 3 === 0 ? 0 : 1)),
      ),
    ).ok,
    true,
  );
  const { text, seconds } = timed({
    op: 'kaplan_meier',
    data: { time: { column: 't' }, event: { column: 'e' } },
  });
  t.diagnostic(
    `2,000,000 distinct times: ${seconds.toFixed(1)} s, ${(text.length / 1e6).toFixed(0)} MB of response`,
  );
  assert.ok(text.startsWith('{"ok":true'), text.slice(0, 300));
  assert.ok(text.length < 500e6);
  nelm.clearColumns();
});

test('cumulative incidence beyond the response limit is refused before the work', (t) => {
  const n = 2_000_000;
  nelm.putColumn('t', distinctTimes(n));
  nelm.putColumn(
    'e',
    new Float64Array(n).map((_, i) => i % 5),
  ); // 0 = censored, causes 1..4
  const { text, seconds } = timed({
    op: 'cumulative_incidence',
    data: { time: { column: 't' }, event: { column: 'e' } },
  });
  t.diagnostic(`2,000,000 distinct times x 4 causes refused in ${seconds.toFixed(1)} s`);
  const answer = JSON.parse(text);
  assert.equal(answer.ok, false);
  assert.equal(answer.error.code, 'too_large');
  assert.equal(answer.error.path, '/data/time');
  assert.match(answer.error.message, /round the times/);
  // 9 causes in 1,000 groups: refused too (rows x causes^2 is within the work limit).
  nelm.putColumn(
    'e9',
    new Float64Array(n).map((_, i) => i % 10),
  );
  nelm.putColumn(
    'g',
    new Float64Array(n).map((_, i) => i % 1000),
  );
  const grouped = timed({
    op: 'cumulative_incidence',
    data: { time: { column: 't' }, event: { column: 'e9' }, group: { column: 'g' } },
  });
  t.diagnostic(
    `2,000,000 rows x 9 causes x 1,000 groups refused in ${grouped.seconds.toFixed(1)} s`,
  );
  assert.equal(JSON.parse(grouped.text).error.code, 'too_large');
  // The same rows with times rounded to days are answered.
  const days = new Float64Array(n).map((_, i) => (i % 3650) + 1);
  nelm.putColumn('days', days);
  const rounded = timed({
    op: 'cumulative_incidence',
    data: { time: { column: 'days' }, event: { column: 'e' } },
  });
  t.diagnostic(`2,000,000 rows on 3,650 days x 4 causes: ${rounded.seconds.toFixed(1)} s`);
  assert.ok(rounded.text.startsWith('{"ok":true'), rounded.text.slice(0, 300));
  nelm.clearColumns();
  assert.equal(call(small).ok, true);
});

test('cumulative incidence without the table, near the limit on the numbers it holds, is answered', (t) => {
  // 1,750,000 distinct times x 4 causes hold 47.25 million numbers, under the 48 million of
  // "table": false (docs/errors.md, size limits); the module's memory holds them beside the request.
  const n = 1_750_000;
  const times = distinctTimes(n);
  nelm.putColumn('t', times);
  nelm.putColumn(
    'e',
    new Float64Array(n).map((_, i) => i % 5),
  );
  const { text, seconds } = timed({
    op: 'cumulative_incidence',
    data: { time: { column: 't' }, event: { column: 'e' } },
    table: false,
    times: [1],
  });
  t.diagnostic(`1,750,000 distinct times x 4 causes without the table: ${seconds.toFixed(1)} s`);
  const answer = JSON.parse(text);
  assert.equal(answer.ok, true, text.slice(0, 300));
  // At risk at the first time from 1 on: the rows whose time is 1 or later.
  assert.equal(
    answer.result.curves[0].at_times.n_risk[0],
    times.filter((time) => time >= 1).length,
  );
  assert.equal(answer.result.curves[0].at_times.estimable[0], true);
  nelm.clearColumns();
  assert.equal(call(small).ok, true);
});

test('a request text with more values than the module can parse is refused, then all is well', () => {
  const text = `{"op":"kaplan_meier","data":{"time":[${'1,'.repeat(24_000_000)}1],"event":[1]}}`;
  const answer = call(text);
  assert.equal(answer.ok, false);
  assert.equal(answer.error.code, 'too_large');
  assert.equal(answer.error.path, '/data/time/23999996');
  assert.equal(call(small).ok, true);
});

test('duplicate keys are refused in the module too', () => {
  const answer = call('{"op":"cox","op":"kaplan_meier","data":{"time":[1,2],"event":[1,0]}}');
  assert.equal(answer.error.code, 'duplicate_key');
  assert.equal(answer.error.path, '/op');
});
