/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A capture loading in view: the window shows the first connection as soon
 * as it is complete, while the rest of the file still loads (the loader
 * paced to one segment a main-loop iteration, so that "while" is certain),
 * the connection list grows as connections come, the bar over the window
 * says how far the load is, and Cancel stops the load and leaves the window
 * usable, with what was read and a message saying what happened. */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "synack-connection-list.h"
#include "synack-document-loader.h"
#include "synack-load-bar.h"
#include "synack-player.h"
#include "synack-test-utils-gtk.h"
#include "synack-window.h"

#define N_CONNECTIONS 300u

typedef struct
{
  SynackWindow *window;
  char         *path;
} Fixture;

static SynackSession *
session (Fixture *f)
{
  return synack_window_get_session (f->window);
}

static SynackTrace *
shown_trace (Fixture *f)
{
  return synack_session_get_trace (session (f));
}

static const char *
stack_page (Fixture *f)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (synack_window_get_part (f->window,
                                                                              "stack")));
}

static SynackLoadBar *
load_bar (Fixture *f)
{
  GtkWidget *bar = synack_window_get_part (f->window, "load-bar");

  return bar != NULL ? SYNACK_LOAD_BAR (bar) : NULL;
}

static gboolean
bar_loading (Fixture *f)
{
  return load_bar (f) != NULL && synack_load_bar_get_loading (load_bar (f));
}

static SynackConnectionList *
connection_list (Fixture *f)
{
  return SYNACK_CONNECTION_LIST (synack_window_get_part (f->window, "connections"));
}

/* Iterate the main loop until cond holds; at most a few hundred thousand
 * iterations, a bound on a wait that never comes, not a timing. */
static gboolean
iterate_until (gboolean (*cond) (Fixture *f),
               Fixture   *f)
{
  for (guint i = 0; i < 400000; i++)
    {
      if (cond (f))
        return TRUE;
      g_main_context_iteration (NULL, FALSE);
    }
  return cond (f);
}

static gboolean
shows_capture (Fixture *f)
{
  SynackTrace *trace = shown_trace (f);

  return g_strcmp0 (stack_page (f), "trace") == 0 && trace != NULL &&
         synack_trace_get_source (trace) == SYNACK_TRACE_SOURCE_FILE;
}

static guint grown_from;

static gboolean
list_grew (Fixture *f)
{
  return synack_connection_list_get_n_rows (connection_list (f)) > grown_from;
}

static gboolean
load_over (Fixture *f)
{
  return !bar_loading (f) && g_strcmp0 (stack_page (f), "loading") != 0;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  if (!synack_test_gtk_have_display ())
    return;
  f->path = synack_test_write_closed_connections (N_CONNECTIONS);
  f->window = synack_window_new (synack_test_gtk_get_application ());
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1400, 900);
  gtk_window_present (GTK_WINDOW (f->window));
  synack_test_gtk_start_scenario (f->window, "handshake-and-close");
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  synack_document_loader_set_test_pace (0);
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  if (f->path != NULL)
    g_unlink (f->path);
  g_free (f->path);
}

/* The first connection is drawn before the load ends, complete; the list
 * grows; the end of the load shows every connection, the bar gone. */
static void
test_first_connection_early (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GFile) file = NULL;
  SynackTrace *trace;
  const SynackConnection *c;
  guint conn;

  SYNACK_TEST_NEED_DISPLAY ();

  synack_document_loader_set_test_pace (1);
  file = g_file_new_for_path (f->path);
  synack_window_open_file (f->window, file);
  g_assert_cmpstr (stack_page (f), ==, "loading");
  g_assert_true (iterate_until (shows_capture, f));

  /* shown while it loads: the bar says so, and far from every connection is read */
  trace = shown_trace (f);
  g_assert_true (bar_loading (f));
  g_assert_nonnull (strstr (synack_load_bar_get_text (load_bar (f)), "Reading "));
  g_assert_cmpuint (synack_trace_get_n_connections (trace), <, N_CONNECTIONS / 2);
  /* the connection shown is complete: all its segments, both ends closed */
  conn = synack_session_get_connection (session (f));
  g_assert_cmpuint (conn, ==, 0);
  c = synack_trace_get_connection (trace, conn);
  g_assert_true (c->flags & SYNACK_CONNECTION_FINISHED);
  g_assert_cmpuint (c->n_segments, ==, 7);
  g_assert_cmpstr (c->summary, ==, "SF");
  g_assert_cmpint (synack_player_get_connection (synack_session_get_player (session (f))), ==, 0);
  g_assert_cmpuint (synack_view_state_get_connection (synack_session_get_view_state (session (f))),
                    ==, 0);
  /* and the ladder draws it */
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (gtk_widget_get_mapped (synack_window_get_part (f->window, "ladder")));

  /* the list grows with the trace, as connections come */
  grown_from = synack_connection_list_get_n_rows (connection_list (f));
  g_assert_cmpuint (grown_from, >=, 1);
  g_assert_true (iterate_until (list_grew, f));
  g_assert_true (bar_loading (f));

  /* the end: every connection, in the list too, the bar gone, the same trace */
  synack_document_loader_set_test_pace (0);
  g_assert_true (iterate_until (load_over, f));
  g_assert_true (shown_trace (f) == trace);
  g_assert_cmpuint (synack_trace_get_n_connections (trace), ==, N_CONNECTIONS);
  g_assert_cmpuint (synack_connection_list_get_n_rows (connection_list (f)), ==, N_CONNECTIONS);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (load_bar (f))));
  g_assert_cmpuint (synack_session_get_connection (session (f)), ==, conn);
}

/* Cancel stops the load: no more connections come, what was read stays
 * shown and usable, and the bar says what happened until it is closed. */
static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GFile) file = NULL;
  SynackTrace *trace;
  SynackPlayer *player;
  const char *text;
  guint n;

  SYNACK_TEST_NEED_DISPLAY ();

  synack_document_loader_set_test_pace (1);
  file = g_file_new_for_path (f->path);
  synack_window_open_file (f->window, file);
  g_assert_true (iterate_until (shows_capture, f));
  trace = shown_trace (f);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.cancel-load", NULL));
  g_assert_true (iterate_until (load_over, f));
  n = synack_trace_get_n_connections (trace);
  g_assert_cmpuint (n, <, N_CONNECTIONS);
  g_assert_true (shown_trace (f) == trace);
  g_assert_cmpstr (stack_page (f), ==, "trace");

  /* it says what happened, and how much is shown */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (load_bar (f))));
  text = synack_load_bar_get_text (load_bar (f));
  g_assert_nonnull (strstr (text, "Loading cancelled at "));
  g_assert_null (strstr (text, "at 100%"));   /* where it stopped, not the end */
  {
    g_autofree char *count = g_strdup_printf (" %u connection", n);

    g_assert_nonnull (strstr (text, count));
  }

  /* nothing more comes */
  for (int i = 0; i < 2000; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (synack_trace_get_n_connections (trace), ==, n);
  g_assert_cmpuint (synack_connection_list_get_n_rows (connection_list (f)), ==, n);

  /* usable: stepping, and choosing another connection from the list */
  player = synack_session_get_player (session (f));
  synack_player_step_forward (player);
  g_assert_cmpint (synack_player_get_position (player), >=, 0);
  if (n > 1)
    {
      synack_connection_list_activate (connection_list (f), 1);
      g_assert_cmpuint (synack_session_get_connection (session (f)), ==, 1);
    }

  /* a new file opens as ever after it */
  synack_document_loader_set_test_pace (0);
  synack_window_open_file (f->window, file);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (load_bar (f))));
  g_assert_true (iterate_until (load_over, f));
  g_assert_cmpuint (synack_trace_get_n_connections (shown_trace (f)), ==, N_CONNECTIONS);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  synack_test_gtk_init ();

  g_test_add ("/synack/window-streaming/first-connection-early", Fixture, NULL, fixture_set_up,
              test_first_connection_early, fixture_tear_down);
  g_test_add ("/synack/window-streaming/cancel", Fixture, NULL, fixture_set_up, test_cancel,
              fixture_tear_down);

  return synack_test_gtk_run ();
}
