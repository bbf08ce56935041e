/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "synack-error.h"
#include "synack-live-spool.h"

/* pcap with nanosecond times, in this machine's byte order */
#define PCAP_MAGIC_NS     0xa1b23c4du
#define PCAP_HEADER_BYTES 24
#define RECORD_BYTES      16
/* A chunk is written again with only what is kept once that is less than
 * 1/COMPACT_BELOW of its file (so all the rewriting costs a third of the
 * writing at most), and only when it is worth a rewrite. */
#define COMPACT_BELOW     4
#define COMPACT_MIN_BYTES (G_GUINT64_CONSTANT (64) << 10)
/* Rewritten chunks next to each other are joined while the file stays
 * below this: a connection open all day does not keep a file a chunk. */
#define JOIN_MAX_BYTES    (G_GUINT64_CONSTANT (1) << 20)
/* Reading a chunk: no record is longer (pcap's own limit for most links). */
#define MAX_CAPLEN        262144
#define WRITE_BUFFER      (64 * 1024)

typedef struct
{
  guint    seq;          /* its file's number */
  guint64  first;        /* the number of its first packet */
  /* written by the reading thread under the lock */
  guint64  end;          /* one past the last packet flushed */
  guint64  bytes;        /* the file's size */
  gboolean closed;       /* the reading thread is done with it */
  /* the main thread's */
  guint64 *numbers;      /* after a rewrite, the numbers of the packets its file holds
                          * (in order); NULL: every number from first to end */
  guint    n_numbers;
  guint32 *kept;         /* bit i: the trace holds the file's i-th packet; NULL: none yet */
  guint    kept_words;
  guint    n_kept;
  gboolean no_rewrite;   /* a rewrite failed: it stays as it is */
} Chunk;

struct _SynackLiveSpool
{
  char       *dir;        /* NULL: the one file given by fd */
  char       *name;       /* that file's name */
  int         fd;
  int         linktype;
  guint       snaplen;
  GMutex      lock;
  GPtrArray  *chunks;     /* Chunk, in order of their numbers; the lock */
  guint       n_closed;   /* atomic: chunks the reading thread closed */

  /* The reading thread's. */
  Chunk      *cur;
  FILE       *file;
  guint64     cur_bytes;
  guint64     cur_packets;
  guint64     good_bytes;   /* the current file's size at the last good flush */
  guint       next_seq;
  int         failed;       /* errno of the first failure, 0 while none */
  char       *failed_what;  /* the file it failed on */

  /* The main thread's. */
  Chunk      *cache;        /* the chunk of the last number looked up */
  guint64     cache_end;
  gsize       map_bytes;    /* the chunks' maps */
  guint       seen_closed;  /* n_closed at the last collect */
  guint64     recheck_at;   /* a closed chunk waits for the trace up to here, or 0 */
  gboolean    dirty;        /* something was let go since the last collect */
};

/* ------------------------------------------------ what goes at exit */

G_LOCK_DEFINE_STATIC (registry);
static GPtrArray *registry;   /* directories of spools not freed */

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d != NULL)
    while ((name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);

        g_unlink (path);
      }
  g_rmdir (dir);
}

static void
remove_left_at_exit (void)
{
  G_LOCK (registry);
  for (guint i = 0; registry != NULL && i < registry->len; i++)
    remove_dir (g_ptr_array_index (registry, i));
  G_UNLOCK (registry);
}

static void
register_dir (const char *dir)
{
  G_LOCK (registry);
  if (registry == NULL)
    {
      registry = g_ptr_array_new_with_free_func (g_free);
      atexit (remove_left_at_exit);
    }
  g_ptr_array_add (registry, g_strdup (dir));
  G_UNLOCK (registry);
}

static void
unregister_dir (const char *dir)
{
  G_LOCK (registry);
  for (guint i = 0; registry != NULL && i < registry->len; i++)
    if (g_str_equal (g_ptr_array_index (registry, i), dir))
      {
        g_ptr_array_remove_index_fast (registry, i);
        break;
      }
  G_UNLOCK (registry);
}

/* ------------------------------------------------------------ chunks */

static char *
chunk_path (SynackLiveSpool *self,
            const Chunk     *c)
{
  if (self->dir == NULL)
    return g_strdup (self->name);
  return g_strdup_printf ("%s/%08u.pcap", self->dir, c->seq);
}

static void
chunk_free (Chunk *c)
{
  g_free (c->kept);
  g_free (c->numbers);
  g_free (c);
}

static inline gboolean
bit_get (const guint32 *map,
         guint64        i)
{
  return (map[i >> 5] >> (i & 31)) & 1;
}

static void
header_bytes (SynackLiveSpool *self,
              guint8           out[PCAP_HEADER_BYTES])
{
  guint32 magic = PCAP_MAGIC_NS, zero = 0, snaplen = self->snaplen;
  guint16 major = 2, minor = 4;
  guint32 linktype = (guint32) self->linktype;

  memcpy (out, &magic, 4);
  memcpy (out + 4, &major, 2);
  memcpy (out + 6, &minor, 2);
  memcpy (out + 8, &zero, 4);
  memcpy (out + 12, &zero, 4);
  memcpy (out + 16, &snaplen, 4);
  memcpy (out + 20, &linktype, 4);
}

static void
fail (SynackLiveSpool *self,
      int              err,
      const char      *what)
{
  if (self->failed != 0)
    return;
  self->failed = err != 0 ? err : EIO;
  self->failed_what = g_strdup (what);
}

SynackLiveSpool *
synack_live_spool_new (const char  *dir,
                       int          linktype,
                       guint        snaplen,
                       GError     **error)
{
  SynackLiveSpool *self;
  g_autofree char *tmpl = g_build_filename (dir != NULL ? dir : g_get_tmp_dir (),
                                            "synack-live-XXXXXX", NULL);

  if (g_mkdtemp (tmpl) == NULL)
    {
      int saved = errno;
      g_autofree char *parent = g_path_get_dirname (tmpl);

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("%s: cannot keep the packets captured there: %s (TMPDIR chooses "
                     "another directory)"), parent, g_strerror (saved));
      return NULL;
    }
  self = g_new0 (SynackLiveSpool, 1);
  self->dir = g_steal_pointer (&tmpl);
  self->fd = -1;
  self->linktype = linktype;
  self->snaplen = snaplen;
  g_mutex_init (&self->lock);
  self->chunks = g_ptr_array_new ();
  register_dir (self->dir);
  return self;
}

SynackLiveSpool *
synack_live_spool_new_for_fd (int         fd,
                              const char *name,
                              int         linktype,
                              guint       snaplen)
{
  SynackLiveSpool *self = g_new0 (SynackLiveSpool, 1);

  self->name = g_strdup (name);
  self->fd = fd;
  self->linktype = linktype;
  self->snaplen = snaplen;
  g_mutex_init (&self->lock);
  self->chunks = g_ptr_array_new ();
  return self;
}

void
synack_live_spool_free (SynackLiveSpool *self)
{
  if (self == NULL)
    return;
  if (self->file != NULL)
    fclose (self->file);
  else if (self->fd >= 0)
    close (self->fd);
  for (guint i = 0; i < self->chunks->len; i++)
    chunk_free (g_ptr_array_index (self->chunks, i));
  g_ptr_array_unref (self->chunks);
  if (self->dir != NULL)
    {
      remove_dir (self->dir);
      unregister_dir (self->dir);
    }
  g_mutex_clear (&self->lock);
  g_free (self->failed_what);
  g_free (self->dir);
  g_free (self->name);
  g_free (self);
}

/* The reading thread: the current chunk's file is done with. */
static void
close_current (SynackLiveSpool *self)
{
  Chunk *c = self->cur;

  if (c == NULL)
    return;
  if (self->failed == 0 && fflush (self->file) != 0)
    {
      g_autofree char *path = chunk_path (self, c);

      fail (self, errno, path);
    }
  if (self->failed != 0)
    {
      /* leave no half record at its end: what stdio still holds goes too */
      __fpurge (self->file);
      if (ftruncate (fileno (self->file), (off_t) self->good_bytes) == 0)
        self->cur_bytes = self->good_bytes;
    }
  else
    self->good_bytes = self->cur_bytes;
  fclose (self->file);
  self->file = NULL;
  self->fd = -1;
  g_mutex_lock (&self->lock);
  c->bytes = self->good_bytes;
  if (self->failed == 0)
    c->end = c->first + self->cur_packets;
  c->closed = TRUE;
  g_mutex_unlock (&self->lock);
  g_atomic_int_inc (&self->n_closed);
  self->cur = NULL;
}

/* The reading thread: a new chunk from packet number on. */
static gboolean
open_chunk (SynackLiveSpool *self,
            guint64          number)
{
  g_autofree char *path = NULL;
  guint8 header[PCAP_HEADER_BYTES];
  Chunk *c;

  close_current (self);
  if (self->failed != 0)
    return FALSE;
  c = g_new0 (Chunk, 1);
  c->seq = self->next_seq++;
  c->first = c->end = number;
  path = chunk_path (self, c);
  if (self->dir == NULL)
    self->file = fdopen (self->fd, "wb");
  else
    self->file = fopen (path, "wbe");
  if (self->file == NULL)
    {
      fail (self, errno, path);
      g_free (c);
      return FALSE;
    }
  setvbuf (self->file, NULL, _IOFBF, WRITE_BUFFER);
  header_bytes (self, header);
  if (fwrite (header, sizeof header, 1, self->file) != 1)
    fail (self, errno, path);
  self->cur = c;
  self->cur_bytes = sizeof header;
  self->good_bytes = 0;
  self->cur_packets = 0;
  c->bytes = 0;
  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->chunks, c);
  g_mutex_unlock (&self->lock);
  return self->failed == 0;
}

void
synack_live_spool_write (SynackLiveSpool *self,
                         guint64          number,
                         gint64           sec,
                         guint32          nsec,
                         guint            caplen,
                         guint            len,
                         const guchar    *bytes)
{
  guint32 rec[4] = { (guint32) sec, nsec, caplen, len };

  if (self->failed != 0)
    return;
  if (self->cur == NULL ||
      (self->dir != NULL && self->cur_packets > 0 &&
       (self->cur_bytes + RECORD_BYTES + caplen > SYNACK_LIVE_SPOOL_CHUNK_BYTES ||
        self->cur_packets >= SYNACK_LIVE_SPOOL_CHUNK_PACKETS)))
    if (!open_chunk (self, number))
      return;
  if (fwrite (rec, sizeof rec, 1, self->file) != 1 ||
      (caplen > 0 && fwrite (bytes, caplen, 1, self->file) != 1))
    {
      g_autofree char *path = chunk_path (self, self->cur);

      fail (self, errno, path);
      return;
    }
  self->cur_bytes += sizeof rec + caplen;
  self->cur_packets++;
}

gboolean
synack_live_spool_flush (SynackLiveSpool  *self,
                         GError          **error)
{
  /* a file the user named is a pcap file from the start, packets or not */
  if (self->dir == NULL && self->chunks->len == 0)
    open_chunk (self, 1);
  if (self->failed == 0 && self->cur != NULL)
    {
      if (fflush (self->file) != 0)
        {
          g_autofree char *path = chunk_path (self, self->cur);

          fail (self, errno, path);
        }
      else
        {
          self->good_bytes = self->cur_bytes;
          g_mutex_lock (&self->lock);
          self->cur->end = self->cur->first + self->cur_packets;
          self->cur->bytes = self->cur_bytes;
          g_mutex_unlock (&self->lock);
        }
    }
  if (self->failed == 0)
    return TRUE;
  /* the packets since the last good flush are not handed over: the file
   * ends where they began */
  if (self->cur != NULL)
    close_current (self);
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (self->failed),
               _("%s: cannot write the packets captured: %s; the capture stopped, and what it "
                 "captured before is kept"),
               self->failed_what, g_strerror (self->failed));
  return FALSE;
}

void
synack_live_spool_close (SynackLiveSpool *self)
{
  close_current (self);
}

/* ------------------------------------------------------- main thread */

/* The chunk of a packet handed over; NULL when there is none. */
static Chunk *
find (SynackLiveSpool *self,
      guint64          number)
{
  Chunk *found = NULL;
  guint lo = 0, hi;

  if (self->cache != NULL && number >= self->cache->first && number < self->cache_end)
    return self->cache;
  g_mutex_lock (&self->lock);
  hi = self->chunks->len;
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (((Chunk *) g_ptr_array_index (self->chunks, mid))->first <= number)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo > 0)
    {
      found = g_ptr_array_index (self->chunks, lo - 1);
      if (number >= found->end)
        found = NULL;
      else
        {
          self->cache = found;
          self->cache_end = found->end;
        }
    }
  g_mutex_unlock (&self->lock);
  return found;
}

/* Where number is in c's file; G_MAXUINT64 when the file does not hold it. */
static guint64
position (const Chunk *c,
          guint64      number)
{
  guint lo = 0, hi = c->n_numbers;

  if (c->numbers == NULL)
    return number - c->first;
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (c->numbers[mid] < number)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo < c->n_numbers && c->numbers[lo] == number ? lo : G_MAXUINT64;
}

static inline gboolean
is_kept (const Chunk *c,
         guint64      i)
{
  return c->kept != NULL && i < (guint64) c->kept_words * 32 && bit_get (c->kept, i);
}

/* The packets c's file holds. */
static guint64
n_records (const Chunk *c)
{
  return c->numbers != NULL ? c->n_numbers : c->end - c->first;
}

void
synack_live_spool_keep (SynackLiveSpool *self,
                        guint64          number)
{
  Chunk *c;
  guint64 i;

  if (self->dir == NULL || (c = find (self, number)) == NULL ||
      (i = position (c, number)) == G_MAXUINT64)
    return;
  if (c->kept == NULL)
    {
      /* the most a chunk written by the reading thread holds; made
       * smaller once it is closed and through the trace */
      c->kept_words = SYNACK_LIVE_SPOOL_CHUNK_PACKETS / 32;
      c->kept = g_new0 (guint32, c->kept_words);
      self->map_bytes += c->kept_words * sizeof (guint32);
    }
  if (i < (guint64) c->kept_words * 32 && !bit_get (c->kept, i))
    {
      c->kept[i >> 5] |= 1u << (i & 31);
      c->n_kept++;
    }
}

void
synack_live_spool_let_go (SynackLiveSpool *self,
                          guint64          number)
{
  Chunk *c;
  guint64 i;

  if (self->dir == NULL || (c = find (self, number)) == NULL ||
      (i = position (c, number)) == G_MAXUINT64 || !is_kept (c, i))
    return;
  c->kept[i >> 5] &= ~(1u << (i & 31));
  c->n_kept--;
  self->dirty = TRUE;
}

typedef gboolean (*RecordFunc) (gpointer       data,
                                guint64        number,
                                const guint32  rec[4],
                                const guchar  *bytes,
                                GError       **error);

/* Each kept packet of c's file, in order, to func. Reading stops at the
 * first record cut short: the reading thread may be writing it now, and
 * it was not handed over. */
static gboolean
walk_kept (SynackLiveSpool  *self,
           Chunk            *c,
           guchar           *buf,
           RecordFunc        func,
           gpointer          data,
           GError          **error)
{
  g_autofree char *path = chunk_path (self, c);
  guint8 header[PCAP_HEADER_BYTES];
  guint64 n = n_records (c);
  FILE *in;

  if (c->n_kept == 0)
    return TRUE;
  in = fopen (path, "rbe");
  if (in == NULL)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", path,
                   g_strerror (saved));
      return FALSE;
    }
  if (fread (header, sizeof header, 1, in) == 1)
    for (guint64 i = 0; i < n; i++)
      {
        guint32 rec[4];

        if (fread (rec, sizeof rec, 1, in) != 1 || rec[2] > MAX_CAPLEN ||
            (rec[2] > 0 && fread (buf, rec[2], 1, in) != 1))
          break;
        if (is_kept (c, i) &&
            !func (data, c->numbers != NULL ? c->numbers[i] : c->first + i, rec, buf, error))
          {
            fclose (in);
            return FALSE;
          }
      }
  fclose (in);
  return TRUE;
}

typedef struct
{
  FILE   *out;
  GArray *numbers;   /* guint64 */
} Rewrite;

static gboolean
write_to_file (gpointer       data,
               guint64        number,
               const guint32  rec[4],
               const guchar  *bytes,
               GError       **error)
{
  Rewrite *w = data;

  if (fwrite (rec, RECORD_BYTES, 1, w->out) != 1 ||
      (rec[2] > 0 && fwrite (bytes, rec[2], 1, w->out) != 1))
    return FALSE;
  g_array_append_val (w->numbers, number);
  return TRUE;
}

static gsize
map_size (const Chunk *c)
{
  return c->kept_words * sizeof (guint32) + c->n_numbers * sizeof (guint64);
}

/* The kept packets of chunks (in order, next to each other in the spool)
 * into the first one's file; the others go. FALSE leaves them all as they
 * were. */
static gboolean
rewrite (SynackLiveSpool *self,
         Chunk          **chunks,
         guint            n,
         guchar          *buf)
{
  Chunk *c = chunks[0];
  g_autofree char *path = chunk_path (self, c);
  g_autofree char *tmp = g_strconcat (path, ".new", NULL);
  guint8 header[PCAP_HEADER_BYTES];
  Rewrite w;
  struct stat st;
  gboolean ok;
  guint64 end = chunks[n - 1]->end;

  w.out = fopen (tmp, "wbe");
  if (w.out == NULL)
    return FALSE;
  w.numbers = g_array_new (FALSE, FALSE, sizeof (guint64));
  setvbuf (w.out, NULL, _IOFBF, WRITE_BUFFER);
  header_bytes (self, header);
  ok = fwrite (header, sizeof header, 1, w.out) == 1;
  for (guint k = 0; ok && k < n; k++)
    ok = walk_kept (self, chunks[k], buf, write_to_file, &w, NULL);
  ok = fflush (w.out) == 0 && ok;
  ok = fstat (fileno (w.out), &st) == 0 && ok;
  ok = fclose (w.out) == 0 && ok;
  if (!ok || g_rename (tmp, path) != 0)
    {
      g_unlink (tmp);
      g_array_unref (w.numbers);
      return FALSE;
    }

  for (guint k = 0; k < n; k++)
    self->map_bytes -= map_size (chunks[k]);
  g_free (c->numbers);
  g_free (c->kept);
  c->n_numbers = w.numbers->len;
  c->numbers = (guint64 *) g_array_free (w.numbers, FALSE);
  c->n_kept = c->n_numbers;
  c->kept_words = (c->n_numbers + 31) / 32;
  c->kept = g_new (guint32, MAX (c->kept_words, 1));
  memset (c->kept, 0xff, c->kept_words * sizeof (guint32));
  if (c->n_numbers % 32 != 0)
    c->kept[c->kept_words - 1] = (1u << (c->n_numbers % 32)) - 1;
  self->map_bytes += map_size (c);

  g_mutex_lock (&self->lock);
  c->bytes = (guint64) st.st_size;
  c->end = end;
  for (guint k = 1; k < n; k++)
    g_ptr_array_remove (self->chunks, chunks[k]);
  g_mutex_unlock (&self->lock);
  for (guint k = 1; k < n; k++)
    {
      g_autofree char *other = chunk_path (self, chunks[k]);

      g_unlink (other);
      if (self->cache == chunks[k])
        self->cache = NULL;
      chunk_free (chunks[k]);
    }
  if (self->cache == c)
    self->cache_end = end;
  return TRUE;
}

/* c goes: nothing in it is kept. */
static void
delete_chunk (SynackLiveSpool *self,
              Chunk           *c)
{
  g_autofree char *path = chunk_path (self, c);

  g_unlink (path);
  g_mutex_lock (&self->lock);
  g_ptr_array_remove (self->chunks, c);
  g_mutex_unlock (&self->lock);
  if (self->cache == c)
    self->cache = NULL;
  self->map_bytes -= map_size (c);
  chunk_free (c);
}

void
synack_live_spool_collect (SynackLiveSpool *self,
                           guint64          applied)
{
  g_autoptr(GPtrArray) done = NULL;
  g_autofree guchar *buf = NULL;
  guint closed = (guint) g_atomic_int_get (&self->n_closed);
  Chunk *prev = NULL;

  if (self->dir == NULL ||
      (!self->dirty && closed == self->seen_closed &&
       (self->recheck_at == 0 || applied < self->recheck_at)))
    return;
  self->dirty = FALSE;
  self->seen_closed = closed;
  self->recheck_at = 0;

  /* The chunks the reading thread closed whose packets all went through
   * the trace, in order: only this thread removes chunks. */
  done = g_ptr_array_new ();
  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->chunks->len; i++)
    {
      Chunk *c = g_ptr_array_index (self->chunks, i);

      if (c->closed && c->end > applied)
        self->recheck_at = c->end;
      if (!c->closed || c->end > applied)
        break;
      g_ptr_array_add (done, c);
    }
  g_mutex_unlock (&self->lock);

  for (guint i = 0; i < done->len; i++)
    {
      Chunk *c = g_ptr_array_index (done, i);
      guint words = (guint) ((n_records (c) + 31) / 32);

      if (c->n_kept == 0)
        {
          delete_chunk (self, c);
          continue;
        }
      /* its map down to its size, now that it is known */
      if (c->kept_words > words)
        {
          self->map_bytes -= (c->kept_words - words) * sizeof (guint32);
          c->kept = g_renew (guint32, c->kept, MAX (words, 1));
          c->kept_words = words;
        }
      if (buf == NULL)
        buf = g_malloc (MAX_CAPLEN);
      if (!c->no_rewrite && c->bytes >= COMPACT_MIN_BYTES &&
          (guint64) c->n_kept * COMPACT_BELOW < n_records (c))
        c->no_rewrite = !rewrite (self, &c, 1, buf);
      /* two rewritten ones next to each other, small enough: one file */
      if (prev != NULL && prev->numbers != NULL && c->numbers != NULL &&
          prev->bytes + c->bytes < JOIN_MAX_BYTES)
        {
          Chunk *pair[2] = { prev, c };

          if (rewrite (self, pair, 2, buf))
            continue;   /* prev is the joined one */
        }
      prev = c;
    }
}

static gboolean
write_to_stream (gpointer       data,
                 guint64        number,
                 const guint32  rec[4],
                 const guchar  *bytes,
                 GError       **error)
{
  GOutputStream *out = data;

  return g_output_stream_write_all (out, rec, RECORD_BYTES, NULL, NULL, error) &&
         (rec[2] == 0 || g_output_stream_write_all (out, bytes, rec[2], NULL, NULL, error));
}

gboolean
synack_live_spool_save (SynackLiveSpool  *self,
                        GOutputStream    *out,
                        const char       *where,
                        GError          **error)
{
  g_autoptr(GOutputStream) buffered = g_buffered_output_stream_new_sized (out, 256 * 1024);
  g_autoptr(GPtrArray) chunks = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree guchar *buf = g_malloc (MAX_CAPLEN);
  guint8 header[PCAP_HEADER_BYTES];
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (self->dir != NULL, FALSE);

  g_mutex_lock (&self->lock);
  chunks = g_ptr_array_copy (self->chunks, NULL, NULL);
  g_mutex_unlock (&self->lock);

  header_bytes (self, header);
  ok = g_output_stream_write_all (buffered, header, sizeof header, NULL, NULL, &local);
  for (guint i = 0; ok && i < chunks->len; i++)
    ok = walk_kept (self, g_ptr_array_index (chunks, i), buf, write_to_stream, buffered, &local);
  ok = g_output_stream_close (buffered, NULL, ok ? &local : NULL) && ok;
  if (!ok)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_FAILED,
                   _("%s: cannot write the capture: %s"), where, local->message);
      return FALSE;
    }
  return TRUE;
}

guint64
synack_live_spool_get_disk_size (SynackLiveSpool *self)
{
  guint64 bytes = 0;

  g_return_val_if_fail (self != NULL, 0);
  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->chunks->len; i++)
    bytes += ((Chunk *) g_ptr_array_index (self->chunks, i))->bytes;
  g_mutex_unlock (&self->lock);
  return bytes;
}

gsize
synack_live_spool_get_memory_size (SynackLiveSpool *self)
{
  g_return_val_if_fail (self != NULL, 0);
  /* the maps, each chunk's record and its pointer, and the write buffer */
  return sizeof *self + self->map_bytes + WRITE_BUFFER +
         self->chunks->len * (sizeof (Chunk) + 16 + sizeof (gpointer));
}

const char *
synack_live_spool_get_dir (SynackLiveSpool *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->dir;
}

guint
synack_live_spool_get_n_chunks (SynackLiveSpool *self)
{
  guint n;

  g_return_val_if_fail (self != NULL, 0);
  g_mutex_lock (&self->lock);
  n = self->chunks->len;
  g_mutex_unlock (&self->lock);
  return n;
}
