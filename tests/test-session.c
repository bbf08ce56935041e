/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SynackSession without a display: it is the one writer of the
 * connection, the selection, the theme, the number mode and the playback
 * settings, and a what-if comparison follows it. */
#include "config.h"

#include "synack-scenario.h"
#include "synack-session.h"
#include "synack-ui.h"
#include "synack-test-utils.h"

typedef struct
{
  SynackSession *session;
  SynackTrace   *trace;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->session = synack_session_new (NULL);
  f->trace = synack_test_run_builtin ("handshake-and-close");
  synack_session_set_trace (f->session, f->trace, "the lesson", TRUE);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->session);
  g_clear_object (&f->trace);
}

static void
assert_theme (SynackViewState *vs,
              gboolean         dark,
              gboolean         high_contrast,
              double           scale)
{
  g_assert_cmpint (synack_view_state_get_dark (vs), ==, dark);
  g_assert_cmpint (synack_view_state_get_high_contrast (vs), ==, high_contrast);
  g_assert_cmpfloat (synack_view_state_get_text_scale (vs), ==, scale);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_trace (Fixture       *f,
            gconstpointer  data)
{
  SynackPlayer *player = synack_session_get_player (f->session);
  SynackViewState *vs = synack_session_get_view_state (f->session);

  g_assert_true (synack_session_get_trace (f->session) == f->trace);
  g_assert_true (synack_player_get_trace (player) == f->trace);
  g_assert_true (synack_view_state_get_trace (vs) == f->trace);
  g_assert_cmpstr (synack_session_get_lesson (f->session), ==, "the lesson");
  g_assert_true (synack_session_get_can_rerun (f->session));
  g_assert_cmpuint (synack_session_get_connection (f->session), ==, 0);
  g_assert_cmpint (synack_player_get_connection (player), ==, 0);
  g_assert_cmpint (synack_player_get_position (player), ==, -1);

  /* a connection that does not exist is not taken */
  synack_session_set_connection (f->session, 7);
  g_assert_cmpuint (synack_session_get_connection (f->session), ==, 0);

  /* nothing shown: no trace anywhere */
  synack_session_set_trace (f->session, NULL, NULL, FALSE);
  g_assert_null (synack_player_get_trace (player));
  g_assert_null (synack_view_state_get_trace (vs));
  g_assert_false (synack_session_get_can_rerun (f->session));
}

/* The selection follows the cursor: the segment at it, else the latest
 * segment of the connection before it. */
static void
test_selection_follows_cursor (Fixture       *f,
                               gconstpointer  data)
{
  SynackPlayer *player = synack_session_get_player (f->session);
  int syn = synack_test_find_segment (f->trace, SYNACK_FLAG_SYN, 0);
  int synack = synack_test_find_segment (f->trace, SYNACK_FLAG_SYN | SYNACK_FLAG_ACK, 0);
  guint notified = 0;

  g_assert_cmpint (syn, >=, 0);
  g_assert_cmpint (synack, >, syn + 1);
  g_signal_connect (f->session, "notify::selected", G_CALLBACK (count_notify), &notified);
  synack_player_seek_event (player, syn);
  g_assert_cmpint (synack_session_get_selected (f->session), ==, syn);
  g_assert_cmpuint (notified, >=, 1);
  /* an event between the two segments (the server's state change) */
  synack_player_seek_event (player, syn + 1);
  g_assert_cmpint (synack_player_get_position (player), >, syn);
  g_assert_cmpint (synack_player_get_position (player), <, synack);
  g_assert_cmpint (synack_session_get_selected (f->session), ==, syn);
  synack_player_to_start (player);
  g_assert_cmpint (synack_session_get_selected (f->session), ==, -1);

  /* choosing a segment by hand, and walking them */
  synack_session_set_selected (f->session, synack);
  g_assert_cmpint (synack_view_state_get_selected (synack_session_get_view_state (f->session)),
                   ==, synack);
  g_assert_true (synack_session_select_previous (f->session));
  g_assert_cmpint (synack_session_get_selected (f->session), ==, syn);
}

/* The theme is written here and nowhere else, to the main view state and
 * to a comparison's alike; presentation means high contrast and larger
 * text whatever the desktop says. */
static void
test_theme (Fixture       *f,
            gconstpointer  data)
{
  SynackViewState *vs = synack_session_get_view_state (f->session);
  g_autoptr(SynackTrace) other = synack_test_run_builtin ("handshake-and-close");
  SynackViewState *compare_vs;
  guint hc_notified = 0;

  assert_theme (vs, FALSE, FALSE, 1.0);
  synack_session_set_system_style (f->session, TRUE, FALSE);
  assert_theme (vs, TRUE, FALSE, 1.0);
  g_signal_connect (f->session, "notify::high-contrast", G_CALLBACK (count_notify), &hc_notified);
  synack_session_set_presentation (f->session, TRUE);
  g_assert_cmpuint (hc_notified, ==, 1);
  assert_theme (vs, TRUE, TRUE, 1.5);

  synack_session_set_compare (f->session, other, "what if");
  compare_vs = synack_session_get_view_state (synack_session_get_compare (f->session));
  assert_theme (compare_vs, TRUE, TRUE, 1.5);
  /* the desktop turns light, then dark again: still high contrast in both */
  synack_session_set_system_style (f->session, FALSE, FALSE);
  assert_theme (vs, FALSE, TRUE, 1.5);
  assert_theme (compare_vs, FALSE, TRUE, 1.5);
  synack_session_set_system_style (f->session, TRUE, FALSE);
  assert_theme (compare_vs, TRUE, TRUE, 1.5);
  g_assert_cmpuint (hc_notified, ==, 1);

  synack_session_set_presentation (f->session, FALSE);
  assert_theme (vs, TRUE, FALSE, 1.0);
  assert_theme (compare_vs, TRUE, FALSE, 1.0);
  /* the desktop's own high contrast */
  synack_session_set_system_style (f->session, FALSE, TRUE);
  assert_theme (compare_vs, FALSE, TRUE, 1.0);

  synack_session_set_seq_mode (f->session, SYNACK_SEQ_ABSOLUTE);
  g_assert_cmpint (synack_view_state_get_seq_mode (vs), ==, SYNACK_SEQ_ABSOLUTE);
  g_assert_cmpint (synack_view_state_get_seq_mode (compare_vs), ==, SYNACK_SEQ_ABSOLUTE);

  /* as properties: the session's values, read-only; the view state's
   * properties take no writer but their setters (the session) */
  {
    gboolean dark = TRUE, high_contrast = FALSE;
    SynackSeqMode mode = SYNACK_SEQ_RELATIVE;

    g_object_get (f->session, "dark", &dark, "high-contrast", &high_contrast, "seq-mode", &mode,
                  NULL);
    g_assert_false (dark);
    g_assert_true (high_contrast);
    g_assert_cmpint (mode, ==, SYNACK_SEQ_ABSOLUTE);
    g_assert_false (g_object_class_find_property (G_OBJECT_GET_CLASS (f->session), "dark")->flags &
                    G_PARAM_WRITABLE);
    g_assert_false (g_object_class_find_property (G_OBJECT_GET_CLASS (vs), "selected")->flags &
                    G_PARAM_WRITABLE);
  }
}

/* The comparison's cursor stays at the main cursor's time, its view at the
 * main view's zoom and first time; a new trace drops it. */
static void
test_compare (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(SynackTrace) other = synack_test_run_builtin ("handshake-and-close");
  SynackViewState *vs = synack_session_get_view_state (f->session);
  SynackSession *compare;
  guint notified = 0;

  g_signal_connect (f->session, "notify::compare", G_CALLBACK (count_notify), &notified);
  synack_view_state_set_ns_per_pixel (vs, 3e5);
  synack_session_set_compare (f->session, other, "what if it were lost");
  compare = synack_session_get_compare (f->session);
  g_assert_nonnull (compare);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpstr (synack_session_get_compare_title (f->session), ==, "what if it were lost");
  g_assert_true (synack_session_get_trace (compare) == other);
  g_assert_cmpfloat (synack_view_state_get_ns_per_pixel (synack_session_get_view_state (compare)),
                     ==, 3e5);
  synack_view_state_set_start_time (vs, 200 * G_GINT64_CONSTANT (1000000));
  g_assert_cmpint (synack_view_state_get_start_time (synack_session_get_view_state (compare)), ==,
                   200 * G_GINT64_CONSTANT (1000000));
  synack_player_seek_event (synack_session_get_player (f->session),
                            synack_test_find_segment (f->trace, SYNACK_FLAG_SYN | SYNACK_FLAG_ACK, 0));
  g_assert_cmpint (synack_player_get_time (synack_session_get_player (compare)), ==,
                   synack_player_get_time (synack_session_get_player (f->session)));

  synack_session_set_trace (f->session, other, NULL, TRUE);
  g_assert_null (synack_session_get_compare (f->session));
  g_assert_null (synack_session_get_compare_title (f->session));
  g_assert_cmpuint (notified, ==, 2);
}

/* With settings: the number mode and the playback settings come from them,
 * and a speed the transport bar sets is remembered. */
static void
test_settings (void)
{
  g_autoptr(GSettings) settings = synack_ui_settings_new ();
  g_autoptr(SynackSession) session = NULL;
  SynackPlayer *player;
  g_autofree char *mode = NULL;

  if (settings == NULL)
    {
      g_test_skip ("GSettings schema not compiled in the build tree");
      return;
    }
  g_settings_set_string (settings, "label-mode", "absolute");
  g_settings_set_double (settings, "speed", 4.0);
  g_settings_set_boolean (settings, "skip-idle", TRUE);
  g_settings_set_double (settings, "presentation-scale", 2.0);
  session = synack_session_new (settings);
  player = synack_session_get_player (session);
  g_assert_cmpint (synack_session_get_seq_mode (session), ==, SYNACK_SEQ_ABSOLUTE);
  g_assert_cmpfloat (synack_player_get_speed (player), ==, 4.0);
  g_assert_true (synack_player_get_skip_idle (player));
  synack_session_set_presentation (session, TRUE);
  g_assert_cmpfloat (synack_session_get_text_scale (session), ==, 3.0);

  g_settings_set_string (settings, "label-mode", "relative");
  g_assert_cmpint (synack_session_get_seq_mode (session), ==, SYNACK_SEQ_RELATIVE);
  synack_session_set_seq_mode (session, SYNACK_SEQ_ABSOLUTE);
  mode = g_settings_get_string (settings, "label-mode");
  g_assert_cmpstr (mode, ==, "absolute");
  synack_player_set_speed (player, 0.5);
  g_assert_cmpfloat (g_settings_get_double (settings, "speed"), ==, 0.5);
  /* Skip Idle also compresses idle time on the axis; off, time is to scale */
  g_assert_cmpint (synack_view_state_get_break_threshold (synack_session_get_view_state (session)),
                   >, 0);
  synack_session_set_skip_idle (session, FALSE);
  g_assert_false (g_settings_get_boolean (settings, "skip-idle"));
  g_assert_cmpint (synack_view_state_get_break_threshold (synack_session_get_view_state (session)),
                   ==, 0);
  for (const char *const *key = (const char *const[]) { "label-mode", "speed", "skip-idle",
                                                         "presentation-scale", NULL };
       *key != NULL; key++)
    g_settings_reset (settings, *key);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/synack/session/trace", Fixture, NULL, fixture_set_up, test_trace,
              fixture_tear_down);
  g_test_add ("/synack/session/selection-follows-cursor", Fixture, NULL, fixture_set_up,
              test_selection_follows_cursor, fixture_tear_down);
  g_test_add ("/synack/session/theme", Fixture, NULL, fixture_set_up, test_theme,
              fixture_tear_down);
  g_test_add ("/synack/session/compare", Fixture, NULL, fixture_set_up, test_compare,
              fixture_tear_down);
  g_test_add_func ("/synack/session/settings", test_settings);
  return g_test_run ();
}
