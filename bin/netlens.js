#!/usr/bin/env node
// The `netlens` command: runs the compiled CLI (built by `npm run build`, which `npm install` runs).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('netlens: the CLI is not built yet. Hint: run `npm run build` (npm install does it for you).\n');
  process.exit(70);
}
// A reader that stops early (`netlens analyze --json | head`) closes the pipe: that ends the output, not an error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
