/**
 * A `netlens serve` killed outright leaves its spool and exports folders behind; the next one
 * removes them (and only folders whose process is gone), and one stopped normally leaves none.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeStale, SPOOL_PREFIX } from '../../src/service/temp-folders.js';
import { ROOT, startServe } from '../e2e/harness.js';

const built = existsSync(join(ROOT, 'dist/src/cli/main.js'));
const root = mkdtempSync(join(tmpdir(), 'nl-temp-folders-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The spool and exports folders in the temp folder the serve processes were given. */
const ours = (): string[] =>
  readdirSync(root)
    .filter((n) => n.startsWith('netlens-spool-') || n.startsWith('netlens-exports-'))
    .sort();

describe('temporary folders', () => {
  it('removeStale removes folders of dead processes only, never a live one nor another pattern', () => {
    mkdirSync(join(root, `${SPOOL_PREFIX}999999999-abcdef`));
    mkdirSync(join(root, `${SPOOL_PREFIX}${process.pid}-ghijkl`));
    mkdirSync(join(root, `${SPOOL_PREFIX}1-mnopqr`)); // pid 1 (init) runs
    mkdirSync(join(root, `${SPOOL_PREFIX}notmine`));
    expect(removeStale(SPOOL_PREFIX, root)).toBe(1);
    expect(readdirSync(root).sort()).toEqual(
      [`${SPOOL_PREFIX}${process.pid}-ghijkl`, `${SPOOL_PREFIX}1-mnopqr`, `${SPOOL_PREFIX}notmine`].sort(),
    );
    for (const n of readdirSync(root)) rmSync(join(root, n), { recursive: true });
  });

  it.skipIf(!built)(
    'a killed serve leaves its folders; the next serve removes them; a stopped one leaves none',
    async () => {
      const prefix = ['env', `TMPDIR=${root}`]; // env execs node: the pid is serve's own
      const first = await startServe(['--no-probe'], null, prefix);
      const left = ours();
      expect(left.length).toBe(2); // the spool and the exports
      first.child.kill('SIGKILL');
      await first.stop();
      expect(ours()).toEqual(left);
      const second = await startServe(['--no-probe'], null, prefix);
      try {
        const now = ours();
        expect(now.length).toBe(2);
        expect(now.filter((n) => left.includes(n))).toEqual([]);
      } finally {
        await second.stop();
      }
      expect(ours()).toEqual([]);
    },
  );
});
