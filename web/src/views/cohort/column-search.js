// @ts-check
// A text field that finds a column among thousands: as the user types, the first matches (names
// containing the text, case ignored) are offered in a short list (an ARIA combobox: arrow keys,
// Enter, Escape, or a click). Used instead of one <option> per column for wide files; the
// browser's own <datalist> filters every option on each keystroke, which blocks for a 2,000-column
// file.
import { el, uniqueId } from '../../dom.js';

const shown = 12;

// id: the input's id (its label's for); names(): the candidates now; onPick(name) when one is
// chosen from the list. Returns { input, node, close() }.
export function columnSearch({ id, names, onPick, attributes = {} }) {
  const listId = uniqueId('matches');
  const input = el('input', {
    id,
    type: 'text',
    autocomplete: 'off',
    spellcheck: 'false',
    role: 'combobox',
    'aria-autocomplete': 'list',
    'aria-expanded': 'false',
    'aria-controls': listId,
    ...attributes,
  });
  const list = el('ul', { id: listId, role: 'listbox', className: 'column-matches', hidden: true });
  let matches = [];
  let active = -1;
  const mark = () =>
    [...list.children].forEach((item, i) => {
      item.setAttribute('aria-selected', i === active ? 'true' : 'false');
      if (i === active) input.setAttribute('aria-activedescendant', item.id);
    });
  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const pick = (name) => {
    input.value = name;
    close();
    onPick(name);
  };
  const open = () => {
    const text = input.value.trim().toLowerCase();
    const all = names();
    matches = [];
    for (let i = 0; i < all.length && matches.length < shown; i += 1)
      if (all[i].toLowerCase().includes(text)) matches.push(all[i]);
    active = -1;
    list.replaceChildren(
      ...matches.map((name) =>
        el('li', {
          id: uniqueId('match'),
          role: 'option',
          text: name,
          onmousedown: (event) => {
            event.preventDefault();
            pick(name);
          },
        }),
      ),
      ...(matches.length === shown
        ? [
            el('li', {
              className: 'hint',
              role: 'presentation',
              text: 'Type more to narrow the list.',
            }),
          ]
        : []),
    );
    list.hidden = matches.length === 0;
    input.setAttribute('aria-expanded', matches.length ? 'true' : 'false');
  };
  input.addEventListener('input', open);
  input.addEventListener('focus', open);
  input.addEventListener('blur', close);
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (list.hidden) open();
      active = Math.max(
        0,
        Math.min(matches.length - 1, active + (event.key === 'ArrowDown' ? 1 : -1)),
      );
      mark();
      event.preventDefault();
    } else if (event.key === 'Enter' && active >= 0) {
      pick(matches[active]);
      event.preventDefault();
    } else if (event.key === 'Escape') close();
  });
  return { input, close, node: el('div', { className: 'column-search' }, input, list) };
}
