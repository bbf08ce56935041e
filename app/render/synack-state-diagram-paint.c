/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "synack-state-diagram-paint.h"

/* Positions on a 3 x 7 grid, after the RFC's figure. */
static const struct { double col, row; } positions[SYNACK_TCP_N_STATES] = {
  [SYNACK_TCP_CLOSED]       = { 1, 0 },
  [SYNACK_TCP_LISTEN]       = { 1, 1 },
  [SYNACK_TCP_SYN_RECEIVED] = { 0, 2 },
  [SYNACK_TCP_SYN_SENT]     = { 2, 2 },
  [SYNACK_TCP_ESTABLISHED]  = { 1, 3 },
  [SYNACK_TCP_FIN_WAIT_1]   = { 0, 4 },
  [SYNACK_TCP_CLOSE_WAIT]   = { 2, 4 },
  [SYNACK_TCP_FIN_WAIT_2]   = { 0, 5.5 },
  [SYNACK_TCP_CLOSING]      = { 1, 5 },
  [SYNACK_TCP_LAST_ACK]     = { 2, 5.5 },
  [SYNACK_TCP_TIME_WAIT]    = { 1, 6.5 },
};

typedef enum { ROUTE_STRAIGHT, ROUTE_LEFT, ROUTE_RIGHT } Route;

static const struct { guint8 from, to; Route route; const char *label; } edges[] = {
  { SYNACK_TCP_CLOSED, SYNACK_TCP_LISTEN, ROUTE_STRAIGHT, "listen" },
  { SYNACK_TCP_CLOSED, SYNACK_TCP_SYN_SENT, ROUTE_STRAIGHT, "connect / SYN" },
  { SYNACK_TCP_LISTEN, SYNACK_TCP_SYN_RECEIVED, ROUTE_STRAIGHT, "SYN / SYN,ACK" },
  { SYNACK_TCP_LISTEN, SYNACK_TCP_SYN_SENT, ROUTE_STRAIGHT, "send / SYN" },
  { SYNACK_TCP_SYN_SENT, SYNACK_TCP_SYN_RECEIVED, ROUTE_STRAIGHT, "SYN / SYN,ACK" },
  { SYNACK_TCP_SYN_SENT, SYNACK_TCP_ESTABLISHED, ROUTE_STRAIGHT, "SYN,ACK / ACK" },
  { SYNACK_TCP_SYN_SENT, SYNACK_TCP_CLOSED, ROUTE_RIGHT, "RST, timeout" },
  { SYNACK_TCP_SYN_RECEIVED, SYNACK_TCP_ESTABLISHED, ROUTE_STRAIGHT, "ACK" },
  { SYNACK_TCP_SYN_RECEIVED, SYNACK_TCP_LISTEN, ROUTE_STRAIGHT, "RST" },
  { SYNACK_TCP_SYN_RECEIVED, SYNACK_TCP_FIN_WAIT_1, ROUTE_STRAIGHT, "close / FIN" },
  { SYNACK_TCP_ESTABLISHED, SYNACK_TCP_FIN_WAIT_1, ROUTE_STRAIGHT, "close / FIN" },
  { SYNACK_TCP_ESTABLISHED, SYNACK_TCP_CLOSE_WAIT, ROUTE_STRAIGHT, "FIN / ACK" },
  { SYNACK_TCP_FIN_WAIT_1, SYNACK_TCP_FIN_WAIT_2, ROUTE_STRAIGHT, "ACK" },
  { SYNACK_TCP_FIN_WAIT_1, SYNACK_TCP_CLOSING, ROUTE_STRAIGHT, "FIN / ACK" },
  { SYNACK_TCP_FIN_WAIT_1, SYNACK_TCP_TIME_WAIT, ROUTE_STRAIGHT, "FIN,ACK / ACK" },
  { SYNACK_TCP_FIN_WAIT_2, SYNACK_TCP_TIME_WAIT, ROUTE_STRAIGHT, "FIN / ACK" },
  { SYNACK_TCP_CLOSING, SYNACK_TCP_TIME_WAIT, ROUTE_STRAIGHT, "ACK" },
  { SYNACK_TCP_CLOSE_WAIT, SYNACK_TCP_LAST_ACK, ROUTE_STRAIGHT, "close / FIN" },
  { SYNACK_TCP_LAST_ACK, SYNACK_TCP_CLOSED, ROUTE_RIGHT, "ACK" },
  { SYNACK_TCP_TIME_WAIT, SYNACK_TCP_CLOSED, ROUTE_LEFT, "2 MSL" },
  { SYNACK_TCP_LISTEN, SYNACK_TCP_CLOSED, ROUTE_STRAIGHT, "close" },
};

typedef struct
{
  double x0, y0;      /* grid origin */
  double cw, rh;      /* cell width, row height */
  double bw, bh;      /* box size */
  double scale;
} Geometry;

static void
get_geometry (const SynackStateDiagramParams *self,
              double              width,
              double              height,
              Geometry           *g)
{
  double margin = 28;

  g->cw = (width - 2 * margin) / 3.0;
  g->rh = (height - 24) / 7.6;
  g->x0 = margin;
  g->y0 = 12;
  g->bw = MIN (g->cw * 0.82, 150);
  g->bh = MIN (g->rh * 0.55, 34);
  g->scale = CLAMP (MIN (g->bw / 120.0, g->bh / 28.0), 0.6, 1.6);
}

static void
box_center (const Geometry *g,
            SynackTcpState  state,
            double         *x,
            double         *y)
{
  *x = g->x0 + (positions[state].col + 0.5) * g->cw;
  *y = g->y0 + (positions[state].row + 0.5) * g->rh;
}

/* Where the segment from the centre of a box towards (tx, ty) leaves it. */
static void
box_exit (const Geometry *g,
          double          cx,
          double          cy,
          double          tx,
          double          ty,
          double         *ex,
          double         *ey)
{
  double dx = tx - cx, dy = ty - cy;
  double sx = fabs (dx) > 1e-6 ? (g->bw / 2) / fabs (dx) : G_MAXDOUBLE;
  double sy = fabs (dy) > 1e-6 ? (g->bh / 2) / fabs (dy) : G_MAXDOUBLE;
  double s = MIN (sx, sy);

  *ex = cx + dx * s;
  *ey = cy + dy * s;
}

static void
set_rgba (cairo_t          *cr,
          const SynackRgba *c)
{
  cairo_set_source_rgba (cr, c->r, c->g, c->b, c->a);
}

static void
arrow_head (cairo_t *cr,
            double   x,
            double   y,
            double   fx,
            double   fy,
            double   size)
{
  double angle = atan2 (y - fy, x - fx);

  cairo_move_to (cr, x, y);
  cairo_line_to (cr, x - size * cos (angle - 0.4), y - size * sin (angle - 0.4));
  cairo_line_to (cr, x - size * cos (angle + 0.4), y - size * sin (angle + 0.4));
  cairo_close_path (cr);
  cairo_fill (cr);
}

static void
draw_text (cairo_t              *cr,
           PangoLayout          *layout,
           const char           *text,
           double                x,
           double                y,
           gboolean              centered)
{
  int w, h;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, centered ? x - w / 2.0 : x, y - h / 2.0);
  pango_cairo_show_layout (cr, layout);
}

/* Text and boxes already on the page, so an endpoint's tag can be put where
 * it covers none of them. */
typedef struct
{
  double x, y, w, h;
} Rect;

static gboolean
rect_hits (GArray     *taken,
           const Rect *r)
{
  for (guint i = 0; i < taken->len; i++)
    {
      const Rect *t = &g_array_index (taken, Rect, i);

      if (r->x < t->x + t->w && t->x < r->x + r->w && r->y < t->y + t->h && t->y < r->y + r->h)
        return TRUE;
    }
  return FALSE;
}

static gboolean
edge_lit (const SynackStateDiagramParams *self,
          guint               i)
{
  return self->lit_endpoint != G_MAXUINT &&
         edges[i].from == self->lit_from && edges[i].to == self->lit_to;
}

void
synack_state_diagram_paint (cairo_t                             *cr,
                            const SynackTheme                   *theme,
                            double                               width,
                            double                               height,
                            const SynackStateDiagramParams      *self)
{
  static const SynackRgba endpoint_colour[2] = {
    { 0.0, 0.447, 0.698, 1.0 },  /* Okabe-Ito blue */
    { 0.835, 0.369, 0.0, 1.0 },  /* Okabe-Ito vermilion */
  };
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font;
  g_autoptr(GArray) taken = g_array_new (FALSE, FALSE, sizeof (Rect));
  Geometry g;

  get_geometry (self, width, height, &g);
  for (guint s = 0; s < SYNACK_TCP_N_STATES; s++)
    {
      Rect box;
      double cx, cy;

      box_center (&g, s, &cx, &cy);
      box = (Rect) { cx - g.bw / 2, cy - g.bh / 2, g.bw, g.bh };
      g_array_append_val (taken, box);
    }

  /* Edges first, the lit one last so it stays on top. */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < G_N_ELEMENTS (edges); i++)
      {
        gboolean lit = edge_lit (self, i);
        double fx, fy, tx, ty, sx, sy, ex, ey, lx, ly;

        if (lit != (pass == 1))
          continue;
        box_center (&g, edges[i].from, &fx, &fy);
        box_center (&g, edges[i].to, &tx, &ty);
        if (lit)
          {
            const SynackRgba *c = &endpoint_colour[self->lit_endpoint];
            cairo_set_source_rgba (cr, c->r, c->g, c->b, 1.0);
            cairo_set_line_width (cr, 3.5 * g.scale);
          }
        else
          {
            set_rgba (cr, &theme->muted);
            cairo_set_line_width (cr, 1.2 * g.scale);
          }

        if (edges[i].route == ROUTE_STRAIGHT)
          {
            box_exit (&g, fx, fy, tx, ty, &sx, &sy);
            box_exit (&g, tx, ty, fx, fy, &ex, &ey);
            cairo_move_to (cr, sx, sy);
            cairo_line_to (cr, ex, ey);
            cairo_stroke (cr);
            arrow_head (cr, ex, ey, sx, sy, 8 * g.scale);
            lx = (sx + ex) / 2;
            ly = (sy + ey) / 2;
          }
        else
          {
            double side = edges[i].route == ROUTE_LEFT ? -1 : 1;
            double rail = edges[i].route == ROUTE_LEFT ? g.x0 - 14 : g.x0 + 3 * g.cw + 14;
            double off = edges[i].from == SYNACK_TCP_SYN_SENT ? -8 : 0;

            if (edges[i].from == SYNACK_TCP_SYN_SENT)
              rail = g.x0 + 3 * g.cw + 4;
            sx = fx + side * g.bw / 2;
            ex = tx + side * g.bw / 2;
            cairo_move_to (cr, sx, fy + off);
            cairo_line_to (cr, rail, fy + off);
            cairo_line_to (cr, rail, ty + off);
            cairo_line_to (cr, ex, ty + off);
            cairo_stroke (cr);
            arrow_head (cr, ex, ty + off, rail, ty + off, 8 * g.scale);
            /* The label goes inside the rail, towards the boxes. */
            {
              int w, h;

              pango_layout_set_text (layout, edges[i].label, -1);
              pango_layout_get_pixel_size (layout, &w, &h);
              lx = edges[i].route == ROUTE_LEFT ? rail + 2 + w / 2.0 : rail - 10 - w / 2.0;
            }
            ly = (fy + ty) / 2;
          }

        if (lit || g.scale >= 0.9)
          {
            font = pango_font_description_from_string ("Sans");
            pango_font_description_set_absolute_size (font, 9.5 * g.scale * PANGO_SCALE);
            if (lit)
              pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
            pango_layout_set_font_description (layout, font);
            pango_font_description_free (font);
            if (lit)
              {
                /* A lit label sits on the background so crossing lines do not hide it. */
                int w, h;
                double tx0;

                pango_layout_set_text (layout, edges[i].label, -1);
                pango_layout_get_pixel_size (layout, &w, &h);
                tx0 = edges[i].route != ROUTE_STRAIGHT ? lx + 4 - w / 2.0 : lx + 4;
                cairo_save (cr);
                set_rgba (cr, &theme->background);
                cairo_rectangle (cr, tx0 - 2, ly - h / 2.0 - 1, w + 4, h + 2);
                cairo_fill (cr);
                cairo_restore (cr);
              }
            else
              set_rgba (cr, &theme->muted);
            draw_text (cr, layout, edges[i].label, lx + 4, ly, edges[i].route != ROUTE_STRAIGHT);
            {
              int w, h;
              Rect r;

              pango_layout_get_pixel_size (layout, &w, &h);
              r = (Rect) { edges[i].route != ROUTE_STRAIGHT ? lx + 4 - w / 2.0 : lx + 4,
                           ly - h / 2.0, w, h };
              g_array_append_val (taken, r);
            }
          }
      }

  font = pango_font_description_from_string ("Sans Bold");
  pango_font_description_set_absolute_size (font, 11 * g.scale * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);

  for (guint s = 0; s < SYNACK_TCP_N_STATES; s++)
    {
      double cx, cy;
      gboolean current[2] = { self->state[0] == s, self->state[1] == s };

      box_center (&g, s, &cx, &cy);
      cairo_rectangle (cr, cx - g.bw / 2, cy - g.bh / 2, g.bw, g.bh);
      if (current[0] || current[1])
        set_rgba (cr, &theme->state[s]);
      else
        set_rgba (cr, &theme->background);
      cairo_fill_preserve (cr);
      set_rgba (cr, &theme->foreground);
      cairo_set_line_width (cr, 1.0);
      cairo_stroke (cr);

      if (current[0] || current[1])
        set_rgba (cr, &theme->state_ink[s]);
      else
        set_rgba (cr, &theme->foreground);
      draw_text (cr, layout, synack_tcp_state_to_rfc_name (s), cx, cy, TRUE);

      /* Each endpoint's marker: a coloured ring and its name beside the box,
       * so the two are told apart without colour too. */
      for (guint e = 0; e < 2; e++)
        {
          double inset = e == 0 ? -3 : -7;
          g_autofree char *tag = NULL;
          PangoFontDescription *small;
          int w, h;

          if (!current[e])
            continue;
          cairo_set_source_rgba (cr, endpoint_colour[e].r, endpoint_colour[e].g,
                                 endpoint_colour[e].b, 1.0);
          cairo_set_line_width (cr, 3.0 * g.scale);
          if (e == 1)
            {
              double dash[] = { 6 * g.scale, 3 * g.scale };
              cairo_set_dash (cr, dash, 2, 0);
            }
          cairo_rectangle (cr, cx - g.bw / 2 + inset, cy - g.bh / 2 + inset,
                           g.bw - 2 * inset, g.bh - 2 * inset);
          cairo_stroke (cr);
          cairo_set_dash (cr, NULL, 0, 0);

          small = pango_font_description_from_string ("Sans Bold");
          pango_font_description_set_absolute_size (small, 9.5 * g.scale * PANGO_SCALE);
          pango_layout_set_font_description (layout, small);
          pango_font_description_free (small);
          tag = g_strdup (self->name[e] != NULL ? self->name[e]
                                                : (e == 0 ? _("client") : _("server")));
          pango_layout_set_text (layout, tag, -1);
          pango_layout_get_pixel_size (layout, &w, &h);
          {
            /* client above its box, server below, by preference; else the
             * first corner or side where the tag covers no edge's label, no
             * box and the other tag ("client" once hid "SYN,ACK / ACK") */
            double left = cx - g.bw / 2 - 6, right = cx + g.bw / 2 + 6 - w;
            double above = cy - g.bh / 2 + inset - h - 1, below = cy + g.bh / 2 - inset + 1;
            double side_y = cy - h / 2.0;
            const double spots[2][6][2] = {
              { { left, above }, { right, above }, { left, below }, { right, below },
                { cx - g.bw / 2 + inset - w - 4, side_y }, { cx + g.bw / 2 - inset + 4, side_y } },
              { { right, below }, { left, below }, { right, above }, { left, above },
                { cx + g.bw / 2 - inset + 4, side_y }, { cx - g.bw / 2 + inset - w - 4, side_y } },
            };
            double tx = spots[e][0][0], ty = spots[e][0][1];
            Rect r;

            for (guint k = 0; k < G_N_ELEMENTS (spots[e]); k++)
              {
                Rect c = { spots[e][k][0] - 2, spots[e][k][1], w + 4, h };

                if (c.x >= 0 && c.x + c.w <= width && c.y >= 0 && c.y + c.h <= height &&
                    !rect_hits (taken, &c))
                  {
                    tx = spots[e][k][0];
                    ty = spots[e][k][1];
                    break;
                  }
              }
            r = (Rect) { tx - 2, ty, w + 4, h };
            g_array_append_val (taken, r);

            /* on a patch of the page: edges and their labels pass under it */
            set_rgba (cr, &theme->background);
            cairo_rectangle (cr, tx - 2, ty, w + 4, h);
            cairo_fill (cr);
            cairo_set_source_rgba (cr, endpoint_colour[e].r, endpoint_colour[e].g,
                                   endpoint_colour[e].b, 1.0);
            cairo_move_to (cr, tx, ty);
            pango_cairo_show_layout (cr, layout);
          }

          font = pango_font_description_from_string ("Sans Bold");
          pango_font_description_set_absolute_size (font, 11 * g.scale * PANGO_SCALE);
          pango_layout_set_font_description (layout, font);
          pango_font_description_free (font);
        }
    }
  g_object_unref (layout);
}

gboolean
synack_state_diagram_edge_lit (const SynackStateDiagramParams *params,
                               SynackTcpState                  from,
                               SynackTcpState                  to)
{
  for (guint i = 0; i < G_N_ELEMENTS (edges); i++)
    if (edges[i].from == from && edges[i].to == to)
      return edge_lit (params, i);
  return FALSE;
}
