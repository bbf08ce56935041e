/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SynackExplanationPanel: what the step at the session's cursor means, in
 * a sentence or two, and where the RFC says so. Before the first step it
 * says what the scenario is about and how to go on. */
#pragma once

#include <gtk/gtk.h>

#include "synack-session.h"

G_BEGIN_DECLS

#define SYNACK_TYPE_EXPLANATION_PANEL (synack_explanation_panel_get_type ())

G_DECLARE_FINAL_TYPE (SynackExplanationPanel, synack_explanation_panel, SYNACK,
                      EXPLANATION_PANEL, GtkBox)

GtkWidget  *synack_explanation_panel_new      (SynackSession          *session);
/* The labels: the explanation and its RFC reference. (transfer none) */
GtkWidget  *synack_explanation_panel_get_text (SynackExplanationPanel *self);
GtkWidget  *synack_explanation_panel_get_rfc  (SynackExplanationPanel *self);

G_END_DECLS
