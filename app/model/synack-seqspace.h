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
 * change when it arrives. */
void     synack_seqspace_at        (SynackTrace   *trace,
                                    guint          conn,
                                    guint          endpoint,
                                    int            position,
                                    SynackSeqVars *vars);

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
  SynackEvent        last_vars;  /* the latest vars snapshot, when have_vars */
  SynackSeqVars      inferred;
  gint64             pending;    /* the earliest arrival passed over as still to come */
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
