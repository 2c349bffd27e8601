/**
 * Alert thresholds: the defaults (each with the reason for its value: they must suit an ordinary
 * home or office network, not one capture), merging a settings file over them, and validation
 * that names the bad field.
 */
import { PRIVATE_TARGETS_HINT, refusedTarget } from './delivery/webhook-target.js';
import type {
  AlertConfigFile,
  AlertSettings,
  AlertSeverity,
  DeliverySettings,
  EmailSettings,
  WebhookSettings,
} from '../api/alerts.js';
import { fail, ok, type Result } from '../api/errors.js';
import { HOST_WINDOW_SEC, THRESHOLDS } from '../api/thresholds.js';

/** The flood threshold as the detector counts it: packets per second → packets in the per-address window. */
export function floodPerWindow(packetsPerSec: number): number {
  return Math.max(1, Math.round(packetsPerSec * HOST_WINDOW_SEC));
}

export const SEVERITY_RANK: Record<AlertSeverity, number> = { info: 0, warning: 1, critical: 2 };

export function defaultAlertSettings(): AlertSettings {
  return {
    enabled: true,
    // Two minutes of quiet ends an incident: long enough that a scan pausing between batches (nmap
    // backs off) stays one alert, short enough that tomorrow's scan is a new one.
    incidentGapSec: 120,
    // A long capture can see many incidents; the list shown and logged stays bounded.
    maxAlerts: 1000,
    // Per-address counts (floods, retransmission rates) over 10 s: long enough to smooth bursts
    // (a page load lasts a second or two), short enough to catch a flood while it happens.
    hostWindowSec: HOST_WINDOW_SEC,
    trafficSpike: {
      enabled: true,
      // Two minutes of per-second rates is enough to know what "usual" is on a link, and short
      // enough to follow the day (a video call starting is the new normal after a while).
      baselineSec: 120,
      // Half a minute of history before judging: on a fresh start there is no "usual" yet.
      minBaselineSec: 30,
      // 4x the median and 6 robust standard deviations: a download starting is a spike, the ups
      // and downs of browsing are not (MAD ignores the bursts that already happened).
      factor: 4,
      madK: 6,
      // Never below 1 Mbit/s or 500 packets/s: on an idle link, any page load is "many times the
      // usual", and nobody needs to be told about 1 Mbit/s.
      minBytesPerSec: 125_000,
      minPacketsPerSec: 500,
    },
    hostFlood: {
      enabled: true,
      // The older tools' "excessive packets from a single IP": 2,000/s on average over the window
      // (20,000 packets in 10 s). A phone or laptop browsing sends tens to hundreds per second; a
      // host at this rate is either moving a lot of data or flooding. Which one: see oneSidedRatio.
      threshold: floodPerWindow(THRESHOLDS.hostFloodPacketsPerSec.default),
      // TCP and QUIC transfers get about one packet back for every two sent (ACKs); a flood gets
      // almost nothing back. Under 1 in 10 answered is a warning; otherwise it is info (a busy host).
      oneSidedRatio: 0.1,
      // A DHCP client sends 2-4 messages to join and a few more on retries; 30 in 10 s from one
      // MAC is a client stuck in a loop or a flood.
      dhcpPerClient: 30,
      // 200 in 10 s from all clients: more than a whole office of 50 machines booting at once
      // (2-4 each); a DHCP starvation attack sends thousands from made-up MACs.
      dhcpTotal: 200,
    },
    portScan: {
      enabled: true,
      // 50 distinct ports on one host within a minute, most of them unanswered: ordinary clients
      // use a handful of ports per server (web, mail, a game), even FTP's data ports are answered;
      // nmap's default scan tries 1,000. (Zeek's scan policy uses 15 failed ports in 5 minutes.)
      threshold: THRESHOLDS.portScanPorts.default,
      // The same port on 50 hosts within a minute, with no answer from most: a sweep looking for
      // one service. Browsers reach many hosts on 443, but those answer.
      sweepHosts: 50,
      windowSec: 60,
      // An answer normally comes within a round trip (well under a second even across the world);
      // 3 s is the first SYN retransmission timeout of older stacks.
      graceSec: 3,
    },
    synFlood: {
      enabled: true,
      // 100 new connection attempts in 10 s to one service (or, from 50+ sources, to the network):
      // the size of a small listener's queue of half-open connections (Linux starts SYN cookies
      // when tcp_max_syn_backlog, 128 on small machines, fills). Retransmitted SYNs are not new
      // attempts, so a client retrying a dead server never gets near it.
      threshold: 100,
      windowSec: 10,
      // A healthy service completes nearly every handshake; a flood leaves them half open.
      maxCompletedRatio: 0.2,
      // 50 different sources with almost no completed handshakes: spoofed addresses.
      minSources: 50,
    },
    accessAttempts: {
      enabled: true,
      // 10 refused or unanswered connections from one host to one service in a minute: a program
      // retrying politely backs off well below that; a password guesser or a misconfigured client
      // hammering a closed port does not.
      refusedThreshold: 10,
      // 20 connections to one remote-access service (SSH, RDP, Telnet, SMB, VNC) in a minute from
      // one host: a person opens one or two; automation that opens many is worth knowing about, and
      // a guesser opens far more.
      remoteThreshold: 20,
      windowSec: 60,
      remotePorts: [22, 23, 3389, 445, 139, 5900, 5901, 5902, 5985, 5986, 2222],
    },
    arpSpoof: {
      enabled: true,
      // A host has one IPv4 address per interface, a router a few; a MAC claiming 10 is answering
      // for others (an ARP spoofer, or a proxy-ARP box worth knowing about).
      manyAddresses: 10,
      // ARP caches keep entries for minutes; a second MAC claiming an address within 10 minutes
      // of the first is a conflict, not a device that left and gave the address back.
      conflictWindowSec: 600,
    },
    packetLoss: {
      enabled: true,
      // Healthy paths retransmit well under 1-2% of segments; 5% hurts throughput badly (TCP halves
      // its rate on each loss). Measured per sender over 10 s with at least 200 data segments, so a
      // few retransmissions on a short connection are not a rate.
      retransmissionPct: THRESHOLDS.retransmissionPct.default,
      minSegments: 200,
      // 5% of pings lost over a minute is audible in calls and games; 20 probes minimum.
      probeLossPct: THRESHOLDS.lossPct.default,
      minProbes: 20,
    },
    latency: {
      enabled: true,
      // 300 ms round trip is twice ITU-T G.114's 150 ms one-way limit for comfortable calls.
      rttMs: THRESHOLDS.latencyMs.default,
      // 30 ms of jitter is where calls start to break up (the common VoIP guideline).
      jitterMs: THRESHOLDS.jitterMs.default,
      // A rise to 3x the usual and by at least 50 ms: queues filling (bufferbloat) or a route change,
      // not the normal wobble of a few ms.
      riseFactor: 3,
      riseMinMs: 50,
    },
    dnsAnomaly: {
      enabled: true,
      // Browsers check for DNS hijacking with a few random names (NXDOMAIN) at start; search-domain
      // suffixes add some more. 50 in a minute to one client is malware trying generated domains
      // or something badly misconfigured.
      nxdomainThreshold: 50,
      windowSec: 60,
      // DNS labels may be 63 characters; names people and CDNs use are far shorter. Tunnels pack
      // data into long, random-looking labels (base32/hex: 3.5+ bits of entropy per character).
      longLabel: 40,
      longName: 120,
      minEntropy: 3.5,
      // 10 such names to one domain in a minute from one client (50 is a warning: real tunnels send
      // hundreds). Antivirus cloud lookups look similar, hence info first.
      suspiciousThreshold: 10,
    },
  };
}

/** Channel defaults: conservative rate limits so a noisy network cannot spam a chat or a mailbox. */
export function defaultWebhookSettings(url: string): WebhookSettings {
  return {
    enabled: true,
    url,
    headers: {},
    allowPrivateTargets: false,
    minSeverity: 'warning',
    perMinute: 20,
    maxQueue: 100,
    maxAttempts: 5,
    retryBaseMs: 1000,
    timeoutMs: 10_000,
    sendUpdates: false,
  };
}

export function defaultEmailSettings(host: string, from: string, to: string[]): EmailSettings {
  return {
    enabled: true,
    host,
    port: 587,
    security: 'starttls',
    user: '',
    password: '',
    from,
    to,
    allowInvalidCertificate: false,
    minSeverity: 'warning',
    perMinute: 5,
    maxQueue: 50,
    maxAttempts: 5,
    retryBaseMs: 5000,
    timeoutMs: 30_000,
    sendUpdates: false,
  };
}

export interface AlertConfig {
  settings: AlertSettings;
  delivery: DeliverySettings;
}

/**
 * Merges a settings object (parsed JSON: any subset of the thresholds, plus `delivery`) over the
 * defaults. Unknown fields and values of the wrong type or range are errors naming the field, so
 * a typo does not silently leave a default in place.
 */
export function resolveAlertConfig(file: unknown = {}): Result<AlertConfig> {
  if (file === null || typeof file !== 'object' || Array.isArray(file)) return bad('', 'an object');
  const settings = defaultAlertSettings();
  const raw = file as AlertConfigFile & Record<string, unknown>;
  const { delivery: rawDelivery, ...rest } = raw;
  const merged = mergeInto(settings as unknown as Record<string, unknown>, rest, '');
  if (merged) return merged;
  const range = checkRanges(settings);
  if (range) return range;
  const delivery: DeliverySettings = { webhook: null, email: null };
  if (rawDelivery !== undefined) {
    if (rawDelivery === null || typeof rawDelivery !== 'object' || Array.isArray(rawDelivery))
      return bad('delivery', 'an object');
    const { webhook, email, ...other } = rawDelivery as Record<string, unknown>;
    const unknownKey = Object.keys(other)[0];
    if (unknownKey !== undefined) return unknownField(`delivery.${unknownKey}`, ['webhook', 'email']);
    if (webhook !== undefined && webhook !== null) {
      const w = webhook as Record<string, unknown>;
      if (typeof w !== 'object' || typeof w.url !== 'string') return bad('delivery.webhook.url', 'a URL string');
      const s = defaultWebhookSettings(w.url);
      const e = mergeInto(s as unknown as Record<string, unknown>, w, 'delivery.webhook.');
      if (e) return e;
      const r = checkChannel(s, 'delivery.webhook.');
      if (r) return r;
      let u: URL;
      try {
        u = new URL(s.url);
      } catch {
        return bad('delivery.webhook.url', 'an http:// or https:// URL');
      }
      if (u.protocol !== 'http:' && u.protocol !== 'https:')
        return bad('delivery.webhook.url', 'an http:// or https:// URL');
      const refused = s.allowPrivateTargets ? null : refusedTarget(u.hostname);
      if (refused)
        return fail(
          'usage',
          `alert settings: delivery.webhook.url points at ${refused}, which webhooks are refused`,
          PRIVATE_TARGETS_HINT,
        );
      for (const [k, v] of Object.entries(s.headers)) {
        if (typeof v !== 'string' || /[\r\n]/.test(k + v))
          return bad(`delivery.webhook.headers.${k}`, 'a one-line string');
      }
      delivery.webhook = s;
    }
    if (email !== undefined && email !== null) {
      const m = email as Record<string, unknown>;
      if (typeof m !== 'object' || typeof m.host !== 'string' || typeof m.from !== 'string' || !Array.isArray(m.to)) {
        return bad('delivery.email', 'an object with host, from and to (a list of addresses)');
      }
      const s = defaultEmailSettings(m.host, m.from, m.to as string[]);
      if (m.security === 'tls' && m.port === undefined) s.port = 465;
      if (m.security === 'none' && m.port === undefined) s.port = 25;
      const e = mergeInto(s as unknown as Record<string, unknown>, m, 'delivery.email.');
      if (e) return e;
      const r = checkChannel(s, 'delivery.email.');
      if (r) return r;
      if (!['starttls', 'tls', 'none'].includes(s.security))
        return bad('delivery.email.security', "'starttls', 'tls' or 'none'");
      if (!Number.isInteger(s.port) || s.port < 1 || s.port > 65535)
        return bad('delivery.email.port', 'a port number (1-65535)');
      const addr = /^[^\s<>@,;:"]+@[^\s<>@,;:"]+$/;
      if (!addr.test(s.from)) return bad('delivery.email.from', 'one email address (name@example.com)');
      if (s.to.length === 0 || !s.to.every((t) => typeof t === 'string' && addr.test(t)))
        return bad('delivery.email.to', 'a list of email addresses');
      if (!s.host || /[\s/]/.test(s.host)) return bad('delivery.email.host', 'a host name or address');
      if (s.user && s.security === 'none')
        return bad('delivery.email.security', "'starttls' or 'tls' when a user is given (passwords never go in clear)");
      delivery.email = s;
    }
  }
  return ok({ settings, delivery });
}

function mergeInto(target: Record<string, unknown>, src: Record<string, unknown>, path: string): Result<never> | null {
  for (const [k, v] of Object.entries(src)) {
    const name = path + k;
    if (!(k in target)) return unknownField(name, Object.keys(target));
    const cur = target[k];
    if (v === undefined) continue;
    if (Array.isArray(cur)) {
      if (!Array.isArray(v)) return bad(name, 'a list');
      if (cur.length > 0 && !v.every((x) => typeof x === typeof cur[0]))
        return bad(name, `a list of ${typeof cur[0]}s`);
      target[k] = [...v];
    } else if (cur !== null && typeof cur === 'object') {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return bad(name, 'an object');
      if (k === 'headers') {
        target[k] = { ...(v as Record<string, unknown>) };
        continue;
      }
      const e = mergeInto(cur as Record<string, unknown>, v as Record<string, unknown>, `${name}.`);
      if (e) return e;
    } else if (typeof cur === 'number') {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) return bad(name, 'a number of at least 0');
      target[k] = v;
    } else if (typeof cur === 'boolean') {
      if (typeof v !== 'boolean') return bad(name, 'true or false');
      target[k] = v;
    } else if (typeof cur === 'string') {
      if (typeof v !== 'string') return bad(name, 'a string');
      target[k] = v;
    }
  }
  return null;
}

function checkRanges(s: AlertSettings): Result<never> | null {
  const positive: [string, number][] = [
    ['incidentGapSec', s.incidentGapSec],
    ['maxAlerts', s.maxAlerts],
    ['trafficSpike.baselineSec', s.trafficSpike.baselineSec],
    ['trafficSpike.factor', s.trafficSpike.factor],
    ['hostFlood.threshold', s.hostFlood.threshold],
    ['hostWindowSec', s.hostWindowSec],
    ['hostFlood.dhcpPerClient', s.hostFlood.dhcpPerClient],
    ['hostFlood.dhcpTotal', s.hostFlood.dhcpTotal],
    ['portScan.threshold', s.portScan.threshold],
    ['portScan.sweepHosts', s.portScan.sweepHosts],
    ['portScan.windowSec', s.portScan.windowSec],
    ['synFlood.threshold', s.synFlood.threshold],
    ['synFlood.windowSec', s.synFlood.windowSec],
    ['accessAttempts.refusedThreshold', s.accessAttempts.refusedThreshold],
    ['accessAttempts.remoteThreshold', s.accessAttempts.remoteThreshold],
    ['accessAttempts.windowSec', s.accessAttempts.windowSec],
    ['arpSpoof.manyAddresses', s.arpSpoof.manyAddresses],
    ['dnsAnomaly.nxdomainThreshold', s.dnsAnomaly.nxdomainThreshold],
    ['dnsAnomaly.windowSec', s.dnsAnomaly.windowSec],
    ['dnsAnomaly.suspiciousThreshold', s.dnsAnomaly.suspiciousThreshold],
  ];
  for (const [name, v] of positive) if (!(v > 0)) return bad(name, 'a number above 0');
  if (s.trafficSpike.minBaselineSec > s.trafficSpike.baselineSec)
    return bad('trafficSpike.minBaselineSec', `at most trafficSpike.baselineSec (${s.trafficSpike.baselineSec})`);
  if (s.trafficSpike.baselineSec > 3600) return bad('trafficSpike.baselineSec', 'at most 3600');
  for (const [name, v] of [
    ['hostFlood.oneSidedRatio', s.hostFlood.oneSidedRatio],
    ['synFlood.maxCompletedRatio', s.synFlood.maxCompletedRatio],
  ] as const) {
    if (v > 1) return bad(name, 'a fraction between 0 and 1');
  }
  if (s.packetLoss.retransmissionPct > 100 || s.packetLoss.probeLossPct > 100)
    return bad('packetLoss', 'percentages of at most 100');
  if (!s.accessAttempts.remotePorts.every((p) => Number.isInteger(p) && p > 0 && p < 65536))
    return bad('accessAttempts.remotePorts', 'a list of port numbers');
  return null;
}

function checkChannel(s: WebhookSettings | EmailSettings, path: string): Result<never> | null {
  if (!(s.minSeverity in SEVERITY_RANK)) return bad(`${path}minSeverity`, "'info', 'warning' or 'critical'");
  if (!(s.perMinute > 0)) return bad(`${path}perMinute`, 'a number above 0');
  if (!Number.isInteger(s.maxQueue) || s.maxQueue < 1) return bad(`${path}maxQueue`, 'a whole number of at least 1');
  if (!Number.isInteger(s.maxAttempts) || s.maxAttempts < 1)
    return bad(`${path}maxAttempts`, 'a whole number of at least 1');
  if (!(s.timeoutMs > 0)) return bad(`${path}timeoutMs`, 'a number above 0');
  return null;
}

function bad(field: string, what: string): Result<never> {
  return fail(
    'usage',
    `alert settings: ${field || 'the settings'} must be ${what}`,
    'fix the value in the settings file (see netlens capture --help)',
  );
}

function unknownField(field: string, known: string[]): Result<never> {
  return fail('usage', `alert settings: unknown field '${field}'`, `known here: ${known.join(', ')}`);
}
