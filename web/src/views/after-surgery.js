// @ts-check
// After surgery: the DFS model's inputs (each may be unknown) and the time already disease-free,
// bounded by the model's max_time, beside the results: the headline estimates first, then the
// curve, the caveats (short, the long form one click away), plain sentences, an icon array, the
// definitions and a table; the institution's model in an Advanced section. Everything is read
// from the core's predict response by its wire names; the words come from wording.js.
import { el, clear, append, uniqueId, setText, syncChildren, NodeCache } from '../dom.js';
import { predict, profileFor, largestConditionTime, anyKnown } from '../predict.js';
import { percent, intervalText, years, timeOrigin } from '../format.js';
import { outcomeWords, whoPhrase } from '../wording.js';
import { CurveChart } from '../components/curve-chart.js';
import {
  EstimateCards,
  EstimateSentences,
  IconArray,
  EstimatesTable,
  badge,
} from '../components/estimates.js';
import { warningList, errorNotice } from '../components/warnings.js';
import { definitionsList, outcomeName, outcomeShort } from '../components/definitions.js';
import { inputField, yearsField, conditionTime } from './form-fields.js';
import { InstitutionModel } from './institution-model.js';
import { PersonalisedEstimates } from '../components/personalised-estimates.js';
import { printInputs, curveSummary, patientSheet } from './after-surgery-print.js';
import { unverifiedNotice } from '../trust.js';

/** @typedef {import('../models.js').ModelEntry} ModelEntry */
/** @typedef {import('../engine.js').Engine} Engine */
/** @typedef {import('../../../docs/api').Prediction} Prediction */
/** @typedef {import('../../../docs/api').Cure} Cure */
/** @typedef {import('../../../docs/api').Warning} Warning */
/** @typedef {import('../../../docs/api').Outcome} Outcome */

// The slider moves in half years.
const yearStep = 0.5;

export class AfterSurgeryView {
  // onModelChange(): the chosen model changed (the page re-mounts the view and re-renders).
  /**
   * personalisedEntry: the cure regression (role after_surgery_personalised); when installed it
   * answers for the patient, beneath the published whole-cohort numbers.
   * @param {{ engine: Engine, entry: ModelEntry | null, personalisedEntry?: ModelEntry | null,
   *   onInput: (name: string, value: string) => void, onModelChange?: () => void }} options
   */
  constructor({ engine, entry, personalisedEntry = null, onInput, onModelChange = () => {} }) {
    this.engine = engine;
    this.publishedEntry = entry;
    this.personalisedEntry = personalisedEntry;
    this.personalised = new PersonalisedEstimates();
    this.onInput = onInput;
    this.onModelChange = onModelChange;
    this.useInstitution = false;
    this.advancedOpen = false;
    this.institution = new InstitutionModel({
      engine,
      onChange: ({ select }) => {
        this.useInstitution = select && Boolean(this.institution.entry);
        onModelChange();
      },
    });
    this.results = el('div', { className: 'results' });
    /** @type {any} */
    this.lastResult = null;
    /** @type {{ prediction: Prediction, known: boolean, t0: number } | null} */
    this.shown = null;
    this.cache = new NodeCache();
    this.heading = el('h3', { className: 'results-heading' });
    this.cards = new EstimateCards();
    this.cure = new CureCard();
    this.sentences = new EstimateSentences();
    /** @type {CurveChart | null} */
    this.chart = null;
    this.icons = new IconArray();
    this.table = new EstimatesTable();
    this.summaryBar = el('p', { className: 'summary-bar', role: 'status' });
    this.printInputs = el('section', { className: 'print-inputs', 'aria-label': 'Inputs' });
    /** @type {{ node: HTMLElement, setProblem: (text: string, accepted: number) => void } | null} */
    this.t0Field = null;
  }

  // The model predictions use: the institution's when loaded and chosen, else the published one.
  /** @returns {ModelEntry | null} */
  get entry() {
    if (this.useInstitution && this.institution.entry) return this.institution.entry;
    return this.personalisedEntry ?? this.publishedEntry;
  }

  modelChooser() {
    const institution = this.institution.entry;
    if (!institution) return null;
    const name = 'model-choice';
    /** @param {string} value @param {string} text @param {boolean} checked */
    const option = (value, text, checked) => {
      const id = uniqueId(name);
      const radio = /** @type {HTMLInputElement} */ (
        el('input', {
          type: 'radio',
          id,
          name,
          value,
          onchange: () => {
            this.useInstitution = value === 'institution';
            this.onModelChange();
          },
        })
      );
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

  // The institution's model file and the choice between models: out of the way, one click open
  // (and kept open across the view's re-mounts once opened, or while such a model is loaded).
  advanced() {
    const details = /** @type {HTMLDetailsElement} */ (
      el(
        'details',
        { className: 'advanced' },
        el('summary', { text: "Advanced: use your institution's own model" }),
        this.institution.panel(),
        this.modelChooser(),
      )
    );
    details.open = this.advancedOpen || Boolean(this.institution.entry);
    details.addEventListener('toggle', () => {
      this.advancedOpen = details.open;
    });
    return details;
  }

  /**
   * @param {HTMLElement} container
   * @param {Record<string, string>} inputs
   */
  mount(container, inputs) {
    clear(container);
    append(container, el('h2', { text: 'After surgery: will the disease stay away?' }));
    const entry = this.entry;
    if (!entry) {
      append(
        container,
        el('p', {
          className: 'notice',
          text: 'No disease-free survival model is installed in this build, so there is nothing to show.',
        }),
        this.advanced(),
      );
      return;
    }
    const { loaded } = entry;
    const { max_time: maxTime, time_unit: unit } = loaded.outcome;
    const origin = timeOrigin(loaded.outcome);
    this.chart = new CurveChart({
      xMax: maxTime,
      yLabel: 'Alive without recurrence',
      xLabel: origin.axis,
    });
    this.t0Field = yearsField({
      name: 't0',
      label: `Time already free of disease (${unit} since the liver surgery)`,
      hint:
        `0 means just after the surgery; above 0, the estimates are for a patient still alive without ` +
        `recurrence at that time. The model says nothing from ${years(maxTime)} on.`,
      value: inputs.t0 ?? '0',
      max: largestConditionTime(maxTime, yearStep),
      step: yearStep,
      onChange: this.onInput,
    });
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
            ? "Patient: the inputs of your institution's model"
            : 'Patient (leave "Unknown" when not known)',
        }),
        loaded.inputs.map((input) => inputField(input, inputs[input.name], this.onInput)),
      ),
      this.t0Field.node,
      this.summaryBar,
    );
    append(
      container,
      this.printInputs,
      el('div', { className: 'view-grid' }, form, this.results),
      this.advanced(),
    );
  }

  /** @param {Record<string, string>} inputs */
  update(inputs) {
    const entry = this.entry;
    if (!entry) return null;
    const { loaded } = entry;
    const profile = profileFor(loaded, inputs);
    const t0 = conditionTime(inputs.t0, loaded.outcome.max_time, loaded.outcome.time_unit);
    this.t0Field?.setProblem(t0.problem, t0.value);
    printInputs(this.printInputs, loaded, profile, t0);
    // The model's line, and beside it the notice when the site's list of approved models lacks it.
    const modelLine = entry.institution
      ? this.cache.get(`institution|${entry.label}`, () =>
          el(
            'div',
            {},
            el('p', { className: 'model-line institution-label', text: entry.label }),
            unverifiedNotice(loaded),
          ),
        )
      : this.cache.get(`model|${loaded.handle}`, () =>
          el(
            'div',
            {},
            el('p', {
              className: 'model-line',
              text: `Published-evidence model, version ${loaded.version}`,
            }),
            unverifiedNotice(loaded),
          ),
        );
    this.lastResult = null;
    this.shown = null;
    if (t0.problem) {
      setText(this.summaryBar, `No estimate: ${t0.problem}`);
      this.show(
        modelLine,
        this.cache.get(`t0|${t0.problem}`, () =>
          el('p', {
            className: 'notice',
            role: 'alert',
            text: `No estimate is shown: ${t0.problem}`,
          }),
        ),
      );
      return null;
    }
    let outcome;
    try {
      outcome = predict(this.engine, loaded, profile, t0.value);
    } catch (error) {
      setText(this.summaryBar, 'No estimate: the survival engine refused the request.');
      this.show(modelLine, errorNotice(error));
      return null;
    }
    const { result, warnings } = outcome;
    const [prediction] = result.predictions;
    const cure = prediction.cure?.given_condition ?? prediction.cure?.fraction ?? null;
    this.lastResult = {
      profile,
      condition_time: t0.value,
      model: result.model,
      warnings,
      estimates: prediction.estimates,
      cure,
      anchors: prediction.anchors,
    };
    this.shown = { prediction, known: anyKnown(profile), t0: t0.value };
    if (prediction.personalised) this.renderPersonalised(modelLine, prediction, warnings, entry);
    else this.render(modelLine, prediction, warnings, entry);
    return this.lastResult;
  }

  // The results in place: the same elements as before the change, with new values; a part is
  // built only when it first appears (cache) and removed when it no longer applies.
  /**
   * @param {HTMLElement} modelLine
   * @param {Prediction} prediction
   * @param {Warning[]} warnings
   * @param {ModelEntry} entry
   */
  render(modelLine, prediction, warnings, entry) {
    const { outcome } = entry.loaded;
    const { known, t0 } = /** @type {{ known: boolean, t0: number }} */ (this.shown);
    const origin = timeOrigin(outcome);
    const name = outcomeName(outcome);
    const title =
      t0 > 0
        ? `${name} for a patient still alive without recurrence ${origin.after(t0)}`
        : `${name} after the liver surgery`;
    const wording = {
      words: outcome.endpoint === 'overall survival' ? outcomeWords.os : outcomeWords.dfs,
      who: whoPhrase(known, t0),
      after: origin.after,
    };
    const { estimates } = prediction;
    const five = estimates.find((item) => item.time === 5) ?? estimates[0];
    const anchors = prediction.anchors.filter((anchor) => anchor.quantity === 'survival');
    const labels = Object.fromEntries(
      entry.loaded.inputs.map((input) => [input.name, input.label]),
    );
    this.summarise(outcome, estimates);
    const markerLabel = known
      ? 'whole cohort (published), not this profile'
      : 'whole cohort (published)';
    this.show(
      modelLine,
      setText(this.heading, title),
      estimates.length
        ? this.cards.update(estimates, wording, `Estimates ${origin.since}`).node
        : this.cache.get(`no-estimate|${outcome.max_time}`, () =>
            el('p', {
              className: 'notice',
              text: `No estimate within the model's ${years(outcome.max_time)} from this time.`,
            }),
          ),
      this.cure.update(prediction.cure)?.node ?? null,
      prediction.curve && this.chart
        ? this.chart.update({
            title,
            series: [
              { label: known ? 'This profile' : 'The whole published cohort', ...prediction.curve },
            ],
            anchors: t0 > 0 ? [] : anchors,
            markerLabel,
            summary: curveSummary(estimates, t0 > 0 ? [] : anchors, origin, markerLabel),
          }).node
        : null,
      t0 > 0 && anchors.length
        ? this.cache.get('conditional-hint', () =>
            el('p', {
              className: 'hint',
              text:
                'The published points describe all patients from the day of the surgery, so they are not ' +
                'drawn on a curve for a patient already free of disease for some time; the Evidence view lists them.',
            }),
          )
        : null,
      this.cache.get(`warnings|${JSON.stringify(warnings)}`, () =>
        warningList(warnings, 'Caveats for these estimates', labels),
      ),
      five
        ? el(
            'div',
            { className: 'plain-language' },
            this.sentences.update(estimates, wording).node,
            this.icons.update(five, wording).node,
          )
        : null,
      this.cache.get(
        `definitions|${entry.loaded.handle}|${Boolean(prediction.cure?.fraction)}`,
        () =>
          definitionsList(outcome, {
            cure: Boolean(prediction.cure),
            published: anchors.some((a) => a.lower !== null),
          }),
      ),
      this.table.update(estimates, title, wording).node,
    );
  }

  // The plain-language sheet for the patient (print only), from the numbers on screen.
  patientSheet() {
    const entry = this.entry;
    if (!entry || !this.shown) return null;
    return patientSheet(entry, this.shown.prediction, this.shown);
  }

  // The cure regression: published whole-cohort numbers first, the modelled profile second.
  /**
   * @param {HTMLElement} modelLine
   * @param {Prediction} prediction
   * @param {Warning[]} warnings
   * @param {ModelEntry} entry
   */
  renderPersonalised(modelLine, prediction, warnings, entry) {
    const { outcome } = entry.loaded;
    const { known, t0 } = /** @type {{ known: boolean, t0: number } } */ (this.shown);
    const origin = timeOrigin(outcome);
    const since =
      t0 > 0
        ? `for a patient still alive without recurrence ${origin.after(t0)}`
        : 'after the liver surgery';
    const title = `Disease-free survival ${since}`;
    const wording = {
      words: outcomeWords.dfs,
      who: whoPhrase(known, t0),
      after: origin.after,
      origin: since,
    };
    const labels = Object.fromEntries(
      entry.loaded.inputs.map((input) => [input.name, input.label]),
    );
    const markerLabel = 'whole cohort (published, S1), not this profile';
    const anchors = prediction.anchors.filter((anchor) => anchor.quantity === 'survival');
    const { estimates } = prediction; // each an interval_type "model_range" (predict)
    this.summarise(outcome, estimates);
    this.show(
      modelLine,
      setText(this.heading, title),
      this.personalised.update(prediction, warnings, t0, wording).node,
      prediction.curve && this.chart
        ? this.chart.update({
            title,
            series: [{ label: prediction.label, ...prediction.curve }],
            anchors: t0 > 0 ? [] : anchors,
            markerLabel,
            summary: curveSummary(estimates, t0 > 0 ? [] : anchors, origin, markerLabel),
          }).node
        : null,
      this.cache.get(`warnings|${JSON.stringify(warnings)}`, () =>
        warningList(warnings, 'Caveats for these estimates', labels),
      ),
      this.table.update(estimates, title, wording).node,
    );
  }

  // The compact line that stays on screen while an input changes: the 5-year estimate (or the
  // first one) with its interval, named by its type.
  /** @param {Outcome} outcome @param {Prediction['estimates']} estimates */
  summarise(outcome, estimates) {
    const origin = timeOrigin(outcome);
    const five = estimates.find((item) => item.time === 5) ?? estimates[0];
    setText(
      this.summaryBar,
      five
        ? `${outcomeShort(outcome)} ${origin.after(five.time)}: ` +
            `${percent(five.estimate)} (${intervalText(five)})`
        : "No estimate within the model's limit.",
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
    this.node = el(
      'div',
      { className: 'card cure-card tag-modelled' },
      this.time,
      this.value,
      this.ci,
      badge('modelled'),
      el('p', {
        className: 'hint',
        text: 'Cure: the disease never comes back (see "What the words mean").',
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
    setText(
      this.time,
      given
        ? `Probability of cure, for a patient alive without recurrence ${years(given.time)} after the liver surgery`
        : 'Probability of cure after the liver surgery',
    );
    setText(this.value, percent(value.estimate));
    setText(this.ci, intervalText(value));
    return this;
  }
}
