/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window during a live capture past its memory budget: the title's
 * subtitle and the connection list's header count the finished connections
 * let go (and their packets), the list has a row for each kept one only,
 * and the connection shown is never let go; saved, the capture opens to the
 * connections the list shows, and its temporary files go with the window;
 * open connections alone past the budget are said (subtitle and toast); a
 * full disk stops the capture with a dialog that says so, the trace kept.
 * The capture is a file replayed through the live path, with the budget
 * set in Preferences. */
#define _GNU_SOURCE 1  /* unshare () */
#include "config.h"

#include <adwaita.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <sched.h>
#include <string.h>
#include <sys/mount.h>

#include "live-traffic.h"
#include "synack-application.h"
#include "synack-connection-list.h"
#include "synack-document.h"
#include "synack-export.h"
#include "synack-pcap-source.h"
#include "synack-session.h"
#include "synack-test-utils-gtk.h"
#include "synack-window.h"

static gboolean have_display;
static char *tmp_root;              /* this process's TMPDIR */
static char *work_base;             /* where the tests' own files go: not there */
static const char *no_namespace;    /* why no mount namespace could be had, or NULL */

static char *
write_traffic (const char *dir,
               guint       open_every)
{
  return live_traffic_write_pcap (dir, 3000, open_every, 20);
}

static char *
work_dir (void)
{
  char *dir = g_build_filename (work_base, "synack-live-window-XXXXXX", NULL);

  g_assert_nonnull (g_mkdtemp (dir));
  return dir;
}

/* One application for every test: a second could not be registered on
 * the bus while the first one's windows are still going. */
static SynackApplication *
shared_app (void)
{
  static SynackApplication *app;
  g_autoptr(GError) error = NULL;

  if (app == NULL)
    {
      app = synack_application_new (G_APPLICATION_NON_UNIQUE);
      g_application_register (G_APPLICATION (app), NULL, &error);
      g_assert_no_error (error);
    }
  return app;
}

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
  SynackApplication *app = NULL;
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
  dir = work_dir ();
  path = write_traffic (dir, 50);
  app = shared_app ();
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

typedef struct
{
  SynackWindow *window;
  guint         over;        /* times the open connections went past the budget */
  guint         toasted;     /* ... with the toast that says so shown */
} Watch;

/* The document's subtitle changed (the window's own handler ran first):
 * when its open connections just went past the budget, the toast is there. */
static void
watch_subtitle (SynackDocument *doc,
                GParamSpec     *pspec,
                Watch          *watch)
{
  static gboolean was_over;
  gboolean over = synack_document_get_over_budget (doc);

  if (over && !was_over)
    {
      watch->over++;
      if (find_label (GTK_WIDGET (watch->window),
                      "none can be let go, so it grows past it") != NULL)
        watch->toasted++;
    }
  was_over = over;
}

/* A window with a replay of path started at a budget of 1 MiB, run to its
 * end, watched. (transfer full) */
static SynackWindow *
replay_in_window_watched (SynackApplication *app,
                          const char        *path,
                          Watch             *watch)
{
  g_autoptr(GError) error = NULL;
  SynackWindow *window;
  SynackDocument *doc;
  gint64 deadline;

  g_settings_set_uint (synack_application_get_settings (app), "live-memory-budget", 1);
  window = synack_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (synack_window_start_replay (window, path, &error));
  g_assert_no_error (error);
  doc = synack_session_get_document (synack_window_get_session (window));
  if (watch != NULL)
    {
      watch->window = window;
      g_signal_connect (doc, "notify::subtitle", G_CALLBACK (watch_subtitle), watch);
    }
  /* a wait for the replay to end, not a timing assertion */
  deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
  while (synack_document_get_running (doc) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (synack_document_get_running (doc));
  settle ();
  if (watch != NULL)
    g_signal_handlers_disconnect_by_data (doc, watch);
  return window;
}

static SynackWindow *
replay_in_window (SynackApplication *app,
                  const char        *path)
{
  return replay_in_window_watched (app, path, NULL);
}

/* Saved, the capture opens to the connections the list shows; the
 * temporary files are there while the window shows the capture, and go
 * with the window. */
static void
test_saved_and_removed (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *saved_path = NULL;
  SynackApplication *app = NULL;
  g_autoptr(SynackTrace) saved = NULL;
  g_autoptr(GError) error = NULL;
  SynackCaptureStats stats;
  SynackWindow *window;
  SynackSession *session;
  SynackTrace *trace;
  GtkWidget *list;
  guint64 kept_segments = 0;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }
  dir = work_dir ();
  path = write_traffic (dir, 50);
  saved_path = g_build_filename (dir, "saved.pcap", NULL);
  app = shared_app ();
  g_assert_cmpuint (synack_test_count_entries (tmp_root, ""), ==, 0);
  window = replay_in_window (app, path);
  session = synack_window_get_session (window);
  trace = synack_session_get_trace (session);
  list = synack_window_get_part (window, "connections");
  g_assert_cmpuint (synack_trace_get_n_dropped_connections (trace), >, 1500);

  g_assert_true (synack_document_save (synack_session_get_document (session), saved_path,
                                       &error));
  g_assert_no_error (error);
  synack_capture_stats_init (&stats);
  saved = synack_pcap_load_file (saved_path, NULL, NULL, NULL, NULL, &stats, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (synack_trace_get_n_connections (saved), ==,
                    synack_connection_list_get_n_rows (SYNACK_CONNECTION_LIST (list)));
  for (guint p = 0; p < synack_trace_get_n_kept_connections (trace); p++)
    {
      guint ci = synack_trace_get_kept_connection (trace, p);
      const SynackConnection *a = synack_trace_get_connection (trace, ci);
      const SynackConnection *b = synack_trace_get_connection (saved, p);

      g_assert_cmpuint (a->port[0], ==, b->port[0]);
      g_assert_cmpuint (a->n_segments, ==, b->n_segments);
      g_assert_cmpstr (a->summary, ==, b->summary);
      kept_segments += a->n_segments;
    }
  g_assert_cmpuint (stats.packets, ==, kept_segments);
  synack_capture_stats_clear (&stats);

  /* the spool is in TMPDIR while the window shows the capture */
  g_assert_cmpuint (synack_test_count_entries (tmp_root, ""), ==, 1);
  gtk_window_destroy (GTK_WINDOW (window));
  settle ();
  g_assert_cmpuint (synack_test_count_entries (tmp_root, ""), ==, 0);
  g_unlink (saved_path);
  g_unlink (path);
  g_rmdir (dir);
}

/* Every connection stays open: past the budget nothing can be let go, and
 * the window says so, in the subtitle and a toast. */
static void
test_open_alone_over (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  SynackApplication *app = NULL;
  g_autoptr(GError) error = NULL;
  SynackWindow *window;
  SynackTrace *trace;
  const char *subtitle;
  Watch watch = { 0 };

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }
  dir = work_dir ();
  path = write_traffic (dir, 1);
  app = shared_app ();
  window = replay_in_window_watched (app, path, &watch);
  trace = synack_session_get_trace (synack_window_get_session (window));
  g_assert_cmpuint (synack_trace_get_n_dropped_connections (trace), ==, 0);
  g_assert_cmpuint (synack_trace_get_memory_size (trace), >, 1 << 20);

  subtitle = adw_window_title_get_subtitle (ADW_WINDOW_TITLE (synack_window_get_part (window,
                                                                                      "title")));
  if (!g_regex_match_simple ("the open connections alone take [0-9.]+ MiB, past the 1 MiB "
                             "budget: none can be let go", subtitle, 0, 0))
    g_error ("the title does not say the open connections are past the budget: %s", subtitle);
  /* a toast when it happened, once (it stayed past the budget) */
  g_assert_cmpuint (watch.over, ==, 1);
  g_assert_cmpuint (watch.toasted, ==, 1);
  synack_test_gtk_screenshot (GTK_WIDGET (window), "live-open-alone-over");

  gtk_window_destroy (GTK_WINDOW (window));
  settle ();
  g_unlink (path);
  g_rmdir (dir);
}

static AdwMessageDialog *
find_dialog (const char *heading)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* (transfer none) */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w) &&
          g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (w)), heading) == 0)
        return ADW_MESSAGE_DIALOG (w);
    }
  return NULL;
}

/* The disk fills up (a small file system over TMPDIR, in this test's own
 * mount namespace): the capture stops with a dialog that says where and
 * why, and the window keeps what was captured. */
static void
test_disk_full (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  SynackApplication *app = NULL;
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;
  SynackWindow *window;
  SynackTrace *trace;
  const char *body;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }
  if (no_namespace != NULL)
    {
      g_test_skip (no_namespace);
      return;
    }
  dir = work_dir ();
  path = write_traffic (dir, 50);
  if (mount ("synack-test", tmp_root, "tmpfs", 0, "size=512k") != 0)
    {
      g_test_skip ("cannot mount a small tmpfs in the test's namespace");
      return;
    }
  app = shared_app ();
  window = replay_in_window (app, path);
  trace = synack_session_get_trace (synack_window_get_session (window));

  dialog = find_dialog ("The Live Capture Stopped");
  g_assert_nonnull (dialog);
  body = adw_message_dialog_get_body (dialog);
  g_assert_nonnull (strstr (body, tmp_root));
  g_assert_nonnull (strstr (body, g_strerror (ENOSPC)));
  g_assert_nonnull (strstr (body, "what it captured before is kept"));
  /* what came before is there */
  g_assert_cmpuint (synack_trace_get_n_segments (trace), >, 1000);
  g_assert_cmpuint (synack_connection_list_get_n_rows (
                      SYNACK_CONNECTION_LIST (synack_window_get_part (window, "connections"))),
                    >, 10);
  synack_test_gtk_screenshot (GTK_WIDGET (window), "live-disk-full");
  synack_test_gtk_screenshot (GTK_WIDGET (dialog), "live-disk-full-dialog");

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
  settle ();
  g_assert_cmpuint (synack_test_count_entries (tmp_root, ""), ==, 0);
  g_assert_cmpint (umount (tmp_root), ==, 0);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;
  const char *base = g_getenv ("TMPDIR") != NULL ? g_getenv ("TMPDIR") : "/tmp";

  work_base = g_strdup (base);

  /* A TMPDIR of the test's own, before anything reads it (not with
   * g_dir_make_tmp (): that reads TMPDIR once and for all). */
  tmp_root = g_build_filename (base, "synack-live-window-tmp-XXXXXX", NULL);
  g_assert_nonnull (g_mkdtemp (tmp_root));
  g_setenv ("TMPDIR", tmp_root, TRUE);
  /* its own mounts, for the full disk */
  if (unshare (CLONE_NEWNS) != 0)
    no_namespace = "cannot make a mount namespace (needs root or CAP_SYS_ADMIN)";
  else if (mount ("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
    no_namespace = "cannot make the mounts private to the test's namespace";
  g_test_init (&argc, &argv, NULL);
  g_setenv ("GTK_A11Y", "none", TRUE);
  have_display = gtk_init_check ();
  if (have_display)
    adw_init ();
  g_test_add_func ("/synack/live-window/dropped-count-shown", test_dropped_count_shown);
  g_test_add_func ("/synack/live-window/saved-and-removed", test_saved_and_removed);
  g_test_add_func ("/synack/live-window/open-alone-over", test_open_alone_over);
  g_test_add_func ("/synack/live-window/disk-full", test_disk_full);
  status = g_test_run ();
  g_rmdir (tmp_root);
  return status;
}
