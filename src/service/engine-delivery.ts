/**
 * Alert delivery for the desktop app and `netlens serve`: the channels set in Settings → Delivery
 * (a webhook, email over SMTP), checked the way `--alerts-config` checks them, offered every
 * alert event of a live session. Offering only enqueues (src/alerts/delivery/): a failing
 * receiver never slows the capture. Opened files are not delivered: an old capture's alerts are
 * news to nobody.
 */
import type { AlertEvent, ChannelStatus, DeliverySettings } from '../api/alerts.js';
import { fail, ok, type Result } from '../api/errors.js';
import type { DeliverySettings as AppDeliverySettings } from '../api/settings.js';
import { resolveAlertConfig } from '../alerts/config.js';
import { AlertDelivery } from '../alerts/delivery/alert-delivery.js';

/** The channels the app's delivery settings describe (none when neither is enabled), or why they are not valid. */
export function deliveryChannels(d: AppDeliverySettings): Result<DeliverySettings> {
  const file: Record<string, unknown> = {};
  if (d.webhook.enabled)
    file.webhook = {
      url: d.webhook.url,
      minSeverity: d.webhook.minSeverity,
      allowPrivateTargets: d.webhook.allowPrivateTargets === true,
    };
  if (d.email.enabled) {
    const e = d.email;
    file.email = {
      host: e.host,
      port: e.port,
      security: e.secure ? 'tls' : 'starttls',
      user: e.user,
      password: e.password,
      from: e.from,
      to: e.to.split(/[\s,;]+/).filter((x) => x !== ''),
      minSeverity: e.minSeverity,
    };
  }
  const r = resolveAlertConfig({ delivery: file });
  if (!r.ok)
    return fail(
      'invalid-argument',
      r.error.message.replace(/^alert settings: delivery\./, 'delivery: '),
      'fix it in Settings → Delivery, or turn that channel off',
    );
  return ok(r.value.delivery);
}

export class EngineDelivery {
  private current: AlertDelivery | null = null;
  private key = '';

  /** Follows the settings: channels whose settings changed are replaced (the old ones get a short grace to finish). */
  configure(d: AppDeliverySettings): void {
    const r = deliveryChannels(d);
    const channels = r.ok ? r.value : { webhook: null, email: null };
    const key = JSON.stringify(channels);
    if (key === this.key) return;
    this.key = key;
    void this.current?.close(2000);
    const next = new AlertDelivery(channels);
    this.current = next.empty ? null : next;
  }

  offer(e: AlertEvent): void {
    this.current?.offer(e);
  }

  status(): ChannelStatus[] {
    return this.current?.status() ?? [];
  }

  async close(graceMs = 2000): Promise<void> {
    const c = this.current;
    this.current = null;
    this.key = '';
    await c?.close(graceMs);
  }
}
