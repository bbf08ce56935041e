/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The interface languages Synack offers, as GSettings "language" values:
 * "" follows the system, then "en" and "zh_CN". NULL-terminated. */
extern const char *const synack_language_codes[];

/* Each code's name as shown in its own language ("" gives NULL: the caller
 * says "Follow the system" in the current one). (transfer none) */
const char *synack_language_get_native_name (const char *code);

/* Where the message catalogues are: the build tree's po/ when the running
 * program is the one just built there, LOCALEDIR otherwise. (transfer none) */
const char *synack_language_get_localedir   (void);

/* setlocale (LC_ALL, ""), bind the text domain to the right catalogue
 * directory, then synack_language_apply (language). GTK-free, so the CLI
 * (language NULL: LANGUAGE/LANG decide) and the GUI (the preference) share it.
 * Call it before anything is translated (before gtk_init). */
void        synack_language_init            (const char *language);

/* Use LANGUAGE for messages from now on: NULL or "" restores the language
 * the environment gave at start. Works in the plain "C" locale too (gettext
 * ignores LANGUAGE there, so LC_MESSAGES becomes C.UTF-8) and drops
 * gettext's cache of earlier lookups. Strings already shown stay as they
 * are: windows must be re-created to show the new language. */
void        synack_language_apply           (const char *language);

G_END_DECLS
