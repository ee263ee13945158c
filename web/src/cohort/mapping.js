// Turns parsed cohort rows (arrays of strings, as Papa Parse gives them) into the columns the
// survival core needs, listing every problem with its row, column and reason. Pure functions: no
// DOM, no statistics (times are differences of dates or durations converted to years; every
// survival quantity comes from the WebAssembly core). Used by the worker and by node tests.

export const dateFormats = {
  'YYYY-MM-DD': /^(\d{4})-(\d{1,2})-(\d{1,2})$/,
  'DD/MM/YYYY': /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/,
  'MM/DD/YYYY': /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/,
  'DD.MM.YYYY': /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/,
  'DD-MM-YYYY': /^(\d{1,2})-(\d{1,2})-(\d{4})$/,
};

const dayMs = 86400000;
export const daysPerYear = 365.25;
export const unitsPerYear = { days: 365.25, weeks: 365.25 / 7, months: 12, years: 1 };

// Days since 1970-01-01 (UTC) for a date in the given format, or null when it is not a real date.
export function parseDate(text, format) {
  const pattern = dateFormats[format];
  if (!pattern) throw new Error(`unknown date format ${format}`);
  const match = pattern.exec(String(text).trim());
  if (!match) return null;
  let year;
  let month;
  let day;
  if (format === 'YYYY-MM-DD') [year, month, day] = [match[1], match[2], match[3]].map(Number);
  else if (format === 'MM/DD/YYYY') [month, day, year] = [match[1], match[2], match[3]].map(Number);
  else [day, month, year] = [match[1], match[2], match[3]].map(Number);
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1800 || year > 2200) return null;
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return null; // 31 Feb
  return Math.round(ms / dayMs);
}

// The formats under which every non-empty value parses. One: detected (and shown to the user);
// several (e.g. 03/04/2010): the user must choose; none: the dates are not in a known format;
// null: the column has no values at all.
export function detectDateFormats(values) {
  const present = values.map((value) => String(value ?? '').trim()).filter((value) => value !== '');
  if (present.length === 0) return null;
  return Object.keys(dateFormats).filter((format) =>
    present.every((value) => parseDate(value, format) !== null));
}

// A number as hospitals export it: "1.5" or, with decimal "," , "1,5". Null for text.
export function parseNumber(text, decimal = '.') {
  let value = String(text ?? '').trim();
  if (value === '') return null;
  if (decimal === ',') value = value.replace(/\./g, '').replace(',', '.');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value)) return null;
  return Number(value);
}

const yes = new Set(['1', 'yes', 'y', 'true', 'dead', 'died', 'deceased', 'death', 'event']);
const no = new Set(['0', 'no', 'n', 'false', 'alive', 'living', 'censored', '']);
export function parseIndicator(text) {
  const value = String(text ?? '').trim().toLowerCase();
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
export function parseSite(text) {
  const value = String(text ?? '').trim().toLowerCase();
  if (value === '' || value === 'unknown' || value === 'na' || value === 'n/a') return '';
  for (const [category, words] of Object.entries(siteWords)) if (words.includes(value)) return category;
  return null;
}

function columnIndex(header, name) {
  if (name === undefined || name === null || name === '') return -1;
  const index = header.indexOf(name);
  if (index < 0) throw new Error(`column "${name}" is not in the file`);
  return index;
}

// mapping: { mode: 'dates' | 'durations', dateFormat, unit, decimal,
//   columns: { surgery, recurrence, lastFollowUp, death, vitalStatus,            (dates)
//              dfsTime, dfsEvent, recurred, osTime, osEvent,                    (durations)
//              site, treatment, covariates: [names] } }
// rows: arrays of strings (data rows, without the header); rowOffset: the file row of rows[0]
// (1-based counting of the file's lines, the header being row 1).
// Returns columns in years plus problems [{row, column, reason}] and the excluded row count.
export function deriveCohort(header, rows, mapping, rowOffset = 2) {
  const c = mapping.columns;
  const index = (name) => columnIndex(header, name);
  const problems = [];
  const out = { row: [], dfsTime: [], dfsEvent: [], recurred: [], osTime: [], osEvent: [],
    site: [], treatment: [], cause: [], covariates: {} };
  const covariateNames = c.covariates ?? [];
  for (const name of covariateNames) out.covariates[name] = [];
  const siteIndex = index(c.site);
  const treatmentIndex = index(c.treatment);
  const covariateIndexes = covariateNames.map(index);
  let excluded = 0;

  const dates = mapping.mode === 'dates';
  const ix = dates
    ? { surgery: index(c.surgery), recurrence: index(c.recurrence), last: index(c.lastFollowUp),
      death: index(c.death), vital: index(c.vitalStatus) }
    : { dfsTime: index(c.dfsTime), dfsEvent: index(c.dfsEvent), recurred: index(c.recurred),
      osTime: index(c.osTime), osEvent: index(c.osEvent) };
  if (dates && (ix.surgery < 0 || ix.last < 0)) throw new Error('map the surgery and last follow-up dates');
  if (dates && !dateFormats[mapping.dateFormat]) throw new Error('choose the date format');
  if (!dates && (ix.dfsTime < 0 || ix.dfsEvent < 0)) throw new Error('map the DFS time and event');
  const perYear = unitsPerYear[mapping.unit ?? 'months'];
  if (!dates && !perYear) throw new Error('choose the unit of the durations');

  for (let r = 0; r < rows.length; r += 1) {
    const row = rows[r];
    const fileRow = r + rowOffset;
    const rowProblems = [];
    const fail = (column, reason) => rowProblems.push({ row: fileRow, column, reason });
    const cell = (i) => (i < 0 ? '' : String(row[i] ?? '').trim());
    let dfsTime = null;
    let dfsEvent = null;
    let recurred = null;
    let osTime = null;
    let osEvent = null;
    if (dates) {
      const date = (key, name, required) => {
        const text = cell(ix[key]);
        if (text === '') {
          if (required) fail(name, 'missing date');
          return null;
        }
        const value = parseDate(text, mapping.dateFormat);
        if (value === null) fail(name, `"${text}" is not a date in the format ${mapping.dateFormat}`);
        return value;
      };
      const surgery = date('surgery', c.surgery, true);
      const recurrence = date('recurrence', c.recurrence, false);
      const last = date('last', c.lastFollowUp, true);
      const death = date('death', c.death, false);
      let dead = death !== null ? 1 : 0;
      if (ix.vital >= 0) {
        const vital = parseIndicator(cell(ix.vital));
        if (vital === null) fail(c.vitalStatus, `"${cell(ix.vital)}" is not a vital status (alive/dead, 0/1)`);
        else if (vital === 0 && death !== null) fail(c.vitalStatus, 'alive but a date of death is given');
        else dead = vital;
      }
      if (rowProblems.length === 0) {
        if (recurrence !== null && recurrence < surgery) fail(c.recurrence, 'recurrence date before the surgery date');
        if (last < surgery) fail(c.lastFollowUp, 'last follow-up date before the surgery date');
        if (death !== null && death < surgery) fail(c.death, 'death date before the surgery date');
        if (death !== null && recurrence !== null && death < recurrence) fail(c.death, 'death date before the recurrence date');
        if (recurrence !== null && recurrence > Math.max(last, death ?? last)) fail(c.recurrence, 'recurrence date after the last follow-up');
      }
      if (rowProblems.length === 0) {
        const end = dead && death !== null ? death : last;
        recurred = recurrence !== null ? 1 : 0;
        dfsTime = ((recurrence ?? end) - surgery) / daysPerYear;
        dfsEvent = recurrence !== null || dead ? 1 : 0;
        osTime = (end - surgery) / daysPerYear;
        osEvent = dead;
      }
    } else {
      const number = (key, name, required) => {
        const text = cell(ix[key]);
        if (text === '') {
          if (required) fail(name, 'missing time');
          return null;
        }
        const value = parseNumber(text, mapping.decimal);
        if (value === null) fail(name, `"${text}" is not a number`);
        else if (value < 0) fail(name, 'negative time');
        return value;
      };
      const indicator = (key, name, required) => {
        const text = cell(ix[key]);
        if (ix[key] < 0) return null;
        const value = parseIndicator(text);
        if (value === null || (required && text === '')) fail(name, `"${text}" is not an event indicator (0/1, yes/no)`);
        return value;
      };
      const t = number('dfsTime', c.dfsTime, true);
      const e = indicator('dfsEvent', c.dfsEvent, true);
      const rec = ix.recurred >= 0 ? indicator('recurred', c.recurred, true) : e;
      const ot = ix.osTime >= 0 ? number('osTime', c.osTime, true) : null;
      const oe = ix.osEvent >= 0 ? indicator('osEvent', c.osEvent, true) : null;
      if (rowProblems.length === 0 && ot !== null && ot < t) fail(c.osTime, 'OS time shorter than DFS time');
      if (rowProblems.length === 0) {
        dfsTime = t / perYear;
        dfsEvent = e;
        recurred = rec;
        osTime = ot === null ? null : ot / perYear;
        osEvent = oe;
      }
    }
    let site = '';
    if (siteIndex >= 0 && rowProblems.length === 0) {
      site = parseSite(cell(siteIndex));
      if (site === null) {
        fail(c.site, `"${cell(siteIndex)}" is not a known recurrence site (intrahepatic, extrahepatic, both, or empty)`);
      } else if (site !== '' && !recurred) {
        fail(c.site, 'a recurrence site but no recurrence');
      }
    }
    const covariateValues = covariateIndexes.map((i) => cell(i));
    if (rowProblems.length > 0) {
      problems.push(...rowProblems);
      excluded += 1;
      continue;
    }
    out.row.push(fileRow);
    out.dfsTime.push(dfsTime);
    out.dfsEvent.push(dfsEvent);
    out.recurred.push(recurred);
    out.osTime.push(osTime);
    out.osEvent.push(osEvent);
    out.site.push(recurred ? (site || 'not recorded') : '');
    out.treatment.push(recurred && treatmentIndex >= 0 ? (cell(treatmentIndex) || 'not recorded') : '');
    // Competing risks after surgery: 1 intrahepatic-only recurrence, 2 extrahepatic (only or
    // both), 3 recurrence with the site not recorded, 4 death without recurrence, 0 censored.
    let cause = 0;
    if (recurred) cause = site === 'intrahepatic' ? 1 : (site === 'extrahepatic' || site === 'both') ? 2 : 3;
    else if (dfsEvent) cause = 4;
    out.cause.push(cause);
    covariateNames.forEach((name, k) => out.covariates[name].push(covariateValues[k]));
  }
  return { ...out, problems, excluded, included: out.row.length };
}
