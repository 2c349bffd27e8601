/**
 * Reading the ClientHello out of a QUIC client Initial packet (RFC 9001 §5): the Initial keys are
 * derived from the Destination Connection ID with HKDF-SHA256, header protection is removed with
 * AES-128-ECB, the payload is opened with AES-128-GCM, and the CRYPTO frames are put back in order.
 * This is the one decoder that allocates and catches: it runs once per client connection ID (the
 * caller caches), never on the per-packet hot path.
 */
import { createCipheriv, createDecipheriv, createHmac } from 'node:crypto';
import type { TlsClientHelloHint } from '../app-hints.js';
import { parseHandshakeClientHello } from './tls-client-hello.js';

export const QUIC_V1 = 0x00000001;
export const QUIC_V2 = 0x6b3343cf;
export const QUIC_DRAFT_29 = 0xff00001d;

const SALT_V1 = Buffer.from('38762cf7f55934b34d179ae6a4c80cadccbb7f0a', 'hex');
const SALT_V2 = Buffer.from('0dede3def700a6db819381be6e269dcbf9bd2ed9', 'hex');
const SALT_DRAFT_29 = Buffer.from('afbfec289993d24c9e9786f19c6111e04390a899', 'hex');

const SAMPLE_LEN = 16;
const TAG_LEN = 16;
/** CRYPTO data kept per Initial: a ClientHello is far smaller. */
const MAX_CRYPTO = 16384;

const FRAME_PADDING = 0x00;
const FRAME_PING = 0x01;
const FRAME_ACK = 0x02;
const FRAME_ACK_ECN = 0x03;
const FRAME_CRYPTO = 0x06;
const FRAME_CONNECTION_CLOSE = 0x1c;

function hkdfExtract(salt: Buffer, ikm: Buffer): Buffer {
  return createHmac('sha256', salt).update(ikm).digest();
}

/** HKDF-Expand-Label (RFC 8446 §7.1) with an empty context, for lengths up to one SHA-256 block. */
function hkdfExpandLabel(secret: Buffer, label: string, length: number): Buffer {
  const full = `tls13 ${label}`;
  const info = Buffer.alloc(2 + 1 + full.length + 1 + 1);
  info.writeUInt16BE(length, 0);
  info[2] = full.length;
  info.write(full, 3, 'latin1');
  info[3 + full.length] = 0; // context length
  info[4 + full.length] = 1; // HKDF-Expand block counter T(1)
  return createHmac('sha256', secret).update(info).digest().subarray(0, length);
}

interface Keys {
  key: Buffer;
  iv: Buffer;
  hp: Buffer;
}

function clientInitialKeys(version: number, dcid: Buffer): Keys | null {
  const salt =
    version === QUIC_V1 ? SALT_V1 : version === QUIC_V2 ? SALT_V2 : version === QUIC_DRAFT_29 ? SALT_DRAFT_29 : null;
  if (salt === null) return null;
  const prefix = version === QUIC_V2 ? 'quicv2 ' : 'quic ';
  const clientSecret = hkdfExpandLabel(hkdfExtract(salt, dcid), 'client in', 32);
  return {
    key: hkdfExpandLabel(clientSecret, `${prefix}key`, 16),
    iv: hkdfExpandLabel(clientSecret, `${prefix}iv`, 12),
    hp: hkdfExpandLabel(clientSecret, `${prefix}hp`, 16),
  };
}

/** Reads a QUIC variable-length integer at `p`; returns its length in bytes (0 if cut off) and leaves the value in varintValue. */
let varintValue = 0;
function readVarint(buf: Uint8Array, p: number, end: number): number {
  if (p >= end) return 0;
  const len = 1 << (buf[p] >> 6);
  if (p + len > end) return 0;
  let v = buf[p] & 0x3f;
  for (let i = 1; i < len; i++) v = v * 256 + buf[p + i];
  varintValue = v;
  return len;
}

/**
 * Decrypts the client Initial packet at buf[p, end) (a long header whose type is Initial) and
 * parses the ClientHello from its CRYPTO frames. Returns null when it cannot: not a client Initial
 * (the server's use other keys), an unknown version, a cut-off packet, or no ClientHello start.
 */
export function clientHelloFromInitial(
  buf: Buffer,
  p: number,
  end: number,
  version: number,
): TlsClientHelloHint | null {
  try {
    return open(buf, p, end, version);
  } catch {
    // Authentication failure (not a client Initial) or a malformed packet.
    return null;
  }
}

function open(buf: Buffer, p: number, end: number, version: number): TlsClientHelloHint | null {
  let q = p + 5;
  if (q >= end) return null;
  const dcidLen = buf[q];
  const dcid = Buffer.from(buf.subarray(q + 1, q + 1 + dcidLen));
  q += 1 + dcidLen;
  if (q >= end) return null;
  q += 1 + buf[q]; // source connection id
  let n = readVarint(buf, q, end); // token length
  if (n === 0) return null;
  q += n + varintValue;
  n = readVarint(buf, q, end); // length (packet number + payload)
  if (n === 0) return null;
  const pnOffset = q + n;
  const pktEnd = pnOffset + varintValue;
  if (pktEnd > end || pnOffset + 4 + SAMPLE_LEN > end) return null;
  const keys = clientInitialKeys(version, dcid);
  if (keys === null) return null;

  const hpCipher = createCipheriv('aes-128-ecb', keys.hp, null);
  hpCipher.setAutoPadding(false);
  const mask = hpCipher.update(buf.subarray(pnOffset + 4, pnOffset + 4 + SAMPLE_LEN));
  const first = buf[p] ^ (mask[0] & 0x0f);
  const pnLen = (first & 3) + 1;
  const header = Buffer.from(buf.subarray(p, pnOffset + pnLen));
  header[0] = first;
  let pn = 0;
  for (let i = 0; i < pnLen; i++) {
    const b = header[pnOffset - p + i] ^ mask[1 + i];
    header[pnOffset - p + i] = b;
    pn = pn * 256 + b;
  }
  const nonce = Buffer.from(keys.iv);
  for (let i = 0; i < 4; i++) nonce[11 - i] ^= (pn >>> (8 * i)) & 0xff;
  const ctEnd = pktEnd - TAG_LEN;
  if (ctEnd < pnOffset + pnLen) return null;
  const decipher = createDecipheriv('aes-128-gcm', keys.key, nonce);
  decipher.setAAD(header);
  decipher.setAuthTag(buf.subarray(ctEnd, pktEnd));
  const plain = Buffer.concat([decipher.update(buf.subarray(pnOffset + pnLen, ctEnd)), decipher.final()]);
  return clientHelloFromFrames(plain);
}

/** Collects CRYPTO frame data by offset and parses the ClientHello from the contiguous start. */
function clientHelloFromFrames(plain: Buffer): TlsClientHelloHint | null {
  const crypto = Buffer.alloc(MAX_CRYPTO);
  const have = new Uint8Array(MAX_CRYPTO);
  const end = plain.length;
  let p = 0;
  while (p < end) {
    const type = plain[p];
    if (type === FRAME_PADDING || type === FRAME_PING) {
      p++;
      continue;
    }
    if (type === FRAME_CRYPTO) {
      let n = readVarint(plain, p + 1, end);
      if (n === 0) break;
      const off = varintValue;
      let q = p + 1 + n;
      n = readVarint(plain, q, end);
      if (n === 0) break;
      const len = varintValue;
      q += n;
      if (q + len > end) break;
      if (off < MAX_CRYPTO) {
        const take = Math.min(len, MAX_CRYPTO - off);
        plain.copy(crypto, off, q, q + take);
        have.fill(1, off, off + take);
      }
      p = q + len;
    } else if (type === FRAME_ACK || type === FRAME_ACK_ECN) {
      let q = p + 1;
      let ok = true;
      const fields: number[] = [];
      for (let i = 0; i < 4 && ok; i++) {
        const n = readVarint(plain, q, end);
        ok = n > 0;
        q += n;
        fields.push(varintValue);
      }
      const ranges = fields[2] ?? 0;
      for (let i = 0; i < ranges * 2 + (type === FRAME_ACK_ECN ? 3 : 0) && ok; i++) {
        const n = readVarint(plain, q, end);
        ok = n > 0;
        q += n;
      }
      if (!ok) break;
      p = q;
    } else if (type === FRAME_CONNECTION_CLOSE) {
      break;
    } else {
      break;
    }
  }
  let contiguous = 0;
  while (contiguous < MAX_CRYPTO && have[contiguous] === 1) contiguous++;
  if (contiguous === 0) return null;
  return parseHandshakeClientHello(crypto, 0, contiguous);
}
