// After surgery: the DFS model's inputs (each may be unknown) and the time already disease-free;
// DFS estimates, the probability of cure, the curve, an icon array and plain sentences.
import { el, clear, append, uniqueId, setText, setAttribute, syncChildren, NodeCache } from '../dom.js';
import { describeError } from '../engine.js';
import { modelInputs, modelTitle, modelChecksum } from '../models.js';
import { predict, horizons } from '../predict.js';
import { survivalAnchors } from '../models.js';
import { percent, interval, years, tagLabel } from '../format.js';
import { CurveChart } from '../components/curve-chart.js';
import { EstimateCards, IconArray, EstimatesTable, estimateCards } from '../components/estimates.js';
import { warningList } from '../components/warnings.js';
import { inputField, yearsField } from './form-fields.js';
import { InstitutionModel } from './institution-model.js';

export class AfterSurgeryView {
  // onModelChange(): the chosen model changed (the page re-mounts the view and re-renders).
  constructor({ engine, entry, onInput, onModelChange = () => {} }) {
    this.engine = engine;
    this.publishedEntry = entry;
    this.onInput = onInput;
    this.onModelChange = onModelChange;
    this.useInstitution = false;
    this.canPredict = engine.supportsPredict();
    this.institution = this.canPredict ? new InstitutionModel({ engine, onChange: ({ select }) => {
      this.useInstitution = select && Boolean(this.institution.entry);
      onModelChange();
    } }) : null;
    this.results = el('div', { className: 'results', 'aria-live': 'polite' });
    this.lastResult = null;
    // The result parts: built once, updated in place on every input change.
    this.cache = new NodeCache();
    this.heading = el('h3');
    this.cards = new EstimateCards();
    this.cure = new CureCard();
    this.chart = new CurveChart({ yLabel: 'Disease-free' });
    this.icons = new IconArray();
    this.table = new EstimatesTable();
  }

  // The model predictions use: the institution's when loaded and chosen, else the published one.
  get entry() {
    return this.useInstitution && this.institution?.entry ? this.institution.entry : this.publishedEntry;
  }

  modelChooser() {
    if (!this.institution?.entry) return null;
    const name = 'model-choice';
    const option = (value, text, checked) => {
      const id = uniqueId(name);
      const radio = el('input', { type: 'radio', id, name, value, onchange: () => {
        this.useInstitution = value === 'institution';
        this.onModelChange();
      } });
      radio.checked = checked;
      return el('div', { className: 'field-check' }, radio, el('label', { for: id, text }));
    };
    return el('fieldset', { className: 'model-choice' }, el('legend', { text: 'Model' }),
      this.publishedEntry ? option('published', `Published evidence: ${modelTitle(this.publishedEntry.model)}`, !this.useInstitution) : null,
      option('institution', this.institution.entry.label, this.useInstitution));
  }

  mount(container, inputs) {
    clear(container);
    append(container, el('h2', { text: 'After surgery: will the disease stay away?' }));
    if (this.institution) append(container, this.institution.panel(), this.modelChooser());
    if (!this.entry) {
      append(container, el('p', { className: 'notice', text:
        'No disease-free survival model is installed in this build, so there is nothing to show.' }));
      return;
    }
    const model = this.entry.model;
    const form = el('form', { className: 'inputs', 'aria-label': 'Patient inputs',
      onsubmit: (event) => event.preventDefault() },
    el('fieldset', {}, el('legend', { text: this.entry.institution ? 'Patient: the inputs of your institution\'s model (leave "Unknown" when not known)'
      : 'Patient (leave "Unknown" when not known)' }),
      modelInputs(model).map((input) => inputField(input, inputs[input.name], this.onInput))),
    yearsField({ name: 't0', label: 'Time already disease-free (years since surgery)',
      hint: '0 means just after surgery. Estimates are then conditional on this time.',
      value: inputs.t0 ?? '0', max: 9.5, onChange: this.onInput }));
    append(container, el('div', { className: 'view-grid' }, form, this.results));
  }

  update(inputs) {
    if (!this.entry) return null;
    const model = this.entry.model;
    const profile = {};
    for (const input of modelInputs(model)) profile[input.name] = inputs[input.name] ?? 'unknown';
    const t0 = Number(inputs.t0 ?? 0) || 0;
    const modelLine = this.entry.institution
      ? this.cache.get(`institution|${this.entry.label}`,
        () => el('p', { className: 'model-line institution-label', text: this.entry.label }))
      : this.cache.get(`model|${modelTitle(model)}|${model.version}`, () => el('p', { className: 'model-line',
        text: `Model: ${modelTitle(model)} (version ${model.version ?? 'unversioned'})` }));
    if (!this.canPredict) {
      this.lastResult = null;
      this.show(modelLine, this.cache.get(`published-only|${modelChecksum(model)}`, () => publishedOnly(model)));
      return null;
    }
    let outcome;
    try {
      outcome = predict(this.engine, model, profile, t0 > 0 ? t0 : undefined);
    } catch (error) {
      const text = describeError(error);
      this.show(modelLine, this.cache.get(`error|${text}`, () => el('p', { className: 'error', role: 'alert', text })));
      return null;
    }
    const prediction = outcome.predictions[0];
    this.lastResult = { profile, condition_time: t0, model: outcome.model, warnings: outcome.warnings,
      estimates: prediction.estimates, cure: prediction.cure, anchors: prediction.anchors };
    this.render(modelLine, prediction, outcome.warnings, t0);
    return this.lastResult;
  }

  // The results in place: the same elements as before the change, with new values; a part is
  // built only when it first appears (cache) and removed when it no longer applies.
  render(modelLine, prediction, warnings, t0) {
    const origin = t0 > 0 ? `after surgery, for a patient still disease-free at ${years(t0)}` : 'after surgery';
    const title = `Disease-free survival ${origin}`;
    const wording = { stateText: 'alive and free of disease', otherText: 'recurred or died', origin };
    const estimates = prediction.estimates.filter((item) => horizons.includes(item.time));
    const five = estimates.find((item) => item.time === 5) ?? estimates[0];
    const anchors = prediction.anchors.filter((anchor) => anchor.quantity === 'survival');
    this.show(modelLine,
      this.cache.get(`warnings|${JSON.stringify(warnings)}`, () => warningList(warnings, 'Caveats for these estimates')),
      setText(this.heading, title),
      estimates.length ? this.cards.update(estimates, wording).node : this.cache.get('no-estimate', () =>
        el('p', { className: 'notice', text: 'No estimate within the model\'s 10 years from this time.' })),
      prediction.cure ? this.cure.update(prediction.cure).node : null,
      prediction.curve ? this.chart.update({ title, series: [{ label: prediction.label, ...prediction.curve }],
        anchors: t0 > 0 ? [] : anchors }).node : null,
      t0 > 0 && anchors.length ? this.cache.get('conditional-hint', () => el('p', { className: 'hint',
        text: 'The published points describe all patients from the day of surgery, so they are not '
        + 'drawn on a curve conditional on time already disease-free; they are listed on the Evidence view.' })) : null,
      five ? this.icons.update(five, wording).node : null,
      this.table.update(estimates, title).node);
  }

  show(...nodes) {
    syncChildren(this.results, nodes);
    this.cache.done();
  }
}

// The probability of cure under a mixture-cure model, updated in place.
class CureCard {
  constructor() {
    this.time = el('p', { className: 'card-time' });
    this.value = el('p', { className: 'card-value' });
    this.ci = el('p', { className: 'card-ci' });
    this.tag = el('p');
    this.node = el('div', {}, this.time, this.value, this.ci, this.tag,
      el('p', { className: 'hint', text: 'Cure means the disease never comes back, under the '
        + 'mixture-cure model\'s assumptions (see Evidence).' }));
  }

  update(cure) {
    setAttribute(this.node, 'class', `card cure-card tag-${cure.tag}`);
    setText(this.time, cure.given
      ? `Probability of cure, given disease-free at ${years(cure.time)}` : 'Probability of cure after surgery');
    setText(this.value, percent(cure.estimate));
    setText(this.ci, interval(cure.lower, cure.upper));
    setAttribute(this.tag, 'class', `tag tag-${cure.tag}`);
    setText(this.tag, tagLabel(cure.tag));
    return this;
  }
}

// Before predict exists in the core: the published figures of the model file, as published.
export function publishedOnly(model) {
  const anchors = survivalAnchors(model).map((anchor) => ({ ...anchor, tag: 'published',
    lower: anchor.lower ?? null, upper: anchor.upper ?? null }));
  return el('div', {},
    el('p', { className: 'notice', role: 'note', text: 'This build of the survival engine has no '
      + 'prediction operation yet: personalised estimates cannot be shown. The published figures '
      + 'of the model are shown exactly as published.' }),
    anchors.length ? estimateCards(anchors, { stateText: 'alive and free of disease',
      origin: 'after surgery (whole published cohort)' }) : null);
}
