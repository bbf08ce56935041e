/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The side panels (state diagram, Numbers, Details, Header) each follow the
 * session they are given: the cursor, the selection, the connection, a new
 * trace and the dark style reach them with nobody feeding them. */
#include "config.h"

#include "panel-fixture.h"
#include "synack-details-panel.h"
#include "synack-header-view.h"
#include "synack-seqspace-view.h"
#include "synack-state-diagram.h"

typedef struct
{
  SynackStateDiagram *diagram;
  SynackSeqspaceView *numbers;
  SynackDetailsPanel *details;
  SynackHeaderView   *header;
} Panels;

static void
show_panels (PanelFixture *f,
             Panels       *p)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  p->diagram = SYNACK_STATE_DIAGRAM (synack_state_diagram_new ());
  p->numbers = SYNACK_SEQSPACE_VIEW (synack_seqspace_view_new ());
  p->details = SYNACK_DETAILS_PANEL (synack_details_panel_new ());
  p->header = SYNACK_HEADER_VIEW (synack_header_view_new ());
  synack_state_diagram_set_session (p->diagram, f->session);
  synack_seqspace_view_set_session (p->numbers, f->session);
  synack_details_panel_set_session (p->details, f->session);
  synack_header_view_set_session (p->header, f->session);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (p->diagram));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (p->numbers));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (p->details));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (p->header));
  panel_show (f, box);
}

/* Each step of the player: the diagram shows both endpoints' states at the
 * cursor as the trace has them, the last transition lit; Details and the
 * header tell the cursor's own event (a segment, a call, a timer, a state
 * change), not the latest segment the selection follows the cursor to. */
static void
test_follow_cursor (PanelFixture  *f,
                    gconstpointer  data)
{
  SynackPlayer *player;
  guint conn;
  guint steps = 0, lit = 0;
  Panels p;

  PANEL_SKIP_WITHOUT_DISPLAY ();
  show_panels (f, &p);
  player = synack_session_get_player (f->session);
  conn = synack_session_get_connection (f->session);

  synack_player_to_start (player);
  while (synack_player_step_forward (player))
    {
      int position = synack_player_get_position (player);
      guint change = synack_trace_last_state_change (f->trace, conn, position);

      for (guint e = 0; e < 2; e++)
        g_assert_cmpint (synack_state_diagram_get_state (p.diagram, e), ==,
                         synack_trace_state_at_event (f->trace, conn, e, position));
      if (change != G_MAXUINT)
        {
          SynackEvent transition = synack_test_event (f->trace, change);

          g_assert_true (synack_state_diagram_edge_is_lit (p.diagram, transition.state.from,
                                                           transition.state.to));
          lit++;
        }
      g_assert_cmpint (synack_session_get_shown_event (f->session), ==, position);
      g_assert_cmpint (synack_details_panel_get_event (p.details), ==, position);
      g_assert_cmpint (synack_header_view_get_event (p.header), ==, position);
      steps++;
    }
  g_assert_cmpuint (steps, >, 10);
  g_assert_cmpuint (lit, >, 0);
  /* at the end both sides are closed: the client waited out TIME-WAIT */
  g_assert_cmpint (synack_state_diagram_get_state (p.diagram, 0), ==, SYNACK_TCP_CLOSED);
  g_assert_cmpint (synack_state_diagram_get_state (p.diagram, 1), ==, SYNACK_TCP_CLOSED);
}

/* A selected segment is what Details and the header show; with the
 * selection cleared, the cursor's event. */
static void
test_follow_selection (PanelFixture  *f,
                       gconstpointer  data)
{
  SynackPlayer *player;
  int syn = synack_test_find_segment (f->trace, SYNACK_FLAG_SYN, 0);
  Panels p;

  PANEL_SKIP_WITHOUT_DISPLAY ();
  g_assert_cmpint (syn, >=, 0);
  show_panels (f, &p);
  player = synack_session_get_player (f->session);

  synack_session_set_selected (f->session, syn);
  g_assert_cmpint (synack_details_panel_get_event (p.details), ==, syn);
  g_assert_cmpint (synack_header_view_get_event (p.header), ==, syn);
  g_assert_cmpstr (synack_details_panel_get_field (p.details, "flags"), ==, "SYN");
  synack_player_to_end (player);
  synack_session_set_selected (f->session, -1);
  g_assert_cmpint (synack_player_get_position (player), >, syn);
  g_assert_cmpint (synack_details_panel_get_event (p.details), ==,
                   synack_player_get_position (player));
  g_assert_cmpint (synack_header_view_get_event (p.header), ==,
                   synack_player_get_position (player));
}

/* Numbers walks the variables only while it is seen, and catches up when
 * it is shown again; a new trace starts it over. */
static void
test_numbers_when_seen (PanelFixture  *f,
                        gconstpointer  data)
{
  SynackPlayer *player;
  g_autoptr(SynackTrace) other = NULL;
  guint32 nxt;
  Panels p;

  PANEL_SKIP_WITHOUT_DISPLAY ();
  show_panels (f, &p);
  player = synack_session_get_player (f->session);

  synack_player_to_start (player);
  gtk_widget_set_visible (GTK_WIDGET (p.numbers), FALSE);
  panel_settle ();
  synack_player_to_end (player);
  g_assert_cmpuint (synack_seqspace_view_get_vars (p.numbers, 0)->snd_nxt, ==, 0);
  gtk_widget_set_visible (GTK_WIDGET (p.numbers), TRUE);
  panel_settle ();
  nxt = synack_seqspace_view_get_vars (p.numbers, 0)->snd_nxt;
  g_assert_cmpuint (nxt, !=, 0);
  /* the client sent a SYN, 100 bytes and a FIN: 102 numbers past its ISN */
  g_assert_cmpuint (nxt - synack_seqspace_view_get_vars (p.numbers, 0)->isn, ==, 102);

  other = synack_test_run_builtin ("connection-refused");
  synack_session_set_trace (f->session, other, NULL, TRUE);
  g_assert_cmpint (synack_details_panel_get_event (p.details), ==,
                   synack_player_get_position (player));
  g_assert_cmpuint (synack_seqspace_view_get_vars (p.numbers, 0)->snd_nxt, ==, 0);
  synack_session_set_trace (f->session, NULL, NULL, FALSE);
  g_assert_cmpint (synack_details_panel_get_event (p.details), ==, -1);
  g_assert_cmpint (synack_header_view_get_event (p.header), ==, -1);
  g_assert_cmpint (synack_state_diagram_get_state (p.diagram, 0), ==, SYNACK_TCP_CLOSED);
}

/* Both painted figures take the session's theme: dark when the desktop is,
 * high contrast in presentation (as the ladder is, whatever the desktop),
 * and back again. */
static void
test_theme (PanelFixture  *f,
            gconstpointer  data)
{
  SynackPaintedPanel *panels[2];
  Panels p;

  PANEL_SKIP_WITHOUT_DISPLAY ();
  show_panels (f, &p);
  panels[0] = SYNACK_PAINTED_PANEL (p.diagram);
  panels[1] = SYNACK_PAINTED_PANEL (p.numbers);

  for (guint i = 0; i < G_N_ELEMENTS (panels); i++)
    g_assert_cmpint (synack_painted_panel_get_theme (panels[i])->kind, ==, SYNACK_THEME_LIGHT);
  synack_session_set_system_style (f->session, TRUE, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (panels); i++)
    g_assert_cmpint (synack_painted_panel_get_theme (panels[i])->kind, ==, SYNACK_THEME_DARK);
  synack_session_set_presentation (f->session, TRUE);
  panel_settle ();
  for (guint i = 0; i < G_N_ELEMENTS (panels); i++)
    g_assert_cmpint (synack_painted_panel_get_theme (panels[i])->kind, ==,
                     SYNACK_THEME_HIGH_CONTRAST);
  synack_session_set_presentation (f->session, FALSE);
  panel_settle ();
  for (guint i = 0; i < G_N_ELEMENTS (panels); i++)
    g_assert_cmpint (synack_painted_panel_get_theme (panels[i])->kind, ==, SYNACK_THEME_DARK);
  synack_session_set_system_style (f->session, FALSE, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (panels); i++)
    g_assert_cmpint (synack_painted_panel_get_theme (panels[i])->kind, ==,
                     SYNACK_THEME_HIGH_CONTRAST);
}

int
main (int   argc,
      char *argv[])
{
  panel_test_init (&argc, &argv);
  PANEL_TEST ("/synack/side-panels/follow-cursor", test_follow_cursor);
  PANEL_TEST ("/synack/side-panels/follow-selection", test_follow_selection);
  PANEL_TEST ("/synack/side-panels/numbers-when-seen", test_numbers_when_seen);
  PANEL_TEST ("/synack/side-panels/theme", test_theme);
  return g_test_run ();
}
