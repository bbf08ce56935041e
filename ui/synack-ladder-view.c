/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gtk/gtk.h>
#include <glib/gi18n.h>
#include <math.h>

#include "synack-ladder-layout.h"
#include "synack-ladder-paint.h"
#include "synack-kernel-overlay.h"
#include "synack-ladder-view.h"
#include "synack-theme.h"

struct _SynackLadderView
{
  SynackTimeView      parent_instance;

  guint               follow_cursor : 1;
  guint               allocated : 1;
  guint               fit_pending : 1;   /* zoom for reading once there is a height */
  guint               after_allocate;    /* tick callback: fit and follow after an allocation */

  SynackLadderLayout *layout;        /* the last one drawn, for picking */
  SynackTextMeasurer *measurer;
  const SynackTheme  *measurer_theme;
  double              measurer_scale;
  int                 hover;
  GArray             *mark_diffs;    /* SynackDisagreement of the marks last drawn */
  GArray             *mark_boxes;    /* SynackStateMarkBox: where they were drawn */
  SynackLadderDrawn   drawn;         /* the state names the last paint drew solid */
  double              zoom_begin_ns_per_px;
  double              zoom_anchor;
};

G_DEFINE_FINAL_TYPE (SynackLadderView, synack_ladder_view, SYNACK_TYPE_TIME_VIEW)

enum
{
  PROP_0,
  PROP_FOLLOW_CURSOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define VIEW(self) SYNACK_TIME_VIEW (self)
#define STATE(self) synack_time_view_get_view_state (VIEW (self))
#define TRACE(self) synack_time_view_get_trace (VIEW (self))
#define PLAYER(self) synack_time_view_get_player (VIEW (self))

static void
params_for (SynackLadderView   *self,
            SynackLadderParams *params)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  const SynackTheme *theme = synack_time_view_get_theme (VIEW (self));
  double scale = synack_time_view_get_text_scale (VIEW (self));

  synack_ladder_params_init (params, MAX (width, 1), MAX (height, 1), scale);
  params->ns_per_px = synack_view_state_get_ns_per_pixel (STATE (self));
  params->scroll_px = synack_view_state_get_scroll_px (STATE (self));
  params->seq_mode = synack_view_state_get_seq_mode (STATE (self));
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
  return synack_time_view_get_header_px (VIEW (self));
}

/* ---- following the player ---- */

static void
follow (SynackLadderView *self)
{
  double extent = gtk_widget_get_height (GTK_WIDGET (self)) - header_px (self);
  SynackPlayer *player = PLAYER (self);

  /* before the first allocation there is no extent to keep the cursor in */
  if (self->follow_cursor && player != NULL && extent > 0 &&
      synack_view_state_get_axis (STATE (self)) != NULL)
    {
      int position = synack_player_get_position (player);

      /* the cursor's own row, with what led to it in view above it; before
       * the first event (Home), the start */
      if (position >= 0)
        synack_view_state_ensure_event_visible (STATE (self), (guint) position,
                                                synack_player_get_time (player), extent);
      else
        synack_view_state_set_scroll_px (STATE (self), -SYNACK_VIEW_STATE_TOP_MARGIN_PX);
    }
}

static void
synack_ladder_view_player_moved (SynackTimeView *view)
{
  follow (SYNACK_LADDER_VIEW (view));
  gtk_widget_queue_draw (GTK_WIDGET (view));
}

static void
synack_ladder_view_trace_changed (SynackTimeView *view)
{
  SYNACK_LADDER_VIEW (view)->hover = -1;
}

/* ---- drawing ---- */

static void
synack_ladder_view_paint (SynackTimeView     *view,
                          cairo_t            *cr,
                          SynackTimeAxis     *axis,
                          SynackPaintOptions *options)
{
  SynackLadderView *self = SYNACK_LADDER_VIEW (view);
  int width = gtk_widget_get_width (GTK_WIDGET (view));
  int height = gtk_widget_get_height (GTK_WIDGET (view));
  SynackLadderParams params;
  SynackKernelStates *kernel;
  g_autoptr(GArray) marks = NULL;

  g_clear_pointer (&self->layout, synack_ladder_layout_free);
  params_for (self, &params);
  if (axis == NULL)
    {
      g_autoptr(SynackTimeAxis) empty = synack_time_axis_new (0, 0, 0);
      self->layout = synack_ladder_layout_new (NULL, 0, empty, &params);
    }
  else
    self->layout = synack_ladder_layout_new (TRACE (self),
                                             synack_view_state_get_connection (STATE (self)),
                                             axis, &params);
  options->hover = self->hover;
  /* where the kernel and inference disagree, each says what it said */
  kernel = synack_time_view_get_kernel_states (view);
  g_clear_pointer (&self->mark_diffs, g_array_unref);
  g_array_set_size (self->mark_boxes, 0);
  if (kernel != NULL && axis != NULL)
    {
      marks = synack_kernel_overlay_marks (kernel,
                                           synack_view_state_get_connection (STATE (self)),
                                           &self->mark_diffs);
      options->state_marks = (const SynackStateMark *) marks->data;
      options->n_state_marks = marks->len;
      options->state_mark_boxes = self->mark_boxes;
    }
  options->ladder_drawn = &self->drawn;
  synack_ladder_paint (cr, TRACE (self), self->layout, options);
  options->ladder_drawn = NULL;
  options->state_marks = NULL;
  options->n_state_marks = 0;
  options->state_mark_boxes = NULL;
  if (gtk_widget_has_visible_focus (GTK_WIDGET (self)))
    {
      synack_theme_set_source (cr, &options->theme->selection);
      cairo_set_line_width (cr, 2);
      cairo_rectangle (cr, 1, 1, width - 2, height - 2);
      cairo_stroke (cr);
    }
}

static void
synack_ladder_view_measure_width (SynackTimeView *view,
                                  int            *minimum,
                                  int            *natural)
{
  *minimum = 360;
  *natural = 900;
}

static gboolean
after_allocate (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       data)
{
  SynackLadderView *self = SYNACK_LADDER_VIEW (widget);
  int height = gtk_widget_get_height (widget);

  self->after_allocate = 0;
  if (!self->allocated && height > 0)
    {
      self->allocated = TRUE;
      follow (self);
    }
  if (self->fit_pending && height > header_px (self) + 20)
    synack_ladder_view_zoom_for_reading (self);
  return G_SOURCE_REMOVE;
}

static void
synack_ladder_view_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  SynackLadderView *self = SYNACK_LADDER_VIEW (widget);

  GTK_WIDGET_CLASS (synack_ladder_view_parent_class)->size_allocate (widget, width, height, baseline);
  /* Fitting and following change the shared view state, which resizes other
   * widgets of the window: done after this allocation, on the next frame,
   * not during it (GTK would snapshot them with no current allocation). */
  if (((!self->allocated && height > 0) ||
       (self->fit_pending && height > header_px (self) + 20)) &&
      self->after_allocate == 0)
    self->after_allocate = gtk_widget_add_tick_callback (widget, after_allocate, NULL, NULL);
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
  if (extent <= 0 || synack_view_state_get_axis (STATE (self)) == NULL)
    {
      self->fit_pending = TRUE;
      return;
    }
  self->fit_pending = FALSE;
  synack_view_state_zoom_to_fit (STATE (self), extent);
  if (synack_view_state_get_ns_per_pixel (STATE (self)) > READING_NS_PER_PX)
    synack_view_state_set_ns_per_pixel (STATE (self), READING_NS_PER_PX);
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
  int index;

  g_return_val_if_fail (SYNACK_IS_LADDER_VIEW (self), -1);

  if (self->layout == NULL || TRACE (self) == NULL)
    return -1;
  index = synack_ladder_layout_pick (self->layout, x, y);
  /* a segment hidden after an open question's cursor is not there to point at */
  if (index > synack_time_view_get_last_told (VIEW (self)))
    return -1;
  return index;
}

static void
on_motion (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           SynackLadderView         *self)
{
  int hover = synack_ladder_view_pick (self, x, y);

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
  if (self->hover != -1)
    {
      self->hover = -1;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
on_zoom_begin (GtkGesture       *gesture,
               GdkEventSequence *sequence,
               SynackLadderView *self)
{
  double x, y;

  self->zoom_begin_ns_per_px = synack_view_state_get_ns_per_pixel (STATE (self));
  self->zoom_anchor = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
  if (gtk_gesture_get_bounding_box_center (gesture, &x, &y))
    self->zoom_anchor = y;
}

static void
on_zoom_scale_changed (GtkGestureZoom   *gesture,
                       double            scale,
                       SynackLadderView *self)
{
  double now = synack_view_state_get_ns_per_pixel (STATE (self));
  double want = self->zoom_begin_ns_per_px / MAX (scale, 0.01);

  synack_time_view_zoom_at (VIEW (self), now / want, self->zoom_anchor);
}

static void
ensure_selection_visible (SynackLadderView *self)
{
  int selected = synack_view_state_get_selected (STATE (self));

  if (selected >= 0 && TRACE (self) != NULL)
    synack_view_state_ensure_event_visible (STATE (self), (guint) selected,
                                            synack_trace_get_event_time (TRACE (self), selected),
                                            gtk_widget_get_height (GTK_WIDGET (self)) - header_px (self));
}

static void
action_select (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  SynackLadderView *self = SYNACK_LADDER_VIEW (widget);

  SynackSession *session = synack_time_view_get_session (VIEW (self));

  if (session != NULL)
    {
      if (g_str_equal (name, "ladder.select-next"))
        synack_session_select_next (session);
      else
        synack_session_select_previous (session);
    }
  else if (g_str_equal (name, "ladder.select-next"))
    synack_view_state_select_next (STATE (self));
  else
    synack_view_state_select_previous (STATE (self));
  ensure_selection_visible (self);
}

static char *
describe_segment (SynackTrace   *trace,
                  guint          index,
                  SynackSeqMode  mode)
{
  SynackEvent ev;
  const SynackConnection *c;
  g_autofree char *l1 = synack_ladder_label_line1 (trace, index);
  g_autofree char *l2 = synack_ladder_label_line2 (trace, index, mode);
  GString *s;
  char from[80], to[80];
  guint ep;

  synack_trace_read_event (trace, index, &ev);
  c = synack_trace_get_connection (trace, ev.conn);
  s = g_string_new (NULL);
  ep = ev.endpoint & 1;

  synack_endpoint_to_string (&c->addr[ep], c->port[ep], from, sizeof from);
  synack_endpoint_to_string (&c->addr[1 - ep], c->port[1 - ep], to, sizeof to);
  g_string_append_printf (s, _("Segment %u: %s → %s"), (guint) synack_trace_segment_number (trace, index),
                          from, to);
  g_string_append_printf (s, "\n%s\n%s", l1, l2);
  if (ev.segment.arrive != SYNACK_TIME_NONE && ev.segment.fate != SYNACK_FATE_CAPTURED)
    {
      if (ev.segment.fate == SYNACK_FATE_LOST)
        g_string_append_printf (s, _("\nSent at %.6f s, lost on the way"), ev.time / 1e9);
      else if (ev.segment.fate == SYNACK_FATE_HOST_DOWN)
        g_string_append_printf (s, _("\nSent at %.6f s to a host that is down"), ev.time / 1e9);
      else
        g_string_append_printf (s, _("\nSent at %.6f s, arrived at %.6f s"), ev.time / 1e9,
                                ev.segment.arrive / 1e9);
    }
  else
    g_string_append_printf (s, _("\nCaptured at %.6f s"), ev.time / 1e9);
  for (guint bit = 0; bit < SYNACK_ANALYSIS_N_FLAGS; bit++)
    if (ev.segment.analysis & (1u << bit))
      g_string_append_printf (s, "\n%s", synack_analysis_label (bit));
  return g_string_free (s, FALSE);
}

guint
synack_ladder_view_get_n_elisions (SynackLadderView *self)
{
  g_return_val_if_fail (SYNACK_IS_LADDER_VIEW (self), 0);

  return self->layout != NULL ? self->layout->elisions->len : 0;
}

gboolean
synack_ladder_view_get_elision_box (SynackLadderView *self,
                                    guint             elision,
                                    double           *x,
                                    double           *y,
                                    double           *width,
                                    double           *height)
{
  const SynackLadderElision *e;

  g_return_val_if_fail (SYNACK_IS_LADDER_VIEW (self), FALSE);

  if (self->layout == NULL || elision >= self->layout->elisions->len)
    return FALSE;
  e = &g_array_index (self->layout->elisions, SynackLadderElision, elision);
  *x = e->x;
  *y = e->y;
  *width = e->w;
  *height = e->h;
  return TRUE;
}

char *
synack_ladder_view_describe_elision (SynackLadderView *self,
                                     guint             elision)
{
  SynackPlayer *player = synack_time_view_get_player (VIEW (self));
  int last = G_MAXINT;

  g_return_val_if_fail (SYNACK_IS_LADDER_VIEW (self), NULL);

  if (self->layout == NULL || TRACE (self) == NULL ||
      elision >= self->layout->elisions->len)
    return NULL;
  /* while a quiz question is open, nothing after the cursor */
  if (player != NULL && !synack_player_get_at_end (player) &&
      synack_view_state_get_after_cursor (STATE (self)) == SYNACK_AFTER_CURSOR_HIDE)
    last = synack_player_get_position (player);
  return synack_ladder_layout_describe_elision (self->layout, TRACE (self), elision,
                                                synack_view_state_get_seq_mode (STATE (self)), last);
}

static char *
synack_ladder_view_describe (SynackTimeView *view,
                             double          x,
                             double          y,
                             gboolean        keyboard)
{
  SynackLadderView *self = SYNACK_LADDER_VIEW (view);
  int index;

  /* a disagreement of the kernel and inference: what each said, and when */
  if (!keyboard && self->mark_diffs != NULL)
    for (guint i = self->mark_boxes->len; i-- > 0;)
      {
        const SynackStateMarkBox *b = &g_array_index (self->mark_boxes, SynackStateMarkBox, i);
        SynackKernelStates *kernel = synack_time_view_get_kernel_states (view);

        if (kernel != NULL && b->mark < self->mark_diffs->len && x >= b->x - 2 &&
            x <= b->x + b->width + 2 && y >= b->y - 2 && y <= b->y + b->height + 2)
          return synack_kernel_overlay_describe (
            kernel, &g_array_index (self->mark_diffs, SynackDisagreement, b->mark));
      }
  /* an elision mark: the labels it stands for */
  if (!keyboard && self->layout != NULL && TRACE (self) != NULL)
    {
      int elision = synack_ladder_layout_pick_elision (self->layout, x, y);

      if (elision >= 0)
        return synack_ladder_view_describe_elision (self, elision);
    }
  index = keyboard ? synack_view_state_get_selected (STATE (self))
                   : synack_ladder_view_pick (self, x, y);
  if (index < 0)
    return NULL;
  return describe_segment (TRACE (self), index, synack_view_state_get_seq_mode (STATE (self)));
}

static int
synack_ladder_view_pick_segment (SynackTimeView *view,
                                 double          x,
                                 double          y)
{
  return synack_ladder_view_pick (SYNACK_LADDER_VIEW (view), x, y);
}

/* ---- GObject ---- */

GtkWidget *
synack_ladder_view_new (void)
{
  return g_object_new (SYNACK_TYPE_LADDER_VIEW, NULL);
}

const GArray *
synack_ladder_view_get_mark_boxes (SynackLadderView *self)
{
  g_return_val_if_fail (SYNACK_IS_LADDER_VIEW (self), NULL);
  return self->mark_boxes;
}

const SynackLadderDrawn *
synack_ladder_view_get_drawn (SynackLadderView *self)
{
  g_return_val_if_fail (SYNACK_IS_LADDER_VIEW (self), NULL);

  return &self->drawn;
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

  if (self->after_allocate != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->after_allocate);
      self->after_allocate = 0;
    }
  g_clear_pointer (&self->layout, synack_ladder_layout_free);
  g_clear_pointer (&self->measurer, synack_text_measurer_free);
  g_clear_pointer (&self->mark_diffs, g_array_unref);
  g_clear_pointer (&self->mark_boxes, g_array_unref);
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
    case PROP_FOLLOW_CURSOR:
      g_value_set_boolean (value, self->follow_cursor);
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
    case PROP_FOLLOW_CURSOR:
      synack_ladder_view_set_follow_cursor (self, g_value_get_boolean (value));
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
  SynackTimeViewClass *view_class = SYNACK_TIME_VIEW_CLASS (klass);

  object_class->dispose = synack_ladder_view_dispose;
  object_class->get_property = synack_ladder_view_get_property;
  object_class->set_property = synack_ladder_view_set_property;
  widget_class->size_allocate = synack_ladder_view_size_allocate;
  view_class->trace_changed = synack_ladder_view_trace_changed;
  view_class->player_moved = synack_ladder_view_player_moved;
  view_class->paint = synack_ladder_view_paint;
  view_class->pick = synack_ladder_view_pick_segment;
  view_class->describe = synack_ladder_view_describe;
  view_class->measure_width = synack_ladder_view_measure_width;

  properties[PROP_FOLLOW_CURSOR] =
    g_param_spec_boolean ("follow-cursor", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "ladder.select-next", NULL, action_select);
  gtk_widget_class_install_action (widget_class, "ladder.select-previous", NULL, action_select);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, 0, "ladder.select-next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, 0, "ladder.select-previous", NULL);

  gtk_widget_class_set_css_name (widget_class, "synack-ladder-view");
}

static void
synack_ladder_view_init (SynackLadderView *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  self->hover = -1;
  self->follow_cursor = TRUE;
  self->drawn.cursor_event = G_MININT;
  self->drawn.state[0] = self->drawn.state[1] = SYNACK_STATE_UNKNOWN;
  self->mark_boxes = g_array_new (FALSE, FALSE, sizeof (SynackStateMarkBox));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Ladder diagram"), -1);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (controller, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gesture = gtk_gesture_zoom_new ();
  g_signal_connect (gesture, "begin", G_CALLBACK (on_zoom_begin), self);
  g_signal_connect (gesture, "scale-changed", G_CALLBACK (on_zoom_scale_changed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));
}
