/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The RFC 9293 state diagram (section 3.3.2, figure 5) painted with cairo in
 * a SynackTheme: both endpoints' current states marked, named, and the last
 * transition's edge lit in that endpoint's colour. The window's side panel
 * draws it through ui/synack-state-diagram.c. */
#pragma once

#include <cairo.h>

#include "synack-tcp-state.h"
#include "synack-theme.h"

G_BEGIN_DECLS

typedef struct
{
  SynackTcpState  state[2];      /* each endpoint's current state */
  guint           lit_endpoint;  /* whose transition is lit, G_MAXUINT: none */
  SynackTcpState  lit_from;
  SynackTcpState  lit_to;
  const char     *name[2];       /* role names, NULL: "client", "server" */
} SynackStateDiagramParams;

void     synack_state_diagram_paint    (cairo_t                        *cr,
                                        const SynackTheme              *theme,
                                        double                          width,
                                        double                          height,
                                        const SynackStateDiagramParams *params);
/* TRUE when the diagram has an edge from -> to and params light it. */
gboolean synack_state_diagram_edge_lit (const SynackStateDiagramParams *params,
                                        SynackTcpState                  from,
                                        SynackTcpState                  to);

G_END_DECLS
