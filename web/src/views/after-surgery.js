// After surgery: the DFS model's inputs (each may be unknown) and the time already disease-free;
// DFS estimates, the probability of cure, the curve, an icon array and plain sentences.
import { el, clear } from '../dom.js';
import { describeError } from '../engine.js';
import { modelInputs, modelTitle } from '../models.js';
import { predict, horizons, normaliseAnchor } from '../predict.js';
import { modelAnchors } from '../models.js';
import { percent, interval, years, tagLabel } from '../format.js';
import { curveChart } from '../components/curve-chart.js';
import { estimateCards, iconArray, estimatesTable } from '../components/estimates.js';
import { warningList } from '../components/warnings.js';
import { inputField, yearsField } from './form-fields.js';

export class AfterSurgeryView {
  constructor({ engine, entry, onInput }) {
    this.engine = engine;
    this.entry = entry;
    this.onInput = onInput;
    this.results = el('div', { className: 'results', 'aria-live': 'polite' });
    this.lastResult = null;
  }

  mount(container, inputs) {
    clear(container);
    container.append(el('h2', { text: 'After surgery: will the disease stay away?' }));
    if (!this.entry) {
      container.append(el('p', { className: 'notice', text:
        'No disease-free survival model is installed in this build, so there is nothing to show.' }));
      return;
    }
    const model = this.entry.model;
    const form = el('form', { className: 'inputs', 'aria-label': 'Patient inputs',
      onsubmit: (event) => event.preventDefault() },
    el('fieldset', {}, el('legend', { text: 'Patient (leave "Unknown" when not known)' }),
      modelInputs(model).map((input) => inputField(input, inputs[input.name], this.onInput))),
    yearsField({ name: 't0', label: 'Time already disease-free (years since surgery)',
      hint: '0 means just after surgery. Estimates are then conditional on this time.',
      value: inputs.t0 ?? '0', max: 9.5, onChange: this.onInput }));
    container.append(el('div', { className: 'view-grid' }, form, this.results));
  }

  update(inputs) {
    if (!this.entry) return null;
    const model = this.entry.model;
    const profile = {};
    for (const input of modelInputs(model)) profile[input.name] = inputs[input.name] ?? 'unknown';
    const t0 = Number(inputs.t0 ?? 0) || 0;
    clear(this.results);
    this.results.append(el('p', { className: 'model-line',
      text: `Model: ${modelTitle(model)} (version ${model.version ?? 'unversioned'})` }));
    if (!this.engine.supportsPredict()) {
      this.lastResult = null;
      this.results.append(publishedOnly(model));
      return null;
    }
    let prediction;
    try {
      prediction = predict(this.engine, model, profile, t0 > 0 ? t0 : undefined);
    } catch (error) {
      this.results.append(el('p', { className: 'error', role: 'alert', text: describeError(error) }));
      return null;
    }
    this.lastResult = { profile, condition_time: t0, ...prediction };
    this.render(prediction, t0);
    return this.lastResult;
  }

  render(prediction, t0) {
    const origin = t0 > 0 ? `after surgery, for a patient disease-free at ${years(t0)}` : 'after surgery';
    const estimates = prediction.estimates.filter((item) => horizons.includes(item.time));
    const five = estimates.find((item) => item.time === 5) ?? estimates[0];
    this.results.append(
      warningList(prediction.warnings, 'Caveats for these estimates'),
      el('h3', { text: 'Disease-free survival' }),
      estimateCards(estimates, { stateText: 'alive and free of disease', origin }),
      prediction.cure ? cureCard(prediction.cure, t0) : null,
      prediction.curve ? curveChart({
        title: `Disease-free survival ${origin}`, yLabel: 'Disease-free',
        series: [{ label: 'This patient', ...prediction.curve }],
        anchors: t0 > 0 ? [] : prediction.anchors,
      }) : null,
      five ? iconArray(five, { stateText: 'alive and free of disease', otherText: 'recurred or died', origin }) : null,
      estimatesTable(estimates, `Disease-free survival ${origin}`));
  }
}

function cureCard(cure, t0) {
  return el('div', { className: `card cure-card tag-${cure.tag}` },
    el('p', { className: 'card-time', text: t0 > 0
      ? `Probability of cure, given disease-free at ${years(t0)}` : 'Probability of cure after surgery' }),
    el('p', { className: 'card-value', text: percent(cure.estimate) }),
    el('p', { className: 'card-ci', text: interval(cure.lower, cure.upper) }),
    el('p', { className: `tag tag-${cure.tag}`, text: tagLabel(cure.tag) }),
    el('p', { className: 'hint', text: 'Cure means the disease never comes back, under the '
      + 'mixture-cure model\'s assumptions (see Evidence).' }));
}

// Before predict exists in the core: the published figures of the model file, as published.
export function publishedOnly(model) {
  const anchors = modelAnchors(model).map(normaliseAnchor);
  return el('div', {},
    el('p', { className: 'notice', role: 'note', text: 'This build of the survival engine has no '
      + 'prediction operation yet: personalised estimates cannot be shown. The published figures '
      + 'of the model are shown exactly as published.' }),
    anchors.length ? estimateCards(anchors, { stateText: 'alive and free of disease',
      origin: 'after surgery (whole published cohort)' }) : null);
}
