/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "synack-ladder-layout.h"
#include "synack-state-strip.h"

/* At most this many patches: the latest states. */
#define MAX_PATCHES 8

void
synack_state_strip_paint (cairo_t                  *cr,
                          const SynackStateStep    *steps,
                          guint                     n_steps,
                          gint64                    now,
                          double                    width,
                          double                    height,
                          const SynackPaintOptions *options)
{
  const SynackTheme *theme = options->theme;
  double s = options->text_scale;
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) bold = synack_paint_font (theme, s, TRUE);
  g_autoptr(PangoFontDescription) small = synack_paint_font (theme, s * 0.85, FALSE);
  guint first = n_steps > MAX_PATCHES ? n_steps - MAX_PATCHES : 0;
  guint n = n_steps - first;
  double pad = 4 * s, band_h = height - 2 * pad, pw;

  cairo_save (cr);
  if (options->draw_background)
    {
      synack_theme_set_source (cr, &theme->background);
      cairo_rectangle (cr, 0, 0, width, height);
      cairo_fill (cr);
    }
  if (n == 0)
    {
      cairo_restore (cr);
      return;
    }
  pw = floor ((width - 2 * pad) / n);
  for (guint i = 0; i < n; i++)
    {
      const SynackStateStep *step = &steps[first + i];
      gint64 end = first + i + 1 < n_steps ? steps[first + i + 1].time : now;
      double x = pad + i * pw, w = pw - 2 * s;
      g_autofree char *how_long = NULL;
      PangoRectangle logical;
      const char *name;
      double name_y = pad + band_h * 0.38, dur_y = pad + band_h * 0.72;

      if (step->state == SYNACK_STATE_UNKNOWN)
        {
          synack_theme_set_source (cr, &theme->grid);
          cairo_rectangle (cr, x, pad, w, band_h);
          cairo_fill (cr);
          name = _("not known");
        }
      else
        {
          synack_theme_set_source (cr, &theme->state[step->state]);
          cairo_rectangle (cr, x, pad, w, band_h);
          cairo_fill (cr);
          synack_theme_paint_hatch (cr, synack_theme_state_hatch (step->state),
                                    &theme->state_ink[step->state], x, pad, w, band_h);
          name = synack_tcp_state_to_rfc_name (step->state);
        }
      if (step->time == G_MININT64)
        how_long = g_strdup (_("open before watching began"));
      else if (first + i + 1 == n_steps)
        {
          g_autofree char *d = synack_format_duration (MAX (0, now - step->time));

          how_long = g_strdup_printf (_("for %s now"), d);
        }
      else
        how_long = synack_format_duration (MAX (0, end - step->time));

      /* the name and the duration on plain patches over the hatch */
      for (int k = 0; k < 2; k++)
        {
          const char *str = k == 0 ? name : how_long;
          double cy = k == 0 ? name_y : dur_y;

          pango_layout_set_font_description (layout, k == 0 ? bold : small);
          pango_layout_set_text (layout, str, -1);
          pango_layout_set_width (layout, (int) ((w - 8 * s) * PANGO_SCALE));
          pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
          pango_layout_get_pixel_extents (layout, NULL, &logical);
          if (step->state != SYNACK_STATE_UNKNOWN)
            synack_theme_set_source (cr, &theme->state[step->state]);
          else
            synack_theme_set_source (cr, &theme->grid);
          cairo_rectangle (cr, x + (w - logical.width) / 2 - 3 * s, cy - logical.height / 2.0 - s,
                           logical.width + 6 * s, logical.height + 2 * s);
          cairo_fill (cr);
          if (step->state != SYNACK_STATE_UNKNOWN)
            synack_theme_set_source (cr, &theme->state_ink[step->state]);
          else
            synack_theme_set_source (cr, &theme->foreground);
          cairo_move_to (cr, x + (w - logical.width) / 2 - logical.x,
                         cy - logical.height / 2.0 - logical.y);
          synack_paint_show_layout (cr, layout, options);
        }
      /* an arrow from one state to the next */
      if (i + 1 < n)
        {
          double ax = x + w + s, ay = pad + band_h / 2;

          synack_theme_set_source (cr, &theme->foreground);
          cairo_move_to (cr, ax - 4 * s, ay - 5 * s);
          cairo_line_to (cr, ax + 2 * s, ay);
          cairo_line_to (cr, ax - 4 * s, ay + 5 * s);
          cairo_close_path (cr);
          cairo_fill (cr);
        }
    }
  cairo_restore (cr);
}
