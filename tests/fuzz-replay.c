/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Replays fuzz corpora as an ordinary test: feeds every file named on the
 * command line (or every file in a directory named there) to the target's
 * LLVMFuzzerTestOneInput, so the corpora run in CI with any compiler.
 * A crash, a sanitizer report or a failed assertion inside the target fails
 * the test; the file being replayed is printed first so it can be found.
 * With --check first, the target's fuzz_replay_check() then judges the
 * corpus as a whole. */
#include "config.h"

#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-common.h"

static guint n_inputs;

static void
replay_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;
  guint8 *copy;

  if (!g_file_get_contents (path, &contents, &len, &error))
    {
      g_printerr ("fuzz-replay: %s\n", error->message);
      exit (1);
    }
  printf ("# %s (%" G_GSIZE_FORMAT " bytes)\n", path, len);
  fflush (stdout);
  /* An exact-size heap copy, so AddressSanitizer sees any read past the end. */
  copy = g_malloc (MAX (len, 1));
  memcpy (copy, contents, len);
  LLVMFuzzerTestOneInput (copy, len);
  g_free (copy);
  n_inputs++;
}

static void
replay_dir (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (path, 0, &error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    {
      g_printerr ("fuzz-replay: %s\n", error->message);
      exit (1);
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_build_filename (path, name, NULL));
  /* A stable order, so a failure reproduces the same way every time. */
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  for (guint i = 0; i < names->len; i++)
    {
      const char *file = g_ptr_array_index (names, i);

      if (g_file_test (file, G_FILE_TEST_IS_DIR))
        replay_dir (file);
      else if (g_file_test (file, G_FILE_TEST_IS_REGULAR))
        replay_file (file);
    }
}

int
main (int    argc,
      char **argv)
{
  gboolean check = argc > 1 && g_str_equal (argv[1], "--check");

  if (check)
    {
      argv[1] = argv[0];
      argv++;
      argc--;
    }
  if (argc < 2)
    {
      g_printerr ("Usage: %s CORPUS-DIR-OR-FILE...\n", argv[0]);
      return 2;
    }
  if (LLVMFuzzerInitialize != NULL)
    LLVMFuzzerInitialize (&argc, &argv);
  for (int i = 1; i < argc; i++)
    {
      if (g_file_test (argv[i], G_FILE_TEST_IS_DIR))
        replay_dir (argv[i]);
      else
        replay_file (argv[i]);
    }
  /* An empty corpus would make this test pass without testing anything. */
  if (n_inputs == 0)
    {
      g_printerr ("fuzz-replay: no inputs found in the corpus\n");
      return 1;
    }
  printf ("# replayed %u inputs\n", n_inputs);
  if (check && fuzz_replay_check != NULL && !fuzz_replay_check ())
    return 1;
  return 0;
}
