// @ts-check
// The data-preparation exports of the Your cohort view: the full problem list, and the analysis
// data (one row per included patient, as the analyses received it) so that the analysis can be
// re-run elsewhere. Both as safe CSV (csv-export.js).
import { toCsv } from './csv-export.js';

export function problemsCsv(problems, style) {
  return toCsv(
    [
      ['row', 'patient_id', 'column', 'value', 'problem', 'reason', 'effect'],
      ...problems.map((p) => [
        p.row,
        p.patient_id,
        p.column,
        p.value,
        p.kind,
        p.reason,
        {
          excluded: 'row left out of every analysis',
          value_missing: 'value missing where the column is used',
          listed: 'listed only',
        }[p.effect] ?? p.effect,
      ]),
    ],
    style,
  );
}

// Times in years since the liver surgery; events 1/0; covariates as coded (numbers as numbers,
// categories as their text, missing empty); then the report's group-by and strata columns that
// are not covariates.
export function analysisDataCsv(cohort, style) {
  const covariates = [...cohort.covariates.keys()];
  const groups = [...(cohort.groups?.keys() ?? [])].filter((name) => !cohort.covariates.has(name));
  const header = [
    'file_row',
    'patient_id',
    'dfs_years',
    'dfs_event',
    'recurred',
    'os_years',
    'os_event',
    'recurrence_site',
    'recurrence_treatment',
    'competing_cause',
    ...covariates,
    ...groups,
  ];
  const rows = cohort.row.map((row, i) => [
    row,
    cohort.patientId[i],
    cohort.dfsTime[i],
    cohort.dfsEvent[i],
    cohort.recurred[i],
    cohort.osTime[i],
    cohort.osEvent[i],
    cohort.site[i],
    cohort.treatment[i],
    cohort.cause[i],
    ...covariates.map((name) => cohort.covariates.get(name)[i]),
    ...groups.map((name) => cohort.groups.get(name)[i]),
  ]);
  return toCsv([header, ...rows], style);
}
