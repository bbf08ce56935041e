/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "synack-seq.h"
#include "synack-seqspace.h"

guint32
synack_seqspace_usable (const SynackSeqVars *vars)
{
  guint32 window = vars->snd_wnd;
  guint32 in_flight = vars->snd_nxt - vars->snd_una;

  if (vars->have_cwnd && vars->cwnd < window)
    window = vars->cwnd;
  return in_flight >= window ? 0 : window - in_flight;
}

void
synack_seqspace_at (SynackTrace   *trace,
                    guint          conn,
                    guint          endpoint,
                    int            position,
                    SynackSeqVars *vars)
{
  const SynackConnection *c;
  gboolean have_snd = FALSE, have_rcv = FALSE;
  const SynackEvent *last_vars = NULL;

  g_return_if_fail (SYNACK_IS_TRACE (trace));
  g_return_if_fail (vars != NULL);
  g_return_if_fail (endpoint < 2);

  memset (vars, 0, sizeof *vars);
  c = synack_trace_get_connection (trace, conn);
  if (c == NULL || position < 0)
    return;

  if (c->flags & (SYNACK_CONNECTION_HAVE_ISN_0 << endpoint))
    vars->isn = c->isn[endpoint];

  /* Walk the connection's events up to the cursor, keeping the latest vars
   * snapshot and, in case there is none, what the segments say. */
  for (guint p = 0; p < c->n_events; p++)
    {
      guint idx = synack_trace_conn_event (trace, conn, p);
      const SynackEvent *ev;

      if (idx > (guint) position)
        break;
      ev = synack_trace_get_event (trace, idx);
      if (ev->kind == SYNACK_EVENT_VARS && ev->endpoint == endpoint)
        {
          last_vars = ev;
          continue;
        }
      if (ev->kind != SYNACK_EVENT_SEGMENT)
        continue;

      if (ev->endpoint == endpoint)
        {
          SynackSegment seg;
          guint32 end;

          synack_trace_get_segment (trace, idx, &seg);
          end = ev->segment.seq + synack_segment_seq_len (&seg);
          if (!have_snd)
            {
              vars->snd_una = ev->segment.seq;
              vars->snd_nxt = end;
              have_snd = TRUE;
            }
          else if (synack_seq_gt (end, vars->snd_nxt))
            vars->snd_nxt = end;
          /* What this endpoint advertises is its receive window. */
          vars->rcv_wnd = synack_trace_get_scaled_window (trace, idx);
          if (ev->segment.flags & SYNACK_FLAG_ACK)
            {
              if (!have_rcv || synack_seq_gt (ev->segment.ack, vars->rcv_nxt))
                vars->rcv_nxt = ev->segment.ack;
              have_rcv = TRUE;
            }
        }
      else if (ev->segment.fate != SYNACK_FATE_LOST)
        {
          SynackSegment seg;
          guint32 end;

          synack_trace_get_segment (trace, idx, &seg);
          end = ev->segment.seq + synack_segment_seq_len (&seg);
          if (ev->segment.flags & SYNACK_FLAG_SYN)
            {
              vars->rcv_nxt = end;
              have_rcv = TRUE;
            }
          else if (have_rcv && synack_seq_le (ev->segment.seq, vars->rcv_nxt) &&
                   synack_seq_gt (end, vars->rcv_nxt))
            vars->rcv_nxt = end;
          if (ev->segment.flags & SYNACK_FLAG_ACK)
            {
              if (have_snd && synack_seq_gt (ev->segment.ack, vars->snd_una) &&
                  synack_seq_le (ev->segment.ack, vars->snd_nxt))
                vars->snd_una = ev->segment.ack;
              vars->snd_wnd = synack_trace_get_scaled_window (trace, idx);
            }
        }
    }

  if (last_vars != NULL)
    {
      vars->valid = TRUE;
      vars->exact = TRUE;
      vars->have_cwnd = TRUE;
      vars->snd_una = last_vars->vars.snd_una;
      vars->snd_nxt = last_vars->vars.snd_nxt;
      vars->snd_wnd = last_vars->vars.snd_wnd;
      vars->rcv_nxt = last_vars->vars.rcv_nxt;
      vars->rcv_wnd = last_vars->vars.rcv_wnd;
      vars->cwnd = last_vars->vars.cwnd;
      vars->ssthresh = last_vars->vars.ssthresh;
      return;
    }
  vars->valid = have_snd || have_rcv;
}
