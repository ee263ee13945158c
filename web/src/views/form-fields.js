// Labelled form controls for model inputs: a select per categorical input (with "unknown"), a
// number field per numeric one. Values are plain strings kept in the URL fragment.
import { el, uniqueId } from '../dom.js';
import { inputLevels, inputLabel, unknownDescription, numberRange } from '../models.js';

export function inputField(input, value, onChange) {
  const id = uniqueId(`input-${input.name}`);
  const hintId = `${id}-hint`;
  const levels = inputLevels(input);
  const hint = unknownDescription(input) ?? null;
  let control;
  if (levels.length > 0) {
    control = el('select', { id, name: input.name, 'aria-describedby': hint ? hintId : undefined,
      onchange: (event) => onChange(input.name, event.target.value) },
    el('option', { value: 'unknown', text: 'Unknown' }),
    levels.filter((level) => level.value !== 'unknown').map((level) =>
      el('option', { value: level.value, text: level.label })));
    control.value = levels.some((level) => level.value === value) ? value : 'unknown';
  } else {
    const range = numberRange(input);
    control = el('input', { id, name: input.name, type: 'number', inputmode: 'decimal',
      min: range[0], max: range[1], step: 'any', value: value === 'unknown' ? '' : value ?? '',
      placeholder: 'unknown', 'aria-describedby': hint ? hintId : undefined,
      onchange: (event) => onChange(input.name, event.target.value || 'unknown') });
  }
  return el('div', { className: 'field' },
    el('label', { for: id, text: inputLabel(input) }), control,
    hint ? el('p', { id: hintId, className: 'hint', text: `If unknown: ${hint}` }) : null);
}

// A slider and a number field bound together, for "time already disease-free" and the like.
export function yearsField({ name, label, hint, value, max, onChange }) {
  const id = uniqueId(name);
  const number = el('input', { id, name, type: 'number', min: 0, max, step: 0.5, value,
    inputmode: 'decimal', 'aria-describedby': `${id}-hint` });
  const slider = el('input', { type: 'range', min: 0, max, step: 0.5, value,
    'aria-label': `${label} (slider)`, 'aria-describedby': `${id}-hint`, tabindex: -1 });
  const commit = (raw) => {
    const years = Math.min(max, Math.max(0, Number(raw) || 0));
    number.value = String(years);
    slider.value = String(years);
    onChange(name, String(years));
  };
  number.addEventListener('change', () => commit(number.value));
  slider.addEventListener('input', () => commit(slider.value));
  return el('div', { className: 'field field-years' },
    el('label', { for: id, text: label }),
    el('div', { className: 'years-controls' }, slider, number),
    el('p', { id: `${id}-hint`, className: 'hint', text: hint }));
}
