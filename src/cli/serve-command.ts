/**
 * `netlens serve [--port P] [--host H] [-i IFACE [-f BPF] | FILE]`: the NetLens interface in a
 * browser, for a machine without a screen. Prints the URL with its token (like Jupyter) and runs
 * until Ctrl+C.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { defaultHistoryPath } from '../history/history-config.js';
import { EXIT, exitCodeFor, fail as failure, ok, type ErrorInfo, type Result } from '../api/errors.js';
import { DEFAULT_SETTINGS } from '../service/settings-schema.js';
import { isLoopbackHost } from '../server/access.js';
import { startServer } from '../server/netlens-server.js';
import { printError } from './output.js';
import { intOption, parseCommandArgs } from './parse-args.js';

const HELP = `Usage: netlens serve [--port P] [--host H] [--data DIR] [--log-dir DIR] [-i IFACE [-f BPF] | FILE]

Serves the NetLens interface over HTTP and a WebSocket, for a browser on this machine (or, with
--host, on another). Prints the address to open: it carries a random token, and requests without
it are refused. With -i it starts capturing on IFACE; with FILE it opens that capture.

Options:
      --port P               port to listen on (default 8765; 0 picks a free one)
      --host H               address to listen on (default 127.0.0.1, this machine only).
                             Anything else lets other machines connect (with the token), over
                             plain HTTP: use it on networks you trust, or behind an SSH tunnel
      --data DIR             the browser may open the capture files under DIR (default: none;
                             the browser never names any other path on this machine)
      --log-dir DIR          live captures may be logged to DIR or a folder under it (with -i:
                             that capture is logged to DIR); default: no logging from the browser
  -i, --interface IFACE      start capturing on IFACE
  -f, --filter BPF           capture filter for -i, as tcpdump takes it
      --no-probe             do not measure latency to the gateway, DNS servers and the internet
      --no-history           keep no history of live captures (default: kept in the user data
                             folder's history.duckdb; NETLENS_HISTORY=off does the same)
  -h, --help                 show this help

Exit codes: 0 stopped by Ctrl+C, 2 bad input (port in use, unknown file or interface), 3 no permission.
`;

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandArgs('serve', args, {
    port: { type: 'string' },
    host: { type: 'string' },
    interface: { type: 'string', short: 'i' },
    filter: { type: 'string', short: 'f' },
    'no-probe': { type: 'boolean' },
    data: { type: 'string' },
    'log-dir': { type: 'string' },
    'no-history': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (!parsed.ok) return usage(parsed.error);
  const { values: v, positionals } = parsed.value;
  if (v.help) {
    process.stdout.write(HELP);
    return EXIT.ok;
  }
  const port = intOption('serve', 'port', v.port, 8765, 0);
  if (!port.ok) return usage(port.error);
  if (port.value > 65535)
    return usage({
      code: 'usage',
      message: `serve: --port ${port.value} is not a port`,
      hint: 'use 1-65535, or 0 for any free port',
    });
  const iface = typeof v.interface === 'string' ? v.interface : null;
  if (positionals.length > 1)
    return usage({
      code: 'usage',
      message: `serve: one capture file at most (got ${positionals.length})`,
      hint: 'netlens serve FILE',
    });
  const file = positionals[0] ?? null;
  if (iface && file)
    return usage({
      code: 'usage',
      message: 'serve: give an interface (-i) or a file, not both',
      hint: 'netlens serve -i eth0, or netlens serve capture.pcap',
    });
  if (v.filter !== undefined && !iface)
    return usage({
      code: 'usage',
      message: 'serve: -f is a capture filter for -i',
      hint: 'netlens serve -i eth0 -f "tcp port 443"',
    });
  const host = typeof v.host === 'string' ? v.host : '127.0.0.1';

  const dataDir = folderOption('data', v.data);
  if (!dataDir.ok) return usage(dataDir.error);
  const logDir = folderOption('log-dir', v['log-dir']);
  if (!logDir.ok) return usage(logDir.error);

  const keep = v['no-history'] !== true && process.env.NETLENS_HISTORY !== 'off';
  const started = await startServer({
    port: port.value,
    host,
    engine: { probe: v['no-probe'] !== true, history: keep ? { path: defaultHistoryPath() } : null },
    dataDir: dataDir.value,
    logDir: logDir.value,
  });
  if (!started.ok) {
    printError(started.error);
    return exitCodeFor(started.error.code);
  }
  const server = started.value;
  if (file) {
    const r = await server.service.handle('file:open', { path: resolve(file) });
    if (!r.ok) return fail(server.close(), r.error);
  } else if (iface) {
    const r = await server.service.handle('capture:start', {
      interface: iface,
      filter: typeof v.filter === 'string' ? v.filter : '',
      log: logDir.value ? { folder: logDir.value, rotateMb: DEFAULT_SETTINGS.logging.rotateMb } : null,
    });
    if (!r.ok) return fail(server.close(), r.error);
  }
  if (!isLoopbackHost(host)) {
    process.stderr.write(
      `netlens: warning: listening on ${host}: other machines can connect (with the token), over plain HTTP\n`,
    );
  }
  // listen for Ctrl+C and SIGTERM before the address is out: a stop right after it still cleans up
  const stopped = new Promise<void>((resolveStop) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolveStop();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  process.stderr.write('netlens: serving the NetLens interface; open this address in a browser (Ctrl+C stops):\n');
  process.stdout.write(`${server.url}\n`);
  await stopped;
  process.stderr.write('netlens: stopping\n');
  await server.close();
  return EXIT.ok;
}

/** --data / --log-dir: an existing folder, as an absolute path; null when not given. */
function folderOption(name: string, value: unknown): Result<string | null> {
  if (typeof value !== 'string') return ok(null);
  const dir = resolve(value);
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    // reported below
  }
  return isDir
    ? ok(dir)
    : failure(
        'usage',
        `serve: --${name} ${value} is not a folder`,
        `give an existing folder: --${name} /path/to/folder`,
      );
}

function usage(e: ErrorInfo): number {
  printError(e);
  return EXIT.badInput;
}

async function fail(closing: Promise<void>, e: ErrorInfo): Promise<number> {
  await closing;
  printError(e);
  return exitCodeFor(e.code);
}
