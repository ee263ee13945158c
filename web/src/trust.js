// @ts-check
// The models a deploying hospital has approved, by checksum (config/site-config.json,
// "trusted_models"; docs/deploy.md): a checksum proves a file is unchanged since it was sealed, not
// that anyone approved it, so with a list set the page says plainly when a loaded model (bundled or
// an institution's file) is not on it. Without a list the page marks nothing and About says so.
import siteConfig from 'virtual:nelm-site-config';
import { el } from './dom.js';

/** @typedef {import('../../docs/api').LoadedModel} LoadedModel */
/** @typedef {{ checksum: string, model: string | null }[] | null} TrustedList */

/** @type {TrustedList} */
export const trustedModels = siteConfig.trusted_models;

/**
 * "approved" (on the list), "unverified" (a list is kept and the model is not on it) or
 * "no_list" (the site keeps none).
 * @param {string} checksum
 * @param {TrustedList} [list]
 * @returns {'approved' | 'unverified' | 'no_list'}
 */
export function trustOf(checksum, list = trustedModels) {
  if (!list) return 'no_list';
  return list.some((item) => item.checksum === checksum) ? 'approved' : 'unverified';
}

/** @param {string | null} institution */
function whose(institution) {
  return institution ? `${institution}'s` : "this site's";
}

/**
 * The sentence a clinician reads beside an unverified model, or null when there is nothing to say.
 * @param {LoadedModel} loaded
 * @param {TrustedList} [list]
 */
export function unverifiedSentence(loaded, list = trustedModels) {
  if (trustOf(loaded.checksum, list) !== 'unverified') return null;
  const { institution, contact } = siteConfig.deployment;
  return (
    `Unverified model: "${loaded.title}" (version ${loaded.version}) is not on ${whose(institution)} list of ` +
    `approved models. Check with ${contact ?? 'the team that deployed this calculator'} before using its numbers.`
  );
}

/**
 * The notice element for an unverified model, or null.
 * @param {LoadedModel} loaded
 */
export function unverifiedNotice(loaded) {
  const text = unverifiedSentence(loaded);
  return text ? el('p', { className: 'notice unverified-model', role: 'note', text }) : null;
}

/**
 * One short phrase for lists (About, Evidence, the printout's footer).
 * @param {LoadedModel} loaded
 */
export function trustPhrase(loaded) {
  const trust = trustOf(loaded.checksum);
  if (trust === 'no_list') return 'this site keeps no list of approved models';
  const { institution } = siteConfig.deployment;
  return trust === 'approved'
    ? `on ${whose(institution)} list of approved models`
    : `UNVERIFIED: not on ${whose(institution)} list of approved models`;
}
