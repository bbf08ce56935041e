/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What every benchmark needs: clocks, the resident set, medians and the
 * BENCH line the table is made of. */
#pragma once

#include <glib.h>
#include <time.h>

G_BEGIN_DECLS

/* clock (CLOCK_MONOTONIC, CLOCK_THREAD_CPUTIME_ID, ...) in nanoseconds. */
gint64 bench_clock_ns  (clockid_t   clock);
/* CLOCK_MONOTONIC in nanoseconds. */
gint64 bench_now_ns    (void);
/* This process's resident set in bytes (/proc/self/statm), 0 where it
 * cannot be read. */
gsize  bench_rss_bytes (void);
/* The median of the n values (sorted in place): the middle one, or the
 * mean of the two middle ones. */
double bench_median    (double     *values,
                        guint       n);
/* Print "BENCH<TAB>name<TAB>value<TAB>unit<TAB>note" (value with three
 * decimals) and flush. */
void   bench_line      (const char *name,
                        double      value,
                        const char *unit,
                        const char *note);

G_END_DECLS
