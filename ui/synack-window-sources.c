/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Where the window's trace comes from: a scenario on the engine, a capture
 * file, a saved run, a live capture or the engine on a TUN device; and
 * saving and exporting what is shown. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "synack-error.h"
#include "synack-export.h"
#include "synack-kernel-states.h"
#include "synack-kernel-watch.h"
#include "synack-pcap-source.h"
#include "synack-render.h"
#include "synack-saved-trace.h"
#include "synack-scenario.h"
#include "synack-script-edit.h"
#include "synack-services.h"
#include "synack-tun.h"
#include "synack-window-private.h"

/* How much later a "what if: delay" segment arrives. */
#define WHAT_IF_DELAY (200 * G_GINT64_CONSTANT (1000000))

#define TUN_IFNAME "synack0"
#define TUN_ENGINE "10.77.0.2/24"

struct _SynackWindowSources
{
  /* Engine source: the script, so actions and what-ifs can re-run it. */
  char             *script;
  char             *script_name;
  guint64           seed;

  char             *file_path;
  GCancellable     *load_cancellable;
  SynackPcapSource *live;
  SynackKernelWatch *kernel_watch;   /* the kernel's states beside a live capture */
  SynackTun        *tun;
  SynackServices   *services;

  /* Acting at the cursor, newest last: what each act replaced, to go back. */
  GPtrArray        *undo;
};

/* One act at the cursor: the run before it, and the run it made (undo only
 * while that is still the one shown). */
typedef struct
{
  SynackTrace *before;
  SynackTrace *after;
  char        *script;
  char        *lesson;
  int          position;
} ActUndo;

static void
act_undo_free (gpointer data)
{
  ActUndo *undo = data;

  g_clear_object (&undo->before);
  g_clear_object (&undo->after);
  g_free (undo->script);
  g_free (undo->lesson);
  g_free (undo);
}

SynackWindowSources *
_synack_window_sources_new (void)
{
  SynackWindowSources *sources = g_new0 (SynackWindowSources, 1);

  sources->seed = 1;
  sources->undo = g_ptr_array_new_with_free_func (act_undo_free);
  return sources;
}

void
_synack_window_sources_free (SynackWindowSources *sources)
{
  if (sources->load_cancellable != NULL)
    g_cancellable_cancel (sources->load_cancellable);
  g_clear_object (&sources->load_cancellable);
  if (sources->live != NULL)
    synack_pcap_source_stop (sources->live);
  g_clear_object (&sources->live);
  if (sources->kernel_watch != NULL)
    synack_kernel_watch_stop (sources->kernel_watch);
  g_clear_object (&sources->kernel_watch);
  g_clear_object (&sources->services);
  if (sources->tun != NULL)
    synack_tun_close (sources->tun);
  g_clear_object (&sources->tun);
  g_ptr_array_unref (sources->undo);
  g_free (sources->script);
  g_free (sources->script_name);
  g_free (sources->file_path);
  g_free (sources);
}

static const char *
source_label (SynackTrace *trace)
{
  switch (synack_trace_get_source (trace))
    {
    case SYNACK_TRACE_SOURCE_ENGINE: return _("Built-in engine");
    case SYNACK_TRACE_SOURCE_TUN: return _("Engine on a TUN device");
    case SYNACK_TRACE_SOURCE_FILE: return _("Capture file");
    case SYNACK_TRACE_SOURCE_LIVE: return _("Live capture");
    case SYNACK_TRACE_SOURCE_NONE:
    default: return "";
    }
}

char *
_synack_window_sources_describe (SynackWindow *self)
{
  SynackTrace *trace = synack_session_get_trace (self->session);

  if (self->sources->live != NULL)
    {
      const SynackCaptureStats *stats = synack_pcap_source_get_stats (self->sources->live);

      return g_strdup_printf (_("%s · %llu packets · %llu dropped"), source_label (trace),
                              (unsigned long long) stats->packets,
                              (unsigned long long) (stats->dropped + stats->if_dropped));
    }
  return g_strdup_printf (ngettext ("%s · %u connection", "%s · %u connections",
                                    synack_trace_get_n_connections (trace)),
                          source_label (trace), synack_trace_get_n_connections (trace));
}

gboolean
_synack_window_sources_is_live (SynackWindow *self)
{
  return self->sources->live != NULL || self->sources->tun != NULL;
}

void
_synack_window_stop_sources (SynackWindow *self)
{
  SynackWindowSources *sources = self->sources;
  SynackTrace *trace = synack_session_get_trace (self->session);

  if (sources->live != NULL)
    {
      g_signal_handlers_disconnect_by_data (sources->live, self);
      synack_pcap_source_stop (sources->live);
    }
  g_clear_object (&sources->live);
  if (sources->kernel_watch != NULL)
    {
      g_signal_handlers_disconnect_by_data (sources->kernel_watch, self);
      synack_kernel_watch_stop (sources->kernel_watch);
    }
  g_clear_object (&sources->kernel_watch);
  synack_session_set_kernel_states (self->session, NULL);
  if (sources->services != NULL && trace != NULL &&
      synack_trace_get_source (trace) == SYNACK_TRACE_SOURCE_TUN)
    synack_trace_set_live (trace, FALSE);
  g_clear_object (&sources->services);
  if (sources->tun != NULL)
    synack_tun_close (sources->tun);
  g_clear_object (&sources->tun);
  gtk_widget_set_visible (self->stop_button, FALSE);
}

void
_synack_window_cancel_load (SynackWindow *self)
{
  if (self->sources->load_cancellable != NULL)
    g_cancellable_cancel (self->sources->load_cancellable);
}

/* ---- the engine ---- */

static SynackTrace *
run_script (SynackWindow          *self,
            const char            *text,
            const SynackLinkRule  *rule,
            char                 **lesson,
            GError               **error)
{
  g_autoptr(SynackScenario) scenario = NULL;
  g_autofree char *notes = NULL;
  SynackTrace *trace;

  scenario = synack_scenario_parse (text, -1, self->sources->script_name, error);
  if (scenario == NULL)
    return NULL;
  if (lesson != NULL)
    *lesson = g_strdup (synack_scenario_get_description (scenario));
  if (rule != NULL)
    synack_scenario_add_rule (scenario, rule);
  trace = synack_scenario_run (scenario, self->sources->seed, &notes);
  if (notes != NULL && notes[0] != '\0')
    synack_window_toast (self, g_strstrip (notes));
  return trace;
}

gboolean
synack_window_start_scenario (SynackWindow  *self,
                              const char    *name,
                              GError       **error)
{
  SynackWindowSources *sources;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(SynackTrace) trace = NULL;
  g_autofree char *text = NULL;
  g_autofree char *old_script = NULL;
  g_autofree char *old_name = NULL;
  g_autofree char *lesson = NULL;

  g_return_val_if_fail (SYNACK_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  sources = self->sources;
  bytes = synack_scenario_get_builtin_text (name, NULL);
  if (bytes != NULL)
    text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  else if (!g_file_test (name, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID,
                   _("There is no built-in scenario “%s” and no such file; "
                     "“synack-cli scenarios” lists the built-in ones"), name);
      return FALSE;
    }
  else if (!g_file_get_contents (name, &text, NULL, error))
    return FALSE;

  old_script = g_steal_pointer (&sources->script);
  old_name = g_steal_pointer (&sources->script_name);
  sources->script = g_strdup (text);
  sources->script_name = g_strdup (name);
  /* a scenario Synack saved records the seed of its run */
  sources->seed = synack_saved_trace_seed (text);
  trace = run_script (self, text, NULL, &lesson, error);
  if (trace == NULL)
    {
      g_free (sources->script);
      g_free (sources->script_name);
      sources->script = g_steal_pointer (&old_script);
      sources->script_name = g_steal_pointer (&old_name);
      return FALSE;
    }
  g_clear_pointer (&sources->file_path, g_free);
  _synack_window_stop_sources (self);
  _synack_window_show_trace (self, trace, lesson, TRUE);
  return TRUE;
}

void
synack_window_start_default (SynackWindow *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SYNACK_IS_WINDOW (self));

  if (!synack_window_start_scenario (self, SYNACK_SCENARIO_DEMO, &error))
    _synack_window_show_error (self, _("Cannot Start the Demo Scenario"), error->message);
}

gboolean
_synack_window_act_at (SynackWindow  *self,
                       const char    *what,
                       GError       **error)
{
  SynackWindowSources *sources = self->sources;
  SynackPlayer *player = synack_session_get_player (self->session);
  SynackTrace *trace = synack_session_get_trace (self->session);
  g_autoptr(SynackTrace) next = NULL;
  g_autofree char *cut = NULL;
  g_autofree char *script = NULL;
  g_autofree char *verb = NULL;
  g_autofree char *lesson = NULL;
  g_auto(GStrv) parts = NULL;
  int position;
  double time_s;

  if (sources->script == NULL || trace == NULL)
    return TRUE;
  parts = g_strsplit (what, " ", 2);
  if (parts[0] == NULL || parts[1] == NULL)
    return TRUE;
  position = synack_player_get_position (player);
  time_s = MAX (synack_player_get_time (player), 0) / 1e9;
  if (g_str_equal (parts[1], "connect"))
    {
      const SynackConnection *c = synack_trace_get_connection (
        trace, synack_session_get_connection (self->session));
      verb = g_strdup_printf ("connect %u", c != NULL ? c->port[1] : 80);
    }
  else
    verb = g_strdup (parts[1]);

  cut = synack_script_cut_after (sources->script, time_s);
  script = synack_script_append_action (cut, time_s + 1e-6, parts[0], verb);
  next = run_script (self, script, NULL, &lesson, error);
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
    const char *old_title = title;
    const char *sep;

    /* a second act keeps the lesson's name, not the first change's */
    if (old_title != NULL && (sep = strstr (old_title, " — ")) != NULL && sources->undo->len > 0)
      {
        g_autofree char *base = g_strndup (old_title, sep - old_title);

        g_free (retitled);
        retitled = g_strdup_printf (_("%s — changed: %s %s at %.3f s"), base, who, call, time_s);
      }
    synack_trace_set_title (next, retitled);
    undo->before = g_object_ref (trace);
    undo->after = g_object_ref (next);
    undo->script = g_steal_pointer (&sources->script);
    undo->lesson = g_strdup (synack_session_get_lesson (self->session));
    undo->position = position;
    g_ptr_array_add (sources->undo, undo);

    sources->script = g_steal_pointer (&script);
    _synack_window_show_trace (self, next, lesson, TRUE);
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
  if (last->after != synack_session_get_trace (self->session))
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
  g_free (sources->script);
  sources->script = g_steal_pointer (&last->script);
  _synack_window_show_trace (self, last->before, last->lesson, TRUE);
  synack_player_seek_event (player, last->position);
  act_undo_free (last);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo", sources->undo->len > 0);
  return TRUE;
}

SynackTrace *
_synack_window_what_if (SynackWindow  *self,
                        const char    *what,
                        int            index,
                        char         **title,
                        GError       **error)
{
  SynackTrace *trace = synack_session_get_trace (self->session);
  SynackLinkRule rule = { 0 };
  const SynackEvent *ev;
  guint ordinal = 0;
  guint number;

  if (self->sources->script == NULL || trace == NULL || index < 0 ||
      (guint) index >= synack_trace_get_n_events (trace))
    return NULL;
  ev = synack_trace_get_event (trace, index);
  if (ev->kind != SYNACK_EVENT_SEGMENT)
    return NULL;

  /* The link counts the frames each direction carries (not its own copies). */
  for (guint i = 0; i <= (guint) index; i++)
    {
      const SynackEvent *e = synack_trace_get_event (trace, i);

      if (e->kind == SYNACK_EVENT_SEGMENT && e->conn <= ev->conn && e->endpoint == ev->endpoint &&
          e->segment.fate != SYNACK_FATE_DUPLICATED)
        ordinal++;
    }
  rule.match = SYNACK_LINK_MATCH_ORDINAL;
  rule.direction = ev->endpoint;
  rule.ordinal = ordinal;
  number = (guint) synack_trace_segment_number (trace, index);
  if (g_str_equal (what, "lose"))
    {
      rule.action = SYNACK_LINK_LOSE;
      *title = g_strdup_printf (_("What if segment %u were lost"), number);
    }
  else if (g_str_equal (what, "delay"))
    {
      rule.action = SYNACK_LINK_DELAY;
      rule.extra_delay = WHAT_IF_DELAY;
      *title = g_strdup_printf (_("What if segment %u were 200 ms late"), number);
    }
  else
    {
      rule.action = SYNACK_LINK_DUPLICATE;
      *title = g_strdup_printf (_("What if segment %u were duplicated"), number);
    }
  return run_script (self, self->sources->script, &rule, NULL, error);
}

/* ---- capture files ---- */

static void
load_progress (double   fraction,
               gpointer user_data)
{
  SynackWindow *self = user_data;

  if (self->loading_progress != NULL)
    gtk_progress_bar_set_fraction (self->loading_progress, CLAMP (fraction, 0, 1));
}

typedef struct
{
  SynackWindow *self;
  char         *path;
  GCancellable *cancellable;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_object_unref (data->self);
  g_object_unref (data->cancellable);
  g_free (data->path);
  g_free (data);
}

static void
load_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  LoadData *data = user_data;
  SynackWindow *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackTrace) trace = NULL;
  SynackCaptureStats stats;

  synack_capture_stats_init (&stats);
  trace = synack_pcap_load_file_finish (result, &stats, &error);

  /* A newer load took over, or the window went away: nothing to show. */
  if (self->sources == NULL || self->sources->load_cancellable != data->cancellable ||
      self->main_stack == NULL)
    {
      synack_capture_stats_clear (&stats);
      load_data_free (data);
      return;
    }
  g_clear_object (&self->sources->load_cancellable);

  if (trace == NULL)
    {
      gtk_stack_set_visible_child_name (self->main_stack,
                                        synack_session_get_trace (self->session) != NULL
                                        ? "trace" : "empty");
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *body = g_strdup_printf (
            _("%s\n\nSynack reads pcap and pcapng files with Ethernet, raw IP, Linux “any” "
              "(SLL, SLL2), loopback and similar link types. Check the file with "
              "“synack-cli inspect FILE”."), error->message);
          _synack_window_show_error (self, _("Cannot Open Capture"), body);
        }
      else
        synack_window_toast (self, _("Loading cancelled"));
    }
  else
    {
      g_autofree char *base = g_path_get_basename (data->path);

      g_clear_pointer (&self->sources->script, g_free);
      g_clear_pointer (&self->sources->script_name, g_free);
      g_free (self->sources->file_path);
      self->sources->file_path = g_strdup (data->path);
      _synack_window_stop_sources (self);
      if (synack_trace_get_title (trace) == NULL || synack_trace_get_title (trace)[0] == '\0')
        synack_trace_set_title (trace, base);
      _synack_window_show_trace (self, trace, NULL, FALSE);
      _synack_window_remember_recent (self, data->path);

      if (synack_trace_get_n_segments (trace) == 0)
        {
          g_autofree char *msg = g_strdup_printf (
            _("%s holds no TCP segments (%llu packets read)"), base,
            (unsigned long long) stats.packets);
          synack_window_toast (self, msg);
        }
      if (stats.file_error != NULL)
        synack_window_toast (self, stats.file_error->message);
      if (stats.malformed > 0)
        {
          g_autofree char *msg = g_strdup_printf (
            ngettext ("%llu broken packet skipped; synack-cli inspect lists why",
                      "%llu broken packets skipped; synack-cli inspect lists why",
                      (unsigned long) stats.malformed), (unsigned long long) stats.malformed);
          synack_window_toast (self, msg);
        }
    }
  synack_capture_stats_clear (&stats);
  load_data_free (data);
}

/* A trace Synack saved, with its scenario beside it: the engine re-runs
 * it, exactly (states, timers, calls), instead of inferring from packets. */
static gboolean
open_saved_run (SynackWindow *self,
                const char   *path)
{
  SynackWindowSources *sources = self->sources;
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackTrace) saved = synack_saved_trace_load (path, &error);
  g_autofree char *script_path = NULL;
  g_autofree char *script = NULL;
  g_autofree char *base = NULL;
  g_autofree char *note = NULL;
  g_autoptr(SynackScenario) scenario = NULL;

  if (saved == NULL)
    {
      if (error != NULL)
        synack_window_toast (self, error->message);
      return FALSE;
    }
  script_path = synack_saved_trace_script_path (path);
  if (!g_file_get_contents (script_path, &script, NULL, NULL))
    return FALSE;
  _synack_window_cancel_load (self);
  g_clear_object (&sources->load_cancellable);
  g_free (sources->script);
  g_free (sources->script_name);
  sources->script = g_steal_pointer (&script);
  sources->script_name = g_steal_pointer (&script_path);
  sources->seed = synack_saved_trace_seed (sources->script);
  g_free (sources->file_path);
  sources->file_path = g_strdup (path);
  _synack_window_stop_sources (self);
  scenario = synack_scenario_parse (sources->script, -1, sources->script_name, NULL);
  _synack_window_show_trace (self, saved,
                             scenario != NULL ? synack_scenario_get_description (scenario) : NULL,
                             TRUE);
  _synack_window_remember_recent (self, path);
  base = g_path_get_basename (sources->script_name);
  note = g_strdup_printf (_("%s re-ran on the engine: exact states, timers and calls"), base);
  synack_window_toast (self, note);
  return TRUE;
}

void
synack_window_open_file (SynackWindow *self,
                         GFile        *file)
{
  SynackWindowSources *sources;
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;
  LoadData *data;

  g_return_if_fail (SYNACK_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  sources = self->sources;
  path = g_file_get_path (file);
  name = g_file_get_parse_name (file);
  if (path == NULL)
    {
      g_autofree char *body = g_strdup_printf (_("%s is not a local file; copy it to this "
                                                 "computer first"), name);
      _synack_window_show_error (self, _("Cannot Open Capture"), body);
      return;
    }
  /* A scenario script opens on the engine. */
  if (g_str_has_suffix (path, ".synack"))
    {
      g_autoptr(GError) error = NULL;

      if (!synack_window_start_scenario (self, path, &error))
        _synack_window_show_error (self, _("Cannot Run Scenario"), error->message);
      else
        _synack_window_remember_recent (self, path);
      return;
    }
  if (open_saved_run (self, path))
    return;

  _synack_window_cancel_load (self);
  g_clear_object (&sources->load_cancellable);
  sources->load_cancellable = g_cancellable_new ();
  text = g_strdup_printf (_("Reading %s…"), name);
  gtk_label_set_text (self->loading_label, text);
  gtk_progress_bar_set_fraction (self->loading_progress, 0);
  gtk_stack_set_visible_child_name (self->main_stack, "loading");

  data = g_new0 (LoadData, 1);
  data->self = g_object_ref (self);
  data->path = g_steal_pointer (&path);
  data->cancellable = g_object_ref (sources->load_cancellable);
  synack_pcap_load_file_async (data->path, NULL, load_progress, self, sources->load_cancellable,
                               load_done, data);
}

/* ---- live ---- */

static void
live_stopped (SynackWindow *self)
{
  const GError *error;

  if (self->sources->live == NULL)
    return;
  /* What the kernel said stays beside the capture; it says no more. */
  if (self->sources->kernel_watch != NULL)
    synack_kernel_watch_stop (self->sources->kernel_watch);
  error = synack_pcap_source_get_error (self->sources->live);
  gtk_widget_set_visible (self->stop_button, FALSE);
  if (error != NULL)
    _synack_window_show_error (self, _("The Live Capture Stopped"), error->message);
  else
    synack_window_toast (self, _("Capture stopped"));
  _synack_window_update_title (self);
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
  g_signal_connect_object (self->sources->live, "batch-added", G_CALLBACK (kernel_place), self,
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
  g_autoptr(SynackPcapSource) live = NULL;
  SynackTrace *trace;
  g_autofree char *title = NULL;

  g_return_val_if_fail (SYNACK_IS_WINDOW (self), FALSE);

  live = synack_pcap_source_new_live (iface, filter, error);
  if (live == NULL || !synack_pcap_source_start (live, error))
    return FALSE;

  _synack_window_stop_sources (self);
  self->sources->live = g_steal_pointer (&live);
  g_clear_pointer (&self->sources->script, g_free);
  g_clear_pointer (&self->sources->file_path, g_free);
  g_signal_connect_object (self->sources->live, "batch-added",
                           G_CALLBACK (_synack_window_update_title), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sources->live, "stopped", G_CALLBACK (live_stopped), self,
                           G_CONNECT_SWAPPED);
  trace = synack_pcap_source_get_trace (self->sources->live);
  title = filter != NULL && filter[0] != '\0'
    ? g_strdup_printf (_("Live on %s (%s)"), iface, filter)
    : g_strdup_printf (_("Live on %s"), iface);
  synack_trace_set_title (trace, title);
  _synack_window_show_trace (self, trace, NULL, FALSE);
  start_kernel_states (self, trace);
  gtk_widget_set_visible (self->stop_button, TRUE);
  return TRUE;
}

void
_synack_window_stop_capture (SynackWindow *self)
{
  if (self->sources->live != NULL)
    synack_pcap_source_stop (self->sources->live);
  else
    _synack_window_stop_sources (self);
}

gboolean
synack_window_start_tun (SynackWindow  *self,
                         GError       **error)
{
  SynackWindowSources *sources;
  g_autoptr(SynackTun) tun = NULL;
  g_autoptr(SynackTrace) trace = NULL;
  SynackAddress engine;
  guint prefix;

  g_return_val_if_fail (SYNACK_IS_WINDOW (self), FALSE);

  sources = self->sources;
  if (!synack_tun_parse_prefix (TUN_ENGINE, 24, &engine, &prefix, error))
    return FALSE;
  tun = synack_tun_new (TUN_IFNAME, &engine, prefix, NULL, error);
  if (tun == NULL)
    return FALSE;
  _synack_window_stop_sources (self);
  trace = synack_trace_new (SYNACK_TRACE_SOURCE_TUN);
  synack_trace_set_title (trace, _("Real programs through synack0"));
  synack_trace_set_live (trace, TRUE);
  sources->tun = g_steal_pointer (&tun);
  sources->services = synack_services_new (sources->tun, trace, sources->seed);
  if (!synack_services_listen (sources->services, 7, SYNACK_SERVICE_ECHO, error) ||
      !synack_services_listen (sources->services, 9, SYNACK_SERVICE_DISCARD, error) ||
      !synack_services_listen (sources->services, 80, SYNACK_SERVICE_HTTP, error))
    {
      _synack_window_stop_sources (self);
      return FALSE;
    }
  g_clear_pointer (&sources->script, g_free);
  g_clear_pointer (&sources->file_path, g_free);
  _synack_window_show_trace (self, trace, NULL, FALSE);
  gtk_widget_set_visible (self->stop_button, TRUE);
  synack_window_toast (self, _("Type “nc 10.77.0.2 7” in a terminal to talk to the engine"));
  return TRUE;
}

gboolean
_synack_window_tun_allowed (char **why)
{
  g_autofree char *exe = NULL;

  if (synack_tun_have_privilege ())
    return TRUE;
  exe = g_file_read_link ("/proc/self/exe", NULL);
  *why = synack_tun_privilege_message (exe);
  return FALSE;
}

GPtrArray *
_synack_window_list_interfaces (GError **error)
{
  g_autoptr(GPtrArray) ifaces = synack_pcap_list_interfaces (error);
  GPtrArray *names;

  if (ifaces == NULL)
    return NULL;
  names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < ifaces->len; i++)
    g_ptr_array_add (names, g_strdup (((SynackInterface *) g_ptr_array_index (ifaces, i))->name));
  return names;
}

/* ---- saving ---- */

gboolean
synack_window_save_trace (SynackWindow  *self,
                          const char    *path,
                          GError       **error)
{
  SynackWindowSources *sources;
  SynackTrace *trace;

  g_return_val_if_fail (SYNACK_IS_WINDOW (self), FALSE);

  sources = self->sources;
  trace = synack_session_get_trace (self->session);
  if (trace == NULL)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID, _("There is no trace to save"));
      return FALSE;
    }
  if (sources->live != NULL)
    {
      if (!synack_pcap_source_save (sources->live, path, error))
        return FALSE;
    }
  else if (!synack_export_pcap (trace, path, G_MAXUINT, error))
    return FALSE;

  /* The scenario goes alongside, so the trace can be re-run. */
  if (sources->script != NULL)
    {
      g_autofree char *stem = g_str_has_suffix (path, ".pcap")
        ? g_strndup (path, strlen (path) - 5) : g_strdup (path);
      g_autofree char *script_path = g_strconcat (stem, ".synack", NULL);
      g_autofree char *script = NULL;

      /* with the seed of this run, so the scenario gives this very trace */
      if (g_str_has_prefix (sources->script, SYNACK_SAVED_SEED_PREFIX))
        script = g_strdup (sources->script);
      else
        script = g_strdup_printf ("%s%" G_GUINT64_FORMAT "\n%s", SYNACK_SAVED_SEED_PREFIX,
                                  (guint64) sources->seed, sources->script);
      if (!g_file_set_contents (script_path, script, -1, error))
        return FALSE;
    }
  return TRUE;
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
  SynackTrace *trace = synack_session_get_trace (self->session);

  if (self->sources->script_name != NULL)
    return self->sources->script_name;
  if (self->sources->file_path != NULL)
    return self->sources->file_path;
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
