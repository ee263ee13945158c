// @ts-check
// What the Your cohort view needs from the single-file calculator (web/tools/single-file.mjs),
// which opens from disk where nothing can be fetched: the worker's code, the module's factory and
// the inlined wasm travel as text in the page and start the worker from a Blob (the single file's
// CSP allows `worker-src blob:`); the SYNTHETIC demo cohort travels as a data block.

let workerUrl = null;

// The Blob URL of the worker, made once, or null when the page is the served site.
export function inlineWorkerUrl() {
  const worker = document.getElementById('nelm-cohort-worker');
  if (!worker) return null;
  if (!workerUrl) {
    const parts = ['nelm-core', 'nelm-wasm-loader', 'nelm-cohort-worker'].map(
      (id) => document.getElementById(id)?.textContent ?? '',
    );
    // One classic script: the module's factory, the loader that inflates the wasm, the worker.
    workerUrl = URL.createObjectURL(new Blob([parts.join(';\n')], { type: 'text/javascript' }));
  }
  return workerUrl;
}

// The demo cohort's text when the page carries it, else null (the served site fetches it).
export const inlineDemoCohort = () =>
  document.getElementById('nelm-demo-cohort')?.textContent ?? null;
