/**
 * Checks a BPF capture filter without opening an interface: libpcap compiles it on a "dead"
 * handle for a link type (native binding only; `cap` cannot). Used when the interface cannot be
 * opened (no capture permission yet), so the user still learns about a typo before Start.
 */
import { fail, ok, type Result } from '../api/errors.js';
import { loadNativePcap } from './live-native.js';
import { invalidFilterError } from './live-errors.js';

/** DLT_EN10MB: Ethernet framing, what ordinary interfaces (wired and Wi-Fi) deliver. */
export const LINKTYPE_ETHERNET = 1;

/**
 * ok when libpcap compiles `filter` for `linkType`, an 'invalid-filter' error when it does not,
 * or null when it cannot be checked here (the binding is not built).
 */
export function compileFilter(filter: string, linkType = LINKTYPE_ETHERNET): Result<void> | null {
  const native = loadNativePcap();
  if (native === null) return null;
  const message = native.compileFilter(filter, linkType, 262_144);
  if (message === null) return ok(undefined);
  const e = invalidFilterError(filter, message);
  return fail(e.code, e.message, e.hint);
}
