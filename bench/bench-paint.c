/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "bench-paint.h"
#include "bench-util.h"
#include "synack-ladder-paint.h"
#include "synack-timeline-paint.h"

#define WIDTH    BENCH_PAINT_WIDTH
#define HEIGHT   BENCH_PAINT_HEIGHT
#define TIMELINE BENCH_PAINT_TIMELINE

static BenchFrame
paint_frame (cairo_t            *cr,
             SynackTrace        *trace,
             guint               conn,
             SynackTimeAxis     *axis,
             SynackTextMeasurer *measurer,
             double              ns_per_px,
             gint64              top)
{
  const SynackTheme *theme = synack_theme_get (SYNACK_THEME_LIGHT);
  SynackLadderParams params;
  SynackLadderLayout *layout;
  SynackPaintOptions options;
  SynackTimelineParams tp = { 0 };
  BenchFrame result = { 0 };

  synack_ladder_params_init (&params, WIDTH - TIMELINE, HEIGHT, 1.0);
  synack_ladder_params_use_measurer (&params, measurer);
  params.ns_per_px = ns_per_px;
  params.scroll_px = synack_time_axis_to_px (axis, top, ns_per_px);
  layout = synack_ladder_layout_new (trace, conn, axis, &params);
  synack_paint_options_init (&options, theme, 1.0);
  synack_ladder_paint (cr, trace, layout, &options);
  tp.width = TIMELINE;
  tp.height = HEIGHT;
  tp.header_px = params.header_px;
  tp.scroll_px = params.scroll_px;
  tp.ns_per_px = ns_per_px;
  cairo_save (cr);
  cairo_translate (cr, WIDTH - TIMELINE, 0);
  synack_timeline_paint (cr, trace, conn, axis, &tp, &options);
  cairo_restore (cr);

  result.arrows = layout->arrows->len;
  result.dense = layout->dense;
  for (guint i = 0; i < layout->arrows->len; i++)
    result.labels += g_array_index (layout->arrows, SynackLadderArrow, i).has_label;
  if (layout->arrows->len > 0)
    result.first_event = g_array_index (layout->arrows, SynackLadderArrow, 0).event;
  synack_ladder_layout_free (layout);
  return result;
}

double
bench_paint_measure (SynackTrace        *trace,
                     guint               conn,
                     SynackTimeAxis     *axis,
                     SynackTextMeasurer *measurer,
                     double              ns_per_px,
                     gint64              top,
                     guint               n_runs,
                     BenchFrame         *frame,
                     double             *cpu)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cairo_t *cr = cairo_create (surface);
  g_autofree double *times = g_new (double, n_runs);
  g_autofree double *cpu_times = g_new (double, n_runs);
  double wall;

  for (guint i = 0; i < n_runs + 2; i++)
    {
      gint64 t0 = bench_now_ns (), c0 = bench_clock_ns (CLOCK_THREAD_CPUTIME_ID);

      *frame = paint_frame (cr, trace, conn, axis, measurer, ns_per_px, top);
      cairo_surface_flush (surface);
      if (i >= 2)   /* two warm-up frames: font caches */
        {
          times[i - 2] = (bench_now_ns () - t0) / 1e6;
          cpu_times[i - 2] = (bench_clock_ns (CLOCK_THREAD_CPUTIME_ID) - c0) / 1e6;
        }
    }
  {
    /* ink: the middle of the ladder is not all background */
    guint8 *data = cairo_image_surface_get_data (surface);
    int stride = cairo_image_surface_get_stride (surface);

    for (int y = 100; y < HEIGHT; y += 7)
      for (int x = 300; x < WIDTH - TIMELINE - 300; x += 5)
        frame->inked += *(guint32 *) (data + y * stride + x * 4) != 0xffffffff;
  }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  wall = bench_median (times, n_runs);
  *cpu = bench_median (cpu_times, n_runs);
  return wall;
}
