// Shared by the benchmarks: the project root and the 5M-packet capture they read, built with
// ../shared/pcaps/make-bench.sh when it is missing.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The capture to benchmark: `arg` (a path from the command line) or bench/data/bench-5M.pcap, built if missing. */
export function benchFile(arg) {
  const file = resolve(arg ?? `${root}/bench/data/bench-5M.pcap`);
  if (existsSync(file)) return file;
  const makeBench = resolve(root, '../shared/pcaps/make-bench.sh');
  if (!existsSync(makeBench)) {
    console.error(`bench: ${file} is missing and ${makeBench} is not there to build it`);
    process.exit(2);
  }
  mkdirSync(dirname(file), { recursive: true });
  console.log(`building ${file} with make-bench.sh (about 30 s)...`);
  execFileSync(makeBench, [file], { stdio: 'inherit' });
  return file;
}
