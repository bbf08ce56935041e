/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SynackClock: where the engine's time comes from.
 *
 * Two kinds: a virtual clock, which stands still until its owner advances it
 * to the next due moment (a 60 s TIME-WAIT costs no real time), and a
 * main-loop clock, which follows g_get_monotonic_time() and wakes its owner
 * from a GLib timeout (for a TUN device). Both answer now() in nanoseconds
 * from the clock's own origin (0 when it was created), and both take one
 * wake-up request at a time: the owner says "wake me at DUE", the clock calls
 * the wake-up function once now() >= DUE (the main-loop clock by itself, the
 * virtual clock when its owner calls synack_clock_advance_to()).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SYNACK_CLOCK_NEVER G_MAXINT64

typedef struct _SynackClock SynackClock;

typedef void (*SynackClockWakeup) (SynackClock *clock,
                                   gint64       now,
                                   gpointer     user_data);

/* A clock at 0 that only moves when advanced. (transfer full) */
SynackClock *synack_clock_new_virtual      (void);
/* A clock on the real monotonic time, waking through context (NULL for the
 * thread-default main context). now() is 0 at creation. (transfer full) */
SynackClock *synack_clock_new_main_loop    (GMainContext      *context);

SynackClock *synack_clock_ref              (SynackClock       *self);
void         synack_clock_unref            (SynackClock       *self);

gboolean     synack_clock_is_virtual       (SynackClock       *self);
gint64       synack_clock_now              (SynackClock       *self);

/* The function called when a wake-up is due. */
void         synack_clock_set_wakeup_func  (SynackClock       *self,
                                            SynackClockWakeup  func,
                                            gpointer           user_data);
/* Replace the pending wake-up with one at due (SYNACK_CLOCK_NEVER cancels). */
void         synack_clock_set_wakeup       (SynackClock       *self,
                                            gint64             due);
/* The pending wake-up, or SYNACK_CLOCK_NEVER. */
gint64       synack_clock_get_wakeup       (SynackClock       *self);

/* Virtual clocks only: move now() to time (never backwards) and, when the
 * pending wake-up is due, clear it and call the wake-up function. */
void         synack_clock_advance_to       (SynackClock       *self,
                                            gint64             time);
/* Virtual clocks only: advance from wake-up to wake-up until none is left
 * at or before limit; now() ends at the last wake-up reached (or stays put).
 * Returns the number of wake-ups delivered. */
guint64      synack_clock_run_until        (SynackClock       *self,
                                            gint64             limit);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SynackClock, synack_clock_unref)

G_END_DECLS
