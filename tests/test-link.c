/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "synack-link.h"
#include "synack-wire.h"

#define MS G_GINT64_CONSTANT (1000000)

typedef struct
{
  guint          direction;
  SynackLinkFate fate;
  gint64         sent;
  gint64         arrive;
  guint32        seq;
  guint8         flags;
} Tapped;

typedef struct
{
  guint   direction;
  guint   tag;
  guint32 seq;
  gint64  at;
  guint8  first_byte;
} Delivered;

typedef struct
{
  SynackLink    *link;
  GArray        *tapped;
  GArray        *delivered;
  SynackAddress  a;
  SynackAddress  b;
  gint64         now;
} Fixture;

static guint
tap (SynackLink          *link,
     guint                direction,
     const SynackAddress *src,
     const SynackAddress *dst,
     const SynackSegment *seg,
     guint32              analysis,
     SynackLinkFate       fate,
     gint64               sent,
     gint64               arrive,
     gpointer             user_data)
{
  Fixture *f = user_data;
  Tapped t = { direction, fate, sent, arrive, seg->seq, seg->flags };

  g_array_append_val (f->tapped, t);
  return f->tapped->len - 1;   /* the tag: our index */
}

static void
deliver (SynackLink          *link,
         guint                direction,
         guint                tag,
         const SynackAddress *src,
         const SynackAddress *dst,
         const SynackSegment *seg,
         const guint8        *payload,
         gpointer             user_data)
{
  Fixture *f = user_data;
  Delivered d = { direction, tag, seg->seq, f->now, seg->payload_len ? payload[0] : 0 };

  g_assert_true (synack_address_equal (src, direction == 0 ? &f->a : &f->b));
  g_assert_true (synack_address_equal (dst, direction == 0 ? &f->b : &f->a));
  g_array_append_val (f->delivered, d);
}

static void
setup (Fixture *f, gconstpointer data)
{
  f->link = synack_link_new (GPOINTER_TO_UINT (data) + 42);
  f->tapped = g_array_new (FALSE, FALSE, sizeof (Tapped));
  f->delivered = g_array_new (FALSE, FALSE, sizeof (Delivered));
  synack_address_set_ipv4 (&f->a, 0x0A000001);
  synack_address_set_ipv4 (&f->b, 0x0A000002);
  synack_link_set_funcs (f->link, tap, deliver, f);
  f->now = 0;
}

static void
teardown (Fixture *f, gconstpointer data)
{
  synack_link_free (f->link);
  g_array_unref (f->tapped);
  g_array_unref (f->delivered);
}

static SynackLinkFate
send_seg (Fixture *f,
          guint    direction,
          guint32  seq,
          guint8   flags,
          guint    len)
{
  SynackSegment seg = { 0 };
  guint8 payload[1500];

  seg.sport = direction == 0 ? 1000 : 80;
  seg.dport = direction == 0 ? 80 : 1000;
  seg.seq = seq;
  seg.flags = flags;
  seg.payload_len = len;
  memset (payload, (guint8) seq, sizeof payload);
  return synack_link_send (f->link, direction, f->now, direction == 0 ? &f->a : &f->b,
                           direction == 0 ? &f->b : &f->a, &seg, payload, 0);
}

/* Deliver everything, moving now from arrival to arrival. */
static void
drain (Fixture *f)
{
  while (synack_link_next_arrival (f->link) != G_MAXINT64)
    {
      f->now = MAX (f->now, synack_link_next_arrival (f->link));
      g_assert_true (synack_link_deliver_one (f->link, f->now));
    }
}

static void
test_delay (Fixture *f, gconstpointer data)
{
  synack_link_set_delay (f->link, 50 * MS);
  g_assert_cmpint (synack_link_get_delay (f->link), ==, 50 * MS);
  f->now = 10 * MS;
  g_assert_cmpint (send_seg (f, 0, 1, SYNACK_FLAG_SYN, 0), ==, SYNACK_LINK_FATE_DELIVERED);
  f->now = 20 * MS;
  send_seg (f, 1, 2, SYNACK_FLAG_SYN | SYNACK_FLAG_ACK, 100);
  g_assert_cmpuint (synack_link_get_n_in_flight (f->link), ==, 2);
  g_assert_cmpint (synack_link_next_arrival (f->link), ==, 60 * MS);

  /* Nothing before its time. */
  g_assert_false (synack_link_deliver_one (f->link, 59 * MS));
  drain (f);
  g_assert_cmpuint (f->delivered->len, ==, 2);
  g_assert_cmpint (g_array_index (f->delivered, Delivered, 0).at, ==, 60 * MS);
  g_assert_cmpint (g_array_index (f->delivered, Delivered, 1).at, ==, 70 * MS);
  g_assert_cmpuint (g_array_index (f->delivered, Delivered, 1).direction, ==, 1);
  g_assert_cmpuint (g_array_index (f->delivered, Delivered, 1).first_byte, ==, 2);
  /* The tap saw both at send time, with their arrival, and tags came back. */
  g_assert_cmpuint (f->tapped->len, ==, 2);
  g_assert_cmpint (g_array_index (f->tapped, Tapped, 1).sent, ==, 20 * MS);
  g_assert_cmpint (g_array_index (f->tapped, Tapped, 1).arrive, ==, 70 * MS);
  g_assert_cmpuint (g_array_index (f->delivered, Delivered, 0).tag, ==, 0);
  g_assert_cmpuint (g_array_index (f->delivered, Delivered, 1).tag, ==, 1);
  g_assert_cmpuint (synack_link_get_n_sent (f->link, 0), ==, 1);
  g_assert_cmpuint (synack_link_get_n_sent (f->link, 1), ==, 1);
}

static void
test_bandwidth (Fixture *f, gconstpointer data)
{
  SynackSegment seg = { 0 };
  gint64 ser;

  synack_link_set_delay (f->link, 10 * MS);
  synack_link_set_bandwidth (f->link, 8000000);   /* 1 byte a microsecond */
  seg.payload_len = 1000;
  ser = (gint64) synack_wire_encoded_size (&f->a, &seg) * 1000;   /* ns */
  send_seg (f, 0, 1, SYNACK_FLAG_ACK, 1000);
  send_seg (f, 0, 2, SYNACK_FLAG_ACK, 1000);
  send_seg (f, 1, 3, SYNACK_FLAG_ACK, 1000);   /* the other direction has its own wire */
  g_assert_cmpint (g_array_index (f->tapped, Tapped, 0).arrive, ==, ser + 10 * MS);
  g_assert_cmpint (g_array_index (f->tapped, Tapped, 1).arrive, ==, 2 * ser + 10 * MS);
  g_assert_cmpint (g_array_index (f->tapped, Tapped, 2).arrive, ==, ser + 10 * MS);
}

static void
test_lose_ordinal_and_flag (Fixture *f, gconstpointer data)
{
  SynackLinkRule by_ordinal = { SYNACK_LINK_LOSE, SYNACK_LINK_MATCH_ORDINAL, 0, 3 };
  SynackLinkRule by_flag = { SYNACK_LINK_LOSE, SYNACK_LINK_MATCH_FLAG, 1, 2, SYNACK_FLAG_FIN };
  SynackLinkRule by_data = { SYNACK_LINK_LOSE, SYNACK_LINK_MATCH_FLAG, 0, 1, SYNACK_LINK_FLAG_DATA };

  synack_link_add_rule (f->link, &by_ordinal);
  synack_link_add_rule (f->link, &by_flag);
  synack_link_add_rule (f->link, &by_data);
  g_assert_cmpuint (synack_link_get_n_rules (f->link), ==, 3);

  g_assert_cmpint (send_seg (f, 0, 1, SYNACK_FLAG_SYN, 0), ==, SYNACK_LINK_FATE_DELIVERED);
  g_assert_cmpint (send_seg (f, 0, 2, SYNACK_FLAG_ACK, 0), ==, SYNACK_LINK_FATE_DELIVERED);
  g_assert_cmpint (send_seg (f, 0, 3, SYNACK_FLAG_ACK, 0), ==, SYNACK_LINK_FATE_LOST);  /* 3rd */
  g_assert_cmpint (send_seg (f, 0, 4, SYNACK_FLAG_ACK, 10), ==, SYNACK_LINK_FATE_LOST); /* 1st data */
  g_assert_cmpint (send_seg (f, 0, 5, SYNACK_FLAG_ACK, 10), ==, SYNACK_LINK_FATE_DELIVERED);
  /* FINs from side 1: the second is lost, not the first or third. */
  g_assert_cmpint (send_seg (f, 1, 6, SYNACK_FLAG_FIN, 0), ==, SYNACK_LINK_FATE_DELIVERED);
  g_assert_cmpint (send_seg (f, 1, 7, SYNACK_FLAG_ACK, 0), ==, SYNACK_LINK_FATE_DELIVERED);
  g_assert_cmpint (send_seg (f, 1, 8, SYNACK_FLAG_FIN | SYNACK_FLAG_ACK, 0), ==, SYNACK_LINK_FATE_LOST);
  g_assert_cmpint (send_seg (f, 1, 9, SYNACK_FLAG_FIN, 0), ==, SYNACK_LINK_FATE_DELIVERED);

  /* Lost frames are tapped (arrival none) and never delivered. */
  g_assert_cmpint (g_array_index (f->tapped, Tapped, 2).fate, ==, SYNACK_LINK_FATE_LOST);
  g_assert_cmpint (g_array_index (f->tapped, Tapped, 2).arrive, ==, G_MININT64);
  drain (f);
  g_assert_cmpuint (f->delivered->len, ==, 6);
  for (guint i = 0; i < f->delivered->len; i++)
    {
      guint32 seq = g_array_index (f->delivered, Delivered, i).seq;

      g_assert_true (seq != 3 && seq != 4 && seq != 8);
    }
}

static void
test_lose_from (Fixture *f, gconstpointer data)
{
  SynackLinkRule rule = { SYNACK_LINK_LOSE, SYNACK_LINK_MATCH_FROM, 1, 0, 0, 100 * MS };

  synack_link_add_rule (f->link, &rule);
  f->now = 99 * MS;
  g_assert_cmpint (send_seg (f, 1, 1, SYNACK_FLAG_ACK, 0), ==, SYNACK_LINK_FATE_DELIVERED);
  g_assert_cmpint (send_seg (f, 0, 2, SYNACK_FLAG_ACK, 0), ==, SYNACK_LINK_FATE_DELIVERED);
  f->now = 100 * MS;
  g_assert_cmpint (send_seg (f, 1, 3, SYNACK_FLAG_ACK, 0), ==, SYNACK_LINK_FATE_LOST);
  g_assert_cmpint (send_seg (f, 0, 4, SYNACK_FLAG_ACK, 0), ==, SYNACK_LINK_FATE_DELIVERED);
  f->now = 5000 * MS;
  g_assert_cmpint (send_seg (f, 1, 5, SYNACK_FLAG_ACK, 0), ==, SYNACK_LINK_FATE_LOST);
}

static guint
count_lost_at_rate (guint64 seed,
                    double  rate,
                    GArray *pattern)
{
  SynackLink *link = synack_link_new (seed);
  SynackLinkRule rule = { SYNACK_LINK_LOSE, SYNACK_LINK_MATCH_RATE, 0 };
  SynackAddress a, b;
  SynackSegment seg = { 0 };
  guint lost = 0;

  rule.rate = rate;
  synack_address_set_ipv4 (&a, 1);
  synack_address_set_ipv4 (&b, 2);
  synack_link_add_rule (link, &rule);
  for (guint i = 0; i < 10000; i++)
    {
      gboolean l = synack_link_send (link, 0, i, &a, &b, &seg, NULL, 0) == SYNACK_LINK_FATE_LOST;

      lost += l;
      if (pattern != NULL)
        g_array_append_val (pattern, l);
      while (synack_link_deliver_one (link, G_MAXINT64 - 1))
        ;
    }
  synack_link_free (link);
  return lost;
}

static void
test_lose_rate (void)
{
  g_autoptr(GArray) p1 = g_array_new (FALSE, FALSE, sizeof (gboolean));
  g_autoptr(GArray) p2 = g_array_new (FALSE, FALSE, sizeof (gboolean));
  g_autoptr(GArray) p3 = g_array_new (FALSE, FALSE, sizeof (gboolean));
  guint n1 = count_lost_at_rate (7, 0.2, p1);
  guint n2 = count_lost_at_rate (7, 0.2, p2);
  guint n3 = count_lost_at_rate (8, 0.2, p3);

  /* Same seed, same losses, frame by frame; another seed, other losses. */
  g_assert_cmpuint (n1, ==, n2);
  g_assert_cmpmem (p1->data, p1->len * sizeof (gboolean), p2->data, p2->len * sizeof (gboolean));
  g_assert_true (memcmp (p1->data, p3->data, p1->len * sizeof (gboolean)) != 0);
  g_assert_cmpuint (n3, >, 1700);
  g_assert_cmpuint (n3, <, 2300);
  /* About a fifth of 10000 (deterministic for these seeds). */
  g_assert_cmpuint (n1, >, 1700);
  g_assert_cmpuint (n1, <, 2300);
  g_assert_cmpuint (count_lost_at_rate (7, 0.0, NULL), ==, 0);
  g_assert_cmpuint (count_lost_at_rate (7, 1.0, NULL), ==, 10000);
}

static void
test_duplicate (Fixture *f, gconstpointer data)
{
  SynackLinkRule rule = { SYNACK_LINK_DUPLICATE, SYNACK_LINK_MATCH_ORDINAL, 0, 2 };

  synack_link_set_delay (f->link, 10 * MS);
  synack_link_add_rule (f->link, &rule);
  send_seg (f, 0, 1, SYNACK_FLAG_ACK, 0);
  g_assert_cmpint (send_seg (f, 0, 2, SYNACK_FLAG_ACK, 5), ==, SYNACK_LINK_FATE_DELIVERED);
  send_seg (f, 0, 3, SYNACK_FLAG_ACK, 0);

  /* Tapped: 1, 2, 2 (the copy, after the original), 3. */
  g_assert_cmpuint (f->tapped->len, ==, 4);
  g_assert_cmpint (g_array_index (f->tapped, Tapped, 1).fate, ==, SYNACK_LINK_FATE_DELIVERED);
  g_assert_cmpint (g_array_index (f->tapped, Tapped, 2).fate, ==, SYNACK_LINK_FATE_DUPLICATED);
  g_assert_cmpuint (g_array_index (f->tapped, Tapped, 2).seq, ==, 2);
  g_assert_cmpint (g_array_index (f->tapped, Tapped, 2).arrive, >,
                   g_array_index (f->tapped, Tapped, 1).arrive);
  drain (f);
  g_assert_cmpuint (f->delivered->len, ==, 4);
  g_assert_cmpuint (g_array_index (f->delivered, Delivered, 0).seq, ==, 1);
  g_assert_cmpuint (g_array_index (f->delivered, Delivered, 1).seq, ==, 2);
  g_assert_cmpuint (g_array_index (f->delivered, Delivered, 2).seq, ==, 3);
  g_assert_cmpuint (g_array_index (f->delivered, Delivered, 3).seq, ==, 2);
  g_assert_cmpuint (g_array_index (f->delivered, Delivered, 3).first_byte, ==, 2);
  g_assert_cmpuint (g_array_index (f->delivered, Delivered, 3).tag, ==, 2);
}

static void
test_reorder_and_delay (Fixture *f, gconstpointer data)
{
  SynackLinkRule reorder = { SYNACK_LINK_REORDER, SYNACK_LINK_MATCH_ORDINAL, 0, 1 };
  SynackLinkRule delay = { SYNACK_LINK_DELAY, SYNACK_LINK_MATCH_ORDINAL, 1, 1 };

  delay.extra_delay = 500 * MS;
  synack_link_set_delay (f->link, 20 * MS);
  synack_link_add_rule (f->link, &reorder);
  synack_link_add_rule (f->link, &delay);
  for (guint i = 1; i <= 3; i++)
    {
      send_seg (f, 0, i, SYNACK_FLAG_ACK, 10);
      f->now += 5 * MS;
    }
  send_seg (f, 1, 100, SYNACK_FLAG_ACK, 0);
  send_seg (f, 1, 101, SYNACK_FLAG_ACK, 0);
  drain (f);
  /* Frame 1 is overtaken by 2 and 3; side 1's first frame arrives 500 ms late. */
  g_assert_cmpuint (f->delivered->len, ==, 5);
  g_assert_cmpuint (g_array_index (f->delivered, Delivered, 0).seq, ==, 2);
  g_assert_cmpuint (g_array_index (f->delivered, Delivered, 1).seq, ==, 3);
  g_assert_cmpuint (g_array_index (f->delivered, Delivered, 2).seq, ==, 101);
  g_assert_cmpuint (g_array_index (f->delivered, Delivered, 3).seq, ==, 1);
  g_assert_cmpuint (g_array_index (f->delivered, Delivered, 4).seq, ==, 100);
  g_assert_cmpint (g_array_index (f->delivered, Delivered, 4).at, ==, 15 * MS + 520 * MS);
  g_assert_cmpint (g_array_index (f->delivered, Delivered, 3).at, ==, 40 * MS);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add ("/synack/link/" path, Fixture, NULL, setup, func, teardown)
  ADD ("delay", test_delay);
  ADD ("bandwidth", test_bandwidth);
  ADD ("lose-ordinal-and-flag", test_lose_ordinal_and_flag);
  ADD ("lose-from", test_lose_from);
  ADD ("duplicate", test_duplicate);
  ADD ("reorder-and-delay", test_reorder_and_delay);
  g_test_add_func ("/synack/link/lose-rate", test_lose_rate);
  return g_test_run ();
}
