/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SynackQuizPanel: quiz mode. At each step it asks what happens next about
 * the session's connection (the question, its choices as buttons, and what
 * the last answer showed above it); while a question is open the cursor
 * cannot pass the step it asks about. An answer (or Reveal) moves the
 * cursor to that step and explains it. Hidden unless active. */
#pragma once

#include <gtk/gtk.h>

#include "synack-session.h"

G_BEGIN_DECLS

#define SYNACK_TYPE_QUIZ_PANEL (synack_quiz_panel_get_type ())

G_DECLARE_FINAL_TYPE (SynackQuizPanel, synack_quiz_panel, SYNACK, QUIZ_PANEL, GtkBox)

GtkWidget *synack_quiz_panel_new        (SynackSession   *session);
/* Property "active": quiz mode on (the score starts again). */
gboolean   synack_quiz_panel_get_active (SynackQuizPanel *self);
void       synack_quiz_panel_set_active (SynackQuizPanel *self,
                                         gboolean         active);
/* A key while a question is open: 1 to 9 choose, 0 reveals. FALSE when
 * there is nothing to answer with it. */
gboolean   synack_quiz_panel_key        (SynackQuizPanel *self,
                                         guint            key);
/* "question", "choices" (a GtkFlowBox of buttons) or "feedback". (transfer none) */
GtkWidget *synack_quiz_panel_get_part   (SynackQuizPanel *self,
                                         const char      *name);

G_END_DECLS
