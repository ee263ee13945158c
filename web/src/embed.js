// Embedding: when the page runs in an iframe, a host page on one of the configured origins may
// send inputs with postMessage; the calculator posts its results back to that origin only.
// The origins are configured in index.html: <meta name="nelm-embed-origins" content="...">.

export function configuredOrigins(doc = document) {
  const content = doc.querySelector('meta[name="nelm-embed-origins"]')?.content ?? '';
  return content.split(/\s+/).filter((origin) => /^https?:\/\/[^/\s]+$/.test(origin));
}

// onInputs(message) applies {view, inputs} and returns the results to post back.
export function startEmbedding({ onInputs }) {
  const origins = configuredOrigins();
  if (window.parent === window || origins.length === 0) return { post() {} };
  let hostOrigin = null;
  const post = (message) => {
    if (hostOrigin) window.parent.postMessage(message, hostOrigin);
  };
  window.addEventListener('message', (event) => {
    if (!origins.includes(event.origin) || event.source !== window.parent) return;
    const data = event.data;
    if (!data || typeof data !== 'object' || data.type !== 'nelm:set-inputs') return;
    hostOrigin = event.origin;
    const inputs = {};
    for (const [key, value] of Object.entries(data.inputs ?? {})) {
      if (typeof value === 'string' || typeof value === 'number') inputs[key] = String(value);
    }
    post({ type: 'nelm:results', requestId: data.requestId ?? null, ...onInputs({ view: data.view, inputs }) });
  });
  // Tell the host the calculator is ready: delivered only to a parent on a configured origin.
  for (const origin of origins) window.parent.postMessage({ type: 'nelm:ready' }, origin);
  return { post };
}
