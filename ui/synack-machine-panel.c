/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "synack-kernel-watch.h"
#include "synack-ladder-layout.h"
#include "synack-machine-panel.h"
#include "synack-sock-diag.h"
#include "synack-state-strip.h"
#include "synack-theme.h"

/* How often the list is read again (the watch also asks for a read soon
 * after each change it is told of). */
#define REFRESH_MS      1000
#define SOON_MS         150
/* Changes kept a socket, for its timeline. */
#define HISTORY_LIMIT   64

/* ---------------------------------------------------------------- a row */

#define SYNACK_TYPE_SOCKET_ROW (synack_socket_row_get_type ())
G_DECLARE_FINAL_TYPE (SynackSocketRow, synack_socket_row, SYNACK, SOCKET_ROW, GObject)

struct _SynackSocketRow
{
  GObject          parent_instance;
  char            *key;
  SynackSocketInfo info;
  gint64           first_seen;     /* real time, µs */
  gboolean         before_start;   /* there when watching began */
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
socket_key (const SynackAddress *local,
            guint16              local_port,
            const SynackAddress *remote,
            guint16              remote_port)
{
  char a[80], b[80];

  return g_strdup_printf ("%s %s", synack_endpoint_to_string (local, local_port, a, sizeof a),
                          synack_endpoint_to_string (remote, remote_port, b, sizeof b));
}

static char *
format_age (gint64 us)
{
  return synack_format_duration (us / 1000000 * SYNACK_NSEC_PER_SEC);
}

static void
row_update (SynackSocketRow        *self,
            const SynackSocketInfo *info,
            gint64                  now)
{
  char a[80], b[80];
  g_autofree char *process = NULL;
  g_autofree char *age = format_age (now - self->first_seen);
  g_autofree char *age_text = NULL;

  self->info = *info;
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
  age_text = self->before_start ? g_strdup_printf (_("≥ %s"), age) : g_strdup (age);
  row_set_text (self, ROW_PROP_AGE, age_text);
}

/* ---------------------------------------------------------------- the panel */

enum
{
  N_NUMBERS = 12
};

struct _SynackMachinePanel
{
  GtkWidget           parent_instance;

  GtkWidget          *paned;
  GtkWidget          *search;
  GtkWidget          *source_label;
  GtkWidget          *count_label;
  GtkWidget          *view;
  GListStore         *store;
  GtkCustomFilter    *filter;
  GtkFilterListModel *filtered;
  GtkSingleSelection *selection;

  GtkWidget          *follow_title;
  GtkWidget          *strip;
  GtkWidget          *calls_label;
  GtkWidget          *numbers_grid;
  GtkWidget          *number_values[N_NUMBERS];

  char               *filter_text;
  SynackKernelWatch  *watch;
  GHashTable         *rows;        /* key -> SynackSocketRow (in store) */
  GHashTable         *history;     /* key -> GArray of SynackKernelChange */
  GHashTable         *born;        /* key -> real time µs the kernel made the socket */
  GCancellable       *cancellable;
  guint               refresh_id;
  guint               soon_id;
  gboolean            reading;
  gboolean            started;
  gboolean            setting_text;
  gint64              start_time;  /* real time, µs */
  char               *followed;
};

G_DEFINE_FINAL_TYPE (SynackMachinePanel, synack_machine_panel, GTK_TYPE_WIDGET)

static const char *number_names[N_NUMBERS] = {
  N_("Round-trip time"), N_("RTT variation"), N_("Retransmission timeout"),
  N_("Maximum segment size"), N_("Congestion window"), N_("Slow-start threshold"),
  N_("Segments in flight"), N_("Retransmitted segments"), N_("Bytes acknowledged"),
  N_("Bytes received"), N_("Segments sent / received"), N_("Receive and send queue"),
};

static gboolean
row_matches (gpointer item,
             gpointer user_data)
{
  SynackMachinePanel *self = user_data;
  SynackSocketRow *row = item;
  g_autofree char *all = NULL;
  g_autofree char *folded = NULL;

  if (self->filter_text == NULL || self->filter_text[0] == '\0')
    return TRUE;
  all = g_strjoin (" ", row->text[0], synack_tcp_state_to_string (row->info.state), row->text[1],
                   row->text[2], row->text[3], NULL);
  folded = g_utf8_casefold (all, -1);
  /* every word of the filter, anywhere: "8080 established" */
  {
    g_auto(GStrv) words = g_strsplit_set (self->filter_text, " \t", -1);

    for (guint i = 0; words[i] != NULL; i++)
      if (words[i][0] != '\0' && strstr (folded, words[i]) == NULL)
        return FALSE;
  }
  return TRUE;
}

/* ---- following ---- */

static SynackSocketRow *
followed_row (SynackMachinePanel *self)
{
  return self->followed ? g_hash_table_lookup (self->rows, self->followed) : NULL;
}

static const SynackTheme *
current_theme (SynackMachinePanel *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();

  if (adw_style_manager_get_high_contrast (manager))
    return synack_theme_get (SYNACK_THEME_HIGH_CONTRAST);
  return synack_theme_get (adw_style_manager_get_dark (manager) ? SYNACK_THEME_DARK
                                                                 : SYNACK_THEME_LIGHT);
}

/* The followed socket's states: what the kernel told since watching began,
 * or, for a socket older than that, its state now from a time not known. */
static GArray *
followed_steps (SynackMachinePanel *self,
                gint64             *now_ns)
{
  GArray *steps = g_array_new (FALSE, FALSE, sizeof (SynackStateStep));
  SynackSocketRow *row = followed_row (self);
  GArray *changes = self->followed ? g_hash_table_lookup (self->history, self->followed) : NULL;

  *now_ns = g_get_real_time () * 1000;
  if (changes != NULL && changes->len > 0)
    {
      const SynackKernelChange *first = &g_array_index (changes, SynackKernelChange, 0);
      SynackStateStep step = { 0 };

      /* A polled first change only says what the socket was at the last
       * poll; a traced one where it came from. */
      if (first->source == SYNACK_KERNEL_SOURCE_TRACEPOINT && first->from != SYNACK_TCP_CLOSED)
        {
          step.time = G_MININT64;
          step.state = first->from;
          g_array_append_val (steps, step);
        }
      for (guint i = 0; i < changes->len; i++)
        {
          const SynackKernelChange *c = &g_array_index (changes, SynackKernelChange, i);

          step.time = c->time;
          step.state = c->to;
          g_array_append_val (steps, step);
        }
    }
  else if (row != NULL)
    {
      SynackStateStep step = { row->before_start ? G_MININT64 : row->first_seen * 1000,
                               row->info.state };

      g_array_append_val (steps, step);
    }
  return steps;
}

static void
strip_draw (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        user_data)
{
  SynackMachinePanel *self = user_data;
  g_autoptr(GArray) steps = NULL;
  SynackPaintOptions options;
  gint64 now;

  steps = followed_steps (self, &now);
  synack_paint_options_init (&options, current_theme (self), 1.0);
  synack_state_strip_paint (cr, (const SynackStateStep *) steps->data, steps->len, now,
                            width, height, &options);
}

/* The calls a state change gives away: only these changes are made by a
 * call and nothing else. */
static const char *
call_of (const SynackKernelChange *c)
{
  if (c->from == SYNACK_TCP_CLOSED && c->to == SYNACK_TCP_SYN_SENT)
    return "connect()";
  if (c->from == SYNACK_TCP_CLOSED && c->to == SYNACK_TCP_LISTEN)
    return "listen()";
  if (c->from == SYNACK_TCP_LISTEN && c->to == SYNACK_TCP_CLOSED)
    return "close()";
  if ((c->from == SYNACK_TCP_ESTABLISHED && c->to == SYNACK_TCP_FIN_WAIT_1) ||
      (c->from == SYNACK_TCP_CLOSE_WAIT && c->to == SYNACK_TCP_LAST_ACK))
    return "close() / shutdown()";
  return NULL;
}

static void
update_numbers (SynackMachinePanel *self)
{
  SynackSocketRow *row = followed_row (self);
  const SynackSocketInfo *k = row ? &row->info : NULL;
  const SynackTcpInfo *t = k ? &k->info : NULL;
  gboolean have = k != NULL && k->have_info && k->state != SYNACK_TCP_LISTEN;

  for (guint i = 0; i < N_NUMBERS; i++)
    {
      g_autofree char *text = NULL;

      if (!have && i != 11)
        text = g_strdup ("—");
      else
        switch (i)
          {
          case 0:
            text = g_strdup_printf (_("%.3f ms"), t->rtt_us / 1000.0);
            break;
          case 1:
            text = g_strdup_printf (_("%.3f ms"), t->rttvar_us / 1000.0);
            break;
          case 2:
            text = g_strdup_printf (_("%.0f ms"), t->rto_us / 1000.0);
            break;
          case 3:
            text = g_strdup_printf (_("%u bytes"), t->snd_mss);
            break;
          case 4:
            text = g_strdup_printf (ngettext ("%u segment", "%u segments", t->snd_cwnd),
                                    t->snd_cwnd);
            break;
          case 5:
            text = t->snd_ssthresh >= 0x7fffffff
                     ? g_strdup (_("none yet (slow start)"))
                     : g_strdup_printf (ngettext ("%u segment", "%u segments", t->snd_ssthresh),
                                        t->snd_ssthresh);
            break;
          case 6:
            text = g_strdup_printf ("%u", t->unacked);
            break;
          case 7:
            text = g_strdup_printf ("%u", t->total_retrans);
            break;
          case 8:
            text = g_strdup_printf ("%" G_GUINT64_FORMAT, t->bytes_acked);
            break;
          case 9:
            text = g_strdup_printf ("%" G_GUINT64_FORMAT, t->bytes_received);
            break;
          case 10:
            text = g_strdup_printf ("%u / %u", t->segs_out, t->segs_in);
            break;
          default:
            text = k ? g_strdup_printf ("%u / %u", k->recv_q, k->send_q) : g_strdup ("—");
            break;
          }
      gtk_label_set_text (GTK_LABEL (self->number_values[i]), text);
    }
}

static void
update_follow (SynackMachinePanel *self)
{
  SynackSocketRow *row = followed_row (self);
  GArray *changes = self->followed ? g_hash_table_lookup (self->history, self->followed) : NULL;
  g_autoptr(GString) calls = g_string_new (NULL);

  if (self->followed == NULL)
    gtk_label_set_text (GTK_LABEL (self->follow_title),
                        _("Pick a socket to follow it: its states as the kernel tells them, "
                          "the calls that can be seen, and its numbers."));
  else
    {
      g_autofree char *title = NULL;

      if (row != NULL)
        title = g_strdup_printf (_("Following %s ⇄ %s, %s"), row->text[1], row->text[2],
                                 row->text[3]);
      else
        title = g_strdup_printf (_("Following %s: the socket is gone (CLOSED)"), self->followed);
      gtk_label_set_text (GTK_LABEL (self->follow_title), title);
    }

  for (guint i = 0; changes != NULL && i < changes->len; i++)
    {
      const SynackKernelChange *c = &g_array_index (changes, SynackKernelChange, i);
      const char *call = call_of (c);
      g_autoptr(GDateTime) when = NULL;
      g_autofree char *stamp = NULL;
      g_autofree char *hms = NULL;

      if (call == NULL)
        continue;
      when = g_date_time_new_from_unix_local (c->time / SYNACK_NSEC_PER_SEC);
      hms = g_date_time_format (when, "%H:%M:%S");
      stamp = g_strdup_printf ("%s.%06d", hms,
                               (int) (c->time % SYNACK_NSEC_PER_SEC / 1000));
      if (calls->len > 0)
        g_string_append_c (calls, '\n');
      if (c->in_process && c->pid != 0)
        g_string_append_printf (calls, _("%s  %s by %s (%d): %s → %s"), stamp, call, c->comm,
                                c->pid, synack_tcp_state_to_rfc_name (c->from),
                                synack_tcp_state_to_rfc_name (c->to));
      else
        g_string_append_printf (calls, _("%s  %s: %s → %s"), stamp, call,
                                synack_tcp_state_to_rfc_name (c->from),
                                synack_tcp_state_to_rfc_name (c->to));
    }
  if (self->followed != NULL && calls->len == 0)
    g_string_append (calls, _("No call seen since watching began."));
  gtk_label_set_text (GTK_LABEL (self->calls_label), calls->str);
  update_numbers (self);
  gtk_widget_queue_draw (self->strip);
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
  if (row != NULL)
    self->followed = g_strdup (row->key);
  if (gtk_single_selection_get_selected (self->selection) != position)
    gtk_single_selection_set_selected (self->selection,
                                       row != NULL ? position : GTK_INVALID_LIST_POSITION);
  update_follow (self);
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

/* ---- reading the list ---- */

static void
read_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  GArray *list = synack_sock_diag_list (TRUE, &error);

  if (list == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, list, (GDestroyNotify) g_array_unref);
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
read_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  SynackMachinePanel *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) list = g_task_propagate_pointer (G_TASK (result), &error);
  g_autoptr(GHashTable) seen = NULL;
  gint64 now = g_get_real_time ();
  guint n;

  if (list == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_label_set_text (GTK_LABEL (self->source_label), error->message);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        self->reading = FALSE;
      return;
    }
  self->reading = FALSE;
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < list->len; i++)
    {
      const SynackSocketInfo *info = &g_array_index (list, SynackSocketInfo, i);
      g_autofree char *key = socket_key (&info->local, info->local_port, &info->remote,
                                         info->remote_port);
      SynackSocketRow *row = g_hash_table_lookup (self->rows, key);

      if (row == NULL)
        {
          gpointer born = g_hash_table_lookup (self->born, key);

          row = g_object_new (SYNACK_TYPE_SOCKET_ROW, NULL);
          row->key = g_strdup (key);
          row->before_start = !self->started;
          row->first_seen = born ? *(gint64 *) born : now;
          g_hash_table_insert (self->rows, row->key, row);
          row_update (row, info, now);
          /* a socket made while watching goes on top, where it is seen */
          if (self->started)
            g_list_store_insert (self->store, 0, row);
          else
            g_list_store_append (self->store, row);
          g_object_unref (row);
        }
      else
        row_update (row, info, now);
      g_hash_table_add (seen, row->key);
    }
  /* Gone: out of the list (a followed one stays followed, as CLOSED). */
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
  self->started = TRUE;
  update_count (self);
  if (self->followed != NULL)
    update_follow (self);
}

static void
read_list (SynackMachinePanel *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->reading)
    return;
  self->reading = TRUE;
  task = g_task_new (NULL, self->cancellable, read_done, self);
  g_task_run_in_thread (task, read_thread);
}

static gboolean
on_refresh (gpointer user_data)
{
  read_list (user_data);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_soon (gpointer user_data)
{
  SynackMachinePanel *self = user_data;

  self->soon_id = 0;
  read_list (self);
  return G_SOURCE_REMOVE;
}

static void
on_changes (SynackKernelWatch  *watch,
            GArray             *changes,
            SynackMachinePanel *self)
{
  for (guint i = 0; i < changes->len; i++)
    {
      const SynackKernelChange *c = &g_array_index (changes, SynackKernelChange, i);
      g_autofree char *key = socket_key (&c->local, c->local_port, &c->remote, c->remote_port);
      GArray *history = g_hash_table_lookup (self->history, key);

      if (history == NULL)
        {
          history = g_array_new (FALSE, FALSE, sizeof (SynackKernelChange));
          g_hash_table_insert (self->history, g_strdup (key), history);
        }
      if (history->len >= HISTORY_LIMIT)
        g_array_remove_index (history, 0);
      g_array_append_val (history, *c);
      /* The kernel made it now: its age counts from here. */
      if (c->from == SYNACK_TCP_CLOSED ||
          (c->from == SYNACK_TCP_LISTEN && c->to != SYNACK_TCP_CLOSED))
        {
          gint64 *born = g_new (gint64, 1);

          *born = c->time / 1000;
          g_hash_table_replace (self->born, g_strdup (key), born);
        }
    }
  if (self->soon_id == 0)
    self->soon_id = g_timeout_add (SOON_MS, on_soon, self);
}

void
synack_machine_panel_start (SynackMachinePanel *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *source = NULL;

  g_return_if_fail (SYNACK_IS_MACHINE_PANEL (self));

  if (self->watch != NULL)
    return;
  self->start_time = g_get_real_time ();
  self->watch = synack_kernel_watch_new (SYNACK_KERNEL_MODE_AUTO, 0);
  g_signal_connect_object (self->watch, "changes", G_CALLBACK (on_changes), self, 0);
  if (!synack_kernel_watch_start (self->watch, &error))
    source = g_strdup (error->message);
  else if (synack_kernel_watch_get_source (self->watch) == SYNACK_KERNEL_SOURCE_TRACEPOINT)
    source = g_strdup (_("Every state change from the kernel's sock:inet_sock_set_state "
                         "tracepoint."));
  else
    source = g_strdup_printf (_("States by polling sock_diag every %u ms (%s): a state that "
                                "lasts less than that may be missed."),
                              synack_kernel_watch_get_poll_interval (self->watch),
                              synack_kernel_watch_get_fallback_reason (self->watch));
  gtk_label_set_text (GTK_LABEL (self->source_label), source);
  read_list (self);
  self->refresh_id = g_timeout_add (REFRESH_MS, on_refresh, self);
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

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_handle_id (&self->soon_id, g_source_remove);
  if (self->watch != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->watch, self);
      synack_kernel_watch_stop (self->watch);
      g_clear_object (&self->watch);
    }
  g_clear_pointer (&self->paned, gtk_widget_unparent);
  g_clear_object (&self->selection);
  G_OBJECT_CLASS (synack_machine_panel_parent_class)->dispose (object);
}

static void
synack_machine_panel_finalize (GObject *object)
{
  SynackMachinePanel *self = SYNACK_MACHINE_PANEL (object);

  g_clear_object (&self->cancellable);
  g_hash_table_unref (self->rows);
  g_hash_table_unref (self->history);
  g_hash_table_unref (self->born);
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
}

static void
synack_machine_panel_init (SynackMachinePanel *self)
{
  GtkWidget *top, *box, *bar, *scroller, *follow, *heading;

  self->cancellable = g_cancellable_new ();
  self->rows = g_hash_table_new (g_str_hash, g_str_equal);
  self->history = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_array_unref);
  self->born = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  self->paned = gtk_paned_new (GTK_ORIENTATION_VERTICAL);
  gtk_widget_set_parent (self->paned, GTK_WIDGET (self));

  /* the list */
  top = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_start (top, 12);
  gtk_widget_set_margin_end (top, 12);
  gtk_widget_set_margin_top (top, 12);
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
  gtk_box_append (GTK_BOX (top), bar);
  self->source_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->source_label), 0);
  gtk_label_set_wrap (GTK_LABEL (self->source_label), TRUE);
  gtk_widget_add_css_class (self->source_label, "dim-label");
  gtk_box_append (GTK_BOX (top), self->source_label);

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
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_widget_set_size_request (scroller, -1, 200);
  gtk_box_append (GTK_BOX (top), scroller);
  gtk_paned_set_start_child (GTK_PANED (self->paned), top);
  gtk_paned_set_position (GTK_PANED (self->paned), 380);
  gtk_paned_set_resize_start_child (GTK_PANED (self->paned), TRUE);

  /* the followed socket */
  follow = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_widget_set_margin_start (follow, 12);
  gtk_widget_set_margin_end (follow, 12);
  gtk_widget_set_margin_top (follow, 8);
  gtk_widget_set_margin_bottom (follow, 12);
  self->follow_title = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->follow_title), 0);
  gtk_label_set_wrap (GTK_LABEL (self->follow_title), TRUE);
  gtk_widget_add_css_class (self->follow_title, "heading");
  gtk_box_append (GTK_BOX (follow), self->follow_title);
  heading = gtk_label_new (_("States, as the kernel told them"));
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "dim-label");
  gtk_box_append (GTK_BOX (follow), heading);
  self->strip = gtk_drawing_area_new ();
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self->strip), 64);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->strip), strip_draw, self, NULL);
  gtk_box_append (GTK_BOX (follow), self->strip);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 24);
  {
    GtkWidget *calls_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
    GtkWidget *numbers_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);

    heading = gtk_label_new (_("Socket calls that can be seen"));
    gtk_label_set_xalign (GTK_LABEL (heading), 0);
    gtk_widget_add_css_class (heading, "dim-label");
    gtk_box_append (GTK_BOX (calls_box), heading);
    self->calls_label = gtk_label_new (NULL);
    gtk_label_set_xalign (GTK_LABEL (self->calls_label), 0);
    gtk_label_set_yalign (GTK_LABEL (self->calls_label), 0);
    gtk_label_set_selectable (GTK_LABEL (self->calls_label), TRUE);
    gtk_label_set_wrap (GTK_LABEL (self->calls_label), TRUE);
    gtk_box_append (GTK_BOX (calls_box), self->calls_label);
    gtk_widget_set_hexpand (calls_box, TRUE);
    gtk_box_append (GTK_BOX (box), calls_box);

    heading = gtk_label_new (_("Numbers (tcp_info)"));
    gtk_label_set_xalign (GTK_LABEL (heading), 0);
    gtk_widget_add_css_class (heading, "dim-label");
    gtk_box_append (GTK_BOX (numbers_box), heading);
    self->numbers_grid = gtk_grid_new ();
    gtk_grid_set_column_spacing (GTK_GRID (self->numbers_grid), 12);
    gtk_grid_set_row_spacing (GTK_GRID (self->numbers_grid), 2);
    for (guint i = 0; i < N_NUMBERS; i++)
      {
        GtkWidget *name = gtk_label_new (_(number_names[i]));

        gtk_label_set_xalign (GTK_LABEL (name), 0);
        self->number_values[i] = gtk_label_new ("—");
        gtk_label_set_xalign (GTK_LABEL (self->number_values[i]), 1);
        gtk_widget_add_css_class (self->number_values[i], "numeric");
        gtk_grid_attach (GTK_GRID (self->numbers_grid), name, 0, i, 1, 1);
        gtk_grid_attach (GTK_GRID (self->numbers_grid), self->number_values[i], 1, i, 1, 1);
      }
    gtk_box_append (GTK_BOX (numbers_box), self->numbers_grid);
    gtk_box_append (GTK_BOX (box), numbers_box);
  }
  gtk_box_append (GTK_BOX (follow), box);
  gtk_paned_set_end_child (GTK_PANED (self->paned), follow);
  gtk_paned_set_shrink_end_child (GTK_PANED (self->paned), FALSE);
  update_follow (self);
}

GtkWidget *
synack_machine_panel_new (void)
{
  return g_object_new (SYNACK_TYPE_MACHINE_PANEL, NULL);
}

GtkWindow *
synack_machine_window_new (GtkApplication *app)
{
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *panel = synack_machine_panel_new ();
  GtkWidget *title;

  gtk_window_set_title (GTK_WINDOW (window), _("This Machine"));
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 800);
  if (app != NULL)
    gtk_window_set_application (GTK_WINDOW (window), app);
  title = adw_window_title_new (_("This Machine"), _("TCP sockets, as the kernel sees them"));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), title);
  gtk_box_append (GTK_BOX (box), header);
  gtk_widget_set_vexpand (panel, TRUE);
  gtk_box_append (GTK_BOX (box), panel);
  adw_window_set_content (ADW_WINDOW (window), box);
  synack_machine_panel_start (SYNACK_MACHINE_PANEL (panel));
  return GTK_WINDOW (window);
}
