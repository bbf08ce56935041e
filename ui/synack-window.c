/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "synack-connection-list.h"
#include "synack-details-panel.h"
#include "synack-error.h"
#include "synack-explain.h"
#include "synack-export.h"
#include "synack-export-dialog.h"
#include "synack-ladder-view.h"
#include "synack-pcap-source.h"
#include "synack-player.h"
#include "synack-quiz.h"
#include "synack-saved-trace.h"
#include "synack-render.h"
#include "synack-scenario.h"
#include "synack-scenario-dialog.h"
#include "synack-script-edit.h"
#include "synack-seqspace-view.h"
#include "synack-state-diagram.h"
#include "synack-timeline-view.h"
#include "synack-transport-bar.h"
#include "synack-services.h"
#include "synack-tun.h"
#include "synack-ui.h"
#include "synack-window.h"

#define MAX_RECENT 8
/* How much later a "what if: delay" segment arrives. */
#define WHAT_IF_DELAY (200 * G_GINT64_CONSTANT (1000000))

/* A frame around the ladder that can hold the what-if popover: a popover
 * needs a parent that presents it when allocated, which the view is not. */
#define SYNACK_TYPE_LADDER_FRAME (synack_ladder_frame_get_type ())
G_DECLARE_FINAL_TYPE (SynackLadderFrame, synack_ladder_frame, SYNACK, LADDER_FRAME, GtkWidget)

struct _SynackLadderFrame
{
  GtkWidget  parent_instance;
  GtkWidget *child;
  GtkWidget *popover;
};

G_DEFINE_FINAL_TYPE (SynackLadderFrame, synack_ladder_frame, GTK_TYPE_WIDGET)

static void
synack_ladder_frame_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  SynackLadderFrame *self = SYNACK_LADDER_FRAME (widget);

  gtk_widget_measure (self->child, orientation, for_size, minimum, natural,
                      minimum_baseline, natural_baseline);
}

static void
synack_ladder_frame_size_allocate (GtkWidget *widget,
                                   int        width,
                                   int        height,
                                   int        baseline)
{
  SynackLadderFrame *self = SYNACK_LADDER_FRAME (widget);

  gtk_widget_allocate (self->child, width, height, baseline, NULL);
  if (self->popover != NULL)
    gtk_popover_present (GTK_POPOVER (self->popover));
}

static void
synack_ladder_frame_dispose (GObject *object)
{
  SynackLadderFrame *self = SYNACK_LADDER_FRAME (object);

  g_clear_pointer (&self->popover, gtk_widget_unparent);
  g_clear_pointer (&self->child, gtk_widget_unparent);
  G_OBJECT_CLASS (synack_ladder_frame_parent_class)->dispose (object);
}

static void
synack_ladder_frame_class_init (SynackLadderFrameClass *klass)
{
  GTK_WIDGET_CLASS (klass)->measure = synack_ladder_frame_measure;
  GTK_WIDGET_CLASS (klass)->size_allocate = synack_ladder_frame_size_allocate;
  G_OBJECT_CLASS (klass)->dispose = synack_ladder_frame_dispose;
}

static void
synack_ladder_frame_init (SynackLadderFrame *self)
{
}

static GtkWidget *
synack_ladder_frame_new (GtkWidget *child)
{
  SynackLadderFrame *self = g_object_new (SYNACK_TYPE_LADDER_FRAME, NULL);

  self->child = child;
  gtk_widget_set_parent (child, GTK_WIDGET (self));
  return GTK_WIDGET (self);
}

struct _SynackWindow
{
  AdwApplicationWindow parent_instance;

  GSettings          *settings;
  gboolean            presentation;
  gboolean            empty;
  gboolean            quiz;

  /* What is shown. */
  SynackTrace        *trace;
  SynackPlayer       *player;
  SynackViewState    *view_state;
  guint               conn;

  /* Engine source: the script, so actions and what-ifs can re-run it. */
  char               *script;
  char               *script_name;
  char               *lesson;        /* the scenario's description, for its first screen */
  guint64             seed;

  /* Capture sources. */
  char               *file_path;
  GCancellable       *load_cancellable;
  SynackPcapSource   *live;
  SynackTun          *tun;
  SynackServices     *services;

  /* What-if comparison. */
  SynackTrace        *compare_trace;
  SynackViewState    *compare_state;
  SynackPlayer       *compare_player;
  GtkWidget          *compare_ladder;
  GtkWidget          *compare_box;
  gboolean            sidebar_hidden_for_compare;
  int                 what_if_index;
  GtkWidget          *what_if_popover;

  SynackQuizQuestion *question;
  int                 quiz_from;     /* the cursor when the question was asked */
  gboolean            quiz_revealing;
  guint               quiz_right;
  guint               quiz_asked;

  GtkWidget          *ladder;
  GtkWidget          *ladder_frame;
  GtkBox             *ladders_box;     /* the ladder and a what-if's, equal widths */
  GtkWidget          *timeline;

  AdwToastOverlay    *toast_overlay;
  AdwWindowTitle     *window_title;
  GtkStack           *main_stack;
  GtkWidget          *source_button;
  GtkWidget          *stop_button;
  GtkToggleButton    *sidebar_button;
  GtkLabel           *loading_label;
  GtkProgressBar     *loading_progress;
  AdwFlap            *flap;
  GtkBox             *centre_box;
  GtkWidget          *explanation_box;
  GtkLabel           *explanation_label;
  GtkLabel           *rfc_label;
  GtkBox             *actions_box;
  GtkWidget          *quiz_box;
  GtkLabel           *quiz_question;
  GtkFlowBox         *quiz_choices;
  GtkLabel           *quiz_feedback;
  GtkStack           *side_stack;
  SynackDetailsPanel *details_panel;
  SynackConnectionList *connection_list;
  SynackSeqspaceView *seqspace_view;
  SynackStateDiagram *state_diagram;
  SynackTransportBar *transport_bar;
  GMenu              *recent_section;
};

G_DEFINE_FINAL_TYPE (SynackWindow, synack_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_PRESENTATION,
  PROP_QUIZ,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void update_cursor (SynackWindow *self);
static void update_quiz (SynackWindow *self);
static gboolean quiz_gates (SynackWindow *self,
                            int           position);
static const char *quiz_hint (SynackWindow *self,
                              gboolean      blocked);
static void stop_sources (SynackWindow *self);

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

static void
show_error (SynackWindow *self,
            const char   *heading,
            const char   *body)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, body));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- showing a trace ---- */

gboolean
synack_window_is_empty (SynackWindow *self)
{
  g_return_val_if_fail (SYNACK_IS_WINDOW (self), FALSE);

  return self->empty;
}

static const char *
source_label (SynackTrace *trace)
{
  switch (synack_trace_get_source (trace))
    {
    case SYNACK_TRACE_SOURCE_ENGINE: return _("Built-in engine");
    case SYNACK_TRACE_SOURCE_TUN: return _("Engine on a TUN device");
    case SYNACK_TRACE_SOURCE_FILE: return _("Capture file");
    case SYNACK_TRACE_SOURCE_LIVE: return _("Live capture");
    case SYNACK_TRACE_SOURCE_NONE:
    default: return "";
    }
}

static void
update_title (SynackWindow *self)
{
  const char *title = NULL;
  g_autofree char *subtitle = NULL;

  if (self->trace == NULL)
    {
      adw_window_title_set_title (self->window_title, "Synack");
      adw_window_title_set_subtitle (self->window_title, NULL);
      return;
    }
  title = synack_trace_get_title (self->trace);
  if (title == NULL || title[0] == '\0')
    title = "Synack";
  if (self->live != NULL)
    {
      const SynackCaptureStats *stats = synack_pcap_source_get_stats (self->live);

      subtitle = g_strdup_printf (_("%s · %llu packets · %llu dropped"),
                                  source_label (self->trace),
                                  (unsigned long long) stats->packets,
                                  (unsigned long long) (stats->dropped + stats->if_dropped));
    }
  else
    subtitle = g_strdup_printf (ngettext ("%s · %u connection", "%s · %u connections",
                                          synack_trace_get_n_connections (self->trace)),
                                source_label (self->trace),
                                synack_trace_get_n_connections (self->trace));
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, subtitle);
}

static void
apply_settings_to_view (SynackWindow *self)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  gboolean dark = adw_style_manager_get_dark (style);
  double scale = 1.0;

  /* Presentation text starts half as large again, times the user's scale. */
  if (self->presentation)
    scale = 1.5 * (self->settings != NULL
                   ? g_settings_get_double (self->settings, "presentation-scale") : 1.0);
  for (int i = 0; i < 2; i++)
    {
      SynackViewState *vs = i == 0 ? self->view_state : self->compare_state;

      if (vs == NULL)
        continue;
      synack_view_state_set_dark (vs, dark);
      synack_view_state_set_high_contrast (vs, self->presentation ||
                                                adw_style_manager_get_high_contrast (style));
      synack_view_state_set_text_scale (vs, scale);
      if (self->settings != NULL)
        {
          g_autofree char *mode = g_settings_get_string (self->settings, "label-mode");
          synack_view_state_set_seq_mode (vs, g_str_equal (mode, "absolute") ? SYNACK_SEQ_ABSOLUTE
                                                                             : SYNACK_SEQ_RELATIVE);
        }
    }
  synack_state_diagram_set_dark (self->state_diagram, dark);
  synack_seqspace_view_set_dark (self->seqspace_view, dark);
  /* In quiz mode the explanation would give the answer away; the quiz's
   * feedback explains each step once it is answered. */
  gtk_widget_set_visible (self->explanation_box,
                          !self->quiz &&
                          (self->presentation || self->settings == NULL ||
                           g_settings_get_boolean (self->settings, "show-explanation")));
  /* Keyboard only in front of a class: no buttons under the ladder. */
  gtk_widget_set_visible (GTK_WIDGET (self->actions_box),
                          !self->presentation && self->trace != NULL && self->script != NULL &&
                          synack_trace_get_source (self->trace) == SYNACK_TRACE_SOURCE_ENGINE);
}

static void
settings_changed (SynackWindow *self,
                  const char   *key)
{
  if (self->player != NULL && self->settings != NULL)
    {
      if (g_strcmp0 (key, "speed") == 0)
        synack_player_set_speed (self->player, g_settings_get_double (self->settings, "speed"));
      else if (g_strcmp0 (key, "skip-idle") == 0)
        synack_player_set_skip_idle (self->player,
                                     g_settings_get_boolean (self->settings, "skip-idle"));
    }
  apply_settings_to_view (self);
}

static void
player_settings_changed (SynackWindow *self,
                         GParamSpec   *pspec)
{
  if (self->settings == NULL)
    return;
  if (g_str_equal (pspec->name, "speed") &&
      g_settings_get_double (self->settings, "speed") != synack_player_get_speed (self->player))
    g_settings_set_double (self->settings, "speed", synack_player_get_speed (self->player));
  else if (g_str_equal (pspec->name, "skip-idle") &&
           g_settings_get_boolean (self->settings, "skip-idle") !=
           synack_player_get_skip_idle (self->player))
    g_settings_set_boolean (self->settings, "skip-idle", synack_player_get_skip_idle (self->player));
}

/* The latest state change of conn at or before position: for the lit edge. */
static const SynackEvent *
last_transition (SynackWindow *self,
                 int           position)
{
  const SynackEvent *ev;
  guint first, last;

  if (position < 0)
    return NULL;
  ev = synack_trace_get_event (self->trace, position);
  synack_trace_conn_range (self->trace, self->conn, G_MININT64, ev->time + 1, &first, &last);
  for (guint p = last; p > first && last - p < 512; p--)
    {
      guint idx = synack_trace_conn_event (self->trace, self->conn, p - 1);
      const SynackEvent *s;

      if ((int) idx > position)
        continue;
      s = synack_trace_get_event (self->trace, idx);
      if (s->kind == SYNACK_EVENT_STATE)
        return s;
    }
  return NULL;
}

static int
last_segment (SynackWindow *self,
              int           position)
{
  const SynackEvent *ev = synack_trace_get_event (self->trace, position);
  guint first, last;

  synack_trace_conn_range (self->trace, self->conn, G_MININT64, ev->time + 1, &first, &last);
  for (guint p = last; p > first && last - p < 512; p--)
    {
      guint idx = synack_trace_conn_event (self->trace, self->conn, p - 1);

      if ((int) idx <= position &&
          synack_trace_get_event (self->trace, idx)->kind == SYNACK_EVENT_SEGMENT)
        return (int) idx;
    }
  return -1;
}

static gboolean
numbers_shown (SynackWindow *self)
{
  return adw_flap_get_reveal_flap (self->flap) &&
         g_strcmp0 (gtk_stack_get_visible_child_name (self->side_stack), "numbers") == 0;
}

static void
side_panel_changed (SynackWindow *self)
{
  if (self->trace != NULL && numbers_shown (self))
    synack_seqspace_view_update (self->seqspace_view, self->conn,
                                 synack_player_get_position (self->player));
}

static void
update_cursor (SynackWindow *self)
{
  int position;
  const SynackEvent *ev = NULL;
  const SynackEvent *transition;
  SynackTcpState client, server;

  if (self->trace == NULL || self->player == NULL ||
      synack_trace_get_n_connections (self->trace) == 0)
    return;

  position = synack_player_get_position (self->player);

  /* In quiz mode the question gates the step: playing, stepping, the
   * scrubber or End stop short of the answer until it is given or revealed. */
  if (quiz_gates (self, position))
    {
      synack_player_set_playing (self->player, FALSE);
      gtk_label_set_text (self->quiz_feedback, quiz_hint (self, TRUE));
      if (self->quiz_from < 0)
        synack_player_to_start (self->player);
      else
        synack_player_seek_event (self->player, self->quiz_from);
      return;
    }

  if (position >= 0 && (guint) position < synack_trace_get_n_events (self->trace))
    ev = synack_trace_get_event (self->trace, position);

  /* The selection follows the cursor: the latest segment at or before it. */
  if (ev != NULL && ev->kind == SYNACK_EVENT_SEGMENT && ev->conn == self->conn)
    synack_view_state_set_selected (self->view_state, position);
  else if (position < 0)
    synack_view_state_set_selected (self->view_state, -1);
  else
    synack_view_state_set_selected (self->view_state, last_segment (self, position));

  /* Explanation of the current step. */
  if (ev != NULL)
    {
      const char *rfc = NULL;
      g_autofree char *text = synack_explain_event (self->trace, position, &rfc);

      gtk_label_set_text (self->explanation_label, text);
      gtk_label_set_text (self->rfc_label, rfc != NULL ? rfc : "");
    }
  else
    {
      /* The first screen of a scenario says what it is about. */
      const char *hint = _("Press Space to play, or Right to take one step at a time.");
      g_autofree char *text = self->script != NULL && self->lesson != NULL &&
                              self->lesson[0] != '\0'
                              ? g_strdup_printf ("%s\n%s", self->lesson, hint) : g_strdup (hint);

      gtk_label_set_text (self->explanation_label, text);
      gtk_label_set_text (self->rfc_label, "");
    }

  /* The diagram: both endpoints at the cursor, the last transition lit. */
  if (position < 0)
    {
      const SynackConnection *c = synack_trace_get_connection (self->trace, self->conn);
      client = c->initial_state[0];
      server = c->initial_state[1];
    }
  else
    {
      client = synack_trace_state_at_event (self->trace, self->conn, 0, position);
      server = synack_trace_state_at_event (self->trace, self->conn, 1, position);
    }
  synack_state_diagram_set_states (self->state_diagram, client, server);
  transition = last_transition (self, position);
  if (transition != NULL)
    synack_state_diagram_set_transition (self->state_diagram, transition->endpoint,
                                         transition->state.from, transition->state.to);
  else
    synack_state_diagram_set_transition (self->state_diagram, G_MAXUINT, 0, 0);

  /* The numbers walk the connection: only worth it when they are seen. */
  if (numbers_shown (self))
    synack_seqspace_view_update (self->seqspace_view, self->conn, position);
  if (synack_view_state_get_selected (self->view_state) < 0)
    synack_details_panel_set_event (self->details_panel, position);

  if (self->quiz)
    update_quiz (self);
}

static void
selection_changed (SynackWindow *self)
{
  int selected = synack_view_state_get_selected (self->view_state);

  synack_details_panel_set_event (self->details_panel,
                                  selected >= 0 ? selected
                                                : synack_player_get_position (self->player));
}

/* An endpoint's short name for the diagram's tags, translated when it is
 * one of the roles the sources give. */
static const char *
role_name (const SynackConnection *c,
           guint                   endpoint)
{
  const char *name = c->name[endpoint];

  if (name == NULL || g_str_equal (name, "client") || g_str_equal (name, "server"))
    return (name != NULL ? g_str_equal (name, "server") : endpoint == 1) ? _("server") : _("client");
  return name;
}

static void
select_connection (SynackWindow *self,
                   guint         conn)
{
  const SynackConnection *c;

  if (self->trace == NULL || conn >= synack_trace_get_n_connections (self->trace))
    return;
  self->conn = conn;
  /* a question about another connection does not gate this one */
  g_clear_pointer (&self->question, synack_quiz_question_free);
  c = synack_trace_get_connection (self->trace, conn);
  synack_view_state_set_connection (self->view_state, conn);
  synack_view_state_set_selected (self->view_state, -1);
  /* a live connection grows from nothing: it keeps the zoom it has */
  if (!synack_trace_is_live (self->trace))
    synack_ladder_view_zoom_for_reading (SYNACK_LADDER_VIEW (self->ladder));
  synack_player_set_connection (self->player, (int) conn);
  synack_connection_list_set_selected (self->connection_list, conn);
  synack_state_diagram_set_names (self->state_diagram, role_name (c, 0), role_name (c, 1));
  update_cursor (self);
}

static void
connection_activated (SynackWindow *self,
                      guint         conn)
{
  select_connection (self, conn);
  synack_player_to_start (self->player);
  gtk_stack_set_visible_child_name (self->side_stack, "details");
}

static void
trace_grew (SynackWindow *self)
{
  update_title (self);
  /* A live capture shows its first connection as soon as there is one. */
  if (synack_trace_get_n_connections (self->trace) > 0 &&
      synack_view_state_get_connection (self->view_state) != self->conn)
    select_connection (self, self->conn);
  else if (synack_trace_get_n_connections (self->trace) == 1 && self->conn == 0)
    update_cursor (self);
}

static void
clear_compare (SynackWindow *self)
{
  if (self->compare_box != NULL)
    {
      gtk_box_remove (self->ladders_box, self->compare_box);
      self->compare_box = NULL;
      self->compare_ladder = NULL;
    }
  g_clear_object (&self->compare_trace);
  g_clear_object (&self->compare_state);
  g_clear_object (&self->compare_player);
  if (self->sidebar_hidden_for_compare)
    {
      self->sidebar_hidden_for_compare = FALSE;
      gtk_toggle_button_set_active (self->sidebar_button, TRUE);
    }
}

/* The comparison's cursor stays at the main cursor's time. */
static void
follow_main_cursor (SynackWindow *self)
{
  if (self->compare_player != NULL)
    synack_player_seek_time (self->compare_player, synack_player_get_time (self->player));
}

/* and its view at the main view's zoom and first time, so a time is at the
 * same height in both ladders (until the what-if makes them differ) */
static void
follow_main_view (SynackWindow *self)
{
  if (self->compare_state == NULL)
    return;
  synack_view_state_set_ns_per_pixel (self->compare_state,
                                      synack_view_state_get_ns_per_pixel (self->view_state));
  synack_view_state_set_start_time (self->compare_state,
                                    synack_view_state_get_start_time (self->view_state));
}

static void
set_trace (SynackWindow *self,
           SynackTrace  *trace)
{
  if (self->trace != NULL)
    g_signal_handlers_disconnect_by_data (self->trace, self);
  clear_compare (self);
  g_clear_pointer (&self->question, synack_quiz_question_free);
  g_set_object (&self->trace, trace);
  self->conn = 0;
  self->empty = FALSE;

  synack_player_set_playing (self->player, FALSE);
  synack_player_set_trace (self->player, trace);
  synack_player_set_connection (self->player, synack_trace_get_n_connections (trace) > 0 ? 0 : -1);
  synack_player_set_follow_live (self->player, synack_trace_is_live (trace));
  synack_view_state_set_selected (self->view_state, -1);
  synack_view_state_set_trace (self->view_state, trace);
  synack_view_state_set_connection (self->view_state, 0);
  synack_ladder_view_set_trace (SYNACK_LADDER_VIEW (self->ladder), trace);
  synack_timeline_view_set_trace (SYNACK_TIMELINE_VIEW (self->timeline), trace);
  synack_details_panel_set_trace (self->details_panel, trace);
  synack_connection_list_set_trace (self->connection_list, trace);
  synack_seqspace_view_set_trace (self->seqspace_view, trace);
  g_signal_connect_object (trace, "events-added", G_CALLBACK (trace_grew), self,
                           G_CONNECT_SWAPPED);

  gtk_stack_set_visible_child_name (self->main_stack, "trace");
  update_title (self);
  apply_settings_to_view (self);
  if (synack_trace_get_n_connections (trace) > 0)
    select_connection (self, 0);
  else
    {
      gtk_label_set_text (self->explanation_label,
                          synack_trace_is_live (trace)
                          ? _("Waiting for TCP traffic…")
                          : _("There is no TCP connection in this trace."));
      gtk_label_set_text (self->rfc_label, "");
      synack_state_diagram_set_states (self->state_diagram, SYNACK_TCP_CLOSED, SYNACK_TCP_CLOSED);
      synack_state_diagram_set_transition (self->state_diagram, G_MAXUINT, 0, 0);
      synack_details_panel_set_event (self->details_panel, -1);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", TRUE);
  gtk_widget_grab_focus (self->ladder);
}

/* ---- the engine ---- */

static SynackTrace *
run_script (SynackWindow          *self,
            const char            *text,
            const SynackLinkRule  *rule,
            GError               **error)
{
  g_autoptr(SynackScenario) scenario = NULL;
  g_autofree char *notes = NULL;
  SynackTrace *trace;

  scenario = synack_scenario_parse (text, -1, self->script_name, error);
  if (scenario == NULL)
    return NULL;
  if (rule == NULL)
    {
      g_free (self->lesson);
      self->lesson = g_strdup (synack_scenario_get_description (scenario));
    }
  if (rule != NULL)
    synack_scenario_add_rule (scenario, rule);
  trace = synack_scenario_run (scenario, self->seed, &notes);
  if (notes != NULL && notes[0] != '\0')
    synack_window_toast (self, g_strstrip (notes));
  return trace;
}

gboolean
synack_window_start_scenario (SynackWindow  *self,
                              const char    *name,
                              GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(SynackTrace) trace = NULL;
  g_autofree char *text = NULL;
  g_autofree char *old_script = NULL;
  g_autofree char *old_name = NULL;

  g_return_val_if_fail (SYNACK_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  bytes = synack_scenario_get_builtin_text (name, NULL);
  if (bytes != NULL)
    text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  else if (!g_file_test (name, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID,
                   _("There is no built-in scenario “%s” and no such file; "
                     "“synack-cli scenarios” lists the built-in ones"), name);
      return FALSE;
    }
  else if (!g_file_get_contents (name, &text, NULL, error))
    return FALSE;

  old_script = g_steal_pointer (&self->script);
  old_name = g_steal_pointer (&self->script_name);
  self->script = g_strdup (text);
  self->script_name = g_strdup (name);
  /* a scenario Synack saved records the seed of its run */
  self->seed = synack_saved_trace_seed (text);
  trace = run_script (self, text, NULL, error);
  if (trace == NULL)
    {
      g_free (self->script);
      g_free (self->script_name);
      self->script = g_steal_pointer (&old_script);
      self->script_name = g_steal_pointer (&old_name);
      return FALSE;
    }
  g_clear_pointer (&self->file_path, g_free);
  stop_sources (self);
  set_trace (self, trace);
  return TRUE;
}

void
synack_window_start_default (SynackWindow *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SYNACK_IS_WINDOW (self));

  if (!synack_window_start_scenario (self, SYNACK_SCENARIO_DEMO, &error))
    show_error (self, _("Cannot Start the Demo Scenario"), error->message);
}

/* Act for an endpoint at the cursor: the scripted actions after it are
 * dropped, the user's is added, and the engine runs on from there. */
static void
act_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  SynackWindow *self = SYNACK_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackTrace) trace = NULL;
  g_autofree char *cut = NULL;
  g_autofree char *script = NULL;
  g_autofree char *verb = NULL;
  g_auto(GStrv) parts = NULL;
  const char *what = g_variant_get_string (parameter, NULL);
  int position;
  double time_s;

  if (self->script == NULL || self->trace == NULL)
    return;
  parts = g_strsplit (what, " ", 2);
  if (parts[0] == NULL || parts[1] == NULL)
    return;
  position = synack_player_get_position (self->player);
  time_s = MAX (synack_player_get_time (self->player), 0) / 1e9;
  if (g_str_equal (parts[1], "connect"))
    {
      const SynackConnection *c = synack_trace_get_connection (self->trace, self->conn);
      verb = g_strdup_printf ("connect %u", c != NULL ? c->port[1] : 80);
    }
  else
    verb = g_strdup (parts[1]);

  cut = synack_script_cut_after (self->script, time_s);
  script = synack_script_append_action (cut, time_s + 1e-6, parts[0], verb);
  trace = run_script (self, script, NULL, &error);
  if (trace == NULL)
    {
      show_error (self, _("Cannot Carry On From Here"), error->message);
      return;
    }
  g_free (self->script);
  self->script = g_steal_pointer (&script);
  set_trace (self, trace);
  synack_player_seek_event (self->player, position);
  synack_player_step_forward (self->player);
}

static void
build_actions_box (SynackWindow *self)
{
  static const struct { const char *verb; const char *label; const char *tooltip; } verbs[] = {
    { "connect", N_("Connect"), N_("connect() to the server") },
    { "send 1000", N_("Send 1000 B"), N_("Queue 1000 bytes to send") },
    { "shutdown", N_("Shutdown"), N_("Close the sending side (a FIN after the data)") },
    { "close", N_("Close"), N_("close() the socket") },
    { "abort", N_("Abort"), N_("Abort with a reset") },
  };

  for (guint e = 0; e < 2; e++)
    {
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *label = gtk_label_new (e == 0 ? _("Client, at the cursor:")
                                               : _("Server, at the cursor:"));

      gtk_label_set_width_chars (GTK_LABEL (label), 22);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (row), label);
      for (guint v = 0; v < G_N_ELEMENTS (verbs); v++)
        {
          GtkWidget *button;
          g_autofree char *target = NULL;

          if (e == 1 && v == 0)
            continue;
          button = gtk_button_new_with_label (g_dgettext (GETTEXT_PACKAGE, verbs[v].label));
          gtk_widget_set_tooltip_text (button, g_dgettext (GETTEXT_PACKAGE, verbs[v].tooltip));
          target = g_strdup_printf ("%s %s", e == 0 ? "client" : "server", verbs[v].verb);
          gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.act");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", target);
          gtk_widget_add_css_class (button, "flat");
          gtk_box_append (GTK_BOX (row), button);
        }
      gtk_box_append (self->actions_box, row);
    }
}

/* ---- what if ---- */

static void
close_compare_clicked (SynackWindow *self)
{
  clear_compare (self);
}

static void
what_if_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SynackWindow *self = SYNACK_WINDOW (widget);
  const char *what = g_variant_get_string (parameter, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackTrace) trace = NULL;
  SynackLinkRule rule = { 0 };
  const SynackEvent *ev;
  guint ordinal = 0;
  GtkWidget *box, *header, *label, *close, *ladder;
  g_autofree char *title = NULL;

  if (self->script == NULL || self->what_if_index < 0 ||
      (guint) self->what_if_index >= synack_trace_get_n_events (self->trace))
    return;
  ev = synack_trace_get_event (self->trace, self->what_if_index);
  if (ev->kind != SYNACK_EVENT_SEGMENT)
    return;

  /* The link counts the frames each direction carries (not its own copies). */
  for (guint i = 0; i <= (guint) self->what_if_index; i++)
    {
      const SynackEvent *e = synack_trace_get_event (self->trace, i);

      if (e->kind == SYNACK_EVENT_SEGMENT && e->conn <= ev->conn && e->endpoint == ev->endpoint &&
          e->segment.fate != SYNACK_FATE_DUPLICATED)
        ordinal++;
    }
  rule.match = SYNACK_LINK_MATCH_ORDINAL;
  rule.direction = ev->endpoint;
  rule.ordinal = ordinal;
  if (g_str_equal (what, "lose"))
    {
      rule.action = SYNACK_LINK_LOSE;
      title = g_strdup_printf (_("What if segment %u were lost"),
                               synack_trace_segment_ordinal (self->trace, self->what_if_index) + 1);
    }
  else if (g_str_equal (what, "delay"))
    {
      rule.action = SYNACK_LINK_DELAY;
      rule.extra_delay = WHAT_IF_DELAY;
      title = g_strdup_printf (_("What if segment %u were 200 ms late"),
                               synack_trace_segment_ordinal (self->trace, self->what_if_index) + 1);
    }
  else
    {
      rule.action = SYNACK_LINK_DUPLICATE;
      title = g_strdup_printf (_("What if segment %u were duplicated"),
                               synack_trace_segment_ordinal (self->trace, self->what_if_index) + 1);
    }

  trace = run_script (self, self->script, &rule, &error);
  if (trace == NULL)
    {
      show_error (self, _("Cannot Re-run the Scenario"), error->message);
      return;
    }

  clear_compare (self);
  /* Two ladders side by side need the width: the side panels make way
   * while comparing (F9 brings them back) and return with it closed. */
  if (gtk_toggle_button_get_active (self->sidebar_button))
    {
      gtk_toggle_button_set_active (self->sidebar_button, FALSE);
      self->sidebar_hidden_for_compare = TRUE;
    }
  self->compare_trace = g_steal_pointer (&trace);
  self->compare_state = synack_view_state_new ();
  synack_view_state_set_trace (self->compare_state, self->compare_trace);
  synack_view_state_set_connection (self->compare_state, MIN (self->conn,
    synack_trace_get_n_connections (self->compare_trace) - 1));

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_hexpand (box, TRUE);
  header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_add_css_class (header, "toolbar");
  label = gtk_label_new (title);
  /* Keep the label's natural width small, so both ladders share the room evenly. */
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 8);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_hexpand (label, TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  close = gtk_button_new_from_icon_name ("window-close-symbolic");
  gtk_widget_set_tooltip_text (close, _("Close the Comparison"));
  gtk_widget_add_css_class (close, "flat");
  g_signal_connect_swapped (close, "clicked", G_CALLBACK (close_compare_clicked), self);
  gtk_box_append (GTK_BOX (header), label);
  gtk_box_append (GTK_BOX (header), close);

  self->compare_player = synack_player_new (self->compare_trace);
  synack_player_set_use_timer (self->compare_player, FALSE);
  synack_player_set_connection (self->compare_player,
                                (int) synack_view_state_get_connection (self->compare_state));
  ladder = synack_ladder_view_new ();
  synack_ladder_view_set_view_state (SYNACK_LADDER_VIEW (ladder), self->compare_state);
  synack_ladder_view_set_trace (SYNACK_LADDER_VIEW (ladder), self->compare_trace);
  synack_ladder_view_set_player (SYNACK_LADDER_VIEW (ladder), self->compare_player);
  self->compare_ladder = ladder;
  /* the main view leads: same zoom, same first time, so the rows line up */
  synack_ladder_view_set_follow_cursor (SYNACK_LADDER_VIEW (ladder), FALSE);
  follow_main_view (self);
  follow_main_cursor (self);
  gtk_widget_set_vexpand (ladder, TRUE);
  {
    GtkWidget *scrolled = gtk_scrolled_window_new ();
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), ladder);
    gtk_widget_set_vexpand (scrolled, TRUE);
    gtk_box_append (GTK_BOX (box), scrolled);
  }
  /* the title under the ladder, so both ladders start at the same height */
  gtk_box_append (GTK_BOX (box), header);
  gtk_widget_add_css_class (box, "compare");
  gtk_box_append (self->ladders_box, box);
  self->compare_box = box;
  apply_settings_to_view (self);
  synack_window_toast (self, title);
}

static void
what_if_closed (SynackWindow *self)
{
  gtk_widget_set_has_tooltip (self->ladder, TRUE);
}

/* The what-if menu for segment index, pointing at (x, y) in the ladder. */
static void
popup_what_if (SynackWindow *self,
               int           index,
               double        x,
               double        y)
{
  GMenu *menu;
  GMenu *section;

  if (index < 0 || self->script == NULL ||
      synack_trace_get_source (self->trace) != SYNACK_TRACE_SOURCE_ENGINE)
    return;
  self->what_if_index = index;
  synack_view_state_set_selected (self->view_state, index);

  menu = g_menu_new ();
  section = g_menu_new ();
  g_menu_append (section, _("What If It Were _Lost"), "win.what-if::lose");
  g_menu_append (section, _("What If It Were _Delayed"), "win.what-if::delay");
  g_menu_append (section, _("What If It Were D_uplicated"), "win.what-if::duplicate");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
  if (self->what_if_popover == NULL)
    {
      SynackLadderFrame *frame = SYNACK_LADDER_FRAME (self->ladder_frame);

      self->what_if_popover = gtk_popover_menu_new_from_model (G_MENU_MODEL (menu));
      gtk_widget_set_parent (self->what_if_popover, self->ladder_frame);
      gtk_popover_set_has_arrow (GTK_POPOVER (self->what_if_popover), FALSE);
      frame->popover = self->what_if_popover;
      g_signal_connect_object (self->what_if_popover, "closed", G_CALLBACK (what_if_closed), self,
                               G_CONNECT_SWAPPED);
    }
  else
    gtk_popover_menu_set_menu_model (GTK_POPOVER_MENU (self->what_if_popover), G_MENU_MODEL (menu));
  {
    double fx = x, fy = y;

    gtk_widget_translate_coordinates (self->ladder, self->ladder_frame, x, y, &fx, &fy);
    gtk_popover_set_pointing_to (GTK_POPOVER (self->what_if_popover),
                                 &(GdkRectangle) { (int) fx, (int) fy, 1, 1 });
  }
  /* the segment's tooltip would cover the menu */
  gtk_widget_set_has_tooltip (self->ladder, FALSE);
  gtk_popover_popup (GTK_POPOVER (self->what_if_popover));
  g_object_unref (section);
  g_object_unref (menu);
}

static void
ladder_pressed (GtkGestureClick *gesture,
                int              n_press,
                double           x,
                double           y,
                SynackWindow    *self)
{
  int index = synack_ladder_view_pick (SYNACK_LADDER_VIEW (self->ladder), x, y);

  /* Arrows are thin: accept a click a few pixels off. */
  for (int d = 3; index < 0 && d <= 12; d += 3)
    {
      index = synack_ladder_view_pick (SYNACK_LADDER_VIEW (self->ladder), x, y - d);
      if (index < 0)
        index = synack_ladder_view_pick (SYNACK_LADDER_VIEW (self->ladder), x, y + d);
    }
  popup_what_if (self, index, x, y);
}

/* Menu or Shift+F10: the what-if menu of the selected segment. */
static void
what_if_menu_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SynackWindow *self = SYNACK_WINDOW (widget);
  int index = synack_view_state_get_selected (self->view_state);
  double x, y;

  if (self->trace == NULL || self->script == NULL ||
      synack_trace_get_source (self->trace) != SYNACK_TRACE_SOURCE_ENGINE)
    {
      synack_window_toast (self, _("What if works on scenario traces, which the engine can run again"));
      return;
    }
  if (index < 0)
    {
      synack_window_toast (self, _("Select a segment first (Up and Down, or click it)"));
      return;
    }
  if (!synack_ladder_view_get_segment_point (SYNACK_LADDER_VIEW (self->ladder), index, &x, &y))
    {
      x = gtk_widget_get_width (self->ladder) / 2.0;
      y = gtk_widget_get_height (self->ladder) / 2.0;
    }
  popup_what_if (self, index, x, y);
}

/* ---- captures ---- */

static void
remember_recent (SynackWindow *self,
                 const char   *path)
{
  g_auto(GStrv) old = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) list = NULL;
  guint n = 1;

  if (self->settings == NULL)
    return;
  old = g_settings_get_strv (self->settings, "recent-files");
  builder = g_strv_builder_new ();
  g_strv_builder_add (builder, path);
  for (guint i = 0; old[i] != NULL && n < MAX_RECENT; i++)
    if (!g_str_equal (old[i], path))
      {
        g_strv_builder_add (builder, old[i]);
        n++;
      }
  list = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-files", (const char * const *) list);
}

static void
rebuild_recent_menu (SynackWindow *self)
{
  g_auto(GStrv) recent = NULL;

  g_menu_remove_all (self->recent_section);
  if (self->settings == NULL)
    return;
  recent = g_settings_get_strv (self->settings, "recent-files");
  for (guint i = 0; recent[i] != NULL; i++)
    {
      g_autofree char *label = g_path_get_basename (recent[i]);
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target (item, "win.open-recent", "s", recent[i]);
      g_menu_append_item (self->recent_section, item);
    }
  if (recent[0] == NULL)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_("No recent captures"), "win.none");
      g_menu_append_item (self->recent_section, item);
    }
}

static void
load_progress (double   fraction,
               gpointer user_data)
{
  SynackWindow *self = user_data;

  if (self->loading_progress != NULL)
    gtk_progress_bar_set_fraction (self->loading_progress, CLAMP (fraction, 0, 1));
}

typedef struct
{
  SynackWindow *self;
  char         *path;
  GCancellable *cancellable;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_object_unref (data->self);
  g_object_unref (data->cancellable);
  g_free (data->path);
  g_free (data);
}

static void
load_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  LoadData *data = user_data;
  SynackWindow *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackTrace) trace = NULL;
  SynackCaptureStats stats;

  synack_capture_stats_init (&stats);
  trace = synack_pcap_load_file_finish (result, &stats, &error);

  /* A newer load took over, or the window went away: nothing to show. */
  if (self->load_cancellable != data->cancellable || self->main_stack == NULL)
    {
      synack_capture_stats_clear (&stats);
      load_data_free (data);
      return;
    }
  g_clear_object (&self->load_cancellable);

  if (trace == NULL)
    {
      gtk_stack_set_visible_child_name (self->main_stack, self->trace != NULL ? "trace" : "empty");
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *body = g_strdup_printf (
            _("%s\n\nSynack reads pcap and pcapng files with Ethernet, raw IP, Linux “any” "
              "(SLL, SLL2), loopback and similar link types. Check the file with "
              "“synack-cli inspect FILE”."), error->message);
          show_error (self, _("Cannot Open Capture"), body);
        }
      else
        synack_window_toast (self, _("Loading cancelled"));
    }
  else
    {
      g_autofree char *base = g_path_get_basename (data->path);

      g_clear_pointer (&self->script, g_free);
      g_clear_pointer (&self->script_name, g_free);
      g_free (self->file_path);
      self->file_path = g_strdup (data->path);
      stop_sources (self);
      if (synack_trace_get_title (trace) == NULL || synack_trace_get_title (trace)[0] == '\0')
        synack_trace_set_title (trace, base);
      set_trace (self, trace);
      remember_recent (self, data->path);

      if (synack_trace_get_n_segments (trace) == 0)
        {
          g_autofree char *msg = g_strdup_printf (
            _("%s holds no TCP segments (%llu packets read)"), base,
            (unsigned long long) stats.packets);
          synack_window_toast (self, msg);
        }
      if (stats.file_error != NULL)
        synack_window_toast (self, stats.file_error->message);
      if (stats.malformed > 0)
        {
          g_autofree char *msg = g_strdup_printf (
            ngettext ("%llu broken packet skipped; synack-cli inspect lists why",
                      "%llu broken packets skipped; synack-cli inspect lists why",
                      (unsigned long) stats.malformed), (unsigned long long) stats.malformed);
          synack_window_toast (self, msg);
        }
    }
  synack_capture_stats_clear (&stats);
  load_data_free (data);
}

void
synack_window_open_file (SynackWindow *self,
                         GFile        *file)
{
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;
  LoadData *data;

  g_return_if_fail (SYNACK_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  path = g_file_get_path (file);
  name = g_file_get_parse_name (file);
  if (path == NULL)
    {
      g_autofree char *body = g_strdup_printf (_("%s is not a local file; copy it to this "
                                                 "computer first"), name);
      show_error (self, _("Cannot Open Capture"), body);
      return;
    }
  /* A scenario script opens on the engine. */
  if (g_str_has_suffix (path, ".synack"))
    {
      g_autoptr(GError) error = NULL;

      if (!synack_window_start_scenario (self, path, &error))
        show_error (self, _("Cannot Run Scenario"), error->message);
      else
        remember_recent (self, path);
      return;
    }

  /* A trace Synack saved, with its scenario beside it: the engine re-runs
   * it, exactly (states, timers, calls), instead of inferring from packets. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SynackTrace) saved = synack_saved_trace_load (path, &error);

    if (saved != NULL)
      {
        g_autofree char *script_path = synack_saved_trace_script_path (path);
        g_autofree char *script = NULL;

        if (g_file_get_contents (script_path, &script, NULL, NULL))
          {
            if (self->load_cancellable != NULL)
              g_cancellable_cancel (self->load_cancellable);
            g_clear_object (&self->load_cancellable);
            g_free (self->script);
            g_free (self->script_name);
            self->script = g_steal_pointer (&script);
            self->script_name = g_steal_pointer (&script_path);
            self->seed = synack_saved_trace_seed (self->script);
            g_free (self->file_path);
            self->file_path = g_strdup (path);
            stop_sources (self);
            set_trace (self, saved);
            remember_recent (self, path);
            {
              g_autofree char *base = g_path_get_basename (self->script_name);
              g_autofree char *note = g_strdup_printf (_("%s re-ran on the engine: exact states, "
                                                         "timers and calls"), base);

              synack_window_toast (self, note);
            }
            return;
          }
      }
    else if (error != NULL)
      synack_window_toast (self, error->message);
  }

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  text = g_strdup_printf (_("Reading %s…"), name);
  gtk_label_set_text (self->loading_label, text);
  gtk_progress_bar_set_fraction (self->loading_progress, 0);
  gtk_stack_set_visible_child_name (self->main_stack, "loading");

  data = g_new0 (LoadData, 1);
  data->self = g_object_ref (self);
  data->path = g_steal_pointer (&path);
  data->cancellable = g_object_ref (self->load_cancellable);
  synack_pcap_load_file_async (data->path, NULL, load_progress, self, self->load_cancellable,
                               load_done, data);
}

static void
live_batch (SynackWindow *self)
{
  update_title (self);
}

static void
live_stopped (SynackWindow *self)
{
  const GError *error;

  if (self->live == NULL)
    return;
  error = synack_pcap_source_get_error (self->live);
  gtk_widget_set_visible (self->stop_button, FALSE);
  if (error != NULL)
    show_error (self, _("The Live Capture Stopped"), error->message);
  else
    synack_window_toast (self, _("Capture stopped"));
  update_title (self);
}

gboolean
synack_window_start_capture (SynackWindow  *self,
                             const char    *iface,
                             const char    *filter,
                             GError       **error)
{
  g_autoptr(SynackPcapSource) live = NULL;
  SynackTrace *trace;
  g_autofree char *title = NULL;

  g_return_val_if_fail (SYNACK_IS_WINDOW (self), FALSE);

  live = synack_pcap_source_new_live (iface, filter, error);
  if (live == NULL || !synack_pcap_source_start (live, error))
    return FALSE;

  stop_sources (self);
  self->live = g_steal_pointer (&live);
  g_clear_pointer (&self->script, g_free);
  g_clear_pointer (&self->file_path, g_free);
  g_signal_connect_object (self->live, "batch-added", G_CALLBACK (live_batch), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->live, "stopped", G_CALLBACK (live_stopped), self,
                           G_CONNECT_SWAPPED);
  trace = synack_pcap_source_get_trace (self->live);
  title = filter != NULL && filter[0] != '\0'
    ? g_strdup_printf (_("Live on %s (%s)"), iface, filter)
    : g_strdup_printf (_("Live on %s"), iface);
  synack_trace_set_title (trace, title);
  set_trace (self, trace);
  synack_player_set_follow_live (self->player, TRUE);
  gtk_widget_set_visible (self->stop_button, TRUE);
  return TRUE;
}

static void
stop_capture_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SynackWindow *self = SYNACK_WINDOW (widget);

  if (self->live != NULL)
    synack_pcap_source_stop (self->live);
  else
    stop_sources (self);
}

static void
live_response (AdwMessageDialog *dialog,
               const char       *response,
               SynackWindow     *self)
{
  GtkDropDown *ifaces = g_object_get_data (G_OBJECT (dialog), "ifaces");
  GtkEditable *filter = g_object_get_data (G_OBJECT (dialog), "filter");
  g_autoptr(GError) error = NULL;
  GtkStringObject *item;

  if (!g_str_equal (response, "start"))
    return;
  item = gtk_drop_down_get_selected_item (ifaces);
  if (item == NULL)
    return;
  if (!synack_window_start_capture (self, gtk_string_object_get_string (item),
                                    gtk_editable_get_text (filter), &error))
    show_error (self, _("Cannot Start the Live Capture"), error->message);
}

static void
live_capture_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SynackWindow *self = SYNACK_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ifaces = synack_pcap_list_interfaces (&error);
  GtkStringList *names;
  GtkWidget *box, *dropdown, *entry;
  AdwMessageDialog *dialog;

  if (ifaces == NULL)
    {
      show_error (self, _("Cannot List Network Interfaces"), error->message);
      return;
    }
  names = gtk_string_list_new (NULL);
  for (guint i = 0; i < ifaces->len; i++)
    {
      SynackInterface *iface = g_ptr_array_index (ifaces, i);
      gtk_string_list_append (names, iface->name);
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Live Capture"),
    _("Capture TCP on an interface and watch the states as they happen. Capturing needs "
      "CAP_NET_RAW (or root); Synack says how to grant it if it is missing.")));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  dropdown = gtk_drop_down_new (G_LIST_MODEL (names), NULL);
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("BPF filter, for example “tcp port 80”"));
  gtk_box_append (GTK_BOX (box), dropdown);
  gtk_box_append (GTK_BOX (box), entry);
  adw_message_dialog_set_extra_child (dialog, box);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "start", _("_Start"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "start", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "start");
  adw_message_dialog_set_response_enabled (dialog, "start", ifaces->len > 0);
  g_object_set_data (G_OBJECT (dialog), "ifaces", dropdown);
  g_object_set_data (G_OBJECT (dialog), "filter", entry);
  g_signal_connect_object (dialog, "response", G_CALLBACK (live_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

#define TUN_IFNAME "synack0"
#define TUN_ENGINE "10.77.0.2/24"
#define TUN_ENGINE_ADDR "10.77.0.2"

static void
stop_sources (SynackWindow *self)
{
  if (self->live != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->live, self);
      synack_pcap_source_stop (self->live);
    }
  g_clear_object (&self->live);
  if (self->services != NULL && self->trace != NULL &&
      synack_trace_get_source (self->trace) == SYNACK_TRACE_SOURCE_TUN)
    synack_trace_set_live (self->trace, FALSE);
  g_clear_object (&self->services);
  if (self->tun != NULL)
    synack_tun_close (self->tun);
  g_clear_object (&self->tun);
  gtk_widget_set_visible (self->stop_button, FALSE);
}

gboolean
synack_window_start_tun (SynackWindow  *self,
                         GError       **error)
{
  g_autoptr(SynackTun) tun = NULL;
  g_autoptr(SynackTrace) trace = NULL;
  SynackAddress engine;
  guint prefix;

  g_return_val_if_fail (SYNACK_IS_WINDOW (self), FALSE);

  if (!synack_tun_parse_prefix (TUN_ENGINE, 24, &engine, &prefix, error))
    return FALSE;
  tun = synack_tun_new (TUN_IFNAME, &engine, prefix, NULL, error);
  if (tun == NULL)
    return FALSE;
  stop_sources (self);
  trace = synack_trace_new (SYNACK_TRACE_SOURCE_TUN);
  synack_trace_set_title (trace, _("Real programs through synack0"));
  synack_trace_set_live (trace, TRUE);
  self->tun = g_steal_pointer (&tun);
  self->services = synack_services_new (self->tun, trace, self->seed);
  if (!synack_services_listen (self->services, 7, SYNACK_SERVICE_ECHO, error) ||
      !synack_services_listen (self->services, 9, SYNACK_SERVICE_DISCARD, error) ||
      !synack_services_listen (self->services, 80, SYNACK_SERVICE_HTTP, error))
    {
      stop_sources (self);
      return FALSE;
    }
  g_clear_pointer (&self->script, g_free);
  g_clear_pointer (&self->file_path, g_free);
  set_trace (self, trace);
  synack_player_set_follow_live (self->player, TRUE);
  gtk_widget_set_visible (self->stop_button, TRUE);
  synack_window_toast (self, _("Type “nc 10.77.0.2 7” in a terminal to talk to the engine"));
  return TRUE;
}

static void
tun_response (AdwMessageDialog *dialog,
              const char       *response,
              SynackWindow     *self)
{
  g_autoptr(GError) error = NULL;

  if (g_str_equal (response, "start") && !synack_window_start_tun (self, &error))
    show_error (self, _("Cannot Open the TUN Device"), error->message);
}

static void
tun_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  SynackWindow *self = SYNACK_WINDOW (widget);
  AdwMessageDialog *dialog;
  GtkWidget *commands;
  g_autofree char *body = NULL;
  gboolean allowed = synack_tun_have_privilege ();

  if (allowed)
    body = g_strdup (_("Synack creates the network device synack0 and puts the engine at "
                       "10.77.0.2, with an echo service on port 7, discard on 9 and a tiny "
                       "web server on 80. Programs on this computer then talk TCP to the engine, "
                       "and every segment appears here. Type one of these in a terminal:"));
  else
    {
      g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
      g_autofree char *why = synack_tun_privilege_message (exe);

      body = g_strdup_printf (_("%s\n\nOnce that is done, restart Synack and type one of these "
                                "in a terminal:"), why);
    }
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("Connect Real Programs"), body));
  commands = gtk_label_new ("nc " TUN_ENGINE_ADDR " 7\n"
                            "curl http://" TUN_ENGINE_ADDR "/\n"
                            "python3 -c 'import socket; s=socket.create_connection((\"" TUN_ENGINE_ADDR "\", 9)); s.sendall(b\"hi\"); s.close()'");
  gtk_label_set_selectable (GTK_LABEL (commands), TRUE);
  gtk_label_set_wrap (GTK_LABEL (commands), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (commands), PANGO_WRAP_CHAR);
  gtk_widget_add_css_class (commands, "mono");
  adw_message_dialog_set_extra_child (dialog, commands);
  if (allowed)
    {
      adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "start", _("_Start"), NULL);
      adw_message_dialog_set_response_appearance (dialog, "start", ADW_RESPONSE_SUGGESTED);
    }
  else
    adw_message_dialog_add_response (dialog, "cancel", _("_Close"));
  g_signal_connect_object (dialog, "response", G_CALLBACK (tun_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- file choosers ---- */

static void
open_response (GtkNativeDialog *dialog,
               int              response,
               gpointer         user_data)
{
  SynackWindow *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        synack_window_open_file (self, file);
    }
  g_object_unref (dialog);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SynackWindow *self = SYNACK_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) captures = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) scripts = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Open Capture"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (captures, _("Packet captures (pcap, pcapng)"));
  gtk_file_filter_add_mime_type (captures, "application/vnd.tcpdump.pcap");
  gtk_file_filter_add_mime_type (captures, "application/x-pcapng");
  gtk_file_filter_add_suffix (captures, "pcap");
  gtk_file_filter_add_suffix (captures, "pcapng");
  gtk_file_filter_add_suffix (captures, "cap");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), captures);
  gtk_file_filter_set_name (scripts, _("Scenario scripts"));
  gtk_file_filter_add_suffix (scripts, "synack");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), scripts);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (open_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
open_recent_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SynackWindow *self = SYNACK_WINDOW (widget);
  const char *path = g_variant_get_string (parameter, NULL);
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);

  synack_window_open_file (self, file);
}

gboolean
synack_window_save_trace (SynackWindow  *self,
                          const char    *path,
                          GError       **error)
{
  g_return_val_if_fail (SYNACK_IS_WINDOW (self), FALSE);

  if (self->trace == NULL)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID, _("There is no trace to save"));
      return FALSE;
    }
  if (self->live != NULL)
    {
      if (!synack_pcap_source_save (self->live, path, error))
        return FALSE;
    }
  else if (!synack_export_pcap (self->trace, path, G_MAXUINT, error))
    return FALSE;

  /* The scenario goes alongside, so the trace can be re-run. */
  if (self->script != NULL)
    {
      g_autofree char *stem = g_str_has_suffix (path, ".pcap")
        ? g_strndup (path, strlen (path) - 5) : g_strdup (path);
      g_autofree char *script_path = g_strconcat (stem, ".synack", NULL);
      g_autofree char *script = NULL;

      /* with the seed of this run, so the scenario gives this very trace */
      if (g_str_has_prefix (self->script, SYNACK_SAVED_SEED_PREFIX))
        script = g_strdup (self->script);
      else
        script = g_strdup_printf ("%s%" G_GUINT64_FORMAT "\n%s", SYNACK_SAVED_SEED_PREFIX,
                                  (guint64) self->seed, self->script);
      if (!g_file_set_contents (script_path, script, -1, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
synack_window_export_figure (SynackWindow  *self,
                             const char    *path,
                             GError       **error)
{
  SynackRenderOptions options;
  SynackRenderFormat format;

  g_return_val_if_fail (SYNACK_IS_WINDOW (self), FALSE);

  if (self->trace == NULL || synack_trace_get_n_connections (self->trace) == 0)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID, _("There is no connection to draw"));
      return FALSE;
    }
  if (!synack_render_format_from_path (path, &format))
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID,
                   _("%s: the name must end in .png, .svg or .pdf"), path);
      return FALSE;
    }
  synack_render_options_init (&options);
  options.conn = self->conn;
  options.seq_mode = synack_view_state_get_seq_mode (self->view_state);
  options.text_scale = synack_view_state_get_text_scale (self->view_state);
  /* Files are for paper and slides: light, whatever the window shows (the
   * Export dialog offers the other themes). */
  options.theme = SYNACK_THEME_LIGHT;
  options.timeline = TRUE;
  options.legend = TRUE;
  /* The span the ladder shows now (the whole connection when it is not on
   * screen, or when everything fits). */
  {
    SynackTimeAxis *axis = synack_view_state_get_axis (self->view_state);
    int height = gtk_widget_get_height (self->ladder);
    double ns_per_px = synack_view_state_get_ns_per_pixel (self->view_state);
    double top = synack_view_state_get_scroll_px (self->view_state);

    if (axis != NULL && height > 0 && synack_time_axis_length_px (axis, ns_per_px) > height)
      {
        options.from = synack_time_axis_from_px (axis, top, ns_per_px);
        options.to = synack_time_axis_from_px (axis, top + height, ns_per_px);
        if (options.to <= options.from)
          options.from = options.to = SYNACK_TIME_NONE;
      }
  }
  return synack_render_to_file (self->trace, path, format, &options, error);
}

static void
save_response (GtkNativeDialog *dialog,
               int              response,
               gpointer         user_data)
{
  SynackWindow *self = user_data;
  gboolean figure = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "figure"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;
      g_autoptr(GError) error = NULL;
      gboolean ok;

      if (path != NULL)
        {
          ok = figure ? synack_window_export_figure (self, path, &error)
                      : synack_window_save_trace (self, path, &error);
          if (!ok)
            show_error (self, figure ? _("Cannot Export the Figure") : _("Cannot Save the Trace"),
                        error->message);
          else
            {
              g_autofree char *base = g_path_get_basename (path);
              g_autofree char *msg = g_strdup_printf (_("Saved %s"), base);
              synack_window_toast (self, msg);
            }
        }
    }
  g_object_unref (dialog);
}

static void
figure_exported (SynackExportDialog *dialog,
                 const char         *path,
                 SynackWindow       *self)
{
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *msg = g_strdup_printf (_("Saved %s"), base);

  synack_window_toast (self, msg);
}

/* The Export dialog, with the span the ladder shows and the window's
 * numbering and text scale; the file is named after the scenario, the
 * capture or the title. */
static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SynackWindow *self = SYNACK_WINDOW (widget);
  SynackRenderOptions options;
  SynackExportDialog *dialog;
  SynackTimeAxis *axis;
  const char *stem;

  if (self->trace == NULL || synack_trace_get_n_connections (self->trace) == 0)
    return;
  synack_render_options_init (&options);
  options.conn = self->conn;
  options.seq_mode = synack_view_state_get_seq_mode (self->view_state);
  options.text_scale = synack_view_state_get_text_scale (self->view_state);
  axis = synack_view_state_get_axis (self->view_state);
  if (axis != NULL && gtk_widget_get_height (self->ladder) > 0)
    {
      int height = gtk_widget_get_height (self->ladder);
      double ns_per_px = synack_view_state_get_ns_per_pixel (self->view_state);
      double top = synack_view_state_get_scroll_px (self->view_state);

      if (synack_time_axis_length_px (axis, ns_per_px) > height)
        {
          options.from = synack_time_axis_from_px (axis, top, ns_per_px);
          options.to = synack_time_axis_from_px (axis, top + height, ns_per_px);
          if (options.to <= options.from)
            options.from = options.to = SYNACK_TIME_NONE;
        }
    }
  stem = self->script_name != NULL ? self->script_name
       : self->file_path != NULL ? self->file_path
       : synack_trace_get_title (self->trace);
  dialog = synack_export_dialog_new (GTK_WINDOW (self), self->trace, &options, stem);
  g_signal_connect_object (dialog, "exported", G_CALLBACK (figure_exported), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SynackWindow *self = SYNACK_WINDOW (widget);
  gboolean figure = g_str_equal (action_name, "win.export");
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;
  const char *title = self->trace != NULL ? synack_trace_get_title (self->trace) : NULL;
  g_autofree char *stem = g_strdup (title != NULL && title[0] != '\0' ? title : "synack");

  if (self->trace == NULL)
    return;
  g_strdelimit (stem, " /:\\\"'", '-');
  chooser = gtk_file_chooser_native_new (figure ? _("Export Figure") : _("Save Trace"),
                                         GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  name = g_strconcat (stem, figure ? ".png" : ".pcap", NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_object_set_data (G_OBJECT (chooser), "figure", GINT_TO_POINTER (figure));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (save_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
cancel_load_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SynackWindow *self = SYNACK_WINDOW (widget);

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
}

static void
scenario_chosen (SynackScenarioDialog *dialog,
                 const char           *name,
                 SynackWindow         *self)
{
  g_autoptr(GError) error = NULL;

  if (!synack_window_start_scenario (self, name, &error))
    show_error (self, _("Cannot Run Scenario"), error->message);
}

static void
library_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SynackWindow *self = SYNACK_WINDOW (widget);
  GtkWidget *dialog = synack_scenario_dialog_new (GTK_WINDOW (self));

  g_signal_connect_object (dialog, "scenario-chosen", G_CALLBACK (scenario_chosen), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- drag and drop ---- */

static gboolean
drop_file (GtkDropTarget *target,
           const GValue  *value,
           double         x,
           double         y,
           SynackWindow  *self)
{
  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *files = g_value_get_boxed (value);

      if (files != NULL)
        synack_window_open_file (self, files->data);
      return files != NULL;
    }
  if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    {
      synack_window_open_file (self, g_value_get_object (value));
      return TRUE;
    }
  return FALSE;
}

/* ---- quiz ---- */

/* Whether the cursor at position has passed an open question. */
static gboolean
quiz_gates (SynackWindow *self,
            int           position)
{
  return self->quiz && self->question != NULL && !self->quiz_revealing &&
         position >= (int) self->question->event;
}

static const char *
quiz_hint (SynackWindow *self,
           gboolean      blocked)
{
  if (blocked)
    return _("Answer first (keys 1 to 9 choose), or press R to reveal the answer.");
  return _("Choose an answer (keys 1 to 9), or press R to reveal it; the step is then shown.");
}

/* Show the step the question asked about, with its explanation, and say
 * whether the choice was right; choice G_MAXUINT reveals without answering. */
static void
quiz_answer (SynackWindow *self,
             guint         choice)
{
  g_autofree char *explanation = NULL;
  g_autofree char *text = NULL;
  const char *rfc = NULL;
  const char *answer;
  guint event;

  if (self->question == NULL)
    return;
  event = self->question->event;
  answer = g_ptr_array_index (self->question->choices, self->question->correct);
  explanation = synack_explain_event (self->trace, event, &rfc);
  if (choice == G_MAXUINT)
    /* TRANSLATORS: the quiz's answer shown without the student choosing one */
    text = g_strdup_printf (_("The answer is %s.\n%s"), answer, explanation);
  else
    {
      gboolean right = choice == self->question->correct;

      self->quiz_asked++;
      if (right)
        {
          self->quiz_right++;
          text = g_strdup_printf ("%s %s", _("Right."), explanation);
        }
      else
        text = g_strdup_printf ("%s %s%s.\n%s", _("Not quite."), _("The answer is "), answer,
                                explanation);
    }
  self->quiz_revealing = TRUE;
  synack_player_seek_event (self->player, event);
  self->quiz_revealing = FALSE;
  gtk_label_set_text (self->quiz_feedback, text);
}

static void
quiz_answered (GtkButton    *button,
               SynackWindow *self)
{
  quiz_answer (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "choice")));
}

static void
update_quiz (SynackWindow *self)
{
  GtkWidget *child;
  GtkWidget *reveal;
  g_autofree char *score = NULL;
  int position;

  if (self->trace == NULL)
    {
      g_clear_pointer (&self->question, synack_quiz_question_free);
      return;
    }
  position = synack_player_get_position (self->player);
  /* still before the answer, and not before the question: the same question */
  if (self->question != NULL && position >= self->quiz_from &&
      position < (int) self->question->event)
    return;

  g_clear_pointer (&self->question, synack_quiz_question_free);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->quiz_choices))) != NULL)
    gtk_flow_box_remove (self->quiz_choices, child);
  self->quiz_from = position;
  self->question = synack_quiz_next (self->trace, self->conn, position);
  if (self->question == NULL)
    {
      score = g_strdup_printf (_("The end. You answered %u of %u questions right."),
                               self->quiz_right, self->quiz_asked);
      gtk_label_set_text (self->quiz_question, score);
      return;
    }
  gtk_label_set_text (self->quiz_question, self->question->question);
  for (guint i = 0; i < self->question->choices->len; i++)
    {
      GtkWidget *button = gtk_button_new_with_label (g_ptr_array_index (self->question->choices, i));
      g_autofree char *tip = i < 9 ? g_strdup_printf (_("Key %u"), i + 1) : NULL;

      gtk_widget_add_css_class (button, "mono");
      gtk_widget_set_tooltip_text (button, tip);
      g_object_set_data (G_OBJECT (button), "choice", GUINT_TO_POINTER (i));
      g_signal_connect (button, "clicked", G_CALLBACK (quiz_answered), self);
      gtk_flow_box_append (self->quiz_choices, button);
    }
  reveal = gtk_button_new_with_label (_("Reveal"));
  gtk_widget_set_tooltip_text (reveal, _("Show the answer without choosing (R)"));
  gtk_widget_add_css_class (reveal, "flat");
  g_object_set_data (G_OBJECT (reveal), "choice", GUINT_TO_POINTER (G_MAXUINT));
  g_signal_connect (reveal, "clicked", G_CALLBACK (quiz_answered), self);
  gtk_flow_box_append (self->quiz_choices, reveal);
}

/* Keys 1 to 9 choose an answer, R reveals it, while a question is open. */
static gboolean
quiz_key (GtkWidget *widget,
          GVariant  *args,
          gpointer   user_data)
{
  SynackWindow *self = SYNACK_WINDOW (widget);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  guint key = GPOINTER_TO_UINT (user_data);

  if (!self->quiz || self->question == NULL)
    return FALSE;
  if (focus != NULL && (GTK_IS_EDITABLE (focus) || GTK_IS_TEXT (focus)))
    return FALSE;
  if (key == 0)
    {
      quiz_answer (self, G_MAXUINT);
      return TRUE;
    }
  if (key > self->question->choices->len)
    return FALSE;
  quiz_answer (self, key - 1);
  return TRUE;
}

static void
add_quiz_shortcuts (SynackWindow *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  for (guint i = 1; i <= 9; i++)
    {
      guint keys[] = { GDK_KEY_1 + i - 1, GDK_KEY_KP_1 + i - 1 };

      for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
        gtk_shortcut_controller_add_shortcut (
          GTK_SHORTCUT_CONTROLLER (controller),
          gtk_shortcut_new (gtk_keyval_trigger_new (keys[k], 0),
                            gtk_callback_action_new (quiz_key, GUINT_TO_POINTER (i), NULL)));
    }
  gtk_shortcut_controller_add_shortcut (
    GTK_SHORTCUT_CONTROLLER (controller),
    gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_r, 0),
                      gtk_callback_action_new (quiz_key, GUINT_TO_POINTER (0), NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

gboolean
synack_window_get_quiz (SynackWindow *self)
{
  g_return_val_if_fail (SYNACK_IS_WINDOW (self), FALSE);

  return self->quiz;
}

void
synack_window_set_quiz (SynackWindow *self,
                        gboolean      quiz)
{
  g_return_if_fail (SYNACK_IS_WINDOW (self));

  quiz = !!quiz;
  if (self->quiz == quiz)
    return;
  self->quiz = quiz;
  self->quiz_right = self->quiz_asked = 0;
  gtk_widget_set_visible (self->quiz_box, quiz);
  gtk_label_set_text (self->quiz_feedback, quiz ? quiz_hint (self, FALSE) : "");
  g_clear_pointer (&self->question, synack_quiz_question_free);
  apply_settings_to_view (self);
  if (quiz)
    {
      synack_player_set_playing (self->player, FALSE);
      update_quiz (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUIZ]);
}

/* ---- presentation ---- */

gboolean
synack_window_get_presentation (SynackWindow *self)
{
  g_return_val_if_fail (SYNACK_IS_WINDOW (self), FALSE);

  return self->presentation;
}

void
synack_window_set_presentation (SynackWindow *self,
                                gboolean      presentation)
{
  g_return_if_fail (SYNACK_IS_WINDOW (self));

  presentation = !!presentation;
  if (self->presentation == presentation)
    return;
  self->presentation = presentation;

  if (presentation)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "presentation");
      gtk_toggle_button_set_active (self->sidebar_button, FALSE);
      gtk_window_fullscreen (GTK_WINDOW (self));
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self), "presentation");
      gtk_toggle_button_set_active (self->sidebar_button, TRUE);
      gtk_window_unfullscreen (GTK_WINDOW (self));
    }
  apply_settings_to_view (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRESENTATION]);
}

static void
presentation_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SynackWindow *self = SYNACK_WINDOW (widget);

  synack_window_set_presentation (self, !self->presentation);
}

static void
leave_presentation_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  synack_window_set_presentation (SYNACK_WINDOW (widget), FALSE);
}

static void
toggle_sidebar_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SynackWindow *self = SYNACK_WINDOW (widget);

  gtk_toggle_button_set_active (self->sidebar_button,
                                !gtk_toggle_button_get_active (self->sidebar_button));
}

/* ---- keyboard ---- */

/* Playback keys work wherever the focus is, except in a text field. */
static gboolean
transport_shortcut (GtkWidget *widget,
                    GVariant  *args,
                    gpointer   user_data)
{
  SynackWindow *self = SYNACK_WINDOW (widget);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  const char *action = user_data;

  if (focus != NULL && (GTK_IS_EDITABLE (focus) || GTK_IS_TEXT (focus)))
    return FALSE;
  if (self->trace == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self->transport_bar)))
    return FALSE;
  return gtk_widget_activate_action (GTK_WIDGET (self->transport_bar), action, NULL);
}

static void
add_transport_shortcuts (SynackWindow *self)
{
  static const struct { guint key; const char *action; } keys[] = {
    { GDK_KEY_space, "transport.toggle" },
    { GDK_KEY_Right, "transport.step-forward" },
    { GDK_KEY_Left, "transport.step-back" },
    { GDK_KEY_Home, "transport.to-start" },
    { GDK_KEY_End, "transport.to-end" },
    { GDK_KEY_plus, "transport.faster" },
    { GDK_KEY_equal, "transport.faster" },
    { GDK_KEY_KP_Add, "transport.faster" },
    { GDK_KEY_minus, "transport.slower" },
    { GDK_KEY_KP_Subtract, "transport.slower" },
  };
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      GtkShortcutTrigger *trigger = gtk_keyval_trigger_new (keys[i].key, 0);
      GtkShortcutAction *action = gtk_callback_action_new (transport_shortcut,
                                                          (gpointer) keys[i].action, NULL);

      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                            gtk_shortcut_new (trigger, action));
    }
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

/* ---- GObject ---- */

static gboolean
synack_window_close_request (GtkWindow *window)
{
  SynackWindow *self = SYNACK_WINDOW (window);

  if (self->settings != NULL && !self->presentation)
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
      g_settings_set_boolean (self->settings, "window-maximized",
                              gtk_window_is_maximized (window));
    }
  stop_sources (self);
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  if (self->player != NULL)
    synack_player_set_playing (self->player, FALSE);
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
      g_value_set_boolean (value, self->presentation);
      break;
    case PROP_QUIZ:
      g_value_set_boolean (value, self->quiz);
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

  if (self->live != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->live, self);
      synack_pcap_source_stop (self->live);
    }
  g_clear_object (&self->live);
  g_clear_object (&self->services);
  if (self->tun != NULL)
    synack_tun_close (self->tun);
  g_clear_object (&self->tun);
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  if (self->player != NULL)
    g_signal_handlers_disconnect_by_data (self->player, self);
  if (self->view_state != NULL)
    g_signal_handlers_disconnect_by_data (self->view_state, self);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_signal_handlers_disconnect_by_data (adw_style_manager_get_default (), self);
  /* The frame unparents the popover. */
  self->what_if_popover = NULL;
  self->compare_box = NULL;
  self->compare_ladder = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), SYNACK_TYPE_WINDOW);
  g_clear_object (&self->compare_trace);
  g_clear_object (&self->compare_state);
  g_clear_object (&self->compare_player);
  g_clear_object (&self->trace);
  g_clear_object (&self->player);
  g_clear_object (&self->view_state);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->question, synack_quiz_question_free);

  G_OBJECT_CLASS (synack_window_parent_class)->dispose (object);
}

static void
synack_window_finalize (GObject *object)
{
  SynackWindow *self = SYNACK_WINDOW (object);

  g_free (self->script);
  g_free (self->script_name);
  g_free (self->lesson);
  g_free (self->file_path);

  G_OBJECT_CLASS (synack_window_parent_class)->finalize (object);
}

static void
synack_window_class_init (SynackWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  synack_ui_ensure_resources ();
  g_type_ensure (SYNACK_TYPE_DETAILS_PANEL);
  g_type_ensure (SYNACK_TYPE_CONNECTION_LIST);
  g_type_ensure (SYNACK_TYPE_SEQSPACE_VIEW);
  g_type_ensure (SYNACK_TYPE_STATE_DIAGRAM);
  g_type_ensure (SYNACK_TYPE_TRANSPORT_BAR);

  object_class->dispose = synack_window_dispose;
  object_class->finalize = synack_window_finalize;
  object_class->get_property = synack_window_get_property;
  object_class->set_property = synack_window_set_property;
  window_class->close_request = synack_window_close_request;

  properties[PROP_PRESENTATION] =
    g_param_spec_boolean ("presentation", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_QUIZ] =
    g_param_spec_boolean ("quiz", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/synack/Synack/synack-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SynackWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SynackWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, SynackWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, SynackWindow, source_button);
  gtk_widget_class_bind_template_child (widget_class, SynackWindow, stop_button);
  gtk_widget_class_bind_template_child (widget_class, SynackWindow, sidebar_button);
  gtk_widget_class_bind_template_child (widget_class, SynackWindow, loading_label);
  gtk_widget_class_bind_template_child (widget_class, SynackWindow, loading_progress);
  gtk_widget_class_bind_template_child (widget_class, SynackWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, SynackWindow, centre_box);
  gtk_widget_class_bind_template_child (widget_class, SynackWindow, explanation_box);
  gtk_widget_class_bind_template_child (widget_class, SynackWindow, explanation_label);
  gtk_widget_class_bind_template_child (widget_class, SynackWindow, rfc_label);
  gtk_widget_class_bind_template_child (widget_class, SynackWindow, actions_box);
  gtk_widget_class_bind_template_child (widget_class, SynackWindow, quiz_box);
  gtk_widget_class_bind_template_child (widget_class, SynackWindow, quiz_question);
  gtk_widget_class_bind_template_child (widget_class, SynackWindow, quiz_choices);
  gtk_widget_class_bind_template_child (widget_class, SynackWindow, quiz_feedback);
  gtk_widget_class_bind_template_child (widget_class, SynackWindow, side_stack);
  gtk_widget_class_bind_template_child (widget_class, SynackWindow, details_panel);
  gtk_widget_class_bind_template_child (widget_class, SynackWindow, connection_list);
  gtk_widget_class_bind_template_child (widget_class, SynackWindow, seqspace_view);
  gtk_widget_class_bind_template_child (widget_class, SynackWindow, state_diagram);
  gtk_widget_class_bind_template_child (widget_class, SynackWindow, transport_bar);
  gtk_widget_class_bind_template_child (widget_class, SynackWindow, recent_section);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.library", NULL, library_action);
  gtk_widget_class_install_action (widget_class, "win.live-capture", NULL, live_capture_action);
  gtk_widget_class_install_action (widget_class, "win.stop-capture", NULL, stop_capture_action);
  gtk_widget_class_install_action (widget_class, "win.tun", NULL, tun_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-load", NULL, cancel_load_action);
  gtk_widget_class_install_action (widget_class, "win.act", "s", act_action);
  gtk_widget_class_install_action (widget_class, "win.what-if", "s", what_if_action);
  gtk_widget_class_install_action (widget_class, "win.what-if-menu", NULL, what_if_menu_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK,
                                       "win.what-if-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "win.what-if-menu", NULL);
  gtk_widget_class_install_property_action (widget_class, "win.presentation", "presentation");
  gtk_widget_class_install_property_action (widget_class, "win.quiz", "quiz");
  gtk_widget_class_install_action (widget_class, "win.leave-presentation", NULL,
                                   leave_presentation_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-presentation", NULL,
                                   presentation_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-sidebar", NULL,
                                   toggle_sidebar_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.toggle-presentation", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F11, 0, "win.toggle-presentation", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0,
                                       "win.leave-presentation", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.toggle-sidebar", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "win.library", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, GDK_CONTROL_MASK, "win.quiz", NULL);
}

static void
synack_window_init (SynackWindow *self)
{
  GtkWidget *ladder_scroll, *timeline_scroll;
  GtkDropTarget *drop;
  GtkGesture *click;
  AdwStyleManager *style = adw_style_manager_get_default ();

  self->empty = TRUE;
  self->what_if_index = -1;
  self->seed = 1;
  gtk_widget_init_template (GTK_WIDGET (self));

  self->player = synack_player_new (NULL);
  self->view_state = synack_view_state_new ();

  /* The ladder and, beside it on the same time axis, the state timeline. */
  self->ladder = synack_ladder_view_new ();
  synack_ladder_view_set_view_state (SYNACK_LADDER_VIEW (self->ladder), self->view_state);
  synack_ladder_view_set_player (SYNACK_LADDER_VIEW (self->ladder), self->player);
  gtk_widget_set_focusable (self->ladder, TRUE);
  ladder_scroll = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (ladder_scroll), self->ladder);
  gtk_widget_set_hexpand (ladder_scroll, TRUE);
  gtk_widget_set_vexpand (ladder_scroll, TRUE);

  self->timeline = synack_timeline_view_new ();
  synack_timeline_view_set_view_state (SYNACK_TIMELINE_VIEW (self->timeline), self->view_state);
  synack_timeline_view_set_player (SYNACK_TIMELINE_VIEW (self->timeline), self->player);
  timeline_scroll = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (timeline_scroll), GTK_POLICY_NEVER,
                                  GTK_POLICY_EXTERNAL);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (timeline_scroll), self->timeline);
  gtk_widget_set_size_request (timeline_scroll, 220, -1);
  gtk_widget_set_vexpand (timeline_scroll, TRUE);

  self->ladder_frame = synack_ladder_frame_new (ladder_scroll);
  gtk_widget_set_hexpand (self->ladder_frame, TRUE);
  self->ladders_box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0));
  gtk_box_set_homogeneous (self->ladders_box, TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->ladders_box), TRUE);
  gtk_box_append (self->ladders_box, self->ladder_frame);
  gtk_box_append (self->centre_box, GTK_WIDGET (self->ladders_box));
  gtk_box_append (self->centre_box, gtk_separator_new (GTK_ORIENTATION_VERTICAL));
  gtk_box_append (self->centre_box, timeline_scroll);

  synack_transport_bar_set_player (self->transport_bar, self->player);
  g_signal_connect_object (self->player, "notify::position", G_CALLBACK (update_cursor), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->player, "notify::time", G_CALLBACK (follow_main_cursor), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view_state, "notify::start-time", G_CALLBACK (follow_main_view),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view_state, "notify::ns-per-pixel", G_CALLBACK (follow_main_view),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->player, "notify::speed", G_CALLBACK (player_settings_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->player, "notify::skip-idle", G_CALLBACK (player_settings_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view_state, "notify::selected", G_CALLBACK (selection_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->side_stack, "notify::visible-child",
                           G_CALLBACK (side_panel_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->flap, "notify::reveal-flap",
                           G_CALLBACK (side_panel_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->connection_list, "connection-activated",
                           G_CALLBACK (connection_activated), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (style, "notify::dark", G_CALLBACK (apply_settings_to_view), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (style, "notify::high-contrast", G_CALLBACK (apply_settings_to_view),
                           self, G_CONNECT_SWAPPED);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect (click, "pressed", G_CALLBACK (ladder_pressed), self);
  gtk_widget_add_controller (self->ladder, GTK_EVENT_CONTROLLER (click));

  drop = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (drop, (GType[2]) { GDK_TYPE_FILE_LIST, G_TYPE_FILE }, 2);
  g_signal_connect (drop, "drop", G_CALLBACK (drop_file), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  build_actions_box (self);
  add_transport_shortcuts (self);
  add_quiz_shortcuts (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", FALSE);
}

SynackWindow *
synack_window_new (SynackApplication *application)
{
  SynackWindow *self;
  GSettings *settings;

  g_return_val_if_fail (SYNACK_IS_APPLICATION (application), NULL);

  self = g_object_new (SYNACK_TYPE_WINDOW, "application", application, NULL);
  settings = synack_application_get_settings (application);
  if (settings != NULL)
    {
      self->settings = g_object_ref (settings);
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (settings, "window-width"),
                                   g_settings_get_int (settings, "window-height"));
      if (g_settings_get_boolean (settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
      synack_player_set_speed (self->player, CLAMP (g_settings_get_double (settings, "speed"),
                                                    SYNACK_PLAYER_MIN_SPEED,
                                                    SYNACK_PLAYER_MAX_SPEED));
      synack_player_set_skip_idle (self->player, g_settings_get_boolean (settings, "skip-idle"));
      g_signal_connect_object (settings, "changed", G_CALLBACK (settings_changed), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (settings, "changed::recent-files", G_CALLBACK (rebuild_recent_menu),
                               self, G_CONNECT_SWAPPED);
    }
  rebuild_recent_menu (self);
  apply_settings_to_view (self);
  return self;
}

/* ---- for tests ---- */

SynackPlayer *
synack_window_get_player (SynackWindow *self)
{
  g_return_val_if_fail (SYNACK_IS_WINDOW (self), NULL);
  return self->player;
}

SynackTrace *
synack_window_get_trace (SynackWindow *self)
{
  g_return_val_if_fail (SYNACK_IS_WINDOW (self), NULL);
  return self->trace;
}

SynackTrace *
synack_window_get_compare_trace (SynackWindow *self)
{
  g_return_val_if_fail (SYNACK_IS_WINDOW (self), NULL);
  return self->compare_trace;
}

SynackViewState *
synack_window_get_view_state (SynackWindow *self)
{
  g_return_val_if_fail (SYNACK_IS_WINDOW (self), NULL);
  return self->view_state;
}

GtkWidget *
synack_window_get_part (SynackWindow *self,
                        const char   *name)
{
  g_return_val_if_fail (SYNACK_IS_WINDOW (self), NULL);

  if (g_str_equal (name, "ladder"))
    return self->ladder;
  if (g_str_equal (name, "timeline"))
    return self->timeline;
  if (g_str_equal (name, "what-if-menu"))
    return self->what_if_popover;
  if (g_str_equal (name, "compare-ladder"))
    return self->compare_ladder;
  if (g_str_equal (name, "details"))
    return GTK_WIDGET (self->details_panel);
  if (g_str_equal (name, "diagram"))
    return GTK_WIDGET (self->state_diagram);
  if (g_str_equal (name, "connections"))
    return GTK_WIDGET (self->connection_list);
  if (g_str_equal (name, "seqspace"))
    return GTK_WIDGET (self->seqspace_view);
  if (g_str_equal (name, "transport"))
    return GTK_WIDGET (self->transport_bar);
  if (g_str_equal (name, "explanation"))
    return GTK_WIDGET (self->explanation_label);
  if (g_str_equal (name, "rfc"))
    return GTK_WIDGET (self->rfc_label);
  if (g_str_equal (name, "quiz-question"))
    return GTK_WIDGET (self->quiz_question);
  if (g_str_equal (name, "quiz-choices"))
    return GTK_WIDGET (self->quiz_choices);
  if (g_str_equal (name, "quiz-feedback"))
    return GTK_WIDGET (self->quiz_feedback);
  if (g_str_equal (name, "stack"))
    return GTK_WIDGET (self->main_stack);
  if (g_str_equal (name, "side-stack"))
    return GTK_WIDGET (self->side_stack);
  return NULL;
}

void
synack_window_set_what_if_segment (SynackWindow *self,
                                   int           index)
{
  g_return_if_fail (SYNACK_IS_WINDOW (self));
  self->what_if_index = index;
}
