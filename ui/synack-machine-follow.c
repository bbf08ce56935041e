/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "synack-document.h"
#include "synack-machine-follow.h"

static void
document_changed (SynackMachineFollow *follow)
{
  SynackDocument *doc = synack_session_get_document (follow->session);
  SynackMachine *machine = doc != NULL ? synack_document_get_machine (doc) : NULL;

  gtk_widget_set_visible (follow->widget, machine != NULL);
  if (machine == follow->machine)
    return;
  if (follow->machine != NULL)
    g_signal_handlers_disconnect_by_data (follow->machine, follow->widget);
  g_set_object (&follow->machine, machine);
  if (machine != NULL)
    g_signal_connect_object (machine, "sockets-changed", follow->sockets_changed,
                             follow->widget, G_CONNECT_SWAPPED);
  ((void (*) (GtkWidget *)) follow->machine_changed) (follow->widget);
}

void
synack_machine_follow_init (SynackMachineFollow *follow,
                            GtkWidget           *widget,
                            SynackSession       *session,
                            GCallback            sockets_changed,
                            GCallback            machine_changed)
{
  g_return_if_fail (SYNACK_IS_SESSION (session));

  follow->widget = widget;
  follow->session = g_object_ref (session);
  follow->machine = NULL;
  follow->sockets_changed = sockets_changed;
  follow->machine_changed = machine_changed;
  g_signal_connect_swapped (session, "notify::document", G_CALLBACK (document_changed), follow);
  document_changed (follow);
}

void
synack_machine_follow_clear (SynackMachineFollow *follow)
{
  if (follow->machine != NULL)
    g_signal_handlers_disconnect_by_data (follow->machine, follow->widget);
  g_clear_object (&follow->machine);
  if (follow->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (follow->session, follow);
      g_signal_handlers_disconnect_by_data (follow->session, follow->widget);
    }
  g_clear_object (&follow->session);
}
