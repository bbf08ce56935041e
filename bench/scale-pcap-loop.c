/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The floor a capture loader is measured against: libpcap reading every
 * record of a file (nanosecond timestamps, as Synack opens it) and touching
 * nothing but the header. Prints the count of packets and of bytes. */
#include "config.h"

#include <pcap/pcap.h>
#include <stdio.h>

int
main (int   argc,
      char *argv[])
{
  char errbuf[PCAP_ERRBUF_SIZE] = "";
  struct pcap_pkthdr *hdr;
  const u_char *data;
  unsigned long long packets = 0, bytes = 0;
  pcap_t *p;
  int rc;

  if (argc != 2)
    {
      fprintf (stderr, "usage: %s FILE.pcap\n", argv[0]);
      return 2;
    }
  p = pcap_open_offline_with_tstamp_precision (argv[1], PCAP_TSTAMP_PRECISION_NANO, errbuf);
  if (p == NULL)
    {
      fprintf (stderr, "%s: %s\n", argv[1], errbuf);
      return 2;
    }
  while ((rc = pcap_next_ex (p, &hdr, &data)) >= 0)
    {
      packets++;
      bytes += hdr->caplen + data[0];
    }
  pcap_close (p);
  printf ("%llu packets, %llu bytes\n", packets, bytes);
  return rc == PCAP_ERROR ? 1 : 0;
}
