// Lint guards the walls between the app's layers (see ../shared/STYLE.md, habit 12):
// the renderer never imports src-main, the engine never imports electron, and each heavy native
// package lives in one folder of the engine.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Heavy packages and the one engine folder each may be imported from. */
const HEAVY_PACKAGES = {
  sharp: 'src-main/engine/image',
  'better-sqlite3': 'src-main/engine/catalog',
  'onnxruntime-node': 'src-main/engine/models',
  chokidar: 'src-main/engine/watch',
  'heic-decode': 'src-main/engine/image',
  'exiftool-vendored': 'src-main/engine/exiftool',
};

const heavyPackageRule = (except) =>
  Object.entries(HEAVY_PACKAGES)
    .filter(([, folder]) => folder !== except)
    .map(([name, folder]) => ({ name, message: `${name} lives in ${folder}/ only; go through that module.` }));

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'coverage/', 'scratch/', 'bench/.data/', 'test-results/', 'playwright-report/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', performance: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['src-main/engine/**/*.{ts,mjs}'],
    ignores: Object.values(HEAVY_PACKAGES).map((folder) => `${folder}/**`),
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The engine runs without Electron (CLI, HTTP API, tests).' }, ...heavyPackageRule(null)],
        },
      ],
    },
  },
  ...Object.values(HEAVY_PACKAGES)
    .filter((folder, index, all) => all.indexOf(folder) === index)
    .map((folder) => ({
      files: [`${folder}/**/*.{ts,mjs}`],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            paths: [{ name: 'electron', message: 'The engine runs without Electron (CLI, HTTP API, tests).' }, ...heavyPackageRule(folder)],
          },
        ],
      },
    })),
  {
    // Tests build their fixtures with the real libraries (a blurred copy made with sharp, a raw
    // SQLite handle to tamper with a catalog); they still may not pull Electron into the engine.
    files: ['src-main/engine/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'The engine runs without Electron (CLI, HTTP API, tests).' }] }],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer talks to the app only through window.api.' }],
          patterns: [
            { group: ['**/src-main/**', '**/src-main'], message: 'The renderer never imports src-main; use the contract in src-preload/contract.' },
            ...Object.keys(HEAVY_PACKAGES).map((name) => ({ group: [name], message: `${name} is a main-process package.` })),
          ],
        },
      ],
    },
  },
  {
    files: ['src-preload/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/src-main/**', 'electron', 'node:*'], message: 'The contract is pure types shared by every process.' }] },
      ],
    },
  },
);
