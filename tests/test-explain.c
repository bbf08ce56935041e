/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Explanations, quiz questions, the sequence-space numbers and script
 * editing: the GUI's logic that needs no display, on real engine traces. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>

#include "synack-explain.h"
#include "synack-pcap-source.h"
#include "synack-notation.h"
#include "synack-render.h"
#include "synack-quiz.h"
#include "synack-scenario.h"
#include "synack-script-edit.h"
#include "synack-seq.h"
#include "synack-seqspace.h"
#include "synack-test-utils.h"

static int
find_event (SynackTrace *trace,
            guint        kind,
            guint8       flags_or_to,
            guint        nth)
{
  for (guint i = 0; i < synack_trace_get_n_events (trace); i++)
    {
      SynackEvent ev;
      synack_trace_read_event (trace, i, &ev);

      if (ev.kind != kind)
        continue;
      if (kind == SYNACK_EVENT_SEGMENT && ev.segment.flags != flags_or_to)
        continue;
      if (kind == SYNACK_EVENT_STATE && ev.state.to != flags_or_to)
        continue;
      if (nth-- == 0)
        return (int) i;
    }
  return -1;
}

static void
test_handshake_segments (void)
{
  g_autoptr(SynackTrace) trace = synack_test_run_builtin ("handshake-and-close");
  g_autofree char *syn_text = NULL;
  g_autofree char *synack_text = NULL;
  g_autofree char *ack_text = NULL;
  const char *rfc = NULL;
  int syn, synack, ack;

  syn = find_event (trace, SYNACK_EVENT_SEGMENT, SYNACK_FLAG_SYN, 0);
  synack = find_event (trace, SYNACK_EVENT_SEGMENT, SYNACK_FLAG_SYN | SYNACK_FLAG_ACK, 0);
  ack = find_event (trace, SYNACK_EVENT_SEGMENT, SYNACK_FLAG_ACK, 0);
  g_assert_cmpint (syn, >=, 0);

  syn_text = synack_explain_event (trace, syn, &rfc);
  g_assert_true (g_str_has_prefix (syn_text, "The client, in SYN-SENT, sends SYN, seq 0"));
  g_assert_nonnull (strstr (syn_text, "The server is in LISTEN; the SYN arrives; it answers "
                                      "SYN-ACK and moves to SYN-RECEIVED."));
  g_assert_cmpstr (rfc, ==, "RFC 9293 §3.10.7.2");

  synack_text = synack_explain_event (trace, synack, &rfc);
  g_assert_nonnull (strstr (synack_text, "ack 1"));
  g_assert_nonnull (strstr (synack_text, "The client is in SYN-SENT; the SYN, ACK arrives"));
  g_assert_nonnull (strstr (synack_text, "ESTABLISHED"));
  g_assert_cmpstr (rfc, ==, "RFC 9293 §3.10.7.3");

  ack_text = synack_explain_event (trace, ack, &rfc);
  g_assert_nonnull (strstr (ack_text, "three-way handshake is complete"));
  g_assert_cmpstr (rfc, ==, "RFC 9293 §3.10.7.4");
}

static void
test_calls_and_timers (void)
{
  g_autoptr(SynackTrace) trace = synack_test_run_builtin ("handshake-and-close");
  gboolean saw_listen = FALSE, saw_time_wait_expiry = FALSE;

  for (guint i = 0; i < synack_trace_get_n_events (trace); i++)
    {
      SynackEvent ev;
      synack_trace_read_event (trace, i, &ev);
      const char *rfc = NULL;
      g_autofree char *text = synack_explain_event (trace, i, &rfc);

      /* Every event gets words, starting with a capital letter, or with a
       * socket call spelled as in C ("connect() returns", not "Connect()"). */
      g_assert_nonnull (text);
      g_assert_cmpuint (strlen (text), >, 10);
      if (g_str_has_prefix (text, "connect()") || g_str_has_prefix (text, "accept()"))
        g_assert_true (ev.kind == SYNACK_EVENT_CALL);
      else
        g_assert_true (g_unichar_isupper (g_utf8_get_char (text)));
      g_assert_false (g_str_has_prefix (text, "Connect()") || g_str_has_prefix (text, "Accept()"));

      if (ev.kind == SYNACK_EVENT_CALL && ev.call.call == SYNACK_CALL_LISTEN)
        {
          g_assert_nonnull (strstr (text, "listen() on port 80"));
          g_assert_nonnull (strstr (text, "LISTEN"));
          g_assert_cmpstr (rfc, ==, "RFC 9293 §3.10.1");
          saw_listen = TRUE;
        }
      if (ev.kind == SYNACK_EVENT_STATE && ev.state.from == SYNACK_TCP_TIME_WAIT)
        {
          g_assert_nonnull (strstr (text, "2 MSL"));
          g_assert_cmpstr (rfc, ==, "RFC 9293 §3.10.8");
          saw_time_wait_expiry = TRUE;
        }
    }
  g_assert_true (saw_listen);
  g_assert_true (saw_time_wait_expiry);
}

static void
test_lost_segment (void)
{
  g_autoptr(SynackTrace) trace = synack_test_run_builtin ("lost-syn");
  int syn = find_event (trace, SYNACK_EVENT_SEGMENT, SYNACK_FLAG_SYN, 0);
  const char *rfc = NULL;
  g_autofree char *text = synack_explain_event (trace, syn, &rfc);

  g_assert_cmpint (synack_test_event (trace, syn).segment.fate, ==, SYNACK_FATE_LOST);
  g_assert_nonnull (strstr (text, "The link loses it"));
  g_assert_cmpstr (rfc, ==, "RFC 6298 §5");
}

static void
test_transitions (void)
{
  const char *rfc = NULL;

  g_assert_nonnull (synack_explain_transition (SYNACK_TCP_CLOSE_WAIT, SYNACK_TCP_LAST_ACK, &rfc));
  g_assert_cmpstr (rfc, ==, "RFC 9293 §3.10.4");
  /* A reset from any synchronized state. */
  g_assert_nonnull (synack_explain_transition (SYNACK_TCP_FIN_WAIT_2, SYNACK_TCP_CLOSED, &rfc));
  /* Not in the RFC's diagram. */
  g_assert_null (synack_explain_transition (SYNACK_TCP_LISTEN, SYNACK_TCP_TIME_WAIT, &rfc));
  g_assert_null (rfc);
}

static void
test_quiz_questions (void)
{
  g_autoptr(SynackTrace) trace = synack_test_run_builtin ("handshake-and-close");
  int position = -1;
  guint asked = 0;

  /* Walk the whole connection by answering: each question is about a later
   * event, has distinct choices, and its right answer describes the event. */
  for (;;)
    {
      g_autoptr(SynackQuizQuestion) q = synack_quiz_next (trace, 0, position);
      SynackEvent ev;
      const char *answer;

      if (q == NULL)
        break;
      asked++;
      g_assert_cmpint ((int) q->event, >, position);
      g_assert_cmpuint (q->choices->len, >=, 3);
      g_assert_cmpuint (q->correct, <, q->choices->len);
      for (guint i = 0; i < q->choices->len; i++)
        for (guint j = i + 1; j < q->choices->len; j++)
          g_assert_cmpstr (g_ptr_array_index (q->choices, i), !=, g_ptr_array_index (q->choices, j));
      answer = g_ptr_array_index (q->choices, q->correct);
      synack_trace_read_event (trace, q->event, &ev);
      if (ev.kind == SYNACK_EVENT_SEGMENT)
        {
          char flags[64];
          g_autofree char *seq = g_strdup_printf ("seq %u", synack_trace_relative_seq (trace, q->event));

          synack_flags_to_string (ev.segment.flags, flags, sizeof flags);
          g_assert_true (g_str_has_prefix (answer, flags));
          g_assert_nonnull (strstr (answer, seq));
          g_assert_nonnull (strstr (q->question, "send next"));
        }
      else
        {
          g_assert_cmpint (ev.kind, ==, SYNACK_EVENT_STATE);
          g_assert_cmpstr (answer, ==, synack_tcp_state_to_rfc_name (ev.state.to));
        }
      position = (int) q->event;
    }
  g_assert_cmpuint (asked, >=, 15);
  g_assert_null (synack_quiz_next (trace, 0, (int) synack_trace_get_n_events (trace) - 1));
}

static void
test_seqspace (void)
{
  g_autoptr(SynackTrace) trace = synack_test_run_builtin ("handshake-and-close");
  int data = find_event (trace, SYNACK_EVENT_SEGMENT, SYNACK_FLAG_PSH | SYNACK_FLAG_ACK, 0);
  SynackSeqVars before, after;

  g_assert_cmpint (data, >, 0);
  synack_seqspace_at (trace, 0, 0, -1, &before);
  g_assert_false (before.valid);

  /* Just before the client's application writes: nothing in flight. */
  {
    int send_call = -1;

    for (int i = 0; i < data; i++)
      {
        SynackEvent ev;
        synack_trace_read_event (trace, i, &ev);
        if (ev.kind == SYNACK_EVENT_CALL && ev.call.call == SYNACK_CALL_SEND && send_call < 0)
          send_call = i;
      }
    g_assert_cmpint (send_call, >, 0);
    synack_seqspace_at (trace, 0, 0, send_call - 1, &before);
  }
  g_assert_true (before.valid);
  g_assert_cmpuint (before.snd_nxt - before.snd_una, ==, 0);
  /* Just after it: its 100 bytes are in flight, whichever way the numbers
   * were found (exact from the engine's vars, or inferred). */
  synack_seqspace_at (trace, 0, 0, data, &after);
  g_assert_true (after.valid);
  g_assert_cmpuint (after.snd_nxt - after.snd_una, ==, 100);
  g_assert_cmpuint (after.snd_una - after.isn, ==, 1);
  g_assert_cmpuint (synack_seqspace_usable (&after), ==,
                    MIN (after.snd_wnd, after.have_cwnd ? after.cwnd : G_MAXUINT32) - 100);
  /* At the end everything is acknowledged. */
  synack_seqspace_at (trace, 0, 0, (int) synack_trace_get_n_events (trace) - 1, &after);
  g_assert_cmpuint (after.snd_nxt, ==, after.snd_una);
}

static void
test_seqspace_inferred (void)
{
  g_autoptr(SynackTrace) trace = synack_trace_new (SYNACK_TRACE_SOURCE_FILE);
  SynackAddress a, b;
  SynackSegment seg = { 0 };
  SynackSeqVars v;
  guint conn, data;

  synack_address_parse ("10.0.0.1", &a);
  synack_address_parse ("10.0.0.2", &b);
  conn = synack_trace_add_connection (trace, &a, 40000, &b, 80);
  /* ISNs near 2^32, so the numbers wrap. */
  synack_trace_set_isn (trace, conn, 0, 0xfffffff0u, TRUE);
  synack_trace_set_isn (trace, conn, 1, 1000, TRUE);
  seg.sport = 40000;
  seg.dport = 80;
  seg.flags = SYNACK_FLAG_SYN;
  seg.seq = 0xfffffff0u;
  seg.window = 1000;
  synack_trace_append_segment (trace, 0, conn, 0, &seg, SYNACK_FATE_CAPTURED, SYNACK_TIME_NONE, 0);
  synack_trace_commit (trace);
  /* At the SYN the server has received it but not answered: it knows
   * RCV.NXT, and has no sequence numbers of its own to show. */
  synack_seqspace_at (trace, conn, 1, 0, &v);
  g_assert_true (v.valid);
  g_assert_true (v.have_rcv);
  g_assert_false (v.have_snd);
  g_assert_cmpuint (v.rcv_nxt, ==, 0xfffffff1u);
  seg.sport = 80;
  seg.dport = 40000;
  seg.flags = SYNACK_FLAG_SYN | SYNACK_FLAG_ACK;
  seg.seq = 1000;
  seg.ack = 0xfffffff1u;
  seg.window = 500;
  synack_trace_append_segment (trace, 1000, conn, 1, &seg, SYNACK_FATE_CAPTURED, SYNACK_TIME_NONE, 0);
  seg.sport = 40000;
  seg.dport = 80;
  seg.flags = SYNACK_FLAG_ACK | SYNACK_FLAG_PSH;
  seg.seq = 0xfffffff1u;
  seg.ack = 1001;
  seg.window = 1000;
  seg.payload_len = 300;
  data = synack_trace_append_segment (trace, 2000, conn, 0, &seg, SYNACK_FATE_CAPTURED,
                                      SYNACK_TIME_NONE, 0);
  synack_trace_commit (trace);

  synack_seqspace_at (trace, conn, 0, (int) data, &v);
  g_assert_true (v.valid);
  g_assert_false (v.exact);
  g_assert_false (v.have_cwnd);
  g_assert_cmpuint (v.snd_una, ==, 0xfffffff1u);
  g_assert_cmpuint (v.snd_nxt, ==, 0xfffffff1u + 300);   /* wrapped past zero */
  g_assert_cmpuint (v.snd_wnd, ==, 500);
  g_assert_cmpuint (v.rcv_nxt, ==, 1001);
  g_assert_cmpuint (synack_seqspace_usable (&v), ==, 200);

  /* The server's view: it received the SYN, so RCV.NXT is the client's ISN + 1. */
  synack_seqspace_at (trace, conn, 1, (int) data, &v);
  g_assert_cmpuint (v.rcv_nxt, ==, 0xfffffff1u + 300);
  g_assert_cmpuint (v.snd_nxt, ==, 1001);
}

/* A segment in flight at the cursor has changed only its sender's numbers:
 * the receiver's RCV.NXT, and the sender's SND.UNA an ACK in flight will
 * move, change when it arrives; a walk step by step agrees with a fresh one
 * across those arrivals. */
static void
test_seqspace_in_flight (void)
{
  g_autoptr(SynackTrace) trace = synack_trace_new (SYNACK_TRACE_SOURCE_ENGINE);
  const gint64 ms = SYNACK_NSEC_PER_SEC / 1000;
  SynackAddress a, b;
  SynackSegment seg = { 0 };
  SynackSeqVars v;
  SynackSeqspaceWalk walk[2];
  guint conn, syn, synack, ack, call;

  synack_address_parse ("10.0.0.1", &a);
  synack_address_parse ("10.0.0.2", &b);
  conn = synack_trace_add_connection (trace, &a, 40000, &b, 80);
  synack_trace_set_isn (trace, conn, 0, 100, TRUE);
  synack_trace_set_isn (trace, conn, 1, 500, TRUE);
  seg.sport = 40000; seg.dport = 80;
  seg.flags = SYNACK_FLAG_SYN; seg.seq = 100; seg.window = 1000;
  syn = synack_trace_append_segment (trace, 0, conn, 0, &seg, SYNACK_FATE_DELIVERED, 50 * ms, 0);
  seg.sport = 80; seg.dport = 40000;
  seg.flags = SYNACK_FLAG_SYN | SYNACK_FLAG_ACK; seg.seq = 500; seg.ack = 101; seg.window = 800;
  synack = synack_trace_append_segment (trace, 50 * ms, conn, 1, &seg, SYNACK_FATE_DELIVERED,
                                        100 * ms, 0);
  seg.sport = 40000; seg.dport = 80;
  seg.flags = SYNACK_FLAG_ACK; seg.seq = 101; seg.ack = 501; seg.window = 1000;
  ack = synack_trace_append_segment (trace, 100 * ms, conn, 0, &seg, SYNACK_FATE_DELIVERED,
                                     150 * ms, 0);
  call = synack_trace_append_call (trace, 120 * ms, conn, 0, SYNACK_CALL_SEND, 10, 0);
  synack_trace_append_call (trace, 150 * ms, conn, 1, SYNACK_CALL_RECV, 10, 0);
  synack_trace_commit (trace);

  /* the SYN just sent: the server has not got it */
  synack_seqspace_at (trace, conn, 1, (int) syn, &v);
  g_assert_false (v.valid);
  /* it arrived as the SYN-ACK left; the SYN-ACK's ACK has not reached the client */
  synack_seqspace_at (trace, conn, 1, (int) synack, &v);
  g_assert_cmpuint (v.rcv_nxt, ==, 101);
  synack_seqspace_at (trace, conn, 0, (int) synack, &v);
  g_assert_cmpuint (v.snd_una, ==, 100);
  g_assert_cmpuint (v.snd_nxt, ==, 101);
  /* now it has */
  synack_seqspace_at (trace, conn, 0, (int) ack, &v);
  g_assert_cmpuint (v.snd_una, ==, 101);
  g_assert_cmpuint (v.rcv_nxt, ==, 501);
  g_assert_cmpuint (v.snd_wnd, ==, 800);
  /* the handshake's ACK is still on its way to the server */
  synack_seqspace_at (trace, conn, 1, (int) call, &v);
  g_assert_cmpuint (v.snd_una, ==, 500);
  synack_seqspace_at (trace, conn, 1, (int) call + 1, &v);
  g_assert_cmpuint (v.snd_una, ==, 501);

  synack_seqspace_walk_init (&walk[0]);
  synack_seqspace_walk_init (&walk[1]);
  for (int p = -1; p < (int) synack_trace_get_n_events (trace); p++)
    for (guint e = 0; e < 2; e++)
      {
        SynackSeqVars step, fresh;

        synack_seqspace_walk_to (&walk[e], trace, conn, e, p, &step);
        synack_seqspace_at (trace, conn, e, p, &fresh);
        g_assert_cmpmem (&step, sizeof step, &fresh, sizeof fresh);
      }
}

/* The engine writes its exact variables after it has handled a segment,
 * after the state change that segment caused. At that state change the
 * numbers already agree with the segment: its ACK has moved SND.UNA, its
 * SYN, data or FIN has moved RCV.NXT past it (in every lesson). And before
 * the peer's SYN has arrived RCV.NXT is not a number of the connection. */
static void
test_seqspace_at_state_changes (void)
{
  g_auto(GStrv) names = synack_scenario_list_builtin ();
  guint checked = 0;

  for (guint k = 0; names[k] != NULL; k++)
    {
      g_autoptr(SynackTrace) trace = synack_test_run_builtin (names[k]);
      guint n = synack_trace_get_n_events (trace);

      for (guint p = 0; p < n; p++)
        {
          SynackEvent ev, cause;
          SynackSeqVars v;
          SynackSegment seg;
          guint32 end;

          synack_trace_read_event (trace, p, &ev);
          if (ev.kind != SYNACK_EVENT_STATE || ev.state.cause_kind != SYNACK_CAUSE_SEGMENT)
            continue;
          synack_trace_read_event (trace, ev.state.cause, &cause);
          if (cause.endpoint == ev.endpoint || (cause.segment.flags & SYNACK_FLAG_RST))
            continue;
          synack_seqspace_at (trace, ev.conn, ev.endpoint, (int) p, &v);
          g_assert_true (v.valid);
          synack_trace_get_segment (trace, ev.state.cause, &seg);
          end = cause.segment.seq + synack_segment_seq_len (&seg);
          if (synack_segment_seq_len (&seg) > 0)
            {
              if (!v.have_rcv || synack_seq_lt (v.rcv_nxt, end))
                g_error ("%s: event %u, %s to %s: RCV.NXT %u before the end %u of the segment "
                         "that caused it", names[k], p, synack_tcp_state_to_rfc_name (ev.state.from),
                         synack_tcp_state_to_rfc_name (ev.state.to), v.rcv_nxt, end);
            }
          if ((cause.segment.flags & SYNACK_FLAG_ACK) && synack_seq_le (cause.segment.ack, v.snd_nxt) &&
              synack_seq_lt (v.snd_una, cause.segment.ack))
            g_error ("%s: event %u, %s to %s: SND.UNA %u behind the ACK %u that caused it",
                     names[k], p, synack_tcp_state_to_rfc_name (ev.state.from),
                     synack_tcp_state_to_rfc_name (ev.state.to), v.snd_una, cause.segment.ack);
          checked++;
        }
    }
  g_assert_cmpuint (checked, >, 30);

  /* the client in SYN-SENT: its own numbers, none yet of the server's */
  {
    g_autoptr(SynackTrace) trace = synack_test_run_builtin ("handshake-and-close");
    int syn = find_event (trace, SYNACK_EVENT_SEGMENT, SYNACK_FLAG_SYN, 0);
    SynackSeqVars v;

    synack_seqspace_at (trace, 0, 0, syn, &v);
    g_assert_true (v.valid);
    g_assert_false (v.have_rcv);
    g_assert_cmpuint (v.snd_nxt - v.snd_una, ==, 1);
  }
}

/* Walking forward step by step gives what a fresh walk gives, and a step
 * back starts over correctly. */
static void
test_seqspace_walk (void)
{
  g_autoptr(SynackTrace) trace = synack_test_run_builtin ("fast-retransmit");
  guint n = synack_trace_get_n_events (trace);

  for (guint e = 0; e < 2; e++)
    {
      SynackSeqspaceWalk walk;

      synack_seqspace_walk_init (&walk);
      for (int p = -1; p < (int) n; p++)
        {
          SynackSeqVars stepped, fresh;

          synack_seqspace_walk_to (&walk, trace, 0, e, p, &stepped);
          synack_seqspace_at (trace, 0, e, p, &fresh);
          g_assert_cmpmem (&stepped, sizeof stepped, &fresh, sizeof fresh);
        }
      for (int p = (int) n - 1; p >= 0; p -= 7)
        {
          SynackSeqVars stepped, fresh;

          synack_seqspace_walk_to (&walk, trace, 0, e, p, &stepped);
          synack_seqspace_at (trace, 0, e, p, &fresh);
          g_assert_cmpmem (&stepped, sizeof stepped, &fresh, sizeof fresh);
        }
    }
}

static void
test_script_edit (void)
{
  static const char script[] =
    "title \"x\"\n"
    "set delay 0.05\n"
    "0      server listen 80\n"
    "0.1    client connect server 80\n"
    "+0.2   client send 100   # comment\n"
    "+0.5   client close\n"
    "lose   client>server 3\n";
  g_autofree char *cut = synack_script_cut_after (script, 0.35);
  g_autofree char *added = synack_script_append_action (cut, 0.35, "server", "abort");
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackScenario) scenario = NULL;
  g_autoptr(SynackTrace) trace = NULL;

  /* Relative times are made absolute; what comes after the cut goes; rules stay. */
  g_assert_nonnull (strstr (cut, "0.300000   client send 100"));
  g_assert_null (strstr (cut, "close"));
  g_assert_nonnull (strstr (cut, "lose   client>server 3"));
  g_assert_nonnull (strstr (cut, "set delay 0.05"));
  g_assert_true (g_str_has_suffix (added, "0.350000 server abort\n"));

  /* And the engine takes it. */
  scenario = synack_scenario_parse (added, -1, "edited.synack", &error);
  g_assert_no_error (error);
  trace = synack_scenario_run (scenario, 1, NULL);
  g_assert_cmpint (find_event (trace, SYNACK_EVENT_SEGMENT, SYNACK_FLAG_RST | SYNACK_FLAG_ACK, 0) >= 0 ||
                   find_event (trace, SYNACK_EVENT_SEGMENT, SYNACK_FLAG_RST, 0) >= 0, ==, TRUE);
}

static gboolean
contains_ci (const char *text,
             const char *word)
{
  g_autofree char *down = g_ascii_strdown (text, -1);

  return strstr (down, word) != NULL;
}

/* Every event of every lesson (segment, call, timer, state change) has words
 * and the RFC section they come from. */
static void
test_every_event_every_lesson (void)
{
  g_auto(GStrv) names = synack_scenario_list_builtin ();

  g_assert_cmpuint (g_strv_length (names), >=, 17);
  for (guint k = 0; names[k] != NULL; k++)
    {
      g_autoptr(SynackTrace) trace = synack_test_run_builtin (names[k]);
      guint n = synack_trace_get_n_events (trace);

      g_assert_cmpuint (n, >, 0);
      for (guint i = 0; i < n; i++)
        {
          const char *rfc = NULL;
          g_autofree char *text = synack_explain_event (trace, i, &rfc);

          if (text == NULL || strlen (text) < 10 || rfc == NULL)
            g_error ("%s: event %u (kind %u) has no explanation or no RFC section: %s",
                     names[k], i, synack_trace_get_event_kind (trace, i), text ? text : "(null)");
          g_assert_true (g_str_has_prefix (rfc, "RFC "));
          /* no sentence hedges between causes the trace knows */
          g_assert_null (strstr (text, "or timed out"));
          g_assert_null (strstr (text, "four ports"));
        }
    }
}

static void
check_keepalive_lesson (const char *name,
                        guint       endpoint,
                        guint       probes)
{
  g_autoptr(SynackTrace) trace = synack_test_run_builtin (name);
  guint seen = 0;
  gboolean timed_out = FALSE;

  for (guint i = 0; i < synack_trace_get_n_events (trace); i++)
    {
      SynackEvent ev;
      synack_trace_read_event (trace, i, &ev);
      const char *rfc = NULL;
      g_autofree char *text = synack_explain_event (trace, i, &rfc);

      if (ev.kind == SYNACK_EVENT_SEGMENT && (ev.segment.analysis & SYNACK_ANALYSIS_KEEP_ALIVE))
        {
          seen++;
          g_assert_cmpuint (ev.endpoint, ==, endpoint);
          /* the peer's host is down: not lost by the link */
          g_assert_cmpint (ev.segment.fate, !=, SYNACK_FATE_LOST);
          g_assert_cmpint (ev.segment.fate, ==, SYNACK_FATE_HOST_DOWN);
          g_assert_cmpstr (synack_fate_name (ev.segment.fate), ==, "host_down");
          g_assert_nonnull (strstr (text, "SND.NXT-1"));
          g_assert_nonnull (strstr (text, "keep-alive probe"));
          g_assert_false (contains_ci (text, "lost"));
          g_assert_false (contains_ci (text, "loses"));
          g_assert_false (contains_ci (text, "loss"));
          g_assert_false (contains_ci (text, "retransmi"));
          g_assert_cmpstr (rfc, ==, "RFC 1122 §4.2.3.6");
        }
      /* the prober's one and only segment after the probes: the reset it
       * gives up with, which is not called a retransmission either */
      if (ev.kind == SYNACK_EVENT_SEGMENT && (ev.segment.flags & SYNACK_FLAG_RST))
        {
          g_assert_cmpint (ev.segment.fate, ==, SYNACK_FATE_HOST_DOWN);
          g_assert_false (contains_ci (text, "retransmi"));
        }
      if (ev.kind == SYNACK_EVENT_CALL && ev.call.call == SYNACK_CALL_RECV &&
          ev.call.result == ETIMEDOUT)
        {
          g_assert_cmpuint (ev.endpoint, ==, endpoint);
          g_assert_nonnull (strstr (text, "ETIMEDOUT"));
          g_assert_cmpstr (rfc, ==, "RFC 1122 §4.2.3.6");
          timed_out = TRUE;
        }
      if (ev.kind == SYNACK_EVENT_STATE && ev.state.to == SYNACK_TCP_CLOSED &&
          ev.endpoint == endpoint)
        g_assert_nonnull (strstr (text, "ETIMEDOUT"));
    }
  g_assert_cmpuint (seen, ==, probes);
  g_assert_true (timed_out);
}

static void
test_keepalive (void)
{
  /* Linux's numbers on the client, the textbook's on the server */
  check_keepalive_lesson ("keepalive-dead-peer", 0, 9);
  check_keepalive_lesson ("keepalive-server", 1, 10);
}

/* The explanation of a captured RST, ACK: the client that aborts leaves
 * its connection with it (its CLOSED comes just before the reset, as an
 * endpoint sends one from CLOSED); the server that refuses a SYN had none.
 * And of a captured SYN that crossed the peer's. */
static void
test_capture_resets (void)
{
  static const struct { const char *file, *says, *never; } cases[] = {
    { "abort.pcap", "has dropped the connection", "Nothing listens" },
    { "refused.pcap", "Nothing listens on port", "has dropped the connection" },
  };

  for (guint k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      g_autofree char *path = synack_test_capture_path (cases[k].file);
      g_autoptr(GError) error = NULL;
      g_autoptr(SynackTrace) trace = synack_pcap_load_file (path, NULL, NULL, NULL, NULL, NULL,
                                                            &error);
      int rst = synack_test_find_segment (trace, SYNACK_FLAG_RST | SYNACK_FLAG_ACK, 0);
      g_autofree char *text = NULL;

      g_assert_no_error (error);
      g_assert_cmpint (rst, >=, 0);
      text = synack_explain_event (trace, rst, NULL);
      g_test_message ("%s: %s", cases[k].file, text);
      g_assert_nonnull (strstr (text, cases[k].says));
      g_assert_null (strstr (text, cases[k].never));
      g_assert_nonnull (strstr (text, "in CLOSED, sends RST, ACK"));
    }

  /* SYNs that crossed: the second one's sender leaves SYN-SENT on taking in
   * the first, not by sending its own */
  {
    g_autofree char *path = synack_test_capture_path ("simultaneous.pcap");
    g_autoptr(GError) error = NULL;
    g_autoptr(SynackTrace) trace = synack_pcap_load_file (path, NULL, NULL, NULL, NULL, NULL,
                                                          &error);
    int second = synack_test_find_segment (trace, SYNACK_FLAG_SYN, 1);
    g_autofree char *text = NULL;

    g_assert_no_error (error);
    text = synack_explain_event (trace, second, NULL);
    g_assert_nonnull (strstr (text, "The server, in SYN-SENT, sends SYN"));
    g_assert_nonnull (strstr (text, "The server is in SYN-SENT; a SYN arrives while its own SYN is "
                                    "unanswered"));
    g_assert_null (strstr (text, "Sending it, the server leaves SYN-SENT"));
  }
}

static void
test_refused (void)
{
  g_autoptr(SynackTrace) trace = synack_test_run_builtin ("connection-refused");
  g_autofree char *dir = g_dir_make_tmp ("synack-explain-XXXXXX", NULL);
  g_autofree char *svg = g_build_filename (dir, "refused.svg", NULL);
  g_autofree char *figure = NULL;
  g_autoptr(GError) error = NULL;
  SynackRenderOptions options;
  gboolean refused = FALSE;

  for (guint i = 0; i < synack_trace_get_n_events (trace); i++)
    {
      SynackEvent ev;
      synack_trace_read_event (trace, i, &ev);
      g_autofree char *text = synack_explain_event (trace, i, NULL);

      /* no "returns: the connection is open. It fails" */
      g_assert_null (strstr (text, "connection is open"));
      if (ev.kind == SYNACK_EVENT_CALL && ev.call.call == SYNACK_CALL_CONNECT_RETURNS)
        {
          g_assert_cmpint (ev.call.result, ==, ECONNREFUSED);
          g_assert_nonnull (strstr (text, "ECONNREFUSED"));
          refused = TRUE;
        }
      /* after a reset nothing was acknowledged */
      if (ev.kind == SYNACK_EVENT_TIMER && ev.timer.action == SYNACK_TIMER_CANCELLED)
        g_assert_null (strstr (text, "acknowledged"));
    }
  g_assert_true (refused);

  /* the ladder says it, in the SVG's text layer too */
  synack_render_options_init (&options);
  options.conn = synack_trace_get_n_connections (trace) - 1;
  g_assert_true (synack_render_to_file (trace, svg, SYNACK_RENDER_SVG, &options, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (svg, &figure, NULL, NULL));
  g_assert_nonnull (strstr (figure, "connect() → ECONNREFUSED"));
  g_unlink (svg);
  g_rmdir (dir);
}

static void
test_reuse_and_time_wait (void)
{
  g_autoptr(SynackTrace) trace = synack_test_run_builtin ("time-wait-reuse");
  g_autofree char *dir = g_dir_make_tmp ("synack-explain-XXXXXX", NULL);
  g_autofree char *svg = g_build_filename (dir, "reuse.svg", NULL);
  g_autofree char *figure = NULL;
  g_autoptr(GError) error = NULL;
  SynackRenderOptions options;
  gboolean busy = FALSE, reasons = FALSE;

  for (guint i = 0; i < synack_trace_get_n_events (trace); i++)
    {
      SynackEvent ev;
      synack_trace_read_event (trace, i, &ev);
      g_autofree char *text = synack_explain_event (trace, i, NULL);

      if (ev.kind == SYNACK_EVENT_CALL && ev.call.result == EADDRINUSE)
        {
          g_assert_cmpint (ev.call.call, ==, SYNACK_CALL_BIND);
          g_assert_nonnull (strstr (text, "EADDRINUSE"));
          g_assert_nonnull (strstr (text, "TIME-WAIT"));
          busy = TRUE;
        }
      /* TIME-WAIT's two reasons: the last ACK may be lost; old duplicates */
      if (ev.kind == SYNACK_EVENT_TIMER && ev.timer.timer == SYNACK_TIMER_TIME_WAIT &&
          ev.timer.action == SYNACK_TIMER_ARMED)
        {
          g_assert_nonnull (strstr (text, "last ACK may be lost"));
          g_assert_nonnull (strstr (text, "old duplicate"));
          g_assert_nonnull (strstr (text, "4-tuple"));
          reasons = TRUE;
        }
    }
  g_assert_true (busy);
  g_assert_true (reasons);

  synack_render_options_init (&options);
  options.conn = 0;
  g_assert_true (synack_render_to_file (trace, svg, SYNACK_RENDER_SVG, &options, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (svg, &figure, NULL, NULL));
  g_assert_nonnull (strstr (figure, "bind(40000) → EADDRINUSE"));
  g_unlink (svg);
  g_rmdir (dir);
}

/* The engine answers the crossed SYN-ACK with an ACK, as RFC 9293's
 * segment-arrival rules say; the words say why that is not RFC 793's figure. */
static void
test_simultaneous_open (void)
{
  g_autoptr(SynackTrace) trace = synack_test_run_builtin ("simultaneous-open");
  guint crossed = 0;

  for (guint i = 0; i < synack_trace_get_n_events (trace); i++)
    {
      SynackEvent ev;
      synack_trace_read_event (trace, i, &ev);
      g_autofree char *text = synack_explain_event (trace, i, NULL);

      g_assert_null (strstr (text, "three-way handshake is complete"));
      g_assert_null (strstr (text, "stays in SYN-SENT"));
      if (ev.kind == SYNACK_EVENT_SEGMENT &&
          ev.segment.flags == (SYNACK_FLAG_SYN | SYNACK_FLAG_ACK))
        {
          g_assert_nonnull (strstr (text, "is in SYN-RECEIVED"));
          g_assert_nonnull (strstr (text, "not acceptable"));
          g_assert_nonnull (strstr (text, "RFC 793"));
          crossed++;
        }
    }
  g_assert_cmpuint (crossed, ==, 2);
}

/* The seed's sequence arithmetic, said at the segments it applies to. */
static void
test_sequence_arithmetic (void)
{
  g_autoptr(SynackTrace) trace = synack_test_run_builtin ("handshake-and-close");
  int syn = find_event (trace, SYNACK_EVENT_SEGMENT, SYNACK_FLAG_SYN, 0);
  int data = find_event (trace, SYNACK_EVENT_SEGMENT, SYNACK_FLAG_PSH | SYNACK_FLAG_ACK, 0);
  int fin = find_event (trace, SYNACK_EVENT_SEGMENT, SYNACK_FLAG_FIN | SYNACK_FLAG_ACK, 0);
  g_autofree char *syn_text = synack_explain_event (trace, syn, NULL);
  g_autofree char *data_text = synack_explain_event (trace, data, NULL);
  g_autofree char *fin_text = synack_explain_event (trace, fin, NULL);

  g_assert_nonnull (strstr (syn_text, "A SYN takes one sequence number"));
  g_assert_nonnull (strstr (data_text, "sequence numbers 1 to 100"));
  g_assert_nonnull (strstr (data_text, "ack 101 = seq + len"));
  g_assert_nonnull (strstr (fin_text, "A FIN takes one sequence number too: this FIN is number 101"));
  g_assert_nonnull (strstr (fin_text, "will be 102"));
}

/* The seed's letters: SYN seq=x; SYN-ACK seq=y ack=x+1; ACK seq=x+1 ack=y+1;
 * FIN seq=u; its ACK seq=v ack=u+1; FIN seq=w ack=u+1; ACK seq=u+1 ack=w+1. */
static void
test_textbook_notation (void)
{
  g_autoptr(SynackTrace) trace = synack_test_run_builtin ("handshake-and-close");
  GPtrArray *got = g_ptr_array_new_with_free_func (g_free);
  static const char *const expected[] = {
    "seq=x", "seq=y ack=x+1", "seq=x+1 ack=y+1", "seq=x+1 ack=y+1", "seq=y+1 ack=x+101",
    "seq=y+1 ack=x+101", "seq=x+101 ack=y+1001",
    "seq=u ack=v", "seq=v ack=u+1", "seq=w ack=u+1", "seq=u+1 ack=w+1",
  };

  for (guint i = 0; i < synack_trace_get_n_events (trace); i++)
    if (synack_trace_get_event_kind (trace, i) == SYNACK_EVENT_SEGMENT)
      g_ptr_array_add (got, synack_notation_seq_ack (trace, i));
  g_assert_cmpuint (got->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < got->len; i++)
    g_assert_cmpstr (g_ptr_array_index (got, i), ==, expected[i]);
  g_ptr_array_unref (got);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/synack/explain/handshake-segments", test_handshake_segments);
  g_test_add_func ("/synack/explain/calls-and-timers", test_calls_and_timers);
  g_test_add_func ("/synack/explain/lost-segment", test_lost_segment);
  g_test_add_func ("/synack/explain/every-event-every-lesson", test_every_event_every_lesson);
  g_test_add_func ("/synack/explain/keepalive", test_keepalive);
  g_test_add_func ("/synack/explain/refused", test_refused);
  g_test_add_func ("/synack/explain/capture-resets", test_capture_resets);
  g_test_add_func ("/synack/explain/reuse-and-time-wait", test_reuse_and_time_wait);
  g_test_add_func ("/synack/explain/simultaneous-open", test_simultaneous_open);
  g_test_add_func ("/synack/explain/sequence-arithmetic", test_sequence_arithmetic);
  g_test_add_func ("/synack/explain/textbook-notation", test_textbook_notation);
  g_test_add_func ("/synack/explain/transitions", test_transitions);
  g_test_add_func ("/synack/explain/quiz", test_quiz_questions);
  g_test_add_func ("/synack/explain/seqspace", test_seqspace);
  g_test_add_func ("/synack/explain/seqspace-inferred", test_seqspace_inferred);
  g_test_add_func ("/synack/explain/seqspace-walk", test_seqspace_walk);
  g_test_add_func ("/synack/explain/seqspace-in-flight", test_seqspace_in_flight);
  g_test_add_func ("/synack/explain/seqspace-at-state-changes", test_seqspace_at_state_changes);
  g_test_add_func ("/synack/explain/script-edit", test_script_edit);

  return g_test_run ();
}
