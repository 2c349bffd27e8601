import { describe, expect, it } from 'vitest';
import { buildRangeTable, NO_VALUE } from '../../src/identity/data/range-builder.js';
import { RangeTable } from '../../src/identity/range-table.js';
import { parseCsvLine } from '../../src/identity/data/csv-line.js';

function table(rows: [number, number, string][]): { find: (ip: number) => string } {
  const built = buildRangeTable(
    rows.map(([s, e, label]) => ({ start: BigInt(s), end: BigInt(e), label })),
    4,
  );
  const t = new RangeTable(
    { header: { table: 't', source: '', licence: '', strings: {}, counts: {} }, sections: built.sections },
    4,
  );
  return { find: (ip) => (t.find4(ip) === NO_VALUE ? '-' : built.labels[t.find4(ip)]) };
}

describe('range tables', () => {
  it('answers gaps as nothing, merges neighbours, and lets a nested range win inside its span', () => {
    const t = table([
      [100, 199, 'A'],
      [120, 129, 'B'], // nested in A
      [120, 121, 'C'], // nested in B, same start
      [200, 299, 'A'], // adjacent to the first A: merged
      [400, 0xffffffff, 'D'], // to the end of the space
    ]);
    const at = (ip: number): string => t.find(ip);
    expect([0, 99, 100, 119, 120, 121, 122, 129, 130, 199, 200, 299, 300, 399, 400, 0xffffffff].map(at)).toEqual([
      '-',
      '-',
      'A',
      'A',
      'C',
      'C',
      'B',
      'B',
      'A',
      'A',
      'A',
      'A',
      '-',
      '-',
      'D',
      'D',
    ]);
  });

  it('parses quoted CSV cells with commas and doubled quotes', () => {
    expect(parseCsvLine('1,2,13335,"Cloudflare, Inc."')).toEqual(['1', '2', '13335', 'Cloudflare, Inc.']);
    expect(parseCsvLine('1,2,7,"A ""quoted"" name"\r')).toEqual(['1', '2', '7', 'A "quoted" name']);
    expect(parseCsvLine('1,2,')).toEqual(['1', '2', '']);
  });
});
