// The predict op of the core (issue 3) and the one function that maps its response onto what the
// views draw. Field names of the response are read here only.
import { modelAnchors, citation } from './models.js';

export const horizons = [1, 3, 5, 10];

// The time grid for curves: every 0.05 year to 10 years (the core evaluates; JS only asks).
export const timeGrid = Array.from({ length: 201 }, (_, i) => Number((i * 0.05).toFixed(2)));

export function predict(engine, model, profile, conditionTime) {
  const request = { op: 'predict', model, profile, times: timeGrid };
  if (conditionTime) request.condition_time = conditionTime;
  const { result, warnings } = engine.calculate(request);
  return normalise(result, warnings, model);
}

function tagOf(item, fallback = 'modelled') {
  const tag = item?.tag ?? item?.kind ?? item?.source_type;
  return tag === 'published' || tag === 'modelled' ? tag : fallback;
}

function triple(item) {
  if (item === null || item === undefined) return null;
  if (typeof item === 'number') return { estimate: item, lower: null, upper: null };
  return {
    estimate: item.estimate ?? item.value ?? item.surv ?? item.probability ?? null,
    lower: item.lower ?? item.ci?.[0] ?? item.ci_lower ?? null,
    upper: item.upper ?? item.ci?.[1] ?? item.ci_upper ?? null,
  };
}

export function normaliseAnchor(anchor) {
  return {
    time: anchor.time ?? anchor.years,
    ...triple(anchor),
    tag: 'published',
    label: anchor.label ?? anchor.name ?? '',
    source: citation(anchor.source ?? anchor.citation),
  };
}

function normaliseCurve(curve) {
  if (!curve || !Array.isArray(curve.time)) return null;
  const survival = curve.surv ?? curve.survival ?? curve.estimate;
  const band = curve.band ?? curve;
  return {
    time: curve.time,
    surv: survival,
    lower: band.lower ?? null,
    upper: band.upper ?? null,
    tag: tagOf(curve),
  };
}

function normaliseEstimates(raw) {
  if (!raw) return [];
  const list = Array.isArray(raw) ? raw : Object.entries(raw).map(([time, value]) => ({
    time: Number(String(time).replace(/[^0-9.]/g, '')), ...value }));
  return list.map((item) => ({ time: item.time ?? item.years, ...triple(item), tag: tagOf(item),
    source: citation(item.source) }));
}

export function normalise(result, warnings, model) {
  const anchors = result.anchors ?? result.published ?? result.published_anchors ??
    modelAnchors(model);
  const cure = result.probability_of_cure ?? result.cure_probability ?? result.cure ?? null;
  return {
    curve: normaliseCurve(result.curve),
    estimates: normaliseEstimates(result.estimates ?? result.at_times),
    cure: cure === null ? null : { ...triple(cure), tag: tagOf(cure) },
    anchors: anchors.map(normaliseAnchor),
    warnings: [...(result.warnings ?? []), ...warnings],
    raw: result,
  };
}
