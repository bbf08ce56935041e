/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SynackServices: the engine on a TUN device, and what it runs there.
 *
 * It makes a SynackEngine on a main-loop clock with one host at the device's
 * engine address, whose packets go out through the device and come in from
 * it. On that host: listeners that run a demonstration service (echo,
 * discard, a one-line HTTP responder) and clients that connect to the
 * kernel, send N bytes and close or half-close after a delay. The engine
 * records its own endpoints into the trace; SynackServices adds the kernel's
 * endpoint states, inferred from the segments that cross the device, and
 * commits the trace once a batch. */
#pragma once

#include <glib-object.h>

#include "synack-engine.h"
#include "synack-trace.h"
#include "synack-tun.h"

G_BEGIN_DECLS

typedef enum
{
  SYNACK_SERVICE_ECHO,     /* sends back every byte (RFC 862) */
  SYNACK_SERVICE_DISCARD,  /* reads and drops every byte (RFC 863) */
  SYNACK_SERVICE_HTTP,     /* answers the first request line with one short
                            * HTTP/1.0 response, then closes */
} SynackServiceKind;

gboolean        synack_service_kind_from_string (const char        *name,
                                                 SynackServiceKind *kind);
const char     *synack_service_kind_to_string   (SynackServiceKind  kind);

/* What a client does once connected. */
typedef struct
{
  guint64  send_bytes;   /* bytes to send (a repeating pattern, see synack_services_pattern) */
  gint64   close_after;  /* ns to wait after the last byte is queued, then close */
  gboolean half_close;   /* shutdown instead of close, read to EOF, then close */
} SynackClientPlan;

/* Byte i of what clients send: a pattern a receiver can check. */
static inline guint8
synack_services_pattern (guint64 i)
{
  return (guint8) (i * 7 + (i >> 8));
}

#define SYNACK_TYPE_SERVICES (synack_services_get_type ())

G_DECLARE_FINAL_TYPE (SynackServices, synack_services, SYNACK, SERVICES, GObject)

/* Signals:
 *   connection-ended (guint conn)  the engine's endpoint of trace connection
 *                                   conn reached TIME-WAIT or CLOSED (the
 *                                   exchange is over), or the SYN was refused
 *   client-done (guint conn, int errnum, guint64 received)
 *                                   a client finished: it called close (errnum 0)
 *                                   or its connection failed (ECONNREFUSED,
 *                                   ECONNRESET, ETIMEDOUT); received is the bytes
 *                                   it read from the kernel
 * The trace is committed (::events-added) after every batch of packets and
 * every timer wake-up. (transfer none) for tun and trace: both are kept. */
SynackServices *synack_services_new            (SynackTun               *tun,
                                                SynackTrace             *trace,
                                                guint64                  seed);
/* Idle time after which the engine closes a served connection first
 * (0: never; the kernel is expected to close). */
void            synack_services_set_idle_close (SynackServices          *self,
                                                gint64                   idle);

/* How long the kernel's side is shown in TIME-WAIT before it is inferred
 * CLOSED (cause SYNACK_CAUSE_INFERRED): Linux's 60 s by default. */
void            synack_services_set_kernel_time_wait (SynackServices    *self,
                                                gint64                   duration);

gboolean        synack_services_listen         (SynackServices          *self,
                                                guint16                  port,
                                                SynackServiceKind        kind,
                                                GError                 **error);
/* Connect to the kernel side at address:port (address in the device's
 * prefix, usually the kernel's address). Returns the trace connection. */
guint           synack_services_connect        (SynackServices          *self,
                                                const SynackAddress     *address,
                                                guint16                  port,
                                                const SynackClientPlan  *plan,
                                                GError                 **error);

/* Connections that have ended, as ::connection-ended counts them. */
guint           synack_services_get_n_ended    (SynackServices          *self);
/* Bytes received / sent by served connections, over all of them. */
guint64         synack_services_get_bytes_in   (SynackServices          *self);
guint64         synack_services_get_bytes_out  (SynackServices          *self);
/* The engine's endpoint index (0 or 1) in trace connection conn. */
guint           synack_services_engine_endpoint (SynackServices         *self,
                                                guint                    conn);
/* Abort every open endpoint (RST to the kernel), e.g. on Ctrl-C. */
void            synack_services_abort_all      (SynackServices          *self);

G_END_DECLS
