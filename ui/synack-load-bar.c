/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "synack-load-bar.h"

struct _SynackLoadBar
{
  GtkWidget  parent_instance;

  GtkWidget *box;
  GtkWidget *label;
  GtkWidget *progress;
  GtkWidget *cancel;
  GtkWidget *close;
};

G_DEFINE_FINAL_TYPE (SynackLoadBar, synack_load_bar, GTK_TYPE_WIDGET)

static void
close_clicked (SynackLoadBar *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

static void
synack_load_bar_dispose (GObject *object)
{
  SynackLoadBar *self = SYNACK_LOAD_BAR (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  G_OBJECT_CLASS (synack_load_bar_parent_class)->dispose (object);
}

static void
synack_load_bar_class_init (SynackLoadBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = synack_load_bar_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "loadbar");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_STATUS);
}

static void
synack_load_bar_init (SynackLoadBar *self)
{
  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_widget_add_css_class (self->box, "toolbar");

  self->label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (self->label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_set_hexpand (self->label, TRUE);
  gtk_widget_add_css_class (self->label, "numeric");
  gtk_box_append (GTK_BOX (self->box), self->label);

  self->progress = gtk_progress_bar_new ();
  gtk_progress_bar_set_show_text (GTK_PROGRESS_BAR (self->progress), TRUE);
  gtk_widget_set_size_request (self->progress, 240, -1);
  gtk_widget_set_valign (self->progress, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (self->box), self->progress);

  self->cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->cancel), "win.cancel-load");
  gtk_widget_set_tooltip_text (self->cancel, _("Stop reading the file and keep what is read"));
  gtk_box_append (GTK_BOX (self->box), self->cancel);

  self->close = gtk_button_new_from_icon_name ("window-close-symbolic");
  gtk_widget_set_tooltip_text (self->close, _("Close"));
  gtk_widget_add_css_class (self->close, "flat");
  gtk_widget_set_visible (self->close, FALSE);
  g_signal_connect_swapped (self->close, "clicked", G_CALLBACK (close_clicked), self);
  gtk_box_append (GTK_BOX (self->box), self->close);
}

GtkWidget *
synack_load_bar_new (void)
{
  return g_object_new (SYNACK_TYPE_LOAD_BAR, NULL);
}

void
synack_load_bar_set_loading (SynackLoadBar *self,
                             const char    *text,
                             double         fraction)
{
  g_return_if_fail (SYNACK_IS_LOAD_BAR (self));

  if (g_strcmp0 (gtk_label_get_text (GTK_LABEL (self->label)), text) != 0)
    gtk_label_set_text (GTK_LABEL (self->label), text);
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress), CLAMP (fraction, 0, 1));
  gtk_widget_set_visible (self->progress, TRUE);
  gtk_widget_set_visible (self->cancel, TRUE);
  gtk_widget_set_visible (self->close, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
}

void
synack_load_bar_set_message (SynackLoadBar *self,
                             const char    *text)
{
  g_return_if_fail (SYNACK_IS_LOAD_BAR (self));

  gtk_label_set_text (GTK_LABEL (self->label), text);
  gtk_widget_set_visible (self->progress, FALSE);
  gtk_widget_set_visible (self->cancel, FALSE);
  gtk_widget_set_visible (self->close, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
}

gboolean
synack_load_bar_get_loading (SynackLoadBar *self)
{
  g_return_val_if_fail (SYNACK_IS_LOAD_BAR (self), FALSE);
  return gtk_widget_get_visible (GTK_WIDGET (self)) && gtk_widget_get_visible (self->cancel);
}

const char *
synack_load_bar_get_text (SynackLoadBar *self)
{
  g_return_val_if_fail (SYNACK_IS_LOAD_BAR (self), NULL);
  return gtk_label_get_text (GTK_LABEL (self->label));
}

double
synack_load_bar_get_fraction (SynackLoadBar *self)
{
  g_return_val_if_fail (SYNACK_IS_LOAD_BAR (self), 0);
  return gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (self->progress));
}
