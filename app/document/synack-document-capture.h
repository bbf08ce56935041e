/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The capture details of a document, for the CLI's report of a file (what
 * was skipped and why). The window reads the notes instead. */
#pragma once

#include "synack-document.h"
#include "synack-pcap-source.h"

G_BEGIN_DECLS

/* What reading a capture file or a live capture saw besides its segments;
 * NULL for an engine document. (transfer none) */
const SynackCaptureStats *synack_document_get_capture_stats (SynackDocument *self);

G_END_DECLS
