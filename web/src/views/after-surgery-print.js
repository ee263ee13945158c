// @ts-check
// The After surgery view's parts for print and for readers of the chart: the inputs as text (a
// form prints badly), the chart's text alternative with its key numbers, and the patient sheet
// (plain language, an icon array of 100; docs/deploy.md, "Printing").
import { el, setRows, clear, append } from '../dom.js';
import { percent, intervalText, years } from '../format.js';
import { patientSentences, outcomeWords } from '../wording.js';
import { IconArray } from '../components/estimates.js';

/** @typedef {import('../models.js').ModelEntry} ModelEntry */
/** @typedef {import('../../../docs/api').LoadedModel} LoadedModel */
/** @typedef {import('../../../docs/api').Prediction} Prediction */
/** @typedef {import('../../../docs/api').Estimate} Estimate */
/** @typedef {import('../../../docs/api').Anchor} Anchor */
/** @typedef {import('../../../docs/api').ProfileValue} ProfileValue */

/**
 * The inputs as the printout lists them: each input's label and the value used (a refused link
 * value prints as unknown, as it was treated), and the time already free of disease.
 * @param {HTMLElement} container
 * @param {LoadedModel} loaded
 * @param {Record<string, ProfileValue>} profile
 * @param {{ value: number, problem: string }} t0
 */
export function printInputs(container, loaded, profile, t0) {
  const rows = loaded.inputs.map((input) => {
    const value = profile[input.name];
    const level = input.levels.find((item) => item.value === value);
    const text =
      value === 'unknown'
        ? 'unknown'
        : (level?.label ?? `${value}${input.unit ? ` ${input.unit}` : ''}`);
    return [input.label, text];
  });
  rows.push([
    'Time already free of disease',
    t0.problem ? `not used: ${t0.problem}` : `${years(t0.value)} since the liver surgery`,
  ]);
  let body = container.querySelector('tbody');
  if (!body) {
    body = el('tbody');
    append(clear(container), el('h3', { text: 'Inputs' }), el('table', {}, body));
  }
  setRows(body, rows);
}

/**
 * The chart's text alternative: the modelled values at the horizons and the published points.
 * @param {Estimate[]} estimates
 * @param {Anchor[]} anchors
 * @param {{ after: (time: number) => string }} origin
 * @param {string} markerLabel
 */
export function curveSummary(estimates, anchors, origin, markerLabel) {
  const modelled = estimates.map(
    (item) => `${percent(item.estimate)} ${origin.after(item.time)} (${intervalText(item)})`,
  );
  const published = anchors.map(
    (anchor) => `${percent(anchor.estimate, 1)} at ${years(anchor.time ?? 0)}`,
  );
  return (
    `The curve (modelled): ${modelled.join('; ')}.` +
    (published.length
      ? ` Diamonds, ${markerLabel} (${anchors[0].source}): ${published.join(', ')}.`
      : '')
  );
}

/**
 * The patient sheet: a title, the icon array of 100 at 5 years (or the nearest horizon), two or
 * three short sentences and what the numbers can and cannot say.
 * @param {ModelEntry} entry
 * @param {Prediction} prediction
 * @param {{ known: boolean, t0: number }} context
 */
export function patientSheet(entry, prediction, { known, t0 }) {
  const estimate =
    prediction.estimates.find((item) => item.time === 5) ?? prediction.estimates.at(-1);
  if (!estimate) return null;
  const development = entry.model.population?.development;
  const text = patientSentences(estimate, {
    known,
    t0,
    n: development?.n,
    period: development?.period,
  });
  const icons = new IconArray().update(
    estimate,
    {
      words: {
        ...outcomeWords.dfs,
        alive: 'alive and free of the tumour',
        other: 'tumour came back, or died',
      },
      after: (time) => `${years(time)} after the operation`,
    },
    `Each figure is one person out of 100. Dark figures: alive and free of the tumour ${years(estimate.time)} after the operation.`,
  );
  return el(
    'section',
    { className: 'patient-sheet-body' },
    el('h2', { text: 'After your liver operation' }),
    el(
      'div',
      { className: 'patient-main' },
      icons.node,
      el(
        'div',
        {},
        text.lead.map((line) => el('p', { text: line })),
      ),
    ),
    el('h3', { text: 'What these numbers can tell you' }),
    el(
      'ul',
      {},
      text.can.map((line) => el('li', { text: line })),
    ),
    el('h3', { text: 'What they cannot tell you' }),
    el(
      'ul',
      {},
      text.cannot.map((line) => el('li', { text: line })),
    ),
  );
}
