/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The act bar: offered for traces the engine can run again, not for
 * captures, and not in presentation mode. */
#include "config.h"

#include "panel-fixture.h"
#include "synack-act-bar.h"

static void
collect_targets (GtkWidget *widget,
                 GPtrArray *targets)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_BUTTON (child))
        {
          GVariant *target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (child));

          g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), ==, "win.act");
          g_ptr_array_add (targets, g_variant_dup_string (target, NULL));
        }
      collect_targets (child, targets);
    }
}

static void
test_buttons (PanelFixture  *f,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func (g_free);

  PANEL_SKIP_WITHOUT_DISPLAY ();
  panel_show (f, synack_act_bar_new (f->session));
  collect_targets (f->panel, targets);
  /* the client can connect; the server only listens */
  g_assert_true (g_ptr_array_find_with_equal_func (targets, "client connect", g_str_equal, NULL));
  g_assert_false (g_ptr_array_find_with_equal_func (targets, "server connect", g_str_equal, NULL));
  for (guint e = 0; e < 2; e++)
    for (const char *const *verb = (const char *const[]) { "send 1000", "shutdown", "close",
                                                           "abort", NULL }; *verb != NULL; verb++)
      {
        g_autofree char *target = g_strdup_printf ("%s %s", e == 0 ? "client" : "server", *verb);

        g_assert_true (g_ptr_array_find_with_equal_func (targets, target, g_str_equal, NULL));
      }
  g_assert_cmpuint (targets->len, ==, 9);
}

static void
test_visible (PanelFixture  *f,
              gconstpointer  data)
{
  g_autoptr(SynackTrace) capture = synack_trace_new (SYNACK_TRACE_SOURCE_FILE);

  PANEL_SKIP_WITHOUT_DISPLAY ();
  panel_show (f, synack_act_bar_new (f->session));
  g_assert_true (gtk_widget_get_visible (f->panel));
  /* keyboard only in front of a class */
  synack_session_set_presentation (f->session, TRUE);
  g_assert_false (gtk_widget_get_visible (f->panel));
  synack_session_set_presentation (f->session, FALSE);
  g_assert_true (gtk_widget_get_visible (f->panel));
  /* a capture cannot be run again */
  synack_trace_commit (capture);
  synack_session_set_trace (f->session, capture, NULL, FALSE);
  g_assert_false (gtk_widget_get_visible (f->panel));
  synack_session_set_trace (f->session, f->trace, NULL, TRUE);
  g_assert_true (gtk_widget_get_visible (f->panel));
}

int
main (int   argc,
      char *argv[])
{
  panel_test_init (&argc, &argv);
  PANEL_TEST ("/synack/act-bar/buttons", test_buttons);
  PANEL_TEST ("/synack/act-bar/visible", test_visible);
  return g_test_run ();
}
