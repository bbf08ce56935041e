/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SynackDocumentLoader: the one rule that turns what a user names (a
 * built-in lesson's name, a .synack file, a pcap Synack saved with its
 * scenario beside it, a pcap or pcapng file) into a SynackDocument. The
 * window (open, drop, recent files, the command line) and every CLI command
 * (run, inspect, render) go through it, so the same argument gives the same
 * document everywhere.
 *
 * The rule, in order (synack_document_loader_resolve()):
 *   1. an existing directory: an error; another existing path that is not a
 *      regular file (a pipe, a device): a capture, read as a stream;
 *   2. a regular file ending in .synack: a scenario file;
 *   3. a regular file that starts like a pcap or pcapng, or ends in .pcap,
 *      .pcapng or .cap: a saved run when a .synack of the same stem is
 *      beside it, else a capture. A saved run is re-run and kept only when
 *      it gives the same pcap byte for byte (compared in memory, in the
 *      worker thread); otherwise the capture is read, with a note saying why;
 *   4. another regular file: a scenario file when it is text, else a capture
 *      (so reading it says why it is not one);
 *   5. no such path: with a '/' or one of those endings, an error ("No such
 *      file or directory"); else a built-in lesson by name, or an error
 *      naming the input and where the list of lessons is.
 *
 * Properties: fraction (double, 0..1, notified on the thread that called
 * load_async while a capture file is read).
 *
 * Signals: streaming (SynackDocument *document, guint conn). load_async
 * loads a capture file in view: the file is read and decoded in a thread,
 * and its trace is written only in the caller's thread, in idle time, a
 * slice at a time (committed, ::events-added, every 100 ms). As soon as a
 * connection is complete (both endpoints CLOSED or TIME-WAIT), or after a
 * second with none complete, ::streaming gives the document while the
 * rest loads, with the connection to show first; its trace grows until the
 * load ends. The load ends as ever, by the callback: finish gives the same
 * document, or G_IO_ERROR_CANCELLED, when the document given keeps what
 * was read before. */
#pragma once

#include <gio/gio.h>

#include "synack-document.h"

G_BEGIN_DECLS

#define SYNACK_TYPE_DOCUMENT_LOADER (synack_document_loader_get_type ())

G_DECLARE_FINAL_TYPE (SynackDocumentLoader, synack_document_loader, SYNACK, DOCUMENT_LOADER,
                      GObject)

/* What the rule makes of input, without reading more than a file's first
 * bytes: the kind the document will have (a saved run may still turn out a
 * capture, with a note). Errors as load would give them for a missing or
 * unusable input. */
gboolean              synack_document_loader_resolve  (const char            *input,
                                                       SynackDocumentKind    *kind,
                                                       GError               **error);

/* input: a built-in name or a path, as the user typed it (the CLI). */
SynackDocumentLoader *synack_document_loader_new      (const char            *input);
/* What the window calls for an argument of its command line, typed in the
 * folder cwd (NULL: this process's): a relative path that exists there is
 * made absolute, anything else goes to the rule as it was typed; so the
 * window and synack-cli make the same document of the same argument. */
SynackDocumentLoader *synack_document_loader_new_for_commandline_arg (const char *arg,
                                                       const char            *cwd);
/* A file the user picked (open dialog, drop, recent files). */
SynackDocumentLoader *synack_document_loader_new_for_file (GFile             *file);
const char           *synack_document_loader_get_input (SynackDocumentLoader *self);

/* The seed a scenario runs with (default: a saved scenario's own, else 1). */
void                  synack_document_loader_set_seed (SynackDocumentLoader  *self,
                                                       guint64                seed);
/* A BPF filter for a capture file (NULL: none). A filter on a scenario is
 * an error: it only applies to captures. */
void                  synack_document_loader_set_filter (SynackDocumentLoader *self,
                                                       const char            *filter);
/* The engine's hang guard for scenarios (synack_engine_set_instant_limit();
 * default SYNACK_ENGINE_INSTANT_LIMIT_DEFAULT, 0 for none). */
void                  synack_document_loader_set_instant_limit (SynackDocumentLoader *self,
                                                       guint                  max_steps);
double                synack_document_loader_get_fraction (SynackDocumentLoader *self);

/* Load in a worker thread; callback runs in the caller's thread-default
 * main context. Cancelling gives G_IO_ERROR_CANCELLED. */
void                  synack_document_loader_load_async (SynackDocumentLoader *self,
                                                       GCancellable          *cancellable,
                                                       GAsyncReadyCallback    callback,
                                                       gpointer               user_data);
/* (transfer full) */
SynackDocument       *synack_document_loader_load_finish (SynackDocumentLoader *self,
                                                       GAsyncResult          *result,
                                                       GError               **error);
/* The document ::streaming gave (kept after the load ends, cancelled or
 * not), or NULL. (transfer none) */
SynackDocument       *synack_document_loader_get_document (SynackDocumentLoader *self);
/* For tests: a capture loading in view infers at most this many segments
 * a main-loop iteration, and commits each (0, the default: as many as fit
 * in a few ms, committed a few times a second). */
void                  synack_document_loader_set_test_pace (guint          segments);
/* The same, in this thread (the CLI). (transfer full) */
SynackDocument       *synack_document_loader_load     (SynackDocumentLoader  *self,
                                                       GCancellable          *cancellable,
                                                       GError               **error);

G_END_DECLS
