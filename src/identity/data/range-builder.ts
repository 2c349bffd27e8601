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
  // Start ascending, the wider range first: a range nested in another is more specific and wins
  // inside its span (the databases list a few, e.g. a /30 inside a /16); the outer one resumes after.
  rows.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.end > b.end ? -1 : a.end < b.end ? 1 : 0));
  const labelIndex = new Map<string, number>();
  const labels: string[] = [];
  const starts: bigint[] = [];
  const values: number[] = [];
  const point = (start: bigint, value: number): void => {
    const n = starts.length;
    if (n > 0 && starts[n - 1] === start) {
      values[n - 1] = value; // a later row starting at the same address is the narrower one
      if (n > 1 && values[n - 2] === value) {
        starts.pop();
        values.pop();
      }
      return;
    }
    if (n > 0 && values[n - 1] === value) return; // merge with the previous range
    starts.push(start);
    values.push(value);
  };
  const open: { end: bigint; value: number }[] = [];
  /** Close the open ranges that end before `at`, marking where the enclosing one (or a gap) resumes. */
  const closeBefore = (at: bigint): void => {
    while (open.length > 0 && open[open.length - 1].end < at) {
      const resume = open.pop()!.end + 1n;
      while (open.length > 0 && open[open.length - 1].end < resume) open.pop();
      point(resume, open.length > 0 ? open[open.length - 1].value : NO_VALUE);
    }
  };
  point(0n, NO_VALUE);
  const max = family === 4 ? WORD : (1n << 128n) - 1n;
  for (const row of rows) {
    if (row.end < row.start || row.end > max) continue;
    closeBefore(row.start);
    let idx = labelIndex.get(row.label);
    if (idx === undefined) {
      idx = labels.length;
      labels.push(row.label);
      labelIndex.set(row.label, idx);
    }
    point(row.start, idx);
    open.push({ end: row.end, value: idx });
  }
  closeBefore(max + 1n);
  if (starts[starts.length - 1] > max) {
    starts.pop();
    values.pop();
  }
  const words = family === 4 ? 1 : 4;
  const out = new Uint32Array(starts.length * words);
  starts.forEach((s, i) => {
    for (let w = 0; w < words; w++) out[i * words + w] = Number((s >> BigInt(32 * (words - 1 - w))) & WORD);
  });
  return { sections: { starts: out, values: Uint32Array.from(values) }, labels, entries: starts.length };
}
