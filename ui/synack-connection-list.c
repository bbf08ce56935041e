/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "synack-connection-list.h"

/* The connections of a trace as a list model, made lazily: a capture may
 * hold a hundred thousand of them. Items are GtkStringObjects holding the
 * connection's index. */
#define SYNACK_TYPE_CONNECTION_MODEL (synack_connection_model_get_type ())
G_DECLARE_FINAL_TYPE (SynackConnectionModel, synack_connection_model, SYNACK, CONNECTION_MODEL,
                      GObject)

struct _SynackConnectionModel
{
  GObject      parent_instance;
  SynackTrace *trace;
  guint        n_items;
};

static GType
synack_connection_model_get_item_type (GListModel *model)
{
  return GTK_TYPE_STRING_OBJECT;
}

static guint
synack_connection_model_get_n_items (GListModel *model)
{
  return SYNACK_CONNECTION_MODEL (model)->n_items;
}

static gpointer
synack_connection_model_get_item (GListModel *model,
                                  guint       position)
{
  SynackConnectionModel *self = SYNACK_CONNECTION_MODEL (model);
  char buf[16];

  if (position >= self->n_items)
    return NULL;
  g_snprintf (buf, sizeof buf, "%u", position);
  return gtk_string_object_new (buf);
}

static void
synack_connection_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = synack_connection_model_get_item_type;
  iface->get_n_items = synack_connection_model_get_n_items;
  iface->get_item = synack_connection_model_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (SynackConnectionModel, synack_connection_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      synack_connection_model_list_model_init))

static void
synack_connection_model_dispose (GObject *object)
{
  g_clear_object (&SYNACK_CONNECTION_MODEL (object)->trace);
  G_OBJECT_CLASS (synack_connection_model_parent_class)->dispose (object);
}

static void
synack_connection_model_class_init (SynackConnectionModelClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = synack_connection_model_dispose;
}

static void
synack_connection_model_init (SynackConnectionModel *self)
{
}

/* Follow the trace's growth: new connections are added at the end. Rows
 * already on screen are refreshed by the list itself (their segment counts
 * change), at any number of connections. */
static void
synack_connection_model_sync (SynackConnectionModel *self)
{
  guint old = self->n_items;
  guint n = self->trace != NULL ? synack_trace_get_n_connections (self->trace) : 0;

  self->n_items = n;
  if (n < old)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old, n);
  else if (n > old)
    g_list_model_items_changed (G_LIST_MODEL (self), old, 0, n - old);
}

static void
synack_connection_model_set_trace (SynackConnectionModel *self,
                                   SynackTrace           *trace)
{
  guint old = self->n_items;

  g_set_object (&self->trace, trace);
  self->n_items = trace != NULL ? synack_trace_get_n_connections (trace) : 0;
  if (old > 0 || self->n_items > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old, self->n_items);
}

struct _SynackConnectionList
{
  GtkWidget              parent_instance;

  SynackTrace           *trace;
  gulong                 events_added_id;
  SynackConnectionModel *model;
  GtkSingleSelection    *selection;
  GPtrArray             *bound;     /* GtkListItem: the rows on screen */
  gboolean               selecting;

  GtkWidget             *scrolled;
  GtkListView           *list;
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
row_texts (SynackTrace *trace,
           guint        conn,
           char       **title,
           char       **subtitle)
{
  const SynackConnection *c = synack_trace_get_connection (trace, conn);
  char a[80], b[80];
  g_autofree char *segments = NULL;
  const char *words;

  synack_endpoint_to_string (&c->addr[0], c->port[0], a, sizeof a);
  synack_endpoint_to_string (&c->addr[1], c->port[1], b, sizeof b);
  *title = g_strdup_printf ("%u. %s → %s", conn + 1, a, b);
  segments = g_strdup_printf (ngettext ("%u segment", "%u segments", c->n_segments), c->n_segments);
  words = summary_words (c->summary);
  if (c->summary[0] != '\0')
    *subtitle = g_strdup_printf ("%s (%s) · %s", c->summary, words != NULL ? words : "", segments);
  else
    *subtitle = g_strdup (segments);
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_add_css_class (title, "numeric");
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), subtitle);
  gtk_list_item_set_child (item, box);
}

static guint
item_connection (GtkListItem *item)
{
  GtkStringObject *object = gtk_list_item_get_item (item);

  return object != NULL
    ? (guint) g_ascii_strtoull (gtk_string_object_get_string (object), NULL, 10) : G_MAXUINT;
}

static void
show_row (SynackConnectionList *self,
          GtkListItem          *item)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  guint conn = item_connection (item);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  if (self->trace == NULL || box == NULL || conn >= synack_trace_get_n_connections (self->trace))
    return;
  row_texts (self->trace, conn, &title, &subtitle);
  /* unchanged text is not set again: no relayout for rows that did not grow */
  if (g_strcmp0 (gtk_label_get_text (GTK_LABEL (gtk_widget_get_first_child (box))), title) != 0)
    gtk_label_set_text (GTK_LABEL (gtk_widget_get_first_child (box)), title);
  if (g_strcmp0 (gtk_label_get_text (GTK_LABEL (gtk_widget_get_last_child (box))), subtitle) != 0)
    gtk_label_set_text (GTK_LABEL (gtk_widget_get_last_child (box)), subtitle);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          SynackConnectionList     *self)
{
  if (self->bound != NULL)
    g_ptr_array_add (self->bound, item);
  show_row (self, item);
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            SynackConnectionList     *self)
{
  if (self->bound != NULL)   /* NULL once the list is disposed */
    g_ptr_array_remove_fast (self->bound, item);
}

static void
list_activated (GtkListView          *list,
                guint                 position,
                SynackConnectionList *self)
{
  if (self->selecting)
    return;
  g_signal_emit (self, signals[CONNECTION_ACTIVATED], 0, position);
}

static void
trace_grew (SynackConnectionList *self)
{
  synack_connection_model_sync (self->model);
  /* only the rows on screen, however many connections there are */
  for (guint i = 0; i < self->bound->len; i++)
    show_row (self, g_ptr_array_index (self->bound, i));
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
  synack_connection_model_set_trace (self->model, trace);
  if (trace != NULL)
    self->events_added_id = g_signal_connect_object (trace, "events-added",
                                                     G_CALLBACK (trace_grew), self,
                                                     G_CONNECT_SWAPPED);
}

void
synack_connection_list_set_selected (SynackConnectionList *self,
                                     guint                 conn)
{
  g_return_if_fail (SYNACK_IS_CONNECTION_LIST (self));

  if (conn >= self->model->n_items)
    return;
  self->selecting = TRUE;
  gtk_single_selection_set_selected (self->selection, conn);
  self->selecting = FALSE;
}

guint
synack_connection_list_get_n_rows (SynackConnectionList *self)
{
  g_return_val_if_fail (SYNACK_IS_CONNECTION_LIST (self), 0);

  return self->model->n_items;
}

char *
synack_connection_list_get_row_text (SynackConnectionList *self,
                                     guint                 conn)
{
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  g_return_val_if_fail (SYNACK_IS_CONNECTION_LIST (self), NULL);
  g_return_val_if_fail (conn < self->model->n_items, NULL);

  row_texts (self->trace, conn, &title, &subtitle);
  return g_strdup_printf ("%s\n%s", title, subtitle);
}

char *
synack_connection_list_get_shown_text (SynackConnectionList *self,
                                       guint                 conn)
{
  g_return_val_if_fail (SYNACK_IS_CONNECTION_LIST (self), NULL);

  for (guint i = 0; i < self->bound->len; i++)
    {
      GtkListItem *item = g_ptr_array_index (self->bound, i);
      GtkWidget *box = gtk_list_item_get_child (item);

      if (item_connection (item) == conn && box != NULL)
        return g_strdup_printf ("%s\n%s",
                                gtk_label_get_text (GTK_LABEL (gtk_widget_get_first_child (box))),
                                gtk_label_get_text (GTK_LABEL (gtk_widget_get_last_child (box))));
    }
  return NULL;
}

void
synack_connection_list_activate (SynackConnectionList *self,
                                 guint                 conn)
{
  g_return_if_fail (SYNACK_IS_CONNECTION_LIST (self));
  g_return_if_fail (conn < self->model->n_items);

  gtk_single_selection_set_selected (self->selection, conn);
  g_signal_emit_by_name (self->list, "activate", conn);
}

static void
synack_connection_list_dispose (GObject *object)
{
  SynackConnectionList *self = SYNACK_CONNECTION_LIST (object);

  if (self->trace != NULL)
    g_clear_signal_handler (&self->events_added_id, self->trace);
  g_clear_object (&self->trace);
  g_clear_pointer (&self->scrolled, gtk_widget_unparent);
  g_clear_object (&self->model);
  g_clear_pointer (&self->bound, g_ptr_array_unref);

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
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  self->model = g_object_new (SYNACK_TYPE_CONNECTION_MODEL, NULL);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), self);
  self->bound = g_ptr_array_new ();

  self->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_parent (self->scrolled, GTK_WIDGET (self));
  self->list = GTK_LIST_VIEW (gtk_list_view_new (GTK_SELECTION_MODEL (self->selection), factory));
  gtk_list_view_set_single_click_activate (self->list, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "navigation-sidebar");
  g_signal_connect (self->list, "activate", G_CALLBACK (list_activated), self);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), GTK_WIDGET (self->list));
}

GtkWidget *
synack_connection_list_new (void)
{
  return g_object_new (SYNACK_TYPE_CONNECTION_LIST, NULL);
}
