// @ts-check
// "Does the calculator fit your patients?" as requests to the core: each patient's profile (the
// file's values mapped to the model's levels), one predict call per distinct profile, and the
// calibrate op on the predictions put in each row's place (a lookup, no arithmetic). The risk
// groups, observed Kaplan-Meier, calibration slope and concordance are the core's (docs/api.md,
// calibrate).

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

// Each row's profile: mapping { inputName: { column, levels: { fileValue: modelLevel | 'unknown' } } }.
function profileKeys(cohort, inputs, mapping) {
  const profiles = new Map();
  const keys = cohort.dfsTime.map((_, i) => {
    const profile = {};
    for (const input of inputs) {
      const entry = mapping[input.name];
      const value = entry?.column ? cohort.covariates.get(entry.column)?.[i] : undefined;
      profile[input.name] =
        value === undefined || value === null ? 'unknown' : (entry.levels[value] ?? 'unknown');
    }
    const key = JSON.stringify(profile);
    if (!profiles.has(key)) profiles.set(key, { profile });
    return key;
  });
  return { profiles, keys };
}

// inputs: the model's inputs; model: how predict names it ({ model_handle } after load_model, or
// { model } inline); calculate: core-calculate.js. Returns { request (calibrate), profiles (how
// many distinct), warnings (predict's, once each) }.
export function calibrationRequest(cohort, { inputs, model }, mapping, calculate) {
  const { profiles, keys } = profileKeys(cohort, inputs, mapping);
  const warnings = [];
  for (const entry of profiles.values()) {
    const { result, warnings: caveats } = calculate({
      op: 'predict',
      ...model,
      profile: entry.profile,
      times: calibrationYears,
    });
    for (const warning of caveats)
      if (!warnings.some((w) => w.code === warning.code && w.subject === warning.subject))
        warnings.push(warning);
    const estimates = result.predictions[0].estimates;
    entry.surv = calibrationYears.map(
      (year) => estimates.find((row) => row.time === year)?.estimate ?? null,
    );
  }
  const predicted = calibrationYears.map((_, k) => keys.map((key) => profiles.get(key).surv[k]));
  return {
    request: {
      op: 'calibrate',
      data: { time: cohort.dfsTime, event: cohort.dfsEvent },
      times: calibrationYears,
      predicted_surv: predicted,
      groups: 3,
    },
    profiles: profiles.size,
    warnings,
  };
}
