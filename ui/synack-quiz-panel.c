/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "synack-explain.h"
#include "synack-quiz.h"
#include "synack-quiz-panel.h"

struct _SynackQuizPanel
{
  GtkBox              parent_instance;

  SynackSession      *session;
  gboolean            active;
  SynackQuizQuestion *question;
  int                 from;          /* the cursor when the question was asked */
  gboolean            revealing;
  guint               right;
  guint               asked;
  gboolean            hiding;        /* the views hide what lies after the cursor */
  SynackAfterCursor   saved_after_cursor;

  GtkWidget          *feedback;
  GtkWidget          *question_label;
  GtkWidget          *choices;
};

G_DEFINE_FINAL_TYPE (SynackQuizPanel, synack_quiz_panel, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_ACTIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* While a question is open nothing after the cursor is drawn, faded or
 * not: the answer would be readable under it. */
static void
update_hiding (SynackQuizPanel *self)
{
  SynackViewState *state = synack_session_get_view_state (self->session);
  gboolean hide = self->active && self->question != NULL;

  if (state == NULL)
    return;
  if (hide && !self->hiding)
    {
      self->saved_after_cursor = synack_view_state_get_after_cursor (state);
      synack_view_state_set_after_cursor (state, SYNACK_AFTER_CURSOR_HIDE);
    }
  else if (!hide && self->hiding)
    synack_view_state_set_after_cursor (state, self->saved_after_cursor);
  self->hiding = hide;
}

static const char *
hint (gboolean blocked)
{
  if (blocked)
    return _("Answer first (keys 1 to 9 choose), or press R to reveal the answer.");
  return _("Choose an answer (keys 1 to 9), or press R to reveal it; the step is then shown.");
}

/* Show the step the question asked about, with its explanation, and say
 * whether the choice was right; choice G_MAXUINT reveals without answering. */
static void
answer (SynackQuizPanel *self,
        guint            choice)
{
  g_autofree char *explanation = NULL;
  g_autofree char *text = NULL;
  const char *rfc = NULL;
  const char *right_answer;
  guint event;

  if (self->question == NULL)
    return;
  event = self->question->event;
  right_answer = g_ptr_array_index (self->question->choices, self->question->correct);
  /* told as seen from the step itself: the next question may ask what its
   * arrival does */
  explanation = synack_explain_event_until (synack_session_get_trace (self->session), event, event,
                                            &rfc);
  if (choice == G_MAXUINT)
    /* TRANSLATORS: the quiz's answer shown without the student choosing one */
    text = g_strdup_printf (_("The answer is %s.\n%s"), right_answer, explanation);
  else
    {
      self->asked++;
      if (choice == self->question->correct)
        {
          self->right++;
          text = g_strdup_printf ("%s %s", _("Right."), explanation);
        }
      else
        text = g_strdup_printf ("%s %s%s.\n%s", _("Not quite."), _("The answer is "), right_answer,
                                explanation);
    }
  self->revealing = TRUE;
  synack_player_seek_event (synack_session_get_player (self->session), event);
  self->revealing = FALSE;
  gtk_label_set_text (GTK_LABEL (self->feedback), text);
}

static void
choice_clicked (GtkButton       *button,
                SynackQuizPanel *self)
{
  answer (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "choice")));
}

static void
ask (SynackQuizPanel *self)
{
  SynackTrace *trace = synack_session_get_trace (self->session);
  GtkWidget *child, *reveal;
  int position;

  if (trace == NULL)
    {
      g_clear_pointer (&self->question, synack_quiz_question_free);
      update_hiding (self);
      return;
    }
  position = synack_player_get_position (synack_session_get_player (self->session));
  /* still before the answer, and not before the question: the same question */
  if (self->question != NULL && position >= self->from && position < (int) self->question->event)
    return;

  g_clear_pointer (&self->question, synack_quiz_question_free);
  while ((child = gtk_widget_get_first_child (self->choices)) != NULL)
    gtk_flow_box_remove (GTK_FLOW_BOX (self->choices), child);
  self->from = position;
  self->question = synack_quiz_next (trace, synack_session_get_connection (self->session),
                                     position);
  if (self->question == NULL)
    {
      g_autofree char *score = g_strdup_printf (_("The end. You answered %u of %u questions right."),
                                                self->right, self->asked);
      gtk_label_set_text (GTK_LABEL (self->question_label), score);
      update_hiding (self);
      return;
    }
  gtk_label_set_text (GTK_LABEL (self->question_label), self->question->question);
  for (guint i = 0; i < self->question->choices->len; i++)
    {
      GtkWidget *button = gtk_button_new_with_label (g_ptr_array_index (self->question->choices, i));
      g_autofree char *tip = i < 9 ? g_strdup_printf (_("Key %u"), i + 1) : NULL;

      gtk_widget_add_css_class (button, "mono");
      gtk_widget_set_tooltip_text (button, tip);
      g_object_set_data (G_OBJECT (button), "choice", GUINT_TO_POINTER (i));
      g_signal_connect (button, "clicked", G_CALLBACK (choice_clicked), self);
      gtk_flow_box_append (GTK_FLOW_BOX (self->choices), button);
    }
  reveal = gtk_button_new_with_label (_("Reveal"));
  gtk_widget_set_tooltip_text (reveal, _("Show the answer without choosing (R)"));
  gtk_widget_add_css_class (reveal, "flat");
  g_object_set_data (G_OBJECT (reveal), "choice", GUINT_TO_POINTER (G_MAXUINT));
  g_signal_connect (reveal, "clicked", G_CALLBACK (choice_clicked), self);
  gtk_flow_box_append (GTK_FLOW_BOX (self->choices), reveal);
  update_hiding (self);
}

/* The open question gates the step: playing, stepping, the scrubber or End
 * stop short of the answer until it is given or revealed. */
static void
position_changed (SynackQuizPanel *self)
{
  SynackPlayer *player = synack_session_get_player (self->session);
  int position = synack_player_get_position (player);

  if (!self->active || synack_session_get_trace (self->session) == NULL)
    return;
  if (self->question != NULL && !self->revealing && position >= (int) self->question->event)
    {
      synack_player_set_playing (player, FALSE);
      gtk_label_set_text (GTK_LABEL (self->feedback), hint (TRUE));
      if (self->from < 0)
        synack_player_to_start (player);
      else
        synack_player_seek_event (player, self->from);
      return;
    }
  ask (self);
}

/* a question about another connection (or trace) does not gate this one */
static void
connection_changed (SynackQuizPanel *self)
{
  g_clear_pointer (&self->question, synack_quiz_question_free);
  position_changed (self);
  update_hiding (self);
}

gboolean
synack_quiz_panel_key (SynackQuizPanel *self,
                       guint            key)
{
  g_return_val_if_fail (SYNACK_IS_QUIZ_PANEL (self), FALSE);

  if (!self->active || self->question == NULL)
    return FALSE;
  if (key == 0)
    {
      answer (self, G_MAXUINT);
      return TRUE;
    }
  if (key > self->question->choices->len)
    return FALSE;
  answer (self, key - 1);
  return TRUE;
}

gboolean
synack_quiz_panel_get_active (SynackQuizPanel *self)
{
  g_return_val_if_fail (SYNACK_IS_QUIZ_PANEL (self), FALSE);
  return self->active;
}

void
synack_quiz_panel_set_active (SynackQuizPanel *self,
                              gboolean         active)
{
  g_return_if_fail (SYNACK_IS_QUIZ_PANEL (self));

  active = !!active;
  if (self->active == active)
    return;
  self->active = active;
  self->right = self->asked = 0;
  gtk_widget_set_visible (GTK_WIDGET (self), active);
  gtk_label_set_text (GTK_LABEL (self->feedback), active ? hint (FALSE) : "");
  g_clear_pointer (&self->question, synack_quiz_question_free);
  if (active)
    {
      synack_player_set_playing (synack_session_get_player (self->session), FALSE);
      ask (self);
    }
  update_hiding (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
}

GtkWidget *
synack_quiz_panel_get_part (SynackQuizPanel *self,
                            const char      *name)
{
  g_return_val_if_fail (SYNACK_IS_QUIZ_PANEL (self), NULL);

  if (g_str_equal (name, "question"))
    return self->question_label;
  if (g_str_equal (name, "choices"))
    return self->choices;
  if (g_str_equal (name, "feedback"))
    return self->feedback;
  return NULL;
}

static void
synack_quiz_panel_dispose (GObject *object)
{
  SynackQuizPanel *self = SYNACK_QUIZ_PANEL (object);

  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      g_signal_handlers_disconnect_by_data (synack_session_get_player (self->session), self);
    }
  g_clear_object (&self->session);
  g_clear_pointer (&self->question, synack_quiz_question_free);
  G_OBJECT_CLASS (synack_quiz_panel_parent_class)->dispose (object);
}

static void
synack_quiz_panel_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_ACTIVE:
      g_value_set_boolean (value, SYNACK_QUIZ_PANEL (object)->active);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
synack_quiz_panel_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_ACTIVE:
      synack_quiz_panel_set_active (SYNACK_QUIZ_PANEL (object), g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
synack_quiz_panel_class_init (SynackQuizPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = synack_quiz_panel_dispose;
  object_class->get_property = synack_quiz_panel_get_property;
  object_class->set_property = synack_quiz_panel_set_property;

  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
synack_quiz_panel_init (SynackQuizPanel *self)
{
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 8);
  gtk_widget_add_css_class (GTK_WIDGET (self), "quiz");
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);

  /* first: what the last answer showed; then the next question */
  self->feedback = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->feedback), 0);
  gtk_label_set_wrap (GTK_LABEL (self->feedback), TRUE);
  gtk_box_append (GTK_BOX (self), self->feedback);
  self->question_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->question_label), 0);
  gtk_label_set_wrap (GTK_LABEL (self->question_label), TRUE);
  gtk_widget_add_css_class (self->question_label, "heading");
  gtk_box_append (GTK_BOX (self), self->question_label);
  self->choices = gtk_flow_box_new ();
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (self->choices), GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (self->choices), 6);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (self->choices), FALSE);
  gtk_box_append (GTK_BOX (self), self->choices);
}

GtkWidget *
synack_quiz_panel_new (SynackSession *session)
{
  SynackQuizPanel *self;

  g_return_val_if_fail (SYNACK_IS_SESSION (session), NULL);

  self = g_object_new (SYNACK_TYPE_QUIZ_PANEL, NULL);
  self->session = g_object_ref (session);
  g_signal_connect_object (synack_session_get_player (session), "notify::position",
                           G_CALLBACK (position_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::connection", G_CALLBACK (connection_changed), self,
                           G_CONNECT_SWAPPED);
  return GTK_WIDGET (self);
}
