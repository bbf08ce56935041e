/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SYNACK_TYPE_PREFERENCES_WINDOW (synack_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (SynackPreferencesWindow, synack_preferences_window, SYNACK,
                      PREFERENCES_WINDOW, AdwPreferencesWindow)

/* settings may be NULL (no schema installed): the rows are then insensitive. */
SynackPreferencesWindow *synack_preferences_window_new        (GSettings *settings);
/* Make the style manager follow the "theme" key from now on. */
void                     synack_preferences_window_bind_theme (GSettings *settings);

/* Languages offered: "" for the system's, then locale names. */
extern const char *const synack_preferences_languages[];

G_END_DECLS
