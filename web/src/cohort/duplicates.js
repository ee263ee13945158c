// @ts-check
// Patients who appear more than once in a cohort file, by the patient-id column: an exact copy of
// an earlier row (the copy is left out, the first kept) or the same id with different values
// (every row of that id is left out: the file does not say which one is right).
import { isMissing } from './values.js';

const rowKey = (cells) => cells.map((cell) => String(cell ?? '').trim()).join('\u001f');

// rows: arrays of strings; rowNumbers: their numbers in the file; idIndex: the id column.
// Returns Map row index -> { kind, reason } for the rows to leave out.
export function findDuplicates(rows, rowNumbers, idIndex) {
  // The first row of each id as a number, a list only for an id seen twice: a million distinct
  // ids then cost one map entry each, not a million small arrays for the collector.
  const firstRow = new Map();
  const repeated = new Map();
  for (let r = 0; r < rows.length; r += 1) {
    const id = String(rows[r][idIndex] ?? '').trim();
    if (isMissing(id)) continue;
    const first = firstRow.get(id);
    if (first === undefined) firstRow.set(id, r);
    else if (repeated.has(id)) repeated.get(id).push(r);
    else repeated.set(id, [first, r]);
  }
  const out = new Map();
  for (const [id, list] of repeated) {
    const keys = list.map((r) => rowKey(rows[r]));
    if (keys.every((key) => key === keys[0])) {
      for (const r of list.slice(1)) {
        out.set(r, {
          kind: 'duplicate_patient',
          reason: `an exact copy of row ${rowNumbers[list[0]]} (patient id ${id}); the first is kept`,
        });
      }
      continue;
    }
    for (const r of list) {
      const others = list.filter((other) => other !== r).map((other) => rowNumbers[other]);
      out.set(r, {
        kind: 'conflicting_patient',
        reason: `patient id ${id} is also on row${others.length > 1 ? 's' : ''} ${others.join(', ')} with different values; all are left out`,
      });
    }
  }
  return out;
}
