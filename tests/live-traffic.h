/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Traffic for the memory-budget tests: many short connections that
 * finish (a three-way handshake, data both ways with SACK now and then,
 * a four-way close) and some that stay open, interleaved in time as a
 * busy link's are, fed through the inference as a live capture feeds it. */
#pragma once

#include <string.h>

#include "synack-export.h"
#include "synack-infer.h"
#include "synack-trace.h"
#include "synack-wire.h"

typedef struct
{
  gint64        time;    /* ns since the epoch */
  guint         conn;    /* the generator's number of the connection */
  SynackIpInfo  ip;
  SynackSegment seg;
} LivePacket;

static inline int
live_packet_compare (gconstpointer a,
                     gconstpointer b)
{
  const LivePacket *x = a, *y = b;

  if (x->time != y->time)
    return x->time < y->time ? -1 : 1;
  return x->conn < y->conn ? -1 : x->conn > y->conn;
}

/* Connection i finishes unless i % open_every == 0 (then it stays open:
 * it sends data now and then to the very end). Connection i starts at
 * i ms; each of its packets comes 0.3 ms after the last. Returns the
 * packets in time order. */
static inline GArray *
live_traffic_make (guint n_connections,
                   guint open_every,
                   guint data_segments)
{
  GArray *out = g_array_new (FALSE, TRUE, sizeof (LivePacket));
  gint64 t0 = G_GINT64_CONSTANT (1700000000) * 1000000000;
  gint64 last_start = t0 + (gint64) n_connections * 1000000;

  for (guint i = 0; i < n_connections; i++)
    {
      SynackAddress client, server;
      guint32 cseq = 1000 + i * 7919u, sseq = 5000000 + i * 104729u;
      gint64 t = t0 + (gint64) i * 1000000;
      gboolean open = open_every > 0 && i % open_every == 0;
      guint n_data = open ? data_segments + (guint) ((last_start - t) / 40000000) : data_segments;

      synack_address_set_ipv4 (&client, 0x0a000000u | (i >> 8 & 0xffff) << 8 | (i & 0xff));
      synack_address_set_ipv4 (&server, 0xc0000201u);

      for (guint k = 0; ; k++)
        {
          LivePacket p;
          gboolean from_client;
          guint step;

          memset (&p, 0, sizeof p);
          p.conn = i;
          p.seg.window = 65535;
          p.seg.options = SYNACK_OPTION_TIMESTAMP;
          p.seg.ts_val = (guint32) k;
          if (k == 0)
            {
              from_client = TRUE;
              p.seg.flags = SYNACK_FLAG_SYN;
              p.seg.seq = cseq;
              p.seg.options |= SYNACK_OPTION_MSS | SYNACK_OPTION_SACK_PERM | SYNACK_OPTION_WSCALE;
              p.seg.mss = 1460;
              p.seg.wscale = 7;
            }
          else if (k == 1)
            {
              from_client = FALSE;
              p.seg.flags = SYNACK_FLAG_SYN | SYNACK_FLAG_ACK;
              p.seg.seq = sseq;
              p.seg.ack = cseq + 1;
              p.seg.options |= SYNACK_OPTION_MSS | SYNACK_OPTION_SACK_PERM | SYNACK_OPTION_WSCALE;
              p.seg.mss = 1460;
              p.seg.wscale = 7;
            }
          else if (k == 2)
            {
              from_client = TRUE;
              p.seg.flags = SYNACK_FLAG_ACK;
              p.seg.seq = cseq + 1;
              p.seg.ack = sseq + 1;
            }
          else if ((step = k - 3) < 2 * n_data)
            {
              /* the client sends 100 bytes, the server acknowledges */
              guint sent = step / 2;

              from_client = step % 2 == 0;
              p.seg.flags = SYNACK_FLAG_ACK | (from_client ? SYNACK_FLAG_PSH : 0);
              if (from_client)
                {
                  p.seg.seq = cseq + 1 + sent * 100;
                  p.seg.ack = sseq + 1;
                  p.seg.payload_len = 100;
                }
              else
                {
                  p.seg.seq = sseq + 1;
                  p.seg.ack = cseq + 1 + (sent + 1) * 100;
                  if (sent % 5 == 4)
                    {
                      /* a SACK block now and then: an option record */
                      p.seg.options |= SYNACK_OPTION_SACK;
                      p.seg.n_sack = 1;
                      p.seg.sack[0].left = cseq + 1 + (sent + 2) * 100;
                      p.seg.sack[0].right = cseq + 1 + (sent + 3) * 100;
                    }
                }
              if (open)
                t += 20000000;  /* an open one talks slowly, to the end */
            }
          else if (open)
            break;
          else
            {
              guint32 cend = cseq + 1 + n_data * 100;

              step -= 2 * n_data;
              if (step > 3)
                break;
              /* FIN, its ACK, the server's FIN, its ACK */
              from_client = step % 2 == 0 ? step == 0 : step == 3;
              p.seg.flags = SYNACK_FLAG_ACK | (step % 2 == 0 ? SYNACK_FLAG_FIN : 0);
              if (from_client)
                {
                  p.seg.seq = step == 0 ? cend : cend + 1;
                  p.seg.ack = sseq + 1 + (step == 3 ? 1 : 0);
                }
              else
                {
                  p.seg.seq = sseq + 1;
                  p.seg.ack = cend + 1;
                }
            }
          t += 300000;
          p.time = t;
          p.ip.src = from_client ? client : server;
          p.ip.dst = from_client ? server : client;
          p.seg.sport = from_client ? (guint16) (20000 + i % 40000) : 80;
          p.seg.dport = from_client ? 80 : (guint16) (20000 + i % 40000);
          g_array_append_val (out, p);
        }
    }
  g_array_sort (out, live_packet_compare);
  return out;
}

/* live_traffic_make()'s packets, inferred as a live capture infers them,
 * written to DIR/traffic.pcap (every segment, with its time). (transfer
 * full) the file's path */
static inline char *
live_traffic_write_pcap (const char *dir,
                         guint       n_connections,
                         guint       open_every,
                         guint       data_segments)
{
  g_autoptr(GArray) packets = live_traffic_make (n_connections, open_every, data_segments);
  g_autoptr(SynackTrace) trace = synack_trace_new (SYNACK_TRACE_SOURCE_LIVE);
  g_autoptr(SynackInfer) infer = synack_infer_new (trace);
  g_autoptr(SynackPcapWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, "traffic.pcap", NULL);

  for (guint k = 0; k < packets->len; k++)
    {
      const LivePacket *p = &g_array_index (packets, LivePacket, k);

      synack_infer_add (infer, p->time, &p->ip, &p->seg);
    }
  synack_trace_commit (trace);
  writer = synack_pcap_writer_new (path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < synack_trace_get_n_events (trace); i++)
    if (synack_trace_get_event_kind (trace, i) == SYNACK_EVENT_SEGMENT)
      {
        synack_pcap_writer_write_segment (writer, trace, i, &error);
        g_assert_no_error (error);
      }
  synack_pcap_writer_close (writer, &error);
  g_assert_no_error (error);
  return path;
}
