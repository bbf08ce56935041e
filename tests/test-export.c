/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <pcap/pcap.h>
#include <string.h>

#include "synack-export.h"
#include "synack-pcap-source.h"
#include "synack-scenario.h"
#include "synack-text.h"
#include "synack-test-utils.h"
#include "synack-wire.h"

/* A small engine-like trace: handshake, one data segment that is lost and
 * resent, and a close; with state, call and timer events. */
static SynackTrace *
make_trace (void)
{
  SynackTrace *trace = synack_trace_new (SYNACK_TRACE_SOURCE_ENGINE);
  SynackAddress c, s;
  SynackSegment seg = { 0 };
  guint conn, syn;
  const gint64 ms = SYNACK_NSEC_PER_SEC / 1000;

  synack_address_set_ipv4 (&c, 0x7f000001);
  synack_address_set_ipv4 (&s, 0x7f000001);
  conn = synack_trace_add_connection (trace, &c, 40408, &s, 47001);
  synack_trace_set_endpoint_name (trace, conn, 0, "client");
  synack_trace_set_endpoint_name (trace, conn, 1, "server");
  synack_trace_set_isn (trace, conn, 0, 0xFFFFFFF0u, TRUE);
  synack_trace_set_isn (trace, conn, 1, 1000, TRUE);
  synack_trace_set_wscale (trace, conn, 7, 7);
  synack_trace_set_initial_state (trace, conn, 1, SYNACK_TCP_LISTEN);

  synack_trace_append_call (trace, 0, conn, 0, SYNACK_CALL_CONNECT, 47001, 0);
  synack_trace_append_state (trace, 0, conn, 0, SYNACK_TCP_SYN_SENT, SYNACK_CAUSE_CALL, 0);
  seg.sport = 40408; seg.dport = 47001;
  seg.seq = 0xFFFFFFF0u;
  seg.flags = SYNACK_FLAG_SYN;
  seg.window = 65495;
  seg.options = SYNACK_OPTION_MSS | SYNACK_OPTION_WSCALE | SYNACK_OPTION_SACK_PERM |
                SYNACK_OPTION_TIMESTAMP;
  seg.mss = 65495; seg.wscale = 7; seg.ts_val = 1;
  syn = synack_trace_append_segment (trace, 12 * ms / 1000, conn, 0, &seg,
                                     SYNACK_FATE_DELIVERED, 50 * ms, 0);
  synack_trace_append_timer (trace, 12 * ms / 1000, conn, 0, SYNACK_TIMER_RETRANSMISSION,
                             SYNACK_TIMER_ARMED, 1, SYNACK_NSEC_PER_SEC);
  synack_trace_append_state (trace, 50 * ms, conn, 1, SYNACK_TCP_SYN_RECEIVED,
                             SYNACK_CAUSE_SEGMENT, syn);

  memset (&seg, 0, sizeof seg);
  seg.sport = 47001; seg.dport = 40408;
  seg.seq = 1000; seg.ack = 0xFFFFFFF1u;
  seg.flags = SYNACK_FLAG_SYN | SYNACK_FLAG_ACK;
  seg.window = 65483;
  syn = synack_trace_append_segment (trace, 50 * ms, conn, 1, &seg, SYNACK_FATE_DELIVERED,
                                     100 * ms, 0);
  synack_trace_append_state (trace, 100 * ms, conn, 0, SYNACK_TCP_ESTABLISHED,
                             SYNACK_CAUSE_SEGMENT, syn);

  memset (&seg, 0, sizeof seg);
  seg.sport = 40408; seg.dport = 47001;
  seg.seq = 0xFFFFFFF1u; seg.ack = 1001;
  seg.flags = SYNACK_FLAG_ACK | SYNACK_FLAG_PSH;
  seg.window = 512;
  seg.payload_len = 100;
  synack_trace_append_segment (trace, 100 * ms, conn, 0, &seg, SYNACK_FATE_LOST,
                               SYNACK_TIME_NONE, 0);
  synack_trace_append_segment (trace, 1100 * ms, conn, 0, &seg, SYNACK_FATE_DELIVERED,
                               1150 * ms, SYNACK_ANALYSIS_RETRANSMISSION);
  synack_trace_append_vars (trace, 1100 * ms, conn, 0, 0xFFFFFFF1u, 0x55, 65000, 1001, 65000,
                            14600, 0xFFFF);
  synack_trace_commit (trace);
  return trace;
}

static char *
json_of (SynackTrace     *trace,
         SynackJsonFlags  flags,
         guint            conn)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (synack_export_json_lines (trace, out, flags, conn, &error));
  g_assert_no_error (error);
  g_output_stream_write_all (out, "", 1, NULL, NULL, NULL);
  g_output_stream_close (out, NULL, NULL);
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

static void
test_json_lines (void)
{
  g_autoptr(SynackTrace) trace = make_trace ();
  g_autofree char *text = json_of (trace, SYNACK_JSON_DEFAULT, G_MAXUINT);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n_segments = 0;

  /* Every line is one JSON object (the last is empty after the final newline). */
  for (guint i = 0; lines[i] && lines[i][0]; i++)
    {
      g_assert_true (g_str_has_prefix (lines[i], "{\"type\":\""));
      g_assert_true (g_str_has_suffix (lines[i], "}"));
      if (g_str_has_prefix (lines[i], "{\"type\":\"segment\""))
        n_segments++;
    }
  g_assert_cmpuint (n_segments, ==, 4);

  g_assert_nonnull (strstr (text,
    "{\"type\":\"segment\",\"index\":0,\"number\":1,\"time\":0.000012,\"conn\":0,\"src\":\"127.0.0.1:40408\","
    "\"dst\":\"127.0.0.1:47001\",\"flags\":[\"SYN\"],\"seq\":0,\"ack\":0,\"seq_raw\":4294967280,"
    "\"ack_raw\":0,\"len\":0,\"win\":65495,\"analysis\":[],\"fate\":\"delivered\","
    "\"arrive\":0.050000,\"states\":{\"127.0.0.1:40408\":\"SYN_SENT\","
    "\"127.0.0.1:47001\":\"LISTEN\"},\"arrive_states\":{\"127.0.0.1:40408\":\"SYN_SENT\","
    "\"127.0.0.1:47001\":\"SYN_RECEIVED\"}}\n"));
  g_assert_nonnull (strstr (text,
    "{\"type\":\"state\",\"time\":0.050000,\"conn\":0,\"endpoint\":\"127.0.0.1:47001\","
    "\"from\":\"LISTEN\",\"to\":\"SYN_RECEIVED\",\"cause\":\"segment 1\"}\n"));
  g_assert_nonnull (strstr (text,
    "\"flags\":[\"SYN\",\"ACK\"],\"seq\":0,\"ack\":1,\"seq_raw\":1000,\"ack_raw\":4294967281"));
  /* The SYN-ACK's arrival moves the client: "arrive_states" holds that,
   * "states" (just after it was sent) not yet. */
  g_assert_nonnull (strstr (text,
    "\"states\":{\"127.0.0.1:40408\":\"SYN_SENT\",\"127.0.0.1:47001\":\"SYN_RECEIVED\"},"
    "\"arrive_states\":{\"127.0.0.1:40408\":\"ESTABLISHED\",\"127.0.0.1:47001\":\"SYN_RECEIVED\"}"));
  /* Lost: no arrive; scaled window 512 << 7; relative seq 1 across the wrap. */
  g_assert_nonnull (strstr (text,
    "\"flags\":[\"PSH\",\"ACK\"],\"seq\":1,\"ack\":1,\"seq_raw\":4294967281,\"ack_raw\":1001,"
    "\"len\":100,\"win\":65536,\"analysis\":[],\"fate\":\"lost\",\"states\""));
  g_assert_nonnull (strstr (text, "\"analysis\":[\"retransmission\"],\"fate\":\"delivered\","
                                  "\"arrive\":1.150000"));
  g_assert_nonnull (strstr (text, "{\"type\":\"call\",\"time\":0.000000,\"conn\":0,"
                                  "\"endpoint\":\"127.0.0.1:40408\",\"call\":\"connect\","
                                  "\"arg\":47001,\"result\":\"ok\"}"));
  g_assert_nonnull (strstr (text, "{\"type\":\"timer\",\"time\":0.000012,\"conn\":0,"
                                  "\"endpoint\":\"127.0.0.1:40408\",\"timer\":\"retransmission\","
                                  "\"action\":\"armed\",\"count\":1,\"due\":1.000000}"));
  g_assert_nonnull (strstr (text, "{\"type\":\"conn\",\"conn\":0,\"client\":\"127.0.0.1:40408\","
                                  "\"server\":\"127.0.0.1:47001\",\"summary\":\"\",\"segments\":4,"
                                  "\"start\":0.000000,\"end\":1.100000,"
                                  "\"names\":[\"client\",\"server\"]}"));
  /* Vars are only written when asked for. */
  g_assert_null (strstr (text, "\"type\":\"vars\""));
  g_free (text);
  text = json_of (trace, SYNACK_JSON_VARS, G_MAXUINT);
  g_assert_true (g_str_has_prefix (text, "{\"type\":\"vars\",\"time\":1.100000"));
  g_assert_nonnull (strstr (text, "\"cwnd\":14600"));
}

static void
test_json_incremental (void)
{
  g_autoptr(SynackTrace) trace = make_trace ();
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(SynackJsonWriter) writer = synack_json_writer_new (trace, out, SYNACK_JSON_SEGMENTS,
                                                               G_MAXUINT);
  g_autoptr(GError) error = NULL;
  SynackSegment seg = { 0 };
  g_autofree char *text = NULL;

  g_assert_true (synack_json_writer_write_new_events (writer, &error));
  seg.flags = SYNACK_FLAG_FIN | SYNACK_FLAG_ACK;
  synack_trace_append_segment (trace, 2 * SYNACK_NSEC_PER_SEC, 0, 1, &seg,
                               SYNACK_FATE_DELIVERED, SYNACK_TIME_NONE, 0);
  g_assert_true (synack_json_writer_write_new_events (writer, &error));
  g_assert_no_error (error);
  g_output_stream_write_all (out, "", 1, NULL, NULL, NULL);
  g_output_stream_close (out, NULL, NULL);
  text = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
  /* The fifth segment keeps counting from where the first write stopped. */
  g_assert_nonnull (strstr (text, "{\"type\":\"segment\",\"index\":4,\"number\":5,\"time\":2.000000"));
  g_assert_null (strstr (text, "\"index\":5"));
}

typedef struct
{
  guint   n;
  guint8  flags[16];
  guint32 seq[16];
  guint32 len[16];
} Packets;

static void
read_with_libpcap (const char *path,
                   Packets    *packets)
{
  char errbuf[PCAP_ERRBUF_SIZE];
  pcap_t *pcap = pcap_open_offline (path, errbuf);
  struct pcap_pkthdr *header;
  const u_char *data;

  g_assert_nonnull (pcap);
  g_assert_cmpint (pcap_datalink (pcap), ==, DLT_RAW);
  memset (packets, 0, sizeof *packets);
  while (pcap_next_ex (pcap, &header, &data) == 1)
    {
      g_autoptr(GError) error = NULL;
      SynackIpInfo ip;
      SynackSegment seg;

      g_assert_true (synack_wire_decode (data, header->caplen, &ip, &seg, &error));
      g_assert_no_error (error);
      g_assert_cmpint (ip.tcp_checksum, ==, SYNACK_CHECKSUM_GOOD);
      g_assert_cmpint (ip.ip_checksum, ==, SYNACK_CHECKSUM_GOOD);
      g_assert_cmpuint (packets->n, <, 16);
      packets->flags[packets->n] = seg.flags;
      packets->seq[packets->n] = seg.seq;
      packets->len[packets->n] = seg.payload_len;
      packets->n++;
    }
  pcap_close (pcap);
}

static void
test_pcap (void)
{
  g_autoptr(SynackTrace) trace = make_trace ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("synack-export-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "trace.pcap", NULL);
  g_autofree char *tshark = g_find_program_in_path ("tshark");
  Packets packets;
  guint k = 0;

  g_assert_true (synack_export_pcap (trace, path, G_MAXUINT, &error));
  g_assert_no_error (error);

  read_with_libpcap (path, &packets);
  g_assert_cmpuint (packets.n, ==, synack_trace_get_n_segments (trace));
  for (guint i = 0; i < synack_trace_get_n_events (trace); i++)
    {
      SynackEvent ev;

      synack_trace_read_event (trace, i, &ev);
      if (ev.kind != SYNACK_EVENT_SEGMENT)
        continue;
      g_assert_cmpuint (packets.flags[k], ==, ev.segment.flags);
      g_assert_cmpuint (packets.seq[k], ==, ev.segment.seq);
      g_assert_cmpuint (packets.len[k], ==, ev.segment.len);
      k++;
    }

  if (tshark)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      int status;
      const char *argv[] = {
        tshark, "-r", path, "-o", "tcp.check_checksum:TRUE", "-o", "ip.check_checksum:TRUE",
        "-o", "tcp.relative_sequence_numbers:TRUE", "-T", "fields", "-e", "tcp.flags",
        "-e", "tcp.seq", "-e", "tcp.ack", "-e", "tcp.len", "-e", "tcp.checksum.status",
        "-e", "_ws.expert.severity", NULL
      };

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                   &out, &err, &status, &error));
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      /* Flags, relative seq/ack as tshark computes them, length, a good checksum,
       * and expert info no worse than chat (SYNs) and warning (the
       * retransmission): nothing malformed. */
      g_assert_cmpstr (out, ==,
                       "0x0002\t0\t0\t0\t1\t2097152\n"
                       "0x0012\t0\t1\t0\t1\t2097152\n"
                       "0x0018\t1\t1\t100\t1\t\n"
                       "0x0018\t1\t1\t100\t1\t4194304\n");
    }
  else
    g_test_message ("tshark is not installed: the pcap was checked with libpcap only");

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_pcap_errors (void)
{
  g_autoptr(SynackTrace) trace = make_trace ();
  g_autoptr(GError) error = NULL;

  g_assert_false (synack_export_pcap (trace, "/nonexistent-dir/x.pcap", G_MAXUINT, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "/nonexistent-dir/x.pcap"));
}

/* The readable lines: every field a teacher reads, exactly, and the same
 * "states" the JSON gives (after the changes the segment caused). */
static void
test_text_lines (void)
{
  g_autoptr(SynackTrace) trace = make_trace ();
  g_autoptr(GString) all = g_string_new (NULL);
  g_autoptr(GString) segments = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;
  guint n = synack_trace_get_n_events (trace);

  for (guint i = 0; i < n; i++)
    {
      gboolean is_segment = synack_trace_get_event_kind (trace, i) == SYNACK_EVENT_SEGMENT;

      g_assert_cmpint (synack_text_append_event (segments, trace, i, SYNACK_TEXT_SEGMENTS), ==,
                       is_segment);
      synack_text_append_event (all, trace, i,
                                SYNACK_TEXT_SEGMENTS | SYNACK_TEXT_STATES | SYNACK_TEXT_CALLS);
    }

  lines = g_strsplit (segments->str, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5);
  /* The SYN: no ack= without ACK; the server's SYN_RECEIVED comes only
   * when it arrives, after the retransmission timer is armed. */
  g_assert_true (g_str_has_prefix (lines[0],
    "     1    0.000012  #0   client > server  [SYN] seq=0 win=65495 len=0 "));
  g_assert_true (g_str_has_suffix (lines[0], " SYN_SENT / LISTEN  delivered @0.050000"));
  /* ack= with ACK set, relative across the wrap of the sequence space; the
   * states are those just after the server sent it, as the JSON "states":
   * the client's ESTABLISHED, which the SYN-ACK causes when it arrives, is
   * not in yet, even with nothing else between the two */
  g_assert_nonnull (strstr (lines[1], "server > client  [SYN, ACK] seq=0 ack=1 win=65483 len=0 "));
  g_assert_true (g_str_has_suffix (lines[1], " SYN_SENT / SYN_RECEIVED  delivered @0.100000"));
  g_assert_true (g_str_has_suffix (lines[2], "ESTABLISHED / SYN_RECEIVED  lost"));
  g_assert_nonnull (strstr (lines[2], "[PSH, ACK] seq=1 ack=1 win=65536 len=100 "));
  g_assert_true (g_str_has_suffix (lines[3],
    "ESTABLISHED / SYN_RECEIVED  [retransmission]  delivered @1.150000"));
  /* numbered as every view numbers them, from 1 */
  g_assert_true (g_str_has_prefix (lines[3], "     4    1.100000  #0   client > server  "));
  /* the states start in one column on every line */
  g_assert_cmpint (strstr (lines[0], " SYN_SENT /") - lines[0], ==,
                   strstr (lines[2], " ESTABLISHED /") - lines[2]);

  g_assert_true (g_str_has_prefix (all->str, "          0.000000  #0   client  connect (47001)\n"
                                             "          0.000000  #0   client  CLOSED -> SYN_SENT\n"));
  g_assert_nonnull (strstr (all->str,
                            "\n          0.050000  #0   server  LISTEN -> SYN_RECEIVED\n"));
  g_assert_null (strstr (all->str, "retransmission ("));   /* timers and variables have no line */
}

/* The n-th (from 0) quoted value inside the object that follows key. (transfer full) */
static char *
json_object_value (const char *line,
                   const char *key,
                   guint       n)
{
  const char *p = strstr (line, key);
  const char *end;

  g_assert_nonnull (p);
  p += strlen (key);
  for (guint i = 0; i <= n; i++)
    {
      p = strstr (p, "\":\"");
      g_assert_nonnull (p);
      p += 3;
    }
  end = strchr (p, '"');
  return g_strndup (p, end - p);
}

/* A text line's states mean what the JSON's "states" mean, for every
 * segment of every lesson: both endpoints just after the sender sent it,
 * not after what its arrival caused. */
static void
test_text_states_as_json (void)
{
  g_auto(GStrv) names = synack_scenario_list_builtin ();
  guint checked = 0, differ_from_arrival = 0;

  for (guint k = 0; names[k] != NULL; k++)
    {
      g_autoptr(GError) error = NULL;
      SynackScenario *scenario = synack_scenario_load_builtin (names[k], &error);
      g_autoptr(SynackTrace) trace = NULL;

      g_assert_no_error (error);
      trace = synack_scenario_run (scenario, 1, NULL);
      synack_scenario_unref (scenario);
      for (guint i = 0; i < synack_trace_get_n_events (trace); i++)
        {
          g_autofree char *json = NULL;
          g_autofree char *client = NULL;
          g_autofree char *server = NULL;
          g_autofree char *expected = NULL;
          g_autoptr(GString) text = g_string_new (NULL);

          if (synack_trace_get_event_kind (trace, i) != SYNACK_EVENT_SEGMENT)
            continue;
          json = synack_json_event_line (trace, i);
          client = json_object_value (json, "\"states\":{", 0);
          server = json_object_value (json, "\"states\":{", 1);
          expected = g_strdup_printf (" %s / %s", client, server);
          g_assert_true (synack_text_append_event (text, trace, i, SYNACK_TEXT_SEGMENTS));
          if (strstr (text->str, expected) == NULL)
            g_error ("%s, segment %u: the text line reads\n%s but the JSON states are%s",
                     names[k], i, text->str, expected);
          if (strstr (json, "\"arrive_states\":{") != NULL)
            {
              g_autofree char *ac = json_object_value (json, "\"arrive_states\":{", 0);
              g_autofree char *as = json_object_value (json, "\"arrive_states\":{", 1);

              differ_from_arrival += g_strcmp0 (ac, client) != 0 || g_strcmp0 (as, server) != 0;
            }
          checked++;
        }
    }
  g_assert_cmpuint (checked, >, 100);
  /* the two moments differ often enough that reading the wrong one shows */
  g_assert_cmpuint (differ_from_arrival, >, 20);
}

/* The states a capture's segment shows, checked against its JSON: "states"
 * are both endpoints just after the sender sent it (the changes of the
 * sender's it shows in, none on taking it in yet), "arrive_states" just
 * after the receiver took it in (every change it caused in), the text
 * line prints "states". Returns how many segments it checked. */
static guint
check_capture_states (SynackTrace *trace,
                      const char  *what,
                      guint       *n_differ)
{
  guint n = synack_trace_get_n_events (trace), checked = 0;

  for (guint i = 0; i < n; i++)
    {
      SynackEvent ev;
      g_autofree char *json = NULL;
      g_autoptr(GString) text = g_string_new (NULL);
      const char *sent[2], *arrived[2];
      guint conn;

      synack_trace_read_event (trace, i, &ev);
      if (ev.kind != SYNACK_EVENT_SEGMENT)
        continue;
      conn = ev.conn;
      for (guint e = 0; e < 2; e++)
        {
          /* before the segment: the changes it shows of its sender's */
          sent[e] = synack_trace_state_name_at_event (trace, conn, e, i);
          arrived[e] = sent[e];
        }
      for (guint j = i + 1; j < n; j++)
        {
          SynackEvent after;

          synack_trace_read_event (trace, j, &after);
          if (after.kind != SYNACK_EVENT_STATE || after.state.cause != i)
            break;
          arrived[after.endpoint] = synack_trace_state_name_at_event (trace, conn, after.endpoint, j);
        }
      /* the sender's own changes come first: it sends from its new state */
      for (guint j = i; j-- > 0;)
        {
          SynackEvent before;

          synack_trace_read_event (trace, j, &before);
          if (before.kind != SYNACK_EVENT_STATE || before.state.cause != i)
            break;
          g_assert_cmpuint (before.endpoint, ==, ev.endpoint);
          g_assert_cmpstr (synack_tcp_state_to_string (before.state.to), ==, sent[ev.endpoint]);
          break;
        }
      json = synack_json_event_line (trace, i);
      for (guint e = 0; e < 2; e++)
        {
          g_autofree char *st = json_object_value (json, "\"states\":{", e);
          g_autofree char *ar = json_object_value (json, "\"arrive_states\":{", e);

          if (g_strcmp0 (st, sent[e]) != 0 || g_strcmp0 (ar, arrived[e]) != 0)
            g_error ("%s, event %u: the JSON says %s then %s for endpoint %u, the trace %s then %s",
                     what, i, st, ar, e, sent[e], arrived[e]);
          *n_differ += g_strcmp0 (st, ar) != 0;
        }
      g_assert_true (synack_text_append_event (text, trace, i, SYNACK_TEXT_SEGMENTS));
      {
        g_autofree char *expected = g_strdup_printf (" %s / %s", sent[0], sent[1]);

        g_assert_nonnull (strstr (text->str, expected));
      }
      checked++;
    }
  return checked;
}

/* "states" and "arrive_states" mean the same for a capture as for the
 * engine, over every fixture capture and dense loopback ones. */
static void
test_capture_states (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", "capture", NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint checked = 0, differ = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(SynackTrace) trace = synack_pcap_load_file (path, NULL, NULL, NULL, NULL, NULL,
                                                            &error);

      if (trace != NULL)
        checked += check_capture_states (trace, name, &differ);
    }
  for (int lose = 0; lose < 2; lose++)
    {
      g_autofree char *path = synack_test_write_loopback_capture (40, lose);
      g_autoptr(GError) error = NULL;
      g_autoptr(SynackTrace) trace = synack_pcap_load_file (path, NULL, NULL, NULL, NULL, NULL,
                                                            &error);

      g_assert_no_error (error);
      checked += check_capture_states (trace, path, &differ);
      synack_test_remove_capture (path);
    }
  g_assert_cmpuint (checked, >, 1000);
  g_assert_cmpuint (differ, >, 100);

  /* SYNs that crossed: each side sent its SYN from SYN-SENT and moved to
   * SYN-RECEIVED only on taking in the other's */
  {
    g_autofree char *path = synack_test_capture_path ("simultaneous.pcap");
    g_autoptr(GError) error = NULL;
    g_autoptr(SynackTrace) trace = synack_pcap_load_file (path, NULL, NULL, NULL, NULL, NULL,
                                                          &error);
    int second = synack_test_find_segment (trace, SYNACK_FLAG_SYN, 1);
    g_autofree char *json = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (second, >=, 0);
    json = synack_json_event_line (trace, second);
    g_assert_nonnull (strstr (json, "\"states\":{\"192.168.7.1:7000\":\"SYN_SENT\","
                                    "\"192.168.7.2:7001\":\"SYN_SENT\"}"));
    g_assert_nonnull (strstr (json, "\"arrive_states\":{\"192.168.7.1:7000\":\"SYN_RECEIVED\","
                                    "\"192.168.7.2:7001\":\"SYN_RECEIVED\"}"));
  }
}

/* One JSON string writer for every JSON the project prints: quotes,
 * backslashes, newlines and other control characters escaped, UTF-8 kept. */
static void
test_json_string (void)
{
  g_autoptr(GString) s = g_string_new (NULL);

  synack_json_append_string (s, "a \"b\" \\ c\nd\te 三次握手");
  g_assert_cmpstr (s->str, ==, "\"a \\\"b\\\" \\\\ c\\nd\\u0009e 三次握手\"");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/synack/export/json-string", test_json_string);
  g_test_add_func ("/synack/export/json-lines", test_json_lines);
  g_test_add_func ("/synack/export/json-incremental", test_json_incremental);
  g_test_add_func ("/synack/export/text-lines", test_text_lines);
  g_test_add_func ("/synack/export/text-states-as-json", test_text_states_as_json);
  g_test_add_func ("/synack/export/capture-states", test_capture_states);
  g_test_add_func ("/synack/export/pcap", test_pcap);
  g_test_add_func ("/synack/export/pcap-errors", test_pcap_errors);

  return g_test_run ();
}
