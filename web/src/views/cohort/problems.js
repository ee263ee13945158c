// @ts-check
// What the data preparation found, in the Your cohort view: the rows left out counted by reason,
// every problem by row, patient id, column and value (the first 2,000 on the page, all in the
// CSV), and the exports of the problem list and of the analysis data.
import { el, uniqueId } from '../../dom.js';
import { csvStyles } from '../../cohort/csv-export.js';
import { setCsvStyle } from './csv-style.js';
import { nextTask } from './next-task.js';

const effects = {
  excluded: 'row left out',
  value_missing: 'value treated as missing',
  listed: 'listed only',
};
const plural = (n, word) => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;

// Rows added per task: 2,000 problems at once would hold the main thread for a long moment.
const rowsPerSlice = 200;

export function problemTable(problems, count, title) {
  const headings = ['Row', 'Patient id', 'Column', 'Value', 'Reason', 'Effect'];
  const row = (p) =>
    el(
      'tr',
      {},
      [
        String(p.row),
        p.patient_id ?? '',
        p.column ?? '',
        p.value ?? '',
        p.reason,
        effects[p.effect] ?? '',
      ].map((text) => el('td', { text })),
    );
  const body = el('tbody', {}, problems.slice(0, rowsPerSlice).map(row));
  const more = (from) => {
    if (from >= problems.length || !body.isConnected) return;
    body.append(...problems.slice(from, from + rowsPerSlice).map(row));
    nextTask(() => more(from + rowsPerSlice));
  };
  nextTask(() => more(rowsPerSlice));
  return el(
    'details',
    { className: 'problems', open: true },
    el('summary', {
      text: `${title}: ${plural(count, 'problem')}${count > problems.length ? ` (first ${problems.length.toLocaleString('en')} listed; all in the CSV)` : ''}`,
    }),
    el(
      'div',
      { className: 'table-scroll' },
      el(
        'table',
        {},
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            headings.map((text) => el('th', { scope: 'col', text })),
          ),
        ),
        body,
      ),
    ),
  );
}

// The CSV style chooser and the two data-preparation downloads; onExport(what, style).
export function dataExports(defaultStyle, onExport) {
  const id = uniqueId('csv-style');
  const style = el(
    'select',
    { id, 'data-role': 'csvStyle' },
    Object.entries(csvStyles).map(([name, s]) =>
      el('option', { value: name, text: s.label, selected: name === defaultStyle }),
    ),
  );
  setCsvStyle(defaultStyle);
  style.addEventListener('change', () => setCsvStyle(style.value));
  return el(
    'div',
    { className: 'data-exports' },
    el(
      'div',
      { className: 'field' },
      el('label', {
        for: id,
        text: "CSV files of this view (these two and the report's tables) are written",
      }),
      style,
    ),
    el('button', {
      type: 'button',
      className: 'export-problems',
      text: 'Download every problem (CSV)',
      onclick: () => onExport('problems', style.value),
    }),
    ' ',
    el('button', {
      type: 'button',
      className: 'export-analysis-data',
      text: 'Download the analysis data: one row per patient analysed (CSV)',
      onclick: () => onExport('analysis_data', style.value),
    }),
  );
}

// message: the worker's report message.
export function exclusionSummary({ included, excluded, rowsRead, blankRows, exclusions }) {
  return el(
    'div',
    { className: 'exclusions', 'data-excluded': excluded },
    el('p', {
      text: `${plural(rowsRead, 'row')} read; ${included.toLocaleString('en')} analysed; ${excluded.toLocaleString('en')} left out of every analysis${blankRows ? `; ${plural(blankRows, 'blank row')} skipped` : ''}.`,
    }),
    exclusions.length
      ? el(
          'ul',
          { className: 'exclusion-reasons' },
          exclusions.map((e) =>
            el('li', {
              'data-kind': e.kind,
              'data-rows': e.rows,
              text: `${e.label}: ${plural(e.rows, 'row')}`,
            }),
          ),
        )
      : null,
  );
}
