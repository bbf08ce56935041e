/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Each endpoint's send sequence space at the cursor, painted with cairo and
 * pango in a SynackTheme: a number line from the ISN through SND.UNA and
 * SND.NXT to the end of what the window allows (acknowledged, in flight,
 * may still send, beyond the window), a legend with the sizes and every
 * variable (SND.UNA, SND.NXT, SND.WND, RCV.NXT, RCV.WND, cwnd, ssthresh),
 * relative to the ISNs as the ladder writes them. The window's Numbers page
 * draws it through ui/synack-seqspace-view.c. */
#pragma once

#include <cairo.h>

#include "synack-seqspace.h"
#include "synack-theme.h"

G_BEGIN_DECLS

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

void     synack_seqspace_bar_layout (const SynackSeqVars *vars,
                                     double               x0,
                                     double               x1,
                                     SynackSeqspaceBar   *bar);

typedef struct
{
  SynackSeqVars  vars[2];      /* each endpoint's, as synack_seqspace_walk_to() gives them */
  const char    *name[2];      /* as a sentence names the endpoint ("the client"); NULL:
                                * "the client", "the server" */
  double         text_scale;   /* a projector's scale: the bars and their words grow
                                * together; 0 is 1 */
} SynackSeqspaceParams;

/* Where a paint put an endpoint's bar, in the coordinates of the cairo
 * context it was given (text scale applied). */
typedef struct
{
  gboolean          drawn;      /* FALSE: nothing sent yet, only the title */
  double            title_y;    /* the title line's top */
  double            bar_y;      /* the bar's top and height */
  double            bar_height;
  double            x0, x1;     /* the bar's ends */
  SynackSeqspaceBar bar;        /* its parts, scaled */
} SynackSeqspaceDrawn;

/* Endpoint e's variables as the figure writes them under its bar, relative
 * to the ISNs: "SND.UNA 1   SND.NXT 101   ...", RCV.NXT as "—" until the
 * peer's SYN has arrived. (transfer full) */
char    *synack_seqspace_variables_line (const SynackSeqspaceParams *params,
                                         guint                       e);
/* The room the figure asks for at text_scale: at least min_width wide,
 * height tall. */
void     synack_seqspace_paint_size (double               text_scale,
                                     double              *min_width,
                                     double              *height);
/* Fill width x height with the theme's background and paint both
 * endpoints, the client above the server. drawn (nullable) gets where each
 * bar went. */
void     synack_seqspace_paint      (cairo_t                    *cr,
                                     const SynackTheme          *theme,
                                     double                      width,
                                     double                      height,
                                     const SynackSeqspaceParams *params,
                                     SynackSeqspaceDrawn         drawn[2]);

G_END_DECLS
