/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "synack-segment.h"

static void
test_flags (void)
{
  char buf[64];

  g_assert_cmpstr (synack_flags_to_string (SYNACK_FLAG_SYN | SYNACK_FLAG_ACK, buf, sizeof buf),
                   ==, "SYN, ACK");
  g_assert_cmpstr (synack_flags_to_string (SYNACK_FLAG_FIN | SYNACK_FLAG_ACK, buf, sizeof buf),
                   ==, "FIN, ACK");
  g_assert_cmpstr (synack_flags_to_string (SYNACK_FLAG_RST, buf, sizeof buf), ==, "RST");
  g_assert_cmpstr (synack_flags_to_string (0, buf, sizeof buf), ==, "<none>");
  g_assert_cmpstr (synack_flags_to_string (0xff, buf, sizeof buf), ==,
                   "SYN, FIN, RST, PSH, ACK, URG, ECE, CWR");
  /* A short buffer truncates but stays terminated. */
  synack_flags_to_string (0xff, buf, 8);
  g_assert_cmpuint (strlen (buf), <, 8);

  g_assert_cmpstr (synack_flag_name (0), ==, "FIN");
  g_assert_cmpstr (synack_flag_name (7), ==, "CWR");
}

static void
test_seq_len (void)
{
  SynackSegment seg = { 0 };

  seg.flags = SYNACK_FLAG_SYN;
  g_assert_cmpuint (synack_segment_seq_len (&seg), ==, 1);
  seg.flags = SYNACK_FLAG_FIN | SYNACK_FLAG_ACK;
  seg.payload_len = 10;
  g_assert_cmpuint (synack_segment_seq_len (&seg), ==, 11);
  seg.flags = SYNACK_FLAG_ACK;
  g_assert_cmpuint (synack_segment_seq_len (&seg), ==, 10);
}

static void
test_addresses (void)
{
  SynackAddress a, b;
  char buf[80];

  g_assert_true (synack_address_parse ("127.0.0.1", &a));
  g_assert_cmpuint (a.family, ==, 4);
  g_assert_cmpstr (synack_endpoint_to_string (&a, 40408, buf, sizeof buf), ==, "127.0.0.1:40408");
  g_assert_true (synack_address_parse ("::1", &b));
  g_assert_cmpuint (b.family, ==, 6);
  g_assert_cmpstr (synack_endpoint_to_string (&b, 80, buf, sizeof buf), ==, "[::1]:80");
  g_assert_false (synack_address_equal (&a, &b));
  g_assert_false (synack_address_parse ("300.1.1.1", &a));
  g_assert_false (synack_address_parse ("localhost", &a));

  synack_address_set_ipv4 (&a, 0x7f000001);
  g_assert_true (synack_address_parse ("127.0.0.1", &b));
  g_assert_true (synack_address_equal (&a, &b));
  g_assert_cmpuint (synack_address_hash (&a), ==, synack_address_hash (&b));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/synack/segment/flags", test_flags);
  g_test_add_func ("/synack/segment/seq-len", test_seq_len);
  g_test_add_func ("/synack/segment/addresses", test_addresses);

  return g_test_run ();
}
