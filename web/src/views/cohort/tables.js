// @ts-check
// The tables of the Your cohort report: a table with its safe CSV download, and the numbers at
// risk. Every string from the file is set as text.
import { el } from '../../dom.js';
import { download } from './download.js';
import { toCsv } from '../../cohort/csv-export.js';
import { csvStyle } from './csv-style.js';

// A table cell; key/value mark the numbers the browser tests compare with the core.
export function cell(text, key, value) {
  return { text, key, value };
}

export function exportable(caption, name, headings, rows) {
  const table = el(
    'table',
    { 'data-table': name },
    el('caption', { text: caption }),
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        headings.map((h) => el('th', { scope: 'col', text: h })),
      ),
    ),
    el(
      'tbody',
      {},
      rows.map((row) =>
        el(
          'tr',
          {},
          row.map((c, i) =>
            el(i === 0 ? 'th' : 'td', {
              scope: i === 0 ? 'row' : undefined,
              text: c.text,
              'data-key': c.key,
              'data-value': c.key ? String(c.value) : undefined,
            }),
          ),
        ),
      ),
    ),
  );
  const button = el('button', {
    type: 'button',
    className: 'export-csv',
    text: `Download "${caption}" as CSV`,
    // Safe CSV (formula cells neutralised) in the style chosen in the data-preparation panel.
    onclick: () =>
      download(
        `${name}.csv`,
        'text/csv',
        toCsv([headings, ...rows.map((row) => row.map((c) => c.text))], csvStyle()),
      ),
  });
  return el('div', { className: 'table-scroll' }, table, button);
}

export function riskTable(caption, groups) {
  const times = groups[0]?.at_risk.map((row) => row.time) ?? [];
  return el(
    'div',
    { className: 'table-scroll' },
    el(
      'table',
      { className: 'at-risk' },
      el('caption', { text: caption }),
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          el('th', { scope: 'col', text: 'Years' }),
          times.map((t) => el('th', { scope: 'col', text: String(t) })),
        ),
      ),
      el(
        'tbody',
        {},
        groups.map((g) =>
          el(
            'tr',
            {},
            el('th', { scope: 'row', text: g.label }),
            g.at_risk.map((row) =>
              el('td', {
                text: row.n_risk === null || row.n_risk === undefined ? '' : String(row.n_risk),
              }),
            ),
          ),
        ),
      ),
    ),
  );
}
