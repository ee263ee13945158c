// An institution's own model file (issue 5, section 3; docs/models.md, kind "institution_cox"), as
// exported by the "Your cohort" view: chosen by the user, checked by the core's validate_model,
// offered beside the published model and labelled as the institution's everywhere it is shown.
// Kept in localStorage only when the user ticks "Keep this model in this browser"; patient inputs
// are never stored; share links carry the inputs only, never the model. Every string from the
// file is set with textContent (dom.js's el), never parsed as HTML.
import { el, append, clear, uniqueId } from '../dom.js';
import { NelmError } from '../engine.js';
import { modelTitle, modelVersion, modelChecksum } from '../models.js';

export const storageKey = 'nelm.institution-model';
export const maximumBytes = 2 * 1024 * 1024;

// "Your institution's model: <title> (version v, checksum sha256:0123456789ab…), fitted on n
// patients — not the published evidence".
export function institutionLabel(model) {
  const checksum = String(modelChecksum(model));
  const prefix = checksum.length > 19 ? `${checksum.slice(0, 19)}…` : checksum;
  const n = model.population?.development?.n;
  const fitted = Number.isFinite(n) ? `fitted on ${n} patients` : 'number of patients not stated';
  return `Your institution's model: ${modelTitle(model)} (version ${modelVersion(model)}, checksum ${prefix}), `
    + `${fitted} — not the published evidence`;
}

// text -> { model } or { error: message } (nothing else changes on a refusal).
export function checkModelText(engine, text) {
  let model;
  try {
    model = JSON.parse(text);
  } catch (error) {
    return { error: `The file is not JSON: ${error.message}` };
  }
  if (!model || typeof model !== 'object' || Array.isArray(model)) {
    return { error: 'The file is not a model file (a JSON object is expected).' };
  }
  try {
    const { result } = engine.calculate({ op: 'validate_model', model });
    if (!result.valid) return { error: 'The survival engine did not accept the model file.' };
  } catch (error) {
    if (error instanceof NelmError) {
      return { error: `The survival engine refused the model file: ${error.message}`
        + ` (${error.code}${error.path ? ` at ${error.path}` : ''})` };
    }
    return { error: `The model file could not be checked: ${error?.message ?? error}` };
  }
  if (model.kind !== 'institution_cox') {
    return { error: `This is not an institution's model file (kind "${String(model.kind)}"; `
      + 'expected "institution_cox", as exported by the Your cohort view).' };
  }
  return { model };
}

function readStored() {
  try {
    return localStorage.getItem(storageKey);
  } catch {
    return null;
  }
}

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
  constructor({ engine, onChange }) {
    this.engine = engine;
    this.onChange = onChange;
    this.entry = null; // { model, text, label }
    this.keep = false;
    this.message = null; // { kind: 'error' | 'status', text }
    const stored = readStored();
    if (stored !== null) {
      const checked = checkModelText(engine, stored);
      if (checked.model) {
        this.entry = { model: checked.model, text: stored, label: institutionLabel(checked.model), institution: true };
        this.keep = true;
      } else {
        writeStored(null);
        this.message = { kind: 'error', text: `The model kept in this browser is no longer accepted and was forgotten. ${checked.error}` };
      }
    }
  }

  async load(file) {
    if (!file) return;
    if (file.size > maximumBytes) {
      this.say('error', `The file is ${(file.size / 1048576).toFixed(1)} MB; a model file may be at most 2 MB. Nothing was loaded.`);
      return;
    }
    let text;
    try {
      text = await file.text();
    } catch (error) {
      this.say('error', `The file could not be read: ${error?.message ?? error}`);
      return;
    }
    const checked = checkModelText(this.engine, text);
    if (checked.error) {
      this.say('error', checked.error);
      return;
    }
    this.entry = { model: checked.model, text, label: institutionLabel(checked.model), institution: true };
    if (this.keep) writeStored(text);
    this.message = { kind: 'status', text: `Loaded. ${this.keep ? 'Kept in this browser.' : 'Not stored: a reload forgets it.'}` };
    this.onChange({ select: true });
  }

  setKeep(keep) {
    this.keep = keep;
    if (keep && this.entry) writeStored(this.entry.text);
    if (!keep) writeStored(null);
    this.message = { kind: 'status', text: keep
      ? (this.entry ? 'Kept in this browser (the model file only, never patient inputs).' : 'The next model loaded will be kept in this browser.')
      : 'Not stored in this browser.' };
    this.render();
  }

  forget() {
    writeStored(null);
    this.keep = false;
    this.entry = null;
    this.message = { kind: 'status', text: 'Forgotten: the model is removed from this page and from this browser.' };
    this.onChange({ select: false });
  }

  say(kind, text) {
    this.message = { kind, text };
    this.render();
  }

  // The panel: the file chooser, the keep box, "Forget it", the label and the share-link note.
  panel() {
    this.container = el('section', { className: 'institution-model', 'aria-label': 'Your institution\'s model' });
    this.render();
    return this.container;
  }

  render() {
    if (!this.container) return;
    const fileId = uniqueId('institution-file');
    const keepId = uniqueId('institution-keep');
    const file = el('input', { id: fileId, type: 'file', className: 'institution-file',
      accept: '.json,application/json', 'aria-describedby': `${fileId}-hint`,
      onchange: (event) => this.load(event.target.files?.[0]) });
    const keep = el('input', { id: keepId, type: 'checkbox', className: 'institution-keep',
      onchange: (event) => this.setKeep(event.target.checked) });
    keep.checked = this.keep;
    // append() drops the null parts; replaceChildren would print each null as the text "null".
    append(clear(this.container),
      el('div', { className: 'field' },
        el('label', { for: fileId, text: 'Use your institution\'s model file…' }), file,
        el('p', { id: `${fileId}-hint`, className: 'hint', text: 'A model file exported by the Your cohort view '
          + '(JSON, at most 2 MB). It is checked by the survival engine and read in this browser only.' })),
      el('div', { className: 'field-check' }, keep,
        el('label', { for: keepId, text: 'Keep this model in this browser' })),
      this.entry ? el('p', { className: 'institution-label', text: this.entry.label }) : null,
      this.entry?.model.synthetic ? el('p', { className: 'notice', text: 'This model was fitted on SYNTHETIC demo data, not patient data.' }) : null,
      this.entry || this.keep ? el('button', { type: 'button', className: 'institution-forget',
        onclick: () => this.forget(), text: 'Forget it' }) : null,
      this.entry ? el('p', { className: 'hint', text: 'Share links carry the patient inputs only, never this model: '
        + 'a link works only where the same model file is loaded.' }) : null,
      this.message ? el('p', { className: this.message.kind === 'error' ? 'error institution-error' : 'institution-status',
        role: this.message.kind === 'error' ? 'alert' : 'status', text: this.message.text }) : null);
  }
}
