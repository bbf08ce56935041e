/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "synack-notation.h"
#include "synack-seq.h"

/* What a connection's close looks like, found once per connection and kept
 * on the trace until it grows. */
typedef struct
{
  guint    n_events;      /* the connection's event count when found */
  gboolean have_fin[2];
  guint32  fin[2];        /* the FIN's sequence number */
  gint64   fin_time[2];   /* when it was sent */
  gint     first_closer;  /* endpoint whose FIN went first, or -1 */
  gboolean have_v;
  guint32  v;             /* the other side's seq in its ACK of that FIN */
} Close;

static void
find_close (SynackTrace *trace,
            guint        conn,
            Close       *cl)
{
  const SynackConnection *c = synack_trace_get_connection (trace, conn);

  memset (cl, 0, sizeof *cl);
  cl->first_closer = -1;
  cl->n_events = c->n_events;
  for (guint p = 0; p < c->n_events; p++)
    {
      SynackEvent ev;
      guint e;

      synack_trace_read_event (trace, synack_trace_conn_event (trace, conn, p), &ev);
      if (ev.kind != SYNACK_EVENT_SEGMENT)
        continue;
      e = ev.endpoint & 1;
      if ((ev.segment.flags & SYNACK_FLAG_FIN) && !cl->have_fin[e])
        {
          cl->have_fin[e] = TRUE;
          cl->fin[e] = ev.segment.seq + ev.segment.len;
          cl->fin_time[e] = ev.time;
          if (cl->first_closer < 0)
            cl->first_closer = (gint) e;
        }
      /* the first segment of the other side that acknowledges the first FIN */
      if (cl->first_closer >= 0 && !cl->have_v && e != (guint) cl->first_closer &&
          (ev.segment.flags & SYNACK_FLAG_ACK) &&
          synack_seq_gt (ev.segment.ack, cl->fin[cl->first_closer]))
        {
          cl->have_v = TRUE;
          cl->v = ev.segment.seq;
        }
    }
}

static const Close *
get_close (SynackTrace *trace,
           guint        conn)
{
  const SynackConnection *c = synack_trace_get_connection (trace, conn);
  GArray *cache = g_object_get_data (G_OBJECT (trace), "synack-notation-close");
  Close *cl;

  if (cache == NULL)
    {
      cache = g_array_new (FALSE, TRUE, sizeof (Close));
      g_object_set_data_full (G_OBJECT (trace), "synack-notation-close", cache,
                              (GDestroyNotify) g_array_unref);
    }
  if (cache->len <= conn)
    {
      guint old = cache->len;

      g_array_set_size (cache, conn + 1);
      for (guint i = old; i < cache->len; i++)
        g_array_index (cache, Close, i).n_events = G_MAXUINT;
    }
  cl = &g_array_index (cache, Close, conn);
  if (cl->n_events != c->n_events)
    find_close (trace, conn, cl);
  return cl;
}

static const char *
with_offset (const char *base,
             guint32     offset,
             char       *buf,
             gsize       len)
{
  if (offset == 0)
    g_strlcpy (buf, base, len);
  else
    g_snprintf (buf, len, "%s+%u", base, offset);
  return buf;
}

const char *
synack_notation_name (SynackTrace *trace,
                      guint        conn,
                      guint        endpoint,
                      guint32      value,
                      gint64       time,
                      char        *buf,
                      gsize        len)
{
  const SynackConnection *c = synack_trace_get_connection (trace, conn);
  const Close *cl;
  gint first;

  g_return_val_if_fail (c != NULL && endpoint < 2, buf);

  if (!(c->flags & (SYNACK_CONNECTION_HAVE_ISN_0 << endpoint)))
    {
      g_snprintf (buf, len, "%u", value);
      return buf;
    }
  cl = get_close (trace, conn);
  first = cl->first_closer;
  /* u, v and w name the close: from the first FIN on */
  if (first >= 0 && time >= cl->fin_time[first])
    {
      if (cl->have_fin[endpoint] && time >= cl->fin_time[endpoint] &&
          synack_seq_ge (value, cl->fin[endpoint]))
        return with_offset ((gint) endpoint == first ? "u" : "w",
                            value - cl->fin[endpoint], buf, len);
      if ((gint) endpoint == first && synack_seq_ge (value, cl->fin[endpoint]))
        return with_offset ("u", value - cl->fin[endpoint], buf, len);
      if ((gint) endpoint != first && cl->have_v && synack_seq_ge (value, cl->v))
        return with_offset ("v", value - cl->v, buf, len);
    }
  if (synack_seq_lt (value, c->isn[endpoint]))
    {
      g_snprintf (buf, len, "%s-%u", endpoint == 0 ? "x" : "y", c->isn[endpoint] - value);
      return buf;
    }
  return with_offset (endpoint == 0 ? "x" : "y", value - c->isn[endpoint], buf, len);
}

char *
synack_notation_seq_ack (SynackTrace *trace,
                         guint        index)
{
  SynackEvent ev;

  synack_trace_read_event (trace, index, &ev);
  char s[SYNACK_NOTATION_LEN], a[SYNACK_NOTATION_LEN];
  guint e = ev.endpoint & 1;

  synack_notation_name (trace, ev.conn, e, ev.segment.seq, ev.time, s, sizeof s);
  if (!(ev.segment.flags & SYNACK_FLAG_ACK))
    return g_strdup_printf ("seq=%s", s);
  synack_notation_name (trace, ev.conn, 1 - e, ev.segment.ack, ev.time, a, sizeof a);
  return g_strdup_printf ("seq=%s ack=%s", s, a);
}
