#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Make the capture fixtures in tests/data/capture/.

Real kernel TCP (run as root on Linux, needs ip, tcpdump, python3):
  two network namespaces joined by a veth pair, the server in one, the
  client in the other, tcpdump on the client's side (Ethernet); and IPv6 on
  a namespace's loopback. Headers only (-s 128) to keep the files small.
Crafted by hand (struct): what the kernel will not do on cue (simultaneous
  open and close, challenge ACKs, port reuse), every link type, and broken
  files.

  make-fixtures.py [--only NAME] [--crafted-only]
"""
import argparse
import os
import socket
import struct
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "capture")
NS_C, NS_S = "synackfx-c", "synackfx-s"
C_ADDR, S_ADDR = "10.9.0.1", "10.9.0.2"

# ------------------------------------------------------------------ kernel


def sh(*args, check=True):
    return subprocess.run(args, check=check, capture_output=True, text=True)


def netns_up():
    netns_down()
    sh("ip", "netns", "add", NS_C)
    sh("ip", "netns", "add", NS_S)
    sh("ip", "link", "add", "fxc", "netns", NS_C, "type", "veth", "peer", "fxs", "netns", NS_S)
    sh("ip", "-n", NS_C, "addr", "add", C_ADDR + "/24", "dev", "fxc")
    sh("ip", "-n", NS_S, "addr", "add", S_ADDR + "/24", "dev", "fxs")
    for ns, dev in ((NS_C, "fxc"), (NS_S, "fxs")):
        sh("ip", "-n", ns, "link", "set", dev, "up")
        sh("ip", "-n", ns, "link", "set", "lo", "up")
        # offloads off: the capture then shows the segments the stack sent
        sh("ip", "netns", "exec", ns, "ethtool", "-K", dev, "tso", "off", "gso", "off",
           "gro", "off", check=False)
    # make ARP happen before the capture
    sh("ip", "netns", "exec", NS_C, "ping", "-c", "1", "-W", "2", S_ADDR)


def netns_down():
    for ns in (NS_C, NS_S):
        sh("ip", "netns", "del", ns, check=False)


# Each scenario: (server code, client code, capture namespace, interface).
# The code runs with `ip netns exec`; S and C are the addresses, P the port.
PRELUDE = """
import socket, struct, time, sys
S, C, P = %r, %r, %d
def listener(family=socket.AF_INET, addr=None, rcvbuf=0):
    l = socket.socket(family, socket.SOCK_STREAM)
    l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if rcvbuf:
        l.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    l.bind((addr or S, P)); l.listen(1)
    print("ready", flush=True)
    return l
def readall(s):
    n = 0
    while True:
        b = s.recv(65536)
        if not b: return n
        n += len(b)
"""

SCENARIOS = {
    # the client closes first: FIN_WAIT_1, FIN_WAIT_2, TIME_WAIT on its side
    "close-client": ("""
l = listener(); s, _ = l.accept()
s.sendall(s.recv(100)); readall(s); time.sleep(0.05); s.close()
""", """
s = socket.create_connection((S, P)); s.sendall(b"x" * 100); s.recv(100)
time.sleep(0.05); s.close(); time.sleep(0.3)
"""),
    # the server closes first
    "close-server": ("""
l = listener(); s, _ = l.accept()
s.recv(100); s.sendall(b"y" * 300); time.sleep(0.05); s.close(); time.sleep(0.3)
""", """
s = socket.create_connection((S, P)); s.sendall(b"x" * 100); readall(s)
time.sleep(0.05); s.close(); time.sleep(0.1)
"""),
    # nobody listens: SYN answered by RST
    "refused": ("""
print("ready", flush=True)
""", """
try:
    socket.create_connection((S, P), timeout=2)
except ConnectionRefusedError:
    pass
time.sleep(0.1)
"""),
    # the client shuts down its sending side; the server goes on sending
    "half-close": ("""
l = listener(); s, _ = l.accept()
readall(s); time.sleep(0.05); s.sendall(b"z" * 3000); time.sleep(0.05); s.close(); time.sleep(0.3)
""", """
s = socket.create_connection((S, P)); s.sendall(b"x" * 100); time.sleep(0.05)
s.shutdown(socket.SHUT_WR); readall(s); s.close(); time.sleep(0.1)
"""),
    # the client aborts: SO_LINGER 0 makes close() send a RST
    "abort": ("""
l = listener(); s, _ = l.accept()
try:
    readall(s)
except ConnectionResetError:
    pass
time.sleep(0.1)
""", """
s = socket.create_connection((S, P)); s.sendall(b"x" * 100); time.sleep(0.05)
s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)); s.close()
time.sleep(0.1)
"""),
    # keep-alive probes after one idle second, answered by keep-alive ACKs
    "keepalive": ("""
l = listener(); s, _ = l.accept()
readall(s); s.close(); time.sleep(0.2)
""", """
s = socket.create_connection((S, P))
s.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, 1)
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, 1)
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT, 3)
s.sendall(b"x" * 10); time.sleep(2.6); s.close(); time.sleep(0.2)
"""),
    # the server does not read: its window closes; then it reads everything
    "zero-window": ("""
l = listener(rcvbuf=4096); s, _ = l.accept()
time.sleep(1.5); readall(s); s.close(); time.sleep(0.2)
""", """
s = socket.create_connection((S, P))
s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 65536)
s.sendall(b"x" * 60000); s.shutdown(socket.SHUT_WR); readall(s); s.close(); time.sleep(0.1)
"""),
    # the server's address vanishes for 0.7 s: the client retransmits
    "retransmission": ("""
l = listener(); s, _ = l.accept()
readall(s); s.close(); time.sleep(0.2)
""", """
import subprocess
s = socket.create_connection((S, P)); s.sendall(b"a" * 100); time.sleep(0.1)
subprocess.run(["ip", "netns", "exec", "%s", "ip", "addr", "del", S + "/24", "dev", "fxs"])
s.sendall(b"b" * 100); time.sleep(0.7)
subprocess.run(["ip", "netns", "exec", "%s", "ip", "addr", "add", S + "/24", "dev", "fxs"])
time.sleep(0.6); s.close(); time.sleep(0.3)
""" % (NS_S, NS_S)),
}

IPV6 = ("""
l = listener(socket.AF_INET6, "::1"); s, _ = l.accept()
s.sendall(s.recv(100)); readall(s); s.close(); time.sleep(0.2)
""", """
s = socket.create_connection(("::1", P)); s.sendall(b"x" * 100); s.recv(100)
time.sleep(0.05); s.close(); time.sleep(0.3)
""")


def run_kernel(name, server, client, port=47001, ns_server=NS_S, ns_client=NS_C, iface="fxc"):
    path = os.path.join(OUT, name + ".pcap")
    pre = PRELUDE % (S_ADDR, C_ADDR, port)
    dump = subprocess.Popen(["ip", "netns", "exec", ns_client, "tcpdump", "--immediate-mode", "-i", iface, "-s", "128",
                             "-U", "-w", path, "tcp port %d" % port],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    # tcpdump says "listening on" once it is
    dump.stderr.readline()
    srv = subprocess.Popen(["ip", "netns", "exec", ns_server, sys.executable, "-c", pre + server],
                           stdout=subprocess.PIPE, text=True)
    srv.stdout.readline()
    subprocess.run(["ip", "netns", "exec", ns_client, sys.executable, "-c", pre + client],
                   check=True)
    srv.wait(timeout=20)
    time.sleep(0.3)
    dump.terminate()
    dump.wait()
    print("wrote", path)


# ----------------------------------------------------------------- crafted

def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    s = (s & 0xFFFF) + (s >> 16)
    s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


FIN, SYN, RST, PSH, ACK = 0x01, 0x02, 0x04, 0x08, 0x10
A4, B4 = bytes([192, 168, 7, 1]), bytes([192, 168, 7, 2])


def tcp4(src, dst, sp, dp, seq, ack, flags, payload=b"", win=64240, opts=b""):
    hl = 20 + len(opts)
    tcp = struct.pack("!HHIIBBHHH", sp, dp, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF, (hl // 4) << 4,
                      flags, win, 0, 0) + opts + payload
    c = csum(src + dst + struct.pack("!BBH", 0, 6, len(tcp)) + tcp)
    tcp = tcp[:16] + struct.pack("!H", c) + tcp[18:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), 0, 0x4000, 64, 6, 0, src, dst)
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    return ip + tcp


def write_pcap(name, linktype, frames, nano=False, snaplen=65535):
    """frames: list of (time_ns, bytes) or (time_ns, bytes, orig_len)."""
    path = os.path.join(OUT, name)
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B23C4D if nano else 0xA1B2C3D4, 2, 4, 0, 0,
                            snaplen, linktype))
        for fr in frames:
            t, data = fr[0], fr[1]
            orig = fr[2] if len(fr) > 2 else len(data)
            sub = t % 1_000_000_000 if nano else (t % 1_000_000_000) // 1000
            f.write(struct.pack("<IIII", t // 1_000_000_000, sub, len(data), orig) + data)
    print("wrote", path)
    return path


def write_pcapng(name, linktype, frames, snaplens=(65535,)):
    """pcapng with nanosecond timestamps (if_tsresol 9); one interface a snap
    length, the packets taking turns among them."""
    def block(btype, body):
        body += b"\0" * (-len(body) % 4)
        n = len(body) + 12
        return struct.pack("<II", btype, n) + body + struct.pack("<I", n)
    path = os.path.join(OUT, name)
    with open(path, "wb") as f:
        f.write(block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1)))
        opts = struct.pack("<HHB3x", 9, 1, 9) + struct.pack("<HH", 0, 0)
        for snaplen in snaplens:
            f.write(block(1, struct.pack("<HHI", linktype, 0, snaplen) + opts))
        for i, (t, data) in enumerate(frames):
            f.write(block(6, struct.pack("<IIIII", i % len(snaplens), t >> 32, t & 0xFFFFFFFF,
                                         len(data), len(data)) + data))
    print("wrote", path)
    return path


def gzip_copy(src, name):
    """A gzip-compressed copy (no name, no time in its header: reproducible)."""
    import gzip
    with open(src, "rb") as f:
        data = f.read()
    path = os.path.join(OUT, name)
    with open(path, "wb") as f:
        with gzip.GzipFile(filename="", mode="wb", fileobj=f, mtime=0) as z:
            z.write(data)
    print("wrote", path)
    return path


def cut_copy(src, name, n):
    """The file without its last n bytes."""
    with open(src, "rb") as f:
        data = f.read()
    path = os.path.join(OUT, name)
    with open(path, "wb") as f:
        f.write(data[:-n])
    print("wrote", path)
    return path


T0 = 1_700_000_000 * 1_000_000_000
MS = 1_000_000


def handshake_close():
    """A plain connection: handshake, 10 bytes each way, client closes."""
    a, b = 0xFFFFFF00, 0x7FFFFFF0  # the client's ISN wraps past 2^32
    ca, sp = 40001, 80
    return [
        tcp4(A4, B4, ca, sp, a, 0, SYN),
        tcp4(B4, A4, sp, ca, b, a + 1, SYN | ACK),
        tcp4(A4, B4, ca, sp, a + 1, b + 1, ACK),
        tcp4(A4, B4, ca, sp, a + 1, b + 1, PSH | ACK, b"q" * 10),
        tcp4(B4, A4, sp, ca, b + 1, a + 11, PSH | ACK, b"r" * 10),
        tcp4(A4, B4, ca, sp, a + 11, b + 11, FIN | ACK),
        tcp4(B4, A4, sp, ca, b + 11, a + 12, FIN | ACK),
        tcp4(A4, B4, ca, sp, a + 12, b + 12, ACK),
    ]


def timed(pkts, step=MS):
    return [(T0 + i * step, p) for i, p in enumerate(pkts)]


def crafted():
    hc = handshake_close()
    # --- link types
    write_pcap("raw.pcap", 101, timed(hc))
    write_pcap("ipv4.pcap", 228, timed(hc))
    eth = b"\x02\0\0\0\0\x02" + b"\x02\0\0\0\0\x01"
    write_pcap("ethernet.pcap", 1, timed([eth + b"\x08\x00" + p for p in hc]))
    write_pcap("vlan.pcap", 1, timed([eth + b"\x81\x00\x00\x64" + b"\x08\x00" + p for p in hc]))
    write_pcap("qinq.pcap", 1, timed([eth + b"\x88\xa8\x00\x0a\x81\x00\x00\x64\x08\x00" + p
                                      for p in hc]))
    sll = [struct.pack("!HHH8sH", 0 if i % 2 else 4, 1, 6, b"\x02\0\0\0\0\x01\0\0", 0x0800) + p
           for i, p in enumerate(hc)]
    write_pcap("sll.pcap", 113, timed(sll))
    sll2 = [struct.pack("!HHIHBB8s", 0x0800, 0, 2, 1, 0, 6, b"\x02\0\0\0\0\x01\0\0") + p
            for p in hc]
    write_pcap("sll2.pcap", 276, timed(sll2))
    write_pcap("null.pcap", 0, timed([struct.pack("<I", 2) + p for p in hc]))
    write_pcap("loop.pcap", 108, timed([struct.pack("!I", 2) + p for p in hc]))
    write_pcap("nanosecond.pcap", 101, [(T0 + 123456789 + i * 1001, p) for i, p in enumerate(hc)],
               nano=True)
    write_pcapng("nanosecond.pcapng", 101, [(T0 + 987654321 + i * 7, p) for i, p in enumerate(hc)])
    # Times that do not fit: packet 3 at 2^64 - 1 ns (year 2554: beyond a signed
    # 64-bit count of ns), packet 6 150 years after the first.
    far = timed(hc)
    far[2] = (2**64 - 1, hc[2])
    far[5] = (T0 + 150 * 365 * 86400 * 1_000_000_000, hc[5])
    write_pcapng("timestamp-range.pcapng", 101, far)

    # --- compressed captures, pcapng interfaces of different snap lengths, records cut short
    cc = os.path.join(OUT, "close-client.pcap")
    if os.path.exists(cc):
        gzip_copy(cc, "compressed.pcap.gz")
    gzip_copy(os.path.join(OUT, "nanosecond.pcapng"), "compressed.pcapng.gz")
    snap = write_pcapng("snaplens.pcapng", 101, timed(hc), snaplens=(65535, 262144, 96))
    # the last record (the server's 10 bytes of data) loses 4 of them
    cut = write_pcap("cut-payload.pcap", 101, timed(hc[:5]))
    cut_copy(cut, "cut-payload.pcap", 4)
    gzip_copy(cut, "cut-payload.pcap.gz")
    cutng = write_pcapng("cut-payload.pcapng", 101, timed(hc[:5]))
    cut_copy(cutng, "cut-payload.pcapng", 6 + 4 + 2)   # 2 of padding, the length, 6 of data

    # --- simultaneous open, then simultaneous close
    a, b = 1000, 5000
    pa, pb = 7000, 7001
    so = [
        tcp4(A4, B4, pa, pb, a, 0, SYN),
        tcp4(B4, A4, pb, pa, b, 0, SYN),            # crosses A's SYN
        tcp4(A4, B4, pa, pb, a, b + 1, SYN | ACK),
        tcp4(B4, A4, pb, pa, b, a + 1, SYN | ACK),
        tcp4(A4, B4, pa, pb, a + 1, b + 1, PSH | ACK, b"h" * 5),
        tcp4(B4, A4, pb, pa, b + 1, a + 6, ACK),
        tcp4(A4, B4, pa, pb, a + 6, b + 1, FIN | ACK),
        tcp4(B4, A4, pb, pa, b + 1, a + 6, FIN | ACK),  # does not ack A's FIN: they crossed
        tcp4(A4, B4, pa, pb, a + 7, b + 2, ACK),
        tcp4(B4, A4, pb, pa, b + 2, a + 7, ACK),
    ]
    write_pcap("simultaneous.pcap", 101, timed(so))

    # --- challenge ACK (RFC 5961): an in-window RST, the challenge, the exact RST
    a, b = 300, 9000
    ch = [
        tcp4(A4, B4, 41000, 443, a, 0, SYN),
        tcp4(B4, A4, 443, 41000, b, a + 1, SYN | ACK),
        tcp4(A4, B4, 41000, 443, a + 1, b + 1, ACK),
        tcp4(A4, B4, 41000, 443, a + 1, b + 1, PSH | ACK, b"g" * 20),
        tcp4(B4, A4, 443, 41000, b + 1, a + 21, ACK),
        tcp4(A4, B4, 41000, 443, a + 21 + 500, 0, RST),       # in window, not exact
        tcp4(B4, A4, 443, 41000, b + 1, a + 21, ACK),          # challenge ACK
        tcp4(A4, B4, 41000, 443, a + 21 + 900000, 0, RST),    # out of window: ignored
        tcp4(A4, B4, 41000, 443, a + 21, 0, RST),             # exact: accepted
    ]
    write_pcap("challenge-ack.pcap", 101, timed(ch))

    # --- port reuse: a connection ends, a new SYN with another ISN on the same ports
    def conn(a, b, sp=42000, dp=80):
        return [
            tcp4(A4, B4, sp, dp, a, 0, SYN),
            tcp4(B4, A4, dp, sp, b, a + 1, SYN | ACK),
            tcp4(A4, B4, sp, dp, a + 1, b + 1, ACK),
            tcp4(A4, B4, sp, dp, a + 1, b + 1, FIN | ACK),
            tcp4(B4, A4, dp, sp, b + 1, a + 2, FIN | ACK),
            tcp4(A4, B4, sp, dp, a + 2, b + 2, ACK),
        ]
    write_pcap("port-reuse.pcap", 101, timed(conn(111, 222) + conn(5555, 6666)))

    # --- a capture that starts mid-connection, and one that starts at the SYN-ACK
    mid = hc[3:]
    write_pcap("midstream.pcap", 101, timed(mid))
    write_pcap("from-synack.pcap", 101, timed(hc[1:]))

    # --- S0 (no answer, SYN retransmitted), REJ, RSTOS0
    s0 = [tcp4(A4, B4, 43000, 81, 77, 0, SYN), tcp4(A4, B4, 43000, 81, 77, 0, SYN)]
    write_pcap("s0.pcap", 101, [(T0, s0[0]), (T0 + 1000 * MS, s0[1])])

    # --- analysis: lost segment, duplicate ACKs, fast retransmission, ACK of unseen data,
    #     out of order, window update, zero window, window full
    a, b = 10, 20
    sp, dp = 44000, 8080
    seq = lambda n: a + 1 + n
    an = [
        (0, tcp4(A4, B4, sp, dp, a, 0, SYN)),
        (1, tcp4(B4, A4, dp, sp, b, a + 1, SYN | ACK)),
        (2, tcp4(A4, B4, sp, dp, a + 1, b + 1, ACK)),
        (10, tcp4(A4, B4, sp, dp, seq(0), b + 1, ACK, b"d" * 100)),
        # seq(100) is lost before the capture point
        (11, tcp4(A4, B4, sp, dp, seq(200), b + 1, ACK, b"d" * 100)),    # lost_segment
        (12, tcp4(B4, A4, dp, sp, b + 1, seq(100), ACK)),
        (13, tcp4(B4, A4, dp, sp, b + 1, seq(100), ACK)),                # duplicate_ack
        (14, tcp4(A4, B4, sp, dp, seq(300), b + 1, ACK, b"d" * 100)),
        (15, tcp4(B4, A4, dp, sp, b + 1, seq(100), ACK)),                # duplicate_ack #2
        (16, tcp4(A4, B4, sp, dp, seq(100), b + 1, ACK, b"d" * 100)),    # fast_retransmission
        (17, tcp4(B4, A4, dp, sp, b + 1, seq(400), ACK)),
        (18, tcp4(B4, A4, dp, sp, b + 1, seq(400), ACK, win=65000)),     # window_update
        (30, tcp4(A4, B4, sp, dp, seq(500), b + 1, ACK, b"d" * 100)),    # lost_segment
        (30.5, tcp4(A4, B4, sp, dp, seq(400), b + 1, ACK, b"d" * 100)),  # out_of_order
        (31, tcp4(B4, A4, dp, sp, b + 1, seq(600), ACK)),
        (32, tcp4(B4, A4, dp, sp, b + 1, seq(700), ACK)),                # ack_lost_segment
        (33, tcp4(A4, B4, sp, dp, seq(600), b + 1, ACK, b"d" * 100)),    # (the unseen data, late)
        (40, tcp4(B4, A4, dp, sp, b + 1, seq(700), ACK, win=0)),         # zero_window
        (250, tcp4(A4, B4, sp, dp, seq(700), b + 1, ACK, b"d")),         # zero_window_probe
        (251, tcp4(B4, A4, dp, sp, b + 1, seq(700), ACK, win=0)),        # zero_window_probe_ack
        (300, tcp4(B4, A4, dp, sp, b + 1, seq(700), ACK, win=1000)),     # window_update
        (301, tcp4(A4, B4, sp, dp, seq(700), b + 1, ACK, b"d" * 1000)),  # window_full
        (500, tcp4(A4, B4, sp, dp, seq(700), b + 1, ACK, b"d" * 1000)),  # retransmission
        (700, tcp4(B4, A4, dp, sp, b + 1, seq(1700), ACK)),
        (701, tcp4(A4, B4, sp, dp, seq(700), b + 1, ACK, b"d" * 1000)),  # spurious_retransmission
        (900, tcp4(A4, B4, sp, dp, seq(1699), b + 1, ACK)),              # keep_alive
        (901, tcp4(B4, A4, dp, sp, b + 1, seq(1700), ACK)),              # keep_alive_ack
    ]
    write_pcap("analysis.pcap", 101, [(T0 + int(t * MS), p) for t, p in an])

    # --- malformed packets among good ones (raw IP), and caplen > len
    bad_ihl = bytearray(hc[2]); bad_ihl[0] = 0x43                      # IHL 12 bytes
    bad_doff = bytearray(hc[2]); bad_doff[20 + 12] = 0x30               # TCP offset 12 bytes
    udp = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 28, 0, 0, 64, 17, 0, A4, B4) + b"\0" * 8
    frag = bytearray(hc[3]); frag[6:8] = struct.pack("!H", 0x0010)     # offset 128, not first
    mal = [hc[0], hc[1], bytes(bad_ihl), hc[2][:12], udp, hc[2], bytes(frag), bytes(bad_doff),
           hc[3], hc[4], hc[5], hc[6], hc[7]]
    frames = [(T0 + i * MS, p) for i, p in enumerate(mal)]
    frames.insert(6, (T0 + 5 * MS + 500, hc[3][:40], 30))             # caplen 40 > len 30
    write_pcap("malformed.pcap", 101, frames)

    # --- broken files
    good = write_pcap("truncated-packet.pcap", 101, timed(hc))
    with open(good, "rb") as f:
        data = f.read()
    with open(good, "wb") as f:
        f.write(data[:-25])                                            # the last record cut short
    with open(os.path.join(OUT, "truncated-header.pcap"), "wb") as f:
        f.write(data[:10])
    open(os.path.join(OUT, "empty.pcap"), "wb").close()
    with open(os.path.join(OUT, "not-a-capture.pcap"), "w") as f:
        f.write("This is a text file, not a packet capture.\n")
    write_pcap("unknown-linktype.pcap", 147, timed(hc[:2]))            # LINKTYPE_USER0


def rules():
    """One capture a rule of the analysis: where Wireshark 4.0 and Zeek are
    followed, and where the states are inferred across what the capture
    missed. Raw IP, client 192.168.7.1, server 192.168.7.2."""
    C, S = A4, B4

    def c(sp, seq, ack, flags, payload=b"", win=64240, dp=80, opts=b""):
        return tcp4(C, S, sp, dp, seq, ack, flags, payload, win, opts)

    def s(sp, seq, ack, flags, payload=b"", win=64240, dp=80, opts=b""):
        return tcp4(S, C, dp, sp, seq, ack, flags, payload, win, opts)

    def at(base, pkts):
        """[(ms, packet)] to [(ns, packet)]."""
        return [(base + int(t * MS), p) for t, p in pkts]

    a, b = 1000, 50000
    d = b"x" * 100

    # ACKed segment that wasn't captured: the client's second 100 bytes are
    # missing from the capture; the server acknowledges them four times.
    sp = 45001
    write_pcap("acked-unseen.pcap", 101, at(T0, [
        (0, c(sp, a, 0, SYN)), (1, s(sp, b, a + 1, SYN | ACK)), (2, c(sp, a + 1, b + 1, ACK)),
        (10, c(sp, a + 1, b + 1, ACK, d)),
        # a + 101 .. a + 201 not captured
        (20, s(sp, b + 1, a + 201, ACK)),                 # ACKs the unseen segment
        (21, s(sp, b + 1, a + 201, ACK, b"y" * 50)),      # again, with data
        (22, s(sp, b + 51, a + 201, ACK, b"y" * 50)),     # and again
        (30, c(sp, a + 201, b + 101, ACK)),               # the client's ACK moves
        (31, s(sp, b + 101, a + 201, ACK, b"y" * 50)),    # and the server's still ACKs it
    ]))

    # Spurious retransmission is tested first: data resent after it was
    # acknowledged, soon enough to be out of order, and after two duplicate ACKs.
    sp = 45002
    write_pcap("spurious-first.pcap", 101, at(T0, [
        (0, c(sp, a, 0, SYN)), (1, s(sp, b, a + 1, SYN | ACK)), (2, c(sp, a + 1, b + 1, ACK)),
        (10, c(sp, a + 1, b + 1, ACK, d)),
        (10.2, c(sp, a + 101, b + 1, ACK, d)),
        (10.5, s(sp, b + 1, a + 201, ACK)),
        (11, c(sp, a + 1, b + 1, ACK, d)),               # acked already, 0.8 ms later
        (20, c(sp, a + 201, b + 1, ACK, d)),
        (20.1, s(sp, b + 1, a + 301, ACK)),
        (20.2, s(sp, b + 1, a + 301, ACK)),              # duplicate ACK
        (20.3, s(sp, b + 1, a + 301, ACK)),              # duplicate ACK #2
        (20.4, c(sp, a + 201, b + 1, ACK, d)),           # at the dup ACKs' number, but acked
    ]))

    # The initial RTT: a SYN at time 0 (the epoch) never sets it; otherwise it
    # runs from the last SYN to the first pure ACK, and decides between out of
    # order and retransmission.
    def irtt_conn(sp, syns):
        """A handshake of 20 ms after the last SYN, data, and the data sent
        again 10 ms and 500 ms after the newest: out of order or a
        retransmission by the initial RTT (3 ms when there is none)."""
        pk = [(t, c(sp, a, 0, SYN)) for t in syns]
        h = syns[-1]
        pk += [
            (h + 10, s(sp, b, a + 1, SYN | ACK)), (h + 20, c(sp, a + 1, b + 1, ACK)),
            (h + 100, c(sp, a + 1, b + 1, ACK, d)),
            (h + 101, c(sp, a + 101, b + 1, ACK, d)),
            (h + 111, c(sp, a + 1, b + 1, ACK, d)),
            (h + 601, c(sp, a + 101, b + 1, ACK, d)),
        ]
        return pk
    # the first connection's SYN at the epoch itself, the second's not
    write_pcap("irtt-epoch0.pcap", 101, at(0, irtt_conn(45003, [0]))
               + at(T0, irtt_conn(45017, [0])))
    # the SYN sent again a second later: timed from the last one
    write_pcap("irtt-last-syn.pcap", 101, at(T0, irtt_conn(45004, [0, 1000])))

    # After both ends closed, and after a RST: no analysis marks. The
    # server's FIN is sent again after the client's final ACK (lost on the
    # way): the server is still in LAST-ACK, the client in TIME-WAIT
    # acknowledges it again.
    sp = 45006
    write_pcap("fin-resent.pcap", 101, at(T0, [
        (0, c(sp, a, 0, SYN)), (1, s(sp, b, a + 1, SYN | ACK)), (2, c(sp, a + 1, b + 1, ACK)),
        (10, c(sp, a + 1, b + 1, PSH | ACK, d)),
        (11, s(sp, b + 1, a + 101, ACK)),
        (20, c(sp, a + 101, b + 1, FIN | ACK)),
        (21, s(sp, b + 1, a + 102, ACK)),
        (30, s(sp, b + 1, a + 102, FIN | ACK)),
        (31, c(sp, a + 102, b + 2, ACK)),                 # lost on its way to the server
        (230, s(sp, b + 1, a + 102, FIN | ACK)),          # the server sends its FIN again
        (231, c(sp, a + 102, b + 2, ACK)),                # TIME-WAIT acknowledges it again
    ]))
    sp = 45007
    write_pcap("after-rst.pcap", 101, at(T0, [
        (0, c(sp, a, 0, SYN)), (1, s(sp, b, a + 1, SYN | ACK)), (2, c(sp, a + 1, b + 1, ACK)),
        (10, c(sp, a + 1, b + 1, PSH | ACK, d)),
        (11, s(sp, b + 1, a + 101, RST | ACK)),
        (12, c(sp, a + 101, b + 1, PSH | ACK, d)),        # sent before the RST arrived
        (300, c(sp, a + 101, b + 1, PSH | ACK, d)),       # its retransmission
        (301, s(sp, b + 101, 0, RST)),
        (302, c(sp, a + 101, b + 1, PSH | ACK, d)),       # and again
    ]))

    # A SYN refused, then retried with the same ISN: a retransmission of the
    # same connection, not a new one on reused ports.
    sp = 45008
    write_pcap("syn-retry-rst.pcap", 101, at(T0, [
        (0, c(sp, a, 0, SYN)), (1, s(sp, 0, a + 1, RST | ACK)),
        (1000, c(sp, a, 0, SYN)), (1001, s(sp, b, a + 1, SYN | ACK)),
        (1002, c(sp, a + 1, b + 1, ACK)),
        (1010, c(sp, a + 1, b + 1, ACK | FIN)), (1011, s(sp, b + 1, a + 2, ACK | FIN)),
        (1012, c(sp, a + 2, b + 2, ACK)),
    ]))

    # The SYN-ACK sent again with another ISN (a server that lost its first
    # half-open connection): the client acknowledges the second one.
    sp = 45009
    b2 = b + 777777
    write_pcap("synack-new-isn.pcap", 101, at(T0, [
        (0, c(sp, a, 0, SYN)), (1, s(sp, b, a + 1, SYN | ACK)),
        (1000, c(sp, a, 0, SYN)), (1001, s(sp, b2, a + 1, SYN | ACK)),
        (1002, c(sp, a + 1, b2 + 1, ACK)),
        (1010, c(sp, a + 1, b2 + 1, PSH | ACK, d)), (1011, s(sp, b2 + 1, a + 101, ACK)),
        (1020, c(sp, a + 101, b2 + 1, ACK | FIN)), (1021, s(sp, b2 + 1, a + 102, ACK | FIN)),
        (1022, c(sp, a + 102, b2 + 2, ACK)),
    ]))

    # A capture that starts with one byte from the client, then another
    # before the server was seen: no zero-window probe, the server's window
    # is not known to be zero.
    sp = 45010
    write_pcap("zwp-first.pcap", 101, at(T0, [
        (0, c(sp, a + 1, b + 1, PSH | ACK, b"z")),
        (1, c(sp, a + 2, b + 1, PSH | ACK, b"z")),
        (2, s(sp, b + 1, a + 3, ACK)),
    ]))

    # Zeek: a RST after both FINs is still SF; so is FIN, RST, then the
    # peer's FIN.
    sp = 45011
    write_pcap("rst-after-fins.pcap", 101, at(T0, [
        (0, c(sp, a, 0, SYN)), (1, s(sp, b, a + 1, SYN | ACK)), (2, c(sp, a + 1, b + 1, ACK)),
        (10, c(sp, a + 1, b + 1, ACK | FIN)), (11, s(sp, b + 1, a + 2, ACK | FIN)),
        (12, c(sp, a + 2, b + 2, RST | ACK)),
        (20, c(45012, a, 0, SYN)), (21, s(45012, b, a + 1, SYN | ACK)),
        (22, c(45012, a + 1, b + 1, ACK)),
        (30, c(45012, a + 1, b + 1, ACK | FIN)), (31, c(45012, a + 2, 0, RST)),
        (32, s(45012, b + 1, a + 2, ACK | FIN)),
    ]))

    # The SYN not captured; SYN-ACK, ACK and data both ways were: Zeek's S1,
    # the client established.
    sp = 45013
    write_pcap("no-syn.pcap", 101, at(T0, [
        (1, s(sp, b, a + 1, SYN | ACK)), (2, c(sp, a + 1, b + 1, ACK)),
        (10, c(sp, a + 1, b + 1, PSH | ACK, d)), (11, s(sp, b + 1, a + 101, PSH | ACK, d)),
        (12, c(sp, a + 101, b + 101, ACK)),
    ]))

    # The SYN-ACK and the handshake's ACK not captured (the capture dropped
    # them): the client sends and receives data and closes. It was
    # ESTABLISHED, inferred across the hole.
    sp = 45014
    write_pcap("hole-handshake.pcap", 101, at(T0, [
        (0, c(sp, a, 0, SYN)),
        # SYN-ACK and ACK not captured
        (10, c(sp, a + 1, b + 1, PSH | ACK, d)), (11, s(sp, b + 1, a + 101, PSH | ACK, d)),
        (12, c(sp, a + 101, b + 101, ACK)),
        (20, c(sp, a + 101, b + 101, ACK | FIN)), (21, s(sp, b + 101, a + 102, ACK | FIN)),
        (22, c(sp, a + 102, b + 102, ACK)),
    ]))

    # Malformed TCP options: the segment is kept, its options marked bad. An
    # option whose length runs past the header, and a length of 1.
    sp = 45015
    bad_run = bytes([2, 4, 5, 0xb4, 8, 40, 0, 0])       # timestamps claim 40 bytes in 4
    bad_len = bytes([1, 1, 3, 1, 0, 0, 0, 0])            # window scale of length 1
    write_pcap("bad-options.pcap", 101, at(T0, [
        (0, c(sp, a, 0, SYN, opts=bad_run)), (1, s(sp, b, a + 1, SYN | ACK, opts=bad_len)),
        (2, c(sp, a + 1, b + 1, ACK)),
        (10, c(sp, a + 1, b + 1, ACK | FIN)), (11, s(sp, b + 1, a + 2, ACK | FIN)),
        (12, c(sp, a + 2, b + 2, ACK)),
    ]))

    # The IPv4 total length claims more than the frame holds (35,084 bytes in
    # a 40-byte packet): the segment is what the frame holds. And a first IP
    # fragment (more fragments to come) is not a whole segment.
    sp = 45016
    hc = [c(sp, a, 0, SYN), s(sp, b, a + 1, SYN | ACK), c(sp, a + 1, b + 1, ACK),
          c(sp, a + 1, b + 1, ACK, b"w" * 20)]
    long = bytearray(hc[3]); long[2:4] = struct.pack("!H", 35084)
    frag = bytearray(c(sp, a + 21, b + 1, ACK, b"f" * 64)); frag[6:8] = struct.pack("!H", 0x2000)
    write_pcap("ip-length.pcap", 101, at(T0, [
        (0, hc[0]), (1, hc[1]), (2, hc[2]), (10, bytes(long)),
        (20, bytes(frag)),
        (30, s(sp, b + 1, a + 21, ACK)),
    ]))


def links_and_tunnels():
    """The same 8-segment connection in each link type and each tunnel
    Synack reads: link-*.pcap and tunnel-*.pcap."""
    hc = handshake_close()
    mac_a, mac_b = b"\x02\0\0\0\0\x01", b"\x02\0\0\0\0\x02"
    llc = b"\xaa\xaa\x03\x00\x00\x00\x08\x00"
    O4, P4 = bytes([10, 99, 0, 1]), bytes([10, 99, 0, 2])

    def ipv4(proto, payload, src=O4, dst=P4):
        h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 0, 0x4000, 64, proto, 0,
                        src, dst)
        return h[:10] + struct.pack("!H", csum(h)) + h[12:] + payload

    def ipv6(proto, payload):
        return (struct.pack("!IHBB", 0x60000000, len(payload), proto, 64)
                + b"\x20\x01\x0d\xb8" + b"\0" * 11 + b"\x01"
                + b"\x20\x01\x0d\xb8" + b"\0" * 11 + b"\x02" + payload)

    def udp(sport, dport, payload):
        return struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload

    def eth(payload, etype=0x0800):
        return mac_b + mac_a + struct.pack("!H", etype) + payload

    def each(name, linktype, wrap):
        write_pcap(name, linktype, timed([wrap(p) for p in hc]))

    # --- link types
    radiotap = struct.pack("<BBHI", 0, 0, 8, 0)
    dot11 = (b"\x08\x01\x00\x00" + mac_b + mac_a + mac_b + b"\x00\x00")   # data, to DS
    qos = (b"\x88\x01\x00\x00" + mac_b + mac_a + mac_b + b"\x00\x00\x00\x00")
    each("link-80211.pcap", 105, lambda p: dot11 + llc + p)
    each("link-radiotap.pcap", 127, lambda p: radiotap + qos + llc + p)
    # radiotap with TSFT and Flags (FCS at the end, header padding)
    rt2 = struct.pack("<BBHI", 0, 0, 24, 0x3) + b"\0" * 8 + bytes([0x30]) + b"\0" * 7
    each("link-radiotap-pad.pcap", 127, lambda p: rt2 + qos + b"\0\0" + llc + p + b"\xde\xad\xbe\xef")
    each("link-ppi.pcap", 192, lambda p: struct.pack("<BBHI", 0, 0, 8, 105) + dot11 + llc + p)
    each("link-ppp.pcap", 9, lambda p: b"\xff\x03\x00\x21" + p)
    each("link-ppp-serial.pcap", 50, lambda p: b"\xff\x03\x00\x21" + p)
    each("link-pppoe.pcap", 51, lambda p: struct.pack("!BBHH", 0x11, 0, 7, len(p) + 2)
         + b"\x00\x21" + p)
    each("link-chdlc.pcap", 104, lambda p: b"\x0f\x00\x08\x00" + p)
    each("link-frelay.pcap", 107, lambda p: b"\x18\x41\x03\xcc" + p)
    each("link-slip.pcap", 8, lambda p: bytes([0]) + b"\0" * 15 + p)
    def nflog(p):
        tlv = struct.pack("<HH", 4 + len(p), 9) + p
        tlv += b"\0" * (-len(tlv) % 4)
        prefix = struct.pack("<HH", 8, 10) + b"fx\0\0"                    # NFULA_PREFIX
        return bytes([2, 0, 0, 0]) + prefix + tlv
    each("link-nflog.pcap", 239, nflog)
    each("link-pktap.pcap", 258, lambda p: struct.pack("<III", 108, 1, 12) + b"\0" * 96 + p)
    each("link-ipnet.pcap", 226, lambda p: struct.pack("!BBHIIIII", 1, 2, 0, len(p), 1, 0, 0, 0)
         + p)
    each("link-fddi.pcap", 10, lambda p: b"\x50" + mac_b + mac_a + llc + p)
    each("link-tokenring.pcap", 6, lambda p: b"\x10\x40" + mac_b + mac_a + llc + p)
    each("link-atm.pcap", 11, lambda p: llc + p)
    each("link-ipoib.pcap", 242, lambda p: b"\x08\x00\x00\x00" + p)
    each("link-mpls.pcap", 219, lambda p: struct.pack("!I", (16 << 12) | 0x100 | 64) + p)

    # --- tunnels, each inside Ethernet (outer addresses 10.99.0.1 -> 10.99.0.2)
    mpls = lambda p, bos=1: struct.pack("!I", (100 << 12) | (bos << 8) | 64) + p
    tunnels = {
        "gre": lambda p: eth(ipv4(47, b"\x00\x00\x08\x00" + p)),
        "gre-key": lambda p: eth(ipv4(47, b"\x30\x00\x08\x00" + b"\0\0\0\x07" + b"\0\0\0\x01"
                                       + p)),
        "erspan": lambda p: eth(ipv4(47, b"\x10\x00\x88\xbe" + b"\0\0\0\x01"
                                      + b"\x10\x00\x00\x01\x00\x00\x00\x00" + eth(p))),
        "mpls": lambda p: eth(struct.pack("!I", (200 << 12) | 64) + mpls(p), 0x8847),  # 2 labels
        "pppoe": lambda p: eth(struct.pack("!BBHH", 0x11, 0, 7, len(p) + 2) + b"\x00\x21" + p,
                               0x8864),
        "vxlan": lambda p: eth(ipv4(17, udp(54321, 4789, b"\x08\0\0\0\0\0\x2a\0" + eth(p)))),
        "geneve": lambda p: eth(ipv4(17, udp(54321, 6081, b"\x00\x00\x65\x58\0\0\x2a\0"
                                              + eth(p)))),
        "gtpu": lambda p: eth(ipv4(17, udp(2152, 2152, struct.pack("!BBHI", 0x30, 0xff, len(p), 7)
                                            + p))),
        "teredo": None,
        "ayiya": None,
        "ipip": lambda p: eth(ipv4(4, p)),
        "6in4": None,
        "4in6": lambda p: eth(ipv6(4, p), 0x86dd),
        "vntag": lambda p: mac_b + mac_a + b"\x89\x26\x00\x01\x00\x02\x08\x00" + p,
        "pbb": lambda p: mac_b + mac_a + b"\x88\xe7\x00\x00\x01\x00" + eth(p),
        "fabricpath": lambda p: mac_b + mac_a + b"\x89\x03\x00\x3f" + eth(p),
    }
    for name, wrap in tunnels.items():
        if wrap is not None:
            each("tunnel-%s.pcap" % name, 1, wrap)
    # IPv6 inside: 6in4, Teredo, AYIYA carry the IPv6 version of the connection
    h6 = [p for p in v6_connection()]
    write_pcap("tunnel-6in4.pcap", 1, timed([eth(ipv4(41, p)) for p in h6]))
    write_pcap("tunnel-teredo.pcap", 1, timed([eth(ipv4(17, udp(3544, 40000, p))) for p in h6]))
    ayiya = bytes([0x41, 0x52, 0x11, 41]) + struct.pack("!I", 0) + b"\0" * 16 + b"\0" * 20
    write_pcap("tunnel-ayiya.pcap", 1, timed([eth(ipv4(17, udp(5072, 5072, ayiya + p)))
                                               for p in h6]))


def v6_connection():
    """handshake_close() over IPv6 (2001:db8::a and ::b)."""
    A6 = b"\x20\x01\x0d\xb8" + b"\0" * 11 + b"\x0a"
    B6 = b"\x20\x01\x0d\xb8" + b"\0" * 11 + b"\x0b"
    out = []
    for p in handshake_close():
        tcp = bytearray(p[20:])
        tcp[16:18] = b"\0\0"
        sa, da = (A6, B6) if p[12:16] == A4 else (B6, A6)
        c = csum(sa + da + struct.pack("!IxxxB", len(tcp), 6) + bytes(tcp))
        tcp[16:18] = struct.pack("!H", c)
        out.append(struct.pack("!IHBB", 0x60000000, len(tcp), 6, 64) + sa + da + bytes(tcp))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only")
    ap.add_argument("--crafted-only", action="store_true")
    args = ap.parse_args()
    os.makedirs(OUT, exist_ok=True)
    crafted()
    rules()
    links_and_tunnels()
    if args.crafted_only:
        return
    if os.geteuid() != 0:
        sys.exit("make-fixtures.py: the kernel captures need root (network namespaces, tcpdump)")
    netns_up()
    try:
        for name, (srv, cli) in SCENARIOS.items():
            if args.only and args.only != name:
                continue
            run_kernel(name, srv, cli)
        if not args.only or args.only == "ipv6":
            run_kernel("ipv6", IPV6[0], IPV6[1], ns_server=NS_C, iface="lo")
    finally:
        netns_down()


if __name__ == "__main__":
    main()
