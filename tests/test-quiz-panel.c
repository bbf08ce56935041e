/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Quiz mode: a question at each step about the session's connection, the
 * step gated until it is answered or revealed, and a score. */
#include "config.h"

#include <string.h>

#include "panel-fixture.h"
#include "synack-quiz.h"
#include "synack-quiz-panel.h"

static const char *
part_text (PanelFixture *f,
           const char   *name)
{
  return gtk_label_get_text (GTK_LABEL (synack_quiz_panel_get_part (SYNACK_QUIZ_PANEL (f->panel),
                                                                    name)));
}

static GtkWidget *
choice_button (PanelFixture *f,
               guint         index)
{
  GtkWidget *child = gtk_widget_get_first_child (synack_quiz_panel_get_part (
    SYNACK_QUIZ_PANEL (f->panel), "choices"));

  for (guint i = 0; i < index; i++)
    child = gtk_widget_get_next_sibling (child);
  return gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));
}

static void
test_answers (PanelFixture  *f,
              gconstpointer  data)
{
  SynackQuizPanel *quiz;
  SynackPlayer *player;
  g_autofree char *question = NULL;

  PANEL_SKIP_WITHOUT_DISPLAY ();
  panel_show (f, synack_quiz_panel_new (f->session));
  quiz = SYNACK_QUIZ_PANEL (f->panel);
  player = synack_session_get_player (f->session);
  g_assert_false (gtk_widget_get_visible (f->panel));
  synack_player_set_playing (player, TRUE);
  synack_quiz_panel_set_active (quiz, TRUE);
  g_assert_true (gtk_widget_get_visible (f->panel));
  /* a question stops the playing */
  g_assert_false (synack_player_get_playing (player));
  /* what the last answer showed comes first, then the next question */
  g_assert_true (gtk_widget_get_next_sibling (synack_quiz_panel_get_part (quiz, "feedback")) ==
                 synack_quiz_panel_get_part (quiz, "question"));
  question = g_strdup (part_text (f, "question"));

  /* The right answer moves the cursor to the event asked about and says so. */
  {
    g_autoptr(SynackQuizQuestion) q = synack_quiz_next (f->trace, 0,
                                                        synack_player_get_position (player));
    GtkWidget *button;

    g_assert_nonnull (q);
    g_assert_cmpstr (question, ==, q->question);
    button = choice_button (f, q->correct);
    g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==,
                     g_ptr_array_index (q->choices, q->correct));
    g_signal_emit_by_name (button, "clicked");
    g_assert_cmpint (synack_player_get_position (player), ==, q->event);
    g_assert_true (g_str_has_prefix (part_text (f, "feedback"), "Right."));
  }
  /* A wrong answer says what the right one was. */
  {
    g_autoptr(SynackQuizQuestion) q = synack_quiz_next (f->trace, 0,
                                                        synack_player_get_position (player));

    g_assert_nonnull (q);
    g_signal_emit_by_name (choice_button (f, q->correct == 0 ? 1 : 0), "clicked");
    g_assert_true (g_str_has_prefix (part_text (f, "feedback"), "Not quite."));
    g_assert_nonnull (strstr (part_text (f, "feedback"), g_ptr_array_index (q->choices, q->correct)));
    g_assert_cmpint (synack_player_get_position (player), ==, q->event);
  }
  g_assert_cmpstr (part_text (f, "question"), !=, question);
}

/* The open question gates the step: stepping, the end and playing stop
 * short of the answer and say how to go on; key 0 reveals, a number
 * answers. */
static void
test_gate (PanelFixture  *f,
           gconstpointer  data)
{
  SynackQuizPanel *quiz;
  SynackPlayer *player;

  PANEL_SKIP_WITHOUT_DISPLAY ();
  panel_show (f, synack_quiz_panel_new (f->session));
  quiz = SYNACK_QUIZ_PANEL (f->panel);
  player = synack_session_get_player (f->session);
  synack_quiz_panel_set_active (quiz, TRUE);
  {
    g_autoptr(SynackQuizQuestion) q = synack_quiz_next (f->trace, 0,
                                                        synack_player_get_position (player));
    g_autofree char *asked = g_strdup (part_text (f, "question"));

    g_assert_nonnull (q);
    /* an open question hides what lies after the cursor in every view */
    g_assert_cmpint (synack_view_state_get_after_cursor (synack_session_get_view_state (f->session)),
                     ==, SYNACK_AFTER_CURSOR_HIDE);
    for (int i = 0; i < 10; i++)
      synack_player_step_forward (player);
    g_assert_cmpint (synack_player_get_position (player), <, q->event);
    g_assert_nonnull (strstr (part_text (f, "feedback"), "Answer first"));
    g_assert_cmpstr (part_text (f, "question"), ==, asked);
    synack_player_to_end (player);
    g_assert_cmpint (synack_player_get_position (player), <, q->event);
    synack_player_set_use_timer (player, FALSE);
    synack_player_set_playing (player, TRUE);
    for (int i = 0; i < 100 && synack_player_get_playing (player); i++)
      synack_player_advance (player, SYNACK_NSEC_PER_SEC / 10);
    g_assert_false (synack_player_get_playing (player));
    g_assert_cmpint (synack_player_get_position (player), <, q->event);

    g_assert_true (synack_quiz_panel_key (quiz, 0));
    g_assert_cmpint (synack_player_get_position (player), ==, q->event);
    g_assert_true (g_str_has_prefix (part_text (f, "feedback"), "The answer is"));
  }
  {
    g_autoptr(SynackQuizQuestion) q = synack_quiz_next (f->trace, 0,
                                                        synack_player_get_position (player));

    g_assert_nonnull (q);
    /* a key past the choices answers nothing */
    g_assert_false (synack_quiz_panel_key (quiz, q->choices->len + 1));
    g_assert_true (synack_quiz_panel_key (quiz, q->correct + 1));
    g_assert_cmpint (synack_player_get_position (player), ==, q->event);
    g_assert_true (g_str_has_prefix (part_text (f, "feedback"), "Right."));
  }
  /* off: nothing gates, no key answers */
  synack_quiz_panel_set_active (quiz, FALSE);
  g_assert_cmpint (synack_view_state_get_after_cursor (synack_session_get_view_state (f->session)),
                   ==, SYNACK_AFTER_CURSOR_FADE);
  g_assert_false (synack_quiz_panel_key (quiz, 1));
  synack_player_to_end (player);
  g_assert_true (synack_player_get_at_end (player));
}

/* At the end, the score. */
static void
test_score (PanelFixture  *f,
            gconstpointer  data)
{
  SynackQuizPanel *quiz;
  SynackPlayer *player;
  guint right = 0, asked = 0;
  g_autofree char *expected = NULL;

  PANEL_SKIP_WITHOUT_DISPLAY ();
  panel_show (f, synack_quiz_panel_new (f->session));
  quiz = SYNACK_QUIZ_PANEL (f->panel);
  player = synack_session_get_player (f->session);
  synack_quiz_panel_set_active (quiz, TRUE);
  for (guint n = 0; n < 1000; n++)
    {
      g_autoptr(SynackQuizQuestion) q = synack_quiz_next (f->trace, 0,
                                                          synack_player_get_position (player));

      if (q == NULL)
        break;
      /* right every other time */
      g_assert_true (synack_quiz_panel_key (quiz, n % 2 == 0 ? q->correct + 1
                                                             : (q->correct == 0 ? 2 : 1)));
      asked++;
      right += n % 2 == 0;
    }
  g_assert_cmpuint (asked, >, 2);
  expected = g_strdup_printf ("The end. You answered %u of %u questions right.", right, asked);
  g_assert_cmpstr (part_text (f, "question"), ==, expected);
}

int
main (int   argc,
      char *argv[])
{
  panel_test_init (&argc, &argv);
  PANEL_TEST ("/synack/quiz-panel/answers", test_answers);
  PANEL_TEST ("/synack/quiz-panel/gate", test_gate);
  PANEL_TEST ("/synack/quiz-panel/score", test_score);
  return g_test_run ();
}
