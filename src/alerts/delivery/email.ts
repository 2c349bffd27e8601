/**
 * Email delivery: one plain-text message per alert through the SMTP client. Header values are
 * single lines (CR/LF removed) and the subject is RFC 2047-encoded when it is not plain ASCII,
 * so network text in a summary cannot add headers.
 */
import { randomBytes } from 'node:crypto';
import type { AlertEvent, EmailSettings } from '../../api/alerts.js';
import { cleanText } from '../summary-format.js';
import type { Transport } from './channel.js';
import { sendMail } from './smtp-client.js';

function headerText(s: string): string {
  const one = s.replace(/[\r\n]+/g, ' ');
  if (/^[\x20-\x7e]*$/.test(one)) return one;
  return `=?UTF-8?B?${Buffer.from(one, 'utf8').toString('base64')}?=`;
}

export function emailMessage(s: EmailSettings, e: AlertEvent, now = new Date()): string {
  const a = e.alert;
  const subject = headerText(`[NetLens] ${a.severity}: ${cleanText(a.summary, 140)}`);
  const domain = s.from.split('@')[1] ?? 'netlens.local';
  const iso = (t: number): string => new Date(t * 1000).toISOString();
  const lines = [
    `From: NetLens <${s.from}>`,
    `To: ${s.to.join(', ')}`,
    `Subject: ${subject}`,
    `Date: ${now.toUTCString()}`,
    `Message-ID: <${randomBytes(12).toString('hex')}@${domain}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    'Auto-Submitted: auto-generated',
    '',
    cleanText(a.summary, 2000),
    '',
    `Type:      ${a.type}${e.change === 'update' ? ' (update of an ongoing incident)' : ''}`,
    `Severity:  ${a.severity}`,
    `Source:    ${cleanText(a.source, 200) || '-'}`,
    `Target:    ${cleanText(a.target, 200) || '-'}`,
    `From:      ${iso(a.firstTime)}`,
    `Until:     ${iso(a.lastTime)}`,
    `Alert id:  ${a.id}`,
    '',
    'Evidence:',
    JSON.stringify(a.evidence, null, 2),
    '',
    '-- ',
    'Sent by NetLens. Change or turn off these emails in the alert settings.',
  ];
  return lines.join('\r\n') + '\r\n';
}

export function emailTransport(s: EmailSettings): Transport {
  return (e, signal) =>
    sendMail(
      {
        host: s.host,
        port: s.port,
        security: s.security,
        user: s.user,
        password: s.password,
        allowInvalidCertificate: s.allowInvalidCertificate,
      },
      { from: s.from, to: s.to, data: emailMessage(s, e) },
      signal,
    );
}
