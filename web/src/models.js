// @ts-check
// The evidence models shipped in public/models/, bundled into the page at build time (as text,
// so the single-file build needs no fetch) and loaded into the core once at start-up with
// load_model: the core validates and checksums each file and returns what the page needs (its
// role, inputs and limits, docs/api.d.ts LoadedModel); predictions then name it by handle. The
// Evidence view reads the file's own documented members (ModelFile, docs/models.md).
import modelTexts from 'virtual:nelm-models';
import { describeError } from './components/warnings.js';

/** @typedef {import('../../docs/api').ModelFile} ModelFile */
/** @typedef {import('../../docs/api').LoadedModel} LoadedModel */
/** @typedef {import('../../docs/api').ModelRole} ModelRole */
/** @typedef {import('./engine.js').Engine} Engine */

/**
 * A model the page can predict from: the file, and the core's description of it.
 * @typedef {{ file: string, model: ModelFile, loaded: LoadedModel, institution?: boolean,
 *   label?: string }} ModelEntry
 */

/**
 * Every bundled model, loaded into the core; a file the core refuses is a problem, not a model.
 * @param {Engine} engine
 * @returns {{ models: ModelEntry[], problems: string[] }}
 */
export function loadBundledModels(engine) {
  /** @type {ModelEntry[]} */
  const models = [];
  /** @type {string[]} */
  const problems = [];
  for (const [file, text] of Object.entries(modelTexts).sort(([a], [b]) => a.localeCompare(b))) {
    try {
      const model = JSON.parse(text);
      models.push({ file, model, loaded: engine.loadModel(model) });
    } catch (error) {
      problems.push(
        `${file}: ${error instanceof SyntaxError ? error.message : describeError(error)}`,
      );
    }
  }
  return { models, problems };
}

/**
 * The model that answers a view's question, by the role its file declares.
 * @param {ModelEntry[]} models
 * @param {ModelRole} role
 */
export function modelWithRole(models, role) {
  return models.find((entry) => entry.loaded.role === role) ?? null;
}

/**
 * "<title>, version <v>, checksum <sha256:...>" for the printout.
 * @param {LoadedModel} loaded
 */
export function modelLine(loaded) {
  return `${loaded.title}, version ${loaded.version}, checksum ${loaded.checksum}`;
}

/**
 * The citation of a source id of the file.
 * @param {ModelFile} model
 * @param {string} id
 */
export function sourceCitation(model, id) {
  return model.sources.find((source) => source.id === id)?.citation ?? id;
}
