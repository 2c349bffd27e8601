/** Shared terminal output for the CLI: one-line errors with a hint, number formatting. */
import type { ErrorInfo } from '../api/errors.js';

export function printError(e: ErrorInfo): void {
  process.stderr.write(`netlens: ${e.message}\n  hint: ${e.hint}\n`);
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = -1;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 2 : 1)} ${units[i]}`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
