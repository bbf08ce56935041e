/* SPDX-License-Identifier: GPL-3.0-or-later */
/* synack-cli inspect and capture, run as a user would: output, JSON lines,
 * summaries, skipped packets, exit statuses. */
#include "config.h"
#include "synack-test-utils.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>



static void
run_cli (SynackCliRun *r,
         const char   *first,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  va_list ap;

  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    /* "@name" is a fixture. */
    g_ptr_array_add (args, a[0] == '@' ? synack_test_capture_path (a + 1) : g_strdup (a));
  va_end (ap);
  g_ptr_array_add (args, NULL);
  synack_test_cli_run (r, (const char * const *) args->pdata, NULL, NULL, NULL);
}

static guint
count_lines_with (const char *text,
                  const char *needle)
{
  guint n = 0;
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i]; i++)
    n += strstr (lines[i], needle) != NULL;
  return n;
}

static void
test_text (void)
{
  g_auto(SynackCliRun) r = { 0 };
  g_auto(GStrv) lines = NULL;

  run_cli (&r, "inspect", "@close-client.pcap", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  lines = g_strsplit (r.out, "\n", -1);
  /* One line a segment, states beside it, client first. */
  g_assert_nonnull (strstr (lines[0], "[SYN] seq=0 "));
  g_assert_nonnull (strstr (lines[0], "SYN_SENT / LISTEN"));
  g_assert_nonnull (strstr (lines[1], "[SYN, ACK] seq=0 ack=1"));
  g_assert_nonnull (strstr (lines[1], "SYN_SENT / SYN_RECEIVED"));
  /* just after the sender sent it, as the JSON "states": the server takes
   * the handshake's ACK, and the client's last ACK, only after */
  g_assert_nonnull (strstr (lines[2], "ESTABLISHED / SYN_RECEIVED"));
  g_assert_nonnull (strstr (lines[3], "ESTABLISHED / ESTABLISHED"));
  g_assert_nonnull (strstr (lines[7], "FIN_WAIT_1 / ESTABLISHED"));
  g_assert_nonnull (strstr (lines[10], "TIME_WAIT / LAST_ACK"));
  g_assert_cmpuint (count_lines_with (r.out, " > "), ==, 11);
  g_assert_nonnull (strstr (r.out, "SF"));
}

static void
test_json (void)
{
  g_auto(SynackCliRun) r = { 0 };
  g_auto(GStrv) lines = NULL;
  guint segments = 0, states = 0, conns = 0;

  run_cli (&r, "inspect", "@refused.pcap", "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  lines = g_strsplit (r.out, "\n", -1);
  for (guint i = 0; lines[i] && lines[i][0]; i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (lines[i][0] == '{');
      g_assert_true (g_str_has_suffix (lines[i], "}"));
      segments += g_str_has_prefix (lines[i], "{\"type\":\"segment\"");
      states += g_str_has_prefix (lines[i], "{\"type\":\"state\"");
      conns += g_str_has_prefix (lines[i], "{\"type\":\"conn\"");
    }
  g_assert_cmpuint (segments, ==, 2);
  g_assert_cmpuint (states, ==, 2);   /* client: CLOSED→SYN_SENT, SYN_SENT→CLOSED */
  g_assert_cmpuint (conns, ==, 1);
  g_assert_nonnull (strstr (r.out, "\"flags\":[\"RST\",\"ACK\"],\"seq\":1,\"ack\":1"));
  g_assert_nonnull (strstr (r.out, "\"from\":\"SYN_SENT\",\"to\":\"CLOSED\",\"cause\":\"segment 2\""));
  g_assert_nonnull (strstr (r.out, "\"summary\":\"REJ\""));
  g_assert_nonnull (strstr (r.out, "\"fate\":\"captured\""));
}

static void
test_summary (void)
{
  g_auto(SynackCliRun) r = { 0 };
  g_auto(SynackCliRun) j = { 0 };

  run_cli (&r, "inspect", "@port-reuse.pcap", "--summary", NULL);
  g_assert_cmpint (r.status, ==, 0);
  /* A header and a line per connection; no segment lines. */
  g_assert_cmpuint (count_lines_with (r.out, "192.168.7.1:42000 <-> 192.168.7.2:80"), ==, 2);
  g_assert_cmpuint (count_lines_with (r.out, "[SYN]"), ==, 0);
  g_assert_cmpuint (count_lines_with (r.out, "TIME_WAIT / CLOSED"), ==, 2);

  run_cli (&j, "inspect", "@port-reuse.pcap", "--summary", "--json", NULL);
  g_assert_cmpint (j.status, ==, 0);
  g_assert_cmpuint (count_lines_with (j.out, "{\"type\":\"conn\""), ==, 2);
  g_assert_cmpuint (count_lines_with (j.out, "\"type\":\"segment\""), ==, 0);
}

static void
test_filter (void)
{
  g_auto(SynackCliRun) r = { 0 };
  g_auto(SynackCliRun) bad = { 0 };

  run_cli (&r, "inspect", "@port-reuse.pcap", "-f", "tcp[tcpflags] & tcp-fin != 0", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpuint (count_lines_with (r.out, " > "), ==, 4);

  run_cli (&bad, "inspect", "@port-reuse.pcap", "-f", "tcp prot 80", NULL);
  g_assert_cmpint (bad.status, ==, 2);
  g_assert_nonnull (strstr (bad.err, "bad capture filter"));
}


/* A raw-IP pcap of three UDP datagrams: no TCP at all. */
static char *
write_udp_only (void)
{
  GString *pcap = synack_test_pcap_new ();

  for (guint i = 0; i < 3; i++)
    {
      const guint8 ip[28] = { 0x45, 0, 0, 28, 0, 0, 0x40, 0, 64, 17, 0, 0, 10, 0, 0, 1,
                              10, 0, 0, 2, 0x13, 0x88, 0, 53, 0, 8, 0, 0 };

      synack_test_pcap_add (pcap, 1000 + i, 0, ip, sizeof ip);
    }
  return synack_test_pcap_save (pcap, "synack-udp");
}

/* No TCP in a capture (or none the filter let through): say so on stderr,
 * with what the capture held instead. */
static void
test_no_tcp (void)
{
  g_autofree char *path = write_udp_only ();
  g_autofree char *expect = NULL;
  g_auto(SynackCliRun) r = { 0 };
  g_auto(SynackCliRun) j = { 0 };
  g_auto(SynackCliRun) f = { 0 };

  run_cli (&r, "inspect", path, NULL);
  g_test_message ("%s", r.err);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "");
  expect = g_strdup_printf ("synack-cli: %s: no TCP segments (3 packets: 3 not TCP)\n", path);
  g_assert_cmpstr (r.err, ==, expect);

  /* JSON lines stay clean; the note goes to stderr there too. */
  run_cli (&j, "inspect", "--json", path, NULL);
  g_assert_cmpint (j.status, ==, 0);
  g_assert_cmpstr (j.out, ==, "");
  g_assert_cmpstr (j.err, ==, expect);
  g_unlink (path);

  /* A filter nothing matches: the note names the filter. */
  run_cli (&f, "inspect", "-f", "tcp port 1", "@close-client.pcap", NULL);
  g_test_message ("%s", f.err);
  g_assert_cmpint (f.status, ==, 0);
  g_assert_cmpstr (f.out, ==, "");
  g_assert_nonnull (strstr (f.err, "close-client.pcap: no TCP segments (0 packets match "
                                   "the filter “tcp port 1”)"));
}

static void
test_malformed (void)
{
  g_auto(SynackCliRun) r = { 0 };
  g_auto(SynackCliRun) j = { 0 };

  run_cli (&r, "inspect", "@malformed.pcap", NULL);
  /* The file is sound; its broken packets are skipped and counted. */
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpuint (count_lines_with (r.out, " > "), ==, 8);
  g_assert_nonnull (strstr (r.err, "4 malformed packets skipped"));
  g_assert_nonnull (strstr (r.err, "packet 3: bad IPv4 header length 12"));
  g_assert_nonnull (strstr (r.err, "packet 7: captured length 40 is greater than the packet length 30"));

  run_cli (&j, "inspect", "@malformed.pcap", "--json", NULL);
  g_assert_cmpint (j.status, ==, 0);
  g_assert_cmpuint (count_lines_with (j.out, "{\"type\":\"skipped\""), ==, 4);
  g_assert_nonnull (strstr (j.out, "{\"type\":\"skipped\",\"packet\":4,\"reason\":\"truncated IPv4 header: 12 of 20 bytes\"}"));
}

static void
test_truncated (void)
{
  g_auto(SynackCliRun) r = { 0 };

  run_cli (&r, "inspect", "@truncated-packet.pcap", NULL);
  /* Every good packet printed, then the damage named in one line, and
   * status 2. The cut record holds no whole IP header: nothing more to read. */
  g_assert_cmpint (r.status, ==, 2);
  g_assert_cmpuint (count_lines_with (r.out, " > "), ==, 7);
  g_assert_nonnull (strstr (r.err, "truncated-packet.pcap: packet 8: truncated record: the file "
                                   "ends inside it (15 of 40 bytes read)"));
  g_assert_cmpuint (count_lines_with (r.err, ""), ==, 2);  /* one line and its newline */
}

/* A last record cut inside its payload still holds the TCP header: it is
 * read (its length from the IP header), and the cut is said in one line,
 * in pcap, compressed pcap and pcapng alike. */
static void
test_cut_record (void)
{
  static const char *const files[] = {
    "@cut-payload.pcap", "@cut-payload.pcap.gz", "@cut-payload.pcapng",
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_auto(SynackCliRun) r = { 0 };
      g_auto(GStrv) lines = NULL;

      run_cli (&r, "inspect", files[i], NULL);
      g_test_message ("%s", r.err);
      g_assert_cmpint (r.status, ==, 2);
      g_assert_cmpuint (count_lines_with (r.out, " > "), ==, 5);
      g_assert_nonnull (strstr (r.out, "192.168.7.2:80 > 192.168.7.1:40001"));
      g_assert_nonnull (strstr (r.out, "[PSH, ACK] seq=1 ack=11 win=64240 len=10"));
      lines = g_strsplit (r.err, "\n", -1);
      g_assert_cmpuint (g_strv_length (lines), ==, 2);
      g_assert_nonnull (strstr (lines[0], ": packet 5: truncated record: the file ends inside it"));
    }
}

/* Without a leak checker watching (no G_DEBUG=gc-friendly, as a user runs
 * it), inspect ends at once after its output rather than freeing the
 * trace: every mode still writes all it writes under the tests' G_DEBUG,
 * to the byte, with the same status and the same message on stderr. */
static void
test_quick_exit (void)
{
  static const char *const runs[][5] = {
    { "inspect", "@close-client.pcap", NULL },
    { "inspect", "--json", "@port-reuse.pcap", NULL },
    { "inspect", "--summary", "@port-reuse.pcap", NULL },
    { "inspect", "--summary", "--json", "@malformed.pcap", NULL },
    { "inspect", "@truncated-packet.pcap", NULL },
  };
  g_auto(GStrv) env = g_environ_unsetenv (g_get_environ (), "G_DEBUG");

  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
      g_auto(SynackCliRun) checked = { 0 };
      g_auto(SynackCliRun) quick = { 0 };

      for (guint a = 0; runs[i][a] != NULL; a++)
        g_ptr_array_add (args, runs[i][a][0] == '@' ? synack_test_capture_path (runs[i][a] + 1)
                                                    : g_strdup (runs[i][a]));
      g_ptr_array_add (args, NULL);
      synack_test_cli_run (&checked, (const char * const *) args->pdata, NULL, NULL, NULL);
      synack_test_cli_run (&quick, (const char * const *) args->pdata,
                           (const char * const *) env, NULL, NULL);
      g_assert_cmpuint (strlen (checked.out), >, 0);
      g_assert_cmpstr (quick.out, ==, checked.out);
      g_assert_cmpstr (quick.err, ==, checked.err);
      g_assert_cmpint (quick.status, ==, checked.status);
    }
}

/* gzip-compressed captures read as tshark reads them, and a pcapng file
 * whose interfaces have different snap lengths. */
static void
test_compressed_and_snaplens (void)
{
  static const struct { const char *file; guint segments; } cases[] = {
    { "@compressed.pcap.gz", 11 },
    { "@compressed.pcapng.gz", 8 },
    { "@snaplens.pcapng", 8 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(SynackCliRun) r = { 0 };

      run_cli (&r, "inspect", cases[i].file, NULL);
      g_test_message ("%s: %s", cases[i].file, r.err);
      g_assert_cmpint (r.status, ==, 0);
      g_assert_cmpstr (r.err, ==, "");
      g_assert_cmpuint (count_lines_with (r.out, " > "), ==, cases[i].segments);
      g_assert_nonnull (strstr (r.out, " SF "));
    }
}

static void
test_bad_input (void)
{
  static const struct { const char *file; const char *says; } cases[] = {
    { "@empty.pcap", "empty file" },
    { "@not-a-capture.pcap", "not a pcap or pcapng capture" },
    { "@truncated-header.pcap", "truncated file header" },
    { "@unknown-linktype.pcap", "link type 147" },
    { "/nonexistent/x.pcap", "No such file" },
    { "/", "is a directory" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(SynackCliRun) r = { 0 };

      run_cli (&r, "inspect", cases[i].file, NULL);
      g_test_message ("%s", r.err);
      g_assert_cmpint (r.status, ==, 2);
      g_assert_cmpstr (r.out, ==, "");
      g_assert_true (g_str_has_prefix (r.err, "synack-cli: "));
      g_assert_nonnull (strstr (r.err, cases[i].says));
      /* One line. */
      g_assert_cmpuint (count_lines_with (r.err, "synack-cli"), ==, 1);
    }
}

static void
test_usage (void)
{
  g_auto(SynackCliRun) none = { 0 };
  g_auto(SynackCliRun) two = { 0 };
  g_auto(SynackCliRun) cap = { 0 };
  g_auto(SynackCliRun) neg = { 0 };

  run_cli (&none, "inspect", NULL);
  g_assert_cmpint (none.status, ==, 2);
  g_assert_nonnull (strstr (none.err, "FILE"));
  run_cli (&two, "inspect", "@raw.pcap", "@raw.pcap", NULL);
  g_assert_cmpint (two.status, ==, 2);
  run_cli (&cap, "capture", NULL);
  g_assert_cmpint (cap.status, ==, 2);
  g_assert_nonnull (strstr (cap.err, "-i IFACE"));
  run_cli (&neg, "capture", "-i", "lo", "-c", "-3", NULL);
  g_assert_cmpint (neg.status, ==, 2);
}

static void
test_capture_list (void)
{
  g_auto(SynackCliRun) r = { 0 };

  run_cli (&r, "capture", "--list-interfaces", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "lo "));
  g_assert_nonnull (strstr (r.out, "loopback"));
}

static void
test_capture_bad_interface (void)
{
  g_auto(SynackCliRun) r = { 0 };

  run_cli (&r, "capture", "-i", "synack-no-such0", NULL);
  if (strstr (r.err, "no permission") != NULL)
    {
      /* Not root: the message must carry the fix. */
      g_assert_cmpint (r.status, ==, 2);
      g_assert_nonnull (strstr (r.err, "setcap cap_net_raw+ep"));
      return;
    }
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "synack-no-such0"));
}

/* Real connections on loopback while synack-cli captures them. */
typedef struct
{
  GSocketListener *listener;
  GSocketClient   *client;
  guint16          port;
  GPtrArray       *open;      /* kept open so no FIN enters the capture */
  GMainLoop       *loop;
  char            *out;
  char            *err;
  GError          *error;
} LiveRun;

static gboolean
connect_once (gpointer user_data)
{
  LiveRun *l = user_data;
  GSocketConnection *c, *a;

  /* The capture needs a moment to open the interface, and we cannot see
   * when: connect again and again until it has its 3 packets. */
  c = g_socket_client_connect_to_host (l->client, "127.0.0.1", l->port, NULL, NULL);
  a = c ? g_socket_listener_accept (l->listener, NULL, NULL, NULL) : NULL;
  if (c)
    g_ptr_array_add (l->open, c);
  if (a)
    g_ptr_array_add (l->open, a);
  return G_SOURCE_CONTINUE;
}

static void
communicated (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  LiveRun *l = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &l->out, &l->err,
                                        &l->error);
  g_main_loop_quit (l->loop);
}

static void
test_capture_live (void)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *filter = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *dir = g_dir_make_tmp ("synack-cap-XXXXXX", NULL);
  g_autoptr(GFile) saved_file = NULL;
  LiveRun l = { 0 };
  guint tick;

  l.listener = g_socket_listener_new ();
  l.client = g_socket_client_new ();
  l.open = g_ptr_array_new_with_free_func (g_object_unref);
  l.loop = g_main_loop_new (NULL, FALSE);
  l.port = g_socket_listener_add_any_inet_port (l.listener, NULL, &error);
  g_assert_no_error (error);
  filter = g_strdup_printf ("tcp port %u and host 127.0.0.1", l.port);
  saved = g_build_filename (dir, "live.pcap", NULL);
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                           g_getenv ("SYNACK_CLI"), "capture", "-i", "lo", "-f", filter,
                           "-c", "3", "--json", "-w", saved, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (proc, NULL, NULL, communicated, &l);
  tick = g_timeout_add (200, connect_once, &l);
  g_main_loop_run (l.loop);
  g_source_remove (tick);
  g_assert_no_error (l.error);
  g_test_message ("%s", l.err);

  if (strstr (l.err, "no permission") == NULL)
    {
      g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
      g_assert_cmpuint (count_lines_with (l.out, "{\"type\":\"segment\""), ==, 3);
      g_assert_cmpuint (count_lines_with (l.out, "{\"type\":\"conn\""), >=, 1);
      g_assert_nonnull (strstr (l.err, "3 packets captured"));
      saved_file = g_file_new_for_path (saved);
      g_assert_true (g_file_query_exists (saved_file, NULL));
      g_unlink (saved);
    }
  else
    g_test_skip ("no capture privileges here");

  g_rmdir (dir);
  g_free (l.out);
  g_free (l.err);
  g_ptr_array_unref (l.open);
  g_object_unref (l.listener);
  g_object_unref (l.client);
  g_main_loop_unref (l.loop);
}

/* The capability sets of every thread of pid, or FALSE if unreadable. */
static gboolean
read_caps (GPid     pid,
           guint64 *eff_any,
           guint64 *prm_any)
{
  g_autofree char *dir_path = g_strdup_printf ("/proc/%d/task", (int) pid);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *task;
  guint threads = 0;

  if (dir == NULL)
    return FALSE;
  *eff_any = *prm_any = 0;
  while ((task = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, task, "status", NULL);
      g_autofree char *text = NULL;
      const char *e, *p;

      if (!g_file_get_contents (path, &text, NULL, NULL))
        continue;
      e = strstr (text, "\nCapEff:\t");
      p = strstr (text, "\nCapPrm:\t");
      g_assert_nonnull (e);
      g_assert_nonnull (p);
      *eff_any |= g_ascii_strtoull (e + strlen ("\nCapEff:\t"), NULL, 16);
      *prm_any |= g_ascii_strtoull (p + strlen ("\nCapPrm:\t"), NULL, 16);
      threads++;
    }
  return threads > 0;
}

/* Once its interface is open, synack-cli capture holds no capability in
 * any thread, and still writes -w where only its start-up privileges could
 * (CapEff stayed 000001ffffffffff while capturing). */
static void
test_capture_drops_privileges (void)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GDataInputStream) err = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *self_status = NULL;
  g_autofree char *line = NULL;
  g_autofree char *dir = g_dir_make_tmp ("synack-cap-XXXXXX", NULL);
  g_autofree char *saved = g_build_filename (dir, "out.pcap", NULL);
  g_autofree char *bytes = NULL;
  const char *e;
  guint64 eff = 0, prm = 0;
  gsize len = 0;

  g_assert_true (g_file_get_contents ("/proc/self/status", &self_status, NULL, NULL));
  e = strstr (self_status, "\nCapEff:\t");
  g_assert_nonnull (e);
  if ((g_ascii_strtoull (e + strlen ("\nCapEff:\t"), NULL, 16) & (1u << 13)) == 0)
    {
      g_rmdir (dir);
      g_test_skip ("no CAP_NET_RAW here: nothing to drop");
      return;
    }
  /* A directory only its owner (not root) may write to: root writes there
   * only with CAP_DAC_OVERRIDE, which capture gives up. */
  if (getuid () == 0)
    {
      g_assert_cmpint (chown (dir, 65534, 65534), ==, 0);
      g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
    }

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                           &error, g_getenv ("SYNACK_CLI"), "capture", "-i", "lo",
                           "-f", "tcp port 9 and host 127.0.0.9", "-w", saved, NULL);
  g_assert_no_error (error);
  err = g_data_input_stream_new (g_subprocess_get_stderr_pipe (proc));
  /* "capturing on lo ..." comes once the device is open and the thread runs. */
  line = g_data_input_stream_read_line_utf8 (err, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_test_message ("%s", line);
  g_assert_nonnull (strstr (line, "capturing on lo"));
  g_assert_true (read_caps (atoi (g_subprocess_get_identifier (proc)), &eff, &prm));
  g_test_message ("capture: CapEff %016" G_GINT64_MODIFIER "x, CapPrm %016"
                  G_GINT64_MODIFIER "x", eff, prm);
  g_subprocess_send_signal (proc, SIGTERM);
  g_assert_true (g_subprocess_wait (proc, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (eff, ==, 0);
  g_assert_cmpuint (prm, ==, 0);
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);

  /* The -w file is a pcap with its header (nothing matched the filter). */
  g_assert_true (g_file_get_contents (saved, &bytes, &len, NULL));
  g_assert_cmpuint (len, ==, 24);
  g_unlink (saved);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/synack/inspect/text", test_text);
  g_test_add_func ("/synack/inspect/json", test_json);
  g_test_add_func ("/synack/inspect/summary", test_summary);
  g_test_add_func ("/synack/inspect/filter", test_filter);
  g_test_add_func ("/synack/inspect/no-tcp", test_no_tcp);
  g_test_add_func ("/synack/inspect/malformed", test_malformed);
  g_test_add_func ("/synack/inspect/truncated", test_truncated);
  g_test_add_func ("/synack/inspect/cut-record", test_cut_record);
  g_test_add_func ("/synack/inspect/compressed-and-snaplens", test_compressed_and_snaplens);
  g_test_add_func ("/synack/inspect/bad-input", test_bad_input);
  g_test_add_func ("/synack/inspect/quick-exit", test_quick_exit);
  g_test_add_func ("/synack/inspect/usage", test_usage);
  g_test_add_func ("/synack/capture/list-interfaces", test_capture_list);
  g_test_add_func ("/synack/capture/bad-interface", test_capture_bad_interface);
  g_test_add_func ("/synack/capture/live", test_capture_live);
  g_test_add_func ("/synack/capture/drops-privileges", test_capture_drops_privileges);

  return g_test_run ();
}
