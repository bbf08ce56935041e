/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window's Header page (the selected segment's TCP header as textbooks
 * draw it), the textbook notation mode, the socket calls on both lifelines
 * and File > Export Handout's writer, under a virtual display. Screenshots
 * go to the build directory's screenshots/ (header-view-LANG.png). */
#include "config.h"

#include <adwaita.h>
#include <gtk/gtk.h>
#include <glib/gstdio.h>
#include <string.h>

#include "synack-application.h"
#include "synack-handout.h"
#include "synack-header.h"
#include "synack-header-view.h"
#include "synack-ladder-layout.h"
#include "synack-test-utils-gtk.h"
#include "synack-window.h"


static void
test_header_page (void)
{
  g_autoptr(GError) error = NULL;
  SynackWindow *window;
  SynackSession *session;
  SynackTrace *trace;
  SynackHeaderView *view;
  g_autofree char *header = NULL;
  g_autofree char *label = NULL;
  int syn = -1;
  const char *lang = g_getenv ("LANGUAGE");
  g_autofree char *shot = g_strdup_printf ("header-view-%s", lang != NULL ? lang : "C");

  SYNACK_TEST_NEED_DISPLAY ();
  window = synack_window_new (synack_test_gtk_get_application ());
  gtk_window_set_default_size (GTK_WINDOW (window), 1500, 950);
  gtk_window_present (GTK_WINDOW (window));
  synack_test_gtk_start_scenario (window, "handshake-and-close");
  session = synack_window_get_session (window);
  trace = synack_session_get_trace (session);
  g_assert_true (synack_test_gtk_wait_for (synack_test_gtk_is_drawn, synack_window_get_part (window, "ladder")));

  for (guint i = 0; i < synack_trace_get_n_events (trace) && syn < 0; i++)
    if (synack_trace_get_event_kind (trace, i) == SYNACK_EVENT_SEGMENT)
      syn = (int) i;
  g_assert_cmpint (syn, >=, 0);

  /* the textbook's letters, on the ladder and in the header */
  synack_session_set_seq_mode (session, SYNACK_SEQ_TEXTBOOK);
  label = synack_ladder_label_line2 (trace, (guint) syn, synack_session_get_seq_mode (session));
  g_assert_true (g_str_has_prefix (label, "seq=x "));

  synack_player_seek_event (synack_session_get_player (session), (guint) syn + 12);
  synack_session_set_selected (session, syn);
  gtk_stack_set_visible_child_name (GTK_STACK (synack_window_get_part (window, "side-stack")),
                                    "header");
  view = SYNACK_HEADER_VIEW (synack_window_get_part (window, "header"));
  synack_test_gtk_settle ();
  g_assert_cmpint (synack_header_view_get_event (view), ==, syn);
  header = synack_header_describe (trace, (guint) syn, SYNACK_SEQ_TEXTBOOK);
  g_assert_nonnull (strstr (header, "SYN=1 FIN=0"));
  g_assert_nonnull (strstr (header, "ACK=0"));
  g_assert_true (synack_test_gtk_wait_for (synack_test_gtk_is_drawn, GTK_WIDGET (view)));
  synack_test_gtk_screenshot (GTK_WIDGET (window), shot);

  /* File > Export Handout's writer, with the window's connection and mode */
  {
    g_autofree char *dir = g_dir_make_tmp ("synack-header-view-XXXXXX", NULL);
    g_autofree char *pdf = g_build_filename (dir, "h.pdf", NULL);
    g_autofree char *contents = NULL;
    gsize len = 0;

    g_assert_true (synack_handout_write_pdf (trace, synack_session_get_connection (session),
                                             SYNACK_SEQ_TEXTBOOK, pdf, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (pdf, &contents, &len, NULL));
    g_assert_true (g_str_has_prefix (contents, "%PDF"));
    g_unlink (pdf);
    g_rmdir (dir);
  }
  gtk_window_destroy (GTK_WINDOW (window));
  synack_test_gtk_settle ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  synack_test_gtk_init ();

  g_test_add_func ("/synack/header-view/header-page", test_header_page);
  return synack_test_gtk_run ();
}
