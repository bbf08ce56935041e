/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Wire encoding and decoding of IPv4/IPv6 TCP segments, with checksums. */
#pragma once

#include <glib.h>

#include "synack-segment.h"

G_BEGIN_DECLS

typedef enum
{
  SYNACK_CHECKSUM_UNKNOWN,  /* not all bytes were captured */
  SYNACK_CHECKSUM_GOOD,
  SYNACK_CHECKSUM_BAD,      /* often checksum offload on the capturing host */
} SynackChecksumStatus;

/* What the IP layer said about a decoded segment. */
typedef struct
{
  SynackAddress        src;
  SynackAddress        dst;
  guint8               ttl;             /* or IPv6 hop limit */
  guint8               ip_protocol;     /* the upper-layer protocol number */
  guint16              ip_id;           /* IPv4 only */
  guint32              ip_len;          /* length of the IP packet on the wire */
  guint32              tcp_offset;      /* where the TCP header starts in the buffer */
  guint32              payload_offset;  /* where the TCP payload starts */
  guint32              payload_captured;/* payload bytes present in the buffer */
  SynackChecksumStatus ip_checksum;
  SynackChecksumStatus tcp_checksum;
  guint8               damage;          /* SynackWireDamage: what a lenient decode let pass */
} SynackIpInfo;

/* What was wrong with a segment a lenient decode kept (SYNACK_WIRE_LENIENT). */
typedef enum
{
  /* The TCP options are malformed: those before the fault are read, the
   * rest are not; the segment is kept, as Wireshark keeps it. */
  SYNACK_WIRE_DAMAGE_OPTIONS = 1 << 0,
  /* The IP header claims more bytes than the packet had on the wire: the
   * segment is what the packet holds. */
  SYNACK_WIRE_DAMAGE_LENGTH  = 1 << 1,
} SynackWireDamage;

/* Bytes needed to encode seg with the options it carries (IP + TCP headers + payload). */
gsize     synack_wire_encoded_size (const SynackAddress *src,
                                    const SynackSegment *seg);

/* Encode an IP packet holding seg, with correct IP and TCP checksums.
 * payload may be NULL (the payload is then zero bytes). ttl is the IPv4 TTL
 * or IPv6 hop limit, ip_id the IPv4 identification. Returns the length
 * written, or 0 with error set when buf is too small or the addresses
 * disagree in family. */
gsize     synack_wire_encode       (const SynackAddress *src,
                                    const SynackAddress *dst,
                                    const SynackSegment *seg,
                                    const guint8        *payload,
                                    guint8               ttl,
                                    guint16              ip_id,
                                    guint8              *buf,
                                    gsize                buf_len,
                                    GError             **error);

/* Encode only the TCP header (with options) of seg, checksum included. */
gsize     synack_wire_encode_tcp   (const SynackAddress *src,
                                    const SynackAddress *dst,
                                    const SynackSegment *seg,
                                    const guint8        *payload,
                                    guint8              *buf,
                                    gsize                buf_len,
                                    GError             **error);

/* Decode an IPv4 or IPv6 packet carrying TCP. data holds the captured bytes
 * (possibly fewer than the packet's length). Fails with SYNACK_ERROR_NOT_TCP,
 * SYNACK_ERROR_FRAGMENT, SYNACK_ERROR_TRUNCATED or SYNACK_ERROR_MALFORMED and
 * a message saying what is wrong; never reads past data + len. */
gboolean  synack_wire_decode       (const guint8        *data,
                                    gsize                len,
                                    SynackIpInfo        *ip,
                                    SynackSegment       *seg,
                                    GError             **error);

typedef enum
{
  SYNACK_WIRE_DEFAULT      = 0,
  SYNACK_WIRE_NO_CHECKSUMS = 1 << 0,  /* leave ip_checksum and tcp_checksum UNKNOWN */
  /* A capture reader's: keep a segment with malformed options, and one
   * whose IP length claims more than the packet had (ip->damage says so). */
  SYNACK_WIRE_LENIENT      = 1 << 1,
} SynackWireFlags;

/* synack_wire_decode() with flags: readers of big captures skip the
 * checksums, as Wireshark does by default. */
gboolean  synack_wire_decode_with_flags (const guint8   *data,
                                         gsize           len,
                                         SynackWireFlags flags,
                                         SynackIpInfo   *ip,
                                         SynackSegment  *seg,
                                         GError        **error);
/* The same for a packet of which len bytes were captured and wire_len were
 * on the wire (wire_len >= len): with SYNACK_WIRE_LENIENT an IP length past
 * wire_len is cut to it. */
gboolean  synack_wire_decode_captured (const guint8   *data,
                                       gsize           len,
                                       gsize           wire_len,
                                       SynackWireFlags flags,
                                       SynackIpInfo   *ip,
                                       SynackSegment  *seg,
                                       GError        **error);

/* Decode a TCP header at data (len bytes available). payload_len is set from
 * tcp_len (the TCP length the IP layer gives) minus the header length. */
gboolean  synack_wire_decode_tcp   (const guint8        *data,
                                    gsize                len,
                                    gsize                tcp_len,
                                    SynackSegment       *seg,
                                    gsize               *header_len,
                                    GError             **error);

/* The Internet checksum (RFC 1071) of data, folded, not complemented, added to sum. */
guint32   synack_wire_checksum_add (guint32              sum,
                                    const guint8        *data,
                                    gsize                len);
guint16   synack_wire_checksum_fold (guint32             sum);

G_END_DECLS
