/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "synack-offered-calls.h"

static const char *const verbs[SYNACK_OFFER_N_CALLS] = {
  "connect", "send", "shutdown", "close", "abort",
};

const char *
synack_offer_call_verb (SynackOfferCall call)
{
  return call < SYNACK_OFFER_N_CALLS ? verbs[call] : NULL;
}

gboolean
synack_offer_call_from_verb (const char      *verb,
                             SynackOfferCall *call)
{
  for (guint i = 0; i < SYNACK_OFFER_N_CALLS; i++)
    if (g_str_equal (verb, verbs[i]))
      {
        *call = i;
        return TRUE;
      }
  return FALSE;
}

/* As the engine's TCB answers the calls (RFC 9293 3.10.1 to 3.10.5, with
 * the sockets API's errno). */
gboolean
synack_offer_call_in_state (SynackOfferCall   call,
                            SynackTcpState    state,
                            SynackSocketFate  fate,
                            const char      **reason)
{
  const char *why = NULL;

  if (fate == SYNACK_SOCKET_CRASHED)
    why = _("The host has crashed: its application makes no more calls");
  else if (fate == SYNACK_SOCKET_RELEASED)
    why = _("The application has closed this socket: it can make no more calls on it (EBADF)");
  else
    switch (call)
      {
      case SYNACK_OFFER_CONNECT:
        if (state == SYNACK_TCP_SYN_SENT)
          why = _("connect() is already in progress: the SYN is out (EALREADY)");
        else if (state == SYNACK_TCP_LISTEN)
          why = _("A listening socket waits for connections; it does not connect (EINVAL)");
        else if (state != SYNACK_TCP_CLOSED)
          why = _("The socket is already connected (EISCONN)");
        break;

      case SYNACK_OFFER_SEND:
      case SYNACK_OFFER_SHUTDOWN:
        switch (state)
          {
          case SYNACK_TCP_CLOSED:
          case SYNACK_TCP_LISTEN:
            why = _("The socket is not connected (ENOTCONN)");
            break;
          case SYNACK_TCP_SYN_SENT:
          case SYNACK_TCP_SYN_RECEIVED:
          case SYNACK_TCP_ESTABLISHED:
          case SYNACK_TCP_CLOSE_WAIT:
            break;
          case SYNACK_TCP_FIN_WAIT_1:
          case SYNACK_TCP_FIN_WAIT_2:
          case SYNACK_TCP_CLOSING:
          case SYNACK_TCP_LAST_ACK:
          case SYNACK_TCP_TIME_WAIT:
          case SYNACK_TCP_N_STATES:
          default:
            why = call == SYNACK_OFFER_SEND
              ? _("This side has shut down sending (its FIN is queued or sent): send() fails with EPIPE")
              : _("This side has already shut down sending: its FIN is queued or sent");
            break;
          }
        break;

      case SYNACK_OFFER_CLOSE:
        break;

      case SYNACK_OFFER_ABORT:
        if (state == SYNACK_TCP_CLOSED)
          why = _("There is no connection to abort");
        else if (state == SYNACK_TCP_TIME_WAIT)
          why = _("The connection is over; TIME-WAIT only waits out old segments");
        break;

      case SYNACK_OFFER_N_CALLS:
      default:
        why = _("Unknown call");
        break;
      }
  if (reason != NULL)
    *reason = why;
  return why == NULL;
}

gboolean
synack_offer_call_at (SynackTrace      *trace,
                      guint             conn,
                      guint             endpoint,
                      int               position,
                      SynackOfferCall   call,
                      const char      **reason)
{
  const SynackConnection *c;
  SynackSocketFate fate = SYNACK_SOCKET_OPEN;
  SynackTcpState state = SYNACK_TCP_CLOSED;

  g_return_val_if_fail (SYNACK_IS_TRACE (trace), FALSE);

  c = conn < synack_trace_get_n_connections (trace) ? synack_trace_get_connection (trace, conn)
                                                     : NULL;
  if (c == NULL)
    {
      if (reason != NULL)
        *reason = _("There is no such connection");
      return FALSE;
    }
  if (position >= 0)
    {
      /* after everything at the cursor's instant: a connect() call and the
       * SYN-SENT it leads to are two events at one time */
      state = synack_trace_state_at_time (trace, conn, endpoint,
                                          synack_trace_get_event_time (trace, (guint) position));
      for (guint p = 0; p < c->n_events; p++)
        {
          guint index = synack_trace_conn_event (trace, conn, p);
          SynackEvent ev;

          if ((int) index > position)
            break;
          synack_trace_read_event (trace, index, &ev);
          if (ev.kind != SYNACK_EVENT_CALL || ev.endpoint != endpoint)
            continue;
          if (ev.call.call == SYNACK_CALL_CRASH)
            fate = SYNACK_SOCKET_CRASHED;
          else if ((ev.call.call == SYNACK_CALL_CLOSE || ev.call.call == SYNACK_CALL_ABORT) &&
                   fate == SYNACK_SOCKET_OPEN)
            fate = SYNACK_SOCKET_RELEASED;
        }
    }
  return synack_offer_call_in_state (call, state, fate, reason);
}
