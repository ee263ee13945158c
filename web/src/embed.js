// @ts-check
// Embedding: when the page runs in an iframe, a host page on one of the configured origins may
// send inputs with postMessage; the calculator posts its results back to that origin only.
// The origins are configured in index.html: <meta name="nelm-embed-origins" content="...">.

export function configuredOrigins(doc = document) {
  const meta = /** @type {HTMLMetaElement | null} */ (
    doc.querySelector('meta[name="nelm-embed-origins"]')
  );
  const content = meta?.content ?? '';
  return content.split(/\s+/).filter((origin) => /^https?:\/\/[^/\s]+$/.test(origin));
}

// The same limits as a link's fragment (state.js): short names and values, nothing else.
const MAX_VALUE_LENGTH = 64;
const INPUT_NAME = /^[a-z][a-z0-9_]{0,63}$/;

// A well-formed {type: 'nelm:set-inputs', view?, inputs?, requestId?} reduced to plain strings,
// or null: a malformed message is ignored, never half-applied. acceptsInput(name) says which input
// names the calculator knows, so a host cannot put anything else into the page's link.
/**
 * @param {any} data
 * @param {(name: string) => boolean} [acceptsInput]
 */
export function parseSetInputs(data, acceptsInput = () => true) {
  if (!data || typeof data !== 'object' || Array.isArray(data) || data.type !== 'nelm:set-inputs') {
    return null;
  }
  if (data.view !== undefined && typeof data.view !== 'string') return null;
  const given = data.inputs ?? {};
  if (typeof given !== 'object' || Array.isArray(given)) return null;
  const inputs = {};
  for (const [name, value] of Object.entries(given)) {
    let text = null;
    if (typeof value === 'string') text = value;
    if (typeof value === 'number' && Number.isFinite(value)) text = String(value);
    if (
      text === null ||
      text.length > MAX_VALUE_LENGTH ||
      !INPUT_NAME.test(name) ||
      !acceptsInput(name)
    ) {
      return null;
    }
    inputs[name] = text;
  }
  const id = data.requestId;
  const requestId = (typeof id === 'string' && id.length <= 128) || Number.isFinite(id) ? id : null;
  return { view: data.view, inputs, requestId };
}

// onInputs(message) applies {view, inputs} and returns the results to post back. Messages are
// coalesced: the last one accepted before the next animation frame wins, and only it is applied
// and answered, so a host (or a loop) sending thousands at once costs one render, not thousands.
// schedule(callback) runs callback once before the next frame (tests may pass their own).
export function startEmbedding({ onInputs, acceptsInput, schedule = frameScheduler() }) {
  const origins = configuredOrigins();
  if (window.parent === window || origins.length === 0) return { post() {} };
  let hostOrigin = null;
  let pending = null;
  const post = (message) => {
    if (hostOrigin) window.parent.postMessage(message, hostOrigin);
  };
  const applyLatest = () => {
    const { message, origin } = pending;
    pending = null;
    hostOrigin = origin;
    post({
      type: 'nelm:results',
      requestId: message.requestId,
      ...onInputs({ view: message.view, inputs: message.inputs }),
    });
  };
  window.addEventListener('message', (event) => {
    if (!origins.includes(event.origin) || event.source !== window.parent) return;
    const message = parseSetInputs(event.data, acceptsInput);
    if (!message) return;
    if (!pending) schedule(applyLatest);
    pending = { message, origin: event.origin };
  });
  // Tell the host the calculator is ready: delivered only to a parent on a configured origin.
  for (const origin of origins) window.parent.postMessage({ type: 'nelm:ready' }, origin);
  return { post };
}

// Before the next frame; in a hidden frame (no frames are drawn) after at most 100 ms instead.
function frameScheduler() {
  return (callback) => {
    let done = false;
    const once = () => {
      if (done) return;
      done = true;
      callback();
    };
    requestAnimationFrame(once);
    setTimeout(once, 100);
  };
}
