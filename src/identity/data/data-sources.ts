/**
 * The data NetLens ships for "who is on the other end", with the licence and attribution each
 * requires: the one home of these names (README, the about box and `netlens --version` show them).
 */
export interface DataSource {
  /** What the data answers. */
  use: string;
  /** The npm package it is built from. */
  npmPackage: string;
  /** Where the rows come from and whom the licence asks to credit. */
  credit: string;
  licence: string;
}

export const DATA_SOURCES: readonly DataSource[] = [
  {
    use: 'MAC address → vendor',
    npmPackage: 'oui-data',
    credit: 'IEEE Registration Authority public listings (MA-L, MA-M, MA-S), packaged by silverwind',
    licence: 'BSD-2-Clause (package); IEEE public registry data',
  },
  {
    use: 'IP address → country',
    npmPackage: '@ip-location-db/geo-whois-asn-country',
    credit: 'ip-location-db by sapics, from geofeeds, RIR whois and ASN data; statistics by NRO (nro.net)',
    licence: 'CC0-1.0 (NRO statistics CC-BY-4.0)',
  },
  {
    use: 'IP address → AS number and organisation',
    npmPackage: '@ip-location-db/asn',
    credit:
      'ip-location-db by sapics, from RouteViews (routeviews.org), the five RIRs and IP to ASN Lite by DB-IP (db-ip.com)',
    licence: 'CC-BY-4.0',
  },
];

/** One line per source, for an about box or `--version`. */
export function dataSourceLines(): string[] {
  return DATA_SOURCES.map((s) => `${s.use}: ${s.npmPackage} — ${s.credit} (${s.licence})`);
}
