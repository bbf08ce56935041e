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
  gint64 removed;  /* idle time removed by the breaks before this one */
  double px0;      /* where the break starts on the axis */
} Break;

struct _SynackTimeAxis
{
  gatomicrefcount ref;
  gint64          start;
  gint64          end;
  gint64          threshold;
  GArray         *gaps;        /* Gap, increasing */

  /* what synack_time_axis_update() has read */
  guint           conn;
  guint           scanned;
  gint64          busy_until;  /* latest send or arrival seen */
  gboolean        have_events;

  /* the breaks in effect at cached_ns_per_px */
  double          cached_ns_per_px;
  GArray         *breaks;      /* Break */
};

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
  self->cached_ns_per_px = -1;
  self->conn = G_MAXUINT;
  return self;
}

SynackTimeAxis *
synack_time_axis_new_for_trace (SynackTrace *trace,
                                guint        conn,
                                gint64       threshold)
{
  SynackTimeAxis *self = synack_time_axis_new (0, 0, threshold);

  self->conn = conn;
  synack_time_axis_update (self, trace);
  return self;
}

static void
take_event (SynackTimeAxis    *self,
            const SynackEvent *ev)
{
  gint64 t = ev->time;
  gint64 until = t;

  if (ev->kind == SYNACK_EVENT_SEGMENT && ev->segment.arrive != SYNACK_TIME_NONE &&
      ev->segment.arrive > until)
    until = ev->segment.arrive;

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
        take_event (self, synack_trace_get_event (trace, self->scanned));
    }
  else if (self->conn < synack_trace_get_n_connections (trace))
    {
      const SynackConnection *c = synack_trace_get_connection (trace, self->conn);

      for (; self->scanned < c->n_events; self->scanned++)
        {
          guint index = synack_trace_conn_event (trace, self->conn, self->scanned);

          take_event (self, synack_trace_get_event (trace, index));
        }
    }
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
  self->end = MAX (self->end, end);
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

/* A gap becomes a break only where the break is much shorter than drawing it
 * to scale would be. */
static void
ensure_breaks (SynackTimeAxis *self,
               double          ns_per_px)
{
  gint64 removed = 0;

  if (self->cached_ns_per_px == ns_per_px)
    return;
  g_array_set_size (self->breaks, 0);
  for (guint i = 0; i < self->gaps->len; i++)
    {
      const Gap *gap = &g_array_index (self->gaps, Gap, i);
      Break b;

      if ((double) (gap->t1 - gap->t0) / ns_per_px < 2.0 * SYNACK_AXIS_BREAK_PX)
        continue;
      b.t0 = gap->t0;
      b.t1 = gap->t1;
      b.removed = removed;
      b.px0 = (double) (b.t0 - self->start - removed) / ns_per_px +
              self->breaks->len * SYNACK_AXIS_BREAK_PX;
      g_array_append_val (self->breaks, b);
      removed += gap->t1 - gap->t0;
    }
  self->cached_ns_per_px = ns_per_px;
}

double
synack_time_axis_to_px (SynackTimeAxis *self,
                        gint64          t,
                        double          ns_per_px)
{
  const Break *b;
  guint lo = 0, hi;

  ensure_breaks (self, ns_per_px);
  hi = self->breaks->len;
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
        return b->px0 + (double) (t - b->t0) / (double) (b->t1 - b->t0) * SYNACK_AXIS_BREAK_PX;
    }
  if (lo == 0)
    return (double) (t - self->start) / ns_per_px;
  b = &g_array_index (self->breaks, Break, lo - 1);
  return b->px0 + SYNACK_AXIS_BREAK_PX + (double) (t - b->t1) / ns_per_px;
}

gint64
synack_time_axis_from_px (SynackTimeAxis *self,
                          double          px,
                          double          ns_per_px)
{
  const Break *b;
  guint lo = 0, hi;

  ensure_breaks (self, ns_per_px);
  hi = self->breaks->len;
  /* k = number of breaks that start at or before px */
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (self->breaks, Break, mid).px0 <= px)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo == 0)
    return self->start + (gint64) llround (px * ns_per_px);
  b = &g_array_index (self->breaks, Break, lo - 1);
  if (px < b->px0 + SYNACK_AXIS_BREAK_PX)
    return b->t0 + (gint64) llround ((px - b->px0) / SYNACK_AXIS_BREAK_PX *
                                     (double) (b->t1 - b->t0));
  return b->t1 + (gint64) llround ((px - b->px0 - SYNACK_AXIS_BREAK_PX) * ns_per_px);
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
  ensure_breaks (self, ns_per_px);
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

  ensure_breaks (self, ns_per_px);
  g_return_if_fail (i < self->breaks->len);
  b = &g_array_index (self->breaks, Break, i);
  *t0 = b->t0;
  *t1 = b->t1;
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

  ensure_breaks (self, ns_per_px);
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
