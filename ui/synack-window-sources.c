/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Where the window's document comes from: every input (a lesson's name, a
 * .synack file, a saved run, a capture file) through SynackDocumentLoader,
 * a live capture or the engine on a TUN device as documents of their own;
 * what-if and acting at the cursor as new documents; saving and exporting
 * what is shown. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <glib/gi18n-lib.h>
#include <net/if.h>

#include <string.h>

#include "synack-document-loader.h"
#include "synack-error.h"
#include "synack-kernel-states.h"
#include "synack-kernel-watch.h"
#include "synack-load-bar.h"
#include "synack-window-private.h"

/* The scenario a new window shows (the engine's SYNACK_SCENARIO_DEMO). */
#define DEMO_SCENARIO "handshake-and-close"

struct _SynackWindowSources
{
  GCancellable         *load_cancellable;
  SynackDocumentLoader *loader;            /* the load the progress bar shows */
  SynackLoadBar        *load_bar;          /* a capture loading in view; the window's */
  guint                 loading_delay;     /* before a scenario's loading page shows */
  SynackKernelWatch    *kernel_watch;      /* the kernel's states beside a live capture */
  gboolean              over_budget;       /* a live capture's open connections alone are
                                            * past its memory budget: told */

  /* Acting at the cursor, newest last: what each act replaced, to go back. */
  GPtrArray            *undo;
};

/* One act at the cursor: the run before it, and the run it made (undo only
 * while that is still the one shown). */
typedef struct
{
  SynackDocument *before;
  SynackDocument *after;
  int             position;
} ActUndo;

static void
act_undo_free (gpointer data)
{
  ActUndo *undo = data;

  g_clear_object (&undo->before);
  g_clear_object (&undo->after);
  g_free (undo);
}

SynackWindowSources *
_synack_window_sources_new (void)
{
  SynackWindowSources *sources = g_new0 (SynackWindowSources, 1);

  sources->undo = g_ptr_array_new_with_free_func (act_undo_free);
  return sources;
}

static void
stop_kernel_watch (SynackWindowSources *sources)
{
  if (sources->kernel_watch != NULL)
    {
      g_signal_handlers_disconnect_matched (sources->kernel_watch, G_SIGNAL_MATCH_DATA, 0, 0, NULL,
                                            NULL, NULL);
      synack_kernel_watch_stop (sources->kernel_watch);
    }
  g_clear_object (&sources->kernel_watch);
}

static void forget_load (SynackWindowSources *sources);

void
_synack_window_sources_free (SynackWindowSources *sources)
{
  if (sources->load_cancellable != NULL)
    g_cancellable_cancel (sources->load_cancellable);
  forget_load (sources);
  stop_kernel_watch (sources);
  g_ptr_array_unref (sources->undo);
  g_free (sources);
}

static SynackDocument *
document (SynackWindow *self)
{
  return synack_session_get_document (self->session);
}

char *
_synack_window_sources_describe (SynackWindow *self)
{
  SynackDocument *doc = document (self);
  SynackTrace *trace = synack_session_get_trace (self->session);

  if (doc != NULL)
    return g_strdup (synack_document_get_subtitle (doc));
  return g_strdup_printf (ngettext ("%u connection", "%u connections",
                                    synack_trace_get_n_connections (trace)),
                          synack_trace_get_n_connections (trace));
}

void
_synack_window_stop_sources (SynackWindow *self)
{
  SynackDocument *doc = document (self);

  if (doc != NULL && synack_document_get_running (doc))
    synack_document_stop (doc);
  stop_kernel_watch (self->sources);
  gtk_widget_set_visible (self->stop_button, FALSE);
}

void
_synack_window_cancel_load (SynackWindow *self)
{
  if (self->sources != NULL && self->sources->load_cancellable != NULL)
    g_cancellable_cancel (self->sources->load_cancellable);
}

/* A live source stopped: by the user, by its count, or because it failed
 * (an interface gone, a TUN device that could not be read). */
static void
document_stopped (SynackDocument *doc,
                  const GError   *error,
                  SynackWindow   *self)
{
  SynackDocumentKind kind = synack_document_get_kind (doc);

  gtk_widget_set_visible (self->stop_button, FALSE);
  /* What the kernel said stays beside the capture; it says no more. */
  if (self->sources->kernel_watch != NULL)
    synack_kernel_watch_stop (self->sources->kernel_watch);
  if (error != NULL)
    _synack_window_show_error (self, kind == SYNACK_DOCUMENT_TUN ? _("The TUN Device Stopped")
                                     : kind == SYNACK_DOCUMENT_MACHINE
                                     ? _("Watching This Machine Stopped")
                                     : _("The Live Capture Stopped"), error->message);
  else
    synack_window_toast (self, kind == SYNACK_DOCUMENT_MACHINE
                               ? _("Stopped watching this machine’s sockets")
                               : _("Capture stopped"));
  _synack_window_update_title (self);
}

static void hide_load_bar (SynackWindow *self);

/* Another document is shown than a load in flight would show: the load is
 * cancelled and forgotten (no toast; what is shown is the answer). */
static void
drop_load (SynackWindow *self)
{
  _synack_window_cancel_load (self);
  forget_load (self->sources);
  hide_load_bar (self);
}

/* A live capture's open connections alone went past its memory budget:
 * nothing can be let go, and it grows. The subtitle says so while it lasts;
 * a toast tells it once each time it happens. */
static void
live_budget_check (SynackWindow   *self,
                   GParamSpec     *pspec,
                   SynackDocument *doc)
{
  gboolean over = synack_document_get_over_budget (doc);

  if (over && !self->sources->over_budget)
    synack_window_toast (self, _("The open connections alone are past the live capture’s "
                                 "memory budget: none can be let go, so it grows past it"));
  self->sources->over_budget = over;
}

/* Show doc, stopping what ran before, with its notes as toasts. */
static void
show_document (SynackWindow   *self,
               SynackDocument *doc)
{
  SynackDocument *old = document (self);
  const char * const *notes;

  /* a capture shown while it loads is that load's own document */
  if (self->sources->loader == NULL ||
      synack_document_loader_get_document (self->sources->loader) != doc)
    drop_load (self);

  if (old != NULL)
    {
      g_signal_handlers_disconnect_by_data (old, self);
      if (old != doc && synack_document_get_running (old))
        synack_document_stop (old);
    }
  if (old != doc)
    {
      stop_kernel_watch (self->sources);
      synack_session_set_kernel_states (self->session, NULL);
    }
  g_signal_connect_object (doc, "notify::subtitle", G_CALLBACK (_synack_window_update_title),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (doc, "notify::title", G_CALLBACK (_synack_window_update_title),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (doc, "stopped", G_CALLBACK (document_stopped), self, 0);
  self->sources->over_budget = FALSE;
  if (synack_document_get_kind (doc) == SYNACK_DOCUMENT_LIVE)
    g_signal_connect_object (doc, "notify::subtitle", G_CALLBACK (live_budget_check), self,
                             G_CONNECT_SWAPPED);
  _synack_window_show_document (self, doc);
  gtk_widget_set_visible (self->stop_button, synack_document_get_running (doc));
  gtk_button_set_label (GTK_BUTTON (self->stop_button),
                        synack_document_get_kind (doc) == SYNACK_DOCUMENT_MACHINE
                        ? _("Stop Watching") : _("Stop Capture"));
  notes = synack_document_get_notes (doc);
  for (guint i = 0; notes != NULL && notes[i] != NULL; i++)
    synack_window_toast (self, notes[i]);
}

/* ---- loading ---- */

/* A scenario runs in far less than this; the loading page shows only for
 * a run that takes longer, so a lesson opens without a flash. */
#define SCENARIO_LOADING_DELAY_MS 300

/* The strip over a capture shown while it loads, made the first time. */
static SynackLoadBar *
load_bar (SynackWindow *self)
{
  GtkWidget *stack = GTK_WIDGET (self->main_stack);

  if (self->sources->load_bar == NULL)
    {
      GtkWidget *bar = synack_load_bar_new ();

      gtk_widget_set_visible (bar, FALSE);
      gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (stack)), bar,
                                  gtk_widget_get_prev_sibling (stack));
      self->sources->load_bar = SYNACK_LOAD_BAR (bar);
    }
  return self->sources->load_bar;
}

GtkWidget *
_synack_window_sources_get_load_bar (SynackWindow *self)
{
  return self->sources != NULL ? (GtkWidget *) self->sources->load_bar : NULL;
}

static void
hide_load_bar (SynackWindow *self)
{
  if (self->sources->load_bar != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->sources->load_bar), FALSE);
}

/* How far the capture shown while it loads is read, and how many
 * connections it holds so far. */
static void
update_load_bar (SynackWindow         *self,
                 SynackDocumentLoader *loader)
{
  SynackDocument *doc = synack_document_loader_get_document (loader);
  SynackTrace *trace;
  g_autofree char *base = NULL;
  g_autofree char *text = NULL;
  guint n;

  if (doc == NULL || doc != document (self))
    return;
  trace = synack_document_get_trace (doc);
  n = synack_trace_get_n_connections (trace);
  base = g_path_get_basename (synack_document_loader_get_input (loader));
  /* TRANSLATORS: a capture file shown while the rest of it is read */
  text = g_strdup_printf (ngettext ("Reading %s: %u connection so far",
                                    "Reading %s: %u connections so far", n), base, n);
  synack_load_bar_set_loading (load_bar (self), text,
                               synack_document_loader_get_fraction (loader));
}

static void
load_progress (SynackDocumentLoader *loader,
               GParamSpec           *pspec,
               SynackWindow         *self)
{
  gtk_progress_bar_set_fraction (self->loading_progress,
                                 CLAMP (synack_document_loader_get_fraction (loader), 0, 1));
  update_load_bar (self, loader);
}

/* A capture's first connection is complete while the rest still loads:
 * show it, and the trace grows behind it. */
static void
load_streaming (SynackDocumentLoader *loader,
                SynackDocument       *doc,
                guint                 conn,
                SynackWindow         *self)
{
  if (self->sources == NULL || self->sources->loader != loader)
    return;
  show_document (self, doc);
  synack_session_set_connection (self->session, conn);
  update_load_bar (self, loader);
}

static gboolean
show_loading_page (gpointer data)
{
  SynackWindow *self = data;

  self->sources->loading_delay = 0;
  gtk_stack_set_visible_child_name (self->main_stack, "loading");
  return G_SOURCE_REMOVE;
}

static void
forget_load (SynackWindowSources *sources)
{
  g_clear_handle_id (&sources->loading_delay, g_source_remove);
  g_clear_object (&sources->load_cancellable);
  if (sources->loader != NULL)
    g_signal_handlers_disconnect_matched (sources->loader, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL,
                                          NULL);
  g_clear_object (&sources->loader);
}

typedef struct
{
  SynackWindow *self;
  GCancellable *cancellable;
  gboolean      scenario;
} LoadData;

static void
load_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  LoadData *data = user_data;
  g_autoptr(SynackWindow) self = data->self;
  g_autoptr(GCancellable) cancellable = data->cancellable;
  gboolean scenario = data->scenario;
  SynackDocumentLoader *loader = SYNACK_DOCUMENT_LOADER (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackDocument) doc = synack_document_loader_load_finish (loader, result, &error);
  SynackDocument *streamed = synack_document_loader_get_document (loader);
  double fraction = synack_document_loader_get_fraction (loader);

  g_free (data);
  /* A newer load took over, or the window went away: nothing to show. */
  if (self->sources == NULL || self->sources->load_cancellable != cancellable)
    return;
  forget_load (self->sources);

  /* Cancelled while shown: what was read stays, and the bar says so. */
  if (doc == NULL && streamed != NULL && streamed == document (self) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      guint n = synack_trace_get_n_connections (synack_document_get_trace (streamed));
      g_autofree char *text = g_strdup_printf (
        ngettext ("Loading cancelled at %.0f%% of the file: shown is the %u connection read "
                  "before it",
                  "Loading cancelled at %.0f%% of the file: shown are the %u connections read "
                  "before it", n), floor (fraction * 100), n);

      synack_load_bar_set_message (load_bar (self), text);
      _synack_window_update_title (self);
      /* what was read is shown: the user stopped the load, it did not fail */
      _synack_window_load_finished (self, NULL);
      return;
    }
  hide_load_bar (self);
  if (doc == NULL)
    {
      gtk_stack_set_visible_child_name (self->main_stack,
                                        synack_session_get_trace (self->session) != NULL
                                        ? "trace" : "empty");
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        synack_window_toast (self, _("Loading cancelled"));
      else if (scenario)
        _synack_window_show_error (self, _("Cannot Run Scenario"), error->message);
      else
        {
          g_autofree char *body = g_strdup_printf (
            _("%s\n\nSynack reads pcap and pcapng files with Ethernet, raw IP, Linux “any” "
              "(SLL, SLL2), loopback and similar link types, and scenario files. Check the file "
              "with “synack-cli inspect FILE”."), error->message);
          _synack_window_show_error (self, _("Cannot Open"), body);
        }
      _synack_window_load_finished (self, error);
      return;
    }
  /* Shown while it loaded: only what the end of the load said is new. */
  if (doc == document (self))
    {
      const char * const *notes = synack_document_get_notes (doc);

      for (guint i = 0; notes != NULL && notes[i] != NULL; i++)
        synack_window_toast (self, notes[i]);
      _synack_window_update_title (self);
    }
  else
    show_document (self, doc);
  if (synack_document_get_path (doc) != NULL)
    _synack_window_remember_recent (self, synack_document_get_path (doc));
  _synack_window_load_finished (self, NULL);
}

/* Load through loader in a worker thread, with the loading page (its
 * progress and Cancel) saying text, and a capture shown from its first
 * complete connection on; a newer load cancels this one. */
static void
start_load (SynackWindow         *self,
            SynackDocumentLoader *loader,
            const char           *text,
            gboolean              scenario)
{
  SynackWindowSources *sources = self->sources;
  LoadData *data;

  drop_load (self);
  sources->load_cancellable = g_cancellable_new ();
  sources->loader = g_object_ref (loader);
  g_signal_connect_object (sources->loader, "notify::fraction", G_CALLBACK (load_progress), self,
                           0);
  g_signal_connect_object (sources->loader, "streaming", G_CALLBACK (load_streaming), self, 0);
  gtk_label_set_text (self->loading_label, text);
  gtk_progress_bar_set_fraction (self->loading_progress, 0);
  if (scenario)
    sources->loading_delay = g_timeout_add (SCENARIO_LOADING_DELAY_MS, show_loading_page, self);
  else
    gtk_stack_set_visible_child_name (self->main_stack, "loading");

  data = g_new0 (LoadData, 1);
  data->self = g_object_ref (self);
  data->cancellable = g_object_ref (sources->load_cancellable);
  data->scenario = scenario;
  synack_document_loader_load_async (sources->loader, sources->load_cancellable, load_done, data);
}

gboolean
synack_window_start_scenario (SynackWindow  *self,
                              const char    *name,
                              GError       **error)
{
  g_autoptr(SynackDocumentLoader) loader = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (SYNACK_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  /* a name that is no lesson, or a file that is not there, is said now */
  if (!synack_document_loader_resolve (name, NULL, error))
    return FALSE;
  loader = synack_document_loader_new (name);
  /* TRANSLATORS: on the loading page while a scenario runs on the engine */
  text = g_strdup_printf (_("Running %s…"), name);
  start_load (self, loader, text, TRUE);
  return TRUE;
}

void
synack_window_start_default (SynackWindow *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SYNACK_IS_WINDOW (self));

  if (!synack_window_start_scenario (self, DEMO_SCENARIO, &error))
    _synack_window_show_error (self, _("Cannot Start the Demo Scenario"), error->message);
}

void
synack_window_open_file (SynackWindow *self,
                         GFile        *file)
{
  g_autoptr(SynackDocumentLoader) loader = NULL;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (SYNACK_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  name = g_file_get_parse_name (file);
  if (!g_file_is_native (file))
    {
      g_autofree char *body = g_strdup_printf (_("%s is not a local file; copy it to this "
                                                 "computer first"), name);
      _synack_window_show_error (self, _("Cannot Open Capture"), body);
      return;
    }
  loader = synack_document_loader_new_for_file (file);
  text = g_strdup_printf (_("Reading %s…"), name);
  start_load (self, loader, text, FALSE);
}

gboolean
synack_window_is_loading (SynackWindow *self)
{
  g_return_val_if_fail (SYNACK_IS_WINDOW (self), FALSE);
  return self->sources != NULL && self->sources->load_cancellable != NULL;
}

/* ---- live sources ---- */

/* The live capture's memory budget from Preferences (MiB), now and when
 * it changes while the capture runs. */
void
_synack_window_apply_memory_budget (SynackWindow   *self,
                                    SynackDocument *doc)
{
  if (doc == NULL)
    doc = document (self);
  if (self->settings == NULL || doc == NULL)
    return;
  synack_document_set_memory_budget (doc, (guint64) g_settings_get_uint (self->settings,
                                                                         "live-memory-budget") << 20);
}

/* Kernel changes wait for their connection's packets; each batch of either
 * may place some. */
static void
kernel_place (SynackWindow *self)
{
  SynackKernelStates *states = synack_session_get_kernel_states (self->session);
  g_autoptr(GArray) placed = NULL;

  if (states == NULL)
    return;
  placed = synack_kernel_states_match (states);
  if (placed->len > 0)
    synack_session_kernel_states_grew (self->session);
}

static void
kernel_changes (SynackKernelWatch *watch,
                GArray            *changes,
                SynackWindow      *self)
{
  SynackKernelStates *states = synack_session_get_kernel_states (self->session);

  if (states == NULL)
    return;
  synack_kernel_states_add (states, (const SynackKernelChange *) changes->data, changes->len);
  kernel_place (self);
}

/* The kernel's own states of this machine's endpoints in the capture: from
 * the tracepoint where it can be read, else by polling (and the user is
 * told what that may miss). */
static void
start_kernel_states (SynackWindow *self,
                     SynackTrace  *trace)
{
  g_autoptr(SynackKernelWatch) watch = synack_kernel_watch_new (SYNACK_KERNEL_MODE_AUTO, 0);
  g_autoptr(SynackKernelStates) states = synack_kernel_states_new (trace);
  g_autoptr(GError) error = NULL;
  g_autofree char *said = NULL;

  synack_session_set_kernel_states (self->session, states);
  g_signal_connect_object (watch, "changes", G_CALLBACK (kernel_changes), self, 0);
  g_signal_connect_object (trace, "events-added", G_CALLBACK (kernel_place), self,
                           G_CONNECT_SWAPPED);
  if (!synack_kernel_watch_start (watch, &error))
    {
      said = g_strdup_printf (_("No kernel states beside the capture: %s"), error->message);
      synack_window_toast (self, said);
      return;
    }
  if (synack_kernel_watch_get_source (watch) == SYNACK_KERNEL_SOURCE_POLL)
    {
      said = g_strdup_printf (_("Kernel states by polling every %u ms: shorter states may be "
                                "missed (%s)"),
                              synack_kernel_watch_get_poll_interval (watch),
                              synack_kernel_watch_get_fallback_reason (watch));
      synack_window_toast (self, said);
    }
  self->sources->kernel_watch = g_steal_pointer (&watch);
}

gboolean
synack_window_start_capture (SynackWindow  *self,
                             const char    *iface,
                             const char    *filter,
                             GError       **error)
{
  g_autoptr(SynackDocument) doc = NULL;

  g_return_val_if_fail (SYNACK_IS_WINDOW (self), FALSE);

  doc = synack_document_new_live (iface, filter, error);
  if (doc == NULL)
    return FALSE;
  _synack_window_apply_memory_budget (self, doc);
  show_document (self, doc);
  start_kernel_states (self, synack_document_get_trace (doc));
  return TRUE;
}

gboolean
synack_window_start_machine (SynackWindow  *self,
                             GError       **error)
{
  g_autoptr(SynackDocument) doc = NULL;

  g_return_val_if_fail (SYNACK_IS_WINDOW (self), FALSE);

  doc = synack_document_new_machine (error);
  if (doc == NULL)
    return FALSE;
  show_document (self, doc);
  return TRUE;
}

gboolean
synack_window_start_replay (SynackWindow  *self,
                            const char    *path,
                            GError       **error)
{
  g_autoptr(SynackDocument) doc = NULL;

  g_return_val_if_fail (SYNACK_IS_WINDOW (self), FALSE);

  doc = synack_document_new_replay (path, 1, 0, SYNACK_DOCUMENT_DEFAULT_MEMORY_BUDGET, error);
  if (doc == NULL)
    return FALSE;
  _synack_window_apply_memory_budget (self, doc);
  show_document (self, doc);
  return TRUE;
}

void
_synack_window_stop_capture (SynackWindow *self)
{
  _synack_window_stop_sources (self);
}

gboolean
synack_window_start_tun (SynackWindow  *self,
                         GError       **error)
{
  g_autoptr(SynackDocument) doc = NULL;
  SynackDocument *old = document (self);

  g_return_val_if_fail (SYNACK_IS_WINDOW (self), FALSE);

  /* the device has one name: the one open goes first */
  if (old != NULL && synack_document_get_kind (old) == SYNACK_DOCUMENT_TUN)
    _synack_window_stop_sources (self);
  doc = synack_document_new_tun (old != NULL ? MAX (synack_document_get_seed (old), 1) : 1, error);
  if (doc == NULL)
    return FALSE;
  show_document (self, doc);
  synack_window_toast (self, _("Type “nc 10.77.0.2 7” in a terminal to talk to the engine"));
  return TRUE;
}

gboolean
_synack_window_tun_allowed (char **why)
{
  g_autoptr(SynackDocument) doc = NULL;
  g_autoptr(GError) error = NULL;

  if (synack_document_can_open_tun ())
    return TRUE;
  /* the engine says what is missing and how to grant it */
  doc = synack_document_new_tun (1, &error);
  *why = g_strdup (error != NULL ? error->message : "");
  return FALSE;
}

GPtrArray *
_synack_window_list_interfaces (GError **error)
{
  struct if_nameindex *names = if_nameindex ();
  GPtrArray *list;

  if (names == NULL)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot list the network interfaces: %s"), g_strerror (saved));
      return NULL;
    }
  list = g_ptr_array_new_with_free_func (g_free);
  for (struct if_nameindex *n = names; n->if_index != 0 && n->if_name != NULL; n++)
    g_ptr_array_add (list, g_strdup (n->if_name));
  /* Linux captures on every interface at once as "any" */
  g_ptr_array_add (list, g_strdup ("any"));
  if_freenameindex (names);
  return list;
}

/* ---- a new document from this one ---- */

SynackTrace *
_synack_window_what_if (SynackWindow  *self,
                        const char    *what,
                        int            index,
                        char         **title,
                        GError       **error)
{
  SynackDocument *doc = document (self);
  SynackTrace *trace = synack_session_get_trace (self->session);
  g_autoptr(SynackDocument) rerun = NULL;
  SynackWhatIf kind;
  guint number;

  if (doc == NULL || !synack_document_get_can_rerun (doc) || index < 0 ||
      (guint) index >= synack_trace_get_n_events (trace) ||
      synack_trace_get_event_kind (trace, index) != SYNACK_EVENT_SEGMENT)
    return NULL;
  number = (guint) synack_trace_segment_number (trace, index);
  if (g_str_equal (what, "lose"))
    {
      kind = SYNACK_WHAT_IF_LOSE;
      *title = g_strdup_printf (_("What if segment %u were lost"), number);
    }
  else if (g_str_equal (what, "delay"))
    {
      kind = SYNACK_WHAT_IF_DELAY;
      *title = g_strdup_printf (_("What if segment %u were 200 ms late"), number);
    }
  else
    {
      kind = SYNACK_WHAT_IF_DUPLICATE;
      *title = g_strdup_printf (_("What if segment %u were duplicated"), number);
    }
  rerun = synack_document_rerun_with_rule (doc, index, kind, error);
  if (rerun == NULL)
    {
      g_clear_pointer (title, g_free);
      return NULL;
    }
  synack_session_set_compare_document (self->session, rerun, *title);
  return g_object_ref (synack_document_get_trace (rerun));
}

gboolean
_synack_window_act_at (SynackWindow  *self,
                       const char    *what,
                       GError       **error)
{
  SynackDocument *doc = document (self);
  SynackPlayer *player = synack_session_get_player (self->session);
  SynackTrace *trace = synack_session_get_trace (self->session);
  g_autoptr(SynackDocument) next = NULL;
  g_autofree char *verb = NULL;
  g_auto(GStrv) parts = NULL;
  int position;
  double time_s;

  if (doc == NULL || !synack_document_get_can_rerun (doc))
    return TRUE;
  parts = g_strsplit (what, " ", 2);
  if (parts[0] == NULL || parts[1] == NULL)
    return TRUE;
  position = synack_player_get_position (player);
  if (g_str_equal (parts[1], "connect"))
    {
      const SynackConnection *c = synack_trace_get_connection (
        trace, synack_session_get_connection (self->session));
      verb = g_strdup_printf ("connect %u", c != NULL ? c->port[1] : 80);
    }
  else
    verb = g_strdup (parts[1]);
  time_s = MAX (synack_player_get_time (player), 0) / 1e9;
  next = synack_document_act_at (doc, MAX (synack_player_get_time (player), 0), parts[0], verb,
                                 error);
  if (next == NULL)
    return FALSE;

  /* The changed run says so in its title; the run before it is kept, to go
   * back to with Ctrl+Z or the toast's Undo. */
  {
    const char *title = synack_trace_get_title (trace);
    g_autofree char *call = g_str_has_prefix (verb, "send ")
      ? g_strdup_printf ("send(%s B)", verb + 5)
      : g_strdup_printf ("%.*s()", (int) strcspn (verb, " "), verb);
    g_autofree char *who = g_strdup (g_str_equal (parts[0], "client") ? _("client") : _("server"));
    /* TRANSLATORS: a lesson's title, what was changed in it: "Handshake,
     * data and close — changed: client abort() at 0.350 s" */
    g_autofree char *retitled = g_strdup_printf (_("%s — changed: %s %s at %.3f s"),
                                                 title != NULL ? title : "", who, call, time_s);
    /* TRANSLATORS: a toast after acting at the cursor; Undo is beside it */
    g_autofree char *told = g_strdup_printf (_("The %s calls %s at %.3f s; the run goes on from there"),
                                             who, call, time_s);
    ActUndo *undo = g_new0 (ActUndo, 1);
    AdwToast *toast;
    const char *sep;

    /* a second act keeps the lesson's name, not the first change's */
    if (title != NULL && (sep = strstr (title, " — ")) != NULL && self->sources->undo->len > 0)
      {
        g_autofree char *base = g_strndup (title, sep - title);

        g_free (retitled);
        retitled = g_strdup_printf (_("%s — changed: %s %s at %.3f s"), base, who, call, time_s);
      }
    synack_trace_set_title (synack_document_get_trace (next), retitled);
    undo->before = g_object_ref (doc);
    undo->after = g_object_ref (next);
    undo->position = position;
    g_ptr_array_add (self->sources->undo, undo);

    show_document (self, next);
    synack_player_seek_event (player, position);
    synack_player_step_forward (player);
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo", TRUE);

    toast = adw_toast_new (told);
    adw_toast_set_button_label (toast, _("_Undo"));
    adw_toast_set_action_name (toast, "win.undo");
    adw_toast_set_timeout (toast, 10);
    adw_toast_overlay_add_toast (self->toast_overlay, toast);
  }
  return TRUE;
}

gboolean
_synack_window_can_undo (SynackWindow *self)
{
  GPtrArray *undo = self->sources->undo;
  ActUndo *last;

  if (undo->len == 0)
    return FALSE;
  last = g_ptr_array_index (undo, undo->len - 1);
  /* another source since: its history is not this one's */
  if (last->after != document (self))
    {
      g_ptr_array_set_size (undo, 0);
      return FALSE;
    }
  return TRUE;
}

gboolean
_synack_window_undo (SynackWindow *self)
{
  SynackWindowSources *sources = self->sources;
  SynackPlayer *player = synack_session_get_player (self->session);
  ActUndo *last;

  if (!_synack_window_can_undo (self))
    {
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo", FALSE);
      return FALSE;
    }
  last = g_ptr_array_steal_index (sources->undo, sources->undo->len - 1);
  drop_load (self);
  _synack_window_show_document (self, last->before);
  synack_player_seek_event (player, last->position);
  act_undo_free (last);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo", sources->undo->len > 0);
  return TRUE;
}

/* ---- saving ---- */

gboolean
synack_window_save_trace (SynackWindow  *self,
                          const char    *path,
                          GError       **error)
{
  g_return_val_if_fail (SYNACK_IS_WINDOW (self), FALSE);

  if (document (self) == NULL)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID, _("There is no trace to save"));
      return FALSE;
    }
  return synack_document_save (document (self), path, error);
}

/* The figure of what the window shows: its connection, numbering and text
 * scale, and the span the ladder shows now (the whole connection when it
 * is not on screen, or when everything fits). */
void
_synack_window_figure_options (SynackWindow        *self,
                               SynackRenderOptions *options)
{
  SynackViewState *view_state = synack_session_get_view_state (self->session);
  SynackTimeAxis *axis = synack_view_state_get_axis (view_state);
  GtkWidget *ladder = GTK_WIDGET (synack_ladder_frame_get_ladder (self->ladder_frame));
  int height = gtk_widget_get_height (ladder);
  double ns_per_px = synack_view_state_get_ns_per_pixel (view_state);
  double top = synack_view_state_get_scroll_px (view_state);

  synack_render_options_init (options);
  options->conn = synack_session_get_connection (self->session);
  options->seq_mode = synack_session_get_seq_mode (self->session);
  options->text_scale = synack_session_get_text_scale (self->session);
  if (axis != NULL && height > 0 && synack_time_axis_length_px (axis, ns_per_px) > height)
    {
      options->from = synack_time_axis_from_px (axis, top, ns_per_px);
      options->to = synack_time_axis_from_px (axis, top + height, ns_per_px);
      if (options->to <= options->from)
        options->from = options->to = SYNACK_TIME_NONE;
    }
}

/* What a figure's file is named after: the scenario, the capture or the title. */
const char *
_synack_window_figure_stem (SynackWindow *self)
{
  SynackDocument *doc = document (self);
  SynackTrace *trace = synack_session_get_trace (self->session);

  if (doc != NULL && synack_document_get_script_name (doc) != NULL)
    return synack_document_get_script_name (doc);
  if (doc != NULL && synack_document_get_path (doc) != NULL)
    return synack_document_get_path (doc);
  return trace != NULL ? synack_trace_get_title (trace) : NULL;
}

gboolean
synack_window_export_figure (SynackWindow  *self,
                             const char    *path,
                             GError       **error)
{
  SynackTrace *trace;
  SynackRenderOptions options;
  SynackRenderFormat format;

  g_return_val_if_fail (SYNACK_IS_WINDOW (self), FALSE);

  trace = synack_session_get_trace (self->session);
  if (trace == NULL || synack_trace_get_n_connections (trace) == 0)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID, _("There is no connection to draw"));
      return FALSE;
    }
  if (!synack_render_format_from_path (path, &format))
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID,
                   _("%s: the name must end in .png, .svg or .pdf"), path);
      return FALSE;
    }
  _synack_window_figure_options (self, &options);
  /* Files are for paper and slides: light, whatever the window shows (the
   * Export dialog offers the other themes). */
  options.theme = SYNACK_THEME_LIGHT;
  options.timeline = TRUE;
  options.legend = TRUE;
  return synack_render_to_file (trace, path, format, &options, error);
}
