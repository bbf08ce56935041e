/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TCP header flags, in wire bit order; named FIN SYN RST PSH ACK URG ECE CWR. */
typedef enum
{
  SYNACK_FLAG_FIN = 1 << 0,
  SYNACK_FLAG_SYN = 1 << 1,
  SYNACK_FLAG_RST = 1 << 2,
  SYNACK_FLAG_PSH = 1 << 3,
  SYNACK_FLAG_ACK = 1 << 4,
  SYNACK_FLAG_URG = 1 << 5,
  SYNACK_FLAG_ECE = 1 << 6,
  SYNACK_FLAG_CWR = 1 << 7,
} SynackFlags;

/* Which options a segment carries. */
typedef enum
{
  SYNACK_OPTION_MSS       = 1 << 0,
  SYNACK_OPTION_WSCALE    = 1 << 1,
  SYNACK_OPTION_SACK_PERM = 1 << 2,
  SYNACK_OPTION_SACK      = 1 << 3,
  SYNACK_OPTION_TIMESTAMP = 1 << 4,
} SynackOptionMask;

#define SYNACK_MAX_SACK_BLOCKS 4

typedef struct
{
  guint32 left;   /* first sequence number of the block */
  guint32 right;  /* sequence number just after the block */
} SynackSackBlock;

/* One TCP segment as a plain value: what the header says, not where it went. */
typedef struct
{
  guint16         sport;
  guint16         dport;
  guint32         seq;
  guint32         ack;
  guint8          flags;        /* SynackFlags */
  guint8          options;      /* SynackOptionMask */
  guint16         window;       /* the raw 16-bit field, unscaled */
  guint16         urgent;
  guint16         mss;
  guint8          wscale;
  guint8          n_sack;
  guint32         ts_val;
  guint32         ts_ecr;
  SynackSackBlock sack[SYNACK_MAX_SACK_BLOCKS];
  guint32         payload_len;
} SynackSegment;

/* An IPv4 or IPv6 address; family is 4 or 6, IPv4 uses the first 4 bytes. */
typedef struct
{
  guint8 family;
  guint8 bytes[16];
} SynackAddress;

/* Sequence space a segment occupies: payload plus one for SYN and one for FIN. */
guint32       synack_segment_seq_len      (const SynackSegment *seg);
/* "SYN, ACK" as Wireshark writes it; never translated. Returns buf. */
char         *synack_flags_to_string      (guint8               flags,
                                           char                *buf,
                                           gsize                buf_len);
/* Iterate flag names in JSON order: index 0..7 → "FIN".."CWR". */
const char   *synack_flag_name            (guint                bit_index);

gboolean      synack_address_equal        (const SynackAddress *a,
                                           const SynackAddress *b);
guint         synack_address_hash         (const SynackAddress *a);
/* Parse "10.0.0.1" or "fe80::1" (no port). */
gboolean      synack_address_parse        (const char          *text,
                                           SynackAddress       *address);
void          synack_address_set_ipv4     (SynackAddress       *address,
                                           guint32              host_order);
/* "10.0.0.1:80" or "[::1]:80" into buf (at least 64 bytes). Returns buf. */
char         *synack_endpoint_to_string   (const SynackAddress *address,
                                           guint16              port,
                                           char                *buf,
                                           gsize                buf_len);
/* The address alone, "10.0.0.1" or "::1". Returns buf. */
char         *synack_address_to_string    (const SynackAddress *address,
                                           char                *buf,
                                           gsize                buf_len);

G_END_DECLS
