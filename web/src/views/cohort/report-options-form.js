// @ts-check
// The report options in the mapping form (saved in the mapping file's "report" object): landmark
// times, the interval type, the category columns to compare groups by, and the Cox model's
// strata and tie method. A wide file gets search fields, not one checkbox per column.
import { el, uniqueId } from '../../dom.js';
import { confTypes, tieMethods, reportOptions, maxGroups } from '../../cohort/report-options.js';
import { columnPicker, selectLimit } from './column-picker.js';
import { columnSearch } from './column-search.js';

// "1, 3, 5, 10" -> [1, 3, 5, 10]; decimal point or comma ("2,5; 5" with semicolons).
export function parseLandmarks(text) {
  const parts = String(text)
    .split(text.includes(';') ? ';' : /[\s,]+/)
    .map((part) => part.trim())
    .filter(Boolean);
  const values = parts.map((part) => Number(part.replace(',', '.')));
  return values.every((value) => Number.isFinite(value) && value > 0 && value <= 100) &&
    values.length > 0 &&
    values.length <= 20
    ? values
    : null;
}

function selectField(label, choices, value, attribute, onChange) {
  const id = uniqueId(attribute);
  const select = el(
    'select',
    { id, [`data-${attribute}`]: '' },
    Object.entries(choices).map(([key, text]) =>
      el('option', { value: key, text, selected: key === value }),
    ),
  );
  select.addEventListener('change', () => onChange(select.value));
  return el('div', { className: 'field' }, el('label', { for: id, text: label }), select);
}

// The group-by columns: checkboxes, or for a wide file a search field and a list.
function groupByPicker(report, candidates, onChange) {
  const list = el('div', { className: 'group-by-list' });
  const toggle = (name, on) => {
    report.group_by = on
      ? [...new Set([...report.group_by, name])]
      : report.group_by.filter((c) => c !== name);
    refresh();
    onChange();
  };
  const searchId = uniqueId('group-search');
  const search = columnSearch({
    id: searchId,
    names: () => candidates().filter((name) => !report.group_by.includes(name)),
    onPick: () => {},
    attributes: { 'data-group-by-search': '' },
  });
  function refresh() {
    const names = candidates();
    if (names.length <= selectLimit) {
      list.replaceChildren(
        ...(names.length
          ? names.map((name) => {
              const id = uniqueId('group-by');
              const box = el('input', {
                type: 'checkbox',
                id,
                'data-group-by': name,
                checked: report.group_by.includes(name),
              });
              box.addEventListener('change', () => toggle(name, box.checked));
              return el('label', { for: id, className: 'checkbox' }, box, ` ${name}`);
            })
          : [
              el('p', {
                className: 'hint',
                text: `No category column with 2 to ${maxGroups} values.`,
              }),
            ]),
      );
      return;
    }
    list.replaceChildren(
      el(
        'div',
        { className: 'field' },
        el('label', { for: searchId, text: `Find a column (${names.length} can be compared)` }),
        search.node,
        el('button', {
          type: 'button',
          text: 'Compare by this column',
          onclick: () => {
            if (candidates().includes(search.input.value.trim()))
              toggle(search.input.value.trim(), true);
          },
        }),
      ),
      el(
        'ul',
        {},
        report.group_by.map((name) =>
          el(
            'li',
            {},
            name,
            ' ',
            el('button', {
              type: 'button',
              text: `Remove ${name}`,
              onclick: () => toggle(name, false),
            }),
          ),
        ),
      ),
    );
  }
  refresh();
  return {
    node: el(
      'div',
      { className: 'group-by' },
      el('p', {
        className: 'field-label',
        text: `Compare DFS and OS by (Kaplan-Meier and log-rank over all patients; columns with 2 to ${maxGroups} values)`,
      }),
      list,
    ),
    refresh,
  };
}

// mapping: the form's mapping (its "report" is edited in place); candidates(): the columns that
// can define groups now; onChange() after a change. Returns { node, refresh() }.
export function reportOptionsForm(mapping, candidates, onChange) {
  const report = { ...reportOptions(mapping), ...(mapping.report ?? {}) };
  report.group_by = [...(report.group_by ?? [])];
  mapping.report = report;
  const landmarksId = uniqueId('landmarks');
  const landmarks = el('input', {
    id: landmarksId,
    type: 'text',
    inputmode: 'decimal',
    'data-landmarks': '',
    value: report.landmarks.join(', '),
  });
  const landmarksNote = el('p', { className: 'hint', 'aria-live': 'polite' });
  landmarks.addEventListener('change', () => {
    const parsed = parseLandmarks(landmarks.value);
    landmarksNote.textContent = parsed
      ? ''
      : 'Landmark times: 1 to 20 numbers of years above 0, separated by commas (for example 1, 3, 5, 10).';
    if (parsed) {
      report.landmarks = parsed;
      onChange();
    }
  });
  const groupBy = groupByPicker(report, candidates, onChange);
  const strata = columnPicker({
    role: 'strata',
    label:
      'Cox model strata (optional: a category column; each stratum gets its own baseline hazard)',
    names: candidates(),
    value: report.strata ?? '',
    none: '(no strata)',
    onChange: (value) => {
      report.strata = value || null;
      onChange();
    },
  });
  const node = el(
    'fieldset',
    { className: 'report-options' },
    el('legend', { text: 'Report options' }),
    el(
      'div',
      { className: 'field' },
      el('label', {
        for: landmarksId,
        text: 'Landmark times in years (survival and incidence are reported at these)',
      }),
      landmarks,
      landmarksNote,
    ),
    selectField(
      'Confidence interval type (every band and interval)',
      confTypes,
      report.conf_type,
      'conf-type',
      (value) => {
        report.conf_type = value;
        onChange();
      },
    ),
    groupBy.node,
    strata.field,
    selectField('Tied event times in the Cox model', tieMethods, report.ties, 'ties', (value) => {
      report.ties = value;
      onChange();
    }),
  );
  return {
    node,
    refresh: () => {
      groupBy.refresh();
      strata.setNames(candidates());
    },
  };
}
