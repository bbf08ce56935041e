/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SynackKernelStates: the kernel's own state changes of a trace's local
 * endpoints, beside the states Synack inferred from the packets, and every
 * place where the two disagree.
 *
 * Changes from a SynackKernelWatch are matched to the trace's connections
 * by their 4-tuple (a listener's by its local address and port). A change
 * that comes before its connection's first packet waits until the packet is
 * in the trace. */
#pragma once

#include <glib-object.h>

#include "synack-kernel-watch.h"
#include "synack-trace.h"

G_BEGIN_DECLS

/* A kernel change placed in the trace. */
typedef struct
{
  SynackKernelChange change;
  gint64             time;       /* ns from the trace's origin */
  guint              conn;       /* G_MAXUINT for a listener */
  guint              endpoint;   /* which side of conn the socket is */
} SynackKernelRecord;

typedef enum
{
  SYNACK_DISAGREE_KERNEL_ONLY,    /* the kernel went through a state inference never gave */
  SYNACK_DISAGREE_INFERRED_ONLY,  /* inference gave a state the kernel never reported */
  SYNACK_DISAGREE_DIFFERENT,      /* between the same two agreed states, the kernel went
                                   * through one state and inference through another */
} SynackDisagreementKind;

/* The kernel's state where nothing is known yet (before the first polled record). */
#define SYNACK_KERNEL_STATE_UNKNOWN 0xff

/* What each said, and when. For KERNEL_ONLY, kernel is the state the
 * kernel went to at kernel_time and inferred the inferred state then
 * (inferred_time = kernel_time; inferred_since is when that state began).
 * For INFERRED_ONLY the other way round. For DIFFERENT, each is the state
 * each went to, at its own time. */
typedef struct
{
  gint64         time;           /* ns from the origin: the earlier of the two times */
  gint64         kernel_time;    /* when the kernel said kernel */
  gint64         inferred_time;  /* when inference said inferred */
  gint64         kernel_since;   /* when the kernel's state kernel began (SYNACK_TIME_NONE:
                                  * not known) */
  gint64         inferred_since; /* when the inferred state inferred began */
  guint          conn;
  guint          endpoint;
  guint8         kind;           /* SynackDisagreementKind */
  guint8         kernel;         /* SynackTcpState, or SYNACK_KERNEL_STATE_UNKNOWN */
  guint8         inferred;       /* SynackTcpState */
  guint8         source;         /* SynackKernelSource of the kernel's word there */
} SynackDisagreement;

#define SYNACK_TYPE_KERNEL_STATES (synack_kernel_states_get_type ())

G_DECLARE_FINAL_TYPE (SynackKernelStates, synack_kernel_states, SYNACK, KERNEL_STATES, GObject)

SynackKernelStates *synack_kernel_states_new          (SynackTrace              *trace);
SynackTrace        *synack_kernel_states_get_trace    (SynackKernelStates       *self);
/* Take changes as a watch reports them (any order of arrival). */
void                synack_kernel_states_add          (SynackKernelStates       *self,
                                                       const SynackKernelChange *changes,
                                                       guint                     n_changes);
/* Place what can be placed now (call after the trace grew). Returns the
 * records placed by this call, in time order. (transfer full) */
GArray             *synack_kernel_states_match        (SynackKernelStates       *self);
/* Every placed record of one endpoint, in time order. (transfer none) */
GArray             *synack_kernel_states_get_records  (SynackKernelStates       *self,
                                                       guint                     conn,
                                                       guint                     endpoint);
/* TRUE when the kernel said anything about this endpoint. */
gboolean            synack_kernel_states_has_endpoint (SynackKernelStates       *self,
                                                       guint                     conn,
                                                       guint                     endpoint);
/* The kernel's state of an endpoint at a time (after every record at or
 * before it), and the source that said it; FALSE before its first record. */
gboolean            synack_kernel_states_state_at     (SynackKernelStates       *self,
                                                       guint                     conn,
                                                       guint                     endpoint,
                                                       gint64                    time,
                                                       SynackTcpState           *state,
                                                       SynackKernelSource       *source);
/* Where the kernel's path of states and the inferred one differ, for every
 * endpoint the kernel spoke of, in time order. The two paths are aligned on
 * their longest common sequence of states; between two agreed states, the
 * states left over on the two sides are paired in order (DIFFERENT), and
 * each one left over after that is KERNEL_ONLY or INFERRED_ONLY.
 * (transfer full) */
GArray             *synack_kernel_states_compare      (SynackKernelStates       *self);
/* The same for one connection's two endpoints. (transfer full) */
GArray             *synack_kernel_states_compare_connection (SynackKernelStates *self,
                                                       guint                     conn);

G_END_DECLS
