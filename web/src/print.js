// @ts-check
// The two printouts: the clinic printout of the current view (a header with the details typed
// for it, the model's version and checksum once, its sources once, the share link as text and
// as a QR code) and the patient sheet (plain language, web/src/views/after-surgery-print.js).
// The typed details live only in their fields and in the printed page: never stored, never in
// the link, cleared when the page is closed.
import { el, syncChildren, clear, append } from './dom.js';
import { qrCode } from './components/qr-code.js';
import { unverifiedSentence } from './trust.js';

/** @typedef {import('./models.js').ModelEntry} ModelEntry */
/** @typedef {{ entry?: ModelEntry | null, patientSheet?: () => Node | null }} PrintableView */

/** @param {string} id */
const byId = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

// The details typed for the printout, as the header prints them (blank lines to fill by hand).
const fields = [
  ['print-patient', 'Patient'],
  ['print-birth', 'Date of birth'],
  ['print-clinician', 'Clinician'],
  ['print-date-field', 'Date'],
];

export class Printout {
  /** @param {{ engineVersion: string }} options */
  constructor({ engineVersion }) {
    this.engineVersion = engineVersion;
    this.header = byId('print-header');
    this.footer = byId('print-footer');
    this.sheet = byId('patient-sheet');
    /** @type {PrintableView | null} */
    this.view = null;
    this.link = '';
    const date = /** @type {HTMLInputElement} */ (byId('print-date-field'));
    if (date && !date.value) date.value = new Date().toISOString().slice(0, 10);
    window.addEventListener('beforeprint', () =>
      this.prepare(document.body.dataset.print === 'patient' ? 'patient' : 'clinic'),
    );
    window.addEventListener('afterprint', () => {
      delete document.body.dataset.print;
    });
  }

  // What the next printout shows: the view on screen and the link that reopens it.
  /** @param {PrintableView} view @param {string} link */
  update(view, link) {
    this.view = view;
    this.link = link;
  }

  /** @param {'clinic' | 'patient'} kind */
  print(kind) {
    document.body.dataset.print = kind;
    this.prepare(kind);
    window.print();
  }

  /** @param {'clinic' | 'patient'} kind */
  prepare(kind) {
    document.body.dataset.print = kind;
    this.fillHeader();
    this.fillFooter();
    const sheet = kind === 'patient' ? (this.view?.patientSheet?.() ?? null) : null;
    syncChildren(
      this.sheet,
      sheet ??
        (kind === 'patient'
          ? el('p', {
              text: 'The patient sheet is made from the After surgery view: open it, then print the sheet.',
            })
          : null),
    );
  }

  fillHeader() {
    const list = this.header.querySelector('dl') ?? this.header.appendChild(el('dl'));
    syncChildren(
      list,
      fields.flatMap(([id, term]) => {
        const value = /** @type {HTMLInputElement} */ (byId(id)).value.trim();
        return [
          el('dt', { text: term }),
          el('dd', { className: value ? '' : 'blank', text: value || ' ' }),
        ];
      }),
    );
  }

  fillFooter() {
    const entry = this.view?.entry ?? null;
    const unverified = entry ? unverifiedSentence(entry.loaded) : null;
    const model = entry
      ? `${entry.institution ? entry.label : entry.loaded.title}, version ${entry.loaded.version}, ` +
        `checksum ${entry.loaded.checksum}`
      : "no model (this view shows no model's estimates)";
    const sources = entry
      ? entry.model.sources.map((source) => `${source.id}: ${source.citation}`)
      : [];
    append(
      clear(this.footer),
      el(
        'div',
        { className: 'print-facts' },
        el(
          'p',
          {},
          el('strong', { text: 'Model: ' }),
          model,
          `; survival core ${this.engineVersion}.`,
        ),
        unverified ? el('p', { className: 'unverified-model', text: unverified }) : null,
        sources.length ? el('p', {}, el('strong', { text: 'Sources: ' }), sources.join(' ')) : null,
        el(
          'p',
          { className: 'print-link' },
          el('strong', { text: 'Reopen this result: ' }),
          el('span', { className: 'print-link-text', text: this.link }),
        ),
        el('p', {
          className: 'print-privacy',
          text: 'The link holds the inputs shown above, never the patient details of this header.',
        }),
      ),
      this.link
        ? qrCode(this.link, `QR code of the link that reopens this result: ${this.link}`)
        : null,
    );
  }
}
