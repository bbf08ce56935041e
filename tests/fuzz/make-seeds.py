#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Write the seed corpora of the fuzz targets (tests/fuzz/<target>/seed-*).

The seeds are small, valid or nearly valid inputs that reach deep into each
decoder: a TCP handshake with every option we decode, IPv6 with extension
headers, fragments, truncations, each link type, pcap in both byte orders
and both time resolutions, pcapng with several interfaces. Run it again
after changing it; files the fuzzers found (not named seed-*) are kept.
"""
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def tcp(sport, dport, seq, ack, flags, win=65535, opts=b"", payload=b""):
    while len(opts) % 4:
        opts += b"\1"
    off = (20 + len(opts)) // 4
    return struct.pack("!HHIIBBHHH", sport, dport, seq, ack, off << 4, flags, win, 0, 0) + opts, payload


def ipv4(src, dst, seg, proto=6, frag=0x4000, ip_opts=b""):
    hdr_tcp, payload = seg
    body = hdr_tcp + payload
    ihl = (20 + len(ip_opts)) // 4
    total = ihl * 4 + len(body)
    pseudo = src + dst + struct.pack("!BBH", 0, proto, len(body))
    if proto == 6:
        c = csum(pseudo + body)
        body = body[:16] + struct.pack("!H", c) + body[18:]
    h = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0, total, 0x1234, frag, 64, proto, 0, src, dst) + ip_opts
    h = h[:10] + struct.pack("!H", csum(h)) + h[12:]
    return h + body


def ipv6(src, dst, seg, ext=b"", first_next=6):
    hdr_tcp, payload = seg
    body = hdr_tcp + payload
    pseudo = src + dst + struct.pack("!IxxxB", len(body), 6)
    c = csum(pseudo + body)
    body = body[:16] + struct.pack("!H", c) + body[18:]
    return struct.pack("!IHBB16s16s", 0x60000000, len(ext) + len(body), first_next, 64, src, dst) + ext + body


A4 = bytes([10, 0, 0, 1])
B4 = bytes([10, 0, 0, 2])
A6 = bytes.fromhex("20010db8000000000000000000000001")
B6 = bytes.fromhex("20010db8000000000000000000000002")

MSS = b"\x02\x04\x05\xb4"
SACKP_TS = b"\x04\x02\x08\x0a" + struct.pack("!II", 1000, 0)
WS = b"\x01\x03\x03\x07"
TS = b"\x01\x01\x08\x0a" + struct.pack("!II", 2000, 1000)
SACK2 = b"\x01\x01\x05\x12" + struct.pack("!IIII", 100, 200, 300, 400)

SYN, ACK, FIN, RST, PSH = 0x02, 0x10, 0x01, 0x04, 0x08
ISN_C, ISN_S = 0xFFFFFF00, 0x7FFFFFF0


def handshake(mk, a, b):
    """A connection's packets, client a:40000, server b:80."""
    c, s = ISN_C, ISN_S
    p = []
    p.append(mk(a, b, tcp(40000, 80, c, 0, SYN, 64240, MSS + SACKP_TS + WS)))
    p.append(mk(b, a, tcp(80, 40000, s, c + 1, SYN | ACK, 65160, MSS + SACKP_TS + WS)))
    p.append(mk(a, b, tcp(40000, 80, c + 1, s + 1, ACK, 502, TS)))
    p.append(mk(a, b, tcp(40000, 80, c + 1, s + 1, PSH | ACK, 502, TS, b"GET / HTTP/1.0\r\n\r\n")))
    p.append(mk(b, a, tcp(80, 40000, s + 1, (c + 19) & 0xFFFFFFFF, ACK, 509, TS + SACK2)))
    p.append(mk(b, a, tcp(80, 40000, s + 1, (c + 19) & 0xFFFFFFFF, FIN | ACK, 509, TS)))
    p.append(mk(a, b, tcp(40000, 80, (c + 19) & 0xFFFFFFFF, s + 2, FIN | ACK, 502, TS)))
    p.append(mk(b, a, tcp(80, 40000, s + 2, (c + 20) & 0xFFFFFFFF, ACK, 509, TS)))
    return p


def ip_packets():
    p4 = handshake(ipv4, A4, B4)
    p6 = handshake(ipv6, A6, B6)
    out = {}
    for i, p in enumerate(p4):
        out["v4-%d" % i] = p
    for i, p in enumerate(p6):
        out["v6-%d" % i] = p
    out["v4-ipopts"] = ipv4(A4, B4, tcp(1, 2, 3, 4, ACK), ip_opts=b"\x01\x01\x01\x00")
    out["v4-rst"] = ipv4(A4, B4, tcp(1, 2, 3, 0, RST | ACK))
    out["v4-fragment-first"] = ipv4(A4, B4, tcp(1, 2, 3, 4, ACK, payload=b"x" * 16), frag=0x2000)
    out["v4-fragment-later"] = ipv4(A4, B4, tcp(1, 2, 3, 4, ACK), frag=0x0003)
    out["v4-udp"] = ipv4(A4, B4, (struct.pack("!HHHH", 53, 53, 8, 0), b""), proto=17)
    out["v4-truncated"] = p4[3][:50]
    out["v4-tso-zero-len"] = p4[3][:2] + b"\0\0" + p4[3][4:]
    hop = bytes([60, 0]) + b"\1\4\0\0\0\0"          # hop-by-hop, next: dest opts
    dst = bytes([43, 0]) + b"\1\4\0\0\0\0"          # dest opts, next: routing
    rt = bytes([44, 0, 0, 0]) + b"\0\0\0\0"         # routing, next: fragment
    frag = bytes([51, 0, 0, 0]) + b"\0\0\0\1"       # fragment (first), next: AH
    ah = bytes([6, 1, 0, 0]) + b"\0" * 8            # AH, next: TCP
    out["v6-ext-chain"] = ipv6(A6, B6, tcp(1, 2, 3, 4, ACK, payload=b"hi"), hop + dst + rt + frag + ah, 0)
    out["v6-fragment-later"] = ipv6(A6, B6, tcp(1, 2, 3, 4, ACK), bytes([6, 0, 0, 0x10]) + b"\0\0\0\1", 44)
    return out


# DLT_ values as pcap_datalink() returns them on Linux.
DLT_NULL, DLT_EN10MB, DLT_RAW, DLT_LOOP, DLT_LINUX_SLL = 0, 1, 12, 108, 113
DLT_IPV4, DLT_IPV6, DLT_LINUX_SLL2 = 228, 229, 276
# LINKTYPE_ values as files store them.
LINKTYPE = {DLT_NULL: 0, DLT_EN10MB: 1, DLT_RAW: 101, DLT_LOOP: 108, DLT_LINUX_SLL: 113,
            DLT_IPV4: 228, DLT_IPV6: 229, DLT_LINUX_SLL2: 276}


def ether(ip, vlans=(), ethertype=None):
    et = ethertype or (0x86DD if ip[0] >> 4 == 6 else 0x0800)
    h = bytes.fromhex("020000000002") + bytes.fromhex("020000000001")
    for tpid, vid in vlans:
        h += struct.pack("!HH", tpid, vid)
    return h + struct.pack("!H", et) + ip


def sll(ip):
    et = 0x86DD if ip[0] >> 4 == 6 else 0x0800
    return struct.pack("!HHH8sH", 0, 772, 6, b"\0" * 8, et) + ip


def sll2(ip):
    et = 0x86DD if ip[0] >> 4 == 6 else 0x0800
    return struct.pack("!HHIHBB8s", et, 0, 1, 772, 0, 6, b"\0" * 8) + ip


def null(ip, big=False):
    af = 2 if ip[0] >> 4 == 4 else 30
    return struct.pack(">I" if big else "<I", af) + ip


def frames(ip):
    """(dlt, frame) for each link type we read, and a few we do not."""
    out = []
    for name, pkt in ip.items():
        out.append((DLT_EN10MB, "eth-" + name, ether(pkt)))
    v4, v6 = ip["v4-3"], ip["v6-3"]
    out.append((DLT_EN10MB, "eth-vlan", ether(v4, [(0x8100, 5)])))
    out.append((DLT_EN10MB, "eth-qinq", ether(v6, [(0x88A8, 100), (0x8100, 5)])))
    out.append((DLT_EN10MB, "eth-arp", ether(b"\0\1\x08\0\6\4\0\1" + b"\0" * 20, ethertype=0x0806)))
    out.append((DLT_EN10MB, "eth-short", ether(v4)[:10]))
    for name, f in (("sll", sll), ("sll2", sll2)):
        out.append((DLT_LINUX_SLL if name == "sll" else DLT_LINUX_SLL2, name + "-v4", f(v4)))
        out.append((DLT_LINUX_SLL if name == "sll" else DLT_LINUX_SLL2, name + "-v6", f(v6)))
    out.append((DLT_NULL, "null-v4", null(v4)))
    out.append((DLT_NULL, "null-v6", null(v6)))
    out.append((DLT_LOOP, "loop-v4", null(v4, True)))
    out.append((DLT_RAW, "raw-v4", v4))
    out.append((DLT_RAW, "raw-v6", v6))
    out.append((DLT_IPV4, "ipv4-v4", v4))
    out.append((DLT_IPV6, "ipv6-v6", v6))
    out.append((147, "user0-unsupported", v4))
    return out


def pcap(dlt, pkts, big=False, nsec=False, snaplen=262144, tweak=None):
    e = ">" if big else "<"
    magic = 0xA1B23C4D if nsec else 0xA1B2C3D4
    out = struct.pack(e + "IHHiIII", magic, 2, 4, 0, 0, snaplen, LINKTYPE.get(dlt, dlt))
    for i, p in enumerate(pkts):
        caplen, length = len(p), len(p)
        if tweak:
            caplen, length = tweak(i, caplen, length)
        out += struct.pack(e + "IIII", 1700000000 + i, i * 1000, caplen, length) + p[:caplen]
    return out


def pad4(b):
    return b + b"\0" * (-len(b) % 4)


def block(btype, body):
    n = 12 + len(pad4(body))
    return struct.pack("<II", btype, n) + pad4(body) + struct.pack("<I", n)


def pcapng(ifaces, pkts, tsresol=None):
    """ifaces: list of DLTs; pkts: (iface index, bytes)."""
    out = block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1))
    for dlt in ifaces:
        opts = b""
        if tsresol is not None:
            opts = struct.pack("<HH", 9, 1) + pad4(bytes([tsresol])) + struct.pack("<HH", 0, 0)
        out += block(1, struct.pack("<HHI", LINKTYPE.get(dlt, dlt), 0, 262144) + opts)
    for i, (iface, p) in enumerate(pkts):
        ts = 1700000000000000 + i * 1000
        out += block(6, struct.pack("<IIIII", iface, ts >> 32, ts & 0xFFFFFFFF, len(p), len(p)) + pad4(p))
    # A simple packet block and a name resolution block, which readers must skip or read.
    out += block(3, struct.pack("<I", len(pkts[0][1])) + pad4(pkts[0][1]))
    out += block(4, struct.pack("<HH", 0, 0))
    return out


def write(target, name, data):
    d = os.path.join(HERE, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data)


def main():
    ip = ip_packets()
    for name, p in ip.items():
        write("wire", name, p)

    # fuzz-decode: two bytes of DLT (big-endian), then the frame.
    fr = frames(ip)
    for dlt, name, f in fr:
        write("decode", name, struct.pack("!H", dlt) + f)

    v4 = [ip["v4-%d" % i] for i in range(8)]
    v6 = [ip["v6-%d" % i] for i in range(8)]
    eth4 = [ether(p) for p in v4]
    write("pcap", "eth-le-usec", pcap(DLT_EN10MB, eth4))
    write("pcap", "eth-be-nsec", pcap(DLT_EN10MB, eth4, big=True, nsec=True))
    write("pcap", "raw-v6", pcap(DLT_RAW, v6))
    write("pcap", "sll2-v4", pcap(DLT_LINUX_SLL2, [sll2(p) for p in v4]))
    write("pcap", "sll-v6", pcap(DLT_LINUX_SLL, [sll(p) for p in v6]))
    write("pcap", "null-v4", pcap(DLT_NULL, [null(p) for p in v4]))
    write("pcap", "loop-v6", pcap(DLT_LOOP, [null(p, True) for p in v6]))
    write("pcap", "ipv4", pcap(DLT_IPV4, v4))
    write("pcap", "snaplen-68", pcap(DLT_EN10MB, eth4, snaplen=68,
                                     tweak=lambda i, c, l: (min(c, 68), l)))
    write("pcap", "caplen-gt-len", pcap(DLT_EN10MB, eth4, tweak=lambda i, c, l: (c, c - 4)))
    write("pcap", "truncated-packet", pcap(DLT_EN10MB, eth4)[:-7])
    write("pcap", "truncated-header", pcap(DLT_EN10MB, eth4)[:17])
    write("pcap", "unknown-linktype", pcap(147, v4))
    write("pcap", "no-tcp", pcap(DLT_EN10MB, [ether(ip["v4-udp"])] * 3))
    write("pcapng", "eth-v4", pcapng([DLT_EN10MB], [(0, p) for p in eth4]))
    write("pcapng", "two-ifaces", pcapng([DLT_EN10MB, DLT_RAW],
                                         [(i % 2, eth4[i] if i % 2 == 0 else v6[i]) for i in range(8)]))
    write("pcapng", "nsec", pcapng([DLT_LINUX_SLL2], [(0, sll2(p)) for p in v4], tsresol=9))
    write("pcapng", "bad-iface", pcapng([DLT_EN10MB], [(0, eth4[0]), (3, eth4[1])]))

    # fuzz-tcb programs (see tests/fuzz-tcb.c): options for A and B, then steps.
    def opts(bits=0x4F, more=0x07, isn=b"\x10", mss=1460, bufs=None):
        o = bytes([bits, more]) + isn + struct.pack("!H", mss - 64)
        if more & 16:
            o += struct.pack("!HH", *bufs)
        return o + b"\0\0\0\0"

    def op(code, side, *args):
        return bytes([(code << 1) | side] + list(args))

    A, B = 0, 1
    DELIVER, DROP, DUP, REORDER, INJECT, OPEN, SEND, RECV, SHUT, CLOSE, TICK, WAIT, SETTINGS = \
        0, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15
    hs = op(OPEN, B, 1) + op(OPEN, A, 0) + op(DELIVER, A) + op(DELIVER, B) + op(DELIVER, A)
    pump = (op(DELIVER, A) + op(DELIVER, B) + op(TICK, A, 50)) * 6
    close = op(CLOSE, A, 200) + pump + op(CLOSE, B, 200) + pump + op(WAIT, A, 200)
    seeds = {
        "handshake-close": opts() + opts(isn=b"\x00\x00\x03\xe8") + hs + close,
        "data-both-ways": opts() + opts() + hs + op(SEND, A, 200) + op(SEND, B, 100) + pump
        + op(RECV, B, 255) + pump + close,
        "lost-syn": opts() + opts() + op(OPEN, B, 1) + op(OPEN, A, 0) + op(DROP, A)
        + op(WAIT, A, 0) + op(DELIVER, A) + op(DELIVER, B) + op(DELIVER, A) + close,
        "simultaneous-open": opts() + opts() + op(OPEN, A, 0) + op(OPEN, B, 0) + op(DELIVER, A)
        + op(DELIVER, B) + pump + close,
        "simultaneous-close": opts() + opts() + hs + op(CLOSE, A, 200) + op(CLOSE, B, 200)
        + pump + op(WAIT, A, 200),
        "rst-in-handshake": opts() + opts() + op(OPEN, B, 1) + op(OPEN, A, 0) + op(DELIVER, A)
        + op(CLOSE, B, 0) + op(DELIVER, B) + op(DELIVER, B),
        "zero-window": opts(bits=0x4F & ~16, more=0x17, bufs=(1000, 4000))
        + opts(bits=0x4F & ~16, more=0x17, bufs=(500, 4000)) + hs + op(SEND, A, 255)
        + pump + op(WAIT, A, 0) + pump + op(RECV, B, 255) + pump + close,
        "forged-rst": opts() + opts() + hs + bytes([INJECT << 1 | B, 0x00, 0, 5, 0, 0, 0x04,
                                                    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        + pump + close,
        "forged-syn-established": opts() + opts() + hs + bytes([INJECT << 1 | A, 0x00, 0, 0, 0, 0,
                                                                0x02, 0xff, 0xff, 0x01, 0x05,
                                                                0xb4, 7, 0, 0, 0, 0, 0, 0, 0, 0])
        + pump + close,
        "keepalive": opts(bits=0x6F) + opts() + hs + op(SETTINGS, A, 0x06) + op(WAIT, A, 130)
        + pump + op(WAIT, A, 130) + pump + close,
        "reorder-dup": opts() + opts() + hs + op(SEND, A, 255) + op(REORDER, A, 1)
        + op(DUP, A) + pump + close,
        "half-close": opts() + opts() + hs + op(SHUT, A) + pump + op(SEND, B, 100) + pump
        + op(CLOSE, B, 200) + pump + op(WAIT, A, 200),
    }
    for name, data in seeds.items():
        write("tcb", name, data)

    # Scenario scripts: the built-in library plus a few of our own.
    sc = os.path.join(HERE, "..", "..", "data", "scenarios")
    if os.path.isdir(sc):
        for n in sorted(os.listdir(sc)):
            if n.endswith(".synack"):
                with open(os.path.join(sc, n), "rb") as f:
                    write("scenario", n[:-7], f.read())
    write("scenario", "every-verb", b"""# every verb and setting once
title _("Every verb")
describe "a line"
set delay 0.05
set bandwidth 1000000
set msl 1
set limit 10
set rto.initial 0.5
set client.isn 4294967000
set server.mss 536
set client.window 4000
set server.sndbuf 8000
set client.wscale off
set server.sack on
set client.timestamps off
set server.nagle off
set client.delayed_ack off
set server.autoread off
set client.keepalive 2 1 3
set client.syn_retries 2
set server.rto.min 0.2
0 server listen 80 backlog 4
0.1 client connect server 80 from 40000
+0.2 client send 3000
+0.1 server read 1000
+0.1 client shutdown
+0.1 server spoof ack -1
+0.1 server close
+0.5 client abort
+0.1 server crash
lose client>server 3
lose server>client FIN 1
lose client>server from 5
lose server>client rate 0.1
delay client>server 2 0.3
duplicate server>client 2
reorder client>server rate 0.2
""")
    write("scenario", "ipv6", b"set client.address 2001:db8::1\nset server.address 2001:db8::2\n"
          b"set limit 5\n0 server listen 80\n0.1 client connect 80\n+1 client close\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
