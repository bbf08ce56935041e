/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "synack-explain.h"
#include "synack-seqspace-view.h"

struct _SynackSeqspaceView
{
  GtkWidget      parent_instance;

  SynackTrace   *trace;
  guint          conn;
  SynackSeqVars  vars[2];
  gboolean       dark;
};

G_DEFINE_FINAL_TYPE (SynackSeqspaceView, synack_seqspace_view, GTK_TYPE_WIDGET)

#define ROW_HEIGHT 150.0

static void
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
  g_autofree char *title = NULL;
  g_autofree char *line1 = NULL;
  g_autofree char *line2 = NULL;
  guint32 una, nxt, wnd_end, in_flight, usable, span, allowed;
  /* Relative numbers, as in the ladder: the receive side counts from the peer's ISN. */
  guint32 rcv_rel = v->rcv_nxt - self->vars[1 - e].isn;
  double scale, xa, xn, xw;

  cairo_set_source_rgb (cr, fg, fg, fg);
  title = g_strdup_printf ("%s %s", synack_explain_endpoint_name (self->trace, self->conn, e),
                           !v->valid ? _("(nothing sent yet)") :
                           v->exact ? _("(exact, from the engine)") :
                                      _("(inferred from the segments)"));
  pango_layout_set_markup (layout, NULL, 0);
  show_text (cr, layout, title, x0, y, 0);
  if (!v->valid)
    return;

  una = v->snd_una - v->isn;
  nxt = v->snd_nxt - v->isn;
  in_flight = v->snd_nxt - v->snd_una;
  allowed = v->have_cwnd ? MIN (v->snd_wnd, v->cwnd) : v->snd_wnd;
  usable = synack_seqspace_usable (v);
  wnd_end = una + MAX (allowed, in_flight);

  /* The line shows from a little before SND.UNA to a little past the
   * window's end, so every part has room. */
  span = MAX (wnd_end - una, 1);
  scale = (x1 - x0) * 0.8 / span;
  xa = x0 + (x1 - x0) * 0.1;
  xn = xa + in_flight * scale;
  xw = xa + MAX (allowed, in_flight) * scale;

  /* acknowledged */
  cairo_set_source_rgba (cr, 0.0, 0.62, 0.45, 0.85);
  cairo_rectangle (cr, x0, y + 24, xa - x0, 26);
  cairo_fill (cr);
  /* in flight */
  cairo_set_source_rgba (cr, 0.90, 0.62, 0.0, 0.9);
  cairo_rectangle (cr, xa, y + 24, xn - xa, 26);
  cairo_fill (cr);
  /* usable window */
  cairo_set_source_rgba (cr, 0.34, 0.71, 0.91, 0.9);
  cairo_rectangle (cr, xn, y + 24, xw - xn, 26);
  cairo_fill (cr);
  /* beyond the window */
  cairo_set_source_rgba (cr, 0.5, 0.5, 0.5, 0.25);
  cairo_rectangle (cr, xw, y + 24, x1 - xw, 26);
  cairo_fill (cr);

  cairo_set_source_rgb (cr, fg, fg, fg);
  cairo_set_line_width (cr, 1.5);
  for (int i = 0; i < 3; i++)
    {
      double x = i == 0 ? xa : i == 1 ? xn : xw;
      cairo_move_to (cr, x, y + 20);
      cairo_line_to (cr, x, y + 54);
      cairo_stroke (cr);
    }
  {
    g_autofree char *a = g_strdup_printf ("SND.UNA %u", una);
    g_autofree char *n = g_strdup_printf ("SND.NXT %u", nxt);
    g_autofree char *w = g_strdup_printf ("%u", una + MAX (allowed, in_flight));

    show_text (cr, layout, a, xa, y + 56, xn - xa < 90 ? 1.0 : 0.5);
    show_text (cr, layout, n, xn, y + 56, xn - xa < 90 ? 0.0 : 0.5);
    if (xw - xn > 60)
      show_text (cr, layout, w, xw, y + 56, 0.5);
  }

  line1 = g_strdup_printf (_("acknowledged · in flight %u · may still send %u · beyond the window"),
                           in_flight, usable);
  cairo_set_source_rgba (cr, fg, fg, fg, 0.7);
  show_text (cr, layout, line1, x0, y + 76, 0);
  cairo_set_source_rgb (cr, fg, fg, fg);
  if (v->have_cwnd)
    line2 = g_strdup_printf ("SND.WND %u · RCV.NXT %u · RCV.WND %u · cwnd %u · ssthresh %u",
                             v->snd_wnd, rcv_rel, v->rcv_wnd, v->cwnd, v->ssthresh);
  else
    line2 = g_strdup_printf (_("SND.WND %u · RCV.NXT %u · RCV.WND %u · cwnd unknown"),
                             v->snd_wnd, rcv_rel, v->rcv_wnd);
  show_text (cr, layout, line2, x0, y + 96, 0);
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
  layout = pango_cairo_create_layout (cr);
  font = pango_font_description_from_string ("Sans 9");
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  for (guint e = 0; e < 2; e++)
    paint_endpoint (self, cr, layout, e, 8 + e * ROW_HEIGHT, width);
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
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = 300;
  else
    *minimum = *natural = (int) (2 * ROW_HEIGHT + 8);
}

static void
synack_seqspace_view_dispose (GObject *object)
{
  SynackSeqspaceView *self = SYNACK_SEQSPACE_VIEW (object);

  g_clear_object (&self->trace);

  G_OBJECT_CLASS (synack_seqspace_view_parent_class)->dispose (object);
}

static void
synack_seqspace_view_class_init (SynackSeqspaceViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = synack_seqspace_view_dispose;
  widget_class->snapshot = synack_seqspace_view_snapshot;
  widget_class->measure = synack_seqspace_view_measure;
  gtk_widget_class_set_css_name (widget_class, "seqspace");
}

static void
synack_seqspace_view_init (SynackSeqspaceView *self)
{
}

GtkWidget *
synack_seqspace_view_new (void)
{
  return g_object_new (SYNACK_TYPE_SEQSPACE_VIEW, NULL);
}

void
synack_seqspace_view_set_trace (SynackSeqspaceView *self,
                                SynackTrace        *trace)
{
  g_return_if_fail (SYNACK_IS_SEQSPACE_VIEW (self));

  g_set_object (&self->trace, trace);
  memset (self->vars, 0, sizeof self->vars);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
synack_seqspace_view_update (SynackSeqspaceView *self,
                             guint               conn,
                             int                 position)
{
  g_return_if_fail (SYNACK_IS_SEQSPACE_VIEW (self));

  self->conn = conn;
  if (self->trace == NULL)
    return;
  for (guint e = 0; e < 2; e++)
    synack_seqspace_at (self->trace, conn, e, position, &self->vars[e]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const SynackSeqVars *
synack_seqspace_view_get_vars (SynackSeqspaceView *self,
                               guint               endpoint)
{
  g_return_val_if_fail (SYNACK_IS_SEQSPACE_VIEW (self), NULL);
  g_return_val_if_fail (endpoint < 2, NULL);

  return &self->vars[endpoint];
}

void
synack_seqspace_view_set_dark (SynackSeqspaceView *self,
                               gboolean            dark)
{
  g_return_if_fail (SYNACK_IS_SEQSPACE_VIEW (self));

  self->dark = !!dark;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
