/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The scenario parser: what it accepts, and every kind of error it reports
 * with file:line:column. */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "synack-error.h"
#include "synack-scenario.h"
#include "synack-test-utils.h"

typedef struct
{
  const char *text;
  const char *message;   /* the whole error message */
} BadCase;

static const BadCase bad_cases[] = {
  { "0 server listen 80\n0.1    client sned 100\n",
    "t.synack:2:15: unknown verb “sned”; did you mean “send”?" },
  { "0 client fly\n", "t.synack:1:10: unknown verb “fly”" },
  { "0 cliant connect server 80\n", "t.synack:1:3: unknown actor “cliant”; did you mean “client”?" },
  { "0 server listen 80\n0 client connect sever 80\n",
    "t.synack:2:18: unknown actor “sever”; did you mean “server”?" },
  { "0 client send lots\n",
    "t.synack:1:15: expected a byte count (0 to 1073741824), found “lots”" },
  { "0 client send\n", "t.synack:1:14: missing argument; expected “TIME ACTOR send BYTES”" },
  { "0 client close now\n", "t.synack:1:16: unexpected “now”; expected “TIME ACTOR close”" },
  { "1 server listen 80\n0.5 client connect 80\n",
    "t.synack:2:1: time 0.5 is before the line above (1.000 s); times never go back" },
  { "1.2.3 server listen 80\n", "t.synack:1:1: expected a time in seconds, found “1.2.3”" },
  { "+x server listen 80\n", "t.synack:1:2: expected a time in seconds, found “x”" },
  { "set dealy 0.05\n", "t.synack:1:5: unknown setting “dealy”; did you mean “delay”?" },
  { "set client.msss 500\n", "t.synack:1:12: unknown setting “msss”; did you mean “mss”?" },
  { "set delay soon\n", "t.synack:1:11: expected a time in seconds, found “soon”" },
  { "set client.sack maybe\n", "t.synack:1:17: expected on or off, found “maybe”" },
  { "set client.address 10.0.0\n",
    "t.synack:1:20: “10.0.0” is not an IPv4 or IPv6 address" },
  { "set server.keepalive 7200 75\n",
    "t.synack:1:29: missing argument; expected “set ACTOR.keepalive IDLE INTERVAL COUNT|linux|textbook|off”" },
  { "set client.mss 20\n", "t.synack:1:16: an MSS below 64 bytes is not allowed" },
  { "lose client<server 3\n",
    "t.synack:1:6: expected a direction, client>server or server>client, found “client<server”" },
  { "lose client>server SYNN\n", "t.synack:1:20: unknown flag “SYNN”; did you mean “SYN”?" },
  { "lose client>server 0\n", "t.synack:1:20: ordinals count from 1" },
  { "lose client>server rate 1.5\n",
    "t.synack:1:25: expected a probability from 0 to 1, found “1.5”" },
  { "delay server>client 2\n", "t.synack:1:22: missing argument; expected “delay DIR N SECONDS”" },
  { "duplicate client>server 1 2\n",
    "t.synack:1:27: unexpected “2”; expected “duplicate DIR N | duplicate DIR rate P”" },
  { "title \"Half\n", "t.synack:1:7: unterminated string" },
  { "title _(\"Half\"\n", "t.synack:1:7: “_(” without its closing “)”" },
  { "title Half\n", "t.synack:1:7: expected a quoted string, found “Half”" },
  { "category Closing\n", "t.synack:1:10: expected a quoted string, found “Closing”" },
  { "category\n", "t.synack:1:9: missing argument; expected “category \"TEXT\"”" },
  { "0 server listen 70000\n", "t.synack:1:17: expected a port (0 to 65535), found “70000”" },
  { "0 server listen 0\n", "t.synack:1:17: port 0 cannot be used" },
  { "0 server listen 80 backlock 5\n",
    "t.synack:1:20: unexpected “backlock”; expected “backlog N”" },
  { "0 client connect client 80\n", "t.synack:1:18: an actor cannot connect to itself" },
  { "0 client connect 80 to 9\n", "t.synack:1:21: unexpected “to”; expected “from PORT”" },
  { "0 client spoof fin\n", "t.synack:1:16: unknown segment kind “fin”" },
  { "client send 100\n", "t.synack:1:1: a line for client needs a time first (“0.5 client …”)" },
  { "los client>server 1\n", "t.synack:1:1: unknown word “los”; did you mean “lose”?" },
  { "# only a comment\n\nwhatever\n",
    "t.synack:3:1: unknown word “whatever”; a line starts with a time, title, describe, set, "
    "lose, delay, duplicate or reorder" },
  { "title \"Nothing happens\"\n",
    "t.synack: no timed lines; a scenario needs at least one (“0 server listen 80”)" },
  { "set client.address ::1\n0 server listen 80\n",
    "t.synack: the client and the server have addresses of different families" },
  { "set client.address 10.0.0.2\n0 server listen 80\n",
    "t.synack: the client and the server have the same address" },
  { "0 server listen 80\n\xff\xfe client\n", "t.synack:2:1: text that is not UTF-8" },
  /* A limit or keep-alive time of 0 ran nothing or never ended */
  { "set limit 0\n0 server listen 80\n", "t.synack:1:11: expected a time above 0 s, found “0”" },
  { "set limit 0.0000000001\n", "t.synack:1:11: expected a time above 0 s, found “0.0000000001”" },
  { "set client.keepalive 0 1 3\n",
    "t.synack:1:22: expected a time above 0 s, found “0”" },
  { "set client.keepalive 10 0 3\n",
    "t.synack:1:25: expected a time above 0 s, found “0”" },
};

static void
test_errors (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SynackScenario) s = synack_scenario_parse (bad_cases[i].text, -1, "t.synack", &error);
      g_autofree char *escaped = g_strescape (bad_cases[i].text, NULL);

      g_test_message ("case %u: %s", i, escaped);
      g_assert_null (s);
      g_assert_error (error, SYNACK_ERROR, SYNACK_ERROR_PARSE);
      g_assert_cmpstr (error->message, ==, bad_cases[i].message);
    }
}

static void
test_accepts (void)
{
  static const char text[] =
    "# A comment line\n"
    "title _(\"Every verb\")   # trailing comment\n"
    "describe \"Line one\"\n"
    "describe _(\"Line two with \\\"quotes\\\"\")\n"
    "set delay 0.05\n"
    "set bandwidth 1000000\n"
    "set msl 2\n"
    "set rto.min 0.3\n"
    "set rto.initial 2\n"
    "set limit 100\n"
    "set client.isn 0xFFFFFF00\n"
    "set server.isn 4294967040\n"
    "set client.mss 536\n"
    "set client.window 8192\n"
    "set client.wscale off\n"
    "set server.wscale 2\n"
    "set client.sack off\n"
    "set client.timestamps off\n"
    "set client.keepalive 10 5 3\n"
    "set server.autoread off\n"
    "set client.rto.max 60\n"
    "0      server listen 80 backlog 4\n"
    ".5     client connect server 80 from 4000\n"
    "+0.2   client send 100\n"
    "+0     server read 100\n"
    "+0.1   client shutdown\n"
    "+0.1   server send 10\n"
    "+0.1   server close\n"
    "+0.1   client close\n"
    "lose   client>server 3\n"
    "lose   client>server SYN\n"
    "lose   server>client FIN 2\n"
    "lose   server>client from 50\n"
    "lose   client>server rate 0.01\n"
    "delay  server>client 1 0.2\n"
    "duplicate client>server 4\n"
    "duplicate server>client rate 0.1\n"
    "reorder client>server 5\n"
    "reorder server>client rate 0\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackScenario) s = synack_scenario_parse (text, -1, "every-verb.synack", &error);

  g_assert_no_error (error);
  g_assert_nonnull (s);
  g_assert_cmpstr (synack_scenario_get_name (s), ==, "every-verb");
  g_assert_cmpstr (synack_scenario_get_title (s), ==, "Every verb");
  g_assert_cmpstr (synack_scenario_get_description (s), ==, "Line one\nLine two with \"quotes\"");
  g_assert_cmpint (synack_scenario_get_limit (s), ==, 100 * G_GINT64_CONSTANT (1000000000));
}

/* The settings reach the hosts' TCB options. */
static void
test_settings_apply (void)
{
  static const char text[] =
    "set msl 2\n"
    "set client.isn 0xFFFFFF00\n"
    "set client.mss 536\n"
    "set client.wscale off\n"
    "set server.window 4096\n"
    "set server.keepalive 10 5 3\n"
    "set server.autoread off\n"
    "set rto.min 0.3\n"
    "set client.address fd00::1\n"
    "set server.address fd00::2\n"
    "0 server listen 80\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackScenario) s = synack_scenario_parse (text, -1, "x", &error);
  g_autoptr(SynackEngine) engine = NULL;
  SynackHost *client, *server;
  SynackAddress v6;

  g_assert_no_error (error);
  engine = synack_scenario_start (s, 1, NULL, NULL);
  client = synack_engine_find_host (engine, "client");
  server = synack_engine_find_host (engine, "server");
  g_assert_nonnull (client);
  g_assert_nonnull (server);
  g_assert_cmpuint (synack_host_get_options (client)->isn, ==, 0xFFFFFF00);
  g_assert_cmpuint (synack_host_get_options (client)->mss, ==, 536);
  g_assert_cmpint (synack_host_get_options (client)->wscale, ==, -1);
  g_assert_cmpint (synack_host_get_options (client)->msl, ==, 2 * G_GINT64_CONSTANT (1000000000));
  g_assert_cmpint (synack_host_get_options (server)->msl, ==, 2 * G_GINT64_CONSTANT (1000000000));
  g_assert_cmpint (synack_host_get_options (server)->rto_min, ==, 300000000);
  g_assert_cmpuint (synack_host_get_options (server)->rcv_buf, ==, 4096);
  g_assert_true (synack_host_get_options (server)->keepalive);
  g_assert_cmpuint (synack_host_get_options (server)->keepalive_probes, ==, 3);
  g_assert_false (synack_host_get_options (server)->autoread);
  g_assert_true (synack_host_get_options (client)->autoread);
  g_assert_true (synack_address_parse ("fd00::2", &v6));
  g_assert_true (synack_address_equal (synack_host_get_address (server), &v6));
}

/* The keep-alive presets, named by where their numbers come from. */
static void
test_keepalive_presets (void)
{
  static const char text[] =
    "set client.keepalive linux\n"
    "set server.keepalive textbook\n"
    "0 server listen 80\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackScenario) s = synack_scenario_parse (text, -1, "x", &error);
  g_autoptr(SynackEngine) engine = NULL;
  const SynackTcbOptions *c, *v;

  g_assert_no_error (error);
  engine = synack_scenario_start (s, 1, NULL, NULL);
  c = synack_host_get_options (synack_engine_find_host (engine, "client"));
  v = synack_host_get_options (synack_engine_find_host (engine, "server"));
  /* Linux: tcp_keepalive_time 7200, tcp_keepalive_intvl 75, tcp_keepalive_probes 9 */
  g_assert_true (c->keepalive);
  g_assert_cmpint (c->keepalive_idle, ==, 7200 * G_GINT64_CONSTANT (1000000000));
  g_assert_cmpint (c->keepalive_interval, ==, 75 * G_GINT64_CONSTANT (1000000000));
  g_assert_cmpuint (c->keepalive_probes, ==, 9);
  /* the textbook's server: 2 hours, then every 75 s, 10 probes */
  g_assert_true (v->keepalive);
  g_assert_cmpint (v->keepalive_idle, ==, 2 * 3600 * G_GINT64_CONSTANT (1000000000));
  g_assert_cmpint (v->keepalive_interval, ==, 75 * G_GINT64_CONSTANT (1000000000));
  g_assert_cmpuint (v->keepalive_probes, ==, 10);
}

/* The example in ARCHITECTURE.md, verbatim, parses and runs. */
static void
test_architecture_example (void)
{
  static const char text[] =
    "# Half-close: the client stops sending, the server goes on.\n"
    "title \"Half-close\"\n"
    "set delay 0.05          # one-way delay of the link, seconds\n"
    "set msl 30              # so TIME-WAIT lasts 60 s of virtual time\n"
    "0      server listen 80\n"
    "0.1    client connect server 80\n"
    "+0.2   client send 100\n"
    "+0.1   client shutdown\n"
    "+0.2   server send 3000\n"
    "+0.1   server close\n"
    "lose   server>client 3  # the third segment the server sends is lost\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackScenario) s = synack_scenario_parse (text, -1, "half-close.synack", &error);
  g_autoptr(SynackTrace) trace = NULL;
  guint lost = 0, n_server = 0;

  g_assert_no_error (error);
  g_assert_cmpstr (synack_scenario_get_title (s), ==, "Half-close");
  trace = synack_scenario_run (s, 1, NULL);
  for (guint i = 0; i < synack_trace_get_n_events (trace); i++)
    {
      SynackEvent ev;

      synack_trace_read_event (trace, i, &ev);
      if (ev.kind != SYNACK_EVENT_SEGMENT || ev.endpoint != 1)
        continue;
      n_server++;
      if (ev.segment.fate == SYNACK_FATE_LOST)
        {
          lost++;
          g_assert_cmpuint (n_server, ==, 3);
        }
    }
  g_assert_cmpuint (lost, ==, 1);
  /* The loss is repaired: both ends close normally. */
  g_assert_cmpint (synack_trace_state_at_time (trace, 0, 0, G_MAXINT64 - 1), ==, SYNACK_TCP_CLOSED);
  g_assert_cmpint (synack_trace_state_at_time (trace, 0, 1, G_MAXINT64 - 1), ==, SYNACK_TCP_CLOSED);
  g_assert_cmpstr (synack_trace_get_connection (trace, 0)->summary, ==, "SF");
}

/* IPv6 actors: the same lesson, endpoints in brackets. */
static void
test_ipv6 (void)
{
  static const char text[] =
    "set client.address fd00::1\n"
    "set server.address fd00::2\n"
    "0 server listen 80\n"
    "0.1 client connect server 80 from 1234\n"
    "+0.2 client send 3000\n"
    "+0.5 client close\n"
    "+0.1 server close\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackScenario) s = synack_scenario_parse (text, -1, "v6.synack", &error);
  g_autoptr(SynackTrace) trace = NULL;
  const SynackConnection *c;
  g_autofree char *line = NULL;
  char buf[64];

  g_assert_no_error (error);
  trace = synack_scenario_run (s, 1, NULL);
  c = synack_trace_get_connection (trace, 0);
  g_assert_cmpuint (c->addr[0].family, ==, 6);
  g_assert_cmpstr (synack_endpoint_to_string (&c->addr[0], c->port[0], buf, sizeof buf), ==,
                   "[fd00::1]:1234");
  g_assert_cmpint (synack_trace_state_at_time (trace, 0, 0, 1000 * G_GINT64_CONSTANT (1000000000)),
                   ==, SYNACK_TCP_CLOSED);
  g_assert_cmpstr (c->summary, ==, "SF");
  /* 3000 bytes with the IPv6 MSS (1440, less 12 for timestamps): 3 segments. */
  {
    guint data = 0;

    for (guint i = 0; i < synack_trace_get_n_events (trace); i++)
      {
        SynackEvent ev;
        SynackSegment seg;

        synack_trace_read_event (trace, i, &ev);
        if (ev.kind != SYNACK_EVENT_SEGMENT)
          continue;
        synack_trace_get_segment (trace, i, &seg);
        if (seg.flags & SYNACK_FLAG_SYN)
          g_assert_cmpuint (seg.mss, ==, 1440);
        if (ev.segment.len > 0 && data++ == 0)
          g_assert_cmpuint (ev.segment.len, ==, 1428);
      }
    g_assert_cmpuint (data, ==, 3);
  }
}

/* Mangled scripts never crash the parser: each parses, or fails with a
 * parse error that starts with the file name and, when it has a line,
 * line:column. */
static void
test_mutations (void)
{
  g_auto(GStrv) names = synack_scenario_list_builtin ();
  GRand *rand = g_rand_new_with_seed (2024);
  static const char alphabet[] = "0123456789+.-_()\"# \tabcdefghijklmnopqrstuvwxyz><:\n\xc3\xa9\xff";
  guint parsed = 0, failed = 0;

  for (guint round = 0; round < 4000; round++)
    {
      const char *name = names[g_rand_int_range (rand, 0, g_strv_length (names))];
      g_autoptr(GBytes) bytes = synack_scenario_get_builtin_text (name, NULL);
      gsize len;
      const char *data = g_bytes_get_data (bytes, &len);
      g_autoptr(GString) text = g_string_new_len (data, len);
      g_autoptr(GError) error = NULL;
      g_autoptr(SynackScenario) s = NULL;
      guint n = g_rand_int_range (rand, 1, 6);

      for (guint k = 0; k < n; k++)
        {
          gsize at = g_rand_int_range (rand, 0, text->len);

          switch (g_rand_int_range (rand, 0, 4))
            {
            case 0:   /* replace a byte */
              text->str[at] = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
              break;
            case 1:   /* delete a run */
              {
                gsize run = g_rand_int_range (rand, 1, 12);

                g_string_erase (text, at, MIN (text->len - at, run));
                break;
              }
            case 2:   /* insert a byte */
              g_string_insert_c (text, at, alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)]);
              break;
            default:  /* truncate */
              g_string_truncate (text, at);
              break;
            }
          if (text->len == 0)
            g_string_append_c (text, '0');
        }

      s = synack_scenario_parse (text->str, text->len, "m.synack", &error);
      if (s != NULL)
        {
          g_assert_no_error (error);
          /* Some of them run too, whatever they now say. */
          if (parsed++ % 20 == 0)
            {
              g_autoptr(SynackTrace) trace = synack_scenario_run (s, round, NULL);

              g_assert_cmpint (synack_trace_get_end_time (trace), <=,
                               synack_scenario_get_limit (s) + 3600 * G_GINT64_CONSTANT (1000000000));
            }
        }
      else
        {
          g_assert_error (error, SYNACK_ERROR, SYNACK_ERROR_PARSE);
          g_assert_true (g_str_has_prefix (error->message, "m.synack:"));
          g_assert_true (g_utf8_validate (error->message, -1, NULL));
          failed++;
        }
    }
  /* Both outcomes happened, so the mutations reached the parser's depths. */
  g_assert_cmpuint (parsed, >, 100);
  g_assert_cmpuint (failed, >, 100);
  g_rand_free (rand);
}

static void
test_load_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackScenario) s = synack_scenario_load_builtin ("no-such-scenario", &error);

  g_assert_null (s);
  g_assert_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "no-such-scenario"));
  g_clear_error (&error);

  s = synack_scenario_load ("/nonexistent/x.synack", &error);
  g_assert_null (s);
  g_assert_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID);
}

/* synack-cli run on a bad file exits 2 and names file:line:column. */
static void
test_cli_bad_file (void)
{
  const char *cli = g_getenv ("SYNACK_CLI");
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (cli == NULL)
    {
      g_test_skip ("SYNACK_CLI is not set");
      return;
    }
  dir = g_dir_make_tmp ("synack-scenario-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "half-close.synack", NULL);
  g_assert_true (g_file_set_contents (path,
                                      "title \"Half-close\"\n"
                                      "0 server listen 80\n"
                                      "+0.2   client sned 100\n", -1, &error));

  {
    const char *argv[] = { cli, "run", path, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                 &out, &err, &status, &error));
  }
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 2);
  g_assert_nonnull (strstr (err, "half-close.synack:3:15: unknown verb “sned”; did you mean “send”?"));
  g_assert_cmpstr (out, ==, "");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A missing file and an unknown built-in are bad input too. */
  {
    const char *argv[] = { cli, "run", "/nonexistent/x.synack", NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                 &out, &err, &status, &error));
    g_assert_cmpint (WEXITSTATUS (status), ==, 2);
    g_assert_nonnull (strstr (err, "/nonexistent/x.synack"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *argv[] = { cli, "run", "no-such-scenario", NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                 &out, &err, &status, &error));
    g_assert_cmpint (WEXITSTATUS (status), ==, 2);
    g_assert_nonnull (strstr (err, "no-such-scenario"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *argv[] = { cli, "run", NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                 &out, &err, &status, &error));
    g_assert_cmpint (WEXITSTATUS (status), ==, 2);
  }
  g_unlink (path);
  g_rmdir (dir);
}

/* Actions after the time limit do not run, and the run notes
 * say so (which line, how many), instead of a silently short run. */
static void
test_actions_after_limit (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackScenario) s = NULL;
  g_autoptr(SynackTrace) trace = NULL;
  g_autofree char *notes = NULL;

  s = synack_scenario_parse ("set limit 1\n"
                             "0 server listen 80\n"
                             "0.1 client connect server 80\n"
                             "2 client close\n"
                             "3 server close\n", -1, "t.synack", &error);
  g_assert_no_error (error);
  trace = synack_scenario_run (s, 1, &notes);
  g_assert_cmpstr (notes, ==,
                   "2.000000 s client: line 4 and 1 later line come after the time limit "
                   "(1.000000 s) and are not run\n");
  g_clear_pointer (&notes, g_free);
  g_clear_object (&trace);
  g_clear_pointer (&s, synack_scenario_unref);

  s = synack_scenario_parse ("set limit 1\n0 server listen 80\n1.5 server close\n", -1,
                             "t.synack", &error);
  g_assert_no_error (error);
  trace = synack_scenario_run (s, 1, &notes);
  g_assert_cmpstr (notes, ==,
                   "1.500000 s server: line 3 comes after the time limit (1.000000 s) "
                   "and is not run\n");
  g_clear_pointer (&notes, g_free);
  g_clear_object (&trace);
  g_clear_pointer (&s, synack_scenario_unref);

  /* an action exactly at the limit runs */
  s = synack_scenario_parse ("set limit 1\n0 server listen 80\n1 server close\n", -1,
                             "t.synack", &error);
  g_assert_no_error (error);
  trace = synack_scenario_run (s, 1, &notes);
  g_assert_null (notes);
}

/* The engine's hang guard: its reason ends the run notes (once), so the CLI
 * and the window show it with the scenario's name. */
static void
test_stopped_in_notes (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackScenario) s = NULL;
  g_autoptr(SynackTrace) trace = synack_trace_new (SYNACK_TRACE_SOURCE_ENGINE);
  g_autoptr(SynackEngine) engine = NULL;
  const char *notes;

  s = synack_scenario_parse ("set delay 0\n"
                             "0 server listen 80\n"
                             "0 client connect server 80\n"
                             "0 client send 100000\n", -1, "t.synack", &error);
  g_assert_no_error (error);
  engine = synack_scenario_start (s, 1, trace, NULL);
  synack_engine_set_instant_limit (engine, 20);
  synack_engine_run_until (engine, synack_scenario_get_limit (s));
  notes = synack_scenario_get_run_notes (engine);
  g_assert_cmpstr (notes, ==,
                   "stopped at 0.000000 s: more than 20 events at that one instant "
                   "(segments or timers that answer each other without end)\n");
  g_assert_cmpstr (synack_scenario_get_run_notes (engine), ==, notes);
}

/* Run the CLI with argv (after the program), from a scenario written to a
 * temporary file; returns the exit status. */
static int
run_cli (const char  *script,
         const char **args,
         char       **out,
         char       **err)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("synack-scenario-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(SynackCliRun) run = { 0 };

  g_assert_no_error (error);
  path = g_build_filename (dir, "t.synack", NULL);
  g_assert_true (g_file_set_contents (path, script, -1, &error));
  g_ptr_array_add (argv, (gpointer) "run");
  g_ptr_array_add (argv, path);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  synack_test_cli_run (&run, (const char * const *) argv->pdata, NULL, NULL, NULL);
  g_unlink (path);
  g_rmdir (dir);
  *out = g_steal_pointer (&run.out);
  *err = g_steal_pointer (&run.err);
  return run.status;
}

/* synack-cli run: the hang guard stopping the engine is a runtime failure
 * (exit 1, the reason on stderr), after what ran is printed; without the
 * guard's stop the same script exits 0. */
static void
test_cli_stopped (void)
{
  const char *script = "set delay 0\n"
                       "0 server listen 80\n"
                       "0 client connect server 80\n"
                       "0 client send 100000\n";
  const char *limited[] = { "--instant-limit", "20", NULL };
  const char *plain[] = { NULL };
  const char *bad[] = { "--instant-limit", "-1", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (g_getenv ("SYNACK_CLI") == NULL)
    {
      g_test_skip ("SYNACK_CLI is not set");
      return;
    }
  g_assert_cmpint (run_cli (script, limited, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "synack-cli: t: stopped at 0.000000 s: more than 20 events "
                                 "at that one instant"));
  g_assert_nonnull (strstr (out, "connection 0: client (10.0.0.1:"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (script, plain, &out, &err), ==, 0);
  g_assert_null (strstr (err, "stopped"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (script, bad, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "--instant-limit must be between 0 and"));
}

/* synack-cli run: a listener nobody connected to is printed as such, not
 * as a connection from "? (0.0.0.0:0)". */
static void
test_cli_listener_only (void)
{
  const char *none[] = { NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (g_getenv ("SYNACK_CLI") == NULL)
    {
      g_test_skip ("SYNACK_CLI is not set");
      return;
    }
  g_assert_cmpint (run_cli ("0 server listen 80\n"
                            "0.5 client connect server 81\n"
                            "1 server close\n", none, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "connection 0: listener server (10.0.0.2:80): no connection\n"));
  g_assert_nonnull (strstr (out, "connection 1: client (10.0.0.1:"));
  g_assert_null (strstr (out, "0.0.0.0:0"));
  g_assert_null (strstr (out, "?"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/synack/scenario/errors", test_errors);
  g_test_add_func ("/synack/scenario/accepts", test_accepts);
  g_test_add_func ("/synack/scenario/settings-apply", test_settings_apply);
  g_test_add_func ("/synack/scenario/keepalive-presets", test_keepalive_presets);
  g_test_add_func ("/synack/scenario/architecture-example", test_architecture_example);
  g_test_add_func ("/synack/scenario/ipv6", test_ipv6);
  g_test_add_func ("/synack/scenario/mutations", test_mutations);
  g_test_add_func ("/synack/scenario/load-errors", test_load_errors);
  g_test_add_func ("/synack/scenario/actions-after-limit", test_actions_after_limit);
  g_test_add_func ("/synack/scenario/stopped-in-notes", test_stopped_in_notes);
  g_test_add_func ("/synack/scenario/cli-bad-file", test_cli_bad_file);
  g_test_add_func ("/synack/scenario/cli-stopped", test_cli_stopped);
  g_test_add_func ("/synack/scenario/cli-listener-only", test_cli_listener_only);
  return g_test_run ();
}
