// Evidence: each model's card (sources, population, assumptions, what it cannot tell, version and
// checksum) and a self-test that runs reference cases through the WASM core.
import { el, clear } from '../dom.js';
import { modelTitle, modelVersion, modelChecksum, modelAnchors, textList, citation } from '../models.js';
import { normaliseAnchor } from '../predict.js';
import { percent, interval, years } from '../format.js';
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
    container.append(
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
  const anchors = modelAnchors(model).map(normaliseAnchor);
  const outcome = model.outcome ?? {};
  const sources = model.sources ?? model.references ?? [];
  return el('article', { className: 'model-card', 'aria-label': modelTitle(model) },
    el('h3', { text: modelTitle(model) }),
    el('dl', {},
      el('dt', { text: 'Version' }), el('dd', { text: modelVersion(model) }),
      el('dt', { text: 'Checksum' }), el('dd', { className: 'checksum', text: modelChecksum(model) }),
      el('dt', { text: 'File' }), el('dd', { text: file }),
      outcome.endpoint ? [el('dt', { text: 'Outcome' }), el('dd', {
        text: [outcome.endpoint, outcome.time_origin && `from ${outcome.time_origin}`, outcome.unit && `in ${outcome.unit}`].filter(Boolean).join(', ') })] : null),
    section('Sources', (Array.isArray(sources) ? sources : [sources]).map(citation)),
    section('Development population', model.population ?? model.intended_population ?? model.development_population),
    section('Assumptions', model.assumptions),
    section('What it cannot tell', model.limitations ?? model.limits ?? model.cannot_tell ?? model.not_supported),
    anchors.length ? el('div', {}, el('h4', { text: 'Published numbers' }),
      el('ul', {}, anchors.map((anchor) => el('li', { text:
        `${anchor.label ? `${anchor.label}, ` : ''}${years(anchor.time)}: ${percent(anchor.estimate, 1)} `
        + `(${interval(anchor.lower, anchor.upper, 1)}); ${anchor.source}` })))) : null);
}
