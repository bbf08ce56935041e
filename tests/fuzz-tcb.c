/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: two SynackTcbs talking through a network the fuzzer drives.
 *
 * The input is a program. Its first bytes set both endpoints' options and
 * ISNs; then each step is an opcode and its arguments: deliver, drop,
 * duplicate or reorder the segments each side has sent, inject an arbitrary
 * segment (flags, options, payload length, seq/ack as offsets from the
 * receiver's variables, or raw), make a socket call on either side, or let
 * time pass and fire timers. So the fuzzer reaches every state, with both
 * well-behaved and forged peers, and feeds each state arbitrary segments.
 *
 * After every step, both TCBs must pass synack_tcb_check_invariants, every
 * state change must follow RFC 9293's diagram from the state last reported,
 * no callback may come after `closed`, and what a TCB sends must make sense
 * (ports, a SYN only before synchronizing, payload within the MSS). */
#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "synack-tcb.h"

#define MS (G_GINT64_CONSTANT (1000000))
#define MAX_QUEUE 64
#define MAX_PAYLOAD 4096
#define PORT_A 40000
#define PORT_B 80

typedef struct
{
  SynackSegment seg;
  guint8       *payload;  /* payload_len bytes, or NULL */
} Packet;

typedef struct _Side Side;
struct _Side
{
  const char     *name;
  SynackTcb      *tcb;
  SynackTcbOptions options;
  SynackTcpState  state;       /* as the callbacks reported it */
  gboolean        closed;      /* `closed` came: free after the entry point */
  GArray         *out;         /* Packet: what it sent, not yet delivered */
  guint16         local_port;
  guint           reopened;
};

typedef struct
{
  Side    side[2];
  gint64  now;
  const guint8 *p;
  const guint8 *end;
} Net;

/* Enough for the largest send (255 * 37) and forged payload. */
static guint8 zeros[16384];
/* States the replayed inputs reached, for fuzz_replay_check(). */
static guint states_seen = 1u << SYNACK_TCP_CLOSED;
/* FUZZ_TCB_TRACE=1 prints every step and segment: for writing up a finding. */
static gboolean tracing;

/* FUZZ_TCB_SKIP="text|text" (local runs only, never in CI) ends an input
 * quietly when synack_tcb_check_invariants fails with a message holding one
 * of the texts: a bug already reported, so the fuzzer can look past it. */
static char **skip_texts;
static gboolean stop_input;

#define TRACE(...) G_STMT_START { if (tracing) g_printerr (__VA_ARGS__); } G_STMT_END

static void
trace_segment (const char          *what,
               const char          *who,
               const SynackSegment *seg)
{
  char flags[64];

  if (!tracing)
    return;
  g_printerr ("  %s %s: [%s] seq=%u ack=%u win=%u len=%u opts=%#x\n", who, what,
              synack_flags_to_string (seg->flags, flags, sizeof flags), seg->seq, seg->ack,
              seg->window, seg->payload_len, seg->options);
}

/* RFC 9293 figure 5, plus what the API adds: abort or a RST closes from
 * anywhere, a child returns to LISTEN on a RST, and segments that carry a
 * SYN-ACK or ACK together with a FIN may skip ESTABLISHED. */
static gboolean
transition_allowed (SynackTcpState from,
                    SynackTcpState to)
{
  static const guint allowed[SYNACK_TCP_N_STATES] = {
#define S(x) (1u << SYNACK_TCP_##x)
    [SYNACK_TCP_CLOSED] = S (LISTEN) | S (SYN_SENT),
    [SYNACK_TCP_LISTEN] = S (SYN_RECEIVED) | S (SYN_SENT) | S (CLOSED),
    [SYNACK_TCP_SYN_SENT] = S (SYN_RECEIVED) | S (ESTABLISHED) | S (CLOSE_WAIT) | S (CLOSED),
    [SYNACK_TCP_SYN_RECEIVED] = S (ESTABLISHED) | S (FIN_WAIT_1) | S (CLOSE_WAIT) | S (LISTEN)
                                | S (CLOSED),
    [SYNACK_TCP_ESTABLISHED] = S (FIN_WAIT_1) | S (CLOSE_WAIT) | S (CLOSED),
    [SYNACK_TCP_FIN_WAIT_1] = S (FIN_WAIT_2) | S (CLOSING) | S (TIME_WAIT) | S (CLOSED),
    [SYNACK_TCP_FIN_WAIT_2] = S (TIME_WAIT) | S (CLOSED),
    [SYNACK_TCP_CLOSE_WAIT] = S (LAST_ACK) | S (CLOSED),
    [SYNACK_TCP_CLOSING] = S (TIME_WAIT) | S (CLOSED),
    [SYNACK_TCP_LAST_ACK] = S (CLOSED),
    [SYNACK_TCP_TIME_WAIT] = S (SYN_RECEIVED) | S (CLOSED),
#undef S
  };

  FUZZ_CHECK (from < SYNACK_TCP_N_STATES && to < SYNACK_TCP_N_STATES);
  return (allowed[from] & (1u << to)) != 0;
}

static void
on_transmit (SynackTcb           *tcb,
             const SynackSegment *seg,
             const guint8        *payload,
             guint32              analysis,
             gpointer             user_data)
{
  Side *s = user_data;
  Packet pkt = { *seg, NULL };

  trace_segment ("sends", s->name, seg);
  FUZZ_CHECK (!s->closed);
  FUZZ_CHECK (s->tcb == NULL || s->tcb == tcb);
  FUZZ_CHECK (seg->sport == s->local_port);
  FUZZ_CHECK (seg->payload_len <= MAX_PAYLOAD * 16);
  FUZZ_CHECK (seg->n_sack <= SYNACK_MAX_SACK_BLOCKS);
  FUZZ_CHECK (seg->payload_len == 0 || payload != NULL);
  /* A segment never carries more than the MSS in use. */
  if (!(seg->flags & SYNACK_FLAG_SYN))
    FUZZ_CHECK (seg->payload_len <= synack_tcb_get_mss (tcb));
  /* Only RST may go without ACK once synchronized. */
  if (s->state >= SYNACK_TCP_ESTABLISHED && !(seg->flags & SYNACK_FLAG_RST))
    FUZZ_CHECK (seg->flags & SYNACK_FLAG_ACK);

  if (s->out->len >= MAX_QUEUE)
    return;  /* the network's buffer is full: dropped */
  if (seg->payload_len > 0)
    pkt.payload = g_memdup2 (payload, MIN (seg->payload_len, MAX_PAYLOAD));
  if (seg->payload_len > MAX_PAYLOAD)
    pkt.seg.payload_len = MAX_PAYLOAD;  /* what we keep; the rest is "lost" */
  g_array_append_val (s->out, pkt);
}

static void
on_state_changed (SynackTcb       *tcb,
                  SynackTcpState   from,
                  SynackTcpState   to,
                  SynackCauseKind  cause,
                  gpointer         user_data)
{
  Side *s = user_data;

  FUZZ_CHECK (!s->closed);
  if (from != s->state || from == to || !transition_allowed (from, to))
    {
      g_printerr ("%s: state change %s -> %s, but the state was %s\n", s->name,
                  synack_tcp_state_to_string (from), synack_tcp_state_to_string (to),
                  synack_tcp_state_to_string (s->state));
      FUZZ_CHECK (!"a state change that RFC 9293 allows, from the current state");
    }
  TRACE ("  %s: %s -> %s\n", s->name, synack_tcp_state_to_string (from),
         synack_tcp_state_to_string (to));
  s->state = to;
  states_seen |= 1u << to;
}

static void
on_timer (SynackTcb         *tcb,
          SynackTimerKind    kind,
          SynackTimerAction  action,
          guint              count,
          gint64             due,
          gpointer           user_data)
{
  Side *s = user_data;

  FUZZ_CHECK (!s->closed);
}

static void
on_other (SynackTcb *tcb,
          gpointer   user_data)
{
  Side *s = user_data;

  FUZZ_CHECK (!s->closed);
}

static void
on_readable (SynackTcb    *tcb,
             const guint8 *data,
             gsize         len,
             gpointer      user_data)
{
  Side *s = user_data;

  FUZZ_CHECK (!s->closed);
  FUZZ_CHECK (len > 0 && data != NULL);
}

static void
on_error (SynackTcb       *tcb,
          int              errnum,
          SynackCauseKind  cause,
          gpointer         user_data)
{
  Side *s = user_data;

  FUZZ_CHECK (!s->closed);
  FUZZ_CHECK (errnum > 0);
}

static void
on_closed (SynackTcb *tcb,
           gpointer   user_data)
{
  Side *s = user_data;

  FUZZ_CHECK (!s->closed);
  FUZZ_CHECK (s->state == SYNACK_TCP_CLOSED || s->state == SYNACK_TCP_LISTEN);
  FUZZ_CHECK (synack_tcb_next_timer_due (tcb) == G_MAXINT64);
  s->closed = TRUE;
}

static const SynackTcbCallbacks callbacks = {
  .transmit = on_transmit,
  .state_changed = on_state_changed,
  .timer = on_timer,
  .connected = on_other,
  .accepted = on_other,
  .readable = on_readable,
  .eof = on_other,
  .writable = on_other,
  .error = on_error,
  .closed = on_closed,
};

/* ---- reading the program ---- */

static guint8
next8 (Net *n)
{
  return n->p < n->end ? *n->p++ : 0;
}

static guint16
next16 (Net *n)
{
  guint16 hi = next8 (n);

  return (guint16) (hi << 8 | next8 (n));
}

static guint32
next32 (Net *n)
{
  guint32 hi = next16 (n);

  return hi << 16 | next16 (n);
}

/* ---- the sides ---- */

static void
side_new_tcb (Side *s)
{
  s->tcb = synack_tcb_new (&s->options, &callbacks, s);
  s->state = SYNACK_TCP_CLOSED;
  s->closed = FALSE;
  FUZZ_CHECK (synack_tcb_get_state (s->tcb) == SYNACK_TCP_CLOSED);
}

static void
side_check (Side *s)
{
  g_autoptr(GError) error = NULL;

  if (s->tcb == NULL)
    return;
  if (synack_tcb_get_state (s->tcb) != s->state)
    {
      g_printerr ("%s: synack_tcb_get_state says %s, the callbacks said %s\n", s->name,
                  synack_tcp_state_to_string (synack_tcb_get_state (s->tcb)),
                  synack_tcp_state_to_string (s->state));
      FUZZ_CHECK (!"the state getter agrees with state_changed");
    }
  if (!synack_tcb_check_invariants (s->tcb, &error))
    {
      for (guint i = 0; skip_texts != NULL && skip_texts[i] != NULL; i++)
        if (skip_texts[i][0] != '\0' && strstr (error->message, skip_texts[i]) != NULL)
          {
            stop_input = TRUE;
            return;
          }
      g_printerr ("%s in %s: %s\n", s->name, synack_tcp_state_to_string (s->state),
                  error->message);
      FUZZ_CHECK (!"synack_tcb_check_invariants");
    }
  if (s->closed)
    {
      /* Free it, and start again in CLOSED so the program can go on. */
      synack_tcb_free (s->tcb);
      s->tcb = NULL;
      s->reopened++;
      if (s->reopened < 8)
        side_new_tcb (s);
    }
}

static void
packet_clear (gpointer p)
{
  g_free (((Packet *) p)->payload);
}

static void
deliver (Net    *n,
         Side   *to,
         Packet *pkt)
{
  /* The network demultiplexes: a segment to another port (an answer to a
   * forged one) goes nowhere. */
  if (to->tcb == NULL || pkt->seg.dport != to->local_port)
    return;
  trace_segment ("receives", to->name, &pkt->seg);
  synack_tcb_input (to->tcb, &pkt->seg, pkt->payload, n->now);
}

/* A forged segment for `to`, seq and ack near its variables (or raw). */
static void
inject (Net  *n,
        Side *to)
{
  SynackSegment seg = { 0 };
  SynackTcbVars vars;
  guint8 mode = next8 (n);
  gint16 dseq = (gint16) next16 (n);
  gint16 dack = (gint16) next16 (n);

  if (to->tcb == NULL)
    return;
  synack_tcb_get_vars (to->tcb, &vars);
  seg.sport = (mode & 0x80) ? next16 (n) : (to->local_port == PORT_A ? PORT_B : PORT_A);
  seg.dport = to->local_port;
  if (mode & 0x40)
    {
      seg.seq = next32 (n);
      seg.ack = next32 (n);
    }
  else
    {
      seg.seq = vars.rcv_nxt + (guint32) (gint32) dseq;
      seg.ack = vars.snd_una + (guint32) (gint32) dack;
    }
  seg.flags = next8 (n);
  seg.window = next16 (n);
  seg.urgent = (mode & 0x20) ? next16 (n) : 0;
  seg.options = next8 (n) & 0x1f;
  seg.mss = next16 (n);
  seg.wscale = next8 (n);
  seg.ts_val = next32 (n);
  seg.ts_ecr = next32 (n);
  if (seg.options & SYNACK_OPTION_SACK)
    {
      seg.n_sack = 1 + next8 (n) % SYNACK_MAX_SACK_BLOCKS;
      for (guint i = 0; i < seg.n_sack; i++)
        {
          seg.sack[i].left = vars.snd_una + (guint32) (gint32) (gint16) next16 (n);
          seg.sack[i].right = seg.sack[i].left + next16 (n);
        }
    }
  seg.payload_len = (mode & 0x10) ? next16 (n) % MAX_PAYLOAD : 0;
  trace_segment ("receives forged", to->name, &seg);
  synack_tcb_input (to->tcb, &seg, seg.payload_len ? zeros : NULL, n->now);
}

static void
advance (Net    *n,
         gint64  dt)
{
  n->now += dt;
  for (guint i = 0; i < 2; i++)
    {
      Side *s = &n->side[i];

      if (stop_input)
        return;
      if (s->tcb != NULL && synack_tcb_next_timer_due (s->tcb) <= n->now)
        {
          synack_tcb_on_timer (s->tcb, n->now);
          side_check (s);
        }
    }
}

static void
step (Net *n)
{
  guint8 op = next8 (n);
  Side *s = &n->side[op & 1];
  Side *peer = &n->side[!(op & 1)];
  guint8 arg;

  TRACE ("t=%.3f %s op %u\n", n->now / 1e9, s->name, (op >> 1) % 16);
  switch ((op >> 1) % 16)
    {
    case 0: /* deliver the oldest segment s sent */
    case 1:
    case 2:
      if (s->out->len > 0)
        {
          Packet pkt = g_array_index (s->out, Packet, 0);

          g_array_remove_index (s->out, 0);  /* no clear func: we own pkt now */
          deliver (n, peer, &pkt);
          g_free (pkt.payload);
        }
      break;
    case 3: /* drop it */
      if (s->out->len > 0)
        {
          g_free (g_array_index (s->out, Packet, 0).payload);
          g_array_remove_index (s->out, 0);
        }
      break;
    case 4: /* deliver a copy, keep the original */
      if (s->out->len > 0)
        deliver (n, peer, &g_array_index (s->out, Packet, 0));
      break;
    case 5: /* deliver a later one first */
      arg = next8 (n);
      if (s->out->len > 1)
        {
          guint i = 1 + arg % (s->out->len - 1);
          Packet pkt = g_array_index (s->out, Packet, i);

          g_array_remove_index (s->out, i);
          deliver (n, peer, &pkt);
          g_free (pkt.payload);
        }
      break;
    case 6: /* a forged segment */
    case 7:
      inject (n, s);
      break;
    case 8: /* open */
      arg = next8 (n);
      if (s->tcb != NULL)
        {
          if (arg & 1)
            synack_tcb_open_passive (s->tcb, s->local_port, n->now);
          else
            synack_tcb_open_active (s->tcb, s->local_port, peer->local_port, n->now);
        }
      break;
    case 9: /* send */
      arg = next8 (n);
      if (s->tcb != NULL)
        synack_tcb_send (s->tcb, zeros, (gsize) arg * 37, n->now);
      break;
    case 10: /* recv */
      arg = next8 (n);
      if (s->tcb != NULL)
        synack_tcb_recv (s->tcb, NULL, (gsize) arg * 53, n->now);
      break;
    case 11:
      if (s->tcb != NULL)
        synack_tcb_shutdown (s->tcb, n->now);
      break;
    case 12:
      arg = next8 (n);
      if (s->tcb != NULL)
        {
          if (arg < 16)
            synack_tcb_abort (s->tcb, n->now);
          else
            synack_tcb_close (s->tcb, n->now);
        }
      break;
    case 13: /* a little time */
      advance (n, (gint64) (next8 (n) + 1) * MS);
      break;
    case 14: /* a lot of time: up to the next timer, or hours */
      arg = next8 (n);
      if (arg < 128)
        {
          gint64 due = MIN (s->tcb ? synack_tcb_next_timer_due (s->tcb) : G_MAXINT64,
                            peer->tcb ? synack_tcb_next_timer_due (peer->tcb) : G_MAXINT64);

          if (due != G_MAXINT64 && due > n->now)
            advance (n, due - n->now);
          else
            advance (n, MS);
        }
      else
        advance (n, (gint64) (arg - 127) * 60 * 1000 * MS);
      break;
    case 15: /* run-time settings */
      arg = next8 (n);
      if (s->tcb != NULL)
        {
          if (arg & 1)
            synack_tcb_set_nagle (s->tcb, (arg & 2) != 0, n->now);
          else
            synack_tcb_set_keepalive (s->tcb, (arg & 2) != 0, (1 + (arg >> 2)) * 1000 * MS,
                                      1000 * MS, 1 + (arg >> 5), n->now);
        }
      break;
    }
  side_check (&n->side[0]);
  if (!stop_input)
    side_check (&n->side[1]);
}

static void
read_options (Net              *n,
              SynackTcbOptions *o)
{
  guint8 bits = next8 (n);
  guint8 more = next8 (n);

  if (bits & 0x80)
    synack_tcb_options_init_rfc (o);
  else
    synack_tcb_options_init_linux (o);
  /* ISNs a few bytes below 2^32 half of the time, so sequence numbers wrap. */
  o->isn = (bits & 0x40) ? 0xffffffffu - next8 (n) : next32 (n);
  o->sack = (bits & 1) != 0;
  o->timestamps = (bits & 2) != 0;
  o->nagle = (bits & 4) != 0;
  o->delayed_ack = (bits & 8) != 0;
  o->autoread = (bits & 16) != 0;
  o->keepalive = (bits & 32) != 0;
  o->wscale = (more & 15) > 14 ? -1 : (more & 15);
  o->mss = 64 + next16 (n) % 9000;
  /* Small buffers make windows close and persist timers run. */
  if (more & 16)
    {
      o->rcv_buf = 1 + next16 (n);
      o->snd_buf = 1 + next16 (n);
    }
  o->initial_cwnd = (more >> 5) & 3 ? (more >> 5) & 7 : 0;
  o->ts_offset = next32 (n);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  Net n = { 0 };
  guint steps = 0;

  tracing = g_getenv ("FUZZ_TCB_TRACE") != NULL;
  if (skip_texts == NULL && g_getenv ("FUZZ_TCB_SKIP") != NULL)
    skip_texts = g_strsplit (g_getenv ("FUZZ_TCB_SKIP"), "|", -1);
  stop_input = FALSE;
  n.p = data;
  n.end = data + size;
  n.now = 1000 * MS;
  for (guint i = 0; i < 2; i++)
    {
      Side *s = &n.side[i];

      s->name = i == 0 ? "A" : "B";
      s->local_port = i == 0 ? PORT_A : PORT_B;
      s->out = g_array_new (FALSE, FALSE, sizeof (Packet));
      read_options (&n, &s->options);
      side_new_tcb (s);
    }

  while (n.p < n.end && steps++ < 4096 && !stop_input)
    step (&n);

  for (guint i = 0; i < 2; i++)
    {
      Side *s = &n.side[i];

      if (s->tcb != NULL)
        synack_tcb_free (s->tcb);
      g_array_set_clear_func (s->out, packet_clear);
      g_array_unref (s->out);
    }
  return 0;
}

/* The corpus must keep feeding every state: a corpus that lost one (a change
 * of the program format, a pruned file) would test less without saying so. */
gboolean
fuzz_replay_check (void)
{
  gboolean ok = TRUE;

  for (guint st = 0; st < SYNACK_TCP_N_STATES; st++)
    if (!(states_seen & (1u << st)))
      {
        g_printerr ("fuzz-tcb: no input of the corpus reaches %s\n",
                    synack_tcp_state_to_string (st));
        ok = FALSE;
      }
  return ok;
}
