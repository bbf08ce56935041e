/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>
#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "synack-capture-file.h"
#include "synack-decode.h"
#include "synack-error.h"
#include "synack-infer.h"
#include "synack-live.h"
#include "synack-live-spool.h"
#include "synack-pcap-source.h"
#include "synack-wire.h"

/* How often (in packets) a file load reports progress and checks cancellation. */
#define PROGRESS_EVERY 8192

/* Live capture: bytes kept of each packet, and the kernel's ring. */
#define LIVE_SNAPLEN     65535
#define LIVE_BUFFER_SIZE (32 * 1024 * 1024)

/* Run func in the thread that iterates context. Not g_main_context_invoke():
 * when nobody holds the context it would run func right here, in the worker. */
static void
run_in_context (GMainContext   *context,
                GSourceFunc     func,
                gpointer        data,
                GDestroyNotify  notify)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, notify);
  g_source_set_static_name (source, "[synack] capture batch");
  g_source_attach (source, context);
  g_source_unref (source);
}

/* ------------------------------------------------------------------ stats */

static void
skipped_clear (gpointer p)
{
  SynackSkippedPacket *s = p;

  g_free (s->reason);
}

void
synack_capture_stats_init (SynackCaptureStats *stats)
{
  memset (stats, 0, sizeof *stats);
  stats->linktype = -1;
  stats->skipped = g_array_new (FALSE, FALSE, sizeof (SynackSkippedPacket));
  g_array_set_clear_func (stats->skipped, skipped_clear);
}

void
synack_capture_stats_clear (SynackCaptureStats *stats)
{
  g_clear_pointer (&stats->skipped, g_array_unref);
  g_clear_error (&stats->file_error);
}

static void
stats_skip (SynackCaptureStats *stats,
            guint64             number,
            const char         *reason)
{
  stats->malformed++;
  if (stats->skipped->len < SYNACK_CAPTURE_MAX_SKIPPED_KEPT)
    {
      SynackSkippedPacket s = { number, g_strdup (reason) };

      g_array_append_val (stats->skipped, s);
    }
}

/* Packets further than this from the first one are refused: every time
 * (and every sum of a time and a duration) then stays far from overflowing. */
#define MAX_SPREAD_NS (G_GINT64_CONSTANT (100) * 366 * 86400 * SYNACK_NSEC_PER_SEC)

/* The packet's time in ns since the epoch; FALSE with a reason when it does
 * not fit in a gint64 or lies more than a century from *first's (the first
 * packet's, set on the first call: *have_first FALSE). */
static gboolean
header_time_ns (const struct pcap_pkthdr  *h,
                gboolean                  *have_first,
                gint64                    *first,
                gint64                    *time,
                char                     **reason)
{
  gint64 sec = (gint64) h->ts.tv_sec;
  gint64 frac = (gint64) h->ts.tv_usec;   /* nanosecond precision: tv_usec holds ns */

  /* A constant bound (no division a packet): up to 2262-04-11. */
  if (sec < 0 || sec >= G_MAXINT64 / SYNACK_NSEC_PER_SEC ||
      frac < 0 || frac >= SYNACK_NSEC_PER_SEC)
    {
      *reason = g_strdup_printf ("timestamp out of range (%" G_GUINT64_FORMAT " s after 1970)",
                                 (guint64) h->ts.tv_sec);
      return FALSE;
    }
  *time = sec * SYNACK_NSEC_PER_SEC + frac;
  if (!*have_first)
    {
      *first = *time;
      *have_first = TRUE;
    }
  /* Both lie in [0, G_MAXINT64): their difference cannot overflow, a sum could. */
  else if (*time - *first > MAX_SPREAD_NS || *first - *time > MAX_SPREAD_NS)
    {
      *reason = g_strdup_printf ("timestamp %" G_GINT64_FORMAT " s after 1970 is more than "
                                 "100 years from the first packet's (%" G_GINT64_FORMAT " s)",
                                 sec, *first / SYNACK_NSEC_PER_SEC);
      return FALSE;
    }
  return TRUE;
}

/* Decode one frame, count it, and hand a TCP segment to infer (if any).
 * Returns TRUE when it was a TCP segment. */
static gboolean
handle_frame (SynackCaptureStats       *stats,
              int                       linktype,
              guint64                   number,
              const struct pcap_pkthdr *hdr,
              const guint8             *data,
              gboolean                 *have_first,
              gint64                   *first,
              gint64                   *time,
              SynackIpInfo             *ip,
              SynackSegment            *seg,
              const char              **encap)
{
  GError *error = NULL;
  SynackDecodeInfo info;
  SynackDecodeResult r;
  guint32 caplen = hdr->caplen, len = hdr->len;

  if (caplen > len)
    {
      g_autofree char *reason = g_strdup_printf ("captured length %u is greater than the "
                                                 "packet length %u", caplen, len);
      stats_skip (stats, number, reason);
      return FALSE;
    }
  {
    g_autofree char *reason = NULL;

    if (!header_time_ns (hdr, have_first, first, time, &reason))
      {
        stats_skip (stats, number, reason);
        return FALSE;
      }
  }

  /* Nearly every packet of a capture: TCP in IPv4 or IPv6 right after an
   * Ethernet header. Decoded straight at the IP header as
   * synack_decode_captured() would (no tunnel, no message to make); what
   * this does not read goes the whole way below. */
  if (linktype == DLT_EN10MB && caplen >= 14 + 20)
    {
      guint16 type = (guint16) (data[12] << 8 | data[13]);

      if (((type == 0x0800 && data[14] >> 4 == 4) || (type == 0x86DD && data[14] >> 4 == 6)) &&
          synack_wire_decode_captured (data + 14, caplen - 14, MAX (len, caplen) - 14,
                                       SYNACK_WIRE_LENIENT | SYNACK_WIRE_NO_CHECKSUMS,
                                       ip, seg, NULL))
        {
          stats->tcp++;
          *encap = NULL;
          return TRUE;
        }
    }

  /* Leniently, as a capture reader: a segment with malformed options, or
   * an IP length past the frame, is kept (ip->damage says so). */
  r = synack_decode_captured (linktype, data, caplen, len, FALSE, ip, seg, &info, &error);
  switch (r)
    {
    case SYNACK_DECODE_TCP:
      stats->tcp++;
      *encap = info.encapsulation[0] ? g_intern_string (info.encapsulation) : NULL;
      return TRUE;
    case SYNACK_DECODE_NOT_TCP:
      stats->not_tcp++;
      break;
    case SYNACK_DECODE_FRAGMENT:
      stats->fragments++;
      break;
    case SYNACK_DECODE_MALFORMED:
    default:
      stats_skip (stats, number, error ? error->message : "malformed packet");
      break;
    }
  g_clear_error (&error);
  return FALSE;
}

static gboolean
apply_filter (pcap_t      *p,
              const char  *filter,
              const char  *where,
              GError     **error)
{
  struct bpf_program prog;

  if (filter == NULL || *filter == '\0')
    return TRUE;
  if (pcap_compile (p, &prog, filter, 1, PCAP_NETMASK_UNKNOWN) != 0)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID,
                   _("%s: bad capture filter “%s”: %s"), where, filter, pcap_geterr (p));
      return FALSE;
    }
  if (pcap_setfilter (p, &prog) != 0)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID,
                   _("%s: cannot apply capture filter “%s”: %s"), where, filter, pcap_geterr (p));
      pcap_freecode (&prog);
      return FALSE;
    }
  pcap_freecode (&prog);
  return TRUE;
}

/* ------------------------------------------------------------------ files */

/* Whether a packet read outside libpcap's loop matches the filter. */
static gboolean
passes_filter (pcap_t                   *p,
               const char               *filter,
               const struct pcap_pkthdr *hdr,
               const guint8             *data)
{
  struct bpf_program prog;
  gboolean match;

  if (filter == NULL || *filter == '\0')
    return TRUE;
  if (pcap_compile (p, &prog, filter, 1, PCAP_NETMASK_UNKNOWN) != 0)
    return FALSE;
  match = pcap_offline_filter (&prog, hdr, data) != 0;
  pcap_freecode (&prog);
  return match;
}

static pcap_t *
open_file (const char          *path,
           SynackCaptureFile  **file,
           GError             **error)
{
  char errbuf[PCAP_ERRBUF_SIZE] = "";
  GStatBuf st;
  pcap_t *p;
  FILE *fp;

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID, "%s: %s", path, g_strerror (saved));
      return NULL;
    }
  if (S_ISDIR (st.st_mode))
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID,
                   _("%s: is a directory, not a capture file"), path);
      return NULL;
    }
  /* A FIFO (or a character device) has no size to go by: read it. */
  if (S_ISREG (st.st_mode) && st.st_size == 0)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID,
                   _("%s: empty file, not a pcap or pcapng capture"), path);
      return NULL;
    }

  /* gzip-compressed and pcapng captures go through a reading layer; plain
   * pcap straight to libpcap. */
  fp = synack_capture_file_open (path, file, error);
  if (fp == NULL && *file == NULL && error != NULL && *error != NULL)
    return NULL;
  if (fp != NULL)
    {
      p = pcap_fopen_offline_with_tstamp_precision (fp, PCAP_TSTAMP_PRECISION_NANO, errbuf);
      if (p == NULL)
        {
          fclose (fp);
          g_clear_pointer (file, synack_capture_file_free);
        }
    }
  else
    {
      /* A plain pcap file: opened here, so that the loader can read its
       * records in place from the same descriptor (SynackPcapReader). */
      fp = fopen (path, "rb");
      if (fp != NULL)
        {
          p = pcap_fopen_offline_with_tstamp_precision (fp, PCAP_TSTAMP_PRECISION_NANO, errbuf);
          if (p == NULL)
            fclose (fp);
        }
      else
        p = pcap_open_offline_with_tstamp_precision (path, PCAP_TSTAMP_PRECISION_NANO, errbuf);
    }
  if (p == NULL)
    {
      if (strstr (errbuf, "unknown file format") != NULL)
        g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID,
                     _("%s: not a pcap or pcapng capture (unknown file format)"), path);
      else if (strstr (errbuf, "truncated") != NULL)
        g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID,
                     _("%s: truncated file header: %s"), path, errbuf);
      else
        {
          /* libpcap's message for a file it could not open starts with the
           * path already ("PATH: Permission denied"): name it once. */
          const char *why = errbuf;
          gsize n = strlen (path);

          if (strncmp (why, path, n) == 0 && why[n] == ':' && why[n + 1] == ' ')
            why += n + 2;
          g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID, "%s: %s", path, why);
        }
      return NULL;
    }
  return p;
}

/* A file load is a feed (SynackPcapFileFeed): a thread of its own reads
 * and decodes, and the caller infers in its thread, so the two halves of
 * the work overlap and the trace is written by one thread, the caller's:
 * decoded segments go over in batches, a few in flight at most (bounded
 * memory). */
#define BATCH_SEGMENTS  1024
#define BATCHES_IN_FLIGHT 4

typedef struct
{
  gint64        time;
  guint64       number;   /* the frame's, as Wireshark counts them */
  SynackIpInfo  ip;
  SynackSegment seg;
  const char   *encap;   /* interned, or NULL */
  guint32       hash;    /* synack_infer_prefetch_slot()'s */
} Decoded;

/* How many segments ahead the inferring thread asks for a connection's memory. */
#define PREFETCH_AHEAD 8

typedef struct
{
  guint   n;          /* 0: the end */
  Decoded items[BATCH_SEGMENTS];
} Batch;

typedef struct
{
  SynackInfer  *infer;
  GAsyncQueue  *full;    /* Batch*: to infer */
  GAsyncQueue  *empty;   /* Batch*: to fill */
  Batch        *filling;
  gint          closed;  /* atomic: the reader has handed over its end */
} Pipeline;

static inline void
infer_decoded (SynackInfer   *infer,
               const Decoded *d)
{
  guint idx = synack_infer_add (infer, d->time, &d->ip, &d->seg);

  synack_trace_set_segment_number (synack_infer_get_trace (infer), idx, d->number);
  if (G_UNLIKELY (d->encap != NULL))
    synack_trace_set_segment_encapsulation (synack_infer_get_trace (infer), idx, d->encap);
}

/* The caller infers: it pops pl->full itself. */
static void
pipeline_start (Pipeline    *pl,
                SynackInfer *infer)
{
  pl->infer = infer;
  pl->full = g_async_queue_new ();
  pl->empty = g_async_queue_new_full (g_free);
  for (guint i = 0; i < BATCHES_IN_FLIGHT; i++)
    g_async_queue_push (pl->empty, g_new (Batch, 1));
  pl->filling = g_async_queue_pop (pl->empty);
  pl->filling->n = 0;
}

/* The slot for the next decoded segment; pipeline_commit() takes it. */
static inline Decoded *
pipeline_slot (Pipeline *pl)
{
  return &pl->filling->items[pl->filling->n];
}

static inline void
pipeline_commit (Pipeline *pl)
{
  if (++pl->filling->n == BATCH_SEGMENTS)
    {
      g_async_queue_push (pl->full, pl->filling);
      pl->filling = g_async_queue_pop (pl->empty);
      pl->filling->n = 0;
    }
}

/* Hand over what is left, and the end (a batch of none). */
static void
pipeline_close (Pipeline *pl)
{
  if (pl->filling == NULL)
    return;
  if (pl->filling->n > 0)
    {
      g_async_queue_push (pl->full, pl->filling);
      pl->filling = g_async_queue_pop (pl->empty);
    }
  pl->filling->n = 0;
  g_atomic_int_set (&pl->closed, TRUE);
  g_async_queue_push (pl->full, g_steal_pointer (&pl->filling));
}

/* A batch inferred goes back to be filled again, or once the reader has
 * ended, is freed: the last batches do not stay beside the whole trace
 * (the load's peak). */
static void
pipeline_recycle (Pipeline *pl,
                  Batch    *b)
{
  if (g_atomic_int_get (&pl->closed))
    g_free (b);
  else
    g_async_queue_push (pl->empty, b);
}

/* A capture file opened for reading, its link type and filter checked. */
typedef struct
{
  char              *path;
  char              *filter;
  pcap_t            *p;
  SynackCaptureFile *cfile;
  int                linktype;
} FileRead;

static void
file_read_close (FileRead *fr)
{
  if (fr->p != NULL)
    pcap_close (fr->p);
  fr->p = NULL;
  g_clear_pointer (&fr->cfile, synack_capture_file_free);
  g_clear_pointer (&fr->path, g_free);
  g_clear_pointer (&fr->filter, g_free);
}

static gboolean
file_read_open (FileRead            *fr,
                const char          *path,
                const char          *filter,
                SynackCaptureStats  *st,
                GError             **error)
{
  memset (fr, 0, sizeof *fr);
  fr->p = open_file (path, &fr->cfile, error);
  if (fr->p == NULL)
    return FALSE;
  fr->path = g_strdup (path);
  fr->filter = g_strdup (filter);
  fr->linktype = pcap_datalink (fr->p);
  st->linktype = fr->linktype;
  if (!synack_decode_linktype_supported (fr->linktype))
    {
      const char *name = pcap_datalink_val_to_name (fr->linktype);

      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_UNSUPPORTED,
                   _("%s: link type %d (%s) is not read by Synack; it reads %s"),
                   path, fr->linktype, name ? name : "unknown", synack_decode_linktypes_read ());
      file_read_close (fr);
      return FALSE;
    }
  if (!apply_filter (fr->p, filter, path, error))
    {
      file_read_close (fr);
      return FALSE;
    }
  return TRUE;
}

/* Read and decode every packet of the file into the pipeline, and count
 * them in st; a record cut by the end of the file goes in with what it
 * holds. Touches neither the infer nor its trace. FALSE when cancelled.
 * Closes the file. */
static gboolean
file_read_run (FileRead               *fr,
               Pipeline               *pipe,
               SynackLoadProgressFunc  progress,
               gpointer                user_data,
               GCancellable           *cancellable,
               SynackCaptureStats     *st,
               GError                **error)
{
  const char *path = fr->path;
  const char *filter = fr->filter;
  pcap_t *p = fr->p;
  SynackCaptureFile *cfile = fr->cfile;
  int linktype = fr->linktype;
  struct pcap_pkthdr *hdr;
  const u_char *data;
  FILE *fp;
  GStatBuf sb;
  double size = 0;
  guint64 number = 0;
  gboolean have_first = FALSE;
  gint64 first = 0;
  int rc;
  guint32 have, wanted;
  SynackPcapReader *reader = NULL;
  struct pcap_pkthdr rec_hdr;
  struct bpf_program prog;
  gboolean have_prog = FALSE;

  fp = pcap_file (p);
  if (g_stat (path, &sb) == 0)
    size = (double) sb.st_size;

  if (progress)
    progress (0.0, user_data);

  /* A plain pcap file is read past libpcap (SynackPcapReader); libpcap
   * reads what that leaves to it, and every other file. */
  if (cfile == NULL && fp != NULL)
    {
      reader = synack_pcap_reader_new (fileno (fp), (guint32) pcap_snapshot (p));
      if (reader != NULL && filter != NULL && *filter != '\0')
        {
          if (pcap_compile (p, &prog, filter, 1, PCAP_NETMASK_UNKNOWN) == 0)
            have_prog = TRUE;
          else
            g_clear_pointer (&reader, synack_pcap_reader_free);
        }
    }

  for (;;)
    {
      Decoded *d;

      if (reader != NULL)
        {
          if (synack_pcap_reader_next (reader, &rec_hdr, &data))
            {
              if (have_prog && pcap_offline_filter (&prog, &rec_hdr, data) == 0)
                continue;
              hdr = &rec_hdr;
            }
          else
            {
              /* libpcap reads this record (or finds the end), then the
               * reader goes on after it. */
              if (fseeko (fp, (off_t) synack_pcap_reader_offset (reader), SEEK_SET) != 0)
                {
                  int saved = errno;

                  g_set_error (&st->file_error, SYNACK_ERROR, SYNACK_ERROR_FAILED,
                               _("%s: packet %" PRIu64 ": %s"), path, number + 1,
                               g_strerror (saved));
                  rc = PCAP_ERROR_BREAK;
                  break;
                }
              rc = pcap_next_ex (p, &hdr, &data);
              if (rc < 0)
                break;
              synack_pcap_reader_set_offset (reader, (gint64) ftello (fp));
            }
        }
      else if ((rc = pcap_next_ex (p, &hdr, &data)) < 0)
        break;

      d = pipeline_slot (pipe);

      /* A filter rejecting a packet still counts it in the file's numbering;
       * pcap_next_ex only returns matches, so numbers are of matches then. */
      number++;
      st->packets++;
      d->number = number;
      if (handle_frame (st, linktype, number, hdr, data, &have_first, &first, &d->time,
                        &d->ip, &d->seg, &d->encap))
        pipeline_commit (pipe);

      if (G_UNLIKELY (number % PROGRESS_EVERY == 0))
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            {
              synack_pcap_reader_free (reader);
              if (have_prog)
                pcap_freecode (&prog);
              file_read_close (fr);
              return FALSE;
            }
          if (progress && size > 0)
            {
              gint64 at = cfile ? synack_capture_file_offset (cfile)
                                : reader != NULL ? synack_pcap_reader_offset (reader)
                                : fp != NULL ? (gint64) ftell (fp) : -1;

              if (at >= 0)
                progress (MIN (1.0, (double) at / size), user_data);
            }
        }
    }

  g_clear_pointer (&reader, synack_pcap_reader_free);
  if (have_prog)
    pcap_freecode (&prog);

  if (rc == PCAP_ERROR)
    {
      const char *msg = pcap_geterr (p);
      struct pcap_pkthdr cut;
      g_autofree guint8 *cut_data = NULL;

      /* A pcap file cut in the middle of its last record: read what it holds. */
      if (strstr (msg, "truncated") != NULL &&
          synack_capture_file_salvage_pcap (path, &cut, &cut_data, &wanted) &&
          passes_filter (p, filter, &cut, cut_data))
        {
          Decoded *d = pipeline_slot (pipe);

          /* The damage is said once, in file_error: a cut record that does
           * not hold a whole TCP header is not also a skipped packet, nor
           * counted among the packets read (each of those is counted in
           * exactly one of tcp, not_tcp, fragments and malformed). */
          number++;
          d->number = number;
          if (synack_decode_captured (linktype, cut_data, cut.caplen, cut.len, FALSE, &d->ip,
                                      &d->seg, NULL, NULL) == SYNACK_DECODE_TCP)
            {
              st->packets++;
              if (handle_frame (st, linktype, number, &cut, cut_data, &have_first, &first,
                                &d->time, &d->ip, &d->seg, &d->encap))
                pipeline_commit (pipe);
            }
          g_set_error (&st->file_error, SYNACK_ERROR, SYNACK_ERROR_TRUNCATED,
                       _("%s: packet %" PRIu64 ": truncated record: the file ends inside it "
                         "(%u of %u bytes read)"), path, number, cut.caplen, wanted);
        }
      else if (strstr (msg, "truncated") != NULL)
        g_set_error (&st->file_error, SYNACK_ERROR, SYNACK_ERROR_TRUNCATED,
                     _("%s: packet %" PRIu64 ": truncated record (%s)"),
                     path, number + 1, msg);
      else
        g_set_error (&st->file_error, SYNACK_ERROR, SYNACK_ERROR_MALFORMED,
                     _("%s: packet %" PRIu64 ": %s"), path, number + 1, msg);
    }
  else if (synack_capture_file_cut_record (cfile, &have, &wanted))
    {
      /* As above: the cut record is said once, not also as skipped. */
      if (st->skipped->len > 0 &&
          g_array_index (st->skipped, SynackSkippedPacket, st->skipped->len - 1).number == number)
        {
          g_array_set_size (st->skipped, st->skipped->len - 1);
          st->malformed--;
          st->packets--;
        }
      g_set_error (&st->file_error, SYNACK_ERROR, SYNACK_ERROR_TRUNCATED,
                 _("%s: packet %" PRIu64 ": truncated record: the file ends inside it "
                   "(%u of %u bytes read)"),
                 path, number, have, wanted);
    }
  file_read_close (fr);
  return TRUE;
}

SynackTrace *
synack_pcap_load_file (const char              *path,
                       const char              *filter,
                       SynackLoadProgressFunc   progress,
                       gpointer                 user_data,
                       GCancellable            *cancellable,
                       SynackCaptureStats      *stats,
                       GError                 **error)
{
  return synack_pcap_load_file_streaming (path, filter, progress, user_data, NULL, NULL,
                                          cancellable, stats, error);
}

static SynackTrace *
new_file_trace (const char *path)
{
  SynackTrace *trace = synack_trace_new (SYNACK_TRACE_SOURCE_FILE);
  g_autofree char *basename = g_path_get_basename (path);

  synack_trace_set_title (trace, basename);
  return trace;
}

SynackTrace *
synack_pcap_load_file_streaming (const char                *path,
                                 const char                *filter,
                                 SynackLoadProgressFunc     progress,
                                 gpointer                   user_data,
                                 SynackConnectionDoneFunc   done,
                                 gpointer                   done_data,
                                 GCancellable              *cancellable,
                                 SynackCaptureStats        *stats,
                                 GError                   **error)
{
  g_autoptr(SynackPcapFileFeed) feed = NULL;
  double shown = 0;

  g_return_val_if_fail (path != NULL, NULL);

  /* A feed: its thread reads and decodes, this one infers, so the trace is
   * made (and its memory taken) in the thread that called. */
  feed = synack_pcap_file_feed_new (path, filter, cancellable, error);
  if (feed == NULL)
    return NULL;
  synack_pcap_file_feed_set_connection_done (feed, done, done_data);
  if (progress)
    progress (0.0, user_data);
  while (synack_pcap_file_feed_step (feed, PROGRESS_EVERY, 0, G_USEC_PER_SEC))
    {
      double fraction = progress ? synack_pcap_file_feed_get_fraction (feed) : 0;

      if (fraction > shown)
        {
          shown = fraction;
          progress (fraction, user_data);
        }
    }
  if (!synack_pcap_file_feed_finish (feed, stats, error))
    return NULL;
  if (progress)
    progress (1.0, user_data);
  return g_object_ref (synack_pcap_file_feed_get_trace (feed));
}

/* ------------------------------------------------------------------ feeds */

struct _SynackPcapFileFeed
{
  FileRead            fr;
  SynackTrace        *trace;
  SynackInfer        *infer;
  Pipeline            pipe;
  GThread            *reader;
  GCancellable       *cancellable;
  Batch              *batch;      /* being inferred: the caller's */
  guint               next;       /* its next item */
  gboolean            ended;      /* the end is inferred: the reader is done */

  /* the reader's until it has ended */
  SynackCaptureStats  stats;
  GError             *error;
  gboolean            read;

  GMutex              lock;       /* fraction, between the threads */
  double              fraction;
};

static void
feed_progress (double   fraction,
               gpointer user_data)
{
  SynackPcapFileFeed *self = user_data;

  g_mutex_lock (&self->lock);
  self->fraction = fraction;
  g_mutex_unlock (&self->lock);
}

static gpointer
feed_read (gpointer data)
{
  SynackPcapFileFeed *self = data;

  self->read = file_read_run (&self->fr, &self->pipe, feed_progress, self, self->cancellable,
                              &self->stats, &self->error);
  pipeline_close (&self->pipe);
  return NULL;
}

SynackPcapFileFeed *
synack_pcap_file_feed_new (const char    *path,
                           const char    *filter,
                           GCancellable  *cancellable,
                           GError       **error)
{
  SynackPcapFileFeed *self;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_new0 (SynackPcapFileFeed, 1);
  synack_capture_stats_init (&self->stats);
  g_mutex_init (&self->lock);
  if (!file_read_open (&self->fr, path, filter, &self->stats, error))
    {
      synack_capture_stats_clear (&self->stats);
      g_mutex_clear (&self->lock);
      g_free (self);
      return NULL;
    }
  self->cancellable = cancellable != NULL ? g_object_ref (cancellable) : g_cancellable_new ();
  self->trace = new_file_trace (path);
  self->infer = synack_infer_new (self->trace);
  pipeline_start (&self->pipe, self->infer);
  self->reader = g_thread_new ("synack-read", feed_read, self);
  return self;
}

SynackTrace *
synack_pcap_file_feed_get_trace (SynackPcapFileFeed *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->trace;
}

void
synack_pcap_file_feed_set_connection_done (SynackPcapFileFeed       *self,
                                           SynackConnectionDoneFunc  done,
                                           gpointer                  user_data)
{
  g_return_if_fail (self != NULL);
  synack_infer_set_connection_done (self->infer, done, user_data);
}

double
synack_pcap_file_feed_get_fraction (SynackPcapFileFeed *self)
{
  double fraction;

  g_return_val_if_fail (self != NULL, 0);
  /* the whole file, unless the reading stopped short */
  if (self->ended && self->read)
    return 1;
  g_mutex_lock (&self->lock);
  fraction = self->fraction;
  g_mutex_unlock (&self->lock);
  return fraction;
}

/* A reader still going is stopped (cancel first): it may wait for an
 * empty batch, so batches go back to it, uninferred, until its end. */
static void
feed_drain (SynackPcapFileFeed *self)
{
  if (self->batch != NULL)
    pipeline_recycle (&self->pipe, g_steal_pointer (&self->batch));
  for (;;)
    {
      Batch *b = g_async_queue_pop (self->pipe.full);
      guint n = b->n;

      pipeline_recycle (&self->pipe, b);
      if (n == 0)
        break;
    }
}

/* The reader ended and its end is inferred: wrap up the connections still open. */
static void
feed_end (SynackPcapFileFeed *self)
{
  self->ended = TRUE;
  g_thread_join (g_steal_pointer (&self->reader));
  synack_infer_finish (self->infer);
}

gboolean
synack_pcap_file_feed_step (SynackPcapFileFeed *self,
                            guint               max_segments,
                            gint64              max_usec,
                            gint64              wait_usec)
{
  gint64 until = max_usec > 0 ? g_get_monotonic_time () + max_usec : G_MAXINT64;
  guint done = 0;

  g_return_val_if_fail (self != NULL, FALSE);

  /* Cancelled: what is decoded and not yet inferred is dropped. */
  if (!self->ended && g_cancellable_is_cancelled (self->cancellable))
    {
      feed_drain (self);
      feed_end (self);
      if (self->read)
        {
          self->read = FALSE;
          g_cancellable_set_error_if_cancelled (self->cancellable, &self->error);
        }
      return FALSE;
    }
  while (!self->ended)
    {
      if (self->batch == NULL)
        {
          /* only the first wait may be long: after that, what is there */
          self->batch = done == 0 && wait_usec > 0
                        ? g_async_queue_timeout_pop (self->pipe.full, wait_usec)
                        : g_async_queue_try_pop (self->pipe.full);
          self->next = 0;
          if (self->batch == NULL)
            break;
          if (self->batch->n == 0)
            {
              pipeline_recycle (&self->pipe, g_steal_pointer (&self->batch));
              feed_end (self);
              break;
            }
          /* The connections of the segments ahead are asked for early: the
           * table slot PREFETCH_AHEAD segments before, the track half that. */
          for (guint i = 0; i < MIN (self->batch->n, PREFETCH_AHEAD); i++)
            self->batch->items[i].hash = synack_infer_prefetch_slot (self->infer,
                                                                     &self->batch->items[i].ip,
                                                                     &self->batch->items[i].seg);
        }
      while (self->next < self->batch->n)
        {
          Batch *b = self->batch;
          guint i = self->next++;

          if (i + PREFETCH_AHEAD < b->n)
            b->items[i + PREFETCH_AHEAD].hash =
              synack_infer_prefetch_slot (self->infer, &b->items[i + PREFETCH_AHEAD].ip,
                                          &b->items[i + PREFETCH_AHEAD].seg);
          if (i + PREFETCH_AHEAD / 2 < b->n)
            synack_infer_prefetch_track (self->infer, b->items[i + PREFETCH_AHEAD / 2].hash);
          infer_decoded (self->infer, &b->items[i]);
          done++;
          if ((max_segments > 0 && done >= max_segments) ||
              ((done & 255) == 0 && g_get_monotonic_time () >= until))
            break;
        }
      if (self->next == self->batch->n)
        pipeline_recycle (&self->pipe, g_steal_pointer (&self->batch));
      if ((max_segments > 0 && done >= max_segments) || g_get_monotonic_time () >= until)
        break;
    }
  return !self->ended;
}

gboolean
synack_pcap_file_feed_finish (SynackPcapFileFeed  *self,
                              SynackCaptureStats  *stats,
                              GError             **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (self->ended, FALSE);

  if (stats != NULL)
    {
      if (stats->skipped != NULL)
        synack_capture_stats_clear (stats);
      *stats = self->stats;
      synack_capture_stats_init (&self->stats);
    }
  if (!self->read)
    {
      g_propagate_error (error, g_steal_pointer (&self->error));
      return FALSE;
    }
  return TRUE;
}

void
synack_pcap_file_feed_free (SynackPcapFileFeed *self)
{
  if (self == NULL)
    return;
  if (!self->ended)
    {
      g_cancellable_cancel (self->cancellable);
      feed_drain (self);
      g_thread_join (g_steal_pointer (&self->reader));
    }
  g_clear_pointer (&self->pipe.full, g_async_queue_unref);
  g_clear_pointer (&self->pipe.empty, g_async_queue_unref);
  file_read_close (&self->fr);
  g_clear_pointer (&self->infer, synack_infer_free);
  g_clear_object (&self->trace);
  g_clear_object (&self->cancellable);
  g_clear_error (&self->error);
  synack_capture_stats_clear (&self->stats);
  g_mutex_clear (&self->lock);
  g_free (self);
}

typedef struct
{
  char                   *path;
  char                   *filter;
  SynackLoadProgressFunc  progress;
  gpointer                user_data;
  GMainContext           *context;
  SynackCaptureStats      stats;
  GMutex                  lock;
  double                  pending;   /* latest fraction not yet delivered, or < 0 */
} LoadData;

static void
load_data_free (gpointer p)
{
  LoadData *d = p;

  g_free (d->path);
  g_free (d->filter);
  g_main_context_unref (d->context);
  synack_capture_stats_clear (&d->stats);
  g_mutex_clear (&d->lock);
  g_free (d);
}

typedef struct
{
  GTask *task;
} ProgressCall;

static gboolean
deliver_progress (gpointer p)
{
  GTask *task = p;
  LoadData *d = g_task_get_task_data (task);
  double fraction;

  g_mutex_lock (&d->lock);
  fraction = d->pending;
  d->pending = -1;
  g_mutex_unlock (&d->lock);
  if (fraction >= 0 && d->progress)
    d->progress (fraction, d->user_data);
  return G_SOURCE_REMOVE;
}

static void
thread_progress (double   fraction,
                 gpointer user_data)
{
  GTask *task = user_data;
  LoadData *d = g_task_get_task_data (task);
  gboolean schedule;

  g_mutex_lock (&d->lock);
  schedule = d->pending < 0;
  d->pending = fraction;
  g_mutex_unlock (&d->lock);
  /* At most one delivery in flight: a slow main loop sees the latest value. */
  if (schedule)
    run_in_context (d->context, deliver_progress, g_object_ref (task), g_object_unref);
}

static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *d = task_data;
  GError *error = NULL;
  SynackTrace *trace;

  trace = synack_pcap_load_file (d->path, d->filter, d->progress ? thread_progress : NULL, task,
                                 cancellable, &d->stats, &error);
  if (trace == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, trace, g_object_unref);
}

void
synack_pcap_load_file_async (const char             *path,
                             const char             *filter,
                             SynackLoadProgressFunc  progress,
                             gpointer                user_data,
                             GCancellable           *cancellable,
                             GAsyncReadyCallback     callback,
                             gpointer                callback_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *d;

  d = g_new0 (LoadData, 1);
  d->path = g_strdup (path);
  d->filter = g_strdup (filter);
  d->progress = progress;
  d->user_data = user_data;
  d->context = g_main_context_ref_thread_default ();
  d->pending = -1;
  g_mutex_init (&d->lock);
  synack_capture_stats_init (&d->stats);

  task = g_task_new (NULL, cancellable, callback, callback_data);
  g_task_set_source_tag (task, synack_pcap_load_file_async);
  g_task_set_task_data (task, d, load_data_free);
  g_task_run_in_thread (task, load_thread);
}

SynackTrace *
synack_pcap_load_file_finish (GAsyncResult        *result,
                              SynackCaptureStats  *stats,
                              GError             **error)
{
  LoadData *d;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  d = g_task_get_task_data (G_TASK (result));
  if (stats != NULL)
    {
      *stats = d->stats;
      synack_capture_stats_init (&d->stats);
    }
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------- interfaces */

void
synack_interface_free (SynackInterface *iface)
{
  if (iface == NULL)
    return;
  g_free (iface->name);
  g_free (iface->description);
  g_free (iface);
}

GPtrArray *
synack_pcap_list_interfaces (GError **error)
{
  char errbuf[PCAP_ERRBUF_SIZE] = "";
  pcap_if_t *all = NULL;
  GPtrArray *list;

  if (pcap_findalldevs (&all, errbuf) != 0)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_FAILED,
                   _("cannot list capture interfaces: %s"), errbuf);
      return NULL;
    }
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) synack_interface_free);
  for (pcap_if_t *i = all; i != NULL; i = i->next)
    {
      SynackInterface *iface = g_new0 (SynackInterface, 1);

      iface->name = g_strdup (i->name);
      iface->description = g_strdup (i->description);
      iface->up = (i->flags & PCAP_IF_UP) != 0;
      iface->running = (i->flags & PCAP_IF_RUNNING) != 0;
      iface->loopback = (i->flags & PCAP_IF_LOOPBACK) != 0;
      g_ptr_array_add (list, iface);
    }
  pcap_freealldevs (all);
  return list;
}

/* ------------------------------------------------------------------- live */

typedef struct
{
  gint64        time;
  guint64       number;
  SynackIpInfo  ip;
  SynackSegment seg;
} LiveItem;

typedef struct
{
  SynackPcapSource *source;    /* strong */
  GArray           *items;     /* LiveItem */
  GArray           *skipped;   /* SynackSkippedPacket */
  guint64           packets, not_tcp, fragments, malformed;
  guint64           received, dropped, if_dropped;
  guint64           read;      /* packets read so far, this batch's included */
  gboolean          last;
  GError           *error;
} LiveBatch;

struct _SynackPcapSource
{
  GObject             parent_instance;

  char               *iface;
  pcap_t             *pcap;
  int                 linktype;
  SynackTrace        *trace;
  SynackInfer        *infer;
  SynackLiveBudget   *budget;
  SynackCaptureStats  stats;
  GError             *error;
  GMainContext       *context;
  GThread            *thread;
  gint                stop_requested;   /* atomic */
  gint                in_flight;        /* atomic: batches sent, not yet appended */
  guint64             max_packets;
  SynackLiveSpool    *spool;           /* the packets, for save (or the -w file) */
  gboolean            output_set;      /* set_output() chose instead of a spool */
  int                 output_fd;
  char               *output_name;
  gboolean            running;
  gboolean            stopped_emitted;
  /* a replay: the file, its filter, the passes over it and the pace */
  char               *replay_path;
  char               *replay_filter;
  guint               replay_passes;
  guint               replay_rate;

  /* Worker-thread only. */
  gint64              replay_shift;     /* ns added to this pass's times */
  gint64              replay_last;      /* ns: the latest time read */
  gint64              replay_first;     /* ns: the first time of this pass, or -1 */
  guint               replay_pass;      /* from 1 */
  gint64              replay_started;   /* monotonic µs */
  LiveBatch          *batch;
  guint64             thread_count;
  gboolean            have_first;
  gint64              first_time;
};

G_DEFINE_FINAL_TYPE (SynackPcapSource, synack_pcap_source, G_TYPE_OBJECT)

enum
{
  SIGNAL_BATCH_ADDED,
  SIGNAL_STOPPED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
live_batch_free (LiveBatch *b)
{
  g_atomic_int_dec_and_test (&b->source->in_flight);
  g_clear_object (&b->source);
  g_array_unref (b->items);
  g_array_unref (b->skipped);
  g_clear_error (&b->error);
  g_free (b);
}

static LiveBatch *
live_batch_new (SynackPcapSource *self)
{
  LiveBatch *b = g_new0 (LiveBatch, 1);

  b->source = g_object_ref (self);
  b->items = g_array_sized_new (FALSE, FALSE, sizeof (LiveItem), 64);
  b->skipped = g_array_new (FALSE, FALSE, sizeof (SynackSkippedPacket));
  return b;
}

static void
synack_pcap_source_finalize (GObject *object)
{
  SynackPcapSource *self = SYNACK_PCAP_SOURCE (object);

  /* A running capture holds a reference to itself: no thread is left here. */
  g_clear_pointer (&self->budget, synack_live_budget_free);
  g_clear_pointer (&self->infer, synack_infer_free);
  g_clear_object (&self->trace);
  g_free (self->replay_path);
  g_free (self->replay_filter);
  g_clear_pointer (&self->spool, synack_live_spool_free);
  if (self->output_fd >= 0)
    close (self->output_fd);
  g_free (self->output_name);
  if (self->pcap)
    pcap_close (self->pcap);
  synack_capture_stats_clear (&self->stats);
  g_clear_error (&self->error);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->iface);

  G_OBJECT_CLASS (synack_pcap_source_parent_class)->finalize (object);
}

static void
synack_pcap_source_class_init (SynackPcapSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = synack_pcap_source_finalize;

  signals[SIGNAL_BATCH_ADDED] =
    g_signal_new ("batch-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[SIGNAL_STOPPED] =
    g_signal_new ("stopped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
synack_pcap_source_init (SynackPcapSource *self)
{
  synack_capture_stats_init (&self->stats);
  self->output_fd = -1;
}

static char *
self_exe (void)
{
  char *exe = g_file_read_link ("/proc/self/exe", NULL);

  return exe ? exe : g_strdup ("synack-cli");
}

SynackPcapSource *
synack_pcap_source_new_live (const char  *iface,
                             const char  *filter,
                             GError     **error)
{
  g_autoptr(SynackPcapSource) self = NULL;
  char errbuf[PCAP_ERRBUF_SIZE] = "";
  int rc;

  g_return_val_if_fail (iface != NULL, NULL);

  self = g_object_new (SYNACK_TYPE_PCAP_SOURCE, NULL);
  self->iface = g_strdup (iface);
  self->pcap = pcap_create (iface, errbuf);
  if (self->pcap == NULL)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID,
                   _("cannot capture on “%s”: %s"), iface, errbuf);
      return NULL;
    }
  /* Not immediate mode: that makes libpcap use TPACKET_V2, one ring slot of
   * the snaplen a packet (32 MiB held ~500 packets: a flood on lo overflowed
   * it whenever the reader thread was descheduled for a few ms). TPACKET_V3
   * packs packets by their real size into blocks handed over when full or
   * after the timeout: 20 ms is still live to the eye. */
  pcap_set_snaplen (self->pcap, LIVE_SNAPLEN);
  pcap_set_buffer_size (self->pcap, LIVE_BUFFER_SIZE);
  pcap_set_promisc (self->pcap, 0);
  pcap_set_timeout (self->pcap, 20);
  pcap_set_immediate_mode (self->pcap, 0);
  pcap_set_tstamp_precision (self->pcap, PCAP_TSTAMP_PRECISION_NANO);

  rc = pcap_activate (self->pcap);
  if (rc == PCAP_ERROR_PERM_DENIED || rc == PCAP_ERROR_PROMISC_PERM_DENIED)
    {
      g_autofree char *exe = self_exe ();

      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_PERMISSION,
                   _("no permission to capture on “%s”: live capture needs CAP_NET_RAW; "
                     "give it to the program once with “sudo setcap cap_net_raw+ep %s” "
                     "(rather than running it with sudo)"),
                   iface, exe);
      return NULL;
    }
  if (rc == PCAP_ERROR_NO_SUCH_DEVICE)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID,
                   _("no interface called “%s” (see “synack-cli capture --list-interfaces”)"),
                   iface);
      return NULL;
    }
  if (rc < 0)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_FAILED,
                   _("cannot capture on “%s”: %s"), iface, pcap_geterr (self->pcap));
      return NULL;
    }
  if (pcap_setnonblock (self->pcap, 0, errbuf) != 0)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_FAILED, "%s: %s", iface, errbuf);
      return NULL;
    }

  self->linktype = pcap_datalink (self->pcap);
  self->stats.linktype = self->linktype;
  if (!synack_decode_linktype_supported (self->linktype))
    {
      const char *name = pcap_datalink_val_to_name (self->linktype);

      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_UNSUPPORTED,
                   _("%s: link type %d (%s) is not supported"), iface, self->linktype,
                   name ? name : "unknown");
      return NULL;
    }
  if (!apply_filter (self->pcap, filter, iface, error))
    return NULL;

  self->trace = synack_trace_new (SYNACK_TRACE_SOURCE_LIVE);
  synack_trace_set_title (self->trace, iface);
  self->infer = synack_infer_new (self->trace);
  self->budget = synack_live_budget_new (self->trace, self->infer, SYNACK_LIVE_BUDGET_DEFAULT);
  return g_steal_pointer (&self);
}

static pcap_t *
open_replay (const char  *path,
             const char  *filter,
             GError     **error)
{
  char errbuf[PCAP_ERRBUF_SIZE] = "";
  pcap_t *p = pcap_open_offline_with_tstamp_precision (path, PCAP_TSTAMP_PRECISION_NANO, errbuf);

  if (p == NULL)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID, _("%s: cannot replay: %s"),
                   path, errbuf);
      return NULL;
    }
  if (!apply_filter (p, filter, path, error))
    {
      pcap_close (p);
      return NULL;
    }
  return p;
}

SynackPcapSource *
synack_pcap_source_new_replay (const char  *path,
                               const char  *filter,
                               guint        passes,
                               guint        rate,
                               GError     **error)
{
  g_autoptr(SynackPcapSource) self = NULL;
  g_autofree char *base = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (SYNACK_TYPE_PCAP_SOURCE, NULL);
  self->pcap = open_replay (path, filter, error);
  if (self->pcap == NULL)
    return NULL;
  self->linktype = pcap_datalink (self->pcap);
  self->stats.linktype = self->linktype;
  if (!synack_decode_linktype_supported (self->linktype))
    {
      const char *name = pcap_datalink_val_to_name (self->linktype);

      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_UNSUPPORTED,
                   _("%s: link type %d (%s) is not supported"), path, self->linktype,
                   name ? name : "unknown");
      return NULL;
    }
  base = g_path_get_basename (path);
  self->iface = g_strdup (base);
  self->replay_path = g_strdup (path);
  self->replay_filter = g_strdup (filter);
  self->replay_passes = MAX (passes, 1);
  self->replay_rate = rate;
  self->trace = synack_trace_new (SYNACK_TRACE_SOURCE_LIVE);
  synack_trace_set_title (self->trace, base);
  self->infer = synack_infer_new (self->trace);
  self->budget = synack_live_budget_new (self->trace, self->infer, SYNACK_LIVE_BUDGET_DEFAULT);
  return g_steal_pointer (&self);
}

void
synack_pcap_source_set_memory_budget (SynackPcapSource *self,
                                      guint64           bytes)
{
  g_return_if_fail (SYNACK_IS_PCAP_SOURCE (self));
  synack_live_budget_set_limit (self->budget, bytes);
}

guint64
synack_pcap_source_get_memory_budget (SynackPcapSource *self)
{
  g_return_val_if_fail (SYNACK_IS_PCAP_SOURCE (self), 0);
  return synack_live_budget_get_limit (self->budget);
}

SynackTrace *
synack_pcap_source_get_trace (SynackPcapSource *self)
{
  g_return_val_if_fail (SYNACK_IS_PCAP_SOURCE (self), NULL);
  return self->trace;
}

SynackInfer *
synack_pcap_source_get_infer (SynackPcapSource *self)
{
  g_return_val_if_fail (SYNACK_IS_PCAP_SOURCE (self), NULL);
  return self->infer;
}

void
synack_pcap_source_set_max_packets (SynackPcapSource *self,
                                    guint64           n)
{
  g_return_if_fail (SYNACK_IS_PCAP_SOURCE (self));
  self->max_packets = n;
}

gboolean
synack_pcap_source_is_running (SynackPcapSource *self)
{
  g_return_val_if_fail (SYNACK_IS_PCAP_SOURCE (self), FALSE);
  return self->running;
}

const SynackCaptureStats *
synack_pcap_source_get_stats (SynackPcapSource *self)
{
  g_return_val_if_fail (SYNACK_IS_PCAP_SOURCE (self), NULL);
  return &self->stats;
}

const GError *
synack_pcap_source_get_error (SynackPcapSource *self)
{
  g_return_val_if_fail (SYNACK_IS_PCAP_SOURCE (self), NULL);
  return self->error;
}

/* Main context: append a batch. */
static gboolean
apply_batch (gpointer data)
{
  LiveBatch *b = data;
  SynackPcapSource *self = b->source;
  guint first = synack_trace_get_n_events (self->trace);

  if (self->infer == NULL)
    return G_SOURCE_REMOVE;

  for (guint i = 0; i < b->items->len; i++)
    {
      LiveItem *it = &g_array_index (b->items, LiveItem, i);

      /* a late segment of a connection the budget let go */
      if (synack_live_budget_take_straggler (self->budget,
                                             it->time - synack_trace_get_origin (self->trace),
                                             &it->ip, &it->seg))
        continue;
      /* the frame's number, as Wireshark counts them */
      synack_trace_set_segment_number (self->trace,
                                       synack_infer_add (self->infer, it->time, &it->ip, &it->seg),
                                       it->number);
      if (self->spool != NULL)
        synack_live_spool_keep (self->spool, it->number);
    }
  for (guint i = 0; i < b->skipped->len; i++)
    {
      SynackSkippedPacket *s = &g_array_index (b->skipped, SynackSkippedPacket, i);

      if (self->stats.skipped->len < SYNACK_CAPTURE_MAX_SKIPPED_KEPT)
        g_array_append_val (self->stats.skipped, *s);
      else
        g_free (s->reason);
    }
  g_array_set_size (b->skipped, 0);
  self->stats.packets += b->packets;
  self->stats.tcp += b->items->len;
  self->stats.not_tcp += b->not_tcp;
  self->stats.fragments += b->fragments;
  self->stats.malformed += b->malformed;
  if (b->received || b->dropped || b->if_dropped)
    {
      self->stats.received = b->received;
      self->stats.dropped = b->dropped;
      self->stats.if_dropped = b->if_dropped;
    }

  synack_trace_commit (self->trace);
  g_object_ref (self);
  if (synack_trace_get_n_events (self->trace) > first)
    g_signal_emit (self, signals[SIGNAL_BATCH_ADDED], 0, first);
  /* after the batch was seen (printed, drawn): then the budget may let go */
  synack_live_budget_enforce (self->budget);
  if (self->spool != NULL)
    synack_live_spool_collect (self->spool, b->read + 1);
  self->stats.budget_connections = synack_live_budget_get_dropped_connections (self->budget);
  self->stats.budget_packets = synack_live_budget_get_dropped_packets (self->budget);
  self->stats.budget_used = synack_live_budget_get_memory_size (self->budget);
  self->stats.budget_over = synack_live_budget_is_over (self->budget);
  self->stats.budget_over_max = synack_live_budget_get_over_max (self->budget);

  if (b->last)
    {
      if (b->error && self->error == NULL)
        self->error = g_steal_pointer (&b->error);
      if (self->thread)
        {
          g_thread_join (self->thread);
          self->thread = NULL;
        }
      self->running = FALSE;
      synack_infer_finish (self->infer);
      synack_trace_commit (self->trace);
      synack_trace_set_live (self->trace, FALSE);
      if (!self->stopped_emitted)
        {
          self->stopped_emitted = TRUE;
          g_signal_emit (self, signals[SIGNAL_STOPPED], 0);
        }
      g_object_unref (self);  /* the reference start() took */
    }
  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

static void
send_batch (SynackPcapSource *self,
            gboolean          last)
{
  LiveBatch *b = self->batch;
  struct pcap_stat ps;

  if (self->replay_path == NULL && pcap_stats (self->pcap, &ps) == 0)
    {
      b->received = ps.ps_recv;
      b->dropped = ps.ps_drop;
      b->if_dropped = ps.ps_ifdrop;
    }
  b->last = last;
  b->read = self->thread_count;
  g_atomic_int_inc (&self->in_flight);
  self->batch = last ? NULL : live_batch_new (self);
  run_in_context (self->context, apply_batch, b, (GDestroyNotify) live_batch_free);
}

static void
live_packet (u_char                   *user,
             const struct pcap_pkthdr *h,
             const u_char             *bytes)
{
  SynackPcapSource *self = (SynackPcapSource *) user;
  LiveBatch *b = self->batch;
  LiveItem item;
  GError *error = NULL;
  char *reason = NULL;
  guint64 number = ++self->thread_count;
  struct pcap_pkthdr shifted;

  if (self->replay_path != NULL)
    {
      gint64 t = (gint64) h->ts.tv_sec * SYNACK_NSEC_PER_SEC + h->ts.tv_usec + self->replay_shift;

      self->replay_last = MAX (self->replay_last, t);
      if (self->replay_first < 0)
        self->replay_first = t;
      shifted = *h;
      shifted.ts.tv_sec = t / SYNACK_NSEC_PER_SEC;
      shifted.ts.tv_usec = t % SYNACK_NSEC_PER_SEC;
      h = &shifted;
    }
  if (self->spool != NULL)
    synack_live_spool_write (self->spool, number, h->ts.tv_sec, (guint32) h->ts.tv_usec,
                             h->caplen, h->len, bytes);

  b->packets++;
  if (h->caplen > h->len)
    {
      SynackSkippedPacket s = { number, g_strdup_printf ("captured length %u is greater than "
                                                         "the packet length %u", h->caplen, h->len) };
      b->malformed++;
      g_array_append_val (b->skipped, s);
    }
  else if (!header_time_ns (h, &self->have_first, &self->first_time, &item.time, &reason))
    {
      SynackSkippedPacket s = { number, g_steal_pointer (&reason) };

      b->malformed++;
      g_array_append_val (b->skipped, s);
    }
  else
    {
      switch (synack_decode_captured (self->linktype, bytes, h->caplen, h->len, FALSE, &item.ip,
                                      &item.seg, NULL, &error))
        {
        case SYNACK_DECODE_TCP:
          item.number = number;
          if (self->replay_pass > 1)
            {
              /* a further pass's connections are new ones, as a longer
               * capture's would be: other addresses, the same traffic */
              item.ip.src.bytes[1] ^= (guint8) (self->replay_pass - 1);
              item.ip.dst.bytes[1] ^= (guint8) (self->replay_pass - 1);
            }
          g_array_append_val (b->items, item);
          break;
        case SYNACK_DECODE_NOT_TCP:
          b->not_tcp++;
          break;
        case SYNACK_DECODE_FRAGMENT:
          b->fragments++;
          break;
        default:
          {
            SynackSkippedPacket s = { number, g_strdup (error ? error->message : "malformed") };

            b->malformed++;
            g_array_append_val (b->skipped, s);
          }
          break;
        }
      g_clear_error (&error);
    }

  if (self->max_packets && number >= self->max_packets)
    {
      g_atomic_int_set (&self->stop_requested, 1);
      pcap_breakloop (self->pcap);
    }
}

/* The reading thread: the batch's packets are written before it is handed
 * over. When they cannot be, they are not handed over either: the trace
 * holds what the files do. */
static gboolean
spool_flush (SynackPcapSource  *self,
             GError           **error)
{
  LiveBatch *b = self->batch;

  if (self->spool == NULL || synack_live_spool_flush (self->spool, error))
    return TRUE;
  g_array_set_size (b->items, 0);
  for (guint i = 0; i < b->skipped->len; i++)
    g_free (g_array_index (b->skipped, SynackSkippedPacket, i).reason);
  g_array_set_size (b->skipped, 0);
  b->packets = b->not_tcp = b->fragments = b->malformed = 0;
  return FALSE;
}

static gpointer
live_thread (gpointer data)
{
  SynackPcapSource *self = data;
  GError *error = NULL;
  guint pass = 1;

  self->replay_pass = 1;
  self->replay_first = -1;
  self->replay_started = g_get_monotonic_time ();
  while (!g_atomic_int_get (&self->stop_requested))
    {
      int rc = pcap_dispatch (self->pcap, 256, live_packet, (u_char *) self);

      if (rc == PCAP_ERROR)
        {
          g_set_error (&error, SYNACK_ERROR, SYNACK_ERROR_FAILED,
                       _("capture on “%s” failed: %s"), self->iface, pcap_geterr (self->pcap));
          break;
        }
      if (self->replay_path != NULL)
        {
          if (rc == 0)
            {
              /* the end of the file: the next pass, its times after this one's */
              pcap_t *again;

              if (pass >= self->replay_passes ||
                  (again = open_replay (self->replay_path, self->replay_filter, &error)) == NULL)
                break;
              pcap_close (self->pcap);
              self->pcap = again;
              if (self->replay_first >= 0)
                self->replay_shift += self->replay_last - self->replay_first + SYNACK_NSEC_PER_SEC;
              self->replay_first = -1;
              self->replay_pass = ++pass;
            }
          /* a file reads faster than the main thread appends: wait for it */
          while (g_atomic_int_get (&self->in_flight) > 4 &&
                 !g_atomic_int_get (&self->stop_requested))
            g_usleep (500);
          if (rc != 0 && self->replay_rate > 0)
            {
              /* paced: packet n leaves at n / rate seconds */
              gint64 due = self->replay_started +
                           (gint64) (self->thread_count * G_USEC_PER_SEC / self->replay_rate);
              gint64 now = g_get_monotonic_time ();

              if (due > now)
                g_usleep (due - now);
            }
        }
      /* what is handed over is on disk first */
      if (!spool_flush (self, &error))
        break;
      if (self->batch->items->len > 0 || self->batch->skipped->len > 0 ||
          self->batch->packets > 0)
        send_batch (self, FALSE);
    }
  if (error == NULL)
    spool_flush (self, &error);
  if (self->spool != NULL)
    synack_live_spool_close (self->spool);
  self->batch->error = error;
  send_batch (self, TRUE);
  return NULL;
}

gboolean
synack_pcap_source_start (SynackPcapSource  *self,
                          GError           **error)
{
  g_return_val_if_fail (SYNACK_IS_PCAP_SOURCE (self), FALSE);
  g_return_val_if_fail (self->thread == NULL && !self->running, FALSE);

  if (self->stopped_emitted)
    {
      g_set_error_literal (error, SYNACK_ERROR, SYNACK_ERROR_FAILED,
                           _("a stopped capture cannot be restarted"));
      return FALSE;
    }

  if (self->output_set && self->output_fd >= 0)
    {
      self->spool = synack_live_spool_new_for_fd (self->output_fd, self->output_name,
                                                  self->linktype,
                                                  (guint) pcap_snapshot (self->pcap));
      self->output_fd = -1;
    }
  else if (!self->output_set)
    {
      self->spool = synack_live_spool_new (NULL, self->linktype,
                                           (guint) pcap_snapshot (self->pcap), error);
      if (self->spool == NULL)
        return FALSE;
      synack_live_budget_set_spool (self->budget, self->spool);
    }
  self->context = g_main_context_ref_thread_default ();
  self->batch = live_batch_new (self);
  self->running = TRUE;
  synack_trace_set_live (self->trace, TRUE);
  /* The running capture keeps itself alive; its last batch lets go. */
  g_object_ref (self);
  self->thread = g_thread_new ("synack-capture", live_thread, self);
  return TRUE;
}

void
synack_pcap_source_stop (SynackPcapSource *self)
{
  g_return_if_fail (SYNACK_IS_PCAP_SOURCE (self));

  if (self->thread == NULL)
    return;
  g_atomic_int_set (&self->stop_requested, 1);
  /* A replay looks at the flag between reads, and changes its handle at
   * the end of each pass: not to be touched from here. */
  if (self->replay_path == NULL)
    pcap_breakloop (self->pcap);
  /* Deliver what the thread still has, ending with its last batch. */
  while (self->thread != NULL)
    g_main_context_iteration (self->context, TRUE);
}

void
synack_pcap_source_set_output (SynackPcapSource *self,
                               int               fd,
                               const char       *name)
{
  g_return_if_fail (SYNACK_IS_PCAP_SOURCE (self));
  g_return_if_fail (self->thread == NULL && self->spool == NULL);

  if (self->output_fd >= 0)
    close (self->output_fd);
  self->output_set = TRUE;
  self->output_fd = fd;
  g_free (self->output_name);
  self->output_name = g_strdup (name);
}

gboolean
synack_pcap_source_save (SynackPcapSource  *self,
                         const char        *path,
                         GError           **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (SYNACK_IS_PCAP_SOURCE (self), FALSE);

  if (self->spool == NULL || synack_live_spool_get_dir (self->spool) == NULL)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_FAILED,
                   _("%s: nothing captured was kept to save"), path);
      return FALSE;
    }
  file = g_file_new_for_path (path);
  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &local);
  if (out == NULL)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_FAILED,
                   _("%s: cannot write the capture: %s"), path, local->message);
      return FALSE;
    }
  return synack_live_spool_save (self->spool, G_OUTPUT_STREAM (out), path, error);
}

const char *
synack_pcap_source_get_spool_dir (SynackPcapSource *self)
{
  g_return_val_if_fail (SYNACK_IS_PCAP_SOURCE (self), NULL);
  return self->spool != NULL ? synack_live_spool_get_dir (self->spool) : NULL;
}

guint64
synack_pcap_source_get_spool_size (SynackPcapSource *self)
{
  g_return_val_if_fail (SYNACK_IS_PCAP_SOURCE (self), 0);
  return self->spool != NULL ? synack_live_spool_get_disk_size (self->spool) : 0;
}
