/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Hand-built traces for the render tests: a textbook connection (handshake,
 * a lost segment and its retransmission, close, TIME-WAIT), and long runs
 * of segments for density and scale. */
#pragma once

#include "synack-trace.h"

#define MS (SYNACK_NSEC_PER_SEC / 1000)

typedef struct
{
  guint syn, synack, ack, data_lost, data_rtx, data_ack, fin1, ack1, fin2, ack2;
  guint challenge;
} FixtureEvents;

static inline void
fixture_connection (SynackTrace *trace)
{
  SynackAddress a, b;

  synack_address_set_ipv4 (&a, 0x0a000001);
  synack_address_set_ipv4 (&b, 0x0a000002);
  synack_trace_add_connection (trace, &a, 40000, &b, 80);
  synack_trace_set_isn (trace, 0, 0, 1000, TRUE);
  synack_trace_set_isn (trace, 0, 1, 5000, TRUE);
}

static inline guint
fixture_segment (SynackTrace *trace,
                 gint64       t,
                 guint        ep,
                 guint8       flags,
                 guint32      seq,
                 guint32      ack,
                 guint32      len,
                 gboolean     engine,
                 gint64       delay,
                 SynackFate   fate,
                 guint32      analysis)
{
  SynackSegment seg = { 0 };

  seg.sport = ep == 0 ? 40000 : 80;
  seg.dport = ep == 0 ? 80 : 40000;
  seg.seq = seq;
  seg.ack = ack;
  seg.flags = flags;
  seg.window = 65535;
  seg.payload_len = len;
  if (!engine)
    fate = SYNACK_FATE_CAPTURED;
  return synack_trace_append_segment (trace, t, 0, ep, &seg, fate,
                                      engine ? t + delay : SYNACK_TIME_NONE, analysis);
}

/* The textbook connection. engine: real arrival times (one-way delay d) and
 * socket calls and timers; otherwise a capture at the sender. */
static inline SynackTrace *
fixture_textbook (gboolean       engine,
                  gint64         d,
                  FixtureEvents *evs)
{
  SynackTrace *trace = synack_trace_new (engine ? SYNACK_TRACE_SOURCE_ENGINE
                                                : SYNACK_TRACE_SOURCE_FILE);
  FixtureEvents dummy;
  gint64 t = 100 * MS;
  const guint8 A = SYNACK_FLAG_ACK;

  if (evs == NULL)
    evs = &dummy;
  synack_trace_set_title (trace, "Textbook");
  fixture_connection (trace);
  if (engine)
    {
      synack_trace_append_call (trace, 0, 0, 1, SYNACK_CALL_LISTEN, 80, 0);
      synack_trace_append_state (trace, 0, 0, 1, SYNACK_TCP_LISTEN, SYNACK_CAUSE_NONE, 0);
      synack_trace_append_call (trace, t, 0, 0, SYNACK_CALL_CONNECT, 80, 0);
    }
  else
    synack_trace_append_state (trace, 0, 0, 1, SYNACK_TCP_LISTEN, SYNACK_CAUSE_INFERRED, 0);
  synack_trace_append_state (trace, t, 0, 0, SYNACK_TCP_SYN_SENT, SYNACK_CAUSE_NONE, 0);
  evs->syn = fixture_segment (trace, t, 0, SYNACK_FLAG_SYN, 1000, 0, 0, engine, d,
                              SYNACK_FATE_DELIVERED, 0);
  t += d;
  synack_trace_append_state (trace, t, 0, 1, SYNACK_TCP_SYN_RECEIVED, SYNACK_CAUSE_SEGMENT, evs->syn);
  evs->synack = fixture_segment (trace, t, 1, SYNACK_FLAG_SYN | A, 5000, 1001, 0, engine, d,
                                 SYNACK_FATE_DELIVERED, 0);
  t += d;
  synack_trace_append_state (trace, t, 0, 0, SYNACK_TCP_ESTABLISHED, SYNACK_CAUSE_SEGMENT, evs->synack);
  if (engine)
    synack_trace_append_call (trace, t, 0, 0, SYNACK_CALL_CONNECT_RETURNS, 0, 0);
  evs->ack = fixture_segment (trace, t, 0, A, 1001, 5001, 0, engine, d, SYNACK_FATE_DELIVERED, 0);
  t += d;
  synack_trace_append_state (trace, t, 0, 1, SYNACK_TCP_ESTABLISHED, SYNACK_CAUSE_SEGMENT, evs->ack);
  if (engine)
    synack_trace_append_call (trace, t, 0, 1, SYNACK_CALL_ACCEPT_RETURNS, 0, 0);

  /* 100 bytes, lost; the retransmission timer fires and it goes again */
  t += 200 * MS;
  if (engine)
    synack_trace_append_timer (trace, t, 0, 0, SYNACK_TIMER_RETRANSMISSION, SYNACK_TIMER_ARMED,
                               1, t + 400 * MS);
  evs->data_lost = fixture_segment (trace, t, 0, A | SYNACK_FLAG_PSH, 1001, 5001, 100, engine, d,
                                    SYNACK_FATE_LOST, 0);
  t += 400 * MS;
  if (engine)
    synack_trace_append_timer (trace, t, 0, 0, SYNACK_TIMER_RETRANSMISSION, SYNACK_TIMER_FIRED, 1, t);
  evs->data_rtx = fixture_segment (trace, t, 0, A | SYNACK_FLAG_PSH, 1001, 5001, 100, engine, d,
                                   SYNACK_FATE_DELIVERED, SYNACK_ANALYSIS_RETRANSMISSION);
  t += d;
  evs->data_ack = fixture_segment (trace, t, 1, A, 5001, 1101, 0, engine, d, SYNACK_FATE_DELIVERED, 0);
  t += d;
  /* a challenge ACK, for its mark */
  evs->challenge = fixture_segment (trace, t + 10 * MS, 1, A, 5001, 1101, 0, engine, d,
                                    SYNACK_FATE_DELIVERED, SYNACK_ANALYSIS_CHALLENGE_ACK);

  /* close */
  t += 300 * MS;
  if (engine)
    synack_trace_append_call (trace, t, 0, 0, SYNACK_CALL_CLOSE, 0, 0);
  synack_trace_append_state (trace, t, 0, 0, SYNACK_TCP_FIN_WAIT_1, SYNACK_CAUSE_NONE, 0);
  evs->fin1 = fixture_segment (trace, t, 0, SYNACK_FLAG_FIN | A, 1101, 5001, 0, engine, d,
                               SYNACK_FATE_DELIVERED, 0);
  t += d;
  synack_trace_append_state (trace, t, 0, 1, SYNACK_TCP_CLOSE_WAIT, SYNACK_CAUSE_SEGMENT, evs->fin1);
  evs->ack1 = fixture_segment (trace, t, 1, A, 5001, 1102, 0, engine, d, SYNACK_FATE_DELIVERED, 0);
  t += d;
  synack_trace_append_state (trace, t, 0, 0, SYNACK_TCP_FIN_WAIT_2, SYNACK_CAUSE_SEGMENT, evs->ack1);
  t += 100 * MS;
  if (engine)
    synack_trace_append_call (trace, t, 0, 1, SYNACK_CALL_CLOSE, 0, 0);
  synack_trace_append_state (trace, t, 0, 1, SYNACK_TCP_LAST_ACK, SYNACK_CAUSE_NONE, 0);
  evs->fin2 = fixture_segment (trace, t, 1, SYNACK_FLAG_FIN | A, 5001, 1102, 0, engine, d,
                               SYNACK_FATE_DELIVERED, 0);
  t += d;
  synack_trace_append_state (trace, t, 0, 0, SYNACK_TCP_TIME_WAIT, SYNACK_CAUSE_SEGMENT, evs->fin2);
  if (engine)
    synack_trace_append_timer (trace, t, 0, 0, SYNACK_TIMER_TIME_WAIT, SYNACK_TIMER_ARMED, 0,
                               t + 60 * SYNACK_NSEC_PER_SEC);
  evs->ack2 = fixture_segment (trace, t, 0, A, 1102, 5002, 0, engine, d, SYNACK_FATE_DELIVERED, 0);
  t += d;
  synack_trace_append_state (trace, t, 0, 1, SYNACK_TCP_CLOSED, SYNACK_CAUSE_SEGMENT, evs->ack2);
  if (engine)
    {
      t = t - d + 60 * SYNACK_NSEC_PER_SEC;
      synack_trace_append_timer (trace, t, 0, 0, SYNACK_TIMER_TIME_WAIT, SYNACK_TIMER_FIRED, 0, t);
      synack_trace_append_state (trace, t, 0, 0, SYNACK_TCP_CLOSED, SYNACK_CAUSE_NONE, 0);
    }
  synack_trace_commit (trace);
  return trace;
}

/* A handshake, then n one-way ACKed data segments every gap ns (captured),
 * alternating direction every other segment. */
static inline SynackTrace *
fixture_stream (guint  n,
                gint64 gap)
{
  SynackTrace *trace = synack_trace_new (SYNACK_TRACE_SOURCE_FILE);
  gint64 t = 0;
  guint32 seq = 1001;

  fixture_connection (trace);
  synack_trace_append_state (trace, 0, 0, 1, SYNACK_TCP_LISTEN, SYNACK_CAUSE_INFERRED, 0);
  synack_trace_append_state (trace, t, 0, 0, SYNACK_TCP_SYN_SENT, SYNACK_CAUSE_NONE, 0);
  fixture_segment (trace, t, 0, SYNACK_FLAG_SYN, 1000, 0, 0, FALSE, 0, 0, 0);
  synack_trace_append_state (trace, t, 0, 1, SYNACK_TCP_SYN_RECEIVED, SYNACK_CAUSE_NONE, 0);
  t += gap;
  fixture_segment (trace, t, 1, SYNACK_FLAG_SYN | SYNACK_FLAG_ACK, 5000, 1001, 0, FALSE, 0, 0, 0);
  synack_trace_append_state (trace, t, 0, 0, SYNACK_TCP_ESTABLISHED, SYNACK_CAUSE_NONE, 0);
  t += gap;
  synack_trace_append_state (trace, t, 0, 1, SYNACK_TCP_ESTABLISHED, SYNACK_CAUSE_NONE, 0);
  for (guint i = 0; i < n; i++)
    {
      t += gap;
      if (i % 2 == 0)
        {
          fixture_segment (trace, t, 0, SYNACK_FLAG_ACK | SYNACK_FLAG_PSH, seq, 5001, 1000,
                           FALSE, 0, 0, 0);
          seq += 1000;
        }
      else
        fixture_segment (trace, t, 1, SYNACK_FLAG_ACK, 5001, seq, 0, FALSE, 0, 0, 0);
    }
  synack_trace_commit (trace);
  return trace;
}
