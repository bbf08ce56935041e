/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "synack-connection-list.h"

struct _SynackConnectionList
{
  GtkWidget    parent_instance;

  SynackTrace *trace;
  gulong       events_added_id;
  GPtrArray   *rows;          /* AdwActionRow, one per connection */
  gboolean     selecting;

  GtkWidget   *scrolled;
  GtkListBox  *list;
};

G_DEFINE_FINAL_TYPE (SynackConnectionList, synack_connection_list, GTK_TYPE_WIDGET)

enum { CONNECTION_ACTIVATED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* Zeek's conn_state, in words. */
static const char *
summary_words (const char *summary)
{
  static const struct { const char *code; const char *words; } table[] = {
    { "S0", N_("attempt, no reply") },
    { "S1", N_("established, not closed") },
    { "SF", N_("normal establishment and close") },
    { "REJ", N_("rejected") },
    { "S2", N_("established, client closed, no reply") },
    { "S3", N_("established, server closed, no reply") },
    { "RSTO", N_("established, client aborted") },
    { "RSTR", N_("established, server aborted") },
    { "RSTOS0", N_("client sent SYN then RST") },
    { "RSTRH", N_("server sent SYN-ACK then RST") },
    { "SH", N_("client sent SYN then FIN") },
    { "SHR", N_("server sent SYN-ACK then FIN") },
    { "OTH", N_("midstream, no SYN seen") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    if (g_str_equal (table[i].code, summary))
      return g_dgettext (GETTEXT_PACKAGE, table[i].words);
  return NULL;
}

static void
update_row (SynackConnectionList *self,
            guint                 conn)
{
  const SynackConnection *c = synack_trace_get_connection (self->trace, conn);
  AdwActionRow *row = g_ptr_array_index (self->rows, conn);
  char a[80], b[80];
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *segments = NULL;
  const char *words;

  synack_endpoint_to_string (&c->addr[0], c->port[0], a, sizeof a);
  synack_endpoint_to_string (&c->addr[1], c->port[1], b, sizeof b);
  title = g_strdup_printf ("%u. %s → %s", conn + 1, a, b);
  segments = g_strdup_printf (ngettext ("%u segment", "%u segments", c->n_segments), c->n_segments);
  words = summary_words (c->summary);
  if (c->summary[0] != '\0')
    subtitle = g_strdup_printf ("%s (%s) · %s", c->summary, words != NULL ? words : "", segments);
  else
    subtitle = g_strdup (segments);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (row, subtitle);
}

static void
sync_rows (SynackConnectionList *self)
{
  guint n = self->trace != NULL ? synack_trace_get_n_connections (self->trace) : 0;

  while (self->rows->len < n)
    {
      GtkWidget *row = adw_action_row_new ();

      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      gtk_widget_add_css_class (row, "numeric");
      g_ptr_array_add (self->rows, row);
      gtk_list_box_append (self->list, row);
    }
  for (guint i = 0; i < n; i++)
    update_row (self, i);
}

static void
row_activated (GtkListBox           *list,
               GtkListBoxRow        *row,
               SynackConnectionList *self)
{
  int index = gtk_list_box_row_get_index (row);

  if (self->selecting || index < 0)
    return;
  g_signal_emit (self, signals[CONNECTION_ACTIVATED], 0, (guint) index);
}

void
synack_connection_list_set_trace (SynackConnectionList *self,
                                  SynackTrace          *trace)
{
  g_return_if_fail (SYNACK_IS_CONNECTION_LIST (self));

  if (self->trace == trace)
    return;
  if (self->trace != NULL)
    g_clear_signal_handler (&self->events_added_id, self->trace);
  g_set_object (&self->trace, trace);
  for (guint i = 0; i < self->rows->len; i++)
    gtk_list_box_remove (self->list, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  if (trace != NULL)
    self->events_added_id = g_signal_connect_object (trace, "events-added",
                                                     G_CALLBACK (sync_rows), self,
                                                     G_CONNECT_SWAPPED);
  sync_rows (self);
}

void
synack_connection_list_set_selected (SynackConnectionList *self,
                                     guint                 conn)
{
  g_return_if_fail (SYNACK_IS_CONNECTION_LIST (self));

  if (conn >= self->rows->len)
    return;
  self->selecting = TRUE;
  gtk_list_box_select_row (self->list, g_ptr_array_index (self->rows, conn));
  self->selecting = FALSE;
}

guint
synack_connection_list_get_n_rows (SynackConnectionList *self)
{
  g_return_val_if_fail (SYNACK_IS_CONNECTION_LIST (self), 0);

  return self->rows->len;
}

char *
synack_connection_list_get_row_text (SynackConnectionList *self,
                                     guint                 conn)
{
  AdwActionRow *row;

  g_return_val_if_fail (SYNACK_IS_CONNECTION_LIST (self), NULL);
  g_return_val_if_fail (conn < self->rows->len, NULL);

  row = g_ptr_array_index (self->rows, conn);
  return g_strdup_printf ("%s\n%s", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                          adw_action_row_get_subtitle (row));
}

void
synack_connection_list_activate (SynackConnectionList *self,
                                 guint                 conn)
{
  g_return_if_fail (SYNACK_IS_CONNECTION_LIST (self));
  g_return_if_fail (conn < self->rows->len);

  gtk_list_box_select_row (self->list, g_ptr_array_index (self->rows, conn));
  g_signal_emit_by_name (self->list, "row-activated", g_ptr_array_index (self->rows, conn));
}

static void
synack_connection_list_dispose (GObject *object)
{
  SynackConnectionList *self = SYNACK_CONNECTION_LIST (object);

  if (self->trace != NULL)
    g_clear_signal_handler (&self->events_added_id, self->trace);
  g_clear_object (&self->trace);
  g_clear_pointer (&self->scrolled, gtk_widget_unparent);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (synack_connection_list_parent_class)->dispose (object);
}

static void
synack_connection_list_class_init (SynackConnectionListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = synack_connection_list_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "connectionlist");

  signals[CONNECTION_ACTIVATED] =
    g_signal_new ("connection-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
synack_connection_list_init (SynackConnectionList *self)
{
  GtkWidget *placeholder;

  self->rows = g_ptr_array_new ();
  self->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_parent (self->scrolled, GTK_WIDGET (self));
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_SINGLE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "navigation-sidebar");
  placeholder = gtk_label_new (_("No connections"));
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 24);
  gtk_list_box_set_placeholder (self->list, placeholder);
  g_signal_connect (self->list, "row-activated", G_CALLBACK (row_activated), self);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), GTK_WIDGET (self->list));
}

GtkWidget *
synack_connection_list_new (void)
{
  return g_object_new (SYNACK_TYPE_CONNECTION_LIST, NULL);
}
