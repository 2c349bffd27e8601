/**
 * The layer order is enforced by lint, not only kept: ESLint (the project's own config) run on
 * imports that go against it reports them, and passes the ones that follow it.
 */
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: ROOT });

async function lint(file: string, code: string): Promise<string[]> {
  const [r] = await eslint.lintText(code, { filePath: join(ROOT, file) });
  return r.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('layer order (eslint-rules/layers.js)', () => {
  it('refuses an import from a higher layer', async () => {
    const messages = await lint(
      'src/decode/probe-lint.ts',
      "import { PacketPipeline } from '../session/pipeline.js';\nexport const p = PacketPipeline;\n",
    );
    expect(messages).toEqual([
      expect.stringMatching(/^netlens\/layers: src\/decode\/ may not import src\/session\/: session is above decode/),
    ]);
  });

  it('refuses a type import and an export from a higher layer, and a sibling', async () => {
    const code = [
      "import type { EngineSession } from '../session/engine-session.js';",
      "export { AlertEngine } from '../alerts/alert-engine.js';",
      'export type S = EngineSession;',
      '',
    ].join('\n');
    const messages = await lint('src/analysis/probe-lint.ts', code);
    expect(messages).toHaveLength(2);
    const sibling = await lint(
      'src/probe/probe-lint.ts',
      "import { x } from '../identity/x.js';\nexport const y = x;\n",
    );
    expect(sibling).toEqual([expect.stringMatching(/identity is a sibling of probe/)]);
  });

  it('passes imports from lower layers and within a folder', async () => {
    const code = [
      "import type { Decoded } from '../decode/decoded.js';",
      "import { ok } from '../api/errors.js';",
      "import { Timeline } from './timeline.js';",
      'export type D = Decoded;',
      'export const o = ok;',
      'export const t = Timeline;',
      '',
    ].join('\n');
    expect(await lint('src/analysis/probe-lint.ts', code)).toEqual([]);
  });

  it('asks for a new folder to be placed in the order', async () => {
    const messages = await lint(
      'src/nowhere/probe-lint.ts',
      "import { ok } from '../api/errors.js';\nexport const o = ok;\n",
    );
    expect(messages).toEqual([expect.stringMatching(/src\/nowhere\/ is not in the layer order/)]);
  });
});
