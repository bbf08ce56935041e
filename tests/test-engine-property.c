/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Property test: over many seeds, two engine hosts exchange random amounts
 * of data both ways across a link that loses, duplicates and reorders at
 * random rates, with random TCP options. Every byte must arrive once and in
 * order, both ends must finish CLOSED (through TIME-WAIT or LAST-ACK), and
 * every TCB's invariants must hold after every step of the clock. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "synack-engine.h"
#include "synack-export.h"

#define MS G_GINT64_CONSTANT (1000000)
#define N_SEEDS_DEFAULT 1000

/* Totals over all seeds, reported so a run that checked nothing shows. */
static guint64 total_bytes;
static guint64 total_segments;
static guint64 total_steps;

typedef struct
{
  SynackEngine *engine;
  SynackHost   *host[2];
  SynackSocket *sock[2];      /* 0: the client's, 1: the accepted one (references) */
  SynackSocket *listener;
  guint64       to_send[2];
  guint64       sent[2];
  guint64       received[2];
  gboolean      shut[2];
  gboolean      eof[2];
  gboolean      closed_call[2];
  int           error[2];
  guint64       seed;
  GString      *failure;
} Run;

static inline guint8
pattern (guint    direction,
         guint64  offset)
{
  return (guint8) (((offset * 2654435761u) >> 13) ^ (offset >> 8) ^ (direction * 0x5A));
}

static guint
side_of (Run          *run,
         SynackSocket *sock)
{
  return synack_socket_get_host (sock) == run->host[0] ? 0 : 1;
}

static void
maybe_close (Run   *run,
             guint  side)
{
  if (run->shut[side] && run->eof[side] && !run->closed_call[side])
    {
      run->closed_call[side] = TRUE;
      synack_socket_close (run->sock[side]);
    }
}

static void
pump (Run   *run,
      guint  side)
{
  SynackSocket *sock = run->sock[side];
  guint8 buf[8192];

  if (sock == NULL || run->shut[side])
    return;
  while (run->sent[side] < run->to_send[side])
    {
      gsize n = MIN (sizeof buf, run->to_send[side] - run->sent[side]);
      gssize r;

      for (gsize i = 0; i < n; i++)
        buf[i] = pattern (side, run->sent[side] + i);
      r = synack_socket_send (sock, buf, n);
      if (r == -EAGAIN || r == 0)
        return;
      if (r < 0)
        {
          g_string_append_printf (run->failure, "side %u: send failed: %s\n", side,
                                  g_strerror (-r));
          return;
        }
      run->sent[side] += r;
    }
  run->shut[side] = TRUE;
  synack_socket_shutdown (sock);
  maybe_close (run, side);
}

static void
on_connected (SynackSocket *sock, gpointer user_data)
{
  pump (user_data, side_of (user_data, sock));
}

static void
on_writable (SynackSocket *sock, gpointer user_data)
{
  pump (user_data, side_of (user_data, sock));
}

static void
on_readable (SynackSocket *sock, const guint8 *data, gsize len, gpointer user_data)
{
  Run *run = user_data;
  guint side = side_of (run, sock);

  for (gsize i = 0; i < len; i++)
    if (data[i] != pattern (1 - side, run->received[side] + i))
      {
        g_string_append_printf (run->failure, "side %u: byte %" G_GUINT64_FORMAT
                                " is wrong\n", side, run->received[side] + i);
        break;
      }
  run->received[side] += len;
  if (run->received[side] > run->to_send[1 - side])
    g_string_append_printf (run->failure, "side %u: more bytes than were sent\n", side);
}

static void
on_eof (SynackSocket *sock, gpointer user_data)
{
  Run *run = user_data;
  guint side = side_of (run, sock);

  if (run->eof[side])
    g_string_append_printf (run->failure, "side %u: EOF twice\n", side);
  run->eof[side] = TRUE;
  maybe_close (run, side);
}

static void
on_error (SynackSocket *sock, int errnum, gpointer user_data)
{
  Run *run = user_data;
  guint side = side_of (run, sock);

  run->error[side] = errnum;
  g_string_append_printf (run->failure, "side %u: connection failed: %s\n", side,
                          g_strerror (errnum));
}

static void on_incoming (SynackSocket *listener, gpointer user_data);

static const SynackSocketHandler handler = {
  .connected = on_connected,
  .incoming = on_incoming,
  .readable = on_readable,
  .eof = on_eof,
  .writable = on_writable,
  .error = on_error,
};

static void
on_incoming (SynackSocket *listener, gpointer user_data)
{
  Run *run = user_data;
  SynackSocket *sock = synack_socket_accept (listener);

  if (run->sock[1] != NULL)
    {
      g_string_append (run->failure, "a second connection was accepted\n");
      return;
    }
  run->sock[1] = synack_socket_ref (sock);
  synack_socket_set_handler (sock, &handler, run);
  pump (run, 1);
}

static void
check_tcb (Run          *run,
           SynackSocket *sock,
           const char   *which,
           gint64        now)
{
  g_autoptr(GError) error = NULL;
  SynackTcb *tcb;

  if (sock == NULL || (tcb = synack_socket_get_tcb (sock)) == NULL)
    return;
  if (!synack_tcb_check_invariants (tcb, &error))
    g_string_append_printf (run->failure, "%s at %.6f s: %s\n", which, now / 1e9, error->message);
}

/* Returns FALSE (after printing why) when the seed failed. */
static gboolean
run_seed (guint64 seed)
{
  gboolean ok;
  GRand *rand = g_rand_new_with_seed ((guint32) (seed * 2654435761u + 1));
  g_autoptr(SynackClock) clock = synack_clock_new_virtual ();
  /* Every 50th seed records a trace; SYNACK_PROPERTY_TRACE=1 records all,
   * and a failing seed's trace is written out as JSON lines. */
  g_autoptr(SynackTrace) trace = seed % 50 == 0 || g_getenv ("SYNACK_PROPERTY_TRACE")
                                 ? synack_trace_new (SYNACK_TRACE_SOURCE_ENGINE) : NULL;
  g_autoptr(GError) error = NULL;
  Run run = { 0 };
  SynackAddress a, b;
  SynackLink *link;
  SynackLinkRule rule = { 0 };
  const gint64 limit = 4 * 3600 * 1000 * MS;
  gint64 due;

  run.seed = seed;
  run.failure = g_string_new (NULL);
  run.engine = synack_engine_new (clock, trace, seed);
  synack_address_set_ipv4 (&a, 0x0A000001);
  synack_address_set_ipv4 (&b, 0x0A000002);
  if (seed % 7 == 3)
    {
      synack_address_parse ("fd00::1", &a);
      synack_address_parse ("fd00::2", &b);
    }
  run.host[0] = synack_engine_add_host (run.engine, "client", &a);
  run.host[1] = synack_engine_add_host (run.engine, "server", &b);
  for (guint s = 0; s < 2; s++)
    {
      SynackTcbOptions *o = synack_host_get_options (run.host[s]);

      o->mss = g_rand_int_range (rand, 200, 1461);
      o->wscale = g_rand_boolean (rand) ? g_rand_int_range (rand, 0, 9) : -1;
      o->sack = g_rand_boolean (rand);
      o->timestamps = g_rand_boolean (rand);
      o->nagle = g_rand_boolean (rand);
      o->delayed_ack = g_rand_boolean (rand);
      o->rcv_buf = g_rand_int_range (rand, 2048, 200000);
      o->snd_buf = g_rand_int_range (rand, 2048, 200000);
      /* Half the time an ISN just below 2^32, so sequence numbers wrap. */
      if (g_rand_boolean (rand))
        synack_host_set_fixed_isn (run.host[s], TRUE, 0xFFFFFFFFu - g_rand_int_range (rand, 0, 70000));
      run.to_send[s] = g_rand_boolean (rand) ? g_rand_int_range (rand, 0, 120000)
                                             : g_rand_int_range (rand, 0, 3000);
    }
  link = synack_engine_connect_hosts (run.engine, run.host[0], run.host[1]);
  synack_link_set_delay (link, g_rand_int_range (rand, 1, 40) * MS);
  if (g_rand_boolean (rand))
    synack_link_set_bandwidth (link, g_rand_int_range (rand, 1000000, 100000000));
  rule.match = SYNACK_LINK_MATCH_RATE;
  for (guint dir = 0; dir < 2; dir++)
    {
      rule.direction = dir;
      rule.action = SYNACK_LINK_LOSE;
      rule.rate = g_rand_double_range (rand, 0, 0.08);
      synack_link_add_rule (link, &rule);
      rule.action = SYNACK_LINK_DUPLICATE;
      rule.rate = g_rand_double_range (rand, 0, 0.05);
      synack_link_add_rule (link, &rule);
      rule.action = SYNACK_LINK_REORDER;
      rule.rate = g_rand_double_range (rand, 0, 0.05);
      synack_link_add_rule (link, &rule);
    }

  run.listener = synack_host_listen (run.host[1], 80, 4, &error);
  g_assert_no_error (error);
  synack_socket_ref (run.listener);
  synack_socket_set_handler (run.listener, &handler, &run);
  run.sock[0] = synack_host_connect (run.host[0], &b, 80, 0, &error);
  g_assert_no_error (error);
  synack_socket_ref (run.sock[0]);
  synack_socket_set_handler (run.sock[0], &handler, &run);

  /* Step from due moment to due moment, checking every TCB after each. */
  while (run.failure->len == 0 && (due = synack_engine_next_due (run.engine)) <= limit)
    {
      synack_engine_run_until (run.engine, due);
      total_steps++;
      check_tcb (&run, run.sock[0], "client", due);
      check_tcb (&run, run.sock[1], "server", due);
      check_tcb (&run, run.listener, "listener", due);
    }

  if (run.failure->len == 0)
    {
      if (synack_engine_next_due (run.engine) != G_MAXINT64)
        g_string_append (run.failure, "still busy after 4 h of virtual time\n");
      if (run.sock[1] == NULL)
        g_string_append (run.failure, "no connection was accepted\n");
      for (guint s = 0; s < 2 && run.sock[1] != NULL; s++)
        {
          if (run.received[s] != run.to_send[1 - s])
            g_string_append_printf (run.failure, "side %u received %" G_GUINT64_FORMAT
                                    " of %" G_GUINT64_FORMAT " bytes\n", s,
                                    run.received[s], run.to_send[1 - s]);
          if (!run.eof[s])
            g_string_append_printf (run.failure, "side %u never saw the FIN\n", s);
          if (synack_socket_get_state (run.sock[s]) != SYNACK_TCP_CLOSED)
            g_string_append_printf (run.failure, "side %u ended in %s\n", s,
                                    synack_tcp_state_to_string (synack_socket_get_state (run.sock[s])));
        }
      if (synack_socket_get_state (run.listener) != SYNACK_TCP_LISTEN)
        g_string_append (run.failure, "the listener left LISTEN\n");
    }

  if (trace != NULL && run.failure->len == 0)
    {
      guint conn = synack_socket_get_trace_conn (run.sock[0]);

      /* The trace agrees: both endpoints end CLOSED, having passed
       * TIME-WAIT (the one that closed first) or LAST-ACK. */
      for (guint e = 0; e < 2; e++)
        {
          gboolean passed = FALSE;
          guint n = synack_trace_get_n_state_spans (trace, conn, e);

          for (guint i = 0; i < n; i++)
            {
              gint64 t;
              SynackTcpState st;
              guint idx;

              synack_trace_get_state_span (trace, conn, e, i, &t, &st, &idx);
              passed |= st == SYNACK_TCP_TIME_WAIT || st == SYNACK_TCP_LAST_ACK;
              if (i == n - 1 && st != SYNACK_TCP_CLOSED)
                g_string_append_printf (run.failure, "trace: endpoint %u ends in %s\n", e,
                                        synack_tcp_state_to_string (st));
            }
          if (!passed)
            g_string_append_printf (run.failure, "trace: endpoint %u never in TIME-WAIT or LAST-ACK\n", e);
        }
    }

  if (run.failure->len > 0 && trace != NULL)
    {
      g_autofree char *path = g_strdup_printf ("%s/synack-property-%" G_GUINT64_FORMAT ".jsonl",
                                               g_get_tmp_dir (), seed);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GFileOutputStream) out = g_file_replace (file, NULL, FALSE, 0, NULL, NULL);

      if (out != NULL &&
          synack_export_json_lines (trace, G_OUTPUT_STREAM (out),
                                    SYNACK_JSON_DEFAULT | SYNACK_JSON_VARS, G_MAXUINT, NULL))
        g_string_append_printf (run.failure, "trace: %s\n", path);
    }
  ok = run.failure->len == 0;
  total_bytes += run.received[0] + run.received[1];
  total_segments += synack_engine_get_n_segments (run.engine);
  if (!ok)
    g_printerr ("seed %" G_GUINT64_FORMAT " (client sends %" G_GUINT64_FORMAT ", server sends %"
                G_GUINT64_FORMAT "): %s", seed, run.to_send[0], run.to_send[1], run.failure->str);

  for (guint s = 0; s < 2; s++)
    g_clear_pointer (&run.sock[s], synack_socket_unref);
  synack_socket_unref (run.listener);
  g_object_unref (run.engine);
  g_string_free (run.failure, TRUE);
  g_rand_free (rand);
  return ok;
}

static void
test_random_faults (void)
{
  const char *env = g_getenv ("SYNACK_PROPERTY_SEEDS");
  const char *one = g_getenv ("SYNACK_PROPERTY_SEED");
  guint64 n = env ? g_ascii_strtoull (env, NULL, 10) : N_SEEDS_DEFAULT;
  guint64 first = 1;
  guint failed = 0;

  /* SYNACK_PROPERTY_SEED=N runs that seed alone (to study a failure). */
  if (one != NULL)
    first = n = g_ascii_strtoull (one, NULL, 10);
  for (guint64 seed = first; seed <= n; seed++)
    failed += !run_seed (seed);
  g_test_message ("%" G_GUINT64_FORMAT " seeds: %" G_GUINT64_FORMAT " bytes checked, %"
                  G_GUINT64_FORMAT " segments, invariants checked at %" G_GUINT64_FORMAT
                  " clock steps", n - first + 1, total_bytes, total_segments, total_steps);
  g_assert_cmpuint (total_bytes, >, 0);
  if (failed > 0)
    g_test_message ("%u of %" G_GUINT64_FORMAT " seeds failed", failed, n);
  g_assert_cmpuint (failed, ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/synack/engine-property/random-faults", test_random_faults);
  return g_test_run ();
}
