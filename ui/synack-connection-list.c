/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "synack-connection-list.h"

/* One connection of the list: only its index, made when the list asks. */
#define SYNACK_TYPE_CONNECTION_ITEM (synack_connection_item_get_type ())
G_DECLARE_FINAL_TYPE (SynackConnectionItem, synack_connection_item, SYNACK, CONNECTION_ITEM,
                      GObject)

struct _SynackConnectionItem
{
  GObject parent_instance;
  guint   conn;
};

G_DEFINE_FINAL_TYPE (SynackConnectionItem, synack_connection_item, G_TYPE_OBJECT)

static void
synack_connection_item_class_init (SynackConnectionItemClass *klass)
{
}

static void
synack_connection_item_init (SynackConnectionItem *self)
{
}

/* The connections of a trace as a list model over the trace itself: a
 * capture may hold hundreds of thousands of them, and an item is made only
 * when the list, its sorter or its filter asks for it. */
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
  return SYNACK_TYPE_CONNECTION_ITEM;
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
  SynackConnectionItem *item;

  if (position >= self->n_items)
    return NULL;
  item = g_object_new (SYNACK_TYPE_CONNECTION_ITEM, NULL);
  /* the connections a live capture's memory budget let go have no row */
  item->conn = synack_trace_get_kept_connection (self->trace, position);
  return item;
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
  guint n = self->trace != NULL ? synack_trace_get_n_kept_connections (self->trace) : 0;

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
  self->n_items = trace != NULL ? synack_trace_get_n_kept_connections (trace) : 0;
  if (old > 0 || self->n_items > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old, self->n_items);
}

/* How the rows are ordered: the sort menu's entries, in order. */
typedef enum
{
  ORDER_SEEN,       /* as they began in the capture */
  ORDER_CLIENT,
  ORDER_SERVER,
  ORDER_STATE,
  ORDER_SEGMENTS,   /* most first */
  N_ORDERS
} Order;

struct _SynackConnectionList
{
  GtkWidget              parent_instance;

  SynackTrace           *trace;
  gulong                 events_added_id;
  gulong                 dropped_id;
  SynackConnectionModel *model;       /* every connection, in order seen */
  GtkSortListModel      *sorted;      /* sorted and filtered a part at a time: no stall */
  GtkFilterListModel    *filtered;
  GtkCustomSorter       *sorter;
  GtkCustomFilter       *filter;
  Order                  order;
  char                 **words;       /* the filter, casefolded; NULL: every row */
  GtkSingleSelection    *selection;
  GPtrArray             *bound;     /* GtkListItem: the rows on screen */
  gboolean               selecting;
  gboolean               hide_summaries;  /* a quiz question is open */

  GtkWidget             *box;
  GtkWidget             *search;
  GtkWidget             *order_menu;
  GtkWidget             *count;
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
  SynackConnectionItem *object = gtk_list_item_get_item (item);

  return object != NULL ? object->conn : G_MAXUINT;
}

/* ---- sorting and filtering ---- */

static int
compare_addresses (const SynackAddress *a,
                   guint16              pa,
                   const SynackAddress *b,
                   guint16              pb)
{
  int r;

  if (a->family != b->family)
    return a->family < b->family ? -1 : 1;
  r = memcmp (a->bytes, b->bytes, sizeof a->bytes);
  if (r != 0)
    return r < 0 ? -1 : 1;
  return pa < pb ? -1 : pa > pb;
}

static int
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  SynackConnectionList *self = user_data;
  guint x = SYNACK_CONNECTION_ITEM ((gpointer) a)->conn;
  guint y = SYNACK_CONNECTION_ITEM ((gpointer) b)->conn;
  const SynackConnection *cx, *cy;
  int r = 0;

  if (self->trace == NULL || x >= synack_trace_get_n_connections (self->trace) ||
      y >= synack_trace_get_n_connections (self->trace))
    return x < y ? GTK_ORDERING_SMALLER : x > y ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
  cx = synack_trace_get_connection (self->trace, x);
  cy = synack_trace_get_connection (self->trace, y);
  switch (self->order)
    {
    case ORDER_CLIENT:
      r = compare_addresses (&cx->addr[0], cx->port[0], &cy->addr[0], cy->port[0]);
      break;
    case ORDER_SERVER:
      r = compare_addresses (&cx->addr[1], cx->port[1], &cy->addr[1], cy->port[1]);
      break;
    case ORDER_STATE:
      r = strcmp (cx->summary, cy->summary);
      /* still open ("") last */
      if (r != 0 && (cx->summary[0] == '\0' || cy->summary[0] == '\0'))
        r = cx->summary[0] == '\0' ? 1 : -1;
      break;
    case ORDER_SEGMENTS:
      r = cx->n_segments > cy->n_segments ? -1 : cx->n_segments < cy->n_segments;
      break;
    case ORDER_SEEN:
    default:
      break;
    }
  if (r == 0)
    r = x < y ? -1 : x > y;
  return r < 0 ? GTK_ORDERING_SMALLER : r > 0 ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

/* Every word of the filter is in the client's or the server's address and
 * port, or is the Zeek state (S0, SF, REJ, RSTO...). */
static gboolean
row_matches (gpointer item,
             gpointer user_data)
{
  SynackConnectionList *self = user_data;
  guint conn = SYNACK_CONNECTION_ITEM (item)->conn;
  const SynackConnection *c;
  char a[80], b[80];

  if (self->words == NULL)
    return TRUE;
  if (self->trace == NULL || conn >= synack_trace_get_n_connections (self->trace))
    return FALSE;
  c = synack_trace_get_connection (self->trace, conn);
  synack_endpoint_to_string (&c->addr[0], c->port[0], a, sizeof a);
  synack_endpoint_to_string (&c->addr[1], c->port[1], b, sizeof b);
  for (guint i = 0; self->words[i] != NULL; i++)
    {
      const char *w = self->words[i];

      if (strstr (a, w) == NULL && strstr (b, w) == NULL &&
          g_ascii_strcasecmp (c->summary, w) != 0)
        return FALSE;
    }
  return TRUE;
}

static void
update_count (SynackConnectionList *self)
{
  guint shown, all;
  g_autofree char *text = NULL;

  if (self->count == NULL || self->sorted == NULL)
    return;
  shown = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
  all = self->model->n_items;

  if (self->words == NULL)
    text = g_strdup_printf (ngettext ("%u connection", "%u connections", all), all);
  else
    text = g_strdup_printf (ngettext ("%u of %u connection", "%u of %u connections", all),
                            shown, all);
  /* a live capture past its memory budget: what it let go */
  if (self->trace != NULL && synack_trace_get_n_dropped_connections (self->trace) > 0)
    {
      guint n = synack_trace_get_n_dropped_connections (self->trace);
      char *more = g_strdup_printf (ngettext ("%s · %u finished one let go (%" PRIu64 " packets)",
                                              "%s · %u finished ones let go (%" PRIu64 " packets)",
                                              n),
                                    text, n, synack_trace_get_n_dropped_segments (self->trace));

      g_free (text);
      text = more;
    }
  gtk_label_set_text (GTK_LABEL (self->count), text);
}

static void
search_changed (SynackConnectionList *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search));
  g_auto(GStrv) words = g_strsplit_set (text, " \t", -1);
  GPtrArray *kept = g_ptr_array_new ();
  char **old = self->words;
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;

  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      g_ptr_array_add (kept, g_ascii_strdown (words[i], -1));
  g_ptr_array_add (kept, NULL);
  self->words = (char **) g_ptr_array_free (kept, FALSE);
  if (self->words[0] == NULL)
    g_clear_pointer (&self->words, g_strfreev);
  if ((old == NULL && self->words == NULL) ||
      (old != NULL && self->words != NULL && g_strv_equal ((const char * const *) old,
                                                           (const char * const *) self->words)))
    {
      g_strfreev (old);
      return;
    }
  /* Words added to the old ones only narrow the rows: no row comes back. */
  if (old != NULL && self->words != NULL && g_strv_length (self->words) >= g_strv_length (old))
    {
      change = GTK_FILTER_CHANGE_MORE_STRICT;
      for (guint i = 0; old[i] != NULL; i++)
        if (strstr (self->words[i], old[i]) == NULL)
          change = GTK_FILTER_CHANGE_DIFFERENT;
    }
  else if (self->words == NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  g_strfreev (old);
  /* No words: no filter at all, so every row is there at once. */
  if (self->words == NULL)
    gtk_filter_list_model_set_filter (self->filtered, NULL);
  else if (gtk_filter_list_model_get_filter (self->filtered) == NULL)
    gtk_filter_list_model_set_filter (self->filtered, GTK_FILTER (self->filter));
  else
    gtk_filter_changed (GTK_FILTER (self->filter), change);
  update_count (self);
}

static void
order_changed (SynackConnectionList *self)
{
  guint order = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->order_menu));

  if (order >= N_ORDERS || order == self->order)
    return;
  self->order = order;
  /* The capture's own order needs no sorting at all. */
  gtk_sort_list_model_set_sorter (self->sorted,
                                  order == ORDER_SEEN ? NULL : GTK_SORTER (self->sorter));
  gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);
}

/* The row position of conn, or G_MAXUINT when it is filtered out. */
static guint
position_of (SynackConnectionList *self,
             guint                 conn)
{
  GListModel *rows = G_LIST_MODEL (self->sorted);
  guint n = g_list_model_get_n_items (rows);

  if (self->order == ORDER_SEEN && self->words == NULL)
    return self->trace != NULL ? synack_trace_get_kept_position (self->trace, conn) : G_MAXUINT;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SynackConnectionItem) item = g_list_model_get_item (rows, i);

      if (item->conn == conn)
        return i;
    }
  return G_MAXUINT;
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
  /* how a connection ended, and how many segments it had, are what a quiz
   * asks about: not told while a question is open */
  if (self->hide_summaries)
    {
      g_free (subtitle);
      subtitle = g_strdup (_("Summary hidden until the question is answered"));
    }
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
  g_autoptr(SynackConnectionItem) item = NULL;

  if (self->selecting)
    return;
  item = g_list_model_get_item (G_LIST_MODEL (self->sorted), position);
  if (item != NULL)
    g_signal_emit (self, signals[CONNECTION_ACTIVATED], 0, item->conn);
}

static void
trace_grew (SynackConnectionList *self)
{
  synack_connection_model_sync (self->model);
  update_count (self);
  /* only the rows on screen, however many connections there are */
  for (guint i = 0; i < self->bound->len; i++)
    show_row (self, g_ptr_array_index (self->bound, i));
}

/* A live capture's budget let connections go: their rows go, the others
 * move up (the positions of the kept ones all change at once). */
static void
trace_dropped (SynackConnectionList *self)
{
  synack_connection_model_set_trace (self->model, self->trace);
  update_count (self);
}

void
synack_connection_list_set_trace (SynackConnectionList *self,
                                  SynackTrace          *trace)
{
  g_return_if_fail (SYNACK_IS_CONNECTION_LIST (self));

  if (self->trace == trace)
    return;
  if (self->trace != NULL)
    {
      g_clear_signal_handler (&self->events_added_id, self->trace);
      g_clear_signal_handler (&self->dropped_id, self->trace);
    }
  g_set_object (&self->trace, trace);
  synack_connection_model_set_trace (self->model, trace);
  update_count (self);
  if (trace != NULL)
    {
      self->events_added_id = g_signal_connect_object (trace, "events-added",
                                                       G_CALLBACK (trace_grew), self,
                                                       G_CONNECT_SWAPPED);
      self->dropped_id = g_signal_connect_object (trace, "connections-dropped",
                                                  G_CALLBACK (trace_dropped), self,
                                                  G_CONNECT_SWAPPED);
    }
}

void
synack_connection_list_set_selected (SynackConnectionList *self,
                                     guint                 conn)
{
  g_return_if_fail (SYNACK_IS_CONNECTION_LIST (self));

  if (conn >= self->model->n_items)
    return;
  self->selecting = TRUE;
  gtk_single_selection_set_selected (self->selection, position_of (self, conn));
  self->selecting = FALSE;
}

void
synack_connection_list_set_hide_summaries (SynackConnectionList *self,
                                           gboolean              hide)
{
  g_return_if_fail (SYNACK_IS_CONNECTION_LIST (self));

  hide = !!hide;
  if (self->hide_summaries == hide)
    return;
  self->hide_summaries = hide;
  for (guint i = 0; i < self->bound->len; i++)
    show_row (self, g_ptr_array_index (self->bound, i));
}

guint
synack_connection_list_get_n_rows (SynackConnectionList *self)
{
  g_return_val_if_fail (SYNACK_IS_CONNECTION_LIST (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
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
  guint position;

  g_return_if_fail (SYNACK_IS_CONNECTION_LIST (self));
  g_return_if_fail (conn < self->model->n_items);

  position = position_of (self, conn);
  g_return_if_fail (position != G_MAXUINT);
  gtk_single_selection_set_selected (self->selection, position);
  g_signal_emit_by_name (self->list, "activate", position);
}

void
synack_connection_list_set_filter (SynackConnectionList *self,
                                   const char           *text)
{
  g_return_if_fail (SYNACK_IS_CONNECTION_LIST (self));
  gtk_editable_set_text (GTK_EDITABLE (self->search), text ? text : "");
  search_changed (self);   /* now, not after the entry's typing delay */
}

void
synack_connection_list_set_order (SynackConnectionList *self,
                                  const char           *order)
{
  static const char *const names[N_ORDERS] = { "seen", "client", "server", "state", "segments" };

  g_return_if_fail (SYNACK_IS_CONNECTION_LIST (self));
  for (guint i = 0; i < N_ORDERS; i++)
    if (g_strcmp0 (order, names[i]) == 0)
      {
        gtk_drop_down_set_selected (GTK_DROP_DOWN (self->order_menu), i);
        return;
      }
  g_return_if_reached ();
}

guint
synack_connection_list_get_row_connection (SynackConnectionList *self,
                                           guint                 row)
{
  g_autoptr(SynackConnectionItem) item = NULL;

  g_return_val_if_fail (SYNACK_IS_CONNECTION_LIST (self), G_MAXUINT);
  item = g_list_model_get_item (G_LIST_MODEL (self->sorted), row);
  return item != NULL ? item->conn : G_MAXUINT;
}

gboolean
synack_connection_list_is_busy (SynackConnectionList *self)
{
  g_return_val_if_fail (SYNACK_IS_CONNECTION_LIST (self), FALSE);
  return gtk_sort_list_model_get_pending (self->sorted) > 0 ||
         gtk_filter_list_model_get_pending (self->filtered) > 0;
}

static void
synack_connection_list_dispose (GObject *object)
{
  SynackConnectionList *self = SYNACK_CONNECTION_LIST (object);

  if (self->trace != NULL)
    g_clear_signal_handler (&self->events_added_id, self->trace);
  g_clear_object (&self->trace);
  if (self->sorted != NULL)
    {
      /* no sorting or filtering goes on in idle callbacks once gone */
      g_signal_handlers_disconnect_by_data (self->sorted, self);
      gtk_sort_list_model_set_sorter (self->sorted, NULL);
      gtk_filter_list_model_set_filter (self->filtered, NULL);
    }
  self->filtered = NULL;
  self->sorted = NULL;
  self->count = self->search = self->order_menu = self->scrolled = NULL;
  g_clear_pointer (&self->box, gtk_widget_unparent);
  if (self->filter != NULL)
    gtk_custom_filter_set_filter_func (self->filter, NULL, NULL, NULL);
  if (self->sorter != NULL)
    gtk_custom_sorter_set_sort_func (self->sorter, NULL, NULL, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->filter);
  g_clear_object (&self->sorter);
  g_clear_object (&self->model);
  g_clear_pointer (&self->words, g_strfreev);
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
  const char *orders[N_ORDERS + 1] = {
    _("In capture order"), _("By client"), _("By server"), _("By Zeek state"),
    _("Most segments first"), NULL,
  };
  GtkWidget *bar;

  self->model = g_object_new (SYNACK_TYPE_CONNECTION_MODEL, NULL);
  self->sorter = gtk_custom_sorter_new (compare_rows, self, NULL);
  self->filter = gtk_custom_filter_new (row_matches, self, NULL);
  /* Sorted and filtered a part at a time in idle callbacks: 200,000
   * connections never stall the window. */
  /* Filtered first, then sorted: a new order sorts only the rows shown,
   * and sorting never makes the filter start again. */
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->model)), NULL);
  gtk_filter_list_model_set_incremental (self->filtered, TRUE);
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (self->filtered), NULL);
  gtk_sort_list_model_set_incremental (self->sorted, TRUE);
  g_signal_connect_swapped (self->sorted, "items-changed", G_CALLBACK (update_count), self);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (self->sorted));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), self);
  self->bound = g_ptr_array_new ();

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  self->search = gtk_search_entry_new ();
  g_object_set (self->search, "placeholder-text", _("Address, port or Zeek state"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Filter connections"), -1);
  gtk_widget_set_margin_start (self->search, 6);
  gtk_widget_set_margin_end (self->search, 6);
  gtk_widget_set_margin_top (self->search, 6);
  g_signal_connect_swapped (self->search, "search-changed", G_CALLBACK (search_changed), self);
  gtk_box_append (GTK_BOX (self->box), self->search);

  bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_start (bar, 6);
  gtk_widget_set_margin_end (bar, 6);
  self->order_menu = gtk_drop_down_new_from_strings (orders);
  gtk_widget_set_tooltip_text (self->order_menu, _("Order of the connections"));
  g_signal_connect_swapped (self->order_menu, "notify::selected",
                            G_CALLBACK (order_changed), self);
  self->count = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->count), 1);
  gtk_widget_set_hexpand (self->count, TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (self->count), PANGO_ELLIPSIZE_START);
  gtk_widget_add_css_class (self->count, "dim-label");
  gtk_widget_add_css_class (self->count, "caption");
  gtk_widget_add_css_class (self->count, "numeric");
  gtk_box_append (GTK_BOX (bar), self->order_menu);
  gtk_box_append (GTK_BOX (bar), self->count);
  gtk_box_append (GTK_BOX (self->box), bar);

  self->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (self->scrolled, TRUE);
  gtk_box_append (GTK_BOX (self->box), self->scrolled);
  self->list = GTK_LIST_VIEW (gtk_list_view_new (GTK_SELECTION_MODEL (g_object_ref (self->selection)),
                                                 factory));
  gtk_list_view_set_single_click_activate (self->list, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "navigation-sidebar");
  g_signal_connect (self->list, "activate", G_CALLBACK (list_activated), self);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), GTK_WIDGET (self->list));
  update_count (self);
}

GtkWidget *
synack_connection_list_new (void)
{
  return g_object_new (SYNACK_TYPE_CONNECTION_LIST, NULL);
}
