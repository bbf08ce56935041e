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

#include "synack-machine.h"
#include "synack-machine-numbers.h"
#include "synack-machine-panel.h"
#include "synack-test-utils-gtk.h"
#include "synack-window.h"

#define WAIT_LIMIT_US (60 * G_USEC_PER_SEC)   /* a hang, not a speed check */

static void
enter_namespace (void)
{
  struct ifreq ifr;
  int fd;

  if (unshare (CLONE_NEWNET) != 0)
    return;   /* the machine's own namespace: the filter still finds ours */
  fd = socket (AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  memset (&ifr, 0, sizeof ifr);
  g_strlcpy (ifr.ifr_name, "lo", IFNAMSIZ);
  if (ioctl (fd, SIOCGIFFLAGS, &ifr) == 0)
    {
      ifr.ifr_flags |= IFF_UP;
      ioctl (fd, SIOCSIFFLAGS, &ifr);
    }
  close (fd);
}

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
  g_assert_true (synack_window_start_scenario (window, "handshake-and-close", &error));
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
  synack_machine_panel_follow (panel, synack_machine_panel_find (panel, want));
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
  g_assert_true (synack_window_start_scenario (window, "handshake-and-close", &error));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (panel)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (numbers)));
  g_assert_true (gtk_widget_get_visible (synack_window_get_part (window, "seqspace")));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  enter_namespace ();
  g_test_init (&argc, &argv, NULL);
  synack_test_gtk_init ();
  g_test_add_func ("/synack/machine-panel/list-and-follow", test_list_and_follow);
  return synack_test_gtk_run ();
}
