#!/usr/bin/env python3
"""ICMP echo responder with a known delay schedule, for NetLens's prober ground-truth tests.

This kernel has no netem, so the far side of a veth pair turns off the kernel's own echo replies
(net.ipv4.icmp_echo_ignore_all=1) and runs this: it reads echo requests on a raw ICMP socket and
answers each one itself after a delay drawn from a seeded schedule, drops a known share, and writes
one JSON line per request with the delay it actually applied (measured, not planned), so the test
compares the prober with what really happened.

Schedule, per echo sequence number `seq` (deterministic from the seed, whatever the arrival order):
  dropped  when drop_every > 0 and seq % drop_every == 0
  late     when late_every > 0 and seq % late_every == 0: answered after late_ms
  else     answered after uniform(min_ms, max_ms) drawn from Random(f"{seed}:{seq}")
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

SO_TIMESTAMPNS = getattr(socket, "SO_TIMESTAMPNS", 35)  # 35 on Linux


def checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    s = (s >> 16) + (s & 0xFFFF)
    s += s >> 16
    return ~s & 0xFFFF


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--min-ms", type=float, default=32.0)
    ap.add_argument("--max-ms", type=float, default=48.0)
    ap.add_argument("--drop-every", type=int, default=0)
    ap.add_argument("--late-every", type=int, default=0)
    ap.add_argument("--late-ms", type=float, default=1500.0)
    ap.add_argument("--log", required=True)
    a = ap.parse_args()

    sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    # Kernel receive timestamps: delays count from when the request arrived, not from when this
    # program got round to reading it (it may be descheduled on a busy machine).
    sock.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
    log = open(a.log, "a", buffering=1)
    pending = []  # heap of (due, order, reply, addr, received_at, record)
    order = 0
    print("ready", flush=True)
    while True:
        timeout = None
        if pending:
            timeout = max(0.0, pending[0][0] - time.time())
        readable, _, _ = select.select([sock], [], [], timeout)
        if readable:
            data, ancdata, _, addr = sock.recvmsg(65535, socket.CMSG_SPACE(16))
            now = time.time()
            for level, kind, cdata in ancdata:
                if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS and len(cdata) >= 16:
                    sec, nsec = struct.unpack("qq", cdata[:16])
                    now = sec + nsec / 1e9
            ihl = (data[0] & 0x0F) * 4
            icmp = data[ihl:]
            if len(icmp) < 8 or icmp[0] != 8:
                continue  # not an echo request (our own replies are seen here too)
            ident, seq = struct.unpack("!HH", icmp[4:8])
            record = {"src": addr[0], "dst": socket.inet_ntoa(data[16:20]), "id": ident, "seq": seq}
            if a.drop_every > 0 and seq % a.drop_every == 0:
                record.update(dropped=True)
                log.write(json.dumps(record) + "\n")
                continue
            late = a.late_every > 0 and seq % a.late_every == 0
            delay = a.late_ms if late else random.Random(f"{a.seed}:{seq}").uniform(a.min_ms, a.max_ms)
            record.update(dropped=False, late=late, plannedMs=delay)
            body = struct.pack("!BBHHH", 0, 0, 0, ident, seq) + icmp[8:]
            body = body[:2] + struct.pack("!H", checksum(body)) + body[4:]
            order += 1
            heapq.heappush(pending, (now + delay / 1000.0, order, body, addr, now, record))
        while pending and pending[0][0] <= time.time():
            _, _, body, addr, received_at, record = heapq.heappop(pending)
            sock.sendto(body, (addr[0], 0))
            record["appliedMs"] = (time.time() - received_at) * 1000.0
            log.write(json.dumps(record) + "\n")


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(0)
