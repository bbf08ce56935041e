/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "synack-error.h"
#include "synack-export.h"
#include "synack-saved-trace.h"
#include "synack-scenario.h"

char *
synack_saved_trace_script_path (const char *pcap_path)
{
  g_autofree char *lower = NULL;
  g_autofree char *stem = NULL;
  g_autofree char *script = NULL;
  const char *dot;

  g_return_val_if_fail (pcap_path != NULL, NULL);

  lower = g_ascii_strdown (pcap_path, -1);
  if (!g_str_has_suffix (lower, ".pcap") && !g_str_has_suffix (lower, ".pcapng"))
    return NULL;
  dot = strrchr (pcap_path, '.');
  stem = g_strndup (pcap_path, dot - pcap_path);
  script = g_strconcat (stem, ".synack", NULL);
  if (!g_file_test (script, G_FILE_TEST_IS_REGULAR))
    return NULL;
  return g_steal_pointer (&script);
}

guint64
synack_saved_trace_seed (const char *script)
{
  const char *line = script;

  g_return_val_if_fail (script != NULL, 1);

  while (line != NULL && *line != '\0')
    {
      const char *end = strchr (line, '\n');

      if (g_str_has_prefix (line, SYNACK_SAVED_SEED_PREFIX))
        {
          const char *digits = line + strlen (SYNACK_SAVED_SEED_PREFIX);
          g_autofree char *number = end != NULL ? g_strndup (digits, end - digits)
                                                : g_strdup (digits);
          guint64 seed;

          if (g_ascii_string_to_unsigned (g_strstrip (number), 10, 0, G_MAXUINT64, &seed, NULL))
            return seed;
        }
      line = end != NULL ? end + 1 : NULL;
    }
  return 1;
}

gboolean
synack_saved_trace_matches (SynackTrace  *trace,
                            const char   *pcap_path,
                            const char   *script_path,
                            GError      **error)
{
  g_autoptr(GBytes) ours = NULL;
  g_autofree char *saved = NULL;
  gsize saved_length;
  GStatBuf st;

  ours = synack_export_pcap_bytes (trace, G_MAXUINT, error);
  if (ours == NULL)
    return FALSE;

  /* Cheap first: a capture of another size is another capture. */
  if (g_stat (pcap_path, &st) != 0 || (gsize) st.st_size != g_bytes_get_size (ours) ||
      !g_file_get_contents (pcap_path, &saved, &saved_length, NULL) ||
      saved_length != g_bytes_get_size (ours) ||
      memcmp (saved, g_bytes_get_data (ours, NULL), saved_length) != 0)
    {
      g_autofree char *base = g_path_get_basename (script_path);

      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID,
                   _("%s beside it gives another capture when run, so its states are "
                     "inferred from the packets"), base);
      return FALSE;
    }
  return TRUE;
}

SynackTrace *
synack_saved_trace_load (const char  *pcap_path,
                         GError     **error)
{
  g_autofree char *script_path = NULL;
  g_autofree char *script = NULL;
  g_autofree char *notes = NULL;
  g_autoptr(SynackScenario) scenario = NULL;
  g_autoptr(SynackTrace) trace = NULL;

  g_return_val_if_fail (pcap_path != NULL, NULL);

  script_path = synack_saved_trace_script_path (pcap_path);
  if (script_path == NULL)
    return NULL;
  if (!g_file_get_contents (script_path, &script, NULL, error))
    return NULL;
  scenario = synack_scenario_parse (script, -1, script_path, error);
  if (scenario == NULL)
    return NULL;
  trace = synack_scenario_run (scenario, synack_saved_trace_seed (script), &notes);
  if (!synack_saved_trace_matches (trace, pcap_path, script_path, error))
    return NULL;
  return g_steal_pointer (&trace);
}
