// @ts-check
// The page's sentences in one place, without the DOM (tests/node/wording.test.mjs checks the
// grammar of every sentence they can produce): counts of 100 with the right verb, who the
// numbers are about, the outcome in words, and the time origin. Numbers come from the core.
import { perHundred, intervalName, years } from './format.js';

/**
 * What an outcome is called in sentences: `alive` is what the filled icons are ("alive without
 * recurrence"), `is` / `are` the verb phrases after "is expected to" / "are expected to".
 * @typedef {{ alive: string, other: string, stay: string, leave: string }} OutcomeWords
 */

/** @type {Record<string, OutcomeWords>} */
export const outcomeWords = {
  // Disease-free survival as the model defines it: alive without recurrence of NELM.
  dfs: {
    alive: 'alive without recurrence',
    other: 'had a recurrence or died',
    stay: 'be alive without recurrence',
    leave: 'have had a recurrence or to have died',
  },
  os: { alive: 'alive', other: 'died', stay: 'be alive', leave: 'have died' },
};

/**
 * Who "100 patients" are: the whole published cohort when no input is known.
 * @param {boolean} anyKnown
 * @param {number} [conditionTime] disease-free this long already (0: from the surgery)
 */
export function whoPhrase(anyKnown, conditionTime = 0) {
  const who = anyKnown
    ? 'patients with the characteristics entered'
    : 'patients like those in the published cohort';
  return conditionTime > 0
    ? `${who} who are still alive without recurrence ${years(conditionTime)} after the liver surgery`
    : who;
}

/**
 * "about 40" / "about 1" / "fewer than 1" / "none" of 100, and the verb that goes with it.
 * @param {number | null} estimate
 */
export function countOf100(estimate) {
  const count = perHundred(estimate);
  if (count === null) return null;
  if (estimate === 0) return { count, words: 'none', verb: 'is' };
  if (count === 0) return { count, words: 'fewer than 1', verb: 'is' };
  if (count === 100 && estimate !== 1) return { count, words: 'more than 99', verb: 'are' };
  return { count, words: `about ${count}`, verb: count === 1 ? 'is' : 'are' };
}

/**
 * "(model range 35 to 45)": the interval as counts of 100, named by its type.
 * @param {{ lower?: number | null, upper?: number | null, interval_type?: string }} estimate
 */
export function rangeOf100({ lower, upper, interval_type: type }) {
  const low = perHundred(lower);
  const high = perHundred(upper);
  const name = intervalName(type);
  if (low === null || high === null || !name) return '';
  return ` (${name} ${low} to ${high})`;
}

/**
 * One estimate as a sentence: "Of 100 patients ..., about 40 (model range 35 to 45) are expected
 * to be alive without recurrence 5 years after the liver surgery."
 * @param {{ time: number, estimate: number | null, lower?: number | null, upper?: number | null,
 *   interval_type?: string }} estimate
 * @param {{ words: OutcomeWords, who: string, after: (time: number) => string }} context
 */
export function estimateSentence(estimate, { words, who, after }) {
  const count = countOf100(estimate.estimate);
  if (!count) return `${capitalise(after(estimate.time))}, the estimate cannot be given.`;
  return (
    `Of 100 ${who}, ${count.words}${rangeOf100(estimate)} ${count.verb} expected to ` +
    `${words.stay} ${after(estimate.time)}.`
  );
}

/**
 * The rest of the 100, so that the two parts always add up to 100 as shown.
 * @param {number | null} estimate
 */
export function complementOf100(estimate) {
  const shown = countOf100(estimate);
  if (!shown) return null;
  if (estimate === 0) return { words: 'all 100', verb: 'are' };
  if (estimate === 1) return { words: 'none', verb: 'is' };
  if (shown.count === 0) return { words: 'more than 99', verb: 'are' };
  if (shown.count === 100) return { words: 'fewer than 1', verb: 'is' };
  const rest = 100 - shown.count;
  return { words: `about ${rest}`, verb: rest === 1 ? 'is' : 'are' };
}

/**
 * The icon array's caption: both parts of the 100, each with its verb.
 * @param {{ time: number, estimate: number | null, lower?: number | null, upper?: number | null,
 *   interval_type?: string }} estimate
 * @param {{ words: OutcomeWords, after: (time: number) => string }} context
 */
export function iconSentence(estimate, { words, after }) {
  const filled = countOf100(estimate.estimate);
  const rest = complementOf100(estimate.estimate);
  if (!filled || !rest) return `${capitalise(after(estimate.time))}, the estimate cannot be given.`;
  return (
    `${capitalise(filled.words)} of 100${rangeOf100(estimate)} ${filled.verb} expected to ` +
    `${words.stay} ${after(estimate.time)}; ${rest.words} ${rest.verb} expected to ${words.leave}.`
  );
}

/** @param {string} text */
export function capitalise(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// Words a patient sheet never uses: each is jargon without an explanation on the sheet
// (tests/node/wording.test.mjs checks the sheet's sentences against it).
export const patientJargon = [
  'DFS',
  'CI',
  'confidence',
  'interval',
  'cohort',
  'NELM',
  'metastas',
  'recurrence',
  'recur',
  'prognosis',
  'hazard',
  'median',
  'modelled',
  'estimate',
  'probability',
  'conditional',
  'survival',
  'endpoint',
  'percentile',
];

/**
 * The patient sheet's sentences: short, everyday words, counts of 100, what the numbers can and
 * cannot say. Numbers are the core's, shown as whole people.
 * @param {{ estimate: number | null, lower: number | null, upper: number | null, time: number }} shown
 * @param {{ known: boolean, t0: number, n?: number | null, period?: string }} context
 */
export function patientSentences(shown, { known, t0, n, period }) {
  const count = countOf100(shown.estimate);
  const rest = complementOf100(shown.estimate);
  const low = perHundred(shown.lower);
  const high = perHundred(shown.upper);
  const people = known ? 'people whose tumour is like yours' : 'people who had this operation';
  const lead = [
    'This sheet is about people who had an operation to remove a neuroendocrine tumour from the liver.',
  ];
  if (t0 > 0)
    lead.push(
      `It is for people who have been free of the tumour for ${years(t0)} since the operation.`,
    );
  if (count && rest) {
    lead.push(`Think of 100 ${people}.`);
    lead.push(
      `By ${years(shown.time)} after the operation, ${count.words} of them would be alive and free of the tumour.`,
    );
    lead.push(
      `${capitalise(rest.words)} of them would have had the tumour come back, or would have died.`,
    );
  }
  if (low !== null && high !== null) {
    lead.push(`We cannot be exact: the true number could be between ${low} and ${high}.`);
  }
  const from = n
    ? `These numbers come from ${n} people treated at several hospitals` +
      `${period && /^\d{4}-\d{4}$/.test(period) ? ` from ${period.replace('-', ' to ')}` : ''}.`
    : 'These numbers come from published studies.';
  return {
    lead,
    can: [from, 'They show what happened to groups of people.'],
    cannot: [
      'They cannot tell what will happen to you.',
      'They cannot tell what a different treatment would do.',
      'Your doctor can explain what they mean for you.',
    ],
  };
}
