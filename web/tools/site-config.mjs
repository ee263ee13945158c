// Reads and checks the site configuration (config/site-config.json, or the file NELM_SITE_CONFIG
// names) for the build: the deploying institution's regulatory status, maintainer, contact and
// "last reviewed" date, shown on the About view. A file that does not fit is refused with the
// member and what to fix, so a deployment never ships a silently ignored setting.
import { readFileSync } from 'node:fs';

// The members of a format_version 1 file; a later section (for example the models a hospital
// trusts, by checksum) is added here and in docs/deploy.md together.
const topLevel = ['about', 'format', 'format_version', 'deployment'];
const deploymentMembers = ['institution', 'regulatory_status', 'maintainer', 'contact', 'last_reviewed', 'local_note'];
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
  const refuse = (member, why) => { throw new Error(`site configuration ${path}: ${member} ${why}`); };
  if (!config || typeof config !== 'object' || Array.isArray(config)) refuse('the file', 'must be a JSON object');
  for (const key of Object.keys(config)) {
    if (!topLevel.includes(key)) refuse(`"${key}"`, `is not a member of the format (expected: ${topLevel.join(', ')})`);
  }
  if (config.format !== 'nelm-site-config') refuse('"format"', 'must be "nelm-site-config"');
  if (config.format_version !== 1) refuse('"format_version"', 'must be 1');
  const deployment = config.deployment;
  if (!deployment || typeof deployment !== 'object' || Array.isArray(deployment)) refuse('"deployment"', 'must be an object');
  for (const key of Object.keys(deployment)) {
    if (!deploymentMembers.includes(key)) {
      refuse(`"deployment.${key}"`, `is not a member of the format (expected: ${deploymentMembers.join(', ')})`);
    }
  }
  for (const key of deploymentMembers) {
    const value = deployment[key] ?? null;
    if (value !== null && (typeof value !== 'string' || value.trim() === '' || value.length > maximumLength)) {
      refuse(`"deployment.${key}"`, `must be null or a text of 1 to ${maximumLength} characters`);
    }
  }
  if (!deployment.regulatory_status) refuse('"deployment.regulatory_status"', 'must be set: the About view states it');
  const reviewed = deployment.last_reviewed ?? null;
  if (reviewed !== null && !(/^\d{4}-\d{2}-\d{2}$/.test(reviewed) && !Number.isNaN(Date.parse(reviewed)))) {
    refuse('"deployment.last_reviewed"', 'must be null or a date written YYYY-MM-DD');
  }
  return { deployment: Object.fromEntries(deploymentMembers.map((key) => [key, deployment[key] ?? null])) };
}
