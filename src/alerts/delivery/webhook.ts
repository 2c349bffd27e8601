/**
 * Webhook delivery: an HTTP(S) POST of the alert as JSON. The body carries the alert itself
 * (`alert`, `change`) and a ready-made line of text under the keys chat tools read (`text` for
 * Slack and Mattermost, `content` for Discord), so one URL works for all of them and for SMS
 * gateways that take a message field. 2xx is delivered; 408, 429, 5xx and network errors are
 * retried; other 4xx are not (the request itself is wrong).
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AlertEvent, WebhookSettings } from '../../api/alerts.js';
import { cleanText } from '../summary-format.js';
import type { LookupFunction } from 'node:net';
import { DeliveryError, type Transport } from './channel.js';
import { guardedLookup, PRIVATE_TARGETS_HINT, REFUSED_TARGET, refusedTarget } from './webhook-target.js';

export function webhookBody(e: AlertEvent): string {
  const a = e.alert;
  const line = `NetLens ${e.change === 'new' ? 'alert' : 'alert update'} [${a.severity}] ${a.type}: ${cleanText(a.summary, 1000)}`;
  return JSON.stringify({ text: line, content: line.slice(0, 2000), source: 'netlens', change: e.change, alert: a });
}

export function webhookTransport(s: WebhookSettings, resolver?: LookupFunction): Transport {
  const url = new URL(s.url);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const refused = s.allowPrivateTargets ? null : refusedTarget(url.hostname);
  const lookup = s.allowPrivateTargets ? resolver : guardedLookup(resolver);
  return (e, signal) =>
    new Promise<void>((resolve, reject) => {
      if (refused) return reject(new DeliveryError(`webhook refused: ${refused} (${PRIVATE_TARGETS_HINT})`, false));
      const body = Buffer.from(webhookBody(e), 'utf8');
      const req = send(
        url,
        {
          method: 'POST',
          signal,
          ...(lookup ? { lookup } : {}),
          headers: {
            ...s.headers,
            'content-type': 'application/json; charset=utf-8',
            'content-length': body.length,
            'user-agent': 'netlens',
          },
        },
        (res) => {
          res.resume(); // the answer's body is not needed
          const code = res.statusCode ?? 0;
          res.on('end', () => {
            if (code >= 200 && code < 300) resolve();
            else
              reject(
                new DeliveryError(`the webhook answered HTTP ${code}`, code === 408 || code === 429 || code >= 500),
              );
          });
          res.on('error', (err) => reject(new DeliveryError(`the webhook's answer broke off: ${err.message}`, true)));
        },
      );
      req.on('error', (err: NodeJS.ErrnoException) =>
        reject(
          signal.aborted
            ? signal.reason
            : err.code === REFUSED_TARGET
              ? new DeliveryError(`webhook refused: ${err.message} (${PRIVATE_TARGETS_HINT})`, false)
              : new DeliveryError(`cannot reach the webhook ${url.host}: ${err.message}`, true),
        ),
      );
      req.end(body);
    });
}
