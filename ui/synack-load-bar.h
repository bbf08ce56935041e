/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SynackLoadBar: a strip above what the window shows while a capture
 * still loads behind it: what is read, how far, and Cancel
 * (win.cancel-load); then, if the load did not end by itself, what
 * happened, until the user closes it. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SYNACK_TYPE_LOAD_BAR (synack_load_bar_get_type ())

G_DECLARE_FINAL_TYPE (SynackLoadBar, synack_load_bar, SYNACK, LOAD_BAR, GtkWidget)

GtkWidget  *synack_load_bar_new          (void);
/* Loading: text, the fraction read and Cancel. */
void        synack_load_bar_set_loading  (SynackLoadBar *self,
                                          const char    *text,
                                          double         fraction);
/* Over: a message and a button to close the bar. */
void        synack_load_bar_set_message  (SynackLoadBar *self,
                                          const char    *text);
gboolean    synack_load_bar_get_loading  (SynackLoadBar *self);
const char *synack_load_bar_get_text     (SynackLoadBar *self);
double      synack_load_bar_get_fraction (SynackLoadBar *self);

G_END_DECLS
