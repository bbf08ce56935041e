/* SPDX-License-Identifier: GPL-3.0-or-later */
/* synack-cli render INPUT -o OUT.svg|png|pdf: a handout figure, the ladder
 * and the state timeline of one connection together. */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "synack-cli.h"
#include "synack-error.h"
#include "synack-document.h"
#include "synack-handout.h"
#include "synack-render.h"

static gboolean
parse_seconds (const char *option,
               const char *text,
               gint64     *ns,
               GError    **error)
{
  char *end = NULL;
  double value;

  errno = 0;
  value = g_ascii_strtod (text, &end);
  if (errno != 0 || end == text || *end != '\0' || value < 0 || value > 1e9)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID,
                   _("%s: “%s” is not a time in seconds"), option, text);
      return FALSE;
    }
  *ns = (gint64) (value * 1e9 + 0.5);
  return TRUE;
}

int
synack_cli_render (int    argc,
                   char **argv)
{
  g_autofree char *summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackDocument) doc = NULL;
  SynackTrace *trace;
  g_autofree char *output = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *theme = NULL;
  g_autofree char *layout_path = NULL;
  g_autofree char *axis = NULL;
  int conn = -1;
  int width = 1200;
  double scale = 1.0;
  gint64 seed = -1;
  gboolean absolute = FALSE;
  gboolean textbook = FALSE;
  gboolean no_timeline = FALSE;
  gboolean no_legend = FALSE;
  SynackRenderOptions options;
  SynackRenderFormat format;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write the figure to FILE (.svg, .png or .pdf)"), N_("FILE") },
    { "layout", 0, 0, G_OPTION_ARG_FILENAME, &layout_path,
      N_("Write what the figure draws, as JSON, to FILE (- for standard output)"), N_("FILE") },
    { "axis", 0, 0, G_OPTION_ARG_STRING, &axis,
      N_("Vertical axis: time, events (one row per segment) or auto (default)"), N_("AXIS") },
    { "conn", 0, 0, G_OPTION_ARG_INT, &conn, N_("Draw connection N (default: the first that carried segments)"), "N" },
    { "width", 0, 0, G_OPTION_ARG_INT, &width, N_("Figure width in pixels (default 1200)"), "PX" },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("Start at T seconds"), "T" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("End at T seconds"), "T" },
    { "theme", 0, 0, G_OPTION_ARG_STRING, &theme,
      N_("Colours: light, dark or high-contrast (default light)"), N_("THEME") },
    { "scale", 0, 0, G_OPTION_ARG_DOUBLE, &scale,
      N_("Text scale, 1 to 3 (1.5 or 2 for a projector)"), N_("FACTOR") },
    { "absolute", 0, 0, G_OPTION_ARG_NONE, &absolute,
      N_("Write sequence numbers as on the wire, not relative"), NULL },
    { "textbook", 0, 0, G_OPTION_ARG_NONE, &textbook,
      N_("Write sequence numbers as textbooks do: client ISN x, server ISN y, FINs u and w, ack x+1 …"), NULL },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, N_("Seed for a scenario's random rules"), "N" },
    { "no-timeline", 0, 0, G_OPTION_ARG_NONE, &no_timeline, N_("Leave out the state timeline"), NULL },
    { "no-legend", 0, 0, G_OPTION_ARG_NONE, &no_legend, N_("Leave out the legend"), NULL },
    { NULL }
  };

  summary = g_strdup_printf ("%s\n%s",
    _("INPUT is a capture (pcap, pcapng), a scenario file, or a built-in scenario's name."),
    _("A pcap that Synack saved, with its scenario beside it (X.pcap and X.synack), is drawn "
      "from the scenario's run: exact states, timers and socket calls."));
  if (!synack_cli_parse_options (&argc, &argv, entries,
                                 _("INPUT — draw a ladder and state timeline"), summary, NULL))
    return 2;
  if (argc != 2)
    return synack_cli_usage ("render", argc < 2 ? _("missing INPUT") : _("more than one INPUT"));
  if (output == NULL && layout_path == NULL)
    return synack_cli_usage ("render", _("missing -o OUT.svg|png|pdf"));
  if (output != NULL && !synack_render_format_from_path (output, &format))
    return synack_cli_usage ("render", _("%s: the output must end in .svg, .png or .pdf"), output);
  if (conn < -1)
    return synack_cli_usage ("render", _("--conn: %d is not a connection number"), conn);
  if (width < 320 || width > 20000)
    return synack_cli_usage ("render", _("--width: %d is out of range (320 to 20000)"), width);
  if (scale < 1 || scale > 3)
    return synack_cli_usage ("render", _("--scale: %g is out of range (1 to 3)"), scale);

  synack_render_options_init (&options);
  if (axis == NULL || g_str_equal (axis, "auto"))
    options.axis = SYNACK_AXIS_MODE_AUTO;
  else if (g_str_equal (axis, "time"))
    options.axis = SYNACK_AXIS_MODE_TIME;
  else if (g_str_equal (axis, "events"))
    options.axis = SYNACK_AXIS_MODE_EVENTS;
  else
    return synack_cli_usage ("render", _("--axis: “%s” is not time, events or auto"), axis);
  options.width = width;
  options.text_scale = scale;
  options.seq_mode = textbook ? SYNACK_SEQ_TEXTBOOK : absolute ? SYNACK_SEQ_ABSOLUTE : SYNACK_SEQ_RELATIVE;
  options.timeline = !no_timeline;
  options.legend = !no_legend;
  if (theme != NULL && !synack_theme_kind_from_string (theme, &options.theme))
    return synack_cli_usage ("render", _("--theme: “%s” is not light, dark or high-contrast"), theme);
  if ((from != NULL && !parse_seconds ("--from", from, &options.from, &error)) ||
      (to != NULL && !parse_seconds ("--to", to, &options.to, &error)))
    return synack_cli_fail (error);

  /* the same rule as the window's and every command's */
  doc = synack_cli_load (argv[1], seed, &error);
  if (doc == NULL)
    return synack_cli_fail (error);
  trace = synack_document_get_trace (doc);
  if (!synack_cli_pick_connection (trace, argv[1], conn, &options.conn, &error))
    return synack_cli_fail (error);
  if (layout_path != NULL)
    {
      g_autofree char *json = synack_render_layout_json (trace, &options, &error);

      if (json == NULL)
        return synack_cli_fail (error);
      if (g_str_equal (layout_path, "-"))
        fputs (json, stdout);
      else if (!g_file_set_contents (layout_path, json, -1, &error))
        return synack_cli_fail (error);
    }
  if (output != NULL && !synack_render_to_file (trace, output, format, &options, &error))
    return synack_cli_fail (error);
  return 0;
}

/* synack-cli handout INPUT -o OUT.pdf [--conn N]: the figure on the light
 * theme, then every step with its explanation, in the current language. */
int
synack_cli_handout (int    argc,
                    char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackDocument) doc = NULL;
  SynackTrace *trace;
  g_autofree char *output = NULL;
  int conn = -1;
  guint picked;
  gint64 seed = 1;
  gboolean absolute = FALSE;
  gboolean textbook = FALSE;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The PDF file to write"), N_("OUT.pdf") },
    { "conn", 0, 0, G_OPTION_ARG_INT, &conn,
      N_("Connection to hand out (default: the first with segments)"), "N" },
    { "absolute", 0, 0, G_OPTION_ARG_NONE, &absolute,
      N_("Write sequence numbers as on the wire, not relative"), NULL },
    { "textbook", 0, 0, G_OPTION_ARG_NONE, &textbook,
      N_("Write sequence numbers as textbooks do: client ISN x, server ISN y, FINs u and w, ack x+1 …"), NULL },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, N_("Seed for a scenario's random rules"), "N" },
    { NULL }
  };

  if (!synack_cli_parse_options (&argc, &argv, entries, _("INPUT"),
                                 _("Write a handout of one connection as PDF: the figure, then "
                                   "every step numbered with its explanation and RFC section, and "
                                   "the TCP header of each key segment, in the current language."),
                                 NULL))
    return 2;
  if (argc != 2)
    return synack_cli_usage ("handout", argc < 2 ? _("an input is needed")
                                                 : _("only one input at a time"));
  if (output == NULL)
    return synack_cli_usage ("handout", _("-o OUT.pdf is needed"));
  {
    g_autofree char *lower = g_ascii_strdown (output, -1);

    if (!g_str_has_suffix (lower, ".pdf"))
      return synack_cli_usage ("handout", _("%s: a handout is written as PDF (.pdf)"), output);
  }
  if (seed < 0)
    return synack_cli_usage ("handout", _("--seed must be 0 or more"));

  /* the same rule as the window's and every command's */
  doc = synack_cli_load (argv[1], seed, &error);
  if (doc == NULL)
    return synack_cli_fail (error);
  trace = synack_document_get_trace (doc);
  if (!synack_cli_pick_connection (trace, argv[1], conn, &picked, &error))
    return synack_cli_fail (error);
  if (!synack_handout_write_pdf (trace, picked,
                                 textbook ? SYNACK_SEQ_TEXTBOOK :
                                 absolute ? SYNACK_SEQ_ABSOLUTE : SYNACK_SEQ_RELATIVE,
                                 output, &error))
    return synack_cli_fail (error);
  return 0;
}
