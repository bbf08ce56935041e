/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "synack-ladder-layout.h"
#include "synack-ladder-paint.h"
#include "synack-ladder-view.h"
#include "synack-theme.h"

struct _SynackLadderView
{
  GtkWidget           parent_instance;

  SynackTrace        *trace;
  SynackPlayer       *player;
  SynackViewState    *state;
  GtkAdjustment      *hadjustment;
  GtkAdjustment      *vadjustment;
  guint               hscroll_policy : 1;
  guint               vscroll_policy : 1;
  guint               follow_cursor : 1;
  guint               syncing : 1;
  guint               allocated : 1;
  guint               fit_pending : 1;   /* zoom for reading once there is a height */

  SynackLadderLayout *layout;        /* the last one drawn, for picking */
  SynackTextMeasurer *measurer;
  const SynackTheme  *measurer_theme;
  double              measurer_scale;
  int                 hover;
  double              pointer_y;           /* -1 when the pointer is elsewhere */
  double              zoom_begin_ns_per_px;
  double              zoom_anchor;
};

static void scrollable_iface_init (GtkScrollableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SynackLadderView, synack_ladder_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, scrollable_iface_init))

enum
{
  PROP_0,
  PROP_TRACE,
  PROP_PLAYER,
  PROP_VIEW_STATE,
  PROP_FOLLOW_CURSOR,
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
current_theme (SynackLadderView *self)
{
  if (synack_view_state_get_high_contrast (self->state))
    return synack_theme_get (SYNACK_THEME_HIGH_CONTRAST);
  return synack_theme_get (synack_view_state_get_dark (self->state) ? SYNACK_THEME_DARK
                                                                    : SYNACK_THEME_LIGHT);
}

static double
text_scale (SynackLadderView *self)
{
  return synack_view_state_get_text_scale (self->state);
}

static void
params_for (SynackLadderView   *self,
            SynackLadderParams *params)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  const SynackTheme *theme = current_theme (self);
  double scale = text_scale (self);

  synack_ladder_params_init (params, MAX (width, 1), MAX (height, 1), scale);
  params->ns_per_px = synack_view_state_get_ns_per_pixel (self->state);
  params->scroll_px = synack_view_state_get_scroll_px (self->state);
  params->seq_mode = synack_view_state_get_seq_mode (self->state);
  if (self->measurer == NULL || self->measurer_theme != theme || self->measurer_scale != scale)
    {
      g_clear_pointer (&self->measurer, synack_text_measurer_free);
      self->measurer = synack_text_measurer_new (gtk_widget_get_pango_context (GTK_WIDGET (self)),
                                                 theme, scale);
      self->measurer_theme = theme;
      self->measurer_scale = scale;
    }
  synack_ladder_params_use_measurer (params, self->measurer);
}

static double
header_px (SynackLadderView *self)
{
  SynackLadderParams params;

  synack_ladder_params_init (&params, 1, 1, text_scale (self));
  return params.header_px;
}

/* ---- scrolling ---- */

static void
update_adjustment (SynackLadderView *self)
{
  SynackTimeAxis *axis = synack_view_state_get_axis (self->state);
  double page = MAX (1, gtk_widget_get_height (GTK_WIDGET (self)) - header_px (self));
  double ns_per_px = synack_view_state_get_ns_per_pixel (self->state);
  double value = synack_view_state_get_scroll_px (self->state);
  double upper;

  if (self->vadjustment == NULL)
    return;
  upper = axis != NULL ? synack_time_axis_length_px (axis, ns_per_px) + page * 0.5 : page;
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
on_vadjustment_value_changed (GtkAdjustment    *adjustment,
                              SynackLadderView *self)
{
  if (self->syncing)
    return;
  synack_view_state_set_scroll_px (self->state, gtk_adjustment_get_value (adjustment));
}

static void
set_vadjustment (SynackLadderView *self,
                 GtkAdjustment    *adjustment)
{
  if (self->vadjustment == adjustment)
    return;
  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->vadjustment, on_vadjustment_value_changed, self);
  g_set_object (&self->vadjustment, adjustment);
  if (adjustment != NULL)
    g_signal_connect (adjustment, "value-changed", G_CALLBACK (on_vadjustment_value_changed), self);
  update_adjustment (self);
  g_object_notify (G_OBJECT (self), "vadjustment");
}

static void
set_hadjustment (SynackLadderView *self,
                 GtkAdjustment    *adjustment)
{
  if (self->hadjustment == adjustment)
    return;
  g_set_object (&self->hadjustment, adjustment);
  update_adjustment (self);
  g_object_notify (G_OBJECT (self), "hadjustment");
}

/* ---- following the view state and the player ---- */

static void
on_state_changed (SynackLadderView *self)
{
  update_adjustment (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
replaying (SynackLadderView *self)
{
  return self->player != NULL && !synack_player_get_at_end (self->player);
}

static void
follow (SynackLadderView *self)
{
  double extent = gtk_widget_get_height (GTK_WIDGET (self)) - header_px (self);

  /* before the first allocation there is no extent to keep the cursor in */
  if (self->follow_cursor && self->player != NULL && extent > 0 &&
      synack_player_get_position (self->player) >= 0 &&
      synack_view_state_get_axis (self->state) != NULL)
    synack_view_state_ensure_visible (self->state, synack_player_get_time (self->player), extent);
}

static void
on_player_moved (SynackLadderView *self)
{
  follow (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_style_changed (SynackLadderView *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();

  synack_view_state_set_dark (self->state, adw_style_manager_get_dark (manager));
  synack_view_state_set_high_contrast (self->state, adw_style_manager_get_high_contrast (manager));
}

/* ---- drawing ---- */

static void
synack_ladder_view_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  SynackLadderView *self = SYNACK_LADDER_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  SynackTimeAxis *axis = synack_view_state_get_axis (self->state);
  SynackLadderParams params;
  SynackPaintOptions options;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;
  params_for (self, &params);
  g_clear_pointer (&self->layout, synack_ladder_layout_free);
  if (axis == NULL)
    {
      g_autoptr(SynackTimeAxis) empty = synack_time_axis_new (0, 0, 0);
      self->layout = synack_ladder_layout_new (NULL, 0, empty, &params);
    }
  else
    self->layout = synack_ladder_layout_new (self->trace, synack_view_state_get_connection (self->state),
                                             axis, &params);

  synack_paint_options_init (&options, current_theme (self), text_scale (self));
  options.selected = synack_view_state_get_selected (self->state);
  options.hover = self->hover;
  if (self->player != NULL && synack_player_get_position (self->player) >= 0)
    {
      options.cursor_time = synack_player_get_time (self->player);
      options.cursor_event = synack_player_get_position (self->player);
    }
  options.after_cursor = replaying (self) ? synack_view_state_get_after_cursor (self->state)
                                          : SYNACK_AFTER_CURSOR_SHOW;
  if (self->player != NULL && synack_player_get_position (self->player) < 0 &&
      options.after_cursor != SYNACK_AFTER_CURSOR_SHOW)
    options.cursor_event = -1;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  synack_ladder_paint (cr, self->trace, self->layout, &options);
  if (gtk_widget_has_visible_focus (widget))
    {
      synack_theme_set_source (cr, &options.theme->selection);
      cairo_set_line_width (cr, 2);
      cairo_rectangle (cr, 1, 1, width - 2, height - 2);
      cairo_stroke (cr);
    }
  cairo_destroy (cr);
}

static void
synack_ladder_view_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 360;
      *natural = 900;
    }
  else
    {
      *minimum = 200;
      *natural = 700;
    }
}

static void
synack_ladder_view_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  SynackLadderView *self = SYNACK_LADDER_VIEW (widget);

  if (!self->allocated && height > 0)
    {
      self->allocated = TRUE;
      follow (self);
    }
  if (self->fit_pending && height > header_px (self) + 20)
    synack_ladder_view_zoom_for_reading (self);
  update_adjustment (self);
}

/* A connection first shown: a short one (a capture of a few milliseconds)
 * is spread over the height so its labels can be read; a long one starts
 * at 1 ms a pixel, where a handshake's labels stand apart. */
#define READING_NS_PER_PX 1e6

void
synack_ladder_view_zoom_for_reading (SynackLadderView *self)
{
  double extent;

  g_return_if_fail (SYNACK_IS_LADDER_VIEW (self));

  extent = gtk_widget_get_height (GTK_WIDGET (self)) - header_px (self) - 20;
  if (extent <= 0 || synack_view_state_get_axis (self->state) == NULL)
    {
      self->fit_pending = TRUE;
      return;
    }
  self->fit_pending = FALSE;
  synack_view_state_zoom_to_fit (self->state, extent);
  if (synack_view_state_get_ns_per_pixel (self->state) > READING_NS_PER_PX)
    synack_view_state_set_ns_per_pixel (self->state, READING_NS_PER_PX);
}

gboolean
synack_ladder_view_get_label_box (SynackLadderView *self,
                                  guint             event,
                                  graphene_rect_t  *box)
{
  const SynackLadderArrow *a;

  g_return_val_if_fail (SYNACK_IS_LADDER_VIEW (self), FALSE);

  if (self->layout == NULL || (a = synack_ladder_layout_find_arrow (self->layout, event)) == NULL ||
      !a->has_label)
    return FALSE;
  graphene_rect_init (box, a->lx, a->ly, a->lw, a->lh);
  return TRUE;
}

gboolean
synack_ladder_view_get_segment_point (SynackLadderView *self,
                                      guint             event,
                                      double           *x,
                                      double           *y)
{
  const SynackLadderArrow *a;

  g_return_val_if_fail (SYNACK_IS_LADDER_VIEW (self), FALSE);

  if (self->layout == NULL || (a = synack_ladder_layout_find_arrow (self->layout, event)) == NULL)
    return FALSE;
  if (a->has_label)
    {
      *x = a->lx + a->lw / 2;
      *y = a->ly + a->lh;
    }
  else
    {
      *x = (a->x0 + a->xe) / 2;
      *y = (a->y0 + a->ye) / 2;
    }
  return TRUE;
}

/* ---- input ---- */

int
synack_ladder_view_pick (SynackLadderView *self,
                         double            x,
                         double            y)
{
  g_return_val_if_fail (SYNACK_IS_LADDER_VIEW (self), -1);

  if (self->layout == NULL || self->trace == NULL)
    return -1;
  return synack_ladder_layout_pick (self->layout, x, y);
}

static void
on_motion (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           SynackLadderView         *self)
{
  int hover = synack_ladder_view_pick (self, x, y);

  self->pointer_y = y;
  if (hover != self->hover)
    {
      self->hover = hover;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
on_leave (GtkEventControllerMotion *motion,
          SynackLadderView         *self)
{
  self->pointer_y = -1;
  if (self->hover != -1)
    {
      self->hover = -1;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
on_click_pressed (GtkGestureClick  *gesture,
                  int               n_press,
                  double            x,
                  double            y,
                  SynackLadderView *self)
{
  int picked = synack_ladder_view_pick (self, x, y);

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (n_press == 1)
    synack_view_state_set_selected (self->state, picked);
  else if (n_press == 2 && picked >= 0)
    g_signal_emit (self, signals[SEGMENT_ACTIVATED], 0, (guint) picked);
}

static void
zoom_at (SynackLadderView *self,
         double            factor,
         double            y)
{
  synack_view_state_zoom (self->state, factor, MAX (0, y - header_px (self)));
}

static gboolean
on_scroll (GtkEventControllerScroll *scroll,
           double                    dx,
           double                    dy,
           SynackLadderView         *self)
{
  GdkModifierType mods = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (scroll));
  double y = self->pointer_y >= 0 ? self->pointer_y : gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;

  if (!(mods & GDK_CONTROL_MASK))
    return FALSE;
  zoom_at (self, pow (1.2, -dy), y);
  return TRUE;
}

static void
on_zoom_begin (GtkGesture       *gesture,
               GdkEventSequence *sequence,
               SynackLadderView *self)
{
  double x, y;

  self->zoom_begin_ns_per_px = synack_view_state_get_ns_per_pixel (self->state);
  self->zoom_anchor = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
  if (gtk_gesture_get_bounding_box_center (gesture, &x, &y))
    self->zoom_anchor = y;
}

static void
on_zoom_scale_changed (GtkGestureZoom   *gesture,
                       double            scale,
                       SynackLadderView *self)
{
  double now = synack_view_state_get_ns_per_pixel (self->state);
  double want = self->zoom_begin_ns_per_px / MAX (scale, 0.01);

  zoom_at (self, now / want, self->zoom_anchor);
}

static void
action_zoom (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  SynackLadderView *self = SYNACK_LADDER_VIEW (widget);
  double mid = gtk_widget_get_height (widget) / 2.0;

  if (g_str_equal (name, "ladder.zoom-in"))
    zoom_at (self, 1.5, mid);
  else if (g_str_equal (name, "ladder.zoom-out"))
    zoom_at (self, 1 / 1.5, mid);
  else
    synack_view_state_zoom_to_fit (self->state,
                                   MAX (1, gtk_widget_get_height (widget) - header_px (self) - 20));
}

static void
ensure_selection_visible (SynackLadderView *self)
{
  int selected = synack_view_state_get_selected (self->state);

  if (selected >= 0 && self->trace != NULL)
    synack_view_state_ensure_visible (self->state,
                                      synack_trace_get_event (self->trace, selected)->time,
                                      gtk_widget_get_height (GTK_WIDGET (self)) - header_px (self));
}

static void
action_select (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  SynackLadderView *self = SYNACK_LADDER_VIEW (widget);

  if (g_str_equal (name, "ladder.select-next"))
    synack_view_state_select_next (self->state);
  else
    synack_view_state_select_previous (self->state);
  ensure_selection_visible (self);
}

static void
action_activate (GtkWidget  *widget,
                 const char *name,
                 GVariant   *param)
{
  SynackLadderView *self = SYNACK_LADDER_VIEW (widget);
  int selected = synack_view_state_get_selected (self->state);

  if (selected >= 0)
    g_signal_emit (self, signals[SEGMENT_ACTIVATED], 0, (guint) selected);
}

static char *
describe_segment (SynackTrace   *trace,
                  guint          index,
                  SynackSeqMode  mode)
{
  const SynackEvent *ev = synack_trace_get_event (trace, index);
  const SynackConnection *c = synack_trace_get_connection (trace, ev->conn);
  g_autofree char *l1 = synack_ladder_label_line1 (trace, index);
  g_autofree char *l2 = synack_ladder_label_line2 (trace, index, mode);
  GString *s = g_string_new (NULL);
  char from[80], to[80];
  guint ep = ev->endpoint & 1;

  synack_endpoint_to_string (&c->addr[ep], c->port[ep], from, sizeof from);
  synack_endpoint_to_string (&c->addr[1 - ep], c->port[1 - ep], to, sizeof to);
  g_string_append_printf (s, _("Segment %u: %s → %s"), synack_trace_segment_ordinal (trace, index),
                          from, to);
  g_string_append_printf (s, "\n%s\n%s", l1, l2);
  if (ev->segment.arrive != SYNACK_TIME_NONE && ev->segment.fate != SYNACK_FATE_CAPTURED)
    {
      if (ev->segment.fate == SYNACK_FATE_LOST)
        g_string_append_printf (s, _("\nSent at %.6f s, lost on the way"), ev->time / 1e9);
      else
        g_string_append_printf (s, _("\nSent at %.6f s, arrived at %.6f s"), ev->time / 1e9,
                                ev->segment.arrive / 1e9);
    }
  else
    g_string_append_printf (s, _("\nCaptured at %.6f s"), ev->time / 1e9);
  for (guint bit = 0; bit < SYNACK_ANALYSIS_N_FLAGS; bit++)
    if (ev->segment.analysis & (1u << bit))
      g_string_append_printf (s, "\n%s", synack_analysis_label (bit));
  return g_string_free (s, FALSE);
}

static gboolean
on_query_tooltip (GtkWidget        *widget,
                  int               x,
                  int               y,
                  gboolean          keyboard,
                  GtkTooltip       *tooltip,
                  SynackLadderView *self)
{
  int index = keyboard ? synack_view_state_get_selected (self->state)
                       : synack_ladder_view_pick (self, x, y);
  g_autofree char *text = NULL;

  if (index < 0 || self->trace == NULL)
    return FALSE;
  text = describe_segment (self->trace, index, synack_view_state_get_seq_mode (self->state));
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* ---- GObject ---- */

GtkWidget *
synack_ladder_view_new (void)
{
  return g_object_new (SYNACK_TYPE_LADDER_VIEW, NULL);
}

SynackTrace *
synack_ladder_view_get_trace (SynackLadderView *self)
{
  g_return_val_if_fail (SYNACK_IS_LADDER_VIEW (self), NULL);
  return self->trace;
}

void
synack_ladder_view_set_trace (SynackLadderView *self,
                              SynackTrace      *trace)
{
  g_return_if_fail (SYNACK_IS_LADDER_VIEW (self));

  if (!g_set_object (&self->trace, trace))
    return;
  self->hover = -1;
  if (synack_view_state_get_trace (self->state) != trace)
    {
      synack_view_state_set_trace (self->state, trace);
      if (trace != NULL && gtk_widget_get_height (GTK_WIDGET (self)) > 0)
        synack_view_state_zoom_to_fit (self->state,
                                       gtk_widget_get_height (GTK_WIDGET (self)) - header_px (self) - 20);
    }
  on_state_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRACE]);
}

SynackPlayer *
synack_ladder_view_get_player (SynackLadderView *self)
{
  g_return_val_if_fail (SYNACK_IS_LADDER_VIEW (self), NULL);
  return self->player;
}

void
synack_ladder_view_set_player (SynackLadderView *self,
                               SynackPlayer     *player)
{
  g_return_if_fail (SYNACK_IS_LADDER_VIEW (self));

  if (self->player == player)
    return;
  if (self->player != NULL)
    g_signal_handlers_disconnect_by_data (self->player, self);
  g_set_object (&self->player, player);
  if (player != NULL)
    {
      g_signal_connect_swapped (player, "notify::time", G_CALLBACK (on_player_moved), self);
      g_signal_connect_swapped (player, "notify::position", G_CALLBACK (on_player_moved), self);
      g_signal_connect_swapped (player, "notify::at-end", G_CALLBACK (gtk_widget_queue_draw), self);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYER]);
}

SynackViewState *
synack_ladder_view_get_view_state (SynackLadderView *self)
{
  g_return_val_if_fail (SYNACK_IS_LADDER_VIEW (self), NULL);
  return self->state;
}

void
synack_ladder_view_set_view_state (SynackLadderView *self,
                                   SynackViewState  *state)
{
  g_return_if_fail (SYNACK_IS_LADDER_VIEW (self));
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

gboolean
synack_ladder_view_get_follow_cursor (SynackLadderView *self)
{
  g_return_val_if_fail (SYNACK_IS_LADDER_VIEW (self), FALSE);
  return self->follow_cursor;
}

void
synack_ladder_view_set_follow_cursor (SynackLadderView *self,
                                      gboolean          follow)
{
  g_return_if_fail (SYNACK_IS_LADDER_VIEW (self));

  follow = !!follow;
  if (self->follow_cursor == follow)
    return;
  self->follow_cursor = follow;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOW_CURSOR]);
}

static void
synack_ladder_view_dispose (GObject *object)
{
  SynackLadderView *self = SYNACK_LADDER_VIEW (object);

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
  g_clear_pointer (&self->layout, synack_ladder_layout_free);
  g_clear_pointer (&self->measurer, synack_text_measurer_free);
  G_OBJECT_CLASS (synack_ladder_view_parent_class)->dispose (object);
}

static void
synack_ladder_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SynackLadderView *self = SYNACK_LADDER_VIEW (object);

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
    case PROP_FOLLOW_CURSOR:
      g_value_set_boolean (value, self->follow_cursor);
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
synack_ladder_view_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  SynackLadderView *self = SYNACK_LADDER_VIEW (object);

  switch (prop_id)
    {
    case PROP_TRACE:
      synack_ladder_view_set_trace (self, g_value_get_object (value));
      break;
    case PROP_PLAYER:
      synack_ladder_view_set_player (self, g_value_get_object (value));
      break;
    case PROP_VIEW_STATE:
      if (g_value_get_object (value) != NULL)
        synack_ladder_view_set_view_state (self, g_value_get_object (value));
      break;
    case PROP_FOLLOW_CURSOR:
      synack_ladder_view_set_follow_cursor (self, g_value_get_boolean (value));
      break;
    case PROP_HADJUSTMENT:
      set_hadjustment (self, g_value_get_object (value));
      break;
    case PROP_VADJUSTMENT:
      set_vadjustment (self, g_value_get_object (value));
      break;
    case PROP_HSCROLL_POLICY:
      self->hscroll_policy = g_value_get_enum (value);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      break;
    case PROP_VSCROLL_POLICY:
      self->vscroll_policy = g_value_get_enum (value);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
synack_ladder_view_class_init (SynackLadderViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = synack_ladder_view_dispose;
  object_class->get_property = synack_ladder_view_get_property;
  object_class->set_property = synack_ladder_view_set_property;
  widget_class->snapshot = synack_ladder_view_snapshot;
  widget_class->measure = synack_ladder_view_measure;
  widget_class->size_allocate = synack_ladder_view_size_allocate;

  properties[PROP_TRACE] = g_param_spec_object ("trace", NULL, NULL, SYNACK_TYPE_TRACE, flags);
  properties[PROP_PLAYER] = g_param_spec_object ("player", NULL, NULL, SYNACK_TYPE_PLAYER, flags);
  properties[PROP_VIEW_STATE] =
    g_param_spec_object ("view-state", NULL, NULL, SYNACK_TYPE_VIEW_STATE, flags);
  properties[PROP_FOLLOW_CURSOR] =
    g_param_spec_boolean ("follow-cursor", NULL, NULL, TRUE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");

  signals[SEGMENT_ACTIVATED] =
    g_signal_new ("segment-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_install_action (widget_class, "ladder.zoom-in", NULL, action_zoom);
  gtk_widget_class_install_action (widget_class, "ladder.zoom-out", NULL, action_zoom);
  gtk_widget_class_install_action (widget_class, "ladder.zoom-fit", NULL, action_zoom);
  gtk_widget_class_install_action (widget_class, "ladder.select-next", NULL, action_select);
  gtk_widget_class_install_action (widget_class, "ladder.select-previous", NULL, action_select);
  gtk_widget_class_install_action (widget_class, "ladder.activate", NULL, action_activate);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "ladder.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "ladder.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "ladder.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "ladder.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "ladder.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "ladder.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, 0, "ladder.select-next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, 0, "ladder.select-previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "ladder.activate", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "ladder.activate", NULL);

  gtk_widget_class_set_css_name (widget_class, "synack-ladder-view");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
synack_ladder_view_init (SynackLadderView *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;
  AdwStyleManager *manager = adw_style_manager_get_default ();
  g_autoptr(SynackViewState) state = synack_view_state_new ();

  self->hover = -1;
  self->pointer_y = -1;
  self->follow_cursor = TRUE;
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Ladder diagram"), -1);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  synack_view_state_set_after_cursor (state, SYNACK_AFTER_CURSOR_FADE);
  synack_ladder_view_set_view_state (self, state);

  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip), self);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (controller, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gesture = gtk_gesture_click_new ();
  g_signal_connect (gesture, "pressed", G_CALLBACK (on_click_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (controller, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gesture = gtk_gesture_zoom_new ();
  g_signal_connect (gesture, "begin", G_CALLBACK (on_zoom_begin), self);
  g_signal_connect (gesture, "scale-changed", G_CALLBACK (on_zoom_scale_changed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  g_signal_connect_swapped (manager, "notify::dark", G_CALLBACK (on_style_changed), self);
  g_signal_connect_swapped (manager, "notify::high-contrast", G_CALLBACK (on_style_changed), self);
  on_style_changed (self);
}
