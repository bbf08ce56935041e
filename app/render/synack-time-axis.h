/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The axis shared by the ladder and the timeline: where along it (pixels
 * from its start) each event of a connection goes, and where any trace time
 * goes. Pure maths, and the one place that decides heights, so that the
 * ladder, the timeline and the layout JSON agree.
 *
 * Two kinds:
 *  - time: time runs down to scale; long idle gaps are drawn as breaks
 *    whose height still grows with their length (logarithmically past a
 *    limit), and where segments follow each other closer than a label's
 *    row the axis stretches locally (never reorders) to give each its row;
 *  - events: one row per segment, in trace order, as Wireshark's flow graph
 *    reads; other events sit between the rows by their time.
 * Either way the position is monotonic in (time, event index): an event
 * before another in the trace is never drawn below it. */
#pragma once

#include <glib.h>

#include "synack-trace.h"

G_BEGIN_DECLS

/* An idle gap drawn taller than this at a zoom becomes a break... */
#define SYNACK_AXIS_BREAK_PX 120.0
/* ...of height BREAK_PX + BREAK_LOG_PX * log2 (to-scale height / BREAK_PX):
 * a gap twice as long is BREAK_LOG_PX taller, so backoff reads as growing,
 * and a longer gap is never drawn shorter than a shorter one. */
#define SYNACK_AXIS_BREAK_LOG_PX 50.0
/* Both are for rows of this height (text scale 1); larger rows scale them. */
#define SYNACK_AXIS_BREAK_ROW_PX 44.0
/* A zoom that fits a connection draws the shortest backoff wait (a
 * retransmission, persist or keep-alive timer that fired) this many rows
 * tall at least, so the waits after it read as growing. */
#define SYNACK_AXIS_WAIT_ROWS 1.25
/* Gaps shorter than this are never compressed (0: never compress). */
#define SYNACK_AXIS_DEFAULT_BREAK_THRESHOLD (SYNACK_NSEC_PER_SEC / 1000)
/* Past this many events a connection's time axis is not stretched and the
 * event axis is not offered (memory and time are linear in it). */
#define SYNACK_AXIS_MAX_KEYED_EVENTS 1000000u

typedef enum
{
  SYNACK_AXIS_TIME,
  SYNACK_AXIS_EVENTS,
} SynackAxisKind;

/* The axis a connection is best read on: time for the engine's runs (RTO
 * and 2MSL durations are the lesson), events for a capture whose segments
 * mostly come closer together than a label's row would allow at a zoom
 * that shows the whole connection. */
SynackAxisKind  synack_time_axis_auto_kind    (SynackTrace    *trace,
                                               guint           conn);

/* A stretch of the time axis: between t0 and t1 extra_px were added so
 * that segments get a row each (t0 == t1: segments at the same instant). */
typedef struct
{
  gint64 t0, t1;
  double extra_px;
} SynackAxisStretch;

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
/* Idle only where other is idle too (outside an axis' span counts as
 * idle), over both axes' spans: two runs drawn side by side get the same
 * breaks, so their times line up. Gaps are self's threshold's. */
void            synack_time_axis_share_idle   (SynackTimeAxis *self,
                                               SynackTimeAxis *other);
/* The shortest time a retransmission, persist or keep-alive timer of the
 * axis' connection ran before it fired, or -1 when none fired. */
gint64          synack_time_axis_get_shortest_wait (SynackTimeAxis *self);
/* The largest ns_per_px (the furthest zoom-out) at which that wait is drawn
 * SYNACK_AXIS_WAIT_ROWS rows tall to scale; G_MAXDOUBLE when there is no
 * wait or no row. */
double          synack_time_axis_wait_ns_per_px (SynackTimeAxis *self);
/* Time or events (default time); events falls back to time for a
 * connection with more than SYNACK_AXIS_MAX_KEYED_EVENTS events. */
void            synack_time_axis_set_kind     (SynackTimeAxis *self,
                                               SynackAxisKind  kind);
SynackAxisKind  synack_time_axis_get_kind     (SynackTimeAxis *self);
/* The row a segment needs (its label's height and a gap); 0 (the default)
 * stretches nothing. */
void            synack_time_axis_set_row_px   (SynackTimeAxis *self,
                                               double          row_px);
double          synack_time_axis_get_row_px   (SynackTimeAxis *self);
/* Position of an event (index, at time t) of the axis' connection. */
double          synack_time_axis_event_to_px  (SynackTimeAxis *self,
                                               guint           index,
                                               gint64          t,
                                               double          ns_per_px);
/* Position of the arrival of segment index at time arrive: after its send,
 * before every later event at that instant. */
double          synack_time_axis_arrival_to_px (SynackTimeAxis *self,
                                               guint           index,
                                               gint64          arrive,
                                               double          ns_per_px);
/* Stretches with t1 in [from, to]. (transfer full: SynackAxisStretch) */
GArray         *synack_time_axis_stretches_between (SynackTimeAxis *self,
                                               double          ns_per_px,
                                               gint64          from,
                                               gint64          to);
/* Height of break i at this zoom. */
double          synack_time_axis_get_break_px (SynackTimeAxis *self,
                                               double          ns_per_px,
                                               guint           i);
/* Extend the axis' end (never shrinks). */
void            synack_time_axis_extend       (SynackTimeAxis *self,
                                               gint64          end);
SynackTimeAxis *synack_time_axis_ref          (SynackTimeAxis *self);
void            synack_time_axis_unref        (SynackTimeAxis *self);

gint64          synack_time_axis_get_start    (SynackTimeAxis *self);
gint64          synack_time_axis_get_end      (SynackTimeAxis *self);
gint64          synack_time_axis_get_threshold (SynackTimeAxis *self);

/* Position of time t in pixels from the axis start, at ns_per_px: the top
 * of the events at instant t. Monotonic in t. O(log n). */
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
