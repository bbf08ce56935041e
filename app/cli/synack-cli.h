/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The subcommands of synack-cli, one file each. Each returns the exit status:
 * 0 success, 1 runtime failure, 2 bad usage or bad input. */
#pragma once

#include <gio/gio.h>

#include "synack-kernel-watch.h"

struct _SynackDocument;
struct _SynackTrace;

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
/* Parse a subcommand's options: entries, and for --help the parameter
 * string after the options ("INPUT", may be NULL), a summary above them
 * and a description below them (either may be NULL), translated; on
 * failure prints the message and returns FALSE (exit 2). */
gboolean synack_cli_parse_options (int                *argc,
                                   char             ***argv,
                                   const GOptionEntry *entries,
                                   const char         *parameter_string,
                                   const char         *summary,
                                   const char         *description);
/* Load input by the one rule the window and every command follow
 * (SynackDocumentLoader), with seed for a scenario's random rules (-1:
 * the loader's own), and print the document's notes on stderr.
 * (transfer full) */
struct _SynackDocument *synack_cli_load (const char  *input,
                                         gint64       seed,
                                         GError     **error);
/* The connection of input's trace to draw: conn, or where conn is
 * negative the first that carried segments (a listener's record carries
 * nothing to draw); an error when the trace has none, or no such number. */
gboolean synack_cli_pick_connection    (struct _SynackTrace *trace,
                                        const char          *input,
                                        int                  conn,
                                        guint               *picked,
                                        GError             **error);
/* stdout as a GOutputStream (unowned, lives for the process). */
GOutputStream *synack_cli_stdout (void);

/* How the kernel's state changes are watched: `sockets --watch` and
 * `capture --kernel-states` offer the same choices under their own option
 * names, and check and apply them here. */
typedef struct
{
  gboolean poll;         /* poll sock_diag even where the tracepoint can be read */
  gboolean tracepoint;   /* the tracepoint or an error, never polling */
  gint     interval_ms;  /* the polling interval */
} SynackCliWatchOptions;

#define SYNACK_CLI_WATCH_OPTIONS_INIT { FALSE, FALSE, SYNACK_KERNEL_POLL_INTERVAL_MS }

/* Whether options are sound (an interval of 1 to 60000 ms, not both poll
 * and tracepoint); otherwise a usage error naming poll_option,
 * tracepoint_option or interval_option, as the command calls them. */
gboolean           synack_cli_watch_options_check (const char                  *command,
                                                   const SynackCliWatchOptions *options,
                                                   const char                  *poll_option,
                                                   const char                  *tracepoint_option,
                                                   const char                  *interval_option);
/* A kernel watch in the mode the options ask for, opened (the tracepoint's
 * trace instance is made now, while the privilege to make it may still be
 * held). (transfer full) */
SynackKernelWatch *synack_cli_watch_open          (const SynackCliWatchOptions *options,
                                                   GError                     **error);

/* capture --kernel-states: the kernel's state changes of the captured
 * connections' local endpoints, printed as they can be placed, and at the
 * end every disagreement with the inferred states. Open before giving up
 * capabilities, start after. */
typedef struct _SynackCliKernel SynackCliKernel;
SynackCliKernel *synack_cli_kernel_open      (struct _SynackTrace         *trace,
                                              const SynackCliWatchOptions *options,
                                              gboolean                     json,
                                              GError                     **error);
gboolean         synack_cli_kernel_start     (SynackCliKernel     *k,
                                              GError             **error);
/* After the trace grew: print what can now be placed. */
void             synack_cli_kernel_print_new (SynackCliKernel     *k);
/* Stop watching, print the rest and the disagreements. */
void             synack_cli_kernel_finish    (SynackCliKernel     *k);
void             synack_cli_kernel_free      (SynackCliKernel     *k);

G_END_DECLS
