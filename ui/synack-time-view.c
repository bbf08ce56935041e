/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "synack-ladder-layout.h"
#include "synack-time-view.h"

typedef struct
{
  SynackTrace     *trace;
  SynackPlayer    *player;
  SynackViewState *state;
  SynackSession   *session;
  GtkAdjustment   *hadjustment;
  GtkAdjustment   *vadjustment;
  guint            hscroll_policy : 1;
  guint            vscroll_policy : 1;
  guint            syncing : 1;
  guint            fit_pending : 1; /* a source came before a height to fit it in */
  guint            fit_tick;        /* tick callback: fit after an allocation */
  double           pointer_y;      /* -1 when the pointer is elsewhere */
  guint            n_paints;       /* paints so far, for tests */
  GPtrArray       *drawn_text;     /* the last paint's text, when recorded (tests) */
} SynackTimeViewPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_CODE (SynackTimeView, synack_time_view, GTK_TYPE_WIDGET,
                                  G_ADD_PRIVATE (SynackTimeView)
                                  G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, NULL))

enum
{
  PROP_0,
  PROP_TRACE,
  PROP_PLAYER,
  PROP_VIEW_STATE,
  PROP_SESSION,
  N_PROPS,
  PROP_HADJUSTMENT = N_PROPS,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
};

static GParamSpec *properties[N_PROPS];

#define PRIV(self) ((SynackTimeViewPrivate *) synack_time_view_get_instance_private (self))

const SynackTheme *
synack_time_view_get_theme (SynackTimeView *self)
{
  SynackViewState *state = PRIV (self)->state;

  if (synack_view_state_get_high_contrast (state))
    return synack_theme_get (SYNACK_THEME_HIGH_CONTRAST);
  return synack_theme_get (synack_view_state_get_dark (state) ? SYNACK_THEME_DARK
                                                              : SYNACK_THEME_LIGHT);
}

double
synack_time_view_get_text_scale (SynackTimeView *self)
{
  return synack_view_state_get_text_scale (PRIV (self)->state);
}

double
synack_time_view_get_header_px (SynackTimeView *self)
{
  SynackLadderParams params;

  synack_ladder_params_init (&params, 1, 1, synack_time_view_get_text_scale (self));
  return params.header_px;
}

double
synack_time_view_get_cursor_y (SynackTimeView *self)
{
  SynackTimeViewPrivate *priv;
  SynackTimeAxis *axis;
  double ns_per_px, px;
  int position;

  g_return_val_if_fail (SYNACK_IS_TIME_VIEW (self), NAN);

  priv = PRIV (self);
  axis = synack_view_state_get_axis (priv->state);
  position = priv->player != NULL ? synack_player_get_position (priv->player) : -1;
  /* as the snapshot paints it: no cursor before the first event */
  if (axis == NULL || position < 0)
    return NAN;
  ns_per_px = synack_view_state_get_ns_per_pixel (priv->state);
  px = synack_time_axis_event_to_px (axis, (guint) position,
                                     synack_player_get_time (priv->player), ns_per_px);
  return synack_time_view_get_header_px (self) + px - synack_view_state_get_scroll_px (priv->state);
}

int
synack_time_view_get_last_told (SynackTimeView *self)
{
  SynackTimeViewPrivate *priv;

  g_return_val_if_fail (SYNACK_IS_TIME_VIEW (self), G_MAXINT);

  priv = PRIV (self);
  if (priv->player == NULL || synack_player_get_at_end (priv->player) ||
      synack_view_state_get_after_cursor (priv->state) != SYNACK_AFTER_CURSOR_HIDE)
    return G_MAXINT;
  return synack_player_get_position (priv->player);
}

/* ---- scrolling ---- */

static void
update_adjustments (SynackTimeView *self)
{
  SynackTimeViewPrivate *priv = PRIV (self);
  SynackTimeAxis *axis = synack_view_state_get_axis (priv->state);
  double page = MAX (1, gtk_widget_get_height (GTK_WIDGET (self)) -
                        synack_time_view_get_header_px (self));
  double ns_per_px = synack_view_state_get_ns_per_pixel (priv->state);
  double value = synack_view_state_get_scroll_px (priv->state);
  double upper;

  if (priv->vadjustment != NULL)
    {
      upper = axis != NULL ? synack_time_axis_length_px (axis, ns_per_px) + page * 0.5 : page;
      priv->syncing = TRUE;
      gtk_adjustment_configure (priv->vadjustment, value, MIN (0, value),
                                MAX (upper, value + page), page * 0.1, page * 0.9, page);
      priv->syncing = FALSE;
    }
  if (priv->hadjustment != NULL)
    {
      double w = gtk_widget_get_width (GTK_WIDGET (self));
      gtk_adjustment_configure (priv->hadjustment, 0, 0, w, w * 0.1, w * 0.9, w);
    }
}

static void
vadjustment_value_changed (GtkAdjustment  *adjustment,
                           SynackTimeView *self)
{
  if (!PRIV (self)->syncing)
    synack_view_state_set_scroll_px (PRIV (self)->state, gtk_adjustment_get_value (adjustment));
}

static void
set_adjustment (SynackTimeView *self,
                GtkAdjustment **slot,
                GtkAdjustment  *adjustment,
                gboolean        vertical)
{
  if (*slot == adjustment)
    return;
  if (*slot != NULL && vertical)
    g_signal_handlers_disconnect_by_func (*slot, vadjustment_value_changed, self);
  g_set_object (slot, adjustment);
  if (adjustment != NULL && vertical)
    g_signal_connect (adjustment, "value-changed", G_CALLBACK (vadjustment_value_changed), self);
  update_adjustments (self);
  g_object_notify (G_OBJECT (self), vertical ? "vadjustment" : "hadjustment");
}

static void
state_changed (SynackTimeView *self)
{
  update_adjustments (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
player_moved (SynackTimeView *self)
{
  SYNACK_TIME_VIEW_GET_CLASS (self)->player_moved (self);
}

static void
default_player_moved (SynackTimeView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
default_trace_changed (SynackTimeView *self)
{
}

/* ---- zoom ---- */

void
synack_time_view_zoom_at (SynackTimeView *self,
                          double          factor,
                          double          y)
{
  g_return_if_fail (SYNACK_IS_TIME_VIEW (self));
  synack_view_state_zoom (PRIV (self)->state, factor,
                          MAX (0, y - synack_time_view_get_header_px (self)));
}

void
synack_time_view_zoom_to_fit (SynackTimeView *self)
{
  g_return_if_fail (SYNACK_IS_TIME_VIEW (self));
  synack_view_state_zoom_to_fit (PRIV (self)->state,
                                 MAX (1, gtk_widget_get_height (GTK_WIDGET (self)) -
                                         synack_time_view_get_header_px (self) - 20));
}

static void
on_motion (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           SynackTimeView           *self)
{
  PRIV (self)->pointer_y = y;
}

static void
on_leave (GtkEventControllerMotion *motion,
          SynackTimeView           *self)
{
  PRIV (self)->pointer_y = -1;
}

static gboolean
on_scroll (GtkEventControllerScroll *scroll,
           double                    dx,
           double                    dy,
           SynackTimeView           *self)
{
  GdkModifierType mods = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (scroll));
  double y = PRIV (self)->pointer_y;

  if (!(mods & GDK_CONTROL_MASK))
    return FALSE;
  synack_time_view_zoom_at (self, pow (1.2, -dy),
                            y >= 0 ? y : gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
  return TRUE;
}

static void
action_zoom (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  SynackTimeView *self = SYNACK_TIME_VIEW (widget);
  double mid = gtk_widget_get_height (widget) / 2.0;

  if (g_str_equal (name, "view.zoom-in"))
    synack_time_view_zoom_at (self, 1.5, mid);
  else if (g_str_equal (name, "view.zoom-out"))
    synack_time_view_zoom_at (self, 1 / 1.5, mid);
  else
    synack_time_view_zoom_to_fit (self);
}

/* Time to scale, or one row per segment (as Wireshark's flow graph), and
 * back; the connection fitted again either way. */
static void
action_toggle_axis (GtkWidget  *widget,
                    const char *name,
                    GVariant   *param)
{
  SynackTimeView *self = SYNACK_TIME_VIEW (widget);
  SynackViewState *state = PRIV (self)->state;

  if (state == NULL)
    return;
  synack_view_state_set_axis_mode (state, synack_view_state_get_axis_kind (state) == SYNACK_AXIS_EVENTS
                                            ? SYNACK_AXIS_MODE_TIME : SYNACK_AXIS_MODE_EVENTS);
  synack_time_view_zoom_to_fit (self);
}

static void
click_pressed (GtkGestureClick *gesture,
               int              n_press,
               double           x,
               double           y,
               SynackTimeView  *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (n_press == 1)
    synack_time_view_select (self, SYNACK_TIME_VIEW_GET_CLASS (self)->pick (self, x, y));
}

static gboolean
query_tooltip (GtkWidget      *widget,
               int             x,
               int             y,
               gboolean        keyboard,
               GtkTooltip     *tooltip,
               SynackTimeView *self)
{
  g_autofree char *text = NULL;

  if (PRIV (self)->trace == NULL)
    return FALSE;
  text = SYNACK_TIME_VIEW_GET_CLASS (self)->describe (self, x, y, keyboard);
  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

void
synack_time_view_select (SynackTimeView *self,
                         int             event)
{
  g_return_if_fail (SYNACK_IS_TIME_VIEW (self));

  if (PRIV (self)->session != NULL)
    synack_session_set_selected (PRIV (self)->session, event);
  else
    synack_view_state_set_selected (PRIV (self)->state, event);
}

/* ---- drawing ---- */

static void
record_text (const char *text,
             double      x,
             double      baseline,
             double      size_px,
             gboolean    bold,
             gpointer    user_data)
{
  g_ptr_array_add (user_data, g_strdup (text));
}

/* Paint the view as it is now into cr, at the widget's size. */
static void
paint_now (SynackTimeView *self,
           cairo_t        *cr)
{
  SynackTimeViewPrivate *priv = PRIV (self);
  int position = priv->player != NULL ? synack_player_get_position (priv->player) : -1;
  SynackPaintOptions options;

  synack_paint_options_init (&options, synack_time_view_get_theme (self),
                             synack_time_view_get_text_scale (self));
  options.selected = synack_view_state_get_selected (priv->state);
  if (position >= 0)
    {
      options.cursor_time = synack_player_get_time (priv->player);
      options.cursor_event = position;
    }
  /* during replay what lies after the cursor is faded or hidden; before
   * the first event that is everything */
  if (priv->player != NULL && !synack_player_get_at_end (priv->player))
    {
      options.after_cursor = synack_view_state_get_after_cursor (priv->state);
      if (position < 0 && options.after_cursor != SYNACK_AFTER_CURSOR_SHOW)
        options.cursor_event = -1;
    }
  if (priv->drawn_text != NULL)
    {
      g_ptr_array_set_size (priv->drawn_text, 0);
      options.text_sink = record_text;
      options.text_sink_data = priv->drawn_text;
    }
  SYNACK_TIME_VIEW_GET_CLASS (self)->paint (self, cr, synack_view_state_get_axis (priv->state),
                                            &options);
  priv->n_paints++;
}

static void
synack_time_view_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  paint_now (SYNACK_TIME_VIEW (widget), cr);
  cairo_destroy (cr);
}

void
synack_time_view_render (SynackTimeView *self,
                         cairo_t        *cr)
{
  g_return_if_fail (SYNACK_IS_TIME_VIEW (self));
  g_return_if_fail (gtk_widget_get_width (GTK_WIDGET (self)) > 0);

  paint_now (self, cr);
}

void
synack_time_view_set_record_text (SynackTimeView *self,
                                  gboolean        record)
{
  SynackTimeViewPrivate *priv;

  g_return_if_fail (SYNACK_IS_TIME_VIEW (self));

  priv = PRIV (self);
  if (record && priv->drawn_text == NULL)
    priv->drawn_text = g_ptr_array_new_with_free_func (g_free);
  else if (!record)
    g_clear_pointer (&priv->drawn_text, g_ptr_array_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

GPtrArray *
synack_time_view_get_drawn_text (SynackTimeView *self)
{
  g_return_val_if_fail (SYNACK_IS_TIME_VIEW (self), NULL);
  return PRIV (self)->drawn_text;
}

guint
synack_time_view_get_n_paints (SynackTimeView *self)
{
  g_return_val_if_fail (SYNACK_IS_TIME_VIEW (self), 0);
  return PRIV (self)->n_paints;
}

static void
synack_time_view_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    SYNACK_TIME_VIEW_GET_CLASS (widget)->measure_width (SYNACK_TIME_VIEW (widget), minimum,
                                                        natural);
  else
    {
      *minimum = 200;
      *natural = 700;
    }
}

/* ---- the trace, the player, the view state, the session ---- */

SynackTrace *
synack_time_view_get_trace (SynackTimeView *self)
{
  g_return_val_if_fail (SYNACK_IS_TIME_VIEW (self), NULL);
  return PRIV (self)->trace;
}

void
synack_time_view_set_trace (SynackTimeView *self,
                            SynackTrace    *trace)
{
  SynackTimeViewPrivate *priv;

  g_return_if_fail (SYNACK_IS_TIME_VIEW (self));

  priv = PRIV (self);
  if (!g_set_object (&priv->trace, trace))
    return;
  if (synack_view_state_get_trace (priv->state) != trace)
    synack_view_state_set_trace (priv->state, trace);
  /* a newly opened source fits its connection, whatever the zoom before
   * (once the view has a height) */
  priv->fit_pending = FALSE;
  if (trace != NULL && gtk_widget_get_height (GTK_WIDGET (self)) > 0)
    synack_time_view_zoom_to_fit (self);
  else if (trace != NULL)
    priv->fit_pending = TRUE;
  SYNACK_TIME_VIEW_GET_CLASS (self)->trace_changed (self);
  state_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRACE]);
}

SynackPlayer *
synack_time_view_get_player (SynackTimeView *self)
{
  g_return_val_if_fail (SYNACK_IS_TIME_VIEW (self), NULL);
  return PRIV (self)->player;
}

void
synack_time_view_set_player (SynackTimeView *self,
                             SynackPlayer   *player)
{
  SynackTimeViewPrivate *priv;

  g_return_if_fail (SYNACK_IS_TIME_VIEW (self));

  priv = PRIV (self);
  if (priv->player == player)
    return;
  if (priv->player != NULL)
    g_signal_handlers_disconnect_by_data (priv->player, self);
  g_set_object (&priv->player, player);
  if (player != NULL)
    {
      g_signal_connect_swapped (player, "notify::time", G_CALLBACK (player_moved), self);
      g_signal_connect_swapped (player, "notify::position", G_CALLBACK (player_moved), self);
      g_signal_connect_swapped (player, "notify::at-end", G_CALLBACK (gtk_widget_queue_draw), self);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYER]);
}

SynackViewState *
synack_time_view_get_view_state (SynackTimeView *self)
{
  g_return_val_if_fail (SYNACK_IS_TIME_VIEW (self), NULL);
  return PRIV (self)->state;
}

void
synack_time_view_set_view_state (SynackTimeView  *self,
                                 SynackViewState *state)
{
  SynackTimeViewPrivate *priv;

  g_return_if_fail (SYNACK_IS_TIME_VIEW (self));
  g_return_if_fail (SYNACK_IS_VIEW_STATE (state));

  priv = PRIV (self);
  if (priv->state == state)
    return;
  if (priv->state != NULL)
    g_signal_handlers_disconnect_by_data (priv->state, self);
  g_set_object (&priv->state, state);
  g_signal_connect_swapped (state, "notify", G_CALLBACK (state_changed), self);
  g_signal_connect_swapped (state, "axis-changed", G_CALLBACK (state_changed), self);
  if (priv->trace != NULL && synack_view_state_get_trace (state) == NULL)
    synack_view_state_set_trace (state, priv->trace);
  state_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW_STATE]);
}

SynackSession *
synack_time_view_get_session (SynackTimeView *self)
{
  g_return_val_if_fail (SYNACK_IS_TIME_VIEW (self), NULL);
  return PRIV (self)->session;
}

static void
session_trace_changed (SynackTimeView *self)
{
  synack_time_view_set_trace (self, synack_session_get_trace (PRIV (self)->session));
}

void
synack_time_view_set_session (SynackTimeView *self,
                              SynackSession  *session)
{
  SynackTimeViewPrivate *priv;

  g_return_if_fail (SYNACK_IS_TIME_VIEW (self));
  g_return_if_fail (session == NULL || SYNACK_IS_SESSION (session));

  priv = PRIV (self);
  if (priv->session == session)
    return;
  if (priv->session != NULL)
    g_signal_handlers_disconnect_by_data (priv->session, self);
  g_set_object (&priv->session, session);
  if (session != NULL)
    {
      synack_time_view_set_view_state (self, synack_session_get_view_state (session));
      synack_time_view_set_player (self, synack_session_get_player (session));
      synack_time_view_set_trace (self, synack_session_get_trace (session));
      g_signal_connect_swapped (session, "trace-changed", G_CALLBACK (session_trace_changed), self);
      g_signal_connect_swapped (session, "kernel-states-changed",
                                G_CALLBACK (gtk_widget_queue_draw), self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

SynackKernelStates *
synack_time_view_get_kernel_states (SynackTimeView *self)
{
  SynackTimeViewPrivate *priv;
  SynackKernelStates *states;

  g_return_val_if_fail (SYNACK_IS_TIME_VIEW (self), NULL);

  priv = PRIV (self);
  if (priv->session == NULL ||
      (states = synack_session_get_kernel_states (priv->session)) == NULL ||
      synack_kernel_states_get_trace (states) != synack_time_view_get_trace (self))
    return NULL;
  return states;
}

/* ---- GObject ---- */

static gboolean
fit_after_allocate (GtkWidget     *widget,
                    GdkFrameClock *clock,
                    gpointer       data)
{
  SynackTimeViewPrivate *priv = PRIV (SYNACK_TIME_VIEW (widget));

  priv->fit_tick = 0;
  if (priv->fit_pending && gtk_widget_get_height (widget) > 0 && priv->trace != NULL)
    {
      priv->fit_pending = FALSE;
      synack_time_view_zoom_to_fit (SYNACK_TIME_VIEW (widget));
    }
  return G_SOURCE_REMOVE;
}

static void
synack_time_view_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  SynackTimeViewPrivate *priv = PRIV (SYNACK_TIME_VIEW (widget));

  /* Fitting changes the shared view state, which resizes other widgets of
   * the window: done on the next frame, not during this allocation (GTK
   * would snapshot them with no current allocation). */
  if (priv->fit_pending && height > 0 && priv->trace != NULL && priv->fit_tick == 0)
    priv->fit_tick = gtk_widget_add_tick_callback (widget, fit_after_allocate, NULL, NULL);
  update_adjustments (SYNACK_TIME_VIEW (widget));
}

static void
synack_time_view_dispose (GObject *object)
{
  SynackTimeView *self = SYNACK_TIME_VIEW (object);
  SynackTimeViewPrivate *priv = PRIV (self);

  if (priv->fit_tick != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), priv->fit_tick);
      priv->fit_tick = 0;
    }
  if (priv->session != NULL)
    g_signal_handlers_disconnect_by_data (priv->session, self);
  if (priv->player != NULL)
    g_signal_handlers_disconnect_by_data (priv->player, self);
  if (priv->state != NULL)
    g_signal_handlers_disconnect_by_data (priv->state, self);
  if (priv->vadjustment != NULL)
    g_signal_handlers_disconnect_by_func (priv->vadjustment, vadjustment_value_changed, self);
  g_clear_object (&priv->session);
  g_clear_object (&priv->player);
  g_clear_object (&priv->trace);
  g_clear_object (&priv->state);
  g_clear_object (&priv->vadjustment);
  g_clear_object (&priv->hadjustment);
  g_clear_pointer (&PRIV (SYNACK_TIME_VIEW (object))->drawn_text, g_ptr_array_unref);
  G_OBJECT_CLASS (synack_time_view_parent_class)->dispose (object);
}

static void
synack_time_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SynackTimeViewPrivate *priv = PRIV (SYNACK_TIME_VIEW (object));

  switch (prop_id)
    {
    case PROP_TRACE:
      g_value_set_object (value, priv->trace);
      break;
    case PROP_PLAYER:
      g_value_set_object (value, priv->player);
      break;
    case PROP_VIEW_STATE:
      g_value_set_object (value, priv->state);
      break;
    case PROP_SESSION:
      g_value_set_object (value, priv->session);
      break;
    case PROP_HADJUSTMENT:
      g_value_set_object (value, priv->hadjustment);
      break;
    case PROP_VADJUSTMENT:
      g_value_set_object (value, priv->vadjustment);
      break;
    case PROP_HSCROLL_POLICY:
      g_value_set_enum (value, priv->hscroll_policy);
      break;
    case PROP_VSCROLL_POLICY:
      g_value_set_enum (value, priv->vscroll_policy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
synack_time_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SynackTimeView *self = SYNACK_TIME_VIEW (object);
  SynackTimeViewPrivate *priv = PRIV (self);

  switch (prop_id)
    {
    case PROP_TRACE:
      synack_time_view_set_trace (self, g_value_get_object (value));
      break;
    case PROP_PLAYER:
      synack_time_view_set_player (self, g_value_get_object (value));
      break;
    case PROP_VIEW_STATE:
      if (g_value_get_object (value) != NULL)
        synack_time_view_set_view_state (self, g_value_get_object (value));
      break;
    case PROP_SESSION:
      synack_time_view_set_session (self, g_value_get_object (value));
      break;
    case PROP_HADJUSTMENT:
      set_adjustment (self, &priv->hadjustment, g_value_get_object (value), FALSE);
      break;
    case PROP_VADJUSTMENT:
      set_adjustment (self, &priv->vadjustment, g_value_get_object (value), TRUE);
      break;
    case PROP_HSCROLL_POLICY:
      priv->hscroll_policy = g_value_get_enum (value);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      break;
    case PROP_VSCROLL_POLICY:
      priv->vscroll_policy = g_value_get_enum (value);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
synack_time_view_class_init (SynackTimeViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  static const struct { guint key; const char *action; } zoom_keys[] = {
    { GDK_KEY_plus, "view.zoom-in" },
    { GDK_KEY_equal, "view.zoom-in" },
    { GDK_KEY_KP_Add, "view.zoom-in" },
    { GDK_KEY_minus, "view.zoom-out" },
    { GDK_KEY_KP_Subtract, "view.zoom-out" },
    { GDK_KEY_0, "view.zoom-fit" },
  };

  object_class->dispose = synack_time_view_dispose;
  object_class->get_property = synack_time_view_get_property;
  object_class->set_property = synack_time_view_set_property;
  widget_class->size_allocate = synack_time_view_size_allocate;
  widget_class->snapshot = synack_time_view_snapshot;
  widget_class->measure = synack_time_view_measure;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  klass->trace_changed = default_trace_changed;
  klass->player_moved = default_player_moved;

  properties[PROP_TRACE] = g_param_spec_object ("trace", NULL, NULL, SYNACK_TYPE_TRACE, flags);
  properties[PROP_PLAYER] = g_param_spec_object ("player", NULL, NULL, SYNACK_TYPE_PLAYER, flags);
  properties[PROP_VIEW_STATE] =
    g_param_spec_object ("view-state", NULL, NULL, SYNACK_TYPE_VIEW_STATE, flags);
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, SYNACK_TYPE_SESSION, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");

  gtk_widget_class_install_action (widget_class, "view.zoom-in", NULL, action_zoom);
  gtk_widget_class_install_action (widget_class, "view.zoom-out", NULL, action_zoom);
  gtk_widget_class_install_action (widget_class, "view.zoom-fit", NULL, action_zoom);
  gtk_widget_class_install_action (widget_class, "view.toggle-axis", NULL, action_toggle_axis);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_t, GDK_CONTROL_MASK,
                                       "view.toggle-axis", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (zoom_keys); i++)
    gtk_widget_class_add_binding_action (widget_class, zoom_keys[i].key, GDK_CONTROL_MASK,
                                         zoom_keys[i].action, NULL);
}

static void
synack_time_view_init (SynackTimeView *self)
{
  GtkEventController *controller;
  g_autoptr(SynackViewState) state = synack_view_state_new ();

  PRIV (self)->pointer_y = -1;
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  synack_view_state_set_after_cursor (state, SYNACK_AFTER_CURSOR_FADE);
  synack_time_view_set_view_state (self, state);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (controller, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (controller, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = GTK_EVENT_CONTROLLER (gtk_gesture_click_new ());
  g_signal_connect (controller, "pressed", G_CALLBACK (click_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip), self);
}
