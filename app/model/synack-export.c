/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "synack-error.h"
#include "synack-export.h"
#include "synack-wire.h"

struct _SynackJsonWriter
{
  SynackTrace     *trace;
  GOutputStream   *out;
  SynackJsonFlags  flags;
  guint            conn;
  guint            next_event;
  guint            n_segments;   /* segment ordinal of next_event */
  GString         *line;
};

/* The decimal digits of v, at least min_digits of them (zeros before):
 * what "%" G_GUINT64_FORMAT and "%06" print, without printf, as a large
 * capture's records make hundreds of thousands of these. */
static void
append_uint (GString *s,
             guint64  v,
             guint    min_digits)
{
  char buf[24];
  char *p = buf + sizeof buf;

  do
    {
      *--p = (char) ('0' + v % 10);
      v /= 10;
    }
  while (v != 0 || (guint) (buf + sizeof buf - p) < min_digits);
  g_string_append_len (s, p, buf + sizeof buf - p);
}

void
synack_json_append_time (GString *s,
                         gint64   ns)
{
  gint64 us = ns >= 0 ? (ns + 500) / 1000 : -((-ns + 500) / 1000);

  if (us < 0)
    {
      g_string_append_c (s, '-');
      us = -us;
    }
  append_uint (s, (guint64) us / 1000000, 1);
  g_string_append_c (s, '.');
  append_uint (s, (guint64) us % 1000000, 6);
}

void
synack_json_append_string (GString    *s,
                           const char *text)
{
  g_string_append_c (s, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == '"' || c == '\\')
        {
          g_string_append_c (s, '\\');
          g_string_append_c (s, (char) c);
        }
      else if (c == '\n')
        g_string_append (s, "\\n");
      else if (c < 0x20)
        g_string_append_printf (s, "\\u%04x", c);
      else
        g_string_append_c (s, (char) c);
    }
  g_string_append_c (s, '"');
}

static void
append_endpoint (GString                *s,
                 const SynackConnection *conn,
                 guint                   endpoint)
{
  const SynackAddress *a = &conn->addr[endpoint];
  char buf[80];

  /* IPv4, nearly every capture's: "a.b.c.d:port", as inet_ntop writes it. */
  if (a->family == 4)
    {
      g_string_append_c (s, '"');
      for (guint i = 0; i < 4; i++)
        {
          append_uint (s, a->bytes[i], 1);
          g_string_append_c (s, i < 3 ? '.' : ':');
        }
      append_uint (s, conn->port[endpoint], 1);
      g_string_append_c (s, '"');
      return;
    }
  if (a->family == 0)
    g_snprintf (buf, sizeof buf, "*:%u", conn->port[endpoint]);
  else
    synack_endpoint_to_string (a, conn->port[endpoint], buf, sizeof buf);
  synack_json_append_string (s, buf);
}

/* The last of the state changes segment index caused that follow it at
 * once (a capture: the receiver's on taking it in, and the sender's where
 * a segment of the peer's crossed it), or the segment itself. */
static guint
caused_run_end (SynackTrace *trace,
                guint        index)
{
  guint n = synack_trace_get_n_events (trace);
  guint last = index;

  for (guint j = index + 1; j < n; j++)
    {
      SynackEvent ev;

      synack_trace_read_event (trace, j, &ev);
      if (ev.kind == SYNACK_EVENT_VARS)
        continue;
      if (ev.kind != SYNACK_EVENT_STATE || ev.state.cause_kind != SYNACK_CAUSE_SEGMENT ||
          ev.state.cause != index)
        break;
      last = j;
    }
  return last;
}

void
synack_export_segment_states (SynackTrace *trace,
                              guint        index,
                              const char  *states[2])
{
  SynackEvent ev;

  synack_trace_read_event (trace, index, &ev);
  for (guint e = 0; e < 2; e++)
    states[e] = synack_trace_state_name_at_event (trace, ev.conn, e, index);
}

/* The event after which the receiver has taken segment index in: the last
 * state change it caused at its arrival (the engine), or in the run right
 * after it (a capture, where sending and taking in are one moment), or
 * the last event before its arrival. G_MAXUINT when it never arrived. */
static guint
arrival_point (SynackTrace       *trace,
               guint              index,
               const SynackEvent *ev)
{
  guint n = synack_trace_get_n_events (trace);
  guint j, last;

  if (ev->segment.fate == SYNACK_FATE_LOST)
    return G_MAXUINT;
  if (ev->segment.fate == SYNACK_FATE_CAPTURED || ev->segment.arrive == SYNACK_TIME_NONE ||
      ev->segment.arrive <= ev->time)
    return caused_run_end (trace, index);
  j = synack_trace_lower_bound (trace, ev->segment.arrive);
  last = j > index + 1 ? j - 1 : index;
  for (; j < n; j++)
    {
      SynackEvent e;

      synack_trace_read_event (trace, j, &e);
      if (e.time != ev->segment.arrive)
        break;
      if (e.kind == SYNACK_EVENT_STATE && e.state.cause_kind == SYNACK_CAUSE_SEGMENT &&
          e.state.cause == index)
        last = j;
    }
  return last;
}

static void
append_states (GString                *s,
               SynackTrace            *trace,
               const SynackConnection *conn,
               const SynackEvent      *ev,
               const char             *states[2])
{
  for (guint e = 0; e < 2; e++)
    {
      if (e)
        g_string_append_c (s, ',');
      append_endpoint (s, conn, e);
      g_string_append_printf (s, ":\"%s\"", states[e]);
    }
}

static void
append_cause (GString           *s,
              SynackTrace       *trace,
              const SynackEvent *ev)
{
  SynackEvent cause;

  switch (ev->state.cause_kind)
    {
    case SYNACK_CAUSE_SEGMENT:
      g_string_append_printf (s, "\"segment %" G_GUINT64_FORMAT "\"",
                              synack_trace_segment_number (trace, ev->state.cause));
      break;
    case SYNACK_CAUSE_CALL:
      if (synack_trace_read_event (trace, ev->state.cause, &cause) &&
          cause.kind == SYNACK_EVENT_CALL)
        g_string_append_printf (s, "\"call %s\"", synack_call_name (cause.call.call));
      else
        g_string_append (s, "\"call\"");
      break;
    case SYNACK_CAUSE_TIMER:
      if (synack_trace_read_event (trace, ev->state.cause, &cause) &&
          cause.kind == SYNACK_EVENT_TIMER)
        g_string_append_printf (s, "\"timer %s\"", synack_timer_name (cause.timer.timer));
      else
        g_string_append (s, "\"timer\"");
      break;
    case SYNACK_CAUSE_INFERRED:
      g_string_append (s, "\"inferred\"");
      break;
    default:
      g_string_append (s, "null");
      break;
    }
}

static void
append_event (GString     *s,
              SynackTrace *trace,
              guint        index,
              guint        ordinal)
{
  SynackEvent ev;
  const SynackConnection *conn;

  synack_trace_read_event (trace, index, &ev);
  conn = synack_trace_get_connection (trace, ev.conn);

  switch (ev.kind)
    {
    case SYNACK_EVENT_SEGMENT:
      {
        gboolean first = TRUE;
        guint arrived = arrival_point (trace, index, &ev);
        const char *states[2];

        g_string_append_printf (s, "{\"type\":\"segment\",\"index\":%u,\"number\":%" G_GUINT64_FORMAT
                                ",\"time\":", ordinal, synack_trace_segment_number (trace, index));
        synack_json_append_time (s, ev.time);
        g_string_append_printf (s, ",\"conn\":%u,\"src\":", ev.conn);
        append_endpoint (s, conn, ev.endpoint);
        g_string_append (s, ",\"dst\":");
        append_endpoint (s, conn, !ev.endpoint);
        g_string_append (s, ",\"flags\":[");
        for (guint b = 0; b < 8; b++)
          if (ev.segment.flags & (1u << b))
            {
              g_string_append_printf (s, "%s\"%s\"", first ? "" : ",", synack_flag_name (b));
              first = FALSE;
            }
        g_string_append_printf (s, "],\"seq\":%u,\"ack\":%u,\"seq_raw\":%u,\"ack_raw\":%u,"
                                "\"len\":%u,\"win\":%u,\"analysis\":[",
                                synack_trace_relative_seq (trace, index),
                                synack_trace_relative_ack (trace, index),
                                ev.segment.seq, ev.segment.ack, ev.segment.len,
                                synack_trace_get_scaled_window (trace, index));
        first = TRUE;
        for (guint b = 0; b < SYNACK_ANALYSIS_N_FLAGS; b++)
          if (ev.segment.analysis & (1u << b))
            {
              g_string_append_printf (s, "%s\"%s\"", first ? "" : ",", synack_analysis_name (b));
              first = FALSE;
            }
        g_string_append_printf (s, "],\"fate\":\"%s\"", synack_fate_name (ev.segment.fate));
        {
          const char *encap = synack_trace_get_segment_encapsulation (trace, index);

          if (encap != NULL)
            g_string_append_printf (s, ",\"encapsulation\":\"%s\"", encap);
        }
        if (ev.segment.arrive != SYNACK_TIME_NONE && ev.segment.fate != SYNACK_FATE_CAPTURED)
          {
            g_string_append (s, ",\"arrive\":");
            synack_json_append_time (s, ev.segment.arrive);
          }
        /* states: both endpoints just after the sender sent it (the
         * sender's own changes in, the receiver's reaction not yet);
         * arrive_states: both just after the receiver took it in */
        synack_export_segment_states (trace, index, states);
        g_string_append (s, ",\"states\":{");
        append_states (s, trace, conn, &ev, states);
        g_string_append (s, "},\"arrive_states\":");
        if (arrived == G_MAXUINT)
          g_string_append (s, "null");
        else
          {
            states[0] = synack_trace_state_name_at_event (trace, ev.conn, 0, arrived);
            states[1] = synack_trace_state_name_at_event (trace, ev.conn, 1, arrived);
            g_string_append_c (s, '{');
            append_states (s, trace, conn, &ev, states);
            g_string_append_c (s, '}');
          }
        g_string_append (s, "}");
      }
      break;

    case SYNACK_EVENT_STATE:
      g_string_append (s, "{\"type\":\"state\",\"time\":");
      synack_json_append_time (s, ev.time);
      g_string_append_printf (s, ",\"conn\":%u,\"endpoint\":", ev.conn);
      append_endpoint (s, conn, ev.endpoint);
      g_string_append_printf (s, ",\"from\":\"%s\",\"to\":\"%s\",\"cause\":",
                              synack_tcp_state_to_string (ev.state.from),
                              synack_tcp_state_to_string (ev.state.to));
      append_cause (s, trace, &ev);
      if (ev.state.flags & SYNACK_STATE_INFERRED)
        g_string_append (s, ",\"inferred\":true");
      g_string_append_c (s, '}');
      break;

    case SYNACK_EVENT_CALL:
      {
        const char *name = synack_errno_name (ev.call.result);

        g_string_append (s, "{\"type\":\"call\",\"time\":");
        synack_json_append_time (s, ev.time);
        g_string_append_printf (s, ",\"conn\":%u,\"endpoint\":", ev.conn);
        append_endpoint (s, conn, ev.endpoint);
        g_string_append_printf (s, ",\"call\":\"%s\",\"arg\":%" G_GUINT64_FORMAT ",\"result\":",
                                synack_call_name (ev.call.call), ev.call.arg);
        if (ev.call.result == 0)
          g_string_append (s, "\"ok\"");
        else if (name)
          g_string_append_printf (s, "\"%s\"", name);
        else
          g_string_append_printf (s, "%d", ev.call.result);
        g_string_append_c (s, '}');
      }
      break;

    case SYNACK_EVENT_TIMER:
      {
        static const char *const actions[] = { "armed", "fired", "cancelled" };

        g_string_append (s, "{\"type\":\"timer\",\"time\":");
        synack_json_append_time (s, ev.time);
        g_string_append_printf (s, ",\"conn\":%u,\"endpoint\":", ev.conn);
        append_endpoint (s, conn, ev.endpoint);
        g_string_append_printf (s, ",\"timer\":\"%s\",\"action\":\"%s\",\"count\":%u",
                                synack_timer_name (ev.timer.timer),
                                actions[MIN (ev.timer.action, 2)], ev.timer.count);
        if (ev.timer.action == SYNACK_TIMER_ARMED)
          {
            g_string_append (s, ",\"due\":");
            synack_json_append_time (s, ev.timer.due);
          }
        g_string_append_c (s, '}');
      }
      break;

    case SYNACK_EVENT_VARS:
      g_string_append (s, "{\"type\":\"vars\",\"time\":");
      synack_json_append_time (s, ev.time);
      g_string_append_printf (s, ",\"conn\":%u,\"endpoint\":", ev.conn);
      append_endpoint (s, conn, ev.endpoint);
      g_string_append_printf (s, ",\"snd_una\":%u,\"snd_nxt\":%u,\"snd_wnd\":%u,\"rcv_nxt\":%u,"
                              "\"rcv_wnd\":%u,\"cwnd\":%u,\"ssthresh\":%u}",
                              ev.vars.snd_una, ev.vars.snd_nxt, ev.vars.snd_wnd,
                              ev.vars.rcv_nxt, ev.vars.rcv_wnd, ev.vars.cwnd,
                              ev.vars.ssthresh);
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
append_connection (GString                *s,
                   const SynackConnection *conn)
{
  g_string_append (s, "{\"type\":\"conn\",\"conn\":");
  append_uint (s, conn->index, 1);
  g_string_append (s, ",\"client\":");
  append_endpoint (s, conn, 0);
  g_string_append (s, ",\"server\":");
  append_endpoint (s, conn, 1);
  g_string_append (s, ",\"summary\":");
  synack_json_append_string (s, conn->summary);
  g_string_append (s, ",\"segments\":");
  append_uint (s, conn->n_segments, 1);
  g_string_append (s, ",\"start\":");
  synack_json_append_time (s, conn->start == SYNACK_TIME_NONE ? 0 : conn->start);
  g_string_append (s, ",\"end\":");
  synack_json_append_time (s, conn->end == SYNACK_TIME_NONE ? 0 : conn->end);
  if (conn->name[0] || conn->name[1])
    {
      g_string_append (s, ",\"names\":[");
      synack_json_append_string (s, conn->name[0] ? conn->name[0] : "");
      g_string_append_c (s, ',');
      synack_json_append_string (s, conn->name[1] ? conn->name[1] : "");
      g_string_append_c (s, ']');
    }
  if (conn->flags & SYNACK_CONNECTION_MIDSTREAM)
    g_string_append (s, ",\"midstream\":true");
  g_string_append_c (s, '}');
}

char *
synack_json_event_line (SynackTrace *trace,
                        guint        index)
{
  GString *s = g_string_new (NULL);
  SynackEvent ev;

  g_return_val_if_fail (SYNACK_IS_TRACE (trace), NULL);
  g_return_val_if_fail (index < synack_trace_get_n_events (trace), NULL);

  synack_trace_read_event (trace, index, &ev);
  append_event (s, trace, index,
                ev.kind == SYNACK_EVENT_SEGMENT ? synack_trace_segment_ordinal (trace, index) : 0);
  return g_string_free (s, FALSE);
}

SynackJsonWriter *
synack_json_writer_new (SynackTrace     *trace,
                        GOutputStream   *out,
                        SynackJsonFlags  flags,
                        guint            conn)
{
  SynackJsonWriter *self;

  g_return_val_if_fail (SYNACK_IS_TRACE (trace), NULL);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), NULL);

  self = g_new0 (SynackJsonWriter, 1);
  self->trace = g_object_ref (trace);
  self->out = g_object_ref (out);
  self->flags = flags;
  self->conn = conn;
  self->line = g_string_sized_new (512);
  return self;
}

void
synack_json_writer_free (SynackJsonWriter *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->trace);
  g_clear_object (&self->out);
  g_string_free (self->line, TRUE);
  g_free (self);
}

static gboolean
wanted (SynackJsonWriter  *self,
        const SynackEvent *ev)
{
  if (self->conn != G_MAXUINT && ev->conn != self->conn)
    return FALSE;
  switch (ev->kind)
    {
    case SYNACK_EVENT_SEGMENT: return (self->flags & SYNACK_JSON_SEGMENTS) != 0;
    case SYNACK_EVENT_STATE:
      /* A withdrawn change never happened. */
      return (self->flags & SYNACK_JSON_STATES) != 0 &&
             !(ev->state.flags & SYNACK_STATE_RETRACTED);
    case SYNACK_EVENT_CALL: return (self->flags & SYNACK_JSON_CALLS) != 0;
    case SYNACK_EVENT_TIMER: return (self->flags & SYNACK_JSON_TIMERS) != 0;
    case SYNACK_EVENT_VARS: return (self->flags & SYNACK_JSON_VARS) != 0;
    default: return FALSE;
    }
}

static gboolean
flush_line (SynackJsonWriter  *self,
            gboolean           force,
            GError           **error)
{
  if (self->line->len == 0 || (!force && self->line->len < 64 * 1024))
    return TRUE;
  if (!g_output_stream_write_all (self->out, self->line->str, self->line->len, NULL, NULL, error))
    return FALSE;
  g_string_truncate (self->line, 0);
  return TRUE;
}

gboolean
synack_json_writer_write_new_events (SynackJsonWriter  *self,
                                     GError           **error)
{
  guint n;

  g_return_val_if_fail (self != NULL, FALSE);

  n = synack_trace_get_n_events (self->trace);
  for (; self->next_event < n; self->next_event++)
    {
      SynackEvent ev;
      guint ordinal = self->n_segments;

      synack_trace_read_event (self->trace, self->next_event, &ev);
      if (ev.kind == SYNACK_EVENT_SEGMENT)
        self->n_segments++;
      if (!wanted (self, &ev))
        continue;
      append_event (self->line, self->trace, self->next_event, ordinal);
      g_string_append_c (self->line, '\n');
      if (!flush_line (self, FALSE, error))
        return FALSE;
    }
  return flush_line (self, TRUE, error) && g_output_stream_flush (self->out, NULL, error);
}

gboolean
synack_json_writer_write_connections (SynackJsonWriter  *self,
                                      GError           **error)
{
  guint n;

  g_return_val_if_fail (self != NULL, FALSE);

  n = synack_trace_get_n_connections (self->trace);
  for (guint c = 0; c < n; c++)
    {
      const SynackConnection *conn = synack_trace_get_connection (self->trace, c);

      if ((self->conn != G_MAXUINT && c != self->conn) ||
          (conn->flags & SYNACK_CONNECTION_DROPPED))  /* let go by a live capture's budget */
        continue;
      append_connection (self->line, conn);
      g_string_append_c (self->line, '\n');
      if (!flush_line (self, FALSE, error))
        return FALSE;
    }
  return flush_line (self, TRUE, error) && g_output_stream_flush (self->out, NULL, error);
}

gboolean
synack_export_json_lines (SynackTrace      *trace,
                          GOutputStream    *out,
                          SynackJsonFlags   flags,
                          guint             conn,
                          GError          **error)
{
  g_autoptr(SynackJsonWriter) writer = synack_json_writer_new (trace, out, flags, conn);

  if (!synack_json_writer_write_new_events (writer, error))
    return FALSE;
  if ((flags & SYNACK_JSON_CONNS) && !synack_json_writer_write_connections (writer, error))
    return FALSE;
  return TRUE;
}

/* ---- pcap ---- */

struct _SynackPcapWriter
{
  FILE    *file;
  char    *path;
  guint8  *buf;
  gsize    buf_len;
  guint    n_packets;
};

#define PCAP_MAGIC_USEC 0xa1b2c3d4u
#define LINKTYPE_RAW    101u
#define PCAP_SNAPLEN    262144u

static gboolean
write_failed (SynackPcapWriter  *self,
              int                err,
              GError           **error)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (err),
               _("%s: cannot write: %s"), self->path, g_strerror (err));
  return FALSE;
}

/* A writer on an open file; path names it in messages. Takes the file. */
static SynackPcapWriter *
pcap_writer_new_for_file (FILE        *file,
                          const char  *path,
                          GError     **error)
{
  SynackPcapWriter *self;
  /* The classic header, in host byte order as libpcap writes it. */
  struct
  {
    guint32 magic;
    guint16 version_major;
    guint16 version_minor;
    gint32  thiszone;
    guint32 sigfigs;
    guint32 snaplen;
    guint32 network;
  } header = { PCAP_MAGIC_USEC, 2, 4, 0, 0, PCAP_SNAPLEN, LINKTYPE_RAW };

  self = g_new0 (SynackPcapWriter, 1);
  self->file = file;
  self->path = g_strdup (path);
  self->buf_len = 70000;
  self->buf = g_malloc (self->buf_len);
  if (fwrite (&header, sizeof header, 1, file) != 1)
    {
      write_failed (self, errno, error);
      synack_pcap_writer_free (self);
      return NULL;
    }
  return self;
}

SynackPcapWriter *
synack_pcap_writer_new (const char  *path,
                        GError     **error)
{
  FILE *file;

  g_return_val_if_fail (path != NULL, NULL);

  file = g_fopen (path, "wb");
  if (file == NULL)
    {
      int err = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (err),
                   _("%s: cannot create: %s"), path, g_strerror (err));
      return NULL;
    }
  return pcap_writer_new_for_file (file, path, error);
}

gboolean
synack_pcap_writer_write_packet (SynackPcapWriter  *self,
                                 gint64             epoch_ns,
                                 const guint8      *data,
                                 gsize              len,
                                 GError           **error)
{
  guint32 rec[4];
  gint64 us = epoch_ns / 1000;

  g_return_val_if_fail (self != NULL && self->file != NULL, FALSE);

  rec[0] = (guint32) (us / 1000000);
  rec[1] = (guint32) (us % 1000000);
  rec[2] = (guint32) MIN (len, PCAP_SNAPLEN);
  rec[3] = (guint32) len;
  if (fwrite (rec, sizeof rec, 1, self->file) != 1 ||
      (rec[2] > 0 && fwrite (data, rec[2], 1, self->file) != 1))
    return write_failed (self, errno, error);
  self->n_packets++;
  return TRUE;
}

gboolean
synack_pcap_writer_write_segment (SynackPcapWriter  *self,
                                  SynackTrace       *trace,
                                  guint              index,
                                  GError           **error)
{
  SynackEvent ev;
  const SynackConnection *conn;
  SynackSegment seg;
  gsize need, len;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (SYNACK_IS_TRACE (trace), FALSE);

  synack_trace_read_event (trace, index, &ev);
  g_return_val_if_fail (ev.kind == SYNACK_EVENT_SEGMENT, FALSE);
  conn = synack_trace_get_connection (trace, ev.conn);
  if (conn->addr[0].family == 0 || conn->addr[1].family == 0)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_FAILED,
                   "segment %u: its connection has no addresses", index);
      return FALSE;
    }

  synack_trace_get_segment (trace, index, &seg);
  need = synack_wire_encoded_size (&conn->addr[ev.endpoint], &seg);
  if (need > self->buf_len)
    {
      self->buf_len = need;
      self->buf = g_realloc (self->buf, need);
    }
  len = synack_wire_encode (&conn->addr[ev.endpoint], &conn->addr[!ev.endpoint], &seg, NULL,
                            64, (guint16) self->n_packets, self->buf, self->buf_len, error);
  if (len == 0)
    return FALSE;
  return synack_pcap_writer_write_packet (self, synack_trace_get_origin (trace) + ev.time,
                                          self->buf, len, error);
}

gboolean
synack_pcap_writer_flush (SynackPcapWriter  *self,
                          GError           **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->file && fflush (self->file) != 0)
    return write_failed (self, errno, error);
  return TRUE;
}

gboolean
synack_pcap_writer_close (SynackPcapWriter  *self,
                          GError           **error)
{
  int r;

  g_return_val_if_fail (self != NULL, FALSE);

  if (self->file == NULL)
    return TRUE;
  r = fclose (self->file);
  self->file = NULL;
  if (r != 0)
    return write_failed (self, errno, error);
  return TRUE;
}

void
synack_pcap_writer_free (SynackPcapWriter *self)
{
  if (self == NULL)
    return;
  if (self->file)
    fclose (self->file);
  g_free (self->path);
  g_free (self->buf);
  g_free (self);
}

static gboolean
write_segments (SynackPcapWriter  *writer,
                SynackTrace       *trace,
                guint              conn,
                GError           **error)
{
  guint n = synack_trace_get_n_events (trace);

  for (guint i = 0; i < n; i++)
    {
      SynackEvent ev;

      synack_trace_read_event (trace, i, &ev);
      if (ev.kind != SYNACK_EVENT_SEGMENT || (conn != G_MAXUINT && ev.conn != conn))
        continue;
      if (!synack_pcap_writer_write_segment (writer, trace, i, error))
        return FALSE;
    }
  return synack_pcap_writer_close (writer, error);
}

gboolean
synack_export_pcap (SynackTrace  *trace,
                    const char   *path,
                    guint         conn,
                    GError      **error)
{
  g_autoptr(SynackPcapWriter) writer = NULL;

  g_return_val_if_fail (SYNACK_IS_TRACE (trace), FALSE);

  writer = synack_pcap_writer_new (path, error);
  if (writer == NULL)
    return FALSE;
  return write_segments (writer, trace, conn, error);
}

GBytes *
synack_export_pcap_bytes (SynackTrace  *trace,
                          guint         conn,
                          GError      **error)
{
  g_autoptr(SynackPcapWriter) writer = NULL;
  char *data = NULL;
  size_t size = 0;
  FILE *file;

  g_return_val_if_fail (SYNACK_IS_TRACE (trace), NULL);

  file = open_memstream (&data, &size);
  if (file == NULL)
    {
      int err = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (err),
                   _("Cannot make a capture in memory: %s"), g_strerror (err));
      return NULL;
    }
  writer = pcap_writer_new_for_file (file, "memory", error);
  if (writer == NULL || !write_segments (writer, trace, conn, error))
    {
      g_clear_pointer (&writer, synack_pcap_writer_free);
      free (data);
      return NULL;
    }
  return g_bytes_new_with_free_func (data, size, free, data);
}
