/* SPDX-License-Identifier: GPL-3.0-or-later */
/* synack-cli tun: the engine on a TUN device, so kernel programs talk to it. */
#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>
#include <glib-unix.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "synack-cli.h"
#include "synack-error.h"
#include "synack-export.h"
#include "synack-privileges.h"
#include "synack-services.h"
#include "synack-text.h"
#include "synack-tun.h"

typedef struct
{
  GMainLoop        *loop;
  SynackTrace      *trace;
  SynackServices   *services;
  SynackTun        *tun;
  SynackJsonWriter *json;
  SynackPcapWriter *pcap;
  GError           *error;        /* the first runtime failure */
  guint             count;        /* stop after this many ended connections, 0 never */
  gboolean          stop_on_client;
  guint             n_clients;
  guint             printed;      /* text mode: events printed */
  GOutputStream    *out;          /* stdout, through the queue */
  GString          *line;         /* text mode: one batch of lines */
  int               status;
} Run;

static gboolean
parse_size (const char *text,
            guint64    *value)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  gsize len = strlen (copy);
  guint64 mult = 1;

  if (len > 0)
    {
      switch (g_ascii_toupper (copy[len - 1]))
        {
        case 'K': mult = G_GUINT64_CONSTANT (1) << 10; break;
        case 'M': mult = G_GUINT64_CONSTANT (1) << 20; break;
        case 'G': mult = G_GUINT64_CONSTANT (1) << 30; break;
        default: break;
        }
      if (mult != 1)
        copy[len - 1] = '\0';
    }
  if (!g_ascii_string_to_unsigned (copy, 10, 0, G_MAXUINT64 / mult, value, NULL))
    return FALSE;
  *value *= mult;
  return TRUE;
}

static gboolean
parse_seconds (const char *text,
               gint64     *ns)
{
  char *end = NULL;
  double v = g_ascii_strtod (text, &end);

  if (end == text || *end != '\0' || !(v >= 0) || v > 1e6)
    return FALSE;
  *ns = (gint64) (v * SYNACK_NSEC_PER_SEC);
  return TRUE;
}

/* "10.9.0.1:80", "[fd00::1]:80", or ":80" for the kernel's own address. */
static gboolean
parse_endpoint (const char          *text,
                const SynackAddress *fallback,
                SynackAddress       *address,
                guint16             *port)
{
  g_autofree char *host = NULL;
  const char *colon;
  guint64 value;

  if (text[0] == '[')
    {
      const char *close = strchr (text, ']');

      if (close == NULL || close[1] != ':')
        return FALSE;
      host = g_strndup (text + 1, close - text - 1);
      colon = close + 1;
    }
  else
    {
      colon = strrchr (text, ':');
      if (colon == NULL)
        return FALSE;
      host = g_strndup (text, colon - text);
    }
  if (!g_ascii_string_to_unsigned (colon + 1, 10, 1, 65535, &value, NULL))
    return FALSE;
  *port = (guint16) value;
  if (host[0] == '\0')
    {
      *address = *fallback;
      return TRUE;
    }
  return synack_address_parse (host, address);
}

/* stdout for a live engine: writes are queued and a thread copies them to
 * fd 1, so a slow reader of the output (a pager, a full pipe) never stops
 * the main loop, where the engine answers the kernel. */
#define SYNACK_TYPE_QUEUE_STREAM (synack_queue_stream_get_type ())
G_DECLARE_FINAL_TYPE (SynackQueueStream, synack_queue_stream, SYNACK, QUEUE_STREAM, GOutputStream)

struct _SynackQueueStream
{
  GOutputStream  parent_instance;
  GMutex         lock;
  GCond          cond;
  GByteArray    *queue;
  GThread       *thread;
  int            fd;
  int            write_errno;   /* set by the thread when fd failed */
  gboolean       closing;
};

G_DEFINE_FINAL_TYPE (SynackQueueStream, synack_queue_stream, G_TYPE_OUTPUT_STREAM)

static gpointer
queue_stream_thread (gpointer data)
{
  SynackQueueStream *self = data;

  for (;;)
    {
      g_autoptr(GByteArray) chunk = NULL;
      gsize done = 0;

      g_mutex_lock (&self->lock);
      while (self->queue->len == 0 && !self->closing)
        g_cond_wait (&self->cond, &self->lock);
      if (self->queue->len == 0)
        {
          g_mutex_unlock (&self->lock);
          return NULL;
        }
      chunk = self->queue;
      self->queue = g_byte_array_new ();
      g_mutex_unlock (&self->lock);

      while (done < chunk->len)
        {
          ssize_t n = write (self->fd, chunk->data + done, chunk->len - done);

          if (n < 0 && errno == EINTR)
            continue;
          if (n <= 0)
            {
              g_mutex_lock (&self->lock);
              self->write_errno = n < 0 ? errno : EIO;
              g_mutex_unlock (&self->lock);
              return NULL;
            }
          done += n;
        }
    }
}

static gssize
queue_stream_write (GOutputStream  *stream,
                    const void     *buffer,
                    gsize           count,
                    GCancellable   *cancellable,
                    GError        **error)
{
  SynackQueueStream *self = SYNACK_QUEUE_STREAM (stream);
  int write_errno;

  g_mutex_lock (&self->lock);
  write_errno = self->write_errno;
  if (write_errno == 0)
    {
      g_byte_array_append (self->queue, buffer, count);
      g_cond_signal (&self->cond);
    }
  g_mutex_unlock (&self->lock);

  if (write_errno != 0)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_FAILED,
                   _("cannot write to the standard output: %s"), g_strerror (write_errno));
      return -1;
    }
  return count;
}

/* Closing waits until everything queued is written. */
static gboolean
queue_stream_close (GOutputStream  *stream,
                    GCancellable   *cancellable,
                    GError        **error)
{
  SynackQueueStream *self = SYNACK_QUEUE_STREAM (stream);
  int write_errno;

  g_mutex_lock (&self->lock);
  self->closing = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);
  if (self->thread != NULL)
    g_thread_join (g_steal_pointer (&self->thread));

  write_errno = self->write_errno;
  if (write_errno != 0)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_FAILED,
                   _("cannot write to the standard output: %s"), g_strerror (write_errno));
      return FALSE;
    }
  return TRUE;
}

static void
synack_queue_stream_finalize (GObject *object)
{
  SynackQueueStream *self = SYNACK_QUEUE_STREAM (object);

  if (self->thread != NULL)
    queue_stream_close (G_OUTPUT_STREAM (self), NULL, NULL);
  g_byte_array_unref (self->queue);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (synack_queue_stream_parent_class)->finalize (object);
}

static void
synack_queue_stream_class_init (SynackQueueStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GOutputStreamClass *stream_class = G_OUTPUT_STREAM_CLASS (klass);

  object_class->finalize = synack_queue_stream_finalize;
  stream_class->write_fn = queue_stream_write;
  stream_class->close_fn = queue_stream_close;
}

static void
synack_queue_stream_init (SynackQueueStream *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->queue = g_byte_array_new ();
}

static GOutputStream *
synack_queue_stream_new (int fd)
{
  SynackQueueStream *self = g_object_new (SYNACK_TYPE_QUEUE_STREAM, NULL);

  self->fd = fd;
  self->thread = g_thread_new ("stdout", queue_stream_thread, self);
  return G_OUTPUT_STREAM (self);
}

static void
on_events_added (SynackTrace *trace,
                 guint        first,
                 guint        n,
                 Run         *run)
{
  g_autoptr(GError) error = NULL;

  if (run->json != NULL)
    {
      if (!synack_json_writer_write_new_events (run->json, &error))
        goto fail;
    }
  else
    {
      guint end = synack_trace_get_n_events (trace);

      g_string_truncate (run->line, 0);
      for (; run->printed < end; run->printed++)
        synack_text_append_event (run->line, trace, run->printed,
                                  SYNACK_TEXT_SEGMENTS | SYNACK_TEXT_STATES | SYNACK_TEXT_CALLS);
      if (!g_output_stream_write_all (run->out, run->line->str, run->line->len, NULL, NULL,
                                      &error))
        goto fail;
    }
  if (run->pcap != NULL && !synack_pcap_writer_flush (run->pcap, &error))
    goto fail;
  return;

fail:
  if (run->error == NULL)
    run->error = g_steal_pointer (&error);
  g_main_loop_quit (run->loop);
}

static void
on_tap (SynackTunDirection direction,
        gint64             epoch_ns,
        const guint8      *data,
        gsize              len,
        gpointer           user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;

  if (run->pcap == NULL || run->error != NULL)
    return;
  if (!synack_pcap_writer_write_packet (run->pcap, epoch_ns, data, len, &error))
    {
      run->error = g_steal_pointer (&error);
      g_main_loop_quit (run->loop);
    }
}

static void
on_connection_ended (SynackServices *services,
                     guint           conn,
                     Run            *run)
{
  if (run->count > 0 && synack_services_get_n_ended (services) >= run->count)
    g_main_loop_quit (run->loop);
}

static void
on_client_done (SynackServices *services,
                guint           conn,
                int             errnum,
                guint64         received,
                Run            *run)
{
  run->n_clients--;
  if (errnum != 0)
    {
      const SynackConnection *c = synack_trace_get_connection (run->trace, conn);
      char peer[64];

      synack_endpoint_to_string (&c->addr[1], c->port[1], peer, sizeof peer);
      g_printerr (_("synack-cli: connection to %s failed: %s\n"), peer, g_strerror (errnum));
      run->status = 1;
    }
  /* A failed connection ends at once; a closed one once its FINs are through
   * (::connection-ended). */
  if (run->stop_on_client && run->n_clients == 0 && errnum != 0)
    g_main_loop_quit (run->loop);
}

static gboolean
on_signal (gpointer user_data)
{
  Run *run = user_data;

  g_main_loop_quit (run->loop);
  return G_SOURCE_CONTINUE;
}

int
synack_cli_tun (int argc, char **argv)
{
  g_autofree char *ifname = NULL;
  g_autofree char *addr_text = NULL;
  g_autofree char *kernel_text = NULL;
  g_autofree char *service_text = NULL;
  g_autofree char *connect_text = NULL;
  g_autofree char *send_text = NULL;
  g_autofree char *close_after_text = NULL;
  g_autofree char *idle_text = NULL;
  g_autofree char *pcap_path = NULL;
  gint listen_port = 0;
  gint count = -1;
  gint64 seed = -1;
  gboolean json = FALSE;
  gboolean half_close = FALSE;
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackTun) tun = NULL;
  g_autoptr(SynackTrace) trace = NULL;
  g_autoptr(SynackServices) services = NULL;
  g_autoptr(SynackJsonWriter) json_writer = NULL;
  g_autoptr(SynackPcapWriter) pcap = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GString) line = NULL;
  SynackServiceKind kind = SYNACK_SERVICE_ECHO;
  SynackAddress engine_addr, kernel_addr, connect_addr;
  guint16 connect_port = 0;
  guint prefix = 0;
  SynackClientPlan plan = { 0 };
  Run run = { 0 };
  guint sigint_id, sigterm_id;
  char a[64], b[64];
  int argc_orig;
  g_auto(GStrv) argv_orig = NULL;

  GOptionEntry entries[] = {
    { "ifname", 0, 0, G_OPTION_ARG_STRING, &ifname,
      N_("Name of the TUN interface to create"), N_("NAME") },
    { "addr", 0, 0, G_OPTION_ARG_STRING, &addr_text,
      N_("The engine's address and the device's prefix"), N_("ADDR/PREFIX") },
    { "kernel-addr", 0, 0, G_OPTION_ARG_STRING, &kernel_text,
      N_("The kernel's address on the device (default: the first other host of the prefix)"),
      N_("ADDR") },
    { "listen", 0, 0, G_OPTION_ARG_INT, &listen_port,
      N_("Run a service on this engine port"), N_("PORT") },
    { "service", 0, 0, G_OPTION_ARG_STRING, &service_text,
      N_("The service: echo, discard or http (default echo)"), N_("NAME") },
    { "idle-close", 0, 0, G_OPTION_ARG_STRING, &idle_text,
      N_("The engine closes a served connection first after it is idle this long"),
      N_("SECONDS") },
    { "connect", 0, 0, G_OPTION_ARG_STRING, &connect_text,
      N_("Connect the engine to a kernel listener (“:PORT” for the kernel's address)"),
      N_("ADDR:PORT") },
    { "send", 0, 0, G_OPTION_ARG_STRING, &send_text,
      N_("Bytes the client sends (suffix K, M or G for binary multiples)"), N_("N") },
    { "close-after", 0, 0, G_OPTION_ARG_STRING, &close_after_text,
      N_("Seconds the client waits after sending before it closes (default 0)"),
      N_("SECONDS") },
    { "half-close", 0, 0, G_OPTION_ARG_NONE, &half_close,
      N_("The client shuts down its sending side, reads to EOF, then closes"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print one JSON object a line"), NULL },
    { "write", 'w', 0, G_OPTION_ARG_FILENAME, &pcap_path,
      N_("Write every packet that crosses the device to a pcap file"), N_("OUT.pcap") },
    { "count", 0, 0, G_OPTION_ARG_INT, &count,
      N_("Stop after N connections have ended"), N_("N") },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed,
      N_("Seed for ISNs and ephemeral ports (default: random)"), N_("N") },
    { NULL }
  };

  /* Kept for the privilege message, which repeats the command. */
  argc_orig = argc;
  argv_orig = g_strdupv (argv);

  if (!synack_cli_parse_options (&argc, &argv, entries, NULL,
                                 _("Run the engine on a TUN device, so that kernel programs "
                                   "(curl, nc, a Python socket) open real connections to it, and "
                                   "print both sides' segments and states as they happen.\n\n"
                                   "Needs CAP_NET_ADMIN to create the device: run it as root, "
                                   "give the program the capability with “setcap "
                                   "cap_net_admin+ep”, or run it inside “unshare -rn”. The "
                                   "capability is dropped as soon as the device is up."),
                                 NULL))
    return 2;

  if (argc > 1)
    return synack_cli_usage ("tun", _("unexpected argument “%s”"), argv[1]);
  if (ifname == NULL)
    return synack_cli_usage ("tun", _("--ifname NAME is required"));
  if (addr_text == NULL)
    return synack_cli_usage ("tun", _("--addr ADDR/PREFIX is required"));
  if (!synack_tun_parse_prefix (addr_text, 0, &engine_addr, &prefix, &error))
    return synack_cli_usage ("tun", "--addr %s", error->message);
  if (kernel_text != NULL)
    {
      if (!synack_address_parse (kernel_text, &kernel_addr))
        return synack_cli_usage ("tun", _("--kernel-addr “%s” is not an IPv4 or IPv6 address"),
                                 kernel_text);
    }
  else if (!synack_tun_default_kernel_address (&engine_addr, prefix, &kernel_addr, &error))
    return synack_cli_usage ("tun", "--addr %s", error->message);

  if (listen_port < 0 || listen_port > 65535 || (listen_port == 0 && service_text != NULL))
    return synack_cli_usage ("tun", _("--listen takes a port from 1 to 65535"));
  if (service_text != NULL && !synack_service_kind_from_string (service_text, &kind))
    return synack_cli_usage ("tun", _("unknown service “%s”: use echo, discard or http"),
                             service_text);
  if (idle_text != NULL)
    {
      gint64 idle;

      if (listen_port == 0)
        return synack_cli_usage ("tun", _("--idle-close goes with --listen"));
      if (!parse_seconds (idle_text, &idle) || idle == 0)
        return synack_cli_usage ("tun", _("--idle-close “%s” is not a positive number of seconds"),
                                 idle_text);
    }
  if (connect_text != NULL)
    {
      if (!parse_endpoint (connect_text, &kernel_addr, &connect_addr, &connect_port))
        return synack_cli_usage ("tun", _("--connect “%s” is not ADDR:PORT (IPv6 as [ADDR]:PORT)"),
                                 connect_text);
      if (connect_addr.family != engine_addr.family)
        return synack_cli_usage ("tun", _("--connect %s and --addr %s are not of the same IP version"),
                                 connect_text, addr_text);
      if (send_text != NULL && !parse_size (send_text, &plan.send_bytes))
        return synack_cli_usage ("tun", _("--send “%s” is not a byte count"), send_text);
      if (close_after_text != NULL && !parse_seconds (close_after_text, &plan.close_after))
        return synack_cli_usage ("tun", _("--close-after “%s” is not a number of seconds"),
                                 close_after_text);
      plan.half_close = half_close;
    }
  else if (send_text != NULL || close_after_text != NULL || half_close)
    return synack_cli_usage ("tun", _("--send, --close-after and --half-close go with --connect"));
  if (count == 0 || count < -1)
    return synack_cli_usage ("tun", _("--count takes a number of connections from 1"));

  tun = synack_tun_new (ifname, &engine_addr, prefix, kernel_text ? &kernel_addr : NULL, &error);
  if (tun == NULL && g_error_matches (error, SYNACK_ERROR, SYNACK_ERROR_PERMISSION))
    {
      /* What went wrong, then what to run: this very command, as typed. */
      g_autofree char *reason = g_strndup (error->message, strcspn (error->message, "\n"));
      g_autoptr(GString) args = g_string_new ("tun");
      g_autofree char *hint = NULL;

      for (int i = 1; i < argc_orig; i++)
        {
          const char *arg = argv_orig[i];

          /* Inside sh -c '…': plain words as they are, others in double quotes. */
          if (arg[0] != '\0' && arg[strspn (arg, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                                   "0123456789_./:=@%+,-[]")] == '\0')
            g_string_append_printf (args, " %s", arg);
          else
            {
              g_string_append (args, " \"");
              for (const char *p = arg; *p; p++)
                {
                  if (strchr ("\"\\$`", *p) != NULL)
                    g_string_append_c (args, '\\');
                  if (*p == '\'')
                    g_string_append (args, "'\\''");
                  else
                    g_string_append_c (args, *p);
                }
              g_string_append_c (args, '"');
            }
        }
      hint = synack_tun_privilege_message_full (NULL, args->str);
      g_printerr ("synack-cli: %s\n%s\n", reason, hint);
      return 2;
    }
  if (tun == NULL)
    return synack_cli_fail (error);
  /* The device is up: nothing else needs a privilege. */
  if (!synack_privileges_drop_all (&error))
    return synack_cli_fail (error);
  /* The output file only now, without the capability (the device goes
   * away again if the path is bad). */
  if (pcap_path != NULL)
    {
      pcap = synack_pcap_writer_new (pcap_path, &error);
      if (pcap == NULL)
        return synack_cli_fail (error);
    }

  trace = synack_trace_new (SYNACK_TRACE_SOURCE_TUN);
  synack_trace_set_live (trace, TRUE);
  {
    g_autofree char *title = g_strdup_printf (_("Engine on %s"), synack_tun_get_ifname (tun));
    synack_trace_set_title (trace, title);
  }
  services = synack_services_new (tun, trace,
                                  seed >= 0 ? (guint64) seed
                                            : ((guint64) g_random_int () << 32 | g_random_int ()));
  if (idle_text != NULL)
    {
      gint64 idle = 0;

      parse_seconds (idle_text, &idle);
      synack_services_set_idle_close (services, idle);
    }

  out = synack_queue_stream_new (fileno (stdout));
  fflush (stdout);
  loop = g_main_loop_new (NULL, FALSE);
  run.loop = loop;
  run.out = out;
  run.line = line = g_string_new (NULL);
  run.trace = trace;
  run.services = services;
  run.tun = tun;
  run.pcap = pcap;
  run.count = count > 0 ? (guint) count : 0;
  if (json)
    run.json = json_writer = synack_json_writer_new (trace, out,
                                                     SYNACK_JSON_DEFAULT, G_MAXUINT);

  synack_tun_set_tap_func (tun, on_tap, &run);
  g_signal_connect (trace, "events-added", G_CALLBACK (on_events_added), &run);
  g_signal_connect (services, "connection-ended", G_CALLBACK (on_connection_ended), &run);
  g_signal_connect (services, "client-done", G_CALLBACK (on_client_done), &run);

  if (listen_port > 0 &&
      !synack_services_listen (services, (guint16) listen_port, kind, &error))
    return synack_cli_fail (error);

  g_printerr (_("synack-cli: the engine is at %s on %s; the kernel's end is %s\n"),
              synack_address_to_string (&engine_addr, a, sizeof a), synack_tun_get_ifname (tun),
              synack_address_to_string (synack_tun_get_kernel_address (tun), b, sizeof b));
  if (listen_port > 0)
    g_printerr (_("synack-cli: %s service on port %d\n"),
                synack_service_kind_to_string (kind), listen_port);

  if (connect_text != NULL)
    {
      if (synack_services_connect (services, &connect_addr, connect_port, &plan, &error)
          == G_MAXUINT)
        return synack_cli_fail (error);
      run.n_clients = 1;
      /* A lone client: stop when its connection has ended, unless --count
       * says otherwise. */
      run.stop_on_client = listen_port == 0 && count < 0;
      if (run.stop_on_client)
        run.count = 1;
    }

  sigint_id = g_unix_signal_add (SIGINT, on_signal, &run);
  sigterm_id = g_unix_signal_add (SIGTERM, on_signal, &run);

  g_main_loop_run (loop);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);

  /* Leave no kernel socket hanging on a device about to vanish. */
  synack_services_abort_all (services);
  synack_trace_set_live (trace, FALSE);
  synack_trace_commit (trace);
  synack_tun_close (tun);

  if (run.error == NULL && json_writer != NULL &&
      synack_json_writer_write_new_events (json_writer, &run.error))
    synack_json_writer_write_connections (json_writer, &run.error);
  else if (run.error == NULL && json_writer == NULL)
    on_events_added (trace, 0, 0, &run);
  {
    g_autoptr(GError) close_error = NULL;

    /* Everything queued reaches stdout before the summary. */
    if (!g_output_stream_close (out, NULL, &close_error) && run.error == NULL)
      run.error = g_steal_pointer (&close_error);
  }
  if (pcap != NULL)
    {
      g_autoptr(GError) close_error = NULL;

      if (!synack_pcap_writer_close (pcap, &close_error) && run.error == NULL)
        run.error = g_steal_pointer (&close_error);
    }
  fflush (stdout);

  g_printerr (ngettext ("synack-cli: %u connection ended; %" PRIu64 " packets from the kernel, %"
                        PRIu64 " to it\n",
                        "synack-cli: %u connections ended; %" PRIu64 " packets from the kernel, %"
                        PRIu64 " to it\n",
                        synack_services_get_n_ended (services)),
              synack_services_get_n_ended (services),
              synack_tun_get_packets_in (tun), synack_tun_get_packets_out (tun));

  if (run.error != NULL)
    {
      int status = synack_cli_fail (run.error);

      g_error_free (run.error);
      return status;
    }
  return run.status;
}
