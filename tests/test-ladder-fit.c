/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the window shows at its zoom-to-fit, checked from the layout that
 * draws it (SynackViewState's fit, then SynackLadderLayout), for every
 * lesson, in the sizes a classroom uses (a laptop at 1366 x 768, a normal
 * window, presentation at 1920 x 1080 with its larger text):
 *  - exponential backoff reads as growing: a wait that fired (RTO, persist,
 *    keep-alive) is drawn at least a label's row tall, and a later wait of
 *    the same backoff that is longer is taller; twice as long, it is at
 *    least 1.3 times as tall, or a row taller where long waits are drawn
 *    on a log law. */
#include "config.h"

#include <math.h>

#include "synack-ladder-layout.h"
#include "synack-ladder-paint.h"
#include "synack-language.h"
#include "synack-scenario.h"
#include "synack-view-state.h"

/* The ladder's extent (its height less the header and the fit's margin),
 * its width and the text scale, as the window gives them. */
typedef struct
{
  const char *what;
  double      extent, width, scale;
} WindowSize;

static const WindowSize sizes[] = {
  { "1366x768", 420, 1130, 1.0 },
  { "1600x1000 window", 560, 630, 1.0 },
  { "1600x1000 maximized", 700, 840, 1.0 },
  { "presentation 1920x1080", 640, 1620, 1.5 },
  { "presentation 1366x768", 420, 1130, 1.05 },
};

static SynackTrace *
run_lesson (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackScenario) scenario = synack_scenario_load_builtin (name, &error);
  g_autofree char *notes = NULL;
  SynackTrace *trace;

  g_assert_no_error (error);
  trace = synack_scenario_run (scenario, 1, &notes);
  g_assert_nonnull (trace);
  return trace;
}

/* The whole connection laid out at the zoom the window fits it at. */
static SynackLadderLayout *
layout_at_fit (SynackTrace      *trace,
               SynackViewState  *state,
               const WindowSize *size)
{
  SynackLadderParams params;
  SynackTimeAxis *axis;
  double ns_per_px;

  synack_view_state_set_text_scale (state, size->scale);
  synack_view_state_set_trace (state, trace);
  synack_view_state_zoom_to_fit (state, size->extent);
  axis = synack_view_state_get_axis (state);
  ns_per_px = synack_view_state_get_ns_per_pixel (state);
  synack_ladder_params_init (&params, size->width, 100, size->scale);
  params.ns_per_px = ns_per_px;
  params.scroll_px = synack_view_state_get_scroll_px (state);
  params.height = params.header_px + synack_time_axis_length_px (axis, ns_per_px) + 200;
  return synack_ladder_layout_new (trace, 0, axis, &params);
}

static gboolean
is_backoff (const SynackLadderTimer *t)
{
  return t->ended == SYNACK_TIMER_FIRED &&
         (t->timer == SYNACK_TIMER_RETRANSMISSION || t->timer == SYNACK_TIMER_PERSIST ||
          t->timer == SYNACK_TIMER_KEEPALIVE);
}

static void
test_backoff_grows (void)
{
  g_auto(GStrv) names = synack_scenario_list_builtin ();
  guint lessons_with_backoff = 0, pairs = 0;

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(SynackTrace) trace = run_lesson (names[i]);
      gboolean has_backoff = FALSE;

      for (guint k = 0; k < G_N_ELEMENTS (sizes); k++)
        {
          const WindowSize *size = &sizes[k];
          g_autoptr(SynackViewState) state = synack_view_state_new ();
          g_autoptr(SynackLadderLayout) layout = layout_at_fit (trace, state, size);
          double row = synack_ladder_row_px (size->scale);

          for (guint a = 0; a < layout->timers->len; a++)
            {
              const SynackLadderTimer *ta = &g_array_index (layout->timers, SynackLadderTimer, a);
              double da = (double) (ta->t1 - ta->t0), ha = ta->y1 - ta->y0;

              if (!is_backoff (ta))
                continue;
              has_backoff = TRUE;
              if (ha < row - 1e-6)
                g_error ("%s, %s: a %.3f s wait is drawn %.1f px tall, less than a row (%.1f px)",
                         names[i], size->what, da / 1e9, ha, row);
              for (guint b = 0; b < layout->timers->len; b++)
                {
                  const SynackLadderTimer *tb = &g_array_index (layout->timers, SynackLadderTimer, b);
                  double db = (double) (tb->t1 - tb->t0), hb = tb->y1 - tb->y0;

                  /* the later waits of the same backoff */
                  if (!is_backoff (tb) || tb->timer != ta->timer || tb->endpoint != ta->endpoint ||
                      tb->t0 < ta->t1 || db < 1.1 * da)
                    continue;
                  pairs++;
                  if (hb <= ha || (db >= 1.9 * da && hb < MIN (1.3 * ha, ha + row)))
                    g_error ("%s, %s: a %.3f s wait is drawn %.1f px tall and a %.3f s one "
                             "%.1f px: backoff does not read as growing", names[i], size->what,
                             da / 1e9, ha, db / 1e9, hb);
                }
            }
        }
      lessons_with_backoff += has_backoff;
    }
  /* lost SYN, lost SYN-ACK, lost final ACK, zero window, both keep-alives */
  g_assert_cmpuint (lessons_with_backoff, >=, 6);
  g_assert_cmpuint (pairs, >, 20);
}

static void
check_boxes (SynackLadderLayout *layout,
             const char         *what)
{
  g_autoptr(GArray) boxes = synack_ladder_layout_text_boxes (layout);

  for (guint i = 0; i < boxes->len; i++)
    {
      const SynackLadderBox *a = &g_array_index (boxes, SynackLadderBox, i);

      if (a->x < 0 || a->x + a->w > layout->params.width + 1e-6)
        g_error ("%s: a %s (event %u) at x %.1f, %.1f wide, leaves the ladder (%.0f wide)", what,
                 synack_ladder_box_kind_name (a->kind), a->event, a->x, a->w, layout->params.width);
      for (guint k = i + 1; k < boxes->len; k++)
        {
          const SynackLadderBox *b = &g_array_index (boxes, SynackLadderBox, k);

          if (a->x < b->x + b->w - 0.5 && b->x < a->x + a->w - 0.5 &&
              a->y < b->y + b->h - 0.5 && b->y < a->y + a->h - 0.5)
            g_error ("%s: a %s (event %u, %.1f,%.1f %.1fx%.1f) and a %s (event %u, %.1f,%.1f "
                     "%.1fx%.1f) are drawn on top of each other", what,
                     synack_ladder_box_kind_name (a->kind), a->event, a->x, a->y, a->w, a->h,
                     synack_ladder_box_kind_name (b->kind), b->event, b->x, b->y, b->w, b->h);
        }
    }
}

static void
test_text_boxes (void)
{
  static const char *const languages[] = { "en", "zh_CN" };
  g_auto(GStrv) names = synack_scenario_list_builtin ();
  const SynackTheme *theme = synack_theme_get (SYNACK_THEME_LIGHT);
  guint views = 0;

  for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
    {
      synack_language_apply (languages[l]);
      for (guint i = 0; names[i] != NULL; i++)
        {
          g_autoptr(SynackTrace) trace = run_lesson (names[i]);

          for (guint k = 0; k < G_N_ELEMENTS (sizes); k++)
            {
              const WindowSize *size = &sizes[k];
              g_autoptr(SynackViewState) state = synack_view_state_new ();
              g_autoptr(SynackTextMeasurer) measurer = synack_text_measurer_new (NULL, theme, size->scale);
              SynackLadderParams params;
              SynackTimeAxis *axis;
              double length, top;

              synack_view_state_set_text_scale (state, size->scale);
              synack_view_state_set_trace (state, trace);
              synack_view_state_zoom_to_fit (state, size->extent);
              axis = synack_view_state_get_axis (state);
              synack_ladder_params_init (&params, size->width, 100, size->scale);
              synack_ladder_params_use_measurer (&params, measurer);
              params.ns_per_px = synack_view_state_get_ns_per_pixel (state);
              params.height = params.header_px + size->extent + 20;
              length = synack_time_axis_length_px (axis, params.ns_per_px);
              /* the view at its fit, then scrolled down half a view at a time */
              for (top = synack_view_state_get_scroll_px (state); top < length; top += size->extent / 2)
                {
                  g_autoptr(SynackLadderLayout) layout = NULL;
                  g_autofree char *what = g_strdup_printf ("%s, %s, %s, scrolled to %.0f px",
                                                           names[i], size->what, languages[l], top);

                  params.scroll_px = top;
                  layout = synack_ladder_layout_new (trace, 0, axis, &params);
                  check_boxes (layout, what);
                  views++;
                }
            }
        }
    }
  synack_language_apply ("");
  g_assert_cmpuint (views, >, 2 * 17 * G_N_ELEMENTS (sizes));
}

static guint
count_elided (SynackTrace     *trace,
              SynackViewState *state,
              double           ns_per_px,
              double           width,
              SynackTextMeasurer *measurer)
{
  SynackTimeAxis *axis = synack_view_state_get_axis (state);
  g_autoptr(SynackLadderLayout) layout = NULL;
  SynackLadderParams params;
  guint elided = 0, marked = 0;

  synack_ladder_params_init (&params, width, 100, 1.0);
  synack_ladder_params_use_measurer (&params, measurer);
  params.ns_per_px = ns_per_px;
  params.scroll_px = -SYNACK_VIEW_STATE_TOP_MARGIN_PX;
  params.height = params.header_px + synack_time_axis_length_px (axis, ns_per_px) + 100;
  layout = synack_ladder_layout_new (trace, 0, axis, &params);
  for (guint i = 0; i < layout->arrows->len; i++)
    elided += !g_array_index (layout->arrows, SynackLadderArrow, i).has_label;
  /* every label left out is counted in a mark */
  for (guint i = 0; i < layout->elisions->len; i++)
    marked += g_array_index (layout->elisions, SynackLadderElision, i).n;
  g_assert_cmpuint (marked, ==, elided);
  return elided;
}

/* A "+N" mark's labels come back as the view zooms in: a burst of segments
 * sent a row apart that lands at one instant (the fast-retransmit lesson's
 * window of data) has its arrivals parted as the zoom draws their flight
 * taller, so fewer labels are left out, and at enough zoom none, in every
 * lesson. */
static void
test_zoom_reveals (void)
{
  g_auto(GStrv) names = synack_scenario_list_builtin ();
  const SynackTheme *theme = synack_theme_get (SYNACK_THEME_LIGHT);
  g_autoptr(SynackTextMeasurer) measurer = synack_text_measurer_new (NULL, theme, 1.0);
  guint burst_at_fit = 0;

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(SynackTrace) trace = run_lesson (names[i]);
      g_autoptr(SynackViewState) state = synack_view_state_new ();
      double fit;
      guint at_fit, closer, close;

      synack_view_state_set_trace (state, trace);
      synack_view_state_zoom_to_fit (state, sizes[1].extent);
      fit = synack_view_state_get_ns_per_pixel (state);
      at_fit = count_elided (trace, state, fit, sizes[1].width, measurer);
      closer = count_elided (trace, state, fit / 32, sizes[1].width, measurer);
      close = count_elided (trace, state, fit / 256, sizes[1].width, measurer);
      g_test_message ("%s: %u labels left out at the fit, %u at 32 times, %u at 256 times",
                      names[i], at_fit, closer, close);
      if (g_str_equal (names[i], "fast-retransmit") && closer >= at_fit)
        g_error ("%s: zoomed in 32 times, %u labels are still left out (%u at the fit)",
                 names[i], closer, at_fit);
      if (close > 0)
        g_error ("%s: zoomed in 256 times, %u labels are still left out", names[i], close);
      if (g_str_equal (names[i], "fast-retransmit"))
        burst_at_fit = at_fit;
    }
  /* the burst does crowd its labels at the fit: the test tests something */
  g_assert_cmpuint (burst_at_fit, >=, 5);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/synack/ladder-fit/backoff-grows", test_backoff_grows);
  g_test_add_func ("/synack/ladder-fit/text-boxes", test_text_boxes);
  g_test_add_func ("/synack/ladder-fit/zoom-reveals", test_zoom_reveals);
  return g_test_run ();
}
