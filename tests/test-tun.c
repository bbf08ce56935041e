/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The engine on a real TUN device against the kernel's TCP.
 *
 * The test binary moves itself into a new network namespace at start
 * (unshare(CLONE_NEWNET)), so devices, addresses and sockets are its own.
 * The engine runs in the main loop; the kernel's side runs in a thread with
 * plain blocking sockets. Waits are generous and never timed assertions. */
#include "config.h"

#define _GNU_SOURCE 1   /* unshare () */

#include <gio/gio.h>
#include <glib/gstdio.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/ip_icmp.h>
#include <netinet/tcp.h>
#include <pcap/pcap.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "synack-error.h"
#include "synack-export.h"
#include "synack-privileges.h"
#include "synack-seq.h"
#include "synack-services.h"
#include "synack-test-utils.h"
#include "synack-tun.h"
#include "synack-wire.h"

#define MIB        (1024 * 1024)
#define WAIT_LIMIT (60 * G_USEC_PER_SEC)   /* a hang, not a speed check */

static const char *skip_reason;
static guint ifcounter;

/* ---- namespace and helpers ---- */

/* A TUN device and a network namespace of this test's own, or why not. */
static const char *
enter_namespace (void)
{
  if (access ("/dev/net/tun", F_OK) != 0)
    return "/dev/net/tun is absent: no TUN support on this machine";
  return synack_test_enter_network_namespace (FALSE, NULL);
}

static char *
next_ifname (void)
{
  return g_strdup_printf ("sntest%u", ifcounter++);
}

typedef struct
{
  GThreadFunc func;
  gpointer    data;
  gpointer    result;
  gint        done;
} Worker;

static gpointer
worker_main (gpointer user_data)
{
  Worker *w = user_data;

  w->result = w->func (w->data);
  g_atomic_int_set (&w->done, 1);
  g_main_context_wakeup (NULL);
  return NULL;
}

static gboolean
tick (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

typedef gboolean (*Condition) (gpointer data);

/* Run the main loop until cond holds; fail the test after WAIT_LIMIT. */
static void
run_until (Condition   cond,
           gpointer    data,
           const char *what)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_LIMIT;
  guint id = g_timeout_add (50, tick, NULL);

  while (!cond (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("gave up waiting for %s", what);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (id);
}

static gboolean
worker_done (gpointer data)
{
  return g_atomic_int_get (&((Worker *) data)->done);
}

/* Run func in a thread (the kernel's side) while the main loop runs the
 * engine; returns what func returned. */
static gpointer
run_kernel_side (GThreadFunc func,
                 gpointer    data)
{
  Worker w = { func, data, NULL, 0 };
  GThread *thread = g_thread_new ("kernel-side", worker_main, &w);

  run_until (worker_done, &w, "the kernel side");
  g_thread_join (thread);
  return w.result;
}

static void
sockaddr_for (const SynackAddress *a,
              guint16              port,
              struct sockaddr_storage *ss,
              socklen_t           *len)
{
  memset (ss, 0, sizeof *ss);
  if (a->family == 4)
    {
      struct sockaddr_in *sin = (struct sockaddr_in *) ss;
      sin->sin_family = AF_INET;
      sin->sin_port = htons (port);
      memcpy (&sin->sin_addr, a->bytes, 4);
      *len = sizeof *sin;
    }
  else
    {
      struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *) ss;
      sin6->sin6_family = AF_INET6;
      sin6->sin6_port = htons (port);
      memcpy (&sin6->sin6_addr, a->bytes, 16);
      *len = sizeof *sin6;
    }
}

static int
kernel_socket (int family, int type)
{
  struct timeval tv = { 20, 0 };
  int fd = socket (family == 6 ? AF_INET6 : AF_INET, type | SOCK_CLOEXEC, 0);

  g_assert_cmpint (fd, >=, 0);
  setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt (fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  return fd;
}

static guint16
local_port (int fd)
{
  struct sockaddr_storage ss;
  socklen_t len = sizeof ss;

  g_assert_no_errno (getsockname (fd, (struct sockaddr *) &ss, &len));
  return ntohs (ss.ss_family == AF_INET ? ((struct sockaddr_in *) &ss)->sin_port
                                        : ((struct sockaddr_in6 *) &ss)->sin6_port);
}

/* `ss` lines for a state filter, in this namespace. */
static char *
ss_lines (const char *state)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;
  const char *argv[] = { "ss", "-Htn", "state", state, NULL };

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &out, NULL, &status, &error))
    g_error ("cannot run ss: %s", error->message);
  return out;
}

static gboolean
ss_has (const char *state,
        const char *local,
        const char *peer)
{
  g_autofree char *out = ss_lines (state);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = g_strsplit_set (g_strstrip (lines[i]), " \t", -1);
      gboolean have_local = FALSE, have_peer = FALSE;

      for (guint j = 0; f[j] != NULL; j++)
        {
          have_local |= strcmp (f[j], local) == 0;
          have_peer |= strcmp (f[j], peer) == 0;
        }
      if (have_local && have_peer)
        return TRUE;
    }
  return FALSE;
}

/* ---- a device with the engine on it ---- */

typedef struct
{
  SynackTun      *tun;
  SynackTrace    *trace;
  SynackServices *services;
  SynackAddress   engine;
  SynackAddress   kernel;
  int             family;
} Bed;

static gboolean
bed_init (Bed        *bed,
          const char *engine_prefix)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ifname = next_ifname ();
  guint prefix;

  memset (bed, 0, sizeof *bed);
  g_assert_true (synack_tun_parse_prefix (engine_prefix, 0, &bed->engine, &prefix, &error));
  bed->tun = synack_tun_new (ifname, &bed->engine, prefix, NULL, &error);
  g_assert_no_error (error);
  bed->kernel = *synack_tun_get_kernel_address (bed->tun);
  bed->family = bed->engine.family;
  bed->trace = synack_trace_new (SYNACK_TRACE_SOURCE_TUN);
  bed->services = synack_services_new (bed->tun, bed->trace, 42);
  return TRUE;
}

static void
bed_clear (Bed *bed)
{
  g_clear_object (&bed->services);
  if (bed->tun != NULL)
    synack_tun_close (bed->tun);
  g_clear_object (&bed->tun);
  g_clear_object (&bed->trace);
}

static gboolean
n_ended_at_least (gpointer data)
{
  Bed *bed = data;
  return synack_services_get_n_ended (bed->services) >= 1;
}

static guint
find_conn (Bed     *bed,
           guint16  kernel_port,
           guint16  engine_port,
           guint   *kernel_ep)
{
  guint ep = G_MAXUINT;
  guint conn = synack_trace_find_connection (bed->trace, &bed->kernel, kernel_port,
                                             &bed->engine, engine_port, &ep);

  g_assert_cmpuint (conn, !=, G_MAXUINT);
  *kernel_ep = ep;
  return conn;
}

static SynackTcpState
final_state (SynackTrace *trace,
             guint        conn,
             guint        ep)
{
  return synack_trace_state_at_time (trace, conn, ep, G_MAXINT64);
}

static gboolean
went_through (SynackTrace    *trace,
              guint           conn,
              guint           ep,
              SynackTcpState  state)
{
  guint n = synack_trace_get_n_state_spans (trace, conn, ep);

  for (guint i = 0; i < n; i++)
    {
      gint64 t;
      SynackTcpState s;
      guint ev;

      synack_trace_get_state_span (trace, conn, ep, i, &t, &s, &ev);
      if (s == state)
        return TRUE;
    }
  return FALSE;
}

/* The first segment of conn sent by ep with all of flags set. */
static guint
find_segment (SynackTrace *trace,
              guint        conn,
              guint        ep,
              guint8       flags)
{
  const SynackConnection *c = synack_trace_get_connection (trace, conn);

  for (guint i = 0; i < c->n_events; i++)
    {
      guint index = synack_trace_conn_event (trace, conn, i);
      SynackEvent ev;

      synack_trace_read_event (trace, index, &ev);
      if (ev.kind == SYNACK_EVENT_SEGMENT && ev.endpoint == ep &&
          (ev.segment.flags & flags) == flags)
        return index;
    }
  g_error ("no segment with flags 0x%x from endpoint %u in connection %u", flags, ep, conn);
}

static char *
endpoint_text (const SynackAddress *a,
               guint16              port)
{
  char buf[64];
  return g_strdup (synack_endpoint_to_string (a, port, buf, sizeof buf));
}

/* ---- pure functions ---- */

static void
test_prefix (void)
{
  g_autoptr(GError) error = NULL;
  SynackAddress a, k;
  guint prefix = 0;
  char buf[64];

  g_assert_true (synack_tun_parse_prefix ("10.9.0.2/24", 0, &a, &prefix, &error));
  g_assert_cmpuint (prefix, ==, 24);
  g_assert_true (synack_tun_default_kernel_address (&a, prefix, &k, &error));
  g_assert_cmpstr (synack_address_to_string (&k, buf, sizeof buf), ==, "10.9.0.1");

  g_assert_true (synack_tun_parse_prefix ("10.9.0.1/24", 0, &a, &prefix, &error));
  g_assert_true (synack_tun_default_kernel_address (&a, prefix, &k, &error));
  g_assert_cmpstr (synack_address_to_string (&k, buf, sizeof buf), ==, "10.9.0.2");

  /* RFC 3021: both addresses of a /31 are hosts. */
  g_assert_true (synack_tun_parse_prefix ("10.9.0.4/31", 0, &a, &prefix, &error));
  g_assert_true (synack_tun_default_kernel_address (&a, prefix, &k, &error));
  g_assert_cmpstr (synack_address_to_string (&k, buf, sizeof buf), ==, "10.9.0.5");

  g_assert_true (synack_tun_parse_prefix ("fd00:1::2/64", 0, &a, &prefix, &error));
  g_assert_cmpuint (a.family, ==, 6);
  g_assert_true (synack_tun_default_kernel_address (&a, prefix, &k, &error));
  g_assert_cmpstr (synack_address_to_string (&k, buf, sizeof buf), ==, "fd00:1::1");

  g_assert_true (synack_tun_parse_prefix ("10.9.0.2", 24, &a, &prefix, &error));
  g_assert_cmpuint (prefix, ==, 24);

  g_assert_true (synack_tun_parse_prefix ("10.9.0.2/32", 0, &a, &prefix, &error));
  g_assert_false (synack_tun_default_kernel_address (&a, prefix, &k, &error));
  g_assert_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "--kernel-addr"));
  g_clear_error (&error);

  g_assert_false (synack_tun_parse_prefix ("10.9.0.2/33", 0, &a, &prefix, &error));
  g_assert_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (synack_tun_parse_prefix ("10.9.0.2", 0, &a, &prefix, &error));
  g_assert_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (synack_tun_parse_prefix ("ten.nine/8", 0, &a, &prefix, &error));
  g_assert_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "ten.nine"));
}

static void
test_privilege_message (void)
{
  g_autofree char *msg = synack_tun_privilege_message ("/opt/bin/synack-cli");

  g_assert_nonnull (strstr (msg, "CAP_NET_ADMIN"));
  g_assert_nonnull (strstr (msg, "setcap cap_net_admin+ep /opt/bin/synack-cli"));
  g_assert_nonnull (strstr (msg, "unshare -rn"));

  {
    g_autofree char *full = synack_tun_privilege_message_full ("/x/synack-cli",
                                                               "tun --ifname a0 --addr 10.1.0.2/24");

    g_assert_nonnull (strstr (full, "setcap cap_net_admin+ep /x/synack-cli\n"));
    g_assert_nonnull (strstr (full, "unshare -rn sh -c '/x/synack-cli tun --ifname a0 "
                                    "--addr 10.1.0.2/24 & exec sh'"));
  }
}

static void
test_bad_names (void)
{
  g_autoptr(GError) error = NULL;
  SynackAddress a;
  SynackTun *tun;

  synack_address_parse ("10.9.0.2", &a);
  tun = synack_tun_new ("a/b", &a, 24, NULL, &error);
  g_assert_null (tun);
  g_assert_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID);
  g_clear_error (&error);
  tun = synack_tun_new ("averyveryverylongname", &a, 24, NULL, &error);
  g_assert_null (tun);
  g_assert_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID);
  g_clear_error (&error);
  tun = synack_tun_new ("ok0", &a, 24, &a, &error);
  g_assert_null (tun);
  g_assert_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID);
}

/* ---- privileges ---- */

static void
test_drop_privileges (void)
{
  if (synack_test_skip_if (skip_reason))
    return;

  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SynackTun) tun = NULL;
      g_autofree char *name = next_ifname ();
      SynackAddress a;

      synack_address_parse ("10.8.0.2", &a);
      g_assert_true (synack_tun_have_privilege ());
      tun = synack_tun_new (name, &a, 24, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (synack_privileges_drop_all (&error));
      g_assert_no_error (error);
      g_assert_false (synack_tun_have_privilege ());
      /* A second device is now out of reach, with the message that says why. */
      {
        g_autoptr(SynackTun) again = NULL;
        g_autofree char *name2 = g_strdup_printf ("%sb", name);

        again = synack_tun_new (name2, &a, 24, NULL, &error);
        g_assert_null (again);
        g_assert_error (error, SYNACK_ERROR, SYNACK_ERROR_PERMISSION);
        g_assert_nonnull (strstr (error->message, "setcap cap_net_admin+ep"));
      }
      return;
    }
  if (!synack_tun_have_privilege ())
    {
      g_test_skip ("this process lacks CAP_NET_ADMIN");
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static gpointer
wait_for_quit (gpointer data)
{
  GAsyncQueue *q = data;
  g_async_queue_pop (q);
  return NULL;
}

/* With a second thread running, a capset in this one would leave that
 * thread all its capabilities: refused, and nothing dropped. */
static void
test_drop_privileges_threads (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      GAsyncQueue *q = g_async_queue_new ();
      GThread *thread = g_thread_new ("bystander", wait_for_quit, q);

      g_assert_false (synack_privileges_drop_all (&error));
      g_assert_error (error, SYNACK_ERROR, SYNACK_ERROR_FAILED);
      g_assert_nonnull (strstr (error->message, "thread"));
      g_assert_true (synack_tun_have_privilege ());
      g_async_queue_push (q, GINT_TO_POINTER (1));
      g_thread_join (thread);
      g_async_queue_unref (q);
      return;
    }
  if (!synack_tun_have_privilege ())
    {
      g_test_skip ("this process lacks CAP_NET_ADMIN");
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* What an ordinary user gets, without changing user: a checkout in a
 * private (0700) folder, as CI makes, stays reachable. Empty the bounding
 * set first so exec cannot give capabilities back to uid 0. */
static void
drop_all_capabilities (gpointer data)
{
  struct { guint32 version; int pid; } header = { 0x20080522 /* _LINUX_CAPABILITY_VERSION_3 */, 0 };
  struct { guint32 effective, permitted, inheritable; } caps[2] = { { 0 } };

  for (int cap = 0; cap < 64; cap++)
    if (prctl (PR_CAPBSET_READ, cap, 0, 0, 0) == 1 && prctl (PR_CAPBSET_DROP, cap, 0, 0, 0) != 0)
      _exit (99);
  if (syscall (SYS_capset, &header, caps) != 0)
    _exit (99);
}

static void
test_cli_without_privilege (void)
{
  const char *cli = g_getenv ("SYNACK_CLI");
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;
  int status = 0;

  if (synack_test_skip_if (skip_reason))
    return;
  if (cli == NULL)
    {
      g_test_skip ("SYNACK_CLI is not set (run through meson test)");
      return;
    }
  {
    const char *argv[] = { cli, "tun", "--ifname", "snnopriv", "--addr", "10.7.0.2/24",
                           "--listen", "7", NULL };
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, 0, drop_all_capabilities, NULL,
                                 &out, &err, &status, &error));
  }
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  if (WEXITSTATUS (status) == 99)
    {
      g_test_skip ("cannot drop capabilities to try without privileges");
      return;
    }
  g_assert_cmpint (WEXITSTATUS (status), ==, 2);
  g_assert_nonnull (strstr (err, "CAP_NET_ADMIN"));
  /* The namespace example repeats the command as it was typed. */
  g_assert_nonnull (strstr (err, "tun --ifname snnopriv --addr 10.7.0.2/24 --listen 7 & exec sh'"));
  g_assert_nonnull (strstr (err, "setcap cap_net_admin+ep"));
  g_assert_nonnull (strstr (err, "unshare -rn"));
}

/* ---- ICMP ---- */

typedef struct
{
  SynackAddress engine;
  int           echo_ok;
  int           udp_errno;
} IcmpJob;

static gpointer
kernel_pings (gpointer data)
{
  IcmpJob *job = data;
  struct sockaddr_storage ss;
  socklen_t len;
  guint8 req[64], rep[1500];
  int fd;
  gboolean v6 = job->engine.family == 6;

  /* A raw ICMP socket (we are root in our namespace). */
  fd = socket (v6 ? AF_INET6 : AF_INET, SOCK_RAW | SOCK_CLOEXEC, v6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP);
  g_assert_cmpint (fd, >=, 0);
  {
    struct timeval tv = { 20, 0 };
    setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  memset (req, 0, sizeof req);
  req[0] = v6 ? 128 : 8;
  req[4] = 0x12; req[5] = 0x34;   /* identifier */
  req[6] = 0x00; req[7] = 0x07;   /* sequence */
  for (guint i = 8; i < sizeof req; i++)
    req[i] = (guint8) i;
  if (!v6)
    {
      guint16 c = ~synack_wire_checksum_fold (synack_wire_checksum_add (0, req, sizeof req));
      req[2] = c >> 8; req[3] = c;
    }
  sockaddr_for (&job->engine, 0, &ss, &len);
  g_assert_cmpint (sendto (fd, req, sizeof req, 0, (struct sockaddr *) &ss, len), ==, sizeof req);

  for (;;)
    {
      ssize_t n = recv (fd, rep, sizeof rep, 0);
      const guint8 *icmp;
      gsize icmp_len;

      g_assert_cmpint (n, >, 0);
      /* IPv4 raw sockets include the IP header; IPv6 ones do not. */
      icmp = v6 ? rep : rep + (rep[0] & 0x0f) * 4;
      icmp_len = n - (icmp - rep);
      if (icmp[0] != (v6 ? 129 : 0))
        continue;   /* our own request looping back, or something else */
      if (icmp_len == sizeof req && icmp[4] == 0x12 && icmp[5] == 0x34 && icmp[7] == 7 &&
          memcmp (icmp + 8, req + 8, sizeof req - 8) == 0)
        job->echo_ok = TRUE;
      break;
    }
  close (fd);

  /* UDP to the engine: port unreachable, which a connected socket reports. */
  fd = kernel_socket (job->engine.family, SOCK_DGRAM);
  sockaddr_for (&job->engine, 9, &ss, &len);
  g_assert_no_errno (connect (fd, (struct sockaddr *) &ss, len));
  g_assert_cmpint (send (fd, "x", 1, 0), ==, 1);
  if (recv (fd, rep, sizeof rep, 0) < 0)
    job->udp_errno = errno;
  close (fd);
  return NULL;
}

typedef struct
{
  SynackAddress engine;
  SynackAddress other;       /* in the prefix, but nobody's */
  gboolean      proto_error; /* out: the right ICMP error came back */
} ProtoJob;

/* A datagram to an address nobody holds (silence), then a packet of an
 * unknown protocol to the engine: protocol unreachable (IPv4) or a
 * parameter problem pointing at the next-header field (IPv6). */
static gpointer
kernel_unknown_protocol (gpointer data)
{
  ProtoJob *job = data;
  gboolean v6 = job->engine.family == 6;
  struct sockaddr_storage ss;
  socklen_t len;
  guint8 rep[1500];
  int icmp_fd, raw_fd, udp_fd;
  struct timeval tv = { 20, 0 };

  icmp_fd = socket (v6 ? AF_INET6 : AF_INET, SOCK_RAW | SOCK_CLOEXEC,
                    v6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP);
  g_assert_cmpint (icmp_fd, >=, 0);
  setsockopt (icmp_fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);

  udp_fd = kernel_socket (job->engine.family, SOCK_DGRAM);
  sockaddr_for (&job->other, 9, &ss, &len);
  g_assert_cmpint (sendto (udp_fd, "x", 1, 0, (struct sockaddr *) &ss, len), ==, 1);
  close (udp_fd);

  raw_fd = socket (v6 ? AF_INET6 : AF_INET, SOCK_RAW | SOCK_CLOEXEC, 253);
  g_assert_cmpint (raw_fd, >=, 0);
  sockaddr_for (&job->engine, 0, &ss, &len);
  g_assert_cmpint (sendto (raw_fd, "experiment", 10, 0, (struct sockaddr *) &ss, len), ==, 10);
  close (raw_fd);

  for (;;)
    {
      ssize_t n = recv (icmp_fd, rep, sizeof rep, 0);
      const guint8 *icmp;

      g_assert_cmpint (n, >, 0);
      icmp = v6 ? rep : rep + (rep[0] & 0x0f) * 4;
      if (!v6 && icmp[0] == 3)
        {
          job->proto_error = icmp[1] == 2;   /* protocol unreachable */
          break;
        }
      if (v6 && icmp[0] == 4)
        {
          /* code 1: unrecognized next header, at byte 6 of the IPv6 header */
          job->proto_error = icmp[1] == 1 && icmp[4] == 0 && icmp[5] == 0 && icmp[6] == 0 &&
                             icmp[7] == 6;
          break;
        }
    }
  close (icmp_fd);
  return NULL;
}

static void
test_icmp (gconstpointer data)
{
  Bed bed;
  IcmpJob job = { 0 };
  ProtoJob proto = { 0 };

  if (synack_test_skip_if (skip_reason))
    return;
  bed_init (&bed, data);
  job.engine = bed.engine;
  run_kernel_side (kernel_pings, &job);
  g_assert_true (job.echo_ok);
  g_assert_cmpint (job.udp_errno, ==, ECONNREFUSED);
  g_assert_cmpuint (synack_tun_get_echo_replies (bed.tun), ==, 1);
  g_assert_cmpuint (synack_tun_get_icmp_errors (bed.tun), ==, 1);

  proto.engine = bed.engine;
  proto.other = bed.engine;
  proto.other.bytes[proto.other.family == 6 ? 15 : 3] = 77;
  run_kernel_side (kernel_unknown_protocol, &proto);
  g_assert_true (proto.proto_error);
  /* The datagram for the other address went before and got nothing. */
  g_assert_cmpuint (synack_tun_get_icmp_errors (bed.tun), ==, 2);
  bed_clear (&bed);
}

/* ---- ICMP errors are rate-limited ---- */

#define FLOOD 300

typedef struct
{
  SynackAddress engine;
} FloodJob;

static gpointer
kernel_udp_flood (gpointer data)
{
  FloodJob *job = data;
  struct sockaddr_storage ss;
  socklen_t len;
  int fd = kernel_socket (job->engine.family, SOCK_DGRAM);

  sockaddr_for (&job->engine, 9, &ss, &len);
  for (guint i = 0; i < FLOOD; i++)
    g_assert_cmpint (sendto (fd, "x", 1, 0, (struct sockaddr *) &ss, len), ==, 1);
  close (fd);
  return NULL;
}

static gboolean
flood_handled (gpointer data)
{
  SynackTun *tun = data;
  return synack_tun_get_icmp_errors (tun) + synack_tun_get_icmp_suppressed (tun) >= FLOOD;
}

static void
test_icmp_rate_limit (void)
{
  Bed bed;
  FloodJob job;
  gint64 t0, t1;
  double bound;

  if (synack_test_skip_if (skip_reason))
    return;
  bed_init (&bed, "10.5.1.2/24");
  job.engine = bed.engine;
  t0 = g_get_monotonic_time ();
  run_kernel_side (kernel_udp_flood, &job);
  run_until (flood_handled, bed.tun, "the engine to read every datagram");
  t1 = g_get_monotonic_time ();

  /* Every datagram was answered or counted as suppressed, and no more were
   * answered than the bucket allows over the time it took (a bound that
   * holds however slow the machine is). */
  g_assert_cmpuint (synack_tun_get_icmp_errors (bed.tun) + synack_tun_get_icmp_suppressed (bed.tun),
                    ==, FLOOD);
  g_assert_cmpuint (synack_tun_get_icmp_errors (bed.tun), >=, 50);
  bound = 50 + 100.0 * (t1 - t0) / G_USEC_PER_SEC + 1;
  g_assert_cmpfloat (synack_tun_get_icmp_errors (bed.tun), <=, bound);
  bed_clear (&bed);
}

/* ---- the kernel connects to the engine's echo service ---- */

typedef struct
{
  SynackAddress engine;
  guint16       port;
  gsize         size;
  gboolean      engine_closes;   /* wait for the engine's FIN before closing */
  guint16       kport;           /* out: the kernel's port */
  gsize         echoed;          /* out: bytes back, in order and equal */
  gboolean      mismatch;
  int           tcpi_state;      /* out: TCP_INFO state before close */
  int           connect_errno;
  gboolean      stalled;         /* out: 20 s without progress */
  gboolean      write_first;     /* send until blocked before reading anything */
  gsize         sent_unread;     /* out: what went out before the first read */
} EchoJob;

static gpointer
kernel_echo_client (gpointer data)
{
  EchoJob *job = data;
  struct sockaddr_storage ss;
  socklen_t len;
  g_autofree guint8 *out = g_malloc (job->size);
  guint8 buf[65536];
  gsize sent = 0;
  int fd;

  for (gsize i = 0; i < job->size; i++)
    out[i] = synack_services_pattern (i);

  fd = kernel_socket (job->engine.family, SOCK_STREAM);
  if (job->write_first)
    {
      /* A small receive buffer, so the echo fills it soon and the engine
       * has to stop reading: its window closes. */
      int rcvbuf = 16384;

      g_assert_no_errno (setsockopt (fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf));
    }
  sockaddr_for (&job->engine, job->port, &ss, &len);
  if (connect (fd, (struct sockaddr *) &ss, len) != 0)
    {
      job->connect_errno = errno;
      close (fd);
      return NULL;
    }
  job->kport = local_port (fd);

  /* More than the windows and buffers on the way hold, without reading:
   * until nothing more goes out for a second. */
  while (job->write_first && sent < job->size)
    {
      struct pollfd p = { fd, POLLOUT, 0 };
      ssize_t n;

      if (poll (&p, 1, 1000) <= 0)
        break;
      n = send (fd, out + sent, MIN (job->size - sent, 32768), MSG_DONTWAIT);
      if (n > 0)
        sent += n;
    }
  job->sent_unread = sent;

  /* Write and read at once, so neither side's buffers fill and stall. */
  while (job->echoed < job->size)
    {
      struct pollfd p = { fd, POLLIN | (sent < job->size ? POLLOUT : 0), 0 };
      int r = poll (&p, 1, 20000);

      if (r <= 0)
        {
          /* Stalled: let the main thread say what the trace shows. */
          job->stalled = TRUE;
          close (fd);
          return NULL;
        }
      if (p.revents & POLLOUT)
        {
          ssize_t n = send (fd, out + sent, MIN (job->size - sent, 32768), MSG_DONTWAIT);
          if (n > 0)
            sent += n;
        }
      if (p.revents & (POLLIN | POLLHUP | POLLERR))
        {
          ssize_t n = recv (fd, buf, sizeof buf, MSG_DONTWAIT);

          g_assert_cmpint (n, >, 0);
          if (memcmp (buf, out + job->echoed, n) != 0)
            job->mismatch = TRUE;
          job->echoed += n;
        }
    }

  if (job->engine_closes)
    {
      struct tcp_info info;
      socklen_t ilen = sizeof info;

      /* The engine closes after its idle time: EOF here. */
      g_assert_cmpint (recv (fd, buf, sizeof buf, 0), ==, 0);
      g_assert_no_errno (getsockopt (fd, IPPROTO_TCP, TCP_INFO, &info, &ilen));
      job->tcpi_state = info.tcpi_state;
    }
  close (fd);
  return NULL;
}

typedef struct
{
  SynackTrace *trace;
  guint        conn;
  guint        ep;
} KernelClosed;

static gboolean
kernel_closed (gpointer data)
{
  KernelClosed *kc = data;
  return final_state (kc->trace, kc->conn, kc->ep) == SYNACK_TCP_CLOSED;
}

static void
check_ended (Bed *bed)
{
  run_until (n_ended_at_least, bed, "the engine's side to end");
}

static void
test_echo (const char *prefix,
           gboolean    engine_closes,
           gsize       size)
{
  Bed bed;
  EchoJob job = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *klocal = NULL, *epeer = NULL;
  guint conn, kep;

  if (synack_test_skip_if (skip_reason))
    return;
  bed_init (&bed, prefix);
  if (engine_closes)
    synack_services_set_idle_close (bed.services, SYNACK_NSEC_PER_SEC / 5);
  else
    synack_services_set_kernel_time_wait (bed.services, SYNACK_NSEC_PER_SEC / 5);
  g_assert_true (synack_services_listen (bed.services, 7, SYNACK_SERVICE_ECHO, &error));
  g_assert_no_error (error);

  job.engine = bed.engine;
  job.port = 7;
  job.size = size;
  job.engine_closes = engine_closes;
  run_kernel_side (kernel_echo_client, &job);
  if (job.stalled)
    {
      guint n = synack_trace_get_n_events (bed.trace);

      /* The last events, to see which side stopped. */
      for (guint i = n > 40 ? n - 40 : 0; i < n; i++)
        {
          g_autofree char *line = synack_json_event_line (bed.trace, i);
          g_test_message ("%s", line);
        }
      g_error ("the echo stalled after %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " bytes",
               job.echoed, size);
    }
  g_assert_cmpint (job.connect_errno, ==, 0);
  g_assert_cmpuint (job.echoed, ==, size);
  g_assert_false (job.mismatch);

  check_ended (&bed);
  conn = find_conn (&bed, job.kport, 7, &kep);
  klocal = endpoint_text (&bed.kernel, job.kport);
  epeer = endpoint_text (&bed.engine, 7);

  if (!engine_closes)
    {
      /* The kernel closed first: the kernel waits in TIME-WAIT, the engine
       * went through LAST-ACK to CLOSED. */
      g_assert_true (ss_has ("time-wait", klocal, epeer));
      g_assert_true (went_through (bed.trace, conn, 1 - kep, SYNACK_TCP_CLOSE_WAIT));
      g_assert_true (went_through (bed.trace, conn, 1 - kep, SYNACK_TCP_LAST_ACK));
      g_assert_cmpint (final_state (bed.trace, conn, 1 - kep), ==, SYNACK_TCP_CLOSED);
      g_assert_cmpint (final_state (bed.trace, conn, kep), ==, SYNACK_TCP_TIME_WAIT);
      /* Each segment's "states after" already hold what its sender did. */
      g_assert_cmpint (synack_trace_state_at_event (bed.trace, conn, kep,
                                                    find_segment (bed.trace, conn, kep,
                                                                  SYNACK_FLAG_SYN)),
                       ==, SYNACK_TCP_SYN_SENT);
      g_assert_cmpint (synack_trace_state_at_event (bed.trace, conn, kep,
                                                    find_segment (bed.trace, conn, kep,
                                                                  SYNACK_FLAG_FIN)),
                       ==, SYNACK_TCP_FIN_WAIT_1);
      g_assert_cmpint (synack_trace_state_at_event (bed.trace, conn, 1 - kep,
                                                    find_segment (bed.trace, conn, 1 - kep,
                                                                  SYNACK_FLAG_FIN)),
                       ==, SYNACK_TCP_LAST_ACK);
      /* The kernel's TIME-WAIT runs out (shortened here from Linux's 60 s):
       * CLOSED, inferred, with nothing on the wire. */
      {
        KernelClosed kc = { bed.trace, conn, kep };
        guint n = synack_trace_get_n_state_spans (bed.trace, conn, kep);
        gint64 t;
        SynackTcpState st;
        guint ev;

        run_until (kernel_closed, &kc, "the kernel's TIME-WAIT to run out");
        synack_trace_get_state_span (bed.trace, conn, kep, n, &t, &st, &ev);
        g_assert_cmpint (st, ==, SYNACK_TCP_CLOSED);
        g_assert_cmpint (synack_test_event (bed.trace, ev).state.cause_kind, ==,
                         SYNACK_CAUSE_INFERRED);
      }
    }
  else
    {
      gint64 deadline = g_get_monotonic_time () + WAIT_LIMIT;

      /* The engine closed first: it is in TIME-WAIT (by FIN-WAIT-2, or
       * straight from FIN-WAIT-1 when the kernel's FIN carries the ACK of
       * ours); the kernel saw the FIN in ESTABLISHED (CLOSE-WAIT), closed
       * (LAST-ACK) and is gone. */
      g_assert_cmpint (job.tcpi_state, ==, TCP_CLOSE_WAIT);
      g_assert_true (went_through (bed.trace, conn, 1 - kep, SYNACK_TCP_FIN_WAIT_1));
      g_assert_true (went_through (bed.trace, conn, kep, SYNACK_TCP_CLOSE_WAIT));
      g_assert_true (went_through (bed.trace, conn, kep, SYNACK_TCP_LAST_ACK));
      g_assert_cmpint (final_state (bed.trace, conn, 1 - kep), ==, SYNACK_TCP_TIME_WAIT);
      g_assert_cmpint (final_state (bed.trace, conn, kep), ==, SYNACK_TCP_CLOSED);
      while (ss_has ("all", klocal, epeer))
        {
          g_assert_cmpint (g_get_monotonic_time (), <, deadline);
          g_main_context_iteration (NULL, FALSE);
          g_usleep (10000);
        }
      g_assert_false (ss_has ("time-wait", klocal, epeer));
    }
  g_assert_cmpuint (synack_services_get_bytes_in (bed.services), ==, size);
  g_assert_cmpuint (synack_services_get_bytes_out (bed.services), ==, size);
  bed_clear (&bed);
}

/* A kernel client that sends far more than the engine's window
 * without reading: the echo service stops reading, the engine's window
 * closes (zero), the kernel keeps probing and acknowledging; once the client
 * reads, everything flows back. Against a TCB that dropped the ACKs of
 * segments meeting a zero window, and moved its right edge back, both
 * sides stopped. */
static void
test_echo_zero_window (void)
{
  Bed bed;
  EchoJob job = { 0 };
  g_autoptr(GError) error = NULL;
  guint conn, kep;
  gboolean zero = FALSE;

  if (synack_test_skip_if (skip_reason))
    return;
  bed_init (&bed, "10.6.2.2/24");
  synack_services_set_kernel_time_wait (bed.services, SYNACK_NSEC_PER_SEC / 5);
  g_assert_true (synack_services_listen (bed.services, 7, SYNACK_SERVICE_ECHO, &error));
  g_assert_no_error (error);

  job.engine = bed.engine;
  job.port = 7;
  job.size = 4 * MIB;
  job.write_first = TRUE;
  run_kernel_side (kernel_echo_client, &job);
  if (job.stalled)
    {
      guint n = synack_trace_get_n_events (bed.trace);

      for (guint i = n > 40 ? n - 40 : 0; i < n; i++)
        {
          g_autofree char *line = synack_json_event_line (bed.trace, i);
          g_test_message ("%s", line);
        }
      g_error ("the echo stalled after %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT
               " bytes (%" G_GSIZE_FORMAT " sent before reading)",
               job.echoed, job.size, job.sent_unread);
    }
  g_assert_cmpint (job.connect_errno, ==, 0);
  g_assert_cmpuint (job.sent_unread, <, job.size);   /* the kernel was held back */
  g_assert_cmpuint (job.echoed, ==, job.size);
  g_assert_false (job.mismatch);

  check_ended (&bed);
  conn = find_conn (&bed, job.kport, 7, &kep);
  for (guint i = 0; i < synack_trace_get_n_events (bed.trace) && !zero; i++)
    {
      SynackEvent ev;

      synack_trace_read_event (bed.trace, i, &ev);
      zero = ev.kind == SYNACK_EVENT_SEGMENT && ev.conn == conn && ev.endpoint == 1 - kep
             && ev.segment.window == 0 && !(ev.segment.flags & SYNACK_FLAG_RST);
    }
  g_assert_true (zero);   /* the engine's window did close */
  /* and its right edge never moved back (RFC 9293 3.8.6) */
  {
    gboolean have = FALSE;
    guint32 edge = 0;

    for (guint i = 0; i < synack_trace_get_n_events (bed.trace); i++)
      {
        SynackEvent ev;
        guint32 e;

        synack_trace_read_event (bed.trace, i, &ev);
        if (ev.kind != SYNACK_EVENT_SEGMENT || ev.conn != conn || ev.endpoint != 1 - kep
            || !(ev.segment.flags & SYNACK_FLAG_ACK) || (ev.segment.flags & SYNACK_FLAG_SYN)
            || (ev.segment.flags & SYNACK_FLAG_RST))
          continue;
        e = ev.segment.ack + synack_trace_get_scaled_window (bed.trace, i);
        if (have && synack_seq_lt (e, edge))
          g_error ("event %u: the engine's right edge moved back from %u to %u", i, edge, e);
        edge = e;
        have = TRUE;
      }
  }
  g_assert_cmpuint (synack_services_get_bytes_in (bed.services), ==, job.size);
  g_assert_cmpuint (synack_services_get_bytes_out (bed.services), ==, job.size);
  bed_clear (&bed);
}

static void
test_echo_kernel_closes (void)
{
  test_echo ("10.6.0.2/24", FALSE, MIB);
}

static void
test_echo_engine_closes (void)
{
  test_echo ("10.6.1.2/24", TRUE, MIB);
}

static void
test_echo_ipv6 (void)
{
  test_echo ("fd00:6::2/64", FALSE, 256 * 1024);
}

/* ---- a kernel connect to a closed engine port ---- */

static void
test_refused (void)
{
  Bed bed;
  EchoJob job = { 0 };
  guint conn, kep;

  if (synack_test_skip_if (skip_reason))
    return;
  bed_init (&bed, "10.6.2.2/24");
  job.engine = bed.engine;
  job.port = 4242;
  job.size = 1;
  run_kernel_side (kernel_echo_client, &job);
  g_assert_cmpint (job.connect_errno, ==, ECONNREFUSED);
  /* The SYN and the engine's RST are in the trace; the connection counts as ended. */
  check_ended (&bed);
  g_assert_cmpuint (synack_trace_get_n_segments (bed.trace), >=, 2);
  conn = synack_test_event (bed.trace, synack_trace_get_n_events (bed.trace) - 1).conn;
  {
    const SynackConnection *c = synack_trace_get_connection (bed.trace, conn);
    kep = synack_address_equal (&c->addr[0], &bed.kernel) ? 0 : 1;
    g_assert_cmpuint (c->port[1 - kep], ==, 4242);
  }
  g_assert_cmpint (final_state (bed.trace, conn, kep), ==, SYNACK_TCP_CLOSED);
  bed_clear (&bed);
}

/* ---- the engine connects to a kernel listener ---- */

typedef struct
{
  int       listen_fd;
  gsize     expect;
  gsize     reply;
  gsize     got;
  gboolean  mismatch;
} ServerJob;

static gpointer
kernel_server (gpointer data)
{
  ServerJob *job = data;
  guint8 buf[65536];
  g_autofree guint8 *reply = g_malloc (job->reply);
  int fd;
  gsize off = 0;

  fd = accept (job->listen_fd, NULL, NULL);
  g_assert_cmpint (fd, >=, 0);
  {
    struct timeval tv = { 20, 0 };
    setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt (fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  }
  /* Read to the engine's FIN (its half-close), then answer and close. */
  for (;;)
    {
      ssize_t n = recv (fd, buf, sizeof buf, 0);

      if (n < 0)
        g_error ("kernel server: recv after %" G_GSIZE_FORMAT " bytes: %s",
                 job->got, g_strerror (errno));
      if (n == 0)
        break;
      for (ssize_t i = 0; i < n; i++)
        if (buf[i] != synack_services_pattern (job->got + i))
          job->mismatch = TRUE;
      job->got += n;
    }
  for (gsize i = 0; i < job->reply; i++)
    reply[i] = (guint8) (255 - i % 251);
  while (off < job->reply)
    {
      ssize_t n = send (fd, reply + off, job->reply - off, 0);
      g_assert_cmpint (n, >, 0);
      off += n;
    }
  close (fd);
  return NULL;
}

typedef struct
{
  gboolean done;
  int      errnum;
  guint64  received;
} ClientResult;

static void
on_client_done (SynackServices *services,
                guint           conn,
                int             errnum,
                guint64         received,
                ClientResult   *r)
{
  r->done = TRUE;
  r->errnum = errnum;
  r->received = received;
}

static gboolean
client_finished (gpointer data)
{
  return ((ClientResult *) data)->done;
}

static void
test_engine_client (void)
{
  Bed bed;
  ServerJob job = { 0 };
  ClientResult result = { 0 };
  SynackClientPlan plan = { MIB, 0, TRUE };
  g_autoptr(GError) error = NULL;
  struct sockaddr_storage ss;
  socklen_t len;
  GThread *thread;
  Worker w = { kernel_server, &job, NULL, 0 };
  guint conn;
  int one = 1;

  if (synack_test_skip_if (skip_reason))
    return;
  bed_init (&bed, "10.6.3.2/24");

  job.listen_fd = kernel_socket (4, SOCK_STREAM);
  setsockopt (job.listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_for (&bed.kernel, 8080, &ss, &len);
  g_assert_no_errno (bind (job.listen_fd, (struct sockaddr *) &ss, len));
  g_assert_no_errno (listen (job.listen_fd, 4));
  job.expect = MIB;
  job.reply = 200 * 1000;

  g_signal_connect (bed.services, "client-done", G_CALLBACK (on_client_done), &result);
  thread = g_thread_new ("kernel-server", worker_main, &w);
  conn = synack_services_connect (bed.services, &bed.kernel, 8080, &plan, &error);
  g_assert_no_error (error);

  run_until (worker_done, &w, "the kernel's server");
  g_thread_join (thread);
  run_until (client_finished, &result, "the engine's client");
  check_ended (&bed);
  close (job.listen_fd);

  g_assert_cmpuint (job.got, ==, MIB);
  g_assert_false (job.mismatch);
  g_assert_cmpint (result.errnum, ==, 0);
  g_assert_cmpuint (result.received, ==, job.reply);

  /* The engine half-closed first (FIN-WAIT-1, FIN-WAIT-2), read the reply,
   * met the kernel's FIN in FIN-WAIT-2: TIME-WAIT. The kernel: CLOSE-WAIT,
   * LAST-ACK, CLOSED. */
  g_assert_cmpuint (synack_services_engine_endpoint (bed.services, conn), ==, 0);
  g_assert_true (went_through (bed.trace, conn, 0, SYNACK_TCP_FIN_WAIT_2));
  g_assert_cmpint (final_state (bed.trace, conn, 0), ==, SYNACK_TCP_TIME_WAIT);
  g_assert_true (went_through (bed.trace, conn, 1, SYNACK_TCP_CLOSE_WAIT));
  g_assert_cmpint (final_state (bed.trace, conn, 1), ==, SYNACK_TCP_CLOSED);
  bed_clear (&bed);
}

static void
test_engine_client_refused (void)
{
  Bed bed;
  ClientResult result = { 0 };
  SynackClientPlan plan = { 10, 0, FALSE };
  g_autoptr(GError) error = NULL;

  if (synack_test_skip_if (skip_reason))
    return;
  bed_init (&bed, "10.6.4.2/24");
  g_signal_connect (bed.services, "client-done", G_CALLBACK (on_client_done), &result);
  synack_services_connect (bed.services, &bed.kernel, 9, &plan, &error);
  g_assert_no_error (error);
  run_until (client_finished, &result, "the engine's client");
  g_assert_cmpint (result.errnum, ==, ECONNREFUSED);
  bed_clear (&bed);
}

/* ---- the CLI's pcap against tcpdump ---- */

typedef struct
{
  GPtrArray *from_kernel;   /* GBytes of TCP packets the kernel sent */
  GPtrArray *to_kernel;
} Packets;

static void
packets_clear (Packets *p)
{
  g_clear_pointer (&p->from_kernel, g_ptr_array_unref);
  g_clear_pointer (&p->to_kernel, g_ptr_array_unref);
}

static void
read_tcp_packets (const char          *path,
                  const SynackAddress *kernel,
                  Packets             *out)
{
  char errbuf[PCAP_ERRBUF_SIZE];
  pcap_t *p = pcap_open_offline (path, errbuf);
  struct pcap_pkthdr *h;
  const u_char *data;
  int dlt;

  g_assert_nonnull (p);
  dlt = pcap_datalink (p);
  /* Raw IP either way: LINKTYPE_RAW (101) in a file, DLT_RAW (12 or 14) from tcpdump. */
  g_assert_true (dlt == DLT_RAW || dlt == 101 || dlt == 12 || dlt == 14);
  out->from_kernel = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  out->to_kernel = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  while (pcap_next_ex (p, &h, &data) == 1)
    {
      SynackIpInfo ip;
      SynackSegment seg;

      g_assert_cmpuint (h->caplen, ==, h->len);
      if (!synack_wire_decode (data, h->caplen, &ip, &seg, NULL))
        continue;   /* not TCP: router solicitations, MLD, ICMP */
      g_ptr_array_add (synack_address_equal (&ip.src, kernel) ? out->from_kernel : out->to_kernel,
                       g_bytes_new (data, h->caplen));
    }
  pcap_close (p);
}

static void
assert_same_packets (GPtrArray *a,
                     GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    g_assert_true (g_bytes_equal (g_ptr_array_index (a, i), g_ptr_array_index (b, i)));
}

static char *
read_line_with (GDataInputStream *in,
                const char       *needle)
{
  for (;;)
    {
      g_autoptr(GError) error = NULL;
      char *line = g_data_input_stream_read_line_utf8 (in, NULL, NULL, &error);

      g_assert_no_error (error);
      if (line == NULL)
        return NULL;
      if (strstr (line, needle) != NULL)
        return line;
      g_free (line);
    }
}

/* Whether a pcap file (possibly still being written) holds an ICMP
 * destination unreachable from the engine: the last packet of a run. */
static gboolean
pcap_has_icmp_error (const char *path)
{
  char errbuf[PCAP_ERRBUF_SIZE];
  pcap_t *p = pcap_open_offline (path, errbuf);
  struct pcap_pkthdr *h;
  const u_char *data;
  gboolean found = FALSE;

  if (p == NULL)
    return FALSE;
  while (!found && pcap_next_ex (p, &h, &data) == 1)
    found = h->caplen >= 21 && (data[0] >> 4) == 4 && data[9] == 1 &&
            data[(data[0] & 0x0f) * 4] == 3;
  pcap_close (p);
  return found;
}

static GSubprocess *
start_cli (GDataInputStream **err,
           GError           **error,
           ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  GSubprocess *cli;
  g_autofree char *line = NULL;
  const char *arg;
  va_list ap;

  g_ptr_array_add (argv, (char *) g_getenv ("SYNACK_CLI"));
  g_ptr_array_add (argv, (char *) "tun");
  va_start (ap, error);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  cli = g_subprocess_newv ((const char * const *) argv->pdata,
                           G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, error);
  if (cli == NULL)
    return NULL;
  *err = g_data_input_stream_new (g_subprocess_get_stderr_pipe (cli));
  /* The device is up once it says where the engine is. */
  line = read_line_with (*err, "the engine is at");
  g_assert_nonnull (line);
  return cli;
}

/* Reads a subprocess's output in a thread, so that the subprocess never
 * blocks on a full pipe while the test does something else (a blocked
 * engine stops answering the kernel). An empty line marks the end. */
typedef struct
{
  GDataInputStream *in;
  GAsyncQueue      *lines;
  GThread          *thread;
} LineReader;

static gpointer
line_reader_main (gpointer data)
{
  LineReader *r = data;
  char *line;

  while ((line = g_data_input_stream_read_line_utf8 (r->in, NULL, NULL, NULL)) != NULL)
    {
      if (line[0] == '\0')
        g_free (line);
      else
        g_async_queue_push (r->lines, line);
    }
  g_async_queue_push (r->lines, g_strdup (""));
  return NULL;
}

static void
line_reader_start (LineReader    *r,
                   GInputStream  *stream)
{
  r->in = g_data_input_stream_new (stream);
  r->lines = g_async_queue_new_full (g_free);
  r->thread = g_thread_new ("line-reader", line_reader_main, r);
}

/* The next line, or NULL at the end. */
static char *
line_reader_pop (LineReader *r)
{
  char *line = g_async_queue_timeout_pop (r->lines, WAIT_LIMIT);

  if (line == NULL)
    g_error ("gave up waiting for the engine's output");
  if (line[0] == '\0')
    {
      g_free (line);
      return NULL;
    }
  return line;
}

static void
line_reader_finish (LineReader *r)
{
  g_thread_join (r->thread);
  g_async_queue_unref (r->lines);
  g_object_unref (r->in);
}

static void
test_cli_pcap_matches_tcpdump (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL, *ours = NULL, *theirs = NULL, *ifname = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GSubprocess) engine = NULL, dump = NULL;
  g_autoptr(GDataInputStream) engine_err = NULL, dump_err = NULL;
  LineReader out = { 0 };
  Packets a = { 0 }, b = { 0 };
  EchoJob job = { 0 };
  IcmpJob icmp = { 0 };
  SynackAddress kernel;
  g_autofree char *tcpdump = g_find_program_in_path ("tcpdump");
  gint64 deadline;
  gboolean saw_close = FALSE, saw_conn = FALSE;

  if (synack_test_skip_if (skip_reason))
    return;
  if (g_getenv ("SYNACK_CLI") == NULL)
    {
      g_test_skip ("SYNACK_CLI is not set (run through meson test)");
      return;
    }
  if (tcpdump == NULL)
    {
      g_test_skip ("tcpdump is not installed");
      return;
    }

  dir = g_dir_make_tmp ("synack-tun-XXXXXX", &error);
  g_assert_no_error (error);
  ours = g_build_filename (dir, "engine.pcap", NULL);
  theirs = g_build_filename (dir, "tcpdump.pcap", NULL);
  ifname = next_ifname ();

  engine = start_cli (&engine_err, &error, "--ifname", ifname, "--addr", "10.6.5.2/24",
                      "--listen", "7", "--service", "echo", "--json", "-w", ours, NULL);
  g_assert_no_error (error);
  line_reader_start (&out, g_subprocess_get_stdout_pipe (engine));

  /* -U: each packet is written as soon as tcpdump gets it. (Not
   * --immediate-mode: it makes the kernel drop packets under a burst.) */
  dump = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                           tcpdump, "-i", ifname, "-n", "-U", "-Z", "root",
                           "-B", "8192", "-w", theirs, NULL);
  g_assert_no_error (error);
  dump_err = g_data_input_stream_new (g_subprocess_get_stderr_pipe (dump));
  line = read_line_with (dump_err, "listening on");
  g_assert_nonnull (line);
  g_clear_pointer (&line, g_free);

  synack_address_parse ("10.6.5.2", &job.engine);
  synack_address_parse ("10.6.5.1", &kernel);
  job.port = 7;
  job.size = 64 * 1024;
  kernel_echo_client (&job);   /* the engine is another process: no main loop here */
  if (job.stalled)
    {
      g_autoptr(GPtrArray) tail = g_ptr_array_new_with_free_func (g_free);

      /* Stop the engine and show the end of what it printed. */
      g_subprocess_send_signal (engine, SIGINT);
      while ((line = line_reader_pop (&out)) != NULL)
        g_ptr_array_add (tail, g_steal_pointer (&line));
      for (guint i = tail->len > 60 ? tail->len - 60 : 0; i < tail->len; i++)
        g_test_message ("%s", (char *) g_ptr_array_index (tail, i));
      g_error ("the echo stalled after %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " bytes",
               job.echoed, job.size);
    }
  g_assert_cmpuint (job.echoed, ==, job.size);
  g_assert_false (job.mismatch);

  /* The engine prints its LAST-ACK -> CLOSED as it happens. */
  while (!saw_close)
    {
      line = line_reader_pop (&out);
      g_assert_nonnull (line);
      saw_close = strstr (line, "\"type\":\"state\"") && strstr (line, "\"10.6.5.2:7\"") &&
                  strstr (line, "\"to\":\"CLOSED\"");
      g_clear_pointer (&line, g_free);
    }

  /* Then a ping and a UDP packet: once tcpdump has written the ICMP error
   * that ends them, it has written every TCP segment before it. */
  icmp.engine = job.engine;
  kernel_pings (&icmp);
  g_assert_true (icmp.echo_ok);
  deadline = g_get_monotonic_time () + WAIT_LIMIT;
  while (!pcap_has_icmp_error (theirs))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20000);
    }

  /* Ctrl-C: the engine stops, leaving its pcap and JSON complete. */
  g_subprocess_send_signal (engine, SIGINT);
  while ((line = line_reader_pop (&out)) != NULL)
    {
      saw_conn |= strstr (line, "\"type\":\"conn\"") != NULL;
      g_clear_pointer (&line, g_free);
    }
  line_reader_finish (&out);
  g_subprocess_wait (engine, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (engine));
  g_assert_cmpint (g_subprocess_get_exit_status (engine), ==, 0);
  g_assert_true (saw_conn);
  g_subprocess_send_signal (dump, SIGINT);
  g_subprocess_wait (dump, NULL, &error);
  g_assert_no_error (error);

  read_tcp_packets (ours, &kernel, &a);
  read_tcp_packets (theirs, &kernel, &b);
  g_assert_cmpuint (a.from_kernel->len, >, 20);
  g_assert_cmpuint (a.to_kernel->len, >, 20);
  /* Segment for segment in each direction (the two directions may
   * interleave differently: tcpdump sees a packet as it enters the device,
   * the engine when it reads it). */
  assert_same_packets (a.from_kernel, b.from_kernel);
  assert_same_packets (a.to_kernel, b.to_kernel);
  g_assert_true (pcap_has_icmp_error (ours));
  packets_clear (&a);
  packets_clear (&b);

  g_unlink (ours);
  g_unlink (theirs);
  g_rmdir (dir);
}

/* Nobody reads the engine's output while 1 MiB goes through it (a paused
 * pager, a full pipe): the engine must keep answering the kernel, and the
 * output must all be there in the end. */
static void
test_cli_slow_reader (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) engine = NULL;
  g_autoptr(GDataInputStream) engine_err = NULL;
  g_autofree char *ifname = next_ifname ();
  g_autofree char *json = NULL;
  EchoJob job = { 0 };

  if (synack_test_skip_if (skip_reason))
    return;
  if (g_getenv ("SYNACK_CLI") == NULL)
    {
      g_test_skip ("SYNACK_CLI is not set (run through meson test)");
      return;
    }

  engine = start_cli (&engine_err, &error, "--ifname", ifname, "--addr", "10.6.7.2/24",
                      "--listen", "7", "--json", "--count", "1", NULL);
  g_assert_no_error (error);
  synack_address_parse ("10.6.7.2", &job.engine);
  job.port = 7;
  job.size = MIB;
  kernel_echo_client (&job);
  g_assert_false (job.stalled);
  g_assert_cmpuint (job.echoed, ==, MIB);
  g_assert_false (job.mismatch);

  g_assert_true (g_subprocess_communicate_utf8 (engine, NULL, NULL, &json, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (engine), ==, 0);
  /* Far more than a pipe holds, ending with the connection's record. */
  g_assert_cmpuint (strlen (json), >, 256 * 1024);
  g_assert_nonnull (strstr (json, "\"type\":\"conn\""));
}

/* The one-line HTTP service answers curl-like clients, closes first, and
 * --count 1 stops the command once the connection has ended. */
static void
test_cli_http_count (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) engine = NULL;
  g_autoptr(GDataInputStream) engine_err = NULL;
  g_autofree char *ifname = next_ifname ();
  g_autofree char *json = NULL;
  g_autoptr(GString) response = g_string_new (NULL);
  SynackAddress addr;
  struct sockaddr_storage ss;
  socklen_t len;
  char buf[4096];
  const char *request = "GET / HTTP/1.1\r\nHost: 10.6.6.2\r\nUser-Agent: test\r\n\r\n";
  int fd;

  if (synack_test_skip_if (skip_reason))
    return;
  if (g_getenv ("SYNACK_CLI") == NULL)
    {
      g_test_skip ("SYNACK_CLI is not set (run through meson test)");
      return;
    }

  engine = start_cli (&engine_err, &error, "--ifname", ifname, "--addr", "10.6.6.2/24",
                      "--listen", "80", "--service", "http", "--json", "--count", "1", NULL);
  g_assert_no_error (error);

  synack_address_parse ("10.6.6.2", &addr);
  fd = kernel_socket (4, SOCK_STREAM);
  sockaddr_for (&addr, 80, &ss, &len);
  g_assert_no_errno (connect (fd, (struct sockaddr *) &ss, len));
  g_assert_cmpint (send (fd, request, strlen (request), 0), ==, (gssize) strlen (request));
  for (;;)
    {
      ssize_t n = recv (fd, buf, sizeof buf, 0);

      g_assert_cmpint (n, >=, 0);
      if (n == 0)
        break;
      g_string_append_len (response, buf, n);
    }
  close (fd);
  g_assert_true (g_str_has_prefix (response->str, "HTTP/1.0 200 OK\r\n"));
  g_assert_true (g_str_has_suffix (response->str, "\r\n\r\nHello from the Synack engine.\n"));

  g_assert_true (g_subprocess_communicate_utf8 (engine, NULL, NULL, &json, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (engine));
  g_assert_cmpint (g_subprocess_get_exit_status (engine), ==, 0);
  /* The server closed first: the engine waits in TIME-WAIT. */
  g_assert_nonnull (strstr (json, "\"to\":\"FIN_WAIT_1\""));
  g_assert_nonnull (strstr (json, "\"to\":\"TIME_WAIT\""));
  g_assert_nonnull (strstr (json, "\"type\":\"conn\""));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  /* Not in a subprocess re-run: it is in the namespace already. */
  skip_reason = enter_namespace ();

  g_test_add_func ("/synack/tun/prefix", test_prefix);
  g_test_add_func ("/synack/tun/privilege-message", test_privilege_message);
  g_test_add_func ("/synack/tun/bad-names", test_bad_names);
  g_test_add_func ("/synack/tun/drop-privileges", test_drop_privileges);
  g_test_add_func ("/synack/tun/drop-privileges-threads", test_drop_privileges_threads);
  g_test_add_func ("/synack/tun/cli-without-privilege", test_cli_without_privilege);
  g_test_add_data_func ("/synack/tun/icmp/ipv4", "10.5.0.2/24", test_icmp);
  g_test_add_data_func ("/synack/tun/icmp/ipv6", "fd00:5::2/64", test_icmp);
  g_test_add_func ("/synack/tun/icmp/rate-limit", test_icmp_rate_limit);
  g_test_add_func ("/synack/tun/echo/kernel-closes", test_echo_kernel_closes);
  g_test_add_func ("/synack/tun/echo/engine-closes", test_echo_engine_closes);
  g_test_add_func ("/synack/tun/echo/ipv6", test_echo_ipv6);
  g_test_add_func ("/synack/tun/echo/zero-window", test_echo_zero_window);
  g_test_add_func ("/synack/tun/refused", test_refused);
  g_test_add_func ("/synack/tun/engine-client", test_engine_client);
  g_test_add_func ("/synack/tun/engine-client-refused", test_engine_client_refused);
  g_test_add_func ("/synack/tun/cli-pcap-matches-tcpdump", test_cli_pcap_matches_tcpdump);
  g_test_add_func ("/synack/tun/cli-http-count", test_cli_http_count);
  g_test_add_func ("/synack/tun/cli-slow-reader", test_cli_slow_reader);

  return g_test_run ();
}
