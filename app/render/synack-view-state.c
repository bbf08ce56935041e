/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "synack-ladder-layout.h"
#include "synack-view-state.h"

struct _SynackViewState
{
  GObject            parent_instance;
  SynackTrace       *trace;
  gulong             events_added_id;
  guint              conn;
  gint64             start_time;
  double             start_offset_px;  /* below start_time's place: inside a stack of
                                        * segments sent at one instant */
  SynackAxisMode     axis_mode;
  double             ns_per_px;
  int                selected;
  SynackSeqMode      seq_mode;
  SynackAfterCursor  after_cursor;
  double             text_scale;
  gboolean           dark;
  gboolean           high_contrast;
  gint64             break_threshold;
  SynackTimeAxis    *axis;
  guint              axis_events;      /* the events the axis has read */
  SynackViewState   *partner;          /* weak: the run drawn beside this one */
};

G_DEFINE_TYPE (SynackViewState, synack_view_state, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_TRACE,
  PROP_CONNECTION,
  PROP_START_TIME,
  PROP_NS_PER_PIXEL,
  PROP_SELECTED,
  PROP_SEQ_MODE,
  PROP_AFTER_CURSOR,
  PROP_TEXT_SCALE,
  PROP_DARK,
  PROP_HIGH_CONTRAST,
  PROP_BREAK_THRESHOLD,
  PROP_AXIS_MODE,
  N_PROPS
};

enum
{
  AXIS_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

GType
synack_seq_mode_get_type (void)
{
  static gsize type = 0;
  static const GEnumValue values[] = {
    { SYNACK_SEQ_RELATIVE, "SYNACK_SEQ_RELATIVE", "relative" },
    { SYNACK_SEQ_ABSOLUTE, "SYNACK_SEQ_ABSOLUTE", "absolute" },
    { SYNACK_SEQ_TEXTBOOK, "SYNACK_SEQ_TEXTBOOK", "textbook" },
    { 0, NULL, NULL },
  };

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static ("SynackSeqMode", values));
  return type;
}

GType
synack_after_cursor_get_type (void)
{
  static gsize type = 0;
  static const GEnumValue values[] = {
    { SYNACK_AFTER_CURSOR_SHOW, "SYNACK_AFTER_CURSOR_SHOW", "show" },
    { SYNACK_AFTER_CURSOR_FADE, "SYNACK_AFTER_CURSOR_FADE", "fade" },
    { SYNACK_AFTER_CURSOR_HIDE, "SYNACK_AFTER_CURSOR_HIDE", "hide" },
    { 0, NULL, NULL },
  };

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static ("SynackAfterCursor", values));
  return type;
}

GType
synack_axis_mode_get_type (void)
{
  static gsize type = 0;
  static const GEnumValue values[] = {
    { SYNACK_AXIS_MODE_AUTO, "SYNACK_AXIS_MODE_AUTO", "auto" },
    { SYNACK_AXIS_MODE_TIME, "SYNACK_AXIS_MODE_TIME", "time" },
    { SYNACK_AXIS_MODE_EVENTS, "SYNACK_AXIS_MODE_EVENTS", "events" },
    { 0, NULL, NULL },
  };

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static ("SynackAxisMode", values));
  return type;
}

/* The top of a view showing the start: a little before the first event, so
 * what happens at once is not flush against the edge. */
static gint64
home_time (SynackViewState *self)
{
  return synack_time_axis_from_px (self->axis, -SYNACK_VIEW_STATE_TOP_MARGIN_PX, self->ns_per_px);
}

/* The events an axis reads: the followed connection's, or every one. */
static guint
axis_events (SynackViewState *self)
{
  if (self->trace == NULL)
    return 0;
  if (self->conn < synack_trace_get_n_connections (self->trace))
    return synack_trace_get_connection (self->trace, self->conn)->n_events;
  return self->conn == G_MAXUINT ? synack_trace_get_n_events (self->trace) : 0;
}

static void
rebuild_axis (SynackViewState *self)
{
  g_clear_pointer (&self->axis, synack_time_axis_unref);
  if (self->trace != NULL)
    {
      SynackAxisKind kind = self->axis_mode == SYNACK_AXIS_MODE_EVENTS ? SYNACK_AXIS_EVENTS
                            : self->axis_mode == SYNACK_AXIS_MODE_TIME ? SYNACK_AXIS_TIME
                            : synack_time_axis_auto_kind (self->trace, self->conn);

      self->axis = synack_time_axis_new_for_trace (self->trace, self->conn, self->break_threshold);
      /* beside another run, idle only where both are: the same breaks */
      if (kind == SYNACK_AXIS_TIME && self->partner != NULL && self->partner->trace != NULL)
        {
          g_autoptr(SynackTimeAxis) other =
            synack_time_axis_new_for_trace (self->partner->trace, self->partner->conn,
                                            self->break_threshold);

          synack_time_axis_share_idle (self->axis, other);
        }
      synack_time_axis_set_kind (self->axis, kind);
      synack_time_axis_set_row_px (self->axis, synack_ladder_row_px (self->text_scale));
      self->axis_events = axis_events (self);
    }
  self->start_offset_px = 0;
  g_signal_emit (self, signals[AXIS_CHANGED], 0);
}

static void
partner_changed (SynackViewState *self)
{
  rebuild_axis (self);
}

void
synack_view_state_set_partner (SynackViewState *self,
                               SynackViewState *partner)
{
  g_return_if_fail (SYNACK_IS_VIEW_STATE (self));
  g_return_if_fail (partner == NULL || SYNACK_IS_VIEW_STATE (partner));

  if (self->partner == partner)
    return;
  if (self->partner != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->partner, self);
      g_object_remove_weak_pointer (G_OBJECT (self->partner), (gpointer *) &self->partner);
    }
  self->partner = partner;
  if (partner != NULL)
    {
      g_object_add_weak_pointer (G_OBJECT (partner), (gpointer *) &self->partner);
      /* what the partner's axis is built from, not the axis (no echo) */
      g_signal_connect_object (partner, "notify::trace", G_CALLBACK (partner_changed), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (partner, "notify::connection", G_CALLBACK (partner_changed), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (partner, "notify::break-threshold", G_CALLBACK (partner_changed),
                               self, G_CONNECT_SWAPPED);
    }
  rebuild_axis (self);
}

SynackViewState *
synack_view_state_get_partner (SynackViewState *self)
{
  g_return_val_if_fail (SYNACK_IS_VIEW_STATE (self), NULL);
  return self->partner;
}

static void
on_events_added (SynackTrace     *trace,
                 guint            first,
                 guint            n,
                 SynackViewState *self)
{
  /* A capture loading in view grows by other connections than the one
   * shown: its axis, and every picture drawn on it, stay as they are. */
  if (self->axis != NULL && axis_events (self) != self->axis_events)
    {
      synack_time_axis_update (self->axis, self->trace);
      self->axis_events = axis_events (self);
      g_signal_emit (self, signals[AXIS_CHANGED], 0);
    }
}

static void
synack_view_state_dispose (GObject *object)
{
  SynackViewState *self = SYNACK_VIEW_STATE (object);

  if (self->trace != NULL)
    g_clear_signal_handler (&self->events_added_id, self->trace);
  g_clear_object (&self->trace);
  if (self->partner != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->partner, self);
      g_object_remove_weak_pointer (G_OBJECT (self->partner), (gpointer *) &self->partner);
      self->partner = NULL;
    }
  g_clear_pointer (&self->axis, synack_time_axis_unref);
  G_OBJECT_CLASS (synack_view_state_parent_class)->dispose (object);
}

static void
synack_view_state_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SynackViewState *self = SYNACK_VIEW_STATE (object);

  switch (prop_id)
    {
    case PROP_TRACE:
      g_value_set_object (value, self->trace);
      break;
    case PROP_CONNECTION:
      g_value_set_uint (value, self->conn);
      break;
    case PROP_START_TIME:
      g_value_set_int64 (value, self->start_time);
      break;
    case PROP_NS_PER_PIXEL:
      g_value_set_double (value, self->ns_per_px);
      break;
    case PROP_SELECTED:
      g_value_set_int (value, self->selected);
      break;
    case PROP_SEQ_MODE:
      g_value_set_enum (value, self->seq_mode);
      break;
    case PROP_AFTER_CURSOR:
      g_value_set_enum (value, self->after_cursor);
      break;
    case PROP_TEXT_SCALE:
      g_value_set_double (value, self->text_scale);
      break;
    case PROP_DARK:
      g_value_set_boolean (value, self->dark);
      break;
    case PROP_HIGH_CONTRAST:
      g_value_set_boolean (value, self->high_contrast);
      break;
    case PROP_BREAK_THRESHOLD:
      g_value_set_int64 (value, self->break_threshold);
      break;
    case PROP_AXIS_MODE:
      g_value_set_enum (value, self->axis_mode);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
synack_view_state_class_init (SynackViewStateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  /* read-only as properties: the setters are the one way to change them
   * (in the window, only SynackSession calls them) */
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = synack_view_state_dispose;
  object_class->get_property = synack_view_state_get_property;

  properties[PROP_TRACE] =
    g_param_spec_object ("trace", NULL, NULL, SYNACK_TYPE_TRACE, flags);
  properties[PROP_CONNECTION] =
    g_param_spec_uint ("connection", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_START_TIME] =
    g_param_spec_int64 ("start-time", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_NS_PER_PIXEL] =
    g_param_spec_double ("ns-per-pixel", NULL, NULL, SYNACK_VIEW_STATE_MIN_NS_PER_PX,
                         SYNACK_VIEW_STATE_MAX_NS_PER_PX, 1e6, flags);
  properties[PROP_SELECTED] =
    g_param_spec_int ("selected", NULL, NULL, -1, G_MAXINT, -1, flags);
  properties[PROP_SEQ_MODE] =
    g_param_spec_enum ("seq-mode", NULL, NULL, SYNACK_TYPE_SEQ_MODE, SYNACK_SEQ_RELATIVE, flags);
  properties[PROP_AFTER_CURSOR] =
    g_param_spec_enum ("after-cursor", NULL, NULL, SYNACK_TYPE_AFTER_CURSOR,
                       SYNACK_AFTER_CURSOR_FADE, flags);
  properties[PROP_TEXT_SCALE] =
    g_param_spec_double ("text-scale", NULL, NULL, 0.5, 4.0, 1.0, flags);
  properties[PROP_DARK] =
    g_param_spec_boolean ("dark", NULL, NULL, FALSE, flags);
  properties[PROP_HIGH_CONTRAST] =
    g_param_spec_boolean ("high-contrast", NULL, NULL, FALSE, flags);
  properties[PROP_BREAK_THRESHOLD] =
    g_param_spec_int64 ("break-threshold", NULL, NULL, 0, G_MAXINT64,
                        SYNACK_AXIS_DEFAULT_BREAK_THRESHOLD, flags);
  properties[PROP_AXIS_MODE] =
    g_param_spec_enum ("axis-mode", NULL, NULL, SYNACK_TYPE_AXIS_MODE, SYNACK_AXIS_MODE_AUTO, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[AXIS_CHANGED] =
    g_signal_new ("axis-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
synack_view_state_init (SynackViewState *self)
{
  self->ns_per_px = 1e6;
  self->selected = -1;
  self->after_cursor = SYNACK_AFTER_CURSOR_FADE;
  self->text_scale = 1.0;
  self->break_threshold = SYNACK_AXIS_DEFAULT_BREAK_THRESHOLD;
}

SynackViewState *
synack_view_state_new (void)
{
  return g_object_new (SYNACK_TYPE_VIEW_STATE, NULL);
}

SynackTrace *
synack_view_state_get_trace (SynackViewState *self)
{
  g_return_val_if_fail (SYNACK_IS_VIEW_STATE (self), NULL);
  return self->trace;
}

void
synack_view_state_set_trace (SynackViewState *self,
                             SynackTrace     *trace)
{
  g_return_if_fail (SYNACK_IS_VIEW_STATE (self));
  g_return_if_fail (trace == NULL || SYNACK_IS_TRACE (trace));

  if (self->trace == trace)
    return;
  if (self->trace != NULL)
    g_clear_signal_handler (&self->events_added_id, self->trace);
  g_set_object (&self->trace, trace);
  if (trace != NULL)
    self->events_added_id = g_signal_connect (trace, "events-added",
                                              G_CALLBACK (on_events_added), self);
  self->selected = -1;
  rebuild_axis (self);
  if (self->axis != NULL)
    self->start_time = home_time (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRACE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_START_TIME]);
}

guint
synack_view_state_get_connection (SynackViewState *self)
{
  g_return_val_if_fail (SYNACK_IS_VIEW_STATE (self), 0);
  return self->conn;
}

void
synack_view_state_set_connection (SynackViewState *self,
                                  guint            conn)
{
  g_return_if_fail (SYNACK_IS_VIEW_STATE (self));

  if (self->conn == conn)
    return;
  self->conn = conn;
  rebuild_axis (self);
  if (self->axis != NULL)
    synack_view_state_set_start_time (self, home_time (self));
  synack_view_state_set_selected (self, -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION]);
}

gint64
synack_view_state_get_start_time (SynackViewState *self)
{
  g_return_val_if_fail (SYNACK_IS_VIEW_STATE (self), 0);
  return self->start_time;
}

void
synack_view_state_set_start_time (SynackViewState *self,
                                  gint64           time)
{
  g_return_if_fail (SYNACK_IS_VIEW_STATE (self));

  if (self->start_time == time && self->start_offset_px == 0)
    return;
  self->start_time = time;
  self->start_offset_px = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_START_TIME]);
}

double
synack_view_state_get_ns_per_pixel (SynackViewState *self)
{
  g_return_val_if_fail (SYNACK_IS_VIEW_STATE (self), 1e6);
  return self->ns_per_px;
}

void
synack_view_state_set_ns_per_pixel (SynackViewState *self,
                                    double           ns_per_px)
{
  g_return_if_fail (SYNACK_IS_VIEW_STATE (self));

  ns_per_px = CLAMP (ns_per_px, SYNACK_VIEW_STATE_MIN_NS_PER_PX, SYNACK_VIEW_STATE_MAX_NS_PER_PX);
  if (self->ns_per_px == ns_per_px)
    return;
  self->ns_per_px = ns_per_px;
  /* a top before the start (its margin, at another zoom) is the start's
   * margin at this one, not seconds of nothing */
  if (self->axis != NULL && self->start_time < synack_time_axis_get_start (self->axis))
    synack_view_state_set_start_time (self, home_time (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NS_PER_PIXEL]);
}

int
synack_view_state_get_selected (SynackViewState *self)
{
  g_return_val_if_fail (SYNACK_IS_VIEW_STATE (self), -1);
  return self->selected;
}

void
synack_view_state_set_selected (SynackViewState *self,
                                int              event_index)
{
  g_return_if_fail (SYNACK_IS_VIEW_STATE (self));

  if (event_index < -1)
    event_index = -1;
  if (self->selected == event_index)
    return;
  self->selected = event_index;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

SynackSeqMode
synack_view_state_get_seq_mode (SynackViewState *self)
{
  g_return_val_if_fail (SYNACK_IS_VIEW_STATE (self), SYNACK_SEQ_RELATIVE);
  return self->seq_mode;
}

void
synack_view_state_set_seq_mode (SynackViewState *self,
                                SynackSeqMode    mode)
{
  g_return_if_fail (SYNACK_IS_VIEW_STATE (self));

  if (self->seq_mode == mode)
    return;
  self->seq_mode = mode;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEQ_MODE]);
}

SynackAfterCursor
synack_view_state_get_after_cursor (SynackViewState *self)
{
  g_return_val_if_fail (SYNACK_IS_VIEW_STATE (self), SYNACK_AFTER_CURSOR_SHOW);
  return self->after_cursor;
}

void
synack_view_state_set_after_cursor (SynackViewState   *self,
                                    SynackAfterCursor  mode)
{
  g_return_if_fail (SYNACK_IS_VIEW_STATE (self));

  if (self->after_cursor == mode)
    return;
  self->after_cursor = mode;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AFTER_CURSOR]);
}

double
synack_view_state_get_text_scale (SynackViewState *self)
{
  g_return_val_if_fail (SYNACK_IS_VIEW_STATE (self), 1.0);
  return self->text_scale;
}

void
synack_view_state_set_text_scale (SynackViewState *self,
                                  double           scale)
{
  g_return_if_fail (SYNACK_IS_VIEW_STATE (self));

  scale = CLAMP (scale, 0.5, 4.0);
  if (self->text_scale == scale)
    return;
  self->text_scale = scale;
  if (self->axis != NULL)
    {
      synack_time_axis_set_row_px (self->axis, synack_ladder_row_px (scale));
      g_signal_emit (self, signals[AXIS_CHANGED], 0);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT_SCALE]);
}

gboolean
synack_view_state_get_dark (SynackViewState *self)
{
  g_return_val_if_fail (SYNACK_IS_VIEW_STATE (self), FALSE);
  return self->dark;
}

void
synack_view_state_set_dark (SynackViewState *self,
                            gboolean         dark)
{
  g_return_if_fail (SYNACK_IS_VIEW_STATE (self));

  dark = !!dark;
  if (self->dark == dark)
    return;
  self->dark = dark;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DARK]);
}

gboolean
synack_view_state_get_high_contrast (SynackViewState *self)
{
  g_return_val_if_fail (SYNACK_IS_VIEW_STATE (self), FALSE);
  return self->high_contrast;
}

void
synack_view_state_set_high_contrast (SynackViewState *self,
                                     gboolean         high_contrast)
{
  g_return_if_fail (SYNACK_IS_VIEW_STATE (self));

  high_contrast = !!high_contrast;
  if (self->high_contrast == high_contrast)
    return;
  self->high_contrast = high_contrast;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIGH_CONTRAST]);
}

gint64
synack_view_state_get_break_threshold (SynackViewState *self)
{
  g_return_val_if_fail (SYNACK_IS_VIEW_STATE (self), 0);
  return self->break_threshold;
}

void
synack_view_state_set_break_threshold (SynackViewState *self,
                                       gint64           threshold)
{
  g_return_if_fail (SYNACK_IS_VIEW_STATE (self));

  if (self->break_threshold == threshold)
    return;
  self->break_threshold = threshold;
  rebuild_axis (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BREAK_THRESHOLD]);
}

SynackTimeAxis *
synack_view_state_get_axis (SynackViewState *self)
{
  g_return_val_if_fail (SYNACK_IS_VIEW_STATE (self), NULL);
  return self->axis;
}

double
synack_view_state_get_scroll_px (SynackViewState *self)
{
  g_return_val_if_fail (SYNACK_IS_VIEW_STATE (self), 0);

  if (self->axis == NULL)
    return 0;
  return synack_time_axis_to_px (self->axis, self->start_time, self->ns_per_px) +
         self->start_offset_px;
}

void
synack_view_state_set_scroll_px (SynackViewState *self,
                                 double           px)
{
  g_return_if_fail (SYNACK_IS_VIEW_STATE (self));

  gint64 t;
  double offset;

  if (self->axis == NULL)
    return;
  t = synack_time_axis_from_px (self->axis, px, self->ns_per_px);
  offset = px - synack_time_axis_to_px (self->axis, t, self->ns_per_px);
  /* a fraction of a pixel is rounding; more is a place inside a stack */
  if (offset < 1.0)
    offset = 0;
  if (self->start_time == t && self->start_offset_px == offset)
    return;
  self->start_time = t;
  self->start_offset_px = offset;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_START_TIME]);
}

void
synack_view_state_zoom (SynackViewState *self,
                        double           factor,
                        double           anchor_px)
{
  gint64 anchor_time;
  double new_px;

  g_return_if_fail (SYNACK_IS_VIEW_STATE (self));
  g_return_if_fail (factor > 0);

  if (self->axis == NULL)
    {
      synack_view_state_set_ns_per_pixel (self, self->ns_per_px / factor);
      return;
    }
  anchor_time = synack_time_axis_from_px (self->axis,
                                          synack_view_state_get_scroll_px (self) + anchor_px,
                                          self->ns_per_px);
  g_object_freeze_notify (G_OBJECT (self));
  synack_view_state_set_ns_per_pixel (self, self->ns_per_px / factor);
  new_px = synack_time_axis_to_px (self->axis, anchor_time, self->ns_per_px);
  synack_view_state_set_scroll_px (self, new_px - anchor_px);
  g_object_thaw_notify (G_OBJECT (self));
}

void
synack_view_state_zoom_to_fit (SynackViewState *self,
                               double           extent_px)
{
  double lo = SYNACK_VIEW_STATE_MIN_NS_PER_PX, hi = SYNACK_VIEW_STATE_MAX_NS_PER_PX;

  g_return_if_fail (SYNACK_IS_VIEW_STATE (self));

  if (self->axis == NULL || extent_px <= 0)
    return;
  double target = extent_px - 2 * SYNACK_VIEW_STATE_TOP_MARGIN_PX;
  double floor_px = synack_time_axis_length_px (self->axis, SYNACK_VIEW_STATE_MAX_NS_PER_PX);

  /* Segments' rows do not shrink: when they alone are taller than the view,
   * zooming further out only squeezes time to nothing (a minute of
   * TIME-WAIT in a few pixels). Stop where time still has a fair share. */
  if (floor_px * 1.15 > target)
    target = floor_px * 1.15 + 4 * SYNACK_VIEW_STATE_TOP_MARGIN_PX;
  /* The axis' length shrinks as ns_per_px grows (breaks only shorten it),
   * so bisect on a log scale for the smallest zoom-out that fits. */
  for (int i = 0; i < 60; i++)
    {
      double mid = sqrt (lo * hi);

      if (synack_time_axis_length_px (self->axis, mid) <= target)
        hi = mid;
      else
        lo = mid;
    }
  /* A lesson of exponential backoff (RTO 1 s, 2 s, 4 s; persist probes)
   * is its waits: squeezed below a label's row they would all be drawn one
   * row tall, flat. Time keeps the scale at which the shortest wait is a
   * row and more (the longer ones grow from there); what does not fit then
   * is scrolled to. */
  if (synack_time_axis_get_kind (self->axis) == SYNACK_AXIS_TIME)
    hi = MIN (hi, synack_time_axis_wait_ns_per_px (self->axis));
  hi = CLAMP (hi, SYNACK_VIEW_STATE_MIN_NS_PER_PX, SYNACK_VIEW_STATE_MAX_NS_PER_PX);
  g_object_freeze_notify (G_OBJECT (self));
  synack_view_state_set_ns_per_pixel (self, hi);
  synack_view_state_set_start_time (self, home_time (self));
  g_object_thaw_notify (G_OBJECT (self));
}

void
synack_view_state_ensure_visible (SynackViewState *self,
                                  gint64           time,
                                  double           extent_px)
{
  double top, px;

  g_return_if_fail (SYNACK_IS_VIEW_STATE (self));

  if (self->axis == NULL || extent_px <= 0)
    return;
  top = synack_view_state_get_scroll_px (self);
  px = synack_time_axis_to_px (self->axis, time, self->ns_per_px);
  /* never above the start's top margin: nothing is there */
  if (px < top + extent_px * 0.15)
    synack_view_state_set_scroll_px (self, MAX (px - extent_px * 0.35,
                                                -SYNACK_VIEW_STATE_TOP_MARGIN_PX));
  else if (px > top + extent_px * 0.85)
    synack_view_state_set_scroll_px (self, px - extent_px * 0.6);
}

void
synack_view_state_ensure_event_visible (SynackViewState *self,
                                        guint            index,
                                        gint64           time,
                                        double           extent_px)
{
  double top, px;

  g_return_if_fail (SYNACK_IS_VIEW_STATE (self));

  if (self->axis == NULL || extent_px <= 0)
    return;
  top = synack_view_state_get_scroll_px (self);
  px = synack_time_axis_event_to_px (self->axis, index, time, self->ns_per_px);
  /* what led to the event stays in view above it */
  /* never above the start's top margin: nothing is there */
  if (px < top + extent_px * 0.15)
    synack_view_state_set_scroll_px (self, MAX (px - extent_px * 0.35,
                                                -SYNACK_VIEW_STATE_TOP_MARGIN_PX));
  else if (px > top + extent_px * 0.85)
    synack_view_state_set_scroll_px (self, px - extent_px * 0.6);
}

SynackAxisMode
synack_view_state_get_axis_mode (SynackViewState *self)
{
  g_return_val_if_fail (SYNACK_IS_VIEW_STATE (self), SYNACK_AXIS_MODE_AUTO);
  return self->axis_mode;
}

void
synack_view_state_set_axis_mode (SynackViewState *self,
                                 SynackAxisMode   mode)
{
  g_return_if_fail (SYNACK_IS_VIEW_STATE (self));

  if (self->axis_mode == mode)
    return;
  self->axis_mode = mode;
  rebuild_axis (self);
  if (self->axis != NULL)
    synack_view_state_set_start_time (self, home_time (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AXIS_MODE]);
}

SynackAxisKind
synack_view_state_get_axis_kind (SynackViewState *self)
{
  g_return_val_if_fail (SYNACK_IS_VIEW_STATE (self), SYNACK_AXIS_TIME);
  if (self->axis == NULL)
    return SYNACK_AXIS_TIME;
  return synack_time_axis_get_kind (self->axis);
}

static gboolean
select_step (SynackViewState *self,
             int              direction)
{
  const SynackConnection *c;
  gint64 pos;

  if (self->trace == NULL || self->conn >= synack_trace_get_n_connections (self->trace))
    return FALSE;
  c = synack_trace_get_connection (self->trace, self->conn);
  if (c->n_events == 0)
    return FALSE;

  if (self->selected < 0)
    pos = direction > 0 ? 0 : (gint64) c->n_events - 1;
  else
    {
      /* lo: the first position whose event comes at or after the selected one */
      guint lo = 0, hi = c->n_events;

      while (lo < hi)
        {
          guint mid = (lo + hi) / 2;

          if (synack_trace_conn_event (self->trace, self->conn, mid) < (guint) self->selected)
            lo = mid + 1;
          else
            hi = mid;
        }
      if (direction < 0)
        pos = (gint64) lo - 1;
      else if (lo < c->n_events &&
               synack_trace_conn_event (self->trace, self->conn, lo) == (guint) self->selected)
        pos = lo + 1;
      else
        pos = lo;
    }
  for (; pos >= 0 && pos < (gint64) c->n_events; pos += direction)
    {
      guint index = synack_trace_conn_event (self->trace, self->conn, (guint) pos);

      if (synack_trace_get_event_kind (self->trace, index) == SYNACK_EVENT_SEGMENT)
        {
          synack_view_state_set_selected (self, (int) index);
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
synack_view_state_select_next (SynackViewState *self)
{
  g_return_val_if_fail (SYNACK_IS_VIEW_STATE (self), FALSE);
  return select_step (self, +1);
}

gboolean
synack_view_state_select_previous (SynackViewState *self)
{
  g_return_val_if_fail (SYNACK_IS_VIEW_STATE (self), FALSE);
  return select_step (self, -1);
}
