/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "synack-ladder-layout.h"
#include "synack-machine-follow.h"
#include "synack-machine-panel.h"

/* ---------------------------------------------------------------- a row */

#define SYNACK_TYPE_SOCKET_ROW (synack_socket_row_get_type ())
G_DECLARE_FINAL_TYPE (SynackSocketRow, synack_socket_row, SYNACK, SOCKET_ROW, GObject)

struct _SynackSocketRow
{
  GObject          parent_instance;
  char            *key;
  SynackMachineSocket socket;
  char            *text[5];        /* state, local, peer, process, age */
};

enum
{
  ROW_PROP_0,
  ROW_PROP_STATE,
  ROW_PROP_LOCAL,
  ROW_PROP_PEER,
  ROW_PROP_PROCESS,
  ROW_PROP_AGE,
  ROW_N_PROPS
};

static GParamSpec *row_props[ROW_N_PROPS];

G_DEFINE_FINAL_TYPE (SynackSocketRow, synack_socket_row, G_TYPE_OBJECT)

static void
synack_socket_row_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SynackSocketRow *self = SYNACK_SOCKET_ROW (object);

  if (prop_id >= ROW_PROP_STATE && prop_id <= ROW_PROP_AGE)
    g_value_set_string (value, self->text[prop_id - ROW_PROP_STATE]);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
synack_socket_row_finalize (GObject *object)
{
  SynackSocketRow *self = SYNACK_SOCKET_ROW (object);

  g_free (self->key);
  for (guint i = 0; i < G_N_ELEMENTS (self->text); i++)
    g_free (self->text[i]);
  G_OBJECT_CLASS (synack_socket_row_parent_class)->finalize (object);
}

static void
synack_socket_row_class_init (SynackSocketRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const char *names[] = { "state", "local", "peer", "process", "age" };

  object_class->get_property = synack_socket_row_get_property;
  object_class->finalize = synack_socket_row_finalize;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    row_props[ROW_PROP_STATE + i] =
      g_param_spec_string (names[i], NULL, NULL, NULL,
                           G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, ROW_N_PROPS, row_props);
}

static void
synack_socket_row_init (SynackSocketRow *self)
{
}

static void
row_set_text (SynackSocketRow *self,
              guint            prop,
              const char      *text)
{
  char **slot = &self->text[prop - ROW_PROP_STATE];

  if (g_strcmp0 (*slot, text) == 0)
    return;
  g_free (*slot);
  *slot = g_strdup (text);
  g_object_notify_by_pspec (G_OBJECT (self), row_props[prop]);
}

static gboolean
is_wildcard (const SynackAddress *address,
             guint16              port)
{
  static const guint8 zero[16];

  return port == 0 && memcmp (address->bytes, zero, 16) == 0;
}

static char *
format_age (gint64 us)
{
  return synack_format_duration (us / 1000000 * SYNACK_NSEC_PER_SEC);
}

static void
row_update (SynackSocketRow           *self,
            const SynackMachineSocket *socket,
            gint64                     now)
{
  const SynackSocketInfo *info = &socket->info;
  char a[80], b[80];
  g_autofree char *process = NULL;
  g_autofree char *age = format_age (now - socket->first_seen);
  g_autofree char *age_text = NULL;

  self->socket = *socket;
  row_set_text (self, ROW_PROP_STATE, synack_tcp_state_to_rfc_name (info->state));
  row_set_text (self, ROW_PROP_LOCAL,
                synack_endpoint_to_string (&info->local, info->local_port, a, sizeof a));
  row_set_text (self, ROW_PROP_PEER,
                is_wildcard (&info->remote, info->remote_port)
                  ? "*"
                  : synack_endpoint_to_string (&info->remote, info->remote_port, b, sizeof b));
  if (info->pid != 0)
    process = g_strdup_printf ("%s (%d)", info->process, info->pid);
  else if (info->inode == 0)
    /* a time-wait or request sock: the kernel's alone, no process holds it */
    process = g_strdup (_("kernel only"));
  else
    process = g_strdup ("—");
  row_set_text (self, ROW_PROP_PROCESS, process);
  /* A socket there before watching began is at least that old. */
  age_text = socket->before_start ? g_strdup_printf (_("≥ %s"), age) : g_strdup (age);
  row_set_text (self, ROW_PROP_AGE, age_text);
}

/* ---------------------------------------------------------------- the panel */

struct _SynackMachinePanel
{
  GtkWidget           parent_instance;

  SynackMachineFollow follow;      /* the session, and its This Machine */

  GtkWidget          *box;
  GtkWidget          *search;
  GtkWidget          *source_label;
  GtkWidget          *count_label;
  GtkWidget          *follow_label;
  GtkWidget          *view;
  GListStore         *store;
  GtkCustomFilter    *filter;
  GtkFilterListModel *filtered;
  GtkSingleSelection *selection;

  GHashTable         *rows;        /* key -> SynackSocketRow (in store) */
  char               *filter_text;
  char               *followed;
  gboolean            setting_text;
};

G_DEFINE_FINAL_TYPE (SynackMachinePanel, synack_machine_panel, GTK_TYPE_WIDGET)

enum
{
  FOLLOWED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
row_matches (gpointer item,
             gpointer user_data)
{
  SynackMachinePanel *self = user_data;
  SynackSocketRow *row = item;
  g_autofree char *all = NULL;
  g_autofree char *folded = NULL;
  g_auto(GStrv) words = NULL;

  if (self->filter_text == NULL || self->filter_text[0] == '\0')
    return TRUE;
  all = g_strjoin (" ", row->text[0], synack_tcp_state_to_string (row->socket.info.state),
                   row->text[1], row->text[2], row->text[3], NULL);
  folded = g_utf8_casefold (all, -1);
  /* every word of the filter, anywhere: "8080 established" */
  words = g_strsplit_set (self->filter_text, " \t", -1);
  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0' && strstr (folded, words[i]) == NULL)
      return FALSE;
  return TRUE;
}

static void
update_count (SynackMachinePanel *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  guint all = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  g_autofree char *text = NULL;

  if (shown == all)
    text = g_strdup_printf (ngettext ("%u socket", "%u sockets", all), all);
  else
    text = g_strdup_printf (ngettext ("%u of %u socket", "%u of %u sockets", all), shown, all);
  gtk_label_set_text (GTK_LABEL (self->count_label), text);
}

static void
update_follow_label (SynackMachinePanel *self)
{
  g_autofree char *text = NULL;

  if (self->followed == NULL)
    text = g_strdup (_("Pick a socket to follow it: the ladder and the timeline show its states "
                       "as the kernel tells them and the calls they give away, Numbers its "
                       "tcp_info."));
  else
    {
      SynackSocketRow *row = g_hash_table_lookup (self->rows, self->followed);
      g_auto(GStrv) ends = g_strsplit (self->followed, " ", 2);

      if (row != NULL)
        text = g_strdup_printf (_("Following %s ⇄ %s, %s"), row->text[1], row->text[2],
                                row->text[0]);
      else
        text = g_strdup_printf (_("Following %s: the socket is gone (CLOSED)"), ends[0]);
    }
  gtk_label_set_text (GTK_LABEL (self->follow_label), text);
}

/* The document's list as it was last read: rows kept by key (a row's
 * bindings follow its text), new ones on top, gone ones out. */
static void
sockets_changed (SynackMachinePanel *self)
{
  GArray *sockets = synack_machine_get_sockets (self->follow.machine);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  gint64 now = g_get_real_time ();
  guint n, top = 0;

  for (guint i = 0; i < sockets->len; i++)
    {
      const SynackMachineSocket *socket = &g_array_index (sockets, SynackMachineSocket, i);
      SynackSocketRow *row = g_hash_table_lookup (self->rows, socket->key);

      if (row == NULL)
        {
          row = g_object_new (SYNACK_TYPE_SOCKET_ROW, NULL);
          row->key = g_strdup (socket->key);
          g_hash_table_insert (self->rows, row->key, row);
          row_update (row, socket, now);
          /* a socket made while watching goes on top, where it is seen */
          if (socket->before_start)
            g_list_store_append (self->store, row);
          else
            g_list_store_insert (self->store, top++, row);
          g_object_unref (row);
        }
      else
        row_update (row, socket, now);
      g_hash_table_add (seen, row->key);
    }
  n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  for (guint i = n; i-- > 0;)
    {
      g_autoptr(SynackSocketRow) row = g_list_model_get_item (G_LIST_MODEL (self->store), i);

      if (!g_hash_table_contains (seen, row->key))
        {
          g_hash_table_remove (self->rows, row->key);
          g_list_store_remove (self->store, i);
        }
    }
  update_count (self);
  update_follow_label (self);
  /* what was not recorded, once there is such a thing */
  if (synack_machine_get_note (self->follow.machine) != NULL)
    {
      g_autofree char *said = g_strdup_printf ("%s\n%s",
                                               synack_machine_get_source_text (self->follow.machine),
                                               synack_machine_get_note (self->follow.machine));

      gtk_label_set_text (GTK_LABEL (self->source_label), said);
    }
}

static void
clear_list (SynackMachinePanel *self)
{
  g_hash_table_remove_all (self->rows);
  g_list_store_remove_all (self->store);
  g_clear_pointer (&self->followed, g_free);
}

/* The session shows another document: this panel is there for a This
 * Machine one only. */
static void
machine_changed (SynackMachinePanel *self)
{
  clear_list (self);
  if (self->follow.machine == NULL)
    return;
  gtk_label_set_text (GTK_LABEL (self->source_label),
                      synack_machine_get_source_text (self->follow.machine));
  sockets_changed (self);
}

void
synack_machine_panel_follow (SynackMachinePanel *self,
                             guint               position)
{
  g_autoptr(SynackSocketRow) row = NULL;

  g_return_if_fail (SYNACK_IS_MACHINE_PANEL (self));

  if (position != G_MAXUINT)
    row = g_list_model_get_item (G_LIST_MODEL (self->filtered), position);
  g_clear_pointer (&self->followed, g_free);
  if (row != NULL && self->follow.machine != NULL)
    {
      guint endpoint, conn = synack_machine_follow (self->follow.machine, row->key, &endpoint);

      self->followed = g_strdup (row->key);
      if (conn != G_MAXUINT)
        {
          SynackTrace *trace = synack_machine_get_trace (self->follow.machine);
          const SynackConnection *c = synack_trace_get_connection (trace, conn);
          SynackPlayer *player = synack_session_get_player (self->follow.session);

          /* its connection in the window's views, at its latest change (the
           * live edge may be far past it; Follow Live goes there) */
          synack_session_set_connection (self->follow.session, conn);
          if (c->n_events > 0)
            synack_player_seek_event (player,
                                      synack_trace_conn_event (trace, conn, c->n_events - 1));
          else
            synack_player_set_follow_live (player, TRUE);
          g_signal_emit (self, signals[FOLLOWED], 0, conn);
        }
    }
  if (gtk_single_selection_get_selected (self->selection) != position)
    gtk_single_selection_set_selected (self->selection,
                                       row != NULL ? position : GTK_INVALID_LIST_POSITION);
  update_follow_label (self);
}

guint
synack_machine_panel_find (SynackMachinePanel *self,
                           const char         *key)
{
  guint n;

  g_return_val_if_fail (SYNACK_IS_MACHINE_PANEL (self), G_MAXUINT);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SynackSocketRow) row = g_list_model_get_item (G_LIST_MODEL (self->filtered), i);

      if (g_strcmp0 (row->key, key) == 0)
        return i;
    }
  return G_MAXUINT;
}

const char *
synack_machine_panel_get_followed (SynackMachinePanel *self)
{
  g_return_val_if_fail (SYNACK_IS_MACHINE_PANEL (self), NULL);
  return self->followed;
}

static void
on_selected (SynackMachinePanel *self)
{
  guint position = gtk_single_selection_get_selected (self->selection);
  SynackSocketRow *row = gtk_single_selection_get_selected_item (self->selection);

  /* The list changed under a followed socket (it went, or the filter hid
   * it): it stays followed until another is picked. */
  if (row == NULL || g_strcmp0 (row->key, self->followed) == 0)
    return;
  synack_machine_panel_follow (self, position == GTK_INVALID_LIST_POSITION ? G_MAXUINT : position);
}

void
synack_machine_panel_set_filter (SynackMachinePanel *self,
                                 const char         *text)
{
  g_return_if_fail (SYNACK_IS_MACHINE_PANEL (self));

  g_free (self->filter_text);
  self->filter_text = text ? g_utf8_casefold (text, -1) : NULL;
  /* The entry shows it, without telling back (setting the text clears it
   * first, and an empty search entry speaks at once). */
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search)), text ? text : "") != 0)
    {
      self->setting_text = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->search), text ? text : "");
      self->setting_text = FALSE;
    }
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_count (self);
}

guint
synack_machine_panel_get_n_shown (SynackMachinePanel *self)
{
  g_return_val_if_fail (SYNACK_IS_MACHINE_PANEL (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
}

static void
on_search_changed (SynackMachinePanel *self)
{
  if (self->setting_text)
    return;
  synack_machine_panel_set_filter (self, gtk_editable_get_text (GTK_EDITABLE (self->search)));
}

/* ---- columns ---- */

static void
cell_setup (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
cell_bind (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  GObject *row = gtk_list_item_get_item (item);
  GBinding *binding = g_object_bind_property (row, user_data, gtk_list_item_get_child (item),
                                              "label", G_BINDING_SYNC_CREATE);

  g_object_set_data (G_OBJECT (item), "binding", binding);
}

static void
cell_unbind (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  GBinding *binding = g_object_get_data (G_OBJECT (item), "binding");

  if (binding != NULL)
    g_binding_unbind (binding);
  g_object_set_data (G_OBJECT (item), "binding", NULL);
}

static void
add_column (SynackMachinePanel *self,
            const char         *title,
            const char         *property,
            gboolean            expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;

  g_signal_connect (factory, "setup", G_CALLBACK (cell_setup), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (cell_bind), (gpointer) property);
  g_signal_connect (factory, "unbind", G_CALLBACK (cell_unbind), NULL);
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_append_column (GTK_COLUMN_VIEW (self->view), column);
  g_object_unref (column);
}

static void
synack_machine_panel_dispose (GObject *object)
{
  SynackMachinePanel *self = SYNACK_MACHINE_PANEL (object);

  synack_machine_follow_clear (&self->follow);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->selection);
  G_OBJECT_CLASS (synack_machine_panel_parent_class)->dispose (object);
}

static void
synack_machine_panel_finalize (GObject *object)
{
  SynackMachinePanel *self = SYNACK_MACHINE_PANEL (object);

  g_hash_table_unref (self->rows);
  g_free (self->filter_text);
  g_free (self->followed);
  G_OBJECT_CLASS (synack_machine_panel_parent_class)->finalize (object);
}

static void
synack_machine_panel_class_init (SynackMachinePanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = synack_machine_panel_dispose;
  object_class->finalize = synack_machine_panel_finalize;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "machinepanel");

  signals[FOLLOWED] =
    g_signal_new ("followed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
synack_machine_panel_init (SynackMachinePanel *self)
{
  GtkWidget *bar, *scroller;

  self->rows = g_hash_table_new (g_str_hash, g_str_equal);

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_widget_set_margin_start (self->box, 12);
  gtk_widget_set_margin_end (self->box, 12);
  gtk_widget_set_margin_top (self->box, 8);
  gtk_widget_set_margin_bottom (self->box, 8);

  bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  self->search = gtk_search_entry_new ();
  g_object_set (self->search, "placeholder-text",
                _("Filter by address, port, state or process"), NULL);
  gtk_widget_set_hexpand (self->search, TRUE);
  g_signal_connect_swapped (self->search, "search-changed", G_CALLBACK (on_search_changed), self);
  gtk_box_append (GTK_BOX (bar), self->search);
  self->count_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->count_label, "dim-label");
  gtk_box_append (GTK_BOX (bar), self->count_label);
  gtk_box_append (GTK_BOX (self->box), bar);
  self->source_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->source_label), 0);
  gtk_label_set_wrap (GTK_LABEL (self->source_label), TRUE);
  gtk_widget_add_css_class (self->source_label, "dim-label");
  gtk_box_append (GTK_BOX (self->box), self->source_label);

  self->store = g_list_store_new (SYNACK_TYPE_SOCKET_ROW);
  self->filter = gtk_custom_filter_new (row_matches, self, NULL);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (self->store),
                                              GTK_FILTER (self->filter));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (self->filtered));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_swapped (self->selection, "notify::selected", G_CALLBACK (on_selected), self);
  self->view = gtk_column_view_new (GTK_SELECTION_MODEL (g_object_ref (self->selection)));
  gtk_column_view_set_show_column_separators (GTK_COLUMN_VIEW (self->view), TRUE);
  add_column (self, _("State"), "state", FALSE);
  add_column (self, _("Local"), "local", TRUE);
  add_column (self, _("Peer"), "peer", TRUE);
  add_column (self, _("Process"), "process", TRUE);
  add_column (self, _("Age"), "age", FALSE);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), self->view);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 200);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 200);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_box_append (GTK_BOX (self->box), scroller);

  self->follow_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->follow_label), 0);
  gtk_label_set_wrap (GTK_LABEL (self->follow_label), TRUE);
  gtk_widget_add_css_class (self->follow_label, "heading");
  gtk_box_append (GTK_BOX (self->box), self->follow_label);
  update_follow_label (self);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
synack_machine_panel_new (SynackSession *session)
{
  SynackMachinePanel *self;

  g_return_val_if_fail (SYNACK_IS_SESSION (session), NULL);

  self = g_object_new (SYNACK_TYPE_MACHINE_PANEL, NULL);
  synack_machine_follow_init (&self->follow, GTK_WIDGET (self), session,
                              G_CALLBACK (sockets_changed), G_CALLBACK (machine_changed));
  return GTK_WIDGET (self);
}
