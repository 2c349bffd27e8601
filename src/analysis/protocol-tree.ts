/**
 * The protocol hierarchy (tshark's `-z io,phs`): a tree of layer paths with frame and byte counts.
 * Children are indexed by protocol id, so counting a packet walks a few array slots.
 */
import type { ProtocolCount, ProtocolNode } from '../api/report.js';
import { PROTO_NAMES, protoName } from '../decode/protocols.js';

class Node {
  packets = 0;
  bytes = 0;
  readonly children: (Node | undefined)[] = new Array(PROTO_NAMES.length);
  constructor(readonly proto: number) {}
}

export class ProtocolTree {
  private readonly root = new Node(0);

  /** Counts one frame whose layer stack is `layers[0..n)`, plus an optional extra top layer. */
  count(layers: Uint8Array, n: number, extra: number, bytes: number): void {
    let node = this.root;
    for (let i = 0; i <= n; i++) {
      const id = i < n ? layers[i] : extra;
      if (id === 0) break;
      let child = node.children[id];
      if (child === undefined) {
        child = new Node(id);
        node.children[id] = child;
      }
      child.packets++;
      child.bytes += bytes;
      node = child;
    }
  }

  tree(): ProtocolNode[] {
    const build = (n: Node): ProtocolNode[] =>
      n.children
        .filter((c): c is Node => c !== undefined)
        .sort((x, y) => y.packets - x.packets)
        .map((c) => ({ protocol: protoName(c.proto), packets: c.packets, bytes: c.bytes, children: build(c) }));
    return build(this.root);
  }

  /** Frames containing each protocol at least once: the sum over its topmost occurrences in the tree. */
  flat(): Record<string, ProtocolCount> {
    const out: Record<string, ProtocolCount> = {};
    const path: number[] = [];
    const walk = (n: Node): void => {
      for (const c of n.children) {
        if (c === undefined) continue;
        if (!path.includes(c.proto)) {
          const e = (out[protoName(c.proto)] ??= { packets: 0, bytes: 0 });
          e.packets += c.packets;
          e.bytes += c.bytes;
        }
        path.push(c.proto);
        walk(c);
        path.pop();
      }
    };
    walk(this.root);
    return out;
  }
}
