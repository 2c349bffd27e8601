/**
 * Turns address ranges (start, end, label) into the compact lookup form of range-table.ts: sorted
 * start addresses and, per start, a label index (NO_VALUE for the gaps between ranges). Adjacent
 * ranges with the same label are merged, which changes no answer.
 */
export const NO_VALUE = 0xffffffff;

export interface RangeRow {
  start: bigint;
  end: bigint;
  label: string;
}

export interface BuiltRanges {
  /** IPv4: `starts` holds one word per entry; IPv6: four big-endian words per entry. */
  sections: { starts: Uint32Array; values: Uint32Array };
  labels: string[];
  entries: number;
}

const WORD = 0xffffffffn;

export function buildRangeTable(rows: RangeRow[], family: 4 | 6): BuiltRanges {
  rows.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const labelIndex = new Map<string, number>();
  const labels: string[] = [];
  const starts: bigint[] = [];
  const values: number[] = [];
  const push = (start: bigint, value: number): void => {
    if (values.length > 0 && values[values.length - 1] === value) return; // merge with the previous range
    starts.push(start);
    values.push(value);
  };
  let next = 0n; // first address not yet covered
  for (const row of rows) {
    if (row.end < next) continue; // overlapped by an earlier row: the first row wins
    const start = row.start < next ? next : row.start;
    if (start > next) push(next, NO_VALUE);
    let idx = labelIndex.get(row.label);
    if (idx === undefined) {
      idx = labels.length;
      labels.push(row.label);
      labelIndex.set(row.label, idx);
    }
    push(start, idx);
    next = row.end + 1n;
  }
  const max = family === 4 ? WORD : (1n << 128n) - 1n;
  if (next <= max) push(next, NO_VALUE);
  const words = family === 4 ? 1 : 4;
  const out = new Uint32Array(starts.length * words);
  starts.forEach((s, i) => {
    for (let w = 0; w < words; w++) out[i * words + w] = Number((s >> BigInt(32 * (words - 1 - w))) & WORD);
  });
  return { sections: { starts: out, values: Uint32Array.from(values) }, labels, entries: starts.length };
}
