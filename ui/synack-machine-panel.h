/* SPDX-License-Identifier: GPL-3.0-or-later */
/* This Machine, in the window: while the session shows a This Machine
 * document, a live, filterable list of the machine's TCP sockets as the
 * kernel lists them (state, local and remote address, process, age). The
 * socket picked is followed in the window's own views: the session shows
 * its connection of the document's trace (its states as the kernel told
 * them, the calls they give away) and Numbers its tcp_info. Hidden for
 * every other kind of document.
 *
 * Signals:
 *   followed (guint conn)  a socket was picked: its connection is shown,
 *                          the cursor at its latest change */
#pragma once

#include <gtk/gtk.h>

#include "synack-session.h"

G_BEGIN_DECLS

#define SYNACK_TYPE_MACHINE_PANEL (synack_machine_panel_get_type ())

G_DECLARE_FINAL_TYPE (SynackMachinePanel, synack_machine_panel, SYNACK, MACHINE_PANEL, GtkWidget)

GtkWidget  *synack_machine_panel_new           (SynackSession      *session);
void        synack_machine_panel_set_filter    (SynackMachinePanel *self,
                                                const char         *text);
guint       synack_machine_panel_get_n_shown   (SynackMachinePanel *self);
/* The position of the socket with this key among those shown, or G_MAXUINT. */
guint       synack_machine_panel_find          (SynackMachinePanel *self,
                                                const char         *key);
/* Follow the shown socket at position (G_MAXUINT: none). */
void        synack_machine_panel_follow        (SynackMachinePanel *self,
                                                guint               position);
/* "127.0.0.1:80 127.0.0.1:40000" of the followed socket, or NULL. */
const char *synack_machine_panel_get_followed  (SynackMachinePanel *self);

G_END_DECLS
