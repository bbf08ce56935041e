/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "synack-explain.h"
#include "synack-explanation-panel.h"

struct _SynackExplanationPanel
{
  GtkBox         parent_instance;

  SynackSession *session;
  GtkWidget     *text;
  GtkWidget     *rfc;
};

G_DEFINE_FINAL_TYPE (SynackExplanationPanel, synack_explanation_panel, GTK_TYPE_BOX)

static void
update (SynackExplanationPanel *self)
{
  SynackTrace *trace = synack_session_get_trace (self->session);
  int position = synack_player_get_position (synack_session_get_player (self->session));
  const char *rfc = NULL;
  g_autofree char *text = NULL;

  if (trace == NULL)
    return;
  if (synack_trace_get_n_connections (trace) == 0)
    text = g_strdup (synack_trace_is_live (trace) ? _("Waiting for TCP traffic…")
                                                  : _("There is no TCP connection in this trace."));
  else if (position >= 0 && (guint) position < synack_trace_get_n_events (trace))
    {
      SynackPlayer *player = synack_session_get_player (self->session);
      /* while a quiz question is open, what the step's segment meets
       * later (its arrival, its loss) is not told */
      gboolean hiding = synack_view_state_get_after_cursor (synack_session_get_view_state (self->session)) ==
                          SYNACK_AFTER_CURSOR_HIDE && !synack_player_get_at_end (player);

      text = synack_explain_event_until (trace, position, hiding ? (guint) position : G_MAXUINT, &rfc);
    }
  else
    {
      /* The first screen of a scenario says what it is about. */
      const char *hint = _("Press Space to play, or Right to take one step at a time.");
      const char *lesson = synack_session_get_lesson (self->session);

      text = lesson != NULL && lesson[0] != '\0' ? g_strdup_printf ("%s\n%s", lesson, hint)
                                                 : g_strdup (hint);
    }
  gtk_label_set_text (GTK_LABEL (self->text), text);
  gtk_label_set_text (GTK_LABEL (self->rfc), rfc != NULL ? rfc : "");
}

GtkWidget *
synack_explanation_panel_get_text (SynackExplanationPanel *self)
{
  g_return_val_if_fail (SYNACK_IS_EXPLANATION_PANEL (self), NULL);
  return self->text;
}

GtkWidget *
synack_explanation_panel_get_rfc (SynackExplanationPanel *self)
{
  g_return_val_if_fail (SYNACK_IS_EXPLANATION_PANEL (self), NULL);
  return self->rfc;
}

static void
synack_explanation_panel_dispose (GObject *object)
{
  SynackExplanationPanel *self = SYNACK_EXPLANATION_PANEL (object);

  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      g_signal_handlers_disconnect_by_data (synack_session_get_player (self->session), self);
    }
  g_clear_object (&self->session);
  G_OBJECT_CLASS (synack_explanation_panel_parent_class)->dispose (object);
}

static void
synack_explanation_panel_class_init (SynackExplanationPanelClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = synack_explanation_panel_dispose;
}

static void
synack_explanation_panel_init (SynackExplanationPanel *self)
{
  /* one band: the sentence, and its RFC section at the right (a line of
   * its own took the ladder's room on a small screen) */
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_HORIZONTAL);
  gtk_box_set_spacing (GTK_BOX (self), 12);
  gtk_widget_add_css_class (GTK_WIDGET (self), "explanation");

  self->text = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->text), 0);
  gtk_label_set_wrap (GTK_LABEL (self->text), TRUE);
  gtk_label_set_selectable (GTK_LABEL (self->text), TRUE);
  /* selectable with the mouse; Tab passes it by (it took the focus and
   * showed all its text selected) */
  gtk_widget_set_focusable (self->text, FALSE);
  gtk_label_set_lines (GTK_LABEL (self->text), 4);
  gtk_widget_set_hexpand (self->text, TRUE);
  gtk_box_append (GTK_BOX (self), self->text);
  self->rfc = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->rfc), 1);
  gtk_widget_set_valign (self->rfc, GTK_ALIGN_END);
  gtk_widget_add_css_class (self->rfc, "dim-label");
  gtk_widget_add_css_class (self->rfc, "caption");
  gtk_box_append (GTK_BOX (self), self->rfc);
}

GtkWidget *
synack_explanation_panel_new (SynackSession *session)
{
  SynackExplanationPanel *self;

  g_return_val_if_fail (SYNACK_IS_SESSION (session), NULL);

  self = g_object_new (SYNACK_TYPE_EXPLANATION_PANEL, NULL);
  self->session = g_object_ref (session);
  g_signal_connect_object (synack_session_get_player (session), "notify::position",
                           G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::connection", G_CALLBACK (update), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::trace", G_CALLBACK (update), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (synack_session_get_view_state (session), "notify::after-cursor",
                           G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
  return GTK_WIDGET (self);
}
