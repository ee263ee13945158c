// Reads and checks the site configuration (config/site-config.json, or the file NELM_SITE_CONFIG
// names) for the build: the deploying institution's regulatory status, maintainer, contact and
// "last reviewed" date, shown on the About view, and the checksums of the model files it has
// approved (the page marks any other model as unverified). A file that does not fit is refused
// with the member and what to fix, so a deployment never ships a silently ignored setting.
import { readFileSync } from 'node:fs';

// The members of a format_version 1 file (trusted_models is optional: absent or null means no
// list is kept); a later section is added here and in docs/deploy.md together.
const topLevel = ['about', 'format', 'format_version', 'deployment', 'trusted_models'];
const trustedMembers = ['checksum', 'model'];
const checksumPattern = /^sha256:[0-9a-f]{64}$/;
const deploymentMembers = [
  'institution',
  'regulatory_status',
  'maintainer',
  'contact',
  'last_reviewed',
  'local_note',
];
const maximumLength = 600;

/** @param {string} path @returns {{ deployment: Record<string, string | null> }} */
export function readSiteConfig(path) {
  let config;
  try {
    config = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`site configuration ${path}: not readable JSON (${error.message})`);
  }
  return checkSiteConfig(config, path);
}

/** @param {any} config @param {string} [path] */
export function checkSiteConfig(config, path = 'site-config.json') {
  const refuse = (member, why) => {
    throw new Error(`site configuration ${path}: ${member} ${why}`);
  };
  if (!config || typeof config !== 'object' || Array.isArray(config))
    refuse('the file', 'must be a JSON object');
  for (const key of Object.keys(config)) {
    if (!topLevel.includes(key))
      refuse(`"${key}"`, `is not a member of the format (expected: ${topLevel.join(', ')})`);
  }
  if (config.format !== 'nelm-site-config') refuse('"format"', 'must be "nelm-site-config"');
  if (config.format_version !== 1) refuse('"format_version"', 'must be 1');
  const deployment = config.deployment;
  if (!deployment || typeof deployment !== 'object' || Array.isArray(deployment))
    refuse('"deployment"', 'must be an object');
  for (const key of Object.keys(deployment)) {
    if (!deploymentMembers.includes(key)) {
      refuse(
        `"deployment.${key}"`,
        `is not a member of the format (expected: ${deploymentMembers.join(', ')})`,
      );
    }
  }
  for (const key of deploymentMembers) {
    const value = deployment[key] ?? null;
    if (
      value !== null &&
      (typeof value !== 'string' || value.trim() === '' || value.length > maximumLength)
    ) {
      refuse(`"deployment.${key}"`, `must be null or a text of 1 to ${maximumLength} characters`);
    }
  }
  if (!deployment.regulatory_status)
    refuse('"deployment.regulatory_status"', 'must be set: the About view states it');
  const reviewed = deployment.last_reviewed ?? null;
  if (
    reviewed !== null &&
    !(/^\d{4}-\d{2}-\d{2}$/.test(reviewed) && !Number.isNaN(Date.parse(reviewed)))
  ) {
    refuse('"deployment.last_reviewed"', 'must be null or a date written YYYY-MM-DD');
  }
  return {
    deployment: Object.fromEntries(deploymentMembers.map((key) => [key, deployment[key] ?? null])),
    trusted_models: checkTrustedModels(config.trusted_models ?? null, refuse),
  };
}

// null (no list: the page marks nothing) or the approved model files, each by the checksum the
// core computes ("sha256:" and 64 lower-case hex digits, as the About and Evidence views show it)
// and, optionally, the IT team's own note of what it is.
/** @param {any} list @param {(member: string, why: string) => never} refuse */
function checkTrustedModels(list, refuse) {
  if (list === null) return null;
  if (!Array.isArray(list))
    refuse('"trusted_models"', 'must be null or a list of {"checksum", "model"}');
  const seen = new Set();
  return list.map((item, i) => {
    const at = `"trusted_models[${i}]`;
    if (!item || typeof item !== 'object' || Array.isArray(item))
      refuse(`${at}"`, 'must be an object {"checksum", "model"}');
    for (const key of Object.keys(item)) {
      if (!trustedMembers.includes(key))
        refuse(
          `${at}.${key}"`,
          `is not a member of the format (expected: ${trustedMembers.join(', ')})`,
        );
    }
    if (typeof item.checksum !== 'string' || !checksumPattern.test(item.checksum)) {
      refuse(
        `${at}.checksum"`,
        'must be "sha256:" followed by 64 lower-case hex digits, as the About view shows a model\'s checksum',
      );
    }
    if (seen.has(item.checksum)) refuse(`${at}.checksum"`, 'is listed twice');
    seen.add(item.checksum);
    const model = item.model ?? null;
    if (
      model !== null &&
      (typeof model !== 'string' || model.trim() === '' || model.length > maximumLength)
    ) {
      refuse(`${at}.model"`, `must be null or a text of 1 to ${maximumLength} characters`);
    }
    return { checksum: item.checksum, model };
  });
}
