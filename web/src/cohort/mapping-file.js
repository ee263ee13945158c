// @ts-check
// The mapping of a cohort file (which column fills which role, each mapped column's type, the date
// format, unit and decimal separator, the covariates) as one JSON object: what the form edits, what
// "Save the mapping" writes, what scripts/cohort-report.mjs reads. Format: docs/cohort.md.
import { roleByName, rolesOf, guessRoles, fits } from './roles.js';
import { columnTypes } from './column-types.js';
import { dateFormats, unitsPerYear } from './values.js';
import { reportOptions, reportErrors } from './report-options.js';

export const mappingFormat = 'nelm-cohort-mapping';
export const mappingVersion = 1;

// The formats every mapped date column allows (columns without a date say nothing).
export function dateFormatCandidates(mapping, columns) {
  let candidates = Object.keys(dateFormats);
  for (const definition of rolesOf('dates').filter((d) => d.accepts.includes('date'))) {
    const column = columns.get(mapping.roles[definition.role] ?? '');
    if (column && column.dates > 0)
      candidates = candidates.filter((format) => column.dateFormats.includes(format));
  }
  return candidates;
}

// The types the analysis uses: the mapping's own, else the suggestion, else (an empty column) the
// first type its role accepts. Returns Map column -> type.
export function resolveTypes(mapping, columns) {
  const types = new Map(
    [...columns.values()].map((column) => [column.name, column.suggested ?? 'category']),
  );
  for (const [role, name] of Object.entries(mapping.roles ?? {})) {
    const column = columns.get(name);
    const definition = roleByName.get(role);
    if (column && column.suggested === null && definition) types.set(name, definition.accepts[0]);
  }
  for (const entry of mapping.column_types ?? [])
    if (columns.has(entry.column)) types.set(entry.column, entry.type);
  return types;
}

// The form's starting point for a freshly read file: every choice preselected from the file.
export function defaultMapping({ header, columns, decimal, delimiter }) {
  const suggested = resolveTypes({ roles: {} }, columns);
  const dates = guessRoles(header, columns, suggested, 'dates');
  const durations = guessRoles(header, columns, suggested, 'durations');
  const mode = dates.surgery_date || !durations.dfs_time ? 'dates' : 'durations';
  const roles = Object.fromEntries(
    Object.entries(mode === 'dates' ? dates : durations).filter(([, name]) => name),
  );
  const mapping = {
    format: mappingFormat,
    format_version: mappingVersion,
    delimiter,
    decimal_separator: decimal,
    mode,
    date_format: '',
    time_unit: 'months',
    roles,
    column_types: [],
    covariates: [],
  };
  const candidates = dateFormatCandidates(mapping, columns);
  mapping.date_format = mode === 'dates' && candidates.length === 1 ? candidates[0] : '';
  return withTypes(mapping, resolveTypes(mapping, columns));
}

// The mapping with column_types listing the type of every mapped column (roles and covariates).
export function withTypes(mapping, types) {
  const mapped = mappedColumns(mapping).filter(Boolean);
  return {
    ...mapping,
    column_types: mapped.map((column) => ({ column, type: types.get(column) ?? 'category' })),
  };
}

// Roles, covariates and the report's group-by and strata columns.
export function mappedColumns(mapping) {
  const options = reportOptions(mapping);
  return [
    ...new Set([
      ...Object.values(mapping.roles ?? {}),
      ...(mapping.covariates ?? []).map((c) => c.column),
      ...options.group_by,
      ...(options.strata ? [options.strata] : []),
    ]),
  ];
}

function structureErrors(mapping) {
  const errors = [];
  const error = (path, message) => errors.push({ path, message });
  if (mapping?.format !== mappingFormat)
    error('/format', `not a cohort mapping file: "format" must be "${mappingFormat}"`);
  if (mapping?.format_version !== mappingVersion)
    error(
      '/format_version',
      `format_version ${JSON.stringify(mapping?.format_version)} is not ${mappingVersion}, the version this page reads`,
    );
  if (!['dates', 'durations'].includes(mapping?.mode))
    error('/mode', '"mode" must be "dates" or "durations"');
  if (![',', '.'].includes(mapping?.decimal_separator))
    error('/decimal_separator', '"decimal_separator" must be "." or ","');
  if (typeof mapping?.roles !== 'object' || mapping.roles === null || Array.isArray(mapping.roles))
    error('/roles', '"roles" must be an object of role: column');
  if (!Array.isArray(mapping?.covariates)) error('/covariates', '"covariates" must be a list');
  if (!Array.isArray(mapping?.column_types))
    error('/column_types', '"column_types" must be a list');
  return errors;
}

// What stops the analysis (errors, each with a JSON path into the mapping) and what the user
// should see (notes): columns not in the file, required roles missing, a type a role does not
// take, a column in two roles or in a role and among the covariates.
export function checkMapping(mapping, header, columns) {
  const errors = structureErrors(mapping);
  if (errors.length) return { errors, notes: [] };
  const error = (path, message) => errors.push({ path, message });
  const notes = [];
  const inFile = new Set(header);
  const types = resolveTypes(mapping, columns);
  mapping.column_types.forEach((entry, i) => {
    if (!columnTypes.includes(entry?.type))
      error(
        `/column_types/${i}/type`,
        `type "${entry?.type}" of column "${entry?.column}" is not one of ${columnTypes.join(', ')}`,
      );
  });
  const usedBy = new Map();
  for (const [role, name] of Object.entries(mapping.roles)) {
    const definition = roleByName.get(role);
    if (!definition || !definition.modes.includes(mapping.mode)) {
      error(`/roles/${role}`, `"${role}" is not a role in ${mapping.mode} mode`);
      continue;
    }
    if (!name) continue;
    if (!inFile.has(name)) {
      error(`/roles/${role}`, `column "${name}" (${definition.label}) is not in the file`);
      continue;
    }
    if (!fits(definition, columns.get(name), types.get(name))) {
      error(
        `/roles/${role}`,
        `column "${name}" has type ${types.get(name)}; ${definition.label} needs a ${definition.accepts.join(' or ')} column`,
      );
    }
    usedBy.set(name, [...(usedBy.get(name) ?? []), definition.label]);
  }
  for (const definition of rolesOf(mapping.mode)) {
    if (definition.required && !mapping.roles[definition.role])
      error(`/roles/${definition.role}`, `choose the column for ${definition.label}`);
  }
  if (mapping.mode === 'dates' && !dateFormats[mapping.date_format])
    error('/date_format', 'choose the date format');
  if (mapping.mode === 'durations' && !unitsPerYear[mapping.time_unit])
    error('/time_unit', 'choose the unit of the times (days, weeks, months or years)');
  mapping.covariates.forEach((covariate, i) => {
    const name = covariate?.column;
    if (!inFile.has(name)) {
      error(`/covariates/${i}`, `covariate column "${name}" is not in the file`);
      return;
    }
    if (types.get(name) === 'date')
      error(
        `/covariates/${i}`,
        `covariate "${name}" is a date; give it type number or category, or leave it out`,
      );
    if (usedBy.has(name))
      notes.push(
        `"${name}" is both ${usedBy.get(name).join(' and ')} and a covariate of the Cox model: it is used as both.`,
      );
  });
  for (const [name, labels] of usedBy)
    if (labels.length > 1) notes.push(`"${name}" fills two roles: ${labels.join(' and ')}.`);
  errors.push(
    ...reportErrors(
      mapping.report,
      (name) => inFile.has(name),
      (name) => types.get(name),
    ),
  );
  if (!mapping.roles.patient_id)
    notes.push(
      'No patient identifier column is chosen: duplicated patients cannot be found, and problems are listed by row only.',
    );
  return { errors, notes };
}

// Text of a mapping file -> the mapping, or an Error saying what is wrong with the file.
export function parseMappingFile(text) {
  let mapping;
  try {
    mapping = JSON.parse(text);
  } catch (error) {
    throw new Error(
      `The mapping file is not JSON: ${error instanceof Error ? error.message : error}`,
    );
  }
  const errors = structureErrors(mapping);
  if (errors.length)
    throw new Error(
      `The mapping file cannot be used: ${errors.map((e) => `${e.message} (at ${e.path})`).join('; ')}.`,
    );
  return mapping;
}

export const mappingFileText = (mapping) => `${JSON.stringify(mapping, null, 2)}\n`;
