// Checks that a file is one valid JSON value without loading it (a report of millions of flows
// is gigabytes): a byte-level grammar check, and the number of elements of the arrays at the
// paths asked for ("conversations.tcp", "endpoints"). Returns { valid, error, counts }.
import { closeSync, openSync, readSync } from 'node:fs';

const WS = new Uint8Array(256);
for (const c of [0x20, 0x09, 0x0a, 0x0d]) WS[c] = 1;

export function checkJsonFile(path, countPaths = []) {
  const fd = openSync(path, 'r');
  const buf = Buffer.alloc(1 << 22);
  let len = 0;
  let pos = 0;
  let offset = 0;
  const more = () => {
    offset += len;
    len = readSync(fd, buf, 0, buf.length, null);
    pos = 0;
    return len > 0;
  };
  const peek = () => (pos < len || more() ? buf[pos] : -1);
  const next = () => (pos < len || more() ? buf[pos++] : -1);
  const counts = Object.fromEntries(countPaths.map((p) => [p, 0]));
  const fail = (why) => {
    throw new Error(`${why} at byte ${offset + pos}`);
  };
  const ws = () => {
    for (;;) {
      const c = peek();
      if (c >= 0 && WS[c]) pos++;
      else return c;
    }
  };
  const lit = (s) => {
    for (let i = 0; i < s.length; i++) if (next() !== s.charCodeAt(i)) fail(`bad literal, expected ${s}`);
  };
  const str = () => {
    let key = '';
    if (next() !== 0x22) fail('expected "');
    for (;;) {
      const c = next();
      if (c < 0) fail('unterminated string');
      if (c === 0x22) return key;
      if (c < 0x20) fail('control character in a string');
      if (c === 0x5c) {
        const e = next();
        if (e === 0x75)
          for (let i = 0; i < 4; i++)
            if (!/[0-9a-fA-F]/.test(String.fromCharCode(next()))) fail('bad \\u');
            else if (!'"\\/bfnrt'.includes(String.fromCharCode(e))) fail('bad escape');
      } else if (key.length < 64) key += String.fromCharCode(c);
    }
  };
  const num = () => {
    const start = offset + pos;
    let s = '';
    for (;;) {
      const c = peek();
      if ((c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e || c === 0x65 || c === 0x45) {
        s += String.fromCharCode(c);
        pos++;
      } else break;
    }
    if (!/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(s)) throw new Error(`bad number '${s}' at byte ${start}`);
  };
  // iterative over containers: a stack of [kind, path]
  const value = (path) => {
    const c = ws();
    if (c === 0x7b) {
      pos++;
      if (ws() === 0x7d) return void pos++;
      for (;;) {
        ws();
        const k = str();
        if (ws() !== 0x3a) fail('expected :');
        pos++;
        value(path === '' ? k : `${path}.${k}`);
        const d = ws();
        pos++;
        if (d === 0x7d) return;
        if (d !== 0x2c) fail('expected , or }');
      }
    } else if (c === 0x5b) {
      pos++;
      const counted = path in counts;
      if (ws() === 0x5d) return void pos++;
      for (;;) {
        value(`${path}[]`);
        if (counted) counts[path]++;
        const d = ws();
        pos++;
        if (d === 0x5d) return;
        if (d !== 0x2c) fail('expected , or ]');
      }
    } else if (c === 0x22) str();
    else if (c === 0x74) lit('true');
    else if (c === 0x66) lit('false');
    else if (c === 0x6e) lit('null');
    else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) num();
    else fail(c < 0 ? 'unexpected end' : `unexpected '${String.fromCharCode(c)}'`);
  };
  try {
    value('');
    if (ws() !== -1) fail('text after the value');
    return { valid: true, error: null, counts };
  } catch (e) {
    return { valid: false, error: e.message, counts };
  } finally {
    closeSync(fd);
  }
}
