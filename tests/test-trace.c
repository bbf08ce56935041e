/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <libglib-testing/signal-logger.h>
#include <string.h>

#include "synack-test-utils.h"
#include "synack-trace.h"

typedef struct
{
  SynackTrace *trace;
  guint        n_conns;
} Fixture;

/* A random trace: several connections, interleaved segments and state
 * changes at non-decreasing times, with runs of equal times. */
static void
fill_random (SynackTrace *trace,
             GRand       *rand,
             guint        n_conns,
             guint        n_events)
{
  gint64 time = 0;

  for (guint c = 0; c < n_conns; c++)
    {
      SynackAddress a, b;

      synack_address_set_ipv4 (&a, 0x0a000001 + c);
      synack_address_set_ipv4 (&b, 0xc0000201);
      synack_trace_add_connection (trace, &a, (guint16) (40000 + c), &b, 80);
    }

  for (guint i = 0; i < n_events; i++)
    {
      guint conn = g_rand_int_range (rand, 0, (gint32) n_conns);
      guint endpoint = g_rand_int_range (rand, 0, 2);

      if (g_rand_int_range (rand, 0, 4) != 0)
        time += g_rand_int_range (rand, 0, 3) * 1000;

      if (g_rand_int_range (rand, 0, 5) == 0)
        synack_trace_append_state (trace, time, conn, endpoint,
                                   g_rand_int_range (rand, 0, SYNACK_TCP_N_STATES),
                                   SYNACK_CAUSE_NONE, 0);
      else
        {
          SynackSegment seg = { 0 };

          seg.seq = g_rand_int (rand);
          seg.ack = g_rand_int (rand);
          seg.flags = SYNACK_FLAG_ACK;
          seg.payload_len = g_rand_int_range (rand, 0, 1500);
          if (g_rand_boolean (rand))
            {
              seg.options = SYNACK_OPTION_TIMESTAMP | SYNACK_OPTION_SACK;
              seg.ts_val = i;
              seg.n_sack = g_rand_int_range (rand, 1, 4);
              for (guint k = 0; k < seg.n_sack; k++)
                {
                  seg.sack[k].left = i * 10 + k;
                  seg.sack[k].right = i * 10 + k + 5;
                }
            }
          synack_trace_append_segment (trace, time, conn, endpoint, &seg,
                                       SYNACK_FATE_CAPTURED, SYNACK_TIME_NONE, 0);
        }
    }
  synack_trace_commit (trace);
}

static SynackTcpState
brute_state_at_time (SynackTrace *trace,
                     guint        conn,
                     guint        endpoint,
                     gint64       time)
{
  SynackTcpState state = synack_trace_get_connection (trace, conn)->initial_state[endpoint];

  for (guint i = 0; i < synack_trace_get_n_events (trace); i++)
    {
      SynackEvent ev;

      synack_trace_read_event (trace, i, &ev);
      if (ev.time > time)
        break;
      if (ev.kind == SYNACK_EVENT_STATE && ev.conn == conn && ev.endpoint == endpoint)
        state = ev.state.to;
    }
  return state;
}

static SynackTcpState
brute_state_at_event (SynackTrace *trace,
                      guint        conn,
                      guint        endpoint,
                      guint        index)
{
  SynackTcpState state = synack_trace_get_connection (trace, conn)->initial_state[endpoint];

  for (guint i = 0; i <= index && i < synack_trace_get_n_events (trace); i++)
    {
      SynackEvent ev;

      synack_trace_read_event (trace, i, &ev);
      if (ev.kind == SYNACK_EVENT_STATE && ev.conn == conn && ev.endpoint == endpoint)
        state = ev.state.to;
    }
  return state;
}

static void
test_queries_vs_brute_force (void)
{
  for (guint32 seed = 1; seed <= 20; seed++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      g_autoptr(SynackTrace) trace = synack_trace_new (SYNACK_TRACE_SOURCE_FILE);
      guint n_conns = g_rand_int_range (rand, 1, 5);
      gint64 end;

      fill_random (trace, rand, n_conns, g_rand_int_range (rand, 50, 600));
      end = synack_trace_get_end_time (trace);

      for (guint q = 0; q < 200; q++)
        {
          guint conn = g_rand_int_range (rand, 0, (gint32) n_conns);
          guint ep = g_rand_int_range (rand, 0, 2);
          gint64 t0 = g_rand_int_range (rand, -1000, (gint32) end + 2000);
          gint64 t1 = t0 + g_rand_int_range (rand, 0, 20000);
          guint index = g_rand_int_range (rand, 0, (gint32) synack_trace_get_n_events (trace));
          g_autoptr(GArray) got = NULL;
          g_autoptr(GArray) got_all = NULL;
          guint n_expected = 0, n_expected_all = 0;
          guint lb;

          g_assert_cmpint (synack_trace_state_at_time (trace, conn, ep, t0), ==,
                           brute_state_at_time (trace, conn, ep, t0));
          g_assert_cmpint (synack_trace_state_at_event (trace, conn, ep, index), ==,
                           brute_state_at_event (trace, conn, ep, index));

          got = synack_trace_segments_between (trace, conn, t0, t1);
          got_all = synack_trace_segments_between (trace, G_MAXUINT, t0, t1);
          for (guint i = 0; i < synack_trace_get_n_events (trace); i++)
            {
              SynackEvent ev;

              synack_trace_read_event (trace, i, &ev);
              if (ev.kind != SYNACK_EVENT_SEGMENT || ev.time < t0 || ev.time >= t1)
                continue;
              g_assert_cmpuint (g_array_index (got_all, guint32, n_expected_all), ==, i);
              n_expected_all++;
              if (ev.conn == conn)
                {
                  g_assert_cmpuint (g_array_index (got, guint32, n_expected), ==, i);
                  n_expected++;
                }
            }
          g_assert_cmpuint (got->len, ==, n_expected);
          g_assert_cmpuint (got_all->len, ==, n_expected_all);

          lb = synack_trace_lower_bound (trace, t0);
          g_assert_true (lb == synack_trace_get_n_events (trace) ||
                         synack_trace_get_event_time (trace, lb) >= t0);
          g_assert_true (lb == 0 || synack_trace_get_event_time (trace, lb - 1) < t0);
        }

      /* Segment ordinals count segments before the event. */
      for (guint i = 0, ordinal = 0; i < synack_trace_get_n_events (trace); i++)
        if (synack_trace_get_event_kind (trace, i) == SYNACK_EVENT_SEGMENT)
          g_assert_cmpuint (synack_trace_segment_ordinal (trace, i), ==, ordinal++);
    }
}

static void
test_options_roundtrip (void)
{
  g_autoptr(SynackTrace) trace = synack_trace_new (SYNACK_TRACE_SOURCE_ENGINE);
  SynackAddress a, b;
  SynackSegment seg = { 0 }, back;
  guint conn, idx;

  synack_address_set_ipv4 (&a, 0x7f000001);
  synack_address_set_ipv4 (&b, 0x7f000002);
  conn = synack_trace_add_connection (trace, &a, 40408, &b, 47001);

  seg.sport = 40408;
  seg.dport = 47001;
  seg.seq = 0xFFFFFFF0u;
  seg.ack = 7;
  seg.flags = SYNACK_FLAG_SYN | SYNACK_FLAG_ACK;
  seg.window = 65535;
  seg.options = SYNACK_OPTION_MSS | SYNACK_OPTION_WSCALE | SYNACK_OPTION_SACK_PERM |
                SYNACK_OPTION_TIMESTAMP | SYNACK_OPTION_SACK;
  seg.mss = 1460;
  seg.wscale = 7;
  seg.ts_val = 11;
  seg.ts_ecr = 22;
  seg.n_sack = 2;
  seg.sack[0].left = 100; seg.sack[0].right = 200;
  seg.sack[1].left = 300; seg.sack[1].right = 400;
  seg.payload_len = 99;

  idx = synack_trace_append_segment (trace, 5, conn, 0, &seg, SYNACK_FATE_DELIVERED, 50, 0);
  synack_trace_get_segment (trace, idx, &back);
  g_assert_cmpmem (&back, sizeof back, &seg, sizeof seg);
  g_assert_cmpint (synack_test_event (trace, idx).segment.arrive, ==, 50);

  /* Timestamps alone are stored compactly, and come back the same. */
  memset (&seg, 0, sizeof seg);
  seg.sport = 40408;
  seg.dport = 47001;
  seg.flags = SYNACK_FLAG_ACK;
  seg.options = SYNACK_OPTION_TIMESTAMP;
  seg.ts_val = 0xFFFFFFFEu;
  seg.ts_ecr = 3;
  idx = synack_trace_append_segment (trace, 6, conn, 0, &seg, SYNACK_FATE_DELIVERED, 60, 0);
  synack_trace_get_segment (trace, idx, &back);
  g_assert_cmpmem (&back, sizeof back, &seg, sizeof seg);

  /* No options at all. */
  seg.options = 0;
  seg.ts_val = seg.ts_ecr = 0;
  idx = synack_trace_append_segment (trace, 7, conn, 1, &seg, SYNACK_FATE_DELIVERED, 70, 0);
  synack_trace_get_segment (trace, idx, &back);
  seg.sport = 47001;
  seg.dport = 40408;
  g_assert_cmpmem (&back, sizeof back, &seg, sizeof seg);
}

static void
test_relative_and_window (void)
{
  g_autoptr(SynackTrace) trace = synack_trace_new (SYNACK_TRACE_SOURCE_FILE);
  SynackAddress a, b;
  SynackSegment seg = { 0 };
  guint conn, syn, data;

  synack_address_set_ipv4 (&a, 0x7f000001);
  synack_address_set_ipv4 (&b, 0x7f000001);
  conn = synack_trace_add_connection (trace, &a, 40408, &b, 47001);
  synack_trace_set_isn (trace, conn, 0, 0xFFFFFFFFu, TRUE);
  synack_trace_set_isn (trace, conn, 1, 1000, TRUE);
  synack_trace_set_wscale (trace, conn, 7, 2);

  seg.seq = 0xFFFFFFFFu;
  seg.flags = SYNACK_FLAG_SYN;
  seg.window = 100;
  syn = synack_trace_append_segment (trace, 0, conn, 0, &seg, SYNACK_FATE_CAPTURED,
                                     SYNACK_TIME_NONE, 0);
  seg.seq = 0x00000010u;   /* 0x11 bytes after the ISN, across the wrap */
  seg.ack = 1001;
  seg.flags = SYNACK_FLAG_ACK;
  data = synack_trace_append_segment (trace, 1, conn, 0, &seg, SYNACK_FATE_CAPTURED,
                                      SYNACK_TIME_NONE, 0);

  g_assert_cmpuint (synack_trace_relative_seq (trace, syn), ==, 0);
  g_assert_cmpuint (synack_trace_relative_ack (trace, syn), ==, 0);   /* no ACK flag */
  g_assert_cmpuint (synack_trace_relative_seq (trace, data), ==, 0x11);
  g_assert_cmpuint (synack_trace_relative_ack (trace, data), ==, 1);
  /* SYN windows are never scaled; later ones by the sender's shift. */
  g_assert_cmpuint (synack_trace_get_scaled_window (trace, syn), ==, 100);
  g_assert_cmpuint (synack_trace_get_scaled_window (trace, data), ==, 100 << 7);
}

static void
test_connections_and_spans (void)
{
  g_autoptr(SynackTrace) trace = synack_trace_new (SYNACK_TRACE_SOURCE_ENGINE);
  SynackAddress a, b;
  guint conn, ep = 9, listener;
  gint64 time;
  SynackTcpState state;
  guint event;

  synack_address_set_ipv4 (&a, 0x0a000001);
  synack_address_set_ipv4 (&b, 0x0a000002);

  /* A listener whose client is not known yet is not findable by tuple. */
  listener = synack_trace_add_connection (trace, NULL, 0, &b, 80);
  synack_trace_append_state (trace, 0, listener, 1, SYNACK_TCP_LISTEN, SYNACK_CAUSE_CALL, 0);
  g_assert_cmpuint (synack_trace_find_connection (trace, &a, 5000, &b, 80, NULL), ==, G_MAXUINT);
  synack_trace_set_endpoint (trace, listener, 0, &a, 5000);
  g_assert_cmpuint (synack_trace_find_connection (trace, &b, 80, &a, 5000, &ep), ==, listener);
  g_assert_cmpuint (ep, ==, 1);

  /* Port reuse: the latest connection with the tuple wins. */
  conn = synack_trace_add_connection (trace, &a, 5000, &b, 80);
  g_assert_cmpuint (synack_trace_find_connection (trace, &a, 5000, &b, 80, &ep), ==, conn);
  g_assert_cmpuint (ep, ==, 0);

  synack_trace_set_initial_state (trace, conn, 1, SYNACK_TCP_LISTEN);
  synack_trace_append_state (trace, 10, conn, 1, SYNACK_TCP_SYN_RECEIVED, SYNACK_CAUSE_NONE, 0);
  synack_trace_append_state (trace, 20, conn, 1, SYNACK_TCP_ESTABLISHED, SYNACK_CAUSE_NONE, 0);

  g_assert_cmpuint (synack_trace_get_n_state_spans (trace, conn, 1), ==, 3);
  synack_trace_get_state_span (trace, conn, 1, 0, &time, &state, &event);
  g_assert_cmpint (time, ==, G_MININT64);
  g_assert_cmpint (state, ==, SYNACK_TCP_LISTEN);
  synack_trace_get_state_span (trace, conn, 1, 2, &time, &state, &event);
  g_assert_cmpint (time, ==, 20);
  g_assert_cmpint (state, ==, SYNACK_TCP_ESTABLISHED);
  g_assert_cmpint (synack_test_event (trace, event).state.from, ==, SYNACK_TCP_SYN_RECEIVED);
  g_assert_cmpint (synack_trace_state_at_time (trace, conn, 1, 15), ==, SYNACK_TCP_SYN_RECEIVED);
  g_assert_cmpint (synack_trace_state_at_time (trace, conn, 1, 9), ==, SYNACK_TCP_LISTEN);

  /* An append earlier than the last event keeps time order. */
  synack_trace_append_state (trace, 5, conn, 0, SYNACK_TCP_SYN_SENT, SYNACK_CAUSE_NONE, 0);
  g_assert_cmpint (synack_trace_get_end_time (trace), ==, 20);
}

static void
test_commit_signal (void)
{
  g_autoptr(SynackTrace) trace = synack_trace_new (SYNACK_TRACE_SOURCE_LIVE);
  g_autoptr(GtSignalLogger) logger = gt_signal_logger_new ();
  SynackAddress a;
  guint conn, first = 99, n = 99;

  gt_signal_logger_connect (logger, trace, "events-added");
  synack_address_set_ipv4 (&a, 0x0a000001);
  conn = synack_trace_add_connection (trace, &a, 1, &a, 2);

  /* Appends alone do not signal: live sources batch them. */
  for (guint i = 0; i < 5; i++)
    synack_trace_append_call (trace, i, conn, 0, SYNACK_CALL_SEND, 10, 0);
  gt_signal_logger_assert_no_emissions (logger);

  synack_trace_commit (trace);
  gt_signal_logger_assert_emission_pop (logger, trace, "events-added", &first, &n);
  g_assert_cmpuint (first, ==, 0);
  g_assert_cmpuint (n, ==, 5);

  synack_trace_commit (trace);
  gt_signal_logger_assert_no_emissions (logger);

  synack_trace_append_call (trace, 9, conn, 0, SYNACK_CALL_CLOSE, 0, 0);
  synack_trace_commit (trace);
  gt_signal_logger_assert_emission_pop (logger, trace, "events-added", &first, &n);
  g_assert_cmpuint (first, ==, 5);
  g_assert_cmpuint (n, ==, 1);
  gt_signal_logger_assert_no_emissions (logger);
}

static void
test_many_events (void)
{
  g_autoptr(SynackTrace) trace = synack_trace_new (SYNACK_TRACE_SOURCE_FILE);
  SynackAddress a;
  SynackSegment seg = { 0 };
  guint conn;
  SynackEvent first, call, past;

  synack_address_set_ipv4 (&a, 0x0a000001);
  conn = synack_trace_add_connection (trace, &a, 1, &a, 2);
  seg.flags = SYNACK_FLAG_ACK;
  synack_trace_append_segment (trace, 0, conn, 0, &seg, SYNACK_FATE_CAPTURED, SYNACK_TIME_NONE, 0);
  synack_trace_append_call (trace, 0, conn, 0, SYNACK_CALL_SEND, 100, 0);
  g_assert_true (synack_trace_read_event (trace, 0, &first));
  g_assert_true (synack_trace_read_event (trace, 1, &call));

  /* Across several chunk boundaries, a packed segment and a call kept
   * whole read back the same, and the copies the caller holds stay its
   * own however many events are read after them. */
  for (guint i = 2; i < 20000; i++)
    {
      seg.seq = i;
      synack_trace_append_segment (trace, i, conn, i & 1, &seg, SYNACK_FATE_CAPTURED,
                                   SYNACK_TIME_NONE, 0);
    }
  for (guint i = 2; i < 20000; i++)
    {
      SynackEvent ev = synack_test_event (trace, i);

      g_assert_cmpuint (ev.segment.seq, ==, i);
      g_assert_cmpint (ev.time, ==, (gint64) i);
      g_assert_cmpuint (ev.endpoint, ==, i & 1);
      g_assert_cmpint (synack_trace_get_event_kind (trace, i), ==, SYNACK_EVENT_SEGMENT);
      g_assert_cmpint (synack_trace_get_event_time (trace, i), ==, (gint64) i);
    }
  g_assert_cmpint (first.kind, ==, SYNACK_EVENT_SEGMENT);
  g_assert_cmpuint (first.segment.flags, ==, SYNACK_FLAG_ACK);
  g_assert_cmpint (call.kind, ==, SYNACK_EVENT_CALL);
  g_assert_cmpint (synack_trace_get_event_kind (trace, 1), ==, SYNACK_EVENT_CALL);
  g_assert_cmpuint (call.call.arg, ==, 100);
  g_assert_cmpuint (synack_test_event (trace, 12345).segment.seq, ==, 12345);
  /* past the end: FALSE, and the caller's storage untouched */
  past = call;
  g_assert_false (synack_trace_read_event (trace, 20000, &past));
  g_assert_cmpmem (&past, sizeof past, &call, sizeof call);
  g_assert_cmpuint (synack_trace_get_connection (trace, conn)->n_segments, ==, 19999);
  g_assert_cmpuint (synack_trace_conn_event (trace, conn, 19999), ==, 19999);
}

/* The latest state change and the latest segment before a point, against a
 * walk over every event; then with thousands of timer events in between, as
 * a long keep-alive idle has, so no window of recent events can find them. */
static void
test_last_change_and_segment (void)
{
  g_autoptr(SynackTrace) trace = synack_trace_new (SYNACK_TRACE_SOURCE_FILE);
  g_autoptr(SynackTrace) idle = synack_trace_new (SYNACK_TRACE_SOURCE_ENGINE);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  SynackSegment seg = { 0 };
  SynackAddress a, b;
  guint state_ev, seg_ev, n;

  fill_random (trace, rand, 3, 4000);
  n = synack_trace_get_n_events (trace);
  for (guint position = 0; position < n; position += 7)
    for (guint conn = 0; conn < 3; conn++)
      {
        guint want_state = G_MAXUINT, want_seg = G_MAXUINT;

        for (guint i = 0; i <= position; i++)
          {
            SynackEvent ev;

            synack_trace_read_event (trace, i, &ev);
            if (ev.conn != conn)
              continue;
            if (ev.kind == SYNACK_EVENT_STATE)
              want_state = i;
            else if (ev.kind == SYNACK_EVENT_SEGMENT)
              want_seg = i;
          }
        g_assert_cmpuint (synack_trace_last_state_change (trace, conn, position), ==, want_state);
        g_assert_cmpuint (synack_trace_last_segment (trace, conn, position), ==, want_seg);
      }

  synack_address_set_ipv4 (&a, 0x0a000001);
  synack_address_set_ipv4 (&b, 0x0a000002);
  synack_trace_add_connection (idle, &a, 40000, &b, 80);
  g_assert_cmpuint (synack_trace_last_state_change (idle, 0, 0), ==, G_MAXUINT);
  g_assert_cmpuint (synack_trace_last_segment (idle, 0, 0), ==, G_MAXUINT);
  seg.flags = SYNACK_FLAG_ACK;
  seg_ev = synack_trace_append_segment (idle, 0, 0, 0, &seg, SYNACK_FATE_DELIVERED, 1000, 0);
  state_ev = synack_trace_append_state (idle, 1000, 0, 1, SYNACK_TCP_ESTABLISHED,
                                        SYNACK_CAUSE_SEGMENT, seg_ev);
  for (guint i = 0; i < 5000; i++)
    synack_trace_append_timer (idle, 2000 + i, 0, i % 2, SYNACK_TIMER_KEEPALIVE,
                               i % 2 ? SYNACK_TIMER_FIRED : SYNACK_TIMER_ARMED, 1, 3000 + i);
  synack_trace_commit (idle);
  n = synack_trace_get_n_events (idle);
  g_assert_cmpuint (synack_trace_last_state_change (idle, 0, n - 1), ==, state_ev);
  g_assert_cmpuint (synack_trace_last_segment (idle, 0, n - 1), ==, seg_ev);
  g_assert_cmpuint (synack_trace_last_state_change (idle, 0, seg_ev), ==, G_MAXUINT);

  /* A change a later segment withdrew is not the last change: the state
   * diagram lights the one before it. */
  {
    guint closing = synack_trace_append_state (idle, 9000, 0, 1, SYNACK_TCP_CLOSE_WAIT,
                                               SYNACK_CAUSE_SEGMENT, seg_ev);

    synack_trace_commit (idle);
    g_assert_cmpuint (synack_trace_last_state_change (idle, 0, closing), ==, closing);
    g_assert_true (synack_trace_retract_state (idle, 0, 1));
    g_assert_cmpuint (synack_trace_last_state_change (idle, 0, closing), ==, state_ev);
  }
}

/* Events that do not fit the packed record (a time more than 4.29 s after
 * its block's first event, a payload over 65,535 bytes, an arrival time)
 * read back exactly as the packed ones do. */
static void
test_packed_and_whole (void)
{
  g_autoptr(SynackTrace) trace = synack_trace_new (SYNACK_TRACE_SOURCE_FILE);
  SynackAddress a, b;
  SynackSegment seg = { 0 }, back;
  gint64 t = 1000;
  guint conn, idx[8];

  synack_address_set_ipv4 (&a, 0x0a000001);
  synack_address_set_ipv4 (&b, 0x0a000002);
  conn = synack_trace_add_connection (trace, &a, 40000, &b, 80);

  seg.flags = SYNACK_FLAG_ACK | SYNACK_FLAG_PSH;
  seg.seq = 0xfffffff0u;
  seg.ack = 7;
  seg.window = 65535;
  seg.payload_len = 1448;
  seg.options = SYNACK_OPTION_TIMESTAMP;
  seg.ts_val = 0xdeadbeefu;
  seg.ts_ecr = 12345;
  idx[0] = synack_trace_append_segment (trace, t, conn, 0, &seg, SYNACK_FATE_CAPTURED,
                                        SYNACK_TIME_NONE,
                                        SYNACK_ANALYSIS_OUT_OF_ORDER | SYNACK_ANALYSIS_BAD_CHECKSUM);
  /* 10 s later: past the packed offset */
  t += 10 * SYNACK_NSEC_PER_SEC;
  idx[1] = synack_trace_append_segment (trace, t, conn, 1, &seg, SYNACK_FATE_CAPTURED,
                                        SYNACK_TIME_NONE, 0);
  seg.payload_len = 100000;   /* TSO/GRO-sized */
  idx[2] = synack_trace_append_segment (trace, t + 1, conn, 0, &seg, SYNACK_FATE_DELIVERED,
                                        t + 500, 0);
  seg.payload_len = 10;
  seg.options = SYNACK_OPTION_MSS | SYNACK_OPTION_SACK;
  seg.mss = 1460;
  seg.n_sack = 1;
  seg.sack[0].left = 100;
  seg.sack[0].right = 200;
  idx[3] = synack_trace_append_segment (trace, t + 2, conn, 1, &seg, SYNACK_FATE_LOST,
                                        SYNACK_TIME_NONE, SYNACK_ANALYSIS_RETRANSMISSION);
  idx[4] = synack_trace_append_state (trace, t + 3, conn, 0, SYNACK_TCP_ESTABLISHED,
                                      SYNACK_CAUSE_SEGMENT, idx[3]);
  idx[5] = synack_trace_append_state (trace, t + 20 * SYNACK_NSEC_PER_SEC, conn, 1,
                                      SYNACK_TCP_CLOSE_WAIT, SYNACK_CAUSE_SEGMENT, idx[3]);
  /* earlier than the last: stored at the last one's time */
  idx[6] = synack_trace_append_segment (trace, t, conn, 0, &seg, SYNACK_FATE_CAPTURED,
                                        SYNACK_TIME_NONE, 0);

  {
    SynackEvent e;

    synack_trace_read_event (trace, idx[0], &e);
    g_assert_cmpint (e.time, ==, 1000);
    g_assert_cmpuint (e.segment.seq, ==, 0xfffffff0u);
    g_assert_cmpuint (e.segment.ack, ==, 7);
    g_assert_cmpuint (e.segment.window, ==, 65535);
    g_assert_cmpuint (e.segment.len, ==, 1448);
    g_assert_cmpuint (e.segment.flags, ==, SYNACK_FLAG_ACK | SYNACK_FLAG_PSH);
    g_assert_cmpuint (e.segment.analysis, ==,
                      SYNACK_ANALYSIS_OUT_OF_ORDER | SYNACK_ANALYSIS_BAD_CHECKSUM);
    g_assert_cmpint (e.segment.arrive, ==, SYNACK_TIME_NONE);
    synack_trace_get_segment (trace, idx[0], &back);
    g_assert_cmpuint (back.options, ==, SYNACK_OPTION_TIMESTAMP);
    g_assert_cmpuint (back.ts_val, ==, 0xdeadbeefu);
    g_assert_cmpuint (back.ts_ecr, ==, 12345);
    g_assert_cmpuint (back.sport, ==, 40000);
  }
  {
    SynackEvent e;

    synack_trace_read_event (trace, idx[1], &e);
    g_assert_cmpint (e.time, ==, t);
    g_assert_cmpuint (e.endpoint, ==, 1);
    synack_trace_get_segment (trace, idx[1], &back);
    g_assert_cmpuint (back.options, ==, SYNACK_OPTION_TIMESTAMP);
    g_assert_cmpuint (back.ts_val, ==, 0xdeadbeefu);
    g_assert_cmpuint (back.sport, ==, 80);
  }
  {
    SynackEvent e;

    synack_trace_read_event (trace, idx[2], &e);
    g_assert_cmpuint (e.segment.len, ==, 100000);
    g_assert_cmpint (e.segment.arrive, ==, t + 500);
    g_assert_cmpuint (e.segment.fate, ==, SYNACK_FATE_DELIVERED);
  }
  {
    SynackEvent e;

    synack_trace_read_event (trace, idx[3], &e);
    g_assert_cmpuint (e.segment.fate, ==, SYNACK_FATE_LOST);
    g_assert_cmpuint (e.segment.analysis, ==, SYNACK_ANALYSIS_RETRANSMISSION);
    synack_trace_get_segment (trace, idx[3], &back);
    g_assert_cmpuint (back.options, ==, SYNACK_OPTION_MSS | SYNACK_OPTION_SACK);
    g_assert_cmpuint (back.mss, ==, 1460);
    g_assert_cmpuint (back.n_sack, ==, 1);
    g_assert_cmpuint (back.sack[0].right, ==, 200);
  }
  {
    SynackEvent e;
    SynackEvent f;

    synack_trace_read_event (trace, idx[4], &e);
    synack_trace_read_event (trace, idx[5], &f);

    g_assert_cmpint (e.kind, ==, SYNACK_EVENT_STATE);
    g_assert_cmpint (e.time, ==, t + 3);
    g_assert_cmpuint (e.state.from, ==, SYNACK_TCP_CLOSED);
    g_assert_cmpuint (e.state.to, ==, SYNACK_TCP_ESTABLISHED);
    g_assert_cmpuint (e.state.cause, ==, idx[3]);
    g_assert_cmpint (f.time, ==, t + 20 * SYNACK_NSEC_PER_SEC);
    g_assert_cmpuint (f.state.to, ==, SYNACK_TCP_CLOSE_WAIT);
    g_assert_cmpuint (f.endpoint, ==, 1);
  }
  g_assert_cmpint (synack_trace_get_event_time (trace, idx[6]), ==, t + 20 * SYNACK_NSEC_PER_SEC);
  g_assert_cmpint (synack_trace_get_end_time (trace), ==, t + 20 * SYNACK_NSEC_PER_SEC);
  g_assert_cmpuint (synack_trace_lower_bound (trace, t + 3), ==, idx[4]);
  g_assert_cmpuint (synack_trace_lower_bound (trace, t + 4), ==, idx[5]);
  g_assert_cmpint (synack_trace_state_at_time (trace, conn, 1, t + 20 * SYNACK_NSEC_PER_SEC - 1),
                   ==, SYNACK_TCP_CLOSED);
  g_assert_cmpint (synack_trace_state_at_time (trace, conn, 1, t + 20 * SYNACK_NSEC_PER_SEC),
                   ==, SYNACK_TCP_CLOSE_WAIT);
  g_assert_cmpuint (synack_trace_segment_ordinal (trace, idx[6]), ==, 4);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/synack/trace/queries-vs-brute-force", test_queries_vs_brute_force);
  g_test_add_func ("/synack/trace/options-roundtrip", test_options_roundtrip);
  g_test_add_func ("/synack/trace/relative-and-window", test_relative_and_window);
  g_test_add_func ("/synack/trace/connections-and-spans", test_connections_and_spans);
  g_test_add_func ("/synack/trace/commit-signal", test_commit_signal);
  g_test_add_func ("/synack/trace/packed-and-whole", test_packed_and_whole);
  g_test_add_func ("/synack/trace/many-events", test_many_events);
  g_test_add_func ("/synack/trace/last-change-and-segment", test_last_change_and_segment);

  return g_test_run ();
}
