// The SYNTHETIC demo cohort (public/data/demo-cohort.csv): the file is what the seeded script
// writes, and the report's figures (the page's own mapping and analysis code, the core through
// the WASM module) recover the values the cohort was generated from, within sampling error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadModule, repositoryRoot, nativeCalculate, firstDifference } from './module_loader.mjs';
import { makeDemoCohort, generatingValues as g, trueDfs } from '../../scripts/make-demo-cohort.mjs';
import { analysePath, demoMapping } from './cohort_fixtures.mjs';

const csvPath = join(repositoryRoot, 'public', 'data', 'demo-cohort.csv');
const splitCsv = (text) =>
  text
    .trim()
    .split('\n')
    .map((line) => line.split(','));

test("the shipped demo file is the seeded script's output and says SYNTHETIC on every row", () => {
  const text = readFileSync(csvPath, 'utf8');
  assert.equal(text, makeDemoCohort(), 'run: node scripts/make-demo-cohort.mjs');
  const rows = splitCsv(text);
  assert.equal(rows.length, 1 + 322);
  assert.equal(rows[0][0], 'data_origin');
  for (const row of rows.slice(1)) assert.match(row[0], /^SYNTHETIC/);
});

test('the report on the demo cohort recovers the generating values within sampling error', async () => {
  const module = await loadModule();
  const calculate = (request) => {
    const response = JSON.parse(module.calculate(JSON.stringify(request)));
    if (!response.ok) throw Object.assign(new Error(response.error.message), response.error);
    return response;
  };
  const analysis = analysePath(csvPath, demoMapping(['primary_site', 'node_status']), calculate);
  assert.equal(analysis.ok, true);
  assert.deepEqual(analysis.cohort.problems, []);
  const { report } = analysis;
  assert.equal(report.summary.n, 322);

  // Expected recurred fraction of this design: a 100,000-patient draw of the same generator.
  const large = splitCsv(makeDemoCohort({ ...g, n: 100000, seed: 7 })).slice(1);
  const expectedRecurred = large.filter((row) => row[3] !== '').length / large.length;
  const se = Math.sqrt((expectedRecurred * (1 - expectedRecurred)) / 322);
  assert.ok(
    Math.abs(report.summary.recurred / 322 - expectedRecurred) < 3 * se,
    `recurred ${report.summary.recurred} vs expected ${(expectedRecurred * 322).toFixed(1)}`,
  );

  // DFS at 1/5/10 years: the generating curve within 3 Greenwood SEs.
  for (const landmark of report.dfs.landmarks) {
    const truth = trueDfs(landmark.time);
    assert.ok(
      Math.abs(landmark.surv - truth) < 3 * landmark.std_err,
      `DFS at ${landmark.time} y: ${landmark.surv} vs ${truth}`,
    );
  }
  // Median follow-up (reverse KM estimates the censoring distribution 3 + Exp(mean)).
  const medianCensor = 3 + g.censorMean * Math.log(2);
  const followUp = report.summary.median_follow_up;
  assert.ok(
    followUp.lower - 0.75 < medianCensor && medianCensor < followUp.upper + 0.75,
    `median follow-up ${JSON.stringify(followUp)} vs ${medianCensor}`,
  );

  // Site mix among recurrences with a known site; treatment mix among those with a treatment.
  const checkMix = (counts, mix, label) => {
    const known = counts.filter((row) => row.level !== 'not recorded');
    const total = known.reduce((sum, row) => sum + row.count, 0);
    for (const [level, p] of Object.entries(mix)) {
      const observed = (known.find((row) => row.level === level)?.count ?? 0) / total;
      assert.ok(
        Math.abs(observed - p) < 3 * Math.sqrt((p * (1 - p)) / total),
        `${label} ${level}: ${observed} vs ${p}`,
      );
    }
  };
  checkMix(report.sites, g.siteMix, 'site');
  checkMix(report.treatments, g.treatmentMix, 'treatment');

  // OS after recurrence in the published direction: intrahepatic only best, extrahepatic worst
  // by site; chemotherapy worst by treatment; both log-rank tests significant.
  const os10 = (section, group) => section.curves.find((curve) => curve.group === group).os10.surv;
  assert.ok(os10(report.os_by_site, 'intrahepatic') > os10(report.os_by_site, 'both'));
  assert.ok(os10(report.os_by_site, 'both') >= os10(report.os_by_site, 'extrahepatic'));
  for (const treatment of ['surgery', 'intra_arterial', 'somatostatin_analogue']) {
    assert.ok(
      os10(report.os_by_treatment, treatment) > os10(report.os_by_treatment, 'chemotherapy'),
    );
  }
  assert.ok(report.os_by_site.log_rank.p < 0.01);
  assert.ok(report.os_by_treatment.log_rank.p < 0.01);

  // Pancreatic primary and positive nodes raise the recurrence hazard in the generator.
  // (indicators are against the most frequent level; find the pancreas and node terms either way)
  const effect = (covariate, level) => {
    const coded = report.cox.covariates.find((entry) => entry.name === covariate);
    if (coded.reference !== level) return report.cox.terms[`${covariate}=${level}`].coef;
    return -report.cox.terms[coded.terms[0]].coef;
  };
  assert.ok(effect('primary_site', 'pancreas') > 0 || effect('primary_site', 'small_bowel') < 0);
  assert.ok(effect('node_status', 'positive') > 0 || effect('node_status', 'negative') < 0);
  assert.ok(report.cox.concordance.concordance > 0.5);
  assert.ok(report.cox.ph_test.global_p >= 0 && report.cox.ph_test.global_p <= 1);

  // The same DFS request through the native CLI gives the same numbers.
  const native = JSON.parse(nativeCalculate(JSON.stringify(report.dfs.request)));
  const wasm = calculate(report.dfs.request);
  assert.equal(firstDifference(native.result, wasm.result, 1e-9), null);
});
