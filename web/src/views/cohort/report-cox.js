// @ts-check
// The Cox model section of the Your cohort report: hazard ratios against each category's reference
// level, the likelihood-ratio, Wald and score tests, the tie method and strata stated, Harrell's C
// and the proportional-hazards test; the local model file's export button.
import { el } from '../../dom.js';
import { exportable, cell } from './tables.js';
import { numberText, pValueText, tieName } from './report-format.js';
import { usedLine, sectionMessage } from './report-curves.js';

// A term in words: the core names an indicator "covariate=level" and lists each categorical
// covariate's reference level (docs/api.md, cox).
export function termName(covariates, term) {
  const covariate = covariates.find((entry) => entry.terms.includes(term));
  if (covariate?.type !== 'categorical') return term;
  return `${covariate.name}: ${term.slice(covariate.name.length + 1)} vs ${covariate.reference}`;
}

function coxTable(cox) {
  const ph = cox.ph_test;
  return exportable(
    `Cox model of DFS (${cox.n} patients, ${cox.nevent} events; ties: ${tieName(cox.ties)}${cox.strata ? `; stratified by ${cox.strata}` : ''}; each category against its reference level)`,
    'cox-model',
    ['Term', 'Hazard ratio (95% CI)', 'p (Wald)', 'PH test p'],
    Object.entries(cox.terms).map(([term, t]) => {
      const phRow = ph ? ph.rows.indexOf(term) : -1;
      return [
        cell(termName(cox.covariates, term)),
        cell(
          t.infinite
            ? 'infinite (monotone likelihood)'
            : `${numberText(t.hr)} (${numberText(t.hr_lower)} to ${numberText(t.hr_upper)})`,
          `cox-hr-${term}`,
          t.hr,
        ),
        cell(pValueText(t.p)),
        cell(phRow >= 0 ? pValueText(ph.p[phRow]) : ''),
      ];
    }),
  );
}

function testsTable(cox) {
  const rows = [
    ['Likelihood-ratio test', cox.lr_test, 'cox-lr'],
    ['Wald test', cox.wald_test, 'cox-wald'],
    ['Score (log-rank) test', cox.score_test, 'cox-score'],
  ]
    .filter(([, test]) => test)
    .map(([name, test, key]) => [
      cell(name),
      cell(numberText(test.statistic), `${key}-statistic`, test.statistic),
      cell(String(test.df)),
      cell(pValueText(test.p), `${key}-p`, test.p),
    ]);
  return exportable(
    'Tests of the whole model (every coefficient 0)',
    'cox-tests',
    ['Test', 'Chi-square', 'df', 'p'],
    rows,
  );
}

// onExportModel(): asks the worker for the local model file.
export function coxSection(cox, onExportModel) {
  const head = [el('h4', { text: 'Cox model of DFS' }), usedLine(cox.used, 'cox')];
  if (cox.error) return [...head, sectionMessage(cox)];
  const ph = cox.ph_test;
  return [
    ...head,
    coxTable(cox),
    testsTable(cox),
    el('p', {
      'data-key': 'cox-ties',
      'data-value': cox.ties,
      text: `Tied event times: ${tieName(cox.ties)} approximation${cox.strata ? `. Stratified by ${cox.strata}: each stratum has its own baseline hazard` : ''}. Log partial likelihood ${cox.loglik.toFixed(3)} (without covariates ${cox.loglik_null.toFixed(3)}).`,
    }),
    el('p', {
      'data-key': 'cox-concordance',
      'data-value': cox.concordance.concordance,
      text: `Concordance (Harrell's C) ${cox.concordance.concordance.toFixed(3)} (SE ${cox.concordance.std.toFixed(3)}). Proportional hazards (Grambsch-Therneau score test on Kaplan-Meier-transformed time, as R's survival): global p ${ph ? pValueText(ph.global_p) : 'not available'}${ph && ph.global_p < 0.05 ? ' — the hazard ratios change over time; read them as averages.' : '.'}`,
    }),
    el(
      'p',
      {},
      el('button', {
        type: 'button',
        className: 'export-model',
        text: 'Export this Cox model as a model file for the calculator',
        onclick: onExportModel,
      }),
    ),
    el('p', {
      className: 'hint',
      text: "The survival core writes the file (its format is described in the calculator's documentation on models): the fitted coefficients and their covariance, the centring, a baseline pooled so that each step carries at least 5 events (no patient's event time is in it) with its uncertainty, the covariates' mix and checksum. It contains no patient rows. Load it in the calculator's After surgery view (\"Use your institution's model file…\"); a Cox model stratified here is exported without strata (the format holds one baseline).",
    }),
  ];
}
