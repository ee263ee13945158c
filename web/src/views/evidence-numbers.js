// @ts-check
// The Evidence view's audit table: every published number the shipped models are built from,
// read from the one transcription (models/evidence.json, bundled at build time and checked
// against the published evidence by tests/api/evidence_models_test.cpp), exactly as printed,
// with its unit, its source's S-number and where the calculator uses it. Grouped by source.
import evidence from '../../../models/evidence.json';
import { el } from '../dom.js';

/** @typedef {import('../models.js').ModelEntry} ModelEntry */
/**
 * One published number: what it is, as printed, its unit, its source and where it is used.
 * @typedef {{ quantity: string, printed: string, unit: string, source: string, use: string }} PublishedNumber
 */

/** @type {Record<string, string>} */
const unitWords = {
  percent: 'per cent',
  years: 'years',
  months: 'months',
  count: 'patients',
  hr: 'hazard ratio',
  'c-index': 'C-index (0.5: chance, 1: perfect ranking)',
};

/** @type {Record<string, string>} */
const cohortLabels = {
  n: 'Patients in the cohort',
  events: 'Patients whose disease recurred',
  censoring_free_until: 'Follow-up of every disease-free patient at least',
  disease_free: 'Alive without disease with at least 3 years of follow-up',
  median_follow_up: 'Median follow-up',
  recurred: 'Patients whose disease recurred',
};

/** @type {Record<string, string>} */
const sections = {
  dfs: 'After surgery model',
  recurrence: 'At recurrence model',
  comparison: 'Shown for comparison; not fitted by the shipped models',
};

export const evidenceSources = /** @type {Record<string, string>} */ (evidence.sources);

/**
 * Labels of inputs and levels from the loaded models (never the files' internal names).
 * @param {ModelEntry[]} models
 */
function labeller(models) {
  /** @type {Map<string, string>} */
  const labels = new Map();
  for (const { loaded } of models) {
    for (const input of loaded.inputs) {
      labels.set(input.name, input.label);
      for (const level of input.levels) labels.set(`${input.name}=${level.value}`, level.label);
    }
  }
  return {
    /** @param {string} name */ input: (name) => labels.get(name) ?? name.replaceAll('_', ' '),
    /** @param {string} name @param {string} value */
    level: (name, value) => labels.get(`${name}=${value}`) ?? value.replaceAll('_', ' '),
  };
}

/**
 * What a transcribed item is, in words.
 * @param {any} item @param {string} key @param {ReturnType<typeof labeller>} label
 */
function quantityOf(item, key, label) {
  if (item.reference_level) {
    return (
      `${label.input(item.input)}: ${label.level(item.input, item.level)} against ` +
      `${label.level(item.input, item.reference_level)}`
    );
  }
  if (item.label && item.input) return `${label.input(item.input)}: ${item.label}`;
  if (item.label) return item.label;
  if (item.input && item.level)
    return `Share with ${label.input(item.input).toLowerCase()}: ${label.level(item.input, item.level)}`;
  if (item.input) return `Test across the groups of ${label.input(item.input).toLowerCase()}`;
  return cohortLabels[key] ?? key.replaceAll('_', ' ');
}

/**
 * Every transcribed number: objects with a source and the text as printed, wherever they are
 * (a later section of the transcription is listed without a change here).
 * @param {ModelEntry[]} models
 * @returns {PublishedNumber[]}
 */
export function publishedNumbers(models) {
  const label = labeller(models);
  /** @type {PublishedNumber[]} */
  const numbers = [];
  /** @param {any} value @param {string} key @param {string} use */
  const walk = (value, key, use) => {
    if (Array.isArray(value)) {
      value.forEach((item) => walk(item, key, use));
      return;
    }
    if (!value || typeof value !== 'object') return;
    if (typeof value.source === 'string' && (value.text || value.p_text || value.n_text)) {
      const quantity = quantityOf(value, key, label);
      const unit =
        unitWords[value.unit] ?? (value.os10 !== undefined ? 'per cent' : (value.unit ?? ''));
      if (value.text) {
        const what = value.os10 !== undefined ? `${quantity}: 10-year overall survival` : quantity;
        numbers.push({ quantity: what, printed: value.text, unit, source: value.source, use });
      }
      if (value.p_text) {
        numbers.push({
          quantity: value.reference_level ? `${quantity}: p-value` : quantity,
          printed: value.p_text,
          unit: 'p-value',
          source: value.source,
          use,
        });
      }
      if (value.n_text) {
        numbers.push({
          quantity: `${quantity}: patients (share)`,
          printed: value.n_text,
          unit: 'patients (per cent)',
          source: value.source,
          use,
        });
      }
      return;
    }
    for (const [name, item] of Object.entries(value)) walk(item, name, use);
  };
  for (const [name, section] of Object.entries(evidence)) {
    if (section && typeof section === 'object' && name !== 'sources')
      walk(section, name, sections[name] ?? name);
  }
  return numbers;
}

/**
 * One collapsible section per source: its citation and every number taken from it.
 * @param {ModelEntry[]} models
 */
export function publishedNumbersBySource(models) {
  const numbers = publishedNumbers(models);
  const ids = [...new Set(numbers.map((number) => number.source))].sort();
  return ids.map((id) => {
    const own = numbers.filter((number) => number.source === id);
    return el(
      'details',
      { className: 'evidence-source', 'data-source': id },
      el('summary', {
        text: `${id}: ${own.length} published ${own.length === 1 ? 'number' : 'numbers'}`,
      }),
      el('p', { className: 'citation', text: evidenceSources[id] ?? '' }),
      el(
        'div',
        { className: 'table-scroll' },
        el(
          'table',
          { className: 'evidence-table' },
          el('caption', { text: `Published numbers from ${id}, exactly as printed` }),
          el(
            'thead',
            {},
            el(
              'tr',
              {},
              ['Quantity', 'As published', 'Unit', 'Used in'].map((name) =>
                el('th', { scope: 'col', text: name }),
              ),
            ),
          ),
          el(
            'tbody',
            {},
            own.map((number) =>
              el(
                'tr',
                {},
                el('th', { scope: 'row', text: number.quantity }),
                el('td', { text: number.printed }),
                el('td', { text: number.unit }),
                el('td', { text: number.use }),
              ),
            ),
          ),
        ),
      ),
    );
  });
}
