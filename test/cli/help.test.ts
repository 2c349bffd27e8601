import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const BIN = resolve(import.meta.dirname, '../../bin/netlens.js');

describe('netlens command', () => {
  it('prints usage with --help and exits 0', async () => {
    const { stdout } = await run('node', [BIN, '--help']);
    expect(stdout).toContain('Usage: netlens <command>');
  });

  it('rejects an unknown command with exit 2 and a hint', async () => {
    const err = await run('node', [BIN, 'frobnicate']).catch((e) => e);
    expect(err.code).toBe(2);
    expect(err.stderr).toMatch(/unknown command 'frobnicate'\n {2}hint: commands: /);
  });
});
