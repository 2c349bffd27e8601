/**
 * Fixed-layout rows in typed arrays: the analyzer's flow, conversation and stream tables keep
 * each row as a few dozen bytes here instead of a JS object per row. Rows live in chunks of
 * CHUNK_ROWS, so a table grows without copying and wastes at most one chunk; each chunk is one
 * ArrayBuffer seen as 64-bit floats (times) and as 32-bit words (ids, ports, flags, counters),
 * and a row's fields sit together (one or two cache lines per packet, not one per field).
 *
 * Layout of a row: `f64Fields` doubles, then `u32Fields` words; u32 word 0 is the row's flags,
 * bit 0 of which (LIVE) says the row is in use. Counters kept in 32-bit words carry into a
 * sparse table of high words when they pass 2^32 (see addWide), so they stay exact.
 *
 * Rows are released (live expiry) onto a free list and handed out again, zeroed.
 */
export const CHUNK_BITS = 14;
export const CHUNK_ROWS = 1 << CHUNK_BITS;
export const ROW_MASK = CHUNK_ROWS - 1;
/** Bit 0 of a row's flags word: the row is in use. */
export const LIVE = 1;
const TWO_32 = 4294967296;

export class RecordStore {
  /** Per chunk: its 32-bit words and its doubles (two views of one buffer). */
  readonly u: Uint32Array[] = [];
  readonly f: Float64Array[] = [];
  /** Words per row, doubles per row (0 when the layout has no doubles), and where the words start. */
  readonly uStride: number;
  readonly fStride: number;
  readonly uBase: number;
  /** Rows in use. */
  live = 0;
  /** One past the highest row id handed out: iterate 0..end and skip rows that are not live. */
  end = 0;
  private free = new Int32Array(64);
  private freeCount = 0;
  /** High words of 32-bit counters past 2^32, keyed by `id * uStride + word`. */
  private readonly high = new Map<number, number>();

  constructor(f64Fields: number, u32Fields: number) {
    const bytes = f64Fields * 8 + u32Fields * 4;
    const stride = f64Fields > 0 ? Math.ceil(bytes / 8) * 8 : bytes;
    this.uStride = stride / 4;
    this.fStride = f64Fields > 0 ? stride / 8 : 0;
    this.uBase = f64Fields * 2;
  }

  /** A zeroed live row: a released one if there is one, else the next id. */
  alloc(): number {
    let id: number;
    if (this.freeCount > 0) id = this.free[--this.freeCount];
    else {
      id = this.end++;
      if (id >>> CHUNK_BITS >= this.u.length) this.addChunk();
    }
    this.live++;
    this.u[id >>> CHUNK_BITS][(id & ROW_MASK) * this.uStride + this.uBase] = LIVE;
    return id;
  }

  /** Gives the row back: it is zeroed (not live) and handed out again by alloc(). */
  release(id: number): void {
    const u = this.u[id >>> CHUNK_BITS];
    const at = (id & ROW_MASK) * this.uStride;
    u.fill(0, at, at + this.uStride);
    if (this.high.size > 0) for (let j = 0; j < this.uStride; j++) this.high.delete(id * this.uStride + j);
    if (this.freeCount === this.free.length) {
      const next = new Int32Array(this.free.length * 2);
      next.set(this.free);
      this.free = next;
    }
    this.free[this.freeCount++] = id;
    this.live--;
  }

  isLive(id: number): boolean {
    return id >= 0 && id < this.end && (this.word(id, 0) & LIVE) !== 0;
  }

  /** Index of a row's 32-bit word `j` in its chunk (`u[id >>> CHUNK_BITS]`). */
  wordAt(id: number, j: number): number {
    return (id & ROW_MASK) * this.uStride + this.uBase + j;
  }

  /** Index of a row's double `j` in its chunk (`f[id >>> CHUNK_BITS]`). */
  doubleAt(id: number, j: number): number {
    return (id & ROW_MASK) * this.fStride + j;
  }

  word(id: number, j: number): number {
    return this.u[id >>> CHUNK_BITS][this.wordAt(id, j)];
  }

  setWord(id: number, j: number, v: number): void {
    this.u[id >>> CHUNK_BITS][this.wordAt(id, j)] = v;
  }

  double(id: number, j: number): number {
    return this.f[id >>> CHUNK_BITS][this.doubleAt(id, j)];
  }

  setDouble(id: number, j: number, v: number): void {
    this.f[id >>> CHUNK_BITS][this.doubleAt(id, j)] = v;
  }

  /**
   * Adds `n` to the 32-bit counter at chunk `u`, index `i` (word `j` of row `id`). Inline this
   * pattern on hot paths: `const v = u[i] + n; u[i] = v; if (v >= 2 ** 32) store.carry(id, j, v)`.
   */
  addWide(id: number, j: number, n: number): void {
    const u = this.u[id >>> CHUNK_BITS];
    const i = this.wordAt(id, j);
    const v = u[i] + n;
    u[i] = v;
    if (v >= TWO_32) this.carry(id, j, v);
  }

  /** A counter passed 2^32 (`v` is its sum before the word kept the low 32 bits). */
  carry(id: number, j: number, v: number): void {
    const key = id * this.uStride + j;
    this.high.set(key, (this.high.get(key) ?? 0) + Math.floor(v / TWO_32));
  }

  /** The whole value of a 32-bit counter, with its carries. */
  wide(id: number, j: number): number {
    const low = this.word(id, j);
    if (this.high.size === 0) return low;
    return low + (this.high.get(id * this.uStride + j) ?? 0) * TWO_32;
  }

  /** Bytes the rows take (the chunks allocated), for the benchmarks and the memory figures. */
  get byteSize(): number {
    return this.u.length * CHUNK_ROWS * this.uStride * 4;
  }

  private addChunk(): void {
    const buf = new ArrayBuffer(CHUNK_ROWS * this.uStride * 4);
    this.u.push(new Uint32Array(buf));
    this.f.push(this.fStride > 0 ? new Float64Array(buf) : new Float64Array(0));
  }
}
