import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { MacVendorTable } from '../../src/identity/mac-vendor.js';

const require = createRequire(import.meta.url);
const ouiPath = require.resolve('oui-data');
const raw = JSON.parse(readFileSync(ouiPath, 'utf8')) as Record<string, string>;

const loaded = MacVendorTable.load();
if ('code' in loaded) throw new Error(`${loaded.message} (${loaded.hint})`);
const table = loaded;

/** The answer oui-data's own README gives: the longest registered prefix, first line of its entry. */
function expected(hex12: string): string | undefined {
  const e = raw[hex12.slice(0, 9)] ?? raw[hex12.slice(0, 7)] ?? raw[hex12.slice(0, 6)];
  return e?.split('\n')[0].trim().replace(/\s+/g, ' ');
}

function randomHex(n: number, rnd: () => number): string {
  let s = '';
  for (let i = 0; i < n; i++)
    s += Math.floor(rnd() * 16)
      .toString(16)
      .toUpperCase();
  return s;
}

function seeded(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x80000000;
  };
}

function colon(hex12: string): string {
  return hex12.toLowerCase().match(/../g)!.join(':');
}

describe('MAC vendor (IEEE OUI from oui-data)', () => {
  it('holds every registry: MA-L, MA-M and MA-S', () => {
    const keys = Object.keys(raw);
    expect(table.prefixCount).toBe(keys.filter((k) => [6, 7, 9].includes(k.length)).length);
    expect(table.source).toMatch(/^oui-data@[0-9.]+ /);
  });

  it('answers as the registry does for 1,000 addresses under registered prefixes (longest prefix wins)', () => {
    const rnd = seeded(13);
    const keys = Object.keys(raw);
    let checked = 0;
    for (let i = 0; i < 1000; i++) {
      const key = keys[Math.floor(rnd() * keys.length)];
      const hex = key + randomHex(12 - key.length, rnd);
      const first = parseInt(hex.slice(0, 2), 16);
      if (first & 1) continue; // group addresses carry no vendor
      expect(table.lookup(colon(hex)).vendor, hex).toBe(expected(hex));
      checked++;
    }
    expect(checked).toBeGreaterThan(900);
  });

  it('prefers an MA-S block over the IEEE Registration Authority MA-L it is cut from', () => {
    const sKey = Object.keys(raw).find((k) => k.length === 9)!;
    const hex = sKey + '123';
    expect(raw[sKey.slice(0, 6)]).toMatch(/IEEE Registration Authority/);
    const ans = table.lookup(colon(hex));
    expect(ans.kind).toBe('vendor');
    expect(ans.vendor).toBe(expected(hex));
    expect(ans.vendor).not.toMatch(/IEEE Registration Authority/);
  });

  it('names addresses that carry no vendor: broadcast, multicast, private (randomized), unknown, invalid', () => {
    expect(table.lookup('ff:ff:ff:ff:ff:ff').kind).toBe('broadcast');
    expect(table.lookup('01:00:5e:00:00:fb').kind).toBe('multicast');
    expect(table.lookup('33:33:00:00:00:01').kind).toBe('multicast');
    const priv = table.lookup('da:a1:19:12:34:56');
    expect(priv.kind).toBe('private');
    expect(priv.label).toMatch(/private/);
    expect(table.lookup('not a mac').kind).toBe('invalid');
    expect(table.lookup('00:00:00:11:22:33')).toMatchObject({ kind: 'vendor', vendor: 'XEROX CORPORATION' });
    expect(table.lookup('00-00-00-11-22-33').vendor).toBe('XEROX CORPORATION');
    expect(table.lookupBytes(new Uint8Array([0, 0, 0, 1, 2]), 0).kind).toBe('invalid');
  });

  it('says how to fix a missing table instead of throwing', () => {
    const r = MacVendorTable.load('/nonexistent/oui.nlt');
    expect(r).toMatchObject({ code: 'identity-data-missing' });
    expect('hint' in r && r.hint).toMatch(/npm run build/);
  });
});
