/**
 * The configured delivery channels, fed from an alert engine:
 *
 *   const delivery = new AlertDelivery(config.delivery);
 *   const off = delivery.attach(pipeline.alerts);   // each alert event is offered to each channel
 *   delivery.status();                              // ChannelStatus per channel (sent, failed, queued...)
 *   await delivery.close(2000);                     // at stop: a bounded grace to deliver what is queued
 *
 * Offering only enqueues: a slow, failing or hanging receiver never holds up the packet path.
 */
import type { AlertEvent, ChannelStatus, DeliverySettings } from '../../api/alerts.js';
import type { AlertEngine } from '../alert-engine.js';
import { Channel } from './channel.js';
import { emailTransport } from './email.js';
import { webhookTransport } from './webhook.js';

export class AlertDelivery {
  readonly channels: Channel[] = [];

  constructor(settings: DeliverySettings) {
    if (settings.webhook?.enabled)
      this.channels.push(new Channel('webhook', settings.webhook, webhookTransport(settings.webhook)));
    if (settings.email?.enabled)
      this.channels.push(new Channel('email', settings.email, emailTransport(settings.email)));
  }

  get empty(): boolean {
    return this.channels.length === 0;
  }

  offer(e: AlertEvent): void {
    for (const c of this.channels) c.offer(e);
  }

  attach(engine: AlertEngine): () => void {
    return engine.on('alert', (e) => this.offer(e));
  }

  status(): ChannelStatus[] {
    return this.channels.map((c) => c.status());
  }

  async close(graceMs = 2000): Promise<void> {
    await Promise.all(this.channels.map((c) => c.close(graceMs)));
  }
}
