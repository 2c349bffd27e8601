/**
 * The IEEE OUI registries (oui-data's index.json: MA-L keys of 6 hex digits, MA-M of 7, MA-S of 9,
 * each mapped to the organisation's name and postal address) into sorted prefix arrays and one
 * list of vendor names (the first line of each entry).
 */
import type { SectionArray } from './table-file.js';

export interface OuiSections {
  sections: Record<string, SectionArray>;
  vendors: string[];
  counts: Record<string, number>;
}

export function buildOuiSections(data: Record<string, string>): OuiSections {
  const vendorIndex = new Map<string, number>();
  const vendors: string[] = [];
  const byLen: Record<number, [number, number][]> = { 6: [], 7: [], 9: [] };
  for (const [key, text] of Object.entries(data)) {
    const list = byLen[key.length];
    if (!list || !/^[0-9A-Fa-f]+$/.test(key)) continue;
    const name = text.split('\n')[0].trim().replace(/\s+/g, ' ');
    if (!name) continue;
    let idx = vendorIndex.get(name);
    if (idx === undefined) {
      idx = vendors.length;
      vendors.push(name);
      vendorIndex.set(name, idx);
    }
    list.push([parseInt(key, 16), idx]);
  }
  const sections: Record<string, SectionArray> = {};
  for (const [len, tag] of [
    [6, 'l'],
    [7, 'm'],
    [9, 's'],
  ] as const) {
    const list = byLen[len].sort((a, b) => a[0] - b[0]);
    // MA-S prefixes are 36 bits: stored as doubles (exact up to 2^53).
    sections[`${tag}Keys`] = len === 9 ? Float64Array.from(list, (e) => e[0]) : Uint32Array.from(list, (e) => e[0]);
    sections[`${tag}Values`] = Uint32Array.from(list, (e) => e[1]);
  }
  return {
    sections,
    vendors,
    counts: { ma_l: byLen[6].length, ma_m: byLen[7].length, ma_s: byLen[9].length },
  };
}
