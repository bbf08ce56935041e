/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "synack-painted-panel.h"

typedef struct
{
  SynackSession *session;
  double         text_scale;
} SynackPaintedPanelPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (SynackPaintedPanel, synack_painted_panel, GTK_TYPE_WIDGET)

#define PRIV(self) ((SynackPaintedPanelPrivate *) synack_painted_panel_get_instance_private (self))

static void
synack_painted_panel_snapshot (GtkWidget   *widget,
                               GtkSnapshot *snapshot)
{
  SynackPaintedPanel *self = SYNACK_PAINTED_PANEL (widget);
  SynackPaintedPanelClass *klass = SYNACK_PAINTED_PANEL_GET_CLASS (self);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  SynackPanelPage page = {
    synack_painted_panel_get_theme (self), width, height, PRIV (self)->text_scale,
  };
  cairo_t *cr;

  if (width <= 0 || height <= 0 || klass->paint == NULL)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  klass->paint (self, cr, &page);
  cairo_destroy (cr);
}

static void
synack_painted_panel_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  SynackPaintedPanel *self = SYNACK_PAINTED_PANEL (widget);
  SynackPaintedPanelClass *klass = SYNACK_PAINTED_PANEL_GET_CLASS (self);
  double scale = PRIV (self)->text_scale;
  gboolean horizontal = orientation == GTK_ORIENTATION_HORIZONTAL;

  *minimum = (int) ceil ((horizontal ? klass->min_width : klass->min_height) * scale);
  *natural = (int) ceil ((horizontal ? klass->natural_width : klass->natural_height) * scale);
  *natural = MAX (*natural, *minimum);
}

static void
synack_painted_panel_dispose (GObject *object)
{
  SynackPaintedPanelPrivate *priv = PRIV (SYNACK_PAINTED_PANEL (object));

  if (priv->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (priv->session, object);
      g_signal_handlers_disconnect_by_data (synack_session_get_player (priv->session), object);
    }
  g_clear_object (&priv->session);

  G_OBJECT_CLASS (synack_painted_panel_parent_class)->dispose (object);
}

static void
synack_painted_panel_class_init (SynackPaintedPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = synack_painted_panel_dispose;
  widget_class->snapshot = synack_painted_panel_snapshot;
  widget_class->measure = synack_painted_panel_measure;
}

static void
synack_painted_panel_init (SynackPaintedPanel *self)
{
  PRIV (self)->text_scale = 1.0;
}

static void
follow (SynackPaintedPanel *self)
{
  SynackPaintedPanelClass *klass = SYNACK_PAINTED_PANEL_GET_CLASS (self);

  if (klass->update != NULL)
    klass->update (self);
}

/* A projector's scale magnifies the whole figure, as the window's CSS does its labels. */
static void
text_scale_changed (SynackPaintedPanel *self)
{
  SynackPaintedPanelPrivate *priv = PRIV (self);
  double scale = CLAMP (synack_session_get_text_scale (priv->session), 0.5, 4.0);

  if (priv->text_scale == scale)
    return;
  priv->text_scale = scale;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
synack_painted_panel_set_session (SynackPaintedPanel *self,
                                  SynackSession      *session)
{
  SynackPaintedPanelPrivate *priv;

  g_return_if_fail (SYNACK_IS_PAINTED_PANEL (self));
  g_return_if_fail (SYNACK_IS_SESSION (session));
  priv = PRIV (self);
  g_return_if_fail (priv->session == NULL);

  priv->session = g_object_ref (session);
  synack_session_follow_cursor (session, G_CALLBACK (follow), self);
  g_signal_connect_object (session, "notify::dark", G_CALLBACK (gtk_widget_queue_draw), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::high-contrast", G_CALLBACK (gtk_widget_queue_draw),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::text-scale", G_CALLBACK (text_scale_changed), self,
                           G_CONNECT_SWAPPED);
  text_scale_changed (self);
  follow (self);
}

SynackSession *
synack_painted_panel_get_session (SynackPaintedPanel *self)
{
  g_return_val_if_fail (SYNACK_IS_PAINTED_PANEL (self), NULL);
  return PRIV (self)->session;
}

const SynackTheme *
synack_painted_panel_get_theme (SynackPaintedPanel *self)
{
  SynackSession *session;

  g_return_val_if_fail (SYNACK_IS_PAINTED_PANEL (self), synack_theme_get (SYNACK_THEME_LIGHT));

  session = PRIV (self)->session;
  if (session != NULL && synack_session_get_high_contrast (session))
    return synack_theme_get (SYNACK_THEME_HIGH_CONTRAST);
  if (session != NULL && synack_session_get_dark (session))
    return synack_theme_get (SYNACK_THEME_DARK);
  return synack_theme_get (SYNACK_THEME_LIGHT);
}

double
synack_painted_panel_get_text_scale (SynackPaintedPanel *self)
{
  g_return_val_if_fail (SYNACK_IS_PAINTED_PANEL (self), 1.0);
  return PRIV (self)->text_scale;
}
