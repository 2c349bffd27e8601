/** One CSV line (RFC 4180 quoting: "a, b" and "" for a quote) into its cells. */
export function parseCsvLine(line: string): string[] {
  const cells: string[] = [];
  let i = 0;
  const n = line.endsWith('\r') ? line.length - 1 : line.length;
  while (i <= n) {
    if (line[i] === '"') {
      let cell = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0 || q >= n) {
          cell += line.slice(i, n);
          i = n;
          break;
        }
        cell += line.slice(i, q);
        if (line[q + 1] === '"') {
          cell += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      cells.push(cell);
      i++; // the comma after the closing quote
    } else {
      let c = line.indexOf(',', i);
      if (c < 0 || c > n) c = n;
      cells.push(line.slice(i, c));
      i = c + 1;
    }
  }
  return cells;
}
