/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SYNACK_ERROR (synack_error_quark ())

typedef enum
{
  SYNACK_ERROR_FAILED,       /* a runtime failure: CLI exit 1 */
  SYNACK_ERROR_INVALID,      /* bad usage or bad input: CLI exit 2 */
  SYNACK_ERROR_MALFORMED,    /* a packet or header that breaks its own rules */
  SYNACK_ERROR_TRUNCATED,    /* shorter than its headers say */
  SYNACK_ERROR_NOT_TCP,      /* a well-formed packet that is not TCP */
  SYNACK_ERROR_FRAGMENT,     /* an IP fragment without the TCP header */
  SYNACK_ERROR_UNSUPPORTED,  /* a link type or feature we do not read */
  SYNACK_ERROR_PARSE,        /* a scenario script with a syntax error */
  SYNACK_ERROR_PERMISSION,   /* a missing privilege (CAP_NET_RAW, CAP_NET_ADMIN) */
} SynackError;

GQuark synack_error_quark (void);

/* A SYNACK_ERROR of code whose message says where first: "WHERE: " and
 * the text of format and args ("capture.pcap: packet 12: ...",
 * "lesson.synack:3:7: ...", "synack-cli render: ..."). (transfer full) */
GError *synack_error_new_at_valist (SynackError  code,
                                    const char  *where,
                                    const char  *format,
                                    va_list      args) G_GNUC_PRINTF (3, 0);

/* The CLI's exit status for an error: 2 for bad input or usage, 1 otherwise. */
int    synack_error_exit_status (const GError *error);

G_END_DECLS
