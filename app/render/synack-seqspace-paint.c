/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "synack-seqspace-paint.h"

/* Each endpoint's row: its title, the tick names, the bar, the legend and
 * the variables, at text scale 1. */
#define ROW_HEIGHT 175.0
#define TOP 8.0
#define MARGIN 12.0
#define BAR_HEIGHT 22.0
#define MIN_WIDTH 300.0
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

void
synack_seqspace_paint_size (double  text_scale,
                            double *min_width,
                            double *height)
{
  if (text_scale <= 0)
    text_scale = 1;
  if (min_width != NULL)
    *min_width = ceil (MIN_WIDTH * text_scale);
  if (height != NULL)
    *height = ceil ((2 * ROW_HEIGHT + TOP) * text_scale);
}

static int
show_text (cairo_t     *cr,
           PangoLayout *layout,
           const char  *text,
           double       x,
           double       y)
{
  int w, h;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  return h;
}

static int
text_width (PangoLayout *layout,
            const char  *text)
{
  int w, h;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  return w;
}

/* "The client — exact, from the engine": the name with a capital, whatever it is. */
static char *
title_for (const SynackSeqspaceParams *params,
           guint                       e)
{
  const SynackSeqVars *v = &params->vars[e];
  const char *name = params->name[e];
  gunichar first;
  char buf[8];
  int n;

  if (name == NULL || name[0] == '\0')
    name = e == 0 ? _("the client") : _("the server");
  first = g_utf8_get_char (name);
  n = g_unichar_to_utf8 (g_unichar_toupper (first), buf);
  buf[n] = '\0';
  return g_strdup_printf ("%s%s — %s", buf, g_utf8_next_char (name),
                          !v->valid || !v->have_snd ? _("nothing sent yet") :
                          v->exact ? _("exact, from the engine") :
                                     _("inferred from the segments"));
}

char *
synack_seqspace_variables_line (const SynackSeqspaceParams *params,
                                guint                       e)
{
  const SynackSeqVars *v = &params->vars[e];
  /* Relative numbers, as in the ladder: the receive side counts from the peer's ISN. */
  guint32 rcv_rel = v->rcv_nxt - params->vars[1 - e].isn;
  GString *text = g_string_new (NULL);

  /* Before the endpoint sends, it has no ISN, so no SND.UNA or SND.NXT. */
  if (v->have_snd)
    g_string_append_printf (text, "SND.UNA %u   SND.NXT %u   ", v->snd_una - v->isn,
                            v->snd_nxt - v->isn);
  else
    g_string_append (text, "SND.UNA —   SND.NXT —   ");
  g_string_append_printf (text, "SND.WND %u   ", v->snd_wnd);
  /* Until the peer's SYN arrives there is no RCV.NXT (RFC 9293 section
   * 3.10.7.3), and the engine's receive window is not yet one; a capture's
   * RCV.WND is what the endpoint advertised, known from what it sent. */
  if (v->have_rcv)
    g_string_append_printf (text, "RCV.NXT %u   ", rcv_rel);
  else
    g_string_append (text, "RCV.NXT —   ");
  if (v->have_snd && (v->have_rcv || !v->exact))
    g_string_append_printf (text, "RCV.WND %u   ", v->rcv_wnd);
  else
    g_string_append (text, "RCV.WND —   ");
  if (v->have_cwnd)
    g_string_append_printf (text, "cwnd %u   ssthresh %u", v->cwnd, v->ssthresh);
  else
    g_string_append (text, _("cwnd unknown in a capture"));
  return g_string_free (text, FALSE);
}

static void
paint_bar (cairo_t                 *cr,
           const SynackTheme       *theme,
           const SynackSeqspaceBar *geometry,
           double                   x0,
           double                   x1,
           double                   bar)
{
  synack_theme_set_source (cr, &theme->seq_acked);
  cairo_rectangle (cr, x0, bar, geometry->xa - x0, BAR_HEIGHT);
  cairo_fill (cr);
  if (geometry->x_break >= 0)
    {
      /* a cut across the acknowledged part: what lies left of it is not to scale */
      double xb = geometry->x_break;

      synack_theme_set_source (cr, &theme->background);
      cairo_move_to (cr, xb - 3, bar - 2);
      cairo_line_to (cr, xb + 1, bar + 7);
      cairo_line_to (cr, xb - 3, bar + 15);
      cairo_line_to (cr, xb + 1, bar + 24);
      cairo_line_to (cr, xb + 5, bar + 24);
      cairo_line_to (cr, xb + 1, bar + 15);
      cairo_line_to (cr, xb + 5, bar + 7);
      cairo_line_to (cr, xb + 1, bar - 2);
      cairo_close_path (cr);
      cairo_fill (cr);
    }
  synack_theme_set_source (cr, &theme->seq_in_flight);
  cairo_rectangle (cr, geometry->xa, bar, geometry->xn - geometry->xa, BAR_HEIGHT);
  cairo_fill (cr);
  synack_theme_set_source (cr, &theme->seq_usable);
  cairo_rectangle (cr, geometry->xn, bar, MAX (geometry->xw - geometry->xn, 0), BAR_HEIGHT);
  cairo_fill (cr);
  /* beyond the window: not allowed yet */
  synack_theme_set_source (cr, &theme->seq_beyond);
  cairo_rectangle (cr, geometry->xw, bar, x1 - geometry->xw, BAR_HEIGHT);
  cairo_fill (cr);
  /* In high contrast the parts are also told apart by an outline, not by
   * their colour alone. */
  if (theme->kind == SYNACK_THEME_HIGH_CONTRAST)
    {
      synack_theme_set_source (cr, &theme->foreground);
      cairo_set_line_width (cr, 1.0);
      cairo_rectangle (cr, x0 + 0.5, bar + 0.5, x1 - x0 - 1, BAR_HEIGHT - 1);
      cairo_stroke (cr);
    }

  /* the ticks at SND.UNA, SND.NXT and the window's end */
  synack_theme_set_source (cr, &theme->foreground);
  cairo_set_line_width (cr, theme->kind == SYNACK_THEME_HIGH_CONTRAST ? 2.0 : 1.5);
  for (int i = 0; i < 3; i++)
    {
      double x = i == 0 ? geometry->xa : i == 1 ? geometry->xn : geometry->xw;

      cairo_move_to (cr, x, bar - 4);
      cairo_line_to (cr, x, bar + BAR_HEIGHT + 4);
      cairo_stroke (cr);
    }
}

static void
paint_endpoint (cairo_t                    *cr,
                PangoLayout                *layout,
                const SynackTheme          *theme,
                const SynackSeqspaceParams *params,
                guint                       e,
                double                      y,
                double                      width,
                SynackSeqspaceDrawn        *drawn)
{
  const SynackSeqVars *v = &params->vars[e];
  double x0 = MARGIN, x1 = width - MARGIN;
  g_autofree char *title = title_for (params, e);
  g_autofree char *line = NULL;
  guint32 una, in_flight, usable;
  SynackSeqspaceBar geometry;
  double bar, lx, ly;
  struct { const SynackRgba *colour; char *text; } legend[3];

  drawn->drawn = FALSE;
  drawn->title_y = y;
  synack_theme_set_source (cr, &theme->foreground);
  pango_layout_set_width (layout, -1);
  show_text (cr, layout, title, x0, y);
  if (!v->valid)
    return;
  if (!v->have_snd)
    {
      /* what it has received, under the title, and no bar: it has no ISN yet */
      g_autofree char *received = synack_seqspace_variables_line (params, e);

      pango_layout_set_width (layout, (int) ((x1 - x0) * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD);
      show_text (cr, layout, received, x0, y + 22);
      pango_layout_set_width (layout, -1);
      return;
    }

  una = v->snd_una - v->isn;
  in_flight = v->snd_nxt - v->snd_una;
  usable = synack_seqspace_usable (v);
  synack_seqspace_bar_layout (v, x0, x1, &geometry);
  bar = y + 40;

  /* Tick names: SND.UNA and the window's end above the bar, SND.NXT under
   * it, so none covers another however close the ticks are. */
  synack_theme_set_source (cr, &theme->muted);
  {
    const char *end_name = geometry.cwnd_limits ? _("UNA + cwnd") : _("UNA + SND.WND");
    int w;

    w = text_width (layout, "SND.UNA");
    show_text (cr, layout, "SND.UNA", CLAMP (geometry.xa - w / 2.0, x0, x1 - w), y + 22);
    if (geometry.xw - geometry.xa > w + 8)
      {
        w = text_width (layout, end_name);
        show_text (cr, layout, end_name, MAX (geometry.xw - w, geometry.xa + 80), y + 22);
      }
    w = text_width (layout, "SND.NXT");
    show_text (cr, layout, "SND.NXT", CLAMP (geometry.xn - w / 2.0, x0, x1 - w), bar + 26);
  }

  paint_bar (cr, theme, &geometry, x0, x1, bar);
  drawn->drawn = TRUE;
  drawn->bar_y = bar;
  drawn->bar_height = BAR_HEIGHT;
  drawn->x0 = x0;
  drawn->x1 = x1;
  drawn->bar = geometry;

  /* A legend with the sizes, then every variable, wrapped to the width. */
  legend[0].colour = &theme->seq_acked;
  legend[0].text = g_strdup_printf (_("acknowledged %u"), una);
  legend[1].colour = &theme->seq_in_flight;
  legend[1].text = g_strdup_printf (_("in flight %u"), in_flight);
  legend[2].colour = &theme->seq_usable;
  legend[2].text = g_strdup_printf (_("may still send %u"), usable);
  lx = x0;
  ly = bar + 18 + 30;
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
      synack_theme_set_source (cr, legend[i].colour);
      cairo_rectangle (cr, lx, ly + 3, 10, 10);
      cairo_fill (cr);
      if (theme->kind == SYNACK_THEME_HIGH_CONTRAST)
        {
          synack_theme_set_source (cr, &theme->foreground);
          cairo_set_line_width (cr, 1.0);
          cairo_rectangle (cr, lx + 0.5, ly + 3.5, 9, 9);
          cairo_stroke (cr);
        }
      synack_theme_set_source (cr, &theme->foreground);
      cairo_move_to (cr, lx + 14, ly);
      pango_cairo_show_layout (cr, layout);
      lx += 14 + w + 12;
      g_free (legend[i].text);
    }

  line = synack_seqspace_variables_line (params, e);
  pango_layout_set_width (layout, (int) ((x1 - x0) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD);
  synack_theme_set_source (cr, &theme->foreground);
  show_text (cr, layout, line, x0, ly + 20);
  pango_layout_set_width (layout, -1);
}

void
synack_seqspace_paint (cairo_t                    *cr,
                       const SynackTheme          *theme,
                       double                      width,
                       double                      height,
                       const SynackSeqspaceParams *params,
                       SynackSeqspaceDrawn         drawn[2])
{
  double scale = params->text_scale > 0 ? params->text_scale : 1.0;
  SynackSeqspaceDrawn here[2];
  PangoLayout *layout;
  PangoFontDescription *font;

  g_return_if_fail (cr != NULL && theme != NULL && params != NULL);

  memset (here, 0, sizeof here);

  synack_theme_set_source (cr, &theme->background);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);

  cairo_save (cr);
  cairo_scale (cr, scale, scale);
  layout = pango_cairo_create_layout (cr);
  font = pango_font_description_from_string (theme->font_family);
  /* a size below the ladder's labels: this is a side panel's small print */
  pango_font_description_set_absolute_size (font, (theme->font_px - 1) * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  for (guint e = 0; e < 2; e++)
    paint_endpoint (cr, layout, theme, params, e, TOP + e * ROW_HEIGHT, width / scale, &here[e]);
  g_object_unref (layout);
  cairo_restore (cr);

  if (drawn == NULL)
    return;
  for (guint e = 0; e < 2; e++)
    {
      SynackSeqspaceDrawn *d = &drawn[e];

      *d = here[e];
      d->title_y *= scale;
      d->bar_y *= scale;
      d->bar_height *= scale;
      d->x0 *= scale;
      d->x1 *= scale;
      d->bar.xa *= scale;
      d->bar.xn *= scale;
      d->bar.xw *= scale;
      if (d->bar.x_break >= 0)
        d->bar.x_break *= scale;
    }
}
