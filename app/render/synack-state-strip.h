/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One socket's states as the kernel told them, left to right: a patch a
 * state, each as wide as the others (a handshake of microseconds and an
 * hour of ESTABLISHED both readable), named, with how long it lasted. */
#pragma once

#include <cairo.h>

#include "synack-ladder-paint.h"
#include "synack-timeline-paint.h"

G_BEGIN_DECLS

/* steps in time order; now: the time the last state lasts until. A step
 * at G_MININT64 is a state whose start is not known (the socket was there
 * before anyone watched). */
void synack_state_strip_paint (cairo_t                  *cr,
                               const SynackStateStep    *steps,
                               guint                     n_steps,
                               gint64                    now,
                               double                    width,
                               double                    height,
                               const SynackPaintOptions *options);

G_END_DECLS
