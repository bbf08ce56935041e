/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SynackComparePane: one side of a what-if comparison: a run's ladder and
 * its own state timeline under a header that closes the comparison.
 *
 * synack_compare_pane_new(): the what-if, the session's compare session,
 * titled with what it changed; hidden while the session has none.
 * synack_compare_pane_new_original(): the run the session shows, in its
 * ladder frame (with the what-if menu); its header ("As it happened: …")
 * shows only while a what-if is beside it. */
#pragma once

#include <gtk/gtk.h>

#include "synack-ladder-frame.h"
#include "synack-ladder-view.h"
#include "synack-session.h"

G_BEGIN_DECLS

#define SYNACK_TYPE_COMPARE_PANE (synack_compare_pane_get_type ())

G_DECLARE_FINAL_TYPE (SynackComparePane, synack_compare_pane, SYNACK, COMPARE_PANE, GtkBox)

GtkWidget         *synack_compare_pane_new          (SynackSession     *session);
GtkWidget         *synack_compare_pane_new_original (SynackSession     *session);
/* The side's ladder, or NULL on the what-if side while there is no
 * comparison. (transfer none) */
SynackLadderView  *synack_compare_pane_get_ladder   (SynackComparePane *self);
/* The original side's ladder frame, NULL on the what-if side. (transfer none) */
SynackLadderFrame *synack_compare_pane_get_frame    (SynackComparePane *self);
/* (transfer none) */
GtkWidget         *synack_compare_pane_get_timeline (SynackComparePane *self);
const char        *synack_compare_pane_get_title    (SynackComparePane *self);

G_END_DECLS
