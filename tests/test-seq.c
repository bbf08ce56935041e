/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "synack-seq.h"
#include "synack-tcp-state.h"

static void
test_wrap (void)
{
  SynackSeq a = 0xFFFFFFF0u;
  SynackSeq b = a + 0x20;

  g_assert_cmpuint (b, ==, 0x10);
  g_assert_true (synack_seq_lt (a, b));
  g_assert_true (synack_seq_le (a, b));
  g_assert_true (synack_seq_gt (b, a));
  g_assert_true (synack_seq_ge (b, a));
  g_assert_false (synack_seq_lt (b, a));
  g_assert_false (synack_seq_gt (a, b));
  g_assert_cmpint (synack_seq_diff (b, a), ==, 0x20);
  g_assert_cmpint (synack_seq_diff (a, b), ==, -0x20);
  g_assert_cmpuint (synack_seq_max (a, b), ==, b);
  g_assert_cmpuint (synack_seq_min (a, b), ==, a);
  g_assert_true (synack_seq_le (a, a));
  g_assert_false (synack_seq_lt (a, a));
}

static void
test_ranges (void)
{
  SynackSeq lo = 0xFFFFFFF0u;

  /* lo <= x < lo + 0x20, straddling zero */
  g_assert_true (synack_seq_in_range (lo, lo, lo + 0x20));
  g_assert_true (synack_seq_in_range (lo, 0, lo + 0x20));
  g_assert_true (synack_seq_in_range (lo, 0x0f, lo + 0x20));
  g_assert_false (synack_seq_in_range (lo, 0x10, lo + 0x20));
  g_assert_false (synack_seq_in_range (lo, lo - 1, lo + 0x20));
  /* an empty range holds nothing */
  g_assert_false (synack_seq_in_range (lo, lo, lo));

  /* SND.UNA < SEG.ACK =< SND.NXT */
  g_assert_false (synack_seq_in_range_open_closed (lo, lo, lo + 0x20));
  g_assert_true (synack_seq_in_range_open_closed (lo, lo + 1, lo + 0x20));
  g_assert_true (synack_seq_in_range_open_closed (lo, 0x10, lo + 0x20));
  g_assert_false (synack_seq_in_range_open_closed (lo, 0x11, lo + 0x20));
}

static void
test_half_space (void)
{
  /* Numbers 2^31 - 1 apart still compare; the comparison is antisymmetric. */
  for (guint32 base = 0; base < 0xF0000000u; base += 0x0FFFFFFFu)
    {
      SynackSeq far = base + 0x7FFFFFFFu;

      g_assert_true (synack_seq_lt (base, far));
      g_assert_true (synack_seq_gt (far, base));
    }
}

static void
test_state_names (void)
{
  SynackTcpState state;

  g_assert_cmpstr (synack_tcp_state_to_string (SYNACK_TCP_SYN_RECEIVED), ==, "SYN_RECEIVED");
  g_assert_cmpstr (synack_tcp_state_to_rfc_name (SYNACK_TCP_FIN_WAIT_1), ==, "FIN-WAIT-1");
  g_assert_cmpstr (synack_tcp_state_to_string (SYNACK_TCP_TIME_WAIT), ==, "TIME_WAIT");

  for (guint s = 0; s < SYNACK_TCP_N_STATES; s++)
    {
      g_assert_true (synack_tcp_state_from_string (synack_tcp_state_to_string (s), &state));
      g_assert_cmpint (state, ==, s);
      g_assert_true (synack_tcp_state_from_string (synack_tcp_state_to_rfc_name (s), &state));
      g_assert_cmpint (state, ==, s);
      g_assert_cmpstr (synack_tcp_state_describe (s), !=, "");
    }
  g_assert_true (synack_tcp_state_from_string ("close-wait", &state));
  g_assert_cmpint (state, ==, SYNACK_TCP_CLOSE_WAIT);
  g_assert_false (synack_tcp_state_from_string ("CLOSE", &state));
  g_assert_false (synack_tcp_state_from_string ("ESTABLISHEDX", &state));
  g_assert_false (synack_tcp_state_is_synchronized (SYNACK_TCP_SYN_RECEIVED));
  g_assert_true (synack_tcp_state_is_synchronized (SYNACK_TCP_TIME_WAIT));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/synack/seq/wrap", test_wrap);
  g_test_add_func ("/synack/seq/ranges", test_ranges);
  g_test_add_func ("/synack/seq/half-space", test_half_space);
  g_test_add_func ("/synack/seq/state-names", test_state_names);

  return g_test_run ();
}
