/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "This Machine": the socket list follows the kernel's sockets as they come
 * and go, filters, and follows the one picked. Run in a network namespace
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

#include "synack-machine-panel.h"

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

static void
test_list_and_follow (void)
{
  GtkWindow *window = synack_machine_window_new (NULL);
  SynackMachinePanel *panel = NULL;
  g_autofree char *want = NULL;
  guint16 port;
  int l, c, s;

  /* the panel is the window's content's last child */
  {
    GtkWidget *box = adw_window_get_content (ADW_WINDOW (window));

    panel = SYNACK_MACHINE_PANEL (gtk_widget_get_last_child (box));
  }
  gtk_window_present (window);

  l = listen_on_loopback (&port);
  set_filter (panel, "127.0.0.1:%u", port);
  /* the listener appears */
  wait_shown (panel, 1);

  /* a connection: its two ends appear, and the listener stays */
  c = connect_to (port);
  s = accept (l, NULL, NULL);
  g_assert_cmpint (s, >=, 0);
  wait_shown (panel, 3);

  /* the filter takes states too, in either spelling */
  synack_machine_panel_set_filter (panel, "LISTEN");
  g_assert_cmpuint (synack_machine_panel_get_n_shown (panel), >=, 1);
  synack_machine_panel_set_filter (panel, "no socket has this in it");
  g_assert_cmpuint (synack_machine_panel_get_n_shown (panel), ==, 0);

  /* follow the listener */
  set_filter (panel, "127.0.0.1:%u *", port);
  g_assert_cmpuint (synack_machine_panel_get_n_shown (panel), ==, 1);
  synack_machine_panel_follow (panel, 0);
  want = g_strdup_printf ("127.0.0.1:%u 0.0.0.0:0", port);
  g_assert_cmpstr (synack_machine_panel_get_followed (panel), ==, want);

  /* sockets that go, go from the list */
  set_filter (panel, "127.0.0.1:%u", port);
  close (c);
  close (s);
  close (l);
  /* the client's end stays in TIME-WAIT, held by the kernel */
  wait_shown (panel, 1);
  synack_machine_panel_set_filter (panel, "TIME-WAIT");
  g_assert_cmpuint (synack_machine_panel_get_n_shown (panel), >=, 1);
  /* the followed listener is gone, and still followed */
  g_assert_cmpstr (synack_machine_panel_get_followed (panel), ==, want);

  gtk_window_destroy (window);
}

static void
skip_no_display (void)
{
  g_test_skip ("no display: the widget tests need one (run them under xvfb-run)");
}

int
main (int    argc,
      char **argv)
{
  enter_namespace ();
  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    {
      g_test_add_func ("/synack/machine-panel/no-display", skip_no_display);
      return g_test_run ();
    }
  adw_init ();
  g_test_add_func ("/synack/machine-panel/list-and-follow", test_list_and_follow);
  return g_test_run ();
}
