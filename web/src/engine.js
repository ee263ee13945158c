// @ts-check
// The one door to the WebAssembly survival core, for the page and for a Web Worker alike: JSON in,
// JSON out, typed by docs/api.d.ts; a refusal becomes a NelmError with the core's code and path.
// Every statistical number on the page comes through here; this file computes nothing itself.

/** @typedef {import('../../docs/api').Operations} Operations */
/** @typedef {import('../../docs/api').Warning} Warning */
/** @typedef {import('../../docs/api').ErrorBody} ErrorBody */
/** @typedef {import('../../docs/api').NelmModule} NelmModule */
/** @typedef {import('../../docs/api').CreateNelmModule} CreateNelmModule */
/** @typedef {import('../../docs/api').LoadedModel} LoadedModel */
/** @typedef {import('../../docs/api').ModelFile} ModelFile */

// The core's refusal: code (docs/errors.md), message (what to fix) and path (JSON pointer).
export class NelmError extends Error {
  /** @param {ErrorBody} error */
  constructor({ code, message, path }) {
    super(message);
    this.name = 'NelmError';
    this.code = code;
    this.path = path ?? '';
  }
}

export class Engine {
  /** @param {NelmModule} module */
  constructor(module) {
    this.module = module;
    /** @type {import('../../docs/api').Version} */
    const version = JSON.parse(module.version());
    this.version = version.version;
    this.apiVersion = version.api_version;
  }

  // The raw envelope, for the self-test (which compares whole responses).
  /** @param {string} requestText */
  calculateRaw(requestText) {
    return JSON.parse(this.module.calculate(requestText));
  }

  /**
   * The result and warnings of one op, or throws NelmError.
   * @template {keyof Operations} Op
   * @param {Operations[Op]['request'] & { op: Op }} request
   * @returns {{ result: Operations[Op]['result'], warnings: Warning[] }}
   */
  calculate(request) {
    const response = this.calculateRaw(JSON.stringify(request));
    if (!response.ok) throw new NelmError(response.error);
    return { result: response.result, warnings: response.warnings ?? [] };
  }

  // Validates and checksums a model once and keeps it in the module: predict then takes the
  // returned handle (docs/api.md, load_model).
  /**
   * @param {ModelFile} model
   * @returns {LoadedModel}
   */
  loadModel(model) {
    return this.calculate({ op: 'load_model', model }).result;
  }

  // The typed-array fast path for large cohorts (docs/api.md): a request then names the column.
  /**
   * @param {string} name
   * @param {Float64Array} values
   */
  putColumn(name, values) {
    this.module.putColumn(name, values);
  }

  clearColumns() {
    this.module.clearColumns();
  }

  // Runs the large-cohort ops once on synthetic rows inside the module, so that V8 has compiled
  // their loops with its optimising tier before a large request (docs/api.md, "Warm-up").
  /** @param {number} [rows] */
  warmUp(rows = 10000) {
    const response = JSON.parse(this.module.warmUp(rows));
    if (!response.ok) throw new NelmError(response.error);
    return response.requests;
  }
}

/**
 * Loads the core: on the page, nelm_core.js has defined createNelmModule; in a Web Worker, call
 * `importScripts(base + 'nelm_core.js')` first and pass `locateFile` so the module finds its
 * .wasm beside it: `loadEngine(self.createNelmModule, { locateFile: (path) => base + path })`.
 * @param {CreateNelmModule | undefined} createModule
 * @param {{ locateFile?: (path: string) => string }} [options]
 * @returns {Promise<Engine>}
 */
export async function loadEngine(createModule = globalThis.createNelmModule, options = {}) {
  if (typeof createModule !== 'function') throw new Error('nelm_core.js did not load');
  return new Engine(await createModule(options));
}
