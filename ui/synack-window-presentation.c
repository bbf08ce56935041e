/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window in front of a class: presentation mode (full screen, larger
 * text in high contrast, the side panel out of the way), its text scaled
 * with the window against a 1920 x 1080 projector, and the quiz switched
 * on and off. */
#include "config.h"

#include <math.h>

#include "synack-window-private.h"

gboolean
synack_window_get_quiz (SynackWindow *self)
{
  g_return_val_if_fail (SYNACK_IS_WINDOW (self), FALSE);
  /* the win.quiz action asks before the panels are made */
  return self->quiz_panel != NULL && synack_quiz_panel_get_active (self->quiz_panel);
}

void
synack_window_set_quiz (SynackWindow *self,
                        gboolean      quiz)
{
  g_return_if_fail (SYNACK_IS_WINDOW (self));
  synack_quiz_panel_set_active (self->quiz_panel, quiz);
}

gboolean
synack_window_get_presentation (SynackWindow *self)
{
  g_return_val_if_fail (SYNACK_IS_WINDOW (self), FALSE);
  return self->session != NULL && synack_session_get_presentation (self->session);
}

void
synack_window_set_presentation (SynackWindow *self,
                                gboolean      presentation)
{
  g_return_if_fail (SYNACK_IS_WINDOW (self));

  presentation = !!presentation;
  if (synack_session_get_presentation (self->session) == presentation)
    return;
  synack_session_set_presentation (self->session, presentation);
  if (presentation)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "presentation");
      gtk_toggle_button_set_active (self->sidebar_button, FALSE);
      gtk_window_fullscreen (GTK_WINDOW (self));
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self), "presentation");
      gtk_toggle_button_set_active (self->sidebar_button, TRUE);
      gtk_window_unfullscreen (GTK_WINDOW (self));
    }
  _synack_window_update_explanation_visible (self);
  g_object_notify (G_OBJECT (self), "presentation");
}

/* ---- presentation that fits the window ---- */

/* Presentation text (the ladder's, the timeline's and the window's own
 * labels: explanation, RFC references, side panel) scales with the window
 * against a 1920 x 1080 projector, so a smaller window shows the same
 * picture smaller instead of overlapping. One provider for the display:
 * the last window resized sets it. */
static GtkCssProvider *presentation_css;

void
_synack_window_update_presentation_css (SynackWindow *self)
{
  g_autofree char *css = NULL;
  char percent[G_ASCII_DTOSTR_BUF_SIZE];

  if (presentation_css == NULL)
    {
      presentation_css = gtk_css_provider_new ();
      gtk_style_context_add_provider_for_display (gtk_widget_get_display (GTK_WIDGET (self)),
                                                  GTK_STYLE_PROVIDER (presentation_css),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);
    }
  g_ascii_formatd (percent, sizeof percent, "%.0f",
                   100 * synack_session_get_text_scale (self->session));
  css = g_strdup_printf ("window.presentation { font-size: %s%%; }", percent);
  gtk_css_provider_load_from_data (presentation_css, css, -1);
}

/* In the next frame's update phase, so the layout of that same frame takes
 * the new scale in: no frame is drawn with a resize pending. */
static gboolean
apply_fit (GtkWidget     *widget,
           GdkFrameClock *clock,
           gpointer       data)
{
  SynackWindow *self = SYNACK_WINDOW (widget);

  self->fit_idle = 0;
  synack_session_set_presentation_fit (self->session, self->fit);
  return G_SOURCE_REMOVE;
}

void
_synack_window_fit_to (SynackWindow *self,
                       int           width,
                       int           height)
{
  double fit = MIN (width / 1920.0, height / 1080.0);

  /* after this allocation, not during it: the new scale resizes the views */
  if (self->session != NULL && fabs (fit - self->fit) >= 0.01)
    {
      self->fit = fit;
      if (self->fit_idle == 0)
        self->fit_idle = gtk_widget_add_tick_callback (GTK_WIDGET (self), apply_fit, NULL, NULL);
    }
}
