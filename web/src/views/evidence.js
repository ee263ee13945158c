// @ts-check
// Evidence: each model's card (sources, population, assumptions, what it cannot tell, version and
// checksum, read from the file's documented members: docs/models.md) and a self-test that runs
// reference cases through the WASM core.
import { el, clear, append } from '../dom.js';
import { sourceCitation } from '../models.js';
import { percent, interval } from '../format.js';
import { runSelfTest } from '../self-test.js';

/** @typedef {import('../models.js').ModelEntry} ModelEntry */
/** @typedef {import('../engine.js').Engine} Engine */

export class EvidenceView {
  /** @param {{ engine: Engine, models: ModelEntry[], problems: string[] }} options */
  constructor({ engine, models, problems }) {
    this.engine = engine;
    this.models = models;
    this.problems = problems;
  }

  /** @param {HTMLElement} container */
  mount(container) {
    clear(container);
    const status = el('p', { className: 'self-test-status', role: 'status', text: 'Not run yet.' });
    const details = el('ul', { className: 'self-test-cases' });
    const run = () => {
      status.textContent = 'Running…';
      const outcome = runSelfTest(this.engine);
      status.textContent =
        `${outcome.passed} of ${outcome.total} reference cases passed` +
        ` (survival core ${this.engine.version}).`;
      status.classList.toggle('error', outcome.passed !== outcome.total);
      status.dataset.passed = String(outcome.passed);
      status.dataset.total = String(outcome.total);
      details.replaceChildren(
        ...outcome.cases.map((item) =>
          el('li', {
            className: item.ok ? 'pass' : 'fail',
            text: `${item.ok ? 'Passed' : 'FAILED'}: ${item.name}${item.detail ? ` (${item.detail})` : ''}`,
          }),
        ),
      );
    };
    append(
      container,
      el('h2', { text: 'Evidence: where every number comes from' }),
      this.models.length
        ? null
        : el('p', { className: 'notice', text: 'No evidence model is installed in this build.' }),
      this.problems.map((problem) =>
        el('p', { className: 'error', text: `Model file not readable: ${problem}` }),
      ),
      this.models.map((entry) => modelCard(entry)),
      el(
        'section',
        { className: 'self-test', 'aria-labelledby': 'self-test-title' },
        el('h3', { id: 'self-test-title', text: 'Self-test of the survival engine' }),
        el('p', {
          text:
            'Runs the documented reference requests through the WebAssembly core in this ' +
            'browser and compares each response with the checked-in response of the native build.',
        }),
        el('button', { type: 'button', onclick: run, text: 'Run the self-test again' }),
        status,
        details,
      ),
    );
    run();
  }

  update() {
    return null;
  }
}

/**
 * @param {string} title
 * @param {string[] | undefined} items
 */
function section(title, items) {
  const list = (items ?? []).filter(Boolean);
  if (list.length === 0) return null;
  return el(
    'div',
    {},
    el('h4', { text: title }),
    el(
      'ul',
      {},
      list.map((text) => el('li', { text })),
    ),
  );
}

/** @param {ModelEntry} entry */
function modelCard({ file, model, loaded }) {
  const { outcome, population, uncertainty } = model;
  const development = population.development;
  /** @type {[string, string | null][]} */
  const facts = [
    ['Version', model.version],
    ['Checksum', loaded.checksum],
    ['File', file],
    ['Kind', model.kind === 'published_evidence' ? 'published evidence' : model.kind],
    ['Outcome', `${outcome.endpoint} (${outcome.definition})`],
    [
      'Time origin',
      `${outcome.time_origin}${
        outcome.time_origin_stated === false
          ? ` (assumed: not stated in the source. ${outcome.time_origin_note ?? ''})`
          : ''
      }`,
    ],
    ['Time range', `0 to ${outcome.max_time} ${outcome.time_unit}`],
    ['Uncertainty band', `${uncertainty.method}: ${uncertainty.description}`],
  ];
  const developmentText = [
    `n = ${development.n}`,
    development.events && `${development.events} events`,
    development.period,
    development.median_follow_up && `median follow-up ${development.median_follow_up}`,
    sourceCitation(model, development.source),
  ]
    .filter(Boolean)
    .join('; ');
  return el(
    'article',
    { className: 'model-card', 'aria-label': model.title },
    el('h3', { text: model.title }),
    model.synthetic
      ? el('p', { className: 'warnings', text: 'Synthetic model: for testing only, not evidence.' })
      : null,
    el(
      'dl',
      {},
      facts.map(([name, value]) => [
        el('dt', { text: name }),
        el('dd', { className: name === 'Checksum' ? 'checksum' : undefined, text: value }),
      ]),
    ),
    section('Development population', [
      population.description,
      developmentText,
      ...population.eligibility.map((item) => `Eligible: ${item}`),
    ]),
    section(
      'Sources',
      model.sources.map((source) => source.citation),
    ),
    model.personalisation?.note ? section('Personalisation', [model.personalisation.note]) : null,
    section('Assumptions', model.assumptions),
    section('What it cannot tell', [...model.limitations, ...(uncertainty.limitations ?? [])]),
    model.anchors.length
      ? el(
          'div',
          {},
          el('h4', { text: 'Published numbers (exactly as published)' }),
          el(
            'ul',
            {},
            model.anchors.map((anchor) =>
              el('li', {
                text:
                  anchor.quantity === 'median'
                    ? `${anchor.label}: ${anchor.estimate} ${outcome.time_unit}; ${sourceCitation(model, anchor.source)}`
                    : `${anchor.label}: ${percent(anchor.estimate, 1)} (${interval(anchor.lower ?? null, anchor.upper ?? null, 1)}); ${sourceCitation(model, anchor.source)}`,
              }),
            ),
          ),
        )
      : null,
  );
}
