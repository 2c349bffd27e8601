/**
 * ESLint does not read .svelte files here (no eslint-plugin-svelte): this applies the layering
 * rules to their <script> blocks instead. renderer/ may import only src/api/ (types), never
 * electron or main/; `window.netlens` lives only in renderer/lib/api.ts; network strings are never
 * rendered as HTML ({@html} is banned outright).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../renderer');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : files(p);
    return /\.(svelte|ts)$/.test(e.name) ? [p] : [];
  });
}

// vite.config.ts is the build's configuration: it runs in Node, not in the page
const ALL = files(ROOT).filter((f) => !f.endsWith('vite.config.ts'));
const IMPORT = /(?:^|\n)\s*import\s[^'"]*?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

describe('renderer layering', () => {
  it('finds the renderer sources', () => {
    expect(ALL.some((f) => f.endsWith('App.svelte'))).toBe(true);
  });

  it.each(ALL.map((f) => [relative(ROOT, f), f]))('%s imports only what the renderer may', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2];
      expect(spec, `${file}: electron`).not.toBe('electron');
      expect(spec.includes('/main/'), `${file}: imports main/ (${spec})`).toBe(false);
      if (/^(\.\.\/)+src\//.test(spec))
        expect(spec, `${file}: renderer/ may import only src/api/`).toMatch(/^(\.\.\/)+src\/api\//);
      if (spec.startsWith('node:')) throw new Error(`${file}: the renderer runs in a browser, not Node (${spec})`);
    }
  });

  it('window.netlens is touched only by lib/api.ts; no {@html}; no inline style attributes in markup', () => {
    for (const f of ALL) {
      const text = readFileSync(f, 'utf8');
      if (!f.endsWith(join('lib', 'api.ts')))
        expect(
          /\bnetlens\s*\??\.\s*\w+\(|window\.netlens|\.netlens\b/.test(text.replace(/\/\/.*|\/\*[\s\S]*?\*\//g, '')),
          f,
        ).toBe(false);
      if (f.endsWith('.svelte')) {
        expect(text.includes('{@html'), `${f} uses {@html}`).toBe(false);
        // a strict CSP (style-src 'self') refuses style="" attributes: use style: directives (CSSOM)
        expect(/\sstyle="/.test(text.replace(/<style>[\s\S]*?<\/style>/g, '')), `${f} has a style="" attribute`).toBe(
          false,
        );
      }
    }
  });
});
