/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SynackLadderView: the ladder diagram of one connection, drawn by
 * app/render's painter in snapshot. Scrolls (GtkScrollable, vertical: time
 * flows down), zooms (Ctrl+scroll, pinch, Ctrl+plus/minus/0), shows a
 * tooltip for the segment under the pointer, selects a segment on click or
 * with Up/Down, and follows the player's cursor. */
#pragma once

#include "synack-time-view.h"

G_BEGIN_DECLS

#define SYNACK_TYPE_LADDER_VIEW (synack_ladder_view_get_type ())

G_DECLARE_FINAL_TYPE (SynackLadderView, synack_ladder_view, SYNACK, LADDER_VIEW, SynackTimeView)

/* Properties: SynackTimeView's (trace, player, view-state, session, scrolling),
 *   follow-cursor (boolean, default TRUE: keep the cursor in view while playing).
 * Selection itself is the view state's "selected" property (the session's,
 * when the view has one). */

GtkWidget       *synack_ladder_view_new            (void);
/* Where the marks of the kernel's disagreements with inference were last
 * drawn: SynackStateMarkBox, each with its mark's index. (transfer none) */
const GArray    *synack_ladder_view_get_mark_boxes (SynackLadderView *self);
/* What the last paint drew of each endpoint's state: its latest state name
 * drawn solid, and where (cursor_event G_MININT before the first paint).
 * For tests. */
const SynackLadderDrawn *synack_ladder_view_get_drawn (SynackLadderView *self);
gboolean         synack_ladder_view_get_follow_cursor (SynackLadderView *self);
void             synack_ladder_view_set_follow_cursor (SynackLadderView *self,
                                                    gboolean          follow);
/* Zoom for a connection shown the first time: fit a short one to the
 * height, a long one at 1 ms a pixel; waits for a height if need be. */
void             synack_ladder_view_zoom_for_reading (SynackLadderView *self);
/* The "+N" marks of labels left out for room, as last drawn: how many, the
 * box of one in widget coordinates, and what its tooltip lists (the labels
 * left out there; while a quiz question is open none after the cursor).
 * (transfer full) */
guint            synack_ladder_view_get_n_elisions (SynackLadderView *self);
gboolean         synack_ladder_view_get_elision_box (SynackLadderView *self,
                                                     guint             elision,
                                                     double           *x,
                                                     double           *y,
                                                     double           *width,
                                                     double           *height);
char            *synack_ladder_view_describe_elision (SynackLadderView *self,
                                                      guint             elision);
/* Where a segment is drawn (its label, else its arrow's middle), in widget
 * coordinates; FALSE when it is not on screen. */
gboolean         synack_ladder_view_get_segment_point (SynackLadderView *self,
                                                       guint             event,
                                                       double           *x,
                                                       double           *y);
/* The box of a segment's label as last drawn, in widget coordinates;
 * FALSE when it is not on screen or has no label. */
gboolean         synack_ladder_view_get_label_box  (SynackLadderView *self,
                                                    guint             event,
                                                    graphene_rect_t  *box);
/* The segment event drawn at a point in widget coordinates, or -1. */
int              synack_ladder_view_pick           (SynackLadderView *self,
                                                    double            x,
                                                    double            y);

G_END_DECLS
