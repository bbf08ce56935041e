/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "synack-details-panel.h"
#include "synack-explain.h"
#include "synack-segment.h"
#include "synack-theme.h"

struct _SynackDetailsPanel
{
  GtkWidget    parent_instance;

  SynackSession *session;
  SynackTrace *trace;       /* the session's, when last updated */
  int          index;
  int          horizon;      /* nothing after this event is told */
  gint64       horizon_time; /* nor anything later than this time */
  GHashTable  *fields;     /* key -> value text */

  GtkWidget   *stack;
  GtkWidget   *grid;
  GtkLabel    *title;
  guint        n_rows;     /* rows filled for the event shown */
  guint        rows_made;  /* rows in the grid */
};

G_DEFINE_FINAL_TYPE (SynackDetailsPanel, synack_details_panel, GTK_TYPE_WIDGET)

/* The rows are kept and filled again at each event, never destroyed: a
 * value the user clicked into (the focus) must outlive the step that
 * changes it (a destroyed focused label left GTK a dangling focus widget,
 * and every later step warned). */
static void
clear_rows (SynackDetailsPanel *self)
{
  self->n_rows = 0;
  g_hash_table_remove_all (self->fields);
}

/* Rows past the last one filled are hidden. */
static void
hide_unused_rows (SynackDetailsPanel *self)
{
  for (guint i = self->n_rows; i < self->rows_made; i++)
    {
      GtkWidget *name = gtk_grid_get_child_at (GTK_GRID (self->grid), 0, (int) i);
      GtkWidget *text = gtk_grid_get_child_at (GTK_GRID (self->grid), 1, (int) i);

      gtk_widget_set_visible (name, FALSE);
      gtk_widget_set_visible (text, FALSE);
    }
}

static void
add_row (SynackDetailsPanel *self,
         const char         *key,
         const char         *label,
         const char         *value)
{
  GtkWidget *name, *text;

  if (self->n_rows < self->rows_made)
    {
      name = gtk_grid_get_child_at (GTK_GRID (self->grid), 0, (int) self->n_rows);
      text = gtk_grid_get_child_at (GTK_GRID (self->grid), 1, (int) self->n_rows);
      gtk_label_set_text (GTK_LABEL (name), label);
      gtk_label_set_text (GTK_LABEL (text), value);
      gtk_widget_set_visible (name, TRUE);
      gtk_widget_set_visible (text, TRUE);
    }
  else
    {
      name = gtk_label_new (label);
      text = gtk_label_new (value);
      gtk_label_set_xalign (GTK_LABEL (name), 1.0);
      gtk_label_set_yalign (GTK_LABEL (name), 0.0);
      gtk_widget_add_css_class (name, "dim-label");
      gtk_label_set_xalign (GTK_LABEL (text), 0.0);
      gtk_label_set_wrap (GTK_LABEL (text), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_selectable (GTK_LABEL (text), TRUE);
      gtk_widget_set_hexpand (text, TRUE);
      gtk_widget_add_css_class (text, "numeric");
      gtk_grid_attach (GTK_GRID (self->grid), name, 0, self->n_rows, 1, 1);
      gtk_grid_attach (GTK_GRID (self->grid), text, 1, self->n_rows, 1, 1);
      self->rows_made++;
    }
  self->n_rows++;
  g_hash_table_insert (self->fields, g_strdup (key), g_strdup (value));
}

static void
add_row_take (SynackDetailsPanel *self,
              const char         *key,
              const char         *label,
              char               *value)
{
  add_row (self, key, label, value);
  g_free (value);
}

static char *
endpoint_string (SynackTrace *trace,
                 guint        conn,
                 guint        endpoint)
{
  const SynackConnection *c = synack_trace_get_connection (trace, conn);
  char buf[80];

  synack_endpoint_to_string (&c->addr[endpoint], c->port[endpoint], buf, sizeof buf);
  return g_strdup_printf ("%s (%s)", buf, synack_explain_endpoint_name (trace, conn, endpoint));
}

static char *
time_string (gint64 t)
{
  return g_strdup_printf (_("%.6f s"), t / 1e9);
}

static void
show_segment (SynackDetailsPanel *self,
              guint               index,
              const SynackEvent  *ev)
{
  SynackTrace *trace = self->trace;
  const SynackConnection *c = synack_trace_get_connection (trace, ev->conn);
  SynackSegment seg;
  char flags[64];
  GString *options = g_string_new (NULL);
  GString *analysis = g_string_new (NULL);
  GString *caused = g_string_new (NULL);
  guint32 scaled;
  gboolean in_flight;

  synack_trace_get_segment (trace, index, &seg);
  synack_flags_to_string (ev->segment.flags, flags, sizeof flags);
  {
    g_autofree char *title = g_strdup_printf (_("Segment %u"),
                                              (guint) synack_trace_segment_number (trace, index));
    gtk_label_set_text (self->title, title);
  }

  /* a segment still in flight at the horizon: where and when it arrives,
   * and what it does there, are still to come */
  in_flight = ev->segment.arrive != SYNACK_TIME_NONE && ev->segment.fate != SYNACK_FATE_CAPTURED &&
              ev->segment.arrive > self->horizon_time;
  /* a loss or a crashed host's drop comes after the send: not told while
   * the send is the horizon */
  if (!synack_theme_fate_told (ev, index, self->horizon == G_MAXINT ? G_MAXUINT : (guint) self->horizon))
    in_flight = TRUE;
  add_row_take (self, "time", _("Sent"), time_string (ev->time));
  if (in_flight)
    add_row (self, "arrive", _("Arrives"), _("not yet: still in flight"));
  else if (ev->segment.arrive != SYNACK_TIME_NONE)
    add_row_take (self, "arrive", _("Arrives"), time_string (ev->segment.arrive));
  add_row_take (self, "from", _("From"), endpoint_string (trace, ev->conn, ev->endpoint));
  add_row_take (self, "to", _("To"), endpoint_string (trace, ev->conn, 1 - ev->endpoint));
  add_row (self, "flags", _("Flags"), flags);
  add_row_take (self, "seq", _("Sequence number"),
                g_strdup_printf (_("%u relative · %u absolute"),
                                 synack_trace_relative_seq (trace, index), ev->segment.seq));
  if (ev->segment.flags & SYNACK_FLAG_ACK)
    add_row_take (self, "ack", _("Acknowledgement"),
                  g_strdup_printf (_("%u relative · %u absolute"),
                                   synack_trace_relative_ack (trace, index), ev->segment.ack));
  else
    add_row_take (self, "ack", _("Acknowledgement"),
                  g_strdup_printf (_("%u (not valid: no ACK flag)"), ev->segment.ack));
  add_row_take (self, "len", _("Payload"),
                g_strdup_printf (ngettext ("%u byte", "%u bytes", ev->segment.len), ev->segment.len));
  add_row_take (self, "next_seq", _("Next sequence number"),
                g_strdup_printf ("%u", synack_trace_relative_seq (trace, index) +
                                       synack_segment_seq_len (&seg)));
  scaled = synack_trace_get_scaled_window (trace, index);
  if (scaled != ev->segment.window)
    add_row_take (self, "window", _("Window"),
                  g_strdup_printf (_("%u bytes (field %u, scaled ×%u)"), scaled,
                                   ev->segment.window, 1u << c->wscale[ev->endpoint]));
  else
    add_row_take (self, "window", _("Window"),
                  g_strdup_printf (ngettext ("%u byte", "%u bytes", scaled), scaled));
  if (ev->segment.flags & SYNACK_FLAG_URG)
    add_row_take (self, "urgent", _("Urgent pointer"), g_strdup_printf ("%u", seg.urgent));

  if (seg.options & SYNACK_OPTION_MSS)
    g_string_append_printf (options, "MSS %u\n", seg.mss);
  if (seg.options & SYNACK_OPTION_WSCALE)
    g_string_append_printf (options, _("Window scale %u (×%u)\n"), seg.wscale, 1u << MIN (seg.wscale, 14));
  if (seg.options & SYNACK_OPTION_SACK_PERM)
    g_string_append (options, _("SACK permitted\n"));
  if (seg.options & SYNACK_OPTION_SACK)
    for (guint i = 0; i < seg.n_sack && i < SYNACK_MAX_SACK_BLOCKS; i++)
      g_string_append_printf (options, _("SACK %u–%u\n"),
                              seg.sack[i].left - c->isn[1 - ev->endpoint],
                              seg.sack[i].right - c->isn[1 - ev->endpoint]);
  if (seg.options & SYNACK_OPTION_TIMESTAMP)
    g_string_append_printf (options, _("Timestamps: value %u, echo %u\n"), seg.ts_val, seg.ts_ecr);
  if (options->len > 0)
    g_string_truncate (options, options->len - 1);
  else
    g_string_append (options, _("none"));
  add_row (self, "options", _("Options"), options->str);

  add_row (self, "fate", _("Fate"),
           in_flight ? _("in flight") :
           ev->segment.fate == SYNACK_FATE_LOST ? _("lost by the link") :
           ev->segment.fate == SYNACK_FATE_DUPLICATED ? _("duplicated by the link") :
           ev->segment.fate == SYNACK_FATE_HOST_DOWN ? _("dropped: the receiving host is down") :
           ev->segment.fate == SYNACK_FATE_DELIVERED ? _("delivered") : _("captured"));

  for (guint bit = 0; bit < SYNACK_ANALYSIS_N_FLAGS; bit++)
    if (ev->segment.analysis & (1u << bit))
      g_string_append_printf (analysis, "%s%s", analysis->len > 0 ? "\n" : "",
                              synack_analysis_label (bit));
  add_row (self, "analysis", _("Analysis"), analysis->len > 0 ? analysis->str : _("none"));
  {
    const char *encap = synack_trace_get_segment_encapsulation (trace, index);

    if (encap != NULL)
      add_row (self, "encapsulation", _("Came in"), encap);
  }

  /* The state changes this segment caused, found just after it. */
  {
    guint first, last;

    synack_trace_conn_range (trace, ev->conn, ev->time, G_MAXINT64, &first, &last);
    for (guint p = first; p < c->n_events && p < first + 64; p++)
      {
        guint idx = synack_trace_conn_event (trace, ev->conn, p);
        SynackEvent s;

        synack_trace_read_event (trace, idx, &s);
        if ((int) idx > self->horizon)
          break;
        if (s.kind == SYNACK_EVENT_STATE && s.state.cause_kind == SYNACK_CAUSE_SEGMENT &&
            s.state.cause == index && !(s.state.flags & SYNACK_STATE_RETRACTED))
          g_string_append_printf (caused, "%s%s: %s → %s%s", caused->len > 0 ? "\n" : "",
                                  synack_explain_endpoint_name (trace, s.conn, s.endpoint),
                                  synack_tcp_state_to_rfc_name (s.state.from),
                                  synack_tcp_state_to_rfc_name (s.state.to),
                                  (s.state.flags & SYNACK_STATE_INFERRED)
                                    ? _(" (inferred across segments the capture missed)") : "");
      }
  }
  add_row (self, "caused", _("State changes"),
           caused->len > 0 ? caused->str : in_flight ? _("not yet: still in flight") : _("none"));

  g_string_free (options, TRUE);
  g_string_free (analysis, TRUE);
  g_string_free (caused, TRUE);
}

static void
show_other (SynackDetailsPanel *self,
            guint               index,
            const SynackEvent  *ev)
{
  SynackTrace *trace = self->trace;
  SynackEvent cause;

  add_row_take (self, "time", _("Time"), time_string (ev->time));
  add_row_take (self, "endpoint", _("Endpoint"), endpoint_string (trace, ev->conn, ev->endpoint));
  switch (ev->kind)
    {
    case SYNACK_EVENT_STATE:
      gtk_label_set_text (self->title, _("State change"));
      add_row (self, "from_state", _("From"), synack_tcp_state_to_rfc_name (ev->state.from));
      add_row (self, "to_state", _("To"), synack_tcp_state_to_rfc_name (ev->state.to));
      if (ev->state.flags & SYNACK_STATE_INFERRED)
        add_row (self, "inferred", _("Inferred"),
                 _("No captured segment shows this change: the capture missed the segments "
                   "that made it (a SYN-ACK, a handshake ACK), but what the endpoint sent next "
                   "shows it had been made."));
      if (ev->state.flags & SYNACK_STATE_RETRACTED)
        add_row (self, "retracted", _("Withdrawn"),
                 _("A later segment showed this change never happened: the endpoint sent its "
                   "FIN again, so the ACK that would have closed it was lost on its way."));
      switch (ev->state.cause_kind)
        {
        case SYNACK_CAUSE_SEGMENT:
          add_row_take (self, "cause", _("Cause"),
                        g_strdup_printf (_("segment %u"),
                                         (guint) synack_trace_segment_number (trace, ev->state.cause)));
          break;
        case SYNACK_CAUSE_CALL:
          if (synack_trace_read_event (trace, ev->state.cause, &cause))
            add_row_take (self, "cause", _("Cause"), g_strdup_printf (_("the %s call"),
                          synack_call_name (cause.call.call)));
          break;
        case SYNACK_CAUSE_TIMER:
          if (synack_trace_read_event (trace, ev->state.cause, &cause))
            add_row_take (self, "cause", _("Cause"), g_strdup_printf (_("the %s timer"),
                          synack_timer_name (cause.timer.timer)));
          break;
        case SYNACK_CAUSE_INFERRED:
          add_row (self, "cause", _("Cause"), _("inferred from the capture"));
          break;
        default:
          break;
        }
      break;
    case SYNACK_EVENT_CALL:
      gtk_label_set_text (self->title, _("Socket call"));
      add_row (self, "call", _("Call"), synack_call_name (ev->call.call));
      add_row_take (self, "arg", _("Argument"), g_strdup_printf ("%" G_GUINT64_FORMAT, ev->call.arg));
      add_row (self, "result", _("Result"),
               ev->call.result == 0 ? _("success") : g_strerror (ev->call.result));
      break;
    case SYNACK_EVENT_TIMER:
      gtk_label_set_text (self->title, _("Timer"));
      add_row (self, "timer", _("Timer"), synack_timer_name (ev->timer.timer));
      add_row (self, "action", _("Action"),
               ev->timer.action == SYNACK_TIMER_ARMED ? _("armed") :
               ev->timer.action == SYNACK_TIMER_FIRED ? _("fired") : _("cancelled"));
      if (ev->timer.count > 0)
        add_row_take (self, "count", _("Count"), g_strdup_printf ("%u", ev->timer.count));
      if (ev->timer.action == SYNACK_TIMER_ARMED)
        add_row_take (self, "due", _("Due"), time_string (ev->timer.due));
      break;
    case SYNACK_EVENT_VARS:
      gtk_label_set_text (self->title, _("Send and receive variables"));
      add_row_take (self, "snd_una", "SND.UNA", g_strdup_printf ("%u", ev->vars.snd_una));
      add_row_take (self, "snd_nxt", "SND.NXT", g_strdup_printf ("%u", ev->vars.snd_nxt));
      add_row_take (self, "snd_wnd", "SND.WND", g_strdup_printf ("%u", ev->vars.snd_wnd));
      add_row_take (self, "rcv_nxt", "RCV.NXT", g_strdup_printf ("%u", ev->vars.rcv_nxt));
      add_row_take (self, "rcv_wnd", "RCV.WND", g_strdup_printf ("%u", ev->vars.rcv_wnd));
      add_row_take (self, "cwnd", "cwnd", g_strdup_printf ("%u", ev->vars.cwnd));
      add_row_take (self, "ssthresh", "ssthresh", g_strdup_printf ("%u", ev->vars.ssthresh));
      break;
    default:
      break;
    }
}

static void
rebuild (SynackDetailsPanel *self)
{
  SynackEvent ev;

  clear_rows (self);
  gtk_label_set_text (self->title, "");
  if (self->trace == NULL || self->index < 0 || self->index > self->horizon ||
      (guint) self->index >= synack_trace_get_n_events (self->trace))
    {
      gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "empty");
      return;
    }
  synack_trace_read_event (self->trace, self->index, &ev);
  if (ev.kind == SYNACK_EVENT_SEGMENT)
    show_segment (self, self->index, &ev);
  else
    show_other (self, self->index, &ev);
  hide_unused_rows (self);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "details");
}

/* The session's shown event: the cursor's, unless another segment was
 * picked. While a quiz question is open (the views hide what lies after
 * the cursor) nothing after the cursor is told here either. */
static void
update (SynackDetailsPanel *self)
{
  SynackPlayer *player = synack_session_get_player (self->session);
  SynackViewState *state = synack_session_get_view_state (self->session);

  g_set_object (&self->trace, synack_session_get_trace (self->session));
  self->index = synack_session_get_shown_event (self->session);
  if (synack_view_state_get_after_cursor (state) == SYNACK_AFTER_CURSOR_HIDE &&
      !synack_player_get_at_end (player))
    {
      self->horizon = synack_player_get_position (player);
      self->horizon_time = synack_player_get_time (player);
    }
  else
    {
      self->horizon = G_MAXINT;
      self->horizon_time = G_MAXINT64;
    }
  rebuild (self);
}

void
synack_details_panel_set_session (SynackDetailsPanel *self,
                                  SynackSession      *session)
{
  g_return_if_fail (SYNACK_IS_DETAILS_PANEL (self));
  g_return_if_fail (SYNACK_IS_SESSION (session));
  g_return_if_fail (self->session == NULL);

  self->session = g_object_ref (session);
  synack_session_follow_cursor (session, G_CALLBACK (update), self);
  g_signal_connect_object (synack_session_get_view_state (session), "notify::after-cursor",
                           G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
}

const char *
synack_details_panel_get_title (SynackDetailsPanel *self)
{
  g_return_val_if_fail (SYNACK_IS_DETAILS_PANEL (self), NULL);

  return gtk_label_get_text (self->title);
}

int
synack_details_panel_get_event (SynackDetailsPanel *self)
{
  g_return_val_if_fail (SYNACK_IS_DETAILS_PANEL (self), -1);

  return self->index;
}

const char *
synack_details_panel_get_field (SynackDetailsPanel *self,
                                const char         *key)
{
  g_return_val_if_fail (SYNACK_IS_DETAILS_PANEL (self), NULL);

  return g_hash_table_lookup (self->fields, key);
}

static void
synack_details_panel_dispose (GObject *object)
{
  SynackDetailsPanel *self = SYNACK_DETAILS_PANEL (object);

  g_clear_pointer (&self->stack, gtk_widget_unparent);
  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      g_signal_handlers_disconnect_by_data (synack_session_get_player (self->session), self);
      g_signal_handlers_disconnect_by_data (synack_session_get_view_state (self->session), self);
    }
  g_clear_object (&self->session);
  g_clear_object (&self->trace);

  G_OBJECT_CLASS (synack_details_panel_parent_class)->dispose (object);
}

static void
synack_details_panel_finalize (GObject *object)
{
  SynackDetailsPanel *self = SYNACK_DETAILS_PANEL (object);

  g_hash_table_unref (self->fields);

  G_OBJECT_CLASS (synack_details_panel_parent_class)->finalize (object);
}

static void
synack_details_panel_class_init (SynackDetailsPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = synack_details_panel_dispose;
  object_class->finalize = synack_details_panel_finalize;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "detailspanel");
}

static void
synack_details_panel_init (SynackDetailsPanel *self)
{
  GtkWidget *box, *scrolled, *empty;

  self->index = -1;
  self->horizon = G_MAXINT;
  self->horizon_time = G_MAXINT64;
  self->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  self->stack = gtk_stack_new ();
  gtk_widget_set_parent (self->stack, GTK_WIDGET (self));

  empty = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "view-list-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("Nothing Selected"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty),
                                   _("Step to an event or click a segment in the ladder."));
  gtk_widget_add_css_class (empty, "compact");
  gtk_stack_add_named (GTK_STACK (self->stack), empty, "empty");

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  self->title = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->title, 0.0);
  gtk_widget_add_css_class (GTK_WIDGET (self->title), "heading");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->title));
  self->grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (self->grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (self->grid), 4);
  gtk_box_append (GTK_BOX (box), self->grid);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), box);
  gtk_stack_add_named (GTK_STACK (self->stack), scrolled, "details");
}

GtkWidget *
synack_details_panel_new (void)
{
  return g_object_new (SYNACK_TYPE_DETAILS_PANEL, NULL);
}
