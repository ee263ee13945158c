// Shared by the node and browser tests of Your cohort: the fixtures' paths, the demo cohort's
// mapping, and the page's own pipeline (web/src/cohort/pipeline.js) run on a file in node.
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCohortFile, analyseFile, resolvedMapping } from '../../web/src/cohort/pipeline.js';
import { prepareCohort } from '../../web/src/cohort/prepare.js';

export const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const fixtureDirectory = join(repositoryRoot, 'tests', 'fixtures', 'cohort');
export const fixture = (name) => join(fixtureDirectory, name);
export const demoFile = join(repositoryRoot, 'public', 'data', 'demo-cohort.csv');
export const rotterdamReference = JSON.parse(
  readFileSync(fixture('rotterdam-reference.json'), 'utf8'),
);
export const readMapping = (name) => JSON.parse(readFileSync(fixture(name), 'utf8'));

// The demo cohort's mapping as the page suggests it, with covariates (names) added.
export function demoMapping(covariates = []) {
  return {
    format: 'nelm-cohort-mapping',
    format_version: 1,
    delimiter: ',',
    decimal_separator: '.',
    mode: 'dates',
    date_format: 'YYYY-MM-DD',
    time_unit: 'months',
    roles: {
      patient_id: 'patient_id',
      surgery_date: 'date_of_surgery',
      recurrence_date: 'date_of_recurrence',
      last_follow_up_date: 'date_of_last_follow_up',
      death_date: 'date_of_death',
      vital_status: 'vital_status',
      site: 'recurrence_site',
      treatment: 'recurrence_treatment',
    },
    column_types: [],
    covariates: covariates.map((column) => ({ column })),
  };
}

export const readFile = (path, delimiter = '') =>
  readCohortFile(new Uint8Array(readFileSync(path)), { delimiter });

// The prepared cohort of a file under a mapping (no core needed).
export function preparedCohort(path, mapping) {
  const file = readFile(path, mapping.delimiter);
  return prepareCohort(file.table, resolvedMapping(file, mapping), file.columns);
}

// The whole pipeline; calculate is the module's or the native CLI's.
export const analysePath = (path, mapping, calculate) =>
  analyseFile(readFile(path, mapping.delimiter), mapping, calculate);
