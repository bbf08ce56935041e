/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What many tests need: running synack-cli, reading a trace's events and
 * finding fixtures. No GTK (the widget tests' part is
 * synack-test-utils-gtk.h). */
#pragma once

#include <glib.h>

#include "synack-trace.h"

G_BEGIN_DECLS

/* How long synack-cli may run before it is killed and the test fails as a
 * hang: a bound on a stuck child, not a measure of speed. */
#define SYNACK_TEST_CLI_HANG_SECONDS 300

typedef struct
{
  char   *out;        /* all of stdout */
  char   *err;        /* all of stderr */
  int     status;     /* the exit status */
  glong   maxrss_kb;  /* the peak resident set of the children so far */
} SynackCliRun;

void   synack_cli_run_clear (SynackCliRun *run);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SynackCliRun, synack_cli_run_clear)

/* Run $SYNACK_CLI with args (NULL-terminated, without the program) and
 * envp (NULL: this process's), setup in the child before exec (may be
 * NULL). The test fails when synack-cli dies of a signal or runs longer
 * than SYNACK_TEST_CLI_HANG_SECONDS, with its stderr in the message. */
void   synack_test_cli_run  (SynackCliRun         *run,
                             const char * const   *args,
                             const char * const   *envp,
                             GSpawnChildSetupFunc  setup,
                             gpointer              setup_data);

/* The same with the arguments in a list: returns the exit status; out and
 * err (either may be NULL) receive what synack-cli wrote. */
int    synack_test_run_cli  (char       **out,
                             char       **err,
                             const char  *first,
                             ...);

/* A copy of event index of trace; the test fails when there is none. */
SynackEvent synack_test_event (SynackTrace *trace,
                               guint        index);

/* tests/data/capture/NAME. (transfer full) */
char  *synack_test_capture_path (const char *name);

/* A built-in lesson run with seed 1. (transfer full) */
SynackTrace *synack_test_run_builtin  (const char  *name);
/* The n-th (from 0) segment event carrying exactly flags, or -1. */
int          synack_test_find_segment (SynackTrace *trace,
                                       guint8       flags,
                                       guint        nth);

G_END_DECLS
