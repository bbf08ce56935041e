/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A live capture's memory budget: what lets a capture run all day.
 *
 * Past the budget (bytes of memory: the trace, synack_trace_get_memory_size(),
 * the inference's state of the connections it follows, the 4-tuples of
 * those let go and the spool's records), the
 * oldest finished connections are dropped from the trace: those whose
 * endpoints are both CLOSED or TIME-WAIT (closed or reset), in the order
 * they finished; then, only if that is not enough, connections silent for
 * SYNACK_LIVE_IDLE_TIMEOUT_NS (Zeek's TCP inactivity timeout: it gives them
 * up too). An open connection that is still talking is never dropped, nor
 * one a window holds (synack_trace_hold_connection()). Dropping stops at
 * 7/8 of the budget, so it comes in runs, not on every packet.
 *
 * A segment that comes after its connection was dropped (a late ACK, a
 * retransmitted FIN) is counted with the dropped packets for the next
 * minute rather than starting a connection that would never finish. */
#pragma once

#include <glib.h>

#include "synack-infer.h"
#include "synack-live-spool.h"
#include "synack-trace.h"
#include "synack-wire.h"

G_BEGIN_DECLS

#define SYNACK_LIVE_BUDGET_DEFAULT  (G_GUINT64_CONSTANT (256) << 20)   /* 256 MiB */
/* Below this a budget makes no sense (a trace's first chunks alone): what
 * the CLI and Preferences accept. */
#define SYNACK_LIVE_BUDGET_MIN      (G_GUINT64_CONSTANT (1) << 20)     /* 1 MiB */
#define SYNACK_LIVE_BUDGET_MAX      (G_GUINT64_CONSTANT (1) << 50)     /* 1 PiB */
#define SYNACK_LIVE_IDLE_TIMEOUT_NS (G_GINT64_CONSTANT (300) * SYNACK_NSEC_PER_SEC)
/* How long the 4-tuple of a dropped connection keeps its late segments. */
#define SYNACK_LIVE_STRAGGLER_NS    (G_GINT64_CONSTANT (60) * SYNACK_NSEC_PER_SEC)

typedef struct _SynackLiveBudget SynackLiveBudget;

/* A budget of limit bytes (0: no limit) for trace, whose connections infer
 * follows. Sets infer's connection-done callback: nothing else may. */
SynackLiveBudget *synack_live_budget_new              (SynackTrace         *trace,
                                                       SynackInfer         *infer,
                                                       guint64              limit);
void              synack_live_budget_free             (SynackLiveBudget    *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SynackLiveBudget, synack_live_budget_free)

void              synack_live_budget_set_limit        (SynackLiveBudget    *self,
                                                       guint64              limit);
guint64           synack_live_budget_get_limit        (SynackLiveBudget    *self);

/* Before a segment captured at time (ns from the trace's origin) goes to
 * the inference: TRUE when it belongs to a connection just dropped (it is
 * counted, and must not be added). */
gboolean          synack_live_budget_take_straggler   (SynackLiveBudget    *self,
                                                       gint64               time,
                                                       const SynackIpInfo  *ip,
                                                       const SynackSegment *seg);
/* After a batch was appended and committed: drops what the budget needs
 * dropped, then synack_trace_commit_drops(). Returns how many connections
 * it dropped. */
guint             synack_live_budget_enforce          (SynackLiveBudget    *self);

guint             synack_live_budget_get_dropped_connections (SynackLiveBudget *self);
/* Segments of the dropped connections, and the stragglers that came after. */
guint64           synack_live_budget_get_dropped_packets     (SynackLiveBudget *self);
/* TRUE when the last enforce() could not get under the limit: every
 * connection left is open (or held), and they alone take more. */
gboolean          synack_live_budget_is_over          (SynackLiveBudget    *self);
/* The most memory counted after an enforce() that could not get under the
 * limit; 0 when it always could. */
guint64           synack_live_budget_get_over_max     (SynackLiveBudget    *self);
/* The memory the budget counts now. */
guint64           synack_live_budget_get_memory_size  (SynackLiveBudget    *self);
/* The spool (not owned) whose packets of a dropped connection are let go
 * with it, and whose records are counted. */
void              synack_live_budget_set_spool        (SynackLiveBudget    *self,
                                                       SynackLiveSpool     *spool);

/* "256M", "1G", "64MiB", "1.5g", "1000000": bytes, with K, M, G, T as
 * powers of 1024 (the same as KiB, MiB, GiB, TiB; a trailing B is
 * allowed). Fails with SYNACK_ERROR_INVALID and a message naming text when
 * it is not such a size or lies outside SYNACK_LIVE_BUDGET_MIN ..
 * SYNACK_LIVE_BUDGET_MAX. */
gboolean          synack_live_parse_size              (const char          *text,
                                                       guint64             *bytes,
                                                       GError             **error);

/* "256 MiB", "1.5 GiB", "900 KiB": bytes in binary units, one decimal
 * where it is not a whole number, a plain space. (transfer full) */
char             *synack_live_format_size             (guint64              bytes);

G_END_DECLS
