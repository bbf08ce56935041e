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
  walk->syn_arrive = G_MAXINT64;
}

/* What a segment the endpoint sent says of its own variables: SND.NXT
 * past it, RCV.NXT what it acknowledged, RCV.WND what it advertised. */
static void
apply_sent (SynackSeqVars *v,
            gboolean      *have_snd,
            gboolean      *have_rcv,
            guint32        seq,
            guint32        end,
            guint8         flags,
            guint32        ack,
            guint32        window)
{
  if (!*have_snd)
    {
      v->snd_una = seq;
      v->snd_nxt = end;
      *have_snd = TRUE;
    }
  else if (synack_seq_gt (end, v->snd_nxt))
    v->snd_nxt = end;
  /* What this endpoint advertises is its receive window. */
  v->rcv_wnd = window;
  if (flags & SYNACK_FLAG_ACK)
    {
      if (!*have_rcv || synack_seq_gt (ack, v->rcv_nxt))
        v->rcv_nxt = ack;
      *have_rcv = TRUE;
    }
}

/* What a segment from the peer that has arrived says: RCV.NXT past its SYN
 * or in-order data, SND.UNA to an acceptable ACK, SND.WND its window. */
static void
apply_arrived (SynackSeqVars *v,
               gboolean       have_snd,
               gboolean      *have_rcv,
               guint32        seq,
               guint32        end,
               guint8         flags,
               guint32        ack,
               guint32        window)
{
  if ((flags & SYNACK_FLAG_SYN) && (!*have_rcv || synack_seq_gt (end, v->rcv_nxt)))
    {
      v->rcv_nxt = end;
      *have_rcv = TRUE;
    }
  else if (*have_rcv && synack_seq_le (seq, v->rcv_nxt) && synack_seq_gt (end, v->rcv_nxt))
    v->rcv_nxt = end;
  if ((flags & SYNACK_FLAG_ACK) && have_snd && synack_seq_gt (ack, v->snd_una) &&
      synack_seq_le (ack, v->snd_nxt))
    v->snd_una = ack;
  /* a SYN's window too: the engine, like Linux, takes it as SND.WND */
  if (flags & (SYNACK_FLAG_ACK | SYNACK_FLAG_SYN))
    v->snd_wnd = window;
}

/* Whether the snapshot x already holds what arrival a says: an arrival at
 * the snapshot's own time may have come before it or after it. */
static gboolean
snapshot_has (const SynackSeqVars         *x,
              const SynackSeqspaceArrival *a)
{
  if (a->end != a->seq)
    return x->have_rcv && synack_seq_ge (x->rcv_nxt, a->end);
  if (a->flags & SYNACK_FLAG_ACK)
    return synack_seq_ge (x->snd_una, a->ack);
  return TRUE;
}

/* A vars snapshot at time t: the engine's exact numbers, then the peer's
 * segments that arrived at t or later though they were sent before it. */
static void
take_snapshot (SynackSeqspaceWalk *walk,
               const SynackEvent  *ev)
{
  SynackSeqVars *x = &walk->exact;
  SynackSeqVars snapshot;
  guint kept = MIN (walk->n_arrived, G_N_ELEMENTS (walk->arrived));

  x->snd_una = ev->vars.snd_una;
  x->snd_nxt = ev->vars.snd_nxt;
  x->snd_wnd = ev->vars.snd_wnd;
  x->rcv_nxt = ev->vars.rcv_nxt;
  x->rcv_wnd = ev->vars.rcv_wnd;
  x->cwnd = ev->vars.cwnd;
  x->ssthresh = ev->vars.ssthresh;
  /* Before the peer's SYN has arrived the engine's RCV.NXT and RCV.WND are
   * its zeros, not numbers of this connection. */
  x->have_rcv = walk->syn_arrive < ev->time ||
                (walk->syn_arrive == ev->time && x->rcv_nxt == walk->syn_end);
  walk->exact_time = ev->time;
  walk->have_vars = TRUE;
  snapshot = *x;
  for (guint k = 0; k < kept; k++)
    {
      guint slot = (walk->n_arrived - kept + k) % G_N_ELEMENTS (walk->arrived);
      const SynackSeqspaceArrival *a = &walk->arrived[slot];

      if (a->arrive > ev->time || (a->arrive == ev->time && !snapshot_has (&snapshot, a)))
        apply_arrived (x, TRUE, &x->have_rcv, a->seq, a->end, a->flags, a->ack, a->window);
    }
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

  /* Walk the connection's events up to the cursor: what the segments say,
   * and the latest vars snapshot carried forward by the segments since. */
  for (; walk->next < c->n_events; walk->next++)
    {
      guint idx = synack_trace_conn_event (trace, conn, walk->next);
      SynackEvent ev;
      SynackSegment seg;
      guint32 end, window;
      guint8 flags;

      if (idx > (guint) position)
        break;
      synack_trace_read_event (trace, idx, &ev);
      if (ev.kind == SYNACK_EVENT_VARS && ev.endpoint == endpoint)
        {
          take_snapshot (walk, &ev);
          continue;
        }
      if (ev.kind != SYNACK_EVENT_SEGMENT)
        continue;

      synack_trace_get_segment (trace, idx, &seg);
      end = ev.segment.seq + synack_segment_seq_len (&seg);
      flags = ev.segment.flags;
      window = synack_trace_get_scaled_window (trace, idx);
      if (ev.endpoint == endpoint)
        {
          if (walk->have_vars)
            {
              gboolean have_snd = TRUE;

              apply_sent (&walk->exact, &have_snd, &walk->exact.have_rcv, ev.segment.seq, end,
                          flags, ev.segment.ack, window);
            }
          apply_sent (inf, &walk->have_snd, &walk->have_rcv, ev.segment.seq, end, flags,
                      ev.segment.ack, window);
        }
      else if (ev.segment.fate != SYNACK_FATE_CAPTURED && ev.segment.arrive != SYNACK_TIME_NONE &&
               ev.segment.arrive > now)
        walk->pending = MIN (walk->pending, ev.segment.arrive);   /* still in flight */
      else if (ev.segment.fate != SYNACK_FATE_LOST && ev.segment.fate != SYNACK_FATE_HOST_DOWN)
        {
          gint64 arrive = ev.segment.arrive != SYNACK_TIME_NONE ? ev.segment.arrive : ev.time;
          guint slot = walk->n_arrived++ % G_N_ELEMENTS (walk->arrived);

          walk->arrived[slot].seq = ev.segment.seq;
          walk->arrived[slot].end = end;
          walk->arrived[slot].ack = ev.segment.ack;
          walk->arrived[slot].window = window;
          walk->arrived[slot].flags = flags;
          walk->arrived[slot].arrive = arrive;
          if ((flags & SYNACK_FLAG_SYN) && arrive < walk->syn_arrive)
            {
              walk->syn_arrive = arrive;
              walk->syn_end = end;
            }
          if (walk->have_vars &&
              (arrive > walk->exact_time ||
               (arrive == walk->exact_time && !snapshot_has (&walk->exact, &walk->arrived[slot]))))
            apply_arrived (&walk->exact, TRUE, &walk->exact.have_rcv, ev.segment.seq, end,
                           flags, ev.segment.ack, window);
          apply_arrived (inf, walk->have_snd, &walk->have_rcv, ev.segment.seq, end, flags,
                         ev.segment.ack, window);
        }
    }

  if (walk->have_vars)
    {
      *vars = walk->exact;
      vars->have_snd = walk->have_snd;
      vars->valid = TRUE;
      vars->exact = TRUE;
      vars->have_cwnd = TRUE;
    }
  else
    {
      *vars = *inf;
      vars->exact = FALSE;
      vars->have_cwnd = FALSE;
      vars->have_snd = walk->have_snd;
      vars->have_rcv = walk->have_rcv;
      vars->valid = walk->have_snd || walk->have_rcv;
    }
  vars->isn = 0;
  if (c->flags & (SYNACK_CONNECTION_HAVE_ISN_0 << endpoint))
    vars->isn = c->isn[endpoint];
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
