/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Which timers are running at a point of a connection, however far back
 * they were armed: the ladder draws a bracket for a timer armed before the
 * visible range (a TIME-WAIT armed thousands of events earlier, a
 * keep-alive idle of two hours). Built lazily a connection at a time and
 * extended as the trace grows; kept with the trace. */
#pragma once

#include "synack-trace.h"

G_BEGIN_DECLS

#define SYNACK_TIMER_INDEX_SLOTS (2 * SYNACK_TIMER_N_KINDS)

/* For each endpoint and timer kind (slot endpoint * SYNACK_TIMER_N_KINDS +
 * kind), the event index of the timer armed before connection position
 * `position` and still running there, or G_MAXUINT. O(log n) after the
 * connection's first query, which reads its events once. */
void synack_timer_index_running_at (SynackTrace *trace,
                                    guint        conn,
                                    guint        position,
                                    guint        running[SYNACK_TIMER_INDEX_SLOTS]);

G_END_DECLS
