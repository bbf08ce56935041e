/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The handout: `synack-cli handout` writes a PDF that holds every step of
 * the lesson with its explanation, in English and in Chinese; and the
 * header view's fields, as the seed draws them. */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "synack-explain.h"
#include "synack-handout.h"
#include "synack-header.h"
#include "synack-language.h"
#include "synack-scenario.h"
#include "synack-test-utils.h"

/* All whitespace out: pdftotext breaks lines where the layout did. */
static char *
squeeze (const char *text)
{
  GString *s = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* and hyphens: pdftotext joins a word hyphenated at a line's end */
      if (!g_unichar_isspace (c) && c != 0x00AD && c != '-' && c != 0x2010)
        g_string_append_unichar (s, c);
    }
  return g_string_free (s, FALSE);
}

static char *
pdf_text (const char *pdf)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", pdf, "-", NULL };
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_steal_pointer (&out);
}

static void
check_handout (const char *lesson,
               const char *language)
{
  const char *cli = g_getenv ("SYNACK_CLI");
  g_autofree char *dir = g_dir_make_tmp ("synack-handout-XXXXXX", NULL);
  g_autofree char *pdf = g_build_filename (dir, "h.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *flat = NULL;
  g_autoptr(SynackTrace) trace = NULL;
  g_auto(GStrv) env = g_get_environ ();
  g_autoptr(GError) error = NULL;
  int status = 0;
  guint steps = 0;
  const char *argv[] = { cli, "handout", lesson, "-o", pdf, NULL };
  const SynackConnection *c;
  guint conn = 0;

  env = g_environ_setenv (env, "LANGUAGE", language, TRUE);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL,
                               NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  text = pdf_text (pdf);
  flat = squeeze (text);

  /* the same run here, in the same language, gives the sentences to find */
  synack_language_apply (language);
  trace = synack_test_run_builtin (lesson);
  for (guint i = 0; i < synack_trace_get_n_connections (trace); i++)
    if (synack_trace_get_connection (trace, i)->n_segments > 0)
      {
        conn = i;
        break;
      }
  c = synack_trace_get_connection (trace, conn);
  g_assert_nonnull (c);
  for (guint i = 0; i < synack_trace_get_n_events (trace); i++)
    {
      const char *rfc = NULL;
      g_autofree char *sentence = NULL;
      g_autofree char *want = NULL;
      g_autofree char *number = NULL;

      if (!synack_handout_is_step (trace, conn, i))
        continue;
      steps++;
      sentence = synack_explain_event (trace, i, &rfc);
      want = squeeze (sentence);
      if (strstr (flat, want) == NULL)
        g_error ("%s (%s): step %u is not in the handout: %s", lesson, language, steps, sentence);
      number = g_strdup_printf ("%u.", steps);
      g_assert_nonnull (strstr (flat, number));
      g_assert_nonnull (rfc);
    }
  g_assert_cmpuint (steps, >, 5);
  synack_language_apply (NULL);
  g_unlink (pdf);
  g_rmdir (dir);
}

static void
test_handout_english (void)
{
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");

  if (pdftotext == NULL)
    {
      g_test_skip ("pdftotext (poppler-utils) is not installed");
      return;
    }
  check_handout ("handshake-and-close", "en");
  check_handout ("keepalive-dead-peer", "en");
}

static void
test_handout_chinese (void)
{
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");

  if (pdftotext == NULL)
    {
      g_test_skip ("pdftotext (poppler-utils) is not installed");
      return;
    }
  check_handout ("handshake-and-close", "zh_CN");
  check_handout ("connection-refused", "zh_CN");
}

/* The header as the seed draws it: the SYN has SYN=1 ACK=0. */
static void
test_header_fields (void)
{
  g_autoptr(SynackTrace) trace = synack_test_run_builtin ("handshake-and-close");
  int syn = -1;
  g_autofree char *text = NULL;

  for (guint i = 0; i < synack_trace_get_n_events (trace) && syn < 0; i++)
    if (synack_trace_get_event_kind (trace, i) == SYNACK_EVENT_SEGMENT)
      syn = (int) i;
  g_assert_cmpint (syn, >=, 0);
  text = synack_header_describe (trace, (guint) syn, SYNACK_SEQ_TEXTBOOK);
  g_assert_nonnull (strstr (text, "Destination port: 80\n"));
  g_assert_nonnull (strstr (text, "(x)\n"));
  g_assert_nonnull (strstr (text, "CWR=0 ECE=0 URG=0 ACK=0 PSH=0 RST=0 SYN=1 FIN=0\n"));
  g_assert_nonnull (strstr (text, "not used: ACK=0"));
  g_assert_nonnull (strstr (text, "Urgent pointer: 0\n"));
  /* a SYN carries options, so the data offset is above 5 words */
  g_assert_null (strstr (text, "Data offset: 5 (20 bytes)"));
  g_assert_nonnull (strstr (text, "MSS "));
  g_assert_true (synack_handout_is_key_segment (trace, (guint) syn));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  synack_language_init (NULL);

  g_test_add_func ("/synack/handout/english", test_handout_english);
  g_test_add_func ("/synack/handout/chinese", test_handout_chinese);
  g_test_add_func ("/synack/handout/header-fields", test_header_fields);

  return g_test_run ();
}
