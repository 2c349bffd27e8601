/** Argument parsing shared by the subcommands: node's parseArgs, with usage errors as values. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { fail, ok, type Result } from '../api/errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface Parsed {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

export function parseCommandArgs(command: string, args: string[], options: Options): Result<Parsed> {
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
    return ok({ values: values as Parsed['values'], positionals });
  } catch (err) {
    const msg = err instanceof Error ? err.message.split('\n')[0] : String(err);
    return fail('usage', `${command}: ${msg}`, `run 'netlens ${command} --help' for the options`);
  }
}

/** Reads a whole-number option; returns an error value for anything else. */
export function intOption(
  command: string,
  name: string,
  raw: string | boolean | undefined,
  def: number,
  min = 0,
): Result<number> {
  if (raw === undefined) return ok(def);
  const n = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n < min) {
    return fail(
      'usage',
      `${command}: --${name} takes a whole number${min > 0 ? ` of at least ${min}` : ''}, not '${String(raw)}'`,
      `for example --${name} ${Math.max(min, def)}`,
    );
  }
  return ok(n);
}
