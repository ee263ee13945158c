// Estimate cards (1, 3, 5, 10 years with 95% CIs), one plain sentence per estimate, an icon array
// of 100 people and a table alternative. Values come from the core; this file only lays them out.
import { el, uniqueId } from '../dom.js';
import { percent, interval, perHundred, years, tagLabel } from '../format.js';

// estimates: [{time, estimate, lower, upper, tag, source?}]; wording: {event, stateText}
// e.g. {stateText: 'free of disease'}.
export function estimateCards(estimates, { stateText, origin }) {
  const list = el('ul', { className: 'estimate-cards', 'aria-label': `Estimates ${origin}` },
    estimates.map((estimate) => el('li', { className: `card tag-${estimate.tag}`, 'data-time': estimate.time },
      el('p', { className: 'card-time', text: `${years(estimate.time)}` }),
      el('p', { className: 'card-value', 'data-value': estimate.estimate ?? '', text: percent(estimate.estimate) }),
      el('p', { className: 'card-ci', text: interval(estimate.lower, estimate.upper) }),
      el('p', { className: `tag tag-${estimate.tag}`, text: tagLabel(estimate.tag) }),
      estimate.source ? el('p', { className: 'card-source', text: estimate.source }) : null)));
  const sentences = el('ul', { className: 'sentences' },
    estimates.map((estimate) => el('li', { text: sentence(estimate, stateText, origin) })));
  return el('div', { className: 'estimates' }, list, sentences);
}

export function sentence(estimate, stateText, origin) {
  const count = perHundred(estimate.estimate);
  if (count === null) return `At ${years(estimate.time)} the estimate cannot be given.`;
  const low = perHundred(estimate.lower);
  const high = perHundred(estimate.upper);
  const range = low === null || high === null ? '' : ` (plausibly between ${low} and ${high})`;
  const kind = estimate.tag === 'published' ? 'as published' : 'as modelled';
  return `Of 100 patients like this one, about ${count}${range} are expected to be ${stateText} ` +
    `${years(estimate.time)} ${origin} (${kind}).`;
}

// 100 people in a 10 x 10 grid; filled = the estimate rounded to whole people (display only).
export function iconArray(estimate, { stateText, otherText, origin }) {
  const count = perHundred(estimate.estimate) ?? 0;
  const titleId = uniqueId('icons');
  const svg = el('svg:svg', { viewBox: '0 0 200 200', className: 'icon-array', role: 'img',
    'aria-labelledby': titleId });
  for (let i = 0; i < 100; i += 1) {
    const row = Math.floor(i / 10);
    const column = i % 10;
    const filled = i < count;
    const person = el('svg:g', { className: filled ? 'person filled' : 'person',
      transform: `translate(${column * 20 + 10},${row * 20 + 10})` },
    el('svg:circle', { cx: 0, cy: -4.5, r: 3.2 }),
    el('svg:path', { d: 'M -5 8 L -5 1 Q -5 -1 -3 -1 L 3 -1 Q 5 -1 5 1 L 5 8 Z' }));
    svg.append(person);
  }
  const text = `About ${count} of 100 people like this patient are expected to be ${stateText} ` +
    `${years(estimate.time)} ${origin}; ${100 - count} are expected to be ${otherText}. ` +
    `${interval(estimate.lower, estimate.upper)}.`;
  return el('figure', { className: 'icons' },
    el('figcaption', { id: titleId, text }),
    svg,
    el('ul', { className: 'legend' },
      el('li', { className: 'legend-person filled', text: stateText }),
      el('li', { className: 'legend-person', text: otherText })));
}

export function estimatesTable(estimates, caption) {
  return el('details', { className: 'chart-table' },
    el('summary', { text: 'Show the estimates as a table' }),
    el('table', {}, el('caption', { text: caption }),
      el('thead', {}, el('tr', {}, ['Time', 'Estimate', '95% CI', 'Kind']
        .map((name) => el('th', { scope: 'col', text: name })))),
      el('tbody', {}, estimates.map((estimate) => el('tr', {},
        el('th', { scope: 'row', text: years(estimate.time) }),
        el('td', { text: percent(estimate.estimate, 1) }),
        el('td', { text: interval(estimate.lower, estimate.upper, 1) }),
        el('td', { text: `${tagLabel(estimate.tag)}${estimate.source ? `: ${estimate.source}` : ''}` }))))));
}
