/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <errno.h>
#include <string.h>

#include "synack-error.h"
#include "synack-zeek.h"
#include "synack-services.h"
#include "synack-seq.h"
#include "synack-wire.h"

#define CHUNK          16384
#define HTTP_MAX_REQ   8192
#define HTTP_BODY      "Hello from the Synack engine.\n"
/* Echo: bytes read and waiting for send room before the service stops
 * reading (and the engine's receive window starts to close), as a real echo
 * server that reads only what it can write back. A closed window no longer
 * stalls against Linux: the TCB takes the ACKs of segments that meet it
 * and never moves its right edge back. */
#define ECHO_READ_AHEAD (64 * 1024)

typedef enum
{
  ROLE_SERVER,
  ROLE_CLIENT,
} Role;

/* One engine socket that carries a connection, and what it is doing. */
typedef struct
{
  SynackServices   *owner;
  SynackSocket     *socket;       /* owned reference */
  Role              role;
  SynackServiceKind kind;
  SynackClientPlan  plan;
  guint64           to_send;      /* client: pattern bytes still to queue */
  guint64           sent;         /* client: pattern bytes queued so far */
  guint64           received;
  GByteArray       *pending;      /* echo and http: bytes waiting for send room */
  GString          *request;      /* http: the request read so far */
  gint64            last_active;  /* monotonic µs */
  guint             timer_id;     /* client close delay or server idle check */
  gboolean          closing;      /* close called (or the connection failed) */
  gboolean          shut_wr;      /* client: shutdown called, reading to EOF */
  gboolean          close_after_send; /* close once pending drains */
  gboolean          peer_eof;
  gboolean          done;         /* client-done emitted */
} Conn;

/* What the kernel's endpoint of a trace connection is doing, inferred. */
typedef struct
{
  guint8   known;         /* the connection has been looked at */
  guint8   engine_ep;     /* 0 or 1 */
  guint8   kernel_state;  /* SynackTcpState */
  guint8   ended;
  guint8   kernel_fin;    /* the kernel sent its FIN */
  guint8   engine_fin;    /* the engine sent its FIN */
  guint32  kernel_isn;
  guint32  kernel_fin_end;  /* the ACK that acknowledges the kernel's FIN */
} KernelSide;

struct _SynackServices
{
  GObject         parent_instance;

  SynackTun      *tun;
  SynackTrace    *trace;
  SynackClock    *clock;
  SynackEngine   *engine;
  SynackHost     *host;

  GHashTable     *conns;        /* SynackSocket* -> Conn* */
  GPtrArray      *listeners;    /* SynackSocket*, owned */
  GHashTable     *listen_kind;  /* port -> SynackServiceKind + 1 */
  GArray         *kernel;       /* KernelSide per trace connection */
  GPtrArray      *dead;         /* Conn* whose socket closed, freed at the next flush */
  GHashTable     *time_waits;   /* conn -> source id: the kernel's TIME-WAIT running out */
  guint           scanned;      /* trace events already looked at */
  guint           pre_inferred; /* the kernel segment already inferred, or G_MAXUINT */
  guint           flush_id;
  gint64          idle_close;   /* ns, 0 = never */
  gint64          kernel_time_wait; /* ns the kernel's TIME-WAIT is shown to last */
  guint           n_ended;
  guint64         bytes_in;
  guint64         bytes_out;
};

enum
{
  CONNECTION_ENDED,
  CLIENT_DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SynackServices, synack_services, G_TYPE_OBJECT)

static void conn_pump (Conn *c);
static void schedule_flush (SynackServices *self);

/* ---- service names ---- */

static const char *const kind_names[] = { "echo", "discard", "http" };

gboolean
synack_service_kind_from_string (const char        *name,
                                 SynackServiceKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_ascii_strcasecmp (name, kind_names[i]) == 0)
      {
        *kind = i;
        return TRUE;
      }
  return FALSE;
}

const char *
synack_service_kind_to_string (SynackServiceKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (kind_names), NULL);
  return kind_names[kind];
}

/* ---- connections ---- */

static void
conn_free (Conn *c)
{
  g_clear_handle_id (&c->timer_id, g_source_remove);
  if (c->socket != NULL)
    {
      synack_socket_set_handler (c->socket, NULL, NULL);
      synack_socket_unref (c->socket);
    }
  if (c->pending != NULL)
    g_byte_array_unref (c->pending);
  if (c->request != NULL)
    g_string_free (c->request, TRUE);
  g_free (c);
}

static void client_done (Conn *c, int errnum);

static void
conn_close (Conn *c)
{
  if (c->closing)
    return;
  c->closing = TRUE;
  g_clear_handle_id (&c->timer_id, g_source_remove);
  synack_socket_close (c->socket);
  /* A client's work is over when it closes (as a program that exits); the
   * connection itself ends later (::connection-ended). */
  client_done (c, 0);
  schedule_flush (c->owner);
}

static void
client_done (Conn *c,
             int   errnum)
{
  guint conn;

  if (c->role != ROLE_CLIENT || c->done)
    return;
  c->done = TRUE;
  conn = synack_socket_get_trace_conn (c->socket);
  g_signal_emit (c->owner, signals[CLIENT_DONE], 0, conn, errnum, c->received);
}

/* Send what is pending; TRUE when nothing is left waiting. */
static gboolean
flush_pending (Conn *c)
{
  while (c->pending != NULL && c->pending->len > 0)
    {
      gssize n = synack_socket_send (c->socket, c->pending->data, c->pending->len);

      if (n > 0)
        c->owner->bytes_out += n;
      if (n <= 0)
        return FALSE;
      g_byte_array_remove_range (c->pending, 0, n);
    }
  return TRUE;
}

static gboolean
on_client_close_timer (gpointer user_data)
{
  Conn *c = user_data;

  c->timer_id = 0;
  if (c->plan.half_close && !c->peer_eof)
    {
      /* Stop sending; keep reading until the kernel's FIN. */
      c->shut_wr = TRUE;
      synack_socket_shutdown (c->socket);
    }
  else
    conn_close (c);
  schedule_flush (c->owner);
  return G_SOURCE_REMOVE;
}

static void
client_pump (Conn *c)
{
  guint8 buf[CHUNK];

  while (c->to_send > 0)
    {
      gsize want = MIN (c->to_send, sizeof buf);
      gssize n;

      for (gsize i = 0; i < want; i++)
        buf[i] = synack_services_pattern (c->sent + i);
      n = synack_socket_send (c->socket, buf, want);
      if (n <= 0)
        return;  /* pumped again on writable */
      c->sent += n;
      c->to_send -= n;
    }

  if (c->closing || c->shut_wr || c->timer_id != 0)
    return;
  if (c->peer_eof && !c->plan.half_close)
    conn_close (c);
  else
    c->timer_id = g_timeout_add (MAX (c->plan.close_after / 1000000, 0),
                                 on_client_close_timer, c);
}

static void
http_answer (Conn *c)
{
  g_autofree char *response = NULL;
  const char *status = "200 OK";
  const char *body = HTTP_BODY;

  if (c->request->len >= HTTP_MAX_REQ)
    {
      status = "400 Bad Request";
      body = "Request too long.\n";
    }
  response = g_strdup_printf ("HTTP/1.0 %s\r\n"
                              "Server: Synack\r\n"
                              "Content-Type: text/plain\r\n"
                              "Content-Length: %zu\r\n"
                              "Connection: close\r\n"
                              "\r\n"
                              "%s", status, strlen (body), body);
  if (c->pending == NULL)
    c->pending = g_byte_array_new ();
  g_byte_array_append (c->pending, (const guint8 *) response, strlen (response));
  c->close_after_send = TRUE;
}

static void
conn_pump (Conn *c)
{
  guint8 buf[CHUNK];

  if (c->role == ROLE_CLIENT)
    {
      client_pump (c);
      return;
    }

  switch (c->kind)
    {
    case SYNACK_SERVICE_ECHO:
      /* Read only a little more than can be sent on: a kernel that sends and
       * never reads feels the engine's window close, as with a real echo
       * server, while one that reads as it sends keeps flowing. */
      for (;;)
        {
          gssize n;

          if (!flush_pending (c) && c->pending->len >= ECHO_READ_AHEAD)
            return;
          if (c->closing)
            return;
          n = synack_socket_recv (c->socket, buf, sizeof buf);
          if (n > 0)
            {
              c->owner->bytes_in += n;
              c->received += n;
              c->last_active = g_get_monotonic_time ();
              if (c->pending == NULL)
                c->pending = g_byte_array_new ();
              g_byte_array_append (c->pending, buf, n);
              continue;
            }
          if (n == 0 && (c->pending == NULL || c->pending->len == 0))
            conn_close (c);   /* the kernel closed, everything echoed: close too */
          return;
        }

    case SYNACK_SERVICE_DISCARD:
      return;

    case SYNACK_SERVICE_HTTP:
      if (flush_pending (c) && c->close_after_send)
        conn_close (c);
      return;

    default:
      g_assert_not_reached ();
    }
}

static Conn *
conn_for (SynackServices *self,
          SynackSocket   *socket)
{
  return g_hash_table_lookup (self->conns, socket);
}

static void
on_readable (SynackSocket *socket,
             const guint8 *data,
             gsize         len,
             gpointer      user_data)
{
  SynackServices *self = user_data;
  Conn *c = conn_for (self, socket);

  if (c == NULL)
    return;
  c->last_active = g_get_monotonic_time ();

  if (c->role == ROLE_CLIENT || c->kind == SYNACK_SERVICE_DISCARD)
    {
      /* autoread: the bytes are consumed already */
      c->received += len;
      if (c->role == ROLE_SERVER)
        self->bytes_in += len;
    }
  else if (c->kind == SYNACK_SERVICE_HTTP)
    {
      const char *end;

      c->received += len;
      self->bytes_in += len;
      if (c->close_after_send)
        return;
      g_string_append_len (c->request, (const char *) data,
                           MIN (len, HTTP_MAX_REQ - MIN (c->request->len, HTTP_MAX_REQ)));
      end = strstr (c->request->str, "\r\n\r\n");
      if (end == NULL)
        end = strstr (c->request->str, "\n\n");
      if (end != NULL || c->request->len >= HTTP_MAX_REQ)
        http_answer (c);
    }
  conn_pump (c);
  schedule_flush (self);
}

static void
on_writable (SynackSocket *socket,
             gpointer      user_data)
{
  SynackServices *self = user_data;
  Conn *c = conn_for (self, socket);

  if (c != NULL)
    conn_pump (c);
  schedule_flush (self);
}

static void
on_eof (SynackSocket *socket,
        gpointer      user_data)
{
  SynackServices *self = user_data;
  Conn *c = conn_for (self, socket);

  if (c == NULL)
    return;
  c->peer_eof = TRUE;
  if (c->role == ROLE_CLIENT)
    {
      /* Half-closed and now the kernel is done too; or the kernel closed
       * first and everything is sent. */
      if (c->shut_wr || c->to_send == 0)
        conn_close (c);
    }
  else if (c->kind == SYNACK_SERVICE_ECHO)
    conn_pump (c);           /* closes once the echo is sent */
  else if (c->kind == SYNACK_SERVICE_DISCARD)
    conn_close (c);
  else if (!c->close_after_send)
    conn_close (c);          /* http: the request never ended */
  schedule_flush (self);
}

static void
on_connected (SynackSocket *socket,
              gpointer      user_data)
{
  SynackServices *self = user_data;
  Conn *c = conn_for (self, socket);

  if (c != NULL)
    conn_pump (c);
  schedule_flush (self);
}

static void
on_error (SynackSocket *socket,
          int           errnum,
          gpointer      user_data)
{
  SynackServices *self = user_data;
  Conn *c = conn_for (self, socket);

  if (c != NULL)
    {
      g_clear_handle_id (&c->timer_id, g_source_remove);
      c->closing = TRUE;
      client_done (c, errnum);
    }
  schedule_flush (self);
}

static void
on_closed (SynackSocket *socket,
           gpointer      user_data)
{
  SynackServices *self = user_data;
  Conn *c = conn_for (self, socket);

  if (c != NULL)
    {
      client_done (c, synack_socket_get_error (socket));
      /* Freed at the next flush, outside the engine's own callback. */
      g_hash_table_steal (self->conns, socket);
      g_ptr_array_add (self->dead, c);
    }
  schedule_flush (self);
}

static gboolean
on_idle_check (gpointer user_data)
{
  Conn *c = user_data;
  gint64 idle_us = c->owner->idle_close / 1000;
  gint64 quiet = g_get_monotonic_time () - c->last_active;

  if (c->closing)
    {
      c->timer_id = 0;
      return G_SOURCE_REMOVE;
    }
  if (quiet >= idle_us)
    {
      c->timer_id = 0;
      c->close_after_send = TRUE;
      if (flush_pending (c))
        conn_close (c);
      return G_SOURCE_REMOVE;
    }
  c->timer_id = g_timeout_add (MAX ((idle_us - quiet) / 1000, 1), on_idle_check, c);
  return G_SOURCE_REMOVE;
}

static const SynackSocketHandler conn_handler = {
  .connected = on_connected,
  .readable  = on_readable,
  .eof       = on_eof,
  .writable  = on_writable,
  .error     = on_error,
  .closed    = on_closed,
};

static void on_incoming (SynackSocket *listener, gpointer user_data);

static const SynackSocketHandler listener_handler = {
  .incoming  = on_incoming,
  .readable  = on_readable,
  .eof       = on_eof,
  .writable  = on_writable,
  .error     = on_error,
  .closed    = on_closed,
};

static void
on_incoming (SynackSocket *listener,
             gpointer      user_data)
{
  SynackServices *self = user_data;
  SynackSocket *socket;
  gpointer kind_p = g_hash_table_lookup (self->listen_kind,
                                         GUINT_TO_POINTER (synack_socket_get_local_port (listener)));

  while ((socket = synack_socket_accept (listener)) != NULL)
    {
      Conn *c = g_new0 (Conn, 1);

      c->owner = self;
      c->socket = synack_socket_ref (socket);
      c->role = ROLE_SERVER;
      c->kind = GPOINTER_TO_UINT (kind_p) - 1;
      c->last_active = g_get_monotonic_time ();
      if (c->kind == SYNACK_SERVICE_HTTP)
        c->request = g_string_new (NULL);
      g_hash_table_insert (self->conns, socket, c);
      synack_socket_set_handler (socket, &conn_handler, self);
      if (self->idle_close > 0 && c->kind != SYNACK_SERVICE_HTTP)
        c->timer_id = g_timeout_add (MAX (self->idle_close / 1000000, 1), on_idle_check, c);
      /* Data may have come with the handshake's last ACK. */
      conn_pump (c);
    }
  schedule_flush (self);
}

/* ---- the kernel's side, inferred from the segments ---- */

static KernelSide *
kernel_side (SynackServices *self,
             guint           conn)
{
  KernelSide *k;

  if (conn >= self->kernel->len)
    g_array_set_size (self->kernel, conn + 1);
  k = &g_array_index (self->kernel, KernelSide, conn);
  if (!k->known)
    {
      const SynackConnection *info = synack_trace_get_connection (self->trace, conn);
      const SynackAddress *engine = synack_tun_get_engine_address (self->tun);

      k->known = TRUE;
      k->engine_ep = synack_address_equal (&info->addr[1], engine) ? 1 : 0;
      /* A kernel that answers (the server) was listening; a client starts closed. */
      k->kernel_state = k->engine_ep == 0 ? SYNACK_TCP_LISTEN : SYNACK_TCP_CLOSED;
      synack_trace_set_initial_state (self->trace, conn, 1 - k->engine_ep, k->kernel_state);
      synack_trace_set_endpoint_name (self->trace, conn, 1 - k->engine_ep, "kernel");
      synack_trace_set_endpoint_name (self->trace, conn, k->engine_ep, "engine");
    }
  return k;
}

typedef struct
{
  SynackServices *self;
  guint           conn;
} TimeWait;

/* Linux keeps a socket in TIME-WAIT for TCP_TIMEWAIT_LEN, 60 s, whatever
 * its MSL: after that the kernel's side is CLOSED (nothing is sent). */
#define KERNEL_TIME_WAIT (60 * SYNACK_NSEC_PER_SEC)

static gboolean
on_kernel_time_wait_over (gpointer data)
{
  TimeWait *tw = data;
  SynackServices *self = tw->self;
  KernelSide *k = &g_array_index (self->kernel, KernelSide, tw->conn);

  g_hash_table_remove (self->time_waits, GUINT_TO_POINTER (tw->conn));
  if (k->kernel_state == SYNACK_TCP_TIME_WAIT)
    {
      k->kernel_state = SYNACK_TCP_CLOSED;
      synack_trace_append_state (self->trace, synack_clock_now (self->clock), tw->conn,
                                 1 - k->engine_ep, SYNACK_TCP_CLOSED, SYNACK_CAUSE_INFERRED, 0);
      schedule_flush (self);
    }
  return G_SOURCE_REMOVE;
}

static void
kernel_time_wait_begins (SynackServices *self,
                         guint           conn)
{
  TimeWait *tw = g_new (TimeWait, 1);
  guint id;

  tw->self = self;
  tw->conn = conn;
  id = g_timeout_add_full (G_PRIORITY_DEFAULT, self->kernel_time_wait / 1000000,
                           on_kernel_time_wait_over, tw, g_free);
  g_hash_table_insert (self->time_waits, GUINT_TO_POINTER (conn), GUINT_TO_POINTER (id));
}

static void
kernel_move (SynackServices *self,
             guint           conn,
             KernelSide     *k,
             SynackTcpState  to,
             guint           cause,
             gint64          time)
{
  if (k->kernel_state == to)
    return;
  k->kernel_state = to;
  synack_trace_append_state (self->trace, time, conn, 1 - k->engine_ep, to,
                             SYNACK_CAUSE_SEGMENT, cause);
  if (to == SYNACK_TCP_TIME_WAIT && !g_hash_table_contains (self->time_waits,
                                                            GUINT_TO_POINTER (conn)))
    kernel_time_wait_begins (self, conn);
}

/* Up to three state changes of the kernel's endpoint, worked out from one
 * segment before they are appended. */
typedef struct
{
  SynackTcpState to[3];
  guint          n;
} Moves;

static void
move (KernelSide     *k,
      Moves          *m,
      SynackTcpState  to)
{
  if (k->kernel_state == to || m->n == G_N_ELEMENTS (m->to))
    return;
  k->kernel_state = to;
  m->to[m->n++] = to;
}

/* The kernel sent a segment: what it did, it did just before sending.
 * Updates k and says which states it went through. */
static void
kernel_sent (SynackServices *self,
             guint           conn,
             KernelSide     *k,
             guint8          flags,
             guint32         seq,
             guint32         len,
             Moves          *m)
{
  guint kernel_ep = 1 - k->engine_ep;

  if (flags & SYNACK_FLAG_RST)
    {
      if (k->kernel_state == SYNACK_TCP_LISTEN)
        {
          /* A RST for our SYN: nothing was listening after all. */
          k->kernel_state = SYNACK_TCP_CLOSED;
          synack_trace_set_initial_state (self->trace, conn, kernel_ep, SYNACK_TCP_CLOSED);
        }
      else
        move (k, m, SYNACK_TCP_CLOSED);
      return;
    }
  if (flags & SYNACK_FLAG_SYN)
    {
      /* The engine records its own ISN; the kernel's comes from its SYN. */
      k->kernel_isn = seq;
      synack_trace_set_isn (self->trace, conn, kernel_ep, seq, TRUE);
    }
  if ((flags & (SYNACK_FLAG_SYN | SYNACK_FLAG_ACK)) == SYNACK_FLAG_SYN &&
      k->kernel_state == SYNACK_TCP_CLOSED)
    {
      /* The connection begins with this SYN: the kernel was in SYN-SENT
       * by the time anything could be seen of it. */
      k->kernel_state = SYNACK_TCP_SYN_SENT;
      synack_trace_set_initial_state (self->trace, conn, kernel_ep, SYNACK_TCP_SYN_SENT);
    }
  else if ((flags & (SYNACK_FLAG_SYN | SYNACK_FLAG_ACK)) == (SYNACK_FLAG_SYN | SYNACK_FLAG_ACK) &&
           k->kernel_state == SYNACK_TCP_LISTEN)
    move (k, m, SYNACK_TCP_SYN_RECEIVED);
  if (flags & SYNACK_FLAG_FIN)
    {
      k->kernel_fin = TRUE;
      k->kernel_fin_end = seq + len + ((flags & SYNACK_FLAG_SYN) ? 2 : 1);
      if (k->kernel_state == SYNACK_TCP_ESTABLISHED ||
          k->kernel_state == SYNACK_TCP_SYN_RECEIVED)
        move (k, m, SYNACK_TCP_FIN_WAIT_1);
      else if (k->kernel_state == SYNACK_TCP_CLOSE_WAIT)
        move (k, m, SYNACK_TCP_LAST_ACK);
    }
}

static void
append_moves (SynackServices *self,
              guint           conn,
              KernelSide     *k,
              const Moves    *m,
              guint           cause,
              gint64          time)
{
  for (guint i = 0; i < m->n; i++)
    synack_trace_append_state (self->trace, time, conn, 1 - k->engine_ep, m->to[i],
                               SYNACK_CAUSE_SEGMENT, cause);
}

static void
infer_segment (SynackServices *self,
               guint           index)
{
  SynackEvent ev;
  KernelSide *k;
  guint8 flags;
  guint kernel_ep;
  gint64 t;

  synack_trace_read_event (self->trace, index, &ev);
  k = kernel_side (self, ev.conn);
  flags = ev.segment.flags;
  kernel_ep = 1 - k->engine_ep;
  t = ev.time;

  if (ev.endpoint == kernel_ep)
    {
      Moves m = { { 0 }, 0 };

      if (index == self->pre_inferred)
        return;   /* done before the engine saw it (tun_tcp) */
      kernel_sent (self, ev.conn, k, flags, ev.segment.seq, ev.segment.len, &m);
      append_moves (self, ev.conn, k, &m, index, t);
      return;
    }

  /* The engine sent it; the device hands it to the kernel at once. */
  if (flags & SYNACK_FLAG_RST)
    {
      if (k->kernel_state != SYNACK_TCP_LISTEN)
        kernel_move (self, ev.conn, k, SYNACK_TCP_CLOSED, index, t);
      return;
    }
  if ((flags & (SYNACK_FLAG_SYN | SYNACK_FLAG_ACK)) == (SYNACK_FLAG_SYN | SYNACK_FLAG_ACK) &&
      k->kernel_state == SYNACK_TCP_SYN_SENT && ev.segment.ack == k->kernel_isn + 1)
    kernel_move (self, ev.conn, k, SYNACK_TCP_ESTABLISHED, index, t);
  else if ((flags & (SYNACK_FLAG_SYN | SYNACK_FLAG_ACK)) == SYNACK_FLAG_ACK &&
           k->kernel_state == SYNACK_TCP_SYN_RECEIVED &&
           synack_seq_gt (ev.segment.ack, k->kernel_isn))
    kernel_move (self, ev.conn, k, SYNACK_TCP_ESTABLISHED, index, t);

  if ((flags & SYNACK_FLAG_ACK) && k->kernel_fin &&
      synack_seq_ge (ev.segment.ack, k->kernel_fin_end))
    {
      if (k->kernel_state == SYNACK_TCP_FIN_WAIT_1)
        kernel_move (self, ev.conn, k, SYNACK_TCP_FIN_WAIT_2, index, t);
      else if (k->kernel_state == SYNACK_TCP_CLOSING)
        kernel_move (self, ev.conn, k, SYNACK_TCP_TIME_WAIT, index, t);
      else if (k->kernel_state == SYNACK_TCP_LAST_ACK)
        kernel_move (self, ev.conn, k, SYNACK_TCP_CLOSED, index, t);
    }
  if (flags & SYNACK_FLAG_FIN)
    {
      k->engine_fin = TRUE;
      if (k->kernel_state == SYNACK_TCP_ESTABLISHED)
        kernel_move (self, ev.conn, k, SYNACK_TCP_CLOSE_WAIT, index, t);
      else if (k->kernel_state == SYNACK_TCP_FIN_WAIT_1)
        kernel_move (self, ev.conn, k, SYNACK_TCP_CLOSING, index, t);
      else if (k->kernel_state == SYNACK_TCP_FIN_WAIT_2)
        kernel_move (self, ev.conn, k, SYNACK_TCP_TIME_WAIT, index, t);
    }
}

static gboolean
engine_side_ended (SynackServices *self,
                   guint           conn,
                   KernelSide     *k)
{
  SynackTcpState s = synack_trace_state_at_time (self->trace, conn, k->engine_ep, G_MAXINT64);
  const SynackConnection *info = synack_trace_get_connection (self->trace, conn);

  if (info->n_segments == 0)
    return FALSE;
  /* TIME-WAIT: the exchange is over, only the wait is left. LISTEN: a child
   * reset back to its listener. CLOSED: done, or never opened (refused). */
  return s == SYNACK_TCP_TIME_WAIT || s == SYNACK_TCP_CLOSED || s == SYNACK_TCP_LISTEN;
}

/* Infer the kernel's side from the segments recorded since the last call;
 * done as soon as a segment crosses, so the kernel's states carry its time. */
static void
infer_new (SynackServices *self)
{
  guint n = synack_trace_get_n_events (self->trace);

  for (; self->scanned < n; self->scanned++)
    {
      SynackEvent ev;

      synack_trace_read_event (self->trace, self->scanned, &ev);
      if (ev.kind == SYNACK_EVENT_SEGMENT)
        infer_segment (self, self->scanned);
    }
  /* Our own state events are not segments: skip them next time. */
  self->scanned = synack_trace_get_n_events (self->trace);
}

static gboolean
flush (gpointer user_data)
{
  SynackServices *self = user_data;
  guint n_conns;
  g_autoptr(GArray) ended = g_array_new (FALSE, FALSE, sizeof (guint));

  self->flush_id = 0;
  g_ptr_array_set_size (self->dead, 0);

  infer_new (self);

  n_conns = synack_trace_get_n_connections (self->trace);
  for (guint conn = 0; conn < n_conns; conn++)
    {
      KernelSide *k = kernel_side (self, conn);

      if (!k->ended && engine_side_ended (self, conn, k))
        {
          k->ended = TRUE;
          self->n_ended++;
          synack_trace_set_summary (self->trace, conn,
                                    synack_zeek_conn_state (self->trace, conn));
          g_array_append_val (ended, conn);
        }
    }

  synack_engine_commit (self->engine);
  synack_trace_commit (self->trace);

  g_object_ref (self);
  for (guint i = 0; i < ended->len; i++)
    g_signal_emit (self, signals[CONNECTION_ENDED], 0, g_array_index (ended, guint, i));
  g_object_unref (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_flush (SynackServices *self)
{
  if (self->flush_id == 0)
    self->flush_id = g_idle_add_full (G_PRIORITY_DEFAULT, flush, self, NULL);
}

/* ---- plumbing between the device and the host ---- */

static void
host_output (SynackHost   *host,
             const guint8 *packet,
             gsize         len,
             gpointer      user_data)
{
  SynackServices *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!synack_tun_send (self->tun, packet, len, &error))
    g_warning ("%s", error->message);
  infer_new (self);
  schedule_flush (self);
}

/* A segment from the kernel on a connection the trace knows: append the
 * kernel's state changes now, caused by the segment the engine is about to
 * record, so that they come before the engine's reaction and the segment's
 * "states after" include them. */
static void
infer_before_input (SynackServices *self,
                    const guint8   *data,
                    gsize           len)
{
  SynackIpInfo ip;
  SynackSegment seg;
  KernelSide *k;
  Moves m = { { 0 }, 0 };
  guint conn, ep = 0, next;

  if (!synack_wire_decode (data, len, &ip, &seg, NULL))
    return;
  /* A SYN may open a new connection on a reused 4-tuple: after, not before. */
  if ((seg.flags & (SYNACK_FLAG_SYN | SYNACK_FLAG_ACK)) == SYNACK_FLAG_SYN)
    return;
  conn = synack_trace_find_connection (self->trace, &ip.src, seg.sport, &ip.dst, seg.dport, &ep);
  if (conn == G_MAXUINT)
    return;
  infer_new (self);
  k = kernel_side (self, conn);
  if (ep != 1u - k->engine_ep)
    return;
  kernel_sent (self, conn, k, seg.flags, seg.seq, seg.payload_len, &m);
  /* The engine appends the segment first thing, just after these. */
  next = synack_trace_get_n_events (self->trace) + m.n;
  append_moves (self, conn, k, &m, next, synack_clock_now (self->clock));
  self->pre_inferred = next;
  self->scanned = synack_trace_get_n_events (self->trace);
}

static void
tun_tcp (const guint8 *data,
         gsize         len,
         gpointer      user_data)
{
  SynackServices *self = user_data;
  g_autoptr(GError) error = NULL;

  infer_before_input (self, data, len);

  /* A packet that does not decode (bad checksum, truncated) is dropped, as a
   * kernel would; the sender retransmits. */
  if (!synack_host_input_packet (self->host, data, len, &error))
    g_debug ("%s: dropped a packet: %s", synack_tun_get_ifname (self->tun), error->message);
  infer_new (self);
  schedule_flush (self);
}

/* ---- object ---- */

static void
synack_services_dispose (GObject *object)
{
  SynackServices *self = SYNACK_SERVICES (object);

  g_clear_handle_id (&self->flush_id, g_source_remove);
  if (self->time_waits != NULL)
    {
      GHashTableIter iter;
      gpointer id;

      g_hash_table_iter_init (&iter, self->time_waits);
      while (g_hash_table_iter_next (&iter, NULL, &id))
        g_source_remove (GPOINTER_TO_UINT (id));
      g_clear_pointer (&self->time_waits, g_hash_table_unref);
    }
  if (self->tun != NULL)
    {
      synack_tun_set_tcp_func (self->tun, NULL, NULL);
      g_clear_object (&self->tun);
    }
  g_clear_pointer (&self->conns, g_hash_table_unref);
  g_clear_pointer (&self->dead, g_ptr_array_unref);
  if (self->listeners != NULL)
    {
      for (guint i = 0; i < self->listeners->len; i++)
        synack_socket_set_handler (g_ptr_array_index (self->listeners, i), NULL, NULL);
      g_clear_pointer (&self->listeners, g_ptr_array_unref);
    }
  if (self->host != NULL)
    synack_host_set_output (self->host, NULL, NULL);
  self->host = NULL;
  g_clear_object (&self->engine);
  g_clear_pointer (&self->clock, synack_clock_unref);
  g_clear_object (&self->trace);

  G_OBJECT_CLASS (synack_services_parent_class)->dispose (object);
}

static void
synack_services_finalize (GObject *object)
{
  SynackServices *self = SYNACK_SERVICES (object);

  g_clear_pointer (&self->listen_kind, g_hash_table_unref);
  g_clear_pointer (&self->kernel, g_array_unref);

  G_OBJECT_CLASS (synack_services_parent_class)->finalize (object);
}

static void
synack_services_class_init (SynackServicesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = synack_services_dispose;
  object_class->finalize = synack_services_finalize;

  signals[CONNECTION_ENDED] =
    g_signal_new ("connection-ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[CLIENT_DONE] =
    g_signal_new ("client-done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_INT, G_TYPE_UINT64);
}

static void
synack_services_init (SynackServices *self)
{
  self->conns = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) conn_free);
  self->listeners = g_ptr_array_new_with_free_func ((GDestroyNotify) synack_socket_unref);
  self->listen_kind = g_hash_table_new (NULL, NULL);
  self->kernel = g_array_new (FALSE, TRUE, sizeof (KernelSide));
  self->dead = g_ptr_array_new_with_free_func ((GDestroyNotify) conn_free);
  self->pre_inferred = G_MAXUINT;
  self->time_waits = g_hash_table_new (NULL, NULL);
  self->kernel_time_wait = KERNEL_TIME_WAIT;
}

SynackServices *
synack_services_new (SynackTun   *tun,
                     SynackTrace *trace,
                     guint64      seed)
{
  SynackServices *self;
  SynackTcbOptions *options;
  const SynackAddress *engine_addr;

  g_return_val_if_fail (SYNACK_IS_TUN (tun), NULL);
  g_return_val_if_fail (SYNACK_IS_TRACE (trace), NULL);

  self = g_object_new (SYNACK_TYPE_SERVICES, NULL);
  self->tun = g_object_ref (tun);
  self->trace = g_object_ref (trace);
  self->clock = synack_clock_new_main_loop (NULL);
  self->engine = synack_engine_new (self->clock, trace, seed);
  engine_addr = synack_tun_get_engine_address (tun);
  self->host = synack_engine_add_host (self->engine, "engine", engine_addr);

  /* The clock's zero is now: the trace's origin on the wall clock. */
  synack_trace_set_origin (trace, g_get_real_time () * 1000);

  options = synack_host_get_options (self->host);
  /* Largest segment that fits the device: MTU less the IP and TCP headers. */
  options->mss = synack_tun_get_mtu (tun) - (engine_addr->family == 6 ? 60 : 40);

  synack_host_set_output (self->host, host_output, self);
  synack_tun_set_tcp_func (tun, tun_tcp, self);

  return self;
}

void
synack_services_set_idle_close (SynackServices *self,
                                gint64          idle)
{
  g_return_if_fail (SYNACK_IS_SERVICES (self));
  self->idle_close = MAX (idle, 0);
}

void
synack_services_set_kernel_time_wait (SynackServices *self,
                                      gint64          duration)
{
  g_return_if_fail (SYNACK_IS_SERVICES (self));
  self->kernel_time_wait = MAX (duration, 0);
}

gboolean
synack_services_listen (SynackServices     *self,
                        guint16             port,
                        SynackServiceKind   kind,
                        GError            **error)
{
  SynackTcbOptions *options;
  SynackSocket *listener;

  g_return_val_if_fail (SYNACK_IS_SERVICES (self), FALSE);

  if (port == 0)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID,
                   _("cannot listen on port 0: choose a port from 1 to 65535"));
      return FALSE;
    }

  /* Echo reads only as fast as it can send back (flow control reaches the
   * kernel); discard and http take bytes as they come. */
  options = synack_host_get_options (self->host);
  options->autoread = kind != SYNACK_SERVICE_ECHO;

  listener = synack_host_listen (self->host, port, 128, error);
  if (listener == NULL)
    return FALSE;
  g_ptr_array_add (self->listeners, synack_socket_ref (listener));
  g_hash_table_insert (self->listen_kind, GUINT_TO_POINTER (port), GUINT_TO_POINTER (kind + 1));
  synack_socket_set_handler (listener, &listener_handler, self);
  schedule_flush (self);
  return TRUE;
}

guint
synack_services_connect (SynackServices         *self,
                         const SynackAddress    *address,
                         guint16                 port,
                         const SynackClientPlan *plan,
                         GError                **error)
{
  SynackSocket *socket;
  Conn *c;
  char text[64];

  g_return_val_if_fail (SYNACK_IS_SERVICES (self), G_MAXUINT);
  g_return_val_if_fail (plan != NULL, G_MAXUINT);

  if (address->family != synack_tun_get_engine_address (self->tun)->family)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID,
                   _("cannot connect to %s: the device carries the other IP version"),
                   synack_address_to_string (address, text, sizeof text));
      return G_MAXUINT;
    }
  if (port == 0)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID,
                   _("cannot connect to port 0"));
      return G_MAXUINT;
    }

  synack_host_get_options (self->host)->autoread = TRUE;
  socket = synack_host_connect (self->host, address, port, 0, error);
  if (socket == NULL)
    return G_MAXUINT;

  c = g_new0 (Conn, 1);
  c->owner = self;
  c->socket = synack_socket_ref (socket);
  c->role = ROLE_CLIENT;
  c->plan = *plan;
  c->to_send = plan->send_bytes;
  c->last_active = g_get_monotonic_time ();
  g_hash_table_insert (self->conns, socket, c);
  synack_socket_set_handler (socket, &conn_handler, self);
  schedule_flush (self);
  return synack_socket_get_trace_conn (socket);
}

guint
synack_services_get_n_ended (SynackServices *self)
{
  g_return_val_if_fail (SYNACK_IS_SERVICES (self), 0);
  return self->n_ended;
}

guint64
synack_services_get_bytes_in (SynackServices *self)
{
  return self->bytes_in;
}

guint64
synack_services_get_bytes_out (SynackServices *self)
{
  return self->bytes_out;
}

guint
synack_services_engine_endpoint (SynackServices *self,
                                 guint           conn)
{
  g_return_val_if_fail (SYNACK_IS_SERVICES (self), 0);
  g_return_val_if_fail (conn < synack_trace_get_n_connections (self->trace), 0);
  return kernel_side (self, conn)->engine_ep;
}

void
synack_services_abort_all (SynackServices *self)
{
  GList *sockets;

  g_return_if_fail (SYNACK_IS_SERVICES (self));

  sockets = g_hash_table_get_keys (self->conns);
  for (GList *l = sockets; l != NULL; l = l->next)
    {
      SynackSocket *socket = l->data;
      SynackTcpState state = synack_socket_get_state (socket);

      if (state != SYNACK_TCP_CLOSED && state != SYNACK_TCP_TIME_WAIT)
        synack_socket_abort (socket);
    }
  g_list_free (sockets);
  flush (self);
}
