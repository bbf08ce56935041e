/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SynackScenarioDialog: the built-in scenario library, searchable by title
 * and description. Choosing one emits ::scenario-chosen (const char *name). */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SYNACK_TYPE_SCENARIO_DIALOG (synack_scenario_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SynackScenarioDialog, synack_scenario_dialog, SYNACK, SCENARIO_DIALOG,
                      AdwWindow)

GtkWidget *synack_scenario_dialog_new         (GtkWindow            *parent);
void       synack_scenario_dialog_set_search  (SynackScenarioDialog *self,
                                               const char           *text);
/* Names of the rows the search leaves visible, in order. (transfer full) */
GStrv      synack_scenario_dialog_get_visible (SynackScenarioDialog *self);
/* Act as if the user chose the scenario name. */
void       synack_scenario_dialog_choose      (SynackScenarioDialog *self,
                                               const char           *name);

G_END_DECLS
