/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SynackViewState: what the ladder and the timeline views share, so they
 * scroll, zoom and select together: the connection shown, the time at the
 * top of the view, the zoom, the selected segment, how seq/ack are written
 * and what happens to events after the player's cursor. No GTK. */
#pragma once

#include <glib-object.h>

#include "synack-time-axis.h"
#include "synack-trace.h"

G_BEGIN_DECLS

typedef enum
{
  SYNACK_SEQ_RELATIVE,   /* Wireshark's relative sequence numbers */
  SYNACK_SEQ_ABSOLUTE,   /* as on the wire */
  SYNACK_SEQ_TEXTBOOK,   /* as textbooks write them: x, y, u, v, w and offsets (synack-notation.h) */
} SynackSeqMode;

typedef enum
{
  SYNACK_AFTER_CURSOR_SHOW,  /* draw everything */
  SYNACK_AFTER_CURSOR_FADE,  /* draw what lies after the cursor faded */
  SYNACK_AFTER_CURSOR_HIDE,  /* draw nothing after the cursor (replay) */
} SynackAfterCursor;

#define SYNACK_VIEW_STATE_MIN_NS_PER_PX 100.0                  /* 0.1 us a pixel */
#define SYNACK_VIEW_STATE_MAX_NS_PER_PX (3600.0 * 1e9 / 100.0) /* an hour in 100 px */
/* Room above the first event when a view shows the start. */
#define SYNACK_VIEW_STATE_TOP_MARGIN_PX 24.0

typedef enum
{
  SYNACK_AXIS_MODE_AUTO,    /* synack_time_axis_auto_kind() */
  SYNACK_AXIS_MODE_TIME,
  SYNACK_AXIS_MODE_EVENTS,
} SynackAxisMode;

#define SYNACK_TYPE_VIEW_STATE (synack_view_state_get_type ())
#define SYNACK_TYPE_AXIS_MODE (synack_axis_mode_get_type ())
#define SYNACK_TYPE_SEQ_MODE (synack_seq_mode_get_type ())
#define SYNACK_TYPE_AFTER_CURSOR (synack_after_cursor_get_type ())

GType synack_seq_mode_get_type (void);
GType synack_after_cursor_get_type (void);
GType synack_axis_mode_get_type (void);

G_DECLARE_FINAL_TYPE (SynackViewState, synack_view_state, SYNACK, VIEW_STATE, GObject)

/* Properties, read-only (the setters below are the one way to change them;
 * in the window SynackSession is the only caller of those it owns), all
 * with notify on change:
 *   trace           SynackTrace*    the trace shown
 *   connection      uint            the connection shown (default 0)
 *   start-time      int64           trace time at the top (or left) edge of the views
 *   ns-per-pixel    double          zoom: nanoseconds a pixel, outside breaks
 *   selected        int             event index of the selected segment, -1 for none
 *   seq-mode        SynackSeqMode   relative or absolute seq/ack in labels
 *   after-cursor    SynackAfterCursor  (default FADE; views apply it while the
 *                                      player is not at the end)
 *   text-scale      double          1.0 normally; 1.5 or 2 for a projector
 *   dark            boolean         paint with the dark theme
 *   high-contrast   boolean         paint with the high-contrast theme
 *   break-threshold int64           idle gaps longer than this may be compressed
 *                                   into breaks (0: draw all time to scale)
 *   axis-mode       SynackAxisMode  time, events (one row per segment) or auto
 * Signals:
 *   axis-changed ()                 the time axis was rebuilt or grew (a new
 *                                   trace, connection, threshold, or events
 *                                   appended to a live trace)
 */
SynackViewState *synack_view_state_new               (void);

SynackTrace     *synack_view_state_get_trace         (SynackViewState *self);
void             synack_view_state_set_trace         (SynackViewState *self,
                                                      SynackTrace     *trace);
guint            synack_view_state_get_connection    (SynackViewState *self);
void             synack_view_state_set_connection    (SynackViewState *self,
                                                      guint            conn);
gint64           synack_view_state_get_start_time    (SynackViewState *self);
void             synack_view_state_set_start_time    (SynackViewState *self,
                                                      gint64           time);
double           synack_view_state_get_ns_per_pixel  (SynackViewState *self);
/* Clamped to [MIN_NS_PER_PX, MAX_NS_PER_PX]. */
void             synack_view_state_set_ns_per_pixel  (SynackViewState *self,
                                                      double           ns_per_px);
int              synack_view_state_get_selected      (SynackViewState *self);
void             synack_view_state_set_selected      (SynackViewState *self,
                                                      int              event_index);
SynackSeqMode    synack_view_state_get_seq_mode      (SynackViewState *self);
void             synack_view_state_set_seq_mode      (SynackViewState *self,
                                                      SynackSeqMode    mode);
SynackAfterCursor synack_view_state_get_after_cursor (SynackViewState *self);
void             synack_view_state_set_after_cursor  (SynackViewState *self,
                                                      SynackAfterCursor mode);
double           synack_view_state_get_text_scale    (SynackViewState *self);
void             synack_view_state_set_text_scale    (SynackViewState *self,
                                                      double           scale);
gboolean         synack_view_state_get_dark          (SynackViewState *self);
void             synack_view_state_set_dark          (SynackViewState *self,
                                                      gboolean         dark);
gboolean         synack_view_state_get_high_contrast (SynackViewState *self);
void             synack_view_state_set_high_contrast (SynackViewState *self,
                                                      gboolean         high_contrast);
gint64           synack_view_state_get_break_threshold (SynackViewState *self);
void             synack_view_state_set_break_threshold (SynackViewState *self,
                                                      gint64           threshold);

SynackAxisMode   synack_view_state_get_axis_mode     (SynackViewState *self);
void             synack_view_state_set_axis_mode     (SynackViewState *self,
                                                      SynackAxisMode   mode);
/* The axis in effect (auto resolved). */
SynackAxisKind   synack_view_state_get_axis_kind     (SynackViewState *self);
/* Scroll so that an event (index, at time t) is in view with room above it
 * for what led to it (no-op when it already is). */
void             synack_view_state_ensure_event_visible (SynackViewState *self,
                                                      guint            index,
                                                      gint64           time,
                                                      double           extent_px);

/* Another run drawn beside this one (a what-if), or NULL: the time axis is
 * then idle only where both runs are, so both get the same breaks; it is
 * rebuilt when the partner's trace, connection or threshold change. The
 * partner is not referenced. */
void             synack_view_state_set_partner       (SynackViewState *self,
                                                      SynackViewState *partner);
SynackViewState *synack_view_state_get_partner       (SynackViewState *self);

/* The shared axis for the current trace and connection, or NULL without a
 * trace. (transfer none) */
SynackTimeAxis  *synack_view_state_get_axis          (SynackViewState *self);
/* Position along the axis of the view's top edge, in pixels. */
double           synack_view_state_get_scroll_px     (SynackViewState *self);
void             synack_view_state_set_scroll_px     (SynackViewState *self,
                                                      double           px);
/* Zoom by factor (>1 zooms in) keeping the time at anchor_px (pixels from
 * the view's top edge) where it is. */
void             synack_view_state_zoom              (SynackViewState *self,
                                                      double           factor,
                                                      double           anchor_px);
/* Zoom so that the connection's whole span fits in extent_px pixels. */
void             synack_view_state_zoom_to_fit       (SynackViewState *self,
                                                      double           extent_px);
/* Scroll so that time is visible in a view extent_px long (no-op when it is). */
void             synack_view_state_ensure_visible    (SynackViewState *self,
                                                      gint64           time,
                                                      double           extent_px);
/* Select the next (or previous) segment of the connection after the
 * selected one; the first (or last) when none is selected. Returns FALSE at
 * the end. */
gboolean         synack_view_state_select_next       (SynackViewState *self);
gboolean         synack_view_state_select_previous   (SynackViewState *self);

G_END_DECLS
