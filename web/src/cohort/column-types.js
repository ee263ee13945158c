// What each column of a cohort file looks like, read once in the worker: how many of its values fit
// each type (number under either decimal separator, date under each format), a few distinct
// values, and the type to suggest. The suggestion is only shown; the user's choice of
// type is what the data preparation uses, and a value that does not fit it is a listed problem.
import {
  isMissing,
  parseNumber,
  parseDate,
  dateFormatNames,
  numberShape,
  simpleInteger,
  simplePoint,
  simpleComma,
} from './values.js';

export const columnTypes = ['number', 'category', 'date'];
// Distinct values kept per column: enough for a category's levels (reference levels, the
// calculator's levels); a number or date column keeps a few, for examples and small codes
// (grade 1/2/3), so that a 2,000-column file does not send 80,000 strings to the page.
const distinctLimit = 40;
const otherDistinctLimit = 12;
const dateShape = /^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}$/;
const commaDecimal = /^[+-]?\d+,\d+$/;
const pointDecimal = /^[+-]?\d+\.\d+$/;

// Bit k set when the text is a real date in dateFormatNames[k].
function dateMask(text) {
  if (!dateShape.test(text)) return 0;
  let mask = 0;
  dateFormatNames.forEach((format, k) => {
    if (parseDate(text, format) !== null) mask |= 1 << k;
  });
  return mask;
}

function emptySummary() {
  return {
    nonMissing: 0,
    numbers: { '.': 0, ',': 0 },
    commaDecimals: 0,
    pointDecimals: 0,
    dates: 0,
    dateCandidates: (1 << dateFormatNames.length) - 1,
    distinct: new Set(),
    moreDistinct: false,
  };
}

// A value that starts with a letter is neither a number nor a date under any rule here.
const letterStart = /^[A-Za-z]/;

function addValue(summary, raw) {
  const text = String(raw ?? '').trim();
  if (isMissing(text)) return;
  summary.nonMissing += 1;
  if (summary.distinct.size < distinctLimit) summary.distinct.add(text);
  else if (!summary.moreDistinct && !summary.distinct.has(text)) summary.moreDistinct = true;
  // The shapes nearly every cell has, counted as the full rules below count them (an integer is a
  // number under both separators and not a date; "1.5" and "1,5" each under one): one pass over
  // the characters instead of five regular expressions per cell.
  const shape = numberShape(text);
  if (shape === simpleInteger) {
    summary.numbers['.'] += 1;
    summary.numbers[','] += 1;
    return;
  }
  if (shape === simplePoint) {
    summary.numbers['.'] += 1;
    summary.pointDecimals += 1;
    return;
  }
  if (shape === simpleComma) {
    summary.numbers[','] += 1;
    summary.commaDecimals += 1;
    return;
  }
  if (letterStart.test(text)) return;
  if (parseNumber(text, '.') !== null) summary.numbers['.'] += 1;
  if (parseNumber(text, ',') !== null) summary.numbers[','] += 1;
  if (commaDecimal.test(text)) summary.commaDecimals += 1;
  else if (pointDecimal.test(text)) summary.pointDecimals += 1;
  const mask = dateMask(text);
  // A value that is a date in no format says nothing about the format; one that fits some
  // formats rules out the others (25/06/2011 rules out MM/DD/YYYY).
  if (mask) {
    summary.dates += 1;
    summary.dateCandidates &= mask;
  }
}

// The type that fits most of the column's values; null for a column with no values at all.
function suggestType(summary, decimal) {
  const { nonMissing, dates } = summary;
  if (nonMissing === 0) return null;
  const numbers = summary.numbers[decimal];
  if (dates >= numbers && 2 * dates >= nonMissing) return 'date';
  if (2 * numbers >= nonMissing) return 'number';
  return 'category';
}

// The decimal separator the file's numbers use: comma when some values are written "2,6" and none
// "2.6", point when the reverse; otherwise the delimiter decides (semicolon files come from
// locales that write decimal commas).
export function suggestDecimal(summaries, delimiter) {
  let comma = 0;
  let point = 0;
  for (const summary of summaries.values()) {
    comma += summary.commaDecimals;
    point += summary.pointDecimals;
  }
  if (comma > 0 && point === 0) return ',';
  if (point > 0 && comma === 0) return '.';
  return delimiter === ';' ? ',' : '.';
}

// header: column names; rows: arrays of strings. Returns { decimal, columns: Map name -> column
// summary } (a Map: a column may be called "__proto__").
export function describeColumns(header, rows, delimiter = ',') {
  const summaries = header.map(() => emptySummary());
  for (const row of rows) {
    for (let i = 0; i < summaries.length; i += 1) addValue(summaries[i], row[i]);
  }
  const byName = new Map(header.map((name, i) => [name, summaries[i]]));
  const decimal = suggestDecimal(byName, delimiter);
  const columns = new Map();
  header.forEach((name, i) => {
    const summary = summaries[i];
    const suggested = suggestType(summary, decimal);
    const keep =
      suggested === 'number' || suggested === 'date' ? otherDistinctLimit : distinctLimit;
    const distinct = [...summary.distinct];
    // Only what the form and the checks use: this travels to the page for every column.
    columns.set(name, {
      name,
      nonMissing: summary.nonMissing,
      numbers: summary.numbers,
      dates: summary.dates,
      dateFormats:
        summary.dates > 0
          ? dateFormatNames.filter((format, k) => summary.dateCandidates & (1 << k))
          : [],
      distinct: distinct.slice(0, keep),
      moreDistinct: summary.moreDistinct || distinct.length > keep,
      suggested,
    });
  });
  return { decimal, columns };
}

// How many of a column's values fit a type (under the chosen decimal separator), for the form.
export function fitting(column, type, decimal) {
  if (type === 'number') return column.numbers[decimal];
  if (type === 'date') return column.dates;
  return column.nonMissing;
}

// The summaries as a few flat arrays for postMessage: a 2,000-column file's summaries cost the page
// a few milliseconds to receive instead of tens (one object per column is slow to clone).
export function packColumns(columns) {
  const list = [...columns.values()];
  const ints = (pick) => Int32Array.from(list, pick);
  const distinctStart = new Int32Array(list.length + 1);
  const distinct = [];
  list.forEach((column, i) => {
    distinct.push(...column.distinct);
    distinctStart[i + 1] = distinct.length;
  });
  return {
    names: list.map((c) => c.name),
    nonMissing: ints((c) => c.nonMissing),
    point: ints((c) => c.numbers['.']),
    comma: ints((c) => c.numbers[',']),
    dates: ints((c) => c.dates),
    dateFormats: list.map((c) => c.dateFormats.join(' ')),
    suggested: list.map((c) => c.suggested),
    moreDistinct: Uint8Array.from(list, (c) => (c.moreDistinct ? 1 : 0)),
    distinct,
    distinctStart,
  };
}

export function unpackColumns(packed) {
  return new Map(
    packed.names.map((name, i) => [
      name,
      {
        name,
        nonMissing: packed.nonMissing[i],
        numbers: { '.': packed.point[i], ',': packed.comma[i] },
        dates: packed.dates[i],
        dateFormats: packed.dateFormats[i] ? packed.dateFormats[i].split(' ') : [],
        suggested: packed.suggested[i],
        distinct: packed.distinct.slice(packed.distinctStart[i], packed.distinctStart[i + 1]),
        moreDistinct: packed.moreDistinct[i] === 1,
      },
    ]),
  );
}
