// A local Cox model of DFS as a model file (docs/models.md, kind "institution_cox"): the core fits
// the model and gives the Breslow cumulative hazard at the covariate means (the centring); this
// file only arranges the core's numbers in the model format; the checksum and the validation are
// the core's (model_checksum, validate_model).
import { coxData } from './analysis.js';

// "unknown" is the model format's own word for a missing input; a level recorded as "unknown" in
// the file becomes "recorded_unknown".
const levelValue = (value) =>
  String(value).trim().toLowerCase() === 'unknown' ? 'recorded_unknown' : value;

// calculate(request) -> { result, warnings } or throws.
export function buildLocalModel(
  cohort,
  covariates,
  calculate,
  { synthetic = false, date = '', medianFollowUp = null } = {},
) {
  if (covariates.length === 0) throw new Error('pick at least one covariate for the local model');
  const { design, time: dfsTime, event: dfsEvent } = coxData(cohort, covariates);
  const names = Object.keys(design.columns);
  const fit = calculate({
    op: 'cox',
    data: { time: dfsTime, event: dfsEvent, covariates: design.columns },
  }).result;
  if (names.some((name) => fit.infinite[name]))
    throw new Error(
      'a coefficient is infinite (monotone likelihood): drop or merge that covariate',
    );
  const centring = Object.fromEntries(names.map((name) => [name, fit.means[name]]));
  const prediction = calculate({
    op: 'cox',
    data: { time: dfsTime, event: dfsEvent, covariates: design.columns },
    profile: centring,
  }).result.prediction;
  const table = prediction.curves[0].table;
  const time = [];
  const cumhaz = [];
  table.time.forEach((t, i) => {
    if (t > 0 && table.n_event[i] > 0) {
      time.push(t);
      cumhaz.push(table.cumhaz[i]);
    }
  });
  const inputs = [];
  const effects = [];
  for (const covariate of covariates) {
    const rows = design.coding.filter((row) => row.covariate === covariate);
    if (rows[0]?.kind === 'numeric') {
      const values = design.columns[covariate].filter((value) => value !== null);
      inputs.push({
        name: covariate,
        label: covariate,
        type: 'number',
        range: { minimum: Math.min(...values), maximum: Math.max(...values) },
        unknown: { action: 'no_adjustment', description: 'no adjustment: the cohort mean' },
        source: 'L1',
      });
    } else {
      inputs.push({
        name: covariate,
        label: covariate,
        type: 'categorical',
        levels: [rows[0].reference, ...rows.map((row) => row.level)].map((value) => ({
          value: levelValue(value),
          label: levelValue(value) === value ? value : `${value} (as recorded in the file)`,
        })),
        unknown: { action: 'no_adjustment', description: "no adjustment: the cohort's mix" },
        source: 'L1',
      });
    }
    for (const row of rows) {
      const effect = {
        input: covariate,
        hr: fit.hr[row.term],
        log_hr: fit.coef[row.term],
        se: fit.se[row.term],
        centring: fit.means[row.term],
        source: 'L1',
      };
      if (row.kind === 'indicator')
        Object.assign(effect, {
          level: levelValue(row.level),
          reference_level: levelValue(row.reference),
        });
      effects.push(effect);
    }
  }
  const maxTime = Math.min(10, Math.floor(time[time.length - 1] ?? 1) || 1);
  const model = {
    format: 'nelm-prediction-model',
    format_version: 2,
    role: 'after_surgery',
    id: 'institution-dfs-cox',
    version: '1.0.0',
    title: `${synthetic ? 'SYNTHETIC demo: ' : ''}Institution model: disease-free survival after liver surgery (local Cox model)`,
    kind: 'institution_cox',
    synthetic,
    description: `A Cox model of disease-free survival fitted in the NELM calculator's "Your cohort" view on ${fit.n} patients (${fit.nevent} events)${synthetic ? ' of SYNTHETIC demo data, not patient data' : ''}; covariates: ${covariates.join(', ')}.`,
    outcome: {
      endpoint: 'disease-free survival',
      definition: 'Alive without recurrence; death without recurrence counts as an event.',
      time_origin: 'curative-intent liver surgery for NELM',
      time_origin_stated: true,
      time_unit: 'years',
      max_time: maxTime,
    },
    population: {
      description:
        'The patients of the cohort file analysed in the Your cohort view (rows with problems excluded).',
      eligibility: ["as in the institution's export"],
      development: {
        n: fit.n,
        events: fit.nevent,
        period: 'as in the cohort file (not recorded in the model)',
        median_follow_up: medianFollowUp,
        source: 'L1',
      },
    },
    sources: [
      {
        id: 'L1',
        citation: `Local cohort analysed in the NELM calculator${date ? ` on ${date}` : ''}${synthetic ? ' (SYNTHETIC demo data)' : ''}.`,
      },
    ],
    inputs,
    baseline: { type: 'step', time, cumhaz },
    uncertainty: {
      method: 'cox_model_based',
      description:
        "Model-based covariance of the Cox coefficients; the baseline's own uncertainty is not carried.",
      coefficient_covariance: {
        names: effects.map((e) => (e.level ? `${e.input}=${e.level}` : e.input)),
        matrix: fit.var,
      },
    },
    effect_structure: 'linear_predictor',
    effects,
    anchors: [],
    assumptions: [
      'Proportional hazards: S(t | x) = S0(t)^exp(lp), lp = sum of log_hr (x - centring); S0 is the Breslow estimate at the centring (the cohort means).',
    ],
    limitations: [
      `Nothing beyond ${maxTime} years.`,
      'Fitted and judged on the same patients: expect optimism; not externally validated.',
      'Category covariates are indicators against their reference level (the first level of the input); a level not in the cohort cannot be predicted.',
    ],
    provenance: {
      script: 'web/src/cohort/local-model.js',
      evidence: "the institution's cohort file (not included)",
    },
  };
  const { checksum } = calculate({ op: 'model_checksum', model }).result;
  const withChecksum = { ...model, checksum };
  const validation = calculate({ op: 'validate_model', model: withChecksum }).result;
  if (!validation.valid) throw new Error('the core did not accept the model file');
  return withChecksum;
}
