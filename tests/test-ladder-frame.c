/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The ladder frame: the session's ladder, and the what-if menu of a
 * segment for traces the engine can run again. */
#include "config.h"

#include "panel-fixture.h"
#include "synack-error.h"
#include "synack-ladder-frame.h"

static gboolean
drawn (GtkWidget *widget)
{
  for (int i = 0; i < 2000 && (!gtk_widget_get_mapped (widget) ||
                               gtk_widget_get_height (widget) <= 0); i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  panel_settle ();
  return gtk_widget_get_mapped (widget);
}

static void
test_ladder (PanelFixture  *f,
             gconstpointer  data)
{
  SynackLadderView *ladder;

  PANEL_SKIP_WITHOUT_DISPLAY ();
  panel_show (f, synack_ladder_frame_new (f->session));
  ladder = synack_ladder_frame_get_ladder (SYNACK_LADDER_FRAME (f->panel));
  g_assert_true (drawn (GTK_WIDGET (ladder)));
  g_assert_true (synack_time_view_get_session (SYNACK_TIME_VIEW (ladder)) == f->session);
  g_assert_true (synack_time_view_get_view_state (SYNACK_TIME_VIEW (ladder)) ==
                 synack_session_get_view_state (f->session));
  /* Up and Down walk the segments through the session */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ladder), "ladder.select-next", NULL));
  g_assert_cmpint (synack_session_get_selected (f->session), ==,
                   synack_test_find_segment (f->trace, SYNACK_FLAG_SYN, 0));
  /* a new trace reaches the ladder */
  {
    g_autoptr(SynackTrace) other = synack_test_run_builtin ("connection-refused");

    synack_session_set_trace (f->session, other, NULL, TRUE);
    g_assert_true (synack_time_view_get_trace (SYNACK_TIME_VIEW (ladder)) == other);
  }
}

static void
test_what_if_menu (PanelFixture  *f,
                   gconstpointer  data)
{
  SynackLadderFrame *frame;
  g_autoptr(GError) error = NULL;
  int syn;

  PANEL_SKIP_WITHOUT_DISPLAY ();
  panel_show (f, synack_ladder_frame_new (f->session));
  frame = SYNACK_LADDER_FRAME (f->panel);
  g_assert_true (drawn (GTK_WIDGET (synack_ladder_frame_get_ladder (frame))));
  syn = synack_test_find_segment (f->trace, SYNACK_FLAG_SYN, 0);

  /* nothing selected: say what to do */
  g_assert_false (synack_ladder_frame_popup_for_selection (frame, &error));
  g_assert_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "Select a segment first"));
  g_clear_error (&error);
  g_assert_null (synack_ladder_frame_get_menu (frame));

  synack_session_set_selected (f->session, syn);
  g_assert_true (synack_ladder_frame_popup_for_selection (frame, &error));
  g_assert_no_error (error);
  g_assert_cmpint (synack_ladder_frame_get_what_if_segment (frame), ==, syn);
  g_assert_true (gtk_widget_get_visible (synack_ladder_frame_get_menu (frame)));
  /* the segment's tooltip would cover the menu, until it closes */
  g_assert_false (gtk_widget_get_has_tooltip (GTK_WIDGET (synack_ladder_frame_get_ladder (frame))));
  gtk_popover_popdown (GTK_POPOVER (synack_ladder_frame_get_menu (frame)));
  g_assert_true (gtk_widget_get_has_tooltip (GTK_WIDGET (synack_ladder_frame_get_ladder (frame))));

  /* a capture cannot be run again: no menu, and a reason */
  {
    g_autoptr(SynackTrace) capture = synack_trace_new (SYNACK_TRACE_SOURCE_FILE);

    synack_trace_commit (capture);
    synack_session_set_trace (f->session, capture, NULL, FALSE);
    g_assert_cmpint (synack_ladder_frame_get_what_if_segment (frame), ==, -1);
    g_assert_false (synack_ladder_frame_popup_for_selection (frame, &error));
    g_assert_true (g_str_has_prefix (error->message, "What if works on scenario traces"));
  }
}

int
main (int   argc,
      char *argv[])
{
  panel_test_init (&argc, &argv);
  PANEL_TEST ("/synack/ladder-frame/ladder", test_ladder);
  PANEL_TEST ("/synack/ladder-frame/what-if-menu", test_what_if_menu);
  return g_test_run ();
}
