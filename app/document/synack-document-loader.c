/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "synack-document-loader.h"
#include "synack-document-private.h"
#include "synack-error.h"
#include "synack-saved-trace.h"
#include "synack-scenario.h"

struct _SynackDocumentLoader
{
  GObject       parent_instance;

  char         *input;
  char         *filter;
  guint64       seed;
  gboolean      have_seed;
  guint         instant_limit;

  double        fraction;
  GMainContext *context;      /* where fraction is notified */
  struct _Stream *stream;     /* a capture loading in view, or NULL */
  SynackDocument *streamed;   /* the document ::streaming gave, kept after the load */
};

G_DEFINE_FINAL_TYPE (SynackDocumentLoader, synack_document_loader, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_FRACTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  STREAMING,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Tests pace a streaming load: at most this many segments a step, each
 * step committed (0: none). */
static guint test_pace;

/* What the rule makes of an input, before anything is read past its head. */
typedef enum
{
  INPUT_BUILTIN,
  INPUT_SCENARIO_FILE,
  INPUT_CAPTURE,
  INPUT_SAVED_RUN,
} InputKind;

static gboolean
starts_like_capture (const guint8 *head,
                     gsize         len)
{
  static const guint8 magics[][4] = {
    { 0xd4, 0xc3, 0xb2, 0xa1 }, { 0xa1, 0xb2, 0xc3, 0xd4 },  /* pcap, µs */
    { 0x4d, 0x3c, 0xb2, 0xa1 }, { 0xa1, 0xb2, 0x3c, 0x4d },  /* pcap, ns */
    { 0x0a, 0x0d, 0x0d, 0x0a },                              /* pcapng */
  };

  if (len < 4)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (magics); i++)
    if (memcmp (head, magics[i], 4) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
has_capture_suffix (const char *path)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  return g_str_has_suffix (lower, ".pcap") || g_str_has_suffix (lower, ".pcapng") ||
         g_str_has_suffix (lower, ".cap");
}

/* The rule of synack-document-loader.h, steps 1 to 5. */
static gboolean
resolve_input (const char  *input,
               InputKind   *kind,
               GError     **error)
{
  guint8 head[4096];
  gsize len = 0;
  FILE *f;

  if (input == NULL || input[0] == '\0')
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID,
                   _("No input: name a lesson, a scenario file or a capture file"));
      return FALSE;
    }

  if (g_file_test (input, G_FILE_TEST_EXISTS))
    {
      if (g_file_test (input, G_FILE_TEST_IS_DIR))
        {
          g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID,
                       _("%s: is a directory, not a scenario or capture file"), input);
          return FALSE;
        }
      /* A pipe (inspect <(tcpdump -w -)) or a device: a capture read as a
       * stream, whose head cannot be looked at without being consumed. */
      if (!g_file_test (input, G_FILE_TEST_IS_REGULAR))
        {
          *kind = INPUT_CAPTURE;
          return TRUE;
        }
      if (g_str_has_suffix (input, ".synack"))
        {
          *kind = INPUT_SCENARIO_FILE;
          return TRUE;
        }
      /* The head only; a file that cannot be read is left for the reader
       * of its kind to say why. */
      f = fopen (input, "rb");
      if (f != NULL)
        {
          len = fread (head, 1, sizeof head, f);
          fclose (f);
        }
      if (f == NULL || starts_like_capture (head, len) || has_capture_suffix (input))
        {
          g_autofree char *script = synack_saved_trace_script_path (input);

          *kind = script != NULL ? INPUT_SAVED_RUN : INPUT_CAPTURE;
          return TRUE;
        }
      *kind = len > 0 && memchr (head, '\0', len) == NULL ? INPUT_SCENARIO_FILE : INPUT_CAPTURE;
      return TRUE;
    }

  if (strchr (input, '/') != NULL || g_str_has_suffix (input, ".synack") ||
      has_capture_suffix (input))
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID, "%s: %s", input,
                   g_strerror (ENOENT));
      return FALSE;
    }
  {
    g_autoptr(GBytes) text = synack_scenario_get_builtin_text (input, NULL);

    if (text == NULL)
      {
        g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID,
                     _("There is no built-in scenario “%s” and no such file; "
                       "“synack-cli scenarios” lists the built-in ones"), input);
        return FALSE;
      }
  }
  *kind = INPUT_BUILTIN;
  return TRUE;
}

gboolean
synack_document_loader_resolve (const char          *input,
                                SynackDocumentKind  *kind,
                                GError             **error)
{
  InputKind k;

  if (!resolve_input (input, &k, error))
    return FALSE;
  if (kind != NULL)
    *kind = k == INPUT_CAPTURE ? SYNACK_DOCUMENT_CAPTURE
          : k == INPUT_SAVED_RUN ? SYNACK_DOCUMENT_SAVED_RUN
          : SYNACK_DOCUMENT_SCENARIO;
  return TRUE;
}

/* ---------------------------------------------------------------- the object */

static void
synack_document_loader_finalize (GObject *object)
{
  SynackDocumentLoader *self = SYNACK_DOCUMENT_LOADER (object);

  g_free (self->input);
  g_free (self->filter);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_object (&self->streamed);

  G_OBJECT_CLASS (synack_document_loader_parent_class)->finalize (object);
}

static void
synack_document_loader_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  SynackDocumentLoader *self = SYNACK_DOCUMENT_LOADER (object);

  switch (prop_id)
    {
    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
synack_document_loader_class_init (SynackDocumentLoaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = synack_document_loader_finalize;
  object_class->get_property = synack_document_loader_get_property;

  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, 0, 1, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[STREAMING] =
    g_signal_new ("streaming", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, SYNACK_TYPE_DOCUMENT, G_TYPE_UINT);
}

static void
synack_document_loader_init (SynackDocumentLoader *self)
{
  self->seed = 1;
  self->instant_limit = SYNACK_ENGINE_INSTANT_LIMIT_DEFAULT;
}

SynackDocumentLoader *
synack_document_loader_new (const char *input)
{
  SynackDocumentLoader *self;

  g_return_val_if_fail (input != NULL, NULL);

  self = g_object_new (SYNACK_TYPE_DOCUMENT_LOADER, NULL);
  self->input = g_strdup (input);
  return self;
}

SynackDocumentLoader *
synack_document_loader_new_for_commandline_arg (const char *arg,
                                                const char *cwd)
{
  g_return_val_if_fail (arg != NULL, NULL);

  if (cwd != NULL && !g_path_is_absolute (arg))
    {
      g_autofree char *path = g_build_filename (cwd, arg, NULL);

      if (g_file_test (path, G_FILE_TEST_EXISTS))
        return synack_document_loader_new (path);
    }
  return synack_document_loader_new (arg);
}

SynackDocumentLoader *
synack_document_loader_new_for_file (GFile *file)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  path = g_file_get_path (file);
  if (path == NULL)
    path = g_file_get_uri (file);
  return synack_document_loader_new (path);
}

const char *
synack_document_loader_get_input (SynackDocumentLoader *self)
{
  g_return_val_if_fail (SYNACK_IS_DOCUMENT_LOADER (self), NULL);
  return self->input;
}

void
synack_document_loader_set_seed (SynackDocumentLoader *self,
                                 guint64               seed)
{
  g_return_if_fail (SYNACK_IS_DOCUMENT_LOADER (self));
  self->seed = seed;
  self->have_seed = TRUE;
}

void
synack_document_loader_set_filter (SynackDocumentLoader *self,
                                   const char           *filter)
{
  g_return_if_fail (SYNACK_IS_DOCUMENT_LOADER (self));
  g_free (self->filter);
  self->filter = filter != NULL && filter[0] != '\0' ? g_strdup (filter) : NULL;
}

void
synack_document_loader_set_instant_limit (SynackDocumentLoader *self,
                                          guint                 max_steps)
{
  g_return_if_fail (SYNACK_IS_DOCUMENT_LOADER (self));
  self->instant_limit = max_steps;
}

double
synack_document_loader_get_fraction (SynackDocumentLoader *self)
{
  g_return_val_if_fail (SYNACK_IS_DOCUMENT_LOADER (self), 0);
  return self->fraction;
}

/* ---------------------------------------------------------------- loading */

typedef struct
{
  SynackDocumentLoader *self;
  double                fraction;
} Progress;

static gboolean
progress_in_context (gpointer data)
{
  Progress *p = data;

  if (p->fraction != p->self->fraction)
    {
      p->self->fraction = p->fraction;
      g_object_notify_by_pspec (G_OBJECT (p->self), properties[PROP_FRACTION]);
    }
  return G_SOURCE_REMOVE;
}

static void
progress_free (gpointer data)
{
  Progress *p = data;

  g_object_unref (p->self);
  g_free (p);
}

/* Called in whatever thread loads; fraction is set where the caller is. */
static void
report_progress (double   fraction,
                 gpointer user_data)
{
  SynackDocumentLoader *self = user_data;
  Progress *p = g_new (Progress, 1);

  p->self = g_object_ref (self);
  p->fraction = CLAMP (fraction, 0, 1);
  if (self->context == NULL)
    {
      progress_in_context (p);
      progress_free (p);
      return;
    }
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, progress_in_context, p,
                              progress_free);
}

/* What a capture's load says beside its trace, as notes; the document
 * takes the stats. */
static void
capture_notes (SynackDocument     *doc,
               SynackTrace        *trace,
               const char         *path,
               SynackCaptureStats *stats)
{
  if (stats->file_error != NULL)
    _synack_document_add_note (doc, stats->file_error->message);
  if (stats->malformed > 0)
    {
      g_autofree char *note = g_strdup_printf (
        ngettext ("%llu broken packet skipped; synack-cli inspect lists why",
                  "%llu broken packets skipped; synack-cli inspect lists why",
                  (unsigned long) stats->malformed), (unsigned long long) stats->malformed);

      _synack_document_add_note (doc, note);
    }
  if (synack_trace_get_n_segments (trace) == 0 && stats->file_error == NULL)
    {
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *note = g_strdup_printf (_("%s holds no TCP segments (%llu packets read)"),
                                               base, (unsigned long long) stats->packets);

      _synack_document_add_note (doc, note);
    }
  _synack_document_take_capture_stats (doc, stats);
}

static SynackDocument *
load_capture (SynackDocumentLoader  *self,
              const char            *path,
              GCancellable          *cancellable,
              GError               **error)
{
  g_autoptr(SynackTrace) trace = NULL;
  SynackCaptureStats stats;
  SynackDocument *doc;

  synack_capture_stats_init (&stats);
  trace = synack_pcap_load_file (path, self->filter, report_progress, self, cancellable, &stats,
                                 error);
  if (trace == NULL)
    {
      synack_capture_stats_clear (&stats);
      return NULL;
    }
  doc = _synack_document_new_for_trace (SYNACK_DOCUMENT_CAPTURE, trace, path);
  capture_notes (doc, trace, path, &stats);
  synack_capture_stats_clear (&stats);
  return doc;
}

static SynackDocument *
load_scenario_file (SynackDocumentLoader  *self,
                    const char            *path,
                    GError               **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) local = NULL;
  gsize len;

  if (!g_file_get_contents (path, &text, &len, &local))
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID, "%s", local->message);
      return NULL;
    }
  /* the script goes on as a string: a NUL would cut it short unseen */
  if (memchr (text, '\0', len) != NULL)
    {
      g_autofree char *display = g_filename_display_basename (path);

      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_PARSE, _("%s: not a text file"), display);
      return NULL;
    }
  /* a scenario Synack saved records the seed of its run */
  return _synack_document_run_scenario (text, path,
                                        self->have_seed ? self->seed
                                                        : synack_saved_trace_seed (text),
                                        self->instant_limit, error);
}

/* A pcap with its scenario beside it: the scenario's run when it writes the
 * same pcap, byte for byte; else the capture, with a note saying why. */
static SynackDocument *
load_saved_run (SynackDocumentLoader  *self,
                const char            *path,
                GCancellable          *cancellable,
                GError               **error)
{
  g_autofree char *script_path = synack_saved_trace_script_path (path);
  g_autofree char *script = NULL;
  g_autoptr(SynackDocument) run = NULL;
  g_autoptr(GError) why = NULL;
  SynackDocument *doc;

  if (script_path != NULL && g_file_get_contents (script_path, &script, NULL, &why))
    {
      run = _synack_document_run_scenario (script, script_path, synack_saved_trace_seed (script),
                                           self->instant_limit, &why);
      if (run != NULL &&
          synack_saved_trace_matches (synack_document_get_trace (run), path, script_path, &why))
        {
          g_autofree char *base = g_path_get_basename (script_path);
          g_autofree char *note = g_strdup_printf (_("%s re-ran on the engine: exact states, "
                                                     "timers and calls"), base);

          _synack_document_set_kind (run, SYNACK_DOCUMENT_SAVED_RUN);
          _synack_document_set_path (run, path);
          _synack_document_add_note (run, note);
          report_progress (1, self);
          return g_steal_pointer (&run);
        }
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  doc = load_capture (self, path, cancellable, error);
  if (doc != NULL && why != NULL)
    _synack_document_add_note (doc, why->message);
  return doc;
}

static SynackDocument *
load_in_this_thread (SynackDocumentLoader  *self,
                     GCancellable          *cancellable,
                     GError               **error)
{
  InputKind kind;
  SynackDocument *doc = NULL;

  if (!resolve_input (self->input, &kind, error))
    return NULL;
  if (self->filter != NULL && (kind == INPUT_BUILTIN || kind == INPUT_SCENARIO_FILE))
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID,
                   _("%s: a capture filter applies to capture files only"), self->input);
      return NULL;
    }

  switch (kind)
    {
    case INPUT_BUILTIN:
      {
        g_autoptr(GBytes) bytes = synack_scenario_get_builtin_text (self->input, error);
        g_autofree char *text = NULL;

        if (bytes == NULL)
          return NULL;
        text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
        doc = _synack_document_run_scenario (text, self->input, self->seed, self->instant_limit,
                                             error);
      }
      break;
    case INPUT_SCENARIO_FILE:
      doc = load_scenario_file (self, self->input, error);
      break;
    case INPUT_SAVED_RUN:
      /* a filter asks for some packets of the capture, not the run */
      doc = self->filter != NULL ? load_capture (self, self->input, cancellable, error)
                                 : load_saved_run (self, self->input, cancellable, error);
      break;
    case INPUT_CAPTURE:
    default:
      doc = load_capture (self, self->input, cancellable, error);
      break;
    }
  if (doc != NULL && g_cancellable_set_error_if_cancelled (cancellable, error))
    g_clear_object (&doc);
  return doc;
}

SynackDocument *
synack_document_loader_load (SynackDocumentLoader  *self,
                             GCancellable          *cancellable,
                             GError               **error)
{
  SynackDocument *doc;

  g_return_val_if_fail (SYNACK_IS_DOCUMENT_LOADER (self), NULL);

  doc = load_in_this_thread (self, cancellable, error);
  if (doc != NULL)
    report_progress (1, self);
  return doc;
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SynackDocumentLoader *self = source_object;
  GError *error = NULL;
  SynackDocument *doc;

  doc = load_in_this_thread (self, cancellable, &error);
  if (doc == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, doc, g_object_unref);
}

/* ---------------------------------------------------------------- streaming */

/* A capture file opened in a window loads in view: the feed's thread reads
 * and decodes it, and this thread infers what it decoded, a slice at a
 * time in idle time, so the trace is written only here and the window can
 * show it and follow its growth while the rest is read. */
#define STREAM_SLICE_USEC  8000                  /* inferring, a dispatch at most */
#define STREAM_WAIT_USEC   2000                  /* waiting for the reader, at most */
#define STREAM_COMMIT_USEC (200 * 1000)          /* the views and the bar follow this often, */
#define STREAM_COMMIT_LATER_USEC G_USEC_PER_SEC  /* and after the first seconds this often */
#define STREAM_COMMIT_LATER (3 * G_USEC_PER_SEC)
#define STREAM_SHOW_USEC   G_USEC_PER_SEC        /* no connection complete by then: show one */

typedef struct _Stream
{
  SynackDocumentLoader *self;        /* the task holds it */
  GTask                *task;
  SynackPcapFileFeed   *feed;
  SynackDocument       *doc;
  char                 *path;
  guint                 first_done;  /* the first complete connection, or G_MAXUINT */
  gboolean              shown;
  gboolean              more;        /* the feed has more to infer */
  gint64                started;
  gint64                committed;
  guint                 committed_events;
} Stream;

static void
stream_free (gpointer data)
{
  Stream *st = data;

  g_clear_pointer (&st->feed, synack_pcap_file_feed_free);
  g_clear_object (&st->doc);
  g_clear_object (&st->task);
  g_free (st->path);
  g_free (st);
}

static void
stream_connection_done (SynackTrace *trace,
                        guint        conn,
                        gpointer     user_data)
{
  Stream *st = user_data;

  if (st->first_done == G_MAXUINT)
    st->first_done = conn;
}

static void
stream_set_fraction (SynackDocumentLoader *self,
                     double                fraction)
{
  if (fraction == self->fraction)
    return;
  self->fraction = fraction;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
}

/* The connection to show first: the first complete one, else the first
 * that carried segments. */
static guint
stream_first_connection (Stream      *st,
                         SynackTrace *trace)
{
  if (st->first_done != G_MAXUINT)
    return st->first_done;
  for (guint i = 0; i < synack_trace_get_n_connections (trace); i++)
    if (synack_trace_get_connection (trace, i)->n_segments > 0)
      return i;
  return 0;
}

static void
stream_complete (Stream *st)
{
  SynackTrace *trace = synack_pcap_file_feed_get_trace (st->feed);
  SynackCaptureStats stats;
  GError *error = NULL;

  synack_capture_stats_init (&stats);
  if (!synack_pcap_file_feed_finish (st->feed, &stats, &error))
    {
      synack_capture_stats_clear (&stats);
      g_task_return_error (st->task, error);
      return;
    }
  capture_notes (st->doc, trace, st->path, &stats);
  synack_capture_stats_clear (&stats);
  stream_set_fraction (st->self, 1);
  g_task_return_pointer (st->task, g_object_ref (st->doc), g_object_unref);
}

static void
stream_commit (Stream *st,
               gint64  now)
{
  synack_trace_commit (synack_pcap_file_feed_get_trace (st->feed));
  _synack_document_trace_grew (st->doc);
  st->committed = now;
  stream_set_fraction (st->self, synack_pcap_file_feed_get_fraction (st->feed));
}

/* One dispatch does one of: show the document, commit the growth (the
 * window redraws for it), wrap up, or infer a slice; never two, so that no
 * dispatch holds the main loop for the sum. */
static gboolean
stream_step (gpointer data)
{
  Stream *st = data;
  SynackDocumentLoader *self = st->self;
  SynackTrace *trace = synack_pcap_file_feed_get_trace (st->feed);
  gint64 now = g_get_monotonic_time ();

  if (st->more && !st->shown &&
      (st->first_done != G_MAXUINT ||
       (now - st->started >= STREAM_SHOW_USEC && synack_trace_get_n_connections (trace) > 0)))
    {
      if (st->committed_events != synack_trace_get_n_events (trace))
        {
          stream_commit (st, now);
          st->committed_events = synack_trace_get_n_events (trace);
          return G_SOURCE_CONTINUE;
        }
      st->shown = TRUE;
      g_set_object (&self->streamed, st->doc);
      g_signal_emit (self, signals[STREAMING], 0, st->doc, stream_first_connection (st, trace));
      return G_SOURCE_CONTINUE;
    }
  if (!st->more)
    {
      stream_commit (st, now);
      stream_complete (st);
      return G_SOURCE_REMOVE;
    }
  /* A few times a second at first, then once a second: drawing must not
   * take the time the load needs. A test's pace commits every step. */
  if (st->committed_events != synack_trace_get_n_events (trace) &&
      (test_pace > 0 ||
       now - st->committed >= (now - st->started < STREAM_COMMIT_LATER ? STREAM_COMMIT_USEC
                                                                        : STREAM_COMMIT_LATER_USEC)))
    {
      stream_commit (st, now);
      st->committed_events = synack_trace_get_n_events (trace);
      return G_SOURCE_CONTINUE;
    }
  st->more = synack_pcap_file_feed_step (st->feed, test_pace, STREAM_SLICE_USEC,
                                         test_pace > 0 ? 0 : STREAM_WAIT_USEC);
  return G_SOURCE_CONTINUE;
}

static void
stream_start (SynackDocumentLoader *self,
              GTask                *task,
              SynackPcapFileFeed   *feed)
{
  Stream *st = g_new0 (Stream, 1);
  GSource *source;

  st->self = self;
  st->task = g_object_ref (task);
  st->feed = feed;
  st->path = g_strdup (self->input);
  st->first_done = G_MAXUINT;
  st->more = TRUE;
  st->started = st->committed = g_get_monotonic_time ();
  st->doc = _synack_document_new_for_trace (SYNACK_DOCUMENT_CAPTURE,
                                            synack_pcap_file_feed_get_trace (feed), self->input);
  synack_pcap_file_feed_set_connection_done (feed, stream_connection_done, st);

  /* below redrawing and input: the window stays responsive */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT_IDLE);
  g_source_set_callback (source, stream_step, st, stream_free);
  g_source_set_static_name (source, "[synack] capture loading in view");
  g_source_attach (source, self->context);
  g_source_unref (source);
}

SynackDocument *
synack_document_loader_get_document (SynackDocumentLoader *self)
{
  g_return_val_if_fail (SYNACK_IS_DOCUMENT_LOADER (self), NULL);
  return self->streamed;
}

void
synack_document_loader_set_test_pace (guint segments)
{
  test_pace = segments;
}

void
synack_document_loader_load_async (SynackDocumentLoader *self,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  InputKind kind;

  g_return_if_fail (SYNACK_IS_DOCUMENT_LOADER (self));

  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();
  self->fraction = 0;
  g_clear_object (&self->streamed);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, synack_document_loader_load_async);
  /* A capture file loads in view (::streaming); the rest in a thread. */
  if (resolve_input (self->input, &kind, NULL) && kind == INPUT_CAPTURE &&
      g_file_test (self->input, G_FILE_TEST_IS_REGULAR))
    {
      GError *error = NULL;
      SynackPcapFileFeed *feed = synack_pcap_file_feed_new (self->input, self->filter, cancellable,
                                                            &error);

      if (feed == NULL)
        g_task_return_error (task, error);
      else
        stream_start (self, task, feed);
      return;
    }
  g_task_run_in_thread (task, load_thread);
}

SynackDocument *
synack_document_loader_load_finish (SynackDocumentLoader  *self,
                                    GAsyncResult          *result,
                                    GError               **error)
{
  SynackDocument *doc;

  g_return_val_if_fail (SYNACK_IS_DOCUMENT_LOADER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  doc = g_task_propagate_pointer (G_TASK (result), error);
  if (doc != NULL && self->fraction != 1)
    {
      self->fraction = 1;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
    }
  return doc;
}
