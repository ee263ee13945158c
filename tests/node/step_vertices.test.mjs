// The cohort figures leave out of a step curve's path the points that do not change its drawing
// (web/src/views/cohort/step-vertices.js): the step function drawn is the same at every time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stepVertices } from '../../web/src/views/cohort/step-vertices.js';

// The value a step-after curve through `kept` shows at time t (the last point at or before t).
const drawnAt = (kept, time, column, t) => {
  let shown = null;
  for (const i of kept) if (time[i] <= t) shown = column[i];
  return shown;
};

test('a flat run keeps its first point; the last point is kept; NaN is never merged', () => {
  const value = [1, 1, 1, 0.8, 0.8, NaN, NaN, 0.5, 0.5, 0.5];
  const indices = value.map((_, i) => i);
  assert.deepEqual(stepVertices(indices, [value]), [0, 3, 5, 6, 7, 9]);
  assert.deepEqual(stepVertices([], [value]), []);
  assert.deepEqual(stepVertices([4], [value]), [4]);
});

test('a point is kept when any drawn column changes (the band limits too)', () => {
  const value = [1, 1, 1, 1];
  const lower = [0.9, 0.9, 0.8, 0.8];
  const upper = [1, 1, 1, 1];
  assert.deepEqual(stepVertices([0, 1, 2, 3], [value]), [0, 3]);
  assert.deepEqual(stepVertices([0, 1, 2, 3], [value, lower, upper]), [0, 2, 3]);
});

test('the step function drawn from the kept points equals the one from every point', () => {
  // Four causes on the union of their times, as a cumulative incidence plot comes: each cause
  // changes at about one row in four.
  const time = Array.from({ length: 400 }, (_, i) => i / 40);
  const columns = [0, 1, 2, 3].map((cause) => {
    let level = 0;
    return time.map((_, i) => {
      if (i % 4 === cause) level += 0.001 * ((i * 7919) % 13);
      return level;
    });
  });
  for (const column of columns) {
    const indices = time.map((_, i) => i);
    const kept = stepVertices(indices, [column]);
    assert.ok(kept.length < indices.length, 'some points are left out');
    for (let t = 0; t <= 10.05; t += 0.0125)
      assert.equal(drawnAt(kept, time, column, t), drawnAt(indices, time, column, t), `t = ${t}`);
  }
});
