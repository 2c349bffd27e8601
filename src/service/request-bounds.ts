/**
 * How large and how deep a request may be, checked before anything reads it (nginx's
 * client_max_body_size, per channel): a few KB for most channels, more where the argument is
 * naturally large (a long capture filter, the HTML report's chart images). Uploads do not come
 * this way. The WebSocket checks the raw frame (jsonTooDeep runs before JSON.parse, which would
 * otherwise build millions of nested arrays); IPC arguments arrive as objects and are walked by
 * argsTooLarge, which stops as soon as a limit is passed. Messages name the limit, never the input.
 */
import type { RequestChannel } from '../api/contract.js';

/** Deeper than this, no argument of the contract goes (the settings are 4 levels deep). */
export const MAX_JSON_DEPTH = 32;
export const DEFAULT_ARG_BYTES = 8 << 10;
/** The longest capture filter taken (tcpdump has no limit; lists of hosts make long ones). */
export const MAX_FILTER_CHARS = 64 << 10;
/** The HTML report's chart images, all of them together. */
export const MAX_CHARTS_BYTES = 12 << 20;

const LARGER: Partial<Record<RequestChannel, number>> = {
  'filter:check': MAX_FILTER_CHARS + (4 << 10),
  'capture:start': MAX_FILTER_CHARS + (8 << 10),
  'settings:set': MAX_FILTER_CHARS + (64 << 10),
  'alerts:ack': 1 << 20,
  'export:run': MAX_CHARTS_BYTES + (16 << 10),
};

export function maxArgBytes(channel: RequestChannel): number {
  return LARGER[channel] ?? DEFAULT_ARG_BYTES;
}

/** The largest request any channel takes: a WebSocket frame above it is refused unread. */
export const MAX_REQUEST_BYTES = Math.max(DEFAULT_ARG_BYTES, ...Object.values(LARGER)) + 1024;

/** Is this JSON text nested deeper than `max` (counting [ and { outside strings)? O(n), no allocation. */
export function jsonTooDeep(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/**
 * Why `args` is too large or too deep for `channel` (an IPC argument, already an object), or null.
 * Sizes are JSON-like: string lengths plus a few bytes per value; the walk stops past the limit.
 */
export function argsTooLarge(channel: RequestChannel, args: unknown): string | null {
  const limit = maxArgBytes(channel);
  let bytes = 0;
  const stack: { v: unknown; d: number }[] = [{ v: args, d: 0 }];
  while (stack.length > 0) {
    const { v, d } = stack.pop()!;
    if (d > MAX_JSON_DEPTH) return `${channel}: the argument is nested deeper than ${MAX_JSON_DEPTH} levels`;
    if (typeof v === 'string') bytes += v.length + 2;
    else if (v !== null && typeof v === 'object') {
      const entries = Array.isArray(v) ? v : Object.entries(v as Record<string, unknown>);
      bytes += 2 + entries.length;
      if (bytes > limit) break;
      for (const e of entries) {
        if (Array.isArray(v)) stack.push({ v: e, d: d + 1 });
        else {
          const [k, x] = e as [string, unknown];
          bytes += k.length + 3;
          stack.push({ v: x, d: d + 1 });
        }
      }
    } else bytes += 8;
    if (bytes > limit) break;
  }
  return bytes > limit ? `${channel}: the argument is larger than ${Math.round(limit / 1024)} KB` : null;
}

/** A field name or value shown in an error: short identifiers as they are, anything else only described. */
export function shown(v: unknown): string {
  if (typeof v === 'string') return /^[A-Za-z][\w:.-]{0,31}$/.test(v) ? `'${v}'` : `a text of ${v.length} characters`;
  if (typeof v === 'number') return Number.isFinite(v) && String(v).length <= 20 ? String(v) : 'a number';
  if (v === null) return 'null';
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : typeof v;
}
