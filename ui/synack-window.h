/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "synack-application.h"
#include "synack-player.h"
#include "synack-trace.h"
#include "synack-view-state.h"

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
/* The engine on a TUN device, with echo (7), discard (9) and HTTP (80). */
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

/* For tests and the what-if menu. */
SynackPlayer    *synack_window_get_player        (SynackWindow *self);
SynackTrace     *synack_window_get_trace         (SynackWindow *self);
SynackTrace     *synack_window_get_compare_trace (SynackWindow *self);
SynackViewState *synack_window_get_view_state    (SynackWindow *self);
/* "ladder", "timeline", "compare-ladder" (NULL without a what-if), "details", "diagram", "connections", "seqspace",
 * "transport", "explanation", "rfc", "quiz-question", "quiz-choices",
 * "quiz-feedback", "stack", "side-stack". (transfer none) */
GtkWidget       *synack_window_get_part          (SynackWindow *self,
                                                  const char   *name);
/* The segment a following win.what-if acts on. */
void             synack_window_set_what_if_segment (SynackWindow *self,
                                                  int           index);

G_END_DECLS
