/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SynackTun: a Linux TUN device that carries raw IP packets between the
 * kernel and the engine, read and written from the GLib main loop. */
#pragma once

#include <glib-object.h>

#include "synack-segment.h"

G_BEGIN_DECLS

/* Which way a packet crossed the device. */
typedef enum
{
  SYNACK_TUN_FROM_KERNEL,  /* read from the device: the kernel sent it */
  SYNACK_TUN_TO_KERNEL,    /* written to the device: the engine (or the ICMP responder) sent it */
} SynackTunDirection;

/* Called for a TCP packet addressed to the engine; data is the whole IP
 * packet and is only valid during the call. */
typedef void (*SynackTunPacketFunc) (const guint8 *data,
                                     gsize         len,
                                     gpointer      user_data);

/* Called for every packet that crosses the device, either way, with the
 * wall-clock time in ns since the epoch (for a pcap). */
typedef void (*SynackTunTapFunc)    (SynackTunDirection direction,
                                     gint64             epoch_ns,
                                     const guint8      *data,
                                     gsize              len,
                                     gpointer           user_data);

#define SYNACK_TYPE_TUN (synack_tun_get_type ())

G_DECLARE_FINAL_TYPE (SynackTun, synack_tun, SYNACK, TUN, GObject)

/* Open /dev/net/tun (IFF_TUN | IFF_NO_PI, no offloads), name the interface
 * ifname, give the kernel's end kernel_addr with a peer route to
 * engine_addr/prefix, bring it up and start reading in the thread-default
 * main context. kernel_addr may be NULL: the first other host address of the
 * prefix. Fails with SYNACK_ERROR_PERMISSION without CAP_NET_ADMIN (message
 * from synack_tun_privilege_message()), SYNACK_ERROR_INVALID for bad
 * addresses, SYNACK_ERROR_FAILED otherwise. (transfer full) */
SynackTun      *synack_tun_new                 (const char          *ifname,
                                                const SynackAddress *engine_addr,
                                                guint                prefix,
                                                const SynackAddress *kernel_addr,
                                                GError             **error);

const char     *synack_tun_get_ifname          (SynackTun           *self);
guint           synack_tun_get_mtu             (SynackTun           *self);
const SynackAddress *synack_tun_get_engine_address (SynackTun       *self);
const SynackAddress *synack_tun_get_kernel_address (SynackTun       *self);

void            synack_tun_set_tcp_func        (SynackTun           *self,
                                                SynackTunPacketFunc  func,
                                                gpointer             user_data);
void            synack_tun_set_tap_func        (SynackTun           *self,
                                                SynackTunTapFunc     func,
                                                gpointer             user_data);

/* Write one raw IPv4 or IPv6 packet to the kernel. A full device queue drops
 * the packet (as a wire would) and returns TRUE; other failures set error. */
gboolean        synack_tun_send                (SynackTun           *self,
                                                const guint8        *data,
                                                gsize                len,
                                                GError             **error);

/* Read and handle every packet waiting on the device now (the main loop
 * does this by itself; a test may call it to drain). Returns how many. */
guint           synack_tun_poll                (SynackTun           *self);

/* Stop reading and close the device; the interface disappears. A read that
 * fails (other than "try again") does the same and emits
 *   read-failed (GError *error)   what failed, naming the device. */
void            synack_tun_close               (SynackTun           *self);

/* Counters, for the CLI's summary and for tests. */
guint64         synack_tun_get_packets_in      (SynackTun           *self);
guint64         synack_tun_get_packets_out     (SynackTun           *self);
guint64         synack_tun_get_echo_replies    (SynackTun           *self);
guint64         synack_tun_get_icmp_errors     (SynackTun           *self);
/* ICMP errors not sent because of the rate limit (a burst of 50, then 100/s). */
guint64         synack_tun_get_icmp_suppressed (SynackTun           *self);

/* ---- addresses ---- */

/* Parse "10.0.0.2/24" or "fd00::2/64" (prefix optional when default_prefix
 * is not 0). Errors name what is wrong. */
gboolean        synack_tun_parse_prefix        (const char          *text,
                                                guint                default_prefix,
                                                SynackAddress       *address,
                                                guint               *prefix,
                                                GError             **error);
/* The first host address of address/prefix that is not address itself
 * (10.0.0.1 for 10.0.0.2/24, 10.0.0.2 for 10.0.0.1/24). Fails for /32 and /128. */
gboolean        synack_tun_default_kernel_address (const SynackAddress *engine_addr,
                                                guint                prefix,
                                                SynackAddress       *kernel_addr,
                                                GError             **error);

/* ---- privileges ---- */

/* The message shown when opening a TUN device is not allowed: what is
 * missing and exactly what to run, for the CLI and for the GUI's dialog.
 * program is the path of the executable to name (NULL: this process's
 * executable). (transfer full) */
char           *synack_tun_privilege_message   (const char          *program);
/* The same, with the arguments the program should be run with in the
 * namespace example ("tun --ifname synack0 ..."). (transfer full) */
char           *synack_tun_privilege_message_full (const char       *program,
                                                const char          *args);
/* Whether this process may create TUN devices (CAP_NET_ADMIN effective).
 * Dropping privileges once the device is up: synack_privileges_drop_all(). */
gboolean        synack_tun_have_privilege      (void);

G_END_DECLS
