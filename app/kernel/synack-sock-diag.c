/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "synack-error.h"
#include "synack-sock-diag.h"

gboolean
synack_linux_tcp_state_to_rfc (int             linux_state,
                               SynackTcpState *state)
{
  static const SynackTcpState map[] = {
    [SYNACK_LINUX_TCP_ESTABLISHED]  = SYNACK_TCP_ESTABLISHED,
    [SYNACK_LINUX_TCP_SYN_SENT]     = SYNACK_TCP_SYN_SENT,
    [SYNACK_LINUX_TCP_SYN_RECV]     = SYNACK_TCP_SYN_RECEIVED,
    [SYNACK_LINUX_TCP_FIN_WAIT1]    = SYNACK_TCP_FIN_WAIT_1,
    [SYNACK_LINUX_TCP_FIN_WAIT2]    = SYNACK_TCP_FIN_WAIT_2,
    [SYNACK_LINUX_TCP_TIME_WAIT]    = SYNACK_TCP_TIME_WAIT,
    [SYNACK_LINUX_TCP_CLOSE]        = SYNACK_TCP_CLOSED,
    [SYNACK_LINUX_TCP_CLOSE_WAIT]   = SYNACK_TCP_CLOSE_WAIT,
    [SYNACK_LINUX_TCP_LAST_ACK]     = SYNACK_TCP_LAST_ACK,
    [SYNACK_LINUX_TCP_LISTEN]       = SYNACK_TCP_LISTEN,
    [SYNACK_LINUX_TCP_CLOSING]      = SYNACK_TCP_CLOSING,
    [SYNACK_LINUX_TCP_NEW_SYN_RECV] = SYNACK_TCP_SYN_RECEIVED,
  };

  if (linux_state < SYNACK_LINUX_TCP_ESTABLISHED ||
      linux_state > SYNACK_LINUX_TCP_NEW_SYN_RECV)
    return FALSE;
  *state = map[linux_state];
  return TRUE;
}

void
synack_address_unmap (SynackAddress *address)
{
  static const guint8 prefix[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

  if (address->family == 6 && memcmp (address->bytes, prefix, 12) == 0)
    {
      memmove (address->bytes, address->bytes + 12, 4);
      memset (address->bytes + 4, 0, 12);
      address->family = 4;
    }
}

static void
set_address (SynackAddress *address,
             int            family,
             const guint32 *words)
{
  memset (address, 0, sizeof *address);
  address->family = family == AF_INET ? 4 : 6;
  memcpy (address->bytes, words, family == AF_INET ? 4 : 16);
  synack_address_unmap (address);
}

static void
copy_info (SynackTcpInfo         *to,
           const struct tcp_info *from,
           gsize                  len)
{
  struct tcp_info full;

  /* An older kernel sends a shorter struct: the fields it lacks read as 0. */
  memset (&full, 0, sizeof full);
  memcpy (&full, from, MIN (len, sizeof full));
  to->rtt_us = full.tcpi_rtt;
  to->rttvar_us = full.tcpi_rttvar;
  to->rto_us = full.tcpi_rto;
  to->snd_mss = full.tcpi_snd_mss;
  to->rcv_mss = full.tcpi_rcv_mss;
  to->snd_cwnd = full.tcpi_snd_cwnd;
  to->snd_ssthresh = full.tcpi_snd_ssthresh;
  to->unacked = full.tcpi_unacked;
  to->lost = full.tcpi_lost;
  to->retrans = full.tcpi_retrans;
  to->total_retrans = full.tcpi_total_retrans;
  to->rcv_space = full.tcpi_rcv_space;
  to->snd_wscale = full.tcpi_snd_wscale;
  to->rcv_wscale = full.tcpi_rcv_wscale;
  to->bytes_acked = full.tcpi_bytes_acked;
  to->bytes_received = full.tcpi_bytes_received;
  to->segs_out = full.tcpi_segs_out;
  to->segs_in = full.tcpi_segs_in;
  to->last_data_sent_ms = full.tcpi_last_data_sent;
  to->last_data_recv_ms = full.tcpi_last_data_recv;
  to->last_ack_recv_ms = full.tcpi_last_ack_recv;
  to->options = full.tcpi_options;
}

static void
parse_message (const struct nlmsghdr *h,
               GArray                *out)
{
  const struct inet_diag_msg *msg = NLMSG_DATA (h);
  int len = h->nlmsg_len - NLMSG_LENGTH (sizeof *msg);
  SynackSocketInfo info;

  if (len < 0 || (msg->idiag_family != AF_INET && msg->idiag_family != AF_INET6))
    return;
  memset (&info, 0, sizeof info);
  set_address (&info.local, msg->idiag_family, msg->id.idiag_src);
  set_address (&info.remote, msg->idiag_family, msg->id.idiag_dst);
  info.local_port = ntohs (msg->id.idiag_sport);
  info.remote_port = ntohs (msg->id.idiag_dport);
  info.linux_state = msg->idiag_state;
  if (!synack_linux_tcp_state_to_rfc (msg->idiag_state, &info.state))
    return;
  info.uid = msg->idiag_uid;
  info.inode = msg->idiag_inode;
  info.cookie = (guint64) msg->id.idiag_cookie[1] << 32 | msg->id.idiag_cookie[0];
  info.recv_q = msg->idiag_rqueue;
  info.send_q = msg->idiag_wqueue;

  for (const struct rtattr *a = (const struct rtattr *) (msg + 1); RTA_OK (a, len);
       a = RTA_NEXT (a, len))
    {
      if (a->rta_type == INET_DIAG_INFO)
        {
          copy_info (&info.info, RTA_DATA (a), RTA_PAYLOAD (a));
          info.have_info = TRUE;
        }
    }
  g_array_append_val (out, info);
}

static gboolean
dump_family (int      fd,
             int      family,
             GArray  *out,
             GError **error)
{
  struct
  {
    struct nlmsghdr         nlh;
    struct inet_diag_req_v2 r;
  } req;
  struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
  g_autofree guint8 *buf = g_malloc (65536);

  memset (&req, 0, sizeof req);
  req.nlh.nlmsg_len = sizeof req;
  req.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
  req.nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  req.nlh.nlmsg_seq = family;
  req.r.sdiag_family = family;
  req.r.sdiag_protocol = IPPROTO_TCP;
  req.r.idiag_states = ~0u;   /* every state, time-wait and request socks too */
  req.r.idiag_ext = 1 << (INET_DIAG_INFO - 1);

  if (sendto (fd, &req, sizeof req, 0, (struct sockaddr *) &kernel, sizeof kernel) < 0)
    {
      int saved = errno;

      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_FAILED,
                   _("sock_diag: cannot ask the kernel for its sockets: %s"), g_strerror (saved));
      return FALSE;
    }

  for (;;)
    {
      ssize_t n = recv (fd, buf, 65536, 0);

      if (n < 0)
        {
          int saved = errno;

          if (saved == EINTR)
            continue;
          g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_FAILED,
                       _("sock_diag: cannot read the kernel's answer: %s"), g_strerror (saved));
          return FALSE;
        }
      for (struct nlmsghdr *h = (struct nlmsghdr *) buf; NLMSG_OK (h, (guint) n);
           h = NLMSG_NEXT (h, n))
        {
          if (h->nlmsg_type == NLMSG_DONE)
            return TRUE;
          if (h->nlmsg_type == NLMSG_ERROR)
            {
              const struct nlmsgerr *e = NLMSG_DATA (h);

              /* A kernel without IPv6 has no inet6 diag handler. */
              if (family == AF_INET6 && (e->error == -ENOENT || e->error == -EAFNOSUPPORT))
                return TRUE;
              g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_FAILED,
                           _("sock_diag: the kernel refused to list TCP sockets: %s"),
                           g_strerror (-e->error));
              return FALSE;
            }
          if (h->nlmsg_type == SOCK_DIAG_BY_FAMILY)
            parse_message (h, out);
        }
    }
}

GArray *
synack_sock_diag_list (gboolean  owners,
                       GError  **error)
{
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (SynackSocketInfo));
  int fd = socket (AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
  gboolean ok;

  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_FAILED,
                   _("sock_diag: cannot open a NETLINK_SOCK_DIAG socket: %s"),
                   g_strerror (saved));
      return NULL;
    }
  ok = dump_family (fd, AF_INET, out, error) && dump_family (fd, AF_INET6, out, error);
  close (fd);
  if (!ok)
    return NULL;
  if (owners)
    synack_sock_diag_fill_owners (out);
  return g_steal_pointer (&out);
}

gboolean
synack_sock_diag_find (const SynackAddress *local,
                       guint16              local_port,
                       const SynackAddress *remote,
                       guint16              remote_port,
                       SynackSocketInfo    *info)
{
  g_autoptr(GArray) all = synack_sock_diag_list (FALSE, NULL);
  SynackAddress l = *local, r = *remote;

  if (all == NULL)
    return FALSE;
  synack_address_unmap (&l);
  synack_address_unmap (&r);
  for (guint i = 0; i < all->len; i++)
    {
      const SynackSocketInfo *s = &g_array_index (all, SynackSocketInfo, i);

      if (s->local_port == local_port && s->remote_port == remote_port &&
          synack_address_equal (&s->local, &l) && synack_address_equal (&s->remote, &r))
        {
          *info = *s;
          return TRUE;
        }
    }
  return FALSE;
}

/* /proc/[pid]/fd/N -> "socket:[inode]": who holds which socket. Another
 * user's processes cannot be read without privilege: those stay unknown. */
void
synack_sock_diag_fill_owners (GArray *sockets)
{
  g_autoptr(GHashTable) wanted = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GDir) proc = NULL;
  const char *name;
  guint left = 0;

  for (guint i = 0; i < sockets->len; i++)
    {
      SynackSocketInfo *s = &g_array_index (sockets, SynackSocketInfo, i);

      if (s->inode != 0)
        {
          g_hash_table_insert (wanted, &s->inode, s);
          left++;
        }
    }
  if (left == 0)
    return;
  proc = g_dir_open ("/proc", 0, NULL);
  if (proc == NULL)
    return;
  while (left > 0 && (name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *fd_dir = NULL;
      g_autoptr(GDir) fds = NULL;
      const char *fd_name;
      char *end;
      long pid = strtol (name, &end, 10);
      char comm[16] = "";
      gboolean have_comm = FALSE;

      if (*end != '\0' || pid <= 0)
        continue;
      fd_dir = g_strdup_printf ("/proc/%ld/fd", pid);
      fds = g_dir_open (fd_dir, 0, NULL);
      if (fds == NULL)
        continue;
      while ((fd_name = g_dir_read_name (fds)) != NULL)
        {
          char path[64], link[64];
          ssize_t n;
          gint64 inode;
          SynackSocketInfo *s;

          g_snprintf (path, sizeof path, "/proc/%ld/fd/%s", pid, fd_name);
          n = readlink (path, link, sizeof link - 1);
          if (n < 9 || strncmp (link, "socket:[", 8) != 0)
            continue;
          link[n] = '\0';
          inode = g_ascii_strtoll (link + 8, NULL, 10);
          s = g_hash_table_lookup (wanted, &inode);
          if (s == NULL || s->pid != 0)
            continue;
          if (!have_comm)
            {
              g_autofree char *comm_path = g_strdup_printf ("/proc/%ld/comm", pid);
              g_autofree char *text = NULL;

              have_comm = TRUE;
              if (g_file_get_contents (comm_path, &text, NULL, NULL))
                g_strlcpy (comm, g_strchomp (text), sizeof comm);
            }
          s->pid = pid;
          g_strlcpy (s->process, comm, sizeof s->process);
          left--;
        }
    }
}
