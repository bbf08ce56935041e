/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One frame of the ladder and the timeline (the render painters on a
 * 1600x1000 cairo image surface: layout, ladder paint, timeline paint) of a
 * connection of the 1,000,000-packet capture, as the window shows it: in
 * the trace the capture loads into (1,000,000 segments over 20,000
 * connections), against the same connection in a trace of its own (tens of
 * segments). The two frames must hold the same arrows and labels, and ink,
 * or the benchmark fails. Goal: the big trace's frame at most 1.2x the
 * small one's, and under 8 ms. */
#include "config.h"

#include <stdio.h>

#include "bench-paint.h"
#include "synack-pcap-source.h"

#define N_RUNS    51

/* Median ms of N_RUNS frames of conn, the connection in view from its
 * start: wall time, and in *cpu the processor time of this thread (what
 * the frame costs whatever else the machine runs). */
static double
measure (SynackTrace        *trace,
         guint               conn,
         SynackTextMeasurer *measurer,
         BenchFrame         *frame,
         double             *cpu)
{
  const SynackConnection *c = synack_trace_get_connection (trace, conn);
  g_autoptr(SynackTimeAxis) axis = synack_time_axis_new_for_trace (trace, conn,
                                                                   SYNACK_NSEC_PER_SEC);
  /* The whole connection in view, as the window fits it. */
  double ns_per_px = MAX (1.0, (double) synack_time_axis_to_px (axis, c->end, 1.0) -
                               (double) synack_time_axis_to_px (axis, c->start, 1.0)) /
                     (BENCH_PAINT_HEIGHT - 200);

  return bench_paint_measure (trace, conn, axis, measurer, ns_per_px, c->start, N_RUNS, frame,
                              cpu);
}

int
main (void)
{
  const char *dir = g_getenv ("SYNACK_BENCH_DATA");
  g_autofree char *path = NULL;
  g_autoptr(SynackTrace) big = NULL;
  g_autoptr(SynackTrace) alone = NULL;
  g_autoptr(SynackTextMeasurer) measurer =
    synack_text_measurer_new (NULL, synack_theme_get (SYNACK_THEME_LIGHT), 1.0);
  g_autoptr(GError) error = NULL;
  BenchFrame f_big, f_alone;
  double t_big, t_alone, c_big, c_alone;
  guint conn;

  if (dir == NULL)
    {
      fprintf (stderr, "bench-frame: set SYNACK_BENCH_DATA to the bench build directory\n");
      return 1;
    }
  path = g_build_filename (dir, "bench-1m.pcap", NULL);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      fprintf (stderr, "bench-frame: %s is missing (build-aux/dev bench makes it with "
               "bench/make-capture.py)\n", path);
      return 1;
    }
  big = synack_pcap_load_file (path, NULL, NULL, NULL, NULL, NULL, &error);
  if (big == NULL)
    {
      fprintf (stderr, "bench-frame: %s\n", error->message);
      return 1;
    }
  if (synack_trace_get_n_segments (big) < 1000000)
    {
      fprintf (stderr, "bench-frame: %s holds %u segments, expected 1,000,000\n", path,
               synack_trace_get_n_segments (big));
      return 1;
    }
  /* A connection from the middle of the file. */
  conn = synack_trace_get_n_connections (big) / 2;
  alone = synack_trace_copy_connection (big, conn);

  t_big = measure (big, conn, measurer, &f_big, &c_big);
  t_alone = measure (alone, 0, measurer, &f_alone, &c_alone);
  if (f_big.arrows == 0 || f_big.arrows != f_alone.arrows || f_big.labels != f_alone.labels ||
      f_big.labels == 0 || f_big.inked < 100 || f_alone.inked < 100)
    {
      fprintf (stderr, "bench-frame: the frames differ or are empty: %u and %u arrows, "
               "%u and %u labels, %u and %u inked samples\n", f_big.arrows, f_alone.arrows,
               f_big.labels, f_alone.labels, f_big.inked, f_alone.inked);
      return 1;
    }

  printf ("BENCH\tframe-capture-alone\t%.2f\tms\tladder+timeline frame, 1600x1000 image "
          "surface, a connection of bench-1m.pcap in a trace of its own (%u segments, "
          "%u arrows in view); wall, median of %d\n", t_alone,
          synack_trace_get_n_segments (alone), f_alone.arrows, N_RUNS);
  printf ("BENCH\tframe-capture-1m\t%.2f\tms\tthe same frame of the same connection in the "
          "trace of the whole capture (%u segments, %u connections); wall, median of %d "
          "(goal: under 8)\n", t_big, synack_trace_get_n_segments (big),
          synack_trace_get_n_connections (big), N_RUNS);
  printf ("BENCH\tframe-capture-ratio\t%.2f\tx\tthe frame in the 1M-segment trace over the "
          "frame alone, wall (goal: at most 1.2)\n", t_big / t_alone);
  printf ("BENCH\tframe-capture-cpu-alone\t%.2f\tms\tthe frame alone: processor time of "
          "the painting thread, median (a shared machine stretches the wall time)\n", c_alone);
  printf ("BENCH\tframe-capture-cpu-1m\t%.2f\tms\tthe frame in the 1M-segment trace: "
          "processor time, median (goal: under 8)\n", c_big);
  printf ("BENCH\tframe-capture-cpu-ratio\t%.2f\tx\tprocessor time, 1M-segment trace over "
          "alone (goal: at most 1.2)\n", c_big / c_alone);
  return 0;
}
