// A control that picks one column of the file for a role. Up to selectLimit candidate columns it
// is a <select>; beyond, a text field with a shared, searchable <datalist> (filled when first
// focused), so that a file with 2,000 columns does not get 2,000 options in every control.
import { el, uniqueId } from '../../dom.js';

export const selectLimit = 100;

// A datalist per set of candidate names, shared by every picker offering the same set.
export class DatalistPool {
  constructor(container) {
    this.container = container;
    this.lists = new Map();
  }

  idFor(key, names) {
    let entry = this.lists.get(key);
    if (!entry) {
      entry = { node: el('datalist', { id: uniqueId('columns') }), names: null, filled: null };
      this.lists.set(key, entry);
      this.container.append(entry.node);
    }
    entry.names = names;
    return entry;
  }

  fill(entry) {
    if (entry.filled === entry.names) return;
    entry.node.replaceChildren(...entry.names.map((name) => el('option', { value: name })));
    entry.filled = entry.names;
  }
}

// role, label: the role; names: the candidate columns; value: the chosen column or '';
// onChange(value) with '' for none. Returns { field, control, setNames(names), get value() }.
export function columnPicker({ role, label, required, names, value, onChange, pool, listKey, none: noneText }) {
  const id = uniqueId(`map-${role}`);
  const none = noneText ?? (required ? '(choose a column)' : '(none)');
  const note = el('p', { className: 'hint picker-note', 'aria-live': 'polite' });
  let current = value;
  let control;
  const wide = names.length > selectLimit;
  if (!wide) {
    control = el('select', { id, name: role, 'data-role': role });
    control.addEventListener('change', () => { current = control.value; onChange(current); });
  } else {
    control = el('input', { id, type: 'text', name: role, 'data-role': role, autocomplete: 'off', spellcheck: 'false',
      placeholder: `${none}: type to search ${names.length} columns` });
    control.addEventListener('change', () => {
      const typed = control.value.trim();
      const known = typed === '' || candidates.includes(typed);
      note.textContent = known ? '' : `"${typed}" is not a column of the file that fits this role; pick one from the list.`;
      if (known) { current = typed; onChange(current); }
    });
  }
  let candidates = names;
  let entry = null;
  const setNames = (list) => {
    // The chosen column stays offered even when its type no longer fits: the mapping check says so.
    candidates = current && !list.includes(current) ? [current, ...list] : list;
    if (!wide) {
      control.replaceChildren(el('option', { value: '', text: none }),
        ...candidates.map((name) => el('option', { value: name, text: name, selected: name === current })));
    } else {
      entry = pool.idFor(listKey, candidates);
      control.setAttribute('list', entry.node.id);
      control.value = current;
    }
  };
  if (wide) control.addEventListener('focus', () => pool.fill(entry));
  setNames(names);
  return { control, setNames, get value() { return current; },
    field: el('div', { className: 'field' }, el('label', { for: id, text: label }), control, note) };
}
