// What the build and the page's <script> tags provide to web/src, for tsc --noEmit.
/// <reference types="vite/client" />

// web/vite.config.mjs: every bundled model file's text by file name.
declare module 'virtual:nelm-models' {
  const texts: Record<string, string>;
  export default texts;
}

// nelm_core.js (a classic script before the page's module) defines the module factory.
declare var createNelmModule: import('../../docs/api').CreateNelmModule | undefined;

// d3 ships no types; the charts use it for drawing only (no contract data passes through it).
declare module 'd3-scale';
declare module 'd3-shape';
declare module 'd3-axis';
declare module 'd3-selection';

// web/vite.config.mjs: the deploying institution's settings (config/site-config.json, checked
// by web/tools/site-config.mjs at build time; docs/deploy.md).
declare module 'virtual:nelm-site-config' {
  const config: { deployment: {
    institution: string | null; regulatory_status: string; maintainer: string | null;
    contact: string | null; last_reviewed: string | null; local_note: string | null;
  }; trusted_models: { checksum: string; model: string | null }[] | null };
  export default config;
}

// qrcode (npm, MIT) ships no types; the page uses create() for the modules of a QR code only.
declare module 'qrcode' {
  export function create(text: string, options?: { errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H' }):
    { modules: { size: number; get(row: number, column: number): number | boolean } };
}
