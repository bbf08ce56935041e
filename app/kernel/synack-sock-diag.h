/* SPDX-License-Identifier: GPL-3.0-or-later */
/* This machine's TCP sockets as the kernel lists them: sock_diag netlink
 * (NETLINK_SOCK_DIAG, inet_diag), the interface `ss` uses. Listing needs no
 * privilege; it shows the sockets of this process's network namespace. */
#pragma once

#include <glib.h>

#include "synack-segment.h"
#include "synack-tcp-state.h"

G_BEGIN_DECLS

/* Linux's own state numbers (include/net/tcp_states.h), as sock_diag and the
 * sock:inet_sock_set_state tracepoint give them. */
typedef enum
{
  SYNACK_LINUX_TCP_ESTABLISHED = 1,
  SYNACK_LINUX_TCP_SYN_SENT,
  SYNACK_LINUX_TCP_SYN_RECV,
  SYNACK_LINUX_TCP_FIN_WAIT1,
  SYNACK_LINUX_TCP_FIN_WAIT2,
  SYNACK_LINUX_TCP_TIME_WAIT,
  SYNACK_LINUX_TCP_CLOSE,
  SYNACK_LINUX_TCP_CLOSE_WAIT,
  SYNACK_LINUX_TCP_LAST_ACK,
  SYNACK_LINUX_TCP_LISTEN,
  SYNACK_LINUX_TCP_CLOSING,
  SYNACK_LINUX_TCP_NEW_SYN_RECV,   /* a request sock: half-open, before the third ACK */
} SynackLinuxTcpState;

/* The RFC 9293 state a Linux state number stands for (NEW_SYN_RECV is
 * SYN-RECEIVED, CLOSE is CLOSED); FALSE for numbers Linux does not use. */
gboolean synack_linux_tcp_state_to_rfc (int             linux_state,
                                        SynackTcpState *state);

/* The tcp_info figures Synack shows; valid when have_info. */
typedef struct
{
  guint32 rtt_us;
  guint32 rttvar_us;
  guint32 rto_us;
  guint32 snd_mss;
  guint32 rcv_mss;
  guint32 snd_cwnd;        /* segments */
  guint32 snd_ssthresh;    /* segments; >= 0x7fffffff while in slow start from the start */
  guint32 unacked;         /* segments in flight */
  guint32 lost;
  guint32 retrans;         /* segments being retransmitted now */
  guint32 total_retrans;
  guint32 rcv_space;
  guint32 snd_wscale;
  guint32 rcv_wscale;
  guint64 bytes_acked;
  guint64 bytes_received;
  guint32 segs_out;
  guint32 segs_in;
  guint32 last_data_sent_ms;
  guint32 last_data_recv_ms;
  guint32 last_ack_recv_ms;
  guint8  options;         /* TCPI_OPT_TIMESTAMPS 1, SACK 2, WSCALE 4, ECN 8 */
} SynackTcpInfo;

/* One socket. IPv4-mapped IPv6 addresses are given as IPv4, the way the
 * packets on the wire carry them. */
typedef struct
{
  SynackAddress  local;
  SynackAddress  remote;
  guint16        local_port;
  guint16        remote_port;
  int            linux_state;   /* SynackLinuxTcpState */
  SynackTcpState state;
  guint32        uid;
  guint64        inode;         /* 0 for time-wait and request socks */
  guint64        cookie;
  guint32        recv_q;
  guint32        send_q;
  gboolean       have_info;
  SynackTcpInfo  info;
  int            pid;           /* 0 when unknown (another user's process, or none) */
  char           process[16];   /* the owner's comm, "" when unknown */
} SynackSocketInfo;

/* Every TCP socket, IPv4 and IPv6, listeners, time-wait and request socks
 * included. (transfer full): an array of SynackSocketInfo. With owners,
 * also the process holding each socket where /proc says so (the calling
 * user's processes, or all for root). */
GArray   *synack_sock_diag_list          (gboolean          owners,
                                          GError          **error);
/* The socket with this 4-tuple, looked up by the kernel; FALSE when none. */
gboolean  synack_sock_diag_find          (const SynackAddress *local,
                                          guint16              local_port,
                                          const SynackAddress *remote,
                                          guint16              remote_port,
                                          SynackSocketInfo    *info);
/* Fill pid/process of each socket from /proc/[pid]/fd. */
void      synack_sock_diag_fill_owners   (GArray          *sockets);
/* An address given as IPv4 when it is IPv4-mapped IPv6 (::ffff:a.b.c.d). */
void      synack_address_unmap           (SynackAddress   *address);

G_END_DECLS
