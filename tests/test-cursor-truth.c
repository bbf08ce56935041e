/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One truth at the cursor, in the real window: every lesson stepped event by
 * event with the keys, and at each step the timeline's solid bands, the
 * state diagram, the ladder's latest state names and Details agree with the
 * trace's state just after the cursor's event, and at a segment with the
 * JSON's "states" (both endpoints just after the sender sent it); the same
 * for every connection of the fixture captures and of dense loopback
 * captures opened in the window, with Numbers too; the same after picking a
 * connection from the Connections tab; and while a quiz question is open nothing after the cursor is told
 * anywhere (ladder, timeline, Details, Numbers, the connection list).
 * Criticals and warnings are fatal here (G_DEBUG=fatal-warnings, and
 * g_log_set_always_fatal below). */
#include "config.h"

#include <adwaita.h>
#include <gtk/gtk.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "synack-connection-list.h"
#include "synack-details-panel.h"
#include "synack-export.h"
#include "synack-ladder-layout.h"
#include "synack-ladder-view.h"
#include "synack-pcap-source.h"
#include "synack-quiz.h"
#include "synack-scenario.h"
#include "synack-seqspace.h"
#include "synack-seqspace-view.h"
#include "synack-state-diagram.h"
#include "synack-test-utils-gtk.h"
#include "synack-time-axis.h"
#include "synack-timeline-view.h"
#include "synack-window.h"

typedef struct
{
  guint steps;
  guint kinds[SYNACK_EVENT_VARS + 1];   /* Details checked on each kind of event */
} Tally;

static SynackSession *
session_of (SynackWindow *window)
{
  return synack_window_get_session (window);
}

static SynackPlayer *
player_of (SynackWindow *window)
{
  return synack_session_get_player (session_of (window));
}

static SynackTrace *
trace_of (SynackWindow *window)
{
  return synack_session_get_trace (session_of (window));
}

static void
settle (void)
{
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
}

typedef struct
{
  SynackTimeView *view;
  guint           before;
} PaintWait;

static gboolean
painted_again (gpointer data)
{
  PaintWait *w = data;

  return synack_time_view_get_n_paints (w->view) > w->before;
}

/* Whether check_at_cursor() waits for the window's next frame to paint the
 * views, or has them paint the window's state at once, with the same
 * painter, into an image (much faster, where frames come slowly). */
static gboolean wait_for_frames;

/* A fresh paint of view, of the window as it is now. */
static void
repaint (GtkWidget *view)
{
  PaintWait w = { SYNACK_TIME_VIEW (view), synack_time_view_get_n_paints (SYNACK_TIME_VIEW (view)) };

  if (wait_for_frames)
    {
      gtk_widget_queue_draw (view);
      g_assert_true (synack_test_gtk_wait_for (painted_again, &w));
    }
  else
    {
      cairo_surface_t *surface;
      cairo_t *cr;

      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, gtk_widget_get_width (view),
                                            gtk_widget_get_height (view));
      cr = cairo_create (surface);
      synack_time_view_render (SYNACK_TIME_VIEW (view), cr);
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
      g_assert_cmpuint (synack_time_view_get_n_paints (SYNACK_TIME_VIEW (view)), >, w.before);
    }
}

static SynackWindow *
new_window (void)
{
  SynackWindow *window = synack_window_new (synack_test_gtk_get_application ());

  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

/* Whether check_at_cursor() also looks at Numbers (it walks only while it
 * is shown, so the side panel is switched to it and back at each step). */
static gboolean check_numbers;

/* How many times a ladder's latest state name was compared with the trace. */
static guint n_ladder_names;

/* The ladder's latest state name drawn solid on each lifeline is the one
 * the endpoint is in just after the cursor's event, at or above the
 * cursor; where that state began in view, its name is drawn. */
static void
check_ladder (SynackWindow *window,
              const char   *what,
              int           position)
{
  SynackTrace *trace = trace_of (window);
  guint conn = synack_session_get_connection (session_of (window));
  const SynackConnection *c = synack_trace_get_connection (trace, conn);
  GtkWidget *ladder = synack_window_get_part (window, "ladder");
  const SynackLadderDrawn *drawn;
  double cursor_y;

  repaint (ladder);
  drawn = synack_ladder_view_get_drawn (SYNACK_LADDER_VIEW (ladder));
  cursor_y = synack_time_view_get_cursor_y (SYNACK_TIME_VIEW (ladder));
  g_assert_cmpint (drawn->cursor_event, ==, position);
  for (guint ep = 0; ep < 2; ep++)
    {
      SynackTcpState state = position < 0 ? c->initial_state[ep]
                                          : synack_trace_state_at_event (trace, conn, ep, position);
      guint n = synack_trace_get_n_state_spans (trace, conn, ep);
      guint in_force = 0, in_force_event = G_MAXUINT;
      gint64 in_force_time = 0;

      for (guint i = 1; i < n; i++)
        {
          gint64 t;
          SynackTcpState s;
          guint ev;

          synack_trace_get_state_span (trace, conn, ep, i, &t, &s, &ev);
          if ((int) ev > position)
            break;
          in_force = i;
          in_force_event = ev;
          in_force_time = t;
        }
      if (drawn->state[ep] == SYNACK_STATE_UNKNOWN)
        {
          if (in_force > 0 && in_force_time >= drawn->t_top)
            g_error ("%s, event %d: the ladder names no %s state, though %s began in view at "
                     "event %u", what, position, ep ? "server" : "client",
                     synack_tcp_state_to_rfc_name (state), in_force_event);
          continue;
        }
      n_ladder_names++;
      if (drawn->event[ep] != in_force_event || drawn->state[ep] != state)
        g_error ("%s, event %d: the ladder's latest %s state drawn solid is %s (event %u), the "
                 "trace says %s (since event %u)", what, position, ep ? "server" : "client",
                 synack_tcp_state_to_rfc_name (drawn->state[ep]), drawn->event[ep],
                 synack_tcp_state_to_rfc_name (state), in_force_event);
      if (!isnan (cursor_y) && drawn->y[ep] > cursor_y + 0.5)
        g_error ("%s, event %d: the ladder names the %s's %s at %.1f, below the cursor (%.1f)",
                 what, position, ep ? "server" : "client", synack_tcp_state_to_rfc_name (state),
                 drawn->y[ep], cursor_y);
    }
}

/* At a segment: the JSON's "states" (just after the sender sent it) are the
 * states at the cursor, and Details lists the state changes the segment
 * caused, the latest of each endpoint's done by the cursor being the state
 * shown. */
static void
check_segment (SynackWindow      *window,
               const char        *what,
               int                position,
               const SynackEvent *ev)
{
  SynackTrace *trace = trace_of (window);
  guint conn = ev->conn;
  const SynackConnection *c = synack_trace_get_connection (trace, conn);
  SynackDetailsPanel *details = SYNACK_DETAILS_PANEL (synack_window_get_part (window, "details"));
  const char *states[2];
  const char *caused = synack_details_panel_get_field (details, "caused");
  g_auto(GStrv) lines = NULL;
  guint first, last, n_caused = 0;
  int latest[2] = { -1, -1 };

  synack_export_segment_states (trace, position, states);
  for (guint ep = 0; ep < 2; ep++)
    {
      const char *at = synack_trace_state_name_at_event (trace, conn, ep, position);

      if (g_strcmp0 (states[ep], at) != 0)
        g_error ("%s, event %d (segment %u): its JSON \"states\" say the %s is %s, the cursor %s",
                 what, position, (guint) synack_trace_segment_number (trace, position),
                 ep ? "server" : "client", states[ep], at);
    }
  /* an endpoint that sends a SYN is opening: never CLOSED or LISTEN there */
  if ((ev->segment.flags & (SYNACK_FLAG_SYN | SYNACK_FLAG_ACK)) == SYNACK_FLAG_SYN)
    {
      SynackTcpState sender = synack_trace_state_at_event (trace, conn, ev->endpoint, position);

      if (sender == SYNACK_TCP_CLOSED || sender == SYNACK_TCP_LISTEN)
        g_error ("%s, event %d: the %s sends a SYN in %s", what, position,
                 ev->endpoint ? "server" : "client", synack_tcp_state_to_rfc_name (sender));
    }

  g_assert_nonnull (caused);
  lines = g_strsplit (caused, "\n", -1);
  synack_trace_conn_range (trace, conn, ev->time, G_MAXINT64, &first, &last);
  for (guint p = first; p < c->n_events && p < first + 64; p++)
    {
      guint idx = synack_trace_conn_event (trace, conn, p);
      SynackEvent s;
      g_autofree char *arrow = NULL;

      synack_trace_read_event (trace, idx, &s);
      if (s.kind != SYNACK_EVENT_STATE || s.state.cause_kind != SYNACK_CAUSE_SEGMENT ||
          s.state.cause != (guint) position || (s.state.flags & SYNACK_STATE_RETRACTED))
        continue;
      arrow = g_strdup_printf ("→ %s", synack_tcp_state_to_rfc_name (s.state.to));
      if (n_caused >= g_strv_length (lines) || strstr (lines[n_caused], arrow) == NULL)
        g_error ("%s, event %d: Details' state changes \"%s\" miss \"%s\"", what, position,
                 caused, arrow);
      if ((int) idx <= position)
        latest[s.endpoint] = s.state.to;
      n_caused++;
    }
  if (n_caused == 0)
    g_assert_cmpstr (caused, ==, "none");
  else
    g_assert_cmpuint (g_strv_length (lines), ==, n_caused);
  for (guint ep = 0; ep < 2; ep++)
    if (latest[ep] >= 0 &&
        latest[ep] != (int) synack_trace_state_at_event (trace, conn, ep, position))
      g_error ("%s, event %d: Details say the segment moved the %s to %s, the cursor shows %s",
               what, position, ep ? "server" : "client",
               synack_tcp_state_to_rfc_name (latest[ep]),
               synack_tcp_state_to_rfc_name (synack_trace_state_at_event (trace, conn, ep,
                                                                          position)));
}

/* Numbers show each endpoint's variables at the cursor. */
static void
check_numbers_at (SynackWindow *window,
                  int           position)
{
  SynackTrace *trace = trace_of (window);
  guint conn = synack_session_get_connection (session_of (window));
  GtkStack *side = GTK_STACK (synack_window_get_part (window, "side-stack"));

  gtk_stack_set_visible_child_name (side, "numbers");
  for (guint ep = 0; ep < 2; ep++)
    {
      SynackSeqVars expected;
      const SynackSeqVars *vars = synack_seqspace_view_get_vars (
        SYNACK_SEQSPACE_VIEW (synack_window_get_part (window, "seqspace")), ep);

      synack_seqspace_at (trace, conn, ep, position, &expected);
      g_assert_cmpmem (vars, sizeof *vars, &expected, sizeof expected);
    }
  gtk_stack_set_visible_child_name (side, "details");
}

/* The timeline, the diagram and Details at the cursor, against the trace. */
static void
check_at_cursor (SynackWindow *window,
                 const char   *what,
                 Tally        *tally)
{
  SynackTrace *trace = trace_of (window);
  guint conn = synack_session_get_connection (session_of (window));
  int position = synack_player_get_position (player_of (window));
  const SynackConnection *c = synack_trace_get_connection (trace, conn);
  SynackStateDiagram *diagram = SYNACK_STATE_DIAGRAM (synack_window_get_part (window, "diagram"));
  SynackDetailsPanel *details = SYNACK_DETAILS_PANEL (synack_window_get_part (window, "details"));
  GtkWidget *timeline = synack_window_get_part (window, "timeline");
  const SynackTimelineDrawn *drawn;

  repaint (timeline);
  drawn = synack_timeline_view_get_drawn (SYNACK_TIMELINE_VIEW (timeline));
  g_assert_cmpint (drawn->cursor_event, ==, position);
  for (guint ep = 0; ep < 2; ep++)
    {
      SynackTcpState state = position < 0 ? c->initial_state[ep]
                                          : synack_trace_state_at_event (trace, conn, ep, position);

      if (synack_state_diagram_get_state (diagram, ep) != state)
        g_error ("%s, event %d: the state diagram shows %s %s, the trace says %s", what, position,
                 ep ? "server" : "client",
                 synack_tcp_state_to_rfc_name (synack_state_diagram_get_state (diagram, ep)),
                 synack_tcp_state_to_rfc_name (state));
      /* before the first event nothing is drawn solid: all is still to come */
      if (position < 0)
        g_assert_cmpint (drawn->state[ep], ==, SYNACK_STATE_UNKNOWN);
      else if (drawn->state[ep] != state)
        g_error ("%s, event %d: the timeline's %s band is solid in %s, the trace says %s", what,
                 position, ep ? "server" : "client",
                 drawn->state[ep] == SYNACK_STATE_UNKNOWN
                   ? "nothing" : synack_tcp_state_to_rfc_name (drawn->state[ep]),
                 synack_tcp_state_to_rfc_name (state));
    }

  /* Details tell of the cursor's event, whatever its kind */
  if (synack_details_panel_get_event (details) != position)
    g_error ("%s, event %d: Details describe event %d", what, position,
             synack_details_panel_get_event (details));
  if (position >= 0)
    {
      SynackEvent ev;
      const char *title = synack_details_panel_get_title (details);

      synack_trace_read_event (trace, position, &ev);
      switch (ev.kind)
        {
        case SYNACK_EVENT_SEGMENT:
          {
            g_autofree char *expected = g_strdup_printf ("Segment %u",
              (guint) synack_trace_segment_number (trace, position));
            g_assert_cmpstr (title, ==, expected);
            check_segment (window, what, position, &ev);
          }
          break;
        case SYNACK_EVENT_STATE:
          g_assert_cmpstr (title, ==, "State change");
          g_assert_cmpstr (synack_details_panel_get_field (details, "to_state"), ==,
                           synack_tcp_state_to_rfc_name (ev.state.to));
          break;
        case SYNACK_EVENT_CALL:
          g_assert_cmpstr (title, ==, "Socket call");
          g_assert_cmpstr (synack_details_panel_get_field (details, "call"), ==,
                           synack_call_name (ev.call.call));
          break;
        case SYNACK_EVENT_TIMER:
          g_assert_cmpstr (title, ==, "Timer");
          g_assert_cmpstr (synack_details_panel_get_field (details, "timer"), ==,
                           synack_timer_name (ev.timer.timer));
          break;
        default:
          g_error ("%s: stepping stopped on a bookkeeping event %d", what, position);
        }
      if (tally != NULL)
        tally->kinds[ev.kind]++;
    }
  check_ladder (window, what, position);
  if (check_numbers)
    check_numbers_at (window, position);
  if (tally != NULL)
    tally->steps++;
}

/* Step with Right from the start to the end, checking every step. */
static void
step_through (SynackWindow *window,
              const char   *what,
              Tally        *tally)
{
  SynackPlayer *player = player_of (window);

  check_at_cursor (window, what, tally);
  while (!synack_player_get_at_end (player))
    {
      int before = synack_player_get_position (player);

      g_assert_true (synack_test_gtk_press (GTK_WIDGET (window), GDK_KEY_Right, 0));
      g_assert_cmpint (synack_player_get_position (player), >, before);
      check_at_cursor (window, what, tally);
    }
}

static void
test_every_lesson (void)
{
  g_auto(GStrv) names = synack_scenario_list_builtin ();
  SynackWindow *window;
  Tally tally = { 0 };

  SYNACK_TEST_NEED_DISPLAY ();
  window = new_window ();
  n_ladder_names = 0;
  for (guint k = 0; names[k] != NULL; k++)
    {
      synack_test_gtk_start_scenario (window, names[k]);
      g_assert_true (synack_test_gtk_wait_for (synack_test_gtk_is_drawn,
                                               synack_window_get_part (window, "timeline")));
      /* the window's first frames with the lesson (it is fitted then) */
      wait_for_frames = TRUE;
      repaint (synack_window_get_part (window, "timeline"));
      repaint (synack_window_get_part (window, "ladder"));
      wait_for_frames = FALSE;
      step_through (window, names[k], &tally);
      /* End and Home land where stepping did, and say so everywhere */
      g_assert_true (synack_test_gtk_press (GTK_WIDGET (window), GDK_KEY_Home, 0));
      check_at_cursor (window, names[k], NULL);
      g_assert_true (synack_test_gtk_press (GTK_WIDGET (window), GDK_KEY_End, 0));
      g_assert_true (synack_player_get_at_end (player_of (window)));
      check_at_cursor (window, names[k], NULL);
      /* and as the window's own frames draw it */
      wait_for_frames = TRUE;
      check_at_cursor (window, names[k], NULL);
      g_assert_true (synack_test_gtk_press (GTK_WIDGET (window), GDK_KEY_Left, 0));
      check_at_cursor (window, names[k], NULL);
      wait_for_frames = FALSE;
    }
  g_test_message ("%u steps: %u segments, %u state changes, %u calls, %u timers; %u ladder state "
                  "names compared", tally.steps,
                  tally.kinds[SYNACK_EVENT_SEGMENT], tally.kinds[SYNACK_EVENT_STATE],
                  tally.kinds[SYNACK_EVENT_CALL], tally.kinds[SYNACK_EVENT_TIMER], n_ladder_names);
  g_assert_cmpuint (n_ladder_names, >, tally.steps);
  /* Details were checked on every kind of event a lesson steps onto */
  g_assert_cmpuint (tally.kinds[SYNACK_EVENT_SEGMENT], >, 100);
  g_assert_cmpuint (tally.kinds[SYNACK_EVENT_STATE], >, 50);
  g_assert_cmpuint (tally.kinds[SYNACK_EVENT_CALL], >, 20);
  g_assert_cmpuint (tally.kinds[SYNACK_EVENT_TIMER], >, 20);
  gtk_window_destroy (GTK_WINDOW (window));
  settle ();
}

static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
loaded (gpointer data)
{
  SynackWindow *window = data;
  GtkStack *stack = GTK_STACK (synack_window_get_part (window, "stack"));

  return trace_of (window) != NULL &&
         g_strcmp0 (synack_trace_get_title (trace_of (window)), "port-reuse.pcap") == 0 &&
         g_strcmp0 (gtk_stack_get_visible_child_name (stack), "trace") == 0;
}

/* A connection picked from the list, with the focus in it as a click
 * leaves it, and then stepped with the keys: every step agrees, and no
 * step warns (a Right-arrow step printed a critical about the focus). */
static void
test_picked_connection (void)
{
  g_autofree char *path = synack_test_capture_path ("port-reuse.pcap");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  SynackWindow *window;
  SynackConnectionList *list;
  GtkStack *side;
  GtkWidget *list_view;

  SYNACK_TEST_NEED_DISPLAY ();
  window = new_window ();
  synack_window_open_file (window, file);
  g_assert_true (synack_test_gtk_wait_for (loaded, window));
  g_assert_cmpuint (synack_trace_get_n_connections (trace_of (window)), ==, 2);
  side = GTK_STACK (synack_window_get_part (window, "side-stack"));
  gtk_stack_set_visible_child_name (side, "connections");
  list = SYNACK_CONNECTION_LIST (synack_window_get_part (window, "connections"));
  g_assert_true (synack_test_gtk_wait_for (synack_test_gtk_is_drawn, list));
  settle ();

  for (guint pick = 0; pick < 2; pick++)
    {
      guint conn = 1 - pick;
      g_autofree char *what = g_strdup_printf ("port-reuse.pcap, connection %u", conn);

      gtk_stack_set_visible_child_name (side, "connections");
      settle ();
      list_view = find_widget (GTK_WIDGET (list), GTK_TYPE_LIST_VIEW);
      g_assert_nonnull (list_view);
      g_assert_true (gtk_widget_grab_focus (list_view));
      synack_connection_list_activate (list, conn);
      settle ();
      g_assert_cmpuint (synack_session_get_connection (session_of (window)), ==, conn);
      g_assert_cmpint (synack_player_get_connection (player_of (window)), ==, (int) conn);
      step_through (window, what, NULL);
    }
  gtk_window_destroy (GTK_WINDOW (window));
  settle ();
}

/* ---- captures ---- */

typedef struct
{
  SynackWindow *window;
  SynackTrace  *before;
} OpenWait;

static gboolean
opened (gpointer data)
{
  OpenWait *w = data;
  GtkStack *stack = GTK_STACK (synack_window_get_part (w->window, "stack"));

  return !synack_window_is_loading (w->window) && trace_of (w->window) != NULL &&
         trace_of (w->window) != w->before &&
         g_strcmp0 (gtk_stack_get_visible_child_name (stack), "trace") == 0;
}

/* Open a capture in the window, as a user does, and step through each of
 * its connections that carried segments from Home to the end. */
static void
step_capture (SynackWindow *window,
              const char   *path,
              Tally        *tally,
              guint        *n_connections)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *name = g_path_get_basename (path);
  OpenWait w = { window, trace_of (window) };
  SynackTrace *trace;

  synack_window_open_file (window, file);
  g_assert_true (synack_test_gtk_wait_for (opened, &w));
  g_assert_true (synack_test_gtk_wait_for (synack_test_gtk_is_drawn,
                                           synack_window_get_part (window, "timeline")));
  g_assert_true (synack_test_gtk_wait_for (synack_test_gtk_is_drawn,
                                           synack_window_get_part (window, "ladder")));
  trace = trace_of (window);
  for (guint conn = 0; conn < synack_trace_get_n_connections (trace); conn++)
    {
      g_autofree char *what = g_strdup_printf ("%s, connection %u", name, conn);

      if (synack_trace_get_connection (trace, conn)->n_segments == 0)
        continue;
      synack_session_set_connection (session_of (window), conn);
      g_assert_true (synack_test_gtk_press (GTK_WIDGET (window), GDK_KEY_Home, 0));
      g_assert_cmpint (synack_player_get_position (player_of (window)), <, 0);
      step_through (window, what, tally);
      (*n_connections)++;
    }
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* Every fixture capture that loads, every connection of it, event by
 * event: a segment's own state changes are in at its step, on every view. */
static void
test_fixture_captures (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", "capture", NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  SynackWindow *window;
  Tally tally = { 0 };
  guint n_files = 0, n_connections = 0;

  SYNACK_TEST_NEED_DISPLAY ();
  g_assert_nonnull (d);
  n_ladder_names = 0;
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  window = new_window ();
  check_numbers = TRUE;
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(SynackTrace) trace = synack_pcap_load_file (path, NULL, NULL, NULL, NULL, NULL,
                                                            &error);

      /* the broken ones are the bad-input tests' business */
      if (trace == NULL || synack_trace_get_n_segments (trace) == 0)
        continue;
      step_capture (window, path, &tally, &n_connections);
      n_files++;
    }
  check_numbers = FALSE;
  g_test_message ("%u captures, %u connections, %u steps: %u segments, %u state changes; %u "
                  "ladder state names compared", n_files, n_connections, tally.steps,
                  tally.kinds[SYNACK_EVENT_SEGMENT], tally.kinds[SYNACK_EVENT_STATE],
                  n_ladder_names);
  g_assert_cmpuint (n_ladder_names, >, tally.steps);
  g_assert_cmpuint (n_files, >, 60);
  g_assert_cmpuint (tally.kinds[SYNACK_EVENT_STATE], >, 300);
  gtk_window_destroy (GTK_WINDOW (window));
  settle ();
}

/* Dense loopback captures, 40 connections each interleaved microseconds
 * apart, one losing every third reply (a retransmission 200 ms later and a
 * duplicate ACK): every connection stepped through. */
static void
test_dense_captures (void)
{
  SynackWindow *window;

  SYNACK_TEST_NEED_DISPLAY ();
  window = new_window ();
  check_numbers = TRUE;
  for (int lose = 0; lose < 2; lose++)
    {
      g_autofree char *path = synack_test_write_loopback_capture (40, lose);
      Tally tally = { 0 };
      guint n_connections = 0;

      n_ladder_names = 0;
      step_capture (window, path, &tally, &n_connections);
      g_assert_cmpuint (n_connections, ==, 40);
      /* each connection's handshake and close: 8 changes at least */
      g_assert_cmpuint (tally.kinds[SYNACK_EVENT_STATE], >=, 40 * 8);
      g_test_message ("%s loopback: %u steps, %u ladder state names compared",
                      lose ? "lossy" : "dense", tally.steps, n_ladder_names);
      g_assert_cmpuint (n_ladder_names, >, tally.steps);
      synack_test_remove_capture (path);
    }
  check_numbers = FALSE;
  gtk_window_destroy (GTK_WINDOW (window));
  settle ();
}

/* ---- the quiz ---- */

/* Whether any text drawn has a line that is needle. */
static gboolean
drawn_contains (GPtrArray  *texts,
                const char *needle)
{
  for (guint i = 0; i < texts->len; i++)
    {
      g_auto(GStrv) lines = g_strsplit (g_ptr_array_index (texts, i), "\n", -1);

      for (guint l = 0; lines[l] != NULL; l++)
        if (g_str_equal (g_strstrip (lines[l]), needle))
          return TRUE;
    }
  return FALSE;
}

/* What is told only after the cursor: labels of segments sent later that no
 * segment up to the cursor shares, and states neither endpoint has been in
 * up to it. (transfer full) */
static GPtrArray *
future_only (SynackTrace *trace,
             guint        conn,
             int          position)
{
  GPtrArray *future = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) past = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const SynackConnection *c = synack_trace_get_connection (trace, conn);
  gboolean seen[SYNACK_TCP_N_STATES] = { FALSE };

  for (guint p = 0; p < c->n_events; p++)
    {
      guint idx = synack_trace_conn_event (trace, conn, p);

      if (synack_trace_get_event_kind (trace, idx) != SYNACK_EVENT_SEGMENT)
        continue;
      if ((int) idx <= position)
        {
          /* as told at the cursor: a fate still to come is not */
          g_hash_table_add (past, synack_ladder_label_line1_until (trace, idx, position));
          g_hash_table_add (past, synack_ladder_label_line2 (trace, idx, SYNACK_SEQ_RELATIVE));
        }
    }
  for (guint p = 0; p < c->n_events; p++)
    {
      guint idx = synack_trace_conn_event (trace, conn, p);
      char *lines[2];

      if ((int) idx <= position || synack_trace_get_event_kind (trace, idx) != SYNACK_EVENT_SEGMENT)
        continue;
      lines[0] = synack_ladder_label_line1 (trace, idx);
      lines[1] = synack_ladder_label_line2 (trace, idx, SYNACK_SEQ_RELATIVE);
      for (guint l = 0; l < 2; l++)
        if (lines[l][0] != '\0' && !g_hash_table_contains (past, lines[l]))
          g_ptr_array_add (future, lines[l]);
        else
          g_free (lines[l]);
    }

  for (guint ep = 0; ep < 2; ep++)
    {
      seen[position < 0 ? c->initial_state[ep]
                        : synack_trace_state_at_event (trace, conn, ep, position)] = TRUE;
      for (guint i = 0; i < synack_trace_get_n_state_spans (trace, conn, ep); i++)
        {
          gint64 t;
          SynackTcpState state;
          guint ev;

          synack_trace_get_state_span (trace, conn, ep, i, &t, &state, &ev);
          if (i == 0 || (int) ev <= position)
            seen[state] = TRUE;
        }
    }
  for (guint ep = 0; ep < 2; ep++)
    for (guint i = 0; i < synack_trace_get_n_state_spans (trace, conn, ep); i++)
      {
        gint64 t;
        SynackTcpState state;
        guint ev;

        synack_trace_get_state_span (trace, conn, ep, i, &t, &state, &ev);
        if (!seen[state])
          {
            g_ptr_array_add (future, g_strdup (synack_tcp_state_to_rfc_name (state)));
            seen[state] = TRUE;
          }
      }
  return future;
}

#define HIDDEN_SUMMARY "Summary hidden until the question is answered"

/* Pixels of the timer colour (timer brackets, their "fired" dot and words,
 * the axis' stretch rules) below the cursor line of the ladder: a timer
 * running at an open question's cursor is drawn up to the cursor only, its
 * due time and its end are the future. */
static void
check_no_timer_below_cursor (GtkWidget  *view,
                             const char *lesson,
                             int         position)
{
  const SynackRgba *timer = &synack_time_view_get_theme (SYNACK_TIME_VIEW (view))->timer;
  int width = gtk_widget_get_width (view), height = gtk_widget_get_height (view);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);
  double cursor;
  int stride, from;
  const guchar *data;

  synack_time_view_render (SYNACK_TIME_VIEW (view), cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  cursor = synack_time_view_get_cursor_y (SYNACK_TIME_VIEW (view));
  /* before the first event all is still to come: the ladder's top */
  if (position < 0)
    cursor = synack_time_view_get_header_px (SYNACK_TIME_VIEW (view));
  g_assert_false (isnan (cursor));
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  /* what ends at the cursor (a fired dot, a timer's note) is centred on
   * its line and reaches half a line under it */
  from = MAX (0, (int) ceil (cursor) + 10);
  for (int y = from; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint32 px = *(const guint32 *) (data + y * stride + 4 * x);
        int a = px >> 24, r = px >> 16 & 0xff, g = px >> 8 & 0xff, b = px & 0xff;

        if (a >= 250 && ABS (r - (int) round (timer->r * 255)) <= 6 &&
            ABS (g - (int) round (timer->g * 255)) <= 6 && ABS (b - (int) round (timer->b * 255)) <= 6)
          {
            if (g_getenv ("KEEP_PNG") != NULL)
              cairo_surface_write_to_png (surface, "quiz-timer-leak.png");
            g_error ("%s, question at event %d: the ladder draws a timer's colour at (%d, %d), "
                     "below the cursor at %.1f", lesson, position, x, y, cursor);
          }
      }
  cairo_surface_destroy (surface);
}

static void
check_quiz_hides (SynackWindow *window,
                  const char   *lesson,
                  guint        *n_future,
                  guint        *n_running,
                  guint        *n_fates)
{
  SynackTrace *trace = trace_of (window);
  SynackPlayer *player = player_of (window);
  guint conn = synack_session_get_connection (session_of (window));
  int position = synack_player_get_position (player);
  gint64 now = synack_player_get_time (player);
  g_autoptr(GPtrArray) future = future_only (trace, conn, position);
  SynackDetailsPanel *details = SYNACK_DETAILS_PANEL (synack_window_get_part (window, "details"));
  GtkStack *side = GTK_STACK (synack_window_get_part (window, "side-stack"));
  const char *views[] = { "ladder", "timeline" };
  int shown;

  /* nor how long the waits to come are: the idle breaks not over at the
   * cursor (one it is inside as well: its length is the future), unless a
   * break over by then lasted as long */
  {
    SynackViewState *state = synack_session_get_view_state (session_of (window));
    SynackTimeAxis *axis = synack_view_state_get_axis (state);
    double ns_per_px = synack_view_state_get_ns_per_pixel (state);
    g_autoptr(GHashTable) past_spans = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

    for (guint b = 0; b < synack_time_axis_get_n_breaks (axis, ns_per_px); b++)
      {
        gint64 t0, t1;

        synack_time_axis_get_break (axis, ns_per_px, b, &t0, &t1);
        if (t1 <= now)
          g_hash_table_add (past_spans, synack_format_duration (t1 - t0));
      }
    for (guint b = 0; b < synack_time_axis_get_n_breaks (axis, ns_per_px); b++)
      {
        gint64 t0, t1;
        g_autofree char *span = NULL;

        synack_time_axis_get_break (axis, ns_per_px, b, &t0, &t1);
        span = synack_format_duration (t1 - t0);
        if (t1 <= now || g_hash_table_contains (past_spans, span))
          continue;
        g_ptr_array_add (future, g_strdup_printf ("%s idle", span));
        g_ptr_array_add (future, g_strdup_printf ("+%s", span));
      }
  }

  /* a timer running at the cursor: its bracket, dot and words stop there */
  {
    guint running[SYNACK_TRACE_TIMER_SLOTS];
    guint n_conn = synack_trace_get_connection (trace, conn)->n_events;
    guint p = 0;

    while (p < n_conn && (int) synack_trace_conn_event (trace, conn, p) <= position)
      p++;
    synack_trace_timers_running_at (trace, conn, p, running);
    for (guint i = 0; i < SYNACK_TRACE_TIMER_SLOTS; i++)
      if (running[i] != G_MAXUINT)
        {
          (*n_running)++;
          break;
        }
  }
  check_no_timer_below_cursor (synack_window_get_part (window, "ladder"), lesson, position);

  /* the pictures: no label of a later segment, no state not yet reached */
  for (guint v = 0; v < G_N_ELEMENTS (views); v++)
    {
      GtkWidget *view = synack_window_get_part (window, views[v]);
      GPtrArray *texts;

      repaint (view);
      texts = synack_time_view_get_drawn_text (SYNACK_TIME_VIEW (view));
      g_assert_nonnull (texts);
      g_assert_cmpuint (texts->len, >, 0);
      if (g_getenv ("DUMP") != NULL)
        for (guint t = 0; t < texts->len; t++)
          g_printerr ("%s: [%s]\n", views[v], (char *) g_ptr_array_index (texts, t));
      for (guint f = 0; f < future->len; f++)
        if (drawn_contains (texts, g_ptr_array_index (future, f)))
          g_error ("%s, question at event %d: the %s draws \"%s\", which comes after the cursor",
                   lesson, position, views[v], (char *) g_ptr_array_index (future, f));
    }
  *n_future += future->len;

  /* nor pointed at: hovering where a later segment or state would be
   * names neither */
  {
    SynackLadderView *ladder = SYNACK_LADDER_VIEW (synack_window_get_part (window, "ladder"));
    SynackTimeView *timeline = SYNACK_TIME_VIEW (synack_window_get_part (window, "timeline"));
    const SynackConnection *c = synack_trace_get_connection (trace, conn);

    for (guint p = 0; p < c->n_events; p++)
      {
        guint idx = synack_trace_conn_event (trace, conn, p);
        double x, y;

        if ((int) idx <= position || synack_trace_get_event_kind (trace, idx) != SYNACK_EVENT_SEGMENT ||
            !synack_ladder_view_get_segment_point (ladder, idx, &x, &y))
          continue;
        g_assert_cmpint (synack_ladder_view_pick (ladder, x, y), <=, position);
        (*n_future)++;
      }
    for (int y = gtk_widget_get_height (GTK_WIDGET (timeline)) - 1; y > 0; y -= 4)
      for (int x = 2; x < gtk_widget_get_width (GTK_WIDGET (timeline)); x += 8)
        {
          g_autofree char *tip = SYNACK_TIME_VIEW_GET_CLASS (timeline)->describe (timeline, x, y,
                                                                                 FALSE);

          for (guint f = 0; tip != NULL && f < future->len; f++)
            for (guint st = 0; st < SYNACK_TCP_N_STATES; st++)
              if (g_str_equal (g_ptr_array_index (future, f), synack_tcp_state_to_rfc_name (st)) &&
                  strstr (tip, g_ptr_array_index (future, f)) != NULL)
                g_error ("%s, question at event %d: the timeline's tooltip at (%d, %d) tells of "
                         "%s, which comes after the cursor", lesson, position, x, y,
                         (char *) g_ptr_array_index (future, f));
        }
  }

  /* the answer to the last question, still shown: it tells what that step
   * did, not what its arrival will do (no state not reached yet) */
  {
    const char *feedback = gtk_label_get_text (
      GTK_LABEL (synack_window_get_part (window, "quiz-feedback")));

    for (guint f = 0; f < future->len; f++)
      for (guint st = 0; st < SYNACK_TCP_N_STATES; st++)
        if (g_str_equal (g_ptr_array_index (future, f), synack_tcp_state_to_rfc_name (st)) &&
            strstr (feedback, g_ptr_array_index (future, f)) != NULL)
          g_error ("%s, question at event %d: the last answer's words tell of %s, which comes "
                   "after the cursor: %s", lesson, position, (char *) g_ptr_array_index (future, f),
                   feedback);
  }

  /* a segment the link will lose, or a crashed host will drop, sent at the
   * cursor: its fate comes after the send, so neither its label, nor
   * Details, nor the explanation of the step tells it yet */
  {
    static const char *fate_words[] = {
      "Lost", "Host down", "lost by the link", "host is down", "The link loses it",
      "丢失", "宕机", "被链路丢弃",
    };
    const SynackConnection *c = synack_trace_get_connection (trace, conn);
    GtkWidget *ladder = synack_window_get_part (window, "ladder");
    GPtrArray *texts;
    const char *told[] = {
      gtk_label_get_text (GTK_LABEL (synack_window_get_part (window, "explanation"))),
      gtk_label_get_text (GTK_LABEL (synack_window_get_part (window, "quiz-feedback"))),
    };
    g_autoptr(GHashTable) past = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

    repaint (ladder);
    texts = synack_time_view_get_drawn_text (SYNACK_TIME_VIEW (ladder));
    /* labels of segments whose fate is told by now */
    for (guint p = 0; p < c->n_events; p++)
      {
        guint idx = synack_trace_conn_event (trace, conn, p);
        SynackEvent ev;

        if ((int) idx > position || synack_trace_get_event_kind (trace, idx) != SYNACK_EVENT_SEGMENT)
          continue;
        synack_trace_read_event (trace, idx, &ev);
        if (synack_theme_fate_told (&ev, idx, position))
          g_hash_table_add (past, synack_ladder_label_line1 (trace, idx));
      }
    for (guint p = 0; p < c->n_events; p++)
      {
        guint idx = synack_trace_conn_event (trace, conn, p);
        g_autofree char *l1 = NULL;
        SynackEvent ev;

        if ((int) idx > position || synack_trace_get_event_kind (trace, idx) != SYNACK_EVENT_SEGMENT)
          continue;
        synack_trace_read_event (trace, idx, &ev);
        if (ev.segment.fate != SYNACK_FATE_LOST && ev.segment.fate != SYNACK_FATE_HOST_DOWN)
          continue;
        /* the trace gives a loss no time: it is after the cursor while
         * the send is the cursor's event */
        g_assert_true (synack_theme_fate_told (&ev, idx, position) == ((int) idx < position));
        if ((int) idx < position)
          continue;
        (*n_fates)++;
        l1 = synack_ladder_label_line1 (trace, idx);
        if (!g_hash_table_contains (past, l1) && drawn_contains (texts, l1))
          g_error ("%s, question at event %d: the ladder labels the segment just sent \"%s\", "
                   "a fate still to come", lesson, position, l1);
        for (guint w = 0; w < G_N_ELEMENTS (fate_words); w++)
          for (guint t = 0; t < G_N_ELEMENTS (told); t++)
            if (strstr (told[t], fate_words[w]) != NULL)
              g_error ("%s, question at event %d: \"%s\" tells the fate of the segment just "
                       "sent: %s", lesson, position, fate_words[w], told[t]);
        if (synack_details_panel_get_event (details) == (int) idx)
          g_assert_cmpstr (synack_details_panel_get_field (details, "fate"), ==, "in flight");
      }
  }

  /* Details: nothing later, nothing of an arrival still to come */
  shown = synack_details_panel_get_event (details);
  g_assert_cmpint (shown, <=, position);
  if (shown >= 0)
    {
      SynackEvent ev;

      synack_trace_read_event (trace, shown, &ev);
      if (ev.kind == SYNACK_EVENT_SEGMENT && ev.segment.arrive != SYNACK_TIME_NONE &&
          ev.segment.fate != SYNACK_FATE_CAPTURED && ev.segment.arrive > now)
        {
          g_assert_cmpstr (synack_details_panel_get_field (details, "arrive"), ==,
                           "not yet: still in flight");
          g_assert_cmpstr (synack_details_panel_get_field (details, "fate"), ==, "in flight");
          g_assert_cmpstr (synack_details_panel_get_field (details, "caused"), ==,
                           "not yet: still in flight");
        }
      for (guint f = 0; f < future->len; f++)
        {
          const char *caused = synack_details_panel_get_field (details, "caused");

          g_assert_true (caused == NULL || strstr (caused, g_ptr_array_index (future, f)) == NULL);
        }
    }

  /* Numbers: the variables at the cursor, none moved by what is in flight */
  gtk_stack_set_visible_child_name (side, "numbers");
  for (guint ep = 0; ep < 2; ep++)
    {
      SynackSeqVars expected;
      const SynackSeqVars *vars = synack_seqspace_view_get_vars (
        SYNACK_SEQSPACE_VIEW (synack_window_get_part (window, "seqspace")), ep);

      synack_seqspace_at (trace, conn, ep, position, &expected);
      g_assert_cmpmem (vars, sizeof *vars, &expected, sizeof expected);
    }

  /* the connection list: which connection, not how it went (its rows are
   * bound once it has been on screen) */
  gtk_stack_set_visible_child_name (side, "connections");
  {
    g_autofree char *first = synack_connection_list_get_shown_text (
      SYNACK_CONNECTION_LIST (synack_window_get_part (window, "connections")), conn);

    if (first == NULL)
      settle ();
  }
  for (guint k = 0; k < synack_trace_get_n_connections (trace); k++)
    {
      g_autofree char *text = synack_connection_list_get_shown_text (
        SYNACK_CONNECTION_LIST (synack_window_get_part (window, "connections")), k);
      const SynackConnection *c = synack_trace_get_connection (trace, k);

      if (text == NULL)
        continue;
      g_assert_nonnull (strstr (text, HIDDEN_SUMMARY));
      g_assert_null (strstr (text, "segment"));
      if (c->summary[0] != '\0')
        g_assert_null (strstr (text, c->summary));
    }
  gtk_stack_set_visible_child_name (side, "details");
}

static void
test_quiz_hides_future (void)
{
  g_auto(GStrv) lessons = synack_scenario_list_builtin ();
  SynackWindow *window;
  guint asked = 0, n_future = 0, n_running = 0, n_fates = 0;

  SYNACK_TEST_NEED_DISPLAY ();
  window = new_window ();
  synack_time_view_set_record_text (SYNACK_TIME_VIEW (synack_window_get_part (window, "ladder")),
                                    TRUE);
  synack_time_view_set_record_text (SYNACK_TIME_VIEW (synack_window_get_part (window, "timeline")),
                                    TRUE);
  for (guint k = 0; lessons[k] != NULL; k++)
    {
      g_autoptr(GError) error = NULL;
      GtkLabel *question = GTK_LABEL (synack_window_get_part (window, "quiz-question"));
      SynackConnectionList *list;

      synack_test_gtk_start_scenario (window, lessons[k]);
      g_assert_true (synack_test_gtk_wait_for (synack_test_gtk_is_drawn,
                                               synack_window_get_part (window, "ladder")));
      synack_window_set_quiz (window, TRUE);
      for (;;)
        {
          g_autoptr(SynackQuizQuestion) q = synack_quiz_next (
            trace_of (window), synack_session_get_connection (session_of (window)),
            synack_player_get_position (player_of (window)));

          if (q == NULL)
            break;
          g_assert_cmpstr (gtk_label_get_text (question), ==, q->question);
          check_quiz_hides (window, lessons[k], &n_future, &n_running, &n_fates);
          asked++;
          /* the answer shows the step */
          g_assert_true (synack_test_gtk_press (GTK_WIDGET (window), GDK_KEY_1 + q->correct, 0));
          g_assert_cmpint (synack_player_get_position (player_of (window)), ==, q->event);
        }
      /* no question open: the summaries are back */
      list = SYNACK_CONNECTION_LIST (synack_window_get_part (window, "connections"));
      gtk_stack_set_visible_child_name (GTK_STACK (synack_window_get_part (window, "side-stack")),
                                        "connections");
      settle ();
      {
        g_autofree char *text = synack_connection_list_get_shown_text (
          list, synack_session_get_connection (session_of (window)));

        g_assert_nonnull (text);
        g_assert_null (strstr (text, HIDDEN_SUMMARY));
        g_assert_nonnull (strstr (text, "segment"));
      }
      synack_window_set_quiz (window, FALSE);
    }
  g_test_message ("%u questions (%u with a timer running at the cursor), %u items after the "
                  "cursor checked", asked, n_running, n_future);
  g_assert_cmpuint (asked, >, 30);
  /* the backoff and keep-alive lessons ask while their timers run */
  g_assert_cmpuint (n_running, >, 10);
  g_assert_cmpuint (n_future, >, 100);
  /* the lost-SYN and crashed-host lessons ask right after a doomed send */
  g_test_message ("%u questions right after a lost or dropped segment's send", n_fates);
  g_assert_cmpuint (n_fates, >, 0);
  gtk_window_destroy (GTK_WINDOW (window));
  settle ();
}

/* ---- "+N": labels left out for room ---- */

static void
render_view (GtkWidget *view)
{
  gboolean saved = wait_for_frames;

  wait_for_frames = FALSE;
  repaint (view);
  wait_for_frames = saved;
}

/* The events a "+N" tooltip lists, by their "Segment N:" lines. */
static GArray *
listed_events (SynackTrace *trace,
               guint        conn,
               const char  *tooltip)
{
  GArray *events = g_array_new (FALSE, FALSE, sizeof (guint));
  g_auto(GStrv) lines = g_strsplit (tooltip, "\n", -1);
  const SynackConnection *c = synack_trace_get_connection (trace, conn);

  for (guint l = 1; lines[l] != NULL; l++)
    {
      guint number;

      if (sscanf (lines[l], "Segment %u:", &number) != 1)
        continue;
      for (guint p = 0; p < c->n_events; p++)
        {
          guint idx = synack_trace_conn_event (trace, conn, p);

          if (synack_trace_get_event_kind (trace, idx) == SYNACK_EVENT_SEGMENT &&
              synack_trace_segment_number (trace, idx) == number)
            {
              g_autofree char *l1 = synack_ladder_label_line1 (trace, idx);

              /* the line carries the label it stands for */
              g_assert_nonnull (strstr (lines[l], l1));
              g_array_append_val (events, idx);
              break;
            }
        }
    }
  return events;
}

/* A "+N" mark lists the labels it stands for when hovered: each listed
 * segment's number and label, each one a label the ladder left out. */
static void
test_elision_reveals (void)
{
  g_autoptr(GError) error = NULL;
  SynackWindow *window;
  GtkWidget *view;
  SynackLadderView *ladder;
  double x, y, w, h;
  g_autofree char *tooltip = NULL;
  g_autoptr(GArray) events = NULL;
  guint zooms = 0;

  SYNACK_TEST_NEED_DISPLAY ();
  window = new_window ();
  synack_test_gtk_start_scenario (window, "fast-retransmit");
  view = synack_window_get_part (window, "ladder");
  ladder = SYNACK_LADDER_VIEW (view);
  g_assert_true (synack_test_gtk_wait_for (synack_test_gtk_is_drawn, view));
  settle ();
  /* far enough out that the labels crowd */
  render_view (view);
  while (synack_ladder_view_get_n_elisions (ladder) == 0 && zooms++ < 8)
    {
      synack_time_view_zoom_at (SYNACK_TIME_VIEW (view), 0.6, gtk_widget_get_height (view) / 3.0);
      render_view (view);
    }
  g_assert_cmpuint (synack_ladder_view_get_n_elisions (ladder), >, 0);

  /* hovering the mark: the tooltip lists what it stands for */
  g_assert_true (synack_ladder_view_get_elision_box (ladder, 0, &x, &y, &w, &h));
  tooltip = SYNACK_TIME_VIEW_GET_CLASS (view)->describe (SYNACK_TIME_VIEW (view), x + w / 2,
                                                         y + h / 2, FALSE);
  g_assert_nonnull (tooltip);
  g_test_message ("tooltip of the first \"+N\": %s", tooltip);
  g_assert_nonnull (strstr (tooltip, "left out here for room"));
  events = listed_events (trace_of (window), synack_session_get_connection (session_of (window)),
                          tooltip);
  g_assert_cmpuint (events->len, >, 0);
  for (guint i = 0; i < events->len; i++)
    {
      graphene_rect_t box;

      g_assert_false (synack_ladder_view_get_label_box (ladder, g_array_index (events, guint, i),
                                                        &box));
    }

  /* while a quiz question is open the tooltip lists nothing after the
   * cursor: at the start nothing at all */
  synack_player_to_start (player_of (window));
  synack_window_set_quiz (window, TRUE);
  render_view (view);
  for (guint e = 0; e < synack_ladder_view_get_n_elisions (ladder); e++)
    {
      g_autofree char *text = synack_ladder_view_describe_elision (ladder, e);

      g_assert_null (text);
    }
  synack_window_set_quiz (window, FALSE);
  gtk_window_destroy (GTK_WINDOW (window));
  settle ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING | G_LOG_FLAG_FATAL);
  synack_test_gtk_init ();

  g_test_add_func ("/synack/cursor-truth/every-lesson", test_every_lesson);
  g_test_add_func ("/synack/cursor-truth/picked-connection", test_picked_connection);
  g_test_add_func ("/synack/cursor-truth/fixture-captures", test_fixture_captures);
  g_test_add_func ("/synack/cursor-truth/dense-captures", test_dense_captures);
  g_test_add_func ("/synack/cursor-truth/quiz-hides-future", test_quiz_hides_future);
  g_test_add_func ("/synack/cursor-truth/elision-reveals", test_elision_reveals);

  return synack_test_gtk_run ();
}
