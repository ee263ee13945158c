// @ts-check
// CSV text for the Your cohort exports, safe to open in a spreadsheet: a text cell that begins
// with =, +, -, @, a tab or a carriage return is prefixed with ' so the spreadsheet shows it
// instead of running it as a formula (the OWASP "CSV injection" rule); numbers are written as
// numbers. Two styles: international (comma, decimal point) and European (semicolon, decimal
// comma), each with CRLF line ends, as spreadsheets write them.

export const csvStyles = {
  international: { delimiter: ',', decimal: '.', label: 'comma-separated, decimal point (1.5)' },
  european: { delimiter: ';', decimal: ',', label: 'semicolon-separated, decimal comma (1,5)' },
};

const formulaStart = /^[=+\-@\t\r]/;
const plainNumber = /^[+-]?(\d+([.,]\d+)?|[.,]\d+)([eE][+-]?\d+)?$/;

// A text cell as it should reach a spreadsheet (numbers in text, "-1.5", stay as they are).
export function neutralise(text) {
  return formulaStart.test(text) && !plainNumber.test(text) ? `'${text}` : text;
}

function field(value, style) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return '';
    const text = String(value);
    return style.decimal === ',' ? text.replace('.', ',') : text;
  }
  const text = neutralise(String(value));
  return text.includes(style.delimiter) || /["\n\r]/.test(text)
    ? `"${text.replace(/"/g, '""')}"`
    : text;
}

// rows: arrays of numbers, strings and nulls (the first row the headings); style: a key of csvStyles.
export function toCsv(rows, styleName = 'international') {
  const style = csvStyles[styleName] ?? csvStyles.international;
  return `${rows.map((row) => row.map((value) => field(value, style)).join(style.delimiter)).join('\r\n')}\r\n`;
}
