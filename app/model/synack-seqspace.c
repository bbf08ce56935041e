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
synack_seqspace_walk_init (SynackSeqspaceWalk *walk)
{
  memset (walk, 0, sizeof *walk);
  walk->position = -2;
  walk->pending = G_MAXINT64;
}

void
synack_seqspace_walk_to (SynackSeqspaceWalk *walk,
                         SynackTrace        *trace,
                         guint               conn,
                         guint               endpoint,
                         int                 position,
                         SynackSeqVars      *vars)
{
  const SynackConnection *c;
  SynackSeqVars *inf = &walk->inferred;
  gint64 now;

  g_return_if_fail (walk != NULL && vars != NULL);
  g_return_if_fail (SYNACK_IS_TRACE (trace));
  g_return_if_fail (endpoint < 2);

  memset (vars, 0, sizeof *vars);
  c = synack_trace_get_connection (trace, conn);
  if (c == NULL || position < 0)
    {
      synack_seqspace_walk_init (walk);
      return;
    }

  if ((guint) position >= synack_trace_get_n_events (trace))
    position = (int) synack_trace_get_n_events (trace) - 1;
  now = synack_trace_get_event_time (trace, position);
  /* a segment passed over in flight has arrived since: walk again */
  if (walk->trace != trace || walk->conn != conn || walk->endpoint != endpoint ||
      position < walk->position || walk->pending <= now)
    {
      synack_seqspace_walk_init (walk);
      walk->trace = trace;
      walk->conn = conn;
      walk->endpoint = endpoint;
    }
  walk->position = position;

  /* Walk the connection's events up to the cursor, keeping the latest vars
   * snapshot and, in case there is none, what the segments say. */
  for (; walk->next < c->n_events; walk->next++)
    {
      guint idx = synack_trace_conn_event (trace, conn, walk->next);
      SynackEvent ev;
      SynackSegment seg;
      guint32 end;

      if (idx > (guint) position)
        break;
      synack_trace_read_event (trace, idx, &ev);
      if (ev.kind == SYNACK_EVENT_VARS && ev.endpoint == endpoint)
        {
          walk->last_vars = ev;
          walk->have_vars = TRUE;
          continue;
        }
      if (ev.kind != SYNACK_EVENT_SEGMENT)
        continue;

      synack_trace_get_segment (trace, idx, &seg);
      end = ev.segment.seq + synack_segment_seq_len (&seg);
      if (ev.endpoint == endpoint)
        {
          if (!walk->have_snd)
            {
              inf->snd_una = ev.segment.seq;
              inf->snd_nxt = end;
              walk->have_snd = TRUE;
            }
          else if (synack_seq_gt (end, inf->snd_nxt))
            inf->snd_nxt = end;
          /* What this endpoint advertises is its receive window. */
          inf->rcv_wnd = synack_trace_get_scaled_window (trace, idx);
          if (ev.segment.flags & SYNACK_FLAG_ACK)
            {
              if (!walk->have_rcv || synack_seq_gt (ev.segment.ack, inf->rcv_nxt))
                inf->rcv_nxt = ev.segment.ack;
              walk->have_rcv = TRUE;
            }
        }
      else if (ev.segment.fate != SYNACK_FATE_CAPTURED && ev.segment.arrive != SYNACK_TIME_NONE &&
               ev.segment.arrive > now)
        walk->pending = MIN (walk->pending, ev.segment.arrive);   /* still in flight */
      else if (ev.segment.fate != SYNACK_FATE_LOST && ev.segment.fate != SYNACK_FATE_HOST_DOWN)
        {
          if (ev.segment.flags & SYNACK_FLAG_SYN)
            {
              inf->rcv_nxt = end;
              walk->have_rcv = TRUE;
            }
          else if (walk->have_rcv && synack_seq_le (ev.segment.seq, inf->rcv_nxt) &&
                   synack_seq_gt (end, inf->rcv_nxt))
            inf->rcv_nxt = end;
          if (ev.segment.flags & SYNACK_FLAG_ACK)
            {
              if (walk->have_snd && synack_seq_gt (ev.segment.ack, inf->snd_una) &&
                  synack_seq_le (ev.segment.ack, inf->snd_nxt))
                inf->snd_una = ev.segment.ack;
              inf->snd_wnd = synack_trace_get_scaled_window (trace, idx);
            }
        }
    }

  *vars = *inf;
  if (c->flags & (SYNACK_CONNECTION_HAVE_ISN_0 << endpoint))
    vars->isn = c->isn[endpoint];
  if (walk->have_vars)
    {
      const SynackEvent *lv = &walk->last_vars;

      vars->valid = TRUE;
      vars->exact = TRUE;
      vars->have_cwnd = TRUE;
      vars->snd_una = lv->vars.snd_una;
      vars->snd_nxt = lv->vars.snd_nxt;
      vars->snd_wnd = lv->vars.snd_wnd;
      vars->rcv_nxt = lv->vars.rcv_nxt;
      vars->rcv_wnd = lv->vars.rcv_wnd;
      vars->cwnd = lv->vars.cwnd;
      vars->ssthresh = lv->vars.ssthresh;
      return;
    }
  vars->exact = FALSE;
  vars->have_cwnd = FALSE;
  vars->valid = walk->have_snd || walk->have_rcv;
}

void
synack_seqspace_at (SynackTrace   *trace,
                    guint          conn,
                    guint          endpoint,
                    int            position,
                    SynackSeqVars *vars)
{
  SynackSeqspaceWalk walk;

  synack_seqspace_walk_init (&walk);
  synack_seqspace_walk_to (&walk, trace, conn, endpoint, position, vars);
}
