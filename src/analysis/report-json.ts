/**
 * The whole report as JSON text in pieces: the same text JSON.stringify(buildReport(...)) gives,
 * but with every conversation and endpoint made and written a batch at a time, so a capture of
 * millions of flows never holds its report as objects or as one string (V8 refuses strings past
 * about 512 MB: "Invalid string length"). The consumer writes each piece before asking the next.
 */
import type { AnalyzeReport, SourceInfo } from '../api/report.js';
import type { Analyzer } from './analyzer.js';
import { buildReport, type ReportOptions } from './report-builder.js';
import { conversationJson, endpointOrder, endpointRow, type ConversationSource } from './report-rows.js';

/** Rows per piece: pieces of roughly 100–250 KB. */
const BATCH_ROWS = 1000;

/**
 * Yields the report's JSON text. `finish` fills in what the analyzer does not hold (alerts,
 * suggestions) on the report before it is written.
 */
export function* reportJson(
  an: Analyzer,
  source: SourceInfo,
  opts: Omit<ReportOptions, 'rows'> = {},
  finish: (r: AnalyzeReport) => void = () => {},
): Generator<string> {
  const order = endpointOrder(an);
  const head = buildReport(an, source, { ...opts, rows: 'none' }, order);
  finish(head);
  let sep = '{';
  for (const [key, value] of Object.entries(head)) {
    const name = `${sep}${JSON.stringify(key)}:`;
    sep = ',';
    if (key === 'conversations') {
      yield `${name}{"ip":`;
      yield* rows(an.ipConversations, (id) => conversationJson(an, an.ipConversations, id, false));
      yield ',"tcp":';
      yield* rows(an.tcpStreams, (id) => conversationJson(an, an.tcpStreams, id, true));
      yield ',"udp":';
      yield* rows(an.udpConversations, (id) => conversationJson(an, an.udpConversations, id, true));
      yield '}';
    } else if (key === 'endpoints') {
      yield name;
      yield* list(order, (id) => JSON.stringify(endpointRow(an, id)));
    } else yield name + JSON.stringify(value);
  }
  yield '}';
}

function* rows(t: ConversationSource, row: (id: number) => string): Generator<string> {
  function* ids(): Generator<number> {
    for (let id = 0; id < t.end; id++) if (t.isLive(id)) yield id;
  }
  yield* list(ids(), row);
}

function* list(ids: Iterable<number>, row: (id: number) => string): Generator<string> {
  let batch: string[] = [];
  let first = true;
  for (const id of ids) {
    batch.push(row(id));
    if (batch.length === BATCH_ROWS) {
      yield (first ? '[' : ',') + batch.join(',');
      first = false;
      batch = [];
    }
  }
  yield (first ? '[' : batch.length > 0 ? ',' : '') + batch.join(',') + ']';
}
