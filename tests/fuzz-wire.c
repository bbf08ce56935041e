/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: synack_wire_decode on arbitrary bytes as an IP packet.
 * Checks that what it reports stays inside the buffer, and that a decoded
 * segment re-encodes to a packet that decodes to the same segment. */
#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "synack-error.h"
#include "synack-wire.h"

static void
check_same_segment (const SynackSegment *a,
                    const SynackSegment *b)
{
  FUZZ_CHECK (a->sport == b->sport);
  FUZZ_CHECK (a->dport == b->dport);
  FUZZ_CHECK (a->seq == b->seq);
  FUZZ_CHECK (a->ack == b->ack);
  FUZZ_CHECK (a->flags == b->flags);
  FUZZ_CHECK (a->window == b->window);
  FUZZ_CHECK (a->urgent == b->urgent);
  FUZZ_CHECK (a->options == b->options);
  FUZZ_CHECK (a->payload_len == b->payload_len);
  if (a->options & SYNACK_OPTION_MSS)
    FUZZ_CHECK (a->mss == b->mss);
  if (a->options & SYNACK_OPTION_WSCALE)
    FUZZ_CHECK (a->wscale == b->wscale);
  if (a->options & SYNACK_OPTION_TIMESTAMP)
    FUZZ_CHECK (a->ts_val == b->ts_val && a->ts_ecr == b->ts_ecr);
  if (a->options & SYNACK_OPTION_SACK)
    {
      FUZZ_CHECK (a->n_sack == b->n_sack);
      for (guint i = 0; i < a->n_sack; i++)
        FUZZ_CHECK (a->sack[i].left == b->sack[i].left && a->sack[i].right == b->sack[i].right);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  g_autofree guint8 *buf = NULL;
  SynackIpInfo ip, ip2;
  SynackSegment seg, seg2;
  const guint8 *payload = NULL;
  gsize need, len;

  if (!synack_wire_decode (data, size, &ip, &seg, &error))
    {
      FUZZ_CHECK (error != NULL && error->domain == SYNACK_ERROR);
      FUZZ_CHECK (error->code == SYNACK_ERROR_NOT_TCP || error->code == SYNACK_ERROR_FRAGMENT
                  || error->code == SYNACK_ERROR_TRUNCATED || error->code == SYNACK_ERROR_MALFORMED);
      FUZZ_CHECK (error->message != NULL && error->message[0] != '\0');
      return 0;
    }
  FUZZ_CHECK (error == NULL);
  FUZZ_CHECK (ip.src.family == 4 || ip.src.family == 6);
  FUZZ_CHECK (ip.dst.family == ip.src.family);
  FUZZ_CHECK (ip.ip_protocol == 6);
  FUZZ_CHECK (ip.tcp_offset + 20 <= ip.payload_offset);
  FUZZ_CHECK (ip.payload_offset <= size);
  FUZZ_CHECK ((gsize) ip.payload_offset + ip.payload_captured <= size);
  FUZZ_CHECK (ip.payload_captured <= seg.payload_len);
  FUZZ_CHECK (seg.n_sack <= SYNACK_MAX_SACK_BLOCKS);
  if (!(seg.options & SYNACK_OPTION_SACK))
    FUZZ_CHECK (seg.n_sack == 0);
  if (ip.payload_captured < seg.payload_len)
    FUZZ_CHECK (ip.tcp_checksum == SYNACK_CHECKSUM_UNKNOWN);
  else
    FUZZ_CHECK (ip.tcp_checksum != SYNACK_CHECKSUM_UNKNOWN);

  /* Round trip. The encoder lays options out its own way and may refuse
   * (more than 40 bytes of options, a segment too big for IP); when it
   * accepts, the packet must decode to the same values. */
  if (seg.payload_len > 0x10000)
    return 0;
  if (ip.payload_captured == seg.payload_len)
    payload = data + ip.payload_offset;
  need = synack_wire_encoded_size (&ip.src, &seg);
  buf = g_malloc (need);
  len = synack_wire_encode (&ip.src, &ip.dst, &seg, payload, ip.ttl, ip.ip_id, buf, need, &error2);
  if (len == 0)
    {
      FUZZ_CHECK (error2 != NULL);
      return 0;
    }
  FUZZ_CHECK (len == need);
  if (!synack_wire_decode (buf, len, &ip2, &seg2, &error2))
    {
      g_printerr ("re-encoded packet does not decode: %s\n", error2->message);
      FUZZ_CHECK (!"re-encoded packet decodes");
    }
  check_same_segment (&seg, &seg2);
  FUZZ_CHECK (synack_address_equal (&ip.src, &ip2.src));
  FUZZ_CHECK (synack_address_equal (&ip.dst, &ip2.dst));
  FUZZ_CHECK (ip2.ttl == ip.ttl);
  FUZZ_CHECK (ip2.tcp_checksum == SYNACK_CHECKSUM_GOOD);
  FUZZ_CHECK (ip2.ip_checksum == SYNACK_CHECKSUM_GOOD);
  FUZZ_CHECK (ip2.payload_captured == seg.payload_len);
  if (payload != NULL)
    FUZZ_CHECK (memcmp (buf + ip2.payload_offset, payload, seg.payload_len) == 0);
  return 0;
}
