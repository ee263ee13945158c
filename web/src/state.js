// @ts-check
// The page state lives in the URL fragment (after '#', never sent to a server): the view and the
// inputs. Nothing about the patient is stored anywhere else.

export const views = ['after-surgery', 'at-recurrence', 'evidence', 'cohort'];

export function readFragment(hash = location.hash) {
  const parameters = new URLSearchParams(hash.replace(/^#/, ''));
  const state = { view: 'after-surgery', inputs: {} };
  for (const [key, value] of parameters) {
    if (key === 'view') {
      if (views.includes(value)) state.view = value;
    } else if (key.length <= 64 && value.length <= 64) {
      state.inputs[key] = value;
    }
  }
  return state;
}

export function writeFragment(state) {
  const parameters = new URLSearchParams();
  parameters.set('view', state.view);
  for (const [key, value] of Object.entries(state.inputs)) {
    if (value !== undefined && value !== null && value !== '') parameters.set(key, value);
  }
  return `#${parameters.toString()}`;
}

export function shareLink(state) {
  return `${location.href.split('#')[0]}${writeFragment(state)}`;
}
