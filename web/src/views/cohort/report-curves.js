// @ts-check
// Helpers that turn the report's curves (report-survival.js, report-incidence.js: the core's
// thinned curves and its values at the report's times) into figure specs (survival-figure.js) and
// table cells. Every number shown is the core's; "not estimable" rows carry the core's reason.
import { el } from '../../dom.js';
import { survivalFigure } from './survival-figure.js';
import { figureExportButtons } from './figure-export.js';
import { cell } from './tables.js';
import { estimateText, intervalName } from './report-format.js';

// A Kaplan-Meier curve of the report as a figure series.
export function survivalSeries(curve, label, legendExtra = '') {
  return {
    label,
    legend: `${label} (n = ${curve.n}, ${curve.events} events${legendExtra})`,
    plot: {
      time: curve.plot.time,
      value: curve.plot.surv,
      lower: curve.plot.lower,
      upper: curve.plot.upper,
      n_censor: curve.plot.n_censor,
    },
    atTimes: curve.at_times.map((row) => ({ ...row, value: row.surv })),
  };
}

// The numbers at risk of several curves (their at_risk rows are at the same times).
export function riskRows(curves, labels) {
  return {
    times: curves[0].at_risk.map((row) => row.time),
    rows: curves.map((curve, k) => ({
      label: labels[k],
      counts: curve.at_risk.map((row) => row.n_risk),
    })),
  };
}

// A table cell with an estimate and its interval, keyed for the browser tests.
export const estimateCell = (row, key, value = row?.surv) =>
  cell(
    estimateText(row && { ...row, value }),
    key,
    row?.estimable === false ? null : (value ?? null),
  );

// The figure with its SVG and PNG buttons. width: the report's width in pixels.
export function figureWithExports(spec, width) {
  const figure = survivalFigure(spec, width);
  return [figure, figureExportButtons(figure, `${spec.key}.svg`)];
}

export function intervalNote(confType) {
  return `Bands and intervals: ${intervalName(confType)}.`;
}

// "Used n patients; left out: ..." under each analysis (data preparation counts, not statistics).
export function usedLine(used, key) {
  if (!used) return null;
  const leftOut = used.left_out
    .filter((entry) => entry.rows > 0)
    .map((entry) => `${entry.rows} (${entry.reason})`);
  return el('p', {
    className: 'hint used-rows',
    'data-used': key,
    'data-n': used.n,
    text: `Used ${used.n} patient${used.n === 1 ? '' : 's'}${leftOut.length ? `; left out: ${leftOut.join(', ')}` : ' (every patient analysed)'}.`,
  });
}

// A section the report could not compute, or had no data for, says so in words.
export function sectionMessage(section) {
  if (section?.error)
    return el(
      'div',
      { className: 'section-error' },
      el('p', { className: 'error', text: section.error }),
      supportDisclosure(section.support),
    );
  if (section?.empty) return el('p', { className: 'notice section-empty', text: section.empty });
  return null;
}

// The core's code and JSON path, for support only (as the rest of the page: warnings.js).
export function supportDisclosure(support) {
  if (!support) return null;
  return el(
    'details',
    { className: 'support-details' },
    el('summary', { text: 'Details for support' }),
    el('p', { className: 'support-text', text: support }),
  );
}
