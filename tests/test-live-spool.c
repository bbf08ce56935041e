/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Where a live capture keeps its packets for Save: a capture saved after
 * its memory budget let connections go opens again to exactly the
 * connections it kept; the temporary files stay within a few times those
 * packets over a long capture; they go when the capture (or its document)
 * goes, and at exit; a full disk stops the capture with a message that
 * says so, keeping what came before (and synack-cli capture -w exits 2). */
#define _GNU_SOURCE 1  /* unshare () */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <sched.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "live-traffic.h"
#include "synack-document.h"
#include "synack-live.h"
#include "synack-live-spool.h"
#include "synack-pcap-source.h"
#include "synack-test-utils.h"

#define N_CONNECTIONS 3000
#define OPEN_EVERY    50
#define DATA          20
/* A chunk is rewritten with its kept packets once they are under a
 * quarter of it (synack-live-spool.c). */
#define COMPACT_FACTOR 4

static char *tmp_root;   /* this process's TMPDIR, empty at the start */
static char *work;       /* the tests' own files, outside it */
static char *traffic;    /* N_CONNECTIONS of live-traffic.h as a pcap */

static SynackPcapSource *
run_replay (const char *path,
            guint       passes,
            guint64     budget)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackPcapSource) source = synack_pcap_source_new_replay (path, NULL, passes, 0,
                                                                      &error);

  g_assert_no_error (error);
  synack_pcap_source_set_memory_budget (source, budget);
  g_assert_true (synack_pcap_source_start (source, &error));
  g_assert_no_error (error);
  while (synack_pcap_source_is_running (source))
    g_main_context_iteration (NULL, TRUE);
  return g_steal_pointer (&source);
}

static gint64
event_time (SynackTrace *trace,
            guint        index)
{
  return synack_trace_get_origin (trace) + synack_test_event (trace, index).time;
}

/* saved holds the kept connections of live, in order, each with the same
 * segments at the same times and the same states. */
static void
assert_same_connections (SynackTrace *live,
                         SynackTrace *saved)
{
  guint n = synack_trace_get_n_kept_connections (live);

  g_assert_cmpuint (synack_trace_get_n_connections (saved), ==, n);
  for (guint p = 0; p < n; p++)
    {
      guint ci = synack_trace_get_kept_connection (live, p);
      const SynackConnection *a = synack_trace_get_connection (live, ci);
      const SynackConnection *b = synack_trace_get_connection (saved, p);
      guint sa = 0, sb = 0;

      g_assert_true (synack_address_equal (&a->addr[0], &b->addr[0]));
      g_assert_true (synack_address_equal (&a->addr[1], &b->addr[1]));
      g_assert_cmpuint (a->port[0], ==, b->port[0]);
      g_assert_cmpuint (a->port[1], ==, b->port[1]);
      g_assert_cmpuint (a->n_segments, ==, b->n_segments);
      /* Zeek's summary of one still open in a capture still running is
       * not written yet; the file, read to its end, has it */
      if (a->summary[0] != '\0')
        g_assert_cmpstr (a->summary, ==, b->summary);
      for (guint e = 0; e < 2; e++)
        {
          guint n_spans = synack_trace_get_n_state_spans (live, ci, e);

          g_assert_cmpuint (synack_trace_get_n_state_spans (saved, p, e), ==, n_spans);
          for (guint s = 0; s < n_spans; s++)
            {
              SynackTcpState x, y;

              synack_trace_get_state_span (live, ci, e, s, NULL, &x, NULL);
              synack_trace_get_state_span (saved, p, e, s, NULL, &y, NULL);
              g_assert_cmpuint (x, ==, y);
            }
        }
      /* segment by segment */
      for (guint k = 0; k < a->n_segments; k++)
        {
          guint ea, eb;
          SynackEvent x, y;

          do
            ea = synack_trace_conn_event (live, ci, sa++);
          while (synack_trace_get_event_kind (live, ea) != SYNACK_EVENT_SEGMENT);
          do
            eb = synack_trace_conn_event (saved, p, sb++);
          while (synack_trace_get_event_kind (saved, eb) != SYNACK_EVENT_SEGMENT);
          x = synack_test_event (live, ea);
          y = synack_test_event (saved, eb);
          g_assert_cmpint (event_time (live, ea), ==, event_time (saved, eb));
          g_assert_cmpuint (x.endpoint, ==, y.endpoint);
          g_assert_cmpuint (x.segment.seq, ==, y.segment.seq);
          g_assert_cmpuint (x.segment.ack, ==, y.segment.ack);
          g_assert_cmpuint (x.segment.len, ==, y.segment.len);
          g_assert_cmpuint (x.segment.flags, ==, y.segment.flags);
        }
    }
}

static SynackTrace *
load (const char         *path,
      SynackCaptureStats *stats)
{
  g_autoptr(GError) error = NULL;
  SynackTrace *trace;

  synack_capture_stats_init (stats);
  trace = synack_pcap_load_file (path, NULL, NULL, NULL, NULL, stats, &error);
  g_assert_no_error (error);
  g_assert_null (stats->file_error);
  return trace;
}

/* The budget let most connections go: the file saved holds the packets of
 * the others, and opens to them. */
static void
test_save_after_drops (void)
{
  g_autoptr(SynackPcapSource) source = run_replay (traffic, 1, 1536 * 1024);
  g_autofree char *out = g_build_filename (work, "saved.pcap", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackTrace) saved = NULL;
  SynackCaptureStats stats;
  const SynackCaptureStats *live_stats = synack_pcap_source_get_stats (source);
  SynackTrace *trace = synack_pcap_source_get_trace (source);
  guint64 kept_segments = 0;

  g_assert_null (synack_pcap_source_get_error (source));
  g_assert_cmpuint (live_stats->budget_connections, >, N_CONNECTIONS / 2);
  g_assert_true (synack_pcap_source_save (source, out, &error));
  g_assert_no_error (error);

  saved = load (out, &stats);
  for (guint p = 0; p < synack_trace_get_n_kept_connections (trace); p++)
    kept_segments += synack_trace_get_connection (trace,
                                                  synack_trace_get_kept_connection (trace, p))
                       ->n_segments;
  /* nothing but the kept connections' packets */
  g_assert_cmpuint (stats.packets, ==, kept_segments);
  g_assert_cmpuint (stats.tcp, ==, kept_segments);
  assert_same_connections (trace, saved);
  synack_capture_stats_clear (&stats);
  g_unlink (out);
}

/* Nothing let go: every connection comes back. */
static void
test_save_everything (void)
{
  g_autoptr(SynackPcapSource) source = run_replay (traffic, 1, SYNACK_LIVE_BUDGET_DEFAULT);
  g_autofree char *out = g_build_filename (work, "all.pcap", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackTrace) saved = NULL;
  SynackCaptureStats stats;
  SynackTrace *trace = synack_pcap_source_get_trace (source);

  g_assert_cmpuint (synack_pcap_source_get_stats (source)->budget_connections, ==, 0);
  g_assert_true (synack_pcap_source_save (source, out, &error));
  g_assert_no_error (error);
  saved = load (out, &stats);
  g_assert_cmpuint (synack_trace_get_n_connections (saved), ==, N_CONNECTIONS);
  g_assert_cmpuint (stats.packets, ==, synack_pcap_source_get_stats (source)->packets);
  assert_same_connections (trace, saved);
  synack_capture_stats_clear (&stats);
  g_unlink (out);
}

/* Saved while the capture still runs: the file holds what the trace
 * holds at that moment, and opens to it. */
static void
test_save_while_running (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackPcapSource) source = synack_pcap_source_new_replay (traffic, NULL, 1, 100000,
                                                                      &error);
  g_autofree char *out = g_build_filename (work, "running.pcap", NULL);
  g_autoptr(SynackTrace) saved = NULL;
  SynackCaptureStats stats;
  SynackTrace *trace;

  g_assert_no_error (error);
  synack_pcap_source_set_memory_budget (source, 1536 * 1024);
  g_assert_true (synack_pcap_source_start (source, &error));
  trace = synack_pcap_source_get_trace (source);
  /* paced at 100,000 packets a second: well under way, far from the end */
  while (synack_trace_get_n_segments (trace) < 20000)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (synack_pcap_source_is_running (source));
  g_assert_true (synack_pcap_source_save (source, out, &error));
  g_assert_no_error (error);
  saved = load (out, &stats);
  /* the main thread appends: nothing changed the trace since */
  assert_same_connections (trace, saved);
  synack_capture_stats_clear (&stats);
  synack_pcap_source_stop (source);
  g_assert_null (synack_pcap_source_get_error (source));
  g_unlink (out);
}

static guint64
file_size (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return (guint64) st.st_size;
}

/* Many passes with a small budget: the spool holds what the trace keeps,
 * not what went by. */
static void
test_bounded (void)
{
  const guint passes = 6;
  g_autoptr(SynackPcapSource) source = run_replay (traffic, passes, 1 << 20);
  g_autofree char *out = g_build_filename (work, "bounded.pcap", NULL);
  g_autoptr(GError) error = NULL;
  const char *dir = synack_pcap_source_get_spool_dir (source);
  guint64 disk = synack_pcap_source_get_spool_size (source);
  guint64 written = passes * file_size (traffic);
  guint64 kept;
  guint64 on_disk = 0;
  g_autoptr(GDir) d = NULL;
  const char *name;

  g_assert_nonnull (dir);
  g_assert_true (g_str_has_prefix (dir, tmp_root));
  g_assert_true (synack_pcap_source_save (source, out, &error));
  g_assert_no_error (error);
  kept = file_size (out);
  g_test_message ("%" G_GUINT64_FORMAT " bytes went by, %" G_GUINT64_FORMAT " on disk at the "
                  "end, the packets kept take %" G_GUINT64_FORMAT, written, disk, kept);
  /* the files hold the kept packets a few times over at most, and the
   * last chunk written */
  g_assert_cmpuint (disk, <=, COMPACT_FACTOR * kept + SYNACK_LIVE_SPOOL_CHUNK_BYTES);
  g_assert_cmpuint (disk, <, written / 4);
  /* what it says is what is there: chunk files, nothing half written */
  d = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_assert_true (g_str_has_suffix (name, ".pcap"));
      on_disk += file_size (path);
    }
  g_assert_cmpuint (on_disk, ==, disk);
  g_unlink (out);
}

/* The directory goes with the capture, and with its document. */
static void
test_removed_with_source (void)
{
  g_autoptr(SynackPcapSource) source = run_replay (traffic, 1, SYNACK_LIVE_BUDGET_DEFAULT);
  g_autofree char *dir = g_strdup (synack_pcap_source_get_spool_dir (source));

  g_assert_true (g_file_test (dir, G_FILE_TEST_IS_DIR));
  g_assert_cmpuint (synack_test_count_entries (dir, ""), >, 0);
  g_assert_cmpuint (synack_test_count_entries (tmp_root, ""), ==, 1);
  g_clear_object (&source);
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (synack_test_count_entries (tmp_root, ""), ==, 0);
}

static void
stopped (SynackDocument *doc,
         const GError   *error,
         gboolean       *done)
{
  *done = TRUE;
}

static void
test_removed_with_document (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackDocument) doc = synack_document_new_replay (traffic, 1, 0,
                                                              SYNACK_LIVE_BUDGET_DEFAULT, &error);
  gboolean done = FALSE;

  g_assert_no_error (error);
  g_signal_connect (doc, "stopped", G_CALLBACK (stopped), &done);
  /* there while it runs, and after */
  g_assert_cmpuint (synack_test_count_entries (tmp_root, ""), ==, 1);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (synack_test_count_entries (tmp_root, ""), ==, 1);
  g_clear_object (&doc);
  g_assert_cmpuint (synack_test_count_entries (tmp_root, ""), ==, 0);

  /* closed while it still runs */
  doc = synack_document_new_replay (traffic, 50, 0, SYNACK_LIVE_BUDGET_DEFAULT, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (synack_document_get_running (doc));
  g_assert_cmpuint (synack_test_count_entries (tmp_root, ""), ==, 1);
  g_clear_object (&doc);
  g_assert_cmpuint (synack_test_count_entries (tmp_root, ""), ==, 0);
}

/* A process that ends with a capture never freed leaves nothing either. */
static void
test_removed_at_exit (void)
{
  /* held by a static to the end, as a program may hold one: not freed,
   * and not a leak to a leak checker (volatile: the store stays) */
  static SynackPcapSource *volatile leaked;

  if (g_test_subprocess ())
    {
      leaked = run_replay (traffic, 1, SYNACK_LIVE_BUDGET_DEFAULT);

      g_assert_nonnull (synack_pcap_source_get_spool_dir (leaked));
      g_assert_cmpuint (synack_test_count_entries (tmp_root, ""), ==, 1);
      exit (0);
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_assert_cmpuint (synack_test_count_entries (tmp_root, ""), ==, 0);
}

/* The temporary directory cannot be written: no spool (so the capture
 * does not start), and a message that says where and why. */
static void
test_tmpdir_missing (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackLiveSpool) spool = NULL;
  g_autofree char *missing = g_build_filename (work, "no-such-dir", NULL);

  spool = synack_live_spool_new (missing, 1, 65535, &error);
  g_assert_null (spool);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, missing));
  g_assert_nonnull (strstr (error->message, "TMPDIR"));
}

/* A small file system of its own for TMPDIR, in a mount namespace of this
 * (sub)process; NULL when it can be had, else why not. */
static const char *
small_tmpdir (void)
{
  if (unshare (CLONE_NEWNS) != 0)
    return "cannot make a mount namespace (needs root or CAP_SYS_ADMIN)";
  if (mount ("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
    return "cannot make the mounts private to the test's namespace";
  if (mount ("synack-test", tmp_root, "tmpfs", 0, "size=512k") != 0)
    return "cannot mount a small tmpfs in the test's namespace";
  return NULL;
}

/* The subprocess of test_disk_full, in a mount namespace of its own; its
 * locals freed before it exits. */
static void
disk_full_child (const char *skip_file)
{
  const char *cannot = small_tmpdir ();
  g_autoptr(SynackPcapSource) source = NULL;
  g_autofree char *out = g_build_filename (work, "before-full.pcap", NULL);
  g_autofree char *cli_out = g_build_filename (tmp_root, "cli.pcap", NULL);
  g_autoptr(SynackTrace) saved = NULL;
  SynackCaptureStats stats;
  g_autoptr(GError) error = NULL;
  const GError *stop;

  if (cannot != NULL)
    {
      g_file_set_contents (skip_file, cannot, -1, NULL);
      return;
    }
  source = run_replay (traffic, 1, SYNACK_LIVE_BUDGET_DEFAULT);
  stop = synack_pcap_source_get_error (source);
  g_assert_error (stop, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_assert_nonnull (strstr (stop->message, tmp_root));
  g_assert_nonnull (strstr (stop->message, g_strerror (ENOSPC)));
  g_assert_nonnull (strstr (stop->message, "the capture stopped"));
  /* what came before the disk was full is there, and saves */
  g_assert_cmpuint (synack_trace_get_n_segments (synack_pcap_source_get_trace (source)), >,
                    1000);
  g_assert_cmpuint (synack_pcap_source_get_stats (source)->tcp, ==,
                    synack_trace_get_n_segments (synack_pcap_source_get_trace (source)));
  g_assert_true (synack_pcap_source_save (source, out, &error));
  g_assert_no_error (error);
  saved = load (out, &stats);
  assert_same_connections (synack_pcap_source_get_trace (source), saved);
  synack_capture_stats_clear (&stats);
  g_unlink (out);
  g_clear_object (&source);

  {
    g_autofree char *cli_stdout = NULL, *cli_err = NULL;
    g_auto(GStrv) lines = NULL;
    guint n_errors = 0;

    g_assert_cmpint (synack_test_run_cli (&cli_stdout, &cli_err, "capture", "--replay",
                                          traffic, "-w", cli_out, "--json", NULL), ==, 2);
    lines = g_strsplit (cli_err, "\n", -1);
    for (guint i = 0; lines[i] != NULL; i++)
      if (strstr (lines[i], g_strerror (ENOSPC)) != NULL)
        {
          n_errors++;
          g_assert_nonnull (strstr (lines[i], cli_out));
        }
    if (n_errors != 1)
      g_error ("one line should say the disk is full: %s", cli_err);
  }
}

/* The disk fills up while capturing: the capture stops with a message that
 * says so; the trace keeps what came before, and saving it still gives
 * those connections. synack-cli capture -w onto a full disk: one line, and
 * exit status 2. */
static void
test_disk_full (void)
{
  g_autofree char *skip_file = g_build_filename (work, "skipped-because", NULL);
  g_autofree char *why = NULL;

  if (g_test_subprocess ())
    {
      disk_full_child (skip_file);
      exit (0);
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  if (g_file_get_contents (skip_file, &why, NULL, NULL))
    {
      g_test_skip (why);
      g_unlink (skip_file);
    }
}

int
main (int    argc,
      char **argv)
{
  int status;

  /* A TMPDIR of the tests' own, before anything reads it; a subprocess
   * of a test shares its parent's. */
  if (g_getenv ("SYNACK_SPOOL_TEST_WORK") != NULL)
    {
      tmp_root = g_strdup (g_getenv ("TMPDIR"));
      work = g_strdup (g_getenv ("SYNACK_SPOOL_TEST_WORK"));
    }
  else
    {
      /* not g_dir_make_tmp (): it would read TMPDIR once and for all */
      const char *base = g_getenv ("TMPDIR") != NULL ? g_getenv ("TMPDIR") : "/tmp";

      tmp_root = g_build_filename (base, "synack-spool-tmp-XXXXXX", NULL);
      work = g_build_filename (base, "synack-spool-XXXXXX", NULL);
      g_assert_nonnull (g_mkdtemp (tmp_root));
      g_assert_nonnull (g_mkdtemp (work));
      g_setenv ("TMPDIR", tmp_root, TRUE);
      g_setenv ("SYNACK_SPOOL_TEST_WORK", work, TRUE);
    }
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpstr (g_get_tmp_dir (), ==, tmp_root);

  traffic = g_build_filename (work, "traffic.pcap", NULL);
  if (!g_file_test (traffic, G_FILE_TEST_EXISTS))
    g_free (live_traffic_write_pcap (work, N_CONNECTIONS, OPEN_EVERY, DATA));

  g_test_add_func ("/live/spool/save-after-drops", test_save_after_drops);
  g_test_add_func ("/live/spool/save-everything", test_save_everything);
  g_test_add_func ("/live/spool/save-while-running", test_save_while_running);
  g_test_add_func ("/live/spool/bounded", test_bounded);
  g_test_add_func ("/live/spool/removed-with-source", test_removed_with_source);
  g_test_add_func ("/live/spool/removed-with-document", test_removed_with_document);
  g_test_add_func ("/live/spool/removed-at-exit", test_removed_at_exit);
  g_test_add_func ("/live/spool/tmpdir-missing", test_tmpdir_missing);
  g_test_add_func ("/live/spool/disk-full", test_disk_full);
  status = g_test_run ();

  if (!g_test_subprocess ())
    {
      g_unlink (traffic);
      g_rmdir (work);
      g_rmdir (tmp_root);
    }
  return status;
}
