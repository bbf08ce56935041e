/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gtk/gtk.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include "synack-application.h"
#include "synack-preferences-window.h"
#include "synack-window.h"
#include "synack-test-utils-gtk.h"


typedef struct
{
  SynackApplication *app;
} Fixture;

/* One application for the whole run: a GApplication exports itself on the
 * session bus once per process. */

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->app = synack_test_gtk_get_application ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->app == NULL)
    return;
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (fixture->app)); l != NULL;
       l = gtk_application_get_windows (GTK_APPLICATION (fixture->app)))
    gtk_window_destroy (l->data);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static GtkWindow *
find_window (SynackApplication *app,
             GType              type)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type))
      return l->data;
  return NULL;
}

static void
assert_accel (SynackApplication *app,
              const char        *action,
              const char        *accel)
{
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), action);

  g_assert_nonnull (accels);
  g_assert_true (g_strv_contains ((const char * const *) accels, accel));
}

static void
test_actions (Fixture       *fixture,
              gconstpointer  data)
{
  static const char *names[] = { "quit", "about", "preferences", "shortcuts", "open",
                                 "new-window" };

  SYNACK_TEST_NEED_DISPLAY ();

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_assert_true (g_action_group_has_action (G_ACTION_GROUP (fixture->app), names[i]));
      g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (fixture->app), names[i]));
    }
  assert_accel (fixture->app, "app.quit", "<Control>q");
  assert_accel (fixture->app, "app.open", "<Control>o");
  assert_accel (fixture->app, "app.shortcuts", "<Control>question");
  assert_accel (fixture->app, "app.preferences", "<Control>comma");
  g_assert_cmpstr (g_application_get_application_id (G_APPLICATION (fixture->app)), ==,
                   "io.github.synack.Synack");
}

static void
test_window (Fixture       *fixture,
             gconstpointer  data)
{
  SynackWindow *window;

  SYNACK_TEST_NEED_DISPLAY ();

  g_application_activate (G_APPLICATION (fixture->app));
  window = SYNACK_WINDOW (find_window (fixture->app, SYNACK_TYPE_WINDOW));
  g_assert_nonnull (window);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  /* A new window starts on the engine's classroom demo. */
  synack_test_gtk_wait_loaded (window);
  g_assert_false (synack_window_is_empty (window));
  g_assert_nonnull (synack_session_get_trace (synack_window_get_session (window)));
  g_assert_cmpint (synack_trace_get_source (synack_session_get_trace (synack_window_get_session (window))), ==,
                   SYNACK_TRACE_SOURCE_ENGINE);
  g_assert_cmpuint (synack_trace_get_n_segments (synack_session_get_trace (synack_window_get_session (window))), >, 0);

  /* Presentation mode through its action and its key. */
  g_assert_false (synack_window_get_presentation (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-presentation", NULL));
  g_assert_true (synack_window_get_presentation (window));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (window), "presentation"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.leave-presentation", NULL));
  g_assert_false (synack_window_get_presentation (window));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (window), "presentation"));
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (window), "win.no-such-action", NULL));

  /* Activating again presents the same window instead of making another. */
  g_application_activate (G_APPLICATION (fixture->app));
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (fixture->app))),
                    ==, 1);
}

static void
test_dialogs (Fixture       *fixture,
              gconstpointer  data)
{
  SYNACK_TEST_NEED_DISPLAY ();

  g_application_activate (G_APPLICATION (fixture->app));

  g_assert_null (find_window (fixture->app, ADW_TYPE_ABOUT_WINDOW));
  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "about", NULL);
  g_assert_nonnull (find_window (fixture->app, ADW_TYPE_ABOUT_WINDOW));

  g_assert_null (find_window (fixture->app, GTK_TYPE_SHORTCUTS_WINDOW));
  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "shortcuts", NULL);
  g_assert_nonnull (find_window (fixture->app, GTK_TYPE_SHORTCUTS_WINDOW));

  g_assert_null (find_window (fixture->app, SYNACK_TYPE_PREFERENCES_WINDOW));
  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "preferences", NULL);
  g_assert_nonnull (find_window (fixture->app, SYNACK_TYPE_PREFERENCES_WINDOW));
}

/* The shortcuts window lists every key a teacher or student steps with,
 * the quiz's and the keyboard what-if menu's included. */
static void
test_shortcuts_listed (Fixture       *fixture,
                       gconstpointer  data)
{
  static const char *const keys[] = {
    "space", "Right", "Left", "Home", "End", "Down", "Up", "F5 F11", "Escape", "F9",
    "<Control>k", "<Control>o", "<Control>e", "<Control>plus", "<Control>minus", "<Control>0",
    "<Shift>F10 Menu", "1...9", "r",
  };
  g_autoptr(GtkBuilder) builder = NULL;
  g_autoptr(GPtrArray) listed = g_ptr_array_new_with_free_func (g_free);
  GSList *objects;

  SYNACK_TEST_NEED_DISPLAY ();
  builder = gtk_builder_new_from_resource ("/io/github/synack/Synack/synack-shortcuts-window.ui");
  objects = gtk_builder_get_objects (builder);
  for (GSList *l = objects; l != NULL; l = l->next)
    if (GTK_IS_SHORTCUTS_SHORTCUT (l->data))
      {
        char *accel = NULL;

        g_object_get (l->data, "accelerator", &accel, NULL);
        g_ptr_array_add (listed, accel);
      }
  g_slist_free (objects);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      gboolean found = FALSE;

      for (guint k = 0; k < listed->len && !found; k++)
        found = g_strcmp0 (g_ptr_array_index (listed, k), keys[i]) == 0;
      if (!found)
        g_error ("the shortcuts window does not list %s", keys[i]);
    }
  gtk_window_destroy (GTK_WINDOW (gtk_builder_get_object (builder, "shortcuts_window")));
}

static void
test_theme_setting (Fixture       *fixture,
                    gconstpointer  data)
{
  GSettings *settings;
  AdwStyleManager *manager;

  SYNACK_TEST_NEED_DISPLAY ();
  settings = synack_application_get_settings (fixture->app);
  if (settings == NULL)
    {
      g_test_skip ("GSettings schema not compiled in the build tree");
      return;
    }

  manager = adw_style_manager_get_default ();
  g_settings_set_string (settings, "theme", "dark");
  g_assert_cmpint (adw_style_manager_get_color_scheme (manager), ==, ADW_COLOR_SCHEME_FORCE_DARK);
  g_settings_set_string (settings, "theme", "light");
  g_assert_cmpint (adw_style_manager_get_color_scheme (manager), ==, ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_settings_set_string (settings, "theme", "system");
  g_assert_cmpint (adw_style_manager_get_color_scheme (manager), ==, ADW_COLOR_SCHEME_DEFAULT);
}

/* Run the real program and return its exit status. */
static int
run_synack (const char *const *args)
{
  g_autofree char *program = g_test_build_filename (G_TEST_BUILT, "..", "ui", "synack", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int wait_status = 0;

  g_ptr_array_add (argv, program);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                NULL, &err, &wait_status, &error);
  g_assert_no_error (error);
  g_test_message ("synack said: %s", err);
  /* A usage error names the option that is wrong. */
  g_assert_true (strstr (err, "synack: ") != NULL);
  return WEXITSTATUS (wait_status);
}

static void
test_command_line_errors (void)
{
  static const char *filter_alone[] = { "--filter", "tcp port 80", NULL };
  static const char *two_sources[] = { "--scenario", "handshake", "--capture", "lo", NULL };
  static const char *no_such_scenario[] = { "--scenario", "no-such-scenario", NULL };

  SYNACK_TEST_NEED_DISPLAY ();

  /* Bad usage is exit status 2, as for synack-cli. */
  g_assert_cmpint (run_synack (filter_alone), ==, 2);
  g_assert_cmpint (run_synack (two_sources), ==, 2);
  /* An unknown scenario is bad input, and the message says where to look. */
  g_assert_cmpint (run_synack (no_such_scenario), ==, 2);
}

/* Start the real program on args, and let it run until a line of its
 * stderr holds needle (the window says the rest in a dialog and keeps
 * running); then end it as a session's end does (SIGTERM) and return its
 * exit status. */
static int
run_synack_until (const char *const *args,
                  const char        *needle)
{
  g_autofree char *program = g_test_build_filename (G_TEST_BUILT, "..", "ui", "synack", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GDataInputStream) err = NULL;
  gboolean said = FALSE;

  g_ptr_array_add (argv, program);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  child = g_subprocess_newv ((const char * const *) argv->pdata,
                             G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                             &error);
  g_assert_no_error (error);
  err = g_data_input_stream_new (g_subprocess_get_stderr_pipe (child));
  while (!said)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (err, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (line);   /* it ended, or closed stderr, before saying it */
      g_test_message ("synack said: %s", line);
      said = g_str_has_prefix (line, "synack: ") && strstr (line, needle) != NULL;
    }
  g_subprocess_send_signal (child, SIGTERM);
  g_subprocess_wait (child, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (child));
  return g_subprocess_get_exit_status (child);
}

/* The input named on the command line fails as it loads (a scenario file
 * with a mistake in it, a file that is no capture): the window says so in
 * a dialog and keeps running, stderr says what and where in one line, and
 * the exit status is 2, as for a lesson name that is no lesson. */
static void
test_command_line_load_fails (void)
{
  g_autofree char *dir = synack_test_make_tmp_dir ("synack-application");
  g_autofree char *scenario = g_build_filename (dir, "broken.synack", NULL);
  g_autofree char *capture = g_build_filename (dir, "junk.pcap", NULL);
  const char *by_option[] = { "--scenario", scenario, NULL };
  const char *by_name[] = { scenario, NULL };
  const char *not_capture[] = { capture, NULL };
  const guint8 junk[64] = { 0xd4, 0xc3, 0xb2, 0xa1, 0xff, 0xff };

  SYNACK_TEST_NEED_DISPLAY ();

  /* "connect" misspelt */
  g_assert_true (g_file_set_contents (scenario, "0.1 client connct server:80\n", -1, NULL));
  g_assert_true (g_file_set_contents (capture, (const char *) junk, sizeof junk, NULL));
  g_assert_cmpint (run_synack_until (by_option, "broken.synack:1:"), ==, 2);
  g_assert_cmpint (run_synack_until (by_name, "broken.synack:1:"), ==, 2);
  g_assert_cmpint (run_synack_until (not_capture, "junk.pcap"), ==, 2);
  synack_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  synack_test_gtk_init ();

  g_test_add ("/synack/application/actions", Fixture, NULL,
              fixture_set_up, test_actions, fixture_tear_down);
  g_test_add ("/synack/application/window", Fixture, NULL,
              fixture_set_up, test_window, fixture_tear_down);
  g_test_add ("/synack/application/dialogs", Fixture, NULL,
              fixture_set_up, test_dialogs, fixture_tear_down);
  g_test_add ("/synack/application/shortcuts-listed", Fixture, NULL,
              fixture_set_up, test_shortcuts_listed, fixture_tear_down);
  g_test_add ("/synack/application/theme-setting", Fixture, NULL,
              fixture_set_up, test_theme_setting, fixture_tear_down);
  g_test_add_func ("/synack/application/command-line-errors", test_command_line_errors);
  g_test_add_func ("/synack/application/command-line-load-fails", test_command_line_load_fails);

  return synack_test_gtk_run ();
}
