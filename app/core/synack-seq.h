/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Sequence-number arithmetic modulo 2^32 (RFC 9293 section 3.4). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef guint32 SynackSeq;

/* Comparisons are only meaningful for numbers less than 2^31 apart, as in
 * every TCP: the difference is read as a signed 32-bit distance. */
static inline gint32
synack_seq_diff (SynackSeq a, SynackSeq b)
{
  return (gint32) (a - b);
}

static inline gboolean
synack_seq_lt (SynackSeq a, SynackSeq b)
{
  return synack_seq_diff (a, b) < 0;
}

static inline gboolean
synack_seq_le (SynackSeq a, SynackSeq b)
{
  return synack_seq_diff (a, b) <= 0;
}

static inline gboolean
synack_seq_gt (SynackSeq a, SynackSeq b)
{
  return synack_seq_diff (a, b) > 0;
}

static inline gboolean
synack_seq_ge (SynackSeq a, SynackSeq b)
{
  return synack_seq_diff (a, b) >= 0;
}

/* lo <= x < hi, modulo 2^32 */
static inline gboolean
synack_seq_in_range (SynackSeq lo, SynackSeq x, SynackSeq hi)
{
  return (guint32) (x - lo) < (guint32) (hi - lo);
}

/* lo < x <= hi: the test RFC 9293 uses for acceptable ACKs (SND.UNA < SEG.ACK =< SND.NXT) */
static inline gboolean
synack_seq_in_range_open_closed (SynackSeq lo, SynackSeq x, SynackSeq hi)
{
  return x != lo && (guint32) (x - lo) <= (guint32) (hi - lo);
}

static inline SynackSeq
synack_seq_max (SynackSeq a, SynackSeq b)
{
  return synack_seq_ge (a, b) ? a : b;
}

static inline SynackSeq
synack_seq_min (SynackSeq a, SynackSeq b)
{
  return synack_seq_le (a, b) ? a : b;
}

G_END_DECLS
