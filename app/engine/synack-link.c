/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "synack-heap-private.h"
#include "synack-link.h"
#include "synack-wire.h"

typedef struct
{
  gint64         arrive;
  guint64        serial;
  guint          direction;
  guint          tag;
  guint32        capacity;   /* payload bytes the frame can hold */
  SynackAddress  src;
  SynackAddress  dst;
  SynackSegment  seg;
  guint8         payload[];
} Frame;

typedef struct
{
  SynackLinkRule rule;
  guint          matched;   /* FLAG: frames seen with the flags so far */
} Rule;

/* Frames up to a full-sized segment are recycled rather than freed: a busy
 * link allocates once instead of once a segment. */
#define POOL_PAYLOAD 1600u
#define POOL_MAX     4096u

/* Frames in arrival order: with a constant delay most frames arrive in
 * the order they were sent, and a ring buffer per direction takes them in
 * O(1); the rest (extra delay, reordering, copies) go to the heap. */
typedef struct
{
  SynackHeapEntry *items;   /* arrival, serial and frame: no frame is read to peek */
  gsize            head;
  gsize            len;
  gsize            alloc;
  gint64           tail_arrive;
} Fifo;

struct _SynackLink
{
  GRand                 *rand;
  gint64                 delay;
  guint64                bandwidth;
  gint64                 tx_free[2];
  guint64                n_sent[2];
  GArray                *rules;    /* Rule */
  SynackHeap             flight;
  Fifo                   fifo[2];
  guint64                serial;
  GPtrArray             *pool;     /* spare frames of POOL_PAYLOAD bytes */
  gboolean               down[2];  /* frames sent this way reach nobody */
  SynackLinkTapFunc      tap;
  SynackLinkDeliverFunc  deliver;
  gpointer               user_data;
};

SynackLink *
synack_link_new (guint64 seed)
{
  SynackLink *self = g_new0 (SynackLink, 1);
  guint32 words[2] = { (guint32) seed, (guint32) (seed >> 32) };

  self->rand = g_rand_new_with_seed_array (words, 2);
  self->delay = 10 * G_GINT64_CONSTANT (1000000);
  self->rules = g_array_new (FALSE, TRUE, sizeof (Rule));
  self->pool = g_ptr_array_new_with_free_func (g_free);
  return self;
}

static void
fifo_push (Fifo  *fifo,
           Frame *frame)
{
  if (fifo->len == fifo->alloc)
    {
      gsize alloc = MAX (64, fifo->alloc * 2);
      SynackHeapEntry *items = g_new (SynackHeapEntry, alloc);

      for (gsize i = 0; i < fifo->len; i++)
        items[i] = fifo->items[(fifo->head + i) % fifo->alloc];
      g_free (fifo->items);
      fifo->items = items;
      fifo->alloc = alloc;
      fifo->head = 0;
    }
  fifo->items[(fifo->head + fifo->len) % fifo->alloc] =
    (SynackHeapEntry) { frame->arrive, frame->serial, frame };
  fifo->len++;
  fifo->tail_arrive = frame->arrive;
}

static inline const SynackHeapEntry *
fifo_peek (Fifo *fifo)
{
  return fifo->len > 0 ? &fifo->items[fifo->head] : NULL;
}

static Frame *
fifo_pop (Fifo *fifo)
{
  Frame *frame = fifo->items[fifo->head].data;

  fifo->head = (fifo->head + 1) % fifo->alloc;
  fifo->len--;
  return frame;
}

void
synack_link_free (SynackLink *self)
{
  if (self == NULL)
    return;
  while (self->flight.len > 0)
    g_free (_synack_heap_pop (&self->flight).data);
  for (guint d = 0; d < 2; d++)
    {
      while (self->fifo[d].len > 0)
        g_free (fifo_pop (&self->fifo[d]));
      g_free (self->fifo[d].items);
    }
  _synack_heap_clear (&self->flight);
  g_array_unref (self->rules);
  g_ptr_array_unref (self->pool);
  g_rand_free (self->rand);
  g_free (self);
}

void
synack_link_set_down (SynackLink *self,
                      guint       direction,
                      gboolean    down)
{
  g_return_if_fail (self != NULL && direction < 2);
  self->down[direction] = !!down;
}

void
synack_link_set_funcs (SynackLink            *self,
                       SynackLinkTapFunc      tap,
                       SynackLinkDeliverFunc  deliver,
                       gpointer               user_data)
{
  self->tap = tap;
  self->deliver = deliver;
  self->user_data = user_data;
}

void
synack_link_set_delay (SynackLink *self,
                       gint64      delay)
{
  g_return_if_fail (delay >= 0);
  self->delay = delay;
}

gint64
synack_link_get_delay (SynackLink *self)
{
  return self->delay;
}

void
synack_link_set_bandwidth (SynackLink *self,
                           guint64     bits_per_second)
{
  self->bandwidth = bits_per_second;
}

void
synack_link_add_rule (SynackLink           *self,
                      const SynackLinkRule *rule)
{
  Rule r = { *rule, 0 };

  g_return_if_fail (rule->direction < 2);
  g_array_append_val (self->rules, r);
}

guint
synack_link_get_n_rules (SynackLink *self)
{
  return self->rules->len;
}

static void
enqueue (SynackLink          *self,
         guint                direction,
         guint                tag,
         gint64               arrive,
         const SynackAddress *src,
         const SynackAddress *dst,
         const SynackSegment *seg,
         const guint8        *payload)
{
  Frame *frame;

  if (seg->payload_len > 0 && seg->payload_len <= POOL_PAYLOAD && self->pool->len > 0)
    frame = g_ptr_array_steal_index_fast (self->pool, self->pool->len - 1);
  else
    {
      guint32 capacity = seg->payload_len > 0 && seg->payload_len <= POOL_PAYLOAD
                         ? POOL_PAYLOAD : seg->payload_len;

      frame = g_malloc (sizeof (Frame) + capacity);
      frame->capacity = capacity;
    }

  frame->arrive = arrive;
  frame->serial = self->serial++;
  frame->direction = direction;
  frame->tag = tag;
  frame->src = *src;
  frame->dst = *dst;
  frame->seg = *seg;
  if (seg->payload_len > 0)
    {
      if (payload != NULL)
        memcpy (frame->payload, payload, seg->payload_len);
      else
        memset (frame->payload, 0, seg->payload_len);
    }
  if (self->fifo[direction].len == 0 || arrive >= self->fifo[direction].tail_arrive)
    fifo_push (&self->fifo[direction], frame);
  else
    _synack_heap_push_serial (&self->flight, arrive, frame->serial, frame);
}

static gboolean
rule_matches (SynackLink          *self,
              Rule                *r,
              guint                direction,
              guint64              ordinal,
              gint64               now,
              const SynackSegment *seg)
{
  if (r->rule.direction != direction)
    return FALSE;

  switch (r->rule.match)
    {
    case SYNACK_LINK_MATCH_ORDINAL:
      return ordinal == r->rule.ordinal;

    case SYNACK_LINK_MATCH_FLAG:
      {
        gboolean has;

        if (r->rule.flags & SYNACK_LINK_FLAG_DATA)
          has = seg->payload_len > 0;
        else
          has = (seg->flags & r->rule.flags) == r->rule.flags;
        if (!has)
          return FALSE;
        r->matched++;
        return r->matched == r->rule.ordinal;
      }

    case SYNACK_LINK_MATCH_FROM:
      return now >= r->rule.from;

    case SYNACK_LINK_MATCH_RATE:
      /* Always draw, matched or not, so one rule never shifts another's luck. */
      return g_rand_double (self->rand) < r->rule.rate;

    default:
      g_assert_not_reached ();
    }
}

SynackLinkFate
synack_link_send (SynackLink          *self,
                  guint                direction,
                  gint64               now,
                  const SynackAddress *src,
                  const SynackAddress *dst,
                  const SynackSegment *seg,
                  const guint8        *payload,
                  guint32              analysis)
{
  guint64 ordinal;
  gint64 start, arrive, extra = 0;
  gboolean lost = FALSE, duplicate = FALSE, reorder = FALSE;
  guint tag = G_MAXUINT;

  g_return_val_if_fail (direction < 2, SYNACK_LINK_FATE_LOST);

  ordinal = ++self->n_sent[direction];

  for (guint i = 0; i < self->rules->len; i++)
    {
      Rule *r = &g_array_index (self->rules, Rule, i);

      if (!rule_matches (self, r, direction, ordinal, now, seg))
        continue;
      switch (r->rule.action)
        {
        case SYNACK_LINK_LOSE:
          lost = TRUE;
          break;
        case SYNACK_LINK_DELAY:
          extra += r->rule.extra_delay;
          break;
        case SYNACK_LINK_DUPLICATE:
          duplicate = TRUE;
          break;
        case SYNACK_LINK_REORDER:
          reorder = TRUE;
          break;
        default:
          g_assert_not_reached ();
        }
    }

  /* A host that is down is not the link losing the frame: said apart. */
  if (self->down[direction])
    {
      if (self->tap != NULL)
        self->tap (self, direction, src, dst, seg, analysis, SYNACK_LINK_FATE_HOST_DOWN,
                   now, G_MININT64, self->user_data);
      return SYNACK_LINK_FATE_HOST_DOWN;
    }

  start = MAX (now, self->tx_free[direction]);
  if (self->bandwidth > 0)
    {
      guint64 bits = (guint64) synack_wire_encoded_size (src, seg) * 8;

      start += (gint64) (bits * G_GUINT64_CONSTANT (1000000000) / self->bandwidth);
      self->tx_free[direction] = start;
    }
  arrive = start + self->delay + extra;
  if (reorder)
    arrive += MAX (self->delay, G_GINT64_CONSTANT (1000000));

  if (lost)
    {
      if (self->tap != NULL)
        self->tap (self, direction, src, dst, seg, analysis, SYNACK_LINK_FATE_LOST,
                   now, G_MININT64, self->user_data);
      return SYNACK_LINK_FATE_LOST;
    }

  if (self->tap != NULL)
    tag = self->tap (self, direction, src, dst, seg, analysis, SYNACK_LINK_FATE_DELIVERED,
                     now, arrive, self->user_data);
  enqueue (self, direction, tag, arrive, src, dst, seg, payload);

  if (duplicate)
    {
      gint64 copy_arrive = arrive + MAX (self->delay / 10, G_GINT64_CONSTANT (1000));

      tag = G_MAXUINT;
      if (self->tap != NULL)
        tag = self->tap (self, direction, src, dst, seg, analysis, SYNACK_LINK_FATE_DUPLICATED,
                         now, copy_arrive, self->user_data);
      enqueue (self, direction, tag, copy_arrive, src, dst, seg, payload);
    }
  return SYNACK_LINK_FATE_DELIVERED;
}

/* Where the next frame to arrive is: 0 or 1 for a FIFO, 2 for the heap,
 * -1 for nowhere. Ties go to the frame sent first. */
static int
next_source (SynackLink *self)
{
  const SynackHeapEntry *top = _synack_heap_peek (&self->flight);
  gint64 best_time = top ? top->time : G_MAXINT64;
  guint64 best_serial = top ? top->serial : G_MAXUINT64;
  int best = top ? 2 : -1;

  for (int d = 0; d < 2; d++)
    {
      const SynackHeapEntry *f = fifo_peek (&self->fifo[d]);

      if (f != NULL && (f->time < best_time ||
                        (f->time == best_time && f->serial < best_serial)))
        {
          best = d;
          best_time = f->time;
          best_serial = f->serial;
        }
    }
  return best;
}

gint64
synack_link_next_arrival (SynackLink *self)
{
  gint64 t = _synack_heap_peek_time (&self->flight);

  for (int d = 0; d < 2; d++)
    if (self->fifo[d].len > 0)
      t = MIN (t, fifo_peek (&self->fifo[d])->time);
  return t;
}

gboolean
synack_link_deliver_one (SynackLink *self,
                         gint64      now)
{
  int source = next_source (self);
  Frame *frame;

  if (source < 0)
    return FALSE;
  if (source == 2)
    {
      if (_synack_heap_peek_time (&self->flight) > now)
        return FALSE;
      frame = _synack_heap_pop (&self->flight).data;
    }
  else
    {
      const SynackHeapEntry *head = fifo_peek (&self->fifo[source]);

      if (head == NULL || head->time > now)
        return FALSE;
      frame = fifo_pop (&self->fifo[source]);
    }
  if (self->deliver != NULL)
    self->deliver (self, frame->direction, frame->tag, &frame->src, &frame->dst, &frame->seg,
                   frame->payload, self->user_data);
  if (frame->capacity == POOL_PAYLOAD && self->pool->len < POOL_MAX)
    g_ptr_array_add (self->pool, frame);
  else
    g_free (frame);
  return TRUE;
}

guint
synack_link_get_n_in_flight (SynackLink *self)
{
  return self->flight.len + self->fifo[0].len + self->fifo[1].len;
}

guint64
synack_link_get_n_sent (SynackLink *self,
                        guint       direction)
{
  g_return_val_if_fail (direction < 2, 0);
  return self->n_sent[direction];
}
