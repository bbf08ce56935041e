/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "synack-export.h"
#include "synack-text.h"

/* The segment's fields end before this column, then the states begin, so
 * the states line up down the page. */
#define STATES_COLUMN 100

/* Seconds to the microsecond, rounded, without going through a double. */
static const char *
format_time (gint64  ns,
             char   *buf,
             gsize   len)
{
  gint64 us = (ns + (ns < 0 ? -500 : 500)) / 1000;

  g_snprintf (buf, len, "%s%" G_GINT64_FORMAT ".%06" G_GINT64_FORMAT,
              us < 0 ? "-" : "", ABS (us) / 1000000, ABS (us) % 1000000);
  return buf;
}

static void
append_endpoint (GString                *s,
                 const SynackConnection *c,
                 guint                   e)
{
  char buf[80];

  if (c->name[e] != NULL)
    g_string_append (s, c->name[e]);
  else
    g_string_append (s, synack_endpoint_to_string (&c->addr[e], c->port[e], buf, sizeof buf));
}

/* "NUMBER  TIME  #CONN  WHO": the start every line shares; segments have a
 * number, other events a blank column. */
static void
append_start (GString                *s,
              const SynackEvent      *ev,
              const SynackConnection *c,
              guint64                 number)
{
  char buf[48];

  /* the segment's number, as every view shows it (a capture's frame) */
  if (number != G_MAXUINT64)
    g_string_append_printf (s, "%6" G_GUINT64_FORMAT " ", number);
  else
    g_string_append (s, "       ");
  g_string_append_printf (s, "%11s  #%-3u ", format_time (ev->time, buf, sizeof buf), ev->conn);
  append_endpoint (s, c, ev->endpoint);
}

static void
append_segment (GString     *s,
                SynackTrace *trace,
                guint        index)
{
  SynackEvent ev;
  const SynackConnection *c;
  const char *states[2];
  gsize start = s->len;
  char flags[64], buf[48];

  synack_trace_read_event (trace, index, &ev);
  c = synack_trace_get_connection (trace, ev.conn);
  append_start (s, &ev, c, synack_trace_segment_number (trace, index));
  g_string_append (s, " > ");
  append_endpoint (s, c, !ev.endpoint);
  g_string_append_printf (s, "  [%s] seq=%u",
                          synack_flags_to_string (ev.segment.flags, flags, sizeof flags),
                          synack_trace_relative_seq (trace, index));
  if (ev.segment.flags & SYNACK_FLAG_ACK)
    g_string_append_printf (s, " ack=%u", synack_trace_relative_ack (trace, index));
  g_string_append_printf (s, " win=%u len=%u", synack_trace_get_scaled_window (trace, index),
                          ev.segment.len);
  do
    g_string_append_c (s, ' ');
  while (s->len - start < STATES_COLUMN);
  /* the same states as the JSON's "states": just after the sender sent it */
  synack_export_segment_states (trace, index, states);
  g_string_append_printf (s, " %s / %s", states[0], states[1]);
  for (guint b = 0; b < SYNACK_ANALYSIS_N_FLAGS; b++)
    if (ev.segment.analysis & (1u << b))
      g_string_append_printf (s, "  [%s]", synack_analysis_name (b));
  if (ev.segment.fate != SYNACK_FATE_CAPTURED)
    {
      g_string_append_printf (s, "  %s", synack_fate_name (ev.segment.fate));
      if (ev.segment.fate != SYNACK_FATE_LOST && ev.segment.arrive != SYNACK_TIME_NONE)
        g_string_append_printf (s, " @%s", format_time (ev.segment.arrive, buf, sizeof buf));
    }
  g_string_append_c (s, '\n');
}

gboolean
synack_text_append_event (GString         *out,
                          SynackTrace     *trace,
                          guint            index,
                          SynackTextFlags  flags)
{
  SynackEvent ev;
  const SynackConnection *c;

  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (SYNACK_IS_TRACE (trace), FALSE);
  g_return_val_if_fail (index < synack_trace_get_n_events (trace), FALSE);

  synack_trace_read_event (trace, index, &ev);
  c = synack_trace_get_connection (trace, ev.conn);
  switch (ev.kind)
    {
    case SYNACK_EVENT_SEGMENT:
      if (!(flags & SYNACK_TEXT_SEGMENTS))
        return FALSE;
      append_segment (out, trace, index);
      return TRUE;

    case SYNACK_EVENT_STATE:
      if (!(flags & SYNACK_TEXT_STATES))
        return FALSE;
      append_start (out, &ev, c, G_MAXUINT64);
      g_string_append_printf (out, "  %s -> %s\n",
                              synack_tcp_state_to_string (ev.state.from),
                              synack_tcp_state_to_string (ev.state.to));
      return TRUE;

    case SYNACK_EVENT_CALL:
      if (!(flags & SYNACK_TEXT_CALLS) ||
          ev.call.call == SYNACK_CALL_SEND || ev.call.call == SYNACK_CALL_RECV)
        return FALSE;
      append_start (out, &ev, c, G_MAXUINT64);
      g_string_append_printf (out, "  %s (%" G_GUINT64_FORMAT ")", synack_call_name (ev.call.call),
                              ev.call.arg);
      if (ev.call.result != 0)
        g_string_append_printf (out, " = %s", g_strerror (ABS (ev.call.result)));
      g_string_append_c (out, '\n');
      return TRUE;

    default:
      return FALSE;
    }
}
