/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The widget tests' set-up, once for all of them. */
#pragma once

#include "synack-application.h"
#include "synack-test-utils.h"
#include "synack-window.h"

G_BEGIN_DECLS

/* No accessibility bus, a private session bus (GTestDBus; DISPLAY kept
 * across it, since it unsets it), gtk_init_check(), adw_init() and one
 * registered SynackApplication the tests share. Returns whether there is a
 * display; where there is none, the tests skip (SYNACK_TEST_NEED_DISPLAY). */
gboolean           synack_test_gtk_init            (void);
gboolean           synack_test_gtk_have_display    (void);
/* (transfer none); NULL without a display */
SynackApplication *synack_test_gtk_get_application (void);

/* Let the main loop run until cond (data) holds, at most about 20 s: a
 * wait, not a timing assertion. FALSE when it never held. */
gboolean           synack_test_gtk_wait_for        (gboolean (*cond) (gpointer),
                                                    gpointer   data);
/* A condition for wait_for: widget (data) is mapped and has a width. */
gboolean           synack_test_gtk_is_drawn        (gpointer   data);
/* Let pending main-loop work (layout, drawing, idles) run. */
void               synack_test_gtk_settle          (void);
/* Save widget as drawn to screenshots/NAME.png in the build directory and
 * name the file in the test log. */
void               synack_test_gtk_screenshot      (GtkWidget  *widget,
                                                    const char *name);
/* Press a key as widget's shortcut controllers see it; whether one took it. */
gboolean           synack_test_gtk_press           (GtkWidget       *widget,
                                                    guint            keyval,
                                                    GdkModifierType  modifiers);

/* Wait until window has no load running (its document shown, or its
 * error said). */
void               synack_test_gtk_wait_loaded     (SynackWindow *window);
/* Start the scenario name in window and wait until its load is over (a
 * scenario runs in a worker thread, as every input); asserts it started
 * and was shown. (transfer none) the trace shown */
SynackTrace       *synack_test_gtk_start_scenario  (SynackWindow *window,
                                                    const char   *name);

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
