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

export function runSelfTest(engine) {
  const cases = [];
  for (const [path, requestText] of Object.entries(requests)) {
    const name = (path.split('/').pop() ?? path).replace('.request.json', '');
    const expectedText = responses[path.replace('.request.json', '.response.json')];
    if (!expectedText) continue;
    let detail = null;
    try {
      detail = firstDifference(engine.calculateRaw(requestText), JSON.parse(expectedText));
    } catch (error) {
      detail = String(error);
    }
    cases.push({ name, ok: detail === null, detail });
  }
  return { cases, total: cases.length, passed: cases.filter((item) => item.ok).length };
}
