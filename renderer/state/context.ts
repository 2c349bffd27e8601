/** Components reach the app's state through Svelte context (set once by App.svelte). */
import { getContext, setContext } from 'svelte';
import type { AppState } from './app.svelte.js';

const KEY = Symbol('netlens-app');

export function provideApp(app: AppState): void {
  setContext(KEY, app);
}

export function useApp(): AppState {
  const app = getContext<AppState | undefined>(KEY);
  if (!app) throw new Error('useApp() outside <App>');
  return app;
}
