/**
 * The renderer's layering rules are ESLint's (eslint.config.js, with eslint-plugin-svelte reading
 * .svelte files): this proves they catch what they must, in .svelte files as in .ts ones.
 * renderer/ may import only src/api/ (types), never electron, main/ or node:; `window.netlens`
 * lives only in renderer/lib/api.ts; network strings are never rendered as HTML; no style=""
 * attribute (the strict CSP refuses them).
 */
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: ROOT });

/** The rules a file in the renderer breaks (lint run on text, as if it were at `path`). */
async function broken(path: string, text: string): Promise<string[]> {
  const [result] = await eslint.lintText(text, { filePath: resolve(ROOT, path) });
  return result.messages.map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
}

function component(script: string, markup = '<p>{x}</p>'): string {
  return `<script lang="ts">\n${script}\n  const x = 1;\n</script>\n\n${markup}\n`;
}

describe('renderer layering, enforced by lint', () => {
  it('a .svelte file that imports only src/api/ types passes', async () => {
    const ok = component(
      "  import type { Snapshot } from '../../src/api/snapshot.js';\n  let s: Snapshot | null = null;\n  void s;",
    );
    expect(await broken('renderer/views/Probe.svelte', ok)).toEqual([]);
  });

  it.each([
    [
      'the engine beyond src/api/',
      "  import { analyzeFile } from '../../src/session/analyze-file.js';\n  void analyzeFile;",
    ],
    ['electron', "  import { ipcRenderer } from 'electron';\n  void ipcRenderer;"],
    ['main/', "  import { createWindow } from '../../main/window.js';\n  void createWindow;"],
    ['Node', "  import { readFileSync } from 'node:fs';\n  void readFileSync;"],
  ])('a .svelte file importing %s fails lint', async (_what, script) => {
    const errors = await broken('renderer/views/Probe.svelte', component(script));
    expect(
      errors.some((e) => e.startsWith('no-restricted-imports:')),
      errors.join('\n'),
    ).toBe(true);
  });

  it('the same import rules hold in renderer/*.ts', async () => {
    const errors = await broken(
      'renderer/lib/probe.ts',
      "import { Analyzer } from '../../src/analysis/analyzer.js';\nvoid Analyzer;\n",
    );
    expect(
      errors.some((e) => e.startsWith('no-restricted-imports:')),
      errors.join('\n'),
    ).toBe(true);
  });

  it('window.netlens outside lib/api.ts fails lint, in a .svelte file too', async () => {
    const errors = await broken('renderer/views/Probe.svelte', component('  void window.netlens;'));
    expect(
      errors.some((e) => e.startsWith('no-restricted-properties:')),
      errors.join('\n'),
    ).toBe(true);
  });

  it('{@html} and style="" attributes fail lint', async () => {
    const html = await broken(
      'renderer/views/Probe.svelte',
      component('  const name = "<b>x</b>";', '<p>{@html name}</p>'),
    );
    expect(
      html.some((e) => e.startsWith('svelte/no-at-html-tags:')),
      html.join('\n'),
    ).toBe(true);
    const style = await broken('renderer/views/Probe.svelte', component('', '<p style="color: red">{x}</p>'));
    expect(
      style.some((e) => e.startsWith('no-restricted-syntax:')),
      style.join('\n'),
    ).toBe(true);
    // a style: directive goes through the CSSOM, which the CSP allows
    expect(await broken('renderer/views/Probe.svelte', component('', '<p style:color="red">{x}</p>'))).toEqual([]);
  });
});
