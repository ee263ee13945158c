// ESLint (flat config) for our JavaScript: the page (browser and worker), the build scripts and
// the node/browser tests. Layout is prettier's job (.prettierrc.json), so only correctness rules.
import js from '@eslint/js';
import globals from 'globals';

export default [
  {
    ignores: [
      'build/**',
      'node_modules/**',
      'bench/results/**',
      'public/**',
      'tests/browser/fixtures/**',
    ],
  },
  js.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      // An unused argument is kept only when it is named with a leading underscore; so is a
      // member taken out of an object only to leave it out of the rest ({ a: _a, ...rest }).
      'no-unused-vars': [
        'error',
        { args: 'after-used', argsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  { files: ['web/src/**/*.js'], languageOptions: { globals: globals.browser } },
  { files: ['web/src/cohort/worker.js'], languageOptions: { globals: globals.worker } },
  {
    files: ['scripts/**', 'web/tools/**', 'web/*.mjs', 'tests/**', 'bench/**', '*.mjs'],
    languageOptions: { globals: globals.node },
  },
  // Browser tests and the page benchmarks run functions inside the page (page.evaluate), where
  // the browser's globals exist.
  {
    files: [
      'tests/browser/**',
      'bench/page.mjs',
      'bench/cohort.mjs',
      'bench/contenders/wasm_chromium.mjs',
    ],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
];
