/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Colours and patterns for the ladder and the timeline: light, dark and high
 * contrast. State colours come from the Okabe-Ito palette, which stays
 * distinguishable with deuteranopia, and every state family also has a hatch
 * pattern, and every colour a label, so nothing is said by colour alone. */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "synack-tcp-state.h"
#include "synack-trace.h"

G_BEGIN_DECLS

typedef struct
{
  double r, g, b, a;
} SynackRgba;

typedef enum
{
  SYNACK_THEME_LIGHT,
  SYNACK_THEME_DARK,
  SYNACK_THEME_HIGH_CONTRAST,
  SYNACK_THEME_N_KINDS
} SynackThemeKind;

typedef enum
{
  SYNACK_HATCH_NONE,
  SYNACK_HATCH_DOTS,
  SYNACK_HATCH_DIAGONAL,       /* / */
  SYNACK_HATCH_BACK_DIAGONAL,  /* \ */
  SYNACK_HATCH_HORIZONTAL,
  SYNACK_HATCH_CROSS,
} SynackHatch;

/* How a segment's arrow is marked. */
typedef enum
{
  SYNACK_MARK_NORMAL,
  SYNACK_MARK_LOST,
  SYNACK_MARK_RETRANSMISSION,
  SYNACK_MARK_DUPLICATE,
  SYNACK_MARK_OUT_OF_ORDER,
  SYNACK_MARK_CHALLENGE_ACK,
  SYNACK_MARK_RESET,
  SYNACK_MARK_HOST_DOWN,    /* sent to a crashed host: carried, but nobody took it */
  SYNACK_MARK_N_KINDS
} SynackMark;

typedef struct
{
  SynackThemeKind kind;
  const char     *name;          /* "light", "dark", "high-contrast" */
  SynackRgba      background;
  SynackRgba      foreground;
  SynackRgba      muted;         /* axis text, grid */
  SynackRgba      grid;
  SynackRgba      lifeline;
  SynackRgba      label_background;
  SynackRgba      selection;
  SynackRgba      endpoint[2];   /* the current segment's arrow, in its sender's colour */
  SynackRgba      hover;
  SynackRgba      cursor;
  SynackRgba      call;
  SynackRgba      timer;
  SynackRgba      break_fill;
  SynackRgba      faded;         /* multiplied alpha for what lies after the cursor */
  /* the send sequence space (synack-seqspace-paint): bytes acknowledged,
   * sent and not yet acknowledged, allowed by the window, beyond it */
  SynackRgba      seq_acked;
  SynackRgba      seq_in_flight;
  SynackRgba      seq_usable;
  SynackRgba      seq_beyond;
  SynackRgba      state[SYNACK_TCP_N_STATES];
  SynackRgba      state_ink[SYNACK_TCP_N_STATES];   /* text and hatch on the state colour */
  SynackRgba      mark[SYNACK_MARK_N_KINDS];
  double          line_width;    /* arrows, at text scale 1 */
  const char     *font_family;   /* a pango family list; CJK falls back to Noto */
  double          font_px;       /* label font size at text scale 1 */
} SynackTheme;

const SynackTheme *synack_theme_get            (SynackThemeKind  kind);
/* "light", "dark", "high-contrast" (also "hc"). */
gboolean           synack_theme_kind_from_string (const char     *name,
                                                  SynackThemeKind *kind);
SynackHatch        synack_theme_state_hatch    (SynackTcpState   state);
/* The family a state belongs to: closed, listen, opening, established,
 * active close, passive close, TIME-WAIT (0..6). */
guint              synack_theme_state_family   (SynackTcpState   state);
/* The most telling mark of a segment event. */
SynackMark         synack_theme_segment_mark   (const SynackEvent *ev);
/* Whether segment event index's fate (lost by the link, dropped by a
 * crashed host) may be told with the cursor on event last (G_MAXUINT: all
 * is told). The fate happens after the send and the trace gives it no
 * time of its own, so it is the future while the send is the last event
 * told. */
gboolean           synack_theme_fate_told      (const SynackEvent *ev,
                                                guint             index,
                                                guint             last);
/* The mark of a segment as seen with the cursor on event last: a fate
 * not told yet leaves it the mark of a plain segment in flight. */
SynackMark         synack_theme_segment_mark_until (const SynackEvent *ev,
                                                    guint             index,
                                                    guint             last);
/* "Retransmission": a translated tag written next to a marked arrow; NULL for normal. */
const char        *synack_theme_mark_label     (SynackMark       mark);

void               synack_theme_set_source     (cairo_t         *cr,
                                                const SynackRgba *colour);
void               synack_theme_set_source_alpha (cairo_t       *cr,
                                                const SynackRgba *colour,
                                                double           alpha);
/* Fill (x, y, w, h) with a hatch of ink, aligned to the surface so adjoining
 * boxes continue the same pattern. */
void               synack_theme_paint_hatch    (cairo_t         *cr,
                                                SynackHatch      hatch,
                                                const SynackRgba *ink,
                                                double           x,
                                                double           y,
                                                double           w,
                                                double           h);

G_END_DECLS
