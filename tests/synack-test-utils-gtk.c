/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>

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

int
synack_test_gtk_run (void)
{
  int status = g_test_run ();

  /* Not g_test_dbus_down(): GTK keeps its bus connection until exit. */
  if (bus != NULL)
    g_test_dbus_stop (bus);
  return status;
}
