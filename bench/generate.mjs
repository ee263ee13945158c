// Writes the benchmark's SYNTHETIC cohort (not patient data) as CSV, deterministic for a seed:
//   node bench/generate.mjs N SEED OUT.csv
// Columns: time (whole days >= 1), event (0/1), group (1, 2, 3), x1..x5 (five covariates).
// Every contender reads this one file, so only its text has to be reproducible: numbers are
// written with fixed decimals, and the generator uses its own PRNG (mulberry32), never Math.random.
import { writeFileSync } from 'node:fs';

const [, , countText, seedText, output] = process.argv;
if (!countText || !seedText || !output) {
  console.error('usage: node bench/generate.mjs N SEED OUT.csv');
  process.exit(2);
}
const count = Number(countText);

// mulberry32: a small 32-bit generator, fixed by the seed.
let state = Number(seedText) >>> 0;
function uniform() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
function normal() {
  const u = 1 - uniform();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
}

const lines = ['time,event,group,x1,x2,x3,x4,x5'];
for (let i = 0; i < count; i++) {
  const x1 = normal().toFixed(4);
  const x2 = normal().toFixed(4);
  const x3 = uniform() < 0.4 ? 1 : 0;
  const x4 = uniform().toFixed(4);
  const x5 = Math.round(60 + 10 * normal());
  const group = 1 + Math.floor(3 * uniform());
  // Proportional hazards in the covariates and the group; baseline about 1/1000 per day.
  const linear = 0.5 * x1 - 0.3 * x2 + 0.4 * x3 + 0.8 * x4 + 0.02 * (x5 - 60) + 0.2 * (group - 1);
  const eventTime = -Math.log(1 - uniform()) / (0.001 * Math.exp(linear));
  const censorTime = 3000 * uniform();
  const time = Math.max(1, Math.ceil(Math.min(eventTime, censorTime)));
  const event = eventTime <= censorTime ? 1 : 0;
  lines.push(`${time},${event},${group},${x1},${x2},${x3},${x4},${x5}`);
}
writeFileSync(output, lines.join('\n') + '\n');
