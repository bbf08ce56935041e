/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "synack-explain.h"
#include "synack-quiz.h"
#include "synack-segment.h"

void
synack_quiz_question_free (SynackQuizQuestion *question)
{
  if (question == NULL)
    return;
  g_free (question->question);
  g_ptr_array_unref (question->choices);
  g_free (question);
}

static gboolean
has_choice (GPtrArray  *choices,
            const char *text)
{
  for (guint i = 0; i < choices->len; i++)
    if (g_str_equal (g_ptr_array_index (choices, i), text))
      return TRUE;
  return FALSE;
}

static void
add_choice (GPtrArray *choices,
            char      *text)
{
  if (has_choice (choices, text))
    g_free (text);
  else
    g_ptr_array_add (choices, text);
}

static char *
segment_choice (guint8  flags,
                guint32 seq,
                guint32 ack)
{
  char buf[64];

  synack_flags_to_string (flags, buf, sizeof buf);
  if (flags & SYNACK_FLAG_ACK)
    return g_strdup_printf ("%s · seq %u · ack %u", buf, seq, ack);
  return g_strdup_printf ("%s · seq %u", buf, seq);
}

/* Put the correct answer (choices[0]) at a position that depends on the
 * event, so it is not always first yet the same trace asks the same way. */
static void
place_answer (SynackQuizQuestion *q)
{
  guint slot = (q->event * 7 + 3) % q->choices->len;
  gpointer answer = g_ptr_array_index (q->choices, 0);

  q->choices->pdata[0] = q->choices->pdata[slot];
  q->choices->pdata[slot] = answer;
  q->correct = slot;
}

static SynackQuizQuestion *
segment_question (SynackTrace       *trace,
                  guint              index,
                  const SynackEvent *ev)
{
  static const guint8 other_flags[] = {
    SYNACK_FLAG_SYN, SYNACK_FLAG_SYN | SYNACK_FLAG_ACK, SYNACK_FLAG_ACK,
    SYNACK_FLAG_FIN | SYNACK_FLAG_ACK, SYNACK_FLAG_RST, SYNACK_FLAG_RST | SYNACK_FLAG_ACK,
    SYNACK_FLAG_PSH | SYNACK_FLAG_ACK,
  };
  SynackQuizQuestion *q = g_new0 (SynackQuizQuestion, 1);
  guint32 seq = synack_trace_relative_seq (trace, index);
  guint32 ack = synack_trace_relative_ack (trace, index);
  guint8 flags = ev->segment.flags;

  q->event = index;
  q->choices = g_ptr_array_new_with_free_func (g_free);
  q->question = g_strdup_printf (_("What does %s send next?"),
                                 synack_explain_endpoint_name (trace, ev->conn, ev->endpoint));
  g_ptr_array_add (q->choices, segment_choice (flags, seq, ack));
  /* Right flags, numbers off by one: the classic mistake. */
  if (flags & SYNACK_FLAG_ACK)
    add_choice (q->choices, segment_choice (flags, seq, ack + 1));
  add_choice (q->choices, segment_choice (flags, seq + 1, ack));
  /* Other flags, same numbers. */
  for (guint i = 0; i < G_N_ELEMENTS (other_flags) && q->choices->len < 4; i++)
    {
      guint pick = (index + i * 3) % G_N_ELEMENTS (other_flags);

      if (other_flags[pick] != flags)
        add_choice (q->choices, segment_choice (other_flags[pick], seq, ack));
    }
  place_answer (q);
  return q;
}

static SynackQuizQuestion *
state_question (SynackTrace       *trace,
                guint              index,
                const SynackEvent *ev)
{
  SynackQuizQuestion *q = g_new0 (SynackQuizQuestion, 1);

  q->event = index;
  q->choices = g_ptr_array_new_with_free_func (g_free);
  q->question = g_strdup_printf (_("%s is in %s. Which state does it move to next?"),
                                 synack_explain_endpoint_name (trace, ev->conn, ev->endpoint),
                                 synack_tcp_state_to_rfc_name (ev->state.from));
  {
    g_autofree char *cap = NULL;
    gunichar c = g_utf8_get_char (q->question);
    char buf[8];
    int n = g_unichar_to_utf8 (g_unichar_toupper (c), buf);

    buf[n] = '\0';
    cap = g_strconcat (buf, g_utf8_next_char (q->question), NULL);
    g_free (q->question);
    q->question = g_steal_pointer (&cap);
  }
  g_ptr_array_add (q->choices, g_strdup (synack_tcp_state_to_rfc_name (ev->state.to)));
  /* States one could reach from here per RFC 9293, then any others. */
  for (guint s = 0; s < SYNACK_TCP_N_STATES && q->choices->len < 4; s++)
    if (s != ev->state.to && s != ev->state.from &&
        synack_explain_transition (ev->state.from, s, NULL) != NULL)
      add_choice (q->choices, g_strdup (synack_tcp_state_to_rfc_name (s)));
  for (guint k = 0; k < SYNACK_TCP_N_STATES && q->choices->len < 4; k++)
    {
      guint s = (ev->state.to + 3 + k * 5) % SYNACK_TCP_N_STATES;

      if (s != ev->state.to && s != ev->state.from)
        add_choice (q->choices, g_strdup (synack_tcp_state_to_rfc_name (s)));
    }
  place_answer (q);
  return q;
}

SynackQuizQuestion *
synack_quiz_next (SynackTrace *trace,
                  guint        conn,
                  int          position)
{
  const SynackConnection *c;
  guint first = 0, last;

  g_return_val_if_fail (SYNACK_IS_TRACE (trace), NULL);

  c = synack_trace_get_connection (trace, conn);
  if (c == NULL)
    return NULL;
  if (position >= 0 && (guint) position < synack_trace_get_n_events (trace))
    synack_trace_conn_range (trace, conn, synack_trace_get_event_time (trace, position),
                             G_MAXINT64, &first, &last);
  for (guint p = first; p < c->n_events; p++)
    {
      guint idx = synack_trace_conn_event (trace, conn, p);
      SynackEvent ev;

      if ((int) idx <= position)
        continue;
      synack_trace_read_event (trace, idx, &ev);
      if (ev.kind == SYNACK_EVENT_SEGMENT)
        return segment_question (trace, idx, &ev);
      if (ev.kind == SYNACK_EVENT_STATE)
        return state_question (trace, idx, &ev);
    }
  return NULL;
}
