/** Entry point: one transport, one app state, one mounted App. */
import { mount } from 'svelte';
import './styles/app.css';
import App from './App.svelte';
import { createApi } from './lib/api.js';
import { AppState } from './state/app.svelte.js';

const app = new AppState(createApi());
mount(App, { target: document.getElementById('app')!, props: { app } });
