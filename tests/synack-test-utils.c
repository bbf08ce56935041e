/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE 1  /* unshare () */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib-object.h>
#include <glib/gstdio.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "synack-export.h"
#include "synack-scenario.h"
#include "synack-test-utils.h"

void
synack_cli_run_clear (SynackCliRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

typedef struct
{
  int   fd;
  char *text;
} Reader;

/* Both pipes are read at once, each in its thread, so a child that fills
 * one while we wait on the other does not hang. */
static gpointer
reader_thread (gpointer data)
{
  Reader *r = data;
  g_autoptr(GString) s = g_string_new (NULL);
  char buf[65536];
  gssize n;

  while ((n = read (r->fd, buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
    if (n > 0)
      g_string_append_len (s, buf, n);
  close (r->fd);
  r->text = g_string_free (g_steal_pointer (&s), FALSE);
  return NULL;
}

static void
on_child_exit (GPid     pid,
               int      wait_status,
               gpointer user_data)
{
  *(int *) user_data = wait_status;
}

static gboolean
on_hang (gpointer user_data)
{
  kill (*(GPid *) user_data, SIGKILL);
  return G_SOURCE_REMOVE;
}

void
synack_test_cli_run (SynackCliRun         *run,
                     const char * const   *args,
                     const char * const   *envp,
                     GSpawnChildSetupFunc  setup,
                     gpointer              setup_data)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainContext) context = g_main_context_new ();
  const char *cli = g_getenv ("SYNACK_CLI");
  int out_fd, err_fd, wait_status = -1;
  Reader out = { 0 }, err = { 0 };
  GThread *t_out, *t_err;
  GSource *watch, *timeout;
  struct rusage ru;
  GPid pid;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  g_main_context_push_thread_default (context);
  g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv->pdata, (char **) envp,
                                           G_SPAWN_DO_NOT_REAP_CHILD, setup, setup_data,
                                           &pid, NULL, &out_fd, &err_fd, &error));
  g_assert_no_error (error);
  out.fd = out_fd;
  err.fd = err_fd;
  t_out = g_thread_new ("stdout", reader_thread, &out);
  t_err = g_thread_new ("stderr", reader_thread, &err);

  watch = g_child_watch_source_new (pid);
  g_source_set_callback (watch, (GSourceFunc) (GCallback) on_child_exit, &wait_status, NULL);
  g_source_attach (watch, context);
  timeout = g_timeout_source_new_seconds (SYNACK_TEST_CLI_HANG_SECONDS);
  g_source_set_callback (timeout, on_hang, &pid, NULL);
  g_source_attach (timeout, context);
  while (wait_status == -1)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (watch);
  g_source_unref (watch);
  g_source_destroy (timeout);
  g_source_unref (timeout);
  g_main_context_pop_thread_default (context);
  g_spawn_close_pid (pid);

  g_thread_join (t_out);
  g_thread_join (t_err);
  synack_cli_run_clear (run);
  run->out = out.text;
  run->err = err.text;
  getrusage (RUSAGE_CHILDREN, &ru);
  run->maxrss_kb = ru.ru_maxrss;

  if (WIFSIGNALED (wait_status))
    {
      if (WTERMSIG (wait_status) == SIGKILL)
        g_error ("synack-cli %s hung (killed after %d s); stderr:\n%s", args[0],
                 SYNACK_TEST_CLI_HANG_SECONDS, run->err);
      g_error ("synack-cli %s crashed with signal %d; stderr:\n%s", args[0],
               WTERMSIG (wait_status), run->err);
    }
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
}

int
synack_test_run_cli (char       **out,
                     char       **err,
                     const char  *first,
                     ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_auto(SynackCliRun) run = { 0 };
  va_list ap;

  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  synack_test_cli_run (&run, (const char * const *) args->pdata, NULL, NULL, NULL);
  if (out != NULL)
    *out = g_steal_pointer (&run.out);
  if (err != NULL)
    *err = g_steal_pointer (&run.err);
  return run.status;
}

char *
synack_test_capture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "capture", name, NULL);
}

SynackTrace *
synack_test_run_builtin (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackScenario) scenario = synack_scenario_load_builtin (name, &error);

  g_assert_no_error (error);
  return synack_scenario_run (scenario, 1, NULL);
}

int
synack_test_find_segment (SynackTrace *trace,
                          guint8       flags,
                          guint        nth)
{
  for (guint i = 0; i < synack_trace_get_n_events (trace); i++)
    {
      SynackEvent ev;
      synack_trace_read_event (trace, i, &ev);

      if (ev.kind == SYNACK_EVENT_SEGMENT && ev.segment.flags == flags && nth-- == 0)
        return (int) i;
    }
  return -1;
}

SynackEvent
synack_test_event (SynackTrace *trace,
                   guint        index)
{
  SynackEvent ev = { 0 };

  if (!synack_trace_read_event (trace, index, &ev))
    g_error ("no event %u in a trace of %u", index, synack_trace_get_n_events (trace));
  return ev;
}

GString *
synack_test_pcap_new (void)
{
  const guint32 hdr[6] = { 0xa1b2c3d4, 0x00040002, 0, 0, 65535, 101 };
  GString *pcap = g_string_new (NULL);

  g_string_append_len (pcap, (const char *) hdr, sizeof hdr);
  return pcap;
}

void
synack_test_pcap_add (GString      *pcap,
                      guint32       sec,
                      guint32       usec,
                      const guint8 *packet,
                      guint         len)
{
  guint32 rec[4] = { sec, usec, len, len };

  g_string_append_len (pcap, (const char *) rec, sizeof rec);
  g_string_append_len (pcap, (const char *) packet, len);
}

char *
synack_test_pcap_save (GString    *pcap,
                       const char *name)
{
  g_autofree char *tmpl = g_strconcat (name, "-XXXXXX.pcap", NULL);
  g_autofree char *path = NULL;
  int fd = g_file_open_tmp (tmpl, &path, NULL);

  g_assert_cmpint (fd, >=, 0);
  close (fd);
  g_assert_true (g_file_set_contents (path, pcap->str, pcap->len, NULL));
  g_string_free (pcap, TRUE);
  return g_steal_pointer (&path);
}

char *
synack_test_write_closed_connections (guint n)
{
  static const struct { guint8 from_client, flags; guint32 seq_c, seq_s; } steps[] = {
    { 1, 0x02, 0, 0 },  /* SYN */
    { 0, 0x12, 1, 0 },  /* SYN, ACK */
    { 1, 0x10, 1, 1 },  /* ACK */
    { 1, 0x11, 1, 1 },  /* FIN, ACK */
    { 0, 0x10, 2, 1 },  /* ACK */
    { 0, 0x11, 2, 1 },  /* FIN, ACK */
    { 1, 0x10, 2, 2 },  /* ACK */
  };
  GString *pcap = synack_test_pcap_new ();
  guint k = 0;

  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < G_N_ELEMENTS (steps); j++, k++)
      {
        guint8 ip[40] = { 0x45, 0, 0, 40, 0, 0, 0x40, 0, 64, 6 };
        guint16 cport = (guint16) (30000 + i);
        guint32 isn_c = 1000 * i, isn_s = 5000000 + 1000 * i, seq, ack;
        gboolean c = steps[j].from_client;

        ip[12] = 10; ip[15] = c ? 1 : 2;      /* 10.0.0.1 client, 10.0.0.2 server */
        ip[16] = 10; ip[19] = c ? 2 : 1;
        ip[20] = (guint8) ((c ? cport : 80) >> 8);
        ip[21] = (guint8) (c ? cport : 80);
        ip[22] = (guint8) ((c ? 80 : cport) >> 8);
        ip[23] = (guint8) (c ? 80 : cport);
        seq = c ? isn_c + steps[j].seq_c : isn_s + steps[j].seq_s;
        ack = c ? isn_s + steps[j].seq_s : isn_c + steps[j].seq_c;
        ip[24] = seq >> 24; ip[25] = seq >> 16; ip[26] = seq >> 8; ip[27] = seq;
        if (steps[j].flags & 0x10)
          {
            ip[28] = ack >> 24; ip[29] = ack >> 16; ip[30] = ack >> 8; ip[31] = ack;
          }
        ip[32] = 5 << 4;
        ip[33] = steps[j].flags;
        ip[34] = 0xff;
        synack_test_pcap_add (pcap, 1000 + k / 1000, (k % 1000) * 1000, ip, sizeof ip);
      }
  return synack_test_pcap_save (pcap, "synack-closed");
}

char *
synack_test_make_tmp_dir (const char *prefix)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmpl = g_strconcat (prefix, "-XXXXXX", NULL);
  char *dir = g_dir_make_tmp (tmpl, &error);

  g_assert_no_error (error);
  return dir;
}

guint
synack_test_count_entries (const char *dir,
                           const char *prefix)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    n += g_str_has_prefix (name, prefix);
  return n;
}

void
synack_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        synack_test_remove_tree (child);
      else
        g_unlink (child);
    }
  if (dir != NULL)
    g_rmdir (path);
  else
    g_unlink (path);
}

void
synack_test_dir_set_up (SynackTestDirFixture *f,
                        gconstpointer         data)
{
  g_autofree char *program = g_path_get_basename (g_get_prgname ());
  g_autofree char *prefix = g_strconcat ("synack-", program, NULL);

  f->dir = synack_test_make_tmp_dir (prefix);
}

void
synack_test_dir_tear_down (SynackTestDirFixture *f,
                           gconstpointer         data)
{
  synack_test_remove_tree (f->dir);
  g_clear_pointer (&f->dir, g_free);
}

void
synack_test_keep_png (cairo_surface_t *surface,
                      const char      *name)
{
  const char *dir = g_getenv ("SYNACK_RENDER_KEEP");

  if (dir != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      cairo_surface_write_to_png (surface, path);
    }
}

static gboolean
write_text (const char *path,
            const char *text)
{
  int fd = open (path, O_WRONLY | O_CLOEXEC);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = write (fd, text, strlen (text)) == (ssize_t) strlen (text);
  close (fd);
  return ok;
}

const char *
synack_test_enter_network_namespace (gboolean  user_namespace,
                                     gboolean *in_user_namespace)
{
  struct ifreq ifr;
  uid_t uid = getuid ();
  gid_t gid = getgid ();
  int fd;

  if (in_user_namespace != NULL)
    *in_user_namespace = FALSE;
  if (unshare (CLONE_NEWNET) != 0)
    {
      if (errno != EPERM && errno != ENOSYS && errno != EINVAL)
        g_error ("unshare (CLONE_NEWNET): %s", g_strerror (errno));
      if (!user_namespace)
        return "cannot create a network namespace (unshare CLONE_NEWNET needs root or "
               "CAP_SYS_ADMIN)";
      /* Not root: a user namespace gives this process root over its own
       * network namespace (but not over tracefs). */
      if (unshare (CLONE_NEWUSER | CLONE_NEWNET) != 0)
        return "cannot create a network namespace (unshare CLONE_NEWNET needs root or "
               "CAP_SYS_ADMIN, and user namespaces are not allowed here)";
      {
        g_autofree char *uid_map = g_strdup_printf ("0 %u 1\n", (guint) uid);
        g_autofree char *gid_map = g_strdup_printf ("0 %u 1\n", (guint) gid);

        write_text ("/proc/self/setgroups", "deny");
        if (!write_text ("/proc/self/uid_map", uid_map) ||
            !write_text ("/proc/self/gid_map", gid_map))
          return "cannot map this user into a user namespace";
      }
      if (in_user_namespace != NULL)
        *in_user_namespace = TRUE;
    }
  /* Loopback up, for the sockets that talk among themselves. */
  fd = socket (AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  g_assert_cmpint (fd, >=, 0);
  memset (&ifr, 0, sizeof ifr);
  g_strlcpy (ifr.ifr_name, "lo", IFNAMSIZ);
  g_assert_no_errno (ioctl (fd, SIOCGIFFLAGS, &ifr));
  ifr.ifr_flags |= IFF_UP;
  g_assert_no_errno (ioctl (fd, SIOCSIFFLAGS, &ifr));
  close (fd);
  return NULL;
}

gboolean
synack_test_skip_if (const char *reason)
{
  if (reason == NULL)
    return FALSE;
  g_test_skip (reason);
  return TRUE;
}

/* ---- dense loopback captures, built packet by packet ---- */

typedef struct
{
  gint64  t;
  guint   conn;
  guint   ep;
  guint8  flags;
  guint32 seq, ack, len;
} LoopbackPkt;

static int
loopback_pkt_compare (gconstpointer a,
                      gconstpointer b)
{
  const LoopbackPkt *x = a, *y = b;

  return x->t < y->t ? -1 : x->t > y->t ? 1 : 0;
}

#define LOOPBACK_US 1000

char *
synack_test_write_loopback_capture (guint    n,
                                    gboolean lose)
{
  g_autoptr(SynackTrace) trace = synack_trace_new (SYNACK_TRACE_SOURCE_ENGINE);
  g_autoptr(GArray) pkts = g_array_new (FALSE, FALSE, sizeof (LoopbackPkt));
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = synack_test_make_tmp_dir ("synack-loopback");
  char *path = g_build_filename (dir, lose ? "lossy.pcap" : "dense.pcap", NULL);
  SynackAddress lo;

  synack_address_set_ipv4 (&lo, 0x7f000001);
  for (guint k = 0; k < n; k++)
    {
      guint conn = synack_trace_add_connection (trace, &lo, 40000 + k, &lo, 9000);
      gint64 t = k * 37 * LOOPBACK_US;
      guint32 c = 1000 * (k + 1), s = 700000 + 1000 * k;
      gboolean lost = lose && k % 3 == 0;
      LoopbackPkt p[] = {
        { t,           conn, 0, SYNACK_FLAG_SYN, c, 0, 0 },
        { t + 12 * LOOPBACK_US, conn, 1, SYNACK_FLAG_SYN | SYNACK_FLAG_ACK, s, c + 1, 0 },
        { t + 20 * LOOPBACK_US, conn, 0, SYNACK_FLAG_ACK, c + 1, s + 1, 0 },
        { t + 31 * LOOPBACK_US, conn, 0, SYNACK_FLAG_ACK | SYNACK_FLAG_PSH, c + 1, s + 1, 100 },
        { t + 40 * LOOPBACK_US, conn, 1, SYNACK_FLAG_ACK, s + 1, c + 101, 0 },
        { t + 52 * LOOPBACK_US, conn, 1, SYNACK_FLAG_ACK | SYNACK_FLAG_PSH, s + 1, c + 101, 500 },
        { t + 53 * LOOPBACK_US, conn, 0, SYNACK_FLAG_ACK | SYNACK_FLAG_FIN, c + 101,
          lost ? s + 1 : s + 501, 0 },
        { t + 54 * LOOPBACK_US, conn, 1, SYNACK_FLAG_ACK | SYNACK_FLAG_FIN, s + 501, c + 102, 0 },
        { t + 61 * LOOPBACK_US, conn, 0, SYNACK_FLAG_ACK, c + 102, lost ? s + 1 : s + 502, 0 },
      };

      for (guint i = 0; i < G_N_ELEMENTS (p); i++)
        {
          /* the reply never reached the capture */
          if (lost && i == 5)
            continue;
          g_array_append_val (pkts, p[i]);
        }
      if (lost)
        {
          gint64 rto = 200 * 1000 * LOOPBACK_US;
          LoopbackPkt rtx = { t + rto, conn, 1, SYNACK_FLAG_ACK | SYNACK_FLAG_PSH,
                              s + 1, c + 102, 500 };
          LoopbackPkt ack = { t + rto + 9 * LOOPBACK_US, conn, 0, SYNACK_FLAG_ACK,
                              c + 102, s + 502, 0 };
          LoopbackPkt dup = { t + 70 * LOOPBACK_US, conn, 0, SYNACK_FLAG_ACK, c + 102, s + 1, 0 };

          g_array_append_val (pkts, dup);
          g_array_append_val (pkts, rtx);
          g_array_append_val (pkts, ack);
        }
      synack_trace_set_isn (trace, conn, 0, c, TRUE);
      synack_trace_set_isn (trace, conn, 1, s, TRUE);
    }
  g_array_sort (pkts, loopback_pkt_compare);
  for (guint i = 0; i < pkts->len; i++)
    {
      const LoopbackPkt *p = &g_array_index (pkts, LoopbackPkt, i);
      SynackSegment seg = { 0 };
      const SynackConnection *c = synack_trace_get_connection (trace, p->conn);

      seg.sport = c->port[p->ep];
      seg.dport = c->port[1 - p->ep];
      seg.seq = p->seq;
      seg.ack = p->ack;
      seg.flags = p->flags;
      seg.window = 65535;
      seg.payload_len = p->len;
      synack_trace_append_segment (trace, p->t, p->conn, p->ep, &seg, SYNACK_FATE_DELIVERED,
                                   p->t + 5 * LOOPBACK_US, 0);
    }
  synack_trace_commit (trace);
  g_assert_true (synack_export_pcap (trace, path, G_MAXUINT, &error));
  g_assert_no_error (error);
  return path;
}

void
synack_test_remove_capture (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  synack_test_remove_tree (dir);
}
