/* SPDX-License-Identifier: GPL-3.0-or-later */
/* synack-privileges: keeping only some capabilities, reading them, and
 * dropping them all, checked against what the kernel reports in
 * /proc/self/status. Each test runs in a subprocess, since what it drops
 * cannot be had back. */
#include "config.h"

#include <linux/capability.h>
#include <string.h>

#include "synack-error.h"
#include "synack-privileges.h"

static guint64
status_mask (const char *field)
{
  g_autofree char *status = NULL;
  g_autofree char *needle = g_strdup_printf ("\n%s:", field);
  const char *p;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  p = strstr (status, needle);
  g_assert_nonnull (p);
  return g_ascii_strtoull (p + strlen (needle), NULL, 16);
}

static void
test_limit (void)
{
  const guint64 keep = G_GUINT64_CONSTANT (1) << CAP_NET_RAW;
  guint64 before = synack_privileges_effective ();

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }

  g_assert_cmphex (before, ==, status_mask ("CapEff"));
  g_assert_true (synack_privileges_limit (keep, NULL));
  /* Nothing beyond CAP_NET_RAW is left, and what was held of it stays. */
  g_assert_cmphex (status_mask ("CapEff") & ~keep, ==, 0);
  g_assert_cmphex (status_mask ("CapPrm") & ~keep, ==, 0);
  g_assert_cmphex (status_mask ("CapEff"), ==, before & keep);
  if (before & (G_GUINT64_CONSTANT (1) << CAP_SETPCAP))
    g_assert_cmphex (status_mask ("CapBnd") & ~keep, ==, 0);
  else
    g_test_message ("no CAP_SETPCAP: the bounding set was left alone");

  /* Limiting again to the same set changes nothing and succeeds. */
  g_assert_true (synack_privileges_limit (keep, NULL));
  g_assert_cmphex (synack_privileges_effective (), ==, before & keep);
}

static gpointer
idle_thread (gpointer data)
{
  g_usleep (G_USEC_PER_SEC / 2);
  return NULL;
}

static void
test_refuses_with_threads (void)
{
  g_autoptr(GError) error = NULL;
  GThread *thread;

  /* Skipped in the parent: a skip inside the subprocess reads to the
   * parent as a failure (a user without capabilities saw exactly that). */
  if (synack_privileges_effective () == 0)
    {
      g_test_skip ("this process holds no capabilities to drop");
      return;
    }
  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }
  thread = g_thread_new ("idle", idle_thread, NULL);
  g_assert_false (synack_privileges_limit (0, &error));
  g_assert_nonnull (strstr (error->message, "threads are running"));
  g_thread_join (thread);
}

static void
test_have_and_drop_all (void)
{
  g_autoptr(GError) error = NULL;
  guint64 before;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }

  before = status_mask ("CapEff");
  g_assert_cmphex (synack_privileges_effective (), ==, before);
  g_assert_cmpint (synack_privileges_have (CAP_NET_ADMIN), ==,
                   (before >> CAP_NET_ADMIN) & 1);
  g_assert_cmpint (synack_privileges_have (CAP_NET_RAW), ==, (before >> CAP_NET_RAW) & 1);

  g_assert_true (synack_privileges_drop_all (&error));
  g_assert_no_error (error);
  g_assert_cmphex (status_mask ("CapEff"), ==, 0);
  g_assert_cmphex (status_mask ("CapPrm"), ==, 0);
  g_assert_false (synack_privileges_have (CAP_NET_ADMIN));
  g_assert_false (synack_privileges_have (CAP_NET_RAW));
  /* Nothing left: dropping again is a no-op that succeeds. */
  g_assert_true (synack_privileges_drop_all (&error));
  if (before == 0)
    g_test_message ("this process held no capabilities: only the no-op was checked");
}

static void
test_drop_all_refuses_with_threads (void)
{
  g_autoptr(GError) error = NULL;
  GThread *thread;
  guint64 before;

  before = synack_privileges_effective ();
  /* Skipped in the parent, as above. */
  if (before == 0)
    {
      g_test_skip ("this process holds no capabilities to drop");
      return;
    }
  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }
  thread = g_thread_new ("idle", idle_thread, NULL);
  g_assert_false (synack_privileges_drop_all (&error));
  g_assert_error (error, SYNACK_ERROR, SYNACK_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "threads are running"));
  /* refused before anything was dropped */
  g_assert_cmphex (synack_privileges_effective (), ==, before);
  g_thread_join (thread);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/synack/privileges/limit", test_limit);
  g_test_add_func ("/synack/privileges/refuses-with-threads", test_refuses_with_threads);
  g_test_add_func ("/synack/privileges/have-and-drop-all", test_have_and_drop_all);
  g_test_add_func ("/synack/privileges/drop-all-refuses-with-threads",
                   test_drop_all_refuses_with_threads);

  return g_test_run ();
}
