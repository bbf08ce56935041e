/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Interface language: catalogue location and run-time switching, without GTK. */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "synack-language.h"

const char *const synack_language_codes[] = { "", "en", "zh_CN", NULL };

/* LANGUAGE as the environment gave it, saved before the first change. */
static gboolean saved;
static char *env_language;

const char *
synack_language_get_native_name (const char *code)
{
  if (code == NULL || code[0] == '\0')
    return NULL;
  if (g_str_equal (code, "en"))
    return "English";
  if (g_str_equal (code, "zh_CN"))
    return "简体中文";
  return code;
}

const char *
synack_language_get_localedir (void)
{
  static const char *localedir;

  if (localedir == NULL)
    {
      /* BUILD_LOCALEDIR is <build root>/po; meson writes <lang>/LC_MESSAGES/ there. */
      g_autofree char *build_root = g_path_get_dirname (BUILD_LOCALEDIR);
      g_autofree char *root = g_canonicalize_filename (build_root, NULL);
      g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
      gsize n = strlen (root);

      if (exe != NULL && strncmp (exe, root, n) == 0 && exe[n] == '/' &&
          g_file_test (BUILD_LOCALEDIR, G_FILE_TEST_IS_DIR))
        localedir = BUILD_LOCALEDIR;
      else
        localedir = LOCALEDIR;
    }
  return localedir;
}

static gboolean
messages_locale_is_c (void)
{
  const char *current = setlocale (LC_MESSAGES, NULL);

  return current == NULL || g_str_equal (current, "C") || g_str_equal (current, "POSIX");
}

void
synack_language_apply (const char *language)
{
  const char *wanted;

  if (!saved)
    {
      env_language = g_strdup (g_getenv ("LANGUAGE"));
      saved = TRUE;
    }

  wanted = (language != NULL && language[0] != '\0') ? language : env_language;
  if (wanted != NULL && wanted[0] != '\0')
    {
      g_setenv ("LANGUAGE", wanted, TRUE);
      /* gettext ignores LANGUAGE in the C locale; C.UTF-8 behaves as C
       * otherwise, so asking for a language still works with LANG unset.
       * The environment says so too: gtk_init() calls setlocale (LC_ALL, "")
       * again later. */
      if (messages_locale_is_c ())
        {
          setlocale (LC_MESSAGES, "C.UTF-8");
          if (g_getenv ("LC_ALL") == NULL)
            g_setenv ("LC_MESSAGES", "C.UTF-8", TRUE);
        }
    }
  else
    g_unsetenv ("LANGUAGE");

  /* Translations already looked up are cached; this makes gettext look
   * again (GNU gettext's documented way after changing LANGUAGE). */
#ifdef __GLIBC__
  {
    extern int _nl_msg_cat_cntr;
    ++_nl_msg_cat_cntr;
  }
#endif
  textdomain (GETTEXT_PACKAGE);
}

void
synack_language_init (const char *language)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, synack_language_get_localedir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* GLib decides once, at the first g_dgettext(), whether to translate at
   * all: not if the catalogue has nothing for the language of that moment
   * and the locale is neither "C" nor "en_*" (glib/ggettext.c). Starting in
   * English under C.UTF-8 would then keep every later language switch from
   * showing. Making that first call in "C" keeps translation on. */
  {
    g_autofree char *messages = g_strdup (setlocale (LC_MESSAGES, NULL));

    setlocale (LC_MESSAGES, "C");
    g_dgettext (GETTEXT_PACKAGE, "");
    setlocale (LC_MESSAGES, messages);
  }

  synack_language_apply (language);

  /* Pango chooses the font for Chinese characters by the preferred languages
   * (PANGO_LANGUAGE, else LANGUAGE), read once per process. When none of
   * them covers Han (English, then 简体中文 after Reopen), fontconfig's first
   * CJK font is the Japanese one; ending the list with zh-cn draws Han
   * characters in their Simplified Chinese forms. */
  if (g_getenv ("PANGO_LANGUAGE") == NULL)
    {
      const char *env = g_getenv ("LANGUAGE");
      g_autofree char *preferred = (env != NULL && env[0] != '\0')
                                   ? g_strconcat (env, ":zh-cn", NULL) : g_strdup ("zh-cn");

      g_setenv ("PANGO_LANGUAGE", preferred, TRUE);
    }
}
