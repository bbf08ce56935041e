/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A live capture's memory budget: past it the oldest finished connections
 * are dropped from the trace (their storage reclaimed), open ones and the
 * one shown are kept whole, the counts add up, and the trace stays inside
 * the budget; late segments of a dropped connection are counted, not made
 * into a connection; silent ones go only after Zeek's inactivity timeout;
 * the replayed live path and `synack-cli capture --memory-budget` do it
 * end to end, and a bad size is refused with exit status 2. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "live-traffic.h"
#include "synack-error.h"
#include "synack-export.h"
#include "synack-live.h"
#include "synack-pcap-source.h"
#include "synack-test-utils.h"

#define N_CONNECTIONS 3000
#define OPEN_EVERY    50
#define DATA          20
#define BATCH         256

/* The frame number of the k-th packet: every third is followed by one that
 * is not TCP, so the segment numbers jump (number steps to reclaim). */
static guint64
frame_number (guint k)
{
  return (guint64) k + 1 + k / 3;
}

static void
feed (SynackInfer      *infer,
      SynackLiveBudget *budget,
      const LivePacket *p,
      guint             k)
{
  SynackTrace *trace = synack_infer_get_trace (infer);
  guint idx;

  if (budget != NULL &&
      synack_live_budget_take_straggler (budget, p->time - synack_trace_get_origin (trace),
                                         &p->ip, &p->seg))
    return;
  idx = synack_infer_add (infer, p->time, &p->ip, &p->seg);
  synack_trace_set_segment_number (trace, idx, frame_number (k));
}

static void
count_dropped (SynackTrace *trace,
               guint        n,
               guint       *total)
{
  *total += n;
}

static void
assert_same_event (SynackTrace *a,
                   SynackTrace *b,
                   guint        idx)
{
  SynackEvent x = synack_test_event (a, idx);
  SynackEvent y = synack_test_event (b, idx);

  g_assert_cmpint (x.time, ==, y.time);
  g_assert_cmpuint (x.conn, ==, y.conn);
  g_assert_cmpuint (x.kind, ==, y.kind);
  g_assert_cmpuint (x.endpoint, ==, y.endpoint);
  if (x.kind == SYNACK_EVENT_SEGMENT)
    {
      SynackSegment s, t;

      g_assert_cmpuint (x.segment.seq, ==, y.segment.seq);
      g_assert_cmpuint (x.segment.ack, ==, y.segment.ack);
      g_assert_cmpuint (x.segment.len, ==, y.segment.len);
      g_assert_cmpuint (x.segment.flags, ==, y.segment.flags);
      g_assert_cmpuint (x.segment.analysis, ==, y.segment.analysis);
      synack_trace_get_segment (a, idx, &s);
      synack_trace_get_segment (b, idx, &t);
      g_assert_cmpuint (s.options, ==, t.options);
      g_assert_cmpuint (s.mss, ==, t.mss);
      g_assert_cmpuint (s.wscale, ==, t.wscale);
      g_assert_cmpuint (s.ts_val, ==, t.ts_val);
      g_assert_cmpuint (s.n_sack, ==, t.n_sack);
      for (guint i = 0; i < s.n_sack; i++)
        {
          g_assert_cmpuint (s.sack[i].left, ==, t.sack[i].left);
          g_assert_cmpuint (s.sack[i].right, ==, t.sack[i].right);
        }
      g_assert_cmpuint (synack_trace_segment_number (a, idx), ==,
                        synack_trace_segment_number (b, idx));
    }
  else if (x.kind == SYNACK_EVENT_STATE)
    {
      g_assert_cmpuint (x.state.from, ==, y.state.from);
      g_assert_cmpuint (x.state.to, ==, y.state.to);
      g_assert_cmpuint (x.state.cause_kind, ==, y.state.cause_kind);
      g_assert_cmpuint (x.state.cause, ==, y.state.cause);
    }
}

static void
test_drops_oldest_finished (void)
{
  g_autoptr(GArray) packets = live_traffic_make (N_CONNECTIONS, OPEN_EVERY, DATA);
  g_autoptr(SynackTrace) ref = synack_trace_new (SYNACK_TRACE_SOURCE_LIVE);
  g_autoptr(SynackTrace) trace = synack_trace_new (SYNACK_TRACE_SOURCE_LIVE);
  g_autoptr(SynackInfer) ref_infer = synack_infer_new (ref);
  g_autoptr(SynackInfer) infer = synack_infer_new (trace);
  const guint64 limit = 1536 * 1024;
  g_autoptr(SynackLiveBudget) budget = synack_live_budget_new (trace, infer, limit);
  guint signalled = 0, n_dropped = 0, n_kept = 0, drops_seen = 0;
  guint64 dropped_segments = 0;
  gint64 newest_dropped_end = G_MININT64, oldest_kept_end = G_MAXINT64;
  gint64 last_time = G_MININT64;
  const SynackConnection *held;

  g_signal_connect (trace, "connections-dropped", G_CALLBACK (count_dropped), &signalled);
  for (guint k = 0; k < packets->len; k++)
    {
      const LivePacket *p = &g_array_index (packets, LivePacket, k);

      feed (ref_infer, NULL, p, k);
      feed (infer, budget, p, k);
      if ((k + 1) % BATCH == 0 || k + 1 == packets->len)
        {
          synack_trace_commit (ref);
          synack_trace_commit (trace);
          /* the window holds the connection it shows: connection 1 */
          if (synack_trace_get_n_connections (trace) > 1)
            synack_trace_hold_connection (trace, 1, TRUE);
          drops_seen += synack_live_budget_enforce (budget);
          /* open ones alone fit: the budget is always kept, the
           * inference's state of the connections it follows counted */
          g_assert_false (synack_live_budget_is_over (budget));
          g_assert_cmpuint (synack_trace_get_memory_size (trace) +
                            synack_infer_get_memory_size (infer), <=, limit);
          g_assert_cmpuint (synack_live_budget_get_memory_size (budget), <=, limit);
        }
    }

  g_assert_cmpuint (synack_trace_get_n_connections (trace), ==, N_CONNECTIONS);
  g_assert_cmpuint (synack_trace_get_n_events (trace), ==, synack_trace_get_n_events (ref));
  /* it had to let go of most: the whole would be many times the budget */
  g_assert_cmpuint (synack_trace_get_memory_size (ref), >, 4 * limit);
  held = synack_trace_get_connection (trace, 1);
  g_assert_true (held->flags & SYNACK_CONNECTION_HELD);
  g_assert_false (held->flags & SYNACK_CONNECTION_DROPPED);

  for (guint i = 0; i < N_CONNECTIONS; i++)
    {
      const SynackConnection *c = synack_trace_get_connection (trace, i);
      const SynackConnection *r = synack_trace_get_connection (ref, i);
      guint endpoint;

      if (c->flags & SYNACK_CONNECTION_DROPPED)
        {
          /* only finished ones, never an open one */
          g_assert_true (r->flags & SYNACK_CONNECTION_FINISHED);
          g_assert_cmpuint (i % OPEN_EVERY, !=, 0);
          g_assert_cmpuint (c->n_events, ==, 0);
          g_assert_cmpuint (synack_trace_get_kept_position (trace, i), ==, G_MAXUINT);
          g_assert_cmpuint (synack_trace_find_connection (trace, &r->addr[0], r->port[0],
                                                          &r->addr[1], r->port[1], NULL),
                            ==, G_MAXUINT);
          n_dropped++;
          dropped_segments += r->n_segments;
          newest_dropped_end = MAX (newest_dropped_end, r->end);
          continue;
        }
      /* a kept one is whole: every event as in the trace that kept all */
      n_kept++;
      g_assert_cmpuint (c->n_events, ==, r->n_events);
      g_assert_cmpuint (c->n_segments, ==, r->n_segments);
      g_assert_cmpstr (c->summary, ==, r->summary);
      for (guint p = 0; p < c->n_events; p++)
        {
          g_assert_cmpuint (synack_trace_conn_event (trace, i, p), ==,
                            synack_trace_conn_event (ref, i, p));
          assert_same_event (trace, ref, synack_trace_conn_event (trace, i, p));
        }
      for (guint e = 0; e < 2; e++)
        g_assert_cmpuint (synack_trace_state_at_event (trace, i, e, G_MAXUINT), ==,
                          synack_trace_state_at_event (ref, i, e, G_MAXUINT));
      g_assert_cmpuint (synack_trace_find_connection (trace, &c->addr[0], c->port[0],
                                                      &c->addr[1], c->port[1], &endpoint),
                        ==, i);
      g_assert_cmpuint (synack_trace_get_kept_connection (trace,
                                                          synack_trace_get_kept_position (trace, i)),
                        ==, i);
      if ((r->flags & SYNACK_CONNECTION_FINISHED) && i != 1)
        oldest_kept_end = MIN (oldest_kept_end, r->end);
    }

  /* the oldest finished went first */
  g_assert_cmpuint (n_dropped, >, N_CONNECTIONS / 2);
  g_assert_cmpint (newest_dropped_end, <=, oldest_kept_end);
  /* and the counts add up */
  g_assert_cmpuint (n_dropped, ==, synack_trace_get_n_dropped_connections (trace));
  g_assert_cmpuint (n_dropped, ==, synack_live_budget_get_dropped_connections (budget));
  g_assert_cmpuint (n_dropped, ==, drops_seen);
  g_assert_cmpuint (n_dropped, ==, signalled);
  g_assert_cmpuint (dropped_segments, ==, synack_trace_get_n_dropped_segments (trace));
  g_assert_cmpuint (dropped_segments, ==, synack_live_budget_get_dropped_packets (budget));
  g_assert_cmpuint (n_kept, ==, synack_trace_get_n_kept_connections (trace));

  /* every event, kept or not, still reads in time order: searches by time work */
  for (guint i = 0; i < synack_trace_get_n_events (trace); i++)
    {
      gint64 t = synack_trace_get_event_time (trace, i);

      g_assert_cmpint (t, >=, last_time);
      last_time = t;
    }
  for (guint i = 0; i < N_CONNECTIONS; i += OPEN_EVERY)
    {
      const SynackConnection *c = synack_trace_get_connection (trace, i);
      guint idx = synack_trace_conn_event (trace, i, c->n_events / 2);

      g_assert_cmpuint (synack_trace_lower_bound (trace, synack_trace_get_event_time (trace, idx)),
                        <=, idx);
    }
}

/* The budget counts the inference: a budget the trace alone would keep
 * to, but not with the state of the connections followed, lets go. */
static void
test_counts_inference (void)
{
  g_autoptr(GArray) packets = live_traffic_make (N_CONNECTIONS, OPEN_EVERY, DATA);
  g_autoptr(SynackTrace) trace = synack_trace_new (SYNACK_TRACE_SOURCE_LIVE);
  g_autoptr(SynackInfer) infer = synack_infer_new (trace);
  g_autoptr(SynackLiveBudget) budget = synack_live_budget_new (trace, infer, 0);
  guint64 trace_size, infer_size;

  for (guint k = 0; k < packets->len / 2; k++)
    feed (infer, budget, &g_array_index (packets, LivePacket, k), k);
  synack_trace_commit (trace);
  trace_size = synack_trace_get_memory_size (trace);
  infer_size = synack_infer_get_memory_size (infer);
  /* it follows hundreds of connections: that is not nothing */
  g_assert_cmpuint (synack_infer_get_n_tracked (infer), >, 100);
  g_assert_cmpuint (infer_size, >, synack_infer_get_n_tracked (infer) * 100);

  synack_live_budget_set_limit (budget, trace_size + infer_size / 2);
  g_assert_cmpuint (synack_live_budget_get_memory_size (budget), >=, trace_size + infer_size);
  g_assert_cmpuint (synack_live_budget_enforce (budget), >, 0);
  g_assert_false (synack_live_budget_is_over (budget));
  g_assert_cmpuint (synack_trace_get_memory_size (trace) + synack_infer_get_memory_size (infer),
                    <=, trace_size + infer_size / 2);
}

/* Connections that all stay open: nothing can be let go, and past the
 * budget the budget says so (is_over, the most it counted), rather than
 * letting the capture grow in silence. */
static void
test_open_alone_over (void)
{
  g_autoptr(GArray) packets = live_traffic_make (400, 1, DATA);
  g_autoptr(SynackTrace) trace = synack_trace_new (SYNACK_TRACE_SOURCE_LIVE);
  g_autoptr(SynackInfer) infer = synack_infer_new (trace);
  const guint64 limit = 128 * 1024;
  g_autoptr(SynackLiveBudget) budget = synack_live_budget_new (trace, infer, limit);
  gboolean was_over = FALSE;

  for (guint k = 0; k < packets->len; k++)
    {
      feed (infer, budget, &g_array_index (packets, LivePacket, k), k);
      if ((k + 1) % BATCH == 0 || k + 1 == packets->len)
        {
          synack_trace_commit (trace);
          synack_live_budget_enforce (budget);
          /* over exactly when what it counts is past the limit */
          g_assert_cmpint (synack_live_budget_is_over (budget), ==,
                           synack_live_budget_get_memory_size (budget) > limit);
          was_over |= synack_live_budget_is_over (budget);
        }
    }
  g_assert_true (was_over);
  g_assert_true (synack_live_budget_is_over (budget));
  g_assert_cmpuint (synack_live_budget_get_dropped_connections (budget), ==, 0);
  g_assert_cmpuint (synack_live_budget_get_over_max (budget), >, limit);
  g_assert_cmpuint (synack_live_budget_get_over_max (budget), >=,
                    synack_trace_get_memory_size (trace) + synack_infer_get_memory_size (infer));
}

/* A late ACK of a dropped connection is counted with the dropped packets
 * and makes no new connection; a new SYN on its ports is a new one. */
static void
test_stragglers (void)
{
  g_autoptr(GArray) packets = live_traffic_make (600, 0, DATA);
  g_autoptr(SynackTrace) trace = synack_trace_new (SYNACK_TRACE_SOURCE_LIVE);
  g_autoptr(SynackInfer) infer = synack_infer_new (trace);
  g_autoptr(SynackLiveBudget) budget = synack_live_budget_new (trace, infer, 512 * 1024);
  const LivePacket *last = NULL;
  LivePacket late;
  guint n_conns, victim = G_MAXUINT;
  guint64 before;

  for (guint k = 0; k < packets->len; k++)
    {
      feed (infer, budget, &g_array_index (packets, LivePacket, k), k);
      if ((k + 1) % BATCH == 0)
        {
          synack_trace_commit (trace);
          synack_live_budget_enforce (budget);
        }
    }
  synack_trace_commit (trace);
  synack_live_budget_enforce (budget);
  g_assert_cmpuint (synack_live_budget_get_dropped_connections (budget), >, 0);

  /* the last packet of the newest dropped connection, sent again */
  for (guint i = 0; i < synack_trace_get_n_connections (trace); i++)
    if (synack_trace_get_connection (trace, i)->flags & SYNACK_CONNECTION_DROPPED)
      victim = i;
  for (guint k = 0; k < packets->len; k++)
    if (g_array_index (packets, LivePacket, k).conn == victim)
      last = &g_array_index (packets, LivePacket, k);
  g_assert_nonnull (last);
  late = *last;
  late.time = g_array_index (packets, LivePacket, packets->len - 1).time + 1000000;
  n_conns = synack_trace_get_n_connections (trace);
  before = synack_live_budget_get_dropped_packets (budget);
  feed (infer, budget, &late, packets->len);
  g_assert_cmpuint (synack_trace_get_n_connections (trace), ==, n_conns);
  g_assert_cmpuint (synack_live_budget_get_dropped_packets (budget), ==, before + 1);

  /* a SYN on the same ports starts a connection */
  late = g_array_index (packets, LivePacket, 0);
  late.ip = last->ip;
  late.seg.sport = last->seg.sport;
  late.seg.dport = last->seg.dport;
  if (late.seg.sport == 80)
    {
      late.ip.src = last->ip.dst;
      late.ip.dst = last->ip.src;
      late.seg.sport = last->seg.dport;
      late.seg.dport = 80;
    }
  late.seg.seq = 77;
  late.time = g_array_index (packets, LivePacket, packets->len - 1).time + 2000000;
  feed (infer, budget, &late, packets->len + 1);
  g_assert_cmpuint (synack_trace_get_n_connections (trace), ==, n_conns + 1);
  g_assert_cmpuint (synack_live_budget_get_dropped_packets (budget), ==, before + 1);
}

/* Open connections that fell silent go only once Zeek's inactivity timeout
 * has passed, and only when the budget needs it; the one still talking stays. */
static void
test_timed_out (void)
{
  g_autoptr(GArray) packets = live_traffic_make (1000, 1, 5);
  g_autoptr(SynackTrace) trace = synack_trace_new (SYNACK_TRACE_SOURCE_LIVE);
  g_autoptr(SynackInfer) infer = synack_infer_new (trace);
  g_autoptr(SynackLiveBudget) budget = synack_live_budget_new (trace, infer, 0);
  LivePacket talk = g_array_index (packets, LivePacket, packets->len - 1);
  guint talker = talk.conn;
  guint64 full;

  for (guint k = 0; k < packets->len; k++)
    feed (infer, budget, &g_array_index (packets, LivePacket, k), k);
  synack_trace_commit (trace);
  full = synack_trace_get_memory_size (trace);
  synack_live_budget_set_limit (budget, full * 3 / 4);

  /* 100 s later: over the budget, but nothing has been silent for 5 minutes */
  talk.seg.flags = SYNACK_FLAG_ACK;
  talk.seg.payload_len = 0;
  talk.seg.options = 0;
  talk.time += 100 * SYNACK_NSEC_PER_SEC;
  feed (infer, budget, &talk, packets->len);
  synack_trace_commit (trace);
  g_assert_cmpuint (synack_live_budget_enforce (budget), ==, 0);
  g_assert_true (synack_live_budget_is_over (budget));

  /* 400 s later: the silent ones time out; the one talking stays */
  talk.time += 300 * SYNACK_NSEC_PER_SEC;
  feed (infer, budget, &talk, packets->len + 1);
  synack_trace_commit (trace);
  g_assert_cmpuint (synack_live_budget_enforce (budget), >, 0);
  g_assert_false (synack_live_budget_is_over (budget));
  g_assert_cmpuint (synack_trace_get_memory_size (trace), <=, full * 3 / 4);
  g_assert_false (synack_trace_get_connection (trace, talker)->flags & SYNACK_CONNECTION_DROPPED);
  g_assert_cmpuint (synack_trace_get_connection (trace, talker)->n_segments, >, 0);
}

static void
test_parse_size (void)
{
  static const struct { const char *text; guint64 bytes; } good[] = {
    { "64M", 64 << 20 }, { "1G", G_GUINT64_CONSTANT (1) << 30 }, { "1g", G_GUINT64_CONSTANT (1) << 30 },
    { "512MiB", 512 << 20 }, { "1.5G", G_GUINT64_CONSTANT (3) << 29 }, { "2 GB", G_GUINT64_CONSTANT (2) << 30 },
    { "1048576", 1 << 20 }, { "4096K", 4 << 20 }, { "1T", G_GUINT64_CONSTANT (1) << 40 },
  };
  static const char *const bad[] = { "", "M", "abc", "12Q", "-5M", "0", "10K", "1P", "64 M B", "0x10M" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      guint64 bytes = 0;

      g_assert_true (synack_live_parse_size (good[i].text, &bytes, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (bytes, ==, good[i].bytes);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      guint64 bytes = 7;

      g_assert_false (synack_live_parse_size (bad[i], &bytes, &error));
      g_assert_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, bad[i]));
      g_assert_cmpuint (bytes, ==, 7);
    }
}

static void
count_batches (SynackPcapSource *source,
               guint             first,
               gpointer          user_data)
{
  SynackTrace *trace = synack_pcap_source_get_trace (source);
  guint64 *worst = user_data;

  *worst = MAX (*worst, synack_trace_get_memory_size (trace));
}

/* The live path itself, fed from a file twice over: the budget holds after
 * every batch, and the capture's counts are the trace's. */
static void
test_replay (void)
{
  g_autofree char *dir = g_dir_make_tmp ("synack-budget-XXXXXX", NULL);
  g_autofree char *path = live_traffic_write_pcap (dir, N_CONNECTIONS, OPEN_EVERY, DATA);
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackPcapSource) source = synack_pcap_source_new_replay (path, NULL, 2, 0, &error);
  const guint64 limit = 2 << 20;
  const SynackCaptureStats *stats;
  SynackTrace *trace;
  guint64 worst = 0;

  g_assert_no_error (error);
  synack_pcap_source_set_memory_budget (source, limit);
  g_assert_cmpuint (synack_pcap_source_get_memory_budget (source), ==, limit);
  g_signal_connect (source, "batch-added", G_CALLBACK (count_batches), &worst);
  g_assert_true (synack_pcap_source_start (source, &error));
  g_assert_no_error (error);
  while (synack_pcap_source_is_running (source))
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (synack_pcap_source_get_error (source));

  trace = synack_pcap_source_get_trace (source);
  stats = synack_pcap_source_get_stats (source);
  /* both passes: the second's connections are new ones, after the first's */
  g_assert_cmpuint (synack_trace_get_n_connections (trace), ==, 2 * N_CONNECTIONS);
  g_assert_cmpuint (stats->budget_connections, >, N_CONNECTIONS);
  g_assert_cmpuint (stats->budget_connections, ==, synack_trace_get_n_dropped_connections (trace));
  g_assert_cmpuint (stats->budget_packets, ==, synack_trace_get_n_dropped_segments (trace));
  g_assert_cmpuint (stats->tcp, ==, synack_trace_get_n_segments (trace));
  /* a batch may take the trace past the budget until it is enforced, by a
   * batch's worth at most; after the last, it is inside */
  g_assert_cmpuint (worst, <=, limit + (1 << 20));
  g_assert_cmpuint (synack_trace_get_memory_size (trace), <=, limit);

  g_unlink (path);
  g_rmdir (dir);
}

/* synack-cli capture --replay FILE --memory-budget SIZE, good and bad. */
static void
test_cli (void)
{
  g_autofree char *dir = g_dir_make_tmp ("synack-budget-XXXXXX", NULL);
  g_autofree char *path = live_traffic_write_pcap (dir, N_CONNECTIONS, OPEN_EVERY, DATA);
  static const char *const bad[] = { "12Q", "10K", "", "-1G" };

  {
    g_autofree char *out = NULL, *err = NULL;
    g_autoptr(GMatchInfo) match = NULL;
    g_autoptr(GRegex) re = g_regex_new ("(\\d+) finished connections \\((\\d+) packets\\) let go "
                                        "to keep the trace within 1 MiB", 0, 0, NULL);
    g_autofree char *conns_text = NULL, *pkts_text = NULL;
    guint64 conns, pkts;

    g_assert_cmpint (synack_test_run_cli (&out, &err, "capture", "--replay", path,
                                          "--memory-budget", "1M", NULL), ==, 0);
    if (!g_regex_match (re, err, 0, &match))
      g_error ("no count of what was let go in: %s", err);
    conns_text = g_match_info_fetch (match, 1);
    pkts_text = g_match_info_fetch (match, 2);
    conns = g_ascii_strtoull (conns_text, NULL, 10);
    pkts = g_ascii_strtoull (pkts_text, NULL, 10);
    g_assert_cmpuint (conns, >, N_CONNECTIONS / 2);
    g_assert_cmpuint (pkts, >=, conns * 5);
    /* the connections listed at the end are the kept ones */
    g_assert_nonnull (strstr (out, "Connections:"));
    g_assert_nonnull (strstr (out, "\n#0 "));   /* open: kept */
    g_assert_null (strstr (out, "\n#1 "));      /* finished first: let go */
  }
  {
    g_autofree char *out = NULL, *err = NULL;

    /* the default budget holds them all */
    g_assert_cmpint (synack_test_run_cli (&out, &err, "capture", "--replay", path, NULL), ==, 0);
    g_assert_nonnull (strstr (err, "0 finished connections (0 packets) let go to keep the trace "
                                   "within 256 MiB"));
  }
  {
    g_autofree char *out = NULL, *err = NULL;
    g_autofree char *open_dir = g_build_filename (dir, "open", NULL);
    g_autofree char *open_path = NULL;
    g_auto(GStrv) lines = NULL;
    guint said_now = 0, said_at_end = 0;

    /* all of them open: past 1 MiB, nothing can be let go, and it says so
     * when it happens and in the summary */
    g_assert_cmpint (g_mkdir (open_dir, 0700), ==, 0);
    open_path = live_traffic_write_pcap (open_dir, N_CONNECTIONS, 1, DATA);
    g_assert_cmpint (synack_test_run_cli (&out, &err, "capture", "--replay", open_path,
                                          "--memory-budget", "1M", NULL), ==, 0);
    lines = g_strsplit (err, "\n", -1);
    for (guint i = 0; lines[i] != NULL; i++)
      {
        if (g_regex_match_simple ("^synack-cli: the open connections alone take [0-9.]+ MiB, "
                                  "past the memory budget of 1 MiB: none can be let go", lines[i],
                                  0, 0))
          said_now++;
        if (g_regex_match_simple ("^synack-cli: the open connections alone took up to [0-9.]+ MiB, "
                                  "past the memory budget of 1 MiB", lines[i], 0, 0))
          said_at_end++;
      }
    if (said_now != 1 || said_at_end != 1)
      g_error ("the open connections past the budget should be said once as it happens and once "
               "at the end: %s", err);
    g_assert_nonnull (strstr (err, "0 finished connections (0 packets) let go"));
    g_unlink (open_path);
    g_rmdir (open_dir);
  }
  {
    g_autofree char *out = NULL, *err = NULL;

    /* within the budget: no such line */
    g_assert_cmpint (synack_test_run_cli (&out, &err, "capture", "--replay", path, NULL), ==, 0);
    g_assert_null (strstr (err, "open connections alone"));
  }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *out = NULL, *err = NULL;
      g_autofree char *quoted = g_strdup_printf ("“%s”", bad[i]);
      g_autofree char *arg = g_strdup_printf ("--memory-budget=%s", bad[i]);

      g_assert_cmpint (synack_test_run_cli (&out, &err, "capture", "--replay", path, arg, NULL),
                       ==, 2);
      g_assert_nonnull (strstr (err, "synack-cli capture: memory budget"));
      g_assert_nonnull (strstr (err, quoted));
      g_assert_cmpstr (out, ==, "");
    }

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/live/budget/drops-oldest-finished", test_drops_oldest_finished);
  g_test_add_func ("/live/budget/counts-inference", test_counts_inference);
  g_test_add_func ("/live/budget/open-alone-over", test_open_alone_over);
  g_test_add_func ("/live/budget/stragglers", test_stragglers);
  g_test_add_func ("/live/budget/timed-out", test_timed_out);
  g_test_add_func ("/live/budget/parse-size", test_parse_size);
  g_test_add_func ("/live/budget/replay", test_replay);
  g_test_add_func ("/live/budget/cli", test_cli);
  return g_test_run ();
}
