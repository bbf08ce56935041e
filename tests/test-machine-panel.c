/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "This Machine" as a source of the main window: the socket list follows
 * the kernel's sockets as they come and go, filters, and the one picked is
 * followed in the window's views and Numbers. Run in a network namespace
 * of its own where one can be made, so the list holds this test's sockets;
 * elsewhere the filter picks them out of the machine's. */
#define _GNU_SOURCE 1
#include "config.h"

#include <adwaita.h>
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "synack-ladder-view.h"
#include "synack-machine.h"
#include "synack-machine-numbers.h"
#include "synack-machine-panel.h"
#include "synack-test-utils-gtk.h"
#include "synack-window.h"

#define WAIT_LIMIT_US (60 * G_USEC_PER_SEC)   /* a hang, not a speed check */

static int
listen_on_loopback (guint16 *port)
{
  struct sockaddr_in in = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  socklen_t len = sizeof in;
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  g_assert_no_errno (bind (fd, (struct sockaddr *) &in, sizeof in));
  g_assert_no_errno (listen (fd, 4));
  g_assert_no_errno (getsockname (fd, (struct sockaddr *) &in, &len));
  *port = ntohs (in.sin_port);
  return fd;
}

static int
connect_to (guint16 port)
{
  struct sockaddr_in in = { .sin_family = AF_INET, .sin_port = htons (port),
                            .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  g_assert_no_errno (connect (fd, (struct sockaddr *) &in, sizeof in));
  return fd;
}

/* Run the main loop until the panel shows n sockets under its filter. */
static void
wait_shown (SynackMachinePanel *panel,
            guint               n)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_LIMIT_US;

  while (synack_machine_panel_get_n_shown (panel) != n)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("the panel shows %u sockets, not %u", synack_machine_panel_get_n_shown (panel), n);
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
set_filter (SynackMachinePanel *panel,
            const char         *format,
            ...) G_GNUC_PRINTF (2, 3);

static void
set_filter (SynackMachinePanel *panel,
            const char         *format,
            ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  synack_machine_panel_set_filter (panel, text);
}

/* Run the main loop until cond (a test of the window's state) holds. */
#define WAIT_UNTIL(cond, ...) \
  G_STMT_START { \
    gint64 deadline_ = g_get_monotonic_time () + WAIT_LIMIT_US; \
    while (!(cond)) \
      { \
        if (g_get_monotonic_time () > deadline_) \
          g_error (__VA_ARGS__); \
        g_main_context_iteration (NULL, TRUE); \
      } \
  } G_STMT_END

static void
count_followed (guint *count)
{
  (*count)++;
}

static guint64
number_of (SynackMachineNumbers *numbers,
           const char           *figure,
           guint                 endpoint)
{
  const char *text = synack_machine_numbers_get_text (numbers, figure, endpoint);

  return text != NULL ? g_ascii_strtoull (text, NULL, 10) : 0;
}

/* This Machine is a source of the main window: the list over the views,
 * the socket picked followed in the ladder and the timeline, its tcp_info
 * in Numbers. */
static void
test_list_and_follow (void)
{
  SynackWindow *window;
  SynackSession *session;
  SynackMachinePanel *panel;
  SynackMachineNumbers *numbers;
  SynackMachine *machine;
  SynackTrace *trace;
  g_autoptr(GError) error = NULL;
  g_autofree char *want = NULL;
  guint16 port;
  guint conn, endpoint;
  struct sockaddr_in me;
  socklen_t len = sizeof me;
  int l, c, s;

  SYNACK_TEST_NEED_DISPLAY ();
  window = synack_window_new (synack_test_gtk_get_application ());
  session = synack_window_get_session (window);
  gtk_window_present (GTK_WINDOW (window));
  panel = SYNACK_MACHINE_PANEL (synack_window_get_part (window, "machine"));
  numbers = SYNACK_MACHINE_NUMBERS (synack_window_get_part (window, "machine-numbers"));
  /* not there for a lesson */
  synack_test_gtk_start_scenario (window, "handshake-and-close");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (panel)));

  g_assert_true (synack_window_start_machine (window, &error));
  g_assert_no_error (error);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (panel)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (numbers)));
  g_assert_false (gtk_widget_get_visible (synack_window_get_part (window, "seqspace")));
  g_assert_cmpint (synack_document_get_kind (synack_session_get_document (session)), ==,
                   SYNACK_DOCUMENT_MACHINE);
  machine = synack_document_get_machine (synack_session_get_document (session));
  trace = synack_session_get_trace (session);
  g_assert_true (trace == synack_machine_get_trace (machine));

  l = listen_on_loopback (&port);
  set_filter (panel, "127.0.0.1:%u", port);
  /* the listener appears */
  wait_shown (panel, 1);

  /* a connection: its two ends appear, and the listener stays */
  c = connect_to (port);
  s = accept (l, NULL, NULL);
  g_assert_cmpint (s, >=, 0);
  g_assert_cmpint (send (c, "hello", 5, 0), ==, 5);
  {
    char buf[8];

    g_assert_cmpint (recv (s, buf, sizeof buf, 0), ==, 5);
  }
  g_assert_no_errno (getsockname (c, (struct sockaddr *) &me, &len));
  wait_shown (panel, 3);

  /* the filter takes states too, in either spelling */
  synack_machine_panel_set_filter (panel, "LISTEN");
  g_assert_cmpuint (synack_machine_panel_get_n_shown (panel), >=, 1);
  synack_machine_panel_set_filter (panel, "no socket has this in it");
  g_assert_cmpuint (synack_machine_panel_get_n_shown (panel), ==, 0);

  /* follow the client's end: the window's views show its connection */
  want = g_strdup_printf ("127.0.0.1:%u 127.0.0.1:%u", ntohs (me.sin_port), port);
  /* both ends have both addresses */
  set_filter (panel, "127.0.0.1:%u 127.0.0.1:%u", ntohs (me.sin_port), port);
  wait_shown (panel, 2);
  {
    guint followed = 0;
    const SynackConnection *shown;

    g_signal_connect_swapped (panel, "followed", G_CALLBACK (count_followed), &followed);
    synack_machine_panel_follow (panel, synack_machine_panel_find (panel, want));
    g_assert_cmpuint (followed, ==, 1);
    /* the cursor at its latest change, where the views show it */
    shown = synack_trace_get_connection (trace, synack_session_get_connection (session));
    g_assert_cmpint (synack_player_get_position (synack_session_get_player (session)), ==,
                     (int) synack_trace_conn_event (trace, shown->index, shown->n_events - 1));
  }
  g_assert_cmpstr (synack_machine_panel_get_followed (panel), ==, want);
  conn = synack_machine_follow (machine, want, &endpoint);
  g_assert_cmpuint (conn, !=, G_MAXUINT);
  g_assert_cmpuint (endpoint, ==, 0);
  g_assert_cmpuint (synack_session_get_connection (session), ==, conn);
  g_assert_cmpint (synack_trace_state_at_time (trace, conn, 0, G_MAXINT64), ==,
                   SYNACK_TCP_ESTABLISHED);
  g_assert_cmpint (synack_trace_state_at_time (trace, conn, 1, G_MAXINT64), ==,
                   SYNACK_TCP_ESTABLISHED);

  /* Numbers: the kernel's figures of both ends, read again while followed */
  WAIT_UNTIL (number_of (numbers, "bytes_acked", 0) >= 5 &&
              number_of (numbers, "bytes_received", 1) >= 5,
              "Numbers never showed the 5 bytes sent (%s acked, %s received)",
              synack_machine_numbers_get_text (numbers, "bytes_acked", 0),
              synack_machine_numbers_get_text (numbers, "bytes_received", 1));
  g_assert_cmpstr (synack_machine_numbers_get_text (numbers, "state", 0), ==, "ESTABLISHED");
  g_assert_cmpuint (number_of (numbers, "cwnd", 0), >, 0);
  g_assert_cmpuint (number_of (numbers, "rto", 0), >, 0);
  g_assert_nonnull (strstr (synack_machine_numbers_get_text (numbers, "rtt", 0), "ms"));
  g_assert_cmpuint (synack_session_get_connection (session), ==, conn);
  g_assert_cmpint (send (c, "more!", 5, 0), ==, 5);
  WAIT_UNTIL (number_of (numbers, "bytes_acked", 0) >= 10,
              "Numbers were not read again (%s acked)",
              synack_machine_numbers_get_text (numbers, "bytes_acked", 0));

  /* the client closes first: its end goes through FIN-WAIT to TIME-WAIT,
   * the window's trace shows it as it happens, and it stays followed */
  {
    char buf[8];

    /* read first: closing with unread data would send a RST instead */
    g_assert_cmpint (recv (s, buf, sizeof buf, 0), ==, 5);
  }
  close (c);
  close (s);
  close (l);
  WAIT_UNTIL (synack_trace_state_at_time (trace, conn, 0, G_MAXINT64) == SYNACK_TCP_TIME_WAIT,
              "the followed socket never reached TIME-WAIT in the window's trace (%s, %u "
              "connections)", synack_tcp_state_to_string (synack_trace_state_at_time (
                trace, conn, 0, G_MAXINT64)), synack_trace_get_n_connections (trace));
  g_assert_cmpstr (synack_machine_panel_get_followed (panel), ==, want);
  g_assert_cmpuint (synack_session_get_connection (session), ==, conn);

  /* stopping it stops the watch; the trace stays */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.stop-capture", NULL);
  g_assert_false (synack_machine_get_running (machine));
  g_assert_false (synack_trace_is_live (trace));

  /* another source: the list and its numbers go, sequence space is back */
  synack_test_gtk_start_scenario (window, "handshake-and-close");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (panel)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (numbers)));
  g_assert_true (gtk_widget_get_visible (synack_window_get_part (window, "seqspace")));

  gtk_window_destroy (GTK_WINDOW (window));
}


/* The ladder's mark of a disagreement says, when hovered, what each said
 * and when: the kernel FIN-WAIT-2 at 400 ms (by its poll), inference
 * FIN-WAIT-1 at 300 ms. */
static void
test_disagreement_tooltip (void)
{
  g_autoptr(SynackSession) session = synack_session_new (NULL);
  g_autoptr(SynackTrace) trace = synack_trace_new (SYNACK_TRACE_SOURCE_LIVE);
  g_autoptr(SynackKernelStates) states = NULL;
  g_autoptr(GArray) placed = NULL;
  const gint64 ms = 1000000, origin = G_GINT64_CONSTANT (1700000000) * SYNACK_NSEC_PER_SEC;
  SynackKernelChange changes[4] = { 0 };
  SynackAddress a, b;
  SynackSegment seg = { 0 };
  GtkWidget *window, *ladder;
  const GArray *boxes;
  g_autofree char *tip = NULL;
  g_autofree char *want_kernel = NULL;
  g_autofree char *want_inferred = NULL;
  guint conn;

  SYNACK_TEST_NEED_DISPLAY ();
  synack_address_parse ("10.0.0.1", &a);
  synack_address_parse ("10.0.0.2", &b);
  synack_trace_set_origin (trace, origin);
  conn = synack_trace_add_connection (trace, &a, 40000, &b, 80);
  synack_trace_set_initial_state (trace, conn, 0, SYNACK_TCP_CLOSED);
  seg.flags = SYNACK_FLAG_SYN;
  synack_trace_append_segment (trace, 0, conn, 0, &seg, SYNACK_FATE_CAPTURED, SYNACK_TIME_NONE, 0);
  synack_trace_append_state (trace, 0, conn, 0, SYNACK_TCP_SYN_SENT, SYNACK_CAUSE_NONE, 0);
  synack_trace_append_state (trace, 100 * ms, conn, 0, SYNACK_TCP_ESTABLISHED, SYNACK_CAUSE_NONE,
                             0);
  synack_trace_append_state (trace, 300 * ms, conn, 0, SYNACK_TCP_FIN_WAIT_1, SYNACK_CAUSE_NONE, 0);
  synack_trace_append_state (trace, 500 * ms, conn, 0, SYNACK_TCP_TIME_WAIT, SYNACK_CAUSE_NONE, 0);
  seg.flags = SYNACK_FLAG_ACK;
  synack_trace_append_segment (trace, 600 * ms, conn, 1, &seg, SYNACK_FATE_CAPTURED,
                               SYNACK_TIME_NONE, 0);
  synack_trace_commit (trace);

  for (guint i = 0; i < G_N_ELEMENTS (changes); i++)
    {
      changes[i].local = a;
      changes[i].local_port = 40000;
      changes[i].remote = b;
      changes[i].remote_port = 80;
      changes[i].source = SYNACK_KERNEL_SOURCE_TRACEPOINT;
    }
  changes[0].time = origin - ms;
  changes[0].to = SYNACK_TCP_SYN_SENT;
  changes[1].time = origin + 101 * ms;
  changes[1].from = SYNACK_TCP_SYN_SENT;
  changes[1].to = SYNACK_TCP_ESTABLISHED;
  changes[2].time = origin + 400 * ms;
  changes[2].from = SYNACK_TCP_ESTABLISHED;
  changes[2].to = SYNACK_TCP_FIN_WAIT_2;
  changes[2].source = SYNACK_KERNEL_SOURCE_POLL;
  changes[3].time = origin + 501 * ms;
  changes[3].from = SYNACK_TCP_FIN_WAIT_2;
  changes[3].to = SYNACK_TCP_TIME_WAIT;
  states = synack_kernel_states_new (trace);
  synack_kernel_states_add (states, changes, G_N_ELEMENTS (changes));
  placed = synack_kernel_states_match (states);
  g_assert_cmpuint (placed->len, ==, 4);

  synack_session_set_trace (session, trace, NULL, FALSE);
  synack_session_set_kernel_states (session, states);
  ladder = synack_ladder_view_new ();
  synack_time_view_set_session (SYNACK_TIME_VIEW (ladder), session);
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 800);
  gtk_window_set_child (GTK_WINDOW (window), ladder);
  gtk_window_present (GTK_WINDOW (window));
  boxes = synack_ladder_view_get_mark_boxes (SYNACK_LADDER_VIEW (ladder));
  WAIT_UNTIL (boxes->len > 0, "the ladder never drew the disagreement's mark");

  /* every part drawn tells the same, in words */
  want_kernel = g_strdup_printf ("FIN-WAIT-2 at %.6f s", 0.4);
  want_inferred = g_strdup_printf ("FIN-WAIT-1 at %.6f s", 0.3);
  for (guint i = 0; i < boxes->len; i++)
    {
      const SynackStateMarkBox *box = &g_array_index (boxes, SynackStateMarkBox, i);

      g_clear_pointer (&tip, g_free);
      tip = SYNACK_TIME_VIEW_GET_CLASS (ladder)->describe (SYNACK_TIME_VIEW (ladder),
                                                           box->x + box->width / 2,
                                                           box->y + box->height / 2, FALSE);
      g_assert_nonnull (tip);
      g_assert_nonnull (strstr (tip, "10.0.0.1:40000"));
      g_assert_nonnull (strstr (tip, want_kernel));
      g_assert_nonnull (strstr (tip, want_inferred));
      g_assert_nonnull (strstr (tip, "sock_diag"));
    }
  /* away from it, no such words */
  g_clear_pointer (&tip, g_free);
  tip = SYNACK_TIME_VIEW_GET_CLASS (ladder)->describe (SYNACK_TIME_VIEW (ladder), 5, 5, FALSE);
  g_assert_true (tip == NULL || strstr (tip, "disagree") == NULL);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  /* Without one, the machine's own namespace: the filter still finds ours. */
  synack_test_enter_network_namespace (FALSE, NULL);
  g_test_init (&argc, &argv, NULL);
  synack_test_gtk_init ();
  g_test_add_func ("/synack/machine-panel/list-and-follow", test_list_and_follow);
  g_test_add_func ("/synack/machine-panel/disagreement-tooltip", test_disagreement_tooltip);
  return synack_test_gtk_run ();
}
