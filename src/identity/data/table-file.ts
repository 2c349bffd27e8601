/**
 * The file format of the identity tables (MAC vendors, IP ranges → country / ASN) that the build
 * makes from the npm data packages (build-tables.ts): a small JSON header (what the table is, where
 * it came from, its licence, and its string lists) followed by 8-byte aligned typed arrays, so a
 * table loads with one read and no parsing per entry.
 *
 *   'NLT1' | u32 header length | header JSON (UTF-8) | padding | section bytes ...
 */
import { readFileSync, writeFileSync } from 'node:fs';

const MAGIC = 'NLT1';
const ALIGN = 8;

export type SectionArray = Uint32Array | Float64Array;

export interface TableHeader {
  /** What the file holds ('oui', 'country-v4', ...). */
  table: string;
  /** The npm package (name@version) the rows came from; a rebuild is needed when it changes. */
  source: string;
  licence: string;
  /** String lists the sections index into (vendor names, country codes, organisation names). */
  strings: Record<string, string[]>;
  /** Extra numbers (row counts and the like). */
  counts: Record<string, number>;
}

interface SectionEntry {
  name: string;
  type: 'u32' | 'f64';
  offset: number;
  length: number;
}

export interface TableFile {
  header: TableHeader;
  sections: Record<string, SectionArray>;
}

function pad(n: number): number {
  return (n + ALIGN - 1) & ~(ALIGN - 1);
}

export function writeTableFile(path: string, header: TableHeader, sections: Record<string, SectionArray>): void {
  const entries: SectionEntry[] = [];
  let offset = 0;
  for (const [name, arr] of Object.entries(sections)) {
    entries.push({ name, type: arr instanceof Float64Array ? 'f64' : 'u32', offset, length: arr.length });
    offset = pad(offset + arr.byteLength);
  }
  const json = Buffer.from(JSON.stringify({ ...header, sections: entries }), 'utf8');
  const dataStart = pad(8 + json.length);
  const out = Buffer.alloc(dataStart + offset);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(json.length, 4);
  json.copy(out, 8);
  for (const e of entries) {
    const arr = sections[e.name];
    Buffer.from(arr.buffer, arr.byteOffset, arr.byteLength).copy(out, dataStart + e.offset);
  }
  writeFileSync(path, out);
}

/** The table at `path`, or a one-line reason why it cannot be read. */
export function readTableFile(path: string): TableFile | { error: string } {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (err) {
    return { error: `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}` };
  }
  if (buf.length < 8 || buf.toString('latin1', 0, 4) !== MAGIC) return { error: `${path} is not a NetLens table` };
  const jsonLen = buf.readUInt32LE(4);
  if (8 + jsonLen > buf.length) return { error: `${path} is cut short` };
  let parsed: TableHeader & { sections: SectionEntry[] };
  try {
    parsed = JSON.parse(buf.toString('utf8', 8, 8 + jsonLen)) as TableHeader & { sections: SectionEntry[] };
  } catch {
    return { error: `${path} has a damaged header` };
  }
  const dataStart = pad(8 + jsonLen);
  // Typed arrays need an aligned start: copy once when the read buffer is not 8-aligned.
  const bytes = buf.byteOffset % ALIGN === 0 ? buf : Buffer.from(buf);
  const sections: Record<string, SectionArray> = {};
  for (const e of parsed.sections) {
    const width = e.type === 'f64' ? 8 : 4;
    const start = bytes.byteOffset + dataStart + e.offset;
    if (dataStart + e.offset + e.length * width > bytes.length) return { error: `${path} is cut short` };
    sections[e.name] =
      e.type === 'f64'
        ? new Float64Array(bytes.buffer, start, e.length)
        : new Uint32Array(bytes.buffer, start, e.length);
  }
  const { sections: _entries, ...header } = parsed;
  return { header, sections };
}
