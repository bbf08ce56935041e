/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <math.h>

#include "render-fixtures.h"
#include "synack-ladder-layout.h"
#include "synack-ladder-view.h"
#include "synack-timeline-view.h"

typedef struct
{
  GtkWidget        *window;
  GtkWidget        *ladder;
  GtkWidget        *timeline;
  GtkWidget        *ladder_scroller;
  GtkWidget        *timeline_scroller;
  SynackTrace      *trace;
  SynackPlayer     *player;
  SynackViewState  *state;
  FixtureEvents     ev;
} Fixture;

static void
wait_for_frame (GtkWidget *widget)
{
  gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  /* until laid out and drawn; then let pending work settle */
  while ((gtk_widget_get_height (widget) <= 0 || !gtk_widget_get_mapped (widget)) &&
         g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  f->trace = fixture_textbook (TRUE, 50 * MS, &f->ev);
  f->player = synack_player_new (f->trace);
  synack_player_set_use_timer (f->player, FALSE);
  f->state = synack_view_state_new ();
  synack_view_state_set_trace (f->state, f->trace);
  synack_view_state_set_ns_per_pixel (f->state, 1e6);
  synack_view_state_set_after_cursor (f->state, SYNACK_AFTER_CURSOR_FADE);

  f->ladder = synack_ladder_view_new ();
  f->timeline = synack_timeline_view_new ();
  synack_time_view_set_view_state (SYNACK_TIME_VIEW (f->ladder), f->state);
  synack_time_view_set_view_state (SYNACK_TIME_VIEW (f->timeline), f->state);
  synack_time_view_set_trace (SYNACK_TIME_VIEW (f->ladder), f->trace);
  synack_time_view_set_trace (SYNACK_TIME_VIEW (f->timeline), f->trace);
  synack_time_view_set_player (SYNACK_TIME_VIEW (f->ladder), f->player);
  synack_time_view_set_player (SYNACK_TIME_VIEW (f->timeline), f->player);

  f->ladder_scroller = gtk_scrolled_window_new ();
  f->timeline_scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (f->ladder_scroller), f->ladder);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (f->timeline_scroller), f->timeline);
  gtk_widget_set_hexpand (f->ladder_scroller, TRUE);
  gtk_box_append (GTK_BOX (box), f->ladder_scroller);
  gtk_box_append (GTK_BOX (box), f->timeline_scroller);

  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1200, 800);
  gtk_window_set_child (GTK_WINDOW (f->window), box);
  gtk_window_present (GTK_WINDOW (f->window));
  wait_for_frame (f->ladder);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->player);
  g_clear_object (&f->state);
  g_clear_object (&f->trace);
}

static void
test_selection (Fixture       *f,
                gconstpointer  data)
{
  SynackLadderParams params;
  g_autoptr(SynackLadderLayout) layout = NULL;
  const SynackLadderArrow *a;
  double x, y;

  g_assert_cmpint (gtk_widget_get_width (f->ladder), >, 300);

  /* the keyboard walks the segments */
  g_assert_true (gtk_widget_activate_action (f->ladder, "ladder.select-next", NULL));
  g_assert_cmpint (synack_view_state_get_selected (f->state), ==, (int) f->ev.syn);
  gtk_widget_activate_action (f->ladder, "ladder.select-next", NULL);
  g_assert_cmpint (synack_view_state_get_selected (f->state), ==, (int) f->ev.synack);
  gtk_widget_activate_action (f->ladder, "ladder.select-previous", NULL);
  g_assert_cmpint (synack_view_state_get_selected (f->state), ==, (int) f->ev.syn);

  /* picking in the view finds the arrow the layout put there */
  wait_for_frame (f->ladder);
  synack_ladder_params_init (&params, gtk_widget_get_width (f->ladder),
                             gtk_widget_get_height (f->ladder), 1.0);
  params.ns_per_px = synack_view_state_get_ns_per_pixel (f->state);
  params.scroll_px = synack_view_state_get_scroll_px (f->state);
  layout = synack_ladder_layout_new (f->trace, 0, synack_view_state_get_axis (f->state), &params);
  a = synack_ladder_layout_find_arrow (layout, f->ev.synack);
  g_assert_nonnull (a);
  x = a->x0 + 0.08 * (a->x1 - a->x0);
  y = a->y0 + 0.08 * (a->y1 - a->y0);
  g_assert_cmpint (synack_ladder_view_pick (SYNACK_LADDER_VIEW (f->ladder), x, y), ==,
                   (int) f->ev.synack);
  g_assert_cmpint (synack_ladder_view_pick (SYNACK_LADDER_VIEW (f->ladder), 3, y), ==, -1);
  /* its label picks it too, anywhere on the label, however far from the line
   * (click, hover and the what-if right-click all go through the pick) */
  {
    graphene_rect_t box;

    g_assert_true (synack_ladder_view_get_label_box (SYNACK_LADDER_VIEW (f->ladder), f->ev.synack,
                                                     &box));
    g_assert_cmpint (synack_ladder_view_pick (SYNACK_LADDER_VIEW (f->ladder), box.origin.x + 1,
                                              box.origin.y + 1), ==, (int) f->ev.synack);
    g_assert_cmpint (synack_ladder_view_pick (SYNACK_LADDER_VIEW (f->ladder),
                                              box.origin.x + box.size.width - 1,
                                              box.origin.y + box.size.height - 1),
                     ==, (int) f->ev.synack);
  }
  /* and the view says where a segment is drawn, for the keyboard's menu */
  {
    double px, py;

    g_assert_true (synack_ladder_view_get_segment_point (SYNACK_LADDER_VIEW (f->ladder),
                                                         f->ev.synack, &px, &py));
    g_assert_cmpint (synack_ladder_view_pick (SYNACK_LADDER_VIEW (f->ladder), px, py), ==,
                     (int) f->ev.synack);
  }
}

static void
test_zoom_and_scroll (Fixture       *f,
                      gconstpointer  data)
{
  GtkAdjustment *lv = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (f->ladder));
  GtkAdjustment *tv = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (f->timeline));
  SynackTimeAxis *axis = synack_view_state_get_axis (f->state);
  double before = synack_view_state_get_ns_per_pixel (f->state);
  double upper_before = gtk_adjustment_get_upper (lv);

  g_assert_nonnull (lv);
  g_assert_nonnull (tv);
  g_assert_true (gtk_widget_activate_action (f->ladder, "view.zoom-in", NULL));
  g_assert_cmpfloat_with_epsilon (synack_view_state_get_ns_per_pixel (f->state), before / 1.5, 1e-6);
  /* the scroll range follows the zoom, in both views */
  g_assert_cmpfloat (gtk_adjustment_get_upper (lv), >, upper_before);
  g_assert_cmpfloat_with_epsilon (gtk_adjustment_get_upper (lv), gtk_adjustment_get_upper (tv), 1.0);

  /* scrolling the ladder scrolls the timeline */
  gtk_adjustment_set_value (lv, 300);
  g_assert_cmpfloat_with_epsilon (synack_view_state_get_scroll_px (f->state), 300, 1.0);
  g_assert_cmpfloat_with_epsilon (gtk_adjustment_get_value (tv), gtk_adjustment_get_value (lv), 1.0);

  gtk_widget_activate_action (f->timeline, "view.zoom-out", NULL);
  g_assert_cmpfloat_with_epsilon (synack_view_state_get_ns_per_pixel (f->state), before, 1e-6);

  /* fit: the whole connection, its minute of TIME-WAIT as a break, would
   * squeeze the lost segment's retransmission wait below a row: time keeps
   * the scale that draws that wait a row and more, from the start, and the
   * rest is scrolled to */
  gtk_widget_activate_action (f->ladder, "view.zoom-fit", NULL);
  g_assert_cmpfloat (synack_view_state_get_ns_per_pixel (f->state), ==,
                     synack_time_axis_wait_ns_per_px (axis));
  g_assert_cmpfloat (synack_view_state_get_scroll_px (f->state), <=, 0);
  g_assert_cmpfloat (gtk_adjustment_get_upper (lv), >=,
                     synack_time_axis_length_px (axis, synack_view_state_get_ns_per_pixel (f->state)));
  /* a taller view fits it whole */
  synack_view_state_zoom_to_fit (f->state, 3000);
  g_assert_cmpfloat (synack_time_axis_length_px (axis, synack_view_state_get_ns_per_pixel (f->state)),
                     <=, 3000);
}

static void
test_cursor_following (Fixture       *f,
                       gconstpointer  data)
{
  SynackTimeAxis *axis = synack_view_state_get_axis (f->state);
  double nspp = 1e5;   /* 0.1 ms a pixel: the trace is far taller than the view */
  double page = gtk_widget_get_height (f->ladder);
  gint64 t;
  double px, top;

  synack_view_state_set_ns_per_pixel (f->state, nspp);
  synack_view_state_set_scroll_px (f->state, 0);
  synack_player_seek_event (f->player, (int) f->ev.fin2);
  t = synack_player_get_time (f->player);
  px = synack_time_axis_to_px (axis, t, nspp);
  top = synack_view_state_get_scroll_px (f->state);
  g_assert_cmpfloat (px, >, page);          /* it was off screen */
  g_assert_cmpfloat (px, >=, top);          /* and now it is in view */
  g_assert_cmpfloat (px, <=, top + page);

  /* without following, the view stays where it is */
  synack_ladder_view_set_follow_cursor (SYNACK_LADDER_VIEW (f->ladder), FALSE);
  synack_view_state_set_scroll_px (f->state, 0);
  synack_player_seek_event (f->player, (int) f->ev.ack2);
  g_assert_cmpfloat (synack_view_state_get_scroll_px (f->state), ==, 0);
  wait_for_frame (f->ladder);
}

/* The widget as drawn, as a texture (its own render node, rendered). */
static GdkTexture *
render_widget (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  int width = 0, height = 0;

  for (int tries = 0; node == NULL && tries < 400; tries++)
    {
      g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();

      wait_for_frame (widget);
      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
      if (node == NULL)
        g_usleep (5000);
    }
  g_assert_nonnull (node);
  return gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                      node, &GRAPHENE_RECT_INIT (0, 0, width, height));
}

/* How far the most inked pixel within 1 px of (x, y) goes from bg to ink. */
static double
coverage (GdkTexture       *texture,
          double            x,
          double            y,
          const SynackRgba *ink,
          const SynackRgba *bg)
{
  int w = gdk_texture_get_width (texture), h = gdk_texture_get_height (texture);
  g_autofree guint8 *data = g_malloc ((gsize) w * h * 4);
  double full = fabs (ink->r - bg->r) + fabs (ink->g - bg->g) + fabs (ink->b - bg->b);
  double best = 0;

  gdk_texture_download (texture, data, w * 4);
  for (int dy = -1; dy <= 1; dy++)
    for (int dx = -1; dx <= 1; dx++)
      {
        int px = (int) x + dx, py = (int) y + dy;
        guint32 v;
        double r, g, b, d;

        if (px < 0 || py < 0 || px >= w || py >= h)
          continue;
        v = *(guint32 *) (data + (gsize) py * w * 4 + px * 4);   /* cairo ARGB32 */
        r = ((v >> 16) & 0xff) / 255.0;
        g = ((v >> 8) & 0xff) / 255.0;
        b = (v & 0xff) / 255.0;
        d = fabs (r - ink->r) + fabs (g - ink->g) + fabs (b - ink->b);
        best = MAX (best, 1 - d / full);
      }
  return best;
}

static void
test_pixels (Fixture       *f,
             gconstpointer  data)
{
  const SynackTheme *theme = synack_theme_get (SYNACK_THEME_LIGHT);
  SynackLadderParams params;
  g_autoptr(SynackLadderLayout) layout = NULL;
  g_autoptr(GdkTexture) before = NULL;
  g_autoptr(GdkTexture) replay = NULL;
  const SynackLadderArrow *fin;
  double x, y;

  synack_player_to_end (f->player);
  /* each segment has a row of its own: the FIN may lie below the first screen */
  synack_view_state_ensure_event_visible (f->state, f->ev.fin1,
                                          synack_trace_get_event_time (f->trace, f->ev.fin1),
                                          gtk_widget_get_height (f->ladder) - 80);
  wait_for_frame (f->ladder);
  synack_ladder_params_init (&params, gtk_widget_get_width (f->ladder),
                             gtk_widget_get_height (f->ladder), 1.0);
  params.ns_per_px = synack_view_state_get_ns_per_pixel (f->state);
  params.scroll_px = synack_view_state_get_scroll_px (f->state);
  layout = synack_ladder_layout_new (f->trace, 0, synack_view_state_get_axis (f->state), &params);
  fin = synack_ladder_layout_find_arrow (layout, f->ev.fin1);
  g_assert_nonnull (fin);
  x = fin->x0 + 0.08 * (fin->x1 - fin->x0);
  y = fin->y0 + 0.08 * (fin->y1 - fin->y0);

  /* at the end of a replay the FIN is drawn in full ink where the layout says */
  before = render_widget (f->ladder);
  g_assert_cmpfloat (coverage (before, x, y, &theme->mark[SYNACK_MARK_NORMAL], &theme->background),
                     >, 0.6);

  /* replaying from the handshake: the FIN lies after the cursor, faded */
  synack_player_seek_event (f->player, (int) f->ev.ack);
  synack_view_state_set_scroll_px (f->state, params.scroll_px);
  replay = render_widget (f->ladder);
  g_assert_cmpfloat (coverage (replay, x, y, &theme->mark[SYNACK_MARK_NORMAL], &theme->background),
                     <, 0.4);
  g_assert_cmpfloat (coverage (replay, x, y, &theme->mark[SYNACK_MARK_NORMAL], &theme->background),
                     >, 0.05);
}

/* The views draw the theme their view state holds, and only that: the
 * desktop's style reaches them through the session, never directly (a view
 * listening to libadwaita by itself undid the session's high contrast). */
static void
test_style (Fixture       *f,
            gconstpointer  data)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  const SynackTheme *dark = synack_theme_get (SYNACK_THEME_DARK);
  g_autoptr(GdkTexture) texture = NULL;

  synack_view_state_set_high_contrast (f->state, TRUE);
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_false (synack_view_state_get_dark (f->state));
  g_assert_true (synack_view_state_get_high_contrast (f->state));
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  synack_view_state_set_high_contrast (f->state, FALSE);

  /* set dark on the view state, the ladder's background is the dark theme's */
  synack_view_state_set_dark (f->state, TRUE);
  texture = render_widget (f->ladder);
  g_assert_cmpfloat (coverage (texture, 3, gtk_widget_get_height (f->ladder) - 3,
                               &dark->background, &synack_theme_get (SYNACK_THEME_LIGHT)->background),
                     >, 0.9);
  /* a presentation scale makes the rows taller */
  synack_view_state_set_text_scale (f->state, 2.0);
  wait_for_frame (f->ladder);
  g_assert_cmpfloat (synack_time_view_get_text_scale (SYNACK_TIME_VIEW (f->ladder)), ==, 2.0);
}

static void
skip_no_display (void)
{
  g_test_skip ("no display: the widget tests need one (run them under xvfb-run)");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* Without a display every test is reported as skipped (exit status 77
   * would be an ERROR under TAP). */
  if (!gtk_init_check ())
    {
      g_test_add_func ("/synack/views/no-display", skip_no_display);
      return g_test_run ();
    }
  adw_init ();
  g_test_add ("/synack/views/selection", Fixture, NULL, fixture_set_up, test_selection,
              fixture_tear_down);
  g_test_add ("/synack/views/zoom-and-scroll", Fixture, NULL, fixture_set_up, test_zoom_and_scroll,
              fixture_tear_down);
  g_test_add ("/synack/views/cursor-following", Fixture, NULL, fixture_set_up, test_cursor_following,
              fixture_tear_down);
  g_test_add ("/synack/views/pixels", Fixture, NULL, fixture_set_up, test_pixels, fixture_tear_down);
  g_test_add ("/synack/views/style", Fixture, NULL, fixture_set_up, test_style, fixture_tear_down);
  return g_test_run ();
}
