/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Writers: JSON lines (ARCHITECTURE.md) and pcap, both incremental so live
 * sources can print and save as they go. */
#pragma once

#include <gio/gio.h>

#include "synack-trace.h"

G_BEGIN_DECLS

typedef enum
{
  SYNACK_JSON_SEGMENTS = 1 << 0,
  SYNACK_JSON_STATES   = 1 << 1,
  SYNACK_JSON_CALLS    = 1 << 2,
  SYNACK_JSON_TIMERS   = 1 << 3,
  SYNACK_JSON_CONNS    = 1 << 4,
  SYNACK_JSON_VARS     = 1 << 5,
  SYNACK_JSON_DEFAULT  = SYNACK_JSON_SEGMENTS | SYNACK_JSON_STATES | SYNACK_JSON_CALLS |
                         SYNACK_JSON_TIMERS | SYNACK_JSON_CONNS,
} SynackJsonFlags;

typedef struct _SynackJsonWriter SynackJsonWriter;

/* conn: G_MAXUINT for every connection. Records go to out as they are written. */
SynackJsonWriter *synack_json_writer_new        (SynackTrace      *trace,
                                                 GOutputStream    *out,
                                                 SynackJsonFlags   flags,
                                                 guint             conn);
/* Write the records of events [written so far, n_events). */
gboolean          synack_json_writer_write_new_events (SynackJsonWriter *self,
                                                 GError          **error);
/* Write one "conn" record per connection (at the end). */
gboolean          synack_json_writer_write_connections (SynackJsonWriter *self,
                                                 GError          **error);
void              synack_json_writer_free        (SynackJsonWriter *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SynackJsonWriter, synack_json_writer_free)

/* The JSON line (no newline) of a single event, as the writer would print it,
 * with states_after filled in from the trace. (transfer full) */
char             *synack_json_event_line         (SynackTrace      *trace,
                                                  guint             index);

/* A segment's "states": the names of both endpoints' states just after the
 * sender sent it (the sender's own changes in, the receiver's reaction not
 * yet): the states at the segment's own event, for every source (the
 * engine's changes come before what they make an endpoint send, and a
 * capture's inference puts the changes a segment shows of its sender
 * before it). The JSON "states" and the text lines (synack-text.h) print
 * these. */
void              synack_export_segment_states   (SynackTrace      *trace,
                                                  guint             index,
                                                  const char       *states[2]);

/* Append text as a JSON string, quoted and escaped (every writer of JSON
 * in the project uses this one). */
void              synack_json_append_string      (GString          *s,
                                                  const char       *text);
/* Append a time in ns as seconds with six decimals, exactly (no
 * floating-point rounding on long captures): every JSON time, and the CLI's
 * text lines. */
void              synack_json_append_time        (GString          *s,
                                                  gint64            ns);

/* Whole-trace conveniences. */
gboolean          synack_export_json_lines       (SynackTrace      *trace,
                                                  GOutputStream    *out,
                                                  SynackJsonFlags   flags,
                                                  guint             conn,
                                                  GError          **error);

typedef struct _SynackPcapWriter SynackPcapWriter;

/* A classic pcap, LINKTYPE_RAW (101), microsecond timestamps. */
SynackPcapWriter *synack_pcap_writer_new         (const char       *path,
                                                  GError          **error);
/* Append a raw IP packet at an absolute time (ns since the epoch). */
gboolean          synack_pcap_writer_write_packet (SynackPcapWriter *self,
                                                  gint64            epoch_ns,
                                                  const guint8     *data,
                                                  gsize             len,
                                                  GError          **error);
/* Append a trace's segment event, re-encoded with correct checksums. */
gboolean          synack_pcap_writer_write_segment (SynackPcapWriter *self,
                                                  SynackTrace      *trace,
                                                  guint             index,
                                                  GError          **error);
gboolean          synack_pcap_writer_flush       (SynackPcapWriter *self,
                                                  GError          **error);
/* Flushes and closes; returns FALSE when the final flush failed. */
gboolean          synack_pcap_writer_close       (SynackPcapWriter *self,
                                                  GError          **error);
void              synack_pcap_writer_free        (SynackPcapWriter *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SynackPcapWriter, synack_pcap_writer_free)

/* Every segment of a trace (or of one connection) into a pcap file. */
gboolean          synack_export_pcap             (SynackTrace      *trace,
                                                  const char       *path,
                                                  guint             conn,
                                                  GError          **error);
/* The same pcap, byte for byte, in memory. (transfer full) */
GBytes           *synack_export_pcap_bytes       (SynackTrace      *trace,
                                                  guint             conn,
                                                  GError          **error);

G_END_DECLS
