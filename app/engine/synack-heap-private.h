/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A binary min-heap of (time, serial) keys with a pointer each: the engine's
 * timer queue and the link's frames in flight. The serial breaks ties in
 * insertion order, so equal times always come out the same way. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  gint64   time;
  guint64  serial;
  gpointer data;
} SynackHeapEntry;

typedef struct
{
  SynackHeapEntry *entries;
  gsize            len;
  gsize            alloc;
  guint64          next_serial;
} SynackHeap;

static inline gboolean
_synack_heap_less (const SynackHeapEntry *a,
                   const SynackHeapEntry *b)
{
  return a->time < b->time || (a->time == b->time && a->serial < b->serial);
}

static inline void
_synack_heap_push_serial (SynackHeap *heap,
                          gint64      time,
                          guint64     serial,
                          gpointer    data)
{
  gsize i;

  if (heap->len == heap->alloc)
    {
      heap->alloc = MAX (64, heap->alloc * 2);
      heap->entries = g_renew (SynackHeapEntry, heap->entries, heap->alloc);
    }
  i = heap->len++;
  heap->entries[i] = (SynackHeapEntry) { time, serial, data };
  while (i > 0)
    {
      gsize parent = (i - 1) / 2;
      SynackHeapEntry tmp;

      if (!_synack_heap_less (&heap->entries[i], &heap->entries[parent]))
        break;
      tmp = heap->entries[i];
      heap->entries[i] = heap->entries[parent];
      heap->entries[parent] = tmp;
      i = parent;
    }
}

static inline void
_synack_heap_push (SynackHeap *heap,
                   gint64      time,
                   gpointer    data)
{
  _synack_heap_push_serial (heap, time, heap->next_serial++, data);
}

static inline const SynackHeapEntry *
_synack_heap_peek (const SynackHeap *heap)
{
  return heap->len > 0 ? &heap->entries[0] : NULL;
}

static inline gint64
_synack_heap_peek_time (const SynackHeap *heap)
{
  return heap->len > 0 ? heap->entries[0].time : G_MAXINT64;
}

static inline SynackHeapEntry
_synack_heap_pop (SynackHeap *heap)
{
  SynackHeapEntry top = heap->entries[0];
  gsize i = 0;

  heap->entries[0] = heap->entries[--heap->len];
  for (;;)
    {
      gsize l = 2 * i + 1, r = l + 1, m = i;
      SynackHeapEntry tmp;

      if (l < heap->len && _synack_heap_less (&heap->entries[l], &heap->entries[m]))
        m = l;
      if (r < heap->len && _synack_heap_less (&heap->entries[r], &heap->entries[m]))
        m = r;
      if (m == i)
        break;
      tmp = heap->entries[i];
      heap->entries[i] = heap->entries[m];
      heap->entries[m] = tmp;
      i = m;
    }
  return top;
}

static inline void
_synack_heap_clear (SynackHeap *heap)
{
  g_clear_pointer (&heap->entries, g_free);
  heap->len = heap->alloc = 0;
}

G_END_DECLS
