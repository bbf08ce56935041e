/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "synack-engine.h"
#include "synack-error.h"
#include "synack-heap-private.h"
#include "synack-zeek.h"
#include "synack-wire.h"

/* What a host's demultiplexer looks a connection up by. */
typedef struct
{
  SynackAddress raddr;
  guint16       lport;
  guint16       rport;
} DemuxKey;

/* A trace connection's 4-tuple, in a canonical order. */
typedef struct
{
  SynackAddress a;
  SynackAddress b;
  guint16       pa;
  guint16       pb;
} ConnKey;

struct _SynackSocket
{
  gint                 ref_count;
  SynackHost          *host;
  SynackTcb           *tcb;
  SynackSocket        *listener;      /* children: the listener (no reference; cleared
                                       * when the listener's TCB is released) */
  DemuxKey             key;
  guint                conn;
  guint                endpoint;
  guint                last_timer_event;
  gint64               heap_time;     /* our live entry in the timer heap, or G_MAXINT64 */
  SynackSocketHandler  handler;
  gpointer             user_data;
  int                  error;
  guint64              bytes_received;
  GQueue               accept_queue;  /* listeners: established children (references) */
  guint                backlog;
  guint                n_half_open;
  guint                is_listener : 1;
  guint                in_demux : 1;
  guint                record_states : 1;
  guint                conn_claimed : 1;
  guint                connect_pending : 1;
  guint                tcb_closed : 1;
  guint                dirty : 1;
  guint                queued : 1;     /* in a listener's accept queue */
  guint                half_open : 1;  /* a child counted in its listener's n_half_open */
  guint                app_closed : 1; /* the application called close() or abort(): it reads no more */
};

struct _SynackHost
{
  SynackEngine         *engine;
  const char           *name;     /* interned */
  SynackAddress         address;
  SynackTcbOptions      options;
  gboolean              fixed_isn;
  SynackLink           *link;
  guint                 side;
  SynackHostOutputFunc  output;
  gpointer              output_data;
  GHashTable           *conns;      /* DemuxKey* (in the socket) -> SynackSocket* */
  GHashTable           *listeners;  /* port -> SynackSocket* */
  guint16               ip_id;
  gboolean              crashed;
};

typedef struct
{
  SynackEngine *engine;
  SynackLink   *link;
  SynackHost   *host[2];
} LinkInfo;

typedef struct
{
  SynackEngineAlarmFunc func;
  gpointer              user_data;
} Alarm;

typedef struct
{
  SynackSocket  *socket;
  SynackSegment  seg;
  gsize          offset;   /* of the payload in pending_bytes */
  guint32        analysis;
} Pending;

struct _SynackEngine
{
  GObject       parent_instance;

  SynackClock  *clock;
  SynackTrace  *trace;
  guint64       seed;
  GRand        *rand;
  GPtrArray    *hosts;
  GPtrArray    *links;          /* LinkInfo */
  SynackHeap    timers;         /* SynackSocket* (a reference each) */
  SynackHeap    alarms;         /* Alarm* */
  GHashTable   *trace_conns;    /* ConnKey* -> conn + 1 */
  GArray       *pending;        /* Pending: segments held until the TCB call returns */
  GByteArray   *pending_bytes;
  GPtrArray    *dirty;          /* SynackSocket* (a reference each) */
  guint64       n_segments;
  guint         depth;
  gboolean      processing;

  /* the hang guard: steps (deliveries, timers, alarms) at one instant */
  guint         instant_limit;
  guint         instant_steps;
  gint64        instant_time;
  GError       *stopped;        /* set once the guard stopped the engine */

  /* what the TCB is reacting to, for the causes of state changes */
  guint         cur_segment_event;
  guint         cur_call_event;
  /* the sender of the frame being tapped */
  guint         tx_conn;
  guint         tx_endpoint;
  /* the peer of the segment being processed (for a listener's replies) */
  SynackAddress cur_src;
  guint16       cur_sport;
};

G_DEFINE_FINAL_TYPE (SynackEngine, synack_engine, G_TYPE_OBJECT)

static void socket_mark_dirty   (SynackSocket *sock);
static void engine_enter        (SynackEngine *self);
static void engine_leave        (SynackEngine *self);
static void engine_reschedule   (SynackEngine *self);
static void host_output         (SynackHost          *host,
                                 guint                conn,
                                 guint                endpoint,
                                 const SynackAddress *dst,
                                 const SynackSegment *seg,
                                 const guint8        *payload,
                                 guint32              analysis);

/* ---- keys ---- */

static guint
demux_key_hash (gconstpointer p)
{
  const DemuxKey *k = p;

  return synack_address_hash (&k->raddr) * 2654435761u ^ ((guint) k->lport << 16 | k->rport);
}

static gboolean
demux_key_equal (gconstpointer a,
                 gconstpointer b)
{
  const DemuxKey *x = a, *y = b;

  return x->lport == y->lport && x->rport == y->rport &&
         synack_address_equal (&x->raddr, &y->raddr);
}

static int
endpoint_compare (const SynackAddress *a,
                  guint16              pa,
                  const SynackAddress *b,
                  guint16              pb)
{
  int c = memcmp (a, b, sizeof (SynackAddress));

  if (c != 0)
    return c;
  return (int) pa - (int) pb;
}

static void
conn_key_init (ConnKey             *key,
               const SynackAddress *a,
               guint16              pa,
               const SynackAddress *b,
               guint16              pb)
{
  memset (key, 0, sizeof *key);
  if (endpoint_compare (a, pa, b, pb) <= 0)
    {
      key->a = *a; key->pa = pa; key->b = *b; key->pb = pb;
    }
  else
    {
      key->a = *b; key->pa = pb; key->b = *a; key->pb = pa;
    }
}

static guint
conn_key_hash (gconstpointer p)
{
  const ConnKey *k = p;

  return (synack_address_hash (&k->a) * 31 + synack_address_hash (&k->b)) * 2654435761u ^
         ((guint) k->pa << 16 | k->pb);
}

static gboolean
conn_key_equal (gconstpointer a,
                gconstpointer b)
{
  return memcmp (a, b, sizeof (ConnKey)) == 0;
}

/* ---- the trace ---- */

static guint
trace_conn_lookup (SynackEngine        *self,
                   const SynackAddress *a,
                   guint16              pa,
                   const SynackAddress *b,
                   guint16              pb)
{
  ConnKey key;
  gpointer value;

  conn_key_init (&key, a, pa, b, pb);
  value = g_hash_table_lookup (self->trace_conns, &key);
  return value ? GPOINTER_TO_UINT (value) - 1 : G_MAXUINT;
}

static void
trace_conn_register (SynackEngine        *self,
                     const SynackAddress *a,
                     guint16              pa,
                     const SynackAddress *b,
                     guint16              pb,
                     guint                conn)
{
  ConnKey *key = g_new (ConnKey, 1);

  conn_key_init (key, a, pa, b, pb);
  g_hash_table_replace (self->trace_conns, key, GUINT_TO_POINTER (conn + 1));
}

/* Which endpoint of conn is (addr, port)? */
static guint
trace_endpoint_of (SynackEngine        *self,
                   guint                conn,
                   const SynackAddress *addr,
                   guint16              port)
{
  const SynackConnection *c = synack_trace_get_connection (self->trace, conn);

  if (c->port[0] == port && synack_address_equal (&c->addr[0], addr))
    return 0;
  return 1;
}

static void
trace_name_endpoints (SynackEngine *self,
                      guint         conn)
{
  const SynackConnection *c = synack_trace_get_connection (self->trace, conn);

  for (guint e = 0; e < 2; e++)
    {
      SynackHost *host;

      if (c->name[e] != NULL || c->addr[e].family == 0)
        continue;
      host = synack_engine_find_host_by_address (self, &c->addr[e]);
      if (host != NULL)
        synack_trace_set_endpoint_name (self->trace, conn, e, host->name);
    }
}

/* The connection record for a segment between two endpoints, made (with
 * client the first) when there is none yet. */
static guint
trace_conn_for (SynackEngine        *self,
                const SynackAddress *client,
                guint16              client_port,
                const SynackAddress *server,
                guint16              server_port)
{
  guint conn = trace_conn_lookup (self, client, client_port, server, server_port);

  if (conn != G_MAXUINT)
    return conn;
  conn = synack_trace_add_connection (self->trace, client, client_port, server, server_port);
  trace_conn_register (self, client, client_port, server, server_port, conn);
  trace_name_endpoints (self, conn);
  return conn;
}

static guint
record_call (SynackSocket   *sock,
             SynackCallKind  call,
             guint64         arg,
             gint            result)
{
  SynackEngine *self = sock->host->engine;

  if (self->trace == NULL || sock->conn == G_MAXUINT)
    return G_MAXUINT;
  self->cur_call_event = synack_trace_append_call (self->trace, synack_clock_now (self->clock),
                                                   sock->conn, sock->endpoint, call, arg,
                                                   result);
  return self->cur_call_event;
}

/* A call recorded in the middle of the TCB's work (a read returning):
 * what caused the state changes around it stays as it was. */
static void
record_side_call (SynackSocket   *sock,
                  SynackCallKind  call,
                  guint64         arg,
                  gint            result)
{
  SynackEngine *self = sock->host->engine;
  guint saved = self->cur_call_event;

  if (!sock->record_states)
    return;
  record_call (sock, call, arg, result);
  self->cur_call_event = saved;
}

/* ---- TCB callbacks ---- */

static void
on_transmit (SynackTcb           *tcb,
             const SynackSegment *seg,
             const guint8        *payload,
             guint32              analysis,
             gpointer             user_data)
{
  SynackSocket *sock = user_data;
  SynackEngine *self = sock->host->engine;
  Pending p = { sock, *seg, self->pending_bytes->len, analysis };

  /* Without a trace there is no order to keep: straight out. (Frames are
   * only ever delivered from the clock, never during this call, so the
   * outcome is the same either way.) */
  if (self->trace == NULL)
    {
      host_output (sock->host, G_MAXUINT, 0,
                   sock->is_listener ? &self->cur_src : &sock->key.raddr, seg, payload, analysis);
      return;
    }

  /* Held until the TCB call returns, so the state it moved to is recorded
   * before the segments it sent in that state. */
  if (seg->payload_len > 0)
    {
      if (payload != NULL)
        g_byte_array_append (self->pending_bytes, payload, seg->payload_len);
      else
        {
          gsize at = self->pending_bytes->len;

          g_byte_array_set_size (self->pending_bytes, at + seg->payload_len);
          memset (self->pending_bytes->data + at, 0, seg->payload_len);
        }
    }
  synack_socket_ref (sock);
  g_array_append_val (self->pending, p);
}

static void
on_state_changed (SynackTcb       *tcb,
                  SynackTcpState   from,
                  SynackTcpState   to,
                  SynackCauseKind  cause,
                  gpointer         user_data)
{
  SynackSocket *sock = user_data;
  SynackEngine *self = sock->host->engine;
  guint cause_index = G_MAXUINT;

  if (self->trace == NULL || sock->conn == G_MAXUINT || !sock->record_states)
    return;

  switch (cause)
    {
    case SYNACK_CAUSE_SEGMENT:
      cause_index = self->cur_segment_event;
      break;
    case SYNACK_CAUSE_CALL:
      cause_index = self->cur_call_event;
      break;
    case SYNACK_CAUSE_TIMER:
      cause_index = sock->last_timer_event;
      break;
    default:
      break;
    }
  if (cause_index == G_MAXUINT)
    cause = SYNACK_CAUSE_NONE;
  synack_trace_append_state (self->trace, synack_clock_now (self->clock), sock->conn,
                             sock->endpoint, to, cause, cause_index);

  if (to == SYNACK_TCP_ESTABLISHED)
    {
      gint ours = synack_tcb_get_rcv_wscale (tcb);
      gint theirs = synack_tcb_get_snd_wscale (tcb);

      if (ours < 0 || theirs < 0)
        ours = theirs = -1;
      if (sock->endpoint == 0)
        synack_trace_set_wscale (self->trace, sock->conn, ours, theirs);
      else
        synack_trace_set_wscale (self->trace, sock->conn, theirs, ours);
    }
}

static void
on_timer (SynackTcb         *tcb,
          SynackTimerKind    kind,
          SynackTimerAction  action,
          guint              count,
          gint64             due,
          gpointer           user_data)
{
  SynackSocket *sock = user_data;
  SynackEngine *self = sock->host->engine;
  guint index;

  if (self->trace == NULL || sock->conn == G_MAXUINT || !sock->record_states)
    return;
  index = synack_trace_append_timer (self->trace, synack_clock_now (self->clock), sock->conn,
                                     sock->endpoint, kind, action, count, due);
  if (action == SYNACK_TIMER_FIRED)
    sock->last_timer_event = index;
}

static void
on_vars (SynackTcb           *tcb,
         const SynackTcbVars *vars,
         gpointer             user_data)
{
  SynackSocket *sock = user_data;
  SynackEngine *self = sock->host->engine;

  if (self->trace == NULL || sock->conn == G_MAXUINT || !sock->record_states)
    return;
  synack_trace_append_vars (self->trace, synack_clock_now (self->clock), sock->conn,
                            sock->endpoint, vars->snd_una, vars->snd_nxt, vars->snd_wnd,
                            vars->rcv_nxt, vars->rcv_wnd, vars->cwnd, vars->ssthresh);
}

static void
on_connected (SynackTcb *tcb,
              gpointer   user_data)
{
  SynackSocket *sock = user_data;

  if (sock->connect_pending)
    {
      sock->connect_pending = FALSE;
      record_call (sock, SYNACK_CALL_CONNECT_RETURNS, sock->key.rport, 0);
    }
  if (sock->handler.connected != NULL)
    sock->handler.connected (sock, sock->user_data);
}

static void
on_accepted (SynackTcb *tcb,
             gpointer   user_data)
{
  SynackSocket *sock = user_data;
  SynackSocket *listener = sock->listener;

  record_call (sock, SYNACK_CALL_ACCEPT_RETURNS, sock->key.lport, 0);
  if (listener == NULL)
    return;
  if (sock->half_open)
    {
      sock->half_open = FALSE;
      listener->n_half_open--;
    }
  sock->queued = TRUE;
  g_queue_push_tail (&listener->accept_queue, synack_socket_ref (sock));
  if (listener->handler.incoming != NULL)
    listener->handler.incoming (listener, listener->user_data);
}

static void
on_readable (SynackTcb    *tcb,
             const guint8 *data,
             gsize         len,
             gpointer      user_data)
{
  SynackSocket *sock = user_data;

  sock->bytes_received += len;
  /* With autoread the application sits in a blocking read(): every
   * delivery is a read() that returns these bytes. Without it, the
   * application's own recv() calls are recorded. */
  if (synack_tcb_get_options (tcb)->autoread && !sock->app_closed)
    record_side_call (sock, SYNACK_CALL_RECV, len, 0);
  if (sock->handler.readable != NULL)
    sock->handler.readable (sock, data, len, sock->user_data);
}

static void
on_eof (SynackTcb *tcb,
        gpointer   user_data)
{
  SynackSocket *sock = user_data;

  /* the reading application's read() returns 0: end of stream */
  if (synack_tcb_get_options (tcb)->autoread && !sock->app_closed)
    record_side_call (sock, SYNACK_CALL_RECV, 0, 0);
  if (sock->handler.eof != NULL)
    sock->handler.eof (sock, sock->user_data);
}

static void
on_writable (SynackTcb *tcb,
             gpointer   user_data)
{
  SynackSocket *sock = user_data;

  if (sock->handler.writable != NULL)
    sock->handler.writable (sock, sock->user_data);
}

static void
on_error (SynackTcb       *tcb,
          int              errnum,
          SynackCauseKind  cause,
          gpointer         user_data)
{
  SynackSocket *sock = user_data;

  sock->error = errnum;
  if (sock->connect_pending)
    {
      sock->connect_pending = FALSE;
      record_call (sock, SYNACK_CALL_CONNECT_RETURNS, sock->key.rport, errnum);
    }
  else if (synack_tcb_get_options (tcb)->autoread && !sock->app_closed && !sock->is_listener)
    {
      /* the application's blocking read() returns -1 with the error
       * (ETIMEDOUT when retransmission or keep-alive gives up,
       * ECONNRESET on a reset) */
      record_side_call (sock, SYNACK_CALL_RECV, 0, errnum);
    }
  if (sock->handler.error != NULL)
    sock->handler.error (sock, errnum, sock->user_data);
}

static void
on_closed (SynackTcb *tcb,
           gpointer   user_data)
{
  SynackSocket *sock = user_data;

  sock->tcb_closed = TRUE;
  socket_mark_dirty (sock);
}

static const SynackTcbCallbacks tcb_callbacks = {
  .transmit = on_transmit,
  .state_changed = on_state_changed,
  .timer = on_timer,
  .vars = on_vars,
  .connected = on_connected,
  .accepted = on_accepted,
  .readable = on_readable,
  .eof = on_eof,
  .writable = on_writable,
  .error = on_error,
  .closed = on_closed,
};

/* ---- sockets ---- */

static SynackSocket *
socket_new (SynackHost *host)
{
  SynackSocket *sock = g_new0 (SynackSocket, 1);

  sock->ref_count = 1;   /* the engine's, while the TCB lives */
  sock->host = host;
  sock->conn = G_MAXUINT;
  sock->last_timer_event = G_MAXUINT;
  sock->heap_time = G_MAXINT64;
  sock->record_states = TRUE;
  g_queue_init (&sock->accept_queue);
  return sock;
}

SynackSocket *
synack_socket_ref (SynackSocket *sock)
{
  g_return_val_if_fail (sock != NULL, NULL);
  sock->ref_count++;
  return sock;
}

void
synack_socket_unref (SynackSocket *sock)
{
  g_return_if_fail (sock != NULL);
  if (--sock->ref_count > 0)
    return;
  g_assert (sock->tcb == NULL);
  g_queue_clear_full (&sock->accept_queue, (GDestroyNotify) synack_socket_unref);
  g_free (sock);
}

static void
socket_mark_dirty (SynackSocket *sock)
{
  if (sock->dirty)
    return;
  sock->dirty = TRUE;
  g_ptr_array_add (sock->host->engine->dirty, synack_socket_ref (sock));
}

static int
compare_children (gconstpointer a,
                  gconstpointer b)
{
  const SynackSocket *x = *(SynackSocket * const *) a;
  const SynackSocket *y = *(SynackSocket * const *) b;
  int c = memcmp (&x->key.raddr, &y->key.raddr, sizeof x->key.raddr);

  if (c != 0)
    return c;
  return (int) x->key.rport - (int) y->key.rport;
}

/* A listener is finished: its children forget it (they hold no reference),
 * and the half-open ones are reset, as nothing can accept them any more.
 * In a fixed order (the hash table's is not part of the scenario). */
static void
listener_detach_children (SynackSocket *listener)
{
  SynackHost *host = listener->host;
  SynackEngine *self = host->engine;
  g_autoptr(GPtrArray) half_open = g_ptr_array_new_with_free_func (
    (GDestroyNotify) synack_socket_unref);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, host->conns);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      SynackSocket *child = value;

      if (child->listener != listener)
        continue;
      child->listener = NULL;
      if (child->half_open)
        {
          child->half_open = FALSE;
          listener->n_half_open--;
          if (child->tcb != NULL && !child->tcb_closed)
            g_ptr_array_add (half_open, synack_socket_ref (child));
        }
    }
  g_ptr_array_sort (half_open, compare_children);
  for (guint i = 0; i < half_open->len; i++)
    {
      SynackSocket *child = g_ptr_array_index (half_open, i);

      engine_enter (self);
      socket_mark_dirty (child);
      synack_tcb_abort (child->tcb, synack_clock_now (self->clock));
      engine_leave (self);
    }
}

/* The TCB is finished: forget it and drop the engine's reference. */
static void
socket_release_tcb (SynackSocket *sock)
{
  SynackHost *host = sock->host;

  if (sock->in_demux)
    {
      g_hash_table_remove (host->conns, &sock->key);
      sock->in_demux = FALSE;
    }
  if (sock->is_listener &&
      g_hash_table_lookup (host->listeners, GUINT_TO_POINTER (sock->key.lport)) == sock)
    g_hash_table_remove (host->listeners, GUINT_TO_POINTER (sock->key.lport));
  if (sock->is_listener)
    listener_detach_children (sock);
  if (sock->half_open)
    {
      sock->half_open = FALSE;
      sock->listener->n_half_open--;
    }
  g_clear_pointer (&sock->tcb, synack_tcb_free);
  sock->heap_time = G_MAXINT64;
  if (sock->handler.closed != NULL)
    sock->handler.closed (sock, sock->user_data);
  synack_socket_unref (sock);
}

static void
socket_update_timer (SynackSocket *sock)
{
  SynackEngine *self = sock->host->engine;
  gint64 due;

  if (sock->tcb == NULL || sock->host->crashed)
    return;
  due = synack_tcb_next_timer_due (sock->tcb);
  if (due < sock->heap_time)
    {
      sock->heap_time = due;
      _synack_heap_push (&self->timers, due, synack_socket_ref (sock));
    }
}

static void
engine_enter (SynackEngine *self)
{
  self->depth++;
}

static void
flush_pending (SynackEngine *self)
{
  /* Outputs may queue more (never from a TCB here, but keep it general). */
  for (guint i = 0; i < self->pending->len; i++)
    {
      Pending p = g_array_index (self->pending, Pending, i);
      SynackSocket *sock = p.socket;
      const SynackAddress *dst;
      guint conn = sock->conn, endpoint = sock->endpoint;

      if (sock->is_listener)
        {
          dst = &self->cur_src;
          if (self->trace != NULL)
            {
              conn = trace_conn_for (self, dst, p.seg.dport, &sock->host->address, p.seg.sport);
              endpoint = trace_endpoint_of (self, conn, &sock->host->address, p.seg.sport);
            }
        }
      else
        dst = &sock->key.raddr;
      host_output (sock->host, conn, endpoint, dst, &p.seg,
                   p.seg.payload_len > 0 ? self->pending_bytes->data + p.offset : NULL,
                   p.analysis);
      synack_socket_unref (sock);
    }
  g_array_set_size (self->pending, 0);
  g_byte_array_set_size (self->pending_bytes, 0);
}

static void
engine_leave (SynackEngine *self)
{
  g_assert (self->depth > 0);
  if (--self->depth > 0)
    return;

  self->depth++;
  while (self->pending->len > 0 || self->dirty->len > 0)
    {
      flush_pending (self);
      for (guint i = 0; i < self->dirty->len; i++)
        {
          SynackSocket *sock = g_ptr_array_index (self->dirty, i);

          sock->dirty = FALSE;
          if (sock->tcb != NULL)
            {
              if (sock->tcb_closed)
                socket_release_tcb (sock);
              else
                socket_update_timer (sock);
            }
          synack_socket_unref (sock);
        }
      g_ptr_array_set_size (self->dirty, 0);
    }
  self->depth--;
  if (!self->processing)
    engine_reschedule (self);
}

/* ---- output ---- */

static guint
link_tap (SynackLink          *link,
          guint                direction,
          const SynackAddress *src,
          const SynackAddress *dst,
          const SynackSegment *seg,
          guint32              analysis,
          SynackLinkFate       fate,
          gint64               sent,
          gint64               arrive,
          gpointer             user_data)
{
  LinkInfo *info = user_data;
  SynackEngine *self = info->engine;
  SynackFate trace_fate;

  if (self->trace == NULL || self->tx_conn == G_MAXUINT)
    return G_MAXUINT;
  switch (fate)
    {
    case SYNACK_LINK_FATE_LOST:
      trace_fate = SYNACK_FATE_LOST;
      arrive = SYNACK_TIME_NONE;
      break;
    case SYNACK_LINK_FATE_HOST_DOWN:
      trace_fate = SYNACK_FATE_HOST_DOWN;
      arrive = SYNACK_TIME_NONE;
      break;
    case SYNACK_LINK_FATE_DUPLICATED:
      trace_fate = SYNACK_FATE_DUPLICATED;
      break;
    default:
      trace_fate = SYNACK_FATE_DELIVERED;
      break;
    }
  return synack_trace_append_segment (self->trace, sent, self->tx_conn, self->tx_endpoint,
                                      seg, trace_fate, arrive, analysis);
}

static void host_receive (SynackHost          *host,
                          const SynackAddress *src,
                          const SynackAddress *dst,
                          const SynackSegment *seg,
                          const guint8        *payload);

static void
link_deliver (SynackLink          *link,
              guint                direction,
              guint                tag,
              const SynackAddress *src,
              const SynackAddress *dst,
              const SynackSegment *seg,
              const guint8        *payload,
              gpointer             user_data)
{
  LinkInfo *info = user_data;
  SynackEngine *self = info->engine;

  self->cur_segment_event = tag;
  host_receive (info->host[direction == 0 ? 1 : 0], src, dst, seg, payload);
}

static void
host_output (SynackHost          *host,
             guint                conn,
             guint                endpoint,
             const SynackAddress *dst,
             const SynackSegment *seg,
             const guint8        *payload,
             guint32              analysis)
{
  SynackEngine *self = host->engine;
  gint64 now = synack_clock_now (self->clock);

  if (host->crashed)
    return;

  if (host->link != NULL)
    {
      self->tx_conn = conn;
      self->tx_endpoint = endpoint;
      synack_link_send (host->link, host->side, now, &host->address, dst, seg, payload,
                        analysis);
      self->tx_conn = G_MAXUINT;
    }
  else if (host->output != NULL)
    {
      guint8 buf[65536 + 120];
      g_autoptr(GError) error = NULL;
      gsize len;

      if (self->trace != NULL && conn != G_MAXUINT)
        synack_trace_append_segment (self->trace, now, conn, endpoint, seg,
                                     SYNACK_FATE_DELIVERED, SYNACK_TIME_NONE, analysis);
      len = synack_wire_encode (&host->address, dst, seg, payload, 64, host->ip_id++,
                                buf, sizeof buf, &error);
      if (len == 0)
        g_warning ("%s: cannot encode a segment: %s", host->name, error->message);
      else
        host->output (host, buf, len, host->output_data);
    }
}

/* ---- input ---- */

static guint32
engine_pick_isn (SynackEngine *self,
                 SynackHost   *host)
{
  if (host->fixed_isn)
    return host->options.isn;
  return g_rand_int (self->rand);
}

static void
host_reply_reset (SynackHost          *host,
                  const SynackAddress *src,
                  const SynackSegment *seg)
{
  SynackEngine *self = host->engine;
  SynackSegment rst;
  guint conn = G_MAXUINT, endpoint = 0;

  if (!synack_tcb_reset_for (seg, &rst))
    return;
  if (self->trace != NULL)
    {
      conn = trace_conn_for (self, src, seg->sport, &host->address, seg->dport);
      endpoint = trace_endpoint_of (self, conn, &host->address, seg->dport);
    }
  host_output (host, conn, endpoint, src, &rst, NULL, 0);
}

static void
listener_spawn (SynackSocket        *listener,
                const SynackAddress *src,
                const SynackSegment *seg,
                const guint8        *payload)
{
  SynackHost *host = listener->host;
  SynackEngine *self = host->engine;
  SynackSocket *child;
  guint32 isn;

  /* Linux drops a SYN when the queues are full; the client retries. */
  if (listener->n_half_open + g_queue_get_length (&listener->accept_queue) >= listener->backlog)
    return;

  child = socket_new (host);
  child->listener = listener;
  child->key.raddr = *src;
  child->key.lport = seg->dport;
  child->key.rport = seg->sport;
  child->handler = listener->handler;
  child->user_data = listener->user_data;
  isn = engine_pick_isn (self, host);
  child->tcb = synack_tcb_new_from_listen (listener->tcb, isn, &tcb_callbacks, child);
  g_hash_table_insert (host->conns, &child->key, child);
  child->in_demux = TRUE;
  listener->n_half_open++;
  child->half_open = TRUE;

  if (self->trace != NULL)
    {
      guint conn = trace_conn_lookup (self, src, seg->sport, &host->address, seg->dport);

      if (conn == G_MAXUINT && listener->conn != G_MAXUINT && !listener->conn_claimed)
        {
          conn = listener->conn;
          listener->conn_claimed = TRUE;
          listener->record_states = FALSE;
          synack_trace_set_endpoint (self->trace, conn, 0, src, seg->sport);
          trace_conn_register (self, src, seg->sport, &host->address, seg->dport, conn);
          trace_name_endpoints (self, conn);
        }
      else if (conn == G_MAXUINT)
        {
          conn = trace_conn_for (self, src, seg->sport, &host->address, seg->dport);
          synack_trace_set_initial_state (self->trace, conn, 1, SYNACK_TCP_LISTEN);
        }
      /* the child carries on the listener's record from here */
      if (conn == listener->conn)
        listener->record_states = FALSE;
      child->conn = conn;
      child->endpoint = trace_endpoint_of (self, conn, &host->address, seg->dport);
      synack_trace_set_isn (self->trace, conn, child->endpoint, isn, TRUE);
    }

  engine_enter (self);
  socket_mark_dirty (child);
  synack_tcb_input (child->tcb, seg, payload, synack_clock_now (self->clock));
  engine_leave (self);
}

static void
host_receive (SynackHost          *host,
              const SynackAddress *src,
              const SynackAddress *dst,
              const SynackSegment *seg,
              const guint8        *payload)
{
  SynackEngine *self = host->engine;
  DemuxKey key;
  SynackSocket *sock;

  if (host->crashed)
    return;
  self->n_segments++;

  memset (&key, 0, sizeof key);
  key.raddr = *src;
  key.lport = seg->dport;
  key.rport = seg->sport;
  sock = g_hash_table_lookup (host->conns, &key);
  if (sock == NULL)
    sock = g_hash_table_lookup (host->listeners, GUINT_TO_POINTER (seg->dport));
  if (sock == NULL || sock->tcb == NULL)
    {
      host_reply_reset (host, src, seg);
      return;
    }

  if (sock->is_listener && synack_tcb_get_state (sock->tcb) == SYNACK_TCP_LISTEN &&
      synack_tcb_listen_wants_child (seg))
    {
      listener_spawn (sock, src, seg, payload);
      return;
    }

  self->cur_src = *src;
  self->cur_sport = seg->sport;
  engine_enter (self);
  socket_mark_dirty (sock);
  synack_tcb_input (sock->tcb, seg, payload, synack_clock_now (self->clock));
  engine_leave (self);
}

/* ---- GObject ---- */

static void
host_free (SynackHost *host)
{
  GHashTableIter iter;
  gpointer value;
  g_autoptr(GPtrArray) sockets = g_ptr_array_new ();

  g_hash_table_iter_init (&iter, host->conns);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (sockets, value);
  g_hash_table_iter_init (&iter, host->listeners);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (sockets, value);
  g_hash_table_remove_all (host->conns);
  g_hash_table_remove_all (host->listeners);
  for (guint i = 0; i < sockets->len; i++)
    {
      SynackSocket *sock = g_ptr_array_index (sockets, i);

      sock->in_demux = FALSE;
      if (sock->tcb != NULL)
        {
          g_clear_pointer (&sock->tcb, synack_tcb_free);
          synack_socket_unref (sock);
        }
    }
  g_hash_table_unref (host->conns);
  g_hash_table_unref (host->listeners);
  g_free (host);
}

static void
synack_engine_finalize (GObject *object)
{
  SynackEngine *self = SYNACK_ENGINE (object);

  while (self->timers.len > 0)
    synack_socket_unref (_synack_heap_pop (&self->timers).data);
  _synack_heap_clear (&self->timers);
  while (self->alarms.len > 0)
    g_free (_synack_heap_pop (&self->alarms).data);
  _synack_heap_clear (&self->alarms);
  for (guint i = 0; i < self->pending->len; i++)
    synack_socket_unref (g_array_index (self->pending, Pending, i).socket);
  g_clear_error (&self->stopped);
  g_array_unref (self->pending);
  g_byte_array_unref (self->pending_bytes);
  g_ptr_array_unref (self->dirty);
  g_ptr_array_unref (self->hosts);
  g_ptr_array_unref (self->links);
  g_hash_table_unref (self->trace_conns);
  g_rand_free (self->rand);
  synack_clock_set_wakeup_func (self->clock, NULL, NULL);
  synack_clock_set_wakeup (self->clock, SYNACK_CLOCK_NEVER);
  synack_clock_unref (self->clock);
  g_clear_object (&self->trace);

  G_OBJECT_CLASS (synack_engine_parent_class)->finalize (object);
}

static void
synack_engine_class_init (SynackEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = synack_engine_finalize;
}

static void
link_info_free (LinkInfo *info)
{
  synack_link_free (info->link);
  g_free (info);
}

static void
synack_engine_init (SynackEngine *self)
{
  self->hosts = g_ptr_array_new_with_free_func ((GDestroyNotify) host_free);
  self->links = g_ptr_array_new_with_free_func ((GDestroyNotify) link_info_free);
  self->trace_conns = g_hash_table_new_full (conn_key_hash, conn_key_equal, g_free, NULL);
  self->pending = g_array_new (FALSE, FALSE, sizeof (Pending));
  self->pending_bytes = g_byte_array_new ();
  self->dirty = g_ptr_array_new ();
  self->tx_conn = G_MAXUINT;
  self->cur_segment_event = G_MAXUINT;
  self->cur_call_event = G_MAXUINT;
  self->instant_limit = SYNACK_ENGINE_INSTANT_LIMIT_DEFAULT;
  self->instant_time = G_MININT64;
}

static void
on_clock_wakeup (SynackClock *clock,
                 gint64       now,
                 gpointer     user_data)
{
  synack_engine_process (user_data);
}

SynackEngine *
synack_engine_new (SynackClock *clock,
                   SynackTrace *trace,
                   guint64      seed)
{
  SynackEngine *self;
  guint32 words[2] = { (guint32) seed, (guint32) (seed >> 32) };

  g_return_val_if_fail (clock != NULL, NULL);

  self = g_object_new (SYNACK_TYPE_ENGINE, NULL);
  self->clock = synack_clock_ref (clock);
  self->trace = trace ? g_object_ref (trace) : NULL;
  self->seed = seed;
  self->rand = g_rand_new_with_seed_array (words, 2);
  synack_clock_set_wakeup_func (clock, on_clock_wakeup, self);
  return self;
}

gint64
synack_engine_now (SynackEngine *self)
{
  return synack_clock_now (self->clock);
}

guint64
synack_engine_get_n_segments (SynackEngine *self)
{
  return self->n_segments;
}

SynackHost *
synack_engine_add_host (SynackEngine        *self,
                        const char          *name,
                        const SynackAddress *address)
{
  SynackHost *host = g_new0 (SynackHost, 1);

  host->engine = self;
  host->name = g_intern_string (name);
  host->address = *address;
  synack_tcb_options_init_linux (&host->options);
  /* 1500-byte MTU less the IPv6 and TCP headers, as Linux announces. */
  if (address->family == 6)
    host->options.mss = 1440;
  host->conns = g_hash_table_new (demux_key_hash, demux_key_equal);
  host->listeners = g_hash_table_new (NULL, NULL);
  g_ptr_array_add (self->hosts, host);
  return host;
}

SynackHost *
synack_engine_find_host (SynackEngine *self,
                         const char   *name)
{
  for (guint i = 0; i < self->hosts->len; i++)
    {
      SynackHost *host = g_ptr_array_index (self->hosts, i);

      if (g_strcmp0 (host->name, name) == 0)
        return host;
    }
  return NULL;
}

SynackHost *
synack_engine_find_host_by_address (SynackEngine        *self,
                                    const SynackAddress *address)
{
  for (guint i = 0; i < self->hosts->len; i++)
    {
      SynackHost *host = g_ptr_array_index (self->hosts, i);

      if (synack_address_equal (&host->address, address))
        return host;
    }
  return NULL;
}

SynackLink *
synack_engine_connect_hosts (SynackEngine *self,
                             SynackHost   *a,
                             SynackHost   *b)
{
  LinkInfo *info = g_new0 (LinkInfo, 1);

  info->engine = self;
  info->link = synack_link_new (self->seed * 0x9E3779B97F4A7C15ull + self->links->len + 1);
  info->host[0] = a;
  info->host[1] = b;
  synack_link_set_funcs (info->link, link_tap, link_deliver, info);
  a->link = info->link;
  a->side = 0;
  b->link = info->link;
  b->side = 1;
  g_ptr_array_add (self->links, info);
  return info->link;
}

/* ---- time ---- */

void
synack_engine_add_alarm (SynackEngine          *self,
                         gint64                 time,
                         SynackEngineAlarmFunc  func,
                         gpointer               user_data)
{
  Alarm *alarm = g_new (Alarm, 1);

  alarm->func = func;
  alarm->user_data = user_data;
  _synack_heap_push (&self->alarms, MAX (time, synack_clock_now (self->clock)), alarm);
  if (!self->processing && self->depth == 0)
    engine_reschedule (self);
}

gint64
synack_engine_next_due (SynackEngine *self)
{
  gint64 due = MIN (_synack_heap_peek_time (&self->timers),
                    _synack_heap_peek_time (&self->alarms));

  if (self->stopped != NULL)
    return G_MAXINT64;

  for (guint i = 0; i < self->links->len; i++)
    {
      LinkInfo *info = g_ptr_array_index (self->links, i);

      due = MIN (due, synack_link_next_arrival (info->link));
    }
  return due;
}

static void
engine_reschedule (SynackEngine *self)
{
  synack_clock_set_wakeup (self->clock, synack_engine_next_due (self));
}

static void
fire_timer (SynackEngine *self,
            gint64        now)
{
  SynackHeapEntry entry = _synack_heap_pop (&self->timers);
  SynackSocket *sock = entry.data;

  if (sock->tcb != NULL && sock->heap_time == entry.time && !sock->host->crashed)
    {
      sock->heap_time = G_MAXINT64;
      engine_enter (self);
      socket_mark_dirty (sock);
      if (synack_tcb_next_timer_due (sock->tcb) <= now)
        synack_tcb_on_timer (sock->tcb, now);
      engine_leave (self);
    }
  synack_socket_unref (sock);
}

void
synack_engine_process (SynackEngine *self)
{
  gint64 now = synack_clock_now (self->clock);
  gboolean was_processing = self->processing;

  if (self->stopped != NULL)
    return;
  if (now != self->instant_time)
    {
      self->instant_time = now;
      self->instant_steps = 0;
    }
  self->processing = TRUE;
  g_object_ref (self);
  for (;;)
    {
      SynackLink *first_link = NULL;
      gint64 t_link = G_MAXINT64, t_timer, t_alarm;


      for (guint i = 0; i < self->links->len; i++)
        {
          LinkInfo *info = g_ptr_array_index (self->links, i);
          gint64 t = synack_link_next_arrival (info->link);

          if (t < t_link)
            {
              t_link = t;
              first_link = info->link;
            }
        }
      t_timer = _synack_heap_peek_time (&self->timers);
      t_alarm = _synack_heap_peek_time (&self->alarms);
      if (t_link > now && t_timer > now && t_alarm > now)
        break;

      /* Virtual time stands still while anything is due now: endpoints
       * that answer each other (or re-arm a timer) at once for ever would
       * hang the run, and the trace would grow until memory runs out. */
      if (self->instant_limit > 0 && self->instant_steps >= self->instant_limit)
        {
          g_set_error (&self->stopped, SYNACK_ERROR, SYNACK_ERROR_FAILED,
                       _("stopped at %.6f s: more than %u events at that one instant "
                         "(segments or timers that answer each other without end)"),
                       now / 1e9, self->instant_limit);
          break;
        }
      self->instant_steps++;

      if (t_link <= now && t_link <= t_timer && t_link <= t_alarm)
        synack_link_deliver_one (first_link, now);
      else if (t_timer <= now && t_timer <= t_alarm)
        fire_timer (self, now);
      else if (t_alarm <= now)
        {
          SynackHeapEntry entry = _synack_heap_pop (&self->alarms);
          Alarm *alarm = entry.data;

          alarm->func (self, alarm->user_data);
          g_free (alarm);
        }
      else
        break;
    }
  self->processing = was_processing;
  if (!self->processing)
    engine_reschedule (self);
  g_object_unref (self);
}

void
synack_engine_set_instant_limit (SynackEngine *self,
                                 guint         max_steps)
{
  g_return_if_fail (SYNACK_IS_ENGINE (self));
  self->instant_limit = max_steps;
}

const GError *
synack_engine_get_stopped (SynackEngine *self)
{
  g_return_val_if_fail (SYNACK_IS_ENGINE (self), NULL);
  return self->stopped;
}

gboolean
synack_engine_run_until (SynackEngine *self,
                         gint64        limit)
{
  g_return_val_if_fail (synack_clock_is_virtual (self->clock), TRUE);

  engine_reschedule (self);
  synack_clock_run_until (self->clock, limit);
  return synack_engine_next_due (self) == G_MAXINT64;
}

void
synack_engine_commit (SynackEngine *self)
{
  if (self->trace != NULL)
    synack_trace_commit (self->trace);
}

void
synack_engine_finish_trace (SynackEngine *self)
{
  if (self->trace == NULL)
    return;
  for (guint c = 0; c < synack_trace_get_n_connections (self->trace); c++)
    {
      const SynackConnection *conn = synack_trace_get_connection (self->trace, c);

      /* A listener no client ever reached keeps its record (its LISTEN span
       * and calls belong in the views) but is no connection: no Zeek state
       * ("" = none; OTH would claim traffic without a SYN). */
      if (conn->addr[0].family == 0 && conn->n_segments == 0)
        synack_trace_set_summary (self->trace, c, "");
      else
        synack_trace_set_summary (self->trace, c, synack_zeek_conn_state (self->trace, c));
    }
  synack_trace_commit (self->trace);
}

/* ---- hosts ---- */

const SynackAddress *
synack_host_get_address (SynackHost *host)
{
  return &host->address;
}

SynackTcbOptions *
synack_host_get_options (SynackHost *host)
{
  return &host->options;
}

void
synack_host_set_fixed_isn (SynackHost *host,
                           gboolean    fixed,
                           guint32     isn)
{
  host->fixed_isn = fixed;
  host->options.isn = isn;
}

void
synack_host_set_output (SynackHost           *host,
                        SynackHostOutputFunc  func,
                        gpointer              user_data)
{
  host->output = func;
  host->output_data = user_data;
}

void
synack_host_inject (SynackHost          *host,
                    const SynackAddress *dst,
                    const SynackSegment *seg,
                    const guint8        *payload)
{
  SynackEngine *self = host->engine;
  guint conn = G_MAXUINT, endpoint = 0;

  if (self->trace != NULL)
    {
      conn = trace_conn_for (self, &host->address, seg->sport, dst, seg->dport);
      endpoint = trace_endpoint_of (self, conn, &host->address, seg->sport);
    }
  host_output (host, conn, endpoint, dst, seg, payload, 0);
  if (self->depth == 0 && !self->processing)
    engine_reschedule (self);
}

static int
compare_sockets_by_conn (gconstpointer a,
                         gconstpointer b)
{
  const SynackSocket *x = *(SynackSocket *const *) a;
  const SynackSocket *y = *(SynackSocket *const *) b;

  return x->conn < y->conn ? -1 : x->conn > y->conn;
}

void
synack_host_crash (SynackHost *host)
{
  SynackEngine *self = host->engine;
  g_autoptr(GPtrArray) socks = NULL;
  GHashTableIter iter;
  gpointer value;
  gint64 now;

  if (host->crashed)
    return;
  host->crashed = TRUE;

  /* Frames on their way to a dead host reach nobody. */
  if (host->link != NULL)
    synack_link_set_down (host->link, 1 - host->side, TRUE);

  if (self->trace == NULL)
    return;

  /* Its connections die with it, silently: the trace says so, in the order
   * of the connections so that a run stays deterministic. */
  socks = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, host->conns);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (socks, value);
  g_hash_table_iter_init (&iter, host->listeners);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (socks, value);
  g_ptr_array_sort (socks, compare_sockets_by_conn);

  now = synack_clock_now (self->clock);
  for (guint i = 0; i < socks->len; i++)
    {
      SynackSocket *sock = g_ptr_array_index (socks, i);
      guint call;

      if (sock->tcb == NULL || sock->conn == G_MAXUINT || !sock->record_states ||
          (i > 0 && ((SynackSocket *) g_ptr_array_index (socks, i - 1))->conn == sock->conn))
        continue;
      call = synack_trace_append_call (self->trace, now, sock->conn, sock->endpoint,
                                       SYNACK_CALL_CRASH, 0, 0);
      if (synack_tcb_get_state (sock->tcb) != SYNACK_TCP_CLOSED)
        synack_trace_append_state (self->trace, now, sock->conn, sock->endpoint,
                                   SYNACK_TCP_CLOSED, SYNACK_CAUSE_CALL, call);
    }
}

gboolean
synack_host_is_crashed (SynackHost *host)
{
  return host->crashed;
}

void
synack_host_input_segment (SynackHost          *host,
                           const SynackAddress *src,
                           const SynackAddress *dst,
                           const SynackSegment *seg,
                           const guint8        *payload)
{
  SynackEngine *self = host->engine;

  self->cur_segment_event = G_MAXUINT;
  if (self->trace != NULL && !host->crashed)
    {
      guint conn = trace_conn_lookup (self, src, seg->sport, dst, seg->dport);
      gint64 now = synack_clock_now (self->clock);

      /* A stranger's first SYN to a listener fills in the listener's record
       * (listener_spawn then finds it); anything else gets a record of its
       * own, with the sender as the client for want of better. */
      if (conn == G_MAXUINT)
        {
          SynackSocket *listener = g_hash_table_lookup (host->listeners,
                                                        GUINT_TO_POINTER (seg->dport));

          if (listener != NULL && listener->conn != G_MAXUINT && !listener->conn_claimed &&
              synack_tcb_listen_wants_child (seg))
            {
              conn = listener->conn;
              listener->conn_claimed = TRUE;
              listener->record_states = FALSE;
              synack_trace_set_endpoint (self->trace, conn, 0, src, seg->sport);
              trace_conn_register (self, src, seg->sport, dst, seg->dport, conn);
            }
          else
            {
              gboolean fresh = trace_conn_lookup (self, src, seg->sport, dst, seg->dport)
                               == G_MAXUINT;

              conn = trace_conn_for (self, src, seg->sport, dst, seg->dport);
              /* A later child of the listener: its record starts in LISTEN,
               * as the first one's does. */
              if (fresh && listener != NULL && listener->tcb != NULL
                  && synack_tcb_get_state (listener->tcb) == SYNACK_TCP_LISTEN
                  && synack_tcb_listen_wants_child (seg))
                synack_trace_set_initial_state (self->trace, conn,
                                                trace_endpoint_of (self, conn, dst, seg->dport),
                                                SYNACK_TCP_LISTEN);
            }
        }
      self->cur_segment_event =
        synack_trace_append_segment (self->trace, now, conn,
                                     trace_endpoint_of (self, conn, src, seg->sport), seg,
                                     SYNACK_FATE_DELIVERED, now, 0);
    }
  engine_enter (self);
  host_receive (host, src, dst, seg, payload);
  engine_leave (self);
}

gboolean
synack_host_input_packet (SynackHost    *host,
                          const guint8  *packet,
                          gsize          len,
                          GError       **error)
{
  SynackIpInfo ip;
  SynackSegment seg;
  char buf[64];

  if (!synack_wire_decode (packet, len, &ip, &seg, error))
    return FALSE;
  if (!synack_address_equal (&ip.dst, &host->address))
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID,
                   _("%s: a packet for %s, which is not this host's address"),
                   host->name, synack_address_to_string (&ip.dst, buf, sizeof buf));
      return FALSE;
    }
  if (ip.payload_captured < seg.payload_len)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_TRUNCATED,
                   _("%s: a packet with %u of its %u payload bytes"),
                   host->name, ip.payload_captured, seg.payload_len);
      return FALSE;
    }
  synack_host_input_segment (host, &ip.src, &ip.dst, &seg, packet + ip.payload_offset);
  return TRUE;
}

/* ---- socket calls ---- */

SynackSocket *
synack_host_listen (SynackHost  *host,
                    guint16      port,
                    guint        backlog,
                    GError     **error)
{
  SynackEngine *self = host->engine;
  SynackSocket *sock;
  SynackAddress none = { 0 };
  int r;

  if (g_hash_table_lookup (host->listeners, GUINT_TO_POINTER (port)) != NULL)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID,
                   _("%s: port %u is already listening"), host->name, port);
      return NULL;
    }

  sock = socket_new (host);
  sock->is_listener = TRUE;
  sock->backlog = MAX (backlog, 1);
  sock->key.lport = port;
  sock->tcb = synack_tcb_new (&host->options, &tcb_callbacks, sock);
  g_hash_table_insert (host->listeners, GUINT_TO_POINTER (port), sock);

  if (self->trace != NULL)
    {
      sock->conn = synack_trace_add_connection (self->trace, &none, 0, &host->address, port);
      sock->endpoint = 1;
      synack_trace_set_endpoint_name (self->trace, sock->conn, 1, host->name);
    }
  engine_enter (self);
  socket_mark_dirty (sock);
  /* socket(), bind(), listen(), then the server blocks in accept() */
  record_call (sock, SYNACK_CALL_SOCKET, 0, 0);
  record_call (sock, SYNACK_CALL_BIND, port, 0);
  record_call (sock, SYNACK_CALL_LISTEN, port, 0);
  r = synack_tcb_open_passive (sock->tcb, port, synack_clock_now (self->clock));
  if (r == 0)
    record_side_call (sock, SYNACK_CALL_ACCEPT, port, 0);
  engine_leave (self);
  if (r < 0)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_FAILED,
                   _("%s: cannot listen on port %u: %s"), host->name, port, g_strerror (-r));
      return NULL;
    }
  return sock;
}

static gboolean
port_in_use (SynackHost          *host,
             guint16              lport,
             const SynackAddress *remote,
             guint16              rport)
{
  DemuxKey key;

  memset (&key, 0, sizeof key);
  key.raddr = *remote;
  key.lport = lport;
  key.rport = rport;
  return g_hash_table_contains (host->conns, &key);
}

SynackSocket *
synack_host_connect (SynackHost          *host,
                     const SynackAddress *remote,
                     guint16              remote_port,
                     guint16              local_port,
                     GError             **error)
{
  SynackEngine *self = host->engine;
  SynackSocket *sock;
  SynackHost *server;
  guint32 isn;
  int r;
  gboolean explicit_port = local_port != 0;

  if (local_port == 0)
    {
      guint16 start = (guint16) g_rand_int_range (self->rand, 32768, 61000);

      local_port = start;
      while (port_in_use (host, local_port, remote, remote_port) ||
             g_hash_table_contains (host->listeners, GUINT_TO_POINTER (local_port)))
        {
          local_port = local_port >= 60999 ? 32768 : local_port + 1;
          if (local_port == start)
            {
              g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_FAILED,
                           _("%s: no ephemeral port left"), host->name);
              return NULL;
            }
        }
    }
  else if (port_in_use (host, local_port, remote, remote_port))
    {
      char where[64];
      DemuxKey key;
      SynackSocket *old;

      /* On the timeline of the connection that holds the ports. */
      memset (&key, 0, sizeof key);
      key.raddr = *remote;
      key.lport = local_port;
      key.rport = remote_port;
      old = g_hash_table_lookup (host->conns, &key);
      /* The application's socket() and bind() to the port, on the timeline
       * of the connection that holds it: bind() fails, as it does without
       * SO_REUSEADDR while a connection (TIME-WAIT, most likely) still
       * holds the port. */
      if (old != NULL)
        {
          record_call (old, SYNACK_CALL_SOCKET, 0, 0);
          record_call (old, SYNACK_CALL_BIND, local_port, EADDRINUSE);
        }

      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_FAILED,
                   _("%s: port %u to %s is in use (%s)"), host->name, local_port,
                   synack_endpoint_to_string (remote, remote_port, where, sizeof where),
                   g_strerror (EADDRINUSE));
      return NULL;
    }

  sock = socket_new (host);
  sock->key.raddr = *remote;
  sock->key.lport = local_port;
  sock->key.rport = remote_port;
  sock->connect_pending = TRUE;
  isn = engine_pick_isn (self, host);
  {
    SynackTcbOptions options = host->options;

    options.isn = isn;
    sock->tcb = synack_tcb_new (&options, &tcb_callbacks, sock);
  }
  g_hash_table_insert (host->conns, &sock->key, sock);
  sock->in_demux = TRUE;

  if (self->trace != NULL)
    {
      SynackSocket *listener = NULL;
      guint conn;

      SynackSocket *peer = NULL;

      server = synack_engine_find_host_by_address (self, remote);
      if (server != NULL)
        {
          DemuxKey key;

          listener = g_hash_table_lookup (server->listeners, GUINT_TO_POINTER (remote_port));
          memset (&key, 0, sizeof key);
          key.raddr = host->address;
          key.lport = remote_port;
          key.rport = local_port;
          peer = g_hash_table_lookup (server->conns, &key);
        }
      if (peer != NULL && peer->conn != G_MAXUINT)
        {
          /* Simultaneous open: the peer connected to us first; one record. */
          conn = peer->conn;
        }
      else if (listener != NULL && listener->conn != G_MAXUINT && !listener->conn_claimed)
        {
          /* the listener keeps writing its side of the record (its close,
           * should it close before a SYN arrives) until a child takes over */
          conn = listener->conn;
          listener->conn_claimed = TRUE;
          synack_trace_set_endpoint (self->trace, conn, 0, &host->address, local_port);
        }
      else
        {
          conn = synack_trace_add_connection (self->trace, &host->address, local_port,
                                              remote, remote_port);
          if (listener != NULL)
            synack_trace_set_initial_state (self->trace, conn, 1, SYNACK_TCP_LISTEN);
        }
      trace_conn_register (self, &host->address, local_port, remote, remote_port, conn);
      trace_name_endpoints (self, conn);
      sock->conn = conn;
      sock->endpoint = trace_endpoint_of (self, conn, &host->address, local_port);
      synack_trace_set_isn (self->trace, conn, sock->endpoint, isn, TRUE);
    }

  engine_enter (self);
  socket_mark_dirty (sock);
  record_call (sock, SYNACK_CALL_SOCKET, 0, 0);
  if (explicit_port)
    record_call (sock, SYNACK_CALL_BIND, local_port, 0);
  record_call (sock, SYNACK_CALL_CONNECT, remote_port, 0);
  r = synack_tcb_open_active (sock->tcb, local_port, remote_port, synack_clock_now (self->clock));
  engine_leave (self);
  if (r < 0)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_FAILED,
                   _("%s: cannot connect: %s"), host->name, g_strerror (-r));
      return NULL;
    }
  return sock;
}

SynackSocket *
synack_socket_accept (SynackSocket *listener)
{
  SynackSocket *child;

  g_return_val_if_fail (listener->is_listener, NULL);
  child = g_queue_pop_head (&listener->accept_queue);
  if (child == NULL)
    return NULL;
  child->queued = FALSE;
  /* The queue's reference goes; the engine's stays while the TCB lives. */
  if (child->tcb == NULL && child->ref_count == 1)
    {
      synack_socket_unref (child);
      return synack_socket_accept (listener);
    }
  synack_socket_unref (child);
  return child;
}

guint
synack_socket_get_n_pending (SynackSocket *listener)
{
  return g_queue_get_length (&listener->accept_queue);
}

gssize
synack_socket_send (SynackSocket *sock,
                    const guint8 *data,
                    gsize         len)
{
  SynackEngine *self = sock->host->engine;
  gssize r;
  gsize space;

  if (sock->tcb == NULL || sock->host->crashed)
    {
      int err = sock->error ? sock->error : EPIPE;

      if (!sock->host->crashed)
        record_call (sock, SYNACK_CALL_SEND, len, err);
      return -err;
    }
  space = synack_tcb_get_send_space (sock->tcb);

  /* The TCB always sees the whole request, so it knows to say `writable`
   * after a short write; the trace records what it will take. */
  engine_enter (self);
  socket_mark_dirty (sock);
  if (space > 0 || len == 0)
    record_call (sock, SYNACK_CALL_SEND, MIN (len, space), 0);
  r = synack_tcb_send (sock->tcb, data, len, synack_clock_now (self->clock));
  engine_leave (self);
  if (r == 0 && len > 0)
    return -EAGAIN;
  return r;
}

gssize
synack_socket_recv (SynackSocket *sock,
                    guint8       *buf,
                    gsize         len)
{
  SynackEngine *self = sock->host->engine;
  gssize r;
  gsize queued;

  if (sock->tcb == NULL || sock->host->crashed)
    return sock->error ? -sock->error : -ENOTCONN;
  queued = synack_tcb_get_recv_queued (sock->tcb);
  if (queued == 0 && !synack_tcb_peer_closed (sock->tcb))
    return -EAGAIN;

  engine_enter (self);
  socket_mark_dirty (sock);
  record_call (sock, SYNACK_CALL_RECV, MIN (len, queued), 0);
  r = synack_tcb_recv (sock->tcb, buf, MIN (len, queued), synack_clock_now (self->clock));
  engine_leave (self);
  return r;
}

typedef int (*TcbCall) (SynackTcb *tcb, gint64 now);

static int
socket_call (SynackSocket   *sock,
             SynackCallKind  kind,
             TcbCall         func)
{
  SynackEngine *self = sock->host->engine;
  int r;

  if (sock->host->crashed)
    return -ENOTCONN;
  if (kind != SYNACK_CALL_SHUTDOWN)
    sock->app_closed = TRUE;
  if (sock->tcb == NULL)
    {
      /* The connection is gone already; the call only frees the descriptor. */
      if (kind != SYNACK_CALL_SHUTDOWN)
        {
          record_call (sock, kind, 0, 0);
          return 0;
        }
      record_call (sock, kind, 0, ENOTCONN);
      return -ENOTCONN;
    }

  engine_enter (self);
  socket_mark_dirty (sock);
  if (sock->is_listener && !sock->record_states)
    self->cur_call_event = G_MAXUINT;
  else
    record_call (sock, kind, 0, 0);
  r = func (sock->tcb, synack_clock_now (self->clock));
  engine_leave (self);
  return r;
}

int
synack_socket_shutdown (SynackSocket *sock)
{
  return socket_call (sock, SYNACK_CALL_SHUTDOWN, synack_tcb_shutdown);
}

int
synack_socket_close (SynackSocket *sock)
{
  return socket_call (sock, SYNACK_CALL_CLOSE, synack_tcb_close);
}

int
synack_socket_abort (SynackSocket *sock)
{
  return socket_call (sock, SYNACK_CALL_ABORT, synack_tcb_abort);
}

void
synack_socket_set_handler (SynackSocket              *sock,
                           const SynackSocketHandler *handler,
                           gpointer                   user_data)
{
  if (handler != NULL)
    sock->handler = *handler;
  else
    memset (&sock->handler, 0, sizeof sock->handler);
  sock->user_data = user_data;
}

SynackHost *
synack_socket_get_host (SynackSocket *sock)
{
  return sock->host;
}

SynackTcpState
synack_socket_get_state (SynackSocket *sock)
{
  return sock->tcb != NULL ? synack_tcb_get_state (sock->tcb) : SYNACK_TCP_CLOSED;
}

SynackTcb *
synack_socket_get_tcb (SynackSocket *sock)
{
  return sock->tcb;
}

gboolean
synack_socket_is_listener (SynackSocket *sock)
{
  return sock->is_listener;
}

guint16
synack_socket_get_local_port (SynackSocket *sock)
{
  return sock->key.lport;
}

guint16
synack_socket_get_remote_port (SynackSocket *sock)
{
  return sock->key.rport;
}

guint
synack_socket_get_trace_conn (SynackSocket *sock)
{
  return sock->conn;
}

guint
synack_socket_get_trace_endpoint (SynackSocket *sock)
{
  return sock->conn == G_MAXUINT ? G_MAXUINT : sock->endpoint;
}

int
synack_socket_get_error (SynackSocket *sock)
{
  return sock->error;
}

guint64
synack_socket_get_bytes_received (SynackSocket *sock)
{
  return sock->bytes_received;
}
