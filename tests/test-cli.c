/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
#include "synack-test-utils.h"

#include <gio/gio.h>
#include <string.h>
#include <sys/wait.h>

/* Run synack-cli with args; return its exit status, stdout and stderr. */
static void
test_help (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  static const char *const commands[] = {
    "inspect", "capture", "run", "scenarios", "render", "tun",
  };

  g_assert_cmpint (synack_test_run_cli (&out, &err, "--help", NULL), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *needle = g_strdup_printf ("\n  %s ", commands[i]);

      if (strstr (out, needle) == NULL)
        g_error ("--help does not list %s:\n%s", commands[i], out);
    }
  g_assert_nonnull (strstr (out, "Exit status"));
}

static void
test_version (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (synack_test_run_cli (&out, &err, "--version", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "synack-cli " PACKAGE_VERSION "\n");
}

static void
test_bad_usage (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (synack_test_run_cli (&out, &err, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "Usage:"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (synack_test_run_cli (&out, &err, "frobnicate", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "unknown command “frobnicate”"));
  g_assert_cmpstr (out, ==, "");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/synack/cli/help", test_help);
  g_test_add_func ("/synack/cli/version", test_version);
  g_test_add_func ("/synack/cli/bad-usage", test_bad_usage);

  return g_test_run ();
}
