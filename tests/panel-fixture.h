/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the panel tests share: a session showing a built-in scenario, the
 * panel under test in a window of its own, and a main loop to let it draw.
 * Without a display every test is reported as skipped. */
#pragma once

#include <adwaita.h>

#include "synack-session.h"
#include "synack-test-utils.h"

typedef struct
{
  SynackSession *session;
  SynackTrace   *trace;
  GtkWidget     *window;
  GtkWidget     *panel;
} PanelFixture;

static gboolean panel_have_display;

static inline void
panel_settle (void)
{
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
}

/* Put panel (floating) in a window of its own and show it. */
static inline void
panel_show (PanelFixture *f,
            GtkWidget    *panel)
{
  f->panel = panel;
  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 900, 700);
  gtk_window_set_child (GTK_WINDOW (f->window), panel);
  gtk_window_present (GTK_WINDOW (f->window));
  panel_settle ();
}

static inline void
panel_fixture_set_up (PanelFixture  *f,
                      gconstpointer  data)
{
  if (!panel_have_display)
    return;
  f->session = synack_session_new (NULL);
  f->trace = synack_test_run_builtin ("handshake-and-close");
  synack_session_set_trace (f->session, f->trace, "What the scenario is about.", TRUE);
}

static inline void
panel_fixture_tear_down (PanelFixture  *f,
                         gconstpointer  data)
{
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  panel_settle ();
  g_clear_object (&f->session);
  g_clear_object (&f->trace);
}

#define PANEL_SKIP_WITHOUT_DISPLAY() \
  G_STMT_START { if (!panel_have_display) { g_test_skip ("no display"); return; } } G_STMT_END

static inline void
panel_test_init (int    *argc,
                 char ***argv)
{
  g_test_init (argc, argv, NULL);
  g_setenv ("GTK_A11Y", "none", TRUE);
  panel_have_display = gtk_init_check ();
  if (panel_have_display)
    adw_init ();
}

static inline void
panel_skip_without_display (void)
{
  g_test_skip ("no display: the panel tests need one (run them under xvfb-run)");
}

/* Without a display each test is added as a skip, so no test body runs on
 * a session that was never made. */
#define PANEL_TEST(path, func) \
  G_STMT_START { \
    if (panel_have_display) \
      g_test_add (path, PanelFixture, NULL, panel_fixture_set_up, func, panel_fixture_tear_down); \
    else \
      g_test_add_func (path, panel_skip_without_display); \
  } G_STMT_END
