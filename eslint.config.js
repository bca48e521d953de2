// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = [
  'node:*',
  'fs',
  'fs/*',
  'path',
  'os',
  'child_process',
  'crypto',
  'net',
  'http',
  'https',
  'worker_threads',
  'url',
  'stream',
  'util',
];

/** The layers of ARCHITECTURE.md, enforced: who may import what. */
const restrict = (paths, patterns) => ({ 'no-restricted-imports': ['error', { paths, patterns }] });
const electronPath = { name: 'electron', message: 'Only electron/main, electron/ipc and electron/preload may import Electron.' };
const intoElectron = {
  group: ['**/electron/**', '!**/node_modules/**'],
  message: 'renderer/ and shared/ never import the main process (electron/).',
};
const nodeApis = { group: NODE_BUILTINS, message: 'No Node APIs here: this code runs in the browser sandbox or everywhere.' };
const intoRenderer = { group: ['**/renderer/**'], message: 'Only the renderer imports the renderer.' };

export default tseslint.config(
  {
    ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.cache/**', 'coverage/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: restrict([electronPath, { name: 'react', message: 'shared/ is UI-free.' }], [intoElectron, intoRenderer, nodeApis]),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.flat['recommended-latest'].rules,
      ...restrict([electronPath], [intoElectron, nodeApis]),
    },
  },
  {
    // Services, store, dispatcher, web host, CLI and workers run on plain Node too: no Electron.
    files: ['electron/**/*.ts'],
    ignores: ['electron/main/**', 'electron/ipc/**', 'electron/preload/**'],
    rules: restrict([electronPath], [intoRenderer]),
  },
  {
    files: ['electron/preload/**/*.ts'],
    // Sandboxed preload: only 'electron' (contextBridge, ipcRenderer) and pure shared code.
    rules: restrict([], [nodeApis, intoRenderer]),
  },
  {
    files: ['electron/main/**/*.ts', 'electron/ipc/**/*.ts'],
    rules: restrict([], [intoRenderer]),
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['tests/**/*.ts', 'scripts/**/*.{ts,mjs}'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', 'no-empty-pattern': 'off' },
  },
);
