/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A segment's TCP header drawn as textbooks draw it (RFC 9293 §3.1): 32
 * bits a row, ports, sequence and acknowledgement numbers, data offset,
 * the control bits one by one (SYN=1 ACK=0 ...), window, checksum, urgent
 * pointer and options, each with its value. No GTK. */
#pragma once

#include <cairo.h>

#include "synack-theme.h"
#include "synack-trace.h"
#include "synack-view-state.h"

G_BEGIN_DECLS

/* Draw the header of segment event index with its top-left corner at the
 * current origin, width wide; returns the height drawn. Numbers are shown
 * as on the wire, with the mode's form beside them when it differs
 * (relative, or textbook x, y, u, v, w). With cr NULL, only measures. */
double synack_header_paint (cairo_t           *cr,
                            SynackTrace       *trace,
                            guint              index,
                            double             width,
                            const SynackTheme *theme,
                            SynackSeqMode      mode);

/* One line of plain text a field ("Source port: 60725"), as the painter
 * shows them: for the accessible description and for tests. (transfer full) */
char  *synack_header_describe (SynackTrace   *trace,
                               guint          index,
                               SynackSeqMode  mode);

G_END_DECLS
