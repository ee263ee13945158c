// @ts-check
// A cohort file's bytes as a table of strings: decoded (UTF-8, else Windows-1252, and said so),
// parsed by Papa Parse, with the header cleaned and every oddity of the reading listed. The same
// function runs in the page's worker and in node (scripts/cohort-report.mjs).
import Papa from 'papaparse';

// Wider files are refused before any form is built (docs/cohort.md): the mapping of a wider file
// is not something a person does in a browser form, and the tab's memory grows with the width.
export const maxColumns = 2000;
const chunkBytes = 1 << 20;
const problemLimit = 2000;

export class CohortFileError extends Error {}

// Text from bytes: UTF-8 (a byte-order mark is dropped) or, when the bytes are not UTF-8, the
// Windows-1252 reading Excel uses in Western Europe, with a note saying so.
export function decodeBytes(bytes) {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'UTF-8' };
  } catch {
    return {
      text: new TextDecoder('windows-1252').decode(bytes),
      encoding: 'Windows-1252',
      note: 'The file is not UTF-8; it was read as Windows-1252 (Western European). Check that accented letters look right.',
    };
  }
}

const describeDelimiter = (delimiter) =>
  ({ ',': 'comma', ';': 'semicolon', '\t': 'tab' })[delimiter] ?? `"${delimiter}"`;
const blank = (record) => record.every((cell) => String(cell).trim() === '');

// Header names trimmed ("age " is "age"); an empty name becomes "column N" and a repeated one
// "name (column N)", each with a problem on row 1, so that every column can be named uniquely.
function cleanHeader(record, listProblem) {
  const seen = new Set();
  return record.map((raw, i) => {
    let name = String(raw).trim() || `column ${i + 1}`;
    if (seen.has(name)) {
      const renamed = `${name} (column ${i + 1})`;
      listProblem({
        row: 1,
        column: renamed,
        value: name,
        kind: 'duplicate_column',
        effect: 'listed',
        reason: `two columns are called "${name}"; column ${i + 1} is called "${renamed}" here`,
      });
      name = renamed;
    }
    seen.add(name);
    return name;
  });
}

// text: the decoded file; delimiter: '' to detect. onProgress(fraction) after each chunk.
// Returns { header, rows, rowNumbers, delimiter, blankRows, problems, problemCount }: rows are
// arrays of strings, rowNumbers their record numbers in the file (the header is row 1, as a
// spreadsheet shows it; blank records are counted, not kept).
/**
 * @param {string} text
 * @param {{ delimiter?: string, onProgress?: (fraction: number) => void }} [options]
 */
export function readTable(text, { delimiter = '', onProgress = () => {} } = {}) {
  /** @type {{ header: string[] | null, rows: string[][], rowNumbers: number[], blankRows: number, problems: object[], problemCount: number, record: number, tooWide: number }} */
  const state = {
    header: null,
    rows: [],
    rowNumbers: [],
    blankRows: 0,
    problems: [],
    problemCount: 0,
    record: 0,
    tooWide: 0,
  };
  const listProblem = (problem) => {
    state.problemCount += 1;
    if (state.problems.length < problemLimit) state.problems.push(problem);
  };
  let detected = delimiter;
  // The newline that ends the last line is not a blank record.
  const body = text.endsWith('\r\n')
    ? text.slice(0, -2)
    : text.endsWith('\n')
      ? text.slice(0, -1)
      : text;
  Papa.parse(body, {
    delimiter,
    skipEmptyLines: false,
    chunkSize: chunkBytes,
    chunk(results, parser) {
      detected = detected || results.meta.delimiter;
      for (const error of results.errors) {
        listProblem({
          row: state.record + (error.row ?? 0) + 1,
          column: '',
          value: '',
          kind: 'unreadable',
          effect: 'listed',
          reason: error.message,
        });
      }
      for (const record of results.data) {
        state.record += 1;
        if (state.header === null) {
          if (record.length > maxColumns) {
            state.tooWide = record.length;
            parser.abort();
            return;
          }
          state.header = cleanHeader(record, listProblem);
        } else if (blank(record)) state.blankRows += 1;
        else {
          state.rows.push(record);
          state.rowNumbers.push(state.record);
        }
      }
      onProgress(Math.min(1, results.meta.cursor / Math.max(1, body.length)));
    },
  });
  if (state.tooWide) {
    throw new CohortFileError(
      `The file has ${state.tooWide.toLocaleString('en')} columns; this page reads files with at most ${maxColumns.toLocaleString('en')} columns. Export only the columns the analysis needs (dates or times, events, recurrence site and treatment, and the covariates).`,
    );
  }
  if (state.header === null)
    throw new CohortFileError('The file is empty: no header row and no data rows.');
  if (state.header.length < 2) {
    throw new CohortFileError(
      `Only one column was found with the delimiter ${describeDelimiter(detected)}: choose the delimiter the file uses and load it again.`,
    );
  }
  return {
    header: state.header,
    rows: state.rows,
    rowNumbers: state.rowNumbers,
    delimiter: detected,
    blankRows: state.blankRows,
    problems: state.problems,
    problemCount: state.problemCount,
  };
}
