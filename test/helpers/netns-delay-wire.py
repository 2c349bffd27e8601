#!/usr/bin/env python3
"""A delaying, lossy wire between two interfaces, for NetLens's path tests.

This kernel has no netem, so a link of the test's namespace chain can be cut in two and joined by
this program in a namespace of its own: it reads every frame arriving on one interface through an
AF_PACKET socket and sends it out of the other. IPv4 frames travelling from A to B (towards the
server) are held for delay +- jitter milliseconds (uniform, from a seeded generator: for an ICMP
echo request one keyed by its TTL, sequence number and occurrence, so a probe's fate repeats from
run to run)
and a known share is dropped; everything else (ARP, frames from B to A) passes at once. Each IPv4 frame from A
to B is logged as one JSON line with the delay really applied (kernel receive time to send time),
so the test compares what NetLens measured with what happened: each record has the time, the
protocol, the TTL the frame had on this wire (a traceroute probe for hop h crosses the wire after
link k with TTL h - k + 1, so it says which hop the probe was for), ICMP type/id/seq, whether it was
dropped, and the delay applied.
"""
import argparse
import heapq
import json
import random
import select
import socket
import struct
import sys
import time

ETH_P_ALL = 0x0003
ETH_P_IP = 0x0800
SOL_PACKET = 263
PACKET_IGNORE_OUTGOING = 23
PACKET_OUTGOING = 4
PACKET_AUXDATA = 8
TP_STATUS_CSUMNOTREADY = 8
SO_TIMESTAMPNS = getattr(socket, "SO_TIMESTAMPNS", 35)
IPPROTO_TCP = 6
IPPROTO_UDP = 17


def open_socket(ifname: str) -> socket.socket:
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    s.bind((ifname, ETH_P_ALL))
    try:
        s.setsockopt(SOL_PACKET, PACKET_IGNORE_OUTGOING, 1)
    except OSError:
        pass  # older kernels: outgoing frames are skipped by their packet type below
    s.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
    s.setsockopt(SOL_PACKET, PACKET_AUXDATA, 1)
    s.setblocking(False)
    return s


def checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total >> 16) + (total & 0xFFFF)
    return ~total & 0xFFFF


def needs_checksum(ancdata) -> bool:
    """A frame sent by a local socket through a veth may still carry only a partial checksum (the
    kernel leaves it to an offload that never happens once the frame is copied out of a packet
    socket): the wire completes it, as a NIC would."""
    for level, kind, cdata in ancdata:
        if level == SOL_PACKET and kind == PACKET_AUXDATA and len(cdata) >= 4:
            return (struct.unpack("I", cdata[:4])[0] & TP_STATUS_CSUMNOTREADY) != 0
    return False


def complete_checksum(frame: bytes) -> bytes:
    ihl = (frame[14] & 0x0F) * 4
    proto = frame[23]
    total_len = struct.unpack("!H", frame[16:18])[0]
    l4 = bytearray(frame[14 + ihl : 14 + total_len])
    at = {IPPROTO_UDP: 6, IPPROTO_TCP: 16}.get(proto)
    if at is None or len(l4) < at + 2:
        return frame
    l4[at : at + 2] = b"\0\0"
    pseudo = frame[26:34] + struct.pack("!BBH", 0, proto, len(l4))
    value = checksum(pseudo + bytes(l4))
    if proto == IPPROTO_UDP and value == 0:
        value = 0xFFFF
    l4[at : at + 2] = struct.pack("!H", value)
    return frame[: 14 + ihl] + bytes(l4) + frame[14 + total_len :]


def describe(frame: bytes) -> dict:
    """What the test needs to tell probes apart: protocol, TTL on this wire, and ICMP type, id, seq."""
    out = {"proto": frame[23] if len(frame) > 23 else -1, "ttl": frame[22] if len(frame) > 22 else -1}
    ihl = (frame[14] & 0x0F) * 4 if len(frame) > 14 else 0
    icmp = frame[14 + ihl :]
    if out["proto"] == 1 and len(icmp) >= 8:
        out["type"] = icmp[0]
        out["id"], out["seq"] = struct.unpack("!HH", icmp[4:8])
    return out


def received_at(ancdata) -> float:
    for level, kind, cdata in ancdata:
        if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS and len(cdata) >= 16:
            sec, nsec = struct.unpack("qq", cdata[:16])
            return sec + nsec / 1e9
    return time.time()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--a", required=True, help="interface towards the client")
    ap.add_argument("--b", required=True, help="interface towards the server")
    ap.add_argument("--delay-ms", type=float, default=0.0)
    ap.add_argument("--jitter-ms", type=float, default=0.0)
    ap.add_argument("--loss-pct", type=float, default=0.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--log", required=True)
    a = ap.parse_args()

    side_a = open_socket(a.a)
    side_b = open_socket(a.b)
    rng = random.Random(a.seed)
    log = open(a.log, "a", buffering=1)
    pending = []  # heap of (due, order, frame, received, record)
    seen = {}  # (ttl, seq) -> times seen
    order = 0
    print("ready", flush=True)
    while True:
        timeout = max(0.0, pending[0][0] - time.time()) if pending else None
        readable, _, _ = select.select([side_a, side_b], [], [], timeout)
        for s in readable:
            while True:
                try:
                    frame, ancdata, _, addr = s.recvmsg(65535, socket.CMSG_SPACE(16) + socket.CMSG_SPACE(20))
                except BlockingIOError:
                    break
                if addr[2] == PACKET_OUTGOING:
                    continue
                if len(frame) >= 34 and frame[12:14] == b"\x08\x00" and needs_checksum(ancdata):
                    frame = complete_checksum(frame)
                if s is side_b:
                    side_a.send(frame)
                    continue
                ethertype = struct.unpack("!H", frame[12:14])[0] if len(frame) >= 14 else 0
                if ethertype != ETH_P_IP:
                    side_b.send(frame)
                    continue
                now = received_at(ancdata)
                record = describe(frame)
                record["t"] = now
                # ICMP echo requests draw from a generator of their own, keyed by TTL, sequence and
                # how often that pair was seen (each traceroute round starts its sequence again),
                # so each probe's fate is the same in every run, whatever else crosses the wire
                draw = rng
                if record.get("type") == 8:
                    key = (record["ttl"], record["seq"])
                    seen[key] = seen.get(key, 0) + 1
                    draw = random.Random(f"{a.seed}:{key[0]}:{key[1]}:{seen[key]}")
                if a.loss_pct > 0 and draw.random() * 100 < a.loss_pct:
                    record["dropped"] = True
                    log.write(json.dumps(record) + "\n")
                    continue
                delay = a.delay_ms + (draw.uniform(-a.jitter_ms, a.jitter_ms) if a.jitter_ms > 0 else 0.0)
                record["dropped"] = False
                record["plannedMs"] = delay
                order += 1
                heapq.heappush(pending, (now + max(0.0, delay) / 1000.0, order, frame, now, record))
        while pending and pending[0][0] <= time.time():
            _, _, frame, now, record = heapq.heappop(pending)
            side_b.send(frame)
            record["appliedMs"] = (time.time() - now) * 1000.0
            log.write(json.dumps(record) + "\n")


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(0)
