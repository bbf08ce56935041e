/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the This Machine panels (the socket list, the kernel's Numbers)
 * share: the session they follow, and the machine of its document while
 * that document is This Machine. A panel embeds one and is shown only
 * while there is a machine. */
#pragma once

#include <gtk/gtk.h>

#include "synack-machine.h"
#include "synack-session.h"

G_BEGIN_DECLS

typedef struct
{
  GtkWidget     *widget;            /* the panel (unowned: it embeds this) */
  SynackSession *session;
  SynackMachine *machine;           /* the document's machine, or NULL */
  GCallback      sockets_changed;   /* (widget): the machine read its list again */
  GCallback      machine_changed;   /* (widget): another machine, or none */
} SynackMachineFollow;

/* Follow session's document for widget: machine_changed (widget) runs
 * whenever the machine changes (not at once: a panel starts empty and
 * hidden), and sockets_changed (widget) on its ::sockets-changed. */
void synack_machine_follow_init  (SynackMachineFollow *follow,
                                  GtkWidget           *widget,
                                  SynackSession       *session,
                                  GCallback            sockets_changed,
                                  GCallback            machine_changed);
/* Stop following (in the panel's dispose); the panel's own handlers on
 * the session and machine are disconnected too. */
void synack_machine_follow_clear (SynackMachineFollow *follow);

G_END_DECLS
