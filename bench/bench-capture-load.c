/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Live capture under load: a loopback flood of 100,000 TCP
 * packets a second for 10 s, generated here, captured by SynackPcapSource
 * on lo while the main loop "draws a frame" every 16 ms.
 *
 * Reports: packets sent, captured by Synack, lost before libpcap (the
 * kernel's capture ring was full), lost in Synack's own pipeline (delivered
 * by libpcap, not in the trace), and the main loop's frame intervals
 * (median, 99th percentile, worst): what a window following the capture
 * would get. Headless: the frame is a 16 ms timeout on the main context that
 * the capture's batches are appended on, the same context a window uses.
 *
 * Needs root or CAP_NET_RAW + CAP_SYS_ADMIN: it runs in a network namespace
 * of its own (so the flood disturbs nothing) and sends with a raw socket.
 * Without them it says why and prints no result.
 *
 * The flood: connections from 127.1.x.y:port to 127.2.0.1:9, each a
 * handshake, 6 segments of 100 bytes each way with their ACKs, and both
 * FINs: 31 packets, correct checksums. The kernel answers each with RSTs,
 * which the capture filter leaves out. */
#define _GNU_SOURCE 1  /* unshare, sendmmsg */
#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "synack-pcap-source.h"
#include "synack-wire.h"

#define RATE          100000  /* packets a second */
#define SECONDS       10
#define BATCH         500     /* packets a sendmmsg */
#define PAYLOAD       100
#define FRAME_US      16000
#define MAX_PKT       (60 + 60 + PAYLOAD)

typedef struct
{
  guint64  sent;
  guint64  send_errors;
  gint64   elapsed_us;
  gboolean done;
} Flood;

/* Packet k of connection c: fills buf, returns its length. */
static gsize
make_packet (guint64  c,
             guint    k,
             guint8  *buf)
{
  static const guint8 payload[PAYLOAD];
  SynackAddress client = { 0 }, server = { 0 };
  SynackSegment seg = { 0 };
  const guint32 isn_c = (guint32) (c * 2654435761u), isn_s = (guint32) (c * 40503u + 7);
  gboolean from_client = TRUE;
  guint32 cdata = 0, sdata = 0;   /* bytes each side has sent before this packet */

  synack_address_set_ipv4 (&client, 0x7f010000 | (guint32) ((c / 50000) & 0xffff));
  synack_address_set_ipv4 (&server, 0x7f020001);
  seg.window = 65535;
  /* 0 SYN, 1 SYN-ACK, 2 ACK, 3..26 six rounds of data and ACKs, 27 client
   * FIN, 28 its ACK, 29 server FIN, 30 the last ACK. */
  if (k == 0)
    {
      seg.flags = SYNACK_FLAG_SYN;
      seg.seq = isn_c;
    }
  else if (k == 1)
    {
      from_client = FALSE;
      seg.flags = SYNACK_FLAG_SYN | SYNACK_FLAG_ACK;
      seg.seq = isn_s;
      seg.ack = isn_c + 1;
    }
  else if (k == 2)
    {
      seg.flags = SYNACK_FLAG_ACK;
      seg.seq = isn_c + 1;
      seg.ack = isn_s + 1;
    }
  else if (k < 27)
    {
      /* Round r: client data, server ACK, server data, client ACK. */
      guint r = (k - 3) / 4, step = (k - 3) % 4;

      seg.flags = SYNACK_FLAG_ACK;
      from_client = step == 0 || step == 3;
      cdata = r * PAYLOAD + (step == 0 ? 0 : PAYLOAD);
      sdata = r * PAYLOAD + (step == 3 ? PAYLOAD : 0);
      if (step == 0 || step == 2)
        {
          seg.flags |= SYNACK_FLAG_PSH;
          seg.payload_len = PAYLOAD;
        }
      seg.seq = from_client ? isn_c + 1 + cdata : isn_s + 1 + sdata;
      seg.ack = from_client ? isn_s + 1 + sdata : isn_c + 1 + cdata;
    }
  else
    {
      cdata = sdata = 6 * PAYLOAD;
      seg.flags = SYNACK_FLAG_ACK;
      switch (k)
        {
        case 27:  /* client FIN */
          seg.flags |= SYNACK_FLAG_FIN;
          seg.seq = isn_c + 1 + cdata;
          seg.ack = isn_s + 1 + sdata;
          break;
        case 28:  /* server ACK of it */
          from_client = FALSE;
          seg.seq = isn_s + 1 + sdata;
          seg.ack = isn_c + 2 + cdata;
          break;
        case 29:  /* server FIN */
          from_client = FALSE;
          seg.flags |= SYNACK_FLAG_FIN;
          seg.seq = isn_s + 1 + sdata;
          seg.ack = isn_c + 2 + cdata;
          break;
        default:  /* client's last ACK */
          seg.seq = isn_c + 2 + cdata;
          seg.ack = isn_s + 2 + sdata;
          break;
        }
    }
  seg.sport = from_client ? (guint16) (1024 + c % 50000) : 9;
  seg.dport = from_client ? 9 : (guint16) (1024 + c % 50000);
  return synack_wire_encode (from_client ? &client : &server, from_client ? &server : &client,
                             &seg, payload, 64, (guint16) k, buf, MAX_PKT, NULL);
}

#define PACKETS_PER_CONN 31

static gpointer
flood_thread (gpointer data)
{
  Flood *f = data;
  static guint8 bufs[BATCH][MAX_PKT];
  struct mmsghdr msgs[BATCH];
  struct iovec iov[BATCH];
  struct sockaddr_in to[BATCH];
  int one = 1;
  int fd = socket (AF_INET, SOCK_RAW, IPPROTO_RAW);
  const guint64 total = (guint64) RATE * SECONDS;
  struct timespec start, next;
  guint64 p = 0;

  if (fd < 0 || setsockopt (fd, IPPROTO_IP, IP_HDRINCL, &one, sizeof one) != 0)
    {
      g_printerr ("bench-capture-load: raw socket: %s\n", g_strerror (errno));
      f->done = TRUE;
      return NULL;
    }
  clock_gettime (CLOCK_MONOTONIC, &start);
  next = start;
  while (p < total)
    {
      guint n = (guint) MIN (BATCH, total - p);
      struct timespec now;
      int sent;

      for (guint i = 0; i < n; i++)
        {
          guint64 q = p + i;
          gsize len = make_packet (q / PACKETS_PER_CONN, (guint) (q % PACKETS_PER_CONN), bufs[i]);

          memset (&to[i], 0, sizeof to[i]);
          to[i].sin_family = AF_INET;
          memcpy (&to[i].sin_addr, bufs[i] + 16, 4);
          iov[i].iov_base = bufs[i];
          iov[i].iov_len = len;
          memset (&msgs[i], 0, sizeof msgs[i]);
          msgs[i].msg_hdr.msg_iov = &iov[i];
          msgs[i].msg_hdr.msg_iovlen = 1;
          msgs[i].msg_hdr.msg_name = &to[i];
          msgs[i].msg_hdr.msg_namelen = sizeof to[i];
        }
      for (guint done = 0; done < n; )
        {
          sent = sendmmsg (fd, msgs + done, n - done, 0);
          if (sent <= 0)
            {
              if (errno != EINTR && errno != ENOBUFS && errno != EAGAIN)
                f->send_errors++;
              if (sent < 0 && errno != EINTR)
                break;
              continue;
            }
          done += (guint) sent;
          f->sent += (guint) sent;
        }
      p += n;
      /* Pace: the next batch is due BATCH / RATE seconds after this one. */
      next.tv_nsec += (long) (1000000000LL * BATCH / RATE);
      while (next.tv_nsec >= 1000000000L)
        {
          next.tv_nsec -= 1000000000L;
          next.tv_sec++;
        }
      clock_gettime (CLOCK_MONOTONIC, &now);
      if (now.tv_sec < next.tv_sec || (now.tv_sec == next.tv_sec && now.tv_nsec < next.tv_nsec))
        clock_nanosleep (CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
    }
  {
    struct timespec end;

    clock_gettime (CLOCK_MONOTONIC, &end);
    f->elapsed_us = (end.tv_sec - start.tv_sec) * G_USEC_PER_SEC
                    + (end.tv_nsec - start.tv_nsec) / 1000;
  }
  close (fd);
  f->done = TRUE;
  g_main_context_wakeup (NULL);
  return NULL;
}

typedef struct
{
  GArray *intervals;  /* gint64 us between frames */
  gint64  last;
} Frames;

static gboolean
on_frame (gpointer data)
{
  Frames *fr = data;
  gint64 now = g_get_monotonic_time ();

  if (fr->last != 0)
    {
      gint64 d = now - fr->last;

      g_array_append_val (fr->intervals, d);
    }
  fr->last = now;
  return G_SOURCE_CONTINUE;
}

static int
cmp_i64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static gboolean
set_up_namespace (void)
{
  const char *argv[] = { "ip", "link", "set", "lo", "up", NULL };
  int status = 0;

  if (unshare (CLONE_NEWNET) != 0)
    {
      g_printerr ("bench-capture-load: skipped: cannot make a network namespace (%s); "
                  "run it as root\n", g_strerror (errno));
      return FALSE;
    }
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                     &status, NULL) || !g_spawn_check_wait_status (status, NULL))
    {
      g_printerr ("bench-capture-load: skipped: cannot bring up lo (ip link set lo up)\n");
      return FALSE;
    }
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackPcapSource) source = NULL;
  g_autoptr(GArray) intervals = g_array_new (FALSE, FALSE, sizeof (gint64));
  const SynackCaptureStats *stats;
  Frames frames = { intervals, 0 };
  Flood flood = { 0 };
  GThread *thread;
  guint frame_id;
  gint64 drain_until;
  guint64 lost, kernel_lost;
  guint n, n_segments;

  if (!set_up_namespace ())
    return 0;

  /* The kernel's RST replies to the flood are left out. */
  source = synack_pcap_source_new_live ("lo", "tcp and tcp[tcpflags] & tcp-rst == 0", &error);
  if (source == NULL)
    {
      g_printerr ("bench-capture-load: skipped: %s\n", error->message);
      return 0;
    }
  if (!synack_pcap_source_start (source, &error))
    {
      g_printerr ("bench-capture-load: %s\n", error->message);
      return 1;
    }

  frame_id = g_timeout_add_full (G_PRIORITY_DEFAULT, FRAME_US / 1000, on_frame, &frames, NULL);
  thread = g_thread_new ("flood", flood_thread, &flood);
  while (!flood.done)
    g_main_context_iteration (NULL, TRUE);
  g_thread_join (thread);

  /* Let the capture catch up for a second, then stop it. */
  drain_until = g_get_monotonic_time () + G_USEC_PER_SEC;
  while (g_get_monotonic_time () < drain_until)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  g_source_remove (frame_id);
  synack_pcap_source_stop (source);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  stats = synack_pcap_source_get_stats (source);
  /* Synack's own pipeline: what libpcap handed out (counted by the reader
   * thread) and did not reach the trace. The rest of what was sent and not
   * captured was lost before libpcap: the kernel ring overflowed. (ps_drop
   * counts on lo both directions of every packet, as ps_recv does; libpcap
   * discards the outgoing copies itself, so it is shown, not used.) */
  n_segments = synack_trace_get_n_segments (synack_pcap_source_get_trace (source));
  lost = stats->tcp > n_segments ? stats->tcp - n_segments : 0;
  kernel_lost = flood.sent > stats->packets ? flood.sent - stats->packets : 0;
  g_array_sort (intervals, cmp_i64);
  n = intervals->len;

  g_printerr ("bench-capture-load: sent %" G_GUINT64_FORMAT " packets in %.2f s; captured %"
              G_GUINT64_FORMAT " (%" G_GUINT64_FORMAT " TCP), kernel dropped %" G_GUINT64_FORMAT
              ", interface dropped %" G_GUINT64_FORMAT ", trace holds %u segments\n",
              flood.sent, flood.elapsed_us / 1e6, stats->packets, stats->tcp, stats->dropped,
              stats->if_dropped, n_segments);
  if (flood.sent == 0 || n == 0)
    {
      g_printerr ("bench-capture-load: nothing was sent or no frame ran\n");
      return 1;
    }

  printf ("BENCH\tload-sent-rate\t%.0f\tpackets/s\t%" G_GUINT64_FORMAT " TCP packets on lo, target "
          "%d/s for %d s\n", flood.sent / (flood.elapsed_us / 1e6), flood.sent, RATE, SECONDS);
  printf ("BENCH\tload-captured\t%.2f\t%%\t%" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT
          " packets reached the trace\n", 100.0 * stats->packets / flood.sent, stats->packets,
          flood.sent);
  printf ("BENCH\tload-kernel-lost\t%" G_GUINT64_FORMAT "\tpackets\tsent - captured: the capture "
          "ring overflowed (pcap_stats ps_drop %" G_GUINT64_FORMAT ", ps_recv %" G_GUINT64_FORMAT
          ", both directions on lo)\n", kernel_lost, stats->dropped, stats->received);
  printf ("BENCH\tload-pipeline-lost\t%" G_GUINT64_FORMAT "\tpackets\tTCP packets libpcap delivered "
          "that did not reach the trace (Synack's own pipeline)\n", lost);
  printf ("BENCH\tload-frame-median\t%.1f\tms\tmain-loop frame interval, 16 ms asked, %u frames\n",
          g_array_index (intervals, gint64, n / 2) / 1000.0, n);
  printf ("BENCH\tload-frame-p99\t%.1f\tms\t99th percentile\n",
          g_array_index (intervals, gint64, MIN (n - 1, n * 99 / 100)) / 1000.0);
  printf ("BENCH\tload-frame-max\t%.1f\tms\tworst frame\n",
          g_array_index (intervals, gint64, n - 1) / 1000.0);
  return 0;
}
