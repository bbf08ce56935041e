/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Sequence numbers the way textbooks write them: the client's ISN is x, the
 * server's y; the first FIN's number u, the other side's number when it
 * acknowledges that FIN v, its own FIN w; everything else an offset from
 * one of them ("x+1", "y+101", "u+1", "w+1"). */
#pragma once

#include "synack-trace.h"

G_BEGIN_DECLS

#define SYNACK_NOTATION_LEN 48

/* The textbook name of value, a sequence number of endpoint's sequence
 * space in connection conn, as written in a segment sent at time (u, v and
 * w only from the first FIN on), into buf (SYNACK_NOTATION_LEN bytes). Without
 * the endpoint's ISN (a capture that began mid-way) the relative number.
 * Returns buf. */
const char *synack_notation_name (SynackTrace *trace,
                                  guint        conn,
                                  guint        endpoint,
                                  guint32      value,
                                  gint64       time,
                                  char        *buf,
                                  gsize        len);

/* "seq=x+1 ack=y+1" for segment event index (ack only with ACK set). (transfer full) */
char       *synack_notation_seq_ack (SynackTrace *trace,
                                     guint        index);

G_END_DECLS
