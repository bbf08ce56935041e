/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Where a live capture keeps its packets for Save, bounded as its trace is.
 *
 * The packets go into a directory of its own under the temporary directory,
 * in chunk files of at most 4 MiB (pcap, nanosecond times), the capture's
 * reading thread writing them. The main thread says which packets the
 * trace holds (keep, when a segment is appended; let_go, when the memory
 * budget drops its connection). A chunk none of whose packets the trace
 * holds is deleted; one that holds less than a quarter of what its file
 * does is written again with only those. So the disk holds the packets of
 * the connections still in the trace, a few times over at most, and
 * synack_live_spool_save() writes exactly those packets: the saved file
 * opens to the connections the trace shows. Packets that are not TCP, and
 * late segments of a connection let go, are never kept.
 *
 * The directory goes with the spool, and with the process at exit (even
 * when a spool was never freed).
 *
 * A spool can also be one file the user named (synack-cli capture -w):
 * every packet, as it comes, nothing deleted. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A chunk file ends past this size, or at this many packets. */
#define SYNACK_LIVE_SPOOL_CHUNK_BYTES   (G_GUINT64_CONSTANT (4) << 20)
#define SYNACK_LIVE_SPOOL_CHUNK_PACKETS 65536

typedef struct _SynackLiveSpool SynackLiveSpool;

/* A new directory under dir (NULL: g_get_tmp_dir ()), for packets of
 * linktype cut at snaplen. Fails when the directory cannot be made, with
 * a message that says where and why. */
SynackLiveSpool *synack_live_spool_new          (const char       *dir,
                                                 int               linktype,
                                                 guint             snaplen,
                                                 GError          **error);
/* Every packet into fd (taken, closed by free), named name in messages. */
SynackLiveSpool *synack_live_spool_new_for_fd   (int               fd,
                                                 const char       *name,
                                                 int               linktype,
                                                 guint             snaplen);
/* Deletes the directory and what is in it (not a file given by fd). */
void             synack_live_spool_free         (SynackLiveSpool  *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SynackLiveSpool, synack_live_spool_free)

/* The reading thread: packet number (from 1, every packet read, in order),
 * its time (seconds and nanoseconds), captured and original lengths. */
void             synack_live_spool_write        (SynackLiveSpool  *self,
                                                 guint64           number,
                                                 gint64            sec,
                                                 guint32           nsec,
                                                 guint             caplen,
                                                 guint             len,
                                                 const guchar     *bytes);
/* The reading thread, before it hands the packets written over: they are
 * on disk. FALSE (once the disk is full, say) with an error that says
 * where and why: nothing is written after that. */
gboolean         synack_live_spool_flush        (SynackLiveSpool  *self,
                                                 GError          **error);
/* The reading thread is done: the last chunk is closed. */
void             synack_live_spool_close        (SynackLiveSpool  *self);

/* The main thread. The trace holds packet number (a segment appended). */
void             synack_live_spool_keep         (SynackLiveSpool  *self,
                                                 guint64           number);
/* It holds it no longer (its connection was dropped). */
void             synack_live_spool_let_go       (SynackLiveSpool  *self,
                                                 guint64           number);
/* Every packet numbered below applied has been through the trace: deletes
 * and rewrites chunks (the disk's errors leave a chunk as it was). */
void             synack_live_spool_collect      (SynackLiveSpool  *self,
                                                 guint64           applied);
/* The packets the trace holds, as one pcap file, into out (closed after);
 * where names out in messages. */
gboolean         synack_live_spool_save         (SynackLiveSpool  *self,
                                                 GOutputStream    *out,
                                                 const char       *where,
                                                 GError          **error);

/* Bytes in the spool's files now. */
guint64          synack_live_spool_get_disk_size    (SynackLiveSpool *self);
/* Bytes of memory the spool holds (its chunks' records and maps). */
gsize            synack_live_spool_get_memory_size  (SynackLiveSpool *self);
/* Its directory, or NULL for a file given by fd. */
const char      *synack_live_spool_get_dir          (SynackLiveSpool *self);
/* The chunk files now. */
guint            synack_live_spool_get_n_chunks     (SynackLiveSpool *self);

G_END_DECLS
