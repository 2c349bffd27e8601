/**
 * DNS, mDNS and LLMNR messages (one wire format): header, questions, answers with A, AAAA, CNAME,
 * PTR, NS, MX, SRV and TXT data. Names follow compression pointers with a bound on the number of
 * jumps and on the name length, so a pointer loop ends quickly and is reported.
 */
import type { Decoded } from '../decoded.js';
import type { DnsHint, DnsRecord } from '../app-hints.js';
import { u16, u32 } from '../byte-readers.js';
import { markMalformed, markTruncated, REASON } from '../malformed.js';
import { ipv4ToString, ipv6BytesToString } from '../format.js';
import { latin1 } from './ascii-scan.js';
import { field, type ProtocolDisplay } from '../layer-view.js';

const ID = 0;
const FLAGS = 2;
const QDCOUNT = 4;
const ANCOUNT = 6;
const HEADER_LEN = 12;
const FLAG_QR = 0x8000;

const T_A = 1;
const T_NS = 2;
const T_CNAME = 5;
const T_PTR = 12;
const T_MX = 15;
const T_TXT = 16;
const T_AAAA = 28;
const T_SRV = 33;

/** Records kept per message (a hostile count cannot make a huge hint). */
const MAX_QUESTIONS = 16;
const MAX_ANSWERS = 64;
/** Compression pointers followed per name: generous for real names, and it bounds any loop. */
const MAX_JUMPS = 32;
/** Longest name in presentation form (RFC 1035: 255 octets on the wire). */
const MAX_NAME = 255;

const SCRATCH = Buffer.alloc(MAX_NAME + 64);
/** The last name read by readName. */
let nameText = '';

const NAME_TRUNCATED = -1;
const NAME_LOOP = -2;

/**
 * Reads the name at `p` of the message starting at `msg`. Returns the offset after the name as it
 * sits at `p` (after the first pointer, if any), NAME_TRUNCATED, or NAME_LOOP; the text is left in
 * nameText ('<Root>' for the root, as tshark shows it).
 */
function readName(buf: Buffer, msg: number, p: number, end: number): number {
  let n = 0;
  let jumps = 0;
  let next = -1;
  let pos = p;
  for (;;) {
    if (pos >= end) return NAME_TRUNCATED;
    const len = buf[pos];
    if (len === 0) {
      if (next < 0) next = pos + 1;
      break;
    }
    const kind = len & 0xc0;
    if (kind === 0xc0) {
      if (pos + 1 >= end) return NAME_TRUNCATED;
      if (next < 0) next = pos + 2;
      if (++jumps > MAX_JUMPS) return NAME_LOOP;
      pos = msg + (((len & 0x3f) << 8) | buf[pos + 1]);
      continue;
    }
    if (kind !== 0) return NAME_TRUNCATED; // extended label types (RFC 6891 obsoleted them)
    if (pos + 1 + len > end) return NAME_TRUNCATED;
    if (n + len + 1 > MAX_NAME) return NAME_LOOP;
    if (n > 0) SCRATCH[n++] = 0x2e;
    for (let i = pos + 1, e = pos + 1 + len; i < e; i++) SCRATCH[n++] = buf[i];
    pos += 1 + len;
  }
  nameText = n === 0 ? '<Root>' : latin1(SCRATCH, 0, n);
  return next;
}

function fail(out: Decoded, layer: number, at: number, code: number): null {
  // A record running off a payload that the snaplen cut is a truncation, not a broken message.
  if (code !== NAME_LOOP && out.payloadWireLen > out.payloadLen) markTruncated(out, layer, at);
  else markMalformed(out, layer, at, code === NAME_LOOP ? REASON.NAME_LOOP : REASON.BAD_RECORD);
  return null;
}

/**
 * Parses the DNS message at buf[off, end). `layer` is the proto id the packet shows (dns, mdns or
 * llmnr), used when marking it malformed. Returns the hint, or null if the header is incomplete;
 * records after a malformed one are left out (what was parsed is kept).
 */
export function parseDns(
  buf: Buffer,
  off: number,
  end: number,
  flavor: DnsHint['flavor'],
  layer: number,
  out: Decoded,
): DnsHint | null {
  if (off + HEADER_LEN > end) {
    fail(out, layer, off, NAME_TRUNCATED);
    return null;
  }
  const flags = u16(buf, off + FLAGS);
  const hint: DnsHint = {
    kind: 'dns',
    flavor,
    id: u16(buf, off + ID),
    isResponse: (flags & FLAG_QR) !== 0,
    opcode: (flags >> 11) & 0x0f,
    rcode: flags & 0x0f,
    questions: [],
    answers: [],
  };
  const qd = u16(buf, off + QDCOUNT);
  const an = u16(buf, off + ANCOUNT);
  let p = off + HEADER_LEN;
  for (let i = 0; i < qd; i++) {
    const q = readName(buf, off, p, end);
    if (q < 0 || q + 4 > end) {
      fail(out, layer, p, q);
      return hint;
    }
    if (i < MAX_QUESTIONS) hint.questions.push({ name: nameText, type: u16(buf, q) });
    p = q + 4;
  }
  for (let i = 0; i < an && i < MAX_ANSWERS; i++) {
    const r = readName(buf, off, p, end);
    if (r < 0 || r + 10 > end) {
      fail(out, layer, p, r);
      return hint;
    }
    const name = nameText;
    const type = u16(buf, r);
    const ttl = u32(buf, r + 4);
    const rdLen = u16(buf, r + 8);
    const rd = r + 10;
    if (rd + rdLen > end) {
      fail(out, layer, p, NAME_TRUNCATED);
      return hint;
    }
    hint.answers.push({ name, type, ttl, data: rdata(buf, off, rd, rd + rdLen, end, type) });
    p = rd + rdLen;
  }
  return hint;
}

function rdata(buf: Buffer, msg: number, p: number, end: number, msgEnd: number, type: number): DnsRecord['data'] {
  const len = end - p;
  switch (type) {
    case T_A:
      return len === 4 ? ipv4ToString(u32(buf, p)) : '';
    case T_AAAA:
      return len === 16 ? ipv6BytesToString(buf, p) : '';
    case T_CNAME:
    case T_PTR:
    case T_NS:
      // Names in RDATA may point anywhere in the message, so they are read against its end.
      return readName(buf, msg, p, msgEnd) >= 0 ? nameText : '';
    case T_MX:
      return len > 2 && readName(buf, msg, p + 2, msgEnd) >= 0 ? nameText : '';
    case T_SRV:
      return len > 6 && readName(buf, msg, p + 6, msgEnd) >= 0 ? `${nameText}:${u16(buf, p + 4)}` : '';
    case T_TXT: {
      let s = '';
      let q = p;
      while (q < end && s.length < 1024) {
        const l = buf[q];
        if (q + 1 + l > end) break;
        if (s.length > 0) s += ' ';
        s += latin1(buf, q + 1, q + 1 + l);
        q += 1 + l;
      }
      return s;
    }
    default:
      return '';
  }
}

const TYPE_NAMES: Record<number, string> = {
  1: 'A',
  2: 'NS',
  5: 'CNAME',
  6: 'SOA',
  12: 'PTR',
  15: 'MX',
  16: 'TXT',
  28: 'AAAA',
  33: 'SRV',
  65: 'HTTPS',
  255: 'ANY',
};
const RCODE_NXDOMAIN = 3;
/** Records shown in the packet tree at most (a response can carry hundreds). */
const MAX_SHOWN = 50;

function typeName(t: number): string {
  return TYPE_NAMES[t] ?? `TYPE${t}`;
}

/** DNS, mDNS and LLMNR (one message format). */
export const DNS_DISPLAY: ProtocolDisplay = {
  fields({ d }) {
    const h = d.hint;
    if (h?.kind !== 'dns') return [];
    return [
      field('Transaction id', `0x${h.id.toString(16).padStart(4, '0')}`),
      field('Response', h.isResponse ? 'yes' : 'no'),
      field('Reply code', h.rcode),
      {
        label: `Questions: ${h.questions.length}`,
        children: h.questions.slice(0, MAX_SHOWN).map((q) => field(typeName(q.type), q.name)),
      },
      {
        label: `Answers: ${h.answers.length}`,
        children: h.answers
          .slice(0, MAX_SHOWN)
          .map((a) => field(`${a.name} ${typeName(a.type)}`, `${a.data} (TTL ${a.ttl})`)),
      },
    ];
  },
  info({ d }) {
    const h = d.hint;
    if (h?.kind !== 'dns') return '';
    const q = h.questions[0];
    const qs = q ? ` ${typeName(q.type)} ${q.name}` : '';
    const ans = h.isResponse
      ? h.answers
          .slice(0, 3)
          .map((a) => ` ${typeName(a.type)} ${a.data}`)
          .join('')
      : '';
    const rc =
      h.isResponse && h.rcode !== 0 ? (h.rcode === RCODE_NXDOMAIN ? ' No such name' : ` rcode ${h.rcode}`) : '';
    const what = h.flavor === 'dns' ? 'Standard query' : h.flavor.toUpperCase();
    return `${what}${h.isResponse ? ' response' : ''} 0x${h.id.toString(16).padStart(4, '0')}${rc}${qs}${ans}`;
  },
};
