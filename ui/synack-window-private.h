/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the parts of SynackWindow share: synack-window.c assembles the
 * window and wires the panels to the session, synack-window-actions.c
 * holds the win.* actions and their dialogs, synack-window-sources.c
 * starts and stops what the window shows, synack-window-dnd.c takes
 * dropped files, synack-window-presentation.c puts it in front of a class
 * (presentation mode, its text fitting the window, the quiz). */
#pragma once

#include <adwaita.h>

#include "synack-act-bar.h"
#include "synack-compare-pane.h"
#include "synack-connection-list.h"
#include "synack-details-panel.h"
#include "synack-explanation-panel.h"
#include "synack-ladder-frame.h"
#include "synack-machine-numbers.h"
#include "synack-machine-panel.h"
#include "synack-quiz-panel.h"
#include "synack-render.h"
#include "synack-header-view.h"
#include "synack-seqspace-view.h"
#include "synack-session.h"
#include "synack-state-diagram.h"
#include "synack-timeline-view.h"
#include "synack-transport-bar.h"
#include "synack-window.h"

G_BEGIN_DECLS

typedef struct _SynackWindowSources SynackWindowSources;

struct _SynackWindow
{
  AdwApplicationWindow    parent_instance;

  GSettings              *settings;
  SynackSession          *session;
  SynackWindowSources    *sources;
  gboolean                empty;
  gboolean                sidebar_hidden_for_compare;
  double                  fit;       /* the window against 1920 x 1080 */
  guint                   fit_idle;
  gboolean                fold;      /* the side panel is to fold */
  guint                   fold_tick;

  /* the panels, each following the session */
  SynackLadderFrame      *ladder_frame;
  SynackComparePane      *compare_pane;
  GtkWidget              *timeline;
  SynackQuizPanel        *quiz_panel;
  SynackExplanationPanel *explanation_panel;
  SynackActBar           *act_bar;
  GtkWidget              *machine_panel;    /* This Machine's socket list */
  GtkWidget              *machine_numbers;  /* its tcp_info, in Numbers */

  /* from the template */
  AdwToastOverlay        *toast_overlay;
  AdwWindowTitle         *window_title;
  GtkStack               *main_stack;
  GtkWidget              *stop_button;
  GtkToggleButton        *sidebar_button;
  GtkLabel               *loading_label;
  GtkProgressBar         *loading_progress;
  AdwFlap                *flap;
  GtkBox                 *ladders_box;
  GtkBox                 *centre_box;
  GtkBox                 *content_box;
  GtkStack               *side_stack;
  SynackDetailsPanel     *details_panel;
  SynackConnectionList   *connection_list;
  SynackSeqspaceView     *seqspace_view;
  GtkBox                 *numbers_box;
  SynackHeaderView       *header_view;
  SynackStateDiagram     *state_diagram;
  SynackTransportBar     *transport_bar;
  GMenu                  *recent_section;
};

/* synack-window.c */
void     _synack_window_show_error          (SynackWindow   *self,
                                             const char     *heading,
                                             const char     *body);
/* Show a document that has just been made. */
void     _synack_window_show_document       (SynackWindow   *self,
                                             SynackDocument *document);
void     _synack_window_update_title        (SynackWindow   *self);
/* Emit ::load-finished: error is NULL when the input was shown. */
void     _synack_window_load_finished       (SynackWindow   *self,
                                             const GError   *error);

/* In quiz mode, or with the setting off, the explanation is hidden. */
void     _synack_window_update_explanation_visible (SynackWindow *self);

/* synack-window-presentation.c */
/* The display's presentation text size from the session's text scale. */
void     _synack_window_update_presentation_css (SynackWindow *self);
/* The window was given width x height: the presentation fit follows, on
 * the next frame. */
void     _synack_window_fit_to              (SynackWindow   *self,
                                             int             width,
                                             int             height);

/* synack-window-actions.c */
void     _synack_window_class_add_actions   (GtkWidgetClass *widget_class);
void     _synack_window_add_shortcuts       (SynackWindow   *self);
void     _synack_window_rebuild_recent_menu (SynackWindow   *self);
void     _synack_window_remember_recent     (SynackWindow   *self,
                                             const char     *path);

/* synack-window-sources.c */
SynackWindowSources *_synack_window_sources_new  (void);
void     _synack_window_sources_free        (SynackWindowSources *sources);
/* Stop the live source shown (capture, TUN), if any. */
void     _synack_window_stop_sources        (SynackWindow   *self);
/* The subtitle's source part, with live statistics. (transfer full) */
char    *_synack_window_sources_describe    (SynackWindow   *self);
void     _synack_window_cancel_load         (SynackWindow   *self);
/* The strip over a capture shown while it loads, or NULL before the first. */
GtkWidget *_synack_window_sources_get_load_bar (SynackWindow *self);
/* Run the shown scenario again with segment index lost, delayed or
 * duplicated ("lose", "delay", "duplicate") and show it beside: the new
 * trace and what it changed, or NULL (with error if it failed). (transfer full) */
SynackTrace *_synack_window_what_if         (SynackWindow   *self,
                                             const char     *what,
                                             int             index,
                                             char          **title,
                                             GError        **error);
/* Cut the scenario at the cursor and let an endpoint act there ("client
 * abort"); the run goes on from there and is shown. */
gboolean _synack_window_act_at              (SynackWindow   *self,
                                             const char     *what,
                                             GError        **error);

/* Back to the run before the last act at the cursor (Ctrl+Z, the toast's
 * Undo); FALSE when there is none, or another source is shown since. */
gboolean _synack_window_can_undo            (SynackWindow   *self);
gboolean _synack_window_undo                (SynackWindow   *self);
void     _synack_window_stop_capture        (SynackWindow   *self);
void     _synack_window_apply_memory_budget (SynackWindow   *self,
                                             SynackDocument *doc);
/* Whether this process may make the TUN device; if not, why and how to
 * grant it. */
gboolean _synack_window_tun_allowed         (char          **why);
/* The names of the interfaces a live capture can use. (transfer full) */
GPtrArray *_synack_window_list_interfaces   (GError        **error);

/* The render options of the figure of what the window shows. */
void     _synack_window_figure_options      (SynackWindow        *self,
                                             SynackRenderOptions *options);
/* What a figure's file is named after. (transfer none) */
const char *_synack_window_figure_stem      (SynackWindow        *self);

/* synack-window-dnd.c */
void     _synack_window_add_drop_target     (SynackWindow   *self);

G_END_DECLS
