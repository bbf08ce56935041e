/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SynackEngine: hosts with a socket API, their TCBs' timers on a clock, and
 * the record of everything in a SynackTrace.
 *
 * A host has a name (the scenario's actor), an address, default TCB options
 * and one way out: a SynackLink side (the loopback tap, between two hosts of
 * the same engine) or an output function (raw IP to a TUN device). Packets
 * come in through the link, or through synack_host_input_packet() /
 * synack_host_input_segment() from outside.
 *
 * Time: every entry point works at synack_clock_now(). After each one the
 * engine asks the clock to wake it at the next due timer, frame arrival or
 * alarm. A virtual clock is driven by synack_engine_run_until(); a main-loop
 * clock wakes the engine by itself.
 *
 * The trace (optional) gets, in order: every segment (at send time, with fate
 * and arrival), every state change with its cause, every socket call and
 * when it returns (connect returns on the SYN-ACK or fails on the RST; accept
 * returns on the handshake's final ACK), timers armed/fired/cancelled and the
 * endpoint variables after they change. Engine connections follow the
 * trace's convention: endpoint 0 is the client (the one that connected).
 */
#pragma once

#include <glib-object.h>

#include "synack-clock.h"
#include "synack-link.h"
#include "synack-tcb.h"
#include "synack-trace.h"

G_BEGIN_DECLS

typedef struct _SynackHost   SynackHost;
typedef struct _SynackSocket SynackSocket;

#define SYNACK_TYPE_ENGINE (synack_engine_get_type ())

G_DECLARE_FINAL_TYPE (SynackEngine, synack_engine, SYNACK, ENGINE, GObject)

/* What the application hears about a socket. All may be NULL. A listener's
 * handler is copied to the sockets it accepts. */
typedef struct
{
  /* connect() returned: the handshake completed. */
  void (*connected) (SynackSocket *socket, gpointer user_data);
  /* On a listener: a connection is ready for synack_socket_accept(). */
  void (*incoming)  (SynackSocket *listener, gpointer user_data);
  /* New in-order bytes; with autoread they are consumed already (data valid
   * during the call), otherwise they wait for synack_socket_recv(). */
  void (*readable)  (SynackSocket *socket, const guint8 *data, gsize len, gpointer user_data);
  /* The peer's FIN arrived. */
  void (*eof)       (SynackSocket *socket, gpointer user_data);
  void (*writable)  (SynackSocket *socket, gpointer user_data);
  /* connect() failed or the connection broke: ECONNREFUSED, ECONNRESET, ETIMEDOUT. */
  void (*error)     (SynackSocket *socket, int errnum, gpointer user_data);
  /* The connection reached CLOSED (after TIME-WAIT, a reset or a give-up). */
  void (*closed)    (SynackSocket *socket, gpointer user_data);
} SynackSocketHandler;

/* Raw way out for a host that is not on a link: one IP packet at a time. */
typedef void (*SynackHostOutputFunc) (SynackHost   *host,
                                      const guint8 *packet,
                                      gsize         len,
                                      gpointer      user_data);

typedef void (*SynackEngineAlarmFunc) (SynackEngine *engine,
                                       gpointer      user_data);

/* clock: the engine's time; trace: where to record, or NULL for none. The
 * seed chooses ISNs, ephemeral ports and the link's random faults. */
SynackEngine   *synack_engine_new              (SynackClock         *clock,
                                                SynackTrace         *trace,
                                                guint64              seed);
gint64          synack_engine_now              (SynackEngine        *self);

/* A host named name (the actor) at address. Owned by the engine. */
SynackHost     *synack_engine_add_host         (SynackEngine        *self,
                                                const char          *name,
                                                const SynackAddress *address);
SynackHost     *synack_engine_find_host        (SynackEngine        *self,
                                                const char          *name);
SynackHost     *synack_engine_find_host_by_address (SynackEngine    *self,
                                                const SynackAddress *address);
/* Join two hosts with a new link (side 0 = a, side 1 = b), seeded from the
 * engine's seed. Owned by the engine. */
SynackLink     *synack_engine_connect_hosts    (SynackEngine        *self,
                                                SynackHost          *a,
                                                SynackHost          *b);

/* Call func at time (clamped to now) on the engine's clock. */
void            synack_engine_add_alarm        (SynackEngine        *self,
                                                gint64               time,
                                                SynackEngineAlarmFunc func,
                                                gpointer             user_data);
/* Next due frame, timer or alarm, or G_MAXINT64. */
gint64          synack_engine_next_due         (SynackEngine        *self);
/* Process everything due at the clock's now (the clock's wake-up does it). */
void            synack_engine_process          (SynackEngine        *self);
/* Virtual clocks: run from due moment to due moment up to limit (ns), or
 * until nothing is left. Returns TRUE when nothing is left. */
gboolean        synack_engine_run_until        (SynackEngine        *self,
                                                gint64               limit);
/* The hang guard. Virtual time does not move while anything is due now,
 * so endpoints that answer each other at once for ever (a script with no
 * delay, say) would hang a run. When more than max_steps frame deliveries,
 * timer firings and alarms happen at one instant, the engine stops: nothing
 * more is processed, next_due says nothing is left, and get_stopped returns
 * why (SYNACK_ERROR_FAILED, naming the virtual time). 0 turns the guard off. */
#define SYNACK_ENGINE_INSTANT_LIMIT_DEFAULT 1000000
void            synack_engine_set_instant_limit (SynackEngine       *self,
                                                 guint               max_steps);
/* NULL while running normally. (transfer none) */
const GError   *synack_engine_get_stopped      (SynackEngine        *self);
/* Segments handed to TCBs so far (for benchmarks). */
guint64         synack_engine_get_n_segments   (SynackEngine        *self);
/* Fill in each trace connection's Zeek conn_state (synack_zeek_conn_state()
 * from app/capture/synack-infer.h) and commit the trace. */
void            synack_engine_finish_trace     (SynackEngine        *self);
/* Live use: commit the trace's new events (one batch). */
void            synack_engine_commit           (SynackEngine        *self);

/* ---- hosts ---- */
const SynackAddress *synack_host_get_address   (SynackHost          *host);
/* The options every new socket of the host starts with; change them before
 * listen/connect. isn: used when isn_fixed is set, else drawn from the seed. */
SynackTcbOptions *synack_host_get_options      (SynackHost          *host);
void            synack_host_set_fixed_isn      (SynackHost          *host,
                                                gboolean             fixed,
                                                guint32              isn);
void            synack_host_set_output         (SynackHost          *host,
                                                SynackHostOutputFunc func,
                                                gpointer             user_data);
/* A packet from outside (a TUN device): decoded, recorded as arrived now,
 * handed to the socket it belongs to. FALSE with an error when it is not a
 * TCP packet for this host. */
gboolean        synack_host_input_packet       (SynackHost          *host,
                                                const guint8        *packet,
                                                gsize                len,
                                                GError             **error);
void            synack_host_input_segment      (SynackHost          *host,
                                                const SynackAddress *src,
                                                const SynackAddress *dst,
                                                const SynackSegment *seg,
                                                const guint8        *payload);
/* Put a hand-made segment on the host's way out, as if the host had sent
 * it (a spoofed RST, a stray ACK); no TCB sees it. */
void            synack_host_inject             (SynackHost          *host,
                                                const SynackAddress *dst,
                                                const SynackSegment *seg,
                                                const guint8        *payload);
/* The host vanishes without a word: it sends nothing more, ignores what
 * arrives and its timers stop (a pulled cable, a crashed machine). */
void            synack_host_crash              (SynackHost          *host);
gboolean        synack_host_is_crashed         (SynackHost          *host);

/* ---- sockets ----
 * Calls return 0 or a byte count, or a negative errno (as the TCB). The
 * engine keeps a reference to a socket while its connection lives; the
 * caller's pointer is borrowed unless it takes a reference. */
SynackSocket   *synack_host_listen             (SynackHost          *host,
                                                guint16              port,
                                                guint                backlog,
                                                GError             **error);
/* connect() to remote:port from local port (0 picks an ephemeral one). The
 * call returns at once; `connected` or `error` follows. */
SynackSocket   *synack_host_connect            (SynackHost          *host,
                                                const SynackAddress *remote,
                                                guint16              remote_port,
                                                guint16              local_port,
                                                GError             **error);
/* The oldest established connection waiting on a listener, or NULL.
 * (transfer none) */
SynackSocket   *synack_socket_accept           (SynackSocket        *listener);
guint           synack_socket_get_n_pending    (SynackSocket        *listener);
gssize          synack_socket_send             (SynackSocket        *socket,
                                                const guint8        *data,
                                                gsize                len);
gssize          synack_socket_recv             (SynackSocket        *socket,
                                                guint8              *buf,
                                                gsize                len);
int             synack_socket_shutdown         (SynackSocket        *socket);
int             synack_socket_close            (SynackSocket        *socket);
int             synack_socket_abort            (SynackSocket        *socket);

void            synack_socket_set_handler      (SynackSocket        *socket,
                                                const SynackSocketHandler *handler,
                                                gpointer             user_data);
SynackSocket   *synack_socket_ref              (SynackSocket        *socket);
void            synack_socket_unref            (SynackSocket        *socket);
SynackHost     *synack_socket_get_host         (SynackSocket        *socket);
/* CLOSED once the TCB is gone. */
SynackTcpState  synack_socket_get_state        (SynackSocket        *socket);
/* The TCB, or NULL once the connection is over. (transfer none) */
SynackTcb      *synack_socket_get_tcb          (SynackSocket        *socket);
gboolean        synack_socket_is_listener      (SynackSocket        *socket);
guint16         synack_socket_get_local_port   (SynackSocket        *socket);
guint16         synack_socket_get_remote_port  (SynackSocket        *socket);
/* The trace connection and endpoint (0 client, 1 server), G_MAXUINT without. */
guint           synack_socket_get_trace_conn   (SynackSocket        *socket);
guint           synack_socket_get_trace_endpoint (SynackSocket      *socket);
/* The error the connection failed with, or 0. */
int             synack_socket_get_error        (SynackSocket        *socket);
/* Bytes received in order so far (read or not). */
guint64         synack_socket_get_bytes_received (SynackSocket      *socket);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SynackSocket, synack_socket_unref)

G_END_DECLS
