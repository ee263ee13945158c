// A large file's report is computed by two workers (web/src/cohort/worker.js): one computes the
// part 'rest', the other the part 'by_group' from a structured-clone copy of the prepared rows
// (pipeline.js partnerRows), and analysis.js mergeReportParts joins them. Joined, the report must
// be the one a single worker computes (part 'all', which scripts/cohort-report.mjs prints),
// warnings in the same order, on the rotterdam exports (curves by two group columns, warnings)
// and on the SYNTHETIC demo cohort (OS by site and by treatment of recurrence, covariates).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModule } from './module_loader.mjs';
import { fixture, readMapping, readFile, demoFile, demoMapping } from './cohort_fixtures.mjs';
import { analyseFile, prepareFile, reportOf, partnerRows } from '../../web/src/cohort/pipeline.js';
import { analyseCohort, mergeReportParts } from '../../web/src/cohort/analysis.js';

const module = await loadModule();
const calculate = (request) => {
  const response = JSON.parse(module.calculate(JSON.stringify(request)));
  if (!response.ok) throw Object.assign(new Error(response.error.message), response.error);
  return response;
};

const cases = [
  [
    'rotterdam clean export',
    fixture('rotterdam-clean.csv'),
    readMapping('rotterdam-clean.mapping.json'),
  ],
  [
    'rotterdam messy export',
    fixture('rotterdam-messy.csv'),
    readMapping('rotterdam-messy.mapping.json'),
  ],
  [
    'SYNTHETIC demo cohort',
    demoFile,
    {
      ...demoMapping(['primary_site', 'node_status']),
      report: { group_by: ['primary_site', 'node_status'] },
    },
  ],
];

for (const [name, path, mapping] of cases) {
  test(`${name}: the two workers' parts, joined, are the one worker's report`, () => {
    const file = readFile(path, mapping.delimiter);
    const whole = analyseFile(file, mapping, calculate);
    assert.equal(whole.ok, true);
    const prepared = prepareFile(file, mapping);
    const rest = reportOf(file, prepared, calculate, 'rest');
    // What the partner receives: a structured-clone copy, as postMessage makes it.
    const rows = structuredClone(partnerRows(prepared.cohort, prepared.options));
    assert.deepEqual(rows.patientId, [], 'no patient id leaves the first worker');
    const byGroup = analyseCohort(rows, calculate, {
      options: prepared.options,
      mapped: prepared.mapped,
      part: 'by_group',
    });
    // Each part holds only its own sections, so the join is not a copy of either.
    assert.equal(rest.by_group, undefined);
    assert.equal(byGroup.dfs, undefined);
    assert.equal(byGroup.cox, undefined);
    assert.equal(byGroup.by_group.length, prepared.options.group_by.length);
    assert.ok(
      byGroup.by_group.every((section) => section.dfs?.log_rank),
      'curves by group',
    );
    assert.deepEqual(mergeReportParts(rest, byGroup), whole.report);
    // Warnings in the single worker's order (JSON keeps the order deepEqual ignores in objects).
    assert.equal(
      JSON.stringify(mergeReportParts(rest, byGroup).warnings),
      JSON.stringify(whole.report.warnings),
    );
  });
}

test('the demo cohort exercises OS by site and by treatment in the part by_group', () => {
  const mapping = {
    ...demoMapping(['primary_site', 'node_status']),
    report: { group_by: ['primary_site', 'node_status'] },
  };
  const file = readFile(demoFile, mapping.delimiter);
  const byGroup = reportOf(file, prepareFile(file, mapping), calculate, 'by_group');
  assert.ok(byGroup.os_by_site?.curves?.length > 1, 'OS by site');
  assert.ok(byGroup.os_by_treatment?.curves?.length > 1, 'OS by treatment');
});

// No fixture has warnings in both parts (the messy export's are the Cox model's and Fine-Gray's):
// the order of the joined warnings by hand, as analyseCohort makes them in part 'all' (follow-up,
// DFS, OS, cumulative incidence; by group, OS by site and treatment; Cox, Fine-Gray).
test('joined warnings come in the order of the single report', () => {
  const warning = (section) => ({ section, code: 'c', message: section });
  const rest = {
    warnings: ['follow_up', 'dfs', 'cumulative_incidence', 'cox', 'fine_gray'].map(warning),
    dfs: { n: 1 },
  };
  const byGroup = {
    warnings: ['by_size', 'os_by_site', 'os_by_treatment'].map(warning),
    by_group: [{ column: 'size' }],
    os_by_site: { n: 2 },
  };
  const merged = mergeReportParts(rest, byGroup);
  assert.deepEqual(
    merged.warnings.map((w) => w.section),
    [
      'follow_up',
      'dfs',
      'cumulative_incidence',
      'by_size',
      'os_by_site',
      'os_by_treatment',
      'cox',
      'fine_gray',
    ],
  );
  assert.deepEqual(merged.by_group, [{ column: 'size' }]);
  assert.deepEqual(merged.os_by_site, { n: 2 });
  assert.equal(
    'os_by_treatment' in merged,
    false,
    'a section the part does not hold is not made up',
  );
  assert.deepEqual(merged.dfs, { n: 1 });
  assert.equal(rest.warnings.length, 5, 'the parts are not altered');
});
