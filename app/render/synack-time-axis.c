/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "synack-time-axis.h"

typedef struct
{
  gint64 t0;
  gint64 t1;
} Gap;

typedef struct
{
  gint64 t0;
  gint64 t1;
  double px0;      /* where the break starts, before stretches */
  double h;        /* its height */
} Break;

/* An arrival: a key between events (after its segment's send). */
typedef struct
{
  gint64  t;
  guint32 index;
  gint64  flight;  /* from its send */
} Arrival;

/* Where the stretch grows: keys at or after (t, sub) are s_after below
 * their to-scale place; times in (t_from, t) take a share of it. */
typedef struct
{
  gint64  t;
  gint64  t_from;
  guint64 sub;
  double  s_after;
} Entry;

struct _SynackTimeAxis
{
  gatomicrefcount ref;
  gint64          start;
  gint64          end;
  gint64          threshold;
  GArray         *gaps;        /* Gap, increasing */

  /* what synack_time_axis_update() has read */
  SynackTrace    *trace;
  guint           conn;
  guint           scanned;
  gint64          busy_until;  /* latest send or arrival seen */
  gboolean        have_events;
  gint64          armed_at[2][SYNACK_TIMER_N_KINDS];
  gint64          shortest_wait;
  GArray         *arrivals;    /* Arrival, by (t, index) */

  SynackAxisKind  kind;
  double          row_px;

  /* breaks and stretches in effect at cached_ns_per_px */
  double          cached_ns_per_px;
  GArray         *breaks;      /* Break */
  GArray         *entries;     /* Entry, by (t, sub) */
  gboolean        events_kind; /* the event axis is in effect */
};

static inline guint64
event_sub (guint index)
{
  return 2 * (guint64) index;
}

static inline guint64
arrival_sub (guint index)
{
  return 2 * (guint64) index + 1;
}

SynackTimeAxis *
synack_time_axis_new (gint64 start,
                      gint64 end,
                      gint64 threshold)
{
  SynackTimeAxis *self = g_new0 (SynackTimeAxis, 1);

  g_atomic_ref_count_init (&self->ref);
  self->start = start;
  self->end = MAX (start, end);
  self->threshold = threshold;
  self->gaps = g_array_new (FALSE, FALSE, sizeof (Gap));
  self->breaks = g_array_new (FALSE, FALSE, sizeof (Break));
  self->entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  self->arrivals = g_array_new (FALSE, FALSE, sizeof (Arrival));
  self->cached_ns_per_px = -1;
  self->conn = G_MAXUINT;
  self->kind = SYNACK_AXIS_TIME;
  self->shortest_wait = -1;
  for (guint e = 0; e < 2; e++)
    for (guint k = 0; k < SYNACK_TIMER_N_KINDS; k++)
      self->armed_at[e][k] = G_MININT64;
  return self;
}

SynackTimeAxis *
synack_time_axis_new_for_trace (SynackTrace *trace,
                                guint        conn,
                                gint64       threshold)
{
  SynackTimeAxis *self = synack_time_axis_new (0, 0, threshold);

  self->conn = conn;
  if (conn != G_MAXUINT)
    self->trace = g_object_ref (trace);
  synack_time_axis_update (self, trace);
  return self;
}

static void
add_arrival (SynackTimeAxis *self,
             gint64          t,
             guint           index,
             gint64          flight)
{
  Arrival a = { t, index, flight };
  guint lo = 0, hi = self->arrivals->len;

  /* nearly always at the end: search from there */
  if (hi > 0)
    {
      const Arrival *last = &g_array_index (self->arrivals, Arrival, hi - 1);

      if (last->t < t || (last->t == t && last->index < index))
        {
          g_array_append_val (self->arrivals, a);
          return;
        }
    }
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      const Arrival *m = &g_array_index (self->arrivals, Arrival, mid);

      if (m->t < t || (m->t == t && m->index < index))
        lo = mid + 1;
      else
        hi = mid;
    }
  g_array_insert_val (self->arrivals, lo, a);
}

static void
take_event (SynackTimeAxis    *self,
            guint              index,
            const SynackEvent *ev)
{
  gint64 t = ev->time;
  gint64 until = t;

  /* how long the backoff timers waited before they fired */
  if (ev->kind == SYNACK_EVENT_TIMER && ev->timer.timer < SYNACK_TIMER_N_KINDS)
    {
      gint64 *armed = &self->armed_at[ev->endpoint & 1][ev->timer.timer];

      if (ev->timer.action == SYNACK_TIMER_ARMED)
        *armed = t;
      else if (ev->timer.action == SYNACK_TIMER_FIRED && *armed != G_MININT64 &&
               (ev->timer.timer == SYNACK_TIMER_RETRANSMISSION ||
                ev->timer.timer == SYNACK_TIMER_PERSIST ||
                ev->timer.timer == SYNACK_TIMER_KEEPALIVE))
        {
          if (t > *armed && (self->shortest_wait < 0 || t - *armed < self->shortest_wait))
            self->shortest_wait = t - *armed;
          *armed = G_MININT64;
        }
    }

  if (ev->kind == SYNACK_EVENT_SEGMENT && ev->segment.arrive != SYNACK_TIME_NONE &&
      ev->segment.fate != SYNACK_FATE_CAPTURED && ev->segment.arrive >= t)
    {
      until = ev->segment.arrive;
      if (self->trace != NULL)
        add_arrival (self, ev->segment.arrive, index, ev->segment.arrive - t);
    }

  if (!self->have_events)
    {
      self->have_events = TRUE;
      self->start = t;
      self->end = until;
      self->busy_until = until;
      return;
    }
  if (t > self->busy_until)
    synack_time_axis_add_gap (self, self->busy_until, t);
  self->busy_until = MAX (self->busy_until, until);
  synack_time_axis_extend (self, self->busy_until);
}

void
synack_time_axis_update (SynackTimeAxis *self,
                         SynackTrace    *trace)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (SYNACK_IS_TRACE (trace));

  if (self->conn == G_MAXUINT)
    {
      guint n = synack_trace_get_n_events (trace);

      for (; self->scanned < n; self->scanned++)
        {
          SynackEvent ev;

          synack_trace_read_event (trace, self->scanned, &ev);
          take_event (self, self->scanned, &ev);
        }
    }
  else if (self->conn < synack_trace_get_n_connections (trace))
    {
      const SynackConnection *c = synack_trace_get_connection (trace, self->conn);

      for (; self->scanned < c->n_events; self->scanned++)
        {
          guint index = synack_trace_conn_event (trace, self->conn, self->scanned);
          SynackEvent ev;

          synack_trace_read_event (trace, index, &ev);
          take_event (self, index, &ev);
        }
    }
  self->cached_ns_per_px = -1;
}

void
synack_time_axis_add_gap (SynackTimeAxis *self,
                          gint64          t0,
                          gint64          t1)
{
  Gap gap = { t0, t1 };

  if (self->threshold <= 0 || t1 - t0 <= self->threshold)
    return;
  if (self->gaps->len > 0 && g_array_index (self->gaps, Gap, self->gaps->len - 1).t1 > t0)
    {
      g_warning ("time axis gaps out of order (%" G_GINT64_FORMAT ")", t0);
      return;
    }
  g_array_append_val (self->gaps, gap);
  self->cached_ns_per_px = -1;
  synack_time_axis_extend (self, t1);
}

void
synack_time_axis_extend (SynackTimeAxis *self,
                         gint64          end)
{
  if (end > self->end)
    {
      self->end = end;
      self->cached_ns_per_px = -1;
    }
}

/* The idle stretches of an axis in order: before its start, its gaps,
 * after its end. */
static GArray *
idle_of (SynackTimeAxis *self)
{
  GArray *idle = g_array_new (FALSE, FALSE, sizeof (Gap));
  Gap before = { G_MININT64, self->start }, after = { self->end, G_MAXINT64 };

  g_array_append_val (idle, before);
  g_array_append_vals (idle, self->gaps->data, self->gaps->len);
  g_array_append_val (idle, after);
  return idle;
}

void
synack_time_axis_share_idle (SynackTimeAxis *self,
                             SynackTimeAxis *other)
{
  g_autoptr(GArray) a = NULL;
  g_autoptr(GArray) b = NULL;
  gint64 start, end;
  guint i = 0, j = 0;

  g_return_if_fail (self != NULL && other != NULL);

  a = idle_of (self);
  b = idle_of (other);
  start = MIN (self->start, other->start);
  end = MAX (self->end, other->end);
  g_array_set_size (self->gaps, 0);
  /* the intersection of two sorted lists of intervals, within the span */
  while (i < a->len && j < b->len)
    {
      const Gap *x = &g_array_index (a, Gap, i), *y = &g_array_index (b, Gap, j);
      Gap both = { MAX (MAX (x->t0, y->t0), start), MIN (MIN (x->t1, y->t1), end) };

      if (both.t1 - both.t0 > self->threshold && self->threshold > 0)
        g_array_append_val (self->gaps, both);
      if (x->t1 < y->t1)
        i++;
      else
        j++;
    }
  self->start = start;
  self->end = end;
  /* events appended later come after what is shared (see add_gap) */
  self->busy_until = MAX (self->busy_until, end);
  self->cached_ns_per_px = -1;
}

SynackTimeAxis *
synack_time_axis_ref (SynackTimeAxis *self)
{
  g_atomic_ref_count_inc (&self->ref);
  return self;
}

void
synack_time_axis_unref (SynackTimeAxis *self)
{
  if (self != NULL && g_atomic_ref_count_dec (&self->ref))
    {
      g_array_unref (self->gaps);
      g_array_unref (self->breaks);
      g_array_unref (self->entries);
      g_array_unref (self->arrivals);
      g_clear_object (&self->trace);
      g_free (self);
    }
}

gint64
synack_time_axis_get_start (SynackTimeAxis *self)
{
  return self->start;
}

gint64
synack_time_axis_get_end (SynackTimeAxis *self)
{
  return self->end;
}

gint64
synack_time_axis_get_threshold (SynackTimeAxis *self)
{
  return self->threshold;
}

void
synack_time_axis_set_kind (SynackTimeAxis *self,
                           SynackAxisKind  kind)
{
  if (self->kind == kind)
    return;
  self->kind = kind;
  self->cached_ns_per_px = -1;
}

SynackAxisKind
synack_time_axis_get_kind (SynackTimeAxis *self)
{
  if (self->kind == SYNACK_AXIS_EVENTS && self->trace != NULL &&
      self->scanned <= SYNACK_AXIS_MAX_KEYED_EVENTS)
    return SYNACK_AXIS_EVENTS;
  return SYNACK_AXIS_TIME;
}

void
synack_time_axis_set_row_px (SynackTimeAxis *self,
                             double          row_px)
{
  row_px = MAX (0, row_px);
  if (self->row_px == row_px)
    return;
  self->row_px = row_px;
  self->cached_ns_per_px = -1;
}

double
synack_time_axis_get_row_px (SynackTimeAxis *self)
{
  return self->row_px;
}

gint64
synack_time_axis_get_shortest_wait (SynackTimeAxis *self)
{
  return self->shortest_wait;
}

double
synack_time_axis_wait_ns_per_px (SynackTimeAxis *self)
{
  if (self->shortest_wait <= 0 || self->row_px <= 0)
    return G_MAXDOUBLE;
  return (double) self->shortest_wait / (SYNACK_AXIS_WAIT_ROWS * self->row_px);
}

/* Breaks grow with the rows: larger text (presentation) keeps them as many
 * rows tall. */
static double
break_scale (SynackTimeAxis *self)
{
  return self->row_px > 0 ? MAX (1.0, self->row_px / SYNACK_AXIS_BREAK_ROW_PX) : 1.0;
}

/* The height of an idle gap drawn d pixels tall to scale: continuous and
 * growing with d, so a longer wait is never drawn shorter. */
static double
compressed_px (SynackTimeAxis *self,
               double          d)
{
  double k = break_scale (self);

  if (d <= SYNACK_AXIS_BREAK_PX * k)
    return d;
  return k * (SYNACK_AXIS_BREAK_PX + SYNACK_AXIS_BREAK_LOG_PX * log2 (d / (SYNACK_AXIS_BREAK_PX * k)));
}

static void
compute_breaks (SynackTimeAxis *self,
                double          ns_per_px)
{
  gint64 removed = 0;
  double added = 0;

  g_array_set_size (self->breaks, 0);
  if (self->events_kind)
    return;
  for (guint i = 0; i < self->gaps->len; i++)
    {
      const Gap *gap = &g_array_index (self->gaps, Gap, i);
      double d = (double) (gap->t1 - gap->t0) / ns_per_px;
      Break b;

      /* only where it saves height */
      if (d <= SYNACK_AXIS_BREAK_PX * break_scale (self))
        continue;
      b.t0 = gap->t0;
      b.t1 = gap->t1;
      b.h = compressed_px (self, d);
      b.px0 = (double) (b.t0 - self->start - removed) / ns_per_px + added;
      g_array_append_val (self->breaks, b);
      removed += gap->t1 - gap->t0;
      added += b.h;
    }
}

/* To scale, with breaks (the time axis without stretches). */
static double
plain_px (SynackTimeAxis *self,
          gint64          t,
          double          ns_per_px)
{
  const Break *b;
  guint lo = 0, hi = self->breaks->len;

  if (self->events_kind)
    {
      /* the event axis: time only shows outside the events */
      if (t < self->start)
        return (double) (t - self->start) / ns_per_px;
      return 0;
    }
  /* k = number of breaks that end at or before t */
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (self->breaks, Break, mid).t1 <= t)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo < self->breaks->len)
    {
      b = &g_array_index (self->breaks, Break, lo);
      if (b->t0 < t)
        return b->px0 + (double) (t - b->t0) / (double) (b->t1 - b->t0) * b->h;
    }
  if (lo == 0)
    return (double) (t - self->start) / ns_per_px;
  b = &g_array_index (self->breaks, Break, lo - 1);
  return b->px0 + b->h + (double) (t - b->t1) / ns_per_px;
}

/* Keys in order: the connection's events, with arrivals merged in. */
typedef struct
{
  SynackTimeAxis *axis;
  guint           pos;       /* next event position */
  guint           arr;       /* next arrival */
  gint64          t;
  guint64         sub;
  gboolean        send;
  gboolean        note;      /* a call or a state change, written beside its lifeline */
  gboolean        arrival;
  gint64          flight;    /* an arrival's time from its send */
  gboolean        shown_by;  /* a state change a capture's segment just after it shows */
  guint           endpoint;
} KeyIter;

static gboolean
key_next (KeyIter *it)
{
  SynackTimeAxis *self = it->axis;
  gboolean have_ev = it->pos < self->scanned;
  gboolean have_arr = it->arr < self->arrivals->len;
  SynackEvent ev = { 0 };
  guint index = 0;

  if (have_ev)
    {
      index = synack_trace_conn_event (self->trace, self->conn, it->pos);
      synack_trace_read_event (self->trace, index, &ev);
    }
  if (have_arr)
    {
      const Arrival *a = &g_array_index (self->arrivals, Arrival, it->arr);

      if (!have_ev || a->t < ev.time || (a->t == ev.time && arrival_sub (a->index) < event_sub (index)))
        {
          it->t = a->t;
          it->sub = arrival_sub (a->index);
          it->send = FALSE;
          it->note = FALSE;
          it->arrival = TRUE;
          it->flight = a->flight;
          it->shown_by = FALSE;
          it->arr++;
          return TRUE;
        }
    }
  if (!have_ev)
    return FALSE;
  it->t = ev.time;
  it->sub = event_sub (index);
  it->send = ev.kind == SYNACK_EVENT_SEGMENT;
  it->note = ev.kind == SYNACK_EVENT_CALL || ev.kind == SYNACK_EVENT_STATE;
  it->arrival = FALSE;
  it->shown_by = ev.kind == SYNACK_EVENT_STATE && ev.state.cause_kind == SYNACK_CAUSE_SEGMENT &&
                 ev.state.cause > index;
  it->endpoint = ev.endpoint & 1;
  it->pos++;
  return TRUE;
}

/* Give every segment a row: walk the keys in order and, where a send
 * would come closer than a row below the previous one, push it (and all
 * after it) down. The push goes before the send's instant, spread over the
 * time since the key before (the axis stretches there); between sends of
 * the same instant it is a step. The calls and state changes written
 * beside the lifelines get room the same way: the first of an instant
 * comes below the lines the instant before them took on either side, so
 * their texts stay by their moments and read in the order they happened.
 * A capture's state changes that the segment just after them shows (its
 * sender's: a SYN leaves from SYN-SENT) go where that segment leaves. */
static void
compute_entries (SynackTimeAxis *self,
                 double          ns_per_px)
{
  KeyIter it = { .axis = self };
  double s = 0, last_send_y = -G_MAXDOUBLE, last_arrival_y = -G_MAXDOUBLE;
  gint64 group_t = G_MININT64, prev_t = G_MININT64, last_send_t = G_MININT64;
  guint64 group_sub = 0;
  guint group_spaced = 0;           /* sends and note instants of this instant so far */
  double note_px = self->row_px / 2;
  double note_y = -G_MAXDOUBLE;     /* where the last instant with notes is */
  guint note_lines[2] = { 0, 0 };   /* its notes on each side */
  gint64 note_t = G_MININT64;
  gboolean shown = FALSE;           /* changes wait for the segment that shows them */
  guint64 shown_sub = 0;            /* the first of them */
  guint shown_lines[2] = { 0, 0 };

  g_array_set_size (self->entries, 0);
  if (self->trace == NULL || self->row_px <= 0 || self->scanned > SYNACK_AXIS_MAX_KEYED_EVENTS)
    return;
  while (key_next (&it))
    {
      if (it.t != group_t)
        {
          prev_t = group_t;
          group_t = it.t;
          group_sub = it.sub;
          group_spaced = 0;
          shown = FALSE;
        }
      if (it.shown_by)
        {
          if (!shown)
            {
              shown = TRUE;
              shown_sub = it.sub;
              shown_lines[0] = shown_lines[1] = 0;
            }
          shown_lines[it.endpoint]++;
          continue;
        }
      /* arrivals part too, by up to a row as the zoom draws their flight
       * taller: a burst sent one row apart that lands at one instant
       * converges on one point, its labels on top of each other at any
       * zoom; zoomed in, they part (on the time axis only) */
      if (it.send || (it.note && it.t != note_t) || (it.arrival && !self->events_kind))
        {
          double p = plain_px (self, it.t, ns_per_px);
          double need = it.send ? last_send_y + self->row_px - (p + s)
                        : it.arrival ? last_arrival_y + MIN (self->row_px, it.flight / ns_per_px) - (p + s)
                        : note_y + MAX (note_lines[0], note_lines[1]) * note_px - (p + s);

          /* the changes it shows begin an instant of notes */
          if (it.send && shown && it.t != note_t)
            need = MAX (need, note_y + MAX (note_lines[0], note_lines[1]) * note_px - (p + s));

          if (need > 0)
            {
              Entry e;

              s += need;
              e.t = it.t;
              e.s_after = s;
              if (group_spaced == 0)
                {
                  e.sub = group_sub;
                  e.t_from = self->events_kind ? last_send_t : prev_t;
                  if (e.t_from == G_MININT64)
                    e.t_from = it.t;
                  /* a break in the way: stretch after it, not across it */
                  {
                    guint lo = 0, hi = self->breaks->len;

                    while (lo < hi)
                      {
                        guint mid = (lo + hi) / 2;

                        if (g_array_index (self->breaks, Break, mid).t1 <= it.t)
                          lo = mid + 1;
                        else
                          hi = mid;
                      }
                    if (lo > 0 && g_array_index (self->breaks, Break, lo - 1).t1 > e.t_from)
                      e.t_from = g_array_index (self->breaks, Break, lo - 1).t1;
                  }
                }
              else
                {
                  e.sub = it.send && shown ? shown_sub : it.sub;
                  e.t_from = it.t;
                }
              g_array_append_val (self->entries, e);
            }
          group_spaced++;
          if (it.send)
            {
              last_send_y = p + s;
              last_send_t = it.t;
              if (shown)
                {
                  if (note_t != it.t)
                    {
                      note_t = it.t;
                      note_y = p + s;
                      note_lines[0] = note_lines[1] = 0;
                    }
                  note_lines[0] += shown_lines[0];
                  note_lines[1] += shown_lines[1];
                  shown = FALSE;
                }
            }
          else if (it.arrival)
            last_arrival_y = p + s;
          else
            {
              note_t = it.t;
              note_y = p + s;
              note_lines[0] = note_lines[1] = 0;
            }
        }
      if (it.note)
        note_lines[it.endpoint]++;
    }
}

static void
ensure_layout (SynackTimeAxis *self,
               double          ns_per_px)
{
  if (self->cached_ns_per_px == ns_per_px)
    return;
  self->events_kind = synack_time_axis_get_kind (self) == SYNACK_AXIS_EVENTS &&
                      self->row_px > 0;
  compute_breaks (self, ns_per_px);
  compute_entries (self, ns_per_px);
  self->cached_ns_per_px = ns_per_px;
}

/* Entries [0, result) are those with (t, sub) <= (t, sub). */
static guint
entries_upto_key (SynackTimeAxis *self,
                  gint64          t,
                  guint64         sub)
{
  guint lo = 0, hi = self->entries->len;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      const Entry *e = &g_array_index (self->entries, Entry, mid);

      if (e->t < t || (e->t == t && e->sub <= sub))
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Entries [0, result) are in force from the top of instant t on: earlier
 * ones, and the one that pushes t's whole instant down. */
static guint
entries_upto_time (SynackTimeAxis *self,
                   gint64          t)
{
  guint lo = 0, hi = self->entries->len;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      const Entry *e = &g_array_index (self->entries, Entry, mid);

      if (e->t < t || (e->t == t && e->t_from < e->t))
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static double
time_px (SynackTimeAxis *self,
         gint64          t,
         double          ns_per_px)
{
  guint k = entries_upto_time (self, t);
  double s = k > 0 ? g_array_index (self->entries, Entry, k - 1).s_after : 0;
  double p = plain_px (self, t, ns_per_px);

  if (k < self->entries->len)
    {
      const Entry *e = &g_array_index (self->entries, Entry, k);

      if (e->t_from < t && t < e->t)
        {
          double a = plain_px (self, e->t_from, ns_per_px);
          double b = plain_px (self, e->t, ns_per_px);
          double f = b > a ? (p - a) / (b - a)
                           : (double) (t - e->t_from) / (double) (e->t - e->t_from);

          s += (e->s_after - s) * CLAMP (f, 0, 1);
        }
    }
  else if (self->events_kind && t > self->start)
    {
      /* past the last row: one more row to the end, then time to scale */
      gint64 from = self->entries->len > 0 ? g_array_index (self->entries, Entry, k - 1).t
                                           : self->start;

      if (t >= self->end)
        s += self->row_px + (double) (t - self->end) / ns_per_px;
      else if (self->end > from && t > from)
        s += self->row_px * (double) (t - from) / (double) (self->end - from);
    }
  return p + s;
}

static double
key_px (SynackTimeAxis *self,
        gint64          t,
        guint64         sub,
        double          ns_per_px)
{
  guint k;
  double y;

  ensure_layout (self, ns_per_px);
  y = time_px (self, t, ns_per_px);
  k = entries_upto_key (self, t, sub);
  if (k > 0)
    y = MAX (y, plain_px (self, t, ns_per_px) + g_array_index (self->entries, Entry, k - 1).s_after);
  return y;
}

double
synack_time_axis_event_to_px (SynackTimeAxis *self,
                              guint           index,
                              gint64          t,
                              double          ns_per_px)
{
  return key_px (self, t, event_sub (index), ns_per_px);
}

double
synack_time_axis_arrival_to_px (SynackTimeAxis *self,
                                guint           index,
                                gint64          arrive,
                                double          ns_per_px)
{
  return key_px (self, arrive, arrival_sub (index), ns_per_px);
}

double
synack_time_axis_to_px (SynackTimeAxis *self,
                        gint64          t,
                        double          ns_per_px)
{
  ensure_layout (self, ns_per_px);
  return time_px (self, t, ns_per_px);
}

gint64
synack_time_axis_from_px (SynackTimeAxis *self,
                          double          px,
                          double          ns_per_px)
{
  gint64 lo, hi;
  double y_start, y_end;

  ensure_layout (self, ns_per_px);
  y_start = time_px (self, self->start, ns_per_px);
  y_end = time_px (self, self->end, ns_per_px);
  if (px <= y_start)
    return self->start + (gint64) llround ((px - y_start) * ns_per_px);
  if (px >= y_end)
    return self->end + (gint64) llround ((px - y_end) * ns_per_px);
  /* the last time at or above px */
  lo = self->start;
  hi = self->end;
  while (hi - lo > 1)
    {
      gint64 mid = lo + (hi - lo) / 2;

      if (time_px (self, mid, ns_per_px) <= px)
        lo = mid;
      else
        hi = mid;
    }
  return lo;
}

double
synack_time_axis_length_px (SynackTimeAxis *self,
                            double          ns_per_px)
{
  return synack_time_axis_to_px (self, self->end, ns_per_px);
}

guint
synack_time_axis_get_n_breaks (SynackTimeAxis *self,
                               double          ns_per_px)
{
  ensure_layout (self, ns_per_px);
  return self->breaks->len;
}

void
synack_time_axis_get_break (SynackTimeAxis *self,
                            double          ns_per_px,
                            guint           i,
                            gint64         *t0,
                            gint64         *t1)
{
  const Break *b;

  ensure_layout (self, ns_per_px);
  g_return_if_fail (i < self->breaks->len);
  b = &g_array_index (self->breaks, Break, i);
  *t0 = b->t0;
  *t1 = b->t1;
}

double
synack_time_axis_get_break_px (SynackTimeAxis *self,
                               double          ns_per_px,
                               guint           i)
{
  ensure_layout (self, ns_per_px);
  g_return_val_if_fail (i < self->breaks->len, 0);
  return g_array_index (self->breaks, Break, i).h;
}

void
synack_time_axis_breaks_between (SynackTimeAxis *self,
                                 double          ns_per_px,
                                 gint64          from,
                                 gint64          to,
                                 guint          *first,
                                 guint          *last)
{
  guint lo = 0, hi, n;

  ensure_layout (self, ns_per_px);
  n = self->breaks->len;
  hi = n;
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (self->breaks, Break, mid).t1 < from)
        lo = mid + 1;
      else
        hi = mid;
    }
  *first = lo;
  while (lo < n && g_array_index (self->breaks, Break, lo).t0 <= to)
    lo++;
  *last = lo;
}

GArray *
synack_time_axis_stretches_between (SynackTimeAxis *self,
                                    double          ns_per_px,
                                    gint64          from,
                                    gint64          to)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (SynackAxisStretch));
  guint k;

  ensure_layout (self, ns_per_px);
  if (self->events_kind)
    return out;
  k = entries_upto_key (self, from, 0);
  for (; k < self->entries->len; k++)
    {
      const Entry *e = &g_array_index (self->entries, Entry, k);
      double before = k > 0 ? g_array_index (self->entries, Entry, k - 1).s_after : 0;
      SynackAxisStretch st = { e->t_from, e->t, e->s_after - before };

      if (e->t > to)
        break;
      if (out->len > 0)
        {
          SynackAxisStretch *last = &g_array_index (out, SynackAxisStretch, out->len - 1);

          /* one stretch over a run of crowded instants */
          if (last->t1 >= st.t0)
            {
              last->t1 = st.t1;
              last->extra_px += st.extra_px;
              continue;
            }
        }
      g_array_append_val (out, st);
    }
  return out;
}

SynackAxisKind
synack_time_axis_auto_kind (SynackTrace *trace,
                            guint        conn)
{
  const SynackConnection *c;
  SynackTraceSource source = synack_trace_get_source (trace);
  gint64 first = G_MININT64, prev = G_MININT64, span;
  guint n = 0, crowded = 0;

  if (source != SYNACK_TRACE_SOURCE_FILE && source != SYNACK_TRACE_SOURCE_LIVE)
    return SYNACK_AXIS_TIME;
  if (conn >= synack_trace_get_n_connections (trace))
    return SYNACK_AXIS_TIME;
  c = synack_trace_get_connection (trace, conn);
  if (c->n_events > SYNACK_AXIS_MAX_KEYED_EVENTS || c->n_segments < 40)
    return SYNACK_AXIS_TIME;
  for (guint pos = 0; pos < c->n_events; pos++)
    {
      SynackEvent ev;

      synack_trace_read_event (trace, synack_trace_conn_event (trace, conn, pos), &ev);
      if (ev.kind != SYNACK_EVENT_SEGMENT)
        continue;
      if (first == G_MININT64)
        first = ev.time;
      prev = ev.time;
    }
  span = prev - first;
  /* at the zoom that shows the span in about 25 rows */
  prev = G_MININT64;
  for (guint pos = 0; pos < c->n_events; pos++)
    {
      SynackEvent ev;

      synack_trace_read_event (trace, synack_trace_conn_event (trace, conn, pos), &ev);
      if (ev.kind != SYNACK_EVENT_SEGMENT)
        continue;
      if (prev != G_MININT64 && (ev.time - prev) * 25 < span)
        crowded++;
      prev = ev.time;
      n++;
    }
  return crowded * 2 > n ? SYNACK_AXIS_EVENTS : SYNACK_AXIS_TIME;
}
