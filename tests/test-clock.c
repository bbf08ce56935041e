/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "synack-clock.h"

typedef struct
{
  GArray *seen;    /* gint64: now at each wake-up */
  gint64  rearm;   /* re-arm this far after each wake-up, 0 for no */
  guint   max;
} Log;

static void
on_wakeup (SynackClock *clock,
           gint64       now,
           gpointer     user_data)
{
  Log *log = user_data;

  if (synack_clock_is_virtual (clock))
    g_assert_cmpint (now, ==, synack_clock_now (clock));
  else
    g_assert_cmpint (now, <=, synack_clock_now (clock));
  g_array_append_val (log->seen, now);
  if (log->rearm > 0 && log->seen->len < log->max)
    synack_clock_set_wakeup (clock, now + log->rearm);
}

static void
test_virtual_advance (void)
{
  g_autoptr(SynackClock) clock = synack_clock_new_virtual ();
  Log log = { g_array_new (FALSE, FALSE, sizeof (gint64)), 0, 0 };

  g_assert_true (synack_clock_is_virtual (clock));
  g_assert_cmpint (synack_clock_now (clock), ==, 0);
  g_assert_cmpint (synack_clock_get_wakeup (clock), ==, SYNACK_CLOCK_NEVER);
  synack_clock_set_wakeup_func (clock, on_wakeup, &log);

  synack_clock_set_wakeup (clock, 5000);
  synack_clock_advance_to (clock, 4999);
  g_assert_cmpuint (log.seen->len, ==, 0);
  g_assert_cmpint (synack_clock_now (clock), ==, 4999);

  /* Reaching the due time wakes once and clears the request. */
  synack_clock_advance_to (clock, 5000);
  g_assert_cmpuint (log.seen->len, ==, 1);
  g_assert_cmpint (g_array_index (log.seen, gint64, 0), ==, 5000);
  g_assert_cmpint (synack_clock_get_wakeup (clock), ==, SYNACK_CLOCK_NEVER);
  synack_clock_advance_to (clock, 9000);
  g_assert_cmpuint (log.seen->len, ==, 1);

  /* Never backwards. */
  synack_clock_advance_to (clock, 100);
  g_assert_cmpint (synack_clock_now (clock), ==, 9000);

  /* A wake-up in the past fires at the current time. */
  synack_clock_set_wakeup (clock, 10);
  synack_clock_advance_to (clock, 9000);
  g_assert_cmpuint (log.seen->len, ==, 2);
  g_assert_cmpint (g_array_index (log.seen, gint64, 1), ==, 9000);

  /* Cancelling. */
  synack_clock_set_wakeup (clock, 10000);
  synack_clock_set_wakeup (clock, SYNACK_CLOCK_NEVER);
  synack_clock_advance_to (clock, 20000);
  g_assert_cmpuint (log.seen->len, ==, 2);
  g_array_unref (log.seen);
}

static void
test_virtual_run_until (void)
{
  g_autoptr(SynackClock) clock = synack_clock_new_virtual ();
  Log log = { g_array_new (FALSE, FALSE, sizeof (gint64)), 0, 5 };
  guint64 n;

  /* Two hours between wake-ups costs nothing: the clock jumps. */
  log.rearm = G_GINT64_CONSTANT (7200000000000);
  synack_clock_set_wakeup_func (clock, on_wakeup, &log);
  synack_clock_set_wakeup (clock, log.rearm);

  n = synack_clock_run_until (clock, 3 * log.rearm);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpint (synack_clock_now (clock), ==, 3 * log.rearm);
  g_assert_cmpint (synack_clock_get_wakeup (clock), ==, 4 * log.rearm);

  n = synack_clock_run_until (clock, G_MAXINT64 - 1);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (log.seen->len, ==, 5);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpint (g_array_index (log.seen, gint64, i), ==, (i + 1) * log.rearm);
  g_assert_cmpint (synack_clock_get_wakeup (clock), ==, SYNACK_CLOCK_NEVER);
  g_array_unref (log.seen);
}

static gboolean
quit_later (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
test_main_loop (void)
{
  g_autoptr(SynackClock) clock = synack_clock_new_main_loop (NULL);
  Log log = { g_array_new (FALSE, FALSE, sizeof (gint64)), 3000000, 3 };
  gboolean timed_out = FALSE;
  guint guard;
  gint64 start;

  g_assert_false (synack_clock_is_virtual (clock));
  synack_clock_set_wakeup_func (clock, on_wakeup, &log);
  start = synack_clock_now (clock);
  g_assert_cmpint (start, >=, 0);
  synack_clock_set_wakeup (clock, start + 2000000);

  /* A generous guard, not a timing assertion: it only stops a hang. */
  guard = g_timeout_add_seconds (30, quit_later, &timed_out);
  while (log.seen->len < 3 && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (guard);

  /* Each wake-up came no earlier than asked, in order. */
  g_assert_cmpint (g_array_index (log.seen, gint64, 0), >=, start + 2000000);
  for (guint i = 1; i < 3; i++)
    g_assert_cmpint (g_array_index (log.seen, gint64, i), >=,
                     g_array_index (log.seen, gint64, i - 1) + 3000000);

  /* A cancelled wake-up never comes. */
  synack_clock_set_wakeup (clock, synack_clock_now (clock) + 1000000);
  synack_clock_set_wakeup (clock, SYNACK_CLOCK_NEVER);
  timed_out = FALSE;
  guard = g_timeout_add (50, quit_later, &timed_out);
  while (!timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (log.seen->len, ==, 3);
  g_array_unref (log.seen);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/synack/clock/virtual-advance", test_virtual_advance);
  g_test_add_func ("/synack/clock/virtual-run-until", test_virtual_run_until);
  g_test_add_func ("/synack/clock/main-loop", test_main_loop);
  return g_test_run ();
}
