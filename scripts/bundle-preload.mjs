// Bundles main/preload.cts with the contract's channel lists into one CommonJS file: a sandboxed
// preload can require only 'electron', not local files. Run by `npm run build` (after tsc).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const PRELOAD_OUT = `${ROOT}dist/main/preload.cjs`;

/** Writes the bundled preload to `outfile` (default dist/main/preload.cjs). */
export async function bundlePreload(outfile = PRELOAD_OUT) {
  await build({
    entryPoints: [`${ROOT}main/preload.cts`],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'es2022',
    external: ['electron'],
    logLevel: 'warning',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await bundlePreload();
