/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <arpa/inet.h>
#include <string.h>

#include "synack-segment.h"

static const char *const flag_names[8] = {
  "FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR",
};

guint32
synack_segment_seq_len (const SynackSegment *seg)
{
  return seg->payload_len
         + ((seg->flags & SYNACK_FLAG_SYN) ? 1 : 0)
         + ((seg->flags & SYNACK_FLAG_FIN) ? 1 : 0);
}

const char *
synack_flag_name (guint bit_index)
{
  g_return_val_if_fail (bit_index < 8, NULL);
  return flag_names[bit_index];
}

char *
synack_flags_to_string (guint8  flags,
                        char   *buf,
                        gsize   buf_len)
{
  /* Wireshark's order puts SYN before FIN and ACK after them, which reads
   * better: "SYN, ACK", "FIN, ACK", "RST, ACK". */
  static const guint order[8] = { 1, 0, 2, 3, 4, 5, 6, 7 };
  gsize pos = 0;

  g_return_val_if_fail (buf != NULL && buf_len > 0, buf);
  buf[0] = '\0';

  for (guint i = 0; i < 8; i++)
    {
      guint bit = order[i];

      if (!(flags & (1u << bit)))
        continue;
      pos += g_snprintf (buf + pos, pos < buf_len ? buf_len - pos : 0, "%s%s",
                         pos ? ", " : "", flag_names[bit]);
      if (pos >= buf_len)
        break;
    }
  if (pos == 0)
    g_strlcpy (buf, "<none>", buf_len);
  return buf;
}

gboolean
synack_address_equal (const SynackAddress *a,
                      const SynackAddress *b)
{
  if (a->family != b->family)
    return FALSE;
  return memcmp (a->bytes, b->bytes, a->family == 6 ? 16 : 4) == 0;
}

guint
synack_address_hash (const SynackAddress *a)
{
  guint h = a->family;
  guint n = a->family == 6 ? 16 : 4;

  for (guint i = 0; i < n; i++)
    h = h * 31 + a->bytes[i];
  return h;
}

gboolean
synack_address_parse (const char    *text,
                      SynackAddress *address)
{
  memset (address, 0, sizeof *address);
  if (inet_pton (AF_INET, text, address->bytes) == 1)
    {
      address->family = 4;
      return TRUE;
    }
  if (inet_pton (AF_INET6, text, address->bytes) == 1)
    {
      address->family = 6;
      return TRUE;
    }
  return FALSE;
}

void
synack_address_set_ipv4 (SynackAddress *address,
                         guint32        host_order)
{
  memset (address, 0, sizeof *address);
  address->family = 4;
  address->bytes[0] = host_order >> 24;
  address->bytes[1] = host_order >> 16;
  address->bytes[2] = host_order >> 8;
  address->bytes[3] = host_order;
}

char *
synack_address_to_string (const SynackAddress *address,
                          char                *buf,
                          gsize                buf_len)
{
  if (inet_ntop (address->family == 6 ? AF_INET6 : AF_INET, address->bytes, buf, buf_len) == NULL)
    g_strlcpy (buf, "?", buf_len);
  return buf;
}

char *
synack_endpoint_to_string (const SynackAddress *address,
                           guint16              port,
                           char                *buf,
                           gsize                buf_len)
{
  char addr[INET6_ADDRSTRLEN];

  synack_address_to_string (address, addr, sizeof addr);
  if (address->family == 6)
    g_snprintf (buf, buf_len, "[%s]:%u", addr, port);
  else
    g_snprintf (buf, buf_len, "%s:%u", addr, port);
  return buf;
}
