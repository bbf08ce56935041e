/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The kernel's states of a connection's local endpoints, in the shapes the
 * painters take: a track of steps beside the timeline's inferred states,
 * and the ladder's marks where the two disagree. */
#pragma once

#include "synack-kernel-states.h"
#include "synack-ladder-paint.h"
#include "synack-timeline-paint.h"

G_BEGIN_DECLS

/* SynackStateStep of one endpoint, or NULL when the kernel said nothing of
 * it. (transfer full) */
GArray *synack_kernel_overlay_steps (SynackKernelStates *states,
                                     guint               conn,
                                     guint               endpoint);
/* SynackStateMark of a connection's disagreements, and in diffs (when not
 * NULL) the SynackDisagreement of each, at the same index. (transfer full) */
GArray *synack_kernel_overlay_marks (SynackKernelStates *states,
                                     guint               conn,
                                     GArray            **diffs);
/* A disagreement in words, for a tooltip: what each said, when, and how
 * the kernel told it. (transfer full) */
char   *synack_kernel_overlay_describe (SynackKernelStates       *states,
                                        const SynackDisagreement *d);

G_END_DECLS
