/**
 * Reads a whole capture file through the pipeline. Returns the report, or an error value for a
 * file that cannot be read as a capture.
 */
import type { AlertSettings } from '../api/alerts.js';
import type { AnalyzeReport } from '../api/report.js';
import { ok, type Result } from '../api/errors.js';
import { openCaptureFile } from '../capture/capture-file.js';
import { PacketPipeline } from './pipeline.js';

export interface AnalyzeFileResult {
  report: AnalyzeReport;
  pipeline: PacketPipeline;
}

/** `alerts`: the detectors' settings, or false to run without them. */
export function analyzeFile(
  path: string,
  opts: { top?: number; alerts?: AlertSettings | false } = {},
): Result<AnalyzeFileResult> {
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
  const report = pipeline.report({
    path: info.path,
    format: info.format,
    linkTypes: [...info.linkTypes],
    truncated: info.truncated,
    warnings: [...info.warnings],
  });
  return ok({ report, pipeline });
}
