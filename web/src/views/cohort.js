// @ts-check
// "Your cohort" (issue 5): an institution's own NELM patients analysed in this browser the way the
// seed did. The file is parsed and analysed in a Web Worker (Papa Parse + the WASM core), never
// altered, never sent, never stored. Every string from the file is rendered with textContent.
// This file is the view's controller: the file chooser, the worker's life and its messages; the
// mapping form, the report and the calibration form live in views/cohort/.
import { el, clear, append, uniqueId } from '../dom.js';
import { mappingForm, previewTable } from './cohort/mapping-form.js';
import { reportSections, caveats } from './cohort/report.js';
import { calibrationForm } from './cohort/calibration-form.js';
import { problemTable, dataExports, exclusionSummary } from './cohort/problems.js';
import { download } from './cohort/download.js';
import { nextTask } from './cohort/next-task.js';
import { inlineWorkerUrl, inlineDemoCohort } from './cohort/single-file.js';
import { parseMappingFile, mappingFileText, checkMapping } from '../cohort/mapping-file.js';
import { unpackColumns } from '../cohort/column-types.js';

// Beyond this the browser tab may run out of memory holding the parsed rows.
const maxFileBytes = 300 * 1048576;
const delimiterNames = { ',': 'comma', ';': 'semicolon', '\t': 'tab' };
// From this many rows a second worker computes the report's curves by group while the first
// computes the rest (worker.js, "partner"): the page then uses both cores of a two-core machine.
const partnerFromRows = 20000;

// The cohort worker: inlined in the single-file page, else the bundled worker beside this file.
function newWorker() {
  const inline = inlineWorkerUrl();
  return inline ? new Worker(inline) : new Worker(new URL('../cohort/worker.js', import.meta.url));
}

export class CohortView {
  constructor({ dfsEntry = null } = {}) {
    this.dfsEntry = dfsEntry;
    this.worker = null;
    this.partner = null;
    this.parsed = null;
    this.synthetic = false;
  }

  // The worker is started before the first message (load).
  /** @param {object} message @param {Transferable[]} [transfer] */
  post(message, transfer = []) {
    /** @type {Worker} */ (this.worker).postMessage(message, transfer);
  }

  mount(container) {
    clear(container);
    this.root = container;
    const fileId = uniqueId('cohort-file');
    const delimiterId = uniqueId('cohort-delimiter');
    this.fileInput = el('input', {
      id: fileId,
      type: 'file',
      accept: '.csv,.tsv,.txt,text/csv,text/tab-separated-values',
      onchange: () => {
        if (this.fileInput.files[0]) this.load(this.fileInput.files[0], false);
      },
    });
    this.delimiter = el(
      'select',
      { id: delimiterId },
      el('option', { value: '', text: 'detect' }),
      el('option', { value: ',', text: 'comma (,)' }),
      el('option', { value: ';', text: 'semicolon (;)' }),
      el('option', { value: '\t', text: 'tab' }),
    );
    this.progress = el('progress', { max: 1, value: 0, hidden: true });
    this.status = el('p', { role: 'status', className: 'cohort-status' });
    this.cancel = el('button', {
      type: 'button',
      hidden: true,
      text: 'Cancel',
      onclick: () => this.stop('Cancelled.'),
    });
    this.alert = el('div', { role: 'alert', className: 'cohort-alert' });
    this.label = el('p', {
      className: 'notice synthetic-label',
      hidden: true,
      text: "SYNTHETIC demo data: invented patients, made by the project's demo script to resemble the published cohort (Spolverato et al. 2017). Not patient data.",
    });
    this.previewArea = el('div', { className: 'cohort-preview' });
    this.mappingArea = el('div', { className: 'cohort-mapping' });
    this.problemArea = el('div', { className: 'cohort-problems' });
    this.reportArea = el('div', { className: 'cohort-report' });
    append(
      container,
      el('h2', { text: 'Your cohort' }),
      el('p', {
        className: 'notice',
        text:
          "Analyse your own institution's patients the way the published study did " +
          '(Spolverato et al. 2017). Your file is read in this browser only: it is not uploaded, not ' +
          'stored and not altered. Export a CSV or TSV from your database with one row per patient.',
      }),
      el(
        'div',
        { className: 'cohort-view-controls' },
        el(
          'div',
          { className: 'field' },
          el('label', { for: fileId, text: 'Cohort file (CSV or TSV)' }),
          this.fileInput,
        ),
        el(
          'div',
          { className: 'field' },
          el('label', { for: delimiterId, text: 'Delimiter' }),
          this.delimiter,
        ),
        el(
          'p',
          {},
          el('button', {
            type: 'button',
            className: 'demo-button',
            text: 'Load the SYNTHETIC demo cohort (322 invented patients)',
            onclick: () => this.loadDemo(),
          }),
        ),
      ),
      this.label,
      el('div', { className: 'cohort-progress' }, this.progress, this.cancel),
      this.status,
      this.alert,
      this.previewArea,
      this.mappingArea,
      this.problemArea,
      this.reportArea,
    );
  }

  update() {
    return null;
  }

  startWorker() {
    this.stopPartner();
    this.worker?.terminate();
    this.worker = newWorker();
    this.worker.addEventListener('message', (event) => this.receive(event.data));
    this.worker.addEventListener('error', (event) => {
      this.fail(`The analysis stopped: ${event.message ?? 'the worker failed'}`);
    });
  }

  // The second worker of a large file, joined to the first by a channel of their own: the report's
  // parts travel between the two workers, never through the page. If it cannot start or fails,
  // the first worker computes the whole report alone (it is told so).
  startPartner() {
    this.stopPartner();
    let partner;
    try {
      partner = newWorker();
    } catch {
      return;
    }
    const channel = new MessageChannel();
    partner.addEventListener('error', () => {
      partner.terminate();
      if (this.partner !== partner) return;
      this.partner = null;
      this.worker?.postMessage({ type: 'partner_lost' });
    });
    partner.postMessage({ type: 'serve', port: channel.port2 }, [channel.port2]);
    this.post({ type: 'partner', port: channel.port1 }, [channel.port1]);
    this.partner = partner;
  }

  stopPartner() {
    this.partner?.terminate();
    this.partner = null;
  }

  busy(on, text = '') {
    this.progress.hidden = !on;
    this.cancel.hidden = !on;
    if (!on) this.progress.value = 0;
    this.status.textContent = text;
    this.root.dataset.busy = on ? 'true' : 'false';
  }

  stop(text) {
    this.stopPartner();
    this.worker?.terminate();
    this.worker = null;
    this.busy(false, text);
  }

  fail(message) {
    this.stop('');
    this.alert.replaceChildren(el('p', { className: 'error', text: message }));
    this.root.dataset.state = 'failed';
  }

  async loadDemo() {
    const inline = inlineDemoCohort();
    if (inline !== null) {
      this.load(new File([inline], 'demo-cohort.csv', { type: 'text/csv' }), true);
      return;
    }
    try {
      const response = await fetch(new URL('./data/demo-cohort.csv', document.baseURI));
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      this.load(new File([await response.blob()], 'demo-cohort.csv', { type: 'text/csv' }), true);
    } catch (error) {
      this.fail(
        `The demo cohort could not be loaded (${error instanceof Error ? error.message : error}); it ships as data/demo-cohort.csv beside the page.`,
      );
    }
  }

  load(file, synthetic) {
    if (file.size > maxFileBytes) {
      this.fail(
        `The file is ${(file.size / 1048576).toFixed(0)} MB; this page reads files up to ${maxFileBytes / 1048576} MB (about two million rows). Export fewer columns or rows.`,
      );
      return;
    }
    this.synthetic = synthetic;
    this.parsed = null;
    this.rendering = null;
    this.alert.replaceChildren();
    for (const area of [this.previewArea, this.mappingArea, this.problemArea, this.reportArea])
      clear(area);
    this.label.hidden = true;
    this.root.dataset.state = 'parsing';
    try {
      this.startWorker();
    } catch (error) {
      this.fail(
        `The cohort analysis runs in a Web Worker, which this copy of the page cannot start (${error instanceof Error ? error.message : error}). Open the calculator as a served site or as the single file.`,
      );
      return;
    }
    this.busy(true, `Reading ${file.name} (${(file.size / 1024).toFixed(0)} KiB)…`);
    this.post({ type: 'parse', file, delimiter: this.delimiter.value });
  }

  receive(message) {
    const handlers = {
      progress: () => {
        this.progress.value = message.fraction;
        this.status.textContent = `${message.stage[0].toUpperCase()}${message.stage.slice(1)}… ${Math.round(100 * message.fraction)}%`;
      },
      failed: () => this.fail(message.message),
      parsed: () => {
        this.busy(
          false,
          `Read ${message.rowCount.toLocaleString('en')} data rows and ${message.header.length.toLocaleString('en')} columns (delimiter: ${delimiterNames[message.delimiter] ?? JSON.stringify(message.delimiter)}; ${message.encoding}). The file itself is unchanged.`,
        );
        this.parsed = { ...message, columns: unpackColumns(message.columns) };
        if (message.rowCount >= partnerFromRows) this.startPartner();
        this.showParsed(this.parsed);
      },
      mapping_errors: () => {
        this.busy(false, '');
        this.root.dataset.state = 'parsed';
        this.say(
          `The mapping does not fit this file: ${message.errors.map((e) => e.message).join('; ')}.`,
        );
      },
      file: () => {
        this.busy(false, `${message.name} made.`);
        download(message.name, message.mime, message.text);
      },
      calibration: () => {
        this.busy(false, 'Calibration computed.');
        this.calibration?.show(message.calibration);
      },
      model: () => {
        this.busy(false, `Local model file made (checksum ${message.checksum}).`);
        download('institution-dfs-model.json', 'application/json', message.text);
      },
      model_failed: () => {
        this.busy(false, '');
        this.say(message.message);
      },
      report: () => {
        this.busy(
          false,
          `Analysed ${message.included.toLocaleString('en')} patients; ${message.excluded.toLocaleString('en')} rows left out.`,
        );
        this.showReport(message);
      },
    };
    handlers[message.type]?.();
  }

  say(text) {
    this.alert.replaceChildren(el('p', { className: 'error', text }));
  }

  showParsed(parsed) {
    const { preview, problems, problemCount, rowCount } = parsed;
    this.synthetic =
      this.synthetic || preview.some((row) => row.some((value) => /SYNTHETIC/.test(String(value))));
    this.label.hidden = !this.synthetic;
    this.problemArea.replaceChildren(
      ...(problems.length > 0
        ? [problemTable(problems, problemCount, 'Problems reading the file')]
        : []),
    );
    if (rowCount === 0) {
      this.fail('The file has a header but no data rows.');
      return;
    }
    this.previewArea.replaceChildren(
      ...(parsed.encodingNote ? [el('p', { className: 'notice', text: parsed.encodingNote })] : []),
      ...previewTable(parsed),
    );
    // The form in the next task: reading the message and building the form are two shorter tasks.
    setTimeout(() => {
      if (this.parsed !== parsed) return;
      this.showMapping(parsed.suggestion);
      this.root.dataset.state = 'parsed';
    }, 0);
  }

  showMapping(mapping) {
    this.mappingArea.replaceChildren(
      ...mappingForm(this.parsed, mapping, {
        onError: (text) => this.say(text),
        onAnalyse: (current) => this.analyse(current),
        onSave: (current) =>
          download('cohort-mapping.json', 'application/json', mappingFileText(current)),
        onLoad: (loaded) => this.loadMapping(loaded),
      }),
    );
  }

  // A saved mapping applied to this file: what fits is used; what does not is said.
  loadMapping({ name, text, error }) {
    this.alert.replaceChildren();
    let mapping;
    try {
      if (error) throw new Error(error);
      mapping = parseMappingFile(text);
    } catch (failure) {
      this.say(failure instanceof Error ? failure.message : String(failure));
      return;
    }
    const { header, columns } = this.parsed;
    const roles = Object.fromEntries(
      Object.entries(mapping.roles).filter(([, column]) => header.includes(column)),
    );
    const report =
      mapping.report && typeof mapping.report === 'object'
        ? {
            ...mapping.report,
            group_by: (mapping.report.group_by ?? []).filter((column) => header.includes(column)),
            strata: header.includes(mapping.report.strata) ? mapping.report.strata : null,
          }
        : undefined;
    this.showMapping({
      ...mapping,
      roles,
      covariates: mapping.covariates.filter((c) => header.includes(c?.column)),
      column_types: mapping.column_types.filter((entry) => header.includes(entry?.column)),
      report,
    });
    const { errors } = checkMapping(mapping, header, columns);
    this.status.textContent = `Mapping loaded from ${name}.`;
    if (errors.length)
      this.say(
        `The saved mapping does not fully fit this file: ${errors.map((e) => e.message).join('; ')}.`,
      );
  }

  analyse(mapping) {
    this.rendering = null;
    this.alert.replaceChildren();
    clear(this.reportArea);
    this.root.dataset.state = 'analysing';
    this.busy(true, 'Analysing…');
    this.post({ type: 'analyse', mapping });
  }

  exportModel() {
    this.alert.replaceChildren();
    this.busy(true, 'Making the model file…');
    this.post({
      type: 'model',
      synthetic: this.synthetic,
      date: new Date().toISOString().slice(0, 10),
    });
  }

  exportData(what, style) {
    this.busy(true, 'Writing the CSV file…');
    this.post({ type: 'export', what, style });
  }

  calibrate(mapping) {
    this.alert.replaceChildren();
    this.busy(true, 'Predicting for every patient…');
    this.post({ type: 'calibrate', model: this.dfsEntry?.model, mapping });
  }

  showReport(message) {
    const { problems, problemCount } = message;
    const width = this.reportArea.clientWidth || this.root.clientWidth;
    const { builders, complete } = reportSections(message, {
      synthetic: this.synthetic,
      onExportModel: () => this.exportModel(),
      width,
    });
    // The data-preparation panel is the first slice (its problem table fills in slices too).
    builders.unshift(() => {
      this.problemArea.replaceChildren(
        el('h3', { text: 'Data preparation' }),
        exclusionSummary(message),
        ...message.notes.map((note) => el('p', { className: 'notice mapping-note', text: note })),
        ...(problemCount > 0 ? [problemTable(problems, problemCount, 'Problems found')] : []),
        dataExports(this.parsed.delimiter === ';' ? 'european' : 'international', (what, style) =>
          this.exportData(what, style),
        ),
      );
      return [];
    });
    if (complete) {
      builders.push(() => {
        this.calibration = calibrationForm(this.dfsEntry?.model, this.parsed, (mapping) =>
          this.calibrate(mapping),
        );
        return [this.calibration.node, ...caveats(message.report.warnings)];
      });
    }
    this.reportArea.replaceChildren();
    this.renderSlices(builders, message);
  }

  // One section per task, so that a large report never holds the main thread for long; the state
  // says "report" when the last section is on the page.
  renderSlices(builders, message) {
    const token = {};
    this.rendering = token;
    this.root.dataset.state = 'rendering';
    const next = (index) => {
      if (this.rendering !== token) return;
      if (index === builders.length) {
        this.root.dataset.state = 'report';
        return;
      }
      append(this.reportArea, builders[index](message));
      nextTask(() => next(index + 1));
    };
    next(0);
  }
}
