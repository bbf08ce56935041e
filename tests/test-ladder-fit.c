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
  { "1366x768", 420, 1300, 1.0 },
  { "1600x1000 window", 560, 760, 1.0 },
  { "1600x1000 maximized", 700, 900, 1.0 },
  { "presentation 1920x1080", 640, 1400, 1.5 },
  { "presentation 1366x768", 420, 1300, 1.05 },
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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/synack/ladder-fit/backoff-grows", test_backoff_grows);
  return g_test_run ();
}
