/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SynackTimeView: what the ladder and the state timeline have in common.
 * Both draw one connection on a vertical time axis kept in a
 * SynackViewState, so this base class holds the trace, the player and the
 * view state, scrolls (GtkScrollable: the vertical adjustment is the view
 * state's scroll position), zooms (Ctrl+scroll, Ctrl+plus/minus/0, the
 * view.zoom-in/zoom-out/zoom-fit actions) and picks the theme the view
 * state says. Given a SynackSession, a view takes all three from it,
 * follows its new traces, and selects through it. */
#pragma once

#include <gtk/gtk.h>

#include "synack-ladder-paint.h"
#include "synack-player.h"
#include "synack-session.h"
#include "synack-theme.h"
#include "synack-trace.h"
#include "synack-view-state.h"

G_BEGIN_DECLS

#define SYNACK_TYPE_TIME_VIEW (synack_time_view_get_type ())

G_DECLARE_DERIVABLE_TYPE (SynackTimeView, synack_time_view, SYNACK, TIME_VIEW, GtkWidget)

struct _SynackTimeViewClass
{
  GtkWidgetClass parent_class;

  /* a new trace was set (the view state already has it) */
  void (*trace_changed) (SynackTimeView *self);
  /* the player's cursor moved */
  void (*player_moved)  (SynackTimeView *self);
  /* draw the view on the view state's axis (NULL before there is a
   * trace); options hold the theme, the selection and the cursor */
  void (*paint)         (SynackTimeView     *self,
                         cairo_t            *cr,
                         SynackTimeAxis     *axis,
                         SynackPaintOptions *options);
  /* the segment event drawn at (x, y), which a click selects, or -1 */
  int  (*pick)          (SynackTimeView *self,
                         double          x,
                         double          y);
  /* the tooltip at (x, y), or for the selection from the keyboard; NULL
   * for none (transfer full) */
  char *(*describe)     (SynackTimeView *self,
                         double          x,
                         double          y,
                         gboolean        keyboard);
  /* the width the view asks for */
  void (*measure_width) (SynackTimeView *self,
                         int            *minimum,
                         int            *natural);
};

/* Properties: trace, player, view-state, session (each settable, notify on
 * change), plus GtkScrollable's hadjustment, vadjustment, hscroll-policy,
 * vscroll-policy. */
SynackTrace       *synack_time_view_get_trace      (SynackTimeView  *self);
/* Also sets the trace of the view state when it has another. */
void               synack_time_view_set_trace      (SynackTimeView  *self,
                                                    SynackTrace     *trace);
SynackPlayer      *synack_time_view_get_player     (SynackTimeView  *self);
void               synack_time_view_set_player     (SynackTimeView  *self,
                                                    SynackPlayer    *player);
/* Share one view state between a ladder and a timeline so they scroll,
 * zoom and select together. A view creates its own until given one. */
SynackViewState   *synack_time_view_get_view_state (SynackTimeView  *self);
void               synack_time_view_set_view_state (SynackTimeView  *self,
                                                    SynackViewState *state);
SynackSession     *synack_time_view_get_session    (SynackTimeView  *self);
void               synack_time_view_set_session    (SynackTimeView  *self,
                                                    SynackSession   *session);

/* For the subclasses. */
const SynackTheme *synack_time_view_get_theme      (SynackTimeView  *self);
double             synack_time_view_get_text_scale (SynackTimeView  *self);
/* The height of the endpoints' header, the same in both views. */
double             synack_time_view_get_header_px  (SynackTimeView  *self);
/* The y of the player's cursor line as drawn (widget coordinates), NAN
 * when none is drawn (before the first event). */
double             synack_time_view_get_cursor_y   (SynackTimeView  *self);
/* The last event a view may tell of: the cursor's while a quiz question is
 * open (what lies after it is hidden), else G_MAXINT. */
int                 synack_time_view_get_last_told  (SynackTimeView  *self);
/* Zoom by factor keeping the time at y (widget coordinates) in place. */
void               synack_time_view_zoom_at        (SynackTimeView  *self,
                                                    double           factor,
                                                    double           y);
void               synack_time_view_zoom_to_fit    (SynackTimeView  *self);
/* The session's kernel states when they are the shown trace's, or NULL. */
SynackKernelStates *synack_time_view_get_kernel_states (SynackTimeView *self);
/* Select a segment event (-1: none), through the session when there is one. */
void               synack_time_view_select         (SynackTimeView  *self,
                                                    int              event);

/* For tests: how many times the view has painted, and (once recording is
 * on) every piece of text its last paint drew. (transfer none) */
guint              synack_time_view_get_n_paints   (SynackTimeView  *self);
/* Paint the view as it would be drawn now into cr, at its allocated size,
 * without waiting for a frame (the same painter as on screen). */
void               synack_time_view_render         (SynackTimeView  *self,
                                                    cairo_t         *cr);
void               synack_time_view_set_record_text (SynackTimeView *self,
                                                    gboolean         record);
GPtrArray         *synack_time_view_get_drawn_text (SynackTimeView  *self);

G_END_DECLS
