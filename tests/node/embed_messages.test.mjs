// The embedding API's message parser (web/src/embed.js): a malformed or oversized message from
// the host is ignored whole, never half-applied, and cannot put unknown fields into the link.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSetInputs } from '../../web/src/embed.js';

const known = (name) => ['primary', 'grade', 't0'].includes(name);

test('a well-formed message is reduced to strings', () => {
  assert.deepEqual(
    parseSetInputs(
      {
        type: 'nelm:set-inputs',
        view: 'after-surgery',
        inputs: { primary: 'pancreatic', t0: 2.5 },
        requestId: 'r1',
      },
      known,
    ),
    { view: 'after-surgery', inputs: { primary: 'pancreatic', t0: '2.5' }, requestId: 'r1' },
  );
});

test('malformed messages are ignored', () => {
  const bad = [
    null,
    'nelm:set-inputs',
    42,
    [],
    { type: 'other' },
    { type: 'nelm:set-inputs', inputs: 'primary=pancreatic' },
    { type: 'nelm:set-inputs', inputs: ['pancreatic'] },
    { type: 'nelm:set-inputs', view: 42 },
    { type: 'nelm:set-inputs', inputs: { patient_name: 'Jane Doe' } },
    { type: 'nelm:set-inputs', inputs: { primary: 'x'.repeat(3_000_000) } },
    // eslint-disable-next-line no-loss-of-precision -- 1e400 is Infinity on purpose: not finite
    { type: 'nelm:set-inputs', inputs: { t0: 1e400 } },
    { type: 'nelm:set-inputs', inputs: { t0: { value: 1 } } },
    { type: 'nelm:set-inputs', inputs: { 'Primary Site': 'pancreatic' } },
  ];
  for (const message of bad)
    assert.equal(parseSetInputs(message, known), null, JSON.stringify(message)?.slice(0, 80));
});

test('a request id is echoed only when it is short text or a finite number', () => {
  const message = (requestId) => ({ type: 'nelm:set-inputs', inputs: {}, requestId });
  assert.equal(parseSetInputs(message({ huge: 'x'.repeat(1000) }), known).requestId, null);
  assert.equal(parseSetInputs(message('y'.repeat(200)), known).requestId, null);
  assert.equal(parseSetInputs(message(7), known).requestId, 7);
});
