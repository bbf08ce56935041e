/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the loader needs to build documents; not for ui/. */
#pragma once

#include "synack-document.h"
#include "synack-pcap-source.h"

G_BEGIN_DECLS

/* Run script on the engine with seed: a SYNACK_DOCUMENT_SCENARIO document
 * (the caller may change its kind and path). Runs in any thread: nothing
 * it makes is shared until it returns. */
SynackDocument *_synack_document_run_scenario (const char          *script,
                                               const char          *name,
                                               guint64              seed,
                                               guint                instant_limit,
                                               GError             **error);
/* A document over a finished trace. (transfer none) for trace: it is kept. */
SynackDocument *_synack_document_new_for_trace (SynackDocumentKind  kind,
                                                SynackTrace        *trace,
                                                const char         *path);
void            _synack_document_set_kind      (SynackDocument     *self,
                                                SynackDocumentKind  kind);
void            _synack_document_set_path      (SynackDocument     *self,
                                                const char         *path);
void            _synack_document_add_note      (SynackDocument     *self,
                                                const char         *note);
/* The document's trace grew (a capture shown while it loads): its subtitle
 * counts the connections again. */
void            _synack_document_trace_grew    (SynackDocument     *self);
/* Takes stats's contents (stats is left empty). */
void            _synack_document_take_capture_stats (SynackDocument     *self,
                                                SynackCaptureStats *stats);

G_END_DECLS
