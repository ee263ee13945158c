// @ts-check
// The page's definitions, one of each, on screen and in print: the outcome as the model defines
// it (DFS: the model's own outcome.definition, the same words in every view), cure, the time
// origin, and what "95% CI" and "model range" mean here.
import { el } from '../dom.js';
import { timeOrigin } from '../format.js';

/** @typedef {import('../../../docs/api').Outcome} Outcome */

export const cureDefinition =
  'The disease never comes back. This is an assumption of the cure ' +
  'model (some patients are cured, the others recur at some time); it cannot be observed within ' +
  'the 10 years the evidence covers.';

/** @type {Record<string, string>} */
const abbreviations = { 'disease-free survival': 'DFS', 'overall survival': 'OS' };

/**
 * The outcome's abbreviation ("DFS"), or its name where it has none.
 * @param {Outcome} outcome
 */
export function outcomeShort(outcome) {
  return abbreviations[outcome.endpoint] ?? outcome.endpoint;
}

/**
 * The outcome's name with its abbreviation, e.g. "Disease-free survival (DFS)".
 * @param {Outcome} outcome
 */
export function outcomeName(outcome) {
  const name = outcome.endpoint.charAt(0).toUpperCase() + outcome.endpoint.slice(1);
  const short = abbreviations[outcome.endpoint];
  return short ? `${name} (${short})` : name;
}

/**
 * @param {Outcome} outcome
 * @param {{ cure?: boolean, modelled?: boolean, published?: boolean }} [shown] which terms the view uses
 */
export function definitionsList(outcome, { cure = false, modelled = true, published = true } = {}) {
  const origin = timeOrigin(outcome);
  /** @type {[string, string][]} */
  const terms = [
    [outcomeName(outcome), outcome.definition],
    [
      'Time origin',
      `Every time is counted in ${outcome.time_unit} ${origin.since}.` +
        (origin.assumed && outcome.time_origin_note ? ` ${outcome.time_origin_note}` : ''),
    ],
  ];
  if (cure) terms.push(['Cure', cureDefinition]);
  if (published) terms.push(['95% CI', 'A 95% confidence interval as printed in the source.']);
  if (modelled)
    terms.push([
      'Model range',
      "The range the calculator's model gives. It is not a published 95% CI, " +
        'and how often it contains the true value is not known.',
    ]);
  return el(
    'section',
    { className: 'definitions', 'aria-label': 'Definitions' },
    el('h3', { text: 'What the words mean' }),
    el(
      'dl',
      {},
      terms.map(([term, text]) => [el('dt', { text: term }), el('dd', { text })]),
    ),
  );
}
