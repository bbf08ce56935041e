/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SynackDetailsPanel: every header field and option of a segment, relative
 * and absolute, its fate and analysis flags, and the state changes it
 * caused; or the fields of a state change, socket call or timer event. */
#pragma once

#include <gtk/gtk.h>

#include "synack-session.h"

G_BEGIN_DECLS

#define SYNACK_TYPE_DETAILS_PANEL (synack_details_panel_get_type ())

G_DECLARE_FINAL_TYPE (SynackDetailsPanel, synack_details_panel, SYNACK, DETAILS_PANEL, GtkWidget)

GtkWidget  *synack_details_panel_new       (void);
/* Follow session: the details of its shown event (the cursor's, whatever
 * its kind, unless another segment was picked: see
 * synack_session_get_shown_event()). While the views hide what lies after
 * the cursor (a quiz question is open) nothing later is told: a segment
 * still in flight has no arrival, fate or caused changes yet. Once. */
void        synack_details_panel_set_session (SynackDetailsPanel *self,
                                              SynackSession      *session);
/* The event shown, or -1 for nothing. */
int         synack_details_panel_get_event (SynackDetailsPanel *self);
/* The heading: "Segment N", "State change", "Socket call", "Timer", or
 * empty when nothing is shown. */
const char *synack_details_panel_get_title (SynackDetailsPanel *self);
/* The value shown for a field ("seq", "ack", "flags", "window", "options",
 * "analysis", "caused", ...), or NULL when the field is not shown. */
const char *synack_details_panel_get_field (SynackDetailsPanel *self,
                                            const char         *key);

G_END_DECLS
