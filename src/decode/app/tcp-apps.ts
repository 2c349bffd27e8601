/**
 * The application of a TCP payload: by content first (an SSH banner, a TLS record, an HTTP request
 * or status line), by port second (out.app is already the port's guess). No layer is appended: tshark's tls/http/... counts depend on TCP
 * reassembly, which the analysis does; this sets out.app and, where the segment starts a message
 * NetLens reads, out.hint.
 */
import type { Decoded } from '../decoded.js';
import { PROTO } from '../protocols.js';
import { u16 } from '../byte-readers.js';
import { isSshBanner, parseSshBanner } from './ssh.js';
import { isTlsClientHelloRecord, isTlsRecord, parseTlsRecordClientHello } from './tls-client-hello.js';
import { isHttpRequest, isHttpResponse, parseHttpRequest, parseHttpResponse } from './http.js';
import { parseDns } from './dns.js';

/** DNS over TCP: a 2-byte length before each message. */
const DNS_TCP_PREFIX = 2;

/** Decodes the TCP payload buf[p, end) (non-empty; ports already in out). */
export function decodeTcpApp(buf: Buffer, p: number, end: number, out: Decoded): void {
  const c = buf[p];
  if (c === 0x16 || (c >= 0x14 && c <= 0x17)) {
    if (isTlsClientHelloRecord(buf, p, end)) {
      out.app = PROTO.tls;
      out.hint = parseTlsRecordClientHello(buf, p, end);
      return;
    }
    if (isTlsRecord(buf, p, end)) {
      out.app = PROTO.tls;
      return;
    }
  } else if (c === 0x53) {
    if (isSshBanner(buf, p, end)) {
      out.app = PROTO.ssh;
      out.hint = parseSshBanner(buf, p, end);
      return;
    }
  } else if (c === 0x48 && isHttpResponse(buf, p, end)) {
    out.app = PROTO.http;
    out.hint = parseHttpResponse(buf, p, end);
    return;
  }
  if (isHttpRequest(buf, p, end)) {
    out.app = PROTO.http;
    out.hint = parseHttpRequest(buf, p, end);
    return;
  }
  // Otherwise out.app stays as the port said (set by the TCP decoder).
  if (out.app === PROTO.dns && p + DNS_TCP_PREFIX <= end) {
    const len = u16(buf, p);
    const msgEnd = p + DNS_TCP_PREFIX + len;
    // Only a segment that starts a message; parse errors here do not mark the packet (no reassembly).
    if (len >= 12 && msgEnd <= end) out.hint = parseDnsQuiet(buf, p + DNS_TCP_PREFIX, msgEnd, out);
  }
}

function parseDnsQuiet(buf: Buffer, p: number, end: number, out: Decoded) {
  const wasMalformed = out.malformed;
  const hint = parseDns(buf, p, end, 'dns', PROTO.dns, out);
  if (!wasMalformed && out.malformed) {
    out.malformed = false;
    out.truncated = false;
    out.malformedLayer = 0;
    out.malformedAt = -1;
    out.malformedReason = '';
  }
  return hint;
}
