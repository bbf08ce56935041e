/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "synack-ladder-layout.h"
#include "synack-notation.h"

/* Where along an arrow a label may sit, best first (0 tail, 1 head). */
static const double label_t[] = { 0.5, 0.38, 0.62, 0.26, 0.74, 0.16, 0.84, 0.9 };
static const double lost_label_t[] = { 0.25, 0.15, 0.35, 0.08, 0.42 };

#define LABEL_GAP 2.0

void
synack_ladder_params_init (SynackLadderParams *params,
                           double              width,
                           double              height,
                           double              text_scale)
{
  double font_px = 13.0 * text_scale;

  memset (params, 0, sizeof *params);
  params->width = width;
  params->height = height;
  params->ns_per_px = 1e6;
  params->line_px = ceil (font_px * 1.3);
  params->char_px = font_px * 0.6;
  params->header_px = 2 * params->line_px + 14 * text_scale;
  params->axis_px = ceil (64 * text_scale);
  params->capture_slope_px = ceil (1.6 * params->line_px);
  params->seq_mode = SYNACK_SEQ_RELATIVE;
  params->current = -1;
  params->text_scale = text_scale;
}

static double
measure (const SynackLadderParams *p,
         const char               *text)
{
  if (p->measure != NULL)
    return p->measure (text, p->measure_data);
  return g_utf8_strlen (text, -1) * p->char_px;
}

double
synack_ladder_layout_time_to_y (SynackLadderLayout *self,
                                gint64              t)
{
  return self->top_y + synack_time_axis_to_px (self->_axis, t, self->params.ns_per_px) -
         self->params.scroll_px;
}

gint64
synack_ladder_layout_y_to_time (SynackLadderLayout *self,
                                double              y)
{
  return synack_time_axis_from_px (self->_axis, y - self->top_y + self->params.scroll_px,
                                   self->params.ns_per_px);
}

char *
synack_ladder_label_line1 (SynackTrace *trace,
                           guint        event)
{
  return synack_ladder_label_line1_until (trace, event, G_MAXUINT);
}

char *
synack_ladder_label_line1_until (SynackTrace *trace,
                                 guint        event,
                                 guint        last)
{
  SynackEvent ev;
  SynackMark mark;
  const char *tag;
  guint32 a;

  synack_trace_read_event (trace, event, &ev);
  if (!synack_theme_fate_told (&ev, event, last))
    ev.segment.fate = SYNACK_FATE_DELIVERED;
  mark = synack_theme_segment_mark (&ev);
  tag = synack_theme_mark_label (mark);
  a = ev.segment.analysis;
  static const guint32 told[] = {
    SYNACK_ANALYSIS_KEEP_ALIVE, SYNACK_ANALYSIS_KEEP_ALIVE_ACK, SYNACK_ANALYSIS_ZERO_WINDOW,
    SYNACK_ANALYSIS_ZERO_WINDOW_PROBE, SYNACK_ANALYSIS_ZERO_WINDOW_PROBE_ACK,
    SYNACK_ANALYSIS_WINDOW_UPDATE, SYNACK_ANALYSIS_WINDOW_FULL, SYNACK_ANALYSIS_DUPLICATE_ACK,
  };
  char flags[64];

  /* the most specific name the analysis has for the mark */
  if (mark == SYNACK_MARK_RETRANSMISSION && (a & SYNACK_ANALYSIS_FAST_RETRANSMISSION))
    tag = synack_analysis_label (g_bit_nth_lsf (SYNACK_ANALYSIS_FAST_RETRANSMISSION, -1));
  else if (mark == SYNACK_MARK_RETRANSMISSION && (a & SYNACK_ANALYSIS_SPURIOUS_RETRANSMISSION))
    tag = synack_analysis_label (g_bit_nth_lsf (SYNACK_ANALYSIS_SPURIOUS_RETRANSMISSION, -1));

  /* an unmarked arrow still says what the analysis found */
  for (guint i = 0; tag == NULL && i < G_N_ELEMENTS (told); i++)
    if (ev.segment.analysis & told[i])
      tag = synack_analysis_label (g_bit_nth_lsf (told[i], -1));

  /* a keep-alive probe says so whatever became of it */
  if ((a & SYNACK_ANALYSIS_KEEP_ALIVE) && mark != SYNACK_MARK_NORMAL && tag != NULL)
    {
      if (ev.segment.flags == 0)
        g_strlcpy (flags, "-", sizeof flags);
      else
        synack_flags_to_string (ev.segment.flags, flags, sizeof flags);
      return g_strdup_printf ("%s · %s · %s", flags,
                              synack_analysis_label (g_bit_nth_lsf (SYNACK_ANALYSIS_KEEP_ALIVE, -1)),
                              tag);
    }

  if (ev.segment.flags == 0)
    g_strlcpy (flags, "-", sizeof flags);
  else
    synack_flags_to_string (ev.segment.flags, flags, sizeof flags);
  if (tag != NULL)
    return g_strdup_printf ("%s · %s", flags, tag);
  return g_strdup (flags);
}

char *
synack_ladder_label_line2 (SynackTrace   *trace,
                           guint          event,
                           SynackSeqMode  mode)
{
  SynackEvent ev;
  guint32 seq, ack;
  guint32 win = synack_trace_get_scaled_window (trace, event);

  synack_trace_read_event (trace, event, &ev);
  seq = ev.segment.seq;
  ack = ev.segment.ack;

  if (mode == SYNACK_SEQ_TEXTBOOK)
    {
      g_autofree char *numbers = synack_notation_seq_ack (trace, event);

      return g_strdup_printf ("%s len=%u win=%u", numbers, ev.segment.len, win);
    }
  if (mode == SYNACK_SEQ_RELATIVE)
    {
      seq = synack_trace_relative_seq (trace, event);
      ack = synack_trace_relative_ack (trace, event);
    }
  /* field names are protocol vocabulary, as in Wireshark; not translated */
  if (ev.segment.flags & SYNACK_FLAG_ACK)
    return g_strdup_printf ("seq=%u ack=%u len=%u win=%u", seq, ack, ev.segment.len, win);
  return g_strdup_printf ("seq=%u len=%u win=%u", seq, ev.segment.len, win);
}

char *
synack_format_duration (gint64 ns)
{
  double s;

  if (ns < 0)
    ns = -ns;
  s = (double) ns / 1e9;
  if (ns >= 3600 * SYNACK_NSEC_PER_SEC)
    {
      gint64 min = ns / (60 * SYNACK_NSEC_PER_SEC);
      return g_strdup_printf (_("%" PRId64 " h %" PRId64 " min"),
                              min / 60, min % 60);
    }
  if (ns >= 60 * SYNACK_NSEC_PER_SEC)
    {
      gint64 sec = ns / SYNACK_NSEC_PER_SEC;
      return g_strdup_printf (_("%" PRId64 " min %" PRId64 " s"),
                              sec / 60, sec % 60);
    }
  if (ns >= SYNACK_NSEC_PER_SEC)
    return g_strdup_printf (_("%.3g s"), s);
  if (ns >= 1000000)
    return g_strdup_printf (_("%.3g ms"), s * 1e3);
  if (ns >= 1000)
    return g_strdup_printf (_("%.3g µs"), s * 1e6);
  return g_strdup_printf (_("%" PRId64 " ns"), ns);
}

char *
synack_format_tick (gint64 t,
                    gint64 step)
{
  int decimals = 0;

  for (gint64 s = step; s < SYNACK_NSEC_PER_SEC && decimals < 9; s *= 10)
    decimals++;
  if (t >= 3600 * SYNACK_NSEC_PER_SEC && step >= SYNACK_NSEC_PER_SEC)
    {
      gint64 sec = t / SYNACK_NSEC_PER_SEC;
      return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d", sec / 3600,
                              (int) (sec / 60 % 60), (int) (sec % 60));
    }
  if (step < 1000000 && llabs (t) < SYNACK_NSEC_PER_SEC)
    {
      /* below a millisecond a step reads better in ms: "0.020 ms", not
       * "0.00002 s"; from one second on the axis says seconds ("3.05855 s",
       * not "3058.55 ms"), as the rest of it does */
      int ms_decimals = 0;

      for (gint64 s = step; s < 1000000 && ms_decimals < 6; s *= 10)
        ms_decimals++;
      return g_strdup_printf ("%.*f ms", ms_decimals, (double) t / 1e6);
    }
  return g_strdup_printf ("%.*f s", decimals, (double) t / 1e9);
}

char *
synack_ladder_call_text (const SynackEvent *ev)
{
  const char *err = ev->call.result != 0 ? synack_errno_name (ev->call.result) : NULL;
  g_autofree char *base = NULL;

  switch ((SynackCallKind) ev->call.call)
    {
    case SYNACK_CALL_SOCKET:
      base = g_strdup ("socket()");
      break;
    case SYNACK_CALL_BIND:
      base = g_strdup_printf ("bind(%" G_GUINT64_FORMAT ")", ev->call.arg);
      break;
    case SYNACK_CALL_LISTEN:
      base = g_strdup ("listen()");
      break;
    case SYNACK_CALL_ACCEPT:
      base = g_strdup (_("accept() blocks"));
      break;
    case SYNACK_CALL_CONNECT:
      base = g_strdup ("connect()");
      break;
    case SYNACK_CALL_ACCEPT_RETURNS:
      base = g_strdup (_("accept() returns"));
      break;
    case SYNACK_CALL_CONNECT_RETURNS:
      if (ev->call.result != 0)
        base = g_strdup ("connect()");
      else
        base = g_strdup (_("connect() returns 0"));
      break;
    case SYNACK_CALL_SEND:
      if (ev->call.result != 0)
        base = g_strdup ("send()");
      else
        base = g_strdup_printf ("send() = %" G_GUINT64_FORMAT, ev->call.arg);
      break;
    case SYNACK_CALL_RECV:
      if (ev->call.result != 0)
        base = g_strdup ("recv()");
      else if (ev->call.arg == 0)
        base = g_strdup (_("recv() = 0 (EOF)"));
      else
        base = g_strdup_printf ("recv() = %" G_GUINT64_FORMAT, ev->call.arg);
      break;
    case SYNACK_CALL_SHUTDOWN:
      base = g_strdup ("shutdown()");
      break;
    case SYNACK_CALL_CLOSE:
      base = g_strdup ("close()");
      break;
    case SYNACK_CALL_ABORT:
      base = g_strdup ("abort()");
      break;
    case SYNACK_CALL_CRASH:
      base = g_strdup (_("host crashed"));
      break;
    case SYNACK_CALL_N_KINDS:
    default:
      base = g_strdup ("?");
      break;
    }
  if (ev->call.result == 0)
    return g_steal_pointer (&base);
  if (err != NULL)
    return g_strdup_printf ("%s → %s", base, err);
  return g_strdup_printf ("%s → %d", base, ev->call.result);
}

char *
synack_ladder_timer_text (const SynackLadderTimer *timer,
                          gint64                   cursor_time)
{
  g_autofree char *span = synack_format_duration (timer->due - timer->t0);

  switch (timer->timer)
    {
    case SYNACK_TIMER_RETRANSMISSION:
      /* count: the expiry that ended it (a running one: the next) */
      return g_strdup_printf (_("RTO #%u (%s)"), timer->ended == SYNACK_TIMER_FIRED
                                                   ? MAX (timer->count, 1) : timer->count + 1, span);
    case SYNACK_TIMER_PERSIST:
      return g_strdup_printf (_("persist (%s)"), span);
    case SYNACK_TIMER_KEEPALIVE:
      return g_strdup_printf (_("keep-alive (%s)"), span);
    case SYNACK_TIMER_DELAYED_ACK:
      return g_strdup_printf (_("delayed ACK (%s)"), span);
    case SYNACK_TIMER_TIME_WAIT:
      if (cursor_time != SYNACK_TIME_NONE && cursor_time >= timer->t0 && cursor_time < timer->due)
        {
          g_autofree char *left = synack_format_duration (timer->due - cursor_time);
          return g_strdup_printf (_("2MSL: %s left"), left);
        }
      return g_strdup_printf (_("2MSL = %s"), span);
    case SYNACK_TIMER_N_KINDS:
    default:
      return g_strdup ("?");
    }
}

static gint64
nice_step (double raw)
{
  gint64 step = 1;

  while (step < G_MAXINT64 / 10)
    {
      if (step >= raw)
        return step;
      if (2 * step >= raw)
        return 2 * step;
      if (5 * step >= raw)
        return 5 * step;
      step *= 10;
    }
  return step;
}

typedef struct
{
  double x, y, w, h;
} Box;

/* Boxes are kept sorted by y; none is taller than MAX_BOX_PX. */
#define MAX_BOX_PX 200.0

static gboolean
box_free (GArray    *placed,
          const Box *box)
{
  guint lo = 0, hi = placed->len;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (placed, Box, mid).y <= box->y - MAX_BOX_PX - LABEL_GAP)
        lo = mid + 1;
      else
        hi = mid;
    }
  for (guint i = lo; i < placed->len; i++)
    {
      const Box *b = &g_array_index (placed, Box, i);

      if (b->y >= box->y + box->h + LABEL_GAP)
        break;
      if (b->y + b->h + LABEL_GAP <= box->y)
        continue;
      if (b->x < box->x + box->w + LABEL_GAP && box->x < b->x + b->w + LABEL_GAP)
        return FALSE;
    }
  return TRUE;
}

static void
box_insert (GArray    *placed,
            const Box *box)
{
  guint lo = 0, hi = placed->len;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (placed, Box, mid).y <= box->y)
        lo = mid + 1;
      else
        hi = mid;
    }
  g_array_insert_val (placed, lo, *box);
}

static gboolean
try_label_at (SynackLadderLayout *self,
              SynackLadderArrow  *arrow,
              GArray             *placed,
              double              t,
              double              shift,
              gboolean            force)
{
  double left = MIN (self->lifeline_x[0], self->lifeline_x[1]) + 4;
  double right = MAX (self->lifeline_x[0], self->lifeline_x[1]) - 4;
  double cx = arrow->x0 + t * (arrow->x1 - arrow->x0);
  double cy = arrow->y0 + t * (arrow->y1 - arrow->y0);
  Box box = { cx - arrow->lw / 2, cy - arrow->lh / 2 + shift, arrow->lw, arrow->lh };

  if (box.w <= right - left)
    {
      if (box.x < left)
        box.x = left;
      if (box.x + box.w > right)
        box.x = right - box.w;
    }
  else
    /* wider than the lifelines are apart: over them where nothing is
     * written, never past the axis or the edge */
    box.x = CLAMP (box.x, self->params.axis_px + 2, MAX (self->params.axis_px + 2,
                                                         self->params.width - 2 - box.w));
  if (!force && !box_free (placed, &box))
    return FALSE;
  box_insert (placed, &box);
  arrow->lx = box.x;
  arrow->ly = box.y;
  arrow->has_label = TRUE;
  return TRUE;
}

/* Place an arrow's label where it is free; a label that must be shown
 * (force) goes to its best place even if it covers another. */
static void
place_label (SynackLadderLayout *self,
             SynackLadderArrow  *arrow,
             GArray             *placed,
             gboolean            force)
{
  const double *ts = arrow->lost ? lost_label_t : label_t;
  guint n = arrow->lost ? G_N_ELEMENTS (lost_label_t) : G_N_ELEMENTS (label_t);

  arrow->has_label = FALSE;
  for (guint i = 0; i < n; i++)
    if (try_label_at (self, arrow, placed, ts[i], 0, FALSE))
      return;
  /* a flat arrow's label may hang just under (or over) its line */
  if (fabs (arrow->y1 - arrow->y0) < arrow->lh)
    for (guint i = 0; i < n; i++)
      if (try_label_at (self, arrow, placed, ts[i], arrow->lh / 2, FALSE) ||
          try_label_at (self, arrow, placed, ts[i], -arrow->lh / 2, FALSE))
        return;
  if (force)
    {
      /* finer steps along the arrow, then a little off it, before giving
       * up on a free place */
      static const double shifts[] = { 0, 0.5, -0.5, 1.0, -1.0 };

      for (guint k = 0; k < G_N_ELEMENTS (shifts); k++)
        for (double t = 0.05; t <= 0.95; t += 0.05)
          if (try_label_at (self, arrow, placed, arrow->lost ? t / 2 : t, shifts[k] * arrow->lh, FALSE))
            return;
      try_label_at (self, arrow, placed, ts[0], 0, TRUE);
      return;
    }
  arrow->lx = arrow->x0;
  arrow->ly = arrow->y0;
}

double
synack_ladder_row_px (double text_scale)
{
  double line_px = ceil (13.0 * text_scale * 1.3);

  return 2 * line_px + 4 + 3 * LABEL_GAP;
}

double
synack_ladder_layout_event_to_y (SynackLadderLayout *self,
                                 guint               index,
                                 gint64              t)
{
  return self->top_y + synack_time_axis_event_to_px (self->_axis, index, t, self->params.ns_per_px) -
         self->params.scroll_px;
}

double
synack_ladder_layout_arrival_to_y (SynackLadderLayout *self,
                                   guint               index,
                                   gint64              arrive)
{
  return self->top_y + synack_time_axis_arrival_to_px (self->_axis, index, arrive,
                                                       self->params.ns_per_px) -
         self->params.scroll_px;
}

double
synack_ladder_state_span_y (SynackTrace    *trace,
                            guint           conn,
                            SynackTimeAxis *axis,
                            double          ns_per_px,
                            guint           endpoint,
                            guint           span)
{
  gint64 t;
  SynackTcpState s;
  guint ev;

  synack_trace_get_state_span (trace, conn, endpoint, span, &t, &s, &ev);
  if (t == G_MININT64 || ev >= synack_trace_get_n_events (trace))
    return -INFINITY;
  return synack_time_axis_event_to_px (axis, ev, t, ns_per_px);
}

static void
add_arrow (SynackLadderLayout *self,
           SynackTrace        *trace,
           guint               index,
           const SynackEvent  *ev,
           gboolean            with_label,
           gboolean            above)
{
  const SynackLadderParams *p = &self->params;
  SynackLadderArrow arrow = { 0 };

  arrow.event = index;
  arrow.sender = ev->endpoint ? 1 : 0;
  arrow.mark = synack_theme_segment_mark (ev);
  arrow.mark_sent = synack_theme_segment_mark_until (ev, index, index);
  arrow.lost = ev->segment.fate == SYNACK_FATE_LOST || ev->segment.fate == SYNACK_FATE_HOST_DOWN;
  arrow.telling = (ev->segment.flags & (SYNACK_FLAG_SYN | SYNACK_FLAG_FIN | SYNACK_FLAG_RST)) != 0;
  arrow.x0 = self->lifeline_x[arrow.sender];
  arrow.x1 = self->lifeline_x[1 - arrow.sender];
  arrow.y0 = synack_ladder_layout_event_to_y (self, index, ev->time);
  if (ev->segment.arrive != SYNACK_TIME_NONE && ev->segment.fate != SYNACK_FATE_CAPTURED &&
      ev->segment.arrive >= ev->time)
    arrow.y1 = synack_ladder_layout_arrival_to_y (self, index, ev->segment.arrive);
  else
    {
      /* captured: no arrival time, a schematic slope, short enough to end
       * before the next segment's row */
      double slope = p->capture_slope_px;
      double row = synack_time_axis_get_row_px (self->_axis);

      if (row > 0)
        slope = MIN (slope, 0.7 * row);
      arrow.y1 = arrow.y0 + slope;
    }
  if (arrow.lost)
    {
      arrow.xe = (arrow.x0 + arrow.x1) / 2;
      arrow.ye = (arrow.y0 + arrow.y1) / 2;
    }
  else
    {
      arrow.xe = arrow.x1;
      arrow.ye = arrow.y1;
    }
  /* an arrow sent before the top edge matters only if it, or a label on
   * it, reaches down into view */
  if (above && MAX (arrow.y0, arrow.y1) + 2 * p->line_px + 4 < self->top_y)
    return;
  if (with_label)
    {
      g_autofree char *l1 = synack_ladder_label_line1 (trace, index);
      g_autofree char *l2 = synack_ladder_label_line2 (trace, index, p->seq_mode);

      arrow.line1 = g_string_chunk_insert (self->_strings, l1);
      arrow.line2 = g_string_chunk_insert (self->_strings, l2);
      arrow.line1_sent = arrow.line1;
      if (arrow.lost)
        {
          g_autofree char *sent = synack_ladder_label_line1_until (trace, index, index);

          arrow.line1_sent = g_string_chunk_insert (self->_strings, sent);
        }
      arrow.lw = ceil (MAX (measure (p, l1), measure (p, l2))) + 8;
      arrow.lh = 2 * p->line_px + 4;
    }
  g_array_append_val (self->arrows, arrow);
}

static void
add_states (SynackLadderLayout *self,
            SynackTrace        *trace)
{
  for (guint ep = 0; ep < 2; ep++)
    {
      guint n = synack_trace_get_n_state_spans (trace, self->conn, ep);
      guint lo = 1, hi = n;
      guint added = 0;

      while (lo < hi)
        {
          guint mid = (lo + hi) / 2;
          gint64 t;
          SynackTcpState s;
          guint ev;

          synack_trace_get_state_span (trace, self->conn, ep, mid, &t, &s, &ev);
          if (t < self->t_top)
            lo = mid + 1;
          else
            hi = mid;
        }
      for (guint i = lo; i < n && added < 512; i++, added++)
        {
          SynackLadderStateMark mark;
          gint64 t;
          SynackTcpState s;
          guint ev;

          synack_trace_get_state_span (trace, self->conn, ep, i, &t, &s, &ev);
          if (t > self->t_bottom)
            break;
          mark.event = ev;
          mark.endpoint = ep;
          mark.state = s;
          /* the same height the timeline's band starts at */
          mark.y = self->top_y - self->params.scroll_px +
                   synack_ladder_state_span_y (trace, self->conn, self->_axis,
                                               self->params.ns_per_px, ep, i);
          g_array_append_val (self->states, mark);
          /* the segment that caused it is never left unlabelled */
          if (ev < synack_trace_get_n_events (trace))
            {
              SynackEvent sev;

              synack_trace_read_event (trace, ev, &sev);
              if (sev.kind == SYNACK_EVENT_STATE && sev.state.cause_kind == SYNACK_CAUSE_SEGMENT)
                {
                  SynackLadderArrow *a = (SynackLadderArrow *)
                    synack_ladder_layout_find_arrow (self, sev.state.cause);

                  if (a != NULL)
                    a->telling = TRUE;
                }
            }
        }
    }
}

static void
add_ticks (SynackLadderLayout *self)
{
  const SynackLadderParams *p = &self->params;
  guint first, last;
  gint64 a = self->t_top;

  self->tick_step = nice_step (80.0 * p->ns_per_px);
  if (self->axis_kind == SYNACK_AXIS_EVENTS)
    return;   /* the rows are the ticks: added with the arrows */
  synack_time_axis_breaks_between (self->_axis, p->ns_per_px, self->t_top, self->t_bottom,
                                   &first, &last);
  for (guint i = first; i <= last; i++)
    {
      gint64 b = self->t_bottom;
      gint64 t0 = 0, t1 = 0;

      if (i < last)
        {
          SynackLadderBreak br = { 0 };

          synack_time_axis_get_break (self->_axis, p->ns_per_px, i, &t0, &t1);
          b = MIN (b, t0);
          br.t0 = t0;
          br.t1 = t1;
          br.y0 = synack_ladder_layout_time_to_y (self, t0);
          br.y1 = synack_ladder_layout_time_to_y (self, t1);
          br.text_y = (br.y0 + br.y1) / 2;
          br.text_free = TRUE;
          g_array_append_val (self->breaks, br);
        }
      if (a < b)
        {
          gint64 t = a >= 0 ? (a + self->tick_step - 1) / self->tick_step * self->tick_step
                            : a / self->tick_step * self->tick_step;
          guint n = 0;
          double last_y = -G_MAXDOUBLE;

          for (; t <= b && n < 400; t += self->tick_step, n++)
            {
              SynackLadderTick tick = { t, synack_ladder_layout_time_to_y (self, t) };

              /* in a stretch ticks part; never let two crowd */
              if (tick.y - last_y < p->line_px)
                continue;
              last_y = tick.y;
              g_array_append_val (self->ticks, tick);
            }
        }
      if (i < last)
        a = MAX (a, t1);
    }
}

static void
add_stretches (SynackLadderLayout *self)
{
  g_autoptr(GArray) st = NULL;

  if (self->axis_kind != SYNACK_AXIS_TIME)
    return;
  st = synack_time_axis_stretches_between (self->_axis, self->params.ns_per_px,
                                           self->t_top, self->t_bottom + 1);
  for (guint i = 0; i < st->len; i++)
    {
      const SynackAxisStretch *s = &g_array_index (st, SynackAxisStretch, i);
      SynackLadderStretch out = { s->t0, s->t1, 0, 0 };

      out.y0 = synack_ladder_layout_time_to_y (self, s->t0);
      out.y1 = out.y0 + MAX (synack_ladder_layout_time_to_y (self, s->t1) - out.y0, s->extra_px);
      if (out.y1 < self->top_y || out.y0 > self->params.height)
        continue;
      g_array_append_val (self->stretches, out);
    }
}

static gboolean
timer_worth_drawing (const SynackLadderTimer *timer)
{
  /* A retransmission or delayed-ACK timer is armed and cancelled with almost
   * every segment; only the ones that fire tell a story. */
  if (timer->timer == SYNACK_TIMER_RETRANSMISSION || timer->timer == SYNACK_TIMER_DELAYED_ACK)
    return timer->ended == SYNACK_TIMER_FIRED;
  return TRUE;
}

static void
close_timer (SynackLadderLayout *self,
             SynackLadderTimer  *open,
             guint               end_event,
             gint64              t,
             guint8              how)
{
  SynackLadderTimer timer = *open;

  timer.t1 = t;
  timer.ended = how;
  timer.end_event = end_event;
  open->event = G_MAXUINT;
  if (timer.t1 < self->t_top || !timer_worth_drawing (&timer))
    return;
  timer.y0 = synack_ladder_layout_event_to_y (self, timer.event, timer.t0);
  timer.y1 = end_event != G_MAXUINT ? synack_ladder_layout_event_to_y (self, end_event, t)
                                    : synack_ladder_layout_time_to_y (self, t);
  g_array_append_val (self->timers, timer);
}

/* Labels left out are counted in "+N" marks on their arrows, so none
 * vanishes silently; a mark with no free place joins the one before. */
static void
add_elisions (SynackLadderLayout *self,
              GArray             *placed)
{
  const SynackLadderParams *p = &self->params;

  for (guint i = 0; i < self->arrows->len; i++)
    {
      const SynackLadderArrow *a = &g_array_index (self->arrows, SynackLadderArrow, i);
      SynackLadderElision *last = self->elisions->len > 0
        ? &g_array_index (self->elisions, SynackLadderElision, self->elisions->len - 1) : NULL;
      gboolean placed_mark = FALSE;

      if (a->has_label || a->line1 == NULL || MAX (a->y0, a->ye) < self->top_y)
        continue;
      g_array_append_val (self->elided, a->event);
      /* next to the mark before when it is close: one mark for a crowd */
      if (last != NULL && fabs (a->y0 - last->y) < 3 * p->line_px)
        {
          last->n++;
          continue;
        }
      /* on the arrow, else off it above or below, else just outside a
       * lifeline; the first mark of a view has to go somewhere */
      {
        const guint n_t = G_N_ELEMENTS (label_t), rings = 25;
        Box first_box = { 0 };

        for (guint k = 0; k < (rings + 2) * n_t && !placed_mark; k++)
          {
            guint j = k % n_t, ring = k / n_t;
            double dy = (ring == 0 || ring >= rings ? 0
                         : ring % 2 ? (ring + 1) / 2 : -(double) (ring / 2)) * (p->line_px + 4) / 2;
            double cx = a->x0 + label_t[j] * (a->xe - a->x0);
            double cy = a->y0 + label_t[j] * (a->ye - a->y0) + dy;
            Box box = { cx - 1.5 * p->line_px, cy - p->line_px / 2 - 2, 3 * p->line_px, p->line_px + 4 };

            if (ring >= rings)
              {
                /* outside the receiver's lifeline (then the sender's), near
                 * where it arrives (then leaves), a line further each try */
                gboolean recv = ring == rings;
                double lx = recv ? a->x1 : a->x0;
                gboolean right = lx > (a->x0 + a->x1) / 2;

                box.x = right ? lx + 4 : lx - 4 - box.w;
                box.y = (recv ? a->y1 : a->y0) - box.h / 2 +
                        (j % 2 ? 1.0 : -1.0) * ((j + 1) / 2) * (p->line_px + 4);
              }
            if (k == 0)
              first_box = box;
            if (box_free (placed, &box))
              {
                SynackLadderElision e = { box.x, box.y, box.w, box.h, self->elided->len - 1, 1 };

                box_insert (placed, &box);
                g_array_append_val (self->elisions, e);
                placed_mark = TRUE;
              }
          }
        if (!placed_mark && last == NULL)
          {
            SynackLadderElision e = { first_box.x, first_box.y, first_box.w, first_box.h,
                                      self->elided->len - 1, 1 };

            box_insert (placed, &first_box);
            g_array_append_val (self->elisions, e);
            placed_mark = TRUE;
          }
      }
      if (!placed_mark)
        last->n++;
    }
}

/* Break durations between the lifelines only where no label covers them
 * (they are on the axis anyway). */
static void
place_break_texts (SynackLadderLayout *self,
                   GArray             *placed)
{
  const SynackLadderParams *p = &self->params;

  for (guint i = 0; i < self->breaks->len; i++)
    {
      SynackLadderBreak *b = &g_array_index (self->breaks, SynackLadderBreak, i);
      double cx = (self->lifeline_x[0] + self->lifeline_x[1]) / 2;
      double w = 12 * p->char_px;
      static const double where[] = { 0.5, 0.3, 0.7, 0.15, 0.85 };

      b->text_free = FALSE;
      if (b->y1 - b->y0 < p->line_px + 4)
        continue;
      for (guint k = 0; k < G_N_ELEMENTS (where); k++)
        {
          double cy = b->y0 + where[k] * (b->y1 - b->y0);
          Box box = { cx - w / 2, cy - p->line_px / 2 - 2, w, p->line_px + 4 };

          if (box_free (placed, &box))
            {
              box_insert (placed, &box);
              b->text_y = cy;
              b->text_free = TRUE;
              break;
            }
        }
    }
}

static double
scale_of (const SynackLadderParams *p)
{
  return p->text_scale > 0 ? p->text_scale : 1.0;
}

/* The room between the lifelines a segment's label needs: a typical one
 * of a connection under way. */
static double
label_room (const SynackLadderParams *p)
{
  return ceil (measure (p, "seq=1 ack=102 len=0 win=131072")) + 8 + 10;
}

/* The room a note needs outside its lifeline: the widest text that can be
 * written there in this language (state names in their pills, the longer
 * calls, a delayed ACK's timer), so that the lifelines stand still while
 * the view scrolls and no text is cut at the edge. */
static double note_room_measured (const SynackLadderParams *p);

/* The same fonts and language give the same room: measured once. */
static double
note_room (const SynackLadderParams *p)
{
  G_LOCK_DEFINE_STATIC (cache);
  static SynackTextMeasure last_measure;
  static gpointer last_data;
  static double last_scale, last_room;
  static const char *last_language;   /* a translation's address changes with the language */
  const char *language = _("recv() = 0 (EOF)");
  double room;

  G_LOCK (cache);
  if (last_measure == p->measure && last_data == p->measure_data && last_scale == p->text_scale &&
      last_language == language && last_room > 0)
    {
      room = last_room;
      G_UNLOCK (cache);
      return room;
    }
  G_UNLOCK (cache);
  room = note_room_measured (p);
  G_LOCK (cache);
  last_measure = p->measure;
  last_data = p->measure_data;
  last_scale = p->text_scale;
  last_language = language;
  last_room = room;
  G_UNLOCK (cache);
  return room;
}

static double
note_room_measured (const SynackLadderParams *p)
{
  double s = scale_of (p), widest = 0;
  SynackLadderTimer timer = { 0 };
  static const SynackCallKind calls[] = {
    SYNACK_CALL_ACCEPT, SYNACK_CALL_ACCEPT_RETURNS, SYNACK_CALL_CONNECT_RETURNS,
    SYNACK_CALL_RECV, SYNACK_CALL_CRASH,
  };

  for (int st = 0; st < SYNACK_TCP_N_STATES; st++)
    widest = MAX (widest, measure (p, synack_tcp_state_to_rfc_name (st)) + 10 * s);
  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    {
      SynackEvent ev = { 0 };
      g_autofree char *text = NULL;

      ev.kind = SYNACK_EVENT_CALL;
      ev.call.call = calls[i];
      text = synack_ladder_call_text (&ev);
      widest = MAX (widest, measure (p, text));
    }
  /* the failed calls lessons show */
  {
    SynackEvent ev = { 0 };
    g_autofree char *refused = NULL;
    g_autofree char *in_use = NULL;

    ev.kind = SYNACK_EVENT_CALL;
    ev.call.call = SYNACK_CALL_CONNECT_RETURNS;
    ev.call.result = ECONNREFUSED;
    refused = synack_ladder_call_text (&ev);
    ev.call.call = SYNACK_CALL_BIND;
    ev.call.arg = 40000;
    ev.call.result = EADDRINUSE;
    in_use = synack_ladder_call_text (&ev);
    widest = MAX (widest, MAX (measure (p, refused), measure (p, in_use)));
  }
  timer.timer = SYNACK_TIMER_DELAYED_ACK;
  timer.due = 200 * (SYNACK_NSEC_PER_SEC / 1000);
  {
    g_autofree char *text = synack_ladder_timer_text (&timer, SYNACK_TIME_NONE);

    widest = MAX (widest, 0.85 * measure (p, text));
  }
  return ceil (SYNACK_LADDER_NOTE_OFFSET * s + widest + 6 * s);
}

/* Where a line may break: after a space, or before or after a CJK
 * character or full-width punctuation. */
static gboolean
may_break_before (const char *prev,
                  const char *here)
{
  gunichar a = g_utf8_get_char (prev), b = g_utf8_get_char (here);

  return a == ' ' || a >= 0x2E80 || (b >= 0x2E80 && b != 0xFF09 && b != 0xFF0C && b != 0x3001 &&
                                     b != 0x3002);
}

/* text in lines no wider than room (as far as it has places to break):
 * the lines joined by newlines, their count in *lines. */
static char *
wrap_text (const SynackLadderParams *p,
           const char               *text,
           double                    scale,
           double                    room,
           guint                    *lines)
{
  GString *out = g_string_new (NULL);
  const char *line = text;

  *lines = 0;
  while (*line != '\0')
    {
      const char *best = NULL;
      g_autofree char *whole = NULL;

      (*lines)++;
      whole = g_strdup (line);
      if (scale * measure (p, whole) <= room)
        {
          g_string_append (out, line);
          break;
        }
      for (const char *q = g_utf8_next_char (line); *q != '\0'; q = g_utf8_next_char (q))
        {
          g_autofree char *head = NULL;

          if (!may_break_before (g_utf8_prev_char (q), q))
            continue;
          head = g_strndup (line, q - line);
          g_strchomp (head);
          if (best != NULL && scale * measure (p, head) > room)
            break;
          best = q;
        }
      if (best == NULL)
        {
          g_string_append (out, line);
          break;
        }
      {
        g_autofree char *head = g_strndup (line, best - line);

        g_strchomp (head);
        g_string_append (out, head);
        g_string_append_c (out, '\n');
      }
      line = best;
      while (*line == ' ')
        line++;
    }
  return g_string_free (out, FALSE);
}

static int
note_compare (gconstpointer a,
              gconstpointer b)
{
  const SynackLadderNote *x = a, *y = b;

  /* in the order they happened: the layout draws no event above an earlier one */
  if (x->event != y->event)
    return x->event < y->event ? -1 : 1;
  if (x->endpoint != y->endpoint)
    return (int) x->endpoint - (int) y->endpoint;
  return (int) x->kind - (int) y->kind;
}

/* Each text below the one before on its side, and reading down across
 * both sides in the order things happened. */
static void
flow_notes (GArray *notes,
            double  gap)
{
  double last[2] = { -G_MAXDOUBLE, -G_MAXDOUBLE };
  guint last_lines[2] = { 1, 1 };
  double last_any = -G_MAXDOUBLE;

  for (guint i = 0; i < notes->len; i++)
    {
      SynackLadderNote *n = &g_array_index (notes, SynackLadderNote, i);
      guint lines = MAX (n->lines, 1);

      n->text_y = MAX (MAX (n->y, last[n->endpoint] + gap * (last_lines[n->endpoint] + lines) / 2.0),
                       last_any);
      last[n->endpoint] = n->text_y;
      last_lines[n->endpoint] = lines;
      last_any = n->text_y;
    }
}

static void
add_note (SynackLadderLayout *self,
          guint8              kind,
          guint               event,
          guint8              endpoint,
          int                 state,
          double              y,
          const char         *text,
          guint               timer)
{
  const SynackLadderParams *p = &self->params;
  double s = scale_of (p);
  double lx = self->lifeline_x[endpoint];
  double tx = lx + (endpoint == 0 ? -1 : 1) * SYNACK_LADDER_NOTE_OFFSET * s;
  /* the room outside the lifeline: the axis' column on the left, the edge
   * on the right */
  double room = endpoint == 0 ? tx - p->axis_px - 2 : p->width - 2 - tx;
  double scale = kind == SYNACK_LADDER_NOTE_TIMER ? 0.85 : 1.0;
  double pad = kind == SYNACK_LADDER_NOTE_STATE ? 10 * s : 0;
  SynackLadderNote note = { 0 };
  g_autofree char *wrapped = NULL;
  guint lines = 1;
  double w = 0;

  w = scale * measure (p, text);
  if (kind == SYNACK_LADDER_NOTE_STATE || w + pad <= room)
    wrapped = g_strdup (text);
  else
    {
      g_auto(GStrv) parts = NULL;

      wrapped = wrap_text (p, text, scale, room - pad, &lines);
      parts = g_strsplit (wrapped, "\n", -1);
      w = 0;
      for (guint i = 0; parts[i] != NULL; i++)
        w = MAX (w, scale * measure (p, parts[i]));
    }
  note.y = y;
  note.text_y = y;
  note.state = state;
  note.event = event;
  note.endpoint = endpoint;
  note.kind = kind;
  note.lines = lines;
  note.w = ceil (w + pad);
  note.h = kind == SYNACK_LADDER_NOTE_STATE ? p->line_px + 2 * s : lines * p->line_px;
  note.x = endpoint == 0 ? tx - note.w : tx;
  /* never past the edges, even where no room is left */
  note.x = CLAMP (note.x, endpoint == 0 ? p->axis_px : lx, MAX (p->width - note.w, 0));
  note.text = g_string_chunk_insert (self->_strings, wrapped);
  note.timer = timer;
  g_array_append_val (self->notes, note);
}

static gboolean
boxes_meet (double ax, double ay, double aw, double ah,
            double bx, double by, double bw, double bh)
{
  return ax < bx + bw && bx < ax + aw && ay < by + bh && by < ay + ah;
}

/* What is written beside the lifelines: state names, calls, and the timers'
 * texts, along their brackets where they fit, else as notes. */
static void
add_notes (SynackLadderLayout *self,
           SynackTrace        *trace)
{
  const SynackLadderParams *p = &self->params;
  double s = scale_of (p);
  double small_line = ceil (13.0 * 0.85 * s * 1.3);

  for (guint i = 0; i < self->states->len; i++)
    {
      const SynackLadderStateMark *m = &g_array_index (self->states, SynackLadderStateMark, i);

      add_note (self, SYNACK_LADDER_NOTE_STATE, m->event, m->endpoint & 1, m->state, m->y,
                synack_tcp_state_to_rfc_name (m->state), 0);
    }
  for (guint i = 0; i < self->calls->len; i++)
    {
      const SynackLadderCall *c = &g_array_index (self->calls, SynackLadderCall, i);
      SynackEvent ev;
      g_autofree char *text = NULL;

      synack_trace_read_event (trace, c->event, &ev);
      text = synack_ladder_call_text (&ev);
      add_note (self, SYNACK_LADDER_NOTE_CALL, c->event, c->endpoint & 1, -1, c->y, text, 0);
    }
  for (guint i = 0; i < self->timers->len; i++)
    {
      SynackLadderTimer *t = &g_array_index (self->timers, SynackLadderTimer, i);
      g_autofree char *text = synack_ladder_timer_text (t, SYNACK_TIME_NONE);
      double dir = t->endpoint == 0 ? -1 : 1;
      double x = self->lifeline_x[t->endpoint] + dir * 16 * s;
      double y0 = MAX (t->y0, self->top_y - 4), y1 = MIN (t->y1, p->height + 4);
      double len = 0.85 * measure (p, text);

      t->beside = TRUE;
      /* along the bracket, at the middle of what is visible, where it fits
       * and meets no other timer's text */
      if (y1 - y0 > len + 8)
        {
          gboolean free = TRUE;

          t->tx = x - small_line / 2;
          t->ty = (y0 + y1) / 2 - len / 2;
          t->tw = small_line;
          t->th = len;
          for (guint k = 0; k < i && free; k++)
            {
              const SynackLadderTimer *o = &g_array_index (self->timers, SynackLadderTimer, k);

              free = o->beside || !boxes_meet (o->tx, o->ty, o->tw, o->th, t->tx, t->ty, t->tw, t->th);
            }
          t->beside = !free;
        }
      if (t->beside)
        {
          /* beside its end, where it fired (or its middle while it runs) */
          gboolean ended = t->end_event != G_MAXUINT;

          t->tx = t->ty = t->tw = t->th = 0;
          add_note (self, SYNACK_LADDER_NOTE_TIMER, ended ? t->end_event : t->event, t->endpoint,
                    -1, ended ? t->y1 : (t->y0 + t->y1) / 2, text, i);
        }
    }
  g_array_sort (self->notes, note_compare);
  flow_notes (self->notes, p->line_px + 4 * s);
}

SynackLadderLayout *
synack_ladder_layout_new (SynackTrace              *trace,
                          guint                     conn,
                          SynackTimeAxis           *axis,
                          const SynackLadderParams *params)
{
  SynackLadderLayout *self = g_new0 (SynackLadderLayout, 1);
  const SynackLadderParams *p;
  SynackLadderTimer open[2][SYNACK_TIMER_N_KINDS];
  double margin, extent, between;
  gint64 t_look;
  guint first, last, n_seg = 0, stride = 1, scan_from;
  g_autoptr(GArray) placed = g_array_new (FALSE, FALSE, sizeof (Box));

  self->params = *params;
  p = &self->params;
  self->conn = conn;
  self->_axis = synack_time_axis_ref (axis);
  self->axis_kind = synack_time_axis_get_kind (axis);
  self->_strings = g_string_chunk_new (4096);
  self->arrows = g_array_new (FALSE, FALSE, sizeof (SynackLadderArrow));
  self->states = g_array_new (FALSE, FALSE, sizeof (SynackLadderStateMark));
  self->calls = g_array_new (FALSE, FALSE, sizeof (SynackLadderCall));
  self->timers = g_array_new (FALSE, FALSE, sizeof (SynackLadderTimer));
  self->breaks = g_array_new (FALSE, FALSE, sizeof (SynackLadderBreak));
  self->ticks = g_array_new (FALSE, FALSE, sizeof (SynackLadderTick));
  self->stretches = g_array_new (FALSE, FALSE, sizeof (SynackLadderStretch));
  self->elisions = g_array_new (FALSE, FALSE, sizeof (SynackLadderElision));
  self->elided = g_array_new (FALSE, FALSE, sizeof (guint));
  self->notes = g_array_new (FALSE, FALSE, sizeof (SynackLadderNote));

  /* Lifelines leave room outside them for state names, calls and timers. */
  /* room for a state name in bold ("SYN-RECEIVED") in a pill, off the
   * lifeline, and for a failed call with its errno ("connect() →
   * ECONNREFUSED", "bind(40000) → EADDRINUSE") */
  margin = MAX (25 * p->char_px + 14, 100);
  /* with the fonts that draw them, the room the texts of this language need */
  if (p->measure != NULL)
    margin = MAX (margin, note_room (p));
  between = MAX (220, label_room (p));
  if (p->width - p->axis_px - 2 * margin < between)
    margin = MAX (40, (p->width - p->axis_px - between) / 2);
  self->lifeline_x[0] = floor (p->axis_px + margin) + 0.5;
  self->lifeline_x[1] = floor (p->width - margin) + 0.5;
  self->top_y = p->header_px;

  extent = MAX (1, p->height - self->top_y);
  self->t_top = synack_time_axis_from_px (axis, p->scroll_px, p->ns_per_px);
  self->t_bottom = synack_time_axis_from_px (axis, p->scroll_px + extent, p->ns_per_px);
  t_look = synack_time_axis_from_px (axis, p->scroll_px - extent, p->ns_per_px);

  add_ticks (self);
  if (trace == NULL || conn >= synack_trace_get_n_connections (trace))
    return self;
  add_stretches (self);

  synack_trace_conn_range (trace, conn, t_look, self->t_bottom + 1, &first, &last);
  {
    guint f2, l2;

    synack_trace_conn_range (trace, conn, self->t_top, self->t_bottom + 1, &f2, &l2);
    self->n_in_view = l2 - f2;   /* events, an upper bound on segments */
  }
  /* More than two events a pixel row (the axis could not give each
   * segment a row): draw a sample of about one a row, without labels. */
  if (synack_time_axis_get_row_px (axis) <= 0 || self->axis_kind == SYNACK_AXIS_TIME)
    if (last - first > 2 * extent &&
        (synack_time_axis_get_row_px (axis) <= 0 ||
         synack_trace_get_connection (trace, conn)->n_events > SYNACK_AXIS_MAX_KEYED_EVENTS))
      {
        self->dense = TRUE;
        stride = (guint) ceil ((last - first) / extent);
      }

  for (guint e = 0; e < 2; e++)
    for (guint k = 0; k < SYNACK_TIMER_N_KINDS; k++)
      open[e][k].event = G_MAXUINT;

  /* Timers still running where the scan starts, however long ago they were
   * armed (a TIME-WAIT or keep-alive bracket reaching into the view). */
  if (!self->dense)
    {
      guint running[SYNACK_TRACE_TIMER_SLOTS];

      synack_trace_timers_running_at (trace, conn, first, running);
      for (guint i = 0; i < SYNACK_TRACE_TIMER_SLOTS; i++)
        if (running[i] != G_MAXUINT)
          {
            SynackEvent ev;

            synack_trace_read_event (trace, running[i], &ev);
            SynackLadderTimer *slot = &open[ev.endpoint & 1][MIN (ev.timer.timer,
                                                                   SYNACK_TIMER_N_KINDS - 1)];

            slot->event = running[i];
            slot->endpoint = ev.endpoint & 1;
            slot->timer = ev.timer.timer;
            slot->count = ev.timer.count;
            slot->t0 = ev.time;
            slot->due = ev.timer.due;
            slot->ended = SYNACK_TIMER_ARMED;
          }
    }
  scan_from = first;
  for (guint pos = scan_from; pos < last; pos += (pos >= first ? stride : 1))
    {
      guint index = synack_trace_conn_event (trace, conn, pos);
      SynackEvent ev;

      synack_trace_read_event (trace, index, &ev);
      if (ev.kind == SYNACK_EVENT_TIMER && !self->dense)
        {
          SynackLadderTimer *slot = &open[ev.endpoint & 1][MIN (ev.timer.timer,
                                                                 SYNACK_TIMER_N_KINDS - 1)];

          if (slot->event != G_MAXUINT)
            {
              /* a bracket that fired is numbered by that expiry: the
               * first RTO is #1, the backoff after it #2 */
              if (ev.timer.action == SYNACK_TIMER_FIRED && ev.timer.count > 0)
                slot->count = ev.timer.count;
              close_timer (self, slot, index, ev.time, ev.timer.action == SYNACK_TIMER_ARMED
                                                          ? SYNACK_TIMER_CANCELLED : ev.timer.action);
            }
          if (ev.timer.action == SYNACK_TIMER_ARMED)
            {
              slot->event = index;
              slot->endpoint = ev.endpoint & 1;
              slot->timer = ev.timer.timer;
              slot->count = ev.timer.count;
              slot->t0 = ev.time;
              slot->due = ev.timer.due;
              slot->ended = SYNACK_TIMER_ARMED;
            }
          continue;
        }
      if (pos < first)
        continue;
      if (ev.kind == SYNACK_EVENT_SEGMENT)
        {
          if (ev.time >= self->t_top)
            n_seg++;
          add_arrow (self, trace, index, &ev, !self->dense, ev.time < self->t_top);
          if (self->axis_kind == SYNACK_AXIS_EVENTS && self->arrows->len > 0 &&
              g_array_index (self->arrows, SynackLadderArrow, self->arrows->len - 1).event == index)
            {
              /* on the event axis each row is its own tick */
              SynackLadderTick tick = { ev.time, g_array_index (self->arrows, SynackLadderArrow,
                                                                 self->arrows->len - 1).y0 };

              if (tick.y >= self->top_y && tick.y <= p->height)
                g_array_append_val (self->ticks, tick);
            }
        }
      else if (ev.kind == SYNACK_EVENT_CALL && !self->dense && ev.time >= self->t_top)
        {
          SynackLadderCall call;

          call.event = index;
          call.endpoint = ev.endpoint & 1;
          call.call = ev.call.call;
          call.result = ev.call.result;
          call.y = synack_ladder_layout_event_to_y (self, index, ev.time);
          g_array_append_val (self->calls, call);
        }
    }
  for (guint e = 0; e < 2; e++)
    for (guint k = 0; k < SYNACK_TIMER_N_KINDS; k++)
      if (open[e][k].event != G_MAXUINT)
        close_timer (self, &open[e][k], G_MAXUINT, MAX (open[e][k].due, open[e][k].t0),
                     SYNACK_TIMER_ARMED);

  add_states (self, trace);
  if (!self->dense)
    {
      g_autoptr(GArray) boxes = NULL;

      add_notes (self, trace);
      /* a break's duration first (nothing happens inside a break), then
       * labels keep off it, the notes and the timer texts */
      place_break_texts (self, placed);
      boxes = synack_ladder_layout_text_boxes (self);
      for (guint i = 0; i < boxes->len; i++)
        {
          const SynackLadderBox *b = &g_array_index (boxes, SynackLadderBox, i);
          Box box = { b->x, b->y, b->w, MIN (b->h, MAX_BOX_PX) };

          if (b->kind == SYNACK_LADDER_BOX_BREAK)
            continue;

          box_insert (placed, &box);
          /* a taller one (a long wrapped note, a timer's text) in pieces */
          for (double y = b->y + MAX_BOX_PX; y < b->y + b->h; y += MAX_BOX_PX)
            {
              Box more = { b->x, y, b->w, MIN (MAX_BOX_PX, b->y + b->h - y) };

              box_insert (placed, &more);
            }
        }
    }

  if (!self->dense)
    {
      self->n_in_view = n_seg;
      /* where labels compete, the telling ones win: the current segment,
       * then SYN, FIN, RST and the segments that changed a state (never
       * left out), then marked segments, then the rest in time order */
      for (guint pass = 0; pass < 4; pass++)
        for (guint i = 0; i < self->arrows->len; i++)
          {
            SynackLadderArrow *a = &g_array_index (self->arrows, SynackLadderArrow, i);
            guint rank = (int) a->event == p->current ? 0
                         : a->telling ? 1
                         : a->mark != SYNACK_MARK_NORMAL ? 2 : 3;

            if (rank == pass)
              place_label (self, a, placed, rank <= 1);
          }
      add_elisions (self, placed);
    }
  return self;
}

void
synack_ladder_layout_free (SynackLadderLayout *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->arrows);
  g_array_unref (self->states);
  g_array_unref (self->calls);
  g_array_unref (self->timers);
  g_array_unref (self->breaks);
  g_array_unref (self->ticks);
  g_array_unref (self->stretches);
  g_array_unref (self->elisions);
  g_array_unref (self->elided);
  g_array_unref (self->notes);
  g_string_chunk_free (self->_strings);
  synack_time_axis_unref (self->_axis);
  g_free (self);
}

static double
distance_to_segment (double px, double py,
                     double x0, double y0,
                     double x1, double y1)
{
  double dx = x1 - x0, dy = y1 - y0;
  double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((px - x0) * dx + (py - y0) * dy) / len2 : 0;

  t = CLAMP (t, 0, 1);
  return hypot (px - (x0 + t * dx), py - (y0 + t * dy));
}

int
synack_ladder_layout_pick (SynackLadderLayout *self,
                           double              x,
                           double              y)
{
  int best = -1;
  double best_d = 6.0;

  for (guint i = 0; i < self->arrows->len; i++)
    {
      const SynackLadderArrow *a = &g_array_index (self->arrows, SynackLadderArrow, i);
      double d;

      if (a->has_label && x >= a->lx && x <= a->lx + a->lw && y >= a->ly && y <= a->ly + a->lh)
        return a->event;
      d = distance_to_segment (x, y, a->x0, a->y0, a->xe, a->ye);
      if (d < best_d)
        {
          best_d = d;
          best = a->event;
        }
    }
  return best;
}

int
synack_ladder_layout_pick_elision (SynackLadderLayout *self,
                                   double              x,
                                   double              y)
{
  for (guint i = 0; i < self->elisions->len; i++)
    {
      const SynackLadderElision *e = &g_array_index (self->elisions, SynackLadderElision, i);

      if (x >= e->x && x <= e->x + e->w && y >= e->y && y <= e->y + e->h)
        return (int) i;
    }
  return -1;
}

GArray *
synack_ladder_layout_side_notes (SynackLadderLayout *self,
                                 double              gap)
{
  GArray *notes = g_array_new (FALSE, FALSE, sizeof (SynackLadderNote));

  g_return_val_if_fail (self != NULL, notes);

  g_array_append_vals (notes, self->notes->data, self->notes->len);
  flow_notes (notes, gap);
  return notes;
}

char *
synack_ladder_layout_describe_elision (SynackLadderLayout *self,
                                       SynackTrace        *trace,
                                       guint               elision,
                                       SynackSeqMode       mode,
                                       int                 last_event)
{
  const SynackLadderElision *e;
  GString *s;
  guint told = 0, n = 0;

  g_return_val_if_fail (self != NULL && SYNACK_IS_TRACE (trace), NULL);
  g_return_val_if_fail (elision < self->elisions->len, NULL);

  e = &g_array_index (self->elisions, SynackLadderElision, elision);
  for (guint k = 0; k < e->n; k++)
    if ((int) g_array_index (self->elided, guint, e->first + k) <= last_event)
      n++;
  if (n == 0)
    return NULL;
  s = g_string_new (NULL);
  g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE,
                                          "%u label left out here for room:",
                                          "%u labels left out here for room:",
                                          n), n);
  for (guint k = 0; k < e->n && told < 12; k++)
    {
      guint event = g_array_index (self->elided, guint, e->first + k);
      g_autofree char *l1 = NULL;
      g_autofree char *l2 = NULL;

      if ((int) event > last_event)
        continue;
      l1 = synack_ladder_label_line1 (trace, event);
      l2 = synack_ladder_label_line2 (trace, event, mode);
      g_string_append_c (s, '\n');
      g_string_append_printf (s, _("Segment %u: %s  %s"),
                              (guint) synack_trace_segment_number (trace, event), l1, l2);
      told++;
    }
  if (n > told)
    {
      g_string_append_c (s, '\n');
      g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE, "and %u more", "and %u more",
                                              n - told), n - told);
    }
  return g_string_free (s, FALSE);
}

const SynackLadderArrow *
synack_ladder_layout_find_arrow (SynackLadderLayout *self,
                                 guint               event)
{
  guint lo = 0, hi = self->arrows->len;

  /* arrows are in event order */
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (self->arrows, SynackLadderArrow, mid).event < event)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo < self->arrows->len && g_array_index (self->arrows, SynackLadderArrow, lo).event == event)
    return &g_array_index (self->arrows, SynackLadderArrow, lo);
  return NULL;
}

const char *
synack_ladder_box_kind_name (SynackLadderBoxKind kind)
{
  static const char *const names[] = { "label", "note", "timer", "elision", "break" };

  g_return_val_if_fail (kind < G_N_ELEMENTS (names), NULL);
  return names[kind];
}

static void
add_box (GArray              *boxes,
         SynackLadderLayout  *self,
         SynackLadderBoxKind  kind,
         guint                event,
         double               x,
         double               y,
         double               w,
         double               h)
{
  SynackLadderBox box = { kind, event, x, y, w, h };

  if (y + h <= self->top_y || y >= self->params.height)
    return;
  g_array_append_val (boxes, box);
}

GArray *
synack_ladder_layout_text_boxes (SynackLadderLayout *self)
{
  GArray *boxes = g_array_new (FALSE, FALSE, sizeof (SynackLadderBox));
  const SynackLadderParams *p;

  g_return_val_if_fail (self != NULL, boxes);
  p = &self->params;
  for (guint i = 0; i < self->arrows->len; i++)
    {
      const SynackLadderArrow *a = &g_array_index (self->arrows, SynackLadderArrow, i);

      if (a->has_label && a->line1 != NULL)
        add_box (boxes, self, SYNACK_LADDER_BOX_LABEL, a->event, a->lx, a->ly, a->lw, a->lh);
    }
  for (guint i = 0; i < self->notes->len; i++)
    {
      const SynackLadderNote *n = &g_array_index (self->notes, SynackLadderNote, i);

      add_box (boxes, self, SYNACK_LADDER_BOX_NOTE, n->event, n->x, n->text_y - n->h / 2, n->w, n->h);
    }
  for (guint i = 0; i < self->timers->len; i++)
    {
      const SynackLadderTimer *t = &g_array_index (self->timers, SynackLadderTimer, i);

      if (!t->beside)
        add_box (boxes, self, SYNACK_LADDER_BOX_TIMER, t->event, t->tx, t->ty, t->tw, t->th);
    }
  for (guint i = 0; i < self->elisions->len; i++)
    {
      const SynackLadderElision *e = &g_array_index (self->elisions, SynackLadderElision, i);

      add_box (boxes, self, SYNACK_LADDER_BOX_ELISION, G_MAXUINT, e->x, e->y, e->w, e->h);
    }
  for (guint i = 0; i < self->breaks->len; i++)
    {
      const SynackLadderBreak *b = &g_array_index (self->breaks, SynackLadderBreak, i);
      double w = 12 * p->char_px;

      if (b->text_free)
        add_box (boxes, self, SYNACK_LADDER_BOX_BREAK, G_MAXUINT,
                 (self->lifeline_x[0] + self->lifeline_x[1]) / 2 - w / 2,
                 b->text_y - p->line_px / 2 - 2, w, p->line_px + 4);
    }
  return boxes;
}
