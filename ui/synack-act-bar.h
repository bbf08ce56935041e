/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SynackActBar: buttons under the ladder that act for an endpoint at the
 * cursor (connect, send, shutdown, close, abort) through the window's
 * win.act action; shown for traces the engine can run again, and not in
 * presentation mode (keyboard only in front of a class). */
#pragma once

#include <gtk/gtk.h>

#include "synack-session.h"

G_BEGIN_DECLS

#define SYNACK_TYPE_ACT_BAR (synack_act_bar_get_type ())

G_DECLARE_FINAL_TYPE (SynackActBar, synack_act_bar, SYNACK, ACT_BAR, GtkBox)

GtkWidget *synack_act_bar_new (SynackSession *session);

G_END_DECLS
