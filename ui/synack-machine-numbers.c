/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "synack-machine-follow.h"
#include "synack-machine-numbers.h"

typedef struct
{
  const char *id;
  const char *name;
} Figure;

static const Figure figures[] = {
  { "state", N_("State (the kernel’s)") },
  { "rtt", N_("Round-trip time") },
  { "rttvar", N_("RTT variation") },
  { "rto", N_("Retransmission timeout") },
  { "mss", N_("Maximum segment size") },
  { "cwnd", N_("Congestion window") },
  { "ssthresh", N_("Slow-start threshold") },
  { "unacked", N_("Segments in flight") },
  { "retransmits", N_("Retransmitted segments") },
  { "bytes_acked", N_("Bytes acknowledged") },
  { "bytes_received", N_("Bytes received") },
  { "segments", N_("Segments sent / received") },
  { "queues", N_("Receive and send queue") },
  { "wscale", N_("Window scale (send / receive)") },
  { "options", N_("Options agreed") },
};

#define N_FIGURES G_N_ELEMENTS (figures)

struct _SynackMachineNumbers
{
  GtkWidget       parent_instance;

  SynackMachineFollow follow;  /* the session, and its This Machine */

  GtkWidget      *box;
  GtkWidget      *title;
  GtkWidget      *grid;
  GtkWidget      *heads[2];
  GtkWidget      *values[N_FIGURES][2];
  GtkWidget      *note;
};

G_DEFINE_FINAL_TYPE (SynackMachineNumbers, synack_machine_numbers, GTK_TYPE_WIDGET)

static char *
figure_text (guint                   figure,
             const SynackSocketInfo *k)
{
  const SynackTcpInfo *t = &k->info;
  const char *id = figures[figure].id;

  if (g_str_equal (id, "state"))
    return g_strdup (synack_tcp_state_to_rfc_name (k->state));
  if (g_str_equal (id, "queues"))
    return g_strdup_printf ("%u / %u", k->recv_q, k->send_q);
  /* a listener and a time-wait sock carry no tcp_info */
  if (!k->have_info || k->state == SYNACK_TCP_LISTEN)
    return g_strdup ("—");
  if (g_str_equal (id, "rtt"))
    return g_strdup_printf (_("%.3f ms"), t->rtt_us / 1000.0);
  if (g_str_equal (id, "rttvar"))
    return g_strdup_printf (_("%.3f ms"), t->rttvar_us / 1000.0);
  if (g_str_equal (id, "rto"))
    return g_strdup_printf (_("%.0f ms"), t->rto_us / 1000.0);
  if (g_str_equal (id, "mss"))
    return g_strdup_printf (_("%u bytes"), t->snd_mss);
  if (g_str_equal (id, "cwnd"))
    return g_strdup_printf (ngettext ("%u segment", "%u segments", t->snd_cwnd), t->snd_cwnd);
  if (g_str_equal (id, "ssthresh"))
    return t->snd_ssthresh >= 0x7fffffff
             ? g_strdup (_("none yet (slow start)"))
             : g_strdup_printf (ngettext ("%u segment", "%u segments", t->snd_ssthresh),
                                t->snd_ssthresh);
  if (g_str_equal (id, "unacked"))
    return g_strdup_printf ("%u", t->unacked);
  if (g_str_equal (id, "retransmits"))
    /* TRANSLATORS: retransmitted segments: all so far, and the ones being retransmitted now */
    return g_strdup_printf (_("%u (%u now)"), t->total_retrans, t->retrans);
  if (g_str_equal (id, "bytes_acked"))
    return g_strdup_printf ("%" PRIu64, (guint64) t->bytes_acked);
  if (g_str_equal (id, "bytes_received"))
    return g_strdup_printf ("%" PRIu64, (guint64) t->bytes_received);
  if (g_str_equal (id, "segments"))
    return g_strdup_printf ("%u / %u", t->segs_out, t->segs_in);
  if (g_str_equal (id, "wscale"))
    return (t->options & 4) ? g_strdup_printf ("%u / %u", t->snd_wscale, t->rcv_wscale)
                            : g_strdup (_("off"));
  if (g_str_equal (id, "options"))
    {
      GString *s = g_string_new (NULL);

      if (t->options & 1)
        g_string_append (s, "TS ");
      if (t->options & 2)
        g_string_append (s, "SACK ");
      if (t->options & 4)
        g_string_append (s, "WS ");
      if (t->options & 8)
        g_string_append (s, "ECN ");
      if (s->len == 0)
        g_string_append (s, _("none"));
      return g_strchomp (g_string_free (s, FALSE));
    }
  return g_strdup ("—");
}

static void
update (SynackMachineNumbers *self)
{
  SynackTrace *trace = synack_session_get_trace (self->follow.session);
  guint conn = synack_session_get_connection (self->follow.session);
  const SynackConnection *c = NULL;
  gboolean any = FALSE;

  if (self->follow.machine == NULL)
    return;
  if (trace != NULL && conn < synack_trace_get_n_connections (trace))
    c = synack_trace_get_connection (trace, conn);
  for (guint ep = 0; ep < 2; ep++)
    {
      SynackMachineSocket socket;
      gboolean have = c != NULL && synack_machine_get_socket (self->follow.machine, conn, ep, &socket);
      char a[80];

      gtk_widget_set_visible (self->heads[ep], have);
      for (guint i = 0; i < N_FIGURES; i++)
        {
          g_autofree char *text = have ? figure_text (i, &socket.info) : NULL;

          gtk_label_set_text (GTK_LABEL (self->values[i][ep]), text != NULL ? text : "");
          gtk_widget_set_visible (self->values[i][ep], have);
        }
      if (have)
        {
          g_autofree char *head = g_strdup_printf (
            "%s\n%s", ep == 0 ? _("client") : _("server"),
            synack_endpoint_to_string (&c->addr[ep], c->port[ep], a, sizeof a));

          gtk_label_set_text (GTK_LABEL (self->heads[ep]), head);
          any = TRUE;
        }
    }
  gtk_widget_set_visible (self->grid, any);
  if (c == NULL)
    gtk_label_set_text (GTK_LABEL (self->note),
                        _("Pick a socket in the list to see the kernel’s figures for it."));
  else if (!any)
    gtk_label_set_text (GTK_LABEL (self->note),
                        _("The kernel no longer lists this connection’s sockets: it has no "
                          "figures for them."));
  else
    gtk_label_set_text (GTK_LABEL (self->note),
                        _("Read from the kernel (tcp_info) every second while the socket is "
                          "followed. A time-wait or listening socket has no tcp_info."));
}

const char *
synack_machine_numbers_get_text (SynackMachineNumbers *self,
                                 const char           *figure,
                                 guint                 endpoint)
{
  g_return_val_if_fail (SYNACK_IS_MACHINE_NUMBERS (self), NULL);
  g_return_val_if_fail (endpoint < 2, NULL);

  for (guint i = 0; i < N_FIGURES; i++)
    if (g_str_equal (figures[i].id, figure))
      return gtk_label_get_text (GTK_LABEL (self->values[i][endpoint]));
  return NULL;
}

static void
synack_machine_numbers_dispose (GObject *object)
{
  SynackMachineNumbers *self = SYNACK_MACHINE_NUMBERS (object);

  synack_machine_follow_clear (&self->follow);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  G_OBJECT_CLASS (synack_machine_numbers_parent_class)->dispose (object);
}

static void
synack_machine_numbers_class_init (SynackMachineNumbersClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = synack_machine_numbers_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "machinenumbers");
}

static void
synack_machine_numbers_init (SynackMachineNumbers *self)
{
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_widget_set_margin_start (self->box, 12);
  gtk_widget_set_margin_end (self->box, 12);
  gtk_widget_set_margin_top (self->box, 6);
  gtk_widget_set_margin_bottom (self->box, 12);

  self->title = gtk_label_new (_("The kernel’s figures (tcp_info)"));
  gtk_label_set_xalign (GTK_LABEL (self->title), 0);
  gtk_widget_add_css_class (self->title, "heading");
  gtk_box_append (GTK_BOX (self->box), self->title);

  self->grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (self->grid), 16);
  gtk_grid_set_row_spacing (GTK_GRID (self->grid), 3);
  for (guint ep = 0; ep < 2; ep++)
    {
      self->heads[ep] = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (self->heads[ep]), 1);
      gtk_widget_add_css_class (self->heads[ep], "dim-label");
      gtk_grid_attach (GTK_GRID (self->grid), self->heads[ep], 1 + ep, 0, 1, 1);
    }
  for (guint i = 0; i < N_FIGURES; i++)
    {
      GtkWidget *name = gtk_label_new (_(figures[i].name));

      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_label_set_wrap (GTK_LABEL (name), TRUE);
      gtk_widget_set_hexpand (name, TRUE);
      gtk_grid_attach (GTK_GRID (self->grid), name, 0, 1 + i, 1, 1);
      for (guint ep = 0; ep < 2; ep++)
        {
          self->values[i][ep] = gtk_label_new (NULL);
          gtk_label_set_xalign (GTK_LABEL (self->values[i][ep]), 1);
          gtk_label_set_selectable (GTK_LABEL (self->values[i][ep]), TRUE);
          gtk_widget_add_css_class (self->values[i][ep], "numeric");
          gtk_grid_attach (GTK_GRID (self->grid), self->values[i][ep], 1 + ep, 1 + i, 1, 1);
        }
    }
  gtk_box_append (GTK_BOX (self->box), self->grid);

  self->note = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->note), 0);
  gtk_label_set_wrap (GTK_LABEL (self->note), TRUE);
  gtk_widget_add_css_class (self->note, "dim-label");
  gtk_box_append (GTK_BOX (self->box), self->note);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
synack_machine_numbers_new (SynackSession *session)
{
  SynackMachineNumbers *self;

  g_return_val_if_fail (SYNACK_IS_SESSION (session), NULL);

  self = g_object_new (SYNACK_TYPE_MACHINE_NUMBERS, NULL);
  synack_machine_follow_init (&self->follow, GTK_WIDGET (self), session, G_CALLBACK (update),
                              G_CALLBACK (update));
  g_signal_connect_object (session, "notify::connection", G_CALLBACK (update), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "trace-changed", G_CALLBACK (update), self,
                           G_CONNECT_SWAPPED);
  return GTK_WIDGET (self);
}
