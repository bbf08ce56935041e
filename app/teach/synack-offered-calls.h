/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Which socket calls an endpoint's application can make at the cursor, for
 * acting on a lesson: connect() only on a socket that is not connected, no
 * send() after shutdown(), nothing after close(); and, for a call that
 * cannot be made, why, with the errno a socket would give. */
#pragma once

#include <glib.h>

#include "synack-tcp-state.h"
#include "synack-trace.h"

G_BEGIN_DECLS

typedef enum
{
  SYNACK_OFFER_CONNECT,
  SYNACK_OFFER_SEND,
  SYNACK_OFFER_SHUTDOWN,
  SYNACK_OFFER_CLOSE,
  SYNACK_OFFER_ABORT,
  SYNACK_OFFER_N_CALLS
} SynackOfferCall;

/* What the application has done with its socket before the cursor. */
typedef enum
{
  SYNACK_SOCKET_OPEN,      /* it still holds the socket */
  SYNACK_SOCKET_RELEASED,  /* close() or abort(): the descriptor is gone */
  SYNACK_SOCKET_CRASHED,   /* the host crashed */
} SynackSocketFate;

/* "connect", "send", "shutdown", "close", "abort": the verbs the engine's
 * scripts use; NULL for an unknown call. */
const char *synack_offer_call_verb     (SynackOfferCall    call);
gboolean    synack_offer_call_from_verb (const char        *verb,
                                         SynackOfferCall   *call);

/* Whether call can be made in state; when not, *reason (may be NULL) is a
 * translated sentence saying why (transfer none). */
gboolean    synack_offer_call_in_state (SynackOfferCall    call,
                                        SynackTcpState     state,
                                        SynackSocketFate   fate,
                                        const char       **reason);

/* The same for endpoint of conn at event position (-1: before every event):
 * its state after everything at that instant, and the calls its application
 * made up to the cursor. */
gboolean    synack_offer_call_at       (SynackTrace       *trace,
                                        guint              conn,
                                        guint              endpoint,
                                        int                position,
                                        SynackOfferCall    call,
                                        const char       **reason);

G_END_DECLS
