/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "synack-script-edit.h"

/* Is the first word of line a time? Sets *relative and *value. */
static gboolean
parse_time (const char *line,
            gboolean   *relative,
            double     *value,
            const char **rest)
{
  const char *p = line;
  char *end = NULL;

  while (*p == ' ' || *p == '\t')
    p++;
  *relative = *p == '+';
  if (*relative)
    p++;
  if (!g_ascii_isdigit (*p) && *p != '.')
    return FALSE;
  *value = g_ascii_strtod (p, &end);
  if (end == p || (*end != ' ' && *end != '\t'))
    return FALSE;
  *rest = end;
  return TRUE;
}

char *
synack_script_cut_after (const char *text,
                         double      time_s)
{
  g_auto(GStrv) lines = NULL;
  GString *out = g_string_new (NULL);
  double now = 0;

  g_return_val_if_fail (text != NULL, NULL);

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      gboolean relative;
      double value;
      const char *rest;
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      if (!parse_time (lines[i], &relative, &value, &rest))
        {
          if (lines[i][0] != '\0' || lines[i + 1] != NULL)
            g_string_append_printf (out, "%s\n", lines[i]);
          continue;
        }
      now = relative ? now + value : value;
      /* A microsecond of slack for times written in decimal. */
      if (now > time_s + 1e-6)
        continue;
      g_ascii_formatd (buf, sizeof buf, "%.6f", now);
      g_string_append_printf (out, "%s%s\n", buf, rest);
    }
  return g_string_free (out, FALSE);
}

char *
synack_script_append_action (const char *text,
                             double      time_s,
                             const char *actor,
                             const char *verb)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  gsize len;

  g_return_val_if_fail (text != NULL && actor != NULL && verb != NULL, NULL);

  g_ascii_formatd (buf, sizeof buf, "%.6f", time_s);
  len = strlen (text);
  return g_strdup_printf ("%s%s%s %s %s\n", text, len > 0 && text[len - 1] != '\n' ? "\n" : "",
                          buf, actor, verb);
}
