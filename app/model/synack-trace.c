/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "synack-seq.h"
#include "synack-trace.h"

/* Events live in fixed-size chunks: appends never move them, and a million
 * events cost no reallocation copies. */
#define CHUNK_SHIFT 12
#define CHUNK_SIZE  (1u << CHUNK_SHIFT)
#define CHUNK_MASK  (CHUNK_SIZE - 1)

/* Connections are kept by pointer in chunks of this many. */
#define CONN_CHUNK_SHIFT 10
#define CONN_CHUNK       (1u << CONN_CHUNK_SHIFT)
#define CONN_CHUNK_MASK  (CONN_CHUNK - 1)

/* How an event is kept: 32 bytes, not a 48-byte SynackEvent. Segments and
 * state changes (nearly all of a capture) are packed into the record whole:
 * the time as an offset from its block's first event, flags, fate, analysis
 * and the option kind in one word, the timestamps option inline. Calls,
 * timers, vars, and the rare segment or state change that does not fit (an
 * offset past 4.29 s, a payload over 65,535 bytes, an arrival time) are kept
 * as full SynackEvents in their own chunks, which never move, and the record
 * holds their index. */
typedef struct
{
  guint32 dt;        /* packed: ns after the block's first event */
  guint32 conn;      /* packed: the connection; full: index of the full event */
  guint32 word;      /* STORED_* fields */
  guint16 len;       /* segment: payload bytes */
  guint16 window;    /* segment: raw header field */
  union
  {
    struct
    {
      guint32 seq;
      guint32 ack;
      guint32 a;     /* OPT_TS: ts_val; OPT_TABLE: index into options */
      guint32 b;     /* OPT_TS: ts_ecr */
    } seg;
    struct
    {
      guint8  from;
      guint8  to;
      guint8  cause_kind;
      guint8  flags;     /* SynackStateFlags */
      guint32 cause;
    } state;
  };
} StoredEvent;

G_STATIC_ASSERT (sizeof (StoredEvent) == 32);

/* StoredEvent.word */
#define STORED_FORM_MASK      0x3u     /* bits 0-1 */
#define STORED_SEGMENT        0x0u
#define STORED_STATE          0x1u
#define STORED_FULL           0x2u
#define STORED_ENDPOINT_SHIFT 2        /* bit 2 */
#define STORED_FATE_SHIFT     3        /* bits 3-4 */
#define STORED_OPT_SHIFT      5        /* bits 5-6 */
#define STORED_FLAGS_SHIFT    7        /* bits 7-14 */
#define STORED_ANALYSIS_SHIFT 15       /* bits 15-31 */
#define STORED_ANALYSIS_BITS  17

enum { OPT_NONE, OPT_TS, OPT_TABLE };

typedef struct
{
  guint16 mss;
  guint8  wscale;
  guint8  mask;
  guint8  n_sack;
  guint8  reserved[3];
  guint32 ts_val;
  guint32 ts_ecr;
  guint32 sack_first;
} StoredOptions;

/* From segment ordinal on, a segment's number is ordinal + 1 + offset (a
 * capture's frame number, where frames that are not TCP segments come in
 * between). Sparse: nothing for a trace of only TCP. */
typedef struct
{
  guint32 ordinal;
  gint64  offset;
} NumberStep;

/* Segment ordinals come from a count every BLOCK_SIZE events plus a short scan. */
#define BLOCK_SHIFT 6
#define BLOCK_SIZE  (1u << BLOCK_SHIFT)

/* A state change: its time is its event's, so it is not stored twice. */
typedef struct
{
  guint32 event;
  guint8  state;
} StateSpan;

struct _SynackTrace
{
  GObject            parent_instance;

  SynackTraceSource  source;
  char              *title;
  char              *description;
  gint64             origin;
  gboolean           live;

  GPtrArray         *chunks;        /* StoredEvent[CHUNK_SIZE] */
  guint              n_events;
  gint64             last_time;
  GPtrArray         *full_chunks;   /* SynackEvent[CHUNK_SIZE]: events not packed */
  guint              n_full;
  SynackEvent        scratch;       /* the event being appended */
  guint              n_segments;
  guint              last_segment;  /* the latest segment's index, or G_MAXUINT */
  GPtrArray         *block_chunks;  /* BlockChunk by event chunk: its blocks' times and segment
                                     * counts; NULL once the event chunk is freed */
  GArray            *chunk_times;   /* gint64 by event chunk: its first block's time */
  GArray            *chunk_counts;  /* guint32 by event chunk: segments before it */
  guint              n_blocks;
  GArray            *number_steps;  /* NumberStep: where segment numbers stop being ordinal + 1 */
  GArray            *options;       /* StoredOptions */
  GArray            *sack_blocks;   /* SynackSackBlock */
  GPtrArray         *conn_chunks;   /* SynackConnection *[CONN_CHUNK] each; NULL once all
                                     * of its connections are dropped */
  GArray            *conn_dropped;  /* guint32 by connection chunk: how many dropped */
  guint              n_connections;
  GHashTable        *tuples;        /* set of the latest SynackConnection* per 4-tuple */
  GHashTable        *timer_index;   /* conn => TimerIndex, built on the first query */
  GArray            *encaps;        /* Encap, by event: the few segments that came in a tunnel */

  guint              committed;

  /* Letting go of finished connections (synack_trace_drop_connection). */
  SynackConnection   dropped_stub;  /* what every dropped connection's slot points to */
  guint              a_dropped;     /* some dropped connection, for dead events; G_MAXUINT: none */
  GArray            *kept;          /* guint32: connections not dropped, in order */
  gboolean           kept_dirty;
  guint              n_dropped;
  guint              n_dropped_uncommitted;
  guint64            n_dropped_segments;
  GPtrArray         *sparse;        /* SparseChunk* by chunk, or NULL (made at the first drop) */
  GPtrArray         *dead_bits;     /* guint32[CHUNK_SIZE / 32] by chunk, or NULL */
  GArray            *dead_count;    /* guint32 by chunk */
  guint              n_chunks_gone; /* freed or sparse */
  guint              n_chunks_freed;
  guint              n_conn_chunks_freed;
  guint              n_bitmaps;
  guint64            sparse_bytes;
  guint64            n_dead_events;
  guint              n_dead_full;
  guint              n_dead_options;
  guint              n_dead_sack;
  GArray            *step_dead;     /* guint32 by number step + 1 (slot 0: before the first step) */
  guint              steps_after_compaction;
  StoredEvent        dead_record;   /* what a dropped event of a sparse chunk reads as */
};

/* A segment's encapsulation (an interned string), for the few that have one. */
typedef struct
{
  guint32     event;
  const char *name;
} Encap;

enum {
  PROP_0,
  PROP_SOURCE,
  PROP_TITLE,
  PROP_N_EVENTS,
  PROP_LIVE,
  N_PROPS
};

enum {
  EVENTS_ADDED,
  CONNECTIONS_DROPPED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SynackTrace, synack_trace, G_TYPE_OBJECT)

static const char *const analysis_names[SYNACK_ANALYSIS_N_FLAGS] = {
  "retransmission", "fast_retransmission", "spurious_retransmission", "out_of_order",
  "lost_segment", "ack_lost_segment", "duplicate_ack", "zero_window", "zero_window_probe",
  "zero_window_probe_ack", "keep_alive", "keep_alive_ack", "window_update", "window_full",
  "reused_ports", "challenge_ack", "bad_checksum", "time_wait_ack", "bad_options",
};

static const char *const analysis_labels[SYNACK_ANALYSIS_N_FLAGS] = {
  N_("Retransmission"), N_("Fast retransmission"), N_("Spurious retransmission"),
  N_("Out of order"), N_("Previous segment not captured"), N_("ACKed unseen segment"),
  N_("Duplicate ACK"), N_("Zero window"), N_("Zero-window probe"), N_("Zero-window probe ACK"),
  N_("Keep-alive"), N_("Keep-alive ACK"), N_("Window update"), N_("Window full"),
  N_("Ports reused"), N_("Challenge ACK"), N_("Bad checksum"),
  N_("TIME-WAIT acknowledges a retransmitted FIN"), N_("Malformed TCP options"),
};

static const char *const call_names[SYNACK_CALL_N_KINDS] = {
  "listen", "connect", "accept_returns", "connect_returns", "send", "recv", "shutdown",
  "close", "abort", "crash", "socket", "bind", "accept",
};

static const char *const timer_names[SYNACK_TIMER_N_KINDS] = {
  "retransmission", "persist", "keepalive", "delayed_ack", "time_wait",
};

static const char *const fate_names[] = {
  "captured", "delivered", "lost", "duplicated", "host_down",
};

const char *
synack_analysis_name (guint bit_index)
{
  g_return_val_if_fail (bit_index < SYNACK_ANALYSIS_N_FLAGS, NULL);
  return analysis_names[bit_index];
}

const char *
synack_analysis_label (guint bit_index)
{
  g_return_val_if_fail (bit_index < SYNACK_ANALYSIS_N_FLAGS, NULL);
  return g_dgettext (GETTEXT_PACKAGE, analysis_labels[bit_index]);
}

const char *
synack_call_name (SynackCallKind call)
{
  g_return_val_if_fail (call < SYNACK_CALL_N_KINDS, NULL);
  return call_names[call];
}

const char *
synack_timer_name (SynackTimerKind timer)
{
  g_return_val_if_fail (timer < SYNACK_TIMER_N_KINDS, NULL);
  return timer_names[timer];
}

const char *
synack_fate_name (SynackFate fate)
{
  g_return_val_if_fail (fate < G_N_ELEMENTS (fate_names), NULL);
  return fate_names[fate];
}

const char *
synack_errno_name (int err)
{
  switch (err)
    {
    case ECONNREFUSED: return "ECONNREFUSED";
    case ECONNRESET: return "ECONNRESET";
    case ETIMEDOUT: return "ETIMEDOUT";
    case EPIPE: return "EPIPE";
    case ECONNABORTED: return "ECONNABORTED";
    case EADDRINUSE: return "EADDRINUSE";
    case ENOTCONN: return "ENOTCONN";
    case EAGAIN: return "EAGAIN";
    case EINVAL: return "EINVAL";
    default: return NULL;
    }
}

/* ---- tuple keys: one key for both directions ---- */

/* The tuple index holds the connections themselves, hashed on their
 * unordered pair of endpoints: no key is stored beside them. */
static guint
endpoint_hash (const SynackAddress *a,
               guint16              port)
{
  return (synack_address_hash (a) * 65599u) ^ (port * 2654435761u);
}

static guint
connection_tuple_hash (gconstpointer data)
{
  const SynackConnection *c = data;

  /* Symmetric, so (a, b) and (b, a) meet. */
  return endpoint_hash (&c->addr[0], c->port[0]) ^ endpoint_hash (&c->addr[1], c->port[1]);
}

static gboolean
connection_tuple_equal (gconstpointer a,
                        gconstpointer b)
{
  const SynackConnection *x = a, *y = b;

  if (x->port[0] == y->port[0] && x->port[1] == y->port[1] &&
      synack_address_equal (&x->addr[0], &y->addr[0]) &&
      synack_address_equal (&x->addr[1], &y->addr[1]))
    return TRUE;
  return x->port[0] == y->port[1] && x->port[1] == y->port[0] &&
         synack_address_equal (&x->addr[0], &y->addr[1]) &&
         synack_address_equal (&x->addr[1], &y->addr[0]);
}

/* Per-connection arrays grow by doubling from first (a power of two)
 * elements, with no header of their own: tens of thousands of short
 * connections make that count. */
static gpointer
vector_append (gpointer     data,
               guint32      len,
               guint32      first,
               gsize        elt_size,
               gconstpointer elt)
{
  if (len == 0 || (len >= first && (len & (len - 1)) == 0))
    data = g_realloc_n (data, MAX (first, (gsize) len * 2), elt_size);
  memcpy ((guint8 *) data + (gsize) len * elt_size, elt, elt_size);
  return data;
}

/* conn is a connection of the trace, not dropped: writers check it. */
#define CONN_KEPT(self, conn) \
  ((conn) < (self)->n_connections && \
   !(conn_at ((self), (conn))->flags & SYNACK_CONNECTION_DROPPED))
#define CONN_EVENT(c, i) (((const guint32 *) (c)->_events)[i])
#define CONN_SPAN(c, e, i) (((const StateSpan *) (c)->_states[e])[i])

static inline SynackConnection *conn_at (SynackTrace *self,
                                         guint        conn);

static void
connection_free (gpointer data)
{
  SynackConnection *conn = data;

  if (conn->flags & SYNACK_CONNECTION_DROPPED)
    return;  /* the trace's stub, not allocated */
  g_free (conn->_events);
  g_free (conn->_states[0]);
  g_free (conn->_states[1]);
  g_free (conn);
}

static void
synack_trace_finalize (GObject *object)
{
  SynackTrace *self = SYNACK_TRACE (object);

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->chunks, g_ptr_array_unref);
  g_clear_pointer (&self->block_chunks, g_ptr_array_unref);
  g_clear_pointer (&self->chunk_times, g_array_unref);
  g_clear_pointer (&self->chunk_counts, g_array_unref);
  g_clear_pointer (&self->number_steps, g_array_unref);
  g_clear_pointer (&self->full_chunks, g_ptr_array_unref);
  g_clear_pointer (&self->options, g_array_unref);
  g_clear_pointer (&self->sack_blocks, g_array_unref);
  for (guint i = 0; i < self->n_connections; i++)
    connection_free (conn_at (self, i));
  g_clear_pointer (&self->conn_chunks, g_ptr_array_unref);
  g_clear_pointer (&self->conn_dropped, g_array_unref);
  g_clear_pointer (&self->tuples, g_hash_table_unref);
  g_clear_pointer (&self->timer_index, g_hash_table_unref);
  g_clear_pointer (&self->encaps, g_array_unref);
  g_clear_pointer (&self->kept, g_array_unref);
  g_clear_pointer (&self->sparse, g_ptr_array_unref);
  g_clear_pointer (&self->dead_bits, g_ptr_array_unref);
  g_clear_pointer (&self->dead_count, g_array_unref);
  g_clear_pointer (&self->step_dead, g_array_unref);

  G_OBJECT_CLASS (synack_trace_parent_class)->finalize (object);
}

static void
synack_trace_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SynackTrace *self = SYNACK_TRACE (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      g_value_set_int (value, self->source);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_N_EVENTS:
      g_value_set_uint (value, self->committed);
      break;
    case PROP_LIVE:
      g_value_set_boolean (value, self->live);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
synack_trace_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  SynackTrace *self = SYNACK_TRACE (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      self->source = g_value_get_int (value);
      break;
    case PROP_TITLE:
      synack_trace_set_title (self, g_value_get_string (value));
      break;
    case PROP_LIVE:
      synack_trace_set_live (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
synack_trace_class_init (SynackTraceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = synack_trace_finalize;
  object_class->get_property = synack_trace_get_property;
  object_class->set_property = synack_trace_set_property;

  properties[PROP_SOURCE] =
    g_param_spec_int ("source", NULL, NULL,
                      SYNACK_TRACE_SOURCE_NONE, SYNACK_TRACE_SOURCE_LIVE, SYNACK_TRACE_SOURCE_NONE,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The number of committed events: what views may show. */
  properties[PROP_N_EVENTS] =
    g_param_spec_uint ("n-events", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LIVE] =
    g_param_spec_boolean ("live", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SynackTrace::events-added:
   * @first: index of the first new event
   * @n: how many were added
   *
   * Emitted by synack_trace_commit(), once a batch.
   */
  signals[EVENTS_ADDED] =
    g_signal_new ("events-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
  /**
   * SynackTrace::connections-dropped:
   * @n: how many connections were dropped since the last emission
   *
   * Emitted by synack_trace_commit_drops().
   */
  signals[CONNECTIONS_DROPPED] =
    g_signal_new ("connections-dropped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
synack_trace_init (SynackTrace *self)
{
  self->chunks = g_ptr_array_new_with_free_func (g_free);
  self->block_chunks = g_ptr_array_new_with_free_func (g_free);
  self->chunk_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->chunk_counts = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->number_steps = g_array_new (FALSE, FALSE, sizeof (NumberStep));
  self->full_chunks = g_ptr_array_new_with_free_func (g_free);
  self->options = g_array_new (FALSE, FALSE, sizeof (StoredOptions));
  self->sack_blocks = g_array_new (FALSE, FALSE, sizeof (SynackSackBlock));
  self->conn_chunks = g_ptr_array_new_with_free_func (g_free);
  self->conn_dropped = g_array_new (FALSE, TRUE, sizeof (guint32));
  self->tuples = g_hash_table_new (connection_tuple_hash, connection_tuple_equal);
  self->last_segment = G_MAXUINT;
  self->kept = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->a_dropped = G_MAXUINT;
  self->dropped_stub.index = G_MAXUINT32;
  self->dropped_stub.flags = SYNACK_CONNECTION_DROPPED | SYNACK_CONNECTION_FINISHED;
  self->dropped_stub.wscale[0] = self->dropped_stub.wscale[1] = -1;
  self->dropped_stub.start = self->dropped_stub.end = SYNACK_TIME_NONE;
}

SynackTrace *
synack_trace_new (SynackTraceSource source)
{
  return g_object_new (SYNACK_TYPE_TRACE, "source", source, NULL);
}

SynackTraceSource
synack_trace_get_source (SynackTrace *self)
{
  g_return_val_if_fail (SYNACK_IS_TRACE (self), SYNACK_TRACE_SOURCE_NONE);
  return self->source;
}

const char *
synack_trace_get_title (SynackTrace *self)
{
  g_return_val_if_fail (SYNACK_IS_TRACE (self), NULL);
  return self->title;
}

void
synack_trace_set_title (SynackTrace *self,
                        const char  *title)
{
  g_return_if_fail (SYNACK_IS_TRACE (self));
  if (g_strcmp0 (self->title, title) == 0)
    return;
  g_free (self->title);
  self->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
synack_trace_get_description (SynackTrace *self)
{
  g_return_val_if_fail (SYNACK_IS_TRACE (self), NULL);
  return self->description;
}

void
synack_trace_set_description (SynackTrace *self,
                              const char  *description)
{
  g_return_if_fail (SYNACK_IS_TRACE (self));
  if (self->description != description)
    {
      g_free (self->description);
      self->description = g_strdup (description);
    }
}

gint64
synack_trace_get_origin (SynackTrace *self)
{
  g_return_val_if_fail (SYNACK_IS_TRACE (self), 0);
  return self->origin;
}

void
synack_trace_set_origin (SynackTrace *self,
                         gint64       epoch_ns)
{
  g_return_if_fail (SYNACK_IS_TRACE (self));
  self->origin = epoch_ns;
}

gboolean
synack_trace_is_live (SynackTrace *self)
{
  g_return_val_if_fail (SYNACK_IS_TRACE (self), FALSE);
  return self->live;
}

void
synack_trace_set_live (SynackTrace *self,
                       gboolean     live)
{
  g_return_if_fail (SYNACK_IS_TRACE (self));
  live = !!live;
  if (self->live == live)
    return;
  self->live = live;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIVE]);
}

/* ---- reading ---- */

static StoredEvent *sparse_at (SynackTrace *self,
                               guint        index);

static inline StoredEvent *
stored_at (SynackTrace *self,
           guint        index)
{
  StoredEvent *chunk = g_ptr_array_index (self->chunks, index >> CHUNK_SHIFT);

  /* a chunk freed or kept sparse after connections were dropped */
  if (G_UNLIKELY (chunk == NULL))
    return sparse_at (self, index);
  return &chunk[index & CHUNK_MASK];
}

static inline SynackEvent *
full_at (SynackTrace *self,
         guint        full)
{
  SynackEvent *chunk = g_ptr_array_index (self->full_chunks, full >> CHUNK_SHIFT);

  return &chunk[full & CHUNK_MASK];
}

/* The blocks of 64 events of one chunk of 4,096: each one's first time and
 * the segments before it. Freed with the chunk's events; the chunk's first
 * time and count stay (chunk_times, chunk_counts), so every event of a
 * freed chunk reads as at its first time. */
#define CHUNK_BLOCKS (1u << (CHUNK_SHIFT - BLOCK_SHIFT))

typedef struct
{
  gint64  time[CHUNK_BLOCKS];
  guint32 count[CHUNK_BLOCKS];
} BlockChunk;

static inline gint64
block_time (SynackTrace *self,
            guint        block)
{
  const BlockChunk *b = g_ptr_array_index (self->block_chunks, block >> (CHUNK_SHIFT - BLOCK_SHIFT));

  if (G_LIKELY (b != NULL))
    return b->time[block & (CHUNK_BLOCKS - 1)];
  return g_array_index (self->chunk_times, gint64, block >> (CHUNK_SHIFT - BLOCK_SHIFT));
}

static inline guint32
block_count (SynackTrace *self,
             guint        block)
{
  const BlockChunk *b = g_ptr_array_index (self->block_chunks, block >> (CHUNK_SHIFT - BLOCK_SHIFT));

  if (G_LIKELY (b != NULL))
    return b->count[block & (CHUNK_BLOCKS - 1)];
  return g_array_index (self->chunk_counts, guint32, block >> (CHUNK_SHIFT - BLOCK_SHIFT));
}

static inline guint
stored_form (const StoredEvent *r)
{
  return r->word & STORED_FORM_MASK;
}

static inline gint64
event_time (SynackTrace *self,
            guint        index)
{
  const StoredEvent *r = stored_at (self, index);

  if (stored_form (r) == STORED_FULL)
    return full_at (self, r->conn)->time;
  return block_time (self, index >> BLOCK_SHIFT) + r->dt;
}

static inline guint
event_kind (SynackTrace *self,
            guint        index)
{
  const StoredEvent *r = stored_at (self, index);

  switch (stored_form (r))
    {
    case STORED_SEGMENT:
      return SYNACK_EVENT_SEGMENT;
    case STORED_STATE:
      return SYNACK_EVENT_STATE;
    default:
      return full_at (self, r->conn)->kind;
    }
}

/* The whole event, from its record. */
static void
decode_event (SynackTrace *self,
              guint        index,
              SynackEvent *ev)
{
  const StoredEvent *r = stored_at (self, index);
  guint form = stored_form (r);

  if (form == STORED_FULL)
    {
      *ev = *full_at (self, r->conn);
      return;
    }
  memset (ev, 0, sizeof *ev);
  ev->time = block_time (self, index >> BLOCK_SHIFT) + r->dt;
  ev->conn = r->conn;
  ev->endpoint = (r->word >> STORED_ENDPOINT_SHIFT) & 1;
  if (form == STORED_STATE)
    {
      ev->kind = SYNACK_EVENT_STATE;
      ev->state.from = r->state.from;
      ev->state.to = r->state.to;
      ev->state.cause_kind = r->state.cause_kind;
      ev->state.flags = r->state.flags;
      ev->state.cause = r->state.cause;
      return;
    }
  ev->kind = SYNACK_EVENT_SEGMENT;
  ev->segment.seq = r->seg.seq;
  ev->segment.ack = r->seg.ack;
  ev->segment.len = r->len;
  ev->segment.window = r->window;
  ev->segment.flags = (guint8) (r->word >> STORED_FLAGS_SHIFT);
  ev->segment.fate = (r->word >> STORED_FATE_SHIFT) & 3;
  ev->segment.analysis = r->word >> STORED_ANALYSIS_SHIFT;
  ev->segment.options = ((r->word >> STORED_OPT_SHIFT) & 3) == OPT_TABLE ? r->seg.a : G_MAXUINT32;
  ev->segment.arrive = SYNACK_TIME_NONE;
}

static inline SynackConnection *
conn_at (SynackTrace *self,
         guint        conn)
{
  SynackConnection **chunk = g_ptr_array_index (self->conn_chunks, conn >> CONN_CHUNK_SHIFT);

  /* a chunk of connections all dropped is freed */
  if (G_UNLIKELY (chunk == NULL))
    return &self->dropped_stub;
  return chunk[conn & CONN_CHUNK_MASK];
}

guint
synack_trace_get_n_events (SynackTrace *self)
{
  g_return_val_if_fail (SYNACK_IS_TRACE (self), 0);
  return self->n_events;
}

guint
synack_trace_get_n_segments (SynackTrace *self)
{
  g_return_val_if_fail (SYNACK_IS_TRACE (self), 0);
  return self->n_segments;
}

gboolean
synack_trace_read_event (SynackTrace *self,
                         guint        index,
                         SynackEvent *event)
{
  g_return_val_if_fail (SYNACK_IS_TRACE (self), FALSE);
  g_return_val_if_fail (event != NULL, FALSE);

  if (index >= self->n_events)
    return FALSE;
  decode_event (self, index, event);
  return TRUE;
}

SynackEventKind
synack_trace_get_event_kind (SynackTrace *self,
                             guint        index)
{
  g_return_val_if_fail (SYNACK_IS_TRACE (self), SYNACK_EVENT_SEGMENT);
  g_return_val_if_fail (index < self->n_events, SYNACK_EVENT_SEGMENT);
  return event_kind (self, index);
}

gint64
synack_trace_get_event_time (SynackTrace *self,
                             guint        index)
{
  g_return_val_if_fail (SYNACK_IS_TRACE (self), 0);
  g_return_val_if_fail (index < self->n_events, 0);
  return event_time (self, index);
}

guint
synack_trace_get_n_connections (SynackTrace *self)
{
  g_return_val_if_fail (SYNACK_IS_TRACE (self), 0);
  return self->n_connections;
}

const SynackConnection *
synack_trace_get_connection (SynackTrace *self,
                             guint        conn)
{
  g_return_val_if_fail (SYNACK_IS_TRACE (self), NULL);
  g_return_val_if_fail (conn < self->n_connections, NULL);
  return conn_at (self, conn);
}

gint64
synack_trace_get_start_time (SynackTrace *self)
{
  g_return_val_if_fail (SYNACK_IS_TRACE (self), 0);
  return self->n_events ? event_time (self, 0) : 0;
}

gint64
synack_trace_get_end_time (SynackTrace *self)
{
  g_return_val_if_fail (SYNACK_IS_TRACE (self), 0);
  return self->n_events ? event_time (self, self->n_events - 1) : 0;
}

void
synack_trace_get_segment (SynackTrace   *self,
                          guint          index,
                          SynackSegment *seg)
{
  const StoredEvent *r;
  SynackEvent event;
  const SynackEvent *ev = &event;
  const SynackConnection *conn;

  g_return_if_fail (SYNACK_IS_TRACE (self));
  g_return_if_fail (index < self->n_events);

  memset (seg, 0, sizeof *seg);
  decode_event (self, index, &event);
  g_return_if_fail (ev->kind == SYNACK_EVENT_SEGMENT);
  conn = conn_at (self, ev->conn);
  r = stored_at (self, index);

  seg->sport = conn->port[ev->endpoint];
  seg->dport = conn->port[!ev->endpoint];
  seg->seq = ev->segment.seq;
  seg->ack = ev->segment.ack;
  seg->flags = ev->segment.flags;
  seg->window = ev->segment.window;
  seg->payload_len = ev->segment.len;
  if (stored_form (r) == STORED_SEGMENT && ((r->word >> STORED_OPT_SHIFT) & 3) == OPT_TS)
    {
      seg->options = SYNACK_OPTION_TIMESTAMP;
      seg->ts_val = r->seg.a;
      seg->ts_ecr = r->seg.b;
    }
  else if (ev->segment.options != G_MAXUINT32)
    {
      const StoredOptions *o = &g_array_index (self->options, StoredOptions, ev->segment.options);

      seg->options = o->mask;
      seg->mss = o->mss;
      seg->wscale = o->wscale;
      seg->ts_val = o->ts_val;
      seg->ts_ecr = o->ts_ecr;
      seg->n_sack = o->n_sack;
      for (guint i = 0; i < o->n_sack; i++)
        seg->sack[i] = g_array_index (self->sack_blocks, SynackSackBlock, o->sack_first + i);
    }
}

guint32
synack_trace_get_scaled_window (SynackTrace *self,
                                guint        index)
{
  SynackEvent event;
  const SynackEvent *ev = &event;
  const SynackConnection *conn;

  g_return_val_if_fail (SYNACK_IS_TRACE (self), 0);
  g_return_val_if_fail (index < self->n_events, 0);

  decode_event (self, index, &event);
  conn = conn_at (self, ev->conn);
  /* Windows in SYNs are never scaled (RFC 7323 section 2.2). */
  if ((ev->segment.flags & SYNACK_FLAG_SYN) || conn->wscale[ev->endpoint] < 0)
    return ev->segment.window;
  return (guint32) ev->segment.window << MIN (conn->wscale[ev->endpoint], 14);
}

guint32
synack_trace_relative_seq (SynackTrace *self,
                           guint        index)
{
  SynackEvent event;
  const SynackEvent *ev = &event;
  const SynackConnection *conn;

  g_return_val_if_fail (SYNACK_IS_TRACE (self), 0);
  g_return_val_if_fail (index < self->n_events, 0);

  decode_event (self, index, &event);
  conn = conn_at (self, ev->conn);
  if (!(conn->flags & (SYNACK_CONNECTION_HAVE_ISN_0 << ev->endpoint)))
    return ev->segment.seq;
  return ev->segment.seq - conn->isn[ev->endpoint];
}

guint32
synack_trace_relative_ack (SynackTrace *self,
                           guint        index)
{
  SynackEvent event;
  const SynackEvent *ev = &event;
  const SynackConnection *conn;
  guint other;

  g_return_val_if_fail (SYNACK_IS_TRACE (self), 0);
  g_return_val_if_fail (index < self->n_events, 0);

  decode_event (self, index, &event);
  conn = conn_at (self, ev->conn);
  other = !ev->endpoint;
  if (!(ev->segment.flags & SYNACK_FLAG_ACK))
    return 0;
  if (!(conn->flags & (SYNACK_CONNECTION_HAVE_ISN_0 << other)))
    return ev->segment.ack;
  return ev->segment.ack - conn->isn[other];
}

guint
synack_trace_lower_bound (SynackTrace *self,
                          gint64       time)
{
  guint lo = 0, hi, end;

  g_return_val_if_fail (SYNACK_IS_TRACE (self), 0);

  /* First the chunks' first times (one per 4,096 events), then the
   * block index of the chunk (one time per 64 events, cache-friendly), then
   * a short search inside the block. lo: the first block starting at or
   * after time. */
  hi = self->chunk_times->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->chunk_times, gint64, mid) < time)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo > 0)
    {
      guint chunk = lo - 1;
      const BlockChunk *b = g_ptr_array_index (self->block_chunks, chunk);
      guint first = chunk * CHUNK_BLOCKS;
      guint n = MIN (CHUNK_BLOCKS, self->n_blocks - first);

      /* a freed chunk's blocks all read as at its first time: before time */
      lo = b != NULL ? 1 : n;
      hi = n;
      while (lo < hi)
        {
          guint mid = lo + (hi - lo) / 2;

          if (b->time[mid] < time)
            lo = mid + 1;
          else
            hi = mid;
        }
      lo += first;
    }
  /* Blocks before lo start earlier than time: the answer is in block lo - 1
   * or is the first event of block lo. */
  if (lo == 0)
    return 0;
  end = MIN (lo << BLOCK_SHIFT, self->n_events);
  lo = (lo - 1) << BLOCK_SHIFT;
  hi = end;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (event_time (self, mid) < time)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Index of the last span with key <= value, by time or by event; -1 if none. */
static int
find_span_by_time (SynackTrace     *self,
                   const StateSpan *spans,
                   guint32          n_spans,
                   gint64           time)
{
  int lo = 0, hi = (int) n_spans;

  while (lo < hi)
    {
      int mid = lo + (hi - lo) / 2;

      if (event_time (self, spans[mid].event) <= time)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo - 1;
}

static int
find_span_by_event (const StateSpan *spans,
                    guint32          n_spans,
                    guint            index)
{
  int lo = 0, hi = (int) n_spans;

  while (lo < hi)
    {
      int mid = lo + (hi - lo) / 2;

      if (spans[mid].event <= index)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo - 1;
}

SynackTcpState
synack_trace_state_at_time (SynackTrace *self,
                            guint        conn,
                            guint        endpoint,
                            gint64       time)
{
  SynackConnection *c;
  int i;

  g_return_val_if_fail (SYNACK_IS_TRACE (self), SYNACK_TCP_CLOSED);
  g_return_val_if_fail (conn < self->n_connections && endpoint < 2, SYNACK_TCP_CLOSED);

  c = conn_at (self, conn);
  i = find_span_by_time (self, c->_states[endpoint], c->_n_states[endpoint], time);
  if (i < 0)
    return c->initial_state[endpoint];
  return CONN_SPAN (c, endpoint, i).state;
}

SynackTcpState
synack_trace_state_at_event (SynackTrace *self,
                             guint        conn,
                             guint        endpoint,
                             guint        index)
{
  SynackConnection *c;
  int i;

  g_return_val_if_fail (SYNACK_IS_TRACE (self), SYNACK_TCP_CLOSED);
  g_return_val_if_fail (conn < self->n_connections && endpoint < 2, SYNACK_TCP_CLOSED);

  c = conn_at (self, conn);
  i = find_span_by_event (c->_states[endpoint], c->_n_states[endpoint], index);
  if (i < 0)
    return c->initial_state[endpoint];
  return CONN_SPAN (c, endpoint, i).state;
}

const char *
synack_trace_state_name_at_event (SynackTrace *self,
                                  guint        conn,
                                  guint        endpoint,
                                  guint        index)
{
  SynackConnection *c;
  int i;

  g_return_val_if_fail (SYNACK_IS_TRACE (self), "CLOSED");
  g_return_val_if_fail (conn < self->n_connections && endpoint < 2, "CLOSED");

  c = conn_at (self, conn);
  i = find_span_by_event (c->_states[endpoint], c->_n_states[endpoint], index);
  if (i < 0)
    {
      if (c->flags & (endpoint ? SYNACK_CONNECTION_INITIAL_UNKNOWN_1
                               : SYNACK_CONNECTION_INITIAL_UNKNOWN_0))
        return "UNKNOWN";
      return synack_tcp_state_to_string (c->initial_state[endpoint]);
    }
  return synack_tcp_state_to_string (CONN_SPAN (c, endpoint, i).state);
}

guint
synack_trace_get_n_state_spans (SynackTrace *self,
                                guint        conn,
                                guint        endpoint)
{
  g_return_val_if_fail (SYNACK_IS_TRACE (self), 0);
  g_return_val_if_fail (conn < self->n_connections && endpoint < 2, 0);

  return conn_at (self, conn)->_n_states[endpoint] + 1;
}

void
synack_trace_get_state_span (SynackTrace    *self,
                             guint           conn,
                             guint           endpoint,
                             guint           span,
                             gint64         *time,
                             SynackTcpState *state,
                             guint          *event_index)
{
  SynackConnection *c;

  g_return_if_fail (SYNACK_IS_TRACE (self));
  g_return_if_fail (conn < self->n_connections && endpoint < 2);

  c = conn_at (self, conn);
  g_return_if_fail (span <= c->_n_states[endpoint]);

  if (span == 0)
    {
      if (time) *time = G_MININT64;
      if (state) *state = c->initial_state[endpoint];
      if (event_index) *event_index = G_MAXUINT;
    }
  else
    {
      const StateSpan *s = &CONN_SPAN (c, endpoint, span - 1);

      if (time) *time = event_time (self, s->event);
      if (state) *state = s->state;
      if (event_index) *event_index = s->event;
    }
}

guint
synack_trace_conn_event (SynackTrace *self,
                         guint        conn,
                         guint        position)
{
  SynackConnection *c;

  g_return_val_if_fail (SYNACK_IS_TRACE (self), G_MAXUINT);
  g_return_val_if_fail (conn < self->n_connections, G_MAXUINT);
  c = conn_at (self, conn);
  g_return_val_if_fail (position < c->n_events, G_MAXUINT);
  return CONN_EVENT (c, position);
}

static guint
conn_lower_bound (SynackTrace            *self,
                  const SynackConnection *c,
                  gint64                  time)
{
  guint lo = 0, hi = c->n_events;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (event_time (self, CONN_EVENT (c, mid)) < time)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

void
synack_trace_conn_range (SynackTrace *self,
                         guint        conn,
                         gint64       t0,
                         gint64       t1,
                         guint       *first,
                         guint       *last)
{
  SynackConnection *c;

  g_return_if_fail (SYNACK_IS_TRACE (self));
  g_return_if_fail (conn < self->n_connections);

  c = conn_at (self, conn);
  *first = conn_lower_bound (self, c, t0);
  *last = t1 <= t0 ? *first : conn_lower_bound (self, c, t1);
}

GArray *
synack_trace_segments_between (SynackTrace *self,
                               guint        conn,
                               gint64       t0,
                               gint64       t1)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (guint32));

  g_return_val_if_fail (SYNACK_IS_TRACE (self), out);

  if (conn == G_MAXUINT)
    {
      for (guint i = synack_trace_lower_bound (self, t0); i < self->n_events; i++)
        {
          guint32 idx = i;

          if (event_time (self, i) >= t1)
            break;
          if (event_kind (self, i) == SYNACK_EVENT_SEGMENT)
            g_array_append_val (out, idx);
        }
    }
  else
    {
      guint first, last;

      g_return_val_if_fail (conn < self->n_connections, out);
      synack_trace_conn_range (self, conn, t0, t1, &first, &last);
      for (guint p = first; p < last; p++)
        {
          guint32 idx = CONN_EVENT (conn_at (self, conn), p);

          if (event_kind (self, idx) == SYNACK_EVENT_SEGMENT)
            g_array_append_val (out, idx);
        }
    }
  return out;
}

static gboolean sparse_segments_before (SynackTrace *self,
                                        guint        index,
                                        guint       *ordinal);

guint
synack_trace_segment_ordinal (SynackTrace *self,
                              guint        index)
{
  guint block, ordinal;

  g_return_val_if_fail (SYNACK_IS_TRACE (self), G_MAXUINT);

  if (index >= self->n_events)
    return self->n_segments;
  block = index >> BLOCK_SHIFT;
  ordinal = block_count (self, block);
  /* a chunk kept sparse: a count of bits rather than a search per event */
  if (sparse_segments_before (self, index, &ordinal))
    return ordinal;
  for (guint i = block << BLOCK_SHIFT; i < index; i++)
    if (event_kind (self, i) == SYNACK_EVENT_SEGMENT)
      ordinal++;
  return ordinal;
}

guint64
synack_trace_segment_number (SynackTrace *self,
                             guint        index)
{
  guint ordinal;
  guint lo = 0, hi;

  g_return_val_if_fail (SYNACK_IS_TRACE (self), 0);

  ordinal = synack_trace_segment_ordinal (self, index);
  hi = self->number_steps->len;
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (self->number_steps, NumberStep, mid).ordinal <= ordinal)
        lo = mid + 1;
      else
        hi = mid;
    }
  return (guint64) ordinal + 1 +
         (lo > 0 ? g_array_index (self->number_steps, NumberStep, lo - 1).offset : 0);
}

void
synack_trace_set_segment_number (SynackTrace *self,
                                 guint        index,
                                 guint64      number)
{
  guint ordinal;
  gint64 offset, current = 0;

  g_return_if_fail (SYNACK_IS_TRACE (self));
  g_return_if_fail (index < self->n_events && event_kind (self, index) == SYNACK_EVENT_SEGMENT);

  /* Numbered as it is read: the latest segment's ordinal needs no count. */
  if (index == self->last_segment)
    ordinal = self->n_segments - 1;
  else
    ordinal = synack_trace_segment_ordinal (self, index);
  g_return_if_fail (ordinal + 1 == self->n_segments);
  offset = (gint64) number - ordinal - 1;
  if (self->number_steps->len > 0)
    current = g_array_index (self->number_steps, NumberStep, self->number_steps->len - 1).offset;
  if (offset != current)
    {
      NumberStep step = { ordinal, offset };

      g_array_append_val (self->number_steps, step);
    }
}

guint
synack_trace_find_connection (SynackTrace         *self,
                              const SynackAddress *a,
                              guint16              pa,
                              const SynackAddress *b,
                              guint16              pb,
                              guint               *endpoint)
{
  SynackConnection key;
  SynackConnection *c;

  g_return_val_if_fail (SYNACK_IS_TRACE (self), G_MAXUINT);

  memset (&key, 0, sizeof key);
  key.addr[0] = *a;
  key.port[0] = pa;
  key.addr[1] = *b;
  key.port[1] = pb;
  c = g_hash_table_lookup (self->tuples, &key);
  if (c == NULL)
    return G_MAXUINT;
  if (endpoint)
    *endpoint = (c->port[0] == pa && synack_address_equal (&c->addr[0], a)) ? 0 : 1;
  return c->index;
}

SynackTrace *
synack_trace_copy_connection (SynackTrace *self,
                              guint        conn)
{
  SynackTrace *copy;
  const SynackConnection *c;
  SynackConnection *d;
  guint nc;

  g_return_val_if_fail (SYNACK_IS_TRACE (self), NULL);
  g_return_val_if_fail (conn < self->n_connections, NULL);

  c = conn_at (self, conn);
  copy = synack_trace_new (self->source);
  synack_trace_set_title (copy, self->title);
  copy->origin = self->origin;
  nc = synack_trace_add_connection (copy, &c->addr[0], c->port[0], &c->addr[1], c->port[1]);
  d = conn_at (copy, nc);
  d->flags = c->flags;
  memcpy (d->isn, c->isn, sizeof d->isn);
  memcpy (d->wscale, c->wscale, sizeof d->wscale);
  memcpy (d->initial_state, c->initial_state, sizeof d->initial_state);
  memcpy (d->name, c->name, sizeof d->name);
  memcpy (d->summary, c->summary, sizeof d->summary);

  for (guint p = 0; p < c->n_events; p++)
    {
      guint idx = CONN_EVENT (c, p);
      SynackEvent ev;

      decode_event (self, idx, &ev);
      switch (ev.kind)
        {
        case SYNACK_EVENT_SEGMENT:
          {
            SynackSegment seg;

            synack_trace_get_segment (self, idx, &seg);
            /* the copy keeps each segment's number (a capture's frame) */
            synack_trace_set_segment_number (copy,
                                             synack_trace_append_segment (copy, ev.time, nc, ev.endpoint,
                                                                          &seg, ev.segment.fate,
                                                                          ev.segment.arrive,
                                                                          ev.segment.analysis),
                                             synack_trace_segment_number (self, idx));
          }
          break;
        case SYNACK_EVENT_STATE:
          {
            guint cause = ev.state.cause;

            /* A cause is an event of the same connection: its position
             * there is its index in the copy. (A captured segment comes
             * just after the changes of its sender's it shows.) */
            if (ev.state.cause_kind == SYNACK_CAUSE_SEGMENT ||
                ev.state.cause_kind == SYNACK_CAUSE_CALL ||
                ev.state.cause_kind == SYNACK_CAUSE_TIMER)
              {
                guint lo = 0, hi = c->n_events;

                while (lo < hi)
                  {
                    guint mid = lo + (hi - lo) / 2;

                    if (CONN_EVENT (c, mid) < cause)
                      lo = mid + 1;
                    else
                      hi = mid;
                  }
                cause = lo < c->n_events && CONN_EVENT (c, lo) == cause ? lo : G_MAXUINT;
              }
            synack_trace_append_state (copy, ev.time, nc, ev.endpoint, ev.state.to,
                                       ev.state.cause_kind, cause);
          }
          break;
        case SYNACK_EVENT_CALL:
          synack_trace_append_call (copy, ev.time, nc, ev.endpoint, ev.call.call, ev.call.arg,
                                    ev.call.result);
          break;
        case SYNACK_EVENT_TIMER:
          synack_trace_append_timer (copy, ev.time, nc, ev.endpoint, ev.timer.timer,
                                     ev.timer.action, ev.timer.count, ev.timer.due);
          break;
        case SYNACK_EVENT_VARS:
          synack_trace_append_vars (copy, ev.time, nc, ev.endpoint, ev.vars.snd_una,
                                    ev.vars.snd_nxt, ev.vars.snd_wnd, ev.vars.rcv_nxt,
                                    ev.vars.rcv_wnd, ev.vars.cwnd, ev.vars.ssthresh);
          break;
        default:
          break;
        }
    }
  synack_trace_commit (copy);
  return copy;
}

/* ---- writing ---- */

static void
index_tuple (SynackTrace *self,
             guint        conn)
{
  SynackConnection *c = conn_at (self, conn);

  if (c->addr[0].family == 0 || c->addr[1].family == 0)
    return;  /* a listener whose peer is not known yet */
  /* The newest connection with a tuple is the one found (port reuse). */
  g_hash_table_add (self->tuples, c);
}

static void
unindex_tuple (SynackTrace *self,
               guint        conn)
{
  SynackConnection *c = conn_at (self, conn);

  if (g_hash_table_lookup (self->tuples, c) == c)
    g_hash_table_remove (self->tuples, c);
}

guint
synack_trace_add_connection (SynackTrace         *self,
                             const SynackAddress *client,
                             guint16              client_port,
                             const SynackAddress *server,
                             guint16              server_port)
{
  SynackConnection *c;
  SynackAddress none = { 0 };

  g_return_val_if_fail (SYNACK_IS_TRACE (self), G_MAXUINT);

  c = g_new0 (SynackConnection, 1);
  c->index = self->n_connections;
  c->addr[0] = client ? *client : none;
  c->addr[1] = server ? *server : none;
  c->port[0] = client_port;
  c->port[1] = server_port;
  c->wscale[0] = c->wscale[1] = -1;
  c->initial_state[0] = c->initial_state[1] = SYNACK_TCP_CLOSED;
  c->start = c->end = SYNACK_TIME_NONE;
  if ((c->index & CONN_CHUNK_MASK) == 0)
    {
      g_ptr_array_add (self->conn_chunks, g_new0 (SynackConnection *, CONN_CHUNK));
      g_array_set_size (self->conn_dropped, self->conn_chunks->len);
    }
  ((SynackConnection **) g_ptr_array_index (self->conn_chunks,
                                            c->index >> CONN_CHUNK_SHIFT))[c->index & CONN_CHUNK_MASK] = c;
  self->n_connections++;
  g_array_append_val (self->kept, c->index);
  index_tuple (self, c->index);
  return c->index;
}

void
synack_trace_set_endpoint (SynackTrace         *self,
                           guint                conn,
                           guint                endpoint,
                           const SynackAddress *addr,
                           guint16              port)
{
  SynackConnection *c;

  g_return_if_fail (SYNACK_IS_TRACE (self));
  g_return_if_fail (CONN_KEPT (self, conn) && endpoint < 2);

  unindex_tuple (self, conn);
  c = conn_at (self, conn);
  c->addr[endpoint] = *addr;
  c->port[endpoint] = port;
  index_tuple (self, conn);
}

void
synack_trace_set_endpoint_name (SynackTrace *self,
                                guint        conn,
                                guint        endpoint,
                                const char  *name)
{
  g_return_if_fail (SYNACK_IS_TRACE (self));
  g_return_if_fail (CONN_KEPT (self, conn) && endpoint < 2);
  conn_at (self, conn)->name[endpoint] = g_intern_string (name);
}

void
synack_trace_set_initial_state (SynackTrace    *self,
                                guint           conn,
                                guint           endpoint,
                                SynackTcpState  state)
{
  g_return_if_fail (SYNACK_IS_TRACE (self));
  g_return_if_fail (CONN_KEPT (self, conn) && endpoint < 2);
  g_return_if_fail (state < SYNACK_TCP_N_STATES);
  conn_at (self, conn)->initial_state[endpoint] = state;
  /* Setting it is knowing it. */
  conn_at (self, conn)->flags &= ~(guint32) (endpoint ? SYNACK_CONNECTION_INITIAL_UNKNOWN_1
                                                      : SYNACK_CONNECTION_INITIAL_UNKNOWN_0);
}

void
synack_trace_set_isn (SynackTrace *self,
                      guint        conn,
                      guint        endpoint,
                      guint32      isn,
                      gboolean     from_syn)
{
  SynackConnection *c;

  g_return_if_fail (SYNACK_IS_TRACE (self));
  g_return_if_fail (CONN_KEPT (self, conn) && endpoint < 2);

  c = conn_at (self, conn);
  c->isn[endpoint] = isn;
  c->flags |= SYNACK_CONNECTION_HAVE_ISN_0 << endpoint;
  if (from_syn)
    c->flags |= SYNACK_CONNECTION_ISN_FROM_SYN_0 << endpoint;
}

void
synack_trace_set_wscale (SynackTrace *self,
                         guint        conn,
                         gint         wscale_0,
                         gint         wscale_1)
{
  SynackConnection *c;

  g_return_if_fail (SYNACK_IS_TRACE (self));
  g_return_if_fail (CONN_KEPT (self, conn));

  c = conn_at (self, conn);
  c->wscale[0] = (gint8) CLAMP (wscale_0, -1, 14);
  c->wscale[1] = (gint8) CLAMP (wscale_1, -1, 14);
}

void
synack_trace_set_summary (SynackTrace *self,
                          guint        conn,
                          const char  *zeek_state)
{
  g_return_if_fail (SYNACK_IS_TRACE (self));
  g_return_if_fail (CONN_KEPT (self, conn));
  g_strlcpy (conn_at (self, conn)->summary, zeek_state ? zeek_state : "",
             sizeof conn_at (self, conn)->summary);
}

void
synack_trace_add_connection_flags (SynackTrace *self,
                                   guint        conn,
                                   guint32      flags)
{
  g_return_if_fail (SYNACK_IS_TRACE (self));
  g_return_if_fail (CONN_KEPT (self, conn));
  conn_at (self, conn)->flags |= flags;
}

/* Start an event in self->scratch, in time order (an event earlier than the
 * last is stored at the last one's time, as every query's binary search
 * needs); finish_event() stores it. */
static SynackEvent *
begin_event (SynackTrace *self,
             gint64       time,
             guint        conn,
             guint        endpoint,
             guint8       kind)
{
  SynackEvent *ev = &self->scratch;

  if (self->n_events > 0)
    time = MAX (time, self->last_time);
  memset (ev, 0, sizeof *ev);
  ev->time = time;
  ev->conn = conn;
  ev->kind = kind;
  ev->endpoint = (guint8) endpoint;
  return ev;
}

/* Keep ev whole, outside the record r. A timestamps option kept inline
 * (opt OPT_TS, a and b) moves to the options table. */
static void
store_full (SynackTrace       *self,
            StoredEvent       *r,
            const SynackEvent *ev,
            guint              opt,
            guint32            a,
            guint32            b)
{
  SynackEvent *full;

  if ((self->n_full & CHUNK_MASK) == 0)
    g_ptr_array_add (self->full_chunks, g_new (SynackEvent, CHUNK_SIZE));
  full = full_at (self, self->n_full);
  *full = *ev;
  if (ev->kind == SYNACK_EVENT_SEGMENT)
    {
      full->segment.options = G_MAXUINT32;
      if (opt == OPT_TS)
        {
          StoredOptions o = { 0 };

          o.mask = SYNACK_OPTION_TIMESTAMP;
          o.ts_val = a;
          o.ts_ecr = b;
          full->segment.options = self->options->len;
          g_array_append_val (self->options, o);
        }
      else if (opt == OPT_TABLE)
        full->segment.options = a;
    }
  memset (r, 0, sizeof *r);
  r->word = STORED_FULL;
  r->conn = self->n_full++;
}

/* Store the event begun by begin_event(), packed when it fits; for a
 * segment, opt says where its options are (a and b: the timestamps, or a
 * the index in the options table). Returns its index. */
static guint
finish_event (SynackTrace       *self,
              const SynackEvent *ev,
              guint              opt,
              guint32            a,
              guint32            b)
{
  SynackConnection *c;
  StoredEvent *r;
  guint32 idx;
  gint64 dt;

  if ((self->n_events & CHUNK_MASK) == 0)
    g_ptr_array_add (self->chunks, g_new (StoredEvent, CHUNK_SIZE));
  if ((self->n_events & (BLOCK_SIZE - 1)) == 0)
    {
      BlockChunk *blocks;

      if ((self->n_blocks & (CHUNK_BLOCKS - 1)) == 0)
        {
          g_ptr_array_add (self->block_chunks, g_new (BlockChunk, 1));
          g_array_append_val (self->chunk_times, ev->time);
          g_array_append_val (self->chunk_counts, self->n_segments);
        }
      blocks = g_ptr_array_index (self->block_chunks, self->n_blocks >> (CHUNK_SHIFT - BLOCK_SHIFT));
      blocks->time[self->n_blocks & (CHUNK_BLOCKS - 1)] = ev->time;
      blocks->count[self->n_blocks & (CHUNK_BLOCKS - 1)] = self->n_segments;
      self->n_blocks++;
    }

  idx = self->n_events++;
  r = stored_at (self, idx);
  dt = ev->time - block_time (self, idx >> BLOCK_SHIFT);
  if (ev->kind == SYNACK_EVENT_SEGMENT && dt <= G_MAXUINT32 &&
      ev->segment.arrive == SYNACK_TIME_NONE && ev->segment.len <= G_MAXUINT16 &&
      ev->segment.fate < 4 && ev->segment.analysis >> STORED_ANALYSIS_BITS == 0)
    {
      r->dt = (guint32) dt;
      r->conn = ev->conn;
      r->word = STORED_SEGMENT | (guint32) ev->endpoint << STORED_ENDPOINT_SHIFT |
                (guint32) ev->segment.fate << STORED_FATE_SHIFT |
                (guint32) opt << STORED_OPT_SHIFT |
                (guint32) ev->segment.flags << STORED_FLAGS_SHIFT |
                ev->segment.analysis << STORED_ANALYSIS_SHIFT;
      r->len = (guint16) ev->segment.len;
      r->window = ev->segment.window;
      r->seg.seq = ev->segment.seq;
      r->seg.ack = ev->segment.ack;
      r->seg.a = a;
      r->seg.b = b;
    }
  else if (ev->kind == SYNACK_EVENT_STATE && dt <= G_MAXUINT32)
    {
      memset (r, 0, sizeof *r);
      r->dt = (guint32) dt;
      r->conn = ev->conn;
      r->word = STORED_STATE | (guint32) ev->endpoint << STORED_ENDPOINT_SHIFT;
      r->state.from = ev->state.from;
      r->state.to = ev->state.to;
      r->state.cause_kind = ev->state.cause_kind;
      r->state.flags = ev->state.flags;
      r->state.cause = ev->state.cause;
    }
  else
    store_full (self, r, ev, opt, a, b);
  self->last_time = ev->time;

  c = conn_at (self, ev->conn);
  /* A connection of a capture has tens of events: the first few
   * reallocations would be a good part of a load's time. */
  c->_events = vector_append (c->_events, c->n_events, 16, sizeof (guint32), &idx);
  c->n_events++;
  if (c->start == SYNACK_TIME_NONE)
    c->start = ev->time;
  c->end = ev->time;
  return idx;
}

void
synack_trace_prefetch_connection (SynackTrace *self,
                                  guint        conn)
{
  const guint8 *c;

  if (conn >= self->n_connections)
    return;
  /* finish_event() reads the connection's times, counts and event list;
   * append_state() its state lists: all of its first three cache lines. */
  c = (const guint8 *) conn_at (self, conn);
  __builtin_prefetch (c);
  __builtin_prefetch (c + 64);
  __builtin_prefetch (c + 128);
}

guint
synack_trace_append_segment (SynackTrace         *self,
                             gint64               time,
                             guint                conn,
                             guint                endpoint,
                             const SynackSegment *seg,
                             SynackFate           fate,
                             gint64               arrive,
                             guint32              analysis)
{
  SynackEvent *ev;
  guint opt = OPT_NONE;
  guint32 a = 0, b = 0;
  guint idx;

  g_return_val_if_fail (SYNACK_IS_TRACE (self), G_MAXUINT);
  g_return_val_if_fail (CONN_KEPT (self, conn) && endpoint < 2, G_MAXUINT);
  g_return_val_if_fail (seg != NULL, G_MAXUINT);

  ev = begin_event (self, time, conn, endpoint, SYNACK_EVENT_SEGMENT);
  ev->segment.seq = seg->seq;
  ev->segment.ack = seg->ack;
  ev->segment.len = seg->payload_len;
  ev->segment.window = seg->window;
  ev->segment.flags = seg->flags;
  ev->segment.fate = (guint8) fate;
  ev->segment.analysis = analysis;
  ev->segment.arrive = arrive;
  ev->segment.options = G_MAXUINT32;

  /* Most segments of a modern capture carry timestamps and nothing else:
   * those two numbers go in the record itself. */
  if (seg->options == SYNACK_OPTION_TIMESTAMP)
    {
      opt = OPT_TS;
      a = seg->ts_val;
      b = seg->ts_ecr;
    }
  else if (seg->options != 0)
    {
      StoredOptions o = { 0 };

      o.mask = seg->options;
      o.mss = seg->mss;
      o.wscale = seg->wscale;
      o.ts_val = seg->ts_val;
      o.ts_ecr = seg->ts_ecr;
      if ((seg->options & SYNACK_OPTION_SACK) && seg->n_sack > 0)
        {
          o.n_sack = MIN (seg->n_sack, SYNACK_MAX_SACK_BLOCKS);
          o.sack_first = self->sack_blocks->len;
          g_array_append_vals (self->sack_blocks, seg->sack, o.n_sack);
        }
      opt = OPT_TABLE;
      a = self->options->len;
      g_array_append_val (self->options, o);
    }
  idx = finish_event (self, ev, opt, a, b);

  self->n_segments++;
  self->last_segment = idx;
  conn_at (self, conn)->n_segments++;
  return idx;
}

guint
synack_trace_append_state (SynackTrace     *self,
                           gint64           time,
                           guint            conn,
                           guint            endpoint,
                           SynackTcpState   to,
                           SynackCauseKind  cause_kind,
                           guint            cause)
{
  SynackConnection *c;
  SynackEvent *ev;
  StateSpan span;
  guint idx;

  g_return_val_if_fail (SYNACK_IS_TRACE (self), G_MAXUINT);
  g_return_val_if_fail (CONN_KEPT (self, conn) && endpoint < 2, G_MAXUINT);
  g_return_val_if_fail (to < SYNACK_TCP_N_STATES, G_MAXUINT);

  c = conn_at (self, conn);
  ev = begin_event (self, time, conn, endpoint, SYNACK_EVENT_STATE);
  ev->state.from = c->_n_states[endpoint]
                   ? CONN_SPAN (c, endpoint, c->_n_states[endpoint] - 1).state
                   : c->initial_state[endpoint];
  ev->state.to = (guint8) to;
  ev->state.cause_kind = (guint8) cause_kind;
  ev->state.cause = cause;
  idx = finish_event (self, ev, OPT_NONE, 0, 0);

  span.event = idx;
  span.state = (guint8) to;
  c->_states[endpoint] = vector_append (c->_states[endpoint], c->_n_states[endpoint], 8,
                                       sizeof span, &span);
  c->_n_states[endpoint]++;
  return idx;
}

/* A stored state event's from, to and flags, wherever it is kept. */
static void
state_fields (SynackTrace  *self,
              guint         index,
              guint8      **from,
              guint8      **to,
              guint8      **flags)
{
  StoredEvent *r = stored_at (self, index);

  if (stored_form (r) == STORED_FULL)
    {
      SynackEvent *ev = full_at (self, r->conn);

      *from = &ev->state.from;
      *to = &ev->state.to;
      *flags = &ev->state.flags;
    }
  else
    {
      *from = &r->state.from;
      *to = &r->state.to;
      *flags = &r->state.flags;
    }
}

void
synack_trace_set_state_flags (SynackTrace *self,
                              guint        event_index,
                              guint8       flags)
{
  guint8 *from, *to, *fl;

  g_return_if_fail (SYNACK_IS_TRACE (self));
  g_return_if_fail (event_index < self->n_events);
  g_return_if_fail (event_kind (self, event_index) == SYNACK_EVENT_STATE);

  state_fields (self, event_index, &from, &to, &fl);
  *fl |= flags;
}

gboolean
synack_trace_retract_state (SynackTrace *self,
                            guint        conn,
                            guint        endpoint)
{
  SynackConnection *c;
  guint8 *from, *to, *flags;

  g_return_val_if_fail (SYNACK_IS_TRACE (self), FALSE);
  g_return_val_if_fail (CONN_KEPT (self, conn) && endpoint < 2, FALSE);

  c = conn_at (self, conn);
  if (c->_n_states[endpoint] == 0)
    return FALSE;
  state_fields (self, CONN_SPAN (c, endpoint, c->_n_states[endpoint] - 1).event,
                &from, &to, &flags);
  c->_n_states[endpoint]--;
  *to = *from;
  *flags |= SYNACK_STATE_RETRACTED;
  return TRUE;
}

guint
synack_trace_append_call (SynackTrace    *self,
                          gint64          time,
                          guint           conn,
                          guint           endpoint,
                          SynackCallKind  call,
                          guint64         arg,
                          gint            result)
{
  SynackEvent *ev;
  guint idx;

  g_return_val_if_fail (SYNACK_IS_TRACE (self), G_MAXUINT);
  g_return_val_if_fail (CONN_KEPT (self, conn) && endpoint < 2, G_MAXUINT);
  g_return_val_if_fail (call < SYNACK_CALL_N_KINDS, G_MAXUINT);

  ev = begin_event (self, time, conn, endpoint, SYNACK_EVENT_CALL);
  ev->call.call = (guint8) call;
  ev->call.arg = arg;
  ev->call.result = result;
  idx = finish_event (self, ev, OPT_NONE, 0, 0);
  return idx;
}

guint
synack_trace_append_timer (SynackTrace       *self,
                           gint64             time,
                           guint              conn,
                           guint              endpoint,
                           SynackTimerKind    timer,
                           SynackTimerAction  action,
                           guint              count,
                           gint64             due)
{
  SynackEvent *ev;
  guint idx;

  g_return_val_if_fail (SYNACK_IS_TRACE (self), G_MAXUINT);
  g_return_val_if_fail (CONN_KEPT (self, conn) && endpoint < 2, G_MAXUINT);
  g_return_val_if_fail (timer < SYNACK_TIMER_N_KINDS, G_MAXUINT);

  ev = begin_event (self, time, conn, endpoint, SYNACK_EVENT_TIMER);
  ev->timer.timer = (guint8) timer;
  ev->timer.action = (guint8) action;
  ev->timer.count = count;
  ev->timer.due = due;
  idx = finish_event (self, ev, OPT_NONE, 0, 0);
  return idx;
}

guint
synack_trace_append_vars (SynackTrace *self,
                          gint64       time,
                          guint        conn,
                          guint        endpoint,
                          guint32      snd_una,
                          guint32      snd_nxt,
                          guint32      snd_wnd,
                          guint32      rcv_nxt,
                          guint32      rcv_wnd,
                          guint32      cwnd,
                          guint32      ssthresh)
{
  SynackEvent *ev;
  guint idx;

  g_return_val_if_fail (SYNACK_IS_TRACE (self), G_MAXUINT);
  g_return_val_if_fail (CONN_KEPT (self, conn) && endpoint < 2, G_MAXUINT);

  ev = begin_event (self, time, conn, endpoint, SYNACK_EVENT_VARS);
  ev->vars.snd_una = snd_una;
  ev->vars.snd_nxt = snd_nxt;
  ev->vars.snd_wnd = snd_wnd;
  ev->vars.rcv_nxt = rcv_nxt;
  ev->vars.rcv_wnd = rcv_wnd;
  ev->vars.cwnd = cwnd;
  ev->vars.ssthresh = ssthresh;
  idx = finish_event (self, ev, OPT_NONE, 0, 0);
  return idx;
}

void
synack_trace_commit (SynackTrace *self)
{
  guint first;

  g_return_if_fail (SYNACK_IS_TRACE (self));

  if (self->committed == self->n_events)
    return;
  first = self->committed;
  self->committed = self->n_events;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_EVENTS]);
  g_signal_emit (self, signals[EVENTS_ADDED], 0, first, self->n_events - first);
}

/* ---------------------------------------------------------- queries */

guint
synack_trace_last_state_change (SynackTrace *self,
                                guint        conn,
                                guint        position)
{
  guint best = G_MAXUINT;

  g_return_val_if_fail (SYNACK_IS_TRACE (self), G_MAXUINT);
  g_return_val_if_fail (conn < synack_trace_get_n_connections (self), G_MAXUINT);

  for (guint ep = 0; ep < 2; ep++)
    {
      /* spans after the first begin at the state events, in event order */
      guint lo = 1, hi = synack_trace_get_n_state_spans (self, conn, ep);

      while (lo < hi)
        {
          guint mid = lo + (hi - lo) / 2;
          guint ev;

          synack_trace_get_state_span (self, conn, ep, mid, NULL, NULL, &ev);
          if (ev <= position)
            lo = mid + 1;
          else
            hi = mid;
        }
      if (lo > 1)
        {
          guint ev;

          synack_trace_get_state_span (self, conn, ep, lo - 1, NULL, NULL, &ev);
          if (best == G_MAXUINT || ev > best)
            best = ev;
        }
    }
  return best;
}

guint
synack_trace_last_segment (SynackTrace *self,
                           guint        conn,
                           guint        position)
{
  const SynackConnection *c;
  guint lo = 0, hi;

  g_return_val_if_fail (SYNACK_IS_TRACE (self), G_MAXUINT);
  g_return_val_if_fail (conn < synack_trace_get_n_connections (self), G_MAXUINT);

  /* a connection's events are in event order: find the last at or before position */
  c = synack_trace_get_connection (self, conn);
  hi = c->n_events;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (synack_trace_conn_event (self, conn, mid) <= position)
        lo = mid + 1;
      else
        hi = mid;
    }
  for (guint p = lo; p > 0; p--)
    {
      guint idx = synack_trace_conn_event (self, conn, p - 1);

      if (event_kind (self, idx) == SYNACK_EVENT_SEGMENT)
        return idx;
    }
  return G_MAXUINT;
}

/* One connection's timer index: for each slot, the connection positions of
 * its timer events, in order; and how many of the connection's events have
 * been read. */
typedef struct
{
  GArray *positions[SYNACK_TRACE_TIMER_SLOTS];
  guint   scanned;
} TimerIndex;

static void
timer_index_free (gpointer data)
{
  TimerIndex *index = data;

  for (guint i = 0; i < SYNACK_TRACE_TIMER_SLOTS; i++)
    g_clear_pointer (&index->positions[i], g_array_unref);
  g_free (index);
}

static TimerIndex *
timer_index_for (SynackTrace *self,
                 guint        conn)
{
  const SynackConnection *c = synack_trace_get_connection (self, conn);
  TimerIndex *index;

  if (self->timer_index == NULL)
    self->timer_index = g_hash_table_new_full (NULL, NULL, NULL, timer_index_free);
  index = g_hash_table_lookup (self->timer_index, GUINT_TO_POINTER (conn));
  if (index == NULL)
    {
      index = g_new0 (TimerIndex, 1);
      for (guint i = 0; i < SYNACK_TRACE_TIMER_SLOTS; i++)
        index->positions[i] = g_array_new (FALSE, FALSE, sizeof (guint));
      g_hash_table_insert (self->timer_index, GUINT_TO_POINTER (conn), index);
    }
  /* the trace only grows: read what came since the last query */
  for (; index->scanned < c->n_events; index->scanned++)
    {
      guint event = synack_trace_conn_event (self, conn, index->scanned);
      const SynackEvent *ev;
      const StoredEvent *r = stored_at (self, event);

      /* timers are never packed: read them where they are kept */
      if (stored_form (r) != STORED_FULL)
        continue;
      ev = full_at (self, r->conn);
      if (ev->kind == SYNACK_EVENT_TIMER)
        {
          guint slot = (ev->endpoint & 1) * SYNACK_TIMER_N_KINDS +
                       MIN (ev->timer.timer, SYNACK_TIMER_N_KINDS - 1);

          g_array_append_val (index->positions[slot], index->scanned);
        }
    }
  return index;
}

void
synack_trace_timers_running_at (SynackTrace *self,
                                guint        conn,
                                guint        position,
                                guint        running[SYNACK_TRACE_TIMER_SLOTS])
{
  TimerIndex *index;

  for (guint i = 0; i < SYNACK_TRACE_TIMER_SLOTS; i++)
    running[i] = G_MAXUINT;
  g_return_if_fail (SYNACK_IS_TRACE (self));
  if (conn >= synack_trace_get_n_connections (self))
    return;

  index = timer_index_for (self, conn);
  for (guint i = 0; i < SYNACK_TRACE_TIMER_SLOTS; i++)
    {
      GArray *p = index->positions[i];
      guint lo = 0, hi = p->len;
      guint event;

      /* the slot's last timer event before position */
      while (lo < hi)
        {
          guint mid = lo + (hi - lo) / 2;

          if (g_array_index (p, guint, mid) < position)
            lo = mid + 1;
          else
            hi = mid;
        }
      if (lo == 0)
        continue;
      event = synack_trace_conn_event (self, conn, g_array_index (p, guint, lo - 1));
      /* armed and not yet fired, cancelled or re-armed */
      if (full_at (self, stored_at (self, event)->conn)->timer.action == SYNACK_TIMER_ARMED)
        running[i] = event;
    }
}

void
synack_trace_set_segment_encapsulation (SynackTrace *self,
                                        guint        event_index,
                                        const char  *name)
{
  Encap e;

  g_return_if_fail (SYNACK_IS_TRACE (self));
  g_return_if_fail (event_index < self->n_events);

  if (name == NULL || *name == '\0')
    return;
  if (self->encaps == NULL)
    self->encaps = g_array_new (FALSE, FALSE, sizeof (Encap));
  /* Segments are appended in order: so are their encapsulations. */
  g_return_if_fail (self->encaps->len == 0 ||
                    g_array_index (self->encaps, Encap, self->encaps->len - 1).event < event_index);
  e.event = event_index;
  e.name = g_intern_string (name);
  g_array_append_val (self->encaps, e);
}

const char *
synack_trace_get_segment_encapsulation (SynackTrace *self,
                                        guint        event_index)
{
  guint lo = 0, hi;

  g_return_val_if_fail (SYNACK_IS_TRACE (self), NULL);

  if (self->encaps == NULL)
    return NULL;
  hi = self->encaps->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      guint32 ev = g_array_index (self->encaps, Encap, mid).event;

      if (ev == event_index)
        return g_array_index (self->encaps, Encap, mid).name;
      if (ev < event_index)
        lo = mid + 1;
      else
        hi = mid;
    }
  return NULL;
}

/* ------------------------------------------------ letting go of connections
 *
 * A live capture that runs all day keeps within a memory budget by dropping
 * its oldest finished connections (synack-live.c decides which). Indices
 * stay stable, so nothing that holds a kept connection's or a kept event's
 * index has to change; storage is reclaimed under them:
 *
 * - event chunks: each chunk counts its dropped events and marks them in a
 *   bitmap. A chunk all of whose 4,096 events are dropped is freed; once
 *   half are, it is kept sparse: only its live records, with their offsets,
 *   and one bit an event saying which were segments (segment ordinals and
 *   so numbers need them). A dropped event still reads as something: a
 *   segment or a state change of a dropped connection at (about) its old
 *   time, so binary searches by time stay sorted.
 * - full events, option records and SACK blocks are private indexes: once
 *   half of one of them is dropped they are rebuilt from the kept
 *   connections' events, which are pointed at the new places.
 * - segment number steps (where a live capture's frame numbers jump past
 *   packets that are not TCP) go once every segment they number is dropped.
 *
 * - a chunk's blocks (each one's time and segment count) go with its
 *   events; its first time and count stay, 20 bytes a chunk. Connection
 *   slots are kept in chunks of 1,024, freed once all are dropped.
 *
 * So what a run of dropped traffic leaves is 20 bytes a chunk of 4,096
 * events and 12 bytes a chunk of 1,024 connections. */

typedef struct
{
  guint32     n;                             /* live records */
  guint32     segments[CHUNK_SIZE / 32];     /* which of the chunk's events are segments */
  StoredEvent recs[];                        /* n records, then n guint16 offsets */
} SparseChunk;

/* index is in a chunk kept sparse: adds the segments before it in its
 * block to *ordinal from the chunk's bits saying which of its events were
 * segments, and returns TRUE (a live capture's budget numbers every
 * segment it lets go: no search per event before it). */
static gboolean
sparse_segments_before (SynackTrace *self,
                        guint        index,
                        guint       *ordinal)
{
  guint ci = index >> CHUNK_SHIFT, off = index & CHUNK_MASK, start = off & ~(BLOCK_SIZE - 1);
  const SparseChunk *sc;
  guint64 bits;

  if (g_ptr_array_index (self->chunks, ci) != NULL || self->sparse == NULL ||
      ci >= self->sparse->len || (sc = g_ptr_array_index (self->sparse, ci)) == NULL)
    return FALSE;
  bits = sc->segments[start >> 5] | (guint64) sc->segments[(start >> 5) + 1] << 32;
  if (off > start)
    *ordinal += (guint) __builtin_popcountll (bits & ((G_GUINT64_CONSTANT (1) << (off - start)) - 1));
  return TRUE;
}

#define SPARSE_OFFSETS(sc) ((guint16 *) &(sc)->recs[(sc)->n])

static inline gboolean
event_dead (SynackTrace *self,
            guint        index)
{
  guint ci = index >> CHUNK_SHIFT;
  const guint32 *bits;

  if (self->dead_bits == NULL || ci >= self->dead_bits->len)
    return FALSE;
  bits = g_ptr_array_index (self->dead_bits, ci);
  if (bits == NULL)
    return ci < self->chunks->len && g_ptr_array_index (self->chunks, ci) == NULL &&
           (self->sparse == NULL || ci >= self->sparse->len ||
            g_ptr_array_index (self->sparse, ci) == NULL);
  return (bits[(index & CHUNK_MASK) >> 5] >> (index & 31)) & 1;
}

/* A record's time as an offset from its block's first event, however it is
 * kept (a full event's may not fit: it is clamped, which keeps order). */
static guint32
record_dt (SynackTrace       *self,
           const StoredEvent *r,
           guint              index)
{
  gint64 dt;

  if (stored_form (r) != STORED_FULL)
    return r->dt;
  dt = full_at (self, r->conn)->time -
       block_time (self, index >> BLOCK_SHIFT);
  return (guint32) CLAMP (dt, 0, (gint64) G_MAXUINT32);
}

static StoredEvent *
sparse_at (SynackTrace *self,
           guint        index)
{
  guint ci = index >> CHUNK_SHIFT, off = index & CHUNK_MASK;
  SparseChunk *sc = NULL;
  StoredEvent *d = &self->dead_record;
  gboolean segment = FALSE;
  guint32 dt = 0;

  if (self->sparse != NULL && ci < self->sparse->len)
    sc = g_ptr_array_index (self->sparse, ci);
  if (sc != NULL)
    {
      const guint16 *offsets = SPARSE_OFFSETS (sc);
      guint lo = 0, hi = sc->n;

      while (lo < hi)
        {
          guint mid = lo + (hi - lo) / 2;

          if (offsets[mid] < off)
            lo = mid + 1;
          else
            hi = mid;
        }
      if (lo < sc->n && offsets[lo] == off && !event_dead (self, index))
        return &sc->recs[lo];
      segment = (sc->segments[off >> 5] >> (off & 31)) & 1;
      /* the time of the last live event before it in its block */
      for (guint k = lo; k > 0; k--)
        {
          guint prev = (index & ~CHUNK_MASK) | offsets[k - 1];

          if ((prev >> BLOCK_SHIFT) != (index >> BLOCK_SHIFT))
            break;
          if (!event_dead (self, prev))
            {
              dt = record_dt (self, &sc->recs[k - 1], prev);
              break;
            }
        }
    }
  memset (d, 0, sizeof *d);
  d->dt = dt;
  d->conn = self->a_dropped;
  d->word = segment ? STORED_SEGMENT : STORED_STATE;
  return d;
}

static void
reclaim_init (SynackTrace *self)
{
  if (self->sparse != NULL)
    return;
  self->sparse = g_ptr_array_new_with_free_func (g_free);
  self->dead_bits = g_ptr_array_new_with_free_func (g_free);
  self->dead_count = g_array_new (FALSE, TRUE, sizeof (guint32));
  self->step_dead = g_array_new (FALSE, TRUE, sizeof (guint32));
}

static void
reclaim_grow (SynackTrace *self)
{
  guint n = self->chunks->len;

  if (self->sparse->len < n)
    g_ptr_array_set_size (self->sparse, n);
  if (self->dead_bits->len < n)
    g_ptr_array_set_size (self->dead_bits, n);
  if (self->dead_count->len < n)
    g_array_set_size (self->dead_count, n);
  if (self->step_dead->len < self->number_steps->len + 1)
    g_array_set_size (self->step_dead, self->number_steps->len + 1);
}

static gboolean
record_is_segment (SynackTrace       *self,
                   const StoredEvent *r)
{
  switch (stored_form (r))
    {
    case STORED_SEGMENT:
      return TRUE;
    case STORED_FULL:
      return full_at (self, r->conn)->kind == SYNACK_EVENT_SEGMENT;
    default:
      return FALSE;
    }
}

/* Chunk ci kept as only its live records (it was dense or sparse). */
static void
sparsify_chunk (SynackTrace *self,
                guint        ci)
{
  StoredEvent *dense = g_ptr_array_index (self->chunks, ci);
  SparseChunk *old = g_ptr_array_index (self->sparse, ci);
  guint n_live = CHUNK_SIZE - g_array_index (self->dead_count, guint32, ci);
  gsize size = sizeof (SparseChunk) + n_live * (sizeof (StoredEvent) + sizeof (guint16));
  SparseChunk *sc = g_malloc0 (size);
  guint16 *offsets;
  guint k = 0;

  sc->n = n_live;
  offsets = SPARSE_OFFSETS (sc);
  if (dense != NULL)
    {
      for (guint off = 0; off < CHUNK_SIZE; off++)
        {
          guint index = (ci << CHUNK_SHIFT) | off;

          if (record_is_segment (self, &dense[off]))
            sc->segments[off >> 5] |= 1u << (off & 31);
          if (!event_dead (self, index) && k < n_live)
            {
              sc->recs[k] = dense[off];
              offsets[k++] = (guint16) off;
            }
        }
      g_free (dense);
      g_ptr_array_index (self->chunks, ci) = NULL;
      self->n_chunks_gone++;
    }
  else
    {
      const guint16 *old_offsets = SPARSE_OFFSETS (old);

      memcpy (sc->segments, old->segments, sizeof sc->segments);
      for (guint j = 0; j < old->n && k < n_live; j++)
        if (!event_dead (self, (ci << CHUNK_SHIFT) | old_offsets[j]))
          {
            sc->recs[k] = old->recs[j];
            offsets[k++] = old_offsets[j];
          }
      self->sparse_bytes -= sizeof (SparseChunk) +
                            old->n * (sizeof (StoredEvent) + sizeof (guint16));
      g_free (old);
    }
  g_assert (k == n_live);
  g_ptr_array_index (self->sparse, ci) = sc;
  self->sparse_bytes += size;
}

/* Frees or thins chunk ci as far as its dropped events allow. The chunk
 * being appended to is left alone. */
static void
reclaim_chunk (SynackTrace *self,
               guint        ci)
{
  guint dead = g_array_index (self->dead_count, guint32, ci);
  SparseChunk *sc = g_ptr_array_index (self->sparse, ci);
  StoredEvent *dense = g_ptr_array_index (self->chunks, ci);

  if (ci >= (self->n_events >> CHUNK_SHIFT))
    return;
  if (dead == CHUNK_SIZE)
    {
      if (dense != NULL)
        {
          g_free (dense);
          g_ptr_array_index (self->chunks, ci) = NULL;
          self->n_chunks_gone++;
        }
      if (sc != NULL)
        {
          self->sparse_bytes -= sizeof (SparseChunk) +
                                sc->n * (sizeof (StoredEvent) + sizeof (guint16));
          g_free (sc);
          g_ptr_array_index (self->sparse, ci) = NULL;
        }
      if (g_ptr_array_index (self->block_chunks, ci) != NULL)
        {
          /* its events read as at its first time, as its blocks did */
          g_free (g_ptr_array_index (self->block_chunks, ci));
          g_ptr_array_index (self->block_chunks, ci) = NULL;
          self->n_chunks_freed++;
        }
      if (g_ptr_array_index (self->dead_bits, ci) != NULL)
        {
          /* no bitmap and no storage: every event of the chunk is dropped */
          g_free (g_ptr_array_index (self->dead_bits, ci));
          g_ptr_array_index (self->dead_bits, ci) = NULL;
          self->n_bitmaps--;
        }
      return;
    }
  if (dense != NULL && dead >= CHUNK_SIZE / 2)
    sparsify_chunk (self, ci);
  else if (sc != NULL && CHUNK_SIZE - dead <= sc->n / 2)
    sparsify_chunk (self, ci);
}

/* The segment's number step (slot 0: before the first step). */
static guint
step_slot (SynackTrace *self,
           guint        ordinal)
{
  guint lo = 0, hi = self->number_steps->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->number_steps, NumberStep, mid).ordinal <= ordinal)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Marks event index dropped, and makes its record harmless to read: no
 * full event and no option record that will be moved or freed. */
static void
kill_event (SynackTrace *self,
            guint        index)
{
  guint ci = index >> CHUNK_SHIFT, off = index & CHUNK_MASK;
  StoredEvent *r = stored_at (self, index);
  guint32 *bits = g_ptr_array_index (self->dead_bits, ci);
  gboolean segment = record_is_segment (self, r);

  if (segment && self->number_steps->len > 0)
    g_array_index (self->step_dead, guint32,
                   step_slot (self, synack_trace_segment_ordinal (self, index)))++;

  if (stored_form (r) == STORED_FULL)
    {
      SynackEvent *full = full_at (self, r->conn);
      guint32 dt = record_dt (self, r, index);

      if (full->kind == SYNACK_EVENT_SEGMENT && full->segment.options != G_MAXUINT32)
        {
          self->n_dead_options++;
          self->n_dead_sack += g_array_index (self->options, StoredOptions,
                                              full->segment.options).n_sack;
        }
      self->n_dead_full++;
      memset (r, 0, sizeof *r);
      r->dt = dt;
      r->conn = self->a_dropped;
      r->word = segment ? STORED_SEGMENT : STORED_STATE;
    }
  else if (segment && ((r->word >> STORED_OPT_SHIFT) & 3) == OPT_TABLE)
    {
      self->n_dead_options++;
      self->n_dead_sack += g_array_index (self->options, StoredOptions, r->seg.a).n_sack;
      r->word &= ~(3u << STORED_OPT_SHIFT);
    }

  if (bits == NULL)
    {
      bits = g_new0 (guint32, CHUNK_SIZE / 32);
      g_ptr_array_index (self->dead_bits, ci) = bits;
      self->n_bitmaps++;
    }
  bits[off >> 5] |= 1u << (off & 31);
  g_array_index (self->dead_count, guint32, ci)++;
  self->n_dead_events++;
}

static guint
copy_options (SynackTrace *self,
              guint32      index,
              GArray      *options,
              GArray      *sack)
{
  StoredOptions o = g_array_index (self->options, StoredOptions, index);

  if (o.n_sack > 0)
    {
      guint first = sack->len;

      g_array_append_vals (sack, &g_array_index (self->sack_blocks, SynackSackBlock, o.sack_first),
                           o.n_sack);
      o.sack_first = first;
    }
  g_array_append_val (options, o);
  return options->len - 1;
}

/* Rebuilds full events, option records and SACK blocks from the kept
 * connections' events, drops the encapsulations of dropped segments and the
 * number steps that number only dropped segments. */
static void
compact_side_tables (SynackTrace *self)
{
  g_autoptr(GPtrArray) full_chunks = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) options = g_array_new (FALSE, FALSE, sizeof (StoredOptions));
  g_autoptr(GArray) sack = g_array_new (FALSE, FALSE, sizeof (SynackSackBlock));
  guint n_full = 0;

  for (guint i = 0; i < self->n_connections; i++)
    {
      SynackConnection *c = conn_at (self, i);

      if (c->flags & SYNACK_CONNECTION_DROPPED)
        continue;
      for (guint p = 0; p < c->n_events; p++)
        {
          StoredEvent *r = stored_at (self, CONN_EVENT (c, p));

          if (stored_form (r) == STORED_FULL)
            {
              SynackEvent *chunk;

              if ((n_full & CHUNK_MASK) == 0)
                g_ptr_array_add (full_chunks, g_new (SynackEvent, CHUNK_SIZE));
              chunk = g_ptr_array_index (full_chunks, n_full >> CHUNK_SHIFT);
              chunk[n_full & CHUNK_MASK] = *full_at (self, r->conn);
              if (chunk[n_full & CHUNK_MASK].kind == SYNACK_EVENT_SEGMENT &&
                  chunk[n_full & CHUNK_MASK].segment.options != G_MAXUINT32)
                chunk[n_full & CHUNK_MASK].segment.options =
                  copy_options (self, chunk[n_full & CHUNK_MASK].segment.options, options, sack);
              r->conn = n_full++;
            }
          else if (stored_form (r) == STORED_SEGMENT &&
                   ((r->word >> STORED_OPT_SHIFT) & 3) == OPT_TABLE)
            r->seg.a = copy_options (self, r->seg.a, options, sack);
        }
    }
  g_ptr_array_unref (self->full_chunks);
  self->full_chunks = g_steal_pointer (&full_chunks);
  self->n_full = n_full;
  g_array_unref (self->options);
  self->options = g_steal_pointer (&options);
  g_array_unref (self->sack_blocks);
  self->sack_blocks = g_steal_pointer (&sack);
  self->n_dead_full = self->n_dead_options = self->n_dead_sack = 0;

  if (self->encaps != NULL)
    {
      guint k = 0;

      for (guint i = 0; i < self->encaps->len; i++)
        if (!event_dead (self, g_array_index (self->encaps, Encap, i).event))
          g_array_index (self->encaps, Encap, k++) = g_array_index (self->encaps, Encap, i);
      g_array_set_size (self->encaps, k);
    }

  /* A step whose segments are all dropped goes: the one before it then
   * numbers its range, where nothing is left to number. The last stays
   * (new segments take its offset). */
  if (self->number_steps->len > 1)
    {
      guint k = 0;

      reclaim_grow (self);
      for (guint j = 0; j < self->number_steps->len; j++)
        {
          NumberStep step = g_array_index (self->number_steps, NumberStep, j);
          guint32 dead = g_array_index (self->step_dead, guint32, j + 1);

          if (j + 1 < self->number_steps->len &&
              dead >= g_array_index (self->number_steps, NumberStep, j + 1).ordinal - step.ordinal)
            {
              g_array_index (self->step_dead, guint32, k) += dead;  /* slot k: the step before */
              continue;
            }
          g_array_index (self->number_steps, NumberStep, k) = step;
          g_array_index (self->step_dead, guint32, k + 1) = dead;
          k++;
        }
      g_array_set_size (self->number_steps, k);
      g_array_set_size (self->step_dead, k + 1);
    }
  self->steps_after_compaction = self->number_steps->len;
}

gboolean
synack_trace_drop_connection (SynackTrace *self,
                              guint        conn)
{
  SynackConnection *c;
  guint last_chunk = G_MAXUINT;
  guint live_side;

  g_return_val_if_fail (SYNACK_IS_TRACE (self), FALSE);
  g_return_val_if_fail (conn < self->n_connections, FALSE);

  c = conn_at (self, conn);
  if (c->flags & (SYNACK_CONNECTION_DROPPED | SYNACK_CONNECTION_HELD))
    return FALSE;

  reclaim_init (self);
  reclaim_grow (self);
  if (self->a_dropped == G_MAXUINT)
    self->a_dropped = conn;
  unindex_tuple (self, conn);
  if (self->timer_index != NULL)
    g_hash_table_remove (self->timer_index, GUINT_TO_POINTER (conn));
  for (guint p = 0; p < c->n_events; p++)
    kill_event (self, CONN_EVENT (c, p));
  /* a connection's events are in index order: each chunk once */
  for (guint p = 0; p < c->n_events; p++)
    {
      guint ci = CONN_EVENT (c, p) >> CHUNK_SHIFT;

      if (ci != last_chunk)
        reclaim_chunk (self, ci);
      last_chunk = ci;
    }

  self->n_dropped++;
  self->n_dropped_uncommitted++;
  self->n_dropped_segments += c->n_segments;
  self->kept_dirty = TRUE;
  ((SynackConnection **) g_ptr_array_index (self->conn_chunks,
                                            conn >> CONN_CHUNK_SHIFT))[conn & CONN_CHUNK_MASK] =
    &self->dropped_stub;
  connection_free (c);
  /* a whole chunk of them dropped (not the one being filled): its slots go too */
  if (++g_array_index (self->conn_dropped, guint32, conn >> CONN_CHUNK_SHIFT) == CONN_CHUNK &&
      (conn >> CONN_CHUNK_SHIFT) < (self->n_connections >> CONN_CHUNK_SHIFT))
    {
      g_free (g_ptr_array_index (self->conn_chunks, conn >> CONN_CHUNK_SHIFT));
      g_ptr_array_index (self->conn_chunks, conn >> CONN_CHUNK_SHIFT) = NULL;
      self->n_conn_chunks_freed++;
    }

  live_side = self->options->len - self->n_dead_options + self->n_full - self->n_dead_full;
  if ((self->n_dead_options + self->n_dead_full >= MAX (live_side, CHUNK_SIZE)) ||
      (self->number_steps->len > MAX (2 * self->steps_after_compaction, 1024u)))
    compact_side_tables (self);
  return TRUE;
}

static void
rebuild_kept (SynackTrace *self)
{
  guint k = 0;

  if (!self->kept_dirty)
    return;
  for (guint i = 0; i < self->kept->len; i++)
    {
      guint32 conn = g_array_index (self->kept, guint32, i);

      if (!(conn_at (self, conn)->flags & SYNACK_CONNECTION_DROPPED))
        g_array_index (self->kept, guint32, k++) = conn;
    }
  g_array_set_size (self->kept, k);
  self->kept_dirty = FALSE;
}

void
synack_trace_commit_drops (SynackTrace *self)
{
  guint n;

  g_return_if_fail (SYNACK_IS_TRACE (self));

  rebuild_kept (self);
  if (self->n_dropped_uncommitted == 0)
    return;
  n = self->n_dropped_uncommitted;
  self->n_dropped_uncommitted = 0;
  g_signal_emit (self, signals[CONNECTIONS_DROPPED], 0, n);
}

guint
synack_trace_get_n_dropped_connections (SynackTrace *self)
{
  g_return_val_if_fail (SYNACK_IS_TRACE (self), 0);
  return self->n_dropped;
}

guint64
synack_trace_get_n_dropped_segments (SynackTrace *self)
{
  g_return_val_if_fail (SYNACK_IS_TRACE (self), 0);
  return self->n_dropped_segments;
}

guint
synack_trace_get_n_kept_connections (SynackTrace *self)
{
  g_return_val_if_fail (SYNACK_IS_TRACE (self), 0);
  rebuild_kept (self);
  return self->kept->len;
}

guint
synack_trace_get_kept_connection (SynackTrace *self,
                                  guint        position)
{
  g_return_val_if_fail (SYNACK_IS_TRACE (self), G_MAXUINT);
  rebuild_kept (self);
  g_return_val_if_fail (position < self->kept->len, G_MAXUINT);
  return g_array_index (self->kept, guint32, position);
}

guint
synack_trace_get_kept_position (SynackTrace *self,
                                guint        conn)
{
  guint lo = 0, hi;

  g_return_val_if_fail (SYNACK_IS_TRACE (self), G_MAXUINT);
  rebuild_kept (self);
  hi = self->kept->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->kept, guint32, mid) < conn)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo < self->kept->len && g_array_index (self->kept, guint32, lo) == conn ? lo : G_MAXUINT;
}

void
synack_trace_hold_connection (SynackTrace *self,
                              guint        conn,
                              gboolean     hold)
{
  SynackConnection *c;

  g_return_if_fail (SYNACK_IS_TRACE (self));
  g_return_if_fail (conn < self->n_connections);

  c = conn_at (self, conn);
  if (c->flags & SYNACK_CONNECTION_DROPPED)
    return;
  if (hold)
    c->flags |= SYNACK_CONNECTION_HELD;
  else
    c->flags &= ~(guint32) SYNACK_CONNECTION_HELD;
}

guint64
synack_trace_get_memory_size (SynackTrace *self)
{
  guint64 kept_conns, kept_events, bytes;

  g_return_val_if_fail (SYNACK_IS_TRACE (self), 0);

  kept_conns = self->n_connections - self->n_dropped;
  kept_events = self->n_events - self->n_dead_events;
  bytes = sizeof *self;
  /* event records: dense chunks, sparse ones, dropped-event bitmaps */
  bytes += (guint64) self->chunks->len * sizeof (gpointer);
  bytes += (guint64) (self->chunks->len - self->n_chunks_gone) * CHUNK_SIZE * sizeof (StoredEvent);
  bytes += self->sparse_bytes + (guint64) self->n_bitmaps * (CHUNK_SIZE / 8);
  if (self->sparse != NULL)
    bytes += (guint64) self->chunks->len * (2 * sizeof (gpointer) + sizeof (guint32));
  /* events kept whole, options, SACK blocks, tunnels */
  bytes += (guint64) self->full_chunks->len * (sizeof (gpointer) + CHUNK_SIZE * sizeof (SynackEvent));
  bytes += (guint64) self->options->len * sizeof (StoredOptions);
  bytes += (guint64) self->sack_blocks->len * sizeof (SynackSackBlock);
  bytes += self->encaps != NULL ? (guint64) self->encaps->len * sizeof (Encap) : 0;
  /* per block of 64 events of a chunk not freed: its time and segment
   * count; per chunk: its first time and count; number steps */
  bytes += (guint64) (self->chunks->len - self->n_chunks_freed) * (sizeof (BlockChunk) + 16);
  bytes += (guint64) self->chunks->len * (sizeof (gpointer) + sizeof (gint64) + sizeof (guint32));
  bytes += (guint64) self->number_steps->len * (sizeof (NumberStep) + sizeof (guint32));
  /* connection slots, the kept list; each kept connection with its malloc
   * header, its tuple-set slot and its three growing vectors' headers */
  bytes += (guint64) (self->conn_chunks->len - self->n_conn_chunks_freed) * CONN_CHUNK *
           sizeof (gpointer);
  bytes += (guint64) self->conn_chunks->len * (sizeof (gpointer) + sizeof (guint32)) +
           kept_conns * sizeof (guint32);
  bytes += kept_conns * (sizeof (SynackConnection) + 16 + 2 * sizeof (gpointer) + 3 * 16 +
                         16 * sizeof (guint32) + 2 * 8 * sizeof (StateSpan));
  /* a kept connection's event list grows by doubling: 4 to 8 bytes an event */
  bytes += kept_events * 6;
  return bytes;
}
