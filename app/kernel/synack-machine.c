/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "synack-machine.h"

/* How often the list is read again, and how soon after a change. */
#define REFRESH_MS 1000
#define SOON_MS    150

struct _SynackMachine
{
  GObject            parent_instance;

  SynackKernelWatch *watch;
  SynackTrace       *trace;
  gint64             origin;       /* real time ns of the trace's 0 */
  char              *source_text;
  char              *note;
  gboolean           running;

  GArray            *sockets;      /* SynackMachineSocket, newest first */
  GHashTable        *by_key;       /* key -> index + 1 in sockets */
  GHashTable        *born;         /* key -> gint64 µs the kernel made it */
  GHashTable        *endpoints;    /* key -> (conn << 1 | endpoint) + 1 */
  GHashTable        *listening;    /* "addr:port" of listeners, for roles */
  GCancellable      *cancellable;
  guint              refresh_id;
  guint              soon_id;
  gboolean           reading;
  gboolean           listed;       /* the first list is in */
};

G_DEFINE_FINAL_TYPE (SynackMachine, synack_machine, G_TYPE_OBJECT)

enum
{
  SOCKETS_CHANGED,
  STOPPED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
synack_machine_socket_key (const SynackAddress *local,
                           guint16              local_port,
                           const SynackAddress *remote,
                           guint16              remote_port,
                           char                *key)
{
  char a[80], b[80];

  g_snprintf (key, 112, "%s %s", synack_endpoint_to_string (local, local_port, a, sizeof a),
              synack_endpoint_to_string (remote, remote_port, b, sizeof b));
}

static gboolean
is_wildcard (const SynackAddress *address,
             guint16              port)
{
  static const guint8 zero[16];

  return port == 0 && memcmp (address->bytes, zero, 16) == 0;
}

gboolean
synack_machine_change_call (const SynackKernelChange *c,
                            gboolean                  orphaned,
                            SynackCallKind           *call)
{
  /* only a call moves a socket out of CLOSED into these */
  if (c->from == SYNACK_TCP_CLOSED && c->to == SYNACK_TCP_SYN_SENT)
    *call = SYNACK_CALL_CONNECT;
  else if (c->from == SYNACK_TCP_CLOSED && c->to == SYNACK_TCP_LISTEN)
    *call = SYNACK_CALL_LISTEN;
  /* a listener stops by close(), or by shutdown() while a process holds it */
  else if (c->from == SYNACK_TCP_LISTEN && c->to == SYNACK_TCP_CLOSED)
    *call = orphaned ? SYNACK_CALL_CLOSE : SYNACK_CALL_SHUTDOWN;
  /* the FIN of this side: close(), or shutdown(SHUT_WR) with the socket kept */
  else if ((c->from == SYNACK_TCP_ESTABLISHED || c->from == SYNACK_TCP_SYN_RECEIVED) &&
           c->to == SYNACK_TCP_FIN_WAIT_1)
    *call = orphaned ? SYNACK_CALL_CLOSE : SYNACK_CALL_SHUTDOWN;
  else if (c->from == SYNACK_TCP_CLOSE_WAIT && c->to == SYNACK_TCP_LAST_ACK)
    *call = orphaned ? SYNACK_CALL_CLOSE : SYNACK_CALL_SHUTDOWN;
  else
    return FALSE;
  return TRUE;
}

/* ---------------------------------------------------------------- the trace */

static gint64
trace_time (SynackMachine *self,
            gint64         real_ns)
{
  return MAX (real_ns - self->origin, 0);
}

static void
set_endpoint (SynackMachine *self,
              const char    *key,
              guint          conn,
              guint          endpoint)
{
  g_hash_table_replace (self->endpoints, g_strdup (key),
                        GUINT_TO_POINTER (((conn << 1) | endpoint) + 1));
}

static gboolean
lookup_endpoint (SynackMachine *self,
                 const char    *key,
                 guint         *conn,
                 guint         *endpoint)
{
  gpointer value = g_hash_table_lookup (self->endpoints, key);
  guint packed;

  if (value == NULL)
    return FALSE;
  packed = GPOINTER_TO_UINT (value) - 1;
  *conn = packed >> 1;
  *endpoint = packed & 1;
  return TRUE;
}

static char *
listen_key (const SynackAddress *address,
            guint16              port)
{
  char a[80];

  return g_strdup (synack_endpoint_to_string (address, port, a, sizeof a));
}

static gboolean
local_port_listens (SynackMachine       *self,
                    const SynackAddress *local,
                    guint16              port)
{
  g_autofree char *exact = listen_key (local, port);
  SynackAddress any4 = { 0 }, any6 = { 0 };
  g_autofree char *wild4 = NULL;
  g_autofree char *wild6 = NULL;

  synack_address_set_ipv4 (&any4, 0);
  wild4 = listen_key (&any4, port);
  wild6 = listen_key (&any6, port);
  return g_hash_table_contains (self->listening, exact) ||
         g_hash_table_contains (self->listening, wild4) ||
         g_hash_table_contains (self->listening, wild6);
}

/* The connection a socket's change goes to, made when there is none (or
 * when the one there ended and the 4-tuple starts again). */
static gboolean
endpoint_for (SynackMachine            *self,
              const char               *key,
              const SynackSocketInfo   *now,
              const SynackKernelChange *c,
              guint                    *conn_out,
              guint                    *endpoint_out)
{
  guint conn, endpoint, n;
  char reverse[112];
  gboolean listener, client;
  SynackTcpState initial;
  gboolean initial_known;

  if (lookup_endpoint (self, key, &conn, &endpoint))
    {
      SynackTcpState state = synack_trace_state_at_time (self->trace, conn, endpoint, G_MAXINT64);

      /* the same 4-tuple again, after the last one closed */
      if (!(c != NULL && state == SYNACK_TCP_CLOSED && c->from == SYNACK_TCP_CLOSED &&
            c->to != SYNACK_TCP_CLOSED &&
            synack_trace_get_n_state_spans (self->trace, conn, endpoint) > 1))
        {
          *conn_out = conn;
          *endpoint_out = endpoint;
          return TRUE;
        }
    }

  {
    const SynackAddress *local = c ? &c->local : &now->local;
    const SynackAddress *remote = c ? &c->remote : &now->remote;
    guint16 lp = c ? c->local_port : now->local_port;
    guint16 rp = c ? c->remote_port : now->remote_port;

    /* the socket's state before what the kernel tells next: a traced
     * change says where it came from, a polled first sight or a listed
     * socket only what it is now */
    if (c != NULL)
      {
        initial = c->from;
        initial_known = c->source == SYNACK_KERNEL_SOURCE_TRACEPOINT;
      }
    else
      {
        initial = now->state;
        initial_known = TRUE;
      }

    /* the other end of a loopback connection is already here */
    synack_machine_socket_key (remote, rp, local, lp, reverse);
    if (!is_wildcard (remote, rp) && lookup_endpoint (self, reverse, &conn, &endpoint))
      {
        guint other = 1 - endpoint;
        const SynackConnection *cc = synack_trace_get_connection (self->trace, conn);

        if (cc->flags & (other == 0 ? SYNACK_CONNECTION_INITIAL_UNKNOWN_0
                                    : SYNACK_CONNECTION_INITIAL_UNKNOWN_1))
          {
            if (initial_known)
              synack_trace_set_initial_state (self->trace, conn, other, initial);
            set_endpoint (self, key, conn, other);
            *conn_out = conn;
            *endpoint_out = other;
            return TRUE;
          }
      }

    n = synack_trace_get_n_connections (self->trace);
    if (n >= SYNACK_MACHINE_MAX_CONNECTIONS)
      {
        if (self->note == NULL)
          self->note = g_strdup_printf (_("Only the first %u sockets are recorded; later ones "
                                          "are listed but not followed"),
                                        SYNACK_MACHINE_MAX_CONNECTIONS);
        return FALSE;
      }

    /* which side it is: a listener and a socket made for a SYN are the
     * server's; connect()'s the client's; an older one the server's when
     * its port listens */
    listener = is_wildcard (remote, rp);
    {
      SynackTcpState s = c ? c->to : now->state;
      SynackTcpState f = c ? c->from : now->state;

      if (listener || s == SYNACK_TCP_LISTEN || s == SYNACK_TCP_SYN_RECEIVED ||
          f == SYNACK_TCP_SYN_RECEIVED || f == SYNACK_TCP_LISTEN)
        client = FALSE;
      else if (s == SYNACK_TCP_SYN_SENT || f == SYNACK_TCP_SYN_SENT)
        client = TRUE;
      else
        client = !local_port_listens (self, local, lp);
    }
    endpoint = client ? 0 : 1;
    conn = client ? synack_trace_add_connection (self->trace, local, lp, remote, rp)
                  : synack_trace_add_connection (self->trace, remote, rp, local, lp);
    synack_trace_set_endpoint_name (self->trace, conn, 0, "client");
    synack_trace_set_endpoint_name (self->trace, conn, 1, "server");
    if (initial_known)
      synack_trace_set_initial_state (self->trace, conn, endpoint, initial);
    else
      synack_trace_add_connection_flags (self->trace, conn,
                                         endpoint == 0 ? SYNACK_CONNECTION_INITIAL_UNKNOWN_0
                                                       : SYNACK_CONNECTION_INITIAL_UNKNOWN_1);
    /* the peer: nobody for a listener; a remote one's states are not told */
    if (listener)
      synack_trace_set_initial_state (self->trace, conn, 1 - endpoint, SYNACK_TCP_CLOSED);
    else
      synack_trace_add_connection_flags (self->trace, conn,
                                         endpoint == 0 ? SYNACK_CONNECTION_INITIAL_UNKNOWN_1
                                                       : SYNACK_CONNECTION_INITIAL_UNKNOWN_0);
    set_endpoint (self, key, conn, endpoint);
    *conn_out = conn;
    *endpoint_out = endpoint;
    return TRUE;
  }
}

static gboolean
orphaned_now (GArray     *now,
              const char *key)
{
  if (now == NULL)
    return TRUE;
  for (guint i = 0; i < now->len; i++)
    {
      const SynackSocketInfo *s = &g_array_index (now, SynackSocketInfo, i);
      char k[112];

      synack_machine_socket_key (&s->local, s->local_port, &s->remote, s->remote_port, k);
      if (strcmp (k, key) == 0)
        return s->inode == 0;
    }
  /* gone already: no process held it */
  return TRUE;
}

static gboolean on_soon (gpointer user_data);

static void
on_changes (SynackKernelWatch *watch,
            GArray            *changes,
            SynackMachine     *self)
{
  g_autoptr(GArray) now = NULL;
  gboolean added = FALSE;

  if (!self->running)
    return;
  for (guint i = 0; i < changes->len; i++)
    {
      const SynackKernelChange *c = &g_array_index (changes, SynackKernelChange, i);
      char key[112];
      guint conn, endpoint, cause = 0;
      SynackCauseKind cause_kind = SYNACK_CAUSE_NONE;
      SynackCallKind call;
      gboolean orphaned;
      gint64 t = trace_time (self, c->time);

      synack_machine_socket_key (&c->local, c->local_port, &c->remote, c->remote_port, key);
      if (c->to == SYNACK_TCP_LISTEN)
        g_hash_table_add (self->listening, listen_key (&c->local, c->local_port));
      /* the kernel made it now: its age counts from here */
      if (c->source == SYNACK_KERNEL_SOURCE_TRACEPOINT &&
          (c->from == SYNACK_TCP_CLOSED ||
           (c->from == SYNACK_TCP_LISTEN && c->to != SYNACK_TCP_CLOSED)))
        {
          gint64 *born = g_new (gint64, 1);

          *born = c->time / 1000;
          g_hash_table_replace (self->born, g_strdup (key), born);
        }
      if (!endpoint_for (self, key, NULL, c, &conn, &endpoint))
        continue;
      /* is it still held by a process? Asked once a batch, after the fact */
      orphaned = FALSE;
      if (synack_machine_change_call (c, FALSE, &call) && call == SYNACK_CALL_SHUTDOWN)
        {
          if (now == NULL)
            now = synack_sock_diag_list (FALSE, NULL);
          orphaned = orphaned_now (now, key);
        }
      if (synack_machine_change_call (c, orphaned, &call))
        {
          guint64 arg = call == SYNACK_CALL_CONNECT ? c->remote_port
                        : call == SYNACK_CALL_LISTEN ? c->local_port : 0;

          cause = synack_trace_append_call (self->trace, t, conn, endpoint, call, arg, 0);
          cause_kind = SYNACK_CAUSE_CALL;
        }
      synack_trace_append_state (self->trace, t, conn, endpoint, c->to, cause_kind, cause);
      added = TRUE;
    }
  if (added)
    synack_trace_commit (self->trace);
  if (self->soon_id == 0)
    self->soon_id = g_timeout_add (SOON_MS, on_soon, self);
}

/* ---------------------------------------------------------------- the list */

static void
stop_with (SynackMachine *self,
           const GError  *error)
{
  if (!self->running)
    return;
  self->running = FALSE;
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_handle_id (&self->soon_id, g_source_remove);
  if (self->watch != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->watch, self);
      synack_kernel_watch_stop (self->watch);
    }
  synack_trace_set_live (self->trace, FALSE);
  g_signal_emit (self, signals[STOPPED], 0, error);
}

/* Take a new list: each socket keeps when it was first seen. */
static void
take_list (SynackMachine *self,
           GArray        *list)
{
  g_autoptr(GArray) sockets = g_array_sized_new (FALSE, FALSE, sizeof (SynackMachineSocket),
                                                 list->len);
  g_autoptr(GHashTable) by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) fresh = g_array_new (FALSE, FALSE, sizeof (SynackMachineSocket));
  gint64 now = g_get_real_time ();

  g_hash_table_remove_all (self->listening);
  for (guint i = 0; i < list->len; i++)
    {
      const SynackSocketInfo *info = &g_array_index (list, SynackSocketInfo, i);
      SynackMachineSocket s = { 0 };
      gpointer old;

      s.info = *info;
      synack_machine_socket_key (&info->local, info->local_port, &info->remote,
                                 info->remote_port, s.key);
      if (info->state == SYNACK_TCP_LISTEN)
        g_hash_table_add (self->listening, listen_key (&info->local, info->local_port));
      old = g_hash_table_lookup (self->by_key, s.key);
      if (old != NULL)
        {
          const SynackMachineSocket *o = &g_array_index (self->sockets, SynackMachineSocket,
                                                         GPOINTER_TO_UINT (old) - 1);

          s.first_seen = o->first_seen;
          s.before_start = o->before_start;
          g_array_append_val (sockets, s);
        }
      else
        {
          gint64 *born = g_hash_table_lookup (self->born, s.key);

          s.before_start = !self->listed;
          s.first_seen = born != NULL ? *born : now;
          /* a socket made while watching goes on top, where it is seen */
          g_array_append_val (self->listed ? fresh : sockets, s);
        }
    }
  /* new first, then the rest in the order they were */
  g_array_prepend_vals (sockets, fresh->data, fresh->len);
  for (guint i = 0; i < sockets->len; i++)
    g_hash_table_insert (by_key,
                         g_strdup (g_array_index (sockets, SynackMachineSocket, i).key),
                         GUINT_TO_POINTER (i + 1));
  /* the ages of sockets gone are not needed again */
  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, self->born);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      if (!g_hash_table_contains (by_key, key) &&
          !g_hash_table_contains (self->endpoints, key))
        g_hash_table_iter_remove (&iter);
  }
  g_array_unref (self->sockets);
  self->sockets = g_steal_pointer (&sockets);
  g_hash_table_unref (self->by_key);
  self->by_key = g_steal_pointer (&by_key);
  self->listed = TRUE;
  g_signal_emit (self, signals[SOCKETS_CHANGED], 0);
}

static void
read_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  GArray *list = synack_sock_diag_list (TRUE, &error);

  if (list == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, list, (GDestroyNotify) g_array_unref);
}

static void
read_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SynackMachine) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) list = g_task_propagate_pointer (G_TASK (result), &error);

  self->reading = FALSE;
  if (!self->running)
    return;
  if (list == NULL)
    {
      g_autoptr(GError) said = g_error_new (error->domain, error->code,
                                            _("Cannot read this machine’s sockets: %s"),
                                            error->message);

      stop_with (self, said);
      return;
    }
  take_list (self, list);
}

void
synack_machine_refresh (SynackMachine *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SYNACK_IS_MACHINE (self));

  if (self->reading || !self->running)
    return;
  self->reading = TRUE;
  task = g_task_new (NULL, self->cancellable, read_done, g_object_ref (self));
  g_task_run_in_thread (task, read_thread);
}

static gboolean
on_refresh (gpointer user_data)
{
  synack_machine_refresh (user_data);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_soon (gpointer user_data)
{
  SynackMachine *self = user_data;

  self->soon_id = 0;
  synack_machine_refresh (self);
  return G_SOURCE_REMOVE;
}

/* ---------------------------------------------------------------- object */

static void
synack_machine_dispose (GObject *object)
{
  SynackMachine *self = SYNACK_MACHINE (object);

  if (self->running)
    {
      /* quietly: nobody is left to tell */
      self->running = FALSE;
      g_cancellable_cancel (self->cancellable);
      synack_trace_set_live (self->trace, FALSE);
    }
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_handle_id (&self->soon_id, g_source_remove);
  if (self->watch != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->watch, self);
      synack_kernel_watch_stop (self->watch);
    }
  g_clear_object (&self->watch);
  G_OBJECT_CLASS (synack_machine_parent_class)->dispose (object);
}

static void
synack_machine_finalize (GObject *object)
{
  SynackMachine *self = SYNACK_MACHINE (object);

  g_clear_object (&self->trace);
  g_clear_object (&self->cancellable);
  g_array_unref (self->sockets);
  g_hash_table_unref (self->by_key);
  g_hash_table_unref (self->born);
  g_hash_table_unref (self->endpoints);
  g_hash_table_unref (self->listening);
  g_free (self->source_text);
  g_free (self->note);
  G_OBJECT_CLASS (synack_machine_parent_class)->finalize (object);
}

static void
synack_machine_class_init (SynackMachineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = synack_machine_dispose;
  object_class->finalize = synack_machine_finalize;

  signals[SOCKETS_CHANGED] =
    g_signal_new ("sockets-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[STOPPED] =
    g_signal_new ("stopped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
synack_machine_init (SynackMachine *self)
{
  self->sockets = g_array_new (FALSE, FALSE, sizeof (SynackMachineSocket));
  self->by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->born = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->endpoints = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->listening = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();
}

SynackMachine *
synack_machine_new (SynackKernelMode   mode,
                    GError           **error)
{
  g_autoptr(SynackMachine) self = g_object_new (SYNACK_TYPE_MACHINE, NULL);
  g_autoptr(GArray) list = NULL;
  g_autoptr(GError) local_error = NULL;

  list = synack_sock_diag_list (TRUE, &local_error);
  if (list == NULL)
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("Cannot read this machine’s sockets: %s"), local_error->message);
      return NULL;
    }
  self->origin = g_get_real_time () * 1000;
  self->trace = synack_trace_new (SYNACK_TRACE_SOURCE_LIVE);
  synack_trace_set_origin (self->trace, self->origin);
  synack_trace_set_title (self->trace, _("This Machine"));
  synack_trace_set_live (self->trace, TRUE);
  self->running = TRUE;
  take_list (self, list);

  self->watch = synack_kernel_watch_new (mode, 0);
  g_signal_connect_object (self->watch, "changes", G_CALLBACK (on_changes), self, 0);
  if (!synack_kernel_watch_start (self->watch, &local_error))
    {
      /* the list still comes, without the changes between two reads */
      self->source_text = g_strdup_printf (_("No state changes from the kernel (%s): the list "
                                             "is read every second."),
                                           local_error->message);
      g_signal_handlers_disconnect_by_data (self->watch, self);
      g_clear_object (&self->watch);
    }
  else if (synack_kernel_watch_get_source (self->watch) == SYNACK_KERNEL_SOURCE_TRACEPOINT)
    self->source_text = g_strdup (_("Every state change from the kernel’s "
                                    "sock:inet_sock_set_state tracepoint."));
  else
    self->source_text = g_strdup_printf (_("States by polling sock_diag every %u ms (%s): a "
                                           "state that lasts less than that may be missed."),
                                         synack_kernel_watch_get_poll_interval (self->watch),
                                         synack_kernel_watch_get_fallback_reason (self->watch));
  self->refresh_id = g_timeout_add (REFRESH_MS, on_refresh, self);
  return g_steal_pointer (&self);
}

void
synack_machine_stop (SynackMachine *self)
{
  g_return_if_fail (SYNACK_IS_MACHINE (self));
  stop_with (self, NULL);
}

gboolean
synack_machine_get_running (SynackMachine *self)
{
  g_return_val_if_fail (SYNACK_IS_MACHINE (self), FALSE);
  return self->running;
}

SynackTrace *
synack_machine_get_trace (SynackMachine *self)
{
  g_return_val_if_fail (SYNACK_IS_MACHINE (self), NULL);
  return self->trace;
}

SynackKernelWatch *
synack_machine_get_watch (SynackMachine *self)
{
  g_return_val_if_fail (SYNACK_IS_MACHINE (self), NULL);
  return self->watch;
}

const char *
synack_machine_get_source_text (SynackMachine *self)
{
  g_return_val_if_fail (SYNACK_IS_MACHINE (self), NULL);
  return self->source_text;
}

const char *
synack_machine_get_note (SynackMachine *self)
{
  g_return_val_if_fail (SYNACK_IS_MACHINE (self), NULL);
  return self->note;
}

GArray *
synack_machine_get_sockets (SynackMachine *self)
{
  g_return_val_if_fail (SYNACK_IS_MACHINE (self), NULL);
  return self->sockets;
}

guint
synack_machine_follow (SynackMachine *self,
                       const char    *key,
                       guint         *endpoint)
{
  gpointer index;
  guint conn, ep;

  g_return_val_if_fail (SYNACK_IS_MACHINE (self), G_MAXUINT);
  g_return_val_if_fail (key != NULL, G_MAXUINT);

  if (lookup_endpoint (self, key, &conn, &ep))
    {
      if (endpoint != NULL)
        *endpoint = ep;
      return conn;
    }
  index = g_hash_table_lookup (self->by_key, key);
  if (index == NULL)
    return G_MAXUINT;
  if (!endpoint_for (self, key,
                     &g_array_index (self->sockets, SynackMachineSocket,
                                     GPOINTER_TO_UINT (index) - 1).info,
                     NULL, &conn, &ep))
    return G_MAXUINT;
  synack_trace_commit (self->trace);
  if (endpoint != NULL)
    *endpoint = ep;
  return conn;
}

gboolean
synack_machine_get_socket (SynackMachine       *self,
                           guint                conn,
                           guint                endpoint,
                           SynackMachineSocket *socket)
{
  const SynackConnection *c;
  char key[112];
  gpointer index;
  guint found_conn, found_ep;

  g_return_val_if_fail (SYNACK_IS_MACHINE (self), FALSE);

  if (conn >= synack_trace_get_n_connections (self->trace) || endpoint > 1)
    return FALSE;
  c = synack_trace_get_connection (self->trace, conn);
  synack_machine_socket_key (&c->addr[endpoint], c->port[endpoint], &c->addr[1 - endpoint],
                             c->port[1 - endpoint], key);
  /* this endpoint must be the socket the key names now, not an older one */
  if (!lookup_endpoint (self, key, &found_conn, &found_ep) || found_conn != conn ||
      found_ep != endpoint)
    return FALSE;
  index = g_hash_table_lookup (self->by_key, key);
  if (index == NULL)
    return FALSE;
  *socket = g_array_index (self->sockets, SynackMachineSocket, GPOINTER_TO_UINT (index) - 1);
  return TRUE;
}
