/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SynackStateDiagram: the RFC 9293 state diagram (section 3.3.2, figure 5)
 * with both endpoints' current states marked and the last transition's
 * edge lit. */
#pragma once

#include <gtk/gtk.h>

#include "synack-painted-panel.h"
#include "synack-tcp-state.h"

G_BEGIN_DECLS

#define SYNACK_TYPE_STATE_DIAGRAM (synack_state_diagram_get_type ())

G_DECLARE_FINAL_TYPE (SynackStateDiagram, synack_state_diagram, SYNACK, STATE_DIAGRAM,
                      SynackPaintedPanel)

GtkWidget      *synack_state_diagram_new              (void);
/* Follow session: its connection's two endpoints at the cursor, the last
 * transition lit, in the session's theme. Once. */
void            synack_state_diagram_set_session      (SynackStateDiagram *self,
                                                       SynackSession      *session);
SynackTcpState  synack_state_diagram_get_state        (SynackStateDiagram *self,
                                                       guint               endpoint);
/* TRUE when an edge from -> to is drawn and currently lit. */
gboolean        synack_state_diagram_edge_is_lit      (SynackStateDiagram *self,
                                                       SynackTcpState      from,
                                                       SynackTcpState      to);
/* The session's text scale, which the diagram follows (1 outside
 * presentation): the figure and the room it asks for grow with it. */
double          synack_state_diagram_get_text_scale   (SynackStateDiagram *self);

G_END_DECLS
