/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "synack-tcp-state.h"

static const char *const state_names[SYNACK_TCP_N_STATES] = {
  "CLOSED", "LISTEN", "SYN_SENT", "SYN_RECEIVED", "ESTABLISHED", "FIN_WAIT_1",
  "FIN_WAIT_2", "CLOSE_WAIT", "CLOSING", "LAST_ACK", "TIME_WAIT",
};

static const char *const rfc_names[SYNACK_TCP_N_STATES] = {
  "CLOSED", "LISTEN", "SYN-SENT", "SYN-RECEIVED", "ESTABLISHED", "FIN-WAIT-1",
  "FIN-WAIT-2", "CLOSE-WAIT", "CLOSING", "LAST-ACK", "TIME-WAIT",
};

static const char *const descriptions[SYNACK_TCP_N_STATES] = {
  N_("No connection"),
  N_("Waiting for a connection request"),
  N_("Sent a SYN, waiting for the peer's SYN-ACK"),
  N_("Received a SYN and answered, waiting for the ACK"),
  N_("Open: data flows both ways"),
  N_("Sent a FIN, waiting for its ACK"),
  N_("Our FIN is acknowledged, waiting for the peer's FIN"),
  N_("The peer has closed; we may still send"),
  N_("Both sides sent a FIN at once, waiting for the ACK"),
  N_("Sent our FIN after the peer's, waiting for the last ACK"),
  N_("Waiting 2MSL so late segments die out"),
};

const char *
synack_tcp_state_to_string (SynackTcpState state)
{
  g_return_val_if_fail (state < SYNACK_TCP_N_STATES, "INVALID");
  return state_names[state];
}

const char *
synack_tcp_state_to_rfc_name (SynackTcpState state)
{
  g_return_val_if_fail (state < SYNACK_TCP_N_STATES, "INVALID");
  return rfc_names[state];
}

const char *
synack_tcp_state_describe (SynackTcpState state)
{
  g_return_val_if_fail (state < SYNACK_TCP_N_STATES, "");
  return g_dgettext (GETTEXT_PACKAGE, descriptions[state]);
}

gboolean
synack_tcp_state_from_string (const char     *name,
                              SynackTcpState *state)
{
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < SYNACK_TCP_N_STATES; i++)
    {
      const char *a = state_names[i];
      const char *b = name;

      while (*a && *b && (g_ascii_toupper (*b) == *a || (*a == '_' && *b == '-')))
        a++, b++;
      if (*a == '\0' && *b == '\0')
        {
          if (state)
            *state = i;
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
synack_tcp_state_is_synchronized (SynackTcpState state)
{
  return state >= SYNACK_TCP_ESTABLISHED && state < SYNACK_TCP_N_STATES;
}
