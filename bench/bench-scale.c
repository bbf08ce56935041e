/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Loading captures at scale, side by side in one run so that the ratios hold
 * on a busy machine: `synack-cli inspect --summary --json` against a bare
 * libpcap loop over the same file (scale-pcap-loop) and against
 * `tshark -q -z conv,tcp`, on 1,000,000 and 10,000,000 packets made by
 * bench/make-capture.py. Each is a child process: its wall time, and its
 * whole-process peak resident size (getrusage of the child: libraries,
 * heap, everything) per packet. Answers are checked: the loop must count
 * every packet, Synack and tshark must list every connection. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench-util.h"

typedef struct
{
  const char *name;        /* "1m" */
  const char *file;        /* in the data directory */
  guint64     packets;
  guint       connections;
  guint       rounds;      /* of Synack and the loop */
  guint       tshark_rounds;
} Input;

static const Input inputs[] = {
  { "1m",  "bench-1m.pcap",  1000000,  20000,  5, 3 },
  { "10m", "bench-10m.pcap", 10000000, 200000, 3, 1 },
};

typedef struct
{
  double  seconds;
  double  cpu;       /* user + system seconds */
  gint64  peak;      /* bytes */
  char   *out;       /* what it printed on stdout */
} Run;

static double
now_s (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Run argv with stdout into a file; FALSE (and a message) unless it exits 0. */
static gboolean
run_child (const char *const *argv,
           const char        *out_path,
           Run               *run)
{
  struct rusage ru;
  double t0;
  pid_t pid;
  int status;

  memset (run, 0, sizeof *run);
  t0 = now_s ();
  pid = fork ();
  if (pid < 0)
    {
      g_printerr ("bench-scale: fork: %s\n", g_strerror (errno));
      return FALSE;
    }
  if (pid == 0)
    {
      int fd = open (out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
      int null = open ("/dev/null", O_WRONLY);

      if (fd < 0 || null < 0)
        _exit (126);
      dup2 (fd, 1);
      dup2 (null, 2);
      execvp (argv[0], (char **) argv);
      _exit (127);
    }
  while (wait4 (pid, &status, 0, &ru) < 0)
    if (errno != EINTR)
      {
        g_printerr ("bench-scale: wait4: %s\n", g_strerror (errno));
        return FALSE;
      }
  run->seconds = now_s () - t0;
  run->peak = (gint64) ru.ru_maxrss * 1024;   /* Linux: kilobytes */
  run->cpu = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
             ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    {
      g_printerr ("bench-scale: %s failed (status %d)\n", argv[0], status);
      return FALSE;
    }
  if (!g_file_get_contents (out_path, &run->out, NULL, NULL))
    run->out = g_strdup ("");
  return TRUE;
}

static guint
count_lines_with (const char *text,
                  const char *needle)
{
  guint n = 0;

  for (const char *line = text; line && *line; )
    {
      const char *end = strchr (line, '\n');
      g_autofree char *l = g_strndup (line, end ? (gsize) (end - line) : strlen (line));

      if (strstr (l, needle))
        n++;
      line = end ? end + 1 : NULL;
    }
  return n;
}

static gboolean
bench_input (const char  *dir,
             const Input *in)
{
  g_autofree char *path = g_build_filename (dir, in->file, NULL);
  g_autofree char *cli = g_build_filename (dir, "app", "cli", "synack-cli", NULL);
  g_autofree char *loop = g_build_filename (dir, "bench", "scale-pcap-loop", NULL);
  g_autofree char *out = g_build_filename (dir, "bench-scale.stdout", NULL);
  g_autofree char *tshark = g_find_program_in_path ("tshark");
  const char *cli_argv[] = { cli, "inspect", "--summary", "--json", path, NULL };
  const char *loop_argv[] = { loop, path, NULL };
  const char *tshark_argv[] = { tshark, "-n", "-q", "-r", path, "-z", "conv,tcp", NULL };
  double cli_s[8], loop_s[8], tshark_s[8], cli_cpu[8], loop_cpu[8], tshark_cpu[8];
  gint64 cli_peak = 0, loop_peak = 0, tshark_peak = 0;
  g_autofree char *expect = g_strdup_printf ("%" G_GUINT64_FORMAT " packets", in->packets);
  char name[64], note[256];
  double c, l, t = 0;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_printerr ("bench-scale: %s is missing (build-aux/dev bench makes it with "
                  "bench/make-capture.py)\n", path);
      return FALSE;
    }
  /* One unmeasured read so that every contender finds the page cache warm. */
  {
    Run r;

    if (!run_child (loop_argv, out, &r))
      return FALSE;
    g_free (r.out);
  }
  for (guint i = 0; i < in->rounds; i++)
    {
      Run r;

      if (!run_child (loop_argv, out, &r))
        return FALSE;
      if (!g_str_has_prefix (r.out, expect))
        {
          g_printerr ("bench-scale: the loop read “%s” of %s, expected %s\n",
                      g_strchomp (r.out), path, expect);
          return FALSE;
        }
      loop_s[i] = r.seconds;
      loop_cpu[i] = r.cpu;
      loop_peak = MAX (loop_peak, r.peak);
      g_free (r.out);

      if (!run_child (cli_argv, out, &r))
        return FALSE;
      if (count_lines_with (r.out, "\"type\":\"conn\"") < in->connections)
        {
          g_printerr ("bench-scale: synack-cli listed %u connections of %s, expected %u\n",
                      count_lines_with (r.out, "\"type\":\"conn\""), path, in->connections);
          return FALSE;
        }
      cli_s[i] = r.seconds;
      cli_cpu[i] = r.cpu;
      cli_peak = MAX (cli_peak, r.peak);
      g_free (r.out);
    }
  for (guint i = 0; tshark && i < in->tshark_rounds; i++)
    {
      Run r;

      if (!run_child (tshark_argv, out, &r))
        return FALSE;
      if (count_lines_with (r.out, "<->") < in->connections)
        {
          g_printerr ("bench-scale: tshark listed %u connections of %s, expected %u\n",
                      count_lines_with (r.out, "<->"), path, in->connections);
          return FALSE;
        }
      tshark_s[i] = r.seconds;
      tshark_cpu[i] = r.cpu;
      tshark_peak = MAX (tshark_peak, r.peak);
      g_free (r.out);
    }
  g_unlink (out);

  c = bench_median (cli_s, in->rounds);
  l = bench_median (loop_s, in->rounds);
  g_snprintf (name, sizeof name, "scale-load-%s", in->name);
  g_snprintf (note, sizeof note, "synack-cli inspect --summary --json, %" G_GUINT64_FORMAT
              " packets, %u connections, median of %u", in->packets, in->connections, in->rounds);
  bench_line (name, c, "s", note);
  g_snprintf (name, sizeof name, "scale-loop-%s", in->name);
  g_snprintf (note, sizeof note, "bare pcap_next_ex loop, same file, median of %u", in->rounds);
  bench_line (name, l, "s", note);
  g_snprintf (name, sizeof name, "scale-load-%s-vs-loop", in->name);
  bench_line (name, c / l, "x", "Synack's wall time over the loop's, medians of runs taken "
              "in turn (goal: at most 1.5)");
  g_snprintf (name, sizeof name, "scale-cpu-%s", in->name);
  g_snprintf (note, sizeof note, "Synack's processor time (user + system, both threads), "
              "median of %u", in->rounds);
  bench_line (name, bench_median (cli_cpu, in->rounds), "s", note);
  g_snprintf (name, sizeof name, "scale-loop-cpu-%s", in->name);
  g_snprintf (note, sizeof note, "the loop's processor time, median of %u", in->rounds);
  bench_line (name, bench_median (loop_cpu, in->rounds), "s", note);
  g_snprintf (name, sizeof name, "scale-cpu-%s-vs-loop", in->name);
  bench_line (name, bench_median (cli_cpu, in->rounds) / bench_median (loop_cpu, in->rounds), "x",
              "Synack's processor time over the loop's: all the work, whatever else the "
              "machine runs (goal: at most 1.5)");
  if (tshark)
    {
      t = bench_median (tshark_s, in->tshark_rounds);
      g_snprintf (name, sizeof name, "scale-tshark-%s", in->name);
      g_snprintf (note, sizeof note, "tshark -n -q -z conv,tcp, same file, median of %u",
                  in->tshark_rounds);
      bench_line (name, t, "s", note);
      g_snprintf (name, sizeof name, "scale-load-%s-vs-tshark", in->name);
      bench_line (name, t / c, "x faster", "tshark's wall time over Synack's (goal: at least 25)");
      g_snprintf (name, sizeof name, "scale-cpu-%s-vs-tshark", in->name);
      g_snprintf (note, sizeof note, "tshark's processor time (median %.2f s) over Synack's",
                  bench_median (tshark_cpu, in->tshark_rounds));
      bench_line (name, bench_median (tshark_cpu, in->tshark_rounds) / bench_median (cli_cpu, in->rounds),
                  "x faster", note);
    }
  else
    g_printerr ("bench-scale: tshark is not installed: no comparison with it\n");

  g_snprintf (name, sizeof name, "scale-peak-%s", in->name);
  g_snprintf (note, sizeof note, "synack-cli whole-process peak resident, %.0f MB (goal: at "
              "most 64 B/packet%s)", cli_peak / 1e6, in->packets >= 10000000 ? ", 640 MB" : "");
  bench_line (name, (double) cli_peak / in->packets, "B/packet", note);
  g_snprintf (name, sizeof name, "scale-loop-peak-%s", in->name);
  g_snprintf (note, sizeof note, "the loop's whole-process peak, %.1f MB", loop_peak / 1e6);
  bench_line (name, (double) loop_peak / in->packets, "B/packet", note);
  if (tshark)
    {
      g_snprintf (name, sizeof name, "scale-tshark-peak-%s", in->name);
      g_snprintf (note, sizeof note, "tshark's whole-process peak, %.0f MB", tshark_peak / 1e6);
      bench_line (name, (double) tshark_peak / in->packets, "B/packet", note);
    }
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  const char *dir = g_getenv ("SYNACK_BENCH_DATA");
  const char *only = argc > 1 ? argv[1] : NULL;   /* "1m" or "10m" */
  gboolean ok = TRUE;

  if (dir == NULL)
    {
      g_printerr ("bench-scale: set SYNACK_BENCH_DATA to the bench build directory\n");
      return 1;
    }
  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    if (only == NULL || g_strcmp0 (only, inputs[i].name) == 0)
      ok = bench_input (dir, &inputs[i]) && ok;
  return ok ? 0 : 1;
}
