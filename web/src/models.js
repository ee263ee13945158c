// The evidence models shipped in public/models/, bundled into the page at build time (as text,
// so the single-file build needs no fetch), and the few accessors the views use to read them.
// The model format is documented in docs/models.md (issue 3); the accessors below are the only
// place that knows its field names.

import modelTexts from 'virtual:nelm-models';

export function loadModels() {
  const models = [];
  const problems = [];
  for (const [file, text] of Object.entries(modelTexts)) {
    try {
      const model = JSON.parse(text);
      if (model && typeof model === 'object' && !Array.isArray(model)) {
        models.push({ file, model, role: modelRole(model, file) });
      }
    } catch (error) {
      problems.push(`${file}: ${error.message}`);
    }
  }
  models.sort((a, b) => a.file.localeCompare(b.file));
  return { models, problems };
}

function lower(value) {
  return typeof value === 'string' ? value.toLowerCase() : '';
}

// 'after_surgery' (DFS after the liver surgery) or 'at_recurrence' (OS by site and treatment).
export function modelRole(model, file = '') {
  const words = [model.id, model.name, model.title, file, model.outcome?.endpoint,
    model.outcome?.name, model.kind, model.type].map(lower).join(' ');
  if (/recurrence|post_recurrence|post-recurrence/.test(words) && !/disease.free|dfs/.test(words)) {
    return 'at_recurrence';
  }
  if (/disease.free|dfs/.test(words)) return 'after_surgery';
  return 'other';
}

export function modelTitle(model) {
  return model.title ?? model.name ?? model.id ?? 'Unnamed model';
}

export function modelVersion(model) {
  return model.version ?? 'unversioned';
}

export function modelChecksum(model) {
  const checksum = model.checksum;
  if (checksum && typeof checksum === 'object') {
    return `${checksum.algorithm ?? ''}${checksum.algorithm ? ':' : ''}${checksum.value ?? ''}`;
  }
  return checksum ?? 'none';
}

export function modelInputs(model) {
  const inputs = Array.isArray(model.inputs) ? model.inputs : [];
  return inputs.filter((input) => input && typeof input.name === 'string');
}

export function inputLevels(input) {
  const levels = input.levels ?? input.values ?? input.choices ?? [];
  return levels.map((level) => (typeof level === 'object'
    ? { value: String(level.value ?? level.name), label: String(level.label ?? level.value ?? level.name) }
    : { value: String(level), label: String(level).replaceAll('_', ' ') }));
}

export function inputLabel(input) {
  return input.label ?? input.description ?? input.name.replaceAll('_', ' ');
}

// Published anchor points with their source id resolved to its citation:
// [{label, quantity, time, estimate, lower, upper, source, applies_to?, note?}].
export function modelAnchors(model) {
  const anchors = model.anchors ?? model.published_anchors ?? [];
  if (!Array.isArray(anchors)) return [];
  return anchors.map((anchor) => ({ ...anchor, source: sourceCitation(model, anchor.source) }));
}

// Survival anchors only (a published median is a time, not a point on the curve).
export function survivalAnchors(model) {
  return modelAnchors(model).filter((anchor) => (anchor.quantity ?? 'survival') === 'survival');
}

export function sourceCitation(model, id) {
  if (typeof id !== 'string') return citation(id);
  const source = (model.sources ?? []).find((item) => item.id === id);
  return source ? source.citation : id;
}

export function unknownDescription(input) {
  return typeof input.unknown === 'object' ? input.unknown?.description : input.unknown;
}

export function numberRange(input) {
  const range = input.range ?? {};
  return [range.minimum ?? range[0], range.maximum ?? range[1]];
}

export function textList(value) {
  if (Array.isArray(value)) {
    return value.map((item) => (typeof item === 'string' ? item : item?.text ?? item?.statement ??
      item?.description ?? JSON.stringify(item)));
  }
  if (typeof value === 'string') return [value];
  return [];
}

export function citation(source) {
  if (!source) return '';
  if (typeof source === 'string') return source;
  return source.citation ?? source.reference ?? source.short ?? source.id ?? JSON.stringify(source);
}
