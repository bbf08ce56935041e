/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SynackKernelWatch: every state change of this machine's TCP sockets, as
 * the kernel itself reports it.
 *
 * Two ways to learn them:
 * - the sock:inet_sock_set_state tracepoint, read through tracefs from a
 *   trace instance of our own: every change, exact to the microsecond, of
 *   every network namespace's sockets. It needs tracefs mounted (or
 *   CAP_SYS_ADMIN to mount it) and write access to it (root, or
 *   CAP_DAC_OVERRIDE). A socket that becomes a time-wait sock (FIN-WAIT-2
 *   held after close(), TIME-WAIT) leaves the tracepoint's sight: its further
 *   changes are followed with sock_diag, and reported as polled.
 * - sock_diag polling: the socket list is compared with the last one every
 *   interval. Needs no privilege, sees this network namespace only, and a
 *   state that lasts less than the interval may be missed entirely.
 *
 * Changes are delivered on the main context that was the thread-default
 * one when the watch started, in batches, by the ::changes signal. */
#pragma once

#include <glib-object.h>

#include "synack-segment.h"
#include "synack-tcp-state.h"

G_BEGIN_DECLS

typedef enum
{
  SYNACK_KERNEL_SOURCE_TRACEPOINT,
  SYNACK_KERNEL_SOURCE_POLL,
} SynackKernelSource;

typedef enum
{
  SYNACK_KERNEL_MODE_AUTO,        /* the tracepoint where it can be read, else polling
                                   * (and polling when SYNACK_KERNEL_POLL=1 is set) */
  SYNACK_KERNEL_MODE_TRACEPOINT,  /* the tracepoint or an error */
  SYNACK_KERNEL_MODE_POLL,        /* polling only */
} SynackKernelMode;

/* The default polling interval, milliseconds. */
#define SYNACK_KERNEL_POLL_INTERVAL_MS 100

/* One state change of one socket. A listener has the wildcard peer
 * (0.0.0.0:0 or [::]:0). Addresses are IPv4 when IPv4-mapped. */
typedef struct
{
  gint64        time;          /* ns since the epoch (CLOCK_REALTIME) */
  SynackAddress local;
  SynackAddress remote;
  guint16       local_port;
  guint16       remote_port;
  guint8        from;          /* SynackTcpState */
  guint8        to;
  guint8        source;        /* SynackKernelSource */
  guint8        in_process;    /* tracepoint: made in a process's context: by one of its calls,
                                * or for a packet the kernel handled as the process let go of
                                * the socket; not in an interrupt (a packet, a timer) */
  gint32        pid;           /* that process, when in_process */
  char          comm[16];
} SynackKernelChange;

/* "tracepoint" or "poll", as in the JSON records. */
const char *synack_kernel_source_name (SynackKernelSource source);

#define SYNACK_TYPE_KERNEL_WATCH (synack_kernel_watch_get_type ())

G_DECLARE_FINAL_TYPE (SynackKernelWatch, synack_kernel_watch, SYNACK, KERNEL_WATCH, GObject)

SynackKernelWatch  *synack_kernel_watch_new                 (SynackKernelMode    mode,
                                                             guint               poll_interval_ms);
/* The part that may need privilege: mount tracefs where it is not mounted,
 * make the trace instance, enable the tracepoint and open its pipe. Call it
 * before giving up capabilities; the rest needs none. In AUTO mode a
 * tracepoint that cannot be read is no error: the watch polls, and
 * get_fallback_reason() says why. */
gboolean            synack_kernel_watch_open                (SynackKernelWatch  *self,
                                                             GError            **error);
/* Start the worker thread (opens first when not yet open). */
gboolean            synack_kernel_watch_start               (SynackKernelWatch  *self,
                                                             GError            **error);
/* Stop the thread, disable the tracepoint and remove the trace instance. */
void                synack_kernel_watch_stop                (SynackKernelWatch  *self);
SynackKernelSource  synack_kernel_watch_get_source          (SynackKernelWatch  *self);
guint               synack_kernel_watch_get_poll_interval   (SynackKernelWatch  *self);
/* Why the tracepoint is not used (translated), or NULL when it is. */
const char         *synack_kernel_watch_get_fallback_reason (SynackKernelWatch  *self);
/* Changes the tracefs buffer dropped because they came faster than read. */
guint64             synack_kernel_watch_get_lost            (SynackKernelWatch  *self);

/* Parse one line of trace_pipe for sock:inet_sock_set_state (exposed for
 * tests). *mono_ns is the line's timestamp. FALSE for any other line. */
gboolean            synack_kernel_parse_trace_line          (const char         *line,
                                                             gint64             *mono_ns,
                                                             SynackKernelChange *change);

G_END_DECLS
