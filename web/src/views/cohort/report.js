// @ts-check
// The report of the Your cohort view: the worker's results (every number from the core) laid out
// as tables and figures beside the seed's published numbers (from models/evidence.json), never
// where the cohort has no estimate. The sections are built one at a time (reportSections returns
// builders) so that the page can render a large report in slices.
import { el } from '../../dom.js';
import evidence from '../../../../models/evidence.json';
import { exportable, cell } from './tables.js';
import { medianText, yearLabel, yearsText, intervalName } from './report-format.js';
import {
  survivalSeries,
  riskRows,
  estimateCell,
  figureWithExports,
  intervalNote,
  usedLine,
  sectionMessage,
} from './report-curves.js';
import { sitesSection, incidenceSection } from './report-recurrence.js';
import { groupSections, recurrenceSections } from './report-groups.js';
import { coxSection } from './report-cox.js';
import { fineGraySection } from './report-competing.js';

// The seed's published numbers, from the evidence transcription (never typed again here).
const seedDfs = Object.fromEntries(
  evidence.dfs.points.map((point) => [point.quantity === 'median' ? 'median' : point.time, point]),
);
const seedSource = 'Spolverato et al. 2017';

function summarySection(s, landmarks) {
  const followUp = s.median_follow_up;
  return exportable(
    'Cohort summary',
    'cohort-summary',
    ['Quantity', 'Your cohort', `Seed (published, ${seedSource})`],
    [
      [
        cell('Patients analysed'),
        cell(String(s.n), 'summary-n', s.n),
        cell(String(evidence.dfs.cohort.n.value)),
      ],
      [cell('Rows excluded'), cell(String(s.excluded), 'summary-excluded', s.excluded), cell('')],
      [
        cell('Recurred'),
        cell(
          `${s.recurred} (${s.recurred_percent === null ? '' : s.recurred_percent.toFixed(1)}%)`,
          'summary-recurred',
          s.recurred,
        ),
        cell(evidence.dfs.cohort.events.text),
      ],
      [
        cell(`Median follow-up (reverse Kaplan-Meier, ${s.follow_up_basis ?? ''})`),
        followUp
          ? cell(medianText(followUp), 'summary-follow-up', followUp.estimate)
          : cell(s.follow_up_error ?? ''),
        cell(evidence.dfs.cohort.median_follow_up.text),
      ],
      [
        cell('Longest follow-up (the last observed time)'),
        cell(yearsText(s.longest_follow_up), 'summary-longest', s.longest_follow_up ?? null),
        cell(''),
      ],
      [
        cell('Landmark times (chosen in the report options)'),
        cell(landmarks.map(yearLabel).join(', ')),
        cell(''),
      ],
    ],
  );
}

// The seed's DFS beside the cohort's only where the cohort has an estimate.
const seedBeside = (row, point) =>
  !point
    ? ''
    : row?.estimable === false || row?.surv === null
      ? `${point.text} (not compared: no estimate in your cohort)`
      : point.text;

function survivalTable(dfs, os, landmarks) {
  const hasOs = Boolean(os && !os.empty && !os.error);
  const headings = [
    'Time since the liver surgery',
    'DFS, your cohort (95% CI)',
    ...(hasOs ? ['OS, your cohort (95% CI)'] : []),
    `DFS, seed (published, ${seedSource})`,
  ];
  const rows = [
    [
      cell('Median'),
      cell(medianText(dfs.median), 'dfs-median', dfs.median.estimate),
      ...(hasOs ? [cell(medianText(os.median), 'os-median', os.median.estimate)] : []),
      cell(seedDfs.median?.text ?? ''),
    ],
  ];
  for (const [k, time] of landmarks.entries()) {
    const row = dfs.landmarks[k];
    rows.push([
      cell(yearLabel(time)),
      estimateCell(row, `dfs-${time}y`),
      ...(hasOs ? [estimateCell(os.landmarks[k], `os-${time}y`)] : []),
      cell(seedBeside(row, seedDfs[time])),
    ]);
  }
  return exportable(
    `Disease-free and overall survival (Kaplan-Meier; ${intervalName(dfs.conf_type)})`,
    'survival-landmarks',
    headings,
    rows,
  );
}

/**
 * @param {any} curve
 * @param {{ key: string, title: string, yLabel: string, anchors?: { time: number, estimate: number }[] }} spec
 * @param {any} times @param {number} width
 */
function survivalFigureOf(curve, { key, title, yLabel, anchors = [] }, times, width) {
  const series = [survivalSeries(curve, 'Your cohort')];
  return figureWithExports(
    {
      key,
      title,
      yLabel,
      valueName: yLabel.toLowerCase(),
      axisEnd: times.axis_end,
      series,
      anchors,
      anchorLegend: `Seed's published estimate (${seedSource})`,
      notes: [intervalNote(curve.conf_type)],
      riskTable: riskRows([curve], ['Your cohort']),
      tableTimes: [...new Set([...times.landmarks, ...times.risk_table])].sort((a, b) => a - b),
    },
    width,
  );
}

// One builder per table or figure, so that each task of the page builds one of them.
function survivalSections(report, width) {
  const { dfs, os, times } = report;
  const anchors = evidence.dfs.points.flatMap((p) =>
    p.quantity === 'survival' &&
    p.time !== undefined &&
    p.time <= dfs.last_time &&
    p.time <= times.axis_end
      ? [{ time: p.time, estimate: p.value / 100 }]
      : [],
  );
  return [
    () => [
      el('h4', { text: 'Disease-free and overall survival' }),
      usedLine(dfs.used, 'dfs'),
      survivalTable(dfs, os, times.landmarks),
      el('p', {
        className: 'hint',
        text: 'A median "not reached": the curve stays above 50% until the end of follow-up. The published study reports no overall survival of all its patients from the surgery, so no published OS is shown.',
      }),
    ],
    () =>
      survivalFigureOf(
        dfs,
        {
          key: 'dfs-curve',
          title: 'Disease-free survival after the liver surgery (your cohort, Kaplan-Meier)',
          yLabel: 'Disease-free survival',
          anchors,
        },
        times,
        width,
      ),
    () =>
      os?.empty || os?.error
        ? [sectionMessage(os)]
        : os
          ? survivalFigureOf(
              os,
              {
                key: 'os-curve',
                title: 'Overall survival after the liver surgery (your cohort, Kaplan-Meier)',
                yLabel: 'Overall survival',
              },
              times,
              width,
            )
          : [],
  ];
}

function heading(message, synthetic) {
  const options = message.report.options;
  return [
    el('h3', { text: synthetic ? 'Report (SYNTHETIC demo data)' : 'Report' }),
    el('p', {
      className: 'hint report-basis',
      text:
        `Survival core ${message.engine}. Every number below comes from the WebAssembly core run on the rows shown as included; ` +
        `intervals are ${intervalName(options.conf_type)}; no estimate is given past the longest follow-up (the last observed time) or where nobody is at risk. ` +
        `Published numbers are those of the study this calculator is built on (${seedSource}), as transcribed in the calculator's evidence file, shown only where your cohort has an estimate to compare.`,
    }),
  ];
}

// message: the worker's report message; width: the report's width in pixels. Returns
// { builders, complete }: each builder returns one section's nodes (the caller appends them one
// task at a time); the calibration form is appended by the caller when complete.
export function reportSections(message, { synthetic, onExportModel, width }) {
  const { report } = message;
  const builders = [
    () => [
      ...heading(message, synthetic),
      summarySection(report.summary, report.times?.landmarks ?? []),
    ],
  ];
  if (!report.dfs)
    return {
      builders: [
        ...builders,
        () => [el('p', { className: 'error', text: 'No patient is left to analyse.' })],
      ],
      complete: false,
    };
  if (report.dfs.error)
    builders.push(() => [
      el('h4', { text: 'Disease-free and overall survival' }),
      sectionMessage(report.dfs),
    ]);
  else builders.push(...survivalSections(report, width));
  builders.push(
    () => [sitesSection(report.sites)],
    ...incidenceSection(report.cumulative_incidence, report.times, width),
  );
  for (const section of report.by_group ?? [])
    builders.push(...groupSections(section, report.times, width));
  builders.push(...recurrenceSections(report, width));
  if (report.cox) builders.push(() => coxSection(report.cox, onExportModel));
  if (report.fine_gray) builders.push(() => fineGraySection(report.fine_gray));
  return { builders, complete: true };
}

// The report's section of a caveat in words (analysis.js names them by key).
const sectionNames = {
  follow_up: 'Median follow-up',
  dfs: 'Disease-free survival',
  os: 'Overall survival',
  cumulative_incidence: 'Cumulative incidence',
  os_by_site: 'Overall survival by site of recurrence',
  os_by_treatment: 'Overall survival by treatment of recurrence',
  cox: 'Cox model',
  fine_gray: 'Fine-Gray model',
};
const sectionName = (key) =>
  sectionNames[key] ?? (key.startsWith('by_') ? `By ${key.slice(3)}` : key);

export function caveats(warnings) {
  if (!warnings.length) return [];
  return [
    el('h4', { text: 'Caveats from the survival core' }),
    el(
      'ul',
      {},
      warnings.map((w) =>
        el('li', { 'data-code': w.code, text: `${sectionName(w.section)}: ${w.message}` }),
      ),
    ),
  ];
}
