/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SynackPaintedPanel: the base of a side panel drawn by an app/render
 * painter that follows a session (the state diagram, the sequence space).
 * It holds the session, calls the subclass's update when the cursor, the
 * connection, the selection or the trace moves, picks the session's theme
 * (high contrast, dark or light) and follows its text scale, asking for
 * that much more room; the subclass only paints. */
#pragma once

#include <gtk/gtk.h>

#include "synack-session.h"
#include "synack-theme.h"

G_BEGIN_DECLS

#define SYNACK_TYPE_PAINTED_PANEL (synack_painted_panel_get_type ())

/* What a panel paints on: the widget's size, the session's theme and its
 * text scale, by which the figure is magnified. */
typedef struct
{
  const SynackTheme *theme;
  double             width;
  double             height;
  double             text_scale;
} SynackPanelPage;

G_DECLARE_DERIVABLE_TYPE (SynackPaintedPanel, synack_painted_panel, SYNACK, PAINTED_PANEL,
                          GtkWidget)

struct _SynackPaintedPanelClass
{
  GtkWidgetClass parent_class;

  /* The session's cursor, connection, selection or trace moved (and once
   * when the session is set). */
  void (*update) (SynackPaintedPanel *self);
  /* Paint the widget's whole area as page says. */
  void (*paint)  (SynackPaintedPanel     *self,
                  cairo_t                *cr,
                  const SynackPanelPage  *page);

  /* The room asked for at text scale 1. */
  int min_width;
  int natural_width;
  int min_height;
  int natural_height;
};

/* Follow session from now on. Once. */
void               synack_painted_panel_set_session    (SynackPaintedPanel *self,
                                                        SynackSession      *session);
/* (transfer none) (nullable) */
SynackSession     *synack_painted_panel_get_session    (SynackPaintedPanel *self);
/* The session's: high contrast (in presentation too), else dark or light. */
const SynackTheme *synack_painted_panel_get_theme      (SynackPaintedPanel *self);
/* The session's text scale (1 outside presentation), within 0.5 to 4. */
double             synack_painted_panel_get_text_scale (SynackPaintedPanel *self);

G_END_DECLS
