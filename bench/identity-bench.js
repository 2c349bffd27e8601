#!/usr/bin/env node
// Benchmark (not a test): the cost of "who is on the other end" (issue 13). Prints figures; asserts
// nothing about time.
//   1. geo/ASN: per-flow lookup cost (country + AS number + organisation) over random public
//      addresses, median of batches, beside mmdb-lib reading ip-location-db's mmdb of the same data
//      (the reader the issue names) in the same run;
//   2. MAC vendor lookups per second.
// Usage: npm run bench:identity   (BENCH_ADDRS=n addresses per family, default 200,000)
import { createRequire } from 'node:module';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { Reader } from 'mmdb-lib';
import { GeoResolver } from '../dist/src/identity/geo-resolver.js';
import { MacVendorTable } from '../dist/src/identity/mac-vendor.js';
import { ipv4ToString, ipv6ToString } from '../dist/src/decode/format.js';

const require = createRequire(import.meta.url);
const N = Number(process.env.BENCH_ADDRS ?? 200_000);
const BATCH = 1000;

function rng(seed) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x80000000;
  };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/** Median nanoseconds per call of fn(i) over batches of BATCH calls. */
function perCall(n, fn) {
  const batches = [];
  let sink = 0;
  for (let b = 0; b < n; b += BATCH) {
    const t0 = process.hrtime.bigint();
    for (let i = b; i < b + BATCH && i < n; i++) sink += fn(i) ? 1 : 0;
    batches.push(Number(process.hrtime.bigint() - t0) / Math.min(BATCH, n - b));
  }
  return { median: median(batches), sink };
}

const geo = new GeoResolver();
if (geo.problems.length) throw new Error(geo.problems.map((p) => p.message).join('; '));
const r = rng(42);
const v4 = new Uint32Array(N);
for (let i = 0; i < N; i++) {
  let ip;
  do ip = Math.floor(r() * 2 ** 32) >>> 0;
  while (geo.lookup4(ip).scope !== 'public');
  v4[i] = ip;
}
const v6 = new Uint32Array(N * 4);
for (let i = 0; i < N; i++) {
  v6[i * 4] = (0x20000000 + Math.floor(r() * 0x10000000)) >>> 0; // 2000::/4, where the allocations are
  v6[i * 4 + 1] = Math.floor(r() * 2 ** 32) >>> 0;
  v6[i * 4 + 2] = Math.floor(r() * 2 ** 32) >>> 0;
  v6[i * 4 + 3] = Math.floor(r() * 2 ** 32) >>> 0;
}
const text4 = Array.from(v4, ipv4ToString);
const text6 = Array.from({ length: N }, (_, i) => ipv6ToString(v6.subarray(i * 4, i * 4 + 4)));

console.log(`identity bench: ${N} random public addresses per family; node ${process.version}`);
console.log(`  sources: ${geo.sources.country} | ${geo.sources.asn}`);
perCall(N, (i) => geo.lookup4(v4[i]).asn); // warm-up (interning)
const g4 = perCall(N, (i) => geo.lookup4(v4[i]).asn);
const g6 = perCall(N, (i) => geo.lookup6(v6[i * 4], v6[i * 4 + 1], v6[i * 4 + 2], v6[i * 4 + 3]).asn);
const gt = perCall(N, (i) => geo.lookup(text4[i]).asn);
console.log(`geo/ASN per flow (country + AS number + organisation), median of ${BATCH}-lookup batches:`);
console.log(
  `  NetLens tables, IPv4 number:  ${(g4.median / 1000).toFixed(3)} µs   (${(1e9 / g4.median / 1e6).toFixed(2)} M lookups/s)`,
);
console.log(`  NetLens tables, IPv6 words:   ${(g6.median / 1000).toFixed(3)} µs`);
console.log(`  NetLens tables, IPv4 text:    ${(gt.median / 1000).toFixed(3)} µs`);

const mmdbDir = join(require.resolve('mmdb-lib'), '..', '..', '..', '@ip-location-db', 'geo-whois-asn-country-mmdb');
const mmdbFile = join(mmdbDir, 'geo-whois-asn-country.mmdb');
if (existsSync(mmdbFile)) {
  const reader = new Reader(readFileSync(mmdbFile));
  perCall(N, (i) => reader.get(text4[i]));
  const m4 = perCall(N, (i) => reader.get(text4[i])?.country_code);
  const m6 = perCall(N, (i) => reader.get(text6[i])?.country_code);
  console.log(
    `  mmdb-lib, country only (same data, .mmdb), IPv4 text: ${(m4.median / 1000).toFixed(3)} µs, IPv6 text: ${(m6.median / 1000).toFixed(3)} µs`,
  );
  console.log(
    `  ratio mmdb-lib country-only / NetLens country+ASN: IPv4 ${(m4.median / g4.median).toFixed(2)}x, IPv6 ${(m6.median / g6.median).toFixed(2)}x`,
  );
  const user = new GeoResolver({ countryMmdb: mmdbFile });
  const u4 = perCall(N, (i) => user.lookup4(v4[i]).country);
  console.log(`  NetLens with a user's mmdb for countries (Settings), IPv4: ${(u4.median / 1000).toFixed(3)} µs`);
}

const macs = MacVendorTable.load();
if ('code' in macs) throw new Error(macs.message);
const macBytes = new Uint8Array(N * 6);
for (let i = 0; i < macBytes.length; i++) macBytes[i] = Math.floor(r() * 256);
for (let i = 0; i < N; i++) macBytes[i * 6] &= 0xfc; // unicast, globally administered
const mv = perCall(N, (i) => macs.lookupBytes(macBytes, i * 6).kind === 'vendor');
console.log(
  `MAC vendor: ${(mv.median / 1000).toFixed(3)} µs per lookup (${(1e9 / mv.median / 1e6).toFixed(2)} M/s), ${macs.prefixCount} prefixes`,
);
