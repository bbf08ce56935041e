#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""make-capture.py - the benchmarks' input: a deterministic synthetic TCP capture.

Writes a classic pcap (Ethernet, microsecond timestamps) of C connections of
exactly S packets each (C*S packets), interleaved in time as a busy link's
are, timestamps strictly increasing. About 90% IPv4 and 10% IPv6, seen from
the client's LAN. Each connection has a three-way handshake with MSS,
SACK-permitted, timestamps and window-scale options; request and response
data both ways with correct sequence and acknowledgement numbers, delayed
ACKs and the timestamps option on every segment; now and then a segment
retransmitted after a retransmission timeout or two segments seen swapped;
and a close: FIN both ways (four or three segments), simultaneous close, a
reset, a FIN answered by a reset, or none (still open at the end).
IP and TCP checksums are correct; payload bytes are zeros. The same
arguments give a byte-identical file.

  make-capture.py -c CONNECTIONS -s SEGMENTS_PER_CONNECTION [--seed N] [--snaplen N] -o OUT.pcap
"""
import argparse
import heapq
import random
import struct
import sys

FIN, SYN, RST, PSH, ACK = 0x01, 0x02, 0x04, 0x08, 0x10
T0 = 1_700_000_000 * 1_000_000     # capture start, microseconds since the epoch
ZERO = bytes(65536)
PORTS = (443, 443, 443, 443, 443, 80, 80, 22, 8443, 993)
CLOSES = ("fin4", "fin4", "fin4", "fin4", "fin3", "fin3", "fin3", "simul",
          "rst", "rst", "finrst", "open")
CLOSE_LEN = {"fin4": 4, "fin3": 3, "simul": 4, "rst": 1, "finrst": 2, "open": 0}
REC = struct.Struct("<IIII")
TCPH = struct.Struct("!HHIIHHHH")
IP4 = struct.Struct("!BBHHHBBH")
IP6 = struct.Struct("!IHBB")
TSOPT = struct.Struct("!BBBBII")


def csum_fold(s):
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return s


def words(b):
    return sum(struct.unpack("!%dH" % (len(b) // 2), b))


class Flow:
    """One connection's addresses, header templates and sequence state."""

    def __init__(self, rng, number, host, cport):
        self.v6 = rng.random() < 0.1
        server = rng.randrange(100)
        sport = rng.choice(PORTS)
        self.ports = ((cport, sport), (sport, cport))
        cmac = bytes((2, 0, 0, host >> 16 & 0xFF, host >> 8 & 0xFF, host & 0xFF))
        rmac = bytes((2, 0, 0, 0xFE, 0, 1))
        et = b"\x86\xdd" if self.v6 else b"\x08\x00"
        self.eth = (rmac + cmac + et, cmac + rmac + et)
        if self.v6:
            ca = b"\x20\x01\x0d\xb8\x00\x0a" + bytes(7) + host.to_bytes(3, "big")
            sa = b"\x20\x01\x0d\xb8\x00\x0b" + bytes(8) + bytes((0, server + 1))
        else:
            ca = bytes((10, 1 + (host >> 16) % 250, (host >> 8) & 0xFF, (host & 0xFF) % 254 + 1))
            sa = bytes((198, 51, 100, server + 1))
        self.addr = (ca + sa, sa + ca)
        self.pseudo = (words(self.addr[0]) + 6, words(self.addr[1]) + 6)
        self.ttl = (64, rng.choice((50, 54, 57, 118)))
        self.ipid = [rng.getrandbits(16), rng.getrandbits(16)]
        self.packets = []
        self.at = 0

    def frame(self, d, flags, seq, ack, win, opts, plen):
        sp, dp = self.ports[d]
        hl = 20 + len(opts)
        off = (hl // 4) << 12 | flags
        s = (self.pseudo[d] + hl + plen + sp + dp + (seq >> 16) + (seq & 0xFFFF)
             + (ack >> 16) + (ack & 0xFFFF) + off + win + words(opts))
        tcp = TCPH.pack(sp, dp, seq, ack, off, win, ~csum_fold(s) & 0xFFFF, 0) + opts
        if self.v6:
            ip = IP6.pack(0x60000000, hl + plen, 6, self.ttl[d])
        else:
            total = 20 + hl + plen
            self.ipid[d] = ipid = (self.ipid[d] + 1) & 0xFFFF
            s = (0x4500 + total + ipid + 0x4000 + (self.ttl[d] << 8 | 6) + words(self.addr[d]))
            ip = IP4.pack(0x45, 0, total, ipid, 0x4000, self.ttl[d], 6, ~csum_fold(s) & 0xFFFF)
        return self.eth[d] + ip + self.addr[d] + tcp


def plan(rng, flow, start, S):
    """flow.packets: (time_us, dir, flags, seq, ack, win, opts, payload) for S packets."""
    rtt = rng.randint(1_000, 60_000)
    mss = 1440 if flow.v6 else 1460
    full = mss - 12
    nxt = [rng.getrandbits(32), rng.getrandbits(32)]
    rcv = [0, 0]
    win = [rng.choice((502, 512, 1024)), rng.choice((501, 1002, 2048))]
    tsbase = [rng.getrandbits(31), rng.getrandbits(31)]
    echo = [0, 0]
    out = flow.packets
    clock = [start]

    def emit(d, flags, seq, plen=0, gap=None, opts=None, w=None):
        if out:
            if gap is None:
                if d == out[-1][1]:
                    gap = rng.randint(10, 120)
                elif d == 1:
                    gap = int(rtt * rng.uniform(0.9, 1.2))
                else:
                    gap = rng.randint(30, 300)
            clock[0] += max(1, gap)
        t = clock[0]
        tsval = (tsbase[d] + (t - start) // 1000) & 0xFFFFFFFF
        if opts is None:
            opts = TSOPT.pack(1, 1, 8, 10, tsval, echo[d])
        elif opts == "syn":
            opts = (struct.pack("!BBH", 2, 4, mss) + b"\x04\x02\x08\x0a"
                    + struct.pack("!II", tsval, echo[d]) + b"\x01\x03\x03\x07")
        echo[1 - d] = tsval
        ack = rcv[d] if flags & ACK else 0
        out.append((t, d, flags, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF,
                    win[d] if w is None else w, opts, plen))

    def send(d, flags, plen=0, **kw):
        emit(d, flags, nxt[d], plen, **kw)
        nxt[d] += plen + (1 if flags & (SYN | FIN) else 0)
        rcv[1 - d] = nxt[d]

    def length():
        return full if rng.random() < 0.5 else rng.randint(40, 800)

    close = rng.choice(CLOSES)
    send(0, SYN, opts="syn", w=64240)
    send(1, SYN | ACK, opts="syn", w=65160)
    send(0, ACK)
    left, d, unacked = S - 3 - CLOSE_LEN[close], 0, 0
    while left > 0:
        o, r = 1 - d, rng.random()
        if left >= 3 and r < 0.02:            # lost past the capture point: RTO, resent
            n, s = length(), nxt[d]
            emit(d, PSH | ACK, s, n)
            emit(d, PSH | ACK, s, n, gap=200_000 + rtt)
            nxt[d] += n
            rcv[o] = nxt[d]
            send(o, ACK)
            left -= 3
            unacked = 0
        elif left >= 3 and r < 0.04:          # two segments swapped in the network
            a, b, s = length(), length(), nxt[d]
            emit(d, ACK, s + a, b)
            emit(d, ACK, s, a, gap=rng.randint(5, 150))
            nxt[d] += a + b
            rcv[o] = nxt[d]
            send(o, ACK)
            left -= 3
            unacked = 0
        else:
            n = length()
            send(d, ACK if n == full else PSH | ACK, n)
            left -= 1
            unacked += 1
            if unacked >= 2 and left >= 1 and rng.random() < 0.9:   # delayed ACK
                send(o, ACK)
                left -= 1
                unacked = 0
        if rng.random() < 0.25:               # the other side's turn
            d, unacked = 1 - d, 0
            if d == 0 and rng.random() < 0.1:
                clock[0] += rng.randint(1_000, 200_000)
    a = 0 if rng.random() < 0.6 else 1
    b = 1 - a
    if close == "fin4":
        send(a, FIN | ACK)
        send(b, ACK)
        send(b, FIN | ACK, gap=rng.randint(50, 10_000))
        send(a, ACK)
    elif close == "fin3":
        send(a, FIN | ACK)
        send(b, FIN | ACK)
        send(a, ACK)
    elif close == "simul":
        emit(a, FIN | ACK, nxt[a])
        emit(b, FIN | ACK, nxt[b], gap=rng.randint(20, max(21, rtt // 4)))
        nxt[a] += 1
        nxt[b] += 1
        rcv[a], rcv[b] = nxt[b], nxt[a]
        emit(a, ACK, nxt[a])
        emit(b, ACK, nxt[b])
    elif close == "rst":
        emit(a, RST | ACK, nxt[a], opts=b"")
    elif close == "finrst":
        send(a, FIN | ACK)
        emit(b, RST | ACK, nxt[b], opts=b"")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-c", "--connections", type=int, required=True)
    ap.add_argument("-s", "--segments-per-conn", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--mean-gap-us", type=int, default=2000,
                    help="mean time between connection starts")
    ap.add_argument("--snaplen", type=int, default=262144,
                    help="keep at most this many bytes of each packet (the headers "
                         "and the start of the payload, as tcpdump -s does)")
    ap.add_argument("-o", "--output", required=True)
    a = ap.parse_args()
    if a.segments_per_conn < 10:
        ap.error("--segments-per-conn must be at least 10")
    if a.snaplen < 54:
        ap.error("--snaplen must keep the Ethernet, IP and TCP headers: at least 54")
    rng = random.Random(a.seed)
    hosts = max(16, a.connections // 40)
    hostport = [rng.randint(32768, 60000) for _ in range(hosts)]
    out = open(a.output + ".part", "wb", buffering=1 << 22)
    out.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, a.snaplen, 1))
    heap, tie, started, count, last = [], 0, 0, 0, 0
    next_start = T0
    while heap or started < a.connections:
        if started < a.connections and (not heap or next_start <= heap[0][0]):
            host = rng.randrange(hosts)
            hostport[host] = 32768 + (hostport[host] - 32768 + rng.randint(1, 5)) % 28000
            f = Flow(rng, started, host, hostport[host])
            plan(rng, f, next_start, a.segments_per_conn)
            heapq.heappush(heap, (f.packets[0][0], tie, f))
            tie += 1
            started += 1
            next_start += max(1, int(rng.expovariate(1.0 / a.mean_gap_us)))
            continue
        t, _, f = heap[0]
        p = f.packets[f.at]
        f.at += 1
        if f.at < len(f.packets):
            heapq.heapreplace(heap, (f.packets[f.at][0], tie, f))
            tie += 1
        else:
            heapq.heappop(heap)
            f.packets = None
        t = last = max(t, last + 1)
        head = f.frame(p[1], p[2], p[3], p[4], p[5], p[6], p[7])
        n = len(head) + p[7]
        kept = min(n, a.snaplen)
        out.write(REC.pack(t // 1_000_000, t % 1_000_000, kept, n))
        out.write(head[:kept])
        out.write(ZERO[:max(0, kept - len(head))])
        count += 1
    out.close()
    import os
    os.replace(a.output + ".part", a.output)
    print("wrote %d packets of %d connections to %s" % (count, a.connections, a.output),
          file=sys.stderr)


if __name__ == "__main__":
    main()
