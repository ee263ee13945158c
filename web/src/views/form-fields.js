// @ts-check
// Labelled form controls for model inputs, as the core describes them (load_model): a select per
// categorical input (with "unknown"), a number field per numeric one, and the time already
// disease-free. A value the model does not accept (a hand-edited link: grade=G2) is shown as
// such, with a plain message, and is treated as unknown; an out-of-range time says why instead
// of changing silently. Values are kept as text; predict.js turns them into the input's type.
import { el, uniqueId, setText, setAttribute } from '../dom.js';
import { acceptedValue } from '../predict.js';
import { years } from '../format.js';

/** @typedef {import('../../../docs/api').ModelInput} ModelInput */

/**
 * @param {ModelInput} input
 * @param {string | undefined} value
 * @param {(name: string, value: string) => void} onChange
 */
export function inputField(input, value, onChange) {
  const id = uniqueId(`input-${input.name}`);
  const hint = el('p', {
    id: `${id}-hint`,
    className: 'hint',
    text: `If unknown: ${input.unknown.description}`,
  });
  // A choice (an operation, a treatment) is never a lever: said beside the input, whatever its value.
  const choice = input.comparison_warning
    ? el('p', {
        className: 'choice-note',
        text: 'A choice, not a lever: an association in observational data, confounded by indication.',
      })
    : null;
  const problem = el('p', { id: `${id}-problem`, className: 'field-problem', role: 'status' });
  const { value: accepted, problem: refused } = acceptedValue(input, value);
  /** @param {string} text */
  const setProblem = (text) => {
    setText(problem, text);
    problem.hidden = !text;
    setAttribute(control, 'aria-invalid', text ? 'true' : null);
    setAttribute(
      control,
      'aria-describedby',
      [text ? problem.id : '', hint.id].filter(Boolean).join(' '),
    );
  };
  /** @param {string} current */
  const showHint = (current) => {
    hint.hidden = current !== 'unknown';
  };
  /** @type {HTMLSelectElement | HTMLInputElement} */
  let control;
  if (input.type === 'categorical') {
    const select = /** @type {HTMLSelectElement} */ (
      el(
        'select',
        {
          id,
          name: input.name,
          onchange: () => {
            select.querySelector('option.refused')?.remove();
            setProblem('');
            showHint(select.value);
            onChange(input.name, select.value);
          },
        },
        el('option', { value: 'unknown', text: 'Unknown' }),
        input.levels.map((level) => el('option', { value: level.value, text: level.label })),
      )
    );
    if (refused) {
      // The link's value stays visible, as the link gave it, until a value is chosen.
      select.append(
        el('option', {
          className: 'refused',
          value: String(value),
          disabled: true,
          text: `“${value}” (from the link: not accepted)`,
        }),
      );
      select.value = String(value);
    } else {
      select.value = String(accepted);
    }
    control = select;
  } else {
    const range = input.range;
    const number = /** @type {HTMLInputElement} */ (
      el('input', {
        id,
        name: input.name,
        type: 'number',
        inputmode: 'decimal',
        min: range?.minimum,
        max: range?.maximum,
        step: 'any',
        value: value === 'unknown' ? '' : (value ?? ''),
        placeholder: 'unknown',
        onchange: () => {
          const text = number.value || 'unknown';
          setProblem(acceptedValue(input, text).problem);
          showHint(text);
          onChange(input.name, text);
        },
      })
    );
    control = number;
  }
  setProblem(refused);
  showHint(refused ? 'unknown' : String(accepted));
  const label = input.unit ? `${input.label} (${input.unit})` : input.label;
  return el(
    'div',
    { className: 'field' },
    el('label', { for: id, text: label }),
    control,
    problem,
    choice,
    hint,
  );
}

/**
 * The time already disease-free: a number field and a slider bound together. The number keeps
 * what was typed; `check(text)` says what is wrong with it (shown under the field), and the
 * returned setProblem shows the view's verdict.
 * @param {{ name: string, label: string, hint: string, value: string, max: number, step: number,
 *   onChange: (name: string, value: string) => void }} options
 */
export function yearsField({ name, label, hint, value, max, step, onChange }) {
  const id = uniqueId(name);
  const problem = el('p', {
    id: `${id}-problem`,
    className: 'field-problem',
    role: 'status',
    hidden: true,
  });
  const number = /** @type {HTMLInputElement} */ (
    el('input', {
      id,
      name,
      type: 'number',
      min: 0,
      step: 'any',
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
      step,
      value,
      'aria-label': `${label} (slider)`,
      'aria-describedby': `${id}-hint`,
      tabindex: -1,
    })
  );
  number.addEventListener('change', () =>
    onChange(name, number.value.trim() === '' ? '0' : number.value.trim()),
  );
  slider.addEventListener('input', () => {
    number.value = slider.value;
    onChange(name, slider.value);
  });
  /** @param {string} text the problem, '' when the value is accepted @param {number} accepted */
  const setProblem = (text, accepted) => {
    setText(problem, text);
    problem.hidden = !text;
    setAttribute(number, 'aria-invalid', text ? 'true' : null);
    setAttribute(number, 'aria-describedby', text ? `${problem.id} ${id}-hint` : `${id}-hint`);
    if (!text) slider.value = String(accepted);
  };
  const node = el(
    'div',
    { className: 'field field-years' },
    el('label', { for: id, text: label }),
    el('div', { className: 'years-controls' }, slider, number),
    problem,
    el('p', { id: `${id}-hint`, className: 'hint', text: hint }),
  );
  return { node, setProblem };
}

/**
 * The time already disease-free from its text: the number, or why it cannot be used.
 * @param {string | undefined} text
 * @param {number} maxTime the model's limit
 * @param {string} unit
 */
export function conditionTime(text, maxTime, unit) {
  const raw = (text ?? '0').trim();
  const value = raw === '' ? 0 : Number(raw);
  if (!Number.isFinite(value)) return { value: 0, problem: `“${raw}” is not a number of ${unit}.` };
  if (value < 0) {
    return {
      value: 0,
      problem: `${raw} is before the surgery: the time must be 0 ${unit} or more.`,
    };
  }
  if (value >= maxTime) {
    return {
      value: 0,
      problem:
        `${years(value)} is at or beyond the model's limit of ${years(maxTime)}: ` +
        `the evidence says nothing from then on. Enter a time below ${years(maxTime)}.`,
    };
  }
  return { value, problem: '' };
}
