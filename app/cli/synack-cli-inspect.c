/* SPDX-License-Identifier: GPL-3.0-or-later */
/* synack-cli inspect FILE and synack-cli capture -i IFACE: segments and both
 * endpoints' inferred states from libpcap. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <malloc.h>
#include <glib/gi18n.h>
#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "synack-cli.h"
#include "synack-document-capture.h"
#include "synack-document-loader.h"
#include "synack-error.h"
#include "synack-export.h"
#include "synack-infer.h"
#include "synack-live.h"
#include "synack-pcap-source.h"
#include "synack-privileges.h"
#include "synack-text.h"

/* Skipped packets listed on stderr in text mode before "and N more". */
#define SHOW_SKIPPED 5

typedef struct
{
  SynackTrace      *trace;
  GOutputStream    *out;
  SynackJsonWriter *json;      /* NULL for text */
  gboolean          summary;   /* connection records only */
  guint             next;      /* next event to print (text) */
  GString          *buf;
  GError           *error;     /* a write to stdout failed */
} Printer;

static gboolean
printer_flush (Printer *p)
{
  if (p->buf->len > 0 && p->error == NULL)
    g_output_stream_write_all (p->out, p->buf->str, p->buf->len, NULL, NULL, &p->error);
  g_string_truncate (p->buf, 0);
  return p->error == NULL;
}

static void
append_endpoint (GString                *s,
                 const SynackConnection *c,
                 guint                   e)
{
  char buf[80];

  g_string_append (s, synack_endpoint_to_string (&c->addr[e], c->port[e], buf, sizeof buf));
}

static gboolean
print_new_events (Printer *p)
{
  guint n = synack_trace_get_n_events (p->trace);

  if (p->summary)
    return TRUE;
  if (p->json)
    {
      if (p->error == NULL)
        synack_json_writer_write_new_events (p->json, &p->error);
      return p->error == NULL;
    }
  for (; p->next < n; p->next++)
    {
      if (!synack_text_append_event (p->buf, p->trace, p->next, SYNACK_TEXT_SEGMENTS))
        continue;
      if (p->buf->len > 65536 && !printer_flush (p))
        return FALSE;
    }
  return printer_flush (p);
}

/* Skipped packets: a JSON record each, or on stderr a count and the first few. */
static void
print_skipped (Printer                  *p,
               const char               *where,
               const SynackCaptureStats *stats)
{
  if (p->json)
    {
      for (guint i = 0; i < stats->skipped->len; i++)
        {
          const SynackSkippedPacket *sk = &g_array_index (stats->skipped, SynackSkippedPacket, i);

          g_string_append_printf (p->buf, "{\"type\":\"skipped\",\"packet\":%" G_GUINT64_FORMAT
                                  ",\"reason\":", sk->number);
          synack_json_append_string (p->buf, sk->reason);
          g_string_append (p->buf, "}\n");
          if (p->buf->len > 65536)
            printer_flush (p);
        }
      printer_flush (p);
    }
  if (stats->malformed > 0 && (p->json == NULL))
    {
      guint shown = MIN (stats->skipped->len, SHOW_SKIPPED);

      g_printerr (ngettext ("synack-cli: %s: %" PRIu64 " malformed packet skipped\n",
                            "synack-cli: %s: %" PRIu64 " malformed packets skipped\n",
                            stats->malformed),
                  where, stats->malformed);
      for (guint i = 0; i < shown; i++)
        {
          const SynackSkippedPacket *sk = &g_array_index (stats->skipped, SynackSkippedPacket, i);

          g_printerr ("  %s: packet %" G_GUINT64_FORMAT ": %s\n", where, sk->number, sk->reason);
        }
      if (stats->malformed > shown)
        g_printerr (_("  … and %" PRIu64 " more (--json lists every one)\n"),
                    stats->malformed - shown);
    }
}

static void
append_summary_line (GString     *s,
                     SynackTrace *trace,
                     guint        conn)
{
  const SynackConnection *c = synack_trace_get_connection (trace, conn);
  guint64 bytes[2] = { 0, 0 };
  guint frames[2] = { 0, 0 };
  gsize start = s->len;
  gint64 t0 = c->start == SYNACK_TIME_NONE ? 0 : c->start;
  gint64 t1 = c->end == SYNACK_TIME_NONE ? t0 : c->end;

  for (guint i = 0; i < c->n_events; i++)
    {
      SynackEvent ev;

      synack_trace_read_event (trace, synack_trace_conn_event (trace, conn, i), &ev);
      if (ev.kind != SYNACK_EVENT_SEGMENT)
        continue;
      frames[ev.endpoint]++;
      bytes[ev.endpoint] += ev.segment.len;
    }

  g_string_append_printf (s, "#%-5u ", conn);
  append_endpoint (s, c, 0);
  g_string_append (s, " <-> ");
  append_endpoint (s, c, 1);
  while (s->len - start < 58)
    g_string_append_c (s, ' ');
  g_string_append_printf (s, " %7u %10" G_GUINT64_FORMAT " %7u %10" G_GUINT64_FORMAT " ",
                          frames[0], bytes[0], frames[1], bytes[1]);
  synack_json_append_time (s, t0);
  g_string_append_c (s, ' ');
  synack_json_append_time (s, t1 - t0);
  g_string_append_printf (s, "  %-6s %s / %s%s\n", c->summary[0] ? c->summary : "-",
                          synack_trace_state_name_at_event (trace, conn, 0, G_MAXUINT),
                          synack_trace_state_name_at_event (trace, conn, 1, G_MAXUINT),
                          (c->flags & SYNACK_CONNECTION_MIDSTREAM) ? _("  (joined mid-stream)") : "");
}

/* A header cell padded by display columns, not bytes: a translated header
 * may hold wide (CJK) characters, two columns each. */
static void
append_column (GString    *s,
               const char *text,
               int         width,
               gboolean    right,
               const char *after)
{
  int cols = 0;

  for (const char *c = text; *c != '\0'; c = g_utf8_next_char (c))
    {
      gunichar u = g_utf8_get_char (c);

      cols += g_unichar_iszerowidth (u) ? 0 : g_unichar_iswide (u) ? 2 : 1;
    }
  for (; right && cols < width; cols++)
    g_string_append_c (s, ' ');
  g_string_append (s, text);
  for (; cols < width; cols++)
    g_string_append_c (s, ' ');
  g_string_append (s, after);
}

static gboolean
print_connections (Printer *p)
{
  guint n = synack_trace_get_n_connections (p->trace);

  if (p->json)
    {
      if (p->error == NULL)
        synack_json_writer_write_connections (p->json, &p->error);
      return p->error == NULL;
    }
  if (p->summary)
    {
      append_column (p->buf, _("Connection (client <-> server)"), 58, FALSE, " ");
      append_column (p->buf, _("Frames>"), 7, TRUE, " ");
      append_column (p->buf, _("Bytes>"), 10, TRUE, " ");
      append_column (p->buf, _("Frames<"), 7, TRUE, " ");
      append_column (p->buf, _("Bytes<"), 10, TRUE, " ");
      append_column (p->buf, _("Start"), 8, FALSE, " ");
      append_column (p->buf, _("Duration"), 8, FALSE, "  ");
      append_column (p->buf, _("Zeek"), 6, FALSE, " ");
      g_string_append_printf (p->buf, "%s\n", _("Final states"));
    }
  else if (n > 0)
    g_string_append_c (p->buf, '\n');
  for (guint i = 0, shown = 0; i < n; i++)
    {
      /* let go to keep a live capture within its memory budget */
      if (synack_trace_get_connection (p->trace, i)->flags & SYNACK_CONNECTION_DROPPED)
        continue;
      if (!p->summary && shown++ == 0)
        g_string_append_printf (p->buf, "%s\n", _("Connections:"));
      append_summary_line (p->buf, p->trace, i);
      if (p->buf->len > 65536 && !printer_flush (p))
        return FALSE;
    }
  return printer_flush (p);
}

static void
printer_init (Printer     *p,
              SynackTrace *trace,
              gboolean     json,
              gboolean     summary)
{
  memset (p, 0, sizeof *p);
  p->trace = trace;
  p->out = synack_cli_stdout ();
  p->summary = summary;
  p->buf = g_string_sized_new (65536 + 1024);
  if (json)
    p->json = synack_json_writer_new (trace, p->out,
                                      summary ? SYNACK_JSON_CONNS
                                              : SYNACK_JSON_SEGMENTS | SYNACK_JSON_STATES |
                                                SYNACK_JSON_CONNS,
                                      G_MAXUINT);
}

static void
printer_clear (Printer *p)
{
  g_clear_pointer (&p->json, synack_json_writer_free);
  g_string_free (p->buf, TRUE);
  g_clear_error (&p->error);
}

/* Whether a leak checker looks at this process: the sanitizer builds, and
 * G_DEBUG=gc-friendly (as the tests run, and as GLib asks for leak checks). */
static gboolean
leak_checked (void)
{
  const char *debug = g_getenv ("G_DEBUG");

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_LEAK__)
  return TRUE;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(leak_sanitizer)
  return TRUE;
#endif
#endif
  return debug != NULL && strstr (debug, "gc-friendly") != NULL;
}

/* A capture without a single TCP segment prints nothing on stdout: say so,
 * and what it held instead. */
static void
print_no_tcp (const char               *where,
              const char               *filter,
              const SynackCaptureStats *stats)
{
  g_autoptr(GString) what = g_string_new (NULL);
  g_autofree char *packets = NULL;

  if (stats->not_tcp > 0)
    g_string_append_printf (what, _("%" PRIu64 " not TCP"), stats->not_tcp);
  if (stats->fragments > 0)
    g_string_append_printf (what, ngettext ("%s%" PRIu64 " IP fragment",
                                            "%s%" PRIu64 " IP fragments", stats->fragments),
                            what->len > 0 ? ", " : "", stats->fragments);
  if (stats->malformed > 0)
    g_string_append_printf (what, _("%s%" PRIu64 " malformed"),
                            what->len > 0 ? ", " : "", stats->malformed);

  if (filter != NULL && *filter != '\0')
    packets = g_strdup_printf (ngettext ("%" PRIu64 " packet matches the filter “%s”",
                                         "%" PRIu64 " packets match the filter “%s”",
                                         stats->packets),
                               stats->packets, filter);
  else if (stats->packets == 0)
    packets = g_strdup (_("no packets at all"));
  else
    packets = g_strdup_printf (ngettext ("%" PRIu64 " packet", "%" PRIu64 " packets",
                                         stats->packets),
                               stats->packets);
  if (what->len > 0)
    g_printerr (_("synack-cli: %s: no TCP segments (%s: %s)\n"), where, packets, what->str);
  else
    g_printerr (_("synack-cli: %s: no TCP segments (%s)\n"), where, packets);
}

int
synack_cli_inspect (int    argc,
                    char **argv)
{
  g_autofree char *filter = NULL;
  g_auto(GStrv) files = NULL;
  gboolean json = FALSE, summary = FALSE;
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackDocumentLoader) loader = NULL;
  g_autoptr(SynackDocument) doc = NULL;
  const SynackCaptureStats *stats;
  SynackTrace *trace;
  Printer p;
  int status = 0;
  GOptionEntry entries[] = {
    { "filter", 'f', 0, G_OPTION_ARG_STRING, &filter,
      N_("Only packets matching this capture filter (tcpdump syntax)"), N_("BPF") },
    { "summary", 0, 0, G_OPTION_ARG_NONE, &summary,
      N_("Only one record a connection: endpoints, frames and bytes each way, Zeek state, final states"),
      NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("One JSON object a line"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, N_("FILE") },
    { NULL }
  };

  if (!synack_cli_parse_options (&argc, &argv, entries,
                                 _("FILE — segments and both endpoints' states from a capture"),
                                 NULL,
    _("Reads pcap and pcapng files (Ethernet, VLAN, Linux cooked v1/v2, BSD loopback, raw IP).\n"
      "Each endpoint's RFC 9293 state is inferred from what it sent: its ACKs show what it had\n"
      "received. Malformed packets are skipped: a count and the first few on stderr, or one\n"
      "{\"type\":\"skipped\"} record each with --json. A file cut short (a truncated last record)\n"
      "still prints every packet before the damage, then says where it ended and exits with 2.\n"
      "Exit status: 0 success, 1 runtime failure, 2 bad usage or bad input.")))
    return 2;
  if (files == NULL || files[0] == NULL)
    return synack_cli_usage ("inspect", _("a capture FILE is needed"));
  if (files[1] != NULL)
    return synack_cli_usage ("inspect", _("one FILE at a time (got “%s” too)"), files[1]);

  /* the same rule as the window's and every command's: a capture file, or a
   * saved run with its exact states, or a scenario run on the engine */
  /* A trace keeps its events in chunks of 128 KiB: past glibc's mapping
   * threshold each would be a mapping of its own, a system call and one
   * page more than it holds (its malloc header spills into a 33rd), 1 MB a
   * million packets. From the heap they are contiguous, grown a megabyte
   * at a time. */
  mallopt (M_MMAP_THRESHOLD, 4 * 1024 * 1024);
  mallopt (M_TOP_PAD, 1024 * 1024);
  loader = synack_document_loader_new (files[0]);
  synack_document_loader_set_filter (loader, filter);
  doc = synack_document_loader_load (loader, NULL, &error);
  if (doc == NULL)
    return synack_cli_fail (error);
  trace = synack_document_get_trace (doc);
  stats = synack_document_get_capture_stats (doc);

  printer_init (&p, trace, json, summary);
  print_new_events (&p);
  if (stats != NULL)
    print_skipped (&p, files[0], stats);
  print_connections (&p);
  if (stats != NULL && stats->tcp == 0 && p.error == NULL && stats->file_error == NULL)
    print_no_tcp (files[0], filter, stats);

  if (p.error != NULL)
    {
      /* stdout closed (a pipe into head): nothing more to say. */
      if (!g_error_matches (p.error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE))
        status = synack_cli_fail (p.error);
      else
        status = 1;
    }
  else if (stats != NULL && stats->file_error != NULL)
    {
      g_printerr ("synack-cli: %s\n", stats->file_error->message);
      status = 2;
    }
  printer_clear (&p);
  /* Everything is said. A trace of millions of packets takes hundredths of
   * a second to free piece by piece, and the libraries' destructors fault
   * their pages in on the way out (a third of a megabyte on the process's
   * peak): the exit gives it all back at once, unless a leak checker is to
   * be shown everything freed. */
  if (!leak_checked ())
    {
      fflush (stdout);
      fflush (stderr);
      _exit (status);
    }
  return status;
}

/* ---------------------------------------------------------------- capture */

typedef struct
{
  GMainLoop        *loop;
  SynackPcapSource *source;
  Printer          *printer;
  SynackCliKernel  *kernel;    /* --kernel-states, or NULL */
  guint64           budget;
  gboolean          over_said; /* the open connections alone are past the budget: said */
} CaptureRun;

static void
on_batch_added (SynackPcapSource *source,
                guint             first,
                gpointer          user_data)
{
  CaptureRun *run = user_data;
  const SynackCaptureStats *stats = synack_pcap_source_get_stats (source);

  if (!print_new_events (run->printer))
    synack_pcap_source_stop (source);
  else if (run->kernel != NULL)
    synack_cli_kernel_print_new (run->kernel);
  /* said when it happens, not only in the summary: the capture grows */
  if (stats->budget_over && !run->over_said)
    {
      g_autofree char *used = synack_live_format_size (stats->budget_used);
      g_autofree char *budget = synack_live_format_size (run->budget);

      g_printerr (_("synack-cli: the open connections alone take %s, past the memory budget of "
                    "%s: none can be let go, so the capture grows past it\n"), used, budget);
    }
  run->over_said = stats->budget_over;
}

static void
on_stopped (SynackPcapSource *source,
            gpointer          user_data)
{
  CaptureRun *run = user_data;

  g_main_loop_quit (run->loop);
}

static gboolean
on_signal (gpointer user_data)
{
  CaptureRun *run = user_data;

  synack_pcap_source_stop (run->source);
  return G_SOURCE_CONTINUE;
}

static int
list_interfaces (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = synack_pcap_list_interfaces (&error);

  if (list == NULL)
    return synack_cli_fail (error);
  for (guint i = 0; i < list->len; i++)
    {
      SynackInterface *iface = g_ptr_array_index (list, i);

      g_print ("%-16s %-4s%s%s%s%s\n", iface->name, iface->up ? "up" : "down",
               iface->loopback ? " loopback" : "",
               iface->running ? "" : " (not running)",
               iface->description ? "  " : "", iface->description ? iface->description : "");
    }
  return 0;
}

int
synack_cli_capture (int    argc,
                    char **argv)
{
  g_autofree char *iface = NULL;
  g_autofree char *filter = NULL;
  g_autofree char *output = NULL;
  g_autofree char *budget_text = NULL;
  g_autofree char *replay = NULL;
  g_autofree char *budget_words = NULL;
  guint64 budget = SYNACK_LIVE_BUDGET_DEFAULT;
  gint64 count = 0;
  gboolean json = FALSE, list = FALSE, kernel_states = FALSE;
  SynackCliWatchOptions kernel_how = SYNACK_CLI_WATCH_OPTIONS_INIT;
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackPcapSource) source = NULL;
  SynackCliKernel *kernel = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  const SynackCaptureStats *stats;
  CaptureRun run;
  Printer p;
  guint sig_int, sig_term;
  int status = 0;
  GOptionEntry entries[] = {
    { "interface", 'i', 0, G_OPTION_ARG_STRING, &iface, N_("Capture on this interface"),
      N_("IFACE") },
    { "filter", 'f', 0, G_OPTION_ARG_STRING, &filter,
      N_("Only packets matching this capture filter (tcpdump syntax)"), N_("BPF") },
    { "count", 'c', 0, G_OPTION_ARG_INT64, &count, N_("Stop after N packets"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("One JSON object a line"), NULL },
    { "write", 'w', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Also save every captured packet to this pcap file"), N_("OUT.pcap") },
    { "list-interfaces", 'D', 0, G_OPTION_ARG_NONE, &list,
      N_("List the interfaces that can be captured on"), NULL },
    { "memory-budget", 'm', 0, G_OPTION_ARG_STRING, &budget_text,
      N_("Keep the trace within SIZE (64M, 1G; default 256M): past it the oldest finished "
         "connections are let go, and counted"), N_("SIZE") },
    { "replay", 'r', 0, G_OPTION_ARG_FILENAME, &replay,
      N_("Feed a capture file through the live path instead of an interface "
         "(as fast as it reads: to try a memory budget)"), N_("FILE") },
    { "kernel-states", 'k', 0, G_OPTION_ARG_NONE, &kernel_states,
      N_("Also the kernel's own states of this machine's endpoints ({\"type\":\"kernel_state\"}) "
         "and, at the end, each state inference and the kernel do not share "
         "({\"type\":\"disagreement\"})"), NULL },
    { "kernel-poll", 0, 0, G_OPTION_ARG_NONE, &kernel_how.poll,
      N_("With --kernel-states: poll sock_diag even where the tracepoint can be read"), NULL },
    { "kernel-interval", 0, 0, G_OPTION_ARG_INT, &kernel_how.interval_ms,
      N_("With --kernel-states: the polling interval in milliseconds (default 100)"), N_("MS") },
    { NULL }
  };

  if (!synack_cli_parse_options (&argc, &argv, entries,
                                 _("— live capture with both endpoints' states as they happen"),
                                 NULL,
    _("Stops after -c N packets, or on Ctrl+C. Needs CAP_NET_RAW: give it once with\n"
      "“sudo setcap cap_net_raw+ep synack-cli” (better than sudo); every capability is\n"
      "given up as soon as the interface is open.\n"
      "Exit status: 0 success, 1 runtime failure, 2 bad usage or bad input.")))
    return 2;
  if (list)
    return list_interfaces ();
  if (argc > 1)
    return synack_cli_usage ("capture", _("unexpected argument “%s”"), argv[1]);
  if (budget_text != NULL && !synack_live_parse_size (budget_text, &budget, &error))
    return synack_cli_usage ("capture", "%s", error->message);
  if (iface != NULL && replay != NULL)
    return synack_cli_usage ("capture", _("-i and --replay go one at a time"));
  if (iface == NULL && replay == NULL)
    return synack_cli_usage ("capture", _("an interface is needed: -i IFACE "
                                          "(see --list-interfaces)"));
  if (count < 0)
    return synack_cli_usage ("capture", _("-c needs a positive count, not %" PRId64),
                             count);
  if ((kernel_how.poll || kernel_how.interval_ms != SYNACK_KERNEL_POLL_INTERVAL_MS) &&
      !kernel_states)
    return synack_cli_usage ("capture", _("--kernel-poll and --kernel-interval go with "
                                          "--kernel-states"));
  if (!synack_cli_watch_options_check ("capture", &kernel_how, "--kernel-poll", NULL,
                                       "--kernel-interval"))
    return 2;

  if (replay != NULL)
    {
      source = synack_pcap_source_new_replay (replay, filter, 1, 0, &error);
      iface = g_strdup (replay);
    }
  else
    source = synack_pcap_source_new_live (iface, filter, &error);
  if (source == NULL)
    return synack_cli_fail (error);
  synack_pcap_source_set_max_packets (source, (guint64) count);
  synack_pcap_source_set_memory_budget (source, budget);

  /* The -w file is opened now, while this process may still write where it
   * was started (root's CAP_DAC_OVERRIDE), and a bad path fails at once. */
  if (output != NULL)
    {
      int fd = open (output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);

      if (fd < 0)
        {
          int saved = errno;

          g_set_error (&error, SYNACK_ERROR, SYNACK_ERROR_FAILED, _("%s: cannot write: %s"),
                       output, g_strerror (saved));
          return synack_cli_fail (error);
        }
      /* every packet goes there as it comes: nothing is kept besides */
      synack_pcap_source_set_output (source, fd, output);
    }
  else
    synack_pcap_source_set_output (source, -1, NULL);
  /* The tracepoint's trace instance is made while the privilege to make it
   * may still be held; reading it afterwards needs none. */
  if (kernel_states)
    {
      kernel = synack_cli_kernel_open (synack_pcap_source_get_trace (source), &kernel_how, json,
                                       &error);
      if (kernel == NULL)
        return synack_cli_fail (error);
    }
  /* The device is open and its filter set: no capability is needed any more
   * Before any thread starts: capabilities are per thread. */
  if (!synack_privileges_drop_all (&error))
    {
      synack_cli_kernel_free (kernel);
      return synack_cli_fail (error);
    }

  loop = g_main_loop_new (NULL, FALSE);
  printer_init (&p, synack_pcap_source_get_trace (source), json, FALSE);
  run.loop = loop;
  run.source = source;
  run.printer = &p;
  run.kernel = kernel;
  run.budget = budget;
  run.over_said = FALSE;
  g_signal_connect (source, "batch-added", G_CALLBACK (on_batch_added), &run);
  g_signal_connect (source, "stopped", G_CALLBACK (on_stopped), &run);
  sig_int = g_unix_signal_add (SIGINT, on_signal, &run);
  sig_term = g_unix_signal_add (SIGTERM, on_signal, &run);

  if ((kernel != NULL && !synack_cli_kernel_start (kernel, &error)) ||
      !synack_pcap_source_start (source, &error))
    {
      printer_clear (&p);
      g_source_remove (sig_int);
      g_source_remove (sig_term);
      synack_cli_kernel_free (kernel);
      return synack_cli_fail (error);
    }
  if (!json)
    g_printerr (_("synack-cli: capturing on %s%s%s (Ctrl+C stops)\n"), iface,
                filter ? _(", filter ") : "", filter ? filter : "");
  g_main_loop_run (loop);
  g_source_remove (sig_int);
  g_source_remove (sig_term);

  stats = synack_pcap_source_get_stats (source);
  print_new_events (&p);
  if (kernel != NULL)
    {
      synack_cli_kernel_finish (kernel);
      g_clear_pointer (&kernel, synack_cli_kernel_free);
    }
  print_skipped (&p, iface, stats);
  print_connections (&p);
  g_printerr (_("synack-cli: %" PRIu64 " packets captured (%" PRIu64
                " TCP), %" PRIu64 " dropped by the kernel, %" PRIu64
                " by the interface\n"),
              stats->packets, stats->tcp, stats->dropped, stats->if_dropped);
  budget_words = synack_live_format_size (budget);
  g_printerr (ngettext ("synack-cli: %" PRIu64 " finished connection (%" PRIu64
                        " packets) let go to keep the trace within %s\n",
                        "synack-cli: %" PRIu64 " finished connections (%" PRIu64
                        " packets) let go to keep the trace within %s\n",
                        stats->budget_connections),
              stats->budget_connections, stats->budget_packets, budget_words);
  if (stats->budget_over_max > 0)
    {
      g_autofree char *most = synack_live_format_size (stats->budget_over_max);

      g_printerr (_("synack-cli: the open connections alone took up to %s, past the memory "
                    "budget of %s: an open connection is never let go\n"), most, budget_words);
    }

  if (synack_pcap_source_get_error (source) != NULL)
    status = synack_cli_fail (synack_pcap_source_get_error (source));
  else if (p.error != NULL && !g_error_matches (p.error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE))
    status = synack_cli_fail (p.error);
  printer_clear (&p);
  return status;
}
