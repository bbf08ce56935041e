/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SynackSeqspaceView: at the cursor, each endpoint's send sequence space as
 * a number line (acknowledged, in flight, still allowed, beyond the window)
 * with SND.UNA, SND.NXT, SND.WND, RCV.NXT, RCV.WND and cwnd. It walks the
 * variables (app/model/synack-seqspace) and hands them to the painter
 * (app/render/synack-seqspace-paint). */
#pragma once

#include <gtk/gtk.h>

#include "synack-painted-panel.h"
#include "synack-seqspace.h"
#include "synack-session.h"

G_BEGIN_DECLS

#define SYNACK_TYPE_SEQSPACE_VIEW (synack_seqspace_view_get_type ())

G_DECLARE_FINAL_TYPE (SynackSeqspaceView, synack_seqspace_view, SYNACK, SEQSPACE_VIEW,
                      SynackPaintedPanel)

GtkWidget           *synack_seqspace_view_new      (void);
/* Follow session: its connection's variables at the cursor, walked while
 * the view is shown, painted in the session's theme. Once. */
void                 synack_seqspace_view_set_session (SynackSeqspaceView *self,
                                                       SynackSession      *session);
const SynackSeqVars *synack_seqspace_view_get_vars  (SynackSeqspaceView *self,
                                                     guint               endpoint);
/* The session's text scale, which the view follows (1 outside presentation):
 * the bars, their words and the room the view asks for grow with it. */
double               synack_seqspace_view_get_text_scale (SynackSeqspaceView *self);

G_END_DECLS
