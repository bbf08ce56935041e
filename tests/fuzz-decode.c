/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: synack_decode_frame, link layer down to TCP.
 * Input: two bytes of DLT_ value (big-endian; bit 15 asks for checksum
 * verification), then the captured frame. */
#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "synack-decode.h"
#include "synack-error.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  SynackIpInfo ip;
  SynackSegment seg;
  SynackDecodeResult result;
  gboolean verify;
  int linktype;
  const guint8 *frame;
  gsize caplen;

  if (size < 2)
    return 0;
  linktype = ((data[0] & 0x7f) << 8) | data[1];
  verify = (data[0] & 0x80) != 0;
  /* The frame ends where the fuzzer's exact-size buffer ends, so a read past
   * caplen is caught. ip's offsets are from the start of the IP header, which
   * lies inside the frame, so they are bounded by caplen too. */
  caplen = size - 2;
  frame = data + 2;

  FUZZ_CHECK (synack_decode_linktype_name (linktype) != NULL);
  if (!synack_decode_linktype_supported (linktype))
    {
      /* Callers check support first; decoding anyway must still be safe. */
      result = synack_decode_frame (linktype, frame, caplen, verify, &ip, &seg, &error);
      FUZZ_CHECK (result != SYNACK_DECODE_TCP);
      return 0;
    }

  memset (&ip, 0xa5, sizeof ip);
  result = synack_decode_frame (linktype, frame, caplen, verify, &ip, &seg, &error);
  switch (result)
    {
    case SYNACK_DECODE_TCP:
      FUZZ_CHECK (error == NULL);
      FUZZ_CHECK (ip.src.family == 4 || ip.src.family == 6);
      FUZZ_CHECK (ip.dst.family == ip.src.family);
      FUZZ_CHECK (ip.ip_protocol == 6);
      FUZZ_CHECK (ip.tcp_offset + 20 <= ip.payload_offset);
      FUZZ_CHECK (ip.payload_offset <= caplen);
      FUZZ_CHECK ((gsize) ip.payload_offset + ip.payload_captured <= caplen);
      FUZZ_CHECK (ip.payload_captured <= seg.payload_len);
      FUZZ_CHECK (seg.n_sack <= SYNACK_MAX_SACK_BLOCKS);
      if (!verify)
        FUZZ_CHECK (ip.tcp_checksum == SYNACK_CHECKSUM_UNKNOWN);
      break;
    case SYNACK_DECODE_NOT_TCP:
      FUZZ_CHECK (error == NULL);
      break;
    case SYNACK_DECODE_FRAGMENT:
    case SYNACK_DECODE_MALFORMED:
      FUZZ_CHECK (error != NULL && error->domain == SYNACK_ERROR);
      FUZZ_CHECK (error->message != NULL && error->message[0] != '\0');
      FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL));
      break;
    default:
      FUZZ_CHECK (!"synack_decode_frame returns a SynackDecodeResult");
    }
  return 0;
}
