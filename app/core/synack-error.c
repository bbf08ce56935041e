/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>

#include "synack-error.h"

G_DEFINE_QUARK (synack-error-quark, synack_error)

GError *
synack_error_new_at_valist (SynackError  code,
                            const char  *where,
                            const char  *format,
                            va_list      args)
{
  g_autofree char *message = g_strdup_vprintf (format, args);

  return g_error_new (SYNACK_ERROR, code, "%s: %s", where, message);
}

int
synack_error_exit_status (const GError *error)
{
  if (error == NULL)
    return 0;

  if (error->domain == SYNACK_ERROR)
    return error->code == SYNACK_ERROR_FAILED ? 1 : 2;

  /* A file that is missing, a directory or unreadable is bad input. */
  if (error->domain == G_IO_ERROR || error->domain == G_FILE_ERROR ||
      error->domain == G_OPTION_ERROR || error->domain == G_KEY_FILE_ERROR)
    return 2;

  return 1;
}
