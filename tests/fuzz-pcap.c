/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: reading a pcap or pcapng file, end to end. The bytes go
 * through libpcap (pcap_fopen_offline on fmemopen) with each frame decoded,
 * then through synack_pcap_load_file (decode, inference, the trace), whose
 * counts must agree with each other. */
#define _GNU_SOURCE 1  /* memfd_create */
#include "config.h"

#include <pcap/pcap.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz-common.h"
#include "synack-decode.h"
#include "synack-error.h"
#include "synack-pcap-source.h"

/* libpcap directly: every frame it hands out is decoded. Returns the packet count. */
static guint64
read_with_libpcap (const uint8_t *data,
                   size_t         size)
{
  char errbuf[PCAP_ERRBUF_SIZE];
  struct pcap_pkthdr *hdr;
  const u_char *pkt;
  guint64 n = 0;
  pcap_t *pcap;
  FILE *fp;
  int linktype;

  fp = fmemopen ((void *) data, size, "rb");
  if (fp == NULL)
    return 0;
  pcap = pcap_fopen_offline_with_tstamp_precision (fp, PCAP_TSTAMP_PRECISION_NANO, errbuf);
  if (pcap == NULL)
    {
      fclose (fp);
      return 0;
    }
  linktype = pcap_datalink (pcap);
  while (pcap_next_ex (pcap, &hdr, &pkt) == 1)
    {
      g_autoptr(GError) error = NULL;
      SynackIpInfo ip;
      SynackSegment seg;

      n++;
      /* pcapng may change link type per interface. */
      linktype = pcap_datalink (pcap);
      if (synack_decode_linktype_supported (linktype))
        (void) synack_decode_frame (linktype, pkt, hdr->caplen, n & 1, &ip, &seg, &error);
    }
  pcap_close (pcap);  /* closes fp */
  return n;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackTrace) trace = NULL;
  g_autofree char *path = NULL;
  SynackCaptureStats stats;
  int fd;

  (void) read_with_libpcap (data, size);

  /* synack_pcap_load_file wants a path: give it an anonymous memory file. */
  fd = memfd_create ("fuzz-pcap", MFD_CLOEXEC);
  FUZZ_CHECK (fd >= 0);
  FUZZ_CHECK (write (fd, data, size) == (ssize_t) size);
  path = g_strdup_printf ("/proc/self/fd/%d", fd);

  synack_capture_stats_init (&stats);
  trace = synack_pcap_load_file (path, NULL, NULL, NULL, NULL, &stats, &error);
  if (trace == NULL)
    {
      FUZZ_CHECK (error != NULL);
      FUZZ_CHECK (error->message != NULL && g_utf8_validate (error->message, -1, NULL));
    }
  else
    {
      FUZZ_CHECK (error == NULL);
      FUZZ_CHECK (stats.tcp + stats.not_tcp + stats.fragments + stats.malformed == stats.packets);
      FUZZ_CHECK (synack_trace_get_n_segments (trace) == stats.tcp);
      FUZZ_CHECK (stats.skipped != NULL);
      FUZZ_CHECK (stats.skipped->len <= stats.malformed + stats.fragments);
      for (guint i = 0; i < synack_trace_get_n_connections (trace); i++)
        FUZZ_CHECK (synack_trace_get_connection (trace, i) != NULL);
      for (guint i = 0; i < synack_trace_get_n_events (trace); i++)
        {
          SynackEvent ev;

          FUZZ_CHECK (synack_trace_read_event (trace, i, &ev));
        }
    }
  synack_capture_stats_clear (&stats);
  close (fd);
  return 0;
}
