// @ts-check
// The table of column types in the mapping form: each column's type (number, category, date),
// shown and changeable, with how many of its values fit that type. A value that does not fit is
// a listed problem of the analysis; it never changes the column's type. For a wide file only the
// mapped columns (and those the user looks up) are listed.
import { el, uniqueId } from '../../dom.js';
import { columnTypes, fitting } from '../../cohort/column-types.js';

export const allColumnsLimit = 60;

const examples = (column) =>
  column.distinct
    .slice(0, 3)
    .map((value) => `"${value}"`)
    .join(', ') + (column.distinct.length > 3 || column.moreDistinct ? ', …' : '');

function fitText(column, type, decimal) {
  if (column.nonMissing === 0) return 'no values (every cell empty)';
  const fit = fitting(column, type, decimal);
  return fit === column.nonMissing
    ? `all ${fit} values fit`
    : `${fit} of ${column.nonMissing} values fit; the others will be listed as problems`;
}

// columns: Map name -> summary; types: Map name -> type (the form's state, changed in place);
// onType(name, type) after a change. Returns { node, refresh({ shown, decimal }) }.
export function typesTable({ columns, types, onType, wide }) {
  const body = el('tbody');
  const rows = new Map();
  let decimal = '.';
  const row = (name) => {
    const column = columns.get(name);
    const id = uniqueId('type');
    const fit = el('td', { className: 'type-fit' });
    const select = el(
      'select',
      { id, 'data-column-type': name, 'aria-label': `Type of column ${name}` },
      columnTypes.map((type) =>
        el('option', {
          value: type,
          text: type,
          selected: types.get(name) === type,
          // a column without one date in it is never offered as a date (e.g. a yes/no column)
          disabled: type === 'date' && column.dates === 0 && column.nonMissing > 0,
        }),
      ),
    );
    select.addEventListener('change', () => {
      types.set(name, select.value);
      fit.textContent = fitText(column, select.value, decimal);
      onType(name, select.value);
    });
    const tr = el(
      'tr',
      {},
      el('th', { scope: 'row', text: name }),
      el('td', {}, select),
      fit,
      el('td', { className: 'type-examples', text: examples(column) }),
    );
    return { tr, select, fit, column };
  };
  const refresh = ({ shown, decimal: chosen }) => {
    decimal = chosen;
    const names = wide ? shown.filter((name) => columns.has(name)) : [...columns.keys()];
    for (const name of names) if (!rows.has(name)) rows.set(name, row(name));
    body.replaceChildren(...names.map((name) => rows.get(name).tr));
    for (const name of names) {
      const entry = rows.get(name);
      entry.select.value = types.get(name);
      entry.fit.textContent = fitText(entry.column, types.get(name), decimal);
    }
  };
  const table = el(
    'table',
    { className: 'types-table' },
    el('caption', {
      text: wide
        ? 'Types of the mapped columns (detected from the values; change any that is wrong)'
        : 'Column types (detected from the values; change any that is wrong)',
    }),
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        ['Column', 'Type', 'Values', 'Examples'].map((text) => el('th', { scope: 'col', text })),
      ),
    ),
    body,
  );
  return { node: el('div', { className: 'table-scroll' }, table), refresh };
}
