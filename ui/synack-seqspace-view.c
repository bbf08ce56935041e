/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "synack-explain.h"
#include "synack-seqspace-paint.h"
#include "synack-seqspace-view.h"

struct _SynackSeqspaceView
{
  SynackPaintedPanel parent_instance;

  SynackTrace       *trace;     /* the session's, when last updated */
  guint              conn;
  SynackSeqVars      vars[2];
  SynackSeqspaceWalk walk[2];
};

G_DEFINE_FINAL_TYPE (SynackSeqspaceView, synack_seqspace_view, SYNACK_TYPE_PAINTED_PANEL)

static void
paint (SynackPaintedPanel    *panel,
       cairo_t               *cr,
       const SynackPanelPage *page)
{
  SynackSeqspaceView *self = SYNACK_SEQSPACE_VIEW (panel);
  SynackSeqspaceParams params = { .text_scale = page->text_scale };

  if (self->trace == NULL || synack_trace_get_connection (self->trace, self->conn) == NULL)
    return;
  for (guint e = 0; e < 2; e++)
    {
      params.vars[e] = self->vars[e];
      params.name[e] = synack_explain_endpoint_name (self->trace, self->conn, e);
    }
  synack_seqspace_paint (cr, page->theme, page->width, page->height, &params, NULL);
}

static void
synack_seqspace_view_dispose (GObject *object)
{
  SynackSeqspaceView *self = SYNACK_SEQSPACE_VIEW (object);

  g_clear_object (&self->trace);

  G_OBJECT_CLASS (synack_seqspace_view_parent_class)->dispose (object);
}

static void synack_seqspace_view_map (GtkWidget *widget);
static void update (SynackPaintedPanel *panel);

static void
synack_seqspace_view_class_init (SynackSeqspaceViewClass *klass)
{
  SynackPaintedPanelClass *panel_class = SYNACK_PAINTED_PANEL_CLASS (klass);
  double min_width, height;

  /* the room the painter asks for, at text scale 1 */
  synack_seqspace_paint_size (1.0, &min_width, &height);
  panel_class->min_width = panel_class->natural_width = (int) min_width;
  panel_class->min_height = panel_class->natural_height = (int) height;
  panel_class->update = update;
  panel_class->paint = paint;
  G_OBJECT_CLASS (klass)->dispose = synack_seqspace_view_dispose;
  GTK_WIDGET_CLASS (klass)->map = synack_seqspace_view_map;
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "seqspace");
}

static void
synack_seqspace_view_init (SynackSeqspaceView *self)
{
  synack_seqspace_walk_init (&self->walk[0]);
  synack_seqspace_walk_init (&self->walk[1]);
}

GtkWidget *
synack_seqspace_view_new (void)
{
  return g_object_new (SYNACK_TYPE_SEQSPACE_VIEW, NULL);
}

/* Walk each endpoint's variables to the cursor: only while the view is
 * seen (the walk reads every event before the cursor), and again when it
 * is shown. A new trace starts the walk over. */
static void
update (SynackPaintedPanel *panel)
{
  SynackSeqspaceView *self = SYNACK_SEQSPACE_VIEW (panel);
  SynackSession *session = synack_painted_panel_get_session (panel);
  SynackTrace *trace = session != NULL ? synack_session_get_trace (session) : NULL;
  guint conn;
  int position;

  if (trace != self->trace)
    {
      g_set_object (&self->trace, trace);
      memset (self->vars, 0, sizeof self->vars);
      synack_seqspace_walk_init (&self->walk[0]);
      synack_seqspace_walk_init (&self->walk[1]);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  conn = session != NULL ? synack_session_get_connection (session) : 0;
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)) || trace == NULL ||
      conn >= synack_trace_get_n_connections (trace))
    return;
  self->conn = conn;
  position = synack_player_get_position (synack_session_get_player (session));
  for (guint e = 0; e < 2; e++)
    synack_seqspace_walk_to (&self->walk[e], trace, conn, e, position, &self->vars[e]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
synack_seqspace_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (synack_seqspace_view_parent_class)->map (widget);
  update (SYNACK_PAINTED_PANEL (widget));
}

/* The kernel's states of this machine's sockets carry no sequence numbers:
 * Numbers shows their tcp_info instead of this view. */
static void
document_changed (SynackSeqspaceView *self,
                  GParamSpec         *pspec,
                  SynackSession      *session)
{
  SynackDocument *doc = synack_session_get_document (session);

  gtk_widget_set_visible (GTK_WIDGET (self),
                          doc == NULL || synack_document_get_kind (doc) != SYNACK_DOCUMENT_MACHINE);
}

void
synack_seqspace_view_set_session (SynackSeqspaceView *self,
                                  SynackSession      *session)
{
  g_return_if_fail (SYNACK_IS_SEQSPACE_VIEW (self));

  synack_painted_panel_set_session (SYNACK_PAINTED_PANEL (self), session);
  g_signal_connect_object (session, "notify::document", G_CALLBACK (document_changed), self,
                           G_CONNECT_SWAPPED);
  document_changed (self, NULL, session);
}

const SynackSeqVars *
synack_seqspace_view_get_vars (SynackSeqspaceView *self,
                               guint               endpoint)
{
  g_return_val_if_fail (SYNACK_IS_SEQSPACE_VIEW (self), NULL);
  g_return_val_if_fail (endpoint < 2, NULL);

  return &self->vars[endpoint];
}

double
synack_seqspace_view_get_text_scale (SynackSeqspaceView *self)
{
  g_return_val_if_fail (SYNACK_IS_SEQSPACE_VIEW (self), 1.0);
  return synack_painted_panel_get_text_scale (SYNACK_PAINTED_PANEL (self));
}
