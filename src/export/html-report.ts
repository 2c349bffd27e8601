/**
 * The HTML report: one self-contained page (inline CSS, charts as PNG data URLs, no script) with
 * the session's figures, top hosts, protocols, flows, alerts and suggestions. Every string is
 * escaped: names from the network are text, never markup. The page's own CSP forbids scripts.
 */
import type { AlertDto, SuggestionDto } from '../api/alerts-view.js';
import type { AnalyzeReport, Endpoint } from '../api/report.js';
import type { SessionInfo } from '../api/session.js';
import type { ChartImage } from '../api/views.js';

const PNG_DATA_URL = /^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/;

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function fmtBytes(n: number): string {
  const u = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  let v = n;
  while (v >= 1000 && i < u.length - 1) {
    v /= 1000;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${u[i]}`;
}

function time(sec: number | null): string {
  return sec === null
    ? '—'
    : new Date(sec * 1000)
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, ' UTC');
}

function table(head: string[], rows: (string | number)[][]): string {
  if (rows.length === 0) return '<p class="none">None.</p>';
  const th = head.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const tr = rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(String(c))}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${tr}\n</tbody></table>`;
}

function hosts(list: Endpoint[], by: 'tx' | 'rx'): string {
  return table(
    ['Address', 'Name', by === 'tx' ? 'Sent' : 'Received', 'Packets'],
    list.map((e) => [
      e.address,
      e.name ?? '',
      fmtBytes(by === 'tx' ? e.txBytes : e.rxBytes),
      by === 'tx' ? e.txPackets : e.rxPackets,
    ]),
  );
}

export interface HtmlReportInput {
  report: AnalyzeReport;
  session: SessionInfo;
  alerts: AlertDto[];
  suggestions: SuggestionDto[];
  charts: ChartImage[];
  generatedAt: Date;
}

export function htmlReport(x: HtmlReportInput): string {
  const r = x.report;
  const src = x.session.source;
  const title = `NetLens report — ${src ? src.name : 'session'}`;
  const charts = x.charts
    .filter((c) => PNG_DATA_URL.test(c.dataUrl))
    .map(
      (c) =>
        `<figure><img alt="${escapeHtml(c.title)}" src="${c.dataUrl}"><figcaption>${escapeHtml(c.title)}</figcaption></figure>`,
    )
    .join('\n');
  const protocols = Object.entries(r.protocols)
    .sort((a, b) => b[1].packets - a[1].packets)
    .slice(0, 30)
    .map(([p, c]) => [p, c.packets, fmtBytes(c.bytes)]);
  const flows = [
    ...r.conversations.tcp.map((c) => ({ ...c, proto: 'tcp' })),
    ...r.conversations.udp.map((c) => ({ ...c, proto: 'udp' })),
  ]
    .sort((a, b) => b.bytesAtoB + b.bytesBtoA - (a.bytesAtoB + a.bytesBtoA))
    .slice(0, 50)
    .map((c) => [
      c.proto,
      `${c.a}:${c.aPort}`,
      r.hostnames[c.a] ?? '',
      `${c.b}:${c.bPort}`,
      r.hostnames[c.b] ?? '',
      c.service,
      c.packetsAtoB + c.packetsBtoA,
      fmtBytes(c.bytesAtoB + c.bytesBtoA),
      c.duration.toFixed(3),
    ]);
  const alerts = x.alerts.map((a) => [a.severity, a.type, time(a.firstTime), a.summary]);
  const suggestions = x.suggestions
    .map(
      (s) =>
        `<section class="suggestion"><h3>${escapeHtml(s.title)}</h3><p><b>Why:</b> ${escapeHtml(s.why)}</p><p><b>What to do:</b> ${escapeHtml(s.action)}</p></section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; color: #1b1f24; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2rem; border-bottom: 1px solid #ccd; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; } th, td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid #e3e6ea; word-break: break-all; }
th { background: #f3f5f8; } figure { display: inline-block; margin: .5rem; } img { max-width: 100%; border: 1px solid #e3e6ea; }
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); gap: .5rem; } .figures div { background: #f3f5f8; padding: .6rem; border-radius: 6px; }
.figures b { display: block; font-size: 1.2rem; } .none { color: #667; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>Generated ${escapeHtml(x.generatedAt.toISOString())} by NetLens. Source: ${escapeHtml(src ? `${src.kind === 'live' ? 'live capture on' : 'file'} ${src.name}${src.filter ? ` (filter: ${src.filter})` : ''}` : '—')}.</p>
<div class="figures">
<div>Packets<b>${r.packets.toLocaleString('en-US')}</b></div>
<div>Bytes<b>${escapeHtml(fmtBytes(r.bytes))}</b></div>
<div>Duration<b>${r.durationSec.toFixed(1)} s</b></div>
<div>First packet<b>${escapeHtml(time(r.firstTime))}</b></div>
<div>Flows<b>${(r.conversations.tcp.length + r.conversations.udp.length).toLocaleString('en-US')}</b></div>
<div>Retransmissions<b>${r.retransmissions.ratePct}%</b></div>
</div>
${charts ? `<h2>Charts</h2>\n${charts}` : ''}
<h2>Alerts</h2>
${table(['Severity', 'Type', 'First seen', 'Summary'], alerts)}
<h2>Suggestions</h2>
${suggestions || '<p class="none">None.</p>'}
<h2>Top talkers</h2>
${hosts(r.topTalkers, 'tx')}
<h2>Top listeners</h2>
${hosts(r.topListeners, 'rx')}
<h2>Protocols</h2>
${table(['Protocol', 'Packets', 'Bytes'], protocols)}
<h2>Largest flows</h2>
${table(['Proto', 'A', 'A name', 'B', 'B name', 'Service', 'Packets', 'Bytes', 'Duration (s)'], flows)}
</body>
</html>
`;
}
