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
#include "synack-window.h"

static gboolean have_display;
static SynackApplication *shared_app;

static gboolean
wait_for (gboolean (*cond) (gpointer),
          gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!cond (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

static gboolean
is_drawn (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0;
}

static void
settle (void)
{
  for (int i = 0; i < 100; i++)
    g_main_context_iteration (NULL, FALSE);
}

static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_BUILT, "screenshots", NULL);
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width = 0, height = 0;

  g_assert_true (wait_for (is_drawn, widget));
  for (int tries = 0; node == NULL && tries < 2000; tries++)
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();

      settle ();
      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
      node = gtk_snapshot_free_to_node (snapshot);
      if (node == NULL)
        g_usleep (5000);
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_mkdir_with_parents (dir, 0755);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s (%d x %d)", path, width, height);
}

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

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }
  window = synack_window_new (shared_app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1500, 950);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (synack_window_start_scenario (window, "handshake-and-close", &error));
  g_assert_no_error (error);
  session = synack_window_get_session (window);
  trace = synack_session_get_trace (session);
  g_assert_true (wait_for (is_drawn, synack_window_get_part (window, "ladder")));

  for (guint i = 0; i < synack_trace_get_n_events (trace) && syn < 0; i++)
    if (synack_trace_get_event (trace, i)->kind == SYNACK_EVENT_SEGMENT)
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
  settle ();
  g_assert_cmpint (synack_header_view_get_event (view), ==, syn);
  header = synack_header_describe (trace, (guint) syn, SYNACK_SEQ_TEXTBOOK);
  g_assert_nonnull (strstr (header, "SYN=1 FIN=0"));
  g_assert_nonnull (strstr (header, "ACK=0"));
  g_assert_true (wait_for (is_drawn, GTK_WIDGET (view)));
  screenshot (GTK_WIDGET (window), shot);

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
  settle ();
}

int
main (int   argc,
      char *argv[])
{
  GTestDBus *bus;
  g_autofree char *display = NULL;

  g_test_init (&argc, &argv, NULL);
  g_setenv ("GTK_A11Y", "none", TRUE);
  display = g_strdup (g_getenv ("DISPLAY"));
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);
  have_display = gtk_init_check ();
  if (have_display)
    {
      g_autoptr(GError) error = NULL;

      adw_init ();
      shared_app = synack_application_new (G_APPLICATION_NON_UNIQUE);
      g_application_register (G_APPLICATION (shared_app), NULL, &error);
      g_assert_no_error (error);
    }
  g_test_add_func ("/synack/header-view/header-page", test_header_page);
  return g_test_run ();
}
