/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The what-if pane: shown while the session has a comparison, drawn with
 * the theme the session writes (also when the desktop's style changes in
 * presentation mode), closed by its button; and the original run's side. */
#include "config.h"

#include "panel-fixture.h"
#include "synack-compare-pane.h"

static GtkWidget *
find_button (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = GTK_IS_BUTTON (child) ? child : find_button (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_show_and_close (PanelFixture  *f,
                     gconstpointer  data)
{
  g_autoptr(SynackTrace) other = synack_test_run_builtin ("connection-refused");
  SynackComparePane *pane;
  SynackLadderView *ladder;

  PANEL_SKIP_WITHOUT_DISPLAY ();
  panel_show (f, synack_compare_pane_new (f->session));
  pane = SYNACK_COMPARE_PANE (f->panel);
  g_assert_false (gtk_widget_get_visible (f->panel));
  g_assert_null (synack_compare_pane_get_ladder (pane));

  synack_session_set_compare (f->session, other, "What if segment 1 were lost");
  g_assert_true (gtk_widget_get_visible (f->panel));
  g_assert_cmpstr (synack_compare_pane_get_title (pane), ==, "What if segment 1 were lost");
  ladder = synack_compare_pane_get_ladder (pane);
  g_assert_nonnull (ladder);
  g_assert_true (synack_time_view_get_trace (SYNACK_TIME_VIEW (ladder)) == other);
  g_assert_true (synack_time_view_get_session (SYNACK_TIME_VIEW (ladder)) ==
                 synack_session_get_compare (f->session));
  /* the main ladder leads: the comparison does not scroll itself */
  g_assert_false (synack_ladder_view_get_follow_cursor (ladder));

  g_signal_emit_by_name (find_button (f->panel), "clicked");
  g_assert_null (synack_session_get_compare (f->session));
  g_assert_false (gtk_widget_get_visible (f->panel));
  g_assert_null (synack_time_view_get_trace (SYNACK_TIME_VIEW (ladder)));
}

/* In presentation mode with a what-if open, the desktop turning dark (or
 * light) leaves the comparison in high contrast, as the main ladder. */
static void
test_presentation_dark (PanelFixture  *f,
                        gconstpointer  data)
{
  g_autoptr(SynackTrace) other = synack_test_run_builtin ("handshake-and-close");
  SynackViewState *state;

  PANEL_SKIP_WITHOUT_DISPLAY ();
  panel_show (f, synack_compare_pane_new (f->session));
  synack_session_set_presentation (f->session, TRUE);
  synack_session_set_compare (f->session, other, "What if");
  state = synack_time_view_get_view_state (
    SYNACK_TIME_VIEW (synack_compare_pane_get_ladder (SYNACK_COMPARE_PANE (f->panel))));
  g_assert_true (synack_view_state_get_high_contrast (state));
  /* libadwaita's own change does not reach the view past the session */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_DARK);
  panel_settle ();
  g_assert_true (synack_view_state_get_high_contrast (state));
  synack_session_set_system_style (f->session, TRUE, FALSE);
  g_assert_true (synack_view_state_get_high_contrast (state));
  g_assert_true (synack_view_state_get_dark (state));
  g_assert_cmpfloat (synack_view_state_get_text_scale (state), ==, 1.5);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_DEFAULT);
}

/* The original side: the session's own run in its ladder frame, with its
 * own timeline; its header shows only while a what-if is beside it, names
 * the run, and closes the comparison too. */
static void
test_original (PanelFixture  *f,
               gconstpointer  data)
{
  g_autoptr(SynackTrace) other = synack_test_run_builtin ("connection-refused");
  g_autofree char *expected = NULL;
  SynackComparePane *pane;
  GtkWidget *header;

  PANEL_SKIP_WITHOUT_DISPLAY ();
  panel_show (f, synack_compare_pane_new_original (f->session));
  pane = SYNACK_COMPARE_PANE (f->panel);
  header = gtk_widget_get_first_child (f->panel);
  g_assert_nonnull (synack_compare_pane_get_frame (pane));
  g_assert_true (synack_compare_pane_get_ladder (pane) ==
                 synack_ladder_frame_get_ladder (synack_compare_pane_get_frame (pane)));
  g_assert_true (synack_time_view_get_session (SYNACK_TIME_VIEW (synack_compare_pane_get_ladder (pane))) ==
                 f->session);
  g_assert_true (synack_time_view_get_trace (SYNACK_TIME_VIEW (synack_compare_pane_get_timeline (pane))) ==
                 f->trace);
  g_assert_true (gtk_widget_get_visible (f->panel));
  g_assert_false (gtk_widget_get_visible (header));

  synack_session_set_compare (f->session, other, "What if segment 1 were lost");
  g_assert_true (gtk_widget_get_visible (header));
  expected = g_strdup_printf ("As it happened: %s", synack_trace_get_title (f->trace));
  g_assert_cmpstr (synack_compare_pane_get_title (pane), ==, expected);
  /* the comparison does not take this side's views */
  g_assert_true (synack_time_view_get_trace (SYNACK_TIME_VIEW (synack_compare_pane_get_timeline (pane))) ==
                 f->trace);

  g_signal_emit_by_name (find_button (header), "clicked");
  g_assert_null (synack_session_get_compare (f->session));
  g_assert_false (gtk_widget_get_visible (header));
  g_assert_true (gtk_widget_get_visible (f->panel));
}

int
main (int   argc,
      char *argv[])
{
  panel_test_init (&argc, &argv);
  PANEL_TEST ("/synack/compare-pane/show-and-close", test_show_and_close);
  PANEL_TEST ("/synack/compare-pane/presentation-dark", test_presentation_dark);
  PANEL_TEST ("/synack/compare-pane/original", test_original);
  return g_test_run ();
}
