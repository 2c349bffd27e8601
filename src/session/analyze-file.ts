/**
 * Reads a whole capture file through the pipeline. readCaptureFile leaves the counted pipeline
 * (for a report written as a stream, or a summary); analyzeFile also builds the whole report.
 * A file that cannot be read as a capture is an error value.
 */
import type { AlertSettings } from '../api/alerts.js';
import type { AnalyzeReport, SourceInfo } from '../api/report.js';
import { ok, type Result } from '../api/errors.js';
import { openCaptureFile } from '../capture/capture-file.js';
import { PacketPipeline } from './pipeline.js';

export interface ReadFileResult {
  pipeline: PacketPipeline;
  source: SourceInfo;
}

export interface AnalyzeFileResult extends ReadFileResult {
  report: AnalyzeReport;
}

export interface AnalyzeFileOptions {
  top?: number;
  /** The detectors' settings, or false to run without them. */
  alerts?: AlertSettings | false;
}

/** Every packet of the file through a new pipeline, ended (detectors settled). */
export function readCaptureFile(path: string, opts: AnalyzeFileOptions = {}): Result<ReadFileResult> {
  const opened = openCaptureFile(path);
  if (!opened.ok) return opened;
  const reader = opened.value;
  const pipeline = new PacketPipeline({ topN: opts.top, alerts: opts.alerts });
  const push = (p: Parameters<PacketPipeline['push']>[0]): void => pipeline.push(p);
  try {
    while (reader.read(push, 65_536) > 0) {
      // keep reading
    }
  } finally {
    reader.close();
  }
  pipeline.end();
  const info = reader.info;
  const source: SourceInfo = {
    path: info.path,
    format: info.format,
    linkTypes: [...info.linkTypes],
    truncated: info.truncated,
    warnings: [...info.warnings],
  };
  return ok({ pipeline, source });
}

/** readCaptureFile, and the whole report (every conversation and endpoint as objects). */
export function analyzeFile(path: string, opts: AnalyzeFileOptions = {}): Result<AnalyzeFileResult> {
  const r = readCaptureFile(path, opts);
  if (!r.ok) return r;
  return ok({ ...r.value, report: r.value.pipeline.report(r.value.source) });
}
