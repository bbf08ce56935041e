/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SynackConnectionList: one row per connection of a trace, with its
 * endpoints, Zeek summary and segment count. Choosing a row emits
 * ::connection-activated (guint conn). */
#pragma once

#include <gtk/gtk.h>

#include "synack-trace.h"

G_BEGIN_DECLS

#define SYNACK_TYPE_CONNECTION_LIST (synack_connection_list_get_type ())

G_DECLARE_FINAL_TYPE (SynackConnectionList, synack_connection_list, SYNACK, CONNECTION_LIST,
                      GtkWidget)

GtkWidget *synack_connection_list_new          (void);
void       synack_connection_list_set_trace    (SynackConnectionList *self,
                                                SynackTrace          *trace);
/* Highlight the row of conn without emitting the signal. */
void       synack_connection_list_set_selected (SynackConnectionList *self,
                                                guint                 conn);
guint      synack_connection_list_get_n_rows   (SynackConnectionList *self);
/* The row's title and subtitle joined by a newline, for tests. (transfer full) */
char      *synack_connection_list_get_row_text (SynackConnectionList *self,
                                                guint                 conn);
/* What the row of conn shows on screen now, the same way, or NULL when it
 * is not on screen. (transfer full) */
char      *synack_connection_list_get_shown_text (SynackConnectionList *self,
                                                  guint                 conn);
/* Act as if the user chose the row of conn. */
void       synack_connection_list_activate     (SynackConnectionList *self,
                                                guint                 conn);

G_END_DECLS
