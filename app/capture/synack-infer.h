/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Passive inference: connections by 4-tuple, both endpoints' RFC 9293 states
 * from what each one demonstrably knew, Wireshark's analysis flags and Zeek's
 * conn_state (synack-zeek.h), appended to a SynackTrace as packets come. */
#pragma once

#include <glib.h>

#include "synack-trace.h"
#include "synack-wire.h"
#include "synack-zeek.h"

G_BEGIN_DECLS

typedef struct _SynackInfer SynackInfer;

/* Infers into trace (which it references); the trace should be empty. */
SynackInfer    *synack_infer_new              (SynackTrace         *trace);
void            synack_infer_free             (SynackInfer         *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SynackInfer, synack_infer_free)

SynackTrace    *synack_infer_get_trace        (SynackInfer         *self);

/* One decoded TCP segment captured at epoch_ns (ns since the epoch). The
 * first call sets the trace's origin. Callers keep every epoch_ns within a
 * century of the first one (synack-pcap-source refuses other packets as
 * malformed), so no difference of times overflows. Appends the segment, then the state
 * changes it caused. Returns the segment's event index. Main thread only
 * (it writes the trace). */
guint           synack_infer_add              (SynackInfer         *self,
                                               gint64               epoch_ns,
                                               const SynackIpInfo  *ip,
                                               const SynackSegment *seg);
/* The capture is over: give the connections still open their summary and
 * free what is left of the per-connection state. */
void            synack_infer_finish           (SynackInfer         *self);
/* For a loader that knows the segments to come: the first asks the
 * processor for the table slot of a segment's connection and returns its
 * hash; the second, called with that hash a few segments later, for the
 * connection itself. synack_infer_add() then finds both in the cache
 * instead of waiting on memory twice a packet. Neither changes anything. */
guint32         synack_infer_prefetch_slot    (SynackInfer         *self,
                                               const SynackIpInfo  *ip,
                                               const SynackSegment *seg);
void            synack_infer_prefetch_track   (SynackInfer         *self,
                                               guint32              hash);
/* Called by synack_infer_add() when a connection is over (both endpoints
 * CLOSED or TIME-WAIT; its Zeek summary set, and the trace flags it
 * SYNACK_CONNECTION_FINISHED), in the thread that adds: it may read the
 * trace there (a late straggler may still join the connection). */
typedef void  (*SynackConnectionDoneFunc)    (SynackTrace         *trace,
                                               guint                conn,
                                               gpointer             user_data);
void            synack_infer_set_connection_done (SynackInfer              *self,
                                                  SynackConnectionDoneFunc  func,
                                                  gpointer                  user_data);
/* Forgets conn's inference state without a word to the trace, which is
 * about to drop the connection (a live capture's memory budget): later
 * segments of its 4-tuple no longer join it. A connection not ended (both
 * endpoints CLOSED or TIME-WAIT) is forgotten only with even_open; FALSE
 * when it was kept for that reason. */
gboolean        synack_infer_forget_connection (SynackInfer        *self,
                                                guint               conn,
                                                gboolean            even_open);
/* Connections that have ended whose inference state is still held, for
 * the late segments of their last 60 s of capture time (TIME-WAIT's
 * worth); *bytes (may be NULL) receives what that state takes. For
 * benchmarks: O(connections held). */
guint           synack_infer_get_n_lingering  (SynackInfer         *self,
                                               gsize               *bytes);
/* Connections whose inference state is still held (for tests and memory). */
guint           synack_infer_get_n_tracked    (SynackInfer         *self);
/* Bytes of memory the inference holds: the state of every connection it
 * follows (open ones, and those ended in the last 60 s), and its table.
 * O(1). */
gsize           synack_infer_get_memory_size  (SynackInfer         *self);

G_END_DECLS
