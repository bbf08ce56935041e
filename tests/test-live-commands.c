/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Privileges and shutdown of the long-running CLI commands:
 *
 * - `synack-cli capture` and `synack-cli tun` hold no capability once their
 *   device is open (CapEff and CapPrm in /proc/PID/status are zero), so a
 *   bug in packet handling cannot be turned into CAP_NET_RAW/CAP_NET_ADMIN;
 * - SIGTERM and SIGINT end them cleanly (exit 0) and the pcap given with -w
 *   holds every packet they showed;
 * - a capture whose interface vanishes fails (exit 1) saying so, and still
 *   writes what it captured;
 * - the window capturing on lo, sent SIGTERM, quits cleanly (exit 0) and
 *   leaves none of its capture's temporary files (with a display only).
 *
 * The test runs in a network namespace of its own (unshare(CLONE_NEWNET)),
 * with its own loopback and TUN devices; it skips where it cannot make one
 * or has no privilege to capture. */
#define _GNU_SOURCE 1  /* unshare () */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <pcap/pcap.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "synack-test-utils.h"

/* Generous waits for a shared, noisy machine; they bound a hang, they do
 * not measure anything. */
#define READY_SECONDS 30

static const char *skip_reason;

typedef struct
{
  char  *dir;
  char  *out_path;   /* the child's stdout */
  char  *err_path;   /* the child's stderr */
  char  *pcap_path;
  GPid   pid;
  int    status;
  gboolean exited;
} Child;

static void
child_clear (Child *c)
{
  if (c->pid > 0 && !c->exited)
    {
      kill (c->pid, SIGKILL);
      waitpid (c->pid, NULL, 0);
    }
  if (c->dir != NULL)
    {
      g_unlink (c->out_path);
      g_unlink (c->err_path);
      g_unlink (c->pcap_path);
      g_rmdir (c->dir);
    }
  g_free (c->dir);
  g_free (c->out_path);
  g_free (c->err_path);
  g_free (c->pcap_path);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Child, child_clear)

static char *
read_text (const char *path)
{
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return g_strdup ("");
  return text;
}

static void
child_spawn (Child       *c,
             const char **args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int out_fd, err_fd;

  c->dir = g_dir_make_tmp ("synack-priv-XXXXXX", &error);
  g_assert_no_error (error);
  c->out_path = g_build_filename (c->dir, "stdout", NULL);
  c->err_path = g_build_filename (c->dir, "stderr", NULL);
  c->pcap_path = g_build_filename (c->dir, "out.pcap", NULL);

  g_ptr_array_add (argv, (gpointer) g_getenv ("SYNACK_CLI"));
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, (gpointer) "-w");
  g_ptr_array_add (argv, c->pcap_path);
  g_ptr_array_add (argv, NULL);

  out_fd = open (c->out_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  err_fd = open (c->err_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  g_assert_cmpint (out_fd, >=, 0);
  g_assert_cmpint (err_fd, >=, 0);
  g_assert_true (g_spawn_async_with_fds (NULL, (char **) argv->pdata, NULL,
                                         G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &c->pid,
                                         -1, out_fd, err_fd, &error));
  g_assert_no_error (error);
  close (out_fd);
  close (err_fd);
}

/* Has the child exited? Reaps it if so. */
static gboolean
child_poll_exit (Child *c)
{
  int status;

  if (c->exited)
    return TRUE;
  if (waitpid (c->pid, &status, WNOHANG) == c->pid)
    {
      c->exited = TRUE;
      c->status = status;
    }
  return c->exited;
}

/* Wait until the child's stderr (or stdout) holds needle; fail if it exits
 * first or takes longer than READY_SECONDS. */
static void
child_wait_for (Child      *c,
                const char *path,
                const char *needle)
{
  gint64 deadline = g_get_monotonic_time () + READY_SECONDS * G_USEC_PER_SEC;

  for (;;)
    {
      g_autofree char *text = read_text (path);

      if (strstr (text, needle) != NULL)
        return;
      if (child_poll_exit (c))
        {
          g_autofree char *err = read_text (c->err_path);

          g_error ("synack-cli exited (status %d) before printing “%s”; stderr:\n%s", c->status,
                   needle, err);
        }
      if (g_get_monotonic_time () > deadline)
        {
          g_autofree char *err = read_text (c->err_path);

          g_error ("synack-cli did not print “%s” within %d s; stderr:\n%s", needle,
                   READY_SECONDS, err);
        }
      g_usleep (20 * 1000);
    }
}

static void
child_wait_exit (Child *c)
{
  gint64 deadline = g_get_monotonic_time () + READY_SECONDS * G_USEC_PER_SEC;

  while (!child_poll_exit (c))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("synack-cli did not exit within %d s of the signal", READY_SECONDS);
      g_usleep (20 * 1000);
    }
}

/* The capability sets of a process, from /proc/PID/status. */
static void
read_caps (GPid     pid,
           guint64 *eff,
           guint64 *prm)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", (int) pid);
  g_autofree char *text = read_text (path);
  const char *e = strstr (text, "\nCapEff:\t");
  const char *p = strstr (text, "\nCapPrm:\t");

  g_assert_nonnull (e);
  g_assert_nonnull (p);
  *eff = g_ascii_strtoull (e + strlen ("\nCapEff:\t"), NULL, 16);
  *prm = g_ascii_strtoull (p + strlen ("\nCapPrm:\t"), NULL, 16);
}

/* Packets in a pcap file, or -1 when libpcap cannot read it. */
static int
count_pcap (const char *path)
{
  char errbuf[PCAP_ERRBUF_SIZE];
  struct pcap_pkthdr *hdr;
  const u_char *data;
  pcap_t *p = pcap_open_offline (path, errbuf);
  int n = 0;

  if (p == NULL)
    {
      g_test_message ("%s: %s", path, errbuf);
      return -1;
    }
  while (pcap_next_ex (p, &hdr, &data) == 1)
    n++;
  pcap_close (p);
  return n;
}

static guint
count_lines_with (const char *text,
                  const char *needle)
{
  guint n = 0;

  for (const char *s = text; (s = strstr (s, needle)) != NULL; s += strlen (needle))
    n++;
  return n;
}

/* Open and close n TCP connections to 127.0.0.1:port, each sending a line. */
static void
loopback_connections (guint16 port,
                      guint   n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocketClient) client = g_socket_client_new ();
      g_autoptr(GSocketConnection) conn = NULL;

      conn = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, &error);
      g_assert_no_error (error);
      g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (conn)), "hello\n", 6,
                                 NULL, NULL, &error);
      g_assert_no_error (error);
      g_io_stream_close (G_IO_STREAM (conn), NULL, NULL);
    }
}

static void
check_dropped (Child      *c,
               const char *what,
               guint64     eff,
               guint64     prm)
{
  g_test_message ("%s after its device is open: CapEff %016" G_GINT64_MODIFIER "x, CapPrm %016"
                  G_GINT64_MODIFIER "x", what, eff, prm);
  if (eff != 0 || prm != 0)
    g_error ("%s keeps capabilities after its device is open: CapEff %" G_GINT64_MODIFIER "x, "
             "CapPrm %" G_GINT64_MODIFIER "x", what, eff, prm);
}

static void
test_capture (gconstpointer data)
{
  int sig = GPOINTER_TO_INT (data);
  g_auto(Child) c = { 0 };
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *filter = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  guint64 eff = 0, prm = 0;
  const guint n = 5;
  gboolean dropped;
  guint shown;
  guint16 port;
  int packets;

  if (skip_reason)
    {
      g_test_skip (skip_reason);
      return;
    }
  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  filter = g_strdup_printf ("tcp port %u", port);
  {
    const char *args[] = { "capture", "-i", "lo", "-f", filter, NULL };

    child_spawn (&c, args);
  }
  child_wait_for (&c, c.err_path, "capturing on");
  read_caps (c.pid, &eff, &prm);

  /* The kernel answers the handshakes from the listener's backlog. */
  loopback_connections (port, n);
  /* Wait (a bounded while) until synack-cli has shown every SYN and FIN;
   * whether it did is checked after the signal. */
  {
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    for (;;)
      {
        g_autofree char *text = read_text (c.out_path);

        if (count_lines_with (text, "[SYN]") >= n && count_lines_with (text, "[FIN") >= n)
          break;
        if (g_get_monotonic_time () > deadline)
          break;
        g_usleep (20 * 1000);
      }
  }

  kill (c.pid, sig);
  child_wait_exit (&c);
  out = read_text (c.out_path);
  err = read_text (c.err_path);
  if (!WIFEXITED (c.status) || WEXITSTATUS (c.status) != 0)
    g_error ("capture ended with wait status %d after %s; stderr:\n%s", c.status,
             g_strsignal (sig), err);

  /* Nothing lost: the pcap holds at least every segment shown. */
  packets = count_pcap (c.pcap_path);
  shown = count_lines_with (out, "] seq=");
  g_test_message ("%d packets in the pcap, %u segments shown; stderr:\n%s", packets, shown, err);
  g_assert_cmpint (packets, >=, (int) shown);
  g_assert_cmpuint (shown, >, 0);

  /* Every packet of the n connections went through: 3 for the handshake,
   * the data, the client's FIN and the ACK of both (the listener never
   * accepts, so its side stays open): 6 each, at least. */
  dropped = strstr (err, " 0 dropped by the kernel") == NULL;
  if (dropped || shown < n * 6 || count_lines_with (out, "[SYN]") != n
      || count_lines_with (out, "[FIN") != n)
    g_error ("capture lost packets of %u loopback connections (%u segments shown; kernel "
             "drops: %s):\n%s", n, shown, dropped ? "yes" : "no", out);
  check_dropped (&c, "synack-cli capture", eff, prm);
}

static void
test_tun (gconstpointer data)
{
  int sig = GPOINTER_TO_INT (data);
  g_auto(Child) c = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) conn = NULL;
  g_autofree char *ifname = g_strdup_printf ("synpriv%d", sig);
  g_autofree char *addr = g_strdup_printf ("10.77.%d.1/24", sig);
  g_autofree char *engine = g_strdup_printf ("10.77.%d.1", sig);
  const char *args[] = { "tun", "--ifname", ifname, "--addr", addr, "--listen", "7",
                         "--service", "echo", NULL };
  char echo[6] = "";
  guint64 eff = 0, prm = 0;
  int packets;

  if (skip_reason)
    {
      g_test_skip (skip_reason);
      return;
    }
  if (!g_file_test ("/dev/net/tun", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("/dev/net/tun is absent");
      return;
    }
  child_spawn (&c, args);
  child_wait_for (&c, c.err_path, "service on port");
  read_caps (c.pid, &eff, &prm);

  /* A kernel socket talks to the engine's echo service. */
  g_socket_client_set_timeout (client, READY_SECONDS);
  conn = g_socket_client_connect_to_host (client, engine, 7, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (conn)), "hello\n", 6,
                             NULL, NULL, &error);
  g_assert_no_error (error);
  g_input_stream_read_all (g_io_stream_get_input_stream (G_IO_STREAM (conn)), echo, 6, NULL,
                           NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (echo, 6, "hello\n", 6);

  kill (c.pid, sig);
  child_wait_exit (&c);
  if (!WIFEXITED (c.status) || WEXITSTATUS (c.status) != 0)
    {
      g_autofree char *err = read_text (c.err_path);

      g_error ("tun ended with wait status %d after %s; stderr:\n%s", c.status,
               g_strsignal (sig), err);
    }
  g_io_stream_close (G_IO_STREAM (conn), NULL, NULL);

  /* SYN, SYN-ACK, ACK, the data, its echo and their ACKs, at least. */
  packets = count_pcap (c.pcap_path);
  g_test_message ("%d packets in the pcap", packets);
  g_assert_cmpint (packets, >=, 5);

  check_dropped (&c, "synack-cli tun", eff, prm);
}

static gboolean
run_ip (const char *args)
{
  g_autofree char *cmd = g_strconcat ("ip ", args, NULL);
  g_auto(GStrv) argv = g_strsplit (cmd, " ", -1);
  int status = 0;

  return g_spawn_sync (NULL, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                       NULL, NULL, NULL, &status, NULL)
         && g_spawn_check_wait_status (status, NULL);
}

/* Nothing lost: the interface vanishes in the middle of a capture. The
 * capture ends with a runtime failure (exit 1) that says so, and the -w pcap
 * still holds what was captured. */
static void
test_capture_device_vanishes (void)
{
  g_auto(Child) c = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) sock = NULL;
  g_autoptr(GInetAddress) addr = NULL;
  g_autoptr(GSocketAddress) peer = NULL;
  g_autofree char *err = NULL;
  const char *args[] = { "capture", "-i", "synveth0", NULL };
  int packets;

  if (skip_reason)
    {
      g_test_skip (skip_reason);
      return;
    }
  if (!run_ip ("link add synveth0 type veth peer name synveth1"))
    {
      g_test_skip ("cannot make a veth pair (ip link add ... type veth)");
      return;
    }
  g_assert_true (run_ip ("addr add 10.78.0.1/24 dev synveth0"));
  g_assert_true (run_ip ("link set synveth0 up"));
  g_assert_true (run_ip ("link set synveth1 up"));
  /* No ARP needed: the SYNs go straight out. */
  g_assert_true (run_ip ("neigh add 10.78.0.2 lladdr 02:00:00:00:00:02 dev synveth0"));

  child_spawn (&c, args);
  child_wait_for (&c, c.err_path, "capturing on");

  /* A connect that nobody answers: its SYN (and retransmissions) go out. */
  sock = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_set_blocking (sock, FALSE);
  addr = g_inet_address_new_from_string ("10.78.0.2");
  peer = g_inet_socket_address_new (addr, 80);
  g_socket_connect (sock, peer, NULL, NULL);
  child_wait_for (&c, c.out_path, "[SYN]");

  g_assert_true (run_ip ("link del synveth0"));
  child_wait_exit (&c);
  err = read_text (c.err_path);
  g_test_message ("stderr:\n%s", err);
  g_assert_true (WIFEXITED (c.status));
  g_assert_cmpint (WEXITSTATUS (c.status), ==, 1);
  g_assert_nonnull (strstr (err, "synveth0"));

  packets = count_pcap (c.pcap_path);
  g_assert_cmpint (packets, >=, 1);
}

/* The window capturing on lo is asked to end (a logout's SIGTERM): it
 * quits as from its menu, and its capture's temporary files go. */
static void
test_window_sigterm (void)
{
  g_autofree char *gui = g_test_build_filename (G_TEST_BUILT, "..", "ui", "synack", NULL);
  g_autofree char *tmp = NULL;
  g_auto(GStrv) envp = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { gui, "-i", "lo", NULL };
  gint64 deadline;
  GPid pid;
  int status = 0;

  if (skip_reason)
    {
      g_test_skip (skip_reason);
      return;
    }
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_test_skip ("no display for the window");
      return;
    }
  if (!g_file_test (gui, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("built without the window (-Dgui=disabled)");
      return;
    }
  tmp = g_dir_make_tmp ("synack-gui-tmp-XXXXXX", &error);
  g_assert_no_error (error);
  envp = g_environ_setenv (g_get_environ (), "TMPDIR", tmp, TRUE);
  /* the window's own warnings are not this test's, nor what GTK keeps
   * until exit (a leak checker's report, under a sanitizer build) */
  envp = g_environ_unsetenv (envp, "G_DEBUG");
  /* This test is about the signal, not the drawing: no GL. Under a
   * sanitizer with slow (libgcc) unwinding on every malloc, Mesa's
   * llvmpipe registering its compiled code's unwind tables while another
   * thread frees its thread-local data can deadlock inside libgcc's
   * unwinder lock; the window then never gets to quit. */
  envp = g_environ_setenv (envp, "GSK_RENDERER", "cairo", TRUE);
  {
    g_autofree char *asan = g_strconcat (g_getenv ("ASAN_OPTIONS") != NULL
                                         ? g_getenv ("ASAN_OPTIONS") : "",
                                         ":detect_leaks=0:fast_unwind_on_malloc=1", NULL);

    envp = g_environ_setenv (envp, "ASAN_OPTIONS", asan, TRUE);
  }
  g_assert_true (g_spawn_async (NULL, (char **) argv, envp,
                                G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL |
                                G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &pid, &error));
  g_assert_no_error (error);
  /* a bounded wait for the capture to start, not a timing assertion */
  deadline = g_get_monotonic_time () + READY_SECONDS * G_USEC_PER_SEC;
  while (synack_test_count_entries (tmp, "synack-live-") == 0 &&
         g_get_monotonic_time () < deadline && waitpid (pid, &status, WNOHANG) == 0)
    g_usleep (50 * 1000);
  if (synack_test_count_entries (tmp, "synack-live-") == 0)
    {
      kill (pid, SIGKILL);
      waitpid (pid, &status, 0);
      g_error ("the window started no capture on lo (wait status %d)", status);
    }
  kill (pid, SIGTERM);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    g_error ("the window ended with wait status %d after SIGTERM", status);
  g_assert_cmpuint (synack_test_count_entries (tmp, "synack-live-"), ==, 0);
  g_rmdir (tmp);
}

static void
set_up_namespace (void)
{
  g_autoptr(GError) error = NULL;
  char errbuf[PCAP_ERRBUF_SIZE];
  const char *ip_argv[] = { "ip", "link", "set", "lo", "up", NULL };
  int status = 0;
  pcap_t *p;

  if (unshare (CLONE_NEWNET) != 0)
    {
      skip_reason = "cannot make a network namespace (needs root or CAP_SYS_ADMIN)";
      return;
    }
  if (!g_spawn_sync (NULL, (char **) ip_argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                     &status, &error) || !g_spawn_check_wait_status (status, NULL))
    {
      skip_reason = "cannot bring up lo in the test's namespace (is iproute2 installed?)";
      return;
    }
  /* Can this process capture at all? Otherwise the child cannot either. */
  p = pcap_create ("lo", errbuf);
  if (p == NULL || pcap_activate (p) < 0)
    skip_reason = "no privilege to capture (needs root or CAP_NET_RAW)";
  if (p != NULL)
    pcap_close (p);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  signal (SIGPIPE, SIG_IGN);
  set_up_namespace ();

  g_test_add_data_func ("/synack/live-commands/capture-sigterm", GINT_TO_POINTER (SIGTERM),
                        test_capture);
  g_test_add_data_func ("/synack/live-commands/capture-sigint", GINT_TO_POINTER (SIGINT),
                        test_capture);
  g_test_add_func ("/synack/live-commands/capture-device-vanishes", test_capture_device_vanishes);
  g_test_add_func ("/synack/live-commands/window-sigterm", test_window_sigterm);
  g_test_add_data_func ("/synack/live-commands/tun-sigterm", GINT_TO_POINTER (SIGTERM), test_tun);
  g_test_add_data_func ("/synack/live-commands/tun-sigint", GINT_TO_POINTER (SIGINT), test_tun);
  return g_test_run ();
}
