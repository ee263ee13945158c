// @ts-check
// "Does the calculator fit your patients?": the shipped DFS model's inputs mapped to the file's
// columns and levels (suggested, shown, changeable), and the calibration the worker computes.
import { el, uniqueId } from '../../dom.js';
import { percent, interval } from '../../format.js';
import { suggestLevel, calibrationYears } from '../../cohort/calibration-request.js';
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
    { className: 'calibration-section' },
    el('h4', { text: 'Does the calculator fit your patients?' }),
    el('p', {
      className: 'hint',
      text: `The calculator's DFS model (${model.title}, version ${model.version}) predicts each patient's DFS from the inputs below; the survival core splits the patients into three groups by their predicted DFS at each time and sets the mean prediction of each group against its Kaplan-Meier DFS. Values left "unknown" get the model's unknown rule.`,
    }),
    controls.map((c) => c.field),
    run,
    area,
  );
  return { node, show: (calibration) => area.replaceChildren(...calibrationResult(calibration)) };
}

const groupLabels = { 1: 'lower risk', 2: 'middle risk', 3: 'higher risk' };

// The core's answer as rows: per risk group (1 = highest predicted DFS) and the whole cohort, the
// predicted mean and the observed Kaplan-Meier DFS at each time (values picked, not computed).
function calibrationRows(result) {
  // The groups are the same at every time under proportional hazards (docs/validation/calibration.md);
  // otherwise a group's n is given per time.
  const sizeOf = (pick) => {
    const sizes = [...new Set(result.at_times.map((at) => pick(at)?.n ?? null))];
    return sizes.length === 1
      ? `n = ${sizes[0]}`
      : result.at_times.map((at) => `n = ${pick(at)?.n ?? 0} at ${at.time} y`).join(', ');
  };
  const rowOf = (label, pick) => ({
    label,
    size: sizeOf(pick),
    predicted: result.at_times.map((at) => pick(at)?.predicted ?? null),
    observed: result.at_times.map(
      (at) => pick(at)?.observed ?? { surv: null, lower: null, upper: null },
    ),
  });
  const groups = result.at_times[0].groups.map(({ group }) =>
    rowOf(groupLabels[group] ?? `group ${group}`, (at) =>
      at.groups.find((entry) => entry.group === group),
    ),
  );
  return { groups, whole: rowOf('whole cohort', (at) => at.overall) };
}

function slopeTable(result) {
  const rows = result.at_times.map((at) => [
    cell(`${at.time} year${at.time === 1 ? '' : 's'}`),
    at.slope
      ? cell(
          `${at.slope.coef.toFixed(2)} (95% CI ${number(at.slope.lower, 2)} to ${number(at.slope.upper, 2)})`,
          `cal-slope-${at.time}`,
          at.slope.coef,
        )
      : cell('not estimable'),
    at.concordance
      ? cell(
          `${at.concordance.concordance.toFixed(3)} (SE ${number(at.concordance.std, 3)})`,
          `cal-c-${at.time}`,
          at.concordance.concordance,
        )
      : cell('not estimable'),
  ]);
  return exportable(
    "Calibration slope (Cox regression of the observed DFS on log(-log predicted DFS); 1 is ideal, below 1 the predicted risks are too spread out for these patients) and concordance (Harrell's C of the predicted risk), by time since the liver surgery",
    'calibration-slope',
    ['Time since the liver surgery', 'Calibration slope (95% CI)', 'Concordance (SE)'],
    rows,
  );
}

function calibrationResult(calibration) {
  const { groups, whole } = calibrationRows(calibration.result);
  const row = (group) => [
    cell(`${group.label} (${group.size})`),
    ...calibrationYears.flatMap((year, k) => [
      cell(percent(group.predicted[k], 1), `cal-pred-${group.label}-${year}`, group.predicted[k]),
      cell(
        group.observed[k].surv === null
          ? 'not estimable: nobody in the group followed this long'
          : `${percent(group.observed[k].surv, 1)} (${interval(group.observed[k].lower, group.observed[k].upper, 1)})`,
        `cal-obs-${group.label}-${year}`,
        group.observed[k].surv,
      ),
    ]),
  ];
  const headings = [
    'Group',
    ...calibrationYears.flatMap((year) => [`Predicted ${year} y`, `Observed ${year} y (KM)`]),
  ];
  const plot = calibrationPlot({ groups }, calibrationYears);
  return [
    exportable(
      'Predicted versus observed DFS by risk group (calibration); the whole-cohort row is the calibration-in-the-large',
      'calibration',
      headings,
      [...groups.map(row), row(whole)],
    ),
    el('div', {}, plot, figureExportButtons(plot, 'calibration.svg')),
    slopeTable(calibration.result),
    el('p', {
      className: 'hint',
      text: `${calibration.profiles} distinct profiles predicted by the survival core; ${calibration.result.n} patients used. Risk groups, observed DFS, slope and concordance: the survival core.${calibration.warnings.length ? ` Caveats: ${calibration.warnings.map((w) => w.message.replace(/\.?$/, '.')).join(' ')}` : ''}`,
    }),
  ];
}
