// @ts-check
// The recurrence sections of the Your cohort report: site of recurrence beside the seed's counts,
// and the cumulative incidence of every competing event (the figure and its table show the same
// causes: every cause with at least one event, "site not recorded" included).
import { el } from '../../dom.js';
import evidence from '../../../../models/evidence.json';
import { exportable, cell } from './tables.js';
import { yearLabel, intervalName } from './report-format.js';
import {
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

export function sitesSection(sites) {
  return exportable(
    'Site of recurrence',
    'recurrence-sites',
    ['Site', 'n', '% of recurrences', '% of known sites', 'Seed (published)'],
    sites.map((row) => [
      cell(row.level),
      cell(String(row.count), `site-${row.level}`, row.count),
      cell(row.percent_of_recurrences.toFixed(1)),
      cell(row.percent_of_known === null ? '' : row.percent_of_known.toFixed(1)),
      cell(
        seedGroups.find((g) => g.input === 'site' && g.level === seedSite[row.level])?.n_text ?? '',
      ),
    ]),
  );
}

const incidenceRow = (row) => row && { ...row, surv: row.incidence };

function incidenceFigure(ci, times, width) {
  const single = ci.causes.length === 1;
  const series = ci.causes.map((cause) => ({
    label: cause.label,
    legend: `${cause.label} (${cause.n_event} events)`,
    plot: {
      time: ci.plot.time,
      value: cause.plot.incidence,
      lower: single ? cause.plot.lower : null,
      upper: single ? cause.plot.upper : null,
      n_censor: ci.plot.n_censor,
    },
    atTimes: cause.at_times.map((row) => ({
      ...row,
      value: row.incidence,
      n_risk: ci.at_risk.find((r) => r.time === row.time)?.n_risk ?? null,
    })),
  }));
  // Censor marks once, on the first curve (every cause shares the censorings).
  series.slice(1).forEach((entry) => {
    entry.plot.n_censor = null;
  });
  const notes = [
    intervalNote(ci.conf_type),
    'Censor marks on the first curve: every event shares the same censored patients.',
  ];
  if (ci.not_observed.length)
    notes.push(`Not observed in this cohort: ${ci.not_observed.map((c) => c.label).join('; ')}.`);
  return figureWithExports(
    {
      key: 'cumulative-incidence',
      title:
        'Cumulative incidence after the liver surgery: recurrence by site and death without recurrence as competing events (Aalen-Johansen)',
      yLabel: 'Cumulative incidence',
      valueName: 'cumulative incidence',
      axisEnd: times.axis_end,
      series,
      notes,
      riskTable: {
        times: ci.at_risk.map((row) => row.time),
        rows: [{ label: 'All patients', counts: ci.at_risk.map((row) => row.n_risk) }],
      },
      tableTimes: [...new Set([...times.landmarks, ...times.risk_table])].sort((a, b) => a - b),
    },
    width,
  );
}

// Builders: the table, then the figure.
export function incidenceSection(ci, times, width) {
  const title = el('h4', { text: 'Recurrence and death without recurrence: cumulative incidence' });
  if (!ci || ci.error || ci.empty)
    return [
      () => [title, sectionMessage(ci ?? { empty: 'No cumulative incidence was computed.' })],
    ];
  if (ci.causes.length === 0)
    return [
      () => [
        title,
        usedLine(ci.used, 'cumulative_incidence'),
        el('p', {
          className: 'notice',
          text: 'No recurrence and no death was observed: every cumulative incidence is 0.',
        }),
      ],
    ];
  return [
    () => [
      title,
      usedLine(ci.used, 'cumulative_incidence'),
      exportable(
        `Cumulative incidence (Aalen-Johansen; ${intervalName(ci.conf_type)})`,
        'cumulative-incidence',
        ['Event', 'Events', ...times.landmarks.map(yearLabel)],
        ci.causes.map((c) => [
          cell(c.label),
          cell(String(c.n_event), `cif-${c.cause}-events`, c.n_event),
          ...c.landmarks.map((l) => estimateCell(incidenceRow(l), `cif-${c.cause}-${l.time}y`)),
        ]),
      ),
      ci.not_observed.length
        ? el('p', {
            className: 'hint',
            text: `Not observed (no event, so no curve): ${ci.not_observed.map((c) => c.label).join('; ')}.`,
          })
        : null,
    ],
    () => incidenceFigure(ci, times, width),
  ];
}
