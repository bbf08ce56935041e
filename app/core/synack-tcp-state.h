/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The 11 states of RFC 9293 section 3.3.2, in the order the RFC lists them. */
typedef enum
{
  SYNACK_TCP_CLOSED,
  SYNACK_TCP_LISTEN,
  SYNACK_TCP_SYN_SENT,
  SYNACK_TCP_SYN_RECEIVED,
  SYNACK_TCP_ESTABLISHED,
  SYNACK_TCP_FIN_WAIT_1,
  SYNACK_TCP_FIN_WAIT_2,
  SYNACK_TCP_CLOSE_WAIT,
  SYNACK_TCP_CLOSING,
  SYNACK_TCP_LAST_ACK,
  SYNACK_TCP_TIME_WAIT,
  SYNACK_TCP_N_STATES
} SynackTcpState;

/* "SYN_SENT": the name used in JSON and on the command line. Never translated. */
const char     *synack_tcp_state_to_string   (SynackTcpState  state);
/* "SYN-SENT": the RFC's spelling, for figures. Never translated. */
const char     *synack_tcp_state_to_rfc_name (SynackTcpState  state);
/* A short translated gloss ("waiting for the peer's SYN-ACK"). */
const char     *synack_tcp_state_describe    (SynackTcpState  state);
/* Accepts SYN_SENT, SYN-SENT and syn-sent. */
gboolean        synack_tcp_state_from_string (const char     *name,
                                              SynackTcpState *state);
/* TRUE for ESTABLISHED and every state after it (RFC 9293 "synchronized"). */
gboolean        synack_tcp_state_is_synchronized (SynackTcpState state);

G_END_DECLS
