/**
 * The report written as a stream is the report: for every sample, the pieces joined are the
 * exact text JSON.stringify gives for the whole report built as objects, and each piece is small.
 */
import { describe, expect, it } from 'vitest';
import { readCaptureFile } from '../../src/session/analyze-file.js';
import { HAVE_SHARED, SKIP_REASON, sampleNames, samplePath } from '../helpers/shared-pcaps.js';

describe.skipIf(!HAVE_SHARED)('report as a stream', () => {
  it.each(sampleNames())('%s: the same text as the whole report, in bounded pieces', (name) => {
    const r = readCaptureFile(samplePath(name));
    if (!r.ok) throw new Error(r.error.message);
    const { pipeline, source } = r.value;
    const pieces = [...pipeline.reportJson(source)];
    const whole = JSON.stringify(pipeline.report(source));
    expect(pieces.join('')).toBe(whole);
    const rows = pipeline.analyzer.tcpStreams.size + pipeline.analyzer.udpConversations.size;
    // rows come 1,000 to a piece: a capture with many flows is never one string
    if (rows > 2000) expect(pieces.length).toBeGreaterThan(rows / 1000);
    expect(JSON.parse(whole).counts.tcp).toBe(pipeline.analyzer.tcpStreams.size);
  });
});

describe.skipIf(HAVE_SHARED)('report as a stream (skipped)', () => {
  it.skip(SKIP_REASON, () => {});
});
