// @ts-check
// The personalised (cure-regression) result of the After surgery view: the published whole-cohort
// numbers first (S1's curve, S4's cure fraction), then the modelled estimate for this profile with
// its model range (never a 95% CI), S4's figure for the patient's profile beside the cure
// probability, and the assumptions behind the range. Lays out predict's response only.
import { el, setText, syncChildren } from '../dom.js';
import { percent, intervalText, years, tagLabel } from '../format.js';
import { EstimateCards } from './estimates.js';

/** @typedef {import('../../../docs/api').Prediction} Prediction */
/** @typedef {import('../../../docs/api').Warning} Warning */
/** @typedef {import('../../../docs/api').MixRange} MixRange */

/** @param {MixRange} range */
const rangeText = (range) => intervalText(range);

export class PersonalisedEstimates {
  constructor() {
    this.publishedNote = el('p', { className: 'note' });
    this.publishedCards = el('ul', {
      className: 'estimate-cards published-cards',
      'aria-label': 'Published estimates, whole cohort',
    });
    this.publishedMedian = el('p', { className: 'published-median' });
    this.published = el(
      'section',
      { className: 'published-headline', 'aria-label': 'Published, whole cohort' },
      el('h4', { text: 'Published: the whole cohort (322 patients, S1)' }),
      this.publishedNote,
      this.publishedCards,
      this.publishedMedian,
    );
    this.modelledTitle = el('h4');
    this.choiceNote = el('p', { className: 'caveat choice-caveat' });
    this.modelledCards = new EstimateCards();
    this.median = el('p', { className: 'modelled-median' });
    this.cure = el('div', { className: 'cure-comparison' });
    this.mix = el('p', { className: 'note mix-statement' });
    this.modelled = el(
      'section',
      { className: 'personalised-modelled', 'aria-label': 'Personalised, modelled' },
      this.modelledTitle,
      this.choiceNote,
      this.modelledCards.node,
      this.median,
      this.cure,
      this.mix,
    );
    this.node = el('div', { className: 'personalised-estimates' }, this.published, this.modelled);
  }

  /**
   * @param {Prediction} prediction predict's answer for a cure-regression model
   * @param {Warning[]} warnings
   * @param {number} t0 years already disease-free
   * @param {import('./estimates.js').Wording & { origin: string }} wording
   */
  update(prediction, warnings, t0, wording) {
    const personalised = /** @type {NonNullable<Prediction['personalised']>} */ (
      prediction.personalised
    );
    const points = prediction.anchors.filter(
      (anchor) => anchor.quantity === 'survival' && anchor.time !== null,
    );
    setText(
      this.publishedNote,
      t0 > 0
        ? 'As published, from the day of surgery for all patients (not conditional on the time already disease-free).'
        : 'As published, from the day of surgery; no confidence intervals were published.',
    );
    syncChildren(this.publishedCards, points.map(publishedCard));
    const median = prediction.anchors.find((anchor) => anchor.quantity === 'median');
    setText(
      this.publishedMedian,
      median
        ? `Median disease-free survival: ${years(median.estimate)} after surgery (published, ${median.source}).`
        : '',
    );
    setText(this.modelledTitle, `Personalised for this profile (modelled), ${wording.origin}`);
    const choices = warnings.filter((warning) => warning.code === 'confounded_comparison');
    setText(
      this.choiceNote,
      choices
        .map((warning) => `Every estimate below depends on this choice: ${warning.message}`)
        .join(' '),
    );
    this.modelledCards.update(
      prediction.estimates.map((estimate, i) => ({
        ...estimate,
        interval_type: personalised.estimates[i]?.interval_type ?? 'model_range',
      })),
      wording,
      `Modelled estimates for this profile, ${wording.origin}`,
    );
    setText(
      this.median,
      personalised.median
        ? `Median disease-free survival for this profile: ${years(Number(personalised.median.estimate?.toFixed(1)))} after surgery (modelled; model range ${years(Number(personalised.median.lower?.toFixed(1)))} to ${years(Number(personalised.median.upper?.toFixed(1)))}).`
        : `No modelled median: ${prediction.median?.note ?? 'not estimable'}.`,
    );
    syncChildren(this.cure, cureParagraphs(personalised, t0));
    setText(this.mix, personalised.mix_statement);
    syncChildren(
      this.modelled,
      this.modelledTitle,
      choices.length ? this.choiceNote : null,
      this.modelledCards.node,
      this.median,
      this.cure,
      this.mix,
    );
    return this;
  }
}

// A published point as printed (one decimal: 75.5%), with its source; rebuilt on each update
// (three small cards).
/** @param {import('../../../docs/api').Anchor} anchor */
function publishedCard(anchor) {
  return el(
    'li',
    { className: 'card tag-published', 'data-time': anchor.time },
    el('p', { className: 'card-time', text: years(/** @type {number} */ (anchor.time)) }),
    el('p', {
      className: 'card-value',
      'data-value': anchor.estimate,
      text: percent(anchor.estimate, 1),
    }),
    el('p', { className: 'card-ci', text: intervalText(anchor, 1) }),
    el('p', { className: 'tag tag-published', text: tagLabel('published') }),
    el('p', { className: 'card-source', text: anchor.source }),
  );
}

/**
 * The model's cure probability beside the published 44% (S4) and, for a patient in one of S4's
 * profiles, S4's figure for it and whether the sources agree.
 * @param {NonNullable<Prediction['personalised']>} personalised
 * @param {number} t0
 */
function cureParagraphs(personalised, t0) {
  const fraction = personalised.cure_fraction;
  const given = personalised.cure_given_condition;
  const published = personalised.published_cure;
  const parts = [
    el('p', {
      className: 'cure-modelled tag-modelled',
      text:
        `Probability of cure after surgery (modelled): ` +
        `${percent(fraction.estimate)} (${rangeText(fraction)})` +
        (given && t0 > 0
          ? `; given disease-free at ${years(t0)}: ${percent(given.estimate)} (${rangeText(given)})`
          : '') +
        '.',
    }),
    el('p', {
      className: 'cure-published tag-published',
      text:
        `Published beside it: ${percent(published.estimate)}, ` +
        `${published.label}, ${tagLabel('published').toLowerCase()} (${published.source}).`,
    }),
  ];
  const profile = personalised.cure_profile;
  if (profile) {
    parts.push(
      el('p', {
        className: `cure-profile ${profile.range_covers_transferred ? 'sources-agree' : 'sources-disagree'}`,
        text: profile.range_covers_transferred
          ? `${profile.source} published ${percent(profile.published)} cured for patients with this profile (${profile.label}, ` +
            `a cohort with ${percent(personalised.published_cure.estimate)} cured overall); transferred to this cohort ` +
            `(modelled): ${percent(profile.transferred)}, which the model range covers.`
          : profile.disagreement,
      }),
    );
  }
  parts.push(el('p', { className: 'note cure-definition', text: personalised.cure_definition }));
  return parts;
}
