import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  test: {
    pool: 'forks',
    testTimeout: 60_000,
    // engines started by tests keep no history unless a test asks (and names its own folder)
    env: { NETLENS_HISTORY: 'off' },
    hookTimeout: 60_000,
    reporters: ['default'],
    projects: [
      {
        extends: true,
        // electron-store imports electron at load: inline it so test/main's vi.mock('electron') reaches it
        test: {
          name: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/renderer/**', '**/node_modules/**'],
          server: { deps: { inline: ['electron-store'] } },
        },
      },
      {
        // The renderer's state classes use Svelte 5 runes: compile them (and *.svelte.test.ts) for the
        // client runtime, as the browser runs them, so $state/$derived/$effect behave as in the app.
        extends: true,
        plugins: [svelte({ configFile: false })],
        resolve: { conditions: ['browser'] },
        test: {
          name: 'renderer',
          include: ['test/renderer/**/*.test.ts'],
          testTransformMode: { web: ['**/*'] },
          server: { deps: { inline: [/svelte/] } },
        },
      },
    ],
  },
});
