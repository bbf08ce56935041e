/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark of the engine: 10,000 connections between two hosts on the
 * loopback tap with 1 % loss each way; once all are open, the clients start
 * one every 100 µs of virtual time, each sends 20 kB, and both sides
 * close. Reports segments processed per second (segments handed to a TCB,
 * per second of CPU time; with and without recording a trace) and heap
 * bytes per established, idle connection (both endpoints, sockets and
 * TCBs). Every run checks that every byte arrived and every connection
 * closed, so a fast wrong engine fails instead of scoring. */
#include "config.h"

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench-util.h"
#include "synack-engine.h"

#define N_CONNS   10000u
#define BYTES     20000u
#define N_RUNS    3
#define MS        G_GINT64_CONSTANT (1000000)

typedef struct
{
  SynackEngine *engine;
  guint         n_connected;
  guint         n_accepted;
  guint         n_closed;
  guint         n_errors;
  guint64       received;
  gboolean      send_on_connect;
  GPtrArray    *clients;
  GPtrArray    *accepted;
  guint8        zeros[BYTES];
} Bench;

static void
start_sending (Bench        *b,
               SynackSocket *sock)
{
  gssize r = synack_socket_send (sock, b->zeros, BYTES);

  /* The send buffer (128 KiB) takes it all at once. */
  if (r != BYTES)
    {
      fprintf (stderr, "bench-engine: send took %zd of %u bytes\n", r, BYTES);
      exit (1);
    }
  synack_socket_shutdown (sock);
}

typedef struct
{
  Bench        *bench;
  SynackSocket *sock;
} Start;

static void
start_alarm (SynackEngine *engine, gpointer data)
{
  Start *start = data;

  start_sending (start->bench, start->sock);
  g_free (start);
}

static void
on_connected (SynackSocket *sock, gpointer data)
{
  Bench *b = data;

  b->n_connected++;
  if (b->send_on_connect)
    start_sending (b, sock);
}

static void
on_readable (SynackSocket *sock, const guint8 *buf, gsize len, gpointer data)
{
  ((Bench *) data)->received += len;
}

static void
on_eof (SynackSocket *sock, gpointer data)
{
  /* Server: the client is done, close too. Client: the server's FIN. */
  if (synack_socket_get_state (sock) == SYNACK_TCP_CLOSE_WAIT)
    synack_socket_close (sock);
}

static void
on_error (SynackSocket *sock, int errnum, gpointer data)
{
  ((Bench *) data)->n_errors++;
}

static void
on_closed (SynackSocket *sock, gpointer data)
{
  ((Bench *) data)->n_closed++;
}

static void on_incoming (SynackSocket *listener, gpointer data);

static const SynackSocketHandler handler = {
  .connected = on_connected,
  .incoming = on_incoming,
  .readable = on_readable,
  .eof = on_eof,
  .error = on_error,
  .closed = on_closed,
};

static void
on_incoming (SynackSocket *listener, gpointer data)
{
  Bench *b = data;
  SynackSocket *sock;

  while ((sock = synack_socket_accept (listener)) != NULL)
    {
      b->n_accepted++;
      g_ptr_array_add (b->accepted, synack_socket_ref (sock));
    }
}

static gsize
heap_in_use (void)
{
  struct mallinfo2 mi = mallinfo2 ();

  return mi.uordblks + mi.hblkhd;
}

static int
compare_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* One run. Returns segments a second; *per_conn gets heap bytes per idle
 * established connection. */
static double
run (gboolean  with_trace,
     guint64   seed,
     double   *per_conn,
     guint64  *n_segments,
     guint    *n_trace_events)
{
  g_autoptr(SynackClock) clock = synack_clock_new_virtual ();
  g_autoptr(SynackTrace) trace = with_trace ? synack_trace_new (SYNACK_TRACE_SOURCE_ENGINE) : NULL;
  Bench *b = g_new0 (Bench, 1);
  SynackAddress ca, sa;
  SynackHost *client, *server;
  SynackLink *link;
  SynackSocket *listener;
  SynackLinkRule rule = { SYNACK_LINK_LOSE, SYNACK_LINK_MATCH_RATE };
  g_autoptr(GError) error = NULL;
  gsize heap_before, heap_after;
  gint64 t0, t1;
  guint64 segs_open;

  b->engine = synack_engine_new (clock, trace, seed);
  b->clients = g_ptr_array_new_with_free_func ((GDestroyNotify) synack_socket_unref);
  b->accepted = g_ptr_array_new_with_free_func ((GDestroyNotify) synack_socket_unref);
  synack_address_set_ipv4 (&ca, 0x0A000001);
  synack_address_set_ipv4 (&sa, 0x0A000002);
  client = synack_engine_add_host (b->engine, "client", &ca);
  server = synack_engine_add_host (b->engine, "server", &sa);
  link = synack_engine_connect_hosts (b->engine, client, server);
  synack_link_set_delay (link, 10 * MS);
  listener = synack_host_listen (server, 80, N_CONNS * 2, &error);
  g_assert_no_error (error);
  synack_socket_set_handler (listener, &handler, b);

  /* Phase 1: open every connection and let it sit idle; measure the heap. */
  heap_before = heap_in_use ();
  t0 = bench_clock_ns (CLOCK_PROCESS_CPUTIME_ID);
  for (guint i = 0; i < N_CONNS; i++)
    {
      SynackSocket *s = synack_host_connect (client, &sa, 80, 0, &error);

      g_assert_no_error (error);
      synack_socket_set_handler (s, &handler, b);
      g_ptr_array_add (b->clients, synack_socket_ref (s));
    }
  synack_engine_run_until (b->engine, 5 * 1000 * MS);
  t1 = bench_clock_ns (CLOCK_PROCESS_CPUTIME_ID);
  segs_open = synack_engine_get_n_segments (b->engine);
  if (b->n_connected != N_CONNS || b->n_accepted != N_CONNS)
    {
      fprintf (stderr, "bench-engine: %u connected, %u accepted of %u\n",
               b->n_connected, b->n_accepted, N_CONNS);
      exit (1);
    }
  heap_after = heap_in_use ();
  *per_conn = ((double) heap_after - (double) heap_before) / N_CONNS;

  /* Phase 2: 1 % loss each way; every client sends 20 kB and closes. */
  rule.rate = 0.01;
  rule.direction = 0;
  synack_link_add_rule (link, &rule);
  rule.direction = 1;
  synack_link_add_rule (link, &rule);
  {
    gint64 t2 = bench_clock_ns (CLOCK_PROCESS_CPUTIME_ID);

    gint64 now = synack_engine_now (b->engine);

    for (guint i = 0; i < b->clients->len; i++)
      {
        Start *start = g_new (Start, 1);

        start->bench = b;
        start->sock = g_ptr_array_index (b->clients, i);
        synack_engine_add_alarm (b->engine, now + i * G_GINT64_CONSTANT (100000), start_alarm, start);
      }
    synack_engine_run_until (b->engine, G_MAXINT64 - 1);
    t1 += bench_clock_ns (CLOCK_PROCESS_CPUTIME_ID) - t2;
  }

  if (b->received != (guint64) N_CONNS * BYTES || b->n_errors > 0 ||
      b->n_closed != 2 * N_CONNS)
    {
      fprintf (stderr, "bench-engine: received %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT
               " bytes, %u errors, %u of %u endpoints closed\n", b->received,
               (guint64) N_CONNS * BYTES, b->n_errors, b->n_closed, 2 * N_CONNS);
      exit (1);
    }
  *n_segments = synack_engine_get_n_segments (b->engine);
  *n_trace_events = trace ? synack_trace_get_n_events (trace) : 0;
  (void) segs_open;

  g_ptr_array_unref (b->clients);
  g_ptr_array_unref (b->accepted);
  g_object_unref (b->engine);
  g_free (b);
  return *n_segments / ((t1 - t0) / 1e9);
}

int
main (int argc, char **argv)
{
  double rate[2][N_RUNS], mem[N_RUNS];
  guint64 n_segments = 0;
  guint n_events = 0;

  for (guint t = 0; t < 2; t++)
    for (guint r = 0; r < N_RUNS; r++)
      {
        double per_conn;
        guint events;

        rate[t][r] = run (t == 1, r + 1, &per_conn, &n_segments, &events);
        if (t == 0)
          mem[r] = per_conn;
        else
          n_events = events;
      }
  qsort (rate[0], N_RUNS, sizeof (double), compare_double);
  qsort (rate[1], N_RUNS, sizeof (double), compare_double);
  qsort (mem, N_RUNS, sizeof (double), compare_double);

  printf ("BENCH\tengine-segments-per-second\t%.0f\tsegments/s\t"
          "10000 connections, 20 kB each, started 100 us apart, 1%% loss, no trace; median of %u\n",
          rate[0][N_RUNS / 2], N_RUNS);
  printf ("BENCH\tengine-segments-per-second-traced\t%.0f\tsegments/s\t"
          "the same, recording a trace (%u events); median of %u\n",
          rate[1][N_RUNS / 2], n_events, N_RUNS);
  printf ("BENCH\tengine-segments-per-run\t%" G_GUINT64_FORMAT "\tsegments\t"
          "handed to a TCB in one run\n", n_segments);
  printf ("BENCH\tengine-bytes-per-connection\t%.0f\tbytes\t"
          "heap per idle established connection, both endpoints (sockets, TCBs, tables); median of %u\n",
          mem[N_RUNS / 2], N_RUNS);
  return 0;
}
