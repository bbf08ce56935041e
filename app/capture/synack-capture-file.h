/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The bytes of a capture file as libpcap should see them: gzip-compressed
 * captures inflated, pcapng interfaces made readable together, and a record
 * cut short by the end of the file completed with what it holds. */
#pragma once

#include <stdio.h>
#include <pcap/pcap.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct _SynackCaptureFile SynackCaptureFile;

/* Opens path. A plain pcap file returns NULL with no error: libpcap reads it
 * directly (the fastest way). A gzip-compressed capture (.pcap.gz,
 * .pcapng.gz, whatever its name) or a pcapng file returns a stream for
 * pcap_fopen_offline(), which pcap_close() closes; *file then keeps what the
 * stream learned and is freed with synack_capture_file_free() after that.
 * NULL with error set when the file cannot be read. */
FILE       *synack_capture_file_open      (const char         *path,
                                           SynackCaptureFile **file,
                                           GError            **error);
void        synack_capture_file_free      (SynackCaptureFile  *file);

/* How far into the file (the compressed bytes, for a gzip capture) the
 * stream has read. */
gint64      synack_capture_file_offset    (SynackCaptureFile  *file);

/* TRUE when the last pcapng record was cut short and the stream handed
 * libpcap the bytes it holds: *have of *wanted captured bytes. */
gboolean    synack_capture_file_cut_record (SynackCaptureFile *file,
                                            guint32           *have,
                                            guint32           *wanted);

/* A pcap (not pcapng) file, plain or compressed, whose last record is cut
 * short: the record's header and the bytes it holds (hdr->caplen is what is
 * there), and how many it claimed. FALSE when the file does not end that
 * way. *data is freed with g_free(). */
gboolean    synack_capture_file_salvage_pcap (const char          *path,
                                              struct pcap_pkthdr  *hdr,
                                              guint8             **data,
                                              guint32             *wanted);

/* A plain pcap file (version 2.4, this machine's byte order, a regular
 * file) read past libpcap: large read() calls into one buffer, and each
 * record handed out from there, with no copy and no call a packet.
 * Anything unusual (a record cut short by the end of the file, a captured
 * length past the snapshot length, a time libpcap would read otherwise) is
 * left to libpcap: synack_pcap_reader_next() says so, and the caller reads
 * that record with pcap_next_ex() from the same offset. */
typedef struct _SynackPcapReader SynackPcapReader;

/* NULL when the file behind fd is not such a file (then read it with
 * libpcap). fd stays the caller's; snaplen is libpcap's for the file. */
SynackPcapReader *synack_pcap_reader_new        (int                  fd,
                                                 guint32              snaplen);
void              synack_pcap_reader_free       (SynackPcapReader    *reader);

/* TRUE with the next record in *hdr and *data (valid until the next
 * call). FALSE when libpcap is to read on from the offset: the record
 * there is unusual, or the file ends there. */
gboolean          synack_pcap_reader_next       (SynackPcapReader    *reader,
                                                 struct pcap_pkthdr  *hdr,
                                                 const guint8       **data);
/* The offset of the next record in the file, and moving it (after libpcap
 * read a record). */
gint64            synack_pcap_reader_offset     (SynackPcapReader    *reader);
void              synack_pcap_reader_set_offset (SynackPcapReader    *reader,
                                                 gint64               offset);

G_END_DECLS
