// @ts-check
// Estimate cards (the core's horizons with 95% CIs), one plain sentence per estimate, an icon array
// of 100 people and a table alternative. Values come from the core; this file only lays them out.
// Each is built once and updated in place: a card keeps its elements and only changed text is
// written, so that an input change does not rebuild the page.
import { el, uniqueId, setText, setAttribute, syncChildren, setRows } from '../dom.js';
import { percent, interval, perHundred, years, tagLabel } from '../format.js';

/**
 * An estimate as predict gives it (docs/api.d.ts Estimate), or a published one with its source.
 * @typedef {{ time: number, estimate: number | null, lower: number | null, upper: number | null,
 *   status: string, source?: string }} ShownEstimate
 */
/** @typedef {{ stateText: string, otherText?: string, origin: string }} Wording */

// update(estimates, {stateText, origin}): stateText e.g. 'alive and free of disease'; origin e.g.
// 'after surgery'.
export class EstimateCards {
  constructor() {
    this.list = el('ul', { className: 'estimate-cards' });
    this.sentences = el('ul', { className: 'sentences' });
    /** @type {Map<number, any>} time -> card elements */
    this.cards = new Map();
    this.node = el('div', { className: 'estimates' }, this.list, this.sentences);
  }

  /** @param {ShownEstimate[]} estimates @param {Wording} wording */
  update(estimates, { stateText, origin }) {
    setAttribute(this.list, 'aria-label', `Estimates ${origin}`);
    const cards = new Map();
    for (const estimate of estimates) {
      const card = this.cards.get(estimate.time) ?? newCard(estimate.time);
      fillCard(card, estimate);
      cards.set(estimate.time, card);
    }
    this.cards = cards;
    syncChildren(
      this.list,
      [...cards.values()].map((card) => card.item),
    );
    const items = [...this.sentences.children];
    syncChildren(
      this.sentences,
      estimates.map((estimate, i) =>
        setText(items[i] ?? el('li'), sentence(estimate, stateText, origin)),
      ),
    );
    return this;
  }
}

/** @param {number} time */
function newCard(time) {
  const card = {
    time: el('p', { className: 'card-time', text: years(time) }),
    value: el('p', { className: 'card-value' }),
    ci: el('p', { className: 'card-ci' }),
    tag: el('p'),
    source: el('p', { className: 'card-source' }),
  };
  card.item = el('li', { 'data-time': time }, card.time, card.value, card.ci, card.tag);
  return card;
}

/** @param {any} card @param {ShownEstimate} estimate */
function fillCard(card, estimate) {
  setAttribute(card.item, 'class', `card tag-${estimate.status}`);
  setAttribute(card.value, 'data-value', estimate.estimate ?? '');
  setText(card.value, percent(estimate.estimate));
  setText(card.ci, interval(estimate.lower, estimate.upper));
  setAttribute(card.tag, 'class', `tag tag-${estimate.status}`);
  setText(card.tag, tagLabel(estimate.status));
  setText(card.source, estimate.source ?? '');
  syncChildren(
    card.item,
    card.time,
    card.value,
    card.ci,
    card.tag,
    estimate.source ? card.source : null,
  );
}

/** @param {ShownEstimate} estimate @param {string} stateText @param {string} origin */
export function sentence(estimate, stateText, origin) {
  const count = perHundred(estimate.estimate);
  if (count === null) return `At ${years(estimate.time)} the estimate cannot be given.`;
  const low = perHundred(estimate.lower);
  const high = perHundred(estimate.upper);
  const range = low === null || high === null ? '' : ` (plausibly between ${low} and ${high})`;
  const kind = estimate.status === 'published' ? 'as published' : 'as modelled';
  return (
    `Of 100 patients like this one, about ${count}${range} are expected to be ${stateText} ` +
    `${years(estimate.time)} ${origin} (${kind}).`
  );
}

// 100 people in a 10 x 10 grid; filled = the estimate rounded to whole people (display only).
// update(estimate, {stateText, otherText, origin}) refills the grid and rewrites the caption.
export class IconArray {
  constructor() {
    const titleId = uniqueId('icons');
    this.caption = el('figcaption', { id: titleId });
    this.people = Array.from({ length: 100 }, (_, i) =>
      el(
        'svg:g',
        {
          className: 'person',
          transform: `translate(${(i % 10) * 20 + 10},${Math.floor(i / 10) * 20 + 10})`,
        },
        el('svg:circle', { cx: 0, cy: -4.5, r: 3.2 }),
        el('svg:path', { d: 'M -5 8 L -5 1 Q -5 -1 -3 -1 L 3 -1 Q 5 -1 5 1 L 5 8 Z' }),
      ),
    );
    const svg = el(
      'svg:svg',
      { viewBox: '0 0 200 200', className: 'icon-array', role: 'img', 'aria-labelledby': titleId },
      this.people,
    );
    this.state = el('li', { className: 'legend-person filled' });
    this.other = el('li', { className: 'legend-person' });
    this.node = el(
      'figure',
      { className: 'icons' },
      this.caption,
      svg,
      el('ul', { className: 'legend' }, this.state, this.other),
    );
  }

  /** @param {ShownEstimate} estimate @param {Wording} wording */
  update(estimate, { stateText, otherText = '', origin }) {
    const count = perHundred(estimate.estimate) ?? 0;
    this.people.forEach((person, i) =>
      setAttribute(person, 'class', i < count ? 'person filled' : 'person'),
    );
    setText(
      this.caption,
      `About ${count} of 100 people like this patient are expected to be ${stateText} ` +
        `${years(estimate.time)} ${origin}; ${100 - count} are expected to be ${otherText}. ` +
        `${interval(estimate.lower, estimate.upper)}.`,
    );
    setText(this.state, stateText);
    setText(this.other, otherText);
    return this;
  }
}

// The estimates as a table; update(estimates, caption).
export class EstimatesTable {
  constructor() {
    this.caption = el('caption');
    this.body = el('tbody');
    this.node = el(
      'details',
      { className: 'chart-table' },
      el('summary', { text: 'Show the estimates as a table' }),
      el(
        'table',
        {},
        this.caption,
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            ['Time', 'Estimate', '95% CI', 'Kind'].map((name) =>
              el('th', { scope: 'col', text: name }),
            ),
          ),
        ),
        this.body,
      ),
    );
  }

  /** @param {ShownEstimate[]} estimates @param {string} caption */
  update(estimates, caption) {
    setText(this.caption, caption);
    setRows(
      this.body,
      estimates.map((estimate) => [
        years(estimate.time),
        percent(estimate.estimate, 1),
        interval(estimate.lower, estimate.upper, 1),
        `${tagLabel(estimate.status)}${estimate.source ? `: ${estimate.source}` : ''}`,
      ]),
    );
    return this;
  }
}
