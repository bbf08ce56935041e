/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "synack-compare-pane.h"
#include "synack-timeline-view.h"

struct _SynackComparePane
{
  GtkBox             parent_instance;

  SynackSession     *session;
  SynackLadderFrame *frame;      /* this run's; NULL on the what-if side */
  GtkWidget         *ladder;
  GtkWidget         *timeline;
  GtkWidget         *header;
  GtkWidget         *title;
};

G_DEFINE_FINAL_TYPE (SynackComparePane, synack_compare_pane, GTK_TYPE_BOX)

/* This run: the lesson's title over it while a what-if is beside it. */
static void
update_original (SynackComparePane *self)
{
  SynackTrace *trace = synack_session_get_trace (self->session);
  const char *title = trace != NULL ? synack_trace_get_title (trace) : NULL;
  g_autofree char *text = NULL;

  /* TRANSLATORS: the header over the original run when a what-if is beside it */
  text = g_strdup_printf (_("As it happened: %s"), title != NULL ? title : "");
  gtk_label_set_text (GTK_LABEL (self->title), text);
  gtk_widget_set_visible (self->header, synack_session_get_compare (self->session) != NULL);
}

/* The what-if: the compare session's ladder and timeline under what it
 * changed, the whole side hidden while there is no comparison. */
static void
update_what_if (SynackComparePane *self)
{
  SynackSession *compare = synack_session_get_compare (self->session);
  const char *title = synack_session_get_compare_title (self->session);

  gtk_label_set_text (GTK_LABEL (self->title), title != NULL ? title : "");
  synack_time_view_set_session (SYNACK_TIME_VIEW (self->ladder), compare);
  synack_time_view_set_session (SYNACK_TIME_VIEW (self->timeline), compare);
  if (compare == NULL)
    {
      /* let the finished comparison go */
      synack_time_view_set_player (SYNACK_TIME_VIEW (self->ladder), NULL);
      synack_time_view_set_trace (SYNACK_TIME_VIEW (self->ladder), NULL);
      synack_time_view_set_player (SYNACK_TIME_VIEW (self->timeline), NULL);
      synack_time_view_set_trace (SYNACK_TIME_VIEW (self->timeline), NULL);
    }
  gtk_widget_set_visible (GTK_WIDGET (self), compare != NULL);
}

static void
compare_changed (SynackComparePane *self)
{
  if (self->frame != NULL)
    update_original (self);
  else
    update_what_if (self);
}

static void
close_clicked (SynackComparePane *self)
{
  synack_session_set_compare (self->session, NULL, NULL);
}

SynackLadderView *
synack_compare_pane_get_ladder (SynackComparePane *self)
{
  g_return_val_if_fail (SYNACK_IS_COMPARE_PANE (self), NULL);

  if (self->frame == NULL && synack_session_get_compare (self->session) == NULL)
    return NULL;
  return SYNACK_LADDER_VIEW (self->ladder);
}

SynackLadderFrame *
synack_compare_pane_get_frame (SynackComparePane *self)
{
  g_return_val_if_fail (SYNACK_IS_COMPARE_PANE (self), NULL);
  return self->frame;
}

GtkWidget *
synack_compare_pane_get_timeline (SynackComparePane *self)
{
  g_return_val_if_fail (SYNACK_IS_COMPARE_PANE (self), NULL);
  return self->timeline;
}

const char *
synack_compare_pane_get_title (SynackComparePane *self)
{
  g_return_val_if_fail (SYNACK_IS_COMPARE_PANE (self), NULL);
  return gtk_label_get_text (GTK_LABEL (self->title));
}

static void
synack_compare_pane_dispose (GObject *object)
{
  SynackComparePane *self = SYNACK_COMPARE_PANE (object);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (synack_compare_pane_parent_class)->dispose (object);
}

static void
synack_compare_pane_class_init (SynackComparePaneClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = synack_compare_pane_dispose;
}

static void
synack_compare_pane_init (SynackComparePane *self)
{
  GtkWidget *close;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);

  /* the header over each run: the close button stays clear of the
   * drawing, and both ladders start at the same height */
  self->header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_add_css_class (self->header, "toolbar");
  self->title = gtk_label_new (NULL);
  /* Keep the label's natural width small, so both ladders share the room evenly. */
  gtk_label_set_ellipsize (GTK_LABEL (self->title), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (self->title), 8);
  gtk_widget_add_css_class (self->title, "heading");
  gtk_widget_set_hexpand (self->title, TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->title), 0);
  close = gtk_button_new_from_icon_name ("window-close-symbolic");
  gtk_widget_set_tooltip_text (close, _("Close the Comparison"));
  gtk_widget_add_css_class (close, "flat");
  g_signal_connect_swapped (close, "clicked", G_CALLBACK (close_clicked), self);
  gtk_box_append (GTK_BOX (self->header), self->title);
  gtk_box_append (GTK_BOX (self->header), close);
  gtk_box_append (GTK_BOX (self), self->header);

  /* each run's own states beside its ladder: one timeline for two runs
   * said neither's */
  self->timeline = synack_timeline_view_new ();
}

/* The header, then the ladder (ladder_child holds it) beside the timeline. */
static GtkWidget *
finish (SynackComparePane *self,
        SynackSession     *session,
        GtkWidget         *ladder_child)
{
  GtkWidget *row, *timeline_scroll;

  self->session = g_object_ref (session);
  timeline_scroll = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (timeline_scroll), GTK_POLICY_NEVER,
                                  GTK_POLICY_EXTERNAL);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (timeline_scroll), self->timeline);
  gtk_widget_set_size_request (timeline_scroll, 220, -1);
  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_set_vexpand (row, TRUE);
  gtk_box_append (GTK_BOX (row), ladder_child);
  gtk_box_append (GTK_BOX (row), gtk_separator_new (GTK_ORIENTATION_VERTICAL));
  gtk_box_append (GTK_BOX (row), timeline_scroll);
  gtk_box_append (GTK_BOX (self), row);
  g_signal_connect_object (session, "notify::compare", G_CALLBACK (compare_changed), self,
                           G_CONNECT_SWAPPED);
  compare_changed (self);
  return GTK_WIDGET (self);
}

GtkWidget *
synack_compare_pane_new (SynackSession *session)
{
  SynackComparePane *self;
  GtkWidget *scroller;

  g_return_val_if_fail (SYNACK_IS_SESSION (session), NULL);

  self = g_object_new (SYNACK_TYPE_COMPARE_PANE, NULL);
  gtk_widget_add_css_class (GTK_WIDGET (self), "compare");
  self->ladder = synack_ladder_view_new ();
  /* the main view leads: same zoom, same first time, so the rows line up */
  synack_ladder_view_set_follow_cursor (SYNACK_LADDER_VIEW (self->ladder), FALSE);
  gtk_widget_set_vexpand (self->ladder, TRUE);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), self->ladder);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_widget_set_hexpand (scroller, TRUE);
  return finish (self, session, scroller);
}

GtkWidget *
synack_compare_pane_new_original (SynackSession *session)
{
  SynackComparePane *self;

  g_return_val_if_fail (SYNACK_IS_SESSION (session), NULL);

  self = g_object_new (SYNACK_TYPE_COMPARE_PANE, NULL);
  self->frame = SYNACK_LADDER_FRAME (synack_ladder_frame_new (session));
  self->ladder = GTK_WIDGET (synack_ladder_frame_get_ladder (self->frame));
  synack_time_view_set_session (SYNACK_TIME_VIEW (self->timeline), session);
  return finish (self, session, GTK_WIDGET (self->frame));
}
