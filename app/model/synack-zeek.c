/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "synack-zeek.h"

enum
{
  ZEEK_INACTIVE,
  ZEEK_SYN_SENT,
  ZEEK_SYN_ACK_SENT,
  ZEEK_PARTIAL,
  ZEEK_ESTABLISHED,
  ZEEK_CLOSED,
  ZEEK_RESET,
};

enum
{
  HIST_SYN    = 1 << 0,
  HIST_SYNACK = 1 << 1,
  HIST_ACK    = 1 << 2,
  HIST_DATA   = 1 << 3,
  HIST_FIN    = 1 << 4,
  HIST_RST    = 1 << 5,
  HIST_RESET_AFTER_FIN = 1 << 6,  /* its RESET state came from CLOSED (Zeek's prev_state) */
};

void
synack_zeek_tracker_init (SynackZeekTracker *tracker)
{
  memset (tracker, 0, sizeof *tracker);
}

void
synack_zeek_tracker_add (SynackZeekTracker *tracker,
                         guint              endpoint,
                         guint8             flags,
                         guint32            payload_len)
{
  guint e = endpoint ? 1 : 0, p = !e;
  guint8 *st = tracker->state;

  if (payload_len > 0)
    {
      tracker->bytes[e] += payload_len;
      tracker->history[e] |= HIST_DATA;
    }

  if (flags & SYNACK_FLAG_RST)
    {
      tracker->history[e] |= HIST_RST;
      /* Zeek's UpdateClosedState: after a FIN exchange a RST changes
       * nothing, the connection was already closed. */
      if (st[e] == ZEEK_CLOSED && st[p] == ZEEK_CLOSED)
        return;
      if (st[e] == ZEEK_CLOSED)
        tracker->history[e] |= HIST_RESET_AFTER_FIN;
      else
        tracker->history[e] &= ~HIST_RESET_AFTER_FIN;
      st[e] = ZEEK_RESET;
      return;
    }
  if (st[e] == ZEEK_RESET)
    return;

  if (flags & SYNACK_FLAG_SYN)
    {
      if (flags & SYNACK_FLAG_ACK)
        {
          tracker->history[e] |= HIST_SYNACK;
          if (st[e] == ZEEK_INACTIVE || st[e] == ZEEK_SYN_SENT)
            st[e] = ZEEK_SYN_ACK_SENT;
        }
      else
        {
          tracker->history[e] |= HIST_SYN;
          if (st[e] == ZEEK_INACTIVE)
            st[e] = ZEEK_SYN_SENT;
        }
    }
  else if (flags & SYNACK_FLAG_ACK)
    {
      tracker->history[e] |= HIST_ACK;
      if (st[e] == ZEEK_SYN_SENT || st[e] == ZEEK_SYN_ACK_SENT)
        {
          if (st[p] == ZEEK_SYN_SENT || st[p] == ZEEK_SYN_ACK_SENT || st[p] == ZEEK_ESTABLISHED)
            {
              st[e] = ZEEK_ESTABLISHED;
              if (st[p] != ZEEK_ESTABLISHED)
                st[p] = ZEEK_ESTABLISHED;
            }
        }
      else if (st[e] == ZEEK_INACTIVE && st[p] == ZEEK_SYN_ACK_SENT)
        {
          /* The ACK of a SYN-ACK whose SYN was not seen: the originator
           * is established (Zeek's S1 once data flowed, not OTH). */
          st[e] = ZEEK_ESTABLISHED;
          st[p] = ZEEK_ESTABLISHED;
        }
      else if (st[e] == ZEEK_INACTIVE)
        st[e] = ZEEK_PARTIAL;
    }
  else if (st[e] == ZEEK_INACTIVE && !(flags & SYNACK_FLAG_FIN))
    st[e] = ZEEK_PARTIAL;

  if (flags & SYNACK_FLAG_FIN)
    {
      tracker->history[e] |= HIST_FIN;
      st[e] = ZEEK_CLOSED;
      /* Zeek's UpdateEstablishedState: the peer sent a FIN, then a RST, and
       * now this FIN: a normal termination after all. */
      if (st[p] == ZEEK_RESET && (tracker->history[p] & HIST_RESET_AFTER_FIN))
        st[p] = ZEEK_CLOSED;
    }
}

/* Zeek's base/protocols/conn/main.zeek conn_state(), for TCP. */
const char *
synack_zeek_tracker_conn_state (const SynackZeekTracker *tracker)
{
  guint8 os = tracker->state[0], rs = tracker->state[1];
  gboolean o_inactive = os == ZEEK_INACTIVE || os == ZEEK_PARTIAL;
  gboolean r_inactive = rs == ZEEK_INACTIVE || rs == ZEEK_PARTIAL;

  if (rs == ZEEK_RESET)
    {
      if (os == ZEEK_SYN_SENT || os == ZEEK_SYN_ACK_SENT ||
          (os == ZEEK_RESET && tracker->bytes[0] == 0 && tracker->bytes[1] == 0))
        return "REJ";
      else if (o_inactive)
        return "RSTRH";
      else
        return "RSTR";
    }
  else if (os == ZEEK_RESET)
    {
      if (r_inactive)
        {
          /* history ^S[^HAFGIQ]*R: a SYN, then a reset with no ACK or FIN. */
          if ((tracker->history[0] & HIST_SYN) &&
              !(tracker->history[0] & (HIST_SYNACK | HIST_ACK | HIST_FIN)))
            return "RSTOS0";
          return "OTH";
        }
      return "RSTO";
    }
  else if (rs == ZEEK_CLOSED && os == ZEEK_CLOSED)
    return "SF";
  else if (os == ZEEK_CLOSED)
    return r_inactive ? "SH" : "S2";
  else if (rs == ZEEK_CLOSED)
    return o_inactive ? "SHR" : "S3";
  else if (os == ZEEK_SYN_SENT && rs == ZEEK_INACTIVE)
    return "S0";
  else if (os == ZEEK_ESTABLISHED && rs == ZEEK_ESTABLISHED)
    return "S1";
  return "OTH";
}

const char *
synack_zeek_conn_state (SynackTrace *trace,
                        guint        conn)
{
  const SynackConnection *c;
  SynackZeekTracker tracker;

  g_return_val_if_fail (SYNACK_IS_TRACE (trace), "OTH");
  g_return_val_if_fail (conn < synack_trace_get_n_connections (trace), "OTH");

  c = synack_trace_get_connection (trace, conn);
  synack_zeek_tracker_init (&tracker);
  for (guint i = 0; i < c->n_events; i++)
    {
      SynackEvent ev;

      synack_trace_read_event (trace, synack_trace_conn_event (trace, conn, i), &ev);
      if (ev.kind != SYNACK_EVENT_SEGMENT)
        continue;
      /* A segment the engine's link dropped never reached the peer, but it
       * was sent: Zeek, watching the sender's side, would see it. */
      synack_zeek_tracker_add (&tracker, ev.endpoint, ev.segment.flags, ev.segment.len);
    }
  return synack_zeek_tracker_conn_state (&tracker);
}
