/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window opening a capture as a user does (synack_window_open_file on a
 * window that shows a lesson): bench-1m.pcap (1,000,000 packets) and, when
 * it is there, bench-10m.pcap (10,000,000). Each opening runs in a process
 * of its own (this program, run with the size), so that its memory is its
 * own; 1M is opened three times and the medians printed, 10M once.
 *
 * Measured in each: the time from asking to open the file to the first
 * frame painted with its first connection (the capture loads in view: its
 * first connection is shown as soon as it is complete), the time to the end
 * of the load, the longest the main loop went without running from the
 * open to a second after the end (a 5 ms heartbeat measures the gaps: a
 * stall), and VmRSS with the whole capture shown above the same window
 * with the lesson, per packet; and, for scale, the stall of showing another
 * lesson in the same window. Runs itself under xvfb-run when there is no
 * display, with GSK_RENDERER=cairo unless it is set (see main()).
 * SYNACK_BENCH_VERBOSE=1 prints each stall over 15 ms (or 10 ms of processor
 * time), each frame over 10 ms with its update, layout and paint phases,
 * and the frames drawn; the times printed are CLOCK_MONOTONIC, so that
 * `perf record -k mono -g` samples can be matched to a stall. */
#include "config.h"

#include <adwaita.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench-util.h"
#include "synack-application.h"
#include "synack-connection-list.h"
#include "synack-load-bar.h"
#include "synack-session.h"
#include "synack-window.h"

#define ROUNDS_1M 3

static gint64 last_beat, worst_gap, beat_origin, last_cpu, worst_cpu_gap;

/* The main thread's processor time, in microseconds. */
static gint64
thread_cpu_usec (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* Every 5 ms: the gap since the last beat in wall time (a stall as the
 * user sees it, other processes' turns on the processor included) and in
 * the main thread's own processor time (what this window did in it). */
static gboolean
heartbeat (gpointer data)
{
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_usec ();

  if (last_beat != 0)
    {
      worst_gap = MAX (worst_gap, now - last_beat);
      worst_cpu_gap = MAX (worst_cpu_gap, cpu - last_cpu);
    }
  if (last_beat != 0 && (now - last_beat > 15000 || cpu - last_cpu > 10000) &&
      g_getenv ("SYNACK_BENCH_VERBOSE") != NULL)
    g_printerr ("bench-window: a stall of %.1f ms (%.1f ms of processor time), %.3f s after "
                "the open (monotonic %.6f to %.6f)\n", (now - last_beat) / 1e3,
                (cpu - last_cpu) / 1e3, (last_beat - beat_origin) / 1e6, last_beat / 1e6,
                now / 1e6);
  last_cpu = cpu;
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

/* Loading: the stack shows the loading page, or the load bar is loading. */
static gboolean
still_loading (SynackWindow *window)
{
  GtkWidget *stack = synack_window_get_part (window, "stack");
  GtkWidget *bar = synack_window_get_part (window, "load-bar");

  if (g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (stack)), "loading") == 0)
    return TRUE;
  return bar != NULL && synack_load_bar_get_loading (SYNACK_LOAD_BAR (bar));
}

static guint n_frames;

static void
painted (GdkFrameClock *clock,
         gboolean      *flag)
{
  *flag = TRUE;
}

static void
count_frame (GdkFrameClock *clock,
             gpointer       data)
{
  n_frames++;
}

/* SYNACK_BENCH_VERBOSE: how long each phase of a frame took, when a frame
 * took over 10 ms. This handler runs after the window's own for each
 * phase, so the time from one phase's end to the next is the next's work. */
static gint64 phase_at[4];

static void
frame_phase (GdkFrameClock *clock,
             gpointer       data)
{
  guint phase = GPOINTER_TO_UINT (data);

  phase_at[phase] = g_get_monotonic_time ();
  if (phase == 3 && phase_at[0] != 0 && phase_at[3] - phase_at[0] > 10000)
    g_printerr ("bench-window: a frame of %.1f ms at %.6f: update %.1f, layout %.1f, "
                "paint %.1f ms\n", (phase_at[3] - phase_at[0]) / 1e3, phase_at[0] / 1e6,
                (phase_at[1] - phase_at[0]) / 1e3, (phase_at[2] - phase_at[1]) / 1e3,
                (phase_at[3] - phase_at[2]) / 1e3);
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

/* One opening, in this process: prints "RESULT first loaded stall_ms B/packet
 * base_MB connections lesson_stall_ms stall_cpu_ms lesson_stall_cpu_ms". */
static int
open_once (const char *path,
           double      n_packets)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  SynackApplication *app;
  SynackWindow *window;
  GdkFrameClock *clock;
  gboolean frame = FALSE;
  gint64 t0, drawn, loaded, deadline;
  gsize base, after;
  gint64 lesson_gap, lesson_cpu_gap;
  guint beat;

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
  /* the lesson runs in the loader's worker thread */
  while (synack_window_is_loading (window))
    g_main_context_iteration (NULL, TRUE);
  settle (1500);

  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "after-paint", G_CALLBACK (count_frame), NULL);
  if (g_getenv ("SYNACK_BENCH_VERBOSE") != NULL)
    {
      settle (1000);
      g_printerr ("bench-window: %u frames painted in a second with the lesson\n", n_frames);
      n_frames = 0;
      g_signal_connect (clock, "before-paint", G_CALLBACK (frame_phase), GUINT_TO_POINTER (0));
      g_signal_connect (clock, "update", G_CALLBACK (frame_phase), GUINT_TO_POINTER (1));
      g_signal_connect (clock, "layout", G_CALLBACK (frame_phase), GUINT_TO_POINTER (2));
      g_signal_connect (clock, "paint", G_CALLBACK (frame_phase), GUINT_TO_POINTER (3));
    }
  /* What showing any document costs this window on this machine: another
   * lesson in its place, the same heartbeat measuring the stall. */
  beat = g_timeout_add (5, heartbeat, NULL);
  settle (200);
  last_beat = 0;
  worst_gap = 0;
  if (!synack_window_start_scenario (window, "handshake-and-close", &error))
    {
      g_printerr ("bench-window: %s\n", error->message);
      return 1;
    }
  settle (1000);
  lesson_gap = worst_gap;
  lesson_cpu_gap = worst_cpu_gap;
  worst_gap = worst_cpu_gap = 0;
  base = rss_bytes ();
  file = g_file_new_for_path (path);
  t0 = g_get_monotonic_time ();
  last_beat = 0;
  beat_origin = t0;
  synack_window_open_file (window, file);
  deadline = t0 + 900 * G_USEC_PER_SEC;
  while (!trace_is_file (window) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  if (!trace_is_file (window))
    {
      g_printerr ("bench-window: the capture did not open\n");
      return 1;
    }
  /* the first frame painted after the capture's first connection is shown */
  g_signal_connect (clock, "after-paint", G_CALLBACK (painted), &frame);
  gtk_widget_queue_draw (GTK_WIDGET (window));
  while (!frame && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  drawn = g_get_monotonic_time ();
  if (g_getenv ("SYNACK_BENCH_VERBOSE") != NULL)
    g_printerr ("bench-window: first connection drawn %.3f s after the open\n", (drawn - t0) / 1e6);
  g_signal_handlers_disconnect_by_func (clock, painted, &frame);
  while (still_loading (window) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  loaded = g_get_monotonic_time ();
  if (g_getenv ("SYNACK_BENCH_VERBOSE") != NULL)
    g_printerr ("bench-window: %u frames painted while loading\n", n_frames);
  if (still_loading (window))
    {
      g_printerr ("bench-window: the capture did not finish loading\n");
      return 1;
    }
  settle (1000);
  g_source_remove (beat);
  settle (1000);
  after = rss_bytes ();

  printf ("RESULT\t%.3f\t%.3f\t%.1f\t%.1f\t%.0f\t%u\t%.1f\t%.1f\t%.1f\n", (drawn - t0) / 1e6,
          (loaded - t0) / 1e6, worst_gap / 1e3, ((double) after - (double) base) / n_packets, base / 1e6,
          synack_trace_get_n_connections (synack_session_get_trace (
            synack_window_get_session (window))), lesson_gap / 1e3, worst_cpu_gap / 1e3,
          lesson_cpu_gap / 1e3);
  fflush (stdout);
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}

static double
load_average (void)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents ("/proc/loadavg", &text, NULL, NULL))
    return -1;
  return g_ascii_strtod (text, NULL);
}

/* Open size (1m, 10m) rounds times, each in a child, and print the medians. */
static int
measure (const char *self_path,
         const char *size,
         const char *path,
         guint       rounds,
         guint       expected_connections)
{
  double first[8], loaded[8], stall[8], resident[8], lesson[8], cpu[8], lesson_cpu[8];
  double base = 0, worst = 0;
  double load_before = load_average ();

  g_assert (rounds <= G_N_ELEMENTS (first));
  for (guint r = 0; r < rounds; r++)
    {
      const char *argv[] = { self_path, size, NULL };
      g_autofree char *out = NULL;
      g_autoptr(GError) error = NULL;
      const char *line;
      int status = 0;
      guint conns = 0;

      if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL,
                         &out, NULL, &status, &error) ||
          !g_spawn_check_wait_status (status, &error))
        {
          g_printerr ("bench-window: %s: %s\n", size, error->message);
          return 1;
        }
      line = strstr (out, "RESULT\t");
      if (line == NULL ||
          sscanf (line, "RESULT\t%lf\t%lf\t%lf\t%lf\t%lf\t%u\t%lf\t%lf\t%lf", &first[r],
                  &loaded[r], &stall[r], &resident[r], &base, &conns, &lesson[r], &cpu[r],
                  &lesson_cpu[r]) != 9)
        {
          g_printerr ("bench-window: %s: no result from the child:\n%s", size, out);
          return 1;
        }
      /* a fast wrong answer must fail */
      if (conns != expected_connections)
        {
          g_printerr ("bench-window: %s: the window shows %u connections, not %u\n", size, conns,
                      expected_connections);
          return 1;
        }
      worst = MAX (worst, stall[r]);
    }

  printf ("BENCH\twindow-first-connection-%s\t%.3f\ts\tfrom open to the first frame painted with "
          "the capture's first connection, median of %u (goal %s)\n", size,
          bench_median (first, rounds), rounds, g_str_equal (size, "1m") ? "under 0.5" : "within 1");
  printf ("BENCH\twindow-loaded-%s\t%.3f\ts\tfrom open to the end of the load, median of %u\n",
          size, bench_median (loaded, rounds), rounds);
  printf ("BENCH\twindow-worst-stall-%s\t%.1f\tms\tlongest gap of a 5 ms main-loop heartbeat from "
          "open to a second after the load, median of %u (worst %.1f; goal at most 50)\n", size,
          bench_median (stall, rounds), rounds, worst);
  printf ("BENCH\twindow-worst-stall-cpu-%s\t%.1f\tms\tthe same gaps in the main thread's own "
          "processor time (what the window did between two beats, without other processes' "
          "turns), median of %u\n", size, bench_median (cpu, rounds), rounds);
  printf ("BENCH\twindow-show-lesson-stall-%s\t%.1f\tms\tthe same heartbeat while the window "
          "shows another lesson instead of its lesson: what showing any document costs here "
          "(%.1f ms of processor time), median of %u\n", size, bench_median (lesson, rounds),
          bench_median (lesson_cpu, rounds), rounds);
  printf ("BENCH\twindow-resident-%s\t%.1f\tB/packet\tVmRSS with the capture shown, above the "
          "same window with a lesson (%.0f MB), median of %u (goal at most 64)\n", size,
          bench_median (resident, rounds), base, rounds);
  printf ("BENCH\twindow-load-average-%s\t%.2f\tload\t/proc/loadavg (1 min) when the %s runs "
          "began: other work on the machine (renderer %s)\n", size, load_before, size,
          g_getenv ("GSK_RENDERER"));
  fflush (stdout);
  return 0;
}

/* ---------------------------------------------------------------- the list */

/* The connection list at 200,000 connections (bench-list-200k.pcap: 200,000
 * connections of 10 segments): with the whole capture loaded and the list
 * on screen, the heartbeat's longest gap while the list sorts by each
 * column, filters by an address, a port and a Zeek state, and scrolls to
 * its end and back a page at a time; and how long each sort and filter
 * takes to show its rows. */
#define LIST_CONNECTIONS 200000

static GtkWidget *
find_scrolled (GtkWidget *widget)
{
  if (GTK_IS_SCROLLED_WINDOW (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_scrolled (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
list_wait (SynackConnectionList *list)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  while (synack_connection_list_is_busy (list) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
}

static void
list_begin (void)
{
  settle (300);
  last_beat = 0;
  worst_gap = worst_cpu_gap = 0;
}

/* One operation done: its stall and how long until its rows were there. */
static void
list_end (const char *what,
          gint64      t0,
          gint64      shown)
{
  settle (300);
  printf ("LIST\t%s\t%.1f\t%.1f\t%.3f\n", what, worst_gap / 1e3, worst_cpu_gap / 1e3,
          (shown - t0) / 1e6);
  fflush (stdout);
}

/* The rows are in order: each row's key is not before the previous one's. */
static gboolean
list_sorted (SynackConnectionList *list,
             SynackTrace          *trace,
             const char           *order)
{
  guint n = synack_connection_list_get_n_rows (list);

  for (guint r = 1; r < n; r += 1 + r / 64)
    {
      const SynackConnection *a = synack_trace_get_connection (
        trace, synack_connection_list_get_row_connection (list, r - 1));
      const SynackConnection *b = synack_trace_get_connection (
        trace, synack_connection_list_get_row_connection (list, r));
      int c = 0;

      if (g_str_equal (order, "client") || g_str_equal (order, "server"))
        {
          guint e = g_str_equal (order, "client") ? 0 : 1;

          c = a->addr[e].family != b->addr[e].family ? a->addr[e].family - b->addr[e].family
            : memcmp (a->addr[e].bytes, b->addr[e].bytes, 16);
          if (c == 0)
            c = (int) a->port[e] - (int) b->port[e];
        }
      else if (g_str_equal (order, "segments"))
        c = a->n_segments < b->n_segments;
      else if (g_str_equal (order, "seen"))
        c = a->index > b->index;
      if (c > 0)
        {
          g_printerr ("bench-window: rows %u and %u are not in %s order\n", r - 1, r, order);
          return FALSE;
        }
    }
  return TRUE;
}

static guint
count_state (SynackTrace *trace,
             const char  *state)
{
  guint n = 0;

  for (guint i = 0; i < synack_trace_get_n_connections (trace); i++)
    n += g_str_equal (synack_trace_get_connection (trace, i)->summary, state);
  return n;
}

static int
list_once (const char *path)
{
  static const char *const orders[] = { "client", "server", "state", "segments", "seen" };
  /* an address, a port, a Zeek state, then every connection again */
  static const char *const filters[] = { "198.51.100.7", ":8443", "SF", "" };
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  SynackApplication *app;
  SynackWindow *window;
  SynackConnectionList *list;
  SynackTrace *trace;
  GtkAdjustment *adj;
  gint64 t0;
  guint beat;

  adw_init ();
  app = synack_application_new (G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  window = synack_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  gtk_window_present (GTK_WINDOW (window));
  file = g_file_new_for_path (path);
  synack_window_open_file (window, file);
  while (!trace_is_file (window) || still_loading (window))
    g_main_context_iteration (NULL, TRUE);
  trace = synack_session_get_trace (synack_window_get_session (window));
  list = SYNACK_CONNECTION_LIST (synack_window_get_part (window, "connections"));
  gtk_stack_set_visible_child_name (GTK_STACK (synack_window_get_part (window, "side-stack")),
                                    "connections");
  list_wait (list);
  settle (1000);
  if (synack_connection_list_get_n_rows (list) != LIST_CONNECTIONS)
    {
      g_printerr ("bench-window: the list shows %u rows, not %u\n",
                  synack_connection_list_get_n_rows (list), LIST_CONNECTIONS);
      return 1;
    }
  beat = g_timeout_add (5, heartbeat, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (orders); i++)
    {
      g_autofree char *what = g_strdup_printf ("sort-%s", orders[i]);

      list_begin ();
      t0 = g_get_monotonic_time ();
      synack_connection_list_set_order (list, orders[i]);
      list_wait (list);
      list_end (what, t0, g_get_monotonic_time ());
      if (synack_connection_list_get_n_rows (list) != LIST_CONNECTIONS ||
          !list_sorted (list, trace, orders[i]))
        return 1;
    }
  for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
    {
      g_autofree char *what = g_strdup_printf ("filter-%s", filters[i][0] ? filters[i] : "none");
      guint n;

      list_begin ();
      t0 = g_get_monotonic_time ();
      synack_connection_list_set_filter (list, filters[i]);
      list_wait (list);
      list_end (what, t0, g_get_monotonic_time ());
      n = synack_connection_list_get_n_rows (list);
      if ((g_str_equal (filters[i], "SF") && n != count_state (trace, "SF")) ||
          (filters[i][0] == '\0' && n != LIST_CONNECTIONS) || n == 0)
        {
          g_printerr ("bench-window: filter \"%s\" shows %u rows\n", filters[i], n);
          return 1;
        }
    }

  /* to the end at once, back to the start, then twenty pages down */
  adj = gtk_scrolled_window_get_vadjustment (
    GTK_SCROLLED_WINDOW (find_scrolled (GTK_WIDGET (list))));
  list_begin ();
  t0 = g_get_monotonic_time ();
  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
  settle (200);
  gtk_adjustment_set_value (adj, 0);
  settle (200);
  for (guint i = 0; i < 20; i++)
    {
      gtk_adjustment_set_value (adj, gtk_adjustment_get_value (adj) +
                                     gtk_adjustment_get_page_size (adj));
      settle (50);
    }
  list_end ("scroll", t0, t0);
  g_source_remove (beat);
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}

/* The list's worst stall and the slowest sort and filter, in a child. */
static int
measure_list (const char *self_path)
{
  const char *argv[] = { self_path, "list", NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) stalls = g_string_new (NULL);
  double worst = 0, worst_cpu = 0, sort = 0, filter = 0;
  char **lines;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL, &out,
                     NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    {
      g_printerr ("bench-window: list: %s\n", error->message);
      return 1;
    }
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char what[64];
      double stall, cpu, shown;

      if (sscanf (lines[i], "LIST\t%63s\t%lf\t%lf\t%lf", what, &stall, &cpu, &shown) != 4)
        continue;
      g_string_append_printf (stalls, "%s%s %.0f", stalls->len > 0 ? ", " : "", what, stall);
      worst = MAX (worst, stall);
      worst_cpu = MAX (worst_cpu, cpu);
      if (g_str_has_prefix (what, "sort-"))
        sort = MAX (sort, shown);
      else if (g_str_has_prefix (what, "filter-"))
        filter = MAX (filter, shown);
    }
  g_strfreev (lines);
  if (stalls->len == 0)
    {
      g_printerr ("bench-window: list: no result from the child:\n%s", out);
      return 1;
    }
  printf ("BENCH\twindow-list-worst-stall-200k\t%.1f\tms\tlongest gap of the 5 ms heartbeat "
          "while the list of 200,000 connections sorts by each column, filters by address, port "
          "and Zeek state, and scrolls (%s ms; goal at most 50)\n", worst, stalls->str);
  printf ("BENCH\twindow-list-worst-stall-cpu-200k\t%.1f\tms\tthe same in the main thread's "
          "processor time\n", worst_cpu);
  printf ("BENCH\twindow-list-sort-200k\t%.3f\ts\tthe slowest sort of the five orders, from "
          "choosing it to its rows shown\n", sort);
  printf ("BENCH\twindow-list-filter-200k\t%.3f\ts\tthe slowest of the four filters, from "
          "typing it to its rows shown\n", filter);
  fflush (stdout);
  return 0;
}

/* bench-list-200k.pcap, made with bench/make-capture.py when missing
 * (the headers of each packet only: 200 MB). */
static char *
list_input (const char *data)
{
  g_autofree char *root = NULL;
  g_autofree char *gen = NULL;
  g_autofree char *cmd = NULL;
  char *path = g_build_filename (data, "bench-list-200k.pcap", NULL);

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return path;
  root = g_strdup (g_getenv ("SYNACK_SOURCE_ROOT"));
  if (root == NULL)
    root = g_path_get_dirname (data);   /* the bench directory is in the source tree */
  gen = g_build_filename (root, "bench", "make-capture.py", NULL);
  g_printerr ("bench-window: making %s (200,000 connections x 10 segments)\n", path);
  cmd = g_strdup_printf ("python3 '%s' -c 200000 -s 10 --snaplen 128 --seed 1 -o '%s' >&2",
                         gen, path);
  if (!g_file_test (gen, G_FILE_TEST_EXISTS) || system (cmd) != 0 ||
      !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_printerr ("bench-window: cannot make %s with %s (set SYNACK_SOURCE_ROOT)\n", path, gen);
      g_free (path);
      return NULL;
    }
  return path;
}

int
main (int   argc,
      char *argv[])
{
  const char *dir = g_getenv ("SYNACK_BENCH_DATA");
  g_autofree char *path_1m = g_build_filename (dir ? dir : ".", "bench-1m.pcap", NULL);
  g_autofree char *path_10m = g_build_filename (dir ? dir : ".", "bench-10m.pcap", NULL);
  g_autofree char *self_path = NULL;
  g_autofree char *path_list = NULL;
  int status;

  if (!g_file_test (path_1m, G_FILE_TEST_IS_REGULAR))
    {
      g_printerr ("bench-window: %s is missing (build-aux/dev bench makes it)\n", path_1m);
      return 1;
    }
  g_setenv ("GTK_A11Y", "none", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  /* Xvfb has no GPU: GL there is llvmpipe, drawing every frame of the
   * whole window on the processor (about 150 ms a frame on a busy
   * two-core machine), which a desktop's GPU does in a few. Cairo draws
   * only what changed, as a desktop's frame costs; GSK_RENDERER set by
   * the caller wins. */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  if (!gtk_init_check ())
    {
      g_autofree char *xvfb = g_find_program_in_path ("xvfb-run");

      if (xvfb == NULL || g_getenv ("SYNACK_BENCH_XVFB") != NULL)
        {
          g_printerr ("bench-window: no display and no xvfb-run: not measured\n");
          return 0;
        }
      g_setenv ("SYNACK_BENCH_XVFB", "1", TRUE);
      execl (xvfb, xvfb, "-a", "-s", "-screen 0 1600x1000x24", argv[0], argc > 1 ? argv[1] : NULL,
             NULL);
      g_printerr ("bench-window: cannot run xvfb-run\n");
      return 1;
    }

  /* a child: one opening */
  if (argc > 1 && g_str_equal (argv[1], "1m"))
    return open_once (path_1m, 1e6);
  if (argc > 1 && g_str_equal (argv[1], "10m"))
    return open_once (path_10m, 1e7);
  if (argc > 1 && g_str_equal (argv[1], "list"))
    {
      path_list = list_input (dir ? dir : ".");
      return path_list != NULL ? list_once (path_list) : 1;
    }

  self_path = g_file_read_link ("/proc/self/exe", NULL);
  if (self_path == NULL)
    self_path = g_strdup (argv[0]);
  status = measure (self_path, "1m", path_1m, ROUNDS_1M, 20000);
  if (status == 0 && g_file_test (path_10m, G_FILE_TEST_IS_REGULAR))
    status = measure (self_path, "10m", path_10m, 1, 200000);
  else if (status == 0)
    g_printerr ("bench-window: %s is missing: 10M not measured\n", path_10m);
  if (status == 0 && (path_list = list_input (dir ? dir : ".")) != NULL)
    status = measure_list (self_path);
  else if (status == 0)
    status = 1;
  return status;
}
