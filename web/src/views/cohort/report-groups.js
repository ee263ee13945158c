// @ts-check
// The comparisons of the Your cohort report: DFS and OS by a category column over every patient,
// and OS by site and by treatment of recurrence among the recurrences (the seed's analysis, its
// published 10-year OS beside where the cohort has an estimate). Figures carry the log-rank test.
import { el } from '../../dom.js';
import evidence from '../../../../models/evidence.json';
import { exportable, cell } from './tables.js';
import { medianText, yearLabel, logRankText, intervalName, estimateText } from './report-format.js';
import { groupIncidence } from './report-competing.js';
import {
  survivalSeries,
  riskRows,
  estimateCell,
  figureWithExports,
  intervalNote,
  usedLine,
  sectionMessage,
} from './report-curves.js';

const seedGroups = evidence.recurrence.groups;
const seedSite = {
  intrahepatic: 'intrahepatic_only',
  extrahepatic: 'extrahepatic_only',
  both: 'both',
};
const seedTreatment = (label) => {
  const value = String(label)
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  if (/surg|resect/.test(value)) return 'repeat_surgery';
  if (/intra_?arterial|embol|tace|iat/.test(value)) return 'intra_arterial';
  if (/somatostatin|ssa|octreotide|lanreotide/.test(value)) return 'somatostatin_analogue';
  if (/chemo/.test(value)) return 'chemotherapy';
  return null;
};
const outcomeNames = { dfs: ['Disease-free survival', 'DFS'], os: ['Overall survival', 'OS'] };
const tableTimes = (times) =>
  [...new Set([...times.landmarks, ...times.risk_table])].sort((a, b) => a - b);
const safeKey = (text) => String(text).replace(/[^A-Za-z0-9_.<>=-]+/g, '_');

function groupFigure(comparison, { key, title }, times, width) {
  const [name] = outcomeNames[comparison.outcome];
  const labels = comparison.curves.map((curve) => String(curve.group));
  return figureWithExports(
    {
      key,
      title,
      yLabel: name,
      valueName: name.toLowerCase(),
      axisEnd: times.axis_end,
      series: comparison.curves.map((curve, k) => survivalSeries(curve, labels[k])),
      notes: [logRankText(comparison.log_rank), intervalNote(comparison.conf_type)].filter(Boolean),
      riskTable: riskRows(comparison.curves, labels),
      tableTimes: tableTimes(times),
    },
    width,
  );
}

function groupTable(comparison, column, key, times) {
  const [, short] = outcomeNames[comparison.outcome];
  return exportable(
    `${short} by ${column} (Kaplan-Meier; ${intervalName(comparison.conf_type)})`,
    key,
    ['Group', 'n', 'Events', 'Median', ...times.landmarks.map(yearLabel)],
    comparison.curves.map((curve) => [
      cell(String(curve.group)),
      cell(String(curve.n)),
      cell(String(curve.events)),
      cell(medianText(curve.median)),
      ...curve.landmarks.map((row) =>
        estimateCell(row, `${key}-${safeKey(curve.group)}-${row.time}y`),
      ),
    ]),
  );
}

const logRankLine = (test, key) =>
  test
    ? el('p', {
        className: 'log-rank',
        'data-key': `${key}-logrank`,
        'data-value': test.p,
        text: `${logRankText(test)}.`,
      })
    : null;

// One builder per outcome, so that each task builds one figure.
export function groupSections(section, times, width) {
  const { column } = section;
  const title = `by ${column} (all patients with ${column} recorded)`;
  const head = [
    el('h4', { text: `Disease-free and overall survival by ${column}` }),
    usedLine(section.used, `by-${column}`),
  ];
  if (section.error || section.empty) return [() => [...head, sectionMessage(section)]];
  const survival = ['dfs', 'os']
    .filter((outcome) => section[outcome])
    .flatMap((outcome, k) => {
      const comparison = section[outcome];
      const key = `group-${safeKey(column)}-${outcome}`;
      return [
        () => [
          ...(k === 0 ? head : []),
          groupTable(comparison, column, key, times),
          logRankLine(comparison.log_rank, key),
        ],
        () =>
          groupFigure(
            comparison,
            { key, title: `${outcomeNames[outcome][0]} ${title}, Kaplan-Meier` },
            times,
            width,
          ),
      ];
    });
  return section.cumulative_incidence
    ? [...survival, () => groupIncidence(section.cumulative_incidence, column, times)]
    : survival;
}

/** @type {[string, string, string, (group: string) => string | null | undefined][]} */
const osSections = [
  ['os_by_site', 'Overall survival by site of recurrence', 'site', (g) => seedSite[g]],
  ['os_by_treatment', 'Overall survival by treatment of recurrence', 'treatment', seedTreatment],
];

function seedText(seed, row) {
  if (!seed) return '';
  // As printed in the source (its "0%" is not turned into "0.0%").
  const published = seed.text;
  return row?.estimable === false || row?.surv === null
    ? `${published} (not compared: no estimate in your cohort)`
    : published;
}

function recurrenceSection(section, [key, title, input, seedKey], times, width) {
  const head = [el('h4', { text: title }), usedLine(section.used, key)];
  if (section.error || section.empty) return [() => [...head, sectionMessage(section)]];
  return [
    () => [
      ...head,
      exportable(
        `10-year OS, ${title.toLowerCase()} (Kaplan-Meier; ${intervalName(section.conf_type)})`,
        key,
        ['Group', 'n', 'Deaths', '10-year OS (95% CI)', 'Seed (published)'],
        section.curves.map((c) => {
          const seed = seedGroups.find((g) => g.input === input && g.level === seedKey(c.group));
          return [
            cell(String(c.group)),
            cell(String(c.n)),
            cell(String(c.events)),
            cell(
              estimateText(c.os10 && { ...c.os10, value: c.os10.surv }),
              `${key}-${c.group}`,
              c.os10?.estimable === false ? null : (c.os10?.surv ?? null),
            ),
            cell(seedText(seed, c.os10)),
          ];
        }),
      ),
      logRankLine(section.log_rank, key),
    ],
    () =>
      groupFigure(
        section,
        {
          key,
          title: `${title} (from the liver surgery; patients with a recurrence only), Kaplan-Meier`,
        },
        times,
        width,
      ),
  ];
}

export function recurrenceSections(report, width) {
  return osSections
    .filter(([key]) => report[key])
    .flatMap((entry) => recurrenceSection(report[entry[0]], entry, report.times, width));
}
