/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "synack-explain.h"
#include "synack-seqspace-view.h"

struct _SynackSeqspaceView
{
  GtkWidget      parent_instance;

  SynackSession *session;
  SynackTrace   *trace;     /* the session's, when last updated */
  guint          conn;
  SynackSeqVars  vars[2];
  SynackSeqspaceWalk walk[2];
  gboolean       dark;
  double         text_scale;
};

G_DEFINE_FINAL_TYPE (SynackSeqspaceView, synack_seqspace_view, GTK_TYPE_WIDGET)

#define ROW_HEIGHT 175.0

static int
show_text (cairo_t     *cr,
           PangoLayout *layout,
           const char  *text,
           double       x,
           double       y,
           double       align)   /* 0 left, 0.5 centre, 1 right */
{
  int w, h;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, x - w * align, y);
  pango_cairo_show_layout (cr, layout);
  return h;
}

static void
swatch (cairo_t *cr,
        double   x,
        double   y,
        double   r,
        double   g,
        double   b,
        double   a)
{
  cairo_set_source_rgba (cr, r, g, b, a);
  cairo_rectangle (cr, x, y + 3, 10, 10);
  cairo_fill (cr);
}

/* The narrowest a part that holds any bytes is drawn, so a 100-byte flight
 * in a 64 KiB window is seen; its number is in the legend. */
#define MIN_PART_PX 4.0
/* Acknowledged bytes beyond this many windows are cut short at a marked break. */
#define BREAK_WINDOWS 2

void
synack_seqspace_bar_layout (const SynackSeqVars *v,
                            double               x0,
                            double               x1,
                            SynackSeqspaceBar   *bar)
{
  guint32 una = v->snd_una - v->isn;
  guint32 in_flight = v->snd_nxt - v->snd_una;
  guint32 ahead;
  double width, end, scale;

  bar->allowed = v->snd_wnd;
  bar->cwnd_limits = FALSE;
  if (v->have_cwnd && v->cwnd < v->snd_wnd)
    {
      bar->allowed = v->cwnd;
      bar->cwnd_limits = TRUE;
    }
  bar->x_break = -1;
  /* What lies ahead of SND.UNA: the window, or the flight where it overran
   * a window that shrank. A little grey past it says "not allowed". */
  ahead = MAX (MAX (bar->allowed, in_flight), 1);
  end = x1 - 24;
  width = end - x0;
  if (una <= (guint64) BREAK_WINDOWS * ahead)
    {
      scale = width / ((double) una + ahead);
      bar->xa = x0 + una * scale;
      if (una > 0)
        bar->xa = MAX (bar->xa, x0 + MIN_PART_PX);
    }
  else
    {
      /* a fifth of the bar for the acknowledged part, cut in its middle */
      bar->xa = x0 + width / 5;
      bar->x_break = x0 + width / 10;
    }
  scale = (end - bar->xa) / ahead;
  bar->xn = bar->xa + in_flight * scale;
  if (in_flight > 0)
    bar->xn = MAX (bar->xn, bar->xa + MIN_PART_PX);
  bar->xw = bar->xa + MAX (bar->allowed, in_flight) * scale;
  bar->xw = MAX (bar->xw, bar->xn);
  if (bar->allowed > in_flight && bar->xw - bar->xn < MIN_PART_PX)
    bar->xw = MIN (bar->xn + MIN_PART_PX, x1);
}

static void
paint_endpoint (SynackSeqspaceView *self,
                cairo_t            *cr,
                PangoLayout        *layout,
                guint               e,
                double              y,
                double              width)
{
  const SynackSeqVars *v = &self->vars[e];
  double fg = self->dark ? 0.92 : 0.1;
  double x0 = 12, x1 = width - 12;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  g_autofree char *line = NULL;
  guint32 una, nxt, in_flight, usable;
  SynackSeqspaceBar geometry;
  double xa, xn, xw, bar;
  /* Relative numbers, as in the ladder: the receive side counts from the peer's ISN. */
  guint32 rcv_rel = v->rcv_nxt - self->vars[1 - e].isn;
  gunichar first;
  char buf[8];
  int n;

  /* "The client sends" with a capital, whatever the role's name. */
  name = g_strdup (synack_explain_endpoint_name (self->trace, self->conn, e));
  first = g_utf8_get_char (name);
  n = g_unichar_to_utf8 (g_unichar_toupper (first), buf);
  buf[n] = '\0';
  title = g_strdup_printf ("%s%s — %s", buf, g_utf8_next_char (name),
                           !v->valid ? _("nothing sent yet") :
                           v->exact ? _("exact, from the engine") :
                                      _("inferred from the segments"));
  cairo_set_source_rgb (cr, fg, fg, fg);
  pango_layout_set_width (layout, -1);
  show_text (cr, layout, title, x0, y, 0);
  if (!v->valid)
    return;

  una = v->snd_una - v->isn;
  nxt = v->snd_nxt - v->isn;
  in_flight = v->snd_nxt - v->snd_una;
  usable = synack_seqspace_usable (v);
  synack_seqspace_bar_layout (v, x0, x1, &geometry);
  xa = geometry.xa;
  xn = geometry.xn;
  xw = geometry.xw;
  bar = y + 40;

  /* Tick names: SND.UNA and the window's end above the bar, SND.NXT under
   * it, so none covers another however close the ticks are. */
  cairo_set_source_rgba (cr, fg, fg, fg, 0.8);
  {
    int w, h;
    const char *end_name = geometry.cwnd_limits ? _("UNA + cwnd") : _("UNA + SND.WND");

    pango_layout_set_text (layout, "SND.UNA", -1);
    pango_layout_get_pixel_size (layout, &w, &h);
    show_text (cr, layout, "SND.UNA", CLAMP (xa - w / 2.0, x0, x1 - w), y + 22, 0.0);
    if (xw - xa > w + 8)
      {
        pango_layout_set_text (layout, end_name, -1);
        pango_layout_get_pixel_size (layout, &w, &h);
        show_text (cr, layout, end_name, MAX (xw - w, xa + 80), y + 22, 0.0);
      }
    pango_layout_set_text (layout, "SND.NXT", -1);
    pango_layout_get_pixel_size (layout, &w, &h);
    show_text (cr, layout, "SND.NXT", CLAMP (xn - w / 2.0, x0, x1 - w), bar + 26, 0.0);
  }

  cairo_set_source_rgba (cr, 0.0, 0.62, 0.45, 0.85);
  cairo_rectangle (cr, x0, bar, xa - x0, 22);
  cairo_fill (cr);
  if (geometry.x_break >= 0)
    {
      /* a cut across the acknowledged part: what lies left of it is not to scale */
      cairo_set_source_rgb (cr, self->dark ? 0.14 : 1, self->dark ? 0.14 : 1, self->dark ? 0.14 : 1);
      cairo_move_to (cr, geometry.x_break - 3, bar - 2);
      cairo_line_to (cr, geometry.x_break + 1, bar + 7);
      cairo_line_to (cr, geometry.x_break - 3, bar + 15);
      cairo_line_to (cr, geometry.x_break + 1, bar + 24);
      cairo_line_to (cr, geometry.x_break + 5, bar + 24);
      cairo_line_to (cr, geometry.x_break + 1, bar + 15);
      cairo_line_to (cr, geometry.x_break + 5, bar + 7);
      cairo_line_to (cr, geometry.x_break + 1, bar - 2);
      cairo_close_path (cr);
      cairo_fill (cr);
    }
  cairo_set_source_rgba (cr, 0.90, 0.62, 0.0, 0.9);
  cairo_rectangle (cr, xa, bar, xn - xa, 22);
  cairo_fill (cr);
  cairo_set_source_rgba (cr, 0.34, 0.71, 0.91, 0.9);
  cairo_rectangle (cr, xn, bar, MAX (xw - xn, 0), 22);
  cairo_fill (cr);
  /* beyond the window: not allowed yet */
  cairo_set_source_rgba (cr, 0.5, 0.5, 0.5, 0.25);
  cairo_rectangle (cr, xw, bar, x1 - xw, 22);
  cairo_fill (cr);

  cairo_set_source_rgb (cr, fg, fg, fg);
  cairo_set_line_width (cr, 1.5);
  for (int i = 0; i < 3; i++)
    {
      double x = i == 0 ? xa : i == 1 ? xn : xw;

      cairo_move_to (cr, x, bar - 4);
      cairo_line_to (cr, x, bar + 26);
      cairo_stroke (cr);
    }
  bar += 18;

  /* A legend with the sizes, then every variable, wrapped to the width. */
  {
    double lx = x0, ly = bar + 30;
    struct { double r, g, b, a; char *text; } legend[3] = {
      { 0.0, 0.62, 0.45, 0.85, g_strdup_printf (_("acknowledged %u"), una) },
      { 0.90, 0.62, 0.0, 0.9, g_strdup_printf (_("in flight %u"), in_flight) },
      { 0.34, 0.71, 0.91, 0.9, g_strdup_printf (_("may still send %u"), usable) },
    };

    for (guint i = 0; i < G_N_ELEMENTS (legend); i++)
      {
        int w, h;

        pango_layout_set_text (layout, legend[i].text, -1);
        pango_layout_get_pixel_size (layout, &w, &h);
        if (lx + 14 + w > x1)
          {
            lx = x0;
            ly += h + 2;
          }
        swatch (cr, lx, ly, legend[i].r, legend[i].g, legend[i].b, legend[i].a);
        cairo_set_source_rgb (cr, fg, fg, fg);
        cairo_move_to (cr, lx + 14, ly);
        pango_cairo_show_layout (cr, layout);
        lx += 14 + w + 12;
        g_free (legend[i].text);
      }

    if (v->have_cwnd)
      line = g_strdup_printf ("SND.UNA %u   SND.NXT %u   SND.WND %u   RCV.NXT %u   "
                              "RCV.WND %u   cwnd %u   ssthresh %u",
                              una, nxt, v->snd_wnd, rcv_rel, v->rcv_wnd, v->cwnd, v->ssthresh);
    else
      line = g_strdup_printf (_("SND.UNA %u   SND.NXT %u   SND.WND %u   RCV.NXT %u   "
                                "RCV.WND %u   cwnd unknown in a capture"),
                              una, nxt, v->snd_wnd, rcv_rel, v->rcv_wnd);
    pango_layout_set_width (layout, (int) ((x1 - x0) * PANGO_SCALE));
    pango_layout_set_wrap (layout, PANGO_WRAP_WORD);
    cairo_set_source_rgb (cr, fg, fg, fg);
    show_text (cr, layout, line, x0, ly + 20, 0);
    pango_layout_set_width (layout, -1);
  }
}

static void
synack_seqspace_view_snapshot (GtkWidget   *widget,
                               GtkSnapshot *snapshot)
{
  SynackSeqspaceView *self = SYNACK_SEQSPACE_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  PangoLayout *layout;
  PangoFontDescription *font;
  cairo_t *cr;

  if (self->trace == NULL || synack_trace_get_connection (self->trace, self->conn) == NULL ||
      width <= 0)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  /* a projector's scale magnifies the bars and their words together */
  cairo_scale (cr, self->text_scale, self->text_scale);
  layout = pango_cairo_create_layout (cr);
  font = pango_font_description_from_string ("Sans 9");
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  for (guint e = 0; e < 2; e++)
    paint_endpoint (self, cr, layout, e, 8 + e * ROW_HEIGHT, width / self->text_scale);
  g_object_unref (layout);
  cairo_destroy (cr);
}

static void
synack_seqspace_view_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  SynackSeqspaceView *self = SYNACK_SEQSPACE_VIEW (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = (int) ceil (300 * self->text_scale);
  else
    *minimum = *natural = (int) ceil ((2 * ROW_HEIGHT + 8) * self->text_scale);
}

static void
synack_seqspace_view_dispose (GObject *object)
{
  SynackSeqspaceView *self = SYNACK_SEQSPACE_VIEW (object);

  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      g_signal_handlers_disconnect_by_data (synack_session_get_player (self->session), self);
    }
  g_clear_object (&self->session);
  g_clear_object (&self->trace);

  G_OBJECT_CLASS (synack_seqspace_view_parent_class)->dispose (object);
}

static void synack_seqspace_view_map (GtkWidget *widget);

static void
synack_seqspace_view_class_init (SynackSeqspaceViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = synack_seqspace_view_dispose;
  widget_class->snapshot = synack_seqspace_view_snapshot;
  widget_class->measure = synack_seqspace_view_measure;
  widget_class->map = synack_seqspace_view_map;
  gtk_widget_class_set_css_name (widget_class, "seqspace");
}

static void
synack_seqspace_view_init (SynackSeqspaceView *self)
{
  synack_seqspace_walk_init (&self->walk[0]);
  synack_seqspace_walk_init (&self->walk[1]);
  self->text_scale = 1.0;
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
update (SynackSeqspaceView *self)
{
  SynackTrace *trace = self->session != NULL ? synack_session_get_trace (self->session) : NULL;
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
  conn = self->session != NULL ? synack_session_get_connection (self->session) : 0;
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)) || trace == NULL ||
      conn >= synack_trace_get_n_connections (trace))
    return;
  self->conn = conn;
  position = synack_player_get_position (synack_session_get_player (self->session));
  for (guint e = 0; e < 2; e++)
    synack_seqspace_walk_to (&self->walk[e], trace, conn, e, position, &self->vars[e]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
synack_seqspace_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (synack_seqspace_view_parent_class)->map (widget);
  update (SYNACK_SEQSPACE_VIEW (widget));
}

static void
dark_changed (SynackSeqspaceView *self)
{
  self->dark = synack_session_get_dark (self->session);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* A projector's scale magnifies the bars and their words, as the window's CSS does its labels. */
static void
text_scale_changed (SynackSeqspaceView *self)
{
  double scale = CLAMP (synack_session_get_text_scale (self->session), 0.5, 4.0);

  if (self->text_scale == scale)
    return;
  self->text_scale = scale;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/* The kernel's states of this machine's sockets carry no sequence numbers:
 * Numbers shows their tcp_info instead of this view. */
static void
document_changed (SynackSeqspaceView *self)
{
  SynackDocument *doc = synack_session_get_document (self->session);

  gtk_widget_set_visible (GTK_WIDGET (self),
                          doc == NULL || synack_document_get_kind (doc) != SYNACK_DOCUMENT_MACHINE);
}

void
synack_seqspace_view_set_session (SynackSeqspaceView *self,
                                  SynackSession      *session)
{
  g_return_if_fail (SYNACK_IS_SEQSPACE_VIEW (self));
  g_return_if_fail (SYNACK_IS_SESSION (session));
  g_return_if_fail (self->session == NULL);

  self->session = g_object_ref (session);
  synack_session_follow_cursor (session, G_CALLBACK (update), self);
  g_signal_connect_object (session, "notify::dark", G_CALLBACK (dark_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::text-scale", G_CALLBACK (text_scale_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::document", G_CALLBACK (document_changed), self,
                           G_CONNECT_SWAPPED);
  dark_changed (self);
  text_scale_changed (self);
  document_changed (self);
  update (self);
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
  return self->text_scale;
}
