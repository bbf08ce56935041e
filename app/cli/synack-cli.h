/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The subcommands of synack-cli, one file each. Each returns the exit status:
 * 0 success, 1 runtime failure, 2 bad usage or bad input. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

int  synack_cli_inspect    (int argc, char **argv);
int  synack_cli_capture    (int argc, char **argv);
int  synack_cli_run        (int argc, char **argv);
int  synack_cli_scenarios  (int argc, char **argv);
int  synack_cli_render     (int argc, char **argv);
int  synack_cli_tun        (int argc, char **argv);

/* Print "synack-cli: <message>" on stderr and return the exit status the
 * error calls for (synack_error_exit_status()). */
int  synack_cli_fail       (const GError *error);
/* Print a usage error for a subcommand and return 2. */
int  synack_cli_usage      (const char   *command,
                            const char   *format,
                            ...) G_GNUC_PRINTF (2, 3);
/* Parse a subcommand's options with a GOptionContext whose summary is
 * summary; on failure prints the message and returns FALSE (exit 2). */
gboolean synack_cli_parse  (GOptionContext *context,
                            int            *argc,
                            char         ***argv);
/* stdout as a GOutputStream (unowned, lives for the process). */
GOutputStream *synack_cli_stdout (void);

G_END_DECLS
