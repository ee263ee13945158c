// @ts-check
// After surgery: the DFS model's inputs (each may be unknown) and the time already disease-free,
// bounded by the model's max_time; DFS estimates, the probability of cure, the curve, an icon
// array and plain sentences, all read from the core's predict response by their wire names.
import {
  el,
  clear,
  append,
  uniqueId,
  setText,
  setAttribute,
  syncChildren,
  NodeCache,
} from '../dom.js';
import { predict, profileFor, largestConditionTime } from '../predict.js';
import { percent, interval, years, tagLabel } from '../format.js';
import { CurveChart } from '../components/curve-chart.js';
import { EstimateCards, IconArray, EstimatesTable } from '../components/estimates.js';
import { warningList, describeError } from '../components/warnings.js';
import { inputField, yearsField } from './form-fields.js';
import { InstitutionModel } from './institution-model.js';

/** @typedef {import('../models.js').ModelEntry} ModelEntry */
/** @typedef {import('../engine.js').Engine} Engine */
/** @typedef {import('../../../docs/api').Prediction} Prediction */
/** @typedef {import('../../../docs/api').Cure} Cure */
/** @typedef {import('../../../docs/api').Warning} Warning */

// The years field moves in half years.
const yearStep = 0.5;

export class AfterSurgeryView {
  // onModelChange(): the chosen model changed (the page re-mounts the view and re-renders).
  /**
   * @param {{ engine: Engine, entry: ModelEntry | null, onInput: (name: string, value: string) => void,
   *   onModelChange?: () => void }} options
   */
  constructor({ engine, entry, onInput, onModelChange = () => {} }) {
    this.engine = engine;
    this.publishedEntry = entry;
    this.onInput = onInput;
    this.onModelChange = onModelChange;
    this.useInstitution = false;
    this.institution = new InstitutionModel({
      engine,
      onChange: ({ select }) => {
        this.useInstitution = select && Boolean(this.institution.entry);
        onModelChange();
      },
    });
    this.results = el('div', { className: 'results', 'aria-live': 'polite' });
    /** @type {object | null} */
    this.lastResult = null;
    // The result parts: built once, updated in place on every input change.
    this.cache = new NodeCache();
    this.heading = el('h3');
    this.cards = new EstimateCards();
    this.cure = new CureCard();
    /** @type {CurveChart | null} */
    this.chart = null;
    this.icons = new IconArray();
    this.table = new EstimatesTable();
  }

  // The model predictions use: the institution's when loaded and chosen, else the published one.
  /** @returns {ModelEntry | null} */
  get entry() {
    return this.useInstitution && this.institution.entry
      ? this.institution.entry
      : this.publishedEntry;
  }

  modelChooser() {
    const institution = this.institution.entry;
    if (!institution) return null;
    const name = 'model-choice';
    /** @param {string} value @param {string} text @param {boolean} checked */
    const option = (value, text, checked) => {
      const id = uniqueId(name);
      const radio = el('input', {
        type: 'radio',
        id,
        name,
        value,
        onchange: () => {
          this.useInstitution = value === 'institution';
          this.onModelChange();
        },
      });
      radio.checked = checked;
      return el('div', { className: 'field-check' }, radio, el('label', { for: id, text }));
    };
    return el(
      'fieldset',
      { className: 'model-choice' },
      el('legend', { text: 'Model' }),
      this.publishedEntry
        ? option(
            'published',
            `Published evidence: ${this.publishedEntry.loaded.title}`,
            !this.useInstitution,
          )
        : null,
      option('institution', institution.label ?? institution.loaded.title, this.useInstitution),
    );
  }

  /**
   * @param {HTMLElement} container
   * @param {Record<string, string>} inputs
   */
  mount(container, inputs) {
    clear(container);
    append(container, el('h2', { text: 'After surgery: will the disease stay away?' }));
    append(container, this.institution.panel(), this.modelChooser());
    const entry = this.entry;
    if (!entry) {
      append(
        container,
        el('p', {
          className: 'notice',
          text: 'No disease-free survival model is installed in this build, so there is nothing to show.',
        }),
      );
      return;
    }
    const { loaded } = entry;
    const { max_time: maxTime, time_unit: unit } = loaded.outcome;
    this.chart = new CurveChart({ xMax: maxTime, yLabel: 'Disease-free' });
    const form = el(
      'form',
      {
        className: 'inputs',
        'aria-label': 'Patient inputs',
        onsubmit: (/** @type {Event} */ event) => event.preventDefault(),
      },
      el(
        'fieldset',
        {},
        el('legend', {
          text: entry.institution
            ? 'Patient: the inputs of your institution\'s model (leave "Unknown" when not known)'
            : 'Patient (leave "Unknown" when not known)',
        }),
        loaded.inputs.map((input) => inputField(input, inputs[input.name], this.onInput)),
      ),
      yearsField({
        name: 't0',
        label: `Time already disease-free (${unit} since surgery)`,
        hint:
          `0 means just after surgery. Estimates are then conditional on this time. The model ` +
          `says nothing beyond ${maxTime} ${unit}.`,
        value: inputs.t0 ?? '0',
        max: largestConditionTime(maxTime, yearStep),
        onChange: this.onInput,
      }),
    );
    append(container, el('div', { className: 'view-grid' }, form, this.results));
  }

  /** @param {Record<string, string>} inputs */
  update(inputs) {
    const entry = this.entry;
    if (!entry) return null;
    const { loaded } = entry;
    const profile = profileFor(loaded, inputs);
    const t0 = Number(inputs.t0 ?? 0) || 0;
    const modelLine = entry.institution
      ? this.cache.get(`institution|${entry.label}`, () =>
          el('p', { className: 'model-line institution-label', text: entry.label }),
        )
      : this.cache.get(`model|${loaded.handle}`, () =>
          el('p', {
            className: 'model-line',
            text: `Model: ${loaded.title} (version ${loaded.version})`,
          }),
        );
    let outcome;
    try {
      outcome = predict(this.engine, loaded, profile, t0);
    } catch (error) {
      const text = describeError(error);
      this.lastResult = null;
      this.show(
        modelLine,
        this.cache.get(`error|${text}`, () => el('p', { className: 'error', role: 'alert', text })),
      );
      return null;
    }
    const { result, warnings } = outcome;
    const [prediction] = result.predictions;
    const cure = prediction.cure?.given_condition ?? prediction.cure?.fraction ?? null;
    this.lastResult = {
      profile,
      condition_time: t0,
      model: result.model,
      warnings,
      estimates: prediction.estimates,
      cure,
      anchors: prediction.anchors,
    };
    this.render(modelLine, prediction, warnings, t0, loaded.outcome.max_time);
    return this.lastResult;
  }

  // The results in place: the same elements as before the change, with new values; a part is
  // built only when it first appears (cache) and removed when it no longer applies.
  /**
   * @param {HTMLElement} modelLine
   * @param {Prediction} prediction
   * @param {Warning[]} warnings
   * @param {number} t0
   * @param {number} maxTime
   */
  render(modelLine, prediction, warnings, t0, maxTime) {
    const origin =
      t0 > 0 ? `after surgery, for a patient still disease-free at ${years(t0)}` : 'after surgery';
    const title = `Disease-free survival ${origin}`;
    const wording = {
      stateText: 'alive and free of disease',
      otherText: 'recurred or died',
      origin,
    };
    const { estimates } = prediction;
    const five = estimates.find((item) => item.time === 5) ?? estimates[0];
    const anchors = prediction.anchors.filter((anchor) => anchor.quantity === 'survival');
    this.show(
      modelLine,
      this.cache.get(`warnings|${JSON.stringify(warnings)}`, () =>
        warningList(warnings, 'Caveats for these estimates'),
      ),
      setText(this.heading, title),
      estimates.length
        ? this.cards.update(estimates, wording).node
        : this.cache.get(`no-estimate|${maxTime}`, () =>
            el('p', {
              className: 'notice',
              text: `No estimate within the model's ${years(maxTime)} from this time.`,
            }),
          ),
      this.cure.update(prediction.cure)?.node ?? null,
      prediction.curve && this.chart
        ? this.chart.update({
            title,
            series: [{ label: prediction.label, ...prediction.curve }],
            anchors: t0 > 0 ? [] : anchors,
          }).node
        : null,
      t0 > 0 && anchors.length
        ? this.cache.get('conditional-hint', () =>
            el('p', {
              className: 'hint',
              text:
                'The published points describe all patients from the day of surgery, so they are not ' +
                'drawn on a curve conditional on time already disease-free; they are listed on the Evidence view.',
            }),
          )
        : null,
      five ? this.icons.update(five, wording).node : null,
      this.table.update(estimates, title).node,
    );
  }

  /** @param {...(Node | null)} nodes */
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
    this.node = el(
      'div',
      {},
      this.time,
      this.value,
      this.ci,
      this.tag,
      el('p', {
        className: 'hint',
        text:
          'Cure means the disease never comes back, under the ' +
          "mixture-cure model's assumptions (see Evidence).",
      }),
    );
  }

  // null when there is no number to show (no cure model, or none for a personalised profile:
  // the cure_not_personalised warning then says why).
  /** @param {Cure | null} cure */
  update(cure) {
    const given = cure?.given_condition ?? null;
    const value = given ?? cure?.fraction ?? null;
    if (!value) return null;
    setAttribute(this.node, 'class', 'card cure-card tag-modelled');
    setText(
      this.time,
      given
        ? `Probability of cure, given disease-free at ${years(given.time)}`
        : 'Probability of cure after surgery',
    );
    setText(this.value, percent(value.estimate));
    setText(this.ci, interval(value.lower, value.upper));
    setAttribute(this.tag, 'class', 'tag tag-modelled');
    setText(this.tag, tagLabel('modelled'));
    return this;
  }
}
