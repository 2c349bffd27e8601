/**
 * The public sample captures and tshark's ground truth in ../shared/pcaps. They are never copied
 * into the project; where ../shared is absent (a user's clone) the tests that need them skip.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const SHARED_PCAPS = resolve(import.meta.dirname, '../../../shared/pcaps');
export const HAVE_SHARED = existsSync(join(SHARED_PCAPS, 'truth'));
export const SKIP_REASON = `../shared/pcaps is absent (expected at ${SHARED_PCAPS}): oracle tests skipped`;

export function samplePath(name: string): string {
  return join(SHARED_PCAPS, name);
}

export function sampleNames(): string[] {
  if (!HAVE_SHARED) return [];
  return readdirSync(SHARED_PCAPS)
    .filter((f) => /\.(pcap|pcapng)$/.test(f))
    .sort();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function truthFor(name: string): any {
  return JSON.parse(readFileSync(join(SHARED_PCAPS, 'truth', `${name}.json`), 'utf8'));
}
