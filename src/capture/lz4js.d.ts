/** The one function NetLens uses from lz4js (it ships no types): see lz4-frame.ts. */
declare module 'lz4js' {
  /** Decompresses the LZ4 block src[sIndex, sIndex + sLength) into dst from dIndex; returns the end index in dst. */
  export function decompressBlock(
    src: Uint8Array,
    dst: Uint8Array,
    sIndex: number,
    sLength: number,
    dIndex: number,
  ): number;
}
