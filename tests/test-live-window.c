/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window during a live capture past its memory budget: the title's
 * subtitle and the connection list's header count the finished connections
 * let go (and their packets), the list has a row for each kept one only,
 * and the connection shown is never let go. The capture is a file replayed
 * through the live path, with the budget set in Preferences. */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "live-traffic.h"
#include "synack-application.h"
#include "synack-connection-list.h"
#include "synack-document.h"
#include "synack-export.h"
#include "synack-session.h"
#include "synack-window.h"

static gboolean have_display;

/* The first label under widget whose text holds needle, or NULL. */
static GtkLabel *
find_label (GtkWidget  *widget,
            const char *needle)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), needle) != NULL)
    return GTK_LABEL (widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkLabel *found = find_label (c, needle);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
settle (void)
{
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
}

static void
test_dropped_count_shown (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(SynackApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) re = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  SynackWindow *window;
  SynackSession *session;
  SynackDocument *doc;
  SynackTrace *trace;
  GtkWidget *list;
  GtkLabel *count;
  const char *subtitle;
  g_autofree char *n_text = NULL;
  gint64 deadline;
  guint shown;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }
  dir = g_dir_make_tmp ("synack-live-window-XXXXXX", NULL);
  path = live_traffic_write_pcap (dir, 3000, 50, 20);
  app = synack_application_new (G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  /* Preferences: a budget of 1 MiB */
  g_settings_set_uint (synack_application_get_settings (app), "live-memory-budget", 1);

  window = synack_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (synack_window_start_replay (window, path, &error));
  g_assert_no_error (error);
  session = synack_window_get_session (window);
  doc = synack_session_get_document (session);
  g_assert_nonnull (doc);
  /* a wait for the replay to end, not a timing assertion */
  deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
  while (synack_document_get_running (doc) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (synack_document_get_running (doc));
  settle ();

  trace = synack_session_get_trace (session);
  g_assert_cmpuint (synack_trace_get_n_dropped_connections (trace), >, 1500);
  g_assert_cmpuint (synack_trace_get_memory_size (trace), <=, 1 << 20);

  /* the title says how many were let go, and their packets */
  subtitle = adw_window_title_get_subtitle (ADW_WINDOW_TITLE (synack_window_get_part (window,
                                                                                      "title")));
  re = g_regex_new ("(\\d+) finished connections \\((\\d+) packets\\) let go to stay within 1 MiB",
                    0, 0, NULL);
  if (!g_regex_match (re, subtitle, 0, &match))
    g_error ("the title does not count what was let go: %s", subtitle);
  n_text = g_match_info_fetch (match, 1);
  g_assert_cmpuint (g_ascii_strtoull (n_text, NULL, 10), ==,
                    synack_trace_get_n_dropped_connections (trace));

  /* so does the connection list's header; its rows are the kept ones */
  list = synack_window_get_part (window, "connections");
  count = find_label (list, "let go");
  g_assert_nonnull (count);
  g_assert_nonnull (strstr (gtk_label_get_text (count), n_text));
  g_assert_cmpuint (synack_connection_list_get_n_rows (SYNACK_CONNECTION_LIST (list)), ==,
                    synack_trace_get_n_kept_connections (trace));

  /* the connection shown (the first) was held: never let go */
  shown = synack_session_get_connection (session);
  g_assert_false (synack_trace_get_connection (trace, shown)->flags & SYNACK_CONNECTION_DROPPED);
  g_assert_cmpuint (synack_trace_get_connection (trace, shown)->n_events, >, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  settle ();
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("GTK_A11Y", "none", TRUE);
  have_display = gtk_init_check ();
  if (have_display)
    adw_init ();
  g_test_add_func ("/synack/live-window/dropped-count-shown", test_dropped_count_shown);
  return g_test_run ();
}
