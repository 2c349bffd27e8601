/**
 * MAC address → vendor, from the IEEE registries (MA-S, then MA-M, then MA-L: the longest prefix
 * wins) in the table the build makes from `oui-data` (data/build-tables.ts). Addresses that carry
 * no vendor say what they are instead: broadcast, multicast, or a locally administered
 * ("private", usually randomized) address as phones and laptops use per network.
 */
import { readTableFile } from './data/table-file.js';
import { TABLE_HINT, tablePath } from './data/data-paths.js';

export type MacKind = 'vendor' | 'unknown' | 'private' | 'multicast' | 'broadcast' | 'invalid';

export interface MacVendor {
  kind: MacKind;
  /** The registered organisation ('' unless kind is 'vendor'). */
  vendor: string;
  /** What to show: the vendor, or a plain description of the address. */
  label: string;
}

const KIND_LABELS: Record<Exclude<MacKind, 'vendor'>, string> = {
  unknown: 'unknown vendor',
  private: 'private address (randomized)',
  multicast: 'multicast',
  broadcast: 'broadcast',
  invalid: 'not a MAC address',
};

const FIXED: Record<Exclude<MacKind, 'vendor'>, MacVendor> = Object.fromEntries(
  Object.entries(KIND_LABELS).map(([kind, label]) => [kind, Object.freeze({ kind, vendor: '', label })]),
) as Record<Exclude<MacKind, 'vendor'>, MacVendor>;

function search(keys: ArrayLike<number>, key: number): number {
  let lo = 0;
  let hi = keys.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const k = keys[mid];
    if (k === key) return mid;
    if (k < key) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

const MAC_RE =
  /^([0-9a-f]{2})[:-]?([0-9a-f]{2})[:-]?([0-9a-f]{2})[:-]?([0-9a-f]{2})[:-]?([0-9a-f]{2})[:-]?([0-9a-f]{2})$/i;

export class MacVendorTable {
  /** Answers by address, so a device seen again costs a Map hit (bounded: cleared when full). */
  private readonly cache = new Map<string, MacVendor>();
  private static readonly CACHE_MAX = 65_536;

  private constructor(
    private readonly vendors: string[],
    private readonly l: { keys: Uint32Array; values: Uint32Array },
    private readonly m: { keys: Uint32Array; values: Uint32Array },
    private readonly s: { keys: Float64Array; values: Uint32Array },
    readonly source: string,
  ) {}

  /** The table built into dist/identity-data/, or an error value with the fix. */
  static load(
    path = tablePath('oui'),
  ): MacVendorTable | { code: 'identity-data-missing'; message: string; hint: string } {
    const f = readTableFile(path);
    if ('error' in f)
      return { code: 'identity-data-missing', message: `MAC vendors unavailable: ${f.error}`, hint: TABLE_HINT };
    const sec = f.sections;
    return new MacVendorTable(
      f.header.strings.vendors ?? [],
      { keys: sec.lKeys as Uint32Array, values: sec.lValues as Uint32Array },
      { keys: sec.mKeys as Uint32Array, values: sec.mValues as Uint32Array },
      { keys: sec.sKeys as Float64Array, values: sec.sValues as Uint32Array },
      f.header.source,
    );
  }

  get prefixCount(): number {
    return this.l.keys.length + this.m.keys.length + this.s.keys.length;
  }

  /** The vendor of the six bytes at buf[off]. */
  lookupBytes(buf: Uint8Array, off: number): MacVendor {
    if (off < 0 || off + 6 > buf.length) return FIXED.invalid;
    const b0 = buf[off];
    const hi24 = (b0 << 16) | (buf[off + 1] << 8) | buf[off + 2];
    if (hi24 === 0xffffff && buf[off + 3] === 0xff && buf[off + 4] === 0xff && buf[off + 5] === 0xff)
      return FIXED.broadcast;
    if (b0 & 1) return FIXED.multicast;
    const low12 = (buf[off + 3] << 4) | (buf[off + 4] >> 4);
    let i = search(this.s.keys, hi24 * 4096 + low12);
    if (i >= 0) return this.answer(this.s.values[i]);
    i = search(this.m.keys, hi24 * 16 + (buf[off + 3] >> 4));
    if (i >= 0) return this.answer(this.m.values[i]);
    i = search(this.l.keys, hi24);
    if (i >= 0) return this.answer(this.l.values[i]);
    return b0 & 2 ? FIXED.private : FIXED.unknown;
  }

  /** The vendor of "aa:bb:cc:dd:ee:ff" (also '-' separated or bare hex). */
  lookup(mac: string): MacVendor {
    const hit = this.cache.get(mac);
    if (hit) return hit;
    const m = MAC_RE.exec(mac);
    let ans: MacVendor;
    if (!m) ans = FIXED.invalid;
    else {
      const bytes = new Uint8Array(6);
      for (let k = 0; k < 6; k++) bytes[k] = parseInt(m[k + 1], 16);
      ans = this.lookupBytes(bytes, 0);
    }
    if (this.cache.size >= MacVendorTable.CACHE_MAX) this.cache.clear();
    this.cache.set(mac, ans);
    return ans;
  }

  private readonly answers = new Map<number, MacVendor>();

  private answer(idx: number): MacVendor {
    let a = this.answers.get(idx);
    if (!a) {
      const vendor = this.vendors[idx] ?? '';
      a = Object.freeze({ kind: 'vendor' as const, vendor, label: vendor });
      this.answers.set(idx, a);
    }
    return a;
  }
}
