/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The time axis shared by the ladder and the timeline: trace time (ns) to a
 * position in pixels along the axis, with long idle stretches drawn as a
 * broken axis (a fixed-size break) instead of empty pages. Pure maths. */
#pragma once

#include <glib.h>

#include "synack-trace.h"

G_BEGIN_DECLS

/* Pixels a break takes on the axis, at any zoom. */
#define SYNACK_AXIS_BREAK_PX 40.0
/* Gaps longer than this become breaks (when they would also be taller than a break). */
#define SYNACK_AXIS_DEFAULT_BREAK_THRESHOLD (SYNACK_NSEC_PER_SEC)

typedef struct _SynackTimeAxis SynackTimeAxis;

/* An axis from start to end with no breaks yet. threshold: the shortest gap
 * that may become a break (<= 0: never break). */
SynackTimeAxis *synack_time_axis_new          (gint64          start,
                                               gint64          end,
                                               gint64          threshold);
/* An axis over one connection's events (conn G_MAXUINT: the whole trace):
 * every idle gap between consecutive events longer than threshold is a
 * candidate break. O(n) once; synack_time_axis_update() extends it as a live
 * trace grows. */
SynackTimeAxis *synack_time_axis_new_for_trace (SynackTrace    *trace,
                                               guint           conn,
                                               gint64          threshold);
/* Take in events appended since the axis was built (append-only traces). */
void            synack_time_axis_update       (SynackTimeAxis *self,
                                               SynackTrace    *trace);
/* Declare an idle gap (t0, t1): nothing happens strictly between them. Gaps
 * must come in increasing time order. */
void            synack_time_axis_add_gap      (SynackTimeAxis *self,
                                               gint64          t0,
                                               gint64          t1);
/* Extend the axis' end (never shrinks). */
void            synack_time_axis_extend       (SynackTimeAxis *self,
                                               gint64          end);
SynackTimeAxis *synack_time_axis_ref          (SynackTimeAxis *self);
void            synack_time_axis_unref        (SynackTimeAxis *self);

gint64          synack_time_axis_get_start    (SynackTimeAxis *self);
gint64          synack_time_axis_get_end      (SynackTimeAxis *self);
gint64          synack_time_axis_get_threshold (SynackTimeAxis *self);

/* Position of time t in pixels from the axis start, at ns_per_px. A gap
 * becomes a break of SYNACK_AXIS_BREAK_PX when it is longer than the
 * threshold and longer than a break at this zoom; time inside a break maps
 * linearly into it. Monotonic in t. O(log breaks). */
double          synack_time_axis_to_px        (SynackTimeAxis *self,
                                               gint64          t,
                                               double          ns_per_px);
/* The inverse: the time at a position (clamped to the axis' time range
 * extended linearly beyond its ends). */
gint64          synack_time_axis_from_px      (SynackTimeAxis *self,
                                               double          px,
                                               double          ns_per_px);
/* Length of the whole axis in pixels. */
double          synack_time_axis_length_px    (SynackTimeAxis *self,
                                               double          ns_per_px);
/* The breaks in effect at this zoom. */
guint           synack_time_axis_get_n_breaks (SynackTimeAxis *self,
                                               double          ns_per_px);
void            synack_time_axis_get_break    (SynackTimeAxis *self,
                                               double          ns_per_px,
                                               guint           i,
                                               gint64         *t0,
                                               gint64         *t1);
/* Breaks in effect whose [t0, t1] meets [from, to], as a range [*first, *last). */
void            synack_time_axis_breaks_between (SynackTimeAxis *self,
                                               double          ns_per_px,
                                               gint64          from,
                                               gint64          to,
                                               guint          *first,
                                               guint          *last);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SynackTimeAxis, synack_time_axis_unref)

G_END_DECLS
