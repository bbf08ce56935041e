/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "synack-error.h"
#include "synack-ladder-frame.h"

/* The frame exists because a popover needs a parent that presents it when
 * allocated, which the view is not. */
struct _SynackLadderFrame
{
  GtkWidget      parent_instance;

  SynackSession *session;
  GtkWidget     *scroller;
  GtkWidget     *ladder;
  GtkWidget     *popover;
  int            what_if_index;
};

G_DEFINE_FINAL_TYPE (SynackLadderFrame, synack_ladder_frame, GTK_TYPE_WIDGET)

static gboolean
can_what_if (SynackLadderFrame *self)
{
  SynackTrace *trace = synack_session_get_trace (self->session);

  return trace != NULL && synack_session_get_can_rerun (self->session) &&
         synack_trace_get_source (trace) == SYNACK_TRACE_SOURCE_ENGINE;
}

static void
menu_closed (SynackLadderFrame *self)
{
  gtk_widget_set_has_tooltip (self->ladder, TRUE);
}

/* The what-if menu for segment index, pointing at (x, y) in the ladder. */
static void
popup_what_if (SynackLadderFrame *self,
               int                index,
               double             x,
               double             y)
{
  g_autoptr(GMenu) menu = NULL;
  g_autoptr(GMenu) section = NULL;
  double fx = x, fy = y;

  if (index < 0 || !can_what_if (self))
    return;
  self->what_if_index = index;
  synack_session_set_selected (self->session, index);

  menu = g_menu_new ();
  section = g_menu_new ();
  g_menu_append (section, _("What If It Were _Lost"), "win.what-if::lose");
  g_menu_append (section, _("What If It Were _Delayed"), "win.what-if::delay");
  g_menu_append (section, _("What If It Were D_uplicated"), "win.what-if::duplicate");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
  if (self->popover == NULL)
    {
      self->popover = gtk_popover_menu_new_from_model (G_MENU_MODEL (menu));
      gtk_widget_set_parent (self->popover, GTK_WIDGET (self));
      gtk_popover_set_has_arrow (GTK_POPOVER (self->popover), FALSE);
      g_signal_connect_object (self->popover, "closed", G_CALLBACK (menu_closed), self,
                               G_CONNECT_SWAPPED);
    }
  else
    gtk_popover_menu_set_menu_model (GTK_POPOVER_MENU (self->popover), G_MENU_MODEL (menu));
  gtk_widget_translate_coordinates (self->ladder, GTK_WIDGET (self), x, y, &fx, &fy);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->popover),
                               &(GdkRectangle) { (int) fx, (int) fy, 1, 1 });
  /* the segment's tooltip would cover the menu */
  gtk_widget_set_has_tooltip (self->ladder, FALSE);
  gtk_popover_popup (GTK_POPOVER (self->popover));
}

static void
ladder_pressed (GtkGestureClick   *gesture,
                int                n_press,
                double             x,
                double             y,
                SynackLadderFrame *self)
{
  SynackLadderView *ladder = SYNACK_LADDER_VIEW (self->ladder);
  int index = synack_ladder_view_pick (ladder, x, y);

  /* Arrows are thin: accept a click a few pixels off. */
  for (int d = 3; index < 0 && d <= 12; d += 3)
    {
      index = synack_ladder_view_pick (ladder, x, y - d);
      if (index < 0)
        index = synack_ladder_view_pick (ladder, x, y + d);
    }
  popup_what_if (self, index, x, y);
}

gboolean
synack_ladder_frame_popup_for_selection (SynackLadderFrame  *self,
                                         GError            **error)
{
  int index;
  double x, y;

  g_return_val_if_fail (SYNACK_IS_LADDER_FRAME (self), FALSE);

  index = synack_session_get_selected (self->session);
  if (!can_what_if (self))
    {
      g_set_error_literal (error, SYNACK_ERROR, SYNACK_ERROR_INVALID,
                           _("What if works on scenario traces, which the engine can run again"));
      return FALSE;
    }
  if (index < 0)
    {
      g_set_error_literal (error, SYNACK_ERROR, SYNACK_ERROR_INVALID,
                           _("Select a segment first (Up and Down, or click it)"));
      return FALSE;
    }
  if (!synack_ladder_view_get_segment_point (SYNACK_LADDER_VIEW (self->ladder), index, &x, &y))
    {
      x = gtk_widget_get_width (self->ladder) / 2.0;
      y = gtk_widget_get_height (self->ladder) / 2.0;
    }
  popup_what_if (self, index, x, y);
  return TRUE;
}

SynackLadderView *
synack_ladder_frame_get_ladder (SynackLadderFrame *self)
{
  g_return_val_if_fail (SYNACK_IS_LADDER_FRAME (self), NULL);
  return SYNACK_LADDER_VIEW (self->ladder);
}

GtkWidget *
synack_ladder_frame_get_menu (SynackLadderFrame *self)
{
  g_return_val_if_fail (SYNACK_IS_LADDER_FRAME (self), NULL);
  return self->popover;
}

int
synack_ladder_frame_get_what_if_segment (SynackLadderFrame *self)
{
  g_return_val_if_fail (SYNACK_IS_LADDER_FRAME (self), -1);
  return self->what_if_index;
}

void
synack_ladder_frame_set_what_if_segment (SynackLadderFrame *self,
                                         int                index)
{
  g_return_if_fail (SYNACK_IS_LADDER_FRAME (self));
  self->what_if_index = index;
}

/* A new trace: the segment remembered belongs to the old one. */
static void
trace_changed (SynackLadderFrame *self)
{
  self->what_if_index = -1;
  if (self->popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (self->popover));
}

static void
connection_changed (SynackLadderFrame *self)
{
  SynackTrace *trace = synack_session_get_trace (self->session);

  /* a live connection grows from nothing: it keeps the zoom it has */
  if (trace != NULL && !synack_trace_is_live (trace))
    synack_ladder_view_zoom_for_reading (SYNACK_LADDER_VIEW (self->ladder));
}

static void
synack_ladder_frame_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  SynackLadderFrame *self = SYNACK_LADDER_FRAME (widget);

  gtk_widget_measure (self->scroller, orientation, for_size, minimum, natural,
                      minimum_baseline, natural_baseline);
}

static void
synack_ladder_frame_size_allocate (GtkWidget *widget,
                                   int        width,
                                   int        height,
                                   int        baseline)
{
  SynackLadderFrame *self = SYNACK_LADDER_FRAME (widget);

  gtk_widget_allocate (self->scroller, width, height, baseline, NULL);
  if (self->popover != NULL)
    gtk_popover_present (GTK_POPOVER (self->popover));
}

static gboolean
synack_ladder_frame_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (SYNACK_LADDER_FRAME (widget)->ladder);
}

static void
synack_ladder_frame_dispose (GObject *object)
{
  SynackLadderFrame *self = SYNACK_LADDER_FRAME (object);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_pointer (&self->popover, gtk_widget_unparent);
  g_clear_pointer (&self->scroller, gtk_widget_unparent);
  self->ladder = NULL;
  g_clear_object (&self->session);
  G_OBJECT_CLASS (synack_ladder_frame_parent_class)->dispose (object);
}

static void
synack_ladder_frame_class_init (SynackLadderFrameClass *klass)
{
  GTK_WIDGET_CLASS (klass)->measure = synack_ladder_frame_measure;
  GTK_WIDGET_CLASS (klass)->size_allocate = synack_ladder_frame_size_allocate;
  GTK_WIDGET_CLASS (klass)->grab_focus = synack_ladder_frame_grab_focus;
  G_OBJECT_CLASS (klass)->dispose = synack_ladder_frame_dispose;
}

static void
synack_ladder_frame_init (SynackLadderFrame *self)
{
  GtkGesture *click;

  self->what_if_index = -1;
  self->ladder = synack_ladder_view_new ();
  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), self->ladder);
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect (click, "pressed", G_CALLBACK (ladder_pressed), self);
  gtk_widget_add_controller (self->ladder, GTK_EVENT_CONTROLLER (click));
}

GtkWidget *
synack_ladder_frame_new (SynackSession *session)
{
  SynackLadderFrame *self;

  g_return_val_if_fail (SYNACK_IS_SESSION (session), NULL);

  self = g_object_new (SYNACK_TYPE_LADDER_FRAME, NULL);
  self->session = g_object_ref (session);
  synack_time_view_set_session (SYNACK_TIME_VIEW (self->ladder), session);
  g_signal_connect_object (session, "trace-changed", G_CALLBACK (trace_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::connection", G_CALLBACK (connection_changed), self,
                           G_CONNECT_SWAPPED);
  return GTK_WIDGET (self);
}
