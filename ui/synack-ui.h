/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Things every part of the GUI needs once: resources, settings, where we run from. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Register the compiled resources (templates, CSS, shortcuts). Idempotent. */
void       synack_ui_ensure_resources (void);
/* TRUE when the running program lives in the build tree it was built in. */
gboolean   synack_ui_is_uninstalled   (void);
/* The app's GSettings, or NULL when the schema is not installed (a warning
 * is logged once). (transfer full) */
GSettings *synack_ui_settings_new     (void);

G_END_DECLS
