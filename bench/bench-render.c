/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark of one frame of the ladder and the timeline (1600x1000 image
 * surface: layout, ladder paint, timeline paint) on a 100-segment trace and
 * on a 1,000,000-segment trace at the same zoom, and on the big trace zoomed
 * out to fit. Each frame's layout is checked (which segments it holds, and
 * that ink reached the surface), so a fast wrong frame fails. */
#include "config.h"

#include <cairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "synack-ladder-layout.h"
#include "synack-ladder-paint.h"
#include "synack-time-axis.h"
#include "synack-timeline-paint.h"

#define WIDTH     1600
#define HEIGHT    1000
#define TIMELINE  240
#define GAP_NS    G_GINT64_CONSTANT (1000000)   /* a segment every 1 ms */
#define NS_PER_PX 1e5                           /* 0.1 ms a pixel: 100 ms on screen */
#define N_RUNS    31

static gint64
clock_ns (clockid_t clock)
{
  struct timespec ts;

  clock_gettime (clock, &ts);
  return (gint64) ts.tv_sec * SYNACK_NSEC_PER_SEC + ts.tv_nsec;
}

static gint64
now_ns (void)
{
  return clock_ns (CLOCK_MONOTONIC);
}

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

typedef struct
{
  guint    arrows;
  guint    labels;
  gboolean dense;
  guint    first_event;
} Frame;

static Frame
frame (SynackTrace         *trace,
       SynackTimeAxis      *axis,
       SynackTextMeasurer  *measurer,
       cairo_t             *cr,
       double               ns_per_px,
       gint64               top)
{
  const SynackTheme *theme = synack_theme_get (SYNACK_THEME_LIGHT);
  SynackLadderParams params;
  SynackLadderLayout *layout;
  SynackPaintOptions options;
  SynackTimelineParams tp = { 0 };
  Frame result = { 0 };

  synack_ladder_params_init (&params, WIDTH - TIMELINE, HEIGHT, 1.0);
  synack_ladder_params_use_measurer (&params, measurer);
  params.ns_per_px = ns_per_px;
  params.scroll_px = synack_time_axis_to_px (axis, top, ns_per_px);
  layout = synack_ladder_layout_new (trace, 0, axis, &params);
  synack_paint_options_init (&options, theme, 1.0);
  synack_ladder_paint (cr, trace, layout, &options);
  tp.width = TIMELINE;
  tp.height = HEIGHT;
  tp.header_px = params.header_px;
  tp.scroll_px = params.scroll_px;
  tp.ns_per_px = ns_per_px;
  cairo_save (cr);
  cairo_translate (cr, WIDTH - TIMELINE, 0);
  synack_timeline_paint (cr, trace, 0, axis, &tp, &options);
  cairo_restore (cr);

  result.arrows = layout->arrows->len;
  result.dense = layout->dense;
  for (guint i = 0; i < layout->arrows->len; i++)
    result.labels += g_array_index (layout->arrows, SynackLadderArrow, i).has_label;
  result.first_event = layout->arrows->len ? g_array_index (layout->arrows, SynackLadderArrow, 0).event : 0;
  synack_ladder_layout_free (layout);
  return result;
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Median ms of N_RUNS frames (wall; *cpu: this thread's processor time);
 * checks every frame. */
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
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cairo_t *cr = cairo_create (surface);
  double times[N_RUNS], cpu_times[N_RUNS];
  Frame f = { 0 };

  for (guint i = 0; i < N_RUNS + 2; i++)
    {
      gint64 t0 = now_ns (), c0 = clock_ns (CLOCK_THREAD_CPUTIME_ID);

      f = frame (trace, axis, measurer, cr, ns_per_px, top);
      cairo_surface_flush (surface);
      if (i >= 2)   /* two warm-up frames: font caches */
        {
          times[i - 2] = (now_ns () - t0) / 1e6;
          cpu_times[i - 2] = (clock_ns (CLOCK_THREAD_CPUTIME_ID) - c0) / 1e6;
        }
    }
  if (f.arrows < min_arrows || f.arrows > max_arrows || (want_labels && f.labels == 0) ||
      (want_labels && f.dense) ||
      synack_trace_get_event_time (trace, f.first_event) < top - 2 * HEIGHT * ns_per_px)
    {
      fprintf (stderr, "bench-render: wrong frame: %u arrows (want %u..%u), %u labels, dense %d\n",
               f.arrows, min_arrows, max_arrows, f.labels, f.dense);
      exit (1);
    }
  {
    /* ink: the middle of the ladder is not all background */
    guint8 *data = cairo_image_surface_get_data (surface);
    int stride = cairo_image_surface_get_stride (surface);
    guint inked = 0;

    for (int y = 100; y < HEIGHT; y += 7)
      for (int x = 300; x < WIDTH - TIMELINE - 300; x += 5)
        inked += *(guint32 *) (data + y * stride + x * 4) != 0xffffffff;
    if (inked < 100)
      {
        fprintf (stderr, "bench-render: a blank frame\n");
        exit (1);
      }
  }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  qsort (times, N_RUNS, sizeof (double), compare_double);
  qsort (cpu_times, N_RUNS, sizeof (double), compare_double);
  *cpu = cpu_times[N_RUNS / 2];
  return times[N_RUNS / 2];
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
  t0 = now_ns ();
  big_axis = synack_time_axis_new_for_trace (big, 0, SYNACK_NSEC_PER_SEC);
  printf ("BENCH\trender-axis-1m\t%.1f\tms\tbuilding the time axis of a 1,000,000-segment "
          "connection (once per trace)\n", (now_ns () - t0) / 1e6);

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
