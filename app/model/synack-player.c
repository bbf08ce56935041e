/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "synack-player.h"

struct _SynackPlayer
{
  GObject      parent_instance;

  SynackTrace *trace;
  gulong       events_added_id;
  int          connection;
  int          position;
  gint64       time;
  double       speed;
  gint64       idle_threshold;
  guint        timer_id;
  gint64       last_tick;
  guint        playing : 1;
  guint        skip_idle : 1;
  guint        follow_live : 1;
  guint        use_timer : 1;
  guint        at_start : 1;
  guint        at_end : 1;
};

enum {
  PROP_0,
  PROP_TRACE,
  PROP_CONNECTION,
  PROP_POSITION,
  PROP_TIME,
  PROP_PLAYING,
  PROP_SPEED,
  PROP_SKIP_IDLE,
  PROP_IDLE_THRESHOLD,
  PROP_FOLLOW_LIVE,
  PROP_AT_START,
  PROP_AT_END,
  N_PROPS
};

enum {
  REACHED_END,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SynackPlayer, synack_player, G_TYPE_OBJECT)

static const double speed_steps[] = { 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64 };

static guint
n_events (SynackPlayer *self)
{
  return self->trace ? synack_trace_get_n_events (self->trace) : 0;
}

/* Whether the cursor may rest on an event. Snapshots of the send and receive
 * variables are bookkeeping that goes with the event before them, not a step
 * of their own. */
static gboolean
matches (SynackPlayer *self,
         guint         index)
{
  SynackEvent ev;

  synack_trace_read_event (self->trace, index, &ev);
  if (ev.kind == SYNACK_EVENT_VARS)
    return FALSE;
  return self->connection < 0 || ev.conn == (guint) self->connection;
}

/* The next matching event after position, or -1. */
static int
next_event (SynackPlayer *self,
            int           position)
{
  guint n = n_events (self);

  for (guint i = (guint) (position + 1); i < n; i++)
    if (matches (self, i))
      return (int) i;
  return -1;
}

static int
prev_event (SynackPlayer *self,
            int           position)
{
  for (int i = position - 1; i >= 0; i--)
    if (matches (self, (guint) i))
      return i;
  return -1;
}

static gint64
start_time (SynackPlayer *self)
{
  int first = next_event (self, -1);

  return first >= 0 ? synack_trace_get_event_time (self->trace, (guint) first) : 0;
}

static void
update_bounds (SynackPlayer *self)
{
  /* The cursor only ever rests on an event of the followed connection, so
   * "at the start" means nothing is shown yet. */
  gboolean at_start = self->position < 0;
  gboolean at_end = next_event (self, self->position) < 0;

  if (self->at_start != at_start)
    {
      self->at_start = at_start;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AT_START]);
    }
  if (self->at_end != at_end)
    {
      self->at_end = at_end;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AT_END]);
    }
}

static void
set_cursor (SynackPlayer *self,
            int           position,
            gint64        time)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (self->position != position)
    {
      self->position = position;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
    }
  if (self->time != time)
    {
      self->time = time;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME]);
    }
  update_bounds (self);
  g_object_thaw_notify (G_OBJECT (self));
}

static gboolean
on_tick (gpointer data)
{
  SynackPlayer *self = data;
  gint64 now = g_get_monotonic_time ();
  gint64 elapsed = (now - self->last_tick) * 1000;

  self->last_tick = now;
  synack_player_advance (self, elapsed);
  return self->playing ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
update_timer (SynackPlayer *self)
{
  gboolean want = self->playing && self->use_timer;

  if (want && self->timer_id == 0)
    {
      self->last_tick = g_get_monotonic_time ();
      self->timer_id = g_timeout_add (16, on_tick, self);
    }
  else if (!want && self->timer_id != 0)
    g_clear_handle_id (&self->timer_id, g_source_remove);
}

static void
on_events_added (SynackTrace  *trace,
                 guint         first,
                 guint         n,
                 SynackPlayer *self)
{
  if (self->follow_live)
    {
      int last = prev_event (self, (int) n_events (self));

      if (last >= 0)
        set_cursor (self, last, synack_trace_get_event_time (trace, (guint) last));
      return;
    }
  update_bounds (self);
}

static void
synack_player_dispose (GObject *object)
{
  SynackPlayer *self = SYNACK_PLAYER (object);

  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (self->trace)
    g_clear_signal_handler (&self->events_added_id, self->trace);
  g_clear_object (&self->trace);

  G_OBJECT_CLASS (synack_player_parent_class)->dispose (object);
}

static void
synack_player_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SynackPlayer *self = SYNACK_PLAYER (object);

  switch (prop_id)
    {
    case PROP_TRACE: g_value_set_object (value, self->trace); break;
    case PROP_CONNECTION: g_value_set_int (value, self->connection); break;
    case PROP_POSITION: g_value_set_int (value, self->position); break;
    case PROP_TIME: g_value_set_int64 (value, self->time); break;
    case PROP_PLAYING: g_value_set_boolean (value, self->playing); break;
    case PROP_SPEED: g_value_set_double (value, self->speed); break;
    case PROP_SKIP_IDLE: g_value_set_boolean (value, self->skip_idle); break;
    case PROP_IDLE_THRESHOLD: g_value_set_int64 (value, self->idle_threshold); break;
    case PROP_FOLLOW_LIVE: g_value_set_boolean (value, self->follow_live); break;
    case PROP_AT_START: g_value_set_boolean (value, self->at_start); break;
    case PROP_AT_END: g_value_set_boolean (value, self->at_end); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
synack_player_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  SynackPlayer *self = SYNACK_PLAYER (object);

  switch (prop_id)
    {
    case PROP_TRACE: synack_player_set_trace (self, g_value_get_object (value)); break;
    case PROP_CONNECTION: synack_player_set_connection (self, g_value_get_int (value)); break;
    case PROP_POSITION: synack_player_seek_event (self, g_value_get_int (value)); break;
    case PROP_TIME: synack_player_seek_time (self, g_value_get_int64 (value)); break;
    case PROP_PLAYING: synack_player_set_playing (self, g_value_get_boolean (value)); break;
    case PROP_SPEED: synack_player_set_speed (self, g_value_get_double (value)); break;
    case PROP_SKIP_IDLE: synack_player_set_skip_idle (self, g_value_get_boolean (value)); break;
    case PROP_IDLE_THRESHOLD:
      synack_player_set_idle_threshold (self, g_value_get_int64 (value));
      break;
    case PROP_FOLLOW_LIVE: synack_player_set_follow_live (self, g_value_get_boolean (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
synack_player_class_init (SynackPlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = synack_player_dispose;
  object_class->get_property = synack_player_get_property;
  object_class->set_property = synack_player_set_property;

  properties[PROP_TRACE] = g_param_spec_object ("trace", NULL, NULL, SYNACK_TYPE_TRACE, rw);
  properties[PROP_CONNECTION] = g_param_spec_int ("connection", NULL, NULL, -1, G_MAXINT, -1, rw);
  properties[PROP_POSITION] = g_param_spec_int ("position", NULL, NULL, -1, G_MAXINT, -1, rw);
  properties[PROP_TIME] = g_param_spec_int64 ("time", NULL, NULL, G_MININT64, G_MAXINT64, 0, rw);
  properties[PROP_PLAYING] = g_param_spec_boolean ("playing", NULL, NULL, FALSE, rw);
  properties[PROP_SPEED] = g_param_spec_double ("speed", NULL, NULL, SYNACK_PLAYER_MIN_SPEED,
                                                SYNACK_PLAYER_MAX_SPEED, 1.0, rw);
  properties[PROP_SKIP_IDLE] = g_param_spec_boolean ("skip-idle", NULL, NULL, TRUE, rw);
  properties[PROP_IDLE_THRESHOLD] = g_param_spec_int64 ("idle-threshold", NULL, NULL, 0,
                                                        G_MAXINT64, SYNACK_NSEC_PER_SEC, rw);
  properties[PROP_FOLLOW_LIVE] = g_param_spec_boolean ("follow-live", NULL, NULL, FALSE, rw);
  properties[PROP_AT_START] = g_param_spec_boolean ("at-start", NULL, NULL, TRUE, ro);
  properties[PROP_AT_END] = g_param_spec_boolean ("at-end", NULL, NULL, TRUE, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[REACHED_END] =
    g_signal_new ("reached-end", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
synack_player_init (SynackPlayer *self)
{
  self->connection = -1;
  self->position = -1;
  self->speed = 1.0;
  self->skip_idle = TRUE;
  self->idle_threshold = SYNACK_NSEC_PER_SEC;
  self->use_timer = TRUE;
  self->at_start = TRUE;
  self->at_end = TRUE;
}

SynackPlayer *
synack_player_new (SynackTrace *trace)
{
  return g_object_new (SYNACK_TYPE_PLAYER, "trace", trace, NULL);
}

SynackTrace *
synack_player_get_trace (SynackPlayer *self)
{
  g_return_val_if_fail (SYNACK_IS_PLAYER (self), NULL);
  return self->trace;
}

void
synack_player_set_trace (SynackPlayer *self,
                         SynackTrace  *trace)
{
  g_return_if_fail (SYNACK_IS_PLAYER (self));
  g_return_if_fail (trace == NULL || SYNACK_IS_TRACE (trace));

  if (self->trace == trace)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  synack_player_set_playing (self, FALSE);
  if (self->trace)
    g_clear_signal_handler (&self->events_added_id, self->trace);
  g_set_object (&self->trace, trace);
  if (trace)
    self->events_added_id = g_signal_connect (trace, "events-added",
                                              G_CALLBACK (on_events_added), self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRACE]);
  if (self->connection != -1)
    {
      self->connection = -1;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION]);
    }
  set_cursor (self, -1, start_time (self));
  if (self->follow_live)
    on_events_added (trace, 0, 0, self);
  g_object_thaw_notify (G_OBJECT (self));
}

int
synack_player_get_connection (SynackPlayer *self)
{
  g_return_val_if_fail (SYNACK_IS_PLAYER (self), -1);
  return self->connection;
}

void
synack_player_set_connection (SynackPlayer *self,
                              int           conn)
{
  g_return_if_fail (SYNACK_IS_PLAYER (self));

  conn = MAX (conn, -1);
  if (self->connection == conn)
    return;
  g_object_freeze_notify (G_OBJECT (self));
  self->connection = conn;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION]);
  /* Keep the cursor's time; show what of this connection lies before it. */
  if (self->position >= 0 && !matches (self, (guint) self->position))
    set_cursor (self, prev_event (self, self->position), self->time);
  else
    update_bounds (self);
  g_object_thaw_notify (G_OBJECT (self));
}

int
synack_player_get_position (SynackPlayer *self)
{
  g_return_val_if_fail (SYNACK_IS_PLAYER (self), -1);
  return self->position;
}

gint64
synack_player_get_time (SynackPlayer *self)
{
  g_return_val_if_fail (SYNACK_IS_PLAYER (self), 0);
  return self->time;
}

gboolean
synack_player_get_playing (SynackPlayer *self)
{
  g_return_val_if_fail (SYNACK_IS_PLAYER (self), FALSE);
  return self->playing;
}

void
synack_player_set_playing (SynackPlayer *self,
                           gboolean      playing)
{
  g_return_if_fail (SYNACK_IS_PLAYER (self));

  playing = !!playing;
  if (self->playing == playing)
    return;
  /* Playing from the end replays from the start. */
  if (playing && self->at_end && !self->follow_live)
    synack_player_to_start (self);
  self->playing = playing;
  update_timer (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}

void
synack_player_toggle (SynackPlayer *self)
{
  synack_player_set_playing (self, !self->playing);
}

double
synack_player_get_speed (SynackPlayer *self)
{
  g_return_val_if_fail (SYNACK_IS_PLAYER (self), 1.0);
  return self->speed;
}

void
synack_player_set_speed (SynackPlayer *self,
                         double        speed)
{
  g_return_if_fail (SYNACK_IS_PLAYER (self));

  speed = CLAMP (speed, SYNACK_PLAYER_MIN_SPEED, SYNACK_PLAYER_MAX_SPEED);
  if (self->speed == speed)
    return;
  self->speed = speed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEED]);
}

void
synack_player_faster (SynackPlayer *self)
{
  g_return_if_fail (SYNACK_IS_PLAYER (self));

  for (guint i = 0; i < G_N_ELEMENTS (speed_steps); i++)
    if (speed_steps[i] > self->speed + 1e-9)
      {
        synack_player_set_speed (self, speed_steps[i]);
        return;
      }
}

void
synack_player_slower (SynackPlayer *self)
{
  g_return_if_fail (SYNACK_IS_PLAYER (self));

  for (guint i = G_N_ELEMENTS (speed_steps); i > 0; i--)
    if (speed_steps[i - 1] < self->speed - 1e-9)
      {
        synack_player_set_speed (self, speed_steps[i - 1]);
        return;
      }
}

gboolean
synack_player_get_skip_idle (SynackPlayer *self)
{
  g_return_val_if_fail (SYNACK_IS_PLAYER (self), FALSE);
  return self->skip_idle;
}

void
synack_player_set_skip_idle (SynackPlayer *self,
                             gboolean      skip_idle)
{
  g_return_if_fail (SYNACK_IS_PLAYER (self));

  skip_idle = !!skip_idle;
  if (self->skip_idle == skip_idle)
    return;
  self->skip_idle = skip_idle;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SKIP_IDLE]);
}

void
synack_player_set_idle_threshold (SynackPlayer *self,
                                  gint64        threshold)
{
  g_return_if_fail (SYNACK_IS_PLAYER (self));

  threshold = MAX (threshold, 0);
  if (self->idle_threshold == threshold)
    return;
  self->idle_threshold = threshold;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IDLE_THRESHOLD]);
}

gboolean
synack_player_get_follow_live (SynackPlayer *self)
{
  g_return_val_if_fail (SYNACK_IS_PLAYER (self), FALSE);
  return self->follow_live;
}

void
synack_player_set_follow_live (SynackPlayer *self,
                               gboolean      follow_live)
{
  g_return_if_fail (SYNACK_IS_PLAYER (self));

  follow_live = !!follow_live;
  if (self->follow_live == follow_live)
    return;
  self->follow_live = follow_live;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOW_LIVE]);
  if (follow_live && self->trace)
    {
      synack_player_set_playing (self, FALSE);
      on_events_added (self->trace, 0, 0, self);
    }
}

gboolean
synack_player_get_at_start (SynackPlayer *self)
{
  g_return_val_if_fail (SYNACK_IS_PLAYER (self), TRUE);
  return self->at_start;
}

gboolean
synack_player_get_at_end (SynackPlayer *self)
{
  g_return_val_if_fail (SYNACK_IS_PLAYER (self), TRUE);
  return self->at_end;
}

static void
stop_manual (SynackPlayer *self)
{
  synack_player_set_playing (self, FALSE);
  /* Moving by hand means the user no longer follows the live edge. */
  synack_player_set_follow_live (self, FALSE);
}

gboolean
synack_player_step_forward (SynackPlayer *self)
{
  int next;

  g_return_val_if_fail (SYNACK_IS_PLAYER (self), FALSE);

  stop_manual (self);
  next = next_event (self, self->position);
  if (next < 0)
    return FALSE;
  set_cursor (self, next, synack_trace_get_event_time (self->trace, (guint) next));
  return TRUE;
}

gboolean
synack_player_step_backward (SynackPlayer *self)
{
  int prev;

  g_return_val_if_fail (SYNACK_IS_PLAYER (self), FALSE);

  stop_manual (self);
  if (self->position < 0)
    return FALSE;
  prev = prev_event (self, self->position);
  if (prev < 0)
    set_cursor (self, -1, start_time (self));
  else
    set_cursor (self, prev, synack_trace_get_event_time (self->trace, (guint) prev));
  return TRUE;
}

void
synack_player_seek_event (SynackPlayer *self,
                          int           position)
{
  guint n;

  g_return_if_fail (SYNACK_IS_PLAYER (self));

  n = n_events (self);
  position = CLAMP (position, -1, (int) n - 1);
  if (position >= 0 && !matches (self, (guint) position))
    position = prev_event (self, position);
  if (position < 0)
    set_cursor (self, -1, start_time (self));
  else
    set_cursor (self, position, synack_trace_get_event_time (self->trace, (guint) position));
}

/* The last matching event at or before time, or -1. */
static int
event_at_time (SynackPlayer *self,
               gint64        time)
{
  guint upper;

  if (self->trace == NULL)
    return -1;
  if (time == G_MAXINT64)
    upper = n_events (self);
  else
    upper = synack_trace_lower_bound (self->trace, time + 1);
  return prev_event (self, (int) upper);
}

void
synack_player_seek_time (SynackPlayer *self,
                         gint64        time)
{
  g_return_if_fail (SYNACK_IS_PLAYER (self));
  set_cursor (self, event_at_time (self, time), time);
}

void
synack_player_to_start (SynackPlayer *self)
{
  g_return_if_fail (SYNACK_IS_PLAYER (self));
  set_cursor (self, -1, start_time (self));
}

void
synack_player_to_end (SynackPlayer *self)
{
  int last;

  g_return_if_fail (SYNACK_IS_PLAYER (self));

  synack_player_set_playing (self, FALSE);
  last = prev_event (self, (int) n_events (self));
  if (last >= 0)
    set_cursor (self, last, synack_trace_get_event_time (self->trace, (guint) last));
}

void
synack_player_advance (SynackPlayer *self,
                       gint64        real_ns)
{
  gint64 time;
  int next;

  g_return_if_fail (SYNACK_IS_PLAYER (self));

  if (!self->playing || self->trace == NULL)
    return;

  time = self->time + (gint64) llround ((double) MAX (real_ns, 0) * self->speed);
  next = next_event (self, self->position);
  if (next >= 0 && self->skip_idle)
    {
      gint64 next_time = synack_trace_get_event_time (self->trace, (guint) next);

      /* A long quiet stretch passes at once, landing on the next event. */
      if (next_time - self->time > self->idle_threshold && time < next_time)
        time = next_time;
    }

  set_cursor (self, event_at_time (self, time), time);

  if (self->at_end && !self->follow_live)
    {
      gint64 end = synack_trace_get_end_time (self->trace);

      if (self->time > end)
        set_cursor (self, self->position, end);
      synack_player_set_playing (self, FALSE);
      g_signal_emit (self, signals[REACHED_END], 0);
    }
}

void
synack_player_set_use_timer (SynackPlayer *self,
                             gboolean      use_timer)
{
  g_return_if_fail (SYNACK_IS_PLAYER (self));
  self->use_timer = !!use_timer;
  update_timer (self);
}
