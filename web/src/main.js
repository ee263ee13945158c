// @ts-check
// The calculator page: loads the WASM core, then the bundled models into it (once each), keeps
// the state in the URL fragment, switches views, and wires the printouts and embedding.
import { loadEngine } from './engine.js';
import { el, setText, setAttribute } from './dom.js';
import { loadBundledModels, modelWithRole } from './models.js';
import { readFragment, writeFragment, shareLink } from './state.js';
import { AfterSurgeryView } from './views/after-surgery.js';
import { AtRecurrenceView } from './views/at-recurrence.js';
import { EvidenceView } from './views/evidence.js';
import { CohortView } from './views/cohort.js';
import { AboutView } from './views/about.js';
import { Printout } from './print.js';
import { startEmbedding } from './embed.js';

/** @typedef {import('./engine.js').Engine} Engine */
/** @typedef {import('./models.js').ModelEntry} ModelEntry */
/**
 * @typedef {{ entry?: ModelEntry | null | undefined, mount: (container: HTMLElement, inputs: Record<string, string>) => void,
 *   update: (inputs: Record<string, string>) => any, patientSheet?: () => Node | null }} View
 */

// What a link may carry besides the view: t0 and the inputs of the bundled models, or of the
// model the current view shows (an institution's); nothing else from the address. Filled once
// the bundled models are loaded (start), when the opened link is read.
const knownInputs = new Set(['t0']);
/** @type {{ view: string, inputs: Record<string, string> }} */
let state = { view: 'after-surgery', inputs: {} };
/** @type {Engine} */
let engine;
/** @type {Record<string, View>} */
let views;
/** @type {string | null} */
let mountedView = null;
/** @type {{ post: (message: object) => void }} */
let embedding = { post() {} };
/** @type {Printout | null} */
let printout = null;

/** @param {string} name */
function isLinkInput(name) {
  const entry = views?.[state.view]?.entry;
  return (
    knownInputs.has(name) || Boolean(entry?.loaded?.inputs.some((input) => input.name === name))
  );
}

const panel = () => /** @type {HTMLElement} */ (document.getElementById('view'));

/** @param {any} result */
function summary(result) {
  if (!result) return { estimates: null };
  /** @param {any} parts */
  const pick = ({
    profile,
    condition_time: conditionTime,
    estimates,
    cure,
    warnings,
    compared,
  }) => ({
    profile,
    condition_time: conditionTime,
    estimates,
    probability_of_cure: cure,
    warnings,
    compared: compared?.map((/** @type {any} */ item) => ({
      label: item.label,
      option: item.option,
      estimates: item.estimates,
      anchors: item.anchors,
      warnings: item.warnings,
    })),
  });
  return pick(result);
}

function render() {
  const view = views[state.view];
  if (mountedView !== state.view) {
    view.mount(panel(), state.inputs);
    mountedView = state.view;
  }
  for (const button of document.querySelectorAll('[data-view]')) {
    setAttribute(
      button,
      'aria-current',
      /** @type {HTMLElement} */ (button).dataset.view === state.view ? 'page' : null,
    );
  }
  const result = view.update(state.inputs);
  const link = shareLink(state, isLinkInput);
  printout?.update(view, link);
  const field = /** @type {HTMLInputElement} */ (document.getElementById('share-link'));
  if (field.value !== link) field.value = link;
  return { view: state.view, ...summary(result) };
}

// The address bar keeps only the view (so a reload stays on it), replaced in place once the page
// is idle: no History entry per change, and no patient inputs in the browser's History database
// of a shared workstation. The inputs travel only in the share link the user copies (render).
// A link just opened stays as it is (a reload keeps it) until the state departs from it.
// Rewriting the address is a same-document navigation (1-2 ms): never within the input change.
/** @type {(callback: () => void) => void} */
const whenIdle =
  'requestIdleCallback' in globalThis
    ? (callback) => requestIdleCallback(callback, { timeout: 200 })
    : (callback) => setTimeout(callback, 50);
let fragmentPending = false;
function writeLocation() {
  if (fragmentPending) return;
  fragmentPending = true;
  whenIdle(() => {
    fragmentPending = false;
    const opened = readFragment(location.hash, isLinkInput);
    if (writeFragment(opened, isLinkInput) === writeFragment(state, isLinkInput)) return;
    const fragment = writeFragment({ view: state.view, inputs: {} }, () => false);
    if (location.hash !== fragment) history.replaceState(null, '', fragment);
  });
}

/**
 * @param {{ view: string, inputs: Record<string, string> }} next
 * @param {{ remount?: boolean, notify?: boolean }} [options]
 */
function setState(next, { remount = false, notify = true } = {}) {
  state = next;
  if (remount) mountedView = null;
  writeLocation();
  const results = render();
  if (notify) embedding.post({ type: 'nelm:results', ...results });
  return results;
}

/** @param {string} name @param {string} value */
function onInput(name, value) {
  setState({ ...state, inputs: { ...state.inputs, [name]: value } });
}

function start() {
  // Each bundled model is validated and checksummed once, here; views predict by its handle.
  const { models, problems } = loadBundledModels(engine);
  views = {
    'after-surgery': new AfterSurgeryView({
      engine,
      entry: modelWithRole(models, 'after_surgery'),
      personalisedEntry: modelWithRole(models, 'after_surgery_personalised'),
      onInput,
      onModelChange: () => setState(state, { remount: true }),
    }),
    'at-recurrence': new AtRecurrenceView({
      engine,
      entry: modelWithRole(models, 'at_recurrence'),
      onInput,
    }),
    evidence: new EvidenceView({ engine, models, problems }),
    // The cohort view is not type-checked yet (tsconfig.json); it reads the entry's model file.
    cohort: new CohortView({
      dfsEntry: /** @type {any} */ (modelWithRole(models, 'after_surgery')),
    }),
    about: new AboutView({ engine, models }),
  };
  printout = new Printout({ engineVersion: engine.version });
  for (const button of document.querySelectorAll('[data-view]')) {
    const view = /** @type {HTMLElement} */ (button).dataset.view ?? 'after-surgery';
    button.addEventListener('click', () => setState({ ...state, view }));
  }
  window.addEventListener('hashchange', () =>
    setState(readFragment(location.hash, isLinkInput), { remount: true }),
  );
  document
    .getElementById('print-button')
    ?.addEventListener('click', () => printout?.print('clinic'));
  document
    .getElementById('print-patient-button')
    ?.addEventListener('click', () => printout?.print('patient'));
  document.getElementById('copy-link')?.addEventListener('click', async () => {
    const field = /** @type {HTMLInputElement} */ (document.getElementById('share-link'));
    field.select();
    const done = /** @type {HTMLElement} */ (document.getElementById('copy-status'));
    try {
      await navigator.clipboard.writeText(field.value);
      done.textContent = 'Link copied.';
    } catch {
      done.textContent = 'Select the link and copy it.';
    }
  });
  for (const { loaded } of models) for (const input of loaded.inputs) knownInputs.add(input.name);
  state = readFragment(location.hash, isLinkInput);
  embedding = startEmbedding({
    acceptsInput: (/** @type {string} */ name) => knownInputs.has(name),
    onInputs: (/** @type {{ view?: string, inputs: Record<string, string> }} */ { view, inputs }) =>
      setState(
        {
          view: view !== undefined && Object.hasOwn(views, view) ? view : state.view,
          inputs,
        },
        { remount: true, notify: false },
      ),
  });
  setText(
    /** @type {HTMLElement} */ (document.getElementById('engine-version')),
    `Survival core ${engine.version}`,
  );
  document.body.dataset.ready = 'true';
  setState(state, { remount: true });
}

loadEngine()
  .then((loaded) => {
    engine = loaded;
    start();
  })
  .catch((error) => {
    panel().replaceChildren(
      el('p', {
        className: 'error',
        role: 'alert',
        text: `The survival engine could not be loaded: ${error instanceof Error ? error.message : error}`,
      }),
    );
    document.body.dataset.ready = 'error';
  });
