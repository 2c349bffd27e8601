/**
 * Alerts and suggestions as terminal text: one line per alert (stderr while a capture runs), and
 * sections for the end-of-run summary. Every network-derived string is already cleaned by the
 * engine; it is cleaned again here because a terminal is where control characters do harm.
 */
import type { Alert, Suggestion } from '../api/alerts.js';
import { cleanText } from './summary-format.js';

function clock(t: number): string {
  const d = new Date(t * 1000);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}:${String(d.getSeconds()).padStart(2, '0')}`;
}

/** "netlens: alert [warning] port-scan: 10.0.0.5 tried 1,000 TCP ports on ..." */
export function alertLine(a: Alert, change: 'new' | 'update' = 'new'): string {
  const what = change === 'new' ? 'alert' : 'alert update';
  return `netlens: ${what} [${a.severity}] ${a.type} (${clock(a.firstTime)}): ${cleanText(a.summary, 400)}\n`;
}

export function suggestionLine(s: Suggestion): string {
  return `netlens: suggestion [${s.kind}] ${cleanText(s.title, 200)}\n`;
}

/** The "Alerts" and "Suggestions" sections of a text report ('' when there are none). */
export function alertSections(alerts: readonly Alert[], suggestions: readonly Suggestion[]): string {
  let out = '';
  if (alerts.length > 0) {
    out += '\nAlerts\n';
    for (const a of alerts) out += `  ${a.severity.padEnd(8)} ${a.type.padEnd(16)} ${cleanText(a.summary, 400)}\n`;
  }
  if (suggestions.length > 0) {
    out += '\nSuggestions\n';
    for (const s of suggestions) {
      out += `  ${cleanText(s.title, 200)}\n`;
      out += `    Why: ${cleanText(s.why, 800)}\n`;
      out += `    What to do: ${cleanText(s.action, 800)}\n`;
    }
  }
  return out;
}
