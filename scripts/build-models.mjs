// Builds the shipped prediction models (public/models/*.json) from the one transcription of the
// published evidence (models/evidence.json, with models/cure-regression-evidence.json for the
// personalised model). Every fitted or derived number comes from the C++
// core through the JSON contract (the native CLI); the checksum too. Usage:
//   node scripts/build-models.mjs            write public/models/
//   node scripts/build-models.mjs --check    exit 1 if a shipped model differs from a rebuild
// NELM_CALC=path/to/nelm-calc picks the CLI (default: build/native-release, then native-debug).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const evidence = JSON.parse(readFileSync(join(root, 'models', 'evidence.json'), 'utf8'));
const candidates = [
  process.env.NELM_CALC,
  join(root, 'build/native-release/wasm/nelm-calc'),
  join(root, 'build/native-debug/wasm/nelm-calc'),
].filter(Boolean);
const cli = candidates.find((path) => existsSync(path));
if (!cli) throw new Error(`no nelm-calc found (tried ${candidates.join(', ')}): build it first`);

function calculate(request) {
  let text;
  try {
    text = execFileSync(cli, ['-'], { input: JSON.stringify(request), encoding: 'utf8' });
  } catch (error) {
    text = error.stdout;
  }
  const response = JSON.parse(text);
  if (!response.ok) throw new Error(`${request.op}: ${JSON.stringify(response.error)}`);
  return response.result;
}

// The nearest double to the printed decimal (34.1% -> 0.341, not 34.1 / 100 = 0.34100000000000003).
const percent = (value) => Number(`${value}e-2`);
const sources = (ids) => ids.map((id) => ({ id, citation: evidence.sources[id] }));
const where = (item) => `published-evidence.md, row "${item.row}": ${item.text}`;

// Landmark points for fit_landmarks: a median m is the point (m, 1/2).
function landmarkPoints(items, timeScale = 1) {
  return items.map((item) =>
    item.quantity === 'median'
      ? { time: item.value * timeScale, survival: 0.5, label: item.label }
      : { time: item.time, survival: percent(item.value), label: item.label },
  );
}

// Fits every family, keeps the one with the smallest largest residual.
function compareFamilies(points, families) {
  const fits = families.map((family) => ({
    family,
    ...calculate({ op: 'fit_landmarks', family, points }),
  }));
  const best = fits.reduce((a, b) => (b.max_abs_residual < a.max_abs_residual ? b : a));
  const compared = fits.map((fit) => ({
    family: fit.family,
    max_abs_residual: fit.max_abs_residual,
    weighted_sse: fit.weighted_sse,
    converged: fit.converged,
  }));
  return { best, compared };
}

function parametricBaseline(fit, fitRecord) {
  const parameters = { location: fit.location, scale: fit.scale };
  if (fit.family === 'weibull_cure') parameters.cure_fraction = fit.cure_fraction;
  return { type: 'parametric', family: fit.family, parameters, fit: fitRecord };
}

function finish(model) {
  model.checksum = calculate({ op: 'model_checksum', model }).checksum;
  calculate({ op: 'validate_model', model });
  return model;
}

const documentText = (name) => JSON.parse(readFileSync(join(root, 'models', name), 'utf8'));
const dfsText = documentText('dfs-after-surgery.text.json');
const recurrenceText = documentText('outcome-after-recurrence.text.json');

function buildDfsModel() {
  const dfs = evidence.dfs;
  const points = landmarkPoints(dfs.points);
  const { best, compared } = compareFamilies(points, ['weibull_cure', 'weibull', 'lognormal']);
  const cohort = {
    n: dfs.cohort.n.value,
    events: dfs.cohort.events.value,
    censoring_free_until: dfs.cohort.censoring_free_until.value,
  };
  const band = calculate({
    op: 'landmark_uncertainty',
    family: best.family,
    points: points.map(({ time, survival }) => ({ time, survival })),
    cohort,
  });
  const fitRecord = {
    method:
      'fit_landmarks: weighted least squares on log(-log S), equal weights (no CIs published)',
    chosen_by: 'smallest largest absolute residual among the compared families',
    compared,
    points: dfs.points.map((item, i) => ({
      label: item.label,
      time: points[i].time,
      published: points[i].survival,
      fitted: band.points.fitted[i],
      residual: band.points.residual[i],
      pseudo_std_err: band.points.std_err[i],
      source: item.source,
      where: where(item),
    })),
  };
  const wald = calculate({
    op: 'wald_std_err',
    hr: dfs.nomogram.map((row) => row.value),
    p: dfs.nomogram.map((row) => row.p),
  });
  const proportion = Object.fromEntries(
    dfs.centring.map((row) => [`${row.input}=${row.level}`, row]),
  );
  // Grade: only G1 is published; the moderate/poor split of the rest is an assumption (half each).
  const notWell = 1 - percent(proportion['grade=well'].value);
  const centringOf = (row) =>
    row.input === 'grade'
      ? {
          value: notWell / 2,
          source: `derived: (1 - ${where(proportion['grade=well'])}) / 2, an assumed equal split of moderate and poor`,
        }
      : {
          value: percent(proportion[`${row.input}=${row.level}`].value),
          source: where(proportion[`${row.input}=${row.level}`]),
        };
  const effects = dfs.nomogram.map((row, i) => ({
    input: row.input,
    level: row.level,
    reference_level: row.reference_level,
    hr: row.value,
    log_hr: wald.log_hr[i],
    se: wald.std_err[i],
    centring: centringOf(row).value,
    centring_source: centringOf(row).source,
    source: row.source,
    derivation: `HR ${where(row)}; se from the published p = ${row.p_text} assuming a Wald test (se = |ln HR| / z(1 - p/2))`,
  }));
  return finish({
    format: 'nelm-prediction-model',
    format_version: 2,
    id: 'dfs-after-surgery',
    version: dfsText.version,
    title: dfsText.title,
    kind: 'published_evidence',
    role: 'after_surgery',
    synthetic: false,
    description: dfsText.description,
    outcome: { ...dfsText.outcome, max_time: 10 },
    population: {
      ...dfsText.population,
      development: {
        n: cohort.n,
        events: cohort.events,
        period: '1990-2014',
        median_follow_up: dfs.cohort.median_follow_up.value,
        source: 'S1',
      },
    },
    sources: sources(['S1', 'S2', 'S3']),
    inputs: dfsText.inputs,
    baseline: parametricBaseline(best, fitRecord),
    uncertainty: {
      method: 'pseudo_greenwood_delta',
      description: dfsText.uncertainty_description,
      baseline_covariance: band.covariance,
      pseudo_cohort: {
        ...cohort,
        censoring_rate_after: band.censoring_rate,
        expected_events: band.expected_events,
        at_risk: band.points.at_risk,
        times: band.points.time,
      },
      limitations: dfsText.uncertainty_limitations,
    },
    effect_structure: 'linear_predictor',
    effects,
    personalisation: {
      note: dfsText.personalisation_note,
      cure: 'cohort_only',
      cure_statement: dfsText.personalised_cure_statement,
    },
    anchors: dfs.points.map((item) => ({
      label: item.label,
      quantity: item.quantity,
      time: item.quantity === 'median' ? null : item.time,
      estimate: item.quantity === 'median' ? item.value : percent(item.value),
      source: item.source,
      applies_to: null,
      note: where(item),
    })),
    assumptions: dfsText.assumptions,
    limitations: dfsText.limitations,
    provenance: { script: 'scripts/build-models.mjs', evidence: 'models/evidence.json' },
  });
}

// The source's test across an input's groups, as printed (evidence.json recurrence.comparisons).
function comparisonTest(input) {
  const test = evidence.recurrence.comparisons.find((item) => item.input === input);
  return test ? { comparison_p: { text: test.p_text, source: test.source } } : {};
}

function buildRecurrenceModel() {
  const recurrence = evidence.recurrence;
  const points = landmarkPoints(recurrence.reference_os, 1 / 12); // months -> years
  const { best, compared } = compareFamilies(points, ['weibull', 'lognormal', 'loglogistic']);
  const fitRecord = {
    method: 'fit_landmarks to the reference OS shape (S6), equal weights',
    chosen_by: 'smallest largest absolute residual among the compared families',
    compared,
    points: recurrence.reference_os.map((item, i) => ({
      label: item.label,
      time: points[i].time,
      published: points[i].survival,
      fitted: best.points.fitted[i],
      residual: best.points.residual[i],
      source: item.source,
      where: where(item),
    })),
  };
  const baseline = parametricBaseline(best, fitRecord);
  const effects = [];
  const anchors = [];
  for (const group of recurrence.groups) {
    anchors.push({
      label: `10-year OS, ${group.label.toLowerCase()}`,
      quantity: 'survival',
      time: 10,
      estimate: percent(group.os10),
      lower: group.lower === undefined ? null : percent(group.lower),
      upper: group.upper === undefined ? null : percent(group.upper),
      source: group.source,
      applies_to: { input: group.input, level: group.level },
      note: where(group),
    });
    if (group.os10 === 0) continue; // no survivors observed: no curve is invented
    const shift = calculate({
      op: 'log_hr_through_points',
      baseline: { type: 'parametric', family: baseline.family, parameters: baseline.parameters },
      time: 10,
      targets: [percent(group.os10), percent(group.upper), percent(group.lower)],
    });
    effects.push({
      input: group.input,
      level: group.level,
      reference_level: null,
      log_hr: shift.log_hr[0],
      ci: [shift.log_hr[1], shift.log_hr[2]],
      centring: 0,
      source: group.source,
      derivation: `proportional hazards against the reference shape, through ${where(group)}; ci maps the published 95% CI the same way`,
    });
  }
  const inputs = recurrenceText.inputs.map((input) => ({
    ...input,
    levels: input.levels.map((level) => {
      const group = recurrence.groups.find(
        (g) => g.input === input.name && g.level === level.value,
      );
      return { ...level, n: group.n, proportion: percent(group.share), source: group.source };
    }),
    ...comparisonTest(input.name),
  }));
  return finish({
    format: 'nelm-prediction-model',
    format_version: 2,
    id: 'outcome-after-recurrence',
    version: recurrenceText.version,
    title: recurrenceText.title,
    kind: 'published_evidence',
    role: 'at_recurrence',
    synthetic: false,
    description: recurrenceText.description,
    outcome: { ...recurrenceText.outcome, max_time: 10 },
    population: {
      ...recurrenceText.population,
      development: {
        n: recurrence.recurred.value,
        events: null,
        period: '1990-2014',
        median_follow_up: null,
        source: 'S1',
        note: recurrenceText.development_note,
      },
    },
    sources: sources(['S1', 'S6']),
    inputs,
    baseline,
    uncertainty: {
      method: 'published_ci_mapped',
      description: recurrenceText.uncertainty_description,
      limitations: recurrenceText.uncertainty_limitations,
    },
    effect_structure: 'marginal_groups',
    effects,
    anchors,
    assumptions: recurrenceText.assumptions,
    limitations: recurrenceText.limitations,
    provenance: { script: 'scripts/build-models.mjs', evidence: 'models/evidence.json' },
  });
}

const cureEvidence = documentText('cure-regression-evidence.json');
const personalisedText = documentText('dfs-personalised.text.json');

// The level's source: a published share's source id, or "assumed" (listed in the sources).
function levelShareSource(factor) {
  const row = cureEvidence.factors.find((item) => item.name === factor);
  if (!row.share.centring) return 'assumed';
  return evidence.dfs.centring.find((item) => `${item.input}=${item.level}` === row.share.centring)
    .source;
}

// The personalised model: the core fits it (fit_cure_regression) under every assumed mix of the
// unpublished shares; the file keeps each fit, the central one giving the estimates.
function buildPersonalisedModel() {
  const fits = personalisedText.mix_scenarios.map((scenario) => ({
    scenario,
    fit: calculate({
      op: 'fit_cure_regression',
      evidence,
      transcription: cureEvidence,
      shares: scenario.shares,
    }),
  }));
  const central = fits.find(({ scenario }) => scenario.central).fit;
  const factors = central.structure.factors;
  const inputs = personalisedText.inputs.map((input) => {
    const factor = factors.find((item) => item.name === input.name);
    const { unknown_note: note, ...rest } = input;
    return {
      ...rest,
      type: 'categorical',
      levels: input.levels.map((level, k) => ({
        ...level,
        proportion: factor.proportion[k],
        source: levelShareSource(input.name),
      })),
      unknown: {
        action: 'average_over_mix',
        description: `averaged over the cohort mix of this input${note ? ` (${note})` : ''}`,
      },
    };
  });
  const profiles = central.targets.filter((target) => target.role === 'cure_profile');
  const cureProfiles = cureEvidence.cure_profiles.profiles.map((profile, i) => ({
    label: profile.label,
    source: profile.source,
    published: percent(profile.value),
    transferred: profiles[i].transferred,
    model_cure_fraction: profiles[i].model_cure_fraction,
    alternatives: profile.alternatives,
    disagreement: personalisedText.disagreement[profile.label].replace(
      '{transferred}',
      `${(100 * profiles[i].transferred).toFixed(0)}% (modelled transfer)`,
    ),
  }));
  const scenarios = fits.map(({ scenario, fit }) => ({
    label: scenario.label,
    central: Boolean(scenario.central),
    proportions: Object.fromEntries(
      fit.structure.factors.map((factor) => [factor.name, factor.proportion]),
    ),
    parameters: fit.joint.parameters,
    covariance: fit.joint.covariance,
    objective: fit.joint.objective,
    held_at_zero: fit.joint.held_at_zero,
    warnings: fit.joint.warnings.map((warning) => warning.code),
  }));
  const whole = cureEvidence.cure_profiles.whole_cohort;
  return finish({
    format: 'nelm-prediction-model',
    format_version: 2,
    id: 'dfs-after-surgery-personalised',
    version: personalisedText.version,
    title: personalisedText.title,
    kind: 'published_evidence',
    role: 'after_surgery_personalised',
    synthetic: false,
    description: personalisedText.description,
    outcome: { ...dfsText.outcome, max_time: 10 },
    population: {
      ...dfsText.population,
      description: `${dfsText.population.description} ${personalisedText.population_note}`,
      development: {
        n: evidence.dfs.cohort.n.value,
        events: evidence.dfs.cohort.events.value,
        period: '1990-2014',
        median_follow_up: evidence.dfs.cohort.median_follow_up.value,
        source: 'S1',
      },
    },
    sources: [
      ...sources(['S1', 'S2', 'S3']),
      { id: 'S4', citation: cureEvidence.sources.S4 },
      { id: 'assumed', citation: personalisedText.assumed_source },
    ],
    inputs,
    baseline: {
      type: 'cure_regression',
      scenarios,
      cure_profiles: cureProfiles,
      whole_cohort_cure: {
        label: personalisedText.whole_cohort_cure_label,
        estimate: percent(whole.value),
        source: whole.source,
      },
      cure_definition: personalisedText.cure_definition,
      mix_statement: personalisedText.mix_statement,
      fit: {
        method:
          'fit_cure_regression: minimum-distance fit of the mixture-cure regression to S1, S2 and S4 (docs/personalised-model.md)',
        parameter_names: central.joint.parameter_names,
        proportional_hazards_split: central.proportional_hazards_split,
        targets: central.targets,
        hazard_ratios_led: {
          parameters: central.hazard_ratios_led.parameters,
          objective: central.hazard_ratios_led.objective,
        },
        cure_profiles_led: {
          parameters: central.cure_profiles_led.parameters,
          objective: central.cure_profiles_led.objective,
        },
      },
    },
    uncertainty: {
      method: 'evidence_fit_delta_over_mix',
      description: personalisedText.uncertainty_description,
      limitations: personalisedText.uncertainty_limitations,
    },
    effect_structure: 'cure_regression',
    effects: central.structure.effects.map((effect) => {
      const row = cureEvidence.effects.find((item) => item.name === effect.name);
      return {
        ...effect,
        source:
          row.input === 'functional_status' || row.input === 'liver_involvement' ? 'S4' : 'S2',
        derivation: row.direction_evidence,
      };
    }),
    anchors: evidence.dfs.points.map((item) => ({
      label: item.label,
      quantity: item.quantity,
      time: item.quantity === 'median' ? null : item.time,
      estimate: item.quantity === 'median' ? item.value : percent(item.value),
      source: item.source,
      applies_to: null,
      note: where(item),
    })),
    assumptions: personalisedText.assumptions,
    limitations: personalisedText.limitations,
    provenance: {
      script: 'scripts/build-models.mjs',
      evidence: 'models/evidence.json, models/cure-regression-evidence.json',
    },
  });
}

const models = {
  'dfs-after-surgery.json': buildDfsModel(),
  'dfs-personalised.json': buildPersonalisedModel(),
  'outcome-after-recurrence.json': buildRecurrenceModel(),
};
let differs = false;
for (const [name, model] of Object.entries(models)) {
  const path = join(root, 'public', 'models', name);
  const text = `${JSON.stringify(model, null, 2)}\n`;
  if (process.argv.includes('--check')) {
    const same = existsSync(path) && readFileSync(path, 'utf8') === text;
    console.log(`${same ? 'same' : 'DIFFERS'}: public/models/${name}`);
    differs ||= !same;
  } else {
    writeFileSync(path, text);
    console.log(`wrote public/models/${name} (${model.checksum})`);
  }
}
process.exit(differs ? 1 : 0);
