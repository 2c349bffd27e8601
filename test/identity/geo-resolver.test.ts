/**
 * Acceptance 3 of issue 13: for 1,000 addresses drawn from the database's own rows (each family,
 * each table) the lookup equals the row; private and special ranges are named, never a country;
 * a user's own mmdb (here ip-location-db's, built from the same data) answers the same.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { GeoResolver } from '../../src/identity/geo-resolver.js';
import { parseCsvLine } from '../../src/identity/data/csv-line.js';
import { ipv4ToString, ipv6ToString } from '../../src/decode/format.js';
import { specialScope4 } from '../../src/identity/special-ranges.js';

const require = createRequire(import.meta.url);
const pkgDir = (name: string): string => {
  for (const base of require.resolve.paths(name) ?? []) {
    try {
      readFileSync(join(base, name, 'package.json'));
      return join(base, name);
    } catch {
      /* next */
    }
  }
  throw new Error(`${name} not installed`);
};

interface Row {
  start: bigint;
  end: bigint;
  cells: string[];
}

/** The package's rows, start ascending and the wider range first where two start together. */
function rows(pkg: string, file: string): Row[] {
  return readFileSync(join(pkgDir(pkg), file), 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map(parseCsvLine)
    .map((cells) => ({ start: BigInt(cells[0]), end: BigInt(cells[1]), cells }))
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.end > b.end ? -1 : a.end < b.end ? 1 : 0));
}

/**
 * The row that answers for `ip`, drawn inside rows[i]: rows[i] itself unless a narrower row nested
 * in it (a few hundred are) also holds ip; the most specific one then answers, as in an mmdb.
 */
function answeringRow(all: Row[], i: number, ip: bigint): Row {
  let best = all[i];
  for (let j = i + 1; j < all.length && all[j].start <= ip; j++) if (all[j].end >= ip) best = all[j];
  return best;
}

function seeded(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x80000000;
  };
}

/** A random address inside [start, end]. */
function inside(start: bigint, end: bigint, rnd: () => number): bigint {
  const span = end - start + 1n;
  const r = (BigInt(Math.floor(rnd() * 2 ** 31)) << 31n) | BigInt(Math.floor(rnd() * 2 ** 31));
  return start + ((r * (1n << 66n) + BigInt(Math.floor(rnd() * 2 ** 31))) % span);
}

function words(x: bigint): Uint32Array {
  return Uint32Array.from([96n, 64n, 32n, 0n], (s) => Number((x >> s) & 0xffffffffn));
}

const geo = new GeoResolver();
const COUNTRY = '@ip-location-db/geo-whois-asn-country';
const ASN = '@ip-location-db/asn';

describe('IP → country and AS number, offline (issue 13, acceptance 3)', () => {
  it('loads the shipped tables without problems', () => {
    expect(geo.problems).toEqual([]);
    expect(geo.sources.country).toMatch(/^@ip-location-db\/geo-whois-asn-country@/);
    expect(geo.sources.asn).toMatch(/^@ip-location-db\/asn@/);
  });

  for (const family of [4, 6] as const) {
    it(`IPv${family}: 1,000 addresses drawn from the country rows answer the row's country`, () => {
      const all = rows(COUNTRY, `geo-whois-asn-country-ipv${family}-num.csv`);
      const rnd = seeded(family * 101);
      let special = 0;
      for (let i = 0; i < 1000; i++) {
        const drawn = Math.floor(rnd() * all.length);
        const ip = inside(all[drawn].start, all[drawn].end, rnd);
        const row = answeringRow(all, drawn, ip).cells;
        const ans =
          family === 4
            ? geo.lookup4(Number(ip))
            : geo.lookup6(...(Array.from(words(ip)) as [number, number, number, number]));
        if (ans.scope !== 'public') {
          special++; // the database lists a special range: it must be named, not given a country
          expect(ans.country).toBe('');
          continue;
        }
        expect(ans.country, `${ip} in ${row[0]}-${row[1]}`).toBe(row[2]);
      }
      expect(special).toBeLessThan(10);
    });

    it(`IPv${family}: 1,000 addresses drawn from the ASN rows answer the row's AS number and organisation`, () => {
      const all = rows(ASN, `asn-ipv${family}-num.csv`);
      const rnd = seeded(family * 202);
      let special = 0;
      for (let i = 0; i < 1000; i++) {
        const drawn = Math.floor(rnd() * all.length);
        const ip = inside(all[drawn].start, all[drawn].end, rnd);
        const row = answeringRow(all, drawn, ip).cells;
        const text = family === 4 ? ipv4ToString(Number(ip)) : ipv6ToString(words(ip));
        const ans = geo.lookup(text);
        if (ans.scope !== 'public') {
          special++;
          continue;
        }
        expect({ asn: ans.asn, org: ans.org }, `${text} in row ${row.join(',')}`).toEqual({
          asn: Number(row[2]),
          org: row[3],
        });
      }
      expect(special).toBeLessThan(10);
    });
  }

  it('names private, carrier NAT, link-local, multicast and other special ranges, never a country', () => {
    const cases: [string, string, string][] = [
      ['10.1.2.3', 'private', 'your network'],
      ['172.20.0.5', 'private', 'your network'],
      ['192.168.1.10', 'private', 'your network'],
      ['100.64.0.1', 'cgnat', 'carrier NAT'],
      ['100.127.255.254', 'cgnat', 'carrier NAT'],
      ['169.254.10.20', 'link-local', 'your network (link-local)'],
      ['127.0.0.1', 'loopback', 'this machine'],
      ['224.0.0.251', 'multicast', 'multicast'],
      ['239.255.255.250', 'multicast', 'multicast'],
      ['255.255.255.255', 'broadcast', 'broadcast'],
      ['0.0.0.0', 'unspecified', 'unspecified address'],
      ['192.0.2.7', 'documentation', 'documentation range'],
      ['198.18.0.1', 'benchmarking', 'benchmark testing range'],
      ['fd12:3456::1', 'private', 'your network'],
      ['fe80::1', 'link-local', 'your network (link-local)'],
      ['ff02::fb', 'multicast', 'multicast'],
      ['::1', 'loopback', 'this machine'],
      ['2001:db8::1', 'documentation', 'documentation range'],
      ['::ffff:192.168.0.1', 'private', 'your network'],
    ];
    for (const [ip, scope, label] of cases) {
      const a = geo.lookup(ip);
      expect({ ip, scope: a.scope, label: a.label, country: a.country, asn: a.asn }).toEqual({
        ip,
        scope,
        label,
        country: '',
        asn: 0,
      });
    }
    // Just outside the ranges is public again.
    expect(specialScope4(0x643fffff)).toBeNull(); // 100.63.255.255
    expect(specialScope4(0x64800000)).toBeNull(); // 100.128.0.0
    expect(geo.lookup('172.32.0.1').scope).toBe('public');
  });

  it('answers well-known public addresses, IPv4-mapped ones for their IPv4 address, and junk as unknown', () => {
    expect(geo.lookup('8.8.8.8')).toMatchObject({ scope: 'public', asn: 15169 });
    expect(geo.lookup('1.1.1.1')).toMatchObject({ scope: 'public', asn: 13335 });
    expect(geo.lookup('::ffff:8.8.8.8')).toBe(geo.lookup('8.8.8.8'));
    expect(geo.lookup('not an address')).toMatchObject({ label: 'unknown', country: '', asn: 0 });
  });

  it("uses the user's own mmdb when Settings names one, and says so once when it cannot be read", () => {
    const mmdb = join(pkgDir('@ip-location-db/geo-whois-asn-country-mmdb'), 'geo-whois-asn-country.mmdb');
    const user = new GeoResolver({ countryMmdb: mmdb });
    expect(user.problems).toEqual([]);
    expect(user.sources.country).toContain('geo-whois-asn-country.mmdb');
    // Same data, other format: the answers agree with the shipped table's for rows of both families.
    for (const family of [4, 6] as const) {
      const all = rows(COUNTRY, `geo-whois-asn-country-ipv${family}-num.csv`);
      const rnd = seeded(7 + family);
      for (let i = 0; i < 300; i++) {
        const drawn = Math.floor(rnd() * all.length);
        const ip = inside(all[drawn].start, all[drawn].end, rnd);
        const row = answeringRow(all, drawn, ip).cells;
        const text = family === 4 ? ipv4ToString(Number(ip)) : ipv6ToString(words(ip));
        const a = user.lookup(text);
        if (a.scope === 'public') expect(a.country, text).toBe(row[2]);
      }
    }
    const broken = new GeoResolver({ countryMmdb: '/nonexistent.mmdb', asnMmdb: new URL(import.meta.url).pathname });
    expect(broken.problems.map((p) => p.code)).toEqual(['geo-db-unreadable', 'geo-db-unreadable']);
    expect(broken.problems[0].hint).toMatch(/mmdb/);
    expect(broken.lookup('8.8.8.8').asn).toBe(15169); // falls back to the built-in data
  });
});
