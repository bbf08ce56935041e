/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <libglib-testing/signal-logger.h>

#include "synack-player.h"

#define MS (SYNACK_NSEC_PER_SEC / 1000)

typedef struct
{
  SynackTrace    *trace;
  SynackPlayer   *player;
  GtSignalLogger *logger;
  guint           conn[2];
} Fixture;

static void
add_event (SynackTrace *trace,
           gint64       time,
           guint        conn)
{
  synack_trace_append_call (trace, time, conn, 0, SYNACK_CALL_SEND, 1, 0);
}

/* Events at 0, 10, 20 ms (conn 0), 25 ms (conn 1) and a vars snapshot (index 4),
 * then 5 s (conn 0, index 5) after a long idle gap. */
static void
setup (Fixture       *f,
       gconstpointer  data)
{
  SynackAddress a;

  f->trace = synack_trace_new (SYNACK_TRACE_SOURCE_ENGINE);
  synack_address_set_ipv4 (&a, 0x0a000001);
  f->conn[0] = synack_trace_add_connection (f->trace, &a, 1, &a, 2);
  f->conn[1] = synack_trace_add_connection (f->trace, &a, 3, &a, 4);
  add_event (f->trace, 0, f->conn[0]);
  add_event (f->trace, 10 * MS, f->conn[0]);
  add_event (f->trace, 20 * MS, f->conn[0]);
  add_event (f->trace, 25 * MS, f->conn[1]);
  /* A variable snapshot: bookkeeping the cursor never rests on. */
  synack_trace_append_vars (f->trace, 25 * MS, f->conn[1], 0, 1, 2, 3, 4, 5, 6, 7);
  add_event (f->trace, 5000 * MS, f->conn[0]);
  synack_trace_commit (f->trace);

  f->player = synack_player_new (f->trace);
  synack_player_set_use_timer (f->player, FALSE);
  f->logger = gt_signal_logger_new ();
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  gt_signal_logger_free (f->logger);
  g_clear_object (&f->player);
  g_clear_object (&f->trace);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

/* Pop every logged emission and compare the set of signal names with the
 * NULL-terminated list given: GObject does not promise the order in which
 * frozen notifications come out. */
static void
assert_notified (Fixture    *f,
                 const char *first,
                 ...)
{
  g_autoptr(GPtrArray) expected = g_ptr_array_new ();
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *expected_str = NULL;
  g_autofree char *seen_str = NULL;
  va_list args;

  va_start (args, first);
  for (const char *name = first; name; name = va_arg (args, const char *))
    g_ptr_array_add (expected, (gpointer) name);
  va_end (args);

  while (gt_signal_logger_get_n_emissions (f->logger) > 0)
    {
      gpointer obj = NULL;
      g_autofree char *type_name = NULL;
      char *signal_name = NULL;
      g_autoptr(GtSignalLoggerEmission) emission = NULL;

      g_assert_true (gt_signal_logger_pop_emission (f->logger, &obj, &type_name, &signal_name,
                                                    &emission));
      g_assert_true (obj == (gpointer) f->player);
      g_ptr_array_add (seen, signal_name);
    }
  g_ptr_array_sort (expected, compare_strings);
  g_ptr_array_sort (seen, compare_strings);
  g_ptr_array_add (expected, NULL);
  g_ptr_array_add (seen, NULL);
  expected_str = g_strjoinv (" ", (char **) expected->pdata);
  seen_str = g_strjoinv (" ", (char **) seen->pdata);
  g_assert_cmpstr (seen_str, ==, expected_str);
}

static void
test_stepping (Fixture       *f,
               gconstpointer  data)
{
  SynackPlayer *p = f->player;

  g_assert_cmpint (synack_player_get_position (p), ==, -1);
  g_assert_true (synack_player_get_at_start (p));
  g_assert_false (synack_player_get_at_end (p));

  gt_signal_logger_connect (f->logger, p, "notify::position");
  gt_signal_logger_connect (f->logger, p, "notify::time");
  gt_signal_logger_connect (f->logger, p, "notify::at-start");
  gt_signal_logger_connect (f->logger, p, "notify::at-end");

  /* The first step shows event 0 at time 0: position and at-start change, time does not. */
  g_assert_true (synack_player_step_forward (p));
  assert_notified (f, "notify::position", "notify::at-start", NULL);
  g_assert_cmpint (synack_player_get_position (p), ==, 0);

  g_assert_true (synack_player_step_forward (p));
  assert_notified (f, "notify::position", "notify::time", NULL);
  g_assert_cmpint (synack_player_get_time (p), ==, 10 * MS);

  synack_player_seek_event (p, 3);
  assert_notified (f, "notify::position", "notify::time", NULL);

  g_assert_true (synack_player_step_forward (p));
  assert_notified (f, "notify::position", "notify::time", "notify::at-end", NULL);
  g_assert_true (synack_player_get_at_end (p));

  /* Nowhere to go: nothing changes, nothing is emitted. */
  g_assert_false (synack_player_step_forward (p));
  gt_signal_logger_assert_no_emissions (f->logger);

  /* Back over the vars snapshot at index 4, to the call at 3. */
  g_assert_true (synack_player_step_backward (p));
  g_assert_cmpint (synack_player_get_position (p), ==, 3);
  assert_notified (f, "notify::position", "notify::time", "notify::at-end", NULL);

  synack_player_to_start (p);
  g_assert_cmpint (synack_player_get_position (p), ==, -1);
  g_assert_true (synack_player_get_at_start (p));
  g_assert_false (synack_player_step_backward (p));
}

static void
test_seek_time (Fixture       *f,
                gconstpointer  data)
{
  SynackPlayer *p = f->player;

  synack_player_seek_time (p, 15 * MS);
  g_assert_cmpint (synack_player_get_position (p), ==, 1);
  g_assert_cmpint (synack_player_get_time (p), ==, 15 * MS);
  synack_player_seek_time (p, 20 * MS);
  g_assert_cmpint (synack_player_get_position (p), ==, 2);
  synack_player_seek_time (p, -5);
  g_assert_cmpint (synack_player_get_position (p), ==, -1);
  synack_player_seek_time (p, 999 * SYNACK_NSEC_PER_SEC);
  g_assert_cmpint (synack_player_get_position (p), ==, 5);
  g_assert_true (synack_player_get_at_end (p));
  synack_player_seek_event (p, 100);
  g_assert_cmpint (synack_player_get_position (p), ==, 5);
  synack_player_seek_event (p, -7);
  g_assert_cmpint (synack_player_get_position (p), ==, -1);
}

static void
test_connection_filter (Fixture       *f,
                        gconstpointer  data)
{
  SynackPlayer *p = f->player;

  synack_player_set_connection (p, (int) f->conn[1]);
  g_assert_true (synack_player_step_forward (p));
  g_assert_cmpint (synack_player_get_position (p), ==, 3);
  g_assert_true (synack_player_get_at_end (p));

  synack_player_set_connection (p, (int) f->conn[0]);
  /* Event 3 is not conn 0's: the cursor falls back to conn 0's event before it. */
  g_assert_cmpint (synack_player_get_position (p), ==, 2);
  g_assert_true (synack_player_step_forward (p));
  g_assert_cmpint (synack_player_get_position (p), ==, 5);
}

static void
test_play (Fixture       *f,
           gconstpointer  data)
{
  SynackPlayer *p = f->player;

  gt_signal_logger_connect (f->logger, p, "reached-end");
  synack_player_set_skip_idle (p, FALSE);
  synack_player_set_playing (p, TRUE);
  g_assert_true (synack_player_get_playing (p));

  /* 12 ms of real time at 1x shows events 0 and 1. */
  synack_player_advance (p, 12 * MS);
  g_assert_cmpint (synack_player_get_position (p), ==, 1);
  g_assert_cmpint (synack_player_get_time (p), ==, 12 * MS);

  /* At 0.25x, 20 ms of real time is 5 ms of trace time. */
  synack_player_set_speed (p, 0.25);
  synack_player_advance (p, 20 * MS);
  g_assert_cmpint (synack_player_get_time (p), ==, 17 * MS);
  g_assert_cmpint (synack_player_get_position (p), ==, 1);

  /* Without skip-idle, the 5 s gap takes 5 s at 1x. */
  synack_player_set_speed (p, 1.0);
  synack_player_advance (p, 1000 * MS);
  g_assert_cmpint (synack_player_get_position (p), ==, 3);
  g_assert_true (synack_player_get_playing (p));
  gt_signal_logger_assert_no_emissions (f->logger);

  synack_player_advance (p, 5000 * MS);
  g_assert_cmpint (synack_player_get_position (p), ==, 5);
  g_assert_false (synack_player_get_playing (p));
  gt_signal_logger_assert_emission_pop (f->logger, p, "reached-end", NULL);
  g_assert_cmpint (synack_player_get_time (p), ==, 5000 * MS);

  /* Playing again from the end replays from the start. */
  synack_player_set_playing (p, TRUE);
  g_assert_cmpint (synack_player_get_position (p), ==, -1);
}

static void
test_skip_idle (Fixture       *f,
                gconstpointer  data)
{
  SynackPlayer *p = f->player;

  g_assert_true (synack_player_get_skip_idle (p));
  synack_player_seek_event (p, 3);
  synack_player_set_playing (p, TRUE);
  /* The gap to 5 s is over the 1 s threshold: one tick lands on the next event. */
  synack_player_advance (p, 16 * MS);
  g_assert_cmpint (synack_player_get_position (p), ==, 5);
  g_assert_cmpint (synack_player_get_time (p), ==, 5000 * MS);
}

static void
test_speed_steps (Fixture       *f,
                  gconstpointer  data)
{
  SynackPlayer *p = f->player;

  synack_player_set_speed (p, 1000);
  g_assert_cmpfloat (synack_player_get_speed (p), ==, 64);
  synack_player_set_speed (p, 0.01);
  g_assert_cmpfloat (synack_player_get_speed (p), ==, 0.25);
  synack_player_faster (p);
  g_assert_cmpfloat (synack_player_get_speed (p), ==, 0.5);
  synack_player_faster (p);
  synack_player_faster (p);
  g_assert_cmpfloat (synack_player_get_speed (p), ==, 2);
  synack_player_slower (p);
  g_assert_cmpfloat (synack_player_get_speed (p), ==, 1);
  synack_player_set_speed (p, 64);
  synack_player_faster (p);
  g_assert_cmpfloat (synack_player_get_speed (p), ==, 64);
}

static void
test_follow_live (Fixture       *f,
                  gconstpointer  data)
{
  SynackPlayer *p = f->player;

  gt_signal_logger_connect (f->logger, p, "notify::position");
  synack_player_set_follow_live (p, TRUE);
  /* Following jumps to the newest event at once. */
  g_assert_cmpint (synack_player_get_position (p), ==, 5);
  assert_notified (f, "notify::position", NULL);

  /* Appends are seen only on commit, in one jump per batch. */
  add_event (f->trace, 6000 * MS, f->conn[0]);
  add_event (f->trace, 6001 * MS, f->conn[1]);
  gt_signal_logger_assert_no_emissions (f->logger);
  synack_trace_commit (f->trace);
  assert_notified (f, "notify::position", NULL);
  g_assert_cmpint (synack_player_get_position (p), ==, 7);
  g_assert_true (synack_player_get_at_end (p));

  /* Stepping by hand leaves the live edge; new events then leave the cursor alone. */
  synack_player_step_backward (p);
  g_assert_false (synack_player_get_follow_live (p));
  assert_notified (f, "notify::position", NULL);
  add_event (f->trace, 7000 * MS, f->conn[0]);
  synack_trace_commit (f->trace);
  gt_signal_logger_assert_no_emissions (f->logger);
  g_assert_cmpint (synack_player_get_position (p), ==, 6);
  g_assert_false (synack_player_get_at_end (p));
}

static void
test_change_trace (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(SynackTrace) other = synack_trace_new (SYNACK_TRACE_SOURCE_FILE);

  synack_player_seek_event (f->player, 3);
  synack_player_set_connection (f->player, 0);
  synack_player_set_trace (f->player, other);
  g_assert_cmpint (synack_player_get_position (f->player), ==, -1);
  g_assert_cmpint (synack_player_get_connection (f->player), ==, -1);
  g_assert_true (synack_player_get_at_end (f->player));
  g_assert_false (synack_player_step_forward (f->player));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add ("/synack/player/" path, Fixture, NULL, setup, func, teardown)
  ADD ("stepping", test_stepping);
  ADD ("seek-time", test_seek_time);
  ADD ("connection-filter", test_connection_filter);
  ADD ("play", test_play);
  ADD ("skip-idle", test_skip_idle);
  ADD ("speed-steps", test_speed_steps);
  ADD ("follow-live", test_follow_live);
  ADD ("change-trace", test_change_trace);
#undef ADD

  return g_test_run ();
}
