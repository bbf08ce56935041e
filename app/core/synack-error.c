/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>

#include "synack-error.h"

G_DEFINE_QUARK (synack-error-quark, synack_error)

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
