/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <gio/gunixoutputstream.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "synack-cli.h"
#include "synack-document-loader.h"
#include "synack-error.h"
#include "synack-language.h"

typedef struct
{
  const char *name;
  int       (*func) (int argc, char **argv);
  const char *args;
  const char *summary;
} Command;

static const Command commands[] = {
  { "inspect",   synack_cli_inspect,   N_("FILE [-f BPF] [--summary] [--json]"),
    N_("Segments and both endpoints' states from a pcap or pcapng file") },
  { "capture",   synack_cli_capture,   N_("-i IFACE [-f BPF] [-c N] [-m SIZE] [--json] [--kernel-states]"),
    N_("Live capture on an interface, with states as they happen") },
  { "run",       synack_cli_run,       N_("SCENARIO|FILE [--seed N] [--json] [-w OUT.pcap]"),
    N_("Run a scenario on the built-in engine over the loopback tap") },
  { "scenarios", synack_cli_scenarios, "",
    N_("List the built-in classroom scenarios") },
  { "render",    synack_cli_render,    N_("INPUT -o OUT.svg|png|pdf [--conn N] [--width PX]"),
    N_("Draw the ladder and state timeline of a capture or scenario to a file") },
  { "handout",   synack_cli_handout,   N_("INPUT -o OUT.pdf [--conn N] [--textbook]"),
    N_("A PDF handout: the figure, then every step with its explanation and headers") },
  { "sockets",   synack_cli_sockets,  N_("[--json] [--watch] [--poll]"),
    N_("This machine's TCP sockets as the kernel sees them, and their state changes") },
  { "tun",       synack_cli_tun,       N_("--ifname NAME --addr ADDR/PREFIX [...]"),
    N_("Run the engine on a TUN device so kernel programs can talk to it") },
};

int
synack_cli_fail (const GError *error)
{
  g_printerr ("synack-cli: %s\n", error->message);
  return synack_error_exit_status (error);
}

int
synack_cli_usage (const char *command,
                  const char *format,
                  ...)
{
  g_autofree char *where = g_strdup_printf ("synack-cli %s", command);
  g_autoptr(GError) error = NULL;
  va_list args;

  va_start (args, format);
  error = synack_error_new_at_valist (SYNACK_ERROR_INVALID, where, format, args);
  va_end (args);
  g_printerr ("%s\n", error->message);
  g_printerr (_("Try “synack-cli %s --help”.\n"), command);
  return synack_error_exit_status (error);
}

gboolean
synack_cli_parse_options (int                *argc,
                          char             ***argv,
                          const GOptionEntry *entries,
                          const char         *parameter_string,
                          const char         *summary,
                          const char         *description)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameter_string);
  g_autoptr(GError) error = NULL;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (summary != NULL)
    g_option_context_set_summary (context, summary);
  if (description != NULL)
    g_option_context_set_description (context, description);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("synack-cli: %s\n", error->message);
      return FALSE;
    }
  return TRUE;
}

SynackDocument *
synack_cli_load (const char  *input,
                 gint64       seed,
                 GError     **error)
{
  g_autoptr(SynackDocumentLoader) loader = synack_document_loader_new (input);
  SynackDocument *doc;

  if (seed >= 0)
    synack_document_loader_set_seed (loader, (guint64) seed);
  doc = synack_document_loader_load (loader, NULL, error);
  if (doc == NULL)
    return NULL;
  for (const char * const *note = synack_document_get_notes (doc); *note != NULL; note++)
    g_printerr ("synack-cli: %s: %s\n", input, *note);
  return doc;
}

gboolean
synack_cli_pick_connection (SynackTrace  *trace,
                            const char   *input,
                            int           conn,
                            guint        *picked,
                            GError      **error)
{
  guint n = synack_trace_get_n_connections (trace);

  if (n == 0)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID,
                   _("%s: no TCP connection to draw"), input);
      return FALSE;
    }
  if (conn < 0)
    {
      conn = 0;
      for (guint i = 0; i < n; i++)
        if (synack_trace_get_connection (trace, i)->n_segments > 0)
          {
            conn = (int) i;
            break;
          }
    }
  if ((guint) conn >= n)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID,
                   ngettext ("%s: --conn %d: there is %u connection (number 0)",
                             "%s: --conn %d: there are %u connections (0 to %u)", n),
                   input, conn, n, n - 1);
      return FALSE;
    }
  *picked = (guint) conn;
  return TRUE;
}

GOutputStream *
synack_cli_stdout (void)
{
  static GOutputStream *out;

  if (out == NULL)
    out = g_unix_output_stream_new (fileno (stdout), FALSE);
  return out;
}

static void
print_help (FILE *to)
{
  fprintf (to, "%s\n  synack-cli %s\n\n", _("Usage:"), _("COMMAND [OPTION…]"));
  fprintf (to, "%s\n\n", _("See the life of TCP connections: captures, the built-in engine, figures."));
  fprintf (to, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      fprintf (to, "  %-10s %s\n", commands[i].name,
               commands[i].args[0] ? _(commands[i].args) : "");
      fprintf (to, "  %-10s %s\n", "", _(commands[i].summary));
    }
  fprintf (to, "\n%s\n", _("Options:"));
  fprintf (to, "  -h, --help     %s\n", _("Show this help"));
  fprintf (to, "  --version      %s\n", _("Show the version"));
  fprintf (to, "\n%s\n", _("“synack-cli COMMAND --help” shows a command's options."));
  fprintf (to, "%s\n", _("Exit status: 0 success, 1 runtime failure, 2 bad usage or bad input."));
}

int
main (int    argc,
      char **argv)
{
  /* LANGUAGE and LANG decide; the build tree's catalogues when run from it. */
  synack_language_init (NULL);

  g_set_prgname ("synack-cli");

  if (argc < 2)
    {
      print_help (stderr);
      return 2;
    }
  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 ||
      strcmp (argv[1], "help") == 0)
    {
      print_help (stdout);
      return 0;
    }
  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("synack-cli %s\n", PACKAGE_VERSION);
      return 0;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (strcmp (argv[1], commands[i].name) == 0)
        {
          int status;

          /* The subcommand sees itself as argv[0]. */
          g_set_prgname (commands[i].name);
          status = commands[i].func (argc - 1, argv + 1);
          fflush (stdout);
          return status;
        }
    }

  g_printerr (_("synack-cli: unknown command “%s”\n"), argv[1]);
  g_printerr (_("Try “synack-cli --help”.\n"));
  return 2;
}
