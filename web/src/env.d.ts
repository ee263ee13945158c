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
