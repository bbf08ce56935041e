/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark of one frame of the ladder and the timeline (1600x1000 image
 * surface: layout, ladder paint, timeline paint) on a 100-segment trace and
 * on a 1,000,000-segment trace at the same zoom, and on the big trace zoomed
 * out to fit. Each frame's layout is checked (which segments it holds, and
 * that ink reached the surface), so a fast wrong frame fails. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "bench-paint.h"
#include "bench-util.h"

#define HEIGHT    BENCH_PAINT_HEIGHT
#define GAP_NS    G_GINT64_CONSTANT (1000000)   /* a segment every 1 ms */
#define NS_PER_PX 1e5                           /* 0.1 ms a pixel: 100 ms on screen */
#define N_RUNS    31

static SynackTrace *
make_trace (guint n)
{
  SynackTrace *trace = synack_trace_new (SYNACK_TRACE_SOURCE_FILE);
  SynackAddress a, b;
  guint32 seq = 1001;

  synack_address_set_ipv4 (&a, 0x0a000001);
  synack_address_set_ipv4 (&b, 0x0a000002);
  synack_trace_add_connection (trace, &a, 40000, &b, 80);
  synack_trace_set_isn (trace, 0, 0, 1000, TRUE);
  synack_trace_set_isn (trace, 0, 1, 5000, TRUE);
  synack_trace_append_state (trace, 0, 0, 1, SYNACK_TCP_LISTEN, SYNACK_CAUSE_INFERRED, 0);
  for (guint i = 0; i < n; i++)
    {
      SynackSegment seg = { 0 };
      gint64 t = (gint64) i * GAP_NS;
      guint ep = i % 2;

      seg.window = 65535;
      if (i == 0)
        seg.flags = SYNACK_FLAG_SYN;
      else if (i == 1)
        seg.flags = SYNACK_FLAG_SYN | SYNACK_FLAG_ACK;
      else
        seg.flags = SYNACK_FLAG_ACK | (ep == 0 ? SYNACK_FLAG_PSH : 0);
      seg.seq = ep == 0 ? seq : 5001;
      seg.ack = ep == 0 ? 5001 : seq;
      seg.payload_len = ep == 0 && i > 1 ? 1000 : 0;
      if (ep == 0 && i > 1)
        seq += 1000;
      synack_trace_append_segment (trace, t, 0, ep, &seg, SYNACK_FATE_CAPTURED, SYNACK_TIME_NONE,
                                   i % 97 == 50 ? SYNACK_ANALYSIS_RETRANSMISSION : 0);
      if (i == 0)
        {
          synack_trace_append_state (trace, t, 0, 0, SYNACK_TCP_SYN_SENT, SYNACK_CAUSE_NONE, 0);
          synack_trace_append_state (trace, t, 0, 1, SYNACK_TCP_SYN_RECEIVED, SYNACK_CAUSE_NONE, 0);
        }
      else if (i == 1)
        synack_trace_append_state (trace, t, 0, 0, SYNACK_TCP_ESTABLISHED, SYNACK_CAUSE_NONE, 0);
      else if (i == 2)
        synack_trace_append_state (trace, t, 0, 1, SYNACK_TCP_ESTABLISHED, SYNACK_CAUSE_NONE, 0);
    }
  synack_trace_commit (trace);
  return trace;
}

/* Median ms of N_RUNS frames (wall; *cpu: this thread's processor time);
 * checks the frame. */
static double
measure (double             *cpu,
         SynackTrace        *trace,
         SynackTimeAxis     *axis,
         SynackTextMeasurer *measurer,
         double              ns_per_px,
         gint64              top,
         guint               min_arrows,
         guint               max_arrows,
         gboolean            want_labels)
{
  BenchFrame f;
  double wall = bench_paint_measure (trace, 0, axis, measurer, ns_per_px, top, N_RUNS, &f, cpu);

  if (f.arrows < min_arrows || f.arrows > max_arrows || (want_labels && f.labels == 0) ||
      (want_labels && f.dense) ||
      synack_trace_get_event_time (trace, f.first_event) < top - 2 * HEIGHT * ns_per_px)
    {
      fprintf (stderr, "bench-render: wrong frame: %u arrows (want %u..%u), %u labels, dense %d\n",
               f.arrows, min_arrows, max_arrows, f.labels, f.dense);
      exit (1);
    }
  if (f.inked < 100)
    {
      fprintf (stderr, "bench-render: a blank frame\n");
      exit (1);
    }
  return wall;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(SynackTrace) small = make_trace (100);
  g_autoptr(SynackTrace) big = NULL;
  g_autoptr(SynackTimeAxis) small_axis = NULL;
  g_autoptr(SynackTimeAxis) big_axis = NULL;
  g_autoptr(SynackTextMeasurer) measurer =
    synack_text_measurer_new (NULL, synack_theme_get (SYNACK_THEME_LIGHT), 1.0);
  double t_small, t_big, t_fit, fit_nspp, c_small, c_big, c_fit;
  gint64 t0;

  small_axis = synack_time_axis_new_for_trace (small, 0, SYNACK_NSEC_PER_SEC);
  big = make_trace (1000000);
  t0 = bench_now_ns ();
  big_axis = synack_time_axis_new_for_trace (big, 0, SYNACK_NSEC_PER_SEC);
  printf ("BENCH\trender-axis-1m\t%.1f\tms\tbuilding the time axis of a 1,000,000-segment "
          "connection (once per trace)\n", (bench_now_ns () - t0) / 1e6);

  /* 100 ms on screen: the whole small trace, and 100 ms in the middle of the big one */
  t_small = measure (&c_small, small, small_axis, measurer, NS_PER_PX, 0, 90, 101, TRUE);
  t_big = measure (&c_big, big, big_axis, measurer, NS_PER_PX, 500 * SYNACK_NSEC_PER_SEC, 90, 201, TRUE);
  /* the whole 1000 s on screen: a bounded sample */
  fit_nspp = 1000.0 * SYNACK_NSEC_PER_SEC / (HEIGHT - 60);
  t_fit = measure (&c_fit, big, big_axis, measurer, fit_nspp, 0, 100, 2 * HEIGHT + 2, FALSE);

  printf ("BENCH\trender-frame-100\t%.2f\tms\tladder+timeline frame, 1600x1000 image surface, "
          "100-segment trace, 0.1 ms/px; median of %d\n", t_small, N_RUNS);
  printf ("BENCH\trender-frame-1m\t%.2f\tms\tthe same frame on a 1,000,000-segment trace at the "
          "same zoom; median of %d\n", t_big, N_RUNS);
  printf ("BENCH\trender-frame-ratio\t%.2f\tx\t1M frame / 100 frame (goal: at most 1.2, and the 1M frame under 8 ms)\n",
          t_big / t_small);
  printf ("BENCH\trender-frame-cpu-100\t%.2f\tms\tthe 100-segment frame: processor time of "
          "the painting thread, median (a shared machine stretches the wall time)\n", c_small);
  printf ("BENCH\trender-frame-cpu-1m\t%.2f\tms\tthe 1,000,000-segment frame: processor "
          "time, median (goal: under 8)\n", c_big);
  printf ("BENCH\trender-frame-cpu-ratio\t%.2f\tx\tprocessor time, 1M frame / 100 frame "
          "(goal: at most 1.2)\n", c_big / c_small);
  printf ("BENCH\trender-frame-1m-fit\t%.2f\tms\t1,000,000 segments zoomed out to fit one "
          "screen (sampled, no labels); median of %d (processor time %.2f ms)\n", t_fit, N_RUNS,
          c_fit);
  return 0;
}
