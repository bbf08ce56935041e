/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The pictures never lie, checked from what synack-cli render --layout
 * writes (the layout that draws the screen and the figures): over every
 * lesson and every fixture capture, and over dense loopback captures with
 * many connections and with lost packets that this test builds, on both
 * axes:
 *  - a segment sent after another is never drawn above it, on either
 *    lifeline;
 *  - no arrow goes up: it arrives at or below where it left;
 *  - each state label on the ladder sits where the timeline's band of that
 *    state begins;
 *  - every segment is listed;
 *  - a capture's state changes that the segment after them shows are drawn
 *    where it leaves (both axes, several zooms);
 *  - no two boxes of text drawn meet and none leaves the ladder (lessons,
 *    English and Simplified Chinese). */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "synack-export.h"
#include "synack-ladder-layout.h"
#include "synack-language.h"
#include "synack-pcap-source.h"
#include "synack-render.h"
#include "synack-scenario.h"
#include "synack-segment.h"
#include "synack-test-utils.h"

/* ---- a small JSON reader, enough for the layout's output ---- */

typedef enum { J_NULL, J_NUM, J_STR, J_ARR, J_OBJ, J_BOOL } JKind;

typedef struct _JVal JVal;
struct _JVal
{
  JKind      kind;
  double     num;
  char      *str;
  GPtrArray *items;   /* J_ARR: JVal*; J_OBJ: alternating key (JVal str), value */
};

static void
jval_free (gpointer data)
{
  JVal *v = data;

  if (v == NULL)
    return;
  g_free (v->str);
  if (v->items)
    g_ptr_array_unref (v->items);
  g_free (v);
}

static void
skip_ws (const char **p)
{
  while (**p == ' ' || **p == '\n' || **p == '\t' || **p == '\r')
    (*p)++;
}

static JVal *
parse_value (const char **p)
{
  JVal *v = g_new0 (JVal, 1);

  skip_ws (p);
  if (**p == '{' || **p == '[')
    {
      char close = **p == '{' ? '}' : ']';

      v->kind = **p == '{' ? J_OBJ : J_ARR;
      v->items = g_ptr_array_new_with_free_func (jval_free);
      (*p)++;
      skip_ws (p);
      if (**p == close)
        {
          (*p)++;
          return v;
        }
      for (;;)
        {
          if (v->kind == J_OBJ)
            {
              g_ptr_array_add (v->items, parse_value (p));
              skip_ws (p);
              g_assert_cmpint (**p, ==, ':');
              (*p)++;
            }
          g_ptr_array_add (v->items, parse_value (p));
          skip_ws (p);
          if (**p == ',')
            {
              (*p)++;
              continue;
            }
          g_assert_cmpint (**p, ==, close);
          (*p)++;
          return v;
        }
    }
  if (**p == '"')
    {
      const char *end = strchr (*p + 1, '"');

      g_assert_nonnull (end);
      v->kind = J_STR;
      v->str = g_strndup (*p + 1, end - *p - 1);
      *p = end + 1;
      return v;
    }
  if (g_str_has_prefix (*p, "null"))
    {
      v->kind = J_NULL;
      *p += 4;
      return v;
    }
  if (g_str_has_prefix (*p, "true") || g_str_has_prefix (*p, "false"))
    {
      v->kind = J_BOOL;
      v->num = **p == 't';
      *p += **p == 't' ? 4 : 5;
      return v;
    }
  {
    char *end = NULL;

    v->kind = J_NUM;
    v->num = g_ascii_strtod (*p, &end);
    g_assert_true (end != *p);
    *p = end;
  }
  return v;
}

static JVal *
jget (JVal       *obj,
      const char *key)
{
  g_assert_cmpint (obj->kind, ==, J_OBJ);
  for (guint i = 0; i + 1 < obj->items->len; i += 2)
    if (g_str_equal (((JVal *) obj->items->pdata[i])->str, key))
      return obj->items->pdata[i + 1];
  g_error ("no key %s", key);
  return NULL;
}

static double
jnum (JVal       *obj,
      const char *key)
{
  JVal *v = jget (obj, key);

  g_assert_cmpint (v->kind, ==, J_NUM);
  return v->num;
}

static const char *
jstr (JVal       *obj,
      const char *key)
{
  JVal *v = jget (obj, key);

  g_assert_cmpint (v->kind, ==, J_STR);
  return v->str;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JVal, jval_free)

/* ---- the checks ---- */

#define EPS 1e-3

static guint n_checked;
static guint n_shown_changes;
static guint n_timer_notes;

static void
check_layout (SynackTrace    *trace,
              guint           conn,
              SynackAxisMode  axis,
              const char     *what)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autoptr(JVal) root = NULL;
  SynackRenderOptions options;
  const SynackConnection *c = synack_trace_get_connection (trace, conn);
  const char *p;
  JVal *segments, *bands, *labels;
  double last_y = -G_MAXDOUBLE, last_t = -G_MAXDOUBLE;
  guint64 last_number = 0;

  synack_render_options_init (&options);
  options.conn = conn;
  options.axis = axis;
  json = synack_render_layout_json (trace, &options, &error);
  g_assert_no_error (error);
  p = json;
  root = parse_value (&p);

  g_assert_cmpstr (jstr (root, "axis"), ==,
                   axis == SYNACK_AXIS_MODE_EVENTS ? "events"
                   : axis == SYNACK_AXIS_MODE_TIME ? "time"
                   : synack_time_axis_auto_kind (trace, conn) == SYNACK_AXIS_EVENTS ? "events" : "time");
  segments = jget (root, "segments");
  bands = jget (root, "bands");
  labels = jget (root, "labels");

  /* every segment is listed, once, in the order sent */
  if (segments->items->len != c->n_segments)
    g_error ("%s conn %u: %u segments listed of %u", what, conn, segments->items->len, c->n_segments);
  for (guint i = 0; i < segments->items->len; i++)
    {
      JVal *s = segments->items->pdata[i];
      double t = jnum (s, "time"), y = jnum (s, "y_send");
      JVal *ya = jget (s, "y_arrive");
      guint64 number = (guint64) jnum (s, "number");
      const char *label = jstr (s, "label");

      g_assert_true (g_str_equal (label, "shown") || g_str_equal (label, "elided"));
      g_assert_cmpuint (number, >, last_number);
      last_number = number;
      g_assert_cmpfloat (t, >=, last_t);
      /* time only moves down, on both lifelines together */
      if (y < last_y - EPS)
        g_error ("%s conn %u (%s axis): segment %" G_GUINT64_FORMAT " sent at %.9f is drawn at %.3f, "
                 "above the one before it (%.3f)", what, conn, jstr (root, "axis"), number, t, y, last_y);
      last_y = y;
      last_t = t;
      if (ya->kind == J_NUM && ya->num < y - EPS)
        g_error ("%s conn %u: segment %" G_GUINT64_FORMAT " arrives above where it left (%.3f < %.3f)",
                 what, conn, number, ya->num, y);
      if (g_str_equal (jstr (s, "from"), "client") == FALSE)
        g_assert_cmpstr (jstr (s, "from"), ==, "server");
    }

  /* each state label sits where its band begins */
  for (guint i = 0; i < labels->items->len; i++)
    {
      JVal *l = labels->items->pdata[i];
      gboolean found = FALSE;

      for (guint k = 0; k < bands->items->len && !found; k++)
        {
          JVal *b = bands->items->pdata[k];

          found = g_str_equal (jstr (b, "endpoint"), jstr (l, "endpoint")) &&
                  g_str_equal (jstr (b, "state"), jstr (l, "state")) &&
                  fabs (jnum (b, "y_from") - jnum (l, "y")) < EPS;
        }
      if (!found)
        g_error ("%s conn %u: the %s's %s label at %.3f starts no band of that state",
                 what, conn, jstr (l, "endpoint"), jstr (l, "state"), jnum (l, "y"));
    }
  /* the state names and calls beside the lifelines: reading down, across
   * both sides, their texts come in the order they happened (the server's
   * calls at 0 s never below the client's connect() at 0.1 s), each at or
   * below the moment it tells of, none on top of another on its side */
  {
    JVal *notes = jget (root, "notes");
    double last_text = -G_MAXDOUBLE, last_side[2] = { -G_MAXDOUBLE, -G_MAXDOUBLE };
    double last_time = -G_MAXDOUBLE;

    for (guint i = 0; i < notes->items->len; i++)
      {
        JVal *n = notes->items->pdata[i];
        double t = jnum (n, "time"), y = jnum (n, "y"), ty = jnum (n, "text_y");
        guint side = g_str_equal (jstr (n, "endpoint"), "server");

        g_assert_cmpfloat (t, >=, last_time);
        if (ty < last_text - EPS)
          g_error ("%s conn %u: the %s's %s (%s) at %.6f s is written at %.3f, above what happened "
                   "before it (%.3f)", what, conn, jstr (n, "endpoint"), jstr (n, "what"),
                   jstr (n, "kind"), t, ty, last_text);
        g_assert_cmpfloat (ty, >=, y - EPS);
        g_assert_cmpfloat (ty - last_side[side], >, 10);
        /* a note is a state, a call, or a timer's text written beside its
         * bracket's end ("delayed ACK (40 ms)"), named for what it is */
        if (g_str_equal (jstr (n, "kind"), "timer"))
          {
            const char *timer = jstr (n, "what");

            g_assert_true (g_str_equal (timer, "retransmission") || g_str_equal (timer, "persist") ||
                           g_str_equal (timer, "keepalive") || g_str_equal (timer, "delayed_ack") ||
                           g_str_equal (timer, "time_wait"));
            n_timer_notes++;
          }
        else if (!g_str_equal (jstr (n, "kind"), "state"))
          g_assert_cmpstr (jstr (n, "kind"), ==, "call");
        last_text = ty;
        last_side[side] = ty;
        last_time = t;
      }
  }

  /* exponential backoff reads as growing in a figure too: a later wait of
   * the same backoff that is longer is drawn taller, when twice as long at
   * least 1.3 times as tall or a row taller (a log law past a limit) */
  if (g_str_equal (jstr (root, "axis"), "time"))
    {
      JVal *timers = jget (root, "timers");

      for (guint a = 0; a < timers->items->len; a++)
        for (guint b = 0; b < timers->items->len; b++)
          {
            JVal *ta = timers->items->pdata[a], *tb = timers->items->pdata[b];
            double da = jnum (ta, "to") - jnum (ta, "from"), db = jnum (tb, "to") - jnum (tb, "from");
            double ha = jnum (ta, "y_to") - jnum (ta, "y_from");
            double hb = jnum (tb, "y_to") - jnum (tb, "y_from");
            const char *kind = jstr (ta, "timer");

            if (!g_str_equal (jstr (ta, "ended"), "fired") || !g_str_equal (jstr (tb, "ended"), "fired") ||
                !g_str_equal (kind, jstr (tb, "timer")) ||
                !g_str_equal (jstr (ta, "endpoint"), jstr (tb, "endpoint")) ||
                !(g_str_equal (kind, "retransmission") || g_str_equal (kind, "persist") ||
                  g_str_equal (kind, "keepalive")) ||
                jnum (tb, "from") < jnum (ta, "to") || db < 1.1 * da)
              continue;
            /* (a row of text scale 1 is 44 px: each doubling adds one at least) */
            if (hb <= ha || (db >= 1.9 * da && hb < MIN (1.3 * ha, ha + 44)))
              g_error ("%s conn %u: a %.3f s %s wait is drawn %.1f px tall and a later %.3f s one "
                       "%.1f px", what, conn, da, kind, ha, db, hb);
          }
    }

  /* and bands run down, one after another */
  for (guint k = 0; k < bands->items->len; k++)
    {
      JVal *b = bands->items->pdata[k];

      g_assert_cmpfloat (jnum (b, "y_to"), >=, jnum (b, "y_from") - EPS);
    }
  n_checked++;
}

/* A capture's state changes that the segment just after them shows (its
 * sender's: a SYN leaves from SYN-SENT) are drawn where that segment
 * leaves, on both axes and at any zoom: the ladder's state name and the
 * timeline's band begin at its arrow's tail, not a row above it. */
static void
check_shown_changes (SynackTrace *trace,
                     guint        conn,
                     const char  *what)
{
  const SynackConnection *c = synack_trace_get_connection (trace, conn);
  static const double zooms[] = { 1e3, 1e5, 1e7 };

  for (guint kind = 0; kind < 2; kind++)
    for (guint z = 0; z < G_N_ELEMENTS (zooms); z++)
      {
        g_autoptr(SynackTimeAxis) axis = synack_time_axis_new_for_trace (
          trace, conn, SYNACK_AXIS_DEFAULT_BREAK_THRESHOLD);

        synack_time_axis_set_kind (axis, kind ? SYNACK_AXIS_EVENTS : SYNACK_AXIS_TIME);
        synack_time_axis_set_row_px (axis, synack_ladder_row_px (1.0));
        for (guint p = 0; p < c->n_events; p++)
          {
            guint idx = synack_trace_conn_event (trace, conn, p);
            SynackEvent ev, seg;
            double y, y_seg;

            synack_trace_read_event (trace, idx, &ev);
            if (ev.kind != SYNACK_EVENT_STATE || ev.state.cause_kind != SYNACK_CAUSE_SEGMENT ||
                ev.state.cause <= idx)
              continue;
            synack_trace_read_event (trace, ev.state.cause, &seg);
            y = synack_time_axis_event_to_px (axis, idx, ev.time, zooms[z]);
            y_seg = synack_time_axis_event_to_px (axis, ev.state.cause, seg.time, zooms[z]);
            if (fabs (y - y_seg) > EPS)
              g_error ("%s conn %u (%s axis, %g ns/px): the %s's %s is drawn at %.3f, the segment "
                       "it leaves with at %.3f", what, conn, kind ? "events" : "time", zooms[z],
                       ev.endpoint ? "server" : "client",
                       synack_tcp_state_to_rfc_name (ev.state.to), y, y_seg);
            n_shown_changes++;
          }
      }
}

static void
check_trace (SynackTrace *trace,
             const char  *what)
{
  for (guint conn = 0; conn < synack_trace_get_n_connections (trace); conn++)
    {
      if (synack_trace_get_connection (trace, conn)->n_segments == 0)
        continue;
      check_shown_changes (trace, conn, what);
      check_layout (trace, conn, SYNACK_AXIS_MODE_TIME, what);
      check_layout (trace, conn, SYNACK_AXIS_MODE_EVENTS, what);
      check_layout (trace, conn, SYNACK_AXIS_MODE_AUTO, what);
    }
}

static void
test_lessons (void)
{
  g_auto(GStrv) names = synack_scenario_list_builtin ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SynackScenario) scenario = synack_scenario_load_builtin (names[i], &error);
      g_autoptr(SynackTrace) trace = NULL;
      g_autofree char *notes = NULL;

      g_assert_no_error (error);
      trace = synack_scenario_run (scenario, 1, &notes);
      g_assert_nonnull (trace);
      check_trace (trace, names[i]);
    }
  g_assert_cmpuint (n_checked, >, 16 * 3);
  g_assert_cmpuint (n_timer_notes, >, 0);
}

/* No two boxes of text a figure draws meet, and none leaves its ladder:
 * every lesson, in English and Simplified Chinese, at a page's width, a
 * narrow one, and a projector's with larger text. */
static void
test_lesson_text_boxes (void)
{
  static const char *const languages[] = { "en", "zh_CN" };
  static const struct { double width, scale; } sizes[] = { { 1200, 1 }, { 780, 1 }, { 1920, 1.5 } };
  g_auto(GStrv) names = synack_scenario_list_builtin ();
  guint figures = 0;

  for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
    {
      synack_language_apply (languages[l]);
      for (guint i = 0; names[i] != NULL; i++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(SynackScenario) scenario = synack_scenario_load_builtin (names[i], &error);
          g_autoptr(SynackTrace) trace = NULL;
          g_autofree char *notes = NULL;

          g_assert_no_error (error);
          trace = synack_scenario_run (scenario, 1, &notes);
          for (guint k = 0; k < G_N_ELEMENTS (sizes); k++)
            {
              SynackRenderOptions options;
              g_autofree char *json = NULL;
              g_autoptr(JVal) root = NULL;
              const char *p;
              JVal *boxes;
              double width;

              synack_render_options_init (&options);
              options.width = sizes[k].width;
              options.text_scale = sizes[k].scale;
              json = synack_render_layout_json (trace, &options, &error);
              g_assert_no_error (error);
              p = json;
              root = parse_value (&p);
              boxes = jget (root, "boxes");
              width = jnum (root, "ladder_width");
              g_assert_cmpuint (boxes->items->len, >, 0);
              for (guint a = 0; a < boxes->items->len; a++)
                {
                  JVal *ba = boxes->items->pdata[a];
                  double ax = jnum (ba, "x"), ay = jnum (ba, "y"), aw = jnum (ba, "w"), ah = jnum (ba, "h");

                  if (ax < -EPS || ax + aw > width + EPS)
                    g_error ("%s (%s, %.0f px): a %s at x %.1f, %.1f wide, leaves the ladder (%.0f)",
                             names[i], languages[l], sizes[k].width, jstr (ba, "kind"), ax, aw, width);
                  for (guint b = a + 1; b < boxes->items->len; b++)
                    {
                      JVal *bb = boxes->items->pdata[b];
                      double bx = jnum (bb, "x"), by = jnum (bb, "y"), bw = jnum (bb, "w"), bh = jnum (bb, "h");

                      if (ax < bx + bw - 0.5 && bx < ax + aw - 0.5 && ay < by + bh - 0.5 && by < ay + ah - 0.5)
                        g_error ("%s (%s, %.0f px): a %s (%.1f,%.1f %.1fx%.1f) and a %s (%.1f,%.1f "
                                 "%.1fx%.1f) are drawn on top of each other", names[i], languages[l],
                                 sizes[k].width, jstr (ba, "kind"), ax, ay, aw, ah, jstr (bb, "kind"),
                                 bx, by, bw, bh);
                    }
                }
              figures++;
            }
        }
    }
  synack_language_apply ("");
  g_assert_cmpuint (figures, >=, 2 * 17 * G_N_ELEMENTS (sizes));
}

static void
test_fixture_captures (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", "capture", NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint loaded = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(SynackTrace) trace = synack_pcap_load_file (path, NULL, NULL, NULL, NULL, NULL, &error);

      /* the broken ones are the bad-input tests' business */
      if (trace == NULL)
        continue;
      check_trace (trace, name);
      loaded++;
    }
  g_assert_cmpuint (loaded, >, 20);
  g_assert_cmpuint (n_shown_changes, >, 1000);
}

/* ---- dense loopback captures ---- */

static void
test_dense_captures (void)
{
  for (int lose = 0; lose < 2; lose++)
    {
      g_autofree char *path = synack_test_write_loopback_capture (40, lose);
      g_autoptr(GError) error = NULL;
      g_autoptr(SynackTrace) trace = synack_pcap_load_file (path, NULL, NULL, NULL, NULL, NULL, &error);
      guint n0 = n_checked;

      g_assert_no_error (error);
      g_assert_cmpuint (synack_trace_get_n_connections (trace), ==, 40);
      check_trace (trace, lose ? "lossy loopback" : "dense loopback");
      g_assert_cmpuint (n_checked - n0, ==, 40 * 3);
      synack_test_remove_capture (path);
    }
}

/* A capture's segments carry their frame numbers: with frames that are no
 * TCP segment in between, numbers are not ordinals. */
static void
test_frame_numbers (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "capture", "analysis.pcap", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackTrace) trace = synack_pcap_load_file (path, NULL, NULL, NULL, NULL, NULL, &error);
  guint64 last = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < synack_trace_get_n_events (trace); i++)
    if (synack_trace_get_event_kind (trace, i) == SYNACK_EVENT_SEGMENT)
      {
        guint64 number = synack_trace_segment_number (trace, i);

        g_assert_cmpuint (number, >, last);
        g_assert_cmpuint (number, >=, synack_trace_segment_ordinal (trace, i) + 1);
        last = number;
      }
  g_assert_cmpuint (last, >, 0);
}

/* The same, through synack-cli render --layout. */
static void
test_cli (void)
{
  const char *cli = g_getenv ("SYNACK_CLI");
  g_autofree char *out = NULL, *err = NULL;
  int status = 0;
  const char *argv[] = { cli, "render", "lost-syn", "--layout", "-", "--axis", "time", "--width", "900", NULL };
  const char *bad[] = { cli, "render", "lost-syn", "--layout", "-", "--axis", "sideways", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JVal) root = NULL;
  const char *p;
  JVal *segments;
  guint lost = 0;

  if (cli == NULL)
    {
      g_test_skip ("SYNACK_CLI is not set");
      return;
    }
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                               &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  p = out;
  root = parse_value (&p);
  g_assert_cmpstr (jstr (root, "axis"), ==, "time");
  g_assert_cmpfloat (jnum (root, "width"), ==, 900);
  segments = jget (root, "segments");
  for (guint i = 0; i < segments->items->len; i++)
    {
      JVal *s = segments->items->pdata[i];

      g_assert_cmpfloat (jnum (s, "number"), ==, i + 1);
      if (jget (s, "arrive")->kind == J_NULL)
        {
          /* lost: no arrival, no arrow head */
          g_assert_cmpint (jget (s, "y_arrive")->kind, ==, J_NULL);
          lost++;
        }
    }
  g_assert_cmpuint (lost, ==, 2);
  /* exponential backoff reads as growing: the wait before the third SYN
   * (2 s) is drawn taller than the one before the second (1 s) */
  {
    double y1 = jnum (segments->items->pdata[0], "y_send");
    double y2 = jnum (segments->items->pdata[1], "y_send");
    double y3 = jnum (segments->items->pdata[2], "y_send");

    g_assert_cmpfloat (y3 - y2, >, 1.2 * (y2 - y1));
  }
  /* idle breaks grow with their length */
  {
    JVal *breaks = jget (root, "breaks");
    double last_h = 0, last_len = 0;

    g_assert_cmpuint (breaks->items->len, >=, 1);
    for (guint i = 0; i < breaks->items->len; i++)
      {
        JVal *b = breaks->items->pdata[i];
        double len = jnum (b, "to") - jnum (b, "from"), h = jnum (b, "y_to") - jnum (b, "y_from");

        if (len > last_len)
          g_assert_cmpfloat (h, >, last_h);
        last_len = len;
        last_h = h;
      }
  }

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_true (g_spawn_sync (NULL, (char **) bad, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                               &status, &error));
  g_assert_false (g_spawn_check_wait_status (status, NULL));
  g_assert_cmpint (WEXITSTATUS (status), ==, 2);
  g_assert_nonnull (strstr (err, "sideways"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/synack/layout-json/lessons", test_lessons);
  g_test_add_func ("/synack/layout-json/lesson-text-boxes", test_lesson_text_boxes);
  g_test_add_func ("/synack/layout-json/fixture-captures", test_fixture_captures);
  g_test_add_func ("/synack/layout-json/dense-captures", test_dense_captures);
  g_test_add_func ("/synack/layout-json/frame-numbers", test_frame_numbers);
  g_test_add_func ("/synack/layout-json/cli", test_cli);
  return g_test_run ();
}
