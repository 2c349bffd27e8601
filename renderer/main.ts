/** Entry point: one transport, one app state, one mounted App. */
import { mount } from 'svelte';
import './styles/app.css';
import App from './App.svelte';
import { createApi } from './lib/api.js';
import { AppState } from './state/app.svelte.js';
import { runExport } from './lib/run-export.js';

// the first paint in the OS's theme; App then follows the settings
document.documentElement.dataset.theme = window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';

// the menu's Export: the HTML report needs the dashboard's charts, drawn here
const app: AppState = new AppState(createApi(), { onExport: (kind) => void runExport(app, kind) });
mount(App, { target: document.getElementById('app')!, props: { app } });
