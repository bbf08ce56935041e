/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "synack-kernel-states.h"

/* A change with no connection yet is kept this long (trace time) before it
 * is taken for another program's socket and dropped. */
#define PENDING_LIMIT_NS (10 * SYNACK_NSEC_PER_SEC)

struct _SynackKernelStates
{
  GObject      parent_instance;

  SynackTrace *trace;
  GArray      *pending;      /* SynackKernelChange not placed yet */
  GHashTable  *endpoints;    /* conn << 1 | endpoint -> GArray of SynackKernelRecord */
  GHashTable  *local_ends;   /* "addr:port" of every connection endpoint */
  guint        n_conns_seen; /* connections whose endpoints are in local_ends */
};

G_DEFINE_FINAL_TYPE (SynackKernelStates, synack_kernel_states, G_TYPE_OBJECT)

static void
synack_kernel_states_finalize (GObject *object)
{
  SynackKernelStates *self = SYNACK_KERNEL_STATES (object);

  g_clear_object (&self->trace);
  g_array_unref (self->pending);
  g_hash_table_unref (self->endpoints);
  g_hash_table_unref (self->local_ends);
  G_OBJECT_CLASS (synack_kernel_states_parent_class)->finalize (object);
}

static void
synack_kernel_states_class_init (SynackKernelStatesClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = synack_kernel_states_finalize;
}

static void
synack_kernel_states_init (SynackKernelStates *self)
{
  self->pending = g_array_new (FALSE, FALSE, sizeof (SynackKernelChange));
  self->endpoints = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                           (GDestroyNotify) g_array_unref);
  self->local_ends = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

SynackKernelStates *
synack_kernel_states_new (SynackTrace *trace)
{
  SynackKernelStates *self = g_object_new (SYNACK_TYPE_KERNEL_STATES, NULL);

  self->trace = g_object_ref (trace);
  return self;
}

SynackTrace *
synack_kernel_states_get_trace (SynackKernelStates *self)
{
  g_return_val_if_fail (SYNACK_IS_KERNEL_STATES (self), NULL);
  return self->trace;
}

void
synack_kernel_states_add (SynackKernelStates       *self,
                          const SynackKernelChange *changes,
                          guint                     n_changes)
{
  g_return_if_fail (SYNACK_IS_KERNEL_STATES (self));
  g_array_append_vals (self->pending, changes, n_changes);
}

static gpointer
endpoint_key (guint conn,
              guint endpoint)
{
  return GUINT_TO_POINTER ((conn << 1 | endpoint) + 1);
}

static gboolean
is_wildcard (const SynackAddress *address,
             guint16              port)
{
  static const guint8 zero[16];

  return port == 0 && memcmp (address->bytes, zero, 16) == 0;
}

static void
update_local_ends (SynackKernelStates *self)
{
  guint n = synack_trace_get_n_connections (self->trace);

  for (; self->n_conns_seen < n; self->n_conns_seen++)
    {
      const SynackConnection *c = synack_trace_get_connection (self->trace, self->n_conns_seen);

      for (guint e = 0; e < 2; e++)
        {
          char buf[80];

          g_hash_table_add (self->local_ends,
                            g_strdup (synack_endpoint_to_string (&c->addr[e], c->port[e],
                                                                 buf, sizeof buf)));
        }
    }
}

static void
insert_sorted (GArray                   *records,
               const SynackKernelRecord *r)
{
  guint i = records->len;

  while (i > 0 && g_array_index (records, SynackKernelRecord, i - 1).time > r->time)
    i--;
  g_array_insert_val (records, i, *r);
}

static gint
compare_records (gconstpointer a,
                 gconstpointer b)
{
  const SynackKernelRecord *x = a, *y = b;

  return x->time < y->time ? -1 : x->time > y->time;
}

GArray *
synack_kernel_states_match (SynackKernelStates *self)
{
  GArray *placed = g_array_new (FALSE, FALSE, sizeof (SynackKernelRecord));
  gint64 origin, newest;
  guint kept = 0;

  g_return_val_if_fail (SYNACK_IS_KERNEL_STATES (self), placed);

  /* Times are from the trace's origin: nothing is placed before it exists. */
  if (synack_trace_get_n_events (self->trace) == 0)
    return placed;
  origin = synack_trace_get_origin (self->trace);
  newest = synack_trace_get_end_time (self->trace);
  update_local_ends (self);

  for (guint i = 0; i < self->pending->len; i++)
    {
      const SynackKernelChange *c = &g_array_index (self->pending, SynackKernelChange, i);
      SynackKernelRecord r = { *c, c->time - origin, G_MAXUINT, 0 };
      gboolean found = FALSE;

      if (is_wildcard (&c->remote, c->remote_port))
        {
          char buf[80];

          /* A listener: told when one of the trace's endpoints is its address. */
          found = g_hash_table_contains (self->local_ends,
                                         synack_endpoint_to_string (&c->local, c->local_port,
                                                                    buf, sizeof buf));
          if (!found)
            {
              /* A wildcard listener (0.0.0.0:80) answers every local address. */
              SynackAddress any;
              GHashTableIter iter;
              gpointer key;
              char port[16];

              memset (&any, 0, sizeof any);
              any.family = c->local.family;
              if (synack_address_equal (&any, &c->local))
                {
                  g_snprintf (port, sizeof port, ":%u", c->local_port);
                  g_hash_table_iter_init (&iter, self->local_ends);
                  while (!found && g_hash_table_iter_next (&iter, &key, NULL))
                    found = g_str_has_suffix (key, port);
                }
            }
        }
      else
        {
          guint endpoint;
          guint conn = synack_trace_find_connection (self->trace, &c->local, c->local_port,
                                                     &c->remote, c->remote_port, &endpoint);

          if (conn != G_MAXUINT)
            {
              gpointer key = endpoint_key (conn, endpoint);
              GArray *records = g_hash_table_lookup (self->endpoints, key);

              if (records == NULL)
                {
                  records = g_array_new (FALSE, FALSE, sizeof (SynackKernelRecord));
                  g_hash_table_insert (self->endpoints, endpoint_key (conn, endpoint), records);
                }
              r.conn = conn;
              r.endpoint = endpoint;
              insert_sorted (records, &r);
              found = TRUE;
            }
        }
      if (found)
        g_array_append_val (placed, r);
      else if (r.time >= newest - PENDING_LIMIT_NS)
        g_array_index (self->pending, SynackKernelChange, kept++) = *c;
    }
  g_array_set_size (self->pending, kept);
  g_array_sort (placed, compare_records);
  return placed;
}

GArray *
synack_kernel_states_get_records (SynackKernelStates *self,
                                  guint               conn,
                                  guint               endpoint)
{
  g_return_val_if_fail (SYNACK_IS_KERNEL_STATES (self), NULL);
  return g_hash_table_lookup (self->endpoints, endpoint_key (conn, endpoint));
}

gboolean
synack_kernel_states_has_endpoint (SynackKernelStates *self,
                                   guint               conn,
                                   guint               endpoint)
{
  return synack_kernel_states_get_records (self, conn, endpoint) != NULL;
}

gboolean
synack_kernel_states_state_at (SynackKernelStates *self,
                               guint               conn,
                               guint               endpoint,
                               gint64              time,
                               SynackTcpState     *state,
                               SynackKernelSource *source)
{
  GArray *records = synack_kernel_states_get_records (self, conn, endpoint);
  const SynackKernelRecord *first;
  guint lo = 0, hi;

  if (records == NULL || records->len == 0)
    return FALSE;
  first = &g_array_index (records, SynackKernelRecord, 0);
  if (time < first->time)
    {
      /* Before its first polled record nothing is known; the tracepoint's
       * first record says where the socket came from. */
      if (first->change.source == SYNACK_KERNEL_SOURCE_POLL)
        return FALSE;
      *state = first->change.from;
      *source = first->change.source;
      return TRUE;
    }
  hi = records->len;
  while (hi - lo > 1)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (records, SynackKernelRecord, mid).time <= time)
        lo = mid;
      else
        hi = mid;
    }
  *state = g_array_index (records, SynackKernelRecord, lo).change.to;
  *source = g_array_index (records, SynackKernelRecord, lo).change.source;
  return TRUE;
}

/* ---------------------------------------------------------------- compare */

typedef struct
{
  gint64         time;
  SynackTcpState state;
  guint8         source;
} Step;

static void
add_step (GArray         *path,
          gint64          time,
          SynackTcpState  state,
          guint8          source)
{
  Step s = { time, state, source };

  if (path->len > 0 && g_array_index (path, Step, path->len - 1).state == state)
    return;
  g_array_append_val (path, s);
}

/* When the inferred state at time began. */
static gint64
inferred_since (SynackKernelStates *self,
                guint               conn,
                guint               endpoint,
                gint64              time)
{
  guint n = synack_trace_get_n_state_spans (self->trace, conn, endpoint);
  gint64 since = SYNACK_TIME_NONE;

  for (guint s = 0; s < n; s++)
    {
      gint64 t;
      SynackTcpState st;
      guint ev;

      synack_trace_get_state_span (self->trace, conn, endpoint, s, &t, &st, &ev);
      if (t > time)
        break;
      since = t;
    }
  return since;
}

/* When the kernel's state at time began, from its records. */
static gint64
kernel_since (SynackKernelStates *self,
              guint               conn,
              guint               endpoint,
              gint64              time)
{
  GArray *records = synack_kernel_states_get_records (self, conn, endpoint);
  gint64 since = SYNACK_TIME_NONE;

  for (guint r = 0; records != NULL && r < records->len; r++)
    {
      const SynackKernelRecord *rec = &g_array_index (records, SynackKernelRecord, r);

      if (rec->time > time)
        break;
      since = rec->time;
    }
  return since;
}

/* The steps left over on both sides between two agreed states: paired in
 * order, each pair one DIFFERENT; what is left of either side alone. */
static void
flush_gap (SynackKernelStates       *self,
           guint                     conn,
           guint                     endpoint,
           const SynackKernelRecord *first,
           GArray                   *gap_k,
           GArray                   *gap_i,
           GArray                   *out)
{
  guint n = MAX (gap_k->len, gap_i->len);

  for (guint p = 0; p < n; p++)
    {
      const Step *ks = p < gap_k->len ? &g_array_index (gap_k, Step, p) : NULL;
      const Step *is = p < gap_i->len ? &g_array_index (gap_i, Step, p) : NULL;
      SynackDisagreement d = { 0 };

      d.conn = conn;
      d.endpoint = endpoint;
      if (ks != NULL && is != NULL)
        {
          d.kind = SYNACK_DISAGREE_DIFFERENT;
          d.kernel = ks->state;
          d.source = ks->source;
          d.kernel_time = d.kernel_since = ks->time;
          d.inferred = is->state;
          d.inferred_time = d.inferred_since = is->time;
        }
      else if (ks != NULL)
        {
          d.kind = SYNACK_DISAGREE_KERNEL_ONLY;
          d.kernel = ks->state;
          d.source = ks->source;
          d.kernel_time = d.kernel_since = ks->time;
          d.inferred_time = ks->time;
          d.inferred = synack_trace_state_at_time (self->trace, conn, endpoint, ks->time);
          d.inferred_since = inferred_since (self, conn, endpoint, ks->time);
        }
      else
        {
          SynackTcpState st;
          SynackKernelSource src;

          d.kind = SYNACK_DISAGREE_INFERRED_ONLY;
          d.inferred = is->state;
          d.inferred_time = d.inferred_since = is->time;
          d.kernel_time = is->time;
          if (synack_kernel_states_state_at (self, conn, endpoint, is->time, &st, &src))
            {
              d.kernel = st;
              d.source = src;
              d.kernel_since = kernel_since (self, conn, endpoint, is->time);
            }
          else
            {
              d.kernel = SYNACK_KERNEL_STATE_UNKNOWN;
              d.source = first->change.source;
              d.kernel_since = SYNACK_TIME_NONE;
            }
        }
      d.time = MIN (d.kernel_time, d.inferred_time);
      g_array_append_val (out, d);
    }
  g_array_set_size (gap_k, 0);
  g_array_set_size (gap_i, 0);
}

static void
compare_endpoint (SynackKernelStates *self,
                  guint               conn,
                  guint               endpoint,
                  GArray             *out)
{
  GArray *records = synack_kernel_states_get_records (self, conn, endpoint);
  const SynackConnection *c = synack_trace_get_connection (self->trace, conn);
  g_autoptr(GArray) k = g_array_new (FALSE, FALSE, sizeof (Step));
  g_autoptr(GArray) inf = g_array_new (FALSE, FALSE, sizeof (Step));
  g_autoptr(GArray) gap_k = g_array_new (FALSE, FALSE, sizeof (Step));
  g_autoptr(GArray) gap_i = g_array_new (FALSE, FALSE, sizeof (Step));
  g_autofree guint16 *lcs = NULL;
  guint nk, ni, n_spans, i, j;
  gint64 start = c->start == SYNACK_TIME_NONE ? 0 : c->start;
  const SynackKernelRecord *first = &g_array_index (records, SynackKernelRecord, 0);

  /* The kernel's path: where the first tracepoint record came from, then
   * every record's new state. */
  if (first->change.source == SYNACK_KERNEL_SOURCE_TRACEPOINT)
    add_step (k, MIN (first->time, start), first->change.from, first->change.source);
  for (i = 0; i < records->len; i++)
    {
      const SynackKernelRecord *r = &g_array_index (records, SynackKernelRecord, i);

      add_step (k, r->time, r->change.to, r->change.source);
    }

  /* The inferred path: the endpoint's state spans. */
  n_spans = synack_trace_get_n_state_spans (self->trace, conn, endpoint);
  for (i = 0; i < n_spans; i++)
    {
      gint64 t;
      SynackTcpState s;
      guint ev;

      synack_trace_get_state_span (self->trace, conn, endpoint, i, &t, &s, &ev);
      add_step (inf, t == G_MININT64 ? start : t, s, 0);
    }

  /* Longest common subsequence of the two state paths. */
  nk = k->len;
  ni = inf->len;
  lcs = g_new0 (guint16, (nk + 1) * (ni + 1));
#define L(a, b) lcs[(a) * (ni + 1) + (b)]
  for (i = nk; i-- > 0;)
    for (j = ni; j-- > 0;)
      L (i, j) = g_array_index (k, Step, i).state == g_array_index (inf, Step, j).state
                   ? L (i + 1, j + 1) + 1
                   : MAX (L (i + 1, j), L (i, j + 1));

  /* Walk the alignment; the steps left over between two agreed states
   * wait in gap_k and gap_i until the next agreed state (or the end). */
  i = j = 0;
  while (i < nk || j < ni)
    {
      if (i < nk && j < ni &&
          g_array_index (k, Step, i).state == g_array_index (inf, Step, j).state)
        {
          flush_gap (self, conn, endpoint, first, gap_k, gap_i, out);
          i++;
          j++;
          continue;
        }
      if (i < nk && (j >= ni || L (i + 1, j) >= L (i, j + 1)))
        g_array_append_val (gap_k, g_array_index (k, Step, i++));
      else
        g_array_append_val (gap_i, g_array_index (inf, Step, j++));
    }
  flush_gap (self, conn, endpoint, first, gap_k, gap_i, out);
#undef L
}

static gint
compare_disagreements (gconstpointer a,
                       gconstpointer b)
{
  const SynackDisagreement *x = a, *y = b;

  if (x->time != y->time)
    return x->time < y->time ? -1 : 1;
  if (x->conn != y->conn)
    return x->conn < y->conn ? -1 : 1;
  return (int) x->endpoint - (int) y->endpoint;
}

GArray *
synack_kernel_states_compare (SynackKernelStates *self)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (SynackDisagreement));
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (SYNACK_IS_KERNEL_STATES (self), out);

  g_hash_table_iter_init (&iter, self->endpoints);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      guint packed = GPOINTER_TO_UINT (key) - 1;

      compare_endpoint (self, packed >> 1, packed & 1, out);
    }
  g_array_sort (out, compare_disagreements);
  return out;
}

GArray *
synack_kernel_states_compare_connection (SynackKernelStates *self,
                                         guint               conn)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (SynackDisagreement));

  g_return_val_if_fail (SYNACK_IS_KERNEL_STATES (self), out);

  for (guint e = 0; e < 2; e++)
    if (synack_kernel_states_has_endpoint (self, conn, e))
      compare_endpoint (self, conn, e, out);
  g_array_sort (out, compare_disagreements);
  return out;
}
