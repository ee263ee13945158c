// @ts-check
// Reference cases for the Evidence view: every documented example request of docs/api.md, run
// through the WASM core and compared with the checked-in response of the native build.
import { firstDifference } from './compare.js';

const requests = import.meta.glob('../../docs/examples/*.request.json', {
  query: '?raw',
  import: 'default',
  eager: true,
});
const responses = import.meta.glob('../../docs/examples/*.response.json', {
  query: '?raw',
  import: 'default',
  eager: true,
});

// An exported model's checksum hashes every digit of its numbers, which the browser's and the
// native libm may set differently in the last bit: it must be the checksum of the model as
// returned (validate_model accepts it), then it is left out of the comparison, as
// tests/api/examples_test.cpp does natively. A predict response's `model` is a description, left as is.
/** @param {any} engine @param {any} actual @param {any} expected @returns {string | null} */
function setAsideModelChecksum(engine, actual, expected) {
  const model = actual?.result?.model;
  if (!model || typeof model !== 'object' || !('format' in model)) return null;
  const validation = engine.calculateRaw(JSON.stringify({ op: 'validate_model', model }));
  if (!validation.ok) return `the returned model file does not validate: ${validation.error?.code}`;
  for (const response of [actual, expected]) {
    if (response?.result) delete response.result.checksum;
    if (response?.result?.model) delete response.result.model.checksum;
  }
  return null;
}

export function runSelfTest(engine) {
  const cases = [];
  for (const [path, requestText] of Object.entries(requests)) {
    const name = (path.split('/').pop() ?? path).replace('.request.json', '');
    const expectedText = responses[path.replace('.request.json', '.response.json')];
    if (!expectedText) continue;
    let detail = null;
    try {
      const actual = engine.calculateRaw(/** @type {string} */ (requestText));
      const expected = JSON.parse(/** @type {string} */ (expectedText));
      detail = setAsideModelChecksum(engine, actual, expected) ?? firstDifference(actual, expected);
    } catch (error) {
      detail = String(error);
    }
    cases.push({ name, ok: detail === null, detail });
  }
  return { cases, total: cases.length, passed: cases.filter((item) => item.ok).length };
}
