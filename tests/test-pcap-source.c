/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Capture files (pcap, pcapng, nanoseconds, broken ones), filters, progress,
 * cancellation, the threaded loader, and live capture on loopback. */
#include "config.h"

#include <gio/gio.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "synack-capture-file.h"
#include "synack-error.h"
#include "synack-pcap-source.h"
#include "synack-privileges.h"
#include "synack-test-utils.h"

static char *
fixture (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "capture", name, NULL);
}

static void
test_nanoseconds (void)
{
  static const struct { const char *file; gint64 origin_ns; gint64 step; } cases[] = {
    { "nanosecond.pcap", G_GINT64_CONSTANT (1700000000123456789), 1001 },
    { "nanosecond.pcapng", G_GINT64_CONSTANT (1700000000987654321), 7 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = fixture (cases[i].file);
      g_autoptr(GError) error = NULL;
      g_autoptr(SynackTrace) trace = synack_pcap_load_file (path, NULL, NULL, NULL, NULL, NULL,
                                                            &error);
      GArray *segs;

      g_assert_no_error (error);
      g_assert_cmpint (synack_trace_get_source (trace), ==, SYNACK_TRACE_SOURCE_FILE);
      g_assert_cmpstr (synack_trace_get_title (trace), ==, cases[i].file);
      g_assert_cmpint (synack_trace_get_origin (trace), ==, cases[i].origin_ns);
      segs = synack_trace_segments_between (trace, G_MAXUINT, G_MININT64, G_MAXINT64);
      g_assert_cmpuint (segs->len, ==, 8);
      for (guint s = 0; s < segs->len; s++)
        g_assert_cmpint (synack_trace_get_event_time (trace, g_array_index (segs, guint, s)), ==,
                         s * cases[i].step);
      g_array_unref (segs);
    }
}

static void
test_malformed_packets (void)
{
  g_autofree char *path = fixture ("malformed.pcap");
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackTrace) trace = NULL;
  SynackCaptureStats stats;
  static const struct { guint64 number; const char *reason; } expect[] = {
    { 3, "bad IPv4 header length 12" },
    { 4, "truncated IPv4 header: 12 of 20 bytes" },
    { 7, "captured length 40 is greater than the packet length 30" },
    { 9, "TCP data offset" },
  };

  synack_capture_stats_init (&stats);
  trace = synack_pcap_load_file (path, NULL, NULL, NULL, NULL, &stats, &error);
  g_assert_no_error (error);
  g_assert_null (stats.file_error);
  g_assert_cmpuint (stats.packets, ==, 14);
  g_assert_cmpuint (stats.tcp, ==, 8);
  g_assert_cmpuint (stats.not_tcp, ==, 1);     /* the UDP datagram */
  g_assert_cmpuint (stats.fragments, ==, 1);   /* a fragment at offset 128 */
  g_assert_cmpuint (stats.malformed, ==, 4);
  g_assert_cmpuint (stats.skipped->len, ==, 4);
  for (guint i = 0; i < G_N_ELEMENTS (expect); i++)
    {
      SynackSkippedPacket *s = &g_array_index (stats.skipped, SynackSkippedPacket, i);

      g_test_message ("packet %" G_GUINT64_FORMAT ": %s", s->number, s->reason);
      g_assert_cmpuint (s->number, ==, expect[i].number);
      g_assert_nonnull (strstr (s->reason, expect[i].reason));
    }
  /* The good packets make the whole connection. */
  g_assert_cmpuint (synack_trace_get_n_segments (trace), ==, 8);
  g_assert_cmpstr (synack_trace_get_connection (trace, 0)->summary, ==, "SF");
  synack_capture_stats_clear (&stats);
}

static void
test_truncated_file (void)
{
  g_autofree char *path = fixture ("truncated-packet.pcap");
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackTrace) trace = NULL;
  SynackCaptureStats stats;

  synack_capture_stats_init (&stats);
  trace = synack_pcap_load_file (path, NULL, NULL, NULL, NULL, &stats, &error);
  /* Not a failure: the 7 records before the cut are kept ... */
  g_assert_no_error (error);
  g_assert_nonnull (trace);
  g_assert_cmpuint (synack_trace_get_n_segments (trace), ==, 7);
  /* ... and where the file ended is said. */
  g_assert_error (stats.file_error, SYNACK_ERROR, SYNACK_ERROR_TRUNCATED);
  g_assert_true (g_str_has_prefix (stats.file_error->message, path));
  g_assert_nonnull (strstr (stats.file_error->message, "packet 8: truncated record"));
  g_assert_cmpint (synack_error_exit_status (stats.file_error), ==, 2);
  synack_capture_stats_clear (&stats);
}

static void
test_bad_files (void)
{
  g_autofree char *dir = g_dir_make_tmp ("synack-test-XXXXXX", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.pcap", NULL);
  struct { char *path; int code; const char *says; } cases[] = {
    { fixture ("empty.pcap"), SYNACK_ERROR_INVALID, "empty file" },
    { fixture ("not-a-capture.pcap"), SYNACK_ERROR_INVALID, "not a pcap or pcapng capture" },
    { fixture ("truncated-header.pcap"), SYNACK_ERROR_INVALID, "truncated file header" },
    { fixture ("unknown-linktype.pcap"), SYNACK_ERROR_UNSUPPORTED, "link type 147" },
    { g_strdup (dir), SYNACK_ERROR_INVALID, "is a directory" },
    { g_strdup (missing), SYNACK_ERROR_INVALID, "No such file" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      SynackTrace *trace;

      trace = synack_pcap_load_file (cases[i].path, NULL, NULL, NULL, NULL, NULL, &error);
      g_assert_null (trace);
      g_test_message ("%s", error->message);
      g_assert_error (error, SYNACK_ERROR, cases[i].code);
      /* Says what and where: the file name first. */
      g_assert_true (g_str_has_prefix (error->message, cases[i].path));
      g_assert_nonnull (strstr (error->message, cases[i].says));
      g_assert_cmpint (synack_error_exit_status (error), ==, 2);
      g_free (cases[i].path);
    }
  g_rmdir (dir);
}


static gpointer
fifo_writer (gpointer data)
{
  const char *path = data;
  g_autofree char *src = fixture ("nanosecond.pcap");
  g_autofree char *bytes = NULL;
  gsize len;
  int fd;

  g_assert_true (g_file_get_contents (src, &bytes, &len, NULL));
  fd = open (path, O_WRONLY);
  if (fd >= 0)
    {
      (void) !write (fd, bytes, len);
      close (fd);
    }
  return NULL;
}

/* A FIFO's size is always 0: it is read like a file. */
static void
test_fifo (void)
{
  g_autofree char *dir = g_dir_make_tmp ("synack-test-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "capture.fifo", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackTrace) trace = NULL;
  GThread *writer;
  int unblock;

  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  writer = g_thread_new ("fifo-writer", fifo_writer, path);
  trace = synack_pcap_load_file (path, NULL, NULL, NULL, NULL, NULL, &error);
  /* Never opened for reading: release the writer before failing. */
  unblock = open (path, O_RDONLY | O_NONBLOCK);
  g_thread_join (writer);
  if (unblock >= 0)
    close (unblock);
  g_assert_no_error (error);
  g_assert_cmpuint (synack_trace_get_n_segments (trace), ==, 8);
  g_assert_cmpint (synack_trace_get_origin (trace), ==, G_GINT64_CONSTANT (1700000000123456789));
  g_unlink (path);
  g_rmdir (dir);
}

/* A file this process may not read: the path once, then why. */
static void
test_unreadable (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *dir = g_dir_make_tmp ("synack-test-XXXXXX", NULL);
      g_autofree char *path = g_build_filename (dir, "secret.pcap", NULL);
      g_autofree char *src = fixture ("nanosecond.pcap");
      g_autofree char *bytes = NULL;
      g_autoptr(GError) error = NULL;
      SynackTrace *trace;
      const char *rest;
      gsize len;

      g_assert_true (g_file_get_contents (src, &bytes, &len, NULL));
      g_assert_true (g_file_set_contents (path, bytes, len, NULL));
      g_assert_cmpint (g_chmod (path, 0), ==, 0);
      /* Root reads anything with CAP_DAC_OVERRIDE: give it up first. */
      g_assert_true (synack_privileges_drop_all (NULL));
      trace = synack_pcap_load_file (path, NULL, NULL, NULL, NULL, NULL, &error);
      g_unlink (path);
      g_rmdir (dir);
      g_assert_null (trace);
      g_printerr ("%s\n", error->message);
      g_assert_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID);
      g_assert_true (g_str_has_prefix (error->message, path));
      rest = error->message + strlen (path);
      g_assert_cmpstr (rest, ==, ": Permission denied");
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*: Permission denied*");
}

/* A time beyond a signed 64-bit count of nanoseconds (or a century from the
 * first packet's) makes a packet malformed; the others keep sane times
 * (the multiply overflowed, garbage times followed). */
static void
test_timestamp_range (void)
{
  g_autofree char *path = fixture ("timestamp-range.pcapng");
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackTrace) trace = NULL;
  SynackCaptureStats stats;
  GArray *segs;

  synack_capture_stats_init (&stats);
  trace = synack_pcap_load_file (path, NULL, NULL, NULL, NULL, &stats, &error);
  g_assert_no_error (error);
  g_assert_null (stats.file_error);
  g_assert_cmpuint (stats.packets, ==, 8);
  g_assert_cmpuint (stats.malformed, ==, 2);
  g_assert_cmpuint (stats.tcp, ==, 6);
  g_assert_cmpuint (stats.skipped->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    g_test_message ("packet %" G_GUINT64_FORMAT ": %s",
                    g_array_index (stats.skipped, SynackSkippedPacket, i).number,
                    g_array_index (stats.skipped, SynackSkippedPacket, i).reason);
  g_assert_cmpuint (g_array_index (stats.skipped, SynackSkippedPacket, 0).number, ==, 3);
  g_assert_nonnull (strstr (g_array_index (stats.skipped, SynackSkippedPacket, 0).reason,
                            "timestamp out of range"));
  g_assert_cmpuint (g_array_index (stats.skipped, SynackSkippedPacket, 1).number, ==, 6);
  g_assert_nonnull (strstr (g_array_index (stats.skipped, SynackSkippedPacket, 1).reason,
                            "more than 100 years from the first packet"));

  g_assert_cmpint (synack_trace_get_origin (trace), ==, G_GINT64_CONSTANT (1700000000000000000));
  segs = synack_trace_segments_between (trace, G_MAXUINT, G_MININT64, G_MAXINT64);
  g_assert_cmpuint (segs->len, ==, 6);
  for (guint i = 0; i < segs->len; i++)
    {
      gint64 t = synack_trace_get_event_time (trace, g_array_index (segs, guint, i));

      /* Packet k (1-based) was k - 1 ms after the first. */
      g_assert_cmpint (t % 1000000, ==, 0);
      g_assert_cmpint (t, >=, 0);
      g_assert_cmpint (t, <=, 7000000);
    }
  g_array_unref (segs);
  synack_capture_stats_clear (&stats);
}

static void
test_filter (void)
{
  g_autofree char *path = fixture ("port-reuse.pcap");
  g_autofree char *other = fixture ("challenge-ack.pcap");
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackTrace) all = NULL;
  g_autoptr(SynackTrace) syns = NULL;
  g_autoptr(SynackTrace) none = NULL;
  SynackTrace *bad;

  all = synack_pcap_load_file (path, "tcp port 80", NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (synack_trace_get_n_segments (all), ==, 12);
  syns = synack_pcap_load_file (path, "tcp[tcpflags] & tcp-syn != 0", NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (synack_trace_get_n_segments (syns), ==, 4);
  none = synack_pcap_load_file (other, "tcp port 80", NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (synack_trace_get_n_segments (none), ==, 0);
  bad = synack_pcap_load_file (path, "tcp prot 80", NULL, NULL, NULL, NULL, &error);
  g_assert_null (bad);
  g_assert_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "tcp prot 80"));
}

/* Appends one raw-IP pcap record of a TCP segment: a packet of ip_len
 * bytes (at least 40) of which caplen are in the file. */
static void
append_segment_record (GString *s,
                       guint32  sec,
                       guint32  frac,
                       guint32  caplen,
                       guint32  ip_len,
                       guint16  sport,
                       guint8   flags,
                       guint32  seq)
{
  guint32 rec[4] = { sec, frac, caplen, ip_len };
  g_autofree guint8 *ip = g_malloc0 (MAX (caplen, 40));

  ip[0] = 0x45;
  ip[2] = (guint8) (ip_len >> 8);
  ip[3] = (guint8) ip_len;
  ip[6] = 0x40;
  ip[8] = 64;
  ip[9] = 6;
  ip[12] = 10; ip[15] = 1;
  ip[16] = 10; ip[19] = 2;
  ip[20] = (guint8) (sport >> 8);
  ip[21] = (guint8) sport;
  ip[23] = 80;
  ip[24] = seq >> 24; ip[25] = seq >> 16; ip[26] = seq >> 8; ip[27] = (guint8) seq;
  ip[32] = 5 << 4;
  ip[33] = flags;
  ip[34] = 0xff;
  for (guint32 i = 40; i < caplen; i++)
    ip[i] = (guint8) (i * 7);
  g_string_append_len (s, (const char *) rec, sizeof rec);
  g_string_append_len (s, (const char *) ip, caplen);
}

/* Everything a load found, in words, for comparing two loads. */
static char *
describe_load (SynackTrace        *trace,
               SynackCaptureStats *stats,
               const char         *path)
{
  GString *s = g_string_new (NULL);
  guint n = synack_trace_get_n_events (trace);

  g_string_append_printf (s, "packets %" G_GUINT64_FORMAT " tcp %" G_GUINT64_FORMAT
                          " not_tcp %" G_GUINT64_FORMAT " fragments %" G_GUINT64_FORMAT
                          " malformed %" G_GUINT64_FORMAT " origin %" G_GINT64_FORMAT "\n",
                          stats->packets, stats->tcp, stats->not_tcp, stats->fragments,
                          stats->malformed, synack_trace_get_origin (trace));
  for (guint i = 0; i < stats->skipped->len; i++)
    {
      SynackSkippedPacket *k = &g_array_index (stats->skipped, SynackSkippedPacket, i);

      g_string_append_printf (s, "skipped %" G_GUINT64_FORMAT ": %s\n", k->number, k->reason);
    }
  /* The path differs between the two files: what follows it is compared. */
  if (stats->file_error != NULL)
    g_string_append_printf (s, "file error:%s\n",
                            stats->file_error->message + strlen (path));
  for (guint i = 0; i < n; i++)
    {
      SynackEvent ev;

      synack_trace_read_event (trace, i, &ev);
      if (ev.kind == SYNACK_EVENT_SEGMENT)
        g_string_append_printf (s, "%u: #%" G_GUINT64_FORMAT " %" G_GINT64_FORMAT " conn %u "
                                "seq %u flags %x len %u\n", i,
                                synack_trace_segment_number (trace, i), ev.time, ev.conn,
                                ev.segment.seq, ev.segment.flags, ev.segment.len);
      else
        g_string_append_printf (s, "%u: kind %d %" G_GINT64_FORMAT " conn %u\n", i, ev.kind,
                                ev.time, ev.conn);
    }
  return g_string_free (s, FALSE);
}

static char *
load_and_describe (const char *path,
                   const char *filter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackTrace) trace = NULL;
  SynackCaptureStats stats;
  char *text;

  synack_capture_stats_init (&stats);
  trace = synack_pcap_load_file (path, filter, NULL, NULL, NULL, &stats, &error);
  g_assert_no_error (error);
  text = describe_load (trace, &stats, path);
  synack_capture_stats_clear (&stats);
  return text;
}

/* A plain pcap file is read in place, past libpcap, and what is unusual in
 * it is left to libpcap: the load must find exactly what libpcap alone
 * finds in the same bytes (read from a gzip copy, which goes through
 * libpcap whole). Records of every size cross the edges of the read
 * buffer; among them a captured length past the snapshot length (libpcap
 * keeps the first snapshot-length bytes), a time past 2038 and a
 * microsecond field of a million or more (both refused as out of range,
 * as libpcap reads them), and a last record cut short by the end. */
static void
test_in_place (void)
{
  g_autofree char *dir = g_dir_make_tmp ("synack-test-XXXXXX", NULL);
  g_autofree char *plain = g_build_filename (dir, "in-place.pcap", NULL);
  g_autofree char *gz = g_build_filename (dir, "in-place.pcap.gz", NULL);
  guint32 hdr[6] = { 0xa1b2c3d4, 0x00040002, 0, 0, 1500, 101 };
  GString *s = g_string_new (NULL);
  g_autoptr(GConverter) zlib = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *packed = NULL;
  gsize packed_len = 0;
  guint32 seq = 1000;
  const char *filters[] = { NULL, "tcp[tcpflags] & tcp-syn != 0" };

  g_string_append_len (s, (const char *) hdr, sizeof hdr);
  for (guint i = 0; i < 4000; i++)
    {
      guint32 size = 40 + (i * 131) % 1400;
      guint16 sport = (guint16) (20000 + i % 17);

      if (i == 1234)        /* longer than the snapshot length */
        append_segment_record (s, 1000, i * 100, 1600, 1600, sport, 0x18, seq);
      else if (i == 2222)   /* past 2038: libpcap's time is signed */
        append_segment_record (s, 0x80000001u, 0, size, size, sport, 0x18, seq);
      else if (i == 3333)   /* a microsecond field over a second */
        append_segment_record (s, 1000, 1500000, size, size, sport, 0x18, seq);
      else
        append_segment_record (s, 1000 + i / 1000, (i % 1000) * 1000, size, size, sport,
                               i % 17 == 0 ? 0x02 : 0x18, seq);
      seq += size - 40;
    }
  append_segment_record (s, 1004, 0, 900, 900, 20001, 0x18, seq);
  g_string_truncate (s, s->len - 300);
  g_assert_cmpuint (s->len, >, 2 * 1024 * 1024);
  g_assert_true (g_file_set_contents (plain, s->str, s->len, NULL));

  zlib = G_CONVERTER (g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 1));
  {
    g_autoptr(GInputStream) raw = g_memory_input_stream_new_from_data (s->str, s->len, NULL);
    g_autoptr(GInputStream) in = g_converter_input_stream_new (raw, zlib);
    g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

    g_output_stream_splice (out, in, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
    g_assert_no_error (error);
    packed_len = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out));
    packed = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
  }
  g_assert_true (g_file_set_contents (gz, packed, (gssize) packed_len, NULL));
  g_string_free (s, TRUE);

  /* Record by record, the reader hands out what libpcap reads, and leaves
   * to it exactly the unusual ones. */
  {
    char errbuf[PCAP_ERRBUF_SIZE];
    pcap_t *ref = pcap_open_offline_with_tstamp_precision (plain, PCAP_TSTAMP_PRECISION_NANO, errbuf);
    FILE *fp = fopen (plain, "rb");
    pcap_t *p = pcap_fopen_offline_with_tstamp_precision (fp, PCAP_TSTAMP_PRECISION_NANO, errbuf);
    SynackPcapReader *reader;
    guint in_place = 0, by_libpcap = 0;

    g_assert_nonnull (ref);
    g_assert_nonnull (p);
    reader = synack_pcap_reader_new (fileno (fp), (guint32) pcap_snapshot (p));
    g_assert_nonnull (reader);
    for (;;)
      {
        struct pcap_pkthdr *want, mine, *theirs;
        const u_char *want_data, *theirs_data;
        const guint8 *data;
        int rc_want = pcap_next_ex (ref, &want, &want_data), rc;

        if (synack_pcap_reader_next (reader, &mine, &data))
          {
            g_assert_cmpint (rc_want, ==, 1);
            in_place++;
          }
        else
          {
            g_assert_cmpint (fseeko (fp, synack_pcap_reader_offset (reader), SEEK_SET), ==, 0);
            rc = pcap_next_ex (p, &theirs, &theirs_data);
            g_assert_cmpint (rc, ==, rc_want);
            by_libpcap++;
            if (rc < 0)
              break;
            synack_pcap_reader_set_offset (reader, ftello (fp));
            mine = *theirs;
            data = theirs_data;
          }
        g_assert_cmpint (mine.ts.tv_sec, ==, want->ts.tv_sec);
        g_assert_cmpint (mine.ts.tv_usec, ==, want->ts.tv_usec);
        g_assert_cmpuint (mine.caplen, ==, want->caplen);
        g_assert_cmpuint (mine.len, ==, want->len);
        g_assert_cmpmem (data, mine.caplen, want_data, want->caplen);
      }
    /* The three unusual records and the cut one. */
    g_assert_cmpuint (by_libpcap, ==, 4);
    g_assert_cmpuint (in_place, ==, 3997);
    synack_pcap_reader_free (reader);
    pcap_close (p);
    pcap_close (ref);
  }

  for (guint f = 0; f < G_N_ELEMENTS (filters); f++)
    {
      g_autofree char *in_place = load_and_describe (plain, filters[f]);
      g_autofree char *libpcap = load_and_describe (gz, filters[f]);

      g_test_message ("filter %s: %.200s", filters[f] ? filters[f] : "none", in_place);
      g_assert_cmpstr (in_place, ==, libpcap);
      if (f == 0)
        {
          /* What the file holds was really read: the cut record said, the
           * three unusual ones met. */
          g_assert_nonnull (strstr (in_place, "packet 4001: truncated record"));
          g_assert_nonnull (strstr (in_place, "skipped 2223: timestamp out of range"));
          g_assert_nonnull (strstr (in_place, "skipped 3334: timestamp out of range"));
          g_assert_nonnull (strstr (in_place, "#1235 "));
        }
    }
  g_unlink (plain);
  g_unlink (gz);
  g_rmdir (dir);
}

/* A raw-IP pcap of n copies of one SYN from ever new ports. */
static char *
write_big_file (guint n)
{
  GString *pcap = synack_test_pcap_new ();

  for (guint i = 0; i < n; i++)
    {
      guint8 ip[40] = { 0x45, 0, 0, 40, 0, 0, 0x40, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2 };

      ip[20] = (guint8) ((20000 + i % 40000) >> 8);
      ip[21] = (guint8) (20000 + i % 40000);
      ip[22] = 0;
      ip[23] = 80;
      ip[24 + 3] = 1;          /* seq 1 */
      ip[32] = 5 << 4;
      ip[33] = 0x02;           /* SYN */
      ip[34] = 0xff;
      synack_test_pcap_add (pcap, 1000 + i / 1000, (i % 1000) * 1000, ip, sizeof ip);
    }
  return synack_test_pcap_save (pcap, "synack-big");
}

typedef struct
{
  GPtrArray *copies;      /* SynackTrace*, one per finished connection */
  GArray    *conns;       /* guint */
  GArray    *n_events;    /* guint: the trace's events when it was called */
} Streamed;

static void
record_done (SynackTrace *trace,
             guint        conn,
             gpointer     user_data)
{
  Streamed *st = user_data;
  guint n = synack_trace_get_n_events (trace);

  g_assert_true (synack_trace_get_connection (trace, conn)->flags & SYNACK_CONNECTION_FINISHED);
  g_ptr_array_add (st->copies, synack_trace_copy_connection (trace, conn));
  g_array_append_val (st->conns, conn);
  g_array_append_val (st->n_events, n);
}

/* A streaming load says each connection is complete as soon as its last
 * segment is read, long before the end of the file, and a copy made then
 * holds the connection exactly as the finished trace does. */
static void
test_streaming (void)
{
  g_autofree char *path = synack_test_write_closed_connections (300);
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackTrace) trace = NULL;
  Streamed st = {
    g_ptr_array_new_with_free_func (g_object_unref),
    g_array_new (FALSE, FALSE, sizeof (guint)),
    g_array_new (FALSE, FALSE, sizeof (guint)),
  };
  guint total;

  trace = synack_pcap_load_file_streaming (path, NULL, NULL, NULL, record_done, &st,
                                           NULL, NULL, &error);
  g_assert_no_error (error);
  g_unlink (path);
  total = synack_trace_get_n_events (trace);
  g_assert_cmpuint (synack_trace_get_n_connections (trace), ==, 300);
  g_assert_cmpuint (st.copies->len, ==, 300);
  /* The first connection was complete after a three-hundredth of the file. */
  g_assert_cmpuint (g_array_index (st.n_events, guint, 0), <=, total / 300);
  for (guint i = 0; i < st.copies->len; i++)
    {
      SynackTrace *copy = g_ptr_array_index (st.copies, i);
      guint conn = g_array_index (st.conns, guint, i);
      const SynackConnection *c = synack_trace_get_connection (trace, conn);
      const SynackConnection *d = synack_trace_get_connection (copy, 0);

      g_assert_cmpuint (conn, ==, i);
      g_assert_cmpuint (synack_trace_get_n_connections (copy), ==, 1);
      g_assert_cmpuint (d->n_events, ==, c->n_events);
      g_assert_cmpuint (d->n_segments, ==, 7);
      g_assert_cmpuint (d->port[0], ==, c->port[0]);
      g_assert_cmpstr (d->summary, ==, "SF");
      g_assert_cmpstr (d->summary, ==, c->summary);
      for (guint p = 0; p < c->n_events; p++)
        {
          SynackEvent a = synack_test_event (trace, synack_trace_conn_event (trace, conn, p));
          SynackEvent b;

          synack_trace_read_event (copy, p, &b);
          g_assert_cmpint (a.kind, ==, b.kind);
          g_assert_cmpint (a.time, ==, b.time);
          g_assert_cmpuint (a.endpoint, ==, b.endpoint);
          if (a.kind == SYNACK_EVENT_SEGMENT)
            {
              g_assert_cmpuint (a.segment.seq, ==, b.segment.seq);
              g_assert_cmpuint (a.segment.flags, ==, b.segment.flags);
            }
          else if (a.kind == SYNACK_EVENT_STATE)
            {
              g_assert_cmpuint (a.state.from, ==, b.state.from);
              g_assert_cmpuint (a.state.to, ==, b.state.to);
              g_assert_cmpuint (synack_trace_conn_event (trace, conn, b.state.cause), ==,
                                a.state.cause);
            }
        }
      for (guint e = 0; e < 2; e++)
        g_assert_cmpint (synack_trace_state_at_event (copy, 0, e, d->n_events - 1), ==,
                         synack_trace_state_at_event (trace, conn, e, total - 1));
    }
  g_assert_cmpint (synack_trace_state_at_event (trace, 0, 0, total - 1), ==, SYNACK_TCP_TIME_WAIT);
  g_ptr_array_unref (st.copies);
  g_array_unref (st.conns);
  g_array_unref (st.n_events);
}

static void
record_progress (double   fraction,
                 gpointer user_data)
{
  GArray *seen = user_data;

  g_array_append_val (seen, fraction);
}

static void
cancel_halfway (double   fraction,
                gpointer user_data)
{
  if (fraction > 0.3)
    g_cancellable_cancel (user_data);
}

static void
test_progress_and_cancel (void)
{
  g_autofree char *path = write_big_file (50000);
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackTrace) trace = NULL;
  SynackTrace *cancelled;

  trace = synack_pcap_load_file (path, NULL, record_progress, seen, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (synack_trace_get_n_segments (trace), ==, 50000);
  g_assert_cmpuint (seen->len, >=, 5);
  g_assert_cmpfloat (g_array_index (seen, double, 0), ==, 0.0);
  g_assert_cmpfloat (g_array_index (seen, double, seen->len - 1), ==, 1.0);
  for (guint i = 1; i < seen->len; i++)
    g_assert_cmpfloat (g_array_index (seen, double, i), >=, g_array_index (seen, double, i - 1));
  g_assert_cmpfloat (g_array_index (seen, double, seen->len / 2), >, 0.1);
  g_assert_cmpfloat (g_array_index (seen, double, seen->len / 2), <, 0.9);

  cancelled = synack_pcap_load_file (path, NULL, cancel_halfway, cancellable, cancellable, NULL,
                                     &error);
  g_assert_null (cancelled);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_unlink (path);
}

static void
count_done (SynackTrace *trace,
            guint        conn,
            gpointer     user_data)
{
  GArray *done = user_data;

  g_assert_true (synack_trace_get_connection (trace, conn)->flags & SYNACK_CONNECTION_FINISHED);
  g_array_append_val (done, conn);
}

/* A feed reads in a thread of its own and the caller infers, a few
 * segments at a time: the trace grows step by step in the caller's thread,
 * connections are said complete as they are, and the end is the trace a
 * plain load makes. Cancelled, it ends at once with what was inferred; freed
 * while its reader still reads, it stops the reader. */
static void
test_feed (void)
{
  g_autofree char *path = synack_test_write_closed_connections (300);
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackTrace) plain = synack_pcap_load_file (path, NULL, NULL, NULL, NULL, NULL,
                                                        &error);
  g_autoptr(GArray) done = g_array_new (FALSE, FALSE, sizeof (guint));
  SynackPcapFileFeed *feed;
  SynackTrace *trace;
  SynackCaptureStats stats = { 0 };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  guint steps = 0, last = 0;

  g_assert_no_error (error);
  feed = synack_pcap_file_feed_new (path, NULL, NULL, &error);
  g_assert_no_error (error);
  trace = synack_pcap_file_feed_get_trace (feed);
  g_assert_cmpstr (synack_trace_get_title (trace), ==, synack_trace_get_title (plain));
  synack_pcap_file_feed_set_connection_done (feed, count_done, done);
  while (synack_pcap_file_feed_step (feed, 7, 0, 1000))
    {
      guint n = synack_trace_get_n_segments (trace);

      g_assert_cmpuint (n, <=, last + 7);
      last = n;
      steps++;
      /* one connection (7 segments) a step: complete by the end of it */
      if (n > 0 && n % 7 == 0 && n < 2100)
        g_assert_cmpuint (done->len, ==, n / 7);
    }
  g_assert_cmpuint (steps, >=, 300);
  g_assert_true (synack_pcap_file_feed_finish (feed, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.packets, ==, 2100);
  g_assert_cmpuint (stats.tcp, ==, 2100);
  g_assert_cmpfloat (synack_pcap_file_feed_get_fraction (feed), ==, 1.0);
  g_assert_cmpuint (done->len, ==, 300);
  g_assert_cmpuint (synack_trace_get_n_events (trace), ==, synack_trace_get_n_events (plain));
  g_assert_cmpuint (synack_trace_get_n_connections (trace), ==, 300);
  for (guint c = 0; c < 300; c++)
    g_assert_cmpstr (synack_trace_get_connection (trace, c)->summary, ==,
                     synack_trace_get_connection (plain, c)->summary);
  for (guint i = 0; i < synack_trace_get_n_events (trace); i++)
    {
      SynackEvent a = synack_test_event (trace, i);
      SynackEvent b = synack_test_event (plain, i);

      g_assert_cmpint (a.time, ==, b.time);
      g_assert_cmpint (a.kind, ==, b.kind);
      g_assert_cmpuint (a.conn, ==, b.conn);
    }
  synack_capture_stats_clear (&stats);
  synack_pcap_file_feed_free (feed);

  /* cancelled after ten connections: no more is inferred */
  feed = synack_pcap_file_feed_new (path, NULL, cancellable, &error);
  g_assert_no_error (error);
  trace = synack_pcap_file_feed_get_trace (feed);
  for (guint i = 0; i < 10; i++)
    while (synack_trace_get_n_segments (trace) < 7 * (i + 1))
      g_assert_true (synack_pcap_file_feed_step (feed, 7, 0, 1000));
  g_cancellable_cancel (cancellable);
  g_assert_false (synack_pcap_file_feed_step (feed, 0, 0, 1000));
  g_assert_false (synack_pcap_file_feed_finish (feed, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpuint (synack_trace_get_n_connections (trace), ==, 10);
  g_assert_cmpstr (synack_trace_get_connection (trace, 9)->summary, ==, "SF");
  g_assert_cmpfloat (synack_pcap_file_feed_get_fraction (feed), <, 1.0);
  synack_pcap_file_feed_free (feed);

  /* freed before anything is inferred: the reader, blocked on a full
   * pipeline of a bigger file, is stopped */
  {
    g_autofree char *big = write_big_file (50000);

    feed = synack_pcap_file_feed_new (big, NULL, NULL, &error);
    g_assert_no_error (error);
    g_usleep (20000);
    synack_pcap_file_feed_free (feed);
    g_unlink (big);
  }

  /* not a capture: said at once */
  feed = synack_pcap_file_feed_new ("/nonexistent/synack.pcap", NULL, NULL, &error);
  g_assert_null (feed);
  g_assert_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID);
  g_unlink (path);
}

typedef struct
{
  GMainLoop   *loop;
  SynackTrace *trace;
  SynackCaptureStats stats;
  GError      *error;
  guint        progress_calls;
  GThread     *main_thread;
} AsyncData;

static void
async_progress (double   fraction,
                gpointer user_data)
{
  AsyncData *d = user_data;

  /* Delivered in the caller's context, not the worker thread. */
  g_assert_true (g_thread_self () == d->main_thread);
  d->progress_calls++;
}

static void
loaded (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  AsyncData *d = user_data;

  d->trace = synack_pcap_load_file_finish (result, &d->stats, &d->error);
  g_main_loop_quit (d->loop);
}

static void
test_async (void)
{
  g_autofree char *path = fixture ("truncated-packet.pcap");
  AsyncData d = { 0 };

  d.loop = g_main_loop_new (NULL, FALSE);
  d.main_thread = g_thread_self ();
  synack_pcap_load_file_async (path, NULL, async_progress, &d, NULL, loaded, &d);
  g_main_loop_run (d.loop);
  g_assert_no_error (d.error);
  g_assert_nonnull (d.trace);
  g_assert_cmpuint (synack_trace_get_n_segments (d.trace), ==, 7);
  g_assert_nonnull (d.stats.file_error);
  g_assert_cmpuint (d.stats.tcp, ==, 7);
  g_assert_cmpuint (d.progress_calls, >=, 1);
  synack_capture_stats_clear (&d.stats);
  g_object_unref (d.trace);
  g_main_loop_unref (d.loop);
}

static void
test_interfaces (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = synack_pcap_list_interfaces (&error);
  gboolean lo = FALSE;

  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    {
      SynackInterface *iface = g_ptr_array_index (list, i);

      if (g_strcmp0 (iface->name, "lo") == 0)
        {
          lo = TRUE;
          g_assert_true (iface->loopback);
        }
    }
  if (!lo)
    g_test_skip ("no loopback interface here");
}

typedef struct
{
  GMainLoop *loop;
  guint      batches;
  gboolean   stopped;
} LiveData;

static void
on_batch (SynackPcapSource *source,
          guint             first,
          gpointer          user_data)
{
  LiveData *d = user_data;

  g_assert_cmpuint (first, <, synack_trace_get_n_events (synack_pcap_source_get_trace (source)));
  d->batches++;
}

static void
on_stopped (SynackPcapSource *source,
            gpointer          user_data)
{
  LiveData *d = user_data;

  d->stopped = TRUE;
  g_main_loop_quit (d->loop);
}

static gboolean
give_up (gpointer user_data)
{
  g_error ("the live capture did not stop by itself after its packet count");
  return G_SOURCE_REMOVE;
}

/* Capture a real connection on loopback: needs CAP_NET_RAW (root in CI). */
static void
test_live (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackPcapSource) source = NULL;
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) conn = NULL;
  g_autoptr(GSocketConnection) accepted = NULL;
  g_autofree char *filter = NULL;
  g_autofree char *saved = NULL;
  g_autoptr(SynackTrace) reread = NULL;
  SynackTrace *trace;
  LiveData d = { 0 };
  guint16 port;
  guint timeout;
  const SynackCaptureStats *stats;
  int fd;

  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  filter = g_strdup_printf ("tcp port %u and host 127.0.0.1", port);
  source = synack_pcap_source_new_live ("lo", filter, &error);
  if (source == NULL)
    {
      if (g_error_matches (error, SYNACK_ERROR, SYNACK_ERROR_PERMISSION))
        {
          /* The message gives the exact fix. */
          g_assert_nonnull (strstr (error->message, "setcap cap_net_raw+ep"));
          g_test_skip ("no capture privileges here");
          return;
        }
      g_assert_no_error (error);
    }
  /* SYN, SYN-ACK, ACK, then a FIN each way with their ACKs: 7 at most;
   * stop after the handshake's 3. */
  synack_pcap_source_set_max_packets (source, 3);
  d.loop = g_main_loop_new (NULL, FALSE);
  g_signal_connect (source, "batch-added", G_CALLBACK (on_batch), &d);
  g_signal_connect (source, "stopped", G_CALLBACK (on_stopped), &d);
  trace = synack_pcap_source_get_trace (source);
  g_assert_cmpint (synack_trace_get_source (trace), ==, SYNACK_TRACE_SOURCE_LIVE);

  g_assert_true (synack_pcap_source_start (source, &error));
  g_assert_no_error (error);
  g_assert_true (synack_trace_is_live (trace));
  g_assert_true (synack_pcap_source_is_running (source));

  conn = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, &error);
  g_assert_no_error (error);
  accepted = g_socket_listener_accept (listener, NULL, NULL, &error);
  g_assert_no_error (error);

  timeout = g_timeout_add_seconds (20, give_up, NULL);
  g_main_loop_run (d.loop);
  g_source_remove (timeout);

  g_assert_true (d.stopped);
  g_assert_cmpuint (d.batches, >=, 1);
  g_assert_false (synack_pcap_source_is_running (source));
  g_assert_false (synack_trace_is_live (trace));
  g_assert_null (synack_pcap_source_get_error (source));
  stats = synack_pcap_source_get_stats (source);
  g_assert_cmpuint (stats->packets, ==, 3);
  g_assert_cmpuint (stats->tcp, ==, 3);
  g_assert_cmpuint (synack_trace_get_n_segments (trace), ==, 3);
  g_assert_cmpuint (synack_trace_get_connection (trace, 0)->port[1], ==, port);
  g_assert_cmpint (synack_trace_state_at_time (trace, 0, 0, G_MAXINT64), ==, SYNACK_TCP_ESTABLISHED);
  g_assert_cmpint (synack_trace_state_at_time (trace, 0, 1, G_MAXINT64), ==, SYNACK_TCP_ESTABLISHED);
  g_assert_cmpstr (synack_trace_get_connection (trace, 0)->summary, ==, "S1");

  /* Saved as a pcap that reads back the same. */
  fd = g_file_open_tmp ("synack-live-XXXXXX.pcap", &saved, NULL);
  close (fd);
  g_assert_true (synack_pcap_source_save (source, saved, &error));
  g_assert_no_error (error);
  reread = synack_pcap_load_file (saved, NULL, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (synack_trace_get_n_segments (reread), ==, 3);
  g_unlink (saved);

  /* Stopping a stopped capture does nothing; it cannot restart. */
  synack_pcap_source_stop (source);
  g_assert_false (synack_pcap_source_start (source, &error));
  g_assert_error (error, SYNACK_ERROR, SYNACK_ERROR_FAILED);
  g_main_loop_unref (d.loop);
}

typedef struct
{
  GMainLoop *loop;
  guint      n;          /* connections expected */
  gboolean   all_closed;
  gboolean   stopped;
} BurstData;

static void
on_burst_batch (SynackPcapSource *source,
                guint             first,
                gpointer          user_data)
{
  BurstData *d = user_data;
  SynackTrace *trace = synack_pcap_source_get_trace (source);
  guint closed = 0;

  for (guint c = 0; c < synack_trace_get_n_connections (trace); c++)
    closed += g_strcmp0 (synack_trace_get_connection (trace, c)->summary, "SF") == 0;
  if (closed == d->n && !d->all_closed)
    {
      d->all_closed = TRUE;
      synack_pcap_source_stop (source);
    }
}

static void
on_burst_stopped (SynackPcapSource *source,
                  gpointer          user_data)
{
  BurstData *d = user_data;

  d->stopped = TRUE;
  g_main_loop_quit (d->loop);
}

static gboolean
stop_burst (gpointer user_data)
{
  /* Not a failure by itself: what was captured is checked below. */
  synack_pcap_source_stop (user_data);
  return G_SOURCE_REMOVE;
}

/* A burst of short connections on loopback, all captured: the kernel's ring
 * must hold more than a few packets (snaplen 262144 in immediate
 * mode left ~8 ring slots, and 28 of 49 packets were dropped). */
static void
test_live_burst (void)
{
  const guint n = 20;
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackPcapSource) source = NULL;
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autofree char *filter = NULL;
  const SynackCaptureStats *stats;
  SynackTrace *trace;
  BurstData d = { 0 };
  guint16 port;
  guint timeout;

  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  filter = g_strdup_printf ("tcp port %u and host 127.0.0.1", port);
  source = synack_pcap_source_new_live ("lo", filter, &error);
  if (source == NULL && g_error_matches (error, SYNACK_ERROR, SYNACK_ERROR_PERMISSION))
    {
      g_test_skip ("no capture privileges here");
      return;
    }
  g_assert_no_error (error);
  d.loop = g_main_loop_new (NULL, FALSE);
  d.n = n;
  g_signal_connect (source, "batch-added", G_CALLBACK (on_burst_batch), &d);
  g_signal_connect (source, "stopped", G_CALLBACK (on_burst_stopped), &d);
  g_assert_true (synack_pcap_source_start (source, &error));

  /* Every connection opened and closed back to back, before the main loop
   * takes a single batch: ~140 packets in a few milliseconds. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GSocketConnection) conn = NULL;
      g_autoptr(GSocketConnection) accepted = NULL;

      conn = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, &error);
      g_assert_no_error (error);
      accepted = g_socket_listener_accept (listener, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (g_io_stream_close (G_IO_STREAM (conn), NULL, &error));
      g_assert_true (g_io_stream_close (G_IO_STREAM (accepted), NULL, &error));
    }

  /* All closed connections end the wait; a lost packet leaves one open
   * until this bound (a wait, not a timing check). */
  timeout = g_timeout_add_seconds (10, stop_burst, source);
  g_main_loop_run (d.loop);
  if (d.all_closed)
    g_source_remove (timeout);

  trace = synack_pcap_source_get_trace (source);
  stats = synack_pcap_source_get_stats (source);
  g_test_message ("%" G_GUINT64_FORMAT " packets captured, %" G_GUINT64_FORMAT " dropped, "
                  "%u connections", stats->packets, stats->dropped,
                  synack_trace_get_n_connections (trace));
  g_assert_true (d.stopped);
  g_assert_cmpuint (stats->dropped, ==, 0);
  g_assert_cmpuint (synack_trace_get_n_connections (trace), ==, n);
  g_assert_true (d.all_closed);
  g_assert_cmpuint (stats->packets, >=, 6 * n);
  g_main_loop_unref (d.loop);
}

/* Without privileges, the message names the one capability live capture
 * needs and the exact command (CAP_NET_ADMIN is not needed). */
static void
test_live_no_privilege (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      SynackPcapSource *source;

      g_assert_true (synack_privileges_drop_all (NULL));
      source = synack_pcap_source_new_live ("lo", NULL, &error);
      g_assert_null (source);
      g_printerr ("%s\n", error->message);
      g_assert_error (error, SYNACK_ERROR, SYNACK_ERROR_PERMISSION);
      g_assert_nonnull (strstr (error->message, "CAP_NET_RAW"));
      g_assert_nonnull (strstr (error->message, "sudo setcap cap_net_raw+ep "));
      g_assert_null (strstr (error->message, "net_admin"));
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_live_errors (void)
{
  g_autoptr(GError) error = NULL;
  SynackPcapSource *source;

  source = synack_pcap_source_new_live ("synack-no-such0", NULL, &error);
  g_assert_null (source);
  if (g_error_matches (error, SYNACK_ERROR, SYNACK_ERROR_PERMISSION))
    {
      g_test_skip ("no capture privileges here");
      return;
    }
  g_assert_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "synack-no-such0"));
  g_clear_error (&error);

  source = synack_pcap_source_new_live ("lo", "tcp prot 80", &error);
  g_assert_null (source);
  g_assert_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "bad capture filter"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/synack/pcap-source/nanoseconds", test_nanoseconds);
  g_test_add_func ("/synack/pcap-source/malformed-packets", test_malformed_packets);
  g_test_add_func ("/synack/pcap-source/truncated-file", test_truncated_file);
  g_test_add_func ("/synack/pcap-source/bad-files", test_bad_files);
  g_test_add_func ("/synack/pcap-source/fifo", test_fifo);
  g_test_add_func ("/synack/pcap-source/unreadable", test_unreadable);
  g_test_add_func ("/synack/pcap-source/timestamp-range", test_timestamp_range);
  g_test_add_func ("/synack/pcap-source/filter", test_filter);
  g_test_add_func ("/synack/pcap-source/in-place", test_in_place);
  g_test_add_func ("/synack/pcap-source/progress-and-cancel", test_progress_and_cancel);
  g_test_add_func ("/synack/pcap-source/streaming", test_streaming);
  g_test_add_func ("/synack/pcap-source/feed", test_feed);
  g_test_add_func ("/synack/pcap-source/async", test_async);
  g_test_add_func ("/synack/pcap-source/interfaces", test_interfaces);
  g_test_add_func ("/synack/pcap-source/live", test_live);
  g_test_add_func ("/synack/pcap-source/live-burst", test_live_burst);
  g_test_add_func ("/synack/pcap-source/live-errors", test_live_errors);
  g_test_add_func ("/synack/pcap-source/live-no-privilege", test_live_no_privilege);

  return g_test_run ();
}
