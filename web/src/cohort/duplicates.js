// @ts-check
// Patients who appear more than once in a cohort file, by the patient-id column: an exact copy of
// an earlier row (the copy is left out, the first kept) or the same id with different values
// (every row of that id is left out: the file does not say which one is right).
import { isMissing } from './values.js';

const rowKey = (cells) => cells.map((cell) => String(cell ?? '').trim()).join('\u001f');

// rows: arrays of strings; rowNumbers: their numbers in the file; idIndex: the id column.
// Returns Map row index -> { kind, reason } for the rows to leave out.
export function findDuplicates(rows, rowNumbers, idIndex) {
  const byId = new Map();
  rows.forEach((cells, r) => {
    const id = String(cells[idIndex] ?? '').trim();
    if (isMissing(id)) return;
    const list = byId.get(id);
    if (list) list.push(r);
    else byId.set(id, [r]);
  });
  const out = new Map();
  for (const [id, list] of byId) {
    if (list.length < 2) continue;
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
