/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <pcap/dlt.h>
#include <string.h>

#include "synack-decode.h"
#include "synack-error.h"

#define ETHERTYPE_IPV4       0x0800
#define ETHERTYPE_IPV6       0x86dd
#define ETHERTYPE_VLAN       0x8100
#define ETHERTYPE_QINQ       0x88a8
#define ETHERTYPE_QINQ1      0x9100
#define ETHERTYPE_VNTAG      0x8926
#define ETHERTYPE_PBB        0x88e7
#define ETHERTYPE_FABRICPATH 0x8903
#define ETHERTYPE_PPPOE      0x8864
#define ETHERTYPE_MPLS       0x8847
#define ETHERTYPE_MPLS_MC    0x8848
#define ETHERTYPE_TEB        0x6558   /* transparent Ethernet bridging (GRE, Geneve) */
#define ETHERTYPE_ERSPAN2    0x88be
#define ETHERTYPE_ERSPAN3    0x22eb
#define ETHERTYPE_PPP        0x880b

/* Link types as stored in files, where libpcap's DLT_ value differs or a
 * header may lack the name. */
#define LINKTYPE_RAW_FILE    101
#define LINKTYPE_PKTAP       258
#define DLT_RAW_BSDOS        14

/* Nested tags and tunnels beyond these are treated as malformed (loop guards). */
#define MAX_VLAN_TAGS  8
#define MAX_DEPTH      8
#define MAX_MPLS       16

typedef struct
{
  const guint8     *data;
  gsize             caplen;
  gsize             wire_len;
  SynackWireFlags   wflags;
  SynackIpInfo     *ip;
  SynackSegment    *seg;
  SynackDecodeInfo *info;
  GError          **error;
  guint             depth;
} Ctx;

static SynackDecodeResult decode_link      (Ctx *c, int linktype, gsize off);
static SynackDecodeResult decode_ethernet  (Ctx *c, gsize off);
static SynackDecodeResult decode_ethertype (Ctx *c, guint16 type, gsize off);
static SynackDecodeResult decode_ip        (Ctx *c, gsize off, gsize end, int version);

static inline guint16
get16 (const guint8 *p)
{
  return (guint16) (p[0] << 8 | p[1]);
}

static inline guint16
get16_le (const guint8 *p)
{
  return (guint16) (p[0] | p[1] << 8);
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

/* ------------------------------------------------------------ link types */

typedef struct
{
  int         dlt;
  const char *name;
} LinkType;

static const LinkType link_types[] = {
  { DLT_EN10MB, "Ethernet" },
  { DLT_LINUX_SLL, "Linux cooked v1" },
  { DLT_LINUX_SLL2, "Linux cooked v2" },
  { DLT_NULL, "BSD loopback" },
  { DLT_LOOP, "OpenBSD loopback" },
  { DLT_RAW, "raw IP" },
  { DLT_RAW_BSDOS, "raw IP" },
  { LINKTYPE_RAW_FILE, "raw IP" },
  { DLT_IPV4, "raw IPv4" },
  { DLT_IPV6, "raw IPv6" },
  { DLT_IEEE802_11, "802.11" },
  { DLT_IEEE802_11_RADIO, "802.11 with radiotap" },
  { DLT_PPI, "802.11 with PPI" },
  { DLT_PRISM_HEADER, "802.11 with Prism" },
  { DLT_IEEE802_11_RADIO_AVS, "802.11 with AVS" },
  { DLT_PPP, "PPP" },
  { DLT_PPP_SERIAL, "PPP serial (HDLC)" },
  { DLT_PPP_ETHER, "PPPoE" },
  { DLT_PPP_WITH_DIR, "PPP with direction" },
  { DLT_PPP_PPPD, "PPP (pppd)" },
  { DLT_C_HDLC, "Cisco HDLC" },
  { DLT_C_HDLC_WITH_DIR, "Cisco HDLC with direction" },
  { DLT_FRELAY, "Frame Relay" },
  { DLT_SLIP, "SLIP" },
  { DLT_NFLOG, "Linux NFLOG" },
  { LINKTYPE_PKTAP, "Apple PKTAP" },
  { DLT_IPNET, "Solaris IPNET" },
  { DLT_FDDI, "FDDI" },
  { DLT_IEEE802, "Token Ring" },
  { DLT_ATM_RFC1483, "ATM (RFC 1483)" },
  { DLT_SUNATM, "SunATM" },
  { DLT_ENC, "OpenBSD enc" },
  { DLT_PFLOG, "OpenBSD pflog" },
  { DLT_IPOIB, "IP over InfiniBand" },
  { DLT_MPLS, "MPLS" },
  { DLT_NETANALYZER, "netANALYZER" },
  { DLT_NETANALYZER_TRANSPARENT, "netANALYZER transparent" },
};

static const LinkType *
find_link_type (int linktype)
{
  for (gsize i = 0; i < G_N_ELEMENTS (link_types); i++)
    if (link_types[i].dlt == linktype)
      return &link_types[i];
  return NULL;
}

gboolean
synack_decode_linktype_supported (int linktype)
{
  return find_link_type (linktype) != NULL;
}

const char *
synack_decode_linktype_name (int linktype)
{
  const LinkType *lt = find_link_type (linktype);

  return lt ? lt->name : "unknown";
}

const char *
synack_decode_linktypes_read (void)
{
  return "Ethernet, Linux cooked, loopback, raw IP, Wi-Fi (802.11, radiotap, PPI, Prism, AVS), "
         "PPP, PPPoE, Cisco HDLC, Frame Relay, SLIP, NFLOG, PKTAP, IPNET, FDDI, Token Ring, "
         "ATM, OpenBSD enc and pflog, IP over InfiniBand, MPLS, netANALYZER";
}

/* ---------------------------------------------------------------- helpers */

static SynackDecodeResult
truncated (Ctx        *c,
           const char *what,
           gsize       need)
{
  g_set_error (c->error, SYNACK_ERROR, SYNACK_ERROR_TRUNCATED,
               "truncated %s header: %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " bytes",
               what, c->caplen, need);
  return SYNACK_DECODE_MALFORMED;
}

static SynackDecodeResult
malformed (Ctx        *c,
           const char *what)
{
  g_set_error (c->error, SYNACK_ERROR, SYNACK_ERROR_MALFORMED, "%s", what);
  return SYNACK_DECODE_MALFORMED;
}

/* A tunnel the segment came through, outermost first. */
static gboolean
enter (Ctx        *c,
       const char *name)
{
  if (++c->depth > MAX_DEPTH)
    return FALSE;
  if (c->info != NULL && name != NULL)
    {
      gsize n = strlen (c->info->encapsulation);

      g_snprintf (c->info->encapsulation + n, sizeof c->info->encapsulation - n, "%s%s",
                  n ? " / " : "", name);
    }
  return TRUE;
}

#define ENTER(c, name) \
  G_STMT_START { if (!enter ((c), (name))) return malformed ((c), "tunnels nested too deep"); } G_STMT_END

/* An IP packet whose version the first nibble tells. */
static SynackDecodeResult
decode_ip_any (Ctx   *c,
               gsize  off)
{
  if (off >= c->caplen)
    return truncated (c, "IP", off + 1);
  switch (c->data[off] >> 4)
    {
    case 4: return decode_ip (c, off, c->caplen, 4);
    case 6: return decode_ip (c, off, c->caplen, 6);
    default: return SYNACK_DECODE_NOT_TCP;
    }
}

/* 802.2 LLC with SNAP: AA AA 03, an OUI, then an Ethernet type. */
static SynackDecodeResult
decode_llc (Ctx   *c,
            gsize  off)
{
  const guint8 *p = c->data + off;

  if (off + 3 > c->caplen)
    return truncated (c, "802.2 LLC", off + 3);
  if (p[0] != 0xaa || p[1] != 0xaa || p[2] != 0x03)
    return SYNACK_DECODE_NOT_TCP;
  if (off + 8 > c->caplen)
    return truncated (c, "SNAP", off + 8);
  return decode_ethertype (c, get16 (p + 6), off + 8);
}

/* PPP: an optional FF 03 (address and control), then the protocol, one byte
 * when its low bit is set (compressed), else two. */
static SynackDecodeResult
decode_ppp (Ctx   *c,
            gsize  off)
{
  guint16 proto;

  if (off + 2 <= c->caplen && c->data[off] == 0xff && c->data[off + 1] == 0x03)
    off += 2;
  if (off + 1 > c->caplen)
    return truncated (c, "PPP", off + 1);
  if (c->data[off] & 1)
    proto = c->data[off++];
  else
    {
      if (off + 2 > c->caplen)
        return truncated (c, "PPP", off + 2);
      proto = get16 (c->data + off);
      off += 2;
    }
  switch (proto)
    {
    case 0x0021: return decode_ip (c, off, c->caplen, 4);
    case 0x0057: return decode_ip (c, off, c->caplen, 6);
    case 0x0281:
    case 0x0283: return decode_ethertype (c, ETHERTYPE_MPLS, off);
    default: return SYNACK_DECODE_NOT_TCP;
    }
}

/* MPLS labels down to the bottom of the stack, then IP (by its version), or
 * a pseudowire's control word and Ethernet. */
static SynackDecodeResult
decode_mpls (Ctx   *c,
             gsize  off)
{
  for (guint n = 0;; n++)
    {
      if (n == MAX_MPLS)
        return malformed (c, "more than 16 MPLS labels");
      if (off + 4 > c->caplen)
        return truncated (c, "MPLS", off + 4);
      off += 4;
      if (c->data[off - 2] & 0x01)
        break;
    }
  if (off >= c->caplen)
    return truncated (c, "MPLS payload", off + 1);
  switch (c->data[off] >> 4)
    {
    case 4: return decode_ip (c, off, c->caplen, 4);
    case 6: return decode_ip (c, off, c->caplen, 6);
    case 0:
      /* A pseudowire control word, then an Ethernet frame. */
      ENTER (c, "Ethernet over MPLS");
      return decode_ethernet (c, off + 4);
    default: return SYNACK_DECODE_NOT_TCP;
    }
}

static SynackDecodeResult
decode_ethertype (Ctx     *c,
                  guint16  type,
                  gsize    off)
{
  guint tags = 0;

  while (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ || type == ETHERTYPE_QINQ1)
    {
      if (++tags > MAX_VLAN_TAGS)
        {
          g_set_error (c->error, SYNACK_ERROR, SYNACK_ERROR_MALFORMED,
                       "more than %d nested VLAN tags", MAX_VLAN_TAGS);
          return SYNACK_DECODE_MALFORMED;
        }
      if (off + 4 > c->caplen)
        {
          g_set_error (c->error, SYNACK_ERROR, SYNACK_ERROR_TRUNCATED,
                       "truncated 802.1Q VLAN tag at byte %" G_GSIZE_FORMAT, off);
          return SYNACK_DECODE_MALFORMED;
        }
      type = get16 (c->data + off + 2);
      off += 4;
    }

  switch (type)
    {
    case ETHERTYPE_IPV4:
      return decode_ip (c, off, c->caplen, 4);
    case ETHERTYPE_IPV6:
      return decode_ip (c, off, c->caplen, 6);
    case ETHERTYPE_VNTAG:
      /* Cisco VN-Tag: four bytes of tag, then the real type. */
      ENTER (c, "VN-Tag");
      if (off + 6 > c->caplen)
        return truncated (c, "VN-Tag", off + 6);
      return decode_ethertype (c, get16 (c->data + off + 4), off + 6);
    case ETHERTYPE_PBB:
      /* 802.1ah: the I-TAG, then the customer's Ethernet header. */
      ENTER (c, "PBB");
      return decode_ethernet (c, off + 4);
    case ETHERTYPE_FABRICPATH:
      /* Cisco FabricPath: the FTag and TTL, then the classic frame. */
      ENTER (c, "FabricPath");
      return decode_ethernet (c, off + 2);
    case ETHERTYPE_PPPOE:
      ENTER (c, "PPPoE");
      if (off + 6 > c->caplen)
        return truncated (c, "PPPoE", off + 6);
      if (c->data[off] != 0x11 || c->data[off + 1] != 0x00)
        return SYNACK_DECODE_NOT_TCP;
      return decode_ppp (c, off + 6);
    case ETHERTYPE_MPLS:
    case ETHERTYPE_MPLS_MC:
      ENTER (c, "MPLS");
      return decode_mpls (c, off);
    case ETHERTYPE_TEB:
      return decode_ethernet (c, off);
    default:
      return SYNACK_DECODE_NOT_TCP;
    }
}

/* An Ethernet header at off: a type, or 802.3 with LLC/SNAP. */
static SynackDecodeResult
decode_ethernet (Ctx   *c,
                 gsize  off)
{
  guint16 type;

  if (off + 14 > c->caplen)
    {
      g_set_error (c->error, SYNACK_ERROR, SYNACK_ERROR_TRUNCATED,
                   "truncated Ethernet header: %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " bytes",
                   c->caplen, off + 14);
      return SYNACK_DECODE_MALFORMED;
    }
  type = get16 (c->data + off + 12);
  if (type < 0x0600)
    return decode_llc (c, off + 14);  /* IEEE 802.3 length: LLC follows */
  return decode_ethertype (c, type, off + 14);
}

/* --------------------------------------------------------------- 802.11 */

/* An 802.11 frame at off; pad: its header is padded to 4 bytes (radiotap's
 * DATAPAD flag). Only data frames carry IP, and only unencrypted ones can
 * be read. */
static SynackDecodeResult
decode_80211 (Ctx      *c,
              gsize     off,
              gboolean  pad)
{
  const guint8 *p = c->data + off;
  guint type, subtype;
  gsize hlen = 24;

  if (off + 2 > c->caplen)
    return truncated (c, "802.11", off + 2);
  type = (p[0] >> 2) & 3;
  subtype = p[0] >> 4;
  if ((p[0] & 3) != 0 || type != 2)
    return SYNACK_DECODE_NOT_TCP;        /* management, control, or another version */
  if (subtype & 0x4)
    return SYNACK_DECODE_NOT_TCP;        /* null data: no body */
  if (p[1] & 0x40)
    return SYNACK_DECODE_NOT_TCP;        /* protected: encrypted, not readable */
  if ((p[1] & 0x03) == 0x03)
    hlen += 6;                           /* four addresses (WDS, mesh) */
  if (subtype & 0x8)
    {
      hlen += 2;                         /* QoS control */
      if (p[1] & 0x80)
        hlen += 4;                       /* HT control */
    }
  if (pad)
    hlen = (hlen + 3) & ~(gsize) 3;
  if (off + hlen > c->caplen)
    return truncated (c, "802.11", off + hlen);
  if ((subtype & 0x8) && (p[24 + ((p[1] & 0x03) == 0x03 ? 6 : 0)] & 0x80))
    return SYNACK_DECODE_NOT_TCP;        /* an A-MSDU: several frames in one */
  return decode_llc (c, off + hlen);
}

/* Radiotap: its length, and the Flags field (FCS at the end, padding). */
static SynackDecodeResult
decode_radiotap (Ctx *c)
{
  const guint8 *p = c->data;
  gsize len, at;
  guint32 present;
  gboolean pad = FALSE;

  if (c->caplen < 8)
    return truncated (c, "radiotap", 8);
  len = get16_le (p + 2);
  if (len < 8)
    return malformed (c, "radiotap header shorter than 8 bytes");
  if (len > c->caplen)
    return truncated (c, "radiotap", len);

  /* The presence words (bit 31: another follows), then the fields. */
  present = get32_le (p + 4);
  at = 8;
  for (guint32 w = present; (w & 0x80000000u) && at + 4 <= len; at += 4)
    w = get32_le (p + at);
  if (present & 0x1)                      /* TSFT: 8 bytes, 8-aligned */
    at = ((at + 7) & ~(gsize) 7) + 8;
  if ((present & 0x2) && at < len)        /* Flags */
    {
      pad = (p[at] & 0x20) != 0;
      /* FCS at the end (0x10) needs nothing: the IP length bounds the segment. */
    }
  return decode_80211 (c, len, pad);
}

/* ------------------------------------------------------------------- IP */

/* GRE (RFC 2784, 2890; version 1 is PPTP's enhanced GRE). */
static SynackDecodeResult
decode_gre (Ctx   *c,
            gsize  off)
{
  guint16 flags, proto;
  gsize hlen = 4;

  ENTER (c, "GRE");
  if (off + 4 > c->caplen)
    return truncated (c, "GRE", off + 4);
  flags = get16 (c->data + off);
  proto = get16 (c->data + off + 2);
  switch (flags & 7)
    {
    case 0:
      if (flags & 0x4000)
        return SYNACK_DECODE_NOT_TCP;     /* source routing (RFC 1701): not read */
      if (flags & 0x8000)
        hlen += 4;                        /* checksum and reserved */
      if (flags & 0x2000)
        hlen += 4;                        /* key */
      if (flags & 0x1000)
        hlen += 4;                        /* sequence number */
      break;
    case 1:
      hlen += 4;                          /* key (payload length and call ID) */
      if (flags & 0x1000)
        hlen += 4;
      if (flags & 0x0080)
        hlen += 4;                        /* acknowledgment number */
      break;
    default:
      return SYNACK_DECODE_NOT_TCP;
    }
  off += hlen;
  if (off > c->caplen)
    return truncated (c, "GRE", off);

  switch (proto)
    {
    case ETHERTYPE_ERSPAN2:
      ENTER (c, "ERSPAN");
      /* Type II has an 8-byte header (and GRE's sequence number); type I none. */
      return decode_ethernet (c, off + ((flags & 0x1000) ? 8 : 0));
    case ETHERTYPE_ERSPAN3:
      ENTER (c, "ERSPAN");
      if (off + 12 > c->caplen)
        return truncated (c, "ERSPAN", off + 12);
      /* 12 bytes, and an 8-byte platform subheader when O is set. */
      return decode_ethernet (c, off + 12 + ((c->data[off + 11] & 0x01) ? 8 : 0));
    case ETHERTYPE_PPP:
      return decode_ppp (c, off);
    default:
      return decode_ethertype (c, proto, off);
    }
}

/* UDP: the tunnels that ride on it, by their well-known ports. */
static SynackDecodeResult
decode_udp (Ctx   *c,
            gsize  off,
            gsize  end)
{
  guint16 sport, dport;
  const guint8 *p;

  if (off + 8 > c->caplen || off + 8 > end)
    return SYNACK_DECODE_NOT_TCP;
  sport = get16 (c->data + off);
  dport = get16 (c->data + off + 2);
  off += 8;
  p = c->data + off;

#define PORT(n) (sport == (n) || dport == (n))
  if (PORT (4789) || PORT (8472))
    {
      /* VXLAN: flags with I set, then an Ethernet frame. */
      if (off + 8 > c->caplen || !(p[0] & 0x08))
        return SYNACK_DECODE_NOT_TCP;
      ENTER (c, "VXLAN");
      return decode_ethernet (c, off + 8);
    }
  if (PORT (6081))
    {
      gsize hlen;

      if (off + 8 > c->caplen || (p[0] >> 6) != 0)
        return SYNACK_DECODE_NOT_TCP;
      ENTER (c, "Geneve");
      hlen = 8 + (p[0] & 0x3f) * 4u;
      return decode_ethertype (c, get16 (p + 2), off + hlen);
    }
  if (PORT (2152))
    {
      /* GTP-U: version 1, a G-PDU, then IP after the optional fields and
       * any extension headers. */
      gsize hlen = 8;

      if (off + 8 > c->caplen || (p[0] >> 5) != 1 || !(p[0] & 0x10))
        return SYNACK_DECODE_NOT_TCP;
      if (p[1] != 0xff)
        return SYNACK_DECODE_NOT_TCP;
      ENTER (c, "GTP-U");
      if (p[0] & 0x07)
        {
          guint8 next;

          hlen = 12;
          if (off + hlen > c->caplen)
            return truncated (c, "GTP-U", off + hlen);
          next = (p[0] & 0x04) ? p[11] : 0;
          while (next != 0)
            {
              gsize elen;

              if (off + hlen + 1 > c->caplen)
                return truncated (c, "GTP-U extension", off + hlen + 1);
              elen = p[hlen] * 4u;
              if (elen == 0)
                return malformed (c, "GTP-U extension header of length 0");
              if (off + hlen + elen > c->caplen)
                return truncated (c, "GTP-U extension", off + hlen + elen);
              next = p[hlen + elen - 1];
              hlen += elen;
            }
        }
      return decode_ip_any (c, off + hlen);
    }
  if (PORT (3544))
    {
      /* Teredo: IPv6, after an optional authentication and origin indication. */
      gsize at = off;

      if (at + 2 <= c->caplen && c->data[at] == 0x00 && c->data[at + 1] == 0x01)
        {
          if (at + 4 > c->caplen)
            return SYNACK_DECODE_NOT_TCP;
          at += 4 + c->data[at + 2] + c->data[at + 3] + 8 + 1;
        }
      if (at + 2 <= c->caplen && c->data[at] == 0x00 && c->data[at + 1] == 0x00)
        at += 8;
      if (at >= c->caplen || (c->data[at] >> 4) != 6)
        return SYNACK_DECODE_NOT_TCP;
      ENTER (c, "Teredo");
      return decode_ip (c, at, c->caplen, 6);
    }
  if (PORT (5072))
    {
      /* AYIYA: identity and signature lengths in the first bytes; a
       * forwarded packet (opcode 1) of the next-header protocol. */
      gsize hlen;

      if (off + 8 > c->caplen || (p[2] & 0x0f) != 1)
        return SYNACK_DECODE_NOT_TCP;
      hlen = 8 + (1u << (p[0] >> 4)) + (p[1] >> 4) * 4u;
      if (p[3] != 41 && p[3] != 4)
        return SYNACK_DECODE_NOT_TCP;
      ENTER (c, "AYIYA");
      return decode_ip (c, off + hlen, c->caplen, p[3] == 41 ? 6 : 4);
    }
#undef PORT
  return SYNACK_DECODE_NOT_TCP;
}

/* A packet that is IP but not TCP: what it carries, if a tunnel. */
static SynackDecodeResult
decode_ip_payload (Ctx   *c,
                   gsize  off,
                   gsize  end,
                   int    version)
{
  const guint8 *p = c->data + off;
  gsize l4, l4_end;
  guint8 proto;

  end = MIN (end, c->caplen);
  if (version == 4)
    {
      gsize ihl = (p[0] & 0x0f) * 4u, tot = get16 (p + 2);

      if (off + 20 > end || ihl < 20)
        return SYNACK_DECODE_NOT_TCP;
      if ((get16 (p + 6) & 0x3fff) != 0)
        return SYNACK_DECODE_NOT_TCP;      /* a fragment of whatever it was */
      proto = p[9];
      l4 = off + ihl;
      l4_end = tot ? MIN (off + tot, end) : end;
    }
  else
    {
      guint8 next;

      if (off + 40 > end)
        return SYNACK_DECODE_NOT_TCP;
      next = p[6];
      l4 = off + 40;
      l4_end = get16 (p + 4) ? MIN (off + 40 + get16 (p + 4), end) : end;
      while (next == 0 || next == 43 || next == 60 || next == 51)
        {
          if (l4 + 2 > l4_end)
            return SYNACK_DECODE_NOT_TCP;
          next = c->data[l4];
          l4 += next == 51 ? (c->data[l4 + 1] + 2u) * 4u : (c->data[l4 + 1] + 1u) * 8u;
        }
      if (next == 44)
        return SYNACK_DECODE_NOT_TCP;      /* a fragment */
      proto = next;
    }
  if (l4 > l4_end)
    return SYNACK_DECODE_NOT_TCP;

  switch (proto)
    {
    case 4:
      ENTER (c, version == 4 ? "IP in IP" : "IPv4 in IPv6");
      return decode_ip (c, l4, l4_end, 4);
    case 41:
      ENTER (c, version == 4 ? "6in4" : "IPv6 in IPv6");
      return decode_ip (c, l4, l4_end, 6);
    case 47:
      return decode_gre (c, l4);
    case 17:
      return decode_udp (c, l4, l4_end);
    case 137:
      ENTER (c, "MPLS in IP");
      return decode_mpls (c, l4);
    default:
      return SYNACK_DECODE_NOT_TCP;
    }
}

/* An IP packet at off (end: where the enclosing layer says it stops);
 * expect_version 0 accepts either. */
static SynackDecodeResult
decode_ip (Ctx   *c,
           gsize  off,
           gsize  end,
           int    expect_version)
{
  GError *local = NULL;
  gsize len, wire;
  int version;

  end = MIN (end, c->caplen);
  if (off >= end)
    {
      g_set_error_literal (c->error, SYNACK_ERROR, SYNACK_ERROR_TRUNCATED,
                           "no IP header after the link-layer header");
      return SYNACK_DECODE_MALFORMED;
    }
  version = c->data[off] >> 4;
  if (expect_version != 0 && version != expect_version)
    {
      g_set_error (c->error, SYNACK_ERROR, SYNACK_ERROR_MALFORMED,
                   "IP version %d where the link layer says IPv%d", version, expect_version);
      return SYNACK_DECODE_MALFORMED;
    }

  len = end - off;
  /* What the packet had on the wire: the frame's length less what comes
   * before the IP header (and at most the enclosing layer's length). */
  wire = c->wire_len > off ? c->wire_len - off : len;
  if (end < c->caplen)
    wire = MIN (wire, len);
  if (synack_wire_decode_captured (c->data + off, len, MAX (wire, len), c->wflags,
                                   c->ip, c->seg, &local))
    return SYNACK_DECODE_TCP;

  if (g_error_matches (local, SYNACK_ERROR, SYNACK_ERROR_NOT_TCP))
    {
      g_error_free (local);
      return decode_ip_payload (c, off, end, version);
    }
  if (g_error_matches (local, SYNACK_ERROR, SYNACK_ERROR_FRAGMENT))
    {
      g_propagate_error (c->error, local);
      return SYNACK_DECODE_FRAGMENT;
    }
  g_propagate_error (c->error, local);
  return SYNACK_DECODE_MALFORMED;
}

/* ------------------------------------------------------------ link layers */

static SynackDecodeResult
decode_null (Ctx      *c,
             gboolean  network_order)
{
  guint32 family;

  if (c->caplen < 4)
    {
      g_set_error (c->error, SYNACK_ERROR, SYNACK_ERROR_TRUNCATED,
                   "truncated loopback header: %" G_GSIZE_FORMAT " of 4 bytes", c->caplen);
      return SYNACK_DECODE_MALFORMED;
    }
  /* DLT_NULL stores the family in the capturing host's byte order: accept
   * either, since the values are small. */
  family = network_order ? get32_be (c->data) : get32_le (c->data);
  if (!network_order && family > 0xffff)
    family = get32_be (c->data);
  switch (family)
    {
    case 2:                    /* AF_INET everywhere */
      return decode_ip (c, 4, c->caplen, 4);
    case 10:                   /* AF_INET6: Linux */
    case 24:                   /* NetBSD, OpenBSD */
    case 28:                   /* FreeBSD, DragonFly */
    case 30:                   /* macOS */
      return decode_ip (c, 4, c->caplen, 6);
    default:
      return SYNACK_DECODE_NOT_TCP;
    }
}

/* Linux NFLOG: a 4-byte header, then type-length-value attributes (host
 * byte order, little-endian here); the packet is NFULA_PAYLOAD (9). */
static SynackDecodeResult
decode_nflog (Ctx *c)
{
  gsize off = 4;

  if (c->caplen < 4)
    return truncated (c, "NFLOG", 4);
  if (c->data[0] != 2 && c->data[0] != 10)
    return SYNACK_DECODE_NOT_TCP;
  while (off + 4 <= c->caplen)
    {
      gsize tlv_len = get16_le (c->data + off);
      guint16 type = get16_le (c->data + off + 2) & 0x7fff;

      if (tlv_len < 4)
        return malformed (c, "NFLOG attribute shorter than its header");
      if (type == 9)
        return decode_ip (c, off + 4, MIN (off + tlv_len, c->caplen), c->data[0] == 2 ? 4 : 6);
      off += (tlv_len + 3) & ~(gsize) 3;
    }
  return SYNACK_DECODE_NOT_TCP;
}

/* Frame Relay: a Q.922 address, UI control, then NLPID (or SNAP). */
static SynackDecodeResult
decode_frelay (Ctx *c)
{
  gsize off = 2;

  if (c->caplen < 4)
    return truncated (c, "Frame Relay", 4);
  if (!(c->data[1] & 0x01))
    off = 3;                               /* a three-byte address */
  if (off < c->caplen && c->data[off] == 0x03)
    off++;
  if (off < c->caplen && c->data[off] == 0x00)
    off++;                                 /* padding */
  if (off >= c->caplen)
    return truncated (c, "Frame Relay", off + 1);
  switch (c->data[off])
    {
    case 0xcc: return decode_ip (c, off + 1, c->caplen, 4);
    case 0x8e: return decode_ip (c, off + 1, c->caplen, 6);
    case 0x80:
      if (off + 6 > c->caplen)
        return truncated (c, "Frame Relay SNAP", off + 6);
      return decode_ethertype (c, get16 (c->data + off + 4), off + 6);
    default: return SYNACK_DECODE_NOT_TCP;
    }
}

static SynackDecodeResult
decode_link (Ctx   *c,
             int    linktype,
             gsize  off)
{
  /* Link layers that wrap another (PPI, PKTAP) give a sub-frame. */
  if (off > 0)
    {
      Ctx sub = *c;

      if (off > c->caplen)
        return truncated (c, synack_decode_linktype_name (linktype), off);
      sub.data = c->data + off;
      sub.caplen = c->caplen - off;
      sub.wire_len = c->wire_len > off ? c->wire_len - off : sub.caplen;
      if (++sub.depth > MAX_DEPTH)
        return malformed (c, "link-layer headers nested too deep");
      return decode_link (&sub, linktype, 0);
    }

  switch (linktype)
    {
    case DLT_EN10MB:
      if (c->caplen < 14)
        {
          g_set_error (c->error, SYNACK_ERROR, SYNACK_ERROR_TRUNCATED,
                       "truncated Ethernet header: %" G_GSIZE_FORMAT " of 14 bytes", c->caplen);
          return SYNACK_DECODE_MALFORMED;
        }
      return decode_ethernet (c, 0);

    case DLT_LINUX_SLL:
      if (c->caplen < 16)
        {
          g_set_error (c->error, SYNACK_ERROR, SYNACK_ERROR_TRUNCATED,
                       "truncated Linux cooked header: %" G_GSIZE_FORMAT " of 16 bytes", c->caplen);
          return SYNACK_DECODE_MALFORMED;
        }
      return decode_ethertype (c, get16 (c->data + 14), 16);

    case DLT_LINUX_SLL2:
      if (c->caplen < 20)
        {
          g_set_error (c->error, SYNACK_ERROR, SYNACK_ERROR_TRUNCATED,
                       "truncated Linux cooked v2 header: %" G_GSIZE_FORMAT " of 20 bytes",
                       c->caplen);
          return SYNACK_DECODE_MALFORMED;
        }
      /* The protocol type comes first; the payload starts at byte 20. */
      return decode_ethertype (c, get16 (c->data), 20);

    case DLT_NULL:
      return decode_null (c, FALSE);
    case DLT_LOOP:
    case DLT_ENC:
      return linktype == DLT_LOOP ? decode_null (c, TRUE) : decode_ip_any (c, 12);

    case DLT_RAW:
    case DLT_RAW_BSDOS:
    case LINKTYPE_RAW_FILE:
      if (c->caplen < 1)
        {
          g_set_error_literal (c->error, SYNACK_ERROR, SYNACK_ERROR_TRUNCATED, "empty packet");
          return SYNACK_DECODE_MALFORMED;
        }
      if ((c->data[0] >> 4) != 4 && (c->data[0] >> 4) != 6)
        {
          g_set_error (c->error, SYNACK_ERROR, SYNACK_ERROR_MALFORMED,
                       "unknown IP version %u", c->data[0] >> 4);
          return SYNACK_DECODE_MALFORMED;
        }
      return decode_ip (c, 0, c->caplen, 0);
    case DLT_IPV4:
      return decode_ip (c, 0, c->caplen, 4);
    case DLT_IPV6:
      return decode_ip (c, 0, c->caplen, 6);

    case DLT_IEEE802_11:
      return decode_80211 (c, 0, FALSE);
    case DLT_IEEE802_11_RADIO:
      return decode_radiotap (c);
    case DLT_PRISM_HEADER:
      return decode_80211 (c, 144, FALSE);
    case DLT_IEEE802_11_RADIO_AVS:
      if (c->caplen < 8)
        return truncated (c, "AVS", 8);
      return decode_80211 (c, get32_be (c->data + 4), FALSE);
    case DLT_PPI:
      if (c->caplen < 8)
        return truncated (c, "PPI", 8);
      if (get16_le (c->data + 2) < 8)
        return malformed (c, "PPI header shorter than 8 bytes");
      if ((int) get32_le (c->data + 4) == DLT_PPI)
        return malformed (c, "PPI inside PPI");
      return decode_link (c, (int) get32_le (c->data + 4), get16_le (c->data + 2));

    case DLT_PPP:
    case DLT_PPP_SERIAL:
      /* PPP in HDLC-like framing; a serial line may carry Cisco HDLC. */
      if (c->caplen >= 4 && (c->data[0] == 0x0f || c->data[0] == 0x8f))
        return decode_ethertype (c, get16 (c->data + 2), 4);
      return decode_ppp (c, 0);
    case DLT_PPP_WITH_DIR:
      return decode_ppp (c, 1);
    case DLT_PPP_PPPD:
      /* The address byte holds the direction; the control byte follows. */
      if (c->caplen < 2)
        return truncated (c, "PPP", 2);
      return decode_ppp (c, 2);
    case DLT_PPP_ETHER:
      if (c->caplen < 6)
        return truncated (c, "PPPoE", 6);
      return decode_ppp (c, 6);
    case DLT_C_HDLC:
    case DLT_C_HDLC_WITH_DIR:
      {
        gsize at = linktype == DLT_C_HDLC ? 0 : 1;

        if (c->caplen < at + 4)
          return truncated (c, "Cisco HDLC", at + 4);
        return decode_ethertype (c, get16 (c->data + at + 2), at + 4);
      }
    case DLT_FRELAY:
      return decode_frelay (c);
    case DLT_SLIP:
      /* libpcap's SLIP: a direction byte and the compressed header, 16 in all. */
      return decode_ip_any (c, 16);
    case DLT_NFLOG:
      return decode_nflog (c);
    case LINKTYPE_PKTAP:
      if (c->caplen < 12)
        return truncated (c, "PKTAP", 12);
      if (get32_le (c->data) < 12)
        return malformed (c, "PKTAP header shorter than 12 bytes");
      if ((int) get32_le (c->data + 8) == LINKTYPE_PKTAP)
        return malformed (c, "PKTAP inside PKTAP");
      return decode_link (c, (int) get32_le (c->data + 8), get32_le (c->data));
    case DLT_IPNET:
      if (c->caplen < 24)
        return truncated (c, "IPNET", 24);
      if (c->data[1] == 2)
        return decode_ip (c, 24, c->caplen, 4);
      if (c->data[1] == 26)
        return decode_ip (c, 24, c->caplen, 6);
      return SYNACK_DECODE_NOT_TCP;
    case DLT_FDDI:
      return decode_llc (c, 13);
    case DLT_IEEE802:
      {
        gsize at = 14;

        if (c->caplen < 15)
          return truncated (c, "Token Ring", 15);
        if (c->data[8] & 0x80)
          at += c->data[14] & 0x1f;          /* source routing information */
        return decode_llc (c, at);
      }
    case DLT_ATM_RFC1483:
      return decode_llc (c, 0);
    case DLT_SUNATM:
      return decode_llc (c, 4);
    case DLT_PFLOG:
      if (c->caplen < 1)
        return truncated (c, "pflog", 1);
      return decode_ip_any (c, (c->data[0] + 3u) & ~3u);
    case DLT_IPOIB:
      if (c->caplen < 4)
        return truncated (c, "IP over InfiniBand", 4);
      return decode_ethertype (c, get16 (c->data), 4);
    case DLT_MPLS:
      return decode_mpls (c, 0);
    case DLT_NETANALYZER:
      return decode_ethernet (c, 4);
    case DLT_NETANALYZER_TRANSPARENT:
      return decode_ethernet (c, 12);

    default:
      g_set_error (c->error, SYNACK_ERROR, SYNACK_ERROR_UNSUPPORTED,
                   "link type %d is not read", linktype);
      return SYNACK_DECODE_MALFORMED;
    }
}

SynackDecodeResult
synack_decode_captured (int                linktype,
                        const guint8      *data,
                        gsize              caplen,
                        gsize              wire_len,
                        gboolean           verify_checksums,
                        SynackIpInfo      *ip,
                        SynackSegment     *seg,
                        SynackDecodeInfo  *info,
                        GError           **error)
{
  Ctx c = {
    .data = data,
    .caplen = caplen,
    .wire_len = MAX (wire_len, caplen),
    .wflags = SYNACK_WIRE_LENIENT | (verify_checksums ? 0 : SYNACK_WIRE_NO_CHECKSUMS),
    .ip = ip,
    .seg = seg,
    .info = info,
    .error = error,
  };

  if (info != NULL)
    info->encapsulation[0] = '\0';
  return decode_link (&c, linktype, 0);
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
  Ctx c = {
    .data = data,
    .caplen = caplen,
    .wire_len = caplen,
    .wflags = verify_checksums ? SYNACK_WIRE_DEFAULT : SYNACK_WIRE_NO_CHECKSUMS,
    .ip = ip,
    .seg = seg,
    .error = error,
  };

  return decode_link (&c, linktype, 0);
}
