/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SynackActBar: buttons under the ladder that act for an endpoint at the
 * cursor (connect, send, shutdown, close, abort) through the window's
 * win.act action; shown for traces the engine can run again, and not in
 * presentation mode (keyboard only in front of a class). Folded to one line
 * until opened; a call the endpoint's application cannot make at the
 * cursor is disabled and its tooltip says why. */
#pragma once

#include <gtk/gtk.h>

#include "synack-session.h"

G_BEGIN_DECLS

#define SYNACK_TYPE_ACT_BAR (synack_act_bar_get_type ())

G_DECLARE_FINAL_TYPE (SynackActBar, synack_act_bar, SYNACK, ACT_BAR, GtkBox)

GtkWidget *synack_act_bar_new          (SynackSession *session);
gboolean   synack_act_bar_get_expanded (SynackActBar  *self);
void       synack_act_bar_set_expanded (SynackActBar  *self,
                                        gboolean       expanded);
/* The button for endpoint (0 client, 1 server) and a verb ("connect",
 * "send", ...), or NULL when the endpoint is not offered it. (transfer none) */
GtkWidget *synack_act_bar_get_button   (SynackActBar  *self,
                                        guint          endpoint,
                                        const char    *verb);

G_END_DECLS
