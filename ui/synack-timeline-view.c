/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gtk/gtk.h>
#include <glib/gi18n.h>
#include <math.h>

#include "synack-kernel-overlay.h"
#include "synack-ladder-layout.h"
#include "synack-ladder-paint.h"
#include "synack-theme.h"
#include "synack-timeline-paint.h"
#include "synack-timeline-view.h"

struct _SynackTimelineView
{
  SynackTimeView      parent_instance;

  SynackTimelineDrawn drawn;    /* what the last paint drew solid */
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
synack_timeline_view_paint (SynackTimeView     *view,
                            cairo_t            *cr,
                            SynackTimeAxis     *axis,
                            SynackPaintOptions *options)
{
  SynackTimelineParams params;
  SynackKernelStates *kernel = synack_time_view_get_kernel_states (view);
  g_autoptr(GArray) steps0 = NULL;
  g_autoptr(GArray) steps1 = NULL;
  SynackStateTrack tracks[2];

  if (axis != NULL)
    {
      params_for (SYNACK_TIMELINE_VIEW (view), &params);
      params.drawn = &SYNACK_TIMELINE_VIEW (view)->drawn;
      /* the kernel's own states beside the inferred ones, for a local socket */
      if (kernel != NULL)
        {
          guint conn = synack_view_state_get_connection (STATE (view));

          steps0 = synack_kernel_overlay_steps (kernel, conn, 0);
          steps1 = synack_kernel_overlay_steps (kernel, conn, 1);
          for (guint ep = 0; ep < 2; ep++)
            {
              GArray *steps = ep == 0 ? steps0 : steps1;

              if (steps == NULL)
                continue;
              tracks[ep].steps = (const SynackStateStep *) steps->data;
              tracks[ep].n_steps = steps->len;
              params.kernel[ep] = &tracks[ep];
            }
        }
      synack_timeline_paint (cr, TRACE (view), synack_view_state_get_connection (STATE (view)),
                             axis, &params, options);
    }
  else
    {
      synack_theme_set_source (cr, &options->theme->background);
      cairo_paint (cr);
    }
}

/* The bands grow with the text in them. */
static void
synack_timeline_view_measure_width (SynackTimeView *view,
                                    int            *minimum,
                                    int            *natural)
{
  double scale = synack_time_view_get_text_scale (view);

  *minimum = (int) (120 * scale);
  *natural = (int) (220 * scale);
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
  /* a state reached after an open question's cursor is not drawn: nor told */
  if (*since != G_MININT64 &&
      (gint64) *cause > (gint64) synack_time_view_get_last_told (SYNACK_TIME_VIEW (self)))
    return FALSE;
  *endpoint = ep;
  return TRUE;
}

/* The segment that caused a state span, if a segment did. */
static int
span_segment (SynackTimelineView *self,
              guint               event)
{
  SynackTrace *trace = TRACE (self);
  SynackEvent ev;

  if (event >= synack_trace_get_n_events (trace))
    return -1;
  synack_trace_read_event (trace, event, &ev);
  if (ev.kind == SYNACK_EVENT_SEGMENT)
    return event;
  if (ev.kind == SYNACK_EVENT_STATE && ev.state.cause_kind == SYNACK_CAUSE_SEGMENT)
    return ev.state.cause;
  return -1;
}

static char *
synack_timeline_view_describe (SynackTimeView *view,
                               double          x,
                               double          y,
                               gboolean        keyboard)
{
  guint ep, cause;
  SynackTcpState state;
  gint64 since;
  const char *who;

  if (keyboard || !pick_span (SYNACK_TIMELINE_VIEW (view), x, y, &ep, &state, &since, &cause))
    return NULL;
  who = ep == 0 ? _("client") : _("server");
  if (since == G_MININT64)
    return g_strdup_printf ("%s: %s\n%s", who, synack_tcp_state_to_rfc_name (state),
                            synack_tcp_state_describe (state));
  return g_strdup_printf (_("%s: %s since %.6f s\n%s"), who, synack_tcp_state_to_rfc_name (state),
                          since / 1e9, synack_tcp_state_describe (state));
}

/* A click on a band selects the segment that began its state. */
static int
synack_timeline_view_pick (SynackTimeView *view,
                           double          x,
                           double          y)
{
  SynackTimelineView *self = SYNACK_TIMELINE_VIEW (view);
  guint ep, cause;
  SynackTcpState state;
  gint64 since;

  if (pick_span (self, x, y, &ep, &state, &since, &cause) && since != G_MININT64)
    return span_segment (self, cause);
  return -1;
}

const SynackTimelineDrawn *
synack_timeline_view_get_drawn (SynackTimelineView *self)
{
  g_return_val_if_fail (SYNACK_IS_TIMELINE_VIEW (self), NULL);

  return &self->drawn;
}

GtkWidget *
synack_timeline_view_new (void)
{
  return g_object_new (SYNACK_TYPE_TIMELINE_VIEW, NULL);
}

static void
synack_timeline_view_class_init (SynackTimelineViewClass *klass)
{
  SynackTimeViewClass *view_class = SYNACK_TIME_VIEW_CLASS (klass);

  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "synack-timeline-view");
  view_class->measure_width = synack_timeline_view_measure_width;
  view_class->paint = synack_timeline_view_paint;
  view_class->describe = synack_timeline_view_describe;
  view_class->pick = synack_timeline_view_pick;
}

static void
synack_timeline_view_init (SynackTimelineView *self)
{
  self->drawn.cursor_event = G_MININT;
  self->drawn.state[0] = self->drawn.state[1] = SYNACK_STATE_UNKNOWN;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("State timeline"), -1);
}
