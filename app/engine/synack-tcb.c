/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "synack-error.h"
#include "synack-seq.h"
#include "synack-tcb.h"

/* Reassembly keeps at most this many out-of-order ranges; a segment that
 * would make more is dropped (the sender retransmits it). */
#define MAX_OOO       8
#define TIMER_OFF     G_MAXINT64
#define SSTHRESH_INIT ((guint32) G_MAXINT32)
#define TS_OPT_LEN    12
#define SBUF_MIN      4096
#define MS            (SYNACK_NSEC_PER_SEC / 1000)

typedef struct
{
  guint32 left;
  guint32 right;
} Range;

struct _SynackTcb
{
  SynackTcbOptions   opt;
  SynackTcbCallbacks cb;
  gpointer           user_data;

  guint8   state;
  guint8   cause;          /* SynackCauseKind of the entry point being run */
  guint8   depth;          /* entry points on the stack (callbacks may re-enter) */
  guint8   n_ooo;
  guint8   ooo_recent;     /* the range the latest out-of-order segment went into */
  guint8   snd_wscale;     /* shift applied to the peer's windows (0 when off) */
  guint8   rcv_wscale;     /* shift applied to ours (0 when off) */
  gint8    peer_wscale;    /* what the peer's SYN offered, -1 none */

  guint    passive : 1;         /* the connection came from LISTEN */
  guint    child : 1;
  guint    ws_ok : 1;
  guint    sack_ok : 1;
  guint    ts_ok : 1;
  guint    fin_queued : 1;      /* shutdown: a FIN goes at fin_seq */
  guint    fin_deferred : 1;    /* shutdown before ESTABLISHED */
  guint    rd_closed : 1;       /* close: incoming data is discarded */
  guint    fin_rcvd : 1;        /* the peer's FIN was processed */
  guint    ooo_fin : 1;         /* a FIN waits at ooo_fin_seq */
  guint    in_recovery : 1;
  guint    rtt_timing : 1;
  guint    want_writable : 1;
  guint    dead : 1;            /* finished: closed or child back in LISTEN */
  guint    closed_pending : 1;
  guint    need_output : 1;
  guint    ack_now : 1;
  guint    syn_retransmitted : 1;
  guint    acked_before : 1;    /* at least one ACK went out */
  guint    vars_reported : 1;
  guint    ack_reply : 2;       /* what the next pure ACK answers (ACK_REPLY_*) */
  guint    syn_seen : 1;        /* the peer's SYN (and its options) arrived */
  guint    wnd_check : 1;       /* recv/close opened the window: maybe update */
  guint    zwp_unanswered : 5;  /* zero-window probes since the last ACK */

  int      err;
  guint16  lport;
  guint16  rport;
  guint16  peer_mss;
  guint16  last_win_sent;

  guint32  iss;
  guint32  snd_una;
  guint32  snd_nxt;
  guint32  snd_max;
  guint32  snd_wnd;
  guint32  snd_wl1;
  guint32  snd_wl2;
  guint32  max_sndwnd;
  guint32  fin_seq;
  guint32  sbuf_seq;       /* sequence number of sbuf's first byte */
  guint32  smss;

  guint32  irs;
  guint32  rcv_nxt;
  guint32  rcv_adv;        /* right edge of the window we advertised */
  guint32  last_ack_sent;
  guint32  rcv_unacked;    /* in-order bytes not yet acknowledged */
  guint32  rcv_mss;        /* largest segment received (for delayed ACK) */
  guint32  ooo_fin_seq;
  guint32  ts_recent;

  guint32  cwnd;
  guint32  ssthresh;
  guint32  recover;
  guint32  dupacks;

  guint32  rtt_seq;
  gint64   rtt_time;
  gint64   srtt;
  gint64   rttvar;
  gint64   rto;

  gint64   last_rcv;
  gint64   due[SYNACK_TIMER_N_KINDS];
  guint    count[SYNACK_TIMER_N_KINDS];

  guint8  *sbuf;
  guint32  scap;
  guint32  sstart;
  guint32  slen;

  guint8  *rbuf;
  guint32  rcap;
  guint32  rhead;
  guint32  rlen;

  Range    ooo[MAX_OOO];
  SynackTcbVars last_vars;
};

enum
{
  ACK_REPLY_NONE,
  ACK_REPLY_KEEP_ALIVE,
  ACK_REPLY_ZERO_WINDOW_PROBE,
};

/* ---------------------------------------------------------------- options */

void
synack_tcb_options_init_linux (SynackTcbOptions *o)
{
  g_return_if_fail (o != NULL);

  memset (o, 0, sizeof *o);
  o->isn = 0;
  o->mss = 1460;
  o->wscale = 7;
  o->sack = TRUE;
  o->timestamps = TRUE;
  o->nagle = TRUE;
  o->delayed_ack = TRUE;
  o->autoread = TRUE;
  o->rcv_buf = 131072;
  o->snd_buf = 131072;
  o->delayed_ack_timeout = 40 * MS;
  o->keepalive = FALSE;
  o->keepalive_idle = 7200 * SYNACK_NSEC_PER_SEC;
  o->keepalive_interval = 75 * SYNACK_NSEC_PER_SEC;
  o->keepalive_probes = 9;
  o->msl = 30 * SYNACK_NSEC_PER_SEC;
  o->rto_initial = SYNACK_NSEC_PER_SEC;
  o->rto_min = 200 * MS;
  o->rto_max = 120 * SYNACK_NSEC_PER_SEC;
  o->syn_retries = 6;
  o->synack_retries = 5;
  o->data_retries = 15;
  o->initial_cwnd = 10;
  o->ts_offset = 0;
}

void
synack_tcb_options_init_rfc (SynackTcbOptions *o)
{
  synack_tcb_options_init_linux (o);
  o->rto_min = SYNACK_NSEC_PER_SEC;
  o->initial_cwnd = 0;
  o->delayed_ack_timeout = 200 * MS;
}

/* --------------------------------------------------------------- helpers */

static gboolean
state_synchronized (guint state)
{
  return state >= SYNACK_TCP_ESTABLISHED && state <= SYNACK_TCP_TIME_WAIT;
}

static guint32
ts_now (SynackTcb *tcb,
        gint64     now)
{
  return (guint32) (now / MS) + tcb->opt.ts_offset;
}

static gboolean
syn_acked (SynackTcb *tcb)
{
  return tcb->snd_una != tcb->iss;
}

static gboolean
fin_sent (SynackTcb *tcb)
{
  return tcb->fin_queued && synack_seq_gt (tcb->snd_max, tcb->fin_seq);
}

static gboolean
fin_acked (SynackTcb *tcb)
{
  return fin_sent (tcb) && synack_seq_gt (tcb->snd_una, tcb->fin_seq);
}

static guint32
data_end (SynackTcb *tcb)
{
  return tcb->sbuf_seq + tcb->slen;
}

static guint32
our_mss (SynackTcb *tcb)
{
  guint32 m = tcb->opt.mss;

  if (tcb->ts_ok && m > TS_OPT_LEN + 1)
    m -= TS_OPT_LEN;
  return MAX (m, 1);
}

static guint32
rcv_space (SynackTcb *tcb)
{
  if (tcb->opt.autoread || tcb->rd_closed)
    return tcb->opt.rcv_buf;
  return tcb->opt.rcv_buf > tcb->rlen ? tcb->opt.rcv_buf - tcb->rlen : 0;
}

static guint32
rcv_wnd (SynackTcb *tcb)
{
  gint32 d = synack_seq_diff (tcb->rcv_adv, tcb->rcv_nxt);

  return d > 0 ? (guint32) d : 0;
}

/* How far past RCV.NXT a segment's text is taken: the window, and no
 * further than the receive ring holds (rbuf_fit grows it with the edge,
 * up to a limit the edge can pass when ACK after ACK rounds it up). */
static guint32
rcv_room (SynackTcb *tcb)
{
  guint32 cap = tcb->rbuf ? tcb->rcap : tcb->opt.rcv_buf + (1u << tcb->rcv_wscale);
  /* one byte short of the ring: the most the rounded-up window ever
   * offered, so unread data stays below rcv_buf plus one unit */
  guint32 room = cap - 1 > tcb->rlen ? cap - 1 - tcb->rlen : 0;

  return MIN (rcv_wnd (tcb), room);
}

static void
report_vars (SynackTcb *tcb)
{
  SynackTcbVars v;

  synack_tcb_get_vars (tcb, &v);
  if (tcb->vars_reported && memcmp (&v, &tcb->last_vars, sizeof v) == 0)
    return;
  tcb->last_vars = v;
  tcb->vars_reported = TRUE;
  if (tcb->cb.vars)
    tcb->cb.vars (tcb, &v, tcb->user_data);
}

/* ----------------------------------------------------------------- timers */

static void
timer_arm (SynackTcb       *tcb,
           SynackTimerKind  kind,
           gint64           due)
{
  tcb->due[kind] = due;
  if (tcb->cb.timer)
    tcb->cb.timer (tcb, kind, SYNACK_TIMER_ARMED, tcb->count[kind], due, tcb->user_data);
}

static void
timer_cancel (SynackTcb       *tcb,
              SynackTimerKind  kind)
{
  gint64 due = tcb->due[kind];

  if (due == TIMER_OFF)
    return;
  tcb->due[kind] = TIMER_OFF;
  if (tcb->cb.timer)
    tcb->cb.timer (tcb, kind, SYNACK_TIMER_CANCELLED, tcb->count[kind], due, tcb->user_data);
}

static gboolean
timer_armed (SynackTcb       *tcb,
             SynackTimerKind  kind)
{
  return tcb->due[kind] != TIMER_OFF;
}

static gint64
rto_backed_off (SynackTcb *tcb,
                guint      shift)
{
  gint64 t = tcb->rto;

  for (guint i = 0; i < shift && t < tcb->opt.rto_max; i++)
    t *= 2;
  return MIN (t, tcb->opt.rto_max);
}

/* ------------------------------------------------------------ state moves */

static void
set_state (SynackTcb      *tcb,
           SynackTcpState  to)
{
  SynackTcpState from = tcb->state;

  if (from == to)
    return;
  tcb->state = to;
  if (tcb->cb.state_changed)
    tcb->cb.state_changed (tcb, from, to, tcb->cause, tcb->user_data);
}

static void
cancel_all_timers (SynackTcb *tcb)
{
  for (guint k = 0; k < SYNACK_TIMER_N_KINDS; k++)
    {
      timer_cancel (tcb, k);
      tcb->count[k] = 0;
    }
}

static void
drop_buffers (SynackTcb *tcb)
{
  g_clear_pointer (&tcb->sbuf, g_free);
  tcb->scap = tcb->sstart = tcb->slen = 0;
  tcb->n_ooo = 0;
  tcb->ooo_fin = FALSE;
  /* In-order data the application has not read stays readable after the
   * connection is over (as with a socket not yet closed), unless it failed
   * or the application closed. */
  if (tcb->rlen == 0 || tcb->err != 0 || tcb->rd_closed)
    {
      g_clear_pointer (&tcb->rbuf, g_free);
      tcb->rcap = tcb->rhead = tcb->rlen = 0;
    }
}

/* The end of the connection: CLOSED, no timers, nothing more to send. */
static void
enter_closed (SynackTcb *tcb)
{
  cancel_all_timers (tcb);
  set_state (tcb, SYNACK_TCP_CLOSED);
  if (tcb->depth <= 1)
    drop_buffers (tcb);
  else
    {
      /* a callback up the stack may still look at the buffers; leave()
       * frees them */
      tcb->slen = 0;
      tcb->n_ooo = 0;
    }
  tcb->dead = TRUE;
  tcb->closed_pending = TRUE;
}

static void
fail (SynackTcb *tcb,
      int        errnum)
{
  tcb->err = errnum;
  if (tcb->cb.error)
    tcb->cb.error (tcb, errnum, tcb->cause, tcb->user_data);
  enter_closed (tcb);
}

static void
enter_time_wait (SynackTcb *tcb,
                 gint64     now)
{
  timer_cancel (tcb, SYNACK_TIMER_RETRANSMISSION);
  timer_cancel (tcb, SYNACK_TIMER_PERSIST);
  timer_cancel (tcb, SYNACK_TIMER_KEEPALIVE);
  timer_cancel (tcb, SYNACK_TIMER_DELAYED_ACK);
  set_state (tcb, SYNACK_TCP_TIME_WAIT);
  tcb->count[SYNACK_TIMER_TIME_WAIT] = 0;
  timer_arm (tcb, SYNACK_TIMER_TIME_WAIT, now + 2 * tcb->opt.msl);
}

/* ------------------------------------------------------------- transmit */

static void ensure_rbuf (SynackTcb *tcb);

/* Grow the receive ring to hold what waits for recv plus the window we
 * offer: rounding the edge up instead of moving it back can put the edge
 * past rcv_buf plus one unit, by less than a unit for each ACK sent
 * without a read in between. Up to twice the buffer; past that, text is
 * dropped unacknowledged (rcv_room) and comes again. */
static void
rbuf_fit (SynackTcb *tcb)
{
  guint32 unit = 1u << tcb->rcv_wscale;
  guint32 cap = tcb->rbuf ? tcb->rcap : tcb->opt.rcv_buf + unit;
  guint64 need = (guint64) tcb->rlen + rcv_wnd (tcb) + 1;
  guint64 limit = 2 * ((guint64) tcb->opt.rcv_buf + unit);
  guint8 *ring;

  need = MIN (need, limit);
  if (need <= cap)
    return;
  ensure_rbuf (tcb);
  ring = g_malloc (need);
  /* unwrap: unread bytes and held out-of-order ones keep their offsets */
  memcpy (ring, tcb->rbuf + tcb->rhead, tcb->rcap - tcb->rhead);
  memcpy (ring + tcb->rcap - tcb->rhead, tcb->rbuf, tcb->rhead);
  g_free (tcb->rbuf);
  tcb->rbuf = ring;
  tcb->rcap = (guint32) need;
  tcb->rhead = 0;
}

static guint16
window_field (SynackTcb *tcb)
{
  guint32 ws = tcb->rcv_wscale;
  gint64 avail = rcv_space (tcb);
  gint64 cur = rcv_wnd (tcb);
  gint64 thresh = MIN (tcb->opt.rcv_buf / 2, our_mss (tcb));
  gint64 maxw = (gint64) 65535 << ws;
  gint64 w = cur;
  gint64 field;

  /* Receiver-side silly window avoidance (RFC 1122 4.2.3.3): move the right
   * edge only by a worthwhile amount, or when the buffer is empty. */
  if (avail > cur && (avail - cur >= thresh || avail == tcb->opt.rcv_buf))
    w = avail;
  w = MIN (w, maxw);
  /* Scaling loses the low bits: round up, as Linux does, so a buffer
   * smaller than one unit still opens a window and the window we offered
   * never shrinks (RFC 9293 3.8.6.2.2); the receive ring has one unit of
   * slack for it. Only when the edge already stands past the buffer by
   * rounding (and nothing was read since) round down: a shrink of less than
   * one unit, which RFC 7323 2.4 tells senders to expect. */
  field = (w + (1 << ws) - 1) >> ws;
  if ((field << ws) > avail + (1 << ws) - 1)
    field = w >> ws;
  /* Never move the right edge back (RFC 9293 3.8.6): a peer that filled
   * the window we offered before would be left with data past it, and
   * Linux then deadlocks against a zero window. When the edge
   * is no whole number of units away, round it up, as Linux's
   * tcp_select_window does; the ring grows to match (rbuf_fit). */
  if ((field << ws) < cur)
    field = (cur + (1 << ws) - 1) >> ws;
  field = MIN (field, 65535);
  tcb->rcv_adv = tcb->rcv_nxt + (guint32) (field << ws);
  rbuf_fit (tcb);
  return (guint16) field;
}

static void
fill_sack (SynackTcb     *tcb,
           SynackSegment *seg)
{
  guint max = tcb->ts_ok ? 3 : 4;
  guint n = 0;

  if (tcb->n_ooo == 0)
    return;
  seg->options |= SYNACK_OPTION_SACK;
  seg->sack[n].left = tcb->ooo[tcb->ooo_recent].left;
  seg->sack[n].right = tcb->ooo[tcb->ooo_recent].right;
  n++;
  for (guint i = 0; i < tcb->n_ooo && n < max; i++)
    {
      if (i == tcb->ooo_recent)
        continue;
      seg->sack[n].left = tcb->ooo[i].left;
      seg->sack[n].right = tcb->ooo[i].right;
      n++;
    }
  seg->n_sack = n;
}

/* Put one segment on the wire: fills ports, ack, window and options. */
static void
xmit (SynackTcb    *tcb,
      guint8        flags,
      guint32       seq,
      const guint8 *payload,
      guint32       len,
      guint32       analysis,
      gint64        now)
{
  SynackSegment seg;

  memset (&seg, 0, sizeof seg);
  seg.sport = tcb->lport;
  seg.dport = tcb->rport;
  seg.seq = seq;
  seg.flags = flags;
  seg.payload_len = len;
  if (flags & SYNACK_FLAG_ACK)
    seg.ack = tcb->rcv_nxt;

  if (flags & SYNACK_FLAG_SYN)
    {
      gboolean synack = (flags & SYNACK_FLAG_ACK) != 0;
      guint32 w = MIN (rcv_space (tcb), 65535);

      /* the window of a SYN is never scaled */
      seg.window = w;
      if (synack && synack_seq_gt (tcb->rcv_nxt + w, tcb->rcv_adv))
        tcb->rcv_adv = tcb->rcv_nxt + w;
      seg.options |= SYNACK_OPTION_MSS;
      seg.mss = tcb->opt.mss;
      if (synack ? tcb->ws_ok : tcb->opt.wscale >= 0)
        {
          seg.options |= SYNACK_OPTION_WSCALE;
          seg.wscale = MIN (tcb->opt.wscale, 14);
        }
      if (synack ? tcb->sack_ok : tcb->opt.sack)
        seg.options |= SYNACK_OPTION_SACK_PERM;
      if (synack ? tcb->ts_ok : tcb->opt.timestamps)
        {
          seg.options |= SYNACK_OPTION_TIMESTAMP;
          seg.ts_val = ts_now (tcb, now);
          seg.ts_ecr = synack ? tcb->ts_recent : 0;
        }
    }
  else if (!(flags & SYNACK_FLAG_RST))
    {
      seg.window = window_field (tcb);
      if (tcb->ts_ok)
        {
          seg.options |= SYNACK_OPTION_TIMESTAMP;
          seg.ts_val = ts_now (tcb, now);
          seg.ts_ecr = tcb->ts_recent;
        }
      if (tcb->sack_ok && (flags & SYNACK_FLAG_ACK))
        fill_sack (tcb, &seg);
      if (seg.window == 0)
        analysis |= SYNACK_ANALYSIS_ZERO_WINDOW;
    }

  if ((flags & SYNACK_FLAG_ACK) && !(flags & SYNACK_FLAG_RST))
    {
      tcb->last_ack_sent = tcb->rcv_nxt;
      tcb->last_win_sent = seg.window;
      tcb->rcv_unacked = 0;
      tcb->ack_now = FALSE;
      tcb->acked_before = TRUE;
      timer_cancel (tcb, SYNACK_TIMER_DELAYED_ACK);
    }

  if (tcb->cb.transmit)
    tcb->cb.transmit (tcb, &seg, len ? payload : NULL, analysis, tcb->user_data);
}

/* A pure ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>, with what it answers. */
static void
send_ack (SynackTcb *tcb,
          guint32    analysis,
          gint64     now)
{
  guint32 prev_ack = tcb->last_ack_sent;
  guint16 prev_win = tcb->last_win_sent;
  gboolean before = tcb->acked_before;
  guint32 saved_adv = tcb->rcv_adv;
  guint16 win;

  /* Learn the window this ACK will carry to name it (window update or
   * duplicate), without committing the edge twice. */
  win = window_field (tcb);
  tcb->rcv_adv = saved_adv;

  if (tcb->ack_reply == ACK_REPLY_KEEP_ALIVE)
    analysis |= SYNACK_ANALYSIS_KEEP_ALIVE_ACK;
  else if (tcb->ack_reply == ACK_REPLY_ZERO_WINDOW_PROBE)
    analysis |= SYNACK_ANALYSIS_ZERO_WINDOW_PROBE_ACK;
  else if (before && prev_ack == tcb->rcv_nxt && !(analysis & SYNACK_ANALYSIS_CHALLENGE_ACK))
    {
      if (win > prev_win)
        analysis |= SYNACK_ANALYSIS_WINDOW_UPDATE;
      else if (win == prev_win)
        analysis |= SYNACK_ANALYSIS_DUPLICATE_ACK;
    }
  tcb->ack_reply = ACK_REPLY_NONE;
  /* SND.NXT of RFC 9293 never moves back; ours does when a timeout makes us
   * go back over lost data, so a pure ACK carries the highest sequence
   * number sent. With the rewound one the peer would find it old, answer
   * with an ACK of its own, and the two would bounce forever. */
  xmit (tcb, SYNACK_FLAG_ACK, tcb->snd_max, NULL, 0, analysis, now);
}

static void
send_syn (SynackTcb *tcb,
          guint32    analysis,
          gint64     now)
{
  guint8 flags = SYNACK_FLAG_SYN;

  /* Past SYN-SENT the peer's SYN is known: acknowledge it (a bare SYN from
   * CLOSING or LAST-ACK would look like a new connection attempt). */
  if (tcb->state != SYNACK_TCP_SYN_SENT)
    flags |= SYNACK_FLAG_ACK;
  xmit (tcb, flags, tcb->iss, NULL, 0, analysis, now);
}

/* Send the data (and FIN) starting at seq, up to len bytes. Returns the
 * sequence space sent. */
static guint32
send_data (SynackTcb *tcb,
           guint32    seq,
           guint32    len,
           guint32    analysis,
           gint64     now)
{
  guint32 end = data_end (tcb);
  gboolean fin;
  guint8 flags = SYNACK_FLAG_ACK;
  const guint8 *payload = NULL;

  g_assert (synack_seq_ge (seq, tcb->sbuf_seq));
  g_assert (synack_seq_le (seq + len, end));

  fin = tcb->fin_queued && seq + len == tcb->fin_seq;
  if (fin)
    flags |= SYNACK_FLAG_FIN;
  if (len > 0)
    {
      payload = tcb->sbuf + tcb->sstart + (seq - tcb->sbuf_seq);
      if (seq + len == end)
        flags |= SYNACK_FLAG_PSH;
    }
  if (synack_seq_lt (seq, tcb->snd_max))
    analysis |= SYNACK_ANALYSIS_RETRANSMISSION;
  xmit (tcb, flags, seq, payload, len, analysis, now);
  return len + (fin ? 1 : 0);
}

/* Send again the first unacknowledged segment: at most one MSS of what was
 * sent before (never new data), with the FIN if it ends there. Returns the
 * sequence space sent. */
static guint32
retransmit_head (SynackTcb *tcb,
                 guint32    analysis,
                 gint64     now)
{
  guint32 end = synack_seq_min (data_end (tcb), tcb->snd_max);
  guint32 len = synack_seq_gt (end, tcb->snd_una) ? MIN (end - tcb->snd_una, tcb->smss) : 0;
  guint32 sent;

  if (len == 0 && !(fin_sent (tcb) && tcb->snd_una == tcb->fin_seq))
    return 0;
  sent = send_data (tcb, tcb->snd_una, len, analysis, now);
  tcb->snd_max = synack_seq_max (tcb->snd_max, tcb->snd_una + sent);
  return sent;
}

static void
arm_rto (SynackTcb *tcb,
         gint64     now)
{
  timer_arm (tcb, SYNACK_TIMER_RETRANSMISSION,
             now + rto_backed_off (tcb, 0));
}

static gboolean
can_send_data_state (guint state)
{
  switch (state)
    {
    case SYNACK_TCP_ESTABLISHED:
    case SYNACK_TCP_CLOSE_WAIT:
    case SYNACK_TCP_FIN_WAIT_1:
    case SYNACK_TCP_CLOSING:
    case SYNACK_TCP_LAST_ACK:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Send what the windows, Nagle and silly-window avoidance allow. */
static void
output (SynackTcb *tcb,
        gint64     now)
{
  if (tcb->depth > 1)
    {
      tcb->need_output = TRUE;
      return;
    }
  tcb->need_output = FALSE;
  if (tcb->dead || !can_send_data_state (tcb->state))
    return;
  if (!syn_acked (tcb))
    {
      /* SYN-RECEIVED -> FIN-WAIT-1 by close with nothing sent: the FIN goes
       * right away (RFC 9293 3.10.4) */
      if (tcb->fin_queued && tcb->slen == 0 && tcb->snd_nxt == tcb->fin_seq)
        {
          tcb->snd_nxt += send_data (tcb, tcb->snd_nxt, 0, 0, now);
          tcb->snd_max = synack_seq_max (tcb->snd_max, tcb->snd_nxt);
          if (!timer_armed (tcb, SYNACK_TIMER_RETRANSMISSION))
            arm_rto (tcb, now);
        }
      return;
    }

  for (;;)
    {
      guint32 end = data_end (tcb);
      guint32 unsent = synack_seq_lt (tcb->snd_nxt, end) ? end - tcb->snd_nxt : 0;
      gboolean fin_pending = tcb->fin_queued && synack_seq_le (tcb->snd_nxt, tcb->fin_seq);
      guint32 in_flight = tcb->snd_nxt - tcb->snd_una;
      guint32 win = MIN (tcb->snd_wnd, tcb->cwnd);
      guint32 usable = win > in_flight ? win - in_flight : 0;
      gboolean nothing_out = tcb->snd_max == tcb->snd_una;
      guint32 len;
      guint32 sent;
      gboolean new_data;

      if (unsent == 0 && !fin_pending)
        break;
      if (timer_armed (tcb, SYNACK_TIMER_PERSIST))
        break;
      len = MIN (MIN (unsent, tcb->smss), usable);
      if (unsent > 0 && len == 0)
        {
          /* Blocked. Only the peer's window can unblock us when nothing is
           * in flight: probe it (RFC 9293 3.8.6.1). */
          if (nothing_out && tcb->snd_wnd <= in_flight)
            {
              tcb->count[SYNACK_TIMER_PERSIST] = 0;
              timer_arm (tcb, SYNACK_TIMER_PERSIST, now + rto_backed_off (tcb, 0));
            }
          break;
        }
      if (unsent > 0 && len < tcb->smss)
        {
          gboolean ok = FALSE;

          if (synack_seq_lt (tcb->snd_nxt, tcb->snd_max))
            ok = TRUE;   /* going back over lost data */
          else if (len == unsent && (!tcb->opt.nagle || nothing_out))
            ok = TRUE;   /* the last piece; Nagle waits while data is unacknowledged */
          else if (tcb->max_sndwnd > 0 && len >= tcb->max_sndwnd / 2)
            ok = TRUE;   /* sender SWS avoidance (RFC 1122 4.2.3.4) */
          else if (nothing_out && len < unsent)
            ok = TRUE;   /* the window is all there is and nothing is in flight */
          if (!ok)
            break;
        }
      new_data = tcb->snd_nxt == tcb->snd_max;
      sent = send_data (tcb, tcb->snd_nxt, len, 0, now);
      if (new_data && !tcb->rtt_timing && !tcb->ts_ok)
        {
          tcb->rtt_timing = TRUE;
          tcb->rtt_seq = tcb->snd_nxt + sent;
          tcb->rtt_time = now;
        }
      tcb->snd_nxt += sent;
      tcb->snd_max = synack_seq_max (tcb->snd_max, tcb->snd_nxt);
      if (!timer_armed (tcb, SYNACK_TIMER_RETRANSMISSION))
        arm_rto (tcb, now);
      if (sent == 0)
        break;
    }
}

/* After recv: tell the peer when the window opened by a useful amount. */
static void
maybe_window_update (SynackTcb *tcb,
                     gint64     now)
{
  guint32 cur;
  guint32 avail;
  guint32 thresh;

  if (tcb->dead)
    return;
  if (!(tcb->state == SYNACK_TCP_ESTABLISHED
        || tcb->state == SYNACK_TCP_FIN_WAIT_1
        || tcb->state == SYNACK_TCP_FIN_WAIT_2))
    return;
  cur = rcv_wnd (tcb);
  avail = rcv_space (tcb);
  thresh = MIN (tcb->opt.rcv_buf / 2, 2 * our_mss (tcb));
  if (avail > cur && (avail - cur >= thresh || (cur == 0 && avail >= our_mss (tcb))))
    send_ack (tcb, 0, now);
}

/* ------------------------------------------------------ entry and leaving */

static guint8
enter (SynackTcb       *tcb,
       SynackCauseKind  cause)
{
  guint8 prev = tcb->cause;

  tcb->depth++;
  tcb->cause = cause;
  return prev;
}

static void
leave (SynackTcb *tcb,
       guint8     prev_cause,
       gint64     now)
{
  if (tcb->depth == 1)
    {
      if (!tcb->dead && tcb->need_output)
        output (tcb, now);
      if (!tcb->dead && tcb->wnd_check)
        maybe_window_update (tcb, now);
      tcb->wnd_check = FALSE;
      if (tcb->dead)
        drop_buffers (tcb);
      if (tcb->slen == 0 && tcb->sbuf != NULL)
        {
          g_clear_pointer (&tcb->sbuf, g_free);
          tcb->scap = tcb->sstart = 0;
        }
      if (tcb->rlen == 0 && tcb->n_ooo == 0 && tcb->rbuf != NULL)
        {
          g_clear_pointer (&tcb->rbuf, g_free);
          tcb->rcap = tcb->rhead = 0;
        }
      report_vars (tcb);
      if (tcb->closed_pending)
        {
          tcb->closed_pending = FALSE;
          if (tcb->cb.closed)
            tcb->cb.closed (tcb, tcb->user_data);
        }
    }
  tcb->depth--;
  tcb->cause = prev_cause;
}

/* ---------------------------------------------------------------- create */

static void
tcb_init (SynackTcb                *tcb,
          const SynackTcbOptions   *options,
          const SynackTcbCallbacks *callbacks,
          gpointer                  user_data)
{
  tcb->opt = *options;
  if (tcb->opt.wscale > 14)
    tcb->opt.wscale = 14;
  if (tcb->opt.mss == 0)
    tcb->opt.mss = 536;
  if (tcb->opt.rcv_buf == 0)
    tcb->opt.rcv_buf = 1;
  if (tcb->opt.rto_min <= 0)
    tcb->opt.rto_min = MS;
  if (tcb->opt.rto_max < tcb->opt.rto_min)
    tcb->opt.rto_max = tcb->opt.rto_min;
  tcb->opt.rto_initial = CLAMP (tcb->opt.rto_initial, tcb->opt.rto_min, tcb->opt.rto_max);
  /* A keep-alive time of zero would re-arm the timer at the instant it
   * fired, for ever: at least 1 ms, as for the RTO. */
  tcb->opt.keepalive_idle = MAX (tcb->opt.keepalive_idle, MS);
  tcb->opt.keepalive_interval = MAX (tcb->opt.keepalive_interval, MS);
  if (callbacks)
    tcb->cb = *callbacks;
  tcb->user_data = user_data;
  tcb->state = SYNACK_TCP_CLOSED;
  tcb->cause = SYNACK_CAUSE_NONE;
  tcb->peer_wscale = -1;
  tcb->iss = tcb->opt.isn;
  tcb->snd_una = tcb->snd_nxt = tcb->snd_max = tcb->iss;
  tcb->sbuf_seq = tcb->iss + 1;
  tcb->recover = tcb->iss;
  tcb->rto = tcb->opt.rto_initial;
  tcb->smss = our_mss (tcb);
  tcb->cwnd = tcb->smss;
  tcb->ssthresh = SSTHRESH_INIT;
  for (guint k = 0; k < SYNACK_TIMER_N_KINDS; k++)
    tcb->due[k] = TIMER_OFF;
}

SynackTcb *
synack_tcb_new (const SynackTcbOptions   *options,
                const SynackTcbCallbacks *callbacks,
                gpointer                  user_data)
{
  SynackTcb *tcb;

  g_return_val_if_fail (options != NULL, NULL);

  tcb = g_new0 (SynackTcb, 1);
  tcb_init (tcb, options, callbacks, user_data);
  return tcb;
}

void
synack_tcb_free (SynackTcb *tcb)
{
  if (tcb == NULL)
    return;
  g_return_if_fail (tcb->depth == 0);
  g_free (tcb->sbuf);
  g_free (tcb->rbuf);
  g_free (tcb);
}

void
synack_tcb_set_callbacks (SynackTcb                *tcb,
                          const SynackTcbCallbacks *callbacks,
                          gpointer                  user_data)
{
  g_return_if_fail (tcb != NULL);
  if (callbacks)
    tcb->cb = *callbacks;
  else
    memset (&tcb->cb, 0, sizeof tcb->cb);
  tcb->user_data = user_data;
}

gboolean
synack_tcb_listen_wants_child (const SynackSegment *seg)
{
  g_return_val_if_fail (seg != NULL, FALSE);
  return (seg->flags & (SYNACK_FLAG_SYN | SYNACK_FLAG_ACK | SYNACK_FLAG_RST)) == SYNACK_FLAG_SYN;
}

SynackTcb *
synack_tcb_new_from_listen (SynackTcb                *listener,
                            guint32                   isn,
                            const SynackTcbCallbacks *callbacks,
                            gpointer                  user_data)
{
  SynackTcbOptions o;
  SynackTcb *child;

  g_return_val_if_fail (listener != NULL, NULL);

  o = listener->opt;
  o.isn = isn;
  child = synack_tcb_new (&o, callbacks, user_data);
  child->child = TRUE;
  child->lport = listener->lport;
  child->state = SYNACK_TCP_LISTEN;
  return child;
}

gboolean
synack_tcb_is_child (SynackTcb *tcb)
{
  g_return_val_if_fail (tcb != NULL, FALSE);
  return tcb->child;
}

/* ------------------------------------------------------------------ RTT */

static void
rtt_sample (SynackTcb *tcb,
            gint64     r)
{
  const gint64 g = MS;   /* clock granularity G of RFC 6298 */

  if (r < 0)
    return;
  if (tcb->srtt == 0 && tcb->rttvar == 0)
    {
      tcb->srtt = MAX (r, 1);
      tcb->rttvar = r / 2;
    }
  else
    {
      gint64 delta = tcb->srtt > r ? tcb->srtt - r : r - tcb->srtt;

      tcb->rttvar = (3 * tcb->rttvar + delta) / 4;
      tcb->srtt = MAX ((7 * tcb->srtt + r) / 8, 1);
    }
  tcb->rto = tcb->srtt + MAX (g, 4 * tcb->rttvar);
  tcb->rto = CLAMP (tcb->rto, tcb->opt.rto_min, tcb->opt.rto_max);
}

/* ------------------------------------------------------------- handshake */

static void
learn_syn_options (SynackTcb           *tcb,
                   const SynackSegment *seg)
{
  tcb->syn_seen = TRUE;
  tcb->peer_mss = (seg->options & SYNACK_OPTION_MSS) && seg->mss > 0 ? seg->mss : 536;
  tcb->peer_wscale = (seg->options & SYNACK_OPTION_WSCALE) ? MIN (seg->wscale, 14) : -1;
  tcb->ws_ok = tcb->opt.wscale >= 0 && tcb->peer_wscale >= 0;
  tcb->snd_wscale = tcb->ws_ok ? tcb->peer_wscale : 0;
  tcb->rcv_wscale = tcb->ws_ok ? tcb->opt.wscale : 0;
  tcb->sack_ok = tcb->opt.sack && (seg->options & SYNACK_OPTION_SACK_PERM);
  tcb->ts_ok = tcb->opt.timestamps && (seg->options & SYNACK_OPTION_TIMESTAMP);
  if (tcb->ts_ok)
    tcb->ts_recent = seg->ts_val;
  tcb->smss = MIN ((guint32) tcb->peer_mss, (guint32) tcb->opt.mss);
  if (tcb->ts_ok && tcb->smss > TS_OPT_LEN + 1)
    tcb->smss -= TS_OPT_LEN;
  tcb->rcv_mss = MIN (our_mss (tcb), 536);
}

static guint32
initial_window (SynackTcb *tcb)
{
  guint32 s = tcb->smss;

  if (tcb->opt.initial_cwnd > 0)
    return tcb->opt.initial_cwnd * s;
  /* RFC 5681 section 3.1 */
  if (s > 2190)
    return 2 * s;
  if (s > 1095)
    return 3 * s;
  return 4 * s;
}

static void apply_shutdown (SynackTcb *tcb, gint64 now);

static void
enter_established (SynackTcb *tcb,
                   gint64     now)
{
  tcb->cwnd = initial_window (tcb);
  tcb->ssthresh = SSTHRESH_INIT;
  tcb->count[SYNACK_TIMER_RETRANSMISSION] = 0;
  /* RFC 6298 5.7: a lost SYN and no RTT sample: start data at 3 s */
  if (tcb->syn_retransmitted && tcb->srtt == 0)
    tcb->rto = CLAMP (3 * SYNACK_NSEC_PER_SEC, tcb->opt.rto_min, tcb->opt.rto_max);
  set_state (tcb, SYNACK_TCP_ESTABLISHED);
  tcb->last_rcv = now;
  if (tcb->opt.keepalive)
    {
      tcb->count[SYNACK_TIMER_KEEPALIVE] = 0;
      timer_arm (tcb, SYNACK_TIMER_KEEPALIVE, now + tcb->opt.keepalive_idle);
    }
  if (tcb->passive)
    {
      if (tcb->cb.accepted)
        tcb->cb.accepted (tcb, tcb->user_data);
    }
  else if (tcb->cb.connected)
    tcb->cb.connected (tcb, tcb->user_data);
  if (!tcb->dead && tcb->fin_deferred && tcb->state == SYNACK_TCP_ESTABLISHED)
    apply_shutdown (tcb, now);
}

/* Back to a fresh LISTEN (RFC 9293: SYN-RECEIVED from a passive OPEN on RST). */
static void
return_to_listen (SynackTcb *tcb)
{
  cancel_all_timers (tcb);
  set_state (tcb, SYNACK_TCP_LISTEN);
  if (tcb->child)
    {
      tcb->dead = TRUE;
      tcb->closed_pending = TRUE;
      return;
    }
  tcb->rport = 0;
  tcb->snd_una = tcb->snd_nxt = tcb->snd_max = tcb->iss;
  tcb->sbuf_seq = tcb->iss + 1;
  tcb->slen = tcb->sstart = 0;
  tcb->rlen = tcb->rhead = 0;
  tcb->n_ooo = 0;
  tcb->ooo_fin = FALSE;
  tcb->fin_queued = tcb->fin_deferred = FALSE;
  tcb->ws_ok = tcb->sack_ok = tcb->ts_ok = FALSE;
  tcb->snd_wscale = tcb->rcv_wscale = 0;
  tcb->passive = FALSE;
  tcb->syn_seen = FALSE;
  tcb->ack_now = FALSE;
  tcb->rtt_timing = FALSE;
  tcb->syn_retransmitted = FALSE;
  tcb->acked_before = FALSE;
  tcb->rto = tcb->opt.rto_initial;
  tcb->srtt = tcb->rttvar = 0;
}

/* ------------------------------------------------------------- receiving */

static void
ensure_rbuf (SynackTcb *tcb)
{
  if (tcb->rbuf != NULL)
    return;
  tcb->rcap = tcb->opt.rcv_buf + (1u << tcb->rcv_wscale);
  tcb->rbuf = g_malloc (tcb->rcap);
  tcb->rhead = 0;
  tcb->rlen = 0;
}

static void
rcv_store (SynackTcb    *tcb,
           guint32       seq,
           const guint8 *data,
           guint32       len)
{
  guint32 off;
  guint32 first;

  ensure_rbuf (tcb);
  off = (guint32) (((guint64) tcb->rhead + tcb->rlen + (seq - tcb->rcv_nxt)) % tcb->rcap);
  first = MIN (len, tcb->rcap - off);
  if (data)
    {
      memcpy (tcb->rbuf + off, data, first);
      memcpy (tcb->rbuf, data + first, len - first);
    }
  else
    {
      memset (tcb->rbuf + off, 0, first);
      memset (tcb->rbuf, 0, len - first);
    }
}

/* Hand the in-order bytes from position `from` (relative to rhead) up to
 * rlen to the application; with autoread (or after close) they are
 * consumed. */
static void
rcv_deliver (SynackTcb *tcb,
             guint32    from)
{
  guint32 n = tcb->rlen - from;

  if (n == 0)
    return;
  if (!tcb->rd_closed && tcb->cb.readable)
    {
      guint32 off = (tcb->rhead + from) % tcb->rcap;
      guint32 first = MIN (n, tcb->rcap - off);
      const guint8 *p1 = tcb->rbuf + off;
      const guint8 *p2 = tcb->rbuf;

      tcb->cb.readable (tcb, p1, first, tcb->user_data);
      if (n > first && !tcb->dead)
        tcb->cb.readable (tcb, p2, n - first, tcb->user_data);
    }
  if ((tcb->opt.autoread || tcb->rd_closed) && tcb->rbuf != NULL)
    {
      /* consumed (a nested recv may already have taken some) */
      tcb->rhead = (tcb->rhead + tcb->rlen) % tcb->rcap;
      tcb->rlen = 0;
    }
}

/* Record [left, right) as received out of order. FALSE when it would take
 * more ranges than we keep. */
static gboolean
ooo_insert (SynackTcb    *tcb,
            guint32       left,
            guint32       right,
            const guint8 *data)
{
  Range out[MAX_OOO + 1];
  guint n = 0;
  Range nr = { left, right };
  gboolean placed = FALSE;
  guint recent = 0;

  for (guint i = 0; i < tcb->n_ooo; i++)
    {
      Range r = tcb->ooo[i];

      if (synack_seq_lt (r.right, nr.left))
        out[n++] = r;
      else if (synack_seq_lt (nr.right, r.left))
        {
          if (!placed)
            {
              recent = n;
              out[n++] = nr;
              placed = TRUE;
            }
          out[n++] = r;
        }
      else
        {
          nr.left = synack_seq_min (nr.left, r.left);
          nr.right = synack_seq_max (nr.right, r.right);
        }
      if (n > MAX_OOO)
        return FALSE;
    }
  if (!placed)
    {
      recent = n;
      out[n++] = nr;
    }
  if (n > MAX_OOO)
    return FALSE;
  rcv_store (tcb, left, data, right - left);
  memcpy (tcb->ooo, out, n * sizeof (Range));
  tcb->n_ooo = n;
  tcb->ooo_recent = recent;
  return TRUE;
}

static void
process_fin (SynackTcb *tcb,
             gint64     now)
{
  tcb->rcv_nxt += 1;
  tcb->fin_rcvd = TRUE;
  tcb->ooo_fin = FALSE;
  tcb->ack_now = TRUE;
  /* Data held out of order lies beyond the FIN, past the stream's end:
   * drop it (as Linux's tcp_fin does), no SACK block for it either. */
  tcb->n_ooo = 0;
  tcb->ooo_recent = 0;
  switch (tcb->state)
    {
    case SYNACK_TCP_SYN_RECEIVED:
    case SYNACK_TCP_ESTABLISHED:
      set_state (tcb, SYNACK_TCP_CLOSE_WAIT);
      break;
    case SYNACK_TCP_FIN_WAIT_1:
      if (fin_acked (tcb))
        enter_time_wait (tcb, now);
      else
        set_state (tcb, SYNACK_TCP_CLOSING);
      break;
    case SYNACK_TCP_FIN_WAIT_2:
      enter_time_wait (tcb, now);
      break;
    default:
      break;
    }
  if (tcb->cb.eof)
    tcb->cb.eof (tcb, tcb->user_data);
}

/* Step 7 and 8 of RFC 9293 3.10.7.4 for an acceptable, trimmed segment. */
static void
process_text_and_fin (SynackTcb    *tcb,
                      guint32       seq,
                      const guint8 *data,
                      guint32       len,
                      gboolean      fin,
                      gint64        now)
{
  gboolean text_state = tcb->state == SYNACK_TCP_ESTABLISHED
                        || tcb->state == SYNACK_TCP_FIN_WAIT_1
                        || tcb->state == SYNACK_TCP_FIN_WAIT_2;

  if (len > 0 && text_state && !tcb->fin_rcvd)
    {
      if (seq == tcb->rcv_nxt)
        {
          gboolean had_ooo = tcb->n_ooo > 0;
          guint32 from;

          if (tcb->rbuf == NULL && (tcb->opt.autoread || tcb->rd_closed))
            {
              /* the common case: consumed straight from the segment */
              tcb->rcv_nxt += len;
              if (!tcb->rd_closed && tcb->cb.readable)
                tcb->cb.readable (tcb, data, len, tcb->user_data);
              from = tcb->rlen;
            }
          else
            {
              rcv_store (tcb, seq, data, len);
              from = tcb->rlen;
              tcb->rcv_nxt += len;
              tcb->rlen += len;
            }
          while (tcb->n_ooo > 0 && synack_seq_le (tcb->ooo[0].left, tcb->rcv_nxt))
            {
              if (synack_seq_gt (tcb->ooo[0].right, tcb->rcv_nxt))
                {
                  tcb->rlen += tcb->ooo[0].right - tcb->rcv_nxt;
                  tcb->rcv_nxt = tcb->ooo[0].right;
                }
              memmove (tcb->ooo, tcb->ooo + 1, (tcb->n_ooo - 1) * sizeof (Range));
              tcb->n_ooo--;
              tcb->ooo_recent = 0;
            }
          if (tcb->dead)
            return;
          rcv_deliver (tcb, from);
          if (tcb->dead)
            return;
          tcb->rcv_mss = MAX (tcb->rcv_mss, len);
          tcb->rcv_unacked += len;
          if (had_ooo || !tcb->opt.delayed_ack || tcb->rcv_unacked >= 2 * tcb->rcv_mss)
            tcb->ack_now = TRUE;
          else if (!timer_armed (tcb, SYNACK_TIMER_DELAYED_ACK))
            {
              tcb->count[SYNACK_TIMER_DELAYED_ACK] = 0;
              timer_arm (tcb, SYNACK_TIMER_DELAYED_ACK, now + tcb->opt.delayed_ack_timeout);
            }
          if (tcb->ooo_fin && tcb->rcv_nxt == tcb->ooo_fin_seq)
            process_fin (tcb, now);
        }
      else
        {
          /* out of order: keep it and say at once what we miss (RFC 5681 4.2) */
          if (ooo_insert (tcb, seq, seq + len, data) && fin)
            {
              tcb->ooo_fin = TRUE;
              tcb->ooo_fin_seq = seq + len;
            }
          tcb->ack_now = TRUE;
        }
      return;
    }

  if (fin && !tcb->fin_rcvd)
    {
      if (seq + len == tcb->rcv_nxt)
        process_fin (tcb, now);
      else if (synack_seq_gt (seq + len, tcb->rcv_nxt))
        {
          tcb->ooo_fin = TRUE;
          tcb->ooo_fin_seq = seq + len;
          tcb->ack_now = TRUE;
        }
    }
}

/* ------------------------------------------------------------- sending in */

static void
ensure_sbuf_room (SynackTcb *tcb,
                  guint32    need)
{
  guint32 want = tcb->slen + need;
  guint64 limit = 2 * (guint64) MAX (tcb->opt.snd_buf, SBUF_MIN);

  if (tcb->sbuf != NULL && (guint64) tcb->sstart + want <= tcb->scap)
    return;
  /* Slide the data to the front only when at least as much has been freed
   * before it as is moved (sstart >= slen), so each byte is moved O(1)
   * times; otherwise grow, up to twice the send buffer. */
  if (tcb->sbuf != NULL && want <= tcb->scap && tcb->sstart >= tcb->slen)
    {
      memmove (tcb->sbuf, tcb->sbuf + tcb->sstart, tcb->slen);
      tcb->sstart = 0;
      return;
    }
  {
    guint64 cap = MAX (tcb->scap, SBUF_MIN);
    guint8 *nb;

    while (cap < want || (cap < limit && cap < (guint64) tcb->sstart + want))
      cap *= 2;
    cap = MIN (cap, MAX (limit, want));
    if (cap < (guint64) tcb->sstart + want)
      {
        /* at the limit: compact into a fresh buffer */
        nb = g_malloc (cap);
        if (tcb->slen)
          memcpy (nb, tcb->sbuf + tcb->sstart, tcb->slen);
        g_free (tcb->sbuf);
        tcb->sstart = 0;
      }
    else
      nb = g_realloc (tcb->sbuf, cap);
    tcb->sbuf = nb;
    tcb->scap = (guint32) cap;
  }
}

/* ------------------------------------------------------------- ACK logic */

static void
enter_fast_retransmit (SynackTcb *tcb,
                       gint64     now)
{
  guint32 flight = tcb->snd_max - tcb->snd_una;

  tcb->ssthresh = MAX (flight / 2, 2 * tcb->smss);
  tcb->recover = tcb->snd_max;
  tcb->in_recovery = TRUE;
  tcb->rtt_timing = FALSE;   /* Karn */
  retransmit_head (tcb, SYNACK_ANALYSIS_FAST_RETRANSMISSION | SYNACK_ANALYSIS_RETRANSMISSION, now);
  tcb->cwnd = tcb->ssthresh + 3 * tcb->smss;
}

/* New data acknowledged: SND.UNA < SEG.ACK =< SND.MAX. */
static void
ack_new_data (SynackTcb           *tcb,
              const SynackSegment *seg,
              gint64               now)
{
  guint32 ack = seg->ack;
  guint32 acked = ack - tcb->snd_una;
  gboolean fin_was_acked = fin_acked (tcb);

  /* RTT: timestamps when both use them (RFC 7323), else the timed segment
   * (Karn: the timing was dropped if it was retransmitted) */
  if (tcb->ts_ok && (seg->options & SYNACK_OPTION_TIMESTAMP) && seg->ts_ecr != 0)
    rtt_sample (tcb, (gint64) (guint32) (ts_now (tcb, now) - seg->ts_ecr) * MS);
  else if (tcb->rtt_timing && synack_seq_ge (ack, tcb->rtt_seq))
    {
      tcb->rtt_timing = FALSE;
      rtt_sample (tcb, now - tcb->rtt_time);
    }

  /* free acknowledged bytes */
  if (synack_seq_gt (ack, tcb->sbuf_seq))
    {
      guint32 n = MIN (ack - tcb->sbuf_seq, tcb->slen);

      tcb->sstart += n;
      tcb->slen -= n;
      tcb->sbuf_seq += n;
      if (tcb->slen == 0)
        tcb->sstart = 0;
    }
  tcb->snd_una = ack;
  if (synack_seq_lt (tcb->snd_nxt, ack))
    tcb->snd_nxt = ack;
  tcb->count[SYNACK_TIMER_RETRANSMISSION] = 0;

  /* congestion control (RFC 5681, NewReno recovery of RFC 6582) */
  if (tcb->in_recovery)
    {
      if (synack_seq_ge (ack, tcb->recover))
        {
          tcb->in_recovery = FALSE;
          tcb->cwnd = tcb->ssthresh;
        }
      else
        {
          /* partial ACK: the next hole is lost too */
          retransmit_head (tcb, SYNACK_ANALYSIS_RETRANSMISSION, now);
          tcb->cwnd = (tcb->cwnd > acked ? tcb->cwnd - acked : 0) + tcb->smss;
          tcb->cwnd = MAX (tcb->cwnd, tcb->smss);
        }
    }
  else if (tcb->cwnd < tcb->ssthresh)
    tcb->cwnd += MIN (acked, tcb->smss);
  else
    tcb->cwnd += MAX (1u, (guint32) ((guint64) tcb->smss * tcb->smss / tcb->cwnd));
  tcb->dupacks = 0;

  /* RFC 6298 5.2 / 5.3 */
  if (tcb->snd_una == tcb->snd_max)
    timer_cancel (tcb, SYNACK_TIMER_RETRANSMISSION);
  else if (!timer_armed (tcb, SYNACK_TIMER_PERSIST))
    arm_rto (tcb, now);

  if (tcb->want_writable && (tcb->opt.snd_buf - tcb->slen >= tcb->opt.snd_buf / 2 || tcb->slen == 0)
      && !fin_was_acked && !tcb->fin_queued)
    {
      tcb->want_writable = FALSE;
      if (tcb->cb.writable)
        tcb->cb.writable (tcb, tcb->user_data);
    }
}

static void
update_window (SynackTcb           *tcb,
               const SynackSegment *seg,
               gint64               now)
{
  guint32 wnd = (guint32) seg->window << tcb->snd_wscale;

  if (synack_seq_lt (tcb->snd_wl1, seg->seq)
      || (tcb->snd_wl1 == seg->seq && synack_seq_le (tcb->snd_wl2, seg->ack)))
    {
      tcb->snd_wnd = wnd;
      tcb->snd_wl1 = seg->seq;
      tcb->snd_wl2 = seg->ack;
      tcb->max_sndwnd = MAX (tcb->max_sndwnd, wnd);
      if (wnd > 0 && timer_armed (tcb, SYNACK_TIMER_PERSIST))
        {
          timer_cancel (tcb, SYNACK_TIMER_PERSIST);
          tcb->count[SYNACK_TIMER_PERSIST] = 0;
          if (tcb->snd_una != tcb->snd_max && !timer_armed (tcb, SYNACK_TIMER_RETRANSMISSION))
            arm_rto (tcb, now);
        }
    }
}

/* Fifth step of RFC 9293 3.10.7.4 in ESTABLISHED and after. Returns FALSE
 * when the segment is to be dropped. */
static gboolean
process_ack (SynackTcb           *tcb,
             const SynackSegment *seg,
             gboolean            *our_fin_acked,
             gint64               now)
{
  guint32 ack = seg->ack;
  guint32 seg_len = synack_segment_seq_len (seg);

  tcb->zwp_unanswered = 0;

  /* RFC 5961 5.2: SND.UNA - MAX.SND.WND =< SEG.ACK =< SND.NXT */
  if (synack_seq_gt (ack, tcb->snd_max)
      || synack_seq_lt (ack, tcb->snd_una - MAX (tcb->max_sndwnd, 1)))
    {
      send_ack (tcb, 0, now);
      return FALSE;
    }

  if (synack_seq_gt (ack, tcb->snd_una))
    {
      update_window (tcb, seg, now);
      ack_new_data (tcb, seg, now);
      if (tcb->dead)
        return FALSE;
    }
  else
    {
      /* a duplicate ACK as RFC 5681 defines it */
      gboolean dup = ack == tcb->snd_una
                     && tcb->snd_max != tcb->snd_una
                     && seg_len == 0
                     && ((guint32) seg->window << tcb->snd_wscale) == tcb->snd_wnd;

      update_window (tcb, seg, now);
      if (dup)
        {
          tcb->dupacks++;
          if (tcb->in_recovery)
            {
              tcb->cwnd += tcb->smss;
              output (tcb, now);
            }
          else if (tcb->dupacks == 3 && syn_acked (tcb)
                   && synack_seq_gt (ack, tcb->recover))
            /* RFC 6582 3.2 step 1: not for data sent before the last
             * recovery or timeout began */
            enter_fast_retransmit (tcb, now);
        }
      else if (seg_len > 0 || ack != tcb->snd_una)
        tcb->dupacks = 0;
    }

  *our_fin_acked = fin_acked (tcb);
  return TRUE;
}

/* --------------------------------------------------------------- input */

static void
input_closed (SynackTcb           *tcb,
              const SynackSegment *seg,
              gint64               now)
{
  SynackSegment rst;

  if (synack_tcb_reset_for (seg, &rst) && tcb->cb.transmit)
    {
      rst.sport = seg->dport;
      rst.dport = seg->sport;
      tcb->cb.transmit (tcb, &rst, NULL, 0, tcb->user_data);
    }
}

static void
input_listen (SynackTcb           *tcb,
              const SynackSegment *seg,
              gint64               now)
{
  if (seg->flags & SYNACK_FLAG_RST)
    return;
  if (seg->flags & SYNACK_FLAG_ACK)
    {
      input_closed (tcb, seg, now);
      return;
    }
  if (!(seg->flags & SYNACK_FLAG_SYN))
    return;

  tcb->rport = seg->sport;
  tcb->passive = TRUE;
  tcb->irs = seg->seq;
  tcb->rcv_nxt = seg->seq + 1;
  tcb->rcv_adv = tcb->rcv_nxt;
  learn_syn_options (tcb, seg);
  tcb->snd_una = tcb->iss;
  tcb->snd_nxt = tcb->iss + 1;
  tcb->snd_max = tcb->snd_nxt;
  tcb->sbuf_seq = tcb->iss + 1;
  tcb->snd_wnd = seg->window;   /* never scaled in a SYN */
  tcb->max_sndwnd = tcb->snd_wnd;
  tcb->snd_wl1 = seg->seq;
  tcb->snd_wl2 = tcb->iss;
  tcb->last_rcv = now;
  set_state (tcb, SYNACK_TCP_SYN_RECEIVED);
  send_syn (tcb, 0, now);
  if (!tcb->ts_ok)
    {
      tcb->rtt_timing = TRUE;
      tcb->rtt_seq = tcb->iss + 1;
      tcb->rtt_time = now;
    }
  tcb->count[SYNACK_TIMER_RETRANSMISSION] = 0;
  arm_rto (tcb, now);
}

static void
input_syn_sent (SynackTcb           *tcb,
                const SynackSegment *seg,
                const guint8        *payload,
                gint64               now)
{
  gboolean has_ack = (seg->flags & SYNACK_FLAG_ACK) != 0;

  if (has_ack && (synack_seq_le (seg->ack, tcb->iss) || synack_seq_gt (seg->ack, tcb->snd_max)))
    {
      if (!(seg->flags & SYNACK_FLAG_RST))
        input_closed (tcb, seg, now);
      return;
    }
  if (seg->flags & SYNACK_FLAG_RST)
    {
      if (has_ack)
        fail (tcb, ECONNREFUSED);
      return;
    }
  if (!(seg->flags & SYNACK_FLAG_SYN))
    return;

  tcb->irs = seg->seq;
  tcb->rcv_nxt = seg->seq + 1;
  /* the window our SYN offered counts from the peer's first byte */
  tcb->rcv_adv = tcb->rcv_nxt + MIN (rcv_space (tcb), 65535);
  learn_syn_options (tcb, seg);
  tcb->snd_wnd = seg->window;
  tcb->max_sndwnd = tcb->snd_wnd;
  tcb->snd_wl1 = seg->seq;
  tcb->snd_wl2 = seg->ack;
  tcb->last_rcv = now;

  if (has_ack)
    {
      if (tcb->ts_ok && seg->ts_ecr != 0)
        rtt_sample (tcb, (gint64) (guint32) (ts_now (tcb, now) - seg->ts_ecr) * MS);
      else if (tcb->rtt_timing)
        rtt_sample (tcb, now - tcb->rtt_time);
      tcb->rtt_timing = FALSE;
      tcb->snd_una = seg->ack;
      timer_cancel (tcb, SYNACK_TIMER_RETRANSMISSION);
      tcb->ack_now = TRUE;
      enter_established (tcb, now);
      if (tcb->dead)
        return;
      if (seg->payload_len > 0 || (seg->flags & SYNACK_FLAG_FIN))
        {
          guint32 len = MIN (seg->payload_len, rcv_wnd (tcb) ? rcv_wnd (tcb) : tcb->opt.rcv_buf);

          process_text_and_fin (tcb, seg->seq + 1, payload, len,
                                (seg->flags & SYNACK_FLAG_FIN) && len == seg->payload_len, now);
        }
      if (tcb->dead)
        return;
      output (tcb, now);
      if (tcb->ack_now && !tcb->dead)
        send_ack (tcb, 0, now);
    }
  else
    {
      /* simultaneous open */
      set_state (tcb, SYNACK_TCP_SYN_RECEIVED);
      send_syn (tcb, 0, now);
    }
}

static gboolean
seg_acceptable (SynackTcb *tcb,
                guint32    seq,
                guint32    seg_len)
{
  guint32 wnd = rcv_wnd (tcb);
  guint32 nxt = tcb->rcv_nxt;

  if (seg_len == 0)
    {
      if (wnd == 0)
        return seq == nxt;
      return synack_seq_in_range (nxt, seq, nxt + wnd);
    }
  if (wnd == 0)
    return FALSE;
  return synack_seq_in_range (nxt, seq, nxt + wnd)
         || synack_seq_in_range (nxt, seq + seg_len - 1, nxt + wnd);
}

static void
input_synchronized (SynackTcb           *tcb,
                    const SynackSegment *seg,
                    const guint8        *payload,
                    gint64               now)
{
  guint8 flags = seg->flags;
  guint32 seq = seg->seq;
  guint32 seg_len = synack_segment_seq_len (seg);
  guint32 len = seg->payload_len;
  const guint8 *data = payload;
  gboolean fin = (flags & SYNACK_FLAG_FIN) != 0;
  gboolean our_fin_acked = FALSE;
  gboolean zero_window_ack = FALSE;
  guint32 wnd;

  /* TIME-WAIT: the only thing that can arrive is the peer's FIN again;
   * acknowledge it and restart the 2 MSL timeout (RFC 9293 3.10.7.4). */
  if (tcb->state == SYNACK_TCP_TIME_WAIT && !(flags & (SYNACK_FLAG_RST | SYNACK_FLAG_SYN))
      && fin && seq + seg_len == tcb->rcv_nxt)
    {
      send_ack (tcb, 0, now);
      tcb->count[SYNACK_TIMER_TIME_WAIT]++;
      timer_arm (tcb, SYNACK_TIMER_TIME_WAIT, now + 2 * tcb->opt.msl);
      return;
    }

  /* SYN-RECEIVED: the peer repeats its SYN, our SYN-ACK was lost; send it
   * again, as real stacks do. */
  if (tcb->state == SYNACK_TCP_SYN_RECEIVED
      && (flags & (SYNACK_FLAG_SYN | SYNACK_FLAG_ACK | SYNACK_FLAG_RST)) == SYNACK_FLAG_SYN
      && seq == tcb->irs)
    {
      send_syn (tcb, SYNACK_ANALYSIS_RETRANSMISSION, now);
      return;
    }

  /* RFC 5961 4.2: a SYN in a synchronized state, whatever its sequence
   * number, gets a challenge ACK. */
  if ((flags & SYNACK_FLAG_SYN) && !(flags & SYNACK_FLAG_RST)
      && state_synchronized (tcb->state))
    {
      send_ack (tcb, SYNACK_ANALYSIS_CHALLENGE_ACK, now);
      return;
    }

  /* PAWS (RFC 7323 5.3) */
  if (tcb->ts_ok && (seg->options & SYNACK_OPTION_TIMESTAMP) && !(flags & SYNACK_FLAG_RST)
      && synack_seq_lt (seg->ts_val, tcb->ts_recent))
    {
      send_ack (tcb, 0, now);
      return;
    }

  /* first: the sequence number. With a zero window no segment with text
   * is acceptable, but "special allowance should be made to accept valid
   * ACKs, URGs, and RSTs" (RFC 9293 3.10.7.4): one that starts at or
   * before RCV.NXT and reaches it has its RST or ACK taken, its text
   * dropped, and is answered (as Linux's tcp_sequence does). */
  if (!seg_acceptable (tcb, seq, seg_len))
    {
      gboolean allowance = rcv_wnd (tcb) == 0
                           && synack_seq_le (seq, tcb->rcv_nxt)
                           && synack_seq_ge (seq + seg_len, tcb->rcv_nxt);

      if (flags & SYNACK_FLAG_RST)
        {
          if (!allowance || seq != tcb->rcv_nxt)
            return;
        }
      else
        {
          if (len <= 1 && !fin && !(flags & SYNACK_FLAG_SYN) && seq == tcb->rcv_nxt - 1)
            tcb->ack_reply = ACK_REPLY_KEEP_ALIVE;
          else if (rcv_wnd (tcb) == 0 && seq == tcb->rcv_nxt && len > 0)
            tcb->ack_reply = ACK_REPLY_ZERO_WINDOW_PROBE;
          if (!allowance || !(flags & SYNACK_FLAG_ACK) || (flags & SYNACK_FLAG_SYN))
            {
              send_ack (tcb, 0, now);
              return;
            }
          zero_window_ack = TRUE;
        }
      len = 0;
      data = NULL;
      fin = FALSE;
    }
  tcb->last_rcv = now;
  tcb->count[SYNACK_TIMER_KEEPALIVE] = 0;
  /* Every segment from the peer starts the idle time over: the timer is
   * set again now, so a trace shows one idle wait before the first probe
   * (not a catch-up re-arm when the first deadline passes). */
  if (tcb->opt.keepalive && timer_armed (tcb, SYNACK_TIMER_KEEPALIVE))
    timer_arm (tcb, SYNACK_TIMER_KEEPALIVE, now + tcb->opt.keepalive_idle);

  /* RFC 7323 4.3: remember the timestamp of a segment at the left edge */
  if (tcb->ts_ok && (seg->options & SYNACK_OPTION_TIMESTAMP)
      && synack_seq_le (seq, tcb->last_ack_sent))
    tcb->ts_recent = seg->ts_val;

  /* second: RST, exactly at RCV.NXT, else a challenge ACK (RFC 5961 3.2) */
  if (flags & SYNACK_FLAG_RST)
    {
      if (seq != tcb->rcv_nxt)
        {
          send_ack (tcb, SYNACK_ANALYSIS_CHALLENGE_ACK, now);
          return;
        }
      switch (tcb->state)
        {
        case SYNACK_TCP_SYN_RECEIVED:
          if (tcb->passive)
            return_to_listen (tcb);
          else
            fail (tcb, ECONNREFUSED);
          break;
        case SYNACK_TCP_ESTABLISHED:
        case SYNACK_TCP_FIN_WAIT_1:
        case SYNACK_TCP_FIN_WAIT_2:
        case SYNACK_TCP_CLOSE_WAIT:
          fail (tcb, ECONNRESET);
          break;
        default:
          enter_closed (tcb);
          break;
        }
      return;
    }

  /* fourth: SYN in SYN-RECEIVED of a passive open (in window, not our
   * peer's retransmission): back to LISTEN */
  if (flags & SYNACK_FLAG_SYN)
    {
      if (tcb->passive)
        return_to_listen (tcb);
      else
        send_ack (tcb, SYNACK_ANALYSIS_CHALLENGE_ACK, now);
      return;
    }

  /* fifth: ACK */
  if (!(flags & SYNACK_FLAG_ACK))
    return;

  if (tcb->state == SYNACK_TCP_SYN_RECEIVED)
    {
      if (!synack_seq_in_range_open_closed (tcb->snd_una, seg->ack, tcb->snd_max))
        {
          SynackSegment rst;

          /* <SEQ=SEG.ACK><CTL=RST> */
          memset (&rst, 0, sizeof rst);
          rst.sport = tcb->lport;
          rst.dport = tcb->rport;
          rst.seq = seg->ack;
          rst.flags = SYNACK_FLAG_RST;
          if (tcb->cb.transmit)
            tcb->cb.transmit (tcb, &rst, NULL, 0, tcb->user_data);
          return;
        }
      if (tcb->ts_ok && (seg->options & SYNACK_OPTION_TIMESTAMP) && seg->ts_ecr != 0)
        rtt_sample (tcb, (gint64) (guint32) (ts_now (tcb, now) - seg->ts_ecr) * MS);
      else if (tcb->rtt_timing)
        rtt_sample (tcb, now - tcb->rtt_time);
      tcb->rtt_timing = FALSE;
      tcb->snd_una = seg->ack;
      if (synack_seq_lt (tcb->snd_nxt, tcb->snd_una))
        tcb->snd_nxt = tcb->snd_una;
      tcb->snd_wnd = (guint32) seg->window << tcb->snd_wscale;
      tcb->max_sndwnd = MAX (tcb->max_sndwnd, tcb->snd_wnd);
      tcb->snd_wl1 = seq;
      tcb->snd_wl2 = seg->ack;
      timer_cancel (tcb, SYNACK_TIMER_RETRANSMISSION);
      enter_established (tcb, now);
      if (tcb->dead)
        return;
    }
  else
    {
      SynackTcpState before = tcb->state;

      if (!process_ack (tcb, seg, &our_fin_acked, now) || tcb->dead)
        return;
      if (tcb->state != before)
        {
          tcb->ack_reply = ACK_REPLY_NONE;
          return;
        }
      switch (tcb->state)
        {
        case SYNACK_TCP_CLOSING:
          if (our_fin_acked)
            enter_time_wait (tcb, now);
          return;
        case SYNACK_TCP_LAST_ACK:
          if (our_fin_acked)
            enter_closed (tcb);
          return;
        case SYNACK_TCP_TIME_WAIT:
          return;
        default:
          break;
        }
    }

  /* seventh and eighth: text and FIN, trimmed to the window */
  if (synack_seq_lt (seq, tcb->rcv_nxt))
    {
      guint32 skip = tcb->rcv_nxt - seq;

      if (skip > len)
        skip = len;
      if (data)
        data += skip;
      len -= skip;
      seq += skip;
    }
  wnd = rcv_room (tcb);
  if (synack_seq_gt (seq + len, tcb->rcv_nxt + wnd))
    {
      guint32 keep = synack_seq_gt (seq, tcb->rcv_nxt + wnd) ? 0 : tcb->rcv_nxt + wnd - seq;

      len = MIN (len, keep);
      fin = FALSE;
      /* say at once what was taken: the rest comes again */
      tcb->ack_now = TRUE;
    }
  process_text_and_fin (tcb, seq, data, len, fin, now);
  if (tcb->dead)
    return;

  /* FIN-WAIT-1 whose FIN is acknowledged by a segment without the peer's
   * FIN goes on to FIN-WAIT-2; with it, straight to TIME-WAIT above. */
  if (tcb->state == SYNACK_TCP_FIN_WAIT_1 && fin_acked (tcb))
    set_state (tcb, SYNACK_TCP_FIN_WAIT_2);
  /* the text of a segment past a zero window is answered at once */
  if (zero_window_ack && !tcb->dead)
    send_ack (tcb, 0, now);
}

void
synack_tcb_input (SynackTcb           *tcb,
                  const SynackSegment *seg,
                  const guint8        *payload,
                  gint64               now)
{
  guint8 prev;

  g_return_if_fail (tcb != NULL);
  g_return_if_fail (seg != NULL);

  if (tcb->dead)
    {
      if (tcb->state == SYNACK_TCP_CLOSED)
        input_closed (tcb, seg, now);
      return;
    }

  prev = enter (tcb, SYNACK_CAUSE_SEGMENT);
  switch (tcb->state)
    {
    case SYNACK_TCP_CLOSED:
      input_closed (tcb, seg, now);
      break;
    case SYNACK_TCP_LISTEN:
      input_listen (tcb, seg, now);
      break;
    case SYNACK_TCP_SYN_SENT:
      input_syn_sent (tcb, seg, payload, now);
      break;
    default:
      input_synchronized (tcb, seg, payload, now);
      if (!tcb->dead)
        {
          output (tcb, now);
          if (tcb->ack_now && !tcb->dead)
            send_ack (tcb, 0, now);
        }
      break;
    }
  leave (tcb, prev, now);
}

/* --------------------------------------------------------------- timers */

static void
on_retransmission (SynackTcb *tcb,
                   gint64     now)
{
  guint limit;
  guint n = tcb->count[SYNACK_TIMER_RETRANSMISSION];

  switch (tcb->state)
    {
    case SYNACK_TCP_SYN_SENT:
      limit = tcb->opt.syn_retries;
      break;
    case SYNACK_TCP_SYN_RECEIVED:
      limit = tcb->passive ? tcb->opt.synack_retries : tcb->opt.syn_retries;
      break;
    default:
      limit = syn_acked (tcb) ? tcb->opt.data_retries : tcb->opt.synack_retries;
      break;
    }
  /* The peer closed its window on data already in flight: the
   * retransmissions are window probes now, and as long as the peer answers
   * them the connection stays open (RFC 1122 4.2.2.17). Like Linux, give up
   * only when it has said nothing for the longest RTO. */
  if (n >= limit
      && !(state_synchronized (tcb->state) && syn_acked (tcb) && tcb->snd_wnd == 0
           && now - tcb->last_rcv <= tcb->opt.rto_max))
    {
      fail (tcb, ETIMEDOUT);
      return;
    }
  if (n < G_MAXUINT16)
    n++;
  tcb->count[SYNACK_TIMER_RETRANSMISSION] = n;
  tcb->rtt_timing = FALSE;   /* Karn */

  if (tcb->state == SYNACK_TCP_SYN_SENT || !syn_acked (tcb))
    {
      tcb->syn_retransmitted = TRUE;
      send_syn (tcb, SYNACK_ANALYSIS_RETRANSMISSION, now);
    }
  else
    {
      guint32 flight = tcb->snd_max - tcb->snd_una;

      /* RFC 5681 3.1 (5.5 of RFC 6298): halve once per loss, loss window */
      if (n == 1)
        tcb->ssthresh = MAX (flight / 2, 2 * tcb->smss);
      tcb->cwnd = tcb->smss;
      tcb->in_recovery = FALSE;
      tcb->recover = tcb->snd_max;
      tcb->dupacks = 0;
      /* go back: everything after SND.UNA is sent again as the window allows */
      tcb->snd_nxt = tcb->snd_una;
      tcb->snd_nxt += retransmit_head (tcb, SYNACK_ANALYSIS_RETRANSMISSION, now);
    }
  /* RFC 6298 5.5 and 5.6: back off, restart */
  tcb->rto = MIN (tcb->rto * 2, tcb->opt.rto_max);
  timer_arm (tcb, SYNACK_TIMER_RETRANSMISSION, now + tcb->rto);
}

static void
on_persist (SynackTcb *tcb,
            gint64     now)
{
  guint n = tcb->count[SYNACK_TIMER_PERSIST];

  if (!can_send_data_state (tcb->state) || !synack_seq_lt (tcb->snd_una, data_end (tcb)))
    return;
  if (tcb->snd_wnd > tcb->snd_nxt - tcb->snd_una)
    {
      /* the window is open again: back to normal sending */
      tcb->count[SYNACK_TIMER_PERSIST] = 0;
      output (tcb, now);
      return;
    }
  if (tcb->zwp_unanswered >= MIN (tcb->opt.data_retries, 31))
    {
      fail (tcb, ETIMEDOUT);
      return;
    }
  tcb->zwp_unanswered++;
  /* one byte of new data beyond the window (RFC 9293 3.8.6.1) */
  xmit (tcb, SYNACK_FLAG_ACK, tcb->snd_una,
        tcb->sbuf + tcb->sstart + (tcb->snd_una - tcb->sbuf_seq), 1,
        SYNACK_ANALYSIS_ZERO_WINDOW_PROBE, now);
  if (tcb->snd_nxt == tcb->snd_una)
    tcb->snd_nxt++;
  tcb->snd_max = synack_seq_max (tcb->snd_max, tcb->snd_nxt);
  tcb->count[SYNACK_TIMER_PERSIST] = ++n;
  timer_arm (tcb, SYNACK_TIMER_PERSIST, now + rto_backed_off (tcb, n));
}

static void
on_keepalive (SynackTcb *tcb,
              gint64     due,
              gint64     now)
{
  guint n = tcb->count[SYNACK_TIMER_KEEPALIVE];
  gint64 idle_until = tcb->last_rcv + tcb->opt.keepalive_idle;

  if (!tcb->opt.keepalive
      || !(tcb->state == SYNACK_TCP_ESTABLISHED || tcb->state == SYNACK_TCP_CLOSE_WAIT
           || tcb->state == SYNACK_TCP_FIN_WAIT_2))
    return;
  /* Data in flight or waiting: the retransmission timer watches the peer.
   * Not idle long enough: push the timer back. Neither is a firing. */
  if (tcb->snd_max != tcb->snd_una || synack_seq_lt (tcb->snd_nxt, data_end (tcb)))
    {
      tcb->count[SYNACK_TIMER_KEEPALIVE] = 0;
      timer_arm (tcb, SYNACK_TIMER_KEEPALIVE, now + tcb->opt.keepalive_idle);
      return;
    }
  if (n == 0 && idle_until > now)
    {
      timer_arm (tcb, SYNACK_TIMER_KEEPALIVE, idle_until);
      return;
    }
  if (tcb->cb.timer)
    tcb->cb.timer (tcb, SYNACK_TIMER_KEEPALIVE, SYNACK_TIMER_FIRED, n + 1, due, tcb->user_data);
  if (n >= tcb->opt.keepalive_probes)
    {
      /* as Linux: tell the peer, then give up */
      xmit (tcb, SYNACK_FLAG_RST, tcb->snd_max, NULL, 0, 0, now);
      fail (tcb, ETIMEDOUT);
      return;
    }
  /* seq = SND.UNA - 1, no data: the peer must answer with an ACK */
  xmit (tcb, SYNACK_FLAG_ACK, tcb->snd_una - 1, NULL, 0, SYNACK_ANALYSIS_KEEP_ALIVE, now);
  tcb->count[SYNACK_TIMER_KEEPALIVE] = ++n;
  timer_arm (tcb, SYNACK_TIMER_KEEPALIVE, now + tcb->opt.keepalive_interval);
}

static void
fire (SynackTcb       *tcb,
      SynackTimerKind  kind,
      gint64           now)
{
  gint64 due = tcb->due[kind];
  guint count = tcb->count[kind];

  tcb->due[kind] = TIMER_OFF;
  if (kind == SYNACK_TIMER_KEEPALIVE)
    {
      on_keepalive (tcb, due, now);
      return;
    }
  /* count: the retransmission or probe this firing makes */
  if (kind == SYNACK_TIMER_RETRANSMISSION || kind == SYNACK_TIMER_PERSIST)
    count++;
  if (tcb->cb.timer)
    tcb->cb.timer (tcb, kind, SYNACK_TIMER_FIRED, count, due, tcb->user_data);

  switch (kind)
    {
    case SYNACK_TIMER_RETRANSMISSION:
      on_retransmission (tcb, now);
      break;
    case SYNACK_TIMER_PERSIST:
      on_persist (tcb, now);
      break;
    case SYNACK_TIMER_DELAYED_ACK:
      if (state_synchronized (tcb->state) && tcb->state != SYNACK_TCP_TIME_WAIT)
        send_ack (tcb, 0, now);
      break;
    case SYNACK_TIMER_TIME_WAIT:
      enter_closed (tcb);
      break;
    default:
      break;
    }
}

gint64
synack_tcb_next_timer_due (SynackTcb *tcb)
{
  gint64 t = G_MAXINT64;

  g_return_val_if_fail (tcb != NULL, G_MAXINT64);
  for (guint k = 0; k < SYNACK_TIMER_N_KINDS; k++)
    t = MIN (t, tcb->due[k]);
  return t;
}

void
synack_tcb_on_timer (SynackTcb *tcb,
                     gint64     now)
{
  guint8 prev;

  g_return_if_fail (tcb != NULL);
  if (tcb->dead)
    return;

  prev = enter (tcb, SYNACK_CAUSE_TIMER);
  /* each firing can arm others; bound the loop so a zero timeout cannot spin */
  for (guint guard = 0; guard < 64 && !tcb->dead; guard++)
    {
      gint64 best = TIMER_OFF;
      guint which = 0;

      for (guint k = 0; k < SYNACK_TIMER_N_KINDS; k++)
        if (tcb->due[k] < best)
          {
            best = tcb->due[k];
            which = k;
          }
      if (best == TIMER_OFF || best > now)
        break;
      fire (tcb, which, now);
      if (!tcb->dead)
        output (tcb, now);
    }
  leave (tcb, prev, now);
}

/* ---------------------------------------------------------- socket calls */

int
synack_tcb_open_active (SynackTcb *tcb,
                        guint16    local_port,
                        guint16    remote_port,
                        gint64     now)
{
  guint8 prev;

  g_return_val_if_fail (tcb != NULL, -EINVAL);
  if (tcb->state != SYNACK_TCP_CLOSED || tcb->dead)
    return -EISCONN;

  prev = enter (tcb, SYNACK_CAUSE_CALL);
  tcb->lport = local_port;
  tcb->rport = remote_port;
  tcb->passive = FALSE;
  tcb->snd_una = tcb->iss;
  tcb->snd_nxt = tcb->iss + 1;
  tcb->snd_max = tcb->snd_nxt;
  tcb->sbuf_seq = tcb->iss + 1;
  set_state (tcb, SYNACK_TCP_SYN_SENT);
  send_syn (tcb, 0, now);
  tcb->rtt_timing = TRUE;
  tcb->rtt_seq = tcb->iss + 1;
  tcb->rtt_time = now;
  tcb->count[SYNACK_TIMER_RETRANSMISSION] = 0;
  arm_rto (tcb, now);
  leave (tcb, prev, now);
  return 0;
}

int
synack_tcb_open_passive (SynackTcb *tcb,
                         guint16    local_port,
                         gint64     now)
{
  guint8 prev;

  g_return_val_if_fail (tcb != NULL, -EINVAL);
  if (tcb->state != SYNACK_TCP_CLOSED || tcb->dead)
    return -EISCONN;

  prev = enter (tcb, SYNACK_CAUSE_CALL);
  tcb->lport = local_port;
  set_state (tcb, SYNACK_TCP_LISTEN);
  leave (tcb, prev, now);
  return 0;
}

gssize
synack_tcb_send (SynackTcb    *tcb,
                 const guint8 *data,
                 gsize         len,
                 gint64        now)
{
  guint32 space;
  guint32 n;
  guint8 prev;

  g_return_val_if_fail (tcb != NULL, -EINVAL);

  if (tcb->err)
    return -EPIPE;
  switch (tcb->state)
    {
    case SYNACK_TCP_CLOSED:
    case SYNACK_TCP_LISTEN:
      return -ENOTCONN;
    case SYNACK_TCP_SYN_SENT:
    case SYNACK_TCP_SYN_RECEIVED:
    case SYNACK_TCP_ESTABLISHED:
    case SYNACK_TCP_CLOSE_WAIT:
      break;
    default:
      return -EPIPE;
    }
  if (tcb->fin_queued || tcb->fin_deferred)
    return -EPIPE;
  if (len == 0)
    return 0;

  space = tcb->opt.snd_buf > tcb->slen ? tcb->opt.snd_buf - tcb->slen : 0;
  n = (guint32) MIN ((gsize) space, len);
  if (n < len)
    tcb->want_writable = TRUE;
  if (n == 0)
    return -EAGAIN;

  prev = enter (tcb, SYNACK_CAUSE_CALL);
  ensure_sbuf_room (tcb, n);
  if (data)
    memcpy (tcb->sbuf + tcb->sstart + tcb->slen, data, n);
  else
    memset (tcb->sbuf + tcb->sstart + tcb->slen, 0, n);
  tcb->slen += n;
  output (tcb, now);
  leave (tcb, prev, now);
  return n;
}

gssize
synack_tcb_recv (SynackTcb *tcb,
                 guint8    *buf,
                 gsize      len,
                 gint64     now)
{
  guint32 n;
  guint8 prev;

  g_return_val_if_fail (tcb != NULL, -EINVAL);

  if (tcb->err)
    return -tcb->err;
  if (tcb->rlen == 0)
    {
      if (tcb->fin_rcvd)
        return 0;
      switch (tcb->state)
        {
        case SYNACK_TCP_CLOSED:
        case SYNACK_TCP_LISTEN:
        case SYNACK_TCP_SYN_SENT:
          return -ENOTCONN;
        default:
          return len == 0 ? 0 : -EAGAIN;
        }
    }

  n = (guint32) MIN ((gsize) tcb->rlen, len);
  if (n == 0)
    return 0;
  prev = enter (tcb, SYNACK_CAUSE_CALL);
  if (buf)
    {
      guint32 first = MIN (n, tcb->rcap - tcb->rhead);

      memcpy (buf, tcb->rbuf + tcb->rhead, first);
      memcpy (buf + first, tcb->rbuf, n - first);
    }
  tcb->rhead = (tcb->rhead + n) % tcb->rcap;
  tcb->rlen -= n;
  tcb->wnd_check = TRUE;
  leave (tcb, prev, now);
  return n;
}

static void
apply_shutdown (SynackTcb *tcb,
                gint64     now)
{
  tcb->fin_deferred = FALSE;
  tcb->fin_queued = TRUE;
  tcb->fin_seq = data_end (tcb);
  if (tcb->state == SYNACK_TCP_CLOSE_WAIT)
    set_state (tcb, SYNACK_TCP_LAST_ACK);
  else
    set_state (tcb, SYNACK_TCP_FIN_WAIT_1);
  output (tcb, now);
}

int
synack_tcb_shutdown (SynackTcb *tcb,
                     gint64     now)
{
  guint8 prev;

  g_return_val_if_fail (tcb != NULL, -EINVAL);

  if (tcb->err)
    return -tcb->err;
  switch (tcb->state)
    {
    case SYNACK_TCP_CLOSED:
    case SYNACK_TCP_LISTEN:
      return -ENOTCONN;
    case SYNACK_TCP_SYN_SENT:
      tcb->fin_deferred = TRUE;
      return 0;
    case SYNACK_TCP_SYN_RECEIVED:
      if (tcb->slen > 0)
        {
          tcb->fin_deferred = TRUE;
          return 0;
        }
      break;
    case SYNACK_TCP_ESTABLISHED:
    case SYNACK_TCP_CLOSE_WAIT:
      break;
    default:
      return 0;   /* already shut down */
    }
  if (tcb->fin_queued)
    return 0;

  prev = enter (tcb, SYNACK_CAUSE_CALL);
  apply_shutdown (tcb, now);
  leave (tcb, prev, now);
  return 0;
}

int
synack_tcb_close (SynackTcb *tcb,
                  gint64     now)
{
  guint8 prev;
  int ret = 0;

  g_return_val_if_fail (tcb != NULL, -EINVAL);

  if (tcb->dead)
    return 0;
  prev = enter (tcb, SYNACK_CAUSE_CALL);
  tcb->rd_closed = TRUE;
  /* unread data is dropped; the window opens again */
  if (tcb->rlen > 0)
    {
      tcb->rhead = (tcb->rhead + tcb->rlen) % tcb->rcap;
      tcb->rlen = 0;
      tcb->wnd_check = TRUE;
    }
  switch (tcb->state)
    {
    case SYNACK_TCP_CLOSED:
      break;
    case SYNACK_TCP_LISTEN:
    case SYNACK_TCP_SYN_SENT:
      enter_closed (tcb);
      break;
    case SYNACK_TCP_SYN_RECEIVED:
      if (tcb->slen > 0)
        tcb->fin_deferred = TRUE;
      else
        apply_shutdown (tcb, now);
      break;
    case SYNACK_TCP_ESTABLISHED:
    case SYNACK_TCP_CLOSE_WAIT:
      if (!tcb->fin_queued)
        apply_shutdown (tcb, now);
      break;
    default:
      break;
    }
  leave (tcb, prev, now);
  return ret;
}

int
synack_tcb_abort (SynackTcb *tcb,
                  gint64     now)
{
  guint8 prev;

  g_return_val_if_fail (tcb != NULL, -EINVAL);

  if (tcb->dead)
    return 0;
  prev = enter (tcb, SYNACK_CAUSE_CALL);
  switch (tcb->state)
    {
    case SYNACK_TCP_SYN_RECEIVED:
    case SYNACK_TCP_ESTABLISHED:
    case SYNACK_TCP_FIN_WAIT_1:
    case SYNACK_TCP_FIN_WAIT_2:
    case SYNACK_TCP_CLOSE_WAIT:
      /* <SEQ=SND.NXT><CTL=RST> */
      xmit (tcb, SYNACK_FLAG_RST, tcb->snd_max, NULL, 0, 0, now);
      enter_closed (tcb);
      break;
    case SYNACK_TCP_CLOSED:
      break;
    default:
      enter_closed (tcb);
      break;
    }
  leave (tcb, prev, now);
  return 0;
}

/* ----------------------------------------------------------------- misc */

gboolean
synack_tcb_reset_for (const SynackSegment *seg,
                      SynackSegment       *rst)
{
  g_return_val_if_fail (seg != NULL && rst != NULL, FALSE);

  if (seg->flags & SYNACK_FLAG_RST)
    return FALSE;
  memset (rst, 0, sizeof *rst);
  rst->sport = seg->dport;
  rst->dport = seg->sport;
  if (seg->flags & SYNACK_FLAG_ACK)
    {
      /* <SEQ=SEG.ACK><CTL=RST> */
      rst->seq = seg->ack;
      rst->flags = SYNACK_FLAG_RST;
    }
  else
    {
      /* <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK> */
      rst->seq = 0;
      rst->ack = seg->seq + synack_segment_seq_len (seg);
      rst->flags = SYNACK_FLAG_RST | SYNACK_FLAG_ACK;
    }
  return TRUE;
}

void
synack_tcb_set_nagle (SynackTcb *tcb,
                      gboolean   nagle,
                      gint64     now)
{
  guint8 prev;

  g_return_if_fail (tcb != NULL);
  tcb->opt.nagle = nagle;
  if (tcb->dead)
    return;
  prev = enter (tcb, SYNACK_CAUSE_CALL);
  output (tcb, now);
  leave (tcb, prev, now);
}

void
synack_tcb_set_keepalive (SynackTcb *tcb,
                          gboolean   enabled,
                          gint64     idle,
                          gint64     interval,
                          guint      probes,
                          gint64     now)
{
  guint8 prev;

  g_return_if_fail (tcb != NULL);
  tcb->opt.keepalive = enabled;
  if (idle > 0)
    tcb->opt.keepalive_idle = idle;
  if (interval > 0)
    tcb->opt.keepalive_interval = interval;
  if (probes > 0)
    tcb->opt.keepalive_probes = probes;
  if (tcb->dead)
    return;
  prev = enter (tcb, SYNACK_CAUSE_CALL);
  if (!enabled)
    timer_cancel (tcb, SYNACK_TIMER_KEEPALIVE);
  else if (tcb->state == SYNACK_TCP_ESTABLISHED || tcb->state == SYNACK_TCP_CLOSE_WAIT
           || tcb->state == SYNACK_TCP_FIN_WAIT_2)
    {
      tcb->count[SYNACK_TIMER_KEEPALIVE] = 0;
      timer_arm (tcb, SYNACK_TIMER_KEEPALIVE, MAX (now, tcb->last_rcv) + tcb->opt.keepalive_idle);
    }
  leave (tcb, prev, now);
}

SynackTcpState
synack_tcb_get_state (SynackTcb *tcb)
{
  g_return_val_if_fail (tcb != NULL, SYNACK_TCP_CLOSED);
  return tcb->state;
}

void
synack_tcb_get_vars (SynackTcb     *tcb,
                     SynackTcbVars *v)
{
  g_return_if_fail (tcb != NULL && v != NULL);
  v->snd_una = tcb->snd_una;
  v->snd_nxt = tcb->snd_nxt;
  v->snd_wnd = tcb->snd_wnd;
  v->rcv_nxt = tcb->rcv_nxt;
  v->rcv_wnd = rcv_wnd (tcb);
  v->cwnd = tcb->cwnd;
  v->ssthresh = tcb->ssthresh;
}

const SynackTcbOptions *
synack_tcb_get_options (SynackTcb *tcb)
{
  g_return_val_if_fail (tcb != NULL, NULL);
  return &tcb->opt;
}

guint16
synack_tcb_get_local_port (SynackTcb *tcb)
{
  g_return_val_if_fail (tcb != NULL, 0);
  return tcb->lport;
}

guint16
synack_tcb_get_remote_port (SynackTcb *tcb)
{
  g_return_val_if_fail (tcb != NULL, 0);
  return tcb->rport;
}

guint32
synack_tcb_get_isn (SynackTcb *tcb)
{
  g_return_val_if_fail (tcb != NULL, 0);
  return tcb->iss;
}

guint
synack_tcb_get_mss (SynackTcb *tcb)
{
  g_return_val_if_fail (tcb != NULL, 0);
  return tcb->smss;
}

gint
synack_tcb_get_snd_wscale (SynackTcb *tcb)
{
  g_return_val_if_fail (tcb != NULL, -1);
  return tcb->ws_ok ? tcb->snd_wscale : -1;
}

gint
synack_tcb_get_rcv_wscale (SynackTcb *tcb)
{
  g_return_val_if_fail (tcb != NULL, -1);
  if (!tcb->syn_seen)
    return tcb->opt.wscale;
  return tcb->ws_ok ? tcb->rcv_wscale : -1;
}

gboolean
synack_tcb_sack_enabled (SynackTcb *tcb)
{
  g_return_val_if_fail (tcb != NULL, FALSE);
  return tcb->sack_ok;
}

gboolean
synack_tcb_timestamps_enabled (SynackTcb *tcb)
{
  g_return_val_if_fail (tcb != NULL, FALSE);
  return tcb->ts_ok;
}

gint64
synack_tcb_get_rto (SynackTcb *tcb)
{
  g_return_val_if_fail (tcb != NULL, 0);
  return tcb->rto;
}

gint64
synack_tcb_get_srtt (SynackTcb *tcb)
{
  g_return_val_if_fail (tcb != NULL, 0);
  return tcb->srtt;
}

gint64
synack_tcb_get_rttvar (SynackTcb *tcb)
{
  g_return_val_if_fail (tcb != NULL, 0);
  return tcb->rttvar;
}

gsize
synack_tcb_get_send_queued (SynackTcb *tcb)
{
  g_return_val_if_fail (tcb != NULL, 0);
  return tcb->slen;
}

gsize
synack_tcb_get_send_space (SynackTcb *tcb)
{
  g_return_val_if_fail (tcb != NULL, 0);
  if (tcb->fin_queued || tcb->dead)
    return 0;
  return tcb->opt.snd_buf > tcb->slen ? tcb->opt.snd_buf - tcb->slen : 0;
}

gsize
synack_tcb_get_recv_queued (SynackTcb *tcb)
{
  g_return_val_if_fail (tcb != NULL, 0);
  return tcb->rlen;
}

int
synack_tcb_get_error (SynackTcb *tcb)
{
  g_return_val_if_fail (tcb != NULL, 0);
  return tcb->err;
}

gboolean
synack_tcb_peer_closed (SynackTcb *tcb)
{
  g_return_val_if_fail (tcb != NULL, FALSE);
  return tcb->fin_rcvd;
}

gsize
synack_tcb_get_memory (SynackTcb *tcb)
{
  g_return_val_if_fail (tcb != NULL, 0);
  return sizeof (SynackTcb) + (tcb->sbuf ? tcb->scap : 0) + (tcb->rbuf ? tcb->rcap : 0);
}

/* --------------------------------------------------------- invariants */

#define CHECK(cond, ...)                                                        \
  G_STMT_START {                                                                \
    if (!(cond))                                                                \
      {                                                                         \
        g_autofree char *detail_ = g_strdup_printf (__VA_ARGS__);               \
        g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_FAILED,                  \
                     "TCB %u->%u in %s: %s", tcb->lport, tcb->rport,           \
                     synack_tcp_state_to_string (tcb->state), detail_);         \
        return FALSE;                                                           \
      }                                                                         \
  } G_STMT_END

gboolean
synack_tcb_check_invariants (SynackTcb  *tcb,
                             GError    **error)
{
  gboolean live = tcb->state != SYNACK_TCP_CLOSED && tcb->state != SYNACK_TCP_LISTEN;

  g_return_val_if_fail (tcb != NULL, FALSE);

  CHECK (tcb->state < SYNACK_TCP_N_STATES, "state %u out of range", tcb->state);
  CHECK (tcb->slen <= tcb->opt.snd_buf,
         "send buffer holds %u bytes, limit %u", tcb->slen, tcb->opt.snd_buf);
  CHECK (tcb->sbuf == NULL || tcb->sstart + tcb->slen <= tcb->scap,
         "send buffer [%u, +%u) past its capacity %u", tcb->sstart, tcb->slen, tcb->scap);
  CHECK (tcb->slen == 0 || tcb->sbuf != NULL, "%u bytes queued with no buffer", tcb->slen);
  CHECK (tcb->rlen == 0 || (tcb->rbuf != NULL && tcb->rlen <= tcb->rcap),
         "receive buffer holds %u bytes, capacity %u", tcb->rlen, tcb->rcap);
  /* the window is rounded up to the scaling unit, and its edge never moves
   * back (rbuf_fit): the ring grows to twice the buffer and one unit */
  CHECK (tcb->rlen < 2 * (tcb->opt.rcv_buf + (1u << tcb->rcv_wscale)),
         "%u unread bytes exceed the receive buffer %u (scaling unit %u)",
         tcb->rlen, tcb->opt.rcv_buf, 1u << tcb->rcv_wscale);
  CHECK (!(tcb->opt.autoread || tcb->rd_closed) || tcb->rlen == 0,
         "%u bytes wait for recv although they are consumed at once", tcb->rlen);
  CHECK (tcb->n_ooo <= MAX_OOO, "%u reassembly ranges", tcb->n_ooo);
  CHECK (tcb->depth == 0, "checked from inside a callback (depth %u)", tcb->depth);

  if (tcb->dead || tcb->state == SYNACK_TCP_CLOSED || tcb->state == SYNACK_TCP_LISTEN)
    {
      for (guint k = 0; k < SYNACK_TIMER_N_KINDS; k++)
        CHECK (tcb->due[k] == TIMER_OFF, "timer %u armed", k);
    }
  CHECK (!timer_armed (tcb, SYNACK_TIMER_KEEPALIVE) || tcb->opt.keepalive,
         "keep-alive timer armed with keep-alive off");
  CHECK (!timer_armed (tcb, SYNACK_TIMER_DELAYED_ACK)
         || (state_synchronized (tcb->state) && tcb->state != SYNACK_TCP_TIME_WAIT),
         "delayed-ACK timer armed outside a synchronized state");
  CHECK (!(timer_armed (tcb, SYNACK_TIMER_RETRANSMISSION)
           && timer_armed (tcb, SYNACK_TIMER_PERSIST)),
         "retransmission and persist timers both armed");
  if (!live || tcb->dead)
    return TRUE;

  CHECK (synack_seq_le (tcb->snd_una, tcb->snd_nxt), "SND.UNA %u > SND.NXT %u",
         tcb->snd_una, tcb->snd_nxt);
  CHECK (synack_seq_le (tcb->snd_nxt, tcb->snd_max), "SND.NXT %u > highest sent %u",
         tcb->snd_nxt, tcb->snd_max);
  CHECK (synack_seq_le (tcb->iss, tcb->snd_una), "SND.UNA %u before ISS %u",
         tcb->snd_una, tcb->iss);
  {
    guint32 end = data_end (tcb) + (tcb->fin_queued ? 1 : 0);

    CHECK (synack_seq_le (tcb->snd_max, end) || (tcb->snd_max == tcb->iss + 1 && tcb->slen == 0),
           "sent up to %u beyond the data and FIN, which end at %u", tcb->snd_max, end);
    CHECK (tcb->sbuf_seq == tcb->snd_una
           || (!syn_acked (tcb) && tcb->sbuf_seq == tcb->iss + 1)
           || (fin_acked (tcb) && tcb->sbuf_seq + 1 == tcb->snd_una),
           "send buffer starts at %u, SND.UNA is %u", tcb->sbuf_seq, tcb->snd_una);
    CHECK (!tcb->fin_queued || tcb->fin_seq == data_end (tcb),
           "FIN at %u but the data ends at %u", tcb->fin_seq, data_end (tcb));
  }
  CHECK (tcb->cwnd >= tcb->smss || !syn_acked (tcb), "cwnd %u below one MSS %u",
         tcb->cwnd, tcb->smss);
  CHECK (tcb->smss > 0, "MSS is zero");

  if (tcb->state != SYNACK_TCP_SYN_SENT)
    {
      guint32 wnd = rcv_wnd (tcb);

      CHECK (synack_seq_le (tcb->rcv_nxt, tcb->rcv_adv) || tcb->rcv_adv == tcb->rcv_nxt,
             "RCV.NXT %u past the advertised edge %u", tcb->rcv_nxt, tcb->rcv_adv);
      CHECK (wnd <= tcb->opt.rcv_buf + (1u << tcb->rcv_wscale),
             "window %u exceeds the buffer %u", wnd, tcb->opt.rcv_buf);
      for (guint i = 0; i < tcb->n_ooo; i++)
        {
          Range r = tcb->ooo[i];

          CHECK (synack_seq_lt (r.left, r.right), "empty reassembly range %u", i);
          CHECK (synack_seq_gt (r.left, tcb->rcv_nxt),
                 "reassembly range [%u, %u) at or before RCV.NXT %u",
                 r.left, r.right, tcb->rcv_nxt);
          CHECK (synack_seq_le (r.right, tcb->rcv_adv + (1u << tcb->rcv_wscale)),
                 "reassembly range [%u, %u) beyond the window edge %u",
                 r.left, r.right, tcb->rcv_adv);
          CHECK (tcb->rbuf != NULL && r.right - tcb->rcv_nxt < tcb->rcap - tcb->rlen,
                 "reassembly range [%u, %u) beyond the receive ring (%u unread of %u)",
                 r.left, r.right, tcb->rlen, tcb->rcap);
          CHECK (i == 0 || synack_seq_gt (r.left, tcb->ooo[i - 1].right),
                 "reassembly ranges %u and %u overlap or touch", i - 1, i);
        }
    }

  if (tcb->state == SYNACK_TCP_TIME_WAIT)
    CHECK (timer_armed (tcb, SYNACK_TIMER_TIME_WAIT), "TIME-WAIT without its timer");
  else
    CHECK (!timer_armed (tcb, SYNACK_TIMER_TIME_WAIT), "TIME-WAIT timer outside TIME-WAIT");
  if (tcb->state != SYNACK_TCP_TIME_WAIT && tcb->snd_una != tcb->snd_max)
    CHECK (timer_armed (tcb, SYNACK_TIMER_RETRANSMISSION)
           || timer_armed (tcb, SYNACK_TIMER_PERSIST),
           "%u bytes in flight and no retransmission or persist timer",
           tcb->snd_max - tcb->snd_una);
  return TRUE;
}
