/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "synack-explain.h"
#include "synack-header-view.h"
#include "synack-header.h"
#include "synack-theme.h"

struct _SynackHeaderView
{
  GtkDrawingArea  parent_instance;
  SynackSession  *session;   /* weak: the window owns both */
  int             event;
};

G_DEFINE_FINAL_TYPE (SynackHeaderView, synack_header_view, GTK_TYPE_DRAWING_AREA)

#define PAD 12.0

static const SynackTheme *
view_theme (SynackHeaderView *self)
{
  if (self->session != NULL && synack_session_get_high_contrast (self->session))
    return synack_theme_get (SYNACK_THEME_HIGH_CONTRAST);
  if (self->session != NULL && synack_session_get_dark (self->session))
    return synack_theme_get (SYNACK_THEME_DARK);
  return synack_theme_get (SYNACK_THEME_LIGHT);
}

static SynackTrace *
view_trace (SynackHeaderView *self)
{
  return self->session != NULL ? synack_session_get_trace (self->session) : NULL;
}

static gboolean
showing_segment (SynackHeaderView *self)
{
  SynackTrace *trace = view_trace (self);

  return trace != NULL && self->event >= 0 &&
         (guint) self->event < synack_trace_get_n_events (trace) &&
         synack_trace_get_event_kind (trace, self->event) == SYNACK_EVENT_SEGMENT;
}

static void
draw (GtkDrawingArea *area,
      cairo_t        *cr,
      int             width,
      int             height,
      gpointer        user_data)
{
  SynackHeaderView *self = SYNACK_HEADER_VIEW (area);
  const SynackTheme *theme = view_theme (self);
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  SynackTrace *trace = view_trace (self);
  SynackSeqMode mode = self->session != NULL ? synack_session_get_seq_mode (self->session)
                                             : SYNACK_SEQ_RELATIVE;
  int tw, th;

  synack_theme_set_source (cr, &theme->background);
  cairo_paint (cr);
  synack_theme_set_source (cr, &theme->foreground);
  pango_layout_set_width (layout, (int) ((width - 2 * PAD) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  if (!showing_segment (self))
    {
      pango_layout_set_text (layout, _("Select a segment to see its TCP header."), -1);
      cairo_move_to (cr, PAD, PAD);
      pango_cairo_show_layout (cr, layout);
      return;
    }
  {
    SynackEvent ev;
    char flags[64];
    g_autofree char *title = NULL;
    g_autofree char *markup = NULL;

    synack_trace_read_event (trace, self->event, &ev);
    synack_flags_to_string (ev.segment.flags, flags, sizeof flags);
    title = g_strdup_printf (_("Segment %u: %s → %s, %s (a 20-byte header, plus options)"),
                             (guint) synack_trace_segment_number (trace, self->event),
                             synack_explain_endpoint_name (trace, ev.conn, ev.endpoint & 1),
                             synack_explain_endpoint_name (trace, ev.conn, 1 - (ev.endpoint & 1)),
                             flags);
    markup = g_markup_printf_escaped ("<b>%s</b>", title);
    pango_layout_set_markup (layout, markup, -1);
    cairo_move_to (cr, PAD, PAD);
    pango_cairo_show_layout (cr, layout);
    pango_layout_get_pixel_size (layout, &tw, &th);
  }
  cairo_save (cr);
  cairo_translate (cr, PAD, PAD + th + 8);
  synack_header_paint (cr, trace, self->event, width - 2 * PAD, theme, mode);
  cairo_restore (cr);
}

static void
refresh (SynackHeaderView *self)
{
  SynackTrace *trace = view_trace (self);
  double h = 60;

  if (showing_segment (self))
    h = PAD * 2 + 40 + synack_header_paint (NULL, trace, self->event, 400, view_theme (self),
                                             synack_session_get_seq_mode (self->session));
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self), (int) h);
  if (showing_segment (self))
    {
      g_autofree char *text = synack_header_describe (trace, self->event,
                                                      synack_session_get_seq_mode (self->session));

      gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      text, -1);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
synack_header_view_class_init (SynackHeaderViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
synack_header_view_init (SynackHeaderView *self)
{
  self->event = -1;
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self), draw, NULL, NULL);
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (self), 400);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("TCP header"), -1);
  refresh (self);
}

GtkWidget *
synack_header_view_new (void)
{
  return g_object_new (SYNACK_TYPE_HEADER_VIEW, NULL);
}

/* The session's shown event: the selected segment, else the cursor's. */
static void
event_changed (SynackHeaderView *self)
{
  int event = synack_session_get_shown_event (self->session);

  if (self->event == event)
    return;
  self->event = event;
  refresh (self);
}

static void
trace_changed (SynackHeaderView *self)
{
  self->event = synack_session_get_shown_event (self->session);
  refresh (self);
}

void
synack_header_view_set_session (SynackHeaderView *self,
                                SynackSession    *session)
{
  g_return_if_fail (SYNACK_IS_HEADER_VIEW (self));
  g_return_if_fail (SYNACK_IS_SESSION (session));
  g_return_if_fail (self->session == NULL);

  self->session = session;
  g_signal_connect_object (session, "notify::seq-mode", G_CALLBACK (refresh), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::dark", G_CALLBACK (gtk_widget_queue_draw), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::high-contrast", G_CALLBACK (gtk_widget_queue_draw),
                           self, G_CONNECT_SWAPPED);
  /* a new trace draws anew even when the event's index is the same */
  g_signal_connect_object (session, "trace-changed", G_CALLBACK (trace_changed), self,
                           G_CONNECT_SWAPPED);
  synack_session_follow_cursor (session, G_CALLBACK (event_changed), self);
  trace_changed (self);
}

int
synack_header_view_get_event (SynackHeaderView *self)
{
  g_return_val_if_fail (SYNACK_IS_HEADER_VIEW (self), -1);
  return self->event;
}
