// At recurrence: site of recurrence, the treatment options side by side (a curve where the model
// has one, the published 10-year OS with its CI for every option), time from surgery to recurrence
// where the model uses it.
import { el, clear } from '../dom.js';
import { describeError } from '../engine.js';
import { modelInputs, modelTitle, inputLevels, inputLabel } from '../models.js';
import { predict } from '../predict.js';
import { percent, interval, tagLabel } from '../format.js';
import { curveChart } from '../components/curve-chart.js';
import { estimateCards } from '../components/estimates.js';
import { warningList } from '../components/warnings.js';
import { inputField } from './form-fields.js';
import { publishedOnly } from './after-surgery.js';

const isTreatment = (input) => /treat/i.test(input.name);

export class AtRecurrenceView {
  constructor({ engine, entry, onInput }) {
    this.engine = engine;
    this.entry = entry;
    this.onInput = onInput;
    this.results = el('div', { className: 'results', 'aria-live': 'polite' });
    this.lastResult = null;
  }

  mount(container, inputs) {
    clear(container);
    container.append(el('h2', { text: 'At recurrence: outlook by site and treatment' }));
    if (!this.entry) {
      container.append(el('p', { className: 'notice', text:
        'No model of survival after recurrence is installed in this build.' }));
      return;
    }
    const fields = modelInputs(this.entry.model).filter((input) => !isTreatment(input));
    const form = el('form', { className: 'inputs', 'aria-label': 'Recurrence inputs',
      onsubmit: (event) => event.preventDefault() },
    el('fieldset', {}, el('legend', { text: 'Recurrence' }),
      fields.map((input) => inputField(input, inputs[input.name], this.onInput))));
    container.append(el('div', { className: 'view-grid' }, form, this.results));
  }

  update(inputs) {
    if (!this.entry) return null;
    const model = this.entry.model;
    clear(this.results);
    this.results.append(el('p', { className: 'model-line',
      text: `Model: ${modelTitle(model)} (version ${model.version ?? 'unversioned'})` }));
    if (!this.engine.supportsPredict()) {
      this.lastResult = null;
      this.results.append(publishedOnly(model));
      return null;
    }
    const treatment = modelInputs(model).find(isTreatment);
    const profile = {};
    for (const input of modelInputs(model)) profile[input.name] = inputs[input.name] ?? 'unknown';
    const options = treatment ? inputLevels(treatment) : [];
    const compared = [];
    try {
      compared.push({ label: 'Site of recurrence (all treatments)', ...predict(this.engine, model,
        { ...profile, ...(treatment ? { [treatment.name]: 'unknown' } : {}) }) });
      for (const option of options) {
        compared.push({ label: option.label, option: option.value,
          ...predict(this.engine, model, { ...profile, [treatment.name]: option.value }) });
      }
    } catch (error) {
      this.results.append(el('p', { className: 'error', role: 'alert', text: describeError(error) }));
      return null;
    }
    this.lastResult = { profile, compared };
    this.results.append(comparisonTable(compared, treatment),
      el('div', { className: 'options' }, compared.map(optionPanel)));
    return this.lastResult;
  }
}

function tenYear(prediction) {
  return prediction.anchors.find((anchor) => anchor.time === 10) ??
    prediction.estimates.find((estimate) => estimate.time === 10) ?? null;
}

function comparisonTable(compared, treatment) {
  return el('table', { className: 'comparison' },
    el('caption', { text: `10-year overall survival, published, by ${treatment ? inputLabel(treatment).toLowerCase() : 'group'}` }),
    el('thead', {}, el('tr', {}, ['Group', '10-year OS', '95% CI', 'Kind', 'Source']
      .map((name) => el('th', { scope: 'col', text: name })))),
    el('tbody', {}, compared.map((item) => {
      const point = tenYear(item);
      return el('tr', {},
        el('th', { scope: 'row', text: item.label }),
        el('td', { text: point ? percent(point.estimate, 1) : 'not published' }),
        el('td', { text: point ? interval(point.lower, point.upper, 1) : '' }),
        el('td', { text: point ? tagLabel(point.tag) : '' }),
        el('td', { text: point?.source ?? '' }));
    })));
}

function optionPanel(item) {
  return el('section', { className: 'option', 'aria-label': item.label },
    el('h3', { text: item.label }),
    warningList(item.warnings, `Caveats for ${item.label}`),
    estimateCards(item.estimates.filter((estimate) => estimate.time === 10),
      { stateText: 'alive', origin: 'after recurrence' }),
    item.curve ? curveChart({ title: `Overall survival: ${item.label}`, yLabel: 'Alive',
      series: [{ label: item.label, ...item.curve }], anchors: item.anchors })
      : el('p', { className: 'notice', text: 'No curve is drawn for this group: the evidence does not support one.' }));
}
