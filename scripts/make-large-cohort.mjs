// A large SYNTHETIC cohort with continuous times (full-precision durations in months, so nearly
// every time is distinct: the hardest case for the report's figures), in durations mode, with its
// mapping file. For the large-file browser test and bench/cohort.mjs; not patient data.
//   node scripts/make-large-cohort.mjs ROWS OUT.csv   (writes OUT.csv and OUT.mapping.json)
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

// A small seeded generator (mulberry32), so every run writes the same file.
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const arms = ['A', 'B', 'C'];
const sites = ['intrahepatic', 'extrahepatic', 'both'];

// rows: the number of patients. Returns the CSV text (LF line ends).
export function largeCohortCsv(rows, seed = 20261201) {
  const next = random(seed);
  const exponential = (mean) => -mean * Math.log(1 - next());
  const lines = [
    'data_origin,patient_id,arm,dfs_months,dfs_event,recurred,os_months,os_event,recurrence_site',
  ];
  for (let i = 0; i < rows; i += 1) {
    const arm = Math.floor(next() * 3);
    const recurrence = exponential([60, 80, 45][arm]);
    const death = exponential(150);
    const censor = 6 + next() * 174; // administrative censoring between 0.5 and 15 years
    const dfs = Math.min(recurrence, death, censor);
    const recurred = recurrence <= Math.min(death, censor) ? 1 : 0;
    const dfsEvent = dfs < censor ? 1 : 0;
    const os = Math.min(censor, recurred ? dfs + exponential(70) : death);
    const osEvent = os < censor ? 1 : 0;
    lines.push(
      `SYNTHETIC,P${i + 1},${arms[arm]},${dfs},${dfsEvent},${recurred},${os},${osEvent},${recurred ? sites[Math.floor(next() * 3)] : ''}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

// The mapping the page would save for this file (format in docs/cohort.md).
export const largeCohortMapping = {
  format: 'nelm-cohort-mapping',
  format_version: 1,
  delimiter: ',',
  decimal_separator: '.',
  mode: 'durations',
  date_format: '',
  time_unit: 'months',
  roles: {
    patient_id: 'patient_id',
    dfs_time: 'dfs_months',
    dfs_event: 'dfs_event',
    recurred: 'recurred',
    os_time: 'os_months',
    os_event: 'os_event',
    site: 'recurrence_site',
  },
  column_types: [{ column: 'arm', type: 'category' }],
  covariates: [{ column: 'arm' }],
  report: {
    landmarks: [1, 3, 5, 10],
    conf_type: 'log-log',
    group_by: ['arm'],
    strata: null,
    ties: 'efron',
  },
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [rows, out] = process.argv.slice(2);
  if (!rows || !out) {
    process.stderr.write('usage: node scripts/make-large-cohort.mjs ROWS OUT.csv\n');
    process.exit(2);
  }
  writeFileSync(out, largeCohortCsv(Number(rows)));
  writeFileSync(
    out.replace(/\.csv$/, '.mapping.json'),
    `${JSON.stringify(largeCohortMapping, null, 2)}\n`,
  );
}
