/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Export Figure: the ladder and timeline of one connection to a PNG, SVG
 * or PDF file for a handout or a slide, with the theme (light by default:
 * paper is white), width, text scale and format, drawn by the same
 * app/render code as `synack-cli render`. */
#pragma once

#include <adwaita.h>

#include "synack-render.h"
#include "synack-trace.h"

G_BEGIN_DECLS

#define SYNACK_TYPE_EXPORT_DIALOG (synack_export_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SynackExportDialog, synack_export_dialog, SYNACK, EXPORT_DIALOG, AdwWindow)

/* defaults gives the connection, the numbering, the text scale and the span
 * the ladder shows (from/to); the theme starts light whatever it says.
 * stem is the file name without extension (synack_export_dialog_file_stem()). */
SynackExportDialog *synack_export_dialog_new        (GtkWindow                 *parent,
                                                     SynackTrace               *trace,
                                                     const SynackRenderOptions *defaults,
                                                     const char                *stem);
/* The options the dialog's rows say now. */
void                synack_export_dialog_get_options (SynackExportDialog       *self,
                                                      SynackRenderOptions      *options,
                                                      SynackRenderFormat       *format);
/* The name the file chooser offers: the stem and the format's extension. */
char               *synack_export_dialog_get_file_name (SynackExportDialog     *self);
/* Write the figure with the dialog's options; the format is the dialog's,
 * whatever path ends in. Emits ::exported on success. */
gboolean            synack_export_dialog_export_to  (SynackExportDialog        *self,
                                                     const char                *path,
                                                     GError                   **error);

/* What Save in the file chooser does with the file the user named: write
 * the figure with the dialog's options (in the format the name's extension
 * asks for, when it names one, else the dialog's) and close the dialog; on
 * failure an alert says why and the dialog stays open. */
gboolean            synack_export_dialog_save       (SynackExportDialog        *self,
                                                     GFile                     *file);
/* The file chooser Export opened, while it is open; the alert of a failed
 * save, while it is shown. For tests. (transfer none) */
GtkFileChooser     *synack_export_dialog_get_chooser (SynackExportDialog       *self);
GtkWindow          *synack_export_dialog_get_alert  (SynackExportDialog        *self);

/* "format", "theme", "width" (the spin button), "scale", "span",
 * "timeline", "legend", "export" (the button), for tests. (transfer none) */
GtkWidget          *synack_export_dialog_get_part   (SynackExportDialog        *self,
                                                     const char                *name);

/* A file name stem from a scenario's name ("handshake-and-close.synack"),
 * a file path, or a title: lower-case words joined by '-', without the
 * directory and extension; "synack" when nothing is left. (transfer full) */
char               *synack_export_dialog_file_stem  (const char                *name);

G_END_DECLS
