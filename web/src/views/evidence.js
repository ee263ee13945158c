// Evidence: each model's card (sources, population, assumptions, what it cannot tell, version and
// checksum) and a self-test that runs reference cases through the WASM core.
import { el, clear, append } from '../dom.js';
import { modelTitle, modelVersion, modelChecksum, modelAnchors, textList, citation, sourceCitation } from '../models.js';
import { percent, interval } from '../format.js';
import { runSelfTest } from '../self-test.js';

export class EvidenceView {
  constructor({ engine, models, problems }) {
    this.engine = engine;
    this.models = models;
    this.problems = problems;
  }

  mount(container) {
    clear(container);
    const status = el('p', { className: 'self-test-status', role: 'status', text: 'Not run yet.' });
    const details = el('ul', { className: 'self-test-cases' });
    const run = () => {
      status.textContent = 'Running…';
      const outcome = runSelfTest(this.engine, this.models);
      status.textContent = `${outcome.passed} of ${outcome.total} reference cases passed` +
        ` (survival core ${this.engine.version}).`;
      status.classList.toggle('error', outcome.passed !== outcome.total);
      status.dataset.passed = String(outcome.passed);
      status.dataset.total = String(outcome.total);
      details.replaceChildren(...outcome.cases.map((item) => el('li', {
        className: item.ok ? 'pass' : 'fail', text: `${item.ok ? 'Passed' : 'FAILED'}: ${item.name}${item.detail ? ` (${item.detail})` : ''}` })));
    };
    append(container, 
      el('h2', { text: 'Evidence: where every number comes from' }),
      this.models.length ? null : el('p', { className: 'notice', text: 'No evidence model is installed in this build.' }),
      this.problems.map((problem) => el('p', { className: 'error', text: `Model file not readable: ${problem}` })),
      this.models.map((entry) => modelCard(entry)),
      el('section', { className: 'self-test', 'aria-labelledby': 'self-test-title' },
        el('h3', { id: 'self-test-title', text: 'Self-test of the survival engine' }),
        el('p', { text: 'Runs the documented reference requests through the WebAssembly core in this '
          + 'browser and compares each response with the checked-in response of the native build.' }),
        el('button', { type: 'button', onclick: run, text: 'Run the self-test again' }),
        status, details));
    run();
  }

  update() { return null; }
}

function section(title, items) {
  const list = textList(items);
  if (list.length === 0) return null;
  return el('div', {}, el('h4', { text: title }), el('ul', {}, list.map((text) => el('li', { text }))));
}

function modelCard({ file, model }) {
  const anchors = modelAnchors(model);
  const outcome = model.outcome ?? {};
  const population = model.population ?? {};
  const development = population.development ?? {};
  const uncertainty = model.uncertainty ?? {};
  const facts = [
    ['Version', modelVersion(model)], ['Checksum', modelChecksum(model)], ['File', file],
    ['Kind', model.kind === 'published_evidence' ? 'published evidence' : model.kind],
    ['Outcome', [outcome.endpoint, outcome.definition && `(${outcome.definition})`].filter(Boolean).join(' ')],
    ['Time origin', outcome.time_origin ? `${outcome.time_origin}${outcome.time_origin_stated === false
      ? ` (assumed: not stated in the source. ${outcome.time_origin_note ?? ''})` : ''}` : null],
    ['Time range', outcome.max_time ? `0 to ${outcome.max_time} ${outcome.time_unit ?? ''}` : null],
    ['Uncertainty band', [uncertainty.method, uncertainty.description].filter(Boolean).join(': ') || null],
  ].filter(([, value]) => value);
  const developmentText = [development.n && `n = ${development.n}`, development.events && `${development.events} events`,
    development.period, development.median_follow_up && `median follow-up ${development.median_follow_up}`,
    development.source && sourceCitation(model, development.source)].filter(Boolean).join('; ');
  return el('article', { className: 'model-card', 'aria-label': modelTitle(model) },
    el('h3', { text: modelTitle(model) }),
    model.synthetic ? el('p', { className: 'warnings', text: 'Synthetic model: for testing only, not evidence.' }) : null,
    el('dl', {}, facts.map(([name, value]) => [el('dt', { text: name }),
      el('dd', { className: name === 'Checksum' ? 'checksum' : undefined, text: value })])),
    section('Development population', [population.description, developmentText,
      ...textList(population.eligibility).map((item) => `Eligible: ${item}`)].filter(Boolean)),
    section('Sources', (model.sources ?? []).map((source) => citation(source))),
    model.personalisation?.note ? section('Personalisation', [model.personalisation.note]) : null,
    section('Assumptions', model.assumptions),
    section('What it cannot tell', [...textList(model.limitations), ...textList(uncertainty.limitations)]),
    anchors.length ? el('div', {}, el('h4', { text: 'Published numbers (exactly as published)' }),
      el('ul', {}, anchors.map((anchor) => el('li', { text: anchor.quantity === 'median'
        ? `${anchor.label}: ${anchor.estimate} ${outcome.time_unit ?? ''}; ${anchor.source}`
        : `${anchor.label}: ${percent(anchor.estimate, 1)} (${interval(anchor.lower ?? null, anchor.upper ?? null, 1)}); ${anchor.source}` })))) : null);
}
