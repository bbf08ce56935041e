/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SynackComparePane: the what-if comparison beside the main ladder: the
 * session's compare session drawn as a second ladder, what it changed as
 * its title under it, and a button that closes it. Hidden while the
 * session has no comparison. */
#pragma once

#include <gtk/gtk.h>

#include "synack-ladder-view.h"
#include "synack-session.h"

G_BEGIN_DECLS

#define SYNACK_TYPE_COMPARE_PANE (synack_compare_pane_get_type ())

G_DECLARE_FINAL_TYPE (SynackComparePane, synack_compare_pane, SYNACK, COMPARE_PANE, GtkBox)

GtkWidget        *synack_compare_pane_new        (SynackSession     *session);
/* The comparison's ladder, or NULL while there is none. (transfer none) */
SynackLadderView *synack_compare_pane_get_ladder (SynackComparePane *self);
const char       *synack_compare_pane_get_title  (SynackComparePane *self);

G_END_DECLS
