/**
 * Where countries and AS numbers come from: the tables shipped in dist/identity-data/ (built from
 * @ip-location-db/*), or a MaxMind / IPinfo / ip-location-db mmdb file the user chose in Settings
 * (read with mmdb-lib). Each source answers small integer ids (0 = not known) so the resolver can
 * intern its answers; ids index the source's own name lists.
 */
import { readFileSync } from 'node:fs';
import { Reader } from 'mmdb-lib';
import { ipv4ToString, ipv6ToString } from '../decode/format.js';
import { TABLE_HINT, tablePath, type TableName } from './data/data-paths.js';
import { readTableFile } from './data/table-file.js';
import { NO_VALUE, RangeTable } from './range-table.js';

export interface GeoProblem {
  code: 'identity-data-missing' | 'geo-db-unreadable';
  message: string;
  hint: string;
}

export interface CountrySource {
  readonly name: string;
  country4(ip: number): number;
  country6(w0: number, w1: number, w2: number, w3: number): number;
  /** ISO 3166-1 alpha-2 code of an id ('' for 0). */
  code(id: number): string;
}

export interface AsnSource {
  readonly name: string;
  asn4(ip: number): number;
  asn6(w0: number, w1: number, w2: number, w3: number): number;
  asnNumber(id: number): number;
  org(id: number): string;
}

function loadRange(
  name: TableName,
  family: 4 | 6,
): { table: RangeTable; strings: Record<string, string[]>; asns?: Uint32Array; source: string } | GeoProblem {
  const f = readTableFile(tablePath(name));
  if ('error' in f)
    return {
      code: 'identity-data-missing',
      message: `Country and organisation data unavailable: ${f.error}`,
      hint: TABLE_HINT,
    };
  return {
    table: new RangeTable(f, family),
    strings: f.header.strings,
    asns: f.sections.asns as Uint32Array | undefined,
    source: f.header.source,
  };
}

/** The shipped country tables. Ids are label index + 1. */
export function shippedCountries(): CountrySource | GeoProblem {
  const v4 = loadRange('countryV4', 4);
  if ('hint' in v4) return v4;
  const v6 = loadRange('countryV6', 6);
  if ('hint' in v6) return v6;
  // One id space for both families: v6 labels are mapped onto v4's list (extended as needed).
  const codes = [''].concat(v4.strings.countries ?? []);
  const index = new Map(codes.map((c, i) => [c, i]));
  const v6Ids = Uint32Array.from(v6.strings.countries ?? [], (c) => {
    let id = index.get(c);
    if (id === undefined) {
      id = codes.length;
      codes.push(c);
      index.set(c, id);
    }
    return id;
  });
  const t4 = v4.table;
  const t6 = v6.table;
  return {
    name: v4.source,
    country4: (ip) => {
      const v = t4.find4(ip);
      return v === NO_VALUE ? 0 : v + 1;
    },
    country6: (a, b, c, d) => {
      const v = t6.find6(a, b, c, d);
      return v === NO_VALUE ? 0 : v6Ids[v];
    },
    code: (id) => codes[id] ?? '',
  };
}

/** The shipped ASN tables. Ids: v4 record index + 1, then v6 record index + 1 + v4's count. */
export function shippedAsns(): AsnSource | GeoProblem {
  const v4 = loadRange('asnV4', 4);
  if ('hint' in v4) return v4;
  const v6 = loadRange('asnV6', 6);
  if ('hint' in v6) return v6;
  const n4 = v4.asns?.length ?? 0;
  const asns4 = v4.asns ?? new Uint32Array(0);
  const asns6 = v6.asns ?? new Uint32Array(0);
  const orgs4 = v4.strings.orgs ?? [];
  const orgs6 = v6.strings.orgs ?? [];
  const t4 = v4.table;
  const t6 = v6.table;
  return {
    name: v4.source,
    asn4: (ip) => {
      const v = t4.find4(ip);
      return v === NO_VALUE ? 0 : v + 1;
    },
    asn6: (a, b, c, d) => {
      const v = t6.find6(a, b, c, d);
      return v === NO_VALUE ? 0 : v + 1 + n4;
    },
    asnNumber: (id) => (id === 0 ? 0 : id <= n4 ? asns4[id - 1] : (asns6[id - 1 - n4] ?? 0)),
    org: (id) => (id === 0 ? '' : id <= n4 ? orgs4[id - 1] : (orgs6[id - 1 - n4] ?? '')),
  };
}

/** Interns strings into ids (0 = ''), bounded: a source with more distinct values answers 0. */
class Interner {
  private readonly ids = new Map<string, number>([['', 0]]);
  readonly values: string[] = [''];
  static readonly MAX = 1 << 20;
  id(v: string): number {
    let id = this.ids.get(v);
    if (id === undefined) {
      if (this.values.length >= Interner.MAX) return 0;
      id = this.values.length;
      this.values.push(v);
      this.ids.set(v, id);
    }
    return id;
  }
}

type MmdbRecord = Record<string, unknown>;

function openMmdb(path: string): Reader<MmdbRecord> | GeoProblem {
  try {
    return new Reader<MmdbRecord>(readFileSync(path));
  } catch (err) {
    return {
      code: 'geo-db-unreadable',
      message: `Cannot use ${path} as a geo database: ${(err as Error).message}`,
      hint: 'choose a MaxMind (GeoLite2/GeoIP2), IPinfo or ip-location-db .mmdb file, or clear the setting to use the built-in data',
    };
  }
}

function field(rec: MmdbRecord | null, ...path: string[]): unknown {
  let v: unknown = rec;
  for (const p of path) v = v && typeof v === 'object' ? (v as MmdbRecord)[p] : undefined;
  return v;
}

const text4 = ipv4ToString;
const words = new Uint32Array(4);
function text6(a: number, b: number, c: number, d: number): string {
  words[0] = a;
  words[1] = b;
  words[2] = c;
  words[3] = d;
  return ipv6ToString(words);
}

/** A user's mmdb for countries: MaxMind (country.iso_code, registered_country), IPinfo and ip-location-db (country_code). */
export function mmdbCountries(path: string): CountrySource | GeoProblem {
  const reader = openMmdb(path);
  if ('hint' in reader) return reader;
  const names = new Interner();
  const answer = (rec: MmdbRecord | null): number => {
    const c =
      field(rec, 'country', 'iso_code') ?? field(rec, 'registered_country', 'iso_code') ?? field(rec, 'country_code');
    return typeof c === 'string' && /^[A-Za-z]{2}$/.test(c) ? names.id(c.toUpperCase()) : 0;
  };
  return {
    name: `${path} (${reader.metadata.databaseType})`,
    country4: (ip) => answer(reader.get(text4(ip))),
    country6: (a, b, c, d) => answer(reader.get(text6(a, b, c, d))),
    code: (id) => names.values[id] ?? '',
  };
}

/** A user's mmdb for AS numbers: MaxMind ASN (autonomous_system_*) or IPinfo (asn "AS15169", as_name). */
export function mmdbAsns(path: string): AsnSource | GeoProblem {
  const reader = openMmdb(path);
  if ('hint' in reader) return reader;
  const records = new Interner();
  const answer = (rec: MmdbRecord | null): number => {
    const n = field(rec, 'autonomous_system_number') ?? field(rec, 'asn');
    const asn = typeof n === 'number' ? n : typeof n === 'string' ? Number(n.replace(/^AS/i, '')) : NaN;
    if (!Number.isInteger(asn) || asn <= 0 || asn > 0xffffffff) return 0;
    const org = field(rec, 'autonomous_system_organization') ?? field(rec, 'as_name') ?? '';
    return records.id(`${asn}\t${typeof org === 'string' ? org : ''}`);
  };
  const part = (id: number): [number, string] => {
    const v = records.values[id] ?? '';
    const tab = v.indexOf('\t');
    return tab < 0 ? [0, ''] : [Number(v.slice(0, tab)), v.slice(tab + 1)];
  };
  return {
    name: `${path} (${reader.metadata.databaseType})`,
    asn4: (ip) => answer(reader.get(text4(ip))),
    asn6: (a, b, c, d) => answer(reader.get(text6(a, b, c, d))),
    asnNumber: (id) => part(id)[0],
    org: (id) => part(id)[1],
  };
}
