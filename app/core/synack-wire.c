/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "synack-error.h"
#include "synack-wire.h"

#define TCP_HEADER_MIN  20
#define TCP_OPTIONS_MAX 40
#define IPV4_HEADER_MIN 20
#define IPV6_HEADER_LEN 40
#define IPPROTO_TCP_NUM 6

static inline guint16
get16 (const guint8 *p)
{
  return (guint16) (p[0] << 8 | p[1]);
}

static inline guint32
get32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

static inline void
put16 (guint8 *p, guint16 v)
{
  p[0] = v >> 8;
  p[1] = v;
}

static inline void
put32 (guint8 *p, guint32 v)
{
  p[0] = v >> 24;
  p[1] = v >> 16;
  p[2] = v >> 8;
  p[3] = v;
}

guint32
synack_wire_checksum_add (guint32       sum,
                          const guint8 *data,
                          gsize         len)
{
  gsize i;

  for (i = 0; i + 1 < len; i += 2)
    sum += (guint32) data[i] << 8 | data[i + 1];
  if (i < len)
    sum += (guint32) data[i] << 8;
  /* Fold once so repeated calls cannot overflow 32 bits. */
  return (sum & 0xffff) + (sum >> 16);
}

guint16
synack_wire_checksum_fold (guint32 sum)
{
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  return (guint16) sum;
}

static guint32
pseudo_header_sum (const SynackAddress *src,
                   const SynackAddress *dst,
                   guint32              tcp_len)
{
  gsize alen = src->family == 6 ? 16 : 4;
  guint32 sum = 0;

  sum = synack_wire_checksum_add (sum, src->bytes, alen);
  sum = synack_wire_checksum_add (sum, dst->bytes, alen);
  sum += IPPROTO_TCP_NUM;
  sum += tcp_len >> 16;
  sum += tcp_len & 0xffff;
  return sum;
}

/* Options laid out as Linux does: MSS, SACK-permitted + timestamps, window
 * scale, then SACK blocks, each padded with NOPs to 32-bit words. */
static gsize
encode_options (const SynackSegment *seg,
                guint8              *out)
{
  gsize n = 0;
  guint n_sack;

  if (seg->options & SYNACK_OPTION_MSS)
    {
      out[n++] = 2; out[n++] = 4;
      put16 (out + n, seg->mss); n += 2;
    }
  if ((seg->options & SYNACK_OPTION_SACK_PERM) && (seg->options & SYNACK_OPTION_TIMESTAMP))
    {
      out[n++] = 4; out[n++] = 2;
      out[n++] = 8; out[n++] = 10;
      put32 (out + n, seg->ts_val); n += 4;
      put32 (out + n, seg->ts_ecr); n += 4;
    }
  else if (seg->options & SYNACK_OPTION_TIMESTAMP)
    {
      out[n++] = 1; out[n++] = 1;
      out[n++] = 8; out[n++] = 10;
      put32 (out + n, seg->ts_val); n += 4;
      put32 (out + n, seg->ts_ecr); n += 4;
    }
  else if (seg->options & SYNACK_OPTION_SACK_PERM)
    {
      out[n++] = 1; out[n++] = 1;
      out[n++] = 4; out[n++] = 2;
    }
  if (seg->options & SYNACK_OPTION_WSCALE)
    {
      out[n++] = 1;
      out[n++] = 3; out[n++] = 3; out[n++] = seg->wscale;
    }
  n_sack = (seg->options & SYNACK_OPTION_SACK) ? MIN (seg->n_sack, SYNACK_MAX_SACK_BLOCKS) : 0;
  if (n_sack > 0)
    {
      out[n++] = 1; out[n++] = 1;
      out[n++] = 5; out[n++] = 2 + 8 * n_sack;
      for (guint i = 0; i < n_sack; i++)
        {
          put32 (out + n, seg->sack[i].left); n += 4;
          put32 (out + n, seg->sack[i].right); n += 4;
        }
    }
  while (n % 4)
    out[n++] = 0;
  return n;
}

static gsize
options_size (const SynackSegment *seg)
{
  guint8 scratch[80];

  return encode_options (seg, scratch);
}

gsize
synack_wire_encoded_size (const SynackAddress *src,
                          const SynackSegment *seg)
{
  return (src->family == 6 ? IPV6_HEADER_LEN : IPV4_HEADER_MIN)
         + TCP_HEADER_MIN + options_size (seg) + seg->payload_len;
}

gsize
synack_wire_encode_tcp (const SynackAddress *src,
                        const SynackAddress *dst,
                        const SynackSegment *seg,
                        const guint8        *payload,
                        guint8              *buf,
                        gsize                buf_len,
                        GError             **error)
{
  guint8 opts[80];
  gsize opt_len = encode_options (seg, opts);
  gsize hdr_len = TCP_HEADER_MIN + opt_len;
  gsize total = hdr_len + seg->payload_len;
  guint32 sum;

  if (opt_len > TCP_OPTIONS_MAX)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID,
                   "TCP options need %" G_GSIZE_FORMAT " bytes, more than the 40 a header holds",
                   opt_len);
      return 0;
    }
  if (buf_len < total)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID,
                   "buffer of %" G_GSIZE_FORMAT " bytes is too small for a %" G_GSIZE_FORMAT
                   "-byte TCP segment", buf_len, total);
      return 0;
    }

  put16 (buf + 0, seg->sport);
  put16 (buf + 2, seg->dport);
  put32 (buf + 4, seg->seq);
  put32 (buf + 8, seg->ack);
  buf[12] = (guint8) ((hdr_len / 4) << 4);
  buf[13] = seg->flags;
  put16 (buf + 14, seg->window);
  put16 (buf + 16, 0);
  put16 (buf + 18, seg->urgent);
  memcpy (buf + TCP_HEADER_MIN, opts, opt_len);
  if (payload != NULL)
    memcpy (buf + hdr_len, payload, seg->payload_len);
  else
    memset (buf + hdr_len, 0, seg->payload_len);

  sum = pseudo_header_sum (src, dst, total);
  sum = synack_wire_checksum_add (sum, buf, total);
  put16 (buf + 16, ~synack_wire_checksum_fold (sum));
  return total;
}

gsize
synack_wire_encode (const SynackAddress *src,
                    const SynackAddress *dst,
                    const SynackSegment *seg,
                    const guint8        *payload,
                    guint8               ttl,
                    guint16              ip_id,
                    guint8              *buf,
                    gsize                buf_len,
                    GError             **error)
{
  gsize ip_len = src->family == 6 ? IPV6_HEADER_LEN : IPV4_HEADER_MIN;
  gsize tcp_len;

  if (src->family != dst->family || (src->family != 4 && src->family != 6))
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID,
                   "source and destination addresses are not of one IP version");
      return 0;
    }
  if (buf_len < ip_len)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID, "buffer too small for an IP header");
      return 0;
    }

  tcp_len = synack_wire_encode_tcp (src, dst, seg, payload, buf + ip_len, buf_len - ip_len, error);
  if (tcp_len == 0)
    return 0;
  if (ip_len + tcp_len > 0xffff + (src->family == 6 ? IPV6_HEADER_LEN : 0))
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID,
                   "a %" G_GSIZE_FORMAT "-byte segment does not fit in an IP packet", tcp_len);
      return 0;
    }

  if (src->family == 4)
    {
      guint16 csum;

      buf[0] = 0x45;
      buf[1] = 0;
      put16 (buf + 2, (guint16) (ip_len + tcp_len));
      put16 (buf + 4, ip_id);
      put16 (buf + 6, 0x4000);  /* don't fragment */
      buf[8] = ttl;
      buf[9] = IPPROTO_TCP_NUM;
      put16 (buf + 10, 0);
      memcpy (buf + 12, src->bytes, 4);
      memcpy (buf + 16, dst->bytes, 4);
      csum = ~synack_wire_checksum_fold (synack_wire_checksum_add (0, buf, IPV4_HEADER_MIN));
      put16 (buf + 10, csum);
    }
  else
    {
      put32 (buf + 0, 0x60000000);
      put16 (buf + 4, (guint16) tcp_len);
      buf[6] = IPPROTO_TCP_NUM;
      buf[7] = ttl;
      memcpy (buf + 8, src->bytes, 16);
      memcpy (buf + 24, dst->bytes, 16);
    }
  return ip_len + tcp_len;
}

static gboolean
decode_options (const guint8  *opt,
                gsize          len,
                SynackSegment *seg,
                GError       **error)
{
  gsize i = 0;

  while (i < len)
    {
      guint8 kind = opt[i];
      guint8 olen;

      if (kind == 0)
        break;
      if (kind == 1)
        {
          i++;
          continue;
        }
      if (i + 1 >= len)
        {
          g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_MALFORMED,
                       "TCP option %u at offset %" G_GSIZE_FORMAT " has no length byte",
                       kind, i + TCP_HEADER_MIN);
          return FALSE;
        }
      olen = opt[i + 1];
      if (olen < 2)
        {
          g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_MALFORMED,
                       "TCP option %u has length %u, less than 2", kind, olen);
          return FALSE;
        }
      if (i + olen > len)
        {
          g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_MALFORMED,
                       "TCP option %u of length %u runs past the end of the header",
                       kind, olen);
          return FALSE;
        }

      switch (kind)
        {
        case 2:
          if (olen != 4)
            goto bad_length;
          seg->options |= SYNACK_OPTION_MSS;
          seg->mss = get16 (opt + i + 2);
          break;
        case 3:
          if (olen != 3)
            goto bad_length;
          seg->options |= SYNACK_OPTION_WSCALE;
          seg->wscale = opt[i + 2];
          break;
        case 4:
          if (olen != 2)
            goto bad_length;
          seg->options |= SYNACK_OPTION_SACK_PERM;
          break;
        case 5:
          if (olen < 10 || (olen - 2) % 8 != 0)
            goto bad_length;
          seg->options |= SYNACK_OPTION_SACK;
          seg->n_sack = 0;
          for (guint b = 0; b < (guint) (olen - 2) / 8 && b < SYNACK_MAX_SACK_BLOCKS; b++)
            {
              seg->sack[b].left = get32 (opt + i + 2 + 8 * b);
              seg->sack[b].right = get32 (opt + i + 6 + 8 * b);
              seg->n_sack++;
            }
          break;
        case 8:
          if (olen != 10)
            goto bad_length;
          seg->options |= SYNACK_OPTION_TIMESTAMP;
          seg->ts_val = get32 (opt + i + 2);
          seg->ts_ecr = get32 (opt + i + 6);
          break;
        default:
          break;  /* unknown options are skipped, as a receiver must */
        }
      i += olen;
      continue;

    bad_length:
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_MALFORMED,
                   "TCP option %u has the wrong length %u", kind, olen);
      return FALSE;
    }
  return TRUE;
}

gboolean
synack_wire_decode_tcp (const guint8  *data,
                        gsize          len,
                        gsize          tcp_len,
                        SynackSegment *seg,
                        gsize         *header_len,
                        GError       **error)
{
  gsize hlen;

  memset (seg, 0, sizeof *seg);
  if (len < TCP_HEADER_MIN)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_TRUNCATED,
                   "truncated TCP header: %" G_GSIZE_FORMAT " of 20 bytes", len);
      return FALSE;
    }
  hlen = (data[12] >> 4) * 4u;
  if (hlen < TCP_HEADER_MIN)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_MALFORMED,
                   "bad TCP data offset %" G_GSIZE_FORMAT " (less than 20 bytes)", hlen);
      return FALSE;
    }
  if (hlen > tcp_len)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_MALFORMED,
                   "bad TCP data offset %" G_GSIZE_FORMAT " (the segment is only %"
                   G_GSIZE_FORMAT " bytes)", hlen, tcp_len);
      return FALSE;
    }
  if (hlen > len)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_TRUNCATED,
                   "truncated TCP options: %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " header bytes",
                   len, hlen);
      return FALSE;
    }

  seg->sport = get16 (data + 0);
  seg->dport = get16 (data + 2);
  seg->seq = get32 (data + 4);
  seg->ack = get32 (data + 8);
  seg->flags = data[13];
  seg->window = get16 (data + 14);
  seg->urgent = get16 (data + 18);
  seg->payload_len = (guint32) (tcp_len - hlen);

  if (!decode_options (data + TCP_HEADER_MIN, hlen - TCP_HEADER_MIN, seg, error))
    return FALSE;
  if (header_len)
    *header_len = hlen;
  return TRUE;
}

/* synack_wire_decode_tcp(), keeping a segment whose options are malformed
 * when lenient (*options_bad then says so). */
static gboolean
decode_tcp_lenient (const guint8  *data,
                    gsize          len,
                    gsize          tcp_len,
                    gboolean       lenient,
                    SynackSegment *seg,
                    gsize         *header_len,
                    gboolean      *options_bad,
                    GError       **error)
{
  GError *local = NULL;
  gsize hlen;

  *options_bad = FALSE;
  if (synack_wire_decode_tcp (data, len, tcp_len, seg, header_len, &local))
    return TRUE;
  /* Only a fault in the options themselves is let pass: the header is whole. */
  hlen = len >= TCP_HEADER_MIN ? (data[12] >> 4) * 4u : 0;
  if (!lenient || len < TCP_HEADER_MIN || hlen < TCP_HEADER_MIN || hlen > tcp_len ||
      hlen > len || !g_error_matches (local, SYNACK_ERROR, SYNACK_ERROR_MALFORMED))
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  g_error_free (local);
  /* decode_options stopped at the fault: what it read before stays. */
  seg->sport = get16 (data + 0);
  seg->dport = get16 (data + 2);
  seg->seq = get32 (data + 4);
  seg->ack = get32 (data + 8);
  seg->flags = data[13];
  seg->window = get16 (data + 14);
  seg->urgent = get16 (data + 18);
  seg->payload_len = (guint32) (tcp_len - hlen);
  if (header_len)
    *header_len = hlen;
  *options_bad = TRUE;
  return TRUE;
}

static gboolean
decode_ipv4 (const guint8  *data,
             gsize          len,
             gsize          wire_len,
             gboolean       checksum,
             gboolean       lenient,
             SynackIpInfo  *ip,
             gsize         *l4_offset,
             gsize         *l4_len,
             GError       **error)
{
  gsize ihl, tot;
  guint16 frag;

  if (len < IPV4_HEADER_MIN)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_TRUNCATED,
                   "truncated IPv4 header: %" G_GSIZE_FORMAT " of 20 bytes", len);
      return FALSE;
    }
  ihl = (data[0] & 0x0f) * 4u;
  if (ihl < IPV4_HEADER_MIN)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_MALFORMED,
                   "bad IPv4 header length %" G_GSIZE_FORMAT, ihl);
      return FALSE;
    }
  if (ihl > len)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_TRUNCATED,
                   "truncated IPv4 options: %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " bytes",
                   len, ihl);
      return FALSE;
    }
  tot = get16 (data + 2);
  if (tot == 0)
    tot = len;  /* TSO: the stack left the length for the NIC to fill */
  if (tot < ihl)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_MALFORMED,
                   "IPv4 total length %" G_GSIZE_FORMAT " is shorter than its header", tot);
      return FALSE;
    }
  if (lenient && tot > wire_len && wire_len >= ihl)
    {
      /* More than the packet had on the wire: it holds what it holds. */
      tot = wire_len;
      ip->damage |= SYNACK_WIRE_DAMAGE_LENGTH;
    }

  ip->src.family = ip->dst.family = 4;
  memcpy (ip->src.bytes, data + 12, 4);
  memcpy (ip->dst.bytes, data + 16, 4);
  ip->ttl = data[8];
  ip->ip_protocol = data[9];
  ip->ip_id = get16 (data + 4);
  ip->ip_len = (guint32) tot;
  if (!checksum)
    ip->ip_checksum = SYNACK_CHECKSUM_UNKNOWN;
  else
    ip->ip_checksum = synack_wire_checksum_fold (synack_wire_checksum_add (0, data, ihl)) == 0xffff
                      ? SYNACK_CHECKSUM_GOOD : SYNACK_CHECKSUM_BAD;

  frag = get16 (data + 6);
  if ((frag & 0x1fff) != 0)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_FRAGMENT,
                   "IPv4 fragment at offset %u (not the first)", (frag & 0x1fff) * 8u);
      return FALSE;
    }
  if (frag & 0x2000)
    {
      /* The first of several: its TCP header is there, the segment is not. */
      g_set_error_literal (error, SYNACK_ERROR, SYNACK_ERROR_FRAGMENT,
                           "first IPv4 fragment (more fragments follow)");
      return FALSE;
    }
  *l4_offset = ihl;
  *l4_len = tot - ihl;
  return TRUE;
}

static gboolean
decode_ipv6 (const guint8  *data,
             gsize          len,
             gsize          wire_len,
             gboolean       lenient,
             SynackIpInfo  *ip,
             gsize         *l4_offset,
             gsize         *l4_len,
             GError       **error)
{
  gsize off = IPV6_HEADER_LEN;
  gsize end;
  guint8 next;

  if (len < IPV6_HEADER_LEN)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_TRUNCATED,
                   "truncated IPv6 header: %" G_GSIZE_FORMAT " of 40 bytes", len);
      return FALSE;
    }
  ip->src.family = ip->dst.family = 6;
  memcpy (ip->src.bytes, data + 8, 16);
  memcpy (ip->dst.bytes, data + 24, 16);
  ip->ttl = data[7];
  ip->ip_checksum = SYNACK_CHECKSUM_GOOD;  /* IPv6 has none */
  end = IPV6_HEADER_LEN + (gsize) get16 (data + 4);
  if (get16 (data + 4) == 0)
    end = len;  /* jumbogram or TSO */
  if (lenient && end > wire_len)
    {
      end = wire_len;
      ip->damage |= SYNACK_WIRE_DAMAGE_LENGTH;
    }
  ip->ip_len = (guint32) end;
  next = data[6];

  for (;;)
    {
      gsize ext_len;

      switch (next)
        {
        case 0:   /* hop-by-hop */
        case 43:  /* routing */
        case 60:  /* destination options */
          if (off + 2 > len || off + 2 > end)
            goto truncated;
          ext_len = (data[off + 1] + 1u) * 8u;
          next = data[off];
          off += ext_len;
          if (off > end)
            goto malformed;
          continue;
        case 51:  /* authentication header */
          if (off + 2 > len || off + 2 > end)
            goto truncated;
          ext_len = (data[off + 1] + 2u) * 4u;
          next = data[off];
          off += ext_len;
          if (off > end)
            goto malformed;
          continue;
        case 44:  /* fragment */
          {
            guint16 frag;

            if (off + 8 > len || off + 8 > end)
              goto truncated;
            frag = get16 (data + off + 2);
            next = data[off];
            if ((frag & 0xfff8) != 0)
              {
                g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_FRAGMENT,
                             "IPv6 fragment at offset %u (not the first)", frag & 0xfff8u);
                ip->ip_protocol = next;
                return FALSE;
              }
            if (frag & 1)
              {
                g_set_error_literal (error, SYNACK_ERROR, SYNACK_ERROR_FRAGMENT,
                                     "first IPv6 fragment (more fragments follow)");
                ip->ip_protocol = next;
                return FALSE;
              }
            off += 8;
            continue;
          }
        default:
          ip->ip_protocol = next;
          *l4_offset = off;
          *l4_len = end - off;
          return TRUE;
        }
    }

truncated:
  g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_TRUNCATED,
               "truncated IPv6 extension header at byte %" G_GSIZE_FORMAT, off);
  return FALSE;
malformed:
  g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_MALFORMED,
               "IPv6 extension header runs past the payload length");
  return FALSE;
}

gboolean
synack_wire_decode (const guint8  *data,
                    gsize          len,
                    SynackIpInfo  *ip,
                    SynackSegment *seg,
                    GError       **error)
{
  return synack_wire_decode_with_flags (data, len, SYNACK_WIRE_DEFAULT, ip, seg, error);
}

gboolean
synack_wire_decode_with_flags (const guint8    *data,
                               gsize            len,
                               SynackWireFlags  flags,
                               SynackIpInfo    *ip,
                               SynackSegment   *seg,
                               GError         **error)
{
  return synack_wire_decode_captured (data, len, len, flags, ip, seg, error);
}

gboolean
synack_wire_decode_captured (const guint8    *data,
                             gsize            len,
                             gsize            wire_len,
                             SynackWireFlags  flags,
                             SynackIpInfo    *ip,
                             SynackSegment   *seg,
                             GError         **error)
{
  gsize l4_off = 0, l4_len = 0, hlen = 0, avail;
  gboolean ok, lenient = (flags & SYNACK_WIRE_LENIENT) != 0, options_bad = FALSE;

  memset (ip, 0, sizeof *ip);
  if (len < 1)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_TRUNCATED, "empty packet");
      return FALSE;
    }
  switch (data[0] >> 4)
    {
    case 4:
      ok = decode_ipv4 (data, len, MAX (wire_len, len), !(flags & SYNACK_WIRE_NO_CHECKSUMS),
                        lenient, ip, &l4_off, &l4_len, error);
      break;
    case 6:
      ok = decode_ipv6 (data, len, MAX (wire_len, len), lenient, ip, &l4_off, &l4_len, error);
      break;
    default:
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_MALFORMED,
                   "unknown IP version %u", data[0] >> 4);
      return FALSE;
    }
  if (!ok)
    return FALSE;

  if (ip->ip_protocol != IPPROTO_TCP_NUM)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_NOT_TCP,
                   "IP protocol %u is not TCP", ip->ip_protocol);
      return FALSE;
    }
  if (l4_off > len)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_TRUNCATED,
                   "truncated packet: the TCP header would start at byte %" G_GSIZE_FORMAT
                   " of %" G_GSIZE_FORMAT, l4_off, len);
      return FALSE;
    }

  avail = MIN (len - l4_off, l4_len);
  if (!decode_tcp_lenient (data + l4_off, avail, l4_len, lenient, seg, &hlen, &options_bad, error))
    return FALSE;
  if (options_bad)
    ip->damage |= SYNACK_WIRE_DAMAGE_OPTIONS;

  ip->tcp_offset = (guint32) l4_off;
  ip->payload_offset = (guint32) (l4_off + hlen);
  ip->payload_captured = (guint32) (avail - hlen);

  if (flags & SYNACK_WIRE_NO_CHECKSUMS)
    ip->tcp_checksum = SYNACK_CHECKSUM_UNKNOWN;
  else if (avail == l4_len)
    {
      guint32 sum = pseudo_header_sum (&ip->src, &ip->dst, (guint32) l4_len);

      sum = synack_wire_checksum_add (sum, data + l4_off, l4_len);
      ip->tcp_checksum = synack_wire_checksum_fold (sum) == 0xffff
                         ? SYNACK_CHECKSUM_GOOD : SYNACK_CHECKSUM_BAD;
    }
  else
    ip->tcp_checksum = SYNACK_CHECKSUM_UNKNOWN;
  return TRUE;
}
