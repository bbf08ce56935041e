/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <pcap/dlt.h>
#include <string.h>

#include "synack-decode.h"
#include "synack-error.h"

#define ETHERTYPE_IPV4  0x0800
#define ETHERTYPE_IPV6  0x86dd
#define ETHERTYPE_VLAN  0x8100
#define ETHERTYPE_QINQ  0x88a8
#define ETHERTYPE_QINQ1 0x9100

/* LINKTYPE_RAW as stored in files; libpcap maps it to DLT_RAW, but a caller
 * may hand us the file's value. */
#define LINKTYPE_RAW_FILE 101

/* Nested VLAN tags beyond this are treated as malformed (a loop guard). */
#define MAX_VLAN_TAGS 8

static inline guint16
get16 (const guint8 *p)
{
  return (guint16) (p[0] << 8 | p[1]);
}

static inline guint32
get32_le (const guint8 *p)
{
  return (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;
}

static inline guint32
get32_be (const guint8 *p)
{
  return (guint32) p[3] | (guint32) p[2] << 8 | (guint32) p[1] << 16 | (guint32) p[0] << 24;
}

gboolean
synack_decode_linktype_supported (int linktype)
{
  switch (linktype)
    {
    case DLT_NULL:
    case DLT_EN10MB:
    case DLT_RAW:
    case 14:  /* DLT_RAW on BSD/OS */
    case LINKTYPE_RAW_FILE:
    case DLT_LOOP:
    case DLT_LINUX_SLL:
    case DLT_LINUX_SLL2:
    case DLT_IPV4:
    case DLT_IPV6:
      return TRUE;
    default:
      return FALSE;
    }
}

const char *
synack_decode_linktype_name (int linktype)
{
  switch (linktype)
    {
    case DLT_NULL:        return "BSD loopback";
    case DLT_EN10MB:      return "Ethernet";
    case DLT_RAW:
    case 14:
    case LINKTYPE_RAW_FILE: return "raw IP";
    case DLT_LOOP:        return "OpenBSD loopback";
    case DLT_LINUX_SLL:   return "Linux cooked v1";
    case DLT_LINUX_SLL2:  return "Linux cooked v2";
    case DLT_IPV4:        return "raw IPv4";
    case DLT_IPV6:        return "raw IPv6";
    default:              return "unknown";
    }
}

static SynackDecodeResult
decode_ip (const guint8   *data,
           gsize           len,
           int             expect_version,
           gboolean        verify_checksums,
           SynackIpInfo   *ip,
           SynackSegment  *seg,
           GError        **error)
{
  GError *local = NULL;

  if (len < 1)
    {
      g_set_error_literal (error, SYNACK_ERROR, SYNACK_ERROR_TRUNCATED,
                           "no IP header after the link-layer header");
      return SYNACK_DECODE_MALFORMED;
    }
  if (expect_version != 0 && (data[0] >> 4) != expect_version)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_MALFORMED,
                   "IP version %u where the link layer says IPv%d",
                   data[0] >> 4, expect_version);
      return SYNACK_DECODE_MALFORMED;
    }

  if (synack_wire_decode_with_flags (data, len,
                                     verify_checksums ? SYNACK_WIRE_DEFAULT
                                                      : SYNACK_WIRE_NO_CHECKSUMS,
                                     ip, seg, &local))
    return SYNACK_DECODE_TCP;

  if (g_error_matches (local, SYNACK_ERROR, SYNACK_ERROR_NOT_TCP))
    {
      g_error_free (local);
      return SYNACK_DECODE_NOT_TCP;
    }
  if (g_error_matches (local, SYNACK_ERROR, SYNACK_ERROR_FRAGMENT))
    {
      g_propagate_error (error, local);
      return SYNACK_DECODE_FRAGMENT;
    }
  g_propagate_error (error, local);
  return SYNACK_DECODE_MALFORMED;
}

/* An Ethernet type (after any VLAN tags) at data[off]. */
static SynackDecodeResult
decode_ethertype (const guint8   *data,
                  gsize           caplen,
                  gsize           off,
                  const char     *what,
                  gboolean        verify_checksums,
                  SynackIpInfo   *ip,
                  SynackSegment  *seg,
                  GError        **error)
{
  guint16 type;
  guint tags = 0;

  if (off + 2 > caplen)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_TRUNCATED,
                   "truncated %s header: %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " bytes",
                   what, caplen, off + 2);
      return SYNACK_DECODE_MALFORMED;
    }
  type = get16 (data + off);
  off += 2;
  while (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ || type == ETHERTYPE_QINQ1)
    {
      if (++tags > MAX_VLAN_TAGS)
        {
          g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_MALFORMED,
                       "more than %d nested VLAN tags", MAX_VLAN_TAGS);
          return SYNACK_DECODE_MALFORMED;
        }
      if (off + 4 > caplen)
        {
          g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_TRUNCATED,
                       "truncated 802.1Q VLAN tag at byte %" G_GSIZE_FORMAT, off - 2);
          return SYNACK_DECODE_MALFORMED;
        }
      type = get16 (data + off + 2);
      off += 4;
    }

  switch (type)
    {
    case ETHERTYPE_IPV4:
      return decode_ip (data + off, caplen - off, 4, verify_checksums, ip, seg, error);
    case ETHERTYPE_IPV6:
      return decode_ip (data + off, caplen - off, 6, verify_checksums, ip, seg, error);
    default:
      return SYNACK_DECODE_NOT_TCP;
    }
}

static SynackDecodeResult
decode_null (const guint8   *data,
             gsize           caplen,
             gboolean        network_order,
             gboolean        verify_checksums,
             SynackIpInfo   *ip,
             SynackSegment  *seg,
             GError        **error)
{
  guint32 family;

  if (caplen < 4)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_TRUNCATED,
                   "truncated loopback header: %" G_GSIZE_FORMAT " of 4 bytes", caplen);
      return SYNACK_DECODE_MALFORMED;
    }
  /* DLT_NULL stores the family in the capturing host's byte order: accept
   * either, since the values are small. */
  family = network_order ? get32_be (data) : get32_le (data);
  if (!network_order && family > 0xffff)
    family = get32_be (data);
  switch (family)
    {
    case 2:                    /* AF_INET everywhere */
      return decode_ip (data + 4, caplen - 4, 4, verify_checksums, ip, seg, error);
    case 10:                   /* AF_INET6: Linux */
    case 24:                   /* NetBSD, OpenBSD */
    case 28:                   /* FreeBSD, DragonFly */
    case 30:                   /* macOS */
      return decode_ip (data + 4, caplen - 4, 6, verify_checksums, ip, seg, error);
    default:
      return SYNACK_DECODE_NOT_TCP;
    }
}

SynackDecodeResult
synack_decode_frame (int             linktype,
                     const guint8   *data,
                     gsize           caplen,
                     gboolean        verify_checksums,
                     SynackIpInfo   *ip,
                     SynackSegment  *seg,
                     GError        **error)
{
  switch (linktype)
    {
    case DLT_EN10MB:
      if (caplen < 14)
        {
          g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_TRUNCATED,
                       "truncated Ethernet header: %" G_GSIZE_FORMAT " of 14 bytes", caplen);
          return SYNACK_DECODE_MALFORMED;
        }
      /* A length below 0x0600 is IEEE 802.3 with LLC: never IP for us. */
      if (get16 (data + 12) < 0x0600)
        return SYNACK_DECODE_NOT_TCP;
      return decode_ethertype (data, caplen, 12, "Ethernet", verify_checksums, ip, seg, error);

    case DLT_LINUX_SLL:
      if (caplen < 16)
        {
          g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_TRUNCATED,
                       "truncated Linux cooked header: %" G_GSIZE_FORMAT " of 16 bytes", caplen);
          return SYNACK_DECODE_MALFORMED;
        }
      return decode_ethertype (data, caplen, 14, "Linux cooked", verify_checksums, ip, seg, error);

    case DLT_LINUX_SLL2:
      if (caplen < 20)
        {
          g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_TRUNCATED,
                       "truncated Linux cooked v2 header: %" G_GSIZE_FORMAT " of 20 bytes",
                       caplen);
          return SYNACK_DECODE_MALFORMED;
        }
      {
        /* The protocol type comes first; the IP header starts at byte 20. */
        guint16 type = get16 (data);

        if (type == ETHERTYPE_IPV4)
          return decode_ip (data + 20, caplen - 20, 4, verify_checksums, ip, seg, error);
        if (type == ETHERTYPE_IPV6)
          return decode_ip (data + 20, caplen - 20, 6, verify_checksums, ip, seg, error);
        if (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ)
          {
            /* A VLAN tag the kernel did not strip: its TCI and the inner
             * type follow the cooked header. */
            if (caplen < 24)
              {
                g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_TRUNCATED,
                             "truncated 802.1Q VLAN tag at byte 20");
                return SYNACK_DECODE_MALFORMED;
              }
            return decode_ethertype (data, caplen, 22, "Linux cooked v2", verify_checksums,
                                     ip, seg, error);
          }
        return SYNACK_DECODE_NOT_TCP;
      }

    case DLT_NULL:
      return decode_null (data, caplen, FALSE, verify_checksums, ip, seg, error);
    case DLT_LOOP:
      return decode_null (data, caplen, TRUE, verify_checksums, ip, seg, error);

    case DLT_RAW:
    case 14:
    case LINKTYPE_RAW_FILE:
      if (caplen < 1)
        {
          g_set_error_literal (error, SYNACK_ERROR, SYNACK_ERROR_TRUNCATED, "empty packet");
          return SYNACK_DECODE_MALFORMED;
        }
      if ((data[0] >> 4) != 4 && (data[0] >> 4) != 6)
        {
          g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_MALFORMED,
                       "unknown IP version %u", data[0] >> 4);
          return SYNACK_DECODE_MALFORMED;
        }
      return decode_ip (data, caplen, 0, verify_checksums, ip, seg, error);
    case DLT_IPV4:
      return decode_ip (data, caplen, 4, verify_checksums, ip, seg, error);
    case DLT_IPV6:
      return decode_ip (data, caplen, 6, verify_checksums, ip, seg, error);

    default:
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_UNSUPPORTED,
                   "link type %d is not supported", linktype);
      return SYNACK_DECODE_MALFORMED;
    }
}
