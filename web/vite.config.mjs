// Bundles the page (web/) into build/web-bundle; scripts/build.sh assembles build/site from it.
// Relative asset paths so the site works from any folder of an intranet server.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import { resolve, join } from 'node:path';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readSiteConfig } from './tools/site-config.mjs';

const root = fileURLToPath(new URL('.', import.meta.url));

// The model files bundled into the page: public/models by default; NELM_MODELS_DIR points the
// build at another folder (an institution's own models, or test fixtures).
const modelsDirectory = process.env.NELM_MODELS_DIR
  ? resolve(process.env.NELM_MODELS_DIR)
  : fileURLToPath(new URL('../public/models', import.meta.url));

// virtual:nelm-models exports { 'file.json': 'file text', ... } for every model file: bundled as
// text so that the checksum is of the shipped bytes and the single file needs no fetch.
function bundledModels() {
  const id = 'virtual:nelm-models';
  return {
    name: 'nelm-models',
    resolveId: (source) => (source === id ? `\0${id}` : null),
    load(loading) {
      if (loading !== `\0${id}`) return null;
      const files = existsSync(modelsDirectory)
        ? readdirSync(modelsDirectory)
            .filter((name) => name.endsWith('.json'))
            .sort()
        : [];
      const texts = Object.fromEntries(
        files.map((name) => {
          this.addWatchFile(join(modelsDirectory, name));
          return [name, readFileSync(join(modelsDirectory, name), 'utf8')];
        }),
      );
      return `export default ${JSON.stringify(texts)};`;
    },
  };
}

// virtual:nelm-site-config exports the deploying institution's settings (config/site-config.json,
// or the file NELM_SITE_CONFIG names), checked at build time: a file that does not fit stops the
// build with the member to fix (docs/deploy.md, "Site configuration").
const siteConfigPath = process.env.NELM_SITE_CONFIG
  ? resolve(process.env.NELM_SITE_CONFIG)
  : fileURLToPath(new URL('../config/site-config.json', import.meta.url));
function siteConfig() {
  const id = 'virtual:nelm-site-config';
  return {
    name: 'nelm-site-config',
    resolveId: (source) => (source === id ? `\0${id}` : null),
    load(loading) {
      if (loading !== `\0${id}`) return null;
      this.addWatchFile(siteConfigPath);
      return `export default ${JSON.stringify(readSiteConfig(siteConfigPath))};`;
    },
  };
}

export default defineConfig({
  root,
  plugins: [bundledModels(), siteConfig()],
  base: './',
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../build/web-bundle', import.meta.url)),
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: false,
    reportCompressedSize: false,
    target: 'es2022',
  },
});
