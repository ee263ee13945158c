// @ts-check
// The page state: the view and the inputs, in memory. A link carries them in the URL fragment
// (after '#', never sent to a server), and only what the calculator knows: the view, the models'
// inputs and t0; never the page's query string or any other key of the fragment it was opened with.

export const views = ['after-surgery', 'at-recurrence', 'evidence', 'cohort', 'about'];

// The fragment's own limits: short names and values.
const MAX_LENGTH = 64;

// isInput(name) says which input names the calculator knows; anything else is dropped.
export function readFragment(hash, isInput) {
  const parameters = new URLSearchParams(hash.replace(/^#/, ''));
  const state = { view: 'after-surgery', inputs: {} };
  for (const [key, value] of parameters) {
    if (key === 'view') {
      if (views.includes(value)) state.view = value;
    } else if (key.length <= MAX_LENGTH && value.length <= MAX_LENGTH && isInput(key)) {
      state.inputs[key] = value;
    }
  }
  return state;
}

export function writeFragment(state, isInput) {
  const parameters = new URLSearchParams();
  parameters.set('view', state.view);
  for (const [key, value] of Object.entries(state.inputs)) {
    if (value !== undefined && value !== null && value !== '' && isInput(key)) {
      parameters.set(key, String(value));
    }
  }
  return `#${parameters.toString()}`;
}

// The page's own address: without its query string (which may hold anything, ?mrn=...) or fragment.
export function pageAddress(href) {
  return href.split(/[?#]/)[0];
}

export function shareLink(state, isInput, href = location.href) {
  return `${pageAddress(href)}${writeFragment(state, isInput)}`;
}
