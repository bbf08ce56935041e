/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sequence-space painter, without GTK: it paints into a cairo image
 * surface, and the tests read the pixels back. */
#include "config.h"

#include <cairo.h>
#include <math.h>
#include <string.h>

#include "synack-seqspace-paint.h"
#include "synack-test-utils.h"

/* GTK defines it; this test has no GTK */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_surface_t, cairo_surface_destroy)

#define WIDTH 420
#define HEIGHT 400

static cairo_surface_t *
paint (const SynackTheme          *theme,
       const SynackSeqspaceParams *params,
       SynackSeqspaceDrawn         drawn[2])
{
  double scale = params->text_scale > 0 ? params->text_scale : 1.0;
  int w = (int) ceil (WIDTH * scale), h = (int) ceil (HEIGHT * scale);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cairo_t *cr = cairo_create (surface);

  synack_seqspace_paint (cr, theme, w, h, params, drawn);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

static void
pixel (cairo_surface_t *surface,
       double           x,
       double           y,
       SynackRgba      *out)
{
  int ix = (int) floor (x), iy = (int) floor (y);
  guint8 *data = cairo_image_surface_get_data (surface);
  guint32 px;

  g_assert_cmpint (ix, >=, 0);
  g_assert_cmpint (iy, >=, 0);
  g_assert_cmpint (ix, <, cairo_image_surface_get_width (surface));
  g_assert_cmpint (iy, <, cairo_image_surface_get_height (surface));
  px = *(guint32 *) (data + iy * cairo_image_surface_get_stride (surface) + ix * 4);
  out->r = ((px >> 16) & 0xff) / 255.0;
  out->g = ((px >> 8) & 0xff) / 255.0;
  out->b = (px & 0xff) / 255.0;
  out->a = 1;
}

/* colour painted with its alpha over the theme's (opaque) background */
static SynackRgba
over (const SynackRgba *colour,
      const SynackRgba *background)
{
  return (SynackRgba) {
    colour->r * colour->a + background->r * (1 - colour->a),
    colour->g * colour->a + background->g * (1 - colour->a),
    colour->b * colour->a + background->b * (1 - colour->a),
    1,
  };
}

static double
distance (const SynackRgba *a,
          const SynackRgba *b)
{
  return fabs (a->r - b->r) + fabs (a->g - b->g) + fabs (a->b - b->b);
}

/* The pixel at (x, y) is colour, within rounding. */
static void
assert_colour (cairo_surface_t  *surface,
               double            x,
               double            y,
               const SynackRgba *want,
               const char       *what)
{
  SynackRgba got;

  pixel (surface, x, y, &got);
  if (distance (&got, want) > 0.03)
    g_error ("%s at (%.0f, %.0f): #%02x%02x%02x, want #%02x%02x%02x", what, x, y,
             (int) round (got.r * 255), (int) round (got.g * 255), (int) round (got.b * 255),
             (int) round (want->r * 255), (int) round (want->g * 255),
             (int) round (want->b * 255));
}

/* Some pixel within 1 px of (x, y) across is colour: a line 1.5 px wide
 * lies on one of them whatever its rounding. */
static void
assert_line (cairo_surface_t  *surface,
             double            x,
             double            y,
             const SynackRgba *want,
             const char       *what)
{
  double best = G_MAXDOUBLE;

  for (int dx = -1; dx <= 1; dx++)
    {
      SynackRgba got;

      pixel (surface, x + dx, y, &got);
      best = MIN (best, distance (&got, want));
    }
  if (best > 0.1)
    g_error ("%s at (%.1f, %.0f): no pixel near it is the line's colour", what, x, y);
}

/* The client with 100 bytes acknowledged, 300 in flight and a 1000-byte
 * window (no cwnd: as a capture infers it); the server with its SYN
 * acknowledged and nothing in flight. Sequence numbers wrap past 2^32. */
static void
example (SynackSeqspaceParams *params)
{
  SynackSeqVars *c = &params->vars[0], *s = &params->vars[1];

  memset (params, 0, sizeof *params);
  c->valid = c->have_snd = TRUE;
  c->isn = 4294967000u;
  c->snd_una = c->isn + 100;
  c->snd_nxt = c->isn + 400;
  c->snd_wnd = 1000;
  c->rcv_nxt = 7001;
  c->rcv_wnd = 65535;
  s->valid = s->have_snd = TRUE;
  s->isn = 7000;
  s->snd_una = 7001;
  s->snd_nxt = 7001;
  s->snd_wnd = 65535;
  s->rcv_nxt = c->isn + 400;
  s->rcv_wnd = 1000;
}

/* Each theme's colours are the ones on the surface: the page, and the
 * acknowledged, in-flight, allowed and beyond-the-window parts of the bar. */
static void
test_theme_colours (void)
{
  static const SynackThemeKind kinds[] = {
    SYNACK_THEME_LIGHT, SYNACK_THEME_DARK, SYNACK_THEME_HIGH_CONTRAST,
  };
  SynackRgba in_flight[G_N_ELEMENTS (kinds)];

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      const SynackTheme *theme = synack_theme_get (kinds[k]);
      const SynackRgba *bg = &theme->background;
      SynackSeqspaceParams params;
      SynackSeqspaceDrawn drawn[2];
      g_autoptr (cairo_surface_t) surface = NULL;
      const SynackSeqspaceBar *bar;
      double mid;
      SynackRgba want;

      example (&params);
      surface = paint (theme, &params, drawn);
      g_test_message ("theme %s", theme->name);
      g_assert_true (drawn[0].drawn);
      g_assert_true (drawn[1].drawn);
      bar = &drawn[0].bar;
      mid = drawn[0].bar_y + drawn[0].bar_height / 2;

      assert_colour (surface, WIDTH - 2, HEIGHT - 2, bg, "the page");
      want = over (&theme->seq_acked, bg);
      assert_colour (surface, (drawn[0].x0 + bar->xa) / 2, mid, &want, "acknowledged");
      want = over (&theme->seq_in_flight, bg);
      assert_colour (surface, (bar->xa + bar->xn) / 2, mid, &want, "in flight");
      in_flight[k] = want;
      want = over (&theme->seq_usable, bg);
      assert_colour (surface, (bar->xn + bar->xw) / 2, mid, &want, "may still send");
      want = over (&theme->seq_beyond, bg);
      assert_colour (surface, (bar->xw + drawn[0].x1) / 2, mid, &want, "beyond the window");
      if (kinds[k] == SYNACK_THEME_HIGH_CONTRAST)
        {
          /* and the bar's outline, so the parts are told apart without colour */
          assert_colour (surface, (bar->xw + drawn[0].x1) / 2, drawn[0].bar_y + 0.5,
                         &theme->foreground, "the outline");
        }
    }
  /* the three are not one colour, so the checks above tell them apart */
  g_assert_cmpfloat (distance (&in_flight[0], &in_flight[1]), >, 0.05);
  g_assert_cmpfloat (distance (&in_flight[1], &in_flight[2]), >, 0.05);
  g_assert_cmpfloat (distance (&synack_theme_get (SYNACK_THEME_DARK)->background,
                               &synack_theme_get (SYNACK_THEME_HIGH_CONTRAST)->background),
                     >, 0.5);
}

/* SND.UNA and SND.NXT are where the numbers put them: with 100 acknowledged
 * and 300 in flight in a 1000-byte window, the bar from the ISN to the
 * window's end holds 1100 bytes, so SND.UNA is 100/1100 and SND.NXT 400/1100
 * of the way along, and the colours change there and nowhere else. */
static void
test_span (void)
{
  const SynackTheme *theme = synack_theme_get (SYNACK_THEME_LIGHT);
  const SynackRgba *bg = &theme->background;
  SynackSeqspaceParams params;
  SynackSeqspaceDrawn drawn[2];
  g_autoptr (cairo_surface_t) surface = NULL;
  SynackRgba acked = over (&theme->seq_acked, bg);
  SynackRgba flight = over (&theme->seq_in_flight, bg);
  SynackRgba usable = over (&theme->seq_usable, bg);
  double x0, end, xa, xn, mid;

  example (&params);
  surface = paint (theme, &params, drawn);

  /* the bar runs from the margin to 24 px short of the other margin */
  x0 = drawn[0].x0;
  end = drawn[0].x1 - 24;
  g_assert_cmpfloat (x0, >, 0);
  g_assert_cmpfloat (drawn[0].x1, <, WIDTH);
  xa = x0 + (end - x0) * 100 / 1100;
  xn = x0 + (end - x0) * 400 / 1100;
  g_assert_cmpfloat (fabs (drawn[0].bar.xa - xa), <, 0.5);
  g_assert_cmpfloat (fabs (drawn[0].bar.xn - xn), <, 0.5);
  g_assert_cmpfloat (fabs (drawn[0].bar.xw - end), <, 0.5);

  mid = drawn[0].bar_y + drawn[0].bar_height / 2;
  /* clear of the 1.5 px ticks on either side of each boundary */
  assert_colour (surface, x0 + 2, mid, &acked, "acknowledged, at the ISN");
  assert_colour (surface, xa - 3, mid, &acked, "acknowledged, before SND.UNA");
  assert_colour (surface, xa + 3, mid, &flight, "in flight, after SND.UNA");
  assert_colour (surface, xn - 3, mid, &flight, "in flight, before SND.NXT");
  assert_colour (surface, xn + 3, mid, &usable, "may still send, after SND.NXT");
  assert_colour (surface, end - 3, mid, &usable, "may still send, at the window's end");
  /* the ticks themselves, at SND.UNA and SND.NXT */
  assert_line (surface, xa, mid, &theme->foreground, "the SND.UNA tick");
  assert_line (surface, xn, mid, &theme->foreground, "the SND.NXT tick");
  /* nothing is painted above or below the bar's band in the bar's colours */
  {
    SynackRgba got;

    pixel (surface, (xa + xn) / 2, drawn[0].bar_y - 6, &got);
    g_assert_cmpfloat (distance (&got, &flight), >, 0.1);
  }

  /* The server's row is below the client's: its SYN is acknowledged (one
   * byte, a sliver), nothing is in flight, and all of its window is open. */
  g_assert_cmpfloat (drawn[1].bar_y, >, drawn[0].bar_y + drawn[0].bar_height);
  mid = drawn[1].bar_y + drawn[1].bar_height / 2;
  g_assert_cmpfloat (drawn[1].bar.xn, ==, drawn[1].bar.xa);
  g_assert_cmpfloat (drawn[1].bar.xa - drawn[1].x0, <, 6);
  assert_colour (surface, (drawn[1].bar.xa + drawn[1].bar.xw) / 2, mid, &usable,
                 "the server may send its whole window");

  /* Nothing sent yet: a title and no bar. */
  params.vars[1].valid = FALSE;
  g_clear_pointer (&surface, cairo_surface_destroy);
  surface = paint (theme, &params, drawn);
  g_assert_true (drawn[0].drawn);
  g_assert_false (drawn[1].drawn);
  for (double x = drawn[0].x0; x < drawn[0].x1; x += 4)
    assert_colour (surface, x, mid, bg, "no bar for an endpoint that sent nothing");
}

/* The rows of a band [y0, y1) and the columns that hold anything but the
 * page: the ink's extent. */
static void
ink_extent (cairo_surface_t  *surface,
            const SynackRgba *bg,
            double            y0,
            double            y1,
            int              *width,
            int              *height)
{
  int top = -1, bottom = -1, left = G_MAXINT, right = -1;
  int w = cairo_image_surface_get_width (surface);

  for (int y = (int) y0; y < (int) y1; y++)
    for (int x = 0; x < w; x++)
      {
        SynackRgba got;

        pixel (surface, x, y, &got);
        if (distance (&got, bg) < 0.2)
          continue;
        if (top < 0)
          top = y;
        bottom = y;
        left = MIN (left, x);
        right = MAX (right, x);
      }
  g_assert_cmpint (top, >=, 0);
  *width = right - left + 1;
  *height = bottom - top + 1;
}

/* A projector's scale makes the words and the bar larger together: the
 * title's ink grows by the scale, and so does the bar. */
static void
test_text_scale (void)
{
  const SynackTheme *theme = synack_theme_get (SYNACK_THEME_HIGH_CONTRAST);
  SynackSeqspaceParams params;
  SynackSeqspaceDrawn small[2], big[2];
  g_autoptr (cairo_surface_t) one = NULL;
  g_autoptr (cairo_surface_t) magnified = NULL;
  const double scale = 1.8;
  int w1, h1, w2, h2;
  double min_width1, height1, min_width2, height2;

  example (&params);
  params.text_scale = 1;
  one = paint (theme, &params, small);
  params.text_scale = scale;
  magnified = paint (theme, &params, big);

  /* the title line: from its top to just above the tick names */
  ink_extent (one, &theme->background, small[0].title_y, small[0].title_y + 20, &w1, &h1);
  ink_extent (magnified, &theme->background, big[0].title_y, big[0].title_y + 20 * scale,
              &w2, &h2);
  g_test_message ("title ink %dx%d at 1, %dx%d at %.1f", w1, h1, w2, h2, scale);
  g_assert_cmpint (h1, >=, 8);
  g_assert_cmpfloat ((double) w2 / w1, >, scale - 0.15);
  g_assert_cmpfloat ((double) w2 / w1, <, scale + 0.15);
  g_assert_cmpfloat ((double) h2 / h1, >, scale - 0.3);
  g_assert_cmpfloat ((double) h2 / h1, <, scale + 0.3);

  g_assert_cmpfloat (fabs (big[0].bar_height - scale * small[0].bar_height), <, 0.01);
  g_assert_cmpfloat (fabs (big[0].bar.xn - scale * small[0].bar.xn), <, 0.01);
  assert_colour (magnified, (big[0].bar.xa + big[0].bar.xn) / 2,
                 big[0].bar_y + big[0].bar_height / 2,
                 &theme->seq_in_flight, "in flight, magnified");

  /* and the room it asks for grows with it */
  synack_seqspace_paint_size (1, &min_width1, &height1);
  synack_seqspace_paint_size (scale, &min_width2, &height2);
  g_assert_cmpfloat (fabs (min_width2 - scale * min_width1), <=, 1);
  g_assert_cmpfloat (fabs (height2 - scale * height1), <=, 1);
  g_assert_cmpfloat (big[1].bar_y + big[1].bar_height, <, height2);
}

/* The Numbers bar is to scale: one acknowledged byte (the SYN) is a sliver,
 * a 100-byte flight is seen, and what may be sent ends at UNA + min(SND.WND,
 * cwnd), not UNA + SND.WND. */
static void
test_numbers_bar (void)
{
  SynackSeqVars v = { 0 };
  SynackSeqspaceBar bar;
  const double x0 = 12, x1 = 412;

  v.valid = v.exact = v.have_cwnd = TRUE;
  v.isn = 4294967000u;              /* wraps past 2^32 */
  v.snd_una = v.isn + 1;
  v.snd_nxt = v.isn + 101;
  v.snd_wnd = 65535;
  v.cwnd = 14480;

  synack_seqspace_bar_layout (&v, x0, x1, &bar);
  g_assert_true (bar.cwnd_limits);
  g_assert_cmpuint (bar.allowed, ==, 14480);
  g_assert_cmpfloat (bar.x_break, <, 0);
  g_assert_cmpfloat (bar.xa - x0, <, 0.02 * (x1 - x0));
  g_assert_cmpfloat (bar.xa - x0, >, 0);
  g_assert_cmpfloat (bar.xn - bar.xa, >=, 3);
  g_assert_cmpfloat (bar.xw, <, x1);
  /* in flight is to the same scale as the window (100 of 14480 bytes), but
   * never thinner than a few pixels */
  g_assert_cmpfloat (bar.xn - bar.xa, <=, MAX (4, 100 * (bar.xw - bar.xa) / 14480) + 0.5);

  /* proportions: 5000 acknowledged, 2500 in flight, a 10000-byte window */
  v.have_cwnd = FALSE;
  v.snd_una = v.isn + 5000;
  v.snd_nxt = v.isn + 7500;
  v.snd_wnd = 10000;
  synack_seqspace_bar_layout (&v, x0, x1, &bar);
  g_assert_false (bar.cwnd_limits);
  g_assert_cmpfloat (fabs ((bar.xa - x0) * 2 - (bar.xw - bar.xa)), <, 1);
  g_assert_cmpfloat (fabs ((bar.xn - bar.xa) * 4 - (bar.xw - bar.xa)), <, 1);

  /* ten megabytes acknowledged through a 64 KiB window: cut at a marked
   * break, the window still gets most of the bar */
  v.snd_una = v.isn + 10000000;
  v.snd_nxt = v.snd_una + 30000;
  v.snd_wnd = 65535;
  synack_seqspace_bar_layout (&v, x0, x1, &bar);
  g_assert_cmpfloat (bar.x_break, >, x0);
  g_assert_cmpfloat (bar.x_break, <, bar.xa);
  g_assert_cmpfloat (bar.xw - bar.xa, >, 0.6 * (x1 - x0));
}

/* The variables under the bar are relative to the ISNs, as the ladder
 * writes them, across the wrap at 2^32; RCV.NXT is a number only once the
 * peer's SYN has arrived, and cwnd only where the engine knows it. */
static void
test_variables_line (void)
{
  SynackSeqspaceParams params;
  g_autofree char *client = NULL;
  g_autofree char *server = NULL;
  g_autofree char *syn_sent = NULL;

  example (&params);
  params.vars[0].have_rcv = params.vars[1].have_rcv = TRUE;
  client = synack_seqspace_variables_line (&params, 0);
  g_assert_cmpstr (client, ==, "SND.UNA 100   SND.NXT 400   SND.WND 1000   RCV.NXT 1   "
                               "RCV.WND 65535   cwnd unknown in a capture");
  params.vars[1].exact = params.vars[1].have_cwnd = TRUE;
  params.vars[1].cwnd = 14480;
  params.vars[1].ssthresh = 65535;
  server = synack_seqspace_variables_line (&params, 1);
  g_assert_cmpstr (server, ==, "SND.UNA 1   SND.NXT 1   SND.WND 65535   RCV.NXT 400   "
                               "RCV.WND 1000   cwnd 14480   ssthresh 65535");

  /* the engine's client in SYN-SENT: no RCV.NXT, and no receive window yet */
  params.vars[0].exact = params.vars[0].have_cwnd = TRUE;
  params.vars[0].have_rcv = FALSE;
  params.vars[0].snd_una = params.vars[0].isn;
  params.vars[0].snd_nxt = params.vars[0].isn + 1;
  params.vars[0].snd_wnd = 0;
  params.vars[0].rcv_nxt = params.vars[0].rcv_wnd = 0;
  params.vars[0].cwnd = 1460;
  params.vars[0].ssthresh = 65535;
  syn_sent = synack_seqspace_variables_line (&params, 0);
  g_assert_cmpstr (syn_sent, ==, "SND.UNA 0   SND.NXT 1   SND.WND 0   RCV.NXT —   RCV.WND —   "
                                 "cwnd 1460   ssthresh 65535");

  /* a listener that got the SYN and has not answered: no ISN of its own yet */
  params.vars[1].have_snd = FALSE;
  params.vars[0].have_rcv = TRUE;
  params.vars[0].rcv_nxt = params.vars[1].isn;  /* never read: the server has no ISN */
  g_clear_pointer (&server, g_free);
  server = synack_seqspace_variables_line (&params, 1);
  g_assert_cmpstr (server, ==, "SND.UNA —   SND.NXT —   SND.WND 65535   RCV.NXT 400   "
                               "RCV.WND —   cwnd 14480   ssthresh 65535");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/synack/seqspace-paint/bar-layout", test_numbers_bar);
  g_test_add_func ("/synack/seqspace-paint/theme-colours", test_theme_colours);
  g_test_add_func ("/synack/seqspace-paint/span", test_span);
  g_test_add_func ("/synack/seqspace-paint/text-scale", test_text_scale);
  g_test_add_func ("/synack/seqspace-paint/variables-line", test_variables_line);
  return g_test_run ();
}
