/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gtk/gtk.h>
#include <glib/gi18n.h>
#include <math.h>

#include "synack-ladder-layout.h"
#include "synack-ladder-paint.h"
#include "synack-theme.h"
#include "synack-timeline-paint.h"
#include "synack-timeline-view.h"

struct _SynackTimelineView
{
  SynackTimeView parent_instance;
};

G_DEFINE_FINAL_TYPE (SynackTimelineView, synack_timeline_view, SYNACK_TYPE_TIME_VIEW)

#define VIEW(self) SYNACK_TIME_VIEW (self)
#define STATE(self) synack_time_view_get_view_state (VIEW (self))
#define TRACE(self) synack_time_view_get_trace (VIEW (self))

static void
params_for (SynackTimelineView   *self,
            SynackTimelineParams *params)
{
  /* every field, the kernel's tracks too: the painter follows those pointers */
  memset (params, 0, sizeof *params);
  params->width = MAX (1, gtk_widget_get_width (GTK_WIDGET (self)));
  params->height = MAX (1, gtk_widget_get_height (GTK_WIDGET (self)));
  params->header_px = synack_time_view_get_header_px (VIEW (self));
  params->scroll_px = synack_view_state_get_scroll_px (STATE (self));
  params->ns_per_px = synack_view_state_get_ns_per_pixel (STATE (self));
}

static void
synack_timeline_view_snapshot (GtkWidget   *widget,
                               GtkSnapshot *snapshot)
{
  SynackTimelineView *self = SYNACK_TIMELINE_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  SynackViewState *state = STATE (self);
  SynackPlayer *player = synack_time_view_get_player (VIEW (self));
  SynackTimeAxis *axis = synack_view_state_get_axis (state);
  SynackTimelineParams params;
  SynackPaintOptions options;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;
  params_for (self, &params);
  synack_paint_options_init (&options, synack_time_view_get_theme (VIEW (self)),
                             synack_time_view_get_text_scale (VIEW (self)));
  options.selected = synack_view_state_get_selected (state);
  if (player != NULL && synack_player_get_position (player) >= 0)
    {
      options.cursor_time = synack_player_get_time (player);
      options.cursor_event = synack_player_get_position (player);
    }
  /* during replay what lies after the cursor is faded or hidden, as on the
   * ladder; before the first event that is everything */
  if (player != NULL && !synack_player_get_at_end (player))
    {
      options.after_cursor = synack_view_state_get_after_cursor (state);
      if (synack_player_get_position (player) < 0)
        options.cursor_event = -1;
    }
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (axis != NULL)
    synack_timeline_paint (cr, TRACE (self), synack_view_state_get_connection (state), axis,
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
  double scale = synack_time_view_get_text_scale (SYNACK_TIME_VIEW (widget));

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
  SynackTrace *trace = TRACE (self);
  SynackTimeAxis *axis = synack_view_state_get_axis (STATE (self));
  guint conn = synack_view_state_get_connection (STATE (self));
  SynackTimelineParams params;
  int ep;
  gint64 t;
  guint n, lo = 0, hi;

  if (axis == NULL || trace == NULL || conn >= synack_trace_get_n_connections (trace))
    return FALSE;
  params_for (self, &params);
  ep = synack_timeline_pick_endpoint (&params, x);
  if (ep < 0 || y < params.header_px)
    return FALSE;
  t = synack_timeline_y_to_time (&params, axis, y);
  n = synack_trace_get_n_state_spans (trace, conn, ep);
  hi = n;
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      gint64 st;
      SynackTcpState s;
      guint ev;

      synack_trace_get_state_span (trace, conn, ep, mid, &st, &s, &ev);
      if (st <= t)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo == 0)
    return FALSE;
  synack_trace_get_state_span (trace, conn, ep, lo - 1, since, state, cause);
  *endpoint = ep;
  return TRUE;
}

/* The segment that caused a state span, if a segment did. */
static int
span_segment (SynackTimelineView *self,
              guint               event)
{
  SynackTrace *trace = TRACE (self);
  const SynackEvent *ev;

  if (event >= synack_trace_get_n_events (trace))
    return -1;
  ev = synack_trace_get_event (trace, event);
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
    synack_time_view_select (VIEW (self), segment);
}

GtkWidget *
synack_timeline_view_new (void)
{
  return g_object_new (SYNACK_TYPE_TIMELINE_VIEW, NULL);
}

static void
synack_timeline_view_class_init (SynackTimelineViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->snapshot = synack_timeline_view_snapshot;
  widget_class->measure = synack_timeline_view_measure;
  gtk_widget_class_set_css_name (widget_class, "synack-timeline-view");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
synack_timeline_view_init (SynackTimelineView *self)
{
  GtkGesture *gesture;

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("State timeline"), -1);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip), self);

  gesture = gtk_gesture_click_new ();
  g_signal_connect (gesture, "pressed", G_CALLBACK (on_click_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));
}
