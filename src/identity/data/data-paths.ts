/**
 * Where the identity tables live: dist/identity-data/ of the NetLens install, found by walking up
 * from this module (src/identity/data under vitest, dist/src/identity/data when built, the same
 * inside the packaged app's archive). NETLENS_IDENTITY_DATA names another folder.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const TABLE_DIR_NAME = 'identity-data';

/** The file name of each table the build makes. */
export const TABLE_FILES = {
  oui: 'oui.nlt',
  countryV4: 'country-v4.nlt',
  countryV6: 'country-v6.nlt',
  asnV4: 'asn-v4.nlt',
  asnV6: 'asn-v6.nlt',
} as const;

export type TableName = keyof typeof TABLE_FILES;

/** The project root: the nearest folder above this module holding package.json. */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
}

export function tableDir(): string {
  return process.env.NETLENS_IDENTITY_DATA || join(projectRoot(), 'dist', TABLE_DIR_NAME);
}

export function tablePath(name: TableName): string {
  return join(tableDir(), TABLE_FILES[name]);
}

/** The one-line hint for a missing table. */
export const TABLE_HINT = 'run `npm run build` (it makes dist/identity-data/ from the npm data packages)';
