// @ts-check
// One cell of a cohort file read as the type its column was given: a number (with the chosen
// decimal separator), a date (in the chosen format, as whole UTC days), an event indicator, a
// recurrence site, or a category. Pure functions with no DOM, shared by the worker and node.

// Cells that mean "not recorded" in every column type (R, SPSS, SAS and database exports).
const missingWords = new Set(['', 'na', 'n/a', 'null', '.']);
export function isMissing(text) {
  // Longer than every missing word and starting and ending in a printable ASCII character (never
  // white space): not missing, without a trimmed copy (this runs for most cells of a file).
  if (typeof text === 'string' && text.length > 4) {
    const first = text.charCodeAt(0);
    const last = text.charCodeAt(text.length - 1);
    if (first > 32 && first < 127 && last > 32 && last < 127) return false;
  }
  const value = String(text ?? '').trim();
  return value === '' || (value.length <= 4 && missingWords.has(value.toLowerCase()));
}

export const dateFormats = {
  'YYYY-MM-DD': /^(\d{4})-(\d{1,2})-(\d{1,2})$/,
  'DD/MM/YYYY': /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/,
  'MM/DD/YYYY': /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/,
  'DD.MM.YYYY': /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/,
  'DD-MM-YYYY': /^(\d{1,2})-(\d{1,2})-(\d{4})$/,
};
export const dateFormatNames = Object.keys(dateFormats);

export const daysPerYear = 365.25;
export const unitsPerYear = { days: 365.25, weeks: 365.25 / 7, months: 12, years: 1 };

const monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const leap = (year) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

// Days since 1970-01-01 of a proleptic Gregorian date, by integer arithmetic (H. Hinnant,
// "chrono-compatible low-level date algorithms", days_from_civil): no Date object per cell.
function daysFromCivil(year, month, day) {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

// Days since 1970-01-01 (UTC) for a date in the given format, or null when it is not a real date.
export function parseDate(text, format) {
  const pattern = dateFormats[format];
  if (!pattern) throw new Error(`unknown date format ${format}`);
  const match = pattern.exec(String(text).trim());
  if (!match) return null;
  const [a, b, c] = [+match[1], +match[2], +match[3]];
  const [year, month, day] =
    format === 'YYYY-MM-DD' ? [a, b, c] : format === 'MM/DD/YYYY' ? [c, a, b] : [c, b, a];
  if (month < 1 || month > 12 || day < 1 || year < 1800 || year > 2200) return null;
  if (day > (month === 2 && leap(year) ? 29 : monthDays[month - 1])) return null; // 31 Feb
  return daysFromCivil(year, month, day);
}

// A number as hospitals export it, with the chosen decimal separator: "1.5", or "1,5" with
// decimal ",". The other mark is accepted only as a thousands separator in whole groups of three
// before a decimal part ("1.234,5"): "2.6" with decimal "," is not silently 26. Null otherwise.
const plainNumber = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const numberStart = /^[\s+\-.,\d]/;

// The shape of the text when it is one of the three forms nearly every number in an export has,
// told by one pass over its characters (no regular expression, no copy): simpleInteger "12" or
// "-3", simplePoint "1.5", simpleComma "1,5" (an optional sign, digits on both sides of the one
// mark); notSimple for anything else (spaces, exponents, thousands groups, ".5", text), which the
// full rules read. A million-row file has millions of such cells, read twice (column types, rows).
export const simpleInteger = 1;
export const simplePoint = 2;
export const simpleComma = 3;
export const notSimple = 0;
export function numberShape(text) {
  const length = text.length;
  let i = 0;
  let code = length > 0 ? text.charCodeAt(0) : 0;
  if (code === 43 || code === 45) {
    i = 1;
    code = text.charCodeAt(1);
  } // + -
  const digitsStart = i;
  while (i < length && code >= 48 && code <= 57) {
    i += 1;
    code = text.charCodeAt(i);
  }
  if (i === digitsStart) return notSimple;
  if (i === length) return simpleInteger;
  const shape = code === 46 ? simplePoint : code === 44 ? simpleComma : notSimple; // . ,
  if (shape === notSimple || i + 1 === length) return notSimple;
  for (i += 1; i < length; i += 1) {
    code = text.charCodeAt(i);
    if (code < 48 || code > 57) return notSimple;
  }
  return shape;
}

export function parseNumber(text, decimal = '.') {
  // The simple shapes read as the full rules below read them: an integer under either separator,
  // "1.5" only with decimal ".", "1,5" only with decimal "," (never as thousands: a group needs
  // a decimal part after it).
  if (typeof text === 'string') {
    const shape = numberShape(text);
    if (shape === simpleInteger || (shape === simplePoint && decimal === '.')) return Number(text);
    if (shape === simpleComma && decimal === ',') return Number(text.replace(',', '.'));
    if (shape !== notSimple) return null;
  }
  let value = String(text ?? '');
  if (!numberStart.test(value)) return null;
  value = value.trim();
  if (value === '') return null;
  const group = decimal === ',' ? '.' : ',';
  if (value.includes(group)) {
    const grouped =
      decimal === ',' ? /^[+-]?\d{1,3}(\.\d{3})+,\d+$/ : /^[+-]?\d{1,3}(,\d{3})+\.\d+$/;
    if (!grouped.test(value)) return null;
    value = value.split(group).join('');
  }
  if (decimal === ',') value = value.replace(',', '.');
  if (!plainNumber.test(value)) return null;
  return Number(value);
}

const yes = new Set(['1', 'yes', 'y', 'true', 'dead', 'died', 'deceased', 'death', 'event']);
const no = new Set(['0', 'no', 'n', 'false', 'alive', 'living', 'censored']);
// 1, 0, or null when the text is not an indicator; an empty cell is 0 only where the caller says
// so (a role whose empty value means "no").
export function parseIndicator(text) {
  const raw = String(text ?? '').trim();
  if (raw.length > 8) return null;
  const value = raw.toLowerCase();
  if (yes.has(value)) return 1;
  if (no.has(value)) return 0;
  return null;
}

// Recurrence site categories: the core's cumulative incidence causes.
export const siteCategories = ['intrahepatic', 'extrahepatic', 'both'];
const siteWords = {
  intrahepatic: ['intrahepatic', 'intrahepatic only', 'liver', 'hepatic', 'intra'],
  extrahepatic: ['extrahepatic', 'extrahepatic only', 'extra'],
  both: ['both', 'intra- and extrahepatic', 'intra and extrahepatic', 'intra+extra', 'combined'],
};
// Each word's category, looked up once per cell (a file has a site on most of its rows).
const siteOfWord = new Map(
  Object.entries(siteWords).flatMap(([category, words]) => words.map((word) => [word, category])),
);
// '' for not recorded, a category, or null when the text is not a site.
export function parseSite(text) {
  const value = String(text ?? '')
    .trim()
    .toLowerCase();
  if (isMissing(value) || value === 'unknown') return '';
  return siteOfWord.get(value) ?? null;
}
