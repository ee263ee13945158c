// Room for the "Your cohort" view of the cohort-analysis issue.
import { el, clear, append } from '../dom.js';

export class CohortView {
  mount(container) {
    clear(container);
    append(container, el('h2', { text: 'Your cohort' }),
      el('p', { className: 'notice', text: 'Analysing your own institution\'s cohort in this '
        + 'browser is planned (cohort-analysis issue). Nothing is available here yet.' }));
  }

  update() { return null; }
}
