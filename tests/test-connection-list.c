/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The connection list at the size of a busy afternoon's capture: 200,000
 * connections filtered by address, port and Zeek state, and sorted, with
 * every row the list shows checked against the trace. */
#include "config.h"

#include <string.h>

#include "panel-fixture.h"
#include "synack-test-utils-gtk.h"
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

/* The first widget of type under widget; with a CSS class when class is
 * not NULL (the order menu holds a list view of its own). */
static GtkWidget *
find_widget (GtkWidget  *widget,
             GType       type,
             const char *class)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) &&
      (class == NULL || gtk_widget_has_css_class (widget, class)))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, class);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The connection of the row the list highlights, or G_MAXUINT. */
static guint
highlighted (SynackConnectionList *list)
{
  GtkListView *view = GTK_LIST_VIEW (find_widget (GTK_WIDGET (list), GTK_TYPE_LIST_VIEW,
                                                  "navigation-sidebar"));
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (view));
  guint row = gtk_single_selection_get_selected (selection);

  return row == GTK_INVALID_LIST_POSITION ? G_MAXUINT
                                          : synack_connection_list_get_row_connection (list, row);
}

static int
compare_endpoint (const SynackConnection *a,
                  const SynackConnection *b,
                  guint                   e)
{
  int r = memcmp (a->addr[e].bytes, b->addr[e].bytes, sizeof a->addr[e].bytes);

  return r != 0 ? r : (int) a->port[e] - (int) b->port[e];
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
  g_assert_cmpuint (highlighted (list), ==, 199996);

  /* the chosen connection stays highlighted in its new row under another
   * order, and the rows on screen show the connections of their rows */
  synack_connection_list_set_filter (list, "");
  synack_connection_list_set_order (list, "client");
  g_assert_true (settled (list));
  g_assert_cmpuint (highlighted (list), ==, 199996);
  for (guint r = 1; r < N_CONNECTIONS; r += 1 + r / 16)
    g_assert_cmpint (compare_endpoint (
      synack_trace_get_connection (trace, synack_connection_list_get_row_connection (list, r - 1)),
      synack_trace_get_connection (trace, synack_connection_list_get_row_connection (list, r)),
      0), <, 0);
  {
    guint first = synack_connection_list_get_row_connection (list, 0);
    g_autofree char *shown = synack_connection_list_get_shown_text (list, first);
    g_autofree char *text = synack_connection_list_get_row_text (list, first);

    g_assert_cmpuint (first, ==, 0);   /* 10.1.0.1:20000, the lowest client */
    g_assert_nonnull (shown);
    g_assert_cmpstr (shown, ==, text);
  }

  /* by Zeek state: grouped, in the states' order, the open ones ("") last */
  synack_connection_list_set_order (list, "state");
  g_assert_true (settled (list));
  g_assert_cmpstr (synack_trace_get_connection (
    trace, synack_connection_list_get_row_connection (list, 0))->summary, ==, "REJ");
  g_assert_cmpstr (synack_trace_get_connection (
    trace, synack_connection_list_get_row_connection (list, N_CONNECTIONS - 1))->summary, ==, "");
  for (guint r = 1; r < N_CONNECTIONS - N_CONNECTIONS / 5; r += 1 + r / 16)
    {
      guint a = synack_connection_list_get_row_connection (list, r - 1);
      guint b = synack_connection_list_get_row_connection (list, r);

      g_assert_cmpint (strcmp (synack_trace_get_connection (trace, a)->summary,
                               synack_trace_get_connection (trace, b)->summary), <=, 0);
    }

  /* back to the capture's order: row i is connection i */
  synack_connection_list_set_order (list, "seen");
  g_assert_true (settled (list));
  g_assert_cmpuint (synack_connection_list_get_row_connection (list, 12345), ==, 12345);
  g_assert_cmpuint (highlighted (list), ==, 199996);
}

/* A filter and an order hold for connections that come while a capture
 * loads: the rows are worked out again as the trace grows. */
static void
test_growth (PanelFixture  *f,
             gconstpointer  data)
{
  g_autoptr(SynackTrace) trace = synack_trace_new (SYNACK_TRACE_SOURCE_FILE);
  SynackConnectionList *list;
  SynackSegment seg = { 0 };
  gint64 t = 0;

  PANEL_SKIP_WITHOUT_DISPLAY ();
  seg.flags = SYNACK_FLAG_ACK;
  panel_show (f, synack_connection_list_new ());
  list = SYNACK_CONNECTION_LIST (f->panel);
  synack_connection_list_set_trace (list, trace);
  synack_connection_list_set_filter (list, "rej");
  synack_connection_list_set_order (list, "segments");
  for (guint round = 1; round <= 3; round++)
    {
      for (guint i = 0; i < 1000; i++)
        {
          SynackAddress a, b;
          guint conn;

          synack_address_set_ipv4 (&a, 0x0a000001u + i);
          synack_address_set_ipv4 (&b, 0xc0000201u);
          conn = synack_trace_add_connection (trace, &a, (guint16) (10000 + round), &b, 443);
          /* the later the round, the more segments */
          for (guint k = 0; k < round; k++)
            synack_trace_append_segment (trace, t++, conn, 0, &seg, SYNACK_FATE_CAPTURED,
                                         SYNACK_TIME_NONE, 0);
          synack_trace_set_summary (trace, conn, i % 2 ? "REJ" : "SF");
        }
      synack_trace_commit (trace);
      g_assert_true (settled (list));
      g_assert_cmpuint (synack_connection_list_get_n_rows (list), ==, 500 * round);
      /* the newest round has the most segments: first */
      g_assert_cmpuint (synack_trace_get_connection (
        trace, synack_connection_list_get_row_connection (list, 0))->n_segments, ==, round);
      g_assert_cmpstr (synack_trace_get_connection (
        trace, synack_connection_list_get_row_connection (list, 500 * round - 1))->summary, ==,
        "REJ");
    }
}

/* The filter and the rows by keyboard: Enter in the filter goes to the
 * rows it let through, Escape there shows every connection again. */
static void
test_keyboard (PanelFixture  *f,
               gconstpointer  data)
{
  g_autoptr(SynackTrace) trace = NULL;
  SynackConnectionList *list;
  GtkWidget *search, *text, *view, *focus;

  PANEL_SKIP_WITHOUT_DISPLAY ();
  trace = make_trace ();
  panel_show (f, synack_connection_list_new ());
  list = SYNACK_CONNECTION_LIST (f->panel);
  synack_connection_list_set_trace (list, trace);
  g_assert_true (settled (list));
  search = find_widget (GTK_WIDGET (list), GTK_TYPE_SEARCH_ENTRY, NULL);
  text = find_widget (search, GTK_TYPE_TEXT, NULL);
  view = find_widget (GTK_WIDGET (list), GTK_TYPE_LIST_VIEW, "navigation-sidebar");

  synack_connection_list_focus_filter (list);
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_true (focus == search || gtk_widget_is_ancestor (focus, search));

  synack_connection_list_set_filter (list, "REJ");
  g_assert_true (settled (list));
  g_assert_cmpuint (synack_connection_list_get_n_rows (list), ==, N_CONNECTIONS / 5);
  synack_test_gtk_screenshot (f->window, "connection-list-rej");
  g_assert_true (synack_test_gtk_press (text, GDK_KEY_Return, 0));
  panel_settle ();
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_true (focus == view || gtk_widget_is_ancestor (focus, view));

  synack_connection_list_focus_filter (list);
  g_assert_true (synack_test_gtk_press (search, GDK_KEY_Escape, 0));
  g_assert_true (settled (list));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (search)), ==, "");
  g_assert_cmpuint (synack_connection_list_get_n_rows (list), ==, N_CONNECTIONS);
}

int
main (int   argc,
      char *argv[])
{
  panel_test_init (&argc, &argv);
  PANEL_TEST ("/synack/connection-list/filter-and-sort", test_filter_and_sort);
  PANEL_TEST ("/synack/connection-list/growth", test_growth);
  PANEL_TEST ("/synack/connection-list/keyboard", test_keyboard);
  return g_test_run ();
}
