// @ts-check
// About this calculator: intended use and limits, the regulatory status as deployed, who
// maintains it, a contact and the "last reviewed" date (all four set by the deploying
// institution in one file, config/site-config.json: docs/deploy.md), privacy, licences, the
// versions and checksums of what is running, and how to cite it.
import siteConfig from 'virtual:nelm-site-config';
import { el, clear, append } from '../dom.js';
import { trustedModels, trustPhrase } from '../trust.js';

/** @typedef {import('../models.js').ModelEntry} ModelEntry */
/** @typedef {import('../engine.js').Engine} Engine */

export const deployment = siteConfig.deployment;

/** @param {string} title @param {...any} content */
function part(title, ...content) {
  return el('section', { className: 'about-part' }, el('h3', { text: title }), ...content);
}

/** @param {[string, string][]} rows */
function facts(rows) {
  return el(
    'dl',
    { className: 'about-facts' },
    rows.map(([term, text]) => [el('dt', { text: term }), el('dd', { text })]),
  );
}

export class AboutView {
  /** @param {{ engine: Engine, models: ModelEntry[] }} options */
  constructor({ engine, models }) {
    this.engine = engine;
    this.models = models;
  }

  /** @param {HTMLElement} container */
  mount(container) {
    clear(container);
    const {
      institution,
      regulatory_status: status,
      maintainer,
      contact,
      last_reviewed: reviewed,
      local_note: note,
    } = deployment;
    const running = this.models.map(
      ({ loaded }) => `${loaded.title}: version ${loaded.version}, checksum ${loaded.checksum}`,
    );
    const approval = this.models.map(({ loaded }) => `${loaded.title}: ${trustPhrase(loaded)}`);
    const sources = new Map();
    for (const { model } of this.models)
      for (const source of model.sources) sources.set(source.id, source.citation);
    append(
      container,
      el('h2', { text: 'About this calculator' }),
      part(
        'Intended use',
        el('p', {
          text:
            'For clinicians discussing prognosis with patients after curative-intent liver surgery for ' +
            'neuroendocrine liver metastasis (NELM). It summarises published group-level evidence: disease-free ' +
            'survival after the surgery, and survival by site and treatment when the disease comes back.',
        }),
        el('p', {
          text:
            'It does not replace clinical judgement. It cannot say what a treatment would cause: the ' +
            'treatment groups of the sources are observational and confounded by indication. It says nothing ' +
            'beyond 10 years, and nothing the published evidence cannot support.',
        }),
      ),
      part('Regulatory status', el('p', { className: 'regulatory-status', text: status })),
      part(
        'Deployment',
        facts([
          ['Deployed by', institution ?? 'Not set by a deploying institution.'],
          ['Maintained by', maintainer ?? 'Not set by the deploying institution.'],
          ['Contact', contact ?? 'No contact has been set by the deploying institution.'],
          ['Last reviewed', reviewed ?? 'Not yet reviewed by a deploying institution.'],
          ...(note ? /** @type {[string, string][]} */ ([['Note', note]]) : []),
        ]),
      ),
      part(
        'Privacy',
        el('p', {
          text:
            'All computation happens in this browser. Nothing you enter leaves the page: ' +
            "no server receives it and nothing is stored, except an institution's model file when you ask for it to " +
            "be kept. The printout's patient details are typed for the printout only and are never stored or put " +
            'into a link.',
        }),
      ),
      part(
        'What is running',
        facts([
          ['Survival core', `version ${this.engine.version}`],
          ...running.map((text, i) => /** @type {[string, string]} */ ([`Model ${i + 1}`, text])),
        ]),
      ),
      part(
        'Approved models',
        el('p', {
          text: trustedModels
            ? `The deploying institution lists the model files it has approved (${trustedModels.length} in all, by checksum). ` +
              'A model not on that list is marked unverified wherever it is used.'
            : 'This site keeps no list of approved model files, so no model is marked approved or unverified. A checksum ' +
              'shows that a file is unchanged since it was made, not that anyone approved it.',
        }),
        trustedModels
          ? el(
              'ul',
              {},
              approval.map((text) => el('li', { text })),
            )
          : null,
      ),
      part(
        'Licences',
        el('p', {
          text:
            'Third-party code bundled into the page: d3 (ISC licence), PapaParse (MIT ' +
            "licence) and node-qrcode (MIT licence). The calculator's own source code has no licence declared yet; " +
            'ask its maintainers before copying or redistributing it.',
        }),
      ),
      part(
        'How to cite',
        el('p', {
          className: 'how-to-cite',
          text:
            `NELM Outcomes Calculator, survival core version ` +
            `${this.engine.version}${running.length ? `; ${running.join('; ')}` : ''}. Cite the published sources it ` +
            'summarises as well:',
        }),
        el(
          'ul',
          {},
          [...sources]
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([id, citation]) => el('li', { text: `${id}: ${citation}` })),
        ),
      ),
    );
  }

  update() {
    return null;
  }
}
