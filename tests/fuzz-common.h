/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What every fuzz target defines, for libFuzzer and for the replay driver. */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <glib.h>

G_BEGIN_DECLS

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);
/* Optional; a target defines it when it needs one-time setup. */
int LLVMFuzzerInitialize   (int           *argc,
                            char        ***argv) __attribute__ ((weak));
/* Optional, replay only (`fuzz-replay --check DIR...`): after every input,
 * a target may check what the corpus as a whole reached (the TCB corpus must
 * visit every state). Returns FALSE, having said why, when it falls short. */
gboolean fuzz_replay_check (void) __attribute__ ((weak));

/* An invariant the target checks. Unlike g_assert it cannot be compiled out,
 * and it aborts, which libFuzzer and the replay driver both report. */
#define FUZZ_CHECK(expr) \
  G_STMT_START { \
    if (G_UNLIKELY (!(expr))) \
      { \
        g_printerr ("%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #expr); \
        abort (); \
      } \
  } G_STMT_END

G_END_DECLS
