/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark of capture loading: $SYNACK_BENCH_DATA/bench-1m.pcap (1,000,000
 * packets, 20,000 connections) through link decoding, connection tracking,
 * state inference and analysis into a SynackTrace, beside a bare
 * pcap_next_ex() loop over the same file in the same run. Reports packets a
 * second for both, their ratio, and resident memory per packet. */
#include "config.h"

#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench-util.h"
#include "synack-pcap-source.h"

#define N_RUNS 3

/* VmRSS or VmHWM from /proc/self/status, in bytes. */
static gsize
status_kib (const char *key)
{
  g_autofree char *text = NULL;
  const char *p;

  if (!g_file_get_contents ("/proc/self/status", &text, NULL, NULL))
    return 0;
  p = strstr (text, key);
  if (p == NULL)
    return 0;
  return (gsize) g_ascii_strtoull (p + strlen (key) + 1, NULL, 10) * 1024;
}

/* The floor: reading every record and touching its bytes, nothing more. */
static guint64
bare_loop (const char *path,
           guint64    *checksum)
{
  char errbuf[PCAP_ERRBUF_SIZE];
  pcap_t *p = pcap_open_offline_with_tstamp_precision (path, PCAP_TSTAMP_PRECISION_NANO, errbuf);
  struct pcap_pkthdr *h;
  const u_char *data;
  guint64 n = 0;

  if (p == NULL)
    {
      g_printerr ("bench-capture: %s: %s\n", path, errbuf);
      exit (1);
    }
  while (pcap_next_ex (p, &h, &data) == 1)
    {
      n++;
      *checksum += h->caplen + data[h->caplen > 40 ? 40 : 0];
    }
  pcap_close (p);
  return n;
}

static SynackTrace *
full_load (const char         *path,
           SynackCaptureStats *stats)
{
  g_autoptr(GError) error = NULL;
  SynackTrace *trace;

  synack_capture_stats_init (stats);
  trace = synack_pcap_load_file (path, NULL, NULL, NULL, NULL, stats, &error);
  if (trace == NULL)
    {
      g_printerr ("bench-capture: %s\n", error->message);
      exit (1);
    }
  return trace;
}

/* A fast wrong answer must fail: the generator's file has one connection
 * per 50 packets, all TCP, and every handshake seen. */
static void
check (SynackTrace              *trace,
       const SynackCaptureStats *stats,
       guint64                   packets)
{
  guint n_conns = synack_trace_get_n_connections (trace);
  guint summarised = 0, established = 0;

  if (stats->tcp != packets || synack_trace_get_n_segments (trace) != packets ||
      stats->malformed != 0 || stats->file_error != NULL)
    {
      g_printerr ("bench-capture: %" G_GUINT64_FORMAT " packets but %u segments, "
                  "%" G_GUINT64_FORMAT " malformed\n",
                  packets, synack_trace_get_n_segments (trace), stats->malformed);
      exit (1);
    }
  if (n_conns != packets / 50)
    {
      g_printerr ("bench-capture: %u connections, expected %" G_GUINT64_FORMAT "\n",
                  n_conns, packets / 50);
      exit (1);
    }
  for (guint c = 0; c < n_conns; c++)
    {
      const SynackConnection *conn = synack_trace_get_connection (trace, c);

      summarised += conn->summary[0] != '\0';
      for (guint s = 0; s < synack_trace_get_n_state_spans (trace, c, 0); s++)
        {
          SynackTcpState st;
          gint64 t;
          guint ev;

          synack_trace_get_state_span (trace, c, 0, s, &t, &st, &ev);
          if (st == SYNACK_TCP_ESTABLISHED)
            {
              established++;
              break;
            }
        }
    }
  if (summarised != n_conns || established != n_conns)
    {
      g_printerr ("bench-capture: %u of %u connections summarised, %u established\n",
                  summarised, n_conns, established);
      exit (1);
    }
}

int
main (int    argc,
      char **argv)
{
  const char *dir = g_getenv ("SYNACK_BENCH_DATA");
  g_autofree char *path = NULL;
  double bare[N_RUNS], full[N_RUNS];
  guint64 packets = 0, checksum = 0;
  gsize rss_before, hwm_after, rss_after;
  SynackCaptureStats stats;
  SynackTrace *trace;
  double bare_pps, full_pps;

  path = g_build_filename (dir ? dir : ".", "bench-1m.pcap", NULL);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_printerr ("bench-capture: %s is missing (build-aux/dev bench makes it; or set "
                  "SYNACK_BENCH_DATA to the folder that holds it)\n", path);
      return 1;
    }

  /* Memory first, in a fresh process: the growth of the resident set (and
   * of its high-water mark) while loading, per packet, with the trace kept. */
  rss_before = status_kib ("VmRSS:");
  trace = full_load (path, &stats);
  hwm_after = status_kib ("VmHWM:");
  rss_after = status_kib ("VmRSS:");
  packets = stats.packets;
  check (trace, &stats, packets);
  synack_capture_stats_clear (&stats);
  g_object_unref (trace);

  for (guint r = 0; r < N_RUNS; r++)
    {
      gint64 t0 = bench_now_ns ();
      guint64 n = bare_loop (path, &checksum);

      bare[r] = (double) (bench_now_ns () - t0) / 1e9;
      if (n != packets)
        {
          g_printerr ("bench-capture: bare loop read %" G_GUINT64_FORMAT " packets\n", n);
          return 1;
        }

      t0 = bench_now_ns ();
      trace = full_load (path, &stats);
      full[r] = (double) (bench_now_ns () - t0) / 1e9;
      if (stats.packets != packets)
        return 1;
      synack_capture_stats_clear (&stats);
      g_object_unref (trace);
    }

  bare_pps = packets / bench_median (bare, N_RUNS);
  full_pps = packets / bench_median (full, N_RUNS);
  printf ("BENCH\tcapture-load\t%.0f\tpackets/s\t%" G_GUINT64_FORMAT " packets: decode, "
          "connections, states, analysis into a trace; median of %d (%.3f s)\n",
          full_pps, packets, N_RUNS, bench_median (full, N_RUNS));
  printf ("BENCH\tcapture-bare-loop\t%.0f\tpackets/s\tpcap_next_ex alone over the same file, "
          "same run; median of %d (%.3f s)\n", bare_pps, N_RUNS, bench_median (bare, N_RUNS));
  printf ("BENCH\tcapture-slowdown\t%.2f\tx\tload time / bare loop time (aim: under 2.5)\n",
          bare_pps / full_pps);
  printf ("BENCH\tcapture-peak-memory\t%.1f\tbytes/packet\tVmHWM after loading minus VmRSS "
          "before, over %" G_GUINT64_FORMAT " packets (aim: under 80)\n",
          (double) (hwm_after - rss_before) / packets, packets);
  printf ("BENCH\tcapture-kept-memory\t%.1f\tbytes/packet\tVmRSS with the trace loaded minus "
          "before\n", (double) (rss_after - rss_before) / packets);
  if (checksum == 0)
    printf ("\n");
  return 0;
}
