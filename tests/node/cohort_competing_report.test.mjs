// The report's competing-risks numbers through `node scripts/cohort-report.mjs` on the clean and
// European rotterdam exports (tests/fixtures/cohort): Gray's test per cause and the cumulative
// incidence by group, and the Fine-Gray model of recurrence (death without recurrence competing)
// on the Cox table's covariates, against R 4.2.2 (survival 3.5-3, cmprsk) on the same 400 rows:
// the numbers and their R calls are in rotterdam_competing_reference.mjs.
// Tolerances (shared/reference/README.md): cumulative incidence relative 1e-12, limits 1e-10;
// Gray's statistic 1e-9 (p 1e-8); Fine-Gray coefficients, SEs and limits relative 1e-6.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repositoryRoot, fixture, readMapping } from './cohort_fixtures.mjs';
import { fineGrayR, breslowR, grayR, bySizeR, termOf } from './rotterdam_competing_reference.mjs';

const command = join(repositoryRoot, 'scripts', 'cohort-report.mjs');
const site = join(repositoryRoot, 'build', 'site', 'nelm_core.wasm');

function report(csv, mapping) {
  const path = join(mkdtempSync(join(tmpdir(), 'nelm-mapping-')), 'mapping.json');
  writeFileSync(path, JSON.stringify(mapping));
  const run = spawnSync(process.execPath, ['--no-warnings', command, csv, path], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout).report;
}
const close = (actual, expected, relative, label) =>
  assert.ok(
    Math.abs(actual - expected) <= relative * Math.max(Math.abs(expected), 1e-2),
    `${label}: ${actual} vs R ${expected}`,
  );

for (const [name, size] of [
  ['clean', 'tumour_size'],
  ['european', 'Tumorgröße'],
]) {
  test(`the ${name} export: the Fine-Gray model and Gray's tests of the report equal R`, (t) => {
    if (!existsSync(site)) {
      t.skip('build/site is missing: run scripts/build.sh');
      return;
    }
    const r = report(
      fixture(`rotterdam-${name}.csv`),
      readMapping(`rotterdam-${name}.mapping.json`),
    );
    const fg = r.fine_gray;
    assert.equal(fg.cause, 'recurrence (any site, site not recorded included)');
    assert.equal(fg.competing, 'death without recurrence');
    assert.equal(fg.n, 400);
    assert.equal(fg.nevent, 198);
    assert.equal(fg.n_competing, 18);
    assert.equal(fg.finegray_rows, fineGrayR.finegray_rows);
    assert.equal(fg.ties, 'efron');
    assert.deepEqual(
      Object.keys(fg.terms),
      fineGrayR.terms.map((term) => termOf(term, size)),
    );
    fineGrayR.terms.forEach((term, k) => {
      const mine = fg.terms[termOf(term, size)];
      close(mine.coef, fineGrayR.coef[k], 1e-6, `coef ${term}`);
      close(mine.hr, Math.exp(fineGrayR.coef[k]), 1e-6, `sHR ${term}`);
      close(mine.se, fineGrayR.model_se[k], 1e-6, `model-based SE ${term}`);
      close(mine.robust.se, fineGrayR.robust_se[k], 1e-6, `robust SE ${term}`);
      close(mine.robust.p, fineGrayR.p[k], 1e-5, `p ${term}`);
      close(mine.robust.hr_lower, fineGrayR.lower[k], 1e-6, `lower ${term}`);
      close(mine.robust.hr_upper, fineGrayR.upper[k], 1e-6, `upper ${term}`);
    });
    close(fg.robust_wald_test.statistic, fineGrayR.robust_wald, 1e-6, 'robust Wald');
    assert.equal(fg.robust_wald_test.df, 4);
    for (const [column, key] of [
      [size, 'tumour_size'],
      ['hormonal_therapy', 'hormonal_therapy'],
    ]) {
      const gray = r.by_group.find((section) => section.column === column).cumulative_incidence
        .gray_test;
      assert.deepEqual(
        gray.tests.map((entry) => entry.cause),
        [3, 4],
      );
      for (const entry of gray.tests) {
        const [statistic, p, df] = grayR[key][entry.cause];
        close(entry.statistic, statistic, 1e-9, `${column} Gray statistic, cause ${entry.cause}`);
        close(entry.p, p, 1e-8, `${column} Gray p, cause ${entry.cause}`);
        assert.equal(entry.df, df);
      }
    }
    const bySize = r.by_group.find((section) => section.column === size).cumulative_incidence;
    for (const [group, want] of Object.entries(bySizeR)) {
      const curve = bySize.curves.find((entry) => entry.group === group);
      const [recurrence, death] = [3, 4].map((cause) =>
        curve.causes.find((entry) => entry.cause === cause),
      );
      assert.deepEqual(
        recurrence.landmarks.map((row) => row.time),
        [1, 3, 5, 10],
      );
      recurrence.landmarks.forEach((row, k) => {
        close(row.incidence, want.recurrence[k], 1e-12, `${group} recurrence at ${row.time} y`);
        close(row.lower, want.lower[k], 1e-10, `${group} recurrence lower at ${row.time} y`);
        close(row.upper, want.upper[k], 1e-10, `${group} recurrence upper at ${row.time} y`);
      });
      death.landmarks.forEach((row, k) =>
        close(row.incidence, want.death[k], 1e-12, `${group} death at ${row.time} y`),
      );
    }
  });
}

test("the Fine-Gray model follows the report's tie method, names the stratified Cox model, and a covariate's missing rows", (t) => {
  if (!existsSync(site)) {
    t.skip('build/site is missing: run scripts/build.sh');
    return;
  }
  const mapping = readMapping('rotterdam-clean.mapping.json');
  const breslow = report(fixture('rotterdam-clean.csv'), {
    ...mapping,
    report: { ...mapping.report, ties: 'breslow', strata: 'hormonal_therapy' },
  }).fine_gray;
  assert.equal(breslow.ties, 'breslow');
  assert.equal(breslow.stratified_cox, 'hormonal_therapy');
  fineGrayR.terms.forEach((term, k) => {
    close(
      breslow.terms[termOf(term, 'tumour_size')].coef,
      breslowR.coef[k],
      1e-6,
      `Breslow coef ${term}`,
    );
    close(
      breslow.terms[termOf(term, 'tumour_size')].robust.se,
      breslowR.robust_se[k],
      1e-6,
      `Breslow robust SE ${term}`,
    );
  });
  // A caveat about one group of the incidence comparison names the group, not its numeric code
  // (a landmark past the last follow-up warns per group).
  const late = report(fixture('rotterdam-clean.csv'), {
    ...mapping,
    report: { ...mapping.report, landmarks: [5, 25] },
  });
  const byGroup = late.warnings.filter(
    (warning) => warning.section === 'by_tumour_size' && warning.code === 'beyond_follow_up',
  );
  assert.equal(byGroup.length, 9, 'DFS, OS and cumulative incidence, three groups each');
  for (const warning of byGroup) {
    assert.ok(['<=20', '20-50', '>50'].includes(warning.subject), warning.subject);
    assert.match(warning.message, /\(group (<=20|20-50|>50)\)/);
  }
  // The messy export leaves out 3 patients without age_decades (the Cox table's count too).
  const messy = report(
    fixture('rotterdam-messy.csv'),
    readMapping('rotterdam-messy.mapping.json'),
  ).fine_gray;
  assert.deepEqual(messy.used.left_out, [
    { reason: 'age_decades missing', column: 'age_decades', rows: 3 },
  ]);
});
