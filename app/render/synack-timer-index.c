/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "synack-timer-index.h"

#define DATA_KEY "synack-timer-index"

/* One connection: for each slot, the connection positions of its timer
 * events, in order; the connection's events read so far. */
typedef struct
{
  GArray *positions[SYNACK_TIMER_INDEX_SLOTS];
  guint   scanned;
} ConnIndex;

static void
conn_index_free (gpointer data)
{
  ConnIndex *index = data;

  for (guint i = 0; i < SYNACK_TIMER_INDEX_SLOTS; i++)
    g_clear_pointer (&index->positions[i], g_array_unref);
  g_free (index);
}

static guint
slot_of (const SynackEvent *ev)
{
  return (ev->endpoint & 1) * SYNACK_TIMER_N_KINDS + MIN (ev->timer.timer, SYNACK_TIMER_N_KINDS - 1);
}

static ConnIndex *
conn_index (SynackTrace *trace,
            guint        conn)
{
  GHashTable *table = g_object_get_data (G_OBJECT (trace), DATA_KEY);
  const SynackConnection *c = synack_trace_get_connection (trace, conn);
  ConnIndex *index;

  if (table == NULL)
    {
      table = g_hash_table_new_full (NULL, NULL, NULL, conn_index_free);
      g_object_set_data_full (G_OBJECT (trace), DATA_KEY, table,
                              (GDestroyNotify) g_hash_table_unref);
    }
  index = g_hash_table_lookup (table, GUINT_TO_POINTER (conn));
  if (index == NULL)
    {
      index = g_new0 (ConnIndex, 1);
      for (guint i = 0; i < SYNACK_TIMER_INDEX_SLOTS; i++)
        index->positions[i] = g_array_new (FALSE, FALSE, sizeof (guint));
      g_hash_table_insert (table, GUINT_TO_POINTER (conn), index);
    }
  /* the trace only grows: read what came since the last query */
  for (; index->scanned < c->n_events; index->scanned++)
    {
      const SynackEvent *ev = synack_trace_get_event (trace,
                                                      synack_trace_conn_event (trace, conn,
                                                                               index->scanned));

      if (ev->kind == SYNACK_EVENT_TIMER)
        g_array_append_val (index->positions[slot_of (ev)], index->scanned);
    }
  return index;
}

void
synack_timer_index_running_at (SynackTrace *trace,
                               guint        conn,
                               guint        position,
                               guint        running[SYNACK_TIMER_INDEX_SLOTS])
{
  ConnIndex *index;

  for (guint i = 0; i < SYNACK_TIMER_INDEX_SLOTS; i++)
    running[i] = G_MAXUINT;
  g_return_if_fail (SYNACK_IS_TRACE (trace));
  if (conn >= synack_trace_get_n_connections (trace))
    return;

  index = conn_index (trace, conn);
  for (guint i = 0; i < SYNACK_TIMER_INDEX_SLOTS; i++)
    {
      GArray *p = index->positions[i];
      guint lo = 0, hi = p->len;
      guint event;

      /* the slot's last timer event before position */
      while (lo < hi)
        {
          guint mid = lo + (hi - lo) / 2;

          if (g_array_index (p, guint, mid) < position)
            lo = mid + 1;
          else
            hi = mid;
        }
      if (lo == 0)
        continue;
      event = synack_trace_conn_event (trace, conn, g_array_index (p, guint, lo - 1));
      /* armed and not yet fired, cancelled or re-armed */
      if (synack_trace_get_event (trace, event)->timer.action == SYNACK_TIMER_ARMED)
        running[i] = event;
    }
}
