/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SynackTrace: the one append-only record of what happened. */
#pragma once

#include <glib-object.h>

#include "synack-segment.h"
#include "synack-tcp-state.h"

G_BEGIN_DECLS

/* Times are nanoseconds from the trace's origin (the first event of a
 * capture, or virtual time zero of the engine). */
#define SYNACK_NSEC_PER_SEC G_GINT64_CONSTANT (1000000000)
#define SYNACK_TIME_NONE    G_MININT64

typedef enum
{
  SYNACK_EVENT_SEGMENT,
  SYNACK_EVENT_STATE,
  SYNACK_EVENT_CALL,
  SYNACK_EVENT_TIMER,
  SYNACK_EVENT_VARS,    /* a snapshot of an endpoint's send/receive variables */
} SynackEventKind;

typedef enum
{
  SYNACK_FATE_CAPTURED,    /* seen in a capture */
  SYNACK_FATE_DELIVERED,   /* carried by the engine's link */
  SYNACK_FATE_LOST,        /* dropped by the link */
  SYNACK_FATE_DUPLICATED,  /* an extra copy made by the link */
  SYNACK_FATE_HOST_DOWN,   /* sent to a host that has crashed: nobody there to take it */
} SynackFate;

/* Analysis flags, Wireshark's where Wireshark has one. */
typedef enum
{
  SYNACK_ANALYSIS_RETRANSMISSION          = 1 << 0,
  SYNACK_ANALYSIS_FAST_RETRANSMISSION     = 1 << 1,
  SYNACK_ANALYSIS_SPURIOUS_RETRANSMISSION = 1 << 2,
  SYNACK_ANALYSIS_OUT_OF_ORDER            = 1 << 3,
  SYNACK_ANALYSIS_LOST_SEGMENT            = 1 << 4,
  SYNACK_ANALYSIS_ACK_LOST_SEGMENT        = 1 << 5,
  SYNACK_ANALYSIS_DUPLICATE_ACK           = 1 << 6,
  SYNACK_ANALYSIS_ZERO_WINDOW             = 1 << 7,
  SYNACK_ANALYSIS_ZERO_WINDOW_PROBE       = 1 << 8,
  SYNACK_ANALYSIS_ZERO_WINDOW_PROBE_ACK   = 1 << 9,
  SYNACK_ANALYSIS_KEEP_ALIVE              = 1 << 10,
  SYNACK_ANALYSIS_KEEP_ALIVE_ACK          = 1 << 11,
  SYNACK_ANALYSIS_WINDOW_UPDATE           = 1 << 12,
  SYNACK_ANALYSIS_WINDOW_FULL             = 1 << 13,
  SYNACK_ANALYSIS_REUSED_PORTS            = 1 << 14,
  SYNACK_ANALYSIS_CHALLENGE_ACK           = 1 << 15,
  SYNACK_ANALYSIS_BAD_CHECKSUM            = 1 << 16,
  /* Synack's own: the ACK an endpoint in TIME-WAIT sends again when its
   * peer's FIN comes again (its first ACK of the FIN was lost): what
   * TIME-WAIT is for. Wireshark calls it a duplicate ACK. */
  SYNACK_ANALYSIS_TIME_WAIT_ACK           = 1 << 17,
  /* The TCP options are malformed (a length past the header, or below 2):
   * the segment is kept, as Wireshark keeps it, with its options unread. */
  SYNACK_ANALYSIS_BAD_OPTIONS             = 1 << 18,
  SYNACK_ANALYSIS_N_FLAGS                 = 19,
} SynackAnalysis;

typedef enum
{
  SYNACK_CALL_LISTEN,
  SYNACK_CALL_CONNECT,
  SYNACK_CALL_ACCEPT_RETURNS,
  SYNACK_CALL_CONNECT_RETURNS,
  SYNACK_CALL_SEND,
  SYNACK_CALL_RECV,
  SYNACK_CALL_SHUTDOWN,
  SYNACK_CALL_CLOSE,
  SYNACK_CALL_ABORT,
  SYNACK_CALL_CRASH,      /* the host vanished: no FIN, no RST, no more answers */
  SYNACK_CALL_SOCKET,     /* socket(): a descriptor, no connection yet */
  SYNACK_CALL_BIND,       /* bind() to the local port in arg */
  SYNACK_CALL_ACCEPT,     /* accept() called on the listener: it blocks until a connection is ready */
  SYNACK_CALL_N_KINDS
} SynackCallKind;

typedef enum
{
  SYNACK_TIMER_RETRANSMISSION,
  SYNACK_TIMER_PERSIST,
  SYNACK_TIMER_KEEPALIVE,
  SYNACK_TIMER_DELAYED_ACK,
  SYNACK_TIMER_TIME_WAIT,
  SYNACK_TIMER_N_KINDS
} SynackTimerKind;

typedef enum
{
  SYNACK_TIMER_ARMED,
  SYNACK_TIMER_FIRED,
  SYNACK_TIMER_CANCELLED,
} SynackTimerAction;

/* What moved an endpoint to a new state. */
typedef enum
{
  SYNACK_CAUSE_NONE,
  SYNACK_CAUSE_SEGMENT,   /* cause = event index of the segment */
  SYNACK_CAUSE_CALL,      /* cause = event index of the call */
  SYNACK_CAUSE_TIMER,     /* cause = event index of the timer event */
  SYNACK_CAUSE_INFERRED,  /* passive inference with no single segment (capture began mid-way) */
} SynackCauseKind;

/* One event, as synack_trace_read_event() copies it out: 48 bytes, plain data.
 * The trace keeps most events packed into 32 bytes (see synack-trace.c);
 * this is the whole of one. */
typedef struct
{
  gint64  time;       /* ns from the origin; for segments, the send (or capture) time */
  guint32 conn;       /* connection index */
  guint8  kind;       /* SynackEventKind */
  guint8  endpoint;   /* 0 (client) or 1 (server); for segments, the sender */
  guint16 reserved;   /* private to the trace */
  union
  {
    struct
    {
      guint32 seq;
      guint32 ack;
      guint32 len;        /* payload bytes */
      guint16 window;     /* raw header field */
      guint8  flags;      /* SynackFlags */
      guint8  fate;       /* SynackFate */
      guint32 analysis;   /* SynackAnalysis bits */
      guint32 options;    /* index into the option table, or G_MAXUINT32 */
      gint64  arrive;     /* arrival time (engine), or SYNACK_TIME_NONE */
    } segment;
    struct
    {
      guint8  from;       /* SynackTcpState */
      guint8  to;
      guint8  cause_kind; /* SynackCauseKind */
      guint8  flags;      /* SynackStateFlags */
      guint32 cause;      /* event index, per cause_kind */
    } state;
    struct
    {
      guint8  call;       /* SynackCallKind */
      guint8  reserved[3];
      gint32  result;     /* 0, or an errno value (ECONNREFUSED, ETIMEDOUT, ...) */
      guint64 arg;        /* bytes for send/recv (recv of 0 with result 0: end of
                           * stream, the peer's FIN), the port for listen, bind,
                           * accept and connect */
    } call;
    struct
    {
      guint8  timer;      /* SynackTimerKind */
      guint8  action;     /* SynackTimerAction */
      guint16 reserved;
      guint32 count;      /* retransmission or probe number, from 1 */
      gint64  due;        /* when an armed timer fires */
    } timer;
    struct
    {
      guint32 snd_una;
      guint32 snd_nxt;
      guint32 snd_wnd;    /* scaled, in bytes */
      guint32 rcv_nxt;
      guint32 rcv_wnd;    /* scaled, in bytes */
      guint32 cwnd;
      guint32 ssthresh;
    } vars;
  };
} SynackEvent;

G_STATIC_ASSERT (sizeof (SynackEvent) == 48);

typedef enum
{
  SYNACK_CONNECTION_HAVE_ISN_0  = 1 << 0,  /* isn[0] is known (from a SYN, or first seen) */
  SYNACK_CONNECTION_HAVE_ISN_1  = 1 << 1,
  SYNACK_CONNECTION_MIDSTREAM   = 1 << 2,  /* the capture began after the handshake */
  SYNACK_CONNECTION_SYN_SEEN    = 1 << 3,
  SYNACK_CONNECTION_ISN_FROM_SYN_0 = 1 << 4,
  SYNACK_CONNECTION_ISN_FROM_SYN_1 = 1 << 5,
  SYNACK_CONNECTION_FINISHED    = 1 << 6,  /* capture: both endpoints CLOSED or TIME-WAIT */
  /* Nothing the capture saw tells the endpoint's state before its first
   * state event (a server that never answered a SYN: not known to listen). */
  SYNACK_CONNECTION_INITIAL_UNKNOWN_0 = 1 << 7,
  SYNACK_CONNECTION_INITIAL_UNKNOWN_1 = 1 << 8,
  /* Let go to keep a live capture within its memory budget: its events,
   * addresses and numbers are gone (synack_trace_drop_connection()). */
  SYNACK_CONNECTION_DROPPED     = 1 << 9,
  /* Shown to the user: a memory budget lets go of it last, never while held. */
  SYNACK_CONNECTION_HELD        = 1 << 10,
} SynackConnectionFlags;

/* What a state event says about itself. */
typedef enum
{
  /* Inferred across segments the capture missed: the endpoint must have
   * been in this state (later segments show it), but no captured segment
   * moved it there. Views draw such a span differently. */
  SYNACK_STATE_INFERRED  = 1 << 0,
  /* Withdrawn by a later segment: the change never happened (a FIN sent
   * again shows its sender never got the ACK that would have closed it).
   * Its span is gone; from and to are the state it stayed in. */
  SYNACK_STATE_RETRACTED = 1 << 1,
} SynackStateFlags;

/* A connection: two endpoints, 0 the client (initiator) and 1 the server. */
typedef struct
{
  guint32        index;
  guint32        flags;          /* SynackConnectionFlags */
  SynackAddress  addr[2];
  guint16        port[2];
  guint32        isn[2];         /* for relative sequence numbers */
  gint8          wscale[2];      /* negotiated shift, or -1 when window scaling is off */
  guint8         initial_state[2];
  const char    *name[2];        /* interned role names ("client", "server"), or NULL */
  char           summary[8];     /* Zeek conn_state, "" while unknown */
  gint64         start;
  gint64         end;
  guint32        n_segments;
  guint32        n_events;
  /* private: per-connection indexes, use the query functions */
  gpointer       _events;        /* n_events guint32 event indices */
  gpointer       _states[2];     /* state spans */
  guint32        _n_states[2];
} SynackConnection;

typedef enum
{
  SYNACK_TRACE_SOURCE_NONE,
  SYNACK_TRACE_SOURCE_ENGINE,    /* the built-in engine on the loopback tap */
  SYNACK_TRACE_SOURCE_TUN,       /* the engine on a TUN device */
  SYNACK_TRACE_SOURCE_FILE,      /* a capture file */
  SYNACK_TRACE_SOURCE_LIVE,      /* a live capture */
} SynackTraceSource;

#define SYNACK_TYPE_TRACE (synack_trace_get_type ())

G_DECLARE_FINAL_TYPE (SynackTrace, synack_trace, SYNACK, TRACE, GObject)

SynackTrace            *synack_trace_new                 (SynackTraceSource  source);

SynackTraceSource       synack_trace_get_source          (SynackTrace       *self);
const char             *synack_trace_get_title           (SynackTrace       *self);
void                    synack_trace_set_title           (SynackTrace       *self,
                                                          const char        *title);
const char             *synack_trace_get_description     (SynackTrace       *self);
void                    synack_trace_set_description     (SynackTrace       *self,
                                                          const char        *description);
/* Wall-clock time of the origin, in ns since the epoch (0 for the engine). */
gint64                  synack_trace_get_origin          (SynackTrace       *self);
void                    synack_trace_set_origin          (SynackTrace       *self,
                                                          gint64             epoch_ns);
gboolean                synack_trace_is_live             (SynackTrace       *self);
/* A live trace may still grow; set FALSE when its source stops. */
void                    synack_trace_set_live            (SynackTrace       *self,
                                                          gboolean           live);

/* ---- reading ---- */
guint                   synack_trace_get_n_events        (SynackTrace       *self);
guint                   synack_trace_get_n_segments      (SynackTrace       *self);
/* Copies the whole event at index into *event, which the caller owns (most
 * events are kept packed: this unpacks one). FALSE, leaving *event as it
 * was, when index is past the last event. */
gboolean                synack_trace_read_event          (SynackTrace       *self,
                                                          guint              index,
                                                          SynackEvent       *event);
/* One field of an event, read without unpacking the rest. */
SynackEventKind         synack_trace_get_event_kind      (SynackTrace       *self,
                                                          guint              index);
gint64                  synack_trace_get_event_time      (SynackTrace       *self,
                                                          guint              index);
guint                   synack_trace_get_n_connections   (SynackTrace       *self);
const SynackConnection *synack_trace_get_connection      (SynackTrace       *self,
                                                          guint              conn);
/* Time of the first and the last event (0 and 0 when empty). */
gint64                  synack_trace_get_start_time      (SynackTrace       *self);
gint64                  synack_trace_get_end_time        (SynackTrace       *self);

/* The whole segment of a segment event: header fields, options and ports. */
void                    synack_trace_get_segment         (SynackTrace       *self,
                                                          guint              index,
                                                          SynackSegment     *seg);
/* The receiver's window in bytes, with window scaling applied when negotiated. */
guint32                 synack_trace_get_scaled_window   (SynackTrace       *self,
                                                          guint              index);
guint32                 synack_trace_relative_seq        (SynackTrace       *self,
                                                          guint              index);
guint32                 synack_trace_relative_ack        (SynackTrace       *self,
                                                          guint              index);

/* Index of the first event at or after time (n_events when none). O(log n). */
guint                   synack_trace_lower_bound         (SynackTrace       *self,
                                                          gint64             time);
/* State of an endpoint after every event at or before time. O(log n). */
SynackTcpState          synack_trace_state_at_time       (SynackTrace       *self,
                                                          guint              conn,
                                                          guint              endpoint,
                                                          gint64             time);
/* State of an endpoint after event index (and everything before it). O(log n). */
SynackTcpState          synack_trace_state_at_event      (SynackTrace       *self,
                                                          guint              conn,
                                                          guint              endpoint,
                                                          guint              index);
/* The state's name after event index (G_MAXUINT: after the last), as
 * synack_tcp_state_to_string(), or "UNKNOWN" while the endpoint's initial
 * state is not known (SYNACK_CONNECTION_INITIAL_UNKNOWN_*). */
const char             *synack_trace_state_name_at_event (SynackTrace       *self,
                                                          guint              conn,
                                                          guint              endpoint,
                                                          guint              index);
/* Where an endpoint's state changes: n spans; span i holds state from time
 * (inclusive) to the next span's time. Span 0 starts at G_MININT64. */
guint                   synack_trace_get_n_state_spans   (SynackTrace       *self,
                                                          guint              conn,
                                                          guint              endpoint);
void                    synack_trace_get_state_span      (SynackTrace       *self,
                                                          guint              conn,
                                                          guint              endpoint,
                                                          guint              span,
                                                          gint64            *time,
                                                          SynackTcpState    *state,
                                                          guint             *event_index);

/* A connection's events, in order: there are conn->n_events of them. */
guint                   synack_trace_conn_event          (SynackTrace       *self,
                                                          guint              conn,
                                                          guint              position);
/* The connection's events with t0 <= time < t1, as positions [*first, *last)
 * in the connection's list. O(log n). */
void                    synack_trace_conn_range          (SynackTrace       *self,
                                                          guint              conn,
                                                          gint64             t0,
                                                          gint64             t1,
                                                          guint             *first,
                                                          guint             *last);
/* Event indices of segments with t0 <= time < t1, of one connection or of
 * all when conn is G_MAXUINT. O(log n + k). (transfer full) */
GArray                 *synack_trace_segments_between    (SynackTrace       *self,
                                                          guint              conn,
                                                          gint64             t0,
                                                          gint64             t1);
/* The ordinal of a segment event among all segments ("segment 12"). O(log n). */
guint                   synack_trace_segment_ordinal     (SynackTrace       *self,
                                                          guint              index);
/* The number a user reads for a segment, the same in every view: for a
 * capture its frame number as Wireshark shows it (from 1), otherwise its
 * ordinal + 1. O(log n). */
guint64                 synack_trace_segment_number      (SynackTrace       *self,
                                                          guint              index);
/* Set the number of the segment just appended (captures: its frame). */
void                    synack_trace_set_segment_number  (SynackTrace       *self,
                                                          guint              index,
                                                          guint64            number);
/* The latest connection with this 4-tuple, either way round; *endpoint says
 * which side (a, pa) is. G_MAXUINT when none. */
guint                   synack_trace_find_connection     (SynackTrace         *self,
                                                          const SynackAddress *a,
                                                          guint16              pa,
                                                          const SynackAddress *b,
                                                          guint16              pb,
                                                          guint               *endpoint);

/* The latest state event of conn at or before event index position, of either
 * endpoint; G_MAXUINT when none. O(log n). */
guint                   synack_trace_last_state_change   (SynackTrace       *self,
                                                          guint              conn,
                                                          guint              position);
/* The latest segment event of conn at or before event index position;
 * G_MAXUINT when none. O(log n + the non-segment events walked back over). */
guint                   synack_trace_last_segment        (SynackTrace       *self,
                                                          guint              conn,
                                                          guint              position);

/* Which timers run at a point of a connection, however far back they were
 * armed (a TIME-WAIT armed thousands of events earlier, a two-hour keep-alive
 * idle). Slot endpoint * SYNACK_TIMER_N_KINDS + kind holds the event index of
 * the timer armed before connection position `position` and still running
 * there, or G_MAXUINT. The index is built a connection at a time on the first
 * query and extended as the trace grows; O(log n) after that. */
#define SYNACK_TRACE_TIMER_SLOTS (2 * SYNACK_TIMER_N_KINDS)
void                    synack_trace_timers_running_at   (SynackTrace       *self,
                                                          guint              conn,
                                                          guint              position,
                                                          guint              running[SYNACK_TRACE_TIMER_SLOTS]);

/* A new trace holding one connection of this one, with all its events in
 * order (a connection's event at position p is event p of the copy), its
 * addresses, numbers, states and summary: a finished connection shown while
 * the rest of its capture still loads. (transfer full) */
SynackTrace            *synack_trace_copy_connection     (SynackTrace       *self,
                                                          guint              conn);
/* Asks the processor for what appending an event of conn reads (a loader
 * calls it a few packets ahead); changes nothing. */
void                    synack_trace_prefetch_connection (SynackTrace       *self,
                                                          guint              conn);

/* ---- writing (main thread only) ---- */
guint                   synack_trace_add_connection      (SynackTrace         *self,
                                                          const SynackAddress *client,
                                                          guint16              client_port,
                                                          const SynackAddress *server,
                                                          guint16              server_port);
void                    synack_trace_set_endpoint        (SynackTrace         *self,
                                                          guint                conn,
                                                          guint                endpoint,
                                                          const SynackAddress *addr,
                                                          guint16              port);
void                    synack_trace_set_endpoint_name   (SynackTrace       *self,
                                                          guint              conn,
                                                          guint              endpoint,
                                                          const char        *name);
/* The state before the endpoint's first state event; may be changed until
 * that event is appended (inference learns late that a presumed listener
 * was closed). Clears the endpoint's SYNACK_CONNECTION_INITIAL_UNKNOWN_*. */
/* The tunnels a captured segment came in, outermost first ("VXLAN",
 * "GRE / ERSPAN"); NULL when it came plain. Set in the order segments are
 * appended. */
void                    synack_trace_set_segment_encapsulation (SynackTrace *self,
                                                                guint        event_index,
                                                                const char  *name);
const char             *synack_trace_get_segment_encapsulation (SynackTrace *self,
                                                                guint        event_index);
/* Sets SynackStateFlags on a state event (appended by this trace's owner). */
void                    synack_trace_set_state_flags     (SynackTrace       *self,
                                                          guint              event_index,
                                                          guint8             flags);
/* Withdraws the endpoint's last state change (SYNACK_STATE_RETRACTED): its
 * span is removed and the endpoint is back in the state before it. Returns
 * FALSE when the endpoint has no state change. */
gboolean                synack_trace_retract_state       (SynackTrace       *self,
                                                          guint              conn,
                                                          guint              endpoint);
void                    synack_trace_set_initial_state   (SynackTrace       *self,
                                                          guint              conn,
                                                          guint              endpoint,
                                                          SynackTcpState     state);
void                    synack_trace_set_isn             (SynackTrace       *self,
                                                          guint              conn,
                                                          guint              endpoint,
                                                          guint32            isn,
                                                          gboolean           from_syn);
void                    synack_trace_set_wscale          (SynackTrace       *self,
                                                          guint              conn,
                                                          gint               wscale_0,
                                                          gint               wscale_1);
void                    synack_trace_set_summary         (SynackTrace       *self,
                                                          guint              conn,
                                                          const char        *zeek_state);
void                    synack_trace_add_connection_flags (SynackTrace      *self,
                                                          guint              conn,
                                                          guint32            flags);

/* Appends keep time order: an event earlier than the last one is stored at
 * the last one's time. Each returns the new event's index. */
guint                   synack_trace_append_segment      (SynackTrace         *self,
                                                          gint64               time,
                                                          guint                conn,
                                                          guint                endpoint,
                                                          const SynackSegment *seg,
                                                          SynackFate           fate,
                                                          gint64               arrive,
                                                          guint32              analysis);
guint                   synack_trace_append_state        (SynackTrace       *self,
                                                          gint64             time,
                                                          guint              conn,
                                                          guint              endpoint,
                                                          SynackTcpState     to,
                                                          SynackCauseKind    cause_kind,
                                                          guint              cause);
guint                   synack_trace_append_call         (SynackTrace       *self,
                                                          gint64             time,
                                                          guint              conn,
                                                          guint              endpoint,
                                                          SynackCallKind     call,
                                                          guint64            arg,
                                                          gint               result);
guint                   synack_trace_append_timer        (SynackTrace       *self,
                                                          gint64             time,
                                                          guint              conn,
                                                          guint              endpoint,
                                                          SynackTimerKind    timer,
                                                          SynackTimerAction  action,
                                                          guint              count,
                                                          gint64             due);
guint                   synack_trace_append_vars         (SynackTrace       *self,
                                                          gint64             time,
                                                          guint              conn,
                                                          guint              endpoint,
                                                          guint32            snd_una,
                                                          guint32            snd_nxt,
                                                          guint32            snd_wnd,
                                                          guint32            rcv_nxt,
                                                          guint32            rcv_wnd,
                                                          guint32            cwnd,
                                                          guint32            ssthresh);
/* Emit ::events-added for everything appended since the last commit. Live
 * sources call it once a batch. */
void                    synack_trace_commit              (SynackTrace       *self);

/* ---- letting go: a live capture that runs all day ----
 *
 * A finished connection can be dropped: its events, per-connection indexes
 * and option records are freed while the capture goes on. Indices stay
 * stable: every other connection keeps its index and every kept event its
 * index, so views, the player and the connection list need only forget the
 * dropped ones. A dropped connection reads as an empty connection flagged
 * SYNACK_CONNECTION_DROPPED, with no events, no addresses and no state
 * changes; an event index of it reads as a harmless
 * event of some dropped connection at about its old time. Event storage is
 * reclaimed chunk by chunk: a chunk of 4,096 events is freed when all of it
 * is dropped, and kept as only its live records once half of it is. Only
 * main-thread writers may drop. */

/* Drops conn (not held, not already dropped; otherwise FALSE and nothing
 * changes). Call synack_trace_commit_drops() after a run of drops. */
gboolean                synack_trace_drop_connection     (SynackTrace       *self,
                                                          guint              conn);
/* Emits ::connections-dropped (guint n_dropped_since_last) when anything
 * was dropped since the last call. */
void                    synack_trace_commit_drops        (SynackTrace       *self);
guint                   synack_trace_get_n_dropped_connections (SynackTrace *self);
/* The segments (captured packets) the dropped connections held. */
guint64                 synack_trace_get_n_dropped_segments (SynackTrace    *self);
/* The connections not dropped, in index order: position 0 ..
 * n_kept - 1 gives a connection index. O(1). */
guint                   synack_trace_get_n_kept_connections (SynackTrace    *self);
guint                   synack_trace_get_kept_connection (SynackTrace       *self,
                                                          guint              position);
/* The position of conn among the kept ones, or G_MAXUINT when it was dropped. O(log n). */
guint                   synack_trace_get_kept_position   (SynackTrace       *self,
                                                          guint              conn);
/* Held connections (the one a window shows) are never dropped. */
void                    synack_trace_hold_connection     (SynackTrace       *self,
                                                          guint              conn,
                                                          gboolean           hold);
/* Bytes the trace holds, as allocated (the allocator's own rounding aside):
 * event records, indexes, option records and connections. O(1). */
guint64                 synack_trace_get_memory_size     (SynackTrace       *self);

/* ---- names ---- */
/* "retransmission", "challenge_ack": snake case as in the JSON lines. */
const char             *synack_analysis_name             (guint              bit_index);
/* A translated label ("Retransmission"). */
const char             *synack_analysis_label            (guint              bit_index);
const char             *synack_call_name                 (SynackCallKind     call);
const char             *synack_timer_name                (SynackTimerKind    timer);
const char             *synack_fate_name                 (SynackFate         fate);
/* "ECONNREFUSED" for the errno values socket calls return here, else NULL. */
const char             *synack_errno_name                (int                err);

G_END_DECLS
