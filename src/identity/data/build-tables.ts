/**
 * Builds the identity tables in dist/identity-data/ from the npm data packages (run by `npm run
 * build`; nothing is downloaded): the IEEE OUI list (oui-data) and the IP → country and IP → ASN
 * range lists (@ip-location-db/*), each into a compact table-file (table-file.ts). A table whose
 * source package version is unchanged is not rebuilt.
 *
 *   node dist/src/identity/data/build-tables.js [--force]
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { DATA_SOURCES } from './data-sources.js';
import { tableDir, tablePath, type TableName } from './data-paths.js';
import { buildRangeTable, type RangeRow } from './range-builder.js';
import { readTableFile, writeTableFile } from './table-file.js';
import { parseCsvLine } from './csv-line.js';
import { buildOuiSections } from './oui-builder.js';

const require = createRequire(import.meta.url);

/** Bumped when the builders change what they write, so existing tables are rebuilt. */
const BUILDER_VERSION = 2;

/** The installed package's folder (found by path: oui-data's `exports` hide its package.json). */
function packageDir(name: string): string {
  for (const base of require.resolve.paths(name) ?? []) {
    if (existsSync(join(base, name, 'package.json'))) return join(base, name);
  }
  throw new Error(`the npm package ${name} is not installed`);
}

function packageTag(name: string): string {
  const pkg = JSON.parse(readFileSync(join(packageDir(name), 'package.json'), 'utf8')) as { version: string };
  return `${name}@${pkg.version}`;
}

function sourceTag(name: string): string {
  return `${packageTag(name)} (tables v${BUILDER_VERSION})`;
}

function licenceOf(npmPackage: string): string {
  return DATA_SOURCES.find((s) => s.npmPackage === npmPackage)?.licence ?? '';
}

function upToDate(name: TableName, source: string): boolean {
  if (!existsSync(tablePath(name))) return false;
  const t = readTableFile(tablePath(name));
  return !('error' in t) && t.header.source === source;
}

function csvRows(file: string, columns: number): string[][] {
  const rows: string[][] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.length === 0) continue;
    const cells = parseCsvLine(line);
    if (cells.length >= columns) rows.push(cells);
  }
  return rows;
}

function buildOui(force: boolean): string {
  const pkg = 'oui-data';
  const source = sourceTag(pkg);
  if (!force && upToDate('oui', source)) return 'oui: up to date';
  const data = JSON.parse(readFileSync(join(packageDir(pkg), 'index.json'), 'utf8')) as Record<string, string>;
  const { sections, vendors, counts } = buildOuiSections(data);
  writeTableFile(
    tablePath('oui'),
    { table: 'oui', source, licence: licenceOf(pkg), strings: { vendors }, counts },
    sections,
  );
  return `oui: ${counts.ma_l} MA-L, ${counts.ma_m} MA-M, ${counts.ma_s} MA-S prefixes, ${vendors.length} vendors`;
}

function buildGeo(
  name: TableName,
  pkg: string,
  file: string,
  family: 4 | 6,
  kind: 'country' | 'asn',
  force: boolean,
): string {
  const source = sourceTag(pkg);
  if (!force && upToDate(name, source)) return `${name}: up to date`;
  const rows: RangeRow[] = csvRows(join(packageDir(pkg), file), kind === 'asn' ? 4 : 3).map((c) => ({
    start: BigInt(c[0]),
    end: BigInt(c[1]),
    label: kind === 'asn' ? `${c[2]}\t${c[3]}` : c[2],
  }));
  const built = buildRangeTable(rows, family);
  const strings: Record<string, string[]> = {};
  const sections = { ...built.sections };
  if (kind === 'asn') {
    const asns = new Uint32Array(built.labels.length);
    const orgs: string[] = [];
    built.labels.forEach((l, i) => {
      const tab = l.indexOf('\t');
      asns[i] = Number(l.slice(0, tab)) >>> 0;
      orgs.push(l.slice(tab + 1));
    });
    strings.orgs = orgs;
    Object.assign(sections, { asns });
  } else {
    strings.countries = built.labels;
  }
  writeTableFile(
    tablePath(name),
    { table: name, source, licence: licenceOf(pkg), strings, counts: { rows: rows.length, entries: built.entries } },
    sections,
  );
  return `${name}: ${rows.length} rows → ${built.entries} ranges, ${built.labels.length} distinct values`;
}

export function buildTables(force = false): string[] {
  mkdirSync(tableDir(), { recursive: true });
  const country = '@ip-location-db/geo-whois-asn-country';
  const asn = '@ip-location-db/asn';
  return [
    buildOui(force),
    buildGeo('countryV4', country, 'geo-whois-asn-country-ipv4-num.csv', 4, 'country', force),
    buildGeo('countryV6', country, 'geo-whois-asn-country-ipv6-num.csv', 6, 'country', force),
    buildGeo('asnV4', asn, 'asn-ipv4-num.csv', 4, 'asn', force),
    buildGeo('asnV6', asn, 'asn-ipv6-num.csv', 6, 'asn', force),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    for (const line of buildTables(process.argv.includes('--force'))) console.log(`netlens identity data: ${line}`);
  } catch (err) {
    console.error(
      `netlens identity data: not built (${(err as Error).message}); country, ASN and vendor names stay unknown`,
    );
    process.exitCode = 1;
  }
}
