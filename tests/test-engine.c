/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Hosts and sockets: what the calls do, when they return, and what the
 * trace records. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "synack-engine.h"
#include "synack-error.h"
#include "synack-wire.h"

#define MS G_GINT64_CONSTANT (1000000)
#define SEC G_GINT64_CONSTANT (1000000000)

typedef struct
{
  SynackClock  *clock;
  SynackTrace  *trace;
  SynackEngine *engine;
  SynackHost   *client;
  SynackHost   *server;
  SynackLink   *link;
  SynackAddress client_addr;
  SynackAddress server_addr;
  /* what the handlers saw */
  gint64        connected_at;
  gint64        incoming_at;
  int           error;
  gint64        error_at;
  guint         n_incoming;
  guint         n_closed;
  guint64       received;
  gboolean      eof;
} Fixture;

static void
h_connected (SynackSocket *sock, gpointer data)
{
  Fixture *f = data;

  f->connected_at = synack_engine_now (f->engine);
}

static void
h_incoming (SynackSocket *listener, gpointer data)
{
  Fixture *f = data;

  f->incoming_at = synack_engine_now (f->engine);
  f->n_incoming++;
}

static void
h_readable (SynackSocket *sock, const guint8 *buf, gsize len, gpointer data)
{
  Fixture *f = data;

  f->received += len;
}

static void
h_eof (SynackSocket *sock, gpointer data)
{
  Fixture *f = data;

  f->eof = TRUE;
}

static void
h_error (SynackSocket *sock, int errnum, gpointer data)
{
  Fixture *f = data;

  f->error = errnum;
  f->error_at = synack_engine_now (f->engine);
}

static void
h_closed (SynackSocket *sock, gpointer data)
{
  Fixture *f = data;

  f->n_closed++;
}

static const SynackSocketHandler handler = {
  h_connected, h_incoming, h_readable, h_eof, NULL, h_error, h_closed,
};

static void
setup (Fixture *f, gconstpointer data)
{
  memset (f, 0, sizeof *f);
  f->clock = synack_clock_new_virtual ();
  f->trace = synack_trace_new (SYNACK_TRACE_SOURCE_ENGINE);
  f->engine = synack_engine_new (f->clock, f->trace, 5);
  synack_address_set_ipv4 (&f->client_addr, 0xC0A80001);
  synack_address_set_ipv4 (&f->server_addr, 0xC0A80002);
  f->client = synack_engine_add_host (f->engine, "alice", &f->client_addr);
  f->server = synack_engine_add_host (f->engine, "bob", &f->server_addr);
  f->connected_at = f->incoming_at = f->error_at = -1;
  if (data == NULL)
    {
      f->link = synack_engine_connect_hosts (f->engine, f->client, f->server);
      synack_link_set_delay (f->link, 50 * MS);
    }
}

static void
teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->engine);
  g_clear_object (&f->trace);
  g_clear_pointer (&f->clock, synack_clock_unref);
}

static const SynackEvent *
find_call (SynackTrace *trace, SynackCallKind call, guint conn, SynackEvent *found)
{
  for (guint i = 0; i < synack_trace_get_n_events (trace); i++)
    {
      SynackEvent ev;

      synack_trace_read_event (trace, i, &ev);
      if (ev.kind == SYNACK_EVENT_CALL && ev.call.call == call && ev.conn == conn)
        {
          *found = ev;
          return found;
        }
    }
  return NULL;
}

static void
test_connect_accept (Fixture *f, gconstpointer data)
{
  SynackEvent found;
  g_autoptr(GError) error = NULL;
  SynackSocket *listener, *client, *accepted;
  const SynackConnection *c;
  const SynackEvent *ev;

  g_assert_true (synack_engine_find_host (f->engine, "bob") == f->server);
  g_assert_true (synack_engine_find_host_by_address (f->engine, &f->client_addr) == f->client);
  g_assert_null (synack_engine_find_host (f->engine, "carol"));

  listener = synack_host_listen (f->server, 8080, 16, &error);
  g_assert_no_error (error);
  synack_socket_set_handler (listener, &handler, f);
  g_assert_true (synack_socket_is_listener (listener));
  g_assert_cmpint (synack_socket_get_state (listener), ==, SYNACK_TCP_LISTEN);
  /* The listener's record exists from listen() on, client side unknown. */
  g_assert_cmpuint (synack_trace_get_n_connections (f->trace), ==, 1);
  c = synack_trace_get_connection (f->trace, 0);
  g_assert_cmpuint (c->addr[0].family, ==, 0);
  g_assert_cmpuint (c->port[1], ==, 8080);
  g_assert_cmpint (synack_trace_state_at_time (f->trace, 0, 1, 0), ==, SYNACK_TCP_LISTEN);

  /* A second listener on the port is refused. */
  g_assert_null (synack_host_listen (f->server, 8080, 1, &error));
  g_assert_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID);
  g_clear_error (&error);

  /* run_until stops at the last due moment; move the clock on by hand. */
  synack_engine_run_until (f->engine, 100 * MS);
  g_assert_cmpint (synack_engine_now (f->engine), ==, 0);
  synack_clock_advance_to (f->clock, 100 * MS);
  client = synack_host_connect (f->client, &f->server_addr, 8080, 5555, &error);
  g_assert_no_error (error);
  synack_socket_set_handler (client, &handler, f);
  g_assert_cmpint (synack_socket_get_state (client), ==, SYNACK_TCP_SYN_SENT);
  g_assert_cmpuint (synack_socket_get_local_port (client), ==, 5555);
  g_assert_cmpuint (synack_socket_get_remote_port (client), ==, 8080);
  g_assert_null (synack_socket_accept (listener));

  g_assert_true (synack_engine_run_until (f->engine, 10 * SEC));
  /* connect() returned when the SYN-ACK arrived (0.1 + 2 x 0.05), accept
   * when the final ACK did (one more 0.05). */
  g_assert_cmpint (f->connected_at, ==, 200 * MS);
  g_assert_cmpint (f->incoming_at, ==, 250 * MS);
  g_assert_cmpuint (synack_socket_get_n_pending (listener), ==, 1);
  accepted = synack_socket_accept (listener);
  g_assert_nonnull (accepted);
  g_assert_null (synack_socket_accept (listener));
  g_assert_cmpint (synack_socket_get_state (accepted), ==, SYNACK_TCP_ESTABLISHED);
  g_assert_cmpint (synack_socket_get_state (client), ==, SYNACK_TCP_ESTABLISHED);
  g_assert_cmpuint (synack_socket_get_remote_port (accepted), ==, 5555);

  /* One record: the listener's, now with the client filled in. */
  g_assert_cmpuint (synack_trace_get_n_connections (f->trace), ==, 1);
  c = synack_trace_get_connection (f->trace, 0);
  g_assert_true (synack_address_equal (&c->addr[0], &f->client_addr));
  g_assert_cmpuint (c->port[0], ==, 5555);
  g_assert_cmpstr (c->name[0], ==, "alice");
  g_assert_cmpstr (c->name[1], ==, "bob");
  g_assert_true (c->flags & SYNACK_CONNECTION_ISN_FROM_SYN_0);
  g_assert_true (c->flags & SYNACK_CONNECTION_ISN_FROM_SYN_1);
  g_assert_cmpuint (c->isn[0], ==, synack_tcb_get_isn (synack_socket_get_tcb (client)));
  g_assert_cmpint (c->wscale[0], ==, 7);
  g_assert_cmpint (c->wscale[1], ==, 7);
  g_assert_cmpuint (synack_socket_get_trace_conn (client), ==, 0);
  g_assert_cmpuint (synack_socket_get_trace_endpoint (client), ==, 0);
  g_assert_cmpuint (synack_socket_get_trace_endpoint (accepted), ==, 1);

  ev = find_call (f->trace, SYNACK_CALL_CONNECT_RETURNS, 0, &found);
  g_assert_nonnull (ev);
  g_assert_cmpint (ev->time, ==, 200 * MS);
  g_assert_cmpint (ev->call.result, ==, 0);
  ev = find_call (f->trace, SYNACK_CALL_ACCEPT_RETURNS, 0, &found);
  g_assert_nonnull (ev);
  g_assert_cmpint (ev->time, ==, 250 * MS);
  g_assert_cmpuint (ev->endpoint, ==, 1);

  /* Data, a half-close each way, both closed. */
  g_assert_cmpint (synack_socket_send (client, (const guint8 *) "hello", 5), ==, 5);
  g_assert_cmpint (synack_socket_shutdown (client), ==, 0);
  synack_engine_run_until (f->engine, 20 * SEC);
  g_assert_cmpuint (f->received, ==, 5);
  g_assert_cmpuint (synack_socket_get_bytes_received (accepted), ==, 5);
  g_assert_true (f->eof);
  g_assert_cmpint (synack_socket_get_state (accepted), ==, SYNACK_TCP_CLOSE_WAIT);
  g_assert_cmpint (synack_socket_close (accepted), ==, 0);
  g_assert_cmpint (synack_socket_close (client), ==, 0);
  g_assert_true (synack_engine_run_until (f->engine, 200 * SEC));
  /* Both connections reached CLOSED (the client after TIME-WAIT); the
   * listener lives on. */
  g_assert_cmpuint (f->n_closed, ==, 2);
  g_assert_cmpint (synack_trace_state_at_time (f->trace, 0, 0, 200 * SEC), ==, SYNACK_TCP_CLOSED);
  g_assert_cmpint (synack_trace_state_at_time (f->trace, 0, 1, 200 * SEC), ==, SYNACK_TCP_CLOSED);
  g_assert_cmpint (synack_socket_get_state (listener), ==, SYNACK_TCP_LISTEN);
  synack_engine_finish_trace (f->engine);
  g_assert_cmpstr (synack_trace_get_connection (f->trace, 0)->summary, ==, "SF");
}

static void
test_refused (Fixture *f, gconstpointer data)
{
  SynackEvent found;
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackSocket) client = NULL;
  const SynackEvent *ev;

  client = synack_socket_ref (synack_host_connect (f->client, &f->server_addr, 81, 0, &error));
  g_assert_no_error (error);
  synack_socket_set_handler (client, &handler, f);
  /* An ephemeral port. */
  g_assert_cmpuint (synack_socket_get_local_port (client), >=, 32768);
  synack_engine_run_until (f->engine, 10 * SEC);
  g_assert_cmpint (f->error, ==, ECONNREFUSED);
  g_assert_cmpint (f->error_at, ==, 100 * MS);
  g_assert_cmpint (f->connected_at, ==, -1);
  g_assert_cmpint (synack_socket_get_state (client), ==, SYNACK_TCP_CLOSED);
  g_assert_cmpint (synack_socket_get_error (client), ==, ECONNREFUSED);
  g_assert_null (synack_socket_get_tcb (client));
  ev = find_call (f->trace, SYNACK_CALL_CONNECT_RETURNS, 0, &found);
  g_assert_nonnull (ev);
  g_assert_cmpint (ev->call.result, ==, ECONNREFUSED);
  g_assert_cmpint (ev->time, ==, 100 * MS);
  /* Calls on a dead socket fail without a TCB. */
  g_assert_cmpint (synack_socket_send (client, (const guint8 *) "x", 1), ==, -ECONNREFUSED);
  g_assert_cmpint (synack_socket_recv (client, NULL, 1), ==, -ECONNREFUSED);
}

static void
test_backlog (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  SynackSocket *listener, *c1, *c2;
  gint64 c2_connected;

  listener = synack_host_listen (f->server, 80, 1, &error);
  g_assert_no_error (error);
  synack_socket_set_handler (listener, &handler, f);
  c1 = synack_host_connect (f->client, &f->server_addr, 80, 1001, &error);
  g_assert_no_error (error);
  synack_engine_run_until (f->engine, 500 * MS);
  synack_clock_advance_to (f->clock, 500 * MS);
  g_assert_cmpuint (synack_socket_get_n_pending (listener), ==, 1);

  /* The queue is full: the second SYN (and its first retry) are dropped. */
  c2 = synack_host_connect (f->client, &f->server_addr, 80, 1002, &error);
  g_assert_no_error (error);
  synack_socket_set_handler (c2, &handler, f);
  synack_engine_run_until (f->engine, 2 * SEC);
  synack_clock_advance_to (f->clock, 2 * SEC);
  g_assert_cmpint (synack_socket_get_state (c2), ==, SYNACK_TCP_SYN_SENT);
  g_assert_cmpint (f->connected_at, ==, -1);

  /* accept() makes room; the next retry (at 0.5 + 1 + 2 s) gets in. */
  g_assert_true (synack_socket_accept (listener) != NULL);
  synack_engine_run_until (f->engine, 10 * SEC);
  c2_connected = f->connected_at;
  g_assert_cmpint (synack_socket_get_state (c2), ==, SYNACK_TCP_ESTABLISHED);
  g_assert_cmpint (c2_connected, ==, 3500 * MS + 100 * MS);
  g_assert_cmpint (synack_socket_get_state (c1), ==, SYNACK_TCP_ESTABLISHED);
  /* The second connection has its own record, the server starting in LISTEN. */
  g_assert_cmpuint (synack_trace_get_n_connections (f->trace), ==, 2);
  g_assert_cmpint (synack_trace_get_connection (f->trace, 1)->initial_state[1], ==, SYNACK_TCP_LISTEN);
  g_assert_cmpuint (synack_trace_get_connection (f->trace, 1)->port[0], ==, 1002);
}

static void
test_crash (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  SynackSocket *client;
  SynackTcbOptions *o = synack_host_get_options (f->client);
  guint n_segments;

  o->data_retries = 3;
  o->rto_max = 2 * SEC;
  synack_host_listen (f->server, 80, 4, &error);
  client = synack_host_connect (f->client, &f->server_addr, 80, 0, &error);
  synack_socket_set_handler (client, &handler, f);
  synack_engine_run_until (f->engine, 1 * SEC);
  g_assert_cmpint (synack_socket_get_state (client), ==, SYNACK_TCP_ESTABLISHED);

  synack_host_crash (f->server);
  g_assert_true (synack_host_is_crashed (f->server));
  n_segments = synack_trace_get_n_segments (f->trace);
  synack_socket_send (client, (const guint8 *) "anyone?", 7);
  g_assert_true (synack_engine_run_until (f->engine, 3600 * SEC));
  /* Four tries, no answer, ETIMEDOUT; the server never said a word. */
  g_assert_cmpint (f->error, ==, ETIMEDOUT);
  for (guint i = 0; i < synack_trace_get_n_events (f->trace); i++)
    {
      SynackEvent ev;

      synack_trace_read_event (f->trace, i, &ev);
      if (ev.kind == SYNACK_EVENT_SEGMENT && ev.time > 1 * SEC)
        g_assert_cmpuint (ev.endpoint, ==, 0);
    }
  g_assert_cmpuint (synack_trace_get_n_segments (f->trace), >=, n_segments + 4);
  /* The crash is in the trace: a crash call and the server's state gone at
   * 1 s; every frame sent to it after that reached nobody: its fate is
   * host_down, which the link did not cause (not lost). */
  g_assert_cmpint (synack_trace_state_at_time (f->trace, 0, 1, 1 * SEC - 1), ==,
                   SYNACK_TCP_ESTABLISHED);
  g_assert_cmpint (synack_trace_state_at_time (f->trace, 0, 1, 1 * SEC), ==, SYNACK_TCP_CLOSED);
  for (guint i = 0; i < synack_trace_get_n_events (f->trace); i++)
    {
      SynackEvent ev;

      synack_trace_read_event (f->trace, i, &ev);
      if (ev.kind == SYNACK_EVENT_CALL && ev.endpoint == 1 && ev.call.call == SYNACK_CALL_CRASH)
        g_assert_cmpint (ev.time, ==, 1 * SEC);
      if (ev.kind == SYNACK_EVENT_SEGMENT && ev.time > 1 * SEC)
        g_assert_cmpint (ev.segment.fate, ==, SYNACK_FATE_HOST_DOWN);
    }
}

/* Hosts without a link: raw IP packets out through an output function and
 * in through synack_host_input_packet(), as a TUN device would. */
typedef struct
{
  Fixture  *f;
  GPtrArray *to_server;
  GPtrArray *to_client;
} Wire;

static void
output_func (SynackHost   *host,
             const guint8 *packet,
             gsize         len,
             gpointer      data)
{
  GPtrArray *queue = data;

  g_ptr_array_add (queue, g_bytes_new (packet, len));
}

static gboolean
carry (SynackHost *to,
       GPtrArray  *queue)
{
  gboolean any = queue->len > 0;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  /* Inputs may queue more output; take this batch first. */
  while (queue->len > 0)
    g_ptr_array_add (batch, g_ptr_array_steal_index (queue, 0));
  for (guint i = 0; i < batch->len; i++)
    {
      g_autoptr(GError) error = NULL;
      gsize len;
      const guint8 *p = g_bytes_get_data (g_ptr_array_index (batch, i), &len);

      g_assert_true (synack_host_input_packet (to, p, len, &error));
      g_assert_no_error (error);
    }
  return any;
}

static void
test_raw_packets (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) to_server = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GPtrArray) to_client = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GError) error = NULL;
  SynackSocket *listener, *client;
  const guint8 garbage[] = { 0x45, 0, 0, 20, 0, 0 };
  guint8 packet[64];
  SynackSegment seg = { 0 };
  SynackAddress other;
  gsize len;
  gboolean delivered_all = TRUE;

  synack_host_set_output (f->client, output_func, to_server);
  synack_host_set_output (f->server, output_func, to_client);
  listener = synack_host_listen (f->server, 80, 4, &error);
  synack_socket_set_handler (listener, &handler, f);
  client = synack_host_connect (f->client, &f->server_addr, 80, 4000, &error);
  synack_socket_set_handler (client, &handler, f);
  g_assert_cmpuint (to_server->len, ==, 1);   /* the SYN, as an IP packet */

  for (guint round = 0; round < 20; round++)
    {
      gboolean moved = carry (f->server, to_server);

      moved |= carry (f->client, to_client);
      if (!moved)
        break;
    }
  g_assert_cmpint (synack_socket_get_state (client), ==, SYNACK_TCP_ESTABLISHED);
  g_assert_cmpuint (f->n_incoming, ==, 1);

  /* Each segment is in the trace twice: sent by one host, arrived at the other. */
  for (guint i = 0; i < synack_trace_get_n_events (f->trace); i++)
    {
      SynackEvent ev;

      synack_trace_read_event (f->trace, i, &ev);
      if (ev.kind == SYNACK_EVENT_SEGMENT)
        delivered_all &= ev.segment.fate == SYNACK_FATE_DELIVERED;
    }
  g_assert_true (delivered_all);
  g_assert_cmpuint (synack_trace_get_n_segments (f->trace), ==, 6);

  /* Bad packets are refused with a reason. */
  g_assert_false (synack_host_input_packet (f->server, garbage, sizeof garbage, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  synack_address_set_ipv4 (&other, 0x01020304);
  seg.sport = 1;
  seg.dport = 2;
  seg.flags = SYNACK_FLAG_SYN;
  len = synack_wire_encode (&f->client_addr, &other, &seg, NULL, 64, 1, packet, sizeof packet, &error);
  g_assert_cmpuint (len, >, 0);
  g_assert_false (synack_host_input_packet (f->server, packet, len, &error));
  g_assert_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID);
}

/* On the real clock of a GLib main loop. */
static gboolean
guard_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
test_main_loop_clock (void)
{
  g_autoptr(SynackClock) clock = synack_clock_new_main_loop (NULL);
  g_autoptr(SynackEngine) engine = synack_engine_new (clock, NULL, 1);
  g_autoptr(GError) error = NULL;
  Fixture f = { 0 };
  SynackAddress a, b;
  SynackHost *ha, *hb;
  SynackSocket *listener, *client;
  gboolean timed_out = FALSE;
  guint guard;
  guint8 data[3000];

  f.engine = engine;
  f.connected_at = -1;
  synack_address_set_ipv4 (&a, 0x7F000001);
  synack_address_set_ipv4 (&b, 0x7F000002);
  ha = synack_engine_add_host (engine, "a", &a);
  hb = synack_engine_add_host (engine, "b", &b);
  synack_link_set_delay (synack_engine_connect_hosts (engine, ha, hb), 2 * MS);
  listener = synack_host_listen (hb, 7, 4, &error);
  synack_socket_set_handler (listener, &handler, &f);
  client = synack_host_connect (ha, &b, 7, 0, &error);
  synack_socket_set_handler (client, &handler, &f);
  memset (data, 'x', sizeof data);
  synack_socket_send (client, data, sizeof data);
  synack_socket_shutdown (client);

  guard = g_timeout_add_seconds (30, guard_cb, &timed_out);
  while (!f.eof && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);
  g_assert_false (timed_out);
  /* The wire's delay is real: the handshake took at least two trips. */
  g_assert_cmpint (f.connected_at, >=, 4 * MS);
  g_assert_cmpuint (f.received, ==, sizeof data);
}

/* A listener closed while a connection to it is half-open
 * (SYN-RECEIVED). The child must not outlive its listener as one: it is
 * reset, the client learns ECONNRESET, and nothing is ever accepted (before
 * the fix the child completed its handshake into the freed listener). */
static void
test_listener_closed_half_open (Fixture *f, gconstpointer data)
{
  SynackEvent found;
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackSocket) client = NULL;
  SynackSocket *listener;
  gboolean rst_from_server = FALSE;

  listener = synack_host_listen (f->server, 80, 16, &error);
  g_assert_no_error (error);
  synack_socket_set_handler (listener, &handler, f);
  client = synack_socket_ref (synack_host_connect (f->client, &f->server_addr, 80, 4000, &error));
  g_assert_no_error (error);
  synack_socket_set_handler (client, &handler, f);
  /* the SYN arrives at 50 ms; at 75 ms the server is in SYN-RECEIVED */
  synack_engine_run_until (f->engine, 75 * MS);
  synack_clock_advance_to (f->clock, 75 * MS);
  g_assert_cmpint (synack_socket_close (listener), ==, 0);
  g_assert_true (synack_engine_run_until (f->engine, 10 * SEC));
  g_assert_cmpuint (f->n_incoming, ==, 0);
  g_assert_cmpint (f->error, ==, ECONNRESET);
  g_assert_cmpint (synack_socket_get_state (client), ==, SYNACK_TCP_CLOSED);
  g_assert_null (find_call (f->trace, SYNACK_CALL_ACCEPT_RETURNS, 0, &found));
  for (guint i = 0; i < synack_trace_get_n_events (f->trace); i++)
    {
      SynackEvent ev;

      synack_trace_read_event (f->trace, i, &ev);
      if (ev.kind == SYNACK_EVENT_SEGMENT && ev.endpoint == 1
          && (ev.segment.flags & SYNACK_FLAG_RST))
        rst_from_server = TRUE;
    }
  g_assert_true (rst_from_server);
}

static void
again_now (SynackEngine *engine, gpointer data)
{
  guint *n = data;

  (*n)++;
  synack_engine_add_alarm (engine, synack_engine_now (engine), again_now, data);
}

/* The hang guard: something that re-arms itself at the same instant for
 * ever stops after the limit, with a message naming the virtual time; the
 * clock does not move on and run_until returns. */
static void
test_hang_guard (Fixture *f, gconstpointer data)
{
  guint n = 0;
  const GError *stopped;

  g_assert_null (synack_engine_get_stopped (f->engine));
  synack_engine_set_instant_limit (f->engine, 5000);
  synack_engine_add_alarm (f->engine, 1500 * MS, again_now, &n);
  g_assert_true (synack_engine_run_until (f->engine, 10 * SEC));
  g_assert_cmpuint (n, ==, 5000);
  stopped = synack_engine_get_stopped (f->engine);
  g_assert_nonnull (stopped);
  g_assert_error ((GError *) stopped, SYNACK_ERROR, SYNACK_ERROR_FAILED);
  g_assert_true (g_str_has_prefix (stopped->message, "stopped at 1.500000 s: more than 5000 "));
  g_assert_cmpint (synack_engine_next_due (f->engine), ==, G_MAXINT64);
  /* nothing more runs */
  synack_engine_process (f->engine);
  g_assert_cmpuint (n, ==, 5000);
}

/* Busy but finite instants are not stopped, and the count starts again at
 * each instant: 1000 connections opened at once make 1000 deliveries at each
 * of 50, 100 and 150 ms (SYN, SYN-ACK, ACK), 3000 in all, limit 1500. */
static void
test_hang_guard_busy_instant (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  synack_engine_set_instant_limit (f->engine, 1500);
  g_assert_nonnull (synack_host_listen (f->server, 80, 4096, &error));
  for (guint i = 0; i < 1000; i++)
    {
      g_assert_nonnull (synack_host_connect (f->client, &f->server_addr, 80, 10000 + i, &error));
      g_assert_no_error (error);
    }
  g_assert_true (synack_engine_run_until (f->engine, 10 * SEC));
  g_assert_null (synack_engine_get_stopped (f->engine));
  g_assert_cmpuint (synack_engine_get_n_segments (f->engine), ==, 3000);
}

/* A listener no client reaches keeps its record (the views draw its LISTEN
 * span and its calls) but gets no Zeek state: it was never a connection
 * (it used to say OTH, "traffic without a SYN"). */
static void
test_listener_only_record (Fixture *f, gconstpointer data)
{
  SynackEvent found;
  g_autoptr(GError) error = NULL;
  SynackSocket *listener;
  const SynackConnection *c;

  listener = synack_host_listen (f->server, 80, 16, &error);
  g_assert_no_error (error);
  synack_clock_advance_to (f->clock, 2 * SEC);
  g_assert_cmpint (synack_socket_close (listener), ==, 0);
  g_assert_true (synack_engine_run_until (f->engine, 10 * SEC));
  synack_engine_finish_trace (f->engine);
  g_assert_cmpuint (synack_trace_get_n_connections (f->trace), ==, 1);
  c = synack_trace_get_connection (f->trace, 0);
  g_assert_cmpuint (c->addr[0].family, ==, 0);
  g_assert_cmpuint (c->n_segments, ==, 0);
  g_assert_cmpstr (c->summary, ==, "");
  g_assert_cmpint (synack_trace_state_at_time (f->trace, 0, 1, SEC), ==, SYNACK_TCP_LISTEN);
  g_assert_nonnull (find_call (f->trace, SYNACK_CALL_LISTEN, 0, &found));
}

/* A client's SYN is lost and the server closes its listener before the
 * retransmission: the record the client's connect() took over still shows
 * the listener's close() and its LISTEN -> CLOSED, so that the reset the
 * retransmitted SYN meets is drawn from a CLOSED server, as it is. */
static void
test_listener_closed_before_syn_arrived (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  SynackLinkRule lose_first = { SYNACK_LINK_LOSE, SYNACK_LINK_MATCH_ORDINAL, 0, 1 };
  SynackSocket *listener, *client;
  const SynackEvent *close, *rst = NULL;
  SynackEvent found, rst_event;
  guint conn;

  synack_link_add_rule (f->link, &lose_first);
  listener = synack_host_listen (f->server, 80, 8, &error);
  g_assert_no_error (error);
  synack_socket_set_handler (listener, &handler, f);
  client = synack_host_connect (f->client, &f->server_addr, 80, 0, &error);
  g_assert_no_error (error);
  synack_socket_set_handler (client, &handler, f);
  synack_engine_run_until (f->engine, 900 * MS);
  synack_clock_advance_to (f->clock, 900 * MS);
  g_assert_cmpint (synack_socket_close (listener), ==, 0);
  g_assert_true (synack_engine_run_until (f->engine, 10 * SEC));

  g_assert_cmpuint (synack_trace_get_n_connections (f->trace), ==, 1);
  conn = 0;
  close = find_call (f->trace, SYNACK_CALL_CLOSE, conn, &found);
  g_assert_nonnull (close);
  g_assert_cmpuint (close->endpoint, ==, 1);
  g_assert_cmpint (close->time, ==, 900 * MS);
  g_assert_cmpint (synack_trace_state_at_time (f->trace, conn, 1, 800 * MS), ==,
                   SYNACK_TCP_LISTEN);
  g_assert_cmpint (synack_trace_state_at_time (f->trace, conn, 1, SEC), ==, SYNACK_TCP_CLOSED);
  for (guint i = 0; i < synack_trace_get_n_events (f->trace) && rst == NULL; i++)
    {
      SynackEvent ev;

      synack_trace_read_event (f->trace, i, &ev);
      if (ev.kind == SYNACK_EVENT_SEGMENT && ev.endpoint == 1 &&
          (ev.segment.flags & SYNACK_FLAG_RST) != 0)
        {
          rst_event = ev;
          rst = &rst_event;
        }
    }
  /* the retransmitted SYN (after 1 s) meets no listener */
  g_assert_nonnull (rst);
  g_assert_cmpint (rst->time, >, SEC);
  g_assert_cmpint (synack_trace_state_at_time (f->trace, conn, 1, rst->time), ==,
                   SYNACK_TCP_CLOSED);
  g_assert_cmpint (f->error, ==, ECONNREFUSED);
}

/* A send the buffer takes only part of (or none of) is
 * followed by `writable` once ACKs free room, and the rest then goes
 * through: a sender that waits for writable moves the whole stream. */
typedef struct
{
  Fixture      *f;
  SynackSocket *sock;
  gsize         to_send;
  guint         n_short;
  guint         n_eagain;
  guint         n_writable;
} Writer;

static void
writer_pump (Writer *w)
{
  guint8 buf[3000];

  memset (buf, 'w', sizeof buf);
  while (w->to_send > 0)
    {
      gsize want = MIN (w->to_send, sizeof buf);
      gssize n = synack_socket_send (w->sock, buf, want);

      if (n == -EAGAIN)
        {
          w->n_eagain++;
          return;
        }
      g_assert_cmpint (n, >, 0);
      w->to_send -= n;
      if ((gsize) n < want)
        {
          w->n_short++;
          return;
        }
    }
}

static void
w_writable (SynackSocket *sock, gpointer data)
{
  Writer *w = data;

  g_assert_true (sock == w->sock);
  w->n_writable++;
  writer_pump (w);
}

static void
w_connected (SynackSocket *sock, gpointer data)
{
  writer_pump (data);
}

static const SynackSocketHandler writer_handler = {
  w_connected, NULL, NULL, NULL, w_writable, NULL, NULL,
};

static void
test_writable_after_short_send (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  SynackSocket *listener, *accepted;
  Writer w = { f, NULL, 100000, 0, 0, 0 };

  synack_host_get_options (f->client)->snd_buf = 8000;
  listener = synack_host_listen (f->server, 80, 4, &error);
  g_assert_no_error (error);
  synack_socket_set_handler (listener, &handler, f);
  w.sock = synack_host_connect (f->client, &f->server_addr, 80, 0, &error);
  g_assert_no_error (error);
  synack_socket_set_handler (w.sock, &writer_handler, &w);
  g_assert_true (synack_engine_run_until (f->engine, 60 * SEC));

  accepted = synack_socket_accept (listener);
  g_assert_nonnull (accepted);
  /* 8000 of buffer, 3000 a call: the third send is short, then writable
   * comes each time half the buffer is free, until all is sent */
  g_assert_cmpuint (w.to_send, ==, 0);
  g_assert_cmpuint (w.n_short + w.n_eagain, >, 0);
  g_assert_cmpuint (w.n_writable, >=, w.n_short + w.n_eagain);
  g_assert_cmpuint (f->received, ==, 100000);
}

/* Every child of a listener starts in LISTEN, not only the
 * first: three SYNs from outside (as from a TUN device) and three clients
 * of the same engine each get a record whose server side goes LISTEN ->
 * SYN_RECEIVED. */
static void
check_children_from_listen (SynackTrace *trace,
                            guint        n_conns)
{
  g_assert_cmpuint (synack_trace_get_n_connections (trace), ==, n_conns);
  for (guint conn = 0; conn < n_conns; conn++)
    {
      SynackEvent first_event;
      const SynackEvent *first = NULL;

      for (guint i = 0; i < synack_trace_get_n_events (trace) && first == NULL; i++)
        {
          SynackEvent ev;

          synack_trace_read_event (trace, i, &ev);
          /* the first record is the listener's: skip its CLOSED -> LISTEN */
          if (ev.kind == SYNACK_EVENT_STATE && ev.conn == conn && ev.endpoint == 1
              && ev.state.to != SYNACK_TCP_LISTEN)
            {
              first_event = ev;
              first = &first_event;
            }
        }
      g_assert_nonnull (first);
      if (g_test_verbose ())
        g_test_message ("conn %u: %s -> %s", conn,
                        synack_tcp_state_to_string (first->state.from),
                        synack_tcp_state_to_string (first->state.to));
      g_assert_cmpstr (synack_tcp_state_to_string (first->state.from), ==, "LISTEN");
      g_assert_cmpstr (synack_tcp_state_to_string (first->state.to), ==, "SYN_RECEIVED");
      g_assert_cmpint (synack_trace_state_at_time (trace, conn, 1, first->time - 1), ==,
                       SYNACK_TCP_LISTEN);
    }
}

static void
test_children_start_in_listen (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GError) error = NULL;
  SynackSocket *listener;
  SynackAddress outside;

  synack_host_set_output (f->server, output_func, out);
  listener = synack_host_listen (f->server, 80, 8, &error);
  g_assert_no_error (error);
  synack_address_set_ipv4 (&outside, 0x0A000009);
  for (guint i = 0; i < 3; i++)
    {
      SynackSegment seg = { 0 };
      guint8 packet[64];
      gsize len;

      synack_clock_advance_to (f->clock, (i + 1) * SEC);
      seg.sport = 40000 + i;
      seg.dport = 80;
      seg.seq = 1000 * i;
      seg.window = 65535;
      seg.flags = SYNACK_FLAG_SYN;
      len = synack_wire_encode (&outside, &f->server_addr, &seg, NULL, 64, 1, packet,
                                sizeof packet, &error);
      g_assert_no_error (error);
      g_assert_true (synack_host_input_packet (f->server, packet, len, &error));
      g_assert_no_error (error);
    }
  g_assert_cmpuint (out->len, >=, 3);   /* SYN-ACKs (and their retransmissions) */
  g_assert_cmpuint (synack_socket_get_n_pending (listener), ==, 0);
  check_children_from_listen (f->trace, 3);
}

static void
test_children_start_in_listen_engine (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  SynackSocket *listener;

  listener = synack_host_listen (f->server, 80, 8, &error);
  g_assert_no_error (error);
  synack_socket_set_handler (listener, &handler, f);
  for (guint i = 0; i < 3; i++)
    {
      synack_clock_advance_to (f->clock, (i + 1) * SEC);
      g_assert_nonnull (synack_host_connect (f->client, &f->server_addr, 80, 0, &error));
      g_assert_no_error (error);
      synack_engine_run_until (f->engine, (i + 1) * SEC + 500 * MS);
    }
  g_assert_cmpuint (f->n_incoming, ==, 3);
  check_children_from_listen (f->trace, 3);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func, d) g_test_add ("/synack/engine/" path, Fixture, d, setup, func, teardown)
  ADD ("connect-accept", test_connect_accept, NULL);
  ADD ("refused", test_refused, NULL);
  ADD ("backlog", test_backlog, NULL);
  ADD ("crash", test_crash, NULL);
  ADD ("listener-closed-half-open", test_listener_closed_half_open, NULL);
  ADD ("listener-only-record", test_listener_only_record, NULL);
  ADD ("listener-closed-before-syn-arrived", test_listener_closed_before_syn_arrived, NULL);
  ADD ("hang-guard", test_hang_guard, NULL);
  ADD ("hang-guard-busy-instant", test_hang_guard_busy_instant, NULL);
  ADD ("writable-after-short-send", test_writable_after_short_send, NULL);
  ADD ("raw-packets", test_raw_packets, GINT_TO_POINTER (1));
  ADD ("children-start-in-listen", test_children_start_in_listen, GINT_TO_POINTER (1));
  ADD ("children-start-in-listen-engine", test_children_start_in_listen_engine, NULL);
  g_test_add_func ("/synack/engine/main-loop-clock", test_main_loop_clock);
  return g_test_run ();
}
