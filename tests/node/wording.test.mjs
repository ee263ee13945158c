// The page's sentences (web/src/wording.js, web/src/format.js): every sentence they can produce
// for every count of 100, interval type, horizon, conditioning time and profile, checked for
// grammar (the verb agrees with its count; nothing like "1 are expected" or "expected to be
// recurred"), for naming the time origin and the interval's type, and the patient sheet against
// plain-language guidance (short sentences, everyday words, no unexplained term).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  estimateSentence,
  iconSentence,
  countOf100,
  complementOf100,
  whoPhrase,
  outcomeWords,
  patientSentences,
  patientJargon,
} from '../../web/src/wording.js';
import { percent, intervalText, timeOrigin, plural, confidenceName } from '../../web/src/format.js';

const afterSurgery = timeOrigin({ time_origin_stated: true, time_unit: 'years' });
const atRecurrence = timeOrigin({ time_origin_stated: false, time_unit: 'years' });
const estimates = [
  0, 0.001, 0.004, 0.005, 0.0051, 0.01, 0.014, 0.4016, 0.5, 0.985, 0.994, 0.996, 0.999, 1,
];
const kinds = ['model_range', 'published_95_ci', 'none'];

function* everySentence() {
  for (const value of estimates) {
    for (const type of kinds) {
      for (const time of [1, 2.5, 5, 10]) {
        for (const [words, origin] of [
          [outcomeWords.dfs, afterSurgery],
          [outcomeWords.os, atRecurrence],
        ]) {
          for (const known of [false, true]) {
            for (const t0 of [0, 2]) {
              const estimate = {
                time,
                estimate: value,
                lower: Math.max(0, value - 0.05),
                upper: Math.min(1, value + 0.05),
                interval_type: type,
              };
              yield {
                estimate,
                text: estimateSentence(estimate, {
                  words,
                  who: whoPhrase(known, t0),
                  after: origin.after,
                }),
                origin,
              };
              yield {
                estimate,
                text: iconSentence(estimate, { words, after: origin.after }),
                origin,
              };
            }
          }
        }
      }
    }
  }
}

test('every sentence has its verb agree with its count and names the time origin', () => {
  let checked = 0;
  for (const { estimate, text, origin } of everySentence()) {
    assert.doesNotMatch(
      text,
      /\b1 are\b|\babout 0\b|\bexpected to be (recurred|died)\b|\bnone are\b| {2}|\.\./,
      text,
    );
    assert.doesNotMatch(text, /undefined|null|NaN/, text);
    assert.match(text, /^[A-Z].*\.$/, text);
    assert.ok(text.includes(origin.after(estimate.time)), `the time origin: ${text}`);
    for (const [, count, verb] of text.matchAll(
      /\b(about \d+|fewer than 1|more than 99|none|all 100)\b[^,;]*? (is|are) expected/gi,
    )) {
      const singular = /^(about 1|fewer than 1|none)$/i.test(count);
      assert.equal(verb, singular ? 'is' : 'are', `${count} ${verb}: ${text}`);
    }
    // "95% CI" only for a published interval; a model's range is named as such.
    if (estimate.interval_type === 'model_range')
      assert.match(text, /\(model range \d+ to \d+\)/, text);
    if (estimate.interval_type !== 'published_95_ci') assert.doesNotMatch(text, /95% CI/, text);
    checked += 1;
  }
  assert.ok(checked > 2000, `${checked} sentences`);
});

test('the two parts of the icon array add up to the 100 shown', () => {
  for (let thousandths = 0; thousandths <= 1000; thousandths += 1) {
    const value = thousandths / 1000;
    const shown = countOf100(value);
    const rest = complementOf100(value);
    const number = (words) => Number((words.match(/\d+/) ?? ['0'])[0]);
    if (/^about/.test(shown.words) && /^about/.test(rest.words)) {
      assert.equal(
        number(shown.words) + number(rest.words),
        100,
        `${value}: ${shown.words} + ${rest.words}`,
      );
    }
  }
  assert.equal(countOf100(0).words, 'none');
  assert.equal(countOf100(0.003).words, 'fewer than 1');
  assert.equal(countOf100(0.01).verb, 'is');
  assert.equal(countOf100(0.999).words, 'more than 99');
  assert.equal(complementOf100(0).words, 'all 100');
});

test('who the 100 are: the published cohort when nothing is entered, never "like this one"', () => {
  assert.equal(whoPhrase(false), 'patients like those in the published cohort');
  assert.equal(whoPhrase(true), 'patients with the characteristics entered');
  assert.match(
    whoPhrase(true, 2),
    /still alive without recurrence 2 years after the liver surgery$/,
  );
});

test('numbers as the paper prints them and intervals by their type', () => {
  assert.equal(percent(0, 1), '0%');
  assert.equal(percent(1, 1), '100%');
  assert.equal(percent(0.52, 1), '52.0%');
  assert.equal(percent(0.404), '40%');
  // A model range's bound that rounds to 0 or 100 is not an impossible 0% or 100%.
  assert.equal(percent(0.0004, 1), 'below 0.1%');
  assert.equal(percent(0.004), 'below 1%');
  assert.equal(percent(0.9996, 1), 'above 99.9%');
  assert.equal(percent(0.996), 'above 99%');
  assert.equal(percent(0.0005, 1), '0.1%');
  assert.equal(
    intervalText(
      { lower: 0.249, upper: 0.59, interval_type: 'published_95_ci', status: 'published' },
      1,
    ),
    '95% CI 24.9% to 59.0%',
  );
  assert.equal(
    intervalText({ lower: 0.35, upper: 0.45, interval_type: 'model_range', status: 'modelled' }),
    'model range 35% to 45%',
  );
  assert.equal(
    intervalText({ lower: null, upper: null, interval_type: 'none', status: 'published' }),
    'no CI published',
  );
  assert.equal(confidenceName(0.95, 'log-log'), '95% CI, log-log');
  assert.equal(plural(1, 'patient'), '1 patient');
  assert.equal(plural(19, 'patient'), '19 patients');
  assert.equal(
    atRecurrence.axis,
    'Years since the liver surgery (assumed: the source does not say)',
  );
  assert.equal(afterSurgery.after(1), '1 year after the liver surgery');
});

test('the patient sheet: short sentences, everyday words, what the numbers can and cannot say', () => {
  for (const value of estimates) {
    for (const known of [false, true]) {
      for (const t0 of [0, 2]) {
        const text = patientSentences(
          {
            estimate: value,
            lower: Math.max(0, value - 0.1),
            upper: Math.min(1, value + 0.1),
            time: 5,
          },
          { known, t0, n: 322, period: '1990-2014' },
        );
        const sentences = [...text.lead, ...text.can, ...text.cannot];
        assert.ok(text.lead.length >= 3 && text.cannot.length >= 2);
        for (const sentence of sentences) {
          // Plain-language guidance: about 15 to 20 words a sentence at most, no jargon.
          assert.ok(sentence.split(/\s+/).length <= 20, `too long: ${sentence}`);
          for (const word of patientJargon) {
            assert.ok(!new RegExp(`\\b${word}`, 'i').test(sentence), `"${word}" in: ${sentence}`);
          }
          assert.doesNotMatch(sentence, /\d+\.\d|%/, `whole people, not percentages: ${sentence}`);
          assert.doesNotMatch(sentence, /\b1 (others|are)\b|undefined|null|NaN/, sentence);
        }
      }
    }
  }
  const sheet = patientSentences(
    { estimate: 0.4, lower: 0.35, upper: 0.45, time: 5 },
    { known: false, t0: 0, n: 322, period: '1990-2014' },
  );
  assert.deepEqual(sheet.lead.slice(1), [
    'Think of 100 people who had this operation.',
    'By 5 years after the operation, about 40 of them would be alive and free of the tumour.',
    'About 60 of them would have had the tumour come back, or would have died.',
    'We cannot be exact: the true number could be between 35 and 45.',
  ]);
  assert.equal(
    sheet.can[0],
    'These numbers come from 322 people treated at several hospitals from 1990 to 2014.',
  );
});
