/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "synack-ladder-paint.h"

struct _SynackTextMeasurer
{
  PangoContext *context;
  PangoLayout  *layout;
};

void
synack_paint_options_init (SynackPaintOptions *options,
                           const SynackTheme  *theme,
                           double              text_scale)
{
  memset (options, 0, sizeof *options);
  options->theme = theme;
  options->text_scale = text_scale;
  options->selected = -1;
  options->hover = -1;
  options->cursor_time = SYNACK_TIME_NONE;
  options->cursor_event = G_MAXINT;
  options->after_cursor = SYNACK_AFTER_CURSOR_SHOW;
  options->draw_background = TRUE;
}

PangoFontDescription *
synack_paint_font (const SynackTheme *theme,
                   double             text_scale,
                   gboolean           bold)
{
  PangoFontDescription *font = pango_font_description_from_string (theme->font_family);

  pango_font_description_set_absolute_size (font, theme->font_px * text_scale * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  return font;
}

SynackTextMeasurer *
synack_text_measurer_new (PangoContext      *context,
                          const SynackTheme *theme,
                          double             text_scale)
{
  SynackTextMeasurer *self = g_new0 (SynackTextMeasurer, 1);
  g_autoptr(PangoFontDescription) font = synack_paint_font (theme, text_scale, TRUE);

  if (context != NULL)
    self->context = g_object_ref (context);
  else
    self->context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  self->layout = pango_layout_new (self->context);
  /* bold: the wider of the two weights, so a label box always holds its text */
  pango_layout_set_font_description (self->layout, font);
  return self;
}

void
synack_text_measurer_free (SynackTextMeasurer *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->layout);
  g_clear_object (&self->context);
  g_free (self);
}

double
synack_text_measurer_measure (const char *text,
                              gpointer    measurer)
{
  SynackTextMeasurer *self = measurer;
  PangoRectangle logical;

  pango_layout_set_text (self->layout, text, -1);
  pango_layout_get_pixel_extents (self->layout, NULL, &logical);
  return logical.width;
}

void
synack_ladder_params_use_measurer (SynackLadderParams *params,
                                   SynackTextMeasurer *measurer)
{
  params->measure = synack_text_measurer_measure;
  params->measure_data = measurer;
}

void
synack_paint_show_layout (cairo_t                  *cr,
                          PangoLayout              *layout,
                          const SynackPaintOptions *options)
{
  if (options->text_sink != NULL && cairo_has_current_point (cr))
    {
      const PangoFontDescription *font = pango_layout_get_font_description (layout);
      double x, y, size = 0;
      gboolean bold = FALSE;

      cairo_get_current_point (cr, &x, &y);
      y += pango_layout_get_baseline (layout) / (double) PANGO_SCALE;
      cairo_user_to_device (cr, &x, &y);
      if (font != NULL)
        {
          size = pango_font_description_get_size (font) / (double) PANGO_SCALE;
          bold = pango_font_description_get_weight (font) >= PANGO_WEIGHT_BOLD;
        }
      options->text_sink (pango_layout_get_text (layout), x, y, size, bold,
                          options->text_sink_data);
    }
  pango_cairo_show_layout (cr, layout);
}

/* ---- text ---- */

typedef struct
{
  PangoLayout          *layout;
  PangoFontDescription *regular;
  PangoFontDescription *bold;
  PangoFontDescription *small;
  double                line_px;
  const SynackPaintOptions *options;
} Text;

static void
text_init (Text                     *text,
           cairo_t                  *cr,
           const SynackPaintOptions *options)
{
  text->layout = pango_cairo_create_layout (cr);
  text->regular = synack_paint_font (options->theme, options->text_scale, FALSE);
  text->bold = synack_paint_font (options->theme, options->text_scale, TRUE);
  text->small = synack_paint_font (options->theme, options->text_scale * 0.85, FALSE);
  text->line_px = ceil (options->theme->font_px * options->text_scale * 1.3);
  text->options = options;
}

static void
text_clear (Text *text)
{
  g_clear_object (&text->layout);
  g_clear_pointer (&text->regular, pango_font_description_free);
  g_clear_pointer (&text->bold, pango_font_description_free);
  g_clear_pointer (&text->small, pango_font_description_free);
}

typedef enum
{
  ALIGN_LEFT,
  ALIGN_CENTER,
  ALIGN_RIGHT,
} Align;

/* Draw text with its logical box's vertical middle at y. Returns its width. */
static double
text_draw (Text                       *text,
           cairo_t                    *cr,
           const PangoFontDescription *font,
           const char                 *str,
           double                      x,
           double                      y,
           Align                       align)
{
  PangoRectangle logical;
  double left;

  pango_layout_set_font_description (text->layout, font);
  pango_layout_set_text (text->layout, str, -1);
  pango_layout_get_pixel_extents (text->layout, NULL, &logical);
  left = align == ALIGN_LEFT ? x : align == ALIGN_CENTER ? x - logical.width / 2.0
                                                         : x - logical.width;
  cairo_move_to (cr, left - logical.x, y - logical.height / 2.0 - logical.y);
  synack_paint_show_layout (cr, text->layout, text->options);
  return logical.width;
}

static double
text_width (Text                       *text,
            const PangoFontDescription *font,
            const char                 *str)
{
  PangoRectangle logical;

  pango_layout_set_font_description (text->layout, font);
  pango_layout_set_text (text->layout, str, -1);
  pango_layout_get_pixel_extents (text->layout, NULL, &logical);
  return logical.width;
}

/* ---- pieces ---- */

static gboolean
is_after_cursor (const SynackPaintOptions *options,
                 guint                     event)
{
  return options->after_cursor != SYNACK_AFTER_CURSOR_SHOW && (int) event > options->cursor_event;
}

/* A lost or dropped segment sent at an open quiz question's cursor: its
 * fate comes after the send, so it is drawn as a plain segment in flight. */
static gboolean
fate_hidden (const SynackPaintOptions *options,
             const SynackLadderArrow  *a)
{
  return a->lost && options->after_cursor == SYNACK_AFTER_CURSOR_HIDE &&
         options->cursor_event != G_MAXINT && (int) a->event >= options->cursor_event;
}

/* The segment the player's cursor (or the selection) is on. */
static gboolean
is_current (const SynackPaintOptions *options,
            guint                     event)
{
  return (int) event == options->cursor_event || (int) event == options->selected;
}

static void
set_dash_for_mark (cairo_t *cr,
                   guint8   mark,
                   double   scale)
{
  static const double dashed[] = { 7, 4 };
  static const double dotted[] = { 2, 3 };
  static const double dash_dot[] = { 8, 3, 2, 3 };
  double pattern[4];
  const double *src = NULL;
  int n = 0;

  switch (mark)
    {
    case SYNACK_MARK_RETRANSMISSION:
      src = dashed;
      n = G_N_ELEMENTS (dashed);
      break;
    case SYNACK_MARK_DUPLICATE:
      src = dotted;
      n = G_N_ELEMENTS (dotted);
      break;
    case SYNACK_MARK_OUT_OF_ORDER:
      src = dash_dot;
      n = G_N_ELEMENTS (dash_dot);
      break;
    default:
      break;
    }
  for (int i = 0; i < n; i++)
    pattern[i] = src[i] * scale;
  cairo_set_dash (cr, pattern, n, 0);
}

static void
draw_arrowhead (cairo_t *cr,
                double   x0,
                double   y0,
                double   x1,
                double   y1,
                double   size)
{
  double angle = atan2 (y1 - y0, x1 - x0);

  cairo_move_to (cr, x1, y1);
  cairo_line_to (cr, x1 - size * cos (angle - 0.4), y1 - size * sin (angle - 0.4));
  cairo_line_to (cr, x1 - size * cos (angle + 0.4), y1 - size * sin (angle + 0.4));
  cairo_close_path (cr);
  cairo_fill (cr);
}

static double
cursor_y (SynackLadderLayout       *layout,
          const SynackPaintOptions *options)
{
  /* on the cursor event's own row (a stack of one instant has several) */
  if (options->cursor_event >= 0 && options->cursor_event != G_MAXINT)
    return synack_ladder_layout_event_to_y (layout, options->cursor_event, options->cursor_time);
  return synack_ladder_layout_time_to_y (layout, options->cursor_time);
}

static void
draw_arrow (cairo_t                  *cr,
            SynackLadderLayout       *layout,
            const SynackLadderArrow  *a,
            const SynackPaintOptions *options,
            gint64                    send_time,
            gint64                    arrive_time)
{
  const SynackTheme *theme = options->theme;
  double lw = theme->line_width * options->text_scale;
  double xe = a->xe, ye = a->ye;
  double alpha = 1.0;
  gboolean truncated = FALSE;

  if (is_after_cursor (options, a->event))
    {
      if (options->after_cursor == SYNACK_AFTER_CURSOR_HIDE)
        return;
      alpha = theme->faded.a;
    }
  if (fate_hidden (options, a))
    {
      /* up to the cursor, in a plain segment's colour, no cross */
      double cy = cursor_y (layout, options);
      double f = a->ye > a->y0 ? CLAMP ((cy - a->y0) / (a->ye - a->y0), 0, 1) : 0;

      if (f <= 0)
        return;
      synack_theme_set_source (cr, is_current (options, a->event) ? &theme->endpoint[a->sender]
                                                                 : &theme->mark[a->mark_sent]);
      cairo_set_line_width (cr, is_current (options, a->event) ? lw * 2.6 : lw);
      set_dash_for_mark (cr, a->mark_sent, options->text_scale);
      cairo_move_to (cr, a->x0, a->y0);
      cairo_line_to (cr, a->x0 + f * (a->xe - a->x0), a->y0 + f * (a->ye - a->y0));
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      return;
    }
  /* during replay an arrow in flight stops where the cursor is */
  if (options->after_cursor != SYNACK_AFTER_CURSOR_SHOW && options->cursor_time != SYNACK_TIME_NONE &&
      arrive_time != SYNACK_TIME_NONE && send_time <= options->cursor_time &&
      options->cursor_time < arrive_time && a->y1 > a->y0)
    {
      double cy = cursor_y (layout, options);
      double f = CLAMP ((cy - a->y0) / (a->y1 - a->y0), 0, 1);

      if (a->lost)
        f = MIN (f, 0.5) * 2;
      if (f < 1)
        {
          xe = a->x0 + f * (a->xe - a->x0);
          ye = a->y0 + f * (a->ye - a->y0);
          truncated = TRUE;
        }
    }

  if ((int) a->event == options->selected || (int) a->event == options->hover)
    {
      synack_theme_set_source (cr, (int) a->event == options->selected ? &theme->selection
                                                                     : &theme->hover);
      cairo_set_line_width (cr, lw + 8 * options->text_scale);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      cairo_move_to (cr, a->x0, a->y0);
      cairo_line_to (cr, xe, ye);
      cairo_stroke (cr);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
    }

  if (is_current (options, a->event))
    {
      /* the current segment: thick, in its sender's colour, readable from
       * the back of a classroom */
      synack_theme_set_source_alpha (cr, &theme->endpoint[a->sender], alpha);
      cairo_set_line_width (cr, lw * 2.6);
    }
  else
    {
      synack_theme_set_source_alpha (cr, &theme->mark[a->mark], alpha);
      cairo_set_line_width (cr, a->mark == SYNACK_MARK_RESET || a->mark == SYNACK_MARK_CHALLENGE_ACK
                                  ? lw * 1.8 : lw);
    }
  set_dash_for_mark (cr, a->mark, options->text_scale);
  cairo_move_to (cr, a->x0, a->y0);
  cairo_line_to (cr, xe, ye);
  cairo_stroke (cr);

  if (truncated && options->after_cursor == SYNACK_AFTER_CURSOR_HIDE)
    {
      cairo_set_dash (cr, NULL, 0, 0);
      return;
    }
  if (truncated)
    {
      /* the way still to go, faded: stepping onto a send shows where the
       * segment is going before it gets there (the current one in its
       * sender's colour) */
      synack_theme_set_source_alpha (cr, is_current (options, a->event) ? &theme->endpoint[a->sender]
                                                                       : &theme->mark[a->mark],
                                     theme->faded.a);
      cairo_move_to (cr, xe, ye);
      cairo_line_to (cr, a->xe, a->ye);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      if (!a->lost)
        draw_arrowhead (cr, a->x0, a->y0, a->x1, a->y1, 10 * options->text_scale);
      return;
    }
  cairo_set_dash (cr, NULL, 0, 0);
  if (is_current (options, a->event))
    synack_theme_set_source_alpha (cr, &theme->endpoint[a->sender], alpha);
  if (a->lost)
    {
      double s = 6 * options->text_scale;

      cairo_set_line_width (cr, lw * 1.6);
      cairo_move_to (cr, xe - s, ye - s);
      cairo_line_to (cr, xe + s, ye + s);
      cairo_move_to (cr, xe - s, ye + s);
      cairo_line_to (cr, xe + s, ye - s);
      cairo_stroke (cr);
    }
  else
    draw_arrowhead (cr, a->x0, a->y0, a->x1, a->y1,
                    (is_current (options, a->event) ? 15 : 10) * options->text_scale);
}

/* A sample of more arrows than pixel rows: one path a mark, stroked once,
 * no heads and no labels (the header says to zoom in). */
static void
draw_dense_arrows (cairo_t                  *cr,
                   SynackLadderLayout       *layout,
                   const SynackPaintOptions *options)
{
  const SynackTheme *theme = options->theme;

  /* hundreds of near-parallel lines a pixel apart: smoothing them buys
   * nothing and costs most of the frame */
  cairo_save (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
  cairo_set_line_width (cr, 1.0);
  for (guint mark = 0; mark < SYNACK_MARK_N_KINDS; mark++)
    {
      gboolean any = FALSE;

      for (guint i = 0; i < layout->arrows->len; i++)
        {
          const SynackLadderArrow *a = &g_array_index (layout->arrows, SynackLadderArrow, i);

          if ((fate_hidden (options, a) ? a->mark_sent : a->mark) != mark ||
              (is_after_cursor (options, a->event) &&
               options->after_cursor == SYNACK_AFTER_CURSOR_HIDE))
            continue;
          cairo_move_to (cr, a->x0, a->y0);
          cairo_line_to (cr, a->xe, a->ye);
          any = TRUE;
        }
      if (any)
        {
          synack_theme_set_source (cr, &theme->mark[mark]);
          cairo_stroke (cr);
        }
    }
  cairo_restore (cr);
}

static void
draw_label (cairo_t                  *cr,
            Text                     *text,
            const SynackLadderArrow  *a,
            const SynackPaintOptions *options)
{
  const SynackTheme *theme = options->theme;
  double alpha = 1.0;
  double cx = a->lx + a->lw / 2;

  if (!a->has_label || a->line1 == NULL)
    return;
  if (is_after_cursor (options, a->event))
    {
      if (options->after_cursor == SYNACK_AFTER_CURSOR_HIDE)
        return;
      alpha = theme->faded.a;
    }
  synack_theme_set_source_alpha (cr, &theme->label_background, alpha);
  cairo_rectangle (cr, a->lx, a->ly, a->lw, a->lh);
  cairo_fill (cr);
  if ((int) a->event == options->selected)
    {
      synack_theme_set_source (cr, &theme->selection);
      cairo_rectangle (cr, a->lx, a->ly, a->lw, a->lh);
      cairo_fill (cr);
    }
  if (is_current (options, a->event))
    {
      synack_theme_set_source_alpha (cr, &theme->endpoint[a->sender], alpha);
      cairo_set_line_width (cr, 2 * options->text_scale);
      cairo_rectangle (cr, a->lx + 0.5, a->ly + 0.5, a->lw - 1, a->lh - 1);
      cairo_stroke (cr);
    }
  /* a fate still to come is not told */
  synack_theme_set_source_alpha (cr, &theme->mark[fate_hidden (options, a) ? a->mark_sent : a->mark],
                                 alpha);
  text_draw (text, cr, text->bold, fate_hidden (options, a) ? a->line1_sent : a->line1,
             cx, a->ly + 2 + a->lh / 4 - 1, ALIGN_CENTER);
  synack_theme_set_source_alpha (cr, &theme->foreground, alpha);
  text_draw (text, cr, text->regular, a->line2, cx, a->ly + a->lh * 3 / 4 - 1, ALIGN_CENTER);
}

/* "+N" where labels were left out: hover it (or zoom in) to read them. */
static void
draw_elisions (cairo_t                  *cr,
               Text                     *text,
               SynackLadderLayout       *layout,
               const SynackPaintOptions *options)
{
  const SynackTheme *theme = options->theme;

  for (guint i = 0; i < layout->elisions->len; i++)
    {
      const SynackLadderElision *e = &g_array_index (layout->elisions, SynackLadderElision, i);
      guint first = g_array_index (layout->elided, guint, e->first);
      guint shown = 0;
      g_autofree char *str = NULL;
      double r = e->h / 2;

      /* what lies hidden after the cursor is not counted either */
      for (guint k = 0; k < e->n; k++)
        if (!is_after_cursor (options, g_array_index (layout->elided, guint, e->first + k)) ||
            options->after_cursor != SYNACK_AFTER_CURSOR_HIDE)
          shown++;
      if (shown == 0)
        continue;
      str = g_strdup_printf ("+%u", shown);
      synack_theme_set_source_alpha (cr, &theme->label_background,
                                     is_after_cursor (options, first) ? theme->faded.a : 1.0);
      cairo_new_sub_path (cr);
      cairo_arc (cr, e->x + r, e->y + r, r, G_PI / 2, 3 * G_PI / 2);
      cairo_arc (cr, e->x + e->w - r, e->y + r, r, -G_PI / 2, G_PI / 2);
      cairo_close_path (cr);
      cairo_fill_preserve (cr);
      synack_theme_set_source (cr, &theme->muted);
      cairo_set_line_width (cr, 1);
      cairo_stroke (cr);
      text_draw (text, cr, text->small, str, e->x + e->w / 2, e->y + e->h / 2, ALIGN_CENTER);
    }
}

/* Text at x (its left or right edge), its box's middle at y; its lines
 * aligned to that edge. */
static void
text_draw_lines (Text                       *text,
                 cairo_t                    *cr,
                 const PangoFontDescription *font,
                 const char                 *str,
                 double                      x,
                 double                      y,
                 Align                       align)
{
  pango_layout_set_alignment (text->layout, align == ALIGN_RIGHT ? PANGO_ALIGN_RIGHT
                                            : align == ALIGN_CENTER ? PANGO_ALIGN_CENTER
                                            : PANGO_ALIGN_LEFT);
  text_draw (text, cr, font, str, x, y, align);
  pango_layout_set_alignment (text->layout, PANGO_ALIGN_LEFT);
}

/* State names, socket calls and the timers' texts too long for their
 * brackets, outside each lifeline where the layout put them (never on top
 * of each other), with a leader back to the moment they describe. */
/* While a quiz question is open, a timer armed at or before the cursor that
 * is still running there: its start is the past, its end (fired or
 * cancelled, and when) the future. */
static gboolean
timer_hides_end (const SynackPaintOptions *options,
                 const SynackLadderTimer  *t)
{
  return options->after_cursor == SYNACK_AFTER_CURSOR_HIDE && options->cursor_event != G_MAXINT &&
         options->cursor_time != SYNACK_TIME_NONE && !is_after_cursor (options, t->event) &&
         (t->end_event == G_MAXUINT || (int) t->end_event > options->cursor_event);
}

/* A running timer's text, as it reads while it runs: its count as armed
 * (the layout's is that of the expiry that ended it), not how it ended. */
static char *
running_timer_text (SynackTrace             *trace,
                    const SynackLadderTimer *t,
                    gint64                   cursor_time)
{
  SynackLadderTimer running = *t;
  SynackEvent ev;

  synack_trace_read_event (trace, t->event, &ev);
  running.ended = SYNACK_TIMER_ARMED;
  if (ev.kind == SYNACK_EVENT_TIMER)
    running.count = ev.timer.count;
  return synack_ladder_timer_text (&running, cursor_time);
}

static void
draw_side_notes (cairo_t                  *cr,
                 SynackTrace              *trace,
                 Text                     *text,
                 SynackLadderLayout       *layout,
                 const SynackPaintOptions *options)
{
  const SynackTheme *theme = options->theme;
  double s = options->text_scale;
  /* both sides arranged together: reading down, their texts come in the
   * order things happened */
  g_autoptr(GArray) notes = synack_ladder_layout_side_notes (layout, text->line_px + 4 * s);
  SynackLadderDrawn *drawn = options->ladder_drawn;

  if (drawn != NULL)
    {
      drawn->cursor_event = options->cursor_event;
      drawn->t_top = layout->t_top;
      for (guint ep = 0; ep < 2; ep++)
        {
          drawn->state[ep] = SYNACK_STATE_UNKNOWN;
          drawn->event[ep] = G_MAXUINT;
          drawn->y[ep] = NAN;
        }
    }
  for (guint i = 0; i < notes->len; i++)
    {
      const SynackLadderNote *n = &g_array_index (notes, SynackLadderNote, i);
      guint ep = n->endpoint;
      double lx = layout->lifeline_x[ep];
      double dir = ep == 0 ? -1 : 1;
      double edge = ep == 0 ? n->x + n->w : n->x;   /* the side toward the lifeline */
      /* a timer's note tells of its end, where it stands */
      double alpha = is_after_cursor (options, n->event)
                       ? (options->after_cursor == SYNACK_AFTER_CURSOR_HIDE ? 0 : theme->faded.a)
                       : 1.0;

      if (alpha == 0 || n->text_y + n->h / 2 < layout->top_y || n->y > layout->params.height)
        continue;
      if (n->kind == SYNACK_LADDER_NOTE_STATE && alpha >= 1.0 && drawn != NULL &&
          (drawn->event[ep] == G_MAXUINT || n->event > drawn->event[ep]))
        {
          drawn->state[ep] = n->state;
          drawn->event[ep] = n->event;
          drawn->y[ep] = n->y;
        }
      /* a timer still running at an open question's cursor is not told of
       * beside it: the note stands at (and tells of) its end */
      if (n->kind == SYNACK_LADDER_NOTE_TIMER &&
          timer_hides_end (options, &g_array_index (layout->timers, SynackLadderTimer, n->timer)))
        continue;
      /* leader from the lifeline (a timer's: from its bracket) to the text */
      synack_theme_set_source_alpha (cr, n->kind == SYNACK_LADDER_NOTE_TIMER ? &theme->timer
                                                                              : &theme->muted, alpha);
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, n->kind == SYNACK_LADDER_NOTE_TIMER ? lx + dir * 8 * s : lx, n->y);
      cairo_line_to (cr, lx + dir * 12 * s, n->y);
      cairo_line_to (cr, edge - dir * 3 * s, n->text_y);
      cairo_stroke (cr);
      if (n->kind == SYNACK_LADDER_NOTE_STATE)
        {
          double bx = n->x, w = n->w, h = n->h;

          synack_theme_set_source_alpha (cr, &theme->state[n->state], alpha);
          cairo_rectangle (cr, bx, n->text_y - h / 2, w, h);
          cairo_fill (cr);
          /* the hatch frames a state that has happened; faded (still to
           * come) it would cross the pale name and blur it */
          if (alpha >= 1.0)
            {
              synack_theme_paint_hatch (cr, synack_theme_state_hatch (n->state),
                                        &theme->state_ink[n->state], bx, n->text_y - h / 2, w, h);
              synack_theme_set_source (cr, &theme->state[n->state]);
              cairo_rectangle (cr, bx + 3 * s, n->text_y - h / 2 + 2 * s, w - 6 * s, h - 4 * s);
              cairo_fill (cr);
            }
          synack_theme_set_source_alpha (cr, &theme->state_ink[n->state], alpha);
          text_draw (text, cr, text->bold, n->text, bx + w / 2, n->text_y, ALIGN_CENTER);
        }
      else if (n->kind == SYNACK_LADDER_NOTE_TIMER)
        {
          const SynackLadderTimer *t = &g_array_index (layout->timers, SynackLadderTimer, n->timer);
          g_autofree char *str = synack_ladder_timer_text (t, options->cursor_time);

          synack_theme_set_source_alpha (cr, &theme->timer, alpha);
          /* the text of a running 2MSL changes with the cursor: the layout's
           * wrapping is for its nominal text */
          text_draw_lines (text, cr, text->small,
                           strchr (n->text, '\n') != NULL || g_str_equal (str, n->text) ? n->text : str,
                           edge, n->text_y, ep == 0 ? ALIGN_RIGHT : ALIGN_LEFT);
        }
      else
        {
          synack_theme_set_source_alpha (cr, &theme->call, alpha);
          text_draw_lines (text, cr, text->regular, n->text, edge, n->text_y,
                           ep == 0 ? ALIGN_RIGHT : ALIGN_LEFT);
        }
    }
  (void) trace;
}

static void
draw_timers (cairo_t                  *cr,
             SynackTrace              *trace,
             Text                     *text,
             SynackLadderLayout       *layout,
             const SynackPaintOptions *options)
{
  const SynackTheme *theme = options->theme;
  double s = options->text_scale;

  for (guint i = 0; i < layout->timers->len; i++)
    {
      const SynackLadderTimer *t = &g_array_index (layout->timers, SynackLadderTimer, i);
      double dir = t->endpoint == 0 ? -1 : 1;
      double x = layout->lifeline_x[t->endpoint] + dir * 8 * s;
      double y0 = MAX (t->y0, layout->top_y - 4), y1 = MIN (t->y1, layout->params.height + 4);
      double alpha = 1.0;

      if (is_after_cursor (options, t->event))
        {
          if (options->after_cursor == SYNACK_AFTER_CURSOR_HIDE)
            continue;
          alpha = theme->faded.a;
        }
      if (timer_hides_end (options, t))
        {
          /* drawn up to the cursor only: no due time, no end, no dash of a
           * cancel to come; its words along what is drawn, if they fit */
          double cy = MIN (MAX (t->y0, cursor_y (layout, options)), layout->params.height + 4);

          synack_theme_set_source (cr, &theme->timer);
          cairo_set_line_width (cr, 1.5 * s);
          cairo_move_to (cr, x - dir * 5 * s, t->y0);
          cairo_line_to (cr, x, t->y0);
          if (cy > y0)
            {
              cairo_move_to (cr, x, y0);
              cairo_line_to (cr, x, cy);
            }
          cairo_stroke (cr);
          if (!t->beside && t->th > 0 && cy - t->y0 >= t->th + 4 * s)
            {
              g_autofree char *str = running_timer_text (trace, t, options->cursor_time);

              cairo_save (cr);
              cairo_translate (cr, t->tx + t->tw / 2, (t->y0 + cy) / 2);
              cairo_rotate (cr, -G_PI / 2);
              text_draw (text, cr, text->small, str, 0, 0, ALIGN_CENTER);
              cairo_restore (cr);
            }
          continue;
        }
      synack_theme_set_source_alpha (cr, &theme->timer, alpha);
      cairo_set_line_width (cr, 1.5 * s);
      if (t->ended == SYNACK_TIMER_CANCELLED)
        {
          double d[] = { 3 * s, 3 * s };
          cairo_set_dash (cr, d, 2, 0);
        }
      cairo_move_to (cr, x - dir * 5 * s, t->y0);
      cairo_line_to (cr, x, t->y0);
      cairo_move_to (cr, x, y0);
      cairo_line_to (cr, x, y1);
      if (t->y1 <= layout->params.height)
        {
          cairo_move_to (cr, x, t->y1);
          cairo_line_to (cr, x - dir * 5 * s, t->y1);
        }
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      if (t->ended == SYNACK_TIMER_FIRED && t->y1 <= layout->params.height)
        {
          cairo_arc (cr, x, t->y1, 3 * s, 0, 2 * G_PI);
          cairo_fill (cr);
        }
      /* the label along the bracket, where the layout found room for it
       * (else it is a side note) */
      if (!t->beside)
        {
          g_autofree char *str = synack_ladder_timer_text (t, options->cursor_time);

          cairo_save (cr);
          cairo_translate (cr, t->tx + t->tw / 2, t->ty + t->th / 2);
          cairo_rotate (cr, -G_PI / 2);
          text_draw (text, cr, text->small, str, 0, 0, ALIGN_CENTER);
          cairo_restore (cr);
        }
    }
}

static void
zigzag (cairo_t *cr,
        double   x,
        double   y0,
        double   y1,
        double   amp)
{
  int n = 4;

  cairo_move_to (cr, x, y0);
  for (int i = 1; i <= n; i++)
    cairo_line_to (cr, x + (i % 2 ? amp : -amp), y0 + (y1 - y0) * i / (n + 1));
  cairo_line_to (cr, x, y1);
}

/* Below this y nothing may tell of what comes after the cursor: the
 * cursor's row while a quiz question is open, else the bottom edge. */
static double
hidden_below (SynackLadderLayout       *layout,
              const SynackPaintOptions *options)
{
  if (options->after_cursor != SYNACK_AFTER_CURSOR_HIDE || options->cursor_event == G_MAXINT)
    return layout->params.height;
  if (options->cursor_event < 0 || options->cursor_time == SYNACK_TIME_NONE)
    return layout->top_y;
  return cursor_y (layout, options);
}

/* A break is drawn only whole: one that runs past an open question's
 * cursor would tell how long the wait there is. */
static gboolean
break_hidden (SynackLadderLayout       *layout,
              const SynackPaintOptions *options,
              const SynackLadderBreak  *b)
{
  double limit = hidden_below (layout, options);

  return b->y0 >= limit || (limit < layout->params.height && b->y1 > limit + 1);
}

static void
draw_lifelines (cairo_t                  *cr,
                SynackTrace              *trace,
                SynackLadderLayout       *layout,
                const SynackPaintOptions *options)
{
  const SynackTheme *theme = options->theme;
  double s = options->text_scale;
  double bottom = layout->params.height;

  for (guint ep = 0; ep < 2; ep++)
    {
      double x = layout->lifeline_x[ep];
      double y = layout->top_y;

      /* a strip in the endpoint's state colour runs along the lifeline */
      if (trace != NULL && layout->conn < synack_trace_get_n_connections (trace))
        {
          /* the states list starts with the changes at t_top */
          SynackTcpState state = synack_trace_state_at_time (trace, layout->conn, ep, layout->t_top - 1);
          double sy = layout->top_y;
          double limit = bottom;

          /* hidden after the cursor: the strip stops at it */
          if (options->after_cursor == SYNACK_AFTER_CURSOR_HIDE)
            limit = options->cursor_event < 0 ? layout->top_y
                    : options->cursor_time != SYNACK_TIME_NONE ? MAX (layout->top_y, cursor_y (layout, options))
                    : bottom;
          for (guint i = 0; i <= layout->states->len && sy < limit; i++)
            {
              const SynackLadderStateMark *m = NULL;
              double ey = limit;

              if (i < layout->states->len)
                {
                  m = &g_array_index (layout->states, SynackLadderStateMark, i);
                  if (m->endpoint != ep)
                    continue;
                  if (options->after_cursor == SYNACK_AFTER_CURSOR_HIDE && is_after_cursor (options, m->event))
                    {
                      m = NULL;
                      i = layout->states->len;
                    }
                  else
                    ey = MIN (limit, MAX (sy, m->y));
                }
              synack_theme_set_source (cr, &theme->state[state]);
              cairo_rectangle (cr, x - 3 * s, sy, 6 * s, ey - sy);
              cairo_fill (cr);
              if (m != NULL)
                {
                  state = m->state;
                  sy = ey;
                }
            }
        }

      synack_theme_set_source (cr, &theme->lifeline);
      cairo_set_line_width (cr, 1.5 * s);
      for (guint i = 0; i < layout->breaks->len; i++)
        {
          const SynackLadderBreak *b = &g_array_index (layout->breaks, SynackLadderBreak, i);

          /* a break still to come is not drawn while the future is hidden */
          if (break_hidden (layout, options, b))
            continue;
          if (b->y0 > y)
            {
              cairo_move_to (cr, x, y);
              cairo_line_to (cr, x, b->y0);
            }
          zigzag (cr, x, b->y0, b->y1, 5 * s);
          y = b->y1;
        }
      cairo_move_to (cr, x, y);
      cairo_line_to (cr, x, bottom);
      cairo_stroke (cr);
    }
}

static void
draw_axis (cairo_t                  *cr,
           Text                     *text,
           SynackLadderLayout       *layout,
           const SynackPaintOptions *options)
{
  const SynackTheme *theme = options->theme;
  double s = options->text_scale;
  double w = layout->params.width;
  /* While the time after the cursor is hidden (a quiz question is open)
   * the axis tells nothing of it either: no tick, stretch or idle break
   * below the cursor says how long the wait to come is. */
  double limit = hidden_below (layout, options);
  double last_word;

  cairo_save (cr);
  /* room for the text of a tick on the limit itself */
  cairo_rectangle (cr, 0, layout->top_y, w,
                   MAX (0, MIN (limit + text->line_px, layout->params.height) - layout->top_y));
  cairo_clip (cr);

  /* grid lines, then tick labels */
  synack_theme_set_source (cr, &theme->grid);
  cairo_set_line_width (cr, 1);
  for (guint i = 0; i < layout->ticks->len; i++)
    {
      const SynackLadderTick *t = &g_array_index (layout->ticks, SynackLadderTick, i);
      double y = floor (t->y) + 0.5;

      cairo_move_to (cr, layout->params.axis_px - 4 * s, y);
      cairo_line_to (cr, w, y);
    }
  cairo_stroke (cr);
  synack_theme_set_source (cr, &theme->muted);
  for (guint i = 0; i < layout->ticks->len; i++)
    {
      const SynackLadderTick *t = &g_array_index (layout->ticks, SynackLadderTick, i);
      /* one row per segment: each row says when it was sent, to the µs */
      g_autofree char *str = NULL;

      if (t->y > limit)
        continue;
      str = synack_format_tick (t->t, layout->axis_kind == SYNACK_AXIS_EVENTS
                                        ? 1000 : layout->tick_step);
      text_draw (text, cr, text->small, str, layout->params.axis_px - 8 * s, t->y, ALIGN_RIGHT);
    }
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, layout->params.axis_px - 0.5, layout->top_y);
  cairo_line_to (cr, layout->params.axis_px - 0.5, layout->params.height);
  cairo_stroke (cr);

  /* stretches: the axis gave crowded segments a row each here; a dotted
   * double rule in the gutter says time is not to scale over it */
  last_word = -G_MAXDOUBLE;
  for (guint i = 0; i < layout->stretches->len; i++)
    {
      const SynackLadderStretch *st = &g_array_index (layout->stretches, SynackLadderStretch, i);
      double x = layout->params.axis_px - 3 * s;
      double dots[] = { 2 * s, 2 * s };
      /* cut at an open question's cursor: how far it runs on is the future */
      SynackLadderStretch cut = *st;

      cut.y1 = MIN (st->y1, limit);
      st = &cut;
      if (st->y1 - st->y0 < 2 || st->y0 >= limit)
        continue;
      synack_theme_set_source (cr, &theme->break_fill);
      cairo_rectangle (cr, layout->params.axis_px, st->y0, 6 * s, st->y1 - st->y0);
      cairo_fill (cr);
      synack_theme_set_source (cr, &theme->timer);
      cairo_set_line_width (cr, 1.5 * s);
      cairo_set_dash (cr, dots, 2, 0);
      cairo_move_to (cr, x, st->y0);
      cairo_line_to (cr, x, st->y1);
      cairo_move_to (cr, x + 4 * s, st->y0);
      cairo_line_to (cr, x + 4 * s, st->y1);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      /* written along it where the stretch is long enough for its own
       * word (not one word run into the next stretch's) */
      {
        const char *word = st->t0 == st->t1 ? _("same instant") : _("stretched");
        double len = text_width (text, text->small, word);

        if (st->y1 - st->y0 > len + 8 * s && (st->y0 + st->y1) / 2 - len / 2 > last_word + 4 * s)
          {
            cairo_save (cr);
            cairo_translate (cr, x + 12 * s, (st->y0 + st->y1) / 2);
            cairo_rotate (cr, -G_PI / 2);
            text_draw (text, cr, text->small, word, 0, 0, ALIGN_CENTER);
            cairo_restore (cr);
            last_word = (st->y0 + st->y1) / 2 + len / 2;
          }
      }
    }

  /* breaks: a shaded band with the idle time written in it */
  for (guint i = 0; i < layout->breaks->len; i++)
    {
      const SynackLadderBreak *b = &g_array_index (layout->breaks, SynackLadderBreak, i);
      g_autofree char *span = NULL;
      g_autofree char *str = NULL;

      if (break_hidden (layout, options, b))
        continue;
      span = synack_format_duration (b->t1 - b->t0);
      str = g_strdup_printf (_("%s idle"), span);
      synack_theme_set_source (cr, &theme->break_fill);
      cairo_rectangle (cr, 0, b->y0, w, b->y1 - b->y0);
      cairo_fill (cr);
      synack_theme_set_source (cr, &theme->muted);
      cairo_set_line_width (cr, 1);
      zigzag (cr, layout->params.axis_px - 0.5, b->y0, b->y1, 4 * s);
      cairo_stroke (cr);
      /* between the lifelines where no label covers it... */
      if (b->text_free)
        text_draw (text, cr, text->bold, str, (layout->lifeline_x[0] + layout->lifeline_x[1]) / 2,
                   b->text_y, ALIGN_CENTER);
      /* ...and always on the axis, where nothing can cover it */
      g_free (str);
      str = g_strdup_printf ("+%s", span);
      text_draw (text, cr, text->small, str, layout->params.axis_px - 8 * s, (b->y0 + b->y1) / 2,
                 ALIGN_RIGHT);
    }
  cairo_restore (cr);
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

static void
draw_header (cairo_t                  *cr,
             Text                     *text,
             SynackTrace              *trace,
             SynackLadderLayout       *layout,
             const SynackPaintOptions *options)
{
  const SynackTheme *theme = options->theme;
  const SynackConnection *c;
  double h = layout->top_y;

  synack_theme_set_source (cr, &theme->background);
  cairo_rectangle (cr, 0, 0, layout->params.width, h);
  cairo_fill (cr);
  synack_theme_set_source (cr, &theme->lifeline);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, 0, h - 0.5);
  cairo_line_to (cr, layout->params.width, h - 0.5);
  cairo_stroke (cr);

  if (trace == NULL || layout->conn >= synack_trace_get_n_connections (trace))
    return;
  c = synack_trace_get_connection (trace, layout->conn);
  for (guint ep = 0; ep < 2; ep++)
    {
      char buf[80];
      const char *role = role_label (c->name[ep], ep);

      synack_endpoint_to_string (&c->addr[ep], c->port[ep], buf, sizeof buf);
      synack_theme_set_source (cr, &theme->foreground);
      text_draw (text, cr, text->bold, role, layout->lifeline_x[ep], h / 2 - text->line_px / 2,
                 ALIGN_CENTER);
      text_draw (text, cr, text->regular, buf, layout->lifeline_x[ep], h / 2 + text->line_px / 2,
                 ALIGN_CENTER);
    }
  if (layout->dense)
    {
      g_autofree char *str = g_strdup_printf (ngettext ("%u event in view: zoom in to read labels",
                                                        "%u events in view: zoom in to read labels",
                                                        layout->n_in_view),
                                              layout->n_in_view);
      synack_theme_set_source (cr, &theme->muted);
      text_draw (text, cr, text->small, str, (layout->lifeline_x[0] + layout->lifeline_x[1]) / 2,
                 h - text->line_px / 2, ALIGN_CENTER);
    }
  /* the time axis' unit */
  synack_theme_set_source (cr, &theme->muted);
  text_draw (text, cr, text->small,
             layout->axis_kind == SYNACK_AXIS_EVENTS ? _("order") : _("time"),
             layout->params.axis_px - 8 * options->text_scale,
             h - text->line_px / 2, ALIGN_RIGHT);
}

static void
draw_cursor (cairo_t                  *cr,
             Text                     *text,
             SynackLadderLayout       *layout,
             const SynackPaintOptions *options)
{
  const SynackTheme *theme = options->theme;
  double y;

  if (options->cursor_time == SYNACK_TIME_NONE)
    return;
  y = cursor_y (layout, options);
  if (y < layout->top_y || y > layout->params.height)
    return;
  synack_theme_set_source (cr, &theme->cursor);
  cairo_set_line_width (cr, 2 * options->text_scale);
  cairo_move_to (cr, layout->params.axis_px, y);
  cairo_line_to (cr, layout->params.width, y);
  cairo_stroke (cr);
}

/* One of a mark's words, placed. */
typedef struct
{
  double  y;         /* the height it belongs at */
  guint   mark;
  guint8  ep;
  guint8  kernel;    /* for a label saying both: the kernel's word */
  gboolean both;
  char   *text;
} MarkWord;

static gint
compare_words (gconstpointer a,
               gconstpointer b)
{
  const MarkWord *x = a, *y = b;

  return x->y < y->y ? -1 : x->y > y->y ? 1 : (int) x->mark - (int) y->mark;
}

static void
mark_word_clear (gpointer data)
{
  g_free (((MarkWord *) data)->text);
}

static void
add_mark_box (const SynackPaintOptions *options,
              double                    x,
              double                    y,
              double                    w,
              double                    h,
              guint                     mark)
{
  SynackStateMarkBox box = { x, y, w, h, mark };

  if (options->state_mark_boxes != NULL)
    g_array_append_val (options->state_mark_boxes, box);
}

static void
diamond (cairo_t *cr,
         double   x,
         double   y,
         double   r)
{
  cairo_move_to (cr, x, y - r);
  cairo_line_to (cr, x + r, y);
  cairo_line_to (cr, x, y + r);
  cairo_line_to (cr, x - r, y);
  cairo_close_path (cr);
}

/* Each disagreement of the kernel and inference, on the endpoint's
 * lifeline at the heights where each said its word: a filled sign where
 * the kernel said its state, a hollow one where inference said its own,
 * joined when they are apart, and beside each its words ("kernel:
 * FIN-WAIT-2", "inferred: FIN-WAIT-1"; one label "kernel: X, inferred: Y"
 * when both are within a row). The words of both endpoints share one
 * column of rows, so they never meet. */
static void
draw_state_marks (cairo_t                  *cr,
                  Text                     *text,
                  SynackLadderLayout       *layout,
                  const SynackPaintOptions *options)
{
  const SynackTheme *theme = options->theme;
  double s = options->text_scale;
  double h = text->line_px + 2 * s, r = 6 * s;
  double last = -G_MAXDOUBLE;
  g_autoptr(GArray) words = g_array_new (FALSE, TRUE, sizeof (MarkWord));
  gboolean hide_after = options->after_cursor == SYNACK_AFTER_CURSOR_HIDE &&
                        options->cursor_time != SYNACK_TIME_NONE;

  guint last_both[2] = { G_MAXUINT, G_MAXUINT };

  g_array_set_clear_func (words, mark_word_clear);
  for (guint i = 0; i < options->n_state_marks; i++)
    {
      const SynackStateMark *m = &options->state_marks[i];
      guint ep = m->endpoint & 1;
      double lx = layout->lifeline_x[ep];
      double yk = synack_ladder_layout_time_to_y (layout, m->kernel_time);
      double yi = synack_ladder_layout_time_to_y (layout, m->inferred_time);
      gboolean show_k = !hide_after || m->kernel_time <= options->cursor_time;
      gboolean show_i = !hide_after || m->inferred_time <= options->cursor_time;
      const char *inferred = synack_tcp_state_to_rfc_name (m->inferred);
      MarkWord w = { 0 };

      if (!show_k && !show_i)
        continue;
      if (MAX (yk, yi) < layout->top_y - h || MIN (yk, yi) > layout->params.height + h)
        continue;
      synack_theme_set_source (cr, &theme->mark[SYNACK_MARK_RESET]);
      /* the two heights joined by a bracket beside the lifeline, which
       * keeps its state's colour */
      if (show_k && show_i && fabs (yk - yi) > r)
        {
          double bx = lx + (ep == 0 ? 1 : -1) * (r + 2 * s);

          cairo_set_line_width (cr, 2 * s);
          cairo_move_to (cr, lx, MIN (yk, yi));
          cairo_line_to (cr, bx, MIN (yk, yi));
          cairo_line_to (cr, bx, MAX (yk, yi));
          cairo_line_to (cr, lx, MAX (yk, yi));
          cairo_stroke (cr);
          add_mark_box (options, MIN (lx, bx) - s, MIN (yk, yi), fabs (bx - lx) + 2 * s,
                        fabs (yk - yi), i);
        }
      if (show_i)
        {
          /* inference's word: a hollow sign */
          diamond (cr, lx, yi, r);
          synack_theme_set_source (cr, &theme->label_background);
          cairo_fill_preserve (cr);
          synack_theme_set_source (cr, &theme->mark[SYNACK_MARK_RESET]);
          cairo_set_line_width (cr, 2 * s);
          cairo_stroke (cr);
          add_mark_box (options, lx - r, yi - r, 2 * r, 2 * r, i);
        }
      if (show_k)
        {
          /* the kernel's word: a filled sign */
          diamond (cr, lx, yk, r);
          cairo_fill (cr);
          add_mark_box (options, lx - r, yk - r, 2 * r, 2 * r, i);
        }

      w.mark = i;
      w.ep = ep;
      if (show_k && show_i && fabs (yk - yi) < h)
        {
          MarkWord *prev = last_both[ep] != G_MAXUINT
                             ? &g_array_index (words, MarkWord, last_both[ep]) : NULL;

          w.y = MIN (yk, yi);
          /* the same endpoint, the same word from the kernel, within a row
           * of the one before: one label ("inferred: CLOSED → SYN-SENT") */
          if (prev != NULL && prev->kernel == m->kernel && w.y - prev->y < h)
            {
              char *longer = g_strdup_printf ("%s → %s", prev->text, inferred);

              g_free (prev->text);
              prev->text = longer;
              continue;
            }
          w.both = TRUE;
          w.kernel = m->kernel;
          last_both[ep] = words->len;
          w.text = m->kernel == SYNACK_STATE_UNKNOWN
            ? g_strdup_printf (_("kernel: not seen yet, inferred: %s"), inferred)
            : g_strdup_printf (_("kernel: %s, inferred: %s"),
                               synack_tcp_state_to_rfc_name (m->kernel), inferred);
          g_array_append_val (words, w);
          continue;
        }
      if (show_k)
        {
          w.y = yk;
          w.text = m->kernel == SYNACK_STATE_UNKNOWN
            ? g_strdup (_("kernel: not seen yet"))
            : g_strdup_printf (_("kernel: %s"), synack_tcp_state_to_rfc_name (m->kernel));
          g_array_append_val (words, w);
        }
      if (show_i)
        {
          w.y = yi;
          w.text = g_strdup_printf (_("inferred: %s"), inferred);
          g_array_append_val (words, w);
        }
    }

  /* the words, top to bottom, each pushed below the one before */
  g_array_sort (words, compare_words);
  for (guint i = 0; i < words->len; i++)
    {
      const MarkWord *w = &g_array_index (words, MarkWord, i);
      double lx = layout->lifeline_x[w->ep];
      double dir = w->ep == 0 ? 1 : -1;
      double ty = MAX (w->y, last + h + 2 * s);
      double width = text_width (text, text->small, w->text) + 8 * s;
      double bx = w->ep == 0 ? lx + r + 4 * s : lx - r - 4 * s - width;

      last = ty;
      synack_theme_set_source (cr, &theme->label_background);
      cairo_rectangle (cr, bx, ty - h / 2, width, h);
      cairo_fill (cr);
      synack_theme_set_source (cr, &theme->mark[SYNACK_MARK_RESET]);
      cairo_set_line_width (cr, 1.5 * s);
      cairo_rectangle (cr, bx, ty - h / 2, width, h);
      cairo_stroke (cr);
      if (ty != w->y)
        {
          cairo_move_to (cr, lx + dir * r, w->y);
          cairo_line_to (cr, bx + (w->ep == 0 ? 0 : width), ty);
          cairo_stroke (cr);
        }
      synack_theme_set_source (cr, &theme->foreground);
      text_draw (text, cr, text->small, w->text, bx + width / 2, ty, ALIGN_CENTER);
      add_mark_box (options, bx, ty - h / 2, width, h, w->mark);
    }
}

void
synack_ladder_paint (cairo_t                  *cr,
                     SynackTrace              *trace,
                     SynackLadderLayout       *layout,
                     const SynackPaintOptions *options)
{
  const SynackTheme *theme = options->theme;
  Text text = { 0 };

  g_return_if_fail (cr != NULL);
  g_return_if_fail (layout != NULL);

  cairo_save (cr);
  text_init (&text, cr, options);
  if (options->draw_background)
    {
      synack_theme_set_source (cr, &theme->background);
      cairo_rectangle (cr, 0, 0, layout->params.width, layout->params.height);
      cairo_fill (cr);
    }
  draw_axis (cr, &text, layout, options);

  cairo_save (cr);
  cairo_rectangle (cr, 0, layout->top_y, layout->params.width,
                   layout->params.height - layout->top_y);
  cairo_clip (cr);
  draw_lifelines (cr, trace, layout, options);
  draw_timers (cr, trace, &text, layout, options);
  draw_side_notes (cr, trace, &text, layout, options);
  if (layout->dense)
    draw_dense_arrows (cr, layout, options);
  else
    for (guint i = 0; i < layout->arrows->len; i++)
      {
        const SynackLadderArrow *a = &g_array_index (layout->arrows, SynackLadderArrow, i);
        SynackEvent ev;

        synack_trace_read_event (trace, a->event, &ev);
        draw_arrow (cr, layout, a, options, ev.time,
                    ev.segment.fate == SYNACK_FATE_CAPTURED ? SYNACK_TIME_NONE : ev.segment.arrive);
      }
  for (guint i = 0; i < layout->arrows->len; i++)
    draw_label (cr, &text, &g_array_index (layout->arrows, SynackLadderArrow, i), options);
  draw_state_marks (cr, &text, layout, options);
  draw_elisions (cr, &text, layout, options);
  draw_cursor (cr, &text, layout, options);
  cairo_restore (cr);

  draw_header (cr, &text, trace, layout, options);
  text_clear (&text);
  cairo_restore (cr);
}
