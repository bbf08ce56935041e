/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Paint a laid-out ladder diagram on any cairo surface (a widget snapshot,
 * PNG, SVG, PDF), text through pango. */
#pragma once

#include <cairo.h>
#include <pango/pango.h>

#include "synack-ladder-layout.h"
#include "synack-theme.h"
#include "synack-trace.h"
#include "synack-view-state.h"

G_BEGIN_DECLS

/* Told about every piece of text drawn, at its device position (left edge,
 * baseline) and size, so an SVG can carry real, searchable text. */
typedef void (*SynackTextSink) (const char *text,
                                double      x,
                                double      baseline,
                                double      size_px,
                                gboolean    bold,
                                gpointer    user_data);

/* Where the kernel's own state of a local endpoint and the inferred one
 * differ: marked on the endpoint's lifeline with what each said. */
#define SYNACK_STATE_UNKNOWN 0xff   /* the kernel had not spoken of the socket yet */

typedef struct
{
  gint64 time;           /* the earlier of the two */
  guint8 endpoint;
  guint8 kernel;         /* SynackTcpState, or SYNACK_STATE_UNKNOWN */
  guint8 inferred;       /* SynackTcpState */
  gint64 kernel_time;    /* the height of the kernel's word: when it said kernel */
  gint64 inferred_time;  /* the height of inference's word */
} SynackStateMark;

/* Where the painter drew a mark's sign or words, for tooltips. */
typedef struct
{
  double x, y, width, height;
  guint  mark;           /* index in state_marks */
} SynackStateMarkBox;

/* What a paint said of each endpoint's state: its latest state name drawn
 * solid beside the lifeline (not faded or hidden as after the cursor). For
 * tests and tools that check the picture against the trace. */
typedef struct
{
  int    cursor_event;   /* the options' cursor event it was drawn for */
  gint64 t_top;          /* the trace time at the top of the ladder area */
  guint8 state[2];       /* SynackTcpState, or SYNACK_STATE_UNKNOWN: none drawn solid */
  guint  event[2];       /* the state change it names */
  double y[2];           /* the lifeline point it names, in the viewport */
} SynackLadderDrawn;

typedef struct
{
  const SynackTheme *theme;
  double             text_scale;
  int                selected;       /* event index, or -1 */
  int                hover;          /* event index, or -1 */
  gint64             cursor_time;    /* the player's time, or SYNACK_TIME_NONE */
  int                cursor_event;   /* the player's position: later events are "after" */
  SynackAfterCursor  after_cursor;
  gboolean           draw_background;
  SynackTextSink     text_sink;
  gpointer           text_sink_data;
  /* Disagreements of kernel and inference to mark (ladder), or NULL. */
  const SynackStateMark *state_marks;
  guint              n_state_marks;
  /* When set, the painter appends a SynackStateMarkBox for each mark's
   * sign and words it drew. */
  GArray            *state_mark_boxes;
  /* Filled with the ladder's latest solid state names, or NULL. */
  SynackLadderDrawn *ladder_drawn;
} SynackPaintOptions;

void synack_paint_options_init (SynackPaintOptions *options,
                                const SynackTheme  *theme,
                                double              text_scale);

/* Measures label text with the fonts the painters use, so a layout places
 * labels for the width they will really have. */
typedef struct _SynackTextMeasurer SynackTextMeasurer;

/* context: NULL for a default pangocairo context. */
SynackTextMeasurer *synack_text_measurer_new   (PangoContext       *context,
                                                const SynackTheme  *theme,
                                                double              text_scale);
void                synack_text_measurer_free  (SynackTextMeasurer *self);
/* A SynackTextMeasure: pass the measurer as its user data. */
double              synack_text_measurer_measure (const char       *text,
                                                gpointer            measurer);
/* The font description of label text (transfer full). */
PangoFontDescription *synack_paint_font        (const SynackTheme  *theme,
                                                double              text_scale,
                                                gboolean            bold);

/* Show layout at the current point, and tell options' text sink. */
void synack_paint_show_layout (cairo_t                  *cr,
                               PangoLayout              *layout,
                               const SynackPaintOptions *options);

/* Set params' measure function to measurer. */
void synack_ladder_params_use_measurer (SynackLadderParams  *params,
                                        SynackTextMeasurer  *measurer);

void synack_ladder_paint (cairo_t                  *cr,
                          SynackTrace              *trace,
                          SynackLadderLayout       *layout,
                          const SynackPaintOptions *options);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SynackTextMeasurer, synack_text_measurer_free)

G_END_DECLS
