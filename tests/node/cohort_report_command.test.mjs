// `node scripts/cohort-report.mjs DATA.csv MAPPING.json` on three hospital-style exports of
// survival::rotterdam (tests/fixtures/cohort, made by scripts/make-cohort-fixtures.R): the page's
// own pipeline and WebAssembly module give R's numbers on the rows R kept, the European export
// (decimal commas, DD.MM.YYYY, BOM, CRLF) the same numbers as the clean one, and a mapping that
// does not fit the file exits non-zero with what is wrong. The reference numbers are R's
// (rotterdam-reference.json, each with its R call), computed once by the fixture script:
//   summary(survfit(Surv(dfs_days / 365.25, dfs_event) ~ 1, conf.type = 'log-log'), times = c(1, 5, 10), extend = TRUE)
//   coxph(Surv(dfs_days / 365.25, dfs_event) ~ age_decades + factor(size) + grade, ties = 'efron')
// Tolerances (shared/reference/README.md): Kaplan-Meier relative 1e-12; Cox coefficients and SEs
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
