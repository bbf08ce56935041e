/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A pcap that Synack saved from an engine trace, with its scenario beside it
 * (X.pcap and X.synack): re-running the scenario gives the exact engine trace
 * (true states, timers and socket calls) where reading the pcap could only
 * infer them. The document loader uses it for every input that is such a
 * pcap. */
#pragma once

#include <glib.h>

#include "synack-trace.h"

G_BEGIN_DECLS

/* The line a saved scenario starts with, so the run can be repeated. */
#define SYNACK_SAVED_SEED_PREFIX "# synack: seed "

/* The scenario path beside pcap_path (X.pcap -> X.synack), or NULL when
 * the capture has no scenario beside it. (transfer full) */
char        *synack_saved_trace_script_path (const char  *pcap_path);

/* The seed a saved scenario records (SYNACK_SAVED_SEED_PREFIX), else 1,
 * the default of `synack-cli run` and of the app. */
guint64      synack_saved_trace_seed        (const char  *script);

/* Whether trace, written as a pcap, is pcap_path byte for byte (compared in
 * memory). FALSE with an error naming script_path's file when it is not. */
gboolean     synack_saved_trace_matches     (SynackTrace  *trace,
                                             const char   *pcap_path,
                                             const char   *script_path,
                                             GError      **error);

/* The engine trace that pcap_path was saved from: the scenario beside it,
 * run with its seed, kept only when it writes the same pcap byte for byte.
 * NULL without error when there is no scenario beside the capture; NULL
 * with an error (what and where) when there is one and it cannot be run or
 * gives another capture, so the caller can say why it reads the pcap
 * instead. (transfer full) */
SynackTrace *synack_saved_trace_load        (const char  *pcap_path,
                                             GError     **error);

G_END_DECLS
