/** Writes `count` packets, each a new UDP or TCP flow, to `path`; returns the file's size (see flows-capture.js). */
export function writeFlowsCapture(path: string, count: number, opts?: { spoofed?: boolean }): number;
