/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Each endpoint's send and receive variables (RFC 9293 section 3.3.1) at an
 * event of the trace: exact from the engine's vars events, inferred from the
 * segments otherwise. A query over the trace, beside it in app/model, so the
 * painter in app/render (synack-seqspace-paint) can take the values too. */
#pragma once

#include "synack-trace.h"

G_BEGIN_DECLS

typedef struct
{
  gboolean valid;     /* something is known (a segment or a vars event) */
  gboolean exact;     /* from a vars event rather than inferred */
  gboolean have_cwnd; /* cwnd and ssthresh are known (engine only) */
  gboolean have_snd;  /* SND.UNA and SND.NXT mean something: the endpoint has sent
                       * (a listener that got a SYN has not chosen its ISN yet) */
  gboolean have_rcv;  /* RCV.NXT and RCV.WND mean something: the peer's SYN has
                       * arrived (before it, RFC 9293 has no RCV.NXT) */
  guint32  isn;       /* this endpoint's initial sequence number, for relative numbers */
  guint32  snd_una;
  guint32  snd_nxt;
  guint32  snd_wnd;   /* bytes the peer allows beyond SND.UNA */
  guint32  rcv_nxt;
  guint32  rcv_wnd;
  guint32  cwnd;
  guint32  ssthresh;
} SynackSeqVars;

/* The variables of endpoint in conn after event position (an index into the
 * whole trace; -1 for before everything). A segment still in flight at the
 * time of that event changes only its sender's variables: the receiver's
 * change when it arrives. The engine writes its exact variables once it has
 * handled a segment, a call or a timer, after the events that handling gave
 * (a timer stopped, a state changed, an ACK sent); at those events the
 * segments since the last snapshot, sent or arrived, carry it forward, so
 * the numbers agree with them. */
void     synack_seqspace_at        (SynackTrace   *trace,
                                    guint          conn,
                                    guint          endpoint,
                                    int            position,
                                    SynackSeqVars *vars);

/* A segment from the peer that has arrived, as a walk keeps it. */
typedef struct
{
  guint32 seq, end, ack, window;
  guint8  flags;
  gint64  arrive;
} SynackSeqspaceArrival;

/* The same, walked incrementally: a walk remembers how far it went along
 * the connection, so moving the cursor forward costs only the events passed.
 * Moving it backward (or to another trace, connection or endpoint) starts
 * again from the beginning. */
typedef struct
{
  SynackTrace       *trace;      /* not owned; compare only */
  guint              conn;
  guint              endpoint;
  int                position;   /* the last position asked for, -2 for none */
  guint              next;       /* next position in the connection's list */
  gboolean           have_snd;
  gboolean           have_rcv;
  gboolean           have_vars;
  SynackSeqVars      exact;      /* the latest vars snapshot, carried forward by the
                                  * segments since, when have_vars */
  gint64             exact_time; /* the snapshot's time */
  SynackSeqVars      inferred;
  gint64             pending;    /* the earliest arrival passed over as still to come */
  gint64             syn_arrive; /* when the peer's first SYN arrived, G_MAXINT64: not yet */
  guint32            syn_end;    /* and the sequence number after it */
  /* the peer's latest segments that have arrived, to carry a snapshot
   * forward by those that arrived after it though sent before it */
  SynackSeqspaceArrival arrived[32];
  guint              n_arrived;  /* how many were ever kept; the slot is n % 32 */
} SynackSeqspaceWalk;

void     synack_seqspace_walk_init (SynackSeqspaceWalk *walk);
void     synack_seqspace_walk_to   (SynackSeqspaceWalk *walk,
                                    SynackTrace        *trace,
                                    guint               conn,
                                    guint               endpoint,
                                    int                 position,
                                    SynackSeqVars      *vars);

/* Bytes the endpoint may still send: the usable window
 * min(SND.WND, cwnd) - (SND.NXT - SND.UNA), never negative. */
guint32  synack_seqspace_usable    (const SynackSeqVars *vars);

G_END_DECLS
