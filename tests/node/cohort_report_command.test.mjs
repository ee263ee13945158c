// `node scripts/cohort-report.mjs DATA.csv MAPPING.json` on three hospital-style exports of
// survival::rotterdam (tests/fixtures/cohort, made by scripts/make-cohort-fixtures.R): the page's
// own pipeline and WebAssembly module give R's numbers on the rows R kept, the European export
// (decimal commas, DD.MM.YYYY, BOM, CRLF) the same numbers as the clean one, and a mapping that
// does not fit the file exits non-zero with what is wrong. The reference numbers are R's
// (rotterdam-reference.json, each with its R call), computed once by the fixture script:
//   summary(survfit(Surv(dfs_days / 365.25, dfs_event) ~ 1, conf.type = 'log-log'), times = c(1, 5, 10), extend = TRUE)
//   coxph(Surv(dfs_days / 365.25, dfs_event) ~ age_decades + factor(size) + grade, ties = 'efron')
// and the report's numbers (rotterdam-reference.json, <export>.report, its r_calls beside them):
//   summary(survfit(Surv(dfs_days / 365.25, dfs_event) ~ 1, conf.type = ct), times = c(1, 3, 5, 10), extend = FALSE)
//   summary(survfit(Surv(os_days / 365.25, os_event) ~ 1, conf.type = 'log-log'), times = c(1, 3, 5, 10), extend = FALSE)
//   survdiff(Surv(t, e) ~ g) and survfit(Surv(t, e) ~ g) for g = size, hormonal therapy (DFS and OS)
//   summary(survfit(Surv(dfs, factor(cause)) ~ 1, conf.type = 'log-log'), times = ..., extend = FALSE)
//   summary(coxph(...))$logtest, $sctest, fit$wald.test; ties = 'breslow'; + strata(hormonal_therapy)
// Tolerances (shared/reference/README.md): Kaplan-Meier and cumulative incidence estimates
// relative 1e-12, their SEs and limits 1e-10; log-rank 1e-10; Cox coefficients, SEs and tests
// relative 1e-6; counts and medians exact.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repositoryRoot, fixture, readMapping, rotterdamReference } from './cohort_fixtures.mjs';

const command = join(repositoryRoot, 'scripts', 'cohort-report.mjs');
const site = join(repositoryRoot, 'build', 'site', 'nelm_core.wasm');

function report(csv, mapping) {
  let mappingPath = mapping;
  if (typeof mapping !== 'string') {
    mappingPath = join(mkdtempSync(join(tmpdir(), 'nelm-mapping-')), 'mapping.json');
    writeFileSync(mappingPath, JSON.stringify(mapping));
  }
  const run = spawnSync(process.execPath, ['--no-warnings', command, csv, mappingPath], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  return {
    status: run.status,
    output: run.stdout ? JSON.parse(run.stdout) : null,
    stderr: run.stderr,
  };
}

const close = (actual, expected, relative, label) =>
  assert.ok(
    Math.abs(actual - expected) <= relative * Math.max(Math.abs(expected), 1e-2),
    `${label}: ${actual} vs R ${expected}`,
  );
// R's coefficient names -> the page's terms (tumour size is categorical, reference "<=20").
const termOf = (name, size) =>
  ({
    age_decades: 'age_decades',
    grade: 'grade',
    'factor(size)>50': `${size}=>50`,
    'factor(size)20-50': `${size}=20-50`,
  })[name];

for (const [name, size] of [
  ['clean', 'tumour_size'],
  ['european', 'Tumorgröße'],
  ['messy', 'tumour_size'],
]) {
  test(`the ${name} export through the command equals R on the rows R kept`, (t) => {
    if (!existsSync(site)) {
      t.skip('build/site is missing: run scripts/build.sh');
      return;
    }
    const reference = rotterdamReference[name];
    const { status, output, stderr } = report(
      fixture(`rotterdam-${name}.csv`),
      fixture(`rotterdam-${name}.mapping.json`),
    );
    assert.equal(status, 0, stderr);
    assert.equal(output.ok, true);
    assert.equal(output.rows.included, reference.n);
    assert.equal(output.rows.used.length, reference.n);
    const dfs = output.report.dfs;
    reference.dfs.time.forEach((time, k) => {
      const row = dfs.landmarks.find((landmark) => landmark.time === time);
      close(row.surv, reference.dfs.surv[k], 1e-12, `DFS at ${time} y`);
      close(row.lower, reference.dfs.lower[k], 1e-12, `DFS lower at ${time} y`);
      close(row.upper, reference.dfs.upper[k], 1e-12, `DFS upper at ${time} y`);
      assert.equal(row.n_risk, reference.dfs.n_risk[k]);
    });
    assert.equal(dfs.median.estimate, reference.dfs_median);
    const cox = output.report.cox;
    assert.equal(cox.n, reference.cox.n);
    assert.equal(cox.nevent, reference.cox.nevent);
    reference.cox.terms.forEach((term, k) => {
      close(cox.terms[termOf(term, size)].coef, reference.cox.coef[k], 1e-6, `coef ${term}`);
      close(cox.terms[termOf(term, size)].se, reference.cox.se[k], 1e-6, `se ${term}`);
    });
    // Unrounded numbers: the JSON carries full doubles.
    assert.ok(String(dfs.landmarks[0].surv).length > 10);
  });
}

test('the messy export: the command lists every planted problem with its row and patient id, and the exclusions by reason', (t) => {
  if (!existsSync(site)) {
    t.skip('build/site is missing: run scripts/build.sh');
    return;
  }
  const { status, output } = report(
    fixture('rotterdam-messy.csv'),
    fixture('rotterdam-messy.mapping.json'),
  );
  assert.equal(status, 0);
  assert.equal(output.rows.excluded, 10);
  const excluded = output.problems
    .filter((p) => p.effect === 'excluded')
    .map((p) => `${p.row} ${p.patient_id} ${p.kind}`)
    .sort();
  assert.deepEqual(
    excluded,
    rotterdamReference.messy.expected_problems
      .filter((p) => p.effect === 'excluded')
      .map((p) => `${p.row} ${p.patient_id} ${p.kind}`)
      .sort(),
  );
  assert.deepEqual(output.report.cox.used.left_out, [
    { reason: 'age_decades missing', column: 'age_decades', rows: 3 },
  ]);
  assert.equal(
    output.mapping.column_types.find((entry) => entry.column === 'age_decades').type,
    'number',
  );
});

test('a mapping that does not fit the file: exit 1 with the errors; no row left: exit 1 with the problems; usage: exit 2', (t) => {
  if (!existsSync(site)) {
    t.skip('build/site is missing: run scripts/build.sh');
    return;
  }
  const european = readMapping('rotterdam-european.mapping.json');
  const renamed = {
    ...european,
    covariates: european.covariates.map((c) =>
      c.column === 'Tumorgröße' ? { ...c, column: 'tumour_size' } : c,
    ),
  };
  const misfit = report(fixture('rotterdam-european.csv'), renamed);
  assert.equal(misfit.status, 1);
  assert.equal(misfit.output.ok, false);
  assert.deepEqual(misfit.output.errors, [
    { path: '/covariates/1', message: 'covariate column "tumour_size" is not in the file' },
  ]);
  const wrongFormat = report(fixture('rotterdam-european.csv'), {
    ...european,
    date_format: 'YYYY-MM-DD',
  });
  assert.equal(wrongFormat.status, 1);
  assert.equal(wrongFormat.output.rows.included, 0);
  assert.match(wrongFormat.output.problems[0].reason, /is not a date in the format YYYY-MM-DD/);
  const oneColumn = report(fixture('rotterdam-european.csv'), { ...european, delimiter: ',' });
  assert.equal(oneColumn.status, 2);
  assert.match(
    oneColumn.output.errors[0].message,
    /Only one column was found with the delimiter comma/,
  );
  assert.equal(spawnSync(process.execPath, [command], { encoding: 'utf8' }).status, 2);
});

// The report's numbers against R on the same rows: DFS and OS, the medians, Kaplan-Meier and
// log-rank by tumour size and by hormonal therapy over all patients, the cumulative incidence of
// recurrence (site not recorded) and of death without recurrence, the Cox model's tests.
const sizeOf = { clean: 'tumour_size', european: 'Tumorgröße', messy: 'tumour_size' };
function checkRows(rows, expected, label, value = 'surv') {
  expected.time.forEach((time, k) => {
    const row = rows.find((entry) => entry.time === time);
    assert.equal(row.estimable, true, `${label} at ${time} y estimable`);
    close(
      row[value],
      expected[value === 'surv' ? 'surv' : 'incidence'][k],
      1e-12,
      `${label} at ${time} y`,
    );
    close(row.lower, expected.lower[k], 1e-10, `${label} lower at ${time} y`);
    close(row.upper, expected.upper[k], 1e-10, `${label} upper at ${time} y`);
    if (expected.n_risk)
      assert.equal(row.n_risk, expected.n_risk[k], `${label} n at risk at ${time} y`);
  });
}
const sameMedian = (actual, expected, label) => {
  for (const key of ['estimate', 'lower', 'upper'])
    assert.equal(actual[key], expected[key], `${label} median ${key}`);
};

for (const name of ['clean', 'european', 'messy']) {
  test(`the ${name} export: the report's OS, groups, cumulative incidence and Cox tests equal R`, (t) => {
    if (!existsSync(site)) {
      t.skip('build/site is missing: run scripts/build.sh');
      return;
    }
    const expected = rotterdamReference[name].report;
    const { status, output } = report(
      fixture(`rotterdam-${name}.csv`),
      fixture(`rotterdam-${name}.mapping.json`),
    );
    assert.equal(status, 0);
    const r = output.report;
    assert.deepEqual(r.times.landmarks, expected.landmarks);
    checkRows(r.dfs.landmarks, expected.dfs.log_log, 'DFS');
    sameMedian(r.dfs.median, expected.dfs.median, 'DFS');
    checkRows(r.os.landmarks, expected.os, 'OS');
    sameMedian(r.os.median, expected.os.median, 'OS');
    for (const [column, key] of [
      [sizeOf[name], 'by_size'],
      ['hormonal_therapy', 'by_hormonal_therapy'],
    ]) {
      const section = r.by_group.find((entry) => entry.column === column);
      for (const outcome of ['dfs', 'os']) {
        const want = expected[key][outcome];
        const got = section[outcome];
        close(got.log_rank.chisq, want.chisq, 1e-10, `${column} ${outcome} log-rank chi-square`);
        close(got.log_rank.p, want.p, 1e-9, `${column} ${outcome} log-rank p`);
        assert.equal(got.log_rank.df, want.df);
        for (const curve of want.curves) {
          const mine = got.curves.find((entry) => entry.group === curve.group);
          checkRows(mine.landmarks, curve, `${column}=${curve.group} ${outcome}`);
          sameMedian(mine.median, curve.median, `${column}=${curve.group} ${outcome}`);
          const k = want.levels.indexOf(curve.group);
          assert.equal(got.log_rank.observed[got.curves.indexOf(mine)], want.observed[k]);
          close(
            got.log_rank.expected[got.curves.indexOf(mine)],
            want.expected[k],
            1e-10,
            `${column}=${curve.group} expected`,
          );
        }
      }
    }
    // No site is recorded in these exports: every recurrence is "site not recorded" (cause 3),
    // shown with its events; intrahepatic and extrahepatic are named as not observed, not 0%.
    const ci = r.cumulative_incidence;
    assert.deepEqual(
      ci.causes.map((c) => c.cause),
      [3, 4],
    );
    assert.deepEqual(
      ci.not_observed.map((c) => c.cause),
      [1, 2],
    );
    const ciExpected = expected.cumulative_incidence;
    for (const [cause, want] of [
      [3, ciExpected.recurrence],
      [4, ciExpected.death],
    ]) {
      const mine = ci.causes.find((c) => c.cause === cause);
      assert.equal(mine.n_event, want.events);
      checkRows(
        mine.landmarks,
        { time: ciExpected.time, ...want },
        `cumulative incidence of cause ${cause}`,
        'incidence',
      );
    }
    const cox = r.cox;
    assert.equal(cox.ties, 'efron');
    for (const [mine, want] of [
      [cox.lr_test, expected.cox_tests.lr],
      [cox.wald_test, expected.cox_tests.wald],
      [cox.score_test, expected.cox_tests.score],
    ]) {
      close(mine.statistic, want.statistic, 1e-6, 'Cox test statistic');
      close(mine.p, want.p, 1e-5, 'Cox test p');
      assert.equal(mine.df, want.df);
    }
    close(cox.loglik, expected.cox_tests.loglik[1], 1e-9, 'Cox log partial likelihood');
    close(cox.loglik_null, expected.cox_tests.loglik[0], 1e-9, 'Cox null log partial likelihood');
  });
}

test('the report options change the numbers as R does: interval types, Breslow ties, strata, a landmark past the last follow-up', (t) => {
  if (!existsSync(site)) {
    t.skip('build/site is missing: run scripts/build.sh');
    return;
  }
  const expected = rotterdamReference.clean.report;
  const mapping = readMapping('rotterdam-clean.mapping.json');
  for (const [confType, key, median] of [
    ['log', 'log', 'median_log'],
    ['plain', 'plain', 'median_plain'],
  ]) {
    const { output } = report(fixture('rotterdam-clean.csv'), {
      ...mapping,
      report: { ...mapping.report, conf_type: confType },
    });
    assert.equal(output.report.dfs.conf_type, confType);
    checkRows(output.report.dfs.landmarks, expected.dfs[key], `DFS (${confType})`);
    sameMedian(output.report.dfs.median, expected.dfs[median], `DFS (${confType})`);
  }
  const breslow = report(fixture('rotterdam-clean.csv'), {
    ...mapping,
    report: { ...mapping.report, ties: 'breslow' },
  }).output.report.cox;
  assert.equal(breslow.ties, 'breslow');
  rotterdamReference.clean.cox.terms.forEach((term, k) => {
    close(
      breslow.terms[termOf(term, 'tumour_size')].coef,
      expected.cox_breslow.coef[k],
      1e-6,
      `Breslow coef ${term}`,
    );
    close(
      breslow.terms[termOf(term, 'tumour_size')].se,
      expected.cox_breslow.se[k],
      1e-6,
      `Breslow se ${term}`,
    );
  });
  close(breslow.lr_test.statistic, expected.cox_breslow.lr.statistic, 1e-6, 'Breslow LR');
  const stratified = report(fixture('rotterdam-clean.csv'), {
    ...mapping,
    report: { ...mapping.report, strata: 'hormonal_therapy' },
  }).output.report.cox;
  assert.equal(stratified.strata, 'hormonal_therapy');
  rotterdamReference.clean.cox.terms.forEach((term, k) => {
    close(
      stratified.terms[termOf(term, 'tumour_size')].coef,
      expected.cox_strata.coef[k],
      1e-6,
      `stratified coef ${term}`,
    );
    close(
      stratified.terms[termOf(term, 'tumour_size')].se,
      expected.cox_strata.se[k],
      1e-6,
      `stratified se ${term}`,
    );
  });
  close(stratified.lr_test.statistic, expected.cox_strata.lr.statistic, 1e-6, 'stratified LR');
  // R's summary(extend = FALSE) returns no row at 25 years (the last follow-up is 19.3 years):
  // the report says "not estimable" there, in every section, and never shows a number.
  const { output } = report(fixture('rotterdam-clean.csv'), {
    ...mapping,
    report: { ...mapping.report, landmarks: [5, 25] },
  });
  assert.deepEqual(expected.beyond.returned, [5]);
  const r = output.report;
  for (const [label, rows] of [
    ['DFS', r.dfs.landmarks],
    ['OS', r.os.landmarks],
    ...r.by_group.flatMap((g) => g.dfs.curves.map((c) => [`${g.column}=${c.group}`, c.landmarks])),
    ...r.cumulative_incidence.causes.map((c) => [
      `cause ${c.cause}`,
      c.landmarks.map((l) => ({ ...l, surv: l.incidence })),
    ]),
  ]) {
    const late = rows.find((row) => row.time === 25);
    assert.equal(late.estimable, false, `${label} at 25 y`);
    assert.equal(late.surv, null, `${label} at 25 y has no number`);
    assert.match(
      late.reason,
      /^not estimable: no patient followed 25 years \(the longest follow-up is \d+\.\d years\)$/,
    );
    assert.equal(rows.find((row) => row.time === 5).estimable, true);
  }
  close(r.dfs.last_time, expected.last_dfs_time, 1e-12, 'last DFS time');
  assert.ok(r.warnings.some((w) => w.code === 'beyond_follow_up' && w.section === 'dfs'));
});
