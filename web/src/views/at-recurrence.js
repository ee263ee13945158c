// At recurrence: the site of recurrence and the treatment options side by side. The published
// 10-year OS with its CI is shown for every site and every option, exactly as published (read
// from the model file); a curve is drawn only where the model gives one through predict.
import { el, clear, append, syncChildren, NodeCache } from '../dom.js';
import { describeError } from '../engine.js';
import { modelInputs, modelTitle, inputLabel, survivalAnchors } from '../models.js';
import { predict, warningsFor } from '../predict.js';
import { percent, interval, years } from '../format.js';
import { CurveChart } from '../components/curve-chart.js';
import { warningList } from '../components/warnings.js';
import { inputField } from './form-fields.js';

const isTreatment = (input) => /treat/i.test(input.name);
const isSite = (input) => /site/i.test(input.name);

export class AtRecurrenceView {
  constructor({ engine, entry, onInput }) {
    this.engine = engine;
    this.entry = entry;
    this.onInput = onInput;
    this.canPredict = engine.supportsPredict();
    this.results = el('div', { className: 'results', 'aria-live': 'polite' });
    this.lastResult = null;
    this.cache = new NodeCache();
    this.charts = {}; // input name -> CurveChart
  }

  mount(container, inputs) {
    clear(container);
    append(container, el('h2', { text: 'At recurrence: outlook by site and treatment' }));
    if (!this.entry) {
      append(container, el('p', { className: 'notice', text:
        'No model of survival after recurrence is installed in this build.' }));
      return;
    }
    const fields = modelInputs(this.entry.model).filter((input) => !isTreatment(input));
    const form = el('form', { className: 'inputs', 'aria-label': 'Recurrence inputs',
      onsubmit: (event) => event.preventDefault() },
    el('fieldset', {}, el('legend', { text: 'Recurrence' }),
      fields.map((input) => inputField(input, inputs[input.name], this.onInput))));
    append(container, el('div', { className: 'view-grid' }, form, this.results));
  }

  update(inputs) {
    if (!this.entry) return null;
    const model = this.entry.model;
    const all = modelInputs(model);
    const site = all.find(isSite);
    const treatment = all.find(isTreatment);
    const profile = {};
    for (const input of all) profile[input.name] = isTreatment(input) ? 'unknown' : inputs[input.name] ?? 'unknown';
    // Parts whose data did not change are kept (cache) and the charts are updated in place.
    const part = (key, build) => this.cache.get(key, build);
    const nodes = [part(`model|${modelTitle(model)}|${model.version}`, () => el('p', { className: 'model-line',
      text: `Model: ${modelTitle(model)} (version ${model.version ?? 'unversioned'})` }))];
    let groups;
    let warnings = [];
    try {
      ({ groups, warnings } = this.canPredict ? this.predicted(model, profile) : publishedGroups(model, profile));
    } catch (error) {
      const text = describeError(error);
      this.show(nodes, part(`error|${text}`, () => el('p', { className: 'error', role: 'alert', text })));
      return null;
    }
    this.lastResult = { profile, warnings, compared: groups.map(({ label, input, option, n, anchors, estimates, statement }) =>
      ({ label, input, option, n, anchors, estimates, statement })) };
    const general = warningsFor(warnings, undefined);
    nodes.push(part(`warnings|${JSON.stringify(general)}`,
      () => warningList(general, 'Caveats for every number in this view')));
    for (const input of [site, treatment].filter(Boolean)) {
      const own = groups.filter((group) => group.input === input.name);
      const isComparison = input === treatment;
      const heading = isComparison ? 'Treatment options compared' : `By ${inputLabel(input).toLowerCase()}`;
      const caveats = warningsFor(warnings, input.name);
      const shown = JSON.stringify(own.map(({ label, option, n, statement, anchors, curve }) =>
        [label, option, n, statement, anchors, Boolean(curve)]));
      nodes.push(part(`heading|${input.name}|${heading}`, () => el('h3', { text: heading })),
        part(`caveats|${input.name}|${JSON.stringify(caveats)}`,
          () => warningList(caveats, isComparison ? 'Read this before comparing' : 'Caveat')),
        part(`cards|${input.name}|${shown}`, () => groupCards(own)),
        part(`table|${input.name}|${shown}`, () => comparisonTable(own, inputLabel(input))));
      const drawn = own.filter((group) => group.curve);
      if (drawn.length) {
        this.charts[input.name] ??= new CurveChart({ yLabel: 'Alive' });
        nodes.push(this.charts[input.name].update({ title: `Overall survival by ${inputLabel(input).toLowerCase()}`,
          series: drawn.map((group) => ({ label: group.label, ...group.curve })),
          anchors: drawn.flatMap((group) => group.anchors) }).node);
      }
    }
    if (!this.canPredict) {
      nodes.push(part('no-curves', () => el('p', { className: 'notice', text: 'Curves need the prediction '
        + 'operation of the survival engine, which this build does not have; the published '
        + 'numbers above are shown exactly as published.' })));
    }
    this.show(nodes);
    return this.lastResult;
  }

  show(...nodes) {
    syncChildren(this.results, nodes);
    this.cache.done();
  }

  // One predict call: a prediction for every group the profile selects (all treatments).
  predicted(model, profile) {
    const outcome = predict(this.engine, model, profile);
    const raw = (input, level) => (modelInputs(model).find((item) => item.name === input)?.levels ?? [])
      .find((item) => item.value === level) ?? {};
    const groups = outcome.predictions.filter((prediction) => prediction.group).map((prediction) => ({
      ...prediction, label: prediction.group.label, input: prediction.group.input,
      option: prediction.group.level, n: raw(prediction.group.input, prediction.group.level).n ?? null,
      anchors: prediction.anchors.filter((anchor) => anchor.quantity === 'survival') }));
    return { groups, warnings: outcome.warnings };
  }
}

// Without predict: every group's published numbers straight from the model file, no curves.
function publishedGroups(model, profile) {
  const groups = [];
  for (const input of modelInputs(model)) {
    for (const level of input.levels ?? []) {
      if (profile[input.name] !== 'unknown' && profile[input.name] !== level.value) continue;
      const anchors = survivalAnchors(model).filter((anchor) => anchor.applies_to?.input === input.name &&
        anchor.applies_to?.level === level.value).map((anchor) => ({ ...anchor, tag: 'published',
        lower: anchor.lower ?? null, upper: anchor.upper ?? null }));
      groups.push({ input: input.name, option: level.value, label: level.label, n: level.n ?? null,
        statement: level.statement ?? null, anchors, curve: null, estimates: [] });
    }
  }
  const warnings = modelInputs(model).filter((input) => input.comparison_warning)
    .map((input) => ({ code: 'confounded_comparison', message: input.comparison_warning, subject: input.name }));
  if (model.outcome?.time_origin_stated === false) {
    warnings.push({ code: 'time_origin_assumed', message: model.outcome.time_origin_note });
  }
  return { groups, warnings };
}

function groupCards(groups) {
  return el('ul', { className: 'estimate-cards group-cards' }, groups.map((group) => {
    const point = group.anchors.find((anchor) => anchor.time === 10) ?? group.anchors[0];
    return el('li', { className: 'card tag-published', 'data-option': group.option },
      el('p', { className: 'card-time', text: group.label }),
      point ? [el('p', { className: 'card-value', 'data-value': point.estimate, text: percent(point.estimate, 1) }),
        el('p', { className: 'card-ci', text: `${years(point.time)} overall survival; ${interval(point.lower, point.upper, 1)}` }),
        el('p', { className: 'tag tag-published', text: 'Published' }),
        el('p', { className: 'card-source', text: `${group.n ? `n = ${group.n}; ` : ''}${point.source}` })]
        : el('p', { text: 'No published figure.' }),
      group.statement ? el('p', { className: 'group-statement', text: group.statement }) : null,
      null);
  }));
}

function comparisonTable(groups, caption) {
  return el('details', { className: 'chart-table' }, el('summary', { text: 'Show the comparison as a table' }),
    el('table', {}, el('caption', { text: `${caption}: published 10-year overall survival` }),
      el('thead', {}, el('tr', {}, ['Group', 'n', '10-year OS', '95% CI', 'Curve', 'Source']
        .map((name) => el('th', { scope: 'col', text: name })))),
      el('tbody', {}, groups.map((group) => {
        const point = group.anchors.find((anchor) => anchor.time === 10);
        return el('tr', {}, el('th', { scope: 'row', text: group.label }),
          el('td', { text: group.n ?? '' }),
          el('td', { text: point ? percent(point.estimate, 1) : 'not published' }),
          el('td', { text: point ? interval(point.lower, point.upper, 1) : '' }),
          el('td', { text: group.curve ? 'modelled' : (group.statement ? 'none: not supported by the evidence' : 'not available') }),
          el('td', { text: point?.source ?? '' }));
      }))));
}
