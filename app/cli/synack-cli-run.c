/* SPDX-License-Identifier: GPL-3.0-or-later */
/* synack-cli run SCENARIO|FILE [--seed N] [--json] [-w OUT.pcap]
 * synack-cli scenarios [--long] */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "synack-cli.h"
#include "synack-document-loader.h"
#include "synack-engine.h"
#include "synack-error.h"
#include "synack-explain.h"
#include "synack-export.h"
#include "synack-language.h"
#include "synack-scenario.h"
#include "synack-text.h"

static const char *
endpoint_label (const SynackConnection *c,
                guint                   e,
                char                   *buf,
                gsize                   len)
{
  if (c->name[e] != NULL)
    return c->name[e];
  return synack_endpoint_to_string (&c->addr[e], c->port[e], buf, len);
}

/* The JSON lines of the run, each event with its explanation: an "explain"
 * object with the sentence(s) and the RFC section they come from. JSON is
 * data, the same in every language: the sentences are the English ones
 * (--explain prints them in the user's language). */
static gboolean
print_json_explained (SynackTrace  *trace,
                      GError      **error)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autoptr(SynackJsonWriter) conns = NULL;
  guint n = synack_trace_get_n_events (trace);
  gboolean ok = TRUE;

  synack_language_apply ("en");
  for (guint i = 0; i < n && ok; i++)
    {
      SynackEvent ev;
      g_autofree char *line = NULL;
      g_autofree char *text = NULL;
      const char *rfc = NULL;

      synack_trace_read_event (trace, i, &ev);
      if (ev.kind == SYNACK_EVENT_VARS)
        continue;
      line = synack_json_event_line (trace, i);
      text = synack_explain_event (trace, i, &rfc);
      g_string_truncate (s, 0);
      g_string_append_len (s, line, strlen (line) - 1);   /* without the closing brace */
      g_string_append (s, ",\"explain\":{\"text\":");
      synack_json_append_string (s, text != NULL ? text : "");
      g_string_append (s, ",\"rfc\":");
      if (rfc != NULL)
        synack_json_append_string (s, rfc);
      else
        g_string_append (s, "null");
      g_string_append (s, "}}\n");
      ok = g_output_stream_write_all (synack_cli_stdout (), s->str, s->len, NULL, NULL, error);
    }
  synack_language_apply (NULL);
  if (!ok)
    return FALSE;
  conns = synack_json_writer_new (trace, synack_cli_stdout (), SYNACK_JSON_CONNS, G_MAXUINT);
  return synack_json_writer_write_connections (conns, error);
}

static const char *
kind_word (const SynackEvent *ev)
{
  switch (ev->kind)
    {
    case SYNACK_EVENT_CALL: return synack_call_name (ev->call.call);
    case SYNACK_EVENT_TIMER: return synack_timer_name (ev->timer.timer);
    case SYNACK_EVENT_STATE: return synack_tcp_state_to_string (ev->state.to);
    default: return "";
    }
}

/* The title and description, one line a segment (synack-text.h), then one
 * line a connection. With explain, every event (calls, timers and state
 * changes too), each with what it means and its RFC section under it. */
static void
print_text (SynackTrace *trace,
            gboolean     explain,
            GString     *out)
{
  guint n = synack_trace_get_n_events (trace);

  g_string_append_printf (out, "%s\n", synack_trace_get_title (trace));
  if (synack_trace_get_description (trace) != NULL && synack_trace_get_description (trace)[0])
    {
      g_auto(GStrv) lines = g_strsplit (synack_trace_get_description (trace), "\n", -1);

      for (guint i = 0; lines[i] != NULL; i++)
        g_string_append_printf (out, "  %s\n", lines[i]);
    }
  g_string_append_c (out, '\n');

  for (guint i = 0; i < n; i++)
    {
      SynackEvent ev;
      const char *rfc = NULL;
      g_autofree char *text = NULL;

      synack_trace_read_event (trace, i, &ev);
      if (!explain)
        {
          synack_text_append_event (out, trace, i, SYNACK_TEXT_SEGMENTS);
          continue;
        }
      if (ev.kind == SYNACK_EVENT_VARS)
        continue;
      /* every event, each with what it means */
      if (!synack_text_append_event (out, trace, i,
                                     SYNACK_TEXT_SEGMENTS | SYNACK_TEXT_STATES | SYNACK_TEXT_CALLS))
        {
          static const char *const kinds[] = { "segment", "state", "call", "timer", "vars" };
          const SynackConnection *c = synack_trace_get_connection (trace, ev.conn);
          char a[64];

          g_string_append_printf (out, "%11.6f  #%u  %s %s %s\n", ev.time / 1e9, ev.conn,
                                  endpoint_label (c, ev.endpoint & 1, a, sizeof a),
                                  kinds[ev.kind], kind_word (&ev));
        }
      text = synack_explain_event (trace, i, &rfc);
      g_string_append_printf (out, "             %s%s%s%s\n", text,
                              rfc != NULL ? " [" : "", rfc != NULL ? rfc : "",
                              rfc != NULL ? "]" : "");
    }

  for (guint k = 0; k < synack_trace_get_n_connections (trace); k++)
    {
      const SynackConnection *c = synack_trace_get_connection (trace, k);
      char a[64], b[64];

      /* a listener no client reached: its record has no client side */
      if (c->addr[0].family == 0)
        {
          if (c->name[1] != NULL)
            g_string_append_printf (out, _("connection %u: listener %s (%s): no connection\n"),
                                    k, c->name[1],
                                    synack_endpoint_to_string (&c->addr[1], c->port[1],
                                                               b, sizeof b));
          else
            g_string_append_printf (out, _("connection %u: listener %s: no connection\n"),
                                    k,
                                    synack_endpoint_to_string (&c->addr[1], c->port[1],
                                                               b, sizeof b));
          continue;
        }
      g_string_append_printf (out, ngettext ("connection %u: %s (%s) → %s (%s): %u segment, %s\n",
                                             "connection %u: %s (%s) → %s (%s): %u segments, %s\n",
                                             c->n_segments),
                              k,
                              c->name[0] ? c->name[0] : "?",
                              synack_endpoint_to_string (&c->addr[0], c->port[0], a, sizeof a),
                              c->name[1] ? c->name[1] : "?",
                              synack_endpoint_to_string (&c->addr[1], c->port[1], b, sizeof b),
                              c->n_segments, c->summary[0] ? c->summary : "-");
    }
}

int
synack_cli_run (int    argc,
                char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackDocumentLoader) loader = NULL;
  g_autoptr(SynackDocument) doc = NULL;
  g_autofree char *name = NULL;
  g_autofree char *pcap = NULL;
  SynackDocumentKind kind;
  SynackTrace *trace;
  gint64 seed = -1;
  gint64 instant_limit = SYNACK_ENGINE_INSTANT_LIMIT_DEFAULT;
  gboolean json = FALSE;
  gboolean explain = FALSE;
  const GOptionEntry entries[] = {
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, N_("Seed for ISNs, ports and random faults (default 1)"), "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON lines (each event with its explanation and RFC section)"), NULL },
    { "explain", 0, 0, G_OPTION_ARG_NONE, &explain, N_("Print every event with its explanation and RFC section"), NULL },
    { "write", 'w', 0, G_OPTION_ARG_FILENAME, &pcap, N_("Also write the segments to a pcap file"), "OUT.pcap" },
    { "instant-limit", 0, 0, G_OPTION_ARG_INT64, &instant_limit,
      N_("Stop the run (exit status 1) after more than N segments and timers at one virtual instant (default 1000000, 0 for no limit)"), "N" },
    { NULL }
  };

  if (!synack_cli_parse_options (&argc, &argv, entries, _("SCENARIO|FILE"),
                                 _("Run a built-in scenario (see “synack-cli scenarios”) or a "
                                   "scenario file on the engine over the loopback tap."),
                                 NULL))
    return 2;
  if (argc != 2)
    return synack_cli_usage ("run", argc < 2 ? _("a scenario name or file is needed")
                                             : _("only one scenario at a time"));
  if (seed < -1)
    return synack_cli_usage ("run", _("--seed must be 0 or more"));
  if (instant_limit < 0 || instant_limit > G_MAXUINT)
    return synack_cli_usage ("run", _("--instant-limit must be between 0 and %u"), G_MAXUINT);

  /* the same rule as the window's and every command's */
  if (!synack_document_loader_resolve (argv[1], &kind, &error))
    return synack_cli_fail (error);
  if (kind == SYNACK_DOCUMENT_CAPTURE)
    {
      g_set_error (&error, SYNACK_ERROR, SYNACK_ERROR_INVALID,
                   _("%s is a capture, not a scenario: “synack-cli inspect” reads it"), argv[1]);
      return synack_cli_fail (error);
    }
  loader = synack_document_loader_new (argv[1]);
  if (seed >= 0)
    synack_document_loader_set_seed (loader, (guint64) seed);
  synack_document_loader_set_instant_limit (loader, (guint) instant_limit);
  doc = synack_document_loader_load (loader, NULL, &error);
  if (doc == NULL)
    return synack_cli_fail (error);
  trace = synack_document_get_trace (doc);

  if (json)
    {
      if (!print_json_explained (trace, &error))
        return synack_cli_fail (error);
    }
  else
    {
      g_autoptr(GString) out = g_string_new (NULL);

      print_text (trace, explain, out);
      fputs (out->str, stdout);
    }
  fflush (stdout);

  /* what the engine could not do, named by the scenario ("half-close: ...") */
  name = synack_document_get_script_name (doc) != NULL
    ? g_path_get_basename (synack_document_get_script_name (doc)) : g_strdup (argv[1]);
  if (g_str_has_suffix (name, ".synack"))
    name[strlen (name) - strlen (".synack")] = '\0';
  for (const char * const *note = synack_document_get_notes (doc); *note != NULL; note++)
    g_printerr ("synack-cli: %s: %s\n", name, *note);

  if (pcap != NULL && !synack_export_pcap (trace, pcap, G_MAXUINT, &error))
    return synack_cli_fail (error);
  /* the hang guard stopped the engine: what was printed is only the start
   * (the reason is the last note above) */
  return synack_document_get_run_error (doc) != NULL ? 1 : 0;
}

int
synack_cli_scenarios (int    argc,
                      char **argv)
{
  g_auto(GStrv) names = NULL;
  gboolean long_form = FALSE;
  const GOptionEntry entries[] = {
    { "long", 'l', 0, G_OPTION_ARG_NONE, &long_form, N_("Print the descriptions too"), NULL },
    { NULL }
  };

  if (!synack_cli_parse_options (&argc, &argv, entries, NULL,
                                 _("List the built-in classroom scenarios: name and title."),
                                 NULL))
    return 2;
  if (argc != 1)
    return synack_cli_usage ("scenarios", _("unexpected “%s”"), argv[1]);

  names = synack_scenario_list_builtin ();
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SynackScenario) scenario = synack_scenario_load_builtin (names[i], &error);

      if (scenario == NULL)
        return synack_cli_fail (error);
      printf ("%-22s %s\n", names[i], synack_scenario_get_title (scenario));
      if (long_form)
        {
          g_auto(GStrv) lines = g_strsplit (synack_scenario_get_description (scenario), "\n", -1);

          for (guint j = 0; lines[j] != NULL; j++)
            printf ("%-22s   %s\n", "", lines[j]);
        }
    }
  return 0;
}
