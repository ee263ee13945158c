// @ts-check
// The competing-risks comparisons of the Your cohort report: the cumulative incidence of each
// competing event by a category column with Gray's test per cause, and the Fine-Gray model of
// recurrence (subdistribution hazard ratios) on the Cox table's covariates. Every number is the
// core's (cumulative_incidence, fine_gray); this file lays them out.
import { el } from '../../dom.js';
import { exportable, cell } from './tables.js';
import { yearLabel, intervalName, numberText, pValueText, tieName } from './report-format.js';
import { estimateCell, usedLine, sectionMessage } from './report-curves.js';
import { termName } from './report-cox.js';

const safeKey = (text) => String(text).replace(/[^A-Za-z0-9_.<>=-]+/g, '_');

// "Gray's test: recurrence, site not recorded p = 0.061 (chi-square 3.51 on 1 df); ..."
function grayLine(gray, key) {
  if (!gray) return null;
  return el(
    'ul',
    { className: 'gray-test' },
    gray.tests.map((test) =>
      el('li', {
        'data-key': `${key}-gray-${test.cause}`,
        'data-value': test.p,
        text: `Gray's test, ${test.label}: ${
          test.p === null
            ? "not estimable (the test's variance is singular)"
            : `chi-square ${test.statistic.toFixed(2)} on ${test.df} df, p ${test.p < 0.001 ? '< 0.001' : `= ${test.p.toFixed(3)}`}`
        }.`,
      }),
    ),
  );
}

// The table of the cumulative incidence by group (one row per group and event) and Gray's test.
export function groupIncidence(ci, column, times) {
  const key = `group-${safeKey(column)}-cif`;
  const title = el('h5', {
    text: `Recurrence and death without recurrence by ${column}: cumulative incidence`,
  });
  if (!ci || ci.error)
    return [title, sectionMessage(ci ?? { empty: 'No cumulative incidence was computed.' })];
  const rows = ci.curves.flatMap((curve) =>
    curve.causes.map((cause) => [
      cell(String(curve.group)),
      cell(cause.label),
      cell(String(cause.n_event)),
      ...cause.landmarks.map((row) =>
        estimateCell(
          { ...row, surv: row.incidence },
          `${key}-${safeKey(curve.group)}-${cause.cause}-${row.time}y`,
        ),
      ),
    ]),
  );
  return [
    title,
    exportable(
      `Cumulative incidence by ${column} (Aalen-Johansen; ${intervalName(ci.conf_type)})`,
      key,
      ['Group', 'Event', 'Events', ...times.landmarks.map(yearLabel)],
      rows,
    ),
    grayLine(ci.gray_test, key),
    el('p', {
      className: 'hint',
      text: "Gray's test compares the cumulative incidence of one event between the groups, the other events competing (as R's cmprsk::cuminc, rho = 0).",
    }),
  ];
}

function fineGrayTable(fg) {
  return exportable(
    `Fine-Gray model of ${fg.cause} (${fg.n} patients, ${fg.nevent} recurrences, ${fg.n_competing} competing events: ${fg.competing}; ties: ${tieName(fg.ties)}; each category against its reference level)`,
    'fine-gray',
    ['Term', 'Subdistribution hazard ratio (95% CI)', 'Coefficient (robust SE)', 'p (robust Wald)'],
    Object.entries(fg.terms).map(([term, t]) => [
      cell(termName(fg.covariates, term)),
      cell(
        t.infinite
          ? 'infinite (monotone likelihood)'
          : `${numberText(t.hr)} (${numberText(t.robust.hr_lower)} to ${numberText(t.robust.hr_upper)})`,
        `fine-gray-hr-${term}`,
        t.hr,
      ),
      cell(
        t.infinite ? '' : `${numberText(t.coef, 3)} (${numberText(t.robust.se, 3)})`,
        `fine-gray-se-${term}`,
        t.robust.se,
      ),
      cell(pValueText(t.robust.p), `fine-gray-p-${term}`, t.robust.p),
    ]),
  );
}

// The Fine-Gray section: the table, what a subdistribution hazard ratio is, the variance used.
export function fineGraySection(fg) {
  const head = [
    el('h4', { text: 'Fine-Gray model of recurrence (competing risk: death without recurrence)' }),
    fg.used ? usedLine(fg.used, 'fine-gray') : null,
  ];
  if (fg.error || fg.empty) return [...head, sectionMessage(fg)];
  const test = fg.robust_wald_test;
  return [
    ...head,
    fineGrayTable(fg),
    el('p', {
      className: 'fine-gray-meaning',
      text: 'A subdistribution hazard ratio above 1 means a higher cumulative incidence of recurrence over time among patients with that characteristic (per unit, for a number), patients who died without recurrence staying in the comparison as never having recurred; it describes an association in these patients, not the effect of choosing a treatment or an operation.',
    }),
    el('p', {
      'data-key': 'fine-gray-wald',
      'data-value': test.p,
      text: `Confidence intervals, standard errors and p-values use the robust (sandwich) variance clustered by patient (R: coxph with cluster(id) on the finegray() data). Whole model: robust Wald chi-square ${test.statistic.toFixed(2)} on ${test.df} df, p ${pValueText(test.p)}.${fg.stratified_cox ? ` The Cox model is stratified by ${fg.stratified_cox}; the Fine-Gray model is not (it has one baseline).` : ''}`,
    }),
  ];
}
