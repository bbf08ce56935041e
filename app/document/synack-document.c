/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "synack-document.h"
#include "synack-document-capture.h"
#include "synack-document-private.h"
#include "synack-error.h"
#include "synack-export.h"
#include "synack-live.h"
#include "synack-machine.h"
#include "synack-privileges.h"
#include "synack-saved-trace.h"
#include "synack-scenario.h"
#include "synack-script-edit.h"
#include "synack-services.h"
#include "synack-tun.h"

struct _SynackDocument
{
  GObject             parent_instance;

  SynackDocumentKind  kind;
  SynackTrace        *trace;
  char               *path;
  char               *subtitle;

  /* scenario and saved run */
  char               *script;
  char               *script_name;
  char               *lesson;
  guint64             seed;
  guint               instant_limit;
  GError             *run_error;   /* the engine's hang guard stopped the run */

  GPtrArray          *notes;       /* char*, NULL-terminated */
  SynackCaptureStats  stats;
  gboolean            have_stats;

  /* live kinds */
  SynackPcapSource   *live;
  SynackTun          *tun;
  SynackServices     *services;
  SynackMachine      *machine;
  gboolean            running;
};

G_DEFINE_FINAL_TYPE (SynackDocument, synack_document, G_TYPE_OBJECT)

G_STATIC_ASSERT (SYNACK_DOCUMENT_DEFAULT_MEMORY_BUDGET == SYNACK_LIVE_BUDGET_DEFAULT);

enum
{
  PROP_0,
  PROP_TITLE,
  PROP_SUBTITLE,
  PROP_CAN_RERUN,
  PROP_LIVE,
  PROP_RUNNING,
  N_PROPS
};

enum
{
  STOPPED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char *
kind_label (SynackDocumentKind kind)
{
  switch (kind)
    {
    case SYNACK_DOCUMENT_SCENARIO: return _("Built-in engine");
    case SYNACK_DOCUMENT_SAVED_RUN: return _("Saved run, re-run on the engine");
    case SYNACK_DOCUMENT_CAPTURE: return _("Capture file");
    case SYNACK_DOCUMENT_LIVE: return _("Live capture");
    case SYNACK_DOCUMENT_TUN: return _("Engine on a TUN device");
    case SYNACK_DOCUMENT_MACHINE: return _("This machine’s sockets, as the kernel tells");
    default: return "";
    }
}

static char *
make_subtitle (SynackDocument *self)
{
  if (self->live != NULL)
    {
      const SynackCaptureStats *stats = synack_pcap_source_get_stats (self->live);
      g_autofree char *text = g_strdup_printf (_("%s · %llu packets · %llu dropped"),
                                               kind_label (self->kind),
                                               (unsigned long long) stats->packets,
                                               (unsigned long long) (stats->dropped +
                                                                     stats->if_dropped));
      g_autofree char *budget = NULL;

      if (stats->budget_connections == 0 && !stats->budget_over)
        return g_steal_pointer (&text);
      budget = synack_live_format_size (synack_pcap_source_get_memory_budget (self->live));
      if (stats->budget_connections > 0)
        {
          /* what the memory budget let go (the kernel's drops are counted above) */
          char *more = g_strdup_printf (ngettext ("%s · %llu finished connection (%llu packets) "
                                                  "let go to stay within %s",
                                                  "%s · %llu finished connections (%llu packets) "
                                                  "let go to stay within %s",
                                                  stats->budget_connections),
                                        text, (unsigned long long) stats->budget_connections,
                                        (unsigned long long) stats->budget_packets, budget);

          g_free (text);
          text = more;
        }
      if (stats->budget_over)
        {
          /* nothing more can be let go: said, rather than growing in silence */
          g_autofree char *used = synack_live_format_size (stats->budget_used);
          char *more = g_strdup_printf (_("%s · the open connections alone take %s, past the "
                                          "%s budget: none can be let go"),
                                        text, used, budget);

          g_free (text);
          text = more;
        }
      return g_steal_pointer (&text);
    }
  if (self->machine != NULL)
    {
      guint n = synack_machine_get_sockets (self->machine)->len;

      return g_strdup_printf (ngettext ("%s · %u socket", "%s · %u sockets", n),
                              kind_label (self->kind), n);
    }
  return g_strdup_printf (ngettext ("%s · %u connection", "%s · %u connections",
                                    synack_trace_get_n_connections (self->trace)),
                          kind_label (self->kind), synack_trace_get_n_connections (self->trace));
}

static void
update_subtitle (SynackDocument *self)
{
  g_autofree char *subtitle = make_subtitle (self);

  if (g_strcmp0 (subtitle, self->subtitle) == 0)
    return;
  g_free (self->subtitle);
  self->subtitle = g_steal_pointer (&subtitle);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBTITLE]);
}

static void
trace_notify_title (SynackDocument *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

static void
set_trace (SynackDocument *self,
           SynackTrace    *trace)
{
  g_set_object (&self->trace, trace);
  g_signal_connect_object (trace, "notify::title", G_CALLBACK (trace_notify_title), self,
                           G_CONNECT_SWAPPED);
}

/* A live source ended: by stop(), by itself or with an error. */
static void
source_stopped (SynackDocument *self,
                const GError   *error)
{
  if (!self->running)
    return;
  self->running = FALSE;
  synack_trace_set_live (self->trace, FALSE);
  update_subtitle (self);
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIVE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_object_thaw_notify (G_OBJECT (self));
  g_signal_emit (self, signals[STOPPED], 0, error);
}

static void
synack_document_dispose (GObject *object)
{
  SynackDocument *self = SYNACK_DOCUMENT (object);

  if (self->live != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->live, self);
      synack_pcap_source_stop (self->live);
    }
  g_clear_object (&self->live);
  g_clear_object (&self->services);
  if (self->tun != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->tun, self);
      synack_tun_close (self->tun);
    }
  g_clear_object (&self->tun);
  if (self->machine != NULL)
    g_signal_handlers_disconnect_by_data (self->machine, self);
  g_clear_object (&self->machine);
  g_clear_object (&self->trace);

  G_OBJECT_CLASS (synack_document_parent_class)->dispose (object);
}

static void
synack_document_finalize (GObject *object)
{
  SynackDocument *self = SYNACK_DOCUMENT (object);

  g_free (self->path);
  g_free (self->subtitle);
  g_free (self->script);
  g_free (self->script_name);
  g_free (self->lesson);
  g_ptr_array_unref (self->notes);
  g_clear_error (&self->run_error);
  synack_capture_stats_clear (&self->stats);

  G_OBJECT_CLASS (synack_document_parent_class)->finalize (object);
}

static void
synack_document_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SynackDocument *self = SYNACK_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, synack_document_get_title (self));
      break;
    case PROP_SUBTITLE:
      g_value_set_string (value, synack_document_get_subtitle (self));
      break;
    case PROP_CAN_RERUN:
      g_value_set_boolean (value, synack_document_get_can_rerun (self));
      break;
    case PROP_LIVE:
      g_value_set_boolean (value, synack_document_get_live (self));
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, synack_document_get_running (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
synack_document_class_init (SynackDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = synack_document_dispose;
  object_class->finalize = synack_document_finalize;
  object_class->get_property = synack_document_get_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUBTITLE] =
    g_param_spec_string ("subtitle", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_RERUN] =
    g_param_spec_boolean ("can-rerun", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LIVE] =
    g_param_spec_boolean ("live", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[STOPPED] =
    g_signal_new ("stopped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
synack_document_init (SynackDocument *self)
{
  self->instant_limit = SYNACK_ENGINE_INSTANT_LIMIT_DEFAULT;
  self->notes = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->notes, NULL);
  synack_capture_stats_init (&self->stats);
}

/* ---------------------------------------------------------------- private */

/* How a script is named in its errors ("half-close.synack:3:15: ..."): a
 * file by its base name, a built-in lesson as NAME.synack. */
static char *
parse_name (const char *name)
{
  if (strchr (name, '/') != NULL || g_str_has_suffix (name, ".synack"))
    return g_filename_display_basename (name);
  return g_strconcat (name, ".synack", NULL);
}

SynackDocument *
_synack_document_new_for_trace (SynackDocumentKind  kind,
                                SynackTrace        *trace,
                                const char         *path)
{
  SynackDocument *self;

  g_return_val_if_fail (SYNACK_IS_TRACE (trace), NULL);

  self = g_object_new (SYNACK_TYPE_DOCUMENT, NULL);
  self->kind = kind;
  set_trace (self, trace);
  self->path = g_strdup (path);
  if (path != NULL && (synack_trace_get_title (trace) == NULL ||
                       synack_trace_get_title (trace)[0] == '\0'))
    {
      g_autofree char *base = g_path_get_basename (path);

      synack_trace_set_title (trace, base);
    }
  return self;
}

void
_synack_document_set_kind (SynackDocument     *self,
                           SynackDocumentKind  kind)
{
  self->kind = kind;
  g_clear_pointer (&self->subtitle, g_free);
}

void
_synack_document_set_path (SynackDocument *self,
                           const char     *path)
{
  g_free (self->path);
  self->path = g_strdup (path);
}

void
_synack_document_add_note (SynackDocument *self,
                           const char     *note)
{
  g_return_if_fail (note != NULL);

  g_ptr_array_insert (self->notes, self->notes->len - 1, g_strdup (note));
}

void
_synack_document_trace_grew (SynackDocument *self)
{
  update_subtitle (self);
}

void
_synack_document_take_capture_stats (SynackDocument     *self,
                                     SynackCaptureStats *stats)
{
  synack_capture_stats_clear (&self->stats);
  self->stats = *stats;
  self->have_stats = TRUE;
  synack_capture_stats_init (stats);
}

/* Run script (named name) on the engine: a new scenario document. */
static SynackDocument *
run_script (const char            *script,
            const char            *name,
            guint64                seed,
            guint                  instant_limit,
            const char            *lesson,
            const SynackLinkRule  *rule,
            GError               **error)
{
  g_autoptr(SynackScenario) scenario = NULL;
  g_autoptr(SynackTrace) trace = NULL;
  g_autoptr(SynackEngine) engine = NULL;
  g_autofree char *display = parse_name (name);
  const char *notes;
  SynackDocument *self;

  scenario = synack_scenario_parse (script, -1, display, error);
  if (scenario == NULL)
    return NULL;
  if (rule != NULL)
    synack_scenario_add_rule (scenario, rule);

  /* synack_scenario_run(), with the hang guard's limit and its verdict */
  trace = synack_trace_new (SYNACK_TRACE_SOURCE_ENGINE);
  engine = synack_scenario_start (scenario, seed, trace, NULL);
  synack_engine_set_instant_limit (engine, instant_limit);
  synack_engine_run_until (engine, synack_scenario_get_limit (scenario));
  synack_engine_finish_trace (engine);

  self = _synack_document_new_for_trace (SYNACK_DOCUMENT_SCENARIO, trace, NULL);
  self->script = g_strdup (script);
  self->script_name = g_strdup (name);
  self->seed = seed;
  self->instant_limit = instant_limit;
  self->lesson = g_strdup (lesson != NULL ? lesson : synack_scenario_get_description (scenario));
  if (synack_engine_get_stopped (engine) != NULL)
    self->run_error = g_error_copy (synack_engine_get_stopped (engine));
  notes = synack_scenario_get_run_notes (engine);
  if (notes != NULL)
    {
      g_auto(GStrv) lines = g_strsplit (notes, "\n", -1);

      for (guint i = 0; lines[i] != NULL; i++)
        if (g_strstrip (lines[i])[0] != '\0')
          _synack_document_add_note (self, lines[i]);
    }
  return self;
}

SynackDocument *
_synack_document_run_scenario (const char  *script,
                               const char  *name,
                               guint64      seed,
                               guint        instant_limit,
                               GError     **error)
{
  return run_script (script, name, seed, instant_limit, NULL, NULL, error);
}

/* ---------------------------------------------------------------- public */

SynackDocument *
synack_document_new_scenario (const char  *script,
                              const char  *name,
                              guint64      seed,
                              GError     **error)
{
  g_return_val_if_fail (script != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return run_script (script, name, seed, SYNACK_ENGINE_INSTANT_LIMIT_DEFAULT, NULL, NULL, error);
}

static void
live_batch (SynackDocument *self)
{
  update_subtitle (self);
}

static void
live_stopped (SynackDocument *self)
{
  source_stopped (self, synack_pcap_source_get_error (self->live));
}

/* A document for a live source, started. */
static SynackDocument *
document_for_source (SynackPcapSource  *live,
                     const char        *title,
                     GError           **error)
{
  SynackDocument *self;
  SynackTrace *trace;

  if (!synack_pcap_source_start (live, error))
    return NULL;
  trace = synack_pcap_source_get_trace (live);
  synack_trace_set_title (trace, title);

  self = _synack_document_new_for_trace (SYNACK_DOCUMENT_LIVE, trace, NULL);
  self->live = g_object_ref (live);
  self->running = TRUE;
  g_signal_connect_object (self->live, "batch-added", G_CALLBACK (live_batch), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->live, "stopped", G_CALLBACK (live_stopped), self,
                           G_CONNECT_SWAPPED);
  /* the budget let connections go after the batch was shown */
  g_signal_connect_object (trace, "connections-dropped", G_CALLBACK (live_batch), self,
                           G_CONNECT_SWAPPED);
  return self;
}

SynackDocument *
synack_document_new_live (const char  *iface,
                          const char  *filter,
                          GError     **error)
{
  g_autoptr(SynackPcapSource) live = NULL;
  g_autofree char *title = NULL;

  g_return_val_if_fail (iface != NULL, NULL);

  live = synack_pcap_source_new_live (iface, filter, error);
  if (live == NULL)
    return NULL;
  title = filter != NULL && filter[0] != '\0'
    ? g_strdup_printf (_("Live on %s (%s)"), iface, filter)
    : g_strdup_printf (_("Live on %s"), iface);
  return document_for_source (live, title, error);
}

SynackDocument *
synack_document_new_replay (const char  *path,
                            guint        passes,
                            guint        rate,
                            guint64      memory_budget,
                            GError     **error)
{
  g_autoptr(SynackPcapSource) live = NULL;
  g_autofree char *base = NULL;
  g_autofree char *title = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  live = synack_pcap_source_new_replay (path, NULL, passes, rate, error);
  if (live == NULL)
    return NULL;
  synack_pcap_source_set_memory_budget (live, memory_budget);
  base = g_path_get_basename (path);
  title = g_strdup_printf (_("Live replay of %s"), base);
  return document_for_source (live, title, error);
}

void
synack_document_set_memory_budget (SynackDocument *self,
                                   guint64         bytes)
{
  g_return_if_fail (SYNACK_IS_DOCUMENT (self));
  if (self->live != NULL)
    synack_pcap_source_set_memory_budget (self->live, bytes);
}

gboolean
synack_document_get_over_budget (SynackDocument *self)
{
  g_return_val_if_fail (SYNACK_IS_DOCUMENT (self), FALSE);
  return self->live != NULL && synack_pcap_source_get_stats (self->live)->budget_over;
}

gboolean
synack_document_can_open_tun (void)
{
  return synack_tun_have_privilege ();
}

static void
tun_read_failed (SynackDocument *self,
                 const GError   *error)
{
  g_clear_object (&self->services);
  source_stopped (self, error);
}

static void
tun_trace_grew (SynackDocument *self)
{
  update_subtitle (self);
}

SynackDocument *
synack_document_new_tun (guint64   seed,
                         GError  **error)
{
  g_autoptr(SynackTun) tun = NULL;
  g_autoptr(SynackTrace) trace = NULL;
  g_autoptr(SynackServices) services = NULL;
  SynackAddress engine;
  SynackDocument *self;

  if (!synack_address_parse (SYNACK_DOCUMENT_TUN_ADDRESS, &engine))
    g_return_val_if_reached (NULL);
  tun = synack_tun_new (SYNACK_DOCUMENT_TUN_IFNAME, &engine, SYNACK_DOCUMENT_TUN_PREFIX, NULL,
                        error);
  if (tun == NULL)
    return NULL;
  trace = synack_trace_new (SYNACK_TRACE_SOURCE_TUN);
  synack_trace_set_title (trace, _("Real programs through synack0"));
  synack_trace_set_live (trace, TRUE);
  services = synack_services_new (tun, trace, seed);
  if (!synack_services_listen (services, 7, SYNACK_SERVICE_ECHO, error) ||
      !synack_services_listen (services, 9, SYNACK_SERVICE_DISCARD, error) ||
      !synack_services_listen (services, 80, SYNACK_SERVICE_HTTP, error))
    {
      g_clear_object (&services);
      synack_tun_close (tun);
      return NULL;
    }

  self = _synack_document_new_for_trace (SYNACK_DOCUMENT_TUN, trace, NULL);
  self->seed = seed;
  self->tun = g_steal_pointer (&tun);
  self->services = g_steal_pointer (&services);
  self->running = TRUE;
  g_signal_connect_object (self->tun, "read-failed", G_CALLBACK (tun_read_failed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (trace, "events-added", G_CALLBACK (tun_trace_grew), self,
                           G_CONNECT_SWAPPED);
  _synack_document_add_note (self,
                             _("Type “nc 10.77.0.2 7” in a terminal to talk to the engine"));
  return self;
}

static void
machine_sockets_changed (SynackDocument *self)
{
  update_subtitle (self);
}

static void
machine_stopped (SynackDocument *self,
                 const GError   *error)
{
  source_stopped (self, error);
}

SynackDocument *
synack_document_new_machine (GError **error)
{
  g_autoptr(SynackMachine) machine = synack_machine_new (SYNACK_KERNEL_MODE_AUTO, error);
  SynackDocument *self;

  if (machine == NULL)
    return NULL;
  self = _synack_document_new_for_trace (SYNACK_DOCUMENT_MACHINE,
                                         synack_machine_get_trace (machine), NULL);
  self->machine = g_steal_pointer (&machine);
  self->running = TRUE;
  g_signal_connect_object (self->machine, "sockets-changed",
                           G_CALLBACK (machine_sockets_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->machine, "stopped", G_CALLBACK (machine_stopped), self,
                           G_CONNECT_SWAPPED);
  _synack_document_add_note (self, synack_machine_get_source_text (self->machine));
  return self;
}

SynackMachine *
synack_document_get_machine (SynackDocument *self)
{
  g_return_val_if_fail (SYNACK_IS_DOCUMENT (self), NULL);
  return self->machine;
}

SynackDocumentKind
synack_document_get_kind (SynackDocument *self)
{
  g_return_val_if_fail (SYNACK_IS_DOCUMENT (self), SYNACK_DOCUMENT_SCENARIO);
  return self->kind;
}

SynackTrace *
synack_document_get_trace (SynackDocument *self)
{
  g_return_val_if_fail (SYNACK_IS_DOCUMENT (self), NULL);
  return self->trace;
}

const char *
synack_document_get_title (SynackDocument *self)
{
  const char *title;

  g_return_val_if_fail (SYNACK_IS_DOCUMENT (self), NULL);

  title = synack_trace_get_title (self->trace);
  return title != NULL && title[0] != '\0' ? title : "Synack";
}

const char *
synack_document_get_subtitle (SynackDocument *self)
{
  g_return_val_if_fail (SYNACK_IS_DOCUMENT (self), NULL);

  if (self->subtitle == NULL)
    self->subtitle = make_subtitle (self);
  return self->subtitle;
}

gboolean
synack_document_get_can_rerun (SynackDocument *self)
{
  g_return_val_if_fail (SYNACK_IS_DOCUMENT (self), FALSE);
  return self->script != NULL &&
         (self->kind == SYNACK_DOCUMENT_SCENARIO || self->kind == SYNACK_DOCUMENT_SAVED_RUN);
}

gboolean
synack_document_get_live (SynackDocument *self)
{
  g_return_val_if_fail (SYNACK_IS_DOCUMENT (self), FALSE);
  return synack_trace_is_live (self->trace);
}

gboolean
synack_document_get_running (SynackDocument *self)
{
  g_return_val_if_fail (SYNACK_IS_DOCUMENT (self), FALSE);
  return self->running;
}

const char *
synack_document_get_path (SynackDocument *self)
{
  g_return_val_if_fail (SYNACK_IS_DOCUMENT (self), NULL);
  return self->path;
}

const char *
synack_document_get_script (SynackDocument *self)
{
  g_return_val_if_fail (SYNACK_IS_DOCUMENT (self), NULL);
  return self->script;
}

const char *
synack_document_get_script_name (SynackDocument *self)
{
  g_return_val_if_fail (SYNACK_IS_DOCUMENT (self), NULL);
  return self->script_name;
}

guint64
synack_document_get_seed (SynackDocument *self)
{
  g_return_val_if_fail (SYNACK_IS_DOCUMENT (self), 0);
  return self->seed;
}

const char *
synack_document_get_lesson (SynackDocument *self)
{
  g_return_val_if_fail (SYNACK_IS_DOCUMENT (self), NULL);
  return self->lesson;
}

const GError *
synack_document_get_run_error (SynackDocument *self)
{
  g_return_val_if_fail (SYNACK_IS_DOCUMENT (self), NULL);
  return self->run_error;
}

const char * const *
synack_document_get_notes (SynackDocument *self)
{
  g_return_val_if_fail (SYNACK_IS_DOCUMENT (self), NULL);
  return (const char * const *) self->notes->pdata;
}

const SynackCaptureStats *
synack_document_get_capture_stats (SynackDocument *self)
{
  g_return_val_if_fail (SYNACK_IS_DOCUMENT (self), NULL);

  if (self->live != NULL)
    return synack_pcap_source_get_stats (self->live);
  return self->have_stats ? &self->stats : NULL;
}

void
synack_document_stop (SynackDocument *self)
{
  g_return_if_fail (SYNACK_IS_DOCUMENT (self));

  if (!self->running)
    return;
  if (self->live != NULL)
    {
      /* ::stopped of the source follows, and ours with it */
      synack_pcap_source_stop (self->live);
      source_stopped (self, NULL);
    }
  else if (self->tun != NULL)
    {
      g_clear_object (&self->services);
      synack_tun_close (self->tun);
      source_stopped (self, NULL);
    }
  else if (self->machine != NULL)
    /* its ::stopped follows, and ours with it */
    synack_machine_stop (self->machine);
}

gboolean
synack_document_save (SynackDocument  *self,
                      const char      *path,
                      GError         **error)
{
  g_return_val_if_fail (SYNACK_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (self->machine != NULL)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID,
                   _("This machine’s sockets are states the kernel told, not packets: there is "
                     "nothing to save as pcap (a live capture on an interface records them)"));
      return FALSE;
    }
  if (self->live != NULL)
    {
      if (!synack_pcap_source_save (self->live, path, error))
        return FALSE;
    }
  else if (!synack_export_pcap (self->trace, path, G_MAXUINT, error))
    return FALSE;

  /* The scenario goes beside it, so opening the pcap re-runs it exactly. */
  if (self->script != NULL)
    {
      g_autofree char *lower = g_ascii_strdown (path, -1);
      g_autofree char *stem = g_str_has_suffix (lower, ".pcapng")
        ? g_strndup (path, strlen (path) - 7)
        : g_str_has_suffix (lower, ".pcap") ? g_strndup (path, strlen (path) - 5)
                                            : g_strdup (path);
      g_autofree char *script_path = g_strconcat (stem, ".synack", NULL);
      g_autofree char *script = NULL;

      /* headed by the seed of this run, so the scenario gives this very trace */
      if (g_str_has_prefix (self->script, SYNACK_SAVED_SEED_PREFIX))
        script = g_strdup (self->script);
      else
        script = g_strdup_printf ("%s%" G_GUINT64_FORMAT "\n%s", SYNACK_SAVED_SEED_PREFIX,
                                  self->seed, self->script);
      if (!g_file_set_contents (script_path, script, -1, error))
        return FALSE;
    }
  return TRUE;
}

/* A new document from this one's script (or an edited one), keeping its
 * name, seed and lesson. */
static SynackDocument *
rerun (SynackDocument        *self,
       const char            *script,
       const SynackLinkRule  *rule,
       GError               **error)
{
  return run_script (script, self->script_name, self->seed, self->instant_limit, self->lesson,
                     rule, error);
}

SynackDocument *
synack_document_rerun_with_rule (SynackDocument  *self,
                                 guint            segment_index,
                                 SynackWhatIf     what,
                                 GError         **error)
{
  SynackLinkRule rule = { 0 };
  SynackEvent ev;
  guint ordinal = 0;

  g_return_val_if_fail (SYNACK_IS_DOCUMENT (self), NULL);

  if (!synack_document_get_can_rerun (self))
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID,
                   _("Only a scenario run on the engine can be re-run"));
      return NULL;
    }
  if (segment_index >= synack_trace_get_n_events (self->trace) ||
      synack_trace_get_event_kind (self->trace, segment_index) != SYNACK_EVENT_SEGMENT)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID,
                   _("Event %u is not a segment"), segment_index);
      return NULL;
    }
  synack_trace_read_event (self->trace, segment_index, &ev);

  /* The link counts the frames it carries each way, over every connection
   * of the run so far, not its own extra copies. */
  for (guint i = 0; i <= segment_index; i++)
    {
      SynackEvent e;

      synack_trace_read_event (self->trace, i, &e);
      if (e.kind == SYNACK_EVENT_SEGMENT && e.conn <= ev.conn && e.endpoint == ev.endpoint &&
          e.segment.fate != SYNACK_FATE_DUPLICATED)
        ordinal++;
    }
  rule.match = SYNACK_LINK_MATCH_ORDINAL;
  rule.direction = ev.endpoint;
  rule.ordinal = ordinal;
  switch (what)
    {
    case SYNACK_WHAT_IF_LOSE:
      rule.action = SYNACK_LINK_LOSE;
      break;
    case SYNACK_WHAT_IF_DELAY:
      rule.action = SYNACK_LINK_DELAY;
      rule.extra_delay = SYNACK_WHAT_IF_DELAY_NS;
      break;
    case SYNACK_WHAT_IF_DUPLICATE:
    default:
      rule.action = SYNACK_LINK_DUPLICATE;
      break;
    }
  return rerun (self, self->script, &rule, error);
}

SynackDocument *
synack_document_act_at (SynackDocument  *self,
                        gint64           time,
                        const char      *actor,
                        const char      *verb,
                        GError         **error)
{
  g_autofree char *cut = NULL;
  g_autofree char *script = NULL;
  double time_s = MAX (time, 0) / 1e9;

  g_return_val_if_fail (SYNACK_IS_DOCUMENT (self), NULL);
  g_return_val_if_fail (actor != NULL && verb != NULL, NULL);

  if (!synack_document_get_can_rerun (self))
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID,
                   _("Only a scenario run on the engine can be re-run"));
      return NULL;
    }
  cut = synack_script_cut_after (self->script, time_s);
  script = synack_script_append_action (cut, time_s + 1e-6, actor, verb);
  return rerun (self, script, NULL, error);
}
