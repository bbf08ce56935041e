/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Link-layer decoding: every supported link type from a fixture, broken
 * frames rejected with a reason, never a read past the captured bytes. */
#include "config.h"

#include <pcap/pcap.h>
#include <string.h>

#include "synack-decode.h"
#include "synack-error.h"
#include "synack-pcap-source.h"
#include "synack-test-utils.h"

static const struct
{
  const char *file;
  int         linktype;
  const char *encapsulation;   /* the tunnel named in the trace, or NULL */
} link_fixtures[] = {
  { "ethernet.pcap", DLT_EN10MB },
  { "vlan.pcap", DLT_EN10MB },
  { "qinq.pcap", DLT_EN10MB },
  { "sll.pcap", DLT_LINUX_SLL },
  { "sll2.pcap", DLT_LINUX_SLL2 },
  { "null.pcap", DLT_NULL },
  { "loop.pcap", DLT_LOOP },
  { "raw.pcap", DLT_RAW },
  { "ipv4.pcap", DLT_IPV4 },
  { "close-client.pcap", DLT_EN10MB },   /* real kernel TCP on a veth */
  { "ipv6.pcap", DLT_EN10MB },           /* real kernel TCP on loopback */
  /* every link type a desktop user is likely to bring */
  { "link-80211.pcap", DLT_IEEE802_11 },
  { "link-radiotap.pcap", DLT_IEEE802_11_RADIO },
  { "link-radiotap-pad.pcap", DLT_IEEE802_11_RADIO },  /* TSFT, padding, FCS */
  { "link-ppi.pcap", DLT_PPI },
  { "link-ppp.pcap", DLT_PPP },
  { "link-ppp-serial.pcap", DLT_PPP_SERIAL },
  { "link-pppoe.pcap", DLT_PPP_ETHER },
  { "link-chdlc.pcap", DLT_C_HDLC },
  { "link-frelay.pcap", DLT_FRELAY },
  { "link-slip.pcap", DLT_SLIP },
  { "link-nflog.pcap", DLT_NFLOG },
  { "link-pktap.pcap", 258 },
  { "link-ipnet.pcap", DLT_IPNET },
  { "link-fddi.pcap", DLT_FDDI },
  { "link-tokenring.pcap", DLT_IEEE802 },
  { "link-atm.pcap", DLT_ATM_RFC1483 },
  { "link-ipoib.pcap", DLT_IPOIB },
  { "link-mpls.pcap", DLT_MPLS },
  /* every tunnel, inside Ethernet */
  { "tunnel-gre.pcap", DLT_EN10MB, "GRE" },
  { "tunnel-gre-key.pcap", DLT_EN10MB, "GRE" },
  { "tunnel-erspan.pcap", DLT_EN10MB, "GRE / ERSPAN" },
  { "tunnel-mpls.pcap", DLT_EN10MB, "MPLS" },
  { "tunnel-pppoe.pcap", DLT_EN10MB, "PPPoE" },
  { "tunnel-vxlan.pcap", DLT_EN10MB, "VXLAN" },
  { "tunnel-geneve.pcap", DLT_EN10MB, "Geneve" },
  { "tunnel-gtpu.pcap", DLT_EN10MB, "GTP-U" },
  { "tunnel-ipip.pcap", DLT_EN10MB, "IP in IP" },
  { "tunnel-4in6.pcap", DLT_EN10MB, "IPv4 in IPv6" },
  { "tunnel-6in4.pcap", DLT_EN10MB, "6in4" },
  { "tunnel-teredo.pcap", DLT_EN10MB, "Teredo" },
  { "tunnel-ayiya.pcap", DLT_EN10MB, "AYIYA" },
  { "tunnel-vntag.pcap", DLT_EN10MB, "VN-Tag" },
  { "tunnel-pbb.pcap", DLT_EN10MB, "PBB" },
  { "tunnel-fabricpath.pcap", DLT_EN10MB, "FabricPath" },
};

/* The same 8-segment connection, in every link type: the same trace. */
static void
test_link_types (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (link_fixtures); i++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "capture",
                                                     link_fixtures[i].file, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(SynackTrace) trace = NULL;
      SynackCaptureStats stats;
      const SynackConnection *c;
      char buf[80];

      g_test_message ("%s", link_fixtures[i].file);
      synack_capture_stats_init (&stats);
      trace = synack_pcap_load_file (path, NULL, NULL, NULL, NULL, &stats, &error);
      g_assert_no_error (error);
      g_assert_cmpint (stats.linktype, ==, link_fixtures[i].linktype);
      g_assert_cmpuint (stats.malformed, ==, 0);
      g_assert_cmpuint (stats.not_tcp, ==, 0);
      g_assert_cmpuint (stats.tcp, ==, stats.packets);
      g_assert_cmpuint (synack_trace_get_n_connections (trace), ==, 1);
      c = synack_trace_get_connection (trace, 0);
      if (g_str_has_prefix (link_fixtures[i].file, "close-"))
        {
          g_assert_cmpuint (stats.tcp, ==, 11);
          g_assert_cmpstr (synack_address_to_string (&c->addr[1], buf, sizeof buf), ==, "10.9.0.2");
        }
      else if (g_str_has_prefix (link_fixtures[i].file, "ipv6"))
        g_assert_cmpuint (c->addr[0].family, ==, 6);
      else if (c->addr[0].family == 6)
        {
          /* The IPv6 connection inside 6in4, Teredo and AYIYA. */
          g_assert_cmpuint (stats.tcp, ==, 8);
          g_assert_cmpstr (synack_endpoint_to_string (&c->addr[0], c->port[0], buf, sizeof buf),
                           ==, "[2001:db8::a]:40001");
          g_assert_cmpstr (c->summary, ==, "SF");
        }
      else
        {
          g_assert_cmpuint (stats.tcp, ==, 8);
          g_assert_cmpstr (synack_endpoint_to_string (&c->addr[0], c->port[0], buf, sizeof buf),
                           ==, "192.168.7.1:40001");
          g_assert_cmpstr (synack_endpoint_to_string (&c->addr[1], c->port[1], buf, sizeof buf),
                           ==, "192.168.7.2:80");
          /* The SYN at relative 0 (the ISN wraps past 2^32). */
          g_assert_cmpuint (synack_trace_relative_seq (trace,
                                                       synack_test_find_segment (trace, SYNACK_FLAG_SYN, 0)),
                            ==, 0);
          g_assert_cmpstr (c->summary, ==, "SF");
        }
      /* Each segment says which tunnel it came in (and a plain one none). */
      for (guint k = 0; k < c->n_events; k++)
        {
          guint ev = synack_trace_conn_event (trace, 0, k);

          if (synack_trace_get_event_kind (trace, ev) == SYNACK_EVENT_SEGMENT)
            g_assert_cmpstr (synack_trace_get_segment_encapsulation (trace, ev), ==,
                             link_fixtures[i].encapsulation);
        }
      synack_capture_stats_clear (&stats);
    }
}

/* A TCP/IPv4 packet from the crafted fixtures' generator, built here. */
static gsize
make_ipv4 (guint8 *buf,
           gsize   len,
           guint32 payload)
{
  SynackAddress a, b;
  SynackSegment seg = { 0 };
  g_autoptr(GError) error = NULL;
  gsize n;

  synack_address_parse ("10.1.2.3", &a);
  synack_address_parse ("10.1.2.4", &b);
  seg.sport = 5555;
  seg.dport = 80;
  seg.seq = 1000;
  seg.ack = 2000;
  seg.flags = SYNACK_FLAG_ACK | SYNACK_FLAG_PSH;
  seg.window = 512;
  seg.options = SYNACK_OPTION_TIMESTAMP;
  seg.ts_val = 7;
  seg.ts_ecr = 9;
  seg.payload_len = payload;
  n = synack_wire_encode (&a, &b, &seg, NULL, 64, 1, buf, len, &error);
  g_assert_no_error (error);
  return n;
}

static void
test_ethernet_frames (void)
{
  guint8 ip[256], frame[512];
  gsize n = make_ipv4 (ip, sizeof ip, 20);
  SynackIpInfo info;
  SynackSegment seg;
  g_autoptr(GError) error = NULL;
  static const guint8 macs[12] = { 2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2 };

  /* Plain, one tag, two tags. */
  for (guint tags = 0; tags <= 2; tags++)
    {
      gsize off = 12;

      memcpy (frame, macs, 12);
      for (guint t = 0; t < tags; t++)
        {
          frame[off++] = t == 0 && tags == 2 ? 0x88 : 0x81;
          frame[off++] = t == 0 && tags == 2 ? 0xa8 : 0x00;
          frame[off++] = 0x00;
          frame[off++] = 0x10 + t;
        }
      frame[off++] = 0x08;
      frame[off++] = 0x00;
      memcpy (frame + off, ip, n);
      g_assert_cmpint (synack_decode_frame (DLT_EN10MB, frame, off + n, TRUE, &info, &seg, &error),
                       ==, SYNACK_DECODE_TCP);
      g_assert_no_error (error);
      g_assert_cmpuint (seg.sport, ==, 5555);
      g_assert_cmpuint (seg.payload_len, ==, 20);
      g_assert_cmpuint (seg.ts_val, ==, 7);
      g_assert_cmpint (info.tcp_checksum, ==, SYNACK_CHECKSUM_GOOD);
      /* Without verification the checksum is not looked at (as Wireshark). */
      g_assert_cmpint (synack_decode_frame (DLT_EN10MB, frame, off + n, FALSE, &info, &seg, NULL),
                       ==, SYNACK_DECODE_TCP);
      g_assert_cmpint (info.tcp_checksum, ==, SYNACK_CHECKSUM_UNKNOWN);
      g_assert_cmpuint (info.payload_captured, ==, 20);
    }

  /* A damaged payload byte: a bad checksum, still decoded. */
  frame[14 + n - 1] ^= 0xff;
  g_assert_cmpint (synack_decode_frame (DLT_EN10MB, frame, 14 + n, TRUE, &info, &seg, NULL), ==,
                   SYNACK_DECODE_TCP);

  /* ARP and 802.3 lengths are not TCP. */
  memcpy (frame, macs, 12);
  frame[12] = 0x08;
  frame[13] = 0x06;
  g_assert_cmpint (synack_decode_frame (DLT_EN10MB, frame, 60, FALSE, &info, &seg, &error), ==,
                   SYNACK_DECODE_NOT_TCP);
  frame[12] = 0x00;
  frame[13] = 0x40;
  g_assert_cmpint (synack_decode_frame (DLT_EN10MB, frame, 60, FALSE, &info, &seg, &error), ==,
                   SYNACK_DECODE_NOT_TCP);
  g_assert_no_error (error);

  /* Truncated Ethernet header and VLAN tag. */
  g_assert_cmpint (synack_decode_frame (DLT_EN10MB, frame, 13, FALSE, &info, &seg, &error), ==,
                   SYNACK_DECODE_MALFORMED);
  g_assert_error (error, SYNACK_ERROR, SYNACK_ERROR_TRUNCATED);
  g_assert_nonnull (strstr (error->message, "Ethernet"));
  g_clear_error (&error);
  frame[12] = 0x81;
  frame[13] = 0x00;
  g_assert_cmpint (synack_decode_frame (DLT_EN10MB, frame, 16, FALSE, &info, &seg, &error), ==,
                   SYNACK_DECODE_MALFORMED);
  g_assert_nonnull (strstr (error->message, "VLAN"));
}

static void
test_other_links (void)
{
  guint8 ip[256], frame[512];
  gsize n = make_ipv4 (ip, sizeof ip, 0);
  SynackIpInfo info;
  SynackSegment seg;
  g_autoptr(GError) error = NULL;

  /* BSD null: the family in either byte order. */
  frame[0] = 2; frame[1] = frame[2] = frame[3] = 0;
  memcpy (frame + 4, ip, n);
  g_assert_cmpint (synack_decode_frame (DLT_NULL, frame, n + 4, FALSE, &info, &seg, NULL), ==,
                   SYNACK_DECODE_TCP);
  frame[0] = frame[1] = frame[2] = 0; frame[3] = 2;
  g_assert_cmpint (synack_decode_frame (DLT_NULL, frame, n + 4, FALSE, &info, &seg, NULL), ==,
                   SYNACK_DECODE_TCP);
  g_assert_cmpint (synack_decode_frame (DLT_LOOP, frame, n + 4, FALSE, &info, &seg, NULL), ==,
                   SYNACK_DECODE_TCP);
  /* AF_INET6 with an IPv4 packet inside: the link layer and IP disagree. */
  frame[3] = 10;
  g_assert_cmpint (synack_decode_frame (DLT_LOOP, frame, n + 4, FALSE, &info, &seg, &error), ==,
                   SYNACK_DECODE_MALFORMED);
  g_assert_error (error, SYNACK_ERROR, SYNACK_ERROR_MALFORMED);
  g_clear_error (&error);

  /* Linux cooked v2 with a VLAN tag the kernel left in. */
  memset (frame, 0, 24);
  frame[0] = 0x81;
  frame[1] = 0x00;
  frame[22] = 0x08;
  frame[23] = 0x00;
  memcpy (frame + 24, ip, n);
  g_assert_cmpint (synack_decode_frame (DLT_LINUX_SLL2, frame, n + 24, FALSE, &info, &seg, NULL),
                   ==, SYNACK_DECODE_TCP);
  g_assert_cmpint (synack_decode_frame (DLT_LINUX_SLL2, frame, 19, FALSE, &info, &seg, &error),
                   ==, SYNACK_DECODE_MALFORMED);
  g_assert_nonnull (strstr (error->message, "cooked v2"));
  g_clear_error (&error);

  /* Raw IP: a version nibble that is neither 4 nor 6. */
  memcpy (frame, ip, n);
  frame[0] = 0x55;
  g_assert_cmpint (synack_decode_frame (DLT_RAW, frame, n, FALSE, &info, &seg, &error), ==,
                   SYNACK_DECODE_MALFORMED);
  g_assert_nonnull (strstr (error->message, "version 5"));
  g_clear_error (&error);

  /* The first fragment (more fragments, offset 0) holds the TCP header but
   * not the whole segment: a fragment, as Wireshark does not analyse it. */
  memcpy (frame, ip, n);
  frame[6] = 0x20;
  frame[7] = 0x00;
  g_assert_cmpint (synack_decode_frame (DLT_RAW, frame, n, FALSE, &info, &seg, &error), ==,
                   SYNACK_DECODE_FRAGMENT);
  g_assert_nonnull (strstr (error->message, "first IPv4 fragment"));
  g_clear_error (&error);

  /* A fragment that is not the first. */
  memcpy (frame, ip, n);
  frame[6] = 0x00;
  frame[7] = 0x10;
  g_assert_cmpint (synack_decode_frame (DLT_RAW, frame, n, FALSE, &info, &seg, &error), ==,
                   SYNACK_DECODE_FRAGMENT);
  g_assert_error (error, SYNACK_ERROR, SYNACK_ERROR_FRAGMENT);
  g_clear_error (&error);

  /* An unknown link type. */
  g_assert_false (synack_decode_linktype_supported (147));
  g_assert_cmpint (synack_decode_frame (147, ip, n, FALSE, &info, &seg, &error), ==,
                   SYNACK_DECODE_MALFORMED);
  g_assert_error (error, SYNACK_ERROR, SYNACK_ERROR_UNSUPPORTED);
}

/* Every prefix of every frame in the fixtures, each in a buffer of exactly
 * that size (so a read past it is a heap overflow for ASan and valgrind):
 * decoded or rejected, never a crash. */
static void
test_every_prefix (void)
{
  static const char *const files[] = {
    "ethernet.pcap", "vlan.pcap", "qinq.pcap", "sll.pcap", "sll2.pcap", "null.pcap",
    "loop.pcap", "raw.pcap", "ipv6.pcap", "malformed.pcap", "zero-window.pcap",
  };
  guint64 decoded = 0, rejected = 0;

  for (guint f = 0; f < G_N_ELEMENTS (files); f++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "capture", files[f], NULL);
      char errbuf[PCAP_ERRBUF_SIZE];
      pcap_t *p = pcap_open_offline (path, errbuf);
      struct pcap_pkthdr *h;
      const u_char *data;
      int linktype;

      g_assert_nonnull (p);
      linktype = pcap_datalink (p);
      while (pcap_next_ex (p, &h, &data) == 1)
        for (guint32 len = 0; len <= h->caplen; len++)
          {
            g_autofree guint8 *copy = g_memdup2 (data, MAX (len, 1));
            GError *error = NULL;
            SynackIpInfo info;
            SynackSegment seg;
            SynackDecodeResult r;

            r = synack_decode_frame (linktype, copy, len, len % 2 == 0, &info, &seg, &error);
            if (r == SYNACK_DECODE_TCP)
              {
                decoded++;
                g_assert_null (error);
                g_assert_cmpuint (info.payload_offset, <=, len);
                g_assert_cmpuint (info.payload_offset + info.payload_captured, <=, len);
              }
            else
              {
                rejected++;
                if (r != SYNACK_DECODE_NOT_TCP)
                  {
                    g_assert_nonnull (error);
                    g_assert_cmpstr (error->message, !=, "");
                  }
                g_clear_error (&error);
              }
          }
      pcap_close (p);
    }
  g_assert_cmpuint (decoded, >, 0);
  g_assert_cmpuint (rejected, >, decoded);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/synack/decode/link-types", test_link_types);
  g_test_add_func ("/synack/decode/ethernet", test_ethernet_frames);
  g_test_add_func ("/synack/decode/null-loop-cooked-raw", test_other_links);
  g_test_add_func ("/synack/decode/every-prefix", test_every_prefix);

  return g_test_run ();
}
