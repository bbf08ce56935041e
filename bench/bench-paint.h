/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One frame of the ladder and the timeline as the window paints it (the
 * render painters on a 1600x1000 cairo image surface: layout, ladder
 * paint, timeline paint), timed over many frames, for the painters'
 * benchmarks (bench-render, bench-frame). */
#pragma once

#include <cairo.h>

#include "synack-ladder-layout.h"
#include "synack-ladder-paint.h"
#include "synack-time-axis.h"

G_BEGIN_DECLS

#define BENCH_PAINT_WIDTH    1600
#define BENCH_PAINT_HEIGHT   1000
#define BENCH_PAINT_TIMELINE 240

/* What the last frame held, to check that a fast frame is not a wrong one. */
typedef struct
{
  guint    arrows;       /* arrows in the ladder's layout */
  guint    labels;       /* of which labelled */
  gboolean dense;        /* the layout left labels out for density */
  guint    first_event;  /* the event of the first arrow (0 when none) */
  guint    inked;        /* samples of the ladder's middle that are not background */
} BenchFrame;

/* Paint n_runs frames of conn from top (after two warm-up frames for the
 * font caches) at ns_per_px; returns the median wall time of a frame in
 * ms, *cpu the median processor time of this thread, *frame what the last
 * one held. */
double bench_paint_measure (SynackTrace        *trace,
                            guint               conn,
                            SynackTimeAxis     *axis,
                            SynackTextMeasurer *measurer,
                            double              ns_per_px,
                            gint64              top,
                            guint               n_runs,
                            BenchFrame         *frame,
                            double             *cpu);

G_END_DECLS
