// @ts-check
// Estimate cards (the headline numbers, each with its interval named by its type and its time
// origin), plain sentences, an icon array of 100 people and a table alternative. Values come from
// the core; the words from wording.js. Each is built once and updated in place: a card keeps its
// elements and only changed text is written, so that an input change does not rebuild the page.
import { el, uniqueId, setText, setAttribute, syncChildren, setRows } from '../dom.js';
import { percent, intervalText, perHundred, tagLabel } from '../format.js';
import { estimateSentence, iconSentence } from '../wording.js';

/**
 * An estimate as predict gives it (docs/api.d.ts Estimate), or a published one with its source.
 * @typedef {{ time: number, estimate: number | null, lower: number | null, upper: number | null,
 *   status: string, interval_type?: string, source?: string, citation?: string }} ShownEstimate
 */
/**
 * How the numbers are worded: the outcome's words, who the 100 are, and the time origin.
 * @typedef {{ words: import('../wording.js').OutcomeWords, who: string,
 *   after: (time: number) => string }} Wording
 */

// A short source reference ("S1") whose full citation is one click away.
/** @param {string} source @param {string | undefined} citation */
export function citeButton(source, citation) {
  if (!citation) return el('p', { className: 'card-source', text: source });
  return el(
    'details',
    { className: 'cite' },
    el('summary', { text: source, title: 'Show the source' }),
    el('p', { text: citation }),
  );
}

// The published/modelled badge: one colour and shape language in cards, charts, tables, print.
/** @param {string} status */
export function badge(status) {
  return el('p', { className: `badge badge-${status}`, text: tagLabel(status) });
}

export class EstimateCards {
  constructor() {
    this.node = el('ul', { className: 'estimate-cards' });
    /** @type {Map<number, any>} time -> card elements */
    this.cards = new Map();
  }

  /** @param {ShownEstimate[]} estimates @param {Wording} wording @param {string} label */
  update(estimates, wording, label) {
    setAttribute(this.node, 'aria-label', label);
    const cards = new Map();
    for (const estimate of estimates) {
      const card = this.cards.get(estimate.time) ?? newCard(estimate.time);
      fillCard(card, estimate, wording);
      cards.set(estimate.time, card);
    }
    this.cards = cards;
    syncChildren(
      this.node,
      [...cards.values()].map((card) => card.item),
    );
    return this;
  }
}

/** @param {number} time */
function newCard(time) {
  const card = {
    time: el('p', { className: 'card-time' }),
    value: el('p', { className: 'card-value' }),
    ci: el('p', { className: 'card-ci' }),
    badge: el('p'),
    /** @type {HTMLElement | null} */
    source: null,
    sourceKey: '',
  };
  card.item = el('li', { 'data-time': time }, card.time, card.value, card.ci, card.badge);
  return card;
}

/** @param {any} card @param {ShownEstimate} estimate @param {Wording} wording */
function fillCard(card, estimate, wording) {
  setAttribute(card.item, 'class', `card tag-${estimate.status}`);
  setText(card.time, wording.after(estimate.time));
  setAttribute(card.value, 'data-value', estimate.estimate ?? '');
  setText(card.value, percent(estimate.estimate, estimate.status === 'published' ? 1 : 0));
  setText(card.ci, intervalText(estimate, estimate.status === 'published' ? 1 : 0));
  setAttribute(card.badge, 'class', `badge badge-${estimate.status}`);
  setText(card.badge, tagLabel(estimate.status));
  const key = `${estimate.source ?? ''}|${estimate.citation ?? ''}`;
  if (key !== card.sourceKey) {
    card.sourceKey = key;
    card.source = estimate.source ? citeButton(estimate.source, estimate.citation) : null;
  }
  syncChildren(card.item, card.time, card.value, card.ci, card.badge, card.source);
}

// One plain sentence per estimate, updated in place.
export class EstimateSentences {
  constructor() {
    this.node = el('ul', { className: 'sentences' });
  }

  /** @param {ShownEstimate[]} estimates @param {Wording} wording */
  update(estimates, wording) {
    const items = [...this.node.children];
    syncChildren(
      this.node,
      estimates.map((estimate, i) =>
        setText(
          /** @type {HTMLElement} */ (items[i]) ?? el('li'),
          estimateSentence(estimate, wording),
        ),
      ),
    );
    return this;
  }
}

// 100 people in a 10 x 10 grid; filled = the estimate rounded to whole people (display only).
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

  // caption: the figure's own words (the patient sheet's), else the icon sentence.
  /**
   * @param {ShownEstimate} estimate @param {Pick<Wording, 'words' | 'after'>} wording
   * @param {string} [caption]
   */
  update(estimate, wording, caption) {
    const count = perHundred(estimate.estimate) ?? 0;
    this.people.forEach((person, i) =>
      setAttribute(person, 'class', i < count ? 'person filled' : 'person'),
    );
    setText(this.caption, caption ?? iconSentence(estimate, wording));
    setText(this.state, wording.words.alive);
    setText(this.other, wording.words.other);
    return this;
  }
}

// The estimates as a table; update(estimates, caption, wording).
export class EstimatesTable {
  constructor() {
    this.caption = el('caption');
    this.body = el('tbody');
    this.node = el(
      'details',
      { className: 'chart-table' },
      el('summary', { text: 'Show the estimates as a table' }),
      el(
        'div',
        { className: 'table-scroll' },
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
              ['Time', 'Estimate', 'Interval', 'Kind'].map((name) =>
                el('th', { scope: 'col', text: name }),
              ),
            ),
          ),
          this.body,
        ),
      ),
    );
  }

  /** @param {ShownEstimate[]} estimates @param {string} caption @param {Pick<Wording, 'after'>} wording */
  update(estimates, caption, { after }) {
    setText(this.caption, caption);
    setRows(
      this.body,
      estimates.map((estimate) => [
        after(estimate.time),
        percent(estimate.estimate, 1),
        intervalText(estimate, 1),
        `${tagLabel(estimate.status)}${estimate.source ? ` (${estimate.source})` : ''}`,
      ]),
    );
    return this;
  }
}
