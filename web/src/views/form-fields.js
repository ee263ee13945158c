// @ts-check
// Labelled form controls for model inputs, as the core describes them (load_model): a select per
// categorical input (with "unknown"), a number field per numeric one. Values are kept as text in
// the URL fragment; predict.js turns them into the input's type once, for the core.
import { el, uniqueId } from '../dom.js';

/** @typedef {import('../../../docs/api').ModelInput} ModelInput */

/**
 * @param {ModelInput} input
 * @param {string | undefined} value
 * @param {(name: string, value: string) => void} onChange
 */
export function inputField(input, value, onChange) {
  const id = uniqueId(`input-${input.name}`);
  const hintId = `${id}-hint`;
  const hint = input.unknown.description;
  let control;
  if (input.type === 'categorical') {
    const select = el(
      'select',
      {
        id,
        name: input.name,
        'aria-describedby': hintId,
        onchange: (/** @type {Event} */ event) =>
          onChange(input.name, /** @type {HTMLSelectElement} */ (event.target).value),
      },
      el('option', { value: 'unknown', text: 'Unknown' }),
      input.levels.map((level) => el('option', { value: level.value, text: level.label })),
    );
    select.value = input.levels.some((level) => level.value === value) ? String(value) : 'unknown';
    control = select;
  } else {
    const range = input.range;
    control = el('input', {
      id,
      name: input.name,
      type: 'number',
      inputmode: 'decimal',
      min: range?.minimum,
      max: range?.maximum,
      step: 'any',
      value: value === 'unknown' ? '' : (value ?? ''),
      placeholder: 'unknown',
      'aria-describedby': hintId,
      onchange: (/** @type {Event} */ event) =>
        onChange(input.name, /** @type {HTMLInputElement} */ (event.target).value || 'unknown'),
    });
  }
  const label = input.unit ? `${input.label} (${input.unit})` : input.label;
  return el(
    'div',
    { className: 'field' },
    el('label', { for: id, text: label }),
    control,
    el('p', { id: hintId, className: 'hint', text: `If unknown: ${hint}` }),
  );
}

/**
 * A slider and a number field bound together, for "time already disease-free" and the like.
 * @param {{ name: string, label: string, hint: string, value: string, max: number,
 *   onChange: (name: string, value: string) => void }} options
 */
export function yearsField({ name, label, hint, value, max, onChange }) {
  const id = uniqueId(name);
  const number = /** @type {HTMLInputElement} */ (
    el('input', {
      id,
      name,
      type: 'number',
      min: 0,
      max,
      step: 0.5,
      value,
      inputmode: 'decimal',
      'aria-describedby': `${id}-hint`,
    })
  );
  const slider = /** @type {HTMLInputElement} */ (
    el('input', {
      type: 'range',
      min: 0,
      max,
      step: 0.5,
      value,
      'aria-label': `${label} (slider)`,
      'aria-describedby': `${id}-hint`,
      tabindex: -1,
    })
  );
  /** @param {string} raw */
  const commit = (raw) => {
    const years = Math.min(max, Math.max(0, Number(raw) || 0));
    number.value = String(years);
    slider.value = String(years);
    onChange(name, String(years));
  };
  number.addEventListener('change', () => commit(number.value));
  slider.addEventListener('input', () => commit(slider.value));
  return el(
    'div',
    { className: 'field field-years' },
    el('label', { for: id, text: label }),
    el('div', { className: 'years-controls' }, slider, number),
    el('p', { id: `${id}-hint`, className: 'hint', text: hint }),
  );
}
