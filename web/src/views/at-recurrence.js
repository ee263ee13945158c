// @ts-check
// At recurrence: the site of recurrence and the treatment groups side by side. Which input is the
// site and which the treatment is the model's own declaration (input roles, docs/models.md); the
// groups, their sizes and shares, the published points, the P values, curves, statements and
// caveats all come from the model and the core's predict response: this view only lays them out.
// The curves before 10 years are an assumed shape through the published point: labelled so.
import { el, clear, append, syncChildren, NodeCache } from '../dom.js';
import { predict, profileFor, warningsFor } from '../predict.js';
import { percent, intervalText, timeOrigin } from '../format.js';
import { CurveChart } from '../components/curve-chart.js';
import { citeButton, badge } from '../components/estimates.js';
import { warningList, errorNotice } from '../components/warnings.js';
import { definitionsList } from '../components/definitions.js';
import { inputField } from './form-fields.js';
import { unverifiedNotice } from '../trust.js';

/** @typedef {import('../models.js').ModelEntry} ModelEntry */
/** @typedef {import('../engine.js').Engine} Engine */
/** @typedef {import('../../../docs/api').Prediction} Prediction */
/** @typedef {import('../../../docs/api').ModelInput} ModelInput */
/** @typedef {import('../../../docs/api').Anchor} Anchor */
/** @typedef {import('../../../docs/api').Warning} Warning */
/** @typedef {ReturnType<typeof timeOrigin>} Origin */

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

// "n = 111 (65.7%)", as the source prints a group's size and share.
/** @param {ModelInput} input @param {string | undefined} level */
function groupSize(input, level) {
  const found = input.levels.find((item) => item.value === level);
  if (!found || found.n === null) return '';
  return `n = ${found.n}${found.proportion !== null ? ` (${percent(found.proportion, 1)})` : ''}`;
}

export class AtRecurrenceView {
  /**
   * @param {{ engine: Engine, entry: ModelEntry | null, onInput: (name: string, value: string) => void }} options
   */
  constructor({ engine, entry, onInput }) {
    this.engine = engine;
    this.entry = entry;
    this.onInput = onInput;
    this.results = el('div', { className: 'results' });
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
    const origin = timeOrigin(this.entry.loaded.outcome);
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
      el('p', {
        className: 'hint no-time-input',
        text:
          'There is no input for when the recurrence happened: ' +
          `the published figures are counted ${origin.since}, not from the recurrence, so the time of ` +
          'recurrence cannot be taken into account.',
      }),
    );
    append(container, el('div', { className: 'view-grid' }, form, this.results));
  }

  /** @param {Record<string, string>} inputs */
  update(inputs) {
    if (!this.entry) return null;
    const { loaded } = this.entry;
    const profile = profileFor(loaded, inputs, (input) => !isTreatment(input));
    /** @param {string} key @param {() => any} build */
    const part = (key, build) => this.cache.get(key, build);
    const nodes = [
      part(`model|${loaded.handle}`, () =>
        el(
          'div',
          {},
          el('p', {
            className: 'model-line',
            text: `Published-evidence model, version ${loaded.version}`,
          }),
          unverifiedNotice(loaded),
        ),
      ),
    ];
    this.lastResult = null;
    let outcome;
    try {
      outcome = predict(this.engine, loaded, profile);
    } catch (error) {
      this.show(nodes, errorNotice(error));
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
    const origin = timeOrigin(loaded.outcome);
    const site = loaded.inputs.find((input) => input.role === 'recurrence_site');
    const chosenSite =
      site && profile[site.name] !== 'unknown'
        ? (site.levels.find((level) => level.value === profile[site.name])?.label ?? null)
        : null;
    for (const input of loaded.inputs.filter((item) => item.role !== null)) {
      nodes.push(
        this.section(
          input,
          groups.filter((group) => group.group?.input === input.name),
          warningsFor(warnings, input.name),
          origin,
          isTreatment(input) ? chosenSite : null,
        ),
      );
    }
    nodes.push(part(`definitions|${loaded.handle}`, () => definitionsList(loaded.outcome)));
    this.show(nodes);
    return this.lastResult;
  }

  // One input's groups: heading, P value, caveats, cards, chart (where the model gives curves)
  // and table, in one section that prints without being split where possible.
  /**
   * @param {ModelInput} input
   * @param {Prediction[]} own
   * @param {Warning[]} caveats
   * @param {Origin} origin
   * @param {string | null} chosenSite the site chosen above (treatment groups include every site)
   */
  section(input, own, caveats, origin, chosenSite) {
    const isComparison = isTreatment(input);
    const key = JSON.stringify([
      input.name,
      chosenSite,
      caveats,
      own.map(({ label, group, statement, anchors, curve }) => [
        label,
        group,
        statement,
        anchors,
        curve?.surv.at(-1),
      ]),
    ]);
    const node = this.cache.get(`section|${key}`, () => {
      const heading = isComparison
        ? 'Treatment of the recurrence'
        : `By ${input.label.toLowerCase()}`;
      const test = input.comparison_p;
      return el(
        'section',
        { className: 'group-section', 'data-input': input.name },
        el('h3', { text: heading }),
        isComparison
          ? el('p', {
              className: 'every-site',
              text:
                'These treatment groups include patients of every ' +
                `recurrence site${chosenSite ? `, not only "${chosenSite}"` : ''}: the source gives no treatment figures by site.`,
            })
          : null,
        test
          ? el('p', {
              className: 'comparison-p',
              text: `Across these groups: ${test.text} (${test.source}), as published.`,
            })
          : null,
        // Every treatment group is shown by design: that the treatment is "unknown" is no caveat.
        warningList(
          caveats.filter((warning) => !(isComparison && warning.code === 'input_unknown')),
          isComparison ? 'Read this before comparing' : 'Caveat',
          { [input.name]: input.label },
        ),
        groupCards(own, input, origin),
        comparisonTable(own, input, origin),
      );
    });
    const drawn = own.filter((group) => group.curve);
    if (drawn.length) {
      this.charts[input.name] ??= new CurveChart({
        xMax: this.entry?.loaded.outcome.max_time ?? 10,
        yLabel: 'Alive',
        xLabel: origin.axis,
      });
      const points = drawn.flatMap((group) =>
        group.anchors.filter((anchor) => anchor.quantity === 'survival'),
      );
      const chart = this.charts[input.name].update({
        title:
          `Overall survival by ${input.label.toLowerCase()}: ` +
          'the published 10-year points, and a modelled shape before them',
        series: drawn.flatMap((group) =>
          group.curve
            ? [{ label: group.group?.label ?? group.label, ...group.curve, shape: true }]
            : [],
        ),
        anchors: points,
        summary: chartSummary(drawn, origin),
      }).node;
      syncChildren(
        node,
        [...node.children].filter((child) => !child.classList.contains('chart')),
        chart,
      );
    }
    return node;
  }

  /** @param {...any} nodes */
  show(...nodes) {
    syncChildren(this.results, nodes);
    this.cache.done();
  }
}

/** @param {Prediction[]} drawn @param {Origin} origin */
function chartSummary(drawn, origin) {
  const points = drawn
    .map((group) => {
      const point = publishedPoint(group);
      return point
        ? `${group.group?.label}: ${percent(point.estimate, 1)} (${intervalText(point, 1)})`
        : '';
    })
    .filter(Boolean);
  return (
    `Published overall survival ${origin.after(10)}: ${points.join('; ')}. Before 10 years the ` +
    'lines are a modelled shape (a reference curve through each published point), not data.'
  );
}

/** @param {Prediction[]} groups @param {ModelInput} input @param {Origin} origin */
function groupCards(groups, input, origin) {
  return el(
    'ul',
    { className: 'estimate-cards group-cards' },
    groups.map((group) => {
      const point = publishedPoint(group);
      const size = groupSize(input, group.group?.level);
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
              el('p', { className: 'card-ci', text: `alive ${origin.after(point.time ?? 0)}` }),
              el('p', { className: 'card-ci', text: intervalText(point, 1) }),
              badge('published'),
              el(
                'div',
                { className: 'card-source' },
                size ? el('span', { text: `${size} · ` }) : null,
                citeButton(point.source, point.citation),
              ),
            ]
          : el('p', { text: 'No published figure.' }),
        group.statement ? el('p', { className: 'group-statement', text: group.statement }) : null,
      );
    }),
  );
}

/**
 * @param {Prediction[]} groups
 * @param {ModelInput} input
 * @param {Origin} origin
 */
function comparisonTable(groups, input, origin) {
  const points = groups.map(publishedPoint);
  const times = [...new Set(points.map((point) => point?.time ?? null))];
  const when =
    times.length === 1 && times[0] !== null
      ? origin.after(times[0])
      : 'at the latest published time';
  return el(
    'details',
    { className: 'chart-table' },
    el('summary', { text: 'Show these groups as a table' }),
    el(
      'div',
      { className: 'table-scroll' },
      el(
        'table',
        {},
        el('caption', { text: `${input.label}: published overall survival ${when}` }),
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            ['Group', 'n (%)', 'Alive', 'Interval', 'Curve before 10 years', 'Source'].map((name) =>
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
              el('td', { text: groupSize(input, group.group?.level).replace(/^n = /, '') }),
              el('td', { text: point ? percent(point.estimate, 1) : 'not published' }),
              el('td', { text: point ? intervalText(point, 1) : '' }),
              el('td', {
                text: group.curve
                  ? 'modelled shape'
                  : group.statement
                    ? 'none: not supported by the evidence'
                    : 'not available',
              }),
              el('td', { text: point?.source ?? '' }),
            );
          }),
        ),
      ),
    ),
  );
}
