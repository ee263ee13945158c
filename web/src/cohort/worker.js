// The cohort worker: parses the user's file with Papa Parse and runs the analysis through its own
// copy of the WebAssembly core, so that a 100,000-row file never blocks the page. The file is only
// read, never altered or sent anywhere; nothing is stored. Messages:
//   in:  {type: 'parse', file: Blob, delimiter: '' | ',' | ';' | '\t'}
//        {type: 'analyse', mapping, covariates}
//   out: {type: 'progress', stage, fraction}, {type: 'parsed', ...}, {type: 'report', ...},
//        {type: 'failed', message}
import Papa from 'papaparse';
import { detectDateFormats, deriveCohort } from './mapping.js';
import { analyseCohort } from './analysis.js';
import { buildLocalModel } from './local-model.js';
import { calibrate } from './calibration.js';

const previewRows = 10;
const problemLimit = 2000; // problems beyond this are counted, not listed
let header = null;
let rows = [];
let modulePromise = null;
let lastCohort = null;
let lastFollowUp = null;
let lastMapping = null;

function loadCore() {
  if (!modulePromise) {
    // The site's nelm_core.js and nelm_core.wasm sit one folder above the bundled worker.
    const base = new URL('../', self.location.href).href;
    self.importScripts(`${base}nelm_core.js`);
    modulePromise = self.createNelmModule({ locateFile: (path) => `${base}${path}` });
  }
  return modulePromise;
}

const post = (message) => self.postMessage(message);

// Requests with many rows hand their numeric columns to the module as Float64Arrays
// (putColumn / {"column": name}, docs/api.md) instead of JSON text, numeric group and strata
// labels too; text labels stay JSON.
const fastPathRows = 2000;
function withColumns(core, request) {
  const data = request.data;
  if (!data || !Array.isArray(data.time) || data.time.length < fastPathRows) return request;
  let count = 0;
  const numeric = (values) => Array.isArray(values) && values.every((value) => value === null || typeof value === 'number');
  const put = (values) => {
    const name = `c${count}`;
    count += 1;
    const array = new Float64Array(values.length);
    for (let i = 0; i < values.length; i += 1) array[i] = values[i] === null ? NaN : values[i];
    core.putColumn(name, array);
    return { column: name };
  };
  const columns = { ...data };
  for (const key of ['time', 'event', 'weight', 'entry', 'group', 'strata']) {
    if (numeric(data[key])) columns[key] = put(data[key]);
  }
  if (data.covariates) {
    columns.covariates = Object.fromEntries(Object.entries(data.covariates)
      .map(([name, values]) => [name, numeric(values) ? put(values) : values]));
  }
  return { ...request, data: columns };
}

async function coreCalculate() {
  const core = await loadCore();
  return (request) => {
    let response;
    try {
      response = JSON.parse(core.calculate(JSON.stringify(withColumns(core, request))));
    } finally {
      core.clearColumns();
    }
    if (!response.ok) throw Object.assign(new Error(response.error.message), response.error);
    return { result: response.result, warnings: response.warnings ?? [] };
  };
}

// The shipped DFS model on the cohort of the last analysis (the same rows and times).
async function runCalibration(model, mapping) {
  if (!lastMapping) throw new Error('analyse the cohort first');
  const columns = Object.values(mapping).map((entry) => entry.column).filter(Boolean);
  const cohort = deriveCohort(header, rows, { ...lastMapping, columns: { ...lastMapping.columns, covariates: columns } });
  const calculate = await coreCalculate();
  post({ type: 'calibration', calibration: calibrate(cohort, model, mapping, calculate) });
}

// The local Cox model of the last analysis as a model file (kind institution_cox).
async function exportModel(covariates, synthetic, date) {
  if (!lastCohort) throw new Error('analyse the cohort first');
  const calculate = await coreCalculate();
  const model = buildLocalModel(lastCohort, covariates, calculate, { synthetic, date, medianFollowUp: lastFollowUp });
  post({ type: 'model', text: `${JSON.stringify(model, null, 2)}\n`, checksum: model.checksum });
}

function parse(file, delimiter) {
  header = null;
  rows = [];
  const parseErrors = [];
  let errorCount = 0;
  let detected = '';
  Papa.LocalChunkSize = 1024 * 1024;
  Papa.parse(file, {
    delimiter,
    skipEmptyLines: 'greedy',
    chunk(results) {
      detected = detected || results.meta.delimiter;
      for (const error of results.errors) {
        errorCount += 1;
        if (parseErrors.length < problemLimit) {
          parseErrors.push({ row: (error.row ?? 0) + rows.length + (header ? 2 : 1), column: '', reason: error.message });
        }
      }
      for (const row of results.data) {
        if (header === null) header = row.map((name, i) => String(name).trim() || `column ${i + 1}`);
        else rows.push(row);
      }
      post({ type: 'progress', stage: 'reading the file', fraction: file.size ? results.meta.cursor / file.size : 1 });
    },
    complete() {
      if (header === null) {
        post({ type: 'failed', message: 'The file is empty: no header row and no data rows.' });
        return;
      }
      const problems = [];
      if (header.length < 2) {
        problems.push({ row: 1, column: '', reason: `Only one column was found with the delimiter ${describeDelimiter(detected)}: choose the delimiter the file uses.` });
      }
      if (new Set(header).size !== header.length) {
        problems.push({ row: 1, column: '', reason: 'Two columns have the same name; each column needs its own name.' });
      }
      // Keyed by Map: a column may be named "__proto__" (structured clone keeps Maps).
      const dateFormats = new Map(header.map((name, i) => [name,
        detectDateFormats(rows.map((row) => row[i]))]));
      // Up to 40 distinct values per column, for mapping categories to a model's levels.
      const distinct = new Map(header.map((name, i) => {
        const values = new Set();
        for (const row of rows) {
          values.add(String(row[i] ?? '').trim());
          if (values.size > 40) break;
        }
        return [name, [...values].slice(0, 40)];
      }));
      post({ type: 'parsed', header, rowCount: rows.length, preview: rows.slice(0, previewRows), distinct,
        delimiter: detected, dateFormats, problems: [...problems, ...parseErrors],
        problemCount: problems.length + errorCount });
    },
    error(error) {
      post({ type: 'failed', message: `The file could not be read: ${error?.message ?? error}` });
    },
  });
}

function describeDelimiter(delimiter) {
  return { ',': 'comma', ';': 'semicolon', '\t': 'tab' }[delimiter] ?? `"${delimiter}"`;
}

async function analyse(mapping, covariates) {
  post({ type: 'progress', stage: 'checking the rows', fraction: 0 });
  const cohort = deriveCohort(header, rows, mapping);
  const problems = cohort.problems.slice(0, problemLimit);
  post({ type: 'progress', stage: 'loading the survival engine', fraction: 0.3 });
  const calculate = await coreCalculate();
  post({ type: 'progress', stage: 'computing', fraction: 0.5 });
  const report = analyseCohort(cohort, calculate, { covariates });
  lastCohort = cohort;
  lastMapping = mapping;
  lastFollowUp = report.summary.median_follow_up?.estimate ?? null;
  const version = JSON.parse((await loadCore()).version()).version;
  // The requests hold every row's data: the page needs only the results.
  for (const section of [report.dfs, report.cumulative_incidence, report.cox]) if (section) delete section.request;
  post({ type: 'report', report, problems, problemCount: cohort.problems.length,
    excluded: cohort.excluded, included: cohort.included, engine: version });
}

self.addEventListener('message', (event) => {
  const message = event.data ?? {};
  try {
    if (message.type === 'parse') parse(message.file, message.delimiter ?? '');
    else if (message.type === 'analyse') {
      if (!header) throw new Error('load a file first');
      analyse(message.mapping, message.covariates ?? []).catch((error) =>
        post({ type: 'failed', message: error?.message ?? String(error) }));
    }
    else if (message.type === 'calibrate') {
      runCalibration(message.model, message.mapping).catch((error) =>
        post({ type: 'model_failed', message: `The calibration could not be computed: ${error?.message ?? error}` }));
    } else if (message.type === 'model') {
      exportModel(message.covariates ?? [], Boolean(message.synthetic), message.date ?? '').catch((error) =>
        post({ type: 'model_failed', message: `The local model could not be made: ${error?.message ?? error}` }));
    }
  } catch (error) {
    post({ type: 'failed', message: error?.message ?? String(error) });
  }
});
