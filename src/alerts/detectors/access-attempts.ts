/**
 * access-attempts: repeated refused or failed connections from one source to one service (a TCP
 * RST or no answer at all, an ICMP unreachable for UDP and TCP), and repeated connections to
 * remote-access services (SSH, RDP, Telnet, SMB, VNC, WinRM) whatever their outcome. A port scan
 * touches each port once or twice, so it does not count here.
 */
import type { AlertSeverity, Evidence } from '../../api/alerts.js';
import { TupleIndex } from '../../analysis/tuple-index.js';
import { KIND_SYN, KIND_UDP, OUT_NO_ANSWER, OUT_OPEN, OUT_REFUSED, type SettledAttempt } from '../attempts.js';
import { type AlertContext, Paced } from '../context.js';
import { count, duration, plural, round3 } from '../summary-format.js';
import { GenWindow, MAX_GEN_KEYS, growF64, growI32 } from '../windows.js';

const REMOTE_NAMES: Record<number, string> = {
  22: 'SSH',
  2222: 'SSH',
  23: 'Telnet',
  3389: 'RDP (Remote Desktop)',
  445: 'SMB (file sharing)',
  139: 'SMB (NetBIOS)',
  5900: 'VNC',
  5901: 'VNC',
  5902: 'VNC',
  5985: 'WinRM',
  5986: 'WinRM',
};

class AccessGen {
  readonly keys = new TupleIndex(3, 64);
  /** Per key: attempts, refused (RST), unanswered, refused by ICMP, connected. */
  counts = new Int32Array(64 * 5);
  /** Per key: time and frame of its first attempt. */
  firstT = new Float64Array(64);
  firstFrame = new Float64Array(64);

  ensure(id: number): void {
    if (id * 5 + 5 > this.counts.length) this.counts = growI32(this.counts, id * 5 + 5);
    if (id >= this.firstT.length) {
      this.firstT = growF64(this.firstT, id);
      this.firstFrame = growF64(this.firstFrame, id);
    }
  }
}

const C_ATTEMPTS = 0;
const C_REFUSED = 1;
const C_NO_ANSWER = 2;
const C_ICMP = 3;
const C_CONNECTED = 4;

class AccessIncident extends Paced {
  attempts = 0;
  refused = 0;
  noAnswer = 0;
  icmp = 0;
  completed = 0;
  readonly sampleFrames: number[] = [];
  last: number;
  lastFrame: number;
  constructor(
    readonly src: number,
    readonly dst: number,
    readonly port: number,
    readonly udp: boolean,
    readonly remote: boolean,
    readonly first: number,
    readonly firstFrame: number,
  ) {
    super();
    this.last = first;
    this.lastFrame = firstFrame;
  }
}

export class AccessAttemptsDetector {
  private readonly gens: GenWindow<AccessGen>;
  private readonly incidents = new Map<string, AccessIncident>();
  private readonly remote: Uint8Array;

  constructor(private readonly ctx: AlertContext) {
    this.gens = new GenWindow(ctx.settings.accessAttempts.windowSec / 2, () => new AccessGen());
    this.remote = new Uint8Array(65_536);
    for (const p of ctx.settings.accessAttempts.remotePorts) this.remote[p] = 1;
  }

  /** A settled SYN or UDP attempt. */
  settled(a: SettledAttempt): void {
    if (a.kind !== KIND_SYN && a.kind !== KIND_UDP) return;
    const udp = a.kind === KIND_UDP;
    // UDP has no handshake: silence is normal (syslog, metrics); only an ICMP refusal is a failure
    const failed = udp ? false : a.outcome === OUT_REFUSED || a.outcome === OUT_NO_ANSWER;
    this.note(a.src, a.dst, a.port, udp, failed, a.outcome, a.completed, a.t, a.frame, false);
  }

  /** An ICMP unreachable (port, host, administratively prohibited) answering src → dst:port. */
  icmpRefused(src: number, dst: number, port: number, udp: boolean, t: number, frame: number): void {
    this.note(src, dst, port, udp, true, OUT_REFUSED, false, t, frame, true);
  }

  private note(
    src: number,
    dst: number,
    port: number,
    udp: boolean,
    failed: boolean,
    outcome: number,
    completed: boolean,
    t: number,
    frame: number,
    icmp: boolean,
  ): void {
    const cfg = this.ctx.settings.accessAttempts;
    this.gens.advance(t);
    const g = this.gens.genOf(t) ?? this.gens.cur;
    const kp = (udp ? 0x1_0000 : 0) | port;
    const n0 = g.keys.size;
    // a full generation (a flood of distinct attempts) counts only the keys it has
    const id = n0 >= MAX_GEN_KEYS ? g.keys.find(src, dst, kp) : g.keys.intern(src, dst, kp);
    if (id >= 0) g.ensure(id);
    if (id >= n0) {
      g.firstT[id] = t;
      g.firstFrame[id] = frame;
    }
    // Each settled attempt counts once; an ICMP refusal answers an attempt already counted
    // (for UDP, where silence is not a failure, the refusal is what makes it one).
    let which = -1;
    if (icmp) which = C_ICMP;
    else if (outcome === OUT_REFUSED) which = C_REFUSED;
    else if (failed && outcome === OUT_NO_ANSWER) which = C_NO_ANSWER;
    else if (outcome === OUT_OPEN && (completed || udp)) which = C_CONNECTED;
    if (id >= 0 && !icmp) g.counts[id * 5 + C_ATTEMPTS]++;
    if (id >= 0 && which >= 0) g.counts[id * 5 + which]++;
    const inc = this.incidents.size === 0 ? undefined : this.incidents.get(`${src}|${dst}|${kp}`);
    if (inc !== undefined) {
      if (!icmp) inc.attempts++;
      if (which === C_REFUSED) inc.refused++;
      else if (which === C_NO_ANSWER) inc.noAnswer++;
      else if (which === C_ICMP) inc.icmp++;
      else if (which === C_CONNECTED) inc.completed++;
      if (t > inc.last) inc.last = t;
      inc.lastFrame = frame;
      if (inc.sampleFrames.length < 10) inc.sampleFrames.push(frame);
      inc.dirty = true;
      return;
    }
    if (!failed && !(this.remote[port] === 1 && !udp)) return;
    const sum = [0, 0, 0, 0, 0];
    let first = t;
    let firstFrame = frame;
    for (const gen of [this.gens.prev, this.gens.cur]) {
      const i = gen === g ? id : gen.keys.find(src, dst, kp);
      if (i < 0) continue;
      for (let k = 0; k < 5; k++) sum[k] += gen.counts[i * 5 + k];
      if (gen.firstT[i] < first) {
        first = gen.firstT[i];
        firstFrame = gen.firstFrame[i];
      }
    }
    const nFailed = sum[C_REFUSED] + sum[C_NO_ANSWER] + sum[C_ICMP];
    const remote = !udp && this.remote[port] === 1;
    if (nFailed < cfg.refusedThreshold && !(remote && sum[C_ATTEMPTS] >= cfg.remoteThreshold)) return;
    const key = `${src}|${dst}|${kp}`;
    const n = new AccessIncident(src, dst, port, udp, remote, first, firstFrame);
    n.attempts = sum[C_ATTEMPTS];
    n.refused = sum[C_REFUSED];
    n.noAnswer = sum[C_NO_ANSWER];
    n.icmp = sum[C_ICMP];
    n.completed = sum[C_CONNECTED];
    n.last = t;
    n.sampleFrames.push(frame);
    this.incidents.set(key, n);
  }

  tick(now: number): void {
    if (this.incidents.size === 0) return;
    const gap = this.ctx.settings.incidentGapSec;
    for (const [key, inc] of this.incidents) {
      inc.size = inc.attempts + inc.icmp;
      if (this.ctx.due(inc)) {
        this.raise(inc);
      } else if (!inc.dirty && now - inc.last > gap) this.incidents.delete(key);
    }
  }

  private raise(inc: AccessIncident): void {
    const ctx = this.ctx;
    const cfg = ctx.settings.accessAttempts;
    const src = ctx.addr(inc.src);
    const dst = ctx.addr(inc.dst);
    const service = REMOTE_NAMES[inc.port] ?? `${inc.udp ? 'UDP' : 'TCP'} port ${inc.port}`;
    const failed = inc.refused + inc.noAnswer + inc.icmp;
    // remote-access services are what password guessers go for: a warning; elsewhere a program
    // retrying a closed port is more likely than an attack, until it gets excessive
    let severity: AlertSeverity = 'info';
    if (inc.remote && (failed * 2 >= inc.attempts || inc.attempts >= 3 * cfg.remoteThreshold)) severity = 'warning';
    else if (failed >= 5 * cfg.refusedThreshold) severity = 'warning';
    const parts: string[] = [];
    if (inc.refused > 0) parts.push(`${count(inc.refused)} refused`);
    if (inc.icmp > 0) parts.push(`${count(inc.icmp)} refused by ICMP unreachable`);
    if (inc.noAnswer > 0) parts.push(`${count(inc.noAnswer)} unanswered`);
    if (inc.completed > 0) parts.push(`${count(inc.completed)} connected`);
    const what = inc.remote ? `tried to reach ${service} on` : `kept trying ${service} on`;
    const nothing = inc.refused > 0 && inc.completed === 0 && inc.icmp === 0 ? '; nothing listens there' : '';
    const evidence: Evidence = {
      service,
      port: inc.port,
      protocol: inc.udp ? 'udp' : 'tcp',
      remoteAccess: inc.remote,
      attempts: inc.attempts,
      refused: inc.refused,
      unanswered: inc.noAnswer,
      icmpUnreachable: inc.icmp,
      connected: inc.completed,
      durationSec: round3(inc.last - inc.first),
      windowSec: cfg.windowSec,
      threshold: inc.remote ? cfg.remoteThreshold : cfg.refusedThreshold,
      firstFrame: inc.firstFrame,
      lastFrame: inc.lastFrame,
      sampleFrames: inc.sampleFrames.slice(),
    };
    ctx.incidents.raise(
      'access-attempts',
      `access-attempts|${src}|${dst}|${inc.udp ? 'u' : 't'}${inc.port}`,
      inc.first,
      inc.last,
      {
        severity,
        source: src,
        target: `${dst}:${inc.port}`,
        summary: `${ctx.named(inc.src)} ${what} ${ctx.named(inc.dst)} ${plural(Math.max(inc.attempts, failed), 'time')} in ${duration(inc.last - inc.first)}: ${parts.join(', ') || 'no answer'}${nothing}.`,
        evidence,
      },
    );
  }
}
