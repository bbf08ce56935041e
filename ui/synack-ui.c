/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "synack-resources.h"
#include "synack-ui.h"

void
synack_ui_ensure_resources (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      synack_register_resource ();
      g_once_init_leave (&once, 1);
    }
}

gboolean
synack_ui_is_uninstalled (void)
{
  static int uninstalled = -1;

  if (uninstalled < 0)
    {
      g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
      g_autofree char *root = g_canonicalize_filename (SYNACK_BUILD_ROOT, NULL);
      gsize n = strlen (root);

      uninstalled = exe != NULL && strncmp (exe, root, n) == 0 && exe[n] == '/';
    }
  return uninstalled;
}

GSettings *
synack_ui_settings_new (void)
{
  static gboolean warned;
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    {
      if (!warned)
        g_message ("GSettings schema %s is not installed; settings will not be kept", APP_ID);
      warned = TRUE;
      return NULL;
    }
  return g_settings_new_full (schema, NULL, NULL);
}
