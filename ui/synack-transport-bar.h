/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SynackTransportBar: to start, step back, play/pause, step forward, to end,
 * speed, skip idle, follow live and a scrubber, over a SynackPlayer. Its
 * actions (transport.toggle, transport.step-forward, ...) can be activated
 * from anywhere in the window. */
#pragma once

#include <gtk/gtk.h>

#include "synack-player.h"

G_BEGIN_DECLS

#define SYNACK_TYPE_TRANSPORT_BAR (synack_transport_bar_get_type ())

G_DECLARE_FINAL_TYPE (SynackTransportBar, synack_transport_bar, SYNACK, TRANSPORT_BAR, GtkWidget)

GtkWidget    *synack_transport_bar_new        (void);
void          synack_transport_bar_set_player (SynackTransportBar *self,
                                               SynackPlayer       *player);
/* The text of the position label ("Event 3 of 11 · 0.150 s"), for tests. */
const char   *synack_transport_bar_get_position_text (SynackTransportBar *self);

G_END_DECLS
