#!/usr/bin/env python3
"""A tiny DNS server for NetLens's path tests: answers PTR queries from a JSON map of address to
name (any bytes a DNS label may hold, hostile ones included), NXDOMAIN for everything else.
Listens on UDP 127.0.0.1:53 inside the namespace the test runs it in; prints "ready" once bound."""
import ipaddress
import json
import socket
import struct
import sys


def reverse_name(address: str) -> str:
    return ipaddress.ip_address(address).reverse_pointer


def encode(name: str) -> bytes:
    out = b""
    for label in name.encode("utf-8").split(b"."):
        if label:
            out += bytes([len(label)]) + label
    return out + b"\0"


def main() -> None:
    names = {reverse_name(a): n for a, n in json.loads(sys.argv[1]).items()}
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 53))
    print("ready", flush=True)
    while True:
        query, peer = sock.recvfrom(512)
        if len(query) < 17:
            continue
        tid = struct.unpack("!H", query[:2])[0]
        i, labels = 12, []
        while i < len(query) and query[i] != 0:
            labels.append(query[i + 1 : i + 1 + query[i]].decode("ascii", "replace"))
            i += 1 + query[i]
        question = query[12 : i + 5]
        qtype = struct.unpack("!H", query[i + 1 : i + 3])[0] if i + 3 <= len(query) else 0
        name = names.get(".".join(labels).lower())
        if name is None or qtype != 12:
            sock.sendto(struct.pack("!HHHHHH", tid, 0x8183, 1, 0, 0, 0) + question, peer)
            continue
        rdata = encode(name)
        answer = b"\xc0\x0c" + struct.pack("!HHIH", 12, 1, 60, len(rdata)) + rdata
        sock.sendto(struct.pack("!HHHHHH", tid, 0x8180, 1, 1, 0, 0) + question + answer, peer)


if __name__ == "__main__":
    main()
