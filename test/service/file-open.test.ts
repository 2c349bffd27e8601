/**
 * file:open takes regular files only (a FIFO or a device must not block the engine), keeps the
 * running session when the new file cannot be opened, and says what was wrong with a file
 * without ever repeating its bytes.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EventMap, EventName } from '../../src/api/contract.js';
import type { SessionInfo } from '../../src/api/session.js';
import { EngineService } from '../../src/service/engine-service.js';
import { writeMarkupCapture } from '../helpers/markup-capture.js';

const dir = mkdtempSync(join(tmpdir(), 'nl-file-open-'));
const services: EngineService[] = [];
afterAll(() => {
  for (const s of services) s.dispose();
  rmSync(dir, { recursive: true, force: true });
});

function service() {
  const events: { event: EventName; data: unknown }[] = [];
  const svc = new EngineService({
    emit: <E extends EventName>(event: E, data: EventMap[E]) => events.push({ event, data }),
    probe: false,
  });
  services.push(svc);
  return { svc, events };
}

async function stopped(events: { event: EventName; data: unknown }[], id: number): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (
      events.some(
        (e) => e.event === 'state' && (e.data as SessionInfo).id === id && (e.data as SessionInfo).state === 'stopped',
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('the file was not read to the end');
}

describe('file:open', () => {
  it('refuses a FIFO and a device at once, naming what they are, and the engine goes on answering', async () => {
    const { svc } = service();
    const fifo = join(dir, 'capture.pcap');
    execFileSync('mkfifo', [fifo]);
    // on main the open blocked the whole process until a writer came: this one never does
    const r = await svc.handle('file:open', { path: fifo });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('not-a-capture');
      expect(r.error.message).toBe(
        `${fifo} is a FIFO (named pipe), not a capture file: expected a regular .pcap or .pcapng file`,
      );
    }
    const dev = await svc.handle('file:open', { path: '/dev/zero' });
    expect(!dev.ok && dev.error.message).toMatch(/^\/dev\/zero is a character device, not a capture file/);
    expect((await svc.handle('alerts:list', {})).ok).toBe(true);
  });

  it('a file that cannot be opened leaves the running session as it was', async () => {
    const { svc, events } = service();
    const good = join(dir, 'markup.pcap');
    writeMarkupCapture(good);
    const opened = await svc.handle('file:open', { path: good });
    if (!opened.ok) throw new Error(opened.error.message);
    const id = (opened.value as SessionInfo).id;
    await stopped(events, id);
    const before = events.length;
    for (const path of [join(dir, 'missing.pcap'), '/dev/zero', dir]) {
      const r = await svc.handle('file:open', { path });
      expect(r.ok, path).toBe(false);
    }
    expect(svc.current?.id).toBe(id);
    expect(svc.current?.info().stopReason).toBe('end-of-file');
    const page = await svc.handle('flows:page', { offset: 0, limit: 10, sort: 'bytes', descending: true, search: '' });
    expect(page.ok).toBe(true);
    // and no event said the old session was replaced
    expect(events.slice(before).filter((e) => e.event === 'state')).toEqual([]);
  });

  it('an opened file replaces the session with no event of the old one after the new one', async () => {
    const { svc, events } = service();
    const good = join(dir, 'markup2.pcap');
    writeMarkupCapture(good);
    const a = await svc.handle('file:open', { path: good });
    if (!a.ok) throw new Error(a.error.message);
    const b = await svc.handle('file:open', { path: good });
    if (!b.ok) throw new Error(b.error.message);
    const newId = (b.value as SessionInfo).id;
    await stopped(events, newId);
    const firstOfNew = events.findIndex((e) => (e.data as { id?: number; session?: { id: number } }).id === newId);
    const after = events.slice(firstOfNew);
    expect(after.filter((e) => e.event === 'state').every((e) => (e.data as SessionInfo).id === newId)).toBe(true);
  });

  it('a file that is not a capture is named with what was expected, never with its bytes', async () => {
    const { svc } = service();
    const secret = join(dir, 'shadow');
    writeFileSync(secret, 'root:$6$saltsalt$hashhashhash:19000:0:99999:7:::\n');
    const r = await svc.handle('file:open', { path: secret });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const text = `${r.error.message} ${r.error.hint}`;
    expect(r.error.message).toBe(`${secret} is not a capture file: expected a pcap or pcapng header`);
    expect(text).not.toMatch(/72 6f 6f 74|root|\$6\$/);
  });
});
