// The calculator page: loads the WASM core and the bundled models, keeps the state in the URL
// fragment, switches views, and wires printing and embedding.
import { Engine } from './engine.js';
import { el, setText, setAttribute } from './dom.js';
import { loadModels, modelInputs, modelTitle, modelVersion, modelChecksum } from './models.js';
import { readFragment, writeFragment, shareLink } from './state.js';
import { AfterSurgeryView } from './views/after-surgery.js';
import { AtRecurrenceView } from './views/at-recurrence.js';
import { EvidenceView } from './views/evidence.js';
import { CohortView } from './views/cohort.js';
import { startEmbedding } from './embed.js';

const { models, problems } = loadModels();
// What a link may carry besides the view: t0 and the inputs of the bundled models, or of the
// model the current view shows (an institution's); nothing else from the address.
const knownInputs = new Set(['t0', ...models.flatMap(({ model }) => modelInputs(model).map((input) => input.name))]);
let state = readFragment(location.hash, (name) => knownInputs.has(name));
let engine;
let views;
let mountedView = null;
let embedding = { post() {} };

function isLinkInput(name) {
  const entry = views?.[state.view]?.entry;
  return knownInputs.has(name) || Boolean(entry && modelInputs(entry.model).some((input) => input.name === name));
}

const panel = () => document.getElementById('view');

function summary(result) {
  if (!result) return { estimates: null };
  const pick = ({ profile, condition_time: conditionTime, estimates, cure, warnings, compared }) => ({
    profile, condition_time: conditionTime, estimates, probability_of_cure: cure, warnings,
    compared: compared?.map((item) => ({ label: item.label, option: item.option,
      estimates: item.estimates, anchors: item.anchors, warnings: item.warnings })),
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
    setAttribute(button, 'aria-current', button.dataset.view === state.view ? 'page' : null);
  }
  const result = view.update(state.inputs);
  updatePrintHeader(view);
  const link = shareLink(state, isLinkInput);
  const field = document.getElementById('share-link');
  if (field.value !== link) field.value = link;
  return { view: state.view, ...summary(result) };
}

// The address bar keeps only the view (so a reload stays on it), replaced in place once the page
// is idle: no History entry per change, and no patient inputs in the browser's History database
// of a shared workstation. The inputs travel only in the share link the user copies (render).
// A link just opened stays as it is (a reload keeps it) until the state departs from it.
// Rewriting the address is a same-document navigation (1-2 ms): never within the input change.
const whenIdle = globalThis.requestIdleCallback
  ? (callback) => requestIdleCallback(callback, { timeout: 200 }) : (callback) => setTimeout(callback, 50);
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

function setState(next, { remount = false, notify = true } = {}) {
  state = next;
  if (remount) mountedView = null;
  writeLocation();
  const results = render();
  if (notify) embedding.post({ type: 'nelm:results', ...results });
  return results;
}

function onInput(name, value) {
  setState({ ...state, inputs: { ...state.inputs, [name]: value } });
}

function updatePrintHeader(view) {
  const entry = view.entry;
  const modelText = entry?.institution ? entry.label : entry
    ? `${modelTitle(entry.model)}, version ${modelVersion(entry.model)}, checksum ${modelChecksum(entry.model)}`
    : 'no model';
  setText(document.getElementById('print-model'), modelText);
  setText(document.getElementById('print-engine'), engine ? engine.version : '');
  setText(document.getElementById('print-date'), new Date().toISOString().slice(0, 10));
}

function start() {
  const byRole = (role) => models.find((item) => item.role === role) ?? null;
  views = {
    'after-surgery': new AfterSurgeryView({ engine, entry: byRole('after_surgery'), onInput,
      onModelChange: () => setState(state, { remount: true }) }),
    'at-recurrence': new AtRecurrenceView({ engine, entry: byRole('at_recurrence'), onInput }),
    evidence: new EvidenceView({ engine, models, problems }),
    cohort: new CohortView({ dfsEntry: byRole('after_surgery') }),
  };
  for (const button of document.querySelectorAll('[data-view]')) {
    button.addEventListener('click', () => setState({ ...state, view: button.dataset.view }));
  }
  window.addEventListener('hashchange', () => setState(readFragment(location.hash, isLinkInput), { remount: true }));
  document.getElementById('print-button').addEventListener('click', () => window.print());
  document.getElementById('copy-link').addEventListener('click', async () => {
    const field = document.getElementById('share-link');
    field.select();
    const done = document.getElementById('copy-status');
    try {
      await navigator.clipboard.writeText(field.value);
      done.textContent = 'Link copied.';
    } catch {
      done.textContent = 'Select the link and copy it.';
    }
  });
  embedding = startEmbedding({
    acceptsInput: (name) => knownInputs.has(name),
    onInputs: ({ view, inputs }) => setState({
      view: Object.hasOwn(views, view ?? '') ? view : state.view, inputs },
      { remount: true, notify: false }) });
  document.getElementById('engine-version').textContent = `Survival core ${engine.version}`;
  document.body.dataset.ready = 'true';
  setState(state, { remount: true });
}

Engine.load().then((loaded) => {
  engine = loaded;
  start();
}).catch((error) => {
  panel().replaceChildren(el('p', { className: 'error', role: 'alert',
    text: `The survival engine could not be loaded: ${error?.message ?? error}` }));
  document.body.dataset.ready = 'error';
});
