// @ts-check
// The report's options (landmark times, interval type, columns to compare groups by, Cox strata and
// tie method) as the mapping file's optional "report" object: defaults, checks with JSON paths,
// and the times the report asks the core for. Format: docs/cohort.md.

export const confTypes = { 'log-log': 'log-log', log: "log (R's default)", plain: 'plain' };
export const tieMethods = { efron: "Efron (R's default)", breslow: 'Breslow' };
export const defaultReportOptions = Object.freeze({
  landmarks: [1, 3, 5, 10],
  conf_type: 'log-log',
  group_by: [],
  strata: null,
  ties: 'efron',
});
const maxLandmarks = 20;
const maxGroupColumns = 10;
// A figure and its table stay readable up to this many groups.
export const maxGroups = 12;

// The options with every absent member at its default (a mapping file without "report" is fine).
export function reportOptions(mapping) {
  const given = mapping?.report ?? {};
  const landmarks =
    Array.isArray(given.landmarks) && given.landmarks.length
      ? given.landmarks
      : defaultReportOptions.landmarks;
  return {
    landmarks: [...new Set(landmarks)].sort((a, b) => a - b),
    conf_type: given.conf_type ?? defaultReportOptions.conf_type,
    group_by: Array.isArray(given.group_by) ? given.group_by : [],
    strata: given.strata || null,
    ties: given.ties ?? defaultReportOptions.ties,
  };
}

// Errors ({ path, message }) in mapping.report; inFile(name) says whether a column exists and
// typeOf(name) gives its type.
export function reportErrors(report, inFile, typeOf) {
  if (report === undefined) return [];
  const errors = [];
  const error = (path, message) => errors.push({ path: `/report${path}`, message });
  if (typeof report !== 'object' || report === null || Array.isArray(report))
    return [{ path: '/report', message: '"report" must be an object' }];
  const known = ['landmarks', 'conf_type', 'group_by', 'strata', 'ties'];
  for (const key of Object.keys(report))
    if (!known.includes(key))
      error(`/${key}`, `"${key}" is not a report option (${known.join(', ')})`);
  if (report.landmarks !== undefined) {
    if (
      !Array.isArray(report.landmarks) ||
      report.landmarks.length === 0 ||
      report.landmarks.length > maxLandmarks
    ) {
      error('/landmarks', `"landmarks" must be a list of 1 to ${maxLandmarks} times in years`);
    } else {
      report.landmarks.forEach((time, i) => {
        if (typeof time !== 'number' || !Number.isFinite(time) || time <= 0 || time > 100)
          error(
            `/landmarks/${i}`,
            `landmark ${JSON.stringify(time)} must be a number of years above 0 and at most 100`,
          );
      });
    }
  }
  if (report.conf_type !== undefined && !confTypes[report.conf_type])
    error('/conf_type', `"conf_type" must be one of ${Object.keys(confTypes).join(', ')}`);
  if (report.ties !== undefined && !tieMethods[report.ties])
    error('/ties', `"ties" must be one of ${Object.keys(tieMethods).join(', ')}`);
  const columnError = (path, name, what) => {
    if (!inFile(name)) error(path, `${what} column "${name}" is not in the file`);
    else if (typeOf(name) === 'date')
      error(path, `${what} column "${name}" is a date; choose a category column`);
  };
  if (report.group_by !== undefined) {
    if (!Array.isArray(report.group_by) || report.group_by.length > maxGroupColumns)
      error('/group_by', `"group_by" must be a list of at most ${maxGroupColumns} columns`);
    else report.group_by.forEach((name, i) => columnError(`/group_by/${i}`, name, 'group-by'));
  }
  if (report.strata !== undefined && report.strata !== null && report.strata !== '')
    columnError('/strata', report.strata, 'strata');
  return errors;
}

// The landmark times and the figure's time axis: the numbers at risk every whole year (every
// second or more beyond 10 years) from 0 to the last landmark.
export function reportTimes(options) {
  const axisEnd = Math.max(1, Math.ceil(options.landmarks[options.landmarks.length - 1]));
  const step = Math.ceil(axisEnd / 10);
  const riskTimes = [];
  for (let time = 0; time <= axisEnd; time += step) riskTimes.push(time);
  const times = [...new Set([...options.landmarks, ...riskTimes])].sort((a, b) => a - b);
  return { landmarks: options.landmarks, riskTimes, axisEnd, times };
}
