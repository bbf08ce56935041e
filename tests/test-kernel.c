/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The kernel's own view: sock_diag listings, tracepoint lines, the
 * comparison of kernel and inferred paths, and `synack-cli capture
 * --kernel-states` on real kernel sockets.
 *
 * The test runs in a network namespace of its own (unshare (CLONE_NEWNET),
 * or with a user namespace where that is all an unprivileged user may
 * make), so its sockets, its loopback and its capture are its own. */
#define _GNU_SOURCE 1   /* unshare () */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>
#include <math.h>

#include "synack-document.h"
#include "synack-error.h"
#include "synack-kernel-states.h"
#include "synack-ladder-paint.h"
#include "synack-timeline-paint.h"
#include "synack-kernel-watch.h"
#include "synack-machine.h"
#include "synack-sock-diag.h"
#include "synack-test-utils.h"

#define WAIT_LIMIT_MS (60 * 1000)   /* a hang, not a speed check */

static const char *skip_reason;
static gboolean in_user_namespace;

/* ---------------------------------------------------------------- sockets */

static int
listener (int      family,
          guint16 *port)
{
  int fd = socket (family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  struct sockaddr_storage ss;
  socklen_t len;
  int one = 1;

  g_assert_cmpint (fd, >=, 0);
  setsockopt (fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  memset (&ss, 0, sizeof ss);
  if (family == AF_INET)
    {
      struct sockaddr_in *in = (struct sockaddr_in *) &ss;

      in->sin_family = AF_INET;
      in->sin_addr.s_addr = htonl (INADDR_LOOPBACK);
      in->sin_port = htons (*port);
      len = sizeof *in;
    }
  else
    {
      struct sockaddr_in6 *in6 = (struct sockaddr_in6 *) &ss;

      in6->sin6_family = AF_INET6;
      in6->sin6_addr = in6addr_loopback;
      in6->sin6_port = htons (*port);
      len = sizeof *in6;
    }
  g_assert_no_errno (bind (fd, (struct sockaddr *) &ss, len));
  g_assert_no_errno (listen (fd, 8));
  len = sizeof ss;
  g_assert_no_errno (getsockname (fd, (struct sockaddr *) &ss, &len));
  *port = ntohs (family == AF_INET ? ((struct sockaddr_in *) &ss)->sin_port
                                   : ((struct sockaddr_in6 *) &ss)->sin6_port);
  return fd;
}

/* A blocking connect to 127.0.0.1:port; returns the socket and its port,
 * or -1 with errno when refused. */
static int
connect_to (guint16  port,
            guint16 *local_port)
{
  struct sockaddr_in in = { .sin_family = AF_INET, .sin_port = htons (port),
                            .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  struct sockaddr_in me;
  socklen_t len = sizeof me;
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  g_assert_cmpint (fd, >=, 0);
  /* The port is chosen now, so that a refused connect still has one. */
  g_assert_no_errno (bind (fd, (struct sockaddr *) &(struct sockaddr_in) {
                             .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) },
                           sizeof (struct sockaddr_in)));
  g_assert_no_errno (getsockname (fd, (struct sockaddr *) &me, &len));
  *local_port = ntohs (me.sin_port);
  if (connect (fd, (struct sockaddr *) &in, sizeof in) != 0)
    {
      int saved = errno;

      close (fd);
      errno = saved;
      return -1;
    }
  return fd;
}

static void
send_text (int         fd,
           const char *text)
{
  g_assert_cmpint (send (fd, text, strlen (text), MSG_NOSIGNAL), ==, strlen (text));
}

static void
recv_text (int         fd,
           const char *want)
{
  char buf[64];
  gsize got = 0;

  while (got < strlen (want))
    {
      ssize_t n = recv (fd, buf + got, sizeof buf - got, 0);

      g_assert_cmpint (n, >, 0);
      got += n;
    }
  buf[got] = '\0';
  g_assert_cmpstr (buf, ==, want);
}

static void
recv_eof (int fd)
{
  char buf[16];

  g_assert_cmpint (recv (fd, buf, sizeof buf, 0), ==, 0);
}

/* ---------------------------------------------------------------- unit tests */

static void
test_parse_trace_line (void)
{
  SynackKernelChange c;
  gint64 mono;
  char buf[80];

  g_assert_true (synack_kernel_parse_trace_line (
    "  python3-20351   [001] ..s2.   381.752716: inet_sock_set_state: family=AF_INET "
    "protocol=IPPROTO_TCP sport=9100 dport=33788 saddr=127.0.0.1 daddr=127.0.0.2 "
    "saddrv6=::ffff:127.0.0.1 daddrv6=::ffff:127.0.0.2 oldstate=TCP_LISTEN "
    "newstate=TCP_SYN_RECV", &mono, &c));
  g_assert_cmpint (mono, ==, G_GINT64_CONSTANT (381752716000));
  g_assert_cmpstr (synack_endpoint_to_string (&c.local, c.local_port, buf, sizeof buf), ==,
                   "127.0.0.1:9100");
  g_assert_cmpstr (synack_endpoint_to_string (&c.remote, c.remote_port, buf, sizeof buf), ==,
                   "127.0.0.2:33788");
  g_assert_cmpint (c.from, ==, SYNACK_TCP_LISTEN);
  g_assert_cmpint (c.to, ==, SYNACK_TCP_SYN_RECEIVED);
  g_assert_cmpint (c.source, ==, SYNACK_KERNEL_SOURCE_TRACEPOINT);
  /* made while the kernel handled a packet (softirq): no call */
  g_assert_false (c.in_process);
  g_assert_cmpint (c.pid, ==, 0);

  /* IPv6, with a process name holding spaces and dashes before it. */
  g_assert_true (synack_kernel_parse_trace_line (
    " my prog-x-12 [000] .....    12.000001: inet_sock_set_state: family=AF_INET6 "
    "protocol=IPPROTO_TCP sport=443 dport=50000 saddr=0.0.0.0 daddr=0.0.0.0 "
    "saddrv6=2001:db8::1 daddrv6=2001:db8::2 oldstate=TCP_FIN_WAIT1 newstate=TCP_CLOSING",
    &mono, &c));
  g_assert_cmpint (mono, ==, G_GINT64_CONSTANT (12000001000));
  g_assert_cmpstr (synack_endpoint_to_string (&c.local, c.local_port, buf, sizeof buf), ==,
                   "[2001:db8::1]:443");
  g_assert_cmpint (c.from, ==, SYNACK_TCP_FIN_WAIT_1);
  g_assert_cmpint (c.to, ==, SYNACK_TCP_CLOSING);
  /* in the process's own context: its name and pid */
  g_assert_true (c.in_process);
  g_assert_cmpint (c.pid, ==, 12);
  g_assert_cmpstr (c.comm, ==, "my prog-x");

  /* An IPv4 connection of an IPv6 socket is given as IPv4. */
  g_assert_true (synack_kernel_parse_trace_line (
    "x-1 [000] ..... 1.5: inet_sock_set_state: family=AF_INET6 protocol=IPPROTO_TCP "
    "sport=1 dport=2 saddr=0.0.0.0 daddr=0.0.0.0 saddrv6=::ffff:10.0.0.1 "
    "daddrv6=::ffff:10.0.0.2 oldstate=TCP_CLOSE newstate=TCP_SYN_SENT", &mono, &c));
  g_assert_cmpint (c.local.family, ==, 4);
  g_assert_cmpstr (synack_endpoint_to_string (&c.remote, c.remote_port, buf, sizeof buf), ==,
                   "10.0.0.2:2");

  /* Not TCP, another event, a lost-events line, junk. */
  g_assert_false (synack_kernel_parse_trace_line (
    "x-1 [000] ..... 1.000001: inet_sock_set_state: family=AF_INET protocol=IPPROTO_SCTP "
    "sport=1 dport=2 saddr=1.1.1.1 daddr=2.2.2.2 saddrv6=::1 daddrv6=::1 "
    "oldstate=TCP_CLOSE newstate=TCP_LISTEN", &mono, &c));
  g_assert_false (synack_kernel_parse_trace_line (
    "x-1 [000] ..... 1.000001: sock_rcvqueue_full: rmem_alloc=1", &mono, &c));
  g_assert_false (synack_kernel_parse_trace_line ("CPU:1 [LOST 12 EVENTS]", &mono, &c));
  g_assert_false (synack_kernel_parse_trace_line (
    "x-1 [000] ..... 1.000001: inet_sock_set_state: family=AF_INET protocol=IPPROTO_TCP "
    "sport=1 dport=2 saddr=1.1.1.1 daddr=2.2.2.2 saddrv6=::1 daddrv6=::1 "
    "oldstate=TCP_BOGUS newstate=TCP_LISTEN", &mono, &c));
}

static const SynackSocketInfo *
find_socket (GArray  *all,
             guint16  local_port,
             guint16  remote_port,
             int      family)
{
  for (guint i = 0; i < all->len; i++)
    {
      const SynackSocketInfo *s = &g_array_index (all, SynackSocketInfo, i);

      if (s->local_port == local_port && s->remote_port == remote_port &&
          s->local.family == family)
        return s;
    }
  g_error ("sock_diag lists no socket %u -> %u (IPv%d)", local_port, remote_port, family);
}

static void
test_sock_diag (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) all = NULL;
  g_autofree char *comm = NULL;
  guint16 port4 = 0, port6 = 0, client_port = 0;
  int l4, l6, c, s;
  const SynackSocketInfo *info;
  char buf[80];
  g_autofree char *want = NULL;
  struct sockaddr_in6 to6 = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT };
  struct sockaddr_in6 me6;
  socklen_t len = sizeof me6;
  int c6, s6;

  if (synack_test_skip_if (skip_reason))
    return;
  g_file_get_contents ("/proc/self/comm", &comm, NULL, NULL);
  g_strchomp (comm);

  l4 = listener (AF_INET, &port4);
  l6 = listener (AF_INET6, &port6);
  c = connect_to (port4, &client_port);
  g_assert_cmpint (c, >=, 0);
  s = accept (l4, NULL, NULL);
  g_assert_cmpint (s, >=, 0);
  send_text (c, "ping");
  recv_text (s, "ping");
  /* The answer carries the ACK of the ping: the client has it when it reads. */
  send_text (s, "pong");
  recv_text (c, "pong");

  c6 = socket (AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
  to6.sin6_port = htons (port6);
  g_assert_no_errno (connect (c6, (struct sockaddr *) &to6, sizeof to6));
  g_assert_no_errno (getsockname (c6, (struct sockaddr *) &me6, &len));
  s6 = accept (l6, NULL, NULL);
  g_assert_cmpint (s6, >=, 0);

  all = synack_sock_diag_list (TRUE, &error);
  g_assert_no_error (error);

  info = find_socket (all, port4, 0, 4);
  g_assert_nonnull (info);
  g_assert_cmpint (info->state, ==, SYNACK_TCP_LISTEN);
  g_free (want);
  want = g_strdup_printf ("127.0.0.1:%u", port4);
  g_assert_cmpstr (synack_endpoint_to_string (&info->local, info->local_port, buf, sizeof buf),
                   ==, want);
  g_assert_cmpuint (info->inode, !=, 0);
  g_assert_cmpint (info->pid, ==, getpid ());
  g_assert_cmpstr (info->process, ==, comm);

  info = find_socket (all, client_port, port4, 4);
  g_assert_nonnull (info);
  g_assert_cmpint (info->state, ==, SYNACK_TCP_ESTABLISHED);
  g_assert_cmpuint (info->uid, ==, getuid ());
  g_assert_true (info->have_info);
  /* Loopback's MSS (65535 MTU less 40 bytes of headers, less options) and
   * Linux's initial window of ten segments (RFC 6928), grown by slow start
   * for the one segment acknowledged since. */
  g_assert_cmpuint (info->info.snd_mss, >, 1460);
  g_assert_cmpuint (info->info.snd_cwnd, >=, 10);
  g_assert_cmpuint (info->info.snd_cwnd, <=, 12);
  g_assert_cmpuint (info->info.bytes_acked, ==, 4 + 1);   /* the text, and the SYN */
  g_assert_cmpint (info->pid, ==, getpid ());

  info = find_socket (all, port4, client_port, 4);
  g_assert_nonnull (info);
  g_assert_cmpint (info->state, ==, SYNACK_TCP_ESTABLISHED);
  g_assert_cmpuint (info->info.bytes_received, ==, 4);
  /* The pong; Linux counts the SYN-ACK's acknowledgement in bytes_acked
   * only on the active side. */
  g_assert_cmpuint (info->info.bytes_acked, ==, 4);

  info = find_socket (all, ntohs (me6.sin6_port), port6, 6);
  g_assert_nonnull (info);
  g_assert_cmpint (info->state, ==, SYNACK_TCP_ESTABLISHED);
  g_free (want);
  want = g_strdup_printf ("[::1]:%u", port6);
  g_assert_cmpstr (synack_endpoint_to_string (&info->remote, info->remote_port, buf, sizeof buf),
                   ==, want);

  /* An orphaned close: FIN-WAIT-2 held by a time-wait sock, no inode. */
  close (c);
  recv_eof (s);
  {
    SynackSocketInfo found;
    SynackAddress lo;

    synack_address_parse ("127.0.0.1", &lo);
    g_assert_true (synack_sock_diag_find (&lo, client_port, &lo, port4, &found));
    g_assert_true (found.state == SYNACK_TCP_FIN_WAIT_1 || found.state == SYNACK_TCP_FIN_WAIT_2);
    g_assert_true (synack_sock_diag_find (&lo, port4, &lo, client_port, &found));
    g_assert_cmpint (found.state, ==, SYNACK_TCP_CLOSE_WAIT);
    g_assert_false (synack_sock_diag_find (&lo, port4, &lo, 1, &found));
  }
  close (s);
  close (c6);
  close (s6);
  close (l4);
  close (l6);
}

/* The comparison, on a trace made by hand: a kernel path with a state the
 * inference lacks and one without a state the inference gives. */
static void
test_compare (void)
{
  g_autoptr(SynackTrace) trace = synack_trace_new (SYNACK_TRACE_SOURCE_LIVE);
  g_autoptr(SynackKernelStates) states = synack_kernel_states_new (trace);
  g_autoptr(GArray) placed = NULL;
  g_autoptr(GArray) diffs = NULL;
  SynackAddress a, b;
  SynackSegment seg = { 0 };
  gint64 origin = G_GINT64_CONSTANT (1700000000) * SYNACK_NSEC_PER_SEC;
  guint conn;
  SynackTcpState st;
  SynackKernelSource src;
  const SynackDisagreement *d;
  SynackKernelChange changes[5];

  synack_address_parse ("10.0.0.1", &a);
  synack_address_parse ("10.0.0.2", &b);
  synack_trace_set_origin (trace, origin);
  conn = synack_trace_add_connection (trace, &a, 40000, &b, 80);
  synack_trace_set_initial_state (trace, conn, 0, SYNACK_TCP_CLOSED);
  seg.flags = SYNACK_FLAG_SYN;
  seg.sport = 40000;
  seg.dport = 80;
  synack_trace_append_segment (trace, 0, conn, 0, &seg, SYNACK_FATE_CAPTURED, SYNACK_TIME_NONE, 0);
  synack_trace_append_state (trace, 0, conn, 0, SYNACK_TCP_SYN_SENT, SYNACK_CAUSE_NONE, 0);
  synack_trace_append_state (trace, 100, conn, 0, SYNACK_TCP_ESTABLISHED, SYNACK_CAUSE_NONE, 0);
  /* Inference goes straight to TIME-WAIT (a FIN+ACK it read as one step). */
  synack_trace_append_state (trace, 300, conn, 0, SYNACK_TCP_FIN_WAIT_1, SYNACK_CAUSE_NONE, 0);
  synack_trace_append_state (trace, 500, conn, 0, SYNACK_TCP_TIME_WAIT, SYNACK_CAUSE_NONE, 0);
  synack_trace_commit (trace);

  /* The kernel: CLOSED SYN-SENT ESTABLISHED FIN-WAIT-1 FIN-WAIT-2 TIME-WAIT,
   * but a poll that saw nothing of FIN-WAIT-1. The first change comes
   * before the first packet, as a connect() does. */
  memset (changes, 0, sizeof changes);
  for (guint i = 0; i < G_N_ELEMENTS (changes); i++)
    {
      changes[i].local = a;
      changes[i].local_port = 40000;
      changes[i].remote = b;
      changes[i].remote_port = 80;
      changes[i].source = SYNACK_KERNEL_SOURCE_TRACEPOINT;
    }
  changes[0].time = origin - 10;
  changes[0].from = SYNACK_TCP_CLOSED;
  changes[0].to = SYNACK_TCP_SYN_SENT;
  changes[1].time = origin + 110;
  changes[1].from = SYNACK_TCP_SYN_SENT;
  changes[1].to = SYNACK_TCP_ESTABLISHED;
  changes[2].time = origin + 400;
  changes[2].from = SYNACK_TCP_ESTABLISHED;
  changes[2].to = SYNACK_TCP_FIN_WAIT_2;
  changes[2].source = SYNACK_KERNEL_SOURCE_POLL;
  changes[3].time = origin + 510;
  changes[3].from = SYNACK_TCP_FIN_WAIT_2;
  changes[3].to = SYNACK_TCP_TIME_WAIT;
  /* Another program's socket: never placed. */
  changes[4] = changes[3];
  changes[4].local_port = 40001;
  /* Out of order, as polled and traced changes may arrive. */
  synack_kernel_states_add (states, &changes[2], 3);
  synack_kernel_states_add (states, &changes[0], 2);

  placed = synack_kernel_states_match (states);
  g_assert_cmpuint (placed->len, ==, 4);
  g_assert_cmpint (g_array_index (placed, SynackKernelRecord, 0).time, ==, -10);
  g_assert_cmpint (g_array_index (placed, SynackKernelRecord, 3).time, ==, 510);
  g_assert_cmpuint (g_array_index (placed, SynackKernelRecord, 0).conn, ==, conn);
  g_assert_cmpuint (g_array_index (placed, SynackKernelRecord, 0).endpoint, ==, 0);
  g_assert_false (synack_kernel_states_has_endpoint (states, conn, 1));

  g_assert_true (synack_kernel_states_state_at (states, conn, 0, -100, &st, &src));
  g_assert_cmpint (st, ==, SYNACK_TCP_CLOSED);
  g_assert_true (synack_kernel_states_state_at (states, conn, 0, 450, &st, &src));
  g_assert_cmpint (st, ==, SYNACK_TCP_FIN_WAIT_2);
  g_assert_cmpint (src, ==, SYNACK_KERNEL_SOURCE_POLL);

  /* Between ESTABLISHED and TIME-WAIT, on which both agree, the kernel
   * went through FIN-WAIT-2 (at 400, by its poll) and inference through
   * FIN-WAIT-1 (at 300): one disagreement, each word at its own time. */
  diffs = synack_kernel_states_compare (states);
  g_assert_cmpuint (diffs->len, ==, 1);
  d = &g_array_index (diffs, SynackDisagreement, 0);
  g_assert_cmpint (d->kind, ==, SYNACK_DISAGREE_DIFFERENT);
  g_assert_cmpint (d->time, ==, 300);
  g_assert_cmpint (d->kernel, ==, SYNACK_TCP_FIN_WAIT_2);
  g_assert_cmpint (d->kernel_time, ==, 400);
  g_assert_cmpint (d->inferred, ==, SYNACK_TCP_FIN_WAIT_1);
  g_assert_cmpint (d->inferred_time, ==, 300);
  g_assert_cmpint (d->source, ==, SYNACK_KERNEL_SOURCE_POLL);
  g_clear_pointer (&diffs, g_array_unref);

  /* A kernel that also passed through CLOSING (at 450) where inference
   * has nothing: paired in order, the extra one stands alone, with the
   * inferred state at its time and when that began. */
  {
    SynackKernelChange more[2];

    memcpy (more, &changes[2], sizeof more);
    /* move the TIME-WAIT later, and put a CLOSING before it */
    more[0].time = origin + 450;
    more[0].from = SYNACK_TCP_FIN_WAIT_2;
    more[0].to = SYNACK_TCP_CLOSING;
    more[0].source = SYNACK_KERNEL_SOURCE_TRACEPOINT;
    more[1].time = origin + 505;
    more[1].from = SYNACK_TCP_CLOSING;
    more[1].to = SYNACK_TCP_TIME_WAIT;
    {
      g_autoptr(SynackKernelStates) again = synack_kernel_states_new (trace);
      g_autoptr(GArray) placed_again = NULL;

      synack_kernel_states_add (again, &changes[0], 3);
      synack_kernel_states_add (again, more, 2);
      placed_again = synack_kernel_states_match (again);
      diffs = synack_kernel_states_compare (again);
      g_assert_cmpuint (diffs->len, ==, 2);
      d = &g_array_index (diffs, SynackDisagreement, 0);
      g_assert_cmpint (d->kind, ==, SYNACK_DISAGREE_DIFFERENT);
      g_assert_cmpint (d->kernel, ==, SYNACK_TCP_FIN_WAIT_2);
      g_assert_cmpint (d->inferred, ==, SYNACK_TCP_FIN_WAIT_1);
      d = &g_array_index (diffs, SynackDisagreement, 1);
      g_assert_cmpint (d->kind, ==, SYNACK_DISAGREE_KERNEL_ONLY);
      g_assert_cmpint (d->kernel, ==, SYNACK_TCP_CLOSING);
      g_assert_cmpint (d->kernel_time, ==, 450);
      g_assert_cmpint (d->source, ==, SYNACK_KERNEL_SOURCE_TRACEPOINT);
      g_assert_cmpint (d->inferred, ==, SYNACK_TCP_FIN_WAIT_1);
      g_assert_cmpint (d->inferred_time, ==, 450);
      g_assert_cmpint (d->inferred_since, ==, 300);
    }
  }
}

/* ---------------------------------------------------------------- capture --kernel-states */

typedef struct
{
  GPid       pid;
  int        out_fd;
  int        err_fd;
  GString   *partial;
  GPtrArray *lines;     /* every stdout line so far */
  GString   *err;
  guint      scanned;   /* lines already looked at by wait_for */
} Capture;

static gboolean
read_some (int      fd,
           GString *into)
{
  char buf[4096];
  ssize_t n = read (fd, buf, sizeof buf);

  if (n <= 0)
    return FALSE;
  g_string_append_len (into, buf, n);
  return TRUE;
}

static void
split_lines (Capture *cap)
{
  char *nl;

  while ((nl = strchr (cap->partial->str, '\n')) != NULL)
    {
      g_ptr_array_add (cap->lines, g_strndup (cap->partial->str, nl - cap->partial->str));
      g_string_erase (cap->partial, 0, nl - cap->partial->str + 1);
    }
}

/* Read until stdout has a line holding every one of the strings, or stderr
 * holds the first one (when on_stderr). */
static void
wait_for (Capture    *cap,
          gboolean    on_stderr,
          const char *what,
          ...)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) WAIT_LIMIT_MS * 1000;

  for (;;)
    {
      struct pollfd fds[2] = { { cap->out_fd, POLLIN, 0 }, { cap->err_fd, POLLIN, 0 } };

      if (on_stderr && strstr (cap->err->str, what) != NULL)
        return;
      for (; !on_stderr && cap->scanned < cap->lines->len; cap->scanned++)
        {
          const char *line = g_ptr_array_index (cap->lines, cap->scanned);
          gboolean all = strstr (line, what) != NULL;
          va_list args;
          const char *more;

          va_start (args, what);
          while (all && (more = va_arg (args, const char *)) != NULL)
            all = strstr (line, more) != NULL;
          va_end (args);
          if (all)
            {
              cap->scanned = 0;
              return;
            }
        }
      if (g_get_monotonic_time () > deadline)
        {
          g_autoptr(GString) all = g_string_new (what);
          va_list args;
          const char *more;

          va_start (args, what);
          while ((more = va_arg (args, const char *)) != NULL)
            g_string_append_printf (all, " %s", more);
          va_end (args);
          g_error ("capture: no line with %s after %d s; stderr: %s", all->str,
                   WAIT_LIMIT_MS / 1000, cap->err->str);
        }
      if (poll (fds, 2, 1000) < 0 && errno != EINTR)
        g_error ("poll: %s", g_strerror (errno));
      if (fds[0].revents & (POLLIN | POLLHUP))
        {
          if (read_some (cap->out_fd, cap->partial))
            split_lines (cap);
          else if (!on_stderr)
            g_error ("capture ended before a line with “%s”; stderr: %s", what, cap->err->str);
        }
      if (fds[1].revents & (POLLIN | POLLHUP))
        read_some (cap->err_fd, cap->err);
    }
}

/* A test that fails leaves no capture running behind it. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGINT);
}

static gboolean
start_capture (Capture  *cap,
               gboolean  poll_mode)
{
  const char *cli = g_getenv ("SYNACK_CLI");
  const char *argv[] = { cli, "capture", "-i", "lo", "-f", "tcp", "--json", "--kernel-states",
                         poll_mode ? "--kernel-poll" : NULL, NULL };
  g_autoptr(GError) error = NULL;

  if (cli == NULL)
    {
      g_test_skip ("SYNACK_CLI is not set (run through meson test)");
      return FALSE;
    }
  memset (cap, 0, sizeof *cap);
  g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, die_with_parent,
                            NULL, &cap->pid, NULL, &cap->out_fd, &cap->err_fd, &error);
  g_assert_no_error (error);
  cap->partial = g_string_new (NULL);
  cap->err = g_string_new (NULL);
  cap->lines = g_ptr_array_new_with_free_func (g_free);
  /* The interface is open before the watch says where its states come from. */
  wait_for (cap, TRUE, "kernel states", NULL);
  return TRUE;
}

static void
finish_capture (Capture *cap)
{
  int status;

  kill (cap->pid, SIGINT);
  while (read_some (cap->out_fd, cap->partial))
    ;
  split_lines (cap);
  while (read_some (cap->err_fd, cap->err))
    ;
  g_assert_no_errno (waitpid (cap->pid, &status, 0));
  g_spawn_close_pid (cap->pid);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    g_error ("capture failed (%d): %s", status, cap->err->str);
  close (cap->out_fd);
  close (cap->err_fd);
}

static void
clear_capture (Capture *cap)
{
  g_string_free (cap->partial, TRUE);
  g_string_free (cap->err, TRUE);
  g_ptr_array_unref (cap->lines);
}

/* A field of a flat JSON record: "key":"value" or "key":value. */
static char *
json_field (const char *line,
            const char *key)
{
  g_autofree char *pattern = g_strdup_printf ("\"%s\":", key);
  const char *at = strstr (line, pattern);
  const char *end;

  if (at == NULL)
    return NULL;
  at += strlen (pattern);
  if (*at == '"')
    {
      end = strchr (at + 1, '"');
      return g_strndup (at + 1, end - at - 1);
    }
  end = at + strcspn (at, ",}");
  return g_strndup (at, end - at);
}

/* Paths per endpoint ("127.0.0.1:40000>127.0.0.1:80" or "127.0.0.1:80>*"
 * for a listener): "CLOSED SYN_SENT ESTABLISHED ..." */
typedef struct
{
  GHashTable *kernel;       /* endpoint key -> GString path */
  GHashTable *kernel_src;   /* endpoint key -> GString "tracepoint poll ..." */
  GHashTable *inferred;
  GHashTable *conn_ends;    /* "conn:endpoint" -> endpoint key */
  GPtrArray  *disagreements;
} Paths;

static void
path_add (GHashTable *paths,
          const char *key,
          const char *from,
          const char *to)
{
  GString *p = g_hash_table_lookup (paths, key);

  if (p == NULL)
    {
      p = g_string_new (from);
      g_hash_table_insert (paths, g_strdup (key), p);
    }
  g_string_append_printf (p, " %s", to);
}

static void
string_free (gpointer s)
{
  g_string_free (s, TRUE);
}

static void
paths_init (Paths   *paths,
            Capture *cap)
{
  g_autoptr(GHashTable) peers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  paths->kernel = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, string_free);
  paths->kernel_src = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, string_free);
  paths->inferred = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, string_free);
  paths->conn_ends = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  paths->disagreements = g_ptr_array_new_with_free_func (g_free);

  /* The peer of each endpoint of each connection, from the conn records. */
  for (guint i = 0; i < cap->lines->len; i++)
    {
      const char *line = g_ptr_array_index (cap->lines, i);
      g_autofree char *type = json_field (line, "type");

      if (g_strcmp0 (type, "conn") == 0)
        {
          g_autofree char *conn = json_field (line, "conn");
          g_autofree char *client = json_field (line, "client");
          g_autofree char *server = json_field (line, "server");

          g_hash_table_insert (peers, g_strdup_printf ("%s:%s", conn, client),
                               g_strdup_printf ("%s>%s", client, server));
          g_hash_table_insert (peers, g_strdup_printf ("%s:%s", conn, server),
                               g_strdup_printf ("%s>%s", server, client));
        }
    }

  for (guint i = 0; i < cap->lines->len; i++)
    {
      const char *line = g_ptr_array_index (cap->lines, i);
      g_autofree char *type = json_field (line, "type");
      g_autofree char *endpoint = json_field (line, "endpoint");
      g_autofree char *conn = json_field (line, "conn");
      g_autofree char *from = json_field (line, "from");
      g_autofree char *to = json_field (line, "to");

      if (g_strcmp0 (type, "kernel_state") == 0)
        {
          g_autofree char *peer = json_field (line, "peer");
          g_autofree char *source = json_field (line, "source");
          g_autofree char *key = g_strdup_printf ("%s>%s", endpoint,
                                                  g_strcmp0 (peer, "null") == 0 ? "*" : peer);
          GString *src;

          path_add (paths->kernel, key, from, to);
          src = g_hash_table_lookup (paths->kernel_src, key);
          if (src == NULL)
            g_hash_table_insert (paths->kernel_src, g_strdup (key), g_string_new (source));
          else
            g_string_append_printf (src, " %s", source);
        }
      else if (g_strcmp0 (type, "state") == 0)
        {
          g_autofree char *end = g_strdup_printf ("%s:%s", conn, endpoint);
          const char *key = g_hash_table_lookup (peers, end);

          g_assert_nonnull (key);
          path_add (paths->inferred, key, from, to);
        }
      else if (g_strcmp0 (type, "disagreement") == 0)
        g_ptr_array_add (paths->disagreements, g_strdup (line));
    }
}

static void
paths_clear (Paths *paths)
{
  g_hash_table_unref (paths->kernel);
  g_hash_table_unref (paths->kernel_src);
  g_hash_table_unref (paths->inferred);
  g_hash_table_unref (paths->conn_ends);
  g_ptr_array_unref (paths->disagreements);
}

static char *
key_of (guint16 local,
        guint16 remote)
{
  if (remote == 0)
    return g_strdup_printf ("127.0.0.1:%u>*", local);
  return g_strdup_printf ("127.0.0.1:%u>127.0.0.1:%u", local, remote);
}

static const char *
kernel_path (Paths   *paths,
             guint16  local,
             guint16  remote)
{
  g_autofree char *key = key_of (local, remote);
  GString *p = g_hash_table_lookup (paths->kernel, key);

  return p ? p->str : "";
}

static const char *
inferred_path (Paths   *paths,
               guint16  local,
               guint16  remote)
{
  g_autofree char *key = key_of (local, remote);
  GString *p = g_hash_table_lookup (paths->inferred, key);

  return p ? p->str : "";
}

/* The sockets of one run: a listener, and four connections to it or past it. */
typedef struct
{
  guint16 server;        /* the listener's port */
  guint16 closed;        /* a port nobody listens on */
  guint16 a_client;      /* the client closes first */
  guint16 a_server;      /* (the same port as server: the accepted socket) */
  guint16 b_client;      /* the server closes first */
  guint16 c_client;      /* refused */
  guint16 d_client;      /* aborted with RST */
} Run;

/* A kernel_state line for this socket, to this state: waiting for it keeps
 * each step after the one before, however slowly the machine polls. */
static void
wait_kernel (Capture    *cap,
             guint16     local,
             guint16     remote,
             const char *to)
{
  g_autofree char *ep = g_strdup_printf ("\"endpoint\":\"127.0.0.1:%u\"", local);
  g_autofree char *peer = remote ? g_strdup_printf ("\"peer\":\"127.0.0.1:%u\"", remote)
                                 : g_strdup ("\"peer\":null");
  g_autofree char *state = g_strdup_printf ("\"to\":\"%s\"", to);

  wait_for (cap, FALSE, "\"type\":\"kernel_state\"", ep, peer, state, NULL);
}

/* A client connects to the listener l on server: *c the client's socket,
 * *s the one accepted, once the kernel has said both ends are ESTABLISHED. */
static void
open_connection (Capture *cap,
                 int      l,
                 guint16  server,
                 guint16 *client,
                 int     *c,
                 int     *s)
{
  *c = connect_to (server, client);
  g_assert_cmpint (*c, >=, 0);
  *s = accept (l, NULL, NULL);
  g_assert_cmpint (*s, >=, 0);
  wait_kernel (cap, *client, server, "ESTABLISHED");
  wait_kernel (cap, server, *client, "ESTABLISHED");
}

/* The four-way close, first closing first: the FIN's ACK (Linux delays it)
 * has come when first is in FIN-WAIT-2 and second in CLOSE-WAIT, and both
 * stay there until second closes; then first waits in TIME-WAIT. */
static void
close_connection (Capture *cap,
                  int      first,
                  guint16  first_port,
                  int      second,
                  guint16  second_port)
{
  close (first);
  recv_eof (second);
  wait_kernel (cap, first_port, second_port, "FIN_WAIT_2");
  wait_kernel (cap, second_port, first_port, "CLOSE_WAIT");
  close (second);
  wait_kernel (cap, first_port, second_port, "TIME_WAIT");
  wait_kernel (cap, second_port, first_port, "CLOSED");
}

static void
run_sockets (Capture  *cap,
             Run      *run,
             gboolean  poll_mode)
{
  int l, c, s;
  int zero_linger[2] = { 1, 0 };

  /* The listener first, and a port nobody listens on. */
  run->server = 0;
  l = listener (AF_INET, &run->server);
  {
    int probe;

    run->closed = 0;
    probe = listener (AF_INET, &run->closed);
    close (probe);
  }

  /* A: handshake, data both ways, the client closes first. */
  open_connection (cap, l, run->server, &run->a_client, &c, &s);
  /* A listener is told once a connection in the capture has its address. */
  wait_kernel (cap, run->server, 0, "LISTEN");
  send_text (c, "hello");
  recv_text (s, "hello");
  send_text (s, "world");
  recv_text (c, "world");
  close_connection (cap, c, run->a_client, s, run->server);

  /* B: the server closes first. */
  open_connection (cap, l, run->server, &run->b_client, &c, &s);
  send_text (c, "request");
  recv_text (s, "request");
  close_connection (cap, s, run->server, c, run->b_client);

  /* C: a refused connect. */
  c = connect_to (run->closed, &run->c_client);
  g_assert_cmpint (c, ==, -1);
  g_assert_cmpint (errno, ==, ECONNREFUSED);
  if (!poll_mode)
    wait_kernel (cap, run->c_client, run->closed, "CLOSED");

  /* D: an abort: SO_LINGER 0 makes close() send a RST. */
  open_connection (cap, l, run->server, &run->d_client, &c, &s);
  g_assert_no_errno (setsockopt (c, SOL_SOCKET, SO_LINGER, zero_linger, sizeof zero_linger));
  close (c);
  {
    char buf[8];

    g_assert_cmpint (recv (s, buf, sizeof buf, 0), ==, -1);
    g_assert_cmpint (errno, ==, ECONNRESET);
  }
  close (s);
  wait_kernel (cap, run->d_client, run->server, "CLOSED");
  wait_kernel (cap, run->server, run->d_client, "CLOSED");

  close (l);
  wait_kernel (cap, run->server, 0, "CLOSED");
  /* The capture has the last packet, the RST, before it is stopped. */
  {
    g_autofree char *src = g_strdup_printf ("\"src\":\"127.0.0.1:%u\"", run->d_client);

    wait_for (cap, FALSE, "\"type\":\"segment\"", src, "\"RST\"", NULL);
  }
}

/* Linux's paths, as its tracepoint and sock_diag give them. A connect()
 * starts from CLOSED; an accepted socket is made from the listener in
 * SYN-RECEIVED when the third ACK comes (the half-open connection lived in
 * a request sock before) and is ESTABLISHED at once. After close() in
 * FIN-WAIT-2, and in TIME-WAIT, a time-wait sock holds the connection. */
typedef struct
{
  guint16    *local;
  guint16    *remote;
  const char *path;
  /* The states polling is sure to see: each lasts until the test's next
   * step, which waits for it. */
  const char *polled;
} Expected;

static void
check_paths (Capture  *cap,
             Run      *run,
             gboolean  poll_mode)
{
  static guint16 none = 0;
  Expected expected[] = {
    { &run->server, &none, "CLOSED LISTEN CLOSED", "LISTEN CLOSED" },
    { &run->a_client, &run->server,
      "CLOSED SYN_SENT ESTABLISHED FIN_WAIT_1 FIN_WAIT_2 TIME_WAIT",
      "ESTABLISHED FIN_WAIT_2 TIME_WAIT" },
    { &run->server, &run->a_client,
      "LISTEN SYN_RECEIVED ESTABLISHED CLOSE_WAIT LAST_ACK CLOSED",
      "ESTABLISHED CLOSE_WAIT CLOSED" },
    { &run->b_client, &run->server,
      "CLOSED SYN_SENT ESTABLISHED CLOSE_WAIT LAST_ACK CLOSED",
      "ESTABLISHED CLOSE_WAIT CLOSED" },
    { &run->server, &run->b_client,
      "LISTEN SYN_RECEIVED ESTABLISHED FIN_WAIT_1 FIN_WAIT_2 TIME_WAIT",
      "ESTABLISHED FIN_WAIT_2 TIME_WAIT" },
    { &run->c_client, &run->closed, "CLOSED SYN_SENT CLOSED", "" },
    { &run->d_client, &run->server, "CLOSED SYN_SENT ESTABLISHED CLOSED",
      "ESTABLISHED CLOSED" },
    { &run->server, &run->d_client, "LISTEN SYN_RECEIVED ESTABLISHED CLOSED",
      "ESTABLISHED CLOSED" },
  };
  Paths paths;
  guint explained = 0;

  paths_init (&paths, cap);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const Expected *e = &expected[i];
      const char *kernel = kernel_path (&paths, *e->local, *e->remote);
      const char *inferred = inferred_path (&paths, *e->local, *e->remote);
      g_autofree char *key = key_of (*e->local, *e->remote);

      g_test_message ("%s: kernel: %s; inferred: %s", key, kernel, inferred);
      if (!poll_mode)
        {
          g_assert_cmpstr (kernel, ==, e->path);
          continue;
        }
      /* Polling: the states it is sure to see, in the order Linux takes
       * them, and nothing Linux does not go through. */
      {
        g_auto(GStrv) seen = g_strsplit (kernel, " ", -1);
        g_auto(GStrv) sure = g_strsplit (e->polled, " ", -1);
        g_auto(GStrv) linux_path = g_strsplit (e->path, " ", -1);
        g_autoptr(GString) missed = g_string_new (NULL);
        guint at = 0;

        /* Each polled step is a step of Linux's path, in order (the first
         * "from" is CLOSED: no socket was there at the poll before). */
        for (guint j = kernel[0] ? 1 : 0; seen[j] != NULL && kernel[0]; j++)
          {
            while (linux_path[at] != NULL && strcmp (linux_path[at], seen[j]) != 0)
              at++;
            g_assert_nonnull (linux_path[at]);
          }
        for (guint j = 0; sure[j] != NULL && sure[j][0]; j++)
          g_assert_true (g_strv_contains ((const char * const *) seen + 1, sure[j]));
        for (guint j = 0; linux_path[j] != NULL; j++)
          if (!g_strv_contains ((const char * const *) seen, linux_path[j]))
            g_string_append_printf (missed, " %s", linux_path[j]);
        g_test_message ("  polling did not see:%s", missed->len ? missed->str : " (nothing)");
      }
    }

  /* Inference against the kernel. Where they differ, a disagreement record
   * must say so; each one is explained here. */
  for (guint i = 0; i < paths.disagreements->len; i++)
    {
      const char *line = g_ptr_array_index (paths.disagreements, i);
      g_autofree char *source = json_field (line, "source");
      g_autofree char *kind = json_field (line, "kind");
      g_autofree char *kernel = json_field (line, "kernel");
      g_autofree char *inferred = json_field (line, "inferred");

      g_test_message ("%s", line);
      /* On the tracepoint's word inference agrees with Linux on every one
       * of these paths: a disagreement would be a mistake of inference. */
      g_assert_cmpstr (source, ==, "poll");
      g_assert_true (poll_mode);
      /* Polling sees only what lasts from one poll to the next: every state
       * the kernel went through between two polls is one inference gives
       * and the kernel's record lacks. Never the other way round: what a
       * poll sees, inference saw too. */
      g_assert_cmpstr (kind, ==, "inferred_only");
      g_assert_cmpstr (kernel, !=, inferred);
      explained++;
    }
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const Expected *e = &expected[i];
      const char *kernel = kernel_path (&paths, *e->local, *e->remote);
      const char *inferred = inferred_path (&paths, *e->local, *e->remote);

      if (*e->remote == 0)
        continue;   /* a listener: inference knows connections only */
      if (!poll_mode)
        {
          /* Inference agrees: the same states in the same order. */
          g_assert_cmpstr (inferred, ==, kernel);
          continue;
        }
      /* Every inferred state the poll did not see has its disagreement. */
      if (kernel[0] != '\0')
        {
          g_auto(GStrv) seen = g_strsplit (kernel, " ", -1);
          g_auto(GStrv) inf = g_strsplit (inferred, " ", -1);

          for (guint j = 0; inf[j] != NULL; j++)
            if (!g_strv_contains ((const char * const *) seen + 1, inf[j]))
              {
                g_autofree char *ep = g_strdup_printf ("\"endpoint\":\"127.0.0.1:%u\"",
                                                       *e->local);
                g_autofree char *st = g_strdup_printf ("\"inferred\":\"%s\"", inf[j]);
                gboolean found = FALSE;

                for (guint k = 0; k < paths.disagreements->len && !found; k++)
                  found = strstr (g_ptr_array_index (paths.disagreements, k), ep) &&
                          strstr (g_ptr_array_index (paths.disagreements, k), st);
                g_assert_true (found);
              }
        }
      else
        g_test_message ("  polling saw nothing of 127.0.0.1:%u (the refused connect's "
                        "SYN-SENT lasts microseconds)", *e->local);
    }
  if (!poll_mode)
    g_assert_cmpuint (paths.disagreements->len, ==, 0);
  else
    g_test_message ("%u disagreements, each a state shorter than a poll", explained);
  paths_clear (&paths);
}

static gboolean
tracepoint_readable (char **reason)
{
  g_autoptr(SynackKernelWatch) watch = synack_kernel_watch_new (SYNACK_KERNEL_MODE_AUTO, 0);
  gboolean ok;

  g_assert_true (synack_kernel_watch_open (watch, NULL));
  ok = synack_kernel_watch_get_source (watch) == SYNACK_KERNEL_SOURCE_TRACEPOINT;
  if (!ok)
    *reason = g_strdup (synack_kernel_watch_get_fallback_reason (watch));
  synack_kernel_watch_stop (watch);
  return ok;
}

/* Skip the test, saying why, without a namespace, or without a readable
 * tracepoint where it watches through one; whether it skipped. */
static gboolean
skip_watching (gboolean poll_mode)
{
  g_autofree char *reason = NULL;

  if (synack_test_skip_if (skip_reason))
    return TRUE;
  if (!poll_mode && !tracepoint_readable (&reason))
    {
      g_autofree char *why = g_strdup_printf ("the tracepoint cannot be read here: %s", reason);

      g_test_skip (why);
      return TRUE;
    }
  return FALSE;
}

static void
test_capture (gconstpointer data)
{
  gboolean poll_mode = GPOINTER_TO_INT (data);
  Capture cap;
  Run run = { 0 };

  if (skip_watching (poll_mode))
    return;
  /* Every TCP packet on this namespace's lo: it carries this test's only. */
  if (!start_capture (&cap, poll_mode))
    return;
  run_sockets (&cap, &run, poll_mode);
  finish_capture (&cap);
  check_paths (&cap, &run, poll_mode);
  clear_capture (&cap);
}

static void
test_sockets_cli (void)
{
  const char *cli = g_getenv ("SYNACK_CLI");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *want = NULL;
  g_autoptr(GError) error = NULL;
  guint16 port = 0;
  int status, l;

  if (synack_test_skip_if (skip_reason))
    return;
  if (cli == NULL)
    {
      g_test_skip ("SYNACK_CLI is not set (run through meson test)");
      return;
    }
  l = listener (AF_INET, &port);
  {
    const char *argv[] = { cli, "sockets", "--json", NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status,
                  &error);
  }
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  want = g_strdup_printf ("{\"type\":\"socket\",\"endpoint\":\"127.0.0.1:%u\",\"peer\":null,"
                          "\"state\":\"LISTEN\",\"uid\":%u,", port, (guint) getuid ());
  g_assert_nonnull (strstr (out, want));
  /* This process holds it (the child sees its parent's /proc fds). */
  g_free (want);
  want = g_strdup_printf ("\"pid\":%d,", (int) getpid ());
  g_assert_nonnull (strstr (out, want));
  close (l);

  /* Bad usage: exit 2 with a one-line reason. */
  {
    const char *argv[] = { cli, "sockets", "--interval", "0", NULL };

    g_clear_pointer (&err, g_free);
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                  &err, &status, &error);
    g_assert_no_error (error);
    g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 2);
    g_assert_nonnull (strstr (err, "--interval"));
  }
}


/* ---------------------------------------------------------------- painters */

static double
distance_at (cairo_surface_t  *surface,
             double            x,
             double            y,
             const SynackRgba *want)
{
  int ix = (int) floor (x), iy = (int) floor (y);
  guint32 px;

  cairo_surface_flush (surface);
  px = *(guint32 *) (cairo_image_surface_get_data (surface) +
                     iy * cairo_image_surface_get_stride (surface) + ix * 4);
  return fabs (((px >> 16) & 0xff) / 255.0 - want->r) +
         fabs (((px >> 8) & 0xff) / 255.0 - want->g) +
         fabs ((px & 0xff) / 255.0 - want->b);
}

static void
collect_word (const char *text,
              double      x,
              double      baseline,
              double      size_px,
              gboolean    bold,
              gpointer    user_data)
{
  /* "text@baseline" */
  g_ptr_array_add (user_data, g_strdup_printf ("%s@%.1f", text, baseline));
}

/* Whether text was drawn with its line about at y. */
static gboolean
word_at (GPtrArray  *words,
         const char *text,
         double      y)
{
  for (guint i = 0; i < words->len; i++)
    {
      const char *w = g_ptr_array_index (words, i);
      const char *at = strrchr (w, '@');

      if (at != NULL && (gsize) (at - w) == strlen (text) && strncmp (w, text, at - w) == 0 &&
          fabs (g_ascii_strtod (at + 1, NULL) - y) < 14)
        return TRUE;
    }
  return FALSE;
}

static gboolean
box_covers (GArray *boxes,
            double  x,
            double  y)
{
  for (guint i = 0; i < boxes->len; i++)
    {
      const SynackStateMarkBox *b = &g_array_index (boxes, SynackStateMarkBox, i);

      if (x >= b->x && x <= b->x + b->width && y >= b->y && y <= b->y + b->height)
        return TRUE;
    }
  return FALSE;
}

/* The kernel's strip beside the inferred states, and the gap between them
 * marked where the two differ; the ladder's sign of a disagreement. */
static void
test_paint_kernel (void)
{
  const SynackTheme *theme = synack_theme_get (SYNACK_THEME_LIGHT);
  g_autoptr(SynackTrace) trace = synack_trace_new (SYNACK_TRACE_SOURCE_LIVE);
  g_autoptr(SynackTimeAxis) axis = NULL;
  SynackAddress a, b;
  SynackSegment seg = { 0 };
  const gint64 ms = 1000000;
  /* The kernel: FIN-WAIT-2 at 400 ms, where inference says FIN-WAIT-1
   * until 500 ms; TIME-WAIT found by a poll at 520 ms, 20 ms after
   * inference saw the FIN that made it. */
  SynackStateStep steps[] = {
    { G_MININT64, SYNACK_TCP_CLOSED }, { 0, SYNACK_TCP_SYN_SENT },
    { 100 * ms, SYNACK_TCP_ESTABLISHED }, { 300 * ms, SYNACK_TCP_FIN_WAIT_1 },
    { 400 * ms, SYNACK_TCP_FIN_WAIT_2 }, { 520 * ms, SYNACK_TCP_TIME_WAIT, TRUE },
  };
  SynackStateTrack track = { steps, G_N_ELEMENTS (steps) };
  SynackTimelineParams params = { 300, 800, 40, 0, 1e6, { &track, NULL } };
  /* the kernel said FIN-WAIT-2 at 400 ms, inference FIN-WAIT-1 at 300 ms */
  SynackStateMark mark = { 300 * ms, 0, SYNACK_TCP_FIN_WAIT_2, SYNACK_TCP_FIN_WAIT_1, 400 * ms,
                           300 * ms };
  SynackPaintOptions options;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 300, 800);
  cairo_t *cr = cairo_create (surface);
  double bx, bw, y, kx, gx;
  guint conn;

  synack_address_parse ("10.0.0.1", &a);
  synack_address_parse ("10.0.0.2", &b);
  conn = synack_trace_add_connection (trace, &a, 40000, &b, 80);
  seg.flags = SYNACK_FLAG_SYN;
  synack_trace_append_segment (trace, 0, conn, 0, &seg, SYNACK_FATE_CAPTURED, SYNACK_TIME_NONE, 0);
  synack_trace_append_state (trace, 0, conn, 0, SYNACK_TCP_SYN_SENT, SYNACK_CAUSE_NONE, 0);
  synack_trace_append_state (trace, 100 * ms, conn, 0, SYNACK_TCP_ESTABLISHED,
                             SYNACK_CAUSE_NONE, 0);
  synack_trace_append_state (trace, 300 * ms, conn, 0, SYNACK_TCP_FIN_WAIT_1, SYNACK_CAUSE_NONE, 0);
  synack_trace_append_state (trace, 500 * ms, conn, 0, SYNACK_TCP_TIME_WAIT, SYNACK_CAUSE_NONE, 0);
  seg.flags = SYNACK_FLAG_ACK;
  synack_trace_append_segment (trace, 700 * ms, conn, 1, &seg, SYNACK_FATE_CAPTURED,
                               SYNACK_TIME_NONE, 0);
  synack_trace_commit (trace);
  axis = synack_time_axis_new_for_trace (trace, 0, 0);

  synack_paint_options_init (&options, theme, 1.0);
  synack_timeline_paint (cr, trace, conn, axis, &params, &options);
  synack_test_keep_png (surface, "timeline-kernel.png");

  synack_timeline_band_x (&params, 0, &bx, &bw);
  gx = bx + floor (bw * 0.6);
  kx = gx + 5;
  /* 450 ms: inferred FIN-WAIT-1 on the left, the kernel's FIN-WAIT-2 on the
   * right, and the gap marked */
  y = synack_timeline_time_to_y (&params, axis, 450 * ms);
  g_assert_cmpfloat (distance_at (surface, bx + 2, y, &theme->state[SYNACK_TCP_FIN_WAIT_1]),
                     <, 0.05);
  g_assert_cmpfloat (distance_at (surface, bx + bw - 2, y, &theme->state[SYNACK_TCP_FIN_WAIT_2]),
                     <, 0.05);
  g_assert_cmpfloat (distance_at (surface, gx + 2.5, y, &theme->mark[SYNACK_MARK_RESET]), <, 0.05);
  /* 510 ms: the kernel's FIN-WAIT-2 then is only a poll not made yet: no mark */
  y = synack_timeline_time_to_y (&params, axis, 510 * ms);
  g_assert_cmpfloat (distance_at (surface, gx + 2.5, y, &theme->background), <, 0.05);
  /* 200 ms: both ESTABLISHED, the gap is the page */
  y = synack_timeline_time_to_y (&params, axis, 200 * ms);
  g_assert_cmpfloat (distance_at (surface, kx + 2, y, &theme->state[SYNACK_TCP_ESTABLISHED]),
                     <, 0.05);
  g_assert_cmpfloat (distance_at (surface, gx + 2.5, y, &theme->background), <, 0.05);
  /* the server has no kernel track: its band is whole */
  synack_timeline_band_x (&params, 1, &bx, &bw);
  y = synack_timeline_time_to_y (&params, axis, 450 * ms);
  g_assert_cmpfloat (distance_at (surface, bx + bw * 0.6 + 2.5, y, &theme->background), >, 0.05);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  /* The ladder: a sign on the client's lifeline at 400 ms. */
  {
    g_autoptr(SynackLadderLayout) layout = NULL;
    SynackLadderParams lp;

    surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 900, 800);
    cr = cairo_create (surface);
    synack_ladder_params_init (&lp, 900, 800, 1.0);
    lp.ns_per_px = 1e6;
    layout = synack_ladder_layout_new (trace, conn, axis, &lp);
    g_autoptr(GArray) boxes = g_array_new (FALSE, FALSE, sizeof (SynackStateMarkBox));
    g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
    double yk, yi, r = 6;

    options.state_marks = &mark;
    options.n_state_marks = 1;
    options.state_mark_boxes = boxes;
    options.text_sink = collect_word;
    options.text_sink_data = words;
    synack_ladder_paint (cr, trace, layout, &options);
    synack_test_keep_png (surface, "ladder-kernel.png");
    yk = synack_ladder_layout_time_to_y (layout, 400 * ms);
    yi = synack_ladder_layout_time_to_y (layout, 300 * ms);
    g_assert_cmpfloat (yk - yi, >, 40);
    /* the kernel's word: a filled sign on the client's lifeline at 400 ms */
    g_assert_cmpfloat (distance_at (surface, layout->lifeline_x[0] + r / 2, yk,
                                    &theme->mark[SYNACK_MARK_RESET]), <, 0.05);
    /* inference's word: a hollow sign at 300 ms, its rim the mark's colour */
    g_assert_cmpfloat (distance_at (surface, layout->lifeline_x[0] + r - 1, yi,
                                    &theme->mark[SYNACK_MARK_RESET]), <, 0.2);
    g_assert_cmpfloat (distance_at (surface, layout->lifeline_x[0] + r / 3, yi,
                                    &theme->mark[SYNACK_MARK_RESET]), >, 0.2);
    /* halfway, the two joined by a bracket beside the lifeline, which
     * keeps the inferred state's colour */
    g_assert_cmpfloat (distance_at (surface, layout->lifeline_x[0] + r + 2, (yk + yi) / 2,
                                    &theme->mark[SYNACK_MARK_RESET]), <, 0.2);
    g_assert_cmpfloat (distance_at (surface, layout->lifeline_x[0] + r + 6, (yk + yi) / 2,
                                    &theme->mark[SYNACK_MARK_RESET]), >, 0.2);
    /* each word beside its own sign, at its own height */
    g_assert_true (word_at (words, "kernel: FIN-WAIT-2", yk));
    g_assert_true (word_at (words, "inferred: FIN-WAIT-1", yi));
    /* and the places a tooltip is asked about: both signs and both words */
    g_assert_cmpuint (boxes->len, >=, 4);
    for (guint i = 0; i < boxes->len; i++)
      g_assert_cmpuint (g_array_index (boxes, SynackStateMarkBox, i).mark, ==, 0);
    g_assert_true (box_covers (boxes, layout->lifeline_x[0], yk));
    g_assert_true (box_covers (boxes, layout->lifeline_x[0], yi));
    options.state_mark_boxes = NULL;
    options.text_sink = NULL;

    /* both within a row: one label says both */
    g_ptr_array_set_size (words, 0);
    mark.kernel_time = 300 * ms + ms / 10;
    cairo_set_source_rgb (cr, 1, 1, 1);
    cairo_paint (cr);
    options.text_sink = collect_word;
    synack_ladder_paint (cr, trace, layout, &options);
    options.text_sink = NULL;
    g_assert_true (word_at (words, "kernel: FIN-WAIT-2, inferred: FIN-WAIT-1", yi));

    /* before the kernel's first word, inference's states close together
     * are one label */
    {
      SynackStateMark early[2] = {
        { 0, 0, SYNACK_STATE_UNKNOWN, SYNACK_TCP_CLOSED, 0, 0 },
        { ms / 10, 0, SYNACK_STATE_UNKNOWN, SYNACK_TCP_SYN_SENT, ms / 10, ms / 10 },
      };

      g_ptr_array_set_size (words, 0);
      options.state_marks = early;
      options.n_state_marks = 2;
      options.text_sink = collect_word;
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      synack_ladder_paint (cr, trace, layout, &options);
      options.text_sink = NULL;
      options.state_marks = &mark;
      g_assert_true (word_at (words, "kernel: not seen yet, inferred: CLOSED → SYN-SENT",
                              synack_ladder_layout_time_to_y (layout, 0)));
    }
    y = yk;
    options.n_state_marks = 0;
    cairo_set_source_rgb (cr, 1, 1, 1);
    cairo_paint (cr);
    synack_ladder_paint (cr, trace, layout, &options);
    g_assert_cmpfloat (distance_at (surface, layout->lifeline_x[0] + 3, y,
                                    &theme->mark[SYNACK_MARK_RESET]), >, 0.2);
    cairo_destroy (cr);
    cairo_surface_destroy (surface);
  }
}

/* ---------------------------------------------------------------- This Machine */

static void
machine_key (guint16  local,
             guint16  remote,
             char    *key)
{
  SynackAddress lo;

  synack_address_set_ipv4 (&lo, 0x7f000001);
  synack_machine_socket_key (&lo, local, &lo, remote, key);
}

/* The states an endpoint went through, as the trace has them: "ESTABLISHED
 * CLOSE_WAIT ...", from its first change (the initial state left out). */
static char *
machine_path (SynackTrace *trace,
              guint        conn,
              guint        endpoint)
{
  GString *path = g_string_new (NULL);
  guint n = synack_trace_get_n_state_spans (trace, conn, endpoint);

  for (guint i = 1; i < n; i++)
    {
      gint64 t;
      SynackTcpState s;
      guint ev;

      synack_trace_get_state_span (trace, conn, endpoint, i, &t, &s, &ev);
      g_string_append_printf (path, "%s%s", path->len ? " " : "", synack_tcp_state_to_string (s));
    }
  return g_string_free (path, FALSE);
}

/* Run the main loop until the socket with key is followed into state. */
static void
machine_wait (SynackMachine  *machine,
              const char     *key,
              SynackTcpState  state)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_LIMIT_MS * 1000;
  SynackTrace *trace = synack_machine_get_trace (machine);

  for (;;)
    {
      guint endpoint, conn = synack_machine_follow (machine, key, &endpoint);

      if (conn != G_MAXUINT &&
          synack_trace_state_at_time (trace, conn, endpoint, G_MAXINT64) == state)
        return;
      if (g_get_monotonic_time () > deadline)
        g_error ("%s never reached %s in the machine's trace", key,
                 synack_tcp_state_to_string (state));
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
count_signal (guint *count)
{
  (*count)++;
}

static void
machine_wait_listed (SynackMachine *machine)
{
  guint seen = 0;
  gulong id;

  id = g_signal_connect_swapped (machine, "sockets-changed", G_CALLBACK (count_signal), &seen);
  synack_machine_refresh (machine);
  while (seen == 0)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (machine, id);
}

/* The calls an endpoint is seen to make: "connect(port) shutdown()". */
static char *
machine_calls (SynackTrace *trace,
               guint        conn,
               guint        endpoint)
{
  const SynackConnection *c = synack_trace_get_connection (trace, conn);
  GString *calls = g_string_new (NULL);

  for (guint i = 0; i < c->n_events; i++)
    {
      SynackEvent e;

      synack_trace_read_event (trace, synack_trace_conn_event (trace, conn, i), &e);
      if (e.kind == SYNACK_EVENT_CALL && e.endpoint == endpoint)
        g_string_append_printf (calls, "%s%s", calls->len ? " " : "",
                                synack_call_name (e.call.call));
    }
  return g_string_free (calls, FALSE);
}

/* This Machine as a source: real sockets on this namespace's loopback, both
 * ends of each connection in one connection of the trace, the kernel's
 * paths, the calls the changes give away, and tcp_info while it lasts. */
static void
test_machine (gconstpointer data)
{
  gboolean poll_mode = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackMachine) machine = NULL;
  SynackTrace *trace;
  SynackMachineSocket client_now, server_now;
  char lkey[112], ckey[112], skey[112];
  guint16 port = 0, cport;
  guint lconn, lep, cconn, cep, sconn, sep;
  g_autofree char *cpath = NULL, *spath = NULL, *lpath = NULL;
  g_autofree char *ccalls = NULL, *scalls = NULL, *lcalls = NULL;
  int l, c, s;

  if (skip_watching (poll_mode))
    return;
  machine = synack_machine_new (poll_mode ? SYNACK_KERNEL_MODE_POLL
                                          : SYNACK_KERNEL_MODE_TRACEPOINT, &error);
  g_assert_no_error (error);
  trace = synack_machine_get_trace (machine);
  g_assert_true (synack_trace_is_live (trace));

  l = listener (AF_INET, &port);
  /* a listener's key has the wildcard peer */
  {
    SynackAddress lo, any;

    synack_address_set_ipv4 (&lo, 0x7f000001);
    synack_address_set_ipv4 (&any, 0);
    synack_machine_socket_key (&lo, port, &any, 0, lkey);
  }
  machine_wait (machine, lkey, SYNACK_TCP_LISTEN);

  c = connect_to (port, &cport);
  g_assert_cmpint (c, >=, 0);
  s = accept (l, NULL, NULL);
  g_assert_cmpint (s, >=, 0);
  send_text (c, "hello");
  recv_text (s, "hello");
  machine_key (cport, port, ckey);
  machine_key (port, cport, skey);
  machine_wait (machine, ckey, SYNACK_TCP_ESTABLISHED);
  machine_wait (machine, skey, SYNACK_TCP_ESTABLISHED);

  /* both ends of the loopback connection are one connection: the side that
   * connected is endpoint 0, the side that listened endpoint 1 */
  cconn = synack_machine_follow (machine, ckey, &cep);
  sconn = synack_machine_follow (machine, skey, &sep);
  g_assert_cmpuint (cconn, ==, sconn);
  g_assert_cmpuint (cep, ==, 0);
  g_assert_cmpuint (sep, ==, 1);
  lconn = synack_machine_follow (machine, lkey, &lep);
  g_assert_cmpuint (lconn, !=, cconn);
  g_assert_cmpuint (lep, ==, 1);

  /* tcp_info while established: what was sent was acknowledged and received */
  machine_wait_listed (machine);
  g_assert_true (synack_machine_get_socket (machine, cconn, 0, &client_now));
  g_assert_true (synack_machine_get_socket (machine, cconn, 1, &server_now));
  g_assert_cmpstr (client_now.key, ==, ckey);
  g_assert_true (client_now.info.have_info);
  g_assert_cmpuint (client_now.info.info.bytes_acked, >=, 5);
  g_assert_cmpuint (server_now.info.info.bytes_received, >=, 5);
  g_assert_cmpuint (client_now.info.info.snd_cwnd, >, 0);
  g_assert_cmpuint (client_now.info.info.rto_us, >, 0);
  g_assert_false (client_now.before_start);
  g_assert_cmpint (client_now.info.pid, ==, getpid ());

  /* the server half-closes (it keeps its socket), then the client closes */
  g_assert_no_errno (shutdown (s, SHUT_WR));
  recv_eof (c);
  machine_wait (machine, skey, SYNACK_TCP_FIN_WAIT_2);
  machine_wait (machine, ckey, SYNACK_TCP_CLOSE_WAIT);
  close (c);
  machine_wait (machine, skey, SYNACK_TCP_TIME_WAIT);
  machine_wait (machine, ckey, SYNACK_TCP_CLOSED);
  close (s);
  close (l);
  machine_wait (machine, lkey, SYNACK_TCP_CLOSED);

  cpath = machine_path (trace, cconn, 0);
  spath = machine_path (trace, cconn, 1);
  lpath = machine_path (trace, lconn, 1);
  ccalls = machine_calls (trace, cconn, 0);
  scalls = machine_calls (trace, cconn, 1);
  lcalls = machine_calls (trace, lconn, 1);
  g_test_message ("client %s (%s); server %s (%s); listener %s (%s)", cpath, ccalls, spath,
                  scalls, lpath, lcalls);
  if (!poll_mode)
    {
      /* Linux's paths, each change as it happened */
      g_assert_cmpstr (cpath, ==, "SYN_SENT ESTABLISHED CLOSE_WAIT LAST_ACK CLOSED");
      g_assert_cmpstr (spath, ==, "SYN_RECEIVED ESTABLISHED FIN_WAIT_1 FIN_WAIT_2 TIME_WAIT");
      g_assert_cmpstr (lpath, ==, "LISTEN CLOSED");
      g_assert_cmpint (synack_trace_get_connection (trace, cconn)->initial_state[0], ==,
                       SYNACK_TCP_CLOSED);
      g_assert_cmpint (synack_trace_get_connection (trace, cconn)->initial_state[1], ==,
                       SYNACK_TCP_LISTEN);
      /* connect() made the SYN; the server's FIN came from shutdown(), its
       * socket still held; the listener was made by listen() and ended by
       * close() */
      g_assert_true (g_str_has_prefix (ccalls, "connect"));
      g_assert_cmpstr (scalls, ==, "shutdown");
      g_assert_cmpstr (lcalls, ==, "listen close");
    }
  else
    {
      /* polling sees the states that last: a poll's first sight says
       * nothing of what came before */
      g_assert_true (synack_trace_get_connection (trace, cconn)->flags &
                     SYNACK_CONNECTION_INITIAL_UNKNOWN_0);
      g_assert_true (g_str_has_prefix (cpath, "ESTABLISHED CLOSE_WAIT"));
      g_assert_true (g_str_has_suffix (cpath, "CLOSED"));
      g_assert_true (g_str_has_prefix (spath, "ESTABLISHED"));
      g_assert_nonnull (strstr (spath, "FIN_WAIT_2 TIME_WAIT"));
      g_assert_true (g_str_has_prefix (lcalls, "listen"));
    }

  /* stopping tells, once, with no error */
  {
    guint stopped = 0;

    g_signal_connect_swapped (machine, "stopped", G_CALLBACK (count_signal), &stopped);
    synack_machine_stop (machine);
    synack_machine_stop (machine);
    g_assert_cmpuint (stopped, ==, 1);
    g_assert_false (synack_trace_is_live (trace));
    g_assert_false (synack_machine_get_running (machine));
  }
}

static void
count_stopped (SynackDocument *doc,
               const GError   *error,
               guint          *count)
{
  g_assert_null (error);
  (*count)++;
}

/* This Machine as a document: its kind, its machine, live until stopped,
 * ::stopped once with no error, and nothing to save as pcap. */
static void
test_machine_document (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackDocument) doc = synack_document_new_machine (&error);
  g_autofree char *path = NULL;
  guint stopped = 0;

  g_assert_no_error (error);
  g_assert_cmpint (synack_document_get_kind (doc), ==, SYNACK_DOCUMENT_MACHINE);
  g_assert_nonnull (synack_document_get_machine (doc));
  g_assert_true (synack_document_get_trace (doc) ==
                 synack_machine_get_trace (synack_document_get_machine (doc)));
  g_assert_true (synack_document_get_live (doc));
  g_assert_true (synack_document_get_running (doc));
  g_assert_false (synack_document_get_can_rerun (doc));
  /* how the states are learned is its first note */
  g_assert_nonnull (synack_document_get_notes (doc)[0]);
  g_assert_cmpstr (synack_document_get_notes (doc)[0], ==,
                   synack_machine_get_source_text (synack_document_get_machine (doc)));
  g_assert_nonnull (strstr (synack_document_get_subtitle (doc), "socket"));

  path = g_build_filename (g_get_tmp_dir (), "synack-machine-test.pcap", NULL);
  g_assert_false (synack_document_save (doc, path, &error));
  g_assert_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  g_signal_connect (doc, "stopped", G_CALLBACK (count_stopped), &stopped);
  synack_document_stop (doc);
  synack_document_stop (doc);
  g_assert_cmpuint (stopped, ==, 1);
  g_assert_false (synack_document_get_live (doc));
  g_assert_false (synack_document_get_running (doc));
  g_assert_false (synack_machine_get_running (synack_document_get_machine (doc)));
}

/* The calls a change gives away, and the ones it does not. */
static void
test_machine_calls (void)
{
  SynackKernelChange c = { 0 };
  SynackCallKind call;

  c.from = SYNACK_TCP_CLOSED;
  c.to = SYNACK_TCP_SYN_SENT;
  g_assert_true (synack_machine_change_call (&c, FALSE, &call));
  g_assert_cmpint (call, ==, SYNACK_CALL_CONNECT);
  c.to = SYNACK_TCP_LISTEN;
  g_assert_true (synack_machine_change_call (&c, FALSE, &call));
  g_assert_cmpint (call, ==, SYNACK_CALL_LISTEN);
  c.from = SYNACK_TCP_ESTABLISHED;
  c.to = SYNACK_TCP_FIN_WAIT_1;
  g_assert_true (synack_machine_change_call (&c, TRUE, &call));
  g_assert_cmpint (call, ==, SYNACK_CALL_CLOSE);
  g_assert_true (synack_machine_change_call (&c, FALSE, &call));
  g_assert_cmpint (call, ==, SYNACK_CALL_SHUTDOWN);
  c.from = SYNACK_TCP_CLOSE_WAIT;
  c.to = SYNACK_TCP_LAST_ACK;
  g_assert_true (synack_machine_change_call (&c, TRUE, &call));
  g_assert_cmpint (call, ==, SYNACK_CALL_CLOSE);
  /* a packet's doing, not a call's */
  c.from = SYNACK_TCP_SYN_SENT;
  c.to = SYNACK_TCP_ESTABLISHED;
  g_assert_false (synack_machine_change_call (&c, FALSE, &call));
  c.from = SYNACK_TCP_ESTABLISHED;
  c.to = SYNACK_TCP_CLOSE_WAIT;
  g_assert_false (synack_machine_change_call (&c, FALSE, &call));
}

int
main (int    argc,
      char **argv)
{
  /* Before any thread: a namespace belongs to the whole process. */
  skip_reason = synack_test_enter_network_namespace (TRUE, &in_user_namespace);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/synack/kernel/parse-trace-line", test_parse_trace_line);
  g_test_add_func ("/synack/kernel/sock-diag", test_sock_diag);
  g_test_add_func ("/synack/kernel/compare", test_compare);
  g_test_add_func ("/synack/kernel/paint", test_paint_kernel);
  g_test_add_func ("/synack/kernel/sockets-cli", test_sockets_cli);
  g_test_add_data_func ("/synack/kernel/capture/tracepoint", GINT_TO_POINTER (FALSE),
                        test_capture);
  g_test_add_data_func ("/synack/kernel/capture/poll", GINT_TO_POINTER (TRUE), test_capture);
  g_test_add_func ("/synack/kernel/machine/calls", test_machine_calls);
  g_test_add_func ("/synack/kernel/machine/document", test_machine_document);
  g_test_add_data_func ("/synack/kernel/machine/tracepoint", GINT_TO_POINTER (FALSE),
                        test_machine);
  g_test_add_data_func ("/synack/kernel/machine/poll", GINT_TO_POINTER (TRUE), test_machine);
  return g_test_run ();
}
