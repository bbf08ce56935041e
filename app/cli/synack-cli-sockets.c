/* SPDX-License-Identifier: GPL-3.0-or-later */
/* synack-cli sockets: this machine's TCP sockets as the kernel sees them,
 * and with --watch every state change as it happens; and the kernel's
 * states beside the inferred ones for `synack-cli capture --kernel-states`. */
#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <inttypes.h>
#include <signal.h>
#include <string.h>

#include "synack-cli.h"
#include "synack-error.h"
#include "synack-export.h"
#include "synack-kernel-states.h"
#include "synack-kernel-watch.h"
#include "synack-sock-diag.h"

/* ---------------------------------------------------------------- output */

static gboolean
is_wildcard (const SynackAddress *address,
             guint16              port)
{
  static const guint8 zero[16];

  return port == 0 && memcmp (address->bytes, zero, 16) == 0;
}

static const char *
endpoint (const SynackAddress *address,
          guint16              port,
          char                *buf,
          gsize                len)
{
  return synack_endpoint_to_string (address, port, buf, len);
}

static const char *
state_name (guint8 state)
{
  return state == SYNACK_KERNEL_STATE_UNKNOWN ? NULL : synack_tcp_state_to_string (state);
}

/* {"type":"kernel_state",...}: conn is G_MAXUINT for none (a listener, or
 * no trace at all). */
static void
append_change (GString                  *s,
               const SynackKernelChange *c,
               gint64                    time,
               guint                     conn,
               gboolean                  json)
{
  char a[80], b[80];
  gboolean listener = is_wildcard (&c->remote, c->remote_port);

  if (json)
    {
      g_string_append (s, "{\"type\":\"kernel_state\",\"time\":");
      synack_json_append_time (s, time);
      if (conn != G_MAXUINT)
        g_string_append_printf (s, ",\"conn\":%u", conn);
      g_string_append_printf (s, ",\"endpoint\":\"%s\",\"peer\":",
                              endpoint (&c->local, c->local_port, a, sizeof a));
      if (listener)
        g_string_append (s, "null");
      else
        g_string_append_printf (s, "\"%s\"", endpoint (&c->remote, c->remote_port, b, sizeof b));
      g_string_append_printf (s, ",\"from\":\"%s\",\"to\":\"%s\",\"source\":\"%s\"",
                              synack_tcp_state_to_string (c->from),
                              synack_tcp_state_to_string (c->to),
                              synack_kernel_source_name (c->source));
      /* made in this process's context: a call of its own, or a packet
       * handled as it let go of the socket; not in an interrupt */
      if (c->in_process && c->pid != 0)
        {
          g_string_append_printf (s, ",\"pid\":%d,\"process\":", c->pid);
          synack_json_append_string (s, c->comm);
        }
      g_string_append (s, "}\n");
      return;
    }
  g_string_append (s, _("kernel "));
  synack_json_append_time (s, time);
  if (conn != G_MAXUINT)
    g_string_append_printf (s, " #%u", conn);
  g_string_append_printf (s, " %s", endpoint (&c->local, c->local_port, a, sizeof a));
  if (listener)
    g_string_append (s, _(" (listening)"));
  else
    g_string_append_printf (s, " > %s", endpoint (&c->remote, c->remote_port, b, sizeof b));
  g_string_append_printf (s, "  %s -> %s  (%s)\n", synack_tcp_state_to_string (c->from),
                          synack_tcp_state_to_string (c->to),
                          synack_kernel_source_name (c->source));
}

static gboolean
write_out (GOutputStream *out,
           GString       *s)
{
  gboolean ok = TRUE;

  if (s->len > 0)
    ok = g_output_stream_write_all (out, s->str, s->len, NULL, NULL, NULL);
  g_string_truncate (s, 0);
  return ok;
}

/* A statement on stderr of what the watch can and cannot see. */
static void
say_source (SynackKernelWatch *watch)
{
  if (synack_kernel_watch_get_source (watch) == SYNACK_KERNEL_SOURCE_TRACEPOINT)
    {
      g_printerr (_("synack-cli: kernel states from the sock:inet_sock_set_state tracepoint "
                    "(every change, of every network namespace)\n"));
      return;
    }
  g_printerr (_("synack-cli: kernel states by polling sock_diag every %u ms (%s): a state that "
                "lasts less than that may be missed\n"),
              synack_kernel_watch_get_poll_interval (watch),
              synack_kernel_watch_get_fallback_reason (watch));
}

/* ---------------------------------------------------------------- sockets */

static gint
compare_sockets (gconstpointer a,
                 gconstpointer b)
{
  const SynackSocketInfo *x = a, *y = b;

  if (x->state != y->state)
    return (int) x->state - (int) y->state;
  if (x->local_port != y->local_port)
    return (int) x->local_port - (int) y->local_port;
  return (int) x->remote_port - (int) y->remote_port;
}

static void
append_socket_json (GString                *s,
                    const SynackSocketInfo *k)
{
  char a[80], b[80];

  g_string_append_printf (s, "{\"type\":\"socket\",\"endpoint\":\"%s\",\"peer\":",
                          endpoint (&k->local, k->local_port, a, sizeof a));
  if (is_wildcard (&k->remote, k->remote_port))
    g_string_append (s, "null");
  else
    g_string_append_printf (s, "\"%s\"", endpoint (&k->remote, k->remote_port, b, sizeof b));
  g_string_append_printf (s, ",\"state\":\"%s\",\"uid\":%u,\"inode\":%" G_GUINT64_FORMAT
                          ",\"recv_q\":%u,\"send_q\":%u",
                          synack_tcp_state_to_string (k->state), k->uid, k->inode,
                          k->recv_q, k->send_q);
  if (k->pid != 0)
    {
      g_string_append_printf (s, ",\"pid\":%d,\"process\":", k->pid);
      synack_json_append_string (s, k->process);
    }
  if (k->have_info && k->state != SYNACK_TCP_LISTEN)
    {
      g_string_append (s, ",\"rtt\":");
      synack_json_append_time (s, (gint64) k->info.rtt_us * 1000);
      g_string_append (s, ",\"rttvar\":");
      synack_json_append_time (s, (gint64) k->info.rttvar_us * 1000);
      g_string_append (s, ",\"rto\":");
      synack_json_append_time (s, (gint64) k->info.rto_us * 1000);
      g_string_append_printf (s, ",\"mss\":%u,\"cwnd\":%u", k->info.snd_mss, k->info.snd_cwnd);
      if (k->info.snd_ssthresh < 0x7fffffff)
        g_string_append_printf (s, ",\"ssthresh\":%u", k->info.snd_ssthresh);
      g_string_append_printf (s, ",\"unacked\":%u,\"retransmits\":%u,\"bytes_acked\":%"
                              G_GUINT64_FORMAT ",\"bytes_received\":%" G_GUINT64_FORMAT
                              ",\"segs_out\":%u,\"segs_in\":%u",
                              k->info.unacked, k->info.total_retrans, k->info.bytes_acked,
                              k->info.bytes_received, k->info.segs_out, k->info.segs_in);
    }
  g_string_append (s, "}\n");
}

/* Pad by display columns (a translated header may hold wide characters). */
static void
append_column (GString    *s,
               const char *text,
               int         width)
{
  int cols = 0;

  for (const char *c = text; *c != '\0'; c = g_utf8_next_char (c))
    cols += g_unichar_iswide (g_utf8_get_char (c)) ? 2 : 1;
  g_string_append (s, text);
  for (; cols < width; cols++)
    g_string_append_c (s, ' ');
  g_string_append_c (s, ' ');
}

static void
append_socket_table (GString *s,
                     GArray  *sockets)
{
  append_column (s, _("State"), 12);
  append_column (s, _("Local"), 24);
  append_column (s, _("Peer"), 24);
  append_column (s, _("Process"), 20);
  append_column (s, _("RTT ms"), 8);
  g_string_append_printf (s, "%s\n", _("cwnd"));
  for (guint i = 0; i < sockets->len; i++)
    {
      const SynackSocketInfo *k = &g_array_index (sockets, SynackSocketInfo, i);
      char a[80], b[80], who[40], rtt[16];

      if (k->pid != 0)
        g_snprintf (who, sizeof who, "%s/%d", k->process, k->pid);
      else
        g_strlcpy (who, "-", sizeof who);
      if (k->have_info && k->state != SYNACK_TCP_LISTEN)
        g_snprintf (rtt, sizeof rtt, "%.3f", k->info.rtt_us / 1000.0);
      else
        g_strlcpy (rtt, "-", sizeof rtt);
      g_string_append_printf (s, "%-12s %-24s %-24s %-20s %-8s ",
                              synack_tcp_state_to_string (k->state),
                              endpoint (&k->local, k->local_port, a, sizeof a),
                              is_wildcard (&k->remote, k->remote_port)
                                ? "*" : endpoint (&k->remote, k->remote_port, b, sizeof b),
                              who, rtt);
      if (k->have_info && k->state != SYNACK_TCP_LISTEN)
        g_string_append_printf (s, "%u\n", k->info.snd_cwnd);
      else
        g_string_append (s, "-\n");
    }
}

typedef struct
{
  GMainLoop     *loop;
  GOutputStream *out;
  GString       *buf;
  gint64         origin;
  gboolean       json;
  gboolean       failed;
} WatchRun;

static void
on_watch_changes (SynackKernelWatch *watch,
                  GArray            *changes,
                  gpointer           user_data)
{
  WatchRun *run = user_data;

  for (guint i = 0; i < changes->len; i++)
    {
      const SynackKernelChange *c = &g_array_index (changes, SynackKernelChange, i);

      append_change (run->buf, c, c->time - run->origin, G_MAXUINT, run->json);
    }
  if (!write_out (run->out, run->buf))
    {
      run->failed = TRUE;
      g_main_loop_quit (run->loop);
    }
}

static gboolean
on_watch_signal (gpointer user_data)
{
  WatchRun *run = user_data;

  g_main_loop_quit (run->loop);
  return G_SOURCE_CONTINUE;
}

int
synack_cli_sockets (int    argc,
                    char **argv)
{
  gboolean json = FALSE, watch = FALSE;
  SynackCliWatchOptions how = SYNACK_CLI_WATCH_OPTIONS_INIT;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) sockets = NULL;
  g_autoptr(SynackKernelWatch) kw = NULL;
  g_autoptr(GString) buf = g_string_new (NULL);
  GOutputStream *out = synack_cli_stdout ();
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("One JSON object a line"), NULL },
    { "watch", 'w', 0, G_OPTION_ARG_NONE, &watch,
      N_("Then print every state change as it happens, until Ctrl+C"), NULL },
    { "poll", 0, 0, G_OPTION_ARG_NONE, &how.poll,
      N_("Watch by polling sock_diag, even where the tracepoint can be read"), NULL },
    { "tracepoint", 0, 0, G_OPTION_ARG_NONE, &how.tracepoint,
      N_("Watch through the tracepoint or fail, never by polling"), NULL },
    { "interval", 0, 0, G_OPTION_ARG_INT, &how.interval_ms,
      N_("Polling interval in milliseconds (default 100)"), N_("MS") },
    { NULL }
  };

  if (!synack_cli_parse_options (&argc, &argv, entries,
                                 _("— this machine's TCP sockets, as the kernel sees them"),
                                 NULL,
    _("Lists every TCP socket of this network namespace through sock_diag (no privilege needed),\n"
      "with its state, the process holding it where /proc says so, and tcp_info figures.\n"
      "With --watch, every state change follows as a {\"type\":\"kernel_state\"} record: from the\n"
      "sock:inet_sock_set_state tracepoint where tracefs can be used (root, or CAP_DAC_OVERRIDE,\n"
      "and CAP_SYS_ADMIN to mount tracefs where it is not mounted), else by polling sock_diag,\n"
      "which may miss a state shorter than the interval. Times are seconds from the start.\n"
      "Exit status: 0 success, 1 runtime failure, 2 bad usage or bad input.")))
    return 2;
  if (argc > 1)
    return synack_cli_usage ("sockets", _("unexpected argument “%s”"), argv[1]);
  if (!synack_cli_watch_options_check ("sockets", &how, "--poll", "--tracepoint", "--interval"))
    return 2;

  /* A tracepoint that cannot be read fails before anything is listed. */
  if (watch && (kw = synack_cli_watch_open (&how, &error)) == NULL)
    return synack_cli_fail (error);
  sockets = synack_sock_diag_list (TRUE, &error);
  if (sockets == NULL)
    return synack_cli_fail (error);
  g_array_sort (sockets, compare_sockets);
  if (json)
    for (guint i = 0; i < sockets->len; i++)
      append_socket_json (buf, &g_array_index (sockets, SynackSocketInfo, i));
  else
    append_socket_table (buf, sockets);
  if (!write_out (out, buf))
    return 1;

  if (watch)
    {
      g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
      WatchRun run = { loop, out, buf, 0, json, FALSE };
      guint sig_int, sig_term;

      run.origin = g_get_real_time () * 1000;
      g_signal_connect (kw, "changes", G_CALLBACK (on_watch_changes), &run);
      if (!synack_kernel_watch_start (kw, &error))
        return synack_cli_fail (error);
      say_source (kw);
      if (json)
        {
          g_string_append_printf (buf, "{\"type\":\"watch\",\"source\":\"%s\"",
                                  synack_kernel_source_name (synack_kernel_watch_get_source (kw)));
          if (synack_kernel_watch_get_source (kw) == SYNACK_KERNEL_SOURCE_POLL)
            {
              g_string_append_printf (buf, ",\"interval\":%d,\"reason\":", how.interval_ms);
              synack_json_append_string (buf, synack_kernel_watch_get_fallback_reason (kw));
            }
          g_string_append (buf, ",\"origin\":");
          synack_json_append_time (buf, run.origin);
          g_string_append (buf, "}\n");
          write_out (out, buf);
        }
      sig_int = g_unix_signal_add (SIGINT, on_watch_signal, &run);
      sig_term = g_unix_signal_add (SIGTERM, on_watch_signal, &run);
      g_main_loop_run (loop);
      g_source_remove (sig_int);
      g_source_remove (sig_term);
      synack_kernel_watch_stop (kw);
      if (synack_kernel_watch_get_lost (kw) > 0)
        g_printerr (_("synack-cli: the tracepoint's buffer overflowed: %" PRIu64
                      " state changes were lost\n"), synack_kernel_watch_get_lost (kw));
      if (run.failed)
        return 1;
    }
  return 0;
}

/* ---------------------------------------------------------------- capture --kernel-states */

struct _SynackCliKernel
{
  SynackKernelWatch  *watch;
  SynackKernelStates *states;
  GOutputStream      *out;
  GString            *buf;
  gboolean            json;
};

gboolean
synack_cli_watch_options_check (const char                  *command,
                                const SynackCliWatchOptions *options,
                                const char                  *poll_option,
                                const char                  *tracepoint_option,
                                const char                  *interval_option)
{
  if (options->interval_ms <= 0 || options->interval_ms > 60000)
    {
      synack_cli_usage (command, _("%s needs 1 to 60000 milliseconds, not %d"), interval_option,
                        options->interval_ms);
      return FALSE;
    }
  if (options->poll && options->tracepoint)
    {
      synack_cli_usage (command, _("%s and %s exclude each other"), poll_option,
                        tracepoint_option);
      return FALSE;
    }
  return TRUE;
}

SynackKernelWatch *
synack_cli_watch_open (const SynackCliWatchOptions  *options,
                       GError                      **error)
{
  g_autoptr(SynackKernelWatch) watch =
    synack_kernel_watch_new (options->poll ? SYNACK_KERNEL_MODE_POLL
                             : options->tracepoint ? SYNACK_KERNEL_MODE_TRACEPOINT
                                                   : SYNACK_KERNEL_MODE_AUTO,
                             (guint) options->interval_ms);

  if (!synack_kernel_watch_open (watch, error))
    return NULL;
  return g_steal_pointer (&watch);
}

SynackCliKernel *
synack_cli_kernel_open (SynackTrace                  *trace,
                        const SynackCliWatchOptions  *options,
                        gboolean                      json,
                        GError                      **error)
{
  SynackKernelWatch *watch = synack_cli_watch_open (options, error);
  SynackCliKernel *k;

  if (watch == NULL)
    return NULL;
  k = g_new0 (SynackCliKernel, 1);
  k->watch = watch;
  k->states = synack_kernel_states_new (trace);
  k->out = synack_cli_stdout ();
  k->buf = g_string_new (NULL);
  k->json = json;
  return k;
}

static void
print_placed (SynackCliKernel *k)
{
  g_autoptr(GArray) placed = synack_kernel_states_match (k->states);

  for (guint i = 0; i < placed->len; i++)
    {
      const SynackKernelRecord *r = &g_array_index (placed, SynackKernelRecord, i);

      append_change (k->buf, &r->change, r->time, r->conn, k->json);
    }
  write_out (k->out, k->buf);
}

static void
on_capture_changes (SynackKernelWatch *watch,
                    GArray            *changes,
                    gpointer           user_data)
{
  SynackCliKernel *k = user_data;

  synack_kernel_states_add (k->states, (const SynackKernelChange *) changes->data, changes->len);
  print_placed (k);
}

gboolean
synack_cli_kernel_start (SynackCliKernel  *k,
                         GError          **error)
{
  g_signal_connect (k->watch, "changes", G_CALLBACK (on_capture_changes), k);
  if (!synack_kernel_watch_start (k->watch, error))
    return FALSE;
  say_source (k->watch);
  return TRUE;
}

void
synack_cli_kernel_print_new (SynackCliKernel *k)
{
  print_placed (k);
}

static const char *
side_name (SynackTrace *trace,
           guint        conn,
           guint        side,
           char        *buf,
           gsize        len)
{
  const SynackConnection *c = synack_trace_get_connection (trace, conn);

  return synack_endpoint_to_string (&c->addr[side], c->port[side], buf, len);
}

void
synack_cli_kernel_finish (SynackCliKernel *k)
{
  SynackTrace *trace = synack_kernel_states_get_trace (k->states);
  g_autoptr(GArray) diffs = NULL;

  synack_kernel_watch_stop (k->watch);
  print_placed (k);
  diffs = synack_kernel_states_compare (k->states);
  for (guint i = 0; i < diffs->len; i++)
    {
      const SynackDisagreement *d = &g_array_index (diffs, SynackDisagreement, i);
      const char *kernel = state_name (d->kernel);
      char a[80], b[80];

      side_name (trace, d->conn, d->endpoint, a, sizeof a);
      side_name (trace, d->conn, !d->endpoint, b, sizeof b);
      if (k->json)
        {
          g_string_append (k->buf, "{\"type\":\"disagreement\",\"time\":");
          synack_json_append_time (k->buf, d->time);
          g_string_append_printf (k->buf, ",\"conn\":%u,\"endpoint\":\"%s\",\"peer\":\"%s\","
                                  "\"kernel\":", d->conn, a, b);
          if (kernel != NULL)
            g_string_append_printf (k->buf, "\"%s\"", kernel);
          else
            g_string_append (k->buf, "null");
          g_string_append (k->buf, ",\"kernel_time\":");
          synack_json_append_time (k->buf, d->kernel_time);
          g_string_append_printf (k->buf, ",\"inferred\":\"%s\",\"inferred_time\":",
                                  synack_tcp_state_to_string (d->inferred));
          synack_json_append_time (k->buf, d->inferred_time);
          g_string_append_printf (k->buf, ",\"kind\":\"%s\",\"source\":\"%s\"}\n",
                                  d->kind == SYNACK_DISAGREE_KERNEL_ONLY ? "kernel_only"
                                  : d->kind == SYNACK_DISAGREE_DIFFERENT ? "different"
                                                                         : "inferred_only",
                                  synack_kernel_source_name (d->source));
          continue;
        }
      g_string_append (k->buf, _("disagreement "));
      synack_json_append_time (k->buf, d->time);
      g_string_append_printf (k->buf, " #%u %s: ", d->conn, a);
      if (d->kind == SYNACK_DISAGREE_DIFFERENT)
        {
          GString *kt = g_string_new (NULL), *it = g_string_new (NULL);

          synack_json_append_time (kt, d->kernel_time);
          synack_json_append_time (it, d->inferred_time);
          g_string_append_printf (k->buf, _("the kernel went to %s at %s, inference to %s at %s"),
                                  kernel, kt->str, synack_tcp_state_to_string (d->inferred),
                                  it->str);
          g_string_free (kt, TRUE);
          g_string_free (it, TRUE);
        }
      else if (d->kind == SYNACK_DISAGREE_KERNEL_ONLY)
        g_string_append_printf (k->buf, _("the kernel says %s, inference %s (inference never "
                                          "gave %s)"),
                                kernel, synack_tcp_state_to_string (d->inferred), kernel);
      else if (kernel != NULL)
        g_string_append_printf (k->buf, _("inference says %s, the kernel %s (the kernel never "
                                          "reported %s)"),
                                synack_tcp_state_to_string (d->inferred), kernel,
                                synack_tcp_state_to_string (d->inferred));
      else
        g_string_append_printf (k->buf, _("inference says %s, the kernel had not been seen to "
                                          "report this socket yet"),
                                synack_tcp_state_to_string (d->inferred));
      g_string_append_printf (k->buf, " (%s)\n", synack_kernel_source_name (d->source));
    }
  write_out (k->out, k->buf);
  if (synack_kernel_watch_get_lost (k->watch) > 0)
    g_printerr (_("synack-cli: the tracepoint's buffer overflowed: %" PRIu64
                  " state changes were lost\n"), synack_kernel_watch_get_lost (k->watch));
}

void
synack_cli_kernel_free (SynackCliKernel *k)
{
  if (k == NULL)
    return;
  g_clear_object (&k->watch);
  g_clear_object (&k->states);
  if (k->buf != NULL)
    g_string_free (k->buf, TRUE);
  g_free (k);
}
