/** Export kinds as the menu lists them, and the file names offered for them. */
import type { ExportKind } from '../../src/api/views.js';

export const EXPORT_KINDS: { kind: ExportKind; label: string; ext: string }[] = [
  { kind: 'pcap', label: 'Session capture (pcap)', ext: 'pcap' },
  { kind: 'flows-csv', label: 'Flows (CSV)', ext: 'csv' },
  { kind: 'session-json', label: 'Session (JSON)', ext: 'json' },
  { kind: 'html-report', label: 'Report (HTML with charts)', ext: 'html' },
];

export function exportLabel(kind: ExportKind): string {
  return EXPORT_KINDS.find((k) => k.kind === kind)?.label ?? kind;
}
