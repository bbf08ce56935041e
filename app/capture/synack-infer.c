/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "synack-infer.h"
#include "synack-seq.h"

/* Wireshark's out-of-order threshold when no handshake RTT is known. */
#define OOO_DEFAULT_NS  (3 * G_GINT64_CONSTANT (1000000))
/* Wireshark's window for a fast retransmission after the third duplicate ACK. */
#define FAST_RETRANS_NS (20 * G_GINT64_CONSTANT (1000000))

/* ------------------------------------------------------------ inference */

typedef struct
{
  SynackAddress addr[2];
  guint16       port[2];
} TupleKey;

/* What one side has sent, as seen on the wire. */
typedef struct
{
  guint32 isn;
  guint32 alt_isn;          /* the ISN of an earlier SYN-ACK, when it was sent again with another */
  guint32 nextseq;          /* Wireshark's nextseq: highest seq + len (+1 for SYN/FIN) */
  guint32 maxseqtobeacked;
  guint32 lastack;
  guint32 fin_seq;          /* sequence number of its FIN */
  guint32 dupacknum;         /* unsigned as Wireshark's: G_MAXUINT32 stands for its -1 */
  guint32 lastflags;        /* analysis bits of its last segment */
  gint64  nextseqtime;
  gint64  lastacktime;
  guint16 window;           /* raw field of its last segment */
  gint8   syn_wscale;       /* window scale its SYN offered, -1 for none */
  guint8  state;            /* SynackTcpState */
  guint   isn_set : 1;
  guint   alt_isn_set : 1;
  guint   window_valid : 1;
  guint   window_from_syn : 1;
  guint   syn_sent : 1;
  guint   syn_seen_flag : 1;  /* its SYN (with or without ACK) was seen */
  guint   fin_sent : 1;
  guint   challenge_due : 1;  /* an in-window RST or a SYN reached it: its next ACK challenges */
  guint   events : 1;         /* a state event was appended for it */
  guint   unknown : 1;        /* its state before its first event is only presumed */
  guint   closed_by_ack : 1;  /* LAST-ACK to CLOSED on the peer's ACK of its FIN */
  guint   fin_again : 1;      /* it sent its FIN again while the peer was in TIME-WAIT */
} Side;

typedef struct
{
  TupleKey          key;
  guint32           hash;         /* tuple_ref_hash () of the key */
  guint32           conn;
  gint64            syn_epoch;    /* Wireshark's ts_mru_syn: the last bare SYN, ns since the epoch, or 0 */
  gint64            irtt;         /* Wireshark's ts_first_rtt: last SYN to the first pure ACK, or 0 */
  Side              side[2];
  SynackZeekTracker zeek;
  gint64            ended_at;     /* when both ends reached CLOSED or TIME-WAIT */
  guint             client_first : 1;  /* the client is the key's slot 0 */
  guint             ended : 1;         /* both ends closed: kept a while for late segments */
} Track;

/* The tracks of open connections by 4-tuple: open addressing with linear
 * probing (no indirect calls, the hash compared before the key). */
typedef struct
{
  guint32  hash;
  guint32  conn;    /* the track's connection in the trace, for prefetching */
  Track   *track;   /* NULL: empty */
} Slot;

struct _SynackInfer
{
  SynackTrace *trace;
  Slot        *slots;     /* a power of two of them, at most half full */
  guint        mask;
  guint        n_tracks;
  Track       *last;      /* the last one looked up: packets come in runs */
  gint64       origin;
  gboolean     have_origin;
  SynackConnectionDoneFunc done;
  gpointer     done_data;
  gint64       now;         /* the latest packet's time */
  gint64       last_sweep;
};

/* A connection both of whose ends are closed is analysed for this long
 * after (retransmitted FINs, late ACKs and segments after a RST are what
 * TIME-WAIT is for; Wireshark analyses them too), then forgotten: Linux's
 * TIME-WAIT. Sooner when the table would otherwise grow. */
#define LINGER_NS       (60 * SYNACK_NSEC_PER_SEC)
#define LINGER_SHORT_NS (1 * SYNACK_NSEC_PER_SEC)

static void forget_track (SynackInfer *self,
                          Track       *t);

/* Forgets the connections that ended at least min_age ago. */
static guint
sweep (SynackInfer *self,
       gint64       min_age)
{
  guint n = 0;

  for (guint i = 0; i <= self->mask;)
    {
      Track *t = self->slots[i].track;

      if (t != NULL && t->ended && self->now - t->ended_at >= min_age)
        {
          /* Removal shifts a later entry into i: look at i again. */
          forget_track (self, t);
          n++;
          continue;
        }
      i++;
    }
  return n;
}

/* A 4-tuple in the key's order, pointing at the packet's own addresses:
 * looking a packet up builds no key. (Reading back a key just stored in
 * pieces as whole words stalls the processor on every packet.) */
typedef struct
{
  const SynackAddress *addr[2];
  guint16              port[2];
} TupleRef;

/* Returns TRUE when (a, pa) went into slot 0. */
static gboolean
tuple_ref_init (TupleRef            *ref,
                const SynackAddress *a,
                guint16              pa,
                const SynackAddress *b,
                guint16              pb)
{
  int cmp = memcmp (a, b, sizeof *a);

  if (cmp < 0 || (cmp == 0 && pa <= pb))
    {
      ref->addr[0] = a;
      ref->addr[1] = b;
      ref->port[0] = pa;
      ref->port[1] = pb;
      return TRUE;
    }
  ref->addr[0] = b;
  ref->addr[1] = a;
  ref->port[0] = pb;
  ref->port[1] = pa;
  return FALSE;
}

static void
tuple_key_from_ref (TupleKey       *key,
                    const TupleRef *ref)
{
  memset (key, 0, sizeof *key);
  key->addr[0] = *ref->addr[0];
  key->addr[1] = *ref->addr[1];
  key->port[0] = ref->port[0];
  key->port[1] = ref->port[1];
}

static inline guint64
hash_mix (guint64 h,
          guint64 v)
{
  return (h ^ v) * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
}

/* Multiply-xor over the addresses' bytes, families and ports (an IPv4
 * address's unused bytes are zero). */
static guint32
tuple_hash (const SynackAddress *a,
            guint16              pa,
            const SynackAddress *b,
            guint16              pb)
{
  guint64 w[4], h = 0;

  memcpy (&w[0], a->bytes, 8);
  memcpy (&w[1], a->bytes + 8, 8);
  memcpy (&w[2], b->bytes, 8);
  memcpy (&w[3], b->bytes + 8, 8);
  for (guint i = 0; i < G_N_ELEMENTS (w); i++)
    h = hash_mix (h, w[i]);
  h = hash_mix (h, (guint64) a->family | (guint64) b->family << 8 |
                   (guint64) pa << 16 | (guint64) pb << 32);
  return (guint32) (h ^ (h >> 32));
}

static guint32
tuple_ref_hash (const TupleRef *ref)
{
  return tuple_hash (ref->addr[0], ref->port[0], ref->addr[1], ref->port[1]);
}

static inline gboolean
tuple_key_matches (const TupleKey *key,
                   const TupleRef *ref)
{
  return key->port[0] == ref->port[0] && key->port[1] == ref->port[1] &&
         memcmp (&key->addr[0], ref->addr[0], sizeof key->addr[0]) == 0 &&
         memcmp (&key->addr[1], ref->addr[1], sizeof key->addr[1]) == 0;
}

static Track *
tracks_lookup (SynackInfer    *self,
               const TupleRef *ref,
               guint32         hash)
{
  for (guint i = hash & self->mask; self->slots[i].track != NULL; i = (i + 1) & self->mask)
    if (self->slots[i].hash == hash && tuple_key_matches (&self->slots[i].track->key, ref))
      return self->slots[i].track;
  return NULL;
}

static void
tracks_put (Slot  *slots,
            guint  mask,
            Track *t)
{
  guint i = t->hash & mask;

  while (slots[i].track != NULL)
    i = (i + 1) & mask;
  slots[i].hash = t->hash;
  slots[i].conn = t->conn;
  slots[i].track = t;
}

static void
tracks_insert (SynackInfer *self,
               Track       *t)
{
  if ((self->n_tracks + 1) * 2 > self->mask + 1 && sweep (self, LINGER_SHORT_NS) == 0)
    {
      guint mask = self->mask * 2 + 1;
      Slot *slots = g_new0 (Slot, mask + 1);

      for (guint i = 0; i <= self->mask; i++)
        if (self->slots[i].track != NULL)
          tracks_put (slots, mask, self->slots[i].track);
      g_free (self->slots);
      self->slots = slots;
      self->mask = mask;
    }
  tracks_put (self->slots, self->mask, t);
  self->n_tracks++;
}

/* Removes t (and frees it), shifting back the entries probed past it. */
static void
tracks_remove (SynackInfer *self,
               Track       *t)
{
  guint mask = self->mask, i = t->hash & mask, j;

  while (self->slots[i].track != t)
    i = (i + 1) & mask;
  for (j = (i + 1) & mask; self->slots[j].track != NULL; j = (j + 1) & mask)
    {
      guint home = self->slots[j].hash & mask;

      /* Move j into the hole at i unless its home lies cyclically in (i, j]. */
      if (((j - home) & mask) >= ((j - i) & mask))
        {
          self->slots[i] = self->slots[j];
          i = j;
        }
    }
  self->slots[i].track = NULL;
  self->n_tracks--;
  g_free (t);
}

SynackInfer *
synack_infer_new (SynackTrace *trace)
{
  SynackInfer *self;

  g_return_val_if_fail (SYNACK_IS_TRACE (trace), NULL);

  self = g_new0 (SynackInfer, 1);
  self->trace = g_object_ref (trace);
  self->mask = 63;
  self->slots = g_new0 (Slot, self->mask + 1);
  return self;
}

void
synack_infer_free (SynackInfer *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i <= self->mask; i++)
    g_free (self->slots[i].track);
  g_free (self->slots);
  g_clear_object (&self->trace);
  g_free (self);
}

SynackTrace *
synack_infer_get_trace (SynackInfer *self)
{
  return self->trace;
}

guint
synack_infer_get_n_tracked (SynackInfer *self)
{
  return self->n_tracks;
}

gsize
synack_infer_get_memory_size (SynackInfer *self)
{
  g_return_val_if_fail (self != NULL, 0);
  /* each track and its malloc header, and the table */
  return sizeof *self + (gsize) self->n_tracks * (sizeof (Track) + 16) +
         (gsize) (self->mask + 1) * sizeof (Slot);
}

/* The state changes one segment shows, kept until they are appended around
 * it: the sender's own before it (it was in that state when it sent the
 * segment: a SYN leaves from SYN-SENT), the receiver's after it (on taking
 * it in), and the sender's where a segment of the peer's crossed this one
 * (simultaneous open, crossed FINs) after it as well. So the state at a
 * segment's own event is the state the sender sent it in, as for the
 * engine, whose changes come before what they make it send. */
typedef struct
{
  guint8 endpoint;
  guint8 to;
  guint8 inferred;  /* SYNACK_STATE_INFERRED */
  guint8 after;     /* appended after the segment */
} Change;

#define MAX_CHANGES 16

typedef struct
{
  guint    sender;
  gboolean sender_after;  /* the sender's changes from here on come after it */
  guint    n;
  Change   change[MAX_CHANGES];
} Changes;

static void
set_state_full (Track   *t,
                Changes *ch,
                guint    e,
                guint8   to,
                gboolean inferred,
                gboolean on_arrival)
{
  Change *c;

  if (t->side[e].state == to)
    return;
  t->side[e].state = to;
  t->side[e].events = TRUE;
  t->side[e].closed_by_ack = FALSE;
  g_return_if_fail (ch->n < MAX_CHANGES);
  c = &ch->change[ch->n++];
  c->endpoint = (guint8) e;
  c->to = to;
  c->inferred = inferred ? SYNACK_STATE_INFERRED : 0;
  /* an endpoint's changes keep their order */
  if (e == ch->sender && on_arrival)
    ch->sender_after = TRUE;
  c->after = e != ch->sender || ch->sender_after;
}

static void
set_state (Track   *t,
           Changes *ch,
           guint    e,
           guint8   to)
{
  set_state_full (t, ch, e, to, FALSE, FALSE);
}

/* A state the endpoint must have passed through, though the segments that
 * moved it there were not captured. */
static void
set_state_inferred (Track   *t,
                    Changes *ch,
                    guint    e,
                    guint8   to)
{
  set_state_full (t, ch, e, to, TRUE, FALSE);
}

/* The sender's change on taking in a segment of the peer's that crossed
 * its own. */
static void
set_state_crossed (Track   *t,
                   Changes *ch,
                   guint    e,
                   guint8   to)
{
  set_state_full (t, ch, e, to, FALSE, TRUE);
}

/* Append the changes on one side of the segment (cause, its index). */
static void
append_changes (SynackInfer   *self,
                Track         *t,
                const Changes *ch,
                gboolean       after,
                gint64         time,
                guint          cause)
{
  for (guint i = 0; i < ch->n; i++)
    {
      const Change *c = &ch->change[i];
      guint ev;

      if (c->after != after)
        continue;
      ev = synack_trace_append_state (self->trace, time, t->conn, c->endpoint, c->to,
                                      SYNACK_CAUSE_SEGMENT, cause);
      if (c->inferred && ev != G_MAXUINT)
        synack_trace_set_state_flags (self->trace, ev, c->inferred);
    }
}

/* The endpoint was presumed to be listening; it turns out it was closed (it
 * refused, or it opened actively). Only before any state event of its own. */
static void
presume_closed (SynackInfer *self,
                Track       *t,
                guint        e)
{
  if (!t->side[e].events && t->side[e].state == SYNACK_TCP_LISTEN)
    {
      t->side[e].state = SYNACK_TCP_CLOSED;
      synack_trace_set_initial_state (self->trace, t->conn, e, SYNACK_TCP_CLOSED);
    }
}

static gboolean
track_ended (const Track *t)
{
  for (guint e = 0; e < 2; e++)
    if (t->side[e].state != SYNACK_TCP_CLOSED && t->side[e].state != SYNACK_TCP_TIME_WAIT)
      return FALSE;
  return TRUE;
}

static void
finish_track (SynackInfer *self,
              Track       *t)
{
  synack_trace_set_summary (self->trace, t->conn, synack_zeek_tracker_conn_state (&t->zeek));
}

/* The connection is over: its summary, the trace's flag, the callback. */
static void
announce_done (SynackInfer *self,
               Track       *t)
{
  finish_track (self, t);
  synack_trace_add_connection_flags (self->trace, t->conn, SYNACK_CONNECTION_FINISHED);
  if (self->done)
    self->done (self->trace, t->conn, self->done_data);
}

/* Its inference state freed (announced first if it was not: port reuse). */
static void
forget_track (SynackInfer *self,
              Track       *t)
{
  if (!t->ended)
    announce_done (self, t);
  else
    finish_track (self, t);  /* late segments may have moved Zeek's state */
  if (self->last == t)
    self->last = NULL;
  tracks_remove (self, t);
}

static Track *
new_track (SynackInfer         *self,
           const TupleKey      *key,
           guint32              hash,
           const SynackIpInfo  *ip,
           const SynackSegment *seg)
{
  Track *t = g_new0 (Track, 1);
  guint8 f = seg->flags;
  gboolean sender_is_client;

  t->key = *key;
  t->hash = hash;
  synack_zeek_tracker_init (&t->zeek);
  t->side[0].syn_wscale = t->side[1].syn_wscale = -1;

  if ((f & (SYNACK_FLAG_SYN | SYNACK_FLAG_ACK)) == SYNACK_FLAG_SYN)
    sender_is_client = TRUE;
  else if ((f & (SYNACK_FLAG_SYN | SYNACK_FLAG_ACK)) == (SYNACK_FLAG_SYN | SYNACK_FLAG_ACK))
    sender_is_client = FALSE;
  else
    /* Mid-stream: the client is the side with the ephemeral (higher) port. */
    sender_is_client = seg->sport > seg->dport ||
                       (seg->sport == seg->dport &&
                        memcmp (&ip->src, &ip->dst, sizeof ip->src) < 0);

  /* src is slot 0 when it sorts first. */
  t->client_first = sender_is_client == (memcmp (&t->key.addr[0], &ip->src, sizeof ip->src) == 0 &&
                                         t->key.port[0] == seg->sport);
  if (sender_is_client)
    t->conn = synack_trace_add_connection (self->trace, &ip->src, seg->sport, &ip->dst, seg->dport);
  else
    t->conn = synack_trace_add_connection (self->trace, &ip->dst, seg->dport, &ip->src, seg->sport);

  if (f & SYNACK_FLAG_SYN)
    {
      if (f & SYNACK_FLAG_ACK)
        {
          /* The client's SYN was not captured: it is waiting in SYN-SENT. */
          t->side[0].state = SYNACK_TCP_SYN_SENT;
          t->side[0].syn_sent = TRUE;
          t->side[1].state = SYNACK_TCP_LISTEN;
          synack_trace_set_initial_state (self->trace, t->conn, 0, SYNACK_TCP_SYN_SENT);
        }
      else
        t->side[1].state = SYNACK_TCP_LISTEN;
      synack_trace_set_initial_state (self->trace, t->conn, 1, t->side[1].state);
      synack_trace_add_connection_flags (self->trace, t->conn, SYNACK_CONNECTION_SYN_SEEN);
      if (!(f & SYNACK_FLAG_ACK))
        {
          /* The server is presumed to listen (the analysis reads it so),
           * but nothing says it does until it answers. */
          t->side[1].unknown = TRUE;
          synack_trace_add_connection_flags (self->trace, t->conn,
                                             SYNACK_CONNECTION_INITIAL_UNKNOWN_1);
        }
    }
  else
    {
      for (guint e = 0; e < 2; e++)
        {
          t->side[e].state = SYNACK_TCP_ESTABLISHED;
          synack_trace_set_initial_state (self->trace, t->conn, e, SYNACK_TCP_ESTABLISHED);
        }
      synack_trace_add_connection_flags (self->trace, t->conn, SYNACK_CONNECTION_MIDSTREAM);
    }
  tracks_insert (self, t);
  return t;
}

typedef enum
{
  RST_IGNORED,
  RST_CHALLENGED,
  RST_ACCEPTED,
} RstVerdict;

/* Would r accept s's RST? RFC 9293 3.10.7 with RFC 5961's exact match. */
static RstVerdict
rst_verdict (const Track         *t,
             guint                s,
             const SynackSegment *seg,
             guint32              scaled_window)
{
  const Side *ss = &t->side[s], *rs = &t->side[!s];

  switch (rs->state)
    {
    case SYNACK_TCP_CLOSED:
    case SYNACK_TCP_LISTEN:
      return RST_IGNORED;
    case SYNACK_TCP_SYN_SENT:
      if ((seg->flags & SYNACK_FLAG_ACK) && rs->isn_set && seg->ack == rs->isn + 1)
        return RST_ACCEPTED;
      return RST_IGNORED;
    default:
      break;
    }

  /* r's RCV.NXT: what it last acknowledged, or what s has sent. */
  if ((ss->nextseq && seg->seq == ss->nextseq) ||
      (rs->lastack && seg->seq == rs->lastack) ||
      (!ss->nextseq && !rs->lastack))
    return RST_ACCEPTED;
  if (rs->lastack &&
      synack_seq_in_range (rs->lastack, seg->seq, rs->lastack + MAX (scaled_window, 1u)))
    return RST_CHALLENGED;
  return RST_IGNORED;
}

/* Side e's last advertised window in bytes, as Wireshark scales it: by e's
 * own shift once its SYN was seen (0 when either SYN went without the
 * option, or for a window carried by a SYN), unknown (-1) before. */
static gint64
scaled_window (const Track *t,
               guint        e)
{
  const Side *sd = &t->side[e], *peer = &t->side[!e];

  if (!sd->syn_seen_flag)
    return -1;
  if (sd->syn_wscale < 0 || sd->window_from_syn ||
      (peer->syn_seen_flag && peer->syn_wscale < 0))
    return sd->window;
  return (gint64) sd->window << sd->syn_wscale;
}

/* Wireshark's tcp_analyze_sequence_number(), for one segment from s. Like
 * Wireshark, 0 in nextseq, lastack and maxseqtobeacked means "not seen yet". */
static guint32
analyse (Track               *t,
         guint                s,
         gint64               now,
         const SynackSegment *seg)
{
  Side *fwd = &t->side[s], *rev = &t->side[!s];
  guint32 a = 0;
  guint32 seq = seg->seq, ack = seg->ack, seglen = seg->payload_len, nextseq;
  guint16 window = seg->window;
  guint8 f = seg->flags;
  gboolean sfr = (f & (SYNACK_FLAG_SYN | SYNACK_FLAG_FIN | SYNACK_FLAG_RST)) != 0;
  gboolean sf = (f & (SYNACK_FLAG_SYN | SYNACK_FLAG_FIN)) != 0;

  /* ZERO WINDOW PROBE. A peer not seen yet has no window (Wireshark's
   * unset window is not 0). */
  if (seglen == 1 && seq == fwd->nextseq && rev->window_valid && rev->window == 0)
    {
      a |= SYNACK_ANALYSIS_ZERO_WINDOW_PROBE;
      goto finished_fwd;
    }
  /* ZERO WINDOW */
  if (window == 0 && !sfr)
    a |= SYNACK_ANALYSIS_ZERO_WINDOW;
  /* LOST SEGMENT: a gap before this one */
  if (fwd->nextseq && synack_seq_gt (seq, fwd->nextseq) && !(f & SYNACK_FLAG_RST))
    a |= SYNACK_ANALYSIS_LOST_SEGMENT;
  /* KEEP ALIVE: 0 or 1 byte, one before the next expected */
  if (seglen <= 1 && seq == fwd->nextseq - 1 && !sfr)
    a |= SYNACK_ANALYSIS_KEEP_ALIVE;
  /* WINDOW UPDATE */
  if (seglen == 0 && window != 0 && window != fwd->window && seq == fwd->nextseq &&
      ack == fwd->lastack && !sfr)
    a |= SYNACK_ANALYSIS_WINDOW_UPDATE;
  /* WINDOW FULL: data up to the edge of the peer's advertised window */
  if (seglen > 0 && rev->window_valid && scaled_window (t, !s) >= 0 &&
      seq + seglen == rev->lastack + (guint32) scaled_window (t, !s) && !sfr)
    a |= SYNACK_ANALYSIS_WINDOW_FULL;
  /* KEEP ALIVE ACK */
  if (seglen == 0 && window != 0 && window == fwd->window && seq == fwd->nextseq &&
      ack == fwd->lastack && (rev->lastflags & SYNACK_ANALYSIS_KEEP_ALIVE) && !sfr)
    {
      a |= SYNACK_ANALYSIS_KEEP_ALIVE_ACK;
      goto finished_fwd;
    }
  /* ZERO WINDOW PROBE ACK */
  if (seglen == 0 && window == 0 && window == fwd->window && seq == fwd->nextseq &&
      ack == fwd->lastack && (rev->lastflags & SYNACK_ANALYSIS_ZERO_WINDOW_PROBE) && !sfr)
    {
      a |= SYNACK_ANALYSIS_ZERO_WINDOW_PROBE_ACK;
      goto finished_fwd;
    }
  /* DUPLICATE ACK (the count leaves the "ACKed unseen segment" mark, -1, at 1) */
  if (seglen == 0 && window != 0 && window == fwd->window && seq == fwd->nextseq &&
      ack == fwd->lastack && !sfr)
    {
      fwd->dupacknum = fwd->dupacknum == G_MAXUINT32 ? 1 : fwd->dupacknum + 1;
      a |= SYNACK_ANALYSIS_DUPLICATE_ACK;
    }

finished_fwd:
  if (ack != fwd->lastack)
    fwd->dupacknum = 0;

  /* ACKED LOST SEGMENT: acknowledges data this capture never saw. Marked
   * once a hole, as Wireshark 4.0: when the peer has sent past the hole, the
   * hole's edge moves up to what it sent; otherwise the peer's dupacknum is
   * set to -1 until its own ACK number moves, and no ACK is marked while it
   * is. (The comparison is Wireshark's plain unsigned one.) */
  if (rev->maxseqtobeacked && synack_seq_gt (ack, rev->maxseqtobeacked) &&
      (f & SYNACK_FLAG_ACK))
    {
      if (rev->maxseqtobeacked < rev->nextseq)
        {
          rev->maxseqtobeacked = rev->nextseq;
          a |= SYNACK_ANALYSIS_ACK_LOST_SEGMENT;
        }
      else
        {
          if (rev->dupacknum == 0)
            a |= SYNACK_ANALYSIS_ACK_LOST_SEGMENT;
          rev->dupacknum = G_MAXUINT32;
        }
    }

  /* RETRANSMISSION / SPURIOUS / FAST RETRANSMISSION / OUT OF ORDER, in
   * Wireshark 4.0's order: data already acknowledged is a spurious
   * retransmission before anything else. Its display counts fast and
   * spurious ones among retransmissions too (tcp.analysis.retransmission
   * matches them). */
  if ((seglen > 0 || sf) && !(a & SYNACK_ANALYSIS_KEEP_ALIVE))
    {
      gboolean not_advanced = fwd->nextseq && synack_seq_lt (seq, fwd->nextseq);
      gint64 ooo = t->irtt > 0 ? t->irtt : OOO_DEFAULT_NS;

      if (seglen > 1 && fwd->nextseq - 1 == seq)
        not_advanced = FALSE;

      if (seglen > 0 && rev->lastack && synack_seq_le (seq + seglen, rev->lastack))
        a |= SYNACK_ANALYSIS_SPURIOUS_RETRANSMISSION | SYNACK_ANALYSIS_RETRANSMISSION;
      else if (not_advanced && rev->dupacknum >= 2 && rev->lastack == seq &&
               now - rev->lastacktime < FAST_RETRANS_NS)
        a |= SYNACK_ANALYSIS_FAST_RETRANSMISSION | SYNACK_ANALYSIS_RETRANSMISSION;
      else if (not_advanced && now - fwd->nextseqtime < ooo &&
               fwd->nextseq != seq + seglen + (sf ? 1 : 0))
        a |= SYNACK_ANALYSIS_OUT_OF_ORDER;
      else if (not_advanced)
        a |= SYNACK_ANALYSIS_RETRANSMISSION;
    }

  /* Remember what this side has sent. */
  nextseq = seq + seglen + (sf ? 1 : 0);
  if ((synack_seq_gt (nextseq, fwd->nextseq) || !fwd->nextseq) &&
      !(a & SYNACK_ANALYSIS_ZERO_WINDOW_PROBE))
    {
      fwd->nextseq = nextseq;
      fwd->nextseqtime = now;
    }
  if ((seq == fwd->maxseqtobeacked || !fwd->maxseqtobeacked) &&
      !(a & SYNACK_ANALYSIS_ZERO_WINDOW_PROBE))
    fwd->maxseqtobeacked = fwd->nextseq;

  fwd->window = window;
  fwd->window_valid = TRUE;
  fwd->window_from_syn = (f & SYNACK_FLAG_SYN) != 0;
  fwd->lastack = ack;
  fwd->lastacktime = now;
  fwd->lastflags = a;
  return a;
}

/* The states s's segment shows, and r's on receiving it, into ch. */
static void
infer_states (SynackInfer         *self,
              Track               *t,
              guint                s,
              const SynackSegment *seg,
              gboolean             first_syn,
              RstVerdict           rst,
              Changes             *ch)
{
  guint r = !s;
  Side *ss = &t->side[s], *rs = &t->side[r];
  guint8 f = seg->flags;
  gboolean has_ack = (f & SYNACK_FLAG_ACK) != 0;
  gboolean acks_syn = has_ack && rs->syn_sent && rs->isn_set &&
                      (synack_seq_gt (seg->ack, rs->isn) ||
                       (rs->alt_isn_set && synack_seq_gt (seg->ack, rs->alt_isn)));
  gboolean acks_fin = has_ack && rs->fin_sent && synack_seq_gt (seg->ack, rs->fin_seq);

  if (f & SYNACK_FLAG_RST)
    {
      if (rst == RST_ACCEPTED)
        {
          if (rs->state == SYNACK_TCP_SYN_SENT && !ss->events)
            presume_closed (self, t, s);  /* a refused SYN: nobody was listening */
          set_state (t, ch, s, SYNACK_TCP_CLOSED);
          set_state (t, ch, r, SYNACK_TCP_CLOSED);
        }
      else if (rst == RST_CHALLENGED)
        rs->challenge_due = TRUE;
      return;
    }

  /* 1. What s's ACK shows it had received from r. */
  if (acks_syn && !(f & SYNACK_FLAG_SYN) && ss->state == SYNACK_TCP_SYN_SENT)
    set_state (t, ch, s, SYNACK_TCP_ESTABLISHED);
  else if (has_ack && !(f & SYNACK_FLAG_SYN) && ss->state == SYNACK_TCP_SYN_SENT)
    /* An ACK from SYN-SENT without an ACK of a captured SYN: the peer's
     * SYN-ACK was not captured, but only a synchronized TCP sends this. */
    set_state_inferred (t, ch, s, SYNACK_TCP_ESTABLISHED);
  else if (has_ack && !(f & SYNACK_FLAG_SYN) && ss->state == SYNACK_TCP_LISTEN &&
           rs->syn_seen_flag)
    {
      /* A listener sending an ACK: it answered the SYN (not captured) and
       * got the handshake's ACK (not captured either, or not recognised). */
      set_state_inferred (t, ch, s, SYNACK_TCP_SYN_RECEIVED);
      set_state_inferred (t, ch, s, SYNACK_TCP_ESTABLISHED);
    }
  if (acks_fin)
    {
      switch (ss->state)
        {
        case SYNACK_TCP_ESTABLISHED:
        case SYNACK_TCP_SYN_RECEIVED:
          set_state (t, ch, s, SYNACK_TCP_CLOSE_WAIT);
          break;
        case SYNACK_TCP_FIN_WAIT_1:
          set_state (t, ch, s, SYNACK_TCP_CLOSING);
          break;
        case SYNACK_TCP_FIN_WAIT_2:
          set_state (t, ch, s, SYNACK_TCP_TIME_WAIT);
          break;
        default:
          break;
        }
    }

  /* 2. s's SYN (also the same SYN sent again by an endpoint a RST closed). */
  if ((f & SYNACK_FLAG_SYN) && (first_syn || ss->state == SYNACK_TCP_CLOSED))
    {
      if (!has_ack)
        {
          if (rs->syn_sent && rs->state == SYNACK_TCP_SYN_SENT)
            {
              /* A bare SYN after the peer's SYN: the SYNs crossed. Each
               * SYN then reaches a side in SYN-SENT (simultaneous open). */
              presume_closed (self, t, s);
              set_state (t, ch, s, SYNACK_TCP_SYN_SENT);
              set_state_crossed (t, ch, s, SYNACK_TCP_SYN_RECEIVED);
              set_state (t, ch, r, SYNACK_TCP_SYN_RECEIVED);
            }
          else if (ss->state == SYNACK_TCP_CLOSED || ss->state == SYNACK_TCP_LISTEN)
            {
              presume_closed (self, t, s);
              set_state (t, ch, s, SYNACK_TCP_SYN_SENT);
            }
        }
      else if (ss->state == SYNACK_TCP_LISTEN || ss->state == SYNACK_TCP_CLOSED ||
               ss->state == SYNACK_TCP_SYN_SENT)
        {
          /* A closed endpoint that answers a SYN listens again (it refused
           * an earlier one). */
          if (ss->state == SYNACK_TCP_CLOSED)
            set_state_inferred (t, ch, s, SYNACK_TCP_LISTEN);
          set_state (t, ch, s, SYNACK_TCP_SYN_RECEIVED);
        }
    }
  else if ((f & SYNACK_FLAG_SYN) && !has_ack && synack_tcp_state_is_synchronized (rs->state))
    rs->challenge_due = TRUE;  /* RFC 5961 4.2: a SYN in a synchronized state */

  /* 3. s's FIN again: when the peer's ACK of it had closed s, that ACK was
   * lost on its way: s never left LAST-ACK. A peer in TIME-WAIT will answer
   * with its ACK again (what TIME-WAIT is for). */
  if ((f & SYNACK_FLAG_FIN) && ss->fin_sent && seg->seq + seg->payload_len == ss->fin_seq)
    {
      if (ss->closed_by_ack && ss->state == SYNACK_TCP_CLOSED &&
          synack_trace_retract_state (self->trace, t->conn, s))
        {
          ss->state = SYNACK_TCP_LAST_ACK;
          ss->closed_by_ack = FALSE;
        }
      if (rs->state == SYNACK_TCP_TIME_WAIT)
        ss->fin_again = TRUE;
    }

  /* s's first FIN. */
  if ((f & SYNACK_FLAG_FIN) && !ss->fin_sent)
    {
      gboolean crossed = rs->fin_sent && !acks_fin && rs->state == SYNACK_TCP_FIN_WAIT_1;

      switch (ss->state)
        {
        case SYNACK_TCP_ESTABLISHED:
        case SYNACK_TCP_SYN_RECEIVED:
          set_state (t, ch, s, SYNACK_TCP_FIN_WAIT_1);
          break;
        case SYNACK_TCP_CLOSE_WAIT:
          set_state (t, ch, s, SYNACK_TCP_LAST_ACK);
          break;
        default:
          break;
        }
      if (crossed && ss->state == SYNACK_TCP_FIN_WAIT_1)
        {
          /* The FINs crossed: each reaches a side in FIN-WAIT-1. */
          set_state_crossed (t, ch, s, SYNACK_TCP_CLOSING);
          set_state (t, ch, r, SYNACK_TCP_CLOSING);
        }
    }

  /* 4. r receives s's ACK of its SYN or FIN. */
  if (acks_syn && rs->state == SYNACK_TCP_SYN_RECEIVED)
    set_state (t, ch, r, SYNACK_TCP_ESTABLISHED);
  if (acks_fin)
    {
      switch (rs->state)
        {
        case SYNACK_TCP_FIN_WAIT_1:
          set_state (t, ch, r, SYNACK_TCP_FIN_WAIT_2);
          break;
        case SYNACK_TCP_CLOSING:
          set_state (t, ch, r, SYNACK_TCP_TIME_WAIT);
          break;
        case SYNACK_TCP_LAST_ACK:
          set_state (t, ch, r, SYNACK_TCP_CLOSED);
          rs->closed_by_ack = TRUE;
          break;
        default:
          break;
        }
    }
}

/* Sequence bookkeeping the state machine reads: SYNs, FINs, ISNs. */
static gboolean
note_sequence (SynackInfer         *self,
               Track               *t,
               guint                s,
               gint64               time,
               const SynackSegment *seg)
{
  Side *ss = &t->side[s], *rs = &t->side[!s];
  guint8 f = seg->flags;
  gboolean new_isn = FALSE;

  if ((f & (SYNACK_FLAG_SYN | SYNACK_FLAG_ACK)) == (SYNACK_FLAG_SYN | SYNACK_FLAG_ACK) &&
      ss->isn_set && seg->seq != ss->isn)
    {
      /* Wireshark: a SYN-ACK with another sequence number than this side's
       * base "reuses the ports" and becomes the new base. The old ISN is
       * kept: the peer may acknowledge either. */
      new_isn = TRUE;
      ss->alt_isn = ss->isn;
      ss->alt_isn_set = TRUE;
      if (ss->syn_seen_flag)
        {
          ss->isn = seg->seq;
          synack_trace_set_isn (self->trace, t->conn, s, seg->seq, TRUE);
        }
    }

  if (f & SYNACK_FLAG_SYN)
    {
      if (!ss->syn_seen_flag)
        {
          ss->syn_seen_flag = TRUE;
          ss->syn_sent = TRUE;
          ss->isn = seg->seq;
          ss->isn_set = TRUE;
          ss->syn_wscale = (seg->options & SYNACK_OPTION_WSCALE) ? (gint8) MIN (seg->wscale, 14) : -1;
          synack_trace_set_isn (self->trace, t->conn, s, seg->seq, TRUE);
          if (rs->syn_seen_flag)
            {
              if (ss->syn_wscale >= 0 && rs->syn_wscale >= 0)
                synack_trace_set_wscale (self->trace, t->conn,
                                         t->side[0].syn_wscale, t->side[1].syn_wscale);
            }
        }
    }
  else if (!ss->isn_set)
    {
      /* As Wireshark: the first segment seen without a SYN is relative 1. */
      ss->isn = seg->seq - 1;
      ss->isn_set = TRUE;
      synack_trace_set_isn (self->trace, t->conn, s, ss->isn, FALSE);
    }

  if ((f & SYNACK_FLAG_ACK) && !rs->isn_set)
    {
      rs->isn = seg->ack - 1;
      rs->isn_set = TRUE;
      synack_trace_set_isn (self->trace, t->conn, !s, rs->isn, FALSE);
    }

  if ((f & SYNACK_FLAG_FIN) && !ss->fin_sent)
    ss->fin_seq = seg->seq + seg->payload_len;
  return new_isn;
}

guint
synack_infer_add (SynackInfer         *self,
                  gint64               epoch_ns,
                  const SynackIpInfo  *ip,
                  const SynackSegment *seg)
{
  TupleKey key;
  TupleRef ref;
  Track *t;
  guint32 hash;
  guint s, idx;
  guint32 analysis = 0;
  gint64 time;
  gboolean reused = FALSE;
  gboolean fin_before, first_syn, a_first, synack_isn;
  RstVerdict rst = RST_IGNORED;

  g_return_val_if_fail (self != NULL, G_MAXUINT);

  if (!self->have_origin)
    {
      self->origin = epoch_ns;
      self->have_origin = TRUE;
      synack_trace_set_origin (self->trace, epoch_ns);
    }
  time = epoch_ns - self->origin;
  self->now = MAX (self->now, time);
  if (self->now - self->last_sweep >= LINGER_NS / 4)
    {
      sweep (self, LINGER_NS);
      self->last_sweep = self->now;
    }

  a_first = tuple_ref_init (&ref, &ip->src, seg->sport, &ip->dst, seg->dport);
  hash = tuple_ref_hash (&ref);
  if (self->last != NULL && self->last->hash == hash && tuple_key_matches (&self->last->key, &ref))
    t = self->last;
  else
    t = tracks_lookup (self, &ref, hash);

  if ((seg->flags & (SYNACK_FLAG_SYN | SYNACK_FLAG_ACK | SYNACK_FLAG_RST)) == SYNACK_FLAG_SYN)
    {
      if (t != NULL)
        {
          s = a_first == t->client_first ? 0 : 1;
          /* Wireshark: a SYN with another ISN than this side's earlier SYN
           * starts a new conversation. We also require that the earlier
           * one is over or never answered, so a stray SYN in an open
           * connection stays the RFC 5961 case it is. */
          if (t->side[s].syn_seen_flag && t->side[s].isn != seg->seq &&
              (track_ended (t) || !t->side[!s].syn_seen_flag ||
               t->side[0].state == SYNACK_TCP_CLOSED || t->side[1].state == SYNACK_TCP_CLOSED ||
               t->side[0].state == SYNACK_TCP_TIME_WAIT || t->side[1].state == SYNACK_TCP_TIME_WAIT))
            {
              forget_track (self, t);
              t = NULL;
              reused = TRUE;
            }
        }
      else if (synack_trace_find_connection (self->trace, &ip->src, seg->sport,
                                             &ip->dst, seg->dport, NULL) != G_MAXUINT)
        reused = TRUE;
    }

  if (t == NULL)
    {
      guint old = synack_trace_find_connection (self->trace, &ip->src, seg->sport,
                                                &ip->dst, seg->dport, &s);

      if (old != G_MAXUINT && !reused &&
          (seg->flags & (SYNACK_FLAG_SYN | SYNACK_FLAG_ACK)) != SYNACK_FLAG_SYN)
        {
          /* A straggler after the connection ended (a late ACK, a RST
           * answering it): it belongs to that connection, and changes no
           * state there. */
          return synack_trace_append_segment (self->trace, time, old, s, seg,
                                              SYNACK_FATE_CAPTURED, SYNACK_TIME_NONE, 0);
        }
      tuple_key_from_ref (&key, &ref);
      t = new_track (self, &key, hash, ip, seg);
    }

  s = a_first == t->client_first ? 0 : 1;
  self->last = t;

  fin_before = t->side[s].fin_sent;
  first_syn = !t->side[s].syn_seen_flag;
  /* Judged on what was sent before it (the analysis below moves nextseq). */
  if (seg->flags & SYNACK_FLAG_RST)
    rst = rst_verdict (t, s, seg, (guint32) MAX (scaled_window (t, !s), 0));
  synack_isn = note_sequence (self, t, s, time, seg);
  analysis = analyse (t, s, time, seg);
  /* Wireshark's initial RTT, set after the analysis as in its dissector:
   * from the last bare SYN (none at the epoch itself: Wireshark's zero time
   * means "no SYN") to the first pure ACK either way. */
  if ((seg->flags & (SYNACK_FLAG_SYN | SYNACK_FLAG_ACK)) == SYNACK_FLAG_SYN)
    t->syn_epoch = epoch_ns;
  else if ((seg->flags & (SYNACK_FLAG_SYN | SYNACK_FLAG_ACK)) == SYNACK_FLAG_ACK &&
           t->syn_epoch != 0 && t->irtt == 0)
    t->irtt = epoch_ns - t->syn_epoch;
  if (synack_isn)
    analysis |= SYNACK_ANALYSIS_REUSED_PORTS;
  if (ip->damage & SYNACK_WIRE_DAMAGE_OPTIONS)
    analysis |= SYNACK_ANALYSIS_BAD_OPTIONS;
  if (reused)
    analysis |= SYNACK_ANALYSIS_REUSED_PORTS;
  if (t->side[s].challenge_due && !(seg->flags & (SYNACK_FLAG_SYN | SYNACK_FLAG_FIN | SYNACK_FLAG_RST)))
    {
      if ((seg->flags & SYNACK_FLAG_ACK) && seg->payload_len == 0)
        analysis |= SYNACK_ANALYSIS_CHALLENGE_ACK;
      t->side[s].challenge_due = FALSE;
    }

  /* TIME-WAIT answering a FIN sent again. */
  if ((seg->flags & (SYNACK_FLAG_ACK | SYNACK_FLAG_SYN | SYNACK_FLAG_FIN | SYNACK_FLAG_RST)) ==
        SYNACK_FLAG_ACK && seg->payload_len == 0 &&
      t->side[s].state == SYNACK_TCP_TIME_WAIT && t->side[!s].fin_again)
    {
      analysis |= SYNACK_ANALYSIS_TIME_WAIT_ACK;
      t->side[!s].fin_again = FALSE;
    }
  /* A presumed listener that sends anything is known: a SYN-ACK shows it
   * listened, a RST that it was closed (presume_closed, below). */
  if (t->side[s].unknown)
    {
      t->side[s].unknown = FALSE;
      if (!t->side[s].events && !(seg->flags & SYNACK_FLAG_RST))
        synack_trace_set_initial_state (self->trace, t->conn, s, t->side[s].state);
    }

  synack_zeek_tracker_add (&t->zeek, s, seg->flags, seg->payload_len);
  {
    Changes ch;
    guint before = 0;

    ch.sender = s;
    ch.sender_after = FALSE;
    ch.n = 0;
    infer_states (self, t, s, seg, first_syn, rst, &ch);
    for (guint i = 0; i < ch.n; i++)
      before += !ch.change[i].after;
    /* the sender's changes name the segment that follows them */
    idx = synack_trace_get_n_events (self->trace) + before;
    append_changes (self, t, &ch, FALSE, time, idx);
    if (synack_trace_append_segment (self->trace, time, t->conn, s, seg, SYNACK_FATE_CAPTURED,
                                     SYNACK_TIME_NONE, analysis) != idx)
      g_return_val_if_reached (G_MAXUINT);
    append_changes (self, t, &ch, TRUE, time, idx);
  }
  if ((seg->flags & SYNACK_FLAG_FIN) && !fin_before)
    t->side[s].fin_sent = TRUE;

  if (!track_ended (t))
    t->ended = FALSE;  /* opened again (a SYN retried after a RST) */
  else if (!t->ended)
    {
      t->ended = TRUE;
      t->ended_at = time;
      announce_done (self, t);
    }
  return idx;
}

guint32
synack_infer_prefetch_slot (SynackInfer         *self,
                            const SynackIpInfo  *ip,
                            const SynackSegment *seg)
{
  TupleRef ref;
  guint32 hash;

  tuple_ref_init (&ref, &ip->src, seg->sport, &ip->dst, seg->dport);
  hash = tuple_ref_hash (&ref);
  __builtin_prefetch (&self->slots[hash & self->mask]);
  return hash;
}

void
synack_infer_prefetch_track (SynackInfer *self,
                             guint32      hash)
{
  const Slot *slot = &self->slots[hash & self->mask];

  /* The first of its probe: nearly always the one. */
  if (slot->track != NULL && slot->hash == hash)
    {
      __builtin_prefetch (slot->track);
      __builtin_prefetch ((const guint8 *) slot->track + 64);
      __builtin_prefetch ((const guint8 *) slot->track + 128);
      __builtin_prefetch ((const guint8 *) slot->track + 192);
      synack_trace_prefetch_connection (self->trace, slot->conn);
    }
}

void
synack_infer_set_connection_done (SynackInfer              *self,
                                  SynackConnectionDoneFunc  func,
                                  gpointer                  user_data)
{
  g_return_if_fail (self != NULL);
  self->done = func;
  self->done_data = user_data;
}

guint
synack_infer_get_n_lingering (SynackInfer *self,
                              gsize       *bytes)
{
  guint n = 0;

  g_return_val_if_fail (self != NULL, 0);

  for (guint i = 0; i <= self->mask; i++)
    if (self->slots[i].track != NULL && self->slots[i].track->ended)
      n++;
  /* each one's Track, its malloc header, and its share of a table kept at
   * most half full */
  if (bytes != NULL)
    *bytes = (gsize) n * (sizeof (Track) + 16 + 2 * sizeof (Slot));
  return n;
}

gboolean
synack_infer_forget_connection (SynackInfer *self,
                                guint        conn,
                                gboolean     even_open)
{
  const SynackConnection *c;
  TupleRef ref;
  Track *t;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (conn < synack_trace_get_n_connections (self->trace), FALSE);

  c = synack_trace_get_connection (self->trace, conn);
  tuple_ref_init (&ref, &c->addr[0], c->port[0], &c->addr[1], c->port[1]);
  t = tracks_lookup (self, &ref, tuple_ref_hash (&ref));
  if (t == NULL || t->conn != conn)
    return TRUE;  /* forgotten already (its linger is over, or its ports were reused) */
  if (!t->ended && !even_open)
    return FALSE;
  if (self->last == t)
    self->last = NULL;
  tracks_remove (self, t);
  return TRUE;
}

void
synack_infer_finish (SynackInfer *self)
{
  g_return_if_fail (self != NULL);

  for (guint i = 0; i <= self->mask; i++)
    if (self->slots[i].track != NULL)
      {
        finish_track (self, self->slots[i].track);
        g_clear_pointer (&self->slots[i].track, g_free);
      }
  self->n_tracks = 0;
  self->last = NULL;
}
