/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "synack-ladder-layout.h"
#include "synack-ladder-paint.h"
#include "synack-theme.h"
#include "synack-timeline-paint.h"
#include "synack-timeline-view.h"

struct _SynackTimelineView
{
  GtkWidget        parent_instance;

  SynackTrace     *trace;
  SynackPlayer    *player;
  SynackViewState *state;
  GtkAdjustment   *hadjustment;
  GtkAdjustment   *vadjustment;
  guint            hscroll_policy : 1;
  guint            vscroll_policy : 1;
  guint            syncing : 1;
  double           pointer_y;
};

static void scrollable_iface_init (GtkScrollableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SynackTimelineView, synack_timeline_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, scrollable_iface_init))

enum
{
  PROP_0,
  PROP_TRACE,
  PROP_PLAYER,
  PROP_VIEW_STATE,
  N_PROPS,
  PROP_HADJUSTMENT = N_PROPS,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
};

enum
{
  SEGMENT_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
scrollable_iface_init (GtkScrollableInterface *iface)
{
}

static const SynackTheme *
current_theme (SynackTimelineView *self)
{
  if (synack_view_state_get_high_contrast (self->state))
    return synack_theme_get (SYNACK_THEME_HIGH_CONTRAST);
  return synack_theme_get (synack_view_state_get_dark (self->state) ? SYNACK_THEME_DARK
                                                                    : SYNACK_THEME_LIGHT);
}

/* The same header height as the ladder, so their rows line up side by side. */
static double
header_px (SynackTimelineView *self)
{
  SynackLadderParams params;

  synack_ladder_params_init (&params, 1, 1, synack_view_state_get_text_scale (self->state));
  return params.header_px;
}

static void
params_for (SynackTimelineView   *self,
            SynackTimelineParams *params)
{
  /* every field, the kernel's tracks too: the painter follows those pointers */
  memset (params, 0, sizeof *params);
  params->width = MAX (1, gtk_widget_get_width (GTK_WIDGET (self)));
  params->height = MAX (1, gtk_widget_get_height (GTK_WIDGET (self)));
  params->header_px = header_px (self);
  params->scroll_px = synack_view_state_get_scroll_px (self->state);
  params->ns_per_px = synack_view_state_get_ns_per_pixel (self->state);
}

static void
update_adjustment (SynackTimelineView *self)
{
  SynackTimeAxis *axis = synack_view_state_get_axis (self->state);
  double page = MAX (1, gtk_widget_get_height (GTK_WIDGET (self)) - header_px (self));
  double value = synack_view_state_get_scroll_px (self->state);
  double upper;

  if (self->vadjustment == NULL)
    return;
  upper = axis != NULL ? synack_time_axis_length_px (axis, synack_view_state_get_ns_per_pixel (self->state)) +
                         page * 0.5
                       : page;
  self->syncing = TRUE;
  gtk_adjustment_configure (self->vadjustment, value, MIN (0, value), MAX (upper, value + page),
                            page * 0.1, page * 0.9, page);
  self->syncing = FALSE;
  if (self->hadjustment != NULL)
    {
      double w = gtk_widget_get_width (GTK_WIDGET (self));
      gtk_adjustment_configure (self->hadjustment, 0, 0, w, w * 0.1, w * 0.9, w);
    }
}

static void
on_vadjustment_value_changed (GtkAdjustment      *adjustment,
                              SynackTimelineView *self)
{
  if (!self->syncing)
    synack_view_state_set_scroll_px (self->state, gtk_adjustment_get_value (adjustment));
}

static void
on_state_changed (SynackTimelineView *self)
{
  update_adjustment (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_style_changed (SynackTimelineView *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();

  synack_view_state_set_dark (self->state, adw_style_manager_get_dark (manager));
  synack_view_state_set_high_contrast (self->state, adw_style_manager_get_high_contrast (manager));
}

static void
synack_timeline_view_snapshot (GtkWidget   *widget,
                               GtkSnapshot *snapshot)
{
  SynackTimelineView *self = SYNACK_TIMELINE_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  SynackTimeAxis *axis = synack_view_state_get_axis (self->state);
  SynackTimelineParams params;
  SynackPaintOptions options;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;
  params_for (self, &params);
  synack_paint_options_init (&options, current_theme (self),
                             synack_view_state_get_text_scale (self->state));
  options.selected = synack_view_state_get_selected (self->state);
  if (self->player != NULL && synack_player_get_position (self->player) >= 0)
    {
      options.cursor_time = synack_player_get_time (self->player);
      options.cursor_event = synack_player_get_position (self->player);
    }
  /* during replay what lies after the cursor is faded or hidden, as on the
   * ladder; before the first event that is everything */
  if (self->player != NULL && !synack_player_get_at_end (self->player))
    {
      options.after_cursor = synack_view_state_get_after_cursor (self->state);
      if (synack_player_get_position (self->player) < 0)
        options.cursor_event = -1;
    }
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (axis != NULL)
    synack_timeline_paint (cr, self->trace, synack_view_state_get_connection (self->state), axis,
                           &params, &options);
  else
    {
      synack_theme_set_source (cr, &options.theme->background);
      cairo_paint (cr);
    }
  cairo_destroy (cr);
}

static void
synack_timeline_view_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  double scale = synack_view_state_get_text_scale (SYNACK_TIMELINE_VIEW (widget)->state);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = (int) (120 * scale);
      *natural = (int) (220 * scale);
    }
  else
    {
      *minimum = 200;
      *natural = 700;
    }
}

static void
synack_timeline_view_size_allocate (GtkWidget *widget,
                                    int        width,
                                    int        height,
                                    int        baseline)
{
  update_adjustment (SYNACK_TIMELINE_VIEW (widget));
}

/* The state span under (x, y): endpoint, state, and the event that began it. */
static gboolean
pick_span (SynackTimelineView *self,
           double              x,
           double              y,
           guint              *endpoint,
           SynackTcpState     *state,
           gint64             *since,
           guint              *cause)
{
  SynackTimeAxis *axis = synack_view_state_get_axis (self->state);
  guint conn = synack_view_state_get_connection (self->state);
  SynackTimelineParams params;
  int ep;
  gint64 t;
  guint n, lo = 0, hi;

  if (axis == NULL || self->trace == NULL || conn >= synack_trace_get_n_connections (self->trace))
    return FALSE;
  params_for (self, &params);
  ep = synack_timeline_pick_endpoint (&params, x);
  if (ep < 0 || y < params.header_px)
    return FALSE;
  t = synack_timeline_y_to_time (&params, axis, y);
  n = synack_trace_get_n_state_spans (self->trace, conn, ep);
  hi = n;
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      gint64 st;
      SynackTcpState s;
      guint ev;

      synack_trace_get_state_span (self->trace, conn, ep, mid, &st, &s, &ev);
      if (st <= t)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo == 0)
    return FALSE;
  synack_trace_get_state_span (self->trace, conn, ep, lo - 1, since, state, cause);
  *endpoint = ep;
  return TRUE;
}

/* The segment that caused a state span, if a segment did. */
static int
span_segment (SynackTimelineView *self,
              guint               event)
{
  const SynackEvent *ev;

  if (event >= synack_trace_get_n_events (self->trace))
    return -1;
  ev = synack_trace_get_event (self->trace, event);
  if (ev->kind == SYNACK_EVENT_SEGMENT)
    return event;
  if (ev->kind == SYNACK_EVENT_STATE && ev->state.cause_kind == SYNACK_CAUSE_SEGMENT)
    return ev->state.cause;
  return -1;
}

static gboolean
on_query_tooltip (GtkWidget          *widget,
                  int                 x,
                  int                 y,
                  gboolean            keyboard,
                  GtkTooltip         *tooltip,
                  SynackTimelineView *self)
{
  guint ep, cause;
  SynackTcpState state;
  gint64 since;
  g_autofree char *text = NULL;

  if (keyboard || !pick_span (self, x, y, &ep, &state, &since, &cause))
    return FALSE;
  if (since == G_MININT64)
    text = g_strdup_printf ("%s: %s\n%s", ep == 0 ? _("client") : _("server"),
                            synack_tcp_state_to_rfc_name (state), synack_tcp_state_describe (state));
  else
    text = g_strdup_printf (_("%s: %s since %.6f s\n%s"), ep == 0 ? _("client") : _("server"),
                            synack_tcp_state_to_rfc_name (state), since / 1e9,
                            synack_tcp_state_describe (state));
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
on_click_pressed (GtkGestureClick    *gesture,
                  int                 n_press,
                  double              x,
                  double              y,
                  SynackTimelineView *self)
{
  guint ep, cause;
  SynackTcpState state;
  gint64 since;
  int segment = -1;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (pick_span (self, x, y, &ep, &state, &since, &cause) && since != G_MININT64)
    segment = span_segment (self, cause);
  if (n_press == 1)
    synack_view_state_set_selected (self->state, segment);
  else if (n_press == 2 && segment >= 0)
    g_signal_emit (self, signals[SEGMENT_ACTIVATED], 0, (guint) segment);
}

static void
on_motion (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           SynackTimelineView       *self)
{
  self->pointer_y = y;
}

static gboolean
on_scroll (GtkEventControllerScroll *scroll,
           double                    dx,
           double                    dy,
           SynackTimelineView       *self)
{
  GdkModifierType mods = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (scroll));
  double y = self->pointer_y >= 0 ? self->pointer_y : gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;

  if (!(mods & GDK_CONTROL_MASK))
    return FALSE;
  synack_view_state_zoom (self->state, pow (1.2, -dy), MAX (0, y - header_px (self)));
  return TRUE;
}

static void
action_zoom (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  SynackTimelineView *self = SYNACK_TIMELINE_VIEW (widget);
  double mid = (gtk_widget_get_height (widget) - header_px (self)) / 2.0;

  if (g_str_equal (name, "timeline.zoom-in"))
    synack_view_state_zoom (self->state, 1.5, mid);
  else if (g_str_equal (name, "timeline.zoom-out"))
    synack_view_state_zoom (self->state, 1 / 1.5, mid);
  else
    synack_view_state_zoom_to_fit (self->state,
                                   MAX (1, gtk_widget_get_height (widget) - header_px (self) - 20));
}

GtkWidget *
synack_timeline_view_new (void)
{
  return g_object_new (SYNACK_TYPE_TIMELINE_VIEW, NULL);
}

SynackTrace *
synack_timeline_view_get_trace (SynackTimelineView *self)
{
  g_return_val_if_fail (SYNACK_IS_TIMELINE_VIEW (self), NULL);
  return self->trace;
}

void
synack_timeline_view_set_trace (SynackTimelineView *self,
                                SynackTrace        *trace)
{
  g_return_if_fail (SYNACK_IS_TIMELINE_VIEW (self));

  if (!g_set_object (&self->trace, trace))
    return;
  if (synack_view_state_get_trace (self->state) != trace)
    synack_view_state_set_trace (self->state, trace);
  on_state_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRACE]);
}

SynackPlayer *
synack_timeline_view_get_player (SynackTimelineView *self)
{
  g_return_val_if_fail (SYNACK_IS_TIMELINE_VIEW (self), NULL);
  return self->player;
}

void
synack_timeline_view_set_player (SynackTimelineView *self,
                                 SynackPlayer       *player)
{
  g_return_if_fail (SYNACK_IS_TIMELINE_VIEW (self));

  if (self->player == player)
    return;
  if (self->player != NULL)
    g_signal_handlers_disconnect_by_data (self->player, self);
  g_set_object (&self->player, player);
  if (player != NULL)
    {
      g_signal_connect_swapped (player, "notify::time", G_CALLBACK (gtk_widget_queue_draw), self);
      g_signal_connect_swapped (player, "notify::position", G_CALLBACK (gtk_widget_queue_draw), self);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYER]);
}

SynackViewState *
synack_timeline_view_get_view_state (SynackTimelineView *self)
{
  g_return_val_if_fail (SYNACK_IS_TIMELINE_VIEW (self), NULL);
  return self->state;
}

void
synack_timeline_view_set_view_state (SynackTimelineView *self,
                                     SynackViewState    *state)
{
  g_return_if_fail (SYNACK_IS_TIMELINE_VIEW (self));
  g_return_if_fail (SYNACK_IS_VIEW_STATE (state));

  if (self->state == state)
    return;
  if (self->state != NULL)
    g_signal_handlers_disconnect_by_data (self->state, self);
  g_set_object (&self->state, state);
  g_signal_connect_swapped (state, "notify", G_CALLBACK (on_state_changed), self);
  g_signal_connect_swapped (state, "axis-changed", G_CALLBACK (on_state_changed), self);
  if (self->trace != NULL && synack_view_state_get_trace (state) == NULL)
    synack_view_state_set_trace (state, self->trace);
  on_style_changed (self);
  on_state_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW_STATE]);
}

static void
synack_timeline_view_dispose (GObject *object)
{
  SynackTimelineView *self = SYNACK_TIMELINE_VIEW (object);

  g_signal_handlers_disconnect_by_data (adw_style_manager_get_default (), self);
  if (self->player != NULL)
    g_signal_handlers_disconnect_by_data (self->player, self);
  if (self->state != NULL)
    g_signal_handlers_disconnect_by_data (self->state, self);
  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->vadjustment, on_vadjustment_value_changed, self);
  g_clear_object (&self->player);
  g_clear_object (&self->trace);
  g_clear_object (&self->state);
  g_clear_object (&self->vadjustment);
  g_clear_object (&self->hadjustment);
  G_OBJECT_CLASS (synack_timeline_view_parent_class)->dispose (object);
}

static void
synack_timeline_view_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  SynackTimelineView *self = SYNACK_TIMELINE_VIEW (object);

  switch (prop_id)
    {
    case PROP_TRACE:
      g_value_set_object (value, self->trace);
      break;
    case PROP_PLAYER:
      g_value_set_object (value, self->player);
      break;
    case PROP_VIEW_STATE:
      g_value_set_object (value, self->state);
      break;
    case PROP_HADJUSTMENT:
      g_value_set_object (value, self->hadjustment);
      break;
    case PROP_VADJUSTMENT:
      g_value_set_object (value, self->vadjustment);
      break;
    case PROP_HSCROLL_POLICY:
      g_value_set_enum (value, self->hscroll_policy);
      break;
    case PROP_VSCROLL_POLICY:
      g_value_set_enum (value, self->vscroll_policy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
synack_timeline_view_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  SynackTimelineView *self = SYNACK_TIMELINE_VIEW (object);

  switch (prop_id)
    {
    case PROP_TRACE:
      synack_timeline_view_set_trace (self, g_value_get_object (value));
      break;
    case PROP_PLAYER:
      synack_timeline_view_set_player (self, g_value_get_object (value));
      break;
    case PROP_VIEW_STATE:
      if (g_value_get_object (value) != NULL)
        synack_timeline_view_set_view_state (self, g_value_get_object (value));
      break;
    case PROP_HADJUSTMENT:
      if (g_set_object (&self->hadjustment, g_value_get_object (value)))
        {
          update_adjustment (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_VADJUSTMENT:
      if (self->vadjustment != g_value_get_object (value))
        {
          if (self->vadjustment != NULL)
            g_signal_handlers_disconnect_by_func (self->vadjustment, on_vadjustment_value_changed, self);
          g_set_object (&self->vadjustment, g_value_get_object (value));
          if (self->vadjustment != NULL)
            g_signal_connect (self->vadjustment, "value-changed",
                              G_CALLBACK (on_vadjustment_value_changed), self);
          update_adjustment (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_HSCROLL_POLICY:
      self->hscroll_policy = g_value_get_enum (value);
      break;
    case PROP_VSCROLL_POLICY:
      self->vscroll_policy = g_value_get_enum (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
synack_timeline_view_class_init (SynackTimelineViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = synack_timeline_view_dispose;
  object_class->get_property = synack_timeline_view_get_property;
  object_class->set_property = synack_timeline_view_set_property;
  widget_class->snapshot = synack_timeline_view_snapshot;
  widget_class->measure = synack_timeline_view_measure;
  widget_class->size_allocate = synack_timeline_view_size_allocate;

  properties[PROP_TRACE] = g_param_spec_object ("trace", NULL, NULL, SYNACK_TYPE_TRACE, flags);
  properties[PROP_PLAYER] = g_param_spec_object ("player", NULL, NULL, SYNACK_TYPE_PLAYER, flags);
  properties[PROP_VIEW_STATE] =
    g_param_spec_object ("view-state", NULL, NULL, SYNACK_TYPE_VIEW_STATE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");

  signals[SEGMENT_ACTIVATED] =
    g_signal_new ("segment-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_install_action (widget_class, "timeline.zoom-in", NULL, action_zoom);
  gtk_widget_class_install_action (widget_class, "timeline.zoom-out", NULL, action_zoom);
  gtk_widget_class_install_action (widget_class, "timeline.zoom-fit", NULL, action_zoom);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "timeline.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "timeline.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "timeline.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "timeline.zoom-fit", NULL);

  gtk_widget_class_set_css_name (widget_class, "synack-timeline-view");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
synack_timeline_view_init (SynackTimelineView *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;
  AdwStyleManager *manager = adw_style_manager_get_default ();
  g_autoptr(SynackViewState) state = synack_view_state_new ();

  self->pointer_y = -1;
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("State timeline"), -1);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  synack_view_state_set_after_cursor (state, SYNACK_AFTER_CURSOR_FADE);
  synack_timeline_view_set_view_state (self, state);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip), self);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (on_motion), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gesture = gtk_gesture_click_new ();
  g_signal_connect (gesture, "pressed", G_CALLBACK (on_click_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (controller, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  g_signal_connect_swapped (manager, "notify::dark", G_CALLBACK (on_style_changed), self);
  g_signal_connect_swapped (manager, "notify::high-contrast", G_CALLBACK (on_style_changed), self);
}
