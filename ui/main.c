/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include <linux/capability.h>

#include "synack-application.h"
#include "synack-privileges.h"
#include "synack-language.h"
#include "synack-ui.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SynackApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  /* Given capabilities (setcap, or started as root), keep only the two a
   * job here may need: CAP_NET_RAW for live capture and CAP_NET_ADMIN for
   * a TUN device. Before anything else, while this is the only thread. */
  if (!synack_privileges_limit ((G_GUINT64_CONSTANT (1) << CAP_NET_RAW) |
                                (G_GUINT64_CONSTANT (1) << CAP_NET_ADMIN), &error))
    g_printerr ("synack: %s\n", error->message);

  /* Run from the build tree, use its translations and schema, so that
   * `build-aux/dev run` shows what was just built. */
  if (synack_ui_is_uninstalled ())
    {
      g_autofree char *schemas = g_build_filename (SYNACK_BUILD_ROOT, "data",
                                                   "gschemas.compiled", NULL);

      if (g_getenv ("GSETTINGS_SCHEMA_DIR") == NULL &&
          g_file_test (schemas, G_FILE_TEST_EXISTS))
        {
          g_autofree char *dir = g_path_get_dirname (schemas);
          g_setenv ("GSETTINGS_SCHEMA_DIR", dir, TRUE);
        }
    }

  /* The language chosen in the preferences wins over the system's. */
  {
    g_autoptr(GSettings) settings = synack_ui_settings_new ();
    g_autofree char *language = settings != NULL ? g_settings_get_string (settings, "language")
                                                 : NULL;

    synack_language_init (language);
  }

  app = synack_application_new (G_APPLICATION_DEFAULT_FLAGS);
  status = g_application_run (G_APPLICATION (app), argc, argv);
  /* an input on the command line that failed as it loaded */
  return status != 0 ? status : synack_application_get_exit_status (app);
}
