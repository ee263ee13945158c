// @ts-check
// The calculator page: loads the WASM core, then the bundled models into it (once each), keeps
// the state in the URL fragment, switches views, and wires printing and embedding.
import { loadEngine } from './engine.js';
import { el, setText, setAttribute } from './dom.js';
import { loadBundledModels, modelWithRole, modelLine } from './models.js';
import { readFragment, writeFragment, shareLink } from './state.js';
import { AfterSurgeryView } from './views/after-surgery.js';
import { AtRecurrenceView } from './views/at-recurrence.js';
import { EvidenceView } from './views/evidence.js';
import { CohortView } from './views/cohort.js';
import { startEmbedding } from './embed.js';

/** @typedef {import('./engine.js').Engine} Engine */
/** @typedef {import('./models.js').ModelEntry} ModelEntry */
/**
 * @typedef {{ entry?: ModelEntry | null | undefined, mount: (container: HTMLElement, inputs: Record<string, string>) => void,
 *   update: (inputs: Record<string, string>) => any }} View
 */

let state = readFragment();
/** @type {Engine} */
let engine;
/** @type {Record<string, View>} */
let views;
/** @type {string | null} */
let mountedView = null;
/** @type {{ post: (message: object) => void }} */
let embedding = { post() {} };

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
  updatePrintHeader(view);
  const link = shareLink(state);
  const field = /** @type {HTMLInputElement} */ (document.getElementById('share-link'));
  if (field.value !== link) field.value = link;
  return { view: state.view, ...summary(result) };
}

// The fragment follows the state once the page is idle (at most 200 ms later), not within the
// input change: rewriting it is a same-document navigation that costs 1-2 ms, and during a slider
// drag only the last value matters. The share link field is updated at once (render).
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
    const fragment = writeFragment(state);
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

/** @param {View} view */
function updatePrintHeader(view) {
  const entry = view.entry;
  const modelText = entry?.institution
    ? (entry.label ?? '')
    : entry
      ? modelLine(entry.loaded)
      : 'no model';
  setText(/** @type {HTMLElement} */ (document.getElementById('print-model')), modelText);
  setText(
    /** @type {HTMLElement} */ (document.getElementById('print-engine')),
    engine ? engine.version : '',
  );
  setText(
    /** @type {HTMLElement} */ (document.getElementById('print-date')),
    new Date().toISOString().slice(0, 10),
  );
}

function start() {
  // Each bundled model is validated and checksummed once, here; views predict by its handle.
  const { models, problems } = loadBundledModels(engine);
  views = {
    'after-surgery': new AfterSurgeryView({
      engine,
      entry: modelWithRole(models, 'after_surgery'),
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
  };
  for (const button of document.querySelectorAll('[data-view]')) {
    const view = /** @type {HTMLElement} */ (button).dataset.view ?? 'after-surgery';
    button.addEventListener('click', () => setState({ ...state, view }));
  }
  window.addEventListener('hashchange', () => setState(readFragment(), { remount: true }));
  document.getElementById('print-button')?.addEventListener('click', () => window.print());
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
  const knownInputs = new Set(['t0']);
  for (const { loaded } of models) for (const input of loaded.inputs) knownInputs.add(input.name);
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
