/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "synack-session.h"
#include "synack-test-utils-gtk.h"

static gboolean have_display;
static SynackApplication *shared_app;
static GTestDBus *bus;  /* not freed: finalizing it waits for connections GTK keeps */

gboolean
synack_test_gtk_init (void)
{
  static gboolean done;
  g_autofree char *display = NULL;

  if (done)
    return have_display;
  done = TRUE;

  g_setenv ("GTK_A11Y", "none", TRUE);
  display = g_strdup (g_getenv ("DISPLAY"));
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);

  have_display = gtk_init_check ();
  if (have_display)
    {
      g_autoptr(GError) error = NULL;

      adw_init ();
      shared_app = synack_application_new (G_APPLICATION_NON_UNIQUE);
      g_application_register (G_APPLICATION (shared_app), NULL, &error);
      g_assert_no_error (error);
    }
  return have_display;
}

gboolean
synack_test_gtk_have_display (void)
{
  return have_display;
}

SynackApplication *
synack_test_gtk_get_application (void)
{
  return shared_app;
}

gboolean
synack_test_gtk_wait_for (gboolean (*cond) (gpointer),
                          gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!cond (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

gboolean
synack_test_gtk_is_drawn (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0;
}

void
synack_test_gtk_settle (void)
{
  for (int i = 0; i < 100; i++)
    g_main_context_iteration (NULL, FALSE);
}

void
synack_test_gtk_screenshot (GtkWidget  *widget,
                            const char *name)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_BUILT, "screenshots", NULL);
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width = 0, height = 0;

  g_assert_true (synack_test_gtk_wait_for (synack_test_gtk_is_drawn, widget));
  paintable = gtk_widget_paintable_new (widget);
  /* After a resize (full screen) the widget has no render node until the
   * next frame: wait for one. */
  for (int tries = 0; node == NULL && tries < 2000; tries++)
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();

      synack_test_gtk_settle ();
      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
      node = gtk_snapshot_free_to_node (snapshot);
      if (node == NULL)
        g_usleep (5000);
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_mkdir_with_parents (dir, 0755);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s (%d x %d)", path, width, height);
}

gboolean
synack_test_gtk_press (GtkWidget       *widget,
                       guint            keyval,
                       GdkModifierType  modifiers)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (controller)); k++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), k);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
              gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == modifiers)
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, widget,
                                                 gtk_shortcut_get_arguments (shortcut));
        }
    }
  return FALSE;
}

void
synack_test_gtk_wait_loaded (SynackWindow *window)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (synack_window_is_loading (window))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

SynackTrace *
synack_test_gtk_start_scenario (SynackWindow *window,
                                const char   *name)
{
  g_autoptr(GError) error = NULL;
  SynackSession *session = synack_window_get_session (window);
  SynackTrace *before = synack_session_get_trace (session);

  g_assert_true (synack_window_start_scenario (window, name, &error));
  g_assert_no_error (error);
  synack_test_gtk_wait_loaded (window);
  g_assert_nonnull (synack_session_get_trace (session));
  g_assert_true (synack_session_get_trace (session) != before);
  return synack_session_get_trace (session);
}

int
synack_test_gtk_run (void)
{
  int status = g_test_run ();

  /* Not g_test_dbus_down(): GTK keeps its bus connection until exit. */
  if (bus != NULL)
    g_test_dbus_stop (bus);
  return status;
}
