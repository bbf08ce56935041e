/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "synack-ladder-layout.h"
#include "synack-timeline-paint.h"

void
synack_timeline_band_x (const SynackTimelineParams *params,
                        guint                       endpoint,
                        double                     *x,
                        double                     *w)
{
  double gap = 6;
  double bw = floor ((params->width - 3 * gap) / 2);

  *w = bw;
  *x = gap + endpoint * (bw + gap);
}

double
synack_timeline_time_to_y (const SynackTimelineParams *params,
                           SynackTimeAxis             *axis,
                           gint64                      t)
{
  return params->header_px + synack_time_axis_to_px (axis, t, params->ns_per_px) -
         params->scroll_px;
}

gint64
synack_timeline_y_to_time (const SynackTimelineParams *params,
                           SynackTimeAxis             *axis,
                           double                      y)
{
  return synack_time_axis_from_px (axis, y - params->header_px + params->scroll_px,
                                   params->ns_per_px);
}

int
synack_timeline_pick_endpoint (const SynackTimelineParams *params,
                               double                      x)
{
  for (guint ep = 0; ep < 2; ep++)
    {
      double bx, bw;

      synack_timeline_band_x (params, ep, &bx, &bw);
      if (x >= bx && x < bx + bw)
        return ep;
    }
  return -1;
}

static const char *
short_name (SynackTcpState state)
{
  switch (state)
    {
    case SYNACK_TCP_SYN_RECEIVED:
      return "SYN-RCVD";
    case SYNACK_TCP_ESTABLISHED:
      return "ESTAB";
    case SYNACK_TCP_CLOSE_WAIT:
      return "CL-WAIT";
    case SYNACK_TCP_FIN_WAIT_1:
      return "FIN-W-1";
    case SYNACK_TCP_FIN_WAIT_2:
      return "FIN-W-2";
    case SYNACK_TCP_TIME_WAIT:
      return "T-WAIT";
    default:
      return NULL;
    }
}

/* The first state span of an endpoint that is still in force at t. */
static guint
span_at (SynackTrace *trace,
         guint        conn,
         guint        ep,
         gint64       t)
{
  guint n = synack_trace_get_n_state_spans (trace, conn, ep);
  guint lo = 0, hi = n;

  /* last span with time <= t */
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
  return lo > 0 ? lo - 1 : 0;
}

/* Role names are interned identifiers ("client", "server", "kernel",
 * "engine"); the known ones are shown translated. */
static const char *
role_label (const char *name,
            guint       ep)
{
  if (name == NULL)
    return ep == 0 ? _("client") : _("server");
  if (g_str_equal (name, "client"))
    return _("client");
  if (g_str_equal (name, "server"))
    return _("server");
  if (g_str_equal (name, "kernel"))
    return _("kernel");
  if (g_str_equal (name, "engine"))
    return _("engine");
  return name;
}

static gint
synack_compare_time (const gint64 *a,
                     const gint64 *b)
{
  return *a < *b ? -1 : *a > *b;
}

/* Share of a split band that shows the inferred states. */
#define INFERRED_SHARE 0.6
#define SPLIT_GAP      5

static guint8
track_state_at (const SynackStateTrack *track,
                gint64                  t)
{
  guint8 state = SYNACK_STATE_UNKNOWN;

  for (guint i = 0; i < track->n_steps && track->steps[i].time <= t; i++)
    state = track->steps[i].state;
  return state;
}

/* The kernel's strip of a split band, and the marks of disagreement in the
 * gap between it and the inferred states. */
static void
paint_kernel_track (cairo_t                    *cr,
                    SynackTrace                *trace,
                    guint                       conn,
                    guint                       ep,
                    const SynackStateTrack     *track,
                    SynackTimeAxis             *axis,
                    const SynackTimelineParams *params,
                    const SynackPaintOptions   *options,
                    PangoLayout                *layout,
                    PangoFontDescription       *font,
                    gint64                      hide_after)
{
  const SynackTheme *theme = options->theme;
  double top = params->header_px, bottom = params->height;
  double bx, bw, kx, kw, gx;
  gint64 t_bottom = synack_timeline_y_to_time (params, axis, bottom);
  g_autoptr(GArray) cuts = g_array_new (FALSE, FALSE, sizeof (gint64));

  synack_timeline_band_x (params, ep, &bx, &bw);
  gx = bx + floor (bw * INFERRED_SHARE);
  kx = gx + SPLIT_GAP;
  kw = bx + bw - kx;
  for (guint i = 0; i < track->n_steps; i++)
    {
      const SynackStateStep *step = &track->steps[i];
      gint64 st = step->time, et = i + 1 < track->n_steps ? track->steps[i + 1].time : G_MAXINT64;
      double y0, y1;

      if (st > t_bottom || st > hide_after)
        break;
      et = MIN (et, hide_after);
      y0 = MAX (top, synack_timeline_time_to_y (params, axis, st));
      y1 = et == G_MAXINT64 ? bottom : MIN (bottom, synack_timeline_time_to_y (params, axis, et));
      if (y1 <= y0)
        y1 = y0 + 1;
      if (step->state == SYNACK_STATE_UNKNOWN)
        continue;
      synack_theme_set_source (cr, &theme->state[step->state]);
      cairo_rectangle (cr, kx, y0, kw, y1 - y0);
      cairo_fill (cr);
      synack_theme_paint_hatch (cr, synack_theme_state_hatch (step->state),
                                &theme->state_ink[step->state], kx, y0, kw, y1 - y0);
      {
        const char *name = short_name (step->state) ? short_name (step->state)
                                                    : synack_tcp_state_to_rfc_name (step->state);
        PangoRectangle logical;

        pango_layout_set_font_description (layout, font);
        pango_layout_set_text (layout, name, -1);
        pango_layout_get_pixel_extents (layout, NULL, &logical);
        if (y1 - y0 >= logical.height + 4 && logical.width <= kw - 4)
          {
            double cy = (y0 + y1) / 2;

            synack_theme_set_source (cr, &theme->state[step->state]);
            cairo_rectangle (cr, kx + (kw - logical.width) / 2 - 2, cy - logical.height / 2.0 - 1,
                             logical.width + 4, logical.height + 2);
            cairo_fill (cr);
            synack_theme_set_source (cr, &theme->state_ink[step->state]);
            cairo_move_to (cr, kx + (kw - logical.width) / 2 - logical.x,
                           cy - logical.height / 2.0 - logical.y);
            synack_paint_show_layout (cr, layout, options);
          }
      }
      synack_theme_set_source (cr, &theme->background);
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, kx, floor (y0) + 0.5);
      cairo_line_to (cr, kx + kw, floor (y0) + 0.5);
      cairo_stroke (cr);
    }

  /* Where the two accounts differ: every time either changes, compare. */
  for (guint i = 0; i < track->n_steps; i++)
    g_array_append_val (cuts, track->steps[i].time);
  for (guint i = 0, n = synack_trace_get_n_state_spans (trace, conn, ep); i < n; i++)
    {
      gint64 t;
      SynackTcpState state;
      guint ev;

      synack_trace_get_state_span (trace, conn, ep, i, &t, &state, &ev);
      if (t != G_MININT64)
        g_array_append_val (cuts, t);
    }
  g_array_sort (cuts, (GCompareFunc) synack_compare_time);
  for (guint i = 0; i < cuts->len; i++)
    {
      gint64 t0 = g_array_index (cuts, gint64, i);
      gint64 t1 = i + 1 < cuts->len ? g_array_index (cuts, gint64, i + 1) : G_MAXINT64;
      guint8 k = track_state_at (track, t0);
      SynackTcpState inferred = synack_trace_state_at_time (trace, conn, ep, t0);
      double y0, y1;
      guint next = 0;

      if (t0 == t1 || t0 > hide_after || t0 > t_bottom)
        continue;
      if (k == SYNACK_STATE_UNKNOWN || k == inferred)
        continue;
      /* A poll that later finds the inferred state: the kernel was most
       * likely there already, and only not asked yet. No disagreement. */
      while (next < track->n_steps && track->steps[next].time <= t0)
        next++;
      if (next < track->n_steps && track->steps[next].polled &&
          track->steps[next].state == inferred)
        continue;
      t1 = MIN (t1, hide_after);
      y0 = MAX (top, synack_timeline_time_to_y (params, axis, t0));
      y1 = t1 == G_MAXINT64 ? bottom : MIN (bottom, synack_timeline_time_to_y (params, axis, t1));
      /* Less than a pixel: the microseconds between a state change and its
       * packet at the capture point, seen when zoomed in to them. */
      if (y1 - y0 < 1)
        continue;
      synack_theme_set_source (cr, &theme->mark[SYNACK_MARK_RESET]);
      cairo_rectangle (cr, gx + 1, y0, SPLIT_GAP - 2, y1 - y0);
      cairo_fill (cr);
    }
}

/* Whether the state change that began a span was inferred across packets
 * the capture missed (no captured segment moved the endpoint there). */
static gboolean
span_inferred (SynackTrace *trace,
               guint        ev)
{
  SynackEvent e;

  if (ev >= synack_trace_get_n_events (trace))
    return FALSE;
  synack_trace_read_event (trace, ev, &e);
  return e.kind == SYNACK_EVENT_STATE && (e.state.flags & SYNACK_STATE_INFERRED) != 0;
}

/* An inferred span is drawn paler, inside a dashed frame in the state's
 * ink, so it never reads as a state the packets showed. */
static void
paint_inferred_span (cairo_t           *cr,
                     const SynackTheme *theme,
                     SynackTcpState     state,
                     double             x,
                     double             y,
                     double             w,
                     double             h,
                     double             scale)
{
  double dash[] = { 4 * scale, 3 * scale };

  cairo_save (cr);
  synack_theme_set_source_alpha (cr, &theme->background, 0.55);
  cairo_rectangle (cr, x, y, w, h);
  cairo_fill (cr);
  if (h > 3 && w > 3)
    {
      synack_theme_set_source (cr, &theme->state_ink[state]);
      cairo_set_line_width (cr, MAX (1.0, scale));
      cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
      cairo_rectangle (cr, x + 1.5, y + 1.5, w - 3, h - 3);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

/* A free stretch [y0, y1] of a band, for a state name. */
typedef struct
{
  double y0, y1;
} Interval;

/* The largest part of [y0, y1] that no forbidden interval touches. */
static Interval
largest_free (double          y0,
              double          y1,
              const Interval *forbidden,
              guint           n)
{
  Interval best = { 0, -1 };
  double a = y0;

  /* forbidden is sorted by y0 */
  for (guint i = 0; i <= n; i++)
    {
      double b = i < n ? MIN (y1, forbidden[i].y0) : y1;

      if (b - a > best.y1 - best.y0)
        {
          best.y0 = a;
          best.y1 = b;
        }
      if (i < n)
        a = MAX (a, forbidden[i].y1);
      if (a >= y1)
        break;
    }
  return best;
}

static int
interval_compare (gconstpointer a,
                  gconstpointer b)
{
  const Interval *x = a, *y = b;

  return x->y0 < y->y0 ? -1 : x->y0 > y->y0;
}

/* A state's name in [y0, y1] of a band, on a plain patch so the hatch does
 * not cross it: in bold, else smaller, else on two lines after its first
 * hyphen ("SYN-" over "RECEIVED"), else up the band, else the RFC 793
 * abbreviation (the view's tooltip says the full name). */
static void
draw_state_name (cairo_t                  *cr,
                 PangoLayout              *layout,
                 const SynackTheme        *theme,
                 const SynackPaintOptions *options,
                 PangoFontDescription     *bold,
                 PangoFontDescription     *small,
                 SynackTcpState            state,
                 double                    bx,
                 double                    bw,
                 double                    y0,
                 double                    y1,
                 double                    line_px,
                 double                    alpha)
{
  const char *name = synack_tcp_state_to_rfc_name (state);
  double cy = (y0 + y1) / 2;
  PangoRectangle logical;
  double tw;

  pango_layout_set_font_description (layout, bold);
  pango_layout_set_text (layout, name, -1);
  pango_layout_get_pixel_extents (layout, NULL, &logical);
  tw = logical.width;
  if (tw > bw - 4)
    {
      pango_layout_set_font_description (layout, small);
      pango_layout_get_pixel_extents (layout, NULL, &logical);
      tw = logical.width;
    }
  if (tw > bw - 4 && strchr (name, '-') != NULL && y1 - y0 >= 2 * line_px + 2)
    {
      const char *hyphen = strchr (name, '-');
      g_autofree char *two = g_strdup_printf ("%.*s\n%s", (int) (hyphen - name + 1),
                                              name, hyphen + 1);

      pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
      pango_layout_set_text (layout, two, -1);
      pango_layout_get_pixel_extents (layout, NULL, &logical);
      tw = logical.width;
    }
  if (tw > bw - 4)
    {
      /* a long span of a narrow band: the full name up the band */
      pango_layout_set_alignment (layout, PANGO_ALIGN_LEFT);
      pango_layout_set_font_description (layout, bold);
      pango_layout_set_text (layout, name, -1);
      pango_layout_get_pixel_extents (layout, NULL, &logical);
      if (logical.height + 4 <= bw - 4 && logical.width + 12 <= y1 - y0)
        {
          cairo_save (cr);
          cairo_translate (cr, bx + bw / 2, cy);
          cairo_rotate (cr, -G_PI / 2);
          synack_theme_set_source_alpha (cr, &theme->state[state], alpha);
          cairo_rectangle (cr, -logical.width / 2.0 - 3, -logical.height / 2.0,
                           logical.width + 6, logical.height);
          cairo_fill (cr);
          synack_theme_set_source_alpha (cr, &theme->state_ink[state], alpha);
          cairo_move_to (cr, -logical.width / 2.0 - logical.x, -logical.height / 2.0 - logical.y);
          synack_paint_show_layout (cr, layout, options);
          cairo_restore (cr);
          return;
        }
      pango_layout_set_font_description (layout, small);
      pango_layout_set_text (layout, name, -1);
      pango_layout_get_pixel_extents (layout, NULL, &logical);
      tw = logical.width;
    }
  if (tw > bw - 4 && short_name (state) != NULL)
    {
      pango_layout_set_text (layout, short_name (state), -1);
      pango_layout_get_pixel_extents (layout, NULL, &logical);
      tw = logical.width;
    }
  if (tw <= bw - 4 && logical.height <= y1 - y0 + 2)
    {
      double th = MAX (line_px, logical.height);

      synack_theme_set_source_alpha (cr, &theme->state[state], alpha);
      cairo_rectangle (cr, bx + (bw - tw) / 2 - 3, cy - th / 2, tw + 6, th);
      cairo_fill (cr);
      synack_theme_set_source_alpha (cr, &theme->state_ink[state], alpha);
      cairo_move_to (cr, bx + (bw - logical.width) / 2 - logical.x,
                     cy - logical.height / 2.0 - logical.y);
      synack_paint_show_layout (cr, layout, options);
    }
  pango_layout_set_alignment (layout, PANGO_ALIGN_LEFT);
}

/* The span in force just after the cursor event: the last whose change
 * came at or before it. */
static guint
span_at_event (SynackTrace *trace,
               guint        conn,
               guint        ep,
               int          cursor_event)
{
  guint n = synack_trace_get_n_state_spans (trace, conn, ep);
  guint lo = 1, hi = n;

  if (cursor_event < 0)
    return 0;
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      gint64 st;
      SynackTcpState s;
      guint ev;

      synack_trace_get_state_span (trace, conn, ep, mid, &st, &s, &ev);
      if (ev <= (guint) cursor_event)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo - 1;
}

double
synack_timeline_span_y (const SynackTimelineParams *params,
                        SynackTrace                *trace,
                        guint                       conn,
                        SynackTimeAxis             *axis,
                        guint                       endpoint,
                        guint                       span)
{
  return params->header_px - params->scroll_px +
         synack_ladder_state_span_y (trace, conn, axis, params->ns_per_px, endpoint, span);
}

double
synack_timeline_cursor_y (const SynackTimelineParams *params,
                          SynackTimeAxis             *axis,
                          const SynackPaintOptions   *options)
{
  if (options->cursor_time == SYNACK_TIME_NONE)
    return params->header_px;
  if (options->cursor_event >= 0 && options->cursor_event != G_MAXINT)
    return params->header_px - params->scroll_px +
           synack_time_axis_event_to_px (axis, options->cursor_event, options->cursor_time,
                                         params->ns_per_px);
  return synack_timeline_time_to_y (params, axis, options->cursor_time);
}

void
synack_timeline_paint (cairo_t                    *cr,
                       SynackTrace                *trace,
                       guint                       conn,
                       SynackTimeAxis             *axis,
                       const SynackTimelineParams *params,
                       const SynackPaintOptions   *options)
{
  const SynackTheme *theme = options->theme;
  double s = options->text_scale;
  double top = params->header_px, bottom = params->height;
  gint64 t_top = synack_timeline_y_to_time (params, axis, top);
  gint64 t_bottom = synack_timeline_y_to_time (params, axis, bottom);
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) bold = synack_paint_font (theme, s, TRUE);
  g_autoptr(PangoFontDescription) small = synack_paint_font (theme, s * 0.85, FALSE);
  double line_px = ceil (theme->font_px * s * 1.3);
  /* before the first event (cursor_event < 0) everything is still to come */
  gboolean replay = options->after_cursor != SYNACK_AFTER_CURSOR_SHOW &&
                    (options->cursor_event < 0 ||
                     (options->cursor_time != SYNACK_TIME_NONE && options->cursor_event != G_MAXINT));
  gboolean hide = replay && options->after_cursor == SYNACK_AFTER_CURSOR_HIDE;
  double cur_y = synack_timeline_cursor_y (params, axis, options);
  g_autoptr(GArray) forbidden = g_array_new (FALSE, FALSE, sizeof (Interval));
  guint first_break, last_break;

  cairo_save (cr);
  if (options->draw_background)
    {
      synack_theme_set_source (cr, &theme->background);
      cairo_rectangle (cr, 0, 0, params->width, params->height);
      cairo_fill (cr);
    }
  if (trace == NULL || conn >= synack_trace_get_n_connections (trace))
    {
      cairo_restore (cr);
      return;
    }

  /* where no state name may go: the cursor line, breaks, the selected
   * segment's marks */
  if (options->cursor_time != SYNACK_TIME_NONE)
    {
      Interval iv = { cur_y - line_px / 2 - 3 * s, cur_y + line_px / 2 + 3 * s };
      g_array_append_val (forbidden, iv);
    }
  synack_time_axis_breaks_between (axis, params->ns_per_px, t_top, t_bottom,
                                   &first_break, &last_break);
  for (guint i = first_break; i < last_break; i++)
    {
      gint64 t0, t1;
      Interval iv;

      synack_time_axis_get_break (axis, params->ns_per_px, i, &t0, &t1);
      iv.y0 = synack_timeline_time_to_y (params, axis, t0);
      iv.y1 = synack_timeline_time_to_y (params, axis, t1);
      g_array_append_val (forbidden, iv);
    }
  if (options->selected >= 0 && (guint) options->selected < synack_trace_get_n_events (trace))
    {
      SynackEvent ev;

      synack_trace_read_event (trace, options->selected, &ev);
      if (ev.kind == SYNACK_EVENT_SEGMENT && ev.conn == conn)
        {
          double y = params->header_px - params->scroll_px +
                     synack_time_axis_event_to_px (axis, options->selected, ev.time, params->ns_per_px);
          Interval iv = { y - line_px / 2 - 4 * s, y + line_px / 2 + 4 * s };

          g_array_append_val (forbidden, iv);
          if (ev.segment.arrive != SYNACK_TIME_NONE && ev.segment.fate != SYNACK_FATE_LOST &&
              ev.segment.fate != SYNACK_FATE_CAPTURED)
            {
              y = params->header_px - params->scroll_px +
                  synack_time_axis_arrival_to_px (axis, options->selected, ev.segment.arrive,
                                                  params->ns_per_px);
              iv.y0 = y - line_px / 2 - 4 * s;
              iv.y1 = y + line_px / 2 + 4 * s;
              g_array_append_val (forbidden, iv);
            }
        }
    }
  g_array_sort (forbidden, interval_compare);
  if (params->drawn != NULL)
    {
      params->drawn->cursor_event = options->cursor_event;
      for (guint ep = 0; ep < 2; ep++)
        {
          params->drawn->state[ep] = SYNACK_STATE_UNKNOWN;
          params->drawn->solid_to[ep] = top;
        }
    }

  cairo_save (cr);
  cairo_rectangle (cr, 0, top, params->width, bottom - top);
  cairo_clip (cr);
  for (guint ep = 0; ep < 2; ep++)
    {
      guint n = synack_trace_get_n_state_spans (trace, conn, ep);
      guint current = replay ? span_at_event (trace, conn, ep, options->cursor_event) : n;
      double now_y = bottom;
      double bx, bw;
      guint drawn = 0;

      synack_timeline_band_x (params, ep, &bx, &bw);
      if (params->kernel[ep] != NULL)
        bw = floor (bw * INFERRED_SHARE);
      /* The solid part ends just after the cursor event: the state it
       * left the endpoint in is shown, with room for its name. */
      if (replay)
        {
          double y0 = current == 0 ? top : synack_timeline_span_y (params, trace, conn, axis, ep, current);
          double next = current + 1 < n ? synack_timeline_span_y (params, trace, conn, axis, ep, current + 1)
                                        : G_MAXDOUBLE;

          if (options->cursor_event < 0)
            now_y = top;
          else if (hide)
            /* not cut short where the next state begins: that would tell
             * when it comes */
            now_y = MAX (cur_y, MAX (y0, top) + 2 * line_px + 6 * s);
          else
            now_y = MAX (cur_y, MIN (MAX (y0, top) + 2 * line_px + 6 * s, next));
        }
      if (hide && options->cursor_event < 0)
        continue;
      for (guint i = span_at (trace, conn, ep, t_top); i < n; i++)
        {
          gint64 st;
          SynackTcpState state;
          guint ev;
          double y0, y1;

          synack_trace_get_state_span (trace, conn, ep, i, &st, &state, &ev);
          if (hide && i > current)
            break;
          y0 = i == 0 ? top : MAX (top, synack_timeline_span_y (params, trace, conn, axis, ep, i));
          if (y0 > bottom)
            break;
          y1 = i + 1 < n ? MIN (bottom, synack_timeline_span_y (params, trace, conn, axis, ep, i + 1))
                         : bottom;
          if (hide && i == current)
            y1 = MIN (bottom, now_y);
          if (y1 <= y0)
            y1 = y0 + 1;   /* too short to see at this zoom: a hairline says it happened */
          /* solid: up to the span in force after the cursor event */
          if (params->drawn != NULL && (!replay || (options->cursor_event >= 0 && i <= current)))
            {
              params->drawn->state[ep] = state;
              params->drawn->solid_to[ep] = replay && i == current ? MIN (y1, now_y) : y1;
            }
          synack_theme_set_source (cr, &theme->state[state]);
          cairo_rectangle (cr, bx, y0, bw, y1 - y0);
          cairo_fill (cr);
          synack_theme_paint_hatch (cr, synack_theme_state_hatch (state), &theme->state_ink[state],
                                    bx, y0, bw, y1 - y0);
          if (span_inferred (trace, ev))
            paint_inferred_span (cr, theme, state, bx, y0, bw, y1 - y0, s);
          /* a boundary line between states */
          synack_theme_set_source (cr, &theme->background);
          cairo_set_line_width (cr, 1);
          cairo_move_to (cr, bx, floor (y0) + 0.5);
          cairo_line_to (cr, bx + bw, floor (y0) + 0.5);
          cairo_stroke (cr);
          if (++drawn > 4096)
            break;
        }

      if (params->kernel[ep] != NULL)
        paint_kernel_track (cr, trace, conn, ep, params->kernel[ep], axis, params, options,
                            layout, small, hide ? options->cursor_time : G_MAXINT64);

      /* what lies after the cursor event is faded, as on the ladder (the
       * kernel's strip too) */
      if (replay && !hide && now_y < bottom)
        {
          double fx, fw;

          synack_timeline_band_x (params, ep, &fx, &fw);
          synack_theme_set_source_alpha (cr, &theme->background, 1.0 - theme->faded.a);
          cairo_rectangle (cr, fx, MAX (top, now_y), fw, bottom - MAX (top, now_y));
          cairo_fill (cr);
        }

      /* names, where they fit, clear of the cursor, breaks and marks, on
       * one side of the fade */
      drawn = 0;
      for (guint i = span_at (trace, conn, ep, t_top); i < n && drawn < 4096; i++, drawn++)
        {
          gint64 st;
          SynackTcpState state;
          guint ev;
          double y0, y1;

          synack_trace_get_state_span (trace, conn, ep, i, &st, &state, &ev);
          if (hide && i > current)
            break;
          y0 = i == 0 ? top : MAX (top, synack_timeline_span_y (params, trace, conn, axis, ep, i));
          if (y0 > bottom)
            break;
          y1 = i + 1 < n ? MIN (bottom, synack_timeline_span_y (params, trace, conn, axis, ep, i + 1))
                         : bottom;
          for (int part = 0; part < 2; part++)
            {
              double a = part == 0 ? y0 : MAX (y0, now_y);
              double b = part == 0 ? MIN (y1, now_y) : y1;
              Interval free;

              /* while the future is hidden the name is not written after
               * the cursor: where it would stand tells how long the state
               * lasts */
              if (b - a < line_px + 2 || (hide && part == 1))
                continue;
              free = largest_free (a + 1, b - 1, (const Interval *) (void *) forbidden->data,
                                   forbidden->len);
              if (free.y1 - free.y0 >= line_px + 2)
                draw_state_name (cr, layout, theme, options, bold, small, state, bx, bw,
                                 free.y0, free.y1, line_px, part == 0 ? 1.0 : theme->faded.a);
            }
        }
    }

  /* each band framed, so a state the colour of the page (CLOSED in high
   * contrast) still reads as a band */
  synack_theme_set_source (cr, &theme->lifeline);
  cairo_set_line_width (cr, 1);
  for (guint ep = 0; ep < 2; ep++)
    {
      double bx, bw;

      synack_timeline_band_x (params, ep, &bx, &bw);
      cairo_rectangle (cr, floor (bx) + 0.5, top + 0.5, floor (bw) - 1, bottom - top - 1);
      cairo_stroke (cr);
    }

  /* breaks cut across both bands */
  for (guint i = first_break; i < last_break; i++)
    {
      gint64 t0, t1;
      double y0, y1;

      synack_time_axis_get_break (axis, params->ns_per_px, i, &t0, &t1);
      y0 = synack_timeline_time_to_y (params, axis, t0);
      y1 = synack_timeline_time_to_y (params, axis, t1);
      /* a break still to come is not drawn while the future is hidden */
      if (hide && (options->cursor_event < 0 || y0 >= cur_y || y1 > cur_y + 1))
        continue;
      synack_theme_set_source (cr, &theme->background);
      cairo_set_line_width (cr, 3 * s);
      for (int k = 0; k < 2; k++)
        {
          double yy = y0 + (y1 - y0) * (k + 1) / 3;

          cairo_move_to (cr, 0, yy);
          for (double x = 0; x <= params->width; x += 8)
            cairo_line_to (cr, x, yy + ((int) (x / 8) % 2 ? 3 : -3));
        }
      cairo_stroke (cr);
    }

  /* the selected segment: where it leaves and where it arrives */
  if (options->selected >= 0 && (guint) options->selected < synack_trace_get_n_events (trace))
    {
      SynackEvent ev;

      synack_trace_read_event (trace, options->selected, &ev);
      if (ev.kind == SYNACK_EVENT_SEGMENT && ev.conn == conn &&
          !(hide && options->selected > options->cursor_event))
        {
          double bx, bw;
          double y = params->header_px - params->scroll_px +
                     synack_time_axis_event_to_px (axis, options->selected, ev.time, params->ns_per_px);

          synack_timeline_band_x (params, ev.endpoint & 1, &bx, &bw);
          synack_theme_set_source (cr, &theme->foreground);
          cairo_set_line_width (cr, 2 * s);
          cairo_rectangle (cr, bx + 1, y - 3 * s, bw - 2, 6 * s);
          cairo_stroke (cr);
          if (ev.segment.arrive != SYNACK_TIME_NONE && ev.segment.fate != SYNACK_FATE_LOST &&
              ev.segment.fate != SYNACK_FATE_CAPTURED &&
              !(hide && ev.segment.arrive > options->cursor_time))
            {
              double y1 = params->header_px - params->scroll_px +
                          synack_time_axis_arrival_to_px (axis, options->selected, ev.segment.arrive,
                                                          params->ns_per_px);

              synack_timeline_band_x (params, 1 - (ev.endpoint & 1), &bx, &bw);
              cairo_rectangle (cr, bx + 1, y1 - 3 * s, bw - 2, 6 * s);
              cairo_stroke (cr);
            }
        }
    }

  /* the cursor */
  if (options->cursor_time != SYNACK_TIME_NONE)
    {
      synack_theme_set_source (cr, &theme->cursor);
      cairo_set_line_width (cr, 2 * s);
      cairo_move_to (cr, 0, cur_y);
      cairo_line_to (cr, params->width, cur_y);
      cairo_stroke (cr);
    }
  cairo_restore (cr);

  /* header: which band is whose */
  if (params->header_px > 0)
    {
      const SynackConnection *c = synack_trace_get_connection (trace, conn);

      synack_theme_set_source (cr, &theme->background);
      cairo_rectangle (cr, 0, 0, params->width, params->header_px);
      cairo_fill (cr);
      synack_theme_set_source (cr, &theme->lifeline);
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, 0, params->header_px - 0.5);
      cairo_line_to (cr, params->width, params->header_px - 0.5);
      cairo_stroke (cr);
      for (guint ep = 0; ep < 2; ep++)
        {
          const char *role = role_label (c->name[ep], ep);
          PangoRectangle logical;
          double bx, bw;

          synack_timeline_band_x (params, ep, &bx, &bw);
          if (params->kernel[ep] != NULL)
            {
              double kx = bx + floor (bw * INFERRED_SHARE) + SPLIT_GAP;
              double kw = bx + bw - kx;

              /* the kernel's strip is named under it, the band's role beside */
              pango_layout_set_font_description (layout, small);
              pango_layout_set_text (layout, _("kernel"), -1);
              pango_layout_set_width (layout, (int) (kw * PANGO_SCALE));
              pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
              pango_layout_get_pixel_extents (layout, NULL, &logical);
              synack_theme_set_source (cr, &theme->muted);
              cairo_move_to (cr, kx + (kw - logical.width) / 2 - logical.x,
                             params->header_px / 2 - logical.height / 2.0 - logical.y);
              synack_paint_show_layout (cr, layout, options);
              bw = floor (bw * INFERRED_SHARE);
            }
          pango_layout_set_font_description (layout, bold);
          pango_layout_set_text (layout, role, -1);
          pango_layout_set_width (layout, (int) (bw * PANGO_SCALE));
          pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
          pango_layout_get_pixel_extents (layout, NULL, &logical);
          synack_theme_set_source (cr, &theme->foreground);
          cairo_move_to (cr, bx + (bw - logical.width) / 2 - logical.x,
                         params->header_px / 2 - logical.height / 2.0 - logical.y);
          synack_paint_show_layout (cr, layout, options);
          pango_layout_set_width (layout, -1);
        }
    }
  cairo_restore (cr);
}
