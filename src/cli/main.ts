/**
 * The `netlens` command: dispatches to one module per subcommand. Each subcommand exports
 * `run(args): Promise<number>` and returns its exit code (see src/api/errors.ts for the codes).
 */
import { EXIT } from '../api/errors.js';
import { printError } from './output.js';

interface Command {
  summary: string;
  load: () => Promise<{ run: (args: string[]) => Promise<number> }>;
}

const COMMANDS: Record<string, Command> = {
  capture: {
    summary: 'capture live on an interface, log it, and report what was seen',
    load: () => import('./capture-command.js'),
  },
  interfaces: { summary: 'list the interfaces NetLens can capture on', load: () => import('./interfaces-command.js') },
  analyze: { summary: 'read a pcap/pcapng file and report what is in it', load: () => import('./analyze-command.js') },
  probe: {
    summary: 'measure latency, jitter and loss to the gateway, DNS servers and the internet',
    load: () => import('./probe-command.js'),
  },
  history: {
    summary: 'usage, sessions and flows kept across sessions; export, forget, data budgets',
    load: () => import('./history-command.js'),
  },
  serve: {
    summary: 'serve the NetLens interface to a browser (capture or a file), behind a token',
    load: () => import('./serve-command.js'),
  },
};

export const USAGE = `NetLens: see what your network is doing.

Usage: netlens <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(11)} ${c.summary}`)
  .join('\n')}

Run 'netlens <command> --help' for a command's options.
`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE);
    return name === undefined ? EXIT.badInput : EXIT.ok;
  }
  if (name === '--version' || name === '-V') {
    process.stdout.write('netlens 0.1.0\n');
    return EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command) {
    printError({
      code: 'usage',
      message: `unknown command '${name}'`,
      hint: `commands: ${Object.keys(COMMANDS).join(', ')}`,
    });
    return EXIT.badInput;
  }
  try {
    const mod = await command.load();
    return await mod.run(rest);
  } catch (err) {
    // Expected failures are values; reaching this is a bug. Say so in one line, keep the detail for a report.
    const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
    printError({
      code: 'internal',
      message: `internal error: ${err instanceof Error ? err.message : String(err)}`,
      hint: 'this is a bug in NetLens; set NETLENS_DEBUG=1 for the stack trace',
    });
    if (process.env.NETLENS_DEBUG) process.stderr.write(detail + '\n');
    return EXIT.internal;
  }
}
