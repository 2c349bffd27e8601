/**
 * export:run for a session: the session pcap (a live session's spooled or logged parts joined;
 * a file re-read and written as pcap), the flows CSV, the session JSON (the analyze report plus
 * the session and its alerts) and the HTML report. Failures are error values.
 */
import { closeSync, openSync, readSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { ok, type ErrorInfo, type Result } from '../api/errors.js';
import type { ChartImage, ExportKind } from '../api/views.js';
import { openCaptureFile } from '../capture/capture-file.js';
import { PcapWriter } from '../capture/pcap-writer.js';
import type { EngineSession } from '../session/engine-session.js';
import { htmlReport } from './html-report.js';
import { ioError, writeFlowsCsv } from '../session/session-log-files.js';

const PCAP_HEADER = 24;

export function runExport(
  session: EngineSession,
  kind: ExportKind,
  path: string,
  charts: ChartImage[] = [],
): Result<{ bytes: number }> {
  let err: ErrorInfo | null;
  switch (kind) {
    case 'pcap':
      err = exportPcap(session, path);
      break;
    case 'flows-csv':
      err = writeFlowsCsv(path, session.pipeline.flows(), 'export');
      break;
    case 'session-json':
      err = writeText(path, JSON.stringify(sessionJson(session), null, 1) + '\n');
      break;
    case 'html-report': {
      const info = session.info();
      err = writeText(
        path,
        htmlReport({
          report: report(session),
          session: info,
          alerts: session.allAlerts(),
          suggestions: session.suggestions(),
          charts,
          generatedAt: new Date(),
        }),
      );
      break;
    }
  }
  if (err) return { ok: false, error: err };
  try {
    return ok({ bytes: statSync(path).size });
  } catch (e) {
    return { ok: false, error: ioError(path, e, 'read back', 'export') };
  }
}

function report(session: EngineSession) {
  const info = session.info();
  const src = info.source;
  return session.pipeline.report({
    path: src ? (src.kind === 'live' ? `live:${src.name}` : src.name) : '',
    format: src?.kind === 'live' ? 'live' : src?.name.endsWith('.pcapng') ? 'pcapng' : 'pcap',
    linkTypes: src ? [...src.linkTypes] : [],
    truncated: false,
    warnings: info.warnings,
  });
}

function sessionJson(session: EngineSession): unknown {
  const alerts = session.allAlerts();
  return {
    generator: 'netlens',
    session: session.info(),
    report: { ...report(session), alerts, suggestions: session.suggestions() },
  };
}

function writeText(path: string, text: string): ErrorInfo | null {
  try {
    writeFileSync(path, text);
    return null;
  } catch (e) {
    return ioError(path, e, 'write', 'export');
  }
}

function exportPcap(session: EngineSession, path: string): ErrorInfo | null {
  const parts = session.pcapFiles();
  if (parts !== null) return joinPcaps(parts, path);
  const spec = session.spec;
  if (spec.kind !== 'file')
    return { code: 'not-found', message: 'this session kept no pcap', hint: 'start a new capture' };
  return rewriteAsPcap(spec.path, path);
}

/** The parts of one live session share a header: the first part whole, then the others' records. */
function joinPcaps(parts: string[], out: string): ErrorInfo | null {
  if (parts.length === 0)
    return {
      code: 'not-found',
      message: 'this session wrote no pcap (logging failed at start)',
      hint: 'start a new capture with logging to a folder that exists',
    };
  let fd: number;
  try {
    fd = openSync(out, 'w');
  } catch (e) {
    return ioError(out, e, 'create', 'export');
  }
  const buf = Buffer.allocUnsafe(1 << 20);
  try {
    parts.forEach((part, i) => {
      const inFd = openSync(part, 'r');
      try {
        let pos = i === 0 ? 0 : PCAP_HEADER;
        for (;;) {
          const n = readSync(inFd, buf, 0, buf.length, pos);
          if (n === 0) break;
          writeSync(fd, buf, 0, n);
          pos += n;
        }
      } finally {
        closeSync(inFd);
      }
    });
    return null;
  } catch (e) {
    return ioError(out, e, 'write', 'export');
  } finally {
    closeSync(fd);
  }
}

function rewriteAsPcap(src: string, out: string): ErrorInfo | null {
  const r = openCaptureFile(src, { regularOnly: true });
  if (!r.ok) return r.error;
  const reader = r.value;
  let writer: PcapWriter | null = null;
  let linkType = -1;
  let error: ErrorInfo | null = null;
  try {
    while (
      error === null &&
      reader.read((p) => {
        if (error !== null) return;
        if (writer === null) {
          linkType = p.linkType;
          const w = PcapWriter.open(out, {
            linkType,
            nanosecond: reader.info.interfaces.some((i) => i.tsResolution === 'ns'),
          });
          if (!w.ok) {
            error = w.error;
            return;
          }
          writer = w.value;
        }
        if (p.linkType !== linkType) {
          error = {
            code: 'unsupported-capture',
            message: `${src} mixes link types (${linkType} and ${p.linkType}); a pcap file holds one`,
            hint: 'export it from the original with editcap, one interface at a time',
          };
          return;
        }
        if (!writer.write(p)) error = writer.error;
      }, 4096) > 0
    );
  } finally {
    reader.close();
    (writer as PcapWriter | null)?.close();
  }
  if (error) return error;
  if (writer === null)
    return { code: 'not-found', message: `${src} holds no packets`, hint: 'there is nothing to export' };
  return (writer as PcapWriter).error;
}
