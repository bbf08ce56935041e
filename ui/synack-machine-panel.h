/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "This Machine": a live, filterable list of this machine's TCP sockets as
 * the kernel sees them, and the one picked, followed: its states as the
 * kernel told them, the socket calls that can be seen, its tcp_info. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SYNACK_TYPE_MACHINE_PANEL (synack_machine_panel_get_type ())

G_DECLARE_FINAL_TYPE (SynackMachinePanel, synack_machine_panel, SYNACK, MACHINE_PANEL, GtkWidget)

GtkWidget  *synack_machine_panel_new           (void);
/* Start listing and watching (the first call; later ones do nothing). */
void        synack_machine_panel_start         (SynackMachinePanel *self);
void        synack_machine_panel_set_filter    (SynackMachinePanel *self,
                                                const char         *text);
guint       synack_machine_panel_get_n_shown   (SynackMachinePanel *self);
/* Follow the shown socket at position (G_MAXUINT: none). */
void        synack_machine_panel_follow        (SynackMachinePanel *self,
                                                guint               position);
/* "127.0.0.1:80 127.0.0.1:40000" of the followed socket, or NULL. */
const char *synack_machine_panel_get_followed  (SynackMachinePanel *self);
/* A window of its own holding a panel, started. */
GtkWindow  *synack_machine_window_new          (GtkApplication     *app);

G_END_DECLS
