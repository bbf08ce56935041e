/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What many tests need: running synack-cli, reading a trace's events and
 * finding fixtures. No GTK (the widget tests' part is
 * synack-test-utils-gtk.h). */
#pragma once

#include <cairo.h>
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

/* A raw-IP (link type 101) pcap file, built in memory: new, add records,
 * then save it to a temporary file named NAME-XXXXXX.pcap (which frees
 * it). (transfer full) the file's path */
GString     *synack_test_pcap_new         (void);
void         synack_test_pcap_add         (GString      *pcap,
                                           guint32       sec,
                                           guint32       usec,
                                           const guint8 *packet,
                                           guint         len);
char        *synack_test_pcap_save        (GString      *pcap,
                                           const char   *name);

/* A raw-IP pcap of n whole connections one after another, 7 segments
 * each: a three-way handshake, then FIN and ACK each way (the client
 * closes first), in a temporary file. (transfer full) the file's path */
char        *synack_test_write_closed_connections (guint n);

/* A new temporary directory named after prefix ("synack-document"): the
 * test fails when there is none. (transfer full) */
char        *synack_test_make_tmp_dir     (const char *prefix);
/* How many entries dir holds whose names start with prefix ("" for all). */
guint        synack_test_count_entries    (const char *dir,
                                           const char *prefix);
/* Remove path and, for a directory, everything in it. */
void         synack_test_remove_tree      (const char *path);

/* The fixture of tests that write files: a temporary directory of the
 * test's own ("synack-PROGRAM-XXXXXX"), removed with all in it after the
 * test. */
typedef struct
{
  char *dir;
} SynackTestDirFixture;

void         synack_test_dir_set_up       (SynackTestDirFixture *f,
                                           gconstpointer         data);
void         synack_test_dir_tear_down    (SynackTestDirFixture *f,
                                           gconstpointer         data);

/* With SYNACK_RENDER_KEEP set to a directory, save surface there as NAME
 * (a PNG) to look at. */
void         synack_test_keep_png         (cairo_surface_t *surface,
                                           const char      *name);

/* Move this process into a network namespace of its own and bring its
 * loopback up. Where that is refused and user_namespace is TRUE, a user
 * namespace is tried too (root over the new network namespace, not over
 * tracefs), and *in_user_namespace (may be NULL) says so. Returns NULL, or
 * why there is none, for the tests that need it to skip with. */
const char  *synack_test_enter_network_namespace (gboolean  user_namespace,
                                                  gboolean *in_user_namespace);
/* Skip the test with reason, unless reason is NULL; whether it skipped. */
gboolean     synack_test_skip_if          (const char *reason);

/* A capture file of n connections on 127.0.0.1, each a handshake, a
 * request and a reply of 500 bytes, then both FINs microseconds apart, all
 * interleaved; with lose, every third connection loses its reply once (the
 * capture never sees it, sees its retransmission 200 ms later and a
 * duplicate ACK). In a folder of its own. (transfer full) the path */
char        *synack_test_write_loopback_capture (guint       n,
                                                 gboolean    lose);
/* Remove such a capture and its folder. */
void         synack_test_remove_capture         (const char *path);

G_END_DECLS
