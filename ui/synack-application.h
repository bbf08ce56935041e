/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SYNACK_TYPE_APPLICATION (synack_application_get_type ())

G_DECLARE_FINAL_TYPE (SynackApplication, synack_application, SYNACK, APPLICATION,
                      AdwApplication)

/* flags are added to the ones the app always has (command line, open). */
SynackApplication *synack_application_new          (GApplicationFlags  flags);
/* The settings, or NULL when the schema is not installed. (transfer none) */
GSettings         *synack_application_get_settings (SynackApplication *self);
/* Replace each main window by a fresh one (running the demo scenario, as
 * app.new-window does, in the same presentation mode): strings are fetched
 * when widgets are built, so a new language needs new windows. */
void               synack_application_reopen_windows (SynackApplication *self);

/* 0, or the exit status an input named on the command line called for
 * when it failed to load after the command line was answered (2 for bad
 * input such as a scenario file with a mistake, 1 otherwise). */
int                synack_application_get_exit_status (SynackApplication *self);

G_END_DECLS
