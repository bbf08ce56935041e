/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SynackSeqspaceView: at the cursor, each endpoint's send sequence space as
 * a number line (acknowledged, in flight, still allowed, beyond the window)
 * with SND.UNA, SND.NXT, SND.WND, RCV.NXT, RCV.WND and cwnd. */
#pragma once

#include <gtk/gtk.h>

#include "synack-seqspace.h"
#include "synack-session.h"
#include "synack-trace.h"

G_BEGIN_DECLS

#define SYNACK_TYPE_SEQSPACE_VIEW (synack_seqspace_view_get_type ())

G_DECLARE_FINAL_TYPE (SynackSeqspaceView, synack_seqspace_view, SYNACK, SEQSPACE_VIEW, GtkWidget)

GtkWidget           *synack_seqspace_view_new      (void);
/* Follow session: its connection's variables at the cursor, walked while
 * the view is shown; drawn dark when the session is. Once. */
void                 synack_seqspace_view_set_session (SynackSeqspaceView *self,
                                                       SynackSession      *session);
const SynackSeqVars *synack_seqspace_view_get_vars  (SynackSeqspaceView *self,
                                                     guint               endpoint);
/* The session's text scale, which the view follows (1 outside presentation):
 * the bars, their words and the room the view asks for grow with it. */
double               synack_seqspace_view_get_text_scale (SynackSeqspaceView *self);

/* Where the bar's parts go between x0 and x1, to scale: from the ISN (or a
 * marked break, when far more is acknowledged than the window holds) to
 * SND.UNA, SND.NXT and the end of what may be sent, UNA + min(SND.WND, cwnd).
 * A part that is not empty is at least a few pixels wide. */
typedef struct
{
  double   xa;        /* SND.UNA */
  double   xn;        /* SND.NXT */
  double   xw;        /* UNA + the window in force */
  double   x_break;   /* where the acknowledged part is cut, or -1 for none */
  guint32  allowed;   /* min (SND.WND, cwnd), or SND.WND without cwnd */
  gboolean cwnd_limits; /* the window in force is cwnd */
} SynackSeqspaceBar;

void                 synack_seqspace_bar_layout     (const SynackSeqVars *vars,
                                                     double               x0,
                                                     double               x1,
                                                     SynackSeqspaceBar   *bar);

G_END_DECLS
