/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Replaced by the issue that builds this command. */
#include "config.h"

#include "synack-cli.h"

int
synack_cli_tun (int argc, char **argv)
{
  g_printerr ("synack-cli: the tun command is not in this build yet\n");
  return 1;
}
