/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "render-fixtures.h"
#include "synack-ladder-layout.h"
#include "synack-time-axis.h"
#include "synack-view-state.h"

static SynackLadderLayout *
layout_at (SynackTrace    *trace,
           SynackTimeAxis *axis,
           double          ns_per_px,
           gint64          top_time,
           double          height)
{
  SynackLadderParams params;

  synack_ladder_params_init (&params, 1200, height, 1.0);
  params.ns_per_px = ns_per_px;
  params.scroll_px = synack_time_axis_to_px (axis, top_time, ns_per_px);
  return synack_ladder_layout_new (trace, 0, axis, &params);
}

/* An axis that gives every segment a label's row, as the views' do. */
static SynackTimeAxis *
rowed_axis (SynackTrace *trace)
{
  SynackTimeAxis *axis = synack_time_axis_new_for_trace (trace, 0, SYNACK_NSEC_PER_SEC);

  synack_time_axis_set_row_px (axis, synack_ladder_row_px (1.0));
  return axis;
}

/* Every pair of visible labels is apart. */
static guint
assert_no_overlaps (SynackLadderLayout *layout)
{
  guint shown = 0;

  for (guint i = 0; i < layout->arrows->len; i++)
    {
      const SynackLadderArrow *a = &g_array_index (layout->arrows, SynackLadderArrow, i);

      if (!a->has_label)
        continue;
      shown++;
      for (guint j = i + 1; j < layout->arrows->len; j++)
        {
          const SynackLadderArrow *b = &g_array_index (layout->arrows, SynackLadderArrow, j);
          gboolean apart;

          if (!b->has_label)
            continue;
          apart = a->lx + a->lw <= b->lx || b->lx + b->lw <= a->lx ||
                  a->ly + a->lh <= b->ly || b->ly + b->lh <= a->ly;
          if (!apart)
            g_error ("labels of events %u and %u overlap: (%g,%g %gx%g) and (%g,%g %gx%g)",
                     a->event, b->event, a->lx, a->ly, a->lw, a->lh, b->lx, b->ly, b->lw, b->lh);
        }
    }
  return shown;
}

/* A label sits on its arrow: the arrow's line passes through its box. */
static void
assert_label_on_arrow (const SynackLadderArrow *a)
{
  gboolean crosses = FALSE;

  for (int k = 0; k <= 100 && !crosses; k++)
    {
      double x = a->x0 + (a->xe - a->x0) * k / 100.0;
      double y = a->y0 + (a->ye - a->y0) * k / 100.0;

      crosses = x >= a->lx && x <= a->lx + a->lw && y >= a->ly && y <= a->ly + a->lh;
    }
  g_assert_true (crosses);
}

static void
test_arrow_endpoints (void)
{
  FixtureEvents ev;
  g_autoptr(SynackTrace) trace = fixture_textbook (TRUE, 50 * MS, &ev);
  g_autoptr(SynackTimeAxis) axis = synack_time_axis_new_for_trace (trace, 0, SYNACK_NSEC_PER_SEC);
  g_autoptr(SynackLadderLayout) layout = NULL;
  const SynackLadderArrow *syn, *synack, *lost, *rtx, *challenge;
  double top;

  /* 1 ms a pixel: a 50 ms one-way delay slopes 50 px */
  layout = layout_at (trace, axis, 1e6, 0, 2000);
  top = layout->top_y;
  syn = synack_ladder_layout_find_arrow (layout, ev.syn);
  synack = synack_ladder_layout_find_arrow (layout, ev.synack);
  lost = synack_ladder_layout_find_arrow (layout, ev.data_lost);
  rtx = synack_ladder_layout_find_arrow (layout, ev.data_rtx);
  challenge = synack_ladder_layout_find_arrow (layout, ev.challenge);
  g_assert_nonnull (syn);
  g_assert_nonnull (synack);
  g_assert_nonnull (lost);
  g_assert_nonnull (rtx);
  g_assert_nonnull (challenge);

  g_assert_cmpfloat (layout->lifeline_x[0], <, layout->lifeline_x[1]);
  g_assert_cmpfloat (syn->x0, ==, layout->lifeline_x[0]);
  g_assert_cmpfloat (syn->x1, ==, layout->lifeline_x[1]);
  g_assert_cmpfloat_with_epsilon (syn->y0, top + 100, 1e-6);
  g_assert_cmpfloat_with_epsilon (syn->y1, top + 150, 1e-6);
  g_assert_cmpfloat (syn->xe, ==, syn->x1);
  g_assert_cmpint (syn->mark, ==, SYNACK_MARK_NORMAL);
  g_assert_cmpstr (syn->line1, ==, "SYN");
  g_assert_cmpstr (syn->line2, ==, "seq=0 len=0 win=65535");

  /* the SYN-ACK leaves the server (right) when the SYN arrives */
  g_assert_cmpfloat (synack->x0, ==, layout->lifeline_x[1]);
  g_assert_cmpfloat (synack->x1, ==, layout->lifeline_x[0]);
  g_assert_cmpfloat_with_epsilon (synack->y0, syn->y1, 1e-6);
  g_assert_cmpstr (synack->line1, ==, "SYN, ACK");
  g_assert_cmpstr (synack->line2, ==, "seq=0 ack=1 len=0 win=65535");

  /* lost: the line stops half-way with a cross */
  g_assert_true (lost->lost);
  g_assert_cmpint (lost->mark, ==, SYNACK_MARK_LOST);
  g_assert_cmpfloat_with_epsilon (lost->xe, (lost->x0 + lost->x1) / 2, 1e-6);
  g_assert_cmpfloat_with_epsilon (lost->ye, (lost->y0 + lost->y1) / 2, 1e-6);
  g_assert_true (g_str_has_suffix (lost->line1, "Lost"));
  g_assert_cmpint (rtx->mark, ==, SYNACK_MARK_RETRANSMISSION);
  g_assert_true (g_str_has_suffix (rtx->line1, "Retransmission"));
  g_assert_cmpstr (rtx->line2, ==, "seq=1 ack=1 len=100 win=65535");
  g_assert_cmpint (challenge->mark, ==, SYNACK_MARK_CHALLENGE_ACK);

  for (guint i = 0; i < layout->arrows->len; i++)
    {
      const SynackLadderArrow *a = &g_array_index (layout->arrows, SynackLadderArrow, i);

      g_assert_true (a->has_label);
      assert_label_on_arrow (a);
    }
  assert_no_overlaps (layout);

  /* states, calls and the timers that matter are laid out */
  g_assert_cmpuint (layout->states->len, >=, 8);
  g_assert_cmpuint (layout->calls->len, >=, 4);
  {
    gboolean rto = FALSE, time_wait = FALSE;

    for (guint i = 0; i < layout->timers->len; i++)
      {
        const SynackLadderTimer *t = &g_array_index (layout->timers, SynackLadderTimer, i);

        if (t->timer == SYNACK_TIMER_RETRANSMISSION)
          {
            rto = TRUE;
            g_assert_cmpint (t->ended, ==, SYNACK_TIMER_FIRED);
            g_assert_cmpfloat_with_epsilon (t->y1 - t->y0, 400, 1e-6);
          }
        if (t->timer == SYNACK_TIMER_TIME_WAIT)
          {
            time_wait = TRUE;
            g_assert_cmpint (t->due - t->t0, ==, 60 * SYNACK_NSEC_PER_SEC);
          }
      }
    g_assert_true (rto);
    g_assert_true (time_wait);
  }
}

static void
test_capture_slope (void)
{
  FixtureEvents ev;
  g_autoptr(SynackTrace) trace = fixture_textbook (FALSE, 50 * MS, &ev);
  g_autoptr(SynackTimeAxis) axis = synack_time_axis_new_for_trace (trace, 0, SYNACK_NSEC_PER_SEC);
  g_autoptr(SynackLadderLayout) layout = layout_at (trace, axis, 1e6, 0, 2000);

  g_assert_cmpuint (layout->arrows->len, ==, 11);
  for (guint i = 0; i < layout->arrows->len; i++)
    {
      const SynackLadderArrow *a = &g_array_index (layout->arrows, SynackLadderArrow, i);

      /* no arrival time: a fixed slope so the label reads */
      if (!a->lost)
        g_assert_cmpfloat_with_epsilon (a->y1 - a->y0, layout->params.capture_slope_px, 1e-6);
      g_assert_cmpfloat (layout->params.capture_slope_px, >, 0);
    }
  g_assert_cmpuint (layout->timers->len, ==, 0);
  g_assert_cmpuint (layout->calls->len, ==, 0);

  /* a capture sees sending and taking in as one moment: the server enters
   * SYN-RECEIVED at the SYN's own row */
  {
    const SynackLadderArrow *syn = synack_ladder_layout_find_arrow (layout, ev.syn);
    gboolean found = FALSE;

    for (guint i = 0; i < layout->states->len; i++)
      {
        const SynackLadderStateMark *m = &g_array_index (layout->states, SynackLadderStateMark, i);

        if (m->endpoint == 1 && m->state == SYNACK_TCP_SYN_RECEIVED)
          {
            found = TRUE;
            g_assert_cmpfloat (m->y, >=, syn->y0);
            g_assert_cmpfloat (m->y, ==, synack_ladder_layout_event_to_y (layout, m->event,
                                                                         synack_trace_get_event_time (trace, m->event)));
          }
      }
    g_assert_true (found);
  }
}

static void
test_zero_delay (void)
{
  g_autoptr(SynackTrace) trace = fixture_textbook (TRUE, 0, NULL);
  g_autoptr(SynackTimeAxis) axis = synack_time_axis_new_for_trace (trace, 0, SYNACK_NSEC_PER_SEC);
  g_autoptr(SynackLadderLayout) layout = layout_at (trace, axis, 1e6, 0, 1500);
  guint shown;

  for (guint i = 0; i < layout->arrows->len; i++)
    {
      const SynackLadderArrow *a = &g_array_index (layout->arrows, SynackLadderArrow, i);

      g_assert_cmpfloat (a->y0, ==, a->y1);   /* horizontal */
      if (a->has_label)
        assert_label_on_arrow (a);
    }
  shown = assert_no_overlaps (layout);
  /* the first three share a time: each still gets its label, side by side along the line */
  g_assert_cmpuint (shown, >=, 3);
}

static void
test_equal_timestamps (void)
{
  g_autoptr(SynackTrace) trace = fixture_stream (200, 0);
  g_autoptr(SynackTimeAxis) axis = rowed_axis (trace);
  g_autoptr(SynackLadderLayout) layout = layout_at (trace, axis, 1e6, -10 * MS, 1000);
  double row = synack_ladder_row_px (1.0);
  guint shown, in_view = 0;

  shown = assert_no_overlaps (layout);
  /* captured at one instant: a stack, one row each in capture order, each
   * labelled, marked as one instant on the axis */
  g_assert_cmpuint (layout->stretches->len, >=, 1);
  for (guint i = 1; i < layout->arrows->len; i++)
    {
      const SynackLadderArrow *a = &g_array_index (layout->arrows, SynackLadderArrow, i - 1);
      const SynackLadderArrow *b = &g_array_index (layout->arrows, SynackLadderArrow, i);

      g_assert_cmpfloat (b->y0, >=, a->y0 + row - 1e-6);
      if (b->y1 < layout->params.height - b->lh)
        {
          g_assert_true (b->has_label);
          in_view++;
        }
    }
  g_assert_cmpuint (in_view, >, 15);
  g_assert_cmpuint (shown, >=, in_view);
}

static void
test_coinciding_engine_arrows (void)
{
  g_autoptr(SynackTrace) trace = synack_trace_new (SYNACK_TRACE_SOURCE_ENGINE);
  g_autoptr(SynackTimeAxis) axis = NULL;
  g_autoptr(SynackLadderLayout) layout = NULL;
  guint a, b, c, d;
  const SynackLadderArrow *pa, *pb, *pc, *pd;

  fixture_connection (trace);
  /* a burst: three over the same 50 ms path, one held up to 100 ms */
  a = fixture_segment (trace, 300 * MS, 0, SYNACK_FLAG_ACK, 1001, 5001, 100, TRUE, 50 * MS,
                       SYNACK_FATE_DELIVERED, 0);
  b = fixture_segment (trace, 300 * MS, 0, SYNACK_FLAG_ACK, 1101, 5001, 100, TRUE, 100 * MS,
                       SYNACK_FATE_DELIVERED, 0);
  c = fixture_segment (trace, 300 * MS, 0, SYNACK_FLAG_ACK, 1201, 5001, 100, TRUE, 50 * MS,
                       SYNACK_FATE_DELIVERED, 0);
  d = fixture_segment (trace, 300 * MS, 0, SYNACK_FLAG_ACK, 1301, 5001, 100, TRUE, 50 * MS,
                       SYNACK_FATE_DELIVERED, 0);
  synack_trace_commit (trace);
  axis = rowed_axis (trace);
  layout = layout_at (trace, axis, 1e6, 250 * MS, 1000);
  pa = synack_ladder_layout_find_arrow (layout, a);
  pb = synack_ladder_layout_find_arrow (layout, b);
  pc = synack_ladder_layout_find_arrow (layout, c);
  pd = synack_ladder_layout_find_arrow (layout, d);

  /* sent at one instant: one row each, in the order sent; arriving at
   * one instant, below every send: at this zoom their 50 ms flight is
   * drawn taller than a row, so the arrivals part by a row too, in the
   * order sent, and every label is shown */
  g_assert_cmpfloat (pb->y0, >, pa->y0);
  g_assert_cmpfloat (pc->y0, >, pb->y0);
  g_assert_cmpfloat (pd->y0, >, pc->y0);
  g_assert_cmpfloat (pc->y1 - pa->y1, >=, synack_ladder_row_px (1.0) - 1e-6);
  g_assert_cmpfloat (pd->y1 - pc->y1, >=, synack_ladder_row_px (1.0) - 1e-6);
  g_assert_cmpfloat (pa->y1, >, pd->y0);
  g_assert_cmpfloat (pb->y1, >, pd->y1);
  g_assert_cmpuint (assert_no_overlaps (layout), ==, 4);
  g_clear_pointer (&layout, synack_ladder_layout_free);

  /* zoomed out, where the flight is a pixel, they converge on one point
   * (give or take that pixel) */
  layout = layout_at (trace, axis, 5e7, 250 * MS, 1000);
  pa = synack_ladder_layout_find_arrow (layout, a);
  pc = synack_ladder_layout_find_arrow (layout, c);
  pd = synack_ladder_layout_find_arrow (layout, d);
  g_assert_cmpfloat (pd->y1 - pa->y1, <=, 2.0 + 1e-6);
  g_assert_cmpfloat (pd->y1, >, pa->y1);
  assert_no_overlaps (layout);
}

static void
test_thousands_in_a_second (void)
{
  /* 3000 segments in 1.5 s */
  g_autoptr(SynackTrace) trace = fixture_stream (3000, 500 * 1000);
  g_autoptr(SynackTimeAxis) axis = synack_time_axis_new_for_trace (trace, 0, SYNACK_NSEC_PER_SEC);
  g_autoptr(SynackTimeAxis) rowed = rowed_axis (trace);
  g_autoptr(SynackLadderLayout) close_up = NULL;
  g_autoptr(SynackLadderLayout) far = NULL;
  g_autoptr(SynackLadderLayout) stretched = NULL;
  guint shown;

  /* 20 us a pixel: 25 px between segments, labels compete */
  close_up = layout_at (trace, axis, 2e4, 100 * MS, 1000);
  g_assert_false (close_up->dense);
  shown = assert_no_overlaps (close_up);
  g_assert_cmpuint (shown, >, 10);
  for (guint i = 0; i < close_up->arrows->len; i++)
    {
      const SynackLadderArrow *a = &g_array_index (close_up->arrows, SynackLadderArrow, i);

      if (a->has_label)
        assert_label_on_arrow (a);
    }

  /* on an axis that gives each segment its row they all have labels, and
   * the axis is marked as stretched */
  stretched = layout_at (trace, rowed, 2e4, 100 * MS, 1000);
  g_assert_false (stretched->dense);
  g_assert_cmpuint (assert_no_overlaps (stretched), ==, stretched->arrows->len - stretched->elided->len);
  g_assert_cmpuint (stretched->stretches->len, >=, 1);
  for (guint i = 0; i < stretched->arrows->len; i++)
    {
      const SynackLadderArrow *a = &g_array_index (stretched->arrows, SynackLadderArrow, i);

      if (a->y0 >= stretched->top_y && a->y1 + a->lh < stretched->params.height)
        g_assert_true (a->has_label);
    }

  /* the whole second on one screen of an unstretched axis: a sample, no
   * labels, bounded work */
  far = layout_at (trace, axis, 2e6, 0, 1000);
  g_assert_true (far->dense);
  g_assert_cmpuint (far->arrows->len, <=, 2 * 1000 + 2);
  g_assert_cmpuint (far->arrows->len, >, 100);
  g_assert_cmpuint (assert_no_overlaps (far), ==, 0);
}

static void
test_broken_axis (void)
{
  g_autoptr(SynackTimeAxis) axis = synack_time_axis_new (0, 0, SYNACK_NSEC_PER_SEC);
  gint64 idle0 = 2 * SYNACK_NSEC_PER_SEC, idle1 = idle0 + 2 * 3600 * SYNACK_NSEC_PER_SEC;
  double prev = -1, h;

  synack_time_axis_add_gap (axis, 100 * MS, 300 * MS);  /* under the threshold: no break */
  synack_time_axis_add_gap (axis, idle0, idle1);         /* 2 h keep-alive idle */
  synack_time_axis_extend (axis, idle1 + SYNACK_NSEC_PER_SEC);

  /* 1 ms a pixel */
  g_assert_cmpuint (synack_time_axis_get_n_breaks (axis, 1e6), ==, 1);
  g_assert_cmpfloat_with_epsilon (synack_time_axis_to_px (axis, 250 * MS, 1e6), 250, 1e-9);
  g_assert_cmpfloat_with_epsilon (synack_time_axis_to_px (axis, idle0, 1e6), 2000, 1e-9);
  /* two hours, 7.2 million pixels to scale, drawn 60 + 50 log2 (7.2e6 / 60) tall */
  h = synack_time_axis_get_break_px (axis, 1e6, 0);
  g_assert_cmpfloat_with_epsilon (h, SYNACK_AXIS_BREAK_PX +
                                  SYNACK_AXIS_BREAK_LOG_PX * log2 (7.2e6 / SYNACK_AXIS_BREAK_PX), 1e-6);
  g_assert_cmpfloat_with_epsilon (synack_time_axis_to_px (axis, idle1, 1e6), 2000 + h, 1e-9);
  g_assert_cmpfloat_with_epsilon (synack_time_axis_to_px (axis, idle1 + 500 * MS, 1e6),
                                  2500 + h, 1e-9);
  g_assert_cmpfloat_with_epsilon (synack_time_axis_length_px (axis, 1e6), 3000 + h, 1e-9);
  /* inside the break: linear within it */
  g_assert_cmpfloat_with_epsilon (synack_time_axis_to_px (axis, (idle0 + idle1) / 2, 1e6),
                                  2000 + h / 2, 1e-6);

  /* monotonic, and from_px inverts to_px */
  for (gint64 t = 0; t <= idle1 + SYNACK_NSEC_PER_SEC; t += 97 * SYNACK_NSEC_PER_SEC / 10)
    {
      double px = synack_time_axis_to_px (axis, t, 1e6);
      gint64 back = synack_time_axis_from_px (axis, px, 1e6);
      gint64 tolerance = t > idle0 && t < idle1 ? (idle1 - idle0) / 1000000 : 1;

      g_assert_cmpfloat (px, >=, prev);
      prev = px;
      g_assert_cmpint (llabs (back - t), <=, tolerance);
    }

  /* zoomed so far out that the idle time is short on screen: no break */
  g_assert_cmpuint (synack_time_axis_get_n_breaks (axis, 1e12), ==, 0);
  g_assert_cmpfloat_with_epsilon (synack_time_axis_to_px (axis, idle1, 1e12), idle1 / 1e12, 1e-9);
}

static void
test_layout_breaks (void)
{
  /* the TIME-WAIT minute of the textbook trace is a break at 1 ms a pixel */
  g_autoptr(SynackTrace) trace = fixture_textbook (TRUE, 50 * MS, NULL);
  g_autoptr(SynackTimeAxis) axis = synack_time_axis_new_for_trace (trace, 0, SYNACK_NSEC_PER_SEC);
  g_autoptr(SynackLadderLayout) layout = layout_at (trace, axis, 1e6, 0, 4000);
  const SynackLadderBreak *b;

  g_assert_cmpuint (layout->breaks->len, ==, 1);
  b = &g_array_index (layout->breaks, SynackLadderBreak, 0);
  g_assert_cmpint (b->t1 - b->t0, >, 59 * SYNACK_NSEC_PER_SEC);
  g_assert_cmpfloat_with_epsilon (b->y1 - b->y0, synack_time_axis_get_break_px (axis, 1e6, 0), 1e-6);
  /* the whole trace, a minute long, fits in under 2200 px */
  g_assert_cmpfloat (synack_time_axis_length_px (axis, 1e6), <, 2200);
  /* no tick inside the break */
  for (guint i = 0; i < layout->ticks->len; i++)
    {
      const SynackLadderTick *t = &g_array_index (layout->ticks, SynackLadderTick, i);

      g_assert_false (t->t > b->t0 && t->t < b->t1);
    }
  g_assert_cmpuint (layout->ticks->len, >, 5);
}

/* A timer armed thousands of events before the visible range still has
 * its bracket drawn; one that fired or was cancelled back then has not. */
static void
test_old_timers (void)
{
  g_autoptr(SynackTrace) trace = synack_trace_new (SYNACK_TRACE_SOURCE_ENGINE);
  g_autoptr(SynackTimeAxis) axis = NULL;
  g_autoptr(SynackLadderLayout) layout = NULL;
  guint armed, running[SYNACK_TRACE_TIMER_SLOTS];
  gboolean keepalive = FALSE;
  gint64 t = 0;

  fixture_connection (trace);
  /* a keep-alive armed at 0, due at 30 s; a retransmission timer armed and
   * cancelled early on */
  armed = synack_trace_append_timer (trace, 0, 0, 0, SYNACK_TIMER_KEEPALIVE, SYNACK_TIMER_ARMED,
                                     0, 30 * SYNACK_NSEC_PER_SEC);
  synack_trace_append_timer (trace, MS, 0, 1, SYNACK_TIMER_RETRANSMISSION, SYNACK_TIMER_ARMED, 0,
                             200 * MS);
  synack_trace_append_timer (trace, 2 * MS, 0, 1, SYNACK_TIMER_RETRANSMISSION,
                             SYNACK_TIMER_CANCELLED, 0, 200 * MS);
  for (guint i = 0; i < 5000; i++)
    {
      t += 5 * MS;
      fixture_segment (trace, t, 1, SYNACK_FLAG_ACK | SYNACK_FLAG_PSH, 5001 + i * 10, 1001, 10,
                       TRUE, MS / 2, SYNACK_FATE_DELIVERED, 0);
    }
  synack_trace_append_timer (trace, 30 * SYNACK_NSEC_PER_SEC, 0, 0, SYNACK_TIMER_KEEPALIVE,
                             SYNACK_TIMER_FIRED, 1, 30 * SYNACK_NSEC_PER_SEC);
  synack_trace_commit (trace);

  synack_trace_timers_running_at (trace, 0, 4000, running);
  g_assert_cmpuint (running[0 * SYNACK_TIMER_N_KINDS + SYNACK_TIMER_KEEPALIVE], ==, armed);
  g_assert_cmpuint (running[1 * SYNACK_TIMER_N_KINDS + SYNACK_TIMER_RETRANSMISSION], ==, G_MAXUINT);

  /* 20 s to 20.8 s, 4,000 events after the keep-alive was armed */
  axis = synack_time_axis_new_for_trace (trace, 0, 60 * SYNACK_NSEC_PER_SEC);
  layout = layout_at (trace, axis, 2e6, 20 * SYNACK_NSEC_PER_SEC, 400);
  g_assert_false (layout->dense);
  for (guint i = 0; i < layout->timers->len; i++)
    {
      const SynackLadderTimer *timer = &g_array_index (layout->timers, SynackLadderTimer, i);

      g_assert_cmpint (timer->timer, !=, SYNACK_TIMER_RETRANSMISSION);
      if (timer->event == armed)
        {
          keepalive = TRUE;
          /* still running below the view: drawn to its due time */
          g_assert_cmpint (timer->ended, ==, SYNACK_TIMER_ARMED);
          g_assert_cmpfloat (timer->y0, <, layout->top_y);
          g_assert_cmpfloat (timer->y1, >, 400);
        }
    }
  g_assert_true (keepalive);
}

static void
test_pick (void)
{
  FixtureEvents ev;
  g_autoptr(SynackTrace) trace = fixture_textbook (TRUE, 50 * MS, &ev);
  g_autoptr(SynackTimeAxis) axis = synack_time_axis_new_for_trace (trace, 0, SYNACK_NSEC_PER_SEC);
  g_autoptr(SynackLadderLayout) layout = layout_at (trace, axis, 1e6, 0, 2000);
  const SynackLadderArrow *a = synack_ladder_layout_find_arrow (layout, ev.fin1);
  double x = a->x0 + 0.1 * (a->x1 - a->x0), y = a->y0 + 0.1 * (a->y1 - a->y0);

  g_assert_cmpint (synack_ladder_layout_pick (layout, x, y), ==, (int) ev.fin1);
  g_assert_cmpint (synack_ladder_layout_pick (layout, a->lx + 2, a->ly + 2), ==, (int) ev.fin1);
  g_assert_cmpint (synack_ladder_layout_pick (layout, 5, 5), ==, -1);
  g_assert_cmpfloat_with_epsilon (synack_ladder_layout_time_to_y (layout,
                                    synack_ladder_layout_y_to_time (layout, 777)), 777, 1e-3);
}

static void
test_view_state (void)
{
  FixtureEvents ev;
  g_autoptr(SynackTrace) trace = fixture_textbook (TRUE, 50 * MS, &ev);
  g_autoptr(SynackViewState) state = synack_view_state_new ();
  SynackTimeAxis *axis;
  gint64 anchor;

  synack_view_state_set_trace (state, trace);
  axis = synack_view_state_get_axis (state);
  g_assert_nonnull (axis);
  g_assert_cmpint (synack_time_axis_get_start (axis), ==, 0);

  /* zoom in about a point: the time under it stays */
  synack_view_state_set_ns_per_pixel (state, 1e6);
  synack_view_state_set_scroll_px (state, 100);
  anchor = synack_time_axis_from_px (axis, 100 + 300, 1e6);
  synack_view_state_zoom (state, 4.0, 300);
  g_assert_cmpfloat (synack_view_state_get_ns_per_pixel (state), ==, 2.5e5);
  g_assert_cmpint (llabs (synack_time_axis_from_px (axis, synack_view_state_get_scroll_px (state) + 300,
                                                    2.5e5) - anchor), <=, 1000);

  /* fit: the whole minute-long trace in 800 px, unless that squeezes its
   * retransmission's wait below a row and more: then time keeps the scale
   * of that wait */
  synack_view_state_zoom_to_fit (state, 800);
  g_assert_cmpint (synack_time_axis_get_shortest_wait (axis), >, 0);
  g_assert_cmpfloat (synack_view_state_get_ns_per_pixel (state), ==,
                     synack_time_axis_wait_ns_per_px (axis));
  synack_view_state_zoom_to_fit (state, 2000);
  g_assert_cmpfloat (synack_time_axis_length_px (axis, synack_view_state_get_ns_per_pixel (state)),
                     <=, 2000);
  g_assert_cmpfloat (synack_time_axis_length_px (axis, synack_view_state_get_ns_per_pixel (state)),
                     >, 1700);
  g_assert_cmpfloat (synack_view_state_get_ns_per_pixel (state), <,
                     synack_time_axis_wait_ns_per_px (axis));

  /* keyboard selection walks the segments in order */
  g_assert_cmpint (synack_view_state_get_selected (state), ==, -1);
  g_assert_true (synack_view_state_select_next (state));
  g_assert_cmpint (synack_view_state_get_selected (state), ==, (int) ev.syn);
  g_assert_true (synack_view_state_select_next (state));
  g_assert_cmpint (synack_view_state_get_selected (state), ==, (int) ev.synack);
  g_assert_true (synack_view_state_select_previous (state));
  g_assert_cmpint (synack_view_state_get_selected (state), ==, (int) ev.syn);
  g_assert_false (synack_view_state_select_previous (state));
  synack_view_state_set_selected (state, (int) ev.ack2);
  g_assert_false (synack_view_state_select_next (state));

  /* ensure_visible scrolls a far time into view */
  synack_view_state_set_ns_per_pixel (state, 1e5);
  synack_view_state_set_scroll_px (state, 0);
  synack_view_state_ensure_visible (state, 1500 * MS, 1000);
  {
    double px = synack_time_axis_to_px (axis, 1500 * MS, 1e5);
    double top = synack_view_state_get_scroll_px (state);

    g_assert_cmpfloat (px, >=, top);
    g_assert_cmpfloat (px, <=, top + 1000);
  }
}

static void
count_signal (guint *count)
{
  (*count)++;
}

static void
test_live_growth (void)
{
  g_autoptr(SynackTrace) trace = fixture_stream (10, MS);
  g_autoptr(SynackViewState) state = synack_view_state_new ();
  gint64 end0;
  guint changed = 0;

  synack_view_state_set_trace (state, trace);
  g_signal_connect_swapped (state, "axis-changed", G_CALLBACK (count_signal), &changed);
  end0 = synack_time_axis_get_end (synack_view_state_get_axis (state));
  fixture_segment (trace, end0 + 5 * SYNACK_NSEC_PER_SEC, 0, SYNACK_FLAG_ACK, 1, 1, 0, FALSE, 0, 0, 0);
  synack_trace_commit (trace);
  g_assert_cmpint (synack_time_axis_get_end (synack_view_state_get_axis (state)), ==,
                   end0 + 5 * SYNACK_NSEC_PER_SEC);
  /* the 5 s pause became a candidate break */
  g_assert_cmpuint (synack_time_axis_get_n_breaks (synack_view_state_get_axis (state), 1e6), ==, 1);
  g_assert_cmpuint (changed, ==, 1);

  /* a capture loading in view grows by other connections: the shown one's
   * axis (and every picture drawn on it) stays as it is */
  {
    SynackSegment seg = { 0 };
    SynackAddress a, b;
    guint other;

    synack_address_set_ipv4 (&a, 0x0a000003);
    synack_address_set_ipv4 (&b, 0x0a000004);
    other = synack_trace_add_connection (trace, &a, 40001, &b, 80);
    seg.flags = SYNACK_FLAG_SYN;
    synack_trace_append_segment (trace, end0 + 9 * SYNACK_NSEC_PER_SEC, other, 0, &seg,
                                 SYNACK_FATE_CAPTURED, SYNACK_TIME_NONE, 0);
    synack_trace_commit (trace);
    g_assert_cmpuint (changed, ==, 1);
    g_assert_cmpint (synack_time_axis_get_end (synack_view_state_get_axis (state)), ==,
                     end0 + 5 * SYNACK_NSEC_PER_SEC);
  }
}

/* Tick labels: seconds from one second on, however fine the step; ms only
 * for the first second's sub-millisecond steps. */
static void
test_tick_labels (void)
{
  static const struct { gint64 t, step; const char *text; } cases[] = {
    { 3058550000, 10000, "3.05855 s" },
    { 3058550000, 100000000, "3.1 s" },
    { 1000000000, 100000, "1.0000 s" },
    { 20000, 10000, "0.02 ms" },
    { 200000000, 100000000, "0.2 s" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = synack_format_tick (cases[i].t, cases[i].step);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

/* A duplicate ACK is not drawn in the dotted style the legend gives to a
 * segment the link duplicated; its label says what it is. */
static void
test_duplicate_ack_mark (void)
{
  SynackEvent ev = { 0 };

  ev.kind = SYNACK_EVENT_SEGMENT;
  ev.segment.flags = SYNACK_FLAG_ACK;
  ev.segment.analysis = SYNACK_ANALYSIS_DUPLICATE_ACK;
  g_assert_cmpint (synack_theme_segment_mark (&ev), ==, SYNACK_MARK_NORMAL);
  ev.segment.fate = SYNACK_FATE_DUPLICATED;
  g_assert_cmpint (synack_theme_segment_mark (&ev), ==, SYNACK_MARK_DUPLICATE);
}

/* Two runs side by side are idle where both are: a gap one run has while
 * the other is busy is no break, time past one run's end is idle for it,
 * and both axes end with the same breaks over the same span. */
static void
test_share_idle (void)
{
  const gint64 s = SYNACK_NSEC_PER_SEC;
  g_autoptr(SynackTimeAxis) a = synack_time_axis_new (0, 62 * s, s / 1000);
  g_autoptr(SynackTimeAxis) b = synack_time_axis_new (0, 2 * s, s / 1000);
  double ns = 1e6;   /* 1 ms a pixel: every gap here is worth a break */
  gint64 t0, t1;

  /* a: busy until 1 s, then idle for a minute; b: a lost SYN's second of
   * waiting (0.1 s to 1.1 s), then done at 2 s */
  synack_time_axis_add_gap (a, 1 * s, 61 * s);
  synack_time_axis_add_gap (b, s / 10, 11 * s / 10);
  synack_time_axis_share_idle (a, b);
  synack_time_axis_share_idle (b, a);

  g_assert_cmpint (synack_time_axis_get_start (a), ==, 0);
  g_assert_cmpint (synack_time_axis_get_end (b), ==, 62 * s);
  /* only the minute after both are done: from b's end on */
  g_assert_cmpuint (synack_time_axis_get_n_breaks (a, ns), ==, 1);
  g_assert_cmpuint (synack_time_axis_get_n_breaks (b, ns), ==, 1);
  synack_time_axis_get_break (a, ns, 0, &t0, &t1);
  g_assert_cmpint (t0, ==, 2 * s);
  g_assert_cmpint (t1, ==, 61 * s);
  synack_time_axis_get_break (b, ns, 0, &t0, &t1);
  g_assert_cmpint (t0, ==, 2 * s);
  g_assert_cmpint (t1, ==, 61 * s);
  /* so a time is at the same place on both */
  g_assert_cmpfloat_with_epsilon (synack_time_axis_to_px (a, 30 * s, ns),
                                  synack_time_axis_to_px (b, 30 * s, ns), 1e-6);
  g_assert_cmpfloat_with_epsilon (synack_time_axis_to_px (a, 62 * s, ns),
                                  synack_time_axis_to_px (b, 62 * s, ns), 1e-6);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/synack/ladder-layout/arrow-endpoints", test_arrow_endpoints);
  g_test_add_func ("/synack/ladder-layout/tick-labels", test_tick_labels);
  g_test_add_func ("/synack/ladder-layout/duplicate-ack-mark", test_duplicate_ack_mark);
  g_test_add_func ("/synack/ladder-layout/capture-slope", test_capture_slope);
  g_test_add_func ("/synack/ladder-layout/zero-delay", test_zero_delay);
  g_test_add_func ("/synack/ladder-layout/share-idle", test_share_idle);
  g_test_add_func ("/synack/ladder-layout/equal-timestamps", test_equal_timestamps);
  g_test_add_func ("/synack/ladder-layout/coinciding-engine-arrows", test_coinciding_engine_arrows);
  g_test_add_func ("/synack/ladder-layout/thousands-in-a-second", test_thousands_in_a_second);
  g_test_add_func ("/synack/ladder-layout/broken-axis", test_broken_axis);
  g_test_add_func ("/synack/ladder-layout/layout-breaks", test_layout_breaks);
  g_test_add_func ("/synack/ladder-layout/pick", test_pick);
  g_test_add_func ("/synack/ladder-layout/old-timers", test_old_timers);
  g_test_add_func ("/synack/ladder-layout/view-state", test_view_state);
  g_test_add_func ("/synack/ladder-layout/live-growth", test_live_growth);
  return g_test_run ();
}
