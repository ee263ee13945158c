// @ts-check
// The roles a column can fill in a cohort analysis (patient id, dates or durations, events,
// recurrence site and treatment), which column types each accepts, and the column the form
// preselects for it. Role names are the mapping file's (docs/cohort.md), snake_case.

// accepts: the column types a role takes; indicator: yes/no values; required: per mode.
export const roleDefinitions = [
  {
    role: 'patient_id',
    label: 'Patient identifier (for duplicates and the problem list)',
    modes: ['dates', 'durations'],
    accepts: ['category', 'number'],
    pattern: /^(patient.?(id|number|no)|pat.?id|mrn|id|subject.?id|record.?id|pid)$/i,
  },
  {
    role: 'surgery_date',
    label: 'Date of liver surgery',
    modes: ['dates'],
    accepts: ['date'],
    required: true,
    pattern: /surg|operat|resect.*date|date.*(surg|op)/i,
  },
  {
    role: 'recurrence_flag',
    label: 'Recurrence yes/no (optional; checked against the recurrence date)',
    modes: ['dates'],
    accepts: ['category', 'number'],
    indicator: true,
    pattern: /^(recur(red|rence)?|relapse(d)?)(.?(flag|yes.?no|status|event))?$/i,
  },
  {
    role: 'recurrence_date',
    label: 'Date of recurrence (empty: none)',
    modes: ['dates'],
    accepts: ['date'],
    pattern: /recur|relapse/i,
  },
  {
    role: 'last_follow_up_date',
    label: 'Date of last follow-up',
    modes: ['dates'],
    accepts: ['date'],
    required: true,
    pattern: /follow|last.?contact|last.?seen/i,
  },
  {
    role: 'death_date',
    label: 'Date of death (empty: alive)',
    modes: ['dates'],
    accepts: ['date'],
    pattern: /death|died|decease/i,
  },
  {
    role: 'vital_status',
    label: 'Vital status (alive/dead)',
    modes: ['dates'],
    accepts: ['category', 'number'],
    indicator: true,
    pattern: /vital|^status$|^dead$|^alive$/i,
  },
  {
    role: 'dfs_time',
    label: 'Disease-free survival time',
    modes: ['durations'],
    accepts: ['number'],
    required: true,
    pattern: /(dfs|rfs|disease.?free|recurrence.?free).*(time|month|year|day|week)|^(dfs|rfs)$/i,
  },
  {
    role: 'dfs_event',
    label: 'DFS event (1 = recurrence or death)',
    modes: ['durations'],
    accepts: ['category', 'number'],
    indicator: true,
    required: true,
    pattern: /(dfs|rfs|disease.?free).*(event|status)/i,
  },
  {
    role: 'recurred',
    label: 'Recurred (1/0; empty: the DFS event)',
    modes: ['durations'],
    accepts: ['category', 'number'],
    indicator: true,
    pattern: /^recur(red|rence)?$/i,
  },
  {
    role: 'os_time',
    label: 'Overall survival time',
    modes: ['durations'],
    accepts: ['number'],
    pattern: /(^os|overall).*(time|month|year|day|week)|^os$/i,
  },
  {
    role: 'os_event',
    label: 'OS event (1 = died)',
    modes: ['durations'],
    accepts: ['category', 'number'],
    indicator: true,
    pattern: /(^os|overall).*(event|status)|vital/i,
  },
  {
    role: 'site',
    label: 'Site of recurrence',
    modes: ['dates', 'durations'],
    accepts: ['category'],
    pattern: /site.*recur|recur.*site|location/i,
  },
  {
    role: 'treatment',
    label: 'Treatment of recurrence',
    modes: ['dates', 'durations'],
    accepts: ['category'],
    pattern: /treat.*recur|recur.*treat|^treatment$|therapy.*recur/i,
  },
];
export const roleByName = new Map(
  roleDefinitions.map((definition) => [definition.role, definition]),
);
export const rolesOf = (mode) =>
  roleDefinitions.filter((definition) => definition.modes.includes(mode));

// Columns the file labels as not data about the patient.
export const notData = /^(data.?origin|source|comment|notes?)$/i;

// A column fits a role when its type is one the role accepts; a column with no values at all fits
// every role (an empty date-of-death column is a cohort where nobody died).
export const fits = (definition, column, type) =>
  column.nonMissing === 0 || definition.accepts.includes(type);

// The preselected column for each role of a mode: the first column whose name matches and whose
// (suggested) type fits, each column used once, so the yes/no recurrence column is never guessed
// as the recurrence date. types: Map column -> type. Returns { role: column name or '' }.
export function guessRoles(header, columns, types, mode) {
  const taken = new Set();
  const roles = {};
  for (const definition of rolesOf(mode)) {
    const name = header.find(
      (candidate) =>
        !taken.has(candidate) &&
        !notData.test(candidate) &&
        definition.pattern.test(candidate) &&
        fits(definition, columns.get(candidate), types.get(candidate)),
    );
    roles[definition.role] = name ?? '';
    if (name) taken.add(name);
  }
  return roles;
}
