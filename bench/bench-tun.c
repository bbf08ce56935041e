/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark of the engine on a TUN device against the kernel's TCP, in a
 * private network namespace (needs root or CAP_SYS_ADMIN; otherwise it says
 * so on stderr and prints nothing). Reports, medians of several runs:
 *   - echo throughput: the kernel sends 16 MiB to the engine's echo service
 *     and reads it back (MiB/s of echoed data, wall clock);
 *   - connection rate: the kernel connects, sends 100 bytes, reads them
 *     back and closes, 200 times in a row (connections/s);
 *   - ping round trip through the device's ICMP responder (µs).
 * Every run checks the bytes that come back, so a fast wrong engine fails. */
#include "config.h"

#define _GNU_SOURCE 1   /* unshare () */

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bench-util.h"
#include "synack-services.h"
#include "synack-tun.h"
#include "synack-wire.h"

#define N_RUNS      5
#define ECHO_BYTES  (16u * 1024 * 1024)
#define N_CONNS     200
#define N_PINGS     200

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

/* The engine runs in the main loop; the kernel's side in a thread. */
static gpointer
run_kernel_side (GThreadFunc func,
                 gpointer    data)
{
  Worker w = { func, data, NULL, 0 };
  GThread *thread = g_thread_new ("kernel-side", worker_main, &w);

  while (!g_atomic_int_get (&w.done))
    g_main_context_iteration (NULL, TRUE);
  g_thread_join (thread);
  return w.result;
}

static void
die (const char *what)
{
  fprintf (stderr, "bench-tun: %s: %s\n", what, g_strerror (errno));
  exit (1);
}

static struct sockaddr_in engine_sin;

static int
connect_engine (void)
{
  struct timeval tv = { 20, 0 };
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt (fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  if (connect (fd, (struct sockaddr *) &engine_sin, sizeof engine_sin) != 0)
    die ("connect");
  return fd;
}

static gpointer
kernel_echo (gpointer data)
{
  guint8 *out = data;
  g_autofree guint8 *in = g_malloc (ECHO_BYTES);
  gsize sent = 0, got = 0;
  int fd = connect_engine ();

  while (got < ECHO_BYTES)
    {
      struct pollfd p = { fd, POLLIN | (sent < ECHO_BYTES ? POLLOUT : 0), 0 };

      if (poll (&p, 1, 20000) <= 0)
        die ("poll (echo stalled)");
      if (p.revents & POLLOUT)
        {
          ssize_t n = send (fd, out + sent, MIN (ECHO_BYTES - sent, 65536), MSG_DONTWAIT);
          if (n > 0)
            sent += n;
        }
      if (p.revents & (POLLIN | POLLHUP | POLLERR))
        {
          ssize_t n = recv (fd, in + got, ECHO_BYTES - got, MSG_DONTWAIT);
          if (n <= 0)
            die ("recv (echo)");
          got += n;
        }
    }
  close (fd);
  if (memcmp (in, out, ECHO_BYTES) != 0)
    {
      fprintf (stderr, "bench-tun: the echo differs from what was sent\n");
      exit (1);
    }
  return NULL;
}

static gpointer
kernel_conns (gpointer data)
{
  char msg[100], back[100];

  memset (msg, 'c', sizeof msg);
  for (guint i = 0; i < N_CONNS; i++)
    {
      int fd = connect_engine ();
      gsize got = 0;

      if (send (fd, msg, sizeof msg, 0) != sizeof msg)
        die ("send");
      while (got < sizeof back)
        {
          ssize_t n = recv (fd, back + got, sizeof back - got, 0);
          if (n <= 0)
            die ("recv (conns)");
          got += n;
        }
      if (memcmp (back, msg, sizeof msg) != 0)
        {
          fprintf (stderr, "bench-tun: a short echo differs\n");
          exit (1);
        }
      close (fd);
    }
  return NULL;
}

static gpointer
kernel_pings (gpointer data)
{
  double *rtt = data;
  guint8 req[64], rep[1500];
  int fd = socket (AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMP);
  struct timeval tv = { 20, 0 };

  if (fd < 0)
    die ("raw ICMP socket");
  setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  for (guint i = 0; i < N_PINGS; i++)
    {
      gint64 t0;
      guint16 c;

      memset (req, 0, sizeof req);
      req[0] = 8;
      req[4] = 0x42;
      req[6] = i >> 8;
      req[7] = i;
      c = ~synack_wire_checksum_fold (synack_wire_checksum_add (0, req, sizeof req));
      req[2] = c >> 8;
      req[3] = c;
      t0 = g_get_monotonic_time ();
      if (sendto (fd, req, sizeof req, 0, (struct sockaddr *) &engine_sin, sizeof engine_sin) < 0)
        die ("sendto (ping)");
      for (;;)
        {
          ssize_t n = recv (fd, rep, sizeof rep, 0);
          const guint8 *icmp = rep + (rep[0] & 0x0f) * 4;

          if (n <= 0)
            die ("recv (ping)");
          if (icmp[0] == 0 && icmp[4] == 0x42 && icmp[6] == (i >> 8 & 0xff) && icmp[7] == (i & 0xff))
            break;
        }
      rtt[i] = (double) (g_get_monotonic_time () - t0);
    }
  close (fd);
  return NULL;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackTun) tun = NULL;
  g_autoptr(SynackTrace) trace = NULL;
  g_autoptr(SynackServices) services = NULL;
  g_autofree guint8 *pattern = g_malloc (ECHO_BYTES);
  double echo[N_RUNS], conns[N_RUNS], rtt[N_PINGS];
  SynackAddress engine;
  struct ifreq ifr;
  int fd;

  if (unshare (CLONE_NEWNET) != 0)
    {
      fprintf (stderr, "bench-tun: skipped: cannot create a network namespace (%s); "
               "run as root\n", g_strerror (errno));
      return 0;
    }
  fd = socket (AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  memset (&ifr, 0, sizeof ifr);
  g_strlcpy (ifr.ifr_name, "lo", IFNAMSIZ);
  if (ioctl (fd, SIOCGIFFLAGS, &ifr) == 0)
    {
      ifr.ifr_flags |= IFF_UP;
      ioctl (fd, SIOCSIFFLAGS, &ifr);
    }
  close (fd);

  synack_address_parse ("10.77.0.2", &engine);
  tun = synack_tun_new ("synbench0", &engine, 24, NULL, &error);
  if (tun == NULL)
    {
      fprintf (stderr, "bench-tun: skipped: %s\n", error->message);
      return 0;
    }
  trace = synack_trace_new (SYNACK_TRACE_SOURCE_TUN);
  services = synack_services_new (tun, trace, 1);
  if (!synack_services_listen (services, 7, SYNACK_SERVICE_ECHO, &error))
    {
      fprintf (stderr, "bench-tun: %s\n", error->message);
      return 1;
    }
  engine_sin.sin_family = AF_INET;
  engine_sin.sin_port = htons (7);
  memcpy (&engine_sin.sin_addr, engine.bytes, 4);
  for (guint i = 0; i < ECHO_BYTES; i++)
    pattern[i] = synack_services_pattern (i);

  for (guint r = 0; r < N_RUNS; r++)
    {
      gint64 t0 = g_get_monotonic_time ();

      run_kernel_side (kernel_echo, pattern);
      echo[r] = (ECHO_BYTES / (1024.0 * 1024.0)) /
                ((g_get_monotonic_time () - t0) / (double) G_USEC_PER_SEC);

      t0 = g_get_monotonic_time ();
      run_kernel_side (kernel_conns, NULL);
      conns[r] = N_CONNS / ((g_get_monotonic_time () - t0) / (double) G_USEC_PER_SEC);
    }
  run_kernel_side (kernel_pings, rtt);

  printf ("BENCH\ttun-echo-throughput\t%.1f\tMiB/s\tkernel -> engine echo -> kernel, "
          "16 MiB, recording a trace, median of %d\n", bench_median (echo, N_RUNS), N_RUNS);
  printf ("BENCH\ttun-connection-rate\t%.0f\tconn/s\tconnect, 100 B echoed, close; "
          "%d in a row, median of %d\n", bench_median (conns, N_RUNS), N_CONNS, N_RUNS);
  printf ("BENCH\ttun-ping-rtt\t%.1f\tus\tICMP echo through the device, median of %d\n",
          bench_median (rtt, N_PINGS), N_PINGS);
  printf ("BENCH\ttun-trace-events\t%u\tevents\trecorded over the whole benchmark\n",
          synack_trace_get_n_events (trace));
  return 0;
}
