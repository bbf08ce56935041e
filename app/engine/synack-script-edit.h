/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Editing scenario scripts for "act at the cursor": keep what happened up to
 * a time, drop the scripted actions after it, add the user's. No GTK. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The script with every timed line after time_s (seconds) removed; untimed
 * lines (title, set, link rules) are kept. Relative times (+S) are made
 * absolute. (transfer full) */
char     *synack_script_cut_after   (const char *text,
                                     double      time_s);
/* Append a timed line "TIME ACTOR VERB" at time_s. (transfer full) */
char     *synack_script_append_action (const char *text,
                                     double      time_s,
                                     const char *actor,
                                     const char *verb);

G_END_DECLS
