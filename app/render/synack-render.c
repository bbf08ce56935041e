/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>
#include <pango/pangocairo.h>

#include "synack-error.h"
#include "synack-ladder-layout.h"
#include "synack-ladder-paint.h"
#include "synack-render.h"
#include "synack-time-axis.h"
#include "synack-timeline-paint.h"

/* cairo image surfaces stop at 32767 pixels a side */
#define MAX_HEIGHT 30000.0
#define MIN_LADDER_HEIGHT 480.0

void
synack_render_options_init (SynackRenderOptions *options)
{
  options->conn = 0;
  options->width = 1200;
  options->from = SYNACK_TIME_NONE;
  options->to = SYNACK_TIME_NONE;
  options->theme = SYNACK_THEME_LIGHT;
  options->text_scale = 1.0;
  options->seq_mode = SYNACK_SEQ_RELATIVE;
  options->break_threshold = SYNACK_AXIS_DEFAULT_BREAK_THRESHOLD;
  options->timeline = TRUE;
  options->legend = TRUE;
  options->axis = SYNACK_AXIS_MODE_AUTO;
}

gboolean
synack_render_format_from_path (const char         *path,
                                SynackRenderFormat *format)
{
  const char *dot = strrchr (path, '.');

  if (dot == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (dot, ".png") == 0)
    *format = SYNACK_RENDER_PNG;
  else if (g_ascii_strcasecmp (dot, ".svg") == 0)
    *format = SYNACK_RENDER_SVG;
  else if (g_ascii_strcasecmp (dot, ".pdf") == 0)
    *format = SYNACK_RENDER_PDF;
  else
    return FALSE;
  return TRUE;
}

typedef struct
{
  double          width, height;
  double          title_px, legend_px, timeline_w;
  double          ladder_h;      /* header + axis extent */
  double          ns_per_px;
  double          scroll_px;
  SynackTimeAxis *axis;
  SynackLadderParams params;
} Figure;

static void
figure_clear (Figure *fig)
{
  g_clear_pointer (&fig->axis, synack_time_axis_unref);
}

/* The zoom for a figure on axis: fit [from, to] in target pixels, then zoom
 * in while labels have to be left out, as far as the figure may grow. */
static SynackTimeAxis *
figure_axis (SynackTrace               *trace,
             const SynackRenderOptions *options,
             gint64                     threshold,
             gboolean                   rows)
{
  SynackTimeAxis *axis = synack_time_axis_new_for_trace (trace, options->conn, threshold);
  SynackAxisKind kind = options->axis == SYNACK_AXIS_MODE_EVENTS ? SYNACK_AXIS_EVENTS
                        : options->axis == SYNACK_AXIS_MODE_TIME ? SYNACK_AXIS_TIME
                        : synack_time_axis_auto_kind (trace, options->conn);

  /* a figure too tall for a row a segment draws time to scale, labels
   * left out where they crowd (and counted) */
  synack_time_axis_set_kind (axis, rows ? kind : SYNACK_AXIS_TIME);
  synack_time_axis_set_row_px (axis, rows ? synack_ladder_row_px (options->text_scale) : 0);
  return axis;
}

static double
choose_zoom (SynackTrace               *trace,
             const SynackRenderOptions *options,
             const SynackLadderParams  *base,
             SynackTimeAxis            *axis,
             gint64                     from,
             gint64                     to,
             double                     target,
             double                     budget,
             guint                     *hidden_out,
             double                    *len_out)
{
  double s = options->text_scale;
  double lo = SYNACK_VIEW_STATE_MIN_NS_PER_PX, hi = SYNACK_VIEW_STATE_MAX_NS_PER_PX;
  double len = 0;
  guint hidden = 0, last_hidden = G_MAXUINT;
  double best_hi = 0, best_len = 0;
  int stuck = 0;
  double row = synack_time_axis_get_row_px (axis);

  /* fit time to scale (breaks aside) in the target: the rows segments
   * need come on top of that, so durations keep their proportions */
  synack_time_axis_set_row_px (axis, 0);
  for (int i = 0; i < 64; i++)
    {
      double mid = sqrt (lo * hi);

      len = synack_time_axis_to_px (axis, to, mid) - synack_time_axis_to_px (axis, from, mid);
      if (len <= target)
        hi = mid;
      else
        lo = mid;
    }
  synack_time_axis_set_row_px (axis, row);
  /* backoff waits keep a row and more, as on screen */
  if (synack_time_axis_get_kind (axis) == SYNACK_AXIS_TIME)
    hi = MAX (MIN (hi, synack_time_axis_wait_ns_per_px (axis)), SYNACK_VIEW_STATE_MIN_NS_PER_PX);
  for (int i = 0; i < 24; i++)
    {
      SynackLadderParams probe = *base;
      g_autoptr(SynackLadderLayout) layout = NULL;

      len = synack_time_axis_to_px (axis, to, hi) - synack_time_axis_to_px (axis, from, hi);
      probe.width = options->width - (options->timeline ? 200 * s : 0);
      probe.height = probe.header_px + len + 4 * probe.line_px;
      probe.ns_per_px = hi;
      probe.scroll_px = synack_time_axis_to_px (axis, from, hi) - 2 * probe.line_px;
      layout = synack_ladder_layout_new (trace, options->conn, axis, &probe);
      hidden = 0;
      for (guint k = 0; k < layout->arrows->len; k++)
        {
          const SynackLadderArrow *a = &g_array_index (layout->arrows, SynackLadderArrow, k);
          double bottom = MAX (a->y1, a->has_label ? a->ly + a->lh : a->y1);

          hidden += !a->has_label;
          /* arrows fanned out below their instant need room too */
          len = MAX (len, bottom - probe.header_px - 2 * probe.line_px);
        }
      /* stop when all fit, when zooming no longer helps (equal timestamps
       * never part), or at the size limit */
      if (hidden < last_hidden)
        {
          stuck = 0;
          last_hidden = hidden;
          best_hi = hi;
          best_len = len;
        }
      else
        stuck++;
      if (hidden == 0 || layout->dense || stuck >= 3 || len * 1.5 > budget ||
          hi / 1.5 < SYNACK_VIEW_STATE_MIN_NS_PER_PX)
        break;
      hi /= 1.5;
    }
  *hidden_out = last_hidden;
  *len_out = best_len;
  return best_hi;
}

static gboolean
figure_plan (Figure                    *fig,
             SynackTrace               *trace,
             const SynackRenderOptions *options,
             GError                   **error)
{
  const SynackConnection *c;
  gint64 from, to;
  g_autoptr(GArray) segs = NULL;
  static const gint64 thresholds[] = {
    0, SYNACK_NSEC_PER_SEC / 10, SYNACK_NSEC_PER_SEC / 100, SYNACK_NSEC_PER_SEC / 1000,
  };
  SynackTimeAxis *best_axis = NULL;
  guint best_hidden = G_MAXUINT;
  double best_len = G_MAXDOUBLE;
  double s = options->text_scale;
  double target, budget, hi = 1e6;
  double line_px;
  gboolean rows;

  memset (fig, 0, sizeof *fig);
  if (options->conn >= synack_trace_get_n_connections (trace))
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID,
                   _("connection %u does not exist (the input has %u)"),
                   options->conn, synack_trace_get_n_connections (trace));
      return FALSE;
    }
  if (options->width < 320 || options->width > 20000)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID,
                   _("width %.0f is out of range (320 to 20000)"), options->width);
      return FALSE;
    }
  c = synack_trace_get_connection (trace, options->conn);
  fig->axis = figure_axis (trace, options, options->break_threshold, FALSE);
  from = options->from != SYNACK_TIME_NONE ? options->from : synack_time_axis_get_start (fig->axis);
  to = options->to != SYNACK_TIME_NONE ? options->to : synack_time_axis_get_end (fig->axis);
  if (to <= from)
    {
      if (options->from != SYNACK_TIME_NONE || options->to != SYNACK_TIME_NONE)
        {
          g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID,
                       _("the time range is empty (--from must come before --to)"));
          return FALSE;
        }
      to = from + SYNACK_NSEC_PER_SEC / 1000;
    }

  synack_ladder_params_init (&fig->params, options->width, 100, s);
  line_px = fig->params.line_px;
  segs = synack_trace_segments_between (trace, options->conn, from, to + 1);
  /* room for each segment's two-line label, at least a screenful */
  target = CLAMP (segs->len * 1.5 * synack_ladder_row_px (s), MIN_LADDER_HEIGHT * s,
                  MAX_HEIGHT - 400 * s);
  rows = segs->len * synack_ladder_row_px (s) < MAX_HEIGHT - 600 * s;
  /* how tall a figure may grow so that every label fits */
  budget = MIN (MAX_HEIGHT - 400 * s, MAX (1600 * s, 1.6 * target));

  /* Captures often pack a handshake into microseconds and then idle for a
   * tenth of a second: if to scale every label needs a figure taller than
   * the budget, break shorter idle gaps too (each break says how long). */
  for (guint k = 0; k < G_N_ELEMENTS (thresholds); k++)
    {
      gint64 threshold = k == 0 ? options->break_threshold : thresholds[k];
      g_autoptr(SynackTimeAxis) axis = NULL;
      guint hidden;
      double len, nspp;

      if (k > 0 && threshold >= options->break_threshold)
        continue;
      axis = figure_axis (trace, options, threshold, rows);
      nspp = choose_zoom (trace, options, &fig->params, axis, from, to, target, budget,
                          &hidden, &len);
      if (best_axis == NULL || hidden < best_hidden || (hidden == best_hidden && len < best_len))
        {
          g_clear_pointer (&best_axis, synack_time_axis_unref);
          best_axis = g_steal_pointer (&axis);
          best_hidden = hidden;
          best_len = len;
          hi = nspp;
        }
      if (best_hidden == 0 && best_len <= budget)
        break;
    }
  g_clear_pointer (&fig->axis, synack_time_axis_unref);
  fig->axis = best_axis;
  fig->ns_per_px = hi;
  fig->scroll_px = synack_time_axis_to_px (fig->axis, from, hi) - 2 * line_px;

  fig->width = options->width;
  fig->title_px = ceil (2.2 * line_px);
  fig->legend_px = options->legend ? ceil (4.6 * line_px) : 0;
  fig->timeline_w = options->timeline ? CLAMP (floor (options->width * 0.16), 150 * s, 300 * s) : 0;
  fig->ladder_h = fig->params.header_px + 4 * line_px + best_len;
  fig->height = ceil (fig->title_px + fig->ladder_h + fig->legend_px);

  fig->params.width = options->width - fig->timeline_w;
  fig->params.height = fig->ladder_h;
  fig->params.scroll_px = fig->scroll_px;
  fig->params.ns_per_px = hi;
  fig->params.seq_mode = options->seq_mode;
  (void) c;
  return TRUE;
}

gboolean
synack_render_measure (SynackTrace               *trace,
                       const SynackRenderOptions *options,
                       double                    *width,
                       double                    *height,
                       double                    *ns_per_px,
                       GError                   **error)
{
  Figure fig;

  g_return_val_if_fail (SYNACK_IS_TRACE (trace), FALSE);
  if (!figure_plan (&fig, trace, options, error))
    {
      figure_clear (&fig);
      return FALSE;
    }
  if (width)
    *width = fig.width;
  if (height)
    *height = fig.height;
  if (ns_per_px)
    *ns_per_px = fig.ns_per_px;
  figure_clear (&fig);
  return TRUE;
}

static void
draw_title (cairo_t                   *cr,
            SynackTrace               *trace,
            const SynackRenderOptions *ropts,
            const SynackPaintOptions  *options,
            const SynackTheme         *theme,
            Figure                    *fig)
{
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) font = synack_paint_font (theme, options->text_scale * 1.25, TRUE);
  const char *title = synack_trace_get_title (trace);
  const SynackConnection *c = synack_trace_get_connection (trace, ropts->conn);
  g_autofree char *text = NULL;
  char a[80], b[80];
  PangoRectangle logical;

  synack_endpoint_to_string (&c->addr[0], c->port[0], a, sizeof a);
  synack_endpoint_to_string (&c->addr[1], c->port[1], b, sizeof b);
  if (title != NULL && *title)
    text = g_strdup_printf (_("%s — connection %u, %s ⇄ %s"), title, ropts->conn, a, b);
  else
    text = g_strdup_printf (_("Connection %u, %s ⇄ %s"), ropts->conn, a, b);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);
  pango_layout_set_width (layout, (int) ((fig->width - 24) * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_get_pixel_extents (layout, NULL, &logical);
  synack_theme_set_source (cr, &theme->foreground);
  cairo_move_to (cr, 12, (fig->title_px - logical.height) / 2);
  synack_paint_show_layout (cr, layout, options);
}

/* A key to colours, hatches and arrow styles, so a printed figure can be
 * read without colour. */
static void
draw_legend (cairo_t                   *cr,
             const SynackPaintOptions  *options,
             const SynackTheme         *theme,
             Figure                    *fig,
             double                     top)
{
  static const SynackTcpState shown[] = {
    SYNACK_TCP_CLOSED, SYNACK_TCP_LISTEN, SYNACK_TCP_SYN_SENT, SYNACK_TCP_SYN_RECEIVED,
    SYNACK_TCP_ESTABLISHED, SYNACK_TCP_FIN_WAIT_1, SYNACK_TCP_FIN_WAIT_2, SYNACK_TCP_CLOSE_WAIT,
    SYNACK_TCP_CLOSING, SYNACK_TCP_LAST_ACK, SYNACK_TCP_TIME_WAIT,
  };
  static const SynackMark marks[] = {
    SYNACK_MARK_RETRANSMISSION, SYNACK_MARK_LOST, SYNACK_MARK_DUPLICATE,
    SYNACK_MARK_OUT_OF_ORDER, SYNACK_MARK_CHALLENGE_ACK, SYNACK_MARK_HOST_DOWN,
  };
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) font = synack_paint_font (theme, options->text_scale * 0.85, FALSE);
  double s = options->text_scale;
  double line = fig->params.line_px;
  double x = 12, y = top + line * 0.6;
  PangoRectangle logical;

  synack_theme_set_source (cr, &theme->grid);
  cairo_rectangle (cr, 0, top, fig->width, 1);
  cairo_fill (cr);
  pango_layout_set_font_description (layout, font);
  for (guint i = 0; i < G_N_ELEMENTS (shown); i++)
    {
      SynackTcpState st = shown[i];
      double w;

      pango_layout_set_text (layout, synack_tcp_state_to_rfc_name (st), -1);
      pango_layout_get_pixel_extents (layout, NULL, &logical);
      w = 18 * s + 6 + logical.width + 14;
      if (x + w > fig->width - 12)
        {
          x = 12;
          y += line * 1.3;
        }
      synack_theme_set_source (cr, &theme->state[st]);
      cairo_rectangle (cr, x, y, 18 * s, line);
      cairo_fill (cr);
      synack_theme_paint_hatch (cr, synack_theme_state_hatch (st), &theme->state_ink[st],
                                x, y, 18 * s, line);
      synack_theme_set_source (cr, &theme->foreground);
      cairo_move_to (cr, x + 18 * s + 6 - logical.x, y + (line - logical.height) / 2 - logical.y);
      synack_paint_show_layout (cr, layout, options);
      x += w;
    }
  x = 12;
  y += line * 1.5;
  for (guint i = 0; i < G_N_ELEMENTS (marks); i++)
    {
      static const double dashed[] = { 7, 4 }, dotted[] = { 2, 3 }, dash_dot[] = { 8, 3, 2, 3 };
      double w;

      pango_layout_set_text (layout, synack_theme_mark_label (marks[i]), -1);
      pango_layout_get_pixel_extents (layout, NULL, &logical);
      w = 30 * s + 6 + logical.width + 18;
      if (x + w > fig->width - 12)
        break;
      synack_theme_set_source (cr, &theme->mark[marks[i]]);
      cairo_set_line_width (cr, theme->line_width * s * (marks[i] == SYNACK_MARK_CHALLENGE_ACK ? 1.8 : 1));
      if (marks[i] == SYNACK_MARK_RETRANSMISSION)
        cairo_set_dash (cr, dashed, 2, 0);
      else if (marks[i] == SYNACK_MARK_DUPLICATE)
        cairo_set_dash (cr, dotted, 2, 0);
      else if (marks[i] == SYNACK_MARK_OUT_OF_ORDER)
        cairo_set_dash (cr, dash_dot, 4, 0);
      cairo_move_to (cr, x, y + line / 2);
      cairo_line_to (cr, x + 30 * s, y + line / 2);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      if (marks[i] == SYNACK_MARK_LOST || marks[i] == SYNACK_MARK_HOST_DOWN)
        {
          double cx = x + 30 * s, cy = y + line / 2, r = 5 * s;

          cairo_move_to (cr, cx - r, cy - r);
          cairo_line_to (cr, cx + r, cy + r);
          cairo_move_to (cr, cx - r, cy + r);
          cairo_line_to (cr, cx + r, cy - r);
          cairo_stroke (cr);
        }
      synack_theme_set_source (cr, &theme->foreground);
      cairo_move_to (cr, x + 30 * s + 8 - logical.x, y + (line - logical.height) / 2 - logical.y);
      synack_paint_show_layout (cr, layout, options);
      x += w;
    }
}

static gboolean
render_draw (cairo_t                   *cr,
             SynackTrace               *trace,
             const SynackRenderOptions *options,
             SynackTextSink             sink,
             gpointer                   sink_data,
             GError                   **error)
{
  const SynackTheme *theme = synack_theme_get (options->theme);
  PangoContext *context;
  g_autoptr(SynackTextMeasurer) measurer = NULL;
  g_autoptr(SynackLadderLayout) layout = NULL;
  SynackPaintOptions paint;
  Figure fig;

  g_return_val_if_fail (SYNACK_IS_TRACE (trace), FALSE);
  if (!figure_plan (&fig, trace, options, error))
    {
      figure_clear (&fig);
      return FALSE;
    }
  context = pango_cairo_create_context (cr);
  measurer = synack_text_measurer_new (context, theme, options->text_scale);
  g_object_unref (context);   /* the measurer keeps its own reference */
  synack_ladder_params_use_measurer (&fig.params, measurer);
  layout = synack_ladder_layout_new (trace, options->conn, fig.axis, &fig.params);
  synack_paint_options_init (&paint, theme, options->text_scale);
  paint.text_sink = sink;
  paint.text_sink_data = sink_data;

  cairo_save (cr);
  synack_theme_set_source (cr, &theme->background);
  cairo_rectangle (cr, 0, 0, fig.width, fig.height);
  cairo_fill (cr);
  draw_title (cr, trace, options, &paint, theme, &fig);

  cairo_save (cr);
  cairo_translate (cr, 0, fig.title_px);
  synack_ladder_paint (cr, trace, layout, &paint);
  if (options->timeline)
    {
      SynackTimelineParams tp = {
        .width = fig.timeline_w,
        .height = fig.ladder_h,
        .header_px = fig.params.header_px,
        .scroll_px = fig.scroll_px,
        .ns_per_px = fig.ns_per_px,
      };

      cairo_translate (cr, fig.params.width, 0);
      synack_timeline_paint (cr, trace, options->conn, fig.axis, &tp, &paint);
      synack_theme_set_source (cr, &theme->grid);
      cairo_rectangle (cr, 0, 0, 1, fig.ladder_h);
      cairo_fill (cr);
    }
  cairo_restore (cr);
  if (options->legend)
    draw_legend (cr, &paint, theme, &fig, fig.title_px + fig.ladder_h);
  cairo_restore (cr);
  figure_clear (&fig);
  return TRUE;
}

gboolean
synack_render_draw (cairo_t                   *cr,
                    SynackTrace               *trace,
                    const SynackRenderOptions *options,
                    GError                   **error)
{
  return render_draw (cr, trace, options, NULL, NULL, error);
}

/* cairo draws SVG text as glyph outlines; a transparent layer of real text
 * on top makes the figure searchable, selectable and readable by screen
 * readers, as the PDF's text is. */
static void
collect_svg_text (const char *text,
                  double      x,
                  double      baseline,
                  double      size_px,
                  gboolean    bold,
                  gpointer    user_data)
{
  GString *layer = user_data;
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  g_string_append_printf (layer, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.1f\"%s>%s</text>\n",
                          x, baseline, size_px, bold ? " font-weight=\"bold\"" : "", escaped);
}

static cairo_status_t
write_bytes (void                *closure,
             const unsigned char *data,
             unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static cairo_status_t
write_stream (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  GOutputStream *out = closure;

  if (!g_output_stream_write_all (out, data, length, NULL, NULL, NULL))
    return CAIRO_STATUS_WRITE_ERROR;
  return CAIRO_STATUS_SUCCESS;
}

gboolean
synack_render_to_file (SynackTrace               *trace,
                       const char                *path,
                       SynackRenderFormat         format,
                       const SynackRenderOptions *options,
                       GError                   **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) out = NULL;
  cairo_surface_t *surface = NULL;
  cairo_status_t status;
  cairo_t *cr;
  double width, height;
  gboolean ok;
  g_autoptr(GByteArray) svg = NULL;
  g_autoptr(GString) text_layer = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!synack_render_measure (trace, options, &width, &height, NULL, error))
    return FALSE;
  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &local_error);
  if (out == NULL)
    {
      /* a runtime failure (exit 1): the figure is fine, the place is not */
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_FAILED, _("%s: cannot create the file: %s"),
                   path, local_error->message);
      return FALSE;
    }
  switch (format)
    {
    case SYNACK_RENDER_PNG:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) ceil (width),
                                            (int) ceil (height));
      break;
    case SYNACK_RENDER_SVG:
      svg = g_byte_array_new ();
      text_layer = g_string_new ("<g fill=\"transparent\" font-family=\"sans-serif\" aria-hidden=\"false\">\n");
      surface = cairo_svg_surface_create_for_stream (write_bytes, svg, width, height);
      break;
    case SYNACK_RENDER_PDF:
      surface = cairo_pdf_surface_create_for_stream (write_stream, out, width, height);
      break;
    default:
      g_assert_not_reached ();
    }
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_FAILED, _("%s: cannot create a %.0f×%.0f surface: %s"),
                   path, width, height, cairo_status_to_string (cairo_surface_status (surface)));
      cairo_surface_destroy (surface);
      return FALSE;
    }
  cr = cairo_create (surface);
  ok = render_draw (cr, trace, options, text_layer ? collect_svg_text : NULL, text_layer, error);
  status = cairo_status (cr);
  cairo_destroy (cr);
  if (ok && format == SYNACK_RENDER_PNG)
    status = cairo_surface_write_to_png_stream (surface, write_stream, out);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (!ok)
    return FALSE;
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_FAILED, _("%s: cannot write the figure: %s"),
                   path, cairo_status_to_string (status));
      return FALSE;
    }
  if (svg != NULL)
    {
      const char *doc = (const char *) svg->data;
      const char *end = g_strrstr_len (doc, svg->len, "</svg>");
      gsize head = end != NULL ? (gsize) (end - doc) : svg->len;

      g_string_append (text_layer, "</g>\n");
      if (!g_output_stream_write_all (G_OUTPUT_STREAM (out), doc, head, NULL, NULL, error) ||
          !g_output_stream_write_all (G_OUTPUT_STREAM (out), text_layer->str, text_layer->len,
                                      NULL, NULL, error) ||
          !g_output_stream_write_all (G_OUTPUT_STREAM (out), doc + head, svg->len - head,
                                      NULL, NULL, error))
        {
          g_prefix_error (error, "%s: ", path);
          return FALSE;
        }
    }
  if (!g_output_stream_close (G_OUTPUT_STREAM (out), NULL, error))
    {
      g_prefix_error (error, "%s: ", path);
      return FALSE;
    }
  return TRUE;
}

static const char *
role_name (guint endpoint)
{
  return endpoint == 0 ? "client" : "server";
}

static void
json_double (GString *s,
             double   v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (v))
    {
      g_string_append (s, "null");
      return;
    }
  g_string_append (s, g_ascii_formatd (buf, sizeof buf, "%.3f", v));
}

static void
json_time (GString *s,
           gint64   t)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (t == SYNACK_TIME_NONE)
    g_string_append (s, "null");
  else
    g_string_append (s, g_ascii_formatd (buf, sizeof buf, "%.9f", (double) t / 1e9));
}

char *
synack_render_layout_json (SynackTrace               *trace,
                           const SynackRenderOptions *options,
                           GError                   **error)
{
  const SynackTheme *theme = synack_theme_get (options->theme);
  g_autoptr(SynackTextMeasurer) measurer = NULL;
  g_autoptr(SynackLadderLayout) layout = NULL;
  const SynackConnection *c;
  SynackTimelineParams tp = { 0 };
  GString *s;
  Figure fig;
  gboolean first = TRUE;

  g_return_val_if_fail (SYNACK_IS_TRACE (trace), NULL);
  if (!figure_plan (&fig, trace, options, error))
    {
      figure_clear (&fig);
      return NULL;
    }
  measurer = synack_text_measurer_new (NULL, theme, options->text_scale);
  synack_ladder_params_use_measurer (&fig.params, measurer);
  layout = synack_ladder_layout_new (trace, options->conn, fig.axis, &fig.params);
  c = synack_trace_get_connection (trace, options->conn);
  tp.width = fig.timeline_w;
  tp.height = fig.ladder_h;
  tp.header_px = fig.params.header_px;
  tp.scroll_px = fig.scroll_px;
  tp.ns_per_px = fig.ns_per_px;

  /* heights are in the ladder's own coordinates (its header at the top),
   * which the timeline beside it shares */
  s = g_string_new (NULL);
  g_string_append_printf (s, "{\"axis\":\"%s\",\"conn\":%u,\"width\":",
                          layout->axis_kind == SYNACK_AXIS_EVENTS ? "events" : "time", options->conn);
  json_double (s, fig.width);
  g_string_append (s, ",\"height\":");
  json_double (s, fig.ladder_h);
  g_string_append (s, ",\"top\":");
  json_double (s, layout->top_y);
  g_string_append (s, ",\"ns_per_px\":");
  json_double (s, fig.ns_per_px);

  g_string_append (s, ",\n\"segments\":[");
  for (guint pos = 0; pos < c->n_events; pos++)
    {
      guint index = synack_trace_conn_event (trace, options->conn, pos);
      SynackEvent ev;
      const SynackLadderArrow *a;
      gboolean lost, arrived;
      double y_send, y_arrive;

      synack_trace_read_event (trace, index, &ev);
      if (ev.kind != SYNACK_EVENT_SEGMENT)
        continue;
      a = synack_ladder_layout_find_arrow (layout, index);
      lost = ev.segment.fate == SYNACK_FATE_LOST;
      arrived = !lost && ev.segment.fate != SYNACK_FATE_CAPTURED &&
                ev.segment.arrive != SYNACK_TIME_NONE;
      y_send = a != NULL ? a->y0 : synack_ladder_layout_event_to_y (layout, index, ev.time);
      y_arrive = a != NULL ? a->y1
                 : arrived ? synack_ladder_layout_arrival_to_y (layout, index, ev.segment.arrive)
                 : y_send;
      g_string_append_printf (s, "%s\n{\"number\":%" G_GUINT64_FORMAT ",\"from\":\"%s\",\"time\":",
                              first ? "" : ",", synack_trace_segment_number (trace, index),
                              role_name (ev.endpoint & 1));
      first = FALSE;
      json_time (s, ev.time);
      g_string_append (s, ",\"arrive\":");
      json_time (s, arrived ? ev.segment.arrive : SYNACK_TIME_NONE);
      g_string_append (s, ",\"y_send\":");
      json_double (s, y_send);
      g_string_append (s, ",\"y_arrive\":");
      if (lost)
        g_string_append (s, "null");
      else
        json_double (s, y_arrive);
      g_string_append_printf (s, ",\"label\":\"%s\"}",
                              a != NULL && a->has_label ? "shown" : "elided");
    }

  g_string_append (s, "],\n\"bands\":[");
  first = TRUE;
  for (guint ep = 0; ep < 2; ep++)
    {
      guint n = synack_trace_get_n_state_spans (trace, options->conn, ep);

      for (guint i = 0; i < n; i++)
        {
          gint64 t;
          SynackTcpState state;
          guint ev;
          double y0 = i == 0 ? layout->top_y
                             : synack_timeline_span_y (&tp, trace, options->conn, fig.axis, ep, i);
          double y1 = i + 1 < n ? synack_timeline_span_y (&tp, trace, options->conn, fig.axis, ep, i + 1)
                                : fig.ladder_h;

          synack_trace_get_state_span (trace, options->conn, ep, i, &t, &state, &ev);
          g_string_append_printf (s, "%s\n{\"endpoint\":\"%s\",\"state\":\"%s\",\"y_from\":",
                                  first ? "" : ",", role_name (ep), synack_tcp_state_to_string (state));
          first = FALSE;
          json_double (s, y0);
          g_string_append (s, ",\"y_to\":");
          json_double (s, y1);
          g_string_append_c (s, '}');
        }
    }

  g_string_append (s, "],\n\"labels\":[");
  first = TRUE;
  for (guint i = 0; i < layout->states->len; i++)
    {
      const SynackLadderStateMark *m = &g_array_index (layout->states, SynackLadderStateMark, i);

      g_string_append_printf (s, "%s\n{\"endpoint\":\"%s\",\"state\":\"%s\",\"y\":",
                              first ? "" : ",", role_name (m->endpoint),
                              synack_tcp_state_to_string (m->state));
      first = FALSE;
      json_double (s, m->y);
      g_string_append_c (s, '}');
    }

  /* the state names, calls and timer texts beside the lifelines: y where
   * each happens, text_y where its text is written */
  g_string_append (s, "],\n\"notes\":[");
  {
    double line_px = ceil (theme->font_px * options->text_scale * 1.3);
    g_autoptr(GArray) notes = synack_ladder_layout_side_notes (layout,
                                                               line_px + 4 * options->text_scale);

    for (guint i = 0; i < notes->len; i++)
      {
        const SynackLadderNote *n = &g_array_index (notes, SynackLadderNote, i);
        SynackEvent ev;

        synack_trace_read_event (trace, n->event, &ev);
        g_string_append_printf (s, "%s\n{\"endpoint\":\"%s\",\"kind\":\"%s\",\"what\":\"%s\",\"time\":",
                                i ? "," : "", role_name (n->endpoint),
                                n->kind == SYNACK_LADDER_NOTE_STATE ? "state"
                                : n->kind == SYNACK_LADDER_NOTE_TIMER ? "timer" : "call",
                                n->kind == SYNACK_LADDER_NOTE_STATE ? synack_tcp_state_to_string (n->state)
                                : n->kind == SYNACK_LADDER_NOTE_TIMER
                                  ? synack_timer_name (g_array_index (layout->timers, SynackLadderTimer,
                                                                      n->timer).timer)
                                  : synack_call_name (ev.call.call));
        json_time (s, ev.time);
        g_string_append (s, ",\"y\":");
        json_double (s, n->y);
        g_string_append (s, ",\"text_y\":");
        json_double (s, n->text_y);
        g_string_append_c (s, '}');
      }
  }

  /* the timer brackets drawn beside the lifelines */
  g_string_append (s, "],\n\"timers\":[");
  for (guint i = 0; i < layout->timers->len; i++)
    {
      const SynackLadderTimer *t = &g_array_index (layout->timers, SynackLadderTimer, i);

      g_string_append_printf (s, "%s\n{\"endpoint\":\"%s\",\"timer\":\"%s\",\"count\":%u,"
                              "\"ended\":\"%s\",\"from\":",
                              i ? "," : "", role_name (t->endpoint), synack_timer_name (t->timer),
                              t->count,
                              t->ended == SYNACK_TIMER_FIRED ? "fired"
                              : t->ended == SYNACK_TIMER_CANCELLED ? "cancelled" : "running");
      json_time (s, t->t0);
      g_string_append (s, ",\"to\":");
      json_time (s, t->t1);
      g_string_append (s, ",\"y_from\":");
      json_double (s, t->y0);
      g_string_append (s, ",\"y_to\":");
      json_double (s, t->y1);
      g_string_append_c (s, '}');
    }

  /* every box of text drawn in the ladder, in the ladder's coordinates
   * (ladder_width wide) */
  g_string_append (s, "],\n\"ladder_width\":");
  json_double (s, fig.params.width);
  g_string_append (s, ",\n\"boxes\":[");
  {
    g_autoptr(GArray) boxes = synack_ladder_layout_text_boxes (layout);

    for (guint i = 0; i < boxes->len; i++)
      {
        const SynackLadderBox *b = &g_array_index (boxes, SynackLadderBox, i);

        g_string_append_printf (s, "%s\n{\"kind\":\"%s\",\"x\":", i ? "," : "",
                                synack_ladder_box_kind_name (b->kind));
        json_double (s, b->x);
        g_string_append (s, ",\"y\":");
        json_double (s, b->y);
        g_string_append (s, ",\"w\":");
        json_double (s, b->w);
        g_string_append (s, ",\"h\":");
        json_double (s, b->h);
        g_string_append_c (s, '}');
      }
  }

  g_string_append (s, "],\n\"stretches\":[");
  for (guint i = 0; i < layout->stretches->len; i++)
    {
      const SynackLadderStretch *st = &g_array_index (layout->stretches, SynackLadderStretch, i);

      g_string_append_printf (s, "%s{\"from\":", i ? "," : "");
      json_time (s, st->t0);
      g_string_append (s, ",\"to\":");
      json_time (s, st->t1);
      g_string_append (s, ",\"y_from\":");
      json_double (s, st->y0);
      g_string_append (s, ",\"y_to\":");
      json_double (s, st->y1);
      g_string_append_c (s, '}');
    }

  g_string_append (s, "],\n\"breaks\":[");
  for (guint i = 0; i < layout->breaks->len; i++)
    {
      const SynackLadderBreak *b = &g_array_index (layout->breaks, SynackLadderBreak, i);

      g_string_append_printf (s, "%s{\"from\":", i ? "," : "");
      json_time (s, b->t0);
      g_string_append (s, ",\"to\":");
      json_time (s, b->t1);
      g_string_append (s, ",\"y_from\":");
      json_double (s, b->y0);
      g_string_append (s, ",\"y_to\":");
      json_double (s, b->y1);
      g_string_append_printf (s, ",\"text\":\"%s\"}", b->text_free ? "shown" : "axis");
    }

  g_string_append (s, "],\n\"elisions\":[");
  for (guint i = 0; i < layout->elisions->len; i++)
    {
      const SynackLadderElision *e = &g_array_index (layout->elisions, SynackLadderElision, i);

      g_string_append_printf (s, "%s{\"y\":", i ? "," : "");
      json_double (s, e->y);
      g_string_append (s, ",\"segments\":[");
      for (guint k = 0; k < e->n; k++)
        g_string_append_printf (s, "%s%" G_GUINT64_FORMAT, k ? "," : "",
                                synack_trace_segment_number (trace, g_array_index (layout->elided, guint,
                                                                                   e->first + k)));
      g_string_append (s, "]}");
    }
  g_string_append (s, "]}\n");
  figure_clear (&fig);
  return g_string_free (s, FALSE);
}
