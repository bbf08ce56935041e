/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "synack-error.h"
#include "synack-live.h"

/* Dropping stops below this share of the limit: it comes in runs. */
#define TARGET_NUM 7
#define TARGET_DEN 8

/* The 4-tuple of a dropped connection, lower endpoint first. */
typedef struct
{
  SynackAddress addr[2];
  guint16       port[2];
  gint64        until;     /* its stragglers are taken until then */
} Gone;

struct _SynackLiveBudget
{
  SynackTrace *trace;
  SynackInfer *infer;
  guint64      limit;
  GQueue       finished;       /* connection indices, in the order they finished */
  GHashTable  *gone;           /* set of Gone */
  gint64       last_expiry;
  gint64       last_idle_scan; /* capture time of the last look for silent ones */
  guint        n_dropped;
  guint64      n_packets;      /* segments of dropped connections and stragglers */
  SynackLiveSpool *spool;      /* the packets kept for saving, or NULL */
  guint64      used;           /* at the last enforce */
  guint64      over_max;       /* the most used while nothing more could be let go */
  gboolean     over;
};

/* A dropped connection's 4-tuple, as the straggler table holds it: the
 * entry, its hash node and two malloc headers. */
#define GONE_BYTES (sizeof (Gone) + 3 * sizeof (gpointer) + sizeof (guint) + 32)

/* What the budget counts: the trace, the inference's state of the
 * connections it follows (the open ones above all), the 4-tuples of the
 * connections let go, and the spool's records. */
static guint64
memory_used (SynackLiveBudget *self)
{
  return synack_trace_get_memory_size (self->trace) + synack_infer_get_memory_size (self->infer) +
         (guint64) g_hash_table_size (self->gone) * GONE_BYTES +
         (self->spool != NULL ? synack_live_spool_get_memory_size (self->spool) : 0);
}

static void
gone_init (Gone                *g,
           const SynackAddress *a,
           guint16              pa,
           const SynackAddress *b,
           guint16              pb)
{
  int cmp = memcmp (a, b, sizeof *a);

  memset (g, 0, sizeof *g);
  if (cmp > 0 || (cmp == 0 && pa > pb))
    {
      const SynackAddress *t = a;
      guint16 tp = pa;

      a = b;
      pa = pb;
      b = t;
      pb = tp;
    }
  g->addr[0] = *a;
  g->addr[1] = *b;
  g->port[0] = pa;
  g->port[1] = pb;
}

static guint
gone_hash (gconstpointer p)
{
  const Gone *g = p;

  return (synack_address_hash (&g->addr[0]) * 31u + g->port[0]) * 65599u ^
         (synack_address_hash (&g->addr[1]) * 31u + g->port[1]);
}

static gboolean
gone_equal (gconstpointer a,
            gconstpointer b)
{
  const Gone *x = a, *y = b;

  return x->port[0] == y->port[0] && x->port[1] == y->port[1] &&
         synack_address_equal (&x->addr[0], &y->addr[0]) &&
         synack_address_equal (&x->addr[1], &y->addr[1]);
}

static void
connection_done (SynackTrace *trace,
                 guint        conn,
                 gpointer     user_data)
{
  SynackLiveBudget *self = user_data;

  g_queue_push_tail (&self->finished, GUINT_TO_POINTER (conn));
}

SynackLiveBudget *
synack_live_budget_new (SynackTrace *trace,
                        SynackInfer *infer,
                        guint64      limit)
{
  SynackLiveBudget *self;

  g_return_val_if_fail (SYNACK_IS_TRACE (trace), NULL);
  g_return_val_if_fail (infer != NULL, NULL);

  self = g_new0 (SynackLiveBudget, 1);
  self->trace = g_object_ref (trace);
  self->infer = infer;
  self->limit = limit;
  g_queue_init (&self->finished);
  self->gone = g_hash_table_new_full (gone_hash, gone_equal, g_free, NULL);
  synack_infer_set_connection_done (infer, connection_done, self);
  return self;
}

void
synack_live_budget_free (SynackLiveBudget *self)
{
  if (self == NULL)
    return;
  g_queue_clear (&self->finished);
  g_hash_table_unref (self->gone);
  g_object_unref (self->trace);
  g_free (self);
}

void
synack_live_budget_set_limit (SynackLiveBudget *self,
                              guint64           limit)
{
  g_return_if_fail (self != NULL);
  self->limit = limit;
}

guint64
synack_live_budget_get_limit (SynackLiveBudget *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->limit;
}

guint
synack_live_budget_get_dropped_connections (SynackLiveBudget *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_dropped;
}

guint64
synack_live_budget_get_dropped_packets (SynackLiveBudget *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_packets;
}

gboolean
synack_live_budget_is_over (SynackLiveBudget *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->over;
}

guint64
synack_live_budget_get_over_max (SynackLiveBudget *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->over_max;
}

guint64
synack_live_budget_get_memory_size (SynackLiveBudget *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return memory_used (self);
}

void
synack_live_budget_set_spool (SynackLiveBudget *self,
                              SynackLiveSpool  *spool)
{
  g_return_if_fail (self != NULL);
  self->spool = spool;
}

static gboolean
expired (gpointer key,
         gpointer value,
         gpointer user_data)
{
  return ((Gone *) key)->until <= *(gint64 *) user_data;
}

gboolean
synack_live_budget_take_straggler (SynackLiveBudget    *self,
                                   gint64               time,
                                   const SynackIpInfo  *ip,
                                   const SynackSegment *seg)
{
  Gone key;
  Gone *g;

  g_return_val_if_fail (self != NULL, FALSE);

  if (g_hash_table_size (self->gone) == 0)
    return FALSE;
  if (time - self->last_expiry >= SYNACK_LIVE_STRAGGLER_NS / 4)
    {
      g_hash_table_foreach_remove (self->gone, expired, &time);
      self->last_expiry = time;
    }
  gone_init (&key, &ip->src, seg->sport, &ip->dst, seg->dport);
  g = g_hash_table_lookup (self->gone, &key);
  if (g == NULL || g->until <= time)
    return FALSE;
  /* A new SYN on those ports is a new connection. */
  if ((seg->flags & (SYNACK_FLAG_SYN | SYNACK_FLAG_ACK)) == SYNACK_FLAG_SYN)
    {
      g_hash_table_remove (self->gone, g);
      return FALSE;
    }
  self->n_packets++;
  return TRUE;
}

/* Drops conn, forgetting its inference first; FALSE when it must stay
 * (held, open again, dropped already). */
static gboolean
drop (SynackLiveBudget *self,
      guint             conn,
      gboolean          even_open)
{
  const SynackConnection *c = synack_trace_get_connection (self->trace, conn);
  gint64 now = synack_trace_get_end_time (self->trace);
  guint n_segments = c->n_segments;
  Gone *g;

  if (c->flags & (SYNACK_CONNECTION_DROPPED | SYNACK_CONNECTION_HELD))
    return FALSE;
  if (!synack_infer_forget_connection (self->infer, conn, even_open))
    return FALSE;
  g = g_new (Gone, 1);
  gone_init (g, &c->addr[0], c->port[0], &c->addr[1], c->port[1]);
  g->until = now + SYNACK_LIVE_STRAGGLER_NS;
  g_hash_table_add (self->gone, g);
  /* its packets need not be kept for saving any more */
  if (self->spool != NULL)
    for (guint p = 0; p < c->n_events; p++)
      {
        guint e = synack_trace_conn_event (self->trace, conn, p);

        if (synack_trace_get_event_kind (self->trace, e) == SYNACK_EVENT_SEGMENT)
          synack_live_spool_let_go (self->spool, synack_trace_segment_number (self->trace, e));
      }
  if (!synack_trace_drop_connection (self->trace, conn))
    return FALSE;
  self->n_dropped++;
  self->n_packets += n_segments;
  return TRUE;
}

guint
synack_live_budget_enforce (SynackLiveBudget *self)
{
  guint64 target;
  guint n = 0;

  g_return_val_if_fail (self != NULL, 0);

  self->used = memory_used (self);
  if (self->limit == 0 || self->used <= self->limit)
    {
      self->over = FALSE;
      return 0;
    }
  target = self->limit / TARGET_DEN * TARGET_NUM;

  /* The oldest finished first; a held one waits its turn again. */
  for (guint left = self->finished.length;
       left > 0 && memory_used (self) > target; left--)
    {
      guint conn = GPOINTER_TO_UINT (g_queue_pop_head (&self->finished));
      const SynackConnection *c = synack_trace_get_connection (self->trace, conn);

      if (c->flags & SYNACK_CONNECTION_DROPPED)
        continue;
      if (c->flags & SYNACK_CONNECTION_HELD)
        g_queue_push_tail (&self->finished, GUINT_TO_POINTER (conn));
      else if (drop (self, conn, FALSE))
        n++;
    }

  /* Then those that timed out: silent for Zeek's inactivity timeout. A
   * look at every kept connection: at most once a second of capture time
   * while the budget stays out of reach (all open). */
  if (memory_used (self) > target &&
      (!self->over ||
       synack_trace_get_end_time (self->trace) - self->last_idle_scan >= SYNACK_NSEC_PER_SEC))
    {
      gint64 now = synack_trace_get_end_time (self->trace);
      g_autoptr(GArray) idle = g_array_new (FALSE, FALSE, sizeof (guint));

      self->last_idle_scan = now;
      for (guint p = 0; p < synack_trace_get_n_kept_connections (self->trace); p++)
        {
          guint conn = synack_trace_get_kept_connection (self->trace, p);
          const SynackConnection *c = synack_trace_get_connection (self->trace, conn);

          if (c->end != SYNACK_TIME_NONE && now - c->end >= SYNACK_LIVE_IDLE_TIMEOUT_NS)
            g_array_append_val (idle, conn);
        }
      for (guint i = 0; i < idle->len && memory_used (self) > target; i++)
        if (drop (self, g_array_index (idle, guint, i), TRUE))
          n++;
    }

  synack_trace_commit_drops (self->trace);
  self->used = memory_used (self);
  self->over = self->used > self->limit;
  if (self->over)
    self->over_max = MAX (self->over_max, self->used);
  return n;
}

gboolean
synack_live_parse_size (const char  *text,
                        guint64     *bytes,
                        GError     **error)
{
  static const struct { const char *suffix; int shift; } units[] = {
    { "", 0 }, { "b", 0 },
    { "k", 10 }, { "kb", 10 }, { "kib", 10 },
    { "m", 20 }, { "mb", 20 }, { "mib", 20 },
    { "g", 30 }, { "gb", 30 }, { "gib", 30 },
    { "t", 40 }, { "tb", 40 }, { "tib", 40 },
  };
  g_autofree char *min = synack_live_format_size (SYNACK_LIVE_BUDGET_MIN);
  g_autofree char *max = synack_live_format_size (SYNACK_LIVE_BUDGET_MAX);
  g_autofree char *unit = NULL;
  const char *p = text;
  char *end = NULL;
  double value;

  g_return_val_if_fail (bytes != NULL, FALSE);

  if (text == NULL)
    text = p = "";
  while (g_ascii_isspace (*p))
    p++;
  if (g_ascii_isdigit (*p))
    {
      errno = 0;
      value = g_ascii_strtod (p, &end);
      /* decimal only: no hex, no exponent */
      for (const char *c = p; end != NULL && c < end; c++)
        if (!g_ascii_isdigit (*c) && *c != '.')
          end = NULL;
      if (errno == 0 && end != NULL && end != p)
        {
          g_autofree char *suffix = g_strdup (end);

          unit = g_ascii_strdown (g_strstrip (suffix), -1);
          for (guint i = 0; i < G_N_ELEMENTS (units); i++)
            if (g_str_equal (unit, units[i].suffix))
              {
                double b = value * (double) (G_GUINT64_CONSTANT (1) << units[i].shift);

                if (b < (double) SYNACK_LIVE_BUDGET_MIN || b > (double) SYNACK_LIVE_BUDGET_MAX)
                  {
                    g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID,
                                 _("memory budget “%s” is out of range: give %s to %s"),
                                 text, min, max);
                    return FALSE;
                  }
                *bytes = (guint64) b;
                return TRUE;
              }
        }
    }
  g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID,
               _("memory budget “%s” is not a size: give a number of bytes with K, M, G or T "
                 "after it (64M, 1G)"), text);
  return FALSE;
}

char *
synack_live_format_size (guint64 bytes)
{
  static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB" };
  guint u = 0;
  double v = (double) bytes;

  while (v >= 1024 && u + 1 < G_N_ELEMENTS (units))
    {
      v /= 1024;
      u++;
    }
  if (v == (double) (guint64) v)
    return g_strdup_printf ("%" G_GUINT64_FORMAT " %s", (guint64) v, units[u]);
  return g_strdup_printf ("%.1f %s", v, units[u]);
}
