// The cohort worker: reads the user's file and runs the Your cohort pipeline (pipeline.js, the code
// scripts/cohort-report.mjs runs too) through its own copy of the WebAssembly core, so that a
// large file never blocks the page. The file is only read, never altered or sent; nothing is
// stored. Messages:
//   in:  {type: 'parse', file: Blob, delimiter}, {type: 'analyse', mapping},
//        {type: 'export', what: 'problems' | 'analysis_data', style}, {type: 'calibrate', model, mapping},
//        {type: 'model', synthetic, date}, {type: 'partner', port}, {type: 'partner_lost'}
//   out: {type: 'progress', stage, fraction}, 'parsed', 'mapping_errors', 'report', 'file',
//        'calibration', 'model', 'model_failed', {type: 'failed', message}
// A large file's report is computed by two copies of this worker (views/cohort.js): this one
// reads the file, prepares the rows and computes every section but the curves by group, which its
// partner computes at the same time from the prepared rows sent over their own channel
// ({type: 'serve', port} starts a partner; it reads no file). The parts are joined here
// (analysis.js mergeReportParts) into the report one worker alone gives.
import { readCohortFile, prepareFile, reportOf, partnerRows } from './pipeline.js';
import { analyseCohort, mergeReportParts } from './analysis.js';
import { CohortFileError } from './read-table.js';
import { defaultMapping } from './mapping-file.js';
import { packColumns } from './column-types.js';
import { prepareCohort } from './prepare.js';
import { loadEngine } from '../engine.js';
import { coreCalculator, coreVersion } from './core-calculate.js';
import { problemsCsv, analysisDataCsv } from './exports.js';
import { exportModelRequest } from './analysis.js';
import { calibrationRequest } from './calibration-request.js';

const previewRows = 10;
const previewColumns = 30;
const problemLimit = 2000; // problems beyond this are counted and exported, not posted
// From this many rows the core is loaded and warmed up (docs/api.md, "Warm-up") as soon as the
// file is read, while the columns are mapped: a large analysis's first calls then run optimised
// code. The warm-up covers the report's calls on continuous times too (the sorts, curves, Gray's
// test and Cox with a text column take other paths than whole days), 0.1 to 0.3 s; at 100,000
// rows the report then came 0.3 to 0.6 s sooner even when asked for at once (bench/cohort.mjs,
// docs/performance.md). Below this size the analysis is short and the warm-up not worth it.
const warmUpFromRows = 50000;
const warmUpRows = 10000;
let file = null;
let last = null;
let enginePromise = null;
let partner = null; // the MessagePort to the partner worker, if the view started one
let partnerAnswer = null; // resolves with the partner's part of the report, or null
let partnerQuestion = 0; // the number of the last part asked for: a later answer is not taken
let analyses = Promise.resolve(); // one analysis at a time, in the order asked

// The single-file page starts this worker from a Blob that already holds the module's factory
// and the wasm (createNelmModule defined); the served site's worker loads nelm_core.js from the
// folder above the bundled worker. Either way through the page's one door (engine.js).
function loadCore() {
  if (!enginePromise) {
    if (typeof self.createNelmModule !== 'function') {
      const base = new URL('../', self.location.href).href;
      self.importScripts(`${base}nelm_core.js`);
      enginePromise = loadEngine(self.createNelmModule, { locateFile: (path) => `${base}${path}` });
    } else enginePromise = loadEngine(self.createNelmModule);
  }
  return enginePromise;
}

const post = (message) => self.postMessage(message);

async function parse(blob, delimiter) {
  file = null;
  last = null;
  post({ type: 'progress', stage: 'reading the file', fraction: 0 });
  // The core compiles on the browser's background threads while the file is read, not after the
  // user asks for the report. A failure is reported when the report needs the core (analyse).
  loadCore().catch(() => {});
  const bytes = new Uint8Array(await blob.arrayBuffer());
  file = readCohortFile(bytes, {
    delimiter,
    onProgress: (fraction) => post({ type: 'progress', stage: 'reading the file', fraction }),
  });
  const { table, columns, decimal } = file;
  post({
    type: 'parsed',
    header: table.header,
    rowCount: table.rows.length,
    blankRows: table.blankRows,
    preview: table.rows.slice(0, previewRows).map((row) => row.slice(0, previewColumns)),
    columns: packColumns(columns),
    decimal,
    delimiter: table.delimiter,
    encoding: file.encoding,
    encodingNote: file.encodingNote,
    suggestion: defaultMapping({
      header: table.header,
      columns,
      decimal,
      delimiter: table.delimiter,
    }),
    problems: table.problems,
    problemCount: table.problemCount,
  });
  if (table.rows.length >= warmUpFromRows) {
    // Not awaited: an "analyse" message posted meanwhile waits for the same loadCore() promise.
    // A refused warm-up is a defect of the module's fixed requests; the analysis runs regardless.
    loadCore()
      .then((engine) => engine.warmUp(warmUpRows))
      .catch((error) => console.warn(`the core's warm-up failed: ${error?.message ?? error}`));
  }
}

async function analyse(mapping) {
  post({ type: 'progress', stage: 'loading the survival engine', fraction: 0.1 });
  const engine = await loadCore();
  post({ type: 'progress', stage: 'checking the rows and computing', fraction: 0.3 });
  const prepared = prepareFile(file, mapping);
  if (!prepared.ok) {
    post({ type: 'mapping_errors', errors: prepared.errors, notes: prepared.notes });
    return;
  }
  const calculate = coreCalculator(engine);
  const byGroup = partner ? askPartner(prepared) : null;
  let whole = reportOf(file, prepared, calculate, byGroup ? 'rest' : 'all');
  if (byGroup) {
    // The partner's part, or this worker's own if the partner failed or is gone.
    const part = (await byGroup) ?? reportOf(file, prepared, calculate, 'by_group');
    whole = mergeReportParts(whole, part);
  }
  last = { ...prepared, report: whole };
  const { cohort, report } = last;
  // The requests hold every row's data: the page needs only the results.
  for (const section of [report.dfs, report.os, report.cumulative_incidence, report.cox])
    if (section) delete section.request;
  const problems = [...file.table.problems, ...cohort.problems];
  const transfer = packPlots(report);
  self.postMessage(
    {
      type: 'report',
      report,
      mapping: last.mapping,
      notes: last.notes,
      problems: problems.slice(0, problemLimit),
      problemCount: file.table.problemCount + cohort.problemCount,
      exclusions: cohort.exclusions,
      rowsRead: cohort.read,
      blankRows: file.table.blankRows,
      included: cohort.included,
      excluded: cohort.excluded,
      engine: coreVersion(engine),
    },
    transfer,
  );
}

// The partner's part of the report, from a copy of the prepared rows its sections read.
function askPartner({ cohort, options, mapped }) {
  const rows = partnerRows(cohort, options);
  partnerQuestion += 1;
  return new Promise((resolve) => {
    partnerAnswer = resolve;
    /** @type {MessagePort} */ (partner).postMessage({
      question: partnerQuestion,
      cohort: rows,
      options,
      mapped,
    });
  });
}

function partnerDone(part) {
  const resolve = partnerAnswer;
  partnerAnswer = null;
  resolve?.(part);
}

// As a partner: the part 'by_group' of the report of the rows sent, or why not.
function serve(port) {
  loadCore().catch(() => {});
  port.addEventListener('message', async (event) => {
    const { question, cohort, options, mapped } = event.data;
    try {
      const engine = await loadCore();
      const calculate = coreCalculator(engine);
      port.postMessage({
        question,
        report: analyseCohort(cohort, calculate, { options, mapped, part: 'by_group' }),
      });
    } catch (error) {
      port.postMessage({ question, failed: `${error?.message ?? error}` });
    }
  });
  port.start();
}

// The figures' curves as Float64Arrays (null -> NaN) handed over, not copied: cloning tens of
// thousands of numbers in plain arrays is a long task on the page's side.
function packPlots(value, transfer = []) {
  if (Array.isArray(value)) value.forEach((item) => packPlots(item, transfer));
  else if (value && typeof value === 'object') {
    for (const [key, member] of Object.entries(value)) {
      if (key === 'plot' && member && typeof member === 'object') {
        for (const [name, column] of Object.entries(member)) {
          if (!Array.isArray(column) || !column.every((x) => x === null || typeof x === 'number'))
            continue;
          member[name] = Float64Array.from(column, (x) => (x === null ? NaN : x));
          transfer.push(member[name].buffer);
        }
      } else packPlots(member, transfer);
    }
  }
  return transfer;
}

function exportFile(what, style) {
  if (!last) throw new Error('analyse the cohort first');
  const text =
    what === 'problems'
      ? problemsCsv([...file.table.problems, ...last.cohort.problems], style)
      : analysisDataCsv(last.cohort, style);
  post({
    type: 'file',
    name: what === 'problems' ? 'cohort-problems.csv' : 'cohort-analysis-data.csv',
    mime: 'text/csv',
    text,
  });
}

// The shipped DFS model on the cohort of the last analysis (the same rows and times), its
// columns read as categories (their values are mapped to the model's levels): the core's
// predictions, risk groups, observed DFS, slope and concordance (calibration-request.js).
async function runCalibration(model, calibrationMapping) {
  if (!last) throw new Error('analyse the cohort first');
  const columns = [
    ...new Set(
      Object.values(calibrationMapping)
        .map((entry) => entry.column)
        .filter(Boolean),
    ),
  ];
  const mapping = {
    ...last.mapping,
    covariates: columns.map((column) => ({ column })),
    column_types: [
      ...last.mapping.column_types.filter((entry) => !columns.includes(entry.column)),
      ...columns.map((column) => ({ column, type: 'category' })),
    ],
  };
  const cohort = prepareCohort(file.table, mapping, file.columns);
  const engine = await loadCore();
  const calculate = coreCalculator(engine);
  const loaded = engine.loadModel(model);
  const { request, profiles, warnings } = calibrationRequest(
    cohort,
    { inputs: loaded.inputs, model: { model_handle: loaded.handle } },
    calibrationMapping,
    calculate,
  );
  const { result, warnings: caveats } = calculate(request);
  post({
    type: 'calibration',
    calibration: {
      model: { id: loaded.id, version: loaded.version, title: loaded.title },
      profiles,
      result,
      warnings: [...warnings, ...caveats],
    },
  });
}

// The local Cox model of the last analysis as a model file (kind institution_cox), written,
// checksummed and validated by the core (export_model).
async function exportModel(synthetic, date) {
  if (!last) throw new Error('analyse the cohort first');
  const calculate = coreCalculator(await loadCore());
  const { result } = calculate(
    exportModelRequest(last.cohort, [...last.cohort.covariates.keys()], {
      synthetic,
      date,
      ties: last.report.options.ties,
    }),
  );
  post({
    type: 'model',
    text: `${JSON.stringify(result.model, null, 2)}\n`,
    checksum: result.checksum,
  });
}

// A refusal of the core with its code and path (the message names the column and level).
const coreMessage = (error) =>
  `${error?.message ?? error}${error?.code ? ` [${error.code}${error.path ? ` at ${error.path}` : ''}]` : ''}`;

const failed = (error) =>
  post({
    type: 'failed',
    message:
      error instanceof CohortFileError
        ? error.message
        : `The analysis stopped: ${error?.message ?? error}`,
  });

self.addEventListener('message', (event) => {
  const message = event.data ?? {};
  const run = {
    parse: () => parse(message.file, message.delimiter ?? '').catch(failed),
    analyse: () => {
      if (!file) failed(new Error('load a file first'));
      else analyses = analyses.then(() => analyse(message.mapping).catch(failed));
    },
    export: () => {
      try {
        exportFile(message.what, message.style);
      } catch (error) {
        failed(error);
      }
    },
    calibrate: () =>
      runCalibration(message.model, message.mapping).catch((error) =>
        post({
          type: 'model_failed',
          message: `The calibration could not be computed: ${coreMessage(error)}`,
        }),
      ),
    partner: () => {
      partner = message.port;
      partner.addEventListener('message', (event) => {
        if (event.data.question !== partnerQuestion) return;
        if (event.data.failed) console.warn(`the partner worker failed: ${event.data.failed}`);
        partnerDone(event.data.report ?? null);
      });
      partner.start();
    },
    partner_lost: () => {
      partner = null;
      partnerDone(null);
    },
    serve: () => serve(message.port),
    model: () =>
      exportModel(Boolean(message.synthetic), message.date ?? '').catch((error) =>
        post({
          type: 'model_failed',
          message: `The local model could not be made: ${coreMessage(error)}`,
        }),
      ),
  }[message.type];
  run?.();
});
