/**
 * Decoder-test helper: every frame of a sample capture, read with the project's capture reader and
 * passed to a callback (buffer valid only during it), or copied out for tests that keep frames.
 */
import { openCaptureFile } from '../../src/capture/capture-file.js';
import type { RawPacket } from '../../src/capture/raw-packet.js';

/** Calls onFrame(packet, index) for every frame; returns the number of frames. Throws if the file cannot be opened. */
export function forEachFrame(path: string, onFrame: (p: RawPacket, index: number) => void): number {
  const r = openCaptureFile(path);
  if (!r.ok) throw new Error(`${r.error.message} (${r.error.hint})`);
  const reader = r.value;
  let i = 0;
  while (reader.read((p) => onFrame(p, i++), 65536) > 0) {
    // next batch
  }
  reader.close();
  return i;
}

export interface CopiedFrame {
  data: Buffer;
  linkType: number;
}

/** The frames of a capture, each copied into its own Buffer. */
export function copyFrames(path: string): CopiedFrame[] {
  const frames: CopiedFrame[] = [];
  forEachFrame(path, (p) => {
    frames.push({ data: Buffer.from(p.buf.subarray(p.offset, p.offset + p.capLen)), linkType: p.linkType });
  });
  return frames;
}
