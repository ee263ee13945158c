// Writes public/data/demo-cohort.csv: a SYNTHETIC cohort of 322 patients (not patient data) whose
// aggregates resemble the seed (Spolverato et al. 2017, evidence S1), for the "Your cohort" view's
// demo and its tests. Seeded and deterministic: the same file on every run.
// Usage: node scripts/make-demo-cohort.mjs [output.csv]
//
// Generating model (exported as `generatingValues` for the tests):
// - disease-free survival: every patient has a background hazard of death before recurrence of
//   `deathRate` per year; a fraction `1 - cured` is "uncured" and recurs at a Weibull time
//   (shape `weibullShape`, scale `weibullScale` years). The uncured probability depends on the
//   covariates through a logistic model whose intercept is solved so that its mean is exactly
//   1 - cured, so the marginal DFS is S(t) = exp(-deathRate t) (cured + (1 - cured) Sw(t)).
// - administrative censoring (last follow-up) at 3 + Exponential(mean `censorMean`) years after
//   surgery, so every patient without an event is followed at least 3 years (as in the seed),
//   and never after the database closed (2026-06-30; surgery 1990-2014).
// - site of a recurrence: unknown with probability `siteUnknown`, else intrahepatic / extrahepatic
//   / both with `siteMix`; treatment of a recurrence: missing with probability
//   `treatmentMissing`, else surgery / SSA / chemotherapy / intra-arterial with `treatmentMix`.
// - death after recurrence: exponential with rate `postRecurrenceRate` x site factor x treatment
//   factor (extrahepatic and chemotherapy worst, as published); OS is timed from the surgery.
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const generatingValues = {
  n: 322,
  seed: 20170301,
  cured: 0.33,
  weibullShape: 0.92,
  weibullScale: 2.435,
  deathRate: 0.008,
  censorMean: 8,
  siteUnknown: 40 / 209,
  siteMix: { intrahepatic: 111 / 169, extrahepatic: 19 / 169, both: 39 / 169 },
  treatmentMissing: 72 / 209,
  treatmentMix: {
    surgery: 49 / 137,
    somatostatin_analogue: 34 / 137,
    chemotherapy: 27 / 137,
    intra_arterial: 27 / 137,
  },
  postRecurrenceRate: 0.085,
  siteFactor: { intrahepatic: 1, extrahepatic: 5, both: 2.2, '': 1.3 },
  treatmentFactor: {
    surgery: 0.6,
    somatostatin_analogue: 0.9,
    chemotherapy: 3.5,
    intra_arterial: 0.75,
    '': 1.2,
  },
  // covariates: prevalence and log-odds effect on being uncured (recurring)
  covariates: {
    primary_site: {
      levels: { pancreas: 0.42, small_bowel: 0.38, other: 0.2 },
      effect: { pancreas: 0.6, small_bowel: 0, other: 0 },
    },
    grade: { levels: { G1: 0.3, G2: 0.5, G3: 0.2 }, effect: { G1: 0, G2: 0.3, G3: 0.5 } },
    node_status: {
      levels: { positive: 0.45, negative: 0.4, unknown: 0.15 },
      effect: { positive: 0.7, negative: 0, unknown: 0.3 },
    },
    resection_extent: {
      levels: { major: 0.48, parenchymal_sparing: 0.52 },
      effect: { major: -0.5, parenchymal_sparing: 0 },
    },
  },
};

// The generating DFS at t years (the marginal the cohort is drawn from).
export function trueDfs(t, g = generatingValues) {
  const weibull = Math.exp(-((t / g.weibullScale) ** g.weibullShape));
  return Math.exp(-g.deathRate * t) * (g.cured + (1 - g.cured) * weibull);
}

// mulberry32: a small seeded PRNG, enough for a demo file.
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick(random, mix) {
  const u = random();
  let total = 0;
  const entries = Object.entries(mix);
  for (const [name, p] of entries) {
    total += p;
    if (u < total) return name;
  }
  return entries[entries.length - 1][0];
}

// Every covariate combination with its probability and linear predictor.
function combinations(covariates) {
  let rows = [{ p: 1, lp: 0 }];
  for (const { levels, effect } of Object.values(covariates)) {
    rows = rows.flatMap((row) =>
      Object.entries(levels).map(([name, p]) => ({
        p: row.p * p,
        lp: row.lp + effect[name],
      })),
    );
  }
  return rows;
}

// The intercept a with E[expit(a + lp)] = 1 - cured (bisection).
function intercept(g) {
  const rows = combinations(g.covariates);
  const mean = (a) => rows.reduce((sum, row) => sum + row.p / (1 + Math.exp(-(a + row.lp))), 0);
  let low = -20;
  let high = 20;
  for (let i = 0; i < 200; i += 1) {
    const middle = (low + high) / 2;
    if (mean(middle) < 1 - g.cured) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

const dayMs = 86400000;
const daysPerYear = 365.25;
const isoDate = (ms) => new Date(ms).toISOString().slice(0, 10);

export function makeDemoCohort(g = generatingValues) {
  const random = prng(g.seed);
  const exponential = (rate) => -Math.log(1 - random()) / rate;
  const a = intercept(g);
  const header = [
    'data_origin',
    'patient_id',
    'date_of_surgery',
    'date_of_recurrence',
    'date_of_last_follow_up',
    'date_of_death',
    'vital_status',
    'recurrence_site',
    'recurrence_treatment',
    'primary_site',
    'grade',
    'node_status',
    'resection_extent',
  ];
  const lines = [header.join(',')];
  const start = Date.UTC(1990, 0, 1);
  const end = Date.UTC(2014, 11, 31);
  const close = Date.UTC(2026, 5, 30); // database closed: no follow-up after this date
  for (let i = 0; i < g.n; i += 1) {
    const covariates = {};
    let lp = a;
    for (const [name, { levels, effect }] of Object.entries(g.covariates)) {
      covariates[name] = pick(random, levels);
      lp += effect[covariates[name]];
    }
    const uncured = random() < 1 / (1 + Math.exp(-lp));
    const recurrenceTime = uncured
      ? g.weibullScale * (-Math.log(1 - random())) ** (1 / g.weibullShape)
      : Infinity;
    const deathBeforeRecurrence = exponential(g.deathRate);
    const surgery = start + Math.floor(random() * ((end - start) / dayMs)) * dayMs;
    // at least 11.5 years from the last surgery to the closing date, so the cap never bites
    // before the median of 3 + Exponential(mean) and the reverse-KM median still estimates it
    const censor = Math.min(
      3 + exponential(1 / g.censorMean),
      (close - surgery) / dayMs / daysPerYear - 0.01,
    );
    let site = '';
    let treatment = '';
    let recurrence = null;
    let death = null;
    if (recurrenceTime < Math.min(deathBeforeRecurrence, censor)) {
      recurrence = recurrenceTime;
      site = random() < g.siteUnknown ? '' : pick(random, g.siteMix);
      treatment = random() < g.treatmentMissing ? '' : pick(random, g.treatmentMix);
      const rate = g.postRecurrenceRate * g.siteFactor[site] * g.treatmentFactor[treatment];
      const after = exponential(rate);
      if (recurrence + after < censor) death = recurrence + after;
    } else if (deathBeforeRecurrence < censor) {
      death = deathBeforeRecurrence;
    }
    // Whole days from the surgery, at least one day after it.
    const day = (years) => surgery + Math.max(1, Math.round(years * daysPerYear)) * dayMs;
    const recurrenceMs = recurrence === null ? null : day(recurrence);
    let deathMs = death === null ? null : day(death);
    if (deathMs !== null && recurrenceMs !== null && deathMs <= recurrenceMs)
      deathMs = recurrenceMs + dayMs;
    const lastMs = deathMs ?? day(censor);
    lines.push(
      [
        'SYNTHETIC demo data - not patient data',
        `DEMO-${String(i + 1).padStart(4, '0')}`,
        isoDate(surgery),
        recurrenceMs === null ? '' : isoDate(recurrenceMs),
        isoDate(lastMs),
        deathMs === null ? '' : isoDate(deathMs),
        deathMs === null ? 'alive' : 'dead',
        site,
        treatment,
        covariates.primary_site,
        covariates.grade,
        covariates.node_status,
        covariates.resection_extent,
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const output = process.argv[2] ?? join(root, 'public', 'data', 'demo-cohort.csv');
  mkdirSync(dirname(output), { recursive: true });
  writeFileSync(output, makeDemoCohort());
  console.log(`SYNTHETIC demo cohort written to ${output}`);
}
