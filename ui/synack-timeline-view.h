/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SynackTimelineView: one band per endpoint, coloured by state over time,
 * on the same vertical time axis as the ladder (share a SynackViewState to
 * keep them aligned: put it beside the ladder). Scrolls (GtkScrollable),
 * zooms, shows the state under the pointer as a tooltip, and marks the
 * player's cursor and the selected segment. */
#pragma once

#include <gtk/gtk.h>

#include "synack-player.h"
#include "synack-trace.h"
#include "synack-view-state.h"

G_BEGIN_DECLS

#define SYNACK_TYPE_TIMELINE_VIEW (synack_timeline_view_get_type ())

G_DECLARE_FINAL_TYPE (SynackTimelineView, synack_timeline_view, SYNACK, TIMELINE_VIEW, GtkWidget)

/* Properties: trace, player, view-state, plus GtkScrollable's.
 * Signals:
 *   segment-activated (guint event_index)  as in SynackLadderView (the
 *                                          state change's causing segment
 *                                          when a band is double-clicked). */
GtkWidget       *synack_timeline_view_new            (void);

SynackTrace     *synack_timeline_view_get_trace      (SynackTimelineView *self);
void             synack_timeline_view_set_trace      (SynackTimelineView *self,
                                                      SynackTrace        *trace);
SynackPlayer    *synack_timeline_view_get_player     (SynackTimelineView *self);
void             synack_timeline_view_set_player     (SynackTimelineView *self,
                                                      SynackPlayer       *player);
SynackViewState *synack_timeline_view_get_view_state (SynackTimelineView *self);
void             synack_timeline_view_set_view_state (SynackTimelineView *self,
                                                      SynackViewState    *state);

G_END_DECLS
