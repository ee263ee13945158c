// "Your cohort" (issue 5): an institution's own NELM patients analysed in this browser the way the
// seed did. The file is parsed and analysed in a Web Worker (Papa Parse + the WASM core), never
// altered, never sent, never stored. Every string from the file is rendered with textContent.
import { el, clear, append, uniqueId } from '../dom.js';
import { curveChart } from '../components/curve-chart.js';
import { percent, interval } from '../format.js';
import { dateFormats } from '../cohort/mapping.js';
import evidence from '../../../models/evidence.json';
import { scaleLinear } from 'd3-scale';
import { axisBottom, axisLeft } from 'd3-axis';
import { select } from 'd3-selection';
import { suggestLevel, calibrationYears } from '../cohort/calibration.js';

const roles = {
  dates: [
    ['surgery', 'Date of liver surgery', /surg|operat|resect.*date|date.*(surg|op)/i, true],
    ['recurrence', 'Date of recurrence (empty: none)', /recur|relapse/i],
    ['lastFollowUp', 'Date of last follow-up', /follow|last.?contact|last.?seen/i, true],
    ['death', 'Date of death (empty: alive)', /death|died|decease/i],
    ['vitalStatus', 'Vital status (alive/dead)', /vital|status/i],
  ],
  durations: [
    ['dfsTime', 'Disease-free survival time', /(dfs|rfs|disease.?free|recurrence.?free).*(time|month|year|day|week)|^(dfs|rfs)$/i, true],
    ['dfsEvent', 'DFS event (1 = recurrence or death)', /(dfs|rfs|disease.?free).*(event|status)/i, true],
    ['recurred', 'Recurred (1/0; empty: the DFS event)', /^recur(red|rence)?$/i],
    ['osTime', 'Overall survival time', /(^os|overall).*(time|month|year|day|week)|^os$/i],
    ['osEvent', 'OS event (1 = died)', /(^os|overall).*(event|status)|vital/i],
  ],
  common: [
    ['site', 'Site of recurrence', /site.*recur|recur.*site|location/i],
    ['treatment', 'Treatment of recurrence', /treat|therapy/i],
  ],
};

// The seed's published numbers, from the evidence transcription (never typed again here).
const seedDfs = Object.fromEntries(evidence.dfs.points.map((point) => [point.quantity === 'median' ? 'median' : point.time, point]));
const seedGroups = evidence.recurrence.groups;
const seedSite = { intrahepatic: 'intrahepatic_only', extrahepatic: 'extrahepatic_only', both: 'both' };
const seedTreatment = (label) => {
  const value = String(label).toLowerCase().replace(/[\s-]+/g, '_');
  if (/surg|resect/.test(value)) return 'repeat_surgery';
  if (/intra_?arterial|embol|tace|iat/.test(value)) return 'intra_arterial';
  if (/somatostatin|ssa|octreotide|lanreotide/.test(value)) return 'somatostatin_analogue';
  if (/chemo/.test(value)) return 'chemotherapy';
  return null;
};
const seedPercent = (value, lower, upper) => `${value.toFixed(1)}%${lower !== undefined ? ` (95% CI ${lower.toFixed(1)} to ${upper.toFixed(1)}%)` : ''}`;

// Beyond this the browser tab may run out of memory holding the parsed rows.
const maxFileBytes = 300 * 1048576;

const number = (value, digits = 2) => (value === null || value === undefined ? 'not estimable' : Number(value).toFixed(digits));
const pValue = (p) => (p === null || p === undefined ? 'not estimable' : p < 0.001 ? '< 0.001' : p.toFixed(3));

export class CohortView {
  constructor({ dfsEntry = null } = {}) {
    this.dfsEntry = dfsEntry;
    this.worker = null;
    this.parsed = null;
    this.synthetic = false;
  }

  mount(container) {
    clear(container);
    this.root = container;
    const fileId = uniqueId('cohort-file');
    const delimiterId = uniqueId('cohort-delimiter');
    this.fileInput = el('input', { id: fileId, type: 'file', accept: '.csv,.tsv,.txt,text/csv,text/tab-separated-values',
      onchange: () => { if (this.fileInput.files[0]) this.load(this.fileInput.files[0], false); } });
    this.delimiter = el('select', { id: delimiterId },
      el('option', { value: '', text: 'detect' }), el('option', { value: ',', text: 'comma (,)' }),
      el('option', { value: ';', text: 'semicolon (;)' }), el('option', { value: '\t', text: 'tab' }));
    this.progress = el('progress', { max: 1, value: 0, hidden: true });
    this.status = el('p', { role: 'status', className: 'cohort-status' });
    this.cancel = el('button', { type: 'button', hidden: true, text: 'Cancel', onclick: () => this.stop('Cancelled.') });
    this.alert = el('div', { role: 'alert', className: 'cohort-alert' });
    this.label = el('p', { className: 'notice synthetic-label', hidden: true,
      text: 'SYNTHETIC demo data: invented patients made by scripts/make-demo-cohort.mjs to resemble the seed. Not patient data.' });
    this.previewArea = el('div', { className: 'cohort-preview' });
    this.mappingArea = el('div', { className: 'cohort-mapping' });
    this.problemArea = el('div', { className: 'cohort-problems' });
    this.reportArea = el('div', { className: 'cohort-report' });
    append(container,
      el('h2', { text: 'Your cohort' }),
      el('p', { className: 'notice', text: 'Analyse your own institution\'s patients the way the seed did '
        + '(Spolverato et al. 2017). Your file is read in this browser only: it is not uploaded, not '
        + 'stored and not altered. Export a CSV or TSV from your database with one row per patient.' }),
      el('div', { className: 'field' },
        el('label', { for: fileId, text: 'Cohort file (CSV or TSV)' }), this.fileInput),
      el('div', { className: 'field' }, el('label', { for: delimiterId, text: 'Delimiter' }), this.delimiter),
      el('p', {}, el('button', { type: 'button', className: 'demo-button', text: 'Load the SYNTHETIC demo cohort (322 invented patients)',
        onclick: () => this.loadDemo() })),
      this.label, el('div', { className: 'cohort-progress' }, this.progress, this.cancel), this.status, this.alert,
      this.previewArea, this.mappingArea, this.problemArea, this.reportArea);
  }

  update() { return null; }

  startWorker() {
    this.worker?.terminate();
    this.worker = new Worker(new URL('../cohort/worker.js', import.meta.url));
    this.worker.addEventListener('message', (event) => this.receive(event.data));
    this.worker.addEventListener('error', (event) => {
      this.fail(`The analysis stopped: ${event.message ?? 'the worker failed'}`);
    });
  }

  busy(on, text = '') {
    this.progress.hidden = !on;
    this.cancel.hidden = !on;
    if (!on) this.progress.value = 0;
    this.status.textContent = text;
    this.root.dataset.busy = on ? 'true' : 'false';
  }

  stop(text) {
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
    try {
      const response = await fetch(new URL('./data/demo-cohort.csv', document.baseURI));
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      this.load(new File([await response.blob()], 'demo-cohort.csv', { type: 'text/csv' }), true);
    } catch (error) {
      this.fail(`The demo cohort could not be loaded (${error.message}); it ships as data/demo-cohort.csv beside the page.`);
    }
  }

  load(file, synthetic) {
    if (file.size > maxFileBytes) {
      this.fail(`The file is ${(file.size / 1048576).toFixed(0)} MB; this page reads files up to ${maxFileBytes / 1048576} MB (about two million rows). Export fewer columns or rows.`);
      return;
    }
    this.synthetic = synthetic;
    this.parsed = null;
    this.alert.replaceChildren();
    for (const area of [this.previewArea, this.mappingArea, this.problemArea, this.reportArea]) clear(area);
    this.label.hidden = true;
    this.root.dataset.state = 'parsing';
    try {
      this.startWorker();
    } catch (error) {
      this.fail(`The cohort analysis needs the served site (it runs in a Web Worker, which this copy of the page cannot start: ${error.message}).`);
      return;
    }
    this.busy(true, `Reading ${file.name} (${(file.size / 1024).toFixed(0)} KiB)…`);
    this.worker.postMessage({ type: 'parse', file, delimiter: this.delimiter.value });
  }

  receive(message) {
    if (message.type === 'progress') {
      this.progress.value = message.fraction;
      this.status.textContent = `${message.stage[0].toUpperCase()}${message.stage.slice(1)}… ${Math.round(100 * message.fraction)}%`;
    } else if (message.type === 'failed') {
      this.fail(message.message);
    } else if (message.type === 'parsed') {
      this.busy(false, `Read ${message.rowCount} data rows and ${message.header.length} columns (delimiter: ${{ ',': 'comma', ';': 'semicolon', '\t': 'tab' }[message.delimiter] ?? JSON.stringify(message.delimiter)}). The file itself is unchanged.`);
      this.parsed = message;
      this.showParsed(message);
    } else if (message.type === 'calibration') {
      this.busy(false, 'Calibration computed.');
      this.showCalibration(message.calibration);
    } else if (message.type === 'model') {
      this.busy(false, `Local model file made (checksum ${message.checksum}).`);
      download('institution-dfs-model.json', 'application/json', message.text);
    } else if (message.type === 'model_failed') {
      this.busy(false, '');
      this.alert.replaceChildren(el('p', { className: 'error', text: message.message }));
    } else if (message.type === 'report') {
      this.busy(false, `Analysed ${message.included} patients; ${message.excluded} rows excluded.`);
      this.showReport(message);
    }
  }

  showParsed(parsed) {
    const { header, preview, problems, problemCount, rowCount } = parsed;
    this.synthetic = this.synthetic || preview.some((row) => row.some((cell) => /SYNTHETIC/.test(String(cell))));
    this.label.hidden = !this.synthetic;
    if (problems.length > 0) {
      this.problemArea.replaceChildren(problemTable(problems, problemCount, 'Problems reading the file'));
    }
    if (rowCount === 0) {
      this.fail('The file has a header but no data rows.');
      return;
    }
    if (header.length < 2) {
      this.fail('Only one column was found: the delimiter is probably not the one chosen or detected. Choose the delimiter and load the file again.');
      return;
    }
    this.previewArea.replaceChildren(el('h3', { text: 'Preview (first rows, as read)' }),
      el('div', { className: 'table-scroll' }, el('table', { className: 'preview-table' },
        el('thead', {}, el('tr', {}, header.map((name) => el('th', { scope: 'col', text: name })))),
        el('tbody', {}, preview.map((row) => el('tr', {}, header.map((name, i) => el('td', { text: row[i] ?? '' }))))))));
    this.showMapping(parsed);
    this.root.dataset.state = 'parsed';
  }

  showMapping({ header, dateFormats: detected, delimiter }) {
    const select = (role, label, pattern, required) => {
      const id = uniqueId(`map-${role}`);
      const guess = header.find((name) => pattern.test(name) && !/^data_origin$/i.test(name)) ?? '';
      const control = el('select', { id, name: role, 'data-role': role },
        el('option', { value: '', text: required ? '(choose a column)' : '(none)' }),
        header.map((name) => el('option', { value: name, text: name, selected: name === guess })));
      return { role, control, field: el('div', { className: 'field' }, el('label', { for: id, text: label }), control) };
    };
    const build = (list) => list.map(([role, label, pattern, required]) => select(role, label, pattern, required));
    const dateFields = build(roles.dates);
    const durationFields = build(roles.durations);
    const commonFields = build(roles.common);
    const useDates = dateFields.find((f) => f.role === 'surgery').control.value !== ''
      || durationFields.find((f) => f.role === 'dfsTime').control.value === '';
    const modeName = uniqueId('mode');
    const modeDates = el('input', { type: 'radio', name: modeName, value: 'dates', checked: useDates, id: `${modeName}-d` });
    const modeDurations = el('input', { type: 'radio', name: modeName, value: 'durations', checked: !useDates, id: `${modeName}-t` });
    const formatId = uniqueId('date-format');
    const format = el('select', { id: formatId, 'data-role': 'dateFormat' });
    const formatNote = el('p', { className: 'hint', 'aria-live': 'polite' });
    const unitId = uniqueId('unit');
    const unit = el('select', { id: unitId, 'data-role': 'unit' },
      ['months', 'years', 'weeks', 'days'].map((name) => el('option', { value: name, text: name })));
    const decimalId = uniqueId('decimal');
    const decimal = el('select', { id: decimalId, 'data-role': 'decimal' },
      el('option', { value: '.', text: 'point (1.5)', selected: delimiter !== ';' }),
      el('option', { value: ',', text: 'comma (1,5)', selected: delimiter === ';' }));
    const dateBox = el('fieldset', {}, el('legend', { text: 'Dates' }), dateFields.map((f) => f.field),
      el('div', { className: 'field' }, el('label', { for: formatId, text: 'Date format' }), format), formatNote);
    const durationBox = el('fieldset', {}, el('legend', { text: 'Durations' }), durationFields.map((f) => f.field),
      el('div', { className: 'field' }, el('label', { for: unitId, text: 'Unit of the times' }), unit),
      el('div', { className: 'field' }, el('label', { for: decimalId, text: 'Decimal separator' }), decimal));

    const refreshFormat = () => {
      const columns = dateFields.filter((f) => f.role !== 'vitalStatus').map((f) => f.control.value).filter(Boolean);
      const all = Object.keys(dateFormats);
      let candidates = all;
      for (const name of columns) {
        const formats = detected[name];
        if (formats === null || formats === undefined) continue; // an empty column says nothing
        candidates = candidates.filter((f) => formats.includes(f));
      }
      const previous = format.value;
      const chosen = candidates.length === 1 ? candidates[0]
        : candidates.length > 1 && candidates.includes(previous) ? previous : '';
      format.replaceChildren(el('option', { value: '', text: '(choose the format)', selected: chosen === '' }),
        ...all.map((name) => el('option', { value: name, selected: name === chosen,
          text: candidates.includes(name) && candidates.length === 1 ? `${name} (detected)` : name })));
      if (candidates.length === 1) {
        formatNote.textContent = `Detected ${candidates[0]}: every value in the mapped date columns reads as a date in this format. Change it if it is wrong.`;
      } else if (candidates.length > 1) {
        formatNote.textContent = `The dates fit ${candidates.join(' and ')}: choose the format explicitly.`;
      } else {
        formatNote.textContent = columns.length ? 'No single format fits every value in the mapped date columns; choose one, and the rows that do not fit will be listed as problems.' : '';
      }
    };
    dateFields.forEach((f) => f.control.addEventListener('change', refreshFormat));
    refreshFormat();
    const showMode = () => {
      dateBox.hidden = !modeDates.checked;
      durationBox.hidden = !modeDurations.checked;
    };
    modeDates.addEventListener('change', showMode);
    modeDurations.addEventListener('change', showMode);
    showMode();

    const used = () => new Set([...dateFields, ...durationFields, ...commonFields].map((f) => f.control.value));
    const covariateBoxes = header.filter((name) => !/^(data_origin|patient.?id|id)$/i.test(name)).map((name) => {
      const id = uniqueId('cov');
      const box = el('input', { type: 'checkbox', id, value: name, 'data-covariate': name });
      return { name, box, field: el('label', { for: id, className: 'checkbox' }, box, ` ${name}`) };
    });
    const run = el('button', { type: 'button', className: 'analyse-button', text: 'Analyse' });
    run.addEventListener('click', () => {
      const columns = {};
      for (const f of [...(modeDates.checked ? dateFields : durationFields), ...commonFields]) columns[f.role] = f.control.value;
      columns.covariates = covariateBoxes.filter((c) => c.box.checked && !used().has(c.name)).map((c) => c.name);
      const mapping = { mode: modeDates.checked ? 'dates' : 'durations', dateFormat: format.value,
        unit: unit.value, decimal: decimal.value, columns };
      const missing = modeDates.checked
        ? [!columns.surgery && 'the surgery date', !columns.lastFollowUp && 'the last follow-up date', !format.value && 'the date format'].filter(Boolean)
        : [!columns.dfsTime && 'the DFS time', !columns.dfsEvent && 'the DFS event'].filter(Boolean);
      if (missing.length) {
        this.alert.replaceChildren(el('p', { className: 'error', text: `Choose ${missing.join(', ')} before analysing.` }));
        return;
      }
      this.alert.replaceChildren();
      clear(this.reportArea);
      this.root.dataset.state = 'analysing';
      this.busy(true, 'Analysing…');
      this.covariates = columns.covariates;
      this.worker.postMessage({ type: 'analyse', mapping, covariates: columns.covariates });
    });
    this.mappingArea.replaceChildren(el('h3', { text: 'Map the columns' }),
      el('p', { className: 'hint', text: 'DFS runs from the liver surgery to the first recurrence or death; OS from the surgery to death. Rows with a problem are excluded and listed with their row and column.' }),
      el('div', { className: 'field' }, el('label', { for: `${modeName}-d` }, modeDates, ' Dates'),
        el('label', { for: `${modeName}-t` }, modeDurations, ' Durations')),
      dateBox, durationBox, el('fieldset', {}, el('legend', { text: 'Recurrence' }), commonFields.map((f) => f.field)),
      el('fieldset', { className: 'covariates' }, el('legend', { text: 'Covariates for the Cox model of DFS (optional)' }),
        covariateBoxes.map((c) => c.field)),
      run);
  }

  showReport(message) {
    const { report, problems, problemCount, excluded } = message;
    this.lastReport = message;
    const parts = [];
    if (problemCount > 0) parts.push(problemTable(problems, problemCount, `Rows excluded: ${excluded} (problems listed below)`));
    this.problemArea.replaceChildren(...parts);
    const s = report.summary;
    const sections = [el('h3', { text: this.synthetic ? 'Report (SYNTHETIC demo data)' : 'Report' }),
      el('p', { className: 'hint', text: `Survival core ${message.engine}. Every number below comes from the WebAssembly core run on the rows shown as included; published numbers are the seed's (Spolverato et al. 2017) from models/evidence.json.` })];
    sections.push(exportable('Cohort summary', 'cohort-summary', ['Quantity', 'Your cohort', 'Seed (published)'], [
      [cell('Patients analysed'), cell(String(s.n), 'summary-n', s.n), cell(String(evidence.dfs.cohort.n.value))],
      [cell('Rows excluded'), cell(String(s.excluded), 'summary-excluded', s.excluded), cell('')],
      [cell('Recurred'), cell(`${s.recurred} (${s.recurred_percent === null ? '' : s.recurred_percent.toFixed(1)}%)`, 'summary-recurred', s.recurred), cell(evidence.dfs.cohort.events.text)],
      [cell(`Median follow-up (reverse Kaplan-Meier, ${s.follow_up_basis ?? ''})`),
        s.median_follow_up ? cell(`${number(s.median_follow_up.estimate, 1)} years (95% CI ${number(s.median_follow_up.lower, 1)} to ${number(s.median_follow_up.upper, 1)})`, 'summary-follow-up', s.median_follow_up.estimate) : cell(''),
        cell(evidence.dfs.cohort.median_follow_up.text)],
    ]));
    if (!report.dfs) {
      this.reportArea.replaceChildren(...sections, el('p', { className: 'error', text: 'No patient is left to analyse.' }));
      this.root.dataset.state = 'report';
      return;
    }
    // DFS
    const dfs = report.dfs;
    const dfsChart = curveChart({ title: 'Disease-free survival after liver surgery (your cohort, Kaplan-Meier)',
      series: [{ label: 'Your cohort', status: 'observed', step: true, ...dfs.curve }],
      anchors: evidence.dfs.points.filter((p) => p.quantity === 'survival').map((p) => ({ time: p.time, estimate: p.value / 100, lower: null, upper: null, label: p.label, citation: evidence.sources[p.source] })),
      yLabel: 'Disease-free' });
    sections.push(el('h4', { text: 'Disease-free survival' }), dfsChart, svgButton(dfsChart, 'dfs-curve.svg'),
      riskTable('Numbers at risk (DFS)', [{ label: 'Your cohort', at_risk: dfs.at_risk }]));
    sections.push(exportable('DFS landmarks', 'dfs-landmarks', ['Time', 'Your cohort (95% CI)', 'Seed (published)'], [
      [cell('Median'), cell(`${number(dfs.median.estimate, 1)} years (95% CI ${number(dfs.median.lower, 1)} to ${number(dfs.median.upper, 1)})`, 'dfs-median', dfs.median.estimate), cell(seedDfs.median?.text ?? '')],
      ...dfs.landmarks.map((row) => [cell(`${row.time} year${row.time === 1 ? '' : 's'}`),
        cell(`${percent(row.surv, 1)} (${interval(row.lower, row.upper, 1)})`, `dfs-${row.time}y`, row.surv), cell(seedDfs[row.time]?.text ?? '')]),
    ]));
    // Sites
    sections.push(exportable('Site of recurrence', 'recurrence-sites', ['Site', 'n', '% of recurrences', '% of known sites', 'Seed (published)'],
      report.sites.map((row) => [cell(row.level), cell(String(row.count), `site-${row.level}`, row.count),
        cell(row.percent_of_recurrences.toFixed(1)), cell(row.percent_of_known === null ? '' : row.percent_of_known.toFixed(1)),
        cell(seedGroups.find((g) => g.input === 'site' && g.level === seedSite[row.level])?.n_text ?? '')])));
    // Cumulative incidence
    const ci = report.cumulative_incidence;
    if (ci?.causes) {
      const shown = ci.causes.filter((c) => c.cause === 1 || c.cause === 2 || c.cause === 4);
      const cifChart = curveChart({ title: 'Cumulative incidence of recurrence by site, death without recurrence as a competing risk (Aalen-Johansen)',
        series: shown.map((c) => ({ label: c.label, status: 'observed', step: true, time: ci.time, surv: c.incidence, lower: c.lower, upper: c.upper })),
        yLabel: 'Cumulative incidence' });
      sections.push(el('h4', { text: 'Intrahepatic versus extrahepatic recurrence' }), cifChart, svgButton(cifChart, 'cumulative-incidence.svg'),
        exportable('Cumulative incidence at 1, 5 and 10 years', 'cumulative-incidence', ['Event', 'Events', '1 year', '5 years', '10 years'],
          ci.causes.map((c) => [cell(c.label), cell(String(c.n_event)), ...c.landmarks.map((l) => cell(
            `${percent(l.incidence, 1)}${l.lower === null ? '' : ` (${interval(l.lower, l.upper, 1)})`}`, `cif-${c.cause}-${l.time}y`, l.incidence))])));
    } else if (ci?.error) sections.push(el('p', { className: 'error', text: `Cumulative incidence: ${ci.error}` }));
    // OS by site and treatment
    for (const [key, title, seedKey] of [['os_by_site', 'Overall survival by site of recurrence', (g) => seedSite[g]],
      ['os_by_treatment', 'Overall survival by treatment of recurrence', seedTreatment]]) {
      const section = report[key];
      if (!section) continue;
      if (section.error) { sections.push(el('p', { className: 'error', text: `${title}: ${section.error}` })); continue; }
      const chart = curveChart({ title: `${title} (from the liver surgery; recurrences only)`,
        series: section.curves.map((c) => ({ label: String(c.group), status: 'observed', step: true, ...c.curve })), yLabel: 'Alive' });
      const input = key === 'os_by_site' ? 'site' : 'treatment';
      sections.push(el('h4', { text: title }), chart, svgButton(chart, `${key}.svg`),
        riskTable(`Numbers at risk (${title.toLowerCase()})`, section.curves.map((c) => ({ label: String(c.group), at_risk: c.at_risk }))),
        exportable(`10-year OS, ${title.toLowerCase()}`, key, ['Group', 'n', 'Deaths', '10-year OS (95% CI)', 'Seed (published)'],
          section.curves.map((c) => {
            const seed = seedGroups.find((g) => g.input === input && g.level === seedKey(c.group));
            return [cell(String(c.group)), cell(String(c.n)), cell(String(c.events)),
              cell(`${percent(c.os10.surv, 1)}${c.os10.lower === null || c.os10.lower === undefined ? '' : ` (${interval(c.os10.lower, c.os10.upper, 1)})`}`, `${key}-${c.group}`, c.os10.surv),
              cell(seed ? seedPercent(seed.os10, seed.lower, seed.upper) : '')];
          })),
        section.log_rank ? el('p', { 'data-key': `${key}-logrank`, 'data-value': section.log_rank.p,
          text: `Log-rank test: chi-square ${section.log_rank.chisq.toFixed(2)} on ${section.log_rank.df} df, p ${pValue(section.log_rank.p)}.` }) : null);
    }
    // Cox
    if (report.cox) {
      const cox = report.cox;
      if (cox.error) sections.push(el('h4', { text: 'Cox model of DFS' }), el('p', { className: 'error', text: cox.error }));
      else {
        const ph = cox.ph_test;
        sections.push(el('h4', { text: 'Cox model of DFS' }),
          exportable(`Cox model (${cox.n} patients, ${cox.nevent} events; indicators against the most frequent level)`, 'cox-model',
            ['Term', 'Hazard ratio (95% CI)', 'p', 'PH test p'],
            Object.entries(cox.terms).map(([term, t]) => {
              const coding = cox.coding.find((c) => c.term === term);
              const phRow = ph ? ph.rows.indexOf(term) : -1;
              return [cell(coding?.kind === 'indicator' ? `${coding.covariate}: ${coding.level} vs ${coding.reference}` : term),
                cell(t.infinite ? 'infinite (monotone likelihood)' : `${number(t.hr, 2)} (${number(t.hr_lower, 2)} to ${number(t.hr_upper, 2)})`, `cox-hr-${term}`, t.hr),
                cell(pValue(t.p)), cell(phRow >= 0 ? pValue(ph.p[phRow]) : '')];
            })),
          el('p', { 'data-key': 'cox-concordance', 'data-value': cox.concordance.concordance,
            text: `Concordance (Harrell's C) ${cox.concordance.concordance.toFixed(3)} (SE ${cox.concordance.std.toFixed(3)}). Proportional hazards (cox.zph score test, KM time transform): global p ${ph ? pValue(ph.global_p) : 'not available'}${ph && ph.global_p < 0.05 ? ' — the hazard ratios change over time; read them as averages.' : '.'}` }),
          el('p', {}, el('button', { type: 'button', className: 'export-model',
            text: 'Export this Cox model as a model file (institution_cox, for the calculator)',
            onclick: () => {
              this.alert.replaceChildren();
              this.busy(true, 'Making the model file…');
              this.worker.postMessage({ type: 'model', covariates: this.covariates, synthetic: this.synthetic,
                date: new Date().toISOString().slice(0, 10) });
            } })),
          el('p', { className: 'hint', text: 'The file follows docs/models.md (a step Breslow baseline, the coefficients and their covariance, checksum by the core). It contains no patient rows, only the fitted model.' }));
      }
    }
    sections.push(this.calibrationForm());
    if (report.warnings.length) {
      sections.push(el('h4', { text: 'Caveats from the survival core' }),
        el('ul', {}, report.warnings.map((w) => el('li', { text: `${w.section}: ${w.message}` }))));
    }
    this.reportArea.replaceChildren(...sections);
    this.root.dataset.state = 'report';
  }

  // "Does the calculator fit our patients?": map the DFS model's inputs to columns and levels.
  calibrationForm() {
    const model = this.dfsEntry?.model;
    this.calibrationArea = el('div', { className: 'cohort-calibration' });
    if (!model || !Array.isArray(model.inputs)) {
      return el('div', {}, el('h4', { text: 'Does the calculator fit your patients?' }),
        el('p', { className: 'notice', text: 'No DFS model is bundled with this page.' }));
    }
    const { header, distinct } = this.parsed;
    const guesses = { primary: /primary/i, grade: /grade|differentiation/i, lymph_nodes: /node|lymph/i, resection: /resect|extent|hepatectomy/i };
    const controls = model.inputs.map((input) => {
      const id = uniqueId(`cal-${input.name}`);
      const guess = header.find((name) => (guesses[input.name] ?? new RegExp(input.name, 'i')).test(name)) ?? '';
      const column = el('select', { id, 'data-model-input': input.name },
        el('option', { value: '', text: '(not recorded: unknown)' }),
        header.map((name) => el('option', { value: name, text: name, selected: name === guess })));
      const levels = el('div', { className: 'level-map' });
      const levelSelects = new Map();
      const refresh = () => {
        levelSelects.clear();
        const values = column.value ? (distinct[column.value] ?? []) : [];
        levels.replaceChildren(...values.map((value) => {
          const levelId = uniqueId('lvl');
          const chosen = suggestLevel(input, value);
          const control = el('select', { id: levelId, 'data-level-for': value },
            el('option', { value: 'unknown', text: 'unknown', selected: chosen === 'unknown' }),
            (input.levels ?? []).map((level) => el('option', { value: level.value, text: level.label ?? level.value, selected: chosen === level.value })));
          levelSelects.set(value, control);
          return el('div', { className: 'field' }, el('label', { for: levelId, text: `"${value}" in ${column.value} is` }), control);
        }));
      };
      column.addEventListener('change', refresh);
      refresh();
      return { input, column, levelSelects,
        field: el('fieldset', {}, el('legend', { text: input.label ?? input.name }),
          el('div', { className: 'field' }, el('label', { for: id, text: 'Column' }), column), levels) };
    });
    const run = el('button', { type: 'button', className: 'calibrate-button', text: 'Check the calculator\'s DFS model on this cohort',
      onclick: () => {
        const mapping = Object.fromEntries(controls.map((c) => [c.input.name, { column: c.column.value,
          levels: Object.fromEntries([...c.levelSelects.entries()].map(([value, control]) => [value, control.value])) }]));
        this.alert.replaceChildren();
        this.busy(true, 'Predicting for every patient…');
        this.worker.postMessage({ type: 'calibrate', model, mapping });
      } });
    return el('div', {}, el('h4', { text: 'Does the calculator fit your patients?' }),
      el('p', { className: 'hint', text: `The calculator's DFS model (${model.title}, version ${model.version}) predicts each patient's DFS from the inputs below; the patients are split into three groups by the model's risk and the predictions are set against the Kaplan-Meier DFS of each group. Values left "unknown" get no adjustment.` }),
      controls.map((c) => c.field), run, this.calibrationArea);
  }

  showCalibration(calibration) {
    const row = (group) => [cell(`${group.label} (n = ${group.n})`),
      ...calibrationYears.flatMap((year, k) => [
        cell(percent(group.predicted[k], 1), `cal-pred-${group.label}-${year}`, group.predicted[k]),
        cell(`${percent(group.observed[k].surv, 1)} (${interval(group.observed[k].lower, group.observed[k].upper, 1)})`, `cal-obs-${group.label}-${year}`, group.observed[k].surv)])];
    const headings = ['Group', ...calibrationYears.flatMap((year) => [`Predicted ${year} y`, `Observed ${year} y (KM)`])];
    const slope = calibration.slope;
    const parts = [
      exportable('Predicted versus observed DFS by risk group (calibration); the whole-cohort row is the calibration-in-the-large',
        'calibration', headings, [...calibration.groups.map(row), row(calibration.whole)]),
      calibrationPlot(calibration),
      slope ? el('p', { 'data-key': 'cal-slope', 'data-value': slope.coef,
        text: `Calibration slope (Cox regression of the observed DFS on the model's linear predictor): ${slope.coef.toFixed(2)} (95% CI ${number(slope.lower, 2)} to ${number(slope.upper, 2)}); 1 is ideal, below 1 the model's risks are too spread out for these patients. Concordance (Harrell's C) ${slope.concordance.toFixed(3)} (SE ${slope.concordance_std.toFixed(3)})${slope.coef < 0 ? ', for the reversed ranking: the model ranks these patients the wrong way round' : ''}.` })
        : el('p', { className: 'notice', text: `Calibration slope and concordance: ${calibration.slopeError}.` }),
      el('p', { className: 'hint', text: `${calibration.profiles} distinct profiles predicted by the core's predict op. The predicted value of a group is the mean of its patients' predictions.${calibration.warnings.length ? ` Caveats from the model: ${calibration.warnings.map((w) => w.message).join(' ')}` : ''}` }),
    ];
    this.calibrationArea.replaceChildren(...parts);
  }
}

// A table cell; key/value mark the numbers the browser tests compare with the core.
function cell(text, key, value) {
  return { text, key, value };
}

function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = el('a', { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

const csvField = (text) => (/[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

function exportable(caption, name, headings, rows) {
  const table = el('table', { 'data-table': name },
    el('caption', { text: caption }),
    el('thead', {}, el('tr', {}, headings.map((h) => el('th', { scope: 'col', text: h })))),
    el('tbody', {}, rows.map((row) => el('tr', {}, row.map((c, i) => el(i === 0 ? 'th' : 'td',
      { scope: i === 0 ? 'row' : undefined, text: c.text, 'data-key': c.key, 'data-value': c.key ? String(c.value) : undefined }))))));
  const button = el('button', { type: 'button', className: 'export-csv', text: `Download "${caption}" as CSV`,
    onclick: () => download(`${name}.csv`, 'text/csv', `${[headings, ...rows.map((row) => row.map((c) => c.text))]
      .map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`) });
  return el('div', { className: 'table-scroll' }, table, button);
}

// The figure as a standalone SVG: the page's stylesheet does not travel with the file, so the
// computed presentation of every element is written onto its copy as SVG attributes.
const styleProperties = ['fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-dasharray', 'opacity',
  'font-size', 'font-family', 'text-anchor', 'visibility'];
function standaloneSvg(figure) {
  const original = figure.querySelector('svg');
  const copy = original.cloneNode(true);
  const sources = [original, ...original.querySelectorAll('*')];
  const targets = [copy, ...copy.querySelectorAll('*')];
  sources.forEach((source, i) => {
    const computed = getComputedStyle(source);
    // presentation attributes, not a style attribute: the page's CSP refuses inline styles
    for (const name of styleProperties) targets[i].setAttribute(name, computed.getPropertyValue(name));
  });
  copy.querySelector('.cursor')?.remove();
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  const [, , width, height] = copy.getAttribute('viewBox').split(' ').map(Number);
  copy.setAttribute('width', width);
  copy.setAttribute('height', height);
  const background = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  for (const [key, value] of Object.entries({ width, height, fill: '#ffffff' })) background.setAttribute(key, value);
  copy.insertBefore(background, copy.firstChild);
  return { text: new XMLSerializer().serializeToString(copy), width, height };
}

function svgButton(figure, name) {
  const svg = el('button', { type: 'button', className: 'export-svg', text: 'Download the figure as SVG',
    onclick: () => download(name, 'image/svg+xml', standaloneSvg(figure).text) });
  // PNG: the SVG drawn on a canvas at twice its size (a data: image, no network).
  const png = el('button', { type: 'button', className: 'export-png', text: 'Download the figure as PNG',
    onclick: () => {
      const { text, width, height } = standaloneSvg(figure);
      const image = new Image();
      image.onload = () => {
        const canvas = el('canvas', { width: 2 * width, height: 2 * height });
        const context = canvas.getContext('2d');
        context.scale(2, 2);
        context.drawImage(image, 0, 0, width, height);
        canvas.toBlob((blob) => {
          const url = URL.createObjectURL(blob);
          const link = el('a', { href: url, download: name.replace(/\.svg$/, '.png') });
          document.body.append(link);
          link.click();
          link.remove();
          setTimeout(() => URL.revokeObjectURL(url), 1000);
        }, 'image/png');
      };
      image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
    } });
  return el('p', { className: 'export-figure' }, svg, ' ', png);
}

function riskTable(caption, groups) {
  const times = groups[0]?.at_risk.map((row) => row.time) ?? [];
  return el('div', { className: 'table-scroll' }, el('table', { className: 'at-risk' },
    el('caption', { text: caption }),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: 'Years' }), times.map((t) => el('th', { scope: 'col', text: String(t) })))),
    el('tbody', {}, groups.map((g) => el('tr', {}, el('th', { scope: 'row', text: g.label }),
      g.at_risk.map((row) => el('td', { text: row.n_risk === null || row.n_risk === undefined ? '' : String(row.n_risk) })))))));
}

function problemTable(problems, count, title) {
  return el('details', { className: 'problems', open: true },
    el('summary', { text: `${title}: ${count} problem${count === 1 ? '' : 's'}${count > problems.length ? ` (first ${problems.length} listed)` : ''}` }),
    el('table', {}, el('thead', {}, el('tr', {}, ['Row', 'Column', 'Reason'].map((h) => el('th', { scope: 'col', text: h })))),
      el('tbody', {}, problems.map((p) => el('tr', {}, el('td', { text: String(p.row) }), el('td', { text: p.column ?? '' }), el('td', { text: p.reason }))))));
}

// Predicted (x) against observed (y) DFS by risk group at 1, 3 and 5 years, with the KM CIs.
function calibrationPlot(calibration) {
  const size = { width: 360, height: 360, margin: 48 };
  const x = scaleLinear().domain([0, 1]).range([size.margin, size.width - 16]);
  const y = scaleLinear().domain([0, 1]).range([size.height - size.margin, 16]);
  const node = el('svg:svg', { viewBox: `0 0 ${size.width} ${size.height}`, width: size.width, height: size.height, className: 'calibration-plot', role: 'img',
    'aria-label': 'Predicted versus observed disease-free survival by risk group at 1, 3 and 5 years' });
  const svg = select(node);
  svg.append('g').attr('class', 'axis').attr('transform', `translate(0,${y(0)})`).call(axisBottom(x).ticks(5).tickFormat((v) => `${Math.round(v * 100)}%`));
  svg.append('g').attr('class', 'axis').attr('transform', `translate(${x(0)},0)`).call(axisLeft(y).ticks(5).tickFormat((v) => `${Math.round(v * 100)}%`));
  svg.append('line').attr('x1', x(0)).attr('y1', y(0)).attr('x2', x(1)).attr('y2', y(1)).attr('stroke', '#888').attr('stroke-dasharray', '4 3');
  svg.append('text').attr('x', x(0.5)).attr('y', size.height - 8).attr('text-anchor', 'middle').attr('font-size', 12).text('Predicted by the model');
  svg.append('text').attr('transform', 'rotate(-90)').attr('x', -y(0.5)).attr('y', 12).attr('text-anchor', 'middle').attr('font-size', 12).text('Observed (Kaplan-Meier)');
  const shapes = { 1: 'circle', 3: 'square', 5: 'diamond' };
  calibration.groups.forEach((group) => calibrationYears.forEach((year, k) => {
    const predicted = group.predicted[k];
    const observed = group.observed[k];
    if (predicted === null || observed.surv === null) return;
    if (observed.lower !== null && observed.upper !== null) {
      svg.append('line').attr('x1', x(predicted)).attr('x2', x(predicted)).attr('y1', y(observed.lower)).attr('y2', y(observed.upper)).attr('stroke', '#0b5563');
    }
    const mark = shapes[year] === 'circle' ? svg.append('circle').attr('r', 4.5)
      : svg.append('rect').attr('width', 8).attr('height', 8).attr('x', -4).attr('y', -4)
        .attr('transform', shapes[year] === 'diamond' ? 'rotate(45)' : null);
    const place = shapes[year] === 'circle' ? (m) => m.attr('cx', x(predicted)).attr('cy', y(observed.surv))
      : (m) => m.attr('transform', `translate(${x(predicted)},${y(observed.surv)})${shapes[year] === 'diamond' ? ' rotate(45)' : ''}`);
    place(mark).attr('fill', '#0b5563').append('title').text(`${group.label}, ${year} y: predicted ${percent(predicted, 1)}, observed ${percent(observed.surv, 1)}`);
  }));
  const figure = el('figure', { className: 'chart' }, el('figcaption', { text: 'Calibration: each mark is a risk group at 1 (circle), 3 (square) or 5 (diamond) years; bars are the 95% CIs of the observed DFS; dashed: perfect calibration.' }), node);
  return el('div', {}, figure, svgButton(figure, 'calibration.svg'));
}
