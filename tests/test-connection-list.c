/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The connection list at the size of a busy afternoon's capture: 200,000
 * connections filtered by address, port and Zeek state, and sorted, with
 * every row the list shows checked against the trace. */
#include "config.h"

#include <string.h>

#include "panel-fixture.h"
#include "synack-connection-list.h"

#define N_CONNECTIONS 200000u

static const char *const states[] = { "SF", "S0", "REJ", "RSTO", "" };

/* Connection i: client 10.x.y.z:(20000 + i % 40000), server 192.0.2.(i % 7 + 1)
 * on port 443 or 80 (i % 3 == 0), i % 11 + 1 segments, a Zeek state by i % 5. */
static SynackTrace *
make_trace (void)
{
  SynackTrace *trace = synack_trace_new (SYNACK_TRACE_SOURCE_FILE);
  SynackSegment seg = { 0 };
  gint64 t = 0;

  seg.flags = SYNACK_FLAG_ACK;
  for (guint i = 0; i < N_CONNECTIONS; i++)
    {
      SynackAddress a, b;
      guint conn;

      synack_address_set_ipv4 (&a, 0x0a000000u | (i / 40000 + 1) << 16 | (i % 40000) / 250 << 8 |
                                   (i % 250 + 1));
      synack_address_set_ipv4 (&b, 0xc0000200u | (i % 7 + 1));
      conn = synack_trace_add_connection (trace, &a, (guint16) (20000 + i % 40000), &b,
                                          i % 3 == 0 ? 80 : 443);
      for (guint k = 0; k < i % 11 + 1; k++)
        synack_trace_append_segment (trace, t++, conn, k & 1, &seg, SYNACK_FATE_CAPTURED,
                                     SYNACK_TIME_NONE, 0);
      synack_trace_set_summary (trace, conn, states[i % 5]);
    }
  synack_trace_commit (trace);
  return trace;
}

static gboolean
settled (SynackConnectionList *list)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  /* a wait, not a timing assertion */
  while (synack_connection_list_is_busy (list))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
    }
  panel_settle ();
  return TRUE;
}

static guint
count_matching (SynackTrace *trace,
                gboolean   (*match) (const SynackConnection *c))
{
  guint n = 0;

  for (guint i = 0; i < synack_trace_get_n_connections (trace); i++)
    if (match (synack_trace_get_connection (trace, i)))
      n++;
  return n;
}

static gboolean
is_port_80_sf (const SynackConnection *c)
{
  return c->port[1] == 80 && strcmp (c->summary, "SF") == 0;
}

static gboolean
is_rej (const SynackConnection *c)
{
  return strcmp (c->summary, "REJ") == 0;
}

static void
record_activated (SynackConnectionList *list,
                  guint                 conn,
                  guint                *out)
{
  *out = conn;
}

static void
test_filter_and_sort (PanelFixture  *f,
                      gconstpointer  data)
{
  g_autoptr(SynackTrace) trace = NULL;
  SynackConnectionList *list;
  guint n, last, chosen = G_MAXUINT;

  PANEL_SKIP_WITHOUT_DISPLAY ();
  trace = make_trace ();
  panel_show (f, synack_connection_list_new ());
  list = SYNACK_CONNECTION_LIST (f->panel);
  synack_connection_list_set_trace (list, trace);
  g_assert_true (settled (list));
  g_assert_cmpuint (synack_connection_list_get_n_rows (list), ==, N_CONNECTIONS);
  g_assert_cmpuint (synack_connection_list_get_row_connection (list, 12345), ==, 12345);

  /* a port and a Zeek state: both must hold */
  synack_connection_list_set_filter (list, ":80 sf");
  g_assert_true (settled (list));
  n = synack_connection_list_get_n_rows (list);
  g_assert_cmpuint (n, ==, count_matching (trace, is_port_80_sf));
  g_assert_cmpuint (n, >, 0);
  for (guint r = 0; r < n; r += 97)
    g_assert_true (is_port_80_sf (synack_trace_get_connection (
      trace, synack_connection_list_get_row_connection (list, r))));

  /* an address: 10.1.0.7 is the client of connection 6 only (10.1.0.70
   * and 10.1.0.71... would match too: they are checked by the prefix) */
  synack_connection_list_set_filter (list, "10.2.0.7:");
  g_assert_true (settled (list));
  g_assert_cmpuint (synack_connection_list_get_n_rows (list), ==, 1);
  g_assert_cmpuint (synack_connection_list_get_row_connection (list, 0), ==, 40006);

  /* a state alone, then most segments first */
  synack_connection_list_set_filter (list, "REJ");
  synack_connection_list_set_order (list, "segments");
  g_assert_true (settled (list));
  n = synack_connection_list_get_n_rows (list);
  g_assert_cmpuint (n, ==, count_matching (trace, is_rej));
  last = G_MAXUINT;
  for (guint r = 0; r < n; r++)
    {
      const SynackConnection *c = synack_trace_get_connection (
        trace, synack_connection_list_get_row_connection (list, r));

      g_assert_cmpstr (c->summary, ==, "REJ");
      g_assert_cmpuint (c->n_segments, <=, last);
      last = c->n_segments;
    }

  /* all of them by server, and choosing a row names its connection */
  synack_connection_list_set_filter (list, "");
  synack_connection_list_set_order (list, "server");
  g_assert_true (settled (list));
  g_assert_cmpuint (synack_connection_list_get_n_rows (list), ==, N_CONNECTIONS);
  {
    const SynackConnection *first = synack_trace_get_connection (
      trace, synack_connection_list_get_row_connection (list, 0));
    const SynackConnection *end = synack_trace_get_connection (
      trace, synack_connection_list_get_row_connection (list, N_CONNECTIONS - 1));

    g_assert_cmpuint (first->addr[1].bytes[3], ==, 1);
    g_assert_cmpuint (first->port[1], ==, 80);
    g_assert_cmpuint (end->addr[1].bytes[3], ==, 7);
    g_assert_cmpuint (end->port[1], ==, 443);
  }

  /* choosing a row of a sorted, filtered list names its connection, not
   * the row's number */
  g_signal_connect (list, "connection-activated", G_CALLBACK (record_activated), &chosen);
  synack_connection_list_set_order (list, "segments");
  synack_connection_list_set_filter (list, "S0");
  g_assert_true (settled (list));
  synack_connection_list_activate (list, 199996);
  g_assert_cmpuint (chosen, ==, 199996);
  g_assert_cmpuint (synack_connection_list_get_row_connection (list, 0), !=, 199996);
}

int
main (int   argc,
      char *argv[])
{
  panel_test_init (&argc, &argv);
  PANEL_TEST ("/synack/connection-list/filter-and-sort", test_filter_and_sort);
  return g_test_run ();
}
