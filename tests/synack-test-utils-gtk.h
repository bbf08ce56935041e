/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The widget tests' set-up, once for all of them. */
#pragma once

#include "synack-application.h"
#include "synack-test-utils.h"

G_BEGIN_DECLS

/* No accessibility bus, a private session bus (GTestDBus; DISPLAY kept
 * across it, since it unsets it), gtk_init_check(), adw_init() and one
 * registered SynackApplication the tests share. Returns whether there is a
 * display; where there is none, the tests skip (SYNACK_TEST_NEED_DISPLAY). */
gboolean           synack_test_gtk_init            (void);
gboolean           synack_test_gtk_have_display    (void);
/* (transfer none); NULL without a display */
SynackApplication *synack_test_gtk_get_application (void);

/* g_test_run(), then the private session bus is stopped. */
int                synack_test_gtk_run             (void);

/* At the start of a widget test: skip it, and say why, without a display
 * (an exit status of 77 would be an ERROR under TAP). */
#define SYNACK_TEST_NEED_DISPLAY() \
  G_STMT_START { \
    if (!synack_test_gtk_have_display ()) \
      { \
        g_test_skip ("no display: the widget tests need one (run them under xvfb-run)"); \
        return; \
      } \
  } G_STMT_END

G_END_DECLS
