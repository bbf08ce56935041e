/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "synack-theme.h"

#define RGB(hex) { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex) & 0xff) / 255.0, 1.0 }
#define RGBA(hex, alpha) { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex) & 0xff) / 255.0, alpha }

/* Okabe-Ito: orange E69F00, sky blue 56B4E9, bluish green 009E73, yellow
 * F0E442, blue 0072B2, vermillion D55E00, reddish purple CC79A7. Within a
 * family the states differ in lightness, and their labels say which. Tuned
 * so that under simulated deuteranopia every two states stay apart
 * (tests/test-paint.c checks it). */
static const SynackTheme themes[SYNACK_THEME_N_KINDS] = {
  {
    .kind = SYNACK_THEME_LIGHT,
    .name = "light",
    .background = RGB (0xffffff),
    .foreground = RGB (0x1a1a1a),
    .muted = RGB (0x5e5e5e),
    .grid = RGBA (0x000000, 0.08),
    .lifeline = RGB (0x3d3d3d),
    .label_background = RGBA (0xffffff, 0.92),
    .selection = RGBA (0x0072b2, 0.22),
    .endpoint = { RGBA (0x0060a8, 1.0), RGBA (0xb35000, 1.0) },
    .hover = RGBA (0x0072b2, 0.10),
    .cursor = RGB (0xd55e00),
    .call = RGB (0x1a1a1a),
    .timer = RGB (0x6b4c9a),
    .break_fill = RGBA (0x000000, 0.05),
    .faded = RGBA (0x000000, 0.3),
    .seq_acked = RGBA (0x009e73, 0.85),
    .seq_in_flight = RGBA (0xe69f00, 0.9),
    .seq_usable = RGBA (0x56b4e9, 0.9),
    .seq_beyond = RGBA (0x808080, 0.25),
    .state = {
      [SYNACK_TCP_CLOSED] = RGB (0xb8b8b8),
      [SYNACK_TCP_LISTEN] = RGB (0xf0e442),
      [SYNACK_TCP_SYN_SENT] = RGB (0x56b4e9),
      [SYNACK_TCP_SYN_RECEIVED] = RGB (0x9ad1f0),
      [SYNACK_TCP_ESTABLISHED] = RGB (0x009e73),
      [SYNACK_TCP_FIN_WAIT_1] = RGB (0xe69f00),
      [SYNACK_TCP_FIN_WAIT_2] = RGB (0xf2c766),
      [SYNACK_TCP_CLOSE_WAIT] = RGB (0xcc79a7),
      [SYNACK_TCP_CLOSING] = RGB (0xb37400),
      [SYNACK_TCP_LAST_ACK] = RGB (0xeecbdf),
      [SYNACK_TCP_TIME_WAIT] = RGB (0x0072b2),
    },
    .state_ink = {
      [SYNACK_TCP_CLOSED] = RGB (0x1a1a1a),
      [SYNACK_TCP_LISTEN] = RGB (0x1a1a1a),
      [SYNACK_TCP_SYN_SENT] = RGB (0x1a1a1a),
      [SYNACK_TCP_SYN_RECEIVED] = RGB (0x1a1a1a),
      [SYNACK_TCP_ESTABLISHED] = RGB (0xffffff),
      [SYNACK_TCP_FIN_WAIT_1] = RGB (0x1a1a1a),
      [SYNACK_TCP_FIN_WAIT_2] = RGB (0x1a1a1a),
      [SYNACK_TCP_CLOSE_WAIT] = RGB (0x1a1a1a),
      [SYNACK_TCP_CLOSING] = RGB (0xffffff),
      [SYNACK_TCP_LAST_ACK] = RGB (0x1a1a1a),
      [SYNACK_TCP_TIME_WAIT] = RGB (0xffffff),
    },
    .mark = {
      [SYNACK_MARK_NORMAL] = RGB (0x1a1a1a),
      [SYNACK_MARK_LOST] = RGB (0xd55e00),
      [SYNACK_MARK_RETRANSMISSION] = RGB (0xd55e00),
      [SYNACK_MARK_DUPLICATE] = RGB (0xa0457a),
      [SYNACK_MARK_OUT_OF_ORDER] = RGB (0xb37400),
      [SYNACK_MARK_CHALLENGE_ACK] = RGB (0x0072b2),
      [SYNACK_MARK_RESET] = RGB (0xb30000),
      [SYNACK_MARK_HOST_DOWN] = RGB (0x5e4fa2),
    },
    .line_width = 1.6,
    .font_family = "Cantarell, Noto Sans, Noto Sans CJK SC, sans-serif",
    .font_px = 13,
  },
  {
    .kind = SYNACK_THEME_DARK,
    .name = "dark",
    .background = RGB (0x1e1e1e),
    .foreground = RGB (0xf2f2f2),
    .muted = RGB (0xb0b0b0),
    .grid = RGBA (0xffffff, 0.09),
    .lifeline = RGB (0xc8c8c8),
    .label_background = RGBA (0x1e1e1e, 0.9),
    .selection = RGBA (0x56b4e9, 0.30),
    .endpoint = { RGBA (0x7cc4f4, 1.0), RGBA (0xf5a25a, 1.0) },
    .hover = RGBA (0x56b4e9, 0.14),
    .cursor = RGB (0xff8a3d),
    .call = RGB (0xf2f2f2),
    .timer = RGB (0xc3a6ee),
    .break_fill = RGBA (0xffffff, 0.06),
    .faded = RGBA (0x000000, 0.32),
    .seq_acked = RGBA (0x1fb58a, 0.9),
    .seq_in_flight = RGBA (0xf0a81a, 0.9),
    .seq_usable = RGBA (0x6cc0ee, 0.85),
    .seq_beyond = RGBA (0xffffff, 0.14),
    .state = {
      [SYNACK_TCP_CLOSED] = RGB (0x4a4a4a),
      [SYNACK_TCP_LISTEN] = RGB (0xf0e442),
      [SYNACK_TCP_SYN_SENT] = RGB (0x56b4e9),
      [SYNACK_TCP_SYN_RECEIVED] = RGB (0x9ad1f0),
      [SYNACK_TCP_ESTABLISHED] = RGB (0x009e73),
      [SYNACK_TCP_FIN_WAIT_1] = RGB (0xe69f00),
      [SYNACK_TCP_FIN_WAIT_2] = RGB (0xa87400),
      [SYNACK_TCP_CLOSE_WAIT] = RGB (0xcc79a7),
      [SYNACK_TCP_CLOSING] = RGB (0xf2c766),
      [SYNACK_TCP_LAST_ACK] = RGB (0xe3b3ce),
      [SYNACK_TCP_TIME_WAIT] = RGB (0x0b62a4),
    },
    .state_ink = {
      [SYNACK_TCP_CLOSED] = RGB (0xf2f2f2),
      [SYNACK_TCP_LISTEN] = RGB (0x1a1a1a),
      [SYNACK_TCP_SYN_SENT] = RGB (0x1a1a1a),
      [SYNACK_TCP_SYN_RECEIVED] = RGB (0x1a1a1a),
      [SYNACK_TCP_ESTABLISHED] = RGB (0xffffff),
      [SYNACK_TCP_FIN_WAIT_1] = RGB (0x1a1a1a),
      [SYNACK_TCP_FIN_WAIT_2] = RGB (0xffffff),
      [SYNACK_TCP_CLOSE_WAIT] = RGB (0x1a1a1a),
      [SYNACK_TCP_CLOSING] = RGB (0x1a1a1a),
      [SYNACK_TCP_LAST_ACK] = RGB (0x1a1a1a),
      [SYNACK_TCP_TIME_WAIT] = RGB (0xffffff),
    },
    .mark = {
      [SYNACK_MARK_NORMAL] = RGB (0xf2f2f2),
      [SYNACK_MARK_LOST] = RGB (0xff7b2e),
      [SYNACK_MARK_RETRANSMISSION] = RGB (0xff7b2e),
      [SYNACK_MARK_DUPLICATE] = RGB (0xe39bc4),
      [SYNACK_MARK_OUT_OF_ORDER] = RGB (0xf2c766),
      [SYNACK_MARK_CHALLENGE_ACK] = RGB (0x56b4e9),
      [SYNACK_MARK_RESET] = RGB (0xff5c5c),
      [SYNACK_MARK_HOST_DOWN] = RGB (0xb8a9f0),
    },
    .line_width = 1.6,
    .font_family = "Cantarell, Noto Sans, Noto Sans CJK SC, sans-serif",
    .font_px = 13,
  },
  {
    .kind = SYNACK_THEME_HIGH_CONTRAST,
    .name = "high-contrast",
    .background = RGB (0xffffff),
    .foreground = RGB (0x000000),
    .muted = RGB (0x000000),
    .grid = RGBA (0x000000, 0.18),
    .lifeline = RGB (0x000000),
    .label_background = RGB (0xffffff),
    .selection = RGBA (0x0000ff, 0.25),
    .endpoint = { RGBA (0x0000c8, 1.0), RGBA (0xa03000, 1.0) },
    .hover = RGBA (0x0000ff, 0.12),
    .cursor = RGB (0xc00000),
    .call = RGB (0x000000),
    .timer = RGB (0x000000),
    .break_fill = RGBA (0x000000, 0.10),
    .faded = RGBA (0x000000, 0.35),
    .seq_acked = RGB (0x007a5a),
    .seq_in_flight = RGB (0xe69f00),
    .seq_usable = RGB (0x56b4e9),
    .seq_beyond = RGB (0xffffff),
    .state = {
      [SYNACK_TCP_CLOSED] = RGB (0xffffff),
      [SYNACK_TCP_LISTEN] = RGB (0xf0e442),
      [SYNACK_TCP_SYN_SENT] = RGB (0x56b4e9),
      [SYNACK_TCP_SYN_RECEIVED] = RGB (0x56b4e9),
      [SYNACK_TCP_ESTABLISHED] = RGB (0x009e73),
      [SYNACK_TCP_FIN_WAIT_1] = RGB (0xe69f00),
      [SYNACK_TCP_FIN_WAIT_2] = RGB (0xe69f00),
      [SYNACK_TCP_CLOSE_WAIT] = RGB (0xcc79a7),
      [SYNACK_TCP_CLOSING] = RGB (0xe69f00),
      [SYNACK_TCP_LAST_ACK] = RGB (0xcc79a7),
      [SYNACK_TCP_TIME_WAIT] = RGB (0x0072b2),
    },
    .state_ink = {
      [SYNACK_TCP_CLOSED] = RGB (0x000000),
      [SYNACK_TCP_LISTEN] = RGB (0x000000),
      [SYNACK_TCP_SYN_SENT] = RGB (0x000000),
      [SYNACK_TCP_SYN_RECEIVED] = RGB (0x000000),
      [SYNACK_TCP_ESTABLISHED] = RGB (0x000000),
      [SYNACK_TCP_FIN_WAIT_1] = RGB (0x000000),
      [SYNACK_TCP_FIN_WAIT_2] = RGB (0x000000),
      [SYNACK_TCP_CLOSE_WAIT] = RGB (0x000000),
      [SYNACK_TCP_CLOSING] = RGB (0x000000),
      [SYNACK_TCP_LAST_ACK] = RGB (0x000000),
      [SYNACK_TCP_TIME_WAIT] = RGB (0xffffff),
    },
    .mark = {
      [SYNACK_MARK_NORMAL] = RGB (0x000000),
      [SYNACK_MARK_LOST] = RGB (0xc00000),
      [SYNACK_MARK_RETRANSMISSION] = RGB (0xc00000),
      [SYNACK_MARK_DUPLICATE] = RGB (0x800080),
      [SYNACK_MARK_OUT_OF_ORDER] = RGB (0x804000),
      [SYNACK_MARK_CHALLENGE_ACK] = RGB (0x0000c0),
      [SYNACK_MARK_RESET] = RGB (0xc00000),
      [SYNACK_MARK_HOST_DOWN] = RGB (0x400080),
    },
    .line_width = 2.4,
    .font_family = "Cantarell, Noto Sans, Noto Sans CJK SC, sans-serif",
    .font_px = 14,
  },
};

const SynackTheme *
synack_theme_get (SynackThemeKind kind)
{
  g_return_val_if_fail (kind < SYNACK_THEME_N_KINDS, &themes[0]);
  return &themes[kind];
}

gboolean
synack_theme_kind_from_string (const char      *name,
                               SynackThemeKind *kind)
{
  for (guint i = 0; i < SYNACK_THEME_N_KINDS; i++)
    if (g_ascii_strcasecmp (name, themes[i].name) == 0)
      {
        *kind = i;
        return TRUE;
      }
  if (g_ascii_strcasecmp (name, "hc") == 0)
    {
      *kind = SYNACK_THEME_HIGH_CONTRAST;
      return TRUE;
    }
  return FALSE;
}

guint
synack_theme_state_family (SynackTcpState state)
{
  switch (state)
    {
    case SYNACK_TCP_CLOSED:
      return 0;
    case SYNACK_TCP_LISTEN:
      return 1;
    case SYNACK_TCP_SYN_SENT:
    case SYNACK_TCP_SYN_RECEIVED:
      return 2;
    case SYNACK_TCP_ESTABLISHED:
      return 3;
    case SYNACK_TCP_FIN_WAIT_1:
    case SYNACK_TCP_FIN_WAIT_2:
    case SYNACK_TCP_CLOSING:
      return 4;
    case SYNACK_TCP_CLOSE_WAIT:
    case SYNACK_TCP_LAST_ACK:
      return 5;
    case SYNACK_TCP_TIME_WAIT:
      return 6;
    case SYNACK_TCP_N_STATES:
    default:
      return 0;
    }
}

SynackHatch
synack_theme_state_hatch (SynackTcpState state)
{
  static const SynackHatch by_family[] = {
    SYNACK_HATCH_NONE, SYNACK_HATCH_DOTS, SYNACK_HATCH_DIAGONAL, SYNACK_HATCH_NONE,
    SYNACK_HATCH_HORIZONTAL, SYNACK_HATCH_BACK_DIAGONAL, SYNACK_HATCH_CROSS,
  };

  return by_family[synack_theme_state_family (state)];
}

SynackMark
synack_theme_segment_mark (const SynackEvent *ev)
{
  guint32 a = ev->segment.analysis;

  if (ev->segment.fate == SYNACK_FATE_LOST)
    return SYNACK_MARK_LOST;
  if (ev->segment.fate == SYNACK_FATE_HOST_DOWN)
    return SYNACK_MARK_HOST_DOWN;
  if (a & (SYNACK_ANALYSIS_RETRANSMISSION | SYNACK_ANALYSIS_FAST_RETRANSMISSION |
           SYNACK_ANALYSIS_SPURIOUS_RETRANSMISSION))
    return SYNACK_MARK_RETRANSMISSION;
  if (a & SYNACK_ANALYSIS_CHALLENGE_ACK)
    return SYNACK_MARK_CHALLENGE_ACK;
  if (a & SYNACK_ANALYSIS_OUT_OF_ORDER)
    return SYNACK_MARK_OUT_OF_ORDER;
  /* Dotted is for a copy the link made; a duplicate ACK is the receiver
   * repeating itself on purpose, drawn solid and named in its label. */
  if (ev->segment.fate == SYNACK_FATE_DUPLICATED)
    return SYNACK_MARK_DUPLICATE;
  if (ev->segment.flags & SYNACK_FLAG_RST)
    return SYNACK_MARK_RESET;
  return SYNACK_MARK_NORMAL;
}

gboolean
synack_theme_fate_told (const SynackEvent *ev,
                        guint              index,
                        guint              last)
{
  if (ev->segment.fate != SYNACK_FATE_LOST && ev->segment.fate != SYNACK_FATE_HOST_DOWN)
    return TRUE;
  return last == G_MAXUINT || last > index;
}

SynackMark
synack_theme_segment_mark_until (const SynackEvent *ev,
                                 guint              index,
                                 guint              last)
{
  SynackEvent sent;

  if (synack_theme_fate_told (ev, index, last))
    return synack_theme_segment_mark (ev);
  sent = *ev;
  sent.segment.fate = SYNACK_FATE_DELIVERED;
  return synack_theme_segment_mark (&sent);
}

const char *
synack_theme_mark_label (SynackMark mark)
{
  switch (mark)
    {
    case SYNACK_MARK_LOST:
      return _("Lost");
    case SYNACK_MARK_RETRANSMISSION:
      return _("Retransmission");
    case SYNACK_MARK_DUPLICATE:
      return _("Duplicate");
    case SYNACK_MARK_OUT_OF_ORDER:
      return _("Out of order");
    case SYNACK_MARK_CHALLENGE_ACK:
      return _("Challenge ACK");
    case SYNACK_MARK_HOST_DOWN:
      return _("Host down");
    case SYNACK_MARK_NORMAL:
    case SYNACK_MARK_RESET:
    case SYNACK_MARK_N_KINDS:
    default:
      return NULL;
    }
}

void
synack_theme_set_source (cairo_t          *cr,
                         const SynackRgba *colour)
{
  cairo_set_source_rgba (cr, colour->r, colour->g, colour->b, colour->a);
}

void
synack_theme_set_source_alpha (cairo_t          *cr,
                               const SynackRgba *colour,
                               double            alpha)
{
  cairo_set_source_rgba (cr, colour->r, colour->g, colour->b, colour->a * alpha);
}

void
synack_theme_paint_hatch (cairo_t          *cr,
                          SynackHatch       hatch,
                          const SynackRgba *ink,
                          double            x,
                          double            y,
                          double            w,
                          double            h)
{
  const double step = 8.0;
  double lo, hi;

  if (hatch == SYNACK_HATCH_NONE || w <= 0 || h <= 0)
    return;

  cairo_save (cr);
  cairo_rectangle (cr, x, y, w, h);
  cairo_clip (cr);
  synack_theme_set_source_alpha (cr, ink, 0.45);
  cairo_set_line_width (cr, 1.2);
  cairo_new_path (cr);

  switch (hatch)
    {
    case SYNACK_HATCH_DOTS:
      for (double yy = floor (y / step) * step; yy < y + h; yy += step)
        for (double xx = floor (x / step) * step; xx < x + w; xx += step)
          {
            cairo_new_sub_path (cr);
            cairo_arc (cr, xx + step / 2, yy + step / 2, 1.3, 0, 2 * G_PI);
          }
      cairo_fill (cr);
      break;
    case SYNACK_HATCH_HORIZONTAL:
      for (double yy = floor (y / step) * step + 0.5; yy < y + h; yy += step)
        {
          cairo_move_to (cr, x, yy);
          cairo_line_to (cr, x + w, yy);
        }
      cairo_stroke (cr);
      break;
    case SYNACK_HATCH_DIAGONAL:
    case SYNACK_HATCH_BACK_DIAGONAL:
    case SYNACK_HATCH_CROSS:
      /* lines x + y = c (/) and x - y = c (\) aligned to the surface grid */
      lo = floor ((x + y) / step) * step;
      hi = x + w + y + h;
      if (hatch != SYNACK_HATCH_BACK_DIAGONAL)
        for (double c = lo; c <= hi; c += step)
          {
            cairo_move_to (cr, c - y, y);
            cairo_line_to (cr, c - (y + h), y + h);
          }
      lo = floor ((x - (y + h)) / step) * step;
      hi = x + w - y;
      if (hatch != SYNACK_HATCH_DIAGONAL)
        for (double c = lo; c <= hi; c += step)
          {
            cairo_move_to (cr, c + y, y);
            cairo_line_to (cr, c + y + h, y + h);
          }
      cairo_stroke (cr);
      break;
    case SYNACK_HATCH_NONE:
    default:
      break;
    }
  cairo_restore (cr);
}
