/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "synack-connection-list.h"

/* One row of the list: only its position, made when the list view asks.
 * Which connection a row shows is the model's to say: a new order or
 * filter changes what the rows show, not the rows, so the list view keeps
 * its row widgets (GTK 4.8's makes new ones for every item it has not
 * seen, up to 200 of them, on a change that replaces its items). */
#define SYNACK_TYPE_CONNECTION_ITEM (synack_connection_item_get_type ())
G_DECLARE_FINAL_TYPE (SynackConnectionItem, synack_connection_item, SYNACK, CONNECTION_ITEM,
                      GObject)

struct _SynackConnectionItem
{
  GObject parent_instance;
  guint   row;
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

/* The rows of the list as a list model over the trace itself: a capture
 * may hold hundreds of thousands of connections, and an item is made only
 * when the list view asks for one of the rows it shows. In the capture's
 * own order with no filter the rows are the kept connections themselves;
 * otherwise they are an array of connection indices, filtered and sorted
 * in a worker thread (see "Sorting and filtering" below). */
#define SYNACK_TYPE_CONNECTION_MODEL (synack_connection_model_get_type ())
G_DECLARE_FINAL_TYPE (SynackConnectionModel, synack_connection_model, SYNACK, CONNECTION_MODEL,
                      GObject)

struct _SynackConnectionModel
{
  GObject      parent_instance;
  SynackTrace *trace;
  guint        n_items;
  guint32     *rows;      /* the rows' connections; NULL: every kept connection, in order */
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

static guint
model_connection (SynackConnectionModel *self,
                  guint                  position)
{
  if (self->rows != NULL)
    return self->rows[position];
  /* the connections a live capture's memory budget let go have no row */
  return synack_trace_get_kept_connection (self->trace, position);
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
  item->row = position;
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
  SynackConnectionModel *self = SYNACK_CONNECTION_MODEL (object);

  g_clear_object (&self->trace);
  g_clear_pointer (&self->rows, g_free);
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

/* Every kept connection in capture order: follow the trace's growth, new
 * connections added at the end. Rows already on screen are refreshed by
 * the list itself (their segment counts change), at any number of
 * connections. */
static void
synack_connection_model_sync (SynackConnectionModel *self)
{
  guint old = self->n_items;
  guint n = self->trace != NULL ? synack_trace_get_n_kept_connections (self->trace) : 0;

  g_assert (self->rows == NULL);
  self->n_items = n;
  if (n < old)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old, n);
  else if (n > old)
    g_list_model_items_changed (G_LIST_MODEL (self), old, 0, n - old);
}

/* New rows (taken), or NULL for every kept connection in capture order.
 * Only a change of their number is a change of items (at the end); the
 * list shows its rows' new connections itself. */
static void
synack_connection_model_set_rows (SynackConnectionModel *self,
                                  SynackTrace           *trace,
                                  guint32               *rows,
                                  guint                  n_rows)
{
  guint old = self->n_items;

  g_set_object (&self->trace, trace);
  g_free (self->rows);
  self->rows = rows;
  if (rows == NULL)
    n_rows = trace != NULL ? synack_trace_get_n_kept_connections (trace) : 0;
  self->n_items = n_rows;
  if (n_rows > old)
    g_list_model_items_changed (G_LIST_MODEL (self), old, 0, n_rows - old);
  else if (n_rows < old)
    g_list_model_items_changed (G_LIST_MODEL (self), n_rows, old - n_rows, 0);
}

/* One row of the list: the connection's endpoints over its Zeek state and
 * segment count. Drawn, not made of labels: GTK 4.8's list view keeps up to
 * 200 rows, and labels would be measured (their text shaped) whenever a
 * row's text changes, each second of a load, in the window's layout. A row
 * is as tall as two lines of its font and as wide as the list gives it;
 * its text is shaped only when drawn. */
#define SYNACK_TYPE_CONNECTION_ROW (synack_connection_row_get_type ())
G_DECLARE_FINAL_TYPE (SynackConnectionRow, synack_connection_row, SYNACK, CONNECTION_ROW,
                      GtkWidget)

#define ROW_LINE_SPACING 2
#define ROW_SUBTITLE_SCALE 0.82   /* libadwaita's .caption */
#define ROW_SUBTITLE_ALPHA 0.55   /* and .dim-label */

struct _SynackConnectionRow
{
  GtkWidget    parent_instance;
  char        *title;
  char        *subtitle;
  PangoLayout *layouts[2];   /* title and subtitle, made when first drawn */
  char        *font;         /* the font they were made with */
};

G_DEFINE_FINAL_TYPE (SynackConnectionRow, synack_connection_row, GTK_TYPE_WIDGET)

/* The two lines' heights in a font, shaped once for every row. */
static struct
{
  char *font;
  int   height[2];
} row_heights;

static PangoLayout *
row_layout (GtkWidget  *widget,
            guint       line,
            const char *text)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
  PangoAttrList *attrs = pango_attr_list_new ();

  if (line == 0)
    pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
  else
    pango_attr_list_insert (attrs, pango_attr_scale_new (ROW_SUBTITLE_SCALE));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_set_ellipsize (layout, line == 0 ? PANGO_ELLIPSIZE_MIDDLE : PANGO_ELLIPSIZE_END);
  pango_layout_set_single_paragraph_mode (layout, TRUE);
  return layout;
}

/* The widget's font as a string ("Cantarell 11"): it changes with the
 * presentation's text scale. (transfer full) */
static char *
row_font (GtkWidget *widget)
{
  return pango_font_description_to_string (
    pango_context_get_font_description (gtk_widget_get_pango_context (widget)));
}

static void
row_line_heights (GtkWidget *widget,
                  int        height[2])
{
  g_autofree char *font = row_font (widget);

  if (g_strcmp0 (font, row_heights.font) != 0)
    {
      g_free (row_heights.font);
      row_heights.font = g_steal_pointer (&font);
      for (guint line = 0; line < 2; line++)
        {
          /* Latin and Chinese: the tallest either line holds */
          g_autoptr(PangoLayout) layout = row_layout (widget, line, "Ag 09 [::1] 正常建立");

          pango_layout_get_pixel_size (layout, NULL, &row_heights.height[line]);
        }
    }
  height[0] = row_heights.height[0];
  height[1] = row_heights.height[1];
}

static void
row_forget_layouts (SynackConnectionRow *self)
{
  g_clear_object (&self->layouts[0]);
  g_clear_object (&self->layouts[1]);
  g_clear_pointer (&self->font, g_free);
}

static void
synack_connection_row_measure (GtkWidget      *widget,
                               GtkOrientation  orientation,
                               int             for_size,
                               int            *minimum,
                               int            *natural,
                               int            *minimum_baseline,
                               int            *natural_baseline)
{
  int height[2];

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* as wide as the list: the text is cut short to fit */
      *minimum = *natural = 0;
      return;
    }
  row_line_heights (widget, height);
  *minimum = *natural = height[0] + ROW_LINE_SPACING + height[1];
}

static void
synack_connection_row_snapshot (GtkWidget   *widget,
                                GtkSnapshot *snapshot)
{
  SynackConnectionRow *self = SYNACK_CONNECTION_ROW (widget);
  g_autofree char *font = row_font (widget);
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (widget));
  int width = gtk_widget_get_width (widget);
  int height[2];
  GdkRGBA color;

  if (g_strcmp0 (font, self->font) != 0)
    {
      row_forget_layouts (self);
      self->font = g_steal_pointer (&font);
    }
  for (guint line = 0; line < 2; line++)
    {
      if (self->layouts[line] == NULL)
        self->layouts[line] = row_layout (widget, line, line == 0 ? self->title : self->subtitle);
      pango_layout_set_width (self->layouts[line], width * PANGO_SCALE);
    }
  row_line_heights (widget, height);
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  gtk_snapshot_append_layout (snapshot, self->layouts[0], &color);
  /* dimmed, except in presentation: nothing dimmed for the back of the room */
  if (root == NULL || !gtk_widget_has_css_class (root, "presentation"))
    color.alpha *= ROW_SUBTITLE_ALPHA;
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, height[0] + ROW_LINE_SPACING));
  gtk_snapshot_append_layout (snapshot, self->layouts[1], &color);
  gtk_snapshot_restore (snapshot);
}

static void
synack_connection_row_finalize (GObject *object)
{
  SynackConnectionRow *self = SYNACK_CONNECTION_ROW (object);

  row_forget_layouts (self);
  g_free (self->title);
  g_free (self->subtitle);
  G_OBJECT_CLASS (synack_connection_row_parent_class)->finalize (object);
}

static void
synack_connection_row_class_init (SynackConnectionRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = synack_connection_row_finalize;
  widget_class->measure = synack_connection_row_measure;
  widget_class->snapshot = synack_connection_row_snapshot;
  gtk_widget_class_set_css_name (widget_class, "connectionrow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
synack_connection_row_init (SynackConnectionRow *self)
{
  self->title = g_strdup ("");
  self->subtitle = g_strdup ("");
  gtk_widget_set_margin_top (GTK_WIDGET (self), 4);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self), 4);
}

/* Unchanged text is not set again: nothing is drawn again for rows that
 * did not grow. */
static void
synack_connection_row_set_text (SynackConnectionRow *self,
                                char                *title,
                                char                *subtitle)
{
  g_autofree char *label = NULL;

  if (g_str_equal (self->title, title) && g_str_equal (self->subtitle, subtitle))
    {
      g_free (title);
      g_free (subtitle);
      return;
    }
  g_free (self->title);
  g_free (self->subtitle);
  self->title = title;
  self->subtitle = subtitle;
  if (self->layouts[0] != NULL)
    {
      pango_layout_set_text (self->layouts[0], title, -1);
      pango_layout_set_text (self->layouts[1], subtitle, -1);
    }
  label = g_strdup_printf ("%s, %s", title, subtitle);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
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
  SynackConnectionModel *model;       /* the rows: filtered and sorted in a thread */
  Order                  order;
  char                 **words;       /* the filter, casefolded; NULL: every row */
  guint32               *row_of;      /* connection -> row while filtered or sorted */
  guint                  n_row_of;
  gboolean               querying;    /* a worker thread filters and sorts */
  gboolean               query_again; /* and then again: the trace or the query changed */
  guint                  epoch;       /* the trace's, counted: a query's rows are for one */
  guint                  selected;    /* the connection highlighted, or G_MAXUINT */
  GtkSingleSelection    *selection;
  GPtrArray             *bound;     /* GtkListItem: the rows on screen */
  gboolean               selecting;
  gboolean               hide_summaries;  /* a quiz question is open */
  gboolean               attached;    /* the list view has its model: shown once */

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
  gtk_list_item_set_child (item, g_object_new (SYNACK_TYPE_CONNECTION_ROW, NULL));
}

/* The connection a row shows, or G_MAXUINT past the last row. */
static guint
row_connection (SynackConnectionModel *model,
                guint                  row)
{
  return model != NULL && row < model->n_items ? model_connection (model, row) : G_MAXUINT;
}

static guint
item_connection (SynackConnectionModel *model,
                 GtkListItem           *item)
{
  SynackConnectionItem *object = gtk_list_item_get_item (item);

  return object != NULL ? row_connection (model, object->row) : G_MAXUINT;
}


/* ---- sorting and filtering ----
 *
 * In the capture's order with no filter, the rows are the kept connections
 * and need no work at all. Otherwise the rows are worked out in a worker
 * thread from a copy of what the orders and the filter read of each kept
 * connection (its key, taken on this thread, which alone writes the
 * trace): filtered, sorted, and a table from connection to row for the
 * selection. The list keeps its old rows until the new ones replace them
 * in one change; a query asked for while one runs waits for it, and one
 * that no longer matches the order and filter when done is dropped. While
 * a capture loads, each growth asks for the rows again. */

typedef struct
{
  guint32       conn;
  guint32       n_segments;
  SynackAddress addr[2];
  guint16       port[2];
  char          summary[8];
} RowKey;

typedef struct
{
  Order     order;
  char    **words;
  RowKey   *keys;           /* the kept connections, in capture order */
  guint     n_keys;
  guint     n_connections;  /* for row_of */
  gboolean  growth;         /* asked for because the trace grew */
  guint     epoch;
  guint32  *rows;           /* out: the rows' connections */
  guint     n_rows;
  guint32  *row_of;         /* out: a connection's row, or G_MAXUINT */
} Query;

static void
query_free (gpointer data)
{
  Query *q = data;

  g_strfreev (q->words);
  g_free (q->keys);
  g_free (q->rows);
  g_free (q->row_of);
  g_free (q);
}

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

/* Two keys' indices, in the query's order; ties in capture order. */
static int
compare_keys (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const Query *q = user_data;
  guint32 i = *(const guint32 *) a, j = *(const guint32 *) b;
  const RowKey *x = &q->keys[i], *y = &q->keys[j];
  int r = 0;

  switch (q->order)
    {
    case ORDER_CLIENT:
      r = compare_addresses (&x->addr[0], x->port[0], &y->addr[0], y->port[0]);
      break;
    case ORDER_SERVER:
      r = compare_addresses (&x->addr[1], x->port[1], &y->addr[1], y->port[1]);
      break;
    case ORDER_STATE:
      r = strcmp (x->summary, y->summary);
      /* still open ("") last */
      if (r != 0 && (x->summary[0] == '\0' || y->summary[0] == '\0'))
        r = x->summary[0] == '\0' ? 1 : -1;
      break;
    case ORDER_SEGMENTS:
      r = x->n_segments > y->n_segments ? -1 : x->n_segments < y->n_segments;
      break;
    case ORDER_SEEN:
    default:
      break;
    }
  if (r == 0)
    r = i < j ? -1 : i > j;
  return r;
}

/* Every word of the filter is in the client's or the server's address and
 * port, or is the Zeek state (S0, SF, REJ, RSTO...). */
static gboolean
key_matches (const RowKey *key,
             char        **words)
{
  char a[80], b[80];

  if (words == NULL)
    return TRUE;
  synack_endpoint_to_string (&key->addr[0], key->port[0], a, sizeof a);
  synack_endpoint_to_string (&key->addr[1], key->port[1], b, sizeof b);
  for (guint i = 0; words[i] != NULL; i++)
    if (strstr (a, words[i]) == NULL && strstr (b, words[i]) == NULL &&
        g_ascii_strcasecmp (key->summary, words[i]) != 0)
      return FALSE;
  return TRUE;
}

/* In the worker thread: filter, sort, and the table back. */
static void
query_run (GTask        *task,
           gpointer      source_object,
           gpointer      task_data,
           GCancellable *cancellable)
{
  Query *q = task_data;
  guint32 *rows = g_new (guint32, MAX (q->n_keys, 1));
  guint n = 0;

  for (guint i = 0; i < q->n_keys; i++)
    if (key_matches (&q->keys[i], q->words))
      rows[n++] = i;
  if (q->order != ORDER_SEEN)
    g_qsort_with_data (rows, n, sizeof *rows, compare_keys, q);
  q->row_of = g_new (guint32, MAX (q->n_connections, 1));
  memset (q->row_of, 0xff, sizeof *q->row_of * q->n_connections);
  for (guint r = 0; r < n; r++)
    {
      rows[r] = q->keys[rows[r]].conn;
      q->row_of[rows[r]] = r;
    }
  q->rows = rows;
  q->n_rows = n;
  g_task_return_boolean (task, TRUE);
}

static void
update_count (SynackConnectionList *self)
{
  guint shown, all;
  g_autofree char *text = NULL;

  if (self->count == NULL || self->model == NULL)
    return;
  shown = self->model->n_items;
  all = self->trace != NULL ? synack_trace_get_n_kept_connections (self->trace) : 0;

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

/* The row position of conn, or G_MAXUINT when it is filtered out. */
static guint
position_of (SynackConnectionList *self,
             guint                 conn)
{
  if (self->trace == NULL)
    return G_MAXUINT;
  if (self->model->rows == NULL)
    return synack_trace_get_kept_position (self->trace, conn);
  return conn < self->n_row_of ? self->row_of[conn] : G_MAXUINT;
}

/* The row of the highlighted connection, after the rows changed. */
static void
reselect (SynackConnectionList *self)
{
  guint position = self->selected != G_MAXUINT ? position_of (self, self->selected) : G_MAXUINT;

  self->selecting = TRUE;
  gtk_single_selection_set_selected (self->selection, position != G_MAXUINT
                                                      ? position : GTK_INVALID_LIST_POSITION);
  self->selecting = FALSE;
}

static gboolean
in_capture_order (SynackConnectionList *self)
{
  return self->order == ORDER_SEEN && self->words == NULL;
}

static void query_start (SynackConnectionList *self,
                         gboolean              growth);
static void show_row    (SynackConnectionList *self,
                         GtkListItem          *item);

/* The rows show other connections: the ones on screen say which, and a
 * new order or filter starts at the top (a load's growth stays where the
 * user scrolled). */
static void
rows_replaced (SynackConnectionList *self,
               gboolean              growth)
{
  for (guint i = 0; i < self->bound->len; i++)
    show_row (self, g_ptr_array_index (self->bound, i));
  reselect (self);
  update_count (self);
  if (!growth && self->scrolled != NULL)
    gtk_adjustment_set_value (
      gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scrolled)), 0);
}

static void
query_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  SynackConnectionList *self = SYNACK_CONNECTION_LIST (source);
  Query *q = g_task_get_task_data (G_TASK (result));
  gboolean again = self->query_again;

  self->querying = FALSE;
  self->query_again = FALSE;
  if (self->model == NULL)   /* disposed */
    return;
  /* rows for another order or filter than the one chosen now are dropped */
  if (!in_capture_order (self) && q->epoch == self->epoch && q->order == self->order &&
      ((q->words == NULL && self->words == NULL) ||
       (q->words != NULL && self->words != NULL &&
        g_strv_equal ((const char * const *) q->words, (const char * const *) self->words))))
    {
      g_free (self->row_of);
      self->row_of = g_steal_pointer (&q->row_of);
      self->n_row_of = q->n_connections;
      synack_connection_model_set_rows (self->model, self->trace, g_steal_pointer (&q->rows),
                                        q->n_rows);
      rows_replaced (self, q->growth);
    }
  else
    again = !in_capture_order (self);
  if (again && !in_capture_order (self))
    query_start (self, q->growth);
}

static void
query_start (SynackConnectionList *self,
             gboolean              growth)
{
  g_autoptr(GTask) task = NULL;
  Query *q;

  if (self->querying)
    {
      self->query_again = TRUE;
      return;
    }
  q = g_new0 (Query, 1);
  q->order = self->order;
  q->words = g_strdupv (self->words);
  q->growth = growth;
  q->epoch = self->epoch;
  q->n_keys = self->trace != NULL ? synack_trace_get_n_kept_connections (self->trace) : 0;
  q->n_connections = self->trace != NULL ? synack_trace_get_n_connections (self->trace) : 0;
  q->keys = g_new (RowKey, MAX (q->n_keys, 1));
  for (guint i = 0; i < q->n_keys; i++)
    {
      guint conn = synack_trace_get_kept_connection (self->trace, i);
      const SynackConnection *c = synack_trace_get_connection (self->trace, conn);
      RowKey *key = &q->keys[i];

      key->conn = conn;
      key->n_segments = c->n_segments;
      key->addr[0] = c->addr[0];
      key->addr[1] = c->addr[1];
      key->port[0] = c->port[0];
      key->port[1] = c->port[1];
      memcpy (key->summary, c->summary, sizeof key->summary);
    }
  self->querying = TRUE;
  task = g_task_new (self, NULL, query_done, NULL);
  g_task_set_source_tag (task, query_start);
  g_task_set_task_data (task, q, query_free);
  g_task_run_in_thread (task, query_run);
}

/* The order or the filter changed: the rows follow. */
static void
rows_changed (SynackConnectionList *self)
{
  if (in_capture_order (self))
    {
      /* nothing to work out: every kept connection, at once */
      g_clear_pointer (&self->row_of, g_free);
      self->n_row_of = 0;
      synack_connection_model_set_rows (self->model, self->trace, NULL, 0);
      rows_replaced (self, FALSE);
      return;
    }
  query_start (self, FALSE);
}

static void
search_changed (SynackConnectionList *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search));
  g_auto(GStrv) words = g_strsplit_set (text, " \t", -1);
  GPtrArray *kept = g_ptr_array_new ();
  char **old = self->words;
  gboolean same;

  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      g_ptr_array_add (kept, g_ascii_strdown (words[i], -1));
  g_ptr_array_add (kept, NULL);
  self->words = (char **) g_ptr_array_free (kept, FALSE);
  if (self->words[0] == NULL)
    g_clear_pointer (&self->words, g_strfreev);
  same = (old == NULL && self->words == NULL) ||
         (old != NULL && self->words != NULL &&
          g_strv_equal ((const char * const *) old, (const char * const *) self->words));
  g_strfreev (old);
  if (!same)
    rows_changed (self);
}

static void
order_changed (SynackConnectionList *self)
{
  guint order = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->order_menu));

  if (order >= N_ORDERS || order == self->order)
    return;
  self->order = order;
  rows_changed (self);
}

static void
show_row (SynackConnectionList *self,
          GtkListItem          *item)
{
  GtkWidget *row = gtk_list_item_get_child (item);
  guint conn = item_connection (self->model, item);
  char *title = NULL;
  char *subtitle = NULL;

  if (self->trace == NULL || row == NULL || conn >= synack_trace_get_n_connections (self->trace))
    return;
  row_texts (self->trace, conn, &title, &subtitle);
  /* how a connection ended, and how many segments it had, are what a quiz
   * asks about: not told while a question is open */
  if (self->hide_summaries)
    {
      g_free (subtitle);
      subtitle = g_strdup (_("Summary hidden until the question is answered"));
    }
  synack_connection_row_set_text (SYNACK_CONNECTION_ROW (row), title, subtitle);
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
  guint conn;

  if (self->selecting)
    return;
  conn = row_connection (self->model, position);
  if (conn != G_MAXUINT)
    g_signal_emit (self, signals[CONNECTION_ACTIVATED], 0, conn);
}

static void
trace_grew (SynackConnectionList *self)
{
  if (self->model->rows == NULL)
    synack_connection_model_sync (self->model);
  else
    query_start (self, TRUE);
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
  if (self->model->rows == NULL)
    {
      synack_connection_model_set_rows (self->model, self->trace, NULL, 0);
      rows_replaced (self, TRUE);
    }
  else
    query_start (self, TRUE);
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
  self->epoch++;
  self->selected = G_MAXUINT;
  g_clear_pointer (&self->row_of, g_free);
  self->n_row_of = 0;
  synack_connection_model_set_rows (self->model, trace, NULL, 0);
  rows_replaced (self, FALSE);
  if (!in_capture_order (self))
    query_start (self, FALSE);
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

  if (self->trace == NULL || conn >= synack_trace_get_n_connections (self->trace))
    return;
  self->selected = conn;
  reselect (self);
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

  return self->model->n_items;
}

char *
synack_connection_list_get_row_text (SynackConnectionList *self,
                                     guint                 conn)
{
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  g_return_val_if_fail (SYNACK_IS_CONNECTION_LIST (self), NULL);
  g_return_val_if_fail (self->trace != NULL && conn < synack_trace_get_n_connections (self->trace),
                        NULL);

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
      SynackConnectionRow *row = (SynackConnectionRow *) gtk_list_item_get_child (item);

      if (item_connection (self->model, item) == conn && row != NULL)
        return g_strdup_printf ("%s\n%s", row->title, row->subtitle);
    }
  return NULL;
}

void
synack_connection_list_activate (SynackConnectionList *self,
                                 guint                 conn)
{
  guint position;

  g_return_if_fail (SYNACK_IS_CONNECTION_LIST (self));
  g_return_if_fail (self->trace != NULL && conn < synack_trace_get_n_connections (self->trace));

  position = position_of (self, conn);
  g_return_if_fail (position != G_MAXUINT);
  self->selected = conn;
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
  g_return_val_if_fail (SYNACK_IS_CONNECTION_LIST (self), G_MAXUINT);
  return row_connection (self->model, row);
}

gboolean
synack_connection_list_is_busy (SynackConnectionList *self)
{
  g_return_val_if_fail (SYNACK_IS_CONNECTION_LIST (self), FALSE);
  return self->querying || self->query_again;
}

void
synack_connection_list_focus_filter (SynackConnectionList *self)
{
  g_return_if_fail (SYNACK_IS_CONNECTION_LIST (self));
  gtk_widget_grab_focus (self->search);
  gtk_editable_select_region (GTK_EDITABLE (self->search), 0, -1);
}

/* Enter in the filter: to the rows it let through, the first or the one
 * chosen, so the arrow keys and Enter go on from there. */
static void
search_activated (SynackConnectionList *self)
{
  guint position = gtk_single_selection_get_selected (self->selection);

  if (self->model->n_items == 0)
    return;
  if (position == GTK_INVALID_LIST_POSITION)
    position = 0;
  gtk_widget_activate_action (GTK_WIDGET (self->list), "list.scroll-to-item", "u", position);
  gtk_widget_grab_focus (GTK_WIDGET (self->list));
}

/* Escape in the filter: every connection again. */
static void
search_stopped (SynackConnectionList *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search), "");
  search_changed (self);
}

static void
synack_connection_list_dispose (GObject *object)
{
  SynackConnectionList *self = SYNACK_CONNECTION_LIST (object);

  if (self->trace != NULL)
    {
      g_clear_signal_handler (&self->events_added_id, self->trace);
      g_clear_signal_handler (&self->dropped_id, self->trace);
    }
  g_clear_object (&self->trace);
  self->count = self->search = self->order_menu = self->scrolled = NULL;
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->selection);
  /* a query still running finds no model when done, and drops its rows */
  g_clear_object (&self->model);
  g_clear_pointer (&self->row_of, g_free);
  g_clear_pointer (&self->words, g_strfreev);
  g_clear_pointer (&self->bound, g_ptr_array_unref);

  G_OBJECT_CLASS (synack_connection_list_parent_class)->dispose (object);
}

/* The list view gets its rows when the list is first shown: while it waits
 * on a side panel page not shown, a capture's first connection is shown
 * and its load grows without making and filling up to 200 row widgets. */
static void
synack_connection_list_map (GtkWidget *widget)
{
  SynackConnectionList *self = SYNACK_CONNECTION_LIST (widget);

  if (!self->attached)
    {
      self->attached = TRUE;
      gtk_list_view_set_model (self->list, GTK_SELECTION_MODEL (self->selection));
    }
  GTK_WIDGET_CLASS (synack_connection_list_parent_class)->map (widget);
}

static void
synack_connection_list_class_init (SynackConnectionListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = synack_connection_list_dispose;
  widget_class->map = synack_connection_list_map;
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
  self->selected = G_MAXUINT;
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->model)));
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
  g_signal_connect_swapped (self->search, "activate", G_CALLBACK (search_activated), self);
  g_signal_connect_swapped (self->search, "stop-search", G_CALLBACK (search_stopped), self);
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
  self->list = GTK_LIST_VIEW (gtk_list_view_new (NULL, factory));
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
