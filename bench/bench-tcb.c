/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark of SynackTcb alone (no engine, no trace): two endpoints wired
 * through an in-memory FIFO on a virtual clock.
 *  - bulk: 64 MiB one way, Linux preset (timestamps, SACK, window scale,
 *    delayed ACK); segments processed a second and MiB a second of CPU;
 *  - churn: handshake, 1 KiB each way, close, TIME-WAIT expiry, repeated;
 *    connections a second;
 *  - memory: bytes a TCB holds idle and established (synack_tcb_get_memory),
 *    and resident growth for 100000 established pairs.
 * Every run checks that all bytes arrived in order and both ends reached
 * CLOSED, so a fast wrong answer fails instead of scoring. Medians of 5. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench-util.h"
#include "synack-tcb.h"

#define N_RUNS     5
#define BULK_BYTES (64u << 20)
#define N_CHURN    20000u
#define N_IDLE     100000u
#define DELAY      (5 * (SYNACK_NSEC_PER_SEC / 1000))

typedef struct
{
  SynackSegment seg;
  guint         to;
  gint64        at;
  guint8       *payload;
} Packet;

typedef struct
{
  SynackTcb  *tcb[2];
  GArray     *queue;     /* Packet, FIFO: the delay is constant */
  guint       head;
  gint64      now;
  guint64     received;
  guint64     segments;
  guint8      expect;    /* next byte value the receiver expects */
  gboolean    bad;
  guint       closed;
} Link;

static void
link_transmit (SynackTcb *tcb, const SynackSegment *seg, const guint8 *payload,
               guint32 analysis, gpointer user_data)
{
  Link *l = user_data;
  Packet p = { *seg, l->tcb[0] == tcb ? 1 : 0, l->now + DELAY, NULL };

  if (seg->payload_len)
    p.payload = g_memdup2 (payload, seg->payload_len);
  g_array_append_val (l->queue, p);
}

static void
link_readable (SynackTcb *tcb, const guint8 *data, gsize len, gpointer user_data)
{
  Link *l = user_data;

  for (gsize i = 0; i < len; i++)
    if (data[i] != l->expect++)
      l->bad = TRUE;
  l->received += len;
}

static void
link_closed (SynackTcb *tcb, gpointer user_data)
{
  ((Link *) user_data)->closed++;
}

static const SynackTcbCallbacks link_callbacks = {
  .transmit = link_transmit,
  .readable = link_readable,
  .closed = link_closed,
};

/* Deliver packets and fire timers in time order until nothing is left. */
static void
link_run (Link *l, const guint8 *src, gsize total, gsize *sent)
{
  for (;;)
    {
      gint64 t0 = synack_tcb_next_timer_due (l->tcb[0]);
      gint64 t1 = synack_tcb_next_timer_due (l->tcb[1]);
      gint64 tq = l->head < l->queue->len ? g_array_index (l->queue, Packet, l->head).at
                                          : G_MAXINT64;

      if (tq == G_MAXINT64 && t0 == G_MAXINT64 && t1 == G_MAXINT64)
        break;
      if (tq <= MIN (t0, t1))
        {
          Packet p = g_array_index (l->queue, Packet, l->head++);

          l->now = MAX (l->now, p.at);
          synack_tcb_input (l->tcb[p.to], &p.seg, p.payload, l->now);
          g_free (p.payload);
          l->segments++;
          if (l->head == l->queue->len || l->head >= 65536)
            {
              g_array_remove_range (l->queue, 0, l->head);
              l->head = 0;
            }
        }
      else
        {
          l->now = MAX (l->now, MIN (t0, t1));
          synack_tcb_on_timer (t0 <= t1 ? l->tcb[0] : l->tcb[1], l->now);
        }
      /* keep the sender's buffer full once connected */
      if (sent != NULL && *sent < total
          && synack_tcb_get_state (l->tcb[0]) == SYNACK_TCP_ESTABLISHED)
        {
          gssize n = synack_tcb_send (l->tcb[0], src + *sent, total - *sent, l->now);

          if (n > 0)
            *sent += n;
          if (*sent == total)
            synack_tcb_close (l->tcb[0], l->now);
        }
      if (synack_tcb_get_state (l->tcb[1]) == SYNACK_TCP_CLOSE_WAIT)
        synack_tcb_close (l->tcb[1], l->now);
    }
}

static void
link_init (Link *l, guint32 isn0, guint32 isn1, const SynackTcbOptions *o)
{
  SynackTcbOptions a = *o, b = *o;

  memset (l, 0, sizeof *l);
  l->queue = g_array_new (FALSE, FALSE, sizeof (Packet));
  a.isn = isn0;
  b.isn = isn1;
  l->tcb[0] = synack_tcb_new (&a, &link_callbacks, l);
  l->tcb[1] = synack_tcb_new (&b, &link_callbacks, l);
}

static void
link_clear (Link *l)
{
  synack_tcb_free (l->tcb[0]);
  synack_tcb_free (l->tcb[1]);
  for (guint i = l->head; i < l->queue->len; i++)
    g_free (g_array_index (l->queue, Packet, i).payload);
  g_array_unref (l->queue);
}

static void
bench_bulk (void)
{
  SynackTcbOptions o;
  g_autofree guint8 *src = g_malloc (BULK_BYTES);
  double mib_s[N_RUNS], seg_s[N_RUNS];
  guint64 segments = 0;

  for (guint i = 0; i < BULK_BYTES; i++)
    src[i] = (guint8) i;
  synack_tcb_options_init_linux (&o);
  o.rcv_buf = 1u << 20;
  o.snd_buf = 1u << 20;

  for (guint r = 0; r < N_RUNS; r++)
    {
      Link l;
      gsize sent = 0;
      gint64 t0, t1;

      link_init (&l, 0xFFFF0000u, 0x80000000u, &o);
      t0 = bench_now_ns ();
      synack_tcb_open_passive (l.tcb[1], 80, 0);
      synack_tcb_open_active (l.tcb[0], 40000, 80, 0);
      link_run (&l, src, BULK_BYTES, &sent);
      t1 = bench_now_ns ();
      if (l.received != BULK_BYTES || l.bad || l.closed != 2)
        {
          fprintf (stderr, "bench-tcb: bulk run %u wrong: %" G_GUINT64_FORMAT
                   " bytes, bad=%d, closed=%u\n", r, l.received, l.bad, l.closed);
          exit (1);
        }
      mib_s[r] = (double) BULK_BYTES / (1 << 20) / ((t1 - t0) / 1e9);
      seg_s[r] = (double) l.segments / ((t1 - t0) / 1e9);
      segments = l.segments;
      link_clear (&l);
    }
  printf ("BENCH\ttcb_bulk_throughput\t%.0f\tMiB/s\t"
          "64 MiB one way, wall time, both endpoints on one core, median of %d\n",
          bench_median (mib_s, N_RUNS), N_RUNS);
  printf ("BENCH\ttcb_segments\t%.0f\tsegments/s\t%" G_GUINT64_FORMAT
          " segments a run (data and ACKs)\n", bench_median (seg_s, N_RUNS), segments);
}

static void
bench_churn (void)
{
  SynackTcbOptions o;
  guint8 req[1024];
  double conn_s[N_RUNS];

  for (gsize i = 0; i < sizeof req; i++)
    req[i] = (guint8) i;
  synack_tcb_options_init_linux (&o);

  for (guint r = 0; r < N_RUNS; r++)
    {
      gint64 t0 = bench_now_ns ();

      for (guint c = 0; c < N_CHURN; c++)
        {
          Link l;
          gsize sent = 0;

          link_init (&l, c * 2654435761u, ~(c * 2654435761u), &o);
          synack_tcb_open_passive (l.tcb[1], 80, 0);
          synack_tcb_open_active (l.tcb[0], 40000, 80, 0);
          link_run (&l, req, sizeof req, &sent);
          if (l.received != sizeof req || l.bad || l.closed != 2)
            {
              fprintf (stderr, "bench-tcb: churn connection %u wrong: %" G_GUINT64_FORMAT
                       " bytes, bad=%d, closed=%u, states %s %s\n", c, l.received, l.bad, l.closed,
                       synack_tcp_state_to_string (synack_tcb_get_state (l.tcb[0])),
                       synack_tcp_state_to_string (synack_tcb_get_state (l.tcb[1])));
              exit (1);
            }
          link_clear (&l);
        }
      conn_s[r] = N_CHURN / ((bench_now_ns () - t0) / 1e9);
    }
  printf ("BENCH\ttcb_connection_churn\t%.0f\tconnections/s\t"
          "handshake, 1 KiB, close, TIME-WAIT; median of %d\n", bench_median (conn_s, N_RUNS), N_RUNS);
}

static void
bench_memory (void)
{
  SynackTcbOptions o;
  SynackTcb *idle;
  g_autofree Link *links = g_new0 (Link, 1);
  GPtrArray *tcbs = g_ptr_array_new_with_free_func ((GDestroyNotify) synack_tcb_free);
  gsize rss0, rss1;
  gsize established = 0;

  synack_tcb_options_init_linux (&o);
  idle = synack_tcb_new (&o, NULL, NULL);
  printf ("BENCH\ttcb_struct\t%zu\tbytes\ta TCB with empty buffers (synack_tcb_get_memory)\n",
          synack_tcb_get_memory (idle));
  synack_tcb_free (idle);

  rss0 = bench_rss_bytes ();
  for (guint c = 0; c < N_IDLE; c++)
    {
      Link *l = links;

      link_init (l, c, ~c, &o);
      synack_tcb_open_passive (l->tcb[1], 80, 0);
      synack_tcb_open_active (l->tcb[0], 40000, 80, 0);
      /* run the handshake only */
      while (l->head < l->queue->len)
        {
          Packet *p = &g_array_index (l->queue, Packet, l->head++);

          l->now = p->at;
          synack_tcb_input (l->tcb[p->to], &p->seg, NULL, l->now);
        }
      if (synack_tcb_get_state (l->tcb[0]) != SYNACK_TCP_ESTABLISHED
          || synack_tcb_get_state (l->tcb[1]) != SYNACK_TCP_ESTABLISHED)
        {
          fprintf (stderr, "bench-tcb: pair %u not established\n", c);
          exit (1);
        }
      established += synack_tcb_get_memory (l->tcb[0]) + synack_tcb_get_memory (l->tcb[1]);
      synack_tcb_set_callbacks (l->tcb[0], NULL, NULL);
      synack_tcb_set_callbacks (l->tcb[1], NULL, NULL);
      g_ptr_array_add (tcbs, l->tcb[0]);
      g_ptr_array_add (tcbs, l->tcb[1]);
      g_array_unref (l->queue);
    }
  rss1 = bench_rss_bytes ();
  printf ("BENCH\ttcb_established\t%zu\tbytes\tan idle ESTABLISHED TCB (synack_tcb_get_memory)\n",
          established / (2 * N_IDLE));
  printf ("BENCH\ttcb_rss_per_tcb\t%zu\tbytes\tresident growth / %u established TCBs\n",
          (rss1 - rss0) / (2 * N_IDLE), 2 * N_IDLE);
  g_ptr_array_unref (tcbs);
}

int
main (int argc, char *argv[])
{
  bench_memory ();
  bench_bulk ();
  bench_churn ();
  return 0;
}
