/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SynackLadderFrame: the session's ladder in its scroller, and the what-if
 * menu of a segment (right click, or Menu / Shift+F10 on the selection),
 * offered when the engine can run the trace again. The menu's items are
 * the window's win.what-if actions; the frame remembers which segment they
 * act on. */
#pragma once

#include <gtk/gtk.h>

#include "synack-ladder-view.h"
#include "synack-session.h"

G_BEGIN_DECLS

#define SYNACK_TYPE_LADDER_FRAME (synack_ladder_frame_get_type ())

G_DECLARE_FINAL_TYPE (SynackLadderFrame, synack_ladder_frame, SYNACK, LADDER_FRAME, GtkWidget)

GtkWidget        *synack_ladder_frame_new              (SynackSession     *session);
SynackLadderView *synack_ladder_frame_get_ladder       (SynackLadderFrame *self);
/* The what-if menu of the selected segment; FALSE with a message for the
 * user when there is none to show. */
gboolean          synack_ladder_frame_popup_for_selection (SynackLadderFrame *self,
                                                        GError           **error);
/* The menu once it has been shown, else NULL. (transfer none) */
GtkWidget        *synack_ladder_frame_get_menu         (SynackLadderFrame *self);
/* The segment event the what-if actions act on, or -1. */
int               synack_ladder_frame_get_what_if_segment (SynackLadderFrame *self);
void              synack_ladder_frame_set_what_if_segment (SynackLadderFrame *self,
                                                        int                index);

G_END_DECLS
