/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Numbers page for a socket of this machine: the kernel's tcp_info of
 * each local endpoint of the session's connection (RTT, RTO, congestion
 * window, slow-start threshold, retransmissions, bytes acknowledged and
 * received, ...), read again with the socket list while it is followed.
 * Shown only while the session shows a This Machine document. */
#pragma once

#include <gtk/gtk.h>

#include "synack-session.h"

G_BEGIN_DECLS

#define SYNACK_TYPE_MACHINE_NUMBERS (synack_machine_numbers_get_type ())

G_DECLARE_FINAL_TYPE (SynackMachineNumbers, synack_machine_numbers, SYNACK, MACHINE_NUMBERS,
                      GtkWidget)

GtkWidget  *synack_machine_numbers_new      (SynackSession        *session);
/* The text shown for a figure ("rtt", "rto", "cwnd", "ssthresh",
 * "retransmits", "bytes_acked", "bytes_received", ...) of an endpoint, or
 * NULL when the figure has no such id. (transfer none) */
const char *synack_machine_numbers_get_text (SynackMachineNumbers *self,
                                             const char           *figure,
                                             guint                 endpoint);

G_END_DECLS
