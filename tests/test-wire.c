/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "synack-error.h"
#include "synack-seq.h"
#include "synack-wire.h"

/* Two SYNs made by ../shared/bench-data-gen/gen_pcap.py (an independent
 * Python encoder) and checked by tshark with checksum validation on. */
static const guint8 known_v4_syn[] =
  "\x45\x00\x00\x3c\x05\xb7\x40\x00\x40\x06\x68\xee\x0a\x00\x00\x09"
  "\xc0\x00\x02\x0e\x9a\xe2\x00\x50\xf0\x6c\x14\x4a\x00\x00\x00\x00"
  "\xa0\x02\xfa\xf0\xde\xe3\x00\x00\x02\x04\x05\xb4\x04\x02\x08\x0a"
  "\x7c\x09\x86\x21\x00\x00\x00\x00\x01\x03\x03\x07";

static const guint8 known_v6_syn[] =
  "\x60\x0c\x7b\x31\x00\x28\x06\x40\x20\x01\x0d\xb8\x00\x02\x00\x00"
  "\x00\x00\x00\x00\x00\x00\x00\x0d\x20\x01\x0d\xb8\x00\x01\x00\x00"
  "\x00\x00\x00\x00\x00\x00\x00\x09\xb2\xd8\x01\xbb\x79\x06\x15\x96"
  "\x00\x00\x00\x00\xa0\x02\xfd\x20\x50\x81\x00\x00\x02\x04\x05\xa0"
  "\x04\x02\x08\x0a\x32\x8e\x29\x29\x00\x00\x00\x00\x01\x03\x03\x07";

static void
test_known_ipv4 (void)
{
  g_autoptr(GError) error = NULL;
  SynackIpInfo ip;
  SynackSegment seg;
  guint8 buf[128];
  gsize len;
  char text[64];

  g_assert_true (synack_wire_decode (known_v4_syn, sizeof known_v4_syn - 1, &ip, &seg, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ip.tcp_checksum, ==, SYNACK_CHECKSUM_GOOD);
  g_assert_cmpint (ip.ip_checksum, ==, SYNACK_CHECKSUM_GOOD);
  g_assert_cmpstr (synack_endpoint_to_string (&ip.src, seg.sport, text, sizeof text), ==,
                   "10.0.0.9:39650");
  g_assert_cmpuint (seg.dport, ==, 80);
  g_assert_cmpuint (seg.seq, ==, 0xf06c144a);
  g_assert_cmpuint (seg.flags, ==, SYNACK_FLAG_SYN);
  g_assert_cmpuint (seg.window, ==, 64240);
  g_assert_cmpuint (seg.options, ==, SYNACK_OPTION_MSS | SYNACK_OPTION_SACK_PERM |
                                     SYNACK_OPTION_TIMESTAMP | SYNACK_OPTION_WSCALE);
  g_assert_cmpuint (seg.mss, ==, 1460);
  g_assert_cmpuint (seg.wscale, ==, 7);
  g_assert_cmpuint (seg.ts_val, ==, 0x7c098621);
  g_assert_cmpuint (seg.payload_len, ==, 0);

  /* Our encoder lays options out as Linux does, so it reproduces the packet. */
  len = synack_wire_encode (&ip.src, &ip.dst, &seg, NULL, ip.ttl, ip.ip_id, buf, sizeof buf,
                            &error);
  g_assert_no_error (error);
  g_assert_cmpmem (buf, len, known_v4_syn, sizeof known_v4_syn - 1);
}

static void
test_known_ipv6 (void)
{
  g_autoptr(GError) error = NULL;
  SynackIpInfo ip;
  SynackSegment seg;
  guint8 buf[128];
  gsize len;
  char text[64];

  g_assert_true (synack_wire_decode (known_v6_syn, sizeof known_v6_syn - 1, &ip, &seg, &error));
  g_assert_cmpint (ip.tcp_checksum, ==, SYNACK_CHECKSUM_GOOD);
  g_assert_cmpstr (synack_endpoint_to_string (&ip.src, seg.sport, text, sizeof text), ==,
                   "[2001:db8:2::d]:45784");
  g_assert_cmpuint (seg.dport, ==, 443);
  g_assert_cmpuint (seg.mss, ==, 1440);

  len = synack_wire_encode (&ip.src, &ip.dst, &seg, NULL, ip.ttl, 0, buf, sizeof buf, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (len, ==, sizeof known_v6_syn - 1);
  /* Everything but the flow label, which we leave zero. */
  g_assert_cmpmem (buf + 4, len - 4, known_v6_syn + 4, sizeof known_v6_syn - 5);
}

static void
fill_segment (SynackSegment *seg,
              guint          variant)
{
  memset (seg, 0, sizeof *seg);
  seg->sport = 40000 + variant;
  seg->dport = 80;
  seg->seq = 0xFFFFFFF0u + variant;
  seg->ack = 0x7fffffffu * variant;
  seg->flags = (guint8) (SYNACK_FLAG_ACK | (variant & 7));
  seg->window = (guint16) (1000 * variant + 7);
  seg->payload_len = variant * 13;
  seg->urgent = 0;
  if (variant & 1)
    {
      seg->options |= SYNACK_OPTION_MSS | SYNACK_OPTION_WSCALE | SYNACK_OPTION_SACK_PERM;
      seg->mss = 1460 - variant;
      seg->wscale = variant % 15;
    }
  if (variant & 2)
    {
      seg->options |= SYNACK_OPTION_TIMESTAMP;
      seg->ts_val = 0xdeadbeef + variant;
      seg->ts_ecr = 0x01020304 * variant;
    }
  if ((variant & 4) && !(variant & 1))
    {
      guint blocks = (variant & 2) ? 3 : 4;

      seg->options |= SYNACK_OPTION_SACK;
      seg->n_sack = blocks;
      for (guint b = 0; b < blocks; b++)
        {
          seg->sack[b].left = 0xFFFFFF00u + b * 100;
          seg->sack[b].right = seg->sack[b].left + 50;
        }
    }
}

static void
test_roundtrip (gconstpointer data)
{
  int family = GPOINTER_TO_INT (data);
  SynackAddress src, dst;

  g_assert_true (synack_address_parse (family == 4 ? "192.0.2.1" : "2001:db8::1", &src));
  g_assert_true (synack_address_parse (family == 4 ? "198.51.100.7" : "fe80::abcd:1", &dst));

  for (guint variant = 0; variant < 16; variant++)
    {
      g_autoptr(GError) error = NULL;
      SynackSegment seg, back;
      SynackIpInfo ip;
      guint8 payload[256], buf[512];
      gsize len;

      fill_segment (&seg, variant);
      for (guint i = 0; i < sizeof payload; i++)
        payload[i] = (guint8) (i * 7 + variant);

      len = synack_wire_encode (&src, &dst, &seg, payload, 61, 1234, buf, sizeof buf, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (len, ==, synack_wire_encoded_size (&src, &seg));

      g_assert_true (synack_wire_decode (buf, len, &ip, &back, &error));
      g_assert_no_error (error);
      g_assert_true (synack_address_equal (&ip.src, &src));
      g_assert_true (synack_address_equal (&ip.dst, &dst));
      g_assert_cmpuint (ip.ttl, ==, 61);
      g_assert_cmpint (ip.tcp_checksum, ==, SYNACK_CHECKSUM_GOOD);
      g_assert_cmpint (ip.ip_checksum, ==, SYNACK_CHECKSUM_GOOD);
      g_assert_cmpmem (&back, sizeof back, &seg, sizeof seg);
      g_assert_cmpmem (buf + ip.payload_offset, ip.payload_captured, payload, seg.payload_len);

      /* One flipped payload bit breaks the checksum. */
      if (seg.payload_len > 0)
        {
          buf[len - 1] ^= 0x10;
          g_assert_true (synack_wire_decode (buf, len, &ip, &back, &error));
          g_assert_cmpint (ip.tcp_checksum, ==, SYNACK_CHECKSUM_BAD);
        }
    }
}

static void
expect_error (const guint8 *data,
              gsize         len,
              int           code,
              const char   *fragment)
{
  g_autoptr(GError) error = NULL;
  SynackIpInfo ip;
  SynackSegment seg;

  g_assert_false (synack_wire_decode (data, len, &ip, &seg, &error));
  g_assert_error (error, SYNACK_ERROR, code);
  if (strstr (error->message, fragment) == NULL)
    g_error ("message “%s” does not mention “%s”", error->message, fragment);
}

static void
test_malformed (void)
{
  guint8 pkt[sizeof known_v4_syn];

  /* Truncated at every length: never a crash, always an error that says so. */
  for (gsize n = 0; n < 40; n++)
    {
      g_autoptr(GError) error = NULL;
      SynackIpInfo ip;
      SynackSegment seg;

      g_assert_false (synack_wire_decode (known_v4_syn, n, &ip, &seg, &error));
      g_assert_nonnull (error);
      g_assert_true (error->code == SYNACK_ERROR_TRUNCATED);
    }
  expect_error (known_v4_syn, 20, SYNACK_ERROR_TRUNCATED, "truncated TCP header");
  expect_error (known_v4_syn, 45, SYNACK_ERROR_TRUNCATED, "truncated TCP options");

  /* Data offset below 20 bytes. */
  memcpy (pkt, known_v4_syn, sizeof pkt);
  pkt[32] = 0x40;
  expect_error (pkt, sizeof pkt - 1, SYNACK_ERROR_MALFORMED, "bad TCP data offset");

  /* Data offset beyond the segment. */
  memcpy (pkt, known_v4_syn, sizeof pkt);
  pkt[32] = 0xf0;
  expect_error (pkt, sizeof pkt - 1, SYNACK_ERROR_MALFORMED, "bad TCP data offset");

  /* An option whose length runs past the header: the window scale says 9. */
  memcpy (pkt, known_v4_syn, sizeof pkt);
  pkt[58] = 9;
  expect_error (pkt, sizeof pkt - 1, SYNACK_ERROR_MALFORMED, "runs past the end of the header");

  /* Option length below two. */
  memcpy (pkt, known_v4_syn, sizeof pkt);
  pkt[41] = 1;
  expect_error (pkt, sizeof pkt - 1, SYNACK_ERROR_MALFORMED, "less than 2");

  /* IP header length below 20. */
  memcpy (pkt, known_v4_syn, sizeof pkt);
  pkt[0] = 0x44;
  expect_error (pkt, sizeof pkt - 1, SYNACK_ERROR_MALFORMED, "bad IPv4 header length");

  /* Unknown IP version, not TCP, later fragment. */
  memcpy (pkt, known_v4_syn, sizeof pkt);
  pkt[0] = 0x55;
  expect_error (pkt, sizeof pkt - 1, SYNACK_ERROR_MALFORMED, "unknown IP version 5");
  memcpy (pkt, known_v4_syn, sizeof pkt);
  pkt[9] = 17;
  expect_error (pkt, sizeof pkt - 1, SYNACK_ERROR_NOT_TCP, "protocol 17");
  memcpy (pkt, known_v4_syn, sizeof pkt);
  pkt[6] = 0x20;
  pkt[7] = 0x10;
  expect_error (pkt, sizeof pkt - 1, SYNACK_ERROR_FRAGMENT, "fragment at offset 128");
}

static void
test_ipv6_extension_headers (void)
{
  g_autoptr(GError) error = NULL;
  guint8 pkt[128];
  gsize base = sizeof known_v6_syn - 1;
  SynackIpInfo ip;
  SynackSegment seg;

  /* Insert an 8-byte hop-by-hop header (padding only) before TCP. */
  memcpy (pkt, known_v6_syn, 40);
  pkt[6] = 0;                      /* next header: hop-by-hop */
  pkt[5] = (guint8) (base - 40 + 8);
  memset (pkt + 40, 0, 8);
  pkt[40] = 6;                     /* then TCP */
  pkt[41] = 0;                     /* (0 + 1) * 8 bytes */
  pkt[42] = 1; pkt[43] = 4;        /* PadN */
  memcpy (pkt + 48, known_v6_syn + 40, base - 40);

  g_assert_true (synack_wire_decode (pkt, base + 8, &ip, &seg, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ip.tcp_offset, ==, 48);
  g_assert_cmpuint (seg.dport, ==, 443);
  g_assert_cmpint (ip.tcp_checksum, ==, SYNACK_CHECKSUM_GOOD);

  /* An extension header that claims more than the payload. */
  pkt[41] = 20;
  expect_error (pkt, base + 8, SYNACK_ERROR_MALFORMED, "extension header");
}

static void
test_ipv4_options (void)
{
  g_autoptr(GError) error = NULL;
  guint8 pkt[128];
  gsize base = sizeof known_v4_syn - 1;
  SynackIpInfo ip;
  SynackSegment seg;

  /* IHL 6: four bytes of NOP options before TCP. */
  memcpy (pkt, known_v4_syn, 20);
  pkt[0] = 0x46;
  pkt[3] = (guint8) (base + 4);
  memset (pkt + 20, 1, 4);
  memcpy (pkt + 24, known_v4_syn + 20, base - 20);

  g_assert_true (synack_wire_decode (pkt, base + 4, &ip, &seg, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ip.tcp_offset, ==, 24);
  g_assert_cmpuint (seg.sport, ==, 39650);
  g_assert_cmpint (ip.tcp_checksum, ==, SYNACK_CHECKSUM_GOOD);
  /* The IP checksum no longer matches the changed header, and we say so. */
  g_assert_cmpint (ip.ip_checksum, ==, SYNACK_CHECKSUM_BAD);
}

static void
test_truncated_payload (void)
{
  g_autoptr(GError) error = NULL;
  SynackAddress a, b;
  SynackSegment seg = { 0 };
  SynackIpInfo ip;
  SynackSegment back;
  guint8 buf[2048];
  gsize len;

  synack_address_set_ipv4 (&a, 0x7f000001);
  synack_address_set_ipv4 (&b, 0x7f000002);
  seg.sport = 1;
  seg.dport = 2;
  seg.flags = SYNACK_FLAG_ACK | SYNACK_FLAG_PSH;
  seg.payload_len = 1000;
  len = synack_wire_encode (&a, &b, &seg, NULL, 64, 0, buf, sizeof buf, &error);
  g_assert_cmpuint (len, ==, 1040);

  /* A snaplen-cut packet: header decoded, payload length from IP, checksum unknown. */
  g_assert_true (synack_wire_decode (buf, 96, &ip, &back, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (back.payload_len, ==, 1000);
  g_assert_cmpuint (ip.payload_captured, ==, 56);
  g_assert_cmpint (ip.tcp_checksum, ==, SYNACK_CHECKSUM_UNKNOWN);
}

static void
test_no_checksums (void)
{
  g_autoptr(GError) error = NULL;
  guint8 pkt[sizeof known_v4_syn];
  SynackIpInfo ip;
  SynackSegment seg;

  /* A corrupted checksum goes unnoticed when checksums are skipped... */
  memcpy (pkt, known_v4_syn, sizeof pkt);
  pkt[36] ^= 0xff;
  pkt[10] ^= 0xff;
  g_assert_true (synack_wire_decode_with_flags (pkt, sizeof pkt - 1, SYNACK_WIRE_NO_CHECKSUMS,
                                                &ip, &seg, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ip.tcp_checksum, ==, SYNACK_CHECKSUM_UNKNOWN);
  g_assert_cmpint (ip.ip_checksum, ==, SYNACK_CHECKSUM_UNKNOWN);
  g_assert_cmpuint (seg.mss, ==, 1460);

  /* ...and is reported when they are not. */
  g_assert_true (synack_wire_decode (pkt, sizeof pkt - 1, &ip, &seg, &error));
  g_assert_cmpint (ip.tcp_checksum, ==, SYNACK_CHECKSUM_BAD);
  g_assert_cmpint (ip.ip_checksum, ==, SYNACK_CHECKSUM_BAD);
}

static void
test_encode_errors (void)
{
  g_autoptr(GError) error = NULL;
  SynackAddress a, b;
  SynackSegment seg = { 0 };
  guint8 buf[64];

  synack_address_set_ipv4 (&a, 0x0a000001);
  g_assert_true (synack_address_parse ("::1", &b));
  g_assert_cmpuint (synack_wire_encode (&a, &b, &seg, NULL, 64, 0, buf, sizeof buf, &error), ==, 0);
  g_assert_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID);
  g_clear_error (&error);

  synack_address_set_ipv4 (&b, 0x0a000002);
  seg.payload_len = 100;
  g_assert_cmpuint (synack_wire_encode (&a, &b, &seg, NULL, 64, 0, buf, sizeof buf, &error), ==, 0);
  g_assert_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/synack/wire/known-ipv4", test_known_ipv4);
  g_test_add_func ("/synack/wire/known-ipv6", test_known_ipv6);
  g_test_add_data_func ("/synack/wire/roundtrip-ipv4", GINT_TO_POINTER (4), test_roundtrip);
  g_test_add_data_func ("/synack/wire/roundtrip-ipv6", GINT_TO_POINTER (6), test_roundtrip);
  g_test_add_func ("/synack/wire/malformed", test_malformed);
  g_test_add_func ("/synack/wire/ipv6-extension-headers", test_ipv6_extension_headers);
  g_test_add_func ("/synack/wire/ipv4-options", test_ipv4_options);
  g_test_add_func ("/synack/wire/truncated-payload", test_truncated_payload);
  g_test_add_func ("/synack/wire/no-checksums", test_no_checksums);
  g_test_add_func ("/synack/wire/encode-errors", test_encode_errors);

  return g_test_run ();
}
