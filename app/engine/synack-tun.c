/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <glib-unix.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <linux/capability.h>
#include <linux/if_tun.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "synack-error.h"
#include "synack-privileges.h"
#include "synack-tun.h"
#include "synack-wire.h"

#define TUN_PATH        "/dev/net/tun"
#define READ_BATCH      64
#define PACKET_MAX      65536
/* RFC 1812 4.3.2.3: an ICMPv4 error should not exceed 576 bytes; RFC 4443
 * 2.4 (c): an ICMPv6 error as much of the packet as fits in 1280. */
#define ICMP4_ERROR_MAX 576
#define ICMP6_ERROR_MAX 1280

/* RFC 4443 2.4 (f) (and RFC 1812 4.3.2.8): ICMP errors are rate-limited,
 * with a token bucket: a burst of this many, then this many a second. */
#define ICMP_ERROR_BURST 50
#define ICMP_ERROR_RATE  100

#define PROTO_ICMP   1
#define PROTO_TCP    6
#define PROTO_UDP    17
#define PROTO_ICMP6  58

struct _SynackTun
{
  GObject              parent_instance;

  int                  fd;
  guint                source_id;
  char                *ifname;
  guint                ifindex;
  guint                mtu;
  guint                prefix;
  SynackAddress        engine_addr;
  SynackAddress        kernel_addr;

  SynackTunPacketFunc  tcp_func;
  gpointer             tcp_data;
  SynackTunTapFunc     tap_func;
  gpointer             tap_data;

  guint64              packets_in;
  guint64              packets_out;
  guint64              echo_replies;
  guint64              icmp_errors;
  guint64              icmp_suppressed;
  double               icmp_tokens;      /* error messages that may go now */
  gint64               icmp_refilled;    /* monotonic µs of the last refill */
  guint64              dropped;
  guint16              ip_id;
  guint8              *buf;  /* PACKET_MAX bytes */
};

G_DEFINE_FINAL_TYPE (SynackTun, synack_tun, G_TYPE_OBJECT)

enum
{
  READ_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
synack_tun_finalize (GObject *object)
{
  SynackTun *self = SYNACK_TUN (object);

  synack_tun_close (self);
  g_free (self->ifname);
  g_free (self->buf);

  G_OBJECT_CLASS (synack_tun_parent_class)->finalize (object);
}

static void
synack_tun_class_init (SynackTunClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = synack_tun_finalize;

  signals[READ_FAILED] =
    g_signal_new ("read-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
synack_tun_init (SynackTun *self)
{
  self->fd = -1;
  self->buf = g_malloc (PACKET_MAX);
  self->icmp_tokens = ICMP_ERROR_BURST;
  self->icmp_refilled = g_get_monotonic_time ();
  self->ip_id = (guint16) g_random_int ();
}

/* ---- addresses ---- */

static guint
address_bits (const SynackAddress *address)
{
  return address->family == 6 ? 128 : 32;
}

gboolean
synack_tun_parse_prefix (const char    *text,
                         guint          default_prefix,
                         SynackAddress *address,
                         guint         *prefix,
                         GError       **error)
{
  g_autofree char *host = NULL;
  const char *slash;
  guint64 value;

  slash = strchr (text, '/');
  host = slash != NULL ? g_strndup (text, slash - text) : g_strdup (text);
  if (!synack_address_parse (host, address))
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID,
                   _("“%s”: “%s” is not an IPv4 or IPv6 address"), text, host);
      return FALSE;
    }
  if (slash == NULL)
    {
      if (default_prefix == 0)
        {
          g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID,
                       _("“%s”: a prefix length is needed (as in %s/24)"), text, host);
          return FALSE;
        }
      *prefix = MIN (default_prefix, address_bits (address));
      return TRUE;
    }
  if (!g_ascii_string_to_unsigned (slash + 1, 10, 1, address_bits (address), &value, NULL))
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID,
                   _("“%s”: the prefix length must be a number from 1 to %u"),
                   text, address_bits (address));
      return FALSE;
    }
  *prefix = (guint) value;
  return TRUE;
}

static void
address_mask (SynackAddress *address,
              guint          prefix)
{
  guint n = address->family == 6 ? 16 : 4;

  for (guint i = 0; i < n; i++)
    {
      guint bits = prefix > i * 8 ? MIN (prefix - i * 8, 8) : 0;

      address->bytes[i] &= (guint8) (0xff00 >> bits);
    }
}

/* Add n to the host part (the last 4 bytes are enough for our use). */
static void
address_add (SynackAddress *address,
             guint32        n)
{
  guint off = address->family == 6 ? 12 : 0;
  guint32 v = (guint32) address->bytes[off] << 24 | (guint32) address->bytes[off + 1] << 16 |
              (guint32) address->bytes[off + 2] << 8 | address->bytes[off + 3];

  v += n;
  address->bytes[off] = v >> 24;
  address->bytes[off + 1] = v >> 16;
  address->bytes[off + 2] = v >> 8;
  address->bytes[off + 3] = v;
}

gboolean
synack_tun_default_kernel_address (const SynackAddress *engine_addr,
                                   guint                prefix,
                                   SynackAddress       *kernel_addr,
                                   GError             **error)
{
  guint bits = address_bits (engine_addr);
  char text[64];

  if (prefix >= bits)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID,
                   _("%s/%u holds no other address for the kernel's end: give one with --kernel-addr"),
                   synack_address_to_string (engine_addr, text, sizeof text), prefix);
      return FALSE;
    }

  *kernel_addr = *engine_addr;
  address_mask (kernel_addr, prefix);
  /* A /31 (RFC 3021) or /127 has two hosts and no network address. */
  if (bits - prefix > 1)
    address_add (kernel_addr, 1);
  if (synack_address_equal (kernel_addr, engine_addr))
    address_add (kernel_addr, 1);
  return TRUE;
}

/* ---- privileges ---- */

char *
synack_tun_privilege_message_full (const char *program,
                                   const char *args)
{
  g_autofree char *exe = NULL;
  g_autofree char *command = NULL;

  if (program == NULL)
    program = exe = g_file_read_link ("/proc/self/exe", NULL);
  if (program == NULL)
    program = g_get_prgname () != NULL ? g_get_prgname () : "synack-cli";
  command = args != NULL && args[0] != '\0' ? g_strdup_printf ("%s %s", program, args)
                                             : g_strdup (program);

  /* The shell started after the program stays in the namespace: the
   * programs that talk to the engine must run there too. */
  return g_strdup_printf (_("Creating a TUN device needs the CAP_NET_ADMIN capability, which this "
                            "process does not have. Either grant it to the program once:\n"
                            "  sudo setcap cap_net_admin+ep %s\n"
                            "or run it inside a new user and network namespace, with a shell in "
                            "the same namespace for the programs that will talk to it:\n"
                            "  unshare -rn sh -c '%s & exec sh'"),
                          program, command);
}

char *
synack_tun_privilege_message (const char *program)
{
  return synack_tun_privilege_message_full (program, NULL);
}

gboolean
synack_tun_have_privilege (void)
{
  return synack_privileges_have (CAP_NET_ADMIN);
}

/* ---- device setup ---- */

static gboolean
netlink_request (struct nlmsghdr *request,
                 const char      *what,
                 const char      *ifname,
                 GError         **error)
{
  struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
  guint8 reply[4096];
  int fd;
  ssize_t n;

  fd = socket (AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
  if (fd < 0)
    {
      int saved_errno = errno;
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_FAILED,
                   _("%s: cannot open a netlink socket: %s"), ifname, g_strerror (saved_errno));
      return FALSE;
    }

  request->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
  request->nlmsg_seq = 1;
  if (sendto (fd, request, request->nlmsg_len, 0,
              (struct sockaddr *) &kernel, sizeof kernel) < 0)
    {
      int saved_errno = errno;
      close (fd);
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_FAILED,
                   _("%s: %s: %s"), ifname, what, g_strerror (saved_errno));
      return FALSE;
    }

  do
    n = recv (fd, reply, sizeof reply, 0);
  while (n < 0 && errno == EINTR);
  close (fd);

  if (n >= (ssize_t) (NLMSG_HDRLEN + sizeof (struct nlmsgerr)))
    {
      struct nlmsghdr *hdr = (struct nlmsghdr *) reply;

      if (hdr->nlmsg_type == NLMSG_ERROR)
        {
          struct nlmsgerr *err = NLMSG_DATA (hdr);

          if (err->error == 0)
            return TRUE;
          g_set_error (error, SYNACK_ERROR,
                       err->error == -EPERM ? SYNACK_ERROR_PERMISSION : SYNACK_ERROR_FAILED,
                       _("%s: %s: %s"), ifname, what, g_strerror (-err->error));
          return FALSE;
        }
    }
  g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_FAILED,
               _("%s: %s: no answer from the kernel"), ifname, what);
  return FALSE;
}

static void
netlink_put_attr (struct nlmsghdr *msg,
                  gsize            capacity,
                  guint16          type,
                  const void      *data,
                  gsize            len)
{
  struct rtattr *rta = (struct rtattr *) ((guint8 *) msg + NLMSG_ALIGN (msg->nlmsg_len));

  g_assert (NLMSG_ALIGN (msg->nlmsg_len) + RTA_SPACE (len) <= capacity);
  rta->rta_type = type;
  rta->rta_len = RTA_LENGTH (len);
  memcpy (RTA_DATA (rta), data, len);
  msg->nlmsg_len = NLMSG_ALIGN (msg->nlmsg_len) + RTA_SPACE (len);
}

static gboolean
add_address (SynackTun *self,
             GError   **error)
{
  union
  {
    struct nlmsghdr hdr;
    guint8          bytes[256];
  } msg;
  struct ifaddrmsg *ifa;
  gsize alen = self->engine_addr.family == 6 ? 16 : 4;
  guint32 flags = IFA_F_NODAD;

  memset (&msg, 0, sizeof msg);
  msg.hdr.nlmsg_len = NLMSG_LENGTH (sizeof (struct ifaddrmsg));
  msg.hdr.nlmsg_type = RTM_NEWADDR;
  msg.hdr.nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
  ifa = NLMSG_DATA (&msg.hdr);
  ifa->ifa_family = self->engine_addr.family == 6 ? AF_INET6 : AF_INET;
  ifa->ifa_prefixlen = self->prefix;
  ifa->ifa_flags = IFA_F_NODAD;  /* no duplicate address detection delay on IPv6 */
  ifa->ifa_scope = RT_SCOPE_UNIVERSE;
  ifa->ifa_index = self->ifindex;
  /* LOCAL is the kernel's own address, ADDRESS the peer: the kernel adds a
   * route to engine_addr/prefix through the device. */
  netlink_put_attr (&msg.hdr, sizeof msg, IFA_LOCAL, self->kernel_addr.bytes, alen);
  netlink_put_attr (&msg.hdr, sizeof msg, IFA_ADDRESS, self->engine_addr.bytes, alen);
  netlink_put_attr (&msg.hdr, sizeof msg, IFA_FLAGS, &flags, sizeof flags);

  return netlink_request (&msg.hdr, _("cannot add the address"), self->ifname, error);
}

static gboolean
link_up (SynackTun *self,
         GError   **error)
{
  struct ifreq ifr;
  int fd;
  int saved_errno;

  fd = socket (AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    {
      saved_errno = errno;
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_FAILED,
                   _("%s: cannot open a control socket: %s"), self->ifname, g_strerror (saved_errno));
      return FALSE;
    }

  memset (&ifr, 0, sizeof ifr);
  g_strlcpy (ifr.ifr_name, self->ifname, IFNAMSIZ);
  if (ioctl (fd, SIOCGIFFLAGS, &ifr) < 0)
    goto fail;
  ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
  if (ioctl (fd, SIOCSIFFLAGS, &ifr) < 0)
    goto fail;
  if (ioctl (fd, SIOCGIFMTU, &ifr) < 0)
    goto fail;
  self->mtu = ifr.ifr_mtu;
  close (fd);
  return TRUE;

fail:
  saved_errno = errno;
  close (fd);
  g_set_error (error, SYNACK_ERROR,
               saved_errno == EPERM ? SYNACK_ERROR_PERMISSION : SYNACK_ERROR_FAILED,
               _("%s: cannot bring the interface up: %s"), self->ifname, g_strerror (saved_errno));
  return FALSE;
}

static gboolean on_readable (int fd, GIOCondition condition, gpointer user_data);
static void     wait_until_ready (SynackTun *self);

static gboolean
valid_ifname (const char *ifname)
{
  gsize len = strlen (ifname);

  if (len == 0 || len >= IFNAMSIZ || strcmp (ifname, ".") == 0 || strcmp (ifname, "..") == 0)
    return FALSE;
  for (const char *p = ifname; *p; p++)
    if (*p == '/' || *p == ':' || *p == '%' || g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

SynackTun *
synack_tun_new (const char          *ifname,
                const SynackAddress *engine_addr,
                guint                prefix,
                const SynackAddress *kernel_addr,
                GError             **error)
{
  g_autoptr(SynackTun) self = NULL;
  struct ifreq ifr;
  char a[64], b[64];
  int saved_errno;

  g_return_val_if_fail (ifname != NULL, NULL);
  g_return_val_if_fail (engine_addr != NULL, NULL);

  if (!valid_ifname (ifname))
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID,
                   _("“%s” is not a valid interface name (1 to %d characters, no “/”, “:” or spaces)"),
                   ifname, IFNAMSIZ - 1);
      return NULL;
    }
  if (prefix < 1 || prefix > address_bits (engine_addr))
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID,
                   _("prefix length %u is out of range for %s"), prefix,
                   synack_address_to_string (engine_addr, a, sizeof a));
      return NULL;
    }

  self = g_object_new (SYNACK_TYPE_TUN, NULL);
  self->ifname = g_strdup (ifname);
  self->engine_addr = *engine_addr;
  self->prefix = prefix;
  if (kernel_addr != NULL)
    {
      if (kernel_addr->family != engine_addr->family)
        {
          g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID,
                       _("the kernel's address %s and the engine's %s are not of the same family"),
                       synack_address_to_string (kernel_addr, a, sizeof a),
                       synack_address_to_string (engine_addr, b, sizeof b));
          return NULL;
        }
      if (synack_address_equal (kernel_addr, engine_addr))
        {
          g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID,
                       _("the kernel's address and the engine's are both %s: they must differ"),
                       synack_address_to_string (engine_addr, a, sizeof a));
          return NULL;
        }
      self->kernel_addr = *kernel_addr;
    }
  else if (!synack_tun_default_kernel_address (engine_addr, prefix, &self->kernel_addr, error))
    return NULL;

  self->fd = open (TUN_PATH, O_RDWR | O_CLOEXEC | O_NONBLOCK);
  if (self->fd < 0)
    {
      saved_errno = errno;
      if (saved_errno == EACCES || saved_errno == EPERM)
        {
          g_autofree char *hint = synack_tun_privilege_message (NULL);
          /* Most systems make the node mode 0666 and leave the check to
           * TUNSETIFF; a stricter one needs the mode changed as well. */
          g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_PERMISSION,
                       _("cannot open %s: %s (this user may not read and write the device "
                         "node; it is usually mode 0666)\n%s"),
                       TUN_PATH, g_strerror (saved_errno), hint);
        }
      else
        g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_FAILED,
                     saved_errno == ENOENT
                       ? _("cannot open %s: %s (is the tun module loaded? try “modprobe tun”)")
                       : _("cannot open %s: %s"),
                     TUN_PATH, g_strerror (saved_errno));
      return NULL;
    }

  memset (&ifr, 0, sizeof ifr);
  ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
  g_strlcpy (ifr.ifr_name, ifname, IFNAMSIZ);
  if (ioctl (self->fd, TUNSETIFF, &ifr) < 0)
    {
      saved_errno = errno;
      if (saved_errno == EPERM)
        {
          g_autofree char *hint = synack_tun_privilege_message (NULL);
          g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_PERMISSION,
                       _("%s: creating the TUN device is not allowed\n%s"), ifname, hint);
        }
      else if (saved_errno == EBUSY || saved_errno == EINVAL)
        g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID,
                     _("%s: the interface already exists and is not a free TUN device: "
                       "choose another name with --ifname"), ifname);
      else
        g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_FAILED,
                     _("%s: cannot create the TUN device: %s"), ifname, g_strerror (saved_errno));
      return NULL;
    }
  /* The kernel may have completed a name pattern ("synack%d"). */
  g_free (self->ifname);
  self->ifname = g_strndup (ifr.ifr_name, IFNAMSIZ);

  /* No offloads: every packet the kernel hands us is a whole, checksummed
   * IP packet no larger than the MTU. Older kernels may refuse the ioctl
   * when no vnet header is in use; they then offload nothing anyway. */
  (void) ioctl (self->fd, TUNSETOFFLOAD, 0);

  self->ifindex = if_nametoindex (self->ifname);
  if (self->ifindex == 0)
    {
      saved_errno = errno;
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_FAILED,
                   _("%s: cannot find the new interface: %s"), self->ifname, g_strerror (saved_errno));
      return NULL;
    }

  if (!link_up (self, error) || !add_address (self, error))
    return NULL;
  wait_until_ready (self);

  self->source_id = g_unix_fd_add (self->fd, G_IO_IN, on_readable, self);

  return g_steal_pointer (&self);
}

void
synack_tun_close (SynackTun *self)
{
  g_return_if_fail (SYNACK_IS_TUN (self));

  g_clear_handle_id (&self->source_id, g_source_remove);
  if (self->fd >= 0)
    {
      close (self->fd);
      self->fd = -1;
    }
}

/* ---- accessors ---- */

const char *
synack_tun_get_ifname (SynackTun *self)
{
  g_return_val_if_fail (SYNACK_IS_TUN (self), NULL);
  return self->ifname;
}

guint
synack_tun_get_mtu (SynackTun *self)
{
  g_return_val_if_fail (SYNACK_IS_TUN (self), 0);
  return self->mtu;
}

const SynackAddress *
synack_tun_get_engine_address (SynackTun *self)
{
  g_return_val_if_fail (SYNACK_IS_TUN (self), NULL);
  return &self->engine_addr;
}

const SynackAddress *
synack_tun_get_kernel_address (SynackTun *self)
{
  g_return_val_if_fail (SYNACK_IS_TUN (self), NULL);
  return &self->kernel_addr;
}

void
synack_tun_set_tcp_func (SynackTun           *self,
                         SynackTunPacketFunc  func,
                         gpointer             user_data)
{
  g_return_if_fail (SYNACK_IS_TUN (self));
  self->tcp_func = func;
  self->tcp_data = user_data;
}

void
synack_tun_set_tap_func (SynackTun        *self,
                         SynackTunTapFunc  func,
                         gpointer          user_data)
{
  g_return_if_fail (SYNACK_IS_TUN (self));
  self->tap_func = func;
  self->tap_data = user_data;
}

guint64
synack_tun_get_packets_in (SynackTun *self)
{
  return self->packets_in;
}

guint64
synack_tun_get_packets_out (SynackTun *self)
{
  return self->packets_out;
}

guint64
synack_tun_get_echo_replies (SynackTun *self)
{
  return self->echo_replies;
}

guint64
synack_tun_get_icmp_errors (SynackTun *self)
{
  return self->icmp_errors;
}

guint64
synack_tun_get_icmp_suppressed (SynackTun *self)
{
  return self->icmp_suppressed;
}

/* Whether one more ICMP error may be sent now (and take its token). */
static gboolean
icmp_error_allowed (SynackTun *self)
{
  gint64 now = g_get_monotonic_time ();

  self->icmp_tokens = MIN (ICMP_ERROR_BURST,
                           self->icmp_tokens +
                           (now - self->icmp_refilled) * (double) ICMP_ERROR_RATE / G_USEC_PER_SEC);
  self->icmp_refilled = now;
  if (self->icmp_tokens < 1)
    {
      self->icmp_suppressed++;
      return FALSE;
    }
  self->icmp_tokens -= 1;
  return TRUE;
}

/* ---- sending ---- */

gboolean
synack_tun_send (SynackTun     *self,
                 const guint8  *data,
                 gsize          len,
                 GError       **error)
{
  ssize_t n;

  g_return_val_if_fail (SYNACK_IS_TUN (self), FALSE);

  if (self->fd < 0)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_FAILED,
                   _("%s: the device is closed"), self->ifname);
      return FALSE;
    }

  do
    n = write (self->fd, data, len);
  while (n < 0 && errno == EINTR);

  if (n < 0)
    {
      int saved_errno = errno;

      /* A full queue loses the packet, as a busy wire would; TCP recovers. */
      if (saved_errno == EAGAIN || saved_errno == ENOBUFS)
        {
          self->dropped++;
          return TRUE;
        }
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_FAILED,
                   _("%s: cannot write a %zu-byte packet: %s"),
                   self->ifname, len, g_strerror (saved_errno));
      return FALSE;
    }

  self->packets_out++;
  if (self->tap_func != NULL)
    self->tap_func (SYNACK_TUN_TO_KERNEL, g_get_real_time () * 1000, data, len, self->tap_data);
  return TRUE;
}

static void
send_or_warn (SynackTun    *self,
              const guint8 *data,
              gsize         len)
{
  g_autoptr(GError) error = NULL;

  if (!synack_tun_send (self, data, len, &error))
    g_warning ("%s", error->message);
}

static inline guint16
get16 (const guint8 *p)
{
  return (guint16) (p[0] << 8 | p[1]);
}

static inline void
put16 (guint8 *p, guint16 v)
{
  p[0] = v >> 8;
  p[1] = v;
}

/* ---- IPv4 ---- */

static gboolean
ipv4_source_is_unicast (const guint8 *src)
{
  /* Never answer 0.0.0.0/8, multicast, the limited broadcast or class E. */
  return src[0] != 0 && src[0] < 224;
}

/* Send an ICMP message from the engine's address to dst (4 bytes). */
static void
ipv4_send_icmp (SynackTun    *self,
                const guint8 *dst,
                const guint8 *icmp,
                gsize         icmp_len)
{
  gsize total = 20 + icmp_len;
  g_autofree guint8 *out = NULL;
  guint8 *ip;
  guint32 sum;

  if (total > 65535)
    return;
  out = g_malloc (total);
  ip = out;

  memset (ip, 0, 20);
  ip[0] = 0x45;
  put16 (ip + 2, (guint16) total);
  put16 (ip + 4, self->ip_id++);
  ip[8] = 64;
  ip[9] = PROTO_ICMP;
  memcpy (ip + 12, self->engine_addr.bytes, 4);  /* from the engine */
  memcpy (ip + 16, dst, 4);
  sum = synack_wire_checksum_add (0, ip, 20);
  put16 (ip + 10, ~synack_wire_checksum_fold (sum));

  memcpy (out + 20, icmp, icmp_len);
  put16 (out + 22, 0);
  sum = synack_wire_checksum_add (0, out + 20, icmp_len);
  put16 (out + 22, ~synack_wire_checksum_fold (sum));

  send_or_warn (self, out, total);
}

static void
ipv4_icmp_error (SynackTun    *self,
                 const guint8 *packet,
                 gsize         len,
                 guint8        type,
                 guint8        code)
{
  guint8 icmp[ICMP4_ERROR_MAX - 20];
  gsize quoted = MIN (len, sizeof icmp - 8);

  if (!icmp_error_allowed (self))
    return;

  memset (icmp, 0, 8);
  icmp[0] = type;
  icmp[1] = code;
  memcpy (icmp + 8, packet, quoted);
  ipv4_send_icmp (self, packet + 12, icmp, 8 + quoted);
  self->icmp_errors++;
}

static void
handle_ipv4 (SynackTun    *self,
             const guint8 *p,
             gsize         len)
{
  gsize ihl, total;
  guint8 proto;
  const guint8 *l4;
  gsize l4_len;

  if (len < 20)
    return;
  ihl = (p[0] & 0x0f) * 4u;
  total = get16 (p + 2);
  if (ihl < 20 || total < ihl || total > len)
    return;
  if (synack_wire_checksum_fold (synack_wire_checksum_add (0, p, ihl)) != 0xffff)
    return;
  if (memcmp (p + 16, self->engine_addr.bytes, 4) != 0)
    return;  /* a broadcast, or for another host on the prefix: nobody there */

  proto = p[9];
  l4 = p + ihl;
  l4_len = total - ihl;

  if (proto == PROTO_TCP)
    {
      if (self->tcp_func != NULL)
        self->tcp_func (p, total, self->tcp_data);
      return;
    }

  if (!ipv4_source_is_unicast (p + 12))
    return;
  /* Only the first fragment says which port or type; the rest pass silently. */
  if ((get16 (p + 6) & 0x1fff) != 0)
    return;

  if (proto == PROTO_ICMP)
    {
      /* Echo request (8) with a good checksum: echo reply (0), same identifier,
       * sequence number and data. Other ICMP, errors above all, get no answer. */
      if (l4_len >= 8 && l4[0] == 8 && l4[1] == 0 &&
          synack_wire_checksum_fold (synack_wire_checksum_add (0, l4, l4_len)) == 0xffff)
        {
          g_autofree guint8 *reply = g_memdup2 (l4, l4_len);

          reply[0] = 0;
          ipv4_send_icmp (self, p + 12, reply, l4_len);
          self->echo_replies++;
        }
      return;
    }

  if (proto == PROTO_UDP)
    ipv4_icmp_error (self, p, total, 3, 3);   /* destination unreachable: port */
  else
    ipv4_icmp_error (self, p, total, 3, 2);   /* destination unreachable: protocol */
}

/* ---- IPv6 ---- */

/* Send an ICMPv6 message from the engine's address to dst (16 bytes). */
static void
ipv6_send_icmp (SynackTun    *self,
                const guint8 *dst,
                const guint8 *icmp,
                gsize         icmp_len)
{
  g_autofree guint8 *out = g_malloc (40 + icmp_len);
  guint32 sum;

  memset (out, 0, 40);
  out[0] = 0x60;
  put16 (out + 4, (guint16) icmp_len);
  out[6] = PROTO_ICMP6;
  out[7] = 64;
  memcpy (out + 8, self->engine_addr.bytes, 16);
  memcpy (out + 24, dst, 16);
  memcpy (out + 40, icmp, icmp_len);
  put16 (out + 42, 0);

  /* RFC 4443 2.3: the checksum covers the RFC 8200 pseudo-header. */
  sum = synack_wire_checksum_add (0, out + 8, 32);
  sum += (guint32) (icmp_len >> 16) + (guint32) (icmp_len & 0xffff);
  sum += PROTO_ICMP6;
  sum = synack_wire_checksum_add (sum, out + 40, icmp_len);
  put16 (out + 42, ~synack_wire_checksum_fold (sum));

  send_or_warn (self, out, 40 + icmp_len);
}

static void
ipv6_icmp_error (SynackTun    *self,
                 const guint8 *packet,
                 gsize         len,
                 guint8        type,
                 guint8        code,
                 guint32       pointer)
{
  guint8 icmp[ICMP6_ERROR_MAX - 40];
  gsize quoted = MIN (len, sizeof icmp - 8);

  if (!icmp_error_allowed (self))
    return;

  memset (icmp, 0, 8);
  icmp[0] = type;
  icmp[1] = code;
  icmp[4] = pointer >> 24;
  icmp[5] = pointer >> 16;
  icmp[6] = pointer >> 8;
  icmp[7] = pointer;
  memcpy (icmp + 8, packet, quoted);
  ipv6_send_icmp (self, packet + 8, icmp, 8 + quoted);
  self->icmp_errors++;
}

static gboolean
ipv6_checksum_ok (const guint8 *p,
                  const guint8 *l4,
                  gsize         l4_len,
                  guint8        proto)
{
  guint32 sum = synack_wire_checksum_add (0, p + 8, 32);

  sum += (guint32) (l4_len >> 16) + (guint32) (l4_len & 0xffff);
  sum += proto;
  sum = synack_wire_checksum_add (sum, l4, l4_len);
  return synack_wire_checksum_fold (sum) == 0xffff;
}

static void
handle_ipv6 (SynackTun    *self,
             const guint8 *p,
             gsize         len)
{
  gsize total, off;
  guint8 next;
  gsize next_field;   /* offset of the byte that names `next`, for a parameter problem */

  if (len < 40)
    return;
  total = 40 + (gsize) get16 (p + 4);
  if (total > len)
    return;
  if (memcmp (p + 24, self->engine_addr.bytes, 16) != 0)
    return;  /* multicast (router solicitations, MLD) or another host: silence */

  next = p[6];
  next_field = 6;
  off = 40;
  /* Walk the extension headers that may precede the upper layer. */
  while (next == 0 || next == 43 || next == 60 || next == 44)
    {
      if (off + 8 > total)
        return;
      if (next == 44)
        {
          if ((get16 (p + off + 2) & 0xfff8) != 0)
            return;  /* not the first fragment */
          next_field = off;
          next = p[off];
          off += 8;
        }
      else
        {
          gsize hlen = ((gsize) p[off + 1] + 1) * 8;

          next_field = off;
          next = p[off];
          off += hlen;
        }
    }
  if (off > total)
    return;

  if (next == PROTO_TCP)
    {
      if (self->tcp_func != NULL)
        self->tcp_func (p, total, self->tcp_data);
      return;
    }

  /* Never answer an unspecified or multicast source (RFC 4443 2.4 (e)). */
  if (p[8] == 0xff)
    return;
  {
    static const guint8 zero[16] = { 0 };
    if (memcmp (p + 8, zero, 16) == 0)
      return;
  }

  if (next == PROTO_ICMP6)
    {
      const guint8 *l4 = p + off;
      gsize l4_len = total - off;

      if (l4_len >= 8 && l4[0] == 128 && l4[1] == 0 &&
          ipv6_checksum_ok (p, l4, l4_len, PROTO_ICMP6))
        {
          g_autofree guint8 *reply = g_memdup2 (l4, l4_len);

          reply[0] = 129;
          ipv6_send_icmp (self, p + 8, reply, l4_len);
          self->echo_replies++;
        }
      return;
    }

  if (next == PROTO_UDP)
    ipv6_icmp_error (self, p, total, 1, 4, 0);                   /* port unreachable */
  else if (next != 59)                                            /* 59: no next header */
    ipv6_icmp_error (self, p, total, 4, 1, (guint32) next_field); /* unrecognized next header */
}


/* ---- readiness ---- */

/* Whether p is the kernel's echo reply to our probe with this identifier. */
static gboolean
is_probe_reply (SynackTun    *self,
                const guint8 *p,
                gsize         len,
                guint16       ident)
{
  if (self->engine_addr.family == 4)
    {
      gsize ihl;

      if (len < 28 || p[0] >> 4 != 4 || p[9] != PROTO_ICMP)
        return FALSE;
      ihl = (p[0] & 0x0f) * 4u;
      return len >= ihl + 8 && memcmp (p + 12, self->kernel_addr.bytes, 4) == 0 &&
             p[ihl] == 0 && get16 (p + ihl + 4) == ident;
    }
  return len >= 48 && p[0] >> 4 == 6 && p[6] == PROTO_ICMP6 &&
         memcmp (p + 8, self->kernel_addr.bytes, 16) == 0 &&
         p[40] == 129 && get16 (p + 44) == ident;
}

/* A new address is not always usable at once: IPv6 installs its local route
 * from a work queue, and a packet for the kernel's address that comes in
 * before then is dropped. Ping the kernel's address from the engine's until
 * it answers (or a short while has passed: a kernel may ignore pings). The
 * probe's packets are not seen by the tap or the engine. */
static void
wait_until_ready (SynackTun *self)
{
  gint64 deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  guint16 ident = (guint16) g_random_int ();
  guint16 seq = 0;
  guint8 icmp[16];

  while (g_get_monotonic_time () < deadline)
    {
      gint64 retry = g_get_monotonic_time () + 50 * 1000;

      memset (icmp, 0, sizeof icmp);
      icmp[0] = self->engine_addr.family == 4 ? 8 : 128;
      put16 (icmp + 4, ident);
      put16 (icmp + 6, ++seq);
      memcpy (icmp + 8, "synack!", 8);
      if (self->engine_addr.family == 4)
        ipv4_send_icmp (self, self->kernel_addr.bytes, icmp, sizeof icmp);
      else
        ipv6_send_icmp (self, self->kernel_addr.bytes, icmp, sizeof icmp);

      while (g_get_monotonic_time () < retry)
        {
          struct pollfd pfd = { self->fd, POLLIN, 0 };
          ssize_t n;

          if (poll (&pfd, 1, 10) <= 0)
            continue;
          n = read (self->fd, self->buf, PACKET_MAX);
          if (n > 0 && is_probe_reply (self, self->buf, n, ident))
            goto ready;
        }
    }
  g_debug ("%s: the kernel did not answer the readiness ping; going on", self->ifname);

ready:
  self->packets_out = 0;
  self->dropped = 0;
}

/* ---- receiving ---- */

static void
handle_packet (SynackTun    *self,
               const guint8 *p,
               gsize         len)
{
  if (len < 1)
    return;
  if (p[0] >> 4 == 4 && self->engine_addr.family == 4)
    handle_ipv4 (self, p, len);
  else if (p[0] >> 4 == 6 && self->engine_addr.family == 6)
    handle_ipv6 (self, p, len);
}

guint
synack_tun_poll (SynackTun *self)
{
  guint count = 0;

  g_return_val_if_fail (SYNACK_IS_TUN (self), 0);

  /* Hold a reference: a handler may drop the last one of its own. */
  g_object_ref (self);
  while (self->fd >= 0 && count < READ_BATCH)
    {
      ssize_t n = read (self->fd, self->buf, PACKET_MAX);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          if (errno != EAGAIN)
            {
              int saved_errno = errno;
              g_autoptr(GError) error = NULL;

              /* The device is unusable (deleted under us, say): stop
               * reading and say so, rather than spin on the error. */
              error = g_error_new (SYNACK_ERROR, SYNACK_ERROR_FAILED,
                                   _("%s: reading the TUN device failed: %s"),
                                   self->ifname, g_strerror (saved_errno));
              synack_tun_close (self);
              g_signal_emit (self, signals[READ_FAILED], 0, error);
            }
          break;
        }
      if (n == 0)
        break;
      count++;
      self->packets_in++;
      if (self->tap_func != NULL)
        self->tap_func (SYNACK_TUN_FROM_KERNEL, g_get_real_time () * 1000,
                        self->buf, n, self->tap_data);
      handle_packet (self, self->buf, n);
    }
  g_object_unref (self);
  return count;
}

static gboolean
on_readable (int          fd,
             GIOCondition condition,
             gpointer     user_data)
{
  synack_tun_poll (SYNACK_TUN (user_data));
  return G_SOURCE_CONTINUE;
}
