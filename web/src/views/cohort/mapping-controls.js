// @ts-check
// The small controls of the mapping form: the mode (dates or durations), the date format, the unit
// of durations, the decimal separator, and saving or loading the mapping as a JSON file.
import { el, uniqueId } from '../../dom.js';
import { dateFormatNames, unitsPerYear } from '../../cohort/values.js';

export function modeSwitch(mode, onChange) {
  const name = uniqueId('mode');
  const radio = (value, text) => {
    const input = el('input', {
      type: 'radio',
      name,
      value,
      checked: mode === value,
      id: `${name}-${value}`,
    });
    input.addEventListener('change', () => {
      if (input.checked) onChange(value);
    });
    return el('label', { for: `${name}-${value}` }, input, ` ${text}`);
  };
  return el(
    'fieldset',
    { className: 'mode' },
    el('legend', { text: 'The file records' }),
    radio('dates', 'Dates (surgery, recurrence, last follow-up, death)'),
    radio('durations', 'Durations (DFS and OS times with their events)'),
  );
}

// The date format: preselected only when exactly one format fits every mapped date column; a
// format from a loaded mapping is kept. refresh(candidates) after a date column changes.
export function dateFormatControl(initial, onChange) {
  const id = uniqueId('date-format');
  const format = el('select', { id, 'data-role': 'dateFormat' });
  const note = el('p', { className: 'hint', 'aria-live': 'polite' });
  let chosen = initial;
  format.addEventListener('change', () => {
    chosen = format.value;
    onChange(chosen);
  });
  const refresh = (candidates, hasDates) => {
    if (!chosen || !candidates.includes(chosen))
      chosen = candidates.length === 1 ? candidates[0] : chosen && hasDates ? chosen : '';
    format.replaceChildren(
      el('option', { value: '', text: '(choose the format)', selected: chosen === '' }),
      ...dateFormatNames.map((name) =>
        el('option', {
          value: name,
          selected: name === chosen,
          text: candidates.length === 1 && candidates[0] === name ? `${name} (detected)` : name,
        }),
      ),
    );
    if (candidates.length === 1)
      note.textContent = `Detected ${candidates[0]}: every value in the mapped date columns that is a date at all reads as a date in this format. Change it if it is wrong.`;
    else if (candidates.length > 1 && hasDates)
      note.textContent = `The dates fit ${candidates.join(' and ')}: choose the format explicitly.`;
    else
      note.textContent = hasDates
        ? 'No single format fits every mapped date column; choose one, and the values that do not fit will be listed as problems.'
        : '';
    onChange(chosen);
  };
  return {
    refresh,
    field: el(
      'div',
      { className: 'field' },
      el('label', { for: id, text: 'Date format' }),
      format,
      note,
    ),
  };
}

export function unitControl(unit, onChange) {
  const id = uniqueId('unit');
  const select = el(
    'select',
    { id, 'data-role': 'unit' },
    Object.keys(unitsPerYear).map((name) =>
      el('option', { value: name, text: name, selected: name === unit }),
    ),
  );
  select.addEventListener('change', () => onChange(select.value));
  return el(
    'div',
    { className: 'field' },
    el('label', { for: id, text: 'Unit of the times' }),
    select,
  );
}

export function decimalControl(decimal, onChange) {
  const id = uniqueId('decimal');
  const select = el(
    'select',
    { id, 'data-role': 'decimal' },
    el('option', { value: '.', text: 'point (1.5)', selected: decimal === '.' }),
    el('option', { value: ',', text: 'comma (1,5)', selected: decimal === ',' }),
  );
  select.addEventListener('change', () => onChange(select.value));
  return el(
    'div',
    { className: 'field' },
    el('label', {
      for: id,
      text: 'Decimal separator of the numbers (every number column, times and covariates)',
    }),
    select,
  );
}

// Save writes the mapping as JSON; load reads one (at most 1 MB) and hands its text on.
export function mappingFileControls({ onSave, onLoad }) {
  const id = uniqueId('mapping-file');
  const input = el('input', {
    id,
    type: 'file',
    accept: '.json,application/json',
    'data-load-mapping': '',
  });
  input.addEventListener('change', async () => {
    const file = input.files[0];
    if (!file) return;
    if (file.size > 1048576)
      onLoad({
        name: file.name,
        error: `${file.name} is ${(file.size / 1048576).toFixed(1)} MB; a mapping file is a few KB.`,
      });
    else onLoad({ name: file.name, text: await file.text() });
    input.value = '';
  });
  return el(
    'div',
    { className: 'mapping-file' },
    el('button', {
      type: 'button',
      className: 'save-mapping',
      text: 'Save the mapping (JSON file)',
      onclick: onSave,
    }),
    el(
      'div',
      { className: 'field' },
      el('label', { for: id, text: 'Load a saved mapping' }),
      input,
    ),
  );
}
