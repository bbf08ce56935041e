/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window's parts a teacher meets first in a classroom: the Export
 * dialog (light colours for paper, size, scale, format and a clean file
 * name, and its Save), the event counter, which counts what a user can
 * step to, a 1366 x 768 laptop's screen, and a projector's scale. */
#include "config.h"

#include <adwaita.h>
#include <gtk/gtk.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "synack-application.h"
#include "synack-compare-pane.h"
#include "synack-export-dialog.h"
#include "synack-offered-calls.h"
#include "synack-player.h"
#include "synack-scenario.h"
#include "synack-seqspace-view.h"
#include "synack-session.h"
#include "synack-state-diagram.h"
#include "synack-time-view.h"
#include "synack-transport-bar.h"
#include "synack-ui.h"
#include "synack-test-utils-gtk.h"
#include "synack-window.h"


static void
remember_path (SynackExportDialog *dialog,
               const char         *path,
               char              **out)
{
  g_free (*out);
  *out = g_strdup (path);
}

static void
test_file_stem (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "handshake-and-close", "handshake-and-close" },
    { "handshake-and-close.synack", "handshake-and-close" },
    { "/home/t/lessons/Lost SYN.synack", "lost-syn" },
    { "/tmp/capture.pcapng", "capture" },
    { "Handshake, data and close", "handshake-data-and-close" },
    { "  --  ", "synack" },
    { NULL, "synack" },
    { "三次握手", "三次握手" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *stem = synack_export_dialog_file_stem (cases[i].in);
      g_assert_cmpstr (stem, ==, cases[i].out);
    }
}

static void
test_export_options (void)
{
  g_autoptr(SynackTrace) trace = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  SynackRenderOptions defaults, options;
  SynackRenderFormat format;
  SynackExportDialog *dialog;
  char *exported = NULL;

  SYNACK_TEST_NEED_DISPLAY ();
  trace = synack_test_run_builtin ("handshake-and-close");
  dir = g_dir_make_tmp ("synack-export-XXXXXX", &error);
  g_assert_no_error (error);

  /* The window's state: dark, a projector's text scale, a part of the
   * connection on screen. */
  synack_render_options_init (&defaults);
  defaults.theme = SYNACK_THEME_DARK;
  defaults.text_scale = 1.5;
  defaults.from = 100 * G_TIME_SPAN_MILLISECOND * 1000;
  defaults.to = 300 * G_TIME_SPAN_MILLISECOND * 1000;
  dialog = synack_export_dialog_new (NULL, trace, &defaults, "handshake-and-close");
  g_signal_connect (dialog, "exported", G_CALLBACK (remember_path), &exported);
  gtk_window_present (GTK_WINDOW (dialog));

  /* A file is light, SVG and the whole connection unless asked otherwise,
   * with the window's text scale, and named after the scenario. */
  synack_export_dialog_get_options (dialog, &options, &format);
  g_assert_cmpint (options.theme, ==, SYNACK_THEME_LIGHT);
  g_assert_cmpint (format, ==, SYNACK_RENDER_SVG);
  g_assert_cmpfloat (options.text_scale, ==, 1.5);
  g_assert_cmpfloat (options.width, ==, 1200);
  g_assert_cmpint (options.from, ==, SYNACK_TIME_NONE);
  g_assert_true (options.timeline && options.legend);
  {
    g_autofree char *name = synack_export_dialog_get_file_name (dialog);
    g_assert_cmpstr (name, ==, "handshake-and-close.svg");
  }

  /* Light SVG: white paper, none of the dark theme's background. */
  {
    g_autofree char *path = g_build_filename (dir, "light.svg", NULL);
    g_autofree char *svg = NULL;

    g_assert_true (synack_export_dialog_export_to (dialog, path, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (exported, ==, path);
    g_assert_true (g_file_get_contents (path, &svg, NULL, &error));
    g_assert_nonnull (strstr (svg, "width=\"1200pt\""));
    g_assert_nonnull (strstr (svg, "rgb(100%,100%,100%)"));
    g_assert_null (strstr (svg, "rgb(11.764706%,11.764706%,11.764706%)"));
    g_unlink (path);
  }

  /* The rows change what is written, as a user sets them: dark, 800 wide,
   * PDF, and only what the ladder showed (a shorter figure). */
  {
    GtkWidget *theme_row = synack_export_dialog_get_part (dialog, "theme");
    GtkWidget *format_row = synack_export_dialog_get_part (dialog, "format");
    GtkWidget *span_row = synack_export_dialog_get_part (dialog, "span");
    GtkWidget *width_spin = synack_export_dialog_get_part (dialog, "width");
    GtkWidget *scale_spin = synack_export_dialog_get_part (dialog, "scale");
    GtkWidget *legend_switch = synack_export_dialog_get_part (dialog, "legend");
    g_autofree char *path = g_build_filename (dir, "dark.svg", NULL);
    g_autofree char *svg = NULL;
    g_autofree char *pdf_name = NULL;
    double whole_w, whole_h, part_w, part_h, ns;

    g_assert_true (gtk_widget_get_visible (span_row));
    synack_export_dialog_get_options (dialog, &options, NULL);
    g_assert_true (synack_render_measure (trace, &options, &whole_w, &whole_h, &ns, &error));

    adw_combo_row_set_selected (ADW_COMBO_ROW (theme_row), 1);
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (width_spin), 800);
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (scale_spin), 2);
    adw_combo_row_set_selected (ADW_COMBO_ROW (span_row), 1);
    gtk_switch_set_active (GTK_SWITCH (legend_switch), FALSE);
    synack_export_dialog_get_options (dialog, &options, &format);
    g_assert_cmpint (options.theme, ==, SYNACK_THEME_DARK);
    g_assert_cmpfloat (options.width, ==, 800);
    g_assert_cmpfloat (options.text_scale, ==, 2);
    g_assert_cmpint (options.from, ==, defaults.from);
    g_assert_cmpint (options.to, ==, defaults.to);
    g_assert_false (options.legend);
    g_assert_true (synack_render_measure (trace, &options, &part_w, &part_h, &ns, &error));
    g_assert_cmpfloat (part_w, ==, 800);
    g_assert_cmpfloat (part_h, <, whole_h);

    g_assert_true (synack_export_dialog_export_to (dialog, path, &error));
    g_assert_true (g_file_get_contents (path, &svg, NULL, &error));
    g_assert_nonnull (strstr (svg, "width=\"800pt\""));
    g_assert_nonnull (strstr (svg, "rgb(11.764706%,11.764706%,11.764706%)"));
    g_unlink (path);

    /* The format is the row's, and the offered name follows it. */
    adw_combo_row_set_selected (ADW_COMBO_ROW (format_row), 2);
    pdf_name = synack_export_dialog_get_file_name (dialog);
    g_assert_cmpstr (pdf_name, ==, "handshake-and-close.pdf");
    {
      g_autofree char *pdf_path = g_build_filename (dir, pdf_name, NULL);
      g_autofree char *pdf = NULL;
      gsize len = 0;

      g_assert_true (synack_export_dialog_export_to (dialog, pdf_path, &error));
      g_assert_true (g_file_get_contents (pdf_path, &pdf, &len, &error));
      g_assert_cmpuint (len, >, 5);
      g_assert_cmpmem (pdf, 5, "%PDF-", 5);
      g_unlink (pdf_path);
    }
  }

  /* Without a part of the connection on screen there is no span to offer. */
  {
    SynackExportDialog *whole;

    defaults.from = defaults.to = SYNACK_TIME_NONE;
    whole = synack_export_dialog_new (NULL, trace, &defaults, NULL);
    g_assert_false (gtk_widget_get_visible (synack_export_dialog_get_part (whole, "span")));
    {
      g_autofree char *name = synack_export_dialog_get_file_name (whole);
      g_assert_cmpstr (name, ==, "synack.svg");
    }
    gtk_window_destroy (GTK_WINDOW (whole));
  }

  gtk_window_destroy (GTK_WINDOW (dialog));
  g_free (exported);
  g_rmdir (dir);
}

/* The chooser reads its folder before it answers with a file. */
static void
wait_for_chosen_file (GtkFileChooser *chooser)
{
  GFile *chosen;

  while ((chosen = gtk_file_chooser_get_file (chooser)) == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_object_unref (chosen);
}

/* Export, then Save in the file chooser: the name the user typed gets the
 * figure with the dialog's options, light by default, in the format the
 * name asks for; a name that cannot be written leaves the dialog open with
 * an alert saying why. */
static void
test_export_save (void)
{
  g_autoptr(SynackTrace) trace = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *exported = NULL;
  SynackRenderOptions defaults;
  SynackExportDialog *dialog;
  GtkFileChooser *chooser;

  SYNACK_TEST_NEED_DISPLAY ();
  trace = synack_test_run_builtin ("handshake-and-close");
  dir = g_dir_make_tmp ("synack-export-XXXXXX", &error);
  g_assert_no_error (error);
  synack_render_options_init (&defaults);
  defaults.theme = SYNACK_THEME_DARK;
  defaults.width = 900;

  /* Export offers the scenario's clean name, in the format's extension */
  dialog = synack_export_dialog_new (NULL, trace, &defaults, "handshake-and-close.synack");
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_signal_connect (dialog, "exported", G_CALLBACK (remember_path), &exported);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_null (synack_export_dialog_get_chooser (dialog));
  g_signal_emit_by_name (synack_export_dialog_get_part (dialog, "export"), "clicked");
  chooser = synack_export_dialog_get_chooser (dialog);
  g_assert_nonnull (chooser);
  g_assert_cmpint (gtk_file_chooser_get_action (chooser), ==, GTK_FILE_CHOOSER_ACTION_SAVE);
  {
    g_autofree char *name = gtk_file_chooser_get_current_name (chooser);
    g_assert_cmpstr (name, ==, "handshake-and-close.svg");
  }
  /* Cancel writes nothing and keeps the dialog */
  g_signal_emit_by_name (chooser, "response", GTK_RESPONSE_CANCEL);
  g_assert_null (synack_export_dialog_get_chooser (dialog));
  g_assert_nonnull (dialog);
  g_assert_null (exported);

  /* A name in a folder that does not exist: an alert, the dialog stays */
  {
    g_autofree char *path = g_build_filename (dir, "missing", "figure.svg", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);

    g_assert_false (synack_export_dialog_save (dialog, file));
    g_assert_nonnull (dialog);
    g_assert_nonnull (synack_export_dialog_get_alert (dialog));
    g_assert_null (exported);
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    gtk_window_destroy (synack_export_dialog_get_alert (dialog));
  }

  /* figure.png: a PNG 900 px wide on white, though the window was dark
   * and the dialog's format SVG; the dialog closes */
  {
    g_autofree char *path = g_build_filename (dir, "figure.png", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);
    cairo_surface_t *png;

    g_assert_true (synack_export_dialog_save (dialog, file));
    g_assert_cmpstr (exported, ==, path);
    g_assert_null (dialog);
    png = cairo_image_surface_create_from_png (path);
    g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
    g_assert_cmpint (cairo_image_surface_get_width (png), ==, 900);
    g_assert_cmpint (cairo_image_surface_get_height (png), >, 300);
    cairo_surface_flush (png);
    /* the top-left corner is paper: white */
    g_assert_cmphex (*(guint32 *) cairo_image_surface_get_data (png) & 0xffffff, ==, 0xffffff);
    cairo_surface_destroy (png);
    g_unlink (path);
  }

  /* Through the chooser itself: Save with a name, with the rows set to
   * PDF and dark by the user */
  g_clear_pointer (&exported, g_free);
  dialog = synack_export_dialog_new (NULL, trace, &defaults, "handshake-and-close");
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_signal_connect (dialog, "exported", G_CALLBACK (remember_path), &exported);
  gtk_window_present (GTK_WINDOW (dialog));
  adw_combo_row_set_selected (ADW_COMBO_ROW (synack_export_dialog_get_part (dialog, "format")), 2);
  adw_combo_row_set_selected (ADW_COMBO_ROW (synack_export_dialog_get_part (dialog, "theme")), 1);
  g_signal_emit_by_name (synack_export_dialog_get_part (dialog, "export"), "clicked");
  chooser = synack_export_dialog_get_chooser (dialog);
  g_assert_nonnull (chooser);
  {
    g_autofree char *name = gtk_file_chooser_get_current_name (chooser);
    g_autofree char *path = g_build_filename (dir, "slides.pdf", NULL);
    g_autoptr(GFile) folder = g_file_new_for_path (dir);
    g_autofree char *pdf = NULL;
    gsize len = 0;

    g_assert_cmpstr (name, ==, "handshake-and-close.pdf");
    g_assert_true (gtk_file_chooser_set_current_folder (chooser, folder, &error));
    g_assert_no_error (error);
    gtk_file_chooser_set_current_name (chooser, "slides.pdf");
    wait_for_chosen_file (chooser);
    g_signal_emit_by_name (chooser, "response", GTK_RESPONSE_ACCEPT);
    g_assert_cmpstr (exported, ==, path);
    g_assert_null (dialog);
    g_assert_true (g_file_get_contents (path, &pdf, &len, &error));
    g_assert_cmpuint (len, >, 5);
    g_assert_cmpmem (pdf, 5, "%PDF-", 5);
    g_unlink (path);
  }
  g_rmdir (dir);
}

/* "Event 3 of 11 · 0.150000 s": 3 and 11, or FALSE for another text. */
static gboolean
parse_counter (const char *text,
               guint      *at,
               guint      *of)
{
  return sscanf (text, "Event %u of %u", at, of) == 2;
}

static void
test_event_counter (void)
{
  g_autoptr(SynackTrace) trace = NULL;
  g_autoptr(SynackPlayer) player = NULL;
  GtkWidget *window, *bar;
  guint visible = 0, snapshots = 0, steps = 0;
  guint at, of;
  const SynackConnection *conn;

  SYNACK_TEST_NEED_DISPLAY ();
  trace = synack_test_run_builtin ("handshake-and-close");
  conn = synack_trace_get_connection (trace, 0);
  for (guint p = 0; p < conn->n_events; p++)
    {
      SynackEvent ev;

      synack_trace_read_event (trace, synack_trace_conn_event (trace, 0, p), &ev);
      if (ev.kind == SYNACK_EVENT_VARS)
        snapshots++;
      else
        visible++;
    }
  /* The engine records variable snapshots: without them this tests nothing. */
  g_assert_cmpuint (snapshots, >, 0);

  player = synack_player_new (trace);
  synack_player_set_connection (player, 0);
  bar = synack_transport_bar_new ();
  window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (window), bar);
  synack_transport_bar_set_player (SYNACK_TRANSPORT_BAR (bar), player);
  gtk_window_present (GTK_WINDOW (window));

  {
    g_autofree char *start = g_strdup_printf ("Start · %u events", visible);
    g_assert_cmpstr (synack_transport_bar_get_position_text (SYNACK_TRANSPORT_BAR (bar)), ==, start);
  }
  /* Each step counts one, up to the number of events there are to step to. */
  while (synack_player_step_forward (player))
    {
      const char *text = synack_transport_bar_get_position_text (SYNACK_TRANSPORT_BAR (bar));

      steps++;
      g_assert_true (parse_counter (text, &at, &of));
      g_assert_cmpuint (at, ==, steps);
      g_assert_cmpuint (of, ==, visible);
    }
  g_assert_cmpuint (steps, ==, visible);

  /* Back again, one at a time. */
  while (synack_player_step_backward (player))
    {
      const char *text = synack_transport_bar_get_position_text (SYNACK_TRANSPORT_BAR (bar));

      steps--;
      if (steps == 0)
        g_assert_true (g_str_has_prefix (text, "Start"));
      else
        {
          g_assert_true (parse_counter (text, &at, &of));
          g_assert_cmpuint (at, ==, steps);
        }
    }
  g_assert_cmpuint (steps, ==, 0);

  /* The scrubber's positions are the same steps: its last one is the last event. */
  {
    GtkWidget *scale = gtk_widget_get_first_child (bar);
    GtkAdjustment *adjustment = NULL;

    for (; scale != NULL && !GTK_IS_SCALE (scale); )
      {
        GtkWidget *next = gtk_widget_get_first_child (scale);
        for (GtkWidget *w = scale; next == NULL && w != bar; w = gtk_widget_get_parent (w))
          next = gtk_widget_get_next_sibling (w);
        scale = next;
      }
    g_assert_nonnull (scale);
    adjustment = gtk_range_get_adjustment (GTK_RANGE (scale));
    g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), ==, visible);
    gtk_adjustment_set_value (adjustment, visible - 1);
    g_assert_true (synack_player_get_at_end (player));
    gtk_adjustment_set_value (adjustment, 1);
    g_assert_true (parse_counter (synack_transport_bar_get_position_text (SYNACK_TRANSPORT_BAR (bar)),
                                  &at, &of));
    g_assert_cmpuint (at, ==, 2);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Only the calls an endpoint's application can make are offered: no connect
 * on a connected socket, no send after shutdown, nothing after close. */
static void
test_offered_calls_by_state (void)
{
  static const struct { SynackTcpState state; const char *offered; } table[] = {
    /* c(onnect) s(end) h (shutdown) x (close) a(bort) */
    { SYNACK_TCP_CLOSED,       "c--x-" },
    { SYNACK_TCP_LISTEN,       "---xa" },
    { SYNACK_TCP_SYN_SENT,     "-shxa" },
    { SYNACK_TCP_SYN_RECEIVED, "-shxa" },
    { SYNACK_TCP_ESTABLISHED,  "-shxa" },
    { SYNACK_TCP_FIN_WAIT_1,   "---xa" },
    { SYNACK_TCP_FIN_WAIT_2,   "---xa" },
    { SYNACK_TCP_CLOSE_WAIT,   "-shxa" },
    { SYNACK_TCP_CLOSING,      "---xa" },
    { SYNACK_TCP_LAST_ACK,     "---xa" },
    { SYNACK_TCP_TIME_WAIT,    "---x-" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    for (guint call = 0; call < SYNACK_OFFER_N_CALLS; call++)
      {
        const char *reason = "unset";
        gboolean offered = synack_offer_call_in_state (call, table[i].state, SYNACK_SOCKET_OPEN,
                                                       &reason);

        g_test_message ("%s %s", synack_tcp_state_to_rfc_name (table[i].state),
                        synack_offer_call_verb (call));
        g_assert_cmpint (offered, ==, table[i].offered[call] != '-');
        if (offered)
          g_assert_null (reason);
        else
          g_assert_true (reason != NULL && reason[0] != '\0');
      }

  /* the errno a socket would give is in the reason */
  {
    const char *reason = NULL;

    g_assert_false (synack_offer_call_in_state (SYNACK_OFFER_CONNECT, SYNACK_TCP_ESTABLISHED,
                                                SYNACK_SOCKET_OPEN, &reason));
    g_assert_nonnull (strstr (reason, "EISCONN"));
    g_assert_false (synack_offer_call_in_state (SYNACK_OFFER_SEND, SYNACK_TCP_FIN_WAIT_2,
                                                SYNACK_SOCKET_OPEN, &reason));
    g_assert_nonnull (strstr (reason, "EPIPE"));
    /* after close() nothing, whatever the state */
    for (guint call = 0; call < SYNACK_OFFER_N_CALLS; call++)
      g_assert_false (synack_offer_call_in_state (call, SYNACK_TCP_FIN_WAIT_1,
                                                  SYNACK_SOCKET_RELEASED, &reason));
    g_assert_nonnull (strstr (reason, "EBADF"));
  }
}

/* At points of a real lesson: the client may connect before its connect(),
 * not after; after its close() it may do nothing more. */
static void
test_offered_calls_in_trace (void)
{
  g_autoptr(SynackTrace) trace = synack_test_run_builtin ("handshake-and-close");
  const SynackConnection *c = synack_trace_get_connection (trace, 0);
  int connect_at = -1, close_at = -1;
  const char *reason = NULL;

  for (guint p = 0; p < c->n_events; p++)
    {
      guint index = synack_trace_conn_event (trace, 0, p);
      SynackEvent ev;

      synack_trace_read_event (trace, index, &ev);
      if (ev.kind == SYNACK_EVENT_CALL && ev.endpoint == 0 && ev.call.call == SYNACK_CALL_CONNECT)
        connect_at = (int) index;
      if (ev.kind == SYNACK_EVENT_CALL && ev.endpoint == 0 && ev.call.call == SYNACK_CALL_CLOSE)
        close_at = (int) index;
    }
  g_assert_cmpint (connect_at, >, 0);
  g_assert_cmpint (close_at, >, connect_at);

  g_assert_true (synack_offer_call_at (trace, 0, 0, -1, SYNACK_OFFER_CONNECT, NULL));
  {
    /* the last event before connect()'s instant */
    gint64 t = synack_trace_get_event_time (trace, connect_at);
    int before = connect_at;

    while (before >= 0 && synack_trace_get_event_time (trace, before) >= t)
      before--;
    g_assert_true (synack_offer_call_at (trace, 0, 0, before, SYNACK_OFFER_CONNECT, NULL));
  }
  g_assert_false (synack_offer_call_at (trace, 0, 0, connect_at, SYNACK_OFFER_CONNECT, &reason));
  g_assert_nonnull (strstr (reason, "EALREADY"));
  g_assert_true (synack_offer_call_at (trace, 0, 0, close_at - 1, SYNACK_OFFER_SEND, NULL));
  g_assert_true (synack_offer_call_at (trace, 0, 0, close_at - 1, SYNACK_OFFER_CLOSE, NULL));
  g_assert_false (synack_offer_call_at (trace, 0, 0, close_at, SYNACK_OFFER_CLOSE, &reason));
  g_assert_nonnull (strstr (reason, "EBADF"));
  /* the server has not closed then */
  g_assert_true (synack_offer_call_at (trace, 0, 1, close_at, SYNACK_OFFER_CLOSE, NULL));
}


/* Acting at the cursor keeps the lesson: the changed run says so in its
 * title, and Ctrl+Z brings the lesson back at the same step. */
static void
test_undo_act (void)
{
  g_autoptr(GError) error = NULL;
  SynackWindow *window;
  SynackPlayer *player;
  SynackTrace *lesson, *changed;
  g_autofree char *lesson_title = NULL;
  guint lesson_events;
  int position = -1;

  SYNACK_TEST_NEED_DISPLAY ();
  window = synack_window_new (synack_test_gtk_get_application ());
  gtk_window_present (GTK_WINDOW (window));
  synack_test_gtk_start_scenario (window, "handshake-and-close");
  synack_test_gtk_settle ();
  player = synack_session_get_player (synack_window_get_session (window));
  lesson = g_object_ref (synack_session_get_trace (synack_window_get_session (window)));
  lesson_title = g_strdup (synack_trace_get_title (lesson));
  lesson_events = synack_trace_get_n_events (lesson);

  /* nothing to undo yet */
  synack_test_gtk_press (GTK_WIDGET (window), GDK_KEY_z, GDK_CONTROL_MASK);
  g_assert_true (synack_session_get_trace (synack_window_get_session (window)) == lesson);

  /* the cursor where the client's connection is open */
  for (guint i = 0; i < lesson_events; i++)
    {
      SynackEvent ev;

      synack_trace_read_event (lesson, i, &ev);
      if (ev.kind == SYNACK_EVENT_CALL && ev.endpoint == 0 &&
          ev.call.call == SYNACK_CALL_CONNECT_RETURNS)
        {
          position = (int) i;
          break;
        }
    }
  g_assert_cmpint (position, >, 0);
  synack_player_seek_event (player, position);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.act", "s", "client abort"));
  synack_test_gtk_settle ();
  changed = synack_session_get_trace (synack_window_get_session (window));
  g_assert_true (changed != lesson);
  g_assert_cmpuint (synack_trace_get_n_events (changed), <, lesson_events);
  g_assert_true (g_str_has_prefix (synack_trace_get_title (changed), lesson_title));
  g_assert_nonnull (strstr (synack_trace_get_title (changed), "client abort()"));

  /* Ctrl+Z: the lesson itself, its title and the step the act was made at */
  g_assert_true (synack_test_gtk_press (GTK_WIDGET (window), GDK_KEY_z, GDK_CONTROL_MASK));
  synack_test_gtk_settle ();
  g_assert_true (synack_session_get_trace (synack_window_get_session (window)) == lesson);
  g_assert_cmpstr (synack_trace_get_title (lesson), ==, lesson_title);
  g_assert_cmpuint (synack_trace_get_n_events (lesson), ==, lesson_events);
  g_assert_cmpint (synack_player_get_position (player), ==, position);

  /* two acts, two undos, in order; then nothing more */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.act", "s", "client send 1000"));
  changed = synack_session_get_trace (synack_window_get_session (window));
  g_assert_nonnull (strstr (synack_trace_get_title (changed), "send(1000 B)"));
  synack_player_seek_event (player, position);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.act", "s", "server abort"));
  g_assert_nonnull (strstr (synack_trace_get_title (synack_session_get_trace (synack_window_get_session (window))), "server abort()"));
  /* the second title names the lesson once, not the first change too */
  g_assert_null (strstr (synack_trace_get_title (synack_session_get_trace (synack_window_get_session (window))), "send(1000 B)"));
  synack_test_gtk_press (GTK_WIDGET (window), GDK_KEY_z, GDK_CONTROL_MASK);
  g_assert_true (synack_session_get_trace (synack_window_get_session (window)) == changed);
  synack_test_gtk_press (GTK_WIDGET (window), GDK_KEY_z, GDK_CONTROL_MASK);
  g_assert_true (synack_session_get_trace (synack_window_get_session (window)) == lesson);
  synack_test_gtk_press (GTK_WIDGET (window), GDK_KEY_z, GDK_CONTROL_MASK);
  g_assert_true (synack_session_get_trace (synack_window_get_session (window)) == lesson);

  /* another lesson since: the history was the other one's */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.act", "s", "client abort"));
  synack_test_gtk_start_scenario (window, "lost-syn");
  changed = synack_session_get_trace (synack_window_get_session (window));
  synack_test_gtk_press (GTK_WIDGET (window), GDK_KEY_z, GDK_CONTROL_MASK);
  g_assert_true (synack_session_get_trace (synack_window_get_session (window)) == changed);

  g_object_unref (lesson);
  gtk_window_destroy (GTK_WINDOW (window));
  synack_test_gtk_settle ();
}

static gboolean
count_frame (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       data)
{
  (*(guint *) data)++;
  return G_SOURCE_CONTINUE;
}

static gboolean
frames_at_least_three (gpointer data)
{
  return *(guint *) data >= 3;
}

/* Let a few frames go by, so that new CSS is in the widgets' sizes. */
static void
wait_frames (GtkWidget *widget)
{
  guint frames = 0;
  guint id = gtk_widget_add_tick_callback (widget, count_frame, &frames, NULL);

  gtk_widget_queue_draw (widget);
  g_assert_true (synack_test_gtk_wait_for (frames_at_least_three, &frames));
  gtk_widget_remove_tick_callback (widget, id);
}

typedef struct
{
  SynackWindow *window;
  int           width, height;
  SynackTrace  *trace;      /* wait for another trace than this one */
} SizeWait;

static gboolean
has_size (gpointer data)
{
  SizeWait *w = data;

  /* the window's default size includes its frame's few pixels */
  return ABS (gtk_widget_get_width (GTK_WIDGET (w->window)) - w->width) <= 16 &&
         ABS (gtk_widget_get_height (GTK_WIDGET (w->window)) - w->height) <= 16 &&
         gtk_widget_get_width (synack_window_get_part (w->window, "ladder")) > 0;
}

static gboolean
has_new_trace (gpointer data)
{
  SizeWait *w = data;
  SynackTrace *trace = synack_session_get_trace (synack_window_get_session (w->window));

  return trace != NULL && trace != w->trace;
}

static gboolean
is_drawn_widget (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_height (data) > 0;
}

/* Where a widget is drawn in the window. */
static graphene_rect_t
bounds_in_window (GtkWidget *widget)
{
  graphene_rect_t box;

  g_assert_true (gtk_widget_compute_bounds (widget, gtk_widget_get_root (widget)
                                                      ? GTK_WIDGET (gtk_widget_get_root (widget))
                                                      : widget, &box));
  return box;
}

/* The ladder keeps most of a 1366 x 768 laptop's screen, with a lesson
 * and with a capture: the side panel folds into an overlay, and opened it
 * shows the state diagram whole, above the transport bar. */
static void
check_laptop_screen (SynackWindow *window,
                     const char   *what)
{
  GtkWidget *ladder = synack_window_get_part (window, "ladder");
  GtkWidget *diagram = synack_window_get_part (window, "diagram");
  GtkWidget *transport = synack_window_get_part (window, "transport");
  AdwFlap *flap = ADW_FLAP (gtk_widget_get_ancestor (ladder, ADW_TYPE_FLAP));
  graphene_rect_t box, bar;
  int min_h;

  g_test_message ("%s", what);
  g_assert_true (adw_flap_get_folded (flap));
  g_assert_false (adw_flap_get_reveal_flap (flap));
  box = bounds_in_window (ladder);
  /* the ladder alone: more than half the window, most of its width */
  g_assert_cmpfloat (box.size.width, >, 0.75 * 1366);
  g_assert_cmpfloat (box.size.width * box.size.height, >, 0.5 * 1366 * 768);

  /* Opened, the panel's diagram is whole: its height at least what it
   * needs, its bottom above the transport bar, its right edge on screen. */
  adw_flap_set_reveal_flap (flap, TRUE);
  synack_test_gtk_settle ();
  g_assert_true (synack_test_gtk_wait_for (is_drawn_widget, diagram));
  synack_test_gtk_settle ();
  box = bounds_in_window (diagram);
  bar = bounds_in_window (transport);
  gtk_widget_measure (diagram, GTK_ORIENTATION_VERTICAL, -1, &min_h, NULL, NULL, NULL);
  g_assert_cmpfloat (box.size.height, >=, min_h);
  g_assert_cmpfloat (box.origin.y + box.size.height, <=, bar.origin.y + 0.5);
  g_assert_cmpfloat (box.origin.x + box.size.width, <=, 1366 + 0.5);
  adw_flap_set_reveal_flap (flap, FALSE);
  synack_test_gtk_settle ();
}

static void
test_laptop_screen (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *capture = NULL;
  g_autoptr(GFile) file = NULL;
  SynackWindow *window;
  SizeWait wait = { NULL, 1366, 768, NULL };

  SYNACK_TEST_NEED_DISPLAY ();
  window = synack_window_new (synack_test_gtk_get_application ());
  wait.window = window;
  gtk_window_set_default_size (GTK_WINDOW (window), 1366, 768);
  gtk_window_present (GTK_WINDOW (window));
  synack_test_gtk_start_scenario (window, "handshake-and-close");
  g_assert_true (synack_test_gtk_wait_for (has_size, &wait));
  synack_test_gtk_settle ();
  check_laptop_screen (window, "a lesson");

  capture = g_test_build_filename (G_TEST_DIST, "data", "capture", "close-client.pcap", NULL);
  file = g_file_new_for_path (capture);
  wait.trace = synack_session_get_trace (synack_window_get_session (window));
  synack_window_open_file (window, file);
  g_assert_true (synack_test_gtk_wait_for (has_new_trace, &wait));
  synack_test_gtk_settle ();
  /* a capture has no act bar to take room */
  g_assert_false (gtk_widget_get_visible (synack_window_get_part (window, "act-bar")));
  check_laptop_screen (window, "a capture");

  /* A wider window keeps the panel beside the ladder. */
  wait.width = 1440;
  wait.height = 900;
  gtk_window_set_default_size (GTK_WINDOW (window), 1440, 900);
  g_assert_true (synack_test_gtk_wait_for (has_size, &wait));
  synack_test_gtk_settle ();
  {
    AdwFlap *flap = ADW_FLAP (gtk_widget_get_ancestor (synack_window_get_part (window, "ladder"),
                                                       ADW_TYPE_FLAP));

    int min_width;

    g_assert_false (adw_flap_get_folded (flap));
    g_assert_true (adw_flap_get_reveal_flap (flap));
    /* The window folds the panel itself, and the panel beside the ladder
     * never raises the window's least width: it can always be made
     * narrower than the two side by side, and then the panel folds. */
    g_assert_cmpint (adw_flap_get_fold_policy (flap), ==, ADW_FLAP_FOLD_POLICY_NEVER);
    gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL,
                        NULL, NULL);
    g_assert_cmpint (min_width, <, 1366);
    wait.width = 1366;
    wait.height = 768;
    gtk_window_set_default_size (GTK_WINDOW (window), 1366, 768);
    g_assert_true (synack_test_gtk_wait_for (has_size, &wait));
    synack_test_gtk_settle ();
    g_assert_cmpint (adw_flap_get_fold_policy (flap), ==, ADW_FLAP_FOLD_POLICY_ALWAYS);
    g_assert_true (adw_flap_get_folded (flap));
  }
  gtk_window_destroy (GTK_WINDOW (window));
  synack_test_gtk_settle ();
}

typedef struct
{
  int diagram_w, diagram_h, numbers_w, numbers_h, rfc_h, heading_h, row_h, explanation_h;
} PanelSizes;

/* The first label under widget with a style class (and some text). */
static GtkWidget *
find_label (GtkWidget  *widget,
            const char *css_class)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (child) && gtk_widget_has_css_class (child, css_class) &&
          gtk_label_get_text (GTK_LABEL (child))[0] != '\0')
        return child;
      if ((found = find_label (child, css_class)) != NULL)
        return found;
    }
  return NULL;
}

static int
natural_height (GtkWidget *widget)
{
  int min, nat;

  g_assert_nonnull (widget);
  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, -1, &min, &nat, NULL, NULL);
  return nat;
}

static PanelSizes
panel_sizes (SynackWindow *window)
{
  PanelSizes sizes;
  int min;

  gtk_widget_measure (synack_window_get_part (window, "diagram"), GTK_ORIENTATION_HORIZONTAL,
                      -1, &min, &sizes.diagram_w, NULL, NULL);
  gtk_widget_measure (synack_window_get_part (window, "diagram"), GTK_ORIENTATION_VERTICAL,
                      -1, &min, &sizes.diagram_h, NULL, NULL);
  gtk_widget_measure (synack_window_get_part (window, "seqspace"), GTK_ORIENTATION_HORIZONTAL,
                      -1, &min, &sizes.numbers_w, NULL, NULL);
  gtk_widget_measure (synack_window_get_part (window, "seqspace"), GTK_ORIENTATION_VERTICAL,
                      -1, &min, &sizes.numbers_h, NULL, NULL);
  sizes.rfc_h = natural_height (synack_window_get_part (window, "rfc"));
  /* the side panel's Details: its heading and a row's name */
  sizes.heading_h = natural_height (find_label (synack_window_get_part (window, "details"),
                                                "heading"));
  sizes.row_h = natural_height (find_label (synack_window_get_part (window, "details"),
                                            "dim-label"));
  /* at a fixed width, so only the text's size makes it taller */
  gtk_widget_measure (synack_window_get_part (window, "explanation"), GTK_ORIENTATION_VERTICAL,
                      4000, &min, &sizes.explanation_h, NULL, NULL);
  return sizes;
}

static gboolean
text_scale_is (gpointer data)
{
  SizeWait *w = data;
  GSettings *settings = synack_application_get_settings (synack_test_gtk_get_application ());
  double preference = settings != NULL ? g_settings_get_double (settings, "presentation-scale") : 1;
  /* against a 1920 x 1080 projector, within the session's bounds */
  double fit = CLAMP (MIN (gtk_widget_get_width (GTK_WIDGET (w->window)) / 1920.0,
                           gtk_widget_get_height (GTK_WIDGET (w->window)) / 1080.0), 0.7, 1.4);
  double want = 1.5 * preference * fit;

  return has_size (data) &&
         fabs (synack_session_get_text_scale (synack_window_get_session (w->window)) - want) < 0.02;
}

/* In presentation mode everything scales with the window, together: the
 * ladder's text, the side panel's state diagram and Numbers, the details,
 * the explanation and its RFC reference. (The window sizes fit the tests'
 * 1600 x 1000 screen.) */
static void
test_presentation_scales_panel (void)
{
  g_autoptr(GError) error = NULL;
  SynackWindow *window;
  SizeWait wait = { NULL, 1560, 960, NULL };
  PanelSizes desk, big, small;
  double scale_big, scale_small;

  SYNACK_TEST_NEED_DISPLAY ();
  window = synack_window_new (synack_test_gtk_get_application ());
  wait.window = window;
  gtk_window_set_default_size (GTK_WINDOW (window), wait.width, wait.height);
  gtk_window_present (GTK_WINDOW (window));
  synack_test_gtk_start_scenario (window, "handshake-and-close");
  g_assert_true (synack_test_gtk_wait_for (has_size, &wait));
  /* a few steps in, so Details has its rows and the explanation its RFC */
  for (int i = 0; i < 8; i++)
    synack_player_step_forward (synack_session_get_player (synack_window_get_session (window)));
  wait_frames (GTK_WIDGET (window));
  desk = panel_sizes (window);

  /* a teacher's larger presentation scale, when the settings are there */
  if (synack_application_get_settings (synack_test_gtk_get_application ()) != NULL)
    g_settings_set_double (synack_application_get_settings (synack_test_gtk_get_application ()), "presentation-scale", 1.5);
  synack_window_set_presentation (window, TRUE);
  g_assert_true (synack_test_gtk_wait_for (text_scale_is, &wait));
  wait_frames (GTK_WIDGET (window));
  big = panel_sizes (window);
  scale_big = synack_session_get_text_scale (synack_window_get_session (window));
  g_test_message ("desktop: diagram %d x %d, numbers %d x %d, text %d %d %d %d; "
                  "presentation at %.2f: diagram %d x %d, numbers %d x %d, text %d %d %d %d",
                  desk.diagram_w, desk.diagram_h, desk.numbers_w, desk.numbers_h,
                  desk.rfc_h, desk.heading_h, desk.row_h, desk.explanation_h, scale_big,
                  big.diagram_w, big.diagram_h, big.numbers_w, big.numbers_h,
                  big.rfc_h, big.heading_h, big.row_h, big.explanation_h);
  g_assert_cmpfloat (scale_big, >, 1.15);
  g_assert_cmpfloat (synack_state_diagram_get_text_scale (SYNACK_STATE_DIAGRAM (
    synack_window_get_part (window, "diagram"))), ==, scale_big);
  g_assert_cmpfloat (synack_seqspace_view_get_text_scale (SYNACK_SEQSPACE_VIEW (
    synack_window_get_part (window, "seqspace"))), ==, scale_big);
  /* the drawings by the scale, the text larger too */
  g_assert_cmpint (big.diagram_w, >=, desk.diagram_w * scale_big - 1);
  g_assert_cmpint (big.diagram_h, >=, desk.diagram_h * scale_big - 1);
  g_assert_cmpint (big.numbers_w, >=, desk.numbers_w * scale_big - 1);
  g_assert_cmpint (big.numbers_h, >=, desk.numbers_h * scale_big - 1);
  g_assert_cmpint (big.rfc_h, >, desk.rfc_h);
  g_assert_cmpint (big.heading_h, >, desk.heading_h);
  g_assert_cmpint (big.row_h, >, desk.row_h);
  g_assert_cmpint (big.explanation_h, >, desk.explanation_h);

  /* A smaller window (one the larger text still fits): all of it smaller,
   * in the window's proportion */
  wait.width = 1300;
  wait.height = 800;
  gtk_window_set_default_size (GTK_WINDOW (window), wait.width, wait.height);
  g_assert_true (synack_test_gtk_wait_for (text_scale_is, &wait));
  wait_frames (GTK_WIDGET (window));
  small = panel_sizes (window);
  scale_small = synack_session_get_text_scale (synack_window_get_session (window));
  g_assert_cmpfloat (scale_small, <, scale_big * 0.9);
  g_assert_cmpint (small.diagram_w, <=, big.diagram_w * scale_small / scale_big + 2);
  g_assert_cmpint (small.diagram_h, <=, big.diagram_h * scale_small / scale_big + 2);
  g_assert_cmpint (small.numbers_w, <=, big.numbers_w * scale_small / scale_big + 2);
  g_assert_cmpint (small.numbers_h, <=, big.numbers_h * scale_small / scale_big + 2);
  g_assert_cmpint (small.rfc_h, <, big.rfc_h);
  g_assert_cmpint (small.heading_h, <, big.heading_h);
  g_assert_cmpint (small.row_h, <, big.row_h);
  g_assert_cmpint (small.explanation_h, <, big.explanation_h);

  synack_window_set_presentation (window, FALSE);
  if (synack_application_get_settings (synack_test_gtk_get_application ()) != NULL)
    g_settings_reset (synack_application_get_settings (synack_test_gtk_get_application ()), "presentation-scale");
  gtk_window_destroy (GTK_WINDOW (window));
  synack_test_gtk_settle ();
}

/* The cursor's height in the window, as a time view draws it. */
static double
cursor_in_window (GtkWidget *view)
{
  double y = synack_time_view_get_cursor_y (SYNACK_TIME_VIEW (view));
  graphene_rect_t box = bounds_in_window (view);

  g_assert_false (isnan (y));
  return box.origin.y + y;
}

typedef struct
{
  SynackWindow *window;
} CompareWait;

static gboolean
has_compare_drawn (gpointer data)
{
  SynackWindow *window = data;
  GtkWidget *ladder = synack_window_get_part (window, "compare-ladder");

  return ladder != NULL && gtk_widget_get_mapped (ladder) && gtk_widget_get_height (ladder) > 0;
}

/* What if segment 1 were lost: the two runs differ in their idle time (the
 * SYN's retransmission timeout); both are drawn with the breaks where both
 * are idle, and the one cursor is at the same height in both ladders and
 * both timelines, step after step. */
static void
test_what_if_one_cursor (void)
{
  g_autoptr(GError) error = NULL;
  SynackWindow *window;
  SynackSession *session;
  SynackPlayer *player;
  SynackTrace *trace;
  GtkWidget *ladder, *timeline, *other_ladder, *other_timeline;
  SizeWait wait = { NULL, 1560, 960, NULL };
  guint checked = 0, apart = 0;
  int first = -1;

  SYNACK_TEST_NEED_DISPLAY ();
  window = synack_window_new (synack_test_gtk_get_application ());
  wait.window = window;
  gtk_window_set_default_size (GTK_WINDOW (window), wait.width, wait.height);
  gtk_window_present (GTK_WINDOW (window));
  synack_test_gtk_start_scenario (window, "handshake-and-close");
  g_assert_true (synack_test_gtk_wait_for (has_size, &wait));
  session = synack_window_get_session (window);
  player = synack_session_get_player (session);
  trace = synack_session_get_trace (session);
  for (guint i = 0; i < synack_trace_get_n_events (trace) && first < 0; i++)
    if (synack_trace_get_event_kind (trace, i) == SYNACK_EVENT_SEGMENT)
      first = (int) i;
  synack_ladder_frame_set_what_if_segment (
    SYNACK_LADDER_FRAME (synack_window_get_part (window, "ladder-frame")), first);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.what-if", "s", "lose"));
  g_assert_nonnull (synack_session_get_compare (session));
  g_assert_true (synack_test_gtk_wait_for (has_compare_drawn, window));
  wait_frames (GTK_WIDGET (window));

  /* the two runs' axes are idle at the same times: the same breaks,
   * among them the client's TIME-WAIT, where the what-if run is over */
  {
    SynackViewState *a = synack_session_get_view_state (session);
    SynackViewState *b = synack_session_get_view_state (synack_session_get_compare (session));
    SynackTimeAxis *axis_a = synack_view_state_get_axis (a);
    SynackTimeAxis *axis_b = synack_view_state_get_axis (b);
    double ns = synack_view_state_get_ns_per_pixel (a);
    guint n = synack_time_axis_get_n_breaks (axis_a, ns);

    g_assert_true (synack_view_state_get_partner (a) == b);
    g_assert_cmpfloat (synack_view_state_get_ns_per_pixel (b), ==, ns);
    g_assert_cmpuint (n, >, 0);
    g_assert_cmpuint (synack_time_axis_get_n_breaks (axis_b, ns), ==, n);
    for (guint i = 0; i < n; i++)
      {
        gint64 a0, a1, b0, b1;

        synack_time_axis_get_break (axis_a, ns, i, &a0, &a1);
        synack_time_axis_get_break (axis_b, ns, i, &b0, &b1);
        g_assert_cmpint (a0, ==, b0);
        g_assert_cmpint (a1, ==, b1);
      }
    g_assert_cmpint (synack_time_axis_get_start (axis_a), ==, synack_time_axis_get_start (axis_b));
    g_assert_cmpint (synack_time_axis_get_end (axis_a), ==, synack_time_axis_get_end (axis_b));
  }

  ladder = synack_window_get_part (window, "ladder");
  timeline = synack_window_get_part (window, "timeline");
  other_ladder = synack_window_get_part (window, "compare-ladder");
  other_timeline = synack_compare_pane_get_timeline (
    SYNACK_COMPARE_PANE (synack_window_get_part (window, "compare")));

  while (synack_player_step_forward (player))
    {
      SynackViewState *a = synack_session_get_view_state (session);
      SynackViewState *b = synack_session_get_view_state (synack_session_get_compare (session));
      double y;

      wait_frames (GTK_WIDGET (window));
      y = cursor_in_window (ladder);
      /* only where the cursor is on screen */
      if (y < bounds_in_window (ladder).origin.y + synack_time_view_get_header_px (SYNACK_TIME_VIEW (ladder)) ||
          y > bounds_in_window (ladder).origin.y + gtk_widget_get_height (ladder))
        continue;
      g_assert_cmpfloat_with_epsilon (cursor_in_window (other_ladder), y, 0.5);
      g_assert_cmpfloat_with_epsilon (cursor_in_window (timeline), y, 0.5);
      g_assert_cmpfloat_with_epsilon (cursor_in_window (other_timeline), y, 0.5);
      checked++;
      /* the two views start at different times: the level cursor is the
       * alignment's doing, not two equal axes */
      if (synack_view_state_get_start_time (a) != synack_view_state_get_start_time (b))
      apart++;
    }
  g_test_message ("cursor level at %u steps, %u of them with the views apart", checked, apart);
  g_assert_cmpuint (checked, >=, 10);
  g_assert_cmpuint (apart, >, 0);
  gtk_window_destroy (GTK_WINDOW (window));
  synack_test_gtk_settle ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  synack_test_gtk_init ();
  if (synack_test_gtk_have_display ())
    synack_ui_ensure_resources ();

  g_test_add_func ("/synack/classroom/export/file-stem", test_file_stem);
  g_test_add_func ("/synack/classroom/export/options", test_export_options);
  g_test_add_func ("/synack/classroom/export/save", test_export_save);
  g_test_add_func ("/synack/classroom/event-counter", test_event_counter);
  g_test_add_func ("/synack/classroom/offered-calls/by-state", test_offered_calls_by_state);
  g_test_add_func ("/synack/classroom/offered-calls/in-trace", test_offered_calls_in_trace);
  g_test_add_func ("/synack/classroom/undo-act", test_undo_act);
  g_test_add_func ("/synack/classroom/laptop-screen", test_laptop_screen);
  g_test_add_func ("/synack/classroom/presentation-scales-panel", test_presentation_scales_panel);
  g_test_add_func ("/synack/classroom/what-if/one-cursor", test_what_if_one_cursor);
  return synack_test_gtk_run ();
}
