/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cairo.h>
#include <glib/gstdio.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

#include "render-fixtures.h"
#include "synack-error.h"
#include "synack-ladder-layout.h"
#include "synack-ladder-paint.h"
#include "synack-render.h"
#include "synack-state-diagram-paint.h"
#include "synack-test-utils.h"
#include "synack-timeline-paint.h"

/* Pixel at (x, y) of an ARGB32 surface, as 0..1 RGB. */
static void
probe (cairo_surface_t *surface,
       double           x,
       double           y,
       double          *r,
       double          *g,
       double          *b)
{
  int ix = (int) floor (x), iy = (int) floor (y);
  guint8 *data;
  guint32 px;

  cairo_surface_flush (surface);
  g_assert_cmpint (ix, >=, 0);
  g_assert_cmpint (iy, >=, 0);
  g_assert_cmpint (ix, <, cairo_image_surface_get_width (surface));
  g_assert_cmpint (iy, <, cairo_image_surface_get_height (surface));
  data = cairo_image_surface_get_data (surface);
  px = *(guint32 *) (data + iy * cairo_image_surface_get_stride (surface) + ix * 4);
  *r = ((px >> 16) & 0xff) / 255.0;
  *g = ((px >> 8) & 0xff) / 255.0;
  *b = (px & 0xff) / 255.0;
}

/* The smallest colour distance to want among the pixels within 1 px of (x, y). */
static double
distance_near (cairo_surface_t  *surface,
               double            x,
               double            y,
               const SynackRgba *want)
{
  double best = G_MAXDOUBLE;

  for (int dy = -1; dy <= 1; dy++)
    for (int dx = -1; dx <= 1; dx++)
      {
        double r, g, b;

        probe (surface, x + dx, y + dy, &r, &g, &b);
        best = MIN (best, fabs (r - want->r) + fabs (g - want->g) + fabs (b - want->b));
      }
  return best;
}

/* How far the most inked pixel within 1 px of (x, y) goes from the
 * background towards ink: 1 fully inked, 0 untouched. */
static double
coverage_near (cairo_surface_t  *surface,
               double            x,
               double            y,
               const SynackRgba *ink,
               const SynackRgba *background)
{
  double full = fabs (ink->r - background->r) + fabs (ink->g - background->g) +
                fabs (ink->b - background->b);
  double best = 0;

  for (int dy = -1; dy <= 1; dy++)
    for (int dx = -1; dx <= 1; dx++)
      {
        double r, g, b, d;

        probe (surface, x + dx, y + dy, &r, &g, &b);
        d = fabs (r - ink->r) + fabs (g - ink->g) + fabs (b - ink->b);
        best = MAX (best, 1 - d / full);
      }
  return best;
}

static gboolean
inside_any_label (SynackLadderLayout *layout,
                  double              x,
                  double              y)
{
  for (guint i = 0; i < layout->arrows->len; i++)
    {
      const SynackLadderArrow *a = &g_array_index (layout->arrows, SynackLadderArrow, i);

      if (a->has_label && x >= a->lx - 3 && x <= a->lx + a->lw + 3 &&
          y >= a->ly - 3 && y <= a->ly + a->lh + 3)
        return TRUE;
    }
  return FALSE;
}

/* The textbook connection's ladder laid out 1200 px wide and height
 * high at 1 ms a pixel, its text measured in theme (a row a segment at
 * least, with rows). */
typedef struct
{
  SynackTrace        *trace;
  FixtureEvents       ev;
  SynackTimeAxis     *axis;
  SynackTextMeasurer *measurer;
  SynackLadderParams  params;
  SynackLadderLayout *layout;
} Ladder;

static void
ladder_init (Ladder            *l,
             const SynackTheme *theme,
             int                height,
             gboolean           rows)
{
  l->trace = fixture_textbook (TRUE, 50 * MS, &l->ev);
  l->axis = synack_time_axis_new_for_trace (l->trace, 0, SYNACK_NSEC_PER_SEC);
  l->measurer = synack_text_measurer_new (NULL, theme, 1.0);
  if (rows)
    synack_time_axis_set_row_px (l->axis, synack_ladder_row_px (1.0));
  synack_ladder_params_init (&l->params, 1200, height, 1.0);
  l->params.ns_per_px = 1e6;
  synack_ladder_params_use_measurer (&l->params, l->measurer);
  l->layout = synack_ladder_layout_new (l->trace, 0, l->axis, &l->params);
}

static void
ladder_clear (Ladder *l)
{
  g_clear_pointer (&l->layout, synack_ladder_layout_free);
  g_clear_pointer (&l->measurer, synack_text_measurer_free);
  g_clear_pointer (&l->axis, synack_time_axis_unref);
  g_clear_object (&l->trace);
}

static void
test_ladder_pixels (gconstpointer data)
{
  SynackThemeKind kind = GPOINTER_TO_UINT (data);
  const SynackTheme *theme = synack_theme_get (kind);
  Ladder ladder;
  SynackLadderLayout *layout;
  SynackPaintOptions options;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1200, 2000);
  cairo_t *cr = cairo_create (surface);
  guint checked = 0;
  g_autofree char *name = g_strdup_printf ("ladder-%s.png", theme->name);

  ladder_init (&ladder, theme, 2000, FALSE);
  layout = ladder.layout;
  synack_paint_options_init (&options, theme, 1.0);
  synack_ladder_paint (cr, ladder.trace, layout, &options);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  synack_test_keep_png (surface, name);

  /* background where nothing is drawn */
  g_assert_cmpfloat (distance_near (surface, ladder.params.width - 3,
                                    synack_ladder_layout_time_to_y (layout, 650 * MS),
                                    &theme->background), <, 0.02);

  /* every arrow is where the layout says, in its mark's colour, wherever
   * no label covers it */
  for (guint i = 0; i < layout->arrows->len; i++)
    {
      const SynackLadderArrow *a = &g_array_index (layout->arrows, SynackLadderArrow, i);

      for (int k = 1; k < 20; k++)
        {
          double x = a->x0 + (a->xe - a->x0) * k / 20.0;
          double y = a->y0 + (a->ye - a->y0) * k / 20.0;

          if (inside_any_label (layout, x, y) || fabs (x - a->x0) < 30 || fabs (x - a->x1) < 30)
            continue;
          /* dashed marks have gaps: test a few points along them, solid ones all */
          if (a->mark == SYNACK_MARK_RETRANSMISSION && k % 4 != 0)
            continue;
          if (a->mark != SYNACK_MARK_RETRANSMISSION)
            {
              if (coverage_near (surface, x, y, &theme->mark[a->mark], &theme->background) < 0.6)
                g_error ("arrow of event %u: no %s ink at %.0f,%.0f", a->event, theme->name, x, y);
              checked++;
            }
        }
    }
  g_assert_cmpuint (checked, >, 50);

  /* the lost segment: a cross at the end, and nothing beyond it */
  {
    const SynackLadderArrow *lost = synack_ladder_layout_find_arrow (layout, ladder.ev.data_lost);
    double bx = lost->x0 + 0.8 * (lost->x1 - lost->x0), by = lost->y0 + 0.8 * (lost->y1 - lost->y0);

    g_assert_cmpfloat (coverage_near (surface, lost->xe + 4, lost->ye + 4,
                                      &theme->mark[SYNACK_MARK_LOST], &theme->background), >, 0.6);
    g_assert_false (inside_any_label (layout, bx, by));
    g_assert_cmpfloat (coverage_near (surface, bx, by, &theme->mark[SYNACK_MARK_LOST],
                                      &theme->background), <, 0.1);
  }

  /* the lifeline strip carries the endpoint's state colour */
  {
    gint64 t = 500 * MS;  /* both ESTABLISHED */
    double y = synack_ladder_layout_time_to_y (layout, t);

    g_assert_false (inside_any_label (layout, layout->lifeline_x[0] + 2, y));
    g_assert_cmpfloat (distance_near (surface, layout->lifeline_x[0] - 2.5, y,
                                      &theme->state[SYNACK_TCP_ESTABLISHED]), <, 0.1);
  }

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  ladder_clear (&ladder);
}

/* The timeline tests' canvas: the textbook connection (a handshake, data,
 * the client's close) on a 240 x 2000 surface at 1 ms a pixel, in the
 * light theme. */
typedef struct
{
  const SynackTheme    *theme;
  SynackTrace          *trace;
  SynackTimeAxis       *axis;
  SynackTimelineParams  params;
  SynackPaintOptions    options;
  cairo_surface_t      *surface;
  cairo_t              *cr;
} Timeline;

static void
timeline_set_up (Timeline      *t,
                 gconstpointer  data)
{
  const SynackTimelineParams params = { 240, 2000, 40, 0, 1e6 };

  t->theme = synack_theme_get (SYNACK_THEME_LIGHT);
  t->trace = fixture_textbook (TRUE, 50 * MS, NULL);
  t->axis = synack_time_axis_new_for_trace (t->trace, 0, SYNACK_NSEC_PER_SEC);
  t->params = params;
  synack_paint_options_init (&t->options, t->theme, 1.0);
  t->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, params.width, params.height);
  t->cr = cairo_create (t->surface);
}

static void
timeline_tear_down (Timeline      *t,
                    gconstpointer  data)
{
  cairo_destroy (t->cr);
  cairo_surface_destroy (t->surface);
  g_clear_pointer (&t->axis, synack_time_axis_unref);
  g_clear_object (&t->trace);
}

/* Paint the timeline with t's options, and where endpoint's band is. */
static void
timeline_paint (Timeline *t,
                guint     endpoint,
                double   *bx,
                double   *bw)
{
  synack_timeline_paint (t->cr, t->trace, 0, t->axis, &t->params, &t->options);
  synack_timeline_band_x (&t->params, endpoint, bx, bw);
}

/* The y of time ns on t's timeline. */
static double
timeline_y (Timeline *t,
            gint64    ns)
{
  return synack_timeline_time_to_y (&t->params, t->axis, ns);
}

static void
test_timeline_pixels (Timeline      *t,
                      gconstpointer  data)
{
  const SynackTheme *theme = t->theme;
  double bx, bw;

  t->options.cursor_time = 700 * MS;
  timeline_paint (t, 0, &bx, &bw);
  synack_test_keep_png (t->surface, "timeline.png");

  /* client: SYN-SENT at 120 ms (diagonal hatch), ESTABLISHED 200-1050 ms */
  g_assert_cmpfloat (distance_near (t->surface, bx + 4, timeline_y (t, 400 * MS),
                                    &theme->state[SYNACK_TCP_ESTABLISHED]), <, 0.05);
  /* server: LISTEN (yellow) until the SYN arrives at 150 ms */
  synack_timeline_band_x (&t->params, 1, &bx, &bw);
  g_assert_cmpfloat (distance_near (t->surface, bx + bw - 3, timeline_y (t, 60 * MS),
                                    &theme->state[SYNACK_TCP_LISTEN]), <, 0.05);
  g_assert_cmpint (synack_timeline_pick_endpoint (&t->params, bx + 2), ==, 1);
  /* the cursor line */
  g_assert_cmpfloat (distance_near (t->surface, bx + bw / 2 + 30, timeline_y (t, 700 * MS),
                                    &theme->cursor), <, 0.1);
}

static void
test_after_cursor (void)
{
  const SynackTheme *theme = synack_theme_get (SYNACK_THEME_LIGHT);
  FixtureEvents ev;
  g_autoptr(SynackTrace) trace = fixture_textbook (TRUE, 50 * MS, &ev);
  g_autoptr(SynackTimeAxis) axis = synack_time_axis_new_for_trace (trace, 0, SYNACK_NSEC_PER_SEC);
  g_autoptr(SynackLadderLayout) layout = NULL;
  SynackLadderParams params;
  SynackPaintOptions options;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1200, 1500);
  cairo_t *cr = cairo_create (surface);
  const SynackLadderArrow *fin;
  double x, y;

  synack_ladder_params_init (&params, 1200, 1500, 1.0);
  params.ns_per_px = 1e6;
  layout = synack_ladder_layout_new (trace, 0, axis, &params);
  synack_paint_options_init (&options, theme, 1.0);
  options.after_cursor = SYNACK_AFTER_CURSOR_HIDE;
  options.cursor_event = (int) ev.data_ack;
  options.cursor_time = synack_trace_get_event_time (trace, ev.data_ack);
  synack_ladder_paint (cr, trace, layout, &options);
  synack_test_keep_png (surface, "ladder-replay.png");

  /* the FIN after the cursor is not drawn */
  fin = synack_ladder_layout_find_arrow (layout, ev.fin1);
  x = fin->x0 + 0.2 * (fin->x1 - fin->x0);
  y = fin->y0 + 0.2 * (fin->y1 - fin->y0);
  g_assert_cmpfloat (distance_near (surface, x, y, &theme->background), <, 0.05);

  /* stepped onto the FIN's send, its way still to go is drawn faded */
  {
    SynackPaintOptions at_fin = options;
    double fx, fy;

    at_fin.after_cursor = SYNACK_AFTER_CURSOR_FADE;
    at_fin.cursor_event = (int) ev.fin1;
    at_fin.cursor_time = synack_trace_get_event_time (trace, ev.fin1);
    synack_ladder_paint (cr, trace, layout, &at_fin);
    synack_test_keep_png (surface, "ladder-in-flight.png");
    fx = fin->x0 + 0.8 * (fin->xe - fin->x0);
    fy = fin->y0 + 0.8 * (fin->ye - fin->y0);
    g_assert_cmpfloat (coverage_near (surface, fx, fy, &theme->mark[fin->mark], &theme->background),
                       >, 0.1);
    /* hidden, the future stays hidden */
    at_fin.after_cursor = SYNACK_AFTER_CURSOR_HIDE;
    synack_ladder_paint (cr, trace, layout, &at_fin);
    g_assert_cmpfloat (coverage_near (surface, fx, fy, &theme->mark[fin->mark], &theme->background),
                       <, 0.05);
  }

  /* faded, the TIME-WAIT bracket armed after the cursor is paler than the
   * retransmission timer's, armed before it */
  options.after_cursor = SYNACK_AFTER_CURSOR_FADE;
  params.ns_per_px = 4e6;
  g_clear_pointer (&layout, synack_ladder_layout_free);
  layout = synack_ladder_layout_new (trace, 0, axis, &params);
  synack_ladder_paint (cr, trace, layout, &options);
  synack_test_keep_png (surface, "ladder-replay-faded.png");
  {
    guint before = 0, after = 0;

    for (guint i = 0; i < layout->timers->len; i++)
      {
        const SynackLadderTimer *t = &g_array_index (layout->timers, SynackLadderTimer, i);
        double tx = layout->lifeline_x[t->endpoint] + (t->endpoint == 0 ? -8 : 8);
        double ty = t->y0 + 0.5 * (MIN (t->y1, 1490) - t->y0);

        if ((int) t->event > options.cursor_event)
          {
            g_assert_cmpfloat (distance_near (surface, tx, ty, &theme->timer), >, 0.2);
            after++;
          }
        else
          {
            g_assert_cmpfloat (distance_near (surface, tx, ty, &theme->timer), <, 0.1);
            before++;
          }
      }
    g_assert_cmpuint (before, >=, 1);
    g_assert_cmpuint (after, >=, 1);
  }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* The timeline fades what lies after the cursor as the ladder does: the
 * band before the cursor keeps its state colour, the band after it is a
 * veiled, paler one; before the first event everything is veiled. */
static void
test_timeline_after_cursor (Timeline      *t,
                            gconstpointer  data)
{
  const SynackTheme *theme = t->theme;
  const SynackRgba *est = &theme->state[SYNACK_TCP_ESTABLISHED];
  SynackRgba veiled;
  double bx, bw;
  double before = timeline_y (t, 300 * MS);
  double after = timeline_y (t, 900 * MS);

  /* ESTABLISHED seen through the background at the faded alpha */
  veiled.r = est->r * theme->faded.a + theme->background.r * (1 - theme->faded.a);
  veiled.g = est->g * theme->faded.a + theme->background.g * (1 - theme->faded.a);
  veiled.b = est->b * theme->faded.a + theme->background.b * (1 - theme->faded.a);
  veiled.a = 1;

  t->options.after_cursor = SYNACK_AFTER_CURSOR_FADE;
  t->options.cursor_time = 600 * MS;
  t->options.cursor_event = 10;
  timeline_paint (t, 0, &bx, &bw);
  synack_test_keep_png (t->surface, "timeline-replay.png");
  g_assert_cmpfloat (distance_near (t->surface, bx + 4, before, est), <, 0.05);
  g_assert_cmpfloat (distance_near (t->surface, bx + 4, after, est), >, 0.3);
  g_assert_cmpfloat (distance_near (t->surface, bx + 4, after, &veiled), <, 0.05);

  /* before the first event: all still to come */
  t->options.cursor_time = SYNACK_TIME_NONE;
  t->options.cursor_event = -1;
  timeline_paint (t, 0, &bx, &bw);
  g_assert_cmpfloat (distance_near (t->surface, bx + 4, before, &veiled), <, 0.05);

  /* in high contrast CLOSED is the page's colour: the band's frame shows it */
  {
    const SynackTheme *hc = synack_theme_get (SYNACK_THEME_HIGH_CONTRAST);
    SynackPaintOptions hc_options;
    double y = timeline_y (t, 0) + 2;

    synack_paint_options_init (&hc_options, hc, 1.0);
    synack_timeline_paint (t->cr, t->trace, 0, t->axis, &t->params, &hc_options);
    synack_test_keep_png (t->surface, "timeline-high-contrast.png");
    g_assert_cmpfloat (distance_near (t->surface, floor (bx) + 0.5, y, &hc->lifeline), <, 0.1);
    g_assert_cmpfloat (distance_near (t->surface, bx + bw / 2, y, &hc->background), <, 0.05);
  }

  /* hidden before the first event: no band yet */
  t->options.after_cursor = SYNACK_AFTER_CURSOR_HIDE;
  t->options.cursor_time = SYNACK_TIME_NONE;
  t->options.cursor_event = -1;
  timeline_paint (t, 0, &bx, &bw);
  g_assert_cmpfloat (distance_near (t->surface, bx + 4, after, &theme->background), <, 0.05);

  /* shown in full when replay is over */
  t->options.after_cursor = SYNACK_AFTER_CURSOR_SHOW;
  timeline_paint (t, 0, &bx, &bw);
  g_assert_cmpfloat (distance_near (t->surface, bx + 4, after, est), <, 0.05);
}

/* A state inferred across packets a capture missed is drawn differently
 * from one the packets showed: paler, in a dashed frame. */
static void
test_timeline_inferred (Timeline      *t,
                        gconstpointer  data)
{
  const SynackRgba *est = &t->theme->state[SYNACK_TCP_ESTABLISHED];
  double bx, bw, y = timeline_y (t, 300 * MS);
  int established = -1;

  for (guint i = 0; i < synack_trace_get_n_events (t->trace); i++)
    {
      SynackEvent ev;

      synack_trace_read_event (t->trace, i, &ev);
      if (ev.kind == SYNACK_EVENT_STATE && ev.endpoint == 0 &&
          ev.state.to == SYNACK_TCP_ESTABLISHED)
        {
          established = (int) i;
          break;
        }
    }
  g_assert_cmpint (established, >=, 0);

  timeline_paint (t, 0, &bx, &bw);
  g_assert_cmpfloat (distance_near (t->surface, bx + bw / 2, y, est), <, 0.05);

  synack_trace_set_state_flags (t->trace, established, SYNACK_STATE_INFERRED);
  timeline_paint (t, 0, &bx, &bw);
  synack_test_keep_png (t->surface, "timeline-inferred.png");
  g_assert_cmpfloat (distance_near (t->surface, bx + bw / 2, y, est), >, 0.1);
}

/* CIE L*a*b* of a linear-light RGB colour. */
static void
to_lab (const double rgb[3],
        double       lab[3])
{
  double x = 0.4124 * rgb[0] + 0.3576 * rgb[1] + 0.1805 * rgb[2];
  double y = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
  double z = 0.0193 * rgb[0] + 0.1192 * rgb[1] + 0.9505 * rgb[2];
  double v[3] = { x / 0.95047, y, z / 1.08883 };

  for (int i = 0; i < 3; i++)
    v[i] = v[i] > 0.008856 ? cbrt (v[i]) : 7.787 * v[i] + 16.0 / 116;
  lab[0] = 116 * v[1] - 16;
  lab[1] = 500 * (v[0] - v[1]);
  lab[2] = 200 * (v[1] - v[2]);
}

/* What a viewer with deuteranopia sees (Machado, Oliveira and Fernandes
 * 2009, severity 1), in L*a*b*. */
static void
deuteranopia_lab (const SynackRgba *c,
                  double            lab[3])
{
  static const double m[3][3] = {
    { 0.367322, 0.860646, -0.227968 },
    { 0.280085, 0.672501, 0.047413 },
    { -0.011820, 0.042940, 0.968881 },
  };
  double in[3] = { c->r, c->g, c->b }, out[3];

  for (int i = 0; i < 3; i++)
    in[i] = in[i] <= 0.04045 ? in[i] / 12.92 : pow ((in[i] + 0.055) / 1.055, 2.4);
  for (int i = 0; i < 3; i++)
    out[i] = CLAMP (m[i][0] * in[0] + m[i][1] * in[1] + m[i][2] * in[2], 0, 1);
  to_lab (out, lab);
}

static void
test_colour_blind (void)
{
  for (SynackThemeKind kind = SYNACK_THEME_LIGHT; kind <= SYNACK_THEME_DARK; kind++)
    {
      const SynackTheme *theme = synack_theme_get (kind);

      for (guint a = 0; a < SYNACK_TCP_N_STATES; a++)
        for (guint b = a + 1; b < SYNACK_TCP_N_STATES; b++)
          {
            double la[3], lb[3], d;
            gboolean same_hatch = synack_theme_state_hatch (a) == synack_theme_state_hatch (b);

            deuteranopia_lab (&theme->state[a], la);
            deuteranopia_lab (&theme->state[b], lb);
            d = sqrt ((la[0] - lb[0]) * (la[0] - lb[0]) + (la[1] - lb[1]) * (la[1] - lb[1]) +
                      (la[2] - lb[2]) * (la[2] - lb[2]));
            /* apart in colour, and further apart where the pattern is the same */
            if (d < (same_hatch ? 14 : 10))
              g_error ("%s theme: %s and %s are %.1f apart with deuteranopia", theme->name,
                       synack_tcp_state_to_string (a), synack_tcp_state_to_string (b), d);
          }
    }
}

static void
test_cjk_text (void)
{
  const SynackTheme *theme = synack_theme_get (SYNACK_THEME_LIGHT);
  PangoContext *context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  PangoLayout *layout = pango_layout_new (context);
  g_autoptr(PangoFontDescription) font = synack_paint_font (theme, 1.0, FALSE);

  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, "客户端 三次握手", -1);
  /* every glyph found in a font: no hex boxes */
  g_assert_cmpint (pango_layout_get_unknown_glyphs_count (layout), ==, 0);
  g_object_unref (layout);
  g_object_unref (context);
}

static char *
render_file (SynackTrace        *trace,
             SynackRenderFormat  format,
             const char         *ext,
             SynackThemeKind     theme)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("synack-paint-XXXXXX", &error);
  char *path;
  SynackRenderOptions options;

  g_assert_no_error (error);
  path = g_strdup_printf ("%s/figure.%s", dir, ext);
  synack_render_options_init (&options);
  options.theme = theme;
  g_assert_true (synack_render_to_file (trace, path, format, &options, &error));
  g_assert_no_error (error);
  return path;
}

static void
remove_file (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_remove (path);
  g_rmdir (dir);
}

static void
test_files (void)
{
  FixtureEvents ev;
  g_autoptr(SynackTrace) trace = fixture_textbook (TRUE, 50 * MS, &ev);
  g_autofree char *png = render_file (trace, SYNACK_RENDER_PNG, "png", SYNACK_THEME_LIGHT);
  g_autofree char *svg = render_file (trace, SYNACK_RENDER_SVG, "svg", SYNACK_THEME_DARK);
  g_autofree char *pdf = render_file (trace, SYNACK_RENDER_PDF, "pdf", SYNACK_THEME_HIGH_CONTRAST);
  g_autofree char *text = NULL;
  g_autofree char *pdftotext = NULL;
  gsize len;
  cairo_surface_t *image;

  image = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 1200);
  g_assert_cmpint (cairo_image_surface_get_height (image), >, 600);
  synack_test_keep_png (image, "figure.png");
  cairo_surface_destroy (image);

  g_assert_true (g_file_get_contents (svg, &text, &len, NULL));
  g_assert_true (g_str_has_prefix (text, "<?xml"));
  g_assert_true (g_str_has_suffix (g_strchomp (text), "</svg>"));
  g_assert_nonnull (strstr (text, ">SYN, ACK</text>"));
  g_assert_nonnull (strstr (text, ">FIN, ACK</text>"));
  g_assert_nonnull (strstr (text, ">seq=1 ack=1 len=100 win=65535</text>"));
  g_assert_nonnull (strstr (text, "Retransmission</text>"));
  g_assert_nonnull (strstr (text, ">TIME-WAIT</text>"));
  g_assert_nonnull (strstr (text, ">connect()</text>"));
  g_assert_nonnull (strstr (text, ">10.0.0.2:80</text>"));
  g_assert_nonnull (strstr (text, "idle</text>"));
  g_clear_pointer (&text, g_free);

  g_assert_true (g_file_get_contents (pdf, &text, &len, NULL));
  g_assert_true (g_str_has_prefix (text, "%PDF-"));
  pdftotext = g_find_program_in_path ("pdftotext");
  if (pdftotext != NULL)
    {
      g_autofree char *out = NULL;
      g_autofree char *cmd = g_strdup_printf ("pdftotext %s -", pdf);

      g_assert_true (g_spawn_command_line_sync (cmd, &out, NULL, NULL, NULL));
      g_assert_nonnull (strstr (out, "SYN, ACK"));
    }
  remove_file (png);
  remove_file (svg);
  remove_file (pdf);
}

static void
test_capture_and_stream_files (void)
{
  g_autoptr(SynackTrace) capture = fixture_textbook (FALSE, 50 * MS, NULL);
  g_autoptr(SynackTrace) stream = fixture_stream (5000, 100 * 1000);
  g_autofree char *a = render_file (capture, SYNACK_RENDER_PNG, "png", SYNACK_THEME_LIGHT);
  g_autofree char *b = render_file (stream, SYNACK_RENDER_PNG, "png", SYNACK_THEME_DARK);
  g_autofree char *c = render_file (stream, SYNACK_RENDER_SVG, "svg", SYNACK_THEME_LIGHT);
  cairo_surface_t *image = cairo_image_surface_create_from_png (b);

  /* a long capture stays within cairo's size limits */
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_height (image), <=, 32767);
  cairo_surface_destroy (image);
  image = cairo_image_surface_create_from_png (a);
  synack_test_keep_png (image, "capture.png");
  cairo_surface_destroy (image);
  remove_file (a);
  remove_file (b);
  remove_file (c);
}

static void
test_bad_options (void)
{
  g_autoptr(SynackTrace) trace = fixture_textbook (FALSE, 50 * MS, NULL);
  g_autoptr(GError) error = NULL;
  SynackRenderOptions options;
  SynackRenderFormat format;

  synack_render_options_init (&options);
  options.conn = 3;
  g_assert_false (synack_render_measure (trace, &options, NULL, NULL, NULL, &error));
  g_assert_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "connection 3"));
  g_clear_error (&error);

  synack_render_options_init (&options);
  options.from = 2 * SYNACK_NSEC_PER_SEC;
  options.to = SYNACK_NSEC_PER_SEC;
  g_assert_false (synack_render_measure (trace, &options, NULL, NULL, NULL, &error));
  g_assert_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (synack_render_to_file (trace, "/nonexistent-dir/x.png", SYNACK_RENDER_PNG,
                                         &options, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  g_assert_true (synack_render_format_from_path ("a.SVG", &format));
  g_assert_cmpint (format, ==, SYNACK_RENDER_SVG);
  g_assert_false (synack_render_format_from_path ("a.jpg", &format));
}

/* Nothing but the page (or a grid line) in the 3x3 pixels around (x, y). */
static gboolean
blank_near (cairo_surface_t   *surface,
            double             x,
            double             y,
            const SynackTheme *theme)
{
  for (int dy = -1; dy <= 1; dy++)
    for (int dx = -1; dx <= 1; dx++)
      {
        double r, g, b;
        const SynackRgba *bg = &theme->background, *grid = &theme->grid;

        probe (surface, x + dx, y + dy, &r, &g, &b);
        if (fabs (r - bg->r) + fabs (g - bg->g) + fabs (b - bg->b) > 0.06 &&
            fabs (r - grid->r) + fabs (g - grid->g) + fabs (b - grid->b) > 0.06)
          return FALSE;
      }
  return TRUE;
}

/* Blank points where what lies after the cursor would be drawn: its
 * arrows, their labels and the lifelines' state strips. */
static guint
count_future_ink (cairo_surface_t    *surface,
                  SynackLadderLayout *layout,
                  const SynackTheme  *theme,
                  guint               cursor,
                  double              cursor_y,
                  guint              *probes)
{
  guint ink = 0;

  *probes = 0;
  for (guint i = 0; i < layout->arrows->len; i++)
    {
      const SynackLadderArrow *a = &g_array_index (layout->arrows, SynackLadderArrow, i);

      if (a->event <= cursor || a->y0 < cursor_y + 4 || a->y0 > layout->params.height)
        continue;
      for (double t = 0.3; t <= 0.71; t += 0.2)
        {
          (*probes)++;
          ink += !blank_near (surface, a->x0 + t * (a->xe - a->x0), a->y0 + t * (a->ye - a->y0), theme);
        }
      if (a->has_label)
        for (double f = 0.2; f <= 0.81; f += 0.15)
          {
            (*probes)++;
            ink += !blank_near (surface, a->lx + f * a->lw, a->ly + a->lh / 4 + 1, theme);
          }
    }
  for (guint ep = 0; ep < 2; ep++)
    for (double y = cursor_y + 6; y < MIN (layout->params.height, cursor_y + 600); y += 37)
      {
        (*probes)++;
        ink += !blank_near (surface, layout->lifeline_x[ep] + 2.5, y, theme);
      }
  return ink;
}

/* While a quiz question is open the views hide what lies after the
 * cursor: none of it may be drawn, faded or not, or the answer shows. */
static void
test_hide_future (void)
{
  const SynackTheme *theme = synack_theme_get (SYNACK_THEME_LIGHT);
  Ladder ladder;
  SynackTrace *trace;
  SynackLadderLayout *layout;
  SynackPaintOptions options;
  guint probes, ink, ack;
  double cy;

  ladder_init (&ladder, theme, 1400, TRUE);
  trace = ladder.trace;
  layout = ladder.layout;
  ack = ladder.ev.ack;
  cy = synack_ladder_layout_event_to_y (layout, ack, synack_trace_get_event_time (trace, ack));

  for (int mode = 0; mode < 2; mode++)
    {
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1200, 1400);
      cairo_t *cr = cairo_create (surface);

      synack_paint_options_init (&options, theme, 1.0);
      options.after_cursor = mode == 0 ? SYNACK_AFTER_CURSOR_HIDE : SYNACK_AFTER_CURSOR_FADE;
      options.cursor_event = (int) ack;
      options.cursor_time = synack_trace_get_event_time (trace, ack);
      synack_ladder_paint (cr, trace, layout, &options);
      synack_test_keep_png (surface, mode == 0 ? "hide-future.png" : "fade-future.png");
      ink = count_future_ink (surface, layout, theme, ack, cy, &probes);
      g_assert_cmpuint (probes, >, 30);
      if (mode == 0)
        g_assert_cmpuint (ink, ==, 0);
      else
        /* faded, the future is still there: the probes do find ink */
        g_assert_cmpuint (ink, >, probes / 3);
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
    }
  ladder_clear (&ladder);
}

/* The state diagram's painter: both current states filled in their state
 * colours, the lit transition in the endpoint's colour (Okabe-Ito blue for
 * the client) on top of what the client's tag has of it, and the dark
 * theme's own colours in the dark theme. */
static guint
count_colour (cairo_surface_t *surface,
              double           r,
              double           g,
              double           b)
{
  int stride = cairo_image_surface_get_stride (surface);
  int w = cairo_image_surface_get_width (surface);
  int h = cairo_image_surface_get_height (surface);
  const guint8 *data = cairo_image_surface_get_data (surface);
  guint n = 0;

  cairo_surface_flush (surface);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        const guint8 *px = data + y * stride + x * 4;  /* BGRA, little-endian ARGB32 */

        n += abs (px[2] - (int) (r * 255)) <= 2 && abs (px[1] - (int) (g * 255)) <= 2 &&
             abs (px[0] - (int) (b * 255)) <= 2;
      }
  return n;
}

static cairo_surface_t *
paint_diagram (SynackThemeKind                 kind,
               const SynackStateDiagramParams *params)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 420, 640);
  cairo_t *cr = cairo_create (surface);

  synack_state_diagram_paint (cr, synack_theme_get (kind), 420, 640, params);
  cairo_destroy (cr);
  return surface;
}

static void
test_state_diagram (void)
{
  SynackStateDiagramParams params = {
    { SYNACK_TCP_ESTABLISHED, SYNACK_TCP_SYN_RECEIVED }, G_MAXUINT, 0, 0, { NULL, NULL },
  };
  const SynackTheme *light = synack_theme_get (SYNACK_THEME_LIGHT);
  const SynackTheme *dark = synack_theme_get (SYNACK_THEME_DARK);
  const SynackRgba *est = &light->state[SYNACK_TCP_ESTABLISHED];
  const SynackRgba *rcvd = &light->state[SYNACK_TCP_SYN_RECEIVED];
  const SynackRgba *closed = &light->state[SYNACK_TCP_TIME_WAIT];
  cairo_surface_t *plain, *lit, *night, *later;
  guint tw_plain, blue_plain;

  plain = paint_diagram (SYNACK_THEME_LIGHT, &params);
  g_assert_cmpuint (count_colour (plain, est->r, est->g, est->b), >, 200);
  g_assert_cmpuint (count_colour (plain, rcvd->r, rcvd->g, rcvd->b), >, 200);
  /* a state's box is filled only while an endpoint is in it */
  tw_plain = count_colour (plain, closed->r, closed->g, closed->b);
  params.state[1] = SYNACK_TCP_TIME_WAIT;
  later = paint_diagram (SYNACK_THEME_LIGHT, &params);
  g_assert_cmpuint (count_colour (later, closed->r, closed->g, closed->b), >, tw_plain + 200);
  params.state[1] = SYNACK_TCP_SYN_RECEIVED;
  cairo_surface_destroy (later);
  blue_plain = count_colour (plain, 0.0, 0.447, 0.698);   /* the client's tag */

  params.lit_endpoint = 0;
  params.lit_from = SYNACK_TCP_SYN_SENT;
  params.lit_to = SYNACK_TCP_ESTABLISHED;
  g_assert_true (synack_state_diagram_edge_lit (&params, SYNACK_TCP_SYN_SENT,
                                                SYNACK_TCP_ESTABLISHED));
  g_assert_false (synack_state_diagram_edge_lit (&params, SYNACK_TCP_LISTEN,
                                                 SYNACK_TCP_SYN_RECEIVED));
  lit = paint_diagram (SYNACK_THEME_LIGHT, &params);
  /* the lit edge is drawn in the client's colour as well */
  g_assert_cmpuint (count_colour (lit, 0.0, 0.447, 0.698), >, blue_plain + 50);
  if (g_getenv ("SYNACK_TEST_KEEP_PNG") != NULL)
    cairo_surface_write_to_png (lit, "state-diagram.png");

  night = paint_diagram (SYNACK_THEME_DARK, &params);
  /* the dark theme's own state colours */
  g_assert_cmpuint (count_colour (night, dark->state[SYNACK_TCP_ESTABLISHED].r,
                                  dark->state[SYNACK_TCP_ESTABLISHED].g,
                                  dark->state[SYNACK_TCP_ESTABLISHED].b), >, 200);

  cairo_surface_destroy (plain);
  cairo_surface_destroy (lit);
  cairo_surface_destroy (night);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_data_func ("/synack/paint/ladder-light", GUINT_TO_POINTER (SYNACK_THEME_LIGHT),
                        test_ladder_pixels);
  g_test_add_data_func ("/synack/paint/ladder-dark", GUINT_TO_POINTER (SYNACK_THEME_DARK),
                        test_ladder_pixels);
  g_test_add_data_func ("/synack/paint/ladder-high-contrast",
                        GUINT_TO_POINTER (SYNACK_THEME_HIGH_CONTRAST), test_ladder_pixels);
  g_test_add ("/synack/paint/timeline", Timeline, NULL, timeline_set_up, test_timeline_pixels,
              timeline_tear_down);
  g_test_add_func ("/synack/paint/after-cursor", test_after_cursor);
  g_test_add ("/synack/paint/timeline-after-cursor", Timeline, NULL, timeline_set_up,
              test_timeline_after_cursor, timeline_tear_down);
  g_test_add_func ("/synack/paint/hide-future", test_hide_future);
  g_test_add ("/synack/paint/timeline-inferred", Timeline, NULL, timeline_set_up,
              test_timeline_inferred, timeline_tear_down);
  g_test_add_func ("/synack/paint/cjk", test_cjk_text);
  g_test_add_func ("/synack/paint/state-diagram", test_state_diagram);
  g_test_add_func ("/synack/paint/colour-blind", test_colour_blind);
  g_test_add_func ("/synack/paint/files", test_files);
  g_test_add_func ("/synack/paint/capture-and-stream-files", test_capture_and_stream_files);
  g_test_add_func ("/synack/paint/bad-options", test_bad_options);
  return g_test_run ();
}
