/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Live capture that runs all day, shortened: a generated stream of 10,000
 * packets a second (bench-live-60s.pcap: 12,000 connections x 50 segments,
 * a connection starting every 5 ms on average, 60 s of capture time) fed
 * through the live path (SynackPcapSource replaying it: the same batches,
 * inference, trace and memory budget as an interface), with a small budget
 * (24 MiB) so that it is reached within the run. (Not smaller: one in 12 of
 * the stream's connections never closes, and an open connection goes only
 * after 5 minutes of silence; five minutes of them take about 17 MiB.)
 *
 *   paced  the 60 s at 10,000 packets a second of wall time, as captured;
 *   hour   the stream 60 times over, each pass after the last (one hour of
 *          capture time at 10,000 packets a second: 36M packets), as fast as
 *          the live path takes them;
 *   free   the 60 s with no budget: what a minute of capture costs;
 *   linger bench-10m.pcap (10M packets) with no budget: how much inference
 *          state is held for connections that ended in the last 60 s of
 *          capture time (kept for their late segments, as TIME-WAIT is).
 *
 * Prints the process's resident memory (/proc/self/statm), the trace's
 * own size (synack_trace_get_memory_size), what the budget counts (the
 * trace, the inference's state and the spool's records) and the bytes of
 * the spool's files (the packets kept for Save, in the temporary
 * directory) over capture time, and whether the budget held after every
 * batch; fails (exit 1) when it did not, or when the stream's packets are
 * not all in the trace or counted
 * as let go. `bench-live paced|hour|free|linger` runs one. */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bench-util.h"
#include "synack-infer.h"
#include "synack-pcap-source.h"

#define BUDGET        (G_GUINT64_CONSTANT (24) << 20)
#define RATE          10000
#define HOUR_PASSES   60
#define MIB           (1024.0 * 1024.0)

typedef struct
{
  const char *name;
  guint64     budget;
  gint64      sample_every;     /* ns of capture time */
  gint64      next_sample;
  guint64     rss_max;
  guint64     rss_after_first;  /* at the first sample past a minute */
  guint64     trace_max;        /* after each batch, the budget enforced */
  guint64     used_max;         /* what the budget counts (trace, inference, spool records) */
  guint64     disk_max;         /* the spool's files (the packets kept for Save) */
  guint64     disk_end;
  const char *save_to;          /* saved there at the end (then deleted), or NULL */
  gboolean    no_spool;         /* no packets kept for Save (synack-cli capture without -w) */
  double      cpu_s;            /* the process's processor time (every thread) */
  guint64     saved;            /* its bytes: the packets of the connections kept */
  gboolean    over;             /* the trace was past its budget after a batch */
  guint       linger_max;
  gsize       linger_bytes_max;
  gboolean    sample_linger;
} Run;

static void
batch_added (SynackPcapSource *source,
             guint             first,
             Run              *run)
{
  SynackTrace *trace = synack_pcap_source_get_trace (source);
  const SynackCaptureStats *stats = synack_pcap_source_get_stats (source);
  guint64 size = synack_trace_get_memory_size (trace);
  guint64 rss = bench_rss_bytes ();
  guint64 disk = synack_pcap_source_get_spool_size (source);
  gint64 now = synack_trace_get_end_time (trace);

  /* ::batch-added comes before the budget is enforced on the batch: the
   * size that counts is the next batch's "before" (checked at the end too) */
  run->trace_max = MAX (run->trace_max, size);
  run->used_max = MAX (run->used_max, stats->budget_used);
  run->rss_max = MAX (run->rss_max, rss);
  run->disk_max = MAX (run->disk_max, disk);
  if (now < run->next_sample)
    return;
  run->next_sample = now + run->sample_every;
  if (run->rss_after_first == 0 && now >= 60 * SYNACK_NSEC_PER_SEC)
    run->rss_after_first = rss;
  if (run->sample_linger)
    {
      gsize bytes = 0;
      guint n = synack_infer_get_n_lingering (synack_pcap_source_get_infer (source), &bytes);

      run->linger_max = MAX (run->linger_max, n);
      run->linger_bytes_max = MAX (run->linger_bytes_max, bytes);
      printf ("  %-6s t=%6.0f s  %9" G_GUINT64_FORMAT " packets  resident %7.1f MiB  trace %7.1f MiB"
              "  ended, held for late segments: %6u (%.2f MiB)\n",
              run->name, now / 1e9, stats->packets, rss / MIB, size / MIB, n, bytes / MIB);
    }
  else
    printf ("  %-6s t=%6.0f s  %9" G_GUINT64_FORMAT " packets  resident %7.1f MiB  trace %7.1f MiB"
            "  counted %7.1f MiB  spool %7.1f MiB  kept %6u connections, let go %8"
            G_GUINT64_FORMAT "\n",
            run->name, now / 1e9, stats->packets, rss / MIB, size / MIB,
            stats->budget_used / MIB, disk / MIB,
            synack_trace_get_n_kept_connections (trace), stats->budget_connections);
  fflush (stdout);
}

/* Replays path through the live path; FALSE when it could not or when the
 * budget did not hold. */
static gboolean
replay (Run        *run,
        const char *path,
        guint       passes,
        guint       rate,
        double     *wall_s,
        guint64    *packets)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackPcapSource) source = synack_pcap_source_new_replay (path, NULL, passes, rate,
                                                                      &error);
  const SynackCaptureStats *stats;
  SynackTrace *trace;
  gint64 t0, cpu0;
  guint64 end_size;

  if (source == NULL)
    {
      fprintf (stderr, "bench-live: %s\n", error->message);
      return FALSE;
    }
  synack_pcap_source_set_memory_budget (source, run->budget);
  if (run->no_spool)
    synack_pcap_source_set_output (source, -1, NULL);
  g_signal_connect (source, "batch-added", G_CALLBACK (batch_added), run);
  t0 = g_get_monotonic_time ();
  cpu0 = bench_clock_ns (CLOCK_PROCESS_CPUTIME_ID);
  if (!synack_pcap_source_start (source, &error))
    {
      fprintf (stderr, "bench-live: %s\n", error->message);
      return FALSE;
    }
  while (synack_pcap_source_is_running (source))
    g_main_context_iteration (NULL, TRUE);
  *wall_s = (g_get_monotonic_time () - t0) / 1e6;
  run->cpu_s = (bench_clock_ns (CLOCK_PROCESS_CPUTIME_ID) - cpu0) / 1e9;
  if (synack_pcap_source_get_error (source) != NULL)
    {
      fprintf (stderr, "bench-live: %s\n", synack_pcap_source_get_error (source)->message);
      return FALSE;
    }
  trace = synack_pcap_source_get_trace (source);
  stats = synack_pcap_source_get_stats (source);
  *packets = stats->packets;
  end_size = synack_trace_get_memory_size (trace);
  run->disk_end = synack_pcap_source_get_spool_size (source);
  run->disk_max = MAX (run->disk_max, run->disk_end);
  run->used_max = MAX (run->used_max, stats->budget_used);
  if (run->save_to != NULL)
    {
      GStatBuf st;

      if (!synack_pcap_source_save (source, run->save_to, &error) ||
          g_stat (run->save_to, &st) != 0)
        {
          fprintf (stderr, "bench-live: %s: cannot save: %s\n", run->name,
                   error != NULL ? error->message : g_strerror (errno));
          return FALSE;
        }
      run->saved = (guint64) st.st_size;
      g_unlink (run->save_to);
    }
  run->rss_max = MAX (run->rss_max, bench_rss_bytes ());
  /* every segment is in the trace, or counted with those let go */
  if (stats->tcp != synack_trace_get_n_segments (trace) ||
      synack_trace_get_n_dropped_segments (trace) > stats->tcp)
    {
      fprintf (stderr, "bench-live: %s: %" G_GUINT64_FORMAT " segments captured, %u in the trace\n",
               run->name, stats->tcp, synack_trace_get_n_segments (trace));
      return FALSE;
    }
  /* A batch (256 packets at most) lands before the budget is enforced on
   * it: the trace may be past the budget by a batch until then. */
  if (run->budget > 0 && (stats->budget_used > run->budget ||
                          run->used_max > run->budget + (1 << 20)))
    {
      run->over = TRUE;
      fprintf (stderr, "bench-live: %s: past its budget: %.1f MiB counted (at the end %.1f MiB; "
               "the open connections alone: %.1f MiB at most) against %.1f MiB\n", run->name,
               run->used_max / MIB, stats->budget_used / MIB, stats->budget_over_max / MIB,
               run->budget / MIB);
    }
  printf ("  %-6s %" G_GUINT64_FORMAT " packets in %.1f s (%.0f a second); trace %.1f MiB at the end"
          " (%.1f MiB counted), spool %.1f MiB on disk (%.1f at most), %u connections kept, %"
          G_GUINT64_FORMAT " let go (%" G_GUINT64_FORMAT " packets)\n",
          run->name, stats->packets, *wall_s, stats->packets / *wall_s, end_size / MIB,
          stats->budget_used / MIB, run->disk_end / MIB, run->disk_max / MIB,
          synack_trace_get_n_kept_connections (trace), stats->budget_connections,
          stats->budget_packets);
  return !run->over;
}

static void
bench (const char *name,
       double      value,
       const char *unit,
       const char *note)
{
  printf ("BENCH\t%s\t%.2f\t%s\t%s\n", name, value, unit, note);
}

/* bench-live-60s.pcap, made with bench/make-capture.py when missing. */
static char *
live_input (const char *data)
{
  g_autofree char *root = NULL;
  g_autofree char *gen = NULL;
  g_autofree char *cmd = NULL;
  char *path = g_build_filename (data, "bench-live-60s.pcap", NULL);

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return path;
  root = g_strdup (g_getenv ("SYNACK_SOURCE_ROOT"));
  if (root == NULL)
    root = g_path_get_dirname (data);   /* the bench directory is in the source tree */
  gen = g_build_filename (root, "bench", "make-capture.py", NULL);
  if (!g_file_test (gen, G_FILE_TEST_EXISTS))
    {
      fprintf (stderr, "bench-live: no %s and no %s to make it (set SYNACK_SOURCE_ROOT)\n",
               path, gen);
      g_free (path);
      return NULL;
    }
  fprintf (stderr, "bench-live: making %s (12,000 connections x 50 segments, 60 s)\n", path);
  cmd = g_strdup_printf ("python3 '%s' -c 12000 -s 50 --mean-gap-us 5000 --seed 1 -o '%s' >&2",
                         gen, path);
  if (system (cmd) != 0 || !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      fprintf (stderr, "bench-live: %s failed\n", cmd);
      g_free (path);
      return NULL;
    }
  return path;
}

int
main (int    argc,
      char **argv)
{
  const char *data = g_getenv ("SYNACK_BENCH_DATA");
  const char *only = argc > 1 ? argv[1] : NULL;
  g_autofree char *path = NULL;
  g_autofree char *big = NULL;
  double wall;
  guint64 packets;
  gboolean ok = TRUE;
  guint64 base = bench_rss_bytes ();

  if (data == NULL)
    data = ".";
  path = live_input (data);
  if (path == NULL)
    return 1;
  printf ("bench-live: resident before any capture: %.1f MiB; budget %.0f MiB\n",
          base / MIB, BUDGET / MIB);

  if (only == NULL || g_str_equal (only, "paced"))
    {
      Run run = { "paced", BUDGET, 5 * SYNACK_NSEC_PER_SEC };

      ok &= replay (&run, path, 1, RATE, &wall, &packets);
      bench ("live-paced-rate", packets / wall, "packets/s", "60 s of capture replayed at 10,000 a second");
      bench ("live-paced-resident-max", run.rss_max / MIB, "MiB", "whole process, 24 MiB trace budget");
      bench ("live-paced-trace-max", run.trace_max / MIB, "MiB", "trace after each batch, budget 24 MiB");
      bench ("live-paced-counted-max", run.used_max / MIB, "MiB",
             "trace, inference and spool records after each batch, budget 24 MiB");
      bench ("live-paced-disk-max", run.disk_max / MIB, "MiB",
             "the spool's files (packets kept for Save), most over the minute");
    }
  if (only == NULL || g_str_equal (only, "hour"))
    {
      Run run = { "hour", BUDGET, 300 * SYNACK_NSEC_PER_SEC };
      g_autofree char *saved = g_build_filename (data, "bench-live-saved.pcap", NULL);

      run.save_to = saved;

      Run bare = { "bare", BUDGET, 600 * SYNACK_NSEC_PER_SEC };
      double bare_wall;

      /* the same hour keeping no packets for Save, in the same run: the
       * processor time is the fair measure on a shared machine */
      bare.no_spool = TRUE;
      ok &= replay (&bare, path, HOUR_PASSES, 0, &bare_wall, &packets);
      ok &= replay (&run, path, HOUR_PASSES, 0, &wall, &packets);
      bench ("live-hour-wall", wall, "s", "one hour of capture at 10,000 packets/s (36M), as fast as it goes");
      bench ("live-hour-cpu", run.cpu_s, "s", "processor time, every thread, of that hour");
      bench ("live-hour-nospool-wall", bare_wall, "s",
             "the same hour keeping no packets for Save (synack-cli capture without -w)");
      bench ("live-hour-nospool-cpu", bare.cpu_s, "s", "its processor time, every thread");
      bench ("live-hour-resident-after-1min", run.rss_after_first / MIB, "MiB", "whole process");
      bench ("live-hour-resident-max", run.rss_max / MIB, "MiB", "whole process, over the hour");
      bench ("live-hour-trace-max", run.trace_max / MIB, "MiB", "trace after each batch, budget 24 MiB");
      bench ("live-hour-counted-max", run.used_max / MIB, "MiB",
             "trace, inference and spool records after each batch, budget 24 MiB");
      bench ("live-hour-disk-end", run.disk_end / MIB, "MiB",
             "the spool's files at the end of the hour (packets kept for Save)");
      bench ("live-hour-disk-max", run.disk_max / MIB, "MiB",
             "the spool's files, most over the hour (an hour is 24 GB of packets)");
      bench ("live-hour-saved", run.saved / MIB, "MiB",
             "Save at the end: the packets of the connections the trace keeps");
    }
  if (only == NULL || g_str_equal (only, "free"))
    {
      Run run = { "free", 0, 10 * SYNACK_NSEC_PER_SEC };

      ok &= replay (&run, path, 1, 0, &wall, &packets);
      bench ("live-minute-trace", run.trace_max / MIB, "MiB", "60 s at 10,000 packets/s, no budget");
      bench ("live-minute-resident", run.rss_max / MIB, "MiB", "whole process, no budget");
      bench ("live-minute-disk", run.disk_end / MIB, "MiB", "the spool's files, no budget: every TCP packet kept");
    }
  big = g_build_filename (data, "bench-10m.pcap", NULL);
  if ((only == NULL || g_str_equal (only, "linger")) && g_file_test (big, G_FILE_TEST_EXISTS))
    {
      Run run = { "linger", 0, 20 * SYNACK_NSEC_PER_SEC };

      run.sample_linger = TRUE;
      ok &= replay (&run, big, 1, 0, &wall, &packets);
      bench ("live-10m-linger-connections", run.linger_max, "connections",
             "ended, held 60 s of capture time for late segments, most at once");
      bench ("live-10m-linger-state", run.linger_bytes_max / MIB, "MiB",
             "their inference state, most at once (the trace holds their events besides)");
      bench ("live-10m-resident", run.rss_max / MIB, "MiB", "whole process, no budget");
    }
  else if (only == NULL || g_str_equal (only, "linger"))
    printf ("bench-live: no %s: the 60 s linger at 10M packets is not measured\n", big);
  return ok ? 0 : 1;
}
