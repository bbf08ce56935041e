/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Passive state inference, analysis flags and Zeek summaries on captures of
 * real kernel TCP and on crafted ones; relative seq/ack and flags compared
 * with tshark's when tshark is installed. */
#include "config.h"

#include <string.h>

#include "synack-error.h"
#include "synack-infer.h"
#include "synack-pcap-source.h"
#include "synack-test-utils.h"

static SynackTrace *
load (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "capture", name, NULL);
  g_autoptr(GError) error = NULL;
  SynackTrace *trace = synack_pcap_load_file (path, NULL, NULL, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (trace);
  return trace;
}

/* "CLOSED SYN_SENT ESTABLISHED ...": every state an endpoint went through. */
static char *
state_path (SynackTrace *trace,
            guint        conn,
            guint        endpoint)
{
  GString *s = g_string_new (NULL);
  guint n = synack_trace_get_n_state_spans (trace, conn, endpoint);

  for (guint i = 0; i < n; i++)
    {
      SynackTcpState state;
      gint64 time;
      guint ev;

      synack_trace_get_state_span (trace, conn, endpoint, i, &time, &state, &ev);
      g_string_append_printf (s, "%s%s", i ? " " : "", synack_tcp_state_to_string (state));
    }
  return g_string_free (s, FALSE);
}

static void
assert_paths (SynackTrace *trace,
              guint        conn,
              const char  *client,
              const char  *server,
              const char  *summary)
{
  g_autofree char *c = state_path (trace, conn, 0);
  g_autofree char *s = state_path (trace, conn, 1);

  g_assert_cmpstr (c, ==, client);
  g_assert_cmpstr (s, ==, server);
  g_assert_cmpstr (synack_trace_get_connection (trace, conn)->summary, ==, summary);
  /* The public classifier agrees with the incremental one. */
  g_assert_cmpstr (synack_zeek_conn_state (trace, conn), ==, summary);
}

/* The analysis bits of the nth segment. */
static guint32
analysis_of (SynackTrace *trace,
             guint        ordinal)
{
  GArray *all = synack_trace_segments_between (trace, G_MAXUINT, G_MININT64, G_MAXINT64);
  guint32 a;

  g_assert_cmpuint (ordinal, <, all->len);
  a = synack_test_event (trace, g_array_index (all, guint, ordinal)).segment.analysis;
  g_array_unref (all);
  return a;
}

/* Every state change sits beside the segment that caused it: the sender's
 * own (the state it sent the segment in) in the run of changes just before
 * it, the ones on taking it in (the receiver's, and the sender's where a
 * segment of the peer's crossed it) in the run just after it. */
static void
assert_causes_beside (SynackTrace *trace)
{
  guint n = synack_trace_get_n_events (trace);

  for (guint i = 0; i < n; i++)
    {
      SynackEvent ev, cause;

      synack_trace_read_event (trace, i, &ev);
      if (ev.kind != SYNACK_EVENT_STATE)
        continue;
      g_assert_cmpuint (ev.state.cause_kind, ==, SYNACK_CAUSE_SEGMENT);
      g_assert_cmpuint (ev.state.cause, !=, i);
      synack_trace_read_event (trace, ev.state.cause, &cause);
      g_assert_cmpint (cause.kind, ==, SYNACK_EVENT_SEGMENT);
      g_assert_cmpint (cause.time, ==, ev.time);
      /* only changes of the same segment in between */
      for (guint j = MIN (i, ev.state.cause) + 1; j < MAX (i, ev.state.cause); j++)
        {
          SynackEvent between;

          synack_trace_read_event (trace, j, &between);
          g_assert_cmpint (between.kind, ==, SYNACK_EVENT_STATE);
          g_assert_cmpuint (between.state.cause, ==, ev.state.cause);
        }
      /* before the segment: its sender's state as it sent it */
      if (i < ev.state.cause)
        g_assert_cmpuint (ev.endpoint, ==, cause.endpoint);
    }
}

static void
test_close_client (void)
{
  g_autoptr(SynackTrace) trace = load ("close-client.pcap");
  const SynackConnection *c;

  g_assert_cmpuint (synack_trace_get_n_connections (trace), ==, 1);
  c = synack_trace_get_connection (trace, 0);
  g_assert_cmpuint (c->port[1], ==, 47001);
  g_assert_true (c->flags & SYNACK_CONNECTION_ISN_FROM_SYN_0);
  g_assert_true (c->flags & SYNACK_CONNECTION_ISN_FROM_SYN_1);
  g_assert_false (c->flags & SYNACK_CONNECTION_MIDSTREAM);
  /* Both SYNs offered window scaling (Linux does), so it is on. */
  g_assert_cmpint (c->wscale[0], >=, 0);
  g_assert_cmpint (c->wscale[1], >=, 0);
  assert_paths (trace, 0,
                "CLOSED SYN_SENT ESTABLISHED FIN_WAIT_1 FIN_WAIT_2 TIME_WAIT",
                "LISTEN SYN_RECEIVED ESTABLISHED CLOSE_WAIT LAST_ACK CLOSED", "SF");
  assert_causes_beside (trace);
}

static void
test_close_server (void)
{
  g_autoptr(SynackTrace) trace = load ("close-server.pcap");

  assert_paths (trace, 0,
                "CLOSED SYN_SENT ESTABLISHED CLOSE_WAIT LAST_ACK CLOSED",
                "LISTEN SYN_RECEIVED ESTABLISHED FIN_WAIT_1 FIN_WAIT_2 TIME_WAIT", "SF");
}

static void
test_refused (void)
{
  g_autoptr(SynackTrace) trace = load ("refused.pcap");

  /* Nobody listened: the server side was CLOSED all along. */
  assert_paths (trace, 0, "CLOSED SYN_SENT CLOSED", "CLOSED", "REJ");
}

static void
test_half_close (void)
{
  g_autoptr(SynackTrace) trace = load ("half-close.pcap");
  gint64 t;
  SynackTcpState st;
  guint ev;

  assert_paths (trace, 0,
                "CLOSED SYN_SENT ESTABLISHED FIN_WAIT_1 FIN_WAIT_2 TIME_WAIT",
                "LISTEN SYN_RECEIVED ESTABLISHED CLOSE_WAIT LAST_ACK CLOSED", "SF");
  /* The server's 3000 bytes went while the client sat in FIN-WAIT-2. */
  synack_trace_get_state_span (trace, 0, 0, 4, &t, &st, &ev);
  g_assert_cmpint (st, ==, SYNACK_TCP_FIN_WAIT_2);
  {
    GArray *segs = synack_trace_segments_between (trace, 0, t, G_MAXINT64);
    guint32 bytes = 0;

    for (guint i = 0; i < segs->len; i++)
      {
        SynackEvent e;

        synack_trace_read_event (trace, g_array_index (segs, guint, i), &e);
        if (e.endpoint == 1)
          bytes += e.segment.len;
      }
    g_assert_cmpuint (bytes, ==, 3000);
    g_array_unref (segs);
  }
}

static void
test_abort (void)
{
  g_autoptr(SynackTrace) trace = load ("abort.pcap");

  assert_paths (trace, 0, "CLOSED SYN_SENT ESTABLISHED CLOSED",
                "LISTEN SYN_RECEIVED ESTABLISHED CLOSED", "RSTO");
}

static void
test_keepalive (void)
{
  g_autoptr(SynackTrace) trace = load ("keepalive.pcap");
  guint n = synack_trace_get_n_segments (trace);
  guint probes = 0, acks = 0;

  for (guint i = 0; i < n; i++)
    {
      guint32 a = analysis_of (trace, i);

      probes += (a & SYNACK_ANALYSIS_KEEP_ALIVE) != 0;
      acks += (a & SYNACK_ANALYSIS_KEEP_ALIVE_ACK) != 0;
    }
  /* TCP_KEEPIDLE 1 s, TCP_KEEPINTVL 1 s, 2.6 s idle: two probes, two answers. */
  g_assert_cmpuint (probes, ==, 2);
  g_assert_cmpuint (acks, ==, 2);
  assert_paths (trace, 0,
                "CLOSED SYN_SENT ESTABLISHED FIN_WAIT_1 FIN_WAIT_2 TIME_WAIT",
                "LISTEN SYN_RECEIVED ESTABLISHED CLOSE_WAIT LAST_ACK CLOSED", "SF");
}

static void
test_zero_window (void)
{
  g_autoptr(SynackTrace) trace = load ("zero-window.pcap");
  guint n = synack_trace_get_n_segments (trace);
  guint zero = 0, update = 0;

  for (guint i = 0; i < n; i++)
    {
      guint32 a = analysis_of (trace, i);

      zero += (a & SYNACK_ANALYSIS_ZERO_WINDOW) != 0;
      update += (a & SYNACK_ANALYSIS_WINDOW_UPDATE) != 0;
    }
  g_assert_cmpuint (zero, >=, 1);
  g_assert_cmpuint (update, >=, 1);
  g_assert_cmpstr (synack_trace_get_connection (trace, 0)->summary, ==, "SF");
}

static void
test_retransmission (void)
{
  g_autoptr(SynackTrace) trace = load ("retransmission.pcap");
  guint n = synack_trace_get_n_segments (trace);
  guint retrans = 0;

  for (guint i = 0; i < n; i++)
    retrans += (analysis_of (trace, i) & SYNACK_ANALYSIS_RETRANSMISSION) != 0;
  /* 0.7 s without the server: RTO 200 ms, doubling: at least two retransmissions. */
  g_assert_cmpuint (retrans, >=, 2);
  assert_paths (trace, 0,
                "CLOSED SYN_SENT ESTABLISHED FIN_WAIT_1 FIN_WAIT_2 TIME_WAIT",
                "LISTEN SYN_RECEIVED ESTABLISHED CLOSE_WAIT LAST_ACK CLOSED", "SF");
}

static void
test_ipv6 (void)
{
  g_autoptr(SynackTrace) trace = load ("ipv6.pcap");
  const SynackConnection *c = synack_trace_get_connection (trace, 0);
  char buf[80];

  g_assert_cmpuint (c->addr[0].family, ==, 6);
  g_assert_cmpstr (synack_endpoint_to_string (&c->addr[1], c->port[1], buf, sizeof buf), ==,
                   "[::1]:47001");
  assert_paths (trace, 0,
                "CLOSED SYN_SENT ESTABLISHED FIN_WAIT_1 FIN_WAIT_2 TIME_WAIT",
                "LISTEN SYN_RECEIVED ESTABLISHED CLOSE_WAIT LAST_ACK CLOSED", "SF");
}

static void
test_simultaneous (void)
{
  g_autoptr(SynackTrace) trace = load ("simultaneous.pcap");

  /* The SYNs crossed, then the FINs crossed: RFC 9293's figures 7 and 13. */
  assert_paths (trace, 0,
                "CLOSED SYN_SENT SYN_RECEIVED ESTABLISHED FIN_WAIT_1 CLOSING TIME_WAIT",
                "CLOSED SYN_SENT SYN_RECEIVED ESTABLISHED FIN_WAIT_1 CLOSING TIME_WAIT", "SF");
  assert_causes_beside (trace);
}

static void
test_challenge_ack (void)
{
  g_autoptr(SynackTrace) trace = load ("challenge-ack.pcap");
  gint64 t;
  SynackTcpState st;
  guint ev;

  /* The in-window RST (segment 5) is not accepted: it draws a challenge ACK. */
  g_assert_true (analysis_of (trace, 6) & SYNACK_ANALYSIS_CHALLENGE_ACK);
  {
    GArray *segs = synack_trace_segments_between (trace, 0, G_MININT64, G_MAXINT64);

    /* ... nor is the one outside the window (segment 7). */
    g_assert_cmpint (synack_trace_state_at_event (trace, 0, 1, g_array_index (segs, guint, 7)),
                     ==, SYNACK_TCP_ESTABLISHED);
    g_array_unref (segs);
  }
  /* Only the exact RST (segment 8) closes both. */
  assert_paths (trace, 0, "CLOSED SYN_SENT ESTABLISHED CLOSED",
                "LISTEN SYN_RECEIVED ESTABLISHED CLOSED", "RSTO");
  synack_trace_get_state_span (trace, 0, 1, 3, &t, &st, &ev);
  g_assert_cmpuint (synack_trace_segment_ordinal (trace,
                                                  synack_test_event (trace, ev).state.cause),
                    ==, 8);
}

static void
test_port_reuse (void)
{
  g_autoptr(SynackTrace) trace = load ("port-reuse.pcap");
  const SynackConnection *a, *b;

  g_assert_cmpuint (synack_trace_get_n_connections (trace), ==, 2);
  a = synack_trace_get_connection (trace, 0);
  b = synack_trace_get_connection (trace, 1);
  g_assert_cmpuint (a->isn[0], ==, 111);
  g_assert_cmpuint (b->isn[0], ==, 5555);
  g_assert_cmpuint (a->n_segments, ==, 6);
  g_assert_cmpuint (b->n_segments, ==, 6);
  g_assert_true (analysis_of (trace, 6) & SYNACK_ANALYSIS_REUSED_PORTS);
  g_assert_false (analysis_of (trace, 0) & SYNACK_ANALYSIS_REUSED_PORTS);
  assert_paths (trace, 1,
                "CLOSED SYN_SENT ESTABLISHED FIN_WAIT_1 FIN_WAIT_2 TIME_WAIT",
                "LISTEN SYN_RECEIVED ESTABLISHED CLOSE_WAIT LAST_ACK CLOSED", "SF");
}

static void
test_midstream (void)
{
  g_autoptr(SynackTrace) trace = load ("midstream.pcap");
  const SynackConnection *c = synack_trace_get_connection (trace, 0);

  g_assert_true (c->flags & SYNACK_CONNECTION_MIDSTREAM);
  /* The ephemeral port is the client's. */
  g_assert_cmpuint (c->port[0], ==, 40001);
  g_assert_cmpint (c->wscale[0], ==, -1);
  /* As Wireshark: the first segment seen is relative 1 both ways. */
  g_assert_cmpuint (synack_trace_relative_seq (trace, 0), ==, 1);
  g_assert_cmpuint (synack_trace_relative_ack (trace, 0), ==, 1);
  g_assert_false (c->flags & SYNACK_CONNECTION_ISN_FROM_SYN_0);
  assert_paths (trace, 0, "ESTABLISHED FIN_WAIT_1 FIN_WAIT_2 TIME_WAIT",
                "ESTABLISHED CLOSE_WAIT LAST_ACK CLOSED", "SF");
}

static void
test_from_synack (void)
{
  g_autoptr(SynackTrace) trace = load ("from-synack.pcap");
  const SynackConnection *c = synack_trace_get_connection (trace, 0);

  /* The SYN-ACK's sender is the server even though it came first. */
  g_assert_cmpuint (c->port[1], ==, 80);
  assert_paths (trace, 0, "SYN_SENT ESTABLISHED FIN_WAIT_1 FIN_WAIT_2 TIME_WAIT",
                "LISTEN SYN_RECEIVED ESTABLISHED CLOSE_WAIT LAST_ACK CLOSED", "SF");
}

static void
test_s0 (void)
{
  g_autoptr(SynackTrace) trace = load ("s0.pcap");

  g_assert_cmpuint (synack_trace_get_n_connections (trace), ==, 1);
  g_assert_true (analysis_of (trace, 1) & SYNACK_ANALYSIS_RETRANSMISSION);
  assert_paths (trace, 0, "CLOSED SYN_SENT", "LISTEN", "S0");
}

static void
test_analysis_flags (void)
{
  g_autoptr(SynackTrace) trace = load ("analysis.pcap");
  static const struct { guint seg; guint32 bits; } expect[] = {
    { 4, SYNACK_ANALYSIS_LOST_SEGMENT },
    { 6, SYNACK_ANALYSIS_DUPLICATE_ACK },
    { 8, SYNACK_ANALYSIS_DUPLICATE_ACK },
    { 9, SYNACK_ANALYSIS_FAST_RETRANSMISSION | SYNACK_ANALYSIS_RETRANSMISSION },
    { 10, 0 },
    { 11, SYNACK_ANALYSIS_WINDOW_UPDATE },
    { 12, SYNACK_ANALYSIS_LOST_SEGMENT },
    { 13, SYNACK_ANALYSIS_OUT_OF_ORDER },
    { 15, SYNACK_ANALYSIS_ACK_LOST_SEGMENT },
    { 16, SYNACK_ANALYSIS_SPURIOUS_RETRANSMISSION | SYNACK_ANALYSIS_RETRANSMISSION },
    { 17, SYNACK_ANALYSIS_ZERO_WINDOW },
    { 18, SYNACK_ANALYSIS_ZERO_WINDOW_PROBE },
    { 19, SYNACK_ANALYSIS_ZERO_WINDOW | SYNACK_ANALYSIS_ZERO_WINDOW_PROBE_ACK },
    { 20, SYNACK_ANALYSIS_WINDOW_UPDATE },
    { 21, SYNACK_ANALYSIS_WINDOW_FULL },
    { 22, SYNACK_ANALYSIS_RETRANSMISSION | SYNACK_ANALYSIS_WINDOW_FULL },
    { 24, SYNACK_ANALYSIS_SPURIOUS_RETRANSMISSION | SYNACK_ANALYSIS_RETRANSMISSION },
    { 25, SYNACK_ANALYSIS_KEEP_ALIVE },
    { 26, SYNACK_ANALYSIS_KEEP_ALIVE_ACK },
  };

  for (guint i = 0; i < G_N_ELEMENTS (expect); i++)
    {
      g_test_message ("segment %u", expect[i].seg);
      g_assert_cmphex (analysis_of (trace, expect[i].seg), ==, expect[i].bits);
    }
  g_assert_cmpstr (synack_trace_get_connection (trace, 0)->summary, ==, "S1");
}

/* ------------------------------------------------ Wireshark 4.0's rules */

typedef struct
{
  guint   seg;
  guint32 bits;
} Expect;

static void
assert_analysis (const char   *fixture,
                 const Expect *expect,
                 guint         n)
{
  g_autoptr(SynackTrace) trace = load (fixture);
  GArray *all = synack_trace_segments_between (trace, G_MAXUINT, G_MININT64, G_MAXINT64);

  /* Every segment not listed has no mark. */
  for (guint i = 0; i < all->len; i++)
    {
      guint32 want = 0;

      for (guint k = 0; k < n; k++)
        if (expect[k].seg == i)
          want = expect[k].bits;
      g_test_message ("%s: segment %u", fixture, i);
      g_assert_cmphex (analysis_of (trace, i), ==, want);
    }
  g_array_unref (all);
}

#define RETRANS (SYNACK_ANALYSIS_RETRANSMISSION)
#define SPURIOUS (SYNACK_ANALYSIS_SPURIOUS_RETRANSMISSION | SYNACK_ANALYSIS_RETRANSMISSION)

/* "ACKed segment that wasn't captured" once a hole: the server's three
 * ACKs of the missing 100 bytes are marked once, and again only after the
 * client's own ACK number moved. */
static void
test_acked_unseen_once (void)
{
  static const Expect e[] = {
    { 4, SYNACK_ANALYSIS_ACK_LOST_SEGMENT },
    { 7, SYNACK_ANALYSIS_LOST_SEGMENT },
    { 8, SYNACK_ANALYSIS_ACK_LOST_SEGMENT },
  };

  assert_analysis ("acked-unseen.pcap", e, G_N_ELEMENTS (e));
}

/* Data already acknowledged is a spurious retransmission before it can be
 * out of order (0.8 ms after) or fast (after two duplicate ACKs). */
static void
test_spurious_first (void)
{
  static const Expect e[] = {
    { 6, SPURIOUS },
    { 9, SYNACK_ANALYSIS_DUPLICATE_ACK },
    { 10, SYNACK_ANALYSIS_DUPLICATE_ACK },
    { 11, SPURIOUS },
  };

  assert_analysis ("spurious-first.pcap", e, G_N_ELEMENTS (e));
}

/* The initial RTT (20 ms) decides out of order against retransmission: a
 * SYN at the epoch itself never sets it (3 ms then); otherwise it is timed
 * from the last SYN to the first pure ACK. */
static void
test_initial_rtt (void)
{
  static const Expect epoch0[] = {
    { 5, RETRANS }, { 6, RETRANS },                        /* no initial RTT: 3 ms */
    { 12, SYNACK_ANALYSIS_OUT_OF_ORDER }, { 13, RETRANS }, /* 20 ms */
  };
  static const Expect last_syn[] = {
    { 1, RETRANS },                                        /* the SYN sent again */
    { 6, SYNACK_ANALYSIS_OUT_OF_ORDER }, { 7, RETRANS },   /* 20 ms, not 1.02 s */
  };

  assert_analysis ("irtt-epoch0.pcap", epoch0, G_N_ELEMENTS (epoch0));
  assert_analysis ("irtt-last-syn.pcap", last_syn, G_N_ELEMENTS (last_syn));
}

/* After a RST, segments are still analysed (and stay in the connection). */
static void
test_after_rst (void)
{
  static const Expect e[] = { { 6, RETRANS }, { 8, RETRANS } };
  g_autoptr(SynackTrace) trace = load ("after-rst.pcap");

  assert_analysis ("after-rst.pcap", e, G_N_ELEMENTS (e));
  g_assert_cmpuint (synack_trace_get_n_connections (trace), ==, 1);
}

/* The server's FIN again after the client's final ACK: that ACK was lost,
 * the server never left LAST-ACK; the FIN is a retransmission, and the
 * client's ACK from TIME-WAIT is named for what it is. */
static void
test_fin_resent (void)
{
  static const Expect e[] = {
    { 9, RETRANS },
    { 10, SYNACK_ANALYSIS_DUPLICATE_ACK | SYNACK_ANALYSIS_TIME_WAIT_ACK },
  };
  g_autoptr(SynackTrace) trace = load ("fin-resent.pcap");
  GArray *all = synack_trace_segments_between (trace, G_MAXUINT, G_MININT64, G_MAXINT64);
  guint n = synack_trace_get_n_state_spans (trace, 0, 1);
  SynackTcpState state;
  gint64 time;

  assert_analysis ("fin-resent.pcap", e, G_N_ELEMENTS (e));
  assert_paths (trace, 0,
                "CLOSED SYN_SENT ESTABLISHED FIN_WAIT_1 FIN_WAIT_2 TIME_WAIT",
                "LISTEN SYN_RECEIVED ESTABLISHED CLOSE_WAIT LAST_ACK CLOSED", "SF");
  /* CLOSED only from the second final ACK on, LAST-ACK all along before. */
  synack_trace_get_state_span (trace, 0, 1, n - 1, &time, &state, NULL);
  g_assert_cmpint (time, ==, synack_trace_get_event_time (trace, g_array_index (all, guint, 10)));
  g_assert_cmpstr (synack_trace_state_name_at_event (trace, 0, 1, g_array_index (all, guint, 9)),
                   ==, "LAST_ACK");
  g_array_unref (all);
}

/* A SYN refused and retried with the same ISN: the same connection, the
 * SYN a retransmission; the SYN-ACK's new sequence number is Wireshark's
 * "ports reused" and its new base. */
static void
test_syn_retry_after_rst (void)
{
  static const Expect e[] = { { 2, RETRANS }, { 3, SYNACK_ANALYSIS_REUSED_PORTS } };
  g_autoptr(SynackTrace) trace = load ("syn-retry-rst.pcap");

  assert_analysis ("syn-retry-rst.pcap", e, G_N_ELEMENTS (e));
  g_assert_cmpuint (synack_trace_get_n_connections (trace), ==, 1);
  assert_paths (trace, 0,
                "CLOSED SYN_SENT CLOSED SYN_SENT ESTABLISHED FIN_WAIT_1 FIN_WAIT_2 TIME_WAIT",
                "CLOSED LISTEN SYN_RECEIVED ESTABLISHED CLOSE_WAIT LAST_ACK CLOSED", "RSTR");
  /* Zeek keeps the responder's reset state through the retried handshake
   * (its SYN_after_reset weird), so its conn_state stays RSTR. */
}

/* The SYN-ACK sent again with another ISN: the client acknowledges the
 * second, both ends get established, numbers are relative to it. */
static void
test_synack_new_isn (void)
{
  g_autoptr(SynackTrace) trace = load ("synack-new-isn.pcap");
  GArray *all = synack_trace_segments_between (trace, G_MAXUINT, G_MININT64, G_MAXINT64);

  assert_paths (trace, 0,
                "CLOSED SYN_SENT ESTABLISHED FIN_WAIT_1 FIN_WAIT_2 TIME_WAIT",
                "LISTEN SYN_RECEIVED ESTABLISHED CLOSE_WAIT LAST_ACK CLOSED", "SF");
  g_assert_cmphex (analysis_of (trace, 3), ==,
                   SYNACK_ANALYSIS_LOST_SEGMENT | SYNACK_ANALYSIS_REUSED_PORTS);
  g_assert_cmpuint (synack_trace_relative_seq (trace, g_array_index (all, guint, 6)), ==, 1);
  g_array_unref (all);
}

/* One byte, then another, before the server was seen: not zero-window
 * probes (an unseen window is not a zero window). */
static void
test_no_probe_before_peer (void)
{
  assert_analysis ("zwp-first.pcap", NULL, 0);
}

/* Zeek: a RST after both FINs (or FIN, RST, then the peer's FIN) leaves a
 * normal close, SF; no SYN but SYN-ACK, ACK and data is S1. */
static void
test_zeek_rules (void)
{
  g_autoptr(SynackTrace) fins = load ("rst-after-fins.pcap");
  g_autoptr(SynackTrace) nosyn = load ("no-syn.pcap");

  g_assert_cmpstr (synack_trace_get_connection (fins, 0)->summary, ==, "SF");
  g_assert_cmpstr (synack_trace_get_connection (fins, 1)->summary, ==, "SF");
  g_assert_cmpstr (synack_zeek_conn_state (fins, 1), ==, "SF");
  assert_paths (nosyn, 0, "SYN_SENT ESTABLISHED", "LISTEN SYN_RECEIVED ESTABLISHED", "S1");
}

/* The SYN-ACK and the handshake's ACK missing: the client's data shows it
 * was ESTABLISHED, the server's that it had been through SYN-RECEIVED;
 * those changes are marked as inferred across the hole. */
static void
test_hole_in_handshake (void)
{
  g_autoptr(SynackTrace) trace = load ("hole-handshake.pcap");
  guint inferred = 0;

  assert_paths (trace, 0,
                "CLOSED SYN_SENT ESTABLISHED FIN_WAIT_1 FIN_WAIT_2 TIME_WAIT",
                "LISTEN SYN_RECEIVED ESTABLISHED CLOSE_WAIT LAST_ACK CLOSED", "SF");
  for (guint e = 0; e < 2; e++)
    for (guint i = 1; i < synack_trace_get_n_state_spans (trace, 0, e); i++)
      {
        SynackTcpState state;
        guint ev;

        synack_trace_get_state_span (trace, 0, e, i, NULL, &state, &ev);
        if (synack_test_event (trace, ev).state.flags & SYNACK_STATE_INFERRED)
          {
            g_assert_true (state == SYNACK_TCP_ESTABLISHED || state == SYNACK_TCP_SYN_RECEIVED);
            inferred++;
          }
      }
  g_assert_cmpuint (inferred, ==, 3);
  /* The server was known to listen once it answered. */
  g_assert_false (synack_trace_get_connection (trace, 0)->flags &
                  SYNACK_CONNECTION_INITIAL_UNKNOWN_1);
}

/* A server that never answers is not known to listen. */
static void
test_unanswered_unknown (void)
{
  g_autoptr(SynackTrace) trace = load ("s0.pcap");

  g_assert_true (synack_trace_get_connection (trace, 0)->flags &
                 SYNACK_CONNECTION_INITIAL_UNKNOWN_1);
  g_assert_cmpstr (synack_trace_state_name_at_event (trace, 0, 1, G_MAXUINT), ==, "UNKNOWN");
  g_assert_cmpstr (synack_trace_state_name_at_event (trace, 0, 0, G_MAXUINT), ==, "SYN_SENT");
}

/* Damaged packets: a segment with malformed options is kept, its options
 * marked; an IPv4 length of 35,084 in a 60-byte packet makes a 20-byte
 * segment; a first fragment is a fragment, not a segment. */
static void
test_damaged_packets (void)
{
  g_autofree char *opts = g_test_build_filename (G_TEST_DIST, "data", "capture",
                                                 "bad-options.pcap", NULL);
  g_autofree char *len = g_test_build_filename (G_TEST_DIST, "data", "capture",
                                                "ip-length.pcap", NULL);
  g_autoptr(SynackTrace) a = NULL;
  g_autoptr(SynackTrace) b = NULL;
  g_autoptr(GError) error = NULL;
  SynackCaptureStats stats;
  GArray *all;

  synack_capture_stats_init (&stats);
  a = synack_pcap_load_file (opts, NULL, NULL, NULL, NULL, &stats, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stats.tcp, ==, 6);
  g_assert_cmpuint (stats.malformed, ==, 0);
  g_assert_cmphex (analysis_of (a, 0), ==, SYNACK_ANALYSIS_BAD_OPTIONS);
  g_assert_cmphex (analysis_of (a, 1), ==, SYNACK_ANALYSIS_BAD_OPTIONS);
  /* The MSS before the broken timestamps option was read. */
  g_assert_cmpstr (synack_trace_get_connection (a, 0)->summary, ==, "SF");
  synack_capture_stats_clear (&stats);

  synack_capture_stats_init (&stats);
  b = synack_pcap_load_file (len, NULL, NULL, NULL, NULL, &stats, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stats.tcp, ==, 5);
  g_assert_cmpuint (stats.fragments, ==, 1);
  all = synack_trace_segments_between (b, G_MAXUINT, G_MININT64, G_MAXINT64);
  g_assert_cmpuint (synack_test_event (b, g_array_index (all, guint, 3)).segment.len, ==, 20);
  /* The server acknowledges those 20 bytes: nothing lost, nothing unseen. */
  g_assert_cmphex (analysis_of (b, 4), ==, 0);
  g_array_unref (all);
  synack_capture_stats_clear (&stats);
}

/* ---------------------------------------------------------------- tshark */

static const char *const tshark_fixtures[] = {
  "close-client.pcap", "close-server.pcap", "refused.pcap", "half-close.pcap", "abort.pcap",
  "keepalive.pcap", "zero-window.pcap", "retransmission.pcap", "ipv6.pcap",
  "simultaneous.pcap", "challenge-ack.pcap", "port-reuse.pcap", "midstream.pcap",
  "from-synack.pcap", "s0.pcap", "analysis.pcap", "vlan.pcap", "sll2.pcap", "null.pcap",
  "nanosecond.pcapng",
  /* one a rule of Wireshark 4.0's analysis, Zeek's or the inference's */
  "acked-unseen.pcap", "spurious-first.pcap", "irtt-epoch0.pcap", "irtt-last-syn.pcap",
  "fin-resent.pcap", "after-rst.pcap", "syn-retry-rst.pcap", "synack-new-isn.pcap",
  "zwp-first.pcap", "rst-after-fins.pcap", "no-syn.pcap", "hole-handshake.pcap",
  /* link types and tunnels. Not here: link-slip.pcap (tshark 4.0 shows its
   * frames as data), link-ipoib.pcap and link-mpls.pcap (tshark finds no
   * TCP in link types 242 and 219), tunnel-fabricpath.pcap (tshark 4.0
   * numbers some of its frames from 0, others not: the FabricPath dissector
   * splits the conversation by its outer addresses) */
  "link-80211.pcap", "link-radiotap.pcap", "link-radiotap-pad.pcap", "link-ppi.pcap",
  "link-ppp.pcap", "link-ppp-serial.pcap", "link-pppoe.pcap", "link-chdlc.pcap",
  "link-frelay.pcap", "link-nflog.pcap", "link-pktap.pcap", "link-ipnet.pcap",
  "link-fddi.pcap", "link-tokenring.pcap", "link-atm.pcap",
  "tunnel-gre.pcap", "tunnel-gre-key.pcap", "tunnel-erspan.pcap", "tunnel-mpls.pcap",
  "tunnel-pppoe.pcap", "tunnel-vxlan.pcap", "tunnel-geneve.pcap", "tunnel-gtpu.pcap",
  "tunnel-ipip.pcap", "tunnel-4in6.pcap", "tunnel-6in4.pcap", "tunnel-teredo.pcap",
  "tunnel-ayiya.pcap", "tunnel-vntag.pcap", "tunnel-pbb.pcap",
  /* damaged packets: malformed options kept, an IP length past the frame cut */
  "bad-options.pcap", "ip-length.pcap",
};

static const char *const tshark_analysis[] = {
  "tcp.analysis.retransmission", "tcp.analysis.fast_retransmission",
  "tcp.analysis.spurious_retransmission", "tcp.analysis.out_of_order",
  "tcp.analysis.lost_segment", "tcp.analysis.ack_lost_segment", "tcp.analysis.duplicate_ack",
  "tcp.analysis.zero_window", "tcp.analysis.zero_window_probe",
  "tcp.analysis.zero_window_probe_ack", "tcp.analysis.keep_alive",
  "tcp.analysis.keep_alive_ack", "tcp.analysis.window_update", "tcp.analysis.window_full",
  "tcp.analysis.reused_ports",
};

static void
test_tshark (void)
{
  g_autofree char *tshark = g_find_program_in_path ("tshark");

  if (tshark == NULL)
    {
      g_test_skip ("tshark is not installed: relative seq/ack not compared with Wireshark's");
      return;
    }

  for (guint f = 0; f < G_N_ELEMENTS (tshark_fixtures); f++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "capture",
                                                     tshark_fixtures[f], NULL);
      g_autoptr(SynackTrace) trace = load (tshark_fixtures[f]);
      g_autoptr(GPtrArray) argv = g_ptr_array_new ();
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_auto(GStrv) lines = NULL;
      g_autoptr(GError) error = NULL;
      GArray *segs;
      int status;
      guint n_lines;

      g_ptr_array_add (argv, tshark);
      g_ptr_array_add (argv, (char *) "-r");
      g_ptr_array_add (argv, path);
      g_ptr_array_add (argv, (char *) "-Y");
      g_ptr_array_add (argv, (char *) "tcp");
      g_ptr_array_add (argv, (char *) "-T");
      g_ptr_array_add (argv, (char *) "fields");
      g_ptr_array_add (argv, (char *) "-E");
      g_ptr_array_add (argv, (char *) "occurrence=f");
      for (const char *const *field = (const char *const[]) { "tcp.seq", "tcp.ack", "tcp.flags", NULL };
           *field; field++)
        {
          g_ptr_array_add (argv, (char *) "-e");
          g_ptr_array_add (argv, (char *) *field);
        }
      for (guint i = 0; i < G_N_ELEMENTS (tshark_analysis); i++)
        {
          g_ptr_array_add (argv, (char *) "-e");
          g_ptr_array_add (argv, (char *) tshark_analysis[i]);
        }
      g_ptr_array_add (argv, NULL);

      g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                    &out, &err, &status, &error);
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (status, NULL));

      if (out[0] && out[strlen (out) - 1] == '\n')
        out[strlen (out) - 1] = '\0';  /* not g_strchomp: trailing tabs are empty fields */
      lines = g_strsplit (out, "\n", -1);
      n_lines = out[0] ? g_strv_length (lines) : 0;
      segs = synack_trace_segments_between (trace, G_MAXUINT, G_MININT64, G_MAXINT64);
      g_test_message ("%s: %u packets", tshark_fixtures[f], n_lines);
      g_assert_cmpuint (segs->len, ==, n_lines);

      for (guint i = 0; i < n_lines; i++)
        {
          g_auto(GStrv) col = g_strsplit (lines[i], "\t", -1);
          guint idx = g_array_index (segs, guint, i);
          SynackEvent ev;

          synack_trace_read_event (trace, idx, &ev);
          /* Synack's own flags, which Wireshark does not have. */
          guint32 mine = ev.segment.analysis & ~(SYNACK_ANALYSIS_CHALLENGE_ACK |
                                                  SYNACK_ANALYSIS_BAD_CHECKSUM |
                                                  SYNACK_ANALYSIS_TIME_WAIT_ACK |
                                                  SYNACK_ANALYSIS_BAD_OPTIONS);
          guint32 theirs = 0;

          g_assert_cmpuint (g_strv_length (col), >=, 3 + G_N_ELEMENTS (tshark_analysis));
          /* A trace keeps one ISN an endpoint: after Wireshark moves an
           * endpoint's base to a SYN-ACK's new number, the frame before
           * it (a RST, the first SYN-ACK) is numbered from the new base. */
          if (!(i == 1 && (g_str_equal (tshark_fixtures[f], "syn-retry-rst.pcap") ||
                           g_str_equal (tshark_fixtures[f], "synack-new-isn.pcap"))))
            g_assert_cmpuint (synack_trace_relative_seq (trace, idx), ==,
                              (guint32) g_ascii_strtoull (col[0], NULL, 10));
          g_assert_cmpuint (synack_trace_relative_ack (trace, idx), ==,
                            (guint32) g_ascii_strtoull (col[1], NULL, 10));
          g_assert_cmphex (ev.segment.flags, ==, g_ascii_strtoull (col[2], NULL, 16) & 0xff);
          for (guint b = 0; b < G_N_ELEMENTS (tshark_analysis); b++)
            if (col[3 + b][0] != '\0')
              theirs |= 1u << b;  /* same order as SynackAnalysis */
          if (mine != theirs)
            g_test_message ("%s: packet %u: analysis %#x, tshark %#x", tshark_fixtures[f], i + 1,
                            mine, theirs);
          g_assert_cmphex (mine, ==, theirs);
        }
      g_array_unref (segs);
    }
}

/* ------------------------------------------------------------------ Zeek */

static void
test_zeek_classifier (void)
{
  static const struct
  {
    const char *segments;   /* "0S 1SA 0A ...": endpoint and flags (S A F R), D for data */
    const char *expect;
  } cases[] = {
    { "0S", "S0" },
    { "0S 0S", "S0" },
    { "0S 1SA 0A", "S1" },
    { "0S 1SA 0A 0DA 1DA 0FA 1FA 0A", "SF" },
    { "0S 1RA", "REJ" },
    { "0S 1SA 0A 0FA", "S2" },
    { "0S 1SA 0A 1FA", "S3" },
    { "0S 1SA 0A 0RA", "RSTO" },
    { "0S 1SA 0A 1RA", "RSTR" },
    { "0S 0R", "RSTOS0" },
    { "1SA 1R", "RSTRH" },
    { "0S 0F", "SH" },
    { "1SA 1F", "SHR" },
    { "0DA 1DA", "OTH" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(GStrv) parts = g_strsplit (cases[i].segments, " ", -1);
      SynackZeekTracker tracker;

      synack_zeek_tracker_init (&tracker);
      for (guint j = 0; parts[j]; j++)
        {
          guint8 flags = 0;
          guint32 len = 0;

          for (const char *c = parts[j] + 1; *c; c++)
            switch (*c)
              {
              case 'S': flags |= SYNACK_FLAG_SYN; break;
              case 'A': flags |= SYNACK_FLAG_ACK; break;
              case 'F': flags |= SYNACK_FLAG_FIN; break;
              case 'R': flags |= SYNACK_FLAG_RST; break;
              case 'D': len = 100; break;
              default: g_assert_not_reached ();
              }
          synack_zeek_tracker_add (&tracker, parts[j][0] - '0', flags, len);
        }
      g_test_message ("%s", cases[i].segments);
      g_assert_cmpstr (synack_zeek_tracker_conn_state (&tracker), ==, cases[i].expect);
    }
}

/* The classifier on a trace that did not come from a capture (as the engine makes). */
static void
test_zeek_any_trace (void)
{
  g_autoptr(SynackTrace) trace = synack_trace_new (SYNACK_TRACE_SOURCE_ENGINE);
  SynackAddress a, b;
  SynackSegment seg = { 0 };
  guint conn;

  synack_address_parse ("10.0.0.1", &a);
  synack_address_parse ("10.0.0.2", &b);
  conn = synack_trace_add_connection (trace, &a, 1234, &b, 80);
  seg.sport = 1234;
  seg.dport = 80;
  seg.flags = SYNACK_FLAG_SYN;
  synack_trace_append_segment (trace, 0, conn, 0, &seg, SYNACK_FATE_DELIVERED, 10, 0);
  g_assert_cmpstr (synack_zeek_conn_state (trace, conn), ==, "S0");
  seg.sport = 80;
  seg.dport = 1234;
  seg.flags = SYNACK_FLAG_RST | SYNACK_FLAG_ACK;
  synack_trace_append_segment (trace, 20, conn, 1, &seg, SYNACK_FATE_DELIVERED, 30, 0);
  g_assert_cmpstr (synack_zeek_conn_state (trace, conn), ==, "REJ");
}

/* Inference state is freed as connections end; what is left at the end too. */
static void
test_tracking_freed (void)
{
  g_autoptr(SynackTrace) trace = synack_trace_new (SYNACK_TRACE_SOURCE_FILE);
  g_autoptr(SynackInfer) infer = synack_infer_new (trace);
  SynackIpInfo ip = { 0 };
  SynackSegment seg = { 0 };

  ip.src.family = ip.dst.family = 4;
  ip.src.bytes[0] = 10;
  ip.dst.bytes[0] = 11;

  for (guint16 port = 1000; port < 1100; port++)
    {
      SynackIpInfo rev = ip;

      rev.src = ip.dst;
      rev.dst = ip.src;
      seg = (SynackSegment) { .sport = port, .dport = 80, .seq = 100, .flags = SYNACK_FLAG_SYN };
      synack_infer_add (infer, port * 1000, &ip, &seg);
      seg = (SynackSegment) { .sport = 80, .dport = port, .seq = 0, .ack = 101,
                              .flags = SYNACK_FLAG_RST | SYNACK_FLAG_ACK };
      synack_infer_add (infer, port * 1000 + 1, &rev, &seg);
    }
  /* Every one refused: each has its summary, and is kept a minute for
   * late segments (a SYN retried, a retransmission after the RST). */
  g_assert_cmpuint (synack_infer_get_n_tracked (infer), ==, 100);
  g_assert_cmpuint (synack_trace_get_n_connections (trace), ==, 100);
  g_assert_cmpstr (synack_trace_get_connection (trace, 99)->summary, ==, "REJ");

  /* A minute later they are forgotten. */
  seg = (SynackSegment) { .sport = 5000, .dport = 80, .seq = 1, .flags = SYNACK_FLAG_SYN };
  synack_infer_add (infer, 61 * SYNACK_NSEC_PER_SEC + 10000000, &ip, &seg);
  g_assert_cmpuint (synack_infer_get_n_tracked (infer), ==, 1);
  synack_infer_finish (infer);
  g_assert_cmpuint (synack_infer_get_n_tracked (infer), ==, 0);
  g_assert_cmpstr (synack_trace_get_connection (trace, 100)->summary, ==, "S0");
}

/* Thousands of connections open at once, half of them ended in a scrambled
 * order while the others are looked up: every later segment finds its own
 * connection (the tuple table grows, and removes without losing entries). */
static void
test_many_open (void)
{
  const guint n = 5000;
  g_autoptr(SynackTrace) trace = synack_trace_new (SYNACK_TRACE_SOURCE_FILE);
  g_autoptr(SynackInfer) infer = synack_infer_new (trace);
  SynackIpInfo ip = { 0 }, rev;
  SynackSegment seg;
  gint64 t = 0;

  ip.src.family = ip.dst.family = 4;
  ip.src.bytes[0] = 10;
  ip.dst.bytes[0] = 11;
  rev = ip;
  rev.src = ip.dst;
  rev.dst = ip.src;

  for (guint i = 0; i < n; i++)
    {
      seg = (SynackSegment) { .sport = 1000 + i, .dport = 80, .seq = 100, .flags = SYNACK_FLAG_SYN };
      synack_infer_add (infer, t++, &ip, &seg);
    }
  g_assert_cmpuint (synack_infer_get_n_tracked (infer), ==, n);
  /* Even positions of a scrambled order are refused; odd ones answered. */
  for (guint k = 0; k < n; k++)
    {
      guint i = (k * 7919u) % n;

      if (k % 2 == 0)
        seg = (SynackSegment) { .sport = 80, .dport = 1000 + i, .seq = 0, .ack = 101,
                                .flags = SYNACK_FLAG_RST | SYNACK_FLAG_ACK };
      else
        seg = (SynackSegment) { .sport = 80, .dport = 1000 + i, .seq = 5000, .ack = 101,
                                .flags = SYNACK_FLAG_SYN | SYNACK_FLAG_ACK };
      synack_infer_add (infer, t++, &rev, &seg);
    }
  g_assert_cmpuint (synack_trace_get_n_connections (trace), ==, n);
  /* The refused ones linger (a minute of capture time) with the answered. */
  g_assert_cmpuint (synack_infer_get_n_tracked (infer), ==, n);
  for (guint k = 0; k < n; k++)
    {
      guint i = (k * 7919u) % n;

      g_assert_cmpuint (synack_trace_get_connection (trace, i)->port[0], ==, 1000 + i);
      g_assert_cmpint (synack_trace_state_at_time (trace, i, 1, G_MAXINT64), ==,
                       k % 2 == 0 ? SYNACK_TCP_CLOSED : SYNACK_TCP_SYN_RECEIVED);
    }
  synack_infer_finish (infer);
  g_assert_cmpuint (synack_infer_get_n_tracked (infer), ==, 0);
  g_assert_cmpstr (synack_trace_get_connection (trace, (0 * 7919u) % n)->summary, ==, "REJ");
  g_assert_cmpstr (synack_trace_get_connection (trace, (1 * 7919u) % n)->summary, !=, "REJ");
}

/* Sequence numbers that wrap past 2^32 inside the connection. */
static void
test_wraparound (void)
{
  g_autoptr(SynackTrace) trace = load ("raw.pcap");

  /* The client's ISN is 0xffffff00: its data and FIN cross zero. */
  g_assert_cmpuint (synack_trace_get_connection (trace, 0)->isn[0], ==, 0xffffff00);
  assert_paths (trace, 0,
                "CLOSED SYN_SENT ESTABLISHED FIN_WAIT_1 FIN_WAIT_2 TIME_WAIT",
                "LISTEN SYN_RECEIVED ESTABLISHED CLOSE_WAIT LAST_ACK CLOSED", "SF");
  for (guint i = 0; i < synack_trace_get_n_segments (trace); i++)
    g_assert_cmphex (analysis_of (trace, i), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/synack/infer/close-client", test_close_client);
  g_test_add_func ("/synack/infer/close-server", test_close_server);
  g_test_add_func ("/synack/infer/refused", test_refused);
  g_test_add_func ("/synack/infer/half-close", test_half_close);
  g_test_add_func ("/synack/infer/abort", test_abort);
  g_test_add_func ("/synack/infer/keepalive", test_keepalive);
  g_test_add_func ("/synack/infer/zero-window", test_zero_window);
  g_test_add_func ("/synack/infer/retransmission", test_retransmission);
  g_test_add_func ("/synack/infer/ipv6", test_ipv6);
  g_test_add_func ("/synack/infer/simultaneous-open-and-close", test_simultaneous);
  g_test_add_func ("/synack/infer/challenge-ack", test_challenge_ack);
  g_test_add_func ("/synack/infer/port-reuse", test_port_reuse);
  g_test_add_func ("/synack/infer/midstream", test_midstream);
  g_test_add_func ("/synack/infer/from-synack", test_from_synack);
  g_test_add_func ("/synack/infer/s0", test_s0);
  g_test_add_func ("/synack/infer/analysis-flags", test_analysis_flags);
  g_test_add_func ("/synack/infer/wraparound", test_wraparound);
  g_test_add_func ("/synack/infer/acked-unseen-once", test_acked_unseen_once);
  g_test_add_func ("/synack/infer/spurious-first", test_spurious_first);
  g_test_add_func ("/synack/infer/initial-rtt", test_initial_rtt);
  g_test_add_func ("/synack/infer/after-rst", test_after_rst);
  g_test_add_func ("/synack/infer/fin-resent", test_fin_resent);
  g_test_add_func ("/synack/infer/syn-retry-after-rst", test_syn_retry_after_rst);
  g_test_add_func ("/synack/infer/synack-new-isn", test_synack_new_isn);
  g_test_add_func ("/synack/infer/no-probe-before-peer", test_no_probe_before_peer);
  g_test_add_func ("/synack/infer/zeek-rules", test_zeek_rules);
  g_test_add_func ("/synack/infer/hole-in-handshake", test_hole_in_handshake);
  g_test_add_func ("/synack/infer/unanswered-unknown", test_unanswered_unknown);
  g_test_add_func ("/synack/infer/damaged-packets", test_damaged_packets);
  g_test_add_func ("/synack/infer/tshark", test_tshark);
  g_test_add_func ("/synack/infer/zeek-classifier", test_zeek_classifier);
  g_test_add_func ("/synack/infer/zeek-any-trace", test_zeek_any_trace);
  g_test_add_func ("/synack/infer/tracking-freed", test_tracking_freed);
  g_test_add_func ("/synack/infer/many-open", test_many_open);

  return g_test_run ();
}
