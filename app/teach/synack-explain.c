/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>

#include "synack-explain.h"
#include "synack-segment.h"

typedef struct
{
  guint8      from;
  guint8      to;
  const char *text;
  const char *rfc;
} Transition;

/* RFC 9293 section 3.3.2 (figure 5) and the event processing of 3.10. */
static const Transition transitions[] = {
  { SYNACK_TCP_CLOSED, SYNACK_TCP_LISTEN,
    N_("it opens passively and moves to LISTEN, waiting for a SYN"), "RFC 9293 §3.10.1" },
  { SYNACK_TCP_CLOSED, SYNACK_TCP_SYN_SENT,
    N_("it opens actively: it sends a SYN with its initial sequence number and moves to SYN-SENT"),
    "RFC 9293 §3.10.1" },
  { SYNACK_TCP_LISTEN, SYNACK_TCP_SYN_RECEIVED,
    N_("it answers SYN-ACK and moves to SYN-RECEIVED"), "RFC 9293 §3.10.7.2" },
  { SYNACK_TCP_LISTEN, SYNACK_TCP_CLOSED,
    N_("it stops listening and moves to CLOSED"), "RFC 9293 §3.10.4" },
  { SYNACK_TCP_LISTEN, SYNACK_TCP_SYN_SENT,
    N_("it sends a SYN from the listening socket and moves to SYN-SENT"), "RFC 9293 §3.10.2" },
  { SYNACK_TCP_SYN_SENT, SYNACK_TCP_ESTABLISHED,
    N_("its SYN is acknowledged and the peer's SYN has arrived: it sends an ACK and moves to ESTABLISHED"),
    "RFC 9293 §3.10.7.3" },
  { SYNACK_TCP_SYN_SENT, SYNACK_TCP_SYN_RECEIVED,
    N_("a SYN arrives while its own SYN is unanswered (simultaneous open): it sends SYN-ACK and moves to SYN-RECEIVED"),
    "RFC 9293 §3.10.7.3" },
  { SYNACK_TCP_SYN_SENT, SYNACK_TCP_CLOSED,
    N_("the connection attempt ends (refused with a reset, or timed out) and it moves to CLOSED"),
    "RFC 9293 §3.10.7.3" },
  { SYNACK_TCP_SYN_RECEIVED, SYNACK_TCP_ESTABLISHED,
    N_("the ACK of its SYN arrives and it moves to ESTABLISHED: the three-way handshake is complete"),
    "RFC 9293 §3.10.7.4" },
  { SYNACK_TCP_SYN_RECEIVED, SYNACK_TCP_LISTEN,
    N_("a reset arrives and it goes back to LISTEN"), "RFC 9293 §3.10.7.4" },
  { SYNACK_TCP_SYN_RECEIVED, SYNACK_TCP_FIN_WAIT_1,
    N_("its application closes before the handshake ends: it sends a FIN and moves to FIN-WAIT-1"),
    "RFC 9293 §3.10.4" },
  { SYNACK_TCP_SYN_RECEIVED, SYNACK_TCP_CLOSED,
    N_("the half-open connection is given up or reset and it moves to CLOSED"),
    "RFC 9293 §3.10.7.4" },
  { SYNACK_TCP_ESTABLISHED, SYNACK_TCP_FIN_WAIT_1,
    N_("its application closes: it sends a FIN and moves to FIN-WAIT-1"), "RFC 9293 §3.10.4" },
  { SYNACK_TCP_ESTABLISHED, SYNACK_TCP_CLOSE_WAIT,
    N_("the peer's FIN arrives: it acknowledges it and moves to CLOSE-WAIT, where it may still send"),
    "RFC 9293 §3.10.7.4" },
  { SYNACK_TCP_FIN_WAIT_1, SYNACK_TCP_FIN_WAIT_2,
    N_("the ACK of its FIN arrives and it moves to FIN-WAIT-2, waiting for the peer's FIN"),
    "RFC 9293 §3.10.7.4" },
  { SYNACK_TCP_FIN_WAIT_1, SYNACK_TCP_CLOSING,
    N_("the peer's FIN arrives before the ACK of its own (simultaneous close): it acknowledges it and moves to CLOSING"),
    "RFC 9293 §3.10.7.4" },
  { SYNACK_TCP_FIN_WAIT_1, SYNACK_TCP_TIME_WAIT,
    N_("the peer's FIN arrives together with the ACK of its own: it acknowledges it and moves to TIME-WAIT"),
    "RFC 9293 §3.10.7.4" },
  { SYNACK_TCP_FIN_WAIT_2, SYNACK_TCP_TIME_WAIT,
    N_("the peer's FIN arrives: it acknowledges it and moves to TIME-WAIT for twice the maximum segment lifetime"),
    "RFC 9293 §3.10.7.4" },
  { SYNACK_TCP_CLOSING, SYNACK_TCP_TIME_WAIT,
    N_("the ACK of its FIN arrives and it moves to TIME-WAIT"), "RFC 9293 §3.10.7.4" },
  { SYNACK_TCP_CLOSE_WAIT, SYNACK_TCP_LAST_ACK,
    N_("its application closes too: it sends its FIN and moves to LAST-ACK"), "RFC 9293 §3.10.4" },
  { SYNACK_TCP_LAST_ACK, SYNACK_TCP_CLOSED,
    N_("the ACK of its FIN arrives: the connection is over and it moves to CLOSED"),
    "RFC 9293 §3.10.7.4" },
  { SYNACK_TCP_TIME_WAIT, SYNACK_TCP_CLOSED,
    N_("the TIME-WAIT timer (2 MSL) expires and it moves to CLOSED"), "RFC 9293 §3.10.8" },
};

const char *
synack_explain_transition (SynackTcpState   from,
                           SynackTcpState   to,
                           const char     **rfc_section)
{
  for (guint i = 0; i < G_N_ELEMENTS (transitions); i++)
    if (transitions[i].from == from && transitions[i].to == to)
      {
        if (rfc_section != NULL)
          *rfc_section = transitions[i].rfc;
        return g_dgettext (GETTEXT_PACKAGE, transitions[i].text);
      }

  /* Any synchronized state goes to CLOSED on a reset or an abort. */
  if (to == SYNACK_TCP_CLOSED && synack_tcp_state_is_synchronized (from))
    {
      if (rfc_section != NULL)
        *rfc_section = "RFC 9293 §3.10.7.4";
      return _("the connection is reset or aborted and it moves straight to CLOSED");
    }
  if (rfc_section != NULL)
    *rfc_section = NULL;
  return NULL;
}

const char *
synack_explain_flags (guint8 flags)
{
  if (flags & SYNACK_FLAG_RST)
    return _("is a reset: the connection is refused or torn down at once");
  if ((flags & (SYNACK_FLAG_SYN | SYNACK_FLAG_ACK)) == (SYNACK_FLAG_SYN | SYNACK_FLAG_ACK))
    return _("accepts the connection, acknowledges the peer's SYN and carries its own initial sequence number");
  if (flags & SYNACK_FLAG_SYN)
    return _("asks to open a connection and carries the initial sequence number");
  if (flags & SYNACK_FLAG_FIN)
    return _("says the sender has no more data to send");
  if (flags & SYNACK_FLAG_ACK)
    return _("acknowledges every byte before its acknowledgement number");
  return _("carries no control flag");
}

const char *
synack_explain_endpoint_name (SynackTrace *trace,
                              guint        conn,
                              guint        endpoint)
{
  const SynackConnection *c = synack_trace_get_connection (trace, conn);

  if (c != NULL && c->name[endpoint] != NULL && c->name[endpoint][0] != '\0')
    {
      if (g_str_equal (c->name[endpoint], "client"))
        return _("the client");
      if (g_str_equal (c->name[endpoint], "server"))
        return _("the server");
      return c->name[endpoint];
    }
  return endpoint == 0 ? _("the client") : _("the server");
}

static char *
capitalize (const char *text)
{
  gunichar c = g_utf8_get_char (text);
  char buf[8];
  int n;

  const char *p = text;

  if (!g_unichar_islower (c))
    return g_strdup (text);
  /* a sentence may start with a socket call, which keeps its spelling:
   * "connect() returns ...", not "Connect() returns ..." */
  while (g_ascii_islower (*p) || *p == '_')
    p++;
  if (*p == '(')
    return g_strdup (text);
  n = g_unichar_to_utf8 (g_unichar_toupper (c), buf);
  buf[n] = '\0';
  return g_strconcat (buf, g_utf8_next_char (text), NULL);
}

/* The state events caused by event cause, in order (up to max). */
static guint
find_caused_states (SynackTrace *trace,
                    guint        cause,
                    guint        cause_kind,
                    guint       *out,
                    guint        max)
{
  const SynackEvent *ev = synack_trace_get_event (trace, cause);
  const SynackConnection *c = synack_trace_get_connection (trace, ev->conn);
  guint n = 0;
  guint first, last;

  /* The caused change happens at the cause's time or (for a segment) when
   * it arrives; look from the cause on, a bounded way. */
  synack_trace_conn_range (trace, ev->conn, ev->time, G_MAXINT64, &first, &last);
  for (guint p = first; p < c->n_events && p < first + 64 && n < max; p++)
    {
      guint idx = synack_trace_conn_event (trace, ev->conn, p);
      const SynackEvent *s = synack_trace_get_event (trace, idx);

      if (s->kind == SYNACK_EVENT_STATE && s->state.cause_kind == cause_kind &&
          s->state.cause == cause)
        out[n++] = idx;
    }
  return n;
}

static void
append_sentence (GString    *out,
                 const char *sentence)
{
  g_autofree char *cap = capitalize (sentence);

  /* No space after a wide (CJK) full stop: Chinese sentences run on. */
  if (out->len > 0 &&
      !g_unichar_iswide (g_utf8_get_char (g_utf8_find_prev_char (out->str, out->str + out->len))))
    g_string_append_c (out, ' ');
  g_string_append (out, cap);
}

static char *
explain_segment (SynackTrace        *trace,
                 guint               index,
                 const SynackEvent  *ev,
                 const char        **rfc)
{
  GString *out = g_string_new (NULL);
  guint sender = ev->endpoint;
  guint receiver = 1 - ev->endpoint;
  const char *who = synack_explain_endpoint_name (trace, ev->conn, sender);
  const char *whom = synack_explain_endpoint_name (trace, ev->conn, receiver);
  SynackTcpState sender_state = synack_trace_state_at_event (trace, ev->conn, sender, index);
  char flags[64];
  guint32 seq = synack_trace_relative_seq (trace, index);
  guint32 ack = synack_trace_relative_ack (trace, index);
  guint caused[4];
  guint n_caused;
  g_autofree char *first = NULL;

  synack_flags_to_string (ev->segment.flags, flags, sizeof flags);
  if (ev->segment.len > 0)
    first = g_strdup_printf (ngettext ("%s, in %s, sends %s with %u byte of data, seq %u",
                                       "%s, in %s, sends %s with %u bytes of data, seq %u",
                                       ev->segment.len),
                             who, synack_tcp_state_to_rfc_name (sender_state), flags,
                             ev->segment.len, seq);
  else
    first = g_strdup_printf (_("%s, in %s, sends %s, seq %u"),
                             who, synack_tcp_state_to_rfc_name (sender_state), flags, seq);
  append_sentence (out, first);
  if (ev->segment.flags & SYNACK_FLAG_ACK)
    g_string_append_printf (out, _(", ack %u"), ack);
  g_string_append_printf (out, _(": it %s."), synack_explain_flags (ev->segment.flags));
  *rfc = (ev->segment.flags & SYNACK_FLAG_SYN) ? "RFC 9293 §3.5" :
         (ev->segment.flags & SYNACK_FLAG_RST) ? "RFC 9293 §3.5.2" :
         (ev->segment.flags & SYNACK_FLAG_FIN) ? "RFC 9293 §3.6" : "RFC 9293 §3.4";

  if (ev->segment.analysis != 0)
    {
      for (guint bit = 0; bit < SYNACK_ANALYSIS_N_FLAGS; bit++)
        if (ev->segment.analysis & (1u << bit))
          {
            g_autofree char *s = g_strdup_printf (_("Analysis: %s."), synack_analysis_label (bit));
            append_sentence (out, s);
          }
    }

  if (ev->segment.fate == SYNACK_FATE_LOST)
    {
      g_autofree char *s = g_strdup_printf (_("The link loses it: it never reaches %s, "
                                              "so only a retransmission can repair the gap."),
                                            whom);
      append_sentence (out, s);
      if (ev->segment.len > 0 || (ev->segment.flags & (SYNACK_FLAG_SYN | SYNACK_FLAG_FIN)))
        *rfc = "RFC 6298 §5";
      return g_string_free (out, FALSE);
    }
  if (ev->segment.fate == SYNACK_FATE_DUPLICATED)
    append_sentence (out, _("This is an extra copy made by the link."));

  n_caused = find_caused_states (trace, index, SYNACK_CAUSE_SEGMENT, caused, G_N_ELEMENTS (caused));
  for (guint i = 0; i < n_caused; i++)
    {
      const SynackEvent *s = synack_trace_get_event (trace, caused[i]);
      const char *section = NULL;
      const char *sentence = synack_explain_transition (s->state.from, s->state.to, &section);
      const char *actor = synack_explain_endpoint_name (trace, s->conn, s->endpoint);
      g_autofree char *text = NULL;

      if (s->endpoint == receiver)
        {
          if (sentence != NULL)
            text = g_strdup_printf (_("%s is in %s; the %s arrives; %s."), actor,
                                    synack_tcp_state_to_rfc_name (s->state.from), flags, sentence);
          else
            text = g_strdup_printf (_("%s is in %s; the %s arrives; it moves to %s."), actor,
                                    synack_tcp_state_to_rfc_name (s->state.from), flags,
                                    synack_tcp_state_to_rfc_name (s->state.to));
        }
      else
        {
          if (sentence != NULL)
            text = g_strdup_printf (_("Sending it, %s leaves %s: %s."), actor,
                                    synack_tcp_state_to_rfc_name (s->state.from), sentence);
          else
            text = g_strdup_printf (_("Sending it, %s moves from %s to %s."), actor,
                                    synack_tcp_state_to_rfc_name (s->state.from),
                                    synack_tcp_state_to_rfc_name (s->state.to));
        }
      append_sentence (out, text);
      if (section != NULL)
        *rfc = section;
    }

  if (n_caused == 0 && ev->segment.arrive != SYNACK_TIME_NONE &&
      ev->segment.fate != SYNACK_FATE_CAPTURED)
    {
      SynackTcpState rs = synack_trace_state_at_event (trace, ev->conn, receiver, index);
      g_autofree char *s = g_strdup_printf (_("%s stays in %s."), whom,
                                            synack_tcp_state_to_rfc_name (rs));
      append_sentence (out, s);
    }
  return g_string_free (out, FALSE);
}

static char *
call_sentence (SynackCallKind  call,
               const char     *who,
               gulong          arg)
{
  switch (call)
    {
    case SYNACK_CALL_LISTEN:
      return g_strdup_printf (_("%s's application calls listen() on port %lu"), who, arg);
    case SYNACK_CALL_CONNECT:
      return g_strdup_printf (_("%s's application calls connect() to port %lu"), who, arg);
    case SYNACK_CALL_ACCEPT_RETURNS:
      return g_strdup_printf (_("accept() returns on %s: the new connection is handed to the application"), who);
    case SYNACK_CALL_CONNECT_RETURNS:
      return g_strdup_printf (_("connect() returns on %s: the connection is open"), who);
    case SYNACK_CALL_SEND:
      return g_strdup_printf (ngettext ("%s's application writes %lu byte; TCP cuts the data into segments",
                                        "%s's application writes %lu bytes; TCP cuts the data into segments",
                                        arg), who, arg);
    case SYNACK_CALL_RECV:
      return g_strdup_printf (ngettext ("%s's application reads %lu byte, which opens the receive window again",
                                        "%s's application reads %lu bytes, which opens the receive window again",
                                        arg), who, arg);
    case SYNACK_CALL_SHUTDOWN:
      return g_strdup_printf (_("%s's application shuts down its sending side: TCP will send a FIN once the data is out"), who);
    case SYNACK_CALL_CLOSE:
      return g_strdup_printf (_("%s's application calls close()"), who);
    case SYNACK_CALL_ABORT:
      return g_strdup_printf (_("%s's application aborts the connection: TCP sends a reset and forgets it"), who);
    case SYNACK_CALL_CRASH:
      return g_strdup_printf (_("%s's host crashes: its connection state is gone without a FIN or a "
                                "reset, and the peer is not told; only a timer on the peer's side "
                                "(retransmission or keep-alive) can find out"), who);
    case SYNACK_CALL_N_KINDS:
    default:
      break;
    }
  return NULL;
}

static const char *
call_rfc (SynackCallKind call)
{
  switch (call)
    {
    case SYNACK_CALL_LISTEN:
    case SYNACK_CALL_CONNECT:
    case SYNACK_CALL_ACCEPT_RETURNS:
    case SYNACK_CALL_CONNECT_RETURNS: return "RFC 9293 §3.10.1";
    case SYNACK_CALL_SEND: return "RFC 9293 §3.10.2";
    case SYNACK_CALL_RECV: return "RFC 9293 §3.10.3";
    case SYNACK_CALL_SHUTDOWN:
    case SYNACK_CALL_CLOSE: return "RFC 9293 §3.10.4";
    case SYNACK_CALL_ABORT: return "RFC 9293 §3.10.5";
    case SYNACK_CALL_CRASH: return "RFC 1122 §4.2.3.6";
    case SYNACK_CALL_N_KINDS:
    default: break;
    }
  return NULL;
}

static char *
explain_call (SynackTrace        *trace,
              guint               index,
              const SynackEvent  *ev,
              const char        **rfc)
{
  GString *out = g_string_new (NULL);
  const char *who = synack_explain_endpoint_name (trace, ev->conn, ev->endpoint);
  g_autofree char *first = call_sentence (ev->call.call, who, (gulong) ev->call.arg);
  guint caused[4];
  guint n_caused;

  if (first == NULL)
    return g_string_free (out, FALSE);
  append_sentence (out, first);
  g_string_append_c (out, '.');
  *rfc = call_rfc (ev->call.call);

  if (ev->call.result != 0)
    {
      g_autofree char *s = NULL;

      if (ev->call.result == ECONNREFUSED)
        s = g_strdup (_("It fails: the connection is refused (the peer answered with a reset)."));
      else if (ev->call.result == ETIMEDOUT)
        s = g_strdup (_("It fails: the connection timed out after too many retransmissions."));
      else if (ev->call.result == ECONNRESET)
        s = g_strdup (_("It fails: the connection was reset by the peer."));
      else
        s = g_strdup_printf (_("It fails: %s."), g_strerror (ev->call.result));
      append_sentence (out, s);
    }

  n_caused = find_caused_states (trace, index, SYNACK_CAUSE_CALL, caused, G_N_ELEMENTS (caused));
  for (guint i = 0; i < n_caused; i++)
    {
      const SynackEvent *s = synack_trace_get_event (trace, caused[i]);
      const char *section = NULL;
      const char *sentence = synack_explain_transition (s->state.from, s->state.to, &section);
      g_autofree char *text = NULL;

      if (sentence != NULL)
        text = g_strdup_printf (_("In %s, %s."), synack_tcp_state_to_rfc_name (s->state.from),
                                sentence);
      else
        text = g_strdup_printf (_("It moves from %s to %s."),
                                synack_tcp_state_to_rfc_name (s->state.from),
                                synack_tcp_state_to_rfc_name (s->state.to));
      append_sentence (out, text);
      if (section != NULL)
        *rfc = section;
    }
  return g_string_free (out, FALSE);
}

static char *
explain_timer (SynackTrace        *trace,
               guint               index,
               const SynackEvent  *ev,
               const char        **rfc)
{
  const char *who = synack_explain_endpoint_name (trace, ev->conn, ev->endpoint);
  gboolean fired = ev->timer.action == SYNACK_TIMER_FIRED;
  g_autofree char *text = NULL;
  g_autofree char *cap = NULL;

  switch (ev->timer.timer)
    {
    case SYNACK_TIMER_RETRANSMISSION:
      *rfc = "RFC 6298 §5";
      if (fired)
        text = g_strdup_printf (_("%s's retransmission timer fires (attempt %u): the oldest "
                                  "unacknowledged segment is sent again and the timeout doubles"),
                                who, ev->timer.count);
      else if (ev->timer.action == SYNACK_TIMER_ARMED)
        text = g_strdup_printf (_("%s starts its retransmission timer: if no ACK comes in time, "
                                  "it sends again"), who);
      else
        text = g_strdup_printf (_("%s stops its retransmission timer: everything sent is "
                                  "acknowledged"), who);
      break;
    case SYNACK_TIMER_PERSIST:
      *rfc = "RFC 9293 §3.8.6.1";
      text = fired ? g_strdup_printf (_("%s's persist timer fires: it probes the peer's zero window"), who)
                   : g_strdup_printf (_("%s's persist timer is set or stopped: it watches a zero window"), who);
      break;
    case SYNACK_TIMER_KEEPALIVE:
      *rfc = "RFC 9293 §3.8.4";
      text = fired ? g_strdup_printf (_("%s's keep-alive timer fires: it checks that the idle peer is still there"), who)
                   : g_strdup_printf (_("%s's keep-alive timer is set or stopped"), who);
      break;
    case SYNACK_TIMER_DELAYED_ACK:
      *rfc = "RFC 9293 §3.8.6.3";
      text = fired ? g_strdup_printf (_("%s's delayed-ACK timer fires: it acknowledges what arrived"), who)
                   : g_strdup_printf (_("%s holds back its ACK a little, hoping to send it with data"), who);
      break;
    case SYNACK_TIMER_TIME_WAIT:
      *rfc = "RFC 9293 §3.10.8";
      text = fired ? g_strdup_printf (_("%s's TIME-WAIT timer (2 MSL) expires: old duplicates can no longer arrive"), who)
                   : g_strdup_printf (_("%s starts the TIME-WAIT timer for twice the maximum segment lifetime"), who);
      break;
    default:
      return g_strdup ("");
    }
  cap = capitalize (text);
  return g_strconcat (cap, ".", NULL);
}

static char *
explain_state (SynackTrace        *trace,
               guint               index,
               const SynackEvent  *ev,
               const char        **rfc)
{
  const char *who = synack_explain_endpoint_name (trace, ev->conn, ev->endpoint);
  const char *sentence = synack_explain_transition (ev->state.from, ev->state.to, rfc);
  g_autofree char *text = NULL;
  g_autofree char *cap = NULL;

  if (sentence != NULL)
    text = g_strdup_printf (_("%s is in %s; %s."), who,
                            synack_tcp_state_to_rfc_name (ev->state.from), sentence);
  else
    text = g_strdup_printf (_("%s moves from %s to %s."), who,
                            synack_tcp_state_to_rfc_name (ev->state.from),
                            synack_tcp_state_to_rfc_name (ev->state.to));
  cap = capitalize (text);
  if (ev->state.cause_kind == SYNACK_CAUSE_INFERRED)
    return g_strconcat (cap, " ", _("(Inferred from the capture: no single segment shows it.)"),
                        NULL);
  return g_steal_pointer (&cap);
}

static char *
explain_vars (SynackTrace        *trace,
              guint               index,
              const SynackEvent  *ev,
              const char        **rfc)
{
  const char *who = synack_explain_endpoint_name (trace, ev->conn, ev->endpoint);
  g_autofree char *text = NULL;
  g_autofree char *cap = NULL;
  guint32 in_flight = ev->vars.snd_nxt - ev->vars.snd_una;

  *rfc = "RFC 9293 §3.3.1";
  text = g_strdup_printf (_("%s's send variables: %u bytes in flight, the peer allows %u, "
                            "congestion window %u bytes."),
                          who, in_flight, ev->vars.snd_wnd, ev->vars.cwnd);
  cap = capitalize (text);
  return g_steal_pointer (&cap);
}

char *
synack_explain_event (SynackTrace  *trace,
                      guint         index,
                      const char  **rfc_section)
{
  const SynackEvent *ev;
  const char *rfc = NULL;
  char *text = NULL;

  g_return_val_if_fail (SYNACK_IS_TRACE (trace), NULL);
  g_return_val_if_fail (index < synack_trace_get_n_events (trace), NULL);

  ev = synack_trace_get_event (trace, index);
  switch (ev->kind)
    {
    case SYNACK_EVENT_SEGMENT:
      text = explain_segment (trace, index, ev, &rfc);
      break;
    case SYNACK_EVENT_STATE:
      text = explain_state (trace, index, ev, &rfc);
      break;
    case SYNACK_EVENT_CALL:
      text = explain_call (trace, index, ev, &rfc);
      break;
    case SYNACK_EVENT_TIMER:
      text = explain_timer (trace, index, ev, &rfc);
      break;
    case SYNACK_EVENT_VARS:
      text = explain_vars (trace, index, ev, &rfc);
      break;
    default:
      text = g_strdup ("");
      break;
    }
  if (rfc_section != NULL)
    *rfc_section = rfc;
  return text;
}
