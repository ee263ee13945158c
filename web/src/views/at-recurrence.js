// @ts-check
// At recurrence: the site of recurrence and the treatment options side by side. Which input is the
// site and which the treatment is the model's own declaration (input roles, docs/models.md); the
// groups, their sizes, published points, curves, statements and caveats all come from the core's
// predict response: this view only lays them out.
import { el, clear, append, syncChildren, NodeCache } from '../dom.js';
import { predict, profileFor, warningsFor } from '../predict.js';
import { percent, interval, years } from '../format.js';
import { CurveChart } from '../components/curve-chart.js';
import { warningList, describeError } from '../components/warnings.js';
import { inputField } from './form-fields.js';

/** @typedef {import('../models.js').ModelEntry} ModelEntry */
/** @typedef {import('../engine.js').Engine} Engine */
/** @typedef {import('../../../docs/api').Prediction} Prediction */
/** @typedef {import('../../../docs/api').ModelInput} ModelInput */
/** @typedef {import('../../../docs/api').Anchor} Anchor */

/** @param {ModelInput} input */
const isTreatment = (input) => input.role === 'recurrence_treatment';

// A group's published survival point shown on its card: the latest one.
/** @param {Prediction} group */
function publishedPoint(group) {
  const points = group.anchors.filter((anchor) => anchor.quantity === 'survival');
  return points.reduce(
    (/** @type {Anchor | null} */ latest, point) =>
      latest === null || (point.time ?? 0) > (latest.time ?? 0) ? point : latest,
    null,
  );
}

export class AtRecurrenceView {
  /**
   * @param {{ engine: Engine, entry: ModelEntry | null, onInput: (name: string, value: string) => void }} options
   */
  constructor({ engine, entry, onInput }) {
    this.engine = engine;
    this.entry = entry;
    this.onInput = onInput;
    this.results = el('div', { className: 'results', 'aria-live': 'polite' });
    /** @type {object | null} */
    this.lastResult = null;
    this.cache = new NodeCache();
    /** @type {Record<string, CurveChart>} input name -> chart */
    this.charts = {};
  }

  /**
   * @param {HTMLElement} container
   * @param {Record<string, string>} inputs
   */
  mount(container, inputs) {
    clear(container);
    append(container, el('h2', { text: 'At recurrence: outlook by site and treatment' }));
    if (!this.entry) {
      append(
        container,
        el('p', {
          className: 'notice',
          text: 'No model of survival after recurrence is installed in this build.',
        }),
      );
      return;
    }
    // Every treatment group is compared, so the treatment is not a choice on the form.
    const fields = this.entry.loaded.inputs.filter((input) => !isTreatment(input));
    const form = el(
      'form',
      {
        className: 'inputs',
        'aria-label': 'Recurrence inputs',
        onsubmit: (/** @type {Event} */ event) => event.preventDefault(),
      },
      el(
        'fieldset',
        {},
        el('legend', { text: 'Recurrence' }),
        fields.map((input) => inputField(input, inputs[input.name], this.onInput)),
      ),
    );
    append(container, el('div', { className: 'view-grid' }, form, this.results));
  }

  /** @param {Record<string, string>} inputs */
  update(inputs) {
    if (!this.entry) return null;
    const { loaded } = this.entry;
    const profile = profileFor(loaded, inputs, (input) => !isTreatment(input));
    // Parts whose data did not change are kept (cache) and the charts are updated in place.
    /** @param {string} key @param {() => any} build */
    const part = (key, build) => this.cache.get(key, build);
    const nodes = [
      part(`model|${loaded.handle}`, () =>
        el('p', {
          className: 'model-line',
          text: `Model: ${loaded.title} (version ${loaded.version})`,
        }),
      ),
    ];
    let outcome;
    try {
      outcome = predict(this.engine, loaded, profile);
    } catch (error) {
      const text = describeError(error);
      this.show(
        nodes,
        part(`error|${text}`, () => el('p', { className: 'error', role: 'alert', text })),
      );
      return null;
    }
    const { result, warnings } = outcome;
    const groups = result.predictions.filter((prediction) => prediction.group);
    this.lastResult = {
      profile,
      warnings,
      compared: groups.map(({ label, group, anchors, estimates, statement }) => ({
        label,
        input: group?.input,
        option: group?.level,
        n: group?.n,
        anchors,
        estimates,
        statement,
      })),
    };
    const general = warningsFor(warnings, undefined);
    nodes.push(
      part(`warnings|${JSON.stringify(general)}`, () =>
        warningList(general, 'Caveats for every number in this view'),
      ),
    );
    for (const input of loaded.inputs.filter((item) => item.role !== null)) {
      nodes.push(
        ...this.section(
          input,
          groups.filter((group) => group.group?.input === input.name),
          warningsFor(warnings, input.name),
          loaded.outcome.max_time,
        ),
      );
    }
    this.show(nodes);
    return this.lastResult;
  }

  // One input's groups: heading, caveats, cards, table and (where the model gives curves) a chart.
  /**
   * @param {ModelInput} input
   * @param {Prediction[]} own
   * @param {import('../../../docs/api').Warning[]} caveats
   * @param {number} maxTime
   */
  section(input, own, caveats, maxTime) {
    /** @param {string} key @param {() => any} build */
    const part = (key, build) => this.cache.get(key, build);
    const isComparison = isTreatment(input);
    const heading = isComparison ? 'Treatment options compared' : `By ${input.label.toLowerCase()}`;
    const shown = JSON.stringify(
      own.map(({ label, group, statement, anchors, curve }) => [
        label,
        group,
        statement,
        anchors,
        Boolean(curve),
      ]),
    );
    const nodes = [
      part(`heading|${input.name}|${heading}`, () => el('h3', { text: heading })),
      part(`caveats|${input.name}|${JSON.stringify(caveats)}`, () =>
        warningList(caveats, isComparison ? 'Read this before comparing' : 'Caveat'),
      ),
      part(`cards|${input.name}|${shown}`, () => groupCards(own)),
      part(`table|${input.name}|${shown}`, () => comparisonTable(own, input.label)),
    ];
    const drawn = own.filter((group) => group.curve);
    if (drawn.length) {
      this.charts[input.name] ??= new CurveChart({ xMax: maxTime, yLabel: 'Alive' });
      nodes.push(
        this.charts[input.name].update({
          title: `Overall survival by ${input.label.toLowerCase()}`,
          series: drawn.flatMap((group) =>
            group.curve ? [{ label: group.group?.label ?? group.label, ...group.curve }] : [],
          ),
          anchors: drawn.flatMap((group) =>
            group.anchors.filter((anchor) => anchor.quantity === 'survival'),
          ),
        }).node,
      );
    }
    return nodes;
  }

  /** @param {...any} nodes */
  show(...nodes) {
    syncChildren(this.results, nodes);
    this.cache.done();
  }
}

/** @param {Prediction[]} groups */
function groupCards(groups) {
  return el(
    'ul',
    { className: 'estimate-cards group-cards' },
    groups.map((group) => {
      const point = publishedPoint(group);
      const n = group.group?.n;
      return el(
        'li',
        { className: 'card tag-published', 'data-option': group.group?.level },
        el('p', { className: 'card-time', text: group.group?.label ?? group.label }),
        point
          ? [
              el('p', {
                className: 'card-value',
                'data-value': point.estimate,
                text: percent(point.estimate, 1),
              }),
              el('p', {
                className: 'card-ci',
                text: `${years(point.time ?? 0)} overall survival; ${interval(point.lower, point.upper, 1)}`,
              }),
              el('p', { className: 'tag tag-published', text: 'Published' }),
              el('p', {
                className: 'card-source',
                text: `${n ? `n = ${n}; ` : ''}${point.citation}`,
              }),
            ]
          : el('p', { text: 'No published figure.' }),
        group.statement ? el('p', { className: 'group-statement', text: group.statement }) : null,
      );
    }),
  );
}

/**
 * @param {Prediction[]} groups
 * @param {string} caption
 */
function comparisonTable(groups, caption) {
  const points = groups.map(publishedPoint);
  const times = [...new Set(points.map((point) => point?.time ?? null))];
  // "10-year" when every group's point is at the same time, as published.
  const when =
    times.length === 1 && times[0] !== null
      ? `${Number.isInteger(times[0]) ? times[0] : times[0].toFixed(1)}-year`
      : 'latest published';
  return el(
    'details',
    { className: 'chart-table' },
    el('summary', { text: 'Show the comparison as a table' }),
    el(
      'table',
      {},
      el('caption', { text: `${caption}: published ${when} overall survival` }),
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          ['Group', 'n', `${when} OS`, '95% CI', 'Curve', 'Source'].map((name) =>
            el('th', { scope: 'col', text: name }),
          ),
        ),
      ),
      el(
        'tbody',
        {},
        groups.map((group, i) => {
          const point = points[i];
          return el(
            'tr',
            {},
            el('th', { scope: 'row', text: group.group?.label ?? group.label }),
            el('td', { text: group.group?.n ?? '' }),
            el('td', { text: point ? percent(point.estimate, 1) : 'not published' }),
            el('td', { text: point ? interval(point.lower, point.upper, 1) : '' }),
            el('td', {
              text: group.curve
                ? 'modelled'
                : group.statement
                  ? 'none: not supported by the evidence'
                  : 'not available',
            }),
            el('td', { text: point?.citation ?? '' }),
          );
        }),
      ),
    ),
  );
}
