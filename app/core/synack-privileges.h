/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Keep only the capabilities in keep_mask (bit n = capability n, e.g.
 * 1 << CAP_NET_RAW) in this thread's effective, permitted and inheritable
 * sets and, where CAP_SETPCAP allows, in the bounding set, so that nothing
 * else is ever regained. Call it before any thread starts: capabilities
 * belong to each thread, and a second thread makes it fail rather than
 * drop half-way. A process that holds nothing beyond keep_mask is left as
 * it is. */
gboolean  synack_privileges_limit (guint64   keep_mask,
                                   GError  **error);

/* This thread's effective set, as a mask (bit n = capability n). */
guint64   synack_privileges_effective (void);

/* Whether capability cap (CAP_NET_ADMIN, CAP_NET_RAW, ...) is effective in
 * this thread. */
gboolean  synack_privileges_have (guint cap);

/* Give up every capability (effective, permitted, inheritable, and the
 * bounding set where allowed), as a live capture or a TUN device does once
 * its device is open, and check that none is left. Capabilities belong to
 * each thread: call it before any other thread starts (it fails otherwise,
 * dropping nothing). */
gboolean  synack_privileges_drop_all (GError **error);

G_END_DECLS
