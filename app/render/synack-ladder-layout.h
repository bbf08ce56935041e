/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Where everything of a ladder diagram goes, as pure maths: lifelines, the
 * arrows of the segments in view, their labels (placed on the arrow, never
 * overlapping; the ones left out counted in "+N" marks), state changes,
 * socket calls, timers, axis ticks, breaks and stretches. Heights come from
 * the SynackTimeAxis alone, so an event before another in the trace is
 * never drawn below it, in any scroll position. Only what lies in the
 * viewport (plus one screen above it, for arrows and labels that reach
 * down into it) is laid out. No drawing here. */
#pragma once

#include <glib.h>

#include "synack-theme.h"
#include "synack-time-axis.h"
#include "synack-trace.h"
#include "synack-view-state.h"

G_BEGIN_DECLS

/* Width in pixels of a line of label text; NULL estimates from char_px. */
typedef double (*SynackTextMeasure) (const char *text,
                                     gpointer    user_data);

typedef struct
{
  double            width;          /* viewport, pixels */
  double            height;
  double            scroll_px;      /* axis position at the top of the ladder area */
  double            ns_per_px;
  double            header_px;      /* room at the top for endpoint names */
  double            axis_px;        /* room at the left for the time axis */
  double            line_px;        /* height of a line of label text */
  double            char_px;        /* average character width, for the estimate */
  double            capture_slope_px; /* drop of an arrow with no arrival time */
  SynackSeqMode     seq_mode;
  int               current;        /* the current segment's event index, or -1: its
                                     * label is never left out */
  double            text_scale;
  SynackTextMeasure measure;
  gpointer          measure_data;
} SynackLadderParams;

/* The row a segment needs on the axis at a text scale: its two-line label
 * and a gap (synack_time_axis_set_row_px()). */
double synack_ladder_row_px (double text_scale);

/* Defaults for a viewport of width x height at text scale. */
void synack_ladder_params_init (SynackLadderParams *params,
                                double              width,
                                double              height,
                                double              text_scale);

typedef struct
{
  guint    event;          /* the segment's event index */
  guint8   sender;         /* endpoint 0 (left) or 1 (right) */
  guint8   mark;           /* SynackMark */
  guint8   lost;           /* the arrow stops at (xe, ye) with a cross */
  guint8   has_label;      /* FALSE when its label is left out (an elision mark counts it) */
  guint8   telling;        /* SYN, FIN, RST, or a segment that changed a state */
  double   x0, y0;         /* tail: the send (or capture) time on the sender's lifeline */
  double   x1, y1;         /* where it would arrive on the receiver's lifeline */
  double   xe, ye;         /* where the drawn line ends (x1, y1 unless lost) */
  double   lx, ly, lw, lh; /* label box, top-left and size */
  const char *line1;       /* "SYN, ACK" (and a mark's tag) */
  const char *line2;       /* "seq=0 ack=1 len=0 win=65535" */
  /* as told while the send is the last event told (an open quiz
   * question's cursor on it): no fate yet; line1 and mark otherwise */
  const char *line1_sent;
  guint8   mark_sent;
} SynackLadderArrow;

typedef struct
{
  guint          event;
  guint8         endpoint;
  SynackTcpState state;
  double         y;
} SynackLadderStateMark;

typedef struct
{
  guint          event;
  guint8         endpoint;
  SynackCallKind call;
  gint           result;
  double         y;
} SynackLadderCall;

typedef struct
{
  guint           event;      /* the ARMED event */
  guint           end_event;  /* the event that ended it, or G_MAXUINT */
  guint8          endpoint;
  SynackTimerKind timer;
  guint8          ended;      /* SYNACK_TIMER_FIRED or _CANCELLED, or _ARMED while still running */
  guint8          beside;     /* its text is a side note (the bracket is too short to write along) */
  guint           count;
  gint64          t0;         /* armed */
  gint64          due;        /* when it would fire */
  gint64          t1;         /* fired, cancelled, re-armed, or due */
  double          y0, y1;
  double          tx, ty, tw, th; /* the box of its text written along the bracket, unless beside */
} SynackLadderTimer;

typedef struct
{
  gint64 t0, t1;
  double y0, y1;
  double text_y;          /* where its duration is written between the lifelines */
  guint8 text_free;       /* FALSE when labels cover the middle: written on the axis only */
} SynackLadderBreak;

/* Where the time axis was stretched to give crowded segments a row each. */
typedef struct
{
  gint64 t0, t1;
  double y0, y1;
} SynackLadderStretch;

/* "+N": labels left out around here; hovering it lists them. */
typedef struct
{
  double x, y, w, h;
  guint  first;           /* index into elided */
  guint  n;
} SynackLadderElision;

typedef struct
{
  gint64 t;
  double y;
} SynackLadderTick;

typedef struct
{
  SynackLadderParams params;
  guint              conn;
  double             lifeline_x[2];
  double             top_y;          /* the ladder area: [top_y, height) */
  gint64             t_top;          /* trace time at top_y */
  gint64             t_bottom;       /* trace time at the bottom edge */
  gint64             tick_step;      /* ns between ticks */
  gboolean           dense;          /* more segments than fit: a sample, no labels */
  guint              n_in_view;      /* segments sent in [t_top, t_bottom) */
  GArray            *arrows;         /* SynackLadderArrow, in send order */
  GArray            *states;         /* SynackLadderStateMark */
  GArray            *calls;          /* SynackLadderCall */
  GArray            *timers;         /* SynackLadderTimer */
  GArray            *breaks;         /* SynackLadderBreak */
  GArray            *ticks;          /* SynackLadderTick */
  GArray            *stretches;      /* SynackLadderStretch */
  GArray            *elisions;       /* SynackLadderElision */
  GArray            *elided;         /* guint event indices, grouped by elision */
  GArray            *notes;          /* SynackLadderNote: what is written beside the
                                      * lifelines, in the order it happened */
  SynackAxisKind     axis_kind;
  /* private */
  GStringChunk      *_strings;
  SynackTimeAxis    *_axis;
} SynackLadderLayout;

/* Lay out connection conn of trace in the viewport params describes. */
SynackLadderLayout *synack_ladder_layout_new      (SynackTrace              *trace,
                                                   guint                     conn,
                                                   SynackTimeAxis           *axis,
                                                   const SynackLadderParams *params);
void                synack_ladder_layout_free     (SynackLadderLayout       *self);
/* y of an event of the connection (index at time t) in this viewport. */
double              synack_ladder_layout_event_to_y (SynackLadderLayout    *self,
                                                   guint                     index,
                                                   gint64                    t);
/* y where a segment (index) arrives at time arrive. */
double              synack_ladder_layout_arrival_to_y (SynackLadderLayout  *self,
                                                   guint                     index,
                                                   gint64                    arrive);
/* Where along the axis (pixels from its start, as synack_time_axis_to_px)
 * span i of an endpoint's states begins: the ladder's state label and the
 * timeline's band both start there. -INFINITY for span 0. */
double              synack_ladder_state_span_y    (SynackTrace              *trace,
                                                   guint                     conn,
                                                   SynackTimeAxis           *axis,
                                                   double                    ns_per_px,
                                                   guint                     endpoint,
                                                   guint                     span);
typedef enum
{
  SYNACK_LADDER_NOTE_STATE,
  SYNACK_LADDER_NOTE_CALL,
  SYNACK_LADDER_NOTE_TIMER,   /* a timer's text, too long for its bracket */
} SynackLadderNoteKind;

/* A state name, a socket call or a timer's text written beside a lifeline:
 * y where it happens on the lifeline, text_y where its text goes (the
 * middle of its box x, text_y - h / 2, w, h). A text too wide for the room
 * outside its lifeline is wrapped: its lines are joined by newlines. */
typedef struct
{
  double      y;
  double      text_y;
  int         state;       /* SynackTcpState, or -1 for a call or timer */
  guint       event;
  guint8      endpoint;
  guint8      kind;        /* SynackLadderNoteKind */
  guint8      lines;
  double      x, w, h;
  const char *text;        /* owned by the layout */
  guint       timer;       /* kind TIMER: index into the layout's timers */
} SynackLadderNote;

/* Where a note's text starts, away from its lifeline (times the text scale). */
#define SYNACK_LADDER_NOTE_OFFSET 26.0

/* The layout's state names, calls and timer texts too long for their
 * brackets, both lifelines', in the order they happened, each text pushed
 * down just enough that on its own side texts are at least gap a line
 * apart and that reading down the figure, across both sides, the texts
 * come in the order their events happened (a stack of the server's calls
 * at 0 s stays above the client's connect() at 0.1 s, however far the
 * zoom squeezes them). The same as the layout's notes when gap is the
 * layout's own (a line and 4 px at scale 1). (transfer full) */
GArray             *synack_ladder_layout_side_notes (SynackLadderLayout *self,
                                                   double                    gap);
/* A box of text the ladder draws: a segment's label, a note beside a
 * lifeline, a timer's text along its bracket, a "+N" mark, a break's
 * duration. */
typedef enum
{
  SYNACK_LADDER_BOX_LABEL,
  SYNACK_LADDER_BOX_NOTE,
  SYNACK_LADDER_BOX_TIMER,
  SYNACK_LADDER_BOX_ELISION,
  SYNACK_LADDER_BOX_BREAK,
} SynackLadderBoxKind;

typedef struct
{
  SynackLadderBoxKind kind;
  guint               event;     /* the segment, note's or timer's event; G_MAXUINT for others */
  double              x, y, w, h;
} SynackLadderBox;

/* Every box of text the layout draws in its ladder area (what lies wholly
 * above or below it is left out). Names for the kinds: "label", "note",
 * "timer", "elision", "break". (transfer full: SynackLadderBox) */
GArray             *synack_ladder_layout_text_boxes (SynackLadderLayout *self);
const char         *synack_ladder_box_kind_name   (SynackLadderBoxKind       kind);

/* A socket call as it is written on its lifeline, with its result:
 * "connect() → ECONNREFUSED", "recv() = 0 (EOF)". (transfer full) */
char               *synack_ladder_call_text       (const SynackEvent        *ev);
/* A timer's text: "RTO #2 (2 s)", "2MSL = 1 min 0 s"; with a cursor inside
 * a TIME-WAIT, how long is left. (transfer full) */
char               *synack_ladder_timer_text      (const SynackLadderTimer  *timer,
                                                   gint64                    cursor_time);
/* The elision mark at (x, y), or -1. */
int                 synack_ladder_layout_pick_elision (SynackLadderLayout  *self,
                                                   double                    x,
                                                   double                    y);
/* What elision mark i stands for, as its tooltip says it: how many labels
 * were left out there, then each of them ("Segment N: SYN · seq=0 ..."),
 * up to a dozen and a count of the rest; segments after last_event (a quiz
 * question is open: G_MAXINT otherwise) are neither listed nor counted.
 * NULL when none is left to tell. (transfer full) */
char               *synack_ladder_layout_describe_elision (SynackLadderLayout *self,
                                                   SynackTrace              *trace,
                                                   guint                     elision,
                                                   SynackSeqMode             mode,
                                                   int                       last_event);
/* y of a trace time in this layout's viewport. */
double              synack_ladder_layout_time_to_y (SynackLadderLayout      *self,
                                                   gint64                    t);
gint64              synack_ladder_layout_y_to_time (SynackLadderLayout      *self,
                                                   double                    y);
/* The segment whose arrow or label is at (x, y) (within a few pixels of
 * the line), or -1. */
int                 synack_ladder_layout_pick     (SynackLadderLayout       *self,
                                                   double                    x,
                                                   double                    y);
/* The arrow of an event in this layout, or NULL. */
const SynackLadderArrow *synack_ladder_layout_find_arrow (SynackLadderLayout *self,
                                                   guint                     event);
/* The two label lines of a segment event. (transfer full) */
char               *synack_ladder_label_line1     (SynackTrace              *trace,
                                                   guint                     event);
/* Line 1 as told with the cursor on event last: no "Lost" or "Host down"
 * while that fate is still to come (synack_theme_fate_told()). */
char               *synack_ladder_label_line1_until (SynackTrace            *trace,
                                                   guint                     event,
                                                   guint                     last);
char               *synack_ladder_label_line2     (SynackTrace              *trace,
                                                   guint                     event,
                                                   SynackSeqMode             mode);
/* A readable duration ("2 h 0 min", "60 s", "250 ms", "12 µs"). (transfer full) */
char               *synack_format_duration        (gint64                    ns);
/* An axis tick label for t with a tick step ("1.250 s"). (transfer full) */
char               *synack_format_tick            (gint64                    t,
                                                   gint64                    step);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SynackLadderLayout, synack_ladder_layout_free)

G_END_DECLS
