/**
 * The spool is a ring (issue 11): a live session not logged to a folder spooled its pcap into one
 * file that grew without end; now the parts rotate and the oldest are deleted to keep the newest
 * under the cap, each deletion said in the events log.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCaptureFile } from '../../src/capture/capture-file.js';
import { SessionLog } from '../../src/session/session-log.js';

const dir = mkdtempSync(join(tmpdir(), 'netlens-spool-ring-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('spool ring', () => {
  it('keeps the newest parts under the cap; the oldest are deleted; the kept ones read back in order', () => {
    const opened = SessionLog.open({
      iface: 'eth0',
      filter: '',
      linkType: 1,
      snaplen: 65535,
      logDir: null,
      pcapPath: join(dir, 'session-1.pcap'),
      rotateBytes: 10_000,
      maxPcapBytes: 50_000,
    });
    if (!opened.ok) throw new Error(opened.error.message);
    const log = opened.value;
    const frame = Buffer.alloc(100, 7);
    for (let i = 0; i < 2000; i++)
      log.writePacket({
        buf: frame,
        offset: 0,
        capLen: 100,
        origLen: 100,
        tsSec: 1000 + i,
        tsNsec: 0,
        linkType: 1,
        ifIndex: 0,
      });
    log.close();
    const kept = log.files.pcaps;
    const onDisk = readdirSync(dir).filter((f) => f.endsWith('.pcap'));
    expect(onDisk.length).toBe(kept.length);
    const bytes = kept.reduce((n, f) => n + statSync(f).size, 0);
    expect(bytes).toBeLessThanOrEqual(50_000);
    expect(log.droppedParts).toBeGreaterThan(10);
    // what is kept is the end of the capture, whole: its last packet is the 2000th
    let packets = 0;
    let lastSec = 0;
    for (const f of kept) {
      const r = openCaptureFile(f);
      if (!r.ok) throw new Error(r.error.message);
      while (r.value.read((p) => ((packets += 1), (lastSec = p.tsSec))) > 0);
      r.value.close();
    }
    expect(lastSec).toBe(2999);
    expect(packets + log.droppedPackets).toBe(2000);
  });
});
