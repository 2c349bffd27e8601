/**
 * Webhooks never reach cloud metadata or link-local addresses unless the settings allow private
 * targets: not as a literal address in the URL (refused when saved, and by the transport), and
 * not through a name that resolves there (refused when connecting).
 */
import { createServer, type Server } from 'node:http';
import type { LookupFunction } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/api/alerts.js';
import { defaultWebhookSettings, resolveAlertConfig } from '../../src/alerts/config.js';
import { DeliveryError } from '../../src/alerts/delivery/channel.js';
import { webhookTransport } from '../../src/alerts/delivery/webhook.js';
import { refusedTarget } from '../../src/alerts/delivery/webhook-target.js';
import { validateSettingsPatch } from '../../src/service/settings-schema.js';
import { DEFAULT_SETTINGS } from '../../src/service/settings-schema.js';

const event: AlertEvent = {
  change: 'new',
  alert: {
    id: 'a1',
    type: 'port-scan',
    severity: 'warning',
    firstTime: 1,
    lastTime: 2,
    source: '10.0.0.5',
    target: '10.0.0.2',
    summary: 'a scan',
    evidence: {},
    updates: 0,
  },
};

const servers: Server[] = [];
afterAll(() => servers.forEach((s) => s.close()));

async function receiver(): Promise<{ port: number; hits: () => number }> {
  let hits = 0;
  const s = createServer((req, res) => {
    hits++;
    req.resume();
    res.end('ok');
  });
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return { port: (s.address() as { port: number }).port, hits: () => hits };
}

/** A resolver that answers every name with `address` (what a hostile DNS name would do). */
const resolvesTo =
  (address: string): LookupFunction =>
  (_host, options, cb) => {
    if ((options as { all?: boolean }).all)
      (cb as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family: 4 }]);
    else cb(null, address, 4);
  };

describe('webhook targets', () => {
  it('refuses link-local, metadata and no-host addresses in every spelling; allows public, LAN and loopback', () => {
    for (const a of [
      '169.254.169.254',
      '[fe80::1]',
      '::ffff:169.254.169.254',
      '64:ff9b::a9fe:a9fe',
      '100.100.100.200',
      '168.63.129.16',
      '[fd00:ec2::254]',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
    ])
      expect(refusedTarget(a), a).not.toBeNull();
    for (const a of ['93.184.216.34', '192.168.1.10', '10.0.0.2', '127.0.0.1', '[::1]', 'hooks.example.com'])
      expect(refusedTarget(a), a).toBeNull();
    // the URL parser turns other spellings into the dotted form before the check sees them
    expect(new URL('http://0xa9fea9fe/').hostname).toBe('169.254.169.254');
  });

  it('an alerts config or a settings:set with a metadata URL is refused, unless allowPrivateTargets', () => {
    const r = resolveAlertConfig({ delivery: { webhook: { url: 'http://169.254.169.254/latest/meta-data/' } } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/metadata|link-local/);
    expect(
      resolveAlertConfig({ delivery: { webhook: { url: 'http://169.254.169.254/', allowPrivateTargets: true } } }).ok,
    ).toBe(true);
    const delivery = structuredClone(DEFAULT_SETTINGS.delivery);
    delivery.webhook = { enabled: true, url: 'http://[fe80::1]:8080/hook', minSeverity: 'warning' };
    const s = validateSettingsPatch({ delivery });
    expect(s.ok).toBe(false);
    if (!s.ok) expect(s.error.message).toMatch(/link-local/);
    delivery.webhook.allowPrivateTargets = true;
    expect(validateSettingsPatch({ delivery }).ok).toBe(true);
  });

  it('the transport refuses a literal metadata address without connecting, and a name that resolves there', async () => {
    const literal = webhookTransport(defaultWebhookSettings('http://169.254.169.254/'));
    const t0 = performance.now();
    const e1 = await literal(event, new AbortController().signal).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(DeliveryError);
    expect((e1 as DeliveryError).retry).toBe(false);
    expect(performance.now() - t0).toBeLessThan(1000); // no connection attempt timing out
    const rec = await receiver();
    // a name that resolves to a link-local address: refused before any byte leaves
    const named = webhookTransport(
      defaultWebhookSettings(`http://metadata.example:${rec.port}/`),
      resolvesTo('169.254.169.254'),
    );
    const e2 = await named(event, new AbortController().signal).catch((e: unknown) => e);
    expect(e2).toBeInstanceOf(DeliveryError);
    expect((e2 as DeliveryError).message).toMatch(/metadata.example resolves to 169\.254\.169\.254/);
    expect((e2 as DeliveryError).retry).toBe(false);
    // the same receiver through a name that resolves to loopback is reached
    const fine = webhookTransport(defaultWebhookSettings(`http://hooks.example:${rec.port}/`), resolvesTo('127.0.0.1'));
    await fine(event, new AbortController().signal);
    expect(rec.hits()).toBe(1);
  });
});
