// Does the shipped DFS model fit this cohort? Predictions from the core's predict op (one call per
// distinct profile), observed DFS by risk group from kaplan_meier, the calibration slope and
// concordance from a cox fit of the observed DFS on the model's linear predictor. The only
// arithmetic here is the mean of the core's predictions within a group and the ranking into
// risk groups.

export const calibrationYears = [1, 3, 5];

// Suggested model level for a value in the file (shown to the user, who can change it).
const synonyms = {
  pancreatic: /^(pancrea|pnet)/i,
  non_pancreatic:
    /^(small.?bowel|si|ileum|jejun|midgut|other|non.?pancrea|lung|colon|rect|gastric|stomach|appendi|unknown.?primary)/i,
  well: /^(g1|well|grade.?1|1)$/i,
  moderate: /^(g2|moderate|grade.?2|2)$/i,
  poor: /^(g3|poor|grade.?3|3)$/i,
  positive: /^(positive|pos|yes|n1|1|node.?positive)$/i,
  negative: /^(negative|neg|no|n0|0|node.?negative)$/i,
  major: /^(major|anatomic|hemihepat|extended)/i,
  parenchymal_sparing: /^(parenchymal.?sparing|minor|wedge|non.?anatomic|sparing)/i,
};
export function suggestLevel(input, value) {
  for (const level of input.levels ?? []) {
    if (
      synonyms[level.value]?.test(String(value).trim()) ||
      String(value).trim().toLowerCase() === level.value
    )
      return level.value;
  }
  return 'unknown';
}

// mapping: { inputName: { column, levels: { fileValue: modelLevel | 'unknown' } } }
export function calibrate(cohort, model, mapping, calculate) {
  const n = cohort.dfsTime.length;
  const profiles = new Map();
  const keys = [];
  for (let i = 0; i < n; i += 1) {
    const profile = {};
    for (const input of model.inputs) {
      const entry = mapping[input.name];
      const value = entry?.column ? cohort.covariates.get(entry.column)?.[i] : undefined;
      profile[input.name] =
        value === undefined || value === null ? 'unknown' : (entry.levels[value] ?? 'unknown');
    }
    const key = JSON.stringify(profile);
    keys.push(key);
    if (!profiles.has(key)) profiles.set(key, { profile });
  }
  const warnings = [];
  for (const entry of profiles.values()) {
    const { result, warnings: w } = calculate({
      op: 'predict',
      model,
      profile: entry.profile,
      times: calibrationYears,
    });
    for (const warning of w)
      if (!warnings.some((x) => x.code === warning.code && x.subject === warning.subject))
        warnings.push(warning);
    const estimates = result.predictions[0].estimates;
    entry.lp = result.linear_predictor?.value ?? 0;
    entry.surv = calibrationYears.map(
      (year) => estimates.find((row) => row.time === year)?.estimate ?? null,
    );
  }
  const lp = keys.map((key) => profiles.get(key).lp);

  // Three risk groups by the linear predictor, ties kept together.
  const order = lp.map((value, i) => i).sort((a, b) => lp[a] - lp[b]);
  const distinct = [...new Set(order.map((i) => lp[i]))];
  const groupOf = new Map();
  let assigned = 0;
  let group = 1;
  for (const value of distinct) {
    const count = lp.filter((x) => x === value).length;
    groupOf.set(value, group);
    assigned += count;
    if (assigned >= (group * n) / 3 && group < 3) group += 1;
  }
  const labels = { 1: 'lower risk', 2: 'middle risk', 3: 'higher risk' };
  const riskGroup = lp.map((value) => labels[groupOf.get(value)]);
  const usedLabels = [...new Set(riskGroup)];

  const km = calculate({
    op: 'kaplan_meier',
    data: { time: cohort.dfsTime, event: cohort.dfsEvent, group: riskGroup },
    times: calibrationYears,
  }).result;
  const overall = calculate({
    op: 'kaplan_meier',
    data: { time: cohort.dfsTime, event: cohort.dfsEvent },
    times: calibrationYears,
  }).result.curves[0];
  const meanPredicted = (members) =>
    calibrationYears.map((year, k) => {
      const values = members
        .map((i) => profiles.get(keys[i]).surv[k])
        .filter((value) => value !== null);
      return values.length ? values.reduce((sum, value) => sum + value, 0) / values.length : null;
    });
  const atTimes = (curve) =>
    calibrationYears.map((year, k) => ({
      time: year,
      surv: curve.at_times.surv[k],
      lower: curve.at_times.lower[k],
      upper: curve.at_times.upper[k],
    }));
  const groups = Object.values(labels)
    .filter((label) => usedLabels.includes(label))
    .map((label) => {
      const members = riskGroup.map((g, i) => i).filter((i) => riskGroup[i] === label);
      const curve = km.curves.find((c) => c.group === label);
      return {
        label,
        n: members.length,
        predicted: meanPredicted(members),
        observed: atTimes(curve),
      };
    });
  const whole = {
    label: 'whole cohort',
    n,
    predicted: meanPredicted(lp.map((value, i) => i)),
    observed: atTimes(overall),
  };

  let slope = null;
  let slopeError = null;
  try {
    const fit = calculate({
      op: 'cox',
      data: { time: cohort.dfsTime, event: cohort.dfsEvent, covariates: { model_lp: lp } },
    }).result;
    slope = {
      coef: fit.coef.model_lp,
      se: fit.se.model_lp,
      lower: fit.hr_lower.model_lp === null ? null : Math.log(fit.hr_lower.model_lp),
      upper: fit.hr_upper.model_lp === null ? null : Math.log(fit.hr_upper.model_lp),
      p: fit.p.model_lp,
      concordance: fit.concordance.concordance,
      concordance_std: fit.concordance.std,
    };
  } catch (error) {
    slopeError =
      error.code === 'constant_covariate'
        ? 'every patient has the same predicted risk (no mapped input varies), so slope and concordance are undefined'
        : `${error.code ?? ''} ${error.message}`;
  }
  return {
    model: { id: model.id, version: model.version, title: model.title },
    profiles: profiles.size,
    groups,
    whole,
    slope,
    slopeError,
    warnings,
  };
}
