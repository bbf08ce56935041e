/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Handout figures: the ladder and the state timeline of one connection,
 * together, to PNG, SVG or PDF. */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "synack-theme.h"
#include "synack-trace.h"
#include "synack-view-state.h"

G_BEGIN_DECLS

typedef enum
{
  SYNACK_RENDER_PNG,
  SYNACK_RENDER_SVG,
  SYNACK_RENDER_PDF,
} SynackRenderFormat;

typedef struct
{
  guint           conn;
  double          width;        /* pixels (points for PDF) */
  gint64          from;         /* trace time, or SYNACK_TIME_NONE for the start */
  gint64          to;           /* trace time, or SYNACK_TIME_NONE for the end */
  SynackThemeKind theme;
  double          text_scale;
  SynackSeqMode   seq_mode;
  gint64          break_threshold;
  gboolean        timeline;     /* draw the timeline beside the ladder */
  gboolean        legend;       /* draw the legend under the figure */
  SynackAxisMode  axis;         /* time, events or auto (default) */
} SynackRenderOptions;

void     synack_render_options_init      (SynackRenderOptions       *options);
/* From the file name's extension (.png, .svg, .pdf, any case). */
gboolean synack_render_format_from_path  (const char                *path,
                                          SynackRenderFormat        *format);

/* The figure's size and zoom for a trace and options. */
gboolean synack_render_measure           (SynackTrace               *trace,
                                          const SynackRenderOptions *options,
                                          double                    *width,
                                          double                    *height,
                                          double                    *ns_per_px,
                                          GError                   **error);
/* Draw the figure at cr's origin (width x height from synack_render_measure()). */
gboolean synack_render_draw              (cairo_t                   *cr,
                                          SynackTrace               *trace,
                                          const SynackRenderOptions *options,
                                          GError                   **error);
/* What the figure draws, as one JSON object (axis, segments, bands,
 * labels, stretches, breaks, elisions), from the layout that draws it.
 * (transfer full) */
char    *synack_render_layout_json       (SynackTrace               *trace,
                                          const SynackRenderOptions *options,
                                          GError                   **error);
/* Write the figure to path in format. Errors name the file. */
gboolean synack_render_to_file           (SynackTrace               *trace,
                                          const char                *path,
                                          SynackRenderFormat         format,
                                          const SynackRenderOptions *options,
                                          GError                   **error);

G_END_DECLS
