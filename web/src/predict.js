// The core's predict op (issue 3, docs/models.md) and the one place that reads its response:
// result.predictions[] each with a curve (time, survival, lower, upper), estimates at 1/3/5/10
// years, the cure probability, published anchors and a statement; envelope warnings beside it.

export const horizons = [1, 3, 5, 10];

// The time grid for curves: every 0.05 year to 10 years (the core evaluates; JS only asks).
export const timeGrid = Array.from({ length: 201 }, (_, i) => Number((i * 0.05).toFixed(2)));

export function predict(engine, model, profile, conditionTime) {
  const request = { op: 'predict', model, profile, times: timeGrid };
  if (conditionTime) request.condition_time = conditionTime;
  const { result, warnings } = engine.calculate(request);
  return {
    model: result.model,
    conditionTime: result.condition_time ?? 0,
    predictions: (result.predictions ?? []).map(normalisePrediction),
    warnings,
    request,
  };
}

const statusOf = (item) => (item?.status === 'published' ? 'published' : 'modelled');

function probability(item, extra = {}) {
  if (!item) return { estimate: null, lower: null, upper: null, tag: 'modelled', ...extra };
  return { estimate: item.estimate ?? null, lower: item.lower ?? null, upper: item.upper ?? null,
    tag: statusOf(item), ...extra };
}

export function normaliseAnchor(anchor) {
  return probability(anchor, { time: anchor.time, label: anchor.label ?? '',
    quantity: anchor.quantity ?? 'survival', source: anchor.citation ?? anchor.source ?? '',
    tag: 'published' });
}

function normaliseCurve(curve) {
  if (!curve || !Array.isArray(curve.time)) return null;
  return { time: curve.time, surv: curve.survival, lower: curve.lower, upper: curve.upper,
    tag: statusOf(curve), band: curve.band ?? '' };
}

function normalisePrediction(prediction) {
  const cure = prediction.cure;
  return {
    label: prediction.label,
    group: prediction.group ?? null,
    curve: normaliseCurve(prediction.curve),
    estimates: (prediction.estimates ?? []).map((item) => probability(item, { time: item.time })),
    median: prediction.median ?? null,
    cure: cure && (cure.given_condition ?? cure.fraction) ? probability(cure.given_condition ?? cure.fraction,
      { given: Boolean(cure.given_condition), time: cure.given_condition?.time ?? 0 }) : null,
    cureFraction: cure?.fraction ? probability(cure.fraction) : null,
    anchors: (prediction.anchors ?? []).map(normaliseAnchor),
    statement: prediction.statement ?? null,
  };
}

// Warnings that name an input (subject) go next to that input's group; the rest apply to all.
export function warningsFor(warnings, subject) {
  return warnings.filter((warning) => (subject === undefined ? !warning.subject : warning.subject === subject));
}
