/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "synack-act-bar.h"

struct _SynackActBar
{
  GtkBox         parent_instance;

  SynackSession *session;
};

G_DEFINE_FINAL_TYPE (SynackActBar, synack_act_bar, GTK_TYPE_BOX)

static void
update_visible (SynackActBar *self)
{
  SynackTrace *trace = synack_session_get_trace (self->session);

  gtk_widget_set_visible (GTK_WIDGET (self),
                          !synack_session_get_presentation (self->session) && trace != NULL &&
                          synack_session_get_can_rerun (self->session) &&
                          synack_trace_get_source (trace) == SYNACK_TRACE_SOURCE_ENGINE);
}

static void
synack_act_bar_dispose (GObject *object)
{
  SynackActBar *self = SYNACK_ACT_BAR (object);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (synack_act_bar_parent_class)->dispose (object);
}

static void
synack_act_bar_class_init (SynackActBarClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = synack_act_bar_dispose;
}

static void
synack_act_bar_init (SynackActBar *self)
{
  static const struct { const char *verb; const char *label; const char *tooltip; } verbs[] = {
    { "connect", N_("Connect"), N_("connect() to the server") },
    { "send 1000", N_("Send 1000 B"), N_("Queue 1000 bytes to send") },
    { "shutdown", N_("Shutdown"), N_("Close the sending side (a FIN after the data)") },
    { "close", N_("Close"), N_("close() the socket") },
    { "abort", N_("Abort"), N_("Abort with a reset") },
  };

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 4);
  gtk_widget_add_css_class (GTK_WIDGET (self), "endpoint-actions");
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  for (guint e = 0; e < 2; e++)
    {
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *label = gtk_label_new (e == 0 ? _("Client, at the cursor:")
                                               : _("Server, at the cursor:"));

      gtk_label_set_width_chars (GTK_LABEL (label), 22);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (row), label);
      for (guint v = 0; v < G_N_ELEMENTS (verbs); v++)
        {
          GtkWidget *button;
          g_autofree char *target = NULL;

          /* the server listens; it does not connect */
          if (e == 1 && v == 0)
            continue;
          button = gtk_button_new_with_label (g_dgettext (GETTEXT_PACKAGE, verbs[v].label));
          gtk_widget_set_tooltip_text (button, g_dgettext (GETTEXT_PACKAGE, verbs[v].tooltip));
          target = g_strdup_printf ("%s %s", e == 0 ? "client" : "server", verbs[v].verb);
          gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.act");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", target);
          gtk_widget_add_css_class (button, "flat");
          gtk_box_append (GTK_BOX (row), button);
        }
      gtk_box_append (GTK_BOX (self), row);
    }
}

GtkWidget *
synack_act_bar_new (SynackSession *session)
{
  SynackActBar *self;

  g_return_val_if_fail (SYNACK_IS_SESSION (session), NULL);

  self = g_object_new (SYNACK_TYPE_ACT_BAR, NULL);
  self->session = g_object_ref (session);
  g_signal_connect_object (session, "notify::presentation", G_CALLBACK (update_visible), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::can-rerun", G_CALLBACK (update_visible), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::trace", G_CALLBACK (update_visible), self,
                           G_CONNECT_SWAPPED);
  update_visible (self);
  return GTK_WIDGET (self);
}
