/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SynackDocument and SynackDocumentLoader, headless: the one rule for an
 * input, loading with progress and cancel, saving and re-running, what-if
 * and acting at a time; and that the window's way in and the CLI's give the
 * same document for the same argument. */
#define _GNU_SOURCE 1  /* unshare () */
#include "config.h"

#include <gio/gio.h>
#include <sched.h>
#include <glib/gstdio.h>
#include <string.h>

#include "synack-document.h"
#include "synack-document-capture.h"
#include "synack-document-loader.h"
#include "synack-error.h"
#include "synack-export.h"
#include "synack-lessons.h"
#include "synack-scenario.h"
#include "synack-privileges.h"
#include "synack-test-utils.h"

typedef SynackTestDirFixture Fixture;

static char *
json_of (SynackTrace *trace)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (synack_export_json_lines (trace, out, SYNACK_JSON_SEGMENTS |
                                           SYNACK_JSON_STATES | SYNACK_JSON_CONNS,
                                           G_MAXUINT, &error));
  g_assert_no_error (error);
  g_output_stream_write_all (out, "", 1, NULL, NULL, NULL);
  g_output_stream_close (out, NULL, NULL);
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

static SynackDocument *
load (const char  *input,
      GError     **error)
{
  g_autoptr(SynackDocumentLoader) loader = synack_document_loader_new (input);

  return synack_document_loader_load (loader, NULL, error);
}

typedef struct
{
  GMainLoop      *loop;
  SynackDocument *doc;
  GError         *error;
} Waiter;

static void
loaded (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  Waiter *w = user_data;

  w->doc = synack_document_loader_load_finish (SYNACK_DOCUMENT_LOADER (source), result,
                                               &w->error);
  g_main_loop_quit (w->loop);
}

/* As the window does it: off the main thread, the main loop running. */
static SynackDocument *
load_async (SynackDocumentLoader  *loader,
            GCancellable          *cancellable,
            GError               **error)
{
  Waiter w = { g_main_loop_new (NULL, FALSE), NULL, NULL };

  synack_document_loader_load_async (loader, cancellable, loaded, &w);
  g_main_loop_run (w.loop);
  g_main_loop_unref (w.loop);
  if (w.error != NULL)
    g_propagate_error (error, w.error);
  return w.doc;
}

/* ---------------------------------------------------------------- the rule */

static void
test_resolve (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *pcap = synack_test_capture_path ("close-client.pcap");
  g_autofree char *pcapng = synack_test_capture_path ("nanosecond.pcapng");
  g_autofree char *script = g_build_filename (f->dir, "mine.synack", NULL);
  g_autofree char *text = g_build_filename (f->dir, "notes.txt", NULL);
  g_autofree char *binary = g_build_filename (f->dir, "blob.bin", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "gone.pcap", NULL);
  static const char blob[] = { 1, 0, 2, 0, 3 };
  struct
  {
    const char         *input;
    gboolean            ok;
    SynackDocumentKind  kind;
    const char         *message;
  } cases[] = {
    { "handshake-and-close", TRUE, SYNACK_DOCUMENT_SCENARIO, NULL },
    { script, TRUE, SYNACK_DOCUMENT_SCENARIO, NULL },
    { text, TRUE, SYNACK_DOCUMENT_SCENARIO, NULL },
    { pcap, TRUE, SYNACK_DOCUMENT_CAPTURE, NULL },
    { pcapng, TRUE, SYNACK_DOCUMENT_CAPTURE, NULL },
    { binary, TRUE, SYNACK_DOCUMENT_CAPTURE, NULL },
    { f->dir, FALSE, 0, "is a directory" },
    { missing, FALSE, 0, "No such file" },
    { "gone.synack", FALSE, 0, "No such file" },
    { "no-such-lesson", FALSE, 0, "synack-cli scenarios" },
    { "", FALSE, 0, "No input" },
  };

  g_assert_true (g_file_set_contents (script, "0 server listen 80\n", -1, NULL));
  g_assert_true (g_file_set_contents (text, "0 server listen 80\n", -1, NULL));
  g_assert_true (g_file_set_contents (binary, blob, sizeof blob, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      SynackDocumentKind kind = G_MAXINT;
      gboolean ok = synack_document_loader_resolve (cases[i].input, &kind, &error);

      g_test_message ("resolve %s", cases[i].input);
      g_assert_cmpint (ok, ==, cases[i].ok);
      if (ok)
        {
          g_assert_no_error (error);
          g_assert_cmpint (kind, ==, cases[i].kind);
        }
      else
        {
          g_assert_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID);
          g_assert_nonnull (strstr (error->message, cases[i].message));
        }
    }
}

/* ----------------------------------------------------- window and CLI agree */

static char *
cli_inspect_json (const char *input)
{
  char *out = NULL;

  g_assert_cmpint (synack_test_run_cli (&out, NULL, "inspect", "--json", input, NULL), ==, 0);
  return out;
}

/* The same argument through the window's way in (a command-line argument or
 * a picked file, loaded off the main thread) and the CLI's (the argument as
 * typed, loaded in place, and synack-cli itself): the same kind, title,
 * notes and trace. */
static void
test_window_and_cli_agree (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *capture = synack_test_capture_path ("close-client.pcap");
  g_autofree char *pcapng = synack_test_capture_path ("nanosecond.pcapng");
  g_autofree char *saved = g_build_filename (f->dir, "saved.pcap", NULL);
  g_autofree char *other = g_build_filename (f->dir, "other.pcap", NULL);
  g_autofree char *other_script = g_build_filename (f->dir, "other.synack", NULL);
  g_autofree char *script = g_build_filename (f->dir, "lesson.synack", NULL);
  g_autofree char *cwd = g_get_current_dir ();
  g_autoptr(GBytes) lesson = NULL;
  g_autoptr(SynackDocument) first = NULL;
  g_autoptr(GError) error = NULL;
  const char *inputs[] = { "lost-syn", NULL, NULL, NULL, NULL, NULL };
  const SynackDocumentKind kinds[] = {
    SYNACK_DOCUMENT_SCENARIO, SYNACK_DOCUMENT_SCENARIO, SYNACK_DOCUMENT_CAPTURE,
    SYNACK_DOCUMENT_SAVED_RUN, SYNACK_DOCUMENT_CAPTURE, SYNACK_DOCUMENT_CAPTURE,
  };

  /* a built-in lesson, a scenario file, a pcap capture, a saved run, a pcap
   * whose scenario beside it gives another capture, and a pcapng capture */
  g_assert_true (g_file_set_contents (script, "title \"Mine\"\n0 server listen 80\n"
                                      "0.1 client connect server 80\n+0.5 client close\n",
                                      -1, NULL));
  first = load ("half-close", &error);
  g_assert_no_error (error);
  g_assert_true (synack_document_save (first, saved, &error));
  g_assert_no_error (error);
  g_assert_true (synack_document_save (first, other, &error));
  g_assert_true (g_file_set_contents (other_script, "0 server listen 80\n", -1, NULL));
  inputs[1] = script;
  inputs[2] = capture;
  inputs[3] = saved;
  inputs[4] = other;
  inputs[5] = pcapng;

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(SynackDocumentLoader) window = NULL;
      g_autoptr(SynackDocumentLoader) picked = NULL;
      g_autoptr(SynackDocument) a = NULL;
      g_autoptr(SynackDocument) b = NULL;
      g_autoptr(SynackDocument) c = NULL;
      g_autofree char *ja = NULL;
      g_autofree char *jb = NULL;
      g_autofree char *jc = NULL;
      g_autofree char *cli = NULL;
      const char * const *na, * const *nb;

      g_test_message ("input %s", inputs[i]);
      window = synack_document_loader_new_for_commandline_arg (inputs[i], cwd);
      a = load_async (window, NULL, &error);
      g_assert_no_error (error);
      b = load (inputs[i], &error);
      g_assert_no_error (error);

      g_assert_cmpint (synack_document_get_kind (a), ==, kinds[i]);
      g_assert_cmpint (synack_document_get_kind (b), ==, kinds[i]);
      g_assert_cmpstr (synack_document_get_title (a), ==, synack_document_get_title (b));
      g_assert_cmpstr (synack_document_get_subtitle (a), ==, synack_document_get_subtitle (b));
      g_assert_cmpint (synack_document_get_can_rerun (a), ==, synack_document_get_can_rerun (b));
      na = synack_document_get_notes (a);
      nb = synack_document_get_notes (b);
      g_assert_cmpuint (g_strv_length ((char **) na), ==, g_strv_length ((char **) nb));
      for (guint k = 0; na[k] != NULL; k++)
        g_assert_cmpstr (na[k], ==, nb[k]);
      ja = json_of (synack_document_get_trace (a));
      jb = json_of (synack_document_get_trace (b));
      g_assert_cmpstr (ja, ==, jb);
      g_assert_cmpfloat (synack_document_loader_get_fraction (window), ==, 1.0);

      /* what synack-cli prints is that very trace */
      cli = cli_inspect_json (inputs[i]);
      g_assert_cmpstr (cli, ==, jb);

      /* a file picked in a dialog or dropped: the same again */
      if (g_file_test (inputs[i], G_FILE_TEST_EXISTS))
        {
          g_autoptr(GFile) file = g_file_new_for_path (inputs[i]);

          picked = synack_document_loader_new_for_file (file);
          c = load_async (picked, NULL, &error);
          g_assert_no_error (error);
          jc = json_of (synack_document_get_trace (c));
          g_assert_cmpint (synack_document_get_kind (c), ==, kinds[i]);
          g_assert_cmpstr (jc, ==, ja);
        }
    }

  /* the saved run is the engine's (exact calls and timers), the other one
   * is read from its packets and says why */
  {
    g_autoptr(SynackDocument) s = load (saved, &error);
    g_autoptr(SynackDocument) o = load (other, &error);
    gboolean said = FALSE;

    g_assert_cmpint (synack_trace_get_source (synack_document_get_trace (s)), ==,
                     SYNACK_TRACE_SOURCE_ENGINE);
    g_assert_true (synack_document_get_can_rerun (s));
    g_assert_cmpstr (synack_document_get_path (s), ==, saved);
    g_assert_cmpint (synack_trace_get_source (synack_document_get_trace (o)), ==,
                     SYNACK_TRACE_SOURCE_FILE);
    g_assert_false (synack_document_get_can_rerun (o));
    for (const char * const *n = synack_document_get_notes (o); *n != NULL; n++)
      said |= strstr (*n, "other.synack beside it gives another capture") != NULL;
    g_assert_true (said);
  }

  /* a lesson name typed where a file of that name exists is the file */
  {
    g_autofree char *shadow = g_build_filename (f->dir, "lost-syn", NULL);
    g_autoptr(SynackDocumentLoader) window = NULL;
    g_autoptr(SynackDocument) d = NULL;

    g_assert_true (g_file_set_contents (shadow, "title \"Shadow\"\n0 server listen 80\n", -1,
                                        NULL));
    window = synack_document_loader_new_for_commandline_arg ("lost-syn", f->dir);
    d = load_async (window, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (synack_document_get_title (d), ==, "Shadow");
  }
}

/* ------------------------------------------------------- progress, cancel */

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  double fraction = synack_document_loader_get_fraction (SYNACK_DOCUMENT_LOADER (object));
  double *last = user_data;

  /* never backwards, always within 0..1 */
  g_assert_cmpfloat (fraction, >=, *last);
  g_assert_cmpfloat (fraction, <=, 1.0);
  *last = fraction;
}

static void
test_progress_and_cancel (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *big = g_build_filename (f->dir, "big.pcap", NULL);
  g_autoptr(SynackDocumentLoader) loader = NULL;
  g_autoptr(SynackDocument) doc = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  double last = 0;

  /* a capture of many segments: a long scenario saved as a pcap, no
   * scenario beside it */
  {
    g_autoptr(SynackDocument) run = load ("zero-window", &error);

    g_assert_no_error (error);
    g_assert_true (synack_export_pcap (synack_document_get_trace (run), big, G_MAXUINT, &error));
  }
  loader = synack_document_loader_new (big);
  g_signal_connect (loader, "notify::fraction", G_CALLBACK (count_notify), &last);
  doc = load_async (loader, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (doc);
  g_assert_cmpfloat (last, ==, 1.0);
  g_assert_cmpint (synack_document_get_kind (doc), ==, SYNACK_DOCUMENT_CAPTURE);
  g_assert_nonnull (synack_document_get_capture_stats (doc));
  g_clear_object (&doc);
  g_clear_object (&loader);

  /* cancelled before it starts: nothing, and says so */
  loader = synack_document_loader_new (big);
  g_cancellable_cancel (cancellable);
  doc = load_async (loader, cancellable, &error);
  g_assert_null (doc);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* a filter is for captures only */
  g_clear_object (&loader);
  loader = synack_document_loader_new ("lost-syn");
  synack_document_loader_set_filter (loader, "tcp port 80");
  doc = synack_document_loader_load (loader, NULL, &error);
  g_assert_null (doc);
  g_assert_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "capture filter"));
}

/* ---------------------------------------------------------------- documents */

static guint
count_fate (SynackTrace *trace,
            SynackFate   fate)
{
  guint n = 0;

  for (guint i = 0; i < synack_trace_get_n_events (trace); i++)
    {
      SynackEvent ev;

      synack_trace_read_event (trace, i, &ev);
      n += ev.kind == SYNACK_EVENT_SEGMENT && ev.segment.fate == fate;
    }
  return n;
}

static void
test_scenario_document (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackDocument) doc = load ("handshake-and-close", &error);
  g_autoptr(SynackDocument) lost = NULL;
  g_autoptr(SynackDocument) late = NULL;
  g_autoptr(SynackDocument) acted = NULL;
  g_autoptr(SynackDocument) again = NULL;
  g_autofree char *pcap = g_build_filename (f->dir, "run.pcap", NULL);
  g_autofree char *script_path = g_build_filename (f->dir, "run.synack", NULL);
  g_autofree char *saved_script = NULL;
  SynackTrace *trace;
  guint syn_ack = G_MAXUINT;

  g_assert_no_error (error);
  trace = synack_document_get_trace (doc);
  g_assert_cmpint (synack_document_get_kind (doc), ==, SYNACK_DOCUMENT_SCENARIO);
  g_assert_cmpstr (synack_document_get_title (doc), ==, synack_trace_get_title (trace));
  g_assert_cmpstr (synack_document_get_subtitle (doc), ==, "Built-in engine · 1 connection");
  g_assert_true (synack_document_get_can_rerun (doc));
  g_assert_false (synack_document_get_live (doc));
  g_assert_false (synack_document_get_running (doc));
  g_assert_cmpstr (synack_document_get_script_name (doc), ==, "handshake-and-close");
  g_assert_cmpuint (synack_document_get_seed (doc), ==, 1);
  g_assert_nonnull (synack_document_get_lesson (doc));
  g_assert_null (synack_document_get_capture_stats (doc));
  g_assert_null (synack_document_get_run_error (doc));
  synack_document_stop (doc);   /* nothing to stop */

  /* what if the SYN-ACK were lost: the new run loses it, this one is untouched */
  for (guint i = 0; i < synack_trace_get_n_events (trace); i++)
    {
      SynackEvent ev;

      synack_trace_read_event (trace, i, &ev);
      if (ev.kind == SYNACK_EVENT_SEGMENT && ev.segment.flags == (SYNACK_FLAG_SYN | SYNACK_FLAG_ACK))
        {
          syn_ack = i;
          break;
        }
    }
  g_assert_cmpuint (syn_ack, !=, G_MAXUINT);
  lost = synack_document_rerun_with_rule (doc, syn_ack, SYNACK_WHAT_IF_LOSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_fate (trace, SYNACK_FATE_LOST), ==, 0);
  g_assert_cmpuint (count_fate (synack_document_get_trace (lost), SYNACK_FATE_LOST), ==, 1);
  g_assert_cmpint (synack_test_event (synack_document_get_trace (lost), syn_ack).segment.fate,
                   ==, SYNACK_FATE_LOST);
  g_assert_true (synack_document_get_can_rerun (lost));
  late = synack_document_rerun_with_rule (doc, syn_ack, SYNACK_WHAT_IF_DELAY, &error);
  g_assert_no_error (error);
  g_assert_cmpint (synack_test_event (synack_document_get_trace (late), syn_ack).segment.arrive -
                   synack_trace_get_event_time (synack_document_get_trace (late), syn_ack), ==,
                   synack_test_event (trace, syn_ack).segment.arrive -
                   synack_trace_get_event_time (trace, syn_ack) + SYNACK_WHAT_IF_DELAY_NS);
  /* only a segment can be lost */
  g_assert_cmpint (synack_trace_get_event_kind (trace, 0), !=, SYNACK_EVENT_SEGMENT);
  g_assert_null (synack_document_rerun_with_rule (doc, 0, SYNACK_WHAT_IF_LOSE, &error));
  g_assert_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID);
  g_clear_error (&error);

  /* the client aborts just after the handshake: a reset, no FIN */
  acted = synack_document_act_at (doc, synack_test_event (trace, syn_ack).segment.arrive,
                                  "client", "abort", &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (synack_document_get_script (acted), "client abort"));
  {
    SynackTrace *t = synack_document_get_trace (acted);
    gboolean rst = FALSE, fin = FALSE;

    for (guint i = 0; i < synack_trace_get_n_events (t); i++)
      {
        SynackEvent ev;

        synack_trace_read_event (t, i, &ev);
        if (ev.kind == SYNACK_EVENT_SEGMENT)
          {
            rst |= (ev.segment.flags & SYNACK_FLAG_RST) != 0;
            fin |= (ev.segment.flags & SYNACK_FLAG_FIN) != 0;
          }
      }
    g_assert_true (rst);
    g_assert_false (fin);
  }

  /* saved: a pcap and the scenario beside it, headed by the seed; opening
   * the pcap gives the same run */
  g_assert_true (synack_document_save (lost, pcap, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (script_path, &saved_script, NULL, NULL));
  g_assert_true (g_str_has_prefix (saved_script, "# synack: seed 1\n"));
  again = load (pcap, &error);
  g_assert_no_error (error);
  g_assert_cmpint (synack_document_get_kind (again), ==, SYNACK_DOCUMENT_CAPTURE);
  /* the what-if rule is not in the script: the saved run differs from the
   * script's run, so the pcap is read as a capture, and it says why */
  g_assert_cmpuint (count_fate (synack_document_get_trace (again), SYNACK_FATE_CAPTURED), >, 0);
  g_clear_object (&again);
  g_assert_true (synack_document_save (acted, pcap, &error));
  again = load (pcap, &error);
  g_assert_no_error (error);
  g_assert_cmpint (synack_document_get_kind (again), ==, SYNACK_DOCUMENT_SAVED_RUN);
  {
    g_autofree char *a = json_of (synack_document_get_trace (acted));
    g_autofree char *b = json_of (synack_document_get_trace (again));

    g_assert_cmpstr (a, ==, b);
  }

  /* a capture cannot be re-run */
  {
    g_autofree char *capture = synack_test_capture_path ("close-client.pcap");
    g_autoptr(SynackDocument) cap = load (capture, &error);

    g_assert_no_error (error);
    g_assert_false (synack_document_get_can_rerun (cap));
    g_assert_null (synack_document_rerun_with_rule (cap, 0, SYNACK_WHAT_IF_LOSE, &error));
    g_assert_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_null (synack_document_act_at (cap, 0, "client", "close", &error));
    g_assert_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_cmpstr (synack_document_get_subtitle (cap), ==, "Capture file · 1 connection");
    g_assert_cmpstr (synack_document_get_title (cap), ==, "close-client.pcap");
  }
}

/* A scenario whose endpoints answer each other at one instant for ever: the
 * engine's hang guard stops the run and the document says why. */
static void
test_run_error (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "loop.synack", NULL);
  g_autoptr(SynackDocumentLoader) loader = NULL;
  g_autoptr(SynackDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *notes;

  g_assert_true (g_file_set_contents (path, "set delay 0\n0 server listen 80\n"
                                      "0 client connect server 80\n0 client send 100000000\n",
                                      -1, NULL));
  loader = synack_document_loader_new (path);
  synack_document_loader_set_instant_limit (loader, 20);
  doc = synack_document_loader_load (loader, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (synack_document_get_run_error (doc));
  g_assert_nonnull (strstr (synack_document_get_run_error (doc)->message, "stopped at"));
  notes = synack_document_get_notes (doc);
  g_assert_nonnull (notes[0]);
  g_assert_cmpstr (notes[g_strv_length ((char **) notes) - 1], ==,
                   synack_document_get_run_error (doc)->message);
}

/* ---------------------------------------------------------------- live */

typedef struct
{
  guint   n;        /* ::stopped emissions */
  GError *error;    /* the last one's error */
} StopLog;

static void
on_stopped (SynackDocument *doc,
            const GError   *error,
            gpointer        user_data)
{
  StopLog *log = user_data;

  log->n++;
  g_clear_error (&log->error);
  if (error != NULL)
    log->error = g_error_copy (error);
}

static void
test_live_capture (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackDocument) doc = NULL;
  StopLog stopped = { 0, NULL };

  doc = synack_document_new_live ("lo", "tcp port 9", &error);
  if (doc == NULL && g_error_matches (error, SYNACK_ERROR, SYNACK_ERROR_PERMISSION))
    {
      g_test_skip ("this process may not capture");
      return;
    }
  g_assert_no_error (error);
  g_assert_cmpint (synack_document_get_kind (doc), ==, SYNACK_DOCUMENT_LIVE);
  g_assert_true (synack_document_get_live (doc));
  g_assert_true (synack_document_get_running (doc));
  g_assert_false (synack_document_get_can_rerun (doc));
  g_assert_cmpstr (synack_document_get_title (doc), ==, "Live on lo (tcp port 9)");
  g_assert_true (g_str_has_prefix (synack_document_get_subtitle (doc), "Live capture · "));
  g_signal_connect (doc, "stopped", G_CALLBACK (on_stopped), &stopped);

  synack_document_stop (doc);
  g_assert_cmpuint (stopped.n, ==, 1);
  g_assert_null (stopped.error);   /* stopped by hand: no error */
  g_assert_false (synack_document_get_running (doc));
  g_assert_false (synack_document_get_live (doc));
  /* once only */
  synack_document_stop (doc);
  g_assert_cmpuint (stopped.n, ==, 1);
}

/* The TUN device deleted under the engine: the read fails and the user is
 * told, through ::stopped, with the device named. */
static void
test_tun_read_error (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackDocument) doc = NULL;
  StopLog stopped = { 0, NULL };
  const char *argv[] = { "ip", "link", "delete", SYNACK_DOCUMENT_TUN_IFNAME, NULL };
  g_autofree char *ip = g_find_program_in_path ("ip");
  int status;

  if (!synack_document_can_open_tun ())
    {
      g_test_skip ("this process lacks CAP_NET_ADMIN");
      return;
    }
  if (ip == NULL)
    {
      g_test_skip ("no ip(8) to delete the device with");
      return;
    }
  if (!g_test_subprocess ())
    {
      /* in a network namespace of its own, so synack0 is ours */
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }
  if (unshare (CLONE_NEWNET) != 0)
    {
      g_test_skip ("cannot make a network namespace");
      return;
    }
  doc = synack_document_new_tun (1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (synack_document_get_kind (doc), ==, SYNACK_DOCUMENT_TUN);
  g_assert_true (synack_document_get_running (doc));
  g_assert_true (g_str_has_prefix (synack_document_get_subtitle (doc),
                                   "Engine on a TUN device · "));
  g_signal_connect (doc, "stopped", G_CALLBACK (on_stopped), &stopped);

  argv[0] = ip;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL,
                               NULL, &status, &error));
  g_assert_no_error (error);
  while (stopped.n == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (stopped.error, SYNACK_ERROR, SYNACK_ERROR_FAILED);
  g_assert_nonnull (strstr (stopped.error->message, SYNACK_DOCUMENT_TUN_IFNAME));
  g_assert_false (synack_document_get_running (doc));
  g_clear_error (&stopped.error);
}

/* The lesson library as the window lists it: every built-in lesson once,
 * with its title, its description and a category named in its script; the
 * lessons of one category together, in teaching order; each name opens
 * through the loader. */
static void
test_lessons (void)
{
  g_autoptr(GPtrArray) lessons = synack_lessons_list ();
  g_auto(GStrv) names = synack_scenario_list_builtin ();
  g_autoptr(GHashTable) finished = g_hash_table_new (g_str_hash, g_str_equal);
  const char *category = NULL;

  g_assert_cmpuint (lessons->len, ==, g_strv_length (names));
  g_assert_cmpuint (lessons->len, >=, 16);
  for (guint i = 0; i < lessons->len; i++)
    {
      const SynackLesson *lesson = g_ptr_array_index (lessons, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(SynackScenario) scenario = synack_scenario_load_builtin (lesson->name, &error);
      int position = -1;

      g_assert_no_error (error);
      g_assert_true (g_strv_contains ((const char * const *) names, lesson->name));
      g_assert_cmpstr (lesson->title, ==, synack_scenario_get_title (scenario));
      g_assert_cmpstr (lesson->title, !=, lesson->name);
      g_assert_cmpstr (lesson->description, ==, synack_scenario_get_description (scenario));
      /* every built-in names its category; none falls into "Other lessons" */
      g_assert_cmpstr (lesson->category, ==, synack_scenario_get_category (scenario));
      if (g_strcmp0 (category, lesson->category) != 0)
        {
          g_assert_false (g_hash_table_contains (finished, lesson->category));
          if (category != NULL)
            g_hash_table_add (finished, (gpointer) category);
          category = lesson->category;
        }
      /* teaching order within a category */
      for (guint j = 0; names[j] != NULL; j++)
        if (g_str_equal (names[j], lesson->name))
          position = (int) j;
      if (i > 0 && g_str_equal (((SynackLesson *) g_ptr_array_index (lessons, i - 1))->category,
                                lesson->category))
        {
          const char *before = ((SynackLesson *) g_ptr_array_index (lessons, i - 1))->name;

          for (int j = position; j < (int) g_strv_length (names); j++)
            g_assert_cmpstr (names[j], !=, before);
        }
    }
  /* the textbook's two halves have a category each */
  g_assert_cmpstr (((SynackLesson *) g_ptr_array_index (lessons, 0))->name, ==,
                   SYNACK_SCENARIO_DEMO);
  g_assert_cmpuint (g_hash_table_size (finished), >=, 2);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/synack/document/lessons", test_lessons);
  g_test_add ("/synack/document/resolve", Fixture, NULL, synack_test_dir_set_up,
              test_resolve, synack_test_dir_tear_down);
  g_test_add ("/synack/document/window-and-cli-agree", Fixture, NULL, synack_test_dir_set_up,
              test_window_and_cli_agree, synack_test_dir_tear_down);
  g_test_add ("/synack/document/progress-and-cancel", Fixture, NULL, synack_test_dir_set_up,
              test_progress_and_cancel, synack_test_dir_tear_down);
  g_test_add ("/synack/document/scenario", Fixture, NULL, synack_test_dir_set_up,
              test_scenario_document, synack_test_dir_tear_down);
  g_test_add ("/synack/document/run-error", Fixture, NULL, synack_test_dir_set_up,
              test_run_error, synack_test_dir_tear_down);
  g_test_add ("/synack/document/live-capture", Fixture, NULL, synack_test_dir_set_up,
              test_live_capture, synack_test_dir_tear_down);
  g_test_add ("/synack/document/tun-read-error", Fixture, NULL, synack_test_dir_set_up,
              test_tun_read_error, synack_test_dir_tear_down);

  return g_test_run ();
}
