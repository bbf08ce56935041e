/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The interface language: run-time switching, the CLI following LANGUAGE,
 * and the Preferences' Reopen re-creating the windows in the new language. */
#include "config.h"

#include <glib/gi18n.h>
#include <gtk/gtk.h>
#include <locale.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "synack-application.h"
#include "synack-language.h"
#include "synack-preferences-window.h"
#include "synack-window.h"
#include "synack-test-utils.h"
#include "synack-test-utils-gtk.h"


static const char *
tr (const char *msgid)
{
  return g_dgettext (GETTEXT_PACKAGE, msgid);
}

static void
test_apply (void)
{
  /* The plain C locale: gettext would ignore LANGUAGE there. */
  setlocale (LC_ALL, "C");
  synack_language_apply ("");
  g_assert_cmpstr (tr ("Connections"), ==, "Connections");

  synack_language_apply ("zh_CN");
  g_assert_cmpstr (setlocale (LC_MESSAGES, NULL), ==, "C.UTF-8");
  g_assert_cmpstr (g_getenv ("LANGUAGE"), ==, "zh_CN");
  g_assert_cmpstr (tr ("Connections"), ==, "连接");
  g_assert_cmpstr (tr ("Sequence number"), ==, "序列号");
  g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, "%u segment", "%u segments", 3), ==,
                   "%u 个报文段");
  /* A state's description, from app/core. */
  g_assert_cmpstr (tr ("Waiting 2MSL so late segments die out"), ==,
                   "时间等待：等待 2MSL，让迟到的报文段消失");

  /* Back to English in the same locale: gettext's cache must not answer. */
  synack_language_apply ("en");
  g_assert_cmpstr (tr ("Connections"), ==, "Connections");
  synack_language_apply ("zh_CN");
  g_assert_cmpstr (tr ("Connections"), ==, "连接");

  /* "" restores what the environment said (the test runs with LANGUAGE=en). */
  synack_language_apply ("");
  g_assert_cmpstr (g_getenv ("LANGUAGE"), ==, "en");
  g_assert_cmpstr (tr ("Connections"), ==, "Connections");

  setlocale (LC_ALL, "");
}

/* No locale in the environment at all, and a later setlocale (LC_ALL, "")
 * as gtk_init() does: the language asked for must survive it. */
static void
test_apply_no_locale (void)
{
  g_autofree char *lc_all = g_strdup (g_getenv ("LC_ALL"));
  g_autofree char *lang = g_strdup (g_getenv ("LANG"));

  g_unsetenv ("LC_ALL");
  g_unsetenv ("LC_MESSAGES");
  g_unsetenv ("LANG");
  setlocale (LC_ALL, "");
  g_assert_cmpstr (setlocale (LC_MESSAGES, NULL), ==, "C");

  synack_language_apply ("zh_CN");
  setlocale (LC_ALL, "");
  g_assert_cmpstr (tr ("Connections"), ==, "连接");

  synack_language_apply ("");
  g_unsetenv ("LC_MESSAGES");
  if (lc_all != NULL)
    g_setenv ("LC_ALL", lc_all, TRUE);
  if (lang != NULL)
    g_setenv ("LANG", lang, TRUE);
  setlocale (LC_ALL, "");
  g_assert_cmpstr (tr ("Connections"), ==, "Connections");
}

static void
test_native_names (void)
{
  g_assert_cmpstr (synack_language_codes[0], ==, "");
  g_assert_null (synack_language_get_native_name (""));
  g_assert_cmpstr (synack_language_get_native_name ("en"), ==, "English");
  g_assert_cmpstr (synack_language_get_native_name ("zh_CN"), ==, "简体中文");
  /* The preferences offer the same languages in the same order. */
  for (guint i = 0; synack_language_codes[i] != NULL; i++)
    g_assert_cmpstr (synack_preferences_languages[i], ==, synack_language_codes[i]);
  g_assert_null (synack_preferences_languages[g_strv_length ((char **) synack_language_codes)]);
}

/* Runs synack-cli with only LANGUAGE set (no LANG, no LC_ALL), returns stdout. */
static char *
run_cli (const char         *language,
         const char * const *args)
{
  g_auto(GStrv) envp = g_get_environ ();
  g_auto(SynackCliRun) run = { 0 };

  envp = g_environ_unsetenv (envp, "LANG");
  envp = g_environ_unsetenv (envp, "LC_ALL");
  envp = g_environ_unsetenv (envp, "LC_MESSAGES");
  envp = g_environ_setenv (envp, "LANGUAGE", language, TRUE);
  synack_test_cli_run (&run, args, (const char * const *) envp, NULL, NULL);
  g_assert_cmpint (run.status, ==, 0);
  return g_steal_pointer (&run.out);
}

static void
test_cli (void)
{
  static const char *const help[] = { "--help", NULL };
  static const char *const scenarios[] = { "scenarios", "--long", NULL };
  g_autofree char *zh_help = NULL;
  g_autofree char *en_help = NULL;
  g_autofree char *zh_scenarios = NULL;
  g_auto(GStrv) lines = NULL;

  if (g_getenv ("SYNACK_CLI") == NULL)
    {
      g_test_skip ("SYNACK_CLI is not set");
      return;
    }

  /* JSON lines are data: the same in every language. */
  {
    static const char *const run[] = { "run", "handshake-and-close", "--json", NULL };
    g_autofree char *pcap = g_build_filename (g_getenv ("SYNACK_SOURCE_ROOT"), "tests", "data",
                                              "capture", "analysis.pcap", NULL);
    const char *const inspect[] = { "inspect", "--json", pcap, NULL };
    g_autofree char *zh_run = run_cli ("zh_CN", run);
    g_autofree char *en_run = run_cli ("en", run);
    g_autofree char *zh_inspect = run_cli ("zh_CN", inspect);
    g_autofree char *en_inspect = run_cli ("en", inspect);

    g_assert_nonnull (strstr (en_run, "\"type\":\"segment\""));
    g_assert_cmpstr (zh_run, ==, en_run);
    g_assert_nonnull (strstr (en_inspect, "\"type\":\"conn\""));
    g_assert_cmpstr (zh_inspect, ==, en_inspect);
  }

  zh_help = run_cli ("zh_CN", help);
  g_assert_nonnull (strstr (zh_help, "用法："));
  g_assert_nonnull (strstr (zh_help, "命令："));
  g_assert_null (strstr (zh_help, "Usage:"));
  en_help = run_cli ("en", help);
  g_assert_nonnull (strstr (en_help, "Usage:"));

  /* Every built-in scenario's title and description lines are translated:
   * each line holds Chinese (scenario names, the first word, stay Latin). */
  zh_scenarios = run_cli ("zh_CN", scenarios);
  g_assert_nonnull (strstr (zh_scenarios, "握手、数据与关闭"));
  lines = g_strsplit (zh_scenarios, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      gboolean chinese = FALSE;

      if (lines[i][0] == '\0')
        continue;
      for (const char *p = lines[i]; *p != '\0'; p = g_utf8_next_char (p))
        if (g_unichar_get_script (g_utf8_get_char (p)) == G_UNICODE_SCRIPT_HAN)
          chinese = TRUE;
      if (!chinese)
        g_error ("untranslated line in “synack-cli scenarios --long”: %s", lines[i]);
    }
}

/* An English interface (the test runs with LANGUAGE=en) still draws Chinese
 * text in a Simplified Chinese font, not the Japanese one fontconfig lists
 * first: what a Reopen from English to 简体中文 shows. */
static void
test_han_font (void)
{
  PangoFontMap *map = pango_cairo_font_map_get_default ();
  g_autoptr(GObject) context = G_OBJECT (pango_font_map_create_context (map));
  g_autoptr(PangoLayout) layout = NULL;
  g_autoptr(PangoFontDescription) desc = NULL;
  PangoFontFamily **families = NULL;
  gboolean have_sc = FALSE;
  int n_families = 0;
  PangoLayoutLine *line;
  PangoGlyphItem *run;

  pango_font_map_list_families (map, &families, &n_families);
  for (int i = 0; i < n_families; i++)
    if (g_str_equal (pango_font_family_get_name (families[i]), "Noto Sans CJK SC"))
      have_sc = TRUE;
  g_free (families);
  if (!have_sc)
    {
      g_test_skip ("Noto Sans CJK SC is not installed (fonts-noto-cjk)");
      return;
    }

  pango_context_set_language (PANGO_CONTEXT (context), pango_language_from_string ("en"));
  layout = pango_layout_new (PANGO_CONTEXT (context));
  desc = pango_font_description_from_string ("Sans 12");
  pango_layout_set_font_description (layout, desc);
  pango_layout_set_text (layout, "三次握手与四次挥手", -1);
  line = pango_layout_get_line_readonly (layout, 0);
  g_assert_nonnull (line->runs);
  run = line->runs->data;
  {
    g_autoptr(PangoFontDescription) used = pango_font_describe (run->item->analysis.font);

    g_assert_cmpstr (pango_font_description_get_family (used), ==, "Noto Sans CJK SC");
  }
}

static gboolean
tree_has_han (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    {
      const char *text = gtk_label_get_text (GTK_LABEL (widget));

      for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
        if (g_unichar_get_script (g_utf8_get_char (p)) == G_UNICODE_SCRIPT_HAN)
          return TRUE;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (tree_has_han (child))
      return TRUE;
  return FALSE;
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWindow *
find_window (GType type)
{
  GtkApplication *app = GTK_APPLICATION (synack_test_gtk_get_application ());

  for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type))
      return l->data;
  return NULL;
}

static void
test_reopen (void)
{
  SynackApplication *app = synack_test_gtk_get_application ();
  GSettings *settings;
  GtkWindow *old, *prefs, *window;
  GtkWidget *reopen;

  SYNACK_TEST_NEED_DISPLAY ();
  settings = synack_application_get_settings (app);
  g_assert_nonnull (settings);

  synack_language_apply ("");
  g_application_activate (G_APPLICATION (app));
  old = find_window (SYNACK_TYPE_WINDOW);
  g_assert_nonnull (old);
  g_assert_false (tree_has_han (GTK_WIDGET (old)));

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  prefs = find_window (SYNACK_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (prefs);
  reopen = find_button (GTK_WIDGET (prefs), "_Reopen");
  g_assert_nonnull (reopen);

  g_settings_set_string (settings, "language", "zh_CN");
  g_signal_emit_by_name (reopen, "clicked");
  while (g_main_context_iteration (NULL, FALSE))
    ;

  /* The old window and the preferences are gone; a new window speaks Chinese. */
  g_assert_null (find_window (SYNACK_TYPE_PREFERENCES_WINDOW));
  window = find_window (SYNACK_TYPE_WINDOW);
  g_assert_nonnull (window);
  g_assert_true (window != old);
  g_assert_null (g_list_find (gtk_application_get_windows (GTK_APPLICATION (app)), old));
  g_assert_true (tree_has_han (GTK_WIDGET (window)));
  g_assert_cmpstr (g_getenv ("LANGUAGE"), ==, "zh_CN");

  g_settings_set_string (settings, "language", "");
  synack_language_apply ("");
  gtk_window_destroy (window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  synack_language_init (NULL);
  synack_test_gtk_init ();

  g_test_add_func ("/synack/language/apply", test_apply);
  g_test_add_func ("/synack/language/apply-no-locale", test_apply_no_locale);
  g_test_add_func ("/synack/language/native-names", test_native_names);
  g_test_add_func ("/synack/language/cli", test_cli);
  g_test_add_func ("/synack/language/han-font", test_han_font);
  g_test_add_func ("/synack/language/reopen", test_reopen);

  return synack_test_gtk_run ();
}
