/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Every sentence here is meant to be true TCP, and says where the rule is:
 * RFC 9293 (3.10.7 is segment arrival, 3.10.1-5 the user calls, 3.10.8 the
 * timeouts), RFC 1122 (keep-alive, 4.2.3.6), RFC 5961 (challenge ACKs) and
 * RFC 6298 (the retransmission timer). */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>

#include "synack-explain.h"
#include "synack-segment.h"
#include "synack-theme.h"

typedef struct
{
  guint8      from;
  guint8      to;
  const char *text;
  const char *rfc;
} Transition;

/* RFC 9293 section 3.3.2 (figure 5) and the event processing of 3.10. The
 * few that depend on what caused them are told in context_transition(). */
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
    N_("its connection attempt ends and it moves to CLOSED"), "RFC 9293 §3.10.7.3" },
  { SYNACK_TCP_SYN_RECEIVED, SYNACK_TCP_ESTABLISHED,
    N_("the ACK of its SYN arrives and it moves to ESTABLISHED"), "RFC 9293 §3.10.7.4" },
  { SYNACK_TCP_SYN_RECEIVED, SYNACK_TCP_LISTEN,
    N_("a reset arrives and it goes back to LISTEN"), "RFC 9293 §3.10.7.4" },
  { SYNACK_TCP_SYN_RECEIVED, SYNACK_TCP_FIN_WAIT_1,
    N_("its application closes before the handshake ends: it sends a FIN and moves to FIN-WAIT-1"),
    "RFC 9293 §3.10.4" },
  { SYNACK_TCP_SYN_RECEIVED, SYNACK_TCP_CLOSED,
    N_("the half-open connection ends and it moves to CLOSED"), "RFC 9293 §3.10.7.4" },
  { SYNACK_TCP_ESTABLISHED, SYNACK_TCP_FIN_WAIT_1,
    N_("its application closes: it sends a FIN and moves to FIN-WAIT-1"), "RFC 9293 §3.10.4" },
  { SYNACK_TCP_ESTABLISHED, SYNACK_TCP_CLOSE_WAIT,
    N_("the peer's FIN arrives: it acknowledges it and moves to CLOSE-WAIT, where it may still send; its application's read() returns 0"),
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

  /* Any synchronized state goes to CLOSED on a reset, an abort or a
   * timeout; which one, the event's context says. */
  if (to == SYNACK_TCP_CLOSED && synack_tcp_state_is_synchronized (from))
    {
      if (rfc_section != NULL)
        *rfc_section = "RFC 9293 §3.10.7.4";
      return _("the connection ends at once and it moves straight to CLOSED");
    }
  if (rfc_section != NULL)
    *rfc_section = NULL;
  return NULL;
}

const char *
synack_explain_flags (guint8 flags)
{
  if (flags & SYNACK_FLAG_RST)
    return _("is a reset: the receiver must drop the connection at once, without the four-way close");
  if ((flags & (SYNACK_FLAG_SYN | SYNACK_FLAG_ACK)) == (SYNACK_FLAG_SYN | SYNACK_FLAG_ACK))
    return _("accepts the connection, acknowledges the peer's SYN and carries its own initial sequence number");
  if (flags & SYNACK_FLAG_SYN)
    return _("asks to open a connection and carries the initial sequence number");
  if (flags & SYNACK_FLAG_FIN)
    return _("says the sender has no more data to send");
  if (flags & SYNACK_FLAG_ACK)
    return _("acknowledges every sequence number before its acknowledgement number");
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
  SynackEvent ev;
  const SynackConnection *c;
  guint n = 0;
  guint first, last;

  synack_trace_read_event (trace, cause, &ev);
  c = synack_trace_get_connection (trace, ev.conn);

  /* The caused change happens at the cause's time or (for a segment) when
   * it arrives; look from the cause on, a bounded way. */
  synack_trace_conn_range (trace, ev.conn, ev.time, G_MAXINT64, &first, &last);
  for (guint p = first; p < c->n_events && p < first + 64 && n < max; p++)
    {
      guint idx = synack_trace_conn_event (trace, ev.conn, p);
      SynackEvent s;

      synack_trace_read_event (trace, idx, &s);
      if (s.kind == SYNACK_EVENT_STATE && s.state.cause_kind == cause_kind &&
          s.state.cause == cause)
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

/* Did this endpoint open actively (it was in SYN-SENT before event index)? */
static gboolean
opened_actively (SynackTrace *trace,
                 guint        conn,
                 guint        endpoint,
                 guint        index)
{
  guint n = synack_trace_get_n_state_spans (trace, conn, endpoint);

  for (guint i = 0; i < n; i++)
    {
      gint64 time;
      SynackTcpState state;
      guint event;

      synack_trace_get_state_span (trace, conn, endpoint, i, &time, &state, &event);
      if (event != G_MAXUINT && event > index)
        break;
      if (state == SYNACK_TCP_SYN_SENT)
        return TRUE;
    }
  return FALSE;
}

/* The sentence for a state change, told with what caused it: a refused
 * connect() is not "refused or timed out", a handshake is three-way only
 * when one side listened. */
static const char *
context_transition (SynackTrace        *trace,
                    guint               index,
                    const SynackEvent  *s,
                    const char        **rfc)
{
  SynackEvent cause_event;
  const SynackEvent *cause = NULL;

  if ((s->state.cause_kind == SYNACK_CAUSE_SEGMENT || s->state.cause_kind == SYNACK_CAUSE_CALL ||
       s->state.cause_kind == SYNACK_CAUSE_TIMER) &&
      synack_trace_read_event (trace, s->state.cause, &cause_event))
    cause = &cause_event;

  if (s->state.to == SYNACK_TCP_CLOSED && cause != NULL)
    {
      if (cause->kind == SYNACK_EVENT_SEGMENT && (cause->segment.flags & SYNACK_FLAG_RST))
        {
          if (s->state.from == SYNACK_TCP_SYN_SENT)
            {
              *rfc = "RFC 9293 §3.10.7.3";
              return _("the reset acknowledges its SYN, so it is acceptable: the connection is refused, it moves to CLOSED, and connect() fails with ECONNREFUSED");
            }
          if (s->state.from == SYNACK_TCP_SYN_RECEIVED)
            {
              *rfc = "RFC 9293 §3.10.7.4";
              return _("the reset is in its window: the half-open connection is dropped and it moves to CLOSED");
            }
          *rfc = "RFC 9293 §3.10.7.4";
          return _("the reset is in its window: the connection is reset, it moves to CLOSED, and the application's next call fails with ECONNRESET");
        }
      if (cause->kind == SYNACK_EVENT_TIMER && cause->timer.timer == SYNACK_TIMER_KEEPALIVE)
        {
          *rfc = "RFC 1122 §4.2.3.6";
          return _("no keep-alive probe was answered: it gives up on the peer, sends a reset (as Linux does) and moves to CLOSED; the application's read() fails with ETIMEDOUT");
        }
      if (cause->kind == SYNACK_EVENT_TIMER && cause->timer.timer == SYNACK_TIMER_RETRANSMISSION)
        {
          *rfc = "RFC 9293 §3.8.3";
          if (s->state.from == SYNACK_TCP_SYN_SENT)
            return _("its SYN was sent the allowed number of times with no answer: it gives up and moves to CLOSED, and connect() fails with ETIMEDOUT");
          return _("its segment was retransmitted the allowed number of times with no answer: it gives up and moves to CLOSED, with ETIMEDOUT for the application");
        }
      if (cause->kind == SYNACK_EVENT_TIMER && cause->timer.timer == SYNACK_TIMER_TIME_WAIT)
        return synack_explain_transition (s->state.from, s->state.to, rfc);
      if (cause->kind == SYNACK_EVENT_CALL && cause->call.call == SYNACK_CALL_ABORT)
        {
          *rfc = "RFC 9293 §3.10.5";
          return _("its application aborts: TCP sends a reset (unless it had sent nothing yet) and moves to CLOSED");
        }
      if (cause->kind == SYNACK_EVENT_CALL && cause->call.call == SYNACK_CALL_CRASH)
        {
          *rfc = "RFC 9293 §3.5.1";
          return _("its host crashes: the connection's state is gone at once, and nothing is sent");
        }
      if (cause->kind == SYNACK_EVENT_CALL && cause->call.call == SYNACK_CALL_CLOSE &&
          s->state.from == SYNACK_TCP_SYN_SENT)
        {
          *rfc = "RFC 9293 §3.10.4";
          return _("its application closes before the connection opens: the attempt is given up and it moves to CLOSED");
        }
      if (cause->kind == SYNACK_EVENT_CALL && cause->call.call == SYNACK_CALL_CLOSE &&
          s->state.from == SYNACK_TCP_LISTEN)
        return synack_explain_transition (s->state.from, s->state.to, rfc);
      if (cause->kind == SYNACK_EVENT_CALL && cause->call.call == SYNACK_CALL_CLOSE)
        {
          *rfc = "RFC 1122 §4.2.2.13";
          return _("its application closes with data still unread: TCP sends a reset instead of a FIN and moves to CLOSED");
        }
    }

  if (s->state.from == SYNACK_TCP_SYN_RECEIVED && s->state.to == SYNACK_TCP_ESTABLISHED)
    {
      *rfc = "RFC 9293 §3.10.7.4";
      if (opened_actively (trace, s->conn, s->endpoint, index))
        return _("the ACK of its SYN arrives and it moves to ESTABLISHED: both SYNs are acknowledged and the simultaneous open is complete");
      return _("the ACK of its SYN arrives and it moves to ESTABLISHED: the three-way handshake is complete");
    }
  return synack_explain_transition (s->state.from, s->state.to, rfc);
}

/* The sequence arithmetic of one segment, in words: SYN and FIN take one
 * number each, the acknowledgement is the next byte expected. */
static void
explain_numbers (SynackTrace       *trace,
                 guint              index,
                 const SynackEvent *ev,
                 GString           *out)
{
  const SynackConnection *c = synack_trace_get_connection (trace, ev->conn);
  guint8 f = ev->segment.flags;
  guint32 seq = synack_trace_relative_seq (trace, index);
  guint32 ack = synack_trace_relative_ack (trace, index);
  guint32 len = ev->segment.len;
  const char *who = synack_explain_endpoint_name (trace, ev->conn, ev->endpoint);
  const char *peer = synack_explain_endpoint_name (trace, ev->conn, 1 - ev->endpoint);
  g_autofree char *s = NULL;

  if (f & SYNACK_FLAG_RST)
    return;
  if (f & SYNACK_FLAG_SYN)
    {
      s = g_strdup_printf (_("A SYN takes one sequence number: this SYN is number %u, %s's initial sequence number (ISN), so its first data byte will be %u."),
                           seq, who, seq + 1);
      append_sentence (out, s);
      g_clear_pointer (&s, g_free);
    }
  if (len > 0)
    {
      s = g_strdup_printf (_("Its data takes sequence numbers %u to %u (len = %u), so the receiver acknowledges it with ack %u = seq + len: the next byte it expects."),
                           seq, seq + len - 1, len, seq + len);
      append_sentence (out, s);
      g_clear_pointer (&s, g_free);
    }
  if (f & SYNACK_FLAG_FIN)
    {
      s = g_strdup_printf (_("A FIN takes one sequence number too: this FIN is number %u, so the ACK of it will be %u."),
                           seq + len, seq + len + 1);
      append_sentence (out, s);
      g_clear_pointer (&s, g_free);
    }
  if ((f & SYNACK_FLAG_ACK) && (c->flags & (SYNACK_CONNECTION_HAVE_ISN_0 << (1 - ev->endpoint))))
    {
      SynackTcpState st = synack_trace_state_at_event (trace, ev->conn, ev->endpoint, index);
      gboolean fin_in = st == SYNACK_TCP_CLOSE_WAIT || st == SYNACK_TCP_LAST_ACK ||
                        st == SYNACK_TCP_CLOSING || st == SYNACK_TCP_TIME_WAIT;

      if (fin_in && ack > 0)
        s = g_strdup_printf (_("Ack %u is the next number %s expects from %s: the peer's FIN took number %u, so its ACK is %u."),
                             ack, who, peer, ack - 1, ack);
      else if (ack == 1)
        s = g_strdup_printf (_("Ack %u is the next byte %s expects from %s: the peer's ISN + 1, since the peer's SYN took one number."),
                             ack, who, peer);
      else
        s = g_strdup_printf (_("Ack %u is the next byte %s expects from %s: every byte before %u has arrived."),
                             ack, who, peer, ack);
      append_sentence (out, s);
    }
}

static gboolean
is_keep_alive (const SynackEvent *ev)
{
  return ev->kind == SYNACK_EVENT_SEGMENT && (ev->segment.analysis & SYNACK_ANALYSIS_KEEP_ALIVE);
}

/* A SYN-ACK crossing in a simultaneous open arrives in SYN-RECEIVED: RFC
 * 9293's segment-arrival rules answer it with an ACK. */
static gboolean
is_crossed_syn_ack (SynackTrace       *trace,
                    guint              index,
                    const SynackEvent *ev)
{
  guint receiver = 1 - ev->endpoint;

  return (ev->segment.flags & (SYNACK_FLAG_SYN | SYNACK_FLAG_ACK | SYNACK_FLAG_RST)) ==
           (SYNACK_FLAG_SYN | SYNACK_FLAG_ACK) &&
         ev->segment.arrive != SYNACK_TIME_NONE &&
         synack_trace_state_at_time (trace, ev->conn, receiver, ev->segment.arrive - 1) ==
           SYNACK_TCP_SYN_RECEIVED &&
         opened_actively (trace, ev->conn, receiver, index);
}

/* The flags of the peer's segment that a challenge ACK answers: the last
 * one to arrive from the peer at or before it was sent. */
static guint8
challenge_trigger (SynackTrace       *trace,
                   guint              index,
                   const SynackEvent *ev)
{
  guint first, last;

  synack_trace_conn_range (trace, ev->conn, G_MININT64, ev->time + 1, &first, &last);
  for (guint p = last; p-- > first;)
    {
      guint i = synack_trace_conn_event (trace, ev->conn, p);
      SynackEvent o;

      synack_trace_read_event (trace, i, &o);
      if (i == index || o.kind != SYNACK_EVENT_SEGMENT || o.endpoint == ev->endpoint)
        continue;
      if (o.segment.arrive != SYNACK_TIME_NONE && o.segment.arrive <= ev->time)
        return o.segment.flags;
    }
  return 0;
}

/* Did endpoint move to CLOSED just as it sent segment index (an abort:
 * the change this segment shows, or a call's or timer's at its instant),
 * rather than being without a connection before it? */
static gboolean
closed_by_sending (SynackTrace       *trace,
                   guint              index,
                   const SynackEvent *ev,
                   guint              endpoint)
{
  guint n = synack_trace_get_n_state_spans (trace, ev->conn, endpoint);

  for (guint i = n; i-- > 1;)
    {
      gint64 time;
      SynackTcpState state;
      guint event;
      SynackEvent change;

      synack_trace_get_state_span (trace, ev->conn, endpoint, i, &time, &state, &event);
      if (event > index)
        continue;
      if (state != SYNACK_TCP_CLOSED || !synack_trace_read_event (trace, event, &change) ||
          change.kind != SYNACK_EVENT_STATE)
        return FALSE;
      return (change.state.cause_kind == SYNACK_CAUSE_SEGMENT && change.state.cause == index) ||
             ((change.state.cause_kind == SYNACK_CAUSE_CALL ||
               change.state.cause_kind == SYNACK_CAUSE_TIMER) && time == ev->time);
    }
  return FALSE;
}

static char *
explain_segment (SynackTrace        *trace,
                 guint               index,
                 const SynackEvent  *ev,
                 guint               last,
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
  gboolean occupies = ev->segment.len > 0 || (ev->segment.flags & (SYNACK_FLAG_SYN | SYNACK_FLAG_FIN));

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

  if (is_keep_alive (ev))
    {
      /* RFC 1122 4.2.3.6: SEG.SEQ = SND.NXT-1, so the peer must answer. */
      g_autofree char *s = NULL;

      g_string_append (out, _(": it is a keep-alive probe."));
      s = g_strdup_printf (_("The connection has been idle, so %s checks that %s is still there. "
                             "The probe carries seq %u = SND.NXT-1: a byte %s has already received "
                             "and acknowledged, and no new data. A sequence number below the "
                             "window is not acceptable, so a live peer must answer it with an ACK "
                             "of RCV.NXT; a peer that restarted and no longer knows the connection answers with a reset."),
                           who, whom, seq, whom);
      append_sentence (out, s);
      *rfc = "RFC 1122 §4.2.3.6";
    }
  else
    {
      g_string_append_printf (out, _(": it %s."), synack_explain_flags (ev->segment.flags));
      *rfc = (ev->segment.flags & SYNACK_FLAG_RST) ? "RFC 9293 §3.5.2" :
             (ev->segment.flags & SYNACK_FLAG_SYN) ? "RFC 9293 §3.5" :
             (ev->segment.flags & SYNACK_FLAG_FIN) ? "RFC 9293 §3.6" : "RFC 9293 §3.4";
      explain_numbers (trace, index, ev, out);
      if ((ev->segment.flags & SYNACK_FLAG_RST) && sender_state == SYNACK_TCP_CLOSED)
        {
          const SynackConnection *c = synack_trace_get_connection (trace, ev->conn);
          g_autofree char *s = NULL;

          if ((ev->segment.flags & SYNACK_FLAG_ACK) &&
              !closed_by_sending (trace, index, ev, sender))
            {
              s = g_strdup_printf (_("Nothing listens on port %u, so the segment found no connection (CLOSED) and is answered with a reset: seq %u, and ack %u = the arriving seq + len (+1 for its SYN), so that %s can accept it."),
                                   c->port[sender], seq, ack, whom);
              *rfc = "RFC 9293 §3.10.7.1";
            }
          else
            s = g_strdup_printf (_("%s has dropped the connection and says so: a peer that is still there must drop it too."),
                                 who);
          append_sentence (out, s);
        }
    }

  for (guint bit = 0; bit < SYNACK_ANALYSIS_N_FLAGS; bit++)
    {
      g_autofree char *s = NULL;
      guint32 a = 1u << bit;

      if (!(ev->segment.analysis & a) || a == SYNACK_ANALYSIS_KEEP_ALIVE)
        continue;
      if (a == SYNACK_ANALYSIS_RETRANSMISSION)
        s = g_strdup (_("It is a retransmission: the same sequence numbers sent again, because no ACK for them came in time."));
      else if (a == SYNACK_ANALYSIS_CHALLENGE_ACK)
        {
          guint8 trigger = challenge_trigger (trace, index, ev);

          if (trigger & SYNACK_FLAG_RST)
            {
              s = g_strdup (_("It is a challenge ACK: a reset arrived inside the window but not exactly at RCV.NXT; instead of dropping the connection TCP answers with an ACK of SND.NXT and RCV.NXT, so a peer that really no longer has the connection replies with a reset carrying the exact sequence number."));
              *rfc = "RFC 5961 §3.2";
            }
          else if (trigger & SYNACK_FLAG_SYN)
            {
              s = g_strdup (_("It is a challenge ACK: a SYN arrived in a synchronized state; instead of dropping the connection TCP answers with an ACK of SND.NXT and RCV.NXT, so a peer that restarted replies with a reset carrying the exact sequence number."));
              *rfc = "RFC 5961 §4.2";
            }
          else
            {
              s = g_strdup (_("It is a challenge ACK: a SYN, or a reset not exactly at RCV.NXT, arrived in a synchronized state; instead of dropping the connection TCP answers with an ACK of SND.NXT and RCV.NXT, so a peer that really no longer has the connection replies with a reset carrying the exact sequence number."));
              *rfc = "RFC 5961 §4";
            }
        }
      else if (a == SYNACK_ANALYSIS_KEEP_ALIVE_ACK)
        s = g_strdup (_("It answers a keep-alive probe: the peer is alive, so the idle time starts again."));
      else
        s = g_strdup_printf (_("Analysis: %s."), synack_analysis_label (bit));
      append_sentence (out, s);
    }

  /* what becomes of it is not told while the send is the last step told */
  if (ev->segment.fate == SYNACK_FATE_HOST_DOWN && synack_theme_fate_told (ev, index, last))
    {
      g_autofree char *s = NULL;

      if (is_keep_alive (ev))
        s = g_strdup_printf (_("%s's host is down (it crashed): the probe reaches nobody, so no answer comes."),
                             whom);
      else
        s = g_strdup_printf (_("%s's host is down (it crashed): nobody is there to take the segment, so nothing answers it."),
                             whom);
      append_sentence (out, s);
      return g_string_free (out, FALSE);
    }
  if (ev->segment.fate == SYNACK_FATE_LOST && synack_theme_fate_told (ev, index, last))
    {
      g_autofree char *s = g_strdup_printf (_("The link loses it: it never reaches %s."), whom);

      append_sentence (out, s);
      if (is_keep_alive (ev))
        append_sentence (out, _("Without an answer the next probe follows after the probe interval."));
      else if (ev->segment.flags & SYNACK_FLAG_RST)
        append_sentence (out, _("A reset is never sent again: if the peer goes on sending, each of its segments will be answered with a new reset."));
      else if (occupies)
        {
          append_sentence (out, _("Only a retransmission can repair the gap: the sender's retransmission timer will send these sequence numbers again."));
          *rfc = "RFC 6298 §5";
        }
      else
        append_sentence (out, _("An ACK takes no sequence number and is not sent again by itself: a later ACK covers it, since acknowledgements are cumulative."));
      return g_string_free (out, FALSE);
    }
  if (ev->segment.fate == SYNACK_FATE_DUPLICATED)
    append_sentence (out, _("This is an extra copy made by the link."));

  if (is_crossed_syn_ack (trace, index, ev) &&
      (last == G_MAXUINT || ev->segment.arrive <= synack_trace_get_event_time (trace, last)))
    {
      g_autofree char *s = g_strdup_printf (_("%s is in SYN-RECEIVED and has already acknowledged this SYN (its RCV.NXT is one past it), so the segment is not acceptable: %s answers it with an ACK of SND.NXT and RCV.NXT and drops it. The simultaneous-open figure of RFC 793 (figure 8) shows the crossed SYN-ACKs taking both ends to ESTABLISHED; by the segment-arrival rules it is these answering ACKs that do it."),
                                            whom, whom);
      append_sentence (out, s);
      *rfc = "RFC 9293 §3.10.7.4";
    }

  n_caused = find_caused_states (trace, index, SYNACK_CAUSE_SEGMENT, caused, G_N_ELEMENTS (caused));
  for (guint i = 0; i < n_caused; i++)
    {
      SynackEvent s;
      const char *section = NULL;
      const char *sentence;
      const char *actor;
      g_autofree char *text = NULL;

      /* what its arrival does is not told before the cursor is there */
      if (caused[i] > last)
        continue;
      synack_trace_read_event (trace, caused[i], &s);
      sentence = context_transition (trace, caused[i], &s, &section);
      actor = synack_explain_endpoint_name (trace, s.conn, s.endpoint);

      if (s.endpoint != receiver && caused[i] > index && sentence != NULL)
        /* the sender's change on taking in the peer's segment that
         * crossed this one: not a consequence of sending it */
        text = g_strdup_printf (_("%s is in %s; %s."), actor,
                                synack_tcp_state_to_rfc_name (s.state.from), sentence);
      else if (s.endpoint == receiver)
        {
          if (sentence != NULL)
            text = g_strdup_printf (_("%s is in %s; the %s arrives; %s."), actor,
                                    synack_tcp_state_to_rfc_name (s.state.from), flags, sentence);
          else
            text = g_strdup_printf (_("%s is in %s; the %s arrives; it moves to %s."), actor,
                                    synack_tcp_state_to_rfc_name (s.state.from), flags,
                                    synack_tcp_state_to_rfc_name (s.state.to));
        }
      else
        {
          if (sentence != NULL)
            text = g_strdup_printf (_("Sending it, %s leaves %s: %s."), actor,
                                    synack_tcp_state_to_rfc_name (s.state.from), sentence);
          else
            text = g_strdup_printf (_("Sending it, %s moves from %s to %s."), actor,
                                    synack_tcp_state_to_rfc_name (s.state.from),
                                    synack_tcp_state_to_rfc_name (s.state.to));
        }
      append_sentence (out, text);
      if (section != NULL)
        *rfc = section;
    }

  if (n_caused == 0 && ev->segment.arrive != SYNACK_TIME_NONE &&
      ev->segment.fate != SYNACK_FATE_CAPTURED && !is_crossed_syn_ack (trace, index, ev) &&
      (last == G_MAXUINT || ev->segment.arrive <= synack_trace_get_event_time (trace, last)))
    {
      SynackTcpState rs = synack_trace_state_at_event (trace, ev->conn, receiver, index);
      g_autofree char *s = NULL;

      if (rs == SYNACK_TCP_CLOSED && !(ev->segment.flags & SYNACK_FLAG_RST))
        s = g_strdup_printf (_("%s has no connection for it (CLOSED): it answers with a reset."),
                             whom);
      else if (rs == SYNACK_TCP_CLOSED)
        s = g_strdup_printf (_("%s has no connection for it (CLOSED): a reset there is dropped."),
                             whom);
      else
        s = g_strdup_printf (_("%s stays in %s."), whom, synack_tcp_state_to_rfc_name (rs));
      append_sentence (out, s);
      if (rs == SYNACK_TCP_CLOSED)
        *rfc = "RFC 9293 §3.10.7.1";
    }
  return g_string_free (out, FALSE);
}

static char *
call_sentence (const SynackEvent *ev,
               const char        *who)
{
  gulong arg = (gulong) ev->call.arg;
  int result = ev->call.result;

  switch ((SynackCallKind) ev->call.call)
    {
    case SYNACK_CALL_SOCKET:
      return g_strdup_printf (_("%s's application calls socket(): it gets a descriptor for a TCP socket; there is no connection yet and nothing is sent"), who);
    case SYNACK_CALL_BIND:
      if (result == EADDRINUSE)
        return g_strdup_printf (_("%s's application calls bind() to port %lu, which fails with EADDRINUSE: the earlier connection on this port still holds it in TIME-WAIT, and without SO_REUSEADDR the port cannot be bound again until TIME-WAIT ends"), who, arg);
      return g_strdup_printf (_("%s's application calls bind() to give the socket its local port %lu"), who, arg);
    case SYNACK_CALL_LISTEN:
      return g_strdup_printf (_("%s's application calls listen() on port %lu"), who, arg);
    case SYNACK_CALL_ACCEPT:
      return g_strdup_printf (_("%s's application calls accept() and blocks: it returns only when a connection to port %lu has finished its handshake"), who, arg);
    case SYNACK_CALL_CONNECT:
      return g_strdup_printf (_("%s's application calls connect() to port %lu: TCP starts the three-way handshake, and connect() blocks until it ends"), who, arg);
    case SYNACK_CALL_ACCEPT_RETURNS:
      return g_strdup_printf (_("accept() returns on %s with the new connection: the third segment of the handshake, the ACK of its SYN, has arrived"), who);
    case SYNACK_CALL_CONNECT_RETURNS:
      if (result == ECONNREFUSED)
        return g_strdup_printf (_("connect() returns -1 on %s with ECONNREFUSED: the peer answered the SYN with a reset, since nothing listens on that port"), who);
      if (result == ETIMEDOUT)
        return g_strdup_printf (_("connect() returns -1 on %s with ETIMEDOUT: no answer came to any of its SYNs"), who);
      if (result != 0)
        return g_strdup_printf (_("connect() returns -1 on %s with %s"), who,
                                synack_errno_name (result) ? synack_errno_name (result) : g_strerror (result));
      return g_strdup_printf (_("connect() returns 0 on %s: the connection is open, as soon as the second segment of the handshake (the SYN-ACK) has arrived"), who);
    case SYNACK_CALL_SEND:
      if (result == EPIPE)
        return g_strdup_printf (_("%s's application calls send(), which fails with EPIPE: the connection can no longer send"), who);
      if (result != 0)
        return g_strdup_printf (_("%s's application calls send(), which fails with %s: the connection has failed"), who,
                                synack_errno_name (result) ? synack_errno_name (result) : g_strerror (result));
      return g_strdup_printf (ngettext ("%s's application writes %lu byte with send(); it goes into the send buffer and TCP sends it in segments as the windows allow",
                                        "%s's application writes %lu bytes with send(); they go into the send buffer and TCP sends them in segments as the windows allow",
                                        arg), who, arg);
    case SYNACK_CALL_RECV:
      if (result == ETIMEDOUT)
        return g_strdup_printf (_("%s's application is blocked in read(), which returns -1 with ETIMEDOUT: TCP has given up on the connection"), who);
      if (result == ECONNRESET)
        return g_strdup_printf (_("%s's application is blocked in read(), which returns -1 with ECONNRESET: the peer reset the connection"), who);
      if (result != 0)
        return g_strdup_printf (_("%s's application is blocked in read(), which returns -1 with %s"), who,
                                synack_errno_name (result) ? synack_errno_name (result) : g_strerror (result));
      if (arg == 0)
        return g_strdup_printf (_("%s's application is in read(), which returns 0: the peer's FIN has arrived, so there is no more data (end of stream)"), who);
      return g_strdup_printf (ngettext ("%s's application reads %lu byte with read(); the space it frees opens the receive window again",
                                        "%s's application reads %lu bytes with read(); the space they free opens the receive window again",
                                        arg), who, arg);
    case SYNACK_CALL_SHUTDOWN:
      return g_strdup_printf (_("%s's application calls shutdown() on its sending side: TCP sends a FIN once the data is out, and can still receive (a half-close)"), who);
    case SYNACK_CALL_CLOSE:
      return g_strdup_printf (_("%s's application calls close(): it will neither send nor read any more"), who);
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
call_rfc (const SynackEvent *ev)
{
  switch ((SynackCallKind) ev->call.call)
    {
    case SYNACK_CALL_SOCKET:
    case SYNACK_CALL_BIND:
    case SYNACK_CALL_LISTEN:
    case SYNACK_CALL_ACCEPT:
    case SYNACK_CALL_CONNECT:
    case SYNACK_CALL_ACCEPT_RETURNS: return "RFC 9293 §3.10.1";
    case SYNACK_CALL_CONNECT_RETURNS:
      return ev->call.result == ECONNREFUSED ? "RFC 9293 §3.10.7.3" :
             ev->call.result == ETIMEDOUT ? "RFC 9293 §3.8.3" : "RFC 9293 §3.10.7.3";
    case SYNACK_CALL_SEND: return "RFC 9293 §3.10.2";
    case SYNACK_CALL_RECV:
      return ev->call.result == ETIMEDOUT ? "RFC 9293 §3.8.3" :
             ev->call.result == ECONNRESET ? "RFC 9293 §3.10.7.4" : "RFC 9293 §3.10.3";
    case SYNACK_CALL_SHUTDOWN: return "RFC 9293 §3.6.1";
    case SYNACK_CALL_CLOSE: return "RFC 9293 §3.10.4";
    case SYNACK_CALL_ABORT: return "RFC 9293 §3.10.5";
    case SYNACK_CALL_CRASH: return "RFC 9293 §3.5.1";
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
  g_autofree char *first = call_sentence (ev, who);
  guint caused[4];
  guint n_caused;

  if (first == NULL)
    return g_string_free (out, FALSE);
  append_sentence (out, first);
  g_string_append (out, C_("end of a sentence", "."));
  *rfc = call_rfc (ev);
  if (ev->call.call == SYNACK_CALL_BIND && ev->call.result == EADDRINUSE)
    *rfc = "RFC 9293 §3.6.1";
  /* a read() failing with ETIMEDOUT because keep-alive gave up */
  if (ev->call.result == ETIMEDOUT)
    for (guint i = index; i-- > 0;)
      {
        SynackEvent e;

        synack_trace_read_event (trace, i, &e);
        if (e.time != ev->time)
          break;
        if (e.kind == SYNACK_EVENT_TIMER && e.conn == ev->conn &&
            e.timer.timer == SYNACK_TIMER_KEEPALIVE)
          {
            *rfc = "RFC 1122 §4.2.3.6";
            break;
          }
      }

  n_caused = find_caused_states (trace, index, SYNACK_CAUSE_CALL, caused, G_N_ELEMENTS (caused));
  for (guint i = 0; i < n_caused; i++)
    {
      SynackEvent s;
      const char *section = NULL;
      const char *sentence;
      g_autofree char *text = NULL;

      synack_trace_read_event (trace, caused[i], &s);
      sentence = context_transition (trace, caused[i], &s, &section);

      if (sentence != NULL)
        text = g_strdup_printf (_("In %s, %s."), synack_tcp_state_to_rfc_name (s.state.from),
                                sentence);
      else
        text = g_strdup_printf (_("It moves from %s to %s."),
                                synack_tcp_state_to_rfc_name (s.state.from),
                                synack_tcp_state_to_rfc_name (s.state.to));
      append_sentence (out, text);
      if (section != NULL)
        *rfc = section;
    }
  return g_string_free (out, FALSE);
}

/* The keep-alive timer armed again before it ever fired: the idle time
 * counts from the last segment received, which came after it was set.
 * Returns 1 when it was due now (a catch-up), 2 when it was still running
 * (a segment arrived), 0 otherwise. */
static int
keepalive_rearmed (SynackTrace       *trace,
                   guint              index,
                   const SynackEvent *ev)
{
  const SynackConnection *c = synack_trace_get_connection (trace, ev->conn);
  guint first, last;

  if (ev->timer.count != 0)
    return 0;
  synack_trace_conn_range (trace, ev->conn, G_MININT64, ev->time, &first, &last);
  for (guint p = last; p-- > first;)
    {
      SynackEvent e;

      synack_trace_read_event (trace, synack_trace_conn_event (trace, ev->conn, p), &e);
      if (e.kind == SYNACK_EVENT_TIMER && e.endpoint == ev->endpoint &&
          e.timer.timer == SYNACK_TIMER_KEEPALIVE)
        {
          if (e.timer.action != SYNACK_TIMER_ARMED)
            return 0;
          return e.timer.due == ev->time ? 1 : 2;
        }
    }
  (void) c;
  (void) index;
  return 0;
}

static char *
explain_timer (SynackTrace        *trace,
               guint               index,
               const SynackEvent  *ev,
               const char        **rfc)
{
  const char *who = synack_explain_endpoint_name (trace, ev->conn, ev->endpoint);
  gboolean fired = ev->timer.action == SYNACK_TIMER_FIRED;
  gboolean armed = ev->timer.action == SYNACK_TIMER_ARMED;
  guint caused[1];
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
      else if (armed)
        text = g_strdup_printf (_("%s starts its retransmission timer: if no ACK comes in time, "
                                  "it sends again"), who);
      else if (synack_trace_state_at_time (trace, ev->conn, ev->endpoint, ev->time) == SYNACK_TCP_CLOSED)
        text = g_strdup_printf (_("%s stops its retransmission timer: the connection is closed, "
                                  "nothing is left to send again"), who);
      else
        text = g_strdup_printf (_("%s stops its retransmission timer: everything sent is "
                                  "acknowledged"), who);
      break;
    case SYNACK_TIMER_PERSIST:
      *rfc = "RFC 9293 §3.8.6.1";
      text = fired ? g_strdup_printf (_("%s's persist timer fires: it probes the peer's zero window"), who)
                   : armed ? g_strdup_printf (_("%s starts its persist timer: the peer's window is zero, and it will probe it"), who)
                           : g_strdup_printf (_("%s stops its persist timer: the peer's window is open again"), who);
      break;
    case SYNACK_TIMER_KEEPALIVE:
      *rfc = "RFC 1122 §4.2.3.6";
      if (fired && find_caused_states (trace, index, SYNACK_CAUSE_TIMER, caused, 1) > 0)
        text = g_strdup_printf (_("%s's keep-alive timer fires again and still nothing has come "
                                  "from the peer after %u probes: it gives up on the connection"),
                                who, ev->timer.count - 1);
      else if (fired && ev->timer.count >= 1)
        text = g_strdup_printf (_("%s's keep-alive timer fires: nothing has arrived from the peer "
                                  "for the whole idle time (or since the last probe), so it sends "
                                  "keep-alive probe %u"), who, ev->timer.count);
      else if (fired)
        text = g_strdup_printf (_("%s's keep-alive timer fires"), who);
      else if (armed && keepalive_rearmed (trace, index, ev) == 2)
        {
          g_autofree char *span = g_strdup_printf ("%.0f", (ev->timer.due - ev->time) / 1e9);

          text = g_strdup_printf (_("%s has just received a segment from the peer, so the idle "
                                    "time starts over: its keep-alive timer is set again for "
                                    "%s s"), who, span);
        }
      else if (armed && keepalive_rearmed (trace, index, ev) == 1)
        {
          g_autofree char *left = g_strdup_printf ("%.3f", (ev->timer.due - ev->time) / 1e9);

          text = g_strdup_printf (_("%s's keep-alive timer comes due, but a segment arrived after "
                                    "it was set: the idle time counts from the last segment "
                                    "received, so it is set again for the %s s still to wait"),
                                  who, left);
        }
      else if (armed && ev->timer.count >= 1)
        {
          g_autofree char *span = g_strdup_printf ("%.0f", (ev->timer.due - ev->time) / 1e9);

          text = g_strdup_printf (_("%s sets its keep-alive timer for the next probe, %s s on, "
                                    "unless the peer answers first"), who, span);
        }
      else if (armed)
        {
          g_autofree char *span = g_strdup_printf ("%.0f", (ev->timer.due - ev->time) / 1e9);

          text = g_strdup_printf (_("%s starts its keep-alive timer: if nothing arrives from the "
                                    "peer for %s s (the idle time), it will send a probe"),
                                  who, span);
        }
      else
        text = g_strdup_printf (_("%s stops its keep-alive timer"), who);
      break;
    case SYNACK_TIMER_DELAYED_ACK:
      *rfc = "RFC 9293 §3.8.6.3";
      text = fired ? g_strdup_printf (_("%s's delayed-ACK timer fires: it acknowledges what arrived"), who)
                   : armed ? g_strdup_printf (_("%s holds back its ACK a little, hoping to send it with data"), who)
                           : g_strdup_printf (_("%s stops its delayed-ACK timer: the ACK went out with other data"), who);
      break;
    case SYNACK_TIMER_TIME_WAIT:
      *rfc = fired ? "RFC 9293 §3.10.8" : "RFC 9293 §3.3.2";
      text = fired ? g_strdup_printf (_("%s's TIME-WAIT timer (2 MSL) expires: its last ACK needs no more repeating, and no old duplicate of this connection can still be on the way"), who)
                   : armed ? g_strdup_printf (_("%s starts the TIME-WAIT timer for twice the maximum segment lifetime (2 MSL), for two reasons: its last ACK may be lost, and then the peer sends its FIN again and it must still be there to acknowledge it once more; and old duplicate segments of this connection must die out before the same 4-tuple can carry a new connection"), who)
                           : g_strdup_printf (_("%s stops its TIME-WAIT timer"), who);
      break;
    default:
      return g_strdup ("");
    }
  cap = capitalize (text);
  return g_strconcat (cap, C_("end of a sentence", "."), NULL);
}

static char *
explain_state (SynackTrace        *trace,
               guint               index,
               const SynackEvent  *ev,
               const char        **rfc)
{
  const char *who = synack_explain_endpoint_name (trace, ev->conn, ev->endpoint);
  const char *sentence = context_transition (trace, index, ev, rfc);
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
  if (ev->state.to == SYNACK_TCP_TIME_WAIT)
    {
      char *with = g_strconcat (cap, " ",
                                _("It waits there 2 MSL for two reasons: its last ACK may be lost and must then be sent again when the peer repeats its FIN, and old duplicates of this connection must die out before the same 4-tuple is used again."),
                                NULL);

      g_free (cap);
      cap = with;
    }
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
  text = g_strdup_printf (_("%s's send variables: %u bytes in flight (SND.NXT - SND.UNA), the peer allows %u (SND.WND), "
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
  return synack_explain_event_until (trace, index, G_MAXUINT, rfc_section);
}

char *
synack_explain_event_until (SynackTrace  *trace,
                            guint         index,
                            guint         last,
                            const char  **rfc_section)
{
  SynackEvent event;
  const SynackEvent *ev = &event;
  const char *rfc = NULL;
  char *text = NULL;

  g_return_val_if_fail (SYNACK_IS_TRACE (trace), NULL);
  g_return_val_if_fail (index < synack_trace_get_n_events (trace), NULL);

  synack_trace_read_event (trace, index, &event);
  switch (ev->kind)
    {
    case SYNACK_EVENT_SEGMENT:
      text = explain_segment (trace, index, ev, last, &rfc);
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
