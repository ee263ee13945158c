// The report of the Your cohort view: the worker's results (every number from the core) laid out
// as tables and figures beside the seed's published numbers (from models/evidence.json).
import { el } from '../../dom.js';
import { curveChart } from '../../components/curve-chart.js';
import { percent, interval } from '../../format.js';
import evidence from '../../../../models/evidence.json';
import { figureExportButtons } from './figure-export.js';
import { exportable, riskTable, cell } from './tables.js';

// The seed's published numbers, from the evidence transcription (never typed again here).
const seedDfs = Object.fromEntries(
  evidence.dfs.points.map((point) => [point.quantity === 'median' ? 'median' : point.time, point]),
);
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
const seedPercent = (value, lower, upper) =>
  `${value.toFixed(1)}%${lower !== undefined ? ` (95% CI ${lower.toFixed(1)} to ${upper.toFixed(1)}%)` : ''}`;

const number = (value, digits = 2) =>
  value === null || value === undefined ? 'not estimable' : Number(value).toFixed(digits);
const pValue = (p) =>
  p === null || p === undefined ? 'not estimable' : p < 0.001 ? '< 0.001' : p.toFixed(3);
// "Used n patients; left out: ..." under each analysis (data preparation counts, not statistics).
function usedLine(used, key) {
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
const withInterval = (value, lower, upper) =>
  `${percent(value, 1)}${lower === null || lower === undefined ? '' : ` (${interval(lower, upper, 1)})`}`;

function summarySection(s) {
  return exportable(
    'Cohort summary',
    'cohort-summary',
    ['Quantity', 'Your cohort', 'Seed (published)'],
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
        s.median_follow_up
          ? cell(
              `${number(s.median_follow_up.estimate, 1)} years (95% CI ${number(s.median_follow_up.lower, 1)} to ${number(s.median_follow_up.upper, 1)})`,
              'summary-follow-up',
              s.median_follow_up.estimate,
            )
          : cell(''),
        cell(evidence.dfs.cohort.median_follow_up.text),
      ],
    ],
  );
}

function dfsSection(dfs) {
  const chart = curveChart({
    title: 'Disease-free survival after liver surgery (your cohort, Kaplan-Meier)',
    series: [{ label: 'Your cohort', status: 'observed', step: true, ...dfs.curve }],
    anchors: evidence.dfs.points
      .filter((p) => p.quantity === 'survival')
      .map((p) => ({
        time: p.time,
        estimate: p.value / 100,
        lower: null,
        upper: null,
        label: p.label,
        citation: evidence.sources[p.source],
      })),
    yLabel: 'Disease-free',
  });
  return [
    el('h4', { text: 'Disease-free survival' }),
    usedLine(dfs.used, 'dfs'),
    chart,
    figureExportButtons(chart, 'dfs-curve.svg'),
    riskTable('Numbers at risk (DFS)', [{ label: 'Your cohort', at_risk: dfs.at_risk }]),
    exportable(
      'DFS landmarks',
      'dfs-landmarks',
      ['Time', 'Your cohort (95% CI)', 'Seed (published)'],
      [
        [
          cell('Median'),
          cell(
            `${number(dfs.median.estimate, 1)} years (95% CI ${number(dfs.median.lower, 1)} to ${number(dfs.median.upper, 1)})`,
            'dfs-median',
            dfs.median.estimate,
          ),
          cell(seedDfs.median?.text ?? ''),
        ],
        ...dfs.landmarks.map((row) => [
          cell(`${row.time} year${row.time === 1 ? '' : 's'}`),
          cell(
            `${percent(row.surv, 1)} (${interval(row.lower, row.upper, 1)})`,
            `dfs-${row.time}y`,
            row.surv,
          ),
          cell(seedDfs[row.time]?.text ?? ''),
        ]),
      ],
    ),
  ];
}

function sitesSection(sites) {
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

function cumulativeIncidenceSection(ci) {
  if (ci?.error)
    return [el('p', { className: 'error', text: `Cumulative incidence: ${ci.error}` })];
  if (!ci?.causes) return [];
  const shown = ci.causes.filter((c) => c.cause === 1 || c.cause === 2 || c.cause === 4);
  const chart = curveChart({
    title:
      'Cumulative incidence of recurrence by site, death without recurrence as a competing risk (Aalen-Johansen)',
    series: shown.map((c) => ({
      label: c.label,
      status: 'observed',
      step: true,
      time: ci.time,
      surv: c.incidence,
      lower: c.lower,
      upper: c.upper,
    })),
    yLabel: 'Cumulative incidence',
  });
  return [
    el('h4', { text: 'Intrahepatic versus extrahepatic recurrence' }),
    usedLine(ci.used, 'cumulative_incidence'),
    chart,
    figureExportButtons(chart, 'cumulative-incidence.svg'),
    exportable(
      'Cumulative incidence at 1, 5 and 10 years',
      'cumulative-incidence',
      ['Event', 'Events', '1 year', '5 years', '10 years'],
      ci.causes.map((c) => [
        cell(c.label),
        cell(String(c.n_event)),
        ...c.landmarks.map((l) =>
          cell(
            withInterval(l.incidence, l.lower, l.upper),
            `cif-${c.cause}-${l.time}y`,
            l.incidence,
          ),
        ),
      ]),
    ),
  ];
}

const osSections = [
  ['os_by_site', 'Overall survival by site of recurrence', 'site', (g) => seedSite[g]],
  ['os_by_treatment', 'Overall survival by treatment of recurrence', 'treatment', seedTreatment],
];

function osSection(section, [key, title, input, seedKey]) {
  if (section.error)
    return [
      el('h4', { text: title }),
      usedLine(section.used, key),
      el('p', { className: 'error', text: `${title}: ${section.error}` }),
    ];
  const chart = curveChart({
    title: `${title} (from the liver surgery; recurrences only)`,
    series: section.curves.map((c) => ({
      label: String(c.group),
      status: 'observed',
      step: true,
      ...c.curve,
    })),
    yLabel: 'Alive',
  });
  return [
    el('h4', { text: title }),
    usedLine(section.used, key),
    chart,
    figureExportButtons(chart, `${key}.svg`),
    riskTable(
      `Numbers at risk (${title.toLowerCase()})`,
      section.curves.map((c) => ({ label: String(c.group), at_risk: c.at_risk })),
    ),
    exportable(
      `10-year OS, ${title.toLowerCase()}`,
      key,
      ['Group', 'n', 'Deaths', '10-year OS (95% CI)', 'Seed (published)'],
      section.curves.map((c) => {
        const seed = seedGroups.find((g) => g.input === input && g.level === seedKey(c.group));
        return [
          cell(String(c.group)),
          cell(String(c.n)),
          cell(String(c.events)),
          cell(
            withInterval(c.os10.surv, c.os10.lower, c.os10.upper),
            `${key}-${c.group}`,
            c.os10.surv,
          ),
          cell(seed ? seedPercent(seed.os10, seed.lower, seed.upper) : ''),
        ];
      }),
    ),
    section.log_rank
      ? el('p', {
          'data-key': `${key}-logrank`,
          'data-value': section.log_rank.p,
          text: `Log-rank test: chi-square ${section.log_rank.chisq.toFixed(2)} on ${section.log_rank.df} df, p ${pValue(section.log_rank.p)}.`,
        })
      : null,
  ];
}

function coxTable(cox) {
  const ph = cox.ph_test;
  return exportable(
    `Cox model (${cox.n} patients, ${cox.nevent} events; each category against its reference level)`,
    'cox-model',
    ['Term', 'Hazard ratio (95% CI)', 'p', 'PH test p'],
    Object.entries(cox.terms).map(([term, t]) => {
      const coding = cox.coding.find((c) => c.term === term);
      const phRow = ph ? ph.rows.indexOf(term) : -1;
      return [
        cell(
          coding?.kind === 'indicator'
            ? `${coding.covariate}: ${coding.level} vs ${coding.reference}`
            : term,
        ),
        cell(
          t.infinite
            ? 'infinite (monotone likelihood)'
            : `${number(t.hr, 2)} (${number(t.hr_lower, 2)} to ${number(t.hr_upper, 2)})`,
          `cox-hr-${term}`,
          t.hr,
        ),
        cell(pValue(t.p)),
        cell(phRow >= 0 ? pValue(ph.p[phRow]) : ''),
      ];
    }),
  );
}

// onExportModel(): asks the worker for the local model file.
function coxSection(cox, onExportModel) {
  if (cox.error)
    return [
      el('h4', { text: 'Cox model of DFS' }),
      usedLine(cox.used, 'cox'),
      el('p', { className: 'error', text: cox.error }),
    ];
  const ph = cox.ph_test;
  return [
    el('h4', { text: 'Cox model of DFS' }),
    usedLine(cox.used, 'cox'),
    coxTable(cox),
    el('p', {
      'data-key': 'cox-concordance',
      'data-value': cox.concordance.concordance,
      text: `Concordance (Harrell's C) ${cox.concordance.concordance.toFixed(3)} (SE ${cox.concordance.std.toFixed(3)}). Proportional hazards (cox.zph score test, KM time transform): global p ${ph ? pValue(ph.global_p) : 'not available'}${ph && ph.global_p < 0.05 ? ' — the hazard ratios change over time; read them as averages.' : '.'}`,
    }),
    el(
      'p',
      {},
      el('button', {
        type: 'button',
        className: 'export-model',
        text: 'Export this Cox model as a model file (institution_cox, for the calculator)',
        onclick: onExportModel,
      }),
    ),
    el('p', {
      className: 'hint',
      text: 'The file follows docs/models.md (a step Breslow baseline, the coefficients and their covariance, checksum by the core). It contains no patient rows, only the fitted model.',
    }),
  ];
}

// message: the worker's report message; returns the report's nodes (the calibration form is
// appended by the caller).
export function reportSections(message, { synthetic, onExportModel }) {
  const { report } = message;
  const sections = [
    el('h3', { text: synthetic ? 'Report (SYNTHETIC demo data)' : 'Report' }),
    el('p', {
      className: 'hint',
      text: `Survival core ${message.engine}. Every number below comes from the WebAssembly core run on the rows shown as included; published numbers are the seed's (Spolverato et al. 2017) from models/evidence.json.`,
    }),
    summarySection(report.summary),
  ];
  if (!report.dfs)
    return {
      sections: [
        ...sections,
        el('p', { className: 'error', text: 'No patient is left to analyse.' }),
      ],
      complete: false,
    };
  sections.push(
    ...dfsSection(report.dfs),
    sitesSection(report.sites),
    ...cumulativeIncidenceSection(report.cumulative_incidence),
  );
  for (const entry of osSections)
    if (report[entry[0]]) sections.push(...osSection(report[entry[0]], entry));
  if (report.cox) sections.push(...coxSection(report.cox, onExportModel));
  return { sections: sections.filter(Boolean), complete: true };
}

export function caveats(warnings) {
  if (!warnings.length) return [];
  return [
    el('h4', { text: 'Caveats from the survival core' }),
    el(
      'ul',
      {},
      warnings.map((w) => el('li', { text: `${w.section}: ${w.message}` })),
    ),
  ];
}
