/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The act bar: offered for traces the engine can run again, not for
 * captures, and not in presentation mode. */
#include "config.h"

#include "panel-fixture.h"
#include "synack-act-bar.h"

#include <string.h>

static void
collect_targets (GtkWidget *widget,
                 GPtrArray *targets)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_BUTTON (child))
        {
          GVariant *target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (child));

          g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), ==, "win.act");
          g_ptr_array_add (targets, g_variant_dup_string (target, NULL));
        }
      collect_targets (child, targets);
    }
}

static void
test_buttons (PanelFixture  *f,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func (g_free);

  PANEL_SKIP_WITHOUT_DISPLAY ();
  panel_show (f, synack_act_bar_new (f->session));
  /* the buttons, once the folded bar is opened */
  synack_act_bar_set_expanded (SYNACK_ACT_BAR (f->panel), TRUE);
  collect_targets (f->panel, targets);
  /* the client can connect; the server only listens */
  g_assert_true (g_ptr_array_find_with_equal_func (targets, "client connect", g_str_equal, NULL));
  g_assert_false (g_ptr_array_find_with_equal_func (targets, "server connect", g_str_equal, NULL));
  for (guint e = 0; e < 2; e++)
    for (const char *const *verb = (const char *const[]) { "send 1000", "shutdown", "close",
                                                           "abort", NULL }; *verb != NULL; verb++)
      {
        g_autofree char *target = g_strdup_printf ("%s %s", e == 0 ? "client" : "server", *verb);

        g_assert_true (g_ptr_array_find_with_equal_func (targets, target, g_str_equal, NULL));
      }
  g_assert_cmpuint (targets->len, ==, 9);
}

static void
test_visible (PanelFixture  *f,
              gconstpointer  data)
{
  g_autoptr(SynackTrace) capture = synack_trace_new (SYNACK_TRACE_SOURCE_FILE);

  PANEL_SKIP_WITHOUT_DISPLAY ();
  panel_show (f, synack_act_bar_new (f->session));
  g_assert_true (gtk_widget_get_visible (f->panel));
  /* keyboard only in front of a class */
  synack_session_set_presentation (f->session, TRUE);
  g_assert_false (gtk_widget_get_visible (f->panel));
  synack_session_set_presentation (f->session, FALSE);
  g_assert_true (gtk_widget_get_visible (f->panel));
  /* a capture cannot be run again */
  synack_trace_commit (capture);
  synack_session_set_trace (f->session, capture, NULL, FALSE);
  g_assert_false (gtk_widget_get_visible (f->panel));
  synack_session_set_trace (f->session, f->trace, NULL, TRUE);
  g_assert_true (gtk_widget_get_visible (f->panel));
}

/* Folded to one line until opened, so the ladder keeps the room. */
static void
test_folded (PanelFixture  *f,
             gconstpointer  data)
{
  SynackActBar *bar;
  int folded, open;

  PANEL_SKIP_WITHOUT_DISPLAY ();
  panel_show (f, synack_act_bar_new (f->session));
  bar = SYNACK_ACT_BAR (f->panel);
  g_assert_false (synack_act_bar_get_expanded (bar));
  g_assert_false (gtk_widget_get_mapped (synack_act_bar_get_button (bar, 0, "abort")));
  gtk_widget_measure (f->panel, GTK_ORIENTATION_VERTICAL, 900, &folded, NULL, NULL, NULL);
  synack_act_bar_set_expanded (bar, TRUE);
  panel_settle ();
  g_assert_true (gtk_widget_get_mapped (synack_act_bar_get_button (bar, 0, "abort")));
  gtk_widget_measure (f->panel, GTK_ORIENTATION_VERTICAL, 900, &open, NULL, NULL, NULL);
  g_assert_cmpint (folded, <, open / 2);
}

/* Only the calls the endpoint's application can make at the cursor are
 * enabled; a disabled one's tooltip says why, with the errno. */
static void
test_offered (PanelFixture  *f,
              gconstpointer  data)
{
  SynackPlayer *player;
  SynackActBar *bar;
  GtkWidget *connect, *client_send, *client_close, *server_send;
  int connect_at = -1, close_at = -1;

  PANEL_SKIP_WITHOUT_DISPLAY ();
  player = synack_session_get_player (f->session);
  panel_show (f, synack_act_bar_new (f->session));
  bar = SYNACK_ACT_BAR (f->panel);
  connect = synack_act_bar_get_button (bar, 0, "connect");
  client_send = synack_act_bar_get_button (bar, 0, "send");
  client_close = synack_act_bar_get_button (bar, 0, "close");
  server_send = synack_act_bar_get_button (bar, 1, "send");
  g_assert_null (synack_act_bar_get_button (bar, 1, "connect"));
  for (guint i = 0; i < synack_trace_get_n_events (f->trace); i++)
    {
      SynackEvent ev;

      synack_trace_read_event (f->trace, i, &ev);
      if (ev.kind == SYNACK_EVENT_CALL && ev.endpoint == 0 && ev.call.call == SYNACK_CALL_CONNECT)
        connect_at = (int) i;
      if (ev.kind == SYNACK_EVENT_CALL && ev.endpoint == 0 && ev.call.call == SYNACK_CALL_CLOSE)
        close_at = (int) i;
    }
  g_assert_cmpint (connect_at, >, 0);
  g_assert_cmpint (close_at, >, connect_at);

  /* at the start: a client that has not connected may connect, not send */
  synack_player_seek_event (player, -1);
  g_assert_true (gtk_widget_get_sensitive (connect));
  g_assert_false (gtk_widget_get_sensitive (client_send));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (client_send), "ENOTCONN"));
  g_assert_false (gtk_widget_get_sensitive (server_send));

  /* once connected: no second connect(), data may go */
  synack_player_seek_event (player, connect_at);
  g_assert_false (gtk_widget_get_sensitive (connect));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (connect), "EALREADY"));
  g_assert_true (gtk_widget_get_sensitive (client_send));
  synack_player_seek_event (player, close_at - 1);
  g_assert_false (gtk_widget_get_sensitive (connect));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (connect), "EISCONN"));
  g_assert_true (gtk_widget_get_sensitive (client_close));
  g_assert_true (gtk_widget_get_sensitive (server_send));

  /* after close(): the client's application has no socket left */
  synack_player_seek_event (player, close_at);
  g_assert_false (gtk_widget_get_sensitive (client_close));
  g_assert_false (gtk_widget_get_sensitive (client_send));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (client_close), "EBADF"));
  /* the server can still send: it has only received a FIN */
  g_assert_true (gtk_widget_get_sensitive (server_send));
}

int
main (int   argc,
      char *argv[])
{
  panel_test_init (&argc, &argv);
  PANEL_TEST ("/synack/act-bar/buttons", test_buttons);
  PANEL_TEST ("/synack/act-bar/visible", test_visible);
  PANEL_TEST ("/synack/act-bar/folded", test_folded);
  PANEL_TEST ("/synack/act-bar/offered", test_offered);
  return g_test_run ();
}
