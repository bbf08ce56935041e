/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window opening a 1,000,000-packet capture (bench-1m.pcap): the time
 * from asking to open it to the first frame painted with it, the longest
 * the main loop went without running while it loaded (a 5 ms heartbeat
 * measures the gaps), and the resident memory it then holds above the same
 * window showing a lesson, per packet. Runs itself under xvfb-run when
 * there is no display. */
#include "config.h"

#include <adwaita.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "synack-application.h"
#include "synack-session.h"
#include "synack-window.h"

#define N_PACKETS 1000000.0

static gint64 last_beat, worst_gap;

static gboolean
heartbeat (gpointer data)
{
  gint64 now = g_get_monotonic_time ();

  if (last_beat != 0)
    worst_gap = MAX (worst_gap, now - last_beat);
  last_beat = now;
  return G_SOURCE_CONTINUE;
}

static gsize
rss_bytes (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, "VmRSS:");
  return line ? (gsize) g_ascii_strtoull (line + 6, NULL, 10) * 1024 : 0;
}

static gboolean
trace_is_file (SynackWindow *window)
{
  SynackTrace *trace = synack_session_get_trace (synack_window_get_session (window));

  return trace != NULL && synack_trace_get_source (trace) == SYNACK_TRACE_SOURCE_FILE;
}

static void
painted (GdkFrameClock *clock,
         gboolean      *flag)
{
  *flag = TRUE;
}

static void
settle (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

int
main (int   argc,
      char *argv[])
{
  const char *dir = g_getenv ("SYNACK_BENCH_DATA");
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  SynackApplication *app;
  SynackWindow *window;
  GdkFrameClock *clock;
  gboolean frame = FALSE;
  gint64 t0, loaded, drawn, deadline;
  gsize base, after;
  guint beat;

  path = g_build_filename (dir ? dir : ".", "bench-1m.pcap", NULL);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_printerr ("bench-window: %s is missing (build-aux/dev bench makes it)\n", path);
      return 1;
    }
  g_setenv ("GTK_A11Y", "none", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  if (!gtk_init_check ())
    {
      g_autofree char *xvfb = g_find_program_in_path ("xvfb-run");

      if (xvfb == NULL || g_getenv ("SYNACK_BENCH_XVFB") != NULL)
        {
          g_printerr ("bench-window: no display and no xvfb-run: not measured\n");
          return 0;
        }
      g_setenv ("SYNACK_BENCH_XVFB", "1", TRUE);
      execl (xvfb, xvfb, "-a", "-s", "-screen 0 1600x1000x24", argv[0], NULL);
      g_printerr ("bench-window: cannot run xvfb-run\n");
      return 1;
    }
  adw_init ();
  app = synack_application_new (G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  window = synack_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  gtk_window_present (GTK_WINDOW (window));
  if (!synack_window_start_scenario (window, "handshake-and-close", &error))
    {
      g_printerr ("bench-window: %s\n", error->message);
      return 1;
    }
  settle (1500);
  base = rss_bytes ();

  beat = g_timeout_add (5, heartbeat, NULL);
  file = g_file_new_for_path (path);
  t0 = g_get_monotonic_time ();
  last_beat = 0;
  synack_window_open_file (window, file);
  deadline = t0 + 300 * G_USEC_PER_SEC;
  while (!trace_is_file (window) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  loaded = g_get_monotonic_time ();
  if (!trace_is_file (window))
    {
      g_printerr ("bench-window: the capture did not open\n");
      return 1;
    }
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "after-paint", G_CALLBACK (painted), &frame);
  gtk_widget_queue_draw (GTK_WIDGET (window));
  while (!frame && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  drawn = g_get_monotonic_time ();
  g_source_remove (beat);
  settle (2000);
  after = rss_bytes ();

  printf ("BENCH\twindow-first-frame-1m\t%.3f\ts\tfrom open to the first frame painted with the "
          "capture (loaded after %.3f s); goal under 0.5\n",
          (drawn - t0) / 1e6, (loaded - t0) / 1e6);
  printf ("BENCH\twindow-worst-stall-1m\t%.1f\tms\tlongest gap of a 5 ms main-loop heartbeat "
          "while the capture loaded (goal: at most 50)\n", worst_gap / 1e3);
  printf ("BENCH\twindow-resident-1m\t%.1f\tB/packet\tVmRSS with the capture shown, above the "
          "same window with a lesson (%.0f MB), over 1M packets (goal: at most 64)\n",
          ((double) after - (double) base) / N_PACKETS, base / 1e6);
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
