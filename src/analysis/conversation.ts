/**
 * One conversation (IP pair, UDP 4-tuple or TCP stream) with counters in both directions, the
 * way tshark's `-z conv` counts them: A is the source of the first packet.
 */
export class Conversation {
  packetsAtoB = 0;
  bytesAtoB = 0;
  packetsBtoA = 0;
  bytesBtoA = 0;
  last: number;
  service = '';
  /** For a flow inside a tunnel: "VXLAN 42 via 10.0.0.1→10.0.0.2" (decode/tunnel/tunnel-text.ts), else ''. */
  tunnel = '';

  constructor(
    public a: number,
    public b: number,
    public aPort: number,
    public bPort: number,
    public start: number,
  ) {
    this.last = start;
  }

  /** Counts one packet; `fromA` is true when it was sent by A. */
  count(fromA: boolean, bytes: number, t: number): void {
    if (fromA) {
      this.packetsAtoB++;
      this.bytesAtoB += bytes;
    } else {
      this.packetsBtoA++;
      this.bytesBtoA += bytes;
    }
    if (t > this.last) this.last = t;
  }

  get packets(): number {
    return this.packetsAtoB + this.packetsBtoA;
  }

  get bytes(): number {
    return this.bytesAtoB + this.bytesBtoA;
  }
}
