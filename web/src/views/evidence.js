// @ts-check
// Evidence: what a reviewer audits, in collapsible sections a phone reader can find: the sources
// with their S-numbers (as the caveats cite them), every published number the models use (as
// printed, with unit and source), each model's card (population, assumptions, what it cannot
// tell, version and checksum, read from the file's documented members: docs/models.md), and a
// self-test that runs reference cases through the WASM core.
import { el, clear, append } from '../dom.js';
import { percent, intervalText, timeOrigin } from '../format.js';
import { runSelfTest } from '../self-test.js';
import { outcomeName } from '../components/definitions.js';
import { publishedNumbersBySource, evidenceSources } from './evidence-numbers.js';
import { trustPhrase } from '../trust.js';

/** @typedef {import('../models.js').ModelEntry} ModelEntry */
/** @typedef {import('../engine.js').Engine} Engine */

// The self-test's cases by the documented example they run (docs/examples), in words.
/** @type {Record<string, string>} */
const caseNames = {
  cox: 'Cox regression',
  kaplan_meier: 'Kaplan-Meier estimate',
  log_rank: 'Log-rank test',
  cumulative_incidence: 'Cumulative incidence with a competing risk',
  parametric: 'Parametric survival model',
  fit_landmarks: 'A curve through published points',
  load_model: 'Loading a model file',
  predict: 'A prediction from a model file',
  error_negative_time: 'A negative time is refused',
};

/**
 * A collapsible section; open where a reader starts.
 * @param {string} title @param {boolean} open @param {...any} content
 */
function section(title, open, ...content) {
  const details = /** @type {HTMLDetailsElement} */ (
    el(
      'details',
      { className: 'evidence-section' },
      el('summary', {}, el('h3', { text: title })),
      ...content,
    )
  );
  details.open = open;
  return details;
}

/** @param {string} title @param {(string | null | undefined)[] | undefined} items */
function list(title, items) {
  const shown = (items ?? []).filter(Boolean);
  if (shown.length === 0) return null;
  return el(
    'div',
    {},
    el('h4', { text: title }),
    el(
      'ul',
      {},
      shown.map((text) => el('li', { text })),
    ),
  );
}

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
    const built = this.models.filter(
      ({ model }) => /** @type {any} */ (model).provenance?.evidence,
    );
    append(
      container,
      el('h2', { text: 'Evidence: where every number comes from' }),
      el('p', {
        text:
          'Every published number the calculator uses, exactly as printed, with its unit and ' +
          "its source (S1 to S6, as the caveats cite them); each model's assumptions and limits; and a " +
          'self-test of the survival engine. Open a section to read it.',
      }),
      this.models.length
        ? null
        : el('p', { className: 'notice', text: 'No evidence model is installed in this build.' }),
      this.problems.map((problem) =>
        el('p', { className: 'error', text: `Model file not readable: ${problem}` }),
      ),
      section('Sources', true, sourceList(this.models)),
      built.length
        ? section(
            'Published numbers, by source',
            false,
            el('p', {
              text:
                "Each number as the source prints it. The calculator's own (modelled) numbers are " +
                'never listed here.',
            }),
            publishedNumbersBySource(this.models),
          )
        : null,
      this.models.map((entry) => section(entry.model.title, false, modelCard(entry))),
      section('Self-test of the survival engine', false, this.selfTest()),
    );
  }

  selfTest() {
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
            text:
              `${item.ok ? 'Passed' : 'FAILED'}: ${caseNames[item.name] ?? item.name.replaceAll('_', ' ')}` +
              `${item.detail ? ` (${item.detail})` : ''}`,
          }),
        ),
      );
    };
    const node = el(
      'div',
      { className: 'self-test' },
      el('p', {
        text:
          'Runs the documented reference requests through the WebAssembly core in this ' +
          'browser and compares each response with the response of the native build.',
      }),
      el('button', { type: 'button', onclick: run, text: 'Run the self-test again' }),
      status,
      details,
    );
    run();
    return node;
  }

  update() {
    return null;
  }
}

// Every source any model or the transcription cites, by S-number.
/** @param {ModelEntry[]} models */
function sourceList(models) {
  /** @type {Map<string, string>} */
  const sources = new Map(Object.entries(evidenceSources));
  for (const { model } of models)
    for (const source of model.sources)
      if (!sources.has(source.id)) sources.set(source.id, source.citation);
  return el(
    'dl',
    { className: 'source-list' },
    [...sources]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([id, citation]) => [el('dt', { text: id }), el('dd', { text: citation })]),
  );
}

/** @param {ModelEntry} entry */
function modelCard({ model, loaded }) {
  const { outcome, population, uncertainty } = model;
  const development = population.development;
  const origin = timeOrigin(outcome);
  /** @type {[string, string | null][]} */
  const facts = [
    ['Version', model.version],
    ['Checksum', loaded.checksum],
    ['Approved for this site', trustPhrase(loaded)],
    [
      'Kind',
      model.kind === 'published_evidence'
        ? 'built from published evidence'
        : "your institution's Cox model",
    ],
    [outcomeName(outcome), outcome.definition],
    [
      'Time origin',
      `${outcome.time_origin}${origin.assumed ? ` (assumed: the source does not say). ${outcome.time_origin_note ?? ''}` : ''}`,
    ],
    ['Time range', `0 to ${outcome.max_time} ${outcome.time_unit} ${origin.since}`],
    ['Band (model range)', uncertainty.description],
  ];
  const developmentText = [
    `${development.n} patients`,
    development.events && `${development.events} events`,
    development.period,
    development.median_follow_up &&
      `median follow-up ${development.median_follow_up} ${outcome.time_unit}`,
    development.source,
  ]
    .filter(Boolean)
    .join('; ');
  return el(
    'article',
    { className: 'model-card', 'aria-label': model.title },
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
    list('Development population', [
      population.description,
      developmentText,
      development.note,
      ...population.eligibility.map((item) => `Eligible: ${item}`),
    ]),
    list(
      'Sources',
      model.sources.map((source) => `${source.id}: ${source.citation}`),
    ),
    model.personalisation?.note ? list('Personalisation', [model.personalisation.note]) : null,
    list('Assumptions', model.assumptions),
    list('What it cannot tell', [...model.limitations, ...(uncertainty.limitations ?? [])]),
    model.anchors.length
      ? list(
          'Published numbers it shows (exactly as published)',
          model.anchors.map((anchor) =>
            anchor.quantity === 'median'
              ? `${anchor.label}: ${anchor.estimate} ${outcome.time_unit} (${anchor.source})`
              : `${anchor.label}: ${percent(anchor.estimate, 1)} (${intervalText(
                  {
                    ...anchor,
                    status: 'published',
                    interval_type:
                      anchor.lower !== null && anchor.lower !== undefined
                        ? 'published_95_ci'
                        : 'none',
                  },
                  1,
                )}; ${anchor.source})`,
          ),
        )
      : null,
  );
}
