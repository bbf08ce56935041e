/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SynackTimelineView: one band per endpoint, coloured by state over time,
 * on the same vertical time axis as the ladder (share a SynackViewState to
 * keep them aligned: put it beside the ladder). Scrolls (GtkScrollable),
 * zooms, shows the state under the pointer as a tooltip, and marks the
 * player's cursor and the selected segment. */
#pragma once

#include "synack-time-view.h"
#include "synack-timeline-paint.h"

G_BEGIN_DECLS

#define SYNACK_TYPE_TIMELINE_VIEW (synack_timeline_view_get_type ())

G_DECLARE_FINAL_TYPE (SynackTimelineView, synack_timeline_view, SYNACK, TIMELINE_VIEW,
                      SynackTimeView)

/* Properties: SynackTimeView's. A click on a band selects the segment that
 * began its state. */
GtkWidget *synack_timeline_view_new (void);
/* What the last paint drew solid: the state in force at the cursor on
 * each band, and the cursor event it was drawn for (G_MININT before the
 * first paint). For tests. */
const SynackTimelineDrawn *synack_timeline_view_get_drawn (SynackTimelineView *self);

G_END_DECLS
