/* SPDX-License-Identifier: GPL-3.0-or-later */
/* synack-cli render: every built-in scenario and every capture fixture to
 * PNG, SVG and PDF; what the files hold; bad input and usage. */
#include "config.h"

#include <cairo.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>

#include "synack-export.h"
#include "synack-saved-trace.h"
#include "synack-scenario.h"
#include "synack-test-utils.h"

typedef SynackTestDirFixture Fixture;

/* The built-in scenarios' names, from `synack-cli scenarios`. */
static GStrv
builtin_scenarios (void)
{
  const char *argv[] = { g_getenv ("SYNACK_CLI"), "scenarios", NULL };
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL,
                               &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = g_strsplit_set (g_strstrip (lines[i]), " \t", 2);

      if (words[0] != NULL && *words[0] != '\0')
        g_strv_builder_add (names, words[0]);
    }
  return g_strv_builder_end (names);
}

static void
assert_png (const char *path,
            int         width)
{
  cairo_surface_t *image = cairo_image_surface_create_from_png (path);

  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, width);
  g_assert_cmpint (cairo_image_surface_get_height (image), >, 150);
  g_assert_cmpint (cairo_image_surface_get_height (image), <=, 32767);
  cairo_surface_destroy (image);
}

static char *
read_text (const char *path)
{
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

static void
test_scenarios (Fixture       *f,
                gconstpointer  data)
{
  g_auto(GStrv) names = builtin_scenarios ();

  g_assert_cmpuint (g_strv_length (names), >=, 10);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *png = g_strdup_printf ("%s/%s.png", f->dir, names[i]);
      g_autofree char *svg = g_strdup_printf ("%s/%s.svg", f->dir, names[i]);
      g_autofree char *pdf = g_strdup_printf ("%s/%s.pdf", f->dir, names[i]);
      g_autofree char *err = NULL;
      g_autofree char *text = NULL;

      if (synack_test_run_cli (NULL, &err, "render", names[i], "-o", png, "--width", "900", NULL) != 0)
        g_error ("render %s: %s", names[i], err);
      assert_png (png, 900);
      g_clear_pointer (&err, g_free);
      g_assert_cmpint (synack_test_run_cli (NULL, &err, "render", names[i], "-o", svg, "--theme", "dark", NULL), ==, 0);
      text = read_text (svg);
      g_assert_true (g_str_has_prefix (text, "<?xml"));
      /* every scenario starts with a handshake attempt: a SYN, and the client's state */
      if (strstr (text, ">SYN</text>") == NULL && strstr (text, ">SYN · ") == NULL)
        g_error ("the %s figure has no SYN", names[i]);
      if (strstr (text, ">SYN-SENT</text>") == NULL || strstr (text, ">client</text>") == NULL)
        g_error ("the %s figure lacks the client or its SYN-SENT", names[i]);
      g_clear_pointer (&err, g_free);
      g_clear_pointer (&text, g_free);
      g_assert_cmpint (synack_test_run_cli (NULL, &err, "render", names[i], "-o", pdf, "--theme", "high-contrast", NULL), ==, 0);
      text = read_text (pdf);
      g_assert_true (g_str_has_prefix (text, "%PDF-"));
    }
}

static void
test_handshake_labels (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *svg = g_build_filename (f->dir, "h.svg", NULL);
  g_autofree char *abs = g_build_filename (f->dir, "abs.svg", NULL);
  g_autofree char *err = NULL;
  g_autofree char *text = NULL;
  static const char *const expected[] = {
    ">SYN, ACK</text>", ">FIN, ACK</text>", ">ESTABLISHED</text>", ">TIME-WAIT</text>",
    ">FIN-WAIT-1</text>", ">CLOSE-WAIT</text>", ">LAST-ACK</text>", ">connect()</text>",
    ">close()</text>", "seq=0 ack=1 len=0", ">server</text>", "idle</text>",
  };

  g_assert_cmpint (synack_test_run_cli (NULL, &err, "render", "handshake-and-close", "-o", svg, NULL), ==, 0);
  text = read_text (svg);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    if (strstr (text, expected[i]) == NULL)
      g_error ("the handshake-and-close figure lacks %s", expected[i]);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&err, g_free);

  /* absolute sequence numbers are not the relative ones */
  g_assert_cmpint (synack_test_run_cli (NULL, &err, "render", "handshake-and-close", "-o", abs, "--absolute", NULL), ==, 0);
  text = read_text (abs);
  g_assert_null (strstr (text, "seq=0 ack=1 len=0"));
  g_assert_nonnull (strstr (text, ">SYN, ACK</text>"));
}

/* A pcap Synack saved, with its scenario beside it, draws as the engine's
 * exact trace (socket calls, the 2MSL bracket); a scenario that gives
 * another capture is named and the pcap read as a capture. */
static void
test_saved_trace (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *pcap = g_build_filename (f->dir, "saved.pcap", NULL);
  g_autofree char *script = g_build_filename (f->dir, "saved.synack", NULL);
  g_autofree char *svg = g_build_filename (f->dir, "saved.svg", NULL);
  g_autoptr(GBytes) text = synack_scenario_get_builtin_text ("handshake-and-close", NULL);
  g_autoptr(SynackScenario) scenario = synack_scenario_load_builtin ("handshake-and-close", NULL);
  g_autofree char *notes = NULL;
  g_autoptr(SynackTrace) trace = synack_scenario_run (scenario, 1, &notes);
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  g_autofree char *figure = NULL;

  g_assert_true (synack_export_pcap (trace, pcap, G_MAXUINT, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (script, g_bytes_get_data (text, NULL),
                                      g_bytes_get_size (text), &error));

  g_assert_cmpint (synack_test_run_cli (NULL, &err, "render", pcap, "-o", svg, NULL), ==, 0);
  figure = read_text (svg);
  g_assert_nonnull (strstr (figure, ">connect()</text>"));
  g_assert_nonnull (strstr (figure, "2MSL"));
  g_clear_pointer (&figure, g_free);
  g_clear_pointer (&err, g_free);

  /* the seed a saved scenario records is the one it runs with */
  {
    g_autofree char *seeded = g_strdup_printf ("# synack: seed 7\n%s",
                                               (const char *) g_bytes_get_data (text, NULL));
    g_autoptr(SynackTrace) seven = synack_scenario_run (scenario, 7, &notes);

    g_assert_cmpuint (synack_saved_trace_seed (seeded), ==, 7);
    g_assert_cmpuint (synack_saved_trace_seed ("title \"x\"\n"), ==, 1);
    g_assert_true (synack_export_pcap (seven, pcap, G_MAXUINT, &error));
    g_assert_true (g_file_set_contents (script, seeded, -1, &error));
    g_assert_cmpint (synack_test_run_cli (NULL, &err, "render", pcap, "-o", svg, NULL), ==, 0);
    figure = read_text (svg);
    g_assert_nonnull (strstr (figure, ">connect()</text>"));
    g_clear_pointer (&figure, g_free);
    g_clear_pointer (&err, g_free);
  }

  /* --help says so */
  {
    g_autofree char *help_err = NULL;
    const char *cli = g_getenv ("SYNACK_CLI");
    const char *argv[] = { cli, "render", "--help", NULL };
    g_autofree char *out = NULL;
    int status;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                                 &help_err, &status, &error));
    g_assert_nonnull (strstr (out, "X.synack"));
  }

  g_assert_true (g_file_set_contents (script, "0 server listen 80\n", -1, &error));
  g_assert_cmpint (synack_test_run_cli (NULL, &err, "render", pcap, "-o", svg, NULL), ==, 0);
  g_assert_nonnull (strstr (err, "saved.synack"));
  figure = read_text (svg);
  g_assert_null (strstr (figure, ">connect()</text>"));
}

static void
test_captures (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "data", "capture", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint drawn = 0, refused = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *input = g_build_filename (dir_path, name, NULL);
      g_autofree char *svg = g_strdup_printf ("%s/%s.svg", f->dir, name);
      g_autofree char *png = g_strdup_printf ("%s/%s.png", f->dir, name);
      g_autofree char *err = NULL;
      int status;

      if (!g_str_has_suffix (name, ".pcap") && !g_str_has_suffix (name, ".pcapng"))
        continue;
      status = synack_test_run_cli (NULL, &err, "render", input, "-o", svg, NULL);
      if (status == 0)
        {
          g_autofree char *text = read_text (svg);

          drawn++;
          g_assert_nonnull (strstr (text, "</svg>"));
          g_clear_pointer (&err, g_free);
          g_assert_cmpint (synack_test_run_cli (NULL, &err, "render", input, "-o", png, "--width", "700", NULL), ==, 0);
          assert_png (png, 700);
        }
      else
        {
          /* bad captures are refused as bad input, with the file named */
          refused++;
          g_assert_cmpint (status, ==, 2);
          g_assert_nonnull (strstr (err, name));
          g_assert_null (strstr (err, "\n\n"));
        }
    }
  g_assert_cmpuint (drawn, >=, 20);
  g_assert_cmpuint (refused, >=, 3);

  /* one with retransmissions: marked in the figure */
  {
    g_autofree char *input = g_build_filename (dir_path, "retransmission.pcap", NULL);
    g_autofree char *svg = g_build_filename (f->dir, "rtx.svg", NULL);
    g_autofree char *err = NULL;
    g_autofree char *text = NULL;

    g_assert_cmpint (synack_test_run_cli (NULL, &err, "render", input, "-o", svg, NULL), ==, 0);
    text = read_text (svg);
    g_assert_nonnull (strstr (text, "Retransmission</text>"));
    g_assert_nonnull (strstr (text, ">SYN, ACK</text>"));
  }
}

static void
test_options (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *png = g_build_filename (f->dir, "w.png", NULL);
  g_autofree char *part = g_build_filename (f->dir, "part.svg", NULL);
  g_autofree char *err = NULL;
  g_autofree char *text = NULL;
  cairo_surface_t *image;
  guint32 corner;

  /* dark theme, 640 px wide */
  g_assert_cmpint (synack_test_run_cli (NULL, &err, "render", "lost-syn", "-o", png, "--width", "640", "--theme", "dark",
                            "--scale", "1.5", NULL), ==, 0);
  image = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 640);
  cairo_surface_flush (image);
  corner = *(guint32 *) cairo_image_surface_get_data (image);
  g_assert_cmpuint ((corner >> 16) & 0xff, <, 0x40);   /* a dark background */
  cairo_surface_destroy (image);

  /* a time window: the handshake only, not the close */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (synack_test_run_cli (NULL, &err, "render", "handshake-and-close", "-o", part, "--from", "0", "--to", "0.25",
                            NULL), ==, 0);
  text = read_text (part);
  g_assert_nonnull (strstr (text, ">SYN</text>"));
  g_assert_null (strstr (text, ">FIN, ACK</text>"));
}

static void
test_bad_usage (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *out = g_build_filename (f->dir, "x.svg", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "missing.pcap", NULL);
  struct
  {
    const char *args[8];
    int         status;
    const char *message;
  } cases[] = {
    { { "handshake-and-close", NULL }, 2, "-o" },
    { { NULL }, 2, "INPUT" },
    { { "handshake-and-close", "-o", "x.jpg", NULL }, 2, "x.jpg" },
    { { "no-such-scenario", "-o", out, NULL }, 2, "no-such-scenario" },
    { { missing, "-o", out, NULL }, 2, "missing.pcap" },
    { { "handshake-and-close", "-o", out, "--conn", "7", NULL }, 2, "--conn 7" },
    { { "handshake-and-close", "-o", out, "--theme", "pink", NULL }, 2, "pink" },
    { { "handshake-and-close", "-o", out, "--width", "10", NULL }, 2, "--width" },
    { { "handshake-and-close", "-o", out, "--from", "abc", NULL }, 2, "abc" },
    { { "handshake-and-close", "-o", out, "--from", "2", "--to", "1", NULL }, 2, "--from" },
    { { "handshake-and-close", "-o", "/nonexistent-dir/x.svg", NULL }, 1, "/nonexistent-dir/x.svg" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *err = NULL;
      const char **a = cases[i].args;
      int status = synack_test_run_cli (NULL, &err, "render", a[0], a[1], a[2], a[3], a[4], a[5], a[6], NULL);

      if (status != cases[i].status || strstr (err, cases[i].message) == NULL)
        g_error ("case %u: status %d (want %d), stderr: %s", i, status, cases[i].status, err);
      g_assert_true (g_str_has_prefix (err, "synack-cli"));
    }
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/synack/render-cli/scenarios", Fixture, NULL, synack_test_dir_set_up,
              test_scenarios, synack_test_dir_tear_down);
  g_test_add ("/synack/render-cli/handshake-labels", Fixture, NULL, synack_test_dir_set_up,
              test_handshake_labels, synack_test_dir_tear_down);
  g_test_add ("/synack/render-cli/captures", Fixture, NULL, synack_test_dir_set_up,
              test_captures, synack_test_dir_tear_down);
  g_test_add ("/synack/render-cli/saved-trace", Fixture, NULL, synack_test_dir_set_up,
              test_saved_trace, synack_test_dir_tear_down);
  g_test_add ("/synack/render-cli/options", Fixture, NULL, synack_test_dir_set_up,
              test_options, synack_test_dir_tear_down);
  g_test_add ("/synack/render-cli/bad-usage", Fixture, NULL, synack_test_dir_set_up,
              test_bad_usage, synack_test_dir_tear_down);
  return g_test_run ();
}
