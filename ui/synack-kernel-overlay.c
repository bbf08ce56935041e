/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "synack-kernel-overlay.h"

GArray *
synack_kernel_overlay_steps (SynackKernelStates *states,
                             guint               conn,
                             guint               endpoint)
{
  GArray *records = synack_kernel_states_get_records (states, conn, endpoint);
  GArray *steps;
  const SynackKernelRecord *first;

  if (records == NULL || records->len == 0)
    return NULL;
  steps = g_array_new (FALSE, FALSE, sizeof (SynackStateStep));
  first = &g_array_index (records, SynackKernelRecord, 0);
  /* The tracepoint says where the socket came from; a poll only what it
   * found, and nothing is known before it. */
  {
    SynackStateStep step = { G_MININT64, first->change.source == SYNACK_KERNEL_SOURCE_TRACEPOINT
                                           ? first->change.from : SYNACK_STATE_UNKNOWN, FALSE };

    g_array_append_val (steps, step);
  }
  for (guint i = 0; i < records->len; i++)
    {
      const SynackKernelRecord *r = &g_array_index (records, SynackKernelRecord, i);
      SynackStateStep step = { r->time, r->change.to,
                               r->change.source == SYNACK_KERNEL_SOURCE_POLL };

      g_array_append_val (steps, step);
    }
  return steps;
}

GArray *
synack_kernel_overlay_marks (SynackKernelStates *states,
                             guint               conn)
{
  g_autoptr(GArray) diffs = synack_kernel_states_compare_connection (states, conn);
  GArray *marks = g_array_new (FALSE, FALSE, sizeof (SynackStateMark));

  for (guint i = 0; i < diffs->len; i++)
    {
      const SynackDisagreement *d = &g_array_index (diffs, SynackDisagreement, i);
      SynackStateMark m = { d->time, d->endpoint, d->kernel, d->inferred };

      g_array_append_val (marks, m);
    }
  return marks;
}
