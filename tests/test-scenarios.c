/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The built-in scenario library: every scenario runs, both endpoints go
 * through exactly the states the lesson is about, the same seed gives the
 * same pcap byte for byte, and the library, the resource and data/scenarios
 * agree. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>

#include "synack-export.h"
#include "synack-scenario.h"

#define S(x) ((gint64) ((x) * 1e9))

typedef void (*Check) (SynackTrace *trace);

typedef struct
{
  const char *name;
  guint       conn;
  const char *client;   /* state path, space-separated */
  const char *server;
  Check       check;
} Expect;

static char *
state_path (SynackTrace *trace,
            guint        conn,
            guint        endpoint)
{
  g_autoptr(GString) s = g_string_new (NULL);
  guint n = synack_trace_get_n_state_spans (trace, conn, endpoint);

  for (guint i = 0; i < n; i++)
    {
      gint64 time;
      SynackTcpState state;
      guint index;

      synack_trace_get_state_span (trace, conn, endpoint, i, &time, &state, &index);
      if (i > 0)
        g_string_append_c (s, ' ');
      g_string_append (s, synack_tcp_state_to_string (state));
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* Time an endpoint entered a state (the first time), or -1. */
static gint64
entered (SynackTrace    *trace,
         guint           conn,
         guint           endpoint,
         SynackTcpState  wanted)
{
  guint n = synack_trace_get_n_state_spans (trace, conn, endpoint);

  for (guint i = 1; i < n; i++)
    {
      gint64 time;
      SynackTcpState state;
      guint index;

      synack_trace_get_state_span (trace, conn, endpoint, i, &time, &state, &index);
      if (state == wanted)
        return time;
    }
  return -1;
}

static guint
count_segments (SynackTrace *trace,
                guint        endpoint,
                guint8       flags,
                guint32      analysis,
                SynackFate   fate)
{
  guint n = 0;

  for (guint i = 0; i < synack_trace_get_n_events (trace); i++)
    {
      SynackEvent ev;

      synack_trace_read_event (trace, i, &ev);
      if (ev.kind != SYNACK_EVENT_SEGMENT || ev.endpoint != endpoint)
        continue;
      if ((ev.segment.flags & flags) != flags || (ev.segment.analysis & analysis) != analysis)
        continue;
      if (fate != (SynackFate) -1 && ev.segment.fate != fate)
        continue;
      n++;
    }
  return n;
}

static const SynackEvent *
find_call (SynackTrace    *trace,
           guint           conn,
           SynackCallKind  call,
           SynackEvent    *found)
{
  for (guint i = 0; i < synack_trace_get_n_events (trace); i++)
    {
      SynackEvent ev;

      synack_trace_read_event (trace, i, &ev);
      if (ev.kind == SYNACK_EVENT_CALL && ev.conn == conn && ev.call.call == call)
        {
          *found = ev;
          return found;
        }
    }
  return NULL;
}

static void
check_time_wait_2msl (SynackTrace *trace)
{
  gint64 tw = entered (trace, 0, 0, SYNACK_TCP_TIME_WAIT);
  guint n = synack_trace_get_n_state_spans (trace, 0, 0);
  gint64 end;
  SynackTcpState state;
  guint index;

  synack_trace_get_state_span (trace, 0, 0, n - 1, &end, &state, &index);
  g_assert_cmpint (state, ==, SYNACK_TCP_CLOSED);
  g_assert_cmpint (end - tw, ==, S (60));   /* MSL 30 s */
  g_assert_cmpstr (synack_trace_get_connection (trace, 0)->summary, ==, "SF");
}

static void
check_refused (SynackTrace *trace)
{
  SynackEvent found;
  const SynackEvent *ret = find_call (trace, 1, SYNACK_CALL_CONNECT_RETURNS, &found);

  g_assert_nonnull (ret);
  g_assert_cmpint (ret->call.result, ==, ECONNREFUSED);
  g_assert_cmpuint (count_segments (trace, 1, SYNACK_FLAG_RST, 0, -1), ==, 1);
  g_assert_cmpstr (synack_trace_get_connection (trace, 1)->summary, ==, "REJ");
}

static void
check_lost_syn (SynackTrace *trace)
{
  gint64 times[3];
  guint n = 0;

  for (guint i = 0; i < synack_trace_get_n_events (trace) && n < 3; i++)
    {
      SynackEvent ev;

      synack_trace_read_event (trace, i, &ev);
      if (ev.kind == SYNACK_EVENT_SEGMENT && ev.segment.flags == SYNACK_FLAG_SYN)
        times[n++] = ev.time;
    }
  g_assert_cmpuint (n, ==, 3);
  /* Initial RTO 1 s, then doubled. */
  g_assert_cmpint (times[1] - times[0], ==, S (1));
  g_assert_cmpint (times[2] - times[1], ==, S (2));
  g_assert_cmpuint (count_segments (trace, 0, SYNACK_FLAG_SYN, 0, SYNACK_FATE_LOST), ==, 2);
}

static void
check_lost_syn_ack (SynackTrace *trace)
{
  g_assert_cmpuint (count_segments (trace, 1, SYNACK_FLAG_SYN | SYNACK_FLAG_ACK, 0,
                                    SYNACK_FATE_LOST), ==, 1);
  g_assert_cmpuint (count_segments (trace, 1, SYNACK_FLAG_SYN | SYNACK_FLAG_ACK, 0, -1), >=, 2);
}

static void
check_lost_final_ack (SynackTrace *trace)
{
  /* Two FINs from the server; the client ACKs both, from TIME-WAIT. */
  g_assert_cmpuint (count_segments (trace, 1, SYNACK_FLAG_FIN, 0, -1), ==, 2);
  g_assert_cmpuint (count_segments (trace, 0, SYNACK_FLAG_ACK, 0, SYNACK_FATE_LOST), ==, 1);
  /* The re-ACK restarted the 2 MSL timer: CLOSED 60 s after the second FIN arrived. */
  {
    guint n = synack_trace_get_n_state_spans (trace, 0, 0);
    gint64 end, second_fin_arrival = -1;
    SynackTcpState state;
    guint index;

    for (guint i = 0; i < synack_trace_get_n_events (trace); i++)
      {
        SynackEvent ev;

        synack_trace_read_event (trace, i, &ev);
        if (ev.kind == SYNACK_EVENT_SEGMENT && ev.endpoint == 1 &&
            (ev.segment.flags & SYNACK_FLAG_FIN))
          second_fin_arrival = ev.segment.arrive;
      }
    synack_trace_get_state_span (trace, 0, 0, n - 1, &end, &state, &index);
    g_assert_cmpint (state, ==, SYNACK_TCP_CLOSED);
    g_assert_cmpint (end, ==, second_fin_arrival + S (60));
  }
}

static void
check_abort (SynackTrace *trace)
{
  g_assert_cmpuint (count_segments (trace, 0, SYNACK_FLAG_RST, 0, -1), ==, 1);
  g_assert_cmpint (entered (trace, 0, 0, SYNACK_TCP_TIME_WAIT), ==, -1);
  g_assert_cmpstr (synack_trace_get_connection (trace, 0)->summary, ==, "RSTO");
}

static void
check_challenge_ack (SynackTrace *trace)
{
  g_assert_cmpuint (count_segments (trace, 1, 0, SYNACK_ANALYSIS_CHALLENGE_ACK, -1), ==, 1);
  /* The server stays ESTABLISHED through two forged RSTs and falls to the exact one. */
  g_assert_cmpint (entered (trace, 0, 1, SYNACK_TCP_CLOSED), >, S (1.2));
}

static void
check_keepalive (SynackTrace *trace)
{
  guint probes = count_segments (trace, 0, 0, SYNACK_ANALYSIS_KEEP_ALIVE, -1);
  gint64 closed = entered (trace, 0, 0, SYNACK_TCP_CLOSED);

  g_assert_cmpuint (probes, ==, 9);
  /* 2 h idle, then 9 probes 75 s apart, then the give-up. */
  g_assert_cmpint (closed, >, S (7200 + 8 * 75));
  g_assert_cmpint (closed, <, S (7200 + 10 * 75 + 5));
  g_assert_cmpuint (synack_trace_get_connection (trace, 0)->n_segments, <, 30);
}

static void
check_zero_window (SynackTrace *trace)
{
  SynackEvent found;
  g_assert_cmpuint (count_segments (trace, 1, 0, SYNACK_ANALYSIS_ZERO_WINDOW, -1), >=, 1);
  g_assert_cmpuint (count_segments (trace, 0, 0, SYNACK_ANALYSIS_ZERO_WINDOW_PROBE, -1), >=, 3);
  g_assert_nonnull (find_call (trace, 0, SYNACK_CALL_RECV, &found));
}

static void
check_fast_retransmit (SynackTrace *trace)
{
  g_assert_cmpuint (count_segments (trace, 0, 0, SYNACK_ANALYSIS_FAST_RETRANSMISSION, -1), ==, 1);
  g_assert_cmpuint (count_segments (trace, 1, 0, SYNACK_ANALYSIS_DUPLICATE_ACK, -1), >=, 3);
  g_assert_cmpuint (count_segments (trace, 0, 0, 0, SYNACK_FATE_LOST), ==, 1);
}

static void
check_out_of_order (SynackTrace *trace)
{
  gboolean overtaken = FALSE;
  gint64 last_arrival = G_MININT64;

  /* Some data segment arrived before one sent earlier. */
  for (guint i = 0; i < synack_trace_get_n_events (trace); i++)
    {
      SynackEvent ev;

      synack_trace_read_event (trace, i, &ev);
      if (ev.kind != SYNACK_EVENT_SEGMENT || ev.endpoint != 0 || ev.segment.len == 0)
        continue;
      if (ev.segment.arrive < last_arrival)
        overtaken = TRUE;
      last_arrival = MAX (last_arrival, ev.segment.arrive);
    }
  g_assert_true (overtaken);
  g_assert_cmpuint (count_segments (trace, 0, 0, SYNACK_ANALYSIS_RETRANSMISSION, -1), ==, 0);
}

static void
check_reuse (SynackTrace *trace)
{
  SynackEvent busy_event;
  const SynackEvent *busy = NULL;

  for (guint i = 0; i < synack_trace_get_n_events (trace); i++)
    {
      SynackEvent ev;

      synack_trace_read_event (trace, i, &ev);
      /* bind() to the port a TIME-WAIT connection still holds */
      if (ev.kind == SYNACK_EVENT_CALL && ev.call.call == SYNACK_CALL_BIND &&
          ev.call.result == EADDRINUSE)
        {
          busy_event = ev;
          busy = &busy_event;
        }
    }
  g_assert_nonnull (busy);
  g_assert_cmpuint (busy->conn, ==, 0);
  g_assert_cmpuint (synack_trace_get_n_connections (trace), ==, 2);
  g_assert_cmpuint (synack_trace_get_connection (trace, 0)->port[0], ==, 40000);
  g_assert_cmpuint (synack_trace_get_connection (trace, 1)->port[0], ==, 40000);
  g_assert_cmpint (synack_trace_get_connection (trace, 1)->initial_state[1], ==, SYNACK_TCP_LISTEN);
  /* The new connection starts after the old one's TIME-WAIT is over. */
  g_assert_cmpint (entered (trace, 1, 0, SYNACK_TCP_SYN_SENT), >,
                   entered (trace, 0, 0, SYNACK_TCP_TIME_WAIT) + S (60));
}

#define CLIENT_NORMAL "CLOSED SYN_SENT ESTABLISHED FIN_WAIT_1 FIN_WAIT_2 TIME_WAIT CLOSED"
#define SERVER_NORMAL "CLOSED LISTEN SYN_RECEIVED ESTABLISHED CLOSE_WAIT LAST_ACK CLOSED"

static const Expect expects[] = {
  { "handshake-and-close", 0, CLIENT_NORMAL, SERVER_NORMAL, check_time_wait_2msl },
  { "server-closes-first", 0, "CLOSED SYN_SENT ESTABLISHED CLOSE_WAIT LAST_ACK CLOSED",
    "CLOSED LISTEN SYN_RECEIVED ESTABLISHED FIN_WAIT_1 FIN_WAIT_2 TIME_WAIT CLOSED", NULL },
  { "connection-refused", 1, "CLOSED SYN_SENT CLOSED", "CLOSED", check_refused },
  { "lost-syn", 0, CLIENT_NORMAL, SERVER_NORMAL, check_lost_syn },
  { "lost-syn-ack", 0, CLIENT_NORMAL, SERVER_NORMAL, check_lost_syn_ack },
  { "lost-final-ack", 0, CLIENT_NORMAL, SERVER_NORMAL, check_lost_final_ack },
  { "simultaneous-open", 0,
    "CLOSED SYN_SENT SYN_RECEIVED ESTABLISHED FIN_WAIT_1 FIN_WAIT_2 TIME_WAIT CLOSED",
    "CLOSED SYN_SENT SYN_RECEIVED ESTABLISHED CLOSE_WAIT LAST_ACK CLOSED", NULL },
  { "simultaneous-close", 0,
    "CLOSED SYN_SENT ESTABLISHED FIN_WAIT_1 CLOSING TIME_WAIT CLOSED",
    "CLOSED LISTEN SYN_RECEIVED ESTABLISHED FIN_WAIT_1 CLOSING TIME_WAIT CLOSED", NULL },
  { "half-close", 0, CLIENT_NORMAL, SERVER_NORMAL, NULL },
  { "abort-with-rst", 0, "CLOSED SYN_SENT ESTABLISHED CLOSED",
    "CLOSED LISTEN SYN_RECEIVED ESTABLISHED CLOSED", check_abort },
  { "challenge-ack", 0, "CLOSED SYN_SENT ESTABLISHED FIN_WAIT_1 CLOSED",
    "CLOSED LISTEN SYN_RECEIVED ESTABLISHED CLOSED", check_challenge_ack },
  { "keepalive-dead-peer", 0, "CLOSED SYN_SENT ESTABLISHED CLOSED",
    "CLOSED LISTEN SYN_RECEIVED ESTABLISHED CLOSED", check_keepalive },
  { "zero-window", 0, CLIENT_NORMAL, SERVER_NORMAL, check_zero_window },
  { "fast-retransmit", 0, CLIENT_NORMAL, SERVER_NORMAL, check_fast_retransmit },
  { "out-of-order", 0, CLIENT_NORMAL, SERVER_NORMAL, check_out_of_order },
  { "time-wait-reuse", 0, CLIENT_NORMAL, SERVER_NORMAL, check_reuse },
  { "time-wait-reuse", 1, CLIENT_NORMAL,
    "LISTEN SYN_RECEIVED ESTABLISHED CLOSE_WAIT LAST_ACK CLOSED", NULL },
};

static void
test_paths (gconstpointer data)
{
  const Expect *e = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackScenario) scenario = synack_scenario_load_builtin (e->name, &error);
  g_autoptr(SynackTrace) trace = NULL;
  g_autofree char *client = NULL;
  g_autofree char *server = NULL;
  const SynackConnection *c;

  g_assert_no_error (error);
  trace = synack_scenario_run (scenario, 1, NULL);
  g_assert_cmpint (synack_trace_get_source (trace), ==, SYNACK_TRACE_SOURCE_ENGINE);
  g_assert_cmpuint (synack_trace_get_n_connections (trace), >, e->conn);
  c = synack_trace_get_connection (trace, e->conn);
  /* Endpoint 0 is the scenario's client. */
  g_assert_cmpstr (c->name[0], ==, "client");
  g_assert_cmpstr (c->name[1], ==, "server");
  client = state_path (trace, e->conn, 0);
  server = state_path (trace, e->conn, 1);
  g_assert_cmpstr (client, ==, e->client);
  g_assert_cmpstr (server, ==, e->server);
  g_assert_cmpstr (c->summary, !=, "");
  if (e->check != NULL)
    e->check (trace);
}

static char *
pcap_of (const char *name,
         guint64     seed,
         const char *dir,
         gsize      *len)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackScenario) scenario = synack_scenario_load_builtin (name, &error);
  g_autoptr(SynackTrace) trace = NULL;
  g_autofree char *path = g_strdup_printf ("%s/%s-%" G_GUINT64_FORMAT ".pcap", dir, name, seed);
  char *bytes = NULL;

  g_assert_no_error (error);
  trace = synack_scenario_run (scenario, seed, NULL);
  g_assert_true (synack_export_pcap (trace, path, G_MAXUINT, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &bytes, len, &error));
  g_unlink (path);
  return bytes;
}

/* The same scenario and seed give the same pcap, byte for byte. */
static void
test_determinism (void)
{
  g_auto(GStrv) names = synack_scenario_list_builtin ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("synack-scenarios-XXXXXX", &error);
  guint differ = 0;

  g_assert_no_error (error);
  for (guint i = 0; names[i] != NULL; i++)
    {
      gsize l1, l2, l3;
      g_autofree char *a = pcap_of (names[i], 7, dir, &l1);
      g_autofree char *b = pcap_of (names[i], 7, dir, &l2);
      g_autofree char *c = pcap_of (names[i], 8, dir, &l3);

      g_assert_cmpuint (l1, >, 24);
      g_assert_cmpmem (a, l1, b, l2);
      differ += l1 != l3 || memcmp (a, c, l1) != 0;
    }
  /* Another seed draws other ISNs and ports. */
  g_assert_cmpuint (differ, ==, g_strv_length (names));
  g_rmdir (dir);
}

/* Every scenario's pcap opens in tshark with every packet, none malformed,
 * every IP and TCP checksum right. */
static void
test_tshark (void)
{
  g_autofree char *tshark = g_find_program_in_path ("tshark");
  g_auto(GStrv) names = synack_scenario_list_builtin ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;

  if (tshark == NULL)
    {
      g_test_skip ("tshark is not installed");
      return;
    }
  dir = g_dir_make_tmp ("synack-tshark-XXXXXX", &error);
  g_assert_no_error (error);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(SynackScenario) scenario = synack_scenario_load_builtin (names[i], &error);
      g_autoptr(SynackTrace) trace = synack_scenario_run (scenario, 1, NULL);
      g_autofree char *path = g_strdup_printf ("%s/%s.pcap", dir, names[i]);
      g_autofree char *all = NULL;
      g_autofree char *bad = NULL;
      g_autofree char *err = NULL;
      g_auto(GStrv) lines = NULL;
      int status;
      const char *count_argv[] = { tshark, "-n", "-r", path, "-T", "fields", "-e", "frame.number", NULL };
      const char *bad_argv[] = { tshark, "-n", "-r", path, "-o", "tcp.check_checksum:TRUE",
                                 "-o", "ip.check_checksum:TRUE", "-Y",
                                 "_ws.malformed || tcp.checksum.status == 0 || ip.checksum.status == 0",
                                 NULL };

      g_assert_true (synack_export_pcap (trace, path, G_MAXUINT, &error));
      g_assert_no_error (error);
      g_assert_true (g_spawn_sync (NULL, (char **) count_argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                   &all, &err, &status, &error));
      g_assert_no_error (error);
      g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
      lines = g_strsplit (g_strstrip (all), "\n", -1);
      g_assert_cmpuint (g_strv_length (lines), ==, synack_trace_get_n_segments (trace));
      g_clear_pointer (&err, g_free);
      g_assert_true (g_spawn_sync (NULL, (char **) bad_argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                   &bad, &err, &status, &error));
      g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
      g_assert_cmpstr (bad, ==, "");
      g_unlink (path);
    }
  g_rmdir (dir);
}

/* The list, the compiled-in resource and data/scenarios hold the same
 * files, each with a title and a two-line description. */
static void
test_library (void)
{
  g_auto(GStrv) names = synack_scenario_list_builtin ();
  const char *root = g_getenv ("SYNACK_SOURCE_ROOT");
  gboolean has_demo = FALSE;

  g_assert_cmpuint (g_strv_length (names), >=, 16);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SynackScenario) s = synack_scenario_load_builtin (names[i], &error);
      g_auto(GStrv) lines = NULL;

      g_assert_no_error (error);
      g_assert_cmpstr (synack_scenario_get_name (s), ==, names[i]);
      g_assert_cmpstr (synack_scenario_get_title (s), !=, names[i]);
      lines = g_strsplit (synack_scenario_get_description (s), "\n", -1);
      g_assert_cmpuint (g_strv_length (lines), ==, 2);
      has_demo |= g_str_equal (names[i], SYNACK_SCENARIO_DEMO);
    }
  g_assert_true (has_demo);

  if (root != NULL)
    {
      g_autofree char *path = g_build_filename (root, "data", "scenarios", NULL);
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *file;
      guint n = 0;

      g_assert_nonnull (dir);
      while ((file = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *stem = NULL;
          g_autofree char *full = NULL;
          g_autofree char *text = NULL;
          g_autoptr(GBytes) builtin = NULL;
          g_autoptr(GError) error = NULL;

          if (!g_str_has_suffix (file, ".synack"))
            continue;
          n++;
          stem = g_strndup (file, strlen (file) - strlen (".synack"));
          g_assert_true (g_strv_contains ((const char * const *) names, stem));
          /* The compiled-in copy is the file. */
          full = g_build_filename (path, file, NULL);
          g_assert_true (g_file_get_contents (full, &text, NULL, NULL));
          builtin = synack_scenario_get_builtin_text (stem, &error);
          g_assert_no_error (error);
          g_assert_cmpmem (text, strlen (text), g_bytes_get_data (builtin, NULL),
                           g_bytes_get_size (builtin));
          /* xgettext reads the scripts as C: an apostrophe outside a string
           * would open a character constant and hide the strings after it. */
          {
            g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

            for (guint l = 0; lines[l] != NULL; l++)
              {
                const char *hash = strchr (lines[l], '#');
                const char *quote = strchr (lines[l], '"');

                if (hash != NULL && (quote == NULL || hash < quote) && strchr (hash, '\'') != NULL)
                  g_error ("%s:%u: an apostrophe in a comment breaks xgettext", file, l + 1);
              }
          }
        }
      g_assert_cmpuint (n, ==, g_strv_length (names));
    }
}

/* The CLI lists names with titles, runs a scenario to JSON lines and
 * writes a pcap. */
static void
test_cli (void)
{
  const char *cli = g_getenv ("SYNACK_CLI");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *pcap = NULL;
  g_auto(GStrv) lines = NULL;
  int status;
  guint n_segments = 0, n_conn = 0;

  if (cli == NULL)
    {
      g_test_skip ("SYNACK_CLI is not set");
      return;
    }
  {
    const char *argv[] = { cli, "scenarios", NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                 &out, &err, &status, &error));
    g_assert_cmpint (WEXITSTATUS (status), ==, 0);
    g_assert_true (g_str_has_prefix (out, "handshake-and-close    Handshake, data and close\n"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }

  dir = g_dir_make_tmp ("synack-cli-run-XXXXXX", &error);
  pcap = g_build_filename (dir, "out.pcap", NULL);
  {
    const char *argv[] = { cli, "run", "handshake-and-close", "--seed", "3", "--json",
                           "-w", pcap, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                 &out, &err, &status, &error));
  }
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  g_assert_cmpstr (err, ==, "");
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (lines[i][0] == '\0')
        continue;
      g_assert_true (g_str_has_prefix (lines[i], "{\"type\":\""));
      g_assert_true (g_str_has_suffix (lines[i], "}"));
      if (g_str_has_prefix (lines[i], "{\"type\":\"segment\""))
        {
          n_segments++;
          g_assert_nonnull (strstr (lines[i], "\"fate\":\"delivered\""));
          g_assert_nonnull (strstr (lines[i], "\"arrive\":"));
        }
      if (g_str_has_prefix (lines[i], "{\"type\":\"conn\"") && strstr (lines[i], "\"summary\":\"SF\""))
        {
          n_conn++;
          g_assert_nonnull (strstr (lines[i], "\"client\":\"10.0.0.1:"));
          g_assert_nonnull (strstr (lines[i], "\"server\":\"10.0.0.2:80\""));
        }
    }
  g_assert_cmpuint (n_segments, ==, 11);
  g_assert_cmpuint (n_conn, ==, 1);
  g_assert_true (g_file_test (pcap, G_FILE_TEST_IS_REGULAR));
  g_unlink (pcap);
  g_rmdir (dir);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The readable form: one line a segment with both states. */
  {
    const char *argv[] = { cli, "run", "connection-refused", NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                 &out, &err, &status, &error));
  }
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  g_assert_nonnull (strstr (out, "server > client  [RST, ACK] seq=0 ack=1 win=0 len=0"));
  g_assert_nonnull (strstr (out, "SYN_SENT / CLOSED  delivered @0.200000"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (expects); i++)
    {
      g_autofree char *path = g_strdup_printf ("/synack/scenarios/%s/conn-%u", expects[i].name,
                                               expects[i].conn);

      g_test_add_data_func (path, &expects[i], test_paths);
    }
  g_test_add_func ("/synack/scenarios/determinism", test_determinism);
  g_test_add_func ("/synack/scenarios/library", test_library);
  g_test_add_func ("/synack/scenarios/tshark", test_tshark);
  g_test_add_func ("/synack/scenarios/cli", test_cli);
  return g_test_run ();
}
