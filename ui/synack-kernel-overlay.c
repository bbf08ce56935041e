/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

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
synack_kernel_overlay_marks (SynackKernelStates  *states,
                             guint                conn,
                             GArray             **diffs_out)
{
  g_autoptr(GArray) diffs = synack_kernel_states_compare_connection (states, conn);
  GArray *marks = g_array_new (FALSE, FALSE, sizeof (SynackStateMark));

  for (guint i = 0; i < diffs->len; i++)
    {
      const SynackDisagreement *d = &g_array_index (diffs, SynackDisagreement, i);
      SynackStateMark m = { d->time, d->endpoint, d->kernel, d->inferred, d->kernel_time,
                            d->inferred_time };

      g_array_append_val (marks, m);
    }
  if (diffs_out != NULL)
    *diffs_out = g_steal_pointer (&diffs);
  return marks;
}

static const char *
endpoint_name (SynackTrace *trace,
               guint        conn,
               guint        endpoint,
               char        *buf,
               gsize        len)
{
  const SynackConnection *c = synack_trace_get_connection (trace, conn);

  return synack_endpoint_to_string (&c->addr[endpoint], c->port[endpoint], buf, len);
}

char *
synack_kernel_overlay_describe (SynackKernelStates       *states,
                                const SynackDisagreement *d)
{
  SynackTrace *trace = synack_kernel_states_get_trace (states);
  GString *s = g_string_new (NULL);
  const char *kernel = d->kernel == SYNACK_KERNEL_STATE_UNKNOWN
                         ? NULL : synack_tcp_state_to_rfc_name (d->kernel);
  const char *inferred = synack_tcp_state_to_rfc_name (d->inferred);
  const char *how = d->source == SYNACK_KERNEL_SOURCE_TRACEPOINT
                      ? _("the tracepoint, as it happened")
                      : _("a poll of sock_diag: the change came at most one poll before");
  char name[80];

  endpoint_name (trace, d->conn, d->endpoint, name, sizeof name);
  g_string_append_printf (s, _("The kernel and the packets disagree on %s."), name);
  g_string_append_c (s, '\n');
  switch (d->kind)
    {
    case SYNACK_DISAGREE_DIFFERENT:
      g_string_append_printf (s, _("The kernel moved it to %s at %.6f s; from the packets "
                                   "Synack inferred %s at %.6f s."),
                              kernel, d->kernel_time / 1e9, inferred, d->inferred_time / 1e9);
      break;
    case SYNACK_DISAGREE_KERNEL_ONLY:
      g_string_append_printf (s, _("The kernel moved it to %s at %.6f s; inference never gave "
                                   "that state: it had %s then (from %.6f s)."),
                              kernel, d->kernel_time / 1e9, inferred, d->inferred_since / 1e9);
      break;
    case SYNACK_DISAGREE_INFERRED_ONLY:
    default:
      if (kernel == NULL)
        g_string_append_printf (s, _("From the packets Synack inferred %s at %.6f s; the "
                                     "kernel had not reported this socket yet."),
                                inferred, d->inferred_time / 1e9);
      else
        g_string_append_printf (s, _("From the packets Synack inferred %s at %.6f s; the kernel "
                                     "never reported that state: it said %s then (from %.6f s)."),
                                inferred, d->inferred_time / 1e9, kernel,
                                d->kernel_since / 1e9);
      break;
    }
  g_string_append_c (s, '\n');
  g_string_append_printf (s, _("The kernel’s word came from %s."), how);
  return g_string_free (s, FALSE);
}
