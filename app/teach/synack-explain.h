/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Plain-words explanations of trace events, for any source. No GTK. */
#pragma once

#include "synack-trace.h"

G_BEGIN_DECLS

/* "client", "server", or the connection's own role name, translated. */
const char *synack_explain_endpoint_name (SynackTrace   *trace,
                                          guint          conn,
                                          guint          endpoint);

/* Explain event index in a sentence or three. *rfc_section is set to the
 * RFC section it comes from ("RFC 9293 §3.10.7.2"), never translated, or
 * NULL when none applies. (transfer full) */
char       *synack_explain_event         (SynackTrace   *trace,
                                          guint          index,
                                          const char   **rfc_section);
/* The same, told as seen with the cursor on event last: what the segment's
 * arrival does is left out while that arrival is after it. */
char       *synack_explain_event_until   (SynackTrace   *trace,
                                          guint          index,
                                          guint          last,
                                          const char   **rfc_section);

/* The sentence for one state transition ("it answers with SYN-ACK and moves
 * to SYN-RECEIVED"), and its RFC section. NULL for a transition RFC 9293
 * does not describe. */
const char *synack_explain_transition    (SynackTcpState from,
                                          SynackTcpState to,
                                          const char   **rfc_section);

/* The meaning of a flag combination ("opens a connection"), translated. */
const char *synack_explain_flags         (guint8         flags);

G_END_DECLS
