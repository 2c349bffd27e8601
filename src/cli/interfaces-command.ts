/** `netlens interfaces [--json]`: the interfaces NetLens can capture on. */
import { EXIT, exitCodeFor } from '../api/errors.js';
import { listInterfaces, type InterfaceInfo } from '../capture/interfaces.js';
import { printError } from './output.js';
import { parseCommandArgs } from './parse-args.js';

const HELP = `Usage: netlens interfaces [--json]

Lists the interfaces NetLens can capture on: name, description, state, MAC, addresses,
and which one holds the default route (marked *).

Options:
  --json     print a JSON array instead of the table
  -h, --help show this help
`;

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandArgs('interfaces', args, {
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (!parsed.ok) {
    printError(parsed.error);
    return EXIT.badInput;
  }
  if (parsed.value.values.help) {
    process.stdout.write(HELP);
    return EXIT.ok;
  }
  if (parsed.value.positionals.length > 0) {
    printError({
      code: 'usage',
      message: `interfaces: unexpected argument '${parsed.value.positionals[0]}'`,
      hint: 'netlens interfaces [--json]',
    });
    return EXIT.badInput;
  }
  const list = await listInterfaces();
  if (!list.ok) {
    printError(list.error);
    return exitCodeFor(list.error.code);
  }
  process.stdout.write(
    parsed.value.values.json ? JSON.stringify(list.value, null, 2) + '\n' : formatInterfaces(list.value),
  );
  return EXIT.ok;
}

function state(i: InterfaceInfo): string {
  if (i.up === null) return '?';
  if (!i.up) return 'down';
  return i.running === false ? 'no-link' : 'up';
}

export function formatInterfaces(list: InterfaceInfo[]): string {
  const out: string[] = [];
  for (const i of list) {
    const tags = [
      i.loopback ? 'loopback' : '',
      i.wireless ? 'wireless' : '',
      i.defaultRoute ? 'default route' : '',
    ].filter(Boolean);
    out.push(
      `${i.defaultRoute ? '*' : ' '} ${i.name.padEnd(16)} ${state(i).padEnd(7)} ${i.description}${tags.length ? ` (${tags.join(', ')})` : ''}`,
    );
    if (i.mac) out.push(`    mac  ${i.mac}`);
    for (const a of i.ipv4) out.push(`    ipv4 ${a}`);
    for (const a of i.ipv6) out.push(`    ipv6 ${a}`);
  }
  if (list.length === 0) out.push('no interfaces found');
  return out.join('\n') + '\n';
}
