/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "synack-state-diagram.h"
#include "synack-state-diagram-paint.h"
#include "synack-theme.h"

struct _SynackStateDiagram
{
  SynackPaintedPanel parent_instance;

  SynackTcpState state[2];
  guint          lit_endpoint;   /* G_MAXUINT: none */
  SynackTcpState lit_from;
  SynackTcpState lit_to;
  char          *name[2];
};

G_DEFINE_FINAL_TYPE (SynackStateDiagram, synack_state_diagram, SYNACK_TYPE_PAINTED_PANEL)

static void
get_params (SynackStateDiagram       *self,
            SynackStateDiagramParams *params)
{
  params->state[0] = self->state[0];
  params->state[1] = self->state[1];
  params->lit_endpoint = self->lit_endpoint;
  params->lit_from = self->lit_from;
  params->lit_to = self->lit_to;
  params->name[0] = self->name[0];
  params->name[1] = self->name[1];
}

static void
paint (SynackPaintedPanel    *panel,
       cairo_t               *cr,
       const SynackPanelPage *page)
{
  SynackStateDiagramParams params;

  get_params (SYNACK_STATE_DIAGRAM (panel), &params);
  /* on the theme's page, so high contrast reads in a dark window too */
  synack_theme_set_source (cr, &page->theme->background);
  cairo_paint (cr);
  /* a projector's scale magnifies the whole figure, as it does the ladder's text */
  cairo_scale (cr, page->text_scale, page->text_scale);
  synack_state_diagram_paint (cr, page->theme, page->width / page->text_scale,
                              page->height / page->text_scale, &params);
}

static void
synack_state_diagram_finalize (GObject *object)
{
  SynackStateDiagram *self = SYNACK_STATE_DIAGRAM (object);

  g_free (self->name[0]);
  g_free (self->name[1]);

  G_OBJECT_CLASS (synack_state_diagram_parent_class)->finalize (object);
}

static void update (SynackPaintedPanel *panel);

static void
synack_state_diagram_class_init (SynackStateDiagramClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SynackPaintedPanelClass *panel_class = SYNACK_PAINTED_PANEL_CLASS (klass);

  object_class->finalize = synack_state_diagram_finalize;
  panel_class->update = update;
  panel_class->paint = paint;
  /* The painter shrinks the figure into less room than it likes, down to
   * a size that still reads (a 768 px screen leaves the panel little). */
  panel_class->min_width = 280;
  panel_class->natural_width = 420;
  panel_class->min_height = 280;
  panel_class->natural_height = 460;
  gtk_widget_class_set_css_name (widget_class, "statediagram");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
synack_state_diagram_init (SynackStateDiagram *self)
{
  self->state[0] = self->state[1] = SYNACK_TCP_CLOSED;
  self->lit_endpoint = G_MAXUINT;
}

GtkWidget *
synack_state_diagram_new (void)
{
  return g_object_new (SYNACK_TYPE_STATE_DIAGRAM, NULL);
}

static void
set_states (SynackStateDiagram *self,
            SynackTcpState      client,
            SynackTcpState      server)
{
  if (self->state[0] == client && self->state[1] == server)
    return;
  self->state[0] = client;
  self->state[1] = server;
  {
    g_autofree char *description = g_strdup_printf (_("Client in %s, server in %s"),
                                                     synack_tcp_state_to_rfc_name (client),
                                                     synack_tcp_state_to_rfc_name (server));
    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    description, -1);
  }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

SynackTcpState
synack_state_diagram_get_state (SynackStateDiagram *self,
                                guint               endpoint)
{
  g_return_val_if_fail (SYNACK_IS_STATE_DIAGRAM (self), SYNACK_TCP_CLOSED);
  g_return_val_if_fail (endpoint < 2, SYNACK_TCP_CLOSED);

  return self->state[endpoint];
}

static void
set_transition (SynackStateDiagram *self,
                guint               endpoint,
                SynackTcpState      from,
                SynackTcpState      to)
{
  self->lit_endpoint = endpoint < 2 ? endpoint : G_MAXUINT;
  self->lit_from = from;
  self->lit_to = to;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
synack_state_diagram_edge_is_lit (SynackStateDiagram *self,
                                  SynackTcpState      from,
                                  SynackTcpState      to)
{
  g_return_val_if_fail (SYNACK_IS_STATE_DIAGRAM (self), FALSE);

  SynackStateDiagramParams params;

  get_params (self, &params);
  return synack_state_diagram_edge_lit (&params, from, to);
}

static void
set_names (SynackStateDiagram *self,
           const char         *client,
           const char         *server)
{
  if (g_strcmp0 (self->name[0], client) == 0 && g_strcmp0 (self->name[1], server) == 0)
    return;
  g_free (self->name[0]);
  g_free (self->name[1]);
  self->name[0] = g_strdup (client);
  self->name[1] = g_strdup (server);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* An endpoint's short name for the tags, translated when it is one of the
 * roles the sources give. */
static const char *
role_name (const SynackConnection *c,
           guint                   endpoint)
{
  const char *name = c->name[endpoint];

  if (name == NULL || g_str_equal (name, "client") || g_str_equal (name, "server"))
    return (name != NULL ? g_str_equal (name, "server") : endpoint == 1) ? _("server") : _("client");
  return name;
}

/* Both endpoints' states at the cursor, with the last transition lit. */
static void
update (SynackPaintedPanel *panel)
{
  SynackStateDiagram *self = SYNACK_STATE_DIAGRAM (panel);
  SynackSession *session = synack_painted_panel_get_session (panel);
  SynackTrace *trace = synack_session_get_trace (session);
  guint conn = synack_session_get_connection (session);
  int position = synack_player_get_position (synack_session_get_player (session));
  const SynackConnection *c;
  SynackEvent transition;
  guint last_change = G_MAXUINT;

  if (trace == NULL || conn >= synack_trace_get_n_connections (trace))
    {
      set_states (self, SYNACK_TCP_CLOSED, SYNACK_TCP_CLOSED);
      set_transition (self, G_MAXUINT, 0, 0);
      return;
    }
  c = synack_trace_get_connection (trace, conn);
  set_names (self, role_name (c, 0), role_name (c, 1));
  if (position < 0)
    set_states (self, c->initial_state[0], c->initial_state[1]);
  else
    set_states (self, synack_trace_state_at_event (trace, conn, 0, position),
                synack_trace_state_at_event (trace, conn, 1, position));
  if (position >= 0)
    last_change = synack_trace_last_state_change (trace, conn, position);
  if (last_change != G_MAXUINT && synack_trace_read_event (trace, last_change, &transition))
    set_transition (self, transition.endpoint, transition.state.from, transition.state.to);
  else
    set_transition (self, G_MAXUINT, 0, 0);
}

void
synack_state_diagram_set_session (SynackStateDiagram *self,
                                  SynackSession      *session)
{
  g_return_if_fail (SYNACK_IS_STATE_DIAGRAM (self));
  synack_painted_panel_set_session (SYNACK_PAINTED_PANEL (self), session);
}

double
synack_state_diagram_get_text_scale (SynackStateDiagram *self)
{
  g_return_val_if_fail (SYNACK_IS_STATE_DIAGRAM (self), 1.0);
  return synack_painted_panel_get_text_scale (SYNACK_PAINTED_PANEL (self));
}
