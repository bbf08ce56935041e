/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The main window under a virtual display: a scenario from the library,
 * stepping with the keys, the details panel, the state diagram, a capture
 * file, a what-if re-run, acting at the cursor, the quiz, presentation
 * mode, saving and exporting. Screenshots of each view go to the build
 * directory and their paths to the test log. */
#define _GNU_SOURCE 1  /* unshare () */
#include "config.h"

#include <adwaita.h>
#include <sched.h>
#include <gtk/gtk.h>
#include <glib/gstdio.h>
#include <string.h>

#include "synack-application.h"
#include "synack-connection-list.h"
#include "synack-details-panel.h"
#include "synack-document.h"
#include "synack-ladder-frame.h"
#include "synack-ladder-view.h"
#include "synack-error.h"
#include "synack-player.h"
#include "synack-quiz.h"
#include "synack-scenario.h"
#include "synack-scenario-dialog.h"
#include "synack-seqspace-view.h"
#include "synack-state-diagram.h"
#include "synack-transport-bar.h"
#include "synack-time-axis.h"
#include "synack-tun.h"
#include "synack-test-utils-gtk.h"
#include "synack-window.h"


static SynackPlayer *
window_player (SynackWindow *window)
{
  return synack_session_get_player (synack_window_get_session (window));
}

static SynackTrace *
window_trace (SynackWindow *window)
{
  return synack_session_get_trace (synack_window_get_session (window));
}

static SynackViewState *
window_view_state (SynackWindow *window)
{
  return synack_session_get_view_state (synack_window_get_session (window));
}

static SynackTrace *
window_compare_trace (SynackWindow *window)
{
  SynackSession *compare = synack_session_get_compare (synack_window_get_session (window));

  return compare != NULL ? synack_session_get_trace (compare) : NULL;
}

typedef struct
{
  SynackWindow *window;
  SynackPlayer *player;
  SynackTrace  *trace;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  if (!synack_test_gtk_have_display ())
    return;
  fixture->window = synack_window_new (synack_test_gtk_get_application ());
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1400, 900);
  gtk_window_present (GTK_WINDOW (fixture->window));
  synack_test_gtk_start_scenario (fixture->window, "handshake-and-close");
  fixture->player = window_player (fixture->window);
  fixture->trace = window_trace (fixture->window);
  g_assert_true (synack_test_gtk_wait_for (synack_test_gtk_is_drawn,
                                           synack_window_get_part (fixture->window, "ladder")));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->window == NULL)
    return;
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  synack_test_gtk_settle ();
}

static const char *
label_text (SynackWindow *window,
            const char   *part)
{
  return gtk_label_get_text (GTK_LABEL (synack_window_get_part (window, part)));
}

static void
test_step_through (Fixture       *fixture,
                   gconstpointer  data)
{
  GtkWidget *window;
  SynackDetailsPanel *details;
  SynackStateDiagram *diagram;
  SynackViewState *view_state;
  int syn, synack, position;

  SYNACK_TEST_NEED_DISPLAY ();
  window = GTK_WIDGET (fixture->window);
  details = SYNACK_DETAILS_PANEL (synack_window_get_part (fixture->window, "details"));
  diagram = SYNACK_STATE_DIAGRAM (synack_window_get_part (fixture->window, "diagram"));
  view_state = window_view_state (fixture->window);

  g_assert_cmpint (synack_player_get_position (fixture->player), ==, -1);
  g_assert_cmpint (synack_view_state_get_selected (view_state), ==, -1);
  /* The first screen says what the scenario is about, and how to go on. */
  {
    g_autoptr(SynackScenario) scenario = synack_scenario_load_builtin ("handshake-and-close", NULL);
    const char *text = label_text (fixture->window, "explanation");

    g_assert_true (g_str_has_prefix (text, synack_scenario_get_description (scenario)));
    g_assert_nonnull (strstr (text, "Press Space"));
    /* Tab does not stop on it (it showed all its text selected) */
    g_assert_false (gtk_widget_get_focusable (synack_window_get_part (fixture->window, "explanation")));
  }
  synack_test_gtk_screenshot (window, "window-start");

  syn = synack_test_find_segment (fixture->trace, SYNACK_FLAG_SYN, 0);
  synack = synack_test_find_segment (fixture->trace, SYNACK_FLAG_SYN | SYNACK_FLAG_ACK, 0);
  g_assert_cmpint (syn, >=, 0);
  g_assert_cmpint (synack, >, syn);

  /* Right steps forward, one event at a time, up to the SYN. */
  do
    {
      position = synack_player_get_position (fixture->player);
      g_assert_true (synack_test_gtk_press (window, GDK_KEY_Right, 0));
      g_assert_cmpint (synack_player_get_position (fixture->player), >, position);
      /* Stepping passes over the engine's bookkeeping snapshots. */
      g_assert_cmpint (synack_trace_get_event_kind (fixture->trace,
                         synack_player_get_position (fixture->player)), !=, SYNACK_EVENT_VARS);
    }
  while (synack_player_get_position (fixture->player) < syn);
  g_assert_cmpint (synack_player_get_position (fixture->player), ==, syn);

  /* The ladder selects the segment, the details show it, the diagram marks
   * the client in SYN-SENT (the server still in LISTEN). */
  g_assert_cmpint (synack_view_state_get_selected (view_state), ==, syn);
  g_assert_cmpint (synack_details_panel_get_event (details), ==, syn);
  g_assert_cmpstr (synack_details_panel_get_field (details, "flags"), ==, "SYN");
  g_assert_true (g_str_has_prefix (synack_details_panel_get_field (details, "seq"), "0 relative"));
  g_assert_nonnull (strstr (synack_details_panel_get_field (details, "options"), "MSS"));
  g_assert_cmpint (synack_state_diagram_get_state (diagram, 0), ==, SYNACK_TCP_SYN_SENT);
  g_assert_true (synack_state_diagram_edge_is_lit (diagram, SYNACK_TCP_CLOSED, SYNACK_TCP_SYN_SENT));
  g_assert_nonnull (strstr (label_text (fixture->window, "explanation"), "SYN"));
  /* The SYN arrives at the listening server, which moves to SYN-RECEIVED. */
  g_assert_nonnull (strstr (synack_details_panel_get_field (details, "caused"), "LISTEN → SYN-RECEIVED"));
  g_assert_nonnull (strstr (label_text (fixture->window, "explanation"),
                            "The server is in LISTEN; the SYN arrives; it answers SYN-ACK and "
                            "moves to SYN-RECEIVED"));
  g_assert_cmpstr (label_text (fixture->window, "rfc"), ==, "RFC 9293 §3.10.7.2");

  /* On to the SYN-ACK. */
  while (synack_player_get_position (fixture->player) < synack)
    g_assert_true (synack_test_gtk_press (window, GDK_KEY_Right, 0));
  g_assert_cmpint (synack_view_state_get_selected (view_state), ==, synack);
  g_assert_cmpstr (synack_details_panel_get_field (details, "flags"), ==, "SYN, ACK");
  g_assert_true (g_str_has_prefix (synack_details_panel_get_field (details, "ack"), "1 relative"));
  g_assert_cmpint (synack_state_diagram_get_state (diagram, 1), ==, SYNACK_TCP_SYN_RECEIVED);
  synack_test_gtk_screenshot (window, "window-syn-ack");

  /* Left goes back, Home to the start, End to the end. */
  g_assert_true (synack_test_gtk_press (window, GDK_KEY_Left, 0));
  g_assert_cmpint (synack_player_get_position (fixture->player), <, synack);
  g_assert_true (synack_test_gtk_press (window, GDK_KEY_End, 0));
  g_assert_true (synack_player_get_at_end (fixture->player));
  g_assert_cmpint (synack_state_diagram_get_state (diagram, 0), ==, SYNACK_TCP_CLOSED);
  g_assert_cmpint (synack_state_diagram_get_state (diagram, 1), ==, SYNACK_TCP_CLOSED);
  g_assert_true (synack_state_diagram_edge_is_lit (diagram, SYNACK_TCP_TIME_WAIT, SYNACK_TCP_CLOSED));
  g_assert_true (synack_test_gtk_press (window, GDK_KEY_Home, 0));
  g_assert_true (synack_player_get_at_start (fixture->player));
  g_assert_cmpint (synack_state_diagram_get_state (diagram, 0), ==, SYNACK_TCP_CLOSED);

  /* The numbers once the client's first data is in flight. */
  {
    int first_data = synack_test_find_segment (fixture->trace, SYNACK_FLAG_PSH | SYNACK_FLAG_ACK, 0);
    GtkStack *side = GTK_STACK (synack_window_get_part (fixture->window, "side-stack"));
    const SynackSeqVars *vars;

    gtk_stack_set_visible_child_name (side, "numbers");
    synack_player_seek_event (fixture->player, first_data);
    vars = synack_seqspace_view_get_vars (SYNACK_SEQSPACE_VIEW (
      synack_window_get_part (fixture->window, "seqspace")), 0);
    g_assert_true (vars->valid);
    g_assert_cmpuint (vars->snd_nxt - vars->snd_una, ==, 100);
    synack_test_gtk_screenshot (window, "window-numbers");
    gtk_stack_set_visible_child_name (side, "connections");
    synack_test_gtk_screenshot (window, "window-connections");
    gtk_stack_set_visible_child_name (side, "details");
    g_assert_true (synack_test_gtk_press (window, GDK_KEY_Home, 0));
  }

  /* Space plays, plus and minus change the speed. */
  g_assert_true (synack_test_gtk_press (window, GDK_KEY_space, 0));
  g_assert_true (synack_player_get_playing (fixture->player));
  g_assert_true (synack_test_gtk_press (window, GDK_KEY_space, 0));
  g_assert_false (synack_player_get_playing (fixture->player));
  synack_player_set_speed (fixture->player, 1.0);
  g_assert_true (synack_test_gtk_press (window, GDK_KEY_plus, 0));
  g_assert_cmpfloat (synack_player_get_speed (fixture->player), ==, 2.0);
  g_assert_true (synack_test_gtk_press (window, GDK_KEY_minus, 0));
  g_assert_true (synack_test_gtk_press (window, GDK_KEY_minus, 0));
  g_assert_cmpfloat (synack_player_get_speed (fixture->player), ==, 0.5);

  /* The transport bar says where the cursor is. */
  g_assert_true (synack_test_gtk_press (window, GDK_KEY_Right, 0));
  g_assert_true (g_str_has_prefix (synack_transport_bar_get_position_text (
    SYNACK_TRANSPORT_BAR (synack_window_get_part (fixture->window, "transport"))), "Event 1 of"));
}

static void
test_library (Fixture       *fixture,
              gconstpointer  data)
{
  GtkWidget *dialog;
  g_auto(GStrv) visible = NULL;
  g_auto(GStrv) all = NULL;

  SYNACK_TEST_NEED_DISPLAY ();

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.library", NULL));
  dialog = NULL;
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (synack_test_gtk_get_application ())); l; l = l->next)
    if (SYNACK_IS_SCENARIO_DIALOG (l->data))
      dialog = l->data;
  if (dialog == NULL)
    {
      /* Not added to the application: find it among the toplevels. */
      GListModel *tops = gtk_window_get_toplevels ();
      for (guint i = 0; i < g_list_model_get_n_items (tops); i++)
        {
          g_autoptr(GObject) w = g_list_model_get_item (tops, i);
          if (SYNACK_IS_SCENARIO_DIALOG (w))
            dialog = GTK_WIDGET (w);
        }
    }
  g_assert_nonnull (dialog);
  synack_test_gtk_screenshot (dialog, "scenario-library");

  all = synack_scenario_dialog_get_visible (SYNACK_SCENARIO_DIALOG (dialog));
  g_assert_cmpuint (g_strv_length (all), >=, 10);
  synack_scenario_dialog_set_search (SYNACK_SCENARIO_DIALOG (dialog), "refused");
  visible = synack_scenario_dialog_get_visible (SYNACK_SCENARIO_DIALOG (dialog));
  g_assert_true (g_strv_contains ((const char * const *) visible, "connection-refused"));
  g_assert_false (g_strv_contains ((const char * const *) visible, "handshake-and-close"));

  /* Escape in the search field clears it first, then closes the library */
  {
    GtkWidget *search = gtk_window_get_focus (GTK_WINDOW (dialog));
    GtkWidget *w;

    for (w = search; w != NULL && !GTK_IS_SEARCH_ENTRY (w); w = gtk_widget_get_parent (w))
      ;
    g_assert_nonnull (w);
    g_signal_emit_by_name (w, "stop-search");
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (w)), ==, "");
    g_assert_true (gtk_widget_get_visible (dialog));
    synack_scenario_dialog_set_search (SYNACK_SCENARIO_DIALOG (dialog), "refused");
  }

  synack_scenario_dialog_choose (SYNACK_SCENARIO_DIALOG (dialog), "connection-refused");
  /* it runs in a worker thread, as every input */
  g_assert_true (synack_window_is_loading (fixture->window));
  synack_test_gtk_wait_loaded (fixture->window);
  fixture->trace = window_trace (fixture->window);
  g_assert_nonnull (fixture->trace);
  /* The refused connect: a SYN answered by RST, ACK. */
  g_assert_cmpint (synack_test_find_segment (fixture->trace, SYNACK_FLAG_RST | SYNACK_FLAG_ACK, 0), >, 0);

  /* A library opened again closes with Escape on its empty search field. */
  {
    GtkWidget *again = synack_scenario_dialog_new (GTK_WINDOW (fixture->window));
    GtkWidget *w;

    gtk_window_present (GTK_WINDOW (again));
    g_object_add_weak_pointer (G_OBJECT (again), (gpointer *) &again);
    for (w = gtk_window_get_focus (GTK_WINDOW (again)); w != NULL && !GTK_IS_SEARCH_ENTRY (w);
         w = gtk_widget_get_parent (w))
      ;
    g_assert_nonnull (w);
    g_signal_emit_by_name (w, "stop-search");
    synack_test_gtk_settle ();
    g_assert_true (again == NULL || !gtk_widget_get_visible (again));
    if (again != NULL)
      gtk_window_destroy (GTK_WINDOW (again));
  }
}

static gboolean
trace_is_file (gpointer data)
{
  SynackTrace *trace = window_trace (data);

  return trace != NULL && synack_trace_get_source (trace) == SYNACK_TRACE_SOURCE_FILE;
}

static void
test_open_capture (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  SynackTrace *trace;
  SynackDetailsPanel *details;
  GtkStack *stack;

  SYNACK_TEST_NEED_DISPLAY ();

  path = g_test_build_filename (G_TEST_DIST, "data", "capture", "close-client.pcap", NULL);
  file = g_file_new_for_path (path);
  synack_window_open_file (fixture->window, file);
  g_assert_true (synack_test_gtk_wait_for (trace_is_file, fixture->window));
  trace = window_trace (fixture->window);
  g_assert_cmpuint (synack_trace_get_n_segments (trace), >, 0);
  g_assert_cmpuint (synack_trace_get_n_connections (trace), >=, 1);
  stack = GTK_STACK (synack_window_get_part (fixture->window, "stack"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "trace");
  g_assert_cmpstr (synack_trace_get_title (trace), ==, "close-client.pcap");
  /* A connection of a quarter of a second is spread over the ladder's
   * height, not squeezed into its top at 1 ms a pixel. */
  {
    SynackViewState *view_state = window_view_state (fixture->window);
    GtkWidget *ladder = synack_window_get_part (fixture->window, "ladder");
    double ns_per_px = synack_view_state_get_ns_per_pixel (view_state);
    double length = synack_time_axis_length_px (synack_view_state_get_axis (view_state), ns_per_px);

    g_assert_cmpfloat (ns_per_px, <, 1e6);
    g_assert_cmpfloat (length, <=, gtk_widget_get_height (ladder));
    g_assert_cmpfloat (length, >, gtk_widget_get_height (ladder) / 2.0);
  }

  /* One row a connection, with its Zeek summary; choosing one shows it. */
  {
    SynackConnectionList *list = SYNACK_CONNECTION_LIST (synack_window_get_part (fixture->window,
                                                                                 "connections"));
    g_autofree char *text = NULL;
    const SynackConnection *c = synack_trace_get_connection (trace, 0);

    g_assert_cmpuint (synack_connection_list_get_n_rows (list), ==,
                      synack_trace_get_n_connections (trace));
    text = synack_connection_list_get_row_text (list, 0);
    g_assert_true (g_str_has_prefix (text, "1. "));
    g_assert_nonnull (strstr (text, c->summary));
    synack_connection_list_activate (list, 0);
    g_assert_cmpuint (synack_view_state_get_connection (window_view_state (fixture->window)),
                      ==, 0);
    g_assert_cmpint (synack_player_get_connection (window_player (fixture->window)), ==, 0);
  }

  /* Ctrl+F: the Connections page, the keyboard in its filter */
  {
    GtkStack *side = GTK_STACK (synack_window_get_part (fixture->window, "side-stack"));
    GtkWidget *list = synack_window_get_part (fixture->window, "connections");
    GtkWidget *focus;

    gtk_stack_set_visible_child_name (side, "details");
    g_assert_true (synack_test_gtk_press (GTK_WIDGET (fixture->window), GDK_KEY_f,
                                          GDK_CONTROL_MASK));
    g_assert_cmpstr (gtk_stack_get_visible_child_name (side), ==, "connections");
    focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
    g_assert_nonnull (focus);
    g_assert_true (gtk_widget_is_ancestor (focus, list));
    g_assert_true (GTK_IS_EDITABLE (focus));
    gtk_stack_set_visible_child_name (side, "details");
  }

  /* Stepping works on captures too, with states inferred: first the
   * client's move to SYN-SENT, which its SYN shows, then the SYN it sends
   * from there. */
  synack_player_step_forward (window_player (fixture->window));
  details = SYNACK_DETAILS_PANEL (synack_window_get_part (fixture->window, "details"));
  g_assert_cmpstr (synack_details_panel_get_field (details, "to_state"), ==, "SYN-SENT");
  synack_player_step_forward (window_player (fixture->window));
  g_assert_cmpstr (synack_details_panel_get_field (details, "flags"), ==, "SYN");
  g_assert_cmpstr (synack_details_panel_get_field (details, "fate"), ==, "captured");
  g_assert_cmpstr (label_text (fixture->window, "explanation"), !=, "");
  synack_test_gtk_screenshot (GTK_WIDGET (fixture->window), "window-capture");

  /* Cancel, while a file loads, leaves the window showing what it showed. */
  {
    g_autofree char *other = g_test_build_filename (G_TEST_DIST, "data", "capture",
                                                    "refused.pcap", NULL);
    g_autoptr(GFile) other_file = g_file_new_for_path (other);
    SynackTrace *before = window_trace (fixture->window);

    synack_window_open_file (fixture->window, other_file);
    g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "loading");
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.cancel-load",
                                               NULL));
    while (g_strcmp0 (gtk_stack_get_visible_child_name (stack), "loading") == 0)
      g_main_context_iteration (NULL, TRUE);
    g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "trace");
    g_assert_true (window_trace (fixture->window) == before);
  }

  /* A second file opened while the first loads wins; the first is dropped. */
  {
    g_autofree char *first = g_test_build_filename (G_TEST_DIST, "data", "capture",
                                                    "refused.pcap", NULL);
    g_autofree char *second = g_test_build_filename (G_TEST_DIST, "data", "capture",
                                                     "half-close.pcap", NULL);
    g_autoptr(GFile) first_file = g_file_new_for_path (first);
    g_autoptr(GFile) second_file = g_file_new_for_path (second);

    synack_window_open_file (fixture->window, first_file);
    synack_window_open_file (fixture->window, second_file);
    while (g_strcmp0 (gtk_stack_get_visible_child_name (stack), "loading") == 0)
      g_main_context_iteration (NULL, TRUE);
    synack_test_gtk_settle ();
    trace = window_trace (fixture->window);
    g_assert_cmpstr (synack_trace_get_title (trace), ==, "half-close.pcap");
  }

  /* A capture without TCP (a pcap header, no packets) says so. */
  {
    static const guint8 header[24] = { 0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0,
                                       0, 0, 0, 0, 0xff, 0xff, 0, 0, 101, 0, 0, 0 };
    g_autofree char *dir = g_dir_make_tmp ("synack-window-XXXXXX", NULL);
    g_autofree char *empty = g_build_filename (dir, "empty.pcap", NULL);
    g_autoptr(GFile) empty_file = g_file_new_for_path (empty);

    g_assert_true (g_file_set_contents (empty, (const char *) header, sizeof header, NULL));
    synack_window_open_file (fixture->window, empty_file);
    while (g_strcmp0 (gtk_stack_get_visible_child_name (stack), "loading") == 0)
      g_main_context_iteration (NULL, TRUE);
    trace = window_trace (fixture->window);
    g_assert_cmpstr (synack_trace_get_title (trace), ==, "empty.pcap");
    g_assert_cmpuint (synack_trace_get_n_connections (trace), ==, 0);
    g_assert_cmpstr (label_text (fixture->window, "explanation"), ==,
                     "There is no TCP connection in this trace.");
    g_unlink (empty);
    g_rmdir (dir);
  }

  /* A file that is not a capture leaves the window as it was, with a dialog. */
  {
    g_autofree char *bad = g_test_build_filename (G_TEST_DIST, "data", "capture",
                                                  "not-a-capture.pcap", NULL);
    g_autoptr(GFile) bad_file = g_file_new_for_path (bad);

    synack_window_open_file (fixture->window, bad_file);
    while (g_strcmp0 (gtk_stack_get_visible_child_name (stack), "loading") == 0)
      g_main_context_iteration (NULL, TRUE);
    g_assert_true (window_trace (fixture->window) == trace);
    g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "trace");
  }
}

static void
test_what_if (Fixture       *fixture,
              gconstpointer  data)
{
  SynackTrace *compare;
  int syn;
  SynackEvent ev;

  SYNACK_TEST_NEED_DISPLAY ();

  syn = synack_test_find_segment (fixture->trace, SYNACK_FLAG_SYN, 0);
  g_assert_null (window_compare_trace (fixture->window));
  /* zoomed in on the original first */
  synack_view_state_set_ns_per_pixel (window_view_state (fixture->window), 3e5);

  /* From the keyboard: Shift+F10 opens the selected segment's menu, with
   * the segment's tooltip out of the way. */
  synack_view_state_set_selected (window_view_state (fixture->window), syn);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.what-if-menu",
                                             NULL));
  g_assert_nonnull (synack_window_get_part (fixture->window, "what-if-menu"));
  g_assert_true (gtk_widget_get_visible (synack_window_get_part (fixture->window, "what-if-menu")));
  g_assert_false (gtk_widget_get_has_tooltip (synack_window_get_part (fixture->window, "ladder")));
  gtk_popover_popdown (GTK_POPOVER (synack_window_get_part (fixture->window, "what-if-menu")));
  g_assert_true (gtk_widget_get_has_tooltip (synack_window_get_part (fixture->window, "ladder")));
  synack_ladder_frame_set_what_if_segment (
    SYNACK_LADDER_FRAME (synack_window_get_part (fixture->window, "ladder-frame")), syn);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.what-if", "s",
                                             "lose"));
  compare = window_compare_trace (fixture->window);
  g_assert_nonnull (compare);
  /* at the original's zoom */
  {
    GtkWidget *compare_ladder = synack_window_get_part (fixture->window, "compare-ladder");
    SynackViewState *compare_state = synack_time_view_get_view_state (SYNACK_TIME_VIEW (compare_ladder));

    g_assert_cmpfloat (synack_view_state_get_ns_per_pixel (compare_state), ==, 3e5);
    /* and it follows the original's scrolling and zoom, the one cursor
     * level in both (the runs' axes differ: not the same first time) */
    double before = synack_view_state_get_scroll_px (compare_state);

    synack_player_seek_event (fixture->player, syn);
    synack_view_state_set_start_time (window_view_state (fixture->window),
                                      200 * G_GINT64_CONSTANT (1000000));
    g_assert_cmpfloat (synack_view_state_get_scroll_px (compare_state), !=, before);
    g_assert_cmpfloat_with_epsilon (
      synack_time_view_get_cursor_y (SYNACK_TIME_VIEW (compare_ladder)),
      synack_time_view_get_cursor_y (SYNACK_TIME_VIEW (synack_window_get_part (fixture->window,
                                                                               "ladder"))), 0.5);
    synack_view_state_set_ns_per_pixel (window_view_state (fixture->window), 5e5);
    g_assert_cmpfloat (synack_view_state_get_ns_per_pixel (compare_state), ==, 5e5);
  }
  /* the side panels make way for the two ladders */
  g_assert_false (adw_flap_get_reveal_flap (ADW_FLAP (gtk_widget_get_ancestor (synack_window_get_part (fixture->window, "side-stack"), ADW_TYPE_FLAP))));
  /* In the re-run the first SYN is lost and sent again; the original is untouched. */
  synack_trace_read_event (compare, synack_test_find_segment (compare, SYNACK_FLAG_SYN, 0), &ev);
  g_assert_cmpint (ev.segment.fate, ==, SYNACK_FATE_LOST);
  g_assert_cmpint (synack_test_find_segment (compare, SYNACK_FLAG_SYN, 1), >, 0);
  g_assert_cmpint (synack_test_event (fixture->trace, syn).segment.fate, ==,
                   SYNACK_FATE_DELIVERED);
  g_assert_cmpint (synack_test_find_segment (fixture->trace, SYNACK_FLAG_SYN, 1), <, 0);
  /* Stepping the main ladder moves the comparison's cursor to the same time. */
  synack_player_seek_event (fixture->player, synack_test_find_segment (fixture->trace, SYNACK_FLAG_SYN | SYNACK_FLAG_ACK, 0));
  {
    GtkWidget *compare_ladder = synack_window_get_part (fixture->window, "compare-ladder");
    SynackPlayer *compare_player;

    g_assert_true (SYNACK_IS_LADDER_VIEW (compare_ladder));
    compare_player = synack_time_view_get_player (SYNACK_TIME_VIEW (compare_ladder));
    g_assert_nonnull (compare_player);
    g_assert_cmpint (synack_player_get_time (compare_player), <=, synack_player_get_time (fixture->player));
    g_assert_cmpint (synack_player_get_position (compare_player), >=, 0);
  }
  synack_test_gtk_screenshot (GTK_WIDGET (fixture->window), "window-what-if");
  /* A second what-if replaces the first. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.what-if", "s",
                                             "duplicate"));
  compare = window_compare_trace (fixture->window);
  ev = synack_test_event (compare, synack_test_find_segment (compare, SYNACK_FLAG_SYN, 1));
  g_assert_cmpint (ev.segment.fate, ==, SYNACK_FATE_DUPLICATED);
  /* and come back when the comparison goes */
  synack_test_gtk_start_scenario (fixture->window, "handshake-and-close");
  g_assert_null (window_compare_trace (fixture->window));
  g_assert_true (adw_flap_get_reveal_flap (ADW_FLAP (gtk_widget_get_ancestor (synack_window_get_part (fixture->window, "side-stack"), ADW_TYPE_FLAP))));
}

static void
test_act_at_cursor (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(SynackTrace) old = NULL;
  SynackTrace *trace;
  int ack;

  SYNACK_TEST_NEED_DISPLAY ();
  old = g_object_ref (fixture->trace);

  /* Just after the handshake's last ACK, the client aborts. */
  ack = synack_test_find_segment (fixture->trace, SYNACK_FLAG_ACK, 0);
  g_assert_cmpint (ack, >, 0);
  synack_player_seek_event (fixture->player, ack);
  g_assert_cmpint (synack_test_find_segment (fixture->trace, SYNACK_FLAG_RST, 0), <, 0);
  g_assert_cmpint (synack_test_find_segment (fixture->trace, SYNACK_FLAG_RST | SYNACK_FLAG_ACK, 0), <, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.act", "s",
                                             "client abort"));
  trace = window_trace (fixture->window);
  g_assert_true (trace != old);
  g_assert_true (synack_test_find_segment (trace, SYNACK_FLAG_RST, 0) > ack ||
                 synack_test_find_segment (trace, SYNACK_FLAG_RST | SYNACK_FLAG_ACK, 0) > ack);
  /* What came before the cursor is the same. */
  for (int i = 0; i <= ack; i++)
    g_assert_cmpint (synack_trace_get_event_kind (trace, i), ==,
                     synack_trace_get_event_kind (old, i));
}

/* Ctrl+K turns the quiz panel on (its questions are test-quiz-panel's):
 * the explanation makes way, and the number keys and R reach the quiz. */
static void
test_quiz (Fixture       *fixture,
           gconstpointer  data)
{
  GtkWidget *explanation;

  SYNACK_TEST_NEED_DISPLAY ();

  explanation = gtk_widget_get_parent (synack_window_get_part (fixture->window, "explanation"));
  g_assert_false (synack_test_gtk_press (GTK_WIDGET (fixture->window), GDK_KEY_r, 0));
  g_assert_true (synack_test_gtk_press (GTK_WIDGET (fixture->window), GDK_KEY_k, GDK_CONTROL_MASK));
  g_assert_true (synack_window_get_quiz (fixture->window));
  g_assert_true (gtk_widget_get_visible (synack_window_get_part (fixture->window, "quiz")));
  /* the explanation of the step would give the answer away */
  g_assert_false (gtk_widget_get_visible (explanation));
  g_assert_cmpstr (label_text (fixture->window, "quiz-question"), !=, "");
  synack_test_gtk_screenshot (GTK_WIDGET (fixture->window), "window-quiz");
  {
    g_autoptr(SynackQuizQuestion) q = synack_quiz_next (fixture->trace, 0,
                                                        synack_player_get_position (fixture->player));

    g_assert_nonnull (q);
    g_assert_true (synack_test_gtk_press (GTK_WIDGET (fixture->window), GDK_KEY_1 + q->correct, 0));
    g_assert_cmpint (synack_player_get_position (fixture->player), ==, q->event);
    g_assert_true (g_str_has_prefix (label_text (fixture->window, "quiz-feedback"), "Right."));
  }
  g_assert_true (synack_test_gtk_press (GTK_WIDGET (fixture->window), GDK_KEY_r, 0));
  g_assert_true (g_str_has_prefix (label_text (fixture->window, "quiz-feedback"), "The answer is"));
  g_assert_true (synack_test_gtk_press (GTK_WIDGET (fixture->window), GDK_KEY_k, GDK_CONTROL_MASK));
  g_assert_false (synack_window_get_quiz (fixture->window));
  g_assert_true (gtk_widget_get_visible (explanation));
  g_assert_true (synack_test_gtk_press (GTK_WIDGET (fixture->window), GDK_KEY_Right, 0));
}

/* In presentation mode with a what-if open, the desktop's dark style
 * toggled leaves both ladders in high contrast (the compare ladder lost it
 * when each view listened to libadwaita by itself). */
static void
test_presentation_what_if_dark (Fixture       *fixture,
                                gconstpointer  data)
{
  AdwStyleManager *style;
  SynackViewState *main_state, *compare_state;
  GtkWidget *compare_ladder;

  SYNACK_TEST_NEED_DISPLAY ();
  /* At 1,400 px, near where the side panel folds: presentation's larger
   * text and the what-if's second ladder change what the panel and the
   * content need. The window decides the fold between frames (AdwFlap left
   * to fold inside its own allocation made GTK warn, under fatal warnings
   * here, that it drew the window's box with no allocation). */
  style = adw_style_manager_get_default ();
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  synack_window_set_presentation (fixture->window, TRUE);
  synack_ladder_frame_set_what_if_segment (
    SYNACK_LADDER_FRAME (synack_window_get_part (fixture->window, "ladder-frame")),
    synack_test_find_segment (fixture->trace, SYNACK_FLAG_SYN, 0));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.what-if", "s",
                                             "lose"));
  compare_ladder = synack_window_get_part (fixture->window, "compare-ladder");
  g_assert_nonnull (compare_ladder);
  main_state = window_view_state (fixture->window);
  compare_state = synack_time_view_get_view_state (SYNACK_TIME_VIEW (compare_ladder));
  g_assert_true (synack_view_state_get_high_contrast (compare_state));

  for (int round = 0; round < 2; round++)
    {
      gboolean dark = round == 0;

      adw_style_manager_set_color_scheme (style, dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                                      : ADW_COLOR_SCHEME_FORCE_LIGHT);
      synack_test_gtk_settle ();
      g_assert_cmpint (synack_view_state_get_dark (main_state), ==, dark);
      g_assert_cmpint (synack_view_state_get_dark (compare_state), ==, dark);
      g_assert_true (synack_view_state_get_high_contrast (main_state));
      g_assert_true (synack_view_state_get_high_contrast (compare_state));
      g_assert_cmpfloat (synack_view_state_get_text_scale (compare_state), ==,
                         synack_view_state_get_text_scale (main_state));
    }
  synack_test_gtk_screenshot (GTK_WIDGET (fixture->window), "window-presentation-what-if");
  synack_window_set_presentation (fixture->window, FALSE);
  g_assert_false (synack_view_state_get_high_contrast (compare_state));
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

static void
test_presentation (Fixture       *fixture,
                   gconstpointer  data)
{
  SynackViewState *view_state;

  SYNACK_TEST_NEED_DISPLAY ();

  view_state = window_view_state (fixture->window);
  g_assert_true (synack_test_gtk_press (GTK_WIDGET (fixture->window), GDK_KEY_F5, 0));
  g_assert_true (synack_window_get_presentation (fixture->window));
  g_assert_true (synack_view_state_get_high_contrast (view_state));
  /* larger text: 1.5 x how the window compares with 1920 x 1080 (0.7 to
   * 1.4), which the window sets after a frame */
  g_assert_cmpfloat (synack_view_state_get_text_scale (view_state), >, 1.0);
  g_assert_cmpfloat (synack_view_state_get_text_scale (view_state), ==,
                     synack_session_get_text_scale (synack_window_get_session (fixture->window)));
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (synack_window_get_part (fixture->window, "explanation"))));
  synack_player_seek_event (fixture->player, synack_test_find_segment (fixture->trace, SYNACK_FLAG_SYN, 0));
  synack_test_gtk_screenshot (GTK_WIDGET (fixture->window), "window-presentation");
  g_assert_true (synack_test_gtk_press (GTK_WIDGET (fixture->window), GDK_KEY_Escape, 0));
  g_assert_false (synack_window_get_presentation (fixture->window));
  g_assert_false (synack_view_state_get_high_contrast (view_state));
  g_assert_cmpfloat (synack_view_state_get_text_scale (view_state), ==, 1.0);
}

/* Open a file and wait until the loader is done with it. */
static void
open_and_wait (SynackWindow *window,
               GFile        *file)
{
  GtkStack *stack = GTK_STACK (synack_window_get_part (window, "stack"));

  synack_window_open_file (window, file);
  while (g_strcmp0 (gtk_stack_get_visible_child_name (stack), "loading") == 0)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_save_and_export (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("synack-window-XXXXXX", &error);
  static const struct { const char *name; const char *magic; gsize len; } outputs[] = {
    { "figure.png", "\x89PNG\r\n\x1a\n", 8 },
    { "figure.pdf", "%PDF-", 5 },
    { "figure.svg", "<?xml", 5 },
  };

  SYNACK_TEST_NEED_DISPLAY ();
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (outputs); i++)
    {
      g_autofree char *path = g_build_filename (dir, outputs[i].name, NULL);
      g_autofree char *contents = NULL;
      gsize len = 0;

      g_assert_true (synack_window_export_figure (fixture->window, path, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (path, &contents, &len, &error));
      g_assert_cmpuint (len, >, 1000);
      g_assert_cmpmem (contents, outputs[i].len, outputs[i].magic, outputs[i].len);
      if (g_str_has_suffix (outputs[i].name, ".svg"))
        g_assert_nonnull (strstr (contents, "<svg"));
      g_unlink (path);
    }
  {
    g_autofree char *path = g_build_filename (dir, "figure.gif", NULL);
    g_assert_false (synack_window_export_figure (fixture->window, path, &error));
    g_assert_nonnull (strstr (error->message, ".png"));
    g_clear_error (&error);
  }

  /* The trace as pcap, with the scenario beside it; the pcap reads back. */
  {
    g_autofree char *path = g_build_filename (dir, "trace.pcap", NULL);
    g_autofree char *script = g_build_filename (dir, "trace.synack", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autofree char *contents = NULL;
    guint n_segments = synack_trace_get_n_segments (fixture->trace);
    gsize len;

    g_assert_true (synack_window_save_trace (fixture->window, path, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (path, &contents, &len, &error));
    g_assert_cmpuint (len, >, 24);
    g_assert_true (memcmp (contents, "\xd4\xc3\xb2\xa1", 4) == 0 ||
                   memcmp (contents, "\xa1\xb2\xc3\xd4", 4) == 0);
    g_assert_true (g_file_test (script, G_FILE_TEST_EXISTS));

    /* Opened with its scenario beside it, the pcap is the engine's exact
     * trace again: every state change, timer and call, not inferred ones. */
    {
      guint n_events = synack_trace_get_n_events (fixture->trace);
      g_autofree char *saved_script = NULL;

      g_assert_true (g_file_get_contents (script, &saved_script, NULL, &error));
      g_assert_true (g_str_has_prefix (saved_script, "# synack: seed 1\n"));
      open_and_wait (fixture->window, file);
      g_assert_cmpint (synack_trace_get_source (window_trace (fixture->window)), ==,
                       SYNACK_TRACE_SOURCE_ENGINE);
      g_assert_cmpuint (synack_trace_get_n_events (window_trace (fixture->window)), ==,
                        n_events);
    }

    /* A scenario beside it that gives another capture is not trusted. */
    {
      g_autofree char *other = g_strdup ("0 server listen 80\n0.1 client connect server 80\n");
      g_autofree char *saved_script = NULL;

      g_assert_true (g_file_get_contents (script, &saved_script, NULL, &error));
      g_assert_true (g_file_set_contents (script, other, -1, &error));
      open_and_wait (fixture->window, file);
      g_assert_true (synack_test_gtk_wait_for (trace_is_file, fixture->window));
      g_assert_true (g_file_set_contents (script, saved_script, -1, &error));
    }
    /* Lost segments were never on the wire; this scenario loses none. */
    g_assert_cmpuint (synack_trace_get_n_segments (window_trace (fixture->window)), ==,
                      n_segments);

    /* The scenario saved beside it runs again on the engine, the same way. */
    {
      g_autoptr(GFile) script_file = g_file_new_for_path (script);

      open_and_wait (fixture->window, script_file);
      g_assert_cmpint (synack_trace_get_source (window_trace (fixture->window)), ==,
                       SYNACK_TRACE_SOURCE_ENGINE);
      g_assert_cmpuint (synack_trace_get_n_segments (window_trace (fixture->window)), ==,
                        n_segments);
    }
    g_unlink (path);
    g_unlink (script);
  }
  g_rmdir (dir);
}

static void
test_settings (Fixture       *fixture,
               gconstpointer  data)
{
  GSettings *settings;
  SynackViewState *view_state;
  double scale;

  SYNACK_TEST_NEED_DISPLAY ();
  settings = synack_application_get_settings (synack_test_gtk_get_application ());
  if (settings == NULL)
    {
      g_test_skip ("GSettings schema not compiled in the build tree");
      return;
    }
  view_state = window_view_state (fixture->window);

  g_settings_set_string (settings, "label-mode", "absolute");
  g_assert_cmpint (synack_view_state_get_seq_mode (view_state), ==, SYNACK_SEQ_ABSOLUTE);
  g_settings_set_string (settings, "label-mode", "relative");
  g_assert_cmpint (synack_view_state_get_seq_mode (view_state), ==, SYNACK_SEQ_RELATIVE);

  g_settings_set_double (settings, "speed", 4.0);
  g_assert_cmpfloat (synack_player_get_speed (fixture->player), ==, 4.0);
  /* And back: the transport bar's speed is remembered. */
  synack_player_set_speed (fixture->player, 0.5);
  g_assert_cmpfloat (g_settings_get_double (settings, "speed"), ==, 0.5);

  g_settings_set_boolean (settings, "show-explanation", FALSE);
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_parent (
    synack_window_get_part (fixture->window, "explanation"))));
  g_settings_set_boolean (settings, "show-explanation", TRUE);
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (
    synack_window_get_part (fixture->window, "explanation"))));

  /* presentation text is 1.5 x the user's scale x how the window compares
   * with 1920 x 1080 (0.7 to 1.4), which the window sets after a frame:
   * the user's scale doubles it, whatever that fit is now */
  g_settings_set_double (settings, "presentation-scale", 1.0);
  synack_window_set_presentation (fixture->window, TRUE);
  scale = synack_view_state_get_text_scale (view_state);
  g_assert_cmpfloat (scale, >=, 1.5 * 0.7 - 1e-9);
  g_assert_cmpfloat (scale, <=, 1.5 * 1.4 + 1e-9);
  g_settings_set_double (settings, "presentation-scale", 2.0);
  g_assert_cmpfloat_with_epsilon (synack_view_state_get_text_scale (view_state), 2 * scale, 1e-9);
  synack_window_set_presentation (fixture->window, FALSE);
  g_settings_reset (settings, "presentation-scale");
  g_settings_reset (settings, "speed");
}

static gboolean
has_two_segments (gpointer data)
{
  SynackTrace *trace = window_trace (data);
  GSocketClient *client = g_socket_client_new ();
  GSocketConnection *connection;

  /* Knock on a closed port of the loopback: a SYN and a reset each time. */
  connection = g_socket_client_connect_to_host (client, "127.0.0.1:9", 9, NULL, NULL);
  g_clear_object (&connection);
  g_object_unref (client);
  return synack_trace_get_n_segments (trace) >= 2;
}

static void
test_live_capture (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  SynackTrace *trace;

  SYNACK_TEST_NEED_DISPLAY ();

  if (!synack_window_start_capture (fixture->window, "lo", "tcp port 9", &error))
    {
      /* Without CAP_NET_RAW the message says how to grant it. */
      g_assert_error (error, SYNACK_ERROR, SYNACK_ERROR_PERMISSION);
      g_assert_nonnull (strstr (error->message, "cap_net_raw"));
      g_test_skip ("no permission to capture here");
      return;
    }
  trace = window_trace (fixture->window);
  g_assert_cmpint (synack_trace_get_source (trace), ==, SYNACK_TRACE_SOURCE_LIVE);
  g_assert_true (synack_trace_is_live (trace));
  g_assert_true (synack_player_get_follow_live (window_player (fixture->window)));
  g_assert_true (synack_test_gtk_wait_for (has_two_segments, fixture->window));
  /* Following live, the cursor sits on the newest event and the diagram
   * shows the states there. */
  g_assert_true (synack_player_get_follow_live (window_player (fixture->window)));
  g_assert_cmpint (synack_player_get_position (window_player (fixture->window)), >=, 1);
  synack_test_gtk_screenshot (GTK_WIDGET (fixture->window), "window-live");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.stop-capture", NULL));
  while (synack_trace_is_live (trace))
    g_main_context_iteration (NULL, TRUE);
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *tops = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (tops); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (tops, i);

      if (ADW_IS_MESSAGE_DIALOG (w))
        return ADW_MESSAGE_DIALOG (w);
    }
  return NULL;
}

/* A lesson goes through the loader in a worker thread, as every input: a
 * name that is no lesson is refused at once, naming where the list is; a
 * script that does not parse is said in a dialog with its file, line and
 * column, and what was shown stays. */
static void
test_scenario_errors (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  AdwMessageDialog *dialog;
  SynackTrace *before;

  SYNACK_TEST_NEED_DISPLAY ();
  before = window_trace (fixture->window);

  g_assert_false (synack_window_start_scenario (fixture->window, "handshake-and-clsoe", &error));
  g_assert_nonnull (strstr (error->message, "handshake-and-clsoe"));
  g_assert_false (synack_window_is_loading (fixture->window));
  g_assert_true (window_trace (fixture->window) == before);
  g_clear_error (&error);

  dir = g_dir_make_tmp ("synack-window-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "typo.synack", NULL);
  g_assert_true (g_file_set_contents (path, "0 server listen 80\n0.1 client conect server 80\n",
                                      -1, &error));
  g_assert_null (find_message_dialog ());
  g_assert_true (synack_window_start_scenario (fixture->window, path, &error));
  g_assert_no_error (error);
  synack_test_gtk_wait_loaded (fixture->window);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Cannot Run Scenario");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "typo.synack:2:"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "conect"));
  g_assert_true (window_trace (fixture->window) == before);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (
                     GTK_STACK (synack_window_get_part (fixture->window, "stack"))), ==, "trace");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_unlink (path);
  g_rmdir (dir);

  /* a lesson chosen while another loads is the one shown, and no message
   * says the first was cancelled */
  g_assert_true (synack_window_start_scenario (fixture->window, "lost-syn", NULL));
  synack_test_gtk_start_scenario (fixture->window, "connection-refused");
  synack_test_gtk_settle ();
  g_assert_cmpstr (synack_document_get_title (synack_session_get_document (
                     synack_window_get_session (fixture->window))), ==,
                   "Connection refused");
  g_assert_null (find_message_dialog ());
}

/* The engine's TUN device deleted under it: the document stops with an
 * error, and the window says so in a dialog naming the device, hides Stop
 * and keeps the trace it recorded. In a network namespace of its own, so
 * the device deleted is this test's. */
static void
test_tun_stopped (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ip = g_find_program_in_path ("ip");
  const char *argv[] = { NULL, "link", "delete", SYNACK_DOCUMENT_TUN_IFNAME, NULL };
  SynackDocument *doc;
  SynackTrace *trace;
  AdwMessageDialog *dialog = NULL;
  int status;

  SYNACK_TEST_NEED_DISPLAY ();
  if (!synack_document_can_open_tun () || ip == NULL)
    {
      g_test_skip ("this process may not make a TUN device, or there is no ip(8)");
      return;
    }
  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }
  if (unshare (CLONE_NEWNET) != 0)
    {
      g_test_skip ("cannot make a network namespace");
      return;
    }
  g_assert_true (synack_window_start_tun (fixture->window, &error));
  g_assert_no_error (error);
  doc = synack_session_get_document (synack_window_get_session (fixture->window));
  trace = window_trace (fixture->window);
  g_assert_cmpint (synack_document_get_kind (doc), ==, SYNACK_DOCUMENT_TUN);
  g_assert_true (synack_document_get_running (doc));
  g_assert_null (find_message_dialog ());

  argv[0] = ip;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL,
                               NULL, &status, &error));
  g_assert_no_error (error);
  while ((dialog = find_message_dialog ()) == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "The TUN Device Stopped");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), SYNACK_DOCUMENT_TUN_IFNAME));
  g_assert_false (synack_document_get_running (doc));
  /* the trace stays, for reading back */
  g_assert_true (window_trace (fixture->window) == trace);
  g_assert_true (synack_session_get_document (synack_window_get_session (fixture->window)) == doc);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (
                     GTK_STACK (synack_window_get_part (fixture->window, "stack"))), ==, "trace");
  synack_test_gtk_screenshot (GTK_WIDGET (dialog), "tun-stopped");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_tun_dialog (Fixture       *fixture,
                 gconstpointer  data)
{
  AdwMessageDialog *dialog;
  GtkWidget *commands;

  SYNACK_TEST_NEED_DISPLAY ();

  g_assert_null (find_message_dialog ());
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.tun", NULL));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  /* The exact commands to type are shown, whatever the privileges. */
  commands = adw_message_dialog_get_extra_child (dialog);
  g_assert_true (GTK_IS_LABEL (commands));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (commands)), "nc 10.77.0.2 7"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (commands)), "curl http://10.77.0.2/"));
  /* Start is offered only when the device can be made; otherwise the body
   * says what privilege is missing and how to grant it. */
  if (synack_tun_have_privilege ())
    g_assert_true (adw_message_dialog_has_response (dialog, "start"));
  else
    {
      g_assert_false (adw_message_dialog_has_response (dialog, "start"));
      g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "CAP_NET_ADMIN"));
    }
  synack_test_gtk_screenshot (GTK_WIDGET (dialog), "tun-dialog");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* A live capture of many connections: the rows on screen follow their
 * connections' segment counts at any number of connections, and new
 * connections get rows. */
static void
append_ack (SynackTrace *trace,
            guint        conn,
            gint64       t)
{
  SynackSegment seg = { 0 };

  seg.sport = (guint16) (10000 + conn);
  seg.dport = 80;
  seg.flags = SYNACK_FLAG_ACK;
  seg.window = 1000;
  synack_trace_append_segment (trace, t, conn, 0, &seg, SYNACK_FATE_CAPTURED, SYNACK_TIME_NONE, 0);
}

static gboolean
row_shown (gpointer data)
{
  g_autofree char *text = synack_connection_list_get_shown_text (data, 0);

  return text != NULL;
}

static gboolean
row_counts_three (gpointer data)
{
  g_autofree char *text = synack_connection_list_get_shown_text (data, 0);

  return text != NULL && strstr (text, "3 segments") != NULL;
}

static void
test_connection_list_growth (void)
{
  g_autoptr(SynackTrace) trace = NULL;
  GtkWidget *window;
  GtkWidget *list;
  SynackAddress a, b;
  gint64 t = 0;
  g_autofree char *before = NULL;

  SYNACK_TEST_NEED_DISPLAY ();

  trace = synack_trace_new (SYNACK_TRACE_SOURCE_LIVE);
  synack_trace_set_live (trace, TRUE);
  synack_address_set_ipv4 (&a, 0x0a000001);
  synack_address_set_ipv4 (&b, 0x0a000002);
  for (guint i = 0; i < 2500; i++)
    {
      guint conn = synack_trace_add_connection (trace, &a, (guint16) (10000 + i), &b, 80);
      append_ack (trace, conn, t += 1000);
    }
  synack_trace_commit (trace);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 400, 600);
  list = synack_connection_list_new ();
  gtk_window_set_child (GTK_WINDOW (window), list);
  synack_connection_list_set_trace (SYNACK_CONNECTION_LIST (list), trace);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (synack_test_gtk_wait_for (row_shown, list));
  before = synack_connection_list_get_shown_text (SYNACK_CONNECTION_LIST (list), 0);
  g_assert_nonnull (strstr (before, "1 segment"));

  /* two more segments on the first connection, and one new connection */
  append_ack (trace, 0, t += 1000);
  append_ack (trace, 0, t += 1000);
  synack_trace_add_connection (trace, &a, 9999, &b, 80);
  synack_trace_commit (trace);
  g_assert_true (synack_test_gtk_wait_for (row_counts_three, list));
  g_assert_cmpuint (synack_connection_list_get_n_rows (SYNACK_CONNECTION_LIST (list)), ==, 2501);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  synack_test_gtk_init ();

  g_test_add ("/synack/window/step-through", Fixture, NULL, fixture_set_up, test_step_through,
              fixture_tear_down);
  g_test_add ("/synack/window/library", Fixture, NULL, fixture_set_up, test_library,
              fixture_tear_down);
  g_test_add ("/synack/window/open-capture", Fixture, NULL, fixture_set_up, test_open_capture,
              fixture_tear_down);
  g_test_add ("/synack/window/what-if", Fixture, NULL, fixture_set_up, test_what_if,
              fixture_tear_down);
  g_test_add ("/synack/window/act-at-cursor", Fixture, NULL, fixture_set_up, test_act_at_cursor,
              fixture_tear_down);
  g_test_add ("/synack/window/quiz", Fixture, NULL, fixture_set_up, test_quiz, fixture_tear_down);
  g_test_add ("/synack/window/presentation", Fixture, NULL, fixture_set_up, test_presentation,
              fixture_tear_down);
  g_test_add ("/synack/window/presentation-what-if-dark", Fixture, NULL, fixture_set_up,
              test_presentation_what_if_dark, fixture_tear_down);
  g_test_add ("/synack/window/save-and-export", Fixture, NULL, fixture_set_up,
              test_save_and_export, fixture_tear_down);

  g_test_add ("/synack/window/settings", Fixture, NULL, fixture_set_up, test_settings,
              fixture_tear_down);
  g_test_add ("/synack/window/tun-dialog", Fixture, NULL, fixture_set_up, test_tun_dialog,
              fixture_tear_down);
  g_test_add ("/synack/window/tun-stopped", Fixture, NULL, fixture_set_up, test_tun_stopped,
              fixture_tear_down);
  g_test_add ("/synack/window/scenario-errors", Fixture, NULL, fixture_set_up,
              test_scenario_errors, fixture_tear_down);
  g_test_add ("/synack/window/live-capture", Fixture, NULL, fixture_set_up,
              test_live_capture, fixture_tear_down);

  g_test_add_func ("/synack/window/connection-list-growth", test_connection_list_growth);
  return synack_test_gtk_run ();
}
