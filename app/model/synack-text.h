/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The readable form of a trace, one line an event, beside the JSON lines
 * (synack-export.h): what `synack-cli run`, `inspect`, `capture` and `tun`
 * print without --json. Lines are data, like the JSON: not translated. */
#pragma once

#include <glib.h>

#include "synack-trace.h"

G_BEGIN_DECLS

typedef enum
{
  SYNACK_TEXT_SEGMENTS = 1 << 0,
  SYNACK_TEXT_STATES   = 1 << 1,   /* "FROM -> TO" lines */
  SYNACK_TEXT_CALLS    = 1 << 2,   /* socket calls, except send and recv (one a segment) */
} SynackTextFlags;

/* Append the line of event index, ending in a newline, when flags ask for
 * its kind; returns whether a line was appended.
 *
 * A segment reads
 *   NUMBER  TIME  #CONN  FROM > TO  [FLAGS] seq=S ack=A win=W len=L   CLIENT / SERVER  [analysis] fate
 * with NUMBER the segment's ordinal in the trace, TIME seconds from the
 * origin to the microsecond, FROM and TO the sender and receiver (role name
 * or ip:port), seq and ack relative, ack= only when ACK is set, win the
 * scaled window, both endpoints' states just after the sender sent it (its
 * own changes in, the receiver's reaction to it not yet: the JSON
 * "states"), analysis flags in
 * Wireshark's names, and for the engine's segments their fate (delivered
 * @ARRIVAL, lost, duplicated). */
gboolean synack_text_append_event (GString         *out,
                                   SynackTrace     *trace,
                                   guint            index,
                                   SynackTextFlags  flags);

G_END_DECLS
