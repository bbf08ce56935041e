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
int  synack_cli_handout    (int argc, char **argv);
int  synack_cli_tun        (int argc, char **argv);
int  synack_cli_sockets    (int argc, char **argv);

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
/* Parse a subcommand's options: entries, a summary ("FILE — what it does")
 * and a description (may be NULL) for --help, translated; on failure prints
 * the message and returns FALSE (exit 2). */
gboolean synack_cli_parse_options (int                *argc,
                                   char             ***argv,
                                   const GOptionEntry *entries,
                                   const char         *summary,
                                   const char         *description);
/* stdout as a GOutputStream (unowned, lives for the process). */
GOutputStream *synack_cli_stdout (void);

/* capture --kernel-states: the kernel's state changes of the captured
 * connections' local endpoints, printed as they can be placed, and at the
 * end every disagreement with the inferred states. Open before giving up
 * capabilities, start after. */
typedef struct _SynackCliKernel SynackCliKernel;
struct _SynackTrace;
SynackCliKernel *synack_cli_kernel_open      (struct _SynackTrace *trace,
                                              gboolean             poll,
                                              guint                interval_ms,
                                              gboolean             json,
                                              GError             **error);
gboolean         synack_cli_kernel_start     (SynackCliKernel     *k,
                                              GError             **error);
/* After the trace grew: print what can now be placed. */
void             synack_cli_kernel_print_new (SynackCliKernel     *k);
/* Stop watching, print the rest and the disagreements. */
void             synack_cli_kernel_finish    (SynackCliKernel     *k);
void             synack_cli_kernel_free      (SynackCliKernel     *k);

G_END_DECLS
