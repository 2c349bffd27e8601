// Lint rules, including the layering rule from the design notes:
// src/ is the engine and never imports electron, main/ or renderer/;
// renderer/ may import only src/api/ (types); `cap` lives only in src/capture/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import layers from './eslint-rules/layers.js';

const engineBans = {
  paths: [{ name: 'electron', message: 'src/ is the engine: it never imports electron.' }],
  patterns: [
    { group: ['**/main/**', '../main/*', '../../main/*'], message: 'src/ never imports main/.' },
    { group: ['**/renderer/**', '../renderer/*', '../../renderer/*'], message: 'src/ never imports renderer/.' },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { netlens: { rules: { layers } } },
    rules: { 'netlens/layers': 'error' },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/capture/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...engineBans,
          paths: [...engineBans.paths, { name: 'cap', message: '`cap` is owned by src/capture/ only.' }],
        },
      ],
    },
  },
  {
    files: ['src/capture/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', engineBans] },
  },
  // .svelte files are not linted by ESLint (no eslint-plugin-svelte): svelte-check types them and
  // test/renderer/layering.test.ts applies these same import rules to their <script> blocks.
  { ignores: ['**/*.svelte'] },
  {
    files: ['renderer/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'window', property: 'netlens', message: 'window.netlens is used only in renderer/lib/api.ts.' },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer talks to main only through lib/api.ts.' }],
          patterns: [
            { regex: '^(\\.\\./)+src/(?!api/)', message: 'renderer/ may import only src/api/ (types).' },
            { group: ['**/main/**'], message: 'renderer/ never imports main/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/lib/api.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  // One module per dangerous Electron API: ipcMain only in main/ipc.ts, contextBridge and
  // ipcRenderer only in the preload, safeStorage only in main/secrets.ts (and src/ imports no
  // electron at all, above).
  {
    files: ['main/**/*.ts', 'main/**/*.cts', 'test/main/**/*.ts'],
    ignores: ['main/ipc.ts', 'main/preload.cts', 'main/secrets.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              importNames: ['ipcMain', 'contextBridge', 'ipcRenderer', 'safeStorage'],
              message:
                'ipcMain lives only in main/ipc.ts; contextBridge and ipcRenderer only in main/preload.cts; safeStorage only in main/secrets.ts.',
            },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        ...['ipcMain', 'contextBridge', 'ipcRenderer', 'safeStorage'].map((property) => ({
          object: 'electron',
          property,
          message: `${property} is owned by main/ipc.ts, main/preload.cts or main/secrets.ts.`,
        })),
      ],
    },
  },
  {
    files: ['main/ipc.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              importNames: ['contextBridge', 'ipcRenderer', 'safeStorage'],
              message: 'contextBridge and ipcRenderer live only in main/preload.cts, safeStorage in main/secrets.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['main/preload.cts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              importNames: ['ipcMain', 'safeStorage'],
              message: 'ipcMain lives only in main/ipc.ts, safeStorage in main/secrets.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['main/secrets.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              importNames: ['ipcMain', 'contextBridge', 'ipcRenderer'],
              message: 'ipcMain lives only in main/ipc.ts; contextBridge and ipcRenderer only in main/preload.cts.',
            },
          ],
        },
      ],
    },
  },
);
