/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SynackConnectionList: one row per connection of a trace, with its
 * endpoints, Zeek summary and segment count, to filter (address, port, Zeek
 * state) and sort; get_n_rows counts the rows the filter lets through.
 * Choosing a row emits ::connection-activated (guint conn). */
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
/* While a quiz question is open the rows say only which connection they
 * are, not how it went (its Zeek summary, its count of segments). */
void       synack_connection_list_set_hide_summaries (SynackConnectionList *self,
                                                      gboolean              hide);
guint      synack_connection_list_get_n_rows   (SynackConnectionList *self);
/* The row's title and subtitle joined by a newline, for tests. (transfer full) */
char      *synack_connection_list_get_row_text (SynackConnectionList *self,
                                                guint                 conn);
/* What the row of conn shows on screen now, the same way, or NULL when it
 * is not on screen. (transfer full) */
char      *synack_connection_list_get_shown_text (SynackConnectionList *self,
                                                  guint                 conn);
/* Show only the connections whose client or server address and port hold
 * every word of text, or whose Zeek state is one of the words, as if typed
 * in the list's search entry ("" or NULL: all). */
void       synack_connection_list_set_filter   (SynackConnectionList *self,
                                                const char           *text);
/* Order the rows "seen" (capture order), "client", "server", "state" or
 * "segments" (most first), as if chosen in the list's menu. */
void       synack_connection_list_set_order    (SynackConnectionList *self,
                                                const char           *order);
/* The connection shown in row (G_MAXUINT past the last). */
guint      synack_connection_list_get_row_connection (SynackConnectionList *self,
                                                      guint                 row);
/* Still sorting or filtering (a part at a time, in idle callbacks). */
gboolean   synack_connection_list_is_busy      (SynackConnectionList *self);
/* Put the keyboard in the filter entry, its text selected (Ctrl+F). */
void       synack_connection_list_focus_filter (SynackConnectionList *self);
/* Act as if the user chose the row of conn. */
void       synack_connection_list_activate     (SynackConnectionList *self,
                                                guint                 conn);

G_END_DECLS
