/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "synack-act-bar.h"
#include "synack-offered-calls.h"

struct _SynackActBar
{
  GtkBox         parent_instance;

  SynackSession *session;
  SynackPlayer  *player;
  GtkWidget     *expander;
  /* [endpoint][call], NULL where the endpoint is not offered the call */
  GtkWidget     *buttons[2][SYNACK_OFFER_N_CALLS];
  char          *tooltips[2][SYNACK_OFFER_N_CALLS];
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

/* Setting a tooltip asks the display where the pointer is (a round trip
 * to the X server): only when it changes, not at every cursor move. */
static void
set_tooltip (GtkWidget  *button,
             const char *text)
{
  if (g_strcmp0 (gtk_widget_get_tooltip_text (button), text) != 0)
    gtk_widget_set_tooltip_text (button, text);
}

/* Only what the endpoint's application can call at the cursor is enabled;
 * the others say why not. */
static void
update_offered (SynackActBar *self)
{
  SynackTrace *trace = synack_session_get_trace (self->session);
  guint conn = synack_session_get_connection (self->session);
  int position = self->player != NULL ? synack_player_get_position (self->player) : -1;

  for (guint e = 0; e < 2; e++)
    for (guint c = 0; c < SYNACK_OFFER_N_CALLS; c++)
      {
        GtkWidget *button = self->buttons[e][c];
        const char *reason = NULL;
        gboolean offered;

        if (button == NULL)
          continue;
        offered = trace != NULL && synack_offer_call_at (trace, conn, e, position, c, &reason);
        gtk_widget_set_sensitive (button, offered);
        if (offered || reason == NULL)
          set_tooltip (button, self->tooltips[e][c]);
        else
          {
            g_autofree char *text = g_strdup_printf ("%s\n%s", self->tooltips[e][c], reason);

            set_tooltip (button, text);
          }
      }
}

static void
player_changed (SynackActBar *self)
{
  SynackPlayer *player = synack_session_get_player (self->session);

  if (player != self->player)
    {
      if (self->player != NULL)
        g_signal_handlers_disconnect_by_data (self->player, self);
      g_set_object (&self->player, player);
      if (player != NULL)
        g_signal_connect_object (player, "notify::position", G_CALLBACK (update_offered), self,
                                 G_CONNECT_SWAPPED);
    }
  update_offered (self);
}

static void
trace_changed (SynackActBar *self)
{
  update_visible (self);
  player_changed (self);
}

gboolean
synack_act_bar_get_expanded (SynackActBar *self)
{
  g_return_val_if_fail (SYNACK_IS_ACT_BAR (self), FALSE);

  return gtk_expander_get_expanded (GTK_EXPANDER (self->expander));
}

void
synack_act_bar_set_expanded (SynackActBar *self,
                             gboolean      expanded)
{
  g_return_if_fail (SYNACK_IS_ACT_BAR (self));

  gtk_expander_set_expanded (GTK_EXPANDER (self->expander), expanded);
}

GtkWidget *
synack_act_bar_get_button (SynackActBar *self,
                           guint         endpoint,
                           const char   *verb)
{
  SynackOfferCall call;

  g_return_val_if_fail (SYNACK_IS_ACT_BAR (self), NULL);

  if (endpoint > 1 || !synack_offer_call_from_verb (verb, &call))
    return NULL;
  return self->buttons[endpoint][call];
}

static void
synack_act_bar_dispose (GObject *object)
{
  SynackActBar *self = SYNACK_ACT_BAR (object);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  if (self->player != NULL)
    g_signal_handlers_disconnect_by_data (self->player, self);
  g_clear_object (&self->player);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (synack_act_bar_parent_class)->dispose (object);
}

static void
synack_act_bar_finalize (GObject *object)
{
  SynackActBar *self = SYNACK_ACT_BAR (object);

  for (guint e = 0; e < 2; e++)
    for (guint c = 0; c < SYNACK_OFFER_N_CALLS; c++)
      g_free (self->tooltips[e][c]);
  G_OBJECT_CLASS (synack_act_bar_parent_class)->finalize (object);
}

static void
synack_act_bar_class_init (SynackActBarClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = synack_act_bar_dispose;
  G_OBJECT_CLASS (klass)->finalize = synack_act_bar_finalize;
}

static void
synack_act_bar_init (SynackActBar *self)
{
  static const struct { SynackOfferCall call; const char *arg; const char *label; const char *tooltip; } verbs[] = {
    { SYNACK_OFFER_CONNECT, NULL, N_("Connect"), N_("connect() to the server") },
    { SYNACK_OFFER_SEND, "1000", N_("Send 1000 B"), N_("Queue 1000 bytes to send") },
    { SYNACK_OFFER_SHUTDOWN, NULL, N_("Shutdown"), N_("Close the sending side (a FIN after the data)") },
    { SYNACK_OFFER_CLOSE, NULL, N_("Close"), N_("close() the socket") },
    { SYNACK_OFFER_ABORT, NULL, N_("Abort"), N_("Abort with a reset") },
  };
  GtkWidget *rows = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_widget_add_css_class (GTK_WIDGET (self), "endpoint-actions");
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);

  /* Folded by default: the two rows of buttons took the ladder's room on a
   * small screen; one line says they are there. */
  self->expander = gtk_expander_new (_("Act at the cursor: connect, send, shut down, close or abort, and see what follows"));
  gtk_expander_set_expanded (GTK_EXPANDER (self->expander), FALSE);
  gtk_widget_add_css_class (self->expander, "act-expander");
  gtk_expander_set_child (GTK_EXPANDER (self->expander), rows);
  gtk_box_append (GTK_BOX (self), self->expander);

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
          SynackOfferCall call = verbs[v].call;

          /* the server listens; it does not connect */
          if (e == 1 && call == SYNACK_OFFER_CONNECT)
            continue;
          button = gtk_button_new_with_label (g_dgettext (GETTEXT_PACKAGE, verbs[v].label));
          self->tooltips[e][call] = g_strdup (g_dgettext (GETTEXT_PACKAGE, verbs[v].tooltip));
          gtk_widget_set_tooltip_text (button, self->tooltips[e][call]);
          target = g_strdup_printf ("%s %s%s%s", e == 0 ? "client" : "server",
                                    synack_offer_call_verb (call),
                                    verbs[v].arg != NULL ? " " : "",
                                    verbs[v].arg != NULL ? verbs[v].arg : "");
          gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.act");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", target);
          gtk_widget_add_css_class (button, "flat");
          gtk_box_append (GTK_BOX (row), button);
          self->buttons[e][call] = button;
        }
      gtk_box_append (GTK_BOX (rows), row);
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
  g_signal_connect_object (session, "notify::trace", G_CALLBACK (trace_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::connection", G_CALLBACK (update_offered), self,
                           G_CONNECT_SWAPPED);
  trace_changed (self);
  return GTK_WIDGET (self);
}
