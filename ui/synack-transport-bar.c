/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "synack-transport-bar.h"

struct _SynackTransportBar
{
  GtkWidget      parent_instance;

  SynackPlayer  *player;
  SynackTrace   *trace;
  gulong         events_added_id;
  gboolean       updating;

  GtkButton     *play_button;
  GtkDropDown   *speed_dropdown;
  GtkToggleButton *skip_idle_button;
  GtkToggleButton *follow_live_button;
  GtkScale      *scrubber;
  GtkAdjustment *adjustment;
  GtkLabel      *position_label;

  /* What scrub_count() has counted: which events, how far, and how many of
   * them were variable snapshots. The trace is compared, never used. */
  SynackTrace   *count_trace;
  int            count_conn;
  guint          count_scanned;
  guint          count_snapshots;
};

G_DEFINE_FINAL_TYPE (SynackTransportBar, synack_transport_bar, GTK_TYPE_WIDGET)

static const double speeds[] = { 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64 };

/* The scrubber and the label count the events of the connection the player
 * steps through (all events when it steps through every connection), the
 * ones a user can step to: a snapshot of the send and receive variables goes
 * with the event before it, and counting it made the counter jump by two.
 * Captures have no snapshots, so their ranks are their positions; the
 * engine's traces, which have them, are small enough to count through. */

/* The n-th event scrubbing walks (all events, or one connection's). */
static guint
scrub_event (SynackTrace *trace,
             int          conn,
             guint        n)
{
  return conn >= 0 ? synack_trace_conn_event (trace, conn, n) : n;
}

static guint
scrub_total (SynackTrace *trace,
             int          conn)
{
  const SynackConnection *c;

  if (conn >= 0 && (c = synack_trace_get_connection (trace, conn)) != NULL)
    return c->n_events;
  return synack_trace_get_n_events (trace);
}

static gboolean
is_snapshot (SynackTrace *trace,
             guint        index)
{
  return synack_trace_get_event_kind (trace, index) == SYNACK_EVENT_VARS;
}

/* Bring the snapshot count up to the events there are now; a growing live
 * trace is counted only in its new part. */
static void
update_count (SynackTransportBar *self)
{
  SynackTrace *trace = synack_player_get_trace (self->player);
  int conn = synack_player_get_connection (self->player);
  guint total;

  if (conn >= 0 && synack_trace_get_connection (trace, conn) == NULL)
    conn = -1;
  if (trace != self->count_trace || conn != self->count_conn)
    {
      self->count_trace = trace;
      self->count_conn = conn;
      self->count_scanned = 0;
      self->count_snapshots = 0;
    }
  total = scrub_total (trace, conn);
  for (; self->count_scanned < total; self->count_scanned++)
    if (is_snapshot (trace, scrub_event (trace, conn, self->count_scanned)))
      self->count_snapshots++;
}

static guint
scrub_count (SynackTransportBar *self)
{
  if (self->player == NULL || synack_player_get_trace (self->player) == NULL)
    return 0;
  update_count (self);
  return self->count_scanned - self->count_snapshots;
}

/* Where event index sits among the events a user steps to, or -1 before
 * the first. */
static int
scrub_position (SynackTransportBar *self,
                int                 index)
{
  SynackTrace *trace = synack_player_get_trace (self->player);
  int conn;
  SynackEvent ev;
  guint first, last;
  int p = -1;
  int rank;

  if (trace == NULL || index < 0)
    return -1;
  update_count (self);
  conn = self->count_conn;
  if (conn < 0)
    p = index;
  else
    {
      synack_trace_read_event (trace, index, &ev);
      /* The connection's events up to the cursor's time, then back to it. */
      synack_trace_conn_range (trace, conn, G_MININT64, ev.time + 1, &first, &last);
      for (guint q = last; q > 0; q--)
        if ((int) synack_trace_conn_event (trace, conn, q - 1) <= index)
          {
            p = (int) q - 1;
            break;
          }
    }
  if (p < 0 || self->count_snapshots == 0)
    return p;
  rank = -1;
  for (int q = 0; q <= p && q < (int) self->count_scanned; q++)
    if (!is_snapshot (trace, scrub_event (trace, conn, q)))
      rank++;
  return rank;
}

/* The event at a scrubber value (a rank among the events a user steps to). */
static int
scrub_to_index (SynackTransportBar *self,
                int                 value)
{
  SynackTrace *trace = synack_player_get_trace (self->player);
  int conn;

  if (trace == NULL || value < 0)
    return value;
  update_count (self);
  conn = self->count_conn;
  if (self->count_snapshots == 0)
    return (int) scrub_event (trace, conn, (guint) value);
  for (guint q = 0; q < self->count_scanned; q++)
    if (!is_snapshot (trace, scrub_event (trace, conn, q)) && value-- == 0)
      return (int) scrub_event (trace, conn, q);
  return -1;
}

static void
update_from_player (SynackTransportBar *self)
{
  SynackTrace *trace = NULL;
  guint n_events = 0;
  int position = -1;
  gboolean playing = FALSE;
  gboolean at_start = TRUE, at_end = TRUE;
  g_autofree char *text = NULL;
  const char *tooltip;

  if (self->player != NULL)
    {
      trace = synack_player_get_trace (self->player);
      n_events = scrub_count (self);
      position = scrub_position (self, synack_player_get_position (self->player));
      playing = synack_player_get_playing (self->player);
      at_start = synack_player_get_at_start (self->player);
      at_end = synack_player_get_at_end (self->player);
    }

  self->updating = TRUE;

  gtk_button_set_icon_name (self->play_button,
                            playing ? "media-playback-pause-symbolic"
                                    : "media-playback-start-symbolic");
  /* Setting a tooltip asks the display where the pointer is (a round trip
   * to the X server): only when it changes, not on every notify. */
  tooltip = playing ? _("Pause (Space)") : _("Play (Space)");
  if (g_strcmp0 (gtk_widget_get_tooltip_text (GTK_WIDGET (self->play_button)), tooltip) != 0)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->play_button), tooltip);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "transport.to-start", !at_start);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "transport.step-back", !at_start);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "transport.step-forward", !at_end);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "transport.to-end", !at_end);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "transport.toggle",
                                 n_events > 0 && (playing || !at_end));

  gtk_adjustment_configure (self->adjustment, position, -1, MAX (n_events, 1) - 1 + 1, 1, 10, 1);
  gtk_widget_set_sensitive (GTK_WIDGET (self->scrubber), n_events > 0);

  if (self->player != NULL)
    {
      double speed = synack_player_get_speed (self->player);
      guint best = 2;

      for (guint i = 0; i < G_N_ELEMENTS (speeds); i++)
        if (ABS (speeds[i] - speed) < ABS (speeds[best] - speed))
          best = i;
      gtk_drop_down_set_selected (self->speed_dropdown, best);
      gtk_toggle_button_set_active (self->skip_idle_button,
                                    synack_player_get_skip_idle (self->player));
      gtk_toggle_button_set_active (self->follow_live_button,
                                    synack_player_get_follow_live (self->player));
      gtk_widget_set_visible (GTK_WIDGET (self->follow_live_button),
                              trace != NULL && synack_trace_is_live (trace));
    }

  if (n_events == 0)
    text = g_strdup (_("No events"));
  else if (position < 0)
    text = g_strdup_printf (ngettext ("Start · %u event", "Start · %u events", n_events), n_events);
  else
    text = g_strdup_printf (_("Event %d of %u · %.6f s"), position + 1, n_events,
                            synack_player_get_time (self->player) / 1e9);
  gtk_label_set_text (self->position_label, text);

  self->updating = FALSE;
}

static void
scrubber_changed (SynackTransportBar *self)
{
  int position;

  if (self->updating || self->player == NULL)
    return;
  position = scrub_to_index (self, (int) gtk_adjustment_get_value (self->adjustment));
  if (position >= -1 && position != synack_player_get_position (self->player))
    synack_player_seek_event (self->player, position);
}

static void
speed_selected (SynackTransportBar *self)
{
  guint selected = gtk_drop_down_get_selected (self->speed_dropdown);

  if (self->updating || self->player == NULL || selected >= G_N_ELEMENTS (speeds))
    return;
  synack_player_set_speed (self->player, speeds[selected]);
}

static void
skip_idle_toggled (SynackTransportBar *self)
{
  if (self->updating || self->player == NULL)
    return;
  synack_player_set_skip_idle (self->player, gtk_toggle_button_get_active (self->skip_idle_button));
}

static void
follow_live_toggled (SynackTransportBar *self)
{
  if (self->updating || self->player == NULL)
    return;
  synack_player_set_follow_live (self->player,
                                 gtk_toggle_button_get_active (self->follow_live_button));
}

static void
transport_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SynackTransportBar *self = SYNACK_TRANSPORT_BAR (widget);

  if (self->player == NULL)
    return;
  if (g_str_equal (action_name, "transport.to-start"))
    synack_player_to_start (self->player);
  else if (g_str_equal (action_name, "transport.step-back"))
    synack_player_step_backward (self->player);
  else if (g_str_equal (action_name, "transport.toggle"))
    synack_player_toggle (self->player);
  else if (g_str_equal (action_name, "transport.step-forward"))
    synack_player_step_forward (self->player);
  else if (g_str_equal (action_name, "transport.to-end"))
    synack_player_to_end (self->player);
  else if (g_str_equal (action_name, "transport.faster"))
    synack_player_faster (self->player);
  else if (g_str_equal (action_name, "transport.slower"))
    synack_player_slower (self->player);
}

static void
disconnect_player (SynackTransportBar *self)
{
  if (self->player != NULL)
    g_signal_handlers_disconnect_by_data (self->player, self);
  if (self->trace != NULL)
    g_clear_signal_handler (&self->events_added_id, self->trace);
  g_clear_object (&self->trace);
  g_clear_object (&self->player);
}

static void
player_trace_changed (SynackTransportBar *self)
{
  SynackTrace *trace = synack_player_get_trace (self->player);

  if (self->trace != NULL)
    g_clear_signal_handler (&self->events_added_id, self->trace);
  g_set_object (&self->trace, trace);
  self->count_trace = NULL;
  if (trace != NULL)
    self->events_added_id = g_signal_connect_object (trace, "events-added",
                                                     G_CALLBACK (update_from_player), self,
                                                     G_CONNECT_SWAPPED);
  update_from_player (self);
}

void
synack_transport_bar_set_player (SynackTransportBar *self,
                                 SynackPlayer       *player)
{
  g_return_if_fail (SYNACK_IS_TRANSPORT_BAR (self));
  g_return_if_fail (player == NULL || SYNACK_IS_PLAYER (player));

  if (self->player == player)
    return;
  disconnect_player (self);
  if (player != NULL)
    {
      self->player = g_object_ref (player);
      g_signal_connect_swapped (player, "notify", G_CALLBACK (update_from_player), self);
      g_signal_connect_swapped (player, "notify::trace", G_CALLBACK (player_trace_changed), self);
      player_trace_changed (self);
    }
  update_from_player (self);
}

const char *
synack_transport_bar_get_position_text (SynackTransportBar *self)
{
  g_return_val_if_fail (SYNACK_IS_TRANSPORT_BAR (self), NULL);

  return gtk_label_get_text (self->position_label);
}

static void
synack_transport_bar_dispose (GObject *object)
{
  SynackTransportBar *self = SYNACK_TRANSPORT_BAR (object);

  GtkWidget *child;

  disconnect_player (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SYNACK_TYPE_TRANSPORT_BAR);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (synack_transport_bar_parent_class)->dispose (object);
}

static void
synack_transport_bar_class_init (SynackTransportBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const char *actions[] = { "transport.to-start", "transport.step-back",
                                   "transport.toggle", "transport.step-forward",
                                   "transport.to-end", "transport.faster", "transport.slower" };

  object_class->dispose = synack_transport_bar_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/synack/Synack/synack-transport-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, SynackTransportBar, play_button);
  gtk_widget_class_bind_template_child (widget_class, SynackTransportBar, speed_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SynackTransportBar, skip_idle_button);
  gtk_widget_class_bind_template_child (widget_class, SynackTransportBar, follow_live_button);
  gtk_widget_class_bind_template_child (widget_class, SynackTransportBar, scrubber);
  gtk_widget_class_bind_template_child (widget_class, SynackTransportBar, adjustment);
  gtk_widget_class_bind_template_child (widget_class, SynackTransportBar, position_label);
  gtk_widget_class_bind_template_callback (widget_class, scrubber_changed);
  gtk_widget_class_bind_template_callback (widget_class, speed_selected);
  gtk_widget_class_bind_template_callback (widget_class, skip_idle_toggled);
  gtk_widget_class_bind_template_callback (widget_class, follow_live_toggled);

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_class_install_action (widget_class, actions[i], NULL, transport_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "transportbar");
}

static void
synack_transport_bar_init (SynackTransportBar *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_add_css_class (GTK_WIDGET (self), "transport-bar");
  update_from_player (self);
}

GtkWidget *
synack_transport_bar_new (void)
{
  return g_object_new (SYNACK_TYPE_TRANSPORT_BAR, NULL);
}
