/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "synack-error.h"
#include "synack-kernel-watch.h"
#include "synack-sock-diag.h"

/* Where tracefs is, or may be mounted. */
static const char * const tracefs_paths[] = {
  "/sys/kernel/tracing",
  "/sys/kernel/debug/tracing",
};
#define EVENT_DIR "events/sock/inet_sock_set_state"
#define INSTANCE_PREFIX "synack-"
/* Per-CPU buffer of our trace instance: some thousand changes each. */
#define BUFFER_KB "256"
/* A connect()'s CLOSED -> SYN-SENT comes before its port is chosen: it waits
 * for the socket's next change, or this long, to learn the port. */
#define PENDING_CONNECT_NS (200 * G_GINT64_CONSTANT (1000000))

struct _SynackKernelWatch
{
  GObject             parent_instance;

  SynackKernelMode    mode;
  guint               interval_ms;
  SynackKernelSource  source;
  char               *fallback_reason;
  gboolean            opened;

  /* tracepoint */
  char               *instance;      /* the instance's folder, while it exists */
  int                 pipe_fd;
  int                 enable_fd;
  gint64              mono_to_real;  /* add to a CLOCK_MONOTONIC time */

  /* worker */
  GThread            *thread;
  int                 wake_fd;
  GMainContext       *context;

  /* worker -> main */
  GMutex              lock;
  GArray             *queue;         /* SynackKernelChange */
  gboolean            dispatch_pending;
  guint64             lost;
};

enum
{
  CHANGES,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SynackKernelWatch, synack_kernel_watch, G_TYPE_OBJECT)

const char *
synack_kernel_source_name (SynackKernelSource source)
{
  return source == SYNACK_KERNEL_SOURCE_TRACEPOINT ? "tracepoint" : "poll";
}

static gint64
clock_ns (clockid_t id)
{
  struct timespec ts;

  clock_gettime (id, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

/* ---------------------------------------------------------------- parsing */

static const char *
field (const char *line,
       const char *name,
       char       *buf,
       gsize       len)
{
  g_autofree char *key = g_strconcat (" ", name, "=", NULL);
  const char *at = strstr (line, key);
  gsize n = 0;

  if (at == NULL)
    return NULL;
  at += strlen (key);
  while (at[n] != '\0' && at[n] != ' ' && at[n] != '\n' && n + 1 < len)
    {
      buf[n] = at[n];
      n++;
    }
  buf[n] = '\0';
  return buf;
}

static gboolean
parse_state (const char *name,
             int        *linux_state)
{
  static const char * const names[] = {
    NULL, "TCP_ESTABLISHED", "TCP_SYN_SENT", "TCP_SYN_RECV", "TCP_FIN_WAIT1", "TCP_FIN_WAIT2",
    "TCP_TIME_WAIT", "TCP_CLOSE", "TCP_CLOSE_WAIT", "TCP_LAST_ACK", "TCP_LISTEN", "TCP_CLOSING",
    "TCP_NEW_SYN_RECV",
  };

  for (guint i = 1; i < G_N_ELEMENTS (names); i++)
    if (strcmp (name, names[i]) == 0)
      {
        *linux_state = i;
        return TRUE;
      }
  return FALSE;
}

gboolean
synack_kernel_parse_trace_line (const char         *line,
                                gint64             *mono_ns,
                                SynackKernelChange *change)
{
  const char *at = strstr (line, ": inet_sock_set_state:");
  const char *start;
  char buf[64];
  gboolean v6;
  int old_state, new_state;
  SynackTcpState from, to;
  guint64 sec, usec;
  char *end;

  if (at == NULL)
    return FALSE;
  /* "...  381.752627: inet_sock_set_state: family=AF_INET ..." */
  start = at;
  while (start > line && start[-1] != ' ')
    start--;
  sec = g_ascii_strtoull (start, &end, 10);
  if (end == start || *end != '.')
    return FALSE;
  usec = g_ascii_strtoull (end + 1, &end, 10);
  if (end != at)
    return FALSE;
  *mono_ns = (gint64) sec * 1000000000 + (gint64) usec * 1000;

  memset (change, 0, sizeof *change);
  if (field (at, "protocol", buf, sizeof buf) == NULL || strcmp (buf, "IPPROTO_TCP") != 0)
    return FALSE;
  if (field (at, "family", buf, sizeof buf) == NULL)
    return FALSE;
  v6 = strcmp (buf, "AF_INET6") == 0;
  if (!v6 && strcmp (buf, "AF_INET") != 0)
    return FALSE;
  if (field (at, v6 ? "saddrv6" : "saddr", buf, sizeof buf) == NULL ||
      !synack_address_parse (buf, &change->local))
    return FALSE;
  if (field (at, v6 ? "daddrv6" : "daddr", buf, sizeof buf) == NULL ||
      !synack_address_parse (buf, &change->remote))
    return FALSE;
  synack_address_unmap (&change->local);
  synack_address_unmap (&change->remote);
  if (field (at, "sport", buf, sizeof buf) == NULL)
    return FALSE;
  change->local_port = g_ascii_strtoull (buf, NULL, 10);
  if (field (at, "dport", buf, sizeof buf) == NULL)
    return FALSE;
  change->remote_port = g_ascii_strtoull (buf, NULL, 10);
  if (field (at, "oldstate", buf, sizeof buf) == NULL || !parse_state (buf, &old_state) ||
      !synack_linux_tcp_state_to_rfc (old_state, &from))
    return FALSE;
  if (field (at, "newstate", buf, sizeof buf) == NULL || !parse_state (buf, &new_state) ||
      !synack_linux_tcp_state_to_rfc (new_state, &to))
    return FALSE;
  change->from = from;
  change->to = to;
  change->source = SYNACK_KERNEL_SOURCE_TRACEPOINT;

  /* "  comm-pid   [cpu] flags ts:": the flags' third letter is h or s (H for
   * both) when the change was made in an interrupt, for a packet or a timer. */
  {
    const char *close_br = strstr (line, "] ");
    const char *open_br = close_br;

    while (open_br != NULL && open_br > line && *open_br != '[')
      open_br--;
    if (close_br != NULL && open_br != NULL && *open_br == '[' && close_br + 5 < start)
      {
        const char *flags = close_br + 2;
        const char *end_comm = open_br;
        const char *dash;
        g_autofree char *who = NULL;

        while (end_comm > line && end_comm[-1] == ' ')
          end_comm--;
        who = g_strndup (line, end_comm - line);
        g_strchug (who);
        dash = strrchr (who, '-');
        change->in_process = flags[2] != 'h' && flags[2] != 's' && flags[2] != 'H';
        if (dash != NULL && change->in_process)
          {
            change->pid = (gint32) g_ascii_strtoll (dash + 1, NULL, 10);
            g_strlcpy (change->comm, who, MIN ((gsize) (dash - who) + 1, sizeof change->comm));
          }
      }
  }
  return TRUE;
}

/* ---------------------------------------------------------------- tracefs */

static gboolean
write_file (const char  *dir,
            const char  *name,
            const char  *text,
            int         *errno_out)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  int fd = open (path, O_WRONLY | O_TRUNC | O_CLOEXEC);
  gboolean ok;

  if (fd < 0)
    {
      *errno_out = errno;
      return FALSE;
    }
  ok = write (fd, text, strlen (text)) == (ssize_t) strlen (text);
  *errno_out = ok ? 0 : errno;
  close (fd);
  return ok;
}

static gboolean
has_event (const char *root)
{
  g_autofree char *path = g_build_filename (root, EVENT_DIR, NULL);

  return g_file_test (path, G_FILE_TEST_IS_DIR);
}

/* Instances left by a Synack that died without cleaning up. */
static void
remove_stale_instances (const char *root)
{
  g_autofree char *dir = g_build_filename (root, "instances", NULL);
  g_autoptr(GDir) instances = g_dir_open (dir, 0, NULL);
  const char *name;

  if (instances == NULL)
    return;
  while ((name = g_dir_read_name (instances)) != NULL)
    {
      char *end;
      long pid;

      if (!g_str_has_prefix (name, INSTANCE_PREFIX))
        continue;
      pid = strtol (name + strlen (INSTANCE_PREFIX), &end, 10);
      if (*end != '\0' || pid <= 0 || (kill (pid, 0) == 0 || errno == EPERM))
        continue;
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);

        g_rmdir (path);
      }
    }
}

static char *
find_tracefs (char **reason)
{
  for (guint i = 0; i < G_N_ELEMENTS (tracefs_paths); i++)
    if (has_event (tracefs_paths[i]))
      return g_strdup (tracefs_paths[i]);

  for (guint i = 0; i < G_N_ELEMENTS (tracefs_paths); i++)
    {
      g_autofree char *events = g_build_filename (tracefs_paths[i], "events", NULL);

      /* tracefs is there but has no such event: the kernel lacks it. */
      if (g_file_test (events, G_FILE_TEST_IS_DIR))
        {
          *reason = g_strdup_printf (_("the kernel has no sock:inet_sock_set_state tracepoint "
                                       "(tracefs at %s)"), tracefs_paths[i]);
          return NULL;
        }
    }

  /* Mounted, but closed to this user (tracefs is root's, mode 0700). */
  for (guint i = 0; i < G_N_ELEMENTS (tracefs_paths); i++)
    {
      g_autofree char *events = g_build_filename (tracefs_paths[i], "events", NULL);
      struct stat st;

      if (stat (events, &st) != 0 && errno == EACCES)
        {
          *reason = g_strdup_printf (_("tracefs at %s is closed to this user: the tracepoint "
                                       "needs root or CAP_DAC_OVERRIDE"), tracefs_paths[i]);
          return NULL;
        }
    }

  if (!g_file_test (tracefs_paths[0], G_FILE_TEST_IS_DIR))
    {
      *reason = g_strdup_printf (_("there is no %s to mount tracefs on"), tracefs_paths[0]);
      return NULL;
    }
  if (mount ("nodev", tracefs_paths[0], "tracefs", 0, NULL) != 0)
    {
      int saved = errno;

      *reason = g_strdup_printf (_("tracefs is not mounted, and mounting it on %s needs "
                                   "CAP_SYS_ADMIN (%s)"), tracefs_paths[0], g_strerror (saved));
      return NULL;
    }
  if (!has_event (tracefs_paths[0]))
    {
      *reason = g_strdup (_("the kernel has no sock:inet_sock_set_state tracepoint"));
      return NULL;
    }
  return g_strdup (tracefs_paths[0]);
}

static void
close_tracepoint (SynackKernelWatch *self)
{
  if (self->enable_fd >= 0)
    {
      if (write (self->enable_fd, "0", 1) < 0)
        { /* the instance goes away below, and with it the event */ }
      close (self->enable_fd);
      self->enable_fd = -1;
    }
  if (self->pipe_fd >= 0)
    {
      close (self->pipe_fd);
      self->pipe_fd = -1;
    }
  if (self->instance != NULL)
    {
      if (g_rmdir (self->instance) != 0 && errno != ENOENT)
        {
          int saved = errno;

          g_printerr (_("synack: could not remove the trace instance %s: %s\n"), self->instance,
                      g_strerror (saved));
        }
      g_clear_pointer (&self->instance, g_free);
    }
}

static gboolean
open_tracepoint (SynackKernelWatch  *self,
                 char              **reason)
{
  g_autofree char *root = find_tracefs (reason);
  g_autofree char *name = NULL;
  g_autofree char *event = NULL;
  g_autofree char *pipe_path = NULL;
  g_autofree char *enable_path = NULL;
  int err = 0;

  if (root == NULL)
    return FALSE;
  remove_stale_instances (root);
  name = g_strdup_printf (INSTANCE_PREFIX "%d", (int) getpid ());
  self->instance = g_build_filename (root, "instances", name, NULL);
  if (g_mkdir (self->instance, 0700) != 0 && errno != EEXIST)
    {
      int saved = errno;

      *reason = g_strdup_printf (_("cannot make a trace instance in %s/instances (%s): the "
                                   "tracepoint needs root or CAP_DAC_OVERRIDE"),
                                 root, g_strerror (saved));
      g_clear_pointer (&self->instance, g_free);
      return FALSE;
    }

  event = g_build_filename (self->instance, EVENT_DIR, NULL);
  if (!write_file (self->instance, "trace_clock", "mono", &err) ||
      !write_file (self->instance, "buffer_size_kb", BUFFER_KB, &err) ||
      !write_file (event, "filter", "protocol == 6", &err))
    {
      *reason = g_strdup_printf (_("cannot set up the trace instance %s: %s"), self->instance,
                                 g_strerror (err));
      close_tracepoint (self);
      return FALSE;
    }
  enable_path = g_build_filename (event, "enable", NULL);
  pipe_path = g_build_filename (self->instance, "trace_pipe", NULL);
  /* Both stay open: the pipe to read, enable to turn the event off again
   * after capabilities are given up. */
  self->enable_fd = open (enable_path, O_WRONLY | O_CLOEXEC);
  self->pipe_fd = open (pipe_path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (self->enable_fd < 0 || self->pipe_fd < 0 || write (self->enable_fd, "1", 1) != 1)
    {
      int saved = errno;

      *reason = g_strdup_printf (_("cannot enable sock:inet_sock_set_state in %s: %s"),
                                 self->instance, g_strerror (saved));
      close_tracepoint (self);
      return FALSE;
    }
  self->mono_to_real = clock_ns (CLOCK_REALTIME) - clock_ns (CLOCK_MONOTONIC);
  return TRUE;
}

/* ---------------------------------------------------------------- object */

static void stop_worker (SynackKernelWatch *self,
                         gboolean           emit_last);

static void
synack_kernel_watch_finalize (GObject *object)
{
  SynackKernelWatch *self = SYNACK_KERNEL_WATCH (object);

  stop_worker (self, FALSE);
  g_free (self->fallback_reason);
  g_array_unref (self->queue);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (synack_kernel_watch_parent_class)->finalize (object);
}

static void
synack_kernel_watch_class_init (SynackKernelWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = synack_kernel_watch_finalize;

  /**
   * SynackKernelWatch::changes:
   * @changes: (element-type SynackKernelChange): the changes since the last
   *   emission, in the order the kernel made them
   */
  signals[CHANGES] = g_signal_new ("changes", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ARRAY);
}

static void
synack_kernel_watch_init (SynackKernelWatch *self)
{
  self->pipe_fd = -1;
  self->enable_fd = -1;
  self->wake_fd = -1;
  g_mutex_init (&self->lock);
  self->queue = g_array_new (FALSE, FALSE, sizeof (SynackKernelChange));
}

SynackKernelWatch *
synack_kernel_watch_new (SynackKernelMode mode,
                         guint            poll_interval_ms)
{
  SynackKernelWatch *self = g_object_new (SYNACK_TYPE_KERNEL_WATCH, NULL);

  self->mode = mode;
  self->interval_ms = poll_interval_ms > 0 ? poll_interval_ms : SYNACK_KERNEL_POLL_INTERVAL_MS;
  self->source = mode == SYNACK_KERNEL_MODE_POLL ? SYNACK_KERNEL_SOURCE_POLL
                                                 : SYNACK_KERNEL_SOURCE_TRACEPOINT;
  return self;
}

gboolean
synack_kernel_watch_open (SynackKernelWatch  *self,
                          GError            **error)
{
  g_autofree char *reason = NULL;

  g_return_val_if_fail (SYNACK_IS_KERNEL_WATCH (self), FALSE);

  if (self->opened)
    return TRUE;
  if (self->mode == SYNACK_KERNEL_MODE_POLL)
    {
      self->source = SYNACK_KERNEL_SOURCE_POLL;
      self->fallback_reason = g_strdup (_("polling was asked for"));
    }
  /* To see what polling misses where the tracepoint could be read. */
  else if (self->mode == SYNACK_KERNEL_MODE_AUTO && g_getenv ("SYNACK_KERNEL_POLL") != NULL &&
           g_getenv ("SYNACK_KERNEL_POLL")[0] != '\0' &&
           g_strcmp0 (g_getenv ("SYNACK_KERNEL_POLL"), "0") != 0)
    {
      self->source = SYNACK_KERNEL_SOURCE_POLL;
      self->fallback_reason = g_strdup (_("SYNACK_KERNEL_POLL is set"));
    }
  else if (open_tracepoint (self, &reason))
    self->source = SYNACK_KERNEL_SOURCE_TRACEPOINT;
  else if (self->mode == SYNACK_KERNEL_MODE_TRACEPOINT)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_PERMISSION,
                   _("the sock:inet_sock_set_state tracepoint cannot be read: %s"), reason);
      return FALSE;
    }
  else
    {
      self->source = SYNACK_KERNEL_SOURCE_POLL;
      self->fallback_reason = g_steal_pointer (&reason);
    }
  self->opened = TRUE;
  return TRUE;
}

SynackKernelSource
synack_kernel_watch_get_source (SynackKernelWatch *self)
{
  g_return_val_if_fail (SYNACK_IS_KERNEL_WATCH (self), SYNACK_KERNEL_SOURCE_POLL);
  return self->source;
}

guint
synack_kernel_watch_get_poll_interval (SynackKernelWatch *self)
{
  g_return_val_if_fail (SYNACK_IS_KERNEL_WATCH (self), 0);
  return self->interval_ms;
}

const char *
synack_kernel_watch_get_fallback_reason (SynackKernelWatch *self)
{
  g_return_val_if_fail (SYNACK_IS_KERNEL_WATCH (self), NULL);
  return self->fallback_reason;
}

guint64
synack_kernel_watch_get_lost (SynackKernelWatch *self)
{
  guint64 lost;

  g_return_val_if_fail (SYNACK_IS_KERNEL_WATCH (self), 0);
  g_mutex_lock (&self->lock);
  lost = self->lost;
  g_mutex_unlock (&self->lock);
  return lost;
}

/* ---------------------------------------------------------------- delivery */

static gboolean
dispatch (gpointer user_data)
{
  SynackKernelWatch *self = user_data;
  g_autoptr(GArray) batch = NULL;

  g_mutex_lock (&self->lock);
  batch = self->queue;
  self->queue = g_array_new (FALSE, FALSE, sizeof (SynackKernelChange));
  self->dispatch_pending = FALSE;
  g_mutex_unlock (&self->lock);
  if (batch->len > 0)
    g_signal_emit (self, signals[CHANGES], 0, batch);
  return G_SOURCE_REMOVE;
}

/* Worker side: the changes go to the main context in one batch. */
static void
deliver (SynackKernelWatch *self,
         GArray            *changes)
{
  gboolean schedule;

  if (changes->len == 0)
    return;
  g_mutex_lock (&self->lock);
  g_array_append_vals (self->queue, changes->data, changes->len);
  schedule = !self->dispatch_pending;
  self->dispatch_pending = TRUE;
  g_mutex_unlock (&self->lock);
  g_array_set_size (changes, 0);
  if (schedule)
    g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, dispatch,
                                g_object_ref (self), g_object_unref);
}

/* ---------------------------------------------------------------- worker */

typedef struct
{
  SynackAddress local, remote;
  guint16       local_port, remote_port;
} Tuple;

static char *
tuple_key (const SynackAddress *l,
           guint16              lp,
           const SynackAddress *r,
           guint16              rp)
{
  char a[80], b[80];

  return g_strdup_printf ("%s %s", synack_endpoint_to_string (l, lp, a, sizeof a),
                          synack_endpoint_to_string (r, rp, b, sizeof b));
}

typedef struct
{
  Tuple          tuple;
  SynackTcpState state;
} Followed;

typedef struct
{
  SynackKernelChange change;
  gint64             seen;   /* monotonic ns when read */
} Pending;

typedef struct
{
  SynackKernelWatch *self;
  GArray            *out;        /* SynackKernelChange, delivered after each round */
  GHashTable        *followed;   /* key -> Followed: time-wait socks (tracepoint) or all (poll) */
  GArray            *pending;    /* Pending connects without their port */
  GString           *partial;    /* a line read in part */
} Worker;

static void
emit (Worker                   *w,
      const SynackKernelChange *change)
{
  g_array_append_vals (w->out, change, 1);
}

static gboolean
same_connect (const SynackKernelChange *pending,
              const SynackKernelChange *c)
{
  SynackAddress any;

  memset (&any, 0, sizeof any);
  any.family = pending->local.family;
  return pending->remote_port == c->remote_port &&
         synack_address_equal (&pending->remote, &c->remote) &&
         (synack_address_equal (&pending->local, &any) ||
          synack_address_equal (&pending->local, &c->local));
}

static void
follow (Worker                   *w,
        const SynackKernelChange *c,
        SynackTcpState            state)
{
  Followed *f = g_new0 (Followed, 1);

  f->tuple.local = c->local;
  f->tuple.remote = c->remote;
  f->tuple.local_port = c->local_port;
  f->tuple.remote_port = c->remote_port;
  f->state = state;
  g_hash_table_replace (w->followed,
                        tuple_key (&c->local, c->local_port, &c->remote, c->remote_port), f);
}

static void
handle_trace_change (Worker             *w,
                     SynackKernelChange *c)
{
  /* A new socket on a 4-tuple whose time-wait sock was followed: the
   * tracepoint speaks for it again. */
  if (c->local_port != 0 && g_hash_table_size (w->followed) > 0)
    {
      g_autofree char *key = tuple_key (&c->local, c->local_port, &c->remote, c->remote_port);

      g_hash_table_remove (w->followed, key);
    }
  /* connect(): CLOSED -> SYN-SENT before the port is chosen. */
  if (c->from == SYNACK_TCP_CLOSED && c->to == SYNACK_TCP_SYN_SENT && c->local_port == 0)
    {
      Pending p = { *c, clock_ns (CLOCK_MONOTONIC) };

      g_array_append_val (w->pending, p);
      return;
    }
  if (c->from == SYNACK_TCP_SYN_SENT)
    for (guint i = 0; i < w->pending->len; i++)
      {
        Pending *p = &g_array_index (w->pending, Pending, i);

        if (same_connect (&p->change, c))
          {
            p->change.local = c->local;
            p->change.local_port = c->local_port;
            emit (w, &p->change);
            g_array_remove_index (w->pending, i);
            break;
          }
      }

  /* The full socket closes when a time-wait sock takes its place (FIN-WAIT-2
   * after close(), or TIME-WAIT): the connection goes on, out of the
   * tracepoint's sight. sock_diag still lists it, in its real state. */
  if (c->to == SYNACK_TCP_CLOSED &&
      (c->from == SYNACK_TCP_FIN_WAIT_1 || c->from == SYNACK_TCP_FIN_WAIT_2 ||
       c->from == SYNACK_TCP_CLOSING))
    {
      SynackSocketInfo info;

      if (synack_sock_diag_find (&c->local, c->local_port, &c->remote, c->remote_port, &info) &&
          (info.state == SYNACK_TCP_TIME_WAIT || info.state == SYNACK_TCP_FIN_WAIT_2))
        {
          follow (w, c, info.state);
          if (info.state == c->from)
            return;
          c->to = info.state;
        }
    }
  emit (w, c);
}

static void
read_trace (Worker *w)
{
  SynackKernelWatch *self = w->self;
  char buf[16384];

  for (;;)
    {
      ssize_t n = read (self->pipe_fd, buf, sizeof buf);
      char *line, *nl;

      if (n <= 0)
        break;
      g_string_append_len (w->partial, buf, n);
      line = w->partial->str;
      while ((nl = strchr (line, '\n')) != NULL)
        {
          SynackKernelChange c;
          gint64 mono;
          const char *lost;

          *nl = '\0';
          if (synack_kernel_parse_trace_line (line, &mono, &c))
            {
              c.time = mono + self->mono_to_real;
              handle_trace_change (w, &c);
            }
          else if ((lost = strstr (line, "[LOST ")) != NULL)
            {
              g_mutex_lock (&self->lock);
              self->lost += g_ascii_strtoull (lost + 6, NULL, 10);
              g_mutex_unlock (&self->lock);
            }
          line = nl + 1;
        }
      g_string_erase (w->partial, 0, line - w->partial->str);
    }
}

/* Connects still waiting for their port: ask sock_diag for a SYN-SENT
 * socket to the same peer that nobody else has claimed. */
static void
resolve_pending (Worker *w)
{
  gint64 now = clock_ns (CLOCK_MONOTONIC);
  g_autoptr(GArray) all = NULL;

  for (guint i = 0; i < w->pending->len;)
    {
      Pending *p = &g_array_index (w->pending, Pending, i);
      const SynackSocketInfo *found = NULL;
      guint matches = 0;

      if (now - p->seen < PENDING_CONNECT_NS)
        {
          i++;
          continue;
        }
      if (all == NULL && (all = synack_sock_diag_list (FALSE, NULL)) == NULL)
        return;
      for (guint j = 0; j < all->len; j++)
        {
          const SynackSocketInfo *s = &g_array_index (all, SynackSocketInfo, j);
          SynackKernelChange probe = p->change;

          probe.local = s->local;
          probe.remote = s->remote;
          probe.remote_port = s->remote_port;
          if (s->state == SYNACK_TCP_SYN_SENT && same_connect (&p->change, &probe))
            {
              found = s;
              matches++;
            }
        }
      if (matches == 1)
        {
          p->change.local = found->local;
          p->change.local_port = found->local_port;
        }
      /* Found or not (another namespace's socket), it is told now. */
      emit (w, &p->change);
      g_array_remove_index (w->pending, i);
    }
}

/* Time-wait socks (tracepoint) or every socket (polling): compare sock_diag's
 * list with the last one. */
static void
poll_sockets (Worker   *w,
              gboolean  all_sockets)
{
  g_autoptr(GArray) list = NULL;
  g_autoptr(GHashTable) seen = NULL;
  gint64 now;
  GHashTableIter iter;
  gpointer key, value;

  if (!all_sockets && g_hash_table_size (w->followed) == 0)
    return;
  list = synack_sock_diag_list (FALSE, NULL);
  if (list == NULL)
    return;
  now = clock_ns (CLOCK_REALTIME);
  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < list->len; i++)
    {
      const SynackSocketInfo *s = &g_array_index (list, SynackSocketInfo, i);
      char *k = tuple_key (&s->local, s->local_port, &s->remote, s->remote_port);
      Followed *f = g_hash_table_lookup (w->followed, k);

      if (f == NULL && !all_sockets)
        {
          g_free (k);
          continue;
        }
      g_hash_table_add (seen, k);
      if (f == NULL || f->state != s->state)
        {
          SynackKernelChange c = {
            .time = now, .local = s->local, .remote = s->remote,
            .local_port = s->local_port, .remote_port = s->remote_port,
            .from = f ? f->state : SYNACK_TCP_CLOSED, .to = s->state,
            .source = SYNACK_KERNEL_SOURCE_POLL,
          };

          emit (w, &c);
          if (f != NULL)
            f->state = s->state;
          else
            {
              SynackKernelChange t = c;

              follow (w, &t, s->state);
            }
        }
    }
  g_hash_table_iter_init (&iter, w->followed);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Followed *f = value;

      if (g_hash_table_contains (seen, key))
        continue;
      {
        SynackKernelChange c = {
          .time = now, .local = f->tuple.local, .remote = f->tuple.remote,
          .local_port = f->tuple.local_port, .remote_port = f->tuple.remote_port,
          .from = f->state, .to = SYNACK_TCP_CLOSED, .source = SYNACK_KERNEL_SOURCE_POLL,
        };

        emit (w, &c);
      }
      g_hash_table_iter_remove (&iter);
    }
}

/* The sockets already there when polling starts are no changes. */
static void
poll_baseline (Worker *w)
{
  g_autoptr(GArray) list = synack_sock_diag_list (FALSE, NULL);

  if (list == NULL)
    return;
  for (guint i = 0; i < list->len; i++)
    {
      const SynackSocketInfo *s = &g_array_index (list, SynackSocketInfo, i);
      SynackKernelChange c = {
        .local = s->local, .remote = s->remote,
        .local_port = s->local_port, .remote_port = s->remote_port,
      };

      follow (w, &c, s->state);
    }
}

static Worker *
worker_new (SynackKernelWatch *self)
{
  Worker *w = g_new0 (Worker, 1);

  w->self = self;
  w->out = g_array_new (FALSE, FALSE, sizeof (SynackKernelChange));
  w->followed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  w->pending = g_array_new (FALSE, FALSE, sizeof (Pending));
  w->partial = g_string_new (NULL);
  /* Polling: what is there now is no change. Taken before start returns,
   * so that a socket made after it is one. */
  if (self->source == SYNACK_KERNEL_SOURCE_POLL)
    poll_baseline (w);
  return w;
}

static gpointer
worker_main (gpointer data)
{
  Worker *wp = data;
  Worker w = *wp;
  SynackKernelWatch *self = w.self;
  gboolean tracepoint = self->source == SYNACK_KERNEL_SOURCE_TRACEPOINT;
  gint64 next_poll = clock_ns (CLOCK_MONOTONIC);

  g_free (wp);
  for (;;)
    {
      struct pollfd fds[2] = {
        { .fd = self->wake_fd, .events = POLLIN },
        { .fd = tracepoint ? self->pipe_fd : -1, .events = POLLIN },
      };
      gboolean need_poll = !tracepoint || g_hash_table_size (w.followed) > 0 ||
                           w.pending->len > 0;
      gint64 now = clock_ns (CLOCK_MONOTONIC);
      int timeout = -1;

      if (need_poll)
        timeout = next_poll > now ? (int) ((next_poll - now + 999999) / 1000000) : 0;
      if (poll (fds, 2, timeout) < 0 && errno != EINTR)
        break;
      if (fds[0].revents & POLLIN)
        break;
      if (tracepoint && (fds[1].revents & (POLLIN | POLLERR | POLLHUP)))
        read_trace (&w);
      now = clock_ns (CLOCK_MONOTONIC);
      if (need_poll && now >= next_poll)
        {
          if (tracepoint)
            resolve_pending (&w);
          poll_sockets (&w, !tracepoint);
          next_poll = now + (gint64) self->interval_ms * 1000000;
        }
      else if (!need_poll)
        next_poll = now + (gint64) self->interval_ms * 1000000;
      deliver (self, w.out);
    }
  /* What is still in the pipe was made before the stop. */
  if (tracepoint)
    {
      read_trace (&w);
      for (guint i = 0; i < w.pending->len; i++)
        emit (&w, &g_array_index (w.pending, Pending, i).change);
    }
  deliver (self, w.out);
  g_array_unref (w.out);
  g_hash_table_unref (w.followed);
  g_array_unref (w.pending);
  g_string_free (w.partial, TRUE);
  return NULL;
}

gboolean
synack_kernel_watch_start (SynackKernelWatch  *self,
                           GError            **error)
{
  g_return_val_if_fail (SYNACK_IS_KERNEL_WATCH (self), FALSE);
  g_return_val_if_fail (self->thread == NULL, FALSE);

  if (!synack_kernel_watch_open (self, error))
    return FALSE;
  self->wake_fd = eventfd (0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (self->wake_fd < 0)
    {
      int saved = errno;

      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_FAILED, "eventfd: %s", g_strerror (saved));
      return FALSE;
    }
  self->context = g_main_context_ref_thread_default ();
  self->thread = g_thread_new ("synack-kernel", worker_main, worker_new (self));
  return TRUE;
}

static void
stop_worker (SynackKernelWatch *self,
             gboolean           emit_last)
{

  if (self->thread != NULL)
    {
      guint64 one = 1;

      if (write (self->wake_fd, &one, sizeof one) != sizeof one)
        g_warning ("kernel watch: cannot wake the worker: %s", g_strerror (errno));
      g_thread_join (self->thread);
      self->thread = NULL;
      close (self->wake_fd);
      self->wake_fd = -1;
    }
  close_tracepoint (self);
  /* What the worker handed over last is delivered now, not later. */
  if (self->context != NULL)
    {
      if (emit_last)
        dispatch (self);
      g_clear_pointer (&self->context, g_main_context_unref);
    }
}

void
synack_kernel_watch_stop (SynackKernelWatch *self)
{
  g_return_if_fail (SYNACK_IS_KERNEL_WATCH (self));
  stop_worker (self, TRUE);
}
