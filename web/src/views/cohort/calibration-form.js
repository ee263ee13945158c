// "Does the calculator fit your patients?": the shipped DFS model's inputs mapped to the file's
// columns and levels (suggested, shown, changeable), and the calibration the worker computes.
import { el, uniqueId } from '../../dom.js';
import { percent, interval } from '../../format.js';
import { suggestLevel, calibrationYears } from '../../cohort/calibration.js';
import { calibrationPlot } from '../../components/calibration-plot.js';
import { figureExportButtons } from './figure-export.js';
import { exportable, cell } from './tables.js';
import { columnPicker } from './column-picker.js';

const number = (value, digits = 2) =>
  value === null || value === undefined ? 'not estimable' : Number(value).toFixed(digits);
const columnGuesses = {
  primary: /primary/i,
  grade: /grade|differentiation/i,
  lymph_nodes: /node|lymph/i,
  resection: /resect|extent|hepatectomy/i,
};

// One model input: the column it comes from (a searchable field in a wide file, not an option per
// column) and, for each value in that column, the model level.
function inputControl(input, header, columns) {
  const guess =
    header.find((name) => (columnGuesses[input.name] ?? new RegExp(input.name, 'i')).test(name)) ??
    '';
  const levels = el('div', { className: 'level-map' });
  const levelSelects = new Map();
  const refresh = (name) => {
    levelSelects.clear();
    const values = name ? (columns.get(name)?.distinct ?? []) : [];
    levels.replaceChildren(
      ...values.map((value) => {
        const levelId = uniqueId('lvl');
        const chosen = suggestLevel(input, value);
        const control = el(
          'select',
          { id: levelId, 'data-level-for': value },
          el('option', { value: 'unknown', text: 'unknown', selected: chosen === 'unknown' }),
          (input.levels ?? []).map((level) =>
            el('option', {
              value: level.value,
              text: level.label ?? level.value,
              selected: chosen === level.value,
            }),
          ),
        );
        levelSelects.set(value, control);
        return el(
          'div',
          { className: 'field' },
          el('label', { for: levelId, text: `"${value}" in ${name} is` }),
          control,
        );
      }),
    );
  };
  const column = columnPicker({
    role: `model-${input.name}`,
    label: 'Column',
    names: header,
    value: guess,
    none: '(not recorded: unknown)',
    onChange: refresh,
  });
  column.control.setAttribute('data-model-input', input.name);
  refresh(guess);
  return {
    input,
    column,
    levelSelects,
    field: el(
      'fieldset',
      {},
      el('legend', { text: input.label ?? input.name }),
      column.field,
      levels,
    ),
  };
}

// model: the shipped DFS model; parsed: { header, columns: Map column -> summary (distinct values) };
// onRun(mapping) asks the worker for the calibration. Returns { node, show(calibration) }.
export function calibrationForm(model, parsed, onRun) {
  const area = el('div', { className: 'cohort-calibration' });
  if (!model || !Array.isArray(model.inputs)) {
    return {
      node: el(
        'div',
        {},
        el('h4', { text: 'Does the calculator fit your patients?' }),
        el('p', { className: 'notice', text: 'No DFS model is bundled with this page.' }),
      ),
      show: () => {},
    };
  }
  const controls = model.inputs.map((input) => inputControl(input, parsed.header, parsed.columns));
  const run = el('button', {
    type: 'button',
    className: 'calibrate-button',
    text: "Check the calculator's DFS model on this cohort",
    onclick: () =>
      onRun(
        Object.fromEntries(
          controls.map((c) => [
            c.input.name,
            {
              column: c.column.value,
              levels: Object.fromEntries(
                [...c.levelSelects.entries()].map(([value, control]) => [value, control.value]),
              ),
            },
          ]),
        ),
      ),
  });
  const node = el(
    'div',
    {},
    el('h4', { text: 'Does the calculator fit your patients?' }),
    el('p', {
      className: 'hint',
      text: `The calculator's DFS model (${model.title}, version ${model.version}) predicts each patient's DFS from the inputs below; the patients are split into three groups by the model's risk and the predictions are set against the Kaplan-Meier DFS of each group. Values left "unknown" get no adjustment.`,
    }),
    controls.map((c) => c.field),
    run,
    area,
  );
  return { node, show: (calibration) => area.replaceChildren(...calibrationResult(calibration)) };
}

function slopeText(slope) {
  return `Calibration slope (Cox regression of the observed DFS on the model's linear predictor): ${slope.coef.toFixed(2)} (95% CI ${number(slope.lower, 2)} to ${number(slope.upper, 2)}); 1 is ideal, below 1 the model's risks are too spread out for these patients. Concordance (Harrell's C) ${slope.concordance.toFixed(3)} (SE ${slope.concordance_std.toFixed(3)})${slope.coef < 0 ? ', for the reversed ranking: the model ranks these patients the wrong way round' : ''}.`;
}

function calibrationResult(calibration) {
  const row = (group) => [
    cell(`${group.label} (n = ${group.n})`),
    ...calibrationYears.flatMap((year, k) => [
      cell(percent(group.predicted[k], 1), `cal-pred-${group.label}-${year}`, group.predicted[k]),
      cell(
        `${percent(group.observed[k].surv, 1)} (${interval(group.observed[k].lower, group.observed[k].upper, 1)})`,
        `cal-obs-${group.label}-${year}`,
        group.observed[k].surv,
      ),
    ]),
  ];
  const headings = [
    'Group',
    ...calibrationYears.flatMap((year) => [`Predicted ${year} y`, `Observed ${year} y (KM)`]),
  ];
  const slope = calibration.slope;
  const plot = calibrationPlot(calibration, calibrationYears);
  return [
    exportable(
      'Predicted versus observed DFS by risk group (calibration); the whole-cohort row is the calibration-in-the-large',
      'calibration',
      headings,
      [...calibration.groups.map(row), row(calibration.whole)],
    ),
    el('div', {}, plot, figureExportButtons(plot, 'calibration.svg')),
    slope
      ? el('p', { 'data-key': 'cal-slope', 'data-value': slope.coef, text: slopeText(slope) })
      : el('p', {
          className: 'notice',
          text: `Calibration slope and concordance: ${calibration.slopeError}.`,
        }),
    el('p', {
      className: 'hint',
      text: `${calibration.profiles} distinct profiles predicted by the core's predict op. The predicted value of a group is the mean of its patients' predictions.${calibration.warnings.length ? ` Caveats from the model: ${calibration.warnings.map((w) => w.message).join(' ')}` : ''}`,
    }),
  ];
}
