// Lint rules, including the layering rule from the design notes:
// src/ is the engine and never imports electron, main/ or renderer/;
// renderer/ may import only src/api/ (types); `cap` lives only in src/capture/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import layers from './eslint-rules/layers.js';
import svelte from 'eslint-plugin-svelte';

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
  // .svelte files: eslint-plugin-svelte parses them (TypeScript in <script lang="ts">), and the
  // renderer's rules below apply to them as to renderer/*.ts
  ...svelte.configs.recommended,
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.svelte'],
    ignores: ['renderer/vite.config.ts'],
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
            { regex: '^node:', message: 'The renderer runs in a browser, not in Node.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.svelte'],
    rules: {
      // network strings are shown as text, never as HTML
      'svelte/no-at-html-tags': 'error',
      // the strict CSP (style-src 'self') refuses style="" attributes: style: directives go through the CSSOM
      'no-restricted-syntax': [
        'error',
        {
          selector: 'SvelteAttribute[key.name="style"]',
          message: 'No style="" attribute (the CSP refuses it): use a style: directive.',
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
