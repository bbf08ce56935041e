/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SynackMachine: this machine's TCP sockets as a source, the way a capture
 * is one. It lists the sockets (sock_diag, read again every second and soon
 * after each change) and writes every state change the kernel reports (a
 * SynackKernelWatch: the tracepoint, or polling) into a live SynackTrace:
 * one connection a socket, endpoint 0 the side that connected and 1 the
 * side that listened, both sides of a loopback connection in one. What
 * the kernel does not say (a remote peer's states) stays unknown. The
 * socket calls a state change gives away are written before it: connect()
 * (CLOSED -> SYN-SENT), listen() (CLOSED -> LISTEN), and close() or
 * shutdown() (the FIN of ESTABLISHED -> FIN-WAIT-1 or CLOSE-WAIT ->
 * LAST-ACK, a listener closing), told apart by whether a process still
 * holds the socket just after.
 *
 * Signals (on the main context it was made in):
 *   sockets-changed ()        the list was read again
 *   stopped (GError *error)   it stopped: by stop() (NULL), or because the
 *                             kernel's socket list could not be read */
#pragma once

#include <gio/gio.h>

#include "synack-kernel-watch.h"
#include "synack-sock-diag.h"
#include "synack-trace.h"

G_BEGIN_DECLS

/* Connections the trace takes at most; the sockets after that are listed
 * but not recorded (a note says so). */
#define SYNACK_MACHINE_MAX_CONNECTIONS 50000

typedef struct
{
  SynackSocketInfo info;
  char             key[112];      /* "local peer", as synack_machine_socket_key() */
  gint64           first_seen;    /* real time, µs: made, or first listed */
  gboolean         before_start;  /* listed when watching began: at least that old */
} SynackMachineSocket;

#define SYNACK_TYPE_MACHINE (synack_machine_get_type ())

G_DECLARE_FINAL_TYPE (SynackMachine, synack_machine, SYNACK, MACHINE, GObject)

/* Reads the list once (the error says why it cannot be read) and starts
 * watching with mode. */
SynackMachine      *synack_machine_new              (SynackKernelMode     mode,
                                                     GError             **error);
void                synack_machine_stop             (SynackMachine       *self);
gboolean            synack_machine_get_running      (SynackMachine       *self);
/* (transfer none) */
SynackTrace        *synack_machine_get_trace        (SynackMachine       *self);
/* (transfer none) */
SynackKernelWatch  *synack_machine_get_watch        (SynackMachine       *self);
/* How the states are learned, one translated sentence: the tracepoint, or
 * polling every N ms and what that may miss. */
const char         *synack_machine_get_source_text  (SynackMachine       *self);
/* A note about what was not recorded, or NULL. */
const char         *synack_machine_get_note         (SynackMachine       *self);
/* The sockets as last read, newest first. (transfer none): an array of
 * SynackMachineSocket, replaced on each read. */
GArray             *synack_machine_get_sockets      (SynackMachine       *self);
/* The connection of the socket with this key in the trace, made now when
 * the kernel has not reported a change of it yet (its state so far from
 * a time not known); *endpoint says which side it is. G_MAXUINT when no
 * such socket was ever seen. */
guint               synack_machine_follow           (SynackMachine       *self,
                                                     const char          *key,
                                                     guint               *endpoint);
/* The socket at this endpoint of a connection, as last read: FALSE when
 * the endpoint is not on this machine or the socket is gone. */
gboolean            synack_machine_get_socket       (SynackMachine       *self,
                                                     guint                conn,
                                                     guint                endpoint,
                                                     SynackMachineSocket *socket);
/* Read the list again now (tests; it is also read every second). */
void                synack_machine_refresh          (SynackMachine       *self);

/* "127.0.0.1:80 10.0.0.2:51000" into key (112 bytes). */
void                synack_machine_socket_key       (const SynackAddress *local,
                                                     guint16              local_port,
                                                     const SynackAddress *remote,
                                                     guint16              remote_port,
                                                     char                *key);
/* The socket call a change gives away, FALSE when it gives none; orphaned
 * says no process held the socket just after (close() rather than
 * shutdown()). */
gboolean            synack_machine_change_call      (const SynackKernelChange *change,
                                                     gboolean             orphaned,
                                                     SynackCallKind      *call);

G_END_DECLS
