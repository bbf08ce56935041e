/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Link-layer decoding: a captured frame of a given link type to a TCP segment. */
#pragma once

#include <glib.h>

#include "synack-wire.h"

G_BEGIN_DECLS

/* What became of one captured frame. */
typedef enum
{
  SYNACK_DECODE_TCP,        /* a TCP segment: ip and seg are filled in */
  SYNACK_DECODE_NOT_TCP,    /* well formed, but not TCP over IP (ARP, UDP, ICMP, ...) */
  SYNACK_DECODE_FRAGMENT,   /* an IP fragment that does not hold the TCP header */
  SYNACK_DECODE_MALFORMED,  /* broken or truncated: the error says why */
} SynackDecodeResult;

/* TRUE for the link types synack_decode_frame() reads: Ethernet (with 802.1Q
 * and 802.1ad tags), Linux cooked v1 and v2, BSD null and OpenBSD loop, raw
 * IP, raw IPv4 and raw IPv6. linktype is a DLT_ value, as pcap_datalink()
 * returns. */
gboolean            synack_decode_linktype_supported (int                 linktype);
/* "Ethernet", "Linux cooked v2", ...; never NULL. Not translated. */
const char         *synack_decode_linktype_name      (int                 linktype);

/* Decode one frame of caplen captured bytes. Never reads past data + caplen.
 * verify_checksums computes the TCP checksum (Wireshark does not by default:
 * it is costly and capture hosts with offload get it wrong); without it
 * ip->tcp_checksum is SYNACK_CHECKSUM_UNKNOWN. error is set only for
 * SYNACK_DECODE_MALFORMED and SYNACK_DECODE_FRAGMENT. */
SynackDecodeResult  synack_decode_frame              (int                 linktype,
                                                      const guint8       *data,
                                                      gsize               caplen,
                                                      gboolean            verify_checksums,
                                                      SynackIpInfo       *ip,
                                                      SynackSegment      *seg,
                                                      GError            **error);

G_END_DECLS
