/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The state timeline: one band per endpoint, coloured (and hatched) by state
 * over time, with state names where they fit, the player's cursor and the
 * selected segment marked. Time runs down, on the ladder's axis, so the two
 * line up side by side. */
#pragma once

#include <cairo.h>

#include "synack-ladder-paint.h"
#include "synack-time-axis.h"
#include "synack-trace.h"

G_BEGIN_DECLS

/* Another account of an endpoint's states: the kernel's own, for a socket of
 * this machine. Steps in time order; before the first one the state is
 * SYNACK_STATE_UNKNOWN unless the first step says otherwise. */
typedef struct
{
  gint64 time;
  guint8 state;        /* SynackTcpState, or SYNACK_STATE_UNKNOWN */
  guint8 polled;       /* seen by a poll at time: it began at or before then */
} SynackStateStep;

typedef struct
{
  const SynackStateStep *steps;
  guint                  n_steps;
} SynackStateTrack;

/* What a paint drew solid (not faded, not hidden): for each endpoint the
 * state of the last solid span, the one in force just after the cursor
 * event, or SYNACK_STATE_UNKNOWN where nothing was drawn solid (before the
 * first event). For tests and tools that check the picture against the
 * trace. */
typedef struct
{
  int    cursor_event;      /* the options' cursor event it was drawn for */
  guint8 state[2];          /* SynackTcpState, or SYNACK_STATE_UNKNOWN */
  double solid_to[2];       /* where the solid part ends, in the viewport */
} SynackTimelineDrawn;

typedef struct
{
  double width;
  double height;
  double header_px;     /* same as the ladder's, so rows line up */
  double scroll_px;
  double ns_per_px;
  /* The kernel's states beside the inferred ones, or NULL: the endpoint's
   * band is split, inferred on the left, the kernel's on the right, and
   * where they differ the gap between them is marked. */
  const SynackStateTrack *kernel[2];
  /* Filled with what was drawn solid, or NULL. */
  SynackTimelineDrawn    *drawn;
} SynackTimelineParams;

/* Where endpoint's band is, horizontally. */
void           synack_timeline_band_x      (const SynackTimelineParams *params,
                                            guint                       endpoint,
                                            double                     *x,
                                            double                     *w);
/* y of a time, and time of a y, in the timeline's viewport. */
double         synack_timeline_time_to_y   (const SynackTimelineParams *params,
                                            SynackTimeAxis             *axis,
                                            gint64                      t);
gint64         synack_timeline_y_to_time   (const SynackTimelineParams *params,
                                            SynackTimeAxis             *axis,
                                            double                      y);
/* The endpoint whose band holds x, or -1. */
int            synack_timeline_pick_endpoint (const SynackTimelineParams *params,
                                            double                      x);

/* y where span i of an endpoint's states begins: the same height as the
 * ladder's state label (synack_ladder_state_span_y()). */
double         synack_timeline_span_y      (const SynackTimelineParams *params,
                                            SynackTrace                *trace,
                                            guint                       conn,
                                            SynackTimeAxis             *axis,
                                            guint                       endpoint,
                                            guint                       span);
/* y of the cursor: its event's row. */
double         synack_timeline_cursor_y    (const SynackTimelineParams *params,
                                            SynackTimeAxis             *axis,
                                            const SynackPaintOptions   *options);

void           synack_timeline_paint       (cairo_t                    *cr,
                                            SynackTrace                *trace,
                                            guint                       conn,
                                            SynackTimeAxis             *axis,
                                            const SynackTimelineParams *params,
                                            const SynackPaintOptions   *options);

G_END_DECLS
