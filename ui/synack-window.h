/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "synack-application.h"
#include "synack-session.h"

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
/* Run a built-in lesson or a .synack file through the loader, in a worker
 * thread like every other input: FALSE (with error) at once when name is
 * no lesson or no file; an error in running it is shown in the window. */
gboolean      synack_window_start_scenario   (SynackWindow      *self,
                                              const char        *name,
                                              GError           **error);
/* TRUE while an input is being loaded (its loading page may show). The
 * window emits ::load-finished (GError *, NULL when the input was shown)
 * when a load it started is over, cancelled or failed (not when another
 * load took its place). */
gboolean      synack_window_is_loading       (SynackWindow      *self);
gboolean      synack_window_start_capture    (SynackWindow      *self,
                                              const char        *iface,
                                              const char        *filter,
                                              GError           **error);
/* This machine's TCP sockets: the list over the views, the one picked
 * followed in them. */
gboolean      synack_window_start_machine    (SynackWindow      *self,
                                              GError           **error);
/* The engine on a TUN device, with echo (7), discard (9) and HTTP (80). */
/* A capture file fed through the live path as a live capture, within the
 * memory budget Preferences set: what a day of capture does to the trace,
 * in seconds. */
gboolean      synack_window_start_replay     (SynackWindow      *self,
                                              const char        *path,
                                              GError           **error);
gboolean      synack_window_start_tun        (SynackWindow      *self,
                                              GError           **error);
void          synack_window_set_presentation (SynackWindow      *self,
                                              gboolean           presentation);
gboolean      synack_window_get_presentation (SynackWindow      *self);
gboolean      synack_window_get_quiz         (SynackWindow      *self);
void          synack_window_set_quiz         (SynackWindow      *self,
                                              gboolean           quiz);
/* Save the trace as pcap (and the scenario beside it as NAME.synack). */
gboolean      synack_window_save_trace       (SynackWindow      *self,
                                              const char        *path,
                                              GError           **error);
/* The ladder and timeline of the shown connection as PNG, SVG or PDF (by the name). */
gboolean      synack_window_export_figure    (SynackWindow      *self,
                                              const char        *path,
                                              GError           **error);
/* Show a short message at the bottom of the window. */
void          synack_window_toast            (SynackWindow      *self,
                                              const char        *message);

/* What the window shows, for tests. (transfer none) */
SynackSession   *synack_window_get_session       (SynackWindow *self);
/* A part by name, for tests: "ladder", "ladder-frame", "timeline",
 * "what-if-menu" (NULL until shown), "compare" (the what-if pane),
 * "compare-ladder" (NULL without a what-if), "details", "diagram",
 * "connections", "seqspace", "transport", "explanation", "rfc", "quiz",
 * "quiz-question", "quiz-choices", "quiz-feedback", "act-bar", "stack",
 * "side-stack", "load-bar" (a SynackLoadBar, NULL until a capture was
 * shown while it loaded). (transfer none) */
GtkWidget       *synack_window_get_part          (SynackWindow *self,
                                                  const char   *name);

G_END_DECLS
