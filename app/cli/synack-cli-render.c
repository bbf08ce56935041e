/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Replaced by the issue that builds this command. */
#include "config.h"

#include "synack-cli.h"

int
synack_cli_render (int argc, char **argv)
{
  g_printerr ("synack-cli: the render command is not in this build yet\n");
  return 1;
}
