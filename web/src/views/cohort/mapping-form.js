// The mapping form of the Your cohort view: which column holds which date, time or category, the
// date format, the unit and decimal separator, and the covariates of the Cox model. Every choice
// is preselected from the file where the file says enough, and shown so the user can change it.
import { el, uniqueId } from '../../dom.js';
import { dateFormats } from '../../cohort/mapping.js';

const roles = {
  dates: [
    ['surgery', 'Date of liver surgery', /surg|operat|resect.*date|date.*(surg|op)/i, true],
    ['recurrence', 'Date of recurrence (empty: none)', /recur|relapse/i],
    ['lastFollowUp', 'Date of last follow-up', /follow|last.?contact|last.?seen/i, true],
    ['death', 'Date of death (empty: alive)', /death|died|decease/i],
    ['vitalStatus', 'Vital status (alive/dead)', /vital|status/i],
  ],
  durations: [
    ['dfsTime', 'Disease-free survival time', /(dfs|rfs|disease.?free|recurrence.?free).*(time|month|year|day|week)|^(dfs|rfs)$/i, true],
    ['dfsEvent', 'DFS event (1 = recurrence or death)', /(dfs|rfs|disease.?free).*(event|status)/i, true],
    ['recurred', 'Recurred (1/0; empty: the DFS event)', /^recur(red|rence)?$/i],
    ['osTime', 'Overall survival time', /(^os|overall).*(time|month|year|day|week)|^os$/i],
    ['osEvent', 'OS event (1 = died)', /(^os|overall).*(event|status)|vital/i],
  ],
  common: [
    ['site', 'Site of recurrence', /site.*recur|recur.*site|location/i],
    ['treatment', 'Treatment of recurrence', /treat|therapy/i],
  ],
};

export function previewTable({ header, preview }) {
  return [el('h3', { text: 'Preview (first rows, as read)' }),
    el('div', { className: 'table-scroll' }, el('table', { className: 'preview-table' },
      el('thead', {}, el('tr', {}, header.map((name) => el('th', { scope: 'col', text: name })))),
      el('tbody', {}, preview.map((row) => el('tr', {}, header.map((name, i) => el('td', { text: row[i] ?? '' })))))))];
}

function roleSelect(header, [role, label, pattern, required]) {
  const id = uniqueId(`map-${role}`);
  const guess = header.find((name) => pattern.test(name) && !/^data_origin$/i.test(name)) ?? '';
  const control = el('select', { id, name: role, 'data-role': role },
    el('option', { value: '', text: required ? '(choose a column)' : '(none)' }),
    header.map((name) => el('option', { value: name, text: name, selected: name === guess })));
  return { role, control, field: el('div', { className: 'field' }, el('label', { for: id, text: label }), control) };
}

// The date format: preselected only when exactly one format fits every mapped date column.
function dateFormatControl(dateFields, detected) {
  const formatId = uniqueId('date-format');
  const format = el('select', { id: formatId, 'data-role': 'dateFormat' });
  const note = el('p', { className: 'hint', 'aria-live': 'polite' });
  const refresh = () => {
    const columns = dateFields.filter((f) => f.role !== 'vitalStatus').map((f) => f.control.value).filter(Boolean);
    const all = Object.keys(dateFormats);
    let candidates = all;
    for (const name of columns) {
      const formats = detected.get(name);
      if (formats === null || formats === undefined) continue; // an empty column says nothing
      candidates = candidates.filter((f) => formats.includes(f));
    }
    const previous = format.value;
    const chosen = candidates.length === 1 ? candidates[0]
      : candidates.length > 1 && candidates.includes(previous) ? previous : '';
    format.replaceChildren(el('option', { value: '', text: '(choose the format)', selected: chosen === '' }),
      ...all.map((name) => el('option', { value: name, selected: name === chosen,
        text: candidates.includes(name) && candidates.length === 1 ? `${name} (detected)` : name })));
    if (candidates.length === 1) note.textContent = `Detected ${candidates[0]}: every value in the mapped date columns reads as a date in this format. Change it if it is wrong.`;
    else if (candidates.length > 1) note.textContent = `The dates fit ${candidates.join(' and ')}: choose the format explicitly.`;
    else note.textContent = columns.length ? 'No single format fits every value in the mapped date columns; choose one, and the rows that do not fit will be listed as problems.' : '';
  };
  dateFields.forEach((f) => f.control.addEventListener('change', refresh));
  refresh();
  return { format, field: el('div', { className: 'field' }, el('label', { for: formatId, text: 'Date format' }), format), note };
}

function durationUnitControls(delimiter) {
  const unitId = uniqueId('unit');
  const unit = el('select', { id: unitId, 'data-role': 'unit' },
    ['months', 'years', 'weeks', 'days'].map((name) => el('option', { value: name, text: name })));
  const decimalId = uniqueId('decimal');
  const decimal = el('select', { id: decimalId, 'data-role': 'decimal' },
    el('option', { value: '.', text: 'point (1.5)', selected: delimiter !== ';' }),
    el('option', { value: ',', text: 'comma (1,5)', selected: delimiter === ';' }));
  return { unit, decimal, fields: [el('div', { className: 'field' }, el('label', { for: unitId, text: 'Unit of the times' }), unit),
    el('div', { className: 'field' }, el('label', { for: decimalId, text: 'Decimal separator' }), decimal)] };
}

function modeSwitch(useDates, dateBox, durationBox) {
  const name = uniqueId('mode');
  const dates = el('input', { type: 'radio', name, value: 'dates', checked: useDates, id: `${name}-d` });
  const durations = el('input', { type: 'radio', name, value: 'durations', checked: !useDates, id: `${name}-t` });
  const show = () => {
    dateBox.hidden = !dates.checked;
    durationBox.hidden = !durations.checked;
  };
  dates.addEventListener('change', show);
  durations.addEventListener('change', show);
  show();
  return { dates, field: el('div', { className: 'field' }, el('label', { for: `${name}-d` }, dates, ' Dates'),
    el('label', { for: `${name}-t` }, durations, ' Durations')) };
}

function covariateBoxes(header) {
  return header.filter((name) => !/^(data_origin|patient.?id|id)$/i.test(name)).map((name) => {
    const id = uniqueId('cov');
    const box = el('input', { type: 'checkbox', id, value: name, 'data-covariate': name });
    return { name, box, field: el('label', { for: id, className: 'checkbox' }, box, ` ${name}`) };
  });
}

// parsed: the worker's "parsed" message; onAnalyse(mapping) runs the analysis; onError(text)
// shows what is missing. Returns the form's nodes.
export function mappingForm(parsed, { onAnalyse, onError }) {
  const { header, dateFormats: detected, delimiter } = parsed;
  const dateFields = roles.dates.map((role) => roleSelect(header, role));
  const durationFields = roles.durations.map((role) => roleSelect(header, role));
  const commonFields = roles.common.map((role) => roleSelect(header, role));
  const dateFormat = dateFormatControl(dateFields, detected);
  const units = durationUnitControls(delimiter);
  const dateBox = el('fieldset', {}, el('legend', { text: 'Dates' }), dateFields.map((f) => f.field), dateFormat.field, dateFormat.note);
  const durationBox = el('fieldset', {}, el('legend', { text: 'Durations' }), durationFields.map((f) => f.field), units.fields);
  const useDates = dateFields.find((f) => f.role === 'surgery').control.value !== ''
    || durationFields.find((f) => f.role === 'dfsTime').control.value === '';
  const mode = modeSwitch(useDates, dateBox, durationBox);
  const covariates = covariateBoxes(header);
  const run = el('button', { type: 'button', className: 'analyse-button', text: 'Analyse' });
  run.addEventListener('click', () => {
    const columns = {};
    for (const f of [...(mode.dates.checked ? dateFields : durationFields), ...commonFields]) columns[f.role] = f.control.value;
    const used = new Set([...dateFields, ...durationFields, ...commonFields].map((f) => f.control.value));
    columns.covariates = covariates.filter((c) => c.box.checked && !used.has(c.name)).map((c) => c.name);
    const mapping = { mode: mode.dates.checked ? 'dates' : 'durations', dateFormat: dateFormat.format.value,
      unit: units.unit.value, decimal: units.decimal.value, columns };
    const missing = mode.dates.checked
      ? [!columns.surgery && 'the surgery date', !columns.lastFollowUp && 'the last follow-up date', !dateFormat.format.value && 'the date format'].filter(Boolean)
      : [!columns.dfsTime && 'the DFS time', !columns.dfsEvent && 'the DFS event'].filter(Boolean);
    if (missing.length) onError(`Choose ${missing.join(', ')} before analysing.`);
    else onAnalyse(mapping);
  });
  return [el('h3', { text: 'Map the columns' }),
    el('p', { className: 'hint', text: 'DFS runs from the liver surgery to the first recurrence or death; OS from the surgery to death. Rows with a problem are excluded and listed with their row and column.' }),
    mode.field, dateBox, durationBox, el('fieldset', {}, el('legend', { text: 'Recurrence' }), commonFields.map((f) => f.field)),
    el('fieldset', { className: 'covariates' }, el('legend', { text: 'Covariates for the Cox model of DFS (optional)' }),
      covariates.map((c) => c.field)),
    run];
}
