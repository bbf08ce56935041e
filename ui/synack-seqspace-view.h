/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SynackSeqspaceView: at the cursor, each endpoint's send sequence space as
 * a number line (acknowledged, in flight, still allowed, beyond the window)
 * with SND.UNA, SND.NXT, SND.WND, RCV.NXT, RCV.WND and cwnd. */
#pragma once

#include <gtk/gtk.h>

#include "synack-seqspace.h"
#include "synack-trace.h"

G_BEGIN_DECLS

#define SYNACK_TYPE_SEQSPACE_VIEW (synack_seqspace_view_get_type ())

G_DECLARE_FINAL_TYPE (SynackSeqspaceView, synack_seqspace_view, SYNACK, SEQSPACE_VIEW, GtkWidget)

GtkWidget           *synack_seqspace_view_new      (void);
void                 synack_seqspace_view_set_trace (SynackSeqspaceView *self,
                                                     SynackTrace        *trace);
void                 synack_seqspace_view_update    (SynackSeqspaceView *self,
                                                     guint               conn,
                                                     int                 position);
const SynackSeqVars *synack_seqspace_view_get_vars  (SynackSeqspaceView *self,
                                                     guint               endpoint);
void                 synack_seqspace_view_set_dark  (SynackSeqspaceView *self,
                                                     gboolean            dark);

G_END_DECLS
