// @ts-check
// An institution's own model file (issue 5, section 3; docs/models.md, kind "institution_cox"), as
// exported by the "Your cohort" view: chosen by the user, validated and kept once by the core's
// load_model (then predicted from by handle), offered beside the published model and labelled as
// the institution's everywhere it is shown.
// Kept in localStorage only when the user ticks "Keep this model in this browser"; patient inputs
// are never stored; share links carry the inputs only, never the model. Every string from the
// file is set with textContent (dom.js's el), never parsed as HTML.
import { el, append, clear, uniqueId } from '../dom.js';
import { NelmError } from '../engine.js';
import { describeError } from '../components/warnings.js';

/** @typedef {import('../engine.js').Engine} Engine */
/** @typedef {import('../models.js').ModelEntry} ModelEntry */
/** @typedef {import('../../../docs/api').ModelFile} ModelFile */
/** @typedef {import('../../../docs/api').LoadedModel} LoadedModel */

export const storageKey = 'nelm.institution-model';
export const maximumBytes = 2 * 1024 * 1024;

// "Your institution's model: <title> (version v, checksum sha256:0123456789ab…), fitted on n
// patients — not the published evidence".
/**
 * @param {LoadedModel} loaded
 * @param {ModelFile} model
 */
export function institutionLabel(loaded, model) {
  const checksum = loaded.checksum;
  const prefix = checksum.length > 19 ? `${checksum.slice(0, 19)}…` : checksum;
  const n = model.population?.development?.n;
  const fitted = Number.isFinite(n) ? `fitted on ${n} patients` : 'number of patients not stated';
  return (
    `Your institution's model: ${loaded.title} (version ${loaded.version}, checksum ${prefix}), ` +
    `${fitted} — not the published evidence`
  );
}

// text -> the model's entry, loaded into the core, or { error: message } (nothing else changes
// on a refusal).
/**
 * @param {Engine} engine
 * @param {string} text
 * @returns {{ entry: ModelEntry, error?: undefined } | { error: string, entry?: undefined }}
 */
export function checkModelText(engine, text) {
  let model;
  try {
    model = JSON.parse(text);
  } catch (error) {
    return { error: `The file is not JSON: ${error instanceof Error ? error.message : error}` };
  }
  if (!model || typeof model !== 'object' || Array.isArray(model)) {
    return { error: 'The file is not a model file (a JSON object is expected).' };
  }
  let loaded;
  try {
    loaded = engine.loadModel(model);
  } catch (error) {
    if (error instanceof NelmError) {
      return { error: `The survival engine refused the model file: ${describeError(error)}` };
    }
    return {
      error: `The model file could not be checked: ${error instanceof Error ? error.message : error}`,
    };
  }
  if (loaded.kind !== 'institution_cox') {
    return {
      error:
        `This is not an institution's model file (kind "${String(loaded.kind)}"; ` +
        'expected "institution_cox", as exported by the Your cohort view).',
    };
  }
  return {
    entry: {
      file: 'institution model',
      model,
      loaded,
      institution: true,
      label: institutionLabel(loaded, model),
    },
  };
}

/** @returns {string | null} */
function readStored() {
  try {
    return localStorage.getItem(storageKey);
  } catch {
    return null;
  }
}

/** @param {string | null} text */
function writeStored(text) {
  try {
    if (text === null) localStorage.removeItem(storageKey);
    else localStorage.setItem(storageKey, text);
    return true;
  } catch {
    return false;
  }
}

// The loaded institution model and its controls; survives the view's remounts.
export class InstitutionModel {
  /** @param {{ engine: Engine, onChange: (change: { select: boolean }) => void }} options */
  constructor({ engine, onChange }) {
    this.engine = engine;
    this.onChange = onChange;
    /** @type {ModelEntry | null} */
    this.entry = null;
    /** @type {string | null} the file's text, kept in localStorage only when asked */
    this.text = null;
    this.keep = false;
    /** @type {{ kind: 'error' | 'status', text: string } | null} */
    this.message = null;
    /** @type {HTMLElement | null} */
    this.container = null;
    const stored = readStored();
    if (stored !== null) {
      const checked = checkModelText(engine, stored);
      if (checked.entry) {
        this.entry = checked.entry;
        this.text = stored;
        this.keep = true;
      } else {
        writeStored(null);
        this.message = {
          kind: 'error',
          text: `The model kept in this browser is no longer accepted and was forgotten. ${checked.error}`,
        };
      }
    }
  }

  /** @param {File | undefined} file */
  async load(file) {
    if (!file) return;
    if (file.size > maximumBytes) {
      this.say(
        'error',
        `The file is ${(file.size / 1048576).toFixed(1)} MB; a model file may be at most 2 MB. Nothing was loaded.`,
      );
      return;
    }
    let text;
    try {
      text = await file.text();
    } catch (error) {
      this.say(
        'error',
        `The file could not be read: ${error instanceof Error ? error.message : error}`,
      );
      return;
    }
    const checked = checkModelText(this.engine, text);
    if (!checked.entry) {
      this.say('error', checked.error);
      return;
    }
    this.entry = checked.entry;
    this.text = text;
    if (this.keep) writeStored(text);
    this.message = {
      kind: 'status',
      text: `Loaded. ${this.keep ? 'Kept in this browser.' : 'Not stored: a reload forgets it.'}`,
    };
    this.onChange({ select: true });
  }

  /** @param {boolean} keep */
  setKeep(keep) {
    this.keep = keep;
    if (keep && this.text) writeStored(this.text);
    if (!keep) writeStored(null);
    this.message = {
      kind: 'status',
      text: keep
        ? this.entry
          ? 'Kept in this browser (the model file only, never patient inputs).'
          : 'The next model loaded will be kept in this browser.'
        : 'Not stored in this browser.',
    };
    this.render();
  }

  forget() {
    writeStored(null);
    this.keep = false;
    this.entry = null;
    this.text = null;
    this.message = {
      kind: 'status',
      text: 'Forgotten: the model is removed from this page and from this browser.',
    };
    this.onChange({ select: false });
  }

  /** @param {'error' | 'status'} kind @param {string} text */
  say(kind, text) {
    this.message = { kind, text };
    this.render();
  }

  // The panel: the file chooser, the keep box, "Forget it", the label and the share-link note.
  panel() {
    this.container = el('section', {
      className: 'institution-model',
      'aria-label': "Your institution's model",
    });
    this.render();
    return this.container;
  }

  render() {
    if (!this.container) return;
    const fileId = uniqueId('institution-file');
    const keepId = uniqueId('institution-keep');
    const file = el('input', {
      id: fileId,
      type: 'file',
      className: 'institution-file',
      accept: '.json,application/json',
      'aria-describedby': `${fileId}-hint`,
      onchange: (/** @type {Event} */ event) =>
        this.load(/** @type {HTMLInputElement} */ (event.target).files?.[0]),
    });
    const keep = el('input', {
      id: keepId,
      type: 'checkbox',
      className: 'institution-keep',
      onchange: (/** @type {Event} */ event) =>
        this.setKeep(/** @type {HTMLInputElement} */ (event.target).checked),
    });
    keep.checked = this.keep;
    // append() drops the null parts; replaceChildren would print each null as the text "null".
    append(
      clear(this.container),
      el(
        'div',
        { className: 'field' },
        el('label', { for: fileId, text: "Use your institution's model file…" }),
        file,
        el('p', {
          id: `${fileId}-hint`,
          className: 'hint',
          text:
            'A model file exported by the Your cohort view ' +
            '(JSON, at most 2 MB). It is checked by the survival engine and read in this browser only.',
        }),
      ),
      el(
        'div',
        { className: 'field-check' },
        keep,
        el('label', { for: keepId, text: 'Keep this model in this browser' }),
      ),
      this.entry ? el('p', { className: 'institution-label', text: this.entry.label }) : null,
      this.entry?.model.synthetic
        ? el('p', {
            className: 'notice',
            text: 'This model was fitted on SYNTHETIC demo data, not patient data.',
          })
        : null,
      this.entry || this.keep
        ? el('button', {
            type: 'button',
            className: 'institution-forget',
            onclick: () => this.forget(),
            text: 'Forget it',
          })
        : null,
      this.entry
        ? el('p', {
            className: 'hint',
            text:
              'Share links carry the patient inputs only, never this model: ' +
              'a link works only where the same model file is loaded.',
          })
        : null,
      this.message
        ? el('p', {
            className:
              this.message.kind === 'error' ? 'error institution-error' : 'institution-status',
            role: this.message.kind === 'error' ? 'alert' : 'status',
            text: this.message.text,
          })
        : null,
    );
  }
}
