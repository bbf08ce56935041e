/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Packets from libpcap: capture files (pcap, pcapng) and live interfaces,
 * decoded and inferred into a SynackTrace. */
#pragma once

#include <gio/gio.h>

#include "synack-infer.h"
#include "synack-trace.h"

G_BEGIN_DECLS

/* How many skipped packets keep their reason; the rest are only counted. */
#define SYNACK_CAPTURE_MAX_SKIPPED_KEPT 100000

typedef struct
{
  guint64  number;   /* 1-based packet number in the file or capture */
  char    *reason;   /* "truncated IPv4 header: 12 of 20 bytes" */
} SynackSkippedPacket;

/* What a load or a live capture saw besides the segments it stored. */
typedef struct
{
  int      linktype;      /* DLT_ value */
  guint64  packets;       /* records read (after the BPF filter) */
  guint64  tcp;           /* TCP segments stored */
  guint64  not_tcp;       /* well-formed packets that are not TCP: counted, skipped */
  guint64  fragments;     /* IP fragments without a TCP header: counted, skipped */
  guint64  malformed;     /* broken or truncated packets: skipped, reasons below */
  guint64  received;      /* live: pcap_stats ps_recv */
  guint64  dropped;       /* live: pcap_stats ps_drop (the kernel's buffer was full) */
  guint64  if_dropped;    /* live: pcap_stats ps_ifdrop (the interface dropped them) */
  /* live: finished connections let go to keep within the memory budget
   * (synack-live.h), and the segments they held (with late ones after) */
  guint64  budget_connections;
  guint64  budget_packets;
  /* live: the memory the budget counts (trace, inference, spool), and the
   * most it counted while the open connections alone were past the budget
   * (nothing could be let go: 0 when that never happened); budget_over
   * while they are now */
  guint64  budget_used;
  guint64  budget_over_max;
  gboolean budget_over;
  GArray  *skipped;       /* SynackSkippedPacket, the first SYNACK_CAPTURE_MAX_SKIPPED_KEPT */
  /* The file ended in the middle of a record (or another read error after
   * some packets): the packets before it are stored, this says what and where. */
  GError  *file_error;
} SynackCaptureStats;

void          synack_capture_stats_init   (SynackCaptureStats *stats);
void          synack_capture_stats_clear  (SynackCaptureStats *stats);

/* Called now and then while a file loads, with the fraction read (0..1). */
typedef void (*SynackLoadProgressFunc) (double   fraction,
                                        gpointer user_data);

/* Read a pcap or pcapng file (nanosecond timestamps) into a new trace with
 * SYNACK_TRACE_SOURCE_FILE. filter is a BPF expression or NULL. Fails
 * (SYNACK_ERROR_INVALID or _UNSUPPORTED) when the file cannot be read as a
 * capture at all; a file cut short is not a failure: the packets read are
 * kept and stats->file_error says where it ended. stats may be NULL.
 * Cancelling returns G_IO_ERROR_CANCELLED. Need not run on the main thread:
 * the trace is private until returned. (transfer full) */
SynackTrace  *synack_pcap_load_file       (const char             *path,
                                           const char             *filter,
                                           SynackLoadProgressFunc  progress,
                                           gpointer                user_data,
                                           GCancellable           *cancellable,
                                           SynackCaptureStats     *stats,
                                           GError                **error);

/* The same, streaming: done is called each time a connection is complete
 * (both endpoints CLOSED or TIME-WAIT), long before the end of a large
 * file. It runs in the load's inferring thread, the one thread writing the
 * trace, while nothing else may read it: read the connection there (copy
 * it with synack_trace_copy_connection() to show it at once) and return
 * quickly. done may be NULL. (transfer full) */
SynackTrace  *synack_pcap_load_file_streaming (const char               *path,
                                               const char               *filter,
                                               SynackLoadProgressFunc    progress,
                                               gpointer                  user_data,
                                               SynackConnectionDoneFunc  done,
                                               gpointer                  done_data,
                                               GCancellable             *cancellable,
                                               SynackCaptureStats       *stats,
                                               GError                  **error);
/* A file load turned round, for a window that shows the capture while it
 * loads: a thread of the feed's own reads and decodes the file, and the
 * caller infers what it decoded into the trace, a slice at a time, in its
 * own thread (synack_pcap_file_feed_step). The trace is written only
 * there, so that thread may read it, draw it and follow its growth
 * (commit it now and then) while the rest of the file is read.
 * new opens the file and fails as synack_pcap_load_file() does for a file
 * that cannot be read as a capture; cancellable stops the reading. */
typedef struct _SynackPcapFileFeed SynackPcapFileFeed;

SynackPcapFileFeed *synack_pcap_file_feed_new  (const char               *path,
                                                const char               *filter,
                                                GCancellable             *cancellable,
                                                GError                  **error);
/* The trace the feed writes, SYNACK_TRACE_SOURCE_FILE. (transfer none) */
SynackTrace *synack_pcap_file_feed_get_trace   (SynackPcapFileFeed       *self);
/* As synack_pcap_load_file_streaming()'s done, called within step. */
void         synack_pcap_file_feed_set_connection_done (SynackPcapFileFeed *self,
                                                SynackConnectionDoneFunc  done,
                                                gpointer                  user_data);
/* The fraction of the file read (any thread); 1 once all of it is in the
 * trace, where the reading stopped when it was cancelled. */
double       synack_pcap_file_feed_get_fraction (SynackPcapFileFeed      *self);
/* Infer what the reader has decoded: at most max_segments (0: no limit)
 * and for about max_usec at most (0: no limit), waiting up to wait_usec
 * for the reader when nothing is decoded yet. TRUE while more is to come;
 * FALSE once everything read is in the trace, the connections still open
 * wrapped up (the end of the file, an error, or cancelled): then finish. */
gboolean     synack_pcap_file_feed_step        (SynackPcapFileFeed       *self,
                                                guint                     max_segments,
                                                gint64                    max_usec,
                                                gint64                    wait_usec);
/* After step returned FALSE: what the reading saw (into stats, zeroed or
 * initialised, or NULL), and FALSE with G_IO_ERROR_CANCELLED when it was cancelled
 * (the trace holds what was read before). */
gboolean     synack_pcap_file_feed_finish      (SynackPcapFileFeed       *self,
                                                SynackCaptureStats       *stats,
                                                GError                  **error);
/* Stops a reader still going (it may take a few milliseconds). */
void         synack_pcap_file_feed_free        (SynackPcapFileFeed       *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SynackPcapFileFeed, synack_pcap_file_feed_free)

/* The same in a worker thread; progress is called in the caller's thread
 * default main context. */
void          synack_pcap_load_file_async (const char             *path,
                                           const char             *filter,
                                           SynackLoadProgressFunc  progress,
                                           gpointer                user_data,
                                           GCancellable           *cancellable,
                                           GAsyncReadyCallback     callback,
                                           gpointer                callback_data);
/* stats may be NULL. (transfer full) */
SynackTrace  *synack_pcap_load_file_finish (GAsyncResult          *result,
                                           SynackCaptureStats     *stats,
                                           GError                **error);

typedef struct
{
  char     *name;
  char     *description;   /* or NULL */
  gboolean  up;
  gboolean  running;
  gboolean  loopback;
} SynackInterface;

void          synack_interface_free       (SynackInterface *iface);
/* The interfaces libpcap can capture on. (transfer full) of SynackInterface */
GPtrArray    *synack_pcap_list_interfaces (GError                **error);

/* A live capture: a worker thread reads the interface and hands batches to
 * the main context that created the source, which appends them to the trace
 * (SYNACK_TRACE_SOURCE_LIVE) and commits once a batch.
 * Signals:
 *   batch-added (guint first_event)  after a batch was appended and committed
 *   stopped ()                       the capture ended (stop, count reached, or an error:
 *                                    see synack_pcap_source_get_error()) */
#define SYNACK_TYPE_PCAP_SOURCE (synack_pcap_source_get_type ())

G_DECLARE_FINAL_TYPE (SynackPcapSource, synack_pcap_source, SYNACK, PCAP_SOURCE, GObject)

/* Opens the interface; fails with SYNACK_ERROR_PERMISSION and the exact fix
 * when the process may not capture, SYNACK_ERROR_INVALID for an unknown
 * interface or a bad filter. */
SynackPcapSource   *synack_pcap_source_new_live     (const char        *iface,
                                                     const char        *filter,
                                                     GError           **error);
/* The live path fed from a capture file instead of an interface, for trying
 * a memory budget and for benchmarks: packets go through the same batches
 * at their own times, paced at rate packets a second (0: as fast as they
 * can be read). Each further pass comes after the last, its connections
 * new ones (the second byte of each address is XORed with the pass number
 * less one): a longer capture of the same traffic. (The spool keeps each
 * packet as read, its time moved with its pass but not its addresses: a
 * replay of more than one pass saves what opens to fewer connections.) */
SynackPcapSource   *synack_pcap_source_new_replay   (const char        *path,
                                                     const char        *filter,
                                                     guint              passes,
                                                     guint              rate,
                                                     GError           **error);
SynackTrace        *synack_pcap_source_get_trace    (SynackPcapSource  *self);
/* The inference that writes the trace (for what it holds: benchmarks). */
SynackInfer        *synack_pcap_source_get_infer    (SynackPcapSource  *self);
/* The trace's memory budget in bytes (synack-live.h; 0: none). Default
 * SYNACK_LIVE_BUDGET_DEFAULT; may change while the capture runs. */
void                synack_pcap_source_set_memory_budget (SynackPcapSource *self,
                                                     guint64            bytes);
guint64             synack_pcap_source_get_memory_budget (SynackPcapSource *self);
/* Stop by itself after n packets (0, the default: no limit). Before start. */
void                synack_pcap_source_set_max_packets (SynackPcapSource *self,
                                                     guint64            n);
gboolean            synack_pcap_source_start        (SynackPcapSource  *self,
                                                     GError           **error);
/* Stops the thread, appends what it had read, and emits ::stopped. A running
 * capture keeps a reference to itself until it stops (by this, by its packet
 * count, or by an error). */
void                synack_pcap_source_stop         (SynackPcapSource  *self);
gboolean            synack_pcap_source_is_running   (SynackPcapSource  *self);
const SynackCaptureStats *synack_pcap_source_get_stats (SynackPcapSource *self);
/* The error that ended the capture, or NULL. */
const GError       *synack_pcap_source_get_error    (SynackPcapSource  *self);
/* Where the packets go, before start. By default into a spool in the
 * temporary directory that keeps the packets of the connections the trace
 * holds (synack-live-spool.h), for synack_pcap_source_save(). With fd
 * (taken), every packet read into that pcap file as it comes instead,
 * named name in messages (synack-cli capture -w); with -1, nowhere. A
 * failure to write ends the capture with an error (G_IO_ERROR) that says
 * where and why; the trace keeps what came before. */
void                synack_pcap_source_set_output   (SynackPcapSource  *self,
                                                     int                fd,
                                                     const char        *name);
/* The packets of the connections the trace holds (those the memory budget
 * let go are not), into a pcap file that opens to those connections. */
gboolean            synack_pcap_source_save         (SynackPcapSource  *self,
                                                     const char        *path,
                                                     GError           **error);
/* The spool's directory and its files' bytes (NULL and 0 without one). */
const char         *synack_pcap_source_get_spool_dir (SynackPcapSource *self);
guint64             synack_pcap_source_get_spool_size (SynackPcapSource *self);
G_END_DECLS
