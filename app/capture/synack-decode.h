/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Link-layer decoding: a captured frame of a given link type to a TCP
 * segment, through the tunnels it may be wrapped in. */
#pragma once

#include <glib.h>

#include "synack-wire.h"

G_BEGIN_DECLS

/* What became of one captured frame. */
typedef enum
{
  SYNACK_DECODE_TCP,        /* a TCP segment: ip and seg are filled in */
  SYNACK_DECODE_NOT_TCP,    /* well formed, but not TCP over IP (ARP, UDP, ICMP, ...) */
  SYNACK_DECODE_FRAGMENT,   /* an IP fragment: not a whole segment */
  SYNACK_DECODE_MALFORMED,  /* broken or truncated: the error says why */
} SynackDecodeResult;

/* How a segment came: the tunnels around it, outermost first ("GRE",
 * "VXLAN", "MPLS / PPPoE", ...; "" when none), and what a lenient decode let
 * pass (ip->damage). */
typedef struct
{
  char encapsulation[64];
} SynackDecodeInfo;

/* TRUE for the link types synack_decode_frame() reads: Ethernet (with
 * 802.1Q/802.1ad tags, VN-Tag, PBB and Cisco FabricPath), Linux cooked v1
 * and v2, BSD null and OpenBSD loop, raw IP, IPv4 and IPv6, 802.11 (plain,
 * radiotap, PPI, Prism, AVS), PPP (also serial/HDLC, with direction, and
 * PPPoE), Cisco HDLC, Frame Relay, SLIP, NFLOG, PKTAP, IPNET, FDDI, Token
 * Ring, ATM RFC 1483, OpenBSD enc and pflog, IP over InfiniBand, MPLS,
 * netANALYZER. linktype is a DLT_ value, as pcap_datalink() returns. */
gboolean            synack_decode_linktype_supported (int                 linktype);
/* "Ethernet", "802.11 with radiotap", ...; never NULL. Not translated. */
const char         *synack_decode_linktype_name      (int                 linktype);
/* The link types read, in words, for messages: "Ethernet, Wi-Fi (802.11,
 * radiotap, PPI), ...". Not translated. */
const char         *synack_decode_linktypes_read     (void);

/* Decode one frame of caplen captured bytes. Never reads past data + caplen.
 * verify_checksums computes the TCP checksum (Wireshark does not by default:
 * it is costly and capture hosts with offload get it wrong); without it
 * ip->tcp_checksum is SYNACK_CHECKSUM_UNKNOWN. error is set only for
 * SYNACK_DECODE_MALFORMED and SYNACK_DECODE_FRAGMENT. Strict: a malformed
 * option makes the frame malformed. */
SynackDecodeResult  synack_decode_frame              (int                 linktype,
                                                      const guint8       *data,
                                                      gsize               caplen,
                                                      gboolean            verify_checksums,
                                                      SynackIpInfo       *ip,
                                                      SynackSegment      *seg,
                                                      GError            **error);

/* The same as a capture reader wants it: wire_len is the frame's length on
 * the wire (>= caplen), tunnels are named in info (may be NULL), and a
 * segment with malformed options, or an IP length past what the frame had,
 * is kept (SYNACK_WIRE_LENIENT; ip->damage says what). */
SynackDecodeResult  synack_decode_captured           (int                 linktype,
                                                      const guint8       *data,
                                                      gsize               caplen,
                                                      gsize               wire_len,
                                                      gboolean            verify_checksums,
                                                      SynackIpInfo       *ip,
                                                      SynackSegment      *seg,
                                                      SynackDecodeInfo   *info,
                                                      GError            **error);

G_END_DECLS
