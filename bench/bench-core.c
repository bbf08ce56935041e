/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark of the trace: appending a million segments (with their state
 * changes) and answering state_at_time, lower_bound and segments_between
 * queries on them. Every query answer is checked against the synthetic
 * schedule, so a fast wrong answer fails instead of scoring. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench-util.h"
#include "synack-trace.h"

#define N_SEGMENTS   1000000u
#define N_CONNS      10000u
#define PER_CONN     (N_SEGMENTS / N_CONNS)   /* 100 segments a connection */
#define STEP_NS      G_GINT64_CONSTANT (10000) /* one segment every 10 µs */
#define N_RUNS       5
#define N_QUERIES    1000000u

/* Which states the endpoints reach after the segment at a position of their
 * connection: a handshake, data, and a four-way close by the client. */
typedef struct
{
  guint          position;
  guint          endpoint;
  SynackTcpState state;
} Change;

static const Change changes[] = {
  { 0,            0, SYNACK_TCP_SYN_SENT },     /* SYN */
  { 0,            1, SYNACK_TCP_SYN_RECEIVED },
  { 1,            0, SYNACK_TCP_ESTABLISHED },  /* SYN-ACK */
  { 2,            1, SYNACK_TCP_ESTABLISHED },  /* ACK */
  { PER_CONN - 4, 0, SYNACK_TCP_FIN_WAIT_1 },   /* client FIN */
  { PER_CONN - 4, 1, SYNACK_TCP_CLOSE_WAIT },
  { PER_CONN - 3, 0, SYNACK_TCP_FIN_WAIT_2 },   /* its ACK */
  { PER_CONN - 2, 1, SYNACK_TCP_LAST_ACK },     /* server FIN */
  { PER_CONN - 2, 0, SYNACK_TCP_TIME_WAIT },
  { PER_CONN - 1, 1, SYNACK_TCP_CLOSED },       /* last ACK */
};

static const SynackTcpState initial[2] = { SYNACK_TCP_CLOSED, SYNACK_TCP_LISTEN };

static SynackTrace *
build_trace (void)
{
  SynackTrace *trace = synack_trace_new (SYNACK_TRACE_SOURCE_FILE);
  SynackAddress server, client;
  SynackSegment seg = { 0 };

  synack_address_set_ipv4 (&server, 0xc0000201);  /* 192.0.2.1 */
  for (guint c = 0; c < N_CONNS; c++)
    {
      guint conn;

      synack_address_set_ipv4 (&client, 0x0a000000 + c + 1);
      conn = synack_trace_add_connection (trace, &client, (guint16) (40000 + c % 20000),
                                          &server, 80);
      g_assert (conn == c);
      synack_trace_set_initial_state (trace, conn, 0, initial[0]);
      synack_trace_set_initial_state (trace, conn, 1, initial[1]);
    }

  /* Round robin over the connections, as interleaved as a busy capture. */
  for (guint k = 0; k < N_SEGMENTS; k++)
    {
      guint conn = k % N_CONNS;
      guint position = k / N_CONNS;
      guint sender = position % 2;
      gint64 time = (gint64) k * STEP_NS;
      guint index;

      seg.sport = sender ? 80 : (guint16) (40000 + conn % 20000);
      seg.dport = sender ? (guint16) (40000 + conn % 20000) : 80;
      seg.seq = 1000u * position;
      seg.ack = 1000u * position + 1;
      seg.window = 65535;
      seg.payload_len = (position > 2 && position < PER_CONN - 4) ? 1000 : 0;
      seg.flags = position == 0 ? SYNACK_FLAG_SYN
                  : position == 1 ? SYNACK_FLAG_SYN | SYNACK_FLAG_ACK
                  : (position == PER_CONN - 4 || position == PER_CONN - 2)
                    ? SYNACK_FLAG_FIN | SYNACK_FLAG_ACK
                  : SYNACK_FLAG_ACK;
      index = synack_trace_append_segment (trace, time, conn, sender, &seg,
                                           SYNACK_FATE_CAPTURED, SYNACK_TIME_NONE, 0);
      for (guint i = 0; i < G_N_ELEMENTS (changes); i++)
        if (changes[i].position == position)
          synack_trace_append_state (trace, time, conn, changes[i].endpoint,
                                     changes[i].state, SYNACK_CAUSE_SEGMENT, index);
    }
  synack_trace_commit (trace);
  return trace;
}

/* What state_at_time must answer, from the schedule alone. */
static SynackTcpState
expected_state (guint  conn,
                guint  endpoint,
                gint64 time)
{
  gint64 k;
  guint last_position;
  SynackTcpState state = initial[endpoint];

  if (time < 0)
    return state;
  k = time / STEP_NS;
  if (k < conn)
    return state;
  last_position = MIN ((guint) ((k - conn) / N_CONNS), PER_CONN - 1);
  for (guint i = 0; i < G_N_ELEMENTS (changes); i++)
    if (changes[i].endpoint == endpoint && changes[i].position <= last_position)
      state = changes[i].state;
  return state;
}

int
main (int    argc,
      char **argv)
{
  double append_ns[N_RUNS], state_ns[N_RUNS], bound_ns[N_RUNS], window_ns[N_RUNS];
  g_autofree guint *q_conn = g_new (guint, N_QUERIES);
  g_autofree guint *q_endpoint = g_new (guint, N_QUERIES);
  g_autofree gint64 *q_time = g_new (gint64, N_QUERIES);
  g_autoptr(GRand) rand = g_rand_new_with_seed (1);
  g_autoptr(SynackTrace) trace = NULL;
  gint64 end = (gint64) N_SEGMENTS * STEP_NS;
  gsize rss_before, rss_after;
  guint n_events = 0;
  guint64 checksum = 0;

  for (guint i = 0; i < N_QUERIES; i++)
    {
      q_conn[i] = g_rand_int_range (rand, 0, N_CONNS);
      q_endpoint[i] = g_rand_int_range (rand, 0, 2);
      q_time[i] = g_rand_int_range (rand, -1000, (gint32) (end / 1000) + 1000) * G_GINT64_CONSTANT (1000);
    }

  /* Appends: a fresh trace each run; memory measured on the first. */
  for (guint run = 0; run < N_RUNS; run++)
    {
      gint64 t0;

      g_clear_object (&trace);
      rss_before = bench_rss_bytes ();
      t0 = bench_now_ns ();
      trace = build_trace ();
      append_ns[run] = (double) (bench_now_ns () - t0);
      rss_after = bench_rss_bytes ();
      n_events = synack_trace_get_n_events (trace);
      if (run == 0)
        bench_line ("core-trace-memory",
                (double) (rss_after - rss_before) / n_events, "B/event",
                "resident growth building 1,000,000 segments + state events, first build");
    }
  if (synack_trace_get_n_segments (trace) != N_SEGMENTS)
    {
      fprintf (stderr, "bench-core: the trace holds %u segments, expected %u\n",
               synack_trace_get_n_segments (trace), N_SEGMENTS);
      return 1;
    }

  /* state_at_time: checked against the schedule on every query. */
  for (guint run = 0; run < N_RUNS; run++)
    {
      gint64 t0 = bench_now_ns ();

      for (guint i = 0; i < N_QUERIES; i++)
        checksum += synack_trace_state_at_time (trace, q_conn[i], q_endpoint[i], q_time[i]);
      state_ns[run] = (double) (bench_now_ns () - t0) / N_QUERIES;
    }
  for (guint i = 0; i < N_QUERIES; i++)
    {
      SynackTcpState got = synack_trace_state_at_time (trace, q_conn[i], q_endpoint[i], q_time[i]);
      SynackTcpState want = expected_state (q_conn[i], q_endpoint[i], q_time[i]);

      if (got != want)
        {
          fprintf (stderr, "bench-core: state_at_time (conn %u, endpoint %u, %" G_GINT64_FORMAT
                   " ns) = %s, expected %s\n", q_conn[i], q_endpoint[i], q_time[i],
                   synack_tcp_state_to_string (got), synack_tcp_state_to_string (want));
          return 1;
        }
    }

  /* lower_bound: the first event at or after a time. */
  for (guint run = 0; run < N_RUNS; run++)
    {
      gint64 t0 = bench_now_ns ();

      for (guint i = 0; i < N_QUERIES; i++)
        checksum += synack_trace_lower_bound (trace, q_time[i]);
      bound_ns[run] = (double) (bench_now_ns () - t0) / N_QUERIES;
    }
  for (guint i = 0; i < N_QUERIES; i += 997)
    {
      guint got = synack_trace_lower_bound (trace, q_time[i]);

      if ((got < n_events && synack_trace_get_event_time (trace, got) < q_time[i]) ||
          (got > 0 && got <= n_events && synack_trace_get_event_time (trace, got - 1) >= q_time[i]))
        {
          fprintf (stderr, "bench-core: lower_bound (%" G_GINT64_FORMAT " ns) = %u is wrong\n",
                   q_time[i], got);
          return 1;
        }
    }

  /* segments_between: a 1 ms window (100 segments) of all connections, as a
   * view scrolling through the trace asks. */
  for (guint run = 0; run < N_RUNS; run++)
    {
      gint64 t0 = bench_now_ns ();

      for (guint i = 0; i < N_QUERIES / 10; i++)
        {
          g_autoptr(GArray) found = synack_trace_segments_between (trace, G_MAXUINT, q_time[i],
                                                                   q_time[i] + 1000000);
          checksum += found->len;
        }
      window_ns[run] = (double) (bench_now_ns () - t0) / (N_QUERIES / 10);
    }
  {
    g_autoptr(GArray) found = synack_trace_segments_between (trace, G_MAXUINT, 0, 1000000);

    if (found->len != 100)
      {
        fprintf (stderr, "bench-core: segments_between (0, 1 ms) found %u segments, expected 100\n",
                 found->len);
        return 1;
      }
  }

  bench_line ("core-trace-append", bench_median (append_ns, N_RUNS) / n_events, "ns/event",
          "median of 5 builds: 10,000 connections, 1,000,000 segments + 100,000 state events");
  bench_line ("core-trace-append-rate", N_SEGMENTS / (bench_median (append_ns, N_RUNS) / 1e9) / 1e6,
          "Mseg/s", "segments (with their state events) appended per second, median of 5");
  bench_line ("core-state-at-time", bench_median (state_ns, N_RUNS), "ns/query",
          "median of 5 x 1,000,000 random (conn, endpoint, time) queries on 1,000,000 segments");
  bench_line ("core-lower-bound", bench_median (bound_ns, N_RUNS), "ns/query",
          "median of 5 x 1,000,000 random times on 1,100,000 events");
  bench_line ("core-segments-between", bench_median (window_ns, N_RUNS) / 1000.0, "us/query",
          "median of 5 x 100,000 random 1 ms windows (100 segments each), all connections");
  /* Keeps the compiler from dropping the query loops. */
  if (checksum == 0)
    fprintf (stderr, "bench-core: checksum 0\n");
  return 0;
}
