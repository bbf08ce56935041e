/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "synack-error.h"
#include "synack-explain.h"
#include "synack-handout.h"
#include "synack-header.h"
#include "synack-ladder-layout.h"
#include "synack-render.h"

#define PAGE_W   595.0   /* A4, points */
#define PAGE_H   842.0
#define MARGIN    48.0
#define TEXT_W   (PAGE_W - 2 * MARGIN)

gboolean
synack_handout_is_step (SynackTrace *trace,
                        guint        conn,
                        guint        index)
{
  SynackEvent ev;

  synack_trace_read_event (trace, index, &ev);
  return ev.conn == conn && ev.kind != SYNACK_EVENT_VARS;
}

gboolean
synack_handout_is_key_segment (SynackTrace *trace,
                               guint        index)
{
  SynackEvent ev;
  const SynackConnection *c;
  guint first, last;

  synack_trace_read_event (trace, index, &ev);
  c = synack_trace_get_connection (trace, ev.conn);
  if (ev.kind != SYNACK_EVENT_SEGMENT)
    return FALSE;
  if (ev.segment.flags & (SYNACK_FLAG_SYN | SYNACK_FLAG_FIN | SYNACK_FLAG_RST))
    return TRUE;
  if (ev.segment.len == 0 && !(ev.segment.analysis & SYNACK_ANALYSIS_KEEP_ALIVE))
    return FALSE;
  /* only the first data segment of its sender, the first probe */
  synack_trace_conn_range (trace, ev.conn, G_MININT64, ev.time + 1, &first, &last);
  for (guint p = first; p < last && p < c->n_events; p++)
    {
      guint i = synack_trace_conn_event (trace, ev.conn, p);
      SynackEvent o;

      synack_trace_read_event (trace, i, &o);
      if (i == index)
        return TRUE;
      if (o.kind == SYNACK_EVENT_SEGMENT && o.endpoint == ev.endpoint &&
          ((ev.segment.analysis & SYNACK_ANALYSIS_KEEP_ALIVE)
             ? (o.segment.analysis & SYNACK_ANALYSIS_KEEP_ALIVE) != 0
             : o.segment.len > 0))
        return FALSE;
    }
  return TRUE;
}

static const char *
short_name (SynackTrace *trace,
            guint        conn,
            guint        endpoint)
{
  const char *name = synack_explain_endpoint_name (trace, conn, endpoint);

  /* "client → server", not "the client → the server" */
  return g_str_has_prefix (name, "the ") ? name + 4 : name;
}

static const char *
call_words (SynackCallKind call)
{
  switch (call)
    {
    case SYNACK_CALL_ACCEPT_RETURNS: return "accept() returns";
    case SYNACK_CALL_CONNECT_RETURNS: return "connect() returns";
    case SYNACK_CALL_CRASH: return "crash";
    case SYNACK_CALL_RECV: return "recv()/read()";
    case SYNACK_CALL_SEND: return "send()/write()";
    default: return NULL;
    }
}

/* What the step is, in protocol words: "client → server  SYN  seq=0 len=0
 * win=65535", "server: listen()", "client: retransmission timer armed". */
static char *
step_title (SynackTrace   *trace,
            guint          index,
            SynackSeqMode  mode)
{
  SynackEvent ev;
  const char *who;

  synack_trace_read_event (trace, index, &ev);
  who = short_name (trace, ev.conn, ev.endpoint & 1);

  switch (ev.kind)
    {
    case SYNACK_EVENT_SEGMENT:
      {
        const char *whom = short_name (trace, ev.conn, 1 - (ev.endpoint & 1));
        g_autofree char *l1 = synack_ladder_label_line1 (trace, index);
        g_autofree char *l2 = synack_ladder_label_line2 (trace, index, mode);

        return g_strdup_printf ("%s → %s   %s   %s", who, whom, l1, l2);
      }
    case SYNACK_EVENT_CALL:
      {
        const char *err = ev.call.result != 0 ? synack_errno_name (ev.call.result) : NULL;
        const char *words = call_words (ev.call.call);
        g_autofree char *name = words != NULL ? g_strdup (words)
                                              : g_strdup_printf ("%s()", synack_call_name (ev.call.call));

        if (err != NULL)
          return g_strdup_printf ("%s: %s → %s", who, name, err);
        return g_strdup_printf ("%s: %s", who, name);
      }
    case SYNACK_EVENT_TIMER:
      {
        static const char *const actions[] = { "armed", "fired", "cancelled" };

        return g_strdup_printf ("%s: %s %s", who, synack_timer_name (ev.timer.timer),
                                actions[MIN (ev.timer.action, 2)]);
      }
    case SYNACK_EVENT_STATE:
      return g_strdup_printf ("%s: %s → %s", who, synack_tcp_state_to_rfc_name (ev.state.from),
                              synack_tcp_state_to_rfc_name (ev.state.to));
    default:
      return g_strdup ("");
    }
}

typedef struct
{
  cairo_t     *cr;
  PangoLayout *layout;
  double       y;
  guint        page;
} Pen;

static void
pen_font (Pen        *pen,
          double      size,
          gboolean    bold)
{
  PangoFontDescription *font = pango_font_description_from_string ("Noto Sans, Noto Sans CJK SC, sans-serif");

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (pen->layout, font);
  pango_font_description_free (font);
}

static void
new_page (Pen *pen)
{
  if (pen->page > 0)
    cairo_show_page (pen->cr);
  pen->page++;
  pen->y = MARGIN;
  cairo_set_source_rgb (pen->cr, 0.4, 0.4, 0.4);
  pen_font (pen, 7.5, FALSE);
  pango_layout_set_width (pen->layout, (int) (TEXT_W * PANGO_SCALE));
  pango_layout_set_alignment (pen->layout, PANGO_ALIGN_RIGHT);
  {
    g_autofree char *n = g_strdup_printf ("%u", pen->page);

    pango_layout_set_text (pen->layout, n, -1);
  }
  cairo_move_to (pen->cr, MARGIN, PAGE_H - MARGIN / 2);
  pango_cairo_show_layout (pen->cr, pen->layout);
  pango_layout_set_alignment (pen->layout, PANGO_ALIGN_LEFT);
}

/* Lay out text at width; returns its height. */
static double
pen_measure (Pen        *pen,
             const char *text,
             double      size,
             gboolean    bold,
             double      width)
{
  int w, h;

  pen_font (pen, size, bold);
  pango_layout_set_width (pen->layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (pen->layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (pen->layout, text, -1);
  pango_layout_get_pixel_size (pen->layout, &w, &h);
  return h;
}

static void
pen_text (Pen        *pen,
          double      x,
          const char *text,
          double      size,
          gboolean    bold,
          double      width)
{
  double h = pen_measure (pen, text, size, bold, width);

  cairo_set_source_rgb (pen->cr, 0.1, 0.1, 0.1);
  cairo_move_to (pen->cr, x, pen->y);
  pango_cairo_show_layout (pen->cr, pen->layout);
  pen->y += h;
}

gboolean
synack_handout_write_pdf (SynackTrace   *trace,
                          guint          conn,
                          SynackSeqMode  mode,
                          const char    *path,
                          GError       **error)
{
  const SynackTheme *theme = synack_theme_get (SYNACK_THEME_LIGHT);
  SynackRenderOptions options;
  cairo_surface_t *surface;
  cairo_status_t status;
  double fw = 0, fh = 0, ns_per_px = 0, scale, title_h;
  g_autofree char *title = NULL;
  Pen pen = { 0 };
  guint step = 0;
  const SynackConnection *c;

  g_return_val_if_fail (SYNACK_IS_TRACE (trace), FALSE);

  c = synack_trace_get_connection (trace, conn);
  if (c == NULL)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID,
                   _("%s: there is no connection %u (the trace has %u)"), path, conn,
                   synack_trace_get_n_connections (trace));
      return FALSE;
    }

  synack_render_options_init (&options);
  options.conn = conn;
  options.theme = SYNACK_THEME_LIGHT;
  options.seq_mode = mode;
  options.width = 1100;
  if (!synack_render_measure (trace, &options, &fw, &fh, &ns_per_px, error))
    return FALSE;

  surface = cairo_pdf_surface_create (path, PAGE_W, PAGE_H);
  status = cairo_surface_status (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, _("%s: cannot write: %s"), path,
                   cairo_status_to_string (status));
      cairo_surface_destroy (surface);
      return FALSE;
    }
  pen.cr = cairo_create (surface);
  pen.layout = pango_cairo_create_layout (pen.cr);

  /* page 1: title, description, the figure */
  new_page (&pen);
  title = g_strdup_printf (_("%s — connection %u"), synack_trace_get_title (trace) ?
                           synack_trace_get_title (trace) : "", conn);
  pen_text (&pen, MARGIN, title, 15, TRUE, TEXT_W);
  pen.y += 4;
  if (synack_trace_get_description (trace) != NULL && synack_trace_get_description (trace)[0])
    pen_text (&pen, MARGIN, synack_trace_get_description (trace), 9.5, FALSE, TEXT_W);
  pen.y += 10;
  title_h = pen.y;
  scale = MIN (TEXT_W / fw, (PAGE_H - MARGIN - title_h) / fh);
  cairo_save (pen.cr);
  cairo_translate (pen.cr, MARGIN + (TEXT_W - fw * scale) / 2, pen.y);
  cairo_scale (pen.cr, scale, scale);
  if (!synack_render_draw (pen.cr, trace, &options, error))
    {
      cairo_restore (pen.cr);
      g_object_unref (pen.layout);
      cairo_destroy (pen.cr);
      cairo_surface_destroy (surface);
      return FALSE;
    }
  cairo_restore (pen.cr);

  /* then the steps */
  new_page (&pen);
  pen_text (&pen, MARGIN, _("Step by step"), 13, TRUE, TEXT_W);
  pen.y += 6;
  for (guint i = 0; i < synack_trace_get_n_events (trace); i++)
    {
      SynackEvent ev;
      const char *rfc = NULL;
      g_autofree char *what = NULL;
      g_autofree char *text = NULL;
      g_autofree char *head = NULL;
      g_autofree char *body = NULL;
      gboolean key;
      double need, header_h = 0;

      synack_trace_read_event (trace, i, &ev);
      if (!synack_handout_is_step (trace, conn, i))
        continue;
      step++;
      what = step_title (trace, i, mode);
      text = synack_explain_event (trace, i, &rfc);
      head = g_strdup_printf ("%u.  %.6f s   %s", step, ev.time / 1e9, what);
      body = rfc != NULL ? g_strdup_printf ("%s [%s]", text, rfc) : g_strdup (text);
      key = synack_handout_is_key_segment (trace, i);
      if (key)
        header_h = synack_header_paint (NULL, trace, i, TEXT_W - 40, theme, mode) + 8;
      need = pen_measure (&pen, head, 9, TRUE, TEXT_W) +
             pen_measure (&pen, body, 9, FALSE, TEXT_W - 18) + header_h + 8;
      if (pen.y + need > PAGE_H - MARGIN)
        new_page (&pen);
      pen_text (&pen, MARGIN, head, 9, TRUE, TEXT_W);
      pen_text (&pen, MARGIN + 18, body, 9, FALSE, TEXT_W - 18);
      if (key)
        {
          pen.y += 4;
          cairo_save (pen.cr);
          cairo_translate (pen.cr, MARGIN + 20, pen.y);
          synack_header_paint (pen.cr, trace, i, TEXT_W - 40, theme, mode);
          cairo_restore (pen.cr);
          pen.y += header_h - 4;
        }
      pen.y += 8;
    }

  cairo_show_page (pen.cr);
  g_object_unref (pen.layout);
  cairo_destroy (pen.cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, _("%s: cannot write: %s"), path,
                   cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}
