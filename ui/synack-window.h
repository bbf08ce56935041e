/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "synack-application.h"

G_BEGIN_DECLS

#define SYNACK_TYPE_WINDOW (synack_window_get_type ())

G_DECLARE_FINAL_TYPE (SynackWindow, synack_window, SYNACK, WINDOW, AdwApplicationWindow)

SynackWindow *synack_window_new              (SynackApplication *application);
/* TRUE until a source has been started or a file opened. */
gboolean      synack_window_is_empty         (SynackWindow      *self);
/* The default source: the engine's classroom demo scenario. */
void          synack_window_start_default    (SynackWindow      *self);
/* Load a capture or a saved trace; errors are shown in the window. */
void          synack_window_open_file        (SynackWindow      *self,
                                              GFile             *file);
gboolean      synack_window_start_scenario   (SynackWindow      *self,
                                              const char        *name,
                                              GError           **error);
gboolean      synack_window_start_capture    (SynackWindow      *self,
                                              const char        *iface,
                                              const char        *filter,
                                              GError           **error);
void          synack_window_set_presentation (SynackWindow      *self,
                                              gboolean           presentation);
gboolean      synack_window_get_presentation (SynackWindow      *self);
/* Show a short message at the bottom of the window. */
void          synack_window_toast            (SynackWindow      *self,
                                              const char        *message);

G_END_DECLS
