/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fopencookie() is a GNU extension. */
#define _GNU_SOURCE 1
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "synack-capture-file.h"
#include "synack-error.h"

#define PCAPNG_SHB  0x0A0D0D0Au
#define PCAPNG_IDB  1u
#define PCAPNG_EPB  6u
#define PCAPNG_BOM  0x1A2B3C4Du
/* A block longer than this is handed on as it is (libpcap refuses it). */
#define MAX_BLOCK   (256u * 1024 * 1024)
/* LINKTYPE_RAW and the DLT_RAW libpcap maps it to. */
#define LINKTYPE_RAW 101
#define DLT_RAW_LINUX 12

/* Where the bytes come from: the file itself or its inflated contents. */
typedef struct
{
  FILE   *raw;
  gzFile  gz;
  guint8  peek[4];    /* read from a pipe to see what it holds: served first */
  gsize   peek_len;
  gsize   peek_pos;
} Source;

struct _SynackCaptureFile
{
  Source   src;
  gboolean pcapng;
  gboolean swapped;   /* the section's byte order is not ours */
  guint8  *block;     /* the pcapng block being handed on */
  gsize    block_len;
  gsize    block_pos;
  gsize    block_cap;
  gboolean cut;       /* the last record was completed with what it holds */
  guint32  cut_have;
  guint32  cut_wanted;
  gboolean closed;    /* libpcap closed the stream */
};

static gsize
source_read (Source *src,
             void   *buf,
             gsize   n)
{
  gsize got = 0;

  while (src->peek_pos < src->peek_len && got < n)
    ((guint8 *) buf)[got++] = src->peek[src->peek_pos++];
  if (got == n)
    return got;
  if (src->gz != NULL)
    {
      while (got < n)
        {
          int r = gzread (src->gz, (guint8 *) buf + got, (unsigned) MIN (n - got, G_MAXINT / 2));

          if (r <= 0)
            break;
          got += (gsize) r;
        }
      return got;
    }
  return got + fread ((guint8 *) buf + got, 1, n - got, src->raw);
}

static void
source_close (Source *src)
{
  if (src->gz != NULL)
    gzclose (src->gz);
  else if (src->raw != NULL)
    fclose (src->raw);
  src->gz = NULL;
  src->raw = NULL;
}

/* Opens path, inflating it when it is gzip-compressed. */
static gboolean
source_open (Source      *src,
             const char  *path,
             gboolean    *compressed,
             GError     **error)
{
  guint8 magic[2] = { 0, 0 };
  gsize n;

  memset (src, 0, sizeof *src);
  src->raw = fopen (path, "rb");
  if (src->raw == NULL)
    {
      int saved = errno;

      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID, "%s: %s", path, g_strerror (saved));
      return FALSE;
    }
  n = fread (magic, 1, 2, src->raw);
  *compressed = n == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
  if (fseek (src->raw, 0, SEEK_SET) != 0)
    {
      /* A pipe: what was read to look is handed on first. */
      memcpy (src->peek, magic, n);
      src->peek_len = n;
      if (*compressed)
        {
          g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID,
                       _("%s: a gzip-compressed capture is read from a file, not a pipe"), path);
          fclose (src->raw);
          src->raw = NULL;
          return FALSE;
        }
    }
  if (*compressed)
    {
      int fd = dup (fileno (src->raw));

      fclose (src->raw);
      src->raw = NULL;
      if (fd < 0 || (src->gz = gzdopen (fd, "rb")) == NULL)
        {
          if (fd >= 0)
            close (fd);
          g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID,
                       _("%s: cannot read the gzip-compressed capture"), path);
          return FALSE;
        }
      gzbuffer (src->gz, 256 * 1024);
    }
  return TRUE;
}

static inline guint32
get32 (const guint8 *p,
       gboolean      swapped)
{
  guint32 v;

  memcpy (&v, p, 4);
  return swapped ? GUINT32_SWAP_LE_BE (v) : v;
}

static inline void
put32 (guint8   *p,
       guint32   v,
       gboolean  swapped)
{
  if (swapped)
    v = GUINT32_SWAP_LE_BE (v);
  memcpy (p, &v, 4);
}

static gboolean
block_reserve (SynackCaptureFile *f,
               gsize              n)
{
  if (n > f->block_cap)
    {
      f->block_cap = MAX (n, f->block_cap * 2);
      f->block = g_realloc (f->block, f->block_cap);
    }
  return TRUE;
}

/* Reads the next pcapng block into f->block, making it readable by libpcap:
 * every interface's snapshot length is set to "none" (libpcap refuses a file
 * whose interfaces differ in it) and LINKTYPE_RAW is given as the DLT_RAW it
 * stands for (libpcap compares a later interface's type unmapped with the
 * first one's mapped); an Enhanced Packet Block cut short by the end of the
 * file is completed with the bytes it holds. */
static void
next_block (SynackCaptureFile *f)
{
  guint8 head[12];
  gsize got, total, rest;
  guint32 type;

  f->block_len = f->block_pos = 0;
  got = source_read (&f->src, head, 8);
  if (got < 8)
    {
      block_reserve (f, got);
      memcpy (f->block, head, got);
      f->block_len = got;
      return;
    }
  type = get32 (head, FALSE);
  if (type == PCAPNG_SHB)
    {
      guint32 bom;

      got += source_read (&f->src, head + 8, 4);
      if (got < 12)
        {
          block_reserve (f, got);
          memcpy (f->block, head, got);
          f->block_len = got;
          return;
        }
      memcpy (&bom, head + 8, 4);
      f->swapped = bom != PCAPNG_BOM;
    }
  else
    type = get32 (head, f->swapped);
  total = get32 (head + 4, f->swapped);

  block_reserve (f, MAX (total, got));
  memcpy (f->block, head, got);
  if (total < 12 || total > MAX_BLOCK || total % 4 != 0 || total < got)
    {
      /* Not a block libpcap will read: hand on what we have, it says why. */
      f->block_len = got;
      return;
    }
  rest = source_read (&f->src, f->block + got, total - got);
  f->block_len = got + rest;

  if (type == PCAPNG_IDB && f->block_len == total && total >= 20)
    {
      guint16 linktype;

      memcpy (&linktype, f->block + 8, 2);
      if (f->swapped)
        linktype = GUINT16_SWAP_LE_BE (linktype);
      if (linktype == LINKTYPE_RAW)
        {
          linktype = DLT_RAW_LINUX;
          if (f->swapped)
            linktype = GUINT16_SWAP_LE_BE (linktype);
          memcpy (f->block + 8, &linktype, 2);
        }
      put32 (f->block + 12, 0, f->swapped);
    }
  else if (type == PCAPNG_EPB && f->block_len < total && f->block_len >= 28)
    {
      guint32 wanted = get32 (f->block + 20, f->swapped);
      guint32 have = (guint32) (f->block_len - 28);
      gsize len;

      if (have < wanted)
        {
          /* Keep the bytes there are, whole words of them, then close the
           * block as a shorter one. */
          f->cut = TRUE;
          f->cut_have = have;
          f->cut_wanted = wanted;
          put32 (f->block + 20, have, f->swapped);
          len = 28 + ((have + 3u) & ~3u) + 4;
          block_reserve (f, len);
          memset (f->block + 28 + have, 0, len - 28 - have);
          put32 (f->block + 4, (guint32) len, f->swapped);
          put32 (f->block + len - 4, (guint32) len, f->swapped);
          f->block_len = len;
        }
    }
}

static ssize_t
stream_read (void   *cookie,
             char   *buf,
             size_t  size)
{
  SynackCaptureFile *f = cookie;
  gsize done = 0;

  if (!f->pcapng)
    return (ssize_t) source_read (&f->src, buf, size);

  while (done < size)
    {
      gsize n;

      if (f->block_pos == f->block_len)
        {
          next_block (f);
          if (f->block_len == 0)
            break;
        }
      n = MIN (size - done, f->block_len - f->block_pos);
      memcpy (buf + done, f->block + f->block_pos, n);
      f->block_pos += n;
      done += n;
    }
  return (ssize_t) done;
}

static int
stream_close (void *cookie)
{
  SynackCaptureFile *f = cookie;

  source_close (&f->src);
  f->closed = TRUE;
  return 0;
}

FILE *
synack_capture_file_open (const char         *path,
                          SynackCaptureFile **file,
                          GError            **error)
{
  SynackCaptureFile *f;
  cookie_io_functions_t io = { stream_read, NULL, NULL, stream_close };
  guint8 magic[4] = { 0 };
  gboolean compressed = FALSE;
  guint32 m;
  FILE *fp;

  *file = NULL;
  f = g_new0 (SynackCaptureFile, 1);
  if (!source_open (&f->src, path, &compressed, error))
    {
      g_free (f);
      return NULL;
    }
  if (!compressed)
    {
      /* Peek at the magic number: a plain pcap file goes to libpcap as it
       * is; a pipe is read through the stream, which hands on what was read
       * to look. */
      gboolean pipe = f->src.peek_len > 0;
      gsize n = source_read (&f->src, magic, 4);

      memcpy (&m, magic, 4);
      f->pcapng = n == 4 && m == PCAPNG_SHB;
      if (pipe || fseek (f->src.raw, 0, SEEK_SET) != 0)
        {
          memcpy (f->src.peek, magic, n);
          f->src.peek_len = n;
          f->src.peek_pos = 0;
        }
      else if (!f->pcapng)
        {
          source_close (&f->src);
          g_free (f);
          return NULL;
        }
    }
  else
    {
      /* Look inside: pcapng needs the block layer, pcap only the inflating. */
      if (gzread (f->src.gz, magic, 4) == 4)
        {
          memcpy (&m, magic, 4);
          f->pcapng = m == PCAPNG_SHB;
        }
      gzrewind (f->src.gz);
    }

  fp = fopencookie (f, "rb", io);
  if (fp == NULL)
    {
      int saved = errno;

      source_close (&f->src);
      g_free (f);
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_FAILED, "%s: %s", path, g_strerror (saved));
      return NULL;
    }
  *file = f;
  return fp;
}

void
synack_capture_file_free (SynackCaptureFile *file)
{
  if (file == NULL)
    return;
  if (!file->closed)
    source_close (&file->src);
  g_free (file->block);
  g_free (file);
}

gint64
synack_capture_file_offset (SynackCaptureFile *file)
{
  if (file->closed)
    return -1;
  if (file->src.gz != NULL)
    return (gint64) gzoffset (file->src.gz);
  return file->src.raw != NULL ? (gint64) ftell (file->src.raw) : -1;
}

gboolean
synack_capture_file_cut_record (SynackCaptureFile *file,
                                guint32           *have,
                                guint32           *wanted)
{
  if (file == NULL || !file->cut)
    return FALSE;
  *have = file->cut_have;
  *wanted = file->cut_wanted;
  return TRUE;
}

gboolean
synack_capture_file_salvage_pcap (const char          *path,
                                  struct pcap_pkthdr  *hdr,
                                  guint8             **data,
                                  guint32             *wanted)
{
  Source src;
  guint8 head[24], rec[16];
  gboolean compressed, swapped, nano, found = FALSE;
  guint32 magic;
  guint8 *buf = NULL;

  *data = NULL;
  if (!source_open (&src, path, &compressed, NULL))
    return FALSE;
  if (source_read (&src, head, 24) < 24)
    goto out;
  memcpy (&magic, head, 4);
  swapped = magic == 0xD4C3B2A1u || magic == 0x4D3CB2A1u;
  if (swapped)
    magic = GUINT32_SWAP_LE_BE (magic);
  if (magic != 0xA1B2C3D4u && magic != 0xA1B23C4Du)
    goto out;
  nano = magic == 0xA1B23C4Du;

  for (;;)
    {
      guint32 caplen, got;

      if (source_read (&src, rec, 16) < 16)
        break;  /* the end, or a cut record header: nothing to read in it */
      caplen = get32 (rec + 8, swapped);
      if (caplen > MAX_BLOCK)
        break;
      buf = g_realloc (buf, MAX (caplen, 1));
      got = (guint32) source_read (&src, buf, caplen);
      if (got == caplen)
        continue;
      hdr->ts.tv_sec = get32 (rec, swapped);
      hdr->ts.tv_usec = (suseconds_t) get32 (rec + 4, swapped) * (nano ? 1 : 1000);
      hdr->caplen = got;
      hdr->len = get32 (rec + 12, swapped);
      *wanted = caplen;
      *data = g_steal_pointer (&buf);
      found = TRUE;
      break;
    }

out:
  g_free (buf);
  source_close (&src);
  return found;
}

/* ------------------------------------------------------ pcap in place */

/* How much of the file is read at a time: a few hundred records a read()
 * call, and small enough to stay in the processor's cache while they are
 * decoded. (Mapping the file costs more here: a page fault and an unmap of
 * every page.) */
#define READ_CHUNK        (256u * 1024)
#define PCAP_MAGIC_USEC   0xA1B2C3D4u
#define PCAP_MAGIC_NSEC   0xA1B23C4Du
/* libpcap refuses a captured length over this for the link types Synack
 * reads (its max_snaplen_for_dlt), whatever the file's snapshot length. */
#define READ_MAX_CAPLEN   262144u

struct _SynackPcapReader
{
  int      fd;
  gint64   size;
  gint64   pos;       /* the next record's header */
  guint8  *buf;       /* bytes of the file from buf_off on */
  gint64   buf_off;
  gsize    buf_len;
  gsize    buf_size;
  gboolean nano;
  guint32  max_caplen;
};

SynackPcapReader *
synack_pcap_reader_new (int     fd,
                        guint32 snaplen)
{
  SynackPcapReader *reader;
  struct stat st;
  guint8 head[24];
  guint32 magic;
  guint16 major, minor;

  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode) || st.st_size < (off_t) sizeof head)
    return NULL;
  if (pread (fd, head, sizeof head, 0) != (ssize_t) sizeof head)
    return NULL;
  memcpy (&magic, head, 4);
  memcpy (&major, head + 4, 2);
  memcpy (&minor, head + 6, 2);
  /* Older versions may have the lengths swapped, the other byte order has
   * pseudo-headers libpcap rewrites: both are libpcap's to read. */
  if ((magic != PCAP_MAGIC_USEC && magic != PCAP_MAGIC_NSEC) || major != 2 || minor != 4)
    return NULL;

  reader = g_new0 (SynackPcapReader, 1);
  reader->fd = fd;
  reader->size = (gint64) st.st_size;
  reader->pos = sizeof head;
  reader->nano = magic == PCAP_MAGIC_NSEC;
  reader->max_caplen = MIN (snaplen, READ_MAX_CAPLEN);
  return reader;
}

void
synack_pcap_reader_free (SynackPcapReader *reader)
{
  if (reader == NULL)
    return;
  g_free (reader->buf);
  g_free (reader);
}

/* The len bytes at off, reading on when they are not in the buffer. */
static const guint8 *
reader_bytes (SynackPcapReader *reader,
              gint64            off,
              gsize             len)
{
  gsize keep, want;

  if (reader->buf != NULL && off >= reader->buf_off &&
      (gsize) (off - reader->buf_off) + len <= reader->buf_len)
    return reader->buf + (off - reader->buf_off);

  want = MAX ((gsize) READ_CHUNK, len);
  if (reader->buf == NULL || want > reader->buf_size)
    {
      reader->buf = g_realloc (reader->buf, want);
      reader->buf_size = want;
    }
  keep = 0;
  if (off >= reader->buf_off && off < reader->buf_off + (gint64) reader->buf_len)
    {
      keep = reader->buf_len - (gsize) (off - reader->buf_off);
      memmove (reader->buf, reader->buf + (off - reader->buf_off), keep);
    }
  reader->buf_off = off;
  reader->buf_len = keep;
  while (reader->buf_len < want)
    {
      ssize_t n = pread (reader->fd, reader->buf + reader->buf_len, want - reader->buf_len,
                         (off_t) (off + (gint64) reader->buf_len));

      if (n <= 0)
        break;
      reader->buf_len += (gsize) n;
    }
  if (reader->buf_len < len)
    return NULL;
  return reader->buf;
}

gboolean
synack_pcap_reader_next (SynackPcapReader    *reader,
                         struct pcap_pkthdr  *hdr,
                         const guint8       **data)
{
  const guint8 *rec;
  guint32 sec, frac, caplen, len;

  if (reader->size - reader->pos < 16)
    return FALSE;
  rec = reader_bytes (reader, reader->pos, 16);
  if (rec == NULL)
    return FALSE;
  memcpy (&sec, rec, 4);
  memcpy (&frac, rec + 4, 4);
  memcpy (&caplen, rec + 8, 4);
  memcpy (&len, rec + 12, 4);
  /* libpcap's fields are signed: a time past 2038 is its to read. */
  if (caplen > reader->max_caplen || (gint64) caplen > reader->size - reader->pos - 16 ||
      sec > G_MAXINT32 || frac >= (reader->nano ? 1000000000u : 1000000u))
    return FALSE;
  rec = reader_bytes (reader, reader->pos, 16 + (gsize) caplen);
  if (rec == NULL)
    return FALSE;
  hdr->ts.tv_sec = (time_t) sec;
  /* Synack opens captures with nanosecond precision: tv_usec holds ns. */
  hdr->ts.tv_usec = (suseconds_t) (reader->nano ? frac : frac * 1000u);
  hdr->caplen = caplen;
  hdr->len = len;
  *data = rec + 16;
  reader->pos += 16 + (gint64) caplen;
  return TRUE;
}

gint64
synack_pcap_reader_offset (SynackPcapReader *reader)
{
  return reader->pos;
}

void
synack_pcap_reader_set_offset (SynackPcapReader *reader,
                               gint64            offset)
{
  reader->pos = offset;
}
