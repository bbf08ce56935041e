/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Zeek's conn_state summary of a TCP connection (S0, S1, SF, REJ, ...), from
 * the segments each side sent. Every source uses it: the engine and TUN for
 * their own traces, passive inference while it reads a capture. */
#pragma once

#include <glib.h>

#include "synack-trace.h"

G_BEGIN_DECLS

/* Zeek's conn_state, computed from the segments of a trace's connection;
 * works on any trace (engine, TUN or capture). Endpoint 0 is Zeek's
 * originator. Returns a static string: S0 S1 SF REJ S2 S3 RSTO RSTR RSTOS0
 * RSTRH SH SHR OTH. */
const char     *synack_zeek_conn_state        (SynackTrace         *trace,
                                               guint                conn);

/* The same classifier, fed one segment at a time (what synack_infer uses so
 * that it never walks a connection twice). */
typedef struct
{
  guint8  state[2];    /* private: Zeek's endpoint states */
  guint8  history[2];  /* private: what each side has sent */
  guint64 bytes[2];    /* payload bytes each side sent */
} SynackZeekTracker;

void            synack_zeek_tracker_init      (SynackZeekTracker   *tracker);
void            synack_zeek_tracker_add       (SynackZeekTracker   *tracker,
                                               guint                endpoint,
                                               guint8               flags,
                                               guint32              payload_len);
const char     *synack_zeek_tracker_conn_state (const SynackZeekTracker *tracker);

G_END_DECLS
