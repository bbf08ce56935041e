/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SynackHeaderView: the selected segment's TCP header drawn as textbooks
 * (and the seed) draw it: 32 bits a row, every field with its value, the
 * control bits one by one (SYN=1 ACK=0 ...). Numbers follow the session's
 * mode (relative, absolute, textbook x, y, u, v, w). */
#pragma once

#include <gtk/gtk.h>

#include "synack-session.h"

G_BEGIN_DECLS

#define SYNACK_TYPE_HEADER_VIEW (synack_header_view_get_type ())

G_DECLARE_FINAL_TYPE (SynackHeaderView, synack_header_view, SYNACK, HEADER_VIEW, GtkDrawingArea)

GtkWidget *synack_header_view_new         (void);
/* Follow session: the header of its shown event (the selected segment,
 * else the cursor's; nothing but a hint when that is not a segment). Once. */
void       synack_header_view_set_session (SynackHeaderView *self,
                                           SynackSession    *session);
int        synack_header_view_get_event   (SynackHeaderView *self);

G_END_DECLS
