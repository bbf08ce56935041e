/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SynackTcb: one TCP endpoint as a pure state machine (RFC 9293 section 3.10).
 *
 * Input is one thing at a time: a segment (synack_tcb_input), a socket call
 * (open, send, recv, shutdown, close, abort) or the passing of time
 * (synack_tcb_on_timer). Output goes through a SynackTcbCallbacks vtable:
 * the segments it sends, the states it moves through, its timers, its
 * variables and socket-level notifications. Time is passed in as `now`
 * (nanoseconds, any origin, never decreasing); the TCB never reads a clock.
 *
 * A plain struct, not a GObject: an engine holds tens of thousands. With
 * empty buffers a TCB takes well under 4 KiB; buffers are allocated when data
 * first needs them and freed when they drain.
 *
 * Sequence numbers: every comparison is modulo 2^32 (synack-seq.h), so any
 * ISN works, including ones a few bytes below 2^32.
 *
 * Callbacks may be NULL. They must not free the TCB; `closed` says when it
 * may be freed (after the callback returns, by the caller of the entry point
 * that caused it). Callbacks may call synack_tcb_send / recv / shutdown /
 * close on the same TCB only from `connected`, `accepted`, `readable`,
 * `writable` and `eof`; the TCB defers its own output until the callback
 * returns.
 *
 * Where it departs from the letter of RFC 9293, and why (each as Linux does):
 *  - a SYN repeated in SYN-RECEIVED (our SYN-ACK was lost) gets the SYN-ACK
 *    again rather than a bare ACK the peer in SYN-SENT would drop;
 *  - after a retransmission timeout it goes back to SND.UNA and sends the
 *    rest again as the (loss) window allows, so SND.NXT as reported may move
 *    back; pure ACKs and RSTs carry the highest sequence number sent;
 *  - a FIN goes out even into a zero window;
 *  - while the peer's window is zero, retransmissions are window probes and
 *    do not time out as long as the peer answers within rto_max;
 *  - keep-alive gives up with a RST, then ETIMEDOUT;
 *  - TIME-WAIT restarts on a retransmitted FIN (which the RFC's sequence
 *    test alone would only acknowledge).
 * Not implemented: urgent data, SACK-based loss recovery on the sending side
 * (it sends SACK blocks; it recovers NewReno style), FIN-WAIT-2 timeout for
 * orphaned sockets, RST on data arriving after close.
 *
 * Order of callbacks within one entry point: `timer` FIRED (for on_timer)
 * comes first, then `transmit`s, `state_changed`s, socket notifications and
 * `timer` ARMED/CANCELLED in the order they happen, then `vars` (once, if
 * any variable changed) and `closed` last. So an engine that records a timer event when it
 * sees FIRED knows which event a SYNACK_CAUSE_TIMER state change refers to.
 */
#pragma once

#include <glib.h>

#include "synack-segment.h"
#include "synack-tcp-state.h"
#include "synack-trace.h"

G_BEGIN_DECLS

typedef struct _SynackTcb SynackTcb;

/* Everything a TCB can be told before it opens. Fill with one of the preset
 * functions, then change what the scenario sets. Times in nanoseconds. */
typedef struct
{
  guint32  isn;                 /* initial send sequence number; given by the caller */
  guint16  mss;                 /* MSS we announce (largest segment we receive); 1460 */
  gint8    wscale;              /* shift we offer, 0..14, or -1 not to offer the option; 7 */
  gboolean sack;                /* offer SACK-permitted; TRUE */
  gboolean timestamps;          /* offer timestamps (RFC 7323); TRUE */
  gboolean nagle;               /* Nagle's algorithm (RFC 896); TRUE */
  gboolean delayed_ack;         /* RFC 1122 delayed ACK; TRUE */
  gboolean autoread;            /* in-order data is consumed at once (never shrinks the
                                 * window); FALSE: it waits in the buffer for recv; TRUE */
  guint32  rcv_buf;             /* receive buffer, bytes: the most we ever advertise; 131072 */
  guint32  snd_buf;             /* send buffer, bytes: the most send() queues; 131072 */
  gint64   delayed_ack_timeout; /* below 500 ms (RFC 1122); 40 ms */
  gboolean keepalive;           /* SO_KEEPALIVE; FALSE */
  gint64   keepalive_idle;      /* 7200 s; at least 1 ms */
  gint64   keepalive_interval;  /* 75 s; at least 1 ms */
  guint    keepalive_probes;    /* unanswered probes before ETIMEDOUT; 9 */
  gint64   msl;                 /* TIME-WAIT lasts 2 * msl; 30 s */
  gint64   rto_initial;         /* RFC 6298 initial RTO; 1 s */
  gint64   rto_min;             /* Linux 200 ms, RFC 1 s */
  gint64   rto_max;             /* 120 s */
  guint    syn_retries;         /* SYN retransmissions before ETIMEDOUT; 6 */
  guint    synack_retries;      /* SYN-ACK retransmissions before giving up; 5 */
  guint    data_retries;        /* data/FIN retransmissions (and unanswered zero-window
                                 * probes) before ETIMEDOUT; 15 */
  guint    initial_cwnd;        /* IW in segments; 0 = RFC 5681's rule from SMSS; Linux 10 */
  guint32  ts_offset;           /* added to now in ms to make TSval */
} SynackTcbOptions;

/* Linux-like defaults (the values in the comments above; IW 10). */
void synack_tcb_options_init_linux (SynackTcbOptions *options);
/* RFC defaults: as Linux but min RTO 1 s, IW by RFC 5681 (initial_cwnd = 0),
 * delayed ACK timeout 200 ms. */
void synack_tcb_options_init_rfc   (SynackTcbOptions *options);

/* The variables the trace records (SYNACK_EVENT_VARS). Windows in bytes,
 * scaled. */
typedef struct
{
  guint32 snd_una;
  guint32 snd_nxt;
  guint32 snd_wnd;
  guint32 rcv_nxt;
  guint32 rcv_wnd;
  guint32 cwnd;
  guint32 ssthresh;
} SynackTcbVars;

/* Outputs. `cause` is SYNACK_CAUSE_SEGMENT when the segment given to
 * synack_tcb_input caused it, SYNACK_CAUSE_CALL for a socket call (open,
 * send, recv, shutdown, close, abort), SYNACK_CAUSE_TIMER for on_timer (the
 * timer whose FIRED callback came last). */
typedef struct
{
  /* A segment to put on the wire: ports, seq, ack, flags, window (raw, scaled
   * down), options and payload_len filled. payload holds payload_len bytes
   * (NULL when 0), valid during the call. analysis: SynackAnalysis bits the
   * TCB knows about its own segment (RETRANSMISSION, FAST_RETRANSMISSION,
   * KEEP_ALIVE, ZERO_WINDOW_PROBE, CHALLENGE_ACK, WINDOW_UPDATE,
   * DUPLICATE_ACK, ZERO_WINDOW, KEEP_ALIVE_ACK, ZERO_WINDOW_PROBE_ACK). */
  void (*transmit)      (SynackTcb           *tcb,
                         const SynackSegment *seg,
                         const guint8        *payload,
                         guint32              analysis,
                         gpointer             user_data);
  void (*state_changed) (SynackTcb           *tcb,
                         SynackTcpState       from,
                         SynackTcpState       to,
                         SynackCauseKind      cause,
                         gpointer             user_data);
  /* count: retransmission or probe number from 1 (0 for a first arming);
   * due: when an ARMED timer fires (absolute, same origin as now). */
  void (*timer)         (SynackTcb           *tcb,
                         SynackTimerKind      kind,
                         SynackTimerAction    action,
                         guint                count,
                         gint64               due,
                         gpointer             user_data);
  void (*vars)          (SynackTcb           *tcb,
                         const SynackTcbVars *vars,
                         gpointer             user_data);
  /* An active open reached ESTABLISHED: connect() returns. */
  void (*connected)     (SynackTcb           *tcb,
                         gpointer             user_data);
  /* A passive open (LISTEN -> SYN-RECEIVED -> ESTABLISHED) is complete:
   * accept() would return this TCB. */
  void (*accepted)      (SynackTcb           *tcb,
                         gpointer             user_data);
  /* New in-order bytes. With autoread they are already consumed (data is
   * valid during the call only); without it they wait for recv and data is
   * a read-only view of them. */
  void (*readable)      (SynackTcb           *tcb,
                         const guint8        *data,
                         gsize                len,
                         gpointer             user_data);
  /* The peer's FIN arrived in order: recv returns 0 once the buffer drains. */
  void (*eof)           (SynackTcb           *tcb,
                         gpointer             user_data);
  /* Send-buffer space freed after send() had filled it (or returned short). */
  void (*writable)      (SynackTcb           *tcb,
                         gpointer             user_data);
  /* The connection failed: ECONNREFUSED (RST to our SYN), ECONNRESET (RST
   * in a synchronized state), ETIMEDOUT (retries or keep-alive exhausted). */
  void (*error)         (SynackTcb           *tcb,
                         int                  errnum,
                         SynackCauseKind      cause,
                         gpointer             user_data);
  /* The TCB is finished: it reached CLOSED, or it is a child made by
   * synack_tcb_new_from_listen that returned to LISTEN on a RST. It sends
   * nothing more and has no timers; the caller may free it. In-order data
   * not yet read stays readable with recv until then (unless the connection
   * failed or close was called). */
  void (*closed)        (SynackTcb           *tcb,
                         gpointer             user_data);
} SynackTcbCallbacks;

/* A TCB in CLOSED. options and callbacks are copied. (transfer full) */
SynackTcb      *synack_tcb_new               (const SynackTcbOptions   *options,
                                              const SynackTcbCallbacks *callbacks,
                                              gpointer                  user_data);
void            synack_tcb_free              (SynackTcb                *tcb);
void            synack_tcb_set_callbacks     (SynackTcb                *tcb,
                                              const SynackTcbCallbacks *callbacks,
                                              gpointer                  user_data);

/* ---- listeners with a backlog ----
 * RFC style, a LISTEN TCB given a SYN by synack_tcb_input becomes
 * SYN-RECEIVED itself. An engine with a backlog keeps the listener and
 * spawns a child per SYN instead:
 *
 *   if (synack_tcb_get_state (listener) == SYNACK_TCP_LISTEN
 *       && synack_tcb_listen_wants_child (seg))
 *     {
 *       child = synack_tcb_new_from_listen (listener, isn, &cbs, data);
 *       synack_tcb_input (child, seg, payload, now);   // LISTEN -> SYN-RECEIVED
 *     }
 *   else
 *     synack_tcb_input (listener, seg, payload, now);  // RST ignored, ACK -> RST
 *
 * The child is born in LISTEN (no state_changed for its birth: record its
 * initial state as LISTEN), so its path reads LISTEN -> SYN-RECEIVED ->
 * ESTABLISHED, and `accepted` fires when it gets there. A RST in its
 * SYN-RECEIVED moves it back to LISTEN (state_changed SYN-RECEIVED ->
 * LISTEN) and then `closed`: drop the child, the listener stays. */
gboolean        synack_tcb_listen_wants_child (const SynackSegment     *seg);
/* A child in LISTEN with the listener's options and local port, and the
 * given ISN. (transfer full) */
SynackTcb      *synack_tcb_new_from_listen   (SynackTcb                *listener,
                                              guint32                   isn,
                                              const SynackTcbCallbacks *callbacks,
                                              gpointer                  user_data);
/* TRUE for a TCB made by synack_tcb_new_from_listen. */
gboolean        synack_tcb_is_child          (SynackTcb                *tcb);

/* ---- socket calls ----
 * They return 0 (or a byte count) on success and a negative errno on
 * failure, the values a trace call event records. */

/* connect(): CLOSED -> SYN-SENT, sends the SYN. -EISCONN unless CLOSED. */
int             synack_tcb_open_active       (SynackTcb                *tcb,
                                              guint16                   local_port,
                                              guint16                   remote_port,
                                              gint64                    now);
/* listen(): CLOSED -> LISTEN. -EISCONN unless CLOSED. */
int             synack_tcb_open_passive      (SynackTcb                *tcb,
                                              guint16                   local_port,
                                              gint64                    now);
/* Queue up to len bytes (data NULL: zero bytes) and send what the windows,
 * Nagle and congestion control allow. Returns the bytes queued (fewer when
 * the send buffer fills; `writable` follows when half of it is free again),
 * -EAGAIN when it is full, -EPIPE after
 * shutdown/close or once the connection failed, -ENOTCONN in CLOSED or
 * LISTEN. In SYN-SENT/SYN-RECEIVED data is queued until ESTABLISHED. */
gssize          synack_tcb_send              (SynackTcb                *tcb,
                                              const guint8             *data,
                                              gsize                     len,
                                              gint64                    now);
/* Take up to len in-order bytes into buf (buf NULL: discard them). Returns
 * the count, 0 at EOF (peer's FIN read, buffer empty), -EAGAIN when nothing
 * is there yet, -ENOTCONN in CLOSED/LISTEN/SYN-SENT, -ECONNRESET after a
 * reset. Opening the window may send a window update. With autoread the
 * buffer is always empty. */
gssize          synack_tcb_recv              (SynackTcb                *tcb,
                                              guint8                   *buf,
                                              gsize                     len,
                                              gint64                    now);
/* shutdown(SHUT_WR): a FIN after the queued data. ESTABLISHED -> FIN-WAIT-1,
 * CLOSE-WAIT -> LAST-ACK, SYN-RECEIVED -> FIN-WAIT-1 (RFC 9293 3.10.4);
 * in SYN-SENT the FIN waits for ESTABLISHED. -ENOTCONN in CLOSED/LISTEN. */
int             synack_tcb_shutdown          (SynackTcb                *tcb,
                                              gint64                    now);
/* close(): shutdown, and no more reading (later data is discarded).
 * LISTEN and SYN-SENT go straight to CLOSED. */
int             synack_tcb_close             (SynackTcb                *tcb,
                                              gint64                    now);
/* abort(): RST to the peer in SYN-RECEIVED and synchronized states, then
 * CLOSED (RFC 9293 3.10.5). */
int             synack_tcb_abort             (SynackTcb                *tcb,
                                              gint64                    now);

/* ---- segments and time ---- */

/* Process one segment addressed to this TCB (the caller demultiplexes on
 * the 4-tuple). payload holds seg->payload_len bytes, or NULL for zeros. */
void            synack_tcb_input             (SynackTcb                *tcb,
                                              const SynackSegment      *seg,
                                              const guint8             *payload,
                                              gint64                    now);
/* The earliest pending timer, or G_MAXINT64 when none. */
gint64          synack_tcb_next_timer_due    (SynackTcb                *tcb);
/* Fire every timer due at or before now, in time order. */
void            synack_tcb_on_timer          (SynackTcb                *tcb,
                                              gint64                    now);

/* RFC 9293 3.10.7.1 / 3.5.2: the reply to a segment for which no TCB exists.
 * Fills rst (ports swapped) and returns TRUE, or returns FALSE when nothing
 * is to be sent (the segment is itself a RST). */
gboolean        synack_tcb_reset_for         (const SynackSegment      *seg,
                                              SynackSegment            *rst);

/* ---- run-time settings ---- */
void            synack_tcb_set_nagle         (SynackTcb                *tcb,
                                              gboolean                  nagle,
                                              gint64                    now);
/* SO_KEEPALIVE and its times; an idle, interval or probe count of 0 (or
 * less) keeps the current one. */
void            synack_tcb_set_keepalive     (SynackTcb                *tcb,
                                              gboolean                  enabled,
                                              gint64                    idle,
                                              gint64                    interval,
                                              guint                     probes,
                                              gint64                    now);

/* ---- getters ---- */
SynackTcpState  synack_tcb_get_state         (SynackTcb                *tcb);
void            synack_tcb_get_vars          (SynackTcb                *tcb,
                                              SynackTcbVars            *vars);
const SynackTcbOptions *synack_tcb_get_options (SynackTcb              *tcb);
guint16         synack_tcb_get_local_port    (SynackTcb                *tcb);
guint16         synack_tcb_get_remote_port   (SynackTcb                *tcb);
guint32         synack_tcb_get_isn           (SynackTcb                *tcb);
/* Sender MSS in use: min(peer's MSS or 536, ours), less 12 with timestamps. */
guint           synack_tcb_get_mss           (SynackTcb                *tcb);
/* Negotiated shifts, -1 when window scaling is off (before the handshake:
 * what we offered / -1). */
gint            synack_tcb_get_snd_wscale    (SynackTcb                *tcb);
gint            synack_tcb_get_rcv_wscale    (SynackTcb                *tcb);
gboolean        synack_tcb_sack_enabled      (SynackTcb                *tcb);
gboolean        synack_tcb_timestamps_enabled (SynackTcb               *tcb);
/* RFC 6298 estimator; srtt and rttvar are 0 before the first sample. */
gint64          synack_tcb_get_rto           (SynackTcb                *tcb);
gint64          synack_tcb_get_srtt          (SynackTcb                *tcb);
gint64          synack_tcb_get_rttvar        (SynackTcb                *tcb);
/* Bytes queued by send and not yet acknowledged (sent or not). */
gsize           synack_tcb_get_send_queued   (SynackTcb                *tcb);
/* Bytes free in the send buffer. */
gsize           synack_tcb_get_send_space    (SynackTcb                *tcb);
/* In-order bytes waiting for recv. */
gsize           synack_tcb_get_recv_queued   (SynackTcb                *tcb);
/* The errno the connection failed with (ECONNRESET, ...), or 0. */
int             synack_tcb_get_error         (SynackTcb                *tcb);
/* The peer's FIN has been received in order. */
gboolean        synack_tcb_peer_closed       (SynackTcb                *tcb);
/* Heap bytes this TCB holds now: the struct plus its buffers as allocated
 * (buffers exist only while they hold data). */
gsize           synack_tcb_get_memory        (SynackTcb                *tcb);

/* Check the TCB's internal consistency (SND.UNA <= SND.NXT <= SND.MAX,
 * windows within their bounds, buffer accounting, reassembly ranges inside
 * the window, timers matching the state). FALSE with an error saying which
 * rule broke and the values. */
gboolean        synack_tcb_check_invariants  (SynackTcb                *tcb,
                                              GError                  **error);

G_END_DECLS
