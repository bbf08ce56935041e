/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The main window assembles the panels around one SynackSession: this
 * run's pane (ladder frame and state timeline) and the what-if's side by
 * side, the quiz, the explanation and the act bar under them, the side
 * panels in a flap, the transport bar at the bottom. The panels follow the session;
 * the window only says which panel shows where. Its actions are in
 * synack-window-actions.c, its sources in synack-window-sources.c. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "synack-ui.h"
#include "synack-window-private.h"

G_DEFINE_FINAL_TYPE (SynackWindow, synack_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_PRESENTATION,
  PROP_QUIZ,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  LOAD_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
_synack_window_load_finished (SynackWindow *self,
                              const GError *error)
{
  g_signal_emit (self, signals[LOAD_FINISHED], 0, error);
}

/* ---- messages ---- */

void
synack_window_toast (SynackWindow *self,
                     const char   *message)
{
  AdwToast *toast;

  g_return_if_fail (SYNACK_IS_WINDOW (self));

  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
_synack_window_show_error (SynackWindow *self,
                           const char   *heading,
                           const char   *body)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, body));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

gboolean
synack_window_is_empty (SynackWindow *self)
{
  g_return_val_if_fail (SYNACK_IS_WINDOW (self), FALSE);
  return self->empty;
}

/* ---- following the session ---- */

void
_synack_window_update_title (SynackWindow *self)
{
  SynackTrace *trace = synack_session_get_trace (self->session);
  const char *title;
  g_autofree char *subtitle = NULL;

  if (trace == NULL)
    {
      adw_window_title_set_title (self->window_title, "Synack");
      adw_window_title_set_subtitle (self->window_title, NULL);
      return;
    }
  title = synack_trace_get_title (trace);
  subtitle = _synack_window_sources_describe (self);
  adw_window_title_set_title (self->window_title, title != NULL && title[0] != '\0' ? title
                                                                                    : "Synack");
  adw_window_title_set_subtitle (self->window_title, subtitle);
}

/* In quiz mode the explanation would give the answer away; the quiz's
 * feedback explains each step once it is answered. */
void
_synack_window_update_explanation_visible (SynackWindow *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->explanation_panel),
                          !synack_quiz_panel_get_active (self->quiz_panel) &&
                          (synack_session_get_presentation (self->session) ||
                           self->settings == NULL ||
                           g_settings_get_boolean (self->settings, "show-explanation")));
}

/* The desktop's dark and high-contrast preference goes to the session,
 * which is the only one to decide how the pictures look. */
static void
style_changed (SynackWindow *self)
{
  AdwStyleManager *style = adw_style_manager_get_default ();

  synack_session_set_system_style (self->session, adw_style_manager_get_dark (style),
                                   adw_style_manager_get_high_contrast (style));
}

static void
connection_changed (SynackWindow *self)
{
  synack_connection_list_set_selected (self->connection_list,
                                       synack_session_get_connection (self->session));
}

/* While a quiz question is open (the views hide what lies after the
 * cursor) the connection list does not tell how the connections went. */
static void
update_summaries (SynackWindow *self)
{
  synack_connection_list_set_hide_summaries (
    self->connection_list,
    synack_view_state_get_after_cursor (synack_session_get_view_state (self->session)) ==
      SYNACK_AFTER_CURSOR_HIDE &&
    !synack_player_get_at_end (synack_session_get_player (self->session)));
}

static void
connection_activated (SynackWindow *self,
                      guint         conn)
{
  synack_session_set_connection (self->session, conn);
  synack_player_to_start (synack_session_get_player (self->session));
  gtk_stack_set_visible_child_name (self->side_stack, "details");
}

/* Two ladders side by side need the width: the side panels make way
 * while comparing (F9 brings them back) and return with it closed. */
static void
compare_changed (SynackWindow *self)
{
  if (synack_session_get_compare (self->session) != NULL)
    {
      if (gtk_toggle_button_get_active (self->sidebar_button))
        {
          gtk_toggle_button_set_active (self->sidebar_button, FALSE);
          self->sidebar_hidden_for_compare = TRUE;
        }
    }
  else if (self->sidebar_hidden_for_compare)
    {
      self->sidebar_hidden_for_compare = FALSE;
      gtk_toggle_button_set_active (self->sidebar_button, TRUE);
    }
}

static void
trace_changed (SynackWindow *self)
{
  synack_connection_list_set_trace (self->connection_list, synack_session_get_trace (self->session));
}

void
_synack_window_show_document (SynackWindow   *self,
                              SynackDocument *document)
{
  self->empty = FALSE;
  synack_session_set_document (self->session, document);
  gtk_stack_set_visible_child_name (self->main_stack, "trace");
  _synack_window_update_title (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-handout", TRUE);
  /* an act at the cursor can be undone until another source is shown */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo", _synack_window_can_undo (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->ladder_frame));
}

/* ---- quiz and presentation (the rest in synack-window-presentation.c) ---- */

static void
quiz_changed (SynackWindow *self)
{
  _synack_window_update_explanation_visible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUIZ]);
}

/* ---- the side panel's fold ---- */

/* Beside the side panel the ladders keep at least this much width; below
 * it (1380 px with the panel's 540, in any language, more with
 * presentation's larger text) the panel folds into an overlay the sidebar
 * button opens, so on a 1366 px laptop the ladder has the window's width. */
#define CONTENT_MIN_WIDTH 840

static int
min_width (GtkWidget *widget)
{
  int min = 0;

  if (widget != NULL && gtk_widget_get_visible (widget))
    gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  return min;
}

/* The flap's fold policy changes in a frame's update phase, before that
 * frame's layout: libadwaita 1.2's AdwFlap, left to decide by itself
 * (fold-policy auto), folds inside its own allocation, and folding there
 * left a box of the window drawn without an allocation. Folded, the
 * content keeps CONTENT_MIN_WIDTH, the window's least width; unfolded,
 * it asks for nothing more than its own parts, so that the window's
 * minimum never adds the panel's to it and the window can always be made
 * narrower than the two side by side (and then fold). */
static gboolean
apply_fold (GtkWidget     *widget,
            GdkFrameClock *clock,
            gpointer       data)
{
  SynackWindow *self = SYNACK_WINDOW (widget);

  self->fold_tick = 0;
  gtk_widget_set_size_request (GTK_WIDGET (self->content_box),
                               self->fold ? CONTENT_MIN_WIDTH : -1, -1);
  adw_flap_set_fold_policy (self->flap, self->fold ? ADW_FLAP_FOLD_POLICY_ALWAYS
                                                   : ADW_FLAP_FOLD_POLICY_NEVER);
  return G_SOURCE_REMOVE;
}

/* Whether the panel is to fold, from the width the flap was just given
 * and what the content and the panel need side by side; the change itself
 * waits for the next frame (apply_fold). */
static void
decide_fold (SynackWindow *self)
{
  GtkWidget *flap = GTK_WIDGET (self->flap);
  int needed;

  if (!gtk_widget_get_mapped (flap))
    return;   /* another page of the stack: nothing to fold */
  needed = MAX (CONTENT_MIN_WIDTH, min_width (adw_flap_get_content (self->flap))) +
           min_width (adw_flap_get_separator (self->flap)) +
           min_width (adw_flap_get_flap (self->flap));
  self->fold = gtk_widget_get_width (flap) < needed;
  if (self->fold == (adw_flap_get_fold_policy (self->flap) == ADW_FLAP_FOLD_POLICY_ALWAYS))
    {
      if (self->fold_tick != 0)
        gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->fold_tick);
      self->fold_tick = 0;
    }
  else if (self->fold_tick == 0)
    self->fold_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), apply_fold, NULL, NULL);
}

static void
synack_window_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  SynackWindow *self = SYNACK_WINDOW (widget);

  GTK_WIDGET_CLASS (synack_window_parent_class)->size_allocate (widget, width, height, baseline);
  /* after this allocation, not during it: both resize the views */
  _synack_window_fit_to (self, width, height);
  decide_fold (self);
}

/* ---- GObject ---- */

static gboolean
synack_window_close_request (GtkWindow *window)
{
  SynackWindow *self = SYNACK_WINDOW (window);

  if (self->settings != NULL && !synack_session_get_presentation (self->session))
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
      g_settings_set_boolean (self->settings, "window-maximized",
                              gtk_window_is_maximized (window));
    }
  _synack_window_stop_sources (self);
  _synack_window_cancel_load (self);
  synack_player_set_playing (synack_session_get_player (self->session), FALSE);
  return GTK_WINDOW_CLASS (synack_window_parent_class)->close_request (window);
}

static void
synack_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SynackWindow *self = SYNACK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PRESENTATION:
      g_value_set_boolean (value, synack_window_get_presentation (self));
      break;
    case PROP_QUIZ:
      g_value_set_boolean (value, synack_window_get_quiz (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
synack_window_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  SynackWindow *self = SYNACK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PRESENTATION:
      synack_window_set_presentation (self, g_value_get_boolean (value));
      break;
    case PROP_QUIZ:
      synack_window_set_quiz (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
synack_window_dispose (GObject *object)
{
  SynackWindow *self = SYNACK_WINDOW (object);

  g_clear_pointer (&self->sources, _synack_window_sources_free);
  if (self->fit_idle != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->fit_idle);
  self->fit_idle = 0;
  if (self->fold_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->fold_tick);
  self->fold_tick = 0;
  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      g_signal_handlers_disconnect_by_data (synack_session_get_player (self->session), self);
      if (synack_session_get_document (self->session) != NULL)
        g_signal_handlers_disconnect_by_data (synack_session_get_document (self->session), self);
      synack_player_set_playing (synack_session_get_player (self->session), FALSE);
    }
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_signal_handlers_disconnect_by_data (adw_style_manager_get_default (), self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SYNACK_TYPE_WINDOW);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (synack_window_parent_class)->dispose (object);
}

static void
synack_window_class_init (SynackWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  synack_ui_ensure_resources ();
  g_type_ensure (SYNACK_TYPE_DETAILS_PANEL);
  g_type_ensure (SYNACK_TYPE_CONNECTION_LIST);
  g_type_ensure (SYNACK_TYPE_SEQSPACE_VIEW);
  g_type_ensure (SYNACK_TYPE_HEADER_VIEW);
  g_type_ensure (SYNACK_TYPE_STATE_DIAGRAM);
  g_type_ensure (SYNACK_TYPE_TRANSPORT_BAR);

  object_class->dispose = synack_window_dispose;
  widget_class->size_allocate = synack_window_size_allocate;
  object_class->get_property = synack_window_get_property;
  object_class->set_property = synack_window_set_property;
  GTK_WINDOW_CLASS (klass)->close_request = synack_window_close_request;

  properties[PROP_PRESENTATION] =
    g_param_spec_boolean ("presentation", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_QUIZ] =
    g_param_spec_boolean ("quiz", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  signals[LOAD_FINISHED] =
    g_signal_new ("load-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/synack/Synack/synack-window.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, SynackWindow, name)
  BIND (toast_overlay);
  BIND (window_title);
  BIND (main_stack);
  BIND (stop_button);
  BIND (sidebar_button);
  BIND (loading_label);
  BIND (loading_progress);
  BIND (flap);
  BIND (content_box);
  BIND (centre_box);
  BIND (side_stack);
  BIND (details_panel);
  BIND (connection_list);
  BIND (seqspace_view);
  BIND (numbers_box);
  BIND (header_view);
  BIND (state_diagram);
  BIND (transport_bar);
  BIND (recent_section);
#undef BIND
  _synack_window_class_add_actions (widget_class);
}

/* The ladders (the main one and a what-if's, equal widths), and beside
 * them on the same time axis the state timeline; under them the quiz, the
 * explanation and the act bar. */
static void
assemble (SynackWindow *self)
{
  GtkWidget *run = synack_compare_pane_new_original (self->session);

  self->ladder_frame = synack_compare_pane_get_frame (SYNACK_COMPARE_PANE (run));
  self->timeline = synack_compare_pane_get_timeline (SYNACK_COMPARE_PANE (run));
  self->compare_pane = SYNACK_COMPARE_PANE (synack_compare_pane_new (self->session));
  self->ladders_box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0));
  gtk_box_set_homogeneous (self->ladders_box, TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->ladders_box), TRUE);
  gtk_box_append (self->ladders_box, run);
  gtk_box_append (self->ladders_box, GTK_WIDGET (self->compare_pane));
  gtk_box_append (self->centre_box, GTK_WIDGET (self->ladders_box));

  /* This Machine: its socket list over the views, its tcp_info in Numbers */
  self->machine_panel = synack_machine_panel_new (self->session);
  gtk_box_prepend (self->content_box, self->machine_panel);
  g_signal_connect_object (self->machine_panel, "followed",
                           G_CALLBACK (synack_time_view_zoom_to_fit),
                           synack_ladder_frame_get_ladder (self->ladder_frame), G_CONNECT_SWAPPED);
  self->machine_numbers = synack_machine_numbers_new (self->session);
  gtk_box_prepend (self->numbers_box, self->machine_numbers);

  self->quiz_panel = SYNACK_QUIZ_PANEL (synack_quiz_panel_new (self->session));
  self->explanation_panel = SYNACK_EXPLANATION_PANEL (synack_explanation_panel_new (self->session));
  self->act_bar = SYNACK_ACT_BAR (synack_act_bar_new (self->session));
  gtk_box_append (self->content_box, GTK_WIDGET (self->quiz_panel));
  gtk_box_append (self->content_box, GTK_WIDGET (self->explanation_panel));
  gtk_box_append (self->content_box, GTK_WIDGET (self->act_bar));

  synack_transport_bar_set_player (self->transport_bar, synack_session_get_player (self->session));
}

static void
follow_session (SynackWindow *self)
{
  AdwStyleManager *style = adw_style_manager_get_default ();

  g_signal_connect_object (self->session, "notify::text-scale",
                           G_CALLBACK (_synack_window_update_presentation_css), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "trace-changed", G_CALLBACK (trace_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::connection", G_CALLBACK (connection_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::compare", G_CALLBACK (compare_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->quiz_panel, "notify::active", G_CALLBACK (quiz_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (synack_session_get_view_state (self->session), "notify::after-cursor",
                           G_CALLBACK (update_summaries), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (synack_session_get_player (self->session), "notify::position",
                           G_CALLBACK (update_summaries), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->connection_list, "connection-activated",
                           G_CALLBACK (connection_activated), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (style, "notify::dark", G_CALLBACK (style_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (style, "notify::high-contrast", G_CALLBACK (style_changed), self,
                           G_CONNECT_SWAPPED);
  style_changed (self);
}

/* Preferences changed the live capture's memory budget: the capture
 * running takes it at once. */
static void
live_budget_changed (SynackWindow *self)
{
  _synack_window_apply_memory_budget (self, NULL);
}

static void
synack_window_init (SynackWindow *self)
{
  self->empty = TRUE;
  self->sources = _synack_window_sources_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-handout", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo", FALSE);
  _synack_window_add_drop_target (self);
  _synack_window_add_shortcuts (self);
}

SynackWindow *
synack_window_new (SynackApplication *application)
{
  SynackWindow *self;
  GSettings *settings;

  g_return_val_if_fail (SYNACK_IS_APPLICATION (application), NULL);

  self = g_object_new (SYNACK_TYPE_WINDOW, "application", application, NULL);
  settings = synack_application_get_settings (application);
  self->settings = settings != NULL ? g_object_ref (settings) : NULL;
  self->session = synack_session_new (settings);
  synack_details_panel_set_session (self->details_panel, self->session);
  synack_header_view_set_session (self->header_view, self->session);
  synack_state_diagram_set_session (self->state_diagram, self->session);
  synack_seqspace_view_set_session (self->seqspace_view, self->session);
  assemble (self);
  follow_session (self);
  if (settings != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (settings, "window-width"),
                                   g_settings_get_int (settings, "window-height"));
      if (g_settings_get_boolean (settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
      g_signal_connect_object (settings, "changed::show-explanation",
                               G_CALLBACK (_synack_window_update_explanation_visible), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (settings, "changed::live-memory-budget",
                               G_CALLBACK (live_budget_changed), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (settings, "changed::recent-files",
                               G_CALLBACK (_synack_window_rebuild_recent_menu), self,
                               G_CONNECT_SWAPPED);
    }
  _synack_window_rebuild_recent_menu (self);
  _synack_window_update_explanation_visible (self);
  return self;
}

/* ---- for tests ---- */

SynackSession *
synack_window_get_session (SynackWindow *self)
{
  g_return_val_if_fail (SYNACK_IS_WINDOW (self), NULL);
  return self->session;
}

GtkWidget *
synack_window_get_part (SynackWindow *self,
                        const char   *name)
{
  g_return_val_if_fail (SYNACK_IS_WINDOW (self), NULL);

  if (g_str_equal (name, "ladder"))
    return GTK_WIDGET (synack_ladder_frame_get_ladder (self->ladder_frame));
  if (g_str_equal (name, "ladder-frame"))
    return GTK_WIDGET (self->ladder_frame);
  if (g_str_equal (name, "timeline"))
    return self->timeline;
  if (g_str_equal (name, "what-if-menu"))
    return synack_ladder_frame_get_menu (self->ladder_frame);
  if (g_str_equal (name, "compare-ladder"))
    return (GtkWidget *) synack_compare_pane_get_ladder (self->compare_pane);
  if (g_str_equal (name, "compare"))
    return GTK_WIDGET (self->compare_pane);
  if (g_str_equal (name, "details"))
    return GTK_WIDGET (self->details_panel);
  if (g_str_equal (name, "diagram"))
    return GTK_WIDGET (self->state_diagram);
  if (g_str_equal (name, "title"))
    return GTK_WIDGET (self->window_title);
  if (g_str_equal (name, "connections"))
    return GTK_WIDGET (self->connection_list);
  if (g_str_equal (name, "seqspace"))
    return GTK_WIDGET (self->seqspace_view);
  if (g_str_equal (name, "header"))
    return GTK_WIDGET (self->header_view);
  if (g_str_equal (name, "side-stack"))
    return GTK_WIDGET (self->side_stack);
  if (g_str_equal (name, "transport"))
    return GTK_WIDGET (self->transport_bar);
  if (g_str_equal (name, "explanation"))
    return synack_explanation_panel_get_text (self->explanation_panel);
  if (g_str_equal (name, "rfc"))
    return synack_explanation_panel_get_rfc (self->explanation_panel);
  if (g_str_equal (name, "quiz"))
    return GTK_WIDGET (self->quiz_panel);
  if (g_str_has_prefix (name, "quiz-"))
    return synack_quiz_panel_get_part (self->quiz_panel, name + strlen ("quiz-"));
  if (g_str_equal (name, "machine"))
    return self->machine_panel;
  if (g_str_equal (name, "machine-numbers"))
    return self->machine_numbers;
  if (g_str_equal (name, "act-bar"))
    return GTK_WIDGET (self->act_bar);
  if (g_str_equal (name, "stack"))
    return GTK_WIDGET (self->main_stack);
  if (g_str_equal (name, "load-bar"))
    return _synack_window_sources_get_load_bar (self);
  return NULL;
}
