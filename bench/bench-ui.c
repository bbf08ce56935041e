/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark of the window's work per step of the cursor, without GTK: the
 * explanation, the next quiz question and the sequence-space numbers, on one
 * long connection of a capture (no vars events, so the numbers are inferred
 * by walking the connection: the slow case). Answers are checked, so a fast
 * wrong one fails instead of scoring. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "bench-util.h"
#include "synack-explain.h"
#include "synack-quiz.h"
#include "synack-seqspace.h"
#include "synack-trace.h"

#define N_DATA   100000u    /* data segments, each answered by an ACK */
#define MSS      1000u
#define N_RUNS   5
#define N_STEPS  200

static SynackTrace *
build_trace (void)
{
  SynackTrace *trace = synack_trace_new (SYNACK_TRACE_SOURCE_FILE);
  SynackAddress a, b;
  SynackSegment seg = { 0 };
  guint32 isn_c = 0xfff00000u, isn_s = 7;   /* the client's numbers wrap */
  gint64 t = 0;
  guint conn, idx;

  synack_address_parse ("10.0.0.1", &a);
  synack_address_parse ("10.0.0.2", &b);
  conn = synack_trace_add_connection (trace, &a, 40000, &b, 80);
  synack_trace_set_initial_state (trace, conn, 1, SYNACK_TCP_LISTEN);
  synack_trace_set_isn (trace, conn, 0, isn_c, TRUE);
  synack_trace_set_isn (trace, conn, 1, isn_s, TRUE);

  seg.sport = 40000; seg.dport = 80; seg.flags = SYNACK_FLAG_SYN; seg.seq = isn_c;
  seg.window = 65535;
  idx = synack_trace_append_segment (trace, t, conn, 0, &seg, SYNACK_FATE_CAPTURED, SYNACK_TIME_NONE, 0);
  synack_trace_append_state (trace, t, conn, 0, SYNACK_TCP_SYN_SENT, SYNACK_CAUSE_SEGMENT, idx);
  synack_trace_append_state (trace, t, conn, 1, SYNACK_TCP_SYN_RECEIVED, SYNACK_CAUSE_SEGMENT, idx);
  t += 1000;
  seg.sport = 80; seg.dport = 40000; seg.flags = SYNACK_FLAG_SYN | SYNACK_FLAG_ACK;
  seg.seq = isn_s; seg.ack = isn_c + 1;
  idx = synack_trace_append_segment (trace, t, conn, 1, &seg, SYNACK_FATE_CAPTURED, SYNACK_TIME_NONE, 0);
  synack_trace_append_state (trace, t, conn, 0, SYNACK_TCP_ESTABLISHED, SYNACK_CAUSE_SEGMENT, idx);
  t += 1000;
  seg.sport = 40000; seg.dport = 80; seg.flags = SYNACK_FLAG_ACK;
  seg.seq = isn_c + 1; seg.ack = isn_s + 1;
  idx = synack_trace_append_segment (trace, t, conn, 0, &seg, SYNACK_FATE_CAPTURED, SYNACK_TIME_NONE, 0);
  synack_trace_append_state (trace, t, conn, 1, SYNACK_TCP_ESTABLISHED, SYNACK_CAUSE_SEGMENT, idx);

  for (guint i = 0; i < N_DATA; i++)
    {
      t += 1000;
      seg.sport = 40000; seg.dport = 80; seg.flags = SYNACK_FLAG_ACK | SYNACK_FLAG_PSH;
      seg.seq = isn_c + 1 + i * MSS; seg.ack = isn_s + 1; seg.payload_len = MSS;
      synack_trace_append_segment (trace, t, conn, 0, &seg, SYNACK_FATE_CAPTURED, SYNACK_TIME_NONE, 0);
      t += 1000;
      seg.sport = 80; seg.dport = 40000; seg.flags = SYNACK_FLAG_ACK;
      seg.seq = isn_s + 1; seg.ack = isn_c + 1 + (i + 1) * MSS; seg.payload_len = 0;
      synack_trace_append_segment (trace, t, conn, 1, &seg, SYNACK_FATE_CAPTURED, SYNACK_TIME_NONE, 0);
    }
  synack_trace_commit (trace);
  return trace;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SynackTrace) trace = build_trace ();
  guint n = synack_trace_get_n_events (trace);
  double explain_us[N_RUNS], quiz_us[N_RUNS], numbers_us[N_RUNS], forward_us[N_RUNS];
  GRand *rand = g_rand_new_with_seed (9293);

  for (int run = 0; run < N_RUNS; run++)
    {
      gint64 t0;
      guint positions[N_STEPS];

      for (guint i = 0; i < N_STEPS; i++)
        positions[i] = g_rand_int_range (rand, 8, (gint32) n);

      t0 = bench_now_ns ();
      for (guint i = 0; i < N_STEPS; i++)
        {
          const char *rfc = NULL;
          g_autofree char *text = synack_explain_event (trace, positions[i], &rfc);

          if (text == NULL || text[0] == '\0' || rfc == NULL)
            g_error ("no explanation for event %u", positions[i]);
        }
      explain_us[run] = (bench_now_ns () - t0) / 1e3 / N_STEPS;

      t0 = bench_now_ns ();
      for (guint i = 0; i < N_STEPS; i++)
        {
          g_autoptr(SynackQuizQuestion) q = synack_quiz_next (trace, 0, (int) positions[i] - 1);

          if (q == NULL || q->event < positions[i] - 1)
            g_error ("no quiz question after event %u", positions[i]);
        }
      quiz_us[run] = (bench_now_ns () - t0) / 1e3 / N_STEPS;

      t0 = bench_now_ns ();
      for (guint i = 0; i < N_STEPS / 10; i++)
        {
          SynackSeqVars v;
          SynackEvent ev;

          synack_trace_read_event (trace, positions[i], &ev);
          synack_seqspace_at (trace, 0, 0, (int) positions[i], &v);
          /* After a client segment one MSS is in flight, after an ACK none. */
          if (!v.valid || v.snd_nxt - v.snd_una != (ev.endpoint == 0 ? MSS : 0))
            g_error ("wrong numbers at event %u: %u in flight", positions[i], v.snd_nxt - v.snd_una);
        }
      numbers_us[run] = (bench_now_ns () - t0) / 1e3 / (N_STEPS / 10);

      /* Playing forward: the Numbers panel's walk continues where it was. */
      {
        SynackSeqspaceWalk walk;
        guint start = positions[0] / 2;
        SynackSeqVars v;

        synack_seqspace_walk_init (&walk);
        synack_seqspace_walk_to (&walk, trace, 0, 0, (int) start, &v);
        t0 = bench_now_ns ();
        for (guint p = start + 1; p <= start + 10000; p++)
          {
            synack_seqspace_walk_to (&walk, trace, 0, 0, (int) p, &v);
            if (!v.valid || v.snd_nxt - v.snd_una > MSS)
              g_error ("wrong numbers at event %u", p);
          }
        forward_us[run] = (bench_now_ns () - t0) / 1e3 / 10000;
      }
    }

  printf ("BENCH\tui-explain-step\t%.2f\tus\tmedian of %d runs, %d random events of a %u-event connection\n",
          bench_median (explain_us, N_RUNS), N_RUNS, N_STEPS, n);
  printf ("BENCH\tui-quiz-step\t%.2f\tus\tnext question after a random event\n", bench_median (quiz_us, N_RUNS));
  printf ("BENCH\tui-numbers-step\t%.1f\tus\tinferred SND/RCV variables at a random event (walks the connection; computed only while the Numbers panel shows)\n",
          bench_median (numbers_us, N_RUNS));
  printf ("BENCH\tui-numbers-step-forward\t%.3f\tus\tthe same while stepping or playing forward (the walk resumes)\n",
          bench_median (forward_us, N_RUNS));
  g_rand_free (rand);
  return 0;
}
