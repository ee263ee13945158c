// @ts-check
// A control that picks one column of the file for a role. Up to selectLimit candidate columns it
// is a <select>; beyond, a search field that offers the first matches as the user types
// (column-search.js), so that a file with 2,000 columns does not get 2,000 options in every control.
import { el, uniqueId } from '../../dom.js';
import { columnSearch } from './column-search.js';

export const selectLimit = 100;

function selectControl({ id, role, none, onPick }) {
  const control = el('select', { id, name: role, 'data-role': role });
  control.addEventListener('change', () => onPick(control.value));
  const show = (candidates, current) =>
    control.replaceChildren(
      el('option', { value: '', text: none }),
      ...candidates.map((name) =>
        el('option', { value: name, text: name, selected: name === current }),
      ),
    );
  return { control, node: control, show };
}

function searchControl({ id, role, none, onPick, note, candidates }) {
  const search = columnSearch({
    id,
    names: candidates,
    onPick: (name) => {
      note.textContent = '';
      onPick(name);
    },
    attributes: { name: role, 'data-role': role, placeholder: `${none}: type to search` },
  });
  // A name typed without picking it from the list: accepted when it is a fitting column.
  search.input.addEventListener('change', () => {
    const typed = search.input.value.trim();
    const known = typed === '' || candidates().includes(typed);
    note.textContent = known
      ? ''
      : `"${typed}" is not a column of the file that fits this role; pick one from the list.`;
    if (known) onPick(typed);
  });
  return {
    control: search.input,
    node: search.node,
    show: (list, current) => {
      search.input.value = current;
    },
  };
}

// role, label: the role; names: the candidate columns; value: the chosen column or '';
// onChange(value) with '' for none. Returns { field, control, setNames(names), get value() }.
/**
 * @param {{ role: string, label: string, required?: boolean, names: string[], value: string,
 *   onChange: (value: string) => void, none?: string }} options
 */
export function columnPicker({ role, label, required, names, value, onChange, none: noneText }) {
  const id = uniqueId(`map-${role}`);
  const none = noneText ?? (required ? '(choose a column)' : '(none)');
  const note = el('p', { className: 'hint picker-note', 'aria-live': 'polite' });
  let current = value;
  let candidates = names;
  const onPick = (name) => {
    current = name;
    onChange(current);
  };
  const options = { id, role, none, onPick, note, candidates: () => candidates };
  const view = names.length > selectLimit ? searchControl(options) : selectControl(options);
  const setNames = (list) => {
    // The chosen column stays offered even when its type no longer fits: the mapping check says so.
    candidates = current && !list.includes(current) ? [current, ...list] : list;
    view.show(candidates, current);
  };
  setNames(names);
  return {
    control: view.control,
    setNames,
    get value() {
      return current;
    },
    field: el(
      'div',
      { className: 'field' },
      el('label', { for: id, text: label }),
      view.node,
      note,
    ),
  };
}
