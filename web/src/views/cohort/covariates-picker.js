// @ts-check
// The covariates of the Cox model in the mapping form: ticked (or, in a wide file, looked up and
// added), each categorical one with its reference level (default: the most frequent). A column that
// also fills a role stays a covariate, and the form says so; nothing is dropped silently.
import { el, uniqueId } from '../../dom.js';
import { selectLimit } from './column-picker.js';
import { columnSearch } from './column-search.js';

function referenceControl(covariate, column, onChange) {
  const id = uniqueId('reference');
  const select = el(
    'select',
    { id, 'data-reference-for': covariate.column },
    el('option', { value: '', text: '(the most frequent level)', selected: !covariate.reference }),
    column.distinct.map((value) =>
      el('option', { value, text: value, selected: covariate.reference === value }),
    ),
  );
  select.addEventListener('change', () => {
    covariate.reference = select.value || null;
    onChange();
  });
  return el(
    'div',
    { className: 'field reference-level' },
    el('label', {
      for: id,
      text: `Reference level of ${covariate.column} (hazard ratios are against it)`,
    }),
    select,
    column.moreDistinct
      ? el('p', {
          className: 'hint',
          text: `${covariate.column} has more than ${column.distinct.length} levels: too many for a Cox model; group them in the file.`,
        })
      : null,
  );
}

// covariates: the mapping's list, changed in place; candidates(): the columns that may be
// covariates now (not dates); onChange() after a change. Returns { node, refresh() }.
export function covariatesPicker({ columns, types, covariates, candidates, onChange }) {
  const list = el('div', { className: 'covariate-list' });
  const references = el('div', { className: 'covariate-references' });
  const chosen = (name) => covariates.some((c) => c.column === name);
  const toggle = (name, on) => {
    const at = covariates.findIndex((c) => c.column === name);
    if (on && at < 0) covariates.push({ column: name, reference: null });
    if (!on && at >= 0) covariates.splice(at, 1);
    refresh();
    onChange();
  };
  const boxes = (names) =>
    names.map((name) => {
      const id = uniqueId('cov');
      const box = el('input', {
        type: 'checkbox',
        id,
        value: name,
        'data-covariate': name,
        checked: chosen(name),
      });
      box.addEventListener('change', () => toggle(name, box.checked));
      return el('label', { for: id, className: 'checkbox' }, box, ` ${name}`);
    });
  const searchId = uniqueId('cov-search');
  const search = columnSearch({
    id: searchId,
    names: () => candidates().filter((name) => !chosen(name)),
    onPick: () => {},
    attributes: { 'data-covariate-search': '' },
  });
  const add = el('button', {
    type: 'button',
    text: 'Add as a covariate',
    onclick: () => {
      const name = search.input.value.trim();
      if (candidates().includes(name)) {
        toggle(name, true);
        search.input.value = '';
      }
    },
  });
  const removable = () =>
    covariates.map((c) =>
      el(
        'li',
        {},
        c.column,
        ' ',
        el('button', {
          type: 'button',
          className: 'remove-covariate',
          text: `Remove ${c.column}`,
          onclick: () => toggle(c.column, false),
        }),
      ),
    );
  function refresh() {
    const names = candidates();
    if (names.length <= selectLimit) list.replaceChildren(...boxes(names));
    else {
      list.replaceChildren(
        el(
          'div',
          { className: 'field' },
          el('label', {
            for: searchId,
            text: `Find a column (${names.length} columns can be covariates)`,
          }),
          search.node,
          add,
        ),
        el('ul', { className: 'chosen-covariates' }, removable()),
      );
    }
    references.replaceChildren(
      ...covariates
        .filter((c) => types.get(c.column) === 'category')
        .map((c) => referenceControl(c, columns.get(c.column), onChange)),
    );
  }
  refresh();
  return {
    node: el(
      'fieldset',
      { className: 'covariates' },
      el('legend', { text: 'Covariates for the Cox model of DFS (optional)' }),
      list,
      references,
    ),
    refresh,
  };
}
