/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "synack-session.h"

struct _SynackSession
{
  GObject          parent_instance;

  GSettings       *settings;
  SynackDocument  *document;
  SynackTrace     *trace;
  SynackPlayer    *player;
  SynackViewState *view_state;
  char            *lesson;
  guint            conn;
  guint            can_rerun : 1;
  guint            system_dark : 1;
  guint            system_high_contrast : 1;
  guint            presentation : 1;
  guint            is_compare : 1;
  SynackSeqMode    seq_mode;
  double           presentation_scale;
  double           presentation_fit;   /* the window's size against 1920 x 1080 */

  SynackSession   *compare;
  char            *compare_title;
  SynackKernelStates *kernel_states;
};

G_DEFINE_FINAL_TYPE (SynackSession, synack_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DOCUMENT,
  PROP_TRACE,
  PROP_CONNECTION,
  PROP_SELECTED,
  PROP_DARK,
  PROP_HIGH_CONTRAST,
  PROP_PRESENTATION,
  PROP_TEXT_SCALE,
  PROP_SEQ_MODE,
  PROP_LESSON,
  PROP_CAN_RERUN,
  PROP_COMPARE,
  PROP_COMPARE_TITLE,
  N_PROPS
};

enum {
  TRACE_CHANGED,
  KERNEL_STATES_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* ---- the theme, written to every view state this session owns ---- */

static void
apply_theme (SynackSession *self,
             SynackSession *target)
{
  SynackViewState *vs = target->view_state;

  synack_view_state_set_dark (vs, synack_session_get_dark (self));
  synack_view_state_set_high_contrast (vs, synack_session_get_high_contrast (self));
  synack_view_state_set_text_scale (vs, synack_session_get_text_scale (self));
  synack_view_state_set_seq_mode (vs, self->seq_mode);
}

static void
theme_changed (SynackSession *self)
{
  apply_theme (self, self);
  if (self->compare != NULL)
    apply_theme (self, self->compare);
}

/* notify for each theme property whose value differs from before */
typedef struct
{
  gboolean dark, high_contrast;
  double   text_scale;
} Theme;

static Theme
theme_now (SynackSession *self)
{
  return (Theme) { synack_session_get_dark (self), synack_session_get_high_contrast (self),
                   synack_session_get_text_scale (self) };
}

static void
theme_notify (SynackSession *self,
              Theme          before)
{
  Theme after = theme_now (self);

  theme_changed (self);
  if (before.dark != after.dark)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DARK]);
  if (before.high_contrast != after.high_contrast)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIGH_CONTRAST]);
  if (before.text_scale != after.text_scale)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT_SCALE]);
}

/* ---- settings ---- */

static void
settings_changed (SynackSession *self,
                  const char    *key)
{
  if (key == NULL || g_str_equal (key, "label-mode"))
    {
      g_autofree char *mode = g_settings_get_string (self->settings, "label-mode");

      synack_session_set_seq_mode (self, g_str_equal (mode, "absolute") ? SYNACK_SEQ_ABSOLUTE
                                         : g_str_equal (mode, "textbook") ? SYNACK_SEQ_TEXTBOOK
                                                                          : SYNACK_SEQ_RELATIVE);
    }
  if (key == NULL || g_str_equal (key, "speed"))
    synack_player_set_speed (self->player, CLAMP (g_settings_get_double (self->settings, "speed"),
                                                  SYNACK_PLAYER_MIN_SPEED,
                                                  SYNACK_PLAYER_MAX_SPEED));
  if (key == NULL || g_str_equal (key, "skip-idle"))
    synack_player_set_skip_idle (self->player, g_settings_get_boolean (self->settings, "skip-idle"));
  if (key == NULL || g_str_equal (key, "presentation-scale"))
    {
      Theme before = theme_now (self);

      self->presentation_scale = g_settings_get_double (self->settings, "presentation-scale");
      theme_notify (self, before);
    }
}

/* Skip Idle also draws idle time compressed into breaks; off, the views
 * draw every second to scale, as playback waits through it. */
static void
idle_compression (SynackSession *self)
{
  synack_view_state_set_break_threshold (self->view_state,
                                         synack_player_get_skip_idle (self->player)
                                           ? SYNACK_AXIS_DEFAULT_BREAK_THRESHOLD : 0);
}

/* The transport bar changes the player's speed: remember it. */
static void
player_settings_changed (SynackSession *self,
                         GParamSpec    *pspec)
{
  if (self->settings == NULL)
    return;
  if (g_str_equal (pspec->name, "speed") &&
      g_settings_get_double (self->settings, "speed") != synack_player_get_speed (self->player))
    g_settings_set_double (self->settings, "speed", synack_player_get_speed (self->player));
  else if (g_str_equal (pspec->name, "skip-idle") &&
           g_settings_get_boolean (self->settings, "skip-idle") !=
           synack_player_get_skip_idle (self->player))
    g_settings_set_boolean (self->settings, "skip-idle", synack_player_get_skip_idle (self->player));
}

/* ---- the cursor ---- */

/* The latest segment of the connection at or before position, or -1. */
static int
last_segment (SynackSession *self,
              int            position)
{
  guint segment;

  if (self->trace == NULL || position < 0 ||
      (guint) position >= synack_trace_get_n_events (self->trace) ||
      self->conn >= synack_trace_get_n_connections (self->trace))
    return -1;
  segment = synack_trace_last_segment (self->trace, self->conn, position);
  return segment == G_MAXUINT ? -1 : (int) segment;
}

void
synack_session_follow_cursor (SynackSession *self,
                              GCallback      callback,
                              gpointer       instance)
{
  static const char * const signals_followed[] = {
    "trace-changed", "notify::connection", "notify::selected",
  };

  g_return_if_fail (SYNACK_IS_SESSION (self));
  g_return_if_fail (G_IS_OBJECT (instance));

  for (guint i = 0; i < G_N_ELEMENTS (signals_followed); i++)
    g_signal_connect_object (self, signals_followed[i], callback, instance, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->player, "notify::position", callback, instance,
                           G_CONNECT_SWAPPED);
}

int
synack_session_get_shown_event (SynackSession *self)
{
  int selected;

  g_return_val_if_fail (SYNACK_IS_SESSION (self), -1);

  if (self->trace == NULL || self->conn >= synack_trace_get_n_connections (self->trace))
    return -1;
  selected = synack_view_state_get_selected (self->view_state);
  /* the selection that only follows the cursor gives way to the cursor's
   * own event: a call, a timer, a state change, the end */
  if (selected >= 0 &&
      selected != last_segment (self, synack_player_get_position (self->player)))
    return selected;
  return synack_player_get_position (self->player);
}

/* The selection follows the cursor: the latest segment at or before it. */
static void
position_changed (SynackSession *self)
{
  if (self->trace == NULL)
    return;
  synack_session_set_selected (self, last_segment (self, synack_player_get_position (self->player)));
}

/* Where a session's views draw its cursor, in pixels along its axis: on
 * the cursor event's own row, as the ladder and the timeline paint it. */
static double
cursor_px (SynackSession *self,
           gint64         time)
{
  SynackTimeAxis *axis = synack_view_state_get_axis (self->view_state);
  double ns_per_px = synack_view_state_get_ns_per_pixel (self->view_state);
  int position = synack_player_get_position (self->player);

  if (axis == NULL)
    return 0;
  if (position >= 0 && (guint) position < synack_trace_get_n_events (self->trace))
    return synack_time_axis_event_to_px (axis, (guint) position, time, ns_per_px);
  return synack_time_axis_to_px (axis, time, ns_per_px);
}

/* The comparison's view: the main view's zoom, and scrolled so that the one
 * cursor is at the same height in both ladders and both timelines. The two
 * runs' axes differ where one run was idle and the other not (a lost
 * segment's wait, a retransmission), so a first time in common would not
 * put the cursor level; what lies above it differs as the runs do. */
static void
follow_view (SynackSession *self)
{
  SynackViewState *main_state = self->view_state;
  gint64 time;

  if (self->compare == NULL || synack_view_state_get_axis (main_state) == NULL ||
      synack_view_state_get_axis (self->compare->view_state) == NULL)
    return;
  synack_view_state_set_break_threshold (self->compare->view_state,
                                         synack_view_state_get_break_threshold (main_state));
  synack_view_state_set_ns_per_pixel (self->compare->view_state,
                                      synack_view_state_get_ns_per_pixel (main_state));
  time = synack_player_get_time (self->player);
  synack_view_state_set_scroll_px (self->compare->view_state,
                                   synack_view_state_get_scroll_px (main_state) +
                                   cursor_px (self->compare, time) - cursor_px (self, time));
}

/* The comparison's cursor stays at the main cursor's time, and level with it. */
static void
follow_time (SynackSession *self)
{
  if (self->compare == NULL)
    return;
  synack_player_seek_time (self->compare->player, synack_player_get_time (self->player));
  follow_view (self);
}

static void
selected_changed (SynackSession *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

/* The connection shown is held: a live capture's memory budget never lets
 * go of what the user is looking at. */
static void
hold_shown (SynackSession *self,
            gboolean       hold)
{
  if (self->trace != NULL && self->conn < synack_trace_get_n_connections (self->trace))
    synack_trace_hold_connection (self->trace, self->conn, hold);
}

/* A live trace shows its first connection as soon as there is one. */
static void
trace_grew (SynackSession *self)
{
  if (synack_trace_get_n_connections (self->trace) > 0 &&
      synack_player_get_connection (self->player) < 0)
    {
      hold_shown (self, TRUE);
      synack_player_set_connection (self->player, (int) self->conn);
      synack_view_state_set_connection (self->view_state, self->conn);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION]);
    }
}

/* ---- public ---- */

SynackSession *
synack_session_new (GSettings *settings)
{
  SynackSession *self;

  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  self = g_object_new (SYNACK_TYPE_SESSION, NULL);
  if (settings != NULL)
    {
      self->settings = g_object_ref (settings);
      settings_changed (self, NULL);
      g_signal_connect_object (settings, "changed", G_CALLBACK (settings_changed), self,
                               G_CONNECT_SWAPPED);
    }
  return self;
}

SynackDocument *
synack_session_get_document (SynackSession *self)
{
  g_return_val_if_fail (SYNACK_IS_SESSION (self), NULL);
  return self->document;
}

void
synack_session_set_document (SynackSession  *self,
                             SynackDocument *document)
{
  g_autoptr(SynackDocument) keep = NULL;

  g_return_if_fail (SYNACK_IS_SESSION (self));
  g_return_if_fail (document == NULL || SYNACK_IS_DOCUMENT (document));

  keep = document != NULL ? g_object_ref (document) : NULL;
  synack_session_set_trace (self,
                            document != NULL ? synack_document_get_trace (document) : NULL,
                            document != NULL ? synack_document_get_lesson (document) : NULL,
                            document != NULL && synack_document_get_can_rerun (document));
  g_set_object (&self->document, document);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
}

SynackTrace *
synack_session_get_trace (SynackSession *self)
{
  g_return_val_if_fail (SYNACK_IS_SESSION (self), NULL);
  return self->trace;
}

void
synack_session_set_trace (SynackSession *self,
                          SynackTrace   *trace,
                          const char    *lesson,
                          gboolean       can_rerun)
{
  gboolean has_conn;

  g_return_if_fail (SYNACK_IS_SESSION (self));
  g_return_if_fail (trace == NULL || SYNACK_IS_TRACE (trace));

  synack_session_set_compare (self, NULL, NULL);
  g_clear_object (&self->document);
  hold_shown (self, FALSE);
  if (self->trace != NULL)
    g_signal_handlers_disconnect_by_data (self->trace, self);
  g_set_object (&self->trace, trace);
  g_free (self->lesson);
  self->lesson = g_strdup (lesson);
  self->can_rerun = !!can_rerun;
  self->conn = 0;
  has_conn = trace != NULL && synack_trace_get_n_connections (trace) > 0;
  /* the first connection that carried segments, as synack-cli renders (a
   * listener's record carries none) */
  for (guint i = 0; has_conn && i < synack_trace_get_n_connections (trace); i++)
    if (synack_trace_get_connection (trace, i)->n_segments > 0)
      {
        self->conn = i;
        break;
      }
  hold_shown (self, TRUE);

  synack_player_set_playing (self->player, FALSE);
  synack_player_set_trace (self->player, trace);
  synack_player_set_connection (self->player, has_conn ? (int) self->conn : -1);
  synack_player_set_follow_live (self->player, trace != NULL && synack_trace_is_live (trace));
  synack_view_state_set_selected (self->view_state, -1);
  synack_view_state_set_trace (self->view_state, trace);
  synack_view_state_set_connection (self->view_state, self->conn);
  if (trace != NULL)
    g_signal_connect_object (trace, "events-added", G_CALLBACK (trace_grew), self,
                             G_CONNECT_SWAPPED);

  g_signal_emit (self, signals[TRACE_CHANGED], 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRACE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LESSON]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_RERUN]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION]);
}

SynackPlayer *
synack_session_get_player (SynackSession *self)
{
  g_return_val_if_fail (SYNACK_IS_SESSION (self), NULL);
  return self->player;
}

SynackViewState *
synack_session_get_view_state (SynackSession *self)
{
  g_return_val_if_fail (SYNACK_IS_SESSION (self), NULL);
  return self->view_state;
}

const char *
synack_session_get_lesson (SynackSession *self)
{
  g_return_val_if_fail (SYNACK_IS_SESSION (self), NULL);
  return self->lesson;
}

gboolean
synack_session_get_can_rerun (SynackSession *self)
{
  g_return_val_if_fail (SYNACK_IS_SESSION (self), FALSE);
  return self->can_rerun;
}

guint
synack_session_get_connection (SynackSession *self)
{
  g_return_val_if_fail (SYNACK_IS_SESSION (self), 0);
  return self->conn;
}

void
synack_session_set_connection (SynackSession *self,
                               guint          conn)
{
  g_return_if_fail (SYNACK_IS_SESSION (self));

  if (self->trace == NULL || conn >= synack_trace_get_n_connections (self->trace))
    return;
  hold_shown (self, FALSE);
  self->conn = conn;
  hold_shown (self, TRUE);
  synack_view_state_set_connection (self->view_state, conn);
  synack_view_state_set_selected (self->view_state, -1);
  synack_player_set_connection (self->player, (int) conn);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION]);
  position_changed (self);
}

int
synack_session_get_selected (SynackSession *self)
{
  g_return_val_if_fail (SYNACK_IS_SESSION (self), -1);
  return synack_view_state_get_selected (self->view_state);
}

void
synack_session_set_selected (SynackSession *self,
                             int            event)
{
  g_return_if_fail (SYNACK_IS_SESSION (self));
  synack_view_state_set_selected (self->view_state, event);
}

gboolean
synack_session_select_next (SynackSession *self)
{
  g_return_val_if_fail (SYNACK_IS_SESSION (self), FALSE);
  return synack_view_state_select_next (self->view_state);
}

gboolean
synack_session_select_previous (SynackSession *self)
{
  g_return_val_if_fail (SYNACK_IS_SESSION (self), FALSE);
  return synack_view_state_select_previous (self->view_state);
}

void
synack_session_set_system_style (SynackSession *self,
                                 gboolean       dark,
                                 gboolean       high_contrast)
{
  Theme before;

  g_return_if_fail (SYNACK_IS_SESSION (self));

  before = theme_now (self);
  self->system_dark = !!dark;
  self->system_high_contrast = !!high_contrast;
  theme_notify (self, before);
}

gboolean
synack_session_get_dark (SynackSession *self)
{
  g_return_val_if_fail (SYNACK_IS_SESSION (self), FALSE);
  return self->system_dark;
}

gboolean
synack_session_get_high_contrast (SynackSession *self)
{
  g_return_val_if_fail (SYNACK_IS_SESSION (self), FALSE);
  /* in front of a class the pictures must carry to the back row */
  return self->system_high_contrast || self->presentation;
}

gboolean
synack_session_get_presentation (SynackSession *self)
{
  g_return_val_if_fail (SYNACK_IS_SESSION (self), FALSE);
  return self->presentation;
}

void
synack_session_set_presentation (SynackSession *self,
                                 gboolean       presentation)
{
  Theme before;

  g_return_if_fail (SYNACK_IS_SESSION (self));

  presentation = !!presentation;
  if (self->presentation == (guint) presentation)
    return;
  before = theme_now (self);
  self->presentation = presentation;
  theme_notify (self, before);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRESENTATION]);
}

double
synack_session_get_text_scale (SynackSession *self)
{
  g_return_val_if_fail (SYNACK_IS_SESSION (self), 1.0);
  /* Presentation text starts half as large again, times the user's scale,
   * and grows and shrinks with the window, so a window that is not full
   * screen shows the same picture smaller rather than overflowing. */
  return self->presentation ? 1.5 * self->presentation_scale * self->presentation_fit : 1.0;
}

void
synack_session_set_presentation_fit (SynackSession *self,
                                     double         fit)
{
  Theme before;

  g_return_if_fail (SYNACK_IS_SESSION (self));

  fit = CLAMP (fit, 0.7, 1.4);
  if (fabs (fit - self->presentation_fit) < 0.01)
    return;
  /* outside presentation the text scale does not depend on it */
  if (!self->presentation)
    {
      self->presentation_fit = fit;
      return;
    }
  before = theme_now (self);
  self->presentation_fit = fit;
  theme_notify (self, before);
}

SynackSeqMode
synack_session_get_seq_mode (SynackSession *self)
{
  g_return_val_if_fail (SYNACK_IS_SESSION (self), SYNACK_SEQ_RELATIVE);
  return self->seq_mode;
}

void
synack_session_set_seq_mode (SynackSession *self,
                             SynackSeqMode  mode)
{
  g_return_if_fail (SYNACK_IS_SESSION (self));

  if (self->seq_mode == mode)
    return;
  self->seq_mode = mode;
  theme_changed (self);
  if (self->settings != NULL)
    {
      const char *name = mode == SYNACK_SEQ_ABSOLUTE ? "absolute" :
                         mode == SYNACK_SEQ_TEXTBOOK ? "textbook" : "relative";
      g_autofree char *now = g_settings_get_string (self->settings, "label-mode");

      if (!g_str_equal (now, name))
        g_settings_set_string (self->settings, "label-mode", name);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEQ_MODE]);
}

void
synack_session_set_speed (SynackSession *self,
                          double         speed)
{
  g_return_if_fail (SYNACK_IS_SESSION (self));
  synack_player_set_speed (self->player, speed);
}

void
synack_session_set_skip_idle (SynackSession *self,
                              gboolean       skip_idle)
{
  g_return_if_fail (SYNACK_IS_SESSION (self));
  synack_player_set_skip_idle (self->player, skip_idle);
}

void
synack_session_set_compare (SynackSession *self,
                            SynackTrace   *trace,
                            const char    *title)
{
  g_return_if_fail (SYNACK_IS_SESSION (self));
  g_return_if_fail (trace == NULL || SYNACK_IS_TRACE (trace));
  g_return_if_fail (!self->is_compare || trace == NULL);

  if (self->compare == NULL && trace == NULL)
    return;
  synack_view_state_set_partner (self->view_state, NULL);
  if (self->compare != NULL)
    synack_view_state_set_partner (self->compare->view_state, NULL);
  g_clear_object (&self->compare);
  g_clear_pointer (&self->compare_title, g_free);
  if (trace != NULL)
    {
      SynackSession *compare = g_object_new (SYNACK_TYPE_SESSION, NULL);
      guint n = synack_trace_get_n_connections (trace);

      compare->is_compare = TRUE;
      /* the main cursor leads: the comparison has no clock of its own */
      synack_player_set_use_timer (compare->player, FALSE);
      synack_session_set_trace (compare, trace, NULL, FALSE);
      if (n > 0)
        synack_session_set_connection (compare, MIN (self->conn, n - 1));
      self->compare = compare;
      self->compare_title = g_strdup (title);
      apply_theme (self, compare);
      /* idle (drawn as breaks) only where both runs are idle */
      synack_view_state_set_break_threshold (compare->view_state,
                                             synack_view_state_get_break_threshold (self->view_state));
      synack_view_state_set_partner (self->view_state, compare->view_state);
      synack_view_state_set_partner (compare->view_state, self->view_state);
      /* whatever moves the comparison's view (its ladder fitting itself
       * once it has a height, a new axis) brings it back level */
      g_signal_connect_object (compare->view_state, "notify::start-time",
                               G_CALLBACK (follow_view), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (compare->view_state, "notify::ns-per-pixel",
                               G_CALLBACK (follow_view), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (compare->view_state, "axis-changed",
                               G_CALLBACK (follow_view), self, G_CONNECT_SWAPPED);
      follow_time (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPARE_TITLE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPARE]);
}

void
synack_session_set_compare_document (SynackSession  *self,
                                     SynackDocument *document,
                                     const char     *title)
{
  g_return_if_fail (SYNACK_IS_SESSION (self));

  synack_session_set_compare (self, document != NULL ? synack_document_get_trace (document) : NULL,
                              title);
  if (self->compare != NULL)
    g_set_object (&self->compare->document, document);
}

SynackSession *
synack_session_get_compare (SynackSession *self)
{
  g_return_val_if_fail (SYNACK_IS_SESSION (self), NULL);
  return self->compare;
}

const char *
synack_session_get_compare_title (SynackSession *self)
{
  g_return_val_if_fail (SYNACK_IS_SESSION (self), NULL);
  return self->compare_title;
}

SynackKernelStates *
synack_session_get_kernel_states (SynackSession *self)
{
  g_return_val_if_fail (SYNACK_IS_SESSION (self), NULL);
  return self->kernel_states;
}

void
synack_session_set_kernel_states (SynackSession      *self,
                                  SynackKernelStates *states)
{
  g_return_if_fail (SYNACK_IS_SESSION (self));

  if (g_set_object (&self->kernel_states, states))
    g_signal_emit (self, signals[KERNEL_STATES_CHANGED], 0);
}

void
synack_session_kernel_states_grew (SynackSession *self)
{
  g_return_if_fail (SYNACK_IS_SESSION (self));
  g_signal_emit (self, signals[KERNEL_STATES_CHANGED], 0);
}

/* ---- GObject ---- */

static void
synack_session_dispose (GObject *object)
{
  SynackSession *self = SYNACK_SESSION (object);

  if (self->player != NULL)
    {
      synack_player_set_playing (self->player, FALSE);
      g_signal_handlers_disconnect_by_data (self->player, self);
    }
  if (self->view_state != NULL)
    g_signal_handlers_disconnect_by_data (self->view_state, self);
  if (self->trace != NULL)
    g_signal_handlers_disconnect_by_data (self->trace, self);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->compare);
  g_clear_object (&self->kernel_states);
  g_clear_object (&self->document);
  g_clear_object (&self->trace);
  g_clear_object (&self->player);
  g_clear_object (&self->view_state);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (synack_session_parent_class)->dispose (object);
}

static void
synack_session_finalize (GObject *object)
{
  SynackSession *self = SYNACK_SESSION (object);

  g_free (self->lesson);
  g_free (self->compare_title);

  G_OBJECT_CLASS (synack_session_parent_class)->finalize (object);
}

static void
synack_session_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SynackSession *self = SYNACK_SESSION (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;
    case PROP_TRACE:
      g_value_set_object (value, self->trace);
      break;
    case PROP_CONNECTION:
      g_value_set_uint (value, self->conn);
      break;
    case PROP_SELECTED:
      g_value_set_int (value, synack_session_get_selected (self));
      break;
    case PROP_DARK:
      g_value_set_boolean (value, synack_session_get_dark (self));
      break;
    case PROP_HIGH_CONTRAST:
      g_value_set_boolean (value, synack_session_get_high_contrast (self));
      break;
    case PROP_PRESENTATION:
      g_value_set_boolean (value, self->presentation);
      break;
    case PROP_TEXT_SCALE:
      g_value_set_double (value, synack_session_get_text_scale (self));
      break;
    case PROP_SEQ_MODE:
      g_value_set_enum (value, self->seq_mode);
      break;
    case PROP_LESSON:
      g_value_set_string (value, self->lesson);
      break;
    case PROP_CAN_RERUN:
      g_value_set_boolean (value, self->can_rerun);
      break;
    case PROP_COMPARE:
      g_value_set_object (value, self->compare);
      break;
    case PROP_COMPARE_TITLE:
      g_value_set_string (value, self->compare_title);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
synack_session_class_init (SynackSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = synack_session_dispose;
  object_class->finalize = synack_session_finalize;
  object_class->get_property = synack_session_get_property;

  properties[PROP_DOCUMENT] = g_param_spec_object ("document", NULL, NULL, SYNACK_TYPE_DOCUMENT,
                                                   flags);
  /* what the session writes into its view state, as the view state says it */
  {
    g_autoptr(GTypeClass) view_state = g_type_class_ref (SYNACK_TYPE_VIEW_STATE);
    static const struct { guint id; const char *name; } same[] = {
      { PROP_TRACE, "trace" }, { PROP_CONNECTION, "connection" }, { PROP_SELECTED, "selected" },
      { PROP_DARK, "dark" }, { PROP_HIGH_CONTRAST, "high-contrast" }, { PROP_SEQ_MODE, "seq-mode" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (same); i++)
      properties[same[i].id] =
        g_param_spec_override (same[i].name,
                               g_object_class_find_property (G_OBJECT_CLASS (view_state),
                                                             same[i].name));
  }
  properties[PROP_PRESENTATION] = g_param_spec_boolean ("presentation", NULL, NULL, FALSE, flags);
  properties[PROP_TEXT_SCALE] = g_param_spec_double ("text-scale", NULL, NULL, 0.1, 10, 1, flags);
  properties[PROP_LESSON] = g_param_spec_string ("lesson", NULL, NULL, NULL, flags);
  properties[PROP_CAN_RERUN] = g_param_spec_boolean ("can-rerun", NULL, NULL, FALSE, flags);
  properties[PROP_COMPARE] = g_param_spec_object ("compare", NULL, NULL, SYNACK_TYPE_SESSION,
                                                  flags);
  properties[PROP_COMPARE_TITLE] = g_param_spec_string ("compare-title", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[TRACE_CHANGED] =
    g_signal_new ("trace-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[KERNEL_STATES_CHANGED] =
    g_signal_new ("kernel-states-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
synack_session_init (SynackSession *self)
{
  self->presentation_scale = 1.0;
  self->presentation_fit = 1.0;
  self->seq_mode = SYNACK_SEQ_RELATIVE;
  self->player = synack_player_new (NULL);
  self->view_state = synack_view_state_new ();
  theme_changed (self);
  g_signal_connect_object (self->player, "notify::position", G_CALLBACK (position_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->player, "notify::time", G_CALLBACK (follow_time), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->player, "notify::speed", G_CALLBACK (player_settings_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->player, "notify::skip-idle",
                           G_CALLBACK (player_settings_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->player, "notify::skip-idle",
                           G_CALLBACK (idle_compression), self, G_CONNECT_SWAPPED);
  idle_compression (self);
  g_signal_connect_object (self->view_state, "notify::start-time", G_CALLBACK (follow_view), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view_state, "notify::ns-per-pixel", G_CALLBACK (follow_view),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view_state, "axis-changed", G_CALLBACK (follow_view), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->player, "notify::position", G_CALLBACK (follow_view), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view_state, "notify::selected", G_CALLBACK (selected_changed),
                           self, G_CONNECT_SWAPPED);
}
