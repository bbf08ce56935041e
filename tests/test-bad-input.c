/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Bad input through synack-cli, table-tested: every row makes an input,
 * runs a command on it and checks the exit status, that stderr says what is
 * wrong and where (the file, the packet, line:column), and that the command
 * neither crashed nor hung. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <linux/capability.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "synack-wire.h"
#include "synack-test-utils.h"

/* A command that takes longer than this has hung (it reads a few KiB). */

#define LINKTYPE_ETHERNET 1
#define LINKTYPE_USER0    147

typedef struct
{
  char *dir;
  char *path;      /* the input the row makes */
  char *out;
  char *err;
  int   status;    /* exit status, or -signal */
  glong maxrss_kb; /* the child's peak resident set */
} Fixture;

typedef enum
{
  AS_ME,
  AS_NO_DAC,   /* root without CAP_DAC_OVERRIDE/READ_SEARCH: file permissions apply */
} RunAs;

typedef struct
{
  const char *name;
  /* Makes the input at f->path (and may set f->path to something else). */
  void      (*make)        (Fixture *f, gconstpointer row);
  const char *command;     /* "inspect", "run" */
  const char *option;      /* an extra option, or NULL */
  int         status;      /* expected exit status */
  /* Strings stderr must hold; "@" stands for the input's path. */
  const char *err_has[3];
  /* Lines of segments on stdout (text mode), or -1 not to check. */
  int         segments;
  RunAs       run_as;
  const char *text;        /* for scenario rows: the script */
} Row;

/* ---- making captures ---- */

typedef struct
{
  guint32 caplen_delta;  /* subtracted from caplen (truncate the record) */
  guint32 len_delta;     /* subtracted from len (caplen > len) */
} Tweak;

/* Frame i of a connection: SYN, SYN-ACK, ACK, then data from the client,
 * as Ethernet + IPv4 (or IPv6) + TCP, ISNs near 2^32. */
static void
put_frame (GByteArray *out,
           guint       i,
           gboolean    ipv6,
           guint32     payload_len)
{
  const guint32 isn_c = 0xfffffff0u, isn_s = 1000;
  g_autoptr(GError) error = NULL;
  SynackAddress a = { 0 }, b = { 0 };
  SynackSegment seg = { 0 };
  guint8 frame[14 + 60 + 2000];
  gboolean from_client = i != 1;
  gsize n;

  if (ipv6)
    {
      g_assert_true (synack_address_parse ("2001:db8::1", &a));
      g_assert_true (synack_address_parse ("2001:db8::2", &b));
    }
  else
    {
      synack_address_set_ipv4 (&a, 0x0a000001);
      synack_address_set_ipv4 (&b, 0x0a000002);
    }
  seg.sport = from_client ? 40000 : 80;
  seg.dport = from_client ? 80 : 40000;
  seg.window = 65535;
  switch (i)
    {
    case 0:
      seg.flags = SYNACK_FLAG_SYN;
      seg.seq = isn_c;
      break;
    case 1:
      seg.flags = SYNACK_FLAG_SYN | SYNACK_FLAG_ACK;
      seg.seq = isn_s;
      seg.ack = isn_c + 1;
      break;
    default:
      seg.flags = i == 2 ? SYNACK_FLAG_ACK : SYNACK_FLAG_PSH | SYNACK_FLAG_ACK;
      seg.seq = isn_c + 1 + (i > 2 ? (i - 3) * payload_len : 0);
      seg.ack = isn_s + 1;
      seg.payload_len = i > 2 ? payload_len : 0;
      break;
    }
  g_assert_cmpuint (seg.payload_len, <=, 2000);

  memset (frame, 0, 14);
  frame[12] = ipv6 ? 0x86 : 0x08;
  frame[13] = ipv6 ? 0xdd : 0x00;
  n = synack_wire_encode (from_client ? &a : &b, from_client ? &b : &a, &seg, NULL, 64,
                          (guint16) i, frame + 14, sizeof frame - 14, &error);
  g_assert_no_error (error);
  g_byte_array_append (out, frame, 14 + n);
}

static void
put32 (GByteArray *out,
       guint32     v)
{
  g_byte_array_append (out, (const guint8 *) &v, 4);  /* host order: the magic says which */
}

/* A pcap file of n frames: a handshake, then data from the client. */
static GByteArray *
make_pcap (guint32      linktype,
           guint32      snaplen,
           guint        n,
           guint32      payload_len,
           const Tweak *tweak)
{
  GByteArray *out = g_byte_array_new ();
  guint16 version[2] = { 2, 4 };

  put32 (out, 0xa1b2c3d4);
  g_byte_array_append (out, (const guint8 *) version, 4);
  put32 (out, 0);
  put32 (out, 0);
  put32 (out, snaplen);
  put32 (out, linktype);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GByteArray) frame = g_byte_array_new ();
      guint32 caplen, len;

      put_frame (frame, i, FALSE, payload_len);
      caplen = len = frame->len;
      if (tweak != NULL && i == n - 1)
        len -= tweak->len_delta;
      put32 (out, 1700000000 + i / 1000);
      put32 (out, (i % 1000) * 1000);
      put32 (out, caplen);
      put32 (out, len);
      g_byte_array_append (out, frame->data, frame->len);
    }
  if (tweak != NULL && tweak->caplen_delta > 0)
    g_byte_array_set_size (out, out->len - tweak->caplen_delta);
  return out;
}

static void
write_bytes (const char *path,
             GByteArray *bytes)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, (const char *) bytes->data, bytes->len, &error);
  g_assert_no_error (error);
}

static void
make_empty (Fixture *f, gconstpointer row)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (f->path, "", 0, &error);
  g_assert_no_error (error);
}

static void
make_text (Fixture *f, gconstpointer row)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (f->path, "This is a shopping list, not a capture.\nmilk\neggs\n", -1,
                       &error);
  g_assert_no_error (error);
}

static void
make_truncated_header (Fixture *f, gconstpointer row)
{
  g_autoptr(GByteArray) b = make_pcap (LINKTYPE_ETHERNET, 262144, 4, 100, NULL);

  g_byte_array_set_size (b, 17);
  write_bytes (f->path, b);
}

static void
make_truncated_packet (Fixture *f, gconstpointer row)
{
  const Tweak cut = { 9, 0 };
  g_autoptr(GByteArray) b = make_pcap (LINKTYPE_ETHERNET, 262144, 5, 100, &cut);

  write_bytes (f->path, b);
}

static void
make_caplen_over_len (Fixture *f, gconstpointer row)
{
  const Tweak over = { 0, 20 };
  g_autoptr(GByteArray) b = make_pcap (LINKTYPE_ETHERNET, 262144, 5, 100, &over);

  write_bytes (f->path, b);
}

static void
make_absurd_snaplen (Fixture *f, gconstpointer row)
{
  g_autoptr(GByteArray) b = make_pcap (LINKTYPE_ETHERNET, 0x7fffffff, 5, 100, NULL);

  write_bytes (f->path, b);
}

static void
make_absurd_record (Fixture *f, gconstpointer row)
{
  g_autoptr(GByteArray) b = make_pcap (LINKTYPE_ETHERNET, 262144, 3, 100, NULL);
  guint32 huge = 0x7ffffff0;

  /* A fourth record that claims two gigabytes. */
  put32 (b, 1700000001);
  put32 (b, 0);
  put32 (b, huge);
  put32 (b, huge);
  g_byte_array_append (b, (const guint8 *) "xxxxxxxxxxxxxxxx", 16);
  write_bytes (f->path, b);
}

static void
make_unknown_linktype (Fixture *f, gconstpointer row)
{
  g_autoptr(GByteArray) b = make_pcap (LINKTYPE_USER0, 262144, 4, 100, NULL);

  write_bytes (f->path, b);
}

static void
make_directory (Fixture *f, gconstpointer row)
{
  g_assert_cmpint (g_mkdir (f->path, 0755), ==, 0);
}

static void
make_missing (Fixture *f, gconstpointer row)
{
}

static void
make_unreadable (Fixture *f, gconstpointer row)
{
  g_autoptr(GByteArray) b = make_pcap (LINKTYPE_ETHERNET, 262144, 4, 100, NULL);

  write_bytes (f->path, b);
  g_assert_cmpint (g_chmod (f->path, 0), ==, 0);
  /* The child stays root but loses the capabilities that bypass file
   * permissions, so a mode-000 file is unreadable to it as to anybody. */
}

static void
make_no_tcp (Fixture *f, gconstpointer row)
{
  g_autoptr(GByteArray) b = make_pcap (LINKTYPE_ETHERNET, 262144, 0, 0, NULL);
  /* Three ARP requests. */
  static const guint8 arp[42] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0, 0, 1, 0x08, 0x06,
    0, 1, 8, 0, 6, 4, 0, 1, 2, 0, 0, 0, 0, 1, 10, 0, 0, 1, 0, 0, 0, 0, 0, 0, 10, 0, 0, 2,
  };

  for (guint i = 0; i < 3; i++)
    {
      put32 (b, 1700000000);
      put32 (b, i);
      put32 (b, sizeof arp);
      put32 (b, sizeof arp);
      g_byte_array_append (b, arp, sizeof arp);
    }
  write_bytes (f->path, b);
}

static void
make_malformed_packets (Fixture *f, gconstpointer row)
{
  g_autoptr(GByteArray) b = make_pcap (LINKTYPE_ETHERNET, 262144, 4, 100, NULL);
  /* Ethernet + an IPv4 header whose IHL says 4 bytes. */
  guint8 bad[14 + 40] = { [12] = 0x08, [13] = 0x00, [14] = 0x41 };

  put32 (b, 1700000001);
  put32 (b, 0);
  put32 (b, sizeof bad);
  put32 (b, sizeof bad);
  g_byte_array_append (b, bad, sizeof bad);
  write_bytes (f->path, b);
}

static void
make_scenario (Fixture *f, gconstpointer data)
{
  const Row *row = data;
  g_autoptr(GError) error = NULL;

  g_free (f->path);
  f->path = g_build_filename (f->dir, "lesson.synack", NULL);
  g_file_set_contents (f->path, row->text, -1, &error);
  g_assert_no_error (error);
}

static void
make_binary_scenario (Fixture *f, gconstpointer data)
{
  static const char elf[] = "\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0>\0";
  g_autoptr(GError) error = NULL;

  g_free (f->path);
  f->path = g_build_filename (f->dir, "a.out.synack", NULL);
  g_file_set_contents (f->path, elf, sizeof elf, &error);
  g_assert_no_error (error);
}

/* ---- running the CLI ---- */

/* Runs in the child before exec: drop the capabilities that let root read
 * any file from the bounding set, so the exec'd synack-cli (uid 0 gets the
 * bounding set back at exec) has them neither. Switching to user nobody
 * instead would fail where the build tree is in a 0700 directory. */
static void
drop_dac_capabilities (gpointer user_data)
{
  if (prctl (PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, 0, 0, 0) != 0
      || prctl (PR_CAPBSET_DROP, CAP_DAC_READ_SEARCH, 0, 0, 0) != 0)
    _exit (125);
}

/* Run synack-cli with argv (NULL-terminated, without the program) as run_as;
 * fill f->status, out, err and maxrss. A hang or a crash fails the test. */
static void
run_cli (Fixture     *f,
         RunAs        run_as,
         const char **args)
{
  g_auto(SynackCliRun) run = { 0 };

  synack_test_cli_run (&run, args, NULL, run_as == AS_NO_DAC ? drop_dac_capabilities : NULL,
                       NULL);
  f->out = g_steal_pointer (&run.out);
  f->err = g_steal_pointer (&run.err);
  f->maxrss_kb = run.maxrss_kb;
  f->status = run.status;
  if (run_as == AS_NO_DAC && f->status == 125)
    g_error ("could not drop CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH to run synack-cli");
}

static guint
count_segment_lines (const char *out)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  guint n = 0;

  /* Text mode: a segment line starts with its number, right-aligned. */
  for (guint i = 0; lines[i]; i++)
    if (g_regex_match_simple ("^ *[0-9]+ +[0-9]+\\.[0-9]{6} +#", lines[i], 0, 0))
      n++;
  return n;
}

/* ---- the table ---- */

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->dir = synack_test_make_tmp_dir ("synack-bad-input");
  f->path = g_build_filename (f->dir, "input.pcap", NULL);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  synack_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
  g_free (f->out);
  g_free (f->err);
}

/* What is wrong with the run, or NULL. */
static char *
check_run (Fixture   *f,
           const Row *row)
{
  g_autofree char *base = g_path_get_basename (f->path);

  if (f->status != row->status)
    return g_strdup_printf ("synack-cli %s exited with %d, not %d", row->command, f->status,
                            row->status);
  if (!g_utf8_validate (f->err, -1, NULL))
    return g_strdup ("stderr is not UTF-8");
  for (guint i = 0; i < G_N_ELEMENTS (row->err_has) && row->err_has[i]; i++)
    {
      g_auto(GStrv) parts = g_strsplit (row->err_has[i], "@", -1);
      g_autofree char *want1 = g_strjoinv (f->path, parts);
      g_auto(GStrv) parts2 = g_strsplit (want1, "$", -1);
      g_autofree char *want = g_strjoinv (base, parts2);

      if (strstr (f->err, want) == NULL)
        return g_strdup_printf ("stderr lacks “%s”", want);
    }
  /* The path once, not "x.pcap: x.pcap: ...". */
  {
    g_autofree char *twice = g_strdup_printf ("%s: %s", f->path, f->path);

    if (strstr (f->err, twice) != NULL)
      return g_strdup ("stderr names the file twice");
  }
  /* One clear line (and maybe a few details), not a GLib critical. */
  if (f->err[0] != '\0'
      && (strstr (f->err, "CRITICAL") || strstr (f->err, "WARNING")
          || !g_str_has_prefix (f->err, "synack-cli: ")))
    return g_strdup ("stderr is not a synack-cli message");
  if (row->segments >= 0 && count_segment_lines (f->out) != (guint) row->segments)
    return g_strdup_printf ("%u segment lines on stdout, not %d",
                            count_segment_lines (f->out), row->segments);
  return NULL;
}

static void
test_row (Fixture *f, gconstpointer data)
{
  const Row *row = data;
  const char *args[5] = { row->command, NULL, NULL, NULL, NULL };
  g_autofree char *wrong = NULL;
  guint n = 1;

  row->make (f, row);
  if (row->option)
    args[n++] = row->option;
  args[n++] = f->path;
  /* Not root: file permissions apply to us already. */
  run_cli (f, row->run_as == AS_NO_DAC && geteuid () == 0 ? AS_NO_DAC : AS_ME, args);

  wrong = check_run (f, row);
  if (wrong == NULL)
    return;
  g_test_message ("row %s: %s; stderr:\n%s", row->name, wrong, f->err);
  g_test_fail ();
}

/* A FIFO with a writer that sends a capture (`inspect <(tcpdump -w -)`): it
 * is read like a file, and nothing hangs. */
static gpointer
fifo_writer (gpointer data)
{
  const char *path = data;
  g_autoptr(GByteArray) b = make_pcap (LINKTYPE_ETHERNET, 262144, 4, 100, NULL);
  int fd;

  /* Blocks until the reader opens it; if the reader never does, the test's
   * own open below (O_RDWR trick in test_fifo) releases us. */
  fd = open (path, O_WRONLY);
  if (fd >= 0)
    {
      /* EPIPE when the reader went away without reading: expected then. */
      signal (SIGPIPE, SIG_IGN);
      (void) !write (fd, b->data, b->len);
      close (fd);
    }
  return NULL;
}

static void
test_fifo (Fixture *f, gconstpointer data)
{
  const char *args[] = { "inspect", f->path, NULL };
  GThread *writer;
  int unblock;

  g_assert_cmpint (mkfifo (f->path, 0600), ==, 0);
  writer = g_thread_new ("fifo-writer", fifo_writer, f->path);
  run_cli (f, AS_ME, args);
  /* If synack-cli never opened the FIFO, the writer still waits in open():
   * open it for reading ourselves (non-blocking) so the writer finishes. */
  unblock = open (f->path, O_RDONLY | O_NONBLOCK);
  g_thread_join (writer);
  if (unblock >= 0)
    close (unblock);

  /* Read like a file, not as an empty one: every packet shown. */
  if (f->status != 0)
    g_error ("synack-cli inspect on a FIFO exited with %d; stderr:\n%s", f->status, f->err);
  g_assert_cmpuint (count_segment_lines (f->out), ==, 4);
}

/* A capture far bigger than what is stored per segment: peak memory must
 * follow the segments, not the bytes. 30,000 segments of 1,400 bytes is a
 * 43 MB file. */
static void
test_huge (Fixture *f, gconstpointer data)
{
  const guint n = 30000;
  g_autofree char *small = g_build_filename (f->dir, "small.pcap", NULL);
  g_autoptr(GByteArray) b = make_pcap (LINKTYPE_ETHERNET, 262144, n, 1400, NULL);
  const char *args_small[] = { "inspect", "--summary", small, NULL };
  const char *args[] = { "inspect", "--summary", f->path, NULL };
  glong base_kb, huge_kb;
  gsize file_kb = b->len / 1024;

#if defined(__SANITIZE_ADDRESS__)
  g_test_skip ("AddressSanitizer's shadow memory and quarantine make RSS meaningless");
  return;
#endif
  {
    g_autoptr(GByteArray) s = make_pcap (LINKTYPE_ETHERNET, 262144, 10, 1400, NULL);

    write_bytes (small, s);
  }
  write_bytes (f->path, b);
  g_clear_pointer (&b, g_byte_array_unref);

  /* RUSAGE_CHILDREN's maxrss is the largest of all children so far: run the
   * small one first. */
  run_cli (f, AS_ME, args_small);
  g_assert_cmpint (f->status, ==, 0);
  base_kb = f->maxrss_kb;
  g_clear_pointer (&f->out, g_free);
  g_clear_pointer (&f->err, g_free);

  run_cli (f, AS_ME, args);
  g_assert_cmpint (f->status, ==, 0);
  huge_kb = f->maxrss_kb;
  g_test_message ("peak RSS: %ld KiB for 10 packets, %ld KiB for %u packets (%" G_GSIZE_FORMAT
                  " KiB file)", base_kb, huge_kb, n, file_kb);
  /* Every packet was read: the client sent all but the SYN-ACK. */
  {
    g_autofree char *frames = g_strdup_printf (" %u ", n - 1);

    g_assert_nonnull (strstr (f->out, frames));
  }
  /* Generous: 1 KiB a segment is ten times what the trace needs, and still
   * far less than the 1.4 KiB of payload each one carries. */
  g_assert_cmpint (huge_kb - base_kb, <, (glong) n * 1);
  g_assert_cmpint (huge_kb - base_kb, <, (glong) file_kb / 2);
}

#define CAPTURE(name_, make_, status_, segs_, ...) \
  { name_, make_, "inspect", NULL, status_, { __VA_ARGS__ }, segs_, AS_ME, NULL }
/* Scenario errors name the file by its base name: "$:LINE:COLUMN: ...". */
#define SCENARIO(name_, text_, ...) \
  { name_, make_scenario, "run", NULL, 2, { __VA_ARGS__ }, -1, AS_ME, text_ }

static const Row rows[] = {
  CAPTURE ("empty", make_empty, 2, 0, "@", "empty"),
  CAPTURE ("not-a-capture", make_text, 2, 0, "@", "not a pcap or pcapng"),
  CAPTURE ("truncated-header", make_truncated_header, 2, 0, "@", "truncated"),
  /* Cut short: the packets before the damage are kept and printed, and so is
   * the cut one, whose TCP header is whole. */
  CAPTURE ("truncated-packet", make_truncated_packet, 2, 5, "@: packet 5", "truncated"),
  CAPTURE ("caplen-over-len", make_caplen_over_len, 0, 4, "@", "packet 5",
           "greater than the packet length"),
  CAPTURE ("absurd-snaplen", make_absurd_snaplen, 0, 5),
  CAPTURE ("absurd-record", make_absurd_record, 2, 3, "@: packet 4"),
  CAPTURE ("unknown-linktype", make_unknown_linktype, 2, 0, "@", "link type 147",
           "not read by Synack"),
  CAPTURE ("directory", make_directory, 2, 0, "@", "directory"),
  CAPTURE ("missing", make_missing, 2, 0, "@", "No such file"),
  CAPTURE ("no-tcp", make_no_tcp, 0, 0, "@", "no TCP segments", "3 not TCP"),
  CAPTURE ("malformed-packet", make_malformed_packets, 0, 4, "@", "packet 5", "IPv4"),
  { "unreadable", make_unreadable, "inspect", NULL, 2, { "@", "Permission denied" }, 0,
    AS_NO_DAC, NULL },

  SCENARIO ("scenario-unknown-verb", "0 server listen 80\n0.1 client conect server 80\n",
            "$:2:12:", "conect", "connect"),
  SCENARIO ("scenario-unknown-actor", "0 sever listen 80\n", "$:1:3:", "sever"),
  SCENARIO ("scenario-bad-time", "0 server listen 80\nsoon client connect server 80\n",
            "$:2:1:"),
  SCENARIO ("scenario-time-backwards", "1 server listen 80\n0.5 client connect server 80\n",
            "$:2:1:"),
  SCENARIO ("scenario-missing-argument", "0 server listen\n", "$:1:16:", "missing argument"),
  SCENARIO ("scenario-extra-argument", "0 server listen 80 now\n", "$:1:20:", "now"),
  SCENARIO ("scenario-bad-number", "0 server listen 80\n0.1 client connect server 80\n"
            "+0.1 client send lots\n", "$:3:18:", "lots"),
  SCENARIO ("scenario-port-range", "0 server listen 70000\n", "$:1:17:", "70000"),
  SCENARIO ("scenario-unknown-set", "set colour blue\n", "$:1:5:", "colour"),
  SCENARIO ("scenario-bad-on-off", "set client.sack maybe\n", "$:1:17:", "on or off"),
  SCENARIO ("scenario-bad-address", "set client.address 10.0.0.300\n", "$:1:20:",
            "10.0.0.300"),
  SCENARIO ("scenario-bad-direction", "0 server listen 80\nlose client<server 1\n", "$:2:6:"),
  SCENARIO ("scenario-bad-probability", "lose client>server rate 1.5\n", "$:1:25:",
            "probability"),
  SCENARIO ("scenario-ordinal-zero", "lose client>server 0\n", "$:1:20:", "count from 1"),
  SCENARIO ("scenario-unclosed-string", "title \"Half-close\n", "$:1:7:", "string"),
  SCENARIO ("scenario-unclosed-gettext", "title _(\"Half-close\"\n", "$:1:7:"),
  SCENARIO ("scenario-not-utf8", "title \"caf\xe9\"\n", "$:1:"),
  { "scenario-binary", make_binary_scenario, "run", NULL, 2, { "$", "not a text file" }, -1,
    AS_ME, NULL },
  SCENARIO ("scenario-connect-self", "0 server listen 80\n0 server connect server 80\n",
            "$:2:", "itself"),
  SCENARIO ("scenario-time-no-verb", "0.5 client\n", "$:1:11:", "missing argument"),
  SCENARIO ("scenario-verb-no-time", "client connect server 80\n", "$:1:1:", "time first"),
};

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  /* A write to a closed pipe must not kill the test. */
  signal (SIGPIPE, SIG_IGN);

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *path = g_strdup_printf ("/synack/bad-input/%s", rows[i].name);

      g_test_add (path, Fixture, &rows[i], fixture_set_up, test_row, fixture_tear_down);
    }
  g_test_add ("/synack/bad-input/fifo", Fixture, NULL, fixture_set_up, test_fifo,
              fixture_tear_down);
  g_test_add ("/synack/bad-input/huge", Fixture, NULL, fixture_set_up, test_huge,
              fixture_tear_down);
  return g_test_run ();
}
