/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The explanation panel follows the session's cursor. */
#include "config.h"

#include <string.h>

#include "panel-fixture.h"
#include "synack-explanation-panel.h"

static const char *
text (PanelFixture *f)
{
  return gtk_label_get_text (GTK_LABEL (synack_explanation_panel_get_text (
    SYNACK_EXPLANATION_PANEL (f->panel))));
}

static const char *
rfc (PanelFixture *f)
{
  return gtk_label_get_text (GTK_LABEL (synack_explanation_panel_get_rfc (
    SYNACK_EXPLANATION_PANEL (f->panel))));
}

static void
test_steps (PanelFixture  *f,
            gconstpointer  data)
{
  SynackPlayer *player;
  int syn;

  PANEL_SKIP_WITHOUT_DISPLAY ();
  panel_show (f, synack_explanation_panel_new (f->session));
  player = synack_session_get_player (f->session);

  /* The first screen says what the scenario is about, and how to go on. */
  g_assert_true (g_str_has_prefix (text (f), "What the scenario is about.\n"));
  g_assert_nonnull (strstr (text (f), "Press Space"));
  g_assert_cmpstr (rfc (f), ==, "");
  /* Tab does not stop on it (it showed all its text selected) */
  g_assert_false (gtk_widget_get_focusable (synack_explanation_panel_get_text (
    SYNACK_EXPLANATION_PANEL (f->panel))));

  /* At the SYN: what the listening server does with it, and where the RFC says so. */
  syn = synack_test_find_segment (f->trace, SYNACK_FLAG_SYN, 0);
  synack_player_seek_event (player, syn);
  g_assert_nonnull (strstr (text (f), "The server is in LISTEN; the SYN arrives; it answers "
                                      "SYN-ACK and moves to SYN-RECEIVED"));
  g_assert_cmpstr (rfc (f), ==, "RFC 9293 §3.10.7.2");
  synack_player_to_start (player);
  g_assert_true (g_str_has_prefix (text (f), "What the scenario is about."));
}

static void
test_no_connection (PanelFixture  *f,
                    gconstpointer  data)
{
  g_autoptr(SynackTrace) empty = synack_trace_new (SYNACK_TRACE_SOURCE_FILE);
  g_autoptr(SynackTrace) live = synack_trace_new (SYNACK_TRACE_SOURCE_LIVE);

  PANEL_SKIP_WITHOUT_DISPLAY ();
  panel_show (f, synack_explanation_panel_new (f->session));
  synack_trace_commit (empty);
  synack_session_set_trace (f->session, empty, NULL, FALSE);
  g_assert_cmpstr (text (f), ==, "There is no TCP connection in this trace.");
  synack_trace_set_live (live, TRUE);
  synack_session_set_trace (f->session, live, NULL, FALSE);
  g_assert_cmpstr (text (f), ==, "Waiting for TCP traffic…");
}

int
main (int   argc,
      char *argv[])
{
  panel_test_init (&argc, &argv);
  PANEL_TEST ("/synack/explanation-panel/steps", test_steps);
  PANEL_TEST ("/synack/explanation-panel/no-connection", test_no_connection);
  return g_test_run ();
}
