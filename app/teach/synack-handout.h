/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A handout of one connection for the classroom, as PDF: the figure (ladder
 * and state timeline) on the light theme, then every step numbered with its
 * explanation and RFC section, and the TCP header of each key segment (SYN,
 * FIN, RST, the first data of each side, the first keep-alive probe), in
 * the current language. No GTK. */
#pragma once

#include "synack-trace.h"
#include "synack-view-state.h"

G_BEGIN_DECLS

/* Is event index a step of the handout (every event of the connection but
 * the variable snapshots)? */
gboolean synack_handout_is_step       (SynackTrace   *trace,
                                       guint          conn,
                                       guint          index);
/* Is segment event index one whose header the handout draws? */
gboolean synack_handout_is_key_segment (SynackTrace  *trace,
                                       guint          index);

/* Write the handout of connection conn to path (PDF, A4). Errors name the
 * file. */
gboolean synack_handout_write_pdf     (SynackTrace   *trace,
                                       guint          conn,
                                       SynackSeqMode  mode,
                                       const char    *path,
                                       GError       **error);

G_END_DECLS
