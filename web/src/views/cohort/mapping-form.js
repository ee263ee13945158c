// @ts-check
// The mapping form of the Your cohort view: each column's type, which column fills which role, the
// date format, unit and decimal separator, the covariates of the Cox model, and the mapping saved
// or loaded as a JSON file. Everything is preselected from the file where the file says enough,
// shown, and changeable; what is missing or doubtful is said as the form changes.
import { el } from '../../dom.js';
import { roleDefinitions, rolesOf, guessRoles, fits, notData } from '../../cohort/roles.js';
import {
  resolveTypes,
  withTypes,
  checkMapping,
  dateFormatCandidates,
  mappedColumns,
} from '../../cohort/mapping-file.js';
import { columnPicker } from './column-picker.js';
import { typesTable, allColumnsLimit } from './types-table.js';
import { covariatesPicker } from './covariates-picker.js';
import {
  modeSwitch,
  dateFormatControl,
  unitControl,
  decimalControl,
  mappingFileControls,
} from './mapping-controls.js';
import { reportOptionsForm } from './report-options-form.js';
import { maxGroups } from '../../cohort/report-options.js';

const previewColumns = 30;

export function previewTable({ header, preview }) {
  const shown = header.slice(0, previewColumns);
  return [
    el('h3', { text: 'Preview (first rows, as read)' }),
    header.length > shown.length
      ? el('p', {
          className: 'hint',
          text: `The first ${shown.length} of ${header.length} columns.`,
        })
      : null,
    el(
      'div',
      { className: 'table-scroll preview-scroll' },
      el(
        'table',
        { className: 'preview-table' },
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            shown.map((name) => el('th', { scope: 'col', text: name })),
          ),
        ),
        el(
          'tbody',
          {},
          preview.map((row) =>
            el(
              'tr',
              {},
              shown.map((name, i) => el('td', { text: row[i] ?? '' })),
            ),
          ),
        ),
      ),
    ),
  ].filter(Boolean);
}

// The form's state: the mapping being edited, every column's type, and the roles of both modes
// (so that switching the mode and back keeps the choices).
function initialState(parsed, mapping) {
  const types = resolveTypes(mapping, parsed.columns);
  const roles = {
    ...guessRoles(
      parsed.header,
      parsed.columns,
      types,
      mapping.mode === 'dates' ? 'durations' : 'dates',
    ),
    ...mapping.roles,
  };
  return {
    mapping: { ...mapping, covariates: mapping.covariates.map((c) => ({ reference: null, ...c })) },
    types,
    roles,
  };
}

// The mapping as the analysis, the check and the saved file see it.
function currentMapping(state) {
  const roles = Object.fromEntries(
    rolesOf(state.mapping.mode)
      .map((d) => [d.role, state.roles[d.role]])
      .filter(([, name]) => name),
  );
  const covariates = state.mapping.covariates.map((c) =>
    c.reference ? { column: c.column, reference: c.reference } : { column: c.column },
  );
  return withTypes({ ...state.mapping, roles, covariates }, state.types);
}

function messageList(check) {
  return [
    ...check.errors.map((e) => el('li', { className: 'todo', text: `To do: ${e.message}.` })),
    ...check.notes.map((note) => el('li', { className: 'note', text: note })),
  ];
}

const dateRoles = [
  'surgery_date',
  'recurrence_flag',
  'recurrence_date',
  'last_follow_up_date',
  'death_date',
  'vital_status',
];
const durationRoles = ['dfs_time', 'dfs_event', 'recurred', 'os_time', 'os_event'];

class MappingForm {
  constructor(parsed, mapping, handlers) {
    this.parsed = parsed;
    this.handlers = handlers;
    this.header = parsed.header;
    this.columns = parsed.columns;
    this.state = initialState(parsed, mapping);
    this.messages = el('ul', { className: 'mapping-messages', 'aria-live': 'polite' });
    const { columns, state } = this;
    this.types = typesTable({
      columns,
      types: state.types,
      onType: () => this.typeChanged(),
      wide: this.header.length > allColumnsLimit,
    });
    this.covariates = covariatesPicker({
      columns,
      types: state.types,
      covariates: state.mapping.covariates,
      candidates: () => this.covariateCandidates(),
      onChange: () => this.refresh(),
    });
    this.dateFormat = dateFormatControl(state.mapping.date_format, (format) => {
      state.mapping.date_format = format;
      this.refresh();
    });
    this.pickers = new Map(
      roleDefinitions.map((definition) => [definition.role, this.picker(definition)]),
    );
    this.reportOptions = reportOptionsForm(
      state.mapping,
      () => this.groupCandidates(),
      () => this.refresh(),
    );
  }

  // Columns that can define groups: categories (or small number codes) with 2 to maxGroups values,
  // not a role's column.
  groupCandidates() {
    const roleColumns = new Set(Object.values(this.state.roles));
    return this.header.filter((name) => {
      const column = this.columns.get(name);
      const type = this.state.types.get(name);
      return (
        !notData.test(name) &&
        !roleColumns.has(name) &&
        (type === 'category' || type === 'number') &&
        !column.moreDistinct &&
        column.distinct.length >= 2 &&
        column.distinct.length <= maxGroups
      );
    });
  }

  candidates(definition) {
    return this.header.filter(
      (name) =>
        !notData.test(name) && fits(definition, this.columns.get(name), this.state.types.get(name)),
    );
  }

  covariateCandidates() {
    return this.header.filter(
      (name) =>
        !notData.test(name) &&
        this.state.types.get(name) !== 'date' &&
        name !== this.state.roles.patient_id,
    );
  }

  picker(definition) {
    return columnPicker({
      role: definition.role,
      label: definition.label,
      required: definition.required,
      names: this.candidates(definition),
      value: this.state.roles[definition.role] ?? '',
      onChange: (value) => {
        this.state.roles[definition.role] = value;
        if (definition.accepts.includes('date')) this.refreshDates();
        if (definition.role === 'patient_id') this.covariates.refresh();
        this.reportOptions.refresh();
        this.refresh();
      },
    });
  }

  // Every role has its picker (made in the constructor).
  pickerOf(role) {
    const picker = this.pickers.get(role);
    if (!picker) throw new Error(`no column picker for the role ${role}`);
    return picker;
  }

  typeChanged() {
    for (const definition of roleDefinitions)
      this.pickerOf(definition.role).setNames(this.candidates(definition));
    this.covariates.refresh();
    this.reportOptions.refresh();
    this.refreshDates();
    this.refresh();
  }

  // The types table follows the mapped columns; the messages say what is missing or doubtful.
  refresh() {
    const current = currentMapping(this.state);
    this.types.refresh({ shown: mappedColumns(current), decimal: current.decimal_separator });
    this.messages.replaceChildren(...messageList(checkMapping(current, this.header, this.columns)));
  }

  refreshDates() {
    const current = currentMapping(this.state);
    const hasDates = rolesOf('dates').some(
      (d) => d.accepts.includes('date') && this.columns.get(current.roles[d.role] ?? '')?.dates > 0,
    );
    this.dateFormat.refresh(dateFormatCandidates(current, this.columns), hasDates);
  }

  run() {
    const current = currentMapping(this.state);
    const check = checkMapping(current, this.header, this.columns);
    if (check.errors.length)
      this.handlers.onError(`Before analysing: ${check.errors.map((e) => e.message).join('; ')}.`);
    else this.handlers.onAnalyse(current);
  }

  modeBoxes() {
    const { state } = this;
    const field = (role) => this.pickerOf(role).field;
    const dateBox = el(
      'fieldset',
      {},
      el('legend', { text: 'Dates' }),
      dateRoles.map(field),
      this.dateFormat.field,
    );
    const durationBox = el(
      'fieldset',
      {},
      el('legend', { text: 'Durations' }),
      durationRoles.map(field),
      unitControl(state.mapping.time_unit, (unit) => {
        state.mapping.time_unit = unit;
        this.refresh();
      }),
    );
    const show = () => {
      dateBox.hidden = state.mapping.mode !== 'dates';
      durationBox.hidden = state.mapping.mode !== 'durations';
    };
    show();
    return [
      modeSwitch(state.mapping.mode, (value) => {
        state.mapping.mode = value;
        show();
        this.refresh();
      }),
      dateBox,
      durationBox,
    ];
  }

  nodes() {
    const { state } = this;
    const field = (role) => this.pickerOf(role).field;
    const nodes = [
      el('h3', { text: 'Map the columns' }),
      el('p', {
        className: 'hint',
        text: 'DFS runs from the liver surgery to the first recurrence or death; OS from the surgery to death. Rows with a problem are left out and listed with their row, patient id, column and value.',
      }),
      el(
        'fieldset',
        {},
        el('legend', { text: 'Reading the values' }),
        decimalControl(state.mapping.decimal_separator, (decimal) => {
          state.mapping.decimal_separator = decimal;
          this.refresh();
        }),
        this.types.node,
      ),
      el('fieldset', {}, el('legend', { text: 'Patients' }), field('patient_id')),
      ...this.modeBoxes(),
      el('fieldset', {}, el('legend', { text: 'Recurrence' }), field('site'), field('treatment')),
      this.covariates.node,
      this.reportOptions.node,
      this.messages,
      mappingFileControls({
        onSave: () => this.handlers.onSave(currentMapping(state)),
        onLoad: this.handlers.onLoad,
      }),
      el(
        'p',
        { className: 'mapping-actions' },
        el('button', {
          type: 'button',
          className: 'analyse-button',
          text: 'Analyse',
          onclick: () => this.run(),
        }),
      ),
    ];
    this.refreshDates();
    this.refresh();
    return nodes;
  }
}

// parsed: the worker's "parsed" message; mapping: where the form starts (the suggestion or a
// loaded file); handlers: onAnalyse(mapping), onSave(mapping), onLoad({ name, text, error }),
// onError(text). Returns the form's nodes.
export function mappingForm(parsed, mapping, handlers) {
  return new MappingForm(parsed, mapping, handlers).nodes();
}
